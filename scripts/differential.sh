#!/usr/bin/env bash
# Differential test: runs every guest in mips-guests/manifest.json under qemu-mips (the
# oracle) and under `zkmips execute`, and compares stdout, exit code and the fd-3 public
# output. Also checks both against the manifest. Usage: scripts/differential.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ensure_tools qemu-mips:qemu-user
zkmips=$(zkmips_binary)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root/mips-guests"

passed=0 failed=0
while IFS=$'\t' read -r name elf input; do
    in=/dev/null
    [ "$input" != "-" ] && in=$input
    set +e
    env -i qemu-mips "./$elf" <"$in" >"$work/q.out" 2>/dev/null 3>"$work/q.pub"
    qemu_status=$?
    "$zkmips" execute "$elf" --quiet --input "$in" --summary "$work/z.json" >"$work/z.out" 2>"$work/z.err"
    zk_status=$?
    set -e
    python3 - "$work/z.json" >"$work/z.pub" <<'PY'
import json, sys
sys.stdout.buffer.write(bytes.fromhex(json.load(open(sys.argv[1]))["publicOutputHex"]))
PY
    problems=()
    cmp -s "$work/q.out" "$work/z.out" || problems+=("stdout differs")
    cmp -s "$work/q.pub" "$work/z.pub" || problems+=("public output differs")
    [ "$qemu_status" = "$zk_status" ] || problems+=("exit code: qemu $qemu_status, zkmips $zk_status")
    if [ ${#problems[@]} -eq 0 ]; then
        passed=$((passed + 1))
        echo "ok   $name (exit $zk_status, $(wc -c <"$work/z.out") bytes stdout, $(wc -c <"$work/z.pub") bytes public)"
    else
        failed=$((failed + 1))
        echo "FAIL $name: ${problems[*]}"
        head -c 600 "$work/z.err" | sed 's/^/     /'
    fi
done < <(python3 -c '
import json
for g in json.load(open("manifest.json")):
    print(g["name"], g["elf"], g["input"] or "-", sep="\t")
')

# The manifest's recorded answers must match too (they were made with qemu at build time).
python3 "$root/scripts/make-manifest.py" --check >/dev/null 2>&1 && echo "ok   manifest matches qemu" || {
    echo "FAIL manifest.json disagrees with qemu-mips (rebuild with scripts/build-guests.sh)"; failed=$((failed + 1)); }
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
