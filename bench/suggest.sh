#!/usr/bin/env bash
# Suggestion benchmark: precision and recall of the suggested Datum, Typ, Betreff, Aktenzeichen,
# Aktenplaneinheit, Laufzeit and Personenbezug, on two sets: the bundled samples
# (samples/ground-truth/fields.json) and an evaluation set generated with traps
# (bench/make_suggest_pages.py: 13 records, 31 typed pages); each on the transcribed text and on
# the text Aktenscan recognises when it ingests the pages. Time per page. Prints the tables and
# writes docs/benchmarks-suggest.md.
# Usage: bench/suggest.sh [--seed N]   (release build; needs Pillow: `make deps` puts it in .venv)
set -euo pipefail
cd "$(dirname "$0")/.."
seed=1
if [ "${1:-}" = "--seed" ]; then seed="$2"; fi
py=.venv/bin/python
[ -x "$py" ] || { echo "bench/suggest.sh: $py is missing: run make deps (it installs Pillow for the page generator)" >&2; exit 2; }
cargo build --release -p aktenscan-cli
cargo build --release -p aktenscan-core --example suggest_bench
target="${CARGO_TARGET_DIR:-target}/release"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$py" bench/make_suggest_pages.py --out "$work/generated" --seed "$seed" >&2
ingest() { # SET_DIR LIBRARY
    "$py" - "$1" "$2" "$target/aktenscan" <<'PY'
import json, subprocess, sys
root, lib, aktenscan = sys.argv[1:4]
fields = json.load(open(f"{root}/ground-truth/fields.json"))["records"]
for r in json.load(open(f"{root}/manifest.json"))["records"]:
    if r["directory"] not in fields:
        continue
    print(f"ingesting {root}/{r['directory']} …", file=sys.stderr)
    subprocess.run([aktenscan, "--library", lib, "ingest", f"{root}/{r['directory']}", "--title", r["title"],
                    "--aktenzeichen", r["aktenzeichen"], "--json"], check=True, stdout=subprocess.DEVNULL)
PY
}
ingest samples "$work/lib-samples"
ingest "$work/generated" "$work/lib-generated"
bench="$target/examples/suggest_bench"
samples_table="$("$bench" --samples samples --library "$work/lib-samples" --name samples)"
generated_table="$("$bench" --samples "$work/generated" --library "$work/lib-generated" --name generated)"
{
    cat <<'DOC'
# Suggestions: precision and recall

Measured by `bench/suggest.sh` (this file is written by it). Two sets of records, each read
twice: from the transcribed text (*transcribed*) and from the text Aktenscan recognised when it
ingested the pages (*OCR*).

- **samples**: the bundled sample records (3 records, 6 documents, 8 pages, incl. Fraktur);
  expected values in `samples/ground-truth/fields.json`.
- **generated**: `bench/make_suggest_pages.py` (seed as given, default 1): 13 records, 31 typed
  pages of 1951–2020 with traps: several dates on a page (quoted, birth, deadline, session
  dates), older and foreign Aktenzeichen quoted beside the record's own one, the record's own one
  under "Ihr Zeichen" in letters from other offices, the town hall's letterhead and IBAN, a
  company's IBAN and address, officials' names, health data without an address, a Steuer-ID.

A wrong suggestion counts against precision and, as the right value is then missing, against
recall. Personenbezug is judged as a yes/no per record and per document (a "ja" where the pages
name only officials or companies is a false positive, in *wrong*). Goals: precision ≥ 0.95 for
Datum (`doc_date`) and Aktenzeichen, Personenbezug recall ≥ 0.98 with the false positives
counted, ≤ 20 ms per page.

DOC
    echo "$samples_table"
    echo
    echo "$generated_table"
    echo
    echo "Conditions: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; release build; generator seed $seed."
} > docs/benchmarks-suggest.md
cat docs/benchmarks-suggest.md
