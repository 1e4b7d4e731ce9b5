//! Shared data types of Aktenscan: page geometry, recognised text with word boxes, and page facts.
//!
//! Every coordinate is in pixels of the *stored* page image (origin top left, y down), so a viewer
//! can draw word boxes straight onto the image the library keeps, whatever rotation OCR applied.

use serde::{Deserialize, Serialize};

pub mod clearance;
pub mod i18n;
pub mod values;
pub use clearance::{AccessFacts, Clearance, Permission, Role, Scope};
pub use values::{
    AuditAction, Aussonderungsart, Bewertungsvorschlag, Confidentiality, DocumentStatus, Field,
    FieldError, Laufzeit, PartialDate, Retention, RetentionColumns, UnknownCode,
    MAX_RETENTION_YEARS,
};

/// How the pixels of a raw image are laid out, rows from top to bottom: one meaning for every
/// crate (PDF input, decoded pages, PDF/A output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PixelKind {
    /// One bit a pixel, 1 = black (as in PBM and Leptonica), the first pixel in the most
    /// significant bit; each row starts on a new byte (`width.div_ceil(8)` bytes a row).
    Bilevel,
    /// One byte a pixel, 0 = black.
    Gray8,
    /// Three bytes a pixel: red, green, blue (sRGB).
    Rgb8,
}

impl PixelKind {
    /// Bytes a row of `width` pixels takes.
    pub fn row_bytes(self, width: u32) -> u64 {
        match self {
            PixelKind::Bilevel => u64::from(width).div_ceil(8),
            PixelKind::Gray8 => u64::from(width),
            PixelKind::Rgb8 => 3 * u64::from(width),
        }
    }
}

/// How a stored page image file is encoded. The library names its files by it (`.jpg`, `.tif`,
/// `.png`); a reader tells it from the file's first bytes ([`ImageEncoding::sniff`]), never from
/// a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageEncoding {
    /// A JPEG file (as the scanner compressed it).
    Jpeg,
    /// A TIFF file: CCITT G4, Deflate, or another compression Leptonica reads.
    Tiff,
    /// A PNG file.
    Png,
}

impl ImageEncoding {
    /// The file extension the library gives such a file.
    pub fn ext(self) -> &'static str {
        match self {
            ImageEncoding::Jpeg => "jpg",
            ImageEncoding::Tiff => "tif",
            ImageEncoding::Png => "png",
        }
    }

    /// The encoding of a file's bytes, by their signature.
    pub fn sniff(bytes: &[u8]) -> Option<ImageEncoding> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageEncoding::Jpeg)
        } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
            Some(ImageEncoding::Tiff)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageEncoding::Png)
        } else {
            None
        }
    }
}

/// What a scanned batch was made with and how it ended: the scan protocol's technical part
/// (TR-RESISCAN: scanner, driver, settings, page count). Written by the scanner, kept with the
/// ingest job, read for the document's protocol.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScanProtocol {
    pub device: String,
    pub vendor: String,
    pub model: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// The SANE backend (driver) and SANE's version.
    pub driver: String,
    pub sane_version: String,
    pub software: String,
    /// Every active option as read back from the scanner after setting.
    pub options: serde_json::Map<String, serde_json::Value>,
    pub started_at: String,
    pub finished_at: String,
    pub pages_scanned: usize,
    /// `complete`, `cancelled` or `stopped: ` and why the scanner stopped.
    pub end: String,
    /// Why the scanner stopped early, when it did (the reason in `end`, as a value).
    #[serde(skip)]
    pub stopped: Option<String>,
    /// The page files, in scan order.
    pub files: Vec<std::path::PathBuf>,
}

/// How a document was captured as part of a batch, for its scan protocol: the scanner (when one
/// made the pages), how the batch was split, and the sheets of the batch that were left out in
/// front of or within this document. Read from the job that stored the document; a document
/// split off later keeps its batch's facts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CaptureBatch {
    pub scan: Option<ScanProtocol>,
    /// Separator sheets started new documents.
    pub split_at_separators: bool,
    /// Sheets were scanned on both sides; blank sides were left out.
    pub duplex: bool,
    /// Separator sheets in front of this document (not stored as pages).
    pub separator_sheets: Vec<LeftOutPage>,
    /// Blank pages of this document's sheets that were left out.
    pub dropped_blank: Vec<LeftOutPage>,
    /// The document this one was split off from, when it was.
    pub split_from: Option<String>,
}

/// A page of a batch that is not stored: its file (and page in a multi-page file) and why.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LeftOutPage {
    /// The file's name (`seite-0007.png`).
    pub file: String,
    /// 0-based page in the file.
    pub page_index: usize,
    /// `blank`, `barcode`, `cover` for a separator sheet; `blank` for a dropped side.
    pub kind: String,
    /// A separator sheet's barcode.
    pub barcode: Option<String>,
}

/// An axis-aligned rectangle in image pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BBox {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
}

impl BBox {
    pub fn new(x: u32, y: u32, w: u32, h: u32) -> Self {
        BBox { x, y, w, h }
    }

    /// The smallest box holding both.
    pub fn union(&self, other: &BBox) -> BBox {
        if self.w == 0 && self.h == 0 {
            return *other;
        }
        if other.w == 0 && other.h == 0 {
            return *self;
        }
        let x0 = self.x.min(other.x);
        let y0 = self.y.min(other.y);
        let x1 = (self.x + self.w).max(other.x + other.w);
        let y1 = (self.y + self.h).max(other.y + other.h);
        BBox::new(x0, y0, x1 - x0, y1 - y0)
    }
}

/// One recognised word.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Word {
    pub text: String,
    pub bbox: BBox,
    /// Recognition confidence, 0.0 to 1.0.
    pub confidence: f32,
}

/// A line of words in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub bbox: BBox,
    pub words: Vec<Word>,
}

/// A text block (paragraph or column) of lines in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    pub bbox: BBox,
    pub lines: Vec<Line>,
}

/// Rotation in quarter turns, clockwise, that makes the stored image upright.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Orientation {
    #[default]
    Upright,
    Cw90,
    Cw180,
    Cw270,
}

impl Orientation {
    pub fn degrees(self) -> u32 {
        match self {
            Orientation::Upright => 0,
            Orientation::Cw90 => 90,
            Orientation::Cw180 => 180,
            Orientation::Cw270 => 270,
        }
    }

    /// From a clockwise angle in degrees (any multiple of 90, negative allowed).
    pub fn from_degrees(deg: i32) -> Orientation {
        match deg.rem_euclid(360) {
            90 => Orientation::Cw90,
            180 => Orientation::Cw180,
            270 => Orientation::Cw270,
            _ => Orientation::Upright,
        }
    }
}

/// The recognised text of one page, with its structure and geometry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PageText {
    /// Width and height of the stored image in pixels.
    pub width: u32,
    pub height: u32,
    pub blocks: Vec<Block>,
}

impl PageText {
    /// Plain text: words joined by spaces, lines by newlines, blocks by a blank line.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for (bi, block) in self.blocks.iter().enumerate() {
            if bi > 0 {
                out.push('\n');
            }
            for line in &block.lines {
                let mut first = true;
                for word in &line.words {
                    if !first {
                        out.push(' ');
                    }
                    out.push_str(&word.text);
                    first = false;
                }
                out.push('\n');
            }
        }
        out
    }

    /// Every word in reading order.
    pub fn words(&self) -> impl Iterator<Item = &Word> {
        self.blocks
            .iter()
            .flat_map(|b| b.lines.iter())
            .flat_map(|l| l.words.iter())
    }

    /// Mean word confidence (0..1), or `None` for a page without words.
    pub fn mean_confidence(&self) -> Option<f32> {
        let (sum, n) = self.words().fold((0.0f64, 0usize), |(s, n), w| {
            (s + w.confidence as f64, n + 1)
        });
        (n > 0).then(|| (sum / n as f64) as f32)
    }
}

/// How the text of a page came to be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextSource {
    /// Recognised by Tesseract with the named model (e.g. `deu`, `frk`).
    Ocr { model: String },
    /// Taken from the text layer the input PDF already had.
    PdfTextLayer,
    /// The page is blank; nothing was recognised.
    Blank,
}

/// What OCR found and did for one page, kept in the store beside the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrFacts {
    pub source: TextSource,
    /// Quarter-turn correction applied before recognition.
    pub orientation: Orientation,
    /// Confidence of the orientation detection (Tesseract OSD), if it ran.
    pub orientation_confidence: Option<f32>,
    /// Skew angle in degrees (counter-clockwise positive) that was corrected before recognition.
    pub skew_degrees: f32,
    /// Script reported by OSD (`Latin`, `Fraktur`, …), if it ran.
    pub script: Option<String>,
    pub mean_confidence: Option<f32>,
    /// Milliseconds spent in recognition for this page.
    pub ocr_ms: u64,
}

/// One page as a workstation recognised it: sent to the server with the page's file, which
/// checks it against the page and stores it instead of recognising the page again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecognisedPage {
    /// The page in its file, from 0.
    pub page: usize,
    pub text: PageText,
    pub facts: OcrFacts,
}

/// Every page of one file, recognised at a workstation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RecognisedFile {
    pub pages: Vec<RecognisedPage>,
}

/// The most bytes of JSON a server takes as one file's recognition (a dense page is about
/// 200 KB: some 300 pages); a desk sends a larger file without it, to be recognised there.
pub const MAX_RECOGNITION_BYTES: usize = 64 << 20;
