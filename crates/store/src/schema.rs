//! The SQLite schema and its migrations (the `user_version` pragma holds the schema version).

use crate::{Result, StoreError};
use rusqlite::Connection;
use std::path::Path;

/// The schema this build writes. Documented in docs/library.md.
pub const SCHEMA_VERSION: i64 = 6;

const V1: &str = r#"
CREATE TABLE records (
    id              TEXT PRIMARY KEY,
    aktenzeichen    TEXT,
    title           TEXT NOT NULL,
    aktenplan_unit  TEXT,
    laufzeit_from   TEXT,
    laufzeit_to     TEXT,
    office          TEXT,
    confidentiality TEXT NOT NULL DEFAULT '003',
    retention_years INTEGER,
    personal_data   INTEGER NOT NULL DEFAULT 0,
    remark          TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE TABLE documents (
    id            TEXT PRIMARY KEY,
    record_id     TEXT NOT NULL REFERENCES records(id),
    position      INTEGER NOT NULL,
    title         TEXT NOT NULL,
    doc_type      TEXT,
    doc_date      TEXT,
    source_path   TEXT NOT NULL,
    original_file TEXT NOT NULL,
    original_sha256 TEXT NOT NULL,
    page_count    INTEGER NOT NULL,
    pdf_file      TEXT,
    pdf_sha256    TEXT,
    status        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    UNIQUE (record_id, position)
);
CREATE TABLE pages (
    document_id  TEXT NOT NULL REFERENCES documents(id),
    page_no      INTEGER NOT NULL,
    image_file   TEXT NOT NULL,
    image_sha256 TEXT NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    dpi_x        REAL NOT NULL,
    dpi_y        REAL NOT NULL,
    origin       TEXT NOT NULL,
    ocr          TEXT NOT NULL,
    alto_file    TEXT NOT NULL,
    alto_sha256  TEXT NOT NULL,
    text_file    TEXT NOT NULL,
    text_sha256  TEXT NOT NULL,
    text         TEXT NOT NULL,
    words        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (document_id, page_no)
);
CREATE TABLE jobs (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    record_id   TEXT NOT NULL REFERENCES records(id),
    spec        TEXT NOT NULL,
    status      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    finished_at TEXT
);
CREATE TABLE job_items (
    job_id      TEXT NOT NULL REFERENCES jobs(id),
    position    INTEGER NOT NULL,
    path        TEXT NOT NULL,
    document_id TEXT,
    status      TEXT NOT NULL,
    error       TEXT,
    PRIMARY KEY (job_id, position)
);
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    details   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX documents_by_record ON documents(record_id, position);
"#;

/// Version 2: the archival metadata an xdomea export needs beyond v1 (Aussonderungsart,
/// Bewertungsvorschlag, an unlimited retention, Standort and fate of the paper original), the
/// Sichtkontrolle of each document (TR-RESISCAN), and the audit log's head: the last entry's
/// sequence number and hash, kept in step with every append, so that deleting the newest
/// entries is detected too. Triggers refuse UPDATE and DELETE on the log (a determined
/// tamperer can drop them; the hash chain and the head still tell).
const V2: &str = r#"
ALTER TABLE records ADD COLUMN aussonderungsart TEXT;
ALTER TABLE records ADD COLUMN bewertungsvorschlag TEXT;
ALTER TABLE records ADD COLUMN retention_unlimited INTEGER NOT NULL DEFAULT 0;
ALTER TABLE records ADD COLUMN location TEXT;
ALTER TABLE records ADD COLUMN paper_original TEXT;
CREATE TABLE scan_checks (
    id          INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    checked_by  TEXT NOT NULL,
    checked_at  TEXT NOT NULL,
    scope       TEXT NOT NULL CHECK (scope IN ('vollständig', 'Stichprobe')),
    anomalies   TEXT,
    rescanned   TEXT
);
CREATE INDEX scan_checks_by_document ON scan_checks(document_id, id);
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
    SELECT 1, seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1;
CREATE INDEX audit_log_by_subject ON audit_log(subject, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"#;

/// Version 3: the clerk's quarter turns of a page (`Erfassen`: drehen), clockwise degrees on top
/// of what recognition applied (`ocr.orientation`); the stored image and its word boxes stay
/// as they are, the PDF/A shows the page turned by both.
const V3: &str = r#"
ALTER TABLE pages ADD COLUMN rotation INTEGER NOT NULL DEFAULT 0;
"#;

/// Version 4: the accounts of a shared library (`aktenscan serve`). The clearance is the JSON of
/// `aktenscan_model::Clearance`; no row means no access (deny by default).
const V4: &str = r#"
CREATE TABLE accounts (
    name          TEXT PRIMARY KEY,
    role          TEXT NOT NULL,
    password_hash TEXT,
    clearance     TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
"#;

/// Version 5: each page's words and boxes packed (`aktenscan_model::PageWords::to_bytes`),
/// which a search reads for its hits' snippets instead of parsing the page's JSON. A table of
/// its own, so that reading them does not walk through the JSON's overflow pages; it follows
/// its page when a page edit renumbers, moves or deletes it. Pages stored before have none
/// until `reindex` packs them (`Library::pack_words`); their snippets come from the JSON.
const V5: &str = r#"
CREATE TABLE page_words (
    document_id TEXT NOT NULL,
    page_no     INTEGER NOT NULL,
    packed      BLOB NOT NULL,
    PRIMARY KEY (document_id, page_no)
);
CREATE TRIGGER page_words_follow_update AFTER UPDATE OF document_id, page_no ON pages
BEGIN
    DELETE FROM page_words WHERE document_id = NEW.document_id AND page_no = NEW.page_no;
    UPDATE page_words SET document_id = NEW.document_id, page_no = NEW.page_no
        WHERE document_id = OLD.document_id AND page_no = OLD.page_no;
END;
CREATE TRIGGER page_words_follow_delete AFTER DELETE ON pages
BEGIN
    DELETE FROM page_words WHERE document_id = OLD.document_id AND page_no = OLD.page_no;
END;
"#;

/// Version 6: a mark of the records' state, set anew (a random 64-bit number, so that it never
/// comes back, not even in a database restored under a running server) by triggers on every
/// insert, update and delete of a record by any connection or process. A connection keeps the
/// access columns of the records it has read while the mark stays the same
/// (`Library::records_access`: a search checks its hits' records again), because SQLite drops
/// a connection's cached pages whenever another connection commits, and a busy server's page
/// views commit all the time. A later migration that rebuilds `records` must create the
/// triggers again; a library without all three keeps nothing ([`records_marked`]).
const V6: &str = r#"
CREATE TABLE records_changes (n INTEGER NOT NULL);
INSERT INTO records_changes (n) VALUES (random());
CREATE TRIGGER records_changes_insert AFTER INSERT ON records
BEGIN
    UPDATE records_changes SET n = random();
END;
CREATE TRIGGER records_changes_update AFTER UPDATE ON records
BEGIN
    UPDATE records_changes SET n = random();
END;
CREATE TRIGGER records_changes_delete AFTER DELETE ON records
BEGIN
    UPDATE records_changes SET n = random();
END;
"#;

/// The triggers that set the records' mark (version 6).
const RECORDS_MARKED_BY: [&str; 3] = [
    "records_changes_insert",
    "records_changes_update",
    "records_changes_delete",
];

/// Whether every change to a record sets the records' mark: all three triggers are there, on
/// `records`, and the mark's row is.
pub fn records_marked(db: &Connection) -> Result<bool> {
    let triggers: i64 = db.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'records' \
         AND name IN (SELECT value FROM json_each(?1))",
        [serde_json::to_string(&RECORDS_MARKED_BY)?],
        |r| r.get(0),
    )?;
    let rows: i64 = db.query_row("SELECT count(*) FROM records_changes", [], |r| r.get(0))?;
    Ok(triggers == RECORDS_MARKED_BY.len() as i64 && rows == 1)
}

/// The steps from one schema version to the next: step `i` makes version `i + 1`.
const STEPS: [&str; SCHEMA_VERSION as usize] = [V1, V2, V3, V4, V5, V6];

/// Brings the database to [`SCHEMA_VERSION`], a step at a time, each in its own transaction.
/// A step takes the write lock first and reads the version again under it: a server and a desk
/// (or two desks) opening an older library at the same moment make each step once, and the
/// later one finds it done.
pub fn migrate(db: &Connection, path: &Path) -> Result<()> {
    let version = |db: &Connection| -> Result<i64> {
        Ok(db.pragma_query_value(None, "user_version", |r| r.get(0))?)
    };
    let newer = |found| StoreError::NewerSchema {
        path: path.to_path_buf(),
        found,
        known: SCHEMA_VERSION,
    };
    let mut now = version(db)?;
    if now > SCHEMA_VERSION {
        return Err(newer(now));
    }
    for (to, step) in (1..).zip(STEPS) {
        if now >= to {
            continue;
        }
        db.execute_batch("BEGIN IMMEDIATE")?;
        let made = version(db).and_then(|found| {
            if found > SCHEMA_VERSION {
                return Err(newer(found));
            }
            if found < to {
                db.execute_batch(&format!("{step} PRAGMA user_version = {to};"))?;
            }
            db.execute_batch("COMMIT")?;
            Ok(found.max(to))
        });
        match made {
            Ok(v) => now = v,
            Err(e) => {
                // A step that failed (its commit too) leaves the database as it was.
                let _ = db.execute_batch("ROLLBACK");
                return Err(e);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database of schema version 1 in a temporary folder, with its path.
    fn version_1_database() -> (tempfile::TempDir, std::path::PathBuf, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("aktenscan.sqlite");
        let db = Connection::open(&path).unwrap();
        db.execute_batch(&format!("BEGIN; {V1} PRAGMA user_version = 1; COMMIT;"))
            .unwrap();
        (dir, path, db)
    }

    #[test]
    fn a_version_1_library_is_upgraded_on_open() {
        let (_dir, path, db) = version_1_database();
        db.execute(
            "INSERT INTO audit_log VALUES (1, '2026-01-01T00:00:00Z', 'x', 'a', 's', '{}', 'p', 'h')",
            [],
        )
        .unwrap();
        drop(db);
        let db = Connection::open(&path).unwrap();
        migrate(&db, &path).unwrap();
        let v: i64 = db
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        assert!(
            records_marked(&db).unwrap(),
            "the records' mark is kept by triggers"
        );
        let head: (i64, String) = db
            .query_row("SELECT seq, hash FROM audit_head", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(head, (1, "h".to_string()));
        db.prepare(
            "SELECT aussonderungsart, bewertungsvorschlag, retention_unlimited FROM records",
        )
        .unwrap();
    }

    #[test]
    fn two_processes_opening_an_old_library_at_once_both_upgrade_it_once() {
        let (dir, path, db) = version_1_database();
        drop(db);
        let barrier = std::sync::Barrier::new(4);
        std::thread::scope(|scope| {
            let openers: Vec<_> = (0..4)
                .map(|_| {
                    scope.spawn(|| {
                        barrier.wait();
                        // As a server and desks open it: WAL, the busy handler, then migrate.
                        crate::Library::open(dir.path()).map(drop)
                    })
                })
                .collect();
            for opener in openers {
                opener
                    .join()
                    .unwrap()
                    .expect("each opener finds the library upgraded");
            }
        });
        let db = Connection::open(&path).unwrap();
        let v: i64 = db
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        assert!(records_marked(&db).unwrap());
        let marks: i64 = db
            .query_row("SELECT count(*) FROM records_changes", [], |r| r.get(0))
            .unwrap();
        assert_eq!(marks, 1, "the step that adds the mark ran once");
    }
}
