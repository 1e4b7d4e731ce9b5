#!/usr/bin/env bash
# Index writer sweep: builds the bench index (crates/index/examples/bench.rs) with several writer
# heaps, thread counts and merge limits and prints pages/s, size and memory per setting; the
# table goes into index-schema/README.md between the sweep markers, with the date and the load.
# The defaults of `WriterSettings` are chosen from it. Usage: bench/writer-sweep.sh [PAGES]
# (default 300000; each setting takes about a minute at 300 000 pages on 2 cores). Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
pages="${1:-300000}"
cargo build --release -p aktenscan-index --example bench
bench="${CARGO_TARGET_DIR:-target}/release/examples/bench"
dir="$(mktemp -d)"
out="$(mktemp)"
trap 'rm -rf "$dir" "$out"' EXIT
# heap MB, threads (0: one per core), segments merged up to N pages
settings=(
    "200 0 250000"
    "50 0 250000"
    "100 0 250000"
    "400 0 250000"
    "200 1 250000"
    "200 0 50000"
    "200 0 100000000"
)
{
    echo "Run of $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) before, \`bench/writer-sweep.sh $pages\` ($pages pages each):"
    echo
    echo "| writer heap | threads | segments merged up to (pages) | pages/s | index size | peak RSS | anonymous RSS, first tenth → highest |"
    echo "|---|---|---|---|---|---|---|"
    for s in "${settings[@]}"; do
        read -r heap threads merge <<<"$s"
        "$bench" "$pages" 1 "$dir/index" --no-baseline --index-only \
            --heap "$heap" --threads "$threads" --merge-max "$merge"
    done
    echo
    echo "Load $(cut -d' ' -f1-3 /proc/loadavg) after."
} | tee "$out"
python3 bench/write-between-markers.py sweep index-schema/README.md < "$out"
