#!/bin/sh
# Runs cmocka host-test binaries and reports in the project's format:
#   PASS <binary>/<test>
#   FAIL <binary>/<test>: <why>
#   FAIL <binary>: <why>            the binary crashed, hung or exited abnormally
#   N passed, N failed              always the last line; exit status 1 if N failed > 0
#
# usage: run-host-tests.sh BINARY...
#
# Each binary runs with CMOCKA_MESSAGE_OUTPUT=TAP.  cmocka 1.1.5 then prints
#   1..N                      the plan
#   ok 3 - name               a pass
#   not ok 4 - name           a failure, followed by "# <message>" lines (assert_* details)
#   not ok 5 # SKIP name      a skipped test (counted as a failure: tests must not skip)
#   # not ok - <group>        the group summary (ignored)
# and exits with the number of failed tests.  Text a test writes to stderr (fail_msg(),
# sanitizer reports) arrives *before* that test's result line, so untagged lines are held
# and attached to the next failure.  A binary that prints fewer results than planned, or
# whose exit status is not its failure count, crashed: that is one extra FAIL line naming
# the binary, with the sanitizer's summary line when there is one.  (Exception: a leak
# report after failed tests is expected - cmocka longjmps out of a failing test, skipping
# its frees - and is not reported separately.)  The raw output of each binary is kept in
# <binary>.log for the full story.
set -u

TIMEOUT_SECS=${HOST_TEST_TIMEOUT:-300}
passed=0
failed=0

for bin in "$@"; do
    name=$(basename "$bin")
    log="$bin.log"
    if [ ! -x "$bin" ]; then
        echo "FAIL $name: not an executable file"
        failed=$((failed + 1))
        continue
    fi
    if command -v timeout >/dev/null 2>&1; then
        CMOCKA_MESSAGE_OUTPUT=TAP timeout "$TIMEOUT_SECS" "$bin" >"$log" 2>&1
    else
        CMOCKA_MESSAGE_OUTPUT=TAP "$bin" >"$log" 2>&1
    fi
    rc=$?

    # The awk program prints PASS/FAIL lines, then "#COUNTS <passed> <failed>" last.
    result=$(awk -v bin="$name" -v rc="$rc" -v logfile="$log" '
        function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
        function add(list, line) {
            line = trim(line)
            if (line == "") return list
            return list == "" ? line : list "; " line
        }
        function flush() {
            if (cur != "") print "FAIL " bin "/" cur ": " (reason == "" ? "failed" : reason)
            cur = ""; reason = ""
        }
        BEGIN { plan = -1; results = 0; npass = 0; nfail = 0; cmfail = 0
                cur = ""; reason = ""; pending = ""; summary = "" }
        /^1\.\.[0-9]+/ { plan = substr($0, 4) + 0; next }
        /^ok [0-9]+ - / {
            flush(); n = $0; sub(/^ok [0-9]+ - /, "", n)
            print "PASS " bin "/" n; npass++; results++; pending = ""; next
        }
        /^not ok [0-9]+ # SKIP/ {
            flush(); n = $0; sub(/^not ok [0-9]+ # SKIP */, "", n)
            print "FAIL " bin "/" n ": skipped"; nfail++; results++; pending = ""; next
        }
        /^not ok [0-9]+ - / {
            flush(); cur = $0; sub(/^not ok [0-9]+ - /, "", cur)
            reason = pending; pending = ""; nfail++; cmfail++; results++; next
        }
        /^# (not )?ok - / { next }
        /^#/ {
            line = $0; sub(/^# ?/, "", line)
            if (cur != "") reason = add(reason, line); else pending = add(pending, line)
            next
        }
        {
            # Sanitizer reports are long; their SUMMARY / "runtime error" line says it all.
            if ($0 ~ /^SUMMARY: / || $0 ~ /runtime error:/) summary = trim($0)
            pending = add(pending, $0)
        }
        END {
            flush()
            why = ""
            if (rc == 124) why = "timed out"
            else if (plan < 0) why = "no TAP plan (exit status " rc ")"
            else if (results < plan) why = "crashed in test " (results + 1) " of " plan " (exit status " rc ")"
            else if (rc != cmfail && !(cmfail > 0 && summary ~ /leaked/))
                why = "exit status " rc " with " cmfail " failed tests"
            if (why != "") {
                detail = summary != "" ? summary : pending
                if (length(detail) > 300) detail = substr(detail, 1, 300) "..."
                if (detail != "") why = why ": " detail
                print "FAIL " bin ": " why " (see " logfile ")"
                nfail++
            }
            print "#COUNTS " npass " " nfail
        }' "$log")

    printf '%s\n' "$result" | grep -v '^#COUNTS '
    counts=$(printf '%s\n' "$result" | sed -n 's/^#COUNTS //p')
    passed=$((passed + ${counts% *}))
    failed=$((failed + ${counts#* }))
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
