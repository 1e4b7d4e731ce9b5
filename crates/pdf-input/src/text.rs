//! Turns the glyphs of a page's text layer into words, lines and blocks in reading order.
//!
//! Glyphs arrive in content-stream order, which is the reading order the producing program wrote
//! (OCR tools and office programs write text line by line, column by column). Words are cut at
//! whitespace and at gaps wider than a fraction of the font size; lines at a change of baseline
//! or a wide gap; blocks where the next line is not right below the previous one.

use aktenscan_model::{BBox, Block, Line, PageText, Word};
use hayro::hayro_interpret::font::{Glyph, PositionedGlyph};
use hayro::hayro_interpret::hayro_cmap::BfString;
use hayro::kurbo::{Affine, Point, Rect, Vec2};

/// Bottom and top of the nominal glyph box, in 1/1000 em above the baseline: fonts do not tell
/// their real extent reliably (OCR text layers use empty glyphs), so every glyph gets this box.
const DESCENT: f64 = -200.0;
const ASCENT: f64 = 800.0;
/// Advance assumed for a glyph whose font gives none, in 1/1000 em.
const DEFAULT_ADVANCE: f64 = 500.0;
/// The next glyph or word may start this far (in em) before the previous one ends (kerning).
const OVERLAP: f64 = 0.3;
/// A gap wider than this (in em) between two glyphs starts a new word.
const WORD_GAP: f64 = 0.15;
/// A gap wider than this (in em) between two words starts a new line.
const LINE_GAP: f64 = 3.0;
/// Baselines further apart than this (in em) belong to different lines.
const BASELINE_TOLERANCE: f64 = 0.4;
/// A line whose baseline is further than this (in em) below the previous one starts a new block.
const BLOCK_LEADING: f64 = 2.0;

/// One glyph with its position in pixels of the rendered page.
#[derive(Debug, Clone)]
pub(crate) struct TextGlyph {
    /// The Unicode text, empty if the font does not say.
    pub text: String,
    origin: Point,
    end: Point,
    /// Font size in pixels.
    em: f64,
    bbox: Rect,
}

impl TextGlyph {
    /// Places `glyph` with `ctm`, the transform from text space to page pixels.
    pub fn new(glyph: &PositionedGlyph<'_>, ctm: Affine) -> Self {
        let t = ctm * glyph.transform();
        let advance = match &**glyph {
            Glyph::Outline(g) => g.advance_width(),
            Glyph::Type3(g) => g.advance_width(),
        }
        .map(f64::from)
        .filter(|a| a.is_finite() && *a > 0.0)
        .unwrap_or(DEFAULT_ADVANCE);
        let text = match glyph.as_unicode() {
            Some(BfString::Char(c)) => c.to_string(),
            Some(BfString::String(s)) => s,
            None => String::new(),
        }
        .chars()
        .filter(|c| !c.is_control() && *c != char::REPLACEMENT_CHARACTER)
        .collect();
        let [first, rest @ ..] = [
            (0.0, DESCENT),
            (advance, DESCENT),
            (advance, ASCENT),
            (0.0, ASCENT),
        ]
        .map(|p| t * Point::from(p));
        let bbox = rest
            .iter()
            .fold(Rect::from_points(first, first), |r, &p| r.union_pt(p));
        TextGlyph {
            text,
            origin: t * Point::ORIGIN,
            end: t * Point::new(advance, 0.0),
            em: (t * Point::new(0.0, 1000.0) - t * Point::ORIGIN).hypot(),
            bbox,
        }
    }

    /// Whether this glyph carries readable text.
    pub fn is_readable(&self) -> bool {
        !self.text.trim().is_empty()
    }

    /// Whether this glyph lies (by its centre) on the page of the given size.
    fn on_page(&self, width: f64, height: f64) -> bool {
        let c = self.bbox.center();
        self.em.is_finite() && (0.0..width).contains(&c.x) && (0.0..height).contains(&c.y)
    }
}

/// A run of glyphs or words along one baseline.
#[derive(Debug, Clone, Copy)]
struct Span {
    origin: Point,
    end: Point,
    em: f64,
    bbox: Rect,
}

impl Span {
    fn direction(&self) -> Vec2 {
        let d = self.end - self.origin;
        if d.hypot() > f64::EPSILON {
            d / d.hypot()
        } else {
            Vec2::new(1.0, 0.0)
        }
    }

    /// Distance along the baseline from this span's end to `origin`, and across it, in em.
    fn gap_to(&self, origin: Point) -> (f64, f64) {
        let dir = self.direction();
        let d = origin - self.end;
        let em = self.em.max(f64::EPSILON);
        (d.dot(dir) / em, d.cross(dir).abs() / em)
    }

    fn similar_size(&self, em: f64) -> bool {
        (0.5..2.0).contains(&(em / self.em.max(f64::EPSILON)))
    }

    fn extend(&mut self, other: &Span) {
        self.end = other.end;
        self.bbox = self.bbox.union(other.bbox);
    }
}

struct WordSpan {
    span: Span,
    text: String,
}

struct LineSpan {
    span: Span,
    words: Vec<WordSpan>,
}

/// Groups `glyphs` (in content order) into the text of a page `width` × `height` pixels large.
pub(crate) fn layout(glyphs: &[TextGlyph], width: u32, height: u32) -> PageText {
    let (w, h) = (f64::from(width), f64::from(height));
    let mut words: Vec<WordSpan> = Vec::new();
    let mut open = false;
    for g in glyphs {
        if !g.is_readable() || !g.on_page(w, h) {
            open = false;
            continue;
        }
        let span = Span {
            origin: g.origin,
            end: g.end,
            em: g.em,
            bbox: g.bbox,
        };
        if let Some(word) = words.last_mut().filter(|_| open) {
            let (along, across) = word.span.gap_to(g.origin);
            if word.span.similar_size(g.em)
                && across < BASELINE_TOLERANCE
                && (-OVERLAP..WORD_GAP).contains(&along)
            {
                word.span.extend(&span);
                word.text.push_str(&g.text);
                continue;
            }
        }
        words.push(WordSpan {
            span,
            text: g.text.clone(),
        });
        open = true;
    }

    let mut lines: Vec<LineSpan> = Vec::new();
    for word in words {
        if let Some(line) = lines.last_mut() {
            let (along, across) = line.span.gap_to(word.span.origin);
            let same_dir = line.span.direction().dot(word.span.direction()) > 0.9;
            if same_dir && across < BASELINE_TOLERANCE && (-OVERLAP..LINE_GAP).contains(&along) {
                line.span.extend(&word.span);
                line.words.push(word);
                continue;
            }
        }
        lines.push(LineSpan {
            span: word.span,
            words: vec![word],
        });
    }

    let mut blocks: Vec<Vec<LineSpan>> = Vec::new();
    for line in lines {
        if let Some(block) = blocks.last_mut() {
            if block
                .last()
                .is_some_and(|prev| continues_block(&prev.span, &line.span))
            {
                block.push(line);
                continue;
            }
        }
        blocks.push(vec![line]);
    }

    PageText {
        width,
        height,
        blocks: blocks
            .into_iter()
            .filter_map(|lines| block(lines, w, h))
            .collect(),
    }
}

/// Whether `next` is the line right below `prev` in the same column.
fn continues_block(prev: &Span, next: &Span) -> bool {
    let dir = prev.direction();
    if dir.dot(next.direction()) < 0.9 || !prev.similar_size(next.em) {
        return false;
    }
    let down = Vec2::new(-dir.y, dir.x);
    let step = (next.origin - prev.origin).dot(down) / prev.em.max(f64::EPSILON);
    let extent = |s: &Span| {
        let (a, b) = (s.origin.to_vec2().dot(dir), s.end.to_vec2().dot(dir));
        (a.min(b), a.max(b))
    };
    let ((p0, p1), (n0, n1)) = (extent(prev), extent(next));
    step > BASELINE_TOLERANCE && step <= BLOCK_LEADING && n0 < p1 && p0 < n1
}

fn block(lines: Vec<LineSpan>, w: f64, h: f64) -> Option<Block> {
    let lines: Vec<Line> = lines
        .into_iter()
        .filter_map(|line| {
            let words: Vec<Word> = line
                .words
                .into_iter()
                .filter_map(|word| {
                    Some(Word {
                        bbox: pixel_box(word.span.bbox, w, h)?,
                        text: word.text,
                        confidence: 1.0,
                    })
                })
                .collect();
            Some(Line {
                bbox: words.iter().map(|w| w.bbox).reduce(|a, b| a.union(&b))?,
                words,
            })
        })
        .collect();
    Some(Block {
        bbox: lines.iter().map(|l| l.bbox).reduce(|a, b| a.union(&b))?,
        lines,
    })
}

/// The pixels covered by `r`, clipped to the page; `None` if nothing of it is on the page.
fn pixel_box(r: Rect, w: f64, h: f64) -> Option<BBox> {
    let (x0, y0) = (r.x0.max(0.0).floor(), r.y0.max(0.0).floor());
    let (x1, y1) = (r.x1.min(w).ceil(), r.y1.min(h).ceil());
    // In range by the clipping above, so the casts are exact.
    (x1 > x0 && y1 > y0)
        .then(|| BBox::new(x0 as u32, y0 as u32, (x1 - x0) as u32, (y1 - y0) as u32))
}
