#!/bin/sh
# Boots a kernel image under QEMU.
#   qemu-run.sh [--timeout SECONDS] [--mem SIZE] [--bench] [--interactive] [--input TEXT] IMAGE
# --input feeds TEXT (printf escapes allowed) to the UART as if typed.
# Prints the serial output and exits with QEMU's exit status (the kernel's debug-exit
# status); on timeout prints "FAIL <image>: timed out after N s" and exits 124.
set -u
timeout_s=120
mem=512M
interactive=0
input=""
extra=""
while [ $# -gt 1 ]; do
    case "$1" in
    --timeout) timeout_s=$2; shift 2 ;;
    --mem) mem=$2; shift 2 ;;
    --bench) extra="$extra -icount shift=0,sleep=off"; shift ;;
    --interactive) interactive=1; shift ;;
    --input) input=$2; shift 2 ;;
    *) echo "qemu-run: unknown option $1" >&2; exit 2 ;;
    esac
done
image=$1
[ -f "$image" ] || { echo "qemu-run: no such image: $image" >&2; exit 2; }
cmd="qemu-system-riscv64 -machine virt -bios default -nographic -m $mem $extra -kernel $image"
if [ "$interactive" = 1 ]; then
    echo "qemu-run: booting $image ($mem RAM); quit with Ctrl-A X" >&2
    exec $cmd -serial mon:stdio
fi
# Non-interactive: no monitor on the console; stdin is the scripted input (or nothing).
printf "$input" | timeout --foreground -k 5 "$timeout_s" $cmd -serial stdio -monitor none
status=$?
if [ $status -eq 124 ] || [ $status -eq 137 ]; then
    echo "FAIL $(basename "$image" .elf): timed out after $timeout_s s"
    exit 124
fi
exit $status
