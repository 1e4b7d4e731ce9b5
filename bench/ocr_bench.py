"""OCR benchmark: aktenscan side by side with OCRmyPDF and plain Tesseract on the same pages.

1. Throughput: a 20-page scanned PDF and the same pages as TIFF files through `aktenscan ingest
   --jobs 2` (fresh library, PDF/A and ALTO included) and `ocrmypdf --jobs 2 -l deu --output-type
   pdfa`, alternated A B A B …; and the Tesseract-only limit (the sum of `OMP_THREAD_LIMIT=1
   tesseract PAGE - -l deu` times divided by the cores).
2. Accuracy: CER and WER per category of ../shared/corpus/ and of samples/: aktenscan's text and
   `pdftotext` of its PDF, OCRmyPDF's `--sidecar` text and `pdftotext` of its PDF, plain Tesseract.
3. Memory: peak RSS of ingesting generated batches (100 pages; `--memory 100,1000` for more).

Run through bench/ocr.sh, which makes the venv and the release build. Prints the tables and
writes docs/benchmarks.md. The corpus is optional: without it the sample pages alone are used.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import img2pdf
from PIL import Image
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from textnorm import normalise  # noqa: E402

VENV_BIN = Path(sys.executable).parent
CORES = os.cpu_count() or 1


class Page:
    """One single-page input image with its ground truth."""

    def __init__(self, name, image, truth, category):
        self.name, self.image, self.truth, self.category = name, Path(image), truth, category


def sample_pages(work):
    """The samples' single scanned pages (the bauakte TIFF split into its two pages)."""
    manifest = json.loads((ROOT / "samples/manifest.json").read_text())
    pages = []
    for record in manifest["records"]:
        for f in record["files"]:
            if f["born_digital"] or f["format"] == "pdf":
                continue
            source = ROOT / "samples" / record["directory"] / f["name"]
            truths = (ROOT / "samples" / f["ground_truth"]).read_text().split("\n\f\n")
            category = "samples (Fraktur)" if f["script"] == "Fraktur" else "samples (modern)"
            with Image.open(source) as im:
                for i in range(f["pages"]):
                    im.seek(i)
                    target = work / f"sample-{record['directory']}-{Path(f['name']).stem}-{i + 1}.tif"
                    frame = im.copy()
                    if frame.mode == "1":
                        frame.save(target, compression="group4", dpi=(f["dpi"], f["dpi"]))
                    else:
                        frame.save(target, compression="tiff_lzw", dpi=(f["dpi"], f["dpi"]))
                    pages.append(Page(target.stem, target, truths[i] if i < len(truths) else "", category))
    return pages


def corpus_pages(corpus):
    """The corpus pages as listed in its manifest.tsv (TIFF or JPEG as stored)."""
    rows = (corpus / "manifest.tsv").read_text().splitlines()
    header = rows[0].split("\t")
    pages = []
    for row in rows[1:]:
        r = dict(zip(header, row.split("\t")))
        pages.append(Page(r["id"], corpus / r["image"], (corpus / r["gt"]).read_text(), r["category"]))
    return pages


def run(cmd, **kw):
    return subprocess.run([str(c) for c in cmd], check=True, capture_output=True, text=True, **kw)


def timed(cmd, **kw):
    started = time.monotonic()
    proc = run(cmd, **kw)
    return time.monotonic() - started, proc


# The faster, less accurate choice for Fraktur pages (the default is frk+Fraktur), measured beside it.
FRAKTUR_FAST = ["--fraktur-model", "frk"]


def aktenscan_ingest(aktenscan, inputs, library, extra=()):
    if library.exists():
        shutil.rmtree(library)
    seconds, proc = timed([aktenscan, "--library", library, "ingest", *inputs, "--title", "Benchmark", "--jobs", "2", "--json", *extra])
    return seconds, json.loads(proc.stdout)


def ocrmypdf(pdf, out, sidecar=None):
    cmd = [VENV_BIN / "ocrmypdf", "--jobs", "2", "-l", "deu", "--output-type", "pdfa", "--quiet"]
    if sidecar:
        cmd += ["--sidecar", sidecar]
    return timed(cmd + [pdf, out])[0]


def tesseract(image, lang="deu"):
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    seconds, proc = timed(["tesseract", image, "-", "-l", lang], env=env)
    return seconds, proc.stdout


def pdftotext(pdf, page, raw=False):
    """What a search indexer reads: poppler's layout-analysed text, or (`raw`) content-stream order."""
    return run(["pdftotext", *(["-raw"] if raw else []), "-f", page, "-l", page, "-enc", "UTF-8", pdf, "-"]).stdout


def error_rates(hypothesis, truth):
    h, t = normalise(hypothesis), normalise(truth)
    cer = Levenshtein.distance(h, t) / max(1, len(t))
    hw, tw = h.split(), t.split()
    wer = Levenshtein.distance(hw, tw) / max(1, len(tw))
    return cer, wer, len(t), len(tw)


def throughput(args, pages, work):
    """Alternating runs of aktenscan and OCRmyPDF on the same 20 pages, and the Tesseract limit."""
    chosen = (pages * (20 // max(1, len(pages)) + 1))[:20]
    tiff_dir = work / "tiff20"
    tiff_dir.mkdir()
    for i, p in enumerate(chosen):
        shutil.copy(p.image, tiff_dir / f"{i + 1:02d}-{p.name}{p.image.suffix}")
    pdf = work / "scan20.pdf"
    pdf.write_bytes(img2pdf.convert(sorted(str(f) for f in tiff_dir.iterdir())))
    fast = "aktenscan (TIFF files), --fraktur-model frk"
    times = {"aktenscan (PDF)": [], "aktenscan (TIFF files)": [], fast: [], "OCRmyPDF (PDF)": []}
    for r in range(args.runs):
        print(f"throughput run {r + 1}/{args.runs}", file=sys.stderr)
        times["aktenscan (PDF)"].append(aktenscan_ingest(args.aktenscan, [pdf], work / "lib-pdf")[0])
        times["OCRmyPDF (PDF)"].append(ocrmypdf(pdf, work / "ocrmypdf20.pdf"))
        seconds, report = aktenscan_ingest(args.aktenscan, [tiff_dir], work / "lib-tiff")
        times["aktenscan (TIFF files)"].append(seconds)
        times[fast].append(aktenscan_ingest(args.aktenscan, [tiff_dir], work / "lib-fast", FRAKTUR_FAST)[0])
    # The model aktenscan chose for each page (frk+Fraktur for Fraktur), for the second limit.
    models = {}
    for doc in report["documents"]:
        shown = json.loads(run([args.aktenscan, "--library", work / "lib-tiff", "show", doc["id"], "--json"]).stdout)
        source = shown["page_list"][0]["ocr"]["source"]
        models[Path(doc["source"]).name] = source.get("ocr", {}).get("model", "deu") if isinstance(source, dict) else "deu"
    files = sorted(tiff_dir.iterdir())
    limit_runs, same_model_runs = [], []
    for r in range(args.runs):
        limit_runs.append(sum(tesseract(f)[0] for f in files) / CORES)
        same_model_runs.append(sum(tesseract(f, models.get(f.name, "deu"))[0] for f in files) / CORES)
    times["Tesseract-only limit"] = limit_runs
    times["Tesseract-only limit, aktenscan's models"] = same_model_runs
    medians = {k: statistics.median(v) for k, v in times.items()}
    return medians, times, len(chosen)


def accuracy(args, pages, work):
    """Per page: the text of each tool, measured against the ground truth."""
    files = work / "accuracy"
    files.mkdir()
    ordered = []
    for i, p in enumerate(pages):
        target = files / f"{i + 1:02d}-{p.name}{p.image.suffix}"
        shutil.copy(p.image, target)
        ordered.append((target, p))
    library, library_fast = work / "lib-accuracy", work / "lib-accuracy-fast"
    _, report = aktenscan_ingest(args.aktenscan, [files], library)
    docs = {Path(d["source"]).name: d["id"] for d in report["documents"]}
    _, report = aktenscan_ingest(args.aktenscan, [files], library_fast, FRAKTUR_FAST)
    docs_fast = {Path(d["source"]).name: d["id"] for d in report["documents"]}
    pdf = work / "accuracy.pdf"
    pdf.write_bytes(img2pdf.convert([str(t) for t, _ in ordered]))
    out, sidecar = work / "accuracy-ocrmypdf.pdf", work / "accuracy-ocrmypdf.txt"
    ocrmypdf(pdf, out, sidecar)
    sidecar_pages = sidecar.read_text().split("\f")
    rows = []
    for n, (target, p) in enumerate(ordered, 1):
        doc = docs.get(target.name)
        texts = {}
        if doc:
            texts["aktenscan"] = run([args.aktenscan, "--library", library, "text", doc, "--page", "1"]).stdout
            shown = json.loads(run([args.aktenscan, "--library", library, "show", doc, "--json"]).stdout)
            texts["aktenscan, pdftotext"] = pdftotext(library / shown["files"]["pdf"], 1)
            texts["aktenscan, pdftotext -raw"] = pdftotext(library / shown["files"]["pdf"], 1, raw=True)
        if target.name in docs_fast:
            texts["aktenscan, --fraktur-model frk"] = run(
                [args.aktenscan, "--library", library_fast, "text", docs_fast[target.name], "--page", "1"]).stdout
        texts["OCRmyPDF sidecar"] = sidecar_pages[n - 1] if n - 1 < len(sidecar_pages) else ""
        texts["OCRmyPDF, pdftotext"] = pdftotext(out, n)
        texts["OCRmyPDF, pdftotext -raw"] = pdftotext(out, n, raw=True)
        texts["tesseract -l deu"] = tesseract(p.image)[1]
        rows.append((p, {k: error_rates(v, p.truth) for k, v in texts.items()}))
    return rows


def memory(args, pages, work, count):
    """Peak RSS of ingesting `count` pages (the sample pages repeated)."""
    batch = work / f"batch{count}"
    batch.mkdir()
    for i in range(count):
        p = pages[i % len(pages)]
        shutil.copy(p.image, batch / f"{i + 1:05d}{p.image.suffix}")
    library = work / f"lib-mem{count}"
    started = time.monotonic()
    proc = subprocess.run(
        ["/usr/bin/time", "-v", str(args.aktenscan), "--library", str(library), "ingest", str(batch), "--title", "Speicher", "--jobs", "2", "--json"],
        capture_output=True, text=True, check=True,
    )
    seconds = time.monotonic() - started
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1)) / 1024
    shutil.rmtree(library)
    shutil.rmtree(batch)
    return rss, seconds


def versions(args):
    tess = run(["tesseract", "--version"]).stdout.splitlines()[0]
    ocrm = run([VENV_BIN / "ocrmypdf", "--version"]).stdout.strip()
    akt = run([args.aktenscan, "--version"]).stdout.strip()
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")), platform.processor())
    return f"{datetime.date.today()}, {CORES} cores ({cpu}), {platform.platform()}; {akt}; {tess}; OCRmyPDF {ocrm}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aktenscan", type=Path, required=True, help="the aktenscan binary (release build)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each tool for throughput (median)")
    parser.add_argument("--memory", default="100", help="batch sizes for peak RSS, e.g. 100,1000 ('' to skip)")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus", help="the OCR corpus (optional)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs/benchmarks.md")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: throughput,accuracy,memory")
    args = parser.parse_args()
    args.aktenscan = args.aktenscan.resolve()
    skip = set(filter(None, args.skip.split(",")))
    lines = [f"# Benchmarks\n", f"Last run: {versions(args)}. Command: `bench/ocr.sh {' '.join(sys.argv[3:])}`.\n",
             "Written by `bench/ocr.sh`; where the time goes inside an ingest is in [ocr-profile.md](ocr-profile.md).\n"]
    with tempfile.TemporaryDirectory(prefix="aktenscan-bench-") as tmp:
        work = Path(tmp)
        pages = sample_pages(work)
        if (args.corpus / "manifest.tsv").exists():
            corpus = corpus_pages(args.corpus)
        else:
            corpus = []
            lines.append(f"The corpus ({args.corpus}) was not found: only the {len(pages)} sample pages were used.\n")
        # Throughput: the historical corpus pages first (300 dpi, like an archive's scans), then samples.
        historical = [p for p in corpus if p.category != "modern-print"]
        if "throughput" not in skip:
            load_before = os.getloadavg()[0]
            medians, all_times, n = throughput(args, historical + pages, work)
            ocrm, limit = medians["OCRmyPDF (PDF)"], medians["Tesseract-only limit"]
            same = medians["Tesseract-only limit, aktenscan's models"]
            lines += ["## Throughput\n", f"{n} pages, `--jobs 2` for both pipelines, median of {args.runs} alternated runs. "
                      "The Tesseract-only limit is the sum of single-threaded `tesseract PAGE - -l deu` times over the cores; "
                      "the second limit runs each page with the model aktenscan chose for it (`frk+Fraktur` for Fraktur), so the last "
                      "column is the share of aktenscan's time that is Tesseract's own recognition (for the default models: "
                      "the `--fraktur-model frk` row is measured against the same limits, which use `frk+Fraktur`).\n",
                      "| pipeline | median s | pages/min | runs (s) | × OCRmyPDF | of the `-l deu` limit | of the same-model limit |",
                      "|---|---|---|---|---|---|---|"]
            for name, s in medians.items():
                runs = ", ".join(f"{t:.1f}" for t in all_times[name])
                lines.append(f"| {name} | {s:.1f} | {n / s * 60:.1f} | {runs} | {ocrm / s:.2f} | {limit / s * 100:.0f} % | {same / s * 100:.0f} % |")
            lines.append(f"\nLoad average before the throughput runs: {load_before:.1f} (the benchmark's own runs then add 1–2; more before them means other work shared the cores).\n")
        if "accuracy" not in skip:
            rows = accuracy(args, corpus + pages, work)
            tools = list(dict.fromkeys(t for _, r in rows for t in r))
            lines += ["## Accuracy\n", "Normalised CER / WER (tests/textnorm.py: MUFI ligatures expanded, old umlauts, NFKC, long s, quotes, dashes, whitespace), summed over the pages of each category (errors / reference length).\n",
                      "| category | pages | " + " | ".join(tools) + " |", "|---|---|" + "---|" * len(tools)]
            categories = sorted({p.category for p, _ in rows})
            for cat in categories + ["all"]:
                sel = [r for p, r in rows if cat == "all" or p.category == cat]
                cells = []
                for t in tools:
                    have = [r[t] for r in sel if t in r]
                    chars = sum(x[2] for x in have)
                    words = sum(x[3] for x in have)
                    cer = sum(x[0] * x[2] for x in have) / max(1, chars)
                    wer = sum(x[1] * x[3] for x in have) / max(1, words)
                    cells.append(f"{cer * 100:.1f} % / {wer * 100:.1f} %")
                lines.append(f"| {cat} | {len(sel)} | " + " | ".join(cells) + " |")
            lines.append("\nPer page (CER):\n")
            lines += ["| page | category | " + " | ".join(tools) + " |", "|---|---|" + "---|" * len(tools)]
            for p, r in rows:
                lines.append(f"| {p.name} | {p.category} | " + " | ".join(f"{r[t][0] * 100:.1f} %" if t in r else "–" for t in tools) + " |")
            lines.append("")
        if "memory" not in skip and args.memory:
            lines += ["## Memory\n", "Peak RSS (`/usr/bin/time -v`) of `aktenscan ingest --jobs 2` on a batch of the sample pages repeated.\n",
                      "| pages | peak RSS | time |", "|---|---|---|"]
            for count in [int(c) for c in args.memory.split(",") if c]:
                rss, seconds = memory(args, historical + pages, work, count)
                lines.append(f"| {count} | {rss:.0f} MB | {seconds:.0f} s |")
            lines.append("")
    text = "\n".join(lines)
    print(text)
    args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
