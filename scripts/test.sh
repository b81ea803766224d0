#!/usr/bin/env bash
# Runs every check and test of plan-explorer. Installs missing tools first.
#   bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

started=$SECONDS
step() { printf '\n==> test: %s\n' "$*"; }

step "formatting (cargo fmt --all --check)"
cargo fmt --all --check

step "lints (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets -- -D warnings
# plan-core as the app uses it in the browser: without `json-paths`.
cargo clippy -p plan-core --no-default-features --all-targets -- -D warnings
# The staff bundle's code (src/pages/results_page.rs) is only compiled with `staff`.
cargo clippy -p plan-explorer --features staff --all-targets -- -D warnings

step "crate layers (plan-core and feedback-protocol have no browser, UI or server dependency)"
bash scripts/check-layers.sh

step "bundled data (validate-data)"
cargo run --quiet -p plan-core --bin validate-data

step "native tests (cargo test): model, validator, search, filters, feedback queue, collector"
cargo test --workspace
# The data files as the app reads them in the browser (no JSON paths: line and column).
cargo test -p plan-core --no-default-features

step "the patched reactive_graph's own tests of its patch (crates/patched/README.md)"
cargo test --locked --manifest-path crates/patched/reactive_graph/Cargo.toml --target-dir target/patched --lib sweep

step "release build (trunk build --release --offline) and the server (cargo build --profile server -p collector)"
trunk build --release --offline
cargo build --profile server -p collector

step "size budget"
node scripts/size-report.mjs dist

step "browser tests (headless Chromium, axe-core)"
node --test --test-concurrency=1 tests/e2e/

step "hostile requests (raw sockets against the real server, loopback only)"
node --test --test-concurrency=1 tests/hostile/

printf '\n==> test: all passed in %ss\n' "$((SECONDS - started))"
