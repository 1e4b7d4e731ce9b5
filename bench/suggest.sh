#!/usr/bin/env bash
# Suggestion benchmark: precision and recall of the suggested Datum, Typ, Betreff, Aktenzeichen,
# Aktenplaneinheit, Laufzeit and Personenbezug against samples/ground-truth/fields.json, on the
# samples' transcribed text and on the text Aktenscan recognises when it ingests them; time per
# page. Prints the table and writes docs/benchmarks-suggest.md.
# Usage: bench/suggest.sh            (release build; ingests the samples into a temporary library)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p aktenscan-cli
cargo build --release -p aktenscan-core --example suggest_bench
target="${CARGO_TARGET_DIR:-target}/release"
lib="$(mktemp -d)/bibliothek"
trap 'rm -rf "$(dirname "$lib")"' EXIT
python3 - "$lib" "$target/aktenscan" <<'PY'
import json, subprocess, sys
lib, aktenscan = sys.argv[1], sys.argv[2]
fields = json.load(open("samples/ground-truth/fields.json"))["records"]
for r in json.load(open("samples/manifest.json"))["records"]:
    if r["directory"] not in fields:
        continue
    print(f"ingesting samples/{r['directory']} …", file=sys.stderr)
    subprocess.run([aktenscan, "--library", lib, "ingest", f"samples/{r['directory']}", "--title", r["title"],
                    "--aktenzeichen", r["aktenzeichen"], "--json"], check=True, stdout=subprocess.DEVNULL)
PY
"$target/examples/suggest_bench" --samples samples --library "$lib" --out docs/benchmarks-suggest.md
