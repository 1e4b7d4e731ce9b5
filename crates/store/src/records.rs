//! Records (Akten), their documents and pages.

use crate::{new_id, now_utc, Library, Result, StoreError};
use aktenscan_model::{OcrFacts, PageText};
use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

/// What a clerk gives when a record is created.
#[derive(Debug, Clone, Default)]
pub struct NewRecord {
    pub title: String,
    pub aktenzeichen: Option<String>,
    pub aktenplan_unit: Option<String>,
    pub office: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecordRow {
    pub id: String,
    pub aktenzeichen: Option<String>,
    pub title: String,
    pub aktenplan_unit: Option<String>,
    pub laufzeit_from: Option<String>,
    pub laufzeit_to: Option<String>,
    pub office: Option<String>,
    pub confidentiality: String,
    pub retention_years: Option<i64>,
    pub personal_data: bool,
    pub remark: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentRow {
    pub id: String,
    pub record_id: String,
    pub position: i64,
    pub title: String,
    pub doc_type: Option<String>,
    pub doc_date: Option<String>,
    pub source_path: String,
    pub original_file: String,
    pub original_sha256: String,
    pub page_count: i64,
    pub pdf_file: Option<String>,
    pub pdf_sha256: Option<String>,
    /// `ingesting` until every page and the PDF/A are stored, then `complete`.
    pub status: String,
    pub created_at: String,
}

/// A page as it is about to be stored.
#[derive(Debug, Clone)]
pub struct NewPage {
    pub document_id: String,
    pub page_no: i64,
    pub image: crate::StoredFile,
    pub width: u32,
    pub height: u32,
    pub dpi: (f32, f32),
    pub origin: String,
    pub facts: OcrFacts,
    pub alto: crate::StoredFile,
    pub text_file: crate::StoredFile,
    pub text: PageText,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageRow {
    pub document_id: String,
    pub page_no: i64,
    pub image_file: String,
    pub image_sha256: String,
    pub width: i64,
    pub height: i64,
    pub dpi_x: f64,
    pub dpi_y: f64,
    pub origin: String,
    pub ocr: OcrFacts,
    pub alto_file: String,
    pub alto_sha256: String,
    pub text_file: String,
    pub text_sha256: String,
    #[serde(skip)]
    pub text: String,
}

fn record_from(r: &Row) -> rusqlite::Result<RecordRow> {
    Ok(RecordRow {
        id: r.get("id")?,
        aktenzeichen: r.get("aktenzeichen")?,
        title: r.get("title")?,
        aktenplan_unit: r.get("aktenplan_unit")?,
        laufzeit_from: r.get("laufzeit_from")?,
        laufzeit_to: r.get("laufzeit_to")?,
        office: r.get("office")?,
        confidentiality: r.get("confidentiality")?,
        retention_years: r.get("retention_years")?,
        personal_data: r.get("personal_data")?,
        remark: r.get("remark")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

fn document_from(r: &Row) -> rusqlite::Result<DocumentRow> {
    Ok(DocumentRow {
        id: r.get("id")?,
        record_id: r.get("record_id")?,
        position: r.get("position")?,
        title: r.get("title")?,
        doc_type: r.get("doc_type")?,
        doc_date: r.get("doc_date")?,
        source_path: r.get("source_path")?,
        original_file: r.get("original_file")?,
        original_sha256: r.get("original_sha256")?,
        page_count: r.get("page_count")?,
        pdf_file: r.get("pdf_file")?,
        pdf_sha256: r.get("pdf_sha256")?,
        status: r.get("status")?,
        created_at: r.get("created_at")?,
    })
}

fn page_from(r: &Row) -> rusqlite::Result<PageRow> {
    let ocr: String = r.get("ocr")?;
    let ocr = serde_json::from_str(&ocr).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(PageRow {
        document_id: r.get("document_id")?,
        page_no: r.get("page_no")?,
        image_file: r.get("image_file")?,
        image_sha256: r.get("image_sha256")?,
        width: r.get("width")?,
        height: r.get("height")?,
        dpi_x: r.get("dpi_x")?,
        dpi_y: r.get("dpi_y")?,
        origin: r.get("origin")?,
        ocr,
        alto_file: r.get("alto_file")?,
        alto_sha256: r.get("alto_sha256")?,
        text_file: r.get("text_file")?,
        text_sha256: r.get("text_sha256")?,
        text: r.get("text")?,
    })
}

impl Library {
    pub fn create_record(&mut self, new: &NewRecord) -> Result<RecordRow> {
        let id = new_id();
        let now = now_utc();
        self.db.execute(
            "INSERT INTO records (id, aktenzeichen, title, aktenplan_unit, office, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![id, new.aktenzeichen, new.title, new.aktenplan_unit, new.office, now],
        )?;
        self.audit(
            "record.create",
            &id,
            &serde_json::json!({"title": new.title, "aktenzeichen": new.aktenzeichen}),
        )?;
        self.record(&id)
    }

    pub fn record(&self, id: &str) -> Result<RecordRow> {
        self.db
            .query_row("SELECT * FROM records WHERE id = ?1", [id], record_from)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))
    }

    pub fn records(&self) -> Result<Vec<RecordRow>> {
        let mut stmt = self
            .db
            .prepare("SELECT * FROM records ORDER BY created_at, id")?;
        let rows = stmt
            .query_map([], record_from)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn documents(&self, record_id: &str) -> Result<Vec<DocumentRow>> {
        let mut stmt = self
            .db
            .prepare("SELECT * FROM documents WHERE record_id = ?1 ORDER BY position")?;
        let rows = stmt
            .query_map([record_id], document_from)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn document(&self, id: &str) -> Result<DocumentRow> {
        self.db
            .query_row("SELECT * FROM documents WHERE id = ?1", [id], document_from)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))
    }

    /// Finds what a full id or a unique prefix of at least 4 characters names.
    pub fn resolve_id(&self, prefix: &str) -> Result<Resolved> {
        if prefix.len() < 4 {
            return Err(StoreError::NotFound(prefix.to_string()));
        }
        let pattern = format!("{}%", prefix.replace(['%', '_'], ""));
        let mut found = Vec::new();
        for (table, kind) in [
            ("records", Resolved::Record as fn(String) -> Resolved),
            ("documents", Resolved::Document),
        ] {
            let mut stmt = self
                .db
                .prepare(&format!("SELECT id FROM {table} WHERE id LIKE ?1 LIMIT 2"))?;
            for id in stmt.query_map([&pattern], |r| r.get::<_, String>(0))? {
                found.push(kind(id?));
            }
        }
        match found.len() {
            0 => Err(StoreError::NotFound(prefix.to_string())),
            1 => Ok(found.remove(0)),
            _ => Err(StoreError::Ambiguous(prefix.to_string())),
        }
    }

    /// Adds a document (its pages follow) in state `ingesting`.
    pub fn add_document(
        &mut self,
        record_id: &str,
        position: i64,
        title: &str,
        source_path: &str,
        original: &crate::StoredFile,
        page_count: i64,
    ) -> Result<DocumentRow> {
        let id = new_id();
        self.db.execute(
            "INSERT INTO documents (id, record_id, position, title, source_path, original_file, original_sha256,
                                    page_count, status, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'ingesting', ?9)",
            params![id, record_id, position, title, source_path, original.path, original.sha256, page_count, now_utc()],
        )?;
        self.document(&id)
    }

    /// Stores a page; a page already stored (after a resumed ingest) is left as it is.
    /// Returns whether the page was new.
    pub fn add_page(&mut self, page: &NewPage) -> Result<bool> {
        let words = serde_json::to_string(&page.text)?;
        let n = self.db.execute(
            "INSERT OR IGNORE INTO pages (document_id, page_no, image_file, image_sha256, width, height, dpi_x, dpi_y,
                origin, ocr, alto_file, alto_sha256, text_file, text_sha256, text, words, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            params![
                page.document_id,
                page.page_no,
                page.image.path,
                page.image.sha256,
                page.width,
                page.height,
                page.dpi.0,
                page.dpi.1,
                page.origin,
                serde_json::to_string(&page.facts)?,
                page.alto.path,
                page.alto.sha256,
                page.text_file.path,
                page.text_file.sha256,
                page.text.plain_text(),
                words,
                now_utc(),
            ],
        )?;
        Ok(n == 1)
    }

    pub fn pages(&self, document_id: &str) -> Result<Vec<PageRow>> {
        let mut stmt = self
            .db
            .prepare("SELECT * FROM pages WHERE document_id = ?1 ORDER BY page_no")?;
        let rows = stmt
            .query_map([document_id], page_from)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Page numbers already stored for a document.
    pub fn stored_page_numbers(&self, document_id: &str) -> Result<Vec<i64>> {
        let mut stmt = self
            .db
            .prepare("SELECT page_no FROM pages WHERE document_id = ?1 ORDER BY page_no")?;
        let rows = stmt
            .query_map([document_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The words with boxes of one page, as recognised.
    pub fn page_text(&self, document_id: &str, page_no: i64) -> Result<PageText> {
        let words: String = self
            .db
            .query_row(
                "SELECT words FROM pages WHERE document_id = ?1 AND page_no = ?2",
                params![document_id, page_no],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("{document_id} page {page_no}")))?;
        Ok(serde_json::from_str(&words)?)
    }

    /// Marks a document complete with its archival PDF.
    pub fn complete_document(&mut self, document_id: &str, pdf: &crate::StoredFile) -> Result<()> {
        let tx = self.db.transaction()?;
        tx.execute(
            "UPDATE documents SET pdf_file = ?2, pdf_sha256 = ?3, status = 'complete' WHERE id = ?1",
            params![document_id, pdf.path, pdf.sha256],
        )?;
        tx.commit()?;
        let pages = self.stored_page_numbers(document_id)?.len();
        self.audit(
            "document.complete",
            document_id,
            &serde_json::json!({"pdf_sha256": pdf.sha256, "pages": pages}),
        )
    }
}

/// What an id names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    Record(String),
    Document(String),
}
