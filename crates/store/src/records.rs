//! Records (Akten), their documents and pages.

use crate::{new_id, now_utc, Library, Result, StoreError};
use aktenscan_model::{
    AuditAction, Aussonderungsart, Bewertungsvorschlag, Confidentiality, DocumentStatus, Laufzeit,
    OcrFacts, PageText, PageWords, PartialDate, Retention, RetentionColumns,
};
use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;
use std::collections::BTreeMap;

/// What a clerk gives when a record is created.
#[derive(Debug, Clone, Default)]
pub struct NewRecord {
    pub title: String,
    pub aktenzeichen: Option<String>,
    pub aktenplan_unit: Option<String>,
    pub office: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RecordRow {
    pub id: String,
    pub aktenzeichen: Option<String>,
    pub title: String,
    pub aktenplan_unit: Option<String>,
    /// The first date of the Laufzeit (both ends are set together; see [`RecordRow::laufzeit`]).
    pub laufzeit_from: Option<PartialDate>,
    pub laufzeit_to: Option<PartialDate>,
    pub office: Option<String>,
    pub confidentiality: Confidentiality,
    /// Aufbewahrungsfrist ([`RetentionColumns::value`]); in JSON as `retention_years` and
    /// `retention_unlimited` (schema v2), as the library keeps it.
    #[serde(flatten)]
    #[ts(flatten)]
    pub retention: RetentionColumns,
    pub personal_data: bool,
    pub remark: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// xdomea Aussonderungsart (schema v2).
    pub aussonderungsart: Option<Aussonderungsart>,
    /// xdomea Bewertungsvorschlag (schema v2).
    pub bewertungsvorschlag: Option<Bewertungsvorschlag>,
    /// Standort of the paper original (schema v2).
    pub location: Option<String>,
    /// What became of the paper original, e.g. "vernichtet nach Ablauf der Frist" (schema v2).
    pub paper_original: Option<String>,
}

impl RecordRow {
    /// The Laufzeit, when both its ends are known.
    pub fn laufzeit(&self) -> Option<Laufzeit> {
        Laufzeit::new(self.laufzeit_from?, self.laufzeit_to?).ok()
    }

    /// The facts of the record that decide who sees it.
    pub fn access(&self) -> RecordAccess {
        RecordAccess {
            id: self.id.clone(),
            aktenzeichen: self.aktenzeichen.clone(),
            aktenplan_unit: self.aktenplan_unit.clone(),
            office: self.office.clone(),
            confidentiality: self.confidentiality,
            personal_data: self.personal_data,
        }
    }
}

/// The columns of a record that decide who sees it (the Aktenzeichen names the Aktenplan unit
/// where the record has none), read without the rest of the row where only they are needed:
/// for every hit of a search, see [`Library::records_access`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordAccess {
    pub id: String,
    pub aktenzeichen: Option<String>,
    pub aktenplan_unit: Option<String>,
    pub office: Option<String>,
    pub confidentiality: Confidentiality,
    pub personal_data: bool,
}

/// The records' access columns one connection has read ([`Library::records_access`]), and the
/// records' mark they are of.
#[derive(Debug, Default)]
pub(crate) struct AccessKept {
    mark: Option<i64>,
    rows: std::collections::HashMap<String, RecordAccess>,
}

/// Records whose access columns a connection keeps at most (a few MB); beyond, it starts anew.
const ACCESS_KEPT: usize = 50_000;

/// One Sichtkontrolle (visual check of the scanned pages against the paper, TR-RESISCAN).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ScanCheck {
    pub document_id: String,
    pub checked_by: String,
    pub checked_at: String,
    /// `vollständig` (every page) or `Stichprobe` (a sample).
    pub scope: String,
    /// Anomalies found; `None` means none.
    pub anomalies: Option<String>,
    /// Pages scanned again after the check, e.g. "2, 5".
    pub rescanned: Option<String>,
}

/// A change of a record's metadata: each `Some` field is set; an empty string clears an
/// optional text field, `Some(None)` a typed one. The typed values were checked when they were
/// parsed (`aktenscan_model`); the store checks only that the title is not empty.
#[derive(Debug, Clone, Default)]
pub struct RecordPatch {
    pub title: Option<String>,
    pub aktenzeichen: Option<String>,
    pub aktenplan_unit: Option<String>,
    pub laufzeit: Option<Option<Laufzeit>>,
    pub office: Option<String>,
    pub confidentiality: Option<Confidentiality>,
    pub retention: Option<Option<Retention>>,
    pub personal_data: Option<bool>,
    pub remark: Option<String>,
    pub aussonderungsart: Option<Option<Aussonderungsart>>,
    pub bewertungsvorschlag: Option<Option<Bewertungsvorschlag>>,
    pub location: Option<String>,
    pub paper_original: Option<String>,
}

impl RecordPatch {
    /// The record as it would be after this patch in the fields who-may-see-it reads
    /// (Aktenzeichen, Aktenplan unit, office, Vertraulichkeitsstufe, Personenbezug); the rest
    /// as it is. A change is checked against the person's clearance with this before it is
    /// written.
    pub fn access_after(&self, current: &RecordRow) -> RecordRow {
        let cleared = |v: &String| Some(v.trim().to_string()).filter(|t| !t.is_empty());
        let mut after = current.clone();
        if let Some(v) = &self.aktenzeichen {
            after.aktenzeichen = cleared(v);
        }
        if let Some(v) = &self.aktenplan_unit {
            after.aktenplan_unit = cleared(v);
        }
        if let Some(v) = &self.office {
            after.office = cleared(v);
        }
        if let Some(v) = self.confidentiality {
            after.confidentiality = v;
        }
        if let Some(v) = self.personal_data {
            after.personal_data = v;
        }
        after
    }
}

/// One field a [`RecordPatch`] changed, as written to the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentRow {
    pub id: String,
    pub record_id: String,
    pub position: i64,
    pub title: String,
    pub doc_type: Option<String>,
    pub doc_date: Option<PartialDate>,
    pub source_path: String,
    pub original_file: String,
    pub original_sha256: String,
    pub page_count: i64,
    pub pdf_file: Option<String>,
    pub pdf_sha256: Option<String>,
    /// `ingesting` until every page and the PDF/A are stored, then `complete`.
    pub status: DocumentStatus,
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
    /// The clerk's rotation in clockwise degrees (0, 90, 180, 270) on top of `ocr.orientation`
    /// (schema v3).
    pub rotation: i64,
    #[serde(skip)]
    pub text: String,
}

impl PageRow {
    /// Quarter turns clockwise that show the stored image upright: what recognition applied
    /// plus what the clerk turned.
    pub fn display_orientation(&self) -> aktenscan_model::Orientation {
        aktenscan_model::Orientation::from_degrees(
            self.ocr.orientation.degrees() as i32 + self.rotation.rem_euclid(360) as i32,
        )
    }
}

/// A stored text that does not parse as its type: the database was changed outside Aktenscan.
fn stored<T: std::str::FromStr>(r: &Row, column: impl rusqlite::RowIndex) -> rusqlite::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let text: String = r.get(column)?;
    text.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn stored_opt<T: std::str::FromStr>(r: &Row, column: &str) -> rusqlite::Result<Option<T>>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let text: Option<String> = r.get(column)?;
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => t.parse().map(Some).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        }),
    }
}

fn record_from(r: &Row) -> rusqlite::Result<RecordRow> {
    let retention = Retention::from_stored(
        r.get("retention_years")?,
        r.get("retention_unlimited")?,
    )
    .map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Integer, Box::new(e))
    })?;
    Ok(RecordRow {
        id: r.get("id")?,
        aktenzeichen: r.get("aktenzeichen")?,
        title: r.get("title")?,
        aktenplan_unit: r.get("aktenplan_unit")?,
        laufzeit_from: stored_opt(r, "laufzeit_from")?,
        laufzeit_to: stored_opt(r, "laufzeit_to")?,
        office: r.get("office")?,
        confidentiality: stored(r, "confidentiality")?,
        retention: retention.into(),
        personal_data: r.get("personal_data")?,
        remark: r.get("remark")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
        aussonderungsart: stored_opt(r, "aussonderungsart")?,
        bewertungsvorschlag: stored_opt(r, "bewertungsvorschlag")?,
        location: r.get("location")?,
        paper_original: r.get("paper_original")?,
    })
}

fn document_from(r: &Row) -> rusqlite::Result<DocumentRow> {
    Ok(DocumentRow {
        id: r.get("id")?,
        record_id: r.get("record_id")?,
        position: r.get("position")?,
        title: r.get("title")?,
        doc_type: r.get("doc_type")?,
        doc_date: stored_opt(r, "doc_date")?,
        source_path: r.get("source_path")?,
        original_file: r.get("original_file")?,
        original_sha256: r.get("original_sha256")?,
        page_count: r.get("page_count")?,
        pdf_file: r.get("pdf_file")?,
        pdf_sha256: r.get("pdf_sha256")?,
        status: stored(r, "status")?,
        created_at: r.get("created_at")?,
    })
}

/// The columns a [`PageRow`] is read from: not the words' JSON nor their packing, which are
/// the larger part of a page's row.
const PAGE_COLUMNS: &str = "document_id, page_no, image_file, image_sha256, width, height, \
    dpi_x, dpi_y, origin, ocr, alto_file, alto_sha256, text_file, text_sha256, rotation, text";

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
        rotation: r.get("rotation")?,
        text: r.get("text")?,
    })
}

impl Library {
    pub fn create_record(&mut self, new: &NewRecord) -> Result<RecordRow> {
        self.create_record_with_id(None, new)
    }

    /// Creates a record under a given id (an imported Akte keeps its xdomea ID) when that id is
    /// a UUID not used yet; otherwise under a new one.
    pub fn create_record_with_id(
        &mut self,
        wanted: Option<&str>,
        new: &NewRecord,
    ) -> Result<RecordRow> {
        let id = match wanted {
            Some(w)
                if uuid::Uuid::parse_str(w).is_ok()
                    && matches!(self.record(w), Err(StoreError::NotFound(_))) =>
            {
                w.to_ascii_lowercase()
            }
            _ => new_id(),
        };
        let now = now_utc();
        let tx = self.db.transaction()?;
        tx.execute(
            "INSERT INTO records (id, aktenzeichen, title, aktenplan_unit, office, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![id, new.aktenzeichen, new.title, new.aktenplan_unit, new.office, now],
        )?;
        crate::audit::append(
            &tx,
            AuditAction::RecordCreate,
            &id,
            &serde_json::json!({"title": new.title, "aktenzeichen": new.aktenzeichen}),
        )?;
        tx.commit()?;
        self.record(&id)
    }

    /// Changes a record's metadata and writes one audit entry (`record.update`, with every
    /// changed field's old and new value) in the same transaction. Values are checked first:
    /// codes against the xdomea code lists, dates as partial dates.
    pub fn update_record(
        &mut self,
        id: &str,
        patch: &RecordPatch,
    ) -> Result<(RecordRow, Vec<FieldChange>)> {
        check_patch(patch).map_err(StoreError::Invalid)?;
        let current = self.record(id)?;
        let text = |v: &Option<String>| v.clone();
        let shown = |v: Option<&dyn std::fmt::Display>| v.map(|v| v.to_string());
        let flag = |b: bool| Some(if b { "1" } else { "0" }.to_string());
        let clear = |v: &String| {
            let t = v.trim();
            if t.is_empty() {
                None
            } else {
                Some(t.to_string())
            }
        };
        let laufzeit_end =
            |l: &Option<Laufzeit>, end: fn(Laufzeit) -> PartialDate| l.map(|l| end(l).to_string());
        let years = |r: &Option<Retention>| r.and_then(Retention::years).map(|y| y.to_string());
        let unlimited = |r: &Option<Retention>| flag(*r == Some(Retention::Unlimited));
        let current_retention = current.retention.value();
        // (column, old value, new value if the patch sets it)
        let wanted: Vec<Wanted> = vec![
            (
                "title",
                Some(current.title.clone()),
                patch.title.as_ref().map(|t| Some(t.trim().to_string())),
            ),
            (
                "aktenzeichen",
                text(&current.aktenzeichen),
                patch.aktenzeichen.as_ref().map(clear),
            ),
            (
                "aktenplan_unit",
                text(&current.aktenplan_unit),
                patch.aktenplan_unit.as_ref().map(clear),
            ),
            (
                "laufzeit_from",
                current.laufzeit_from.map(|d| d.to_string()),
                patch
                    .laufzeit
                    .as_ref()
                    .map(|l| laufzeit_end(l, Laufzeit::from)),
            ),
            (
                "laufzeit_to",
                current.laufzeit_to.map(|d| d.to_string()),
                patch
                    .laufzeit
                    .as_ref()
                    .map(|l| laufzeit_end(l, Laufzeit::to)),
            ),
            (
                "office",
                text(&current.office),
                patch.office.as_ref().map(clear),
            ),
            (
                "confidentiality",
                Some(current.confidentiality.to_string()),
                patch.confidentiality.map(|c| Some(c.to_string())),
            ),
            (
                "retention_years",
                years(&current_retention),
                patch.retention.as_ref().map(years),
            ),
            (
                "retention_unlimited",
                unlimited(&current_retention),
                patch.retention.as_ref().map(unlimited),
            ),
            (
                "personal_data",
                flag(current.personal_data),
                patch.personal_data.map(flag),
            ),
            (
                "remark",
                text(&current.remark),
                patch.remark.as_ref().map(clear),
            ),
            (
                "aussonderungsart",
                shown(current.aussonderungsart.as_ref().map(|v| v as _)),
                patch
                    .aussonderungsart
                    .map(|v| shown(v.as_ref().map(|v| v as _))),
            ),
            (
                "bewertungsvorschlag",
                shown(current.bewertungsvorschlag.as_ref().map(|v| v as _)),
                patch
                    .bewertungsvorschlag
                    .map(|v| shown(v.as_ref().map(|v| v as _))),
            ),
            (
                "location",
                text(&current.location),
                patch.location.as_ref().map(clear),
            ),
            (
                "paper_original",
                text(&current.paper_original),
                patch.paper_original.as_ref().map(clear),
            ),
        ];
        let mut changes = Vec::new();
        let tx = self.db.transaction()?;
        for (column, old, new) in wanted {
            let Some(new) = new else { continue };
            if new == old {
                continue;
            }
            tx.execute(
                &format!("UPDATE records SET {column} = ?2 WHERE id = ?1"),
                params![id, new],
            )?;
            changes.push(FieldChange {
                field: column.to_string(),
                old,
                new,
            });
        }
        if !changes.is_empty() {
            tx.execute(
                "UPDATE records SET updated_at = ?2 WHERE id = ?1",
                params![id, now_utc()],
            )?;
            crate::audit::append(
                &tx,
                AuditAction::RecordUpdate,
                id,
                &serde_json::json!({ "changes": changes }),
            )?;
        }
        tx.commit()?;
        Ok((self.record(id)?, changes))
    }

    pub fn record(&self, id: &str) -> Result<RecordRow> {
        self.db
            .prepare_cached("SELECT * FROM records WHERE id = ?1")?
            .query_row([id], record_from)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))
    }

    /// The access facts of the records with these whole ids, each once; ids of no record are
    /// left out. A search checks the records of its twenty hits at once. What was read is kept
    /// on this connection while the records' mark (set anew by triggers on every change to a
    /// record, schema 6) stays the same, so a busy server's searches read that one row instead
    /// of the records again. Read in a [`Library::snapshot`], the mark and the rows are of one
    /// moment.
    pub fn records_access(&self, ids: &[&str]) -> Result<Vec<RecordAccess>> {
        let mut given = std::collections::HashSet::new();
        let ids: Vec<&str> = ids.iter().copied().filter(|id| given.insert(*id)).collect();
        let Some(kept) = &self.access_kept else {
            return self.read_access(&ids);
        };
        let mark: i64 = self
            .db
            .prepare_cached("SELECT n FROM records_changes")?
            .query_row([], |r| r.get(0))?;
        let mut kept = kept.borrow_mut();
        if kept.mark != Some(mark) || kept.rows.len() > ACCESS_KEPT {
            kept.rows.clear();
            kept.mark = Some(mark);
        }
        let missing: Vec<&str> = ids
            .iter()
            .copied()
            .filter(|id| !kept.rows.contains_key(*id))
            .collect();
        if !missing.is_empty() {
            for row in self.read_access(&missing)? {
                kept.rows.insert(row.id.clone(), row);
            }
        }
        Ok(ids
            .iter()
            .filter_map(|id| kept.rows.get(*id).cloned())
            .collect())
    }

    /// The access facts of the records with these whole ids, in one statement (the ids go in
    /// as one JSON array bound as a value, never as SQL).
    fn read_access(&self, ids: &[&str]) -> Result<Vec<RecordAccess>> {
        let ids = serde_json::to_string(ids)?;
        let mut stmt = self.db.prepare_cached(
            "SELECT id, aktenzeichen, aktenplan_unit, office, confidentiality, personal_data \
             FROM records WHERE id IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt
            .query_map([ids], |r| {
                Ok(RecordAccess {
                    id: r.get(0)?,
                    aktenzeichen: r.get(1)?,
                    aktenplan_unit: r.get(2)?,
                    office: r.get(3)?,
                    confidentiality: stored(r, 4)?,
                    personal_data: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
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
            .prepare_cached("SELECT * FROM documents WHERE id = ?1")?
            .query_row([id], document_from)
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
        if n == 1 {
            // Its words packed for search (a page without falls back on its JSON).
            self.db.execute(
                "INSERT OR REPLACE INTO page_words (document_id, page_no, packed) VALUES (?1, ?2, ?3)",
                params![
                    page.document_id,
                    page.page_no,
                    PageWords::from(&page.text).to_bytes()
                ],
            )?;
        }
        Ok(n == 1)
    }

    pub fn pages(&self, document_id: &str) -> Result<Vec<PageRow>> {
        let mut stmt = self.db.prepare_cached(&format!(
            "SELECT {PAGE_COLUMNS} FROM pages WHERE document_id = ?1 ORDER BY page_no"
        ))?;
        let rows = stmt
            .query_map([document_id], page_from)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// One page of a document.
    pub fn page(&self, document_id: &str, page_no: i64) -> Result<PageRow> {
        self.db
            .prepare_cached(&format!(
                "SELECT {PAGE_COLUMNS} FROM pages WHERE document_id = ?1 AND page_no = ?2"
            ))?
            .query_row(params![document_id, page_no], page_from)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("{document_id} page {page_no}")))
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

    /// The words of a page and their boxes, for a search hit's snippet: read from their packing
    /// ([`PageWords::to_bytes`], a third of the page's JSON, not parsed), as a search asks for
    /// twenty pages at a time; from the JSON where a page has no packing yet.
    pub fn page_words(&self, document_id: &str, page_no: i64) -> Result<PageWords> {
        let packed: Option<Vec<u8>> = self
            .db
            .prepare_cached(
                "SELECT packed FROM page_words WHERE document_id = ?1 AND page_no = ?2",
            )?
            .query_row(params![document_id, page_no], |r| r.get(0))
            .optional()?;
        if let Some(words) = packed.as_deref().and_then(PageWords::from_bytes) {
            return Ok(words);
        }
        let words: String = self
            .db
            .prepare_cached("SELECT words FROM pages WHERE document_id = ?1 AND page_no = ?2")?
            .query_row(params![document_id, page_no], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("{document_id} page {page_no}")))?;
        Ok(PageWords::from_json(&words)?)
    }

    /// The words of each page of a document whose words are packed, by page number: for the
    /// search index, which keeps them with each page.
    pub fn packed_words(&self, document_id: &str) -> Result<BTreeMap<i64, PageWords>> {
        let mut statement = self
            .db
            .prepare_cached("SELECT page_no, packed FROM page_words WHERE document_id = ?1")?;
        let rows = statement.query_map(params![document_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
        })?;
        let mut out = BTreeMap::new();
        for row in rows {
            let (page_no, packed) = row?;
            if let Some(words) = PageWords::from_bytes(&packed) {
                out.insert(page_no, words);
            }
        }
        Ok(out)
    }

    /// Packs the words of every page that has none packed yet (pages stored before schema
    /// version 5), some hundred pages to a transaction, so that an interrupted run keeps what
    /// it packed; `progress(done, total)`. A page whose JSON cannot be read stays unpacked (its
    /// snippets then fail as before). Returns how many pages were packed.
    pub fn pack_words(&mut self, progress: &mut dyn FnMut(usize, usize)) -> Result<usize> {
        const UNPACKED: &str = "FROM pages p WHERE NOT EXISTS (SELECT 1 FROM page_words w
            WHERE w.document_id = p.document_id AND w.page_no = p.page_no)";
        let total: usize = self
            .db
            .query_row(&format!("SELECT count(*) {UNPACKED}"), [], |r| r.get(0))?;
        let (mut done, mut packed, mut after) = (0, 0, 0i64);
        while done < total {
            let batch: Vec<(i64, String, i64, String)> = self
                .db
                .prepare(&format!(
                    "SELECT p.rowid, p.document_id, p.page_no, p.words {UNPACKED}
                     AND p.rowid > ?1 ORDER BY p.rowid LIMIT 200"
                ))?
                .query_map([after], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let Some(&(last, ..)) = batch.last() else {
                break;
            };
            let tx = self.db.transaction()?;
            for (_, document_id, page_no, json) in &batch {
                if let Ok(words) = PageWords::from_json(json) {
                    tx.execute(
                        "INSERT OR REPLACE INTO page_words (document_id, page_no, packed)
                         VALUES (?1, ?2, ?3)",
                        params![document_id, page_no, words.to_bytes()],
                    )?;
                    packed += 1;
                }
            }
            tx.commit()?;
            done += batch.len();
            after = last;
            progress(done.min(total), total);
        }
        Ok(packed)
    }

    /// Sets a document's Betreff, type and date (e.g. from an imported xdomea message) and
    /// writes a `document.update` audit entry with the changes in the same transaction. Returns
    /// the document and what changed.
    pub fn update_document(
        &mut self,
        id: &str,
        title: &str,
        doc_type: Option<&str>,
        doc_date: Option<PartialDate>,
    ) -> Result<(DocumentRow, Vec<FieldChange>)> {
        if title.trim().is_empty() {
            return Err(StoreError::Invalid(
                "Betreff: bitte einen Betreff angeben".to_string(),
            ));
        }
        let current = self.document(id)?;
        let doc_date = doc_date.map(|d| d.to_string());
        let mut changes = Vec::new();
        for (field, old, new) in [
            (
                "title",
                Some(current.title.clone()),
                Some(title.to_string()),
            ),
            (
                "doc_type",
                current.doc_type.clone(),
                doc_type.map(str::to_string),
            ),
            (
                "doc_date",
                current.doc_date.map(|d| d.to_string()),
                doc_date.clone(),
            ),
        ] {
            if old != new {
                changes.push(FieldChange {
                    field: field.into(),
                    old,
                    new,
                });
            }
        }
        if !changes.is_empty() {
            let tx = self.db.transaction()?;
            tx.execute(
                "UPDATE documents SET title = ?2, doc_type = ?3, doc_date = ?4 WHERE id = ?1",
                params![id, title, doc_type, doc_date],
            )?;
            crate::audit::append(
                &tx,
                AuditAction::DocumentUpdate,
                id,
                &serde_json::json!({ "changes": changes }),
            )?;
            tx.commit()?;
        }
        Ok((self.document(id)?, changes))
    }

    /// Replaces where a document came from (e.g. `xdomea:PAKET.zip/DATEI.pdf` after an
    /// import, whose files were extracted to a temporary folder).
    pub fn set_document_source(&mut self, id: &str, source: &str) -> Result<()> {
        let n = self.db.execute(
            "UPDATE documents SET source_path = ?2 WHERE id = ?1",
            params![id, source],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(id.to_string()));
        }
        Ok(())
    }

    /// Records a Sichtkontrolle of a document by the current actor, with an audit entry.
    pub fn add_scan_check(
        &mut self,
        document_id: &str,
        full: bool,
        anomalies: Option<&str>,
        rescanned: Option<&str>,
    ) -> Result<ScanCheck> {
        self.document(document_id)?;
        let nonblank = |s: Option<&str>| {
            s.map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let check = ScanCheck {
            document_id: document_id.to_string(),
            checked_by: crate::audit::actor(),
            checked_at: now_utc(),
            scope: if full { "vollständig" } else { "Stichprobe" }.to_string(),
            anomalies: nonblank(anomalies),
            rescanned: nonblank(rescanned),
        };
        let tx = self.db.transaction()?;
        tx.execute(
            "INSERT INTO scan_checks (document_id, checked_by, checked_at, scope, anomalies, rescanned)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                check.document_id,
                check.checked_by,
                check.checked_at,
                check.scope,
                check.anomalies,
                check.rescanned
            ],
        )?;
        crate::audit::append(
            &tx,
            AuditAction::DocumentCheck,
            document_id,
            &serde_json::to_value(&check)?,
        )?;
        tx.commit()?;
        Ok(check)
    }

    /// The Sichtkontrollen of a document, oldest first.
    pub fn scan_checks(&self, document_id: &str) -> Result<Vec<ScanCheck>> {
        let mut stmt = self.db.prepare(
            "SELECT document_id, checked_by, checked_at, scope, anomalies, rescanned
             FROM scan_checks WHERE document_id = ?1 ORDER BY id",
        )?;
        let rows = stmt
            .query_map([document_id], |r| {
                Ok(ScanCheck {
                    document_id: r.get(0)?,
                    checked_by: r.get(1)?,
                    checked_at: r.get(2)?,
                    scope: r.get(3)?,
                    anomalies: r.get(4)?,
                    rescanned: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Marks a document complete with its archival PDF, and logs it, in one transaction.
    pub fn complete_document(&mut self, document_id: &str, pdf: &crate::StoredFile) -> Result<()> {
        let pages = self.stored_page_numbers(document_id)?.len();
        let tx = self.db.transaction()?;
        tx.execute(
            "UPDATE documents SET pdf_file = ?2, pdf_sha256 = ?3, status = ?4 WHERE id = ?1",
            params![
                document_id,
                pdf.path,
                pdf.sha256,
                DocumentStatus::Complete.code()
            ],
        )?;
        crate::audit::append(
            &tx,
            AuditAction::DocumentComplete,
            document_id,
            &serde_json::json!({
                "pdf_sha256": pdf.sha256,
                "pages": pages,
                "workstation": crate::audit::workstation(),
            }),
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// What an id names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    Record(String),
    Document(String),
}

/// A column, its old value, and its new value if the patch sets it (`Some(None)` clears).
type Wanted = (&'static str, Option<String>, Option<Option<String>>);

fn check_patch(p: &RecordPatch) -> std::result::Result<(), String> {
    match &p.title {
        Some(t) if t.trim().is_empty() => Err("Betreff: der Titel darf nicht leer sein".into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library_with_record() -> (tempfile::TempDir, Library, RecordRow) {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let r = lib
            .create_record(&NewRecord {
                title: "Bauakte".into(),
                ..Default::default()
            })
            .unwrap();
        (dir, lib, r)
    }

    #[test]
    fn the_access_columns_of_several_records_are_read_at_once_as_stored() {
        let (_dir, mut lib, r) = library_with_record();
        let other = lib
            .create_record(&NewRecord {
                title: "Personalakte".into(),
                aktenzeichen: Some("110.2/1990-7".into()),
                office: Some("Hauptamt".into()),
                ..Default::default()
            })
            .unwrap();
        let (other, _) = lib
            .update_record(
                &other.id,
                &RecordPatch {
                    confidentiality: Some(Confidentiality::Vertraulich),
                    personal_data: Some(true),
                    ..Default::default()
                },
            )
            .unwrap();
        let mut read = lib
            .records_access(&[other.id.as_str(), "keine-akte", r.id.as_str(), &r.id])
            .unwrap();
        read.sort_by(|a, b| a.id.cmp(&b.id));
        let mut wanted = vec![r.access(), other.access()];
        wanted.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(read, wanted, "each record once, an unknown id left out");
        assert_eq!(
            (
                read.iter()
                    .find(|a| a.id == other.id)
                    .unwrap()
                    .confidentiality,
                other.personal_data,
                other.office.as_deref(),
                other.aktenzeichen.as_deref()
            ),
            (
                Confidentiality::Vertraulich,
                true,
                Some("Hauptamt"),
                Some("110.2/1990-7")
            )
        );
        assert!(lib.records_access(&[]).unwrap().is_empty());
        // An id is a value, never SQL or JSON of the caller's.
        assert!(lib.records_access(&["\"]') OR 1=1 --"]).unwrap().is_empty());
    }

    /// The access columns a connection keeps are never older than the records: a record made
    /// Vertraulich, given to another office, or deleted by another connection (another
    /// process, the server's writer) is read anew by the next check.
    #[test]
    fn access_kept_by_a_reader_follows_every_change_another_connection_makes() {
        let (dir, reader, r) = library_with_record();
        let mut writer = Library::open(dir.path()).unwrap();
        made_vertraulich_is_seen(&mut writer, &reader, &r.id);
        writer
            .update_record(
                &r.id,
                &RecordPatch {
                    office: Some("Personalamt".into()),
                    ..Default::default()
                },
            )
            .unwrap();
        let moved = reader.snapshot(|lib| lib.records_access(&[&r.id])).unwrap();
        assert_eq!(moved.unwrap()[0].office.as_deref(), Some("Personalamt"));
        writer
            .db
            .execute("DELETE FROM records WHERE id = ?1", [&r.id])
            .unwrap();
        assert!(reader.records_access(&[&r.id]).unwrap().is_empty());
    }

    /// A library whose triggers do not all mark the records' changes (a migration that rebuilt
    /// the table without them) keeps nothing: each check reads the records.
    #[test]
    fn without_the_triggers_that_mark_a_change_nothing_is_kept() {
        let (dir, mut writer, r) = library_with_record();
        writer
            .db
            .execute_batch("DROP TRIGGER records_changes_update")
            .unwrap();
        let reader = Library::open(dir.path()).unwrap();
        assert!(reader.access_kept.is_none());
        made_vertraulich_is_seen(&mut writer, &reader, &r.id);
    }

    /// Reads a record's access at `reader` (Offen), makes it Vertraulich at `writer`, and
    /// checks that the reader's next check sees it so.
    fn made_vertraulich_is_seen(writer: &mut Library, reader: &Library, id: &str) {
        let level = |reader: &Library| reader.records_access(&[id]).unwrap()[0].confidentiality;
        assert_eq!(level(reader), Confidentiality::Offen);
        writer
            .update_record(
                id,
                &RecordPatch {
                    confidentiality: Some(Confidentiality::Vertraulich),
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(level(reader), Confidentiality::Vertraulich);
    }

    #[test]
    fn reads_in_a_snapshot_see_one_moment_while_another_connection_writes() {
        let (dir, reader, r) = library_with_record();
        let mut writer = Library::open(dir.path()).unwrap();
        let during = reader
            .snapshot(|lib| {
                let before = lib.record(&r.id).unwrap().title;
                writer
                    .update_record(
                        &r.id,
                        &RecordPatch {
                            title: Some("Bauakte Lindenstraße 4".into()),
                            ..Default::default()
                        },
                    )
                    .unwrap();
                (
                    before,
                    lib.record(&r.id).unwrap().title,
                    lib.records().unwrap().len(),
                )
            })
            .unwrap();
        assert_eq!(during, ("Bauakte".into(), "Bauakte".into(), 1));
        assert_eq!(
            reader.record(&r.id).unwrap().title,
            "Bauakte Lindenstraße 4"
        );
    }

    #[test]
    fn an_update_changes_the_fields_and_logs_old_and_new_values() {
        let (_dir, mut lib, r) = library_with_record();
        let (row, changes) = lib
            .update_record(
                &r.id,
                &RecordPatch {
                    aktenzeichen: Some("632.10/1987-014".into()),
                    laufzeit: Some(Some("1987..1994".parse().unwrap())),
                    retention: Some(Some(Retention::Years(30))),
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(row.aktenzeichen.as_deref(), Some("632.10/1987-014"));
        assert_eq!(row.retention.value(), Some(Retention::Years(30)));
        assert_eq!(row.laufzeit().unwrap().to_string(), "1987..1994");
        assert_eq!(changes.len(), 4);
        let last = lib.audit_entries().unwrap().pop().unwrap();
        assert_eq!(last.action(), Some(AuditAction::RecordUpdate));
        assert!(last.details.contains("632.10/1987-014"));
        assert_eq!(lib.verify_audit_chain().unwrap(), Ok(2));
        // Nothing changes: no entry.
        let (_, none) = lib
            .update_record(
                &r.id,
                &RecordPatch {
                    retention: Some(Some(Retention::Years(30))),
                    ..Default::default()
                },
            )
            .unwrap();
        assert!(none.is_empty());
        assert_eq!(lib.audit_entries().unwrap().len(), 2);
        let err = lib
            .update_record(
                &r.id,
                &RecordPatch {
                    title: Some(" ".into()),
                    ..Default::default()
                },
            )
            .unwrap_err();
        assert!(err.to_string().contains("Titel"));
        // The JSON the CLI and the window read keeps its two retention fields.
        let json = serde_json::to_value(lib.record(&r.id).unwrap()).unwrap();
        assert_eq!(json["retention_years"], 30);
        assert_eq!(json["retention_unlimited"], false);
        assert_eq!(json["confidentiality"], "003");
        assert_eq!(json["laufzeit_from"], "1987");
    }

    #[test]
    fn creating_a_record_and_completing_a_document_are_logged_with_the_change() {
        let (_dir, lib, r) = library_with_record();
        let entries = lib.audit_entries().unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].action(), Some(AuditAction::RecordCreate));
        assert_eq!(entries[0].subject, r.id);
    }

    #[test]
    fn an_aufbewahrungsfrist_can_be_cleared() {
        let (_dir, mut lib, r) = library_with_record();
        let set = |v| RecordPatch {
            retention: Some(v),
            ..Default::default()
        };
        let (row, _) = lib
            .update_record(&r.id, &set(Some(Retention::Years(30))))
            .unwrap();
        assert_eq!(row.retention.value(), Some(Retention::Years(30)));
        let (row, changes) = lib.update_record(&r.id, &set(None)).unwrap();
        assert_eq!(row.retention.value(), None);
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].old.as_deref(), Some("30"));
        assert_eq!(changes[0].new, None);
        // "unbefristet" is cleared the same way.
        let (row, _) = lib
            .update_record(&r.id, &set(Some(Retention::Unlimited)))
            .unwrap();
        assert_eq!(row.retention.value(), Some(Retention::Unlimited));
        let (row, _) = lib.update_record(&r.id, &set(None)).unwrap();
        assert_eq!(row.retention.value(), None);
    }
}
