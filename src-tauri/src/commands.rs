//! The Tauri commands the window calls: each parses what the window sends, calls one use case
//! of `aktenscan-core` and returns its result, with errors as German text for the clerk.

use crate::settings::{library_root, AppSettings};
use aktenscan_core::{CoreError, DocumentInput, RecordInput, Workspace};
use aktenscan_index::{SearchRequest, SearchResults};
use aktenscan_model::DocumentStatus;
use aktenscan_store::{Aktenplan, DocumentRow, Library, RecordRow, ScanCheck, StoreError};
use aktenscan_xdomea::{MessageKind, XdomeaError};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};

/// An error as the window shows it: a German message and, for a form, the fields at fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Failure {
    pub message: String,
    /// (field name as the form knows it, German message).
    pub fields: Vec<FieldProblem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct FieldProblem {
    pub field: String,
    /// In German.
    pub message: String,
    /// The message's key in the window's catalogues (`ui/src/i18n/`), so the window shows it in
    /// its language; `None` for a message that has no key yet.
    pub key: Option<String>,
    pub params: std::collections::BTreeMap<String, String>,
}

impl Failure {
    fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// A form was not saved: one message per field the core's checks refused.
    fn form(problems: Vec<aktenscan_model::FieldError>) -> Failure {
        Failure {
            message: "Die Angaben wurden nicht gespeichert: bitte die markierten Felder prüfen."
                .into(),
            fields: problems
                .into_iter()
                .map(|p| FieldProblem {
                    field: p.field.code().into(),
                    message: p.message,
                    key: Some(p.key.into()),
                    params: p.params.into_iter().collect(),
                })
                .collect(),
        }
    }

    /// Something was not saved (`message`), with one message per refused field.
    fn refused<F: Into<String>>(
        message: &str,
        problems: impl IntoIterator<Item = (F, String)>,
    ) -> Failure {
        Failure {
            message: message.into(),
            fields: problems
                .into_iter()
                .map(|(field, message)| FieldProblem {
                    field: field.into(),
                    message,
                    key: None,
                    params: Default::default(),
                })
                .collect(),
        }
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::new(message)
    }
}

pub(crate) type Answer<T> = Result<T, Failure>;

fn store_error(what: &str) -> impl Fn(StoreError) -> Failure + '_ {
    move |e| match e {
        StoreError::NotFound(id) => Failure::new(format!("{what}: „{id}“ gibt es nicht.")),
        StoreError::Invalid(msg) => Failure::new(msg),
        e => Failure::new(format!("{what}: {e}")),
    }
}

/// A use case's refusal as the window shows it: a form's fields at fault, or one message.
pub(crate) fn core_error(what: &str) -> impl Fn(CoreError) -> Failure + '_ {
    move |e| match e {
        CoreError::Invalid(problems) => Failure::form(problems),
        CoreError::Store(e) => store_error(what)(e),
        CoreError::Ingest(aktenscan_pipeline::IngestError::Store(e)) => store_error(what)(e),
        CoreError::Index(e) => Failure::new(format!(
            "Gespeichert, aber der Suchindex ist nicht aktuell: {e}"
        )),
        e => Failure::new(format!("{what}: {e}")),
    }
}

/// A record (Akte) with all its fields and its documents, as the window lists it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RecordView {
    #[serde(flatten)]
    pub record: RecordRow,
    pub documents: Vec<DocumentView>,
}

/// A document of a record as the window lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct DocumentView {
    pub id: String,
    pub title: String,
    pub doc_type: Option<String>,
    pub doc_date: Option<String>,
    pub pages: i64,
    /// The store's state: `ingesting` or `complete`.
    pub status: DocumentStatus,
}

impl From<DocumentRow> for DocumentView {
    fn from(d: DocumentRow) -> DocumentView {
        DocumentView {
            id: d.id,
            title: d.title,
            doc_type: d.doc_type,
            doc_date: d.doc_date.map(|d| d.to_string()),
            pages: d.page_count,
            status: d.status,
        }
    }
}

/// One page of a document as the viewer needs it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PageView {
    pub page: i64,
    pub width: i64,
    pub height: i64,
    pub mean_confidence: Option<f32>,
    /// The clerk's rotation in clockwise degrees (0, 90, 180, 270).
    pub rotation: i64,
    /// Clockwise quarter turn (0, 90, 180, 270) that shows the stored image upright: what
    /// recognition found plus the clerk's rotation. The word boxes are in pixels of the stored
    /// image.
    pub display_rotation: u32,
}

/// A document with its pages and its Sichtkontrollen, for "Prüfen" and the viewer.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DocumentDetail {
    pub document: DocumentView,
    pub record_id: String,
    pub record_title: String,
    pub pages: Vec<PageView>,
    pub checks: Vec<ScanCheck>,
}

/// What the metadata form sends: every field as typed (empty clears an optional field).
#[derive(Debug, Clone, Default, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct RecordForm {
    pub aktenzeichen: String,
    pub title: String,
    /// `1987..1994`, `1987-03..1994-11-30` or one date; empty clears.
    pub laufzeit: String,
    pub office: String,
    pub aktenplan_unit: String,
    /// xdomea code 001–005.
    pub confidentiality: String,
    /// Years, `unbefristet`, or empty.
    pub retention: String,
    pub personal_data: bool,
    pub remark: String,
}

/// What the document part of the metadata form sends: Betreff, Typ, Datum as typed (empty
/// clears Typ and Datum).
#[derive(Debug, Clone, Default, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct DocumentForm {
    pub title: String,
    pub doc_type: String,
    pub doc_date: String,
}

/// The verdict of "Prüfen" for one page.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct PageMark {
    pub page: i64,
    /// `true`: "in Ordnung"; `false`: "neu scannen".
    pub ok: bool,
}

/// The result of "Export": the package written, or the German list of what is missing.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum ExportOutcome {
    Written {
        prozess_id: String,
        zip: String,
        zip_sha256: String,
        /// How many primary documents the package holds.
        documents: usize,
    },
    Refused {
        message: String,
        missing: Vec<MissingView>,
    },
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MissingView {
    pub akte: String,
    pub problems: Vec<String>,
}

/// The settings screen's view: the stored settings and what is in effect.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SettingsView {
    pub settings: AppSettings,
    /// The library folder in use.
    pub library_path: Option<String>,
    /// `AKTENSCAN_LIBRARY` is set and wins over the settings.
    pub library_from_env: bool,
    /// The library is `aktenscan serve` at this address (`https://…`): the window signs in
    /// there and works over its API; the app opens no folder.
    #[ts(optional)]
    pub server: Option<String>,
    /// The number of cores (the default for OCR jobs).
    pub cores: usize,
    /// The installed OCR models (`deu`, `frk`, …).
    pub ocr_models: Vec<String>,
}

/// Where Tesseract's models are: `TESSDATA_PREFIX`, else Debian's folder.
pub fn tessdata() -> PathBuf {
    std::env::var_os("TESSDATA_PREFIX")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(aktenscan_ocr::DEFAULT_TESSDATA))
}

/// What the app shares between commands.
pub struct AppState {
    root: Mutex<Result<PathBuf, String>>,
    /// The library is a server at this address: nothing opens a folder.
    server: Mutex<Option<String>>,
    library_from_env: bool,
    settings_path: Option<PathBuf>,
    settings: Mutex<AppSettings>,
    /// Opened on first use, so that an error reaches the window instead of stopping the app.
    workspace: Mutex<Option<Workspace>>,
    /// The cancel flag of the ingest (or scan) that is running, if one is.
    pub(crate) ingest: Mutex<Option<Arc<AtomicBool>>>,
    /// The running job is a scan: it writes the index only for a moment after the feeder
    /// stops, so page edits go on meanwhile (and wait for that moment).
    pub(crate) scanning: AtomicBool,
    /// The hot folder the app watches, if it does, and what became of its files.
    pub(crate) hot_folder: Mutex<crate::hotfolder::Watching>,
}

/// A library that is a server address is no folder: its root is an error that says so, and the
/// address is given apart.
fn split_server(root: Result<PathBuf, String>) -> (Result<PathBuf, String>, Option<String>) {
    match root
        .as_deref()
        .ok()
        .and_then(crate::settings::server_address)
    {
        Some(url) => (
            Err(format!(
                "Die Bibliothek ist der Aktenscan-Server {url}: dort anmelden; \
                 dieser Arbeitsplatz öffnet keinen Ordner."
            )),
            Some(url),
        ),
        None => (root, None),
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl AppState {
    /// The state for a library folder chosen by env, settings and home folder.
    pub fn new(
        env_library: Option<std::ffi::OsString>,
        home: Option<std::ffi::OsString>,
        settings_path: Option<PathBuf>,
    ) -> AppState {
        let settings = settings_path
            .as_deref()
            .map(AppSettings::load)
            .unwrap_or_default();
        let from_env = env_library.as_ref().is_some_and(|v| !v.is_empty());
        let (root, server) =
            split_server(library_root(env_library, settings.library.as_deref(), home));
        AppState {
            root: Mutex::new(root),
            server: Mutex::new(server),
            library_from_env: from_env,
            settings_path,
            settings: Mutex::new(settings),
            workspace: Mutex::new(None),
            ingest: Mutex::new(None),
            scanning: AtomicBool::new(false),
            hot_folder: Mutex::default(),
        }
    }

    /// The state for one library folder (tests).
    pub fn for_library(root: PathBuf) -> AppState {
        AppState::new(Some(root.into_os_string()), None, None)
    }

    pub fn root(&self) -> Result<PathBuf, String> {
        lock(&self.root).clone()
    }

    /// The server's address, when the library is `aktenscan serve`.
    pub fn server(&self) -> Option<String> {
        lock(&self.server).clone()
    }

    pub fn settings(&self) -> AppSettings {
        lock(&self.settings).clone()
    }

    /// Runs `f` on the open workspace, opening (and if need be creating) its library first.
    pub fn with_workspace<T>(&self, f: impl FnOnce(&mut Workspace) -> Answer<T>) -> Answer<T> {
        let root = self.root()?;
        let mut guard = lock(&self.workspace);
        if guard.is_none() {
            let ws = Workspace::open(&root).map_err(|e| {
                Failure::new(format!(
                    "Die Bibliothek in {} konnte nicht geöffnet werden: {e}",
                    root.display()
                ))
            })?;
            *guard = Some(ws);
        }
        match guard.as_mut() {
            Some(ws) => f(ws),
            None => Err(Failure::new("Die Bibliothek ist nicht geöffnet.")),
        }
    }

    /// Runs `f` on the open library, for reading.
    pub fn with_library<T>(&self, f: impl FnOnce(&Library) -> Answer<T>) -> Answer<T> {
        self.with_workspace(|ws| f(ws.library()))
    }

    /// Reads the search index anew (after an ingest on its own thread, which may have rebuilt
    /// it).
    /// Claims the one job slot (an ingest or a scan; they write the same index) and returns
    /// its cancel flag; refused while another job runs.
    pub(crate) fn begin_job(&self, scan: bool) -> Answer<Arc<AtomicBool>> {
        let mut running = lock(&self.ingest);
        if running.is_some() {
            return Err(Failure::new("Es läuft schon eine Erfassung oder ein Scan."));
        }
        let cancel = Arc::new(AtomicBool::new(false));
        *running = Some(cancel.clone());
        self.scanning
            .store(scan, std::sync::atomic::Ordering::SeqCst);
        Ok(cancel)
    }

    /// Frees the job slot; the window's index is read anew.
    pub(crate) fn end_job(&self) {
        self.drop_index();
        self.scanning
            .store(false, std::sync::atomic::Ordering::SeqCst);
        *lock(&self.ingest) = None;
    }

    pub fn drop_index(&self) {
        if let Some(ws) = lock(&self.workspace).as_mut() {
            ws.reload_index();
        }
    }

    pub fn list_records(&self) -> Answer<Vec<RecordView>> {
        self.with_library(|lib| {
            let read = store_error("Die Akten konnten nicht gelesen werden");
            lib.records()
                .map_err(&read)?
                .into_iter()
                .map(|record| {
                    let documents = lib.documents(&record.id).map_err(&read)?;
                    Ok(RecordView {
                        record,
                        documents: documents.into_iter().map(DocumentView::from).collect(),
                    })
                })
                .collect()
        })
    }

    pub fn document(&self, id: &str) -> Answer<DocumentDetail> {
        self.with_library(|lib| {
            let read = store_error("Dokument");
            let doc = lib.document(id).map_err(&read)?;
            let record = lib.record(&doc.record_id).map_err(&read)?;
            let pages = lib
                .pages(id)
                .map_err(&read)?
                .into_iter()
                .map(|p| PageView {
                    page: p.page_no,
                    width: p.width,
                    height: p.height,
                    mean_confidence: p.ocr.mean_confidence,
                    rotation: p.rotation,
                    display_rotation: p.display_orientation().degrees(),
                })
                .collect();
            let checks = lib.scan_checks(id).map_err(&read)?;
            Ok(DocumentDetail {
                record_id: record.id,
                record_title: record.title,
                document: doc.into(),
                pages,
                checks,
            })
        })
    }

    fn page_row(lib: &Library, document: &str, page: i64) -> Answer<aktenscan_store::PageRow> {
        lib.pages(document)
            .map_err(store_error("Seite"))?
            .into_iter()
            .find(|p| p.page_no == page)
            .ok_or_else(|| Failure::new(format!("Das Dokument hat keine Seite {page}.")))
    }

    pub fn page_text(&self, document: &str, page: i64) -> Answer<String> {
        self.with_library(|lib| Ok(Self::page_row(lib, document, page)?.text))
    }

    /// The stored page image in a form the web view shows: JPEG and PNG as stored, anything else
    /// (TIFF, e.g. CCITT G4) as a lossless PNG.
    pub fn page_image(&self, document: &str, page: i64) -> Answer<Vec<u8>> {
        self.with_workspace(|ws| {
            ws.page_image_for_display(document, page).map_err(|e| {
                Failure::new(format!("Das Seitenbild konnte nicht angezeigt werden: {e}"))
            })
        })
    }

    pub fn search(&self, query: &str, filters: Vec<String>, limit: usize) -> Answer<SearchResults> {
        if query.trim().is_empty() && filters.is_empty() {
            return Ok(SearchResults {
                total: 0,
                total_exact: true,
                took_ms: 0,
                hits: Vec::new(),
                facets: Default::default(),
            });
        }
        let mut request = SearchRequest::new(query);
        request.filters = filters;
        request.limit = limit.clamp(1, 500);
        self.with_workspace(|ws| {
            ws.search(&request)
                .map_err(|e| Failure::new(format!("Suche nicht möglich: {e}")))
        })
    }

    pub fn update_record(&self, id: &str, form: RecordForm) -> Answer<RecordView> {
        let input = RecordInput {
            title: Some(form.title),
            aktenzeichen: Some(form.aktenzeichen),
            aktenplan_unit: Some(form.aktenplan_unit),
            laufzeit: Some(form.laufzeit),
            office: Some(form.office),
            confidentiality: Some(form.confidentiality),
            retention: Some(form.retention),
            personal_data: Some(form.personal_data),
            remark: Some(form.remark),
            ..RecordInput::default()
        };
        self.with_workspace(|ws| {
            let record = ws
                .update_record(id, &input)
                .map_err(core_error("Akte"))?
                .record;
            let docs = ws.library().documents(id).map_err(store_error("Akte"))?;
            Ok(RecordView {
                record,
                documents: docs.into_iter().map(DocumentView::from).collect(),
            })
        })
    }

    /// Sets a document's Betreff, Typ and Datum (checked, logged and re-indexed by the core).
    pub fn update_document(&self, id: &str, form: DocumentForm) -> Answer<DocumentView> {
        let input = DocumentInput {
            title: form.title,
            doc_type: form.doc_type,
            doc_date: form.doc_date,
        };
        self.with_workspace(|ws| {
            ws.update_document(id, &input)
                .map(|u| u.document.into())
                .map_err(core_error("Dokument"))
        })
    }

    /// The Aktenplan of the library (its `aktenplan.json`, else the sample plan).
    pub fn aktenplan(&self) -> Answer<Aktenplan> {
        let root = self.root()?;
        Aktenplan::for_library(&root)
            .map_err(|e| Failure::new(format!("Der Aktenplan konnte nicht gelesen werden: {e}")))
    }

    /// Saves a copy of a document's PDF/A to `dest` (written whole or not at all).
    pub fn save_document_pdf(&self, id: &str, dest: &str) -> Answer<String> {
        let dest = dest.trim();
        if dest.is_empty() {
            return Err(Failure::new("Bitte einen Dateinamen angeben."));
        }
        let dest = PathBuf::from(dest);
        self.with_library(|lib| {
            lib.save_document_pdf(id, &dest)
                .map_err(store_error("PDF speichern"))
        })?;
        Ok(dest.display().to_string())
    }

    /// Opens a document's PDF/A in the system's PDF viewer: a read-only copy in the temporary
    /// folder is opened, never the library's own file.
    pub fn open_document_pdf(&self, id: &str) -> Answer<String> {
        let title = self.with_library(|lib| {
            lib.document(id)
                .map(|d| d.title)
                .map_err(store_error("Dokument"))
        })?;
        let dir = std::env::temp_dir().join("aktenscan-ansicht");
        std::fs::create_dir_all(&dir).map_err(|e| {
            Failure::new(format!(
                "Der Ordner {} konnte nicht angelegt werden: {e}",
                dir.display()
            ))
        })?;
        let short: String = id.chars().take(8).collect();
        let dest = dir.join(format!("{}-{short}.pdf", file_stem_for(&title)));
        if dest.exists() {
            // An earlier copy is read-only; replace it with a fresh one.
            let _ = std::fs::remove_file(&dest);
        }
        self.with_library(|lib| {
            lib.save_document_pdf(id, &dest)
                .map_err(store_error("PDF öffnen"))
        })?;
        if let Ok(meta) = std::fs::metadata(&dest) {
            let mut perms = meta.permissions();
            perms.set_readonly(true);
            let _ = std::fs::set_permissions(&dest, perms);
        }
        open_with_system(&dest).map_err(|e| {
            Failure::new(format!(
                "Kein Programm zum Anzeigen von PDF gefunden ({e}); die Datei liegt unter {}.",
                dest.display()
            ))
        })?;
        Ok(dest.display().to_string())
    }

    pub fn check_document(&self, id: &str, marks: &[PageMark], note: &str) -> Answer<ScanCheck> {
        let verdicts: Vec<(i64, bool)> = marks.iter().map(|m| (m.page, m.ok)).collect();
        self.with_workspace(|ws| {
            ws.check_pages(id, &verdicts, note)
                .map_err(core_error("Sichtkontrolle"))
        })
    }

    /// Writes an xdomea package of the records into the folder `out`. When the library is a
    /// server, the server builds it for the person of `token` (her rights, her audit entries)
    /// and it is saved here.
    pub fn export(
        &self,
        records: Vec<String>,
        format: &str,
        out: &str,
        token: Option<String>,
    ) -> Answer<ExportOutcome> {
        let Some(kind) = MessageKind::from_code(format) else {
            return Err(Failure::new(format!(
                "Unbekanntes Exportformat „{format}“."
            )));
        };
        if out.trim().is_empty() {
            return Err(Failure::new("Bitte einen Zielordner angeben."));
        }
        if let Some(url) = self.server() {
            let token = token.ok_or_else(|| Failure::new("Bitte zuerst anmelden."))?;
            return export_from_server(&url, &token, &records, kind, out.trim());
        }
        self.with_workspace(|ws| {
            let req = ws
                .export_request(kind, Default::default(), records, None)
                .map_err(|e| Failure::new(format!("Das Gemeindeprofil ist fehlerhaft: {e}")))?;
            match ws.export(&req, std::path::Path::new(out.trim()), false) {
                Ok(w) => Ok(ExportOutcome::Written {
                    prozess_id: w.prozess_id,
                    zip: w.zip.display().to_string(),
                    zip_sha256: w.zip_sha256,
                    documents: w.documents.len(),
                }),
                Err(CoreError::Xdomea(XdomeaError::Refused(refusal))) => {
                    Ok(ExportOutcome::Refused {
                        message: refusal.to_string(),
                        missing: refusal
                            .0
                            .into_iter()
                            .map(|m| MissingView {
                                akte: m.akte,
                                problems: m.problems,
                            })
                            .collect(),
                    })
                }
                Err(e) => Err(Failure::new(format!("Export fehlgeschlagen: {e}"))),
            }
        })
    }

    pub fn settings_view(&self) -> SettingsView {
        SettingsView {
            settings: self.settings(),
            library_path: self.root().ok().map(|p| p.display().to_string()),
            library_from_env: self.library_from_env,
            server: lock(&self.server).clone(),
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            ocr_models: aktenscan_ocr::installed_models(&tessdata()),
        }
    }

    /// Stores the settings; a new library folder is opened at once (unless the environment
    /// fixes it).
    pub fn save_settings(&self, new: AppSettings) -> Answer<SettingsView> {
        let problems = new.problems(&aktenscan_ocr::installed_models(&tessdata()));
        if !problems.is_empty() {
            return Err(Failure::refused(
                "Die Einstellungen wurden nicht gespeichert: bitte die markierten Felder prüfen.",
                problems,
            ));
        }
        if lock(&self.ingest).is_some() && new.library != self.settings().library {
            return Err(Failure::new(
                "Während einer Erfassung kann die Bibliothek nicht gewechselt werden.",
            ));
        }
        if self.watch_state().running && new.library != self.settings().library {
            return Err(Failure::new(
                "Während der Eingangsordner überwacht wird, kann die Bibliothek nicht gewechselt \
                 werden; bitte die Überwachung erst anhalten.",
            ));
        }
        if let Some(path) = &self.settings_path {
            new.save(path).map_err(|e| {
                Failure::new(format!(
                    "Die Einstellungen konnten nicht gespeichert werden: {e}"
                ))
            })?;
        }
        if !self.library_from_env {
            let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE"));
            let (root, server) = split_server(library_root(None, new.library.as_deref(), home));
            if root != self.root() || server != *lock(&self.server) {
                *lock(&self.root) = root;
                *lock(&self.server) = server;
                *lock(&self.workspace) = None;
            }
        }
        *lock(&self.settings) = new;
        Ok(self.settings_view())
    }
}

/// A file name from a document's title: letters, digits, `-` and `_` kept, the rest `_`.
pub fn file_stem_for(title: &str) -> String {
    let stem: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    let stem = stem.trim_matches('_').to_string();
    if stem.is_empty() {
        "Dokument".into()
    } else {
        stem
    }
}

/// Hands a file to the desktop's default program (no shell: the path is one argument).
fn open_with_system(path: &std::path::Path) -> std::io::Result<()> {
    #[cfg(target_os = "windows")]
    let mut cmd = {
        let mut c = std::process::Command::new("explorer");
        c.arg(path);
        c
    };
    #[cfg(target_os = "macos")]
    let mut cmd = {
        let mut c = std::process::Command::new("open");
        c.arg(path);
        c
    };
    #[cfg(not(any(target_os = "windows", target_os = "macos")))]
    let mut cmd = {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(path);
        c
    };
    cmd.stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}

/// The library folder, for the window's header.
#[tauri::command]
pub fn library_path(state: tauri::State<'_, AppState>) -> Result<String, Failure> {
    state
        .root()
        .map(|p| p.display().to_string())
        .map_err(Failure::new)
}

/// Every record of the library with its documents. Commands marked `async` run off the main
/// thread: the database may wait for a writer.
#[tauri::command(async)]
pub fn list_records(state: tauri::State<'_, AppState>) -> Answer<Vec<RecordView>> {
    state.list_records()
}

#[tauri::command(async)]
pub fn get_document(state: tauri::State<'_, AppState>, id: String) -> Answer<DocumentDetail> {
    state.document(&id)
}

#[tauri::command(async)]
pub fn page_text(state: tauri::State<'_, AppState>, document: String, page: i64) -> Answer<String> {
    state.page_text(&document, page)
}

/// The page image as raw bytes (an `ArrayBuffer` in the window).
#[tauri::command(async)]
pub fn page_image(
    state: tauri::State<'_, AppState>,
    document: String,
    page: i64,
) -> Answer<tauri::ipc::Response> {
    state
        .page_image(&document, page)
        .map(tauri::ipc::Response::new)
}

#[tauri::command(async)]
pub fn search(
    state: tauri::State<'_, AppState>,
    query: String,
    filters: Vec<String>,
    limit: usize,
) -> Answer<SearchResults> {
    state.search(&query, filters, limit)
}

#[tauri::command(async)]
pub fn update_record(
    state: tauri::State<'_, AppState>,
    id: String,
    form: RecordForm,
) -> Answer<RecordView> {
    state.update_record(&id, form)
}

#[tauri::command(async)]
pub fn update_document(
    state: tauri::State<'_, AppState>,
    id: String,
    form: DocumentForm,
) -> Answer<DocumentView> {
    state.update_document(&id, form)
}

#[tauri::command(async)]
pub fn get_aktenplan(state: tauri::State<'_, AppState>) -> Answer<Aktenplan> {
    state.aktenplan()
}

#[tauri::command(async)]
pub fn save_document_pdf(
    state: tauri::State<'_, AppState>,
    id: String,
    dest: String,
) -> Answer<String> {
    state.save_document_pdf(&id, &dest)
}

#[tauri::command(async)]
pub fn open_document_pdf(state: tauri::State<'_, AppState>, id: String) -> Answer<String> {
    state.open_document_pdf(&id)
}

#[tauri::command(async)]
pub fn check_document(
    state: tauri::State<'_, AppState>,
    id: String,
    marks: Vec<PageMark>,
    note: String,
) -> Answer<ScanCheck> {
    state.check_document(&id, &marks, &note)
}

#[tauri::command(async)]
pub fn export_records(
    state: tauri::State<'_, AppState>,
    records: Vec<String>,
    format: String,
    out: String,
    token: Option<String>,
) -> Answer<ExportOutcome> {
    state.export(records, &format, &out, token)
}

/// The server builds the package (checking her rights and logging it under her name); it is
/// saved into `out` at this desk.
fn export_from_server(
    url: &str,
    token: &str,
    records: &[String],
    kind: MessageKind,
    out: &str,
) -> Answer<ExportOutcome> {
    use aktenscan_client::{ExportAnswer, Server};
    let ca = std::env::var_os("AKTENSCAN_CA_CERT").map(PathBuf::from);
    let failed = |e: aktenscan_client::ClientError| Failure::new(format!("Export: {e}"));
    let server = Server::with_token(url, ca.as_deref(), token).map_err(failed)?;
    match server
        .export(records, kind.code(), std::path::Path::new(out))
        .map_err(failed)?
    {
        ExportAnswer::Saved(saved) => Ok(ExportOutcome::Written {
            prozess_id: saved.prozess_id,
            zip: saved.zip.display().to_string(),
            zip_sha256: saved.sha256,
            documents: saved.documents,
        }),
        ExportAnswer::Refused { message, missing } => Ok(ExportOutcome::Refused {
            message,
            missing: missing
                .into_iter()
                .map(|m| MissingView {
                    akte: m.akte,
                    problems: m.probleme,
                })
                .collect(),
        }),
    }
}

#[tauri::command]
pub fn get_settings(state: tauri::State<'_, AppState>) -> SettingsView {
    state.settings_view()
}

#[tauri::command(async)]
pub fn save_settings(
    state: tauri::State<'_, AppState>,
    settings: AppSettings,
) -> Answer<SettingsView> {
    state.save_settings(settings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aktenscan_model::Retention;
    use aktenscan_store::NewRecord;

    fn library_with_records(root: &std::path::Path) -> String {
        let mut lib = Library::open(root).unwrap();
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
        bau.id
    }

    #[test]
    fn lists_records_with_their_documents() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("bibliothek");
        library_with_records(&root);
        let state = AppState::for_library(root.clone());
        assert_eq!(state.root().unwrap(), root);
        let records = state.list_records().unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].record.aktenzeichen.as_deref(), Some("632.1/87"));
        assert_eq!(records[0].documents[0].title, "Bauantrag");
        assert_eq!(records[0].documents[0].pages, 3);
        assert_eq!(records[0].documents[0].status, DocumentStatus::Ingesting);
        assert!(records[1].documents.is_empty());

        // The field names the window's script reads.
        let json = serde_json::to_value(&records[0]).unwrap();
        for key in ["id", "aktenzeichen", "title", "laufzeit_from", "documents"] {
            assert!(json.get(key).is_some(), "missing {key}");
        }
    }

    #[test]
    fn updates_a_record_and_refuses_bad_fields_in_german() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("bibliothek");
        let id = library_with_records(&root);
        let state = AppState::for_library(root);
        let form = RecordForm {
            aktenzeichen: "632.10/1987-014".into(),
            title: "Bauakte Lindenstraße 4".into(),
            laufzeit: "1987..1994".into(),
            office: "Bauamt".into(),
            confidentiality: "003".into(),
            retention: "30".into(),
            personal_data: true,
            ..RecordForm::default()
        };
        let saved = state.update_record(&id, form.clone()).unwrap();
        assert_eq!(saved.record.laufzeit().unwrap().to_string(), "1987..1994");
        assert_eq!(saved.record.retention.value(), Some(Retention::Years(30)));
        assert!(saved.record.personal_data);

        let bad = RecordForm {
            title: " ".into(),
            laufzeit: "1994..1987".into(),
            retention: "dreißig".into(),
            ..form
        };
        let err = state.update_record(&id, bad).unwrap_err();
        let fields: Vec<_> = err.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["title", "laufzeit", "retention"]);
        assert!(err.fields[1].message.contains("Beginn liegt nach dem Ende"));
    }

    #[test]
    fn an_emptied_aufbewahrungsfrist_is_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("bibliothek");
        let id = library_with_records(&root);
        let state = AppState::for_library(root);
        let form = RecordForm {
            title: "Bauakte".into(),
            confidentiality: "003".into(),
            retention: "30".into(),
            ..RecordForm::default()
        };
        let saved = state.update_record(&id, form.clone()).unwrap();
        assert_eq!(saved.record.retention.value(), Some(Retention::Years(30)));
        let cleared = RecordForm {
            retention: " ".into(),
            ..form.clone()
        };
        let saved = state.update_record(&id, cleared.clone()).unwrap();
        assert_eq!(saved.record.retention.value(), None);
        let unlimited = RecordForm {
            retention: "unbefristet".into(),
            ..form
        };
        let saved = state.update_record(&id, unlimited).unwrap();
        assert_eq!(saved.record.retention.value(), Some(Retention::Unlimited));
        let saved = state.update_record(&id, cleared).unwrap();
        assert_eq!(saved.record.retention.value(), None);
    }

    #[test]
    fn updates_a_documents_fields_and_refuses_bad_ones_in_german() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("bibliothek");
        let id = library_with_records(&root);
        let state = AppState::for_library(root);
        let doc = state.list_records().unwrap()[0].documents[0].id.clone();
        let saved = state
            .update_document(
                &doc,
                DocumentForm {
                    title: " Bauantrag Garage ".into(),
                    doc_type: "Antrag".into(),
                    doc_date: "1987-03-12".into(),
                },
            )
            .unwrap();
        assert_eq!(saved.title, "Bauantrag Garage");
        assert_eq!(saved.doc_type.as_deref(), Some("Antrag"));
        assert_eq!(saved.doc_date.as_deref(), Some("1987-03-12"));
        let cleared = state
            .update_document(
                &doc,
                DocumentForm {
                    title: "Bauantrag Garage".into(),
                    ..DocumentForm::default()
                },
            )
            .unwrap();
        assert_eq!((cleared.doc_type, cleared.doc_date), (None, None));
        let err = state
            .update_document(
                &doc,
                DocumentForm {
                    title: "".into(),
                    doc_type: "".into(),
                    doc_date: "12.03.1987".into(),
                },
            )
            .unwrap_err();
        let fields: Vec<_> = err.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["title", "doc_date"]);
        assert_eq!(state.list_records().unwrap()[0].record.id, id);
    }

    #[test]
    fn the_aktenplan_is_the_sample_until_the_library_has_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("bibliothek");
        library_with_records(&root);
        let state = AppState::for_library(root.clone());
        let plan = state.aktenplan().unwrap();
        assert!(plan.sample);
        assert!(plan.entry("632.10").is_some());
        std::fs::write(root.join("aktenplan.json"), "{kaputt").unwrap();
        let err = state.aktenplan().unwrap_err();
        assert!(err.message.starts_with("Der Aktenplan"), "{err:?}");
    }

    #[test]
    fn pdf_file_names_come_from_titles() {
        assert_eq!(
            file_stem_for("Bauantrag: Garage/1987"),
            "Bauantrag__Garage_1987"
        );
        assert_eq!(file_stem_for("../.."), "Dokument");
        assert_eq!(file_stem_for("Straße Nr. 4"), "Straße_Nr__4");
    }

    #[test]
    fn a_new_library_is_created_and_empty() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("neu");
        let state = AppState::for_library(root.clone());
        assert!(state.list_records().unwrap().is_empty());
        assert!(root.join("aktenscan.sqlite").exists());
        assert_eq!(state.search("", vec![], 20).unwrap().total, 0);
    }

    #[test]
    fn errors_are_german_text() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("keine-bibliothek");
        std::fs::write(&file, "eine Datei, kein Ordner").unwrap();
        let err = AppState::for_library(file).list_records().unwrap_err();
        assert!(err.message.starts_with("Die Bibliothek in "), "{err:?}");

        let err = AppState::new(None, None, None).list_records().unwrap_err();
        assert!(
            err.message.starts_with("Kein Bibliotheksordner bekannt"),
            "{err:?}"
        );
    }

    #[test]
    fn export_refusal_is_a_list_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("bibliothek");
        let id = library_with_records(&root);
        let state = AppState::for_library(root);
        let out = dir.path().join("ausgang");
        match state
            .export(vec![id], "0503", &out.display().to_string(), None)
            .unwrap()
        {
            ExportOutcome::Refused { missing, .. } => assert!(!missing[0].problems.is_empty()),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
}
