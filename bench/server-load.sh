#!/usr/bin/env bash
# Load benchmark of the shared server: N clients over loopback search and open page images on a
# library of generated pages for S seconds, as a Leser with a restricted clearance, while a
# workstation sends the sample scans into a record over the API.
# Writes the tables, with the date and the machine's load, into docs/benchmarks-server.md.
# Not a test.
# Four runs: every client sending its next request at once (the server saturated), first with
# no workstation (what the machine does at the time: its speed varies by a fifth from hour to
# hour), then while the workstation recognises its scans itself (`--ocr arbeitsplatz`: on its
# own processor, so before the clock starts here) and sends each as it is done, then while the
# server recognises them (on the same two cores as the searches); last with a pause of 1 s on
# average between a client's searches (people reading their hits), the server recognising.
# Usage: bench/server-load.sh [PAGES [CLIENTS [SECONDS]]] [-- --reuse]   (default 100000 32 60)
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do args+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
pages="${args[0]:-100000}"; clients="${args[1]:-32}"; seconds="${args[2]:-60}"
mkdir -p ui/dist
cargo build --release -p aktenscan-cli -p aktenscan-server --example load
target="${CARGO_TARGET_DIR:-target}/release"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
{
    echo "Run of $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) before, \`bench/server-load.sh $pages $clients $seconds\`:"
    echo
    "$target/examples/load" "$pages" "$clients" "$seconds" "$@"
    echo
    "$target/examples/load" "$pages" "$clients" "$seconds" --ingest-recognised --reuse "$@"
    echo
    "$target/examples/load" "$pages" "$clients" "$seconds" --ingest --reuse "$@"
    echo
    # The same desks as people use them: a pause (1 s on average) before each next search.
    "$target/examples/load" "$pages" "$clients" "$seconds" --ingest --reuse --think-ms 1000 "$@"
    echo
    echo "Load $(cut -d' ' -f1-3 /proc/loadavg) after."
} | tee "$out"
python3 bench/write-between-markers.py load docs/benchmarks-server.md < "$out"
