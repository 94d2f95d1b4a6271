#!/bin/sh
# Runs every test stage, shows its output, and ends with the grand total
# "N passed, N failed".  A stage that crashes, times out or prints no total counts as a
# failure.  Usage: run-tests.sh MAKE BUILD_DIR
set -u
make=$1
build=$2
logs=$build/test-logs
mkdir -p "$logs"
pass=0
fail=0
failed_stages=""

stage() {
    name=$1
    shift
    echo "=== $name"
    "$@" >"$logs/$name.log" 2>&1
    status=$?
    cat "$logs/$name.log"
    line=$(grep -E '^[A-Za-z-]*:? ?[0-9]+ passed, [0-9]+ failed' "$logs/$name.log" | tail -n 1)
    if [ -n "$line" ]; then
        p=$(echo "$line" | sed -E 's/^[^0-9]*([0-9]+) passed, ([0-9]+) failed.*/\1/')
        f=$(echo "$line" | sed -E 's/^[^0-9]*([0-9]+) passed, ([0-9]+) failed.*/\2/')
    else
        p=0
        f=0
    fi
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "FAIL $name: stage exited with status $status"
        f=1
    elif [ -z "$line" ]; then
        echo "FAIL $name: no result line"
        f=1
    fi
    pass=$((pass + p))
    fail=$((fail + f))
    [ "$f" -ne 0 ] && failed_stages="$failed_stages $name"
}

stage host-unit "$make" --no-print-directory test-host
stage kernel-conformance "$make" --no-print-directory test-kernel
for mem in 32M 128M 2G; do
    stage "boot-$mem" "$make" --no-print-directory test-boot BOOT_MEM=$mem
done
stage system-camkes-hello "$make" --no-print-directory test-system SYSTEM=examples/camkes-hello

echo "==="
[ -n "$failed_stages" ] && echo "failing stages:$failed_stages"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
