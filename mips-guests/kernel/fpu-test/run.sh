#!/usr/bin/env bash
# Checks the kernel's FPU emulator (mips-guests/kernel/fpu*.c) against qemu-mips before the
# VM can run it: the cglibc-fpu guest prints, under qemu-mips, every FPU instruction it executes
# with the state before and after ("verbose" mode); replay.c feeds the same instruction and
# state to fpu_emulate and compares everything.
#
#   mips-guests/kernel/fpu-test/run.sh [--random N] [--seed S] [--mips] [--guest ELF]
#
#   --random N   also replay N instructions with random operands (default 200000; 0 = none)
#   --mips       also build the emulator for MIPS with the kernel's clang flags and run the
#                replay itself under qemu-mips (checks the real big-endian 32-bit build)
#   --guest ELF  the guest to run (default mips-guests/bin/cglibc-fpu)
#
# Needs qemu-mips, a host C compiler (CC, default cc) and, for --mips, clang (next to swift or
# on PATH) and mips-linux-gnu-gcc. soft-fp comes from scripts/fetch-softfp.sh. Ends with
# "N passed, M failed" per replay; exits non-zero on any mismatch.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
kernel=$root/mips-guests/kernel
guest=$root/mips-guests/bin/cglibc-fpu
random=200000
seed=20240101
mips=0
while (($#)); do
    case $1 in
    --random) random=$2; shift ;;
    --seed) seed=$2; shift ;;
    --mips) mips=1 ;;
    --guest) guest=$2; shift ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$root/scripts/fetch-softfp.sh" "$tmp/softfp" >&2
sources=("$kernel/fpu.c" "$kernel/fpu-arith.c" "$kernel/fpu-ieee.c" "$kernel/fpu-runtime.c")
includes=(-I"$kernel" -I"$kernel/softfp" -I"$tmp/softfp/soft-fp")

echo "==> host build (${CC:-cc})" >&2
"${CC:-cc}" -O2 -Wall -Wextra -Werror "${includes[@]}" -o "$tmp/replay" \
    "$kernel/fpu-test/replay.c" "${sources[@]}"

echo "==> $guest under qemu-mips (verbose)" >&2
echo verbose | qemu-mips "$guest" >"$tmp/verbose.txt"
if ((random > 0)); then
    echo "verbose random $random $seed" | qemu-mips "$guest" >"$tmp/random.txt"
fi

status=0
run_replay() { # label, command...
    local label=$1
    shift
    echo "==> replay: $label" >&2
    "$@" "$tmp/verbose.txt" || status=1
    if ((random > 0)); then
        "$@" "$tmp/random.txt" || status=1
    fi
}
run_replay host "$tmp/replay"

if ((mips)); then
    clang=
    if command -v swift >/dev/null; then
        swift_bin=$(dirname "$(readlink -f "$(command -v swift)")")
        [[ -x $swift_bin/clang ]] && clang=$swift_bin/clang
    fi
    [[ -n $clang ]] || clang=$(command -v clang)
    kflags=(--target=mips-linux-gnu -march=mips32r2 -msoft-float -mno-abicalls -fno-pic
        -ffreestanding -nostdlib -fno-builtin -O2 -mno-check-zero-division -Wall -Wextra -Werror)
    objects=()
    for src in "${sources[@]}"; do
        obj=$tmp/$(basename "${src%.c}").o
        "$clang" "${kflags[@]}" "${includes[@]}" -c "$src" -o "$obj"
        objects+=("$obj")
    done
    echo "==> MIPS build: undefined symbols and sizes" >&2
    mips-linux-gnu-nm -u "${objects[@]}" >&2
    mips-linux-gnu-size "${objects[@]}" >&2
    # The emulator's objects are soft-float and non-PIC, the test driver a normal glibc
    # program: ld warns about both mixes, which do not matter for integer-only code.
    mips-linux-gnu-gcc -O2 -static -I"$kernel" -o "$tmp/replay-mips" \
        "$kernel/fpu-test/replay.c" "${objects[@]}" 2>/dev/null
    run_replay "MIPS build under qemu-mips" qemu-mips "$tmp/replay-mips"
fi
exit $status
