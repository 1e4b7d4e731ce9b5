//! The invisible text layer: words placed on their OCR boxes in a glyph-less CID font whose
//! ToUnicode map gives back the recognised text.

use std::collections::HashMap;

use aktenscan_model::{BBox, Line, Orientation, PageText};
use miniz_oxide::deflate::compress_to_vec_zlib;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, TextRenderingMode, UnicodeCmap};
use pdf_writer::{Chunk, Content, Filter, Name, Rect, Ref, Str};

use crate::Error;

/// The glyph every character is drawn with; glyph 0 (`.notdef`) must not be used in PDF/A.
const GLYPH: u16 = 1;
const FONT_NAME: Name = Name(b"GlyphLessFont");
/// Longest string PDF/A-2 allows, rounded down to whole two-byte CIDs.
const MAX_STRING: usize = 32_766;
/// Least gap kept between words, as a fraction of the font size: with none, poppler joins
/// touching words despite the space between them.
const MIN_WORD_GAP: f32 = 0.1;

/// A page's size in points and the turn that shows it upright.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageFrame {
    pub width: f32,
    pub height: f32,
    pub orientation: Orientation,
}

impl PageFrame {
    /// The matrix from upright coordinates (the page as displayed after `/Rotate`) to the
    /// stored page's user space.
    fn upright_to_stored(self) -> [f32; 6] {
        let (w, h) = (self.width, self.height);
        match self.orientation {
            Orientation::Upright => [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
            Orientation::Cw90 => [0.0, 1.0, -1.0, 0.0, w, 0.0],
            Orientation::Cw180 => [-1.0, 0.0, 0.0, -1.0, w, h],
            Orientation::Cw270 => [0.0, -1.0, 1.0, 0.0, 0.0, h],
        }
    }

    /// A point of the stored page's user space in upright coordinates.
    fn upright_point(self, x: f32, y: f32) -> (f32, f32) {
        let (w, h) = (self.width, self.height);
        match self.orientation {
            Orientation::Upright => (x, y),
            Orientation::Cw90 => (y, w - x),
            Orientation::Cw180 => (w - x, h - y),
            Orientation::Cw270 => (h - y, x),
        }
    }
}

/// Converts word boxes (stored-image pixels, y down) to upright page coordinates (points, y up).
struct BoxMapper {
    frame: PageFrame,
    scale_x: f32,
    scale_y: f32,
}

impl BoxMapper {
    /// `(left, bottom, right, top)` of `b` as the reader sees the page.
    fn upright(&self, b: &BBox) -> [f32; 4] {
        let x0 = b.x as f32 * self.scale_x;
        let x1 = (b.x as f32 + b.w as f32) * self.scale_x;
        let y0 = self.frame.height - (b.y as f32 + b.h as f32) * self.scale_y;
        let y1 = self.frame.height - b.y as f32 * self.scale_y;
        let (u0, v0) = self.frame.upright_point(x0, y0);
        let (u1, v1) = self.frame.upright_point(x1, y1);
        [u0.min(u1), v0.min(v1), u0.max(u1), v0.max(v1)]
    }
}

/// A font with one empty glyph (Tesseract's `pdf.ttf`) and the characters shown with it so far.
///
/// Each distinct character gets its own CID, all drawn with glyph 1; the ToUnicode map
/// written at the end maps every CID back to its character.
pub(crate) struct GlyphlessFont {
    program: Vec<u8>,
    /// Advance width of the glyph in thousandths of the font size.
    advance: f32,
    bbox: Rect,
    ascent: f32,
    descent: f32,
    cids: HashMap<char, u16>,
    /// The character of CID `i + 1`.
    chars: Vec<char>,
}

impl GlyphlessFont {
    pub(crate) fn new(program: &[u8]) -> Result<GlyphlessFont, Error> {
        let face = ttf_parser::Face::parse(program, 0)
            .map_err(|e| Error::Font(format!("not a TrueType font: {e}")))?;
        if face.number_of_glyphs() <= GLYPH {
            return Err(Error::Font("it has no glyph besides .notdef".into()));
        }
        let advance = face
            .glyph_hor_advance(ttf_parser::GlyphId(GLYPH))
            .filter(|&a| a > 0)
            .ok_or_else(|| Error::Font("glyph 1 has no advance width".into()))?;
        let scale = 1000.0 / f32::from(face.units_per_em());
        let b = face.global_bounding_box();
        Ok(GlyphlessFont {
            program: program.to_vec(),
            advance: f32::from(advance) * scale,
            bbox: Rect::new(
                f32::from(b.x_min) * scale,
                f32::from(b.y_min) * scale,
                f32::from(b.x_max) * scale,
                f32::from(b.y_max) * scale,
            ),
            ascent: f32::from(face.ascender()) * scale,
            descent: f32::from(face.descender()) * scale,
            cids: HashMap::new(),
            chars: Vec::new(),
        })
    }

    /// Appends the two-byte CID of `c` to `out`.
    fn push_cid(&mut self, c: char, out: &mut Vec<u8>) -> Result<(), Error> {
        let cid = match self.cids.get(&c) {
            Some(&cid) => cid,
            None => {
                let cid =
                    u16::try_from(self.chars.len() + 1).map_err(|_| Error::TooManyCharacters)?;
                self.cids.insert(c, cid);
                self.chars.push(c);
                cid
            }
        };
        out.extend_from_slice(&cid.to_be_bytes());
        Ok(())
    }

    /// The font's objects, one per chunk: the Type 0 font `type0` and what it refers to.
    pub(crate) fn objects(&self, type0: Ref, mut alloc: impl FnMut() -> Ref) -> Vec<Chunk> {
        let (cid_font, descriptor, program, to_unicode, cid_to_gid) =
            (alloc(), alloc(), alloc(), alloc(), alloc());
        let system_info = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };
        let mut chunks = Vec::new();

        let mut chunk = Chunk::new();
        chunk
            .type0_font(type0)
            .base_font(FONT_NAME)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_font)
            .to_unicode(to_unicode);
        chunks.push(chunk);

        let mut chunk = Chunk::new();
        chunk
            .cid_font(cid_font)
            .subtype(CidFontType::Type2)
            .base_font(FONT_NAME)
            .system_info(system_info)
            .font_descriptor(descriptor)
            .default_width(self.advance)
            .cid_to_gid_map_stream(cid_to_gid);
        chunks.push(chunk);

        let mut chunk = Chunk::new();
        chunk
            .font_descriptor(descriptor)
            .name(FONT_NAME)
            .flags(FontFlags::SYMBOLIC)
            .bbox(self.bbox)
            .italic_angle(0.0)
            .ascent(self.ascent)
            .descent(self.descent)
            .cap_height(self.ascent)
            .stem_v(80.0)
            .font_file2(program);
        chunks.push(chunk);

        let mut chunk = Chunk::new();
        let data = compress_to_vec_zlib(&self.program, 9);
        chunk
            .stream(program, &data)
            .filter(Filter::FlateDecode)
            .pair(Name(b"Length1"), self.program.len() as i32);
        chunks.push(chunk);

        let mut cmap = UnicodeCmap::new(
            Name(b"Adobe-Identity-UCS"),
            SystemInfo {
                registry: Str(b"Adobe"),
                ordering: Str(b"UCS"),
                supplement: 0,
            },
        );
        for (&c, cid) in self.chars.iter().zip(1..=u16::MAX) {
            cmap.pair(cid, c);
        }
        let mut chunk = Chunk::new();
        let data = compress_to_vec_zlib(&cmap.finish(), 6);
        chunk.stream(to_unicode, &data).filter(Filter::FlateDecode);
        chunks.push(chunk);

        // CID 0 stays on .notdef; every other CID shows the glyph.
        let mut map = vec![0, 0];
        for _ in &self.chars {
            map.extend_from_slice(&GLYPH.to_be_bytes());
        }
        let mut chunk = Chunk::new();
        let data = compress_to_vec_zlib(&map, 6);
        chunk.stream(cid_to_gid, &data).filter(Filter::FlateDecode);
        chunks.push(chunk);

        chunks
    }
}

/// Writes the words of `text` as invisible text into `content`, in reading order, and tells
/// whether there were any. The font must be available as resource `font_name`.
///
/// Each line gets a font size of its box height with the baseline at its bottom; each word
/// starts at its box and is scaled horizontally to the box width, and a space follows every
/// word but the last of a line.
pub(crate) fn write_text_layer(
    content: &mut Content,
    font: &mut GlyphlessFont,
    font_name: Name,
    text: &PageText,
    frame: PageFrame,
    image_size: (u32, u32),
) -> Result<bool, Error> {
    let text_w = Some(text.width).filter(|&w| w > 0).unwrap_or(image_size.0);
    let text_h = Some(text.height).filter(|&h| h > 0).unwrap_or(image_size.1);
    let mapper = BoxMapper {
        frame,
        scale_x: frame.width / text_w as f32,
        scale_y: frame.height / text_h as f32,
    };
    let mut any = false;
    let mut cids = Vec::new();
    for line in text.blocks.iter().flat_map(|b| &b.lines) {
        let words: Vec<Vec<char>> = line
            .words
            .iter()
            .map(|w| w.text.chars().filter(|c| !c.is_control()).collect())
            .collect();
        let [_, bottom, _, top] = mapper.upright(&line_box(line));
        let size = top - bottom;
        if size <= 0.0 || words.iter().all(|w| is_blank(w)) {
            continue;
        }
        if !any {
            content.save_state();
            if frame.orientation != Orientation::Upright {
                content.transform(frame.upright_to_stored());
            }
            content.begin_text();
            content.set_text_rendering_mode(TextRenderingMode::Invisible);
            any = true;
        }
        content.set_font(font_name, size);
        let lefts: Vec<Option<f32>> = line
            .words
            .iter()
            .zip(&words)
            .map(|(w, chars)| (!is_blank(chars)).then(|| mapper.upright(&w.bbox)[0]))
            .collect();
        for (i, (word, chars)) in line.words.iter().zip(&words).enumerate() {
            if is_blank(chars) {
                continue;
            }
            cids.clear();
            for &c in chars {
                font.push_cid(c, &mut cids)?;
            }
            let [left, _, mut right, _] = mapper.upright(&word.bbox);
            let next_left = lefts[i + 1..].iter().flatten().next();
            if let Some(&next_left) = next_left {
                // Keep a gap to the next word, so that extractors see a word break.
                let limit = next_left - MIN_WORD_GAP * size;
                if next_left > left && limit < right {
                    right = limit.max(left + (next_left - left) / 2.0);
                }
                font.push_cid(' ', &mut cids)?;
            }
            let natural = chars.len() as f32 * font.advance / 1000.0 * size;
            let scaling = if right > left {
                100.0 * (right - left) / natural
            } else {
                100.0
            };
            content.set_horizontal_scaling(scaling);
            content.set_text_matrix([1.0, 0.0, 0.0, 1.0, left, bottom]);
            for part in cids.chunks(MAX_STRING) {
                content.show(Str(part));
            }
        }
    }
    if any {
        content.end_text();
        content.restore_state();
    }
    Ok(any)
}

fn is_blank(chars: &[char]) -> bool {
    chars.iter().all(|c| c.is_whitespace())
}

/// The line's box, or the union of its words' boxes if the line has none.
fn line_box(line: &Line) -> BBox {
    if line.bbox.w > 0 && line.bbox.h > 0 {
        line.bbox
    } else {
        line.words
            .iter()
            .fold(BBox::default(), |acc, w| acc.union(&w.bbox))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upright_mapping_inverts_the_display_matrix() {
        for orientation in [
            Orientation::Upright,
            Orientation::Cw90,
            Orientation::Cw180,
            Orientation::Cw270,
        ] {
            let frame = PageFrame {
                width: 200.0,
                height: 300.0,
                orientation,
            };
            let [a, b, c, d, e, f] = frame.upright_to_stored();
            for (x, y) in [(0.0, 0.0), (200.0, 0.0), (13.0, 250.0)] {
                let (u, v) = frame.upright_point(x, y);
                assert_eq!(
                    (a * u + c * v + e, b * u + d * v + f),
                    (x, y),
                    "{orientation:?}"
                );
            }
        }
    }

    #[test]
    fn every_distinct_character_gets_one_cid() {
        let font_bytes = std::fs::read("/usr/share/tesseract-ocr/5/tessdata/pdf.ttf");
        let Ok(font_bytes) = font_bytes else {
            eprintln!("skipped: Tesseract's pdf.ttf is not installed");
            return;
        };
        let mut font = GlyphlessFont::new(&font_bytes).expect("font");
        assert_eq!(font.advance, 500.0);
        let mut out = Vec::new();
        for c in "aßa😀".chars() {
            font.push_cid(c, &mut out).expect("cid");
        }
        assert_eq!(out, [0, 1, 0, 2, 0, 1, 0, 3]);
        assert_eq!(font.chars, ['a', 'ß', '😀']);
    }
}
