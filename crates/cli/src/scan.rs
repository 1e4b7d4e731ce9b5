//! `aktenscan scanners` and `aktenscan scan`: a SANE scanner's batch into a record (see
//! `aktenscan-scanner`; the pages then go through the ordinary ingest pipeline).

use crate::batch::SplitArgs;
use aktenscan_pipeline::{IngestReport, IngestRequest};
use aktenscan_scanner::{is_feeder, Sane};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct ScanArgs {
    /// The SANE device, e.g. `test:0` (see `aktenscan scanners`).
    #[arg(long)]
    pub device: String,
    /// Resolution in dpi.
    #[arg(long, default_value_t = 300)]
    pub resolution: u32,
    /// Colour mode: `Gray`, `Color` or `Lineart` (or the scanner's own name for it).
    #[arg(long)]
    pub mode: Option<String>,
    /// Paper source: `ADF`, `ADF Duplex`, `Flatbed` (or the scanner's own name). With a feeder
    /// the whole stack is scanned; with the flatbed one page. A duplex source implies --duplex.
    #[arg(long)]
    pub source: Option<String>,
    /// Page width in mm (scan area from the top-left corner).
    #[arg(long)]
    pub width_mm: Option<f32>,
    /// Page height in mm.
    #[arg(long)]
    pub height_mm: Option<f32>,
    /// Any other scanner option, as NAME=VALUE (repeatable; names as `scanimage -A` shows them).
    #[arg(long = "option", value_name = "NAME=VALUE")]
    pub options: Vec<String>,
    /// Title of the new record [default: "Scan <date and time>"].
    #[arg(long)]
    pub title: Option<String>,
    /// Aktenzeichen of the new record.
    #[arg(long)]
    pub aktenzeichen: Option<String>,
    /// Add to this existing record (e.g. to continue a batch after a paper jam).
    #[arg(long)]
    pub record: Option<String>,
    #[command(flatten)]
    pub split: SplitArgs,
}

/// Lists the scanners SANE finds.
pub fn scanners(json: bool) -> Result<()> {
    let sane = Sane::init()?;
    let devices = sane.devices()?;
    if json {
        println!("{}", serde_json::to_string_pretty(&devices)?);
    } else if devices.is_empty() {
        println!("Keine Scanner gefunden (SANE: sane-find-scanner, scanimage -L).");
    } else {
        for d in devices {
            println!("{}\t{} {} ({})", d.name, d.vendor, d.model, d.kind);
        }
    }
    Ok(())
}

/// What a scan run produced before its pages are ingested.
pub struct Scanned {
    pub request: IngestRequest,
    pub protocol: serde_json::Value,
    /// Why the scanner stopped early, if it did.
    pub stopped: Option<String>,
    pub pages: usize,
}

/// Scans the batch into `LIBRARY/scans/<time>-<device>/` and builds the ingest request.
pub fn scan(library: &Path, args: &ScanArgs, json: bool) -> Result<Scanned> {
    let sane = Sane::init()?;
    let mut scanner = sane.open(&args.device)?;
    scanner.set("resolution", &args.resolution.to_string())?;
    if let Some(mode) = &args.mode {
        scanner.set("mode", mode)?;
    }
    let mut adf = false;
    let mut split = args.split.options();
    if let Some(source) = &args.source {
        scanner.set("source", source)?;
    }
    if let Some(aktenscan_scanner::OptionValue::Text(s)) = scanner.get("source") {
        adf = is_feeder(&s);
        // A duplex source delivers front, back, front, …: blank sides are dropped (and listed).
        split.duplex |= s.to_lowercase().contains("duplex");
    }
    if let Some(w) = args.width_mm {
        scanner.set("br-x", &w.to_string())?;
    }
    if let Some(h) = args.height_mm {
        scanner.set("br-y", &h.to_string())?;
    }
    for o in &args.options {
        let (name, value) = o
            .split_once('=')
            .with_context(|| format!("--option {o:?}: expected NAME=VALUE"))?;
        scanner.set(name.trim(), value.trim())?;
    }
    let stamp = aktenscan_store::now_utc().replace([':', '.'], "-");
    let device: String = args
        .device
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let folder: PathBuf = std::path::absolute(library)?
        .join("scans")
        .join(format!("{stamp}-{device}"));
    let protocol = aktenscan_scanner::scan_into(&mut scanner, &sane, adf, &folder, &mut |n, _| {
        if !json {
            eprintln!("aktenscan: Seite {n} gescannt");
        }
    })?;
    drop(scanner);
    drop(sane);
    if protocol.pages_scanned == 0 {
        bail!("{}: no page was scanned ({})", args.device, protocol.end);
    }
    let stopped = protocol.end.strip_prefix("stopped: ").map(str::to_string);
    let pages = protocol.pages_scanned;
    let protocol = serde_json::to_value(&protocol)?;
    std::fs::write(
        folder.join("scan.json"),
        serde_json::to_string_pretty(&protocol)?,
    )
    .with_context(|| format!("{}", folder.display()))?;
    let title = args
        .title
        .clone()
        .or_else(|| args.record.is_none().then(|| format!("Scan {stamp}")));
    Ok(Scanned {
        request: IngestRequest {
            paths: vec![folder],
            title,
            aktenzeichen: args.aktenzeichen.clone(),
            record_id: args.record.clone(),
            split,
            scan: Some(protocol.clone()),
        },
        protocol,
        stopped,
        pages,
    })
}

/// Tells the clerk what became of a batch the scanner stopped early.
pub fn report_stop(scanned: &Scanned, report: Option<&IngestReport>) {
    if let Some(reason) = &scanned.stopped {
        let record = report.map(|r| r.record_id.as_str()).unwrap_or("?");
        eprintln!(
            "aktenscan: der Scanner hat nach {} Seite(n) angehalten: {reason}. Die gescannten Seiten sind in der Akte {record} gespeichert; die übrigen Blätter wieder einlegen und mit `aktenscan scan --record {record} …` fortsetzen.",
            scanned.pages
        );
    }
}
