//! The application core: one [`Workspace`] owns a library and its search index and offers every
//! use case as a typed function. The shells (the `aktenscan` CLI, the Tauri commands, the hot
//! folder) parse their input, call one of these and show the result; the rules live here and in
//! `aktenscan-model`.
//!
//! Use cases:
//! - capture: [`Workspace::ingest`], [`Workspace::resume`], [`Workspace::scan`] (a scan session
//!   with a [`ScanProfile`]), [`Workspace::watch`] (a hot folder), [`Workspace::import_xdomea`];
//! - describe: [`Workspace::update_record`] ([`RecordInput`]), [`Workspace::update_document`]
//!   ([`DocumentInput`]);
//! - check and edit: [`Workspace::check_document`] (Sichtkontrolle), [`Workspace::edit_pages`];
//! - find: [`Workspace::search`], [`Workspace::reindex`];
//! - hand over: [`Workspace::export`];
//! - prove: [`Workspace::verify_audit`].
//!
//! Consistency is the core's job, never a caller's: a change and its audit entry commit in one
//! transaction (the store), and every change that the index holds (record and document fields,
//! pages) refreshes the index before the use case returns.

mod accounts;
mod desk;
mod forms;
mod scan;
mod shared;
mod suggest;

pub use accounts::{AccountInput, AccountView};
pub use aktenscan_pipeline::recognise_files;
pub use aktenscan_suggest::{DocumentSuggestions, Evidence, RecordSuggestions, Suggestion};
pub use desk::{
    scan_for_server, send_files, DeskRecognition, FileSent, OcrPlace, ScannedForServer,
};
pub use forms::{DocumentFields, DocumentInput, RecordInput};
pub use scan::{
    capabilities, in_german, scan_to_send, scanners, stop_advice, DeviceChoices, PageSize,
    ScanEvent, ScanOutcome, ScanProfile, ScanTarget, ScannedBatch,
};
pub use shared::{PageContent, PageView, Sending, SentBatch, Viewer};
pub use suggest::{Decided, Decision};

use aktenscan_index::{SearchIndex, SearchRequest, SearchResults};
use aktenscan_model::FieldError;
use aktenscan_pipeline::{EditedPages, IngestReport, IngestRequest, Progress, Settings};
use aktenscan_store::{
    DocumentRow, FieldChange, Library, PageEdit, RecordRow, Resolved, ScanCheck, StoreError,
};
use aktenscan_xdomea::{ExportRequest, ImportReport, IngestOutcome, Profile, Written, XdomeaError};
pub use aktenscan_xdomea::{MessageKind, XdomeaVersion};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// Why a use case did not do what was asked; each says what and where.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// What was typed cannot be stored: one German message per field.
    #[error("{}", .0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("search index: {0}")]
    Index(#[from] aktenscan_index::IndexError),
    #[error(transparent)]
    Ingest(#[from] aktenscan_pipeline::IngestError),
    #[error(transparent)]
    Xdomea(#[from] XdomeaError),
    #[error(transparent)]
    Scan(#[from] aktenscan_scanner::ScanError),
    #[error("{0}")]
    Pdf(#[from] aktenscan_pdfa::Error),
    #[error(transparent)]
    HotFolder(#[from] aktenscan_hotfolder::HotFolderError),
    #[error("{id} is a {found}, not a {wanted}")]
    WrongKind {
        id: String,
        found: &'static str,
        wanted: &'static str,
    },
    #[error("{device}: no page was scanned ({end})")]
    NothingScanned { device: String, end: String },
    #[error("{0}")]
    Io(String),
    #[error(transparent)]
    Access(#[from] aktenscan_access::AccessError),
    /// What was asked cannot be done as asked (a Sichtkontrolle of no page, an export of no
    /// record, a suggestion for a field that has none); the message says why.
    #[error("{0}")]
    Refused(String),
    /// A page verdict names a page the document does not have.
    #[error("Seite {page}: das Dokument hat die Seiten 1 bis {pages}")]
    NoSuchPage { page: i64, pages: i64 },
    /// The person's role does not allow this (a shared library).
    #[error("die Rolle {role} darf das nicht ({what:?})")]
    Forbidden {
        role: aktenscan_model::Role,
        what: aktenscan_model::Permission,
    },
}

pub type Result<T> = std::result::Result<T, CoreError>;

/// What [`Workspace::update_record`] did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RecordUpdate {
    pub record: RecordRow,
    pub changes: Vec<FieldChange>,
}

/// What [`Workspace::update_document`] did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DocumentUpdate {
    pub document: DocumentRow,
    pub changes: Vec<FieldChange>,
}

/// A Sichtkontrolle as the clerk reports it: which pages were looked at and which must be
/// scanned again, and a note.
#[derive(Debug, Clone, Default)]
pub struct Sichtkontrolle {
    /// Every page compared with the paper (else a sample).
    pub full: bool,
    pub anomalies: Option<String>,
    pub rescanned: Option<String>,
}

impl Sichtkontrolle {
    /// From page verdicts (`(page, ok)`) and a note: full when every page of `pages` has a
    /// verdict; the pages to scan again become the Befund ("neu scannen: Seite 2, 5").
    pub fn from_verdicts(pages: i64, verdicts: &[(i64, bool)], note: &str) -> Sichtkontrolle {
        let checked: std::collections::BTreeSet<i64> = verdicts.iter().map(|v| v.0).collect();
        let rescan: Vec<String> = verdicts
            .iter()
            .filter(|v| !v.1)
            .map(|v| v.0.to_string())
            .collect();
        let mut findings = Vec::new();
        if !rescan.is_empty() {
            findings.push(format!("neu scannen: Seite {}", rescan.join(", ")));
        }
        if !note.trim().is_empty() {
            findings.push(note.trim().to_string());
        }
        Sichtkontrolle {
            full: (1..=pages).all(|p| checked.contains(&p)),
            anomalies: Some(findings.join("; ")),
            rescanned: None,
        }
    }
}

/// One library and its search index, opened once per process (or per window).
pub struct Workspace {
    lib: Library,
    /// Opened on first use (or shared with the workspace this one was opened beside); dropped
    /// by `reload_index` when another handle may have rebuilt it.
    index: Option<SearchIndex>,
}

impl Workspace {
    /// Opens the library at `root` (created if missing).
    pub fn open(root: &Path) -> Result<Workspace> {
        Ok(Workspace {
            lib: Library::open(root)?,
            index: None,
        })
    }

    /// The library, for reading (lists, views, files).
    pub fn library(&self) -> &Library {
        &self.lib
    }

    pub fn root(&self) -> &Path {
        self.lib.root()
    }

    /// The record an id or unique prefix names.
    pub fn record_id(&self, id: &str) -> Result<String> {
        self.resolve(id, "record")
    }

    /// The document an id or unique prefix names.
    pub fn document_id(&self, id: &str) -> Result<String> {
        self.resolve(id, "document")
    }

    fn resolve(&self, id: &str, wanted: &'static str) -> Result<String> {
        let (found, full) = match self.lib.resolve_id(id)? {
            Resolved::Record(r) => ("record", r),
            Resolved::Document(d) => ("document", d),
        };
        if found == wanted {
            Ok(full)
        } else {
            Err(CoreError::WrongKind {
                id: id.to_string(),
                found,
                wanted,
            })
        }
    }

    /// Opens the search index (rebuilding it from the store when its schema changed or it is
    /// missing); returns why it was rebuilt, if it was.
    pub fn open_index(&mut self, progress: &mut dyn FnMut(usize, usize)) -> Result<Option<String>> {
        if self.index.is_some() {
            return Ok(None);
        }
        let (index, rebuilt) = SearchIndex::open(&self.lib, progress)?;
        self.index = Some(index);
        Ok(rebuilt)
    }

    /// A workspace of its own (its own connection to the store) on the same library, sharing
    /// this one's search index: the workspaces of one process then read each commit once,
    /// instead of each opening every segment anew.
    pub fn open_beside(&mut self) -> Result<Workspace> {
        Ok(Workspace {
            lib: Library::open(self.root())?,
            index: Some(self.shared_index()?),
        })
    }

    /// The index (opened if need be), as a handle that shares its reader with this workspace.
    fn shared_index(&mut self) -> Result<SearchIndex> {
        self.with_index(|index, _| Ok(index.clone()))
    }

    /// Runs `f` with the index (opened if need be) and the library.
    fn with_index<T>(
        &mut self,
        f: impl FnOnce(&SearchIndex, &mut Library) -> Result<T>,
    ) -> Result<T> {
        if self.index.is_none() {
            self.open_index(&mut |_, _| {})?;
        }
        match &self.index {
            Some(index) => f(index, &mut self.lib),
            None => Err(CoreError::Io("search index not open".into())),
        }
    }

    /// Reads the index anew on next use (after another process or thread changed or rebuilt
    /// it).
    pub fn reload_index(&mut self) {
        self.index = None;
    }

    /// Makes the next search see every change committed to the index since (by another
    /// workspace of the same library); an index not yet open is read fresh anyway.
    pub fn refresh_index(&mut self) -> Result<()> {
        if let Some(index) = &self.index {
            index.refresh()?;
        }
        Ok(())
    }

    /// Pages in the index.
    pub fn indexed_pages(&mut self) -> Result<u64> {
        self.with_index(|index, _| Ok(index.pages()))
    }

    /// The index holds each page with its record's and document's fields: re-add the record.
    fn refresh_record(&mut self, record_id: &str) -> Result<()> {
        self.with_index(|index, lib| Ok(index.refresh_record(lib, record_id)?))
    }

    /// Changes a record's metadata as typed; every change is in the audit log and the index.
    pub fn update_record(&mut self, id: &str, input: &RecordInput) -> Result<RecordUpdate> {
        let patch = input.parse().map_err(CoreError::Invalid)?;
        let (record, changes) = self.lib.update_record(id, &patch)?;
        if !changes.is_empty() {
            self.refresh_record(&record.id)?;
        }
        Ok(RecordUpdate { record, changes })
    }

    /// Sets a document's Betreff, Typ and Datum as typed; logged and indexed.
    pub fn update_document(&mut self, id: &str, input: &DocumentInput) -> Result<DocumentUpdate> {
        let fields = input.parse().map_err(CoreError::Invalid)?;
        let (document, changes) = self.lib.update_document(
            id,
            &fields.title,
            fields.doc_type.as_deref(),
            fields.doc_date,
        )?;
        if !changes.is_empty() {
            self.refresh_record(&document.record_id)?;
        }
        Ok(DocumentUpdate { document, changes })
    }

    /// Records a Sichtkontrolle from page verdicts (`(page, ok)`) and a note, as the Prüfen
    /// screen gives them: full when every page of the document has a verdict (see
    /// [`Sichtkontrolle::from_verdicts`]).
    pub fn check_pages(
        &mut self,
        id: &str,
        verdicts: &[(i64, bool)],
        note: &str,
    ) -> Result<ScanCheck> {
        let pages = self.lib.document(id)?.page_count;
        if verdicts.is_empty() {
            return Err(CoreError::Refused(
                "keine Seite beurteilt: jede geprüfte Seite „in Ordnung“ oder „neu scannen“".into(),
            ));
        }
        if let Some(&(page, _)) = verdicts.iter().find(|(p, _)| !(1..=pages).contains(p)) {
            return Err(CoreError::NoSuchPage { page, pages });
        }
        self.check_document(id, &Sichtkontrolle::from_verdicts(pages, verdicts, note))
    }

    /// Records a Sichtkontrolle of a document (TR-RESISCAN), by the current actor.
    pub fn check_document(&mut self, id: &str, check: &Sichtkontrolle) -> Result<ScanCheck> {
        Ok(self.lib.add_scan_check(
            id,
            check.full,
            check.anomalies.as_deref(),
            check.rescanned.as_deref(),
        )?)
    }

    /// The library's Aktenplan (its `aktenplan.json`, else the sample plan).
    pub fn aktenplan(&self) -> Result<aktenscan_store::Aktenplan> {
        Ok(aktenscan_store::Aktenplan::for_library(self.root())?)
    }

    /// Moves, turns or deletes a page, or splits the document; the PDF/A is written anew from
    /// the stored pages (`tessdata` holds its text-layer font), and the index follows.
    pub fn edit_pages(
        &mut self,
        document: &str,
        edit: PageEdit,
        tessdata: &Path,
    ) -> Result<EditedPages> {
        let font = aktenscan_pdfa::read_tessdata_font(tessdata)?;
        self.with_index(|index, lib| {
            Ok(aktenscan_pipeline::edit_pages(
                lib,
                Some(index),
                document,
                edit,
                &font,
            )?)
        })
    }

    /// A small PNG of a page, turned as the PDF/A shows it (cached in the library's `thumbs/`).
    pub fn thumbnail(&self, document: &str, page: i64) -> Result<PathBuf> {
        Ok(aktenscan_pipeline::thumbnail(
            &self.lib,
            document,
            page,
            aktenscan_pipeline::THUMBNAIL_SIZE,
        )?)
    }

    /// A small PNG of a page a scanner has just written into the library's `scans/` folder
    /// (before it is stored into a record). Any other path is refused.
    pub fn scan_thumbnail(&self, file: &Path) -> Result<Vec<u8>> {
        scan_thumbnail_in(&self.lib.root().join("scans"), file)
    }

    /// A page's stored image in a form a browser shows: JPEG and PNG as stored, anything else
    /// (TIFF, e.g. CCITT G4) converted losslessly to PNG, a 1-bit page to a 1-bit PNG
    /// ([`aktenscan_pages::Image::for_browser`]).
    pub fn page_image_for_display(&self, document: &str, page: i64) -> Result<Vec<u8>> {
        self.image_for_display(&self.lib.page(document, page)?)
    }

    /// [`Workspace::page_image_for_display`] of a page row read already.
    pub(crate) fn image_for_display(&self, row: &aktenscan_store::PageRow) -> Result<Vec<u8>> {
        let bytes = self.lib.read_file(&row.image_file)?;
        aktenscan_pages::Image::for_browser(bytes).map_err(|e| {
            CoreError::Io(format!(
                "{}: {e}",
                self.lib.path_of(&row.image_file).display()
            ))
        })
    }

    /// Imports files into a record: recognised, stored, archived as PDF/A and indexed.
    pub fn ingest(
        &mut self,
        request: &IngestRequest,
        settings: &Settings,
        progress: &mut dyn Progress,
        cancel: &AtomicBool,
    ) -> Result<IngestReport> {
        self.ingest_recognised(request, settings, progress, cancel, Default::default())
    }

    /// [`Workspace::ingest`] with pages recognised already (while a scanner ran, or at the
    /// desk that sent them): those are stored as they are.
    pub(crate) fn ingest_recognised(
        &mut self,
        request: &IngestRequest,
        settings: &Settings,
        progress: &mut dyn Progress,
        cancel: &AtomicBool,
        recognised: aktenscan_pipeline::Recognitions,
    ) -> Result<IngestReport> {
        let index = self.shared_index()?;
        Ok(aktenscan_pipeline::ingest_recognised(
            &mut self.lib,
            &index,
            request,
            settings,
            progress,
            cancel,
            recognised,
        )?)
    }

    /// Continues every interrupted ingest.
    pub fn resume(
        &mut self,
        settings: &Settings,
        progress: &mut dyn Progress,
        cancel: &AtomicBool,
    ) -> Result<Vec<IngestReport>> {
        let index = self.shared_index()?;
        Ok(aktenscan_pipeline::resume(
            &mut self.lib,
            &index,
            settings,
            progress,
            cancel,
        )?)
    }

    /// The input files that unfinished ingests still need: they must stay until `resume` has
    /// stored them.
    pub fn pending_inputs(&self) -> Result<Vec<PathBuf>> {
        let mut out = Vec::new();
        for job in self.lib.unfinished_jobs()? {
            for item in self.lib.job_items(&job.id)? {
                out.push(PathBuf::from(item.path));
            }
        }
        Ok(out)
    }

    /// Scans a batch with `profile` into the library's `scans/` folder and nothing more
    /// (`on_page` hears of each page as it is written; `stop` ends the batch after the current
    /// sheet). [`Workspace::ingest`] of its request stores it.
    pub fn scan_batch(
        &mut self,
        profile: &ScanProfile,
        target: &ScanTarget,
        on_page: &mut dyn FnMut(usize, &Path),
        stop: &AtomicBool,
    ) -> Result<ScannedBatch> {
        let root = self.lib.root().to_path_buf();
        scan::scan_to_send(&root.join("scans"), profile, target, on_page, stop)
    }

    /// The whole scan session: the batch is scanned into the library's `scans/` folder, each
    /// page recognised while the feeder runs, and stored into the target record when the
    /// scanner stops. `stop` ends the batch after the current sheet; every page scanned until
    /// then is stored. `on_event` hears of each page scanned and recognised, `progress` of
    /// the storing. A batch the scanner ended early (jam, cover open) is stored too; its
    /// protocol says why it ended.
    #[allow(clippy::too_many_arguments)]
    pub fn scan(
        &mut self,
        profile: &ScanProfile,
        target: &ScanTarget,
        settings: &Settings,
        on_event: &mut dyn FnMut(ScanEvent<'_>),
        progress: &mut dyn Progress,
        stop: &AtomicBool,
    ) -> std::result::Result<ScanOutcome, (Option<Box<ScannedBatch>>, CoreError)> {
        let early = aktenscan_pipeline::EarlyRecognition::start(
            settings,
            scan::looks_needed(profile, target),
        );
        let mut numbers: std::collections::HashMap<PathBuf, usize> = Default::default();
        let tell = |r: &aktenscan_pipeline::Recognition,
                    numbers: &std::collections::HashMap<PathBuf, usize>,
                    on_event: &mut dyn FnMut(ScanEvent<'_>)| {
            on_event(ScanEvent::Recognised {
                page: numbers.get(&r.file).copied().unwrap_or(0),
                file: &r.file,
                error: r.error.as_deref(),
            })
        };
        let scanned = {
            let mut on_page = |page: usize, file: &Path| {
                early.add(file);
                numbers.insert(file.to_path_buf(), page);
                on_event(ScanEvent::Scanned { page, file });
                for r in early.recognised() {
                    tell(&r, &numbers, on_event);
                }
            };
            self.scan_batch(profile, target, &mut on_page, stop)
        };
        let recognised = early.finish(&mut |r| tell(r, &numbers, on_event));
        let batch = scanned.map_err(|e| (None, e))?;
        match self.ingest_recognised(&batch.request, settings, progress, stop, recognised) {
            Ok(report) => Ok(ScanOutcome { batch, report }),
            Err(e) => Err((Some(Box::new(batch)), e)),
        }
    }

    /// Watches a hot folder until `stop` is set (or, with `options.once`, until it is empty):
    /// each settled file becomes a record; `report` hears what became of each file.
    pub fn watch(
        &mut self,
        dir: &Path,
        options: &aktenscan_hotfolder::WatchOptions,
        settings: &Settings,
        progress: &mut dyn Progress,
        report: &mut dyn FnMut(&aktenscan_hotfolder::Outcome),
        stop: &AtomicBool,
    ) -> Result<()> {
        let index = self.shared_index()?;
        let mut dest = aktenscan_hotfolder::LibraryDestination {
            lib: &mut self.lib,
            index: &index,
            settings,
        };
        // A library takes every file at once: nothing is left waiting.
        aktenscan_hotfolder::watch(&mut dest, dir, options, progress, report, stop)
            .map(|_| ())
            .map_err(CoreError::from)
    }

    /// Searches the index (German analysis, filters, facets, snippets, word boxes).
    pub fn search(&mut self, request: &SearchRequest) -> Result<SearchResults> {
        self.with_index(|index, lib| Ok(index.search(lib, request)?))
    }

    /// Rebuilds what search derives from the store: first the packed words of pages stored
    /// before schema version 5 (`Library::pack_words`; none after the first run), then the
    /// index. `progress` follows each in turn. Returns the pages indexed.
    pub fn reindex(&mut self, progress: &mut dyn FnMut(usize, usize)) -> Result<u64> {
        self.lib.pack_words(progress)?;
        self.index = None;
        let index = SearchIndex::rebuild(&self.lib, progress)?;
        let pages = index.pages();
        self.index = Some(index);
        Ok(pages)
    }

    /// What an export of `records` (full ids) writes: the message `kind` in xdomea `version`,
    /// with the municipality's profile from `profile`, else the library's
    /// `xdomea-profil.json`, else the built-in one.
    pub fn export_request(
        &self,
        kind: MessageKind,
        version: XdomeaVersion,
        records: Vec<String>,
        profile: Option<&Path>,
    ) -> Result<ExportRequest> {
        if records.is_empty() {
            return Err(CoreError::Refused(
                "keine Akte gewählt: mindestens eine Akte exportieren".into(),
            ));
        }
        let profile = match profile {
            Some(p) => Profile::load(p)?,
            None => Profile::for_library(self.root())?,
        };
        Ok(ExportRequest {
            kind,
            version,
            records,
            profile,
        })
    }

    /// Writes an xdomea 0503/0401 package of records (refused, with the German list of what is
    /// missing, when a record is not ready); each exported record gets an audit entry.
    pub fn export(&mut self, request: &ExportRequest, out: &Path, bag: bool) -> Result<Written> {
        Ok(aktenscan_xdomea::export(
            &mut self.lib,
            request,
            out,
            bag,
            &capture_of,
        )?)
    }

    /// The scan protocol (TR-RESISCAN) of a document with its Transfervermerk, including the
    /// scanner and batch facts of how it was captured.
    pub fn scan_protocol(&self, document: &str) -> Result<aktenscan_xdomea::Extension> {
        let id = self.document_id(document)?;
        Ok(aktenscan_xdomea::scan_protocol(
            &self.lib,
            &id,
            &capture_of,
        )?)
    }

    /// Reads an xdomea package into the library; its primary documents go through the ingest
    /// pipeline, and the imported records' fields reach the index.
    pub fn import_xdomea(
        &mut self,
        package: &Path,
        settings: &Settings,
        progress: &mut dyn Progress,
        cancel: &AtomicBool,
    ) -> Result<ImportReport> {
        let index = self.shared_index()?;
        let mut ingest = |lib: &mut Library,
                          record: &str,
                          paths: &[PathBuf]|
         -> std::result::Result<IngestOutcome, String> {
            let request = IngestRequest {
                paths: paths.to_vec(),
                record_id: Some(record.to_string()),
                ..Default::default()
            };
            let report =
                aktenscan_pipeline::ingest(lib, &index, &request, settings, progress, cancel)
                    .map_err(|e| e.to_string())?;
            if report.cancelled {
                return Err("abgebrochen".into());
            }
            let mut out = IngestOutcome::default();
            out.documents
                .extend(report.documents.into_iter().map(|d| (d.source, d.id)));
            out.failed
                .extend(report.failed.into_iter().map(|f| (f.path, f.error)));
            Ok(out)
        };
        let report = aktenscan_xdomea::import(&mut self.lib, package, &mut ingest)?;
        for r in &report.records {
            self.refresh_record(&r.id)?;
        }
        Ok(report)
    }

    /// Checks the hash chain of the audit log: the number of entries, or where it breaks.
    pub fn verify_audit(&self) -> Result<std::result::Result<usize, aktenscan_store::ChainError>> {
        Ok(self.lib.verify_audit_chain()?)
    }
}

/// How a document was captured (scanner, batch), for its scan protocol; a protocol without these
/// facts is still written when they cannot be read.
fn capture_of(lib: &Library, document: &str) -> Option<aktenscan_model::CaptureBatch> {
    aktenscan_pipeline::capture_batch(lib, document)
        .ok()
        .flatten()
}

/// The hot folder of a desk whose library is the town hall's server: each complete file in `dir`
/// goes into the record of `dest` there (recognised on the server); true when files still wait
/// for the server as the watch ends. The same folder rules as [`Workspace::watch`].
pub fn watch_for_server(
    dir: &Path,
    options: &aktenscan_hotfolder::WatchOptions,
    dest: &mut aktenscan_hotfolder::ServerDestination,
    report: &mut dyn FnMut(&aktenscan_hotfolder::Outcome),
    stop: &AtomicBool,
) -> Result<bool> {
    let mut progress = |_: &aktenscan_pipeline::Event| {};
    Ok(aktenscan_hotfolder::watch(
        dest,
        dir,
        options,
        &mut progress,
        report,
        stop,
    )?)
}

/// A small PNG of a page a scanner has just written under `scans` (a library's `scans/`, or a
/// desk's outbox of batches to send). Any other path is refused.
pub fn scan_thumbnail_in(scans: &Path, file: &Path) -> Result<Vec<u8>> {
    let inside = std::fs::canonicalize(file)
        .ok()
        .zip(std::fs::canonicalize(scans).ok())
        .is_some_and(|(f, s)| f.starts_with(s));
    if !inside {
        return Err(CoreError::Io(format!(
            "{}: not a scanned page (only files under {} are shown)",
            file.display(),
            scans.display()
        )));
    }
    let bad = |e: String| CoreError::Io(format!("{}: {e}", file.display()));
    let bytes = std::fs::read(file).map_err(|e| bad(e.to_string()))?;
    let image = aktenscan_pages::Image::decode(&bytes).map_err(|e| bad(e.to_string()))?;
    let image = if image.depth() == 1 {
        image.to_gray8().map_err(|e| bad(e.to_string()))?
    } else {
        image
    };
    let longest = image.width().max(image.height()).max(1);
    let factor = (aktenscan_pipeline::THUMBNAIL_SIZE as f32 / longest as f32).min(1.0);
    let small = image.scale(factor).map_err(|e| bad(e.to_string()))?;
    Ok(small.encode_lossless().map_err(|e| bad(e.to_string()))?.0)
}
