//! Opening one input file and taking its pages one at a time (memory stays per page).

use crate::image::{probe_header, Image, ImageEncoding, ImageError};
use crate::tiff;
use aktenscan_acquire::InputKind;
use aktenscan_model::PageText;
use aktenscan_pdf_input::{Extraction, Limits, PdfDocument, PdfPage, Raster};
use std::sync::Arc;

/// Why a file or page cannot be taken; the message names the reason in plain words.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("{0}")]
    Image(#[from] ImageError),
    #[error("{0}")]
    Tiff(#[from] tiff::TiffError),
    #[error("{0}")]
    Pdf(#[from] aktenscan_pdf_input::PdfInputError),
    #[error(
        "image of {width} × {height} pixels is larger than the limit of {limit} pixels \
         (raise it with --max-pixels if this is really a page)"
    )]
    TooLarge { width: u32, height: u32, limit: u64 },
    #[error("the file header is damaged or the file is truncated: no image size can be read")]
    Unreadable,
    #[error("the file is truncated: its end marker is missing (copy or scan it again)")]
    Truncated,
    #[error("page {0} does not exist")]
    NoSuchPage(usize),
}

/// How a page came out of its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageOrigin {
    /// The input file is this page's image.
    ImageFile,
    /// One page of a multi-page TIFF.
    TiffPage,
    /// The scan image embedded in a PDF page, as stored.
    PdfImage,
    /// A rendering of a PDF page that has a real text layer.
    PdfTextLayer,
    /// A rendering of a PDF page that is neither one scan nor text.
    PdfRendered,
}

/// The bytes of a page's image as the library will store them.
#[derive(Debug, Clone)]
pub struct StoredImage {
    pub bytes: Arc<Vec<u8>>,
    pub encoding: ImageEncoding,
}

/// One page, ready for OCR and archiving.
pub struct SourcePage {
    /// Decoded pixels (as stored, not rotated).
    pub image: Image,
    pub stored: StoredImage,
    pub dpi: (f32, f32),
    pub origin: PageOrigin,
    /// The text layer the input already had, in pixels of `image`.
    pub text: Option<PageText>,
    /// Quarter turns clockwise the input asked for (a PDF's `/Rotate`).
    pub rotate_quarters: u32,
}

enum Body {
    Single(InputKind),
    Tiff(Vec<tiff::TiffPage>),
    Pdf(Box<PdfDocument>),
}

/// An opened input file.
pub struct SourceDocument {
    bytes: Arc<Vec<u8>>,
    body: Body,
    limits: Limits,
}

impl SourceDocument {
    /// Opens an input of a known kind; reads structure only, decodes no pixels.
    pub fn open(bytes: Vec<u8>, kind: InputKind, limits: Limits) -> Result<Self, PageError> {
        let bytes = Arc::new(bytes);
        let body = match kind {
            InputKind::Pdf => Body::Pdf(Box::new(PdfDocument::open(bytes.as_ref().clone())?)),
            InputKind::Tiff => {
                let pages = tiff::pages(&bytes)?;
                if pages.len() == 1 {
                    Body::Single(kind)
                } else {
                    Body::Tiff(pages)
                }
            }
            InputKind::Png | InputKind::Jpeg => Body::Single(kind),
        };
        if !complete_file(&bytes, kind) {
            return Err(PageError::Truncated);
        }
        let doc = SourceDocument {
            bytes,
            body,
            limits,
        };
        if let Body::Single(_) = doc.body {
            let (w, h, _) = probe_header(&doc.bytes).ok_or(PageError::Unreadable)?;
            doc.check_size(w, h)?;
        }
        Ok(doc)
    }

    pub fn page_count(&self) -> usize {
        match &self.body {
            Body::Single(_) => 1,
            Body::Tiff(pages) => pages.len(),
            Body::Pdf(pdf) => pdf.page_count(),
        }
    }

    fn check_size(&self, width: u32, height: u32) -> Result<(), PageError> {
        if width as u64 * height as u64 > self.limits.max_pixels {
            return Err(PageError::TooLarge {
                width,
                height,
                limit: self.limits.max_pixels,
            });
        }
        Ok(())
    }

    /// Decodes page `index` (0-based).
    pub fn page(&self, index: usize) -> Result<SourcePage, PageError> {
        if index >= self.page_count() {
            return Err(PageError::NoSuchPage(index + 1));
        }
        match &self.body {
            Body::Single(kind) => {
                let mut image = Image::decode(&self.bytes)?;
                let dpi = dpi_of(&mut image);
                Ok(SourcePage {
                    image,
                    stored: StoredImage {
                        bytes: self.bytes.clone(),
                        encoding: match kind {
                            InputKind::Png => ImageEncoding::Png,
                            InputKind::Jpeg => ImageEncoding::Jpeg,
                            _ => ImageEncoding::Tiff,
                        },
                    },
                    dpi,
                    origin: PageOrigin::ImageFile,
                    text: None,
                    rotate_quarters: 0,
                })
            }
            Body::Tiff(pages) => {
                let page = &pages[index];
                self.check_size(page.width, page.height)?;
                let mut image = Image::decode_tiff_page(&self.bytes, index)?;
                let dpi = dpi_of(&mut image);
                let stored = if let Some((g4, black_is_1)) = page.g4_data(&self.bytes) {
                    StoredImage {
                        bytes: Arc::new(tiff::wrap_g4(
                            g4,
                            page.width,
                            page.height,
                            black_is_1,
                            dpi,
                        )),
                        encoding: ImageEncoding::Tiff,
                    }
                } else if let Some(jpeg) = page.jpeg_data(&self.bytes) {
                    // The page's JPEG as the scanner compressed it, not a PNG of its pixels.
                    StoredImage {
                        bytes: Arc::new(jpeg),
                        encoding: ImageEncoding::Jpeg,
                    }
                } else {
                    let (bytes, encoding) = image.encode_lossless()?;
                    StoredImage {
                        bytes: Arc::new(bytes),
                        encoding,
                    }
                };
                Ok(SourcePage {
                    image,
                    stored,
                    dpi,
                    origin: PageOrigin::TiffPage,
                    text: None,
                    rotate_quarters: 0,
                })
            }
            Body::Pdf(pdf) => pdf_page(pdf.page(index, &self.limits)?),
        }
    }
}

/// Whether a JPEG or PNG file has its end marker (near the end: some writers pad). Decoders
/// would otherwise fill a cut-off scan with grey and call it a page.
fn complete_file(bytes: &[u8], kind: InputKind) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    match kind {
        InputKind::Jpeg => tail.windows(2).any(|w| w == [0xFF, 0xD9]),
        InputKind::Png => tail.windows(4).any(|w| w == b"IEND"),
        _ => true,
    }
}

/// The file's resolution, or 300 dpi (the scanning norm) when the file records none.
fn dpi_of(image: &mut Image) -> (f32, f32) {
    match image.resolution() {
        Some((x, y)) if x >= 50 && y >= 50 => (x as f32, y as f32),
        _ => {
            image.set_resolution(300, 300);
            (300.0, 300.0)
        }
    }
}

fn pdf_page(page: PdfPage) -> Result<SourcePage, PageError> {
    let dpi = (page.dpi_x, page.dpi_y);
    let (image, stored) = match page.raster {
        Raster::Jpeg { data, .. } => {
            let image = Image::decode(&data)?;
            (
                image,
                StoredImage {
                    bytes: Arc::new(data),
                    encoding: ImageEncoding::Jpeg,
                },
            )
        }
        Raster::CcittG4 {
            data,
            width,
            height,
            black_is_1,
            ..
        } => {
            let tif = tiff::wrap_g4(&data, width, height, black_is_1, dpi);
            let image = Image::decode(&tif)?;
            (
                image,
                StoredImage {
                    bytes: Arc::new(tif),
                    encoding: ImageEncoding::Tiff,
                },
            )
        }
        Raster::Flate {
            data,
            width,
            height,
            kind,
            png_predictors,
        } => {
            // Stored as it came: PNG predictors make it a PNG's image data, plain rows a
            // Deflate TIFF's strip. Decoding the wrapped file also proves the data sound.
            let samples = if kind == aktenscan_pdf_input::PixelKind::Rgb8 {
                3
            } else {
                1
            };
            let (bytes, encoding) = if png_predictors {
                (
                    crate::png::wrap_idat(&data, width, height, samples, dpi),
                    ImageEncoding::Png,
                )
            } else {
                (
                    tiff::wrap_deflate(&data, width, height, u16::from(samples), dpi),
                    ImageEncoding::Tiff,
                )
            };
            let image = Image::decode(&bytes)?;
            (
                image,
                StoredImage {
                    bytes: Arc::new(bytes),
                    encoding,
                },
            )
        }
        Raster::Pixels {
            width,
            height,
            kind,
            data,
        } => {
            let image = Image::from_pixels(kind, width, height, &data)?;
            let (bytes, encoding) = image.encode_lossless()?;
            (
                image,
                StoredImage {
                    bytes: Arc::new(bytes),
                    encoding,
                },
            )
        }
    };
    let mut image = image;
    image.set_resolution(dpi.0.round() as u32, dpi.1.round() as u32);
    Ok(SourcePage {
        image,
        stored,
        dpi,
        origin: match page.how {
            Extraction::EmbeddedImage => PageOrigin::PdfImage,
            Extraction::TextLayer => PageOrigin::PdfTextLayer,
            Extraction::Rendered => PageOrigin::PdfRendered,
        },
        text: page.text,
        rotate_quarters: (page.rotate as u32 / 90) % 4,
    })
}
