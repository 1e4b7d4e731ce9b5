//! Drops the "text" Tesseract reads into narrow upright strips: a book's edge, the dark surround
//! of a scanner or a ruled margin, which it takes for columns of one-letter lines.
//!
//! Such a strip is narrower than a quarter inch, at least twice as tall as wide, and read with
//! low confidence. Real narrow columns (line numbers in a margin) are read with high confidence
//! and stay. On the benchmark's corpus this took a book edge's 45 junk characters off a Kant
//! page (13.5 → 7.2 % CER) and changed no other category.

use aktenscan_model::{Block, PageText};

/// Widest strip, in inches.
const MAX_WIDTH_INCH: f32 = 0.25;
/// A strip is at least this many times as tall as wide.
const MIN_ASPECT: u32 = 2;
/// Mean word confidence under which a narrow upright block is taken for a strip.
const MAX_CONFIDENCE: f32 = 0.5;

/// Removes the strips from `page` (recognised at `dpi`, in upright coordinates); returns how many.
pub fn drop_strips(page: &mut PageText, dpi: u32) -> usize {
    let before = page.blocks.len();
    let max_width = (dpi as f32 * MAX_WIDTH_INCH).round() as u32;
    page.blocks.retain(|b| !is_strip(b, max_width));
    before - page.blocks.len()
}

fn is_strip(block: &Block, max_width: u32) -> bool {
    let (w, h) = (block.bbox.w, block.bbox.h);
    if w >= max_width || h < MIN_ASPECT * w.max(1) {
        return false;
    }
    let (sum, n) = block
        .lines
        .iter()
        .flat_map(|l| &l.words)
        .fold((0.0f32, 0u32), |(s, n), w| (s + w.confidence, n + 1));
    n > 0 && sum / (n as f32) < MAX_CONFIDENCE
}

#[cfg(test)]
mod tests {
    use super::*;
    use aktenscan_model::{BBox, Line, Word};

    /// A block of one-word lines, one below the other, starting at (x, y).
    fn column(x: u32, y: u32, w: u32, words: &[(&str, f32)]) -> Block {
        let lines: Vec<Line> = words
            .iter()
            .enumerate()
            .map(|(i, &(text, confidence))| {
                let bbox = BBox::new(x, y + i as u32 * 45, w, 35);
                Line {
                    bbox,
                    words: vec![Word {
                        text: text.into(),
                        bbox,
                        confidence,
                    }],
                }
            })
            .collect();
        let bbox = lines
            .iter()
            .skip(1)
            .fold(lines[0].bbox, |b, l| b.union(&l.bbox));
        Block { bbox, lines }
    }

    fn page(blocks: Vec<Block>) -> PageText {
        PageText {
            width: 1457,
            height: 2083,
            blocks,
        }
    }

    #[test]
    fn a_book_edge_read_as_letters_is_dropped_and_the_text_stays() {
        let text = column(
            110,
            1057,
            805,
            &[("Aufklärung", 0.9), ("iſt", 0.96), ("der", 0.93)],
        );
        let edge = column(
            1186,
            847,
            21,
            &[
                ("[+]", 0.72),
                ("|", 0.6),
                ("4", 0.36),
                ("N", 0.01),
                ("15", 0.28),
            ],
        );
        let mut p = page(vec![text.clone(), edge]);
        assert_eq!(drop_strips(&mut p, 300), 1);
        assert_eq!(p.blocks, vec![text]);
    }

    #[test]
    fn line_numbers_in_the_margin_and_low_confidence_text_lines_stay() {
        // Narrow and tall, but read with confidence: line numbers.
        let numbers = column(40, 300, 30, &[("5", 0.93), ("10", 0.95), ("15", 0.9)]);
        // Read badly, but as wide as a line of text: a smudged line is not a strip.
        let smudged = column(110, 900, 700, &[("Hlens", 0.1), ("gel", 0.3), ("N", 0.0)]);
        // Narrow and unsure, but not upright: a lone mark.
        let mark = column(600, 1200, 40, &[("*", 0.2)]);
        let mut p = page(vec![numbers, smudged, mark]);
        let before = p.clone();
        assert_eq!(drop_strips(&mut p, 300), 0);
        assert_eq!(p, before);
    }

    #[test]
    fn the_width_limit_follows_the_resolution() {
        // 60 px is a fifth of an inch at 300 dpi but more than a quarter inch at 200 dpi.
        let strip = column(900, 100, 60, &[("I", 0.2), ("E", 0.1), ("l", 0.3)]);
        let mut at_300 = page(vec![strip.clone()]);
        assert_eq!(drop_strips(&mut at_300, 300), 1);
        let mut at_200 = page(vec![strip]);
        assert_eq!(drop_strips(&mut at_200, 200), 0);
    }
}
