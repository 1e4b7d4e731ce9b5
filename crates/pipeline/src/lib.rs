//! The ingest pipeline, stage by stage: find inputs (acquire) → open them and plan their pages
//! (pages) → recognise pages in parallel, one Tesseract engine set per worker (ocr) → store each
//! page with its ALTO and text as soon as it is done (store) → build the PDF/A of each document
//! whose pages are all stored (pdfa) → index the document's pages for search (index).
//!
//! A scanner's batch is recognised while the feeder runs ([`EarlyRecognition`]); the job made
//! when the batch ends stores those results instead of recognising again.
//!
//! An ingest is a persisted job: every page is committed on its own, so a killed ingest resumes
//! where it stopped and stores every page exactly once.

mod archive;
mod desk;
mod early;
mod ingest;
mod pages;
mod progress;

pub use aktenscan_split::SplitOptions;
pub use archive::build_pdfa;
pub use desk::recognise_files;
pub use early::{EarlyRecognition, Recognition, Recognitions};
pub use ingest::{
    batch_facts, capture_batch, check_input, ingest, ingest_recognised, resume, BatchFacts,
    DocumentReport, Failure, IngestError, IngestReport, IngestRequest, JobSpec, Settings,
    SplitReport,
};
pub use pages::{
    apply_prepared_edit, edit_pages, prepare_page_edit, thumbnail, EditedPages, PreparedPageEdit,
    THUMBNAIL_SIZE,
};
pub use progress::{Event, Progress};

/// The version written into ALTO, PDF/A and the audit log.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
