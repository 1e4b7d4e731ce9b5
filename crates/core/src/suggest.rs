//! Suggestions while describing a record (the `aktenscan-suggest` rules over the library's
//! pages), and the clerk's decision on each: an accepted value is applied like any edit of the
//! form (checked, audited, re-indexed), and every decision, accepted or refused, is an audit
//! entry of its own.

use crate::{CoreError, DocumentInput, RecordInput, Result, Workspace};
use aktenscan_model::{AuditAction, Field};
use aktenscan_suggest::{Context, DocumentText, DocumentTypes, RecordSuggestions};
use serde::{Deserialize, Serialize};

/// The clerk's decision on one suggestion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Decision {
    /// The document the suggestion is for; `None` for a record field.
    pub document_id: Option<String>,
    #[ts(type = "string")]
    pub field: Field,
    /// The suggested value as the form takes it.
    pub value: String,
    /// `true`: Übernehmen; `false`: Verwerfen.
    pub accept: bool,
}

/// What the decisions did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
pub struct Decided {
    pub accepted: usize,
    pub refused: usize,
}

const RECORD_FIELDS: [Field; 4] = [
    Field::Aktenzeichen,
    Field::AktenplanUnit,
    Field::Laufzeit,
    Field::PersonalData,
];
const DOCUMENT_FIELDS: [Field; 3] = [Field::DocDate, Field::DocType, Field::Title];

impl Workspace {
    /// What the rules read from a record's pages: per document Datum, Typ, Betreff; for the
    /// record Aktenzeichen, Aktenplaneinheit, Laufzeit and Personenbezug, each with its words.
    /// What the record already says, and what the clerk refused before, is left out.
    pub fn suggest(&self, record: &str) -> Result<RecordSuggestions> {
        let id = self.record_id(record)?;
        let mut out = self.suggest_all(&id)?;
        let lib = &self.lib;
        let docs = lib.documents(&id)?;
        // What the record already says, and what the clerk refused before, is not suggested.
        let mut subjects = vec![id.as_str()];
        subjects.extend(docs.iter().map(|d| d.id.as_str()));
        let refused: Vec<(String, String, String)> = lib
            .audit_entries_for(&subjects)?
            .into_iter()
            .filter(|e| e.action() == Some(AuditAction::SuggestionRefuse))
            .filter_map(|e| {
                let v: serde_json::Value = serde_json::from_str(&e.details).ok()?;
                Some((
                    e.subject.clone(),
                    v.get("field")?.as_str()?.to_string(),
                    v.get("value")?.as_str()?.to_string(),
                ))
            })
            .collect();
        let was_refused = |subject: &str, s: &aktenscan_suggest::Suggestion| {
            refused
                .iter()
                .any(|(sub, f, v)| sub == subject && f == s.field.code() && *v == s.value)
        };
        let record = lib.record(&id)?;
        out.suggestions.retain(|s| {
            let current = match s.field {
                Field::Aktenzeichen => record.aktenzeichen.clone(),
                Field::AktenplanUnit => record.aktenplan_unit.clone(),
                Field::Laufzeit => record.laufzeit().map(|l| l.to_string()),
                Field::PersonalData => record.personal_data.then(|| "ja".to_string()),
                _ => None,
            };
            current.as_deref() != Some(s.value.as_str()) && !was_refused(&id, s)
        });
        for (d, suggested) in docs.iter().zip(out.documents.iter_mut()) {
            suggested.suggestions.retain(|s| {
                let current = match s.field {
                    Field::DocDate => d.doc_date.map(|x| x.to_string()),
                    Field::DocType => d.doc_type.clone(),
                    Field::Title => Some(d.title.clone()),
                    _ => None,
                };
                current.as_deref() != Some(s.value.as_str()) && !was_refused(&d.id, s)
            });
        }
        Ok(out)
    }

    /// Everything the rules read from a record's pages, also what the record already says (the
    /// benchmark compares it with the known values).
    pub fn suggest_all(&self, record: &str) -> Result<RecordSuggestions> {
        let id = self.record_id(record)?;
        let lib = &self.lib;
        let known: Vec<String> = lib
            .records()?
            .into_iter()
            .filter(|r| r.id != id)
            .filter_map(|r| r.aktenzeichen)
            .collect();
        let plan: Vec<(String, String)> = aktenscan_store::Aktenplan::for_library(lib.root())?
            .entries
            .into_iter()
            .map(|e| (e.kennzeichen, e.titel))
            .collect();
        let types =
            DocumentTypes::for_library(lib.root()).map_err(|e| CoreError::Io(e.to_string()))?;
        let docs = lib.documents(&id)?;
        let mut texts = Vec::new();
        for d in &docs {
            let mut pages = Vec::new();
            for p in lib.pages(&d.id)? {
                pages.push((p.page_no, lib.page_text(&d.id, p.page_no)?));
            }
            texts.push((d, pages));
        }
        let views: Vec<DocumentText<'_>> = texts
            .iter()
            .map(|(d, pages)| DocumentText {
                id: &d.id,
                pages: pages.iter().map(|(n, t)| (*n, t)).collect(),
                date: d.doc_date,
            })
            .collect();
        let ctx = Context {
            known_aktenzeichen: &known,
            plan: &plan,
            types: &types,
            this_year: time::OffsetDateTime::now_utc().year(),
        };
        Ok(aktenscan_suggest::suggest_record(&ctx, &id, &views))
    }

    /// Accepts every suggestion for the record and its documents, or those of `fields`
    /// (`aktenscan record set --accept-suggestions`): [`Workspace::suggest`], then
    /// [`Workspace::decide`].
    pub fn accept_suggestions(
        &mut self,
        record: &str,
        fields: Option<&[Field]>,
    ) -> Result<Decided> {
        let id = self.record_id(record)?;
        let s = self.suggest(&id)?;
        let take = |f: Field| fields.is_none_or(|w| w.contains(&f));
        let accept = |document_id: Option<&str>, x: &aktenscan_suggest::Suggestion| Decision {
            document_id: document_id.map(str::to_string),
            field: x.field,
            value: x.value.clone(),
            accept: true,
        };
        let mut decisions: Vec<Decision> = s
            .suggestions
            .iter()
            .filter(|x| take(x.field))
            .map(|x| accept(None, x))
            .collect();
        for d in &s.documents {
            decisions.extend(
                d.suggestions
                    .iter()
                    .filter(|x| take(x.field))
                    .map(|x| accept(Some(&d.document_id), x)),
            );
        }
        self.decide(&id, &decisions)
    }

    /// Applies the accepted suggestions (through the same checks as the form) and writes one
    /// audit entry per decision. Nothing is applied or logged when a value is refused by the
    /// checks.
    pub fn decide(&mut self, record: &str, decisions: &[Decision]) -> Result<Decided> {
        self.decide_within(record, decisions, &|_, _| Ok(()))
    }

    /// [`Workspace::decide`], with `may_change` asked about the record's change (its row now,
    /// the change) before anything is written.
    pub(crate) fn decide_within(
        &mut self,
        record: &str,
        decisions: &[Decision],
        may_change: &dyn Fn(&aktenscan_store::RecordRow, &RecordInput) -> Result<()>,
    ) -> Result<Decided> {
        let id = self.record_id(record)?;
        let mut input = RecordInput::default();
        let mut record_changed = false;
        let mut per_document: std::collections::BTreeMap<String, Vec<&Decision>> =
            Default::default();
        for d in decisions {
            let wrong_place = match &d.document_id {
                None => !RECORD_FIELDS.contains(&d.field),
                Some(_) => !DOCUMENT_FIELDS.contains(&d.field),
            };
            if wrong_place {
                return Err(CoreError::Refused(format!(
                    "{}: dafür gibt es hier keinen Vorschlag",
                    d.field.label()
                )));
            }
            // Every document named, accepted or refused, is one of this record's.
            if let Some(doc) = &d.document_id {
                if self.lib.document(&self.document_id(doc)?)?.record_id != id {
                    return Err(CoreError::Refused(format!(
                        "Dokument {doc} gehört nicht zur Akte {id}"
                    )));
                }
            }
            if !d.accept {
                continue;
            }
            match &d.document_id {
                None => {
                    record_changed = true;
                    match d.field {
                        Field::Aktenzeichen => input.aktenzeichen = Some(d.value.clone()),
                        Field::AktenplanUnit => input.aktenplan_unit = Some(d.value.clone()),
                        Field::Laufzeit => input.laufzeit = Some(d.value.clone()),
                        _ => input.personal_data = Some(matches!(d.value.as_str(), "ja" | "true")),
                    }
                }
                Some(doc) => per_document
                    .entry(self.document_id(doc)?)
                    .or_default()
                    .push(d),
            }
        }
        let mut forms = Vec::new();
        for (doc, ds) in &per_document {
            let current = self.lib.document(doc)?;
            let mut form = DocumentInput {
                title: current.title.clone(),
                doc_type: current.doc_type.clone().unwrap_or_default(),
                doc_date: current.doc_date.map(|d| d.to_string()).unwrap_or_default(),
            };
            for d in ds {
                match d.field {
                    Field::DocDate => form.doc_date = d.value.clone(),
                    Field::DocType => form.doc_type = d.value.clone(),
                    _ => form.title = d.value.clone(),
                }
            }
            // Checked before anything is written.
            form.parse().map_err(CoreError::Invalid)?;
            forms.push((doc, form));
        }
        if record_changed {
            input.parse().map_err(CoreError::Invalid)?;
            may_change(&self.lib.record(&id)?, &input)?;
            self.update_record(&id, &input)?;
        }
        for (doc, form) in &forms {
            self.update_document(doc, form)?;
        }
        let mut done = Decided::default();
        for d in decisions {
            let subject = match &d.document_id {
                Some(doc) => self.document_id(doc)?,
                None => id.clone(),
            };
            let action = if d.accept {
                done.accepted += 1;
                AuditAction::SuggestionAccept
            } else {
                done.refused += 1;
                AuditAction::SuggestionRefuse
            };
            self.lib.audit(
                action,
                &subject,
                &serde_json::json!({"field": d.field.code(), "value": d.value, "record": id}),
            )?;
        }
        Ok(done)
    }
}
