//! `aktenscan import-xdomea`: reads a 0503 / 0401 package into the library; the primary
//! documents go through the normal ingest (OCR where there is no text, PDF/A, index).

use std::path::PathBuf;
use std::process::ExitCode;

use aktenscan_pipeline::IngestRequest;
use aktenscan_store::Library;
use aktenscan_xdomea::IngestOutcome;
use anyhow::Result;

#[derive(clap::Args)]
pub struct ImportArgs {
    /// The package: `…_Aussonderung.Aussonderung.0503.zip`, `…_Abgabe.Abgabe.0401.zip`, or a
    /// bare message `.xml` with its primary documents beside it.
    file: PathBuf,
    #[command(flatten)]
    processing: crate::Processing,
}

pub fn import(lib: &mut Library, args: ImportArgs) -> Result<ExitCode> {
    let processing = args.processing.clone();
    let mut ingest = |lib: &mut Library,
                      record: &str,
                      paths: &[PathBuf]|
     -> std::result::Result<IngestOutcome, String> {
        let request = IngestRequest {
            paths: paths.to_vec(),
            title: None,
            aktenzeichen: None,
            record_id: Some(record.to_string()),
            ..Default::default()
        };
        let reports = crate::with_progress(&processing, |settings, progress, cancel| {
            aktenscan_pipeline::ingest(lib, &request, settings, progress, cancel).map(|r| vec![r])
        })
        .map_err(|e| format!("{e:#}"))?;
        let mut out = IngestOutcome::default();
        for r in reports {
            if r.cancelled {
                return Err("abgebrochen".into());
            }
            out.documents
                .extend(r.documents.into_iter().map(|d| (d.source, d.id)));
            out.failed
                .extend(r.failed.into_iter().map(|f| (f.path, f.error)));
        }
        Ok(out)
    };
    let report = aktenscan_xdomea::import(lib, &args.file, &mut ingest)?;
    for r in &report.records {
        crate::record::refresh_index(lib, &r.id)?;
    }
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
