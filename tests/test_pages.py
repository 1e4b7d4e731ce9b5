"""Editing a document's pages from the command line, as a clerk would after a scan: turn a
page, put it first, split the document, take a page out; each edit leaves the PDF/A, the
search index and the audit log in step (`aktenscan document pages`)."""

import pikepdf
import pytest

from conftest import SAMPLES, run, run_json

BAUANTRAG = SAMPLES / "bauakte-1987" / "01-bauantrag.tif"


def pages(library, doc):
    return run_json(library, "document", "pages", doc)["pages"]


def pdf_of(library, doc):
    return library / run_json(library, "show", doc)["files"]["pdf"]


def pdf_rotations(path):
    """The /Rotate of each page of a PDF/A-2b (checked)."""
    with pikepdf.open(path) as pdf:
        result = pikepdf.pdfa.check(pdf, "2b")
        assert result.passed, result.violations
        return [int(page.obj.get("/Rotate", 0)) for page in pdf.pages]


def search(library, query):
    return [(h["document_id"], h["page"]) for h in run_json(library, "search", query)["hits"]]


@pytest.fixture(scope="module")
def bauantrag(tmp_path_factory):
    """A library with the two-page Bauantrag ingested (page 2 has "Regentonne")."""
    lib = tmp_path_factory.mktemp("seiten")
    report = run_json(lib, "ingest", BAUANTRAG, "--title", "Bauakte Lindenstraße 4", "--jobs", "2")
    (doc,) = report["documents"]
    return lib, doc["id"]


def test_pages_are_listed_with_their_text(bauantrag):
    lib, doc = bauantrag
    listed = pages(lib, doc)
    assert [p["page"] for p in listed] == [1, 2]
    assert [p["rotation"] for p in listed] == [0, 0]
    assert "Regentonne" in listed[1]["text"]


def test_rotate_move_split_delete(bauantrag):
    lib, doc = bauantrag
    before = pages(lib, doc)
    old_pdf = pdf_of(lib, doc)

    turned = run_json(lib, "document", "pages", doc[:8], "--rotate", "2:90")
    assert turned["pages"] == 2 and turned["index_error"] is None
    assert [p["rotation"] for p in pages(lib, doc)] == [0, 90]
    assert pdf_rotations(pdf_of(lib, doc)) == [0, 90]
    assert old_pdf.exists(), "the previous PDF/A stays in the library"

    run_json(lib, "document", "pages", doc, "--move", "2:1")
    after = pages(lib, doc)
    assert [p["image_sha256"] for p in after] == [before[1]["image_sha256"], before[0]["image_sha256"]]
    assert "Regentonne" in after[0]["text"]
    assert pdf_rotations(pdf_of(lib, doc)) == [90, 0]
    assert search(lib, "Regentonne") == [(doc, 1)]

    split = run_json(lib, "document", "pages", doc, "--split-at", "2")
    new = split["new_document"]
    assert split["pages"] == 1 and new["pages"] == 1
    assert search(lib, "Gemarkung") == [(new["id"], 1)]
    assert search(lib, "Regentonne") == [(doc, 1)]
    assert [p["image_sha256"] for p in pages(lib, new["id"])] == [before[0]["image_sha256"]]
    assert pdf_rotations(pdf_of(lib, new["id"])) == [0]

    # The only page of a document cannot be taken out; the message says why.
    refused = run(lib, "document", "pages", new["id"], "--delete", "1", check=False)
    assert refused.returncode != 0
    assert "einzige Seite" in refused.stderr
    # Nonsense is refused before anything is written.
    bad = run(lib, "document", "pages", doc, "--rotate", "1:45", check=False)
    assert bad.returncode != 0 and "Vierteldrehungen" in bad.stderr
    bad = run(lib, "document", "pages", doc, "--move", "1-2", check=False)
    assert bad.returncode != 0 and "FROM:TO" in bad.stderr

    verified = run_json(lib, "audit", "verify")
    assert verified["intact"]


def test_each_edit_is_in_the_audit_log(bauantrag):
    lib, doc = bauantrag
    db = lib / "aktenscan.sqlite"
    import sqlite3

    with sqlite3.connect(db) as con:
        actions = [a for (a,) in con.execute("SELECT action FROM audit_log WHERE subject = ? ORDER BY seq", (doc,))]
        actors = {a for (a,) in con.execute("SELECT actor FROM audit_log WHERE action = 'document.pages'")}
    assert actions.count("document.pages") == 3
    assert actors and "" not in actors
