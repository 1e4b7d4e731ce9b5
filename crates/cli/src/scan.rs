//! `aktenscan scanners` and `aktenscan scan`: the options of a scan session (the session itself
//! is `aktenscan_core::Workspace::scan`).

use crate::batch::SplitArgs;
use aktenscan_core::{ScanProfile, ScanTarget};
use anyhow::{Context, Result};

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
    let devices = aktenscan_core::scanners()?;
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

impl ScanArgs {
    /// The scan profile and the target record the options name.
    pub fn session(&self) -> Result<(ScanProfile, ScanTarget)> {
        let mut options = Vec::new();
        for o in &self.options {
            options
                .extend(ScanProfile::parse_options(o).with_context(|| format!("--option {o:?}"))?);
        }
        Ok((
            ScanProfile {
                device: self.device.clone(),
                resolution: self.resolution,
                mode: self.mode.clone(),
                source: self.source.clone(),
                width_mm: self.width_mm,
                height_mm: self.height_mm,
                options,
            },
            ScanTarget {
                title: self.title.clone(),
                aktenzeichen: self.aktenzeichen.clone(),
                record_id: self.record.clone(),
                split: self.split.options(),
            },
        ))
    }
}
