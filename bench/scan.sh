#!/usr/bin/env bash
# Scan benchmark: scanning with recognition running alongside the feeder (`aktenscan scan`) against
# the same batch scanned first (scanimage) and ingested after, on the SANE test backend (20 A4
# pages at 300 dpi, slowed down to an office scanner's speed). Prints a table and writes
# docs/benchmarks-scan.md.
# Usage: bench/scan.sh [--runs 3] [--delay-us 160000] [--jobs N]   (see bench/scan_bench.py --help)
# Needs scanimage and the SANE test backend (sane-utils, libsane1); python3 with its standard
# library only. Builds the release CLI first, unless AKTENSCAN_BIN=/path/to/aktenscan is set.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${AKTENSCAN_BIN:-}" ]; then
    cargo build --release -p aktenscan-cli
    AKTENSCAN_BIN="${CARGO_TARGET_DIR:-target}/release/aktenscan"
fi
exec python3 bench/scan_bench.py --aktenscan "$AKTENSCAN_BIN" "$@"
