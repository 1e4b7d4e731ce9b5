//! Import of an xdomea 0503 / 0401 package (ours or another system's) into the library: each
//! Akte (or Vorgang, or lone Dokument) becomes a record with its metadata, its primary
//! documents are handed to the caller's ingest (OCR where there is no text, PDF/A, index), and
//! the message's history is kept in the audit log so a later export carries it on.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use aktenscan_model::{AuditAction, Laufzeit, PartialDate, Retention};
use aktenscan_store::{Library, NewRecord, RecordPatch};
use serde_json::json;

use crate::message::{Akte, History, Message};
use crate::read::read_message;
use crate::{XdomeaError, AKTE_EXTENSION};

/// What the caller's ingest made of the files of one record.
#[derive(Debug, Clone, Default)]
pub struct IngestOutcome {
    /// (file handed in, id of the document it became)
    pub documents: Vec<(PathBuf, String)>,
    /// (file handed in, why it was not taken)
    pub failed: Vec<(PathBuf, String)>,
}

/// Ingests files into an existing record (the CLI and the app pass the pipeline here).
pub type IngestFn<'a> =
    dyn FnMut(&mut Library, &str, &[PathBuf]) -> Result<IngestOutcome, String> + 'a;

#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportedDocument {
    pub id: String,
    pub title: String,
    /// The primary document's name in the package.
    pub file: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportedRecord {
    pub id: String,
    pub title: String,
    pub aktenzeichen: Option<String>,
    pub documents: Vec<ImportedDocument>,
    /// What was not taken, in German.
    pub skipped: Vec<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportReport {
    pub prozess_id: String,
    pub message: String,
    pub xdomea_version: String,
    pub absender: String,
    pub records: Vec<ImportedRecord>,
}

/// Where the primary documents come from.
enum Source {
    Zip(zip::ZipArchive<File>),
    /// A bare message: files beside it.
    Folder(PathBuf),
}

impl Source {
    /// Copies the named primary document to `target`; `Ok(false)` when the package lacks it.
    fn extract(&mut self, name: &str, target: &Path) -> Result<bool, XdomeaError> {
        let io = |source| XdomeaError::Io {
            path: target.to_path_buf(),
            source,
        };
        match self {
            Source::Zip(z) => {
                let Some(index) = z.index_for_name(name) else {
                    return Ok(false);
                };
                let mut entry = z.by_index(index)?;
                let mut out = File::create(target).map_err(io)?;
                std::io::copy(&mut entry, &mut out).map_err(io)?;
                Ok(true)
            }
            Source::Folder(dir) => {
                // Only a plain file name: never a path out of the folder.
                if name.contains(['/', '\\']) || name.starts_with('.') {
                    return Ok(false);
                }
                let src = dir.join(name);
                if !src.is_file() {
                    return Ok(false);
                }
                fs::copy(&src, target).map_err(io)?;
                Ok(true)
            }
        }
    }
}

fn open_package(path: &Path) -> Result<(Message, Source), XdomeaError> {
    let io = |source| XdomeaError::Io {
        path: path.to_path_buf(),
        source,
    };
    let is_xml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"));
    if is_xml {
        let bytes = fs::read(path).map_err(io)?;
        let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        return Ok((read_message(&bytes)?, Source::Folder(dir)));
    }
    let mut zip = zip::ZipArchive::new(File::open(path).map_err(io)?)?;
    let name = zip
        .file_names()
        .filter_map(|n| n.ok())
        .find(|n| n.ends_with(".0503.xml") || n.ends_with(".0401.xml"))
        .map(|n| n.into_owned())
        .ok_or_else(|| {
            XdomeaError::NotXdomea(format!(
                "{}: no 0503 or 0401 message (…_Aussonderung.Aussonderung.0503.xml or …_Abgabe.Abgabe.0401.xml) in the ZIP",
                path.display()
            ))
        })?;
    let mut xml = Vec::new();
    zip.by_name(&name)?.read_to_end(&mut xml).map_err(io)?;
    Ok((read_message(&xml)?, Source::Zip(zip)))
}

/// Removes the import's temporary folder however the import ends.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Imports a package (`.zip`, or a bare message `.xml` with its files beside it).
pub fn import(
    lib: &mut Library,
    package: &Path,
    ingest: &mut IngestFn<'_>,
) -> Result<ImportReport, XdomeaError> {
    let (message, mut source) = open_package(package)?;
    let dir = lib
        .root()
        .join("tmp")
        .join(format!("import-{}", uuid::Uuid::new_v4().simple()));
    let io = |source| XdomeaError::Io {
        path: dir.clone(),
        source,
    };
    fs::create_dir_all(&dir).map_err(io)?;
    // Absolute, as an ingest reports its sources: so reported files match the ones handed in.
    let tmp = TempDir(fs::canonicalize(&dir).map_err(io)?);
    let package_name = package
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut records = Vec::new();
    for (i, akte) in message.akten.iter().enumerate() {
        let dir = tmp.0.join(format!("{:03}", i + 1));
        fs::create_dir_all(&dir).map_err(|source| XdomeaError::Io {
            path: dir.clone(),
            source,
        })?;
        records.push(import_akte(
            lib,
            &message,
            akte,
            &package_name,
            &mut source,
            &dir,
            ingest,
        )?);
    }
    Ok(ImportReport {
        prozess_id: message.prozess_id.clone(),
        message: message.kind.code().into(),
        xdomea_version: message.version.as_str().into(),
        absender: message.absender.institution.clone(),
        records,
    })
}

fn import_akte(
    lib: &mut Library,
    message: &Message,
    akte: &Akte,
    package_name: &str,
    source: &mut Source,
    dir: &Path,
    ingest: &mut IngestFn<'_>,
) -> Result<ImportedRecord, XdomeaError> {
    let mut skipped = Vec::new();
    let nonblank = |s: &str| (!s.trim().is_empty()).then(|| s.to_string());
    let title = nonblank(&akte.betreff)
        .or_else(|| nonblank(&akte.kennzeichen))
        .unwrap_or_else(|| "Importierte Akte ohne Betreff".into());
    let record = lib.create_record_with_id(
        Some(&akte.id),
        &NewRecord {
            title: title.clone(),
            aktenzeichen: nonblank(&akte.kennzeichen),
            aktenplan_unit: akte.aktenplan_kennzeichen.clone(),
            office: akte.federfuehrung.clone(),
        },
    )?;
    lib.audit(
        AuditAction::RecordImport,
        &record.id,
        &json!({
            "message": message.kind.code(),
            "xdomea": message.version.as_str(),
            "prozess_id": message.prozess_id,
            "absender": message.absender.institution,
            "package": package_name,
            "xdomea_id": akte.id,
            "historie": akte.historie.iter().map(history_json).collect::<Vec<_>>(),
        }),
    )?;

    let patch = metadata_patch(akte, &mut skipped);
    lib.update_record(&record.id, &patch)?;

    // Primary documents: extract, ingest, then give each document its metadata.
    let mut wanted = Vec::new();
    for (n, d) in akte.dokumente.iter().enumerate() {
        let label = format!("Dokument {} ({})", d.nummer, d.betreff);
        if d.datei.dateiname.trim().is_empty() {
            skipped.push(format!("{label}: keine Primärdatei angegeben"));
            continue;
        }
        let ext: String = Path::new(&d.datei.dateiname)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let target = dir.join(format!(
            "{:04}.{}",
            n + 1,
            if ext.is_empty() { "bin" } else { &ext }
        ));
        if source.extract(&d.datei.dateiname, &target)? {
            wanted.push((target, d));
        } else {
            skipped.push(format!(
                "{label}: die Datei {} fehlt im Paket",
                d.datei.dateiname
            ));
        }
    }
    let mut documents = Vec::new();
    if !wanted.is_empty() {
        let paths: Vec<PathBuf> = wanted.iter().map(|(p, _)| p.clone()).collect();
        let outcome = ingest(lib, &record.id, &paths).map_err(XdomeaError::Ingest)?;
        for (path, reason) in &outcome.failed {
            if let Some((_, d)) = wanted.iter().find(|(p, _)| same_file(p, path)) {
                skipped.push(format!(
                    "Dokument {} ({}): {} nicht übernommen: {reason}",
                    d.nummer, d.betreff, d.datei.dateiname
                ));
            }
        }
        for (path, doc_id) in &outcome.documents {
            let Some((_, d)) = wanted.iter().find(|(p, _)| same_file(p, path)) else {
                continue;
            };
            let title = nonblank(&d.betreff).unwrap_or_else(|| d.datei.dateiname.clone());
            let date = d
                .datum_des_schreibens
                .as_deref()
                .and_then(|s| s.parse::<PartialDate>().ok());
            lib.update_document(doc_id, &title, d.typ.as_deref(), date)?;
            lib.set_document_source(
                doc_id,
                &format!("xdomea:{package_name}/{}", d.datei.dateiname),
            )?;
            lib.audit(
                AuditAction::DocumentImport,
                doc_id,
                &json!({
                    "prozess_id": message.prozess_id,
                    "xdomea_id": d.id,
                    "file": d.datei.dateiname,
                    "historie": d.historie.iter().map(history_json).collect::<Vec<_>>(),
                }),
            )?;
            documents.push(ImportedDocument {
                id: doc_id.clone(),
                title,
                file: d.datei.dateiname.clone(),
            });
        }
    }
    Ok(ImportedRecord {
        id: record.id,
        title,
        aktenzeichen: nonblank(&akte.kennzeichen),
        documents,
        skipped,
    })
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || match (fs::canonicalize(a), fs::canonicalize(b)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
}

/// The record metadata of an Akte; values outside the code lists are reported, not stored.
fn metadata_patch(akte: &Akte, skipped: &mut Vec<String>) -> RecordPatch {
    let ours = akte
        .erweiterung
        .as_ref()
        .filter(|e| e.kennung == AKTE_EXTENSION);
    let field = |name: &str| {
        ours.and_then(|e| e.felder.iter().find(|f| f.name == name))
            .map(|f| f.wert.clone())
    };
    let mut patch = RecordPatch {
        remark: akte.bemerkung.clone(),
        location: akte.standort.clone(),
        paper_original: field("VerbleibPapieroriginal"),
        ..RecordPatch::default()
    };
    // The Laufzeit as it was entered (ours), else the dates.
    let from = field("LaufzeitBeginnAngabe").or_else(|| akte.laufzeit_beginn.clone());
    let to = field("LaufzeitEndeAngabe").or_else(|| akte.laufzeit_ende.clone());
    let mut date = |value: Option<String>, what: &str| match value {
        Some(v) => match v.parse::<PartialDate>() {
            Ok(d) => Some(d),
            Err(_) => {
                skipped.push(format!("{what} '{v}' ist kein Datum: nicht übernommen"));
                None
            }
        },
        None => None,
    };
    let (from, to) = (date(from, "Laufzeit Beginn"), date(to, "Laufzeit Ende"));
    // One known end stands for both (the Laufzeit is kept as a pair).
    if let Some((from, to)) = from.or(to).zip(to.or(from)) {
        match Laufzeit::new(from, to) {
            Ok(l) => patch.laufzeit = Some(Some(l)),
            Err(e) => skipped.push(format!("{e}: nicht übernommen")),
        }
    }
    if let Some(p) = field("Personenbezug") {
        patch.personal_data = Some(p == "ja");
    }
    match akte.aufbewahrung {
        Some(Retention::Years(y)) => match Retention::of_years(y) {
            Ok(r) => patch.retention = Some(Some(r)),
            Err(e) => skipped.push(format!("{e}: nicht übernommen")),
        },
        Some(Retention::Unlimited) => patch.retention = Some(Some(Retention::Unlimited)),
        None => {}
    }
    patch.confidentiality = code(&akte.vertraulichkeit, "Vertraulichkeitsstufe", skipped);
    if let Some(a) = &akte.aussonderungsart {
        patch.aussonderungsart = code(a, "Aussonderungsart", skipped).map(Some);
    }
    if let Some(b) = &akte.bewertungsvorschlag {
        patch.bewertungsvorschlag = code(b, "Bewertungsvorschlag", skipped).map(Some);
    }
    patch
}

/// A value of a code list, or `None` (an unknown one is reported in `skipped`).
fn code<T: std::str::FromStr>(value: &str, what: &str, skipped: &mut Vec<String>) -> Option<T> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let parsed = value.parse().ok();
    if parsed.is_none() {
        skipped.push(format!(
            "{what} '{value}' ist kein Code der Liste: nicht übernommen"
        ));
    }
    parsed
}

fn history_json(h: &History) -> serde_json::Value {
    json!({
        "metadatum_name": h.metadatum_name,
        "alter_wert": h.alter_wert,
        "neuer_wert": h.neuer_wert,
        "akteur": h.akteur,
        "datum_uhrzeit": h.datum_uhrzeit,
        "bemerkung": h.bemerkung,
        "aktion": h.aktion,
    })
}

/// The history an import entry carried in (see [`import`]).
pub(crate) fn history_from_json(v: &serde_json::Value) -> Option<History> {
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
    Some(History {
        metadatum_name: s("metadatum_name"),
        alter_wert: s("alter_wert"),
        neuer_wert: s("neuer_wert"),
        akteur: s("akteur")?,
        datum_uhrzeit: s("datum_uhrzeit")?,
        bemerkung: s("bemerkung"),
        aktion: s("aktion")?,
    })
}
