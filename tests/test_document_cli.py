"""The CLI's operations behind the Metadaten and Suchen screens: the Aktenplan, a document's
Betreff/Typ/Datum, a copy of its PDF/A, and clearing the Aufbewahrungsfrist."""

import hashlib
import os
import shutil

from conftest import run, run_json


def library_copy(sample_library, tmp_path):
    lib = tmp_path / "bibliothek"
    shutil.copytree(sample_library[0], lib)
    return lib


def first_document(lib):
    record = run_json(lib, "list")[0]
    return record, record["documents"][0]


def test_aktenplan_is_the_sample_until_the_library_has_its_own(sample_library, tmp_path):
    lib = library_copy(sample_library, tmp_path)
    plan = run_json(lib, "aktenplan", "632.1")
    assert plan["sample"] is True
    assert [e["kennzeichen"] for e in plan["entries"]] == ["632.10"]
    assert "Beispiel" in run(lib, "aktenplan").stdout
    (lib / "aktenplan.json").write_text(
        '{"name": "Aktenplan Schkopau", "entries": [{"kennzeichen": "1", "titel": "Personal"}]}', encoding="utf-8")
    plan = run_json(lib, "aktenplan")
    assert plan["sample"] is False and plan["name"] == "Aktenplan Schkopau"
    (lib / "aktenplan.json").write_text("{kaputt", encoding="utf-8")
    assert run(lib, "aktenplan", check=False).returncode == 2


def test_document_set_checks_saves_and_reindexes(sample_library, tmp_path):
    lib = library_copy(sample_library, tmp_path)
    _, doc = first_document(lib)
    bad = run(lib, "document", "set", doc["id"], "--datum", "09.03.1987", check=False)
    assert bad.returncode == 2 and "JJJJ-MM-TT" in bad.stderr
    row = run_json(lib, "document", "set", doc["id"], "--betreff", "Bauantrag Garage", "--typ", "Antrag",
                   "--datum", "1987-03-09")
    assert (row["title"], row["doc_type"], row["doc_date"]) == ("Bauantrag Garage", "Antrag", "1987-03-09")
    found = run_json(lib, "search", "typ:Antrag")
    assert any(h["document_id"] == doc["id"] for h in found["hits"])
    row = run_json(lib, "document", "set", doc["id"], "--typ", "")
    assert row["doc_type"] is None and row["doc_date"] == "1987-03-09"


def test_document_pdf_is_a_whole_copy(sample_library, tmp_path):
    lib = library_copy(sample_library, tmp_path)
    _, doc = first_document(lib)
    out = tmp_path / "ablage" / "Bauantrag.pdf"
    out.parent.mkdir()
    proc = run(lib, "document", "pdf", doc["id"], out)
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert hashlib.sha256(data).hexdigest() in proc.stdout
    assert [p.name for p in out.parent.iterdir()] == ["Bauantrag.pdf"]


def test_an_aufbewahrungsfrist_can_be_cleared(sample_library, tmp_path):
    lib = library_copy(sample_library, tmp_path)
    record, _ = first_document(lib)
    assert run_json(lib, "record", "set", record["id"], "--aufbewahrung", "30")["record"]["retention_years"] == 30
    cleared = run_json(lib, "record", "set", record["id"], "--aufbewahrung", "")
    assert cleared["record"]["retention_years"] is None
    assert [c["field"] for c in cleared["changes"]] == ["retention_years"]


def test_a_refused_value_names_its_field_in_german_or_english_and_changes_nothing(sample_library, tmp_path):
    lib = library_copy(sample_library, tmp_path)
    record, _ = first_document(lib)
    before = run_json(lib, "show", record["id"])
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES", "AKTENSCAN_LANG")}
    de = run(lib, "record", "set", record["id"], "--aufbewahrung", "1000", "--laufzeit", "1994..1987",
             check=False, env=env)
    assert de.returncode == 2
    assert "Laufzeit „1994..1987“: der Beginn liegt nach dem Ende" in de.stderr
    assert "Aufbewahrungsfrist „1000“: höchstens 999 Jahre" in de.stderr
    en = run(lib, "record", "set", record["id"], "--vertraulichkeit", "009", check=False,
             env={**env, "AKTENSCAN_LANG": "en"})
    assert en.returncode == 2
    assert "Confidentiality level “009” does not exist" in en.stderr
    assert run_json(lib, "show", record["id"]) == before
