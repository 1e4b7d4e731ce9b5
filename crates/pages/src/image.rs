//! A safe owner of a Leptonica `PIX`: decoding, geometry, conversions and lossless encoding.

use leptonica_sys as lept;
use std::ptr::NonNull;

/// Leptonica could not do what was asked; the text says what.
#[derive(Debug, thiserror::Error)]
#[error("image operation failed: {0}")]
pub struct ImageError(pub String);

/// How pixels are laid out (the one of `aktenscan-model`: bilevel 1 = black).
pub use aktenscan_model::{ImageEncoding, PixelKind};

/// A decoded image, owned; freed on drop.
pub struct Image {
    pix: NonNull<lept::Pix>,
}

// SAFETY: a PIX is plain heap memory with a reference count that only this owner touches.
unsafe impl Send for Image {}

impl Drop for Image {
    fn drop(&mut self) {
        let mut p = self.pix.as_ptr();
        // SAFETY: we own exactly one reference.
        unsafe { lept::pixDestroy(&mut p) };
    }
}

impl Image {
    fn wrap(ptr: *mut lept::Pix, what: &str) -> Result<Image, ImageError> {
        NonNull::new(ptr)
            .map(|pix| Image { pix })
            .ok_or_else(|| ImageError(what.to_string()))
    }

    /// The raw pointer, for handing the image to Tesseract. Valid while `self` lives.
    pub fn as_ptr(&self) -> *mut lept::Pix {
        self.pix.as_ptr()
    }

    /// Decodes a PNG, JPEG or (first page of a) TIFF held in memory.
    pub fn decode(bytes: &[u8]) -> Result<Image, ImageError> {
        // SAFETY: Leptonica reads `bytes.len()` bytes from the pointer and copies what it needs.
        Self::wrap(
            unsafe { lept::pixReadMem(bytes.as_ptr(), bytes.len()) },
            "the image data could not be decoded (damaged or unsupported)",
        )
    }

    /// Decodes page `n` (0-based) of a TIFF held in memory.
    pub fn decode_tiff_page(bytes: &[u8], n: usize) -> Result<Image, ImageError> {
        let n = i32::try_from(n).map_err(|_| ImageError("page number too large".into()))?;
        // SAFETY: as in `decode`.
        Self::wrap(
            unsafe { lept::pixReadMemTiff(bytes.as_ptr(), bytes.len(), n) },
            "this TIFF page could not be decoded (damaged or unsupported compression)",
        )
    }

    /// Builds an image from packed rows of pixels (the layout of [`PixelKind`]).
    pub fn from_pixels(
        kind: PixelKind,
        width: u32,
        height: u32,
        data: &[u8],
    ) -> Result<Image, ImageError> {
        let depth = match kind {
            PixelKind::Bilevel => 1,
            PixelKind::Gray8 => 8,
            PixelKind::Rgb8 => 32,
        };
        let row_bytes = kind.row_bytes(width) as usize;
        if data.len() < row_bytes * height as usize {
            return Err(ImageError(format!(
                "pixel data too short: {} bytes for {width} × {height}",
                data.len()
            )));
        }
        let w = i32::try_from(width).map_err(|_| ImageError("image too wide".into()))?;
        let h = i32::try_from(height).map_err(|_| ImageError("image too tall".into()))?;
        // SAFETY: pixCreate allocates; we write only inside the rows it allocated.
        let img = Self::wrap(
            unsafe { lept::pixCreate(w, h, depth) },
            "out of memory for the image",
        )?;
        let wpl = unsafe { lept::pixGetWpl(img.as_ptr()) } as usize;
        let words = unsafe {
            std::slice::from_raw_parts_mut(lept::pixGetData(img.as_ptr()), wpl * height as usize)
        };
        for (y, row) in data.chunks(row_bytes).take(height as usize).enumerate() {
            let line = &mut words[y * wpl..(y + 1) * wpl];
            match kind {
                PixelKind::Bilevel | PixelKind::Gray8 => {
                    for (j, &b) in row.iter().enumerate() {
                        line[j / 4] |= (b as u32) << (24 - 8 * (j % 4));
                    }
                }
                PixelKind::Rgb8 => {
                    for (x, px) in row.chunks_exact(3).enumerate() {
                        line[x] = (px[0] as u32) << 24 | (px[1] as u32) << 16 | (px[2] as u32) << 8;
                    }
                }
            }
        }
        Ok(img)
    }

    pub fn width(&self) -> u32 {
        // SAFETY: valid pix.
        unsafe { lept::pixGetWidth(self.as_ptr()) }.max(0) as u32
    }

    pub fn height(&self) -> u32 {
        unsafe { lept::pixGetHeight(self.as_ptr()) }.max(0) as u32
    }

    pub fn depth(&self) -> u32 {
        unsafe { lept::pixGetDepth(self.as_ptr()) }.max(0) as u32
    }

    /// Resolution in dots per inch as recorded in the file, if any.
    pub fn resolution(&self) -> Option<(u32, u32)> {
        let (x, y) = unsafe {
            (
                lept::pixGetXRes(self.as_ptr()),
                lept::pixGetYRes(self.as_ptr()),
            )
        };
        (x > 0 && y > 0).then_some((x as u32, y as u32))
    }

    pub fn set_resolution(&mut self, x: u32, y: u32) {
        unsafe { lept::pixSetResolution(self.as_ptr(), x as i32, y as i32) };
    }

    pub(crate) fn has_colormap(&self) -> bool {
        !unsafe { lept::pixGetColormap(self.as_ptr()) }.is_null()
    }

    /// Rotates by quarter turns clockwise.
    pub fn rotate_quarters(&self, quarters: u32) -> Result<Image, ImageError> {
        if quarters.is_multiple_of(4) {
            return self.try_clone();
        }
        Self::wrap(
            unsafe { lept::pixRotateOrth(self.as_ptr(), (quarters % 4) as i32) },
            "rotation failed",
        )
    }

    /// Rotates by a small angle (degrees, clockwise positive), bringing in white.
    pub fn rotate_degrees(&self, degrees: f32) -> Result<Image, ImageError> {
        let radians = degrees.to_radians();
        Self::wrap(
            unsafe {
                lept::pixRotate(
                    self.as_ptr(),
                    radians,
                    lept::L_ROTATE_AREA_MAP as i32,
                    lept::L_BRING_IN_WHITE as i32,
                    0,
                    0,
                )
            },
            "deskew rotation failed",
        )
    }

    pub fn try_clone(&self) -> Result<Image, ImageError> {
        Self::wrap(
            unsafe { lept::pixCopy(std::ptr::null_mut(), self.as_ptr()) },
            "copy failed",
        )
    }

    /// An 8-bit grey version (colour maps and colour removed).
    pub fn to_gray8(&self) -> Result<Image, ImageError> {
        if self.has_colormap() {
            let plain = Self::wrap(
                unsafe {
                    lept::pixRemoveColormap(self.as_ptr(), lept::REMOVE_CMAP_TO_GRAYSCALE as i32)
                },
                "colour map removal failed",
            )?;
            return plain.to_gray8();
        }
        if self.depth() == 8 {
            return self.try_clone();
        }
        Self::wrap(
            unsafe { lept::pixConvertTo8(self.as_ptr(), 0) },
            "conversion to grey failed",
        )
    }

    /// A 1-bit version (thresholded at `threshold` for grey input).
    pub fn to_bilevel(&self, threshold: u8) -> Result<Image, ImageError> {
        if self.depth() == 1 && !self.has_colormap() {
            return self.try_clone();
        }
        let gray = self.to_gray8()?;
        Self::wrap(
            unsafe { lept::pixConvertTo1(gray.as_ptr(), threshold as i32) },
            "conversion to black and white failed",
        )
    }

    /// The part of the image inside a rectangle (clipped to the image).
    pub fn crop(&self, x: u32, y: u32, w: u32, h: u32) -> Result<Image, ImageError> {
        let to_i32 = |v: u32| i32::try_from(v).map_err(|_| ImageError("crop out of range".into()));
        let mut rect = unsafe { lept::boxCreate(to_i32(x)?, to_i32(y)?, to_i32(w)?, to_i32(h)?) };
        if rect.is_null() {
            return Err(ImageError("crop rectangle is empty".into()));
        }
        let clipped = unsafe { lept::pixClipRectangle(self.as_ptr(), rect, std::ptr::null_mut()) };
        unsafe { lept::boxDestroy(&mut rect) };
        Self::wrap(clipped, "crop failed")
    }

    /// Leptonica's background normalisation of an 8-bit image: the paper's tone, measured in
    /// tiles of `tile` pixels from the pixels lighter than `ink` (at least `min_paper` of them per
    /// tile), is mapped to `paper` everywhere, so that one global threshold fits the whole page.
    pub(crate) fn background_normalised(
        &self,
        tile: u32,
        ink: u8,
        min_paper: u32,
        paper: u8,
    ) -> Result<Image, ImageError> {
        let to_i32 = |v: u32| i32::try_from(v).map_err(|_| ImageError("tile too large".into()));
        let (tile, min_paper) = (to_i32(tile)?, to_i32(min_paper)?);
        // SAFETY: reads `self`, returns a new PIX (or null on failure).
        Self::wrap(
            unsafe {
                lept::pixBackgroundNorm(
                    self.as_ptr(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    tile,
                    tile,
                    ink as i32,
                    min_paper,
                    paper as i32,
                    1,
                    1,
                )
            },
            "background normalisation failed",
        )
    }

    /// Scaled by a factor (both axes).
    pub fn scale(&self, factor: f32) -> Result<Image, ImageError> {
        Self::wrap(
            unsafe { lept::pixScale(self.as_ptr(), factor, factor) },
            "scaling failed",
        )
    }

    /// Share of black pixels in a 1-bit image, 0.0..1.0.
    pub fn ink_fraction(&self) -> Result<f32, ImageError> {
        let bw = self.to_bilevel(160)?;
        let mut count = 0i32;
        let ok = unsafe { lept::pixCountPixels(bw.as_ptr(), &mut count, std::ptr::null_mut()) };
        if ok != 0 {
            return Err(ImageError("pixel count failed".into()));
        }
        let total = (bw.width() as f64 * bw.height() as f64).max(1.0);
        Ok((count as f64 / total) as f32)
    }

    /// Skew angle in degrees (clockwise positive is how the text lines descend to the right) and
    /// the confidence of the measurement, or `None` when there is too little text to tell.
    pub fn find_skew(&self) -> Option<(f32, f32)> {
        let bw = self.to_bilevel(140).ok()?;
        let (mut angle, mut conf) = (0f32, 0f32);
        let ok = unsafe { lept::pixFindSkew(bw.as_ptr(), &mut angle, &mut conf) };
        (ok == 0).then_some((angle, conf))
    }

    /// Lossless encoding: PNG, or CCITT G4 TIFF for 1-bit images.
    pub fn encode_lossless(&self) -> Result<(Vec<u8>, ImageEncoding), ImageError> {
        if self.depth() == 1 && !self.has_colormap() {
            Ok((self.encode(lept::IFF_TIFF_G4 as i32)?, ImageEncoding::Tiff))
        } else {
            Ok((self.encode(lept::IFF_PNG as i32)?, ImageEncoding::Png))
        }
    }

    /// A stored page image in a form a browser shows: JPEG and PNG as they are, anything else
    /// (TIFF) as a lossless PNG. A 1-bit page (CCITT G4 from a document scanner) becomes a 1-bit
    /// PNG: widening it to 8-bit grey first took eight times as long (94–126 ms instead of
    /// 5–15 ms for an A4 page at 300 dpi) for a file half as large again.
    pub fn for_browser(bytes: Vec<u8>) -> Result<Vec<u8>, ImageError> {
        if matches!(
            ImageEncoding::sniff(&bytes),
            Some(ImageEncoding::Jpeg | ImageEncoding::Png)
        ) {
            return Ok(bytes);
        }
        let img = Image::decode(&bytes)?;
        if img.depth() == 1 && img.has_colormap() {
            img.to_gray8()?.encode(lept::IFF_PNG as i32)
        } else {
            img.encode(lept::IFF_PNG as i32)
        }
    }

    pub(crate) fn encode(&self, format: i32) -> Result<Vec<u8>, ImageError> {
        let mut data: *mut u8 = std::ptr::null_mut();
        let mut size: usize = 0;
        let ok = unsafe { lept::pixWriteMem(&mut data, &mut size, self.as_ptr(), format) };
        if ok != 0 || data.is_null() {
            return Err(ImageError("encoding failed".into()));
        }
        // SAFETY: Leptonica allocated `size` bytes at `data`; we copy them and free the buffer.
        let out = unsafe { std::slice::from_raw_parts(data, size) }.to_vec();
        unsafe { lept::lept_free(data.cast()) };
        Ok(out)
    }

    /// Packed rows for a PDF image: 1-bit (1 = black), 8-bit grey or 8-bit RGB.
    pub fn to_pdf_pixels(&self) -> Result<(PixelKind, Vec<u8>), ImageError> {
        let img = if self.has_colormap() {
            Self::wrap(
                unsafe {
                    lept::pixRemoveColormap(self.as_ptr(), lept::REMOVE_CMAP_BASED_ON_SRC as i32)
                },
                "colour map removal failed",
            )?
        } else {
            self.try_clone()?
        };
        let (kind, img) = match img.depth() {
            1 => (PixelKind::Bilevel, img),
            32 => (PixelKind::Rgb8, img),
            24 => (
                PixelKind::Rgb8,
                Self::wrap(
                    unsafe { lept::pixConvertTo32(img.as_ptr()) },
                    "conversion failed",
                )?,
            ),
            _ => (PixelKind::Gray8, img.to_gray8()?),
        };
        let (w, h) = (img.width() as usize, img.height() as usize);
        let wpl = unsafe { lept::pixGetWpl(img.as_ptr()) } as usize;
        let words = unsafe { std::slice::from_raw_parts(lept::pixGetData(img.as_ptr()), wpl * h) };
        let row_bytes = kind.row_bytes(img.width()) as usize;
        let mut out = Vec::with_capacity(row_bytes * h);
        for line in words.chunks_exact(wpl) {
            match kind {
                PixelKind::Bilevel | PixelKind::Gray8 => {
                    out.extend((0..row_bytes).map(|j| (line[j / 4] >> (24 - 8 * (j % 4))) as u8));
                }
                PixelKind::Rgb8 => {
                    for &px in &line[..w] {
                        out.extend_from_slice(&[
                            (px >> 24) as u8,
                            (px >> 16) as u8,
                            (px >> 8) as u8,
                        ]);
                    }
                }
            }
        }
        Ok((kind, out))
    }
}

/// Width, height and samples per pixel from an image file's header, without decoding it.
pub fn probe_header(bytes: &[u8]) -> Option<(u32, u32, u32)> {
    let (mut format, mut w, mut h, mut bps, mut spp, mut cmap) = (0, 0, 0, 0, 0, 0);
    let ok = unsafe {
        lept::pixReadHeaderMem(
            bytes.as_ptr(),
            bytes.len(),
            &mut format,
            &mut w,
            &mut h,
            &mut bps,
            &mut spp,
            &mut cmap,
        )
    };
    (ok == 0 && w > 0 && h > 0).then_some((w as u32, h as u32, spp.max(1) as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pixels_survive_a_round_trip_through_leptonica() {
        let gray: Vec<u8> = (0..(13 * 7)).map(|i| (i * 3) as u8).collect();
        let img = Image::from_pixels(PixelKind::Gray8, 13, 7, &gray).unwrap();
        assert_eq!((img.width(), img.height(), img.depth()), (13, 7, 8));
        assert_eq!(img.to_pdf_pixels().unwrap(), (PixelKind::Gray8, gray));

        let rgb: Vec<u8> = (0..(5 * 3 * 3)).map(|i| (i * 5) as u8).collect();
        let img = Image::from_pixels(PixelKind::Rgb8, 5, 3, &rgb).unwrap();
        assert_eq!(img.to_pdf_pixels().unwrap(), (PixelKind::Rgb8, rgb));

        let bits = vec![0b1010_0000u8, 0b0110_0000, 0b1111_1000];
        let img = Image::from_pixels(PixelKind::Bilevel, 5, 3, &bits).unwrap();
        assert_eq!(img.to_pdf_pixels().unwrap(), (PixelKind::Bilevel, bits));
    }

    #[test]
    fn lossless_encoding_decodes_to_the_same_pixels() {
        let gray: Vec<u8> = (0..(40 * 30)).map(|i| (i % 251) as u8).collect();
        let img = Image::from_pixels(PixelKind::Gray8, 40, 30, &gray).unwrap();
        let (png, ext) = img.encode_lossless().unwrap();
        assert_eq!(ext, ImageEncoding::Png);
        assert_eq!(probe_header(&png), Some((40, 30, 1)));
        let back = Image::decode(&png).unwrap();
        assert_eq!(back.to_pdf_pixels().unwrap().1, gray);

        let bits: Vec<u8> = (0..(16 * 9))
            .map(|i| if i % 3 == 0 { 0xF0 } else { 0x0F })
            .collect();
        let img = Image::from_pixels(PixelKind::Bilevel, 128, 9, &bits).unwrap();
        let (tif, ext) = img.encode_lossless().unwrap();
        assert_eq!(ext, ImageEncoding::Tiff);
        let back = Image::decode(&tif).unwrap();
        assert_eq!(back.to_pdf_pixels().unwrap(), (PixelKind::Bilevel, bits));
    }

    #[test]
    fn a_one_bit_page_is_shown_as_a_one_bit_png_with_black_where_it_was_black() {
        // 16 × 2 pixels, 1 = black: the first row's first pixel and the second row's last.
        let bits = [0b1000_0000u8, 0, 0, 0b0000_0001];
        let img = Image::from_pixels(PixelKind::Bilevel, 16, 2, &bits).unwrap();
        let (tif, _) = img.encode_lossless().unwrap();
        let png = Image::for_browser(tif).unwrap();
        assert_eq!(ImageEncoding::sniff(&png), Some(ImageEncoding::Png));
        // IHDR: width, height, bit depth 1, colour type 0 (grey, where a 0 bit is black).
        assert_eq!(&png[16..26], &[0, 0, 0, 16, 0, 0, 0, 2, 1, 0]);
        let idat = png.windows(4).position(|w| w == b"IDAT").unwrap();
        let len = u32::from_be_bytes(png[idat - 4..idat].try_into().unwrap()) as usize;
        let rows =
            miniz_oxide::inflate::decompress_to_vec_zlib(&png[idat + 4..idat + 4 + len]).unwrap();
        // Each row: its filter byte (none), then the bits with 0 = black.
        assert_eq!(rows, [0, 0b0111_1111, 0xFF, 0, 0xFF, 0b1111_1110]);
        let back = Image::decode(&png).unwrap();
        assert_eq!(
            back.to_pdf_pixels().unwrap(),
            (PixelKind::Bilevel, bits.to_vec())
        );
        // JPEG and PNG are shown as stored.
        assert_eq!(Image::for_browser(png.clone()).unwrap(), png);
    }

    #[test]
    fn garbage_is_an_error_not_a_crash() {
        assert!(Image::decode(b"\x89PNG\r\n\x1a\n truncated").is_err());
        assert!(probe_header(b"nothing").is_none());
    }
}
