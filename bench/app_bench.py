"""Speed of the desktop app, measured in a real window (Xvfb, tauri-driver, WebKitWebDriver,
selenium), on the release build and the sample library. Not a test: prints a table and writes
docs/benchmarks-app.md. Run through bench/app.sh, which builds first.

(a) start: from the app process's start (its start time in /proc) to the first frame drawn with
    the library's records listed (a performance mark the window sets), over several starts;
(b) keystroke: from the input event of one real keystroke in `search-input` to the DOM update of
    the results (MutationObserver) and to the next frame after it, measured in the page with
    performance.now(), over ~20 queries (median, p95, max);
(c) responsiveness during an import of the samples: a requestAnimationFrame heartbeat and a
    10 ms timer in the page while the import runs; the longest gaps, and keystroke latency of
    searches typed during the import.
"""

import argparse
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.file_detector import UselessFileDetector
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
WAIT = 60
WAIT_IMPORT = 900
TARGET_START_S = 1.5
TARGET_KEY_MS = 100.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"tauri-driver exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    sys.exit(f"tauri-driver did not listen on port {port} within {timeout} s")


def stop(proc):
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def until(driver, what, timeout=WAIT, message=""):
    return WebDriverWait(driver, timeout, poll_frequency=0.02).until(lambda d: what(d), message)


def by_testid(driver, name):
    return driver.find_elements(By.CSS_SELECTOR, f'[data-testid="{name}"]')


CLK_TCK = os.sysconf("SC_CLK_TCK")


def process_starts(binary: Path):
    """(pid, start as wall-clock epoch seconds) of every running process of `binary`."""
    real = os.path.realpath(binary)
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    now = time.time()
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.path.realpath(f"/proc/{pid}/exe") != real:
                continue
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # Field 22 (starttime, clock ticks after boot); the command name may hold spaces.
        fields = stat[stat.rfind(")") + 2:].split()
        start_ticks = int(fields[19])
        found.append((int(pid), now - (uptime - start_ticks / CLK_TCK)))
    return found


def percentile(values, p):
    s = sorted(values)
    if not s:
        return float("nan")
    k = max(0, min(len(s) - 1, round(p / 100 * (len(s) - 1))))
    return s[k]


def build_library(cli: Path, into: Path, jobs: int):
    import json

    manifest = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
    for r in manifest["records"]:
        subprocess.run(
            [str(cli), "--library", str(into), "ingest", str(SAMPLES / r["directory"]),
             "--title", r["title"], "--aktenzeichen", r["aktenzeichen"], "--jobs", str(jobs)],
            check=True, stdout=subprocess.DEVNULL, timeout=1800)


class Session:
    """Xvfb + tauri-driver for the whole run; one WebDriver session (one app start) at a time."""

    def __init__(self, app: Path, driver_bin: str, library: Path, work: Path):
        self.app = app
        self.library = library
        read_fd, write_fd = os.pipe()
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1366x900x24", "-nolisten", "tcp"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_fd)
        with os.fdopen(read_fd) as f:
            display = f.readline().strip()
        home = work / "home"
        home.mkdir(exist_ok=True)
        env = dict(os.environ, DISPLAY=f":{display}", AKTENSCAN_LIBRARY=str(library),
                   AKTENSCAN_USER="bench", HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
                   WEBKIT_DISABLE_COMPOSITING_MODE="1")
        env.pop("WAYLAND_DISPLAY", None)
        self.port = free_port()
        self.log = open(work / "tauri-driver.log", "w")
        self.driver_proc = subprocess.Popen(
            [driver_bin, "--port", str(self.port), "--native-port", str(free_port()),
             "--native-driver", shutil.which("WebKitWebDriver")],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)
        wait_port(self.port, self.driver_proc, 30)
        self.driver = None

    def start_app(self):
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability("tauri:options", {"application": str(self.app)})
        before = {pid for pid, _ in process_starts(self.app)}
        self.driver = webdriver.Remote(command_executor=f"http://127.0.0.1:{self.port}", options=options)
        self.driver.file_detector = UselessFileDetector()
        self.driver.set_script_timeout(WAIT)
        new = [(pid, t) for pid, t in process_starts(self.app) if pid not in before]
        return min((t for _, t in new), default=None)

    def quit_app(self):
        if self.driver is not None:
            try:
                self.driver.quit()
            except Exception:
                pass
            self.driver = None

    def close(self):
        self.quit_app()
        stop(self.driver_proc)
        stop(self.xvfb)
        self.log.close()


def measure_start(session: Session, runs: int):
    """Seconds from process start to the first frame with the records listed."""
    times = []
    for _ in range(runs):
        started = session.start_app()
        d = session.driver
        until(d, lambda d: d.execute_script(
            "return performance.getEntriesByName('aktenscan:records-listed').length > 0"),
            message="records listed")
        listed = d.execute_script(
            "return performance.timeOrigin + performance.getEntriesByName('aktenscan:records-listed')[0].startTime")
        items = len(by_testid(d, "record-list-item"))
        if started is None:
            sys.exit("could not find the app's process")
        times.append((listed / 1000 - started, items))
        session.quit_app()
        time.sleep(0.5)
    return times


# Installs the probe: the time of the next input event on the search field, of the next DOM
# change of the results, and of the frame after it.
PROBE = """
const input = document.querySelector('[data-testid=search-input]');
const results = document.querySelector('#screen-suchen .results');
const b = window.__bench = {t0: null, t1: null, t2: null, n: null};
input.value = arguments[0];
window.addEventListener('input', () => { if (b.t0 === null) b.t0 = performance.now(); }, {capture: true, once: true});
const obs = new MutationObserver(() => {
  if (b.t0 === null || b.t1 !== null) return;
  b.t1 = performance.now();
  obs.disconnect();
  requestAnimationFrame(() => {
    b.t2 = performance.now();
    b.n = document.querySelectorAll('[data-testid=search-result]').length;
  });
});
obs.observe(results, {childList: true, subtree: true, characterData: true});
"""


def keystroke(d, field, word):
    """One real keystroke (the last letter of `word`) after the rest was put in the field."""
    d.execute_script(PROBE, word[:-1])
    field.send_keys(word[-1])
    until(d, lambda d: d.execute_script("return window.__bench.t2 !== null"), message=f"results for {word}")
    b = d.execute_script("return window.__bench")
    return b["t1"] - b["t0"], b["t2"] - b["t0"], b["n"]


def query_words(count):
    """Words of the sample pages (from the ground truth), spread over the samples."""
    words = set()
    for gt in sorted((SAMPLES / "ground-truth").rglob("*.txt")):
        for w in re.findall(r"[A-Za-zÄÖÜäöüß]{7,}", gt.read_text(encoding="utf-8")):
            words.add(w)
    words = sorted(words)
    step = max(1, len(words) // count)
    return words[::step][:count]


def measure_keys(d, words):
    field = by_testid(d, "search-input")[0]
    field.click()
    rows = []
    for w in words:
        dom, frame, n = keystroke(d, field, w)
        rows.append((w, dom, frame, n))
    # Back to the overview so the next measurement starts from the same state.
    d.execute_script(PROBE, "x")
    field.send_keys("\b")
    return rows


HEARTBEAT = """
const h = window.__heartbeat = {frames: 0, maxFrameGap: 0, frameGaps: [], maxTimerLate: 0, timers: 0, running: true};
let last = performance.now();
const frame = (now) => {
  const gap = now - last; last = now; h.frames++;
  h.frameGaps.push(gap);
  if (gap > h.maxFrameGap) h.maxFrameGap = gap;
  if (h.running) requestAnimationFrame(frame);
};
requestAnimationFrame(frame);
let expected = performance.now() + 10;
const tick = () => {
  const late = performance.now() - expected;
  if (late > h.maxTimerLate) h.maxTimerLate = late;
  h.timers++;
  expected = performance.now() + 10;
  if (h.running) setTimeout(tick, 10);
};
setTimeout(tick, 10);
"""


def measure_import(d, paths, words):
    d.find_element(By.CSS_SELECTOR, '[data-testid="nav-erfassen"]').click()
    until(d, lambda d: d.find_element(By.ID, "screen-erfassen").is_displayed())
    path_input = by_testid(d, "path-input")[0]
    for p in paths:
        path_input.send_keys(str(p))
        by_testid(d, "add-path")[0].click()
    by_testid(d, "new-title")[0].send_keys("Messung: Import der Beispiele")
    d.execute_script(HEARTBEAT)
    started = time.monotonic()
    by_testid(d, "start-ingest")[0].click()
    # Searches typed while the import runs (the viewer and the search stay usable).
    until(d, lambda d: d.execute_script(
        "const p = document.querySelector('[data-testid=progress]'); return p.value > 0 || p.dataset.state === 'finished';"),
        timeout=WAIT_IMPORT, message="first page done")
    d.find_element(By.CSS_SELECTOR, '[data-testid="nav-suchen"]').click()
    field = by_testid(d, "search-input")[0]
    field.click()
    during = []
    for w in words:
        if d.execute_script("return document.querySelector('[data-testid=progress]').dataset.state") == "finished":
            break
        during.append(keystroke(d, field, w))
    until(d, lambda d: d.execute_script(
        "return document.querySelector('[data-testid=progress]').dataset.state") == "finished",
        timeout=WAIT_IMPORT, message="import finished")
    seconds = time.monotonic() - started
    h = d.execute_script("window.__heartbeat.running = false; return window.__heartbeat;")
    pages = d.execute_script("return document.querySelector('[data-testid=progress]').value")
    message = by_testid(d, "capture-message")[0].get_attribute("textContent")
    gaps = h["frameGaps"][1:]
    return {
        "seconds": seconds,
        "pages": pages,
        "message": message,
        "frames": h["frames"],
        "max_frame_gap": h["maxFrameGap"],
        "p99_frame_gap": percentile(gaps, 99),
        "frames_over_100": sum(1 for g in gaps if g > 100),
        "max_timer_late": h["maxTimerLate"],
        "during": during,
    }


def fmt_ms(v):
    return f"{v:.0f} ms" if v >= 10 else f"{v:.1f} ms"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--app", type=Path, default=ROOT / "target" / "release" / "aktenscan-app")
    ap.add_argument("--cli", type=Path, default=ROOT / "target" / "release" / "aktenscan")
    ap.add_argument("--tauri-driver", default=os.environ.get("TAURI_DRIVER") or shutil.which("tauri-driver")
                    or str(ROOT / ".tools" / "bin" / "tauri-driver"))
    ap.add_argument("--library", type=Path, help="a sample library to copy (default: ingest the samples now)")
    ap.add_argument("--starts", type=int, default=5)
    ap.add_argument("--queries", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=2, help="OCR jobs when building the sample library")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks-app.md")
    args = ap.parse_args()

    for tool in ("Xvfb", "WebKitWebDriver"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing (make deps installs it)")
    if not Path(args.tauri_driver).exists():
        sys.exit("tauri-driver is missing (make deps installs it into .tools/)")

    work = Path(tempfile.mkdtemp(prefix="aktenscan-app-bench-"))
    try:
        library = work / "bibliothek"
        if args.library:
            shutil.copytree(args.library, library)
        else:
            print("building the sample library (OCR of the samples) …", flush=True)
            build_library(args.cli, library, args.jobs)
        load_before = os.getloadavg()
        session = Session(args.app, args.tauri_driver, library, work)
        try:
            print("(a) start …", flush=True)
            starts = measure_start(session, args.starts)
            session.start_app()
            d = session.driver
            until(d, lambda d: len(by_testid(d, "record-list-item")) > 0, message="records listed")
            words = query_words(args.queries)
            print("(b) keystrokes …", flush=True)
            keys = measure_keys(d, words)
            print("(c) import …", flush=True)
            paths = [SAMPLES / "bauakte-1987", SAMPLES / "bekanntmachung-1921", SAMPLES / "ratsbeschluss-1998"]
            imp = measure_import(d, paths, words)
        finally:
            session.close()
        load_after = os.getloadavg()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    start_s = [s for s, _ in starts]
    dom = [k[1] for k in keys]
    frame = [k[2] for k in keys]
    during = [k[1] for k in imp["during"]]
    rows = [
        ("(a) start → window with the records listed", f"median {statistics.median(start_s):.2f} s, "
         f"max {max(start_s):.2f} s ({len(start_s)} starts, {starts[0][1]} records)", f"≤ {TARGET_START_S} s",
         "yes" if max(start_s) <= TARGET_START_S else "no"),
        ("(b) keystroke → results in the DOM", f"median {fmt_ms(statistics.median(dom))}, p95 {fmt_ms(percentile(dom, 95))}, "
         f"max {fmt_ms(max(dom))} ({len(dom)} queries)", f"≤ {TARGET_KEY_MS:.0f} ms",
         "yes" if percentile(dom, 95) <= TARGET_KEY_MS else "no"),
        ("(b) keystroke → next frame drawn", f"median {fmt_ms(statistics.median(frame))}, p95 {fmt_ms(percentile(frame, 95))}, "
         f"max {fmt_ms(max(frame))}", f"≤ {TARGET_KEY_MS:.0f} ms",
         "yes" if percentile(frame, 95) <= TARGET_KEY_MS else "no"),
        ("(c) import: longest frame gap", f"{fmt_ms(imp['max_frame_gap'])} (p99 {fmt_ms(imp['p99_frame_gap'])}, "
         f"{imp['frames_over_100']} of {imp['frames']} frames > 100 ms)", "no freeze", ""),
        ("(c) import: longest 10 ms timer delay", fmt_ms(imp["max_timer_late"]), "", ""),
        ("(c) keystroke → results during the import",
         (f"median {fmt_ms(statistics.median(during))}, max {fmt_ms(max(during))} ({len(during)} queries)"
          if during else "import ended before a query"), "", ""),
        ("(c) import itself", f"{imp['pages']} pages in {imp['seconds']:.0f} s: {imp['message']}", "", ""),
    ]
    conditions = (
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {platform.node()}, {os.cpu_count()} cores, "
        f"{platform.system()} {platform.release()}; release build; Xvfb 1366×900, WebKitGTK "
        f"(compositing off); load average {load_before[0]:.2f} before, {load_after[0]:.2f} after "
        f"(the machine is shared: other builds may run at the same time)")
    table = ["| measurement | result | target | met |", "| --- | --- | --- | --- |"]
    table += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    print()
    print("\n".join(table))
    print()
    print(conditions)
    print("\nper query (b): word, DOM ms, frame ms, results")
    for w, dm, fr, n in keys:
        print(f"  {w:24} {dm:7.1f} {fr:7.1f} {n:3}")

    doc = f"""# Desktop app: speed

Measured by `bench/app.sh` (this file is written by it; do not edit by hand). The release build
of the app runs under Xvfb and is driven through tauri-driver and WebKitWebDriver; the times are
taken inside the window with `performance.now()`, so WebDriver's own round trips do not count.

- **(a) start**: from the start of the app's process (its start time in `/proc`) to the first
  frame drawn with the library's records listed (a `performance.mark` the window sets), over
  {len(start_s)} starts on the sample library.
- **(b) keystroke**: one real keystroke (WebDriver key event) in `search-input`, from the input
  event to the change of the results in the DOM (a `MutationObserver`) and to the next frame,
  over {len(dom)} words of the sample pages.
- **(c) import of the samples** ({", ".join(p.name for p in paths)}) into a new record, while a
  `requestAnimationFrame` heartbeat and a 10 ms timer run in the page, and searches are typed.

{chr(10).join(table)}

Conditions: {conditions}.

The first search of a session opens the search index (the app opens it on first use), so the
first query of (b) is the slowest; its time is in the maximum, not the median.
"""
    args.out.write_text(doc, encoding="utf-8")
    print(f"\nwritten: {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")


if __name__ == "__main__":
    main()
