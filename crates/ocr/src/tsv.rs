//! Parses Tesseract's TSV output into blocks, lines and words.

use aktenscan_model::{BBox, Block, Line, PageText, Word};

/// Builds the page structure from TSV rows (level 5 = word; block, paragraph and line numbers
/// group them). Words without text are dropped; paragraphs become blocks.
pub fn parse(tsv: &str, width: u32, height: u32) -> PageText {
    let mut page = PageText {
        width,
        height,
        blocks: Vec::new(),
    };
    let mut current_block: Option<(u32, u32)> = None;
    let mut current_line: Option<u32> = None;
    for row in tsv.lines() {
        let cols: Vec<&str> = row.split('\t').collect();
        if cols.len() < 12 || cols[0] != "5" {
            continue;
        }
        let num = |i: usize| cols[i].trim().parse::<i64>().unwrap_or(0);
        let text = cols[11].trim();
        if text.is_empty() {
            continue;
        }
        let (block, par, line) = (num(2) as u32, num(3) as u32, num(4) as u32);
        let bbox = BBox::new(
            num(6).max(0) as u32,
            num(7).max(0) as u32,
            num(8).max(0) as u32,
            num(9).max(0) as u32,
        );
        let confidence = (cols[10].trim().parse::<f32>().unwrap_or(0.0) / 100.0).clamp(0.0, 1.0);
        if current_block != Some((block, par)) {
            page.blocks.push(Block {
                bbox,
                lines: Vec::new(),
            });
            current_block = Some((block, par));
            current_line = None;
        }
        let Some(b) = page.blocks.last_mut() else {
            continue;
        };
        if current_line != Some(line) {
            b.lines.push(Line {
                bbox,
                words: Vec::new(),
            });
            current_line = Some(line);
        }
        b.bbox = b.bbox.union(&bbox);
        if let Some(l) = b.lines.last_mut() {
            l.bbox = l.bbox.union(&bbox);
            l.words.push(Word {
                text: text.to_string(),
                bbox,
                confidence,
            });
        }
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_words_into_lines_and_blocks() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t10\t10\t40\t12\t96.5\tGemeinde\n\
                   5\t1\t1\t1\t1\t2\t55\t10\t40\t12\t91\tSchkopau\n\
                   5\t1\t1\t1\t2\t1\t10\t30\t30\t12\t88\tStraße\n\
                   5\t1\t1\t1\t2\t2\t45\t30\t5\t12\t10\t \n\
                   5\t1\t2\t1\t1\t1\t10\t60\t30\t12\t75\t1987\n";
        let page = parse(tsv, 100, 100);
        assert_eq!(page.blocks.len(), 2);
        assert_eq!(page.blocks[0].lines.len(), 2);
        assert_eq!(page.plain_text(), "Gemeinde Schkopau\nStraße\n\n1987\n");
        assert_eq!(page.blocks[0].lines[0].bbox, BBox::new(10, 10, 85, 12));
        assert!((page.blocks[0].lines[0].words[0].confidence - 0.965).abs() < 1e-6);
    }
}
