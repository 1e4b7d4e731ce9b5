//! `aktenscan document check` (record a Sichtkontrolle) and `aktenscan document protokoll`
//! (the TR-RESISCAN scan protocol and Transfervermerk of a document).

use std::process::ExitCode;

use aktenscan_store::{Library, Resolved};
use anyhow::{bail, Result};
use serde_json::json;

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
    }
    Ok(ExitCode::SUCCESS)
}
