//! Errors of reading an input PDF, worded so that a clerk knows what is wrong and what to do.

/// Why a PDF or one of its pages could not be read. Page numbers in messages count from 1.
#[derive(Debug, thiserror::Error)]
pub enum PdfInputError {
    /// The file needs a password to be opened.
    #[error(
        "password-protected / encrypted PDF: remove the protection (e.g. print to a new PDF \
         or ask the sender for an unprotected copy) and import again"
    )]
    Encrypted,
    /// The file is not a PDF, or too damaged to be read (no cross-reference table, truncated…).
    #[error(
        "the file is not a readable PDF ({detail}): it is damaged or not a PDF at all; \
         open it in a PDF viewer to check, scan or export it again and import the new file"
    )]
    Broken { detail: String },
    /// The PDF is readable but has no page.
    #[error("the PDF has no pages: check that the right file was chosen")]
    NoPages,
    /// A page index beyond the end of the document was asked for.
    #[error("page {page} does not exist: the PDF has {count} pages")]
    NoSuchPage { page: usize, count: usize },
    /// A page image or the rendering of a page would exceed [`crate::Limits::max_pixels`].
    #[error(
        "page {page}: {what} of {width} × {height} pixels is too large to process (the limit is \
         {limit} pixels, and 65535 a side): scale the document down and import it again, or \
         raise the pixel limit in the settings"
    )]
    TooLarge {
        page: usize,
        what: &'static str,
        width: u64,
        height: u64,
        limit: u64,
    },
    /// A page whose content could not be decoded.
    #[error(
        "page {page} could not be read ({detail}): open the PDF in a viewer to check the page; \
         if it looks right there, print or export it to a new PDF and import that"
    )]
    BadPage { page: usize, detail: String },
}
