//! The streaming PDF/A-2b writer: objects go out as soon as a page is added, and the
//! cross-reference table, page tree, font and metadata follow at the end.

use std::io::Write;

use pdf_writer::types::OutputIntentSubtype;
use pdf_writer::writers::Catalog;
use pdf_writer::{Chunk, Content, Filter, Finish, Name, Rect, Ref, Settings, TextStr};
use sha2::{Digest, Sha256};

use crate::icc::srgb_profile;
use crate::metadata::Metadata;
use crate::text::{write_text_layer, GlyphlessFont, PageFrame};
use crate::{DocumentInfo, Error, PdfPage};

/// PDF 1.7 header, then a comment of bytes above 127 that marks the file as binary.
const HEADER: &[u8] = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
/// Page sizes PDF 1.7 viewers must support, in points (ISO 32000-1, annex C).
const PAGE_SIZE_LIMITS: std::ops::RangeInclusive<f32> = 3.0..=14_400.0;
/// Offsets in the cross-reference table have ten digits.
const MAX_OFFSET: u64 = 9_999_999_999;
const IMAGE_NAME: Name = Name(b"Im0");
const FONT_NAME: Name = Name(b"F0");
const SETTINGS: Settings = Settings { pretty: false };

/// Writes a PDF/A-2b document page by page to `W`.
///
/// Only object offsets and page references are kept between pages, so memory does not grow
/// with the pages' images. A page refused by [`Self::add_page`] leaves the document as it
/// was; after an I/O error the output is incomplete and should be discarded.
pub struct PdfaWriter<W: Write> {
    out: W,
    /// Bytes written so far.
    pos: u64,
    /// Hash of everything written, for the file identifier.
    hash: Sha256,
    /// Where each object starts, by object number − 1 (0 until written).
    offsets: Vec<u64>,
    catalog: Ref,
    page_tree: Ref,
    pages: Vec<Ref>,
    /// The Type 0 font, allocated when the first text is shown.
    font_ref: Option<Ref>,
    font: GlyphlessFont,
    /// Hash and object of the last JBIG2 globals written, to share them between pages.
    jbig2_globals: Option<([u8; 32], Ref)>,
    metadata: Metadata,
}

impl<W: Write> PdfaWriter<W> {
    /// Starts a document; `font` is the glyph-less TrueType font for the text layer
    /// (Tesseract's `pdf.ttf`, see [`crate::read_tessdata_font`]).
    pub fn new(out: W, info: DocumentInfo, font: &[u8]) -> Result<PdfaWriter<W>, Error> {
        let mut writer = PdfaWriter {
            out,
            pos: 0,
            hash: Sha256::new(),
            offsets: vec![0, 0],
            catalog: Ref::new(1),
            page_tree: Ref::new(2),
            pages: Vec::new(),
            font_ref: None,
            font: GlyphlessFont::new(font)?,
            jbig2_globals: None,
            metadata: Metadata::new(info),
        };
        writer.emit(HEADER)?;
        Ok(writer)
    }

    /// Writes one page: its image, its invisible text and the page object.
    pub fn add_page(&mut self, page: &PdfPage) -> Result<(), Error> {
        let (px_w, px_h) = page.image.size();
        let frame = PageFrame {
            width: points(px_w, page.dpi_x)?,
            height: points(px_h, page.dpi_y)?,
            orientation: page.orientation,
        };

        let mut content = Content::with_settings(SETTINGS);
        content
            .save_state()
            .transform([frame.width, 0.0, 0.0, frame.height, 0.0, 0.0])
            .x_object(IMAGE_NAME)
            .restore_state();
        let has_text = match page.text {
            Some(text) => write_text_layer(
                &mut content,
                &mut self.font,
                FONT_NAME,
                text,
                frame,
                (px_w, px_h),
            )?,
            None => false,
        };
        let content = compress(&content.finish());

        let image = page.image.encode()?;

        // Nothing of the page is written before here, so a refused page leaves no trace.
        let globals = match page.image.jbig2_globals() {
            Some(globals) => Some(self.jbig2_globals(globals)?),
            None => None,
        };
        let image_ref = self.alloc();
        let mut chunk = Chunk::with_settings(SETTINGS);
        image.write(&mut chunk, image_ref, globals);
        self.put(&chunk)?;

        let contents = self.alloc();
        let mut chunk = Chunk::with_settings(SETTINGS);
        chunk.stream(contents, &content).filter(Filter::FlateDecode);
        self.put(&chunk)?;

        let font = match (has_text, self.font_ref) {
            (false, _) => None,
            (true, Some(font)) => Some(font),
            (true, None) => {
                let font = self.alloc();
                self.font_ref = Some(font);
                Some(font)
            }
        };
        let id = self.alloc();
        let mut chunk = Chunk::with_settings(SETTINGS);
        let mut page_obj = chunk.page(id);
        page_obj
            .parent(self.page_tree)
            .media_box(Rect::new(0.0, 0.0, frame.width, frame.height))
            .rotate(page.orientation.degrees() as i32)
            .contents(contents);
        let mut resources = page_obj.resources();
        resources.x_objects().pair(IMAGE_NAME, image_ref);
        if let Some(font) = font {
            resources.fonts().pair(FONT_NAME, font);
        }
        resources.finish();
        page_obj.finish();
        self.put(&chunk)?;
        self.pages.push(id);
        Ok(())
    }

    /// Number of pages added so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Writes the font, metadata, page tree, catalog, cross-reference table and trailer, and
    /// returns the output (flushed).
    pub fn finish(mut self) -> Result<W, Error> {
        if self.pages.is_empty() {
            return Err(Error::NoPages);
        }
        if let Some(type0) = self.font_ref {
            let chunks = self.font.objects(type0, || alloc(&mut self.offsets));
            for chunk in &chunks {
                self.put(chunk)?;
            }
        }

        let profile = self.alloc();
        let mut chunk = Chunk::with_settings(SETTINGS);
        let icc = compress(&srgb_profile());
        chunk
            .icc_profile(profile, &icc)
            .n(3)
            .filter(Filter::FlateDecode);
        self.put(&chunk)?;

        let xmp_ref = self.alloc();
        let xmp = self.metadata.xmp();
        let mut chunk = Chunk::with_settings(SETTINGS);
        chunk.metadata(xmp_ref, xmp.as_bytes());
        self.put(&chunk)?;

        let info = self.alloc();
        let mut chunk = Chunk::with_settings(SETTINGS);
        self.metadata.write_info(&mut chunk, info);
        self.put(&chunk)?;

        let mut chunk = Chunk::with_settings(SETTINGS);
        chunk
            .pages(self.page_tree)
            .kids(self.pages.iter().copied())
            .count(self.pages.len() as i32);
        self.put(&chunk)?;

        let mut chunk = Chunk::with_settings(SETTINGS);
        let mut catalog: Catalog = chunk.indirect(self.catalog).start();
        catalog.pages(self.page_tree).metadata(xmp_ref);
        catalog
            .output_intents()
            .push()
            .subtype(OutputIntentSubtype::PDFA)
            .output_condition_identifier(TextStr("sRGB IEC61966-2.1"))
            .info(TextStr("sRGB IEC61966-2.1"))
            .dest_output_profile(profile);
        catalog.finish();
        self.put(&chunk)?;

        self.write_xref_and_trailer(info)?;
        self.out.flush()?;
        Ok(self.out)
    }

    fn write_xref_and_trailer(&mut self, info: Ref) -> Result<(), Error> {
        let xref_at = self.pos;
        let id = self.hash.clone().finalize();
        let id = &id[..16];
        let mut xref = format!("xref\n0 {}\n0000000000 65535 f \n", self.offsets.len() + 1);
        for &offset in &self.offsets {
            debug_assert_ne!(offset, 0, "every allocated object is written");
            xref.push_str(&format!("{offset:010} 00000 n \n"));
        }
        self.emit(xref.as_bytes())?;

        let id: String = id.iter().map(|b| format!("{b:02X}")).collect();
        let trailer = format!(
            "trailer\n<</Size {} /Root {} 0 R /Info {} 0 R /ID [<{id}> <{id}>]>>\nstartxref\n{xref_at}\n%%EOF\n",
            self.offsets.len() + 1,
            self.catalog.get(),
            info.get(),
        );
        self.emit(trailer.as_bytes())
    }

    /// Writes the JBIG2 globals unless the previous page used the same, and returns their object.
    fn jbig2_globals(&mut self, globals: &[u8]) -> Result<Ref, Error> {
        let hash: [u8; 32] = Sha256::digest(globals).into();
        if let Some((last, id)) = self.jbig2_globals {
            if last == hash {
                return Ok(id);
            }
        }
        let id = self.alloc();
        let mut chunk = Chunk::with_settings(SETTINGS);
        chunk.stream(id, globals);
        self.put(&chunk)?;
        self.jbig2_globals = Some((hash, id));
        Ok(id)
    }

    fn alloc(&mut self) -> Ref {
        alloc(&mut self.offsets)
    }

    /// Writes a chunk holding one object and records where the object starts.
    fn put(&mut self, chunk: &Chunk) -> Result<(), Error> {
        debug_assert_eq!(chunk.refs().len(), 1);
        if let Some(id) = chunk.refs().next() {
            if let Some(offset) = usize::try_from(id.get() - 1)
                .ok()
                .and_then(|i| self.offsets.get_mut(i))
            {
                *offset = self.pos;
            }
        }
        self.emit(chunk.as_bytes())
    }

    fn emit(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.out.write_all(bytes)?;
        self.hash.update(bytes);
        self.pos += bytes.len() as u64;
        if self.pos > MAX_OFFSET {
            return Err(Error::TooLarge);
        }
        Ok(())
    }
}

/// A new object number, to be written later.
fn alloc(offsets: &mut Vec<u64>) -> Ref {
    offsets.push(0);
    Ref::new(offsets.len() as i32)
}

/// Length in points of `pixels` at `dpi`, checked against PDF's page size limits.
fn points(pixels: u32, dpi: f32) -> Result<f32, Error> {
    let pt = pixels as f32 * 72.0 / dpi;
    if dpi.is_finite() && dpi > 0.0 && PAGE_SIZE_LIMITS.contains(&pt) {
        Ok(pt)
    } else {
        Err(Error::Page(format!(
            "{pixels} pixels at {dpi} dpi is {pt} pt; pages must measure 3 to 14400 pt"
        )))
    }
}

fn compress(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}
