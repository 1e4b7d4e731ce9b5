//! Aktenzeichen in recognised text: the Aktenplan's form `632.10/1987-014` and the forms of the
//! library's own records (each known Aktenzeichen taught as a shape: digits, letters and its
//! separators), weighed by their label (`Aktenzeichen:`, `Az.`, `Unser Zeichen` count for; `Ihr
//! Zeichen`, `Ihr Schreiben vom` count against: a quoted older sign is not the record's) and
//! against the Aktenplan.

use crate::words::TextLine;
use crate::{fold, Evidence};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The form of an Aktenplan-based Aktenzeichen: groups of digits joined by dots, a slash, then
/// the rest (`632.10/1987-014`, `022.31/1998-017`, `632.10/14`).
static PLAN_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\d{1,4}(?:\.\d{1,4})+\s?/\s?\d{1,4}(?:[-/.]\d{1,5})*\b").expect("az pattern")
});
/// A Kennzeichen without dots, a year and a number (`611/2019-002`, `32/1988-027`).
static YEAR_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\d{1,4}\s?/\s?(?:1[89]|20)\d{2}-\d{1,5}\b").expect("az year pattern")
});

/// An Aktenzeichen candidate of one document: its text, its score and where it stands.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub value: String,
    pub score: f32,
    pub evidence: Evidence,
}

/// The shape of a known Aktenzeichen as a pattern: `AZ 1-23/87` → `[A-Z]{2} \d{1}-\d{2}/\d{2}`.
pub fn shape_of(az: &str) -> Option<String> {
    let az = az.trim();
    if !az.chars().any(|c| c.is_ascii_digit()) || az.len() > 40 {
        return None;
    }
    let mut out = String::from(r"\b");
    let mut chars = az.chars().peekable();
    while let Some(c) = chars.next() {
        let class = |c: char| {
            if c.is_ascii_digit() {
                1
            } else if c.is_alphabetic() {
                2
            } else {
                0
            }
        };
        let k = class(c);
        if k == 0 {
            if c.is_whitespace() {
                out.push_str(r"\s?");
            } else {
                out.push_str(&regex::escape(&c.to_string()));
            }
            continue;
        }
        let mut n = 1;
        while chars.peek().is_some_and(|&d| class(d) == k) {
            chars.next();
            n += 1;
        }
        // A run of digits may be one shorter or longer (`14/87` teaches `7/88` and `114/88`).
        out.push_str(&match k {
            1 => format!(r"\d{{{},{}}}", (n - 1).max(1), n + 1),
            _ => format!(r"\p{{Lu}}{{{n}}}"),
        });
    }
    out.push_str(r"\b");
    Some(out)
}

/// The shapes of the library's Aktenzeichen, one pattern each (duplicates once).
pub fn learned_shapes(known: &[String]) -> Vec<Regex> {
    let mut shapes: Vec<String> = known.iter().filter_map(|a| shape_of(a)).collect();
    shapes.sort();
    shapes.dedup();
    shapes.iter().filter_map(|s| Regex::new(s).ok()).collect()
}

const OWN_LABELS: &[&str] = &[
    "aktenzeichen",
    "az.",
    "az:",
    "unser zeichen",
    "unser az",
    "geschaeftszeichen",
    "gesch.-z",
    "tgb.-nr",
];
const QUOTED_LABELS: &[&str] = &[
    "ihr zeichen",
    "ihr az",
    "ihr schreiben",
    "ihre nachricht",
    "bezug:",
    "frueheres",
    "alt:",
];

/// The candidates of one document's lines.
pub fn candidates(lines: &[TextLine], shapes: &[Regex], plan: &[String]) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let mut found: Vec<std::ops::Range<usize>> =
            PLAN_FORM.find_iter(&line.text).map(|m| m.range()).collect();
        for s in std::iter::once(&*YEAR_FORM).chain(shapes) {
            for m in s.find_iter(&line.text) {
                if !found.iter().any(|r| r.start < m.end() && m.start() < r.end) {
                    found.push(m.range());
                }
            }
        }
        let folded = fold(&line.text);
        let above_line = i
            .checked_sub(1)
            .and_then(|j| lines.get(j))
            .filter(|l| l.page == line.page);
        let above = above_line.map(|l| fold(&l.text)).unwrap_or_default();
        for range in found {
            let value: String = line.text[range.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join("");
            let before = fold(&line.text[..range.start]);
            let label_here = |labels: &[&str]| labels.iter().any(|l| before.contains(l));
            let mut score = 1.0;
            // A label at the head of the line or in the page's head is the record's own; one
            // in the running text ("… (Az. 611.2/1986-101)") is a reference.
            let lead = before.trim();
            let heading = line.number < 12
                || OWN_LABELS
                    .iter()
                    .any(|l| lead.starts_with(l) && lead.len() <= l.len() + 2);
            if label_here(QUOTED_LABELS) {
                score -= 3.0;
            } else if label_here(OWN_LABELS) {
                score += if heading { 3.0 } else { 0.5 };
            } else if let Some(column) =
                above_line.and_then(|a| crate::header::column_of(a, line, &range))
            {
                // A header row over a row of values: the column decides.
                score += match column {
                    crate::header::Column::OurSign => 2.0,
                    crate::header::Column::TheirSign | crate::header::Column::QuotedDate => -3.0,
                    _ => 0.0,
                };
            } else if OWN_LABELS.iter().any(|l| above.contains(l))
                && !QUOTED_LABELS.iter().any(|l| above.contains(l))
            {
                score += 2.0;
            }
            if shapes.iter().any(|s| s.is_match(&value)) {
                score += 1.0;
            }
            let head = value.split('/').next().unwrap_or("");
            if plan.iter().any(|k| k == head) {
                score += 2.0;
            }
            if folded.contains("ihr schreiben vom") || folded.contains("ihr zeichen") {
                score -= 1.0;
            }
            out.push(Candidate {
                value,
                score,
                evidence: line.evidence(&range),
            });
        }
    }
    out
}

/// The record's Aktenzeichen from all its documents' candidates: the value with the highest
/// summed score, if any counts for it.
pub fn pick(candidates: &[Candidate]) -> Option<(String, f32, Vec<Evidence>)> {
    let mut by_value: BTreeMap<&str, (f32, Vec<Evidence>)> = BTreeMap::new();
    for c in candidates {
        let e = by_value.entry(&c.value).or_default();
        e.0 += c.score;
        if e.1.len() < 3 {
            e.1.push(c.evidence.clone());
        }
    }
    by_value
        .into_iter()
        .filter(|(_, (s, _))| *s >= 2.0)
        .max_by(|a, b| a.1 .0.total_cmp(&b.1 .0))
        .map(|(v, (s, e))| (v.to_string(), s, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::{lines, tests::page};

    fn best(text: &str, known: &[&str], plan: &[&str]) -> Option<String> {
        let known: Vec<String> = known.iter().map(|s| s.to_string()).collect();
        let plan: Vec<String> = plan.iter().map(|s| s.to_string()).collect();
        let c = candidates(&lines("d", 1, &page(text)), &learned_shapes(&known), &plan);
        pick(&c).map(|(v, _, _)| v)
    }

    #[test]
    fn a_labelled_aktenzeichen_of_the_plan_is_found() {
        assert_eq!(
            best(
                "Aktenzeichen: 632.10/1987-014 Schkopau, den 21.04.1987",
                &[],
                &["632.10"]
            )
            .as_deref(),
            Some("632.10/1987-014")
        );
    }

    #[test]
    fn a_quoted_older_aktenzeichen_is_not_the_records() {
        let text = "Ihr Schreiben vom 3.2.1987, Az. 611.2/1986-101\nUnser Zeichen: 632.10/1987-014";
        assert_eq!(
            best(text, &[], &["632.10", "611.2"]).as_deref(),
            Some("632.10/1987-014")
        );
        assert_eq!(
            best("Bezug: Ihr Zeichen 611.2/1986-101", &[], &["611.2"]),
            None
        );
    }

    #[test]
    fn the_librarys_own_forms_are_learned() {
        assert_eq!(
            shape_of("BA 14/87").as_deref(),
            Some(r"\b\p{Lu}{2}\s?\d{1,3}/\d{1,3}\b")
        );
        assert_eq!(
            best("Az.: BA 17/88", &["BA 14/87"], &[]).as_deref(),
            Some("BA17/88")
        );
        assert_eq!(best("Flurstück 112/4, Nr. 14/1987", &[], &[]), None);
    }
}
