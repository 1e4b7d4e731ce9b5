//! "Erfassen → Scannen": the scanners SANE finds and what each offers, and the scan session
//! (`aktenscan_core::Workspace::scan`) on a thread of its own, reporting each page scanned and
//! recognised, and the storing, to the window as events. "Abbrechen" stops after the sheet
//! being read; every page scanned until then is stored. Where the library is a server, the
//! batch is scanned into the desk's outbox and sent there as one batch (`aktenscan_client`);
//! the server recognises it.

use crate::commands::{core_error, Answer, AppState, Failure};
use crate::ingest::{pipeline_settings, Tracker, PROGRESS_EVENT};
use aktenscan_core::{DeviceChoices, PageSize, ScanEvent, ScanProfile, ScanTarget, Workspace};
use aktenscan_pipeline::{Event, IngestReport, SplitOptions};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use tauri::{AppHandle, Emitter, Manager};

/// Event name of a page scanned or recognised.
pub const PAGE_EVENT: &str = "scan-page";
/// Event name of the end of a scan session.
pub const FINISHED_EVENT: &str = "scan-finished";

/// A scanner as the window lists it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ScannerView {
    /// The SANE device name (`test:0`), what a scan names.
    pub name: String,
    /// Vendor and model, as the clerk knows the machine.
    pub label: String,
}

/// What the clerk chose for a scan: the device and its settings (as offered), and where the
/// pages go.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ScanForm {
    pub device: String,
    pub resolution: u32,
    pub mode: Option<String>,
    pub source: Option<String>,
    pub page_size: Option<PageSize>,
    /// Into this record; else a new one with `title` and `aktenzeichen`.
    pub record_id: Option<String>,
    pub title: Option<String>,
    pub aktenzeichen: Option<String>,
    /// Separator sheets (blank or with a barcode) start a new document.
    pub separators: bool,
    /// Further scanner options as `NAME=VALUE`, separated by `;` (names as `scanimage -A`
    /// shows them), for what the choices above do not cover.
    pub options: String,
}

/// One page of the batch: scanned (a thumbnail can be shown) or recognised; or, for a server,
/// the whole batch being sent (`page`: the number of pages).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ScanPage {
    #[ts(type = "\"scanned\" | \"recognised\" | \"sending\"")]
    pub kind: &'static str,
    /// 1-based, in scan order.
    pub page: usize,
    /// The page's file in the library's `scans/` folder (for `scan_thumbnail`).
    pub file: String,
    pub error: Option<String>,
}

impl ScanPage {
    /// What the window is told of a page scanned or recognised.
    fn of(event: ScanEvent<'_>) -> ScanPage {
        match event {
            ScanEvent::Scanned { page, file } => ScanPage {
                kind: "scanned",
                page,
                file: file.display().to_string(),
                error: None,
            },
            ScanEvent::Recognised { page, file, error } => ScanPage {
                kind: "recognised",
                page,
                file: file.display().to_string(),
                error: error.map(str::to_string),
            },
        }
    }
}

/// The end of a scan session.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ScanFinished {
    /// What was stored, unless nothing could be.
    pub report: Option<IngestReport>,
    /// The pages' files in scan order (to mark separator sheets and dropped sides).
    pub files: Vec<String>,
    /// `complete`, `cancelled` or `stopped: …`.
    pub end: Option<String>,
    /// Why the scanner stopped early and what to do now (German), when it did.
    pub advice: Option<String>,
    /// Why nothing was stored (German), when nothing was.
    pub error: Option<String>,
    /// What the server stored of the batch, where the library is a server.
    #[ts(optional)]
    pub sent: Option<SentView>,
}

/// What the server made of a batch sent to it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SentView {
    pub record_id: String,
    /// The documents made, with their page counts.
    pub documents: Vec<SentDocument>,
    /// Pages the server could not read, with the reason.
    pub failed: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SentDocument {
    pub id: String,
    pub pages: usize,
}

impl AppState {
    /// The scanners SANE finds, by vendor and model.
    pub fn scanners(&self) -> Answer<Vec<ScannerView>> {
        let devices = aktenscan_core::scanners().map_err(core_error(
            "Die Scanner konnten nicht abgefragt werden (SANE)",
        ))?;
        Ok(devices
            .into_iter()
            .map(|d| ScannerView {
                label: format!("{} {} ({})", d.vendor, d.model, d.name),
                name: d.name,
            })
            .collect())
    }
}

/// The scanners SANE finds.
#[tauri::command(async)]
pub fn list_scanners(state: tauri::State<'_, AppState>) -> Answer<Vec<ScannerView>> {
    state.scanners()
}

/// What a scanner offers: resolutions, modes, sources and the paper sizes that fit.
#[tauri::command(async)]
pub fn scanner_choices(device: String) -> Answer<DeviceChoices> {
    aktenscan_core::capabilities(&device).map_err(core_error("Der Scanner antwortet nicht"))
}

/// A small PNG of a page just scanned (only files in the library's `scans/` folder, or in the
/// outbox where the library is a server).
#[tauri::command(async)]
pub fn scan_thumbnail(
    state: tauri::State<'_, AppState>,
    file: String,
) -> Answer<tauri::ipc::Response> {
    if state.server().is_some() {
        let outbox = outbox()?;
        return aktenscan_core::scan_thumbnail_in(&outbox, &PathBuf::from(&file))
            .map_err(core_error("Vorschaubild"))
            .map(tauri::ipc::Response::new);
    }
    state
        .with_workspace(|ws| {
            ws.scan_thumbnail(&PathBuf::from(&file))
                .map_err(core_error("Vorschaubild"))
        })
        .map(tauri::ipc::Response::new)
}

fn nonblank(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

impl ScanForm {
    /// The profile and target the core's scan session takes.
    fn session(self) -> Answer<(ScanProfile, ScanTarget)> {
        let options = ScanProfile::parse_options(&self.options)
            .map_err(|e| Failure::from(format!("Weitere Scanner-Optionen: {e}")))?;
        let profile = ScanProfile {
            device: self.device,
            resolution: self.resolution,
            mode: nonblank(self.mode),
            source: nonblank(self.source),
            options,
            ..Default::default()
        }
        .with_page_size(self.page_size);
        let target = ScanTarget {
            title: nonblank(self.title),
            aktenzeichen: nonblank(self.aktenzeichen),
            record_id: nonblank(self.record_id),
            split: SplitOptions {
                separators: self.separators,
                ..SplitOptions::default()
            },
        };
        Ok((profile, target))
    }
}

/// Where this desk keeps scanned batches until the server has them.
fn outbox() -> Answer<PathBuf> {
    aktenscan_client::default_outbox().ok_or_else(|| {
        Failure::from("Kein Ausgangsordner für Scans (HOME ist nicht gesetzt).".to_string())
    })
}

/// Starts a scan session; returns at once. Pages, the storing and the end arrive as events.
/// `token` is the window's session where the library is a server.
#[tauri::command]
pub fn start_scan(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    form: ScanForm,
    token: Option<String>,
) -> Answer<()> {
    if form.device.trim().is_empty() {
        return Err(Failure::from(
            "Bitte zuerst einen Scanner wählen.".to_string(),
        ));
    }
    let (profile, target) = form.session()?;
    if let Some(url) = state.server() {
        let Some(record) = target.record_id.clone() else {
            return Err(Failure::from(
                "Bitte eine Akte wählen: gescannt wird in eine Akte des Servers.".to_string(),
            ));
        };
        let token = token.ok_or_else(|| Failure::from("Bitte zuerst anmelden.".to_string()))?;
        let outbox = outbox()?;
        let app_settings = state.settings();
        let here = (app_settings.ocr_place() == aktenscan_core::OcrPlace::Arbeitsplatz)
            .then(|| pipeline_settings(&app_settings));
        let stop = state.begin_job(true)?;
        let started = scan_thread().spawn(move || {
            let batch = ToServer {
                url,
                token,
                record,
                outbox,
                here,
            };
            let finished = batch.scan(&app, &profile, &target, &stop);
            app.state::<AppState>().end_job();
            let _ = app.emit(FINISHED_EVENT, finished);
        });
        return began(&state, started);
    }
    if target.record_id.is_none() && target.title.is_none() {
        return Err(Failure::from(
            "Bitte eine Akte wählen oder einen Titel für die neue Akte angeben.".to_string(),
        ));
    }
    let root = state.root()?;
    let settings = pipeline_settings(&state.settings());
    let stop = state.begin_job(true)?;
    let started = scan_thread().spawn(move || {
        let finished = match Workspace::open(&root) {
            Err(e) => ScanFinished {
                report: None,
                files: Vec::new(),
                end: None,
                advice: None,
                error: Some(format!("Die Bibliothek konnte nicht geöffnet werden: {e}")),
                sent: None,
            },
            Ok(mut ws) => {
                let mut on_event = |event: ScanEvent<'_>| {
                    let _ = app.emit(PAGE_EVENT, ScanPage::of(event));
                };
                let mut tracker = Tracker::default();
                let mut progress = |event: &Event| {
                    let _ = app.emit(PROGRESS_EVENT, tracker.update(event));
                };
                let outcome = ws.scan(
                    &profile,
                    &target,
                    &settings,
                    &mut on_event,
                    &mut progress,
                    &stop,
                );
                finished(outcome)
            }
        };
        app.state::<AppState>().end_job();
        let _ = app.emit(FINISHED_EVENT, finished);
    });
    began(&state, started)
}

/// The thread a scan session runs on. Named, so that the threads the scanner's driver starts
/// from it are named alike and told apart from the window's own (`aktenscan_scanner` waits for
/// them before it reads a page's last byte).
fn scan_thread() -> std::thread::Builder {
    std::thread::Builder::new().name("scan".into())
}

/// The answer to a scan's start: a thread that could not be started ends the job it began.
fn began(state: &AppState, started: std::io::Result<std::thread::JoinHandle<()>>) -> Answer<()> {
    started.map(|_| ()).map_err(|e| {
        state.end_job();
        Failure::from(format!("Der Scan konnte nicht beginnen: {e}"))
    })
}

/// A batch scanned at this desk for a record on the server.
struct ToServer {
    url: String,
    token: String,
    record: String,
    outbox: PathBuf,
    /// Recognise at this desk while the feeder runs, with these settings (else the server does).
    here: Option<aktenscan_pipeline::Settings>,
}

impl ToServer {
    /// Asks the server whether the clerk may send into the record, scans the batch into the
    /// outbox, sends it, and removes it from the outbox once the server has stored it.
    fn scan(
        &self,
        app: &AppHandle,
        profile: &ScanProfile,
        target: &ScanTarget,
        stop: &std::sync::atomic::AtomicBool,
    ) -> ScanFinished {
        let failed = |error: String, batch: Option<&aktenscan_core::ScannedBatch>| ScanFinished {
            report: None,
            files: batch.map(batch_files).unwrap_or_default(),
            end: batch.map(|b| b.protocol.end.clone()),
            advice: batch.and_then(|b| aktenscan_core::stop_advice(b, None)),
            error: Some(error),
            sent: None,
        };
        let ca = std::env::var_os("AKTENSCAN_CA_CERT").map(PathBuf::from);
        let server =
            match aktenscan_client::Server::with_token(&self.url, ca.as_deref(), &self.token)
                .and_then(|s| s.may_send(&self.record).map(|()| s))
            {
                Ok(server) => server,
                Err(e) => return failed(format!("Der Server nimmt den Scan nicht an: {e}"), None),
            };
        // Pages recognised here are told as in a scan into a library of this desk.
        let mut on_event = |event: ScanEvent<'_>| {
            let _ = app.emit(PAGE_EVENT, ScanPage::of(event));
        };
        let aktenscan_core::ScannedForServer {
            batch: scanned,
            recognised,
        } = match aktenscan_core::scan_for_server(
            &self.outbox,
            profile,
            target,
            self.here.as_ref(),
            &mut on_event,
            stop,
        ) {
            Ok(scanned) => scanned,
            Err(e) => return failed(scan_failure(&e), None),
        };
        let folder = scanned.request.paths.first().cloned().unwrap_or_default();
        let _ = app.emit(
            PAGE_EVENT,
            ScanPage {
                kind: "sending",
                page: scanned.protocol.files.len(),
                file: folder.display().to_string(),
                error: None,
            },
        );
        let batch = aktenscan_client::Batch {
            pages: scanned.protocol.files.clone(),
            protocol: scanned.protocol.clone(),
            split: scanned.request.split,
            recognised,
        };
        match server.send_batch(&self.record, &batch) {
            Ok(stored) => {
                // Pages the server could not read stay in the outbox, with the rest of their batch.
                let _ = aktenscan_client::clear_sent(&folder, &stored);
                ScanFinished {
                    report: None,
                    files: batch_files(&scanned),
                    end: Some(scanned.protocol.end.clone()),
                    advice: aktenscan_core::stop_advice(&scanned, None),
                    error: None,
                    sent: Some(SentView {
                        record_id: stored.akte,
                        documents: stored
                            .dokumente
                            .into_iter()
                            .map(|d| SentDocument {
                                id: d.id,
                                pages: d.seiten,
                            })
                            .collect(),
                        failed: stored
                            .fehler
                            .into_iter()
                            .map(|f| format!("{}: {}", f.datei, f.grund))
                            .collect(),
                    }),
                }
            }
            Err(e) => {
                failed(
                    format!(
                    "Der Stapel wurde nicht gesendet: {e}. Er bleibt in {}; erneut senden mit: {}",
                    folder.display(),
                    aktenscan_client::resend_command(&self.url, &self.record, &folder, &batch.split)
                ),
                    Some(&scanned),
                )
            }
        }
    }
}

fn batch_files(b: &aktenscan_core::ScannedBatch) -> Vec<String> {
    b.protocol
        .files
        .iter()
        .map(|f| f.display().to_string())
        .collect()
}

type Outcome = Result<
    aktenscan_core::ScanOutcome,
    (
        Option<Box<aktenscan_core::ScannedBatch>>,
        aktenscan_core::CoreError,
    ),
>;

/// The session's end as the window shows it.
fn finished(outcome: Outcome) -> ScanFinished {
    match outcome {
        Ok(o) => ScanFinished {
            files: batch_files(&o.batch),
            end: Some(o.batch.protocol.end.clone()),
            advice: o.advice(),
            report: Some(o.report),
            error: None,
            sent: None,
        },
        Err((batch, e)) => ScanFinished {
            report: None,
            files: batch.as_deref().map(batch_files).unwrap_or_default(),
            end: batch.as_ref().map(|b| b.protocol.end.clone()),
            advice: batch
                .as_deref()
                .and_then(|b| aktenscan_core::stop_advice(b, None)),
            error: Some(scan_failure(&e)),
            sent: None,
        },
    }
}

/// Why a scan stored nothing, in German, with what to do.
fn scan_failure(e: &aktenscan_core::CoreError) -> String {
    use aktenscan_core::CoreError;
    match e {
        CoreError::NothingScanned { device, end } => format!(
            "Der Scanner {device} hat keine Seite geliefert ({end}). Bitte Papier einlegen, die Abdeckung schließen und erneut „Scannen“ wählen."
        ),
        CoreError::Scan(e) => format!(
            "Der Scan ist fehlgeschlagen: {}. Bereits gespeicherte Seiten bleiben erhalten; bitte den Scanner prüfen und mit „Weiter scannen“ fortsetzen.",
            aktenscan_core::in_german(&e.to_string())
        ),
        e => format!("Der Scan konnte nicht gespeichert werden: {e}"),
    }
}

/// Stops the scan after the sheet being read (every page scanned until then is stored).
#[tauri::command]
pub fn cancel_scan(state: tauri::State<'_, AppState>) -> bool {
    crate::ingest::cancel_ingest(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_becomes_the_profile_and_target_of_the_core() {
        let form = ScanForm {
            device: "test:0".into(),
            resolution: 300,
            mode: Some("Gray".into()),
            source: Some(" ".into()),
            page_size: Some(PageSize::A4),
            record_id: None,
            title: Some(" Bauakte Lindenweg 3 ".into()),
            aktenzeichen: Some(String::new()),
            separators: true,
            options: "read-delay=yes; ; read-delay-duration = 30000".into(),
        };
        let (profile, target) = form.session().unwrap();
        assert_eq!(profile.width_mm, Some(210.0));
        assert_eq!(profile.height_mm, Some(297.0));
        assert_eq!(profile.source, None);
        assert_eq!(target.title.as_deref(), Some("Bauakte Lindenweg 3"));
        assert_eq!(target.aktenzeichen, None);
        assert!(target.split.separators && !target.split.duplex);
        assert_eq!(
            profile.options,
            [
                ("read-delay".to_string(), "yes".to_string()),
                ("read-delay-duration".to_string(), "30000".to_string())
            ]
        );
        let bad = ScanForm {
            options: "read-delay".into(),
            ..form_of("test:0")
        };
        let err = bad.session().unwrap_err();
        assert!(err.message.contains("NAME=VALUE"), "{}", err.message);
    }

    fn form_of(device: &str) -> ScanForm {
        ScanForm {
            device: device.into(),
            resolution: 300,
            mode: None,
            source: None,
            page_size: None,
            record_id: Some("r1".into()),
            title: None,
            aktenzeichen: None,
            separators: false,
            options: String::new(),
        }
    }

    #[test]
    fn nothing_scanned_is_told_in_german_with_what_to_do() {
        let msg = scan_failure(&aktenscan_core::CoreError::NothingScanned {
            device: "test:0".into(),
            end: "stopped: Scanner cover is open".into(),
        });
        assert!(msg.contains("keine Seite"), "{msg}");
        assert!(msg.contains("Abdeckung"), "{msg}");
        let reason = aktenscan_core::in_german("scanner test:0: Scanner cover is open");
        assert!(
            reason.starts_with("die Abdeckung des Scanners ist offen"),
            "{reason}"
        );
    }
}
