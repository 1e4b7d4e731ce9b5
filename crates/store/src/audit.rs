//! The append-only audit log: each entry carries the SHA-256 of the previous one, so an edited,
//! deleted or truncated entry breaks the chain and `verify_audit_chain` names where.

use crate::{now_utc, Library, Result};
use aktenscan_model::AuditAction;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEntry {
    /// The action as a type; `None` for a code this version does not know (the log keeps the
    /// text as written, since it is part of the entry's hash).
    pub fn action(&self) -> Option<AuditAction> {
        self.action.parse().ok()
    }
}

/// Where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit log entry {seq}: {problem}")]
pub struct ChainError {
    pub seq: i64,
    pub problem: String,
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn entry_hash(
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    subject: &str,
    details: &str,
    prev: &str,
) -> String {
    let mut h = Sha256::new();
    for part in [&seq.to_string(), at, actor, action, subject, details, prev] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    hex::encode(h.finalize())
}

/// Who is acting: the operating-system user.
pub fn actor() -> String {
    if let Some(name) = crate::accounts::acting() {
        return name;
    }
    std::env::var("AKTENSCAN_USER")
        .or_else(|_| std::env::var("USER"))
        .unwrap_or_else(|_| "unbekannt".into())
}

fn entry_from(r: &rusqlite::Row) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        seq: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        subject: r.get(4)?,
        details: r.get(5)?,
        prev_hash: r.get(6)?,
        hash: r.get(7)?,
    })
}

/// Appends an entry inside an open transaction (so a change and its audit entry commit
/// together) and moves the head to it.
pub(crate) fn append(
    tx: &rusqlite::Transaction<'_>,
    action: AuditAction,
    subject: &str,
    details: &serde_json::Value,
) -> Result<AuditEntry> {
    // The statements of every view's entry are prepared once per connection.
    let (seq, prev): (i64, String) = tx
        .prepare_cached("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_string()));
    let seq = seq + 1;
    let at = now_utc();
    let actor = actor();
    let details = details.to_string();
    let action = action.code();
    let hash = entry_hash(seq, &at, &actor, action, subject, &details, &prev);
    tx.prepare_cached(
        "INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        seq, at, actor, action, subject, details, prev, hash
    ])?;
    tx.prepare_cached(
        "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
    )?
    .execute(params![seq, hash])?;
    Ok(AuditEntry {
        seq,
        at,
        actor,
        action: action.to_string(),
        subject: subject.to_string(),
        details,
        prev_hash: prev,
        hash,
    })
}

/// The machine the work is done on (its host name), for the scan protocol.
pub fn workstation() -> String {
    std::env::var("AKTENSCAN_WORKSTATION")
        .ok()
        .or_else(|| {
            std::fs::read_to_string("/proc/sys/kernel/hostname")
                .ok()
                .map(|s| s.trim().to_string())
        })
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unbekannt".into())
}

impl Library {
    /// Appends an entry to the audit log.
    pub fn audit(
        &mut self,
        action: AuditAction,
        subject: &str,
        details: &serde_json::Value,
    ) -> Result<()> {
        let tx = self.db.transaction()?;
        append(&tx, action, subject, details)?;
        tx.commit()?;
        Ok(())
    }

    /// The audit entries about these subjects (record and document ids), oldest first.
    pub fn audit_entries_for(&self, subjects: &[&str]) -> Result<Vec<AuditEntry>> {
        let mut out = Vec::new();
        // SQLite takes at most 32766 parameters: ask in chunks, merge by sequence number.
        for chunk in subjects.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(", ");
            let mut stmt = self.db.prepare(&format!(
                "SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log
                 WHERE subject IN ({marks}) ORDER BY seq"
            ))?;
            let rows = stmt.query_map(rusqlite::params_from_iter(chunk.iter()), entry_from)?;
            for r in rows {
                out.push(r?);
            }
        }
        out.sort_by_key(|e| e.seq);
        Ok(out)
    }

    /// The newest entry's sequence number and hash as the head records them
    /// (`(0, GENESIS)` for an empty log).
    pub fn audit_head(&self) -> Result<(i64, String)> {
        Ok(self
            .db
            .query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?
            .unwrap_or((0, GENESIS.to_string())))
    }

    pub fn audit_entries(&self) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.db.prepare(
            "SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log ORDER BY seq",
        )?;
        let rows = stmt
            .query_map([], entry_from)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Checks the whole chain; the error names the first broken entry.
    pub fn verify_audit_chain(&self) -> Result<std::result::Result<usize, ChainError>> {
        let entries = self.audit_entries()?;
        let mut prev = GENESIS.to_string();
        for (i, e) in entries.iter().enumerate() {
            let expected_seq = i as i64 + 1;
            if e.seq != expected_seq {
                return Ok(Err(ChainError {
                    seq: expected_seq,
                    problem: "missing (entries were deleted)".into(),
                }));
            }
            if e.prev_hash != prev {
                return Ok(Err(ChainError {
                    seq: e.seq,
                    problem: "does not follow the entry before it".into(),
                }));
            }
            let h = entry_hash(
                e.seq,
                &e.at,
                &e.actor,
                &e.action,
                &e.subject,
                &e.details,
                &e.prev_hash,
            );
            if h != e.hash {
                return Ok(Err(ChainError {
                    seq: e.seq,
                    problem: "was altered after it was written".into(),
                }));
            }
            prev = e.hash.clone();
        }
        let (head_seq, head_hash) = self.audit_head()?;
        let last_seq = entries.last().map_or(0, |e| e.seq);
        if head_seq > last_seq {
            return Ok(Err(ChainError {
                seq: last_seq + 1,
                problem: format!(
                    "missing: the log ends at entry {last_seq}, but entry {head_seq} was written (entries were deleted from the end)"
                ),
            }));
        }
        if head_seq < last_seq || head_hash != prev {
            return Ok(Err(ChainError {
                seq: last_seq,
                problem: "does not match the recorded head of the log (the head or the newest entries were altered)".into(),
            }));
        }
        Ok(Ok(entries.len()))
    }
}

#[cfg(test)]
mod tests {
    use crate::{Library, NewRecord};

    /// A library whose audit log holds three `record.create` entries.
    fn library_with_three_records() -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        for t in ["Bauakte", "Gewerbeakte", "Ratsprotokolle"] {
            lib.create_record(&NewRecord {
                title: t.into(),
                ..Default::default()
            })
            .unwrap();
        }
        (dir, lib)
    }

    #[test]
    fn an_edited_entry_breaks_the_chain_at_that_entry() {
        let (_dir, lib) = library_with_three_records();
        assert_eq!(lib.verify_audit_chain().unwrap(), Ok(3));
        assert!(lib
            .db
            .execute("UPDATE audit_log SET details = '{}' WHERE seq = 2", [])
            .is_err());
        lib.db
            .execute_batch(
                "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET details = '{}' WHERE seq = 2",
            )
            .unwrap();
        let err = lib.verify_audit_chain().unwrap().unwrap_err();
        assert_eq!(err.seq, 2);
        assert!(err.problem.contains("altered"));
    }

    #[test]
    fn deleting_the_newest_entry_is_detected_through_the_head() {
        let (_dir, lib) = library_with_three_records();
        assert!(lib
            .db
            .execute("DELETE FROM audit_log WHERE seq = 3", [])
            .is_err());
        lib.db
            .execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 3")
            .unwrap();
        let err = lib.verify_audit_chain().unwrap().unwrap_err();
        assert_eq!(err.seq, 3);
        assert!(err.problem.contains("missing"), "{err}");
    }
}
