//! `aktenscan record set`: changes a record's metadata (each change goes to the audit log).

use std::process::ExitCode;

use aktenscan_core::{RecordInput, Workspace};
use anyhow::Result;
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
    /// Accept the suggestions read from the pages (`aktenscan suggest ID` lists them): all, or
    /// those of the fields named, e.g. `aktenzeichen,laufzeit,personenbezug,datum,typ,betreff`.
    /// Options given here win over a suggestion.
    #[arg(long, value_name = "FIELDS", num_args = 0..=1, default_missing_value = "alle")]
    accept_suggestions: Option<String>,
    /// Print the record and the changes as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(ws: &mut Workspace, cmd: RecordCommand) -> Result<ExitCode> {
    match cmd {
        RecordCommand::Set(args) => set(ws, args),
    }
}

fn set(ws: &mut Workspace, a: SetArgs) -> Result<ExitCode> {
    let id = ws.record_id(&a.id)?;
    let mut accepted = None;
    if let Some(fields) = &a.accept_suggestions {
        let fields = crate::suggest::fields(fields)?;
        accepted = Some(ws.accept_suggestions(&id, fields.as_deref())?.accepted);
    }
    let input = RecordInput {
        title: a.title,
        aktenzeichen: a.aktenzeichen,
        aktenplan_unit: a.plan,
        laufzeit: a.laufzeit,
        office: a.amt,
        confidentiality: a.vertraulichkeit,
        retention: a.aufbewahrung,
        personal_data: match (a.personenbezug, a.kein_personenbezug) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
        remark: a.bemerkung,
        aussonderungsart: a.aussonderungsart,
        bewertungsvorschlag: a.bewertung,
        location: a.standort,
        paper_original: a.papier,
    };
    let aktenscan_core::RecordUpdate { record, changes } = ws.update_record(&id, &input)?;
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(
                &json!({"record": record, "changes": changes, "suggestions_accepted": accepted})
            )?
        );
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(n) = accepted {
        println!("Akte {}: {n} Vorschlag/Vorschläge übernommen", record.id);
    }
    if changes.is_empty() {
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
