//! Command-line options for splitting a batch into documents (shared by `ingest`, `watch` and
//! `scan`).

use aktenscan_split::{SplitOptions, DEFAULT_BLANK_INK};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SplitMode {
    /// One document per input file.
    None,
    /// Separator sheets (a blank sheet, or a TRENNBLATT / "AZ …" barcode) start a new document.
    Separators,
}

#[derive(clap::Args, Clone, Debug)]
pub struct SplitArgs {
    /// How a batch becomes documents.
    #[arg(long, value_enum, default_value = "none")]
    pub split: SplitMode,
    /// The pages are sheets scanned on both sides (front, back, front, …): blank sides are left
    /// out and listed.
    #[arg(long)]
    pub duplex: bool,
    /// A page with less ink than this (percent of its pixels) counts as blank.
    #[arg(long, default_value_t = DEFAULT_BLANK_INK * 100.0)]
    pub blank_ink: f32,
}

impl SplitArgs {
    pub fn options(&self) -> SplitOptions {
        SplitOptions {
            separators: self.split == SplitMode::Separators,
            duplex: self.duplex,
            blank_ink: (self.blank_ink / 100.0).clamp(0.0, 1.0),
        }
    }
}
