#!/usr/bin/env bash
# Speed of the desktop app in a real window: start → records listed, keystroke → results drawn,
# responsiveness while the samples are imported. Prints a table and writes docs/benchmarks-app.md.
# Usage: bench/app.sh [--starts 5] [--queries 20] [--library DIR]   (see bench/app_bench.py --help)
# Needs what `make deps` installs (Xvfb, webkit2gtk-driver, .tools/bin/tauri-driver, .venv with
# selenium); builds the UI and the release binaries first (CARGO_BUILD_JOBS is honoured).
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory ui venv .tools/bin/tauri-driver
cargo build --release -p aktenscan-cli -p aktenscan-app
exec .venv/bin/python bench/app_bench.py \
    --app "${CARGO_TARGET_DIR:-target}/release/aktenscan-app" \
    --cli "${CARGO_TARGET_DIR:-target}/release/aktenscan" "$@"
