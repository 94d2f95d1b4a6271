# In-QEMU kernel conformance suite: a root server that runs every test in tests/kernel/
# against the kernel and powers QEMU off with status 0 (all passed) or 1.
# Included by the top-level Makefile (after libsel4.mk and the user-program /
# kernel-image macros).
#
#   make test-kernel      build the image and run it under QEMU (3 GiB, room for a 1 GiB
#                         page; 240 s limit: the run takes about 100 s, most of it the
#                         fuzzer of t19_stress.c with the kernel's invariant checks on)

KERNEL_TESTS_SRCS := $(wildcard tests/kernel/*.c)
KERNEL_TESTS_HDRS := $(wildcard tests/kernel/*.h)

$(eval $(call user-program,kernel-tests,$(KERNEL_TESTS_SRCS),-Itests/kernel))
$(eval $(call kernel-image,kernel-tests))

# The sources are prerequisites through the macro; the headers are not.
$(BUILD)/user/kernel-tests.elf: $(KERNEL_TESTS_HDRS) tests/kernel/kernel-tests.mk

test-kernel: $(BUILD)/images/kernel-tests.elf
	$(Q)tools/qemu-run.sh --timeout 240 --mem 3G $<
