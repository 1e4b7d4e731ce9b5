//! What a clerk types into a record or document form (CLI options, the window's form, the
//! server's JSON), parsed once into the typed change the store applies. Every refusal is a
//! [`FieldError`] naming the field, the same words in every shell.

use aktenscan_model::{
    Aussonderungsart, Bewertungsvorschlag, Confidentiality, Field, FieldError, Laufzeit,
    PartialDate, Retention,
};
use aktenscan_store::RecordPatch;
use serde::Deserialize;

/// A record's fields as typed: `None` leaves a field as it is; an empty text clears it (the
/// title cannot be cleared).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RecordInput {
    pub title: Option<String>,
    pub aktenzeichen: Option<String>,
    pub aktenplan_unit: Option<String>,
    /// `1987..1994`, `1987-03..1994-11-30` or one date.
    pub laufzeit: Option<String>,
    pub office: Option<String>,
    /// xdomea code `001`…`005` (or its name, `vertraulich`).
    pub confidentiality: Option<String>,
    /// Years, or `unbefristet`.
    pub retention: Option<String>,
    pub personal_data: Option<bool>,
    pub remark: Option<String>,
    /// `A`, `B` or `V`.
    pub aussonderungsart: Option<String>,
    /// `A` or `V`.
    pub bewertungsvorschlag: Option<String>,
    pub location: Option<String>,
    pub paper_original: Option<String>,
}

/// `None` for an empty text, else the parsed value.
fn optional<T: std::str::FromStr<Err = FieldError>>(text: &str) -> Result<Option<T>, FieldError> {
    let t = text.trim();
    if t.is_empty() {
        Ok(None)
    } else {
        t.parse().map(Some)
    }
}

/// The value, or `None` with its problem noted.
fn take<T>(problems: &mut Vec<FieldError>, parsed: Result<T, FieldError>) -> Option<T> {
    parsed.map_err(|e| problems.push(e)).ok()
}

impl RecordInput {
    /// The typed change, or every field at fault (in the order of the form).
    pub fn parse(&self) -> Result<RecordPatch, Vec<FieldError>> {
        let mut problems = Vec::new();
        let p = &mut problems;
        let title = match &self.title {
            Some(t) if t.trim().is_empty() => take(
                p,
                Err(FieldError::new(Field::Title, "error.title.required", &[])),
            ),
            Some(t) => Some(t.trim().to_string()),
            None => None,
        };
        let laufzeit = self
            .laufzeit
            .as_deref()
            .and_then(|l| take(p, optional::<Laufzeit>(l)));
        let confidentiality = match self.confidentiality.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(c) => take(p, c.parse::<Confidentiality>()),
        };
        let retention = self
            .retention
            .as_deref()
            .and_then(|r| take(p, optional::<Retention>(r)));
        let aussonderungsart = self
            .aussonderungsart
            .as_deref()
            .and_then(|a| take(p, optional::<Aussonderungsart>(a)));
        let bewertungsvorschlag = self
            .bewertungsvorschlag
            .as_deref()
            .and_then(|b| take(p, optional::<Bewertungsvorschlag>(b)));
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(RecordPatch {
            title,
            aktenzeichen: self.aktenzeichen.clone(),
            aktenplan_unit: self.aktenplan_unit.clone(),
            laufzeit,
            office: self.office.clone(),
            confidentiality,
            retention,
            personal_data: self.personal_data,
            remark: self.remark.clone(),
            aussonderungsart,
            bewertungsvorschlag,
            location: self.location.clone(),
            paper_original: self.paper_original.clone(),
        })
    }
}

/// A document's Betreff, Typ and Datum as typed (empty clears Typ and Datum).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DocumentInput {
    pub title: String,
    pub doc_type: String,
    pub doc_date: String,
}

/// A document's fields, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFields {
    pub title: String,
    pub doc_type: Option<String>,
    pub doc_date: Option<PartialDate>,
}

impl DocumentInput {
    /// The checked fields, or every field at fault: the Betreff is required, the date a partial
    /// date, neither Typ nor Betreff a line break.
    pub fn parse(&self) -> Result<DocumentFields, Vec<FieldError>> {
        let mut problems = Vec::new();
        let title = self.title.trim();
        if title.is_empty() {
            problems.push(FieldError::new(Field::Title, "val.docTitleRequired", &[]));
        } else if title.contains(['\r', '\n']) {
            problems.push(FieldError::new(Field::Title, "val.docTitleLines", &[]));
        }
        let doc_type = self.doc_type.trim();
        if doc_type.contains(['\r', '\n']) {
            problems.push(FieldError::new(Field::DocType, "val.docTypeLines", &[]));
        }
        let doc_date = optional::<PartialDate>(&self.doc_date).unwrap_or_else(|_| {
            problems.push(FieldError::new(Field::DocDate, "val.docDate", &[]));
            None
        });
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(DocumentFields {
            title: title.to_string(),
            doc_type: Some(doc_type.to_string()).filter(|t| !t.is_empty()),
            doc_date,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_is_parsed_into_typed_values() {
        let input = RecordInput {
            laufzeit: Some("1987..1994".into()),
            retention: Some("30".into()),
            confidentiality: Some("005".into()),
            aussonderungsart: Some("a".into()),
            ..Default::default()
        };
        let patch = input.parse().unwrap();
        assert_eq!(patch.laufzeit.unwrap().unwrap().to_string(), "1987..1994");
        assert_eq!(patch.retention, Some(Some(Retention::Years(30))));
        assert_eq!(patch.confidentiality, Some(Confidentiality::Vertraulich));
        assert_eq!(
            patch.aussonderungsart,
            Some(Some(Aussonderungsart::Archivwuerdig))
        );
        // Empty clears; absent leaves alone.
        let cleared = RecordInput {
            retention: Some(" ".into()),
            laufzeit: Some(String::new()),
            ..Default::default()
        }
        .parse()
        .unwrap();
        assert_eq!(cleared.retention, Some(None));
        assert_eq!(cleared.laufzeit, Some(None));
        assert_eq!(cleared.confidentiality, None);
    }

    #[test]
    fn every_field_at_fault_is_named_once() {
        let err = RecordInput {
            title: Some(" ".into()),
            laufzeit: Some("1994..1987".into()),
            retention: Some("dreißig".into()),
            confidentiality: Some("009".into()),
            ..Default::default()
        }
        .parse()
        .unwrap_err();
        let fields: Vec<_> = err.iter().map(|e| e.field.code()).collect();
        assert_eq!(
            fields,
            ["title", "laufzeit", "confidentiality", "retention"]
        );
        assert!(err[1].message.contains("Beginn liegt nach dem Ende"));
    }

    #[test]
    fn document_fields_are_checked_in_german() {
        let ok = |t: &str, ty: &str, d: &str| DocumentInput {
            title: t.into(),
            doc_type: ty.into(),
            doc_date: d.into(),
        };
        let f = ok("Bauantrag", "Antrag", "1987-03-12").parse().unwrap();
        assert_eq!(f.doc_date.unwrap().to_string(), "1987-03-12");
        assert_eq!(ok("Bauantrag", "", "").parse().unwrap().doc_type, None);
        let err = ok(" ", "A\nB", "12.03.1987").parse().unwrap_err();
        let fields: Vec<_> = err.iter().map(|e| e.field.code()).collect();
        assert_eq!(fields, ["title", "doc_type", "doc_date"]);
        assert!(err[0].message.contains("Betreff"));
        assert!(ok("x", "", "1987-02-30").parse().is_err());
    }
}
