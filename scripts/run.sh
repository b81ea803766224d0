#!/usr/bin/env bash
# Builds plan-explorer and serves it with its bundled data at http://127.0.0.1:8080/
# (set PORT for another port), with the feedback collector beside it on
# 127.0.0.1:8787 (COLLECTOR_PORT), storing answers in collector-data/.
# Installs missing tools first. Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

printf '\n==> run: building the release bundle and the collector\n'
trunk build --release --offline
cargo build --release -p collector

collector_addr="127.0.0.1:${COLLECTOR_PORT:-8787}"
export COLLECTOR_ADDR="$collector_addr"
export COLLECTOR_DB="${COLLECTOR_DB:-collector-data/feedback.sqlite}"
export COLLECTOR_TRUST_FORWARDED_FOR="${COLLECTOR_TRUST_FORWARDED_FOR:-true}"
if [ -z "${COLLECTOR_TOKEN:-}" ]; then
  # A token for this run only, so the staff view can be tried out locally.
  COLLECTOR_TOKEN="dev-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  export COLLECTOR_TOKEN
fi

printf '\n==> run: starting the feedback collector on %s (database %s)\n' "$collector_addr" "$COLLECTOR_DB"
target/release/collector &
collector_pid=$!
trap 'kill "$collector_pid" 2>/dev/null; wait "$collector_pid" 2>/dev/null' EXIT INT TERM

printf '\n==> run: staff view: http://127.0.0.1:%s/?view=results  (access token for this run: %s)\n' "${PORT:-8080}" "$COLLECTOR_TOKEN"
printf '==> run: serving (Ctrl+C stops)\n'
node scripts/serve.mjs --dir dist --host 127.0.0.1 --port "${PORT:-8080}" --api "http://$collector_addr"
