//! Erfassen → Dateien senden, where the library is a server: files chosen at this desk go into a
//! record on the server (`aktenscan_core::send_files`), recognised here first when Einstellungen
//! say „an diesem Arbeitsplatz“, under the window's session; each step is an event, and the
//! sending can be cancelled before the next file.

use crate::commands::{Answer, AppState, Failure};
use crate::ingest::pipeline_settings;
use aktenscan_core::FileSent;
use serde::Serialize;
use std::path::PathBuf;
use tauri::{AppHandle, Emitter, Manager};

/// Event name of one file's step.
pub const FILE_EVENT: &str = "send-file";
/// Event name of the end of a sending.
pub const FINISHED_EVENT: &str = "send-finished";

/// One step of one file, as the window shows it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SendStep {
    /// The file as chosen (its full path).
    pub file: String,
    #[ts(type = "\"recognised\" | \"not_recognised\" | \"sending\" | \"stored\" | \"failed\"")]
    pub state: &'static str,
    /// Why it was not recognised here or not stored (German); empty otherwise.
    pub detail: String,
    /// The pages stored of it.
    pub pages: usize,
    /// The last document made of it (for the page strip).
    pub document: Option<String>,
}

/// The end of a sending: how many files were stored of how many, and whether it was cancelled.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SendFinished {
    pub stored: usize,
    pub total: usize,
    pub cancelled: bool,
    /// Why nothing could be sent at all (German), e.g. the right to the record.
    pub error: Option<String>,
}

fn step(event: FileSent<'_>) -> SendStep {
    let mut document = None;
    let (file, state, detail, pages) = match event {
        FileSent::Recognised { file, error: None } => (file, "recognised", String::new(), 0),
        FileSent::Recognised {
            file,
            error: Some(e),
        } => (file, "not_recognised", e.to_string(), 0),
        FileSent::Sending { file } => (file, "sending", String::new(), 0),
        FileSent::Stored { file, stored } => {
            let refused: Vec<String> = stored.fehler.iter().map(|f| f.grund.clone()).collect();
            let pages = stored.dokumente.iter().map(|d| d.seiten).sum();
            document = stored.dokumente.last().map(|d| d.id.clone());
            if refused.is_empty() {
                (file, "stored", String::new(), pages)
            } else {
                (file, "failed", refused.join("; "), pages)
            }
        }
        FileSent::Failed { file, error } => (file, "failed", error.to_string(), 0),
    };
    SendStep {
        file: file.display().to_string(),
        state,
        detail,
        pages,
        document,
    }
}

/// Sends `paths` into `record` on the server the library is; returns at once (the steps and
/// the end arrive as events). `token` is the window's session.
#[tauri::command]
pub fn send_files(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    paths: Vec<String>,
    record: String,
    token: Option<String>,
) -> Answer<()> {
    let url = state.server().ok_or_else(|| {
        Failure::from(
            "Die Bibliothek ist kein Server: Dateien über „Erfassen“ einlesen.".to_string(),
        )
    })?;
    let token = token.ok_or_else(|| Failure::from("Bitte zuerst anmelden.".to_string()))?;
    if record.trim().is_empty() {
        return Err(Failure::from("Bitte zuerst eine Akte wählen.".to_string()));
    }
    let files: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    if files.is_empty() {
        return Err(Failure::from("Bitte zuerst Dateien auswählen.".to_string()));
    }
    let app_settings = state.settings();
    let here = (app_settings.ocr_place() == aktenscan_core::OcrPlace::Arbeitsplatz)
        .then(|| pipeline_settings(&app_settings));
    let stop = state.begin_job(false)?;
    std::thread::spawn(move || {
        let ca = std::env::var_os("AKTENSCAN_CA_CERT").map(PathBuf::from);
        let total = files.len();
        let finished = match aktenscan_client::Server::with_token(&url, ca.as_deref(), &token)
            .and_then(|s| s.may_send(&record).map(|()| s))
        {
            Err(e) => SendFinished {
                stored: 0,
                total,
                cancelled: false,
                error: Some(format!("Der Server nimmt keine Dateien an: {e}")),
            },
            Ok(server) => {
                let stored = aktenscan_core::send_files(
                    &server,
                    &record,
                    &files,
                    here.as_ref(),
                    &mut |event| {
                        let _ = app.emit(FILE_EVENT, step(event));
                    },
                    &stop,
                );
                SendFinished {
                    stored,
                    total,
                    cancelled: stop.load(std::sync::atomic::Ordering::SeqCst),
                    error: None,
                }
            }
        };
        app.state::<AppState>().end_job();
        let _ = app.emit(FINISHED_EVENT, finished);
    });
    Ok(())
}

/// Stops a sending before its next file.
#[tauri::command]
pub fn cancel_send(state: tauri::State<'_, AppState>) -> bool {
    crate::ingest::cancel_ingest(state)
}
