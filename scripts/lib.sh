# Shared by the scripts in this folder: `source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"`.
# shellcheck shell=bash disable=SC2034 # (variables used by the scripts that source this)

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# npm's binaryen (wasm-opt 132) must win over Debian's, whose output fails to hydrate (TOOLCHAIN.md).
TOOLS_BIN="$REPO/.tools/node_modules/.bin"

# Everything informational goes to stderr, so that scripts/postgres can keep stdout for `eval`.
say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# root on these machines; sudo elsewhere.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" -eq 0 ]; then
    as_root apt-get update -qq >&2
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

# The newest PostgreSQL major version with a cluster configuration (Debian: /etc/postgresql/15/main), or nothing.
pg_version() {
  # shellcheck disable=SC2012 # the folder names are version numbers
  ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1
}

# Prints the calling script's header comment (from line 2 to the first line that is not a comment) and exits.
usage() {
  awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"
  exit 0
}
