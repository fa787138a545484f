#!/usr/bin/env bash
# Checks every segment of every bundled guest against the MIPS tables: `zkmips check-segments`
# (trace checker + bus checker on each segment's witness, no proof) over mips-guests/bin, with
# each guest's committed input. Prints one summary line per guest and writes the per-segment
# JSON lines to DIR/<guest>.jsonl. Not part of CI (all guests: about 310 M cycles, 4,800 segments,
# some two hours of one core; check-segments uses every core).
#
#   scripts/check-guests.sh [--segment-cycles N] [--out DIR] [GUEST …]
#
# Exit status: 0 when every checked segment of every guest holds, 1 otherwise.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

segment_cycles=65536
out=$root/.build/check-guests
guests=()
while [ $# -gt 0 ]; do
    case $1 in
    --segment-cycles) segment_cycles=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
    -*) echo "unknown option: $1" >&2; exit 2 ;;
    *) guests+=("$1"); shift ;;
    esac
done
if [ ${#guests[@]} -eq 0 ]; then
    for elf in "$root"/mips-guests/bin/*; do
        name=$(basename "$elf")
        [ "$name" = zkmips-kernel ] || guests+=("$name")
    done
fi
zkmips=$(zkmips_binary)
mkdir -p "$out"
failed=0
for name in "${guests[@]}"; do
    input=$root/mips-guests/inputs/$name.in
    args=(check-segments "$root/mips-guests/bin/$name" --segment-cycles "$segment_cycles")
    [ -f "$input" ] && args+=(--input "$input")
    status=0
    "$zkmips" "${args[@]}" >"$out/$name.jsonl" 2>"$out/$name.err" || status=$?
    summary=$(tail -n 1 "$out/$name.jsonl")
    if [ $status -eq 0 ]; then
        echo "ok   $name $summary"
    else
        failed=1
        echo "FAIL $name (exit $status) $summary"
        grep '"holds":false' "$out/$name.jsonl" | head -n 3 | cut -c1-600 | sed 's/^/     /'
    fi
done
exit $failed
