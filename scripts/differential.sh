#!/usr/bin/env bash
# Differential test: runs every guest in mips-guests/manifest.json under qemu-mips (the
# oracle) and under `zkmips execute`, and compares stdout, exit code and the fd-3 public
# output. Also checks both against the manifest. Usage: scripts/differential.sh
#
# Exit codes are shell statuses: a guest killed by signal N counts as 128 + N under both.
# For the few guests where qemu-mips is known to differ from Linux (LINUX_OVERRIDES in
# scripts/make-manifest.py, documented in mips-guests/README.md), qemu's answer is accepted
# only if it is exactly the documented one, and zkmips is compared against Linux's answer.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ensure_tools qemu-mips:qemu-user
zkmips=$(zkmips_binary)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root/mips-guests"
ulimit -c 0 # qemu-mips would write a core file for guests killed by a signal

passed=0 failed=0
while IFS=$'\t' read -r name elf input; do
    in=/dev/null
    [ "$input" != "-" ] && in=$input
    set +e
    # (the braces also silence bash's report of a guest killed by a signal)
    { env -i qemu-mips "./$elf" <"$in" >"$work/q.out" 3>"$work/q.pub"; } 2>/dev/null
    qemu_status=$?
    "$zkmips" execute "$elf" --quiet --input "$in" --summary "$work/z.json" >"$work/z.out" 2>"$work/z.err"
    zk_status=$?
    set -e
    # (no summary, e.g. zkmips itself failed: compare an empty public output)
    python3 - "$work/z.json" >"$work/z.pub" 2>/dev/null <<'PY' || : >"$work/z.pub"
import json, sys
sys.stdout.buffer.write(bytes.fromhex(json.load(open(sys.argv[1]))["publicOutputHex"]))
PY
    problems=()
    # Where qemu differs from Linux as documented, compare zkmips with Linux's answer.
    cp "$work/q.out" "$work/q.raw"
    qemu_raw_status=$qemu_status note=
    if linux_status=$(python3 "$root/scripts/make-manifest.py" --linux-view "$name" "$work/q.out" "$qemu_status" 2>"$work/view.err"); then
        qemu_status=$linux_status
        [ "$qemu_raw_status" = "$qemu_status" ] || note=", qemu-mips $qemu_raw_status as documented"
        cmp -s "$work/q.out" "$work/q.raw" || note="$note, qemu-mips stdout differs as documented"
    else
        problems+=("$(cat "$work/view.err")")
    fi
    cmp -s "$work/q.out" "$work/z.out" || problems+=("stdout differs")
    cmp -s "$work/q.pub" "$work/z.pub" || problems+=("public output differs")
    [ "$qemu_status" = "$zk_status" ] || problems+=("exit code: expected $qemu_status, zkmips $zk_status")
    if [ ${#problems[@]} -eq 0 ]; then
        passed=$((passed + 1))
        echo "ok   $name (exit $zk_status$note, $(wc -c <"$work/z.out") bytes stdout, $(wc -c <"$work/z.pub") bytes public)"
    else
        failed=$((failed + 1))
        echo "FAIL $name: ${problems[*]}"
        head -c 600 "$work/z.err" | sed 's/^/     /'
    fi
done < <(python3 -c '
import json
for g in json.load(open("manifest.json")):
    if g.get("kind") != "kernel":
        print(g["name"], g["elf"], g["input"] or "-", sep="\t")
')

# The manifest's recorded answers must match too (they were made with qemu at build time).
python3 "$root/scripts/make-manifest.py" --check >/dev/null 2>&1 && echo "ok   manifest matches qemu" || {
    echo "FAIL manifest.json disagrees with qemu-mips (rebuild with scripts/build-guests.sh)"; failed=$((failed + 1)); }
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
