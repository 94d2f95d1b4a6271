#!/bin/sh
# Checks a component ELF linked with camkes/runtime/component.ld:
#   - entry point = _camkes_start = 0x10000 (the link address);
#   - exactly two PT_LOAD segments, page aligned, R-X then RW-, not overlapping;
#   - a PT_TLS header.
# Usage: check_elf.sh READELF file.elf      Prints "camkes-runtime-check: ok" or the problem.
set -eu
readelf=$1
elf=$2
fail() {
    echo "camkes-runtime-check: $elf: $*" >&2
    exit 1
}

entry=$($readelf -h "$elf" | awk '/Entry point address/ {print $4}')
sym=$($readelf -sW "$elf" | awk '$8 == "_camkes_start" {print $2}')
[ -n "$sym" ] || fail "no _camkes_start symbol"
[ $((entry)) -eq $((0x$sym)) ] || fail "entry $entry is not _camkes_start (0x$sym)"
[ $((entry)) -eq $((0x10000)) ] || fail "entry $entry is not the link address 0x10000"

# Type Offset VirtAddr PhysAddr FileSiz MemSiz Flg Align (Flg may be "R E" or "RW").
loads=$($readelf -lW "$elf" | awk '$1 == "LOAD" {
    flags = $7; if ($8 != "" && $8 !~ /^0x/) flags = flags $8
    print $3, $6, flags, $NF }')
n=$(echo "$loads" | grep -c . || true)
[ "$n" -eq 2 ] || fail "expected 2 PT_LOAD segments, found $n"
prev_end=0
i=0
echo "$loads" | while read -r vaddr memsz flags align; do
    i=$((i + 1))
    [ $((vaddr % 4096)) -eq 0 ] || fail "segment $i at $vaddr is not page aligned"
    [ $((align)) -ge 4096 ] || fail "segment $i alignment $align below 4 KiB"
    [ $((vaddr)) -ge $prev_end ] || fail "segment $i overlaps the previous one"
    prev_end=$((vaddr + memsz))
    case "$i:$flags" in
    1:RE) ;;
    2:RW) ;;
    *) fail "segment $i has flags $flags (want RE then RW)" ;;
    esac
done
$readelf -lW "$elf" | grep -q '^ *TLS ' || fail "no PT_TLS header"
echo "camkes-runtime-check: ok ($elf)"
