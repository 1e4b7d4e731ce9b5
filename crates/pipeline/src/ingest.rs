//! Planning, parallel recognition and storing of an ingest job.

use crate::archive;
use crate::early::{EarlyResults, Recognitions};
use crate::progress::{Event, Progress};
use aktenscan_acquire::{discover, sniff_bytes};
use aktenscan_index::SearchIndex;
use aktenscan_model::{OcrFacts, Orientation, PageText, TextSource};
use aktenscan_ocr::{Engine, OcrConfig};
use aktenscan_pages::{Limits, SourceDocument, StoredImage};
use aktenscan_split::{PageLook, PageRef, Plan, SplitOptions};
use aktenscan_store::{ItemStatus, Job, Library, NewPage, NewRecord, StoreError};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

/// What the clerk asked for. Stored with the job, so the same request continues it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IngestRequest {
    pub paths: Vec<PathBuf>,
    pub title: Option<String>,
    pub aktenzeichen: Option<String>,
    /// Add to this existing record instead of creating one.
    pub record_id: Option<String>,
    /// Split the batch at separator sheets and drop blank back sides (off: one document per file).
    #[serde(default, skip_serializing_if = "is_off")]
    pub split: SplitOptions,
    /// Where the pages came from when a scanner made them (device, options, driver), for the
    /// scan protocol.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan: Option<aktenscan_model::ScanProtocol>,
}

fn is_off(split: &SplitOptions) -> bool {
    !split.active()
}

/// What `jobs.spec` holds: the request, and for a split batch the plan made when the job began
/// (documents, separator sheets, dropped blank pages), so a resumed job splits the same way.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JobSpec {
    #[serde(flatten)]
    pub request: IngestRequest,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split_plan: Option<Plan>,
    /// Who began the ingest (the audit's actor then: a server's signed-in clerk). A resumed
    /// job's audit entries name her too, not whoever resumes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_by: Option<String>,
}

impl JobSpec {
    /// Reads a job's spec (older jobs hold only the request).
    pub fn parse(spec: &str) -> Option<JobSpec> {
        serde_json::from_str(spec).ok()
    }
}

/// What the library knows about how a document was captured as part of a batch: for the scan
/// protocol (TR-RESISCAN). Read from the job's spec; no table of its own.
#[derive(Debug, Clone, Serialize)]
pub struct BatchFacts {
    /// The scanner, its driver and settings (`scan` commands only).
    pub scan: Option<aktenscan_model::ScanProtocol>,
    /// How the batch was split (`None`: one document per file).
    pub split: Option<SplitOptions>,
    /// Separator sheets in front of this document (not stored as pages).
    pub separators: Vec<aktenscan_split::SeparatorSheet>,
    /// Blank pages of this document's sheets that were left out.
    pub dropped_blank: Vec<aktenscan_split::DroppedPage>,
    /// The pages of the batch that form this document, in order.
    pub pages: Vec<PageRef>,
}

/// The batch facts of a document, or `None` when it was not made by an ingest job.
pub fn batch_facts(lib: &Library, document_id: &str) -> Result<Option<BatchFacts>, StoreError> {
    let Some((job, position)) = lib.job_of_document(document_id)? else {
        return Ok(None);
    };
    let Some(spec) = JobSpec::parse(&job.spec) else {
        return Ok(None);
    };
    let index = position as usize;
    let mut facts = BatchFacts {
        scan: spec.request.scan.clone(),
        split: spec.request.split.active().then_some(spec.request.split),
        separators: Vec::new(),
        dropped_blank: Vec::new(),
        pages: Vec::new(),
    };
    if let Some(plan) = spec.split_plan {
        facts.separators = plan
            .separators
            .into_iter()
            .filter(|s| s.before_document == Some(index))
            .collect();
        facts.dropped_blank = plan
            .dropped_blank
            .into_iter()
            .filter(|d| d.document == Some(index))
            .collect();
        facts.pages = plan
            .documents
            .get(index)
            .map(|d| d.pages.clone())
            .unwrap_or_default();
    }
    Ok(Some(facts))
}

impl BatchFacts {
    /// The facts the scan protocol shows; `split_from` names the document this one was split
    /// off from, when it was.
    pub fn capture(&self, split_from: Option<String>) -> aktenscan_model::CaptureBatch {
        let left_out =
            |page: &PageRef, kind: &str, barcode: Option<&String>| aktenscan_model::LeftOutPage {
                file: page
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                page_index: page.page_index,
                kind: kind.to_string(),
                barcode: barcode.cloned(),
            };
        aktenscan_model::CaptureBatch {
            scan: self.scan.clone(),
            split_at_separators: self.split.is_some_and(|s| s.separators),
            duplex: self.split.is_some_and(|s| s.duplex),
            separator_sheets: self
                .separators
                .iter()
                .flat_map(|s| {
                    s.pages
                        .iter()
                        .map(|p| left_out(p, &s.kind, s.barcode.as_ref()))
                })
                .collect(),
            dropped_blank: self
                .dropped_blank
                .iter()
                .map(|d| left_out(&d.page, "blank", None))
                .collect(),
            split_from,
        }
    }
}

/// How a document was captured as part of a batch (for its scan protocol): its own job's facts,
/// or, for a document split off another, the batch facts of the document it came from.
pub fn capture_batch(
    lib: &Library,
    document_id: &str,
) -> Result<Option<aktenscan_model::CaptureBatch>, StoreError> {
    let mut id = document_id.to_string();
    let mut split_from = None;
    // A split-off document of a split-off document: follow the chain (bounded, in case of a
    // damaged log).
    for _ in 0..64 {
        if let Some(facts) = batch_facts(lib, &id)? {
            return Ok(Some(facts.capture(split_from)));
        }
        let origin = lib
            .audit_entries_for(&[id.as_str()])?
            .iter()
            .filter(|e| e.subject == id)
            .filter(|e| e.action() == Some(aktenscan_model::AuditAction::DocumentSplit))
            .find_map(|e| {
                serde_json::from_str::<serde_json::Value>(&e.details)
                    .ok()?
                    .get("split_from")?
                    .as_str()
                    .map(str::to_string)
            });
        match origin {
            Some(origin) => {
                split_from.get_or_insert_with(|| origin.clone());
                id = origin;
            }
            None => return Ok(None),
        }
    }
    Ok(None)
}

/// What splitting left out, as reported after the run (the full plan is in the job's spec).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SplitReport {
    /// Separator sheets: `kind` (`blank`, `barcode`, `cover`), their pages, barcode text.
    pub separators: Vec<aktenscan_split::SeparatorSheet>,
    /// Blank pages left out (blank back sides in duplex).
    pub dropped_blank: Vec<aktenscan_split::DroppedPage>,
}

/// How the work is done (not part of the job's identity).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Worker threads, each with its own Tesseract engines.
    pub jobs: usize,
    pub ocr: OcrConfig,
    pub limits: Limits,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            jobs: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1),
            ocr: OcrConfig::default(),
            limits: Limits::default(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DocumentReport {
    pub id: String,
    pub source: PathBuf,
    pub pages: usize,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(rename = "IngestFailure")]
pub struct Failure {
    pub path: PathBuf,
    pub error: String,
}

/// The outcome of an ingest: what is stored, what failed.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct IngestReport {
    pub record_id: String,
    pub job_id: String,
    pub documents: Vec<DocumentReport>,
    pub failed: Vec<Failure>,
    /// Pages recognised and stored in this run (not counting pages stored by an earlier run).
    pub pages_processed: usize,
    /// The run stopped early on request; the job can be resumed.
    pub cancelled: bool,
    /// For a split batch: separator sheets and dropped blank pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub split: Option<SplitReport>,
}

/// Errors that stop the whole ingest (a bad input file never does).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Ocr(#[from] aktenscan_ocr::OcrError),
    #[error("{0}")]
    Pdf(#[from] aktenscan_pdfa::Error),
    #[error("search index: {0}")]
    Index(#[from] aktenscan_index::IndexError),
    #[error("nothing to import: no images or PDFs found in {0}")]
    NothingFound(String),
    #[error("a record title is needed for a new record (--title)")]
    NoTitle,
    #[error("the batch has no pages with content: every page is blank or a separator sheet")]
    NothingLeft,
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Imports the request's files into one record, each document into `index` as soon as its
/// pages are stored (the index writer is taken per document: recognising pages does not keep
/// a record edit or another desk's document from the index). An unfinished job with the same
/// request is continued instead of starting over.
pub fn ingest(
    lib: &mut Library,
    index: &SearchIndex,
    request: &IngestRequest,
    settings: &Settings,
    progress: &mut dyn Progress,
    cancel: &AtomicBool,
) -> Result<IngestReport, IngestError> {
    ingest_recognised(
        lib,
        index,
        request,
        settings,
        progress,
        cancel,
        Recognitions::default(),
    )
}

/// [`ingest`] with pages already recognised by an [`crate::EarlyRecognition`] (a scanner's
/// batch, recognised while the feeder ran): those are stored as they are, the rest recognised.
pub fn ingest_recognised(
    lib: &mut Library,
    index: &SearchIndex,
    request: &IngestRequest,
    settings: &Settings,
    progress: &mut dyn Progress,
    cancel: &AtomicBool,
    early: Recognitions,
) -> Result<IngestReport, IngestError> {
    let mut early = early.pages;
    let mut request = request.clone();
    request.paths = request
        .paths
        .iter()
        .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
        .collect();
    let existing = lib.unfinished_jobs()?.into_iter().find(|j| {
        j.kind == "ingest" && JobSpec::parse(&j.spec).is_some_and(|s| s.request == request)
    });
    let job = match existing {
        Some(job) => job,
        None => plan_job(lib, &request, settings, &early)?,
    };
    run_job(lib, index, &job, settings, progress, cancel, &mut early)
}

/// Continues every interrupted ingest job.
pub fn resume(
    lib: &mut Library,
    index: &SearchIndex,
    settings: &Settings,
    progress: &mut dyn Progress,
    cancel: &AtomicBool,
) -> Result<Vec<IngestReport>, IngestError> {
    let jobs = lib.unfinished_jobs()?;
    let mut reports = Vec::new();
    for job in jobs.iter().filter(|j| j.kind == "ingest") {
        let mut run = || {
            run_job(
                lib,
                index,
                job,
                settings,
                progress,
                cancel,
                &mut EarlyResults::new(),
            )
        };
        let report = match JobSpec::parse(&job.spec).and_then(|s| s.started_by) {
            Some(actor) => aktenscan_store::acting_as(&actor, run),
            None => run(),
        };
        reports.push(report?);
        if cancel.load(Ordering::Relaxed) {
            break;
        }
    }
    Ok(reports)
}

fn plan_job(
    lib: &mut Library,
    request: &IngestRequest,
    settings: &Settings,
    early: &EarlyResults,
) -> Result<Job, IngestError> {
    let found = discover(&request.paths);
    if found.inputs.is_empty() && found.rejected.is_empty() {
        let names: Vec<_> = request
            .paths
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        return Err(IngestError::NothingFound(names.join(", ")));
    }
    if request.record_id.is_none() && request.title.as_ref().is_none_or(|t| t.trim().is_empty()) {
        return Err(IngestError::NoTitle);
    }
    // A split batch is looked at page by page before anything is stored; a scanned batch (one
    // file per page) is one document unless it is split.
    let mut rejected: Vec<(String, String)> = found
        .rejected
        .iter()
        .map(|r| (r.path.display().to_string(), r.reason.clone()))
        .collect();
    let split_plan = if request.split.active() || request.scan.is_some() {
        let plan = split_batch(
            found.inputs.iter().map(|i| i.path.clone()).collect(),
            request.split,
            settings.limits,
            early,
            &mut rejected,
        );
        if plan.documents.is_empty() && rejected.is_empty() {
            return Err(IngestError::NothingLeft);
        }
        Some(plan)
    } else {
        None
    };
    let record_id = match &request.record_id {
        Some(id) => lib.record(id)?.id,
        None => {
            let title = request.title.clone().ok_or(IngestError::NoTitle)?;
            let aktenzeichen = request.aktenzeichen.clone().or_else(|| {
                split_plan
                    .as_ref()
                    .and_then(|p| p.first_aktenzeichen().map(str::to_string))
            });
            lib.create_record(&NewRecord {
                title,
                aktenzeichen,
                ..Default::default()
            })?
            .id
        }
    };
    let mut paths: Vec<String> = match &split_plan {
        // One job item per planned document, named by the file of its first page.
        Some(plan) => plan
            .documents
            .iter()
            .map(|d| {
                d.pages
                    .first()
                    .map(|p| p.path.display().to_string())
                    .unwrap_or_default()
            })
            .collect(),
        None => found
            .inputs
            .iter()
            .map(|i| i.path.display().to_string())
            .collect(),
    };
    let first_rejected = paths.len();
    paths.extend(rejected.iter().map(|(p, _)| p.clone()));
    let spec = JobSpec {
        request: request.clone(),
        split_plan,
        started_by: Some(aktenscan_store::actor()),
    };
    let spec = serde_json::to_string(&spec).map_err(StoreError::from)?;
    let job = lib.create_job("ingest", &record_id, &spec, &paths)?;
    for (i, (_, reason)) in rejected.iter().enumerate() {
        lib.set_item_status(
            &job.id,
            (first_rejected + i) as i64,
            ItemStatus::Failed,
            Some(reason),
        )?;
    }
    Ok(job)
}

/// The looks of a file's pages taken by an early recognition, when it took all of them (`None`
/// when the file must be opened: not seen early, unreadable, or not looked at).
fn early_looks(
    early: &EarlyResults,
    path: &Path,
    options: SplitOptions,
) -> Option<Vec<(PageRef, PageLook)>> {
    let mut out = Vec::new();
    for page_index in 0.. {
        let Some(page) = early.get(&(path.to_path_buf(), page_index)) else {
            break;
        };
        page.result.as_ref().ok()?;
        let look = match (&page.look, options.active()) {
            (Some(look), _) => look.clone(),
            (None, false) => PageLook {
                ink: 1.0,
                barcode: None,
            },
            (None, true) => return None,
        };
        out.push((
            PageRef {
                path: path.to_path_buf(),
                page_index,
            },
            look,
        ));
    }
    (!out.is_empty()).then_some(out)
}

/// Looks at every page of the batch (ink, barcode) and splits it into documents. A file that
/// cannot be opened, or a page that cannot be decoded, is rejected with its reason.
fn split_batch(
    inputs: Vec<PathBuf>,
    options: SplitOptions,
    limits: Limits,
    early: &EarlyResults,
    rejected: &mut Vec<(String, String)>,
) -> Plan {
    let mut pages: Vec<(PageRef, PageLook)> = Vec::new();
    for path in inputs {
        if let Some(looked) = early_looks(early, &path, options) {
            pages.extend(looked);
            continue;
        }
        let source = match open_source(&path, limits) {
            Ok((_, source)) => source,
            Err(error) => {
                rejected.push((path.display().to_string(), error));
                continue;
            }
        };
        let mut looked = Vec::new();
        let mut failed = None;
        for page_index in 0..source.page_count() {
            // An unsplit scanned batch needs no look at its pages: they all go into one document.
            let look = if !options.active() {
                Ok(PageLook {
                    ink: 1.0,
                    barcode: None,
                })
            } else {
                source
                    .page(page_index)
                    .map_err(|e| e.to_string())
                    .and_then(|p| aktenscan_split::look(&p.image).map_err(|e| e.to_string()))
            };
            match look {
                Ok(look) => looked.push((
                    PageRef {
                        path: path.clone(),
                        page_index,
                    },
                    look,
                )),
                Err(e) => {
                    failed = Some(format!("page {}: {e}", page_index + 1));
                    break;
                }
            }
        }
        match failed {
            Some(error) => rejected.push((path.display().to_string(), error)),
            None => pages.extend(looked),
        }
    }
    aktenscan_split::plan(pages, options)
}

/// One page to recognise.
struct Task {
    position: i64,
    document_id: String,
    path: PathBuf,
    /// Page in the source file (0-based).
    page_index: usize,
    /// Page number in the document (1-based).
    page_no: usize,
}

/// A recognised page on its way to the store.
pub(crate) struct Recognised {
    stored: StoredImage,
    width: u32,
    height: u32,
    dpi: (f32, f32),
    origin: String,
    pub(crate) text: PageText,
    pub(crate) facts: OcrFacts,
}

struct Outcome {
    task: Task,
    result: Result<Recognised, String>,
}

/// A document of this run: how many pages it has and how many are stored.
struct Pending {
    position: i64,
    path: PathBuf,
    page_count: usize,
    stored: usize,
    failed: bool,
}

fn run_job(
    lib: &mut Library,
    index: &SearchIndex,
    job: &Job,
    settings: &Settings,
    progress: &mut dyn Progress,
    cancel: &AtomicBool,
    early: &mut EarlyResults,
) -> Result<IngestReport, IngestError> {
    lib.clean_tmp();
    let record = lib.record(&job.record_id)?;
    let mut report = IngestReport {
        record_id: record.id.clone(),
        job_id: job.id.clone(),
        documents: Vec::new(),
        failed: Vec::new(),
        pages_processed: 0,
        cancelled: false,
        split: None,
    };
    let job_spec = JobSpec::parse(&job.spec);
    let request_is_scan = job_spec.as_ref().is_some_and(|s| s.request.scan.is_some());
    let split_plan = job_spec.and_then(|s| s.split_plan);
    if let Some(plan) = &split_plan {
        report.split = Some(SplitReport {
            separators: plan.separators.clone(),
            dropped_blank: plan.dropped_blank.clone(),
        });
    }
    let font = aktenscan_pdfa::read_tessdata_font(&settings.ocr.tessdata)?;
    let mut docs: std::collections::BTreeMap<String, Pending> = Default::default();
    let mut tasks = Vec::new();

    for item in lib.job_items(&job.id)? {
        let path = PathBuf::from(&item.path);
        match item.status {
            ItemStatus::Failed => {
                report.failed.push(Failure {
                    path: path.clone(),
                    error: item.error.clone().unwrap_or_default(),
                });
                progress.event(&Event::Failed {
                    path,
                    error: item.error.unwrap_or_default(),
                });
                continue;
            }
            ItemStatus::Done => {
                if let Some(id) = &item.document_id {
                    let doc = lib.document(id)?;
                    report.documents.push(DocumentReport {
                        id: doc.id,
                        source: path,
                        pages: doc.page_count as usize,
                    });
                }
                continue;
            }
            ItemStatus::Pending => {}
        }
        // The document's pages: a planned share of the batch, or every page of the file.
        let planned = split_plan
            .as_ref()
            .and_then(|p| p.documents.get(item.position as usize));
        let opened = open_source(&path, settings.limits).and_then(|(bytes, source)| {
            let pages: Vec<(PathBuf, usize)> = match planned {
                Some(doc) => doc
                    .pages
                    .iter()
                    .map(|p| (p.path.clone(), p.page_index))
                    .collect(),
                None => (0..source.page_count())
                    .map(|i| (path.clone(), i))
                    .collect(),
            };
            if pages.is_empty() {
                Err("the file has no pages".to_string())
            } else {
                Ok((bytes, pages))
            }
        });
        let (bytes, page_refs) = match opened {
            Ok(x) => x,
            Err(error) => {
                lib.set_item_status(&job.id, item.position, ItemStatus::Failed, Some(&error))?;
                progress.event(&Event::Failed {
                    path: path.clone(),
                    error: error.clone(),
                });
                report.failed.push(Failure { path, error });
                continue;
            }
        };
        let document_id = match &item.document_id {
            Some(id) => id.clone(),
            None => {
                let ext = path
                    .extension()
                    .map(|e| e.to_string_lossy().to_ascii_lowercase())
                    .unwrap_or_else(|| "bin".into());
                let original = lib.put_file(&bytes, &ext)?;
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let stem = if request_is_scan {
                    "Scan".to_string()
                } else {
                    stem
                };
                let title = match planned {
                    Some(doc) => {
                        let n = item.position + 1;
                        match &doc.aktenzeichen {
                            Some(az) => format!("{stem}, Dokument {n} (Az. {az})"),
                            None => format!("{stem}, Dokument {n}"),
                        }
                    }
                    None => stem,
                };
                let position = lib
                    .documents(&record.id)?
                    .iter()
                    .map(|d| d.position)
                    .max()
                    .unwrap_or(0)
                    + 1;
                let doc = lib.add_document(
                    &record.id,
                    position,
                    &title,
                    &item.path,
                    &original,
                    page_refs.len() as i64,
                )?;
                lib.set_item_document(&job.id, item.position, &doc.id)?;
                doc.id
            }
        };
        drop(bytes);
        let stored = lib.stored_page_numbers(&document_id)?;
        let page_count = page_refs.len();
        for (n, (source_path, page_index)) in page_refs.into_iter().enumerate() {
            if !stored.contains(&(n as i64 + 1)) {
                tasks.push(Task {
                    position: item.position,
                    document_id: document_id.clone(),
                    path: source_path,
                    page_index,
                    page_no: n + 1,
                });
            }
        }
        docs.insert(
            document_id,
            Pending {
                position: item.position,
                path,
                page_count,
                stored: stored.len(),
                failed: false,
            },
        );
    }

    progress.event(&Event::Planned {
        pages: tasks.len(),
        documents: docs.len(),
    });

    // Documents whose pages were all stored by an earlier run only miss their PDF/A.
    let ready: Vec<String> = docs
        .iter()
        .filter(|(_, d)| d.stored == d.page_count)
        .map(|(id, _)| id.clone())
        .collect();
    for id in ready {
        finish_document(
            lib,
            job,
            &id,
            &mut docs,
            &font,
            index,
            &mut report,
            progress,
        )?;
    }
    let mut done = 0usize;
    let mut take = |lib: &mut Library, outcome: Outcome| -> Result<(), IngestError> {
        let Outcome { task, result } = outcome;
        let page_no = task.page_no;
        match result {
            Ok(page) => {
                store_page(lib, &task, page)?;
                done += 1;
                report.pages_processed += 1;
                progress.event(&Event::PageDone {
                    document_id: task.document_id.clone(),
                    source: task.path.clone(),
                    page: page_no,
                    pages_done: done,
                });
                let complete = docs.get_mut(&task.document_id).is_some_and(|d| {
                    d.stored += 1;
                    d.stored == d.page_count && !d.failed
                });
                if complete {
                    finish_document(
                        lib,
                        job,
                        &task.document_id,
                        &mut docs,
                        &font,
                        index,
                        &mut report,
                        progress,
                    )?;
                }
            }
            Err(error) => {
                let error = format!("page {page_no}: {error}");
                if let Some(d) = docs.get_mut(&task.document_id) {
                    d.failed = true;
                }
                lib.set_item_status(&job.id, task.position, ItemStatus::Failed, Some(&error))?;
                progress.event(&Event::Failed {
                    path: task.path.clone(),
                    error: error.clone(),
                });
                report.failed.push(Failure {
                    path: task.path,
                    error,
                });
            }
        }
        Ok(())
    };

    // Pages recognised early (while a scanner's feeder ran) are stored as they are.
    let mut rest = Vec::new();
    for task in tasks {
        match early.remove(&(task.path.clone(), task.page_index)) {
            Some(page) => take(
                lib,
                Outcome {
                    task,
                    result: page.result,
                },
            )?,
            None => rest.push(task),
        }
    }
    let tasks = rest;

    let workers = settings.jobs.clamp(1, 64).min(tasks.len());
    let (task_tx, task_rx) = mpsc::channel::<Task>();
    for t in tasks {
        let _ = task_tx.send(t);
    }
    drop(task_tx);
    let task_rx = Mutex::new(task_rx);
    let (out_tx, out_rx) =
        mpsc::sync_channel::<Result<Outcome, aktenscan_ocr::OcrError>>(workers.max(1) * 2);

    std::thread::scope(|scope| -> Result<(), IngestError> {
        for _ in 0..workers {
            let out_tx = out_tx.clone();
            let task_rx = &task_rx;
            let ocr = settings.ocr.clone();
            let limits = settings.limits;
            scope.spawn(move || worker(ocr, limits, task_rx, out_tx, cancel));
        }
        drop(out_tx);
        for outcome in out_rx {
            take(lib, outcome?)?;
        }
        Ok(())
    })?;
    report.cancelled = cancel.load(Ordering::Relaxed);
    let open = lib
        .job_items(&job.id)?
        .iter()
        .any(|i| i.status == ItemStatus::Pending);
    if !open {
        lib.finish_job(&job.id)?;
    }
    report.documents.sort_by_key(|d| d.source.clone());
    report
        .documents
        .sort_by_key(|d| docs_position(&docs, &d.id));
    Ok(report)
}

fn docs_position(docs: &std::collections::BTreeMap<String, Pending>, id: &str) -> i64 {
    docs.get(id).map(|d| d.position).unwrap_or(-1)
}

/// Indexes a document's pages (one commit per document, so the index never lags behind a
/// document marked done; first, so a scanned batch is searchable before its PDF/A is written),
/// builds its PDF/A and marks its job item done.
#[allow(clippy::too_many_arguments)]
fn finish_document(
    lib: &mut Library,
    job: &Job,
    document_id: &str,
    docs: &mut std::collections::BTreeMap<String, Pending>,
    font: &[u8],
    index: &SearchIndex,
    report: &mut IngestReport,
    progress: &mut dyn Progress,
) -> Result<(), IngestError> {
    let Some(doc) = docs.get(document_id) else {
        return Ok(());
    };
    // The writer's turn lasts for this document only; its merges end with it (a writer
    // dropped while merging would throw the merge away).
    let mut indexer = index.indexer()?;
    indexer.add_document(lib, document_id)?;
    indexer.finish()?;
    progress.event(&Event::Searchable {
        document_id: document_id.to_string(),
        source: doc.path.clone(),
    });
    // A crash between completing the document and marking the job item leaves it complete.
    if lib.document(document_id)?.status != aktenscan_model::DocumentStatus::Complete {
        archive::build_pdfa(lib, document_id, font)?;
    }
    lib.set_item_status(&job.id, doc.position, ItemStatus::Done, None)?;
    report.documents.push(DocumentReport {
        id: document_id.to_string(),
        source: doc.path.clone(),
        pages: doc.page_count,
    });
    progress.event(&Event::DocumentDone {
        document_id: document_id.to_string(),
        source: doc.path.clone(),
    });
    Ok(())
}

/// Whether a file can be taken as input: its page count, or the reason in words (the same check
/// an ingest makes, without touching the library).
pub fn check_input(path: &Path, limits: Limits) -> Result<usize, String> {
    let found = discover(&[path.to_path_buf()]);
    if let Some(r) = found.rejected.first() {
        return Err(r.reason.clone());
    }
    if found.inputs.is_empty() {
        return Err("not an image or PDF (content is neither TIFF, PNG, JPEG nor PDF)".into());
    }
    let (_, source) = open_source(path, limits)?;
    match source.page_count() {
        0 => Err("the file has no pages".into()),
        n => Ok(n),
    }
}

/// Reads and opens an input, with a clerk-readable reason when it cannot be taken.
pub(crate) fn open_source(
    path: &Path,
    limits: Limits,
) -> Result<(Vec<u8>, SourceDocument), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot be read: {e}"))?;
    if bytes.is_empty() {
        return Err("empty file (0 bytes): nothing to import".into());
    }
    let kind = sniff_bytes(&bytes[..bytes.len().min(1024)]).ok_or_else(|| {
        "not an image or PDF (content is neither TIFF, PNG, JPEG nor PDF)".to_string()
    })?;
    let source = SourceDocument::open(bytes.clone(), kind, limits).map_err(|e| e.to_string())?;
    Ok((bytes, source))
}

/// Lowers the calling recognition worker's priority by 10 (nice), to at most 19: on an idle
/// machine it still takes every core it can, but a search desk of the server, or the window
/// of the app, is served first. On Linux the nice value belongs to the thread, and a worker's
/// thread ends with its ingest, so nothing is restored; elsewhere the priority stays.
fn yield_to_others() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: gettid, getpriority and setpriority only read their arguments and act on
        // this thread's scheduling; a failure leaves the priority as it was.
        unsafe {
            let me = libc::gettid() as libc::id_t;
            *libc::__errno_location() = 0;
            let now = libc::getpriority(libc::PRIO_PROCESS, me);
            if *libc::__errno_location() == 0 {
                libc::setpriority(libc::PRIO_PROCESS, me, (now + 10).min(19));
            }
        }
    }
}

fn worker(
    ocr: OcrConfig,
    limits: Limits,
    tasks: &Mutex<mpsc::Receiver<Task>>,
    out: mpsc::SyncSender<Result<Outcome, aktenscan_ocr::OcrError>>,
    cancel: &AtomicBool,
) {
    yield_to_others();
    let mut engine = match Engine::new(ocr) {
        Ok(e) => e,
        Err(e) => {
            let _ = out.send(Err(e));
            return;
        }
    };
    let mut open: Option<(PathBuf, SourceDocument)> = None;
    loop {
        if cancel.load(Ordering::Relaxed) {
            return;
        }
        let task = match tasks.lock() {
            Ok(rx) => match rx.recv() {
                Ok(t) => t,
                Err(_) => return,
            },
            Err(_) => return,
        };
        let result = recognise_task(&mut engine, &mut open, &task, limits);
        if out.send(Ok(Outcome { task, result })).is_err() {
            return;
        }
    }
}

fn recognise_task(
    engine: &mut dyn aktenscan_ocr::Recogniser,
    open: &mut Option<(PathBuf, SourceDocument)>,
    task: &Task,
    limits: Limits,
) -> Result<Recognised, String> {
    if open.as_ref().is_none_or(|(p, _)| p != &task.path) {
        *open = None;
        let (_, source) = open_source(&task.path, limits)?;
        *open = Some((task.path.clone(), source));
    }
    let Some((_, source)) = open.as_ref() else {
        return Err("internal: source not open".into());
    };
    let page = source.page(task.page_index).map_err(|e| e.to_string())?;
    recognise(engine, page)
}

/// Recognises one page (or takes the text layer it has).
pub(crate) fn recognise(
    engine: &mut dyn aktenscan_ocr::Recogniser,
    page: aktenscan_pages::SourcePage,
) -> Result<Recognised, String> {
    recognised_by(page, |page| {
        engine
            .recognize(&page.image, page.dpi, page.rotate_quarters)
            .map_err(|e| e.to_string())
    })
}

/// A page with its text: the text layer it has, else what `recognise` makes of it.
pub(crate) fn recognised_by(
    mut page: aktenscan_pages::SourcePage,
    recognise: impl FnOnce(&aktenscan_pages::SourcePage) -> Result<(PageText, OcrFacts), String>,
) -> Result<Recognised, String> {
    let origin = serde_json::to_value(page.origin)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let (text, facts) = match page.text.take() {
        Some(text) => {
            let facts = OcrFacts {
                source: TextSource::PdfTextLayer,
                orientation: Orientation::from_degrees(page.rotate_quarters as i32 * 90),
                orientation_confidence: None,
                skew_degrees: 0.0,
                script: None,
                mean_confidence: text.mean_confidence(),
                ocr_ms: 0,
            };
            (text, facts)
        }
        None => recognise(&page)?,
    };
    Ok(Recognised {
        stored: page.stored,
        width: page.image.width(),
        height: page.image.height(),
        dpi: page.dpi,
        origin,
        text,
        facts,
    })
}

fn store_page(lib: &mut Library, task: &Task, page: Recognised) -> Result<(), IngestError> {
    let image = lib.put_file(&page.stored.bytes, page.stored.encoding.ext())?;
    let alto = archive::alto_for(&image.path, &page.text, &page.facts)?;
    let alto = lib.put_file(&alto, "alto.xml")?;
    let text_file = lib.put_file(page.text.plain_text().as_bytes(), "txt")?;
    lib.add_page(&NewPage {
        document_id: task.document_id.clone(),
        page_no: task.page_no as i64,
        image,
        width: page.width,
        height: page.height,
        dpi: page.dpi,
        origin: page.origin,
        facts: page.facts,
        alto,
        text_file,
        text: page.text,
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn a_recognition_worker_yields_to_others_and_its_caller_does_not() {
        // SAFETY (both): getpriority only reads its arguments.
        let nice =
            || unsafe { libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t) };
        let before = nice();
        let worker = std::thread::spawn(move || {
            yield_to_others();
            nice()
        })
        .join()
        .expect("the worker ends");
        assert_eq!(worker, (before + 10).min(19));
        assert_eq!(nice(), before, "the calling thread keeps its priority");
    }

    #[test]
    fn a_job_spec_of_an_older_version_still_reads_as_its_request() {
        // What jobs.spec held before splitting and scanning existed.
        let old =
            r#"{"paths":["/eingang/a.tif"],"title":"Akte","aktenzeichen":null,"record_id":null}"#;
        let spec = JobSpec::parse(old).expect("old spec parses");
        assert_eq!(spec.request.paths, [PathBuf::from("/eingang/a.tif")]);
        assert!(!spec.request.split.active());
        assert!(spec.split_plan.is_none());
        // An unsplit request is written as before, so older jobs are found and continued.
        assert_eq!(serde_json::to_string(&spec.request).unwrap(), old);
    }

    fn look(ink: f32, barcode: Option<&str>) -> PageLook {
        PageLook {
            ink,
            barcode: barcode.map(str::to_string),
        }
    }

    #[test]
    fn batch_facts_give_each_document_its_separators_dropped_pages_and_scanner() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let split = SplitOptions {
            separators: true,
            duplex: true,
            blank_ink: 0.0005,
        };
        let page = |i| PageRef {
            path: PathBuf::from("/scans/stapel.tif"),
            page_index: i,
        };
        // cover | doc 0 (back blank) | blank sheet | doc 1 front and back
        let looks = [
            look(0.01, Some("AZ 1/2")),
            look(0.0, None),
            look(0.03, None),
            look(0.0, None),
            look(0.0, None),
            look(0.0, None),
            look(0.03, None),
            look(0.03, None),
        ];
        let plan = aktenscan_split::plan(
            looks
                .into_iter()
                .enumerate()
                .map(|(i, l)| (page(i), l))
                .collect(),
            split,
        );
        let request = IngestRequest {
            paths: vec![PathBuf::from("/scans")],
            title: Some("Stapel".into()),
            split,
            scan: Some(aktenscan_model::ScanProtocol {
                device: "test:0".into(),
                driver: "SANE backend test".into(),
                ..Default::default()
            }),
            ..Default::default()
        };
        let spec = serde_json::to_string(&JobSpec {
            request,
            split_plan: Some(plan),
            started_by: None,
        })
        .unwrap();
        let record = lib
            .create_record(&NewRecord {
                title: "Stapel".into(),
                ..Default::default()
            })
            .unwrap();
        let job = lib
            .create_job("ingest", &record.id, &spec, &["a".into(), "b".into()])
            .unwrap();
        let original = lib.put_file(b"tiff", "tif").unwrap();
        let mut ids = Vec::new();
        for position in 0..2 {
            let doc = lib
                .add_document(
                    &record.id,
                    position + 1,
                    "d",
                    "/scans/stapel.tif",
                    &original,
                    1,
                )
                .unwrap();
            lib.set_item_document(&job.id, position, &doc.id).unwrap();
            ids.push(doc.id);
        }

        let first = batch_facts(&lib, &ids[0]).unwrap().unwrap();
        assert_eq!(first.scan.unwrap().device, "test:0");
        assert_eq!(first.split, Some(split));
        assert_eq!(first.separators.len(), 1);
        assert_eq!(first.separators[0].aktenzeichen.as_deref(), Some("1/2"));
        let dropped: Vec<_> = first
            .dropped_blank
            .iter()
            .map(|d| d.page.page_index)
            .collect();
        assert_eq!(dropped, [3]);
        assert_eq!(first.pages, [page(2)]);

        let second = batch_facts(&lib, &ids[1]).unwrap().unwrap();
        assert_eq!(second.separators[0].kind, "blank");
        assert!(second.dropped_blank.is_empty());
        assert_eq!(second.pages, [page(6), page(7)]);
        assert!(batch_facts(&lib, "no-such-document").unwrap().is_none());
    }

    #[test]
    fn a_split_request_keeps_its_options_and_plan_in_the_spec() {
        let request = IngestRequest {
            paths: vec![PathBuf::from("/eingang/stapel.tif")],
            title: Some("Stapel".into()),
            aktenzeichen: None,
            record_id: None,
            split: SplitOptions {
                separators: true,
                duplex: true,
                blank_ink: 0.0005,
            },
            scan: Some(aktenscan_model::ScanProtocol {
                device: "test:0".into(),
                ..Default::default()
            }),
        };
        let plan = aktenscan_split::plan(Vec::new(), request.split);
        let text = serde_json::to_string(&JobSpec {
            request: request.clone(),
            split_plan: Some(plan.clone()),
            started_by: Some("krause".into()),
        })
        .unwrap();
        let back = JobSpec::parse(&text).unwrap();
        assert_eq!(back.request, request);
        assert_eq!(back.split_plan, Some(plan));
        assert_eq!(back.started_by.as_deref(), Some("krause"));
    }
}
