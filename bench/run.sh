#!/usr/bin/env bash
# Search benchmark: indexes generated German administrative pages (deterministic from the seed)
# and measures pages/s, index size, RSS and query latency p50/p99, beside the Paperless-ngx
# analyzer chain on the same pages, and 8 / 32 threads searching at once. Writes the tables,
# with the date and the machine's load, into index-schema/README.md (between the bench markers).
# Usage: bench/run.sh [PAGES...] [-- BENCH-OPTIONS]   (default: 100000 1000000). Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do sizes+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
cargo build --release -p aktenscan-index --example bench
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
{
    echo "Run of $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), \`bench/run.sh ${sizes[*]}\`:"
    for n in "${sizes[@]}"; do
        echo
        echo "### $n pages"
        "${CARGO_TARGET_DIR:-target}/release/examples/bench" "$n" 1 "$@"
    done
} | tee "$out"
python3 bench/write-between-markers.py bench index-schema/README.md < "$out"
