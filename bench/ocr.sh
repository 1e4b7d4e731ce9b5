#!/usr/bin/env bash
# OCR benchmark: aktenscan side by side with OCRmyPDF and plain Tesseract on the same pages
# (throughput, CER/WER per category, peak RSS). Prints the tables and writes docs/benchmarks.md.
# Usage: bench/ocr.sh [--runs 3] [--memory 100,1000] [--corpus DIR]   (see bench/ocr_bench.py --help)
# Needs the apt packages of `make deps`; creates bench/.venv with OCRmyPDF from PyPI on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x bench/.venv/bin/ocrmypdf ]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install --quiet --disable-pip-version-check -r bench/requirements.txt
fi
cargo build --release -p aktenscan-cli
exec bench/.venv/bin/python bench/ocr_bench.py --aktenscan "${CARGO_TARGET_DIR:-target}/release/aktenscan" "$@"
