//! Reads an input PDF page by page for the pipeline: a scanned page as the image stored in the
//! file, a page with a text layer as its text plus a rendering, anything else as a rendering.
//!
//! How a page is classified (in this order):
//! 1. **Text layer**: the page shows or hides (render mode 3, as OCR tools write it) text whose
//!    characters mostly map to Unicode. Over an image covering at least [`SCAN_COVERAGE`] of the
//!    page, fewer than [`MIN_CHARS_OVER_SCAN`] characters do not count: such text is a stamp, a
//!    page number or a failed OCR, and the scan is OCRed instead. The page is rendered at
//!    [`Limits::render_dpi`] and its words are given in that rendering's pixels, in the order the
//!    PDF writes them.
//! 2. **Embedded image**: the page draws exactly one image, covering at least [`SCAN_COVERAGE`] of
//!    it, not mirrored, and nothing else visible but a background fill (a visible stamp or note on
//!    the scan makes the page a rendering, so that it is kept). JPEG data is handed out as stored
//!    (grey or RGB, without transparency or a `/Decode` inversion), CCITT group 4 as stored,
//!    anything else (JBIG2, JPEG 2000, Flate, palettes, 16 bit, CMYK…) decoded at its native
//!    resolution.
//! 3. **Rendered**: everything else, including a page without `/Contents`, which renders as a
//!    blank (white) page so that the document keeps its page count and OCR reports it as blank.
//!
//! Structure and stored image data are read with the `pdf` crate, content is interpreted and
//! rendered with `hayro`. A PDF that opens without a password (encrypted only to restrict
//! printing or copying) is read; one that needs a password is refused. Image sizes are checked
//! against [`Limits::max_pixels`] before anything is decoded; hayro bounds the nesting of forms
//! and patterns and skips cycles in the page tree; a panic in either reader becomes an error.

mod error;
mod probe;
mod raster;
mod text;

pub use error::PdfInputError;

use aktenscan_model::PageText;
use hayro::hayro_interpret::hayro_syntax::page::Page;
use hayro::hayro_interpret::hayro_syntax::{LoadPdfError, Pdf};
use hayro::hayro_interpret::util::TransformExt;
use hayro::hayro_interpret::{
    interpret_page, Context, Device, InterpreterCache, InterpreterSettings,
};
use hayro::kurbo::{Affine, Rect, Vec2};
use pdf::enc::StreamFilter;
use pdf::file::{File, FileOptions, NoCache, NoLog};
use pdf::object::{ImageXObject, Object, ParseOptions, PlainRef, Resolve};
use probe::{Grabbed, ImageGrab, PlacedImage, Probe};
use std::ops::Deref;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

/// Fewer readable characters than this over a scan image do not make a text layer.
pub const MIN_CHARS_OVER_SCAN: usize = 20;
/// Share of the page an image must cover to count as the page's scan.
pub const SCAN_COVERAGE: f64 = 0.8;
/// Largest width or height of a rendering (a limit of the renderer).
const MAX_RENDER_SIDE: f32 = u16::MAX as f32;

/// Resource limits for reading a page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// A page image or rendering with more pixels than this is refused before it is decoded.
    pub max_pixels: u64,
    /// Resolution of renderings, in dots per inch; must be positive.
    pub render_dpi: f32,
}

impl Default for Limits {
    /// 150 megapixels (an A0 page at 300 dpi) and 300 dpi.
    fn default() -> Self {
        Limits {
            max_pixels: 150_000_000,
            render_dpi: 300.0,
        }
    }
}

/// How a page's raster came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extraction {
    /// The page's single scan image, as stored or decoded at its native resolution.
    EmbeddedImage,
    /// The page had a text layer: a rendering, with the text in [`PdfPage::text`].
    TextLayer,
    /// A rendering of the page, to be OCRed.
    Rendered,
}

/// Pixel layout of [`Raster::Pixels`] (the one of `aktenscan-model`).
pub use aktenscan_model::PixelKind;

/// The image of a page, rows from top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Raster {
    /// A JPEG file's bytes exactly as stored in the PDF; `components` is 1 (grey) or 3 (colour).
    Jpeg {
        data: Vec<u8>,
        width: u32,
        height: u32,
        components: u8,
    },
    /// CCITT group 4 (T.6) data as stored in the PDF, without byte alignment of rows; it holds
    /// exactly what a TIFF with compression 4 holds. With `black_is_1`, 1 bits are black
    /// (TIFF `PhotometricInterpretation` 1), else 0 bits are black (0).
    CcittG4 {
        data: Vec<u8>,
        width: u32,
        height: u32,
        black_is_1: bool,
    },
    /// Flate-compressed 8-bit grey or RGB rows exactly as stored in the PDF (the way img2pdf and
    /// many scanners write them), either with PNG predictors (`/Predictor` 10–15: each row
    /// starts with a filter type byte, as in a PNG's image data) or without any.
    Flate {
        data: Vec<u8>,
        width: u32,
        height: u32,
        kind: PixelKind,
        png_predictors: bool,
    },
    /// Decoded pixels, rows packed without padding (except to a byte for [`PixelKind::Bilevel`]).
    Pixels {
        width: u32,
        height: u32,
        kind: PixelKind,
        data: Vec<u8>,
    },
}

impl Raster {
    /// Width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        match *self {
            Raster::Jpeg { width, height, .. }
            | Raster::CcittG4 { width, height, .. }
            | Raster::Flate { width, height, .. }
            | Raster::Pixels { width, height, .. } => (width, height),
        }
    }
}

/// One page, ready for the pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfPage {
    pub raster: Raster,
    /// Resolution of the raster on the page, in pixels per inch.
    pub dpi_x: f32,
    pub dpi_y: f32,
    /// Quarter turns, in degrees clockwise (0, 90, 180 or 270), to turn `raster` by to see it as
    /// a PDF viewer shows the page: the page's `/Rotate` plus any turn with which the page draws
    /// its image. Always 0 for a rendering, which is drawn upright.
    pub rotate: u16,
    /// The text layer, for [`Extraction::TextLayer`]; words have confidence 1.0.
    pub text: Option<PageText>,
    pub how: Extraction,
}

/// The bytes of the file, shared by the two PDF readers.
#[derive(Clone)]
struct Bytes(Arc<Vec<u8>>);

impl Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

/// An opened input PDF.
pub struct PdfDocument {
    pdf: Pdf,
    /// The `pdf` crate's view, for stored image data; `None` if it cannot read a file that hayro
    /// (which repairs more) can, in which case images are decoded instead of handed out as stored.
    file: Option<File<Bytes, NoCache, NoCache, NoLog>>,
}

impl PdfDocument {
    /// Opens a PDF held in memory.
    pub fn open(bytes: Vec<u8>) -> Result<Self, PdfInputError> {
        catch_unwind(AssertUnwindSafe(|| Self::open_inner(bytes))).unwrap_or_else(|_| {
            Err(PdfInputError::Broken {
                detail: "the PDF reader failed on its structure".into(),
            })
        })
    }

    fn open_inner(bytes: Vec<u8>) -> Result<Self, PdfInputError> {
        let broken = |detail: &str| PdfInputError::Broken {
            detail: detail.into(),
        };
        let head = &bytes[..bytes.len().min(1024)];
        if !head.windows(5).any(|w| w == b"%PDF-") {
            return Err(broken("no PDF header"));
        }
        let tail = &bytes[bytes.len().saturating_sub(1024)..];
        if !tail.windows(5).any(|w| w == b"%%EOF") {
            return Err(broken(
                "its end is missing, it was cut off while copying or downloading",
            ));
        }
        let bytes = Arc::new(bytes);
        let file = FileOptions::uncached()
            .parse_options(ParseOptions::tolerant())
            .load(Bytes(bytes.clone()))
            .ok();
        let pdf = match Pdf::new(bytes) {
            Ok(pdf) => pdf,
            Err(LoadPdfError::Decryption(_)) => return Err(PdfInputError::Encrypted),
            // hayro refuses an empty page tree as invalid.
            Err(LoadPdfError::Invalid) if file.as_ref().is_some_and(|f| f.num_pages() == 0) => {
                return Err(PdfInputError::NoPages)
            }
            Err(LoadPdfError::Invalid) => {
                return Err(broken("no readable cross-reference table or page tree"))
            }
        };
        if pdf.pages().is_empty() {
            return Err(PdfInputError::NoPages);
        }
        Ok(PdfDocument { pdf, file })
    }

    pub fn page_count(&self) -> usize {
        self.pdf.pages().len()
    }

    /// Reads page `index` (counted from 0).
    pub fn page(&self, index: usize, limits: &Limits) -> Result<PdfPage, PdfInputError> {
        catch_unwind(AssertUnwindSafe(|| self.page_inner(index, limits))).unwrap_or_else(|_| {
            Err(PdfInputError::BadPage {
                page: index + 1,
                detail: "the PDF reader failed on its content".into(),
            })
        })
    }

    fn page_inner(&self, index: usize, limits: &Limits) -> Result<PdfPage, PdfInputError> {
        let number = index + 1;
        let page = self
            .pdf
            .pages()
            .get(index)
            .ok_or(PdfInputError::NoSuchPage {
                page: number,
                count: self.page_count(),
            })?;
        let dpi = limits.render_dpi;
        let scale = dpi / 72.0;
        let (width, height) = page.render_dimensions();
        let (width, height) = ((width * scale).floor(), (height * scale).floor());
        if !(1.0..=MAX_RENDER_SIDE).contains(&width) || !(1.0..=MAX_RENDER_SIDE).contains(&height) {
            return Err(too_large(
                number,
                "the rendering",
                width as u64,
                height as u64,
                limits,
            ));
        }
        check_size(number, "the rendering", width as u32, height as u32, limits)?;
        // Page pixels, as hayro::render lays them out.
        let area = Rect::new(0.0, 0.0, f64::from(width), f64::from(height));
        let transform = Affine::scale(f64::from(scale)) * page.initial_transform(true).to_kurbo();

        let probe = interpret(page, transform, area, Probe::new(area));
        for image in &probe.images {
            check_size(
                number,
                "an image on the page",
                image.width,
                image.height,
                limits,
            )?;
        }
        let readable = probe.glyphs.iter().filter(|g| g.is_readable()).count();
        let unreadable = probe.glyphs.iter().filter(|g| g.text.is_empty()).count();
        let over_scan = probe
            .images
            .iter()
            .any(|i| i.coverage(area) >= SCAN_COVERAGE);
        if readable > 0 && readable >= unreadable && (readable >= MIN_CHARS_OVER_SCAN || !over_scan)
        {
            return Ok(PdfPage {
                raster: raster::render(page, scale),
                dpi_x: dpi,
                dpi_y: dpi,
                rotate: 0,
                text: Some(text::layout(&probe.glyphs, width as u32, height as u32)),
                how: Extraction::TextLayer,
            });
        }
        if let [image] = probe.images[..] {
            if probe.other_marks == 0 && image.coverage(area) >= SCAN_COVERAGE {
                if let Some(page) =
                    self.embedded(page, number, &image, (transform, area), limits)?
                {
                    return Ok(page);
                }
            }
        }
        Ok(PdfPage {
            raster: raster::render(page, scale),
            dpi_x: dpi,
            dpi_y: dpi,
            rotate: 0,
            text: None,
            how: Extraction::Rendered,
        })
    }

    /// The page's only image as a page of its own; `None` if it is better rendered.
    fn embedded(
        &self,
        page: &Page<'_>,
        number: usize,
        image: &PlacedImage,
        (transform, area): (Affine, Rect),
        limits: &Limits,
    ) -> Result<Option<PdfPage>, PdfInputError> {
        let [a, b, c, d, _, _] = image.transform.as_coeffs();
        if a * d - b * c <= 0.0 {
            // Mirrored (or flat): the stored image would read backwards.
            return Ok(None);
        }
        let raster = match image.object.and_then(|id| self.stored_image(id)) {
            Some(raster) => raster,
            None => match interpret(page, transform, area, ImageGrab::new()).grabbed {
                Grabbed::Image(raster) => raster,
                Grabbed::Unusable => return Ok(None),
                Grabbed::Nothing => {
                    return Err(PdfInputError::BadPage {
                        page: number,
                        detail: "its scanned image could not be decoded".into(),
                    })
                }
            },
        };
        let (width, height) = raster.size();
        check_size(number, "the page image", width, height, limits)?;
        // Page pixels covered by the image's width and height, at the rendering's resolution.
        let shown_x = Vec2::new(a, b).hypot() * f64::from(image.width);
        let shown_y = Vec2::new(c, d).hypot() * f64::from(image.height);
        let dpi = f64::from(limits.render_dpi);
        let turns = (b.atan2(a).to_degrees() / 90.0).round().rem_euclid(4.0);
        Ok(Some(PdfPage {
            dpi_x: (f64::from(width) * dpi / shown_x) as f32,
            dpi_y: (f64::from(height) * dpi / shown_y) as f32,
            rotate: turns as u16 * 90,
            raster,
            text: None,
            how: Extraction::EmbeddedImage,
        }))
    }

    /// The image stream `(object, generation)` as stored, if it is a JPEG, CCITT G4 or 8-bit
    /// Flate image without transparency that any reader shows the way the PDF does.
    fn stored_image(&self, (object, generation): (u32, i32)) -> Option<Raster> {
        let file = self.file.as_ref()?;
        let id = PlainRef {
            id: u64::from(object),
            gen: u64::try_from(generation).ok()?,
        };
        let image = ImageXObject::from_primitive(file.resolve(id).ok()?, file).ok()?;
        if image.smask.is_some() || image.mask.is_some() {
            // Transparent parts would show wrongly; decoding flattens them onto white.
            return None;
        }
        let (data, filter) = image.raw_image_data(file).ok()?;
        let decode = image.decode.as_deref();
        match filter? {
            StreamFilter::DCTDecode(params) => {
                use pdf::object::ColorSpace as Cs;
                let plain_colours = matches!(
                    image.color_space,
                    None | Some(
                        Cs::DeviceGray
                            | Cs::DeviceRGB
                            | Cs::CalGray(_)
                            | Cs::CalRGB(_)
                            | Cs::Icc(_)
                    )
                );
                let plain_decode = decode.is_none_or(|d| d.chunks(2).all(|p| p == [0.0, 1.0]));
                let (width, height, components) = raster::jpeg_header(&data)?;
                let usable = match components {
                    1 => true,
                    // Without a colour transform the data is RGB, which JPEG readers would not guess.
                    3 => params.color_transform != Some(0),
                    _ => false,
                };
                (plain_colours && plain_decode && usable && height > 0).then(|| Raster::Jpeg {
                    data: data.to_vec(),
                    width,
                    height,
                    components,
                })
            }
            StreamFilter::FlateDecode(params) => {
                use pdf::object::ColorSpace as Cs;
                let components = match &image.color_space {
                    Some(Cs::DeviceGray | Cs::CalGray(_)) => 1,
                    Some(Cs::DeviceRGB | Cs::CalRGB(_)) => 3,
                    Some(Cs::Icc(icc)) => icc.info.components,
                    _ => return None,
                };
                let kind = match components {
                    1 => PixelKind::Gray8,
                    3 => PixelKind::Rgb8,
                    _ => return None,
                };
                let png_predictors = params.predictor >= 10;
                let fits = image.bits_per_component == Some(8)
                    && params.bits_per_component == 8
                    && (params.predictor == 1
                        || (png_predictors
                            && params.n_components == components as i32
                            && params.columns == image.width as i32))
                    && decode.is_none_or(|d| d.chunks(2).all(|p| p == [0.0, 1.0]))
                    && !image.image_mask
                    && image.height > 0;
                fits.then(|| Raster::Flate {
                    data: data.to_vec(),
                    width: image.width,
                    height: image.height,
                    kind,
                    png_predictors,
                })
            }
            StreamFilter::CCITTFaxDecode(params)
                if params.k < 0 && !params.encoded_byte_align && params.columns == image.width =>
            {
                Some(Raster::CcittG4 {
                    data: data.to_vec(),
                    width: image.width,
                    height: image.height,
                    black_is_1: params.black_is_1 != (decode == Some(&[1.0, 0.0])),
                })
            }
            _ => None,
        }
    }
}

/// Runs hayro's interpreter over `page` into `device`, with page pixels as device space.
fn interpret<'a, D: Device<'a>>(
    page: &Page<'a>,
    transform: Affine,
    area: Rect,
    mut device: D,
) -> D {
    let cache = InterpreterCache::new();
    let mut context = Context::new(
        transform,
        area,
        &cache,
        page.xref(),
        InterpreterSettings::default(),
    );
    interpret_page(page, &mut context, &mut device);
    device
}

fn check_size(
    page: usize,
    what: &'static str,
    width: u32,
    height: u32,
    limits: &Limits,
) -> Result<(), PdfInputError> {
    let (width, height) = (u64::from(width), u64::from(height));
    if width * height > limits.max_pixels {
        return Err(too_large(page, what, width, height, limits));
    }
    Ok(())
}

fn too_large(
    page: usize,
    what: &'static str,
    width: u64,
    height: u64,
    limits: &Limits,
) -> PdfInputError {
    PdfInputError::TooLarge {
        page,
        what,
        width,
        height,
        limit: limits.max_pixels,
    }
}
