//! The scan session: a SANE scanner set up from a profile, its batch written into the library's
//! `scans/` folder with its protocol (`scan.json`), then recognised and stored into a record
//! through the ingest pipeline. The CLI's `scan` and the window's "Scannen" both run this.

use aktenscan_pipeline::{IngestReport, IngestRequest};
use aktenscan_scanner::{is_feeder, BatchProtocol, OptionValue, Sane};
use aktenscan_split::SplitOptions;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// How to scan: the device and the settings a clerk chooses (a scan profile).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScanProfile {
    /// The SANE device, e.g. `test:0`.
    pub device: String,
    /// Resolution in dpi.
    pub resolution: u32,
    /// Colour mode: `Gray`, `Color`, `Lineart` (or the scanner's own name for it).
    pub mode: Option<String>,
    /// Paper source: `ADF`, `ADF Duplex`, `Flatbed` (or the scanner's own name). A duplex source
    /// implies duplex splitting (blank back sides dropped).
    pub source: Option<String>,
    /// Scan area from the top-left corner, in mm.
    pub width_mm: Option<f32>,
    pub height_mm: Option<f32>,
    /// Any other scanner option by its SANE name.
    pub options: Vec<(String, String)>,
}

/// Where a batch goes: a new record (title, Aktenzeichen) or an existing one, and how it is
/// split into documents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScanTarget {
    pub title: Option<String>,
    pub aktenzeichen: Option<String>,
    pub record_id: Option<String>,
    pub split: SplitOptions,
}

/// A batch scanned into the library's `scans/` folder, ready to be ingested.
#[derive(Debug, Clone)]
pub struct ScannedBatch {
    pub request: IngestRequest,
    pub protocol: BatchProtocol,
}

impl ScannedBatch {
    /// Why the scanner stopped before the feeder was empty, if it did.
    pub fn stopped(&self) -> Option<&str> {
        self.protocol.stopped.as_deref()
    }
}

/// What a scan session produced: the batch's protocol and, unless the ingest failed, its
/// report.
#[derive(Debug)]
pub struct ScanOutcome {
    pub batch: ScannedBatch,
    pub report: IngestReport,
}

impl ScanOutcome {
    /// What the clerk should do after the scanner stopped early (German), if it did.
    pub fn advice(&self) -> Option<String> {
        stop_advice(&self.batch, Some(&self.report.record_id))
    }
}

/// What the clerk should do after the scanner stopped early (German), if it did.
pub fn stop_advice(batch: &ScannedBatch, record: Option<&str>) -> Option<String> {
    let reason = batch.stopped()?;
    let record = record.unwrap_or("?");
    Some(format!(
        "der Scanner hat nach {} Seite(n) angehalten: {reason}. Die gescannten Seiten sind in der Akte {record} gespeichert; die übrigen Blätter wieder einlegen und mit `aktenscan scan --record {record} …` fortsetzen.",
        batch.protocol.pages_scanned
    ))
}

/// The scanners SANE finds.
pub fn scanners() -> Result<Vec<aktenscan_scanner::DeviceInfo>, crate::CoreError> {
    Ok(Sane::init()?.devices()?)
}

/// Scans the whole feeder (or one flatbed page) into `LIBRARY/scans/<time>-<device>/`, each
/// page written as it arrives; `on_page` hears of each. Pages read before the scanner stopped
/// are kept (the protocol says why it stopped).
pub(crate) fn scan_batch(
    library: &Path,
    profile: &ScanProfile,
    target: &ScanTarget,
    on_page: &mut dyn FnMut(usize, &Path),
) -> Result<ScannedBatch, crate::CoreError> {
    let sane = Sane::init()?;
    let mut scanner = sane.open(&profile.device)?;
    scanner.set("resolution", &profile.resolution.to_string())?;
    if let Some(mode) = &profile.mode {
        scanner.set("mode", mode)?;
    }
    let mut split = target.split;
    if let Some(source) = &profile.source {
        scanner.set("source", source)?;
    }
    let mut adf = false;
    if let Some(OptionValue::Text(s)) = scanner.get("source") {
        adf = is_feeder(&s);
        // A duplex source delivers front, back, front, …: blank sides are dropped (and listed).
        split.duplex |= s.to_lowercase().contains("duplex");
    }
    if let Some(w) = profile.width_mm {
        scanner.set("br-x", &w.to_string())?;
    }
    if let Some(h) = profile.height_mm {
        scanner.set("br-y", &h.to_string())?;
    }
    for (name, value) in &profile.options {
        scanner.set(name.trim(), value.trim())?;
    }
    let stamp = aktenscan_store::now_utc().replace([':', '.'], "-");
    let device: String = profile
        .device
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let folder: PathBuf = std::path::absolute(library)
        .map_err(|e| crate::CoreError::Io(format!("{}: {e}", library.display())))?
        .join("scans")
        .join(format!("{stamp}-{device}"));
    let protocol = aktenscan_scanner::scan_into(&mut scanner, &sane, adf, &folder, on_page)?;
    drop(scanner);
    drop(sane);
    if protocol.pages_scanned == 0 {
        return Err(crate::CoreError::NothingScanned {
            device: profile.device.clone(),
            end: protocol.end.clone(),
        });
    }
    let text = serde_json::to_string_pretty(&protocol)
        .map_err(|e| crate::CoreError::Io(format!("scan protocol: {e}")))?;
    std::fs::write(folder.join("scan.json"), text)
        .map_err(|e| crate::CoreError::Io(format!("{}: {e}", folder.display())))?;
    let title = target
        .title
        .clone()
        .or_else(|| target.record_id.is_none().then(|| format!("Scan {stamp}")));
    Ok(ScannedBatch {
        request: IngestRequest {
            paths: vec![folder],
            title,
            aktenzeichen: target.aktenzeichen.clone(),
            record_id: target.record_id.clone(),
            split,
            scan: Some(protocol.clone()),
        },
        protocol,
    })
}
