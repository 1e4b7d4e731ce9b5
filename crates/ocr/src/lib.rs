//! Recognises page images with Tesseract, one engine set per worker thread.
//!
//! Per page: blank check → orientation and script (Tesseract OSD) → quarter-turn correction →
//! deskew (Leptonica) → recognition with the model for the script (`frk` for Fraktur, else `deu`)
//! → words with boxes and confidence, mapped back into the coordinates of the stored image.

mod engine;
mod geometry;
mod tsv;

pub use engine::{Engine, OcrConfig, OcrError, DEFAULT_TESSDATA};

/// The version of the linked Tesseract library, e.g. `5.3.0`.
pub fn tesseract_version() -> String {
    // SAFETY: returns a pointer to a static NUL-terminated string.
    let ptr = unsafe { tesseract::plumbing::tesseract_sys::TessVersion() };
    if ptr.is_null() {
        return "unknown".into();
    }
    unsafe { std::ffi::CStr::from_ptr(ptr) }
        .to_string_lossy()
        .into_owned()
}
