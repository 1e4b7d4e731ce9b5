//! The library's list of document types, each with the cue words that tell it on a page, and
//! the rule that picks a type for a document: a cue in a heading near the top weighs most, a cue
//! in a Betreff line least (a letter's Betreff names its matter, not its kind).

use crate::words::TextLine;
use crate::{fold, Evidence};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The file in a library folder that replaces the built-in list (`{"types": [{"name",
/// "cues"}]}`).
pub const DOCUMENT_TYPES_FILE: &str = "dokumenttypen.json";

/// A document type and the words that tell it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct DocumentType {
    pub name: String,
    /// Words or phrases (case and umlaut spelling do not matter); the name counts as a cue too.
    #[serde(default)]
    pub cues: Vec<String>,
}

/// The document types a library knows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentTypes {
    pub types: Vec<DocumentType>,
    /// `true` for the built-in list (the library has no `dokumenttypen.json`).
    #[serde(skip)]
    pub builtin: bool,
}

const BUILTIN: &[(&str, &[&str])] = &[
    (
        "Antrag",
        &[
            "antrag auf",
            "bauantrag",
            "beantrage",
            "antragsteller",
            "antragstellerin",
        ],
    ),
    (
        "Bescheid",
        &[
            "bescheid",
            "baugenehmigung",
            "genehmigung erteilt",
            "rechtsmittelbelehrung",
            "rechtsbehelfsbelehrung",
            "auflagen:",
            "widerspruch",
        ],
    ),
    (
        "Schreiben",
        &[
            "sehr geehrte",
            "sehr geehrter",
            "mit freundlichem gruß",
            "mit freundlichen grüßen",
            "hochachtungsvoll",
            "unser zeichen",
            "ihre nachricht vom",
        ],
    ),
    (
        "Protokoll",
        &[
            "niederschrift",
            "protokoll",
            "tagesordnung",
            "anwesend:",
            "sitzungsbeginn",
        ],
    ),
    (
        "Beschluss",
        &[
            "beschluss des",
            "beschließt",
            "beschluss-nr",
            "beschlussvorlage",
        ],
    ),
    ("Satzung", &["satzung über", "satzung der", "inkrafttreten"]),
    (
        "Bekanntmachung",
        &[
            "bekanntmachung",
            "amtsblatt",
            "öffentlich bekannt gemacht",
            "wird hiermit bekannt",
        ],
    ),
    (
        "Rechnung",
        &[
            "rechnung",
            "rechnungsbetrag",
            "rechnungsnummer",
            "mwst",
            "umsatzsteuer",
            "zahlbar bis",
        ],
    ),
    (
        "Vermerk",
        &["vermerk", "aktenvermerk", "aktennotiz", "v e r m e r k"],
    ),
    (
        "Vertrag",
        &["vertrag", "vertragsparteien", "vereinbaren folgendes"],
    ),
    (
        "Plan",
        &["lageplan", "bauzeichnung", "maßstab 1:", "grundriss"],
    ),
];

impl DocumentTypes {
    /// The built-in list: the kinds of documents in a town hall's files.
    pub fn builtin() -> DocumentTypes {
        DocumentTypes {
            types: BUILTIN
                .iter()
                .map(|(name, cues)| DocumentType {
                    name: name.to_string(),
                    cues: cues.iter().map(|c| c.to_string()).collect(),
                })
                .collect(),
            builtin: true,
        }
    }

    /// The library's list (`dokumenttypen.json` in its folder), else the built-in one.
    pub fn for_library(root: &Path) -> Result<DocumentTypes, crate::SuggestError> {
        let path = root.join(DOCUMENT_TYPES_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let list: DocumentTypes =
                    serde_json::from_str(&text).map_err(|e| crate::SuggestError::TypeList {
                        path: path.clone(),
                        reason: e.to_string(),
                    })?;
                if list.types.iter().any(|t| t.name.trim().is_empty()) {
                    return Err(crate::SuggestError::TypeList {
                        path,
                        reason: "a type without a name".into(),
                    });
                }
                Ok(list)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(DocumentTypes::builtin()),
            Err(e) => Err(crate::SuggestError::TypeList {
                path,
                reason: e.to_string(),
            }),
        }
    }
}

/// How much a cue counts where it stands.
fn weight(line: &TextLine) -> f32 {
    let folded = fold(&line.text);
    if ["betreff", "betr.", "betrifft", "gegenstand", "bezug"]
        .iter()
        .any(|l| folded.starts_with(l))
    {
        return 0.5;
    }
    let words = line.text.split_whitespace().count();
    match (line.page, line.number) {
        (1, n) if n < 14 && words <= 6 => 3.0,
        (1, n) if n < 14 => 2.0,
        (1, _) => 1.0,
        _ => 0.5,
    }
}

/// The best type for a document's lines: the type, its score, the runner-up's score and where
/// its cues stand.
pub fn pick(
    types: &DocumentTypes,
    lines: &[TextLine],
) -> Option<(String, f32, f32, Vec<Evidence>)> {
    let mut scored: Vec<(String, f32, Vec<Evidence>)> = Vec::new();
    for t in &types.types {
        let mut cues: Vec<String> = t.cues.iter().map(|c| fold(c)).collect();
        cues.push(fold(&t.name));
        cues.retain(|c| !c.trim().is_empty());
        cues.sort();
        cues.dedup();
        let mut score = 0.0;
        let mut evidence = Vec::new();
        for line in lines {
            let folded = fold(&line.text);
            let mut best = 0.0f32;
            for cue in &cues {
                if contains_word(&folded, cue) {
                    best = best.max(weight(line));
                }
            }
            if best > 0.0 {
                score += best;
                if evidence.len() < 3 {
                    evidence.push(line.whole());
                }
            }
        }
        if score > 0.0 {
            scored.push((t.name.clone(), score, evidence));
        }
    }
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut it = scored.into_iter();
    let (name, score, evidence) = it.next()?;
    let second = it.next().map_or(0.0, |s| s.1);
    Some((name, score, second, evidence))
}

/// Whether `cue` stands in `text` at the start of a word (`bescheid` in `Bescheid`, in
/// `Steuerbescheid`'s end not).
fn contains_word(text: &str, cue: &str) -> bool {
    text.match_indices(cue).any(|(i, _)| {
        i == 0
            || text[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}
