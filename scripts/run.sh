#!/usr/bin/env bash
# Builds plan-explorer and serves it with its bundled data at http://127.0.0.1:8080/
# (set PORT to use another port). Installs missing tools first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

printf '\n==> run: building the release bundle\n'
trunk build --release --offline

printf '\n==> run: serving (Ctrl+C stops)\n'
exec node scripts/serve.mjs --dir dist --host 127.0.0.1 --port "${PORT:-8080}"
