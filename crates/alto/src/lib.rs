//! ALTO XML v4 for one page of OCR results: [`write_alto`] writes it, [`read_alto`] reads it back.
//!
//! Coordinates are in pixels of the stored page image (`MeasurementUnit` `pixel`). The reader also
//! accepts the ALTO v2 and v3 namespaces, e.g. Tesseract's own ALTO output.

mod read;
mod write;

use aktenscan_model::Orientation;
use time::OffsetDateTime;

pub use read::read_alto;
pub use write::write_alto;

/// Namespace of ALTO v4, the version written.
pub const ALTO_V4_NS: &str = "http://www.loc.gov/standards/alto/ns-v4#";

/// What an ALTO file says about its page beyond the recognised text.
#[derive(Debug, Clone, PartialEq)]
pub struct AltoMeta {
    /// The page image, as its path relative to the library root (`sourceImageInformation/fileName`).
    pub image_file: String,
    /// Number of the page within its document, from 1 (`PHYSICAL_IMG_NR`).
    pub page_number: u32,
    /// Version of Aktenscan that prepared the image and wrote the file.
    pub aktenscan_version: String,
    /// The OCR engine that recognised the text; `None` when the text came from elsewhere,
    /// e.g. the text layer of an input PDF.
    pub ocr: Option<OcrEngine>,
    /// When the page was processed.
    pub processed_at: OffsetDateTime,
    /// Quarter-turn correction applied to the image before recognition.
    pub orientation: Orientation,
    /// Skew in degrees (counter-clockwise positive) corrected before recognition.
    pub skew_degrees: f32,
}

/// The OCR engine (Tesseract) that recognised a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcrEngine {
    /// Tesseract's version, e.g. `5.3.0`.
    pub version: String,
    /// The model used, e.g. `deu`, `frk` or `deu+frk`.
    pub model: String,
}

/// What went wrong writing or reading ALTO.
#[derive(Debug, thiserror::Error)]
pub enum AltoError {
    #[error("{what} contains the character U+{:04X}, which XML 1.0 cannot hold", u32::from(*.ch))]
    InvalidChar { what: String, ch: char },
    #[error("processing time cannot be written as xsd:dateTime: {0}")]
    DateTime(#[from] time::error::Format),
    #[error("writing XML failed: {0}")]
    Write(#[from] std::io::Error),
    #[error("ALTO is not UTF-8: {0}")]
    NotUtf8(#[from] std::str::Utf8Error),
    #[error("malformed XML: {0}")]
    Xml(#[from] quick_xml::Error),
    #[error("not an ALTO document: {0}")]
    NotAlto(String),
    #[error("namespace {0:?} of <alto> is not ALTO v2, v3 or v4")]
    UnsupportedNamespace(String),
    #[error("MeasurementUnit {0:?} is not supported, only pixel")]
    UnsupportedUnit(String),
    #[error("ALTO has no <Page>")]
    NoPage,
    #[error("ALTO has more than one <Page>, expected one page per file")]
    MultiplePages,
    #[error("<{element}> is not inside a <{parent}>")]
    Misplaced {
        element: &'static str,
        parent: &'static str,
    },
    #[error("<{element}> lacks the attribute {attr}")]
    MissingAttribute {
        element: &'static str,
        attr: &'static str,
    },
    #[error("<{element}> has {attr}={value:?}, which is not {expected}")]
    BadNumber {
        element: &'static str,
        attr: &'static str,
        value: String,
        expected: &'static str,
    },
}
