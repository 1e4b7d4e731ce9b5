//! `aktenscan suggest RECORD`: what the rules read from a record's pages (Aktenzeichen,
//! Aktenplaneinheit, Laufzeit, Personenbezug; per document Datum, Typ, Betreff), with why and
//! where; `record set ID --accept-suggestions` applies them (see `record.rs`).

use aktenscan_core::{Suggestion, Workspace};
use aktenscan_model::Field;
use anyhow::{Context, Result};

pub fn show(ws: &Workspace, record: &str, json: bool) -> Result<()> {
    let s = ws.suggest(record)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&s)?);
        return Ok(());
    }
    let lib = ws.library();
    let title = lib.record(&s.record_id)?.title;
    println!("Akte {} ({title}): Vorschläge", s.record_id);
    if s.suggestions.is_empty() {
        println!("  –");
    }
    for x in &s.suggestions {
        line("  ", x);
    }
    for d in &s.documents {
        let doc = lib.document(&d.document_id)?;
        println!("  Dokument {} ({}):", d.document_id, doc.title);
        if d.suggestions.is_empty() {
            println!("    –");
        }
        for x in &d.suggestions {
            line("    ", x);
        }
    }
    Ok(())
}

fn line(indent: &str, s: &Suggestion) {
    let at = s
        .evidence
        .first()
        .map(|e| format!("; Seite {}: „{}“", e.page, e.text))
        .unwrap_or_default();
    println!(
        "{indent}{}: {} ({:.0} %) – {}{at}",
        s.field.label(),
        s.value,
        s.confidence * 100.0,
        s.reason
    );
}

/// The fields `--accept-suggestions` names (`alle`: every one, `None`).
pub fn fields(list: &str) -> Result<Option<Vec<Field>>> {
    match list.trim() {
        "" | "alle" | "all" => Ok(None),
        list => list
            .split(',')
            .map(|f| {
                f.parse::<Field>().with_context(|| {
                    format!("--accept-suggestions: unknown field {f:?} (e.g. aktenzeichen, laufzeit, personenbezug, datum, typ, betreff)")
                })
            })
            .collect::<Result<_>>()
            .map(Some),
    }
}
