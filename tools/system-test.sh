#!/bin/sh
# Boots a system image with scripted UART input and checks what it prints.
#   system-test.sh [--timeout SECONDS] [--mem SIZE] [--input TEXT] --expect FILE IMAGE
# FILE lists the expected output, one line each: the line must occur as a fixed substring
# of some output line; a line starting with '!' names text that must NOT occur anywhere
# (blank lines and lines starting with '#' are ignored).  Order is not checked.  Prints the
# serial output, then "PASS <line>" or "FAIL <line>" per expected line and one for the
# exit status (the system must power off with status 0), then "N passed, N failed".
# Exit status 0 when everything passed.
set -u
timeout_s=60
mem=512M
input=""
expect=""
while [ $# -gt 1 ]; do
    case "$1" in
    --timeout) timeout_s=$2; shift 2 ;;
    --mem) mem=$2; shift 2 ;;
    --input) input=$2; shift 2 ;;
    --expect) expect=$2; shift 2 ;;
    *) echo "system-test: unknown option $1" >&2; exit 2 ;;
    esac
done
image=$1
[ -f "$expect" ] || { echo "system-test: no expected-output file: $expect" >&2; exit 2; }
here=$(dirname "$0")
out=$(mktemp)

raw=$(mktemp)
trap 'rm -f "$out" "$raw"' EXIT
"$here/qemu-run.sh" --timeout "$timeout_s" --mem "$mem" --input "$input" "$image" >"$raw" 2>&1
status=$?
tr -d '\r' <"$raw" >"$out"
cat "$out"
echo "---"

pass=0
fail=0
while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
    '' | '#'*) continue ;;
    '!'*)
        text=${line#!}
        if grep -qF -- "$text" "$out"; then
            echo "FAIL absent: $text"
            fail=$((fail + 1))
        else
            echo "PASS absent: $text"
            pass=$((pass + 1))
        fi
        continue
        ;;
    esac
    if grep -qF -- "$line" "$out"; then
        echo "PASS $line"
        pass=$((pass + 1))
    else
        echo "FAIL $line"
        fail=$((fail + 1))
    fi
done <"$expect"
if [ "$status" -eq 0 ]; then
    echo "PASS the system powers off with status 0"
    pass=$((pass + 1))
else
    echo "FAIL the system powers off with status 0 (status $status)"
    fail=$((fail + 1))
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
