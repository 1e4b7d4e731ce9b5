//! `aktenscan audit verify`: checks the audit log's hash chain and names the first broken entry.

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
}

pub fn run(ws: &Workspace, cmd: AuditCommand) -> Result<ExitCode> {
    let AuditCommand::Verify { json } = cmd;
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
