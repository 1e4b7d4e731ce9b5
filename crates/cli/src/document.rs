//! `aktenscan document check` (record a Sichtkontrolle), `aktenscan document protokoll`
//! (the TR-RESISCAN scan protocol and Transfervermerk of a document), `aktenscan document set`
//! (Betreff, Typ, Datum) and `aktenscan document pdf` (save a copy of the PDF/A).

use std::process::ExitCode;

use aktenscan_store::{check_document_fields, Library, Resolved};
use anyhow::{bail, Result};
use serde_json::json;
use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum DocumentCommand {
    /// Record a Sichtkontrolle: the scanned pages were checked against the paper.
    Check {
        /// The document (full id or unique prefix).
        id: String,
        /// Every page was checked (default: a sample).
        #[arg(long)]
        vollstaendig: bool,
        /// What was found; leave out when nothing was ("ohne Befund").
        #[arg(long)]
        befund: Option<String>,
        /// Pages scanned again after the check, e.g. "2, 5".
        #[arg(long)]
        nachgescannt: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Print the scan protocol (TR-RESISCAN) and the Transfervermerk of a document.
    Protokoll {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Set a document's Betreff, Typ and Datum (only the options given change; empty clears
    /// Typ and Datum).
    Set {
        id: String,
        /// Betreff (title) of the document.
        #[arg(long)]
        betreff: Option<String>,
        /// Type, e.g. Antrag, Bescheid, Schreiben.
        #[arg(long)]
        typ: Option<String>,
        /// Date of the document: JJJJ, JJJJ-MM or JJJJ-MM-TT.
        #[arg(long)]
        datum: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Save a copy of the document's PDF/A to a file (written whole or not at all).
    Pdf {
        id: String,
        /// The file to write, e.g. ~/Bauantrag.pdf.
        out: PathBuf,
    },
}

fn document_id(lib: &Library, id: &str) -> Result<String> {
    match lib.resolve_id(id)? {
        Resolved::Document(d) => Ok(d),
        Resolved::Record(r) => bail!("{id} is a record ({r}), not a document"),
    }
}

pub fn run(lib: &mut Library, cmd: DocumentCommand) -> Result<ExitCode> {
    match cmd {
        DocumentCommand::Check {
            id,
            vollstaendig,
            befund,
            nachgescannt,
            json,
        } => {
            let doc = document_id(lib, &id)?;
            let check = lib.add_scan_check(
                &doc,
                vollstaendig,
                befund.as_deref(),
                nachgescannt.as_deref(),
            )?;
            if json {
                println!("{}", serde_json::to_string_pretty(&check)?);
            } else {
                println!(
                    "Sichtkontrolle ({}) von Dokument {} gespeichert: {}",
                    check.scope,
                    doc,
                    check.anomalies.as_deref().unwrap_or("ohne Befund")
                );
            }
        }
        DocumentCommand::Protokoll { id, json } => {
            let doc = document_id(lib, &id)?;
            let p = aktenscan_xdomea::scan_protocol(lib, &doc)?;
            if json {
                let fields: Vec<_> = p
                    .felder
                    .iter()
                    .map(|f| json!({"name": f.name, "value": f.wert}))
                    .collect();
                let v = json!({
                    "document_id": doc,
                    "transfervermerk": p.beschreibung,
                    "fields": fields,
                });
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                println!("{}", p.name);
                for f in &p.felder {
                    println!("  {}: {}", f.name, f.wert);
                }
                println!();
                println!("{}", p.beschreibung.as_deref().unwrap_or_default());
            }
        }
        DocumentCommand::Set {
            id,
            betreff,
            typ,
            datum,
            json,
        } => {
            let doc = document_id(lib, &id)?;
            let current = lib.document(&doc)?;
            let title = betreff.unwrap_or(current.title);
            let doc_type = typ.or(current.doc_type).unwrap_or_default();
            let doc_date = datum.or(current.doc_date).unwrap_or_default();
            if let Err(problems) = check_document_fields(&title, &doc_type, &doc_date) {
                let text: Vec<String> = problems.into_iter().map(|(_, m)| m).collect();
                bail!("{}", text.join(" "));
            }
            let blank = |s: &str| Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_string);
            let (doc_type, doc_date) = (blank(&doc_type), blank(&doc_date));
            let row =
                lib.update_document(&doc, title.trim(), doc_type.as_deref(), doc_date.as_deref())?;
            crate::record::refresh_index(lib, &row.record_id)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&row)?);
            } else {
                println!(
                    "Dokument {}: {} · {} · {}",
                    row.id,
                    row.title,
                    row.doc_type.as_deref().unwrap_or("–"),
                    row.doc_date.as_deref().unwrap_or("–")
                );
            }
        }
        DocumentCommand::Pdf { id, out } => {
            let doc = document_id(lib, &id)?;
            let saved = lib.save_document_pdf(&doc, &out)?;
            println!(
                "PDF/A gespeichert: {} ({} Bytes, SHA-256 {})",
                out.display(),
                saved.size,
                saved.sha256
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
