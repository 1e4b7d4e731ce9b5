"""Export to the e-file archive, as an archivist would check it: xdomea 0503 and 0401 messages
valid against the official XSDs (3.1.0 and 3.0.0), every primary document a PDF/A-2b, the BagIt
bag valid, a record with missing metadata refused in German with nothing left behind, and the
audit log's hash chain naming an edited or deleted entry."""

import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

import pikepdf
import pytest

from conftest import SCHEMAS, manifest, require_tool, run, run_json

NS = {"x31": "urn:xoev-de:xdomea:schema:3.1.0", "x30": "urn:xoev-de:xdomea:schema:3.0.0"}
TRICKY = 'Bauakte <Lindenstraße> & "Söhne" \'ÄÖÜß\' 🏠'


def record_id(reports, directory):
    return reports[directory]["record_id"]


def complete_metadata(library, rid):
    run(library, "record", "set", rid, "--laufzeit", "1987..1994", "--aufbewahrung", "30", "--plan", "632.10",
        "--amt", "Bauamt")


def xmllint(path, version):
    require_tool("xmllint", "libxml2-utils")
    proc = subprocess.run(
        ["xmllint", "--noout", "--schema", str(SCHEMAS / "xdomea" / version / "xdomea.xsd"), str(path)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, f"{path} does not validate against xdomea {version}:\n{proc.stderr}"


def unpack(zip_path, into):
    with zipfile.ZipFile(zip_path) as z:
        names = z.namelist()
        assert all("/" not in n for n in names), f"the ZIP must be flat: {names}"
        z.extractall(into)
    return names


@pytest.fixture(scope="module")
def export_library(sample_library, tmp_path_factory):
    """A copy of the sample library: these tests change metadata (a Vertraulichkeitsstufe of 002
    hides a record from the default search), which other modules must not see."""
    library, reports = sample_library
    copy = tmp_path_factory.mktemp("export") / "bibliothek"
    shutil.copytree(library, copy)
    return copy, reports


@pytest.fixture(scope="module")
def bauakte(export_library):
    library, reports = export_library
    rid = record_id(reports, "bauakte-1987")
    complete_metadata(library, rid)
    return library, rid, reports["bauakte-1987"]


@pytest.mark.parametrize("version", ["3.1.0", "3.0.0"])
@pytest.mark.parametrize("fmt,root", [("xdomea-0503", "Aussonderung.Aussonderung.0503"),
                                      ("xdomea-0401", "Abgabe.Abgabe.0401")])
def test_export_is_valid_xdomea_with_pdfa_documents(bauakte, tmp_path, fmt, root, version):
    library, rid, report = bauakte
    out = tmp_path / "out"
    res = run_json(library, "export", "--format", fmt, "--xdomea-version", version, "--record", rid, "--out", out)
    pid = res["prozess_id"]
    zip_path = out / f"{pid}_{root}.zip"
    assert zip_path.is_file()
    assert sorted(p.name for p in out.iterdir()) == [zip_path.name], "nothing else in --out"
    names = unpack(zip_path, tmp_path / "unz")
    message = f"{pid}_{root}.xml"
    assert message in names
    xml = tmp_path / "unz" / message
    xmllint(xml, version)

    ns = {"x": f"urn:xoev-de:xdomea:schema:{version}"}
    tree = ET.parse(xml).getroot()
    assert tree.tag == f"{{{ns['x']}}}{root}"
    assert tree.findtext("x:Kopf/x:ProzessID", namespaces=ns) == pid
    assert tree.findtext("x:Kopf/x:Nachrichtentyp/code", namespaces=ns) == root[-4:]
    assert tree.findtext("x:Kopf/x:Absender/x:Institution/x:Name", namespaces=ns) == "Gemeinde Schkopau"
    assert tree.findtext("x:Kopf/x:SendendesSystem/x:Produktname", namespaces=ns) == "Aktenscan"
    akte = tree.find("x:Schriftgutobjekt/x:Akte", ns)
    assert akte.findtext("x:Identifikation/x:ID", namespaces=ns) == rid
    assert akte.findtext("x:AllgemeineMetadaten/x:Kennzeichen", namespaces=ns) == "632.10/1987-014"
    assert akte.findtext("x:AllgemeineMetadaten/x:Vertraulichkeitsstufe/code", namespaces=ns) == "003"
    assert akte.findtext("x:AllgemeineMetadaten/x:Medium/code", namespaces=ns) == "001"
    assert akte.findtext("x:Laufzeit/x:Beginn", namespaces=ns) == "1987-01-01"
    assert akte.findtext("x:Laufzeit/x:Ende", namespaces=ns) == "1994-12-31"
    archival = akte.find("x:ArchivspezifischeMetadaten", ns)
    if fmt == "xdomea-0503":
        assert archival.findtext("x:Aufbewahrungsdauer/x:AnzahlJahre", namespaces=ns) == "30"
        assert archival.findtext("x:Aussonderungsart/x:Aussonderungsart/code", namespaces=ns) == "B"
    else:
        assert archival is None
    assert akte.findall("x:HistorienProtokollInformation", ns), "history from the audit log"

    docs = akte.findall("x:Akteninhalt/x:Dokument", ns)
    assert len(docs) == len(report["documents"])
    pdfs = sorted(n for n in names if n.endswith(".pdf"))
    named = sorted(d.findtext("x:Version/x:Format/x:Primaerdokument/x:Dateiname", namespaces=ns) for d in docs)
    assert pdfs == named
    for d in docs:
        assert d.findtext("x:Version/x:Format/x:Name/code", namespaces=ns) == "044"
        ext = d.find("x:AnwendungsspezifischeErweiterung", ns)
        assert "TR-RESISCAN" in ext.findtext("x:Name", namespaces=ns)
        assert ext.findtext("x:Beschreibung", namespaces=ns).startswith("Transfervermerk:")
        doc_id = d.findtext("x:Identifikation/x:ID", namespaces=ns)
        filename = d.findtext("x:Version/x:Format/x:Primaerdokument/x:Dateiname", namespaces=ns)
        assert filename.startswith(doc_id + "_")
    for name in pdfs:
        with pikepdf.open(tmp_path / "unz" / name) as pdf:
            result = pikepdf.pdfa.check(pdf, "2b")
            assert result.passed, f"{name}: {result.violations}"


def test_bag_is_valid_bagit(bauakte, tmp_path):
    library, rid, _ = bauakte
    out = tmp_path / "out"
    res = run_json(library, "export", "--format", "xdomea-0503", "--record", rid, "--out", out, "--bag")
    bag = out / f"{res['prozess_id']}_Aussonderung.Aussonderung.0503"
    assert res["bag"] == str(bag)
    proc = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(bag)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    info = (bag / "bag-info.txt").read_text(encoding="utf-8")
    assert f"External-Identifier: {res['prozess_id']}" in info
    assert "Source-Organization: Gemeinde Schkopau" in info
    assert "Payload-Oxum: " in info
    # The bagged ZIP is the same kind of message: check it too.
    names = unpack(bag / "data" / f"{res['prozess_id']}_Aussonderung.Aussonderung.0503.zip", tmp_path / "unz")
    xmllint(tmp_path / "unz" / f"{res['prozess_id']}_Aussonderung.Aussonderung.0503.xml", "3.1.0")
    assert len([n for n in names if n.endswith(".pdf")]) == 3
    # A changed payload is caught by the bag.
    with open(bag / "data" / f"{res['prozess_id']}_Aussonderung.Aussonderung.0503.zip", "ab") as f:
        f.write(b"x")
    proc = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(bag)], capture_output=True, text=True)
    assert proc.returncode != 0


def test_missing_metadata_is_refused_in_german_and_nothing_is_left(export_library, tmp_path):
    library, reports = export_library
    rid = record_id(reports, "bekanntmachung-1921")
    out = tmp_path / "out"
    out.mkdir()
    before = run_json(library, "audit", "verify")["entries"]
    for extra in ([], ["--bag"]):
        proc = run(library, "export", "--format", "xdomea-0503", "--record", rid, "--out", out, *extra, check=False)
        assert proc.returncode == 1, proc.stderr
        assert "Export abgelehnt" in proc.stderr
        assert "Laufzeit: Beginn fehlt" in proc.stderr
        assert "Aufbewahrungsfrist fehlt" in proc.stderr
        assert rid in proc.stderr
        assert list(out.iterdir()) == [], "a refused export leaves nothing in --out"
    # 0401 does not need an Aufbewahrungsfrist, but still a Laufzeit.
    proc = run(library, "export", "--format", "xdomea-0401", "--record", rid, "--out", out, check=False)
    assert proc.returncode == 1
    assert "Laufzeit" in proc.stderr and "Aufbewahrungsfrist" not in proc.stderr
    assert list(out.iterdir()) == []
    assert run_json(library, "audit", "verify")["entries"] == before, "a refusal is not an export"


def test_record_set_changes_metadata_and_escapes_round_trip(export_library, tmp_path):
    library, reports = export_library
    rid = record_id(reports, "ratsbeschluss-1998")
    res = run_json(library, "record", "set", rid, "--title", TRICKY, "--laufzeit", "1998-03..1998-11-30",
                   "--aufbewahrung", "unbefristet", "--vertraulichkeit", "002", "--personenbezug",
                   "--aussonderungsart", "a", "--bemerkung", "Anlage <2> & mehr")
    fields = {c["field"] for c in res["changes"]}
    assert {"title", "laufzeit_from", "laufzeit_to", "retention_unlimited", "confidentiality", "personal_data",
            "aussonderungsart", "remark"} <= fields
    shown = run_json(library, "show", rid)
    assert shown["title"] == TRICKY and shown["confidentiality"] == "002" and shown["retention_unlimited"]
    # The index follows the change: the record is now NfD and found only when 002 is allowed.
    assert run_json(library, "search", "Straßenreinigungssatzung")["total"] == 0
    hits = run_json(library, "search", "Straßenreinigungssatzung", "--confidentiality", "002,003")["hits"]
    assert hits and all(h["title"].startswith(TRICKY) for h in hits if h["record_id"] == rid)

    bad = run(library, "record", "set", rid, "--vertraulichkeit", "009", check=False)
    assert bad.returncode == 2 and "Vertraulichkeitsstufe" in bad.stderr
    bad = run(library, "record", "set", rid, "--laufzeit", "1999..1998", check=False)
    assert bad.returncode == 2 and "Beginn liegt nach dem Ende" in bad.stderr

    out = tmp_path / "out"
    res = run_json(library, "export", "--format", "xdomea-0503", "--record", rid, "--out", out)
    unpack(res["zip"], tmp_path / "unz")
    xml = tmp_path / "unz" / res["message_file"]
    xmllint(xml, "3.1.0")
    ns = {"x": NS["x31"]}
    akte = ET.parse(xml).getroot().find("x:Schriftgutobjekt/x:Akte", ns)
    assert akte.findtext("x:AllgemeineMetadaten/x:Betreff", namespaces=ns) == TRICKY
    assert akte.findtext("x:AllgemeineMetadaten/x:Bemerkung", namespaces=ns) == "Anlage <2> & mehr"
    assert akte.findtext("x:AllgemeineMetadaten/x:Vertraulichkeitsstufe/code", namespaces=ns) == "002"
    assert akte.findtext("x:Laufzeit/x:Beginn", namespaces=ns) == "1998-03-01"
    assert akte.findtext("x:Laufzeit/x:Ende", namespaces=ns) == "1998-11-30"
    arch = akte.find("x:ArchivspezifischeMetadaten", ns)
    assert arch.findtext("x:Aufbewahrungsdauer/x:Unbefristet", namespaces=ns) in ("1", "true")
    assert arch.findtext("x:Bewertungsvorschlag/code", namespaces=ns) == "A"
    changed = [h for h in akte.findall("x:HistorienProtokollInformation", ns)
               if h.findtext("x:MetadatumName", namespaces=ns) == "Betreff"]
    assert changed and changed[-1].findtext("x:MetadatumNeuerWert", namespaces=ns) == TRICKY


@pytest.fixture
def library_copy(export_library, tmp_path):
    """A copy of the library to tamper with (the shared one stays intact)."""
    library, reports = export_library
    assert run(library, "audit", "verify").returncode == 0
    copy = tmp_path / "bibliothek"
    shutil.copytree(library, copy, ignore=shutil.ignore_patterns("index"))
    return copy


def sql(library, statement):
    require_tool("sqlite3", "sqlite3")
    proc = subprocess.run(["sqlite3", str(library / "aktenscan.sqlite"), statement], capture_output=True, text=True)
    return proc


def entries(library):
    with sqlite3.connect(library / "aktenscan.sqlite") as db:
        return db.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def test_audit_log_refuses_plain_edits(library_copy):
    assert sql(library_copy, "UPDATE audit_log SET actor = 'jemand' WHERE seq = 2").returncode != 0
    assert sql(library_copy, "DELETE FROM audit_log WHERE seq = 1").returncode != 0
    assert run(library_copy, "audit", "verify").returncode == 0


def test_audit_verify_names_an_edited_entry(library_copy):
    proc = sql(library_copy, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'jemand' WHERE seq = 2")
    assert proc.returncode == 0, proc.stderr
    res = run(library_copy, "audit", "verify", "--json", check=False)
    assert res.returncode == 1
    broken = __import__("json").loads(res.stdout)["broken"]
    assert broken["seq"] == 2 and "altered" in broken["problem"]
    assert "Eintrag 2" in run(library_copy, "audit", "verify", check=False).stderr


def test_audit_verify_names_a_deleted_last_entry(library_copy):
    n = entries(library_copy)
    proc = sql(library_copy, f"DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = {n}")
    assert proc.returncode == 0, proc.stderr
    res = run(library_copy, "audit", "verify", "--json", check=False)
    assert res.returncode == 1
    broken = __import__("json").loads(res.stdout)["broken"]
    assert broken["seq"] == n and "missing" in broken["problem"]
    assert f"Eintrag {n}" in run(library_copy, "audit", "verify", check=False).stderr


def test_manifest_records_are_known():
    # Guards the fixture names this module relies on.
    dirs = {r["directory"] for r in manifest()["records"]}
    assert {"bauakte-1987", "ratsbeschluss-1998", "bekanntmachung-1921"} <= dirs


def metadata_of(xml_path):
    """Every metadata field of a message, without what differs by nature between two exports
    (ids, file names, times, history, the audit head)."""
    root = ET.parse(xml_path).getroot()
    ns = {"x": root.tag[1:].split("}")[0]}

    def flat(node, skip=()):
        out = []
        for el in node.iter():
            tag = el.tag.split("}")[-1]
            if tag in skip:
                continue
            if len(el) == 0 and (el.text or "").strip():
                out.append((tag, el.text))
        return out

    records = []
    for akte in root.findall("x:Schriftgutobjekt/x:Akte", ns):
        meta = flat(akte.find("x:AllgemeineMetadaten", ns))
        arch = akte.find("x:ArchivspezifischeMetadaten", ns)
        laufzeit = akte.find("x:Laufzeit", ns)
        ext = [(f.findtext("x:Name", namespaces=ns), f.findtext("x:Wert", namespaces=ns))
               for f in akte.findall("x:AnwendungsspezifischeErweiterung/x:Feld", ns)
               if f.findtext("x:Name", namespaces=ns) != "AuditKopf"]
        docs = []
        for d in akte.findall("x:Akteninhalt/x:Dokument", ns):
            docs.append((
                d.findtext("x:Identifikation/x:NummerImUebergeordnetenContainer", namespaces=ns),
                flat(d.find("x:AllgemeineMetadaten", ns)),
                d.findtext("x:DatumDesSchreibens", namespaces=ns),
                d.findtext("x:Typ", namespaces=ns),
                d.findtext("x:Version/x:Format/x:Name/code", namespaces=ns),
            ))
        records.append((meta, flat(arch) if arch is not None else None,
                        flat(laufzeit) if laufzeit is not None else None, ext, docs))
    return records


def test_export_import_export_keeps_every_metadata_field(bauakte, tmp_path):
    library, rid, report = bauakte
    first = run_json(library, "export", "--format", "xdomea-0503", "--record", rid, "--out", tmp_path / "out1")
    unpack(first["zip"], tmp_path / "unz1")
    xmllint(tmp_path / "unz1" / first["message_file"], "3.1.0")

    other = tmp_path / "andere-bibliothek"
    imported = run_json(other, "import-xdomea", first["zip"], "--jobs", "2")
    assert imported["message"] == "0503" and imported["prozess_id"] == first["prozess_id"]
    (rec,) = imported["records"]
    assert rec["skipped"] == []
    assert len(rec["documents"]) == len(report["documents"])
    shown = run_json(other, "show", rec["id"])
    assert shown["aktenzeichen"] == "632.10/1987-014"
    assert shown["laufzeit_from"] == "1987" and shown["laufzeit_to"] == "1994"
    assert shown["retention_years"] == 30
    assert all(d["status"] == "complete" for d in shown["documents"])
    # Imported documents are searchable at once.
    assert run_json(other, "search", "Garage")["total"] > 0

    second = run_json(other, "export", "--format", "xdomea-0503", "--record", rec["id"], "--out", tmp_path / "out2")
    names = unpack(second["zip"], tmp_path / "unz2")
    xmllint(tmp_path / "unz2" / second["message_file"], "3.1.0")
    assert metadata_of(tmp_path / "unz1" / first["message_file"]) == metadata_of(tmp_path / "unz2" / second["message_file"])
    for name in names:
        if name.endswith(".pdf"):
            with pikepdf.open(tmp_path / "unz2" / name) as pdf:
                assert pikepdf.pdfa.check(pdf, "2b").passed
    assert run(other, "audit", "verify").returncode == 0


def test_another_systems_message_is_imported_and_the_missing_file_named(tmp_path):
    example = (SCHEMAS.parent.parent / "crates" / "xdomea" / "tests" / "data"
               / "9fde4e7a-b41b-11ec-9225-005056871b7c_Aussonderung.Aussonderung.0503.xml")
    proc = run(tmp_path / "lib", "import-xdomea", example, "--json", check=False)
    assert proc.returncode == 1, "the primary document is not in the package"
    assert "fehlt im Paket" in proc.stderr
    report = __import__("json").loads(proc.stdout)
    (rec,) = report["records"]
    shown = run_json(tmp_path / "lib", "show", rec["id"])
    assert shown["title"] == "[Vorgangsbetreff]"
    assert shown["laufzeit_from"] == "2010-04-04" and shown["laufzeit_to"] == "2012-04-04"


def test_sichtkontrolle_and_paper_original_reach_the_scan_protocol(bauakte, tmp_path):
    library, rid, report = bauakte
    doc = report["documents"][0]["id"]
    check = run_json(library, "document", "check", doc, "--befund", "Seite 2 unscharf", "--nachgescannt", "2")
    assert check["scope"] == "Stichprobe" and check["anomalies"] == "Seite 2 unscharf"
    run(library, "record", "set", rid, "--papier", "an das Kreisarchiv übergeben", "--standort", "Registratur, Regal 7")
    protocol = run_json(library, "document", "protokoll", doc)
    text = protocol["transfervermerk"]
    assert text.startswith("Transfervermerk:")
    assert "Stichprobe" in text and "Befund: Seite 2 unscharf; nachgescannt: 2" in text
    assert "Verbleib des Papieroriginals: an das Kreisarchiv übergeben (Standort: Registratur, Regal 7)" in text
    fields = {f["name"]: f["value"] for f in protocol["fields"]}
    assert fields["Seiten erwartet"] == fields["Seiten erfasst"]
    assert "SHA-256" in fields["Seite 1"]

    res = run_json(library, "export", "--format", "xdomea-0503", "--record", rid, "--out", tmp_path / "out")
    unpack(res["zip"], tmp_path / "unz")
    xml = tmp_path / "unz" / res["message_file"]
    xmllint(xml, "3.1.0")
    ns = {"x": NS["x31"]}
    akte = ET.parse(xml).getroot().find("x:Schriftgutobjekt/x:Akte", ns)
    assert akte.findtext("x:Standort", namespaces=ns) == "Registratur, Regal 7"
    for d in akte.findall("x:Akteninhalt/x:Dokument", ns):
        if d.findtext("x:Identifikation/x:ID", namespaces=ns) == doc:
            felder = {f.findtext("x:Name", namespaces=ns): f.findtext("x:Wert", namespaces=ns)
                      for f in d.findall("x:AnwendungsspezifischeErweiterung/x:Feld", ns)}
            assert "Befund: Seite 2 unscharf" in felder["Sichtkontrolle"]
            break
    else:
        pytest.fail(f"document {doc} not in the message")


def test_several_records_in_one_message_and_only_the_incomplete_one_named(bauakte, export_library, tmp_path):
    library, rid, report = bauakte
    _, reports = export_library
    other = record_id(reports, "bekanntmachung-1921")
    out = tmp_path / "out"
    proc = run(library, "export", "--format", "xdomea-0401", "--record", rid, "--record", other, "--out", out,
               check=False)
    assert proc.returncode == 1
    assert other in proc.stderr and rid not in proc.stderr, proc.stderr
    assert not out.exists() or list(out.iterdir()) == []

    run(library, "record", "set", other, "--laufzeit", "1921-11..1922-03", "--aufbewahrung", "unbefristet")
    res = run_json(library, "export", "--format", "xdomea-0401", "--xdomea-version", "3.0.0", "--record", rid,
                   "--record", other, "--out", out)
    assert res["records"] == [rid, other]
    names = unpack(res["zip"], tmp_path / "unz")
    xmllint(tmp_path / "unz" / res["message_file"], "3.0.0")
    assert len([n for n in names if n.endswith(".pdf")]) == len(report["documents"]) + 1
    ns = {"x": NS["x30"]}
    akten = ET.parse(tmp_path / "unz" / res["message_file"]).getroot().findall("x:Schriftgutobjekt/x:Akte", ns)
    assert [a.findtext("x:Identifikation/x:ID", namespaces=ns) for a in akten] == [rid, other]
    assert akten[1].findtext("x:Laufzeit/x:Beginn", namespaces=ns) == "1921-11-01"
    assert akten[1].findtext("x:Laufzeit/x:Ende", namespaces=ns) == "1922-03-31"
