//! Einstellungen → Eingangsordner: the app watches the hot folder (`Workspace::watch`) on a
//! thread of its own until the clerk stops it or the app ends, and tells the window each file
//! taken, stored, or set aside in `fehler/` with its reason. Where the library is a server, each
//! file goes into the record chosen in Erfassen (`watch_for_server`, recognised at this desk or
//! on the server as Einstellungen say), under the window's session.

use crate::commands::{Answer, AppState, Failure};
use crate::ingest::pipeline_settings;
use aktenscan_core::Workspace;
use aktenscan_hotfolder::{Outcome, WatchOptions};
use serde::Serialize;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tauri::{AppHandle, Emitter, Manager};

/// Event name of one file's news.
pub const ENTRY_EVENT: &str = "hotfolder-entry";
/// Event name of the watcher starting or stopping.
pub const STATE_EVENT: &str = "hotfolder-state";
/// How many entries the window can look back on.
const KEPT: usize = 200;

/// What became of one file of the hot folder (or a note about the folder).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct WatchEntry {
    /// When (UTC).
    pub at: String,
    #[ts(type = "\"taken\" | \"stored\" | \"failed\" | \"note\"")]
    pub kind: &'static str,
    pub file: Option<String>,
    /// The record made, or why the file was set aside, or the note (German).
    pub detail: String,
}

/// Whether the app watches a hot folder, which one, and the latest news first.
#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
pub struct WatchState {
    pub running: bool,
    pub folder: Option<String>,
    /// The record on the server each file goes into (where the library is a server).
    pub record: Option<String>,
    pub entries: Vec<WatchEntry>,
    /// Why the watcher stopped on its own, when it did (German).
    pub error: Option<String>,
}

/// The watcher as the app keeps it.
#[derive(Default)]
pub struct Watching {
    stop: Option<Arc<AtomicBool>>,
    folder: Option<String>,
    record: Option<String>,
    entries: VecDeque<WatchEntry>,
    error: Option<String>,
}

impl Watching {
    fn state(&self) -> WatchState {
        WatchState {
            running: self.stop.is_some(),
            folder: self.folder.clone(),
            record: self.record.clone(),
            entries: self.entries.iter().cloned().collect(),
            error: self.error.clone(),
        }
    }

    fn push(&mut self, entry: WatchEntry) {
        self.entries.push_front(entry);
        self.entries.truncate(KEPT);
    }
}

/// One hot-folder outcome as the window shows it.
pub fn entry(outcome: &Outcome) -> WatchEntry {
    let at = aktenscan_store::now_utc();
    match outcome {
        Outcome::Taken { file } => WatchEntry {
            at,
            kind: "taken",
            file: Some(file.clone()),
            detail: "übernommen, wird erfasst".into(),
        },
        Outcome::Stored {
            file,
            record_id,
            documents,
            pages,
            ..
        } => WatchEntry {
            at,
            kind: "stored",
            file: Some(file.clone()),
            detail: format!(
                "gespeichert als Akte {record_id} ({documents} Dokument(e), {pages} Seite(n))"
            ),
        },
        Outcome::Failed {
            file,
            moved_to,
            reason,
        } => WatchEntry {
            at,
            kind: "failed",
            file: Some(file.clone()),
            detail: format!(
                "nicht übernommen, nach {} gelegt: {reason}",
                moved_to.display()
            ),
        },
        Outcome::Note { message } => WatchEntry {
            at,
            kind: "note",
            file: None,
            detail: message.clone(),
        },
    }
}

impl AppState {
    fn watching<T>(&self, f: impl FnOnce(&mut Watching) -> T) -> T {
        f(&mut self.hot_folder.lock().unwrap_or_else(|e| e.into_inner()))
    }

    pub fn watch_state(&self) -> WatchState {
        self.watching(|w| w.state())
    }

    /// Asks the watcher to stop (it finishes the file in work first).
    pub fn stop_watch(&self) -> WatchState {
        self.watching(|w| {
            if let Some(stop) = &w.stop {
                stop.store(true, Ordering::SeqCst);
            }
            w.state()
        })
    }
}

/// Starts watching `folder` (default: the hot folder of the settings). Returns at once. Where
/// the library is a server, `record` is the record each file goes into and `token` the window's
/// session.
#[tauri::command]
pub fn start_watch(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    folder: Option<String>,
    record: Option<String>,
    token: Option<String>,
) -> Answer<WatchState> {
    let folder = folder
        .map(|f| f.trim().to_string())
        .filter(|f| !f.is_empty())
        .or_else(|| state.settings().hot_folder)
        .ok_or_else(|| {
            Failure::from("Bitte zuerst einen Eingangsordner angeben (und speichern).".to_string())
        })?;
    let dir = PathBuf::from(&folder);
    if !dir.is_dir() {
        return Err(Failure::from(format!(
            "Der Eingangsordner {folder} ist kein Ordner (oder nicht erreichbar)."
        )));
    }
    let app_settings = state.settings();
    let settings = pipeline_settings(&app_settings);
    let place = match state.server() {
        Some(url) => {
            let record = record
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty())
                .ok_or_else(|| {
                    Failure::from(
                        "Bitte eine Akte wählen: am Server kommt jede Datei in eine Akte."
                            .to_string(),
                    )
                })?;
            let token = token.ok_or_else(|| Failure::from("Bitte zuerst anmelden.".to_string()))?;
            let here = app_settings.ocr_place() == aktenscan_core::OcrPlace::Arbeitsplatz;
            Place::Server {
                url,
                token,
                record,
                here,
            }
        }
        None => Place::Library(state.root()?),
    };
    let stop = Arc::new(AtomicBool::new(false));
    let started = state.watching(|w| {
        if w.stop.is_some() {
            return false;
        }
        w.stop = Some(stop.clone());
        w.folder = Some(folder.clone());
        w.record = match &place {
            Place::Server { record, .. } => Some(record.clone()),
            Place::Library(_) => None,
        };
        w.error = None;
        true
    });
    if !started {
        return Err(Failure::from(
            "Der Eingangsordner wird schon überwacht.".to_string(),
        ));
    }
    let news = app.clone();
    let end = app.clone();
    std::thread::spawn(move || {
        let mut report = |o: &Outcome| {
            let e = entry(o);
            news.state::<AppState>().watching(|w| w.push(e.clone()));
            if matches!(o, Outcome::Stored { .. }) {
                news.state::<AppState>().drop_index();
            }
            let _ = news.emit(ENTRY_EVENT, e);
        };
        let outcome = place
            .watch(&dir, settings, &mut report, &stop)
            .map_err(|e| format!("Die Überwachung des Eingangsordners ist beendet: {e}"));
        let state = end.state::<AppState>();
        let now = state.watching(|w| {
            w.stop = None;
            w.error = outcome.err();
            w.state()
        });
        let _ = end.emit(STATE_EVENT, now);
    });
    let now = state.watch_state();
    let _ = app.emit(STATE_EVENT, now.clone());
    Ok(now)
}

/// Where the files of the hot folder go.
enum Place {
    /// Into this desk's library folder.
    Library(PathBuf),
    /// Into a record on the server, under the window's session.
    Server {
        url: String,
        token: String,
        record: String,
        /// Recognised at this desk before it is sent (else on the server).
        here: bool,
    },
}

impl Place {
    fn watch(
        self,
        dir: &std::path::Path,
        settings: aktenscan_pipeline::Settings,
        report: &mut dyn FnMut(&Outcome),
        stop: &AtomicBool,
    ) -> Result<(), String> {
        match self {
            Place::Library(root) => {
                let mut ws = Workspace::open(&root)
                    .map_err(|e| format!("die Bibliothek ist nicht zu öffnen: {e}"))?;
                let mut progress = |_: &aktenscan_pipeline::Event| {};
                ws.watch(
                    dir,
                    &WatchOptions::default(),
                    &settings,
                    &mut progress,
                    report,
                    stop,
                )
                .map_err(|e| e.to_string())
            }
            Place::Server {
                url,
                token,
                record,
                here,
            } => {
                let ca = std::env::var_os("AKTENSCAN_CA_CERT").map(PathBuf::from);
                // The window's session: when it ends, the watch stops and says so (the clerk
                // signs in again and starts it anew); the files wait in the folder.
                let connect = Box::new(move || {
                    aktenscan_client::Server::with_token(&url, ca.as_deref(), &token)
                });
                let mut dest = aktenscan_hotfolder::ServerDestination::new(&record, connect)
                    .map_err(|e| {
                        format!("der Server nimmt keine Dateien in die Akte {record} an: {e}")
                    })?;
                if here {
                    dest = dest.recognising_here(settings);
                }
                aktenscan_core::watch_for_server(
                    dir,
                    &WatchOptions::default(),
                    &mut dest,
                    report,
                    stop,
                )
                .map(|_| ())
                .map_err(|e| e.to_string())
            }
        }
    }
}

/// Stops watching after the file in work.
#[tauri::command]
pub fn stop_watch(state: tauri::State<'_, AppState>) -> WatchState {
    state.stop_watch()
}

/// Whether the hot folder is watched, and its latest news.
#[tauri::command]
pub fn watch_state(state: tauri::State<'_, AppState>) -> WatchState {
    state.watch_state()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_outcome_is_told_in_german_with_its_reason() {
        let failed = entry(&Outcome::Failed {
            file: "leer.pdf".into(),
            moved_to: "/eingang/fehler/leer.pdf".into(),
            reason: "empty file (0 bytes): nothing to import".into(),
        });
        assert_eq!(failed.kind, "failed");
        assert_eq!(failed.file.as_deref(), Some("leer.pdf"));
        assert!(
            failed.detail.contains("/eingang/fehler/leer.pdf"),
            "{}",
            failed.detail
        );
        assert!(failed.detail.contains("0 bytes"), "{}", failed.detail);
        let stored = entry(&Outcome::Stored {
            file: "a.tif".into(),
            moved_to: "/eingang/verarbeitet/a.tif".into(),
            record_id: "r1".into(),
            documents: 1,
            pages: 2,
        });
        assert!(stored.detail.starts_with("gespeichert als Akte r1"));
    }

    #[test]
    fn the_log_keeps_the_latest_news_first_and_no_more_than_it_shows() {
        let mut w = Watching::default();
        for i in 0..(KEPT + 5) {
            w.push(entry(&Outcome::Taken {
                file: format!("{i}.tif"),
            }));
        }
        let s = w.state();
        assert_eq!(s.entries.len(), KEPT);
        assert_eq!(s.entries[0].file.as_deref(), Some("204.tif"));
        assert!(!s.running);
    }
}
