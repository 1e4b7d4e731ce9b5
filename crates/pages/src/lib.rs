//! Turns input files into pages: each page an image at its native resolution, never
//! recompressed lossily, plus what the pipeline must know to OCR and archive it.
//!
//! Images are decoded by Leptonica (TIFF in all its compressions, PNG, JPEG); PDFs are read by
//! `aktenscan-pdf-input`. A page's stored image is the input's own bytes wherever the input is a
//! single image; otherwise a lossless extraction (the JPEG or G4 data as it was embedded, or PNG).

mod flatten;
mod image;
pub mod png;
mod source;
pub mod tiff;
mod tiff_jpeg;

pub use aktenscan_pdf_input::Limits;
pub use image::{probe_header, Image, ImageEncoding, ImageError, PixelKind};
pub use source::{PageError, PageOrigin, SourceDocument, SourcePage, StoredImage};

/// Silences Leptonica's messages on standard error; errors reach the user through our own types.
pub fn quiet_leptonica() {
    // SAFETY: sets a global severity level; no pointers involved.
    unsafe { leptonica_sys::setMsgSeverity(leptonica_sys::L_SEVERITY_NONE as i32) };
}
