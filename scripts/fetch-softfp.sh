#!/usr/bin/env bash
# Extracts glibc's soft-fp library (soft-fp/ of Debian's glibc-source package)
# into DIR, for the zkmips kernel's FPU emulator (mips-guests/kernel/fpu*.c).
#
#   scripts/fetch-softfp.sh DIR
#
# Installs glibc-source with apt when it is missing (sudo when not root), then
# unpacks only glibc-<version>/soft-fp/ from /usr/src/glibc/glibc-*.tar.xz so
# that DIR/soft-fp/*.{c,h} exist. Prints the glibc version used on stdout.
# soft-fp is LGPL-2.1-or-later with the "link exception" stated in each
# file's header (linking it into an executable places no restriction on that
# executable); the files are used unmodified.
set -euo pipefail

if [[ $# != 1 ]]; then
    echo "usage: $0 DIR" >&2
    exit 2
fi
dest=$1

find_tarball() {
    local t
    for t in /usr/src/glibc/glibc-*.tar.xz; do
        [[ -f $t ]] && { echo "$t"; return 0; }
    done
    return 1
}

if ! tarball=$(find_tarball); then
    echo "installing glibc-source (apt)" >&2
    sudo=()
    [[ $(id -u) == 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends glibc-source >/dev/null
    tarball=$(find_tarball) || { echo "glibc-source installed no /usr/src/glibc/glibc-*.tar.xz" >&2; exit 1; }
fi

# The tarball is /usr/src/glibc/glibc-<version>.tar.xz; its top directory is glibc-<version>.
top=$(basename "$tarball" .tar.xz)
version=${top#glibc-}

mkdir -p "$dest"
rm -rf "$dest/soft-fp"
tar -xJf "$tarball" -C "$dest" --strip-components=1 "$top/soft-fp"
[[ -f $dest/soft-fp/soft-fp.h ]] || { echo "no soft-fp/soft-fp.h in $tarball" >&2; exit 1; }

pkg=$(dpkg-query -W -f='${Version}' glibc-source 2>/dev/null || echo unknown)
echo "glibc $version (Debian glibc-source $pkg): soft-fp extracted to $dest/soft-fp"
