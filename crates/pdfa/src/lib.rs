//! Writes archival PDF/A-2b documents: each page is the scanned image as stored, with an invisible OCR text layer.
//!
//! Images are passed through in their stored encoding (JPEG, CCITT G4, JBIG2) or, for raw
//! pixels, compressed losslessly with Flate. The text layer uses a glyph-less font (Tesseract's
//! `pdf.ttf`) in text rendering mode 3, so text can be selected, searched and extracted while
//! the page looks exactly like the scan.
//!
//! [`PdfaWriter`] writes page by page to any [`std::io::Write`]; it keeps only a few numbers per
//! page, so memory stays flat however long the document. [`write_pdfa`] wraps it to write a file
//! atomically.

mod icc;
mod image;
mod metadata;
mod text;
mod writer;

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use aktenscan_model::{Orientation, PageText};

pub use image::{PageImage, PixelKind};
pub use writer::PdfaWriter;

/// Everything that can go wrong while writing a PDF/A.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("writing the PDF failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("the glyph-less font {path} cannot be read: {source}")]
    FontMissing {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("unusable text-layer font: {0}")]
    Font(String),
    #[error("invalid page image: {0}")]
    Image(String),
    #[error("invalid page: {0}")]
    Page(String),
    #[error("the text layer uses more than 65535 distinct characters")]
    TooManyCharacters,
    #[error("a document needs at least one page")]
    NoPages,
    #[error("the PDF would exceed 10 GB, the limit of its cross-reference table")]
    TooLarge,
}

/// Document-level metadata, written both to the XMP packet and the document information dictionary.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentInfo {
    pub title: String,
    pub subject: Option<String>,
    pub author: Option<String>,
    pub keywords: Vec<String>,
    /// When the document was made; also used as its modification and metadata date.
    pub created: time::OffsetDateTime,
    /// The program that made the document, e.g. `Aktenscan 0.1.0`; written as both producer and
    /// creator tool.
    pub producer: String,
}

/// One page to write: the stored scan and, if recognised, its text.
#[derive(Debug, Clone, Copy)]
pub struct PdfPage<'a> {
    pub image: &'a PageImage,
    /// Resolution of the stored image in pixels per inch, horizontally and vertically.
    pub dpi_x: f32,
    pub dpi_y: f32,
    /// Quarter turns clockwise that make the stored image upright; the page is shown turned.
    pub orientation: Orientation,
    /// Word boxes in pixels of the stored image (scaled if `PageText::width`/`height` differ).
    pub text: Option<&'a PageText>,
}

/// Where Tesseract keeps its glyph-less font in a tessdata directory.
pub fn tessdata_font_path(tessdata_dir: &Path) -> PathBuf {
    tessdata_dir.join("pdf.ttf")
}

/// Reads Tesseract's glyph-less font `pdf.ttf` from a tessdata directory
/// (on Debian `/usr/share/tesseract-ocr/5/tessdata`).
pub fn read_tessdata_font(tessdata_dir: &Path) -> Result<Vec<u8>, Error> {
    let path = tessdata_font_path(tessdata_dir);
    std::fs::read(&path).map_err(|source| Error::FontMissing { path, source })
}

/// Writes a PDF/A file atomically: into a temporary file beside `path`, synced, then renamed.
///
/// `add_pages` adds the pages one by one, so their images need not all be in memory at once.
/// If it fails, no file is left behind and its error is returned.
pub fn write_pdfa<E, F>(path: &Path, info: DocumentInfo, font: &[u8], add_pages: F) -> Result<(), E>
where
    E: From<Error>,
    F: FnOnce(&mut PdfaWriter<BufWriter<File>>) -> Result<(), E>,
{
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".aktenscan-pdfa-").suffix(".tmp");
    // Like `File::create`: readable as the umask allows, not only by the owner.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let tmp = builder.tempfile_in(dir).map_err(Error::from)?;
    let (file, tmp_path) = tmp.into_parts();
    let mut writer = PdfaWriter::new(BufWriter::new(file), info, font)?;
    add_pages(&mut writer)?;
    let file = writer
        .finish()?
        .into_inner()
        .map_err(|e| Error::Io(e.into_error()))?;
    file.sync_all().map_err(Error::from)?;
    tmp_path.persist(path).map_err(|e| Error::Io(e.error))?;
    sync_dir(dir).map_err(Error::from)?;
    Ok(())
}

/// Makes a rename in `dir` durable.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}
