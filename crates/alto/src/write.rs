//! Writing one page as an ALTO v4 document with quick-xml's writer.

use std::fmt::Display;

use aktenscan_model::{BBox, Line, PageText};
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesStart, BytesText, Event};
use quick_xml::name::QName;
use quick_xml::Writer;
use time::format_description::well_known::Rfc3339;

use crate::{AltoError, AltoMeta, ALTO_V4_NS};

type XmlWriter = Writer<Vec<u8>>;

const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
const SCHEMA_LOCATION: &str =
    "http://www.loc.gov/standards/alto/ns-v4# http://www.loc.gov/alto/v4/alto-4-4.xsd";
const PREP_ID: &str = "proc_prep";
const OCR_ID: &str = "proc_ocr";

/// Writes `page` as a UTF-8 ALTO v4 document.
///
/// Lines without words are left out, as ALTO needs at least one `String` in a `TextLine`.
/// Confidences are written with three decimals, clamped to 0..1 (NaN as 0).
pub fn write_alto(page: &PageText, meta: &AltoMeta) -> Result<Vec<u8>, AltoError> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let alto = tag(
        "alto",
        &[
            ("xmlns", &ALTO_V4_NS),
            ("xmlns:xsi", &XSI_NS),
            ("xsi:schemaLocation", &SCHEMA_LOCATION),
            ("SCHEMAVERSION", &"4.4"),
        ],
    );
    nest(&mut w, alto, |w| {
        write_description(w, meta)?;
        nest(w, BytesStart::new("Layout"), |w| write_page(w, page, meta))
    })?;
    Ok(w.into_inner())
}

fn write_description(w: &mut XmlWriter, meta: &AltoMeta) -> Result<(), AltoError> {
    let when = meta.processed_at.format(&Rfc3339)?;
    nest(w, BytesStart::new("Description"), |w| {
        text_element(w, "MeasurementUnit", "pixel")?;
        nest(w, BytesStart::new("sourceImageInformation"), |w| {
            text_element(w, "fileName", &meta.image_file)
        })?;
        let prep = Step {
            id: PREP_ID,
            category: "preOperation",
            description: "orientation and skew correction",
            settings: format!(
                "orientation_cw_degrees={}; skew_ccw_degrees={}",
                meta.orientation.degrees(),
                meta.skew_degrees
            ),
            software: "Aktenscan",
            version: &meta.aktenscan_version,
        };
        prep.write(w, &when)?;
        if let Some(ocr) = &meta.ocr {
            let recognition = Step {
                id: OCR_ID,
                category: "contentGeneration",
                description: "text recognition",
                settings: format!("model={}", ocr.model),
                software: "Tesseract",
                version: &ocr.version,
            };
            recognition.write(w, &when)?;
        }
        Ok(())
    })
}

/// One `Processing` element of the description.
struct Step<'a> {
    id: &'a str,
    category: &'a str,
    description: &'a str,
    settings: String,
    software: &'a str,
    version: &'a str,
}

impl Step<'_> {
    fn write(&self, w: &mut XmlWriter, when: &str) -> Result<(), AltoError> {
        nest(w, tag("Processing", &[("ID", &self.id)]), |w| {
            text_element(w, "processingCategory", self.category)?;
            text_element(w, "processingDateTime", when)?;
            text_element(w, "processingStepDescription", self.description)?;
            text_element(w, "processingStepSettings", &self.settings)?;
            nest(w, BytesStart::new("processingSoftware"), |w| {
                text_element(w, "softwareName", self.software)?;
                text_element(w, "softwareVersion", self.version)
            })
        })
    }
}

fn write_page(w: &mut XmlWriter, page: &PageText, meta: &AltoMeta) -> Result<(), AltoError> {
    let processing = if meta.ocr.is_some() {
        format!("{PREP_ID} {OCR_ID}")
    } else {
        PREP_ID.to_owned()
    };
    let page_tag = tag(
        "Page",
        &[
            ("ID", &format!("page_{}", meta.page_number)),
            ("PHYSICAL_IMG_NR", &meta.page_number),
            ("WIDTH", &page.width),
            ("HEIGHT", &page.height),
            ("PROCESSINGREFS", &processing),
        ],
    );
    let print_space = with_bbox(
        BytesStart::new("PrintSpace"),
        &BBox::new(0, 0, page.width, page.height),
    );
    nest(w, page_tag, |w| {
        if page.blocks.is_empty() {
            w.write_event(Event::Empty(print_space))?;
            return Ok(());
        }
        nest(w, print_space, |w| {
            for (bi, block) in page.blocks.iter().enumerate() {
                let id = format!("b{}", bi + 1);
                let block_tag = with_bbox(tag("TextBlock", &[("ID", &id)]), &block.bbox);
                nest(w, block_tag, |w| {
                    for (li, line) in block.lines.iter().enumerate() {
                        if !line.words.is_empty() {
                            write_line(w, line, &format!("{id}_l{}", li + 1))?;
                        }
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })
    })
}

fn write_line(w: &mut XmlWriter, line: &Line, id: &str) -> Result<(), AltoError> {
    nest(
        w,
        with_bbox(tag("TextLine", &[("ID", &id)]), &line.bbox),
        |w| {
            let mut prev: Option<&BBox> = None;
            for (wi, word) in line.words.iter().enumerate() {
                if let Some(prev) = prev {
                    let right = prev.x.saturating_add(prev.w);
                    let gap = word.bbox.x.saturating_sub(right);
                    let sp = tag(
                        "SP",
                        &[("WIDTH", &gap), ("HPOS", &right), ("VPOS", &prev.y)],
                    );
                    w.write_event(Event::Empty(sp))?;
                }
                let mut string = tag("String", &[("ID", &format!("{id}_w{}", wi + 1))]);
                let content = escape(&word.text).map_err(|ch| AltoError::InvalidChar {
                    what: format!("the word {:?}", word.text),
                    ch,
                })?;
                string.push_attribute(Attribute {
                    key: QName(b"CONTENT"),
                    value: content.into_bytes().into(),
                });
                let mut string = with_bbox(string, &word.bbox);
                let wc = if word.confidence.is_nan() {
                    0.0
                } else {
                    word.confidence.clamp(0.0, 1.0)
                };
                string.push_attribute(("WC", format!("{wc:.3}").as_str()));
                w.write_event(Event::Empty(string))?;
                prev = Some(&word.bbox);
            }
            Ok(())
        },
    )
}

/// Writes `start`, what `children` writes, and the matching end tag.
fn nest(
    w: &mut XmlWriter,
    start: BytesStart,
    children: impl FnOnce(&mut XmlWriter) -> Result<(), AltoError>,
) -> Result<(), AltoError> {
    let end = start.to_end().into_owned();
    w.write_event(Event::Start(start))?;
    children(w)?;
    w.write_event(Event::End(end))?;
    Ok(())
}

/// Writes `<name>text</name>`.
fn text_element(w: &mut XmlWriter, name: &str, text: &str) -> Result<(), AltoError> {
    let escaped = escape(text).map_err(|ch| AltoError::InvalidChar {
        what: format!("<{name}>"),
        ch,
    })?;
    w.create_element(name)
        .write_text_content(BytesText::from_escaped(escaped))?;
    Ok(())
}

/// A start tag with attributes whose values need no check (IDs, numbers, constants).
fn tag<'a>(name: &'a str, attrs: &[(&str, &dyn Display)]) -> BytesStart<'a> {
    let mut start = BytesStart::new(name);
    for (key, value) in attrs {
        start.push_attribute((*key, value.to_string().as_str()));
    }
    start
}

fn with_bbox<'a>(start: BytesStart<'a>, b: &BBox) -> BytesStart<'a> {
    start.with_attributes([
        ("HPOS", b.x.to_string().as_str()),
        ("VPOS", b.y.to_string().as_str()),
        ("WIDTH", b.w.to_string().as_str()),
        ("HEIGHT", b.h.to_string().as_str()),
    ])
}

/// Escapes `s` for XML text or an attribute value. Tabs and line breaks become character
/// references, which parsers keep as they are; `Err` holds a character XML 1.0 cannot hold.
fn escape(s: &str) -> Result<String, char> {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        let replacement = match ch {
            '<' => "&lt;",
            '>' => "&gt;",
            '&' => "&amp;",
            '"' => "&quot;",
            '\'' => "&apos;",
            '\t' => "&#9;",
            '\n' => "&#10;",
            '\r' => "&#13;",
            '\0'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => return Err(ch),
            _ => {
                out.push(ch);
                continue;
            }
        };
        out.push_str(replacement);
    }
    Ok(out)
}
