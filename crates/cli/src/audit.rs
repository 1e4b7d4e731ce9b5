//! `aktenscan audit verify`: checks the audit log's hash chain and names the first broken entry;
//! `aktenscan audit report`: what one person did and saw (DSGVO Auskunft).

use std::process::ExitCode;

use aktenscan_core::Workspace;
use anyhow::Result;
use serde_json::json;

#[derive(clap::Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain (exit 0 intact, 1 broken).
    Verify {
        #[arg(long)]
        json: bool,
    },
    /// What one person did and saw: page views, downloads, exports, changes, sign-ins.
    Report {
        /// The account (or operating-system user) name.
        #[arg(long)]
        user: String,
        /// From this day or time on (YYYY-MM-DD or RFC 3339, UTC).
        #[arg(long)]
        from: Option<String>,
        /// Up to this day (inclusive) or time.
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ws: &Workspace, cmd: AuditCommand) -> Result<ExitCode> {
    let json = match cmd {
        AuditCommand::Verify { json } => json,
        AuditCommand::Report {
            user,
            from,
            to,
            json,
        } => {
            let entries = ws.audit_report(&user, from.as_deref(), to.as_deref())?;
            if json {
                println!("{}", serde_json::to_string_pretty(&entries)?);
            } else {
                println!("Auskunft für {user}: {} Einträge", entries.len());
                for e in &entries {
                    let label = e.action().map_or(e.action.as_str(), |a| a.label());
                    println!("{}\t{}\t{}\t{}", e.at, label, e.subject, e.details);
                }
            }
            return Ok(ExitCode::SUCCESS);
        }
    };
    let (head_seq, head_hash) = ws.library().audit_head()?;
    match ws.verify_audit()? {
        Ok(n) => {
            if json {
                let v = json!({"intact": true, "entries": n, "head": {"seq": head_seq, "hash": head_hash}});
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                println!("Audit-Protokoll intakt: {n} Einträge, letzter Eintrag {head_seq} mit SHA-256 {head_hash}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(broken) => {
            if json {
                let v = json!({
                    "intact": false,
                    "broken": {"seq": broken.seq, "problem": broken.problem},
                    "head": {"seq": head_seq, "hash": head_hash},
                });
                println!("{}", serde_json::to_string_pretty(&v)?);
            }
            eprintln!(
                "Audit-Protokoll beschädigt: Eintrag {} – {}",
                broken.seq, broken.problem
            );
            Ok(ExitCode::from(1))
        }
    }
}
