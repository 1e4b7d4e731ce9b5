//! A watched hot folder, where network scanners drop their files: a file is taken only once it is
//! complete (size and modification time unchanged for the settle interval, and it opens), is
//! handed to its [`Destination`] (ingested into a library folder as a record of its own, or sent
//! to the town hall's server into a record there, [`ServerDestination`]), and only then moved to
//! `verarbeitet/`; a file that cannot be taken goes to `fehler/` with a `.txt` beside it saying
//! why. A server that cannot be reached keeps the file claimed; it is sent again later.
//!
//! Crash safety: a file is first renamed into `in-arbeit/` (under a unique name) and a claim with
//! its ingest request is written beside it; once the destination has stored it, the claim says so
//! before the file is moved on. After a crash, claimed files are finished first: a claim that
//! says it was stored is only moved on; for a library, an unfinished ingest job for the claim is
//! continued (the pipeline stores every page once) and a claim whose documents are already stored
//! is only moved on; anything else is delivered again. Nothing is lost and nothing is taken twice
//! (to a server, a crash between its answer and the claim's note would send the file once more).
//! Events come from `notify`; a periodic rescan catches what a network share never reports.

mod server;
pub use server::ServerDestination;

use aktenscan_pipeline::{IngestError, IngestRequest, JobSpec, Progress, Settings};
use aktenscan_store::Library;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

/// Where a file goes once stored.
pub const DONE_DIR: &str = "verarbeitet";
/// Where a file goes that could not be taken (with `NAME.txt` saying why).
pub const FAILED_DIR: &str = "fehler";
/// Where a file is while it is being ingested (with `NAME.claim.json`).
pub const WORK_DIR: &str = "in-arbeit";
const CLAIM_EXT: &str = ".claim.json";

#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// A file is taken when its size and modification time stayed the same this long.
    pub settle: Duration,
    /// The folder is listed again at least this often (events may not arrive on network shares).
    pub rescan: Duration,
    /// Take what is in the folder, wait until it is complete, then stop.
    pub once: bool,
    /// How each file is split into documents.
    pub split: aktenscan_pipeline::SplitOptions,
    /// Title of the records made (followed by the file name); default: the file name.
    pub title: Option<String>,
    /// Each file a document of this record, instead of a record of its own (a server's
    /// record, where the hot folder sends to a server).
    pub record: Option<String>,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            settle: Duration::from_secs(5),
            rescan: Duration::from_secs(10),
            once: false,
            split: Default::default(),
            title: None,
            record: None,
        }
    }
}

/// What became of one file.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// The file is complete and claimed (moved to `in-arbeit/`); it is being ingested.
    Taken { file: String },
    Stored {
        file: String,
        moved_to: PathBuf,
        record_id: String,
        documents: usize,
        pages: usize,
    },
    Failed {
        file: String,
        moved_to: PathBuf,
        reason: String,
    },
    /// Something worth telling that is not about one file (e.g. events unavailable).
    Note { message: String },
}

#[derive(Debug, thiserror::Error)]
pub enum HotFolderError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Ingest(#[from] IngestError),
    #[error("{0}")]
    Store(#[from] aktenscan_store::StoreError),
    /// The destination will take no file now (a refused sign-in, a right lost).
    #[error("{0}")]
    Destination(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> HotFolderError + '_ {
    move |source| HotFolderError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A claimed file's ingest request, written beside it in `in-arbeit/`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claim {
    /// The file's name in the hot folder.
    pub original_name: String,
    taken_at: String,
    /// How a library ingests it (its title; the record for a server).
    pub request: IngestRequest,
    /// Set once the destination has stored it (before the file is moved on).
    #[serde(default)]
    stored: Option<Stored>,
}

/// Where a file was stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stored {
    pub record_id: String,
    pub documents: usize,
    pub pages: usize,
}

/// What became of a claimed file at its destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Stored(Stored),
    /// Not taken, with the reason: the file goes to `fehler/`.
    Refused(String),
    /// Stopped on request: the file stays claimed, and the next start continues it.
    Cancelled,
    /// The destination cannot take it now (a server that does not answer): the file stays
    /// claimed and is delivered again later.
    Later(String),
}

/// Where the files of a hot folder go.
pub trait Destination {
    /// Stores the claimed file `file` as `claim` says. An `Err` is about the destination, not
    /// the file: the watch stops, and the file stays claimed.
    fn deliver(
        &mut self,
        file: &Path,
        claim: &Claim,
        progress: &mut dyn Progress,
        stop: &AtomicBool,
    ) -> Result<Delivery, HotFolderError>;

    /// After a crash: where a claimed file was already stored, when that is known without
    /// delivering it again.
    fn stored_before(
        &mut self,
        file: &Path,
        claim: &Claim,
    ) -> Result<Option<Stored>, HotFolderError>;
}

/// A library folder on this machine: each file is ingested (recognised here) as a record of
/// its own.
pub struct LibraryDestination<'a> {
    pub lib: &'a mut Library,
    /// The library's search index, which each stored document enters.
    pub index: &'a aktenscan_index::SearchIndex,
    pub settings: &'a Settings,
}

impl Destination for LibraryDestination<'_> {
    fn deliver(
        &mut self,
        file: &Path,
        claim: &Claim,
        progress: &mut dyn Progress,
        stop: &AtomicBool,
    ) -> Result<Delivery, HotFolderError> {
        // A file that cannot be opened goes to fehler/ without leaving an empty record behind.
        if let Err(reason) = aktenscan_pipeline::check_input(file, self.settings.limits) {
            return Ok(Delivery::Refused(reason));
        }
        let result = aktenscan_pipeline::ingest(
            self.lib,
            self.index,
            &claim.request,
            self.settings,
            progress,
            stop,
        );
        Ok(match result {
            Ok(r) if r.cancelled => Delivery::Cancelled,
            Ok(r) if r.failed.is_empty() => Delivery::Stored(Stored {
                record_id: r.record_id.clone(),
                documents: r.documents.len(),
                pages: r.documents.iter().map(|d| d.pages).sum(),
            }),
            Ok(r) => {
                let mut why: Vec<String> = r.failed.iter().map(|f| f.error.clone()).collect();
                if !r.documents.is_empty() {
                    why.push(format!(
                        "{} Dokument(e) davon sind in der Akte {} gespeichert",
                        r.documents.len(),
                        r.record_id
                    ));
                }
                Delivery::Refused(why.join("\n"))
            }
            Err(
                e
                @ (IngestError::NothingFound(_) | IngestError::NothingLeft | IngestError::NoTitle),
            ) => Delivery::Refused(e.to_string()),
            Err(e) => return Err(e.into()), // the library, not the file: stop, keep the claim
        })
    }

    fn stored_before(
        &mut self,
        file: &Path,
        claim: &Claim,
    ) -> Result<Option<Stored>, HotFolderError> {
        let unfinished = self.lib.unfinished_jobs()?.into_iter().any(|j| {
            j.kind == "ingest"
                && JobSpec::parse(&j.spec).is_some_and(|s| s.request == claim.request)
        });
        if unfinished {
            return Ok(None); // delivering it again continues the job
        }
        stored_from(self.lib, file)
    }
}

/// Watches `dir` until `stop` is set (or, with `once`, until the folder is empty), handing each
/// complete file to `dest`. Files the destination could not take yet stay claimed and are
/// delivered again at each rescan (with `once`, at the next start); true when some are left so
/// when the watch ends.
pub fn watch(
    dest: &mut dyn Destination,
    dir: &Path,
    options: &WatchOptions,
    progress: &mut dyn Progress,
    report: &mut dyn FnMut(&Outcome),
    stop: &AtomicBool,
) -> Result<bool, HotFolderError> {
    let dir = std::path::absolute(dir).map_err(io(dir))?;
    for sub in [DONE_DIR, FAILED_DIR, WORK_DIR] {
        std::fs::create_dir_all(dir.join(sub)).map_err(io(&dir.join(sub)))?;
    }
    let mut waiting = recover(dest, &dir, options, progress, report, stop)?;
    let mut retried = Instant::now();

    let (tx, rx) = std::sync::mpsc::channel();
    let watcher = notify::recommended_watcher(tx).and_then(|mut w| {
        use notify::Watcher;
        w.watch(&dir, notify::RecursiveMode::NonRecursive)?;
        Ok(w)
    });
    let _watcher = match watcher {
        Ok(w) => Some(w),
        Err(e) => {
            report(&Outcome::Note {
                message: format!(
                    "no change events for {} ({e}); the folder is listed every {} s",
                    dir.display(),
                    options.rescan.as_secs_f32()
                ),
            });
            None
        }
    };

    let mut seen: HashMap<PathBuf, (u64, Option<SystemTime>, Instant)> = HashMap::new();
    while !stop.load(Ordering::Relaxed) {
        let candidates = candidates(&dir)?;
        seen.retain(|p, _| candidates.contains(p));
        let mut ready = Vec::new();
        for path in &candidates {
            let Ok(meta) = std::fs::metadata(path) else {
                continue;
            };
            let state = (meta.len(), meta.modified().ok());
            match seen.get(path) {
                Some((len, modified, since))
                    if (*len, *modified) == state && since.elapsed() >= options.settle =>
                {
                    if std::fs::File::open(path).is_ok() {
                        ready.push(path.clone());
                    }
                }
                Some((len, modified, _)) if (*len, *modified) == state => {}
                _ => {
                    seen.insert(path.clone(), (state.0, state.1, Instant::now()));
                }
            }
        }
        if waiting && !options.once && retried.elapsed() >= options.rescan {
            waiting = recover(dest, &dir, options, progress, report, stop)?;
            retried = Instant::now();
        }
        for path in ready {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            seen.remove(&path);
            waiting |= take(dest, &dir, &path, options, progress, report, stop)?;
        }
        if options.once && candidates.is_empty() {
            break;
        }
        // Sleep until an event, the next stability check or the next rescan.
        let wait = if seen.is_empty() {
            options.rescan
        } else {
            (options.settle / 4).clamp(Duration::from_millis(50), options.rescan)
        };
        let deadline = Instant::now() + wait;
        while !stop.load(Ordering::Relaxed) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            match rx.recv_timeout(left.min(Duration::from_millis(200))) {
                Ok(_) => {
                    while rx.try_recv().is_ok() {}
                    break;
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    std::thread::sleep(left.min(Duration::from_millis(200)))
                }
            }
        }
    }
    Ok(waiting)
}

/// Files in the folder that may be scans (not hidden, not half-written temp names).
fn candidates(dir: &Path) -> Result<Vec<PathBuf>, HotFolderError> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let Ok(entry) = entry else { continue };
        let name = entry.file_name().to_string_lossy().into_owned();
        let lower = name.to_lowercase();
        if name.starts_with('.')
            || name.ends_with('~')
            || [".part", ".tmp", ".crdownload", ".partial"]
                .iter()
                .any(|e| lower.ends_with(e))
        {
            continue;
        }
        let path = entry.path();
        if std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// Claims a complete file (rename into `in-arbeit/`, then its claim) and delivers it; true when
/// it stays claimed for later.
fn take(
    dest: &mut dyn Destination,
    dir: &Path,
    path: &Path,
    options: &WatchOptions,
    progress: &mut dyn Progress,
    report: &mut dyn FnMut(&Outcome),
    stop: &AtomicBool,
) -> Result<bool, HotFolderError> {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Ok(false);
    };
    let id = uuid::Uuid::new_v4().simple().to_string();
    let work = dir.join(WORK_DIR);
    let claimed = work.join(format!("{}-{name}", &id[..12]));
    std::fs::rename(path, &claimed).map_err(io(path))?;
    sync_dir(&work);
    sync_dir(dir);
    let claim = new_claim(&name, &claimed, options);
    write_atomic(
        &claim_path(&claimed),
        &serde_json::to_vec_pretty(&claim).unwrap_or_default(),
    )?;
    report(&Outcome::Taken { file: name.clone() });
    finish_claim(dest, dir, &claimed, &claim, progress, report, stop)
}

fn new_claim(name: &str, claimed: &Path, options: &WatchOptions) -> Claim {
    let stem = Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_string());
    Claim {
        original_name: name.to_string(),
        taken_at: now(),
        request: IngestRequest {
            paths: vec![claimed.to_path_buf()],
            title: Some(match &options.title {
                Some(t) => format!("{t}: {stem}"),
                None => stem,
            }),
            aktenzeichen: None,
            record_id: options.record.clone(),
            split: options.split,
            scan: None,
        },
        stored: None,
    }
}

/// Finishes what is left in `in-arbeit/` (by a crash, or for a destination that could not take
/// it yet); true when something stays there for later.
fn recover(
    dest: &mut dyn Destination,
    dir: &Path,
    options: &WatchOptions,
    progress: &mut dyn Progress,
    report: &mut dyn FnMut(&Outcome),
    stop: &AtomicBool,
) -> Result<bool, HotFolderError> {
    let work = dir.join(WORK_DIR);
    let mut files = Vec::new();
    let mut claims = Vec::new();
    for entry in std::fs::read_dir(&work).map_err(io(&work))? {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        let name = path.to_string_lossy();
        if name.ends_with(CLAIM_EXT) {
            claims.push(path);
        } else if name.ends_with(".tmp") {
            // A claim half written when the watcher stopped (`write_atomic`): no scan.
            let _ = std::fs::remove_file(&path);
        } else if path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    let mut waiting = false;
    // A claim without its file: the file was moved on before the claim was removed.
    for c in claims {
        let file = PathBuf::from(c.to_string_lossy().trim_end_matches(CLAIM_EXT));
        if !files.contains(&file) {
            let _ = std::fs::remove_file(&c);
        }
    }
    for claimed in files {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let claim = std::fs::read(claim_path(&claimed))
            .ok()
            .and_then(|b| serde_json::from_slice::<Claim>(&b).ok());
        let claim = match claim {
            Some(c) => c,
            None => {
                // Renamed, but the claim was not written yet: nothing was ingested.
                let name = claimed
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let original = name.get(13..).unwrap_or(&name).to_string();
                let c = new_claim(&original, &claimed, options);
                write_atomic(
                    &claim_path(&claimed),
                    &serde_json::to_vec_pretty(&c).unwrap_or_default(),
                )?;
                c
            }
        };
        let before = match claim.stored.clone() {
            Some(stored) => Some(stored),
            None => dest.stored_before(&claimed, &claim)?,
        };
        if let Some(stored) = before {
            done(dir, &claimed, &claim, stored, report)?;
            continue;
        }
        if finish_claim(dest, dir, &claimed, &claim, progress, report, stop)? {
            // The destination cannot take files now: the rest wait for the next round too.
            waiting = true;
            break;
        }
    }
    Ok(waiting)
}

/// Moves a stored file to `verarbeitet/` and drops its claim.
fn done(
    dir: &Path,
    claimed: &Path,
    claim: &Claim,
    stored: Stored,
    report: &mut dyn FnMut(&Outcome),
) -> Result<(), HotFolderError> {
    let moved_to = move_unique(claimed, &dir.join(DONE_DIR), &claim.original_name)?;
    let _ = std::fs::remove_file(claim_path(claimed));
    report(&Outcome::Stored {
        file: claim.original_name.clone(),
        moved_to,
        record_id: stored.record_id,
        documents: stored.documents,
        pages: stored.pages,
    });
    Ok(())
}

/// The record, documents and pages already stored from a claimed file, if any.
fn stored_from(lib: &Library, claimed: &Path) -> Result<Option<Stored>, HotFolderError> {
    let source = claimed.display().to_string();
    for record in lib.records()? {
        let docs: Vec<_> = lib
            .documents(&record.id)?
            .into_iter()
            .filter(|d| d.source_path == source)
            .collect();
        if !docs.is_empty() {
            let pages = docs.iter().map(|d| d.page_count as usize).sum();
            return Ok(Some(Stored {
                record_id: record.id,
                documents: docs.len(),
                pages,
            }));
        }
    }
    Ok(None)
}

/// Delivers a claimed file and moves it on: stored → `verarbeitet/`, not taken → `fehler/`;
/// true when it stays claimed for later.
fn finish_claim(
    dest: &mut dyn Destination,
    dir: &Path,
    claimed: &Path,
    claim: &Claim,
    progress: &mut dyn Progress,
    report: &mut dyn FnMut(&Outcome),
    stop: &AtomicBool,
) -> Result<bool, HotFolderError> {
    let failure = match dest.deliver(claimed, claim, progress, stop)? {
        Delivery::Cancelled => return Ok(false), // stays claimed; the next start continues it
        Delivery::Later(reason) => {
            report(&Outcome::Note {
                message: format!(
                    "{}: bleibt in {WORK_DIR}/ und wird erneut gesendet: {reason}",
                    claim.original_name
                ),
            });
            return Ok(true);
        }
        Delivery::Stored(stored) => {
            // The claim says so first: a crash before the move does not deliver it twice.
            let noted = Claim {
                stored: Some(stored.clone()),
                ..claim.clone()
            };
            write_atomic(
                &claim_path(claimed),
                &serde_json::to_vec_pretty(&noted).unwrap_or_default(),
            )?;
            done(dir, claimed, claim, stored, report)?;
            return Ok(false);
        }
        Delivery::Refused(reason) => reason,
    };
    let failed_dir = dir.join(FAILED_DIR);
    let moved_to = unique_target(&failed_dir, &claim.original_name);
    let note = format!(
        "{}\nnicht übernommen ({}):\n{failure}\n",
        claim.original_name,
        now()
    );
    let txt = PathBuf::from(format!("{}.txt", moved_to.display()));
    write_atomic(&txt, note.as_bytes())?;
    std::fs::rename(claimed, &moved_to).map_err(io(claimed))?;
    sync_dir(&failed_dir);
    let _ = std::fs::remove_file(claim_path(claimed));
    report(&Outcome::Failed {
        file: claim.original_name.clone(),
        moved_to,
        reason: failure,
    });
    Ok(false)
}

fn claim_path(claimed: &Path) -> PathBuf {
    PathBuf::from(format!("{}{CLAIM_EXT}", claimed.display()))
}

/// `dir/name`, or `dir/stem (2).ext` … when that exists.
fn unique_target(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() && !PathBuf::from(format!("{}.txt", first.display())).exists() {
        return first;
    }
    let p = Path::new(name);
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = p
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    (2..)
        .map(|n| dir.join(format!("{stem} ({n}){ext}")))
        .find(|c| !c.exists())
        .unwrap_or(first)
}

fn move_unique(from: &Path, dir: &Path, name: &str) -> Result<PathBuf, HotFolderError> {
    let to = unique_target(dir, name);
    std::fs::rename(from, &to).map_err(io(from))?;
    sync_dir(dir);
    Ok(to)
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), HotFolderError> {
    let tmp = PathBuf::from(format!("{}.tmp", path.display()));
    let mut f = std::fs::File::create(&tmp).map_err(io(&tmp))?;
    f.write_all(bytes).map_err(io(&tmp))?;
    f.sync_all().map_err(io(&tmp))?;
    drop(f);
    std::fs::rename(&tmp, path).map_err(io(path))?;
    if let Some(parent) = path.parent() {
        sync_dir(parent);
    }
    Ok(())
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_and_hidden_files_are_not_candidates() {
        let dir = tempfile::tempdir().unwrap();
        for n in [
            "scan1.pdf",
            ".scan2.pdf",
            "scan3.pdf.part",
            "scan4.tmp",
            "scan5.tif",
        ] {
            std::fs::write(dir.path().join(n), b"x").unwrap();
        }
        std::fs::create_dir(dir.path().join("verarbeitet")).unwrap();
        let names: Vec<_> = candidates(dir.path())
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["scan1.pdf", "scan5.tif"]);
    }

    /// A destination that answers from a list and counts what it was given.
    struct Answers(Vec<Delivery>, usize);

    impl Destination for Answers {
        fn deliver(
            &mut self,
            _: &Path,
            _: &Claim,
            _: &mut dyn Progress,
            _: &AtomicBool,
        ) -> Result<Delivery, HotFolderError> {
            self.1 += 1;
            Ok(self.0.remove(0))
        }
        fn stored_before(&mut self, _: &Path, _: &Claim) -> Result<Option<Stored>, HotFolderError> {
            Ok(None)
        }
    }

    /// The folder taken once, as `watch --once`; whether files wait.
    fn watch_once(dest: &mut Answers, dir: &Path, report: &mut dyn FnMut(&Outcome)) -> bool {
        let stop = AtomicBool::new(false);
        let mut progress = |_: &aktenscan_pipeline::Event| {};
        watch(dest, dir, &once(), &mut progress, report, &stop).unwrap()
    }

    fn once() -> WatchOptions {
        WatchOptions {
            settle: Duration::ZERO,
            rescan: Duration::from_millis(50),
            once: true,
            ..Default::default()
        }
    }

    #[test]
    fn a_file_the_destination_cannot_take_yet_stays_claimed_and_is_delivered_at_the_next_start() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("scan.pdf"), b"%PDF").unwrap();
        let stored = Stored {
            record_id: "akte".into(),
            documents: 1,
            pages: 2,
        };
        let mut outcomes = Vec::new();
        let mut dest = Answers(
            vec![Delivery::Later("der Server antwortet nicht".into())],
            0,
        );
        let waiting = watch_once(&mut dest, dir.path(), &mut |o| {
            outcomes.push(format!("{o:?}"))
        });
        assert!(waiting, "the watch ends saying that a file waits");
        let claimed: Vec<_> = std::fs::read_dir(dir.path().join(WORK_DIR))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            claimed.len(),
            2,
            "the file and its claim wait in in-arbeit/"
        );
        assert!(
            outcomes.iter().any(|o| o.contains("erneut gesendet")),
            "{outcomes:?}"
        );

        let mut dest = Answers(vec![Delivery::Stored(stored.clone())], 0);
        let waiting = watch_once(&mut dest, dir.path(), &mut |_| {});
        assert_eq!(dest.1, 1);
        assert!(!waiting);
        assert!(dir.path().join(DONE_DIR).join("scan.pdf").exists());
        assert_eq!(
            std::fs::read_dir(dir.path().join(WORK_DIR))
                .unwrap()
                .count(),
            0
        );
    }

    #[test]
    fn a_claim_that_says_it_was_stored_is_moved_on_without_delivering_it_again() {
        let dir = tempfile::tempdir().unwrap();
        let work = dir.path().join(WORK_DIR);
        std::fs::create_dir_all(&work).unwrap();
        // A crash after the destination stored it and the claim said so, before the move.
        let claimed = work.join("0123456789ab-scan.pdf");
        std::fs::write(&claimed, b"%PDF").unwrap();
        let mut claim = new_claim("scan.pdf", &claimed, &once());
        claim.stored = Some(Stored {
            record_id: "akte".into(),
            documents: 1,
            pages: 2,
        });
        write_atomic(&claim_path(&claimed), &serde_json::to_vec(&claim).unwrap()).unwrap();
        let mut dest = Answers(Vec::new(), 0);
        watch_once(&mut dest, dir.path(), &mut |_| {});
        assert_eq!(dest.1, 0, "not delivered a second time");
        assert!(dir.path().join(DONE_DIR).join("scan.pdf").exists());
    }

    #[test]
    fn a_second_file_of_the_same_name_does_not_overwrite_the_first() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("scan.pdf"), b"first").unwrap();
        let t = unique_target(dir.path(), "scan.pdf");
        assert_eq!(t, dir.path().join("scan (2).pdf"));
    }
}
