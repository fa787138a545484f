#!/usr/bin/env bash
# Runs the third-party MIPS conformance tests in ../shared/mips-tests (its README says how a
# test runs) against the VM: every Cannon instruction test and every OpenMIPS-extra test must
# pass, every must-fault test must fault. Usage: scripts/conformance.sh [TESTS_DIR]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tests=${1:-$root/../shared/mips-tests}
if [ ! -d "$tests" ]; then
    # CI runs with ../shared beside the clone: there a missing suite is a failure.
    case "${CI:-}" in
    "" | false | 0)
        echo "conformance: SKIPPED, nothing was checked: the third-party suite $tests does not exist."
        echo "  Put it beside this repository as ../shared/mips-tests, or pass its folder: scripts/conformance.sh DIR"
        exit 0 ;;
    *)
        echo "conformance: FAILED: the third-party suite $tests does not exist (CI=$CI: a missing suite is an error)" >&2
        exit 1 ;;
    esac
fi
ensure_tools mips-linux-gnu-as:binutils-mips-linux-gnu mips-linux-gnu-objcopy:binutils-mips-linux-gnu
zkmips=$(zkmips_binary)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Assembles X.asm into $work/<group>/X.bin (the .test section as flat big-endian code).
assemble() {
    local source=$1 group=$2 name
    name=$(basename "$source" .asm)
    mkdir -p "$work/$group"
    mips-linux-gnu-as -defsym big_endian=1 -march=mips32r2 -o "$work/$group/$name.o" "$source"
    mips-linux-gnu-objcopy --dump-section .test="$work/$group/$name.bin" "$work/$group/$name.o"
}

# Tests whose expected answers encode another emulator's ABI, with the reason we skip them.
declare -A skip=(
    [oracle]="uses Cannon's preimage oracle, which this VM does not have"
    [oracle_kzg]="uses Cannon's preimage oracle"
    [oracle_unaligned_read]="uses Cannon's preimage oracle"
    [oracle_unaligned_write]="uses Cannon's preimage oracle"
    [mmap]="expects Cannon's mmap (a file mapping without MAP_ANONYMOUS succeeds); Linux semantics refuse it (ENODEV)"
    [clone]="expects clone with flags 0 (a fork) to return 1 (Cannon's ABI); Linux semantics create a process, which this machine cannot (ENOSYS); thread clones work"
)
# Release 2 gives meaning to a few formerly reserved encodings (SRL rs=1 is ROTR, SRLV sa=1 is
# ROTRV, sa=16 on JR/JALR is the .hb hint). None of the must-fault words uses exactly those
# values (they set rs=9, sa=1, …), so every one of them must still fault: no exceptions.
# Must-fault tests that must instead pass (wrapping arithmetic does not trap).
declare -A must_pass=([addu_overflow]=1 [subu_underflow]=1)

pass=() fault=() exits=()
for bin in "$tests"/cannon/test/bin/*.bin; do
    name=$(basename "$bin" .bin)
    if [ -n "${skip[$name]:-}" ]; then echo "skip $name: ${skip[$name]}"; continue; fi
    if [ "$name" = exit_group ]; then exits+=("$bin"); else pass+=("$bin"); fi
done
for source in "$tests"/openmips-extra/test/*.asm; do
    assemble "$source" openmips
    pass+=("$work/openmips/$(basename "$source" .asm).bin")
done
for source in "$tests"/must-fault/test/*.asm; do
    name=$(basename "$source" .asm)
    assemble "$source" must-fault
    if [ -n "${must_pass[$name]:-}" ]; then pass+=("$work/must-fault/$name.bin"); else fault+=("$work/must-fault/$name.bin"); fi
done

status=0
echo "== tests that must pass (${#pass[@]})"
"$zkmips" conformance --expect pass "${pass[@]}" || status=1
echo "== tests that must fault (${#fault[@]})"
"$zkmips" conformance --expect fault "${fault[@]}" || status=1
echo "== tests that must exit with code 1 (${#exits[@]})"
"$zkmips" conformance --expect exit "${exits[@]}" || status=1
exit $status
