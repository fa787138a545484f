#!/usr/bin/env bash
# Rebuilds the in-guest kernel (scripts/build-kernel.sh: mips-guests/bin/zkmips-kernel
# and its embedded copy in Sources/MIPS) and every zkmips guest ELF into
# mips-guests/bin/, then regenerates mips-guests/manifest.json (expected stdout /
# public output / exit code, obtained by running each guest under qemu-mips).
#
#   scripts/build-guests.sh              build everything + manifest
#   scripts/build-guests.sh --no-install fail instead of apt-installing tools
#   scripts/build-guests.sh --no-manifest
#
# Toolchains: Go (Debian golang-go, Go 1.19), clang + ld.lld from the Swift
# toolchain (found next to `swift`), mips-linux-gnu-gcc for the glibc guest,
# qemu-mips for the manifest. Missing Debian packages are installed with apt.
#
# Output is reproducible bit for bit for a given toolchain: Go with
# -trimpath -buildvcs=false and an empty build ID, C from fixed relative paths
# with no build ID and no debug info. Run it twice and compare the hashes.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
guests=$root/mips-guests
bin=$guests/bin

install=1
manifest=1
for arg in "$@"; do
    case $arg in
    --no-install) install=0 ;;
    --no-manifest) manifest=0 ;;
    -h | --help)
        sed -n '2,16p' "$0"
        exit 0
        ;;
    *)
        echo "unknown argument: $arg" >&2
        exit 2
        ;;
    esac
done

log() { printf '==> %s\n' "$*" >&2; }

# --- toolchains -------------------------------------------------------------

need_packages=()
command -v go >/dev/null || need_packages+=(golang-go)
command -v mips-linux-gnu-gcc >/dev/null || need_packages+=(gcc-mips-linux-gnu)
command -v mips-linux-gnu-readelf >/dev/null || need_packages+=(binutils-mips-linux-gnu)
if [[ $manifest == 1 ]]; then
    command -v qemu-mips >/dev/null || need_packages+=(qemu-user)
    command -v python3 >/dev/null || need_packages+=(python3)
fi
if ((${#need_packages[@]})); then
    if [[ $install == 0 ]]; then
        echo "missing packages: ${need_packages[*]}" >&2
        exit 1
    fi
    sudo=()
    [[ $(id -u) == 0 ]] || sudo=(sudo)
    log "installing ${need_packages[*]}"
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${need_packages[@]}"
fi

# clang/ld.lld: prefer the Swift toolchain's, then whatever is on PATH.
clang=
if command -v swift >/dev/null; then
    swift_bin=$(dirname "$(readlink -f "$(command -v swift)")")
    [[ -x $swift_bin/clang ]] && clang=$swift_bin/clang
fi
[[ -n $clang ]] || clang=$(command -v clang || true)
if [[ -z $clang ]]; then
    echo "clang not found (expected next to swift, or on PATH)" >&2
    exit 1
fi
if ! PATH="$(dirname "$clang"):$PATH" command -v ld.lld >/dev/null; then
    echo "ld.lld not found next to $clang or on PATH" >&2
    exit 1
fi
export PATH="$(dirname "$clang"):$PATH"

go_version=$(go env GOVERSION)
case $go_version in
go1.19*) ;;
*) echo "warning: $go_version is not Go 1.19; the Go guests will differ from the committed ones" >&2 ;;
esac

# --- reproducibility --------------------------------------------------------

export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=0
export ZERO_AR_DATE=1
umask 022
# Go: no cgo, softfloat MIPS32 big-endian, local module only.
export CGO_ENABLED=0 GOOS=linux GOARCH=mips GOMIPS=softfloat
export GO111MODULE=on GOFLAGS=-mod=mod GOPROXY=off GOWORK=off GOTOOLCHAIN=local
if [[ -z ${GOCACHE:-} && -z ${HOME:-} ]]; then
    export GOCACHE=/tmp/zkmips-guests-gocache
fi

mkdir -p "$bin"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- the kernel -------------------------------------------------------------

log "kernel"
if [[ $install == 0 ]]; then "$root/scripts/build-kernel.sh" --no-install; else "$root/scripts/build-kernel.sh"; fi

# --- Go guests --------------------------------------------------------------
# -s=false keeps .symtab (the VM patches Go runtime functions by name);
# -w drops DWARF only, which nothing needs and which triples the size.

log "Go guests ($go_version)"
(
    cd "$guests/go"
    for dir in */; do
        name=${dir%/}
        [[ -f $name/main.go ]] || continue
        go build -trimpath -buildvcs=false -ldflags='-s=false -w -buildid=' \
            -o "$tmp/go-$name" "./$name"
        mv "$tmp/go-$name" "$bin/go-$name"
        echo "  go-$name" >&2
    done
)

# --- freestanding C guests --------------------------------------------------
# Relative paths only (they end up in STT_FILE symbols); no -g, no build ID.

cflags=(
    --target=mips-linux-gnu -march=mips32r2 -mno-abicalls -fno-pic -msoft-float
    -static -nostdlib -ffreestanding -fno-stack-protector -O2
    -Wall -Wextra -Werror -Iruntime
    -ffile-prefix-map="$guests"=. -fuse-ld=lld
    -Wl,--build-id=none -Wl,--entry=_start
)
log "C guests ($("$clang" --version | head -n 1))"
(
    cd "$guests/c"
    for dir in */; do
        name=${dir%/}
        [[ -f $name/main.c ]] || continue
        "$clang" "${cflags[@]}" -o "$tmp/c-$name" runtime/start.S runtime/zkmips.c "$name/main.c"
        mv "$tmp/c-$name" "$bin/c-$name"
        echo "  c-$name" >&2
    done
)

# --- glibc C guests ---------------------------------------------------------
# Debian ships only a hard-float o32 glibc for mips-linux-gnu (no
# -msoft-float multilib), so these are built with the default ABI and must
# avoid floating point themselves; see mips-guests/README.md.

log "glibc C guests ($(mips-linux-gnu-gcc --version | head -n 1))"
(
    cd "$guests/c-glibc"
    for dir in */; do
        name=${dir%/}
        [[ -f $name/main.c ]] || continue
        libs=()  # extra libraries, e.g. -lm, listed in <name>/LIBS (per guest: adding -lm
                 # to every guest would change the committed bits of the others)
        [[ -f $name/LIBS ]] && read -r -a libs <"$name/LIBS"
        mips-linux-gnu-gcc -static -O2 -Wall -Wextra -Werror \
            -ffile-prefix-map="$guests"=. -Wl,--build-id=none \
            -o "$tmp/cglibc-$name" "$name/main.c" "${libs[@]}"
        mv "$tmp/cglibc-$name" "$bin/cglibc-$name"
        echo "  cglibc-$name" >&2
    done
)

# --- manifest ---------------------------------------------------------------

if [[ $manifest == 1 ]]; then
    log "manifest"
    python3 "$root/scripts/make-manifest.py"
fi

(cd "$guests" && sha256sum bin/*) >&2
