# Shared helpers for the project scripts. Source it: `. "$(dirname "$0")/lib.sh"`.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Installs Debian packages that provide the given commands when they are missing.
# Usage: ensure_tools command:package [command:package …]
ensure_tools() {
    local missing=()
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "installing ${missing[*]} (apt)" >&2
    if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Builds the release CLI once and prints its path (ZKMIPS overrides it).
zkmips_binary() {
    if [ -n "${ZKMIPS:-}" ]; then realpath "$ZKMIPS"; return; fi
    (cd "$root" && swift build -c release --product zkmips >&2)
    echo "$root/.build/release/zkmips"
}
