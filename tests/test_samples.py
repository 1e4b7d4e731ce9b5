"""The bundled samples, ingested as a clerk would: every page stored once, text close to the
ground truth, every PDF a valid PDF/A-2b that pdftotext can read, every ALTO file valid."""

import subprocess

import pikepdf
import pytest

from conftest import SAMPLES, SCHEMAS, manifest, require_tool, run, run_json
from textnorm import cer

# Highest character error rate accepted per kind of page (normalised, see textnorm.py), set from
# the measurements in docs/quality.md with headroom for Tesseract builds that differ slightly.
CER_LIMITS = {"modern": 0.03, "fraktur": 0.05}


def sample_files():
    for record in manifest()["records"]:
        for f in record["files"]:
            yield record, f


def document_for(library, reports, record, name):
    for doc in reports[record["directory"]]["documents"]:
        if doc["source"].endswith("/" + name):
            return run_json(library, "show", doc["id"])
    pytest.fail(f"{name} was not ingested: {reports[record['directory']]}")


def test_every_sample_file_becomes_one_complete_document(sample_library):
    library, reports = sample_library
    for record in manifest()["records"]:
        report = reports[record["directory"]]
        assert report["failed"] == []
        names = sorted(d["source"].rsplit("/", 1)[-1] for d in report["documents"])
        assert names == sorted(f["name"] for f in record["files"])
        for f in record["files"]:
            doc = document_for(library, reports, record, f["name"])
            assert doc["status"] == "complete"
            assert doc["pages"] == f["pages"] == len(doc["page_list"])


@pytest.mark.parametrize("record,sample", list(sample_files()), ids=lambda v: v.get("name", "") if isinstance(v, dict) else "")
def test_recognised_text_matches_ground_truth(sample_library, record, sample):
    library, reports = sample_library
    doc = document_for(library, reports, record, sample["name"])
    text = run(library, "text", doc["id"]).stdout
    truth = (SAMPLES / sample["ground_truth"]).read_text(encoding="utf-8")
    limit = CER_LIMITS["fraktur" if "fraktur" in sample.get("script", "").lower() else "modern"]
    got = cer(text, truth)
    print(f"{sample['name']}: CER {got:.2%}")
    assert got <= limit, f"{sample['name']}: CER {got:.2%} above {limit:.0%}\n--- text ---\n{text}"


def test_pdfs_are_pdfa_2b_and_searchable(sample_library):
    require_tool("pdftotext", "poppler-utils")
    library, reports = sample_library
    for record, sample in sample_files():
        doc = document_for(library, reports, record, sample["name"])
        pdf = library / doc["files"]["pdf"]
        with pikepdf.open(pdf) as p:
            result = pikepdf.pdfa.check(p, "2b")
            assert result.passed, f"{sample['name']}: {result.violations}"
            assert len(p.pages) == sample["pages"]
        extracted = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        stored = run(library, "text", doc["id"]).stdout
        words = [w for w in stored.split() if len(w) >= 6 and w.isalpha()][:20]
        assert words, f"{sample['name']}: no text recognised"
        missing = [w for w in words if w not in extracted]
        assert len(missing) <= len(words) // 10, f"{sample['name']}: pdftotext lacks {missing}"


def test_alto_files_validate_against_alto_4_4(sample_library):
    require_tool("xmllint", "libxml2-utils")
    library, reports = sample_library
    files = []
    for record, sample in sample_files():
        doc = document_for(library, reports, record, sample["name"])
        files += [str(library / p["files"]["alto"]) for p in doc["page_list"]]
    proc = subprocess.run(
        ["xmllint", "--noout", "--schema", str(SCHEMAS / "alto" / "alto-4-4.xsd"), *files],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr


def test_show_lists_every_stored_file_and_they_exist(sample_library):
    library, reports = sample_library
    record_id = next(iter(reports.values()))["record_id"]
    record = run_json(library, "show", record_id)
    assert record["type"] == "record"
    for doc in record["documents"]:
        paths = [doc["files"]["original"], doc["files"]["pdf"]]
        for page in doc["page_list"]:
            paths += [page["files"]["image"], page["files"]["alto"], page["files"]["text"]]
        for rel in paths:
            assert not rel.startswith("/"), rel
            assert (library / rel).is_file(), rel


def test_upside_down_page_is_turned_and_recorded(sample_library):
    library, reports = sample_library
    turned = [
        (record, f) for record, f in sample_files() if f.get("rotation") in (180, "180")
    ]
    assert turned, "the samples include an upside-down page"
    for record, f in turned:
        doc = document_for(library, reports, record, f["name"])
        assert doc["page_list"][0]["ocr"]["orientation"] == "Cw180"


def test_list_names_the_records(sample_library):
    library, _ = sample_library
    listed = run_json(library, "list")
    assert sorted(r["aktenzeichen"] for r in listed) == sorted(r["aktenzeichen"] for r in manifest()["records"])
    human = run(library, "list").stdout
    assert "632.10/1987-014" in human


def test_a_listing_read_by_a_reader_that_stops_early_ends_quietly(sample_library):
    """`aktenscan text … | head -1`: when the reader has gone before the listing is written,
    the listing ends at once, as grep or ls would, without a panic on standard error."""
    import os

    from conftest import binary

    library, _ = sample_library
    document = run_json(library, "show", run_json(library, "list")[0]["id"])["documents"][0]["id"]
    for args in (["list"], ["text", document], ["search", "Bauantrag"]):
        read, write = os.pipe()
        os.close(read)  # the reader is gone before a line is written
        proc = subprocess.run([str(binary()), "--library", str(library), *args], stdout=write,
                              stderr=subprocess.PIPE, text=True, timeout=120)
        os.close(write)
        assert "panicked" not in proc.stderr and "Broken pipe" not in proc.stderr, (args, proc.stderr)
        assert proc.returncode in (-13, 141, 0), (args, proc.returncode, proc.stderr)
