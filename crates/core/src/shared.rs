//! Reading a shared library as one signed-in person (`aktenscan serve`): every record, document,
//! page and file is checked against her role and clearance where it is read; what she may not
//! see is absent (a guessed id gets the answer of a missing one), and every page shown and every
//! file handed out is an audit entry under her name.

use crate::{CoreError, Result, Workspace};
use aktenscan_index::{SearchRequest, SearchResults};
use aktenscan_model::{AuditAction, Clearance, PageText, Permission, Role};
use aktenscan_store::{acting_as, AuditEntry, DocumentRow, PageRow, RecordRow, StoreError};

/// The signed-in person a request runs as.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub name: String,
    pub role: Role,
    pub clearance: Clearance,
}

/// The pages of one batch a desk scanned and sent (in scan order), with the scanner's facts:
/// they become one document of the record (or several, split at separator sheets).
#[derive(Debug, Clone)]
pub struct SentBatch {
    /// The scanner, its driver and settings, as the desk's `aktenscan scan` wrote them; the
    /// page files and their count are the ones received.
    pub protocol: aktenscan_model::ScanProtocol,
    pub split: aktenscan_split::SplitOptions,
}

/// What a desk sent into a record, as it was received.
#[derive(Debug, Clone, Default)]
pub struct Sending {
    pub files: Vec<std::path::PathBuf>,
    /// The files are the pages of a scanned batch: one document (split as it says) with the
    /// batch's scan protocol. Else each file is a document of its own.
    pub batch: Option<SentBatch>,
    /// What the desk recognised of the files itself (`--ocr arbeitsplatz`), by the file as
    /// received: checked against their pages and stored instead of recognising them here.
    pub recognised: Vec<(std::path::PathBuf, aktenscan_model::RecognisedFile)>,
}

/// What of a page is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageView {
    /// The stored image (JPEG or PNG; TIFF converted to PNG).
    Image,
    /// A small PNG.
    Thumbnail,
    /// The recognised text.
    Text,
    /// The ALTO XML (words with their boxes).
    Alto,
}

impl PageView {
    fn code(self) -> &'static str {
        match self {
            PageView::Image => "bild",
            PageView::Thumbnail => "vorschau",
            PageView::Text => "text",
            PageView::Alto => "alto",
        }
    }
}

/// A page's content and its media type.
#[derive(Debug, Clone)]
pub struct PageContent {
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
}

/// She may not place a record where she could not see it herself: another office or Aktenplan
/// unit (by Aktenzeichen too), a Vertraulichkeitsstufe above her ceiling, personal data without
/// the right to them. Checked on the record as `input` would leave it, before it is written.
fn within_clearance(who: &Viewer, record: &RecordRow, input: &crate::RecordInput) -> Result<()> {
    let patch = input.parse().map_err(CoreError::Invalid)?;
    if aktenscan_index::admits(&who.clearance, &patch.access_after(record)) {
        Ok(())
    } else {
        Err(CoreError::Refused(
            "diese Zuordnung (Aktenzeichen, Aktenplan, Organisationseinheit, Vertraulichkeitsstufe oder Personenbezug) liegt außerhalb Ihrer Berechtigung; die Akte bleibt, wie sie war".into(),
        ))
    }
}

fn hidden(id: &str) -> CoreError {
    CoreError::Store(StoreError::NotFound(id.to_string()))
}

/// An edit the document does not allow (a page it lacks, a turn that is no quarter, a
/// document changed since) is her mistake, told in German; nothing is written.
fn her_mistake(e: CoreError) -> CoreError {
    match e {
        CoreError::Ingest(aktenscan_pipeline::IngestError::Store(StoreError::Invalid(m)))
        | CoreError::Store(StoreError::Invalid(m)) => CoreError::Refused(m),
        e => e,
    }
}

impl Workspace {
    pub(crate) fn require(who: &Viewer, what: Permission) -> Result<()> {
        if who.role.may(what) {
            Ok(())
        } else {
            Err(CoreError::Forbidden {
                role: who.role,
                what,
            })
        }
    }

    /// Searches with the viewer's clearance inside the index (no hit, total or facet count
    /// shows a record she may not see) and checks every hit's record once more in the store.
    pub fn search_as(&mut self, who: &Viewer, request: &SearchRequest) -> Result<SearchResults> {
        Self::require(who, Permission::Search)?;
        let mut request = request.clone();
        request.clearance = who.clearance.clone();
        if request.confidentiality.is_empty() {
            request.confidentiality = who.clearance.levels();
        }
        // The hits' words and records are read of one moment of the store.
        self.with_index(|index, lib| {
            lib.snapshot(|lib| {
                let mut results = index.search(lib, &request)?;
                // Checked again on the records themselves, all the hits' records in one read.
                let ids: std::collections::HashSet<&str> = results
                    .hits
                    .iter()
                    .map(|hit| hit.record_id.as_str())
                    .collect();
                let admitted: std::collections::HashSet<String> = lib
                    .records_access(&ids.into_iter().collect::<Vec<_>>())?
                    .into_iter()
                    .filter(|record| aktenscan_index::admits_access(&who.clearance, record))
                    .map(|record| record.id)
                    .collect();
                results.hits.retain(|hit| admitted.contains(&hit.record_id));
                Ok(results)
            })?
        })
    }

    /// The records the viewer may see, each with its documents.
    pub fn records_as(&self, who: &Viewer) -> Result<Vec<(RecordRow, Vec<DocumentRow>)>> {
        Self::require(who, Permission::View)?;
        let mut out = Vec::new();
        for record in self.lib.records()? {
            if aktenscan_index::admits(&who.clearance, &record) {
                let documents = self.lib.documents(&record.id)?;
                out.push((record, documents));
            }
        }
        Ok(out)
    }

    /// One record by its whole id, and its documents; absent when she may not see it.
    pub fn record_as(&self, who: &Viewer, id: &str) -> Result<(RecordRow, Vec<DocumentRow>)> {
        let record = self.record_seen(who, id)?;
        let documents = self.lib.documents(&record.id)?;
        Ok((record, documents))
    }

    /// One record by its whole id, without its documents; absent when she may not see it.
    fn record_seen(&self, who: &Viewer, id: &str) -> Result<RecordRow> {
        Self::require(who, Permission::View)?;
        let record = self.lib.record(id).map_err(|_| hidden(id))?;
        if record.id != id || !aktenscan_index::admits(&who.clearance, &record) {
            return Err(hidden(id));
        }
        Ok(record)
    }

    /// One document by its whole id, its record and its pages; absent when she may not see
    /// the record.
    pub fn document_as(
        &self,
        who: &Viewer,
        id: &str,
    ) -> Result<(DocumentRow, RecordRow, Vec<PageRow>)> {
        let (document, record) = self.document_seen(who, id)?;
        let pages = self.lib.pages(&document.id)?;
        Ok((document, record, pages))
    }

    /// One document by its whole id and its record, without its pages; absent when she may
    /// not see the record. The check before every use of a document or one of its pages.
    fn document_seen(&self, who: &Viewer, id: &str) -> Result<(DocumentRow, RecordRow)> {
        Self::require(who, Permission::View)?;
        let document = self.lib.document(id).map_err(|_| hidden(id))?;
        let record = self.lib.record(&document.record_id)?;
        if document.id != id || !aktenscan_index::admits(&who.clearance, &record) {
            return Err(hidden(id));
        }
        Ok((document, record))
    }

    /// A page shown to the viewer, with a `page.view` audit entry under her name.
    pub fn page_as(
        &mut self,
        who: &Viewer,
        document: &str,
        page: i64,
        view: PageView,
    ) -> Result<PageContent> {
        self.document_seen(who, document)?;
        let row = self
            .lib
            .page(document, page)
            .map_err(|_| hidden(&format!("{document}/{page}")))?;
        let content = match view {
            PageView::Image => {
                let bytes = self.image_for_display(&row)?;
                let media_type = match aktenscan_pages::ImageEncoding::sniff(&bytes) {
                    Some(aktenscan_pages::ImageEncoding::Jpeg) => "image/jpeg",
                    _ => "image/png",
                };
                PageContent { media_type, bytes }
            }
            PageView::Thumbnail => PageContent {
                media_type: "image/png",
                bytes: std::fs::read(self.thumbnail(document, page)?)
                    .map_err(|e| CoreError::Io(format!("{document}/{page}: {e}")))?,
            },
            PageView::Text => PageContent {
                media_type: "text/plain; charset=utf-8",
                bytes: self.lib.read_file(&row.text_file)?,
            },
            PageView::Alto => PageContent {
                media_type: "application/xml",
                bytes: self.lib.read_file(&row.alto_file)?,
            },
        };
        self.audit_as(
            who,
            AuditAction::PageView,
            &format!("{document}/{page}"),
            serde_json::json!({ "ansicht": view.code() }),
        )?;
        Ok(content)
    }

    /// The words and boxes of a page (for the viewer's highlights), logged as a text view.
    pub fn page_words_as(&mut self, who: &Viewer, document: &str, page: i64) -> Result<PageText> {
        self.document_seen(who, document)?;
        let words = self
            .lib
            .page_text(document, page)
            .map_err(|_| hidden(&format!("{document}/{page}")))?;
        self.audit_as(
            who,
            AuditAction::PageView,
            &format!("{document}/{page}"),
            serde_json::json!({ "ansicht": "wörter" }),
        )?;
        Ok(words)
    }

    /// A document's PDF/A handed out, with a `document.download` audit entry under her name.
    pub fn pdf_as(&mut self, who: &Viewer, document: &str) -> Result<Vec<u8>> {
        let (doc, _) = self.document_seen(who, document)?;
        let Some(pdf) = doc.pdf_file.as_deref() else {
            return Err(hidden(&format!("{document}.pdf")));
        };
        let bytes = self.lib.read_file(pdf)?;
        self.audit_as(
            who,
            AuditAction::DocumentDownload,
            document,
            serde_json::json!({ "pdf_sha256": doc.pdf_sha256 }),
        )?;
        Ok(bytes)
    }

    /// Describes a record the viewer may see, if her role may describe (Sachbearbeiter and
    /// above); the audit entry names her.
    pub fn update_record_as(
        &mut self,
        who: &Viewer,
        id: &str,
        input: &crate::RecordInput,
    ) -> Result<crate::RecordUpdate> {
        Self::require(who, Permission::Describe)?;
        let record = self.record_seen(who, id)?;
        within_clearance(who, &record, input)?;
        let name = who.name.clone();
        acting_as(&name, || self.update_record(id, input))
    }

    /// Sets a document's Betreff, Typ and Datum, if her role may describe and she sees its
    /// record; the audit entry names her.
    pub fn update_document_as(
        &mut self,
        who: &Viewer,
        id: &str,
        input: &crate::DocumentInput,
    ) -> Result<crate::DocumentUpdate> {
        Self::require(who, Permission::Describe)?;
        self.document_seen(who, id)?;
        let name = who.name.clone();
        acting_as(&name, || self.update_document(id, input))
    }

    /// The first half of moving, turning or taking out a page of a document she may see, or
    /// splitting it, if her role may describe: the edit planned and its new PDF/A written,
    /// reading the library only (a shared library's reader does it, beside the other desks).
    /// [`Workspace::apply_page_edit_as`] then applies it.
    pub fn prepare_page_edit_as(
        &self,
        who: &Viewer,
        document: &str,
        edit: aktenscan_store::PageEdit,
        tessdata: &std::path::Path,
    ) -> Result<aktenscan_pipeline::PreparedPageEdit> {
        Self::require(who, Permission::Describe)?;
        self.document_seen(who, document)?;
        let font = aktenscan_pdfa::read_tessdata_font(tessdata)?;
        aktenscan_pipeline::prepare_page_edit(&self.lib, document, edit, &font)
            .map_err(CoreError::from)
            .map_err(her_mistake)
    }

    /// The second half: the prepared edit applied (the writer's turn, kept short), its audit
    /// entry under her name, the index following. Refused, with nothing changed, when another
    /// desk changed the document since it was prepared.
    pub fn apply_page_edit_as(
        &mut self,
        who: &Viewer,
        prepared: &aktenscan_pipeline::PreparedPageEdit,
    ) -> Result<aktenscan_pipeline::EditedPages> {
        Self::require(who, Permission::Describe)?;
        self.document_seen(who, prepared.document_id())?;
        let name = who.name.clone();
        acting_as(&name, || {
            self.with_index(|index, lib| {
                Ok(aktenscan_pipeline::apply_prepared_edit(
                    lib,
                    Some(index),
                    prepared,
                )?)
            })
        })
        .map_err(her_mistake)
    }

    /// What the rules read from the pages of a record she may see, if her role may describe.
    pub fn suggest_as(&self, who: &Viewer, record: &str) -> Result<crate::RecordSuggestions> {
        Self::require(who, Permission::Describe)?;
        self.record_seen(who, record)?;
        self.suggest(record)
    }

    /// Her decisions on the suggestions for a record she may see (see [`Workspace::decide`]),
    /// if her role may describe; the changes and decisions are logged under her name.
    pub fn decide_as(
        &mut self,
        who: &Viewer,
        record: &str,
        decisions: &[crate::Decision],
    ) -> Result<crate::Decided> {
        Self::require(who, Permission::Describe)?;
        let (_, documents) = self.record_as(who, record)?;
        // By whole id, and of this record: any other reads as missing.
        for d in decisions {
            if let Some(doc) = &d.document_id {
                if !documents.iter().any(|x| &x.id == doc) {
                    return Err(hidden(doc));
                }
            }
        }
        let name = who.name.clone();
        let may_change =
            |row: &RecordRow, input: &crate::RecordInput| within_clearance(who, row, input);
        acting_as(&name, || self.decide_within(record, decisions, &may_change))
    }

    /// The Sichtkontrollen recorded for a document she may see, oldest first.
    pub fn scan_checks_as(
        &self,
        who: &Viewer,
        document: &str,
    ) -> Result<Vec<aktenscan_store::ScanCheck>> {
        self.document_seen(who, document)?;
        Ok(self.lib.scan_checks(document)?)
    }

    /// Records her Sichtkontrolle of a document she may see (page verdicts and a note, see
    /// [`Workspace::check_pages`]), if her role checks (Archivar and above); it is stored under
    /// her name.
    pub fn check_pages_as(
        &mut self,
        who: &Viewer,
        document: &str,
        verdicts: &[(i64, bool)],
        note: &str,
    ) -> Result<aktenscan_store::ScanCheck> {
        Self::require(who, Permission::Check)?;
        self.document_seen(who, document)?;
        let name = who.name.clone();
        acting_as(&name, || self.check_pages(document, verdicts, note))
    }

    /// The library's Aktenplan, for anyone who may view (it names units, never records).
    pub fn aktenplan_as(&self, who: &Viewer) -> Result<aktenscan_store::Aktenplan> {
        Self::require(who, Permission::View)?;
        self.aktenplan()
    }

    /// Writes an xdomea package of records she may all see (by their whole ids) into `out`, if
    /// her role exports (Archivar and above); a record hidden from her is absent, and nothing is
    /// written. Each exported record is an audit entry under her name.
    pub fn export_as(
        &mut self,
        who: &Viewer,
        kind: aktenscan_xdomea::MessageKind,
        records: &[String],
        out: &std::path::Path,
    ) -> Result<aktenscan_xdomea::Written> {
        Self::require(who, Permission::Export)?;
        for id in records {
            self.record_seen(who, id)?;
        }
        let request = self.export_request(kind, Default::default(), records.to_vec(), None)?;
        let name = who.name.clone();
        acting_as(&name, || self.export(&request, out, false))
    }

    /// Whether she may add pages to this record: her role captures (Sachbearbeiter and above)
    /// and she sees the record (otherwise it is absent to her).
    pub fn may_capture_as(&self, who: &Viewer, record: &str) -> Result<()> {
        Self::require(who, Permission::Capture)?;
        self.record_seen(who, record)?;
        Ok(())
    }

    /// The documents of a record she may capture into that were stored from files under
    /// `folder` (a sending repeated with the same key finds what the first one stored).
    pub fn stored_from_as(
        &self,
        who: &Viewer,
        record: &str,
        folder: &std::path::Path,
    ) -> Result<Vec<DocumentRow>> {
        Self::require(who, Permission::Capture)?;
        let (_, documents) = self.record_as(who, record)?;
        Ok(documents
            .into_iter()
            .filter(|d| std::path::Path::new(&d.source_path).starts_with(folder))
            .collect())
    }

    /// Files a person sent (to the server) stored into a record she may see, if her role may
    /// capture (Sachbearbeiter and above): recognised (unless the desk did, and its text fits
    /// the pages), archived and indexed as an ingest on this machine; the audit entries name
    /// her. Each file is a document of its own, unless they are the pages of a scanned batch
    /// (see [`Sending`]). A file that cannot be read is in the report's failures with its
    /// reason, and nothing of it is stored; a desk's recognition that does not fit its page
    /// refuses the sending.
    pub fn capture_as(
        &mut self,
        who: &Viewer,
        record: &str,
        sent: Sending,
        settings: &aktenscan_pipeline::Settings,
        cancel: &std::sync::atomic::AtomicBool,
    ) -> Result<aktenscan_pipeline::IngestReport> {
        self.may_capture_as(who, record)?;
        let Sending {
            files,
            batch,
            recognised,
        } = sent;
        let files = &files[..];
        let (split, scan) = match batch {
            Some(SentBatch {
                mut protocol,
                split,
            }) => {
                protocol.files = files.to_vec();
                protocol.pages_scanned = files.len();
                (split, Some(protocol))
            }
            None => (Default::default(), None),
        };
        let early = aktenscan_pipeline::Recognitions::from_desk(recognised, settings.limits)
            .map_err(CoreError::Refused)?;
        let request = aktenscan_pipeline::IngestRequest {
            paths: files.to_vec(),
            title: None,
            aktenzeichen: None,
            record_id: Some(record.to_string()),
            split,
            scan,
        };
        let name = who.name.clone();
        acting_as(&name, || {
            self.ingest_recognised(
                &request,
                settings,
                &mut |_: &aktenscan_pipeline::Event| {},
                cancel,
                early,
            )
        })
    }

    /// Signs a person in at the gate (her local password, or the directory for a name without
    /// one), logs the attempt (a refused one too, never the password), keeps a directory
    /// person's role and clearance as her account, and gives the session with the person as her
    /// account now stands.
    pub fn sign_in(
        &mut self,
        gate: &aktenscan_access::Gate,
        name: &str,
        password: &str,
        from: &str,
    ) -> Result<(aktenscan_access::SignedIn, aktenscan_access::Person)> {
        let outcome = gate.sign_in(&self.lib, name, password, from);
        let refused = matches!(outcome, Err(aktenscan_access::AccessError::Refused));
        if outcome.is_ok() || refused {
            self.note_sign_in(name, from, !refused)?;
        }
        let signed = outcome?;
        if let Some(person) = &signed.from_directory {
            self.note_directory_account(person)?;
        }
        let person = gate
            .person(&self.lib, &signed.token)?
            .ok_or(aktenscan_access::AccessError::Refused)?;
        Ok((signed, person))
    }

    /// Logs a sign-in (`session.signin`, as the person) or a refused one (`session.refused`):
    /// the name typed and the client's address, never the password.
    fn note_sign_in(&mut self, name: &str, from: &str, accepted: bool) -> Result<()> {
        let name = aktenscan_store::normal_name(name);
        let subject = format!("account:{name}");
        let details = serde_json::json!({ "von": from });
        let lib = &mut self.lib;
        if accepted {
            acting_as(&name, || lib.audit(AuditAction::SignIn, &subject, &details))?;
        } else {
            lib.audit(AuditAction::SignInRefused, &subject, &details)?;
        }
        Ok(())
    }

    fn audit_as(
        &mut self,
        who: &Viewer,
        action: AuditAction,
        subject: &str,
        details: serde_json::Value,
    ) -> Result<()> {
        let lib = &mut self.lib;
        acting_as(&who.name, || lib.audit(action, subject, &details))?;
        Ok(())
    }

    /// What a person did in the library between two times (RFC 3339 or `YYYY-MM-DD`, both
    /// inclusive; a date alone means the whole day): her views, downloads, exports, changes and
    /// sign-ins, oldest first. The DSGVO Auskunft of `aktenscan audit report`.
    pub fn audit_report(
        &self,
        person: &str,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Vec<AuditEntry>> {
        let person = aktenscan_store::normal_name(person);
        let to = to.map(|t| {
            if t.len() == 10 {
                format!("{t}T23:59:59.999999999Z")
            } else {
                t.to_string()
            }
        });
        Ok(self
            .lib
            .audit_entries()?
            .into_iter()
            .filter(|e| aktenscan_store::normal_name(&e.actor) == person)
            .filter(|e| from.is_none_or(|f| e.at.as_str() >= f))
            .filter(|e| to.as_deref().is_none_or(|t| e.at.as_str() <= t))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aktenscan_model::{
        BBox, Block, Confidentiality, Line, OcrFacts, PageText, TextSource, Word,
    };
    use aktenscan_store::{Library, NewPage, NewRecord, RecordPatch};

    /// A record of the Bauamt with one indexed page holding `word`; returns its id.
    fn record_with_page(lib: &mut Library, title: &str, word: &str) -> String {
        let record = lib
            .create_record(&NewRecord {
                title: title.into(),
                office: Some("Bauamt".into()),
                ..Default::default()
            })
            .unwrap();
        let image = lib.put_file(title.as_bytes(), "png").unwrap();
        let doc = lib
            .add_document(&record.id, 1, title, "/eingang/seite.png", &image, 1)
            .unwrap();
        let bbox = BBox::new(20, 30, 120, 20);
        let text = PageText {
            width: 800,
            height: 1100,
            blocks: vec![Block {
                bbox,
                lines: vec![Line {
                    bbox,
                    words: vec![Word {
                        text: word.into(),
                        bbox,
                        confidence: 0.9,
                    }],
                }],
            }],
        };
        let text_file = lib.put_file(word.as_bytes(), "txt").unwrap();
        lib.add_page(&NewPage {
            document_id: doc.id.clone(),
            page_no: 1,
            image,
            width: 800,
            height: 1100,
            dpi: (300.0, 300.0),
            origin: "image".into(),
            facts: OcrFacts {
                source: TextSource::Ocr {
                    model: "deu".into(),
                },
                orientation: Default::default(),
                orientation_confidence: None,
                skew_degrees: 0.0,
                script: None,
                mean_confidence: Some(0.9),
                ocr_ms: 0,
            },
            alto: text_file.clone(),
            text_file,
            text,
        })
        .unwrap();
        let pdf = lib.put_file(b"%PDF-1.7\n%%EOF\n", "pdf").unwrap();
        lib.complete_document(&doc.id, &pdf).unwrap();
        record.id
    }

    fn found(ws: &mut Workspace, who: &Viewer, word: &str) -> Vec<String> {
        let mut ids: Vec<String> = ws
            .search_as(who, &SearchRequest::new(word))
            .unwrap()
            .hits
            .into_iter()
            .map(|hit| hit.record_id)
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn a_hit_whose_record_the_index_still_shows_open_is_checked_again_on_the_record() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let open = record_with_page(&mut lib, "Bauakte Mühlweg 3", "Dachgaube");
        let closing = record_with_page(&mut lib, "Bauakte Lindenstraße 4", "Dachgaube");
        let mut ws = Workspace::open(dir.path()).unwrap();
        let reader = Viewer {
            name: "meier".into(),
            role: Role::Leser,
            clearance: Clearance::granted(&["Bauamt"], &[]),
        };
        let mut both = vec![open.clone(), closing.clone()];
        both.sort();
        assert_eq!(found(&mut ws, &reader, "Dachgaube"), both);
        // Made confidential in the library by another connection; the index does not know yet.
        lib.update_record(
            &closing,
            &RecordPatch {
                confidentiality: Some(Confidentiality::Vertraulich),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(found(&mut ws, &reader, "Dachgaube"), [open]);
        let everything = Viewer {
            clearance: Clearance::owner(),
            ..reader
        };
        assert_eq!(found(&mut ws, &everything, "Dachgaube"), both);
    }
}
