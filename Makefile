# Cantrip-C top-level build.  Out-of-tree: everything lands in build/<platform>/.
#
#   make run                      boot the default root server in QEMU
#   make test                     host unit tests + in-QEMU suites; last line "N passed, N failed"
#   make rootserver SRC=file.c    boot the kernel with your own root server
#
PLATFORM ?= qemu-riscv64-virt
include platforms/$(PLATFORM)/platform.mk

BUILD   := build/$(PLATFORM)
CC      := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy
HOSTCC  ?= cc
V ?= 0
comma := ,
Q := $(if $(filter 1,$(V)),,@)

.DEFAULT_GOAL := all
.PHONY: all deps kernel run test test-host test-kernel rootserver clean check-format

# Missing Debian packages are installed on demand; with everything present this is a no-op.
deps:
	$(Q)tools/install-deps.sh $(DEBIAN_PACKAGES)

COMMON_WARN := -std=gnu11 -Wall -Wextra -Werror

# ---------------------------------------------------------------- kernel
KERNEL_CFLAGS = $(COMMON_WARN) $(KERNEL_ARCH_FLAGS) -O2 -g -ffreestanding -fno-builtin \
    -fno-stack-protector -fno-pic -fno-common -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
    -Ikernel/include -Ikernel/include/arch/$(ARCH) -Ilibsel4/include \
    -DKERNEL_PHYS_BASE=$(KERNEL_PHYS_BASE) -DKERNEL_VIRT_BASE=$(KERNEL_VIRT_BASE) -MMD -MP
KERNEL_SRCS := $(wildcard kernel/src/*/*.c) $(wildcard kernel/arch/$(ARCH)/*.c) \
               $(wildcard kernel/arch/$(ARCH)/*.S)
KERNEL_OBJS := $(patsubst %,$(BUILD)/%.o,$(KERNEL_SRCS))
KERNEL_LDS  := kernel/arch/$(ARCH)/kernel.ld

$(BUILD)/kernel/%.c.o: kernel/%.c | deps
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@
$(BUILD)/kernel/%.S.o: kernel/%.S | deps
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KERNEL_CFLAGS) -D__ASSEMBLER__ -c $< -o $@

$(BUILD)/kernel.a: $(KERNEL_OBJS)
	$(Q)rm -f $@ && $(CROSS)ar rcs $@ $^

kernel: $(BUILD)/kernel.a

# ---------------------------------------------------------------- user space
include libsel4/libsel4.mk

# $(call user-program,NAME,SOURCES,EXTRA_FLAGS): builds $(BUILD)/user/NAME.elf
define user-program
$(BUILD)/user/$(1).elf: $(2) $(LIBSEL4_DEPS) | deps
	@mkdir -p $$(dir $$@)
	$(Q)$(CC) $$(USER_CFLAGS) $(3) -o $$@ $(2) $$(USER_LDFLAGS) $$(USER_LIBS)
endef

# $(call kernel-image,NAME): kernel with user/NAME.elf embedded as its root server
define kernel-image
$(BUILD)/images/$(1).elf: $(BUILD)/kernel.a $(BUILD)/user/$(1).elf $(KERNEL_LDS) kernel/arch/$(ARCH)/rootserver_image.S.in
	@mkdir -p $$(dir $$@)
	$(Q)sed 's|@ROOTSERVER@|$(abspath $(BUILD)/user/$(1).elf)|' kernel/arch/$(ARCH)/rootserver_image.S.in > $$(@:.elf=.rs.S)
	$(Q)$(CC) $$(KERNEL_CFLAGS) -D__ASSEMBLER__ -c $$(@:.elf=.rs.S) -o $$(@:.elf=.rs.o)
	$(Q)$(CC) $(KERNEL_ARCH_FLAGS) -nostdlib -static -Wl,--no-relax -Wl,-T,$(KERNEL_LDS) -Wl,--gc-sections \
	    -o $$@ -Wl,--whole-archive $(BUILD)/kernel.a -Wl,--no-whole-archive $$(@:.elf=.rs.o)
endef

# Root servers that ship with the tree.
$(eval $(call user-program,hello,examples/hello/hello.c,))
$(eval $(call kernel-image,hello))
-include tests/kernel/kernel-tests.mk

all: $(BUILD)/images/hello.elf

run: $(BUILD)/images/hello.elf
	$(Q)tools/qemu-run.sh --interactive --mem $(QEMU_MEM) $<

# User-supplied root server: make rootserver SRC=path/to/file.c
ifneq ($(SRC),)
$(eval $(call user-program,custom,$(SRC),$(SRC_CFLAGS)))
$(eval $(call kernel-image,custom))
rootserver: $(BUILD)/images/custom.elf
	$(Q)tools/qemu-run.sh --interactive --mem $(QEMU_MEM) $<
else
rootserver:
	@echo "usage: make rootserver SRC=path/to/rootserver.c" >&2; exit 2
endif

# ---------------------------------------------------------------- tests
include tests/host/host.mk
include camkes/camkes.mk

test: deps
	$(Q)tools/run-tests.sh $(MAKE) $(BUILD)

clean:
	rm -rf build

check-format:
	$(Q)clang-format --dry-run --Werror $$(git ls-files '*.c' '*.h')

-include $(KERNEL_OBJS:.o=.d)

# Boot check at one RAM size: make test-boot BOOT_MEM=32M
BOOT_MEM ?= 512M
$(eval $(call user-program,bootcheck,tests/boot/bootcheck.c kernel/src/lib/fdt.c kernel/src/lib/string.c,-idirafter kernel/include))
$(eval $(call kernel-image,bootcheck))
test-boot: $(BUILD)/images/bootcheck.elf
	$(Q)tools/qemu-run.sh --timeout 60 --mem $(BOOT_MEM) $<
.PHONY: test-boot

# Kernel micro-benchmarks: exact instruction counts under -icount (docs/benchmarks.md).
$(eval $(call user-program,bench,tests/bench/bench.c,-Wl$(comma)--defsym=__heap_size=0x1000 -Wl$(comma)--defsym=__stack_size=0x4000))
$(eval $(call kernel-image,bench))
bench: $(BUILD)/images/bench.elf
	$(Q)tools/qemu-run.sh --bench --timeout 300 --mem 512M $< | tr -d '\r' | grep -E '^[a-z0-9_]+: [0-9]+$$'
.PHONY: bench

# ---------------------------------------------------------------- root server (capDL loader)
ROOTSERVER_SRCS := $(wildcard rootserver/*.c) kernel/src/lib/elf.c kernel/src/lib/string.c
ROOTSERVER_CFLAGS := -Icamkes/include -Irootserver/include -idirafter kernel/include
include camkes/system.mk
