"""Splitting a scanner batch: the sample duplex stack (samples/stapel-trennblaetter/, made by
samples/generate/make_batch.py) comes out as the right documents without hand-splitting;
separator sheets and blank back sides are not stored as pages but recorded in the job."""

import json
import sqlite3

import pytest

from conftest import SAMPLES, run, run_json

BATCH = SAMPLES / "stapel-trennblaetter"
EXPECTED = json.loads((SAMPLES / "ground-truth" / "stapel-trennblaetter" / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def split_library(tmp_path_factory):
    lib = tmp_path_factory.mktemp("bibliothek")
    report = run_json(lib, "ingest", BATCH, "--title", "Abbruch Scheune Am Anger 7", "--split", "separators", "--duplex", "--jobs", "2")
    return lib, report


def test_separator_sheets_start_new_documents(split_library):
    lib, report = split_library
    assert report["failed"] == []
    assert [d["pages"] for d in report["documents"]] == [d["pages"] for d in EXPECTED["documents"]]
    for doc, expected in zip(report["documents"], EXPECTED["documents"]):
        text = run(lib, "text", doc["id"]).stdout
        assert expected["title"] in text, f"document {doc['id']} should be {expected['title']!r}:\n{text}"
    # No separator or blank page is stored: only the six content pages.
    record = run_json(lib, "show", report["record_id"])
    stored = sum(len(d["page_list"]) for d in record["documents"])
    assert stored == sum(d["pages"] for d in EXPECTED["documents"])
    assert "Trennblatt" not in run(lib, "text", report["documents"][1]["id"]).stdout


def test_cover_sheet_barcode_fills_in_the_aktenzeichen(split_library):
    lib, report = split_library
    record = run_json(lib, "show", report["record_id"])
    assert record["aktenzeichen"] == EXPECTED["aktenzeichen"]


def test_separators_and_dropped_blank_sides_are_recorded(split_library):
    lib, report = split_library
    seps = report["split"]["separators"]
    assert [s["kind"] for s in seps] == [s["kind"] for s in EXPECTED["separators"]]
    assert [[p["page_index"] + 1 for p in s["pages"]] for s in seps] == [s["source_pages"] for s in EXPECTED["separators"]]
    assert [s["barcode"] for s in seps] == [s.get("barcode") for s in EXPECTED["separators"]]
    dropped = [d["page"]["page_index"] + 1 for d in report["split"]["dropped_blank"]]
    assert dropped == EXPECTED["dropped_blank"]
    # The same facts stay in the library (jobs.spec), for the scan protocol.
    with sqlite3.connect(f"file:{lib / 'aktenscan.sqlite'}?mode=ro", uri=True) as con:
        (spec,) = con.execute("SELECT spec FROM jobs WHERE id = ?", (report["job_id"],)).fetchone()
    plan = json.loads(spec)["split_plan"]
    assert [s["kind"] for s in plan["separators"]] == ["cover", "blank", "barcode"]
    assert [d["page"]["page_index"] + 1 for d in plan["dropped_blank"]] == EXPECTED["dropped_blank"]
    assert plan["options"]["duplex"] is True


def test_ink_threshold_decides_what_is_blank(tmp_path):
    """With a threshold of 0 % nothing is blank: only the barcode sheets separate, and every
    other page (the blank sheet, all back sides, even those of the barcode sheets) is kept."""
    report = run_json(tmp_path / "lib", "ingest", BATCH, "--title", "Stapel", "--split", "separators", "--duplex", "--blank-ink", "0", "--jobs", "2")
    assert [d["pages"] for d in report["documents"]] == [9, 3]
    assert [s["kind"] for s in report["split"]["separators"]] == ["cover", "barcode"]
    assert report["split"]["dropped_blank"] == []


def test_a_killed_split_ingest_resumes_into_the_same_documents(tmp_path):
    """kill -9 while the batch is being stored; the same command continues the job with the plan
    made at the start: the same three documents, every page once."""
    import signal
    import subprocess
    import time

    from conftest import binary
    from test_resume import stored_pages

    lib = tmp_path / "bibliothek"
    args = ["ingest", BATCH, "--title", "Abbruch Scheune", "--split", "separators", "--duplex", "--jobs", "1"]
    proc = subprocess.Popen([str(binary()), "--library", str(lib), *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while stored_pages(lib) < 2 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "the ingest finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert stored_pages(lib) < 6

    report = run_json(lib, *args)
    assert [d["pages"] for d in report["documents"]] == [3, 1, 2]
    assert len(run_json(lib, "list")) == 1, "the resumed job must not make a second record"
    assert stored_pages(lib) == 6
    assert [s["kind"] for s in report["split"]["separators"]] == ["cover", "blank", "barcode"]
