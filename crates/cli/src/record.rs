//! `aktenscan record set`: changes a record's metadata (each change goes to the audit log).

use std::process::ExitCode;

use aktenscan_store::{parse_laufzeit, Library, RecordPatch, Resolved};
use anyhow::{bail, Result};
use serde_json::json;

#[derive(clap::Subcommand)]
pub enum RecordCommand {
    /// Set metadata of a record (only the options given change).
    Set(SetArgs),
}

#[derive(clap::Args)]
pub struct SetArgs {
    /// The record (full id or unique prefix).
    id: String,
    /// Aktenzeichen, e.g. 632.10/1987-014 (empty clears).
    #[arg(long)]
    aktenzeichen: Option<String>,
    /// Title (Betreff) of the record.
    #[arg(long)]
    title: Option<String>,
    /// Laufzeit: `1987..1994`, `1987-03..1994-11-30` or one date (`1987`).
    #[arg(long)]
    laufzeit: Option<String>,
    /// Aufbewahrungsfrist in years, or `unbefristet` (empty clears).
    #[arg(long)]
    aufbewahrung: Option<String>,
    /// Vertraulichkeitsstufe (xdomea code): 001 geheim, 002 NfD, 003 offen, 004 streng geheim, 005 vertraulich.
    #[arg(long)]
    vertraulichkeit: Option<String>,
    /// Organisationseinheit in charge (Federführung), e.g. Bauamt.
    #[arg(long)]
    amt: Option<String>,
    /// Aktenplaneinheit (file-plan unit), e.g. 632.10.
    #[arg(long)]
    plan: Option<String>,
    /// The record contains personal data.
    #[arg(long, conflicts_with = "kein_personenbezug")]
    personenbezug: bool,
    /// The record contains no personal data.
    #[arg(long)]
    kein_personenbezug: bool,
    /// Bemerkung (free text).
    #[arg(long)]
    bemerkung: Option<String>,
    /// Aussonderungsart: A archivwürdig, B bewerten, V vernichten.
    #[arg(long)]
    aussonderungsart: Option<String>,
    /// Bewertungsvorschlag: A archivieren, V vernichten.
    #[arg(long)]
    bewertung: Option<String>,
    /// Standort of the paper original, e.g. "Keller, Regal 4".
    #[arg(long)]
    standort: Option<String>,
    /// What became of the paper original, e.g. "vernichtet nach Ablauf der Frist".
    #[arg(long)]
    papier: Option<String>,
    /// Print the record and the changes as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(lib: &mut Library, cmd: RecordCommand) -> Result<ExitCode> {
    match cmd {
        RecordCommand::Set(args) => set(lib, args),
    }
}

fn set(lib: &mut Library, a: SetArgs) -> Result<ExitCode> {
    let id = match lib.resolve_id(&a.id)? {
        Resolved::Record(r) => r,
        Resolved::Document(d) => bail!("{} is a document ({d}), not a record", a.id),
    };
    let mut patch = RecordPatch {
        title: a.title,
        aktenzeichen: a.aktenzeichen,
        office: a.amt,
        aktenplan_unit: a.plan,
        confidentiality: a.vertraulichkeit,
        remark: a.bemerkung,
        aussonderungsart: a.aussonderungsart.map(|s| s.trim().to_uppercase()),
        bewertungsvorschlag: a.bewertung.map(|s| s.trim().to_uppercase()),
        location: a.standort,
        paper_original: a.papier,
        personal_data: match (a.personenbezug, a.kein_personenbezug) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
        ..RecordPatch::default()
    };
    if let Some(l) = &a.laufzeit {
        let (from, to) = parse_laufzeit(l).map_err(anyhow::Error::msg)?;
        patch.laufzeit_from = Some(from);
        patch.laufzeit_to = Some(to);
    }
    if let Some(r) = &a.aufbewahrung {
        let r = r.trim();
        if r.is_empty() {
            patch.retention_years = Some(None);
        } else if r.eq_ignore_ascii_case("unbefristet") {
            patch.retention_unlimited = Some(true);
        } else {
            match r.parse::<i64>() {
                Ok(years) => patch.retention_years = Some(Some(years)),
                Err(_) => {
                    bail!("--aufbewahrung '{r}': erwartet eine Zahl von Jahren oder 'unbefristet'")
                }
            }
        }
    }
    let (record, changes) = lib.update_record(&id, &patch)?;
    if !changes.is_empty() {
        refresh_index(lib, &record.id)?;
    }
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({"record": record, "changes": changes}))?
        );
    } else if changes.is_empty() {
        println!("Akte {}: nichts geändert.", record.id);
    } else {
        println!("Akte {}: {} Angabe(n) geändert", record.id, changes.len());
        for c in &changes {
            println!(
                "  {}: {} → {}",
                aktenscan_xdomea::field_name(&c.field),
                c.old.as_deref().unwrap_or("–"),
                c.new.as_deref().unwrap_or("–")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The index holds each page with its record's fields: re-add the record's documents.
pub fn refresh_index(lib: &Library, record_id: &str) -> Result<()> {
    let (index, rebuilt) = aktenscan_index::SearchIndex::open(lib, &mut |_, _| {})?;
    if rebuilt.is_none() {
        index.refresh_record(lib, record_id)?;
    }
    Ok(())
}
