# Shared by the scripts in this folder: `source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"`.
# shellcheck shell=bash disable=SC2034 # (variables used by the scripts that source this)

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# npm's binaryen (wasm-opt 132) must win over Debian's, whose output fails to hydrate
# (`WebAssembly.Table.set(): Argument 1 is invalid`).
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

# promtool, to check /metrics' text format: Debian's prometheus package has it (the server it also brings is not used).
ensure_promtool() {
  command -v promtool >/dev/null || apt_install --no-install-recommends prometheus
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

# Schemathesis, the OpenAPI property-based client of scripts/schemathesis: pinned, in a virtualenv of its own.
SCHEMATHESIS_VERSION=4.32.5
SCHEMATHESIS_VENV="$REPO/.tools/schemathesis"

schemathesis_installed() {
  [[ "$("$SCHEMATHESIS_VENV/bin/schemathesis" --version 2>/dev/null)" == *"version $SCHEMATHESIS_VERSION" ]]
}

install_schemathesis() {
  command -v python3 >/dev/null && python3 -c 'import ensurepip, venv' 2>/dev/null || apt_install python3 python3-venv
  rm -rf "$SCHEMATHESIS_VENV"
  python3 -m venv "$SCHEMATHESIS_VENV"
  "$SCHEMATHESIS_VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2
}

# The status of GET URL, 0 when nothing answers (curl if present, else Node).
http_status() {
  if command -v curl >/dev/null; then
    curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" || true
  else
    node -e 'fetch(process.argv[1]).then((r) => console.log(r.status), () => console.log(0))' "$1"
  fi
}

# start_demo_server BINARY WORK: BINARY `serve --demo` on a fresh SQLite database in WORK (its log WORK/server.log), a
# free port, the administrator `admin` with DEMO_ADMIN_PASSWORD and short kiosk timings, as the end-to-end tests and
# scripts/schemathesis need it. Sets server_pid and base (http://127.0.0.1:PORT); once GET /healthz answers 200
# returns 0, else shows the log and returns 1. stop_server ends it.
DEMO_ADMIN_PASSWORD=e2e-admin-pass
DEMO_METRICS_TOKEN=e2e-metrics-token
server_pid=""
start_demo_server() {
  local binary=$1 work=$2 port
  port=$(node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
  base="http://127.0.0.1:$port"
  env DATABASE_URL="sqlite://$work/e2e.db" \
    HAILONG_DATA_DIR="$work" \
    HAILONG_ADDR="127.0.0.1:$port" \
    HAILONG_PUBLIC_URL="$base" \
    HAILONG_ADMIN_USER=admin \
    HAILONG_ADMIN_PASSWORD="$DEMO_ADMIN_PASSWORD" \
    HAILONG_KIOSK_THANKS_SECONDS=1 \
    HAILONG_KIOSK_IDLE_SECONDS=5 \
    HAILONG_KIOSK_HEARTBEAT_SECONDS=2 \
    HAILONG_KIOSK_REPEAT_SECONDS=3 \
    HAILONG_METRICS_TOKEN="$DEMO_METRICS_TOKEN" \
    RUST_LOG=info \
    "$binary" serve --demo >"$work/server.log" 2>&1 &
  server_pid=$!
  say "server: pid $server_pid on $base, log $work/server.log"
  local deadline=$((SECONDS + 60))
  while [ $SECONDS -lt $deadline ]; do
    if [ "$(http_status "$base/healthz")" = 200 ]; then
      say "server: ready after $((SECONDS + 60 - deadline)) s"
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$server_pid" 2>/dev/null; then
    say "server: GET /healthz did not answer 200 within 60 s; its log:"
  else
    say "server: exited before answering GET /healthz; its log:"
  fi
  cat "$work/server.log" >&2
  return 1
}

stop_server() {
  [ -n "$server_pid" ] || return 0
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
