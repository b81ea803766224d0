#!/usr/bin/env bash
# The crate boundaries are the architecture (ARCHITECTURE.md): the pure crates must not
# depend, even indirectly, on a browser binding, a UI framework or a server stack.
# Fails, naming the crate and the dependency, if one does.
#   bash scripts/check-layers.sh    (LAYER_CRATES="collector" bash scripts/check-layers.sh shows a failure)
set -euo pipefail
cd "$(dirname "$0")/.."

forbidden='^(leptos|leptos_[a-z0-9_]+|tachys|reactive_graph|web-sys|js-sys|wasm-bindgen|wasm-bindgen-futures|gloo-[a-z]+|axum|tokio|hyper|hyper-util|tower|tower-http|rusqlite)$'
failed=0
for crate in ${LAYER_CRATES:-plan-core feedback-protocol spreadsheet-csv}; do
    # Normal dependencies only (what ships), for every target, without the tree's decoration.
    deps=$(cargo tree -p "$crate" -e normal --target all --prefix none --format '{p}' \
        | awk '{print $1}' | sort -u)
    bad=$(grep -E "$forbidden" <<<"$deps" || true)
    count=$(wc -l <<<"$deps")
    if [[ -n "$bad" ]]; then
        echo "layers: $crate depends on $(tr '\n' ' ' <<<"$bad")- it must stay plain Rust (see ARCHITECTURE.md)" >&2
        failed=1
    else
        echo "layers: $crate ok ($count crates in its tree, none a browser, UI or server crate)"
    fi
done
exit "$failed"
