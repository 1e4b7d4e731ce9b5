//! Progress events of an ingest, for a terminal bar or the desktop app.

use std::path::PathBuf;

/// What happened.
#[derive(Debug, Clone)]
pub enum Event {
    /// The plan is made: this many pages in this many documents will be processed now.
    Planned { pages: usize, documents: usize },
    /// One page is stored (page `page` of the input file, in document `document_id`).
    PageDone {
        document_id: String,
        source: PathBuf,
        page: usize,
        pages_done: usize,
    },
    /// A document's pages are in the search index (its PDF/A is written next).
    Searchable {
        document_id: String,
        source: PathBuf,
    },
    /// A document is complete (all pages and its PDF/A stored).
    DocumentDone {
        document_id: String,
        source: PathBuf,
    },
    /// A file or page could not be taken; the batch goes on.
    Failed { path: PathBuf, error: String },
}

/// Receives events; called from the thread that stores results.
pub trait Progress {
    fn event(&mut self, event: &Event);
}

impl<F: FnMut(&Event)> Progress for F {
    fn event(&mut self, event: &Event) {
        self(event)
    }
}
