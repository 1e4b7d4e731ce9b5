//! Persisted ingest jobs: what was asked, which inputs are done, so a killed ingest resumes.

use crate::{now_utc, Library, Result};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JobStatus {
    Running,
    Finished,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemStatus {
    Pending,
    Done,
    Failed,
}

impl ItemStatus {
    fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Pending => "pending",
            ItemStatus::Done => "done",
            ItemStatus::Failed => "failed",
        }
    }
    fn parse(s: &str) -> ItemStatus {
        match s {
            "done" => ItemStatus::Done,
            "failed" => ItemStatus::Failed,
            _ => ItemStatus::Pending,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Job {
    pub id: String,
    pub kind: String,
    pub record_id: String,
    /// The request as JSON (paths and options), so the same command can continue it.
    pub spec: String,
    pub status: JobStatus,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct JobItem {
    pub position: i64,
    pub path: String,
    pub document_id: Option<String>,
    pub status: ItemStatus,
    pub error: Option<String>,
}

impl Library {
    /// Records a new job with its input files, all pending, in one transaction.
    pub fn create_job(
        &mut self,
        kind: &str,
        record_id: &str,
        spec: &str,
        paths: &[String],
    ) -> Result<Job> {
        let id = crate::new_id();
        let tx = self.db.transaction()?;
        tx.execute(
            "INSERT INTO jobs (id, kind, record_id, spec, status, created_at) VALUES (?1, ?2, ?3, ?4, 'running', ?5)",
            params![id, kind, record_id, spec, now_utc()],
        )?;
        for (i, p) in paths.iter().enumerate() {
            tx.execute(
                "INSERT INTO job_items (job_id, position, path, status) VALUES (?1, ?2, ?3, 'pending')",
                params![id, i as i64, p],
            )?;
        }
        tx.commit()?;
        self.job(&id)?
            .ok_or_else(|| crate::StoreError::NotFound(id))
    }

    pub fn job(&self, id: &str) -> Result<Option<Job>> {
        Ok(self
            .db
            .query_row(
                "SELECT id, kind, record_id, spec, status, created_at FROM jobs WHERE id = ?1",
                [id],
                |r| {
                    Ok(Job {
                        id: r.get(0)?,
                        kind: r.get(1)?,
                        record_id: r.get(2)?,
                        spec: r.get(3)?,
                        status: if r.get::<_, String>(4)? == "finished" {
                            JobStatus::Finished
                        } else {
                            JobStatus::Running
                        },
                        created_at: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    /// Jobs that were started and not finished (interrupted), oldest first.
    pub fn unfinished_jobs(&self) -> Result<Vec<Job>> {
        let mut stmt = self
            .db
            .prepare("SELECT id FROM jobs WHERE status = 'running' ORDER BY created_at")?;
        let ids: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.iter()
            .filter_map(|id| self.job(id).transpose())
            .collect()
    }

    /// The job that made a document, and the document's item position in it.
    pub fn job_of_document(&self, document_id: &str) -> Result<Option<(Job, i64)>> {
        let found: Option<(String, i64)> = self
            .db
            .query_row(
                "SELECT i.job_id, i.position FROM job_items i JOIN jobs j ON j.id = i.job_id
                 WHERE i.document_id = ?1 ORDER BY j.created_at LIMIT 1",
                [document_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match found {
            Some((job_id, position)) => Ok(self.job(&job_id)?.map(|j| (j, position))),
            None => Ok(None),
        }
    }

    pub fn job_items(&self, job_id: &str) -> Result<Vec<JobItem>> {
        let mut stmt = self.db.prepare(
            "SELECT position, path, document_id, status, error FROM job_items WHERE job_id = ?1 ORDER BY position",
        )?;
        let rows = stmt
            .query_map([job_id], |r| {
                Ok(JobItem {
                    position: r.get(0)?,
                    path: r.get(1)?,
                    document_id: r.get(2)?,
                    status: ItemStatus::parse(&r.get::<_, String>(3)?),
                    error: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn set_item_document(
        &mut self,
        job_id: &str,
        position: i64,
        document_id: &str,
    ) -> Result<()> {
        self.db.execute(
            "UPDATE job_items SET document_id = ?3 WHERE job_id = ?1 AND position = ?2",
            params![job_id, position, document_id],
        )?;
        Ok(())
    }

    pub fn set_item_status(
        &mut self,
        job_id: &str,
        position: i64,
        status: ItemStatus,
        error: Option<&str>,
    ) -> Result<()> {
        self.db.execute(
            "UPDATE job_items SET status = ?3, error = ?4 WHERE job_id = ?1 AND position = ?2",
            params![job_id, position, status.as_str(), error],
        )?;
        Ok(())
    }

    pub fn finish_job(&mut self, job_id: &str) -> Result<()> {
        self.db.execute(
            "UPDATE jobs SET status = 'finished', finished_at = ?2 WHERE id = ?1",
            params![job_id, now_utc()],
        )?;
        Ok(())
    }
}
