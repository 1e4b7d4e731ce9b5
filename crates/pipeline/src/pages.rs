//! Editing a stored document's pages (move, rotate, delete, split) with everything derived from
//! them kept in step, and the page thumbnails the capture screen shows.
//!
//! An edit is planned by the store, the new PDF/A(s) are built from the stored page images and
//! words in the planned order (no recognition again: the word boxes are in pixels of the stored
//! image and the PDF writer turns them with the page), then the store applies the edit with the
//! new PDF/A and its audit entry in one transaction, and the record's pages are indexed anew.
//! The first two only read ([`prepare_page_edit`]), so a shared library runs them beside the
//! other desks and takes the writer's turn only for the last two ([`apply_prepared_edit`]),
//! which refuses a plan whose document another desk changed in between.

use crate::archive::write_pdf;
use crate::ingest::IngestError;
use aktenscan_index::SearchIndex;
use aktenscan_pages::Image;
use aktenscan_store::{
    Library, PageEdit, PageEditOutcome, PageEditPlan, PageRow, StoreError, StoredFile,
};
use serde::Serialize;
use std::path::PathBuf;

/// The result of [`edit_pages`]: what the store did, and whether the search index followed.
#[derive(Debug, Clone, Serialize)]
pub struct EditedPages {
    #[serde(flatten)]
    pub outcome: PageEditOutcome,
    /// Why the index could not be refreshed (the edit itself is stored; `aktenscan reindex`
    /// or the next edit brings the index up to date).
    pub index_error: Option<String>,
}

/// Applies one edit to a complete document: new PDF/A(s), the store's rows and audit entry in
/// one transaction, then the record's pages re-indexed (when an index is given).
pub fn edit_pages(
    lib: &mut Library,
    index: Option<&SearchIndex>,
    document_id: &str,
    edit: PageEdit,
    font: &[u8],
) -> Result<EditedPages, IngestError> {
    let prepared = prepare_page_edit(lib, document_id, edit, font)?;
    apply_prepared_edit(lib, index, &prepared)
}

/// An edit planned and its new PDF/A(s) written into the library's files, not applied yet.
#[derive(Debug, Clone)]
pub struct PreparedPageEdit {
    plan: PageEditPlan,
    pdf: StoredFile,
    split_pdf: Option<StoredFile>,
}

impl PreparedPageEdit {
    pub fn document_id(&self) -> &str {
        &self.plan.document_id
    }
}

/// Plans an edit and writes its new PDF/A(s) (the slow part: every page of the document goes
/// into the PDF anew), reading the store only. A PDF/A whose edit is then refused stays in
/// the library's files unused.
pub fn prepare_page_edit(
    lib: &Library,
    document_id: &str,
    edit: PageEdit,
    font: &[u8],
) -> Result<PreparedPageEdit, IngestError> {
    let plan = lib.plan_page_edit(document_id, edit)?;
    let rows = lib.pages(document_id)?;
    let doc = lib.document(document_id)?;
    let layout = |planned: &[aktenscan_store::PlannedPage]| -> Result<Vec<PageRow>, IngestError> {
        planned
            .iter()
            .map(|p| {
                let mut row = rows
                    .iter()
                    .find(|r| r.page_no == p.current_page_no)
                    .cloned()
                    .ok_or_else(|| {
                        StoreError::NotFound(format!("{document_id} page {}", p.current_page_no))
                    })?;
                row.rotation = p.rotation;
                Ok(row)
            })
            .collect()
    };
    let pdf = write_pdf(lib, &doc.record_id, &doc.title, &layout(&plan.pages)?, font)?;
    let split_pdf = match &plan.split_off {
        Some(pages) => {
            let title = plan.split_title.as_deref().unwrap_or(&doc.title);
            Some(write_pdf(
                lib,
                &doc.record_id,
                title,
                &layout(pages)?,
                font,
            )?)
        }
        None => None,
    };
    Ok(PreparedPageEdit {
        plan,
        pdf,
        split_pdf,
    })
}

/// Applies a prepared edit (refused, and nothing changed, when the document is no longer as
/// the plan found it), then re-indexes the record's pages when an index is given.
pub fn apply_prepared_edit(
    lib: &mut Library,
    index: Option<&SearchIndex>,
    prepared: &PreparedPageEdit,
) -> Result<EditedPages, IngestError> {
    let outcome =
        lib.apply_page_edit(&prepared.plan, &prepared.pdf, prepared.split_pdf.as_ref())?;
    let index_error = index.and_then(|index| {
        index
            .refresh_record(lib, &outcome.record_id)
            .err()
            .map(|e| e.to_string())
    });
    Ok(EditedPages {
        outcome,
        index_error,
    })
}

/// The longest side of a thumbnail in pixels.
pub const THUMBNAIL_SIZE: u32 = 240;

/// A small PNG of a stored page, turned upright as the PDF/A shows it, cached in
/// `L/thumbs/<image sha256>-<degrees>-<size>.png` (derived data: may be deleted any time).
/// Returns the cached file's path.
pub fn thumbnail(
    lib: &Library,
    document_id: &str,
    page_no: i64,
    size: u32,
) -> Result<PathBuf, IngestError> {
    let row = lib
        .pages(document_id)?
        .into_iter()
        .find(|p| p.page_no == page_no)
        .ok_or_else(|| StoreError::NotFound(format!("{document_id} Seite {page_no}")))?;
    let degrees = row.display_orientation().degrees();
    let size = size.clamp(16, 2048);
    let dir = lib.root().join("thumbs");
    let path = dir.join(format!("{}-{degrees}-{size}.png", row.image_sha256));
    if path.exists() {
        return Ok(path);
    }
    let io = |path: &std::path::Path| {
        let path = path.to_path_buf();
        move |source| IngestError::Io { path, source }
    };
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    let bytes = lib.read_file(&row.image_file)?;
    let bad = |e: aktenscan_pages::ImageError| IngestError::Io {
        path: lib.path_of(&row.image_file),
        source: std::io::Error::other(format!("Vorschaubild: {e}")),
    };
    let image = Image::decode(&bytes).map_err(bad)?;
    let image = if image.depth() == 1 {
        image.to_gray8().map_err(bad)?
    } else {
        image
    };
    let longest = image.width().max(image.height()).max(1);
    let factor = (size as f32 / longest as f32).min(1.0);
    let small = image.scale(factor).map_err(bad)?;
    let turned = small.rotate_quarters(degrees / 90).map_err(bad)?;
    let (png, _) = turned.encode_lossless().map_err(bad)?;
    lib.write_atomic(&path, &png)?;
    Ok(path)
}
