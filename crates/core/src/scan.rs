//! The scan session: a SANE scanner set up from a profile, its batch written into the library's
//! `scans/` folder with its protocol (`scan.json`), each page recognised while the feeder runs,
//! then stored into a record through the ingest pipeline. The CLI's `scan` and the window's
//! "Scannen" both run this.

use aktenscan_pipeline::{IngestReport, IngestRequest};
use aktenscan_scanner::{is_feeder, BatchProtocol, OptionValue, Sane};
use aktenscan_split::SplitOptions;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// What a scan session tells its caller while it runs.
#[derive(Debug, Clone, Copy)]
pub enum ScanEvent<'a> {
    /// Page `page` of the batch (1-based, in scan order) is scanned and written to `file`.
    Scanned { page: usize, file: &'a Path },
    /// Page `page` is recognised (while the feeder runs, or right after it stopped); `error`
    /// says why it could not be, when it could not.
    Recognised {
        page: usize,
        file: &'a Path,
        error: Option<&'a str>,
    },
}

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

impl ScanProfile {
    /// Reads scanner options written as `NAME=VALUE` (names as `scanimage -A` shows them),
    /// several separated by `;` or new lines; empty parts are skipped.
    pub fn parse_options(text: &str) -> Result<Vec<(String, String)>, crate::CoreError> {
        text.split([';', '\n'])
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(|o| match o.split_once('=') {
                Some((name, value)) if !name.trim().is_empty() => {
                    Ok((name.trim().to_string(), value.trim().to_string()))
                }
                _ => Err(crate::CoreError::Io(format!(
                    "scanner option {o:?}: expected NAME=VALUE, e.g. read-delay=yes"
                ))),
            })
            .collect()
    }

    /// Sets the scan area to a paper size.
    pub fn with_page_size(mut self, size: Option<PageSize>) -> ScanProfile {
        if let Some(size) = size {
            let (w, h) = size.mm();
            self.width_mm = Some(w);
            self.height_mm = Some(h);
        }
        self
    }
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
    let reason = in_german(batch.stopped()?);
    let record = record.unwrap_or("?");
    Some(format!(
        "der Scanner hat nach {} Seite(n) angehalten: {reason}. Die gescannten Seiten sind in der Akte {record} gespeichert; die übrigen Blätter wieder einlegen und mit `aktenscan scan --record {record} …` (im Fenster: „Weiter scannen“) fortsetzen.",
        batch.protocol.pages_scanned
    ))
}

/// SANE's words for why a scanner stopped, in German (SANE's own words kept in brackets, for
/// the service technician); text without a known status is returned as it is.
pub fn in_german(reason: &str) -> String {
    const KNOWN: [(&str, &str); 9] = [
        ("Document feeder jammed", "Papierstau im Einzug"),
        ("Scanner cover is open", "die Abdeckung des Scanners ist offen"),
        ("Document feeder out of documents", "der Einzug ist leer"),
        ("the document feeder is empty", "der Einzug ist leer"),
        ("Error during device I/O", "Übertragungsfehler (Kabel, Stromversorgung?)"),
        ("Device busy", "der Scanner ist belegt"),
        ("Access to resource has been denied", "kein Zugriff auf den Scanner"),
        ("Out of memory", "zu wenig Arbeitsspeicher"),
        ("did not stop within 10 s", "der Treiber reagiert nicht mehr: Scanner aus- und wieder einschalten und Aktenscan neu starten"),
    ];
    match KNOWN.iter().find(|(sane, _)| reason.contains(sane)) {
        Some((_, german)) => format!("{german} ({reason})"),
        None => reason.to_string(),
    }
}

/// The scanners SANE finds.
pub fn scanners() -> Result<Vec<aktenscan_scanner::DeviceInfo>, crate::CoreError> {
    Ok(Sane::init()?.devices()?)
}

/// What a scanner offers for a profile (resolutions, modes, sources, scan area), as it reports
/// it, with the paper sizes that fit its scan area.
pub fn capabilities(device: &str) -> Result<DeviceChoices, crate::CoreError> {
    let sane = Sane::init()?;
    let scanner = sane.open(device)?;
    let offered = scanner.capabilities();
    let fits = |s: &PageSize| {
        let (w, h) = s.mm();
        offered.max_width_mm.is_none_or(|m| m + 0.5 >= w as f64)
            && offered.max_height_mm.is_none_or(|m| m + 0.5 >= h as f64)
    };
    Ok(DeviceChoices {
        page_sizes: PageSize::ALL.into_iter().filter(fits).collect(),
        offered,
    })
}

/// A scanner's choices for the window.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct DeviceChoices {
    #[serde(flatten)]
    pub offered: aktenscan_scanner::Capabilities,
    /// The paper sizes that fit the scan area.
    pub page_sizes: Vec<PageSize>,
}

/// A paper size a clerk picks instead of typing millimetres.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub enum PageSize {
    A3,
    A4,
    A5,
    A6,
    Letter,
    Legal,
}

impl PageSize {
    pub const ALL: [PageSize; 6] = [
        PageSize::A4,
        PageSize::A5,
        PageSize::A3,
        PageSize::A6,
        PageSize::Letter,
        PageSize::Legal,
    ];

    /// Width and height in mm (portrait).
    pub fn mm(self) -> (f32, f32) {
        match self {
            PageSize::A3 => (297.0, 420.0),
            PageSize::A4 => (210.0, 297.0),
            PageSize::A5 => (148.0, 210.0),
            PageSize::A6 => (105.0, 148.0),
            PageSize::Letter => (215.9, 279.4),
            PageSize::Legal => (215.9, 355.6),
        }
    }
}

/// Whether the pages of a batch should be looked at for splitting while they are recognised
/// (if they are not, the ingest looks at them itself when it needs to).
pub(crate) fn looks_needed(profile: &ScanProfile, target: &ScanTarget) -> bool {
    target.split.active()
        || profile
            .source
            .as_deref()
            .is_some_and(|s| s.to_lowercase().contains("duplex"))
}

/// Scans the whole feeder (or one flatbed page) into `parent/<time>-<device>/` with its
/// `scan.json`, each page written as it arrives; `on_page` hears of each. Setting `stop` ends
/// the batch after the sheet being read. Pages read before the scanner stopped are kept (the
/// protocol says why it stopped). `parent` is a library's `scans/` ([`crate::Workspace::scan_batch`])
/// or, at a desk whose library is a server, its outbox (`aktenscan scan --server`: nothing is
/// recognised here, the server does that).
pub fn scan_to_send(
    parent: &Path,
    profile: &ScanProfile,
    target: &ScanTarget,
    on_page: &mut dyn FnMut(usize, &Path),
    stop: &AtomicBool,
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
    let folder: PathBuf = std::path::absolute(parent)
        .map_err(|e| crate::CoreError::Io(format!("{}: {e}", parent.display())))?
        .join(format!("{stamp}-{device}"));
    let protocol = aktenscan_scanner::scan_into(&mut scanner, &sane, adf, &folder, on_page, stop)?;
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
