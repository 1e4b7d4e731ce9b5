//! The header row of a letter ("Ihr Zeichen / Ihre Nachricht vom / Unser Zeichen / Datum") over
//! a row of values: which column a value stands in, by the labels' left edges where the page keeps
//! its columns, else by order.

use crate::words::TextLine;
use std::ops::Range;

/// What a header row's column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// "Datum": the letter's own date.
    Date,
    /// "Ihre Nachricht vom", "Ihr Schreiben vom": a date quoted from the addressee.
    QuotedDate,
    /// "Ihr Zeichen": the addressee's sign.
    TheirSign,
    /// "Unser Zeichen": the sender's own sign.
    OurSign,
    /// Another column (Bearbeiter, Telefon, Kassenzeichen).
    Other,
}

const LABELS: [(&str, Column); 9] = [
    ("ihre nachricht vom", Column::QuotedDate),
    ("ihr schreiben vom", Column::QuotedDate),
    ("ihr zeichen", Column::TheirSign),
    ("unser zeichen", Column::OurSign),
    ("bearbeiterin", Column::Other),
    ("bearbeiter", Column::Other),
    ("telefon", Column::Other),
    ("kassenzeichen", Column::Other),
    ("datum", Column::Date),
];

/// The column labels of a header row in order, with their byte ranges.
pub fn labels(header: &TextLine) -> Vec<(Range<usize>, Column)> {
    let lower = header.text.to_lowercase();
    let mut out: Vec<(Range<usize>, Column)> = Vec::new();
    for (label, kind) in LABELS {
        for (at, _) in lower.match_indices(label) {
            let r = at..at + label.len();
            if r.end <= header.text.len()
                && !out.iter().any(|(o, _)| o.start < r.end && r.start < o.end)
            {
                out.push((r, kind));
            }
        }
    }
    out.sort_by_key(|(r, _)| r.start);
    out
}

/// The column the value at `range` of `line` stands in under `header`, if it can be told.
pub fn column_of(header: &TextLine, line: &TextLine, range: &Range<usize>) -> Option<Column> {
    let labels = labels(header);
    if labels.len() < 2 {
        return None;
    }
    let left = |l: &TextLine, r: &Range<usize>| {
        l.boxes(r)
            .first()
            .map(|b| b.x as f32 / l.page_width.max(1) as f32)
    };
    // Where the page keeps its columns, the value starts where its label starts (within 3 mm
    // on A4).
    if let Some(x) = left(line, range) {
        let nearest = labels
            .iter()
            .filter_map(|(r, kind)| left(header, r).map(|hx| ((hx - x).abs(), *kind)))
            .min_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((d, kind)) = nearest {
            if d < 0.012 {
                return Some(kind);
            }
        }
    }
    // As many values as labels: by position.
    let tokens: Vec<(usize, &str)> = line
        .text
        .split(' ')
        .scan(0usize, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    if tokens.len() == labels.len() {
        let index = tokens
            .iter()
            .rposition(|(start, _)| *start <= range.start)?;
        return labels.get(index).map(|(_, k)| *k);
    }
    // Else only the ends are sure: the last value under a last "Datum", the first under a first
    // quoting column.
    let is_last = line.text[range.end..].trim().is_empty();
    let is_first = line.text[..range.start].trim().is_empty();
    match (labels.first(), labels.last()) {
        (_, Some((_, Column::Date))) if is_last && !is_first => Some(Column::Date),
        (Some((_, k)), _) if is_first && matches!(k, Column::QuotedDate | Column::TheirSign) => {
            Some(*k)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::{lines, typed_page};

    fn column(header: &str, values: &str, value: &str) -> Option<Column> {
        let page = typed_page(&format!("{header}\n{values}"));
        let l = lines("d", 1, &page);
        let at = l[1].text.find(value).unwrap();
        column_of(&l[0], &l[1], &(at..at + value.len()))
    }

    #[test]
    fn a_value_is_placed_under_its_label() {
        let header = "Ihr Zeichen Ihre Nachricht vom Unser Zeichen Datum";
        let values = "Bu/We 11.05.1999 632.20/1999-027 27.05.1999";
        assert_eq!(
            column(header, values, "632.20/1999-027"),
            Some(Column::OurSign)
        );
        assert_eq!(column(header, values, "27.05.1999"), Some(Column::Date));
        assert_eq!(
            column(header, values, "11.05.1999"),
            Some(Column::QuotedDate)
        );
        let header = "Ihre Nachricht vom Unser Zeichen Bearbeiterin Datum";
        let values = "21.04.2003 32/2003-108 Frau Köhler 05.05.2003";
        assert_eq!(column(header, values, "05.05.2003"), Some(Column::Date));
        assert_eq!(
            column(header, values, "21.04.2003"),
            Some(Column::QuotedDate)
        );
    }
}
