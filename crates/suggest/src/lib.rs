//! Suggestions for describing a record and its documents, read from the recognised words of the
//! pages by rules that say why: per document Datum (the letter's own date), Typ (from the
//! library's list) and Betreff; per record Aktenzeichen (weighed against the Aktenplan and the
//! library's own forms), Aktenplaneinheit, Laufzeit (from the documents' dates) and Personenbezug
//! with every cue found. Each suggestion carries the words it came from (page and boxes, for the
//! window's outlines), a confidence and a German reason. Nothing here changes a record: the core
//! applies what the clerk accepts.

mod aktenzeichen;
pub mod dates;
mod doctype;
mod header;
pub mod personal;
mod subject;
pub mod words;

pub use doctype::{DocumentType, DocumentTypes, DOCUMENT_TYPES_FILE};
pub use personal::{Cue, Finding};

use aktenscan_model::{BBox, Field, PageText, PartialDate};
use serde::Serialize;
use words::TextLine;

#[derive(Debug, thiserror::Error)]
pub enum SuggestError {
    #[error("{path}: the list of document types cannot be read: {reason}")]
    TypeList {
        path: std::path::PathBuf,
        reason: String,
    },
}

/// Where a suggestion was read: the page, the words' text and their boxes in the stored image.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Evidence {
    /// The document whose page it is.
    pub document: String,
    pub page: i64,
    pub text: String,
    #[ts(type = "Array<{ x: number, y: number, w: number, h: number }>")]
    pub boxes: Vec<BBox>,
}

/// One suggested value of a form field.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Suggestion {
    /// The form field (`doc_date`, `doc_type`, `title`, `aktenzeichen`, `aktenplan_unit`,
    /// `laufzeit`, `personal_data`).
    #[ts(type = "string")]
    pub field: Field,
    /// The value as the form takes it (`1987-04-21`, `Bescheid`, `1987..1998`, `ja`).
    pub value: String,
    /// 0.0 to 1.0.
    pub confidence: f32,
    /// Why, in German.
    pub reason: String,
    pub evidence: Vec<Evidence>,
}

/// What is suggested for one document.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct DocumentSuggestions {
    pub document_id: String,
    pub suggestions: Vec<Suggestion>,
    /// The cues of personal data found in this document.
    pub personal_data: Vec<Finding>,
}

/// What is suggested for a record and its documents.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct RecordSuggestions {
    pub record_id: String,
    pub suggestions: Vec<Suggestion>,
    pub documents: Vec<DocumentSuggestions>,
}

/// A document as the rules read it: its id, pages' words and the date it already has.
pub struct DocumentText<'a> {
    pub id: &'a str,
    pub pages: Vec<(i64, &'a PageText)>,
    /// The document's Datum when the clerk has set it (then it feeds the Laufzeit as it is).
    pub date: Option<PartialDate>,
}

/// What the rules know of the library: its Aktenzeichen (to learn their forms), the Aktenplan's
/// Kennzeichen with titles, the document types, and this year (two-digit years, no future).
pub struct Context<'a> {
    pub known_aktenzeichen: &'a [String],
    pub plan: &'a [(String, String)],
    pub types: &'a DocumentTypes,
    pub this_year: i32,
}

/// Lowercased, umlauts and ß spelled out, long s as s: how cue words are compared.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            'ſ' => out.push('s'),
            c => out.push(c),
        }
    }
    out
}

fn confidence(score: f32) -> f32 {
    (score / (score + 2.0)).clamp(0.0, 0.99)
}

/// The letter's own date among a document's dates: "Ort, den …" (or "Ort, …" at a line's start)
/// or under a "Datum" column counts for, "Stand:" a little less; a date after "vom", "geb.",
/// "bis", "am" or under "Ihre Nachricht vom" against; the top of the first page a little for.
fn letter_date(
    lines: &[TextLine],
    this_year: i32,
) -> Option<(PartialDate, f32, Evidence, &'static str)> {
    let mut best: Option<(f32, PartialDate, Evidence, &'static str)> = None;
    for (i, line) in lines.iter().enumerate() {
        let hits = dates::find(&line.text, this_year);
        if hits.is_empty() {
            continue;
        }
        let above = i
            .checked_sub(1)
            .and_then(|j| lines.get(j))
            .filter(|l| l.page == line.page);
        for h in hits {
            let before = fold(&line.text[..h.range.start]);
            let near = &before[before.len().saturating_sub(24)..];
            let mut score = 0.0f32;
            let mut why = "ein Datum im Text";
            if near.contains(", den ") || PLACE.is_match(&line.text[..h.range.start]) {
                score += 5.0;
                why = "Ort und Datum des Schreibens („…, den …“)";
            } else if (near.contains("datum:") || near.contains("datum "))
                && !near.contains("geburtsdatum")
            {
                score += 4.0;
                why = "als „Datum“ bezeichnet";
            } else if near.contains("stand:") || near.contains("stand ") {
                score += 3.0;
                why = "als Stand des Dokuments bezeichnet";
            }
            if ["vom", "geb.", "geboren", "geburtsdatum", "seit", "bis"]
                .iter()
                .any(|w| near.contains(w))
            {
                score -= 4.0;
            }
            if near.contains(" am ") || near.starts_with("am ") {
                score -= 2.0;
            }
            if let Some(a) = above {
                let folded = fold(&a.text);
                if folded.trim() == "geburtsdatum" {
                    score -= 4.0;
                }
                // A header row over a row of values: the column the date stands under.
                if folded.contains("datum") {
                    match header::column_of(a, line, &h.range) {
                        Some(header::Column::Date) => {
                            score += 4.0;
                            why = "in der Spalte „Datum“ des Briefkopfs";
                        }
                        Some(header::Column::QuotedDate) => score -= 3.0,
                        _ => {}
                    }
                }
            }
            if line.page == 1 && line.top < 0.35 {
                score += 1.0;
            }
            if score >= 1.0 && best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, h.date, line.evidence(&h.range), why));
            }
        }
    }
    best.map(|(s, d, e, why)| (d, s, e, why))
}

/// "Schkopau, " or "Merseburg, den " or "Halle (Saale), am " before a date at a line's start.
static PLACE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^\s*\p{Lu}[\p{L}\-. ()]{1,40},\s*((den|am)\s+)?$").expect("place pattern")
});

/// Suggestions for one document.
pub fn suggest_document(ctx: &Context<'_>, doc: &DocumentText<'_>) -> DocumentSuggestions {
    let lines: Vec<TextLine> = doc
        .pages
        .iter()
        .flat_map(|(n, text)| words::lines(doc.id, *n, text))
        .collect();
    suggest_lines(ctx, doc.id, &lines)
}

/// Suggestions for one document from its lines.
fn suggest_lines(ctx: &Context<'_>, id: &str, lines: &[TextLine]) -> DocumentSuggestions {
    let mut suggestions = Vec::new();
    if let Some((date, score, evidence, why)) = letter_date(lines, ctx.this_year) {
        suggestions.push(Suggestion {
            field: Field::DocDate,
            value: date.to_string(),
            confidence: confidence(score),
            reason: format!("{why}: „{}“ auf Seite {}", evidence.text, evidence.page),
            evidence: vec![evidence],
        });
    }
    if let Some((name, score, second, evidence)) = doctype::pick(ctx.types, lines) {
        if score >= 2.0 && score > second {
            let words: Vec<String> = evidence.iter().map(|e| format!("„{}“", e.text)).collect();
            suggestions.push(Suggestion {
                field: Field::DocType,
                value: name,
                confidence: confidence(score - second),
                reason: format!(
                    "Stichwörter der Liste der Dokumenttypen: {}",
                    words.join(", ")
                ),
                evidence,
            });
        }
    }
    if let Some((text, conf, evidence)) = subject::find(lines) {
        suggestions.push(Suggestion {
            field: Field::Title,
            value: text,
            confidence: conf,
            reason: if conf >= 0.9 {
                "die Betreffzeile der ersten Seite".into()
            } else {
                "die erste Überschrift der ersten Seite".into()
            },
            evidence,
        });
    }
    DocumentSuggestions {
        document_id: id.to_string(),
        suggestions,
        personal_data: personal::find(lines, ctx.this_year),
    }
}

/// Suggestions for a record from all its documents.
pub fn suggest_record(
    ctx: &Context<'_>,
    record_id: &str,
    docs: &[DocumentText<'_>],
) -> RecordSuggestions {
    let shapes = aktenzeichen::learned_shapes(ctx.known_aktenzeichen);
    let plan: Vec<String> = ctx.plan.iter().map(|(k, _)| k.clone()).collect();
    let mut candidates = Vec::new();
    let mut documents = Vec::new();
    for doc in docs {
        let lines: Vec<TextLine> = doc
            .pages
            .iter()
            .flat_map(|(n, text)| words::lines(doc.id, *n, text))
            .collect();
        candidates.extend(aktenzeichen::candidates(&lines, &shapes, &plan));
        documents.push(suggest_lines(ctx, doc.id, &lines));
    }
    let mut suggestions = Vec::new();
    if let Some((az, score, evidence)) = aktenzeichen::pick(&candidates) {
        let head = az.split('/').next().unwrap_or("").to_string();
        let unit = ctx.plan.iter().find(|(k, _)| *k == head);
        suggestions.push(Suggestion {
            field: Field::Aktenzeichen,
            value: az.clone(),
            confidence: confidence(score),
            reason: format!(
                "auf {} Stelle(n) der Seiten{}",
                candidates
                    .iter()
                    .filter(|c| c.value == az && c.score > 0.0)
                    .count(),
                if unit.is_some() {
                    ", Kennzeichen im Aktenplan"
                } else {
                    ""
                }
            ),
            evidence,
        });
        if let Some((k, title)) = unit {
            suggestions.push(Suggestion {
                field: Field::AktenplanUnit,
                value: k.clone(),
                confidence: confidence(score),
                reason: format!("Kennzeichen des Aktenzeichens {az}: {title}"),
                evidence: Vec::new(),
            });
        }
    }
    // The Laufzeit: from the earliest to the latest document date (set or suggested).
    let mut dated: Vec<(PartialDate, Option<Evidence>)> = Vec::new();
    for (doc, s) in docs.iter().zip(&documents) {
        match doc.date {
            Some(d) => dated.push((d, None)),
            None => {
                if let Some(sug) = s.suggestions.iter().find(|x| x.field == Field::DocDate) {
                    if let Ok(d) = sug.value.parse::<PartialDate>() {
                        dated.push((d, sug.evidence.first().cloned()));
                    }
                }
            }
        }
    }
    dated.sort_by_key(|(d, _)| dates::key(*d));
    if let (Some(first), Some(last)) = (dated.first(), dated.last()) {
        suggestions.push(Suggestion {
            field: Field::Laufzeit,
            value: format!("{}..{}", first.0, last.0),
            confidence: 0.8,
            reason: format!(
                "vom ältesten bis zum jüngsten Datum der {} datierten Dokumente",
                dated.len()
            ),
            evidence: [&first.1, &last.1].into_iter().flatten().cloned().collect(),
        });
    }
    let findings: Vec<&Finding> = documents.iter().flat_map(|d| &d.personal_data).collect();
    if !findings.is_empty() {
        let mut kinds: Vec<&str> = findings.iter().map(|f| f.cue.label()).collect();
        kinds.sort();
        kinds.dedup();
        suggestions.push(Suggestion {
            field: Field::PersonalData,
            value: "ja".into(),
            confidence: if findings.len() > 1 { 0.95 } else { 0.8 },
            reason: format!("enthält personenbezogene Daten: {}", kinds.join(", ")),
            evidence: findings
                .iter()
                .take(6)
                .map(|f| f.evidence.clone())
                .collect(),
        });
    }
    RecordSuggestions {
        record_id: record_id.to_string(),
        suggestions,
        documents,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::tests::page;

    fn ctx<'a>(types: &'a DocumentTypes, plan: &'a [(String, String)]) -> Context<'a> {
        Context {
            known_aktenzeichen: &[],
            plan,
            types,
            this_year: 2026,
        }
    }

    fn value(s: &DocumentSuggestions, f: Field) -> Option<String> {
        s.suggestions
            .iter()
            .find(|x| x.field == f)
            .map(|x| x.value.clone())
    }

    #[test]
    fn the_letters_date_not_a_date_quoted_in_its_body() {
        let types = DocumentTypes::builtin();
        let text = page("Gemeinde Schkopau – Der Bürgermeister\nHerrn\nGerhard Hübner\nLindenstraße 4\n4201 Schkopau\nAktenzeichen: 632.10/1987-014 Schkopau, den 21.04.1987\nBaugenehmigung Nr. 14/1987\nAuf Ihren Antrag vom 09.03.1987 wird Ihnen die Genehmigung erteilt\nRechtsmittelbelehrung");
        let s = suggest_document(
            &ctx(&types, &[]),
            &DocumentText {
                id: "d",
                pages: vec![(1, &text)],
                date: None,
            },
        );
        assert_eq!(value(&s, Field::DocDate).as_deref(), Some("1987-04-21"));
        assert_eq!(value(&s, Field::DocType).as_deref(), Some("Bescheid"));
        assert_eq!(
            value(&s, Field::Title).as_deref(),
            Some("Baugenehmigung Nr. 14/1987")
        );
        let date = s
            .suggestions
            .iter()
            .find(|x| x.field == Field::DocDate)
            .unwrap();
        assert_eq!(date.evidence[0].text, "21.04.1987");
        assert_eq!(date.evidence[0].boxes.len(), 1);
    }

    #[test]
    fn two_dates_in_a_header_row_the_one_under_datum_wins() {
        let types = DocumentTypes::builtin();
        let text = page("Ihre Nachricht vom Unser Zeichen Bearbeiter Datum\n09.03.1987 632.10/1987-014 Frau Müller 23.03.1987\nBetreff: Bauantrag\nSehr geehrter Herr Hübner,\nMit freundlichem Gruß");
        let s = suggest_document(
            &ctx(&types, &[]),
            &DocumentText {
                id: "d",
                pages: vec![(1, &text)],
                date: None,
            },
        );
        assert_eq!(value(&s, Field::DocDate).as_deref(), Some("1987-03-23"));
        assert_eq!(value(&s, Field::DocType).as_deref(), Some("Schreiben"));
    }

    #[test]
    fn a_record_gets_aktenzeichen_plan_unit_laufzeit_and_personenbezug() {
        let types = DocumentTypes::builtin();
        let plan = vec![("632.10".to_string(), "Bauanträge".to_string())];
        let a = page("Antrag auf Baugenehmigung\nName, Vorname\nHübner, Gerhard\nGeburtsdatum\n14.07.1941\nSchkopau, den 09.03.1987");
        let b = page(
            "Aktenzeichen: 632.10/1987-014 Schkopau, den 21.04.1987\nBaugenehmigung Nr. 14/1987",
        );
        let r = suggest_record(
            &ctx(&types, &plan),
            "r",
            &[
                DocumentText {
                    id: "a",
                    pages: vec![(1, &a)],
                    date: None,
                },
                DocumentText {
                    id: "b",
                    pages: vec![(1, &b)],
                    date: None,
                },
            ],
        );
        let get = |f: Field| {
            r.suggestions
                .iter()
                .find(|x| x.field == f)
                .map(|x| x.value.clone())
        };
        assert_eq!(get(Field::Aktenzeichen).as_deref(), Some("632.10/1987-014"));
        assert_eq!(get(Field::AktenplanUnit).as_deref(), Some("632.10"));
        assert_eq!(
            get(Field::Laufzeit).as_deref(),
            Some("1987-03-09..1987-04-21")
        );
        assert_eq!(get(Field::PersonalData).as_deref(), Some("ja"));
        let pd = r
            .suggestions
            .iter()
            .find(|x| x.field == Field::PersonalData)
            .unwrap();
        assert!(pd.reason.contains("Geburtsdatum"), "{}", pd.reason);
        assert_eq!(
            value(&r.documents[0], Field::DocDate).as_deref(),
            Some("1987-03-09"),
            "not the birth date"
        );
    }
}
