//! One worker's Tesseract engines (recognition models loaded lazily, plus OSD) and the page recipe.

use crate::{geometry, strips, tsv};
use aktenscan_model::{BBox, OcrFacts, Orientation, PageText, TextSource};
use aktenscan_pages::Image;
use std::collections::HashMap;
use std::ffi::{CStr, CString};
use std::path::PathBuf;
use std::time::Instant;
use tesseract::plumbing::leptonica_plumbing::Pix;
use tesseract::plumbing::tesseract_sys as sys;
use tesseract::plumbing::TessBaseApi;

/// Where Debian's Tesseract 5 keeps its models.
pub const DEFAULT_TESSDATA: &str = "/usr/share/tesseract-ocr/5/tessdata";

/// How pages are recognised.
#[derive(Debug, Clone)]
pub struct OcrConfig {
    pub tessdata: PathBuf,
    /// A fixed model (e.g. `deu`, `frk`, `deu+frk`); `None` chooses per page by script.
    pub lang: Option<String>,
    /// Model for Latin script pages.
    pub default_model: String,
    /// Model(s) for pages OSD finds to be Fraktur; `None`: [`crate::default_fraktur_model`] of
    /// `tessdata`, decided when an engine starts.
    pub fraktur_model: Option<String>,
    /// Detect and correct page orientation (quarter turns).
    pub detect_orientation: bool,
    /// Detect and correct skew.
    pub deskew: bool,
    /// Flatten the paper's tone of grey and colour pages before Tesseract thresholds them
    /// (browned paper, shaded gutters, the scanner's dark surround).
    pub flatten_background: bool,
    /// A page with less ink than this share of its pixels counts as blank and is not recognised.
    pub blank_ink_threshold: f32,
}

impl Default for OcrConfig {
    fn default() -> Self {
        OcrConfig {
            tessdata: PathBuf::from(DEFAULT_TESSDATA),
            lang: None,
            default_model: "deu".into(),
            fraktur_model: None,
            detect_orientation: true,
            deskew: true,
            flatten_background: true,
            blank_ink_threshold: 0.0005,
        }
    }
}

/// What went wrong in recognition.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    #[error(
        "Tesseract model '{model}' could not be loaded from {tessdata}: install the Debian package \
         tesseract-ocr-{model} (or point --tessdata at a folder with {model}.traineddata)"
    )]
    Model { model: String, tessdata: String },
    #[error("Tesseract failed to recognise the page")]
    Recognise,
    #[error("{0}")]
    Image(#[from] aktenscan_pages::ImageError),
}

/// Orientation must be this sure (Tesseract's OSD confidence) before a page is turned.
const MIN_ORIENTATION_CONFIDENCE: f32 = 2.0;
/// Script must be this sure before the Fraktur model is chosen.
const MIN_SCRIPT_CONFIDENCE: f32 = 0.8;
/// Skew below this (degrees) is left alone; Tesseract copes with it.
const MIN_SKEW_DEGREES: f32 = 0.2;

/// OSD first reads a narrow band across the middle of the page (the full width inside a tenth
/// on each side, 15 % of the height: a few lines of body text), then, when that gives no sure
/// answer, the middle half, and only then the whole page.
///
/// Tesseract's OSD classifies up to a fixed number of characters in four orientations with the
/// legacy classifier, after finding the text lines of the whole image it is given: its cost
/// follows the area and the characters, not the resolution (reading the band at 150 dpi saved
/// nothing measurable and lost one page's orientation). On the 20 benchmark pages the narrow
/// band gave every page the same orientation and script as the whole page, in 11.8 s of CPU
/// instead of 20.2 s for the half-page band; one page was not sure enough and went on to it.
fn detect_on_band(osd: &mut Osd, page: &Image, dpi: i32) -> Result<Option<OsdResult>, OcrError> {
    let (w, h) = (page.width(), page.height());
    for share in [0.15f32, 0.5] {
        let band_h = ((h as f32 * share) as u32).max(1);
        let band = page
            .crop(w / 10, (h - band_h) / 2, w - w / 5, band_h)?
            .to_gray8()?;
        if let Some(found) = osd.detect(&band, dpi) {
            if found.confidence >= 2.0 * MIN_ORIENTATION_CONFIDENCE {
                return Ok(Some(found));
            }
        }
    }
    Ok(osd.detect(page, dpi))
}

/// Tesseract's orientation and script detection engine (the `osd` model).
struct Osd(*mut sys::TessBaseAPI);

// SAFETY: used by one thread at a time (owned by one Engine, which is Send but not Sync).
unsafe impl Send for Osd {}

impl Drop for Osd {
    fn drop(&mut self) {
        unsafe { sys::TessBaseAPIDelete(self.0) };
    }
}

struct OsdResult {
    /// Quarter turns clockwise that make the page upright.
    quarters: u32,
    confidence: f32,
    script: String,
    script_confidence: f32,
}

impl Osd {
    fn new(tessdata: &CStr) -> Option<Osd> {
        let lang = CString::new("osd").ok()?;
        // SAFETY: create/init/delete on a handle we own.
        let handle = unsafe { sys::TessBaseAPICreate() };
        if handle.is_null() {
            return None;
        }
        let osd = Osd(handle);
        let rc = unsafe { sys::TessBaseAPIInit3(handle, tessdata.as_ptr(), lang.as_ptr()) };
        if rc != 0 {
            return None;
        }
        unsafe { sys::TessBaseAPISetPageSegMode(handle, sys::TessPageSegMode_PSM_OSD_ONLY) };
        Some(osd)
    }

    fn detect(&mut self, image: &Image, dpi: i32) -> Option<OsdResult> {
        let (mut deg, mut conf, mut sconf) = (0i32, 0f32, 0f32);
        let mut name: *const std::os::raw::c_char = std::ptr::null();
        // SAFETY: the image outlives the call; Tesseract copies what it keeps.
        let ok = unsafe {
            sys::TessBaseAPISetImage2(self.0, image.as_ptr().cast());
            sys::TessBaseAPISetSourceResolution(self.0, dpi);
            sys::TessBaseAPIDetectOrientationScript(
                self.0, &mut deg, &mut conf, &mut name, &mut sconf,
            )
        };
        unsafe { sys::TessBaseAPIClear(self.0) };
        if ok == 0 {
            return None;
        }
        let script = if name.is_null() {
            String::new()
        } else {
            unsafe { CStr::from_ptr(name) }
                .to_string_lossy()
                .into_owned()
        };
        // Tesseract reports how far the page is turned clockwise; turning it back means
        // (360 - deg) clockwise.
        let quarters = ((360 - deg.rem_euclid(360)) / 90) as u32 % 4;
        Some(OsdResult {
            quarters,
            confidence: conf,
            script,
            script_confidence: sconf,
        })
    }
}

/// The engines of one worker thread. Not shared between threads.
pub struct Engine {
    config: OcrConfig,
    /// The model(s) for Fraktur pages: the configured ones or the default for `tessdata`.
    fraktur_model: String,
    tessdata: CString,
    models: HashMap<String, TessBaseApi>,
    osd: Option<Osd>,
}

/// The "image in, words out" seam: what turns a decoded page into words with boxes and the
/// facts of how. Tesseract's [`Engine`] is the implementation; another OCR engine (or a
/// recogniser on a server) implements the same, and the pipeline's workers take any.
pub trait Recogniser {
    /// Recognises one page. `image` is the stored page as decoded; `pre_quarters` is a rotation
    /// the input itself asks for (a PDF's `/Rotate`), applied before detection.
    fn recognize(
        &mut self,
        image: &Image,
        dpi: (f32, f32),
        pre_quarters: u32,
    ) -> Result<(PageText, OcrFacts), OcrError>;
}

impl Recogniser for Engine {
    fn recognize(
        &mut self,
        image: &Image,
        dpi: (f32, f32),
        pre_quarters: u32,
    ) -> Result<(PageText, OcrFacts), OcrError> {
        Engine::recognize(self, image, dpi, pre_quarters)
    }
}

impl Engine {
    /// Prepares an engine for the calling thread; models load on first use. Checks the default model now, so that a
    /// missing model is reported before any page is processed.
    pub fn new(config: OcrConfig) -> Result<Engine, OcrError> {
        let tessdata =
            CString::new(config.tessdata.to_string_lossy().as_bytes()).map_err(|_| {
                OcrError::Model {
                    model: config.default_model.clone(),
                    tessdata: config.tessdata.display().to_string(),
                }
            })?;
        let fraktur_model = config
            .fraktur_model
            .clone()
            .unwrap_or_else(|| crate::default_fraktur_model(&config.tessdata));
        let mut engine = Engine {
            config,
            fraktur_model,
            tessdata,
            models: HashMap::new(),
            osd: None,
        };
        let first = engine
            .config
            .lang
            .clone()
            .unwrap_or_else(|| engine.config.default_model.clone());
        engine.model(&first)?;
        if engine.config.detect_orientation || engine.config.lang.is_none() {
            engine.osd = Osd::new(&engine.tessdata);
        }
        Ok(engine)
    }

    fn model(&mut self, name: &str) -> Result<&mut TessBaseApi, OcrError> {
        if !self.models.contains_key(name) {
            let err = || OcrError::Model {
                model: name.to_string(),
                tessdata: self.config.tessdata.display().to_string(),
            };
            let lang = CString::new(name).map_err(|_| err())?;
            let mut api = TessBaseApi::create();
            api.init_2(Some(&self.tessdata), Some(&lang))
                .map_err(|_| err())?;
            api.set_page_seg_mode(sys::TessPageSegMode_PSM_AUTO);
            // Inverted (white on black) text is rare in files and costs a second pass per line.
            for (k, v) in [("tessedit_do_invert", "0"), ("debug_file", "/dev/null")] {
                if let (Ok(k), Ok(v)) = (CString::new(k), CString::new(v)) {
                    let _ = api.set_variable(&k, &v);
                }
            }
            self.models.insert(name.to_string(), api);
        }
        self.models.get_mut(name).ok_or(OcrError::Recognise)
    }

    /// Recognises one page. `image` is the stored page as decoded; `pre_quarters` is a rotation
    /// the input itself asks for (a PDF's `/Rotate`), applied before detection.
    pub fn recognize(
        &mut self,
        image: &Image,
        dpi: (f32, f32),
        pre_quarters: u32,
    ) -> Result<(PageText, OcrFacts), OcrError> {
        let started = Instant::now();
        let (w, h) = (image.width(), image.height());
        let dpi_i = dpi.0.round().max(1.0) as i32;
        let mut facts = OcrFacts {
            source: TextSource::Blank,
            orientation: Orientation::from_degrees(pre_quarters as i32 * 90),
            orientation_confidence: None,
            skew_degrees: 0.0,
            script: None,
            mean_confidence: None,
            ocr_ms: 0,
        };
        let empty = PageText {
            width: w,
            height: h,
            blocks: Vec::new(),
        };
        if image.ink_fraction()? < self.config.blank_ink_threshold {
            return Ok((empty, facts));
        }

        let mut quarters = pre_quarters % 4;
        let mut upright = image.rotate_quarters(quarters)?;
        let mut fraktur = false;
        if let Some(osd) = self.osd.as_mut() {
            if let Some(found) = detect_on_band(osd, &upright, dpi_i)? {
                if self.config.detect_orientation
                    && found.quarters != 0
                    && found.confidence >= MIN_ORIENTATION_CONFIDENCE
                {
                    quarters = (quarters + found.quarters) % 4;
                    upright = image.rotate_quarters(quarters)?;
                }
                facts.orientation_confidence = Some(found.confidence);
                fraktur =
                    found.script == "Fraktur" && found.script_confidence >= MIN_SCRIPT_CONFIDENCE;
                facts.script = Some(found.script);
            }
        }
        facts.orientation = Orientation::from_degrees(quarters as i32 * 90);

        let mut work = upright;
        if self.config.deskew {
            if let Some((angle, conf)) = work.find_skew() {
                if angle.abs() >= MIN_SKEW_DEGREES && conf >= 3.0 {
                    work = work.rotate_degrees(angle)?;
                    facts.skew_degrees = angle;
                }
            }
        }

        // After deskew, which measures the skew on the scanner's pixels and rotates them; the
        // flattened copy is only what Tesseract thresholds and reads.
        if self.config.flatten_background {
            work = work.flattened_for_ocr(dpi_i as u32)?;
        }

        let model = match &self.config.lang {
            Some(lang) => lang.clone(),
            None if fraktur => self.fraktur_model.clone(),
            None => self.config.default_model.clone(),
        };
        let (ww, wh) = (work.width(), work.height());
        let api = self.model(&model)?;
        // SAFETY: `work` lives until the end of this function; Tesseract only reads it.
        let pix = unsafe { Pix::new_from_pointer(work.as_ptr().cast()) };
        api.set_image_2(&pix);
        api.set_source_resolution(dpi_i);
        api.recognize().map_err(|_| OcrError::Recognise)?;
        let tsv = api.get_tsv_text(0).map_err(|_| OcrError::Recognise)?;
        let tsv = tsv.as_ref().to_string_lossy().into_owned();
        let mut page = tsv::parse(&tsv, ww, wh);
        strips::drop_strips(&mut page, dpi_i as u32);

        // Back into the coordinates of the stored image.
        let (uw, uh) = if quarters % 2 == 1 { (h, w) } else { (w, h) };
        let skew = facts.skew_degrees;
        let map = |b: BBox| {
            geometry::unrotate_quarters(geometry::unrotate_small(b, skew, uw, uh), quarters, w, h)
        };
        for block in &mut page.blocks {
            block.bbox = map(block.bbox);
            for line in &mut block.lines {
                line.bbox = map(line.bbox);
                for word in &mut line.words {
                    word.bbox = map(word.bbox);
                }
            }
        }
        page.width = w;
        page.height = h;
        facts.mean_confidence = page.mean_confidence();
        facts.source = TextSource::Ocr { model };
        facts.ocr_ms = started.elapsed().as_millis() as u64;
        Ok((page, facts))
    }
}
