#!/bin/sh
# Regenerates the checked-in binary fixtures used by the host unit tests.  They are checked
# in (rather than built on every run) so that tests are reproducible: QEMU puts a random
# rng-seed into its DTB, and toolchain upgrades would change the ELF files.
#   virt-*.dtb     QEMU virt DTBs (trimmed to the header's totalsize; QEMU pads to 1 MiB)
#   virt-512M-opensbi.dtb  the DTB as OpenSBI hands it to the kernel (it adds
#                  /reserved-memory for its own firmware region), saved from guest memory
#   tiny-rv*.elf   small freestanding RISC-V executables built from tiny.c with tiny.ld
set -eu
cd "$(dirname "$0")"
QEMU=${QEMU:-qemu-system-riscv64}
CROSS=${CROSS:-riscv64-unknown-elf-}

dump_dtb() { # name, extra qemu args...
    name=$1; shift
    "$QEMU" -machine "virt,dumpdtb=$name.full" -nographic "$@" >/dev/null 2>&1
    # totalsize is the big-endian u32 at offset 4.
    size=$(od -An -tu1 -j4 -N4 "$name.full" | awk '{ print (($1 * 256 + $2) * 256 + $3) * 256 + $4 }')
    head -c "$size" "$name.full" > "$name"
    rm -f "$name.full"
}
dump_dtb virt-32M.dtb -m 32M
dump_dtb virt-512M.dtb -m 512M
dump_dtb virt-2G.dtb -m 2G
dump_dtb virt-smp2.dtb -m 512M -smp 2

# OpenSBI (fw_dynamic, "-bios default") edits QEMU's DTB and passes it in a1 at the top of
# RAM minus 2 MiB (0x9fe00000 with 512 MiB).  Without -kernel it then jumps into empty
# memory, leaving the DTB intact for the monitor's pmemsave.
(sleep 3; echo 'pmemsave 0x9fe00000 0x10000 "virt-512M-opensbi.dtb.full"'; sleep 1; echo quit) |
    "$QEMU" -machine virt -bios default -m 512M -display none -serial none -monitor stdio \
        >/dev/null 2>&1
size=$(od -An -tu1 -j4 -N4 virt-512M-opensbi.dtb.full | awk '{ print (($1 * 256 + $2) * 256 + $3) * 256 + $4 }')
head -c "$size" virt-512M-opensbi.dtb.full > virt-512M-opensbi.dtb
rm -f virt-512M-opensbi.dtb.full

build_elf() { # name, march, mabi
    "${CROSS}gcc" -march="$2" -mabi="$3" -Os -ffreestanding -nostdlib -static -fno-pic \
        -Wl,-T,tiny.ld -Wl,--build-id=none -s -o "$1" tiny.c
}
build_elf tiny-rv64.elf rv64imac lp64
build_elf tiny-rv32.elf rv32imac ilp32
