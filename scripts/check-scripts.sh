#!/usr/bin/env bash
# Checks what a new user meets first: the README's commands (the test command is the one
# .ci/run runs and ends with XCTest's total; the quick start's execute command works as
# written), scripts/test.sh's log summary and exit status, scripts/conformance.sh with its
# suite missing (a failure under CI=true, a stated skip otherwise), `zkmips bench execute` run
# from outside the repository, and links in the READMEs that stay inside the repository.
# Takes a few seconds once the release binary and the tests are built.
# Usage: scripts/check-scripts.sh   (ZKMIPS=path overrides the binary, see lib.sh)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

zkmips=$(zkmips_binary)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
failed=0

# Runs a check function; on failure its output is shown, indented.
check() {
    local what=$1 output
    shift
    if output=$("$@" 2>&1); then
        echo "ok   $what"
    else
        echo "FAIL $what"
        printf '%s\n' "$output" | head -n 30 | sed 's/^/     /'
        failed=$((failed + 1))
    fi
}

# The indented command under "$1" in README.md (the first line of the code block after it).
readme_command() {
    awk -v heading="$1" 'index($0, heading) == 1 { found = 1; next }
        found && /^    [^ ]/ { sub(/^    /, ""); print; exit }' README.md
}

# --- README and .ci/run -----------------------------------------------------------------

readme_test_command_is_the_ci_one() {
    local command
    command=$(readme_command "Run the tests:")
    [ -n "$command" ] || { echo "no command under 'Run the tests:' in README.md"; return 1; }
    # .ci/run may only add --log FILE (the same tests, a shorter printout).
    grep -qxE "$(sed 's/[.[\*^$()+?{|]/\\&/g' <<<"$command")( --log [^ ]+)?" .ci/run ||
        { echo "README runs '$command'; .ci/run runs:"; grep -E 'swift test|test\.sh' .ci/run; return 1; }
}

readme_test_command_ends_with_the_xctest_total() {
    local command last
    command=$(readme_command "Run the tests:")
    [ -n "$command" ] || { echo "no command under 'Run the tests:' in README.md"; return 1; }
    # The same command on two small test cases (the build is shared with the full run).
    last=$(bash -c "$command --filter ArgumentTests" 2>&1 | tail -n 1)
    echo "last line: $last"
    grep -qE '^[[:space:]]*Executed [0-9]+ tests?, with 0 failures' <<<"$last"
}

readme_quick_start_runs_as_written() {
    local command status=0
    command=$(readme_command "hashes its input with SHA-256):")
    [[ $command == "swift run -c release zkmips execute "* ]] || { echo "unexpected command: $command"; return 1; }
    # The built binary stands in for `swift run -c release zkmips`.
    bash -c "\"$zkmips\" ${command#swift run -c release zkmips }" >"$work/qs.out" 2>"$work/qs.err" || status=$?
    [ "$status" -eq 0 ] || { echo "exit status $status"; cat "$work/qs.err"; return 1; }
    python3 - "$work/qs.out" "$work/qs.err" <<'PY'
import json, sys
streams = [open(path, encoding="utf-8").read().splitlines() for path in sys.argv[1:]]
summaries = [json.loads(line) for lines in streams for line in lines if line.startswith("{")]
assert len(summaries) == 1 and summaries[0]["exitCode"] == 0, (streams, summaries)
assert any(line.startswith("sha256 of ") for line in streams[0]), streams[0]
PY
}

# The three proving commands under "Prove it, segment by segment", run as written (from a
# folder where mips-guests is the repository's, so the files they write stay out of it).
readme_prove_commands_run_as_written() {
    local commands line status=0
    commands=$(awk 'index($0, "Prove it, segment by segment") == 1 { found = 1; next }
        found && /^    [^ ]/ { sub(/^    /, ""); print; n++; next } n > 0 { exit }' README.md)
    [ "$(wc -l <<<"$commands")" -eq 3 ] || { echo "expected three commands, got: $commands"; return 1; }
    mkdir -p "$work/prove" && ln -sfn "$root/mips-guests" "$work/prove/mips-guests"
    while IFS= read -r line; do
        [[ $line == "swift run -c release zkmips "* ]] || { echo "unexpected command: $line"; return 1; }
        (cd "$work/prove" && bash -c "\"$zkmips\" ${line#swift run -c release zkmips }" >"$work/prove.out" 2>"$work/prove.err") || status=$?
        [ "$status" -eq 0 ] || { echo "'$line': exit status $status"; tail -n 5 "$work/prove.err"; return 1; }
    done <<<"$commands"
    python3 - "$work/prove.out" <<'PY'
import json, sys
claim = json.loads(open(sys.argv[1], encoding="utf-8").read())
assert claim["verified"] is True and claim["exitCode"] == 0, claim
PY
}

readme_links_stay_inside_the_repository() {
    python3 - "$root" README.md mips-guests/README.md <<'PY'
import os, re, sys
root = os.path.realpath(sys.argv[1])
bad = []
for document in sys.argv[2:]:
    text = open(os.path.join(root, document), encoding="utf-8").read()
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = os.path.realpath(os.path.join(root, os.path.dirname(document), target.split("#")[0]))
        if not path.startswith(root + os.sep) or not os.path.exists(path):
            bad.append(f"{document}: ({target}) is not a file in the repository")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
}

# --- scripts/test.sh --log, with a stand-in for swift ----------------------------------

mkdir -p "$work/fake"
cat >"$work/fake/swift" <<'STUB'
#!/usr/bin/env bash
# Stands in for `swift test`: FAKE_SWIFT=fail makes the first test fail, 100 lines before the end.
echo "swift $*"
if [ "${FAKE_SWIFT:-}" = fail ]; then
    echo "/x/Tests/ATests.swift:12: error: ATests.testEarly : XCTAssertEqual failed: (\"1\") is not equal to (\"2\")"
    echo "Test Case 'ATests.testEarly' failed (0.001 seconds)"
fi
for i in $(seq 100); do echo "Test Case 'BTests.test$i' passed (0.001 seconds)"; done
if [ "${FAKE_SWIFT:-}" = fail ]; then
    printf '\t Executed 101 tests, with 1 failure (0 unexpected) in 0.1 (0.1) seconds\n'
    exit 1
fi
printf '\t Executed 100 tests, with 0 failures (0 unexpected) in 0.1 (0.1) seconds\n'
STUB
chmod +x "$work/fake/swift"

test_log_names_an_early_failure_and_keeps_the_status() {
    local output status=0
    output=$(FAKE_SWIFT=fail PATH="$work/fake:$PATH" scripts/test.sh --log "$work/test.log" 2>&1) || status=$?
    printf '%s\n' "$output"
    [ "$status" -eq 1 ] || { echo "exit status $status, not 1"; return 1; }
    grep -q "ATests.testEarly : XCTAssertEqual failed" <<<"$output" || { echo "the failure is not named"; return 1; }
    grep -q -- "--disable-swift-testing" "$work/test.log" || { echo "Swift Testing not disabled"; return 1; }
    [[ $(tail -n 1 <<<"$output") == "Executed 101 tests, with 1 failure"* ]] || { echo "the total is not last"; return 1; }
}

test_log_of_a_passing_run_ends_with_the_total() {
    local output
    output=$(PATH="$work/fake:$PATH" scripts/test.sh --log "$work/test.log" 2>&1)
    printf '%s\n' "$output"
    [ "$(wc -l <<<"$output")" -le 3 ] && [[ $(tail -n 1 <<<"$output") == "Executed 100 tests, with 0 failures"* ]]
}

# --- scripts/conformance.sh without its suite -------------------------------------------

conformance_without_suite_fails_in_ci() {
    local status=0
    CI=true scripts/conformance.sh "$work/no-such-suite" || status=$?
    [ "$status" -ne 0 ]
}

conformance_without_suite_says_it_skipped() {
    local output
    output=$(env -u CI scripts/conformance.sh "$work/no-such-suite" 2>&1)
    printf '%s\n' "$output"
    grep -q "SKIPPED" <<<"$output" && grep -q "$work/no-such-suite" <<<"$output"
}

# --- zkmips bench execute from another folder ---------------------------------------------

bench_execute_finds_its_program_from_another_folder() {
    (cd "$work" && "$zkmips" bench execute --repeats 1 --loop-cycles 1000) >"$work/bench.out"
    cat "$work/bench.out"
    [ "$(grep -c '"program":"go-long"' "$work/bench.out")" -eq 2 ]
}

check "the README's test command is the one .ci/run runs" readme_test_command_is_the_ci_one
check "the README's test command ends with XCTest's total" readme_test_command_ends_with_the_xctest_total
check "the README's quick start runs as written" readme_quick_start_runs_as_written
check "the README's proving commands run as written" readme_prove_commands_run_as_written
check "the READMEs link only to files in the repository" readme_links_stay_inside_the_repository
check "scripts/test.sh --log names an early failure and keeps the exit status" test_log_names_an_early_failure_and_keeps_the_status
check "scripts/test.sh --log of a passing run ends with the total" test_log_of_a_passing_run_ends_with_the_total
check "conformance.sh without its suite fails under CI=true" conformance_without_suite_fails_in_ci
check "conformance.sh without its suite says what it skipped" conformance_without_suite_says_it_skipped
check "bench execute finds go-long from outside the repository" bench_execute_finds_its_program_from_another_folder
[ "$failed" -eq 0 ] && echo "all checks passed" || { echo "$failed checks failed"; exit 1; }
