# QEMU "virt" board, RV64GC hart, Sv39, booted by OpenSBI (fw_dynamic) from Debian's QEMU.
ARCH        := riscv
XLEN        := 64
CROSS       := riscv64-unknown-elf-
# The kernel is built for RV64IMAC (no FPU use inside the kernel).
KERNEL_ARCH_FLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
# User space: same ISA; picolibc's matching multilib.
USER_ARCH_FLAGS   := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
PICOLIBC_MULTILIB := rv64imac/lp64
# Physical load address of the kernel image (OpenSBI fw_dynamic jumps here).
KERNEL_PHYS_BASE  := 0x80200000
# Virtual address the kernel is linked at (seL4's KERNEL_ELF_BASE for riscv64).
KERNEL_VIRT_BASE  := 0xFFFFFFFF80200000
QEMU        := qemu-system-riscv64
QEMU_MEM    ?= 512M
QEMU_FLAGS  := -machine virt -bios default -nographic -serial mon:stdio -m $(QEMU_MEM)
QEMU_BENCH_FLAGS := -icount shift=0,sleep=off
DEBIAN_PACKAGES := gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf picolibc-riscv64-unknown-elf \
                   qemu-system-misc opensbi libcmocka-dev
