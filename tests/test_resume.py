"""Never lose work: kill -9 in the middle of a 50-page ingest, start again, and every page is
stored exactly once, with one complete PDF/A."""

import json
import signal
import sqlite3
import subprocess
import time

import pikepdf
from PIL import Image

from conftest import SAMPLES, binary, manifest, run, run_json

PAGES = 50


def make_batch(folder):
    """A 50-page multi-page TIFF from the sample pages, reduced to keep OCR quick."""
    sources = [
        SAMPLES / r["directory"] / f["name"]
        for r in manifest()["records"]
        for f in r["files"]
        if f["name"].endswith((".png", ".jpg", ".tif"))
    ]
    pages = []
    for src in sources:
        with Image.open(src) as im:
            for i in range(getattr(im, "n_frames", 1)):
                im.seek(i)
                pages.append(im.convert("L").reduce(2))
    frames = [pages[i % len(pages)] for i in range(PAGES)]
    folder.mkdir()
    target = folder / "stapel-50.tif"
    frames[0].save(target, save_all=True, append_images=frames[1:], compression="tiff_lzw", dpi=(150, 150))
    return target


def stored_pages(lib):
    db = lib / "aktenscan.sqlite"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
            return con.execute("SELECT COUNT(*) FROM pages").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_kill_9_then_resume_stores_every_page_exactly_once(tmp_path):
    batch = make_batch(tmp_path / "eingang")
    lib = tmp_path / "bibliothek"
    args = ["ingest", batch.parent, "--title", "Großer Stapel", "--aktenzeichen", "022.31/2001-007", "--jobs", "2"]
    proc = subprocess.Popen([str(binary()), "--library", str(lib), *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 300
    while stored_pages(lib) < 10 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
    assert proc.poll() is None, "the ingest finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    before = stored_pages(lib)
    assert 10 <= before < PAGES

    result = run_json(lib, *args, timeout=600)
    assert result["failed"] == []
    assert [d["pages"] for d in result["documents"]] == [PAGES]
    assert result["pages_processed"] == PAGES - before

    with sqlite3.connect(lib / "aktenscan.sqlite") as con:
        rows = con.execute("SELECT page_no, COUNT(*) FROM pages GROUP BY page_no ORDER BY page_no").fetchall()
        assert rows == [(n, 1) for n in range(1, PAGES + 1)]
        assert con.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 1
        assert con.execute("SELECT status FROM jobs").fetchall() == [("finished",)]
    doc = run_json(lib, "show", result["documents"][0]["id"])
    assert doc["status"] == "complete"
    with pikepdf.open(lib / doc["files"]["pdf"]) as pdf:
        assert len(pdf.pages) == PAGES
    # Nothing left to resume.
    assert json.loads(run(lib, "resume", "--json").stdout) == []
