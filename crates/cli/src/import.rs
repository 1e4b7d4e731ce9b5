//! `aktenscan import-xdomea`: reads a 0503 / 0401 package into the library; the primary
//! documents go through the normal ingest (OCR where there is no text, PDF/A, index).

use std::path::PathBuf;
use std::process::ExitCode;

use aktenscan_core::Workspace;
use anyhow::Result;

#[derive(clap::Args)]
pub struct ImportArgs {
    /// The package: `…_Aussonderung.Aussonderung.0503.zip`, `…_Abgabe.Abgabe.0401.zip`, or a
    /// bare message `.xml` with its primary documents beside it.
    file: PathBuf,
    #[command(flatten)]
    processing: crate::Processing,
}

pub fn import(ws: &mut Workspace, args: ImportArgs) -> Result<ExitCode> {
    let report = crate::with_progress(&args.processing, |settings, progress, cancel| {
        ws.import_xdomea(&args.file, settings, progress, cancel)
    })?;
    let skipped: usize = report.records.iter().map(|r| r.skipped.len()).sum();
    if args.processing.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "{} (xdomea {}) von {} importiert: {} Akte(n)",
            report.message,
            report.xdomea_version,
            report.absender,
            report.records.len()
        );
        for r in &report.records {
            println!(
                "  Akte {} ({}): {} Dokument(e)",
                r.id,
                r.title,
                r.documents.len()
            );
        }
    }
    for r in &report.records {
        for s in &r.skipped {
            eprintln!("aktenscan: Akte {}: {s}", r.id);
        }
    }
    Ok(if skipped > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
