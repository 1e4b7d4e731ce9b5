//! `aktenscan export`: hands records over as an xdomea 0503 Aussonderung or 0401 Abgabe
//! (a thin wrapper over `aktenscan-xdomea`).

use std::path::PathBuf;
use std::process::ExitCode;

use aktenscan_core::{CoreError, Workspace};
use aktenscan_xdomea::{MessageKind, XdomeaError, XdomeaVersion};
use anyhow::{Context, Result};
use serde_json::json;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// 0503 Aussonderung.Aussonderung: to an archive.
    #[value(name = "xdomea-0503")]
    Xdomea0503,
    /// 0401 Abgabe.Abgabe: to another e-file system.
    #[value(name = "xdomea-0401")]
    Xdomea0401,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// The message to write.
    #[arg(long, value_enum)]
    format: Format,
    /// xdomea version of the message.
    #[arg(long, default_value = "3.1.0", value_parser = ["3.1.0", "3.0.0"])]
    xdomea_version: String,
    /// A record to export (full id or unique prefix); repeat for several.
    #[arg(long = "record", required = true)]
    records: Vec<String>,
    /// Folder the package is written to (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Wrap the ZIP in a BagIt 1.0 bag with SHA-512 manifests.
    #[arg(long)]
    bag: bool,
    /// Municipality profile (JSON); default: xdomea-profil.json in the library, else built in.
    #[arg(long)]
    profile: Option<PathBuf>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

pub fn export(ws: &mut Workspace, args: ExportArgs) -> Result<ExitCode> {
    let records = args
        .records
        .iter()
        .map(|id| ws.record_id(id))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let req = ws.export_request(
        match args.format {
            Format::Xdomea0503 => MessageKind::Aussonderung,
            Format::Xdomea0401 => MessageKind::Abgabe,
        },
        XdomeaVersion::parse(&args.xdomea_version).context("unknown xdomea version")?,
        records,
        args.profile.as_deref(),
    )?;
    match ws.export(&req, &args.out, args.bag) {
        Ok(w) => {
            if args.json {
                let v = json!({
                    "prozess_id": w.prozess_id,
                    "message": req.kind.code(),
                    "xdomea_version": req.version.as_str(),
                    "records": req.records,
                    "zip": w.zip,
                    "zip_sha256": w.zip_sha256,
                    "bag": w.bag,
                    "message_file": w.message_file,
                    "documents": w.documents,
                });
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                println!(
                    "{} {} (xdomea {}) geschrieben: {}",
                    req.kind.code(),
                    req.kind.name(),
                    req.version.as_str(),
                    w.bag.as_ref().unwrap_or(&w.zip).display()
                );
                println!("  ProzessID {}", w.prozess_id);
                println!(
                    "  {} Akte(n), {} Dokument(e); ZIP SHA-256 {}",
                    req.records.len(),
                    w.documents.len(),
                    w.zip_sha256
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(CoreError::Xdomea(XdomeaError::Refused(refusal))) => {
            if args.json {
                let missing: Vec<_> = refusal
                    .0
                    .iter()
                    .map(|m| json!({"akte": m.akte, "problems": m.problems}))
                    .collect();
                println!(
                    "{}",
                    serde_json::to_string_pretty(&json!({"refused": true, "missing": missing}))?
                );
            }
            eprint!("{refusal}");
            eprintln!(
                "Ergänzen mit: aktenscan record set ID --aktenzeichen … --laufzeit 1987..1994 --aufbewahrung 30 …"
            );
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}
