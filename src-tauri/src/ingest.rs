//! "Erfassen" as a long job: runs `aktenscan_pipeline::ingest` on a thread of its own (with its
//! own connection to the library), reports progress to the window as events and stops after the
//! pages in work when cancelled (everything stored so far stays stored).

use crate::commands::{AppState, Failure};
use aktenscan_pipeline::{Event, IngestReport, IngestRequest, Settings};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use tauri::{AppHandle, Emitter, Manager};

/// Event name of progress reports.
pub const PROGRESS_EVENT: &str = "ingest-progress";
/// Event name of the final report.
pub const FINISHED_EVENT: &str = "ingest-finished";

/// One progress report: what just happened and the counts so far.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(rename = "IngestProgress")]
pub struct Progress {
    /// `planned`, `page`, `searchable` (a document's pages are indexed), `document` (its PDF/A
    /// is written too) or `failed`.
    #[ts(type = "\"planned\" | \"page\" | \"searchable\" | \"document\" | \"failed\"")]
    pub kind: &'static str,
    pub pages_done: usize,
    pub pages_total: usize,
    pub documents_total: usize,
    /// The file concerned, if any.
    pub file: Option<String>,
    /// The finished document, for `document`.
    pub document_id: Option<String>,
    /// Why a file was not taken, for `failed`.
    pub error: Option<String>,
}

/// The end of an ingest: its report, or why it could not run.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(rename = "IngestFinished")]
pub struct Finished {
    pub report: Option<IngestReport>,
    pub error: Option<String>,
}

fn file_name(p: &std::path::Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// Turns pipeline events into progress reports (keeps the running counts).
pub struct Tracker {
    last: Progress,
}

impl Default for Tracker {
    fn default() -> Self {
        Tracker {
            last: Progress {
                kind: "planned",
                pages_done: 0,
                pages_total: 0,
                documents_total: 0,
                file: None,
                document_id: None,
                error: None,
            },
        }
    }
}

impl Tracker {
    pub fn update(&mut self, event: &Event) -> Progress {
        let p = &mut self.last;
        p.file = None;
        p.document_id = None;
        p.error = None;
        match event {
            Event::Planned { pages, documents } => {
                p.kind = "planned";
                p.pages_total = *pages;
                p.documents_total = *documents;
            }
            Event::PageDone {
                document_id,
                source,
                pages_done,
                ..
            } => {
                p.kind = "page";
                p.pages_done = *pages_done;
                p.file = Some(file_name(source));
                p.document_id = Some(document_id.clone());
            }
            Event::Searchable {
                document_id,
                source,
            } => {
                p.kind = "searchable";
                p.file = Some(file_name(source));
                p.document_id = Some(document_id.clone());
            }
            Event::DocumentDone {
                document_id,
                source,
            } => {
                p.kind = "document";
                p.file = Some(file_name(source));
                p.document_id = Some(document_id.clone());
            }
            Event::Failed { path, error } => {
                p.kind = "failed";
                p.file = Some(file_name(path));
                p.error = Some(error.clone());
            }
        }
        p.clone()
    }
}

/// The pipeline's settings from the app's: OCR jobs and model, Tesseract's folder.
pub fn pipeline_settings(app: &crate::settings::AppSettings) -> Settings {
    let mut settings = Settings::default();
    if let Some(jobs) = app.jobs {
        settings.jobs = jobs.max(1);
    }
    settings.ocr.lang = app.fixed_ocr_model();
    settings.ocr.tessdata = crate::commands::tessdata();
    settings
}

/// Starts an ingest of `paths` into the record `record_id`, or into a new record with `title`
/// and `aktenzeichen`. Returns at once; progress and the result arrive as events.
#[tauri::command]
pub fn start_ingest(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    paths: Vec<String>,
    record_id: Option<String>,
    title: Option<String>,
    aktenzeichen: Option<String>,
) -> Result<(), Failure> {
    if paths.is_empty() {
        return Err(Failure::from(
            "Bitte zuerst Dateien oder Ordner hinzufügen.".to_string(),
        ));
    }
    let nonblank = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let request = IngestRequest {
        paths: paths.into_iter().map(PathBuf::from).collect(),
        title: nonblank(title),
        aktenzeichen: nonblank(aktenzeichen),
        record_id: nonblank(record_id),
        ..Default::default()
    };
    if request.record_id.is_none() && request.title.is_none() {
        return Err(Failure::from(
            "Bitte eine Akte wählen oder einen Titel für die neue Akte angeben.".to_string(),
        ));
    }
    let root = state.root()?;
    let settings = pipeline_settings(&state.settings());
    let cancel = state.begin_job(false)?;
    std::thread::spawn(move || {
        // Its own workspace (WAL lets the window keep reading the library meanwhile).
        let outcome = aktenscan_core::Workspace::open(&root)
            .map_err(|e| format!("Die Bibliothek konnte nicht geöffnet werden: {e}"))
            .and_then(|mut ws| {
                let mut tracker = Tracker::default();
                let mut progress = |event: &Event| {
                    let _ = app.emit(PROGRESS_EVENT, tracker.update(event));
                };
                ws.ingest(&request, &settings, &mut progress, &cancel)
                    .map_err(|e| format!("Die Erfassung ist fehlgeschlagen: {e}"))
            });
        app.state::<AppState>().end_job();
        let finished = match outcome {
            Ok(report) => Finished {
                report: Some(report),
                error: None,
            },
            Err(error) => Finished {
                report: None,
                error: Some(error),
            },
        };
        let _ = app.emit(FINISHED_EVENT, finished);
    });
    Ok(())
}

/// Asks the running ingest to stop after the pages in work. `false` when none runs.
#[tauri::command]
pub fn cancel_ingest(state: tauri::State<'_, AppState>) -> bool {
    match state
        .ingest
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
    {
        Some(flag) => {
            flag.store(true, Ordering::SeqCst);
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ingest_uses_the_settings_jobs_and_model() {
        let app = crate::settings::AppSettings {
            jobs: Some(3),
            ocr_lang: Some("frk".into()),
            ..Default::default()
        };
        let s = pipeline_settings(&app);
        assert_eq!(s.jobs, 3);
        assert_eq!(s.ocr.lang.as_deref(), Some("frk"));
        let auto = pipeline_settings(&crate::settings::AppSettings {
            ocr_lang: Some("auto".into()),
            ..Default::default()
        });
        assert_eq!(auto.ocr.lang, None);
    }

    #[test]
    fn tracker_keeps_counts_across_events() {
        let mut t = Tracker::default();
        let p = t.update(&Event::Planned {
            pages: 5,
            documents: 2,
        });
        assert_eq!((p.kind, p.pages_total, p.pages_done), ("planned", 5, 0));
        let p = t.update(&Event::PageDone {
            document_id: "d1".into(),
            source: "/x/01-antrag.tif".into(),
            page: 1,
            pages_done: 1,
        });
        assert_eq!(p.kind, "page");
        assert_eq!(p.file.as_deref(), Some("01-antrag.tif"));
        assert_eq!(p.document_id.as_deref(), Some("d1"));
        assert_eq!((p.pages_total, p.pages_done), (5, 1));
        let p = t.update(&Event::Failed {
            path: "/x/kaputt.pdf".into(),
            error: "damaged".into(),
        });
        assert_eq!(p.error.as_deref(), Some("damaged"));
        assert_eq!(p.pages_done, 1);
    }
}
