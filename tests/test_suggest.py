"""Suggestions while describing a record (`aktenscan suggest`, `record set --accept-suggestions`)
on the sample records' OCR text: the letter's own date (not the birth date or a quoted date), the
document type, the Betreff, the Aktenzeichen of the plan, the Laufzeit from the documents' dates,
and Personenbezug with its reasons; accepting applies them through the usual checks and logs
every decision."""

import json
import shutil
import sqlite3
import subprocess
import sys

import pytest

from conftest import ROOT, run, run_json


@pytest.fixture
def library(sample_library, tmp_path):
    """A copy of the sample library (these tests change records)."""
    copy = tmp_path / "bibliothek"
    shutil.copytree(sample_library[0], copy)
    return copy, sample_library[1]


def by_file(suggestions, report):
    """The documents' suggestions by the sample file they were made from."""
    names = {d["id"]: d["source"].rsplit("/", 1)[-1] for d in report["documents"]}
    return {names[d["document_id"]]: {s["field"]: s for s in d["suggestions"]} for d in suggestions["documents"]}


def test_the_bauakte_gets_its_dates_types_subjects_and_personenbezug(library):
    lib, reports = library
    report = reports["bauakte-1987"]
    s = run_json(lib, "suggest", report["record_id"])
    record = {x["field"]: x for x in s["suggestions"]}
    # The Aktenzeichen is set already (at ingest): not suggested again.
    assert "aktenzeichen" not in record
    assert record["laufzeit"]["value"] == "1987-03-09..1987-04-21"
    assert record["personal_data"]["value"] == "ja"
    assert "Geburtsdatum" in record["personal_data"]["reason"]
    assert "Anschrift einer Privatperson" in record["personal_data"]["reason"]
    docs = by_file(s, report)
    assert docs["01-bauantrag.tif"]["doc_date"]["value"] == "1987-03-09", "the signing date, not the birth date 14.07.1941"
    assert docs["02-schreiben.jpg"]["doc_date"]["value"] == "1987-03-23", "under Datum, not the quoted 09.03.1987"
    assert docs["03-bescheid.png"]["doc_date"]["value"] == "1987-04-21"
    assert [docs[f]["doc_type"]["value"] for f in sorted(docs)] == ["Antrag", "Schreiben", "Bescheid"]
    assert docs["02-schreiben.jpg"]["title"]["value"].startswith("Bauantrag Einzelgarage Lindenstraße 4")
    # Each suggestion says where it was read: the page and the words' boxes.
    date = docs["03-bescheid.png"]["doc_date"]
    assert date["evidence"][0]["text"] == "21.04.1987" and date["evidence"][0]["boxes"]
    assert "Seite 1" in run(lib, "suggest", report["record_id"]).stdout


def test_a_council_decision_holds_no_personal_data(library):
    lib, reports = library
    s = run_json(lib, "suggest", reports["ratsbeschluss-1998"]["record_id"])
    assert "personal_data" not in {x["field"] for x in s["suggestions"]}, "officials' names are no personal data"
    assert all(d["personal_data"] == [] for d in s["documents"])


def test_accepting_applies_the_suggestions_and_logs_each_decision(library):
    lib, reports = library
    rid = reports["bauakte-1987"]["record_id"]
    res = run_json(lib, "record", "set", rid, "--accept-suggestions", "personenbezug,datum,laufzeit")
    assert res["suggestions_accepted"] == 5, res
    shown = run_json(lib, "show", rid)
    assert shown["personal_data"] is True
    assert (shown["laufzeit_from"], shown["laufzeit_to"]) == ("1987-03-09", "1987-04-21")
    with sqlite3.connect(f"file:{lib / 'aktenscan.sqlite'}?mode=ro", uri=True) as db:
        dates = db.execute("SELECT doc_date FROM documents WHERE record_id = ? ORDER BY position", (rid,)).fetchall()
        logged = db.execute("SELECT count(*) FROM audit_log WHERE action = 'suggestion.accept'").fetchone()[0]
    assert dates == [("1987-03-09",), ("1987-03-23",), ("1987-04-21",)]
    assert logged == 5
    # What is set now is not suggested again; the type and Betreff still are.
    again = run_json(lib, "suggest", rid)
    assert {x["field"] for x in again["suggestions"]} == {"aktenplan_unit"}, "not accepted: still offered"
    assert all({s["field"] for s in d["suggestions"]} == {"doc_type", "title"} for d in again["documents"])
    bad = run(lib, "record", "set", rid, "--accept-suggestions", "farbe", check=False)
    assert bad.returncode == 2 and "farbe" in bad.stderr


def test_the_1921_fraktur_notice_gets_its_date_and_type(library):
    lib, reports = library
    report = reports["bekanntmachung-1921"]
    docs = by_file(run_json(lib, "suggest", report["record_id"]), report)
    notice = docs["01-bekanntmachung.tif"]
    assert notice["doc_date"]["value"] == "1921-11-18", "„Schkopau, den 18. November 1921.“, not the 1908 ordinance"
    assert notice["doc_type"]["value"] == "Bekanntmachung"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Typed pages with traps made by bench/make_suggest_pages.py, two of its records ingested
    (recognised by Tesseract like any scan)."""
    pytest.importorskip("PIL", reason="Pillow is in tests/requirements.txt")
    out = tmp_path_factory.mktemp("generiert")
    subprocess.run([sys.executable, str(ROOT / "bench" / "make_suggest_pages.py"), "--out", str(out)],
                   check=True, capture_output=True)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    expected = json.loads((out / "ground-truth" / "fields.json").read_text(encoding="utf-8"))["records"]
    lib = tmp_path_factory.mktemp("bibliothek-generiert")
    reports = {}
    for r in manifest["records"]:
        if r["directory"] in ("bauvoranfrage-1999", "friedhof-2016"):
            reports[r["directory"]] = run_json(lib, "ingest", out / r["directory"], "--title", r["title"], "--jobs", "2")
    return lib, reports, expected


@pytest.mark.parametrize("record", ["bauvoranfrage-1999", "friedhof-2016"])
def test_generated_pages_with_traps(generated, record):
    """bauvoranfrage-1999: the record's own Aktenzeichen stands only under "Unser Zeichen" of a
    header row, an older one is quoted as "Bezug: Az." right below and in the body of a company's
    application; a company's address and account are no personal data. friedhof-2016: a private
    IBAN and a birth date are, the town hall's IBAN in the footer is not; several dates per page."""
    lib, reports, expected = generated
    want = expected[record]
    s = run_json(lib, "suggest", reports[record]["record_id"])
    got = {x["field"]: x["value"] for x in s["suggestions"]}
    assert got.get("aktenzeichen") == want["aktenzeichen"], s["suggestions"]
    assert ("personal_data" in got) == want["personal_data"]
    docs = by_file(s, reports[record])
    for name, fields in want["documents"].items():
        assert docs[name]["doc_date"]["value"] == fields["doc_date"], name
    findings = {d["document_id"]: d["personal_data"] for d in s["documents"]}
    names = {d["id"]: d["source"].rsplit("/", 1)[-1] for d in reports[record]["documents"]}
    for doc_id, cues in findings.items():
        assert bool(cues) == want["documents"][names[doc_id]]["personal_data"], (names[doc_id], cues)
