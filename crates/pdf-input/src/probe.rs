//! Devices for hayro's interpreter: one records what a page draws (images, other marks, glyphs),
//! one decodes a chosen image at its native resolution.

use crate::raster;
use crate::text::TextGlyph;
use crate::Raster;
use hayro::hayro_interpret::font::GlyphRun;
use hayro::hayro_interpret::{
    BlendMode, ClipPath, Device, DrawMode, DrawProps, Image, ImageData, ImageDrawProps, LumaData,
    SoftMask,
};
use hayro::kurbo::{Affine, BezPath, Rect, Shape};

/// Share of the page a filled path must cover to count as a background rather than content.
const BACKGROUND_COVERAGE: f64 = 0.9;

/// An image drawn on the page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PlacedImage {
    /// Object and generation number of the image stream; `None` for an inline image.
    pub object: Option<(u32, i32)>,
    /// Size declared in the image dictionary.
    pub width: u32,
    pub height: u32,
    /// From image pixels (origin top left) to page pixels.
    pub transform: Affine,
}

impl PlacedImage {
    /// The share of `page` that the image covers.
    pub fn coverage(&self, page: Rect) -> f64 {
        let rect = Rect::new(0.0, 0.0, f64::from(self.width), f64::from(self.height));
        coverage(self.transform.transform_rect_bbox(rect), page)
    }
}

fn coverage(bbox: Rect, page: Rect) -> f64 {
    bbox.intersect(page).area() / page.area().max(f64::EPSILON)
}

/// Records what a page draws, in page pixels.
pub(crate) struct Probe {
    page: Rect,
    pub images: Vec<PlacedImage>,
    /// Visible glyph runs and paths, except a fill that only paints the background.
    pub other_marks: usize,
    /// Every glyph, visible or not, in content order.
    pub glyphs: Vec<TextGlyph>,
    /// Glyph count and first glyph transform of the last run, to skip the stroke pass of
    /// fill-and-stroke text, which the interpreter reports as a second run.
    last_run: Option<(usize, [f64; 6])>,
}

impl Probe {
    pub fn new(page: Rect) -> Self {
        Probe {
            page,
            images: Vec::new(),
            other_marks: 0,
            glyphs: Vec::new(),
            last_run: None,
        }
    }

    fn mark(&mut self, bbox: Rect) {
        if coverage(bbox, self.page) < BACKGROUND_COVERAGE {
            self.other_marks += 1;
        }
    }
}

impl<'a> Device<'a> for Probe {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, _: &DrawMode) {
        self.mark(props.transform.transform_rect_bbox(path.bounding_box()));
    }

    fn draw_rect(&mut self, rect: &Rect, props: DrawProps<'a>, _: &DrawMode) {
        self.mark(props.transform.transform_rect_bbox(*rect));
    }

    fn push_clip_path(&mut self, _: &ClipPath) {}

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, mode: &DrawMode) {
        let glyphs = run.glyphs();
        let key = glyphs
            .first()
            .map(|g| (glyphs.len(), (props.transform * g.transform()).as_coeffs()));
        if key == self.last_run {
            return;
        }
        self.last_run = key;
        if !matches!(mode, DrawMode::Invisible) {
            self.other_marks += 1;
        }
        self.glyphs
            .extend(glyphs.iter().map(|g| TextGlyph::new(g, props.transform)));
    }

    fn draw_image(&mut self, image: Image<'a, '_>, props: ImageDrawProps<'a>) {
        let id = match &image {
            Image::Raster(r) => r.stream().obj_id(),
            Image::Stencil(s) => s.stream().obj_id(),
        };
        self.images.push(PlacedImage {
            object: (id.obj_number != 0).then_some((id.obj_number, id.gen_number)),
            width: image.width(),
            height: image.height(),
            transform: props.transform,
        });
    }

    fn pop_clip(&mut self) {}

    fn pop_transparency_group(&mut self) {}
}

/// What [`ImageGrab`] got.
pub(crate) enum Grabbed {
    /// The image did not decode.
    Nothing,
    /// The image has a transparency mask of another size: better rendered.
    Unusable,
    Image(Raster),
}

/// Decodes the first image the page draws into pixels at its native resolution.
pub(crate) struct ImageGrab {
    done: bool,
    pub grabbed: Grabbed,
}

impl ImageGrab {
    pub fn new() -> Self {
        ImageGrab {
            done: false,
            grabbed: Grabbed::Nothing,
        }
    }

    fn keep(&mut self, raster: Option<Raster>) {
        self.grabbed = raster.map_or(Grabbed::Unusable, Grabbed::Image);
    }
}

impl<'a> Device<'a> for ImageGrab {
    fn draw_path(&mut self, _: &BezPath, _: DrawProps<'a>, _: &DrawMode) {}

    fn push_clip_path(&mut self, _: &ClipPath) {}

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}

    fn draw_glyph_run(&mut self, _: &GlyphRun<'_, 'a>, _: DrawProps<'a>, _: &DrawMode) {}

    fn draw_image(&mut self, image: Image<'a, '_>, _: ImageDrawProps<'a>) {
        if std::mem::replace(&mut self.done, true) {
            return;
        }
        match image {
            Image::Raster(r) => r.with_rgba(
                |data, alpha| {
                    self.keep(match data {
                        ImageData::Luma(l) => raster::from_gray(l, alpha.as_ref()),
                        ImageData::Rgb(c) => raster::from_rgb(c, alpha.as_ref()),
                    })
                },
                None,
            ),
            // A stencil mask paints where it is 255; scans stored that way paint black.
            Image::Stencil(s) => s.with_stencil(
                |mut mask: LumaData, _| {
                    mask.data.iter_mut().for_each(|v| *v = 255 - *v);
                    self.keep(raster::from_gray(mask, None));
                },
                None,
            ),
        }
    }

    fn pop_clip(&mut self) {}

    fn pop_transparency_group(&mut self) {}
}
