#!/usr/bin/env bash
# Search benchmark: indexes generated German administrative pages (deterministic from the seed)
# and measures pages/s, index size, peak RSS and query latency p50/p99.
# Usage: bench/run.sh [PAGES...]   (default: 100000 1000000). Not a test: numbers for the README.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p aktenscan-index --example bench
for pages in "${@:-100000 1000000}"; do
    for n in $pages; do
        echo "== $n pages"
        "${CARGO_TARGET_DIR:-target}/release/examples/bench" "$n" 1
    done
done
