//! The Tauri commands the window calls: thin wrappers over `aktenscan-store`, errors as German text.

use aktenscan_store::{DocumentRow, Library, RecordRow};
use serde::Serialize;
use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::Mutex;

/// A record (Akte) as the window lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordView {
    pub id: String,
    pub aktenzeichen: Option<String>,
    pub title: String,
    pub documents: Vec<DocumentView>,
}

/// A document of a record as the window lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentView {
    pub id: String,
    pub title: String,
    pub pages: i64,
    /// The store's state: `ingesting` or `complete`.
    pub status: String,
}

impl RecordView {
    fn new(record: RecordRow, documents: Vec<DocumentRow>) -> RecordView {
        RecordView {
            id: record.id,
            aktenzeichen: record.aktenzeichen,
            title: record.title,
            documents: documents
                .into_iter()
                .map(|d| DocumentView {
                    id: d.id,
                    title: d.title,
                    pages: d.page_count,
                    status: d.status,
                })
                .collect(),
        }
    }
}

/// The library folder: `env_library` (the value of `AKTENSCAN_LIBRARY`) if set and not empty,
/// else `Dokumente/Aktenscan` in the home folder.
pub fn library_root(
    env_library: Option<OsString>,
    home: Option<OsString>,
) -> Result<PathBuf, String> {
    match (env_library, home) {
        (Some(lib), _) if !lib.is_empty() => Ok(PathBuf::from(lib)),
        (_, Some(home)) if !home.is_empty() => {
            Ok(PathBuf::from(home).join("Dokumente").join("Aktenscan"))
        }
        _ => Err(
            "Kein Bibliotheksordner bekannt: weder AKTENSCAN_LIBRARY noch ein \
                  Benutzerordner (HOME) ist gesetzt."
                .to_string(),
        ),
    }
}

/// What the app shares between commands: the library folder and, once opened, the library.
pub struct AppState {
    root: Result<PathBuf, String>,
    /// Opened on first use, so that an error reaches the window instead of stopping the app.
    library: Mutex<Option<Library>>,
}

impl AppState {
    pub fn new(root: Result<PathBuf, String>) -> AppState {
        AppState {
            root,
            library: Mutex::new(None),
        }
    }

    /// The library folder as the window shows it.
    pub fn library_path(&self) -> Result<String, String> {
        self.root.clone().map(|p| p.display().to_string())
    }

    /// Every record with its documents, in the store's order. Opens (and if need be creates)
    /// the library on first use.
    pub fn list_records(&self) -> Result<Vec<RecordView>, String> {
        let root = self.root.as_ref().map_err(Clone::clone)?;
        let mut guard = self.library.lock().unwrap_or_else(|e| e.into_inner());
        if guard.is_none() {
            let lib = Library::open(root).map_err(|e| {
                format!(
                    "Die Bibliothek in {} konnte nicht geöffnet werden: {e}",
                    root.display()
                )
            })?;
            *guard = Some(lib);
        }
        let lib = guard.as_ref().expect("library opened above");
        let read_error = |e| format!("Die Akten konnten nicht gelesen werden: {e}");
        lib.records()
            .map_err(read_error)?
            .into_iter()
            .map(|record| {
                let documents = lib.documents(&record.id).map_err(read_error)?;
                Ok(RecordView::new(record, documents))
            })
            .collect()
    }
}

/// The library folder, for the window's header.
#[tauri::command]
pub fn library_path(state: tauri::State<'_, AppState>) -> Result<String, String> {
    state.library_path()
}

/// Every record of the library with its documents. Runs off the main thread: the database
/// may wait for a writer.
#[tauri::command(async)]
pub fn list_records(state: tauri::State<'_, AppState>) -> Result<Vec<RecordView>, String> {
    state.list_records()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aktenscan_store::NewRecord;

    #[test]
    fn lists_records_with_their_documents() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("bibliothek");
        {
            let mut lib = Library::open(&root).unwrap();
            let bau = lib
                .create_record(&NewRecord {
                    title: "Bauakte Hauptstraße 12".into(),
                    aktenzeichen: Some("632.1/87".into()),
                    ..NewRecord::default()
                })
                .unwrap();
            lib.create_record(&NewRecord {
                title: "Ratsbeschlüsse 1998".into(),
                ..NewRecord::default()
            })
            .unwrap();
            let original = lib.put_file(b"%PDF-1.4 Probe", "pdf").unwrap();
            lib.add_document(&bau.id, 1, "Bauantrag", "bauantrag.pdf", &original, 3)
                .unwrap();
            lib.add_document(
                &bau.id,
                2,
                "Baugenehmigung",
                "genehmigung.pdf",
                &original,
                1,
            )
            .unwrap();
        }

        let state = AppState::new(Ok(root.clone()));
        assert_eq!(state.library_path().unwrap(), root.display().to_string());
        let records = state.list_records().unwrap();

        assert_eq!(records.len(), 2);
        assert_eq!(records[0].aktenzeichen.as_deref(), Some("632.1/87"));
        assert_eq!(records[0].title, "Bauakte Hauptstraße 12");
        let docs: Vec<_> = records[0]
            .documents
            .iter()
            .map(|d| (d.title.as_str(), d.pages, d.status.as_str()))
            .collect();
        assert_eq!(
            docs,
            [
                ("Bauantrag", 3, "ingesting"),
                ("Baugenehmigung", 1, "ingesting")
            ]
        );
        assert_eq!(records[1].aktenzeichen, None);
        assert!(records[1].documents.is_empty());

        // The field names the window's script reads.
        let json = serde_json::to_value(&records[0]).unwrap();
        for key in ["id", "aktenzeichen", "title", "documents"] {
            assert!(json.get(key).is_some(), "missing {key}");
        }
        for key in ["id", "title", "pages", "status"] {
            assert!(json["documents"][0].get(key).is_some(), "missing {key}");
        }
    }

    #[test]
    fn a_new_library_is_created_and_empty() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("neu");
        let state = AppState::new(Ok(root.clone()));
        assert_eq!(state.list_records().unwrap(), []);
        assert!(root.join("aktenscan.sqlite").exists());
    }

    #[test]
    fn errors_are_german_text() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("keine-bibliothek");
        std::fs::write(&file, "eine Datei, kein Ordner").unwrap();
        let err = AppState::new(Ok(file)).list_records().unwrap_err();
        assert!(err.starts_with("Die Bibliothek in "), "{err}");

        let err = AppState::new(library_root(None, None))
            .list_records()
            .unwrap_err();
        assert!(err.starts_with("Kein Bibliotheksordner bekannt"), "{err}");
    }

    #[test]
    fn library_root_prefers_the_environment() {
        assert_eq!(
            library_root(Some("/srv/akten".into()), Some("/home/anna".into())),
            Ok(PathBuf::from("/srv/akten"))
        );
        assert_eq!(
            library_root(Some("".into()), Some("/home/anna".into())),
            Ok(PathBuf::from("/home/anna/Dokumente/Aktenscan"))
        );
    }
}
