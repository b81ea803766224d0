#!/usr/bin/env bash
# Builds plan-explorer and serves it with its bundled data at http://127.0.0.1:8080/
# (set PORT for another port). One process, the collector, serves both the site (dist/)
# and the feedback API on that address, storing answers in collector-data/.
# Installs missing tools first. Ctrl+C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

printf '\n==> run: building the release bundle and the server\n'
trunk build --release --offline
cargo build --profile server -p collector

port="${PORT:-8080}"
export COLLECTOR_ADDR="127.0.0.1:$port"
export COLLECTOR_STATIC_DIR=dist
export COLLECTOR_DB="${COLLECTOR_DB:-collector-data/feedback.sqlite}"
if [ -z "${COLLECTOR_TOKEN:-}" ]; then
  # A token for this run only, so the staff view can be tried out locally.
  COLLECTOR_TOKEN="dev-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  export COLLECTOR_TOKEN
fi

printf '\n==> run: serving dist/ and the feedback API on http://%s/ (database %s)\n' "$COLLECTOR_ADDR" "$COLLECTOR_DB"
printf '==> run: staff view: http://%s/?view=results  (access token for this run: %s)\n' "$COLLECTOR_ADDR" "$COLLECTOR_TOKEN"
printf '==> run: Ctrl+C stops\n'
exec target/server/collector
