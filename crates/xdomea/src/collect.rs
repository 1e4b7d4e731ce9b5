//! From the library to a message: reads the records, checks that everything an export needs is
//! there (refusing with a German list of what is missing), maps the audit log to
//! HistorienProtokollInformation and builds each document's scan protocol.

use std::fmt;
use std::path::PathBuf;

use aktenscan_model::{AuditAction, DocumentStatus, PartialDate};
use aktenscan_store::{AuditEntry, DocumentRow, Library, RecordRow};
use sha2::{Digest, Sha256};

use crate::import::history_from_json;
use crate::message::{
    Akte, Dokument, Extension, Field, History, Message, MessageKind, Primaerdokument, XdomeaVersion,
};
use crate::profile::Profile;
use crate::{codes, scan, XdomeaError};

/// Kennung of the Akte's extension with the Aktenscan fields xdomea has no element for.
pub const AKTE_EXTENSION: &str = "urn:aktenscan:akte:1";

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    pub kind: MessageKind,
    pub version: XdomeaVersion,
    /// Record ids (full ids).
    pub records: Vec<String>,
    pub profile: Profile,
}

/// A file that goes into the package beside the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload {
    /// Name inside the ZIP.
    pub name: String,
    pub source: PathBuf,
    pub sha256: String,
}

/// A message ready to be packed, with the files it names.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub message: Message,
    pub files: Vec<Payload>,
    /// The audit log's head when the message was built (seq, hash).
    pub audit_head: (i64, String),
}

/// What one record lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// The record as a clerk recognises it: id, Aktenzeichen or title.
    pub akte: String,
    pub problems: Vec<String>,
}

/// Why an export was refused; `Display` is the German list for the clerk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub Vec<Missing>);

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Export abgelehnt: Es fehlen Pflichtangaben. Nichts wurde geschrieben."
        )?;
        for m in &self.0 {
            writeln!(f, "Akte {}:", m.akte)?;
            for p in &m.problems {
                writeln!(f, "  - {p}")?;
            }
        }
        Ok(())
    }
}

/// Reads the records and builds the message; refuses if required metadata is missing.
/// `capture` tells how each document was captured (for its scan protocol).
pub fn prepare(
    lib: &Library,
    req: &ExportRequest,
    capture: scan::CaptureOf<'_>,
) -> Result<Prepared, XdomeaError> {
    let version = env!("CARGO_PKG_VERSION");
    let mut missing = Vec::new();
    let mut akten = Vec::new();
    let mut files = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for id in &req.records {
        if !seen.insert(id.as_str()) {
            continue; // named twice: exported once
        }
        let record = lib.record(id)?;
        let documents = lib.documents(&record.id)?;
        let problems = check(lib, &record, &documents, req);
        if !problems.is_empty() {
            missing.push(Missing {
                akte: label(&record),
                problems,
            });
            continue;
        }
        let (akte, payload) = build_akte(lib, &record, &documents, req, capture)?;
        akten.push(akte);
        files.extend(payload);
    }
    if !missing.is_empty() {
        return Err(XdomeaError::Refused(Refusal(missing)));
    }
    let profile = &req.profile;
    let empfaenger = match req.kind {
        MessageKind::Aussonderung => &profile.empfaenger_aussonderung,
        MessageKind::Abgabe => &profile.empfaenger_abgabe,
    };
    let message = Message {
        kind: req.kind,
        version: req.version,
        prozess_id: uuid::Uuid::new_v4().to_string(),
        erstellt: now_seconds(),
        absender: (&profile.absender).into(),
        empfaenger: empfaenger.into(),
        produkt: "Aktenscan".into(),
        produkt_version: version.into(),
        hinweis: None,
        akten,
    };
    Ok(Prepared {
        message,
        files,
        audit_head: lib.audit_head()?,
    })
}

fn label(r: &RecordRow) -> String {
    match &r.aktenzeichen {
        Some(az) if !az.trim().is_empty() => format!("{} ({az}, {})", r.id, r.title),
        _ => format!("{} ({})", r.id, r.title),
    }
}

/// Everything an export needs from one record, in German.
fn check(
    lib: &Library,
    r: &RecordRow,
    documents: &[DocumentRow],
    req: &ExportRequest,
) -> Vec<String> {
    let mut p = Vec::new();
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
    if r.title.trim().is_empty() {
        p.push("Titel (Betreff) fehlt".to_string());
    }
    if blank(&r.aktenzeichen) {
        p.push("Aktenzeichen (Kennzeichen) fehlt".to_string());
    }
    if r.laufzeit_from.is_none() {
        p.push("Laufzeit: Beginn fehlt".to_string());
    }
    if r.laufzeit_to.is_none() {
        p.push("Laufzeit: Ende fehlt".to_string());
    }
    if req.kind == MessageKind::Aussonderung && r.retention.value().is_none() {
        p.push("Aufbewahrungsfrist fehlt (Jahre oder unbefristet)".to_string());
    }
    if r.aussonderungsart.is_none()
        && codes::aussonderungsart_name(&req.profile.aussonderungsart).is_none()
    {
        p.push(format!(
            "Aussonderungsart '{}' im Profil ist kein Code der Liste (A, B, V)",
            req.profile.aussonderungsart
        ));
    }
    if codes::medium_name(&req.profile.medium).is_none() {
        p.push(format!(
            "Medium '{}' im Profil ist kein Code der Liste (001 bis 003)",
            req.profile.medium
        ));
    }
    if documents.is_empty() {
        p.push("die Akte enthält keine Dokumente".to_string());
    }
    for d in documents {
        let name = format!("Dokument {} ({})", d.position, d.title);
        if d.title.trim().is_empty() {
            p.push(format!("{name}: Betreff fehlt"));
        }
        if d.status != DocumentStatus::Complete {
            p.push(format!(
                "{name}: Erfassung nicht abgeschlossen (aktenscan resume setzt sie fort)"
            ));
            continue;
        }
        match (&d.pdf_file, &d.pdf_sha256) {
            (Some(file), Some(sha)) => match file_sha256(&lib.path_of(file)) {
                Ok(actual) if &actual == sha => {}
                Ok(_) => p.push(format!(
                    "{name}: die PDF/A-Datei {file} ist beschädigt (SHA-256 weicht ab)"
                )),
                Err(e) => p.push(format!(
                    "{name}: die PDF/A-Datei {file} ist nicht lesbar ({e})"
                )),
            },
            _ => p.push(format!("{name}: keine PDF/A-Datei")),
        }
    }
    p
}

fn build_akte(
    lib: &Library,
    r: &RecordRow,
    documents: &[DocumentRow],
    req: &ExportRequest,
    capture: scan::CaptureOf<'_>,
) -> Result<(Akte, Vec<Payload>), XdomeaError> {
    let profile = &req.profile;
    let doc_ids: Vec<&str> = documents.iter().map(|d| d.id.as_str()).collect();
    let mut subjects = vec![r.id.as_str()];
    subjects.extend(&doc_ids);
    let entries = lib.audit_entries_for(&subjects)?;
    let historie = entries
        .iter()
        .filter(|e| e.subject == r.id)
        .flat_map(history_of)
        .collect();
    let mut dokumente = Vec::new();
    let mut files = Vec::new();
    for (i, d) in documents.iter().enumerate() {
        let pages = lib.pages(&d.id)?;
        let doc_entries: Vec<&AuditEntry> = entries.iter().filter(|e| e.subject == d.id).collect();
        let dateiname = format!("{}_{}.pdf", d.id, short_title(&d.title));
        let (Some(pdf), Some(sha)) = (&d.pdf_file, &d.pdf_sha256) else {
            continue; // checked before: cannot happen
        };
        files.push(Payload {
            name: dateiname.clone(),
            source: lib.path_of(pdf),
            sha256: sha.clone(),
        });
        let checks = lib.scan_checks(&d.id)?;
        let protocol = scan::protocol(
            &scan::ScanFacts {
                record: r,
                document: d,
                pages: &pages,
                entries: &doc_entries,
                checks: &checks,
                colours: scan::colours(lib, &pages),
                batch: capture(lib, &d.id),
            },
            &dateiname,
        );
        dokumente.push(Dokument {
            id: d.id.clone(),
            nummer: u32::try_from(i + 1).unwrap_or(u32::MAX),
            betreff: d.title.clone(),
            vertraulichkeit: r.confidentiality.code().to_string(),
            medium: profile.medium.clone(),
            datum_des_schreibens: d.doc_date.and_then(full_date),
            typ: d.doc_type.clone(),
            historie: doc_entries.iter().flat_map(|e| history_of(e)).collect(),
            datei: Primaerdokument {
                format_code: codes::PDFA.into(),
                format_version: "2b".into(),
                dateiname,
                dateiname_original: None,
                ersteller: Some(format!("Aktenscan {}", env!("CARGO_PKG_VERSION"))),
                datum_uhrzeit: Some(seconds(&d.created_at)),
            },
            erweiterungen: vec![protocol],
        });
    }
    let aussonderungsart = r
        .aussonderungsart
        .map(|a| a.code().to_string())
        .unwrap_or_else(|| profile.aussonderungsart.clone());
    let bewertungsvorschlag = r
        .bewertungsvorschlag
        .map(|b| b.code().to_string())
        .or_else(|| {
            // An Aussonderungsart of A or V already says what the clerk proposes.
            matches!(aussonderungsart.as_str(), "A" | "V").then(|| aussonderungsart.clone())
        });
    let aufbewahrung = r.retention.value();
    let mut felder = vec![Field::new(
        "Personenbezug",
        if r.personal_data { "ja" } else { "nein" },
    )];
    if let Some(f) = r.laufzeit_from {
        felder.push(Field::new("LaufzeitBeginnAngabe", f.to_string()));
    }
    if let Some(t) = r.laufzeit_to {
        felder.push(Field::new("LaufzeitEndeAngabe", t.to_string()));
    }
    if let Some(p) = &r.paper_original {
        felder.push(Field::new("VerbleibPapieroriginal", p.clone()));
    }
    let (head_seq, head_hash) = lib.audit_head()?;
    felder.push(Field {
        name: "AuditKopf".into(),
        beschreibung: Some(
            "Neuester Eintrag des hash-verketteten Audit-Protokolls beim Export (Nummer:SHA-256)"
                .into(),
        ),
        wert: format!("{head_seq}:{head_hash}"),
    });
    let akte = Akte {
        id: r.id.clone(),
        betreff: r.title.clone(),
        kennzeichen: r.aktenzeichen.clone().unwrap_or_default(),
        federfuehrung: r.office.clone(),
        vertraulichkeit: r.confidentiality.code().to_string(),
        bemerkung: r.remark.clone(),
        medium: profile.medium.clone(),
        aktenplan_kennzeichen: r.aktenplan_unit.clone(),
        standort: r.location.clone(),
        laufzeit_beginn: r.laufzeit_from.map(|d| date_bound(d, false)),
        laufzeit_ende: r.laufzeit_to.map(|d| date_bound(d, true)),
        aufbewahrung,
        aussonderungsart: Some(aussonderungsart),
        bewertungsvorschlag,
        historie,
        dokumente,
        erweiterung: Some(Extension {
            kennung: AKTE_EXTENSION.into(),
            name: "Aktenscan: Angaben zur Akte".into(),
            beschreibung: Some(
                "Angaben ohne eigenes xdomea-Element; die Laufzeit so, wie sie erfasst wurde (auch unscharf)"
                    .into(),
            ),
            felder,
        }),
    };
    Ok((akte, files))
}

/// The audit entry as HistorienProtokollInformation: one per changed field for metadata
/// changes, else one.
fn history_of(e: &AuditEntry) -> Vec<History> {
    let base = History {
        akteur: e.actor.clone(),
        datum_uhrzeit: seconds(&e.at),
        bemerkung: Some(format!("Audit-Eintrag {}, SHA-256 {}", e.seq, e.hash)),
        aktion: e
            .action()
            .map_or_else(|| e.action.clone(), |a| a.label().to_string()),
        ..History::default()
    };
    if matches!(
        e.action(),
        Some(AuditAction::RecordImport | AuditAction::DocumentImport)
    ) {
        // What the message brought along comes first, then the import itself.
        let mut carried: Vec<History> = serde_json::from_str::<serde_json::Value>(&e.details)
            .ok()
            .and_then(|v| {
                v.get("historie")?
                    .as_array()
                    .map(|a| a.iter().filter_map(history_from_json).collect())
            })
            .unwrap_or_default();
        carried.push(base);
        return carried;
    }
    if matches!(
        e.action(),
        Some(AuditAction::RecordUpdate | AuditAction::DocumentUpdate)
    ) {
        let changes: Vec<aktenscan_store::FieldChange> =
            serde_json::from_str::<serde_json::Value>(&e.details)
                .ok()
                .and_then(|v| serde_json::from_value(v.get("changes")?.clone()).ok())
                .unwrap_or_default();
        if !changes.is_empty() {
            return changes
                .into_iter()
                .map(|c| History {
                    metadatum_name: Some(field_name(&c.field).to_string()),
                    alter_wert: c.old,
                    neuer_wert: c.new,
                    ..base.clone()
                })
                .collect();
        }
    }
    vec![base]
}

/// The German name of a record column, as the clerk knows it.
pub fn field_name(column: &str) -> &str {
    match column {
        "title" => "Betreff",
        "aktenzeichen" => "Kennzeichen",
        "aktenplan_unit" => "Aktenplaneinheit",
        "laufzeit_from" => "Laufzeit Beginn",
        "laufzeit_to" => "Laufzeit Ende",
        "office" => "Federführung",
        "confidentiality" => "Vertraulichkeitsstufe",
        "retention_years" => "Aufbewahrungsdauer (Jahre)",
        "retention_unlimited" => "Aufbewahrungsdauer unbefristet",
        "personal_data" => "Personenbezug",
        "remark" => "Bemerkung",
        "aussonderungsart" => "Aussonderungsart",
        "bewertungsvorschlag" => "Bewertungsvorschlag",
        "location" => "Standort",
        "paper_original" => "Verbleib des Papieroriginals",
        "doc_type" => "Typ",
        "doc_date" => "Datum des Schreibens",
        other => other,
    }
}

/// A partial date (`1987`, `1987-03`, `1987-03-14`) as the first or last xs:date it covers.
pub fn date_bound(d: PartialDate, end: bool) -> String {
    let year = d.year();
    match (d.month(), d.day()) {
        (None, _) => {
            if end {
                format!("{year:04}-12-31")
            } else {
                format!("{year:04}-01-01")
            }
        }
        (Some(month), None) => {
            let last = time::Month::try_from(month)
                .map(|m| m.length(i32::from(year)))
                .unwrap_or(28);
            format!("{year:04}-{month:02}-{:02}", if end { last } else { 1 })
        }
        (Some(_), Some(_)) => d.to_string(),
    }
}

/// Only a complete date `YYYY-MM-DD`.
fn full_date(d: PartialDate) -> Option<String> {
    d.day().map(|_| d.to_string())
}

/// An RFC 3339 timestamp cut to whole seconds (`…T12:34:56Z`).
pub(crate) fn seconds(ts: &str) -> String {
    match ts.split_once('.') {
        Some((head, tail)) if tail.ends_with('Z') => format!("{head}Z"),
        _ => ts.to_string(),
    }
}

fn now_seconds() -> String {
    seconds(&aktenscan_store::now_utc())
}

/// A document title as a file-name part: umlauts transliterated, anything but letters, digits
/// and `-` becomes `_`, at most 40 characters; `Dokument` when nothing is left.
pub fn short_title(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        let piece: &str = match c {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'Ä' => "Ae",
            'Ö' => "Oe",
            'Ü' => "Ue",
            'ß' => "ss",
            'ſ' => "s",
            c if c.is_ascii_alphanumeric() || c == '-' => {
                out.push(c);
                continue;
            }
            _ => "_",
        };
        if piece == "_" {
            if !out.ends_with('_') {
                out.push('_');
            }
        } else {
            out.push_str(piece);
        }
    }
    let mut out: String = out.trim_matches('_').chars().take(40).collect();
    while out.ends_with('_') {
        out.pop();
    }
    if out.is_empty() {
        "Dokument".into()
    } else {
        out
    }
}

pub(crate) fn file_sha256(path: &std::path::Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h)?;
    Ok(hex::encode(h.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_titles_are_safe_file_names() {
        assert_eq!(
            short_title("Bauantrag Lindenstraße 4"),
            "Bauantrag_Lindenstrasse_4"
        );
        assert_eq!(short_title("<&\"'>"), "Dokument");
        assert_eq!(short_title("Größe/Maß: ü 🏠 x"), "Groesse_Mass_ue_x");
        assert!(short_title(&"a".repeat(100)).len() == 40);
    }

    #[test]
    fn partial_dates_become_bounds() {
        let d = |s: &str| s.parse::<PartialDate>().unwrap();
        assert_eq!(date_bound(d("1987"), false), "1987-01-01");
        assert_eq!(date_bound(d("1994"), true), "1994-12-31");
        assert_eq!(date_bound(d("1996-02"), true), "1996-02-29");
        assert_eq!(date_bound(d("1987-03-14"), true), "1987-03-14");
    }

    #[test]
    fn timestamps_lose_fractions() {
        assert_eq!(
            seconds("2026-11-26T21:16:25.123456Z"),
            "2026-11-26T21:16:25Z"
        );
        assert_eq!(seconds("2026-11-26T21:16:25Z"), "2026-11-26T21:16:25Z");
    }
}
