//! The Betreff of a document: the text after a `Betreff:`-like label (with its continuation
//! line), else the first heading of the first page that is no letterhead, address, date or
//! Aktenzeichen line.

use crate::words::TextLine;
use crate::{fold, Evidence};
use regex::Regex;
use std::sync::LazyLock;

const LABELS: &[&str] = &[
    "betreff",
    "betrifft",
    "betr.",
    "betr",
    "gegenstand",
    "thema",
];

static POSTCODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d{4,5}\s+\p{Lu}\p{Ll}+").expect("postcode pattern"));
static DIGITS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d").expect("digit pattern"));

/// A line that continues the one before (it starts small or with a bracket, or the one before
/// ends on a word that cannot end a subject).
fn continues(prev: &str, next: &TextLine) -> bool {
    let first = next.text.chars().next().unwrap_or(' ');
    let last_word = fold(prev.split_whitespace().last().unwrap_or(""));
    let open_end = matches!(
        last_word.as_str(),
        "der"
            | "die"
            | "das"
            | "des"
            | "den"
            | "dem"
            | "in"
            | "im"
            | "und"
            | "fuer"
            | "ueber"
            | "von"
            | "vom"
            | "zur"
            | "zum"
            | "mit"
            | "auf"
            | "an"
            | "am"
            | "bei"
    );
    (first.is_lowercase() || first == '(' || open_end)
        && !LABELS.iter().any(|l| fold(&next.text).starts_with(l))
        && next.text.len() < 100
}

fn clean(s: &str) -> String {
    s.trim()
        .trim_start_matches([':', '-', '–', ' '])
        .trim_end_matches(['.', ',', ';', ':'])
        .trim()
        .to_string()
}

/// The Betreff of a document, how sure the rule is, and the words it was read from.
pub fn find(lines: &[TextLine]) -> Option<(String, f32, Vec<Evidence>)> {
    // A labelled subject anywhere on the first page.
    for (i, line) in lines.iter().enumerate().filter(|(_, l)| l.page == 1) {
        let folded = fold(&line.text);
        let Some(label) = LABELS.iter().find(|l| {
            folded.starts_with(*l)
                && folded[l.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c == ':' || c == ' ' || c == '.')
        }) else {
            continue;
        };
        let rest_at = line
            .text
            .char_indices()
            .nth(label.chars().count())
            .map_or(line.text.len(), |(b, _)| b);
        let mut text = clean(&line.text[rest_at..]);
        let mut evidence = vec![line.evidence(&(rest_at..line.text.len()))];
        if let Some(next) = lines.get(i + 1).filter(|n| n.page == 1) {
            if text.is_empty() || continues(&line.text, next) {
                text = clean(&format!("{text} {}", next.text));
                evidence.push(next.whole());
            }
        }
        if text.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
            return Some((text, 0.9, evidence));
        }
    }
    // Else the first heading-like line near the top of the first page.
    let mut skip_address = 0;
    for (i, line) in lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.page == 1)
        .take(20)
    {
        let folded = fold(&line.text);
        if skip_address > 0 {
            skip_address -= 1;
            continue;
        }
        if matches!(
            folded.split_whitespace().next().unwrap_or(""),
            "herrn" | "herr" | "frau" | "familie" | "an" | "firma"
        ) {
            skip_address = 3;
            continue;
        }
        let letters = line.text.chars().filter(|c| c.is_alphabetic()).count();
        let words = line.text.split_whitespace().count();
        // The sender's letterhead: its first lines name the office (even where OCR garbled
        // the rest of the line).
        let office = [
            "gemeinde ",
            "stadt ",
            "landkreis",
            "amt ",
            "verwaltung",
            "der buergermeister",
        ]
        .iter()
        .any(|o| folded.contains(o));
        let letterhead = ["telefon", "fernruf", "fernsprecher", "telefax"]
            .iter()
            .any(|t| folded.contains(t))
            || folded.contains("amtsblatt")
            || (office && line.number < 3)
            || POSTCODE.is_match(&line.text);
        let mostly_digits = DIGITS.find_iter(&line.text).count() * 2 > letters;
        if letters < 6 || words > 12 || letterhead || mostly_digits || line.text.ends_with(',') {
            continue;
        }
        if !line.text.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        let mut text = clean(&line.text);
        let mut evidence = vec![line.whole()];
        if let Some(next) = lines.get(i + 1).filter(|n| n.page == 1) {
            if next.text.starts_with('(') || continues(&line.text, next) {
                text = clean(&format!("{text} {}", next.text));
                evidence.push(next.whole());
            }
        }
        return Some((text, 0.5, evidence));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::{lines, tests::page};

    fn subject(text: &str) -> Option<String> {
        find(&lines("d", 1, &page(text))).map(|(s, _, _)| s)
    }

    #[test]
    fn a_labelled_subject_with_its_continuation() {
        assert_eq!(
            subject("Tgb.-Nr. 147/21.\nBekanntmachung.\nBetrifft: Reinigung der Straßen und Bürgersteige\nim Winter.\nAuf Grund").as_deref(),
            Some("Reinigung der Straßen und Bürgersteige im Winter")
        );
        assert_eq!(
            subject("Herrn\nGerhard Hübner\nLindenstraße 4\n4201 Schkopau\nBetreff: Bauantrag Einzelgarage Lindenstraße 4\nhier: Gebühren\nSehr geehrter Herr Hübner,").as_deref(),
            Some("Bauantrag Einzelgarage Lindenstraße 4 hier: Gebühren")
        );
    }

    #[test]
    fn else_the_first_heading_after_letterhead_and_address() {
        assert_eq!(
            subject("Gemeinde Schkopau - Der Eumeru\nHerrn\nGerhard Hübner\nLindenstraße 4\n4201 Schkopau\nBaugenehmigung Nr. 14/1987").as_deref(),
            Some("Baugenehmigung Nr. 14/1987"),
            "a letterhead garbled by OCR"
        );
        assert_eq!(
            subject("Gemeinde Schkopau – Der Bürgermeister\nSchulstraße 18, 4201 Schkopau, Telefon Merseburg 235\nHerrn\nGerhard Hübner\nLindenstraße 4\n4201 Schkopau\nAktenzeichen: 632.10/1987-014 Schkopau, den 21.04.1987\nBaugenehmigung Nr. 14/1987\nAuf Ihren Antrag vom 09.03.1987 wird").as_deref(),
            Some("Baugenehmigung Nr. 14/1987")
        );
        assert_eq!(
            subject("Antrag auf Baugenehmigung\n(Bauantrag)\nAn den").as_deref(),
            Some("Antrag auf Baugenehmigung (Bauantrag)")
        );
    }
}
