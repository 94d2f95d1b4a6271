# libsel4 (seL4 user API headers) and the Cantrip-C root-server runtime (crt0 + start.c +
# common.c + rootserver.ld).  Included by the top-level Makefile, which defines CC, BUILD,
# Q, USER_ARCH_FLAGS, PICOLIBC_MULTILIB, COMMON_WARN and the `deps` target.  common.c is
# also linked into CAmkES components (camkes/runtime/runtime.mk uses $(LIBSEL4_COMMON_OBJ)).
#
# A root server is built as
#   $(CC) $(USER_CFLAGS) <extra> -o prog.elf <sources> $(USER_LDFLAGS) $(USER_LIBS)
# and must be rebuilt when anything in $(LIBSEL4_DEPS) changes.
#
# Paths are evaluated lazily (=) where they ask the compiler, because the toolchain may
# only be installed by `deps` after this file is read.

PICOLIBC_DIR ?= /usr/lib/picolibc/riscv64-unknown-elf
LIBSEL4_BUILD := $(BUILD)/libsel4

# riscv64-unknown-elf-gcc does not map -march=..._zicsr_zifencei to a multilib, so both
# libraries are named explicitly for $(PICOLIBC_MULTILIB) (gcc and picolibc use the same
# directory names); the default multilib is hard-float and would not link.
PICOLIBC_LIBC = $(PICOLIBC_DIR)/lib/$(PICOLIBC_MULTILIB)/libc.a
USER_LIBGCC = $(dir $(shell $(CC) -print-libgcc-file-name))$(PICOLIBC_MULTILIB)/libgcc.a

# Programs get picolibc's headers ahead of gcc's own (stddef.h, stdarg.h, ... still come
# from gcc).  -ftls-model=local-exec: everything is in one static executable, and the
# runtime sets tp (see libsel4/crt/crt0.S).
USER_CFLAGS := $(COMMON_WARN) $(USER_ARCH_FLAGS) -O2 -g -ffunction-sections -fdata-sections \
    -fno-common -ftls-model=local-exec -isystem $(PICOLIBC_DIR)/include -Ilibsel4/include

LIBSEL4_HEADERS := $(wildcard libsel4/include/*.h libsel4/include/sel4/*.h \
    libsel4/include/sel4/*.def libsel4/include/sel4/*/*.h libsel4/include/sel4/*/*.def)
LIBSEL4_LDS := libsel4/crt/rootserver.ld
LIBSEL4_COMMON_OBJ := $(LIBSEL4_BUILD)/common.o
LIBSEL4_CRT_OBJS := $(LIBSEL4_BUILD)/crt0.o $(LIBSEL4_BUILD)/start.o $(LIBSEL4_COMMON_OBJ)
LIBSEL4_DEPS := $(LIBSEL4_HEADERS) $(LIBSEL4_LDS) $(LIBSEL4_CRT_OBJS) libsel4/libsel4.mk

# -nostdlib: no gcc start files and no default C library (there is no newlib); the
# runtime and the libraries are given explicitly.  --no-relax: gp is set up anyway, but
# relaxation buys nothing worth the debugging surprises.
USER_LDFLAGS := -nostdlib -static -Wl,--no-relax -Wl,--gc-sections -Wl,-z,max-page-size=4096 \
    -Wl,-T,$(LIBSEL4_LDS) $(LIBSEL4_CRT_OBJS)
USER_LIBS = -Wl,--start-group $(PICOLIBC_LIBC) $(USER_LIBGCC) -Wl,--end-group

$(LIBSEL4_BUILD)/%.o: libsel4/crt/%.S $(LIBSEL4_HEADERS) libsel4/libsel4.mk | deps
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@

$(LIBSEL4_BUILD)/%.o: libsel4/crt/%.c $(LIBSEL4_HEADERS) libsel4/libsel4.mk | deps
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@

# ---------------------------------------------------------------- self-checks
# libsel4-check: (1) the kernel-safe headers compile freestanding, with nothing but
# gcc's own headers, for the target and for the host (the kernel's unit tests include
# them there); (2) every stub and layout assertion compiles and links into a root server.
LIBSEL4_KERNEL_HDR_FLAGS := $(COMMON_WARN) -ffreestanding -nostdinc -D__KERNEL__ -Ilibsel4/include

$(LIBSEL4_BUILD)/kernel_headers.o: libsel4/tests/kernel_headers.c $(LIBSEL4_HEADERS) | deps
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LIBSEL4_KERNEL_HDR_FLAGS) $(USER_ARCH_FLAGS) \
	    -isystem $(shell $(CC) -print-file-name=include) -c $< -o $@
	$(Q)$(HOSTCC) $(LIBSEL4_KERNEL_HDR_FLAGS) \
	    -isystem $(shell $(HOSTCC) -print-file-name=include) -fsyntax-only $<

$(LIBSEL4_BUILD)/compile_all.elf: libsel4/tests/compile_all.c $(LIBSEL4_DEPS) | deps
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(USER_CFLAGS) -o $@ $< $(USER_LDFLAGS) $(USER_LIBS)

.PHONY: libsel4-check
libsel4-check: $(LIBSEL4_BUILD)/kernel_headers.o $(LIBSEL4_BUILD)/compile_all.elf
