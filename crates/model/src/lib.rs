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

/// The words of a page in reading order, each with its box, and nothing else: what a search
/// hit's snippet and highlights need. Decoded from the stored JSON of a [`PageText`] without
/// building its blocks and lines (one buffer for all the text), which makes the words of a
/// page several times cheaper to read than the whole structure.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageWords {
    /// Every word's text, one after the other.
    text: String,
    /// Where each word's text ends in `text`, and its box.
    words: Vec<(usize, BBox)>,
}

impl PageWords {
    /// The words of a page stored as a [`PageText`] in JSON.
    pub fn from_json(json: &str) -> serde_json::Result<PageWords> {
        use std::borrow::Cow;
        #[derive(Deserialize)]
        struct Page<'a> {
            #[serde(borrow)]
            blocks: Vec<Block<'a>>,
        }
        #[derive(Deserialize)]
        struct Block<'a> {
            #[serde(borrow)]
            lines: Vec<Line<'a>>,
        }
        #[derive(Deserialize)]
        struct Line<'a> {
            #[serde(borrow)]
            words: Vec<Word<'a>>,
        }
        #[derive(Deserialize)]
        struct Word<'a> {
            #[serde(borrow)]
            text: Cow<'a, str>,
            bbox: BBox,
        }
        let page: Page = serde_json::from_str(json)?;
        let mut out = PageWords {
            text: String::with_capacity(json.len() / 8),
            words: Vec::new(),
        };
        for word in page
            .blocks
            .iter()
            .flat_map(|b| &b.lines)
            .flat_map(|l| &l.words)
        {
            out.push(&word.text, word.bbox);
        }
        Ok(out)
    }

    fn push(&mut self, text: &str, bbox: BBox) {
        self.text.push_str(text);
        self.words.push((self.text.len(), bbox));
    }

    /// Every word's text and box, in reading order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, BBox)> + '_ {
        let mut start = 0;
        self.words.iter().map(move |&(end, bbox)| {
            let text = self.text.get(start..end).unwrap_or_default();
            start = end;
            (text, bbox)
        })
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// The words packed for storing beside the page's JSON, read back by
    /// [`PageWords::from_bytes`] without parsing: a version byte, the number of words, each
    /// word's end in the text and its box (little-endian `u32`s), then the text in UTF-8.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(5 + self.words.len() * 20 + self.text.len());
        out.push(PACKED_VERSION);
        let n = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
        out.extend_from_slice(&n.to_le_bytes());
        for &(end, b) in self.words.iter().take(n as usize) {
            let end = u32::try_from(end).unwrap_or(u32::MAX);
            for v in [end, b.x, b.y, b.w, b.h] {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out.extend_from_slice(self.text.as_bytes());
        out
    }

    /// Words packed by [`PageWords::to_bytes`]; `None` for bytes that are not such a packing
    /// (another version, cut short, a word's end outside the text or inside a letter).
    pub fn from_bytes(bytes: &[u8]) -> Option<PageWords> {
        let (&version, rest) = bytes.split_first()?;
        if version != PACKED_VERSION {
            return None;
        }
        let (n, rest) = rest.split_first_chunk::<4>()?;
        let n = u32::from_le_bytes(*n) as usize;
        let (table, text) = rest.split_at_checked(n.checked_mul(20)?)?;
        let text = std::str::from_utf8(text).ok()?;
        let mut words = Vec::with_capacity(n);
        let mut last = 0;
        for entry in table.chunks_exact(20) {
            let mut v = entry
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
            let mut next = || v.next().unwrap_or_default();
            let end = next() as usize;
            if end < last || end > text.len() || !text.is_char_boundary(end) {
                return None;
            }
            last = end;
            words.push((end, BBox::new(next(), next(), next(), next())));
        }
        Some(PageWords {
            text: text.to_string(),
            words,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words packed as text, for a store that keeps text but reads bytes slowly (the
    /// search index keeps them with each page): a version letter, the number of words, each
    /// word's end in the text and its box, each number in three 7-bit characters, then the
    /// text. `None` where a number does not fit (2 097 152 and more: no page is that large).
    pub fn to_text(&self) -> Option<String> {
        let mut out = Vec::with_capacity(4 + self.words.len() * 15 + self.text.len());
        out.push(TEXT_VERSION);
        let mut put = |v: usize| -> Option<()> {
            if v >= 1 << 21 {
                return None;
            }
            out.extend([v & 0x7f, (v >> 7) & 0x7f, v >> 14].map(|b| b as u8));
            Some(())
        };
        put(self.words.len())?;
        for &(end, b) in &self.words {
            put(end)?;
            for v in [b.x, b.y, b.w, b.h] {
                put(v as usize)?;
            }
        }
        out.extend_from_slice(self.text.as_bytes());
        // Every byte of the table is below 0x80, so the whole is UTF-8 as the words are.
        String::from_utf8(out).ok()
    }

    /// Words packed by [`PageWords::to_text`]; `None` for text that is not such a packing.
    pub fn from_text(packed: &str) -> Option<PageWords> {
        let bytes = packed.as_bytes();
        let (&version, rest) = bytes.split_first()?;
        if version != TEXT_VERSION {
            return None;
        }
        let number = |b: &[u8]| b[0] as usize | (b[1] as usize) << 7 | (b[2] as usize) << 14;
        let (n, rest) = rest.split_first_chunk::<3>()?;
        let n = number(n);
        let (table, _) = rest.split_at_checked(n.checked_mul(15)?)?;
        // The table is ASCII, so the text begins at a character boundary.
        let text = packed.get(1 + 3 + table.len()..)?;
        let mut words = Vec::with_capacity(n);
        let mut last = 0;
        for entry in table.chunks_exact(15) {
            let v = |i: usize| number(&entry[3 * i..3 * i + 3]);
            let end = v(0);
            if end < last || end > text.len() || !text.is_char_boundary(end) {
                return None;
            }
            last = end;
            let [x, y, w, h] = [1, 2, 3, 4].map(|i| v(i) as u32);
            words.push((end, BBox::new(x, y, w, h)));
        }
        Some(PageWords {
            text: text.to_string(),
            words,
        })
    }
}

/// The format of [`PageWords::to_text`]: `W`.
const TEXT_VERSION: u8 = b'W';

/// The format of [`PageWords::to_bytes`].
const PACKED_VERSION: u8 = 1;

impl From<&PageText> for PageWords {
    fn from(page: &PageText) -> PageWords {
        let mut out = PageWords::default();
        for word in page.words() {
            out.push(&word.text, word.bbox);
        }
        out
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

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x: u32) -> Word {
        Word {
            text: text.to_string(),
            bbox: BBox::new(x, 10, 40, 20),
            confidence: 0.9,
        }
    }

    #[test]
    fn the_words_of_a_stored_page_read_alone_are_the_pages_words() {
        // Two blocks, umlauts, and words that JSON must escape (a quote, a backslash, a tab).
        let page = PageText {
            width: 1000,
            height: 1400,
            blocks: vec![
                Block {
                    bbox: BBox::new(0, 0, 500, 100),
                    lines: vec![
                        Line {
                            bbox: BBox::new(0, 0, 500, 20),
                            words: vec![word("Baugenehmigung", 0), word("für", 50)],
                        },
                        Line {
                            bbox: BBox::new(0, 30, 500, 20),
                            words: vec![word("„Müller\"", 0), word("C:\\Akten\t3", 60)],
                        },
                    ],
                },
                Block {
                    bbox: BBox::new(0, 200, 500, 100),
                    lines: vec![Line {
                        bbox: BBox::new(0, 200, 500, 20),
                        words: vec![word("Schkopau", 7)],
                    }],
                },
            ],
        };
        let json = serde_json::to_string(&page).expect("json");
        let read = PageWords::from_json(&json).expect("words");
        assert_eq!(read, PageWords::from(&page));
        let words: Vec<(&str, BBox)> = read.iter().collect();
        let expected: Vec<(&str, BBox)> = page.words().map(|w| (w.text.as_str(), w.bbox)).collect();
        assert_eq!(words, expected);
        assert_eq!(read.len(), 5);
        assert!(PageWords::from_json("{\"blocks\": 3}").is_err());
        assert!(PageWords::from(&PageText::default()).is_empty());

        // Packed for the store and read back: the same words; anything else is no packing.
        let packed = read.to_bytes();
        assert_eq!(PageWords::from_bytes(&packed), Some(read.clone()));
        assert_eq!(
            PageWords::from_bytes(&PageWords::default().to_bytes()),
            Some(PageWords::default())
        );
        assert_eq!(PageWords::from_bytes(&packed[..packed.len() - 3]), None);
        assert_eq!(PageWords::from_bytes(&packed[..10]), None);
        assert_eq!(PageWords::from_bytes(b""), None);
        assert_eq!(PageWords::from_bytes(json.as_bytes()), None);
        let mut other = packed.clone();
        other[0] = 2;
        assert_eq!(PageWords::from_bytes(&other), None);

        // Packed as text for the index, the same; anything else is no packing.
        let text = read.to_text().expect("fits");
        assert_eq!(PageWords::from_text(&text), Some(read.clone()));
        assert_eq!(
            PageWords::from_text(&PageWords::default().to_text().expect("fits")),
            Some(PageWords::default())
        );
        assert_eq!(PageWords::from_text(&text[..text.len() - 3]), None);
        assert_eq!(PageWords::from_text(&text[..10]), None);
        assert_eq!(PageWords::from_text(""), None);
        assert_eq!(PageWords::from_text(&json), None);
        // A box as wide as no page is (2^21 pixels) does not fit; one just below does.
        let mut wide = page.clone();
        wide.blocks[1].lines[0].words[0].bbox = BBox::new(7, 0, (1 << 21) - 1, 20);
        let fits = PageWords::from(&wide);
        assert_eq!(
            PageWords::from_text(&fits.to_text().expect("fits")),
            Some(fits)
        );
        wide.blocks[1].lines[0].words[0].bbox.w = 1 << 21;
        assert_eq!(PageWords::from(&wide).to_text(), None);
    }
}
