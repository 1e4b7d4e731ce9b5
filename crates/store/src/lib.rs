//! The library on disk: SQLite metadata (WAL), content-addressed files written atomically,
//! persisted ingest jobs and a hash-chained, append-only audit log.
//!
//! Layout of a library folder `L`:
//! - `L/aktenscan.sqlite` (+ `-wal`, `-shm`): records, documents, pages, jobs, audit log;
//! - `L/files/ab/cd/<sha256>.<ext>`: every stored file, named by the SHA-256 of its bytes;
//! - `L/tmp/`: files being written (a temp file is fsynced, then renamed into `files/`).

mod accounts;
mod aktenplan;
mod audit;
mod files;
mod jobs;
mod pages_edit;
mod records;
mod schema;

pub use accounts::{acting_as, normal_name, AccountRow};
pub use aktenplan::{Aktenplan, AktenplanEntry, AKTENPLAN_FILE};
pub use audit::{actor, workstation};
pub use audit::{AuditEntry, ChainError};
pub use files::sha256_hex;
pub use files::StoredFile;
pub use jobs::{ItemStatus, Job, JobItem, JobStatus};
pub use pages_edit::{NewDocumentInfo, PageEdit, PageEditOutcome, PageEditPlan, PlannedPage};
pub use records::{
    DocumentRow, FieldChange, NewPage, NewRecord, PageRow, RecordAccess, RecordPatch, RecordRow,
    Resolved, ScanCheck,
};

use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// Errors of the store; each says what failed and where.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("library database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no record or document with id '{0}'")]
    NotFound(String),
    #[error("id prefix '{0}' is ambiguous: give more characters")]
    Ambiguous(String),
    #[error("{path}: stored file is damaged (SHA-256 differs from its name)")]
    Damaged { path: PathBuf },
    #[error("library at {path} was written by a newer Aktenscan (schema {found}, this one knows {known}): update Aktenscan")]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{0}")]
    Invalid(String),
    #[error("invalid stored data: {0}")]
    Json(#[from] serde_json::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An open library. One per process writes; readers may open it concurrently (WAL).
pub struct Library {
    root: PathBuf,
    db: Connection,
    /// The access columns of the records read, while no record has changed
    /// ([`Library::records_access`]); `None` where the triggers that mark a change are
    /// missing ([`schema::records_marked`]): then every check reads the records.
    access_kept: Option<std::cell::RefCell<records::AccessKept>>,
}

/// A timestamp in UTC, RFC 3339.
pub fn now_utc() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

impl Library {
    /// Opens the library at `root`, creating it (and its database) if it does not exist yet.
    pub fn open(root: impl AsRef<Path>) -> Result<Library> {
        let root = root.as_ref().to_path_buf();
        for dir in [root.clone(), root.join("files"), root.join("tmp")] {
            std::fs::create_dir_all(&dir).map_err(|source| StoreError::Io {
                path: dir.clone(),
                source,
            })?;
        }
        let db_path = root.join("aktenscan.sqlite");
        let mut db = Connection::open(&db_path)?;
        db.busy_handler(Some(wait_for_the_write_lock))?;
        // Every write transaction takes the write lock when it begins: another connection (the
        // server's readers logging page views, a second process) then waits its turn, instead of
        // failing with SQLITE_BUSY when its read would have to become a write.
        db.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        // Room for every statement prepared once (`prepare_cached`) and more, above rusqlite's
        // 16, so that a request's statements never push one another out of the cache.
        db.set_prepared_statement_cache_capacity(32);
        db.pragma_update(None, "journal_mode", "WAL")?;
        db.pragma_update(None, "synchronous", "FULL")?;
        db.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&db, &db_path)?;
        let access_kept = schema::records_marked(&db)?.then(Default::default);
        Ok(Library {
            root,
            db,
            access_kept,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Runs `reads` in one read transaction: every row it reads is of the same moment, and
    /// the database's pages it has read once stay cached until it ends. (Each statement on
    /// its own begins a transaction of its own, and drops the connection's cached pages
    /// whenever another connection has written since, as the server's page views do all the
    /// time.) For reading only: a write inside would fail when another connection wrote
    /// meanwhile. Within a transaction already begun, `reads` simply runs in it. A panic in
    /// `reads` ends the transaction too (rolled back), so the connection never stays in it.
    pub fn snapshot<T>(&self, reads: impl FnOnce(&Library) -> T) -> Result<T> {
        if !self.db.is_autocommit() {
            return Ok(reads(self));
        }
        let read = rusqlite::Transaction::new_unchecked(
            &self.db,
            rusqlite::TransactionBehavior::Deferred,
        )?;
        let out = reads(self);
        read.commit()?;
        Ok(out)
    }

    /// Absolute path of a file given by its library-relative path.
    pub fn path_of(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
        move |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// How long a connection waits for another's write to end before giving up with "database is
/// locked".
const WRITE_LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(30);

/// A pause between two tries of a connection waiting for the write lock.
const WRITE_LOCK_PAUSE: std::time::Duration = std::time::Duration::from_micros(250);

/// SQLite's busy handler: tries again every quarter of a millisecond for up to
/// [`WRITE_LOCK_PATIENCE`]. SQLite's own (`busy_timeout`) sleeps in growing steps of up to
/// 100 ms, so a page view logging its audit entry beside a desk's ingest went on sleeping long
/// after the lock was free, and held one of the server's readers meanwhile.
fn wait_for_the_write_lock(tries: i32) -> bool {
    let tries = u32::try_from(tries).unwrap_or(u32::MAX);
    if WRITE_LOCK_PAUSE.saturating_mul(tries) >= WRITE_LOCK_PATIENCE {
        return false;
    }
    std::thread::sleep(WRITE_LOCK_PAUSE);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use aktenscan_model::AuditAction;

    #[test]
    fn a_second_connection_waits_for_a_write_to_end_and_then_writes() {
        let dir = tempfile::tempdir().unwrap();
        let mut first = Library::open(dir.path()).unwrap();
        let mut second = Library::open(dir.path()).unwrap();
        let holding = first.db.transaction().unwrap();
        let view = serde_json::json!({ "ansicht": "bild" });
        let waiting = std::thread::spawn(move || {
            second.audit(AuditAction::PageView, "d/1", &view)?;
            Ok::<_, StoreError>(second)
        });
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert!(!waiting.is_finished(), "wrote while the lock was held");
        holding.commit().unwrap();
        let second = waiting
            .join()
            .unwrap()
            .expect("written once the lock was free");
        assert_eq!(second.audit_entries_for(&["d/1"]).unwrap().len(), 1);
        assert!(second.verify_audit_chain().unwrap().is_ok());
    }
}
