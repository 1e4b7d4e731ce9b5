//! Export of a small library: every message validates against the xdomea XSDs (xmllint), the
//! ZIP holds what the message names, difficult text round-trips, and a refused export leaves
//! nothing behind.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use aktenscan_model::{Aussonderungsart, Confidentiality, Retention};
use aktenscan_model::{OcrFacts, Orientation, PageText, TextSource};
use aktenscan_store::{Library, NewPage, NewRecord, RecordPatch};
use aktenscan_xdomea::{
    ExportRequest, MessageKind, Profile, Written, XdomeaError, XdomeaVersion, SCAN_EXTENSION,
};

const TRICKY: &str = "Bauakte <Lindenstraße> & \"Söhne\" 'ÄÖÜß' 🏠";

fn schema(version: XdomeaVersion) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/schemas/xdomea")
        .join(version.as_str())
        .join("xdomea.xsd")
}

fn xmllint(xml: &Path, version: XdomeaVersion) {
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema(version))
        .arg(xml)
        .output()
        .expect("xmllint is needed (Debian package libxml2-utils)");
    assert!(
        out.status.success(),
        "{} does not validate:\n{}",
        xml.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Exports, and validates the message of every export against its XSD.
fn export(
    lib: &mut Library,
    req: &ExportRequest,
    out: &Path,
    bag: bool,
) -> Result<Written, XdomeaError> {
    let written = aktenscan_xdomea::export(lib, req, out, bag, &|_, _| None)?;
    let (name, xml) = zip_entries(&written.zip).remove(0);
    let path = out.join(format!(".check-{name}"));
    std::fs::write(&path, xml).unwrap();
    xmllint(&path, req.version);
    std::fs::remove_file(&path).unwrap();
    Ok(written)
}

/// A library with one record of two documents (fake PDF bytes: this test is about the
/// message, the e2e tests check real PDF/A).
fn library(dir: &Path, complete_metadata: bool) -> (Library, String) {
    let mut lib = Library::open(dir).unwrap();
    let record = lib
        .create_record(&NewRecord {
            title: TRICKY.into(),
            aktenzeichen: Some("632.10/1987-014".into()),
            ..Default::default()
        })
        .unwrap();
    for (i, title) in ["Bauantrag", "Baugenehmigung <Bescheid> & Auflagen"]
        .iter()
        .enumerate()
    {
        let original = lib.put_file(format!("tif {i}").as_bytes(), "tif").unwrap();
        let doc = lib
            .add_document(
                &record.id,
                i as i64 + 1,
                title,
                &format!("/scans/0{i}-seite.tif"),
                &original,
                1,
            )
            .unwrap();
        let image = lib.put_file(format!("img {i}").as_bytes(), "png").unwrap();
        let alto = lib.put_file(b"<alto/>", "alto.xml").unwrap();
        let text = lib.put_file(b"Text", "txt").unwrap();
        lib.add_page(&NewPage {
            document_id: doc.id.clone(),
            page_no: 1,
            image,
            width: 2480,
            height: 3508,
            dpi: (300.0, 300.0),
            origin: "image_file".into(),
            facts: OcrFacts {
                source: TextSource::Ocr {
                    model: "deu".into(),
                },
                orientation: Orientation::default(),
                orientation_confidence: None,
                skew_degrees: 0.4,
                script: Some("Latin".into()),
                mean_confidence: Some(0.91),
                ocr_ms: 100,
            },
            alto,
            text_file: text,
            text: PageText::default(),
        })
        .unwrap();
        let pdf = lib
            .put_file(format!("%PDF-1.7 fake {i}").as_bytes(), "pdf")
            .unwrap();
        lib.complete_document(&doc.id, &pdf).unwrap();
    }
    if complete_metadata {
        lib.update_record(
            &record.id,
            &RecordPatch {
                laufzeit: Some(Some("1987..1994-06".parse().unwrap())),
                retention: Some(Some(Retention::Years(30))),
                office: Some("Bauamt & Ordnungsamt".into()),
                aktenplan_unit: Some("632.10".into()),
                location: Some("Bauamt, Keller, Regal 4".into()),
                paper_original: Some("zurück an das Bauamt".into()),
                ..Default::default()
            },
        )
        .unwrap();
        let first = lib.documents(&record.id).unwrap().remove(0);
        lib.add_scan_check(&first.id, false, Some("Seite 1 leicht schief"), Some("1"))
            .unwrap();
    }
    (lib, record.id)
}

fn request(kind: MessageKind, version: XdomeaVersion, id: &str) -> ExportRequest {
    ExportRequest {
        kind,
        version,
        records: vec![id.to_string()],
        profile: Profile::default(),
    }
}

fn zip_entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (name, bytes)
        })
        .collect()
}

#[test]
fn every_message_kind_and_version_validates_and_names_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lib, id) = library(&dir.path().join("lib"), true);
    let out = dir.path().join("out");
    for kind in [MessageKind::Aussonderung, MessageKind::Abgabe] {
        for version in [XdomeaVersion::V3_1_0, XdomeaVersion::V3_0_0] {
            let written = export(&mut lib, &request(kind, version, &id), &out, false).unwrap();
            let zip_name = written
                .zip
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            assert_eq!(
                zip_name,
                format!("{}_{}.zip", written.prozess_id, kind.root())
            );
            let entries = zip_entries(&written.zip);
            assert_eq!(entries.len(), 3, "message and two PDFs");
            let (xml_name, xml) = &entries[0];
            assert_eq!(xml_name, &written.message_file);
            let xml_path = dir.path().join(xml_name);
            std::fs::write(&xml_path, xml).unwrap();
            xmllint(&xml_path, version);
            let text = String::from_utf8(xml.clone()).unwrap();
            for (name, bytes) in &entries[1..] {
                assert!(name.ends_with(".pdf"));
                assert!(text.contains(&format!("<xdomea:Dateiname>{name}</xdomea:Dateiname>")));
                assert!(bytes.starts_with(b"%PDF"));
            }
            assert!(text.contains("<code>044</code>"));
            assert!(text.contains(SCAN_EXTENSION));
            assert!(text.contains("<xdomea:Standort>Bauamt, Keller, Regal 4</xdomea:Standort>"));
            assert!(text.contains("Stichprobe durch"));
            assert!(text.contains("Befund: Seite 1 leicht schief; nachgescannt: 1"));
            assert!(text.contains("Verbleib des Papieroriginals: zurück an das Bauamt"));
            assert_eq!(
                text.contains("ArchivspezifischeMetadaten"),
                kind == MessageKind::Aussonderung
            );
            assert!(text.contains(&format!("urn:xoev-de:xdomea:schema:{}", version.as_str())));
        }
    }
    // Four exports, four audit entries, chain intact.
    let exports = lib
        .audit_entries()
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "record.export")
        .count();
    assert_eq!(exports, 4);
    assert!(lib.verify_audit_chain().unwrap().is_ok());
}

#[test]
fn difficult_text_round_trips_through_the_xml() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lib, id) = library(&dir.path().join("lib"), true);
    let written = export(
        &mut lib,
        &request(MessageKind::Aussonderung, XdomeaVersion::V3_1_0, &id),
        &dir.path().join("out"),
        false,
    )
    .unwrap();
    let (_, xml) = zip_entries(&written.zip).remove(0);
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    // Text arrives in pieces (character data and entity references); join each element's.
    let mut texts = Vec::new();
    let mut current = String::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).unwrap() {
            quick_xml::events::Event::Text(t) => current.push_str(&t.decode().unwrap()),
            quick_xml::events::Event::GeneralRef(r) => {
                current.push_str(match r.decode().unwrap().as_ref() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity {other}"),
                });
            }
            quick_xml::events::Event::Eof => break,
            _ => texts.push(std::mem::take(&mut current)),
        }
        buf.clear();
    }
    let texts: Vec<String> = texts.into_iter().filter(|t| !t.trim().is_empty()).collect();
    assert!(texts.iter().any(|t| t == TRICKY), "{texts:?}");
    assert!(texts
        .iter()
        .any(|t| t == "Baugenehmigung <Bescheid> & Auflagen"));
    assert!(texts.iter().any(|t| t == "Bauamt & Ordnungsamt"));
}

#[test]
fn missing_metadata_is_refused_in_german_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lib, id) = library(&dir.path().join("lib"), false);
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let before = lib.audit_entries().unwrap().len();
    let err = export(
        &mut lib,
        &request(MessageKind::Aussonderung, XdomeaVersion::V3_1_0, &id),
        &out,
        true,
    )
    .unwrap_err();
    let XdomeaError::Refused(refusal) = &err else {
        panic!("expected a refusal, got {err}");
    };
    let text = refusal.to_string();
    assert!(text.contains("Export abgelehnt"), "{text}");
    assert!(text.contains("Laufzeit: Beginn fehlt"), "{text}");
    assert!(text.contains("Aufbewahrungsfrist fehlt"), "{text}");
    assert!(!text.contains("Aktenzeichen"), "{text}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
    assert_eq!(lib.audit_entries().unwrap().len(), before);
}

#[test]
fn a_bag_wraps_the_zip_with_sha512_manifests() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lib, id) = library(&dir.path().join("lib"), true);
    let out = dir.path().join("out");
    let written = export(
        &mut lib,
        &request(MessageKind::Abgabe, XdomeaVersion::V3_1_0, &id),
        &out,
        true,
    )
    .unwrap();
    let bag = written.bag.unwrap();
    for f in [
        "bagit.txt",
        "bag-info.txt",
        "manifest-sha512.txt",
        "tagmanifest-sha512.txt",
    ] {
        assert!(bag.join(f).is_file(), "{f}");
    }
    let info = std::fs::read_to_string(bag.join("bag-info.txt")).unwrap();
    assert!(info.contains(&format!("External-Identifier: {}", written.prozess_id)));
    assert!(info.contains("Source-Organization: Gemeinde Schkopau"));
    let names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names.len(),
        1,
        "only the bag, no temporary parts: {names:?}"
    );
}

/// A stand-in for the pipeline: each file becomes a complete one-page document whose "PDF/A"
/// is the file itself.
fn fake_ingest(
    lib: &mut Library,
    record: &str,
    paths: &[PathBuf],
) -> Result<aktenscan_xdomea::IngestOutcome, String> {
    let mut out = aktenscan_xdomea::IngestOutcome::default();
    for p in paths {
        let bytes = std::fs::read(p).map_err(|e| e.to_string())?;
        let stored = lib.put_file(&bytes, "pdf").map_err(|e| e.to_string())?;
        let position = lib.documents(record).map_err(|e| e.to_string())?.len() as i64 + 1;
        let doc = lib
            .add_document(record, position, "x", &p.to_string_lossy(), &stored, 0)
            .map_err(|e| e.to_string())?;
        lib.complete_document(&doc.id, &stored)
            .map_err(|e| e.to_string())?;
        out.documents.push((p.clone(), doc.id));
    }
    Ok(out)
}

/// The message's metadata without what differs by nature between two exports (ids, file
/// names, times, history, the audit head).
fn metadata(m: &aktenscan_xdomea::Message) -> Vec<aktenscan_xdomea::Akte> {
    m.akten
        .iter()
        .map(|a| {
            let mut a = a.clone();
            a.id.clear();
            a.historie.clear();
            if let Some(e) = &mut a.erweiterung {
                e.felder.retain(|f| f.name != "AuditKopf");
            }
            for d in &mut a.dokumente {
                d.id.clear();
                d.historie.clear();
                d.erweiterungen.clear();
                d.datei.dateiname.clear();
                d.datei.datum_uhrzeit = None;
            }
            a
        })
        .collect()
}

fn message_of(zip: &Path) -> aktenscan_xdomea::Message {
    let (_, xml) = zip_entries(zip).remove(0);
    aktenscan_xdomea::read_message(&xml).unwrap()
}

#[test]
fn export_import_export_keeps_every_metadata_field() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lib, id) = library(&dir.path().join("lib"), true);
    lib.update_record(
        &id,
        &RecordPatch {
            personal_data: Some(true),
            remark: Some("Bemerkung mit <Klammern> & \"Zeichen\"".into()),
            confidentiality: Some(Confidentiality::Nfd),
            aussonderungsart: Some(Some(Aussonderungsart::Archivwuerdig)),
            ..Default::default()
        },
    )
    .unwrap();
    let doc = lib.documents(&id).unwrap().remove(0);
    lib.update_document(
        &doc.id,
        "Bauantrag vom 4. Mai",
        Some("Antrag"),
        Some("1987-05-04".parse().unwrap()),
    )
    .unwrap();
    let first = export(
        &mut lib,
        &request(MessageKind::Aussonderung, XdomeaVersion::V3_1_0, &id),
        &dir.path().join("out1"),
        false,
    )
    .unwrap();

    let mut other = Library::open(dir.path().join("other")).unwrap();
    let report = aktenscan_xdomea::import(&mut other, &first.zip, &mut fake_ingest).unwrap();
    assert_eq!(report.records.len(), 1);
    let imported = &report.records[0];
    assert_eq!(imported.id, id, "a free xdomea ID is kept");
    assert_eq!(imported.documents.len(), 2);
    assert!(imported.skipped.is_empty(), "{:?}", imported.skipped);
    let doc = other.document(&imported.documents[0].id).unwrap();
    assert!(
        doc.source_path.starts_with("xdomea:") && doc.source_path.ends_with(".pdf"),
        "{}",
        doc.source_path
    );

    let second = export(
        &mut other,
        &request(
            MessageKind::Aussonderung,
            XdomeaVersion::V3_1_0,
            &imported.id,
        ),
        &dir.path().join("out2"),
        false,
    )
    .unwrap();
    let (a, b) = (message_of(&first.zip), message_of(&second.zip));
    assert_eq!(metadata(&a), metadata(&b));
    // The history of the first library travels on.
    let before: Vec<_> = a.akten[0].historie.iter().map(|h| &h.aktion).collect();
    let after: Vec<_> = b.akten[0].historie.iter().map(|h| &h.aktion).collect();
    for h in &before {
        assert!(after.contains(h), "{h} lost: {after:?}");
    }
    // Same PDF bytes in both packages.
    let pdfs = |zip: &Path| {
        let mut v: Vec<Vec<u8>> = zip_entries(zip)
            .into_iter()
            .skip(1)
            .map(|(_, b)| b)
            .collect();
        v.sort();
        v
    };
    assert_eq!(pdfs(&first.zip), pdfs(&second.zip));
    assert!(other.verify_audit_chain().unwrap().is_ok());
}

#[test]
fn another_systems_message_is_imported_with_what_is_missing_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path().join("lib")).unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/9fde4e7a-b41b-11ec-9225-005056871b7c_Aussonderung.Aussonderung.0503.xml");
    let report = aktenscan_xdomea::import(&mut lib, &example, &mut fake_ingest).unwrap();
    assert_eq!(report.xdomea_version, "3.0.0");
    let r = &report.records[0];
    let row = lib.record(&r.id).unwrap();
    assert_eq!(row.title, "[Vorgangsbetreff]");
    assert_eq!(row.aktenzeichen.as_deref(), Some("[Vorgangskennzeichen]"));
    assert_eq!(
        row.laufzeit().unwrap().to_string(),
        "2010-04-04..2012-04-04"
    );
    assert_eq!(row.confidentiality, Confidentiality::Offen);
    assert_eq!(row.remark.as_deref(), Some("[Freitext-Bemerkungsfeld]"));
    assert!(r.documents.is_empty());
    assert_eq!(r.skipped.len(), 1);
    assert!(r.skipped[0].contains("fehlt im Paket"), "{:?}", r.skipped);
}

#[test]
fn a_record_named_twice_is_exported_once() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lib, id) = library(&dir.path().join("lib"), true);
    let mut req = request(MessageKind::Aussonderung, XdomeaVersion::V3_1_0, &id);
    req.records.push(id.clone());
    let written = export(&mut lib, &req, &dir.path().join("out"), false).unwrap();
    assert_eq!(zip_entries(&written.zip).len(), 3);
}

#[test]
fn a_file_changed_during_the_export_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let (lib, id) = library(&dir.path().join("lib"), true);
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    for bag in [false, true] {
        let prepared = aktenscan_xdomea::prepare(
            &lib,
            &request(MessageKind::Aussonderung, XdomeaVersion::V3_1_0, &id),
            &|_, _| None,
        )
        .unwrap();
        // The second PDF changes between the check and the packing.
        let victim = &prepared.files[1].source;
        let original = std::fs::read(victim).unwrap();
        std::fs::write(victim, b"%PDF-1.7 manipuliert").unwrap();
        let err = aktenscan_xdomea::write_package(&prepared, &out, bag).unwrap_err();
        assert!(matches!(err, XdomeaError::Damaged(_)), "{err}");
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0, "no parts left");
        std::fs::write(victim, original).unwrap();
    }
    // A damaged stored PDF is named in the refusal.
    let doc = lib.documents(&id).unwrap().remove(0);
    std::fs::write(lib.path_of(doc.pdf_file.as_deref().unwrap()), b"kaputt").unwrap();
    let err = aktenscan_xdomea::prepare(
        &lib,
        &request(MessageKind::Abgabe, XdomeaVersion::V3_1_0, &id),
        &|_, _| None,
    )
    .unwrap_err();
    assert!(err.to_string().contains("beschädigt"), "{err}");
}
