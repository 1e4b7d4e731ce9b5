//! The pages' words as lines of text that remember where each word stands, so a rule can match
//! text and point at the words it read (for the window's outlines).

use crate::Evidence;
use aktenscan_model::{BBox, PageText};
use std::ops::Range;

/// One line of a page: its text (words joined by single spaces) and each word's place.
#[derive(Debug, Clone)]
pub struct TextLine {
    /// The document the line is of.
    pub document: String,
    /// Page number in the document (1-based).
    pub page: i64,
    /// Line number on the page (0-based, reading order).
    pub number: usize,
    pub text: String,
    /// Where the line's top lies, as a share of the page height (0 = top edge).
    pub top: f32,
    /// The page's width in pixels.
    pub page_width: u32,
    spans: Vec<(Range<usize>, BBox)>,
}

impl TextLine {
    /// The boxes of the words that the byte range of `text` touches.
    pub fn boxes(&self, range: &Range<usize>) -> Vec<BBox> {
        self.spans
            .iter()
            .filter(|(r, _)| r.start < range.end && range.start < r.end)
            .map(|(_, b)| *b)
            .collect()
    }

    /// What a rule read from `range` of this line, with the words' boxes.
    pub fn evidence(&self, range: &Range<usize>) -> Evidence {
        Evidence {
            document: self.document.clone(),
            page: self.page,
            text: self.text[range.clone()].to_string(),
            boxes: self.boxes(range),
        }
    }

    /// The whole line as evidence.
    pub fn whole(&self) -> Evidence {
        self.evidence(&(0..self.text.len()))
    }
}

/// A page's lines in reading order.
pub fn lines(document: &str, page: i64, text: &PageText) -> Vec<TextLine> {
    let height = text.height.max(1) as f32;
    let mut out = Vec::new();
    for line in text.blocks.iter().flat_map(|b| &b.lines) {
        let mut joined = String::new();
        let mut spans = Vec::new();
        for word in &line.words {
            let w = word.text.trim();
            if w.is_empty() {
                continue;
            }
            if !joined.is_empty() {
                joined.push(' ');
            }
            let start = joined.len();
            joined.push_str(w);
            spans.push((start..joined.len(), word.bbox));
        }
        if joined.is_empty() {
            continue;
        }
        out.push(TextLine {
            document: document.to_string(),
            page,
            number: out.len(),
            text: joined,
            top: line.bbox.y as f32 / height,
            page_width: text.width,
            spans,
        });
    }
    out
}

/// A page of typed text as recognised words: one line per text line, each word's box from its
/// characters' places (a fixed-pitch A4 page at 300 dpi), so column rules see the layout the
/// text has. For tests and for the benchmark on transcribed text.
pub fn typed_page(text: &str) -> PageText {
    use aktenscan_model::{Block, Line, Word};
    let lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let y = 150 + 55 * i as u32;
            let mut words = Vec::new();
            let mut col = 0u32;
            for part in l.split(' ') {
                let n = part.chars().count() as u32;
                if n > 0 {
                    words.push(Word {
                        text: part.to_string(),
                        bbox: BBox::new(200 + 24 * col, y, 24 * n, 40),
                        confidence: 1.0,
                    });
                }
                col += n + 1;
            }
            Line {
                bbox: BBox::new(200, y, 24 * col.max(1), 40),
                words,
            }
        })
        .collect();
    PageText {
        width: 2480,
        height: 3508,
        blocks: vec![Block {
            bbox: BBox::new(0, 0, 2480, 3508),
            lines,
        }],
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn page(text: &str) -> PageText {
        typed_page(text)
    }

    #[test]
    fn a_match_points_at_the_words_it_read() {
        let lines = lines(
            "d",
            1,
            &page("Schkopau, den 21.04.1987\nBetreff: Bauantrag"),
        );
        assert_eq!(lines.len(), 2);
        let l = &lines[0];
        let start = l.text.find("21.04.1987").unwrap();
        let ev = l.evidence(&(start..start + 10));
        assert_eq!(ev.text, "21.04.1987");
        assert_eq!(ev.boxes.len(), 1, "only the date's word");
        assert!(l.top < lines[1].top);
    }
}
