//! Splits a scanned batch into documents: separator sheets (a blank sheet, or a sheet with a
//! `TRENNBLATT` or `AZ …` Code 39 / Code 128 barcode) start a new document and are not stored,
//! blank back sides of a duplex scan are dropped, and a cover sheet's `AZ …` barcode carries the
//! Aktenzeichen. Everything left out is listed in the [`Plan`], never dropped silently.

use aktenscan_pages::{Image, PixelKind};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// How a batch is split. Stored with the job (part of the request).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SplitOptions {
    /// Separator sheets start a new document.
    pub separators: bool,
    /// Pages come in sheet pairs (front, back); blank sides are dropped.
    pub duplex: bool,
    /// A page with less ink than this share of its pixels (0.0..1.0) counts as blank.
    pub blank_ink: f32,
}

/// Default ink threshold: 0.05 % of the pixels. One short typed line on an A4 page at 300 dpi is
/// about 0.1 %; dust and scanner noise on an empty sheet stay far below 0.01 %.
pub const DEFAULT_BLANK_INK: f32 = 0.0005;

impl Default for SplitOptions {
    fn default() -> Self {
        SplitOptions {
            separators: false,
            duplex: false,
            blank_ink: DEFAULT_BLANK_INK,
        }
    }
}

impl SplitOptions {
    /// Whether the batch needs a look at every page before it is stored.
    pub fn active(&self) -> bool {
        self.separators || self.duplex
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SplitError {
    #[error("page image: {0}")]
    Image(#[from] aktenscan_pages::ImageError),
}

/// What one look at a page found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageLook {
    /// Share of dark pixels, 0.0..1.0.
    pub ink: f32,
    /// The text of a 1-D barcode on the page, if one was read.
    pub barcode: Option<String>,
}

/// What a barcode on a page means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// A separator sheet (`TRENNBLATT`, or the patch code name `PATCH T`).
    Separator,
    /// A cover sheet: separator, and the next document's Aktenzeichen.
    Cover { aktenzeichen: String },
}

/// Reads the meaning of a barcode text. Other barcodes (e.g. on a letter) are content.
pub fn mark_of(barcode: &str) -> Option<Mark> {
    let text = barcode.trim();
    let upper = text.to_uppercase();
    if upper == "TRENNBLATT" || upper == "PATCH T" || upper == "PATCHT" {
        return Some(Mark::Separator);
    }
    let rest = upper
        .strip_prefix("AZ ")
        .or_else(|| upper.strip_prefix("AZ:"))?;
    let start = text.len() - rest.len();
    let az = text.get(start..).unwrap_or("").trim();
    (!az.is_empty()).then(|| Mark::Cover {
        aktenzeichen: az.to_string(),
    })
}

/// Measures a page: its ink and a barcode on it (Code 39, Code 128, ITF, EAN).
pub fn look(image: &Image) -> Result<PageLook, SplitError> {
    let ink = image.ink_fraction()?;
    let barcode = if ink > 0.0 {
        read_barcode(image)?
    } else {
        None
    };
    Ok(PageLook { ink, barcode })
}

/// Reads a 1-D barcode. Pages above 200 dpi are halved first (bars stay several pixels wide, and
/// the reader is four times faster).
pub fn read_barcode(image: &Image) -> Result<Option<String>, SplitError> {
    let dpi = image.resolution().map(|(x, _)| x).unwrap_or(300);
    let scaled;
    let image = if dpi > 200 && image.width() > 1000 {
        scaled = image.scale(0.5)?;
        &scaled
    } else {
        image
    };
    let gray = image.to_gray8()?;
    let (kind, luma) = gray.to_pdf_pixels()?;
    if kind != PixelKind::Gray8 {
        return Ok(None);
    }
    let mut hints = rxing::DecodeHints {
        PossibleFormats: Some(
            [
                rxing::BarcodeFormat::CODE_39,
                rxing::BarcodeFormat::CODE_128,
                rxing::BarcodeFormat::ITF,
                rxing::BarcodeFormat::EAN_13,
            ]
            .into_iter()
            .collect(),
        ),
        ..Default::default()
    };
    match rxing::helpers::detect_in_luma_with_hints(
        luma,
        gray.width(),
        gray.height(),
        None,
        &mut hints,
    ) {
        Ok(found) => Ok(Some(found.getText().to_string())),
        Err(_) => Ok(None),
    }
}

/// One page of the batch: which file and which page in it (0-based).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct PageRef {
    pub path: PathBuf,
    pub page_index: usize,
}

/// A document the batch yields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedDocument {
    pub pages: Vec<PageRef>,
    /// From the cover sheet in front of it.
    pub aktenzeichen: Option<String>,
}

/// A separator sheet: recorded, not stored as pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SeparatorSheet {
    /// The sheet's sides (one in simplex, two in duplex).
    pub pages: Vec<PageRef>,
    /// `blank`, `barcode` or `cover`.
    pub kind: String,
    pub barcode: Option<String>,
    pub aktenzeichen: Option<String>,
    /// Index of the document it starts (`None` when no document followed).
    pub before_document: Option<usize>,
}

/// A blank page left out (a blank back side in duplex).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct DroppedPage {
    pub page: PageRef,
    pub ink: f32,
    /// Index of the document whose sheet it belonged to.
    pub document: Option<usize>,
}

/// The outcome of splitting: documents, and what was left out and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub options: SplitOptions,
    pub documents: Vec<PlannedDocument>,
    pub separators: Vec<SeparatorSheet>,
    pub dropped_blank: Vec<DroppedPage>,
}

impl Plan {
    /// The first Aktenzeichen a cover sheet carried.
    pub fn first_aktenzeichen(&self) -> Option<&str> {
        self.separators
            .iter()
            .find_map(|s| s.aktenzeichen.as_deref())
    }
}

/// Splits the batch's pages (in scan order, with what [`look`] found) into documents.
pub fn plan(pages: Vec<(PageRef, PageLook)>, options: SplitOptions) -> Plan {
    let mut out = Plan {
        options,
        documents: Vec::new(),
        separators: Vec::new(),
        dropped_blank: Vec::new(),
    };
    let per_sheet = if options.duplex { 2 } else { 1 };
    let mut current: Vec<PageRef> = Vec::new();
    let mut pending_az: Option<String> = None;
    // Separators waiting for the document they start.
    let mut open_separators: Vec<usize> = Vec::new();
    // Dropped pages waiting for the document their sheet belongs to.
    let mut open_dropped: Vec<usize> = Vec::new();
    let is_blank = |l: &PageLook| l.ink < options.blank_ink && l.barcode.is_none();

    let close = |out: &mut Plan,
                 current: &mut Vec<PageRef>,
                 az: &mut Option<String>,
                 seps: &mut Vec<usize>,
                 dropped: &mut Vec<usize>| {
        if current.is_empty() {
            return;
        }
        let index = out.documents.len();
        out.documents.push(PlannedDocument {
            pages: std::mem::take(current),
            aktenzeichen: az.take(),
        });
        for s in seps.drain(..) {
            out.separators[s].before_document = Some(index);
        }
        for d in dropped.drain(..) {
            out.dropped_blank[d].document = Some(index);
        }
    };

    let mut iter = pages.into_iter().peekable();
    while iter.peek().is_some() {
        let sheet: Vec<(PageRef, PageLook)> = iter.by_ref().take(per_sheet).collect();
        let mark = sheet
            .first()
            .and_then(|(_, l)| l.barcode.as_deref())
            .and_then(mark_of);
        let all_blank = sheet.iter().all(|(_, l)| is_blank(l));
        if options.separators && (mark.is_some() || all_blank) {
            close(
                &mut out,
                &mut current,
                &mut pending_az,
                &mut open_separators,
                &mut open_dropped,
            );
            let (kind, az) = match &mark {
                Some(Mark::Cover { aktenzeichen }) => ("cover", Some(aktenzeichen.clone())),
                Some(Mark::Separator) => ("barcode", None),
                None => ("blank", None),
            };
            if az.is_some() {
                pending_az = az.clone();
            }
            let mut sides = sheet.into_iter();
            let mut sep_pages = Vec::new();
            if let Some((front, look)) = sides.next() {
                sep_pages.push(front);
                out.separators.push(SeparatorSheet {
                    pages: Vec::new(),
                    kind: kind.to_string(),
                    barcode: look.barcode,
                    aktenzeichen: az,
                    before_document: None,
                });
            }
            // The back of a separator sheet: recorded with it when blank, kept when it has content.
            for (back, look) in sides {
                if is_blank(&look) {
                    sep_pages.push(back);
                } else {
                    current.push(back);
                }
            }
            let index = out.separators.len() - 1;
            out.separators[index].pages = sep_pages;
            open_separators.push(index);
            continue;
        }
        for (page, look) in sheet {
            if options.duplex && is_blank(&look) {
                out.dropped_blank.push(DroppedPage {
                    page,
                    ink: look.ink,
                    document: None,
                });
                open_dropped.push(out.dropped_blank.len() - 1);
            } else {
                current.push(page);
            }
        }
    }
    close(
        &mut out,
        &mut current,
        &mut pending_az,
        &mut open_separators,
        &mut open_dropped,
    );
    // Blank sides after the last document belong to it.
    let last = out.documents.len().checked_sub(1);
    for d in open_dropped {
        out.dropped_blank[d].document = last;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rxing::oned::{Code39Writer, OneDimensionalCodeWriter};

    fn page(i: usize) -> PageRef {
        PageRef {
            path: PathBuf::from("stapel.tif"),
            page_index: i,
        }
    }

    fn text() -> PageLook {
        PageLook {
            ink: 0.03,
            barcode: None,
        }
    }

    fn blank() -> PageLook {
        PageLook {
            ink: 0.00002,
            barcode: None,
        }
    }

    fn code(s: &str) -> PageLook {
        PageLook {
            ink: 0.01,
            barcode: Some(s.into()),
        }
    }

    fn numbered(looks: Vec<PageLook>) -> Vec<(PageRef, PageLook)> {
        looks
            .into_iter()
            .enumerate()
            .map(|(i, l)| (page(i), l))
            .collect()
    }

    fn indices(d: &PlannedDocument) -> Vec<usize> {
        d.pages.iter().map(|p| p.page_index).collect()
    }

    #[test]
    fn simplex_blank_and_barcode_sheets_separate_documents() {
        let opts = SplitOptions {
            separators: true,
            ..Default::default()
        };
        let p = plan(
            numbered(vec![
                text(),
                text(),
                blank(),
                text(),
                code("TRENNBLATT"),
                text(),
                code("AZ 632.10/1987-014"),
                text(),
            ]),
            opts,
        );
        let docs: Vec<_> = p.documents.iter().map(indices).collect();
        assert_eq!(docs, vec![vec![0, 1], vec![3], vec![5], vec![7]]);
        let kinds: Vec<_> = p.separators.iter().map(|s| s.kind.as_str()).collect();
        assert_eq!(kinds, ["blank", "barcode", "cover"]);
        assert_eq!(
            p.documents[3].aktenzeichen.as_deref(),
            Some("632.10/1987-014")
        );
        assert_eq!(p.documents[2].aktenzeichen, None);
        assert_eq!(p.separators[2].before_document, Some(3));
        assert!(p.dropped_blank.is_empty());
    }

    #[test]
    fn duplex_drops_blank_backs_and_records_them() {
        let opts = SplitOptions {
            separators: true,
            duplex: true,
            ..Default::default()
        };
        // cover | 1 front+back | 2 front, blank back | blank sheet | 3 front, blank back
        let p = plan(
            numbered(vec![
                code("AZ 022.31/1998-017"),
                blank(),
                text(),
                text(),
                text(),
                blank(),
                blank(),
                blank(),
                text(),
                blank(),
            ]),
            opts,
        );
        let docs: Vec<_> = p.documents.iter().map(indices).collect();
        assert_eq!(docs, vec![vec![2, 3, 4], vec![8]]);
        let dropped: Vec<_> = p.dropped_blank.iter().map(|d| d.page.page_index).collect();
        assert_eq!(dropped, vec![5, 9]);
        assert_eq!(p.dropped_blank[1].document, Some(1));
        assert_eq!(p.separators.len(), 2);
        assert_eq!(p.separators[0].pages.len(), 2);
        assert_eq!(p.first_aktenzeichen(), Some("022.31/1998-017"));
        assert_eq!(
            p.documents[0].aktenzeichen.as_deref(),
            Some("022.31/1998-017")
        );
    }

    #[test]
    fn a_blank_page_is_content_without_separators_in_simplex() {
        let p = plan(numbered(vec![text(), blank(), text()]), Default::default());
        assert_eq!(p.documents.len(), 1);
        assert_eq!(p.documents[0].pages.len(), 3);
    }

    #[test]
    fn other_barcodes_are_content() {
        assert_eq!(mark_of("4012345678901"), None);
        assert_eq!(mark_of("trennblatt"), Some(Mark::Separator));
        assert_eq!(
            mark_of("AZ 632.10/1987-014"),
            Some(Mark::Cover {
                aktenzeichen: "632.10/1987-014".into()
            })
        );
        assert_eq!(mark_of("AZ "), None);
    }

    /// Draws a Code 39 barcode (rendered by rxing's writer) on a white 300-dpi page.
    fn page_with_code39(content: &str) -> Image {
        let bars = Code39Writer.encode_oned(content).expect("encodable");
        let (w, h) = (1240usize, 900usize);
        let module = 4usize;
        let mut px = vec![255u8; w * h];
        let x0 = 100;
        for (i, &dark) in bars.iter().enumerate() {
            if dark {
                for y in 200..500 {
                    for x in x0 + i * module..x0 + (i + 1) * module {
                        px[y * w + x] = 0;
                    }
                }
            }
        }
        let mut img = Image::from_pixels(PixelKind::Gray8, w as u32, h as u32, &px).unwrap();
        img.set_resolution(150, 150);
        img
    }

    #[test]
    fn reads_a_rendered_cover_barcode() {
        let img = page_with_code39("AZ 632.10/1987-014");
        let found = look(&img).unwrap();
        assert_eq!(found.barcode.as_deref(), Some("AZ 632.10/1987-014"));
        assert!(found.ink > DEFAULT_BLANK_INK);
    }

    #[test]
    fn a_white_page_is_blank_and_has_no_barcode() {
        let img =
            Image::from_pixels(PixelKind::Gray8, 800, 1000, &vec![250u8; 800 * 1000]).unwrap();
        let found = look(&img).unwrap();
        assert!(found.ink < DEFAULT_BLANK_INK);
        assert_eq!(found.barcode, None);
    }
}
