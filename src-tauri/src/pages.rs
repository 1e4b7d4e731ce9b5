//! "Erfassen": the pages of a document as thumbnails, and the clerk's page edits (move, rotate,
//! delete, split). Thin wrappers over `aktenscan_pipeline::{thumbnail, edit_pages}`.

use crate::commands::{Answer, AppState, DocumentDetail, Failure};
use aktenscan_core::CoreError;
use aktenscan_store::{PageEdit, StoreError};
use serde::Serialize;
use std::path::PathBuf;

/// The answer to a page edit: the document as it is now, the document a split created, and
/// a note when the search index could not follow.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PagesEdited {
    pub document: DocumentDetail,
    pub new_document: Option<String>,
    /// What was done, in German (for the status line and screen readers).
    pub done: String,
    pub index_warning: Option<String>,
}

/// The folder with Tesseract's `pdf.ttf` (the PDF/A's text-layer font), as the ingest uses it.
fn tessdata() -> PathBuf {
    std::env::var_os("TESSDATA_PREFIX")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(aktenscan_ocr::DEFAULT_TESSDATA))
}

fn edit_failure(e: CoreError) -> Failure {
    use aktenscan_pipeline::IngestError;
    match e {
        CoreError::Ingest(IngestError::Store(StoreError::Invalid(msg)))
        | CoreError::Store(StoreError::Invalid(msg)) => Failure::from(msg),
        CoreError::Ingest(IngestError::Store(StoreError::NotFound(id)))
        | CoreError::Store(StoreError::NotFound(id)) => {
            Failure::from(format!("„{id}“ gibt es nicht (mehr)."))
        }
        CoreError::Pdf(e) => Failure::from(format!(
            "Die Schrift für die Textebene des PDF/A fehlt: {e}"
        )),
        e => Failure::from(format!("Die Seiten konnten nicht geändert werden: {e}")),
    }
}

impl AppState {
    /// A small PNG of a page, turned as the PDF/A shows it (cached in the library's `thumbs/`).
    pub fn page_thumbnail(&self, document: &str, page: i64) -> Answer<Vec<u8>> {
        let path = self.with_workspace(|ws| {
            ws.thumbnail(document, page)
                .map_err(|e| Failure::from(format!("Vorschaubild von Seite {page}: {e}")))
        })?;
        std::fs::read(&path).map_err(|e| {
            Failure::from(format!(
                "Das Vorschaubild {} konnte nicht gelesen werden: {e}",
                path.display()
            ))
        })
    }

    /// One page edit of a complete document; refused while files are ingested (that holds the
    /// search index's writer for long), allowed while a scan runs.
    pub fn edit_pages(&self, document: &str, edit: PageEdit) -> Answer<PagesEdited> {
        let busy = self
            .ingest
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some();
        if busy && !self.scanning.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(Failure::from(
                "Während einer Erfassung können Seiten nicht bearbeitet werden; bitte warten, bis sie fertig ist."
                    .to_string(),
            ));
        }
        let done = self.with_workspace(|ws| {
            ws.edit_pages(document, edit, &tessdata())
                .map_err(edit_failure)
        })?;
        Ok(PagesEdited {
            document: self.document(document)?,
            new_document: done.outcome.new_document.map(|d| d.id),
            done: edit.describe(),
            index_warning: done
                .index_error
                .map(|e| format!("Gespeichert, aber der Suchindex ist nicht aktuell: {e}")),
        })
    }
}

/// A page's thumbnail as raw PNG bytes (an `ArrayBuffer` in the window).
#[tauri::command(async)]
pub fn page_thumbnail(
    state: tauri::State<'_, AppState>,
    document: String,
    page: i64,
) -> Answer<tauri::ipc::Response> {
    state
        .page_thumbnail(&document, page)
        .map(tauri::ipc::Response::new)
}

/// Moves, rotates or deletes a page, or splits the document (`{op: "move", from, to}`,
/// `{op: "rotate", page, degrees}`, `{op: "delete", page}`, `{op: "split_at", page}`).
#[tauri::command(async)]
pub fn edit_pages(
    state: tauri::State<'_, AppState>,
    document: String,
    edit: PageEdit,
) -> Answer<PagesEdited> {
    state.edit_pages(&document, edit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aktenscan_store::Library;

    #[test]
    fn edits_of_a_missing_document_are_refused_in_german() {
        let dir = tempfile::tempdir().unwrap();
        Library::open(dir.path()).unwrap();
        let state = AppState::for_library(dir.path().to_path_buf());
        let err = state
            .edit_pages("fehlt", PageEdit::Delete { page: 1 })
            .unwrap_err();
        assert!(err.message.contains("gibt es nicht"), "{}", err.message);
        let err = state.page_thumbnail("fehlt", 1).unwrap_err();
        assert!(err.message.contains("Vorschaubild"), "{}", err.message);
    }
}
