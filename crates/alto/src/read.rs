//! Reading one page of ALTO (v2, v3 or v4) back into a [`PageText`].

use aktenscan_model::{BBox, Block, Line, PageText, Word};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;

use crate::{AltoError, ALTO_V4_NS};

const ALTO_NAMESPACES: [&str; 3] = [
    ALTO_V4_NS,
    "http://www.loc.gov/standards/alto/ns-v3#",
    "http://www.loc.gov/standards/alto/ns-v2#",
];

/// Reads the one page of an ALTO document.
///
/// Text blocks are taken in document order wherever they sit (print space, margins, composed
/// blocks). A block or line without a complete box gets the box around its children; a word
/// without `WC` gets confidence 0. Elements of other namespaces are skipped.
pub fn read_alto(xml: &[u8]) -> Result<PageText, AltoError> {
    let mut reader = NsReader::from_str(std::str::from_utf8(xml)?);
    let mut alto_ns: Option<&str> = None;
    let mut page = PageBuilder::default();
    loop {
        let (ns, event) = reader.read_resolved_event()?;
        if matches!(event, Event::Eof) {
            break;
        }
        let ns = match ns {
            ResolveResult::Bound(Namespace(ns)) => ns,
            _ => b"",
        };
        let Some(alto) = alto_ns else {
            // The first element is the root.
            match event {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"alto" => {
                    let known = ALTO_NAMESPACES.into_iter().find(|k| k.as_bytes() == ns);
                    let unknown = || AltoError::UnsupportedNamespace(lossy(ns));
                    alto_ns = Some(known.ok_or_else(unknown)?);
                }
                Event::Start(e) | Event::Empty(e) => {
                    let root = format!("the root element is <{}>", lossy(e.name().as_ref()));
                    return Err(AltoError::NotAlto(root));
                }
                _ => {}
            }
            continue;
        };
        if ns != alto.as_bytes() {
            continue;
        }
        match event {
            Event::Start(e) if e.local_name().as_ref() == b"MeasurementUnit" => {
                let unit = reader.read_text(e.name())?;
                if unit.trim() != "pixel" {
                    return Err(AltoError::UnsupportedUnit(unit.trim().to_owned()));
                }
            }
            Event::Start(e) => page.start(&e)?,
            Event::Empty(e) => {
                page.start(&e)?;
                page.end(e.local_name().as_ref());
            }
            Event::End(e) => page.end(e.local_name().as_ref()),
            _ => {}
        }
    }
    if alto_ns.is_none() {
        return Err(AltoError::NotAlto("there is no root element".into()));
    }
    page.page.ok_or(AltoError::NoPage)
}

/// The page read so far, with the block and line being read.
#[derive(Default)]
struct PageBuilder {
    page: Option<PageText>,
    block: Option<Open<Line>>,
    line: Option<Open<Word>>,
}

/// A block or line being read: its box, if it has one, and its children so far.
struct Open<T> {
    bbox: Option<BBox>,
    children: Vec<T>,
}

impl<T> Open<T> {
    fn new(bbox: Option<BBox>) -> Self {
        Open {
            bbox,
            children: Vec::new(),
        }
    }

    /// The box and the children, the box defaulting to the one around the children's boxes.
    fn finish(self, child_box: impl Fn(&T) -> BBox) -> (BBox, Vec<T>) {
        let bbox = self.bbox.unwrap_or_else(|| {
            self.children
                .iter()
                .fold(BBox::default(), |acc, c| acc.union(&child_box(c)))
        });
        (bbox, self.children)
    }
}

impl PageBuilder {
    fn start(&mut self, e: &BytesStart) -> Result<(), AltoError> {
        match e.local_name().as_ref() {
            b"Page" => {
                if self.page.is_some() {
                    return Err(AltoError::MultiplePages);
                }
                let a = Attrs::parse(e, "Page")?;
                let required = |value: Option<u32>, attr| {
                    value.ok_or(AltoError::MissingAttribute {
                        element: "Page",
                        attr,
                    })
                };
                self.page = Some(PageText {
                    width: required(a.width, "WIDTH")?,
                    height: required(a.height, "HEIGHT")?,
                    blocks: Vec::new(),
                });
            }
            b"TextBlock" => {
                if self.page.is_none() {
                    return Err(misplaced("TextBlock", "Page"));
                }
                self.block = Some(Open::new(Attrs::parse(e, "TextBlock")?.bbox()));
            }
            b"TextLine" => {
                if self.block.is_none() {
                    return Err(misplaced("TextLine", "TextBlock"));
                }
                self.line = Some(Open::new(Attrs::parse(e, "TextLine")?.bbox()));
            }
            b"String" => {
                let line = self.line.as_mut().ok_or(misplaced("String", "TextLine"))?;
                let a = Attrs::parse(e, "String")?;
                let bbox = a.bbox().unwrap_or_default();
                line.children.push(Word {
                    text: a.content.ok_or(AltoError::MissingAttribute {
                        element: "String",
                        attr: "CONTENT",
                    })?,
                    bbox,
                    confidence: a.wc.unwrap_or(0.0),
                });
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"TextLine" => {
                if let (Some(line), Some(block)) = (self.line.take(), self.block.as_mut()) {
                    let (bbox, words) = line.finish(|w| w.bbox);
                    block.children.push(Line { bbox, words });
                }
            }
            b"TextBlock" => {
                if let (Some(block), Some(page)) = (self.block.take(), self.page.as_mut()) {
                    let (bbox, lines) = block.finish(|l| l.bbox);
                    page.blocks.push(Block { bbox, lines });
                }
            }
            _ => {}
        }
    }
}

/// The attributes of an ALTO element that a [`PageText`] keeps.
#[derive(Default)]
struct Attrs {
    hpos: Option<u32>,
    vpos: Option<u32>,
    width: Option<u32>,
    height: Option<u32>,
    content: Option<String>,
    wc: Option<f32>,
}

impl Attrs {
    fn parse(e: &BytesStart, element: &'static str) -> Result<Self, AltoError> {
        let mut a = Attrs::default();
        for attr in e.attributes() {
            let attr = attr.map_err(quick_xml::Error::from)?;
            let value = attr.unescape_value()?;
            match attr.key.as_ref() {
                b"HPOS" => a.hpos = Some(pixels(element, "HPOS", &value)?),
                b"VPOS" => a.vpos = Some(pixels(element, "VPOS", &value)?),
                b"WIDTH" => a.width = Some(pixels(element, "WIDTH", &value)?),
                b"HEIGHT" => a.height = Some(pixels(element, "HEIGHT", &value)?),
                b"CONTENT" => a.content = Some(value.into_owned()),
                b"WC" => a.wc = Some(confidence(element, &value)?),
                _ => {}
            }
        }
        Ok(a)
    }

    fn bbox(&self) -> Option<BBox> {
        Some(BBox::new(self.hpos?, self.vpos?, self.width?, self.height?))
    }
}

/// A position or length in pixels; ALTO allows fractions, which are rounded.
fn pixels(element: &'static str, attr: &'static str, value: &str) -> Result<u32, AltoError> {
    match value.trim().parse::<f64>() {
        Ok(v) if (0.0..=f64::from(u32::MAX)).contains(&v) => Ok(v.round() as u32),
        _ => Err(AltoError::BadNumber {
            element,
            attr,
            value: value.to_owned(),
            expected: "a number of pixels",
        }),
    }
}

fn confidence(element: &'static str, value: &str) -> Result<f32, AltoError> {
    match value.trim().parse::<f32>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(AltoError::BadNumber {
            element,
            attr: "WC",
            value: value.to_owned(),
            expected: "a confidence from 0 to 1",
        }),
    }
}

fn misplaced(element: &'static str, parent: &'static str) -> AltoError {
    AltoError::Misplaced { element, parent }
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
