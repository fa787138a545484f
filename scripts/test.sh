#!/usr/bin/env bash
# The project's tests: `swift test` with Swift Testing turned off. Every test is XCTest; with
# Swift Testing on, its own closing line ("Test run with 0 tests in 0 suites passed") comes last
# and reads as if nothing ran. Here the last line is XCTest's total:
#     Executed N tests, with 0 failures (0 unexpected) in S (S) seconds
#
# Usage: scripts/test.sh [--log FILE] [swift test options, e.g. --filter CLITests]
#   --log FILE  write the whole output to FILE and print only what matters: the failures
#               (compiler errors, failed assertions and test cases, crashes), on failure the end
#               of the log, and the total last. .ci/run uses it.
# The exit status is swift test's.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != --log ]; then
    exec swift test --disable-swift-testing "$@"
fi
[ $# -ge 2 ] || { echo "usage: scripts/test.sh [--log FILE] [swift test options]" >&2; exit 64; }
log=$2
shift 2
mkdir -p "$(dirname "$log")"
status=0
swift test --disable-swift-testing "$@" >"$log" 2>&1 || status=$?

# XCTest reports a failed assertion as "FILE:LINE: error: …" and then "Test Case '…' failed";
# swift build and a crashing test bundle say "error: …"; a trap says "Fatal error: …".
failures=$(grep -E 'error:|Test Case .* failed|Fatal error' "$log" || true)
if [ -n "$failures" ]; then
    count=$(printf '%s\n' "$failures" | wc -l)
    echo "-- failures ($count lines)"
    printf '%s\n' "$failures" | head -n 200
    [ "$count" -le 200 ] || echo "… $((count - 200)) more lines in $log"
fi
if [ "$status" -ne 0 ]; then
    echo "-- the end of $log"
    tail -n 15 "$log"
fi
echo "-- full log: $log"
# XCTest prints a total per suite; the last one is for all tests.
total=$(grep -E '^[[:space:]]*Executed [0-9]+ tests?, with' "$log" | tail -n 1 | sed 's/^[[:space:]]*//')
if [ -n "$total" ]; then
    echo "$total"
else
    echo "no XCTest total: swift test exited with status $status before the tests finished"
fi
exit "$status"
