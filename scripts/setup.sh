#!/usr/bin/env bash
# Installs what plan-explorer needs to build and test, and skips whatever is
# already installed at the right version. Safe to run again and again.
#
# The first run on a fresh machine takes about 15 minutes (trunk and
# wasm-bindgen-cli are compiled from source); later runs take seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must match the wasm-bindgen crate exactly; Cargo.lock is the truth.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
started=$SECONDS
step() { printf '\n==> setup: %s\n' "$*"; }
have() { printf '    already installed: %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

step "Rust toolchain"
if ! command -v cargo >/dev/null; then
  echo "cargo is missing: install Rust with rustup (https://rustup.rs) and run this again." >&2
  exit 1
fi
have "$(cargo --version)"

step "wasm32 target"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  have "wasm32-unknown-unknown"
else
  rustup target add wasm32-unknown-unknown
fi

step "trunk $TRUNK_VERSION"
if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
  have "trunk $TRUNK_VERSION"
else
  echo "    compiling trunk from source (about 9 minutes on 2 cores) ..."
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

step "wasm-bindgen-cli $WASM_BINDGEN_VERSION"
if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  have "wasm-bindgen $WASM_BINDGEN_VERSION"
else
  echo "    compiling wasm-bindgen-cli from source (about 5 minutes) ..."
  # Not --locked: its lock file names a crate version the registry no longer has.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

step "npm packages (binaryen's wasm-opt, Playwright, axe-core, Lighthouse)"
# A stamp holds the hash of the package-lock.json that node_modules was installed from.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.setup-stamp 2>/dev/null)" = "$lock_hash" ]; then
  have "node_modules matches package-lock.json"
else
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.setup-stamp
fi
have "$(wasm-opt --version)"

step "Chromium and ChromeDriver (for the browser tests)"
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  have "$(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
else
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
fi

printf '\n==> setup: done in %ss\n' "$((SECONDS - started))"
