"""Scan benchmark: recognition alongside the feeder against "scan first, ingest after".

The SANE test backend (`test:0`, configured from tests/sane) scans 20 A4 pages at 300 dpi in
Gray, slowed down with its read delay to an office scanner's speed. Per run:

- overlapped: `aktenscan scan` (recognises each page while the feeder runs). Its stderr lines
  `Seite N gescannt`, `Seite N erkannt` and `Dokument ID durchsuchbar` are timestamped as they
  arrive. The test backend's feeder is empty after 10 sheets, so the 20 pages are two batches of
  10, the second added to the same record with `--record` (an operator refilling the feeder).
- baseline: the same batches with `scanimage --batch --format=png` (= scanning alone), then
  `aktenscan ingest` of those pages (= recognition alone, with storing and indexing), and one
  page ingested on its own for reference.

Goals (from the issue): (1) the record is searchable within the last page's own recognition time
plus 1 s after the last sheet; (2) the whole overlapped batch takes at most 1.1 times the longer
of scanning alone and recognition alone.

Run through bench/scan.sh (release build, or AKTENSCAN_BIN). Prints the table and writes
docs/benchmarks-scan.md. Standard library only.
"""

import argparse
import datetime
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

ROOT = Path(__file__).resolve().parent.parent
SANE_DIR = ROOT / "tests" / "sane"
DEVICE = "test:0"
FEEDER_PAGES = 10  # the test backend's feeder reports "out of documents" after 10 sheets (fixed)
DELAY_RANGE = (1000, 200_000)  # the test backend's read-delay-duration range, µs, steps of 1000
TITLE = "Scan-Benchmark"

LINE = re.compile(r"aktenscan: (?:Seite (\d+) (gescannt|erkannt)\b|Dokument (\S+) durchsuchbar)")
RECORD = re.compile(r"^Akte (\S+):", re.MULTILINE)


class BenchError(Exception):
    """A precondition or a step failed; the message says which and why."""


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--aktenscan", required=True, type=Path, help="the aktenscan binary")
    p.add_argument("--runs", type=int, default=3, help="runs of both variants (default 3)")
    p.add_argument("--batches", type=int, default=2,
                   help=f"feeder loads of {FEEDER_PAGES} sheets each (default 2 = 20 pages)")
    p.add_argument("--delay-us", type=int, default=160_000,
                   help="the test backend's read-delay-duration in µs (default 160000: about "
                        "2.5 s per A4 page at 300 dpi, 24 pages a minute; 200000, its maximum, "
                        "gives about 3 s)")
    p.add_argument("--resolution", type=int, default=300, help="dpi (default 300)")
    p.add_argument("--width-mm", type=int, default=210, help="scan width (default 210, A4)")
    p.add_argument("--height-mm", type=int, default=297, help="scan height (default 297, A4)")
    p.add_argument("--picture", default="Grid",
                   help="the test backend's --test-picture (default Grid)")
    p.add_argument("--jobs", type=int, help="aktenscan --jobs (default: aktenscan's, = cores)")
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks-scan.md",
                   help="the Markdown file to write (default docs/benchmarks-scan.md)")
    args = p.parse_args()
    if args.runs < 1 or args.batches < 1:
        p.error("--runs and --batches must be at least 1")
    lo, hi = DELAY_RANGE
    if not lo <= args.delay_us <= hi or args.delay_us % 1000:
        p.error(f"--delay-us must be a multiple of 1000 between {lo} and {hi} (the test backend's range)")
    args.aktenscan = args.aktenscan.resolve()
    return args


# ---------------------------------------------------------------------------------------------
# Setup and checks


def sane_config(work, args):
    """A private SANE config dir: tests/sane with the scan area widened to fit the page.

    The scan area's limit (geometry_max) is configuration, not an option; tests/sane/test.conf
    sets 300 mm, and a larger page (--height-mm) needs more, so the bench copies the directory and
    raises only geometry_max where needed. Nothing under /etc or in the repository is changed.
    """
    conf = work / "sane"
    conf.mkdir()
    for f in SANE_DIR.glob("*.conf"):
        shutil.copy(f, conf / f.name)
    test_conf = conf / "test.conf"
    need = max(args.width_mm, args.height_mm)
    text = test_conf.read_text()
    text, n = re.subn(r"(?m)^geometry_max\s+\S+", f"geometry_max {max(need, 300)}.0", text)
    if n == 0:
        text += f"\ngeometry_max {max(need, 300)}.0\n"
    test_conf.write_text(text)
    return conf


def check_tools(args, env):
    if not (args.aktenscan.is_file() and os.access(args.aktenscan, os.X_OK)):
        raise BenchError(f"no aktenscan binary at {args.aktenscan}: build it (cargo build --release "
                         "-p aktenscan-cli) or point AKTENSCAN_BIN at one")
    if shutil.which("scanimage") is None:
        raise BenchError("scanimage not found: install sane-utils (apt-get install sane-utils)")
    listed = subprocess.run(["scanimage", "-L"], env=env, capture_output=True, text=True, timeout=60)
    if f"`{DEVICE}'" not in listed.stdout:
        raise BenchError(
            f"the SANE test backend does not show {DEVICE} (scanimage -L with SANE_CONFIG_DIR="
            f"{env['SANE_CONFIG_DIR']} printed: {listed.stdout.strip() or listed.stderr.strip()!r}); "
            "install libsane1 / sane-utils, whose backends include `test`")


# ---------------------------------------------------------------------------------------------
# Running and timing


class Timed:
    """One finished process: monotonic start and end, its stderr lines with arrival times."""

    def __init__(self, start, end, lines, stdout):
        self.start, self.end, self.lines, self.stdout = start, end, lines, stdout

    def events(self):
        """(scanned {page: t}, recognised {page: t}, [t of each `durchsuchbar`])."""
        scanned, recognised, searchable = {}, {}, []
        for t, text in self.lines:
            m = LINE.search(text)
            if not m:
                continue
            if m.group(3):
                searchable.append(t)
            elif m.group(2) == "gescannt":
                scanned[int(m.group(1))] = t
            else:
                recognised[int(m.group(1))] = t
        return scanned, recognised, searchable


def run_timed(cmd, env):
    """Runs cmd; each stderr line is timestamped (time.monotonic) as it arrives."""
    cmd = [str(c) for c in cmd]
    with tempfile.TemporaryFile() as out:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, env=env, text=True, bufsize=1)
        lines = []
        for line in iter(proc.stderr.readline, ""):
            lines.append((time.monotonic(), line.rstrip("\n")))
        rc = proc.wait()
        end = time.monotonic()
        out.seek(0)
        stdout = out.read().decode(errors="replace")
    if rc != 0:
        tail = "\n".join(text for _, text in lines[-10:])
        raise BenchError(f"{' '.join(cmd)}\nexited with {rc}:\n{tail}")
    return Timed(start, end, lines, stdout)


def scanner_options(args):
    """The options both aktenscan and scanimage pass to the test backend, besides the area."""
    return {"test-picture": args.picture, "read-delay": "yes", "read-delay-duration": str(args.delay_us)}


def overlapped(args, env, lib):
    """`aktenscan scan` of every feeder load; the times are relative to the first start."""
    record, batches = None, []
    for b in range(args.batches):
        cmd = [args.aktenscan, "--library", lib, "scan", "--device", DEVICE, "--source", "ADF",
               "--resolution", args.resolution, "--mode", "Gray",
               "--width-mm", args.width_mm, "--height-mm", args.height_mm, "--title", TITLE]
        for name, value in scanner_options(args).items():
            cmd += ["--option", f"{name}={value}"]
        if args.jobs:
            cmd += ["--jobs", args.jobs]
        if record:
            cmd += ["--record", record]
        run = run_timed(cmd, env)
        scanned, _, searchable = run.events()
        if len(scanned) != FEEDER_PAGES:
            raise BenchError(f"aktenscan scan (load {b + 1}) scanned {len(scanned)} pages, "
                             f"expected {FEEDER_PAGES} from the test backend's feeder")
        if not searchable:
            raise BenchError(f"aktenscan scan (load {b + 1}) printed no `durchsuchbar` line:\n"
                             + "\n".join(t for _, t in run.lines[-10:]))
        if record is None:
            m = RECORD.search(run.stdout)
            if not m:
                raise BenchError(f"no record id in aktenscan's output: {run.stdout!r}")
            record = m.group(1)
        batches.append(run)

    t0 = batches[0].start
    last = batches[-1]
    scanned, recognised, searchable = last.events()
    last_page = max(scanned)
    if last_page not in recognised:
        raise BenchError(f"aktenscan scan printed no `Seite {last_page} erkannt` for the last page")
    t_last = scanned[last_page]
    after = [t for t in searchable if t >= t_last]
    if not after:
        raise BenchError("the last load's document was reported searchable before its last sheet")
    return {
        # scanning: from each process start to its last sheet, summed over the loads
        "scan": sum(max(r.events()[0].values()) - r.start for r in batches),
        "t_last": t_last - t0,
        "t_searchable": after[-1] - t0,
        "latency": after[-1] - t_last,
        "last_recognition": recognised[last_page] - t_last,
        "total": last.end - t0,
        # from the last sheet of one load to the start of the next (the process finishing the load)
        "between": sum(nxt.start - max(prev.events()[0].values()) for prev, nxt in zip(batches, batches[1:])),
    }


def baseline(args, env, work):
    """scanimage of every feeder load, then one `aktenscan ingest` of all pages; one page alone."""
    pages = work / "pages"
    pages.mkdir()
    scan = 0.0
    for b in range(args.batches):
        cmd = ["scanimage", "-d", DEVICE, "--source", "Automatic Document Feeder",
               f"--batch={pages}/p%04d.png", f"--batch-start={b * FEEDER_PAGES + 1}", "--format=png",
               "--resolution", args.resolution, "--mode", "Gray",
               "-x", args.width_mm, "-y", args.height_mm]
        cmd += [f"--{name}={value}" for name, value in scanner_options(args).items()]
        run = run_timed(cmd, env)
        scan += run.end - run.start
    got = len(list(pages.glob("p*.png")))
    if got != args.batches * FEEDER_PAGES:
        raise BenchError(f"scanimage wrote {got} pages, expected {args.batches * FEEDER_PAGES}")

    jobs = ["--jobs", args.jobs] if args.jobs else []
    # --split separators: the pages (no separator sheets among them) become one document, as a
    # scanned batch does; without it each file would be a document of its own.
    ingest = run_timed([args.aktenscan, "--library", work / "lib-ingest", "ingest", "--split", "separators",
                        "--title", TITLE, *jobs, pages], env)
    _, _, searchable = ingest.events()

    one = work / "one"
    one.mkdir()
    shutil.copy(pages / "p0001.png", one / "p0001.png")
    single = run_timed([args.aktenscan, "--library", work / "lib-one", "ingest", "--title", TITLE, *jobs, one], env)
    return {
        "scan": scan,
        "recognise": ingest.end - ingest.start,
        "searchable": (searchable[-1] if searchable else ingest.end) - ingest.start,
        "one_page": single.end - single.start,
        "total": scan + ingest.end - ingest.start,
    }


def one_run(i, args, env, work):
    """Both variants in fresh libraries, alternating which goes first."""
    run_dir = Path(tempfile.mkdtemp(prefix=f"run{i}-", dir=work))
    try:
        if i % 2:
            base = baseline(args, env, run_dir)
            over = overlapped(args, env, run_dir / "lib-scan")
        else:
            over = overlapped(args, env, run_dir / "lib-scan")
            base = baseline(args, env, run_dir)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    row = {**{f"o_{k}": v for k, v in over.items()}, **{f"b_{k}": v for k, v in base.items()}}
    return judge(row)


def judge(row):
    """Adds the two goals' limits and verdicts to a row (a run's or the medians')."""
    row["limit1"] = row["o_last_recognition"] + 1.0
    row["goal1"] = row["o_latency"] <= row["limit1"]
    row["limit2"] = 1.1 * max(row["b_scan"], row["b_recognise"])
    row["goal2"] = row["o_total"] <= row["limit2"]
    return row


# ---------------------------------------------------------------------------------------------
# Report


COLUMNS = [
    ("run", None),
    ("scan alone", "b_scan"),
    ("recognise alone", "b_recognise"),
    ("scan, then ingest", "b_total"),
    ("ingest: searchable", "b_searchable"),
    ("overlapped: total", "o_total"),
    ("overlapped: scanning", "o_scan"),
    ("last sheet → searchable", "o_latency"),
    ("last page's recognition", "o_last_recognition"),
    ("goal 1: ≤ recognition + 1 s", "goal1"),
    ("goal 2: total ≤ 1.1 × longer", "goal2"),
]


def cell(row, key):
    if key == "goal1":
        return f"{'PASS' if row['goal1'] else 'FAIL'} (≤ {row['limit1']:.2f} s)"
    if key == "goal2":
        return f"{'PASS' if row['goal2'] else 'FAIL'} (≤ {row['limit2']:.1f} s)"
    value = row[key]
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def table(rows, median):
    lines = ["| " + " | ".join(name for name, _ in COLUMNS) + " |",
             "| " + " | ".join("---" if key is None else "--:" for _, key in COLUMNS) + " |"]
    for label, row in [*((str(i + 1), r) for i, r in enumerate(rows)), ("**median**", median)]:
        lines.append("| " + " | ".join(label if key is None else cell(row, key) for _, key in COLUMNS) + " |")
    return lines


def medians(rows):
    keys = [k for k in rows[0] if isinstance(rows[0][k], float) and not k.startswith("limit")]
    return judge({k: statistics.median(r[k] for r in rows) for k in keys})


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def build_kind(binary):
    parts = binary.parts
    if "release" in parts:
        return "release build"
    if "debug" in parts:
        return "debug build (slower than release; not representative)"
    return "build of unknown profile"


def write_doc(args, rows, median, conditions, speed):
    pages = args.batches * FEEDER_PAGES
    opts = scanner_options(args)
    between = "" if args.batches == 1 else (
        f"the overlapped total includes a median of {median['o_between']:.2f} s between the last\n"
        "sheet of a load and the start of the next process (the first one finishing its load), which a\n"
        f"feeder holding all {pages} sheets would not have. ")
    doc = f"""# Scanning: recognition alongside the feeder

Measured by `bench/scan.sh` (this file is written by it; do not edit by hand). Run it with
`bench/scan.sh [--runs 3]` (builds the release CLI), or `AKTENSCAN_BIN=/path/to/aktenscan
bench/scan.sh` to use a binary already built; `bench/scan_bench.py --help` lists the options.

The SANE test backend (`{DEVICE}`) scans {pages} pages of {args.width_mm} × {args.height_mm} mm
at {args.resolution} dpi, Gray, test picture `{args.picture}`, slowed down with
`read-delay=yes read-delay-duration={args.delay_us}` (µs per buffer) to the speed of an office
scanner: {speed}.
Its feeder is empty after {FEEDER_PAGES} sheets (fixed in the backend), so the pages are
{args.batches} feeder loads of {FEEDER_PAGES}; the overlapped variant adds each further load to
the same record (`--record`), as after refilling the feeder.
The SANE configuration is a copy of `tests/sane` with only `geometry_max` raised where the page
needs it; nothing under `/etc` is used.

- **overlapped**:
  `aktenscan scan --device {DEVICE} --source ADF --resolution {args.resolution} --mode Gray --width-mm {args.width_mm} --height-mm {args.height_mm} {" ".join(f"--option {k}={v}" for k, v in opts.items())}{f" --jobs {args.jobs}" if args.jobs else ""}`;
  its stderr lines (`Seite N gescannt`, `Seite N erkannt`, `Dokument … durchsuchbar`) are
  timestamped as they arrive. *Total* runs from the first start to the end of the last process
  (PDF/A written); *scanning* is each process's start to its last sheet, summed; *last sheet →
  searchable* is the last `gescannt` to the last load's `durchsuchbar`; *last page's recognition*
  is that page's `erkannt` minus its `gescannt`.
- **scan, then ingest**: `scanimage --batch --format=png` with the same options, timed (*scan
  alone*), then `aktenscan ingest --split separators` of the {pages} pages (one document, as a
  scanned batch is), timed to its exit (*recognise alone*, storing and indexing included);
  *ingest: searchable* is from the start of the ingest to its `durchsuchbar` line. One page
  ingested on its own took a median of {median['b_one_page']:.2f} s (process start to exit).
- **Goal 1**: last sheet → searchable ≤ the last page's recognition + 1 s. **Goal 2**:
  overlapped total ≤ 1.1 × the longer of scan alone and recognise alone. The median row judges
  the medians.

{chr(10).join(table(rows, median))}

Conditions: {conditions}.

Notes: {between}The test pictures hold no text, so a page is recognised much faster than
a typed page would be; the benchmark measures how the pipeline overlaps with the feeder, not Tesseract.
During the scan, `aktenscan scan` reports a page's `erkannt` only when it hands over the next
sheet, so only the last page's `erkannt` time is that page's own recognition time.
"""
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(doc, encoding="utf-8")
    return args.out


def main():
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="aktenscan-scanbench-"))
    try:
        env = dict(os.environ, SANE_CONFIG_DIR=str(sane_config(work, args)))
        env.pop("AKTENSCAN_LIBRARY", None)
        check_tools(args, env)
        load_before = os.getloadavg()
        rows = []
        for i in range(args.runs):
            print(f"run {i + 1}/{args.runs} …", flush=True)
            rows.append(one_run(i, args, env, work))
        load_after = os.getloadavg()
    except BenchError as e:
        print(f"scan_bench: {e}", file=sys.stderr)
        sys.exit(1)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    median = medians(rows)
    per_page = median["b_scan"] / (args.batches * FEEDER_PAGES)
    speed = f"{per_page:.2f} s per page ({60 / per_page:.0f} pages per minute, scanimage)"
    print(f"\nscan speed: {speed}")
    print("\n".join(table(rows, median)))
    conditions = (
        f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores "
        f"({cpu_model()}), Linux {platform.release()}; {build_kind(args.aktenscan)}"
        f"{f', --jobs {args.jobs}' if args.jobs else ''}; {args.runs} run(s); load average "
        f"{load_before[0]:.2f} before, {load_after[0]:.2f} after"
    )
    out = write_doc(args, rows, median, conditions, speed)
    print(f"\nwritten: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


if __name__ == "__main__":
    main()
