//! Editing the pages of a stored document: move, rotate, delete, split into two documents.
//!
//! An edit is planned first ([`Library::plan_page_edit`]: checked, nothing written), so the
//! caller can build the new PDF/A(s) from the planned page order; then
//! [`Library::apply_page_edit`] changes the rows, sets the new PDF/A and writes the audit entry
//! in one transaction. Page images, ALTO and text files are never removed: a deleted page leaves
//! its document, its content-addressed files stay (the audit entry names their hashes).

use crate::{new_id, now_utc, DocumentRow, Library, PageRow, Result, StoreError, StoredFile};
use aktenscan_model::{AuditAction, DocumentStatus};
use rusqlite::params;
use serde::{Deserialize, Serialize};

/// One edit of a document's pages. Page numbers are 1-based, as the clerk sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum PageEdit {
    /// Move page `from` so that it becomes page `to`.
    Move { from: i64, to: i64 },
    /// Turn a page by `degrees` clockwise (a multiple of 90; negative turns left).
    Rotate { page: i64, degrees: i64 },
    /// Take a page out of the document (its stored files stay).
    Delete { page: i64 },
    /// Start a new document of the same record at this page (2 … page count).
    SplitAt { page: i64 },
}

/// A page in a planned layout: its current number and its rotation afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedPage {
    pub current_page_no: i64,
    pub rotation: i64,
}

/// What an edit will do, checked against the stored document; nothing is written yet.
#[derive(Debug, Clone, Serialize)]
pub struct PageEditPlan {
    pub edit: PageEdit,
    pub document_id: String,
    pub record_id: String,
    /// The document's pages afterwards, in order.
    pub pages: Vec<PlannedPage>,
    /// For a split: the pages of the new document, in order.
    pub split_off: Option<Vec<PlannedPage>>,
    /// Title of the new document of a split.
    pub split_title: Option<String>,
    /// The document as the plan found it: each page's number, image and turn, and its PDF/A.
    /// The edit is refused if any of it changed since (another desk's edit in between: the
    /// plan and its PDF/A are made before the writer's turn, see `aktenscan_pipeline`).
    #[serde(skip)]
    before: (Vec<(i64, String, i64)>, Option<String>),
}

/// What a plan compares: the pages' numbers, images and turns, and the document's PDF/A.
fn state_of(rows: &[PageRow], doc: &DocumentRow) -> (Vec<(i64, String, i64)>, Option<String>) {
    (
        rows.iter()
            .map(|r| (r.page_no, r.image_sha256.clone(), r.rotation))
            .collect(),
        doc.pdf_sha256.clone(),
    )
}

/// What an applied edit left.
#[derive(Debug, Clone, Serialize)]
pub struct PageEditOutcome {
    pub edit: PageEdit,
    pub document_id: String,
    pub record_id: String,
    pub pages: usize,
    pub pdf_sha256: String,
    /// The document a split created, with its page count.
    pub new_document: Option<NewDocumentInfo>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NewDocumentInfo {
    pub id: String,
    pub title: String,
    pub pages: usize,
    pub pdf_sha256: String,
}

fn invalid(msg: String) -> StoreError {
    StoreError::Invalid(msg)
}

impl PageEdit {
    /// The edit in German words, for messages and the audit log.
    pub fn describe(&self) -> String {
        match *self {
            PageEdit::Move { from, to } => format!("Seite {from} an Stelle {to} verschoben"),
            PageEdit::Rotate { page, degrees } => {
                format!("Seite {page} um {degrees}° im Uhrzeigersinn gedreht")
            }
            PageEdit::Delete { page } => format!("Seite {page} entfernt"),
            PageEdit::SplitAt { page } => format!("ab Seite {page} als neues Dokument abgetrennt"),
        }
    }
}

impl Library {
    /// Checks an edit against the document and returns the page layout it leads to.
    /// Refused (as [`StoreError::Invalid`], in German) for a document still being captured,
    /// page numbers outside the document, a rotation that is no quarter turn, deleting the
    /// only page, or a split at the first page.
    pub fn plan_page_edit(&self, document_id: &str, edit: PageEdit) -> Result<PageEditPlan> {
        let doc = self.document(document_id)?;
        if doc.status != DocumentStatus::Complete {
            return Err(invalid(format!(
                "Das Dokument „{}“ wird noch erfasst; seine Seiten können erst danach bearbeitet werden.",
                doc.title
            )));
        }
        let rows = self.pages(document_id)?;
        let n = rows.len() as i64;
        let check = |p: i64| -> Result<usize> {
            if (1..=n).contains(&p) {
                Ok((p - 1) as usize)
            } else {
                Err(invalid(format!(
                    "Seite {p} gibt es nicht: das Dokument hat {n} Seite(n)."
                )))
            }
        };
        let mut pages: Vec<PlannedPage> = rows
            .iter()
            .map(|r: &PageRow| PlannedPage {
                current_page_no: r.page_no,
                rotation: r.rotation.rem_euclid(360),
            })
            .collect();
        let mut split_off = None;
        let mut split_title = None;
        match edit {
            PageEdit::Move { from, to } => {
                let from = check(from)?;
                let to = check(to)?;
                let page = pages.remove(from);
                pages.insert(to, page);
            }
            PageEdit::Rotate { page, degrees } => {
                let i = check(page)?;
                if degrees % 90 != 0 {
                    return Err(invalid(format!(
                        "Drehen geht nur in Vierteldrehungen (90, 180, 270 Grad), nicht um {degrees} Grad."
                    )));
                }
                pages[i].rotation = (pages[i].rotation + degrees).rem_euclid(360);
            }
            PageEdit::Delete { page } => {
                let i = check(page)?;
                if n == 1 {
                    return Err(invalid(
                        "Die einzige Seite eines Dokuments kann nicht entfernt werden.".into(),
                    ));
                }
                pages.remove(i);
            }
            PageEdit::SplitAt { page } => {
                let i = check(page)?;
                if i == 0 {
                    return Err(invalid(
                        "Ein Dokument kann erst ab Seite 2 geteilt werden.".into(),
                    ));
                }
                split_off = Some(pages.split_off(i));
                split_title = Some(format!("{} (ab Seite {page})", doc.title));
            }
        }
        let before = state_of(&rows, &doc);
        Ok(PageEditPlan {
            edit,
            document_id: doc.id,
            record_id: doc.record_id,
            pages,
            split_off,
            split_title,
            before,
        })
    }

    /// Applies a planned edit with the document's new PDF/A (and, for a split, the new
    /// document's) in one transaction: page numbers and rotations, the page count, the PDF,
    /// a new document for a split (placed right after the old one in its record), and one
    /// audit entry (`document.pages`; a split also `document.split` on the new document).
    pub fn apply_page_edit(
        &mut self,
        plan: &PageEditPlan,
        pdf: &StoredFile,
        split_pdf: Option<&StoredFile>,
    ) -> Result<PageEditOutcome> {
        let doc = self.document(&plan.document_id)?;
        let rows = self.pages(&plan.document_id)?;
        if state_of(&rows, &doc) != plan.before || doc.status != DocumentStatus::Complete {
            return Err(invalid(
                "Das Dokument wurde inzwischen geändert; bitte die Seiten neu laden.".into(),
            ));
        }
        let split_pdf = match (&plan.split_off, split_pdf) {
            (Some(_), Some(p)) => Some(p),
            (None, _) => None,
            (Some(_), None) => {
                return Err(invalid(
                    "internal: a split needs the new document's PDF/A".into(),
                ))
            }
        };
        let row_of = |no: i64| rows.iter().find(|r| r.page_no == no);
        let kept: std::collections::BTreeSet<i64> = plan
            .pages
            .iter()
            .chain(plan.split_off.iter().flatten())
            .map(|p| p.current_page_no)
            .collect();
        let removed: Vec<serde_json::Value> = rows
            .iter()
            .filter(|r| !kept.contains(&r.page_no))
            .map(|r| {
                serde_json::json!({
                    "page": r.page_no,
                    "image_sha256": r.image_sha256,
                    "alto_sha256": r.alto_sha256,
                    "text_sha256": r.text_sha256,
                })
            })
            .collect();
        let order = |pages: &[PlannedPage]| -> Vec<serde_json::Value> {
            pages
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "from_page": p.current_page_no,
                        "rotation": p.rotation,
                        "image_sha256": row_of(p.current_page_no).map(|r| r.image_sha256.clone()),
                    })
                })
                .collect()
        };
        let tx = self.db.transaction()?;
        // Out of the way first: (document, page_no) is the key, so renumber through negatives.
        tx.execute(
            "UPDATE pages SET page_no = -page_no WHERE document_id = ?1",
            [&doc.id],
        )?;
        for (i, p) in plan.pages.iter().enumerate() {
            tx.execute(
                "UPDATE pages SET page_no = ?3, rotation = ?4 WHERE document_id = ?1 AND page_no = ?2",
                params![doc.id, -p.current_page_no, i as i64 + 1, p.rotation],
            )?;
        }
        let mut new_document = None;
        if let (Some(split), Some(split_pdf)) = (&plan.split_off, split_pdf) {
            let id = new_id();
            let title = plan
                .split_title
                .clone()
                .unwrap_or_else(|| doc.title.clone());
            // Make room right after the old document (positions are unique per record).
            tx.execute(
                "UPDATE documents SET position = -position - 1 WHERE record_id = ?1 AND position > ?2",
                params![doc.record_id, doc.position],
            )?;
            tx.execute(
                "UPDATE documents SET position = -position WHERE record_id = ?1 AND position < 0",
                [&doc.record_id],
            )?;
            tx.execute(
                "INSERT INTO documents (id, record_id, position, title, doc_type, doc_date, source_path,
                     original_file, original_sha256, page_count, pdf_file, pdf_sha256, status, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'complete', ?13)",
                params![
                    id,
                    doc.record_id,
                    doc.position + 1,
                    title,
                    doc.doc_type,
                    doc.doc_date.map(|d| d.to_string()),
                    doc.source_path,
                    doc.original_file,
                    doc.original_sha256,
                    split.len() as i64,
                    split_pdf.path,
                    split_pdf.sha256,
                    now_utc()
                ],
            )?;
            for (i, p) in split.iter().enumerate() {
                tx.execute(
                    "UPDATE pages SET document_id = ?3, page_no = ?4, rotation = ?5
                     WHERE document_id = ?1 AND page_no = ?2",
                    params![doc.id, -p.current_page_no, id, i as i64 + 1, p.rotation],
                )?;
            }
            crate::audit::append(
                &tx,
                AuditAction::DocumentSplit,
                &id,
                &serde_json::json!({
                    "split_from": doc.id,
                    "at_page": plan.pages.len() + 1,
                    "title": title,
                    "pages": order(split),
                    "pdf_sha256": split_pdf.sha256,
                }),
            )?;
            new_document = Some(NewDocumentInfo {
                id,
                title,
                pages: split.len(),
                pdf_sha256: split_pdf.sha256.clone(),
            });
        }
        // What is still negative was deleted from the document.
        tx.execute(
            "DELETE FROM pages WHERE document_id = ?1 AND page_no < 0",
            [&doc.id],
        )?;
        tx.execute(
            "UPDATE documents SET page_count = ?2, pdf_file = ?3, pdf_sha256 = ?4 WHERE id = ?1",
            params![doc.id, plan.pages.len() as i64, pdf.path, pdf.sha256],
        )?;
        let mut details = serde_json::json!({
            "edit": plan.edit,
            "beschreibung": plan.edit.describe(),
            "pages_before": rows.len(),
            "pages_after": plan.pages.len(),
            "order": order(&plan.pages),
            "pdf_sha256_before": doc.pdf_sha256,
            "pdf_sha256": pdf.sha256,
        });
        if !removed.is_empty() {
            details["removed"] = serde_json::Value::Array(removed);
        }
        if let Some(n) = &new_document {
            details["new_document"] = serde_json::json!(n.id);
        }
        crate::audit::append(&tx, AuditAction::DocumentPages, &doc.id, &details)?;
        tx.commit()?;
        Ok(PageEditOutcome {
            edit: plan.edit,
            document_id: doc.id,
            record_id: doc.record_id,
            pages: plan.pages.len(),
            pdf_sha256: pdf.sha256.clone(),
            new_document,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{NewPage, NewRecord};
    use aktenscan_model::{BBox, Block, Line, OcrFacts, PageText, TextSource, Word};

    /// A record with one complete document of `n` pages whose texts are "Seite 1" … "Seite n".
    fn document(lib: &mut Library, n: i64) -> String {
        let r = lib
            .create_record(&NewRecord {
                title: "Bauakte".into(),
                ..Default::default()
            })
            .unwrap();
        let original = lib.put_file(b"original", "pdf").unwrap();
        let d = lib
            .add_document(&r.id, 0, "Antrag", "/eingang/a.pdf", &original, n)
            .unwrap();
        for i in 1..=n {
            let file = |ext: &str| lib.put_file(format!("Seite {i} {ext}").as_bytes(), ext);
            let (image, alto, text_file) = (
                file("png").unwrap(),
                file("alto.xml").unwrap(),
                file("txt").unwrap(),
            );
            lib.add_page(&NewPage {
                document_id: d.id.clone(),
                page_no: i,
                image,
                width: 100,
                height: 200,
                dpi: (300.0, 300.0),
                origin: "image".into(),
                facts: OcrFacts {
                    source: TextSource::Blank,
                    orientation: Default::default(),
                    orientation_confidence: None,
                    skew_degrees: 0.0,
                    script: None,
                    mean_confidence: None,
                    ocr_ms: 0,
                },
                alto,
                text_file,
                text: PageText {
                    width: 100,
                    height: 200,
                    blocks: vec![Block {
                        bbox: BBox::new(0, 0, 50, 10),
                        lines: vec![Line {
                            bbox: BBox::new(0, 0, 50, 10),
                            words: vec![Word {
                                text: format!("Seite{i}"),
                                bbox: BBox::new(0, 0, 50, 10),
                                confidence: 0.9,
                            }],
                        }],
                    }],
                },
            })
            .unwrap();
        }
        let pdf = lib.put_file(b"pdf 1", "pdf").unwrap();
        lib.complete_document(&d.id, &pdf).unwrap();
        d.id
    }

    fn images(lib: &Library, doc: &str) -> Vec<String> {
        lib.pages(doc)
            .unwrap()
            .into_iter()
            .map(|p| String::from_utf8(lib.read_file(&p.image_file).unwrap()).unwrap())
            .collect()
    }

    /// The words a search reads for each page of a document (their packing), in page order;
    /// and checks that no packing is left over from a page that moved or went.
    fn searched_words(lib: &Library, doc: &str) -> Vec<String> {
        let (pages, packed): (i64, i64) = lib
            .db
            .query_row(
                "SELECT (SELECT count(*) FROM pages), (SELECT count(*) FROM page_words)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(pages, packed, "one packing per page");
        lib.pages(doc)
            .unwrap()
            .iter()
            .map(|p| {
                let words = lib.page_words(doc, p.page_no).unwrap();
                words.iter().map(|(t, _)| t.to_string()).collect()
            })
            .collect()
    }

    fn apply(lib: &mut Library, doc: &str, edit: PageEdit) -> PageEditOutcome {
        let plan = lib.plan_page_edit(doc, edit).unwrap();
        let pdf = lib.put_file(format!("{edit:?}").as_bytes(), "pdf").unwrap();
        let split = plan
            .split_off
            .as_ref()
            .map(|_| lib.put_file(b"split", "pdf").unwrap());
        lib.apply_page_edit(&plan, &pdf, split.as_ref()).unwrap()
    }

    #[test]
    fn move_rotate_delete_are_stored_with_an_audit_entry_each() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let doc = document(&mut lib, 4);
        apply(&mut lib, &doc, PageEdit::Move { from: 3, to: 1 });
        assert_eq!(
            images(&lib, &doc),
            ["Seite 3 png", "Seite 1 png", "Seite 2 png", "Seite 4 png"]
        );
        assert_eq!(
            searched_words(&lib, &doc),
            ["Seite3", "Seite1", "Seite2", "Seite4"]
        );
        // A page read alone (as a page view reads it) is the one now at that place.
        let first = lib.page(&doc, 1).unwrap();
        assert_eq!(lib.read_file(&first.image_file).unwrap(), b"Seite 3 png");
        apply(
            &mut lib,
            &doc,
            PageEdit::Rotate {
                page: 2,
                degrees: -90,
            },
        );
        let rows = lib.pages(&doc).unwrap();
        assert_eq!(rows[1].rotation, 270);
        assert_eq!(
            rows[1].display_orientation(),
            aktenscan_model::Orientation::Cw270
        );
        let deleted = rows[3].image_file.clone();
        let out = apply(&mut lib, &doc, PageEdit::Delete { page: 4 });
        assert_eq!(out.pages, 3);
        assert_eq!(lib.document(&doc).unwrap().page_count, 3);
        assert_eq!(
            lib.document(&doc).unwrap().pdf_sha256.as_deref(),
            Some(out.pdf_sha256.as_str())
        );
        // The deleted page's image is still stored.
        assert_eq!(lib.read_file(&deleted).unwrap(), b"Seite 4 png");
        assert_eq!(
            images(&lib, &doc),
            ["Seite 3 png", "Seite 1 png", "Seite 2 png"]
        );
        assert_eq!(searched_words(&lib, &doc), ["Seite3", "Seite1", "Seite2"]);
        assert!(matches!(lib.page(&doc, 4), Err(StoreError::NotFound(_))));
        let entries = lib.audit_entries_for(&[&doc]).unwrap();
        let edits: Vec<_> = entries
            .iter()
            .filter(|e| e.action() == Some(AuditAction::DocumentPages))
            .collect();
        assert_eq!(edits.len(), 3);
        assert!(edits[2].details.contains("Seite 4 entfernt"));
        assert!(edits[2].details.contains("removed"));
        assert_eq!(lib.verify_audit_chain().unwrap(), Ok(entries.len() + 1));
    }

    #[test]
    fn pages_stored_before_their_words_were_packed_are_searched_from_json_until_packed() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let doc = document(&mut lib, 3);
        let packed = searched_words(&lib, &doc);
        // As a library of schema version 4 has them: no packing at all.
        lib.db.execute("DELETE FROM page_words", []).unwrap();
        let from_json: Vec<String> = (1..=3)
            .map(|n| {
                let words = lib.page_words(&doc, n).unwrap();
                words.iter().map(|(t, _)| t.to_string()).collect()
            })
            .collect();
        assert_eq!(from_json, packed);
        let mut seen = Vec::new();
        assert_eq!(
            lib.pack_words(&mut |done, total| seen.push((done, total)))
                .unwrap(),
            3
        );
        assert_eq!(seen.last(), Some(&(3, 3)));
        assert_eq!(searched_words(&lib, &doc), packed);
        assert_eq!(lib.pack_words(&mut |_, _| {}).unwrap(), 0, "nothing left");
        assert!(matches!(
            lib.page_words(&doc, 9),
            Err(StoreError::NotFound(_))
        ));
    }

    #[test]
    fn a_plan_made_before_another_edit_is_refused_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let doc = document(&mut lib, 3);
        // Two desks plan at once: one turns page 1, the other moves page 3 to the front.
        let turn = lib
            .plan_page_edit(
                &doc,
                PageEdit::Rotate {
                    page: 1,
                    degrees: 90,
                },
            )
            .unwrap();
        apply(&mut lib, &doc, PageEdit::Move { from: 3, to: 1 });
        let before = (images(&lib, &doc), lib.document(&doc).unwrap().pdf_sha256);
        // The page numbers are 1, 2, 3 as before, but page 1 is another page now.
        let pdf = lib.put_file(b"turned", "pdf").unwrap();
        let err = lib.apply_page_edit(&turn, &pdf, None).unwrap_err();
        assert!(err.to_string().contains("inzwischen geändert"), "{err}");
        assert_eq!(
            (images(&lib, &doc), lib.document(&doc).unwrap().pdf_sha256),
            before
        );
        assert!(lib.pages(&doc).unwrap().iter().all(|p| p.rotation == 0));
    }

    #[test]
    fn a_split_makes_a_new_document_right_after_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let doc = document(&mut lib, 4);
        let record = lib.document(&doc).unwrap().record_id;
        // A second document after it, to see the positions shift.
        let original = lib.put_file(b"zweites", "pdf").unwrap();
        let later = lib
            .add_document(&record, 1, "Bescheid", "/eingang/b.pdf", &original, 0)
            .unwrap();
        let out = apply(&mut lib, &doc, PageEdit::SplitAt { page: 3 });
        let new = out.new_document.unwrap();
        assert_eq!((out.pages, new.pages), (2, 2));
        assert_eq!(images(&lib, &doc), ["Seite 1 png", "Seite 2 png"]);
        assert_eq!(images(&lib, &new.id), ["Seite 3 png", "Seite 4 png"]);
        assert_eq!(searched_words(&lib, &doc), ["Seite1", "Seite2"]);
        assert_eq!(searched_words(&lib, &new.id), ["Seite3", "Seite4"]);
        let docs: Vec<_> = lib
            .documents(&record)
            .unwrap()
            .into_iter()
            .map(|d| (d.id, d.position, d.page_count, d.status))
            .collect();
        assert_eq!(
            docs,
            [
                (doc.clone(), 0, 2, DocumentStatus::Complete),
                (new.id.clone(), 1, 2, DocumentStatus::Complete),
                (later.id, 2, 0, DocumentStatus::Ingesting),
            ]
        );
        assert_eq!(new.title, "Antrag (ab Seite 3)");
        let split = lib.audit_entries_for(&[&new.id]).unwrap();
        assert_eq!(split[0].action(), Some(AuditAction::DocumentSplit));
        assert!(split[0].details.contains(&doc));
    }

    #[test]
    fn impossible_edits_are_refused_in_german_and_change_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let doc = document(&mut lib, 2);
        let msg = |lib: &Library, e| lib.plan_page_edit(&doc, e).unwrap_err().to_string();
        assert!(msg(&lib, PageEdit::Delete { page: 3 }).contains("Seite 3 gibt es nicht"));
        assert!(msg(&lib, PageEdit::Move { from: 0, to: 1 }).contains("Seite 0 gibt es nicht"));
        assert!(msg(
            &lib,
            PageEdit::Rotate {
                page: 1,
                degrees: 45
            }
        )
        .contains("Vierteldrehungen"));
        assert!(msg(&lib, PageEdit::SplitAt { page: 1 }).contains("ab Seite 2"));
        apply(&mut lib, &doc, PageEdit::Delete { page: 1 });
        assert!(msg(&lib, PageEdit::Delete { page: 1 }).contains("einzige Seite"));
        // A plan made before another edit is refused when applied.
        let doc2 = document(&mut lib, 3);
        let stale = lib
            .plan_page_edit(&doc2, PageEdit::Delete { page: 1 })
            .unwrap();
        apply(&mut lib, &doc2, PageEdit::Delete { page: 2 });
        let pdf = lib.put_file(b"x", "pdf").unwrap();
        assert!(lib
            .apply_page_edit(&stale, &pdf, None)
            .unwrap_err()
            .to_string()
            .contains("inzwischen geändert"));
        assert_eq!(lib.pages(&doc2).unwrap().len(), 2);
    }
}
