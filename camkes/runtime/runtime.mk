# The CAmkES component runtime (camkes/runtime/): start-up, barriers, RPC, marshalling,
# semaphores, logging.  Included by the top-level Makefile after libsel4/libsel4.mk and
# after the user-program / kernel-image macros (needs CC, CROSS, BUILD, Q, USER_CFLAGS,
# USER_LIBS, LIBSEL4_HEADERS, LIBSEL4_COMMON_OBJ, the `deps` target).
#
# A component (its sources plus its generated camkes_glue.c) is built as
#   $(CC) $(COMPONENT_CFLAGS) <extra> -o comp.elf <sources> $(COMPONENT_LDFLAGS) $(COMPONENT_LIBS)
# and must be rebuilt when anything in $(CAMKES_RUNTIME_DEPS) changes.  Heap size:
# -Wl,--defsym=__heap_size=N (default 64 KiB, component.ld).
#
#   make camkes-runtime-check   build the runtime and link the hand-written two-thread test
#                               component (camkes/runtime/tests/), checking its ELF headers
#
# Lazy (=) wherever the compiler is asked something, as in libsel4.mk.

CAMKES_RT_BUILD := $(BUILD)/camkes-runtime
CAMKES_RUNTIME_LDS := camkes/runtime/component.ld
CAMKES_RUNTIME_HEADERS := $(wildcard camkes/runtime/include/camkes/*.h camkes/include/camkes/*.h) \
    camkes/runtime/internal.h
CAMKES_RUNTIME_SRCS := crt0.S start.c lock.c rpc.c rpc_wire.c marshal.c sem.c log.c
CAMKES_RUNTIME_OBJS := $(addprefix $(CAMKES_RT_BUILD)/,$(addsuffix .o,$(basename $(CAMKES_RUNTIME_SRCS))))

COMPONENT_CFLAGS := $(USER_CFLAGS) -Icamkes/runtime/include -Icamkes/include
# crt0.o first: _camkes_start sits at the entry address.  libsel4's common.o supplies
# __sel4_ipc_buffer, the TLS helpers and stdio.
COMPONENT_LDFLAGS := -nostdlib -static -Wl,--no-relax -Wl,--gc-sections -Wl,-z,max-page-size=4096 \
    -Wl,-T,$(CAMKES_RUNTIME_LDS) $(CAMKES_RUNTIME_OBJS) $(LIBSEL4_COMMON_OBJ)
COMPONENT_LIBS = $(USER_LIBS)
CAMKES_RUNTIME_DEPS := $(CAMKES_RUNTIME_HEADERS) $(LIBSEL4_HEADERS) $(CAMKES_RUNTIME_LDS) \
    $(CAMKES_RUNTIME_OBJS) $(LIBSEL4_COMMON_OBJ) camkes/runtime/runtime.mk

$(CAMKES_RT_BUILD)/%.o: camkes/runtime/%.S $(CAMKES_RUNTIME_HEADERS) $(LIBSEL4_HEADERS) camkes/runtime/runtime.mk | deps
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(COMPONENT_CFLAGS) -c $< -o $@

$(CAMKES_RT_BUILD)/%.o: camkes/runtime/%.c $(CAMKES_RUNTIME_HEADERS) $(LIBSEL4_HEADERS) camkes/runtime/runtime.mk | deps
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(COMPONENT_CFLAGS) -c $< -o $@

# ---------------------------------------------------------------- self-check
# A control thread plus one interface thread with a hand-written thread table (there is
# no generator yet).  Checks that it links with component.ld, that the entry point is
# _camkes_start at the link address, and that the program headers are two page-aligned
# PT_LOAD segments (R-X, RW-) and a PT_TLS.
CAMKES_RT_TEST_ELF := $(CAMKES_RT_BUILD)/test_component.elf

$(CAMKES_RT_TEST_ELF): camkes/runtime/tests/test_component.c $(CAMKES_RUNTIME_DEPS) | deps
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(COMPONENT_CFLAGS) -o $@ $< $(COMPONENT_LDFLAGS) $(COMPONENT_LIBS)

.PHONY: camkes-runtime-check
camkes-runtime-check: $(CAMKES_RT_TEST_ELF)
	$(Q)camkes/runtime/tests/check_elf.sh $(CROSS)readelf $<

# ---------------------------------------------------------------- boot test
ifeq ($(value kernel-image),)
$(error camkes/runtime/runtime.mk must be included after the user-program and kernel-image macros)
endif

# The test component booted under QEMU by a throwaway loader root server
# (camkes/runtime/tests/test_loader.c) until the real root server exists.  Needs the
# user-program and kernel-image macros of the top-level Makefile.  The component prints
# "camkes-runtime: N passed, M failed" and powers QEMU off with status 0 or 1.
$(eval $(call user-program,camkes-rt-boot,camkes/runtime/tests/test_loader.c camkes/runtime/tests/embed.S,-Icamkes/runtime/tests -DTC_ELF='"$(abspath $(CAMKES_RT_TEST_ELF))"'))
$(eval $(call kernel-image,camkes-rt-boot))
$(BUILD)/user/camkes-rt-boot.elf: $(CAMKES_RT_TEST_ELF) camkes/runtime/tests/test_component.h

.PHONY: camkes-runtime-boot
camkes-runtime-boot: $(BUILD)/images/camkes-rt-boot.elf
	$(Q)tools/qemu-run.sh --timeout 60 --mem 512M $<
