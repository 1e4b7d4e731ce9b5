//! Page images and how each encoding becomes a PDF image XObject without lossy recompression.

use std::borrow::Cow;

use miniz_oxide::deflate::compress_to_vec_zlib;
use pdf_writer::{Chunk, Filter, Name, Ref};

use crate::Error;

/// A scanned page image in the encoding it is stored in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageImage {
    /// A baseline or progressive JPEG file with 8-bit samples; `components` is 1 (grey) or 3
    /// (colour). CMYK JPEGs are refused: PDF/A would need a CMYK ICC profile for them.
    Jpeg {
        data: Vec<u8>,
        width: u32,
        height: u32,
        components: u8,
    },
    /// CCITT Group 4 (T.6) data, e.g. the strip of a G4 TIFF.
    CcittG4 {
        data: Vec<u8>,
        width: u32,
        height: u32,
        /// Whether a decoded 1 bit means black (TIFF `PhotometricInterpretation` 1).
        black_is_1: bool,
    },
    /// A JBIG2 page stream in the embedded format (no file header), with its optional global
    /// segments (e.g. the `.sym` output of `jbig2 -s -p`).
    Jbig2 {
        data: Vec<u8>,
        globals: Option<Vec<u8>>,
        width: u32,
        height: u32,
    },
    /// 8-bit grey or RGB rows already compressed with zlib (a PNG's image data, or a PDF's
    /// Flate image), passed through unchanged. With `png_predictors` each row starts with a PNG
    /// filter type byte (`/Predictor 15`); without, the rows are plain.
    Flate {
        data: Vec<u8>,
        width: u32,
        height: u32,
        kind: PixelKind,
        png_predictors: bool,
    },
    /// Uncompressed pixels, row by row from the top; compressed losslessly with Flate.
    Raw {
        pixels: Vec<u8>,
        width: u32,
        height: u32,
        kind: PixelKind,
    },
}

/// Layout of [`PageImage::Raw`] pixels (the one of `aktenscan-model`: bilevel 1 = black).
pub use aktenscan_model::PixelKind;

impl PageImage {
    /// A JPEG page, with size and components read from the file's frame header.
    pub fn jpeg(data: Vec<u8>) -> Result<PageImage, Error> {
        let frame = jpeg_frame(&data)?;
        Ok(PageImage::Jpeg {
            data,
            width: frame.width,
            height: frame.height,
            components: frame.components,
        })
    }

    /// Width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        match *self {
            PageImage::Jpeg { width, height, .. }
            | PageImage::CcittG4 { width, height, .. }
            | PageImage::Jbig2 { width, height, .. }
            | PageImage::Flate { width, height, .. }
            | PageImage::Raw { width, height, .. } => (width, height),
        }
    }

    /// The JBIG2 global segments this image refers to, if any.
    pub(crate) fn jbig2_globals(&self) -> Option<&[u8]> {
        match self {
            PageImage::Jbig2 {
                globals: Some(g), ..
            } => Some(g),
            _ => None,
        }
    }

    /// Checks the image against its description and prepares its stream data.
    pub(crate) fn encode(&self) -> Result<EncodedImage<'_>, Error> {
        let (width, height) = self.size();
        let (w, h) = match (i32::try_from(width), i32::try_from(height)) {
            (Ok(w), Ok(h)) if w > 0 && h > 0 => (w, h),
            _ => return Err(Error::Image(format!("unusable size {width}×{height}"))),
        };
        let gray = Name(b"DeviceGray");
        let (data, filter, color_space, bits) = match self {
            PageImage::Jpeg {
                data, components, ..
            } => {
                let frame = jpeg_frame(data)?;
                if (frame.width, frame.height, frame.components) != (width, height, *components) {
                    return Err(Error::Image(format!(
                        "JPEG is {}×{} with {} components, not {width}×{height} with {components}",
                        frame.width, frame.height, frame.components
                    )));
                }
                let color_space = match components {
                    1 => gray,
                    3 => Name(b"DeviceRGB"),
                    n => {
                        return Err(Error::Image(format!(
                            "JPEG with {n} components; only grey and RGB fit PDF/A with an sRGB output intent"
                        )))
                    }
                };
                (
                    Cow::Borrowed(data.as_slice()),
                    Filter::DctDecode,
                    color_space,
                    8,
                )
            }
            PageImage::CcittG4 { data, .. } => (
                Cow::Borrowed(data.as_slice()),
                Filter::CcittFaxDecode,
                gray,
                1,
            ),
            PageImage::Jbig2 { data, .. } => {
                (Cow::Borrowed(data.as_slice()), Filter::Jbig2Decode, gray, 1)
            }
            PageImage::Flate { data, kind, .. } => {
                let color_space = match kind {
                    PixelKind::Gray8 => gray,
                    PixelKind::Rgb8 => Name(b"DeviceRGB"),
                    PixelKind::Bilevel => {
                        return Err(Error::Image(
                            "Flate pass-through is for 8-bit grey or RGB only".into(),
                        ))
                    }
                };
                (
                    Cow::Borrowed(data.as_slice()),
                    Filter::FlateDecode,
                    color_space,
                    8,
                )
            }
            PageImage::Raw { pixels, kind, .. } => {
                let (color_space, bits) = match kind {
                    PixelKind::Bilevel => (gray, 1),
                    PixelKind::Gray8 => (gray, 8),
                    PixelKind::Rgb8 => (Name(b"DeviceRGB"), 8),
                };
                let expected = kind.row_bytes(width) * u64::from(height);
                if pixels.len() as u64 != expected {
                    return Err(Error::Image(format!(
                        "{kind:?} pixels of {width}×{height} need {expected} bytes, got {}",
                        pixels.len()
                    )));
                }
                let deflated = if *kind == PixelKind::Bilevel {
                    // 1 is black here; in a DeviceGray image without a Decode array 1 is white.
                    let inverted: Vec<u8> = pixels.iter().map(|b| !b).collect();
                    compress_to_vec_zlib(&inverted, 6)
                } else {
                    compress_to_vec_zlib(pixels, 6)
                };
                (Cow::Owned(deflated), Filter::FlateDecode, color_space, bits)
            }
        };
        if data.is_empty() || i32::try_from(data.len()).is_err() {
            return Err(Error::Image(format!("{} bytes of image data", data.len())));
        }
        let ccitt_black_is_1 = match self {
            PageImage::CcittG4 { black_is_1, .. } => Some(*black_is_1),
            _ => None,
        };
        let png_colors = match self {
            PageImage::Flate {
                png_predictors: true,
                kind,
                ..
            } => Some(if *kind == PixelKind::Rgb8 { 3 } else { 1 }),
            _ => None,
        };
        Ok(EncodedImage {
            data,
            filter,
            color_space,
            bits,
            width: w,
            height: h,
            ccitt_black_is_1,
            png_colors,
        })
    }
}

/// A checked image with its stream data, ready to be written.
pub(crate) struct EncodedImage<'a> {
    data: Cow<'a, [u8]>,
    filter: Filter,
    color_space: Name<'static>,
    bits: i32,
    width: i32,
    height: i32,
    ccitt_black_is_1: Option<bool>,
    /// Colour components of Flate data with PNG predictors (written as `/Predictor 15`).
    png_colors: Option<i32>,
}

impl EncodedImage<'_> {
    /// Writes the image XObject `id`; `jbig2_globals` is the stream of the JBIG2 globals.
    pub(crate) fn write(&self, chunk: &mut Chunk, id: Ref, jbig2_globals: Option<Ref>) {
        let mut xobject = chunk.image_xobject(id, &self.data);
        xobject.filter(self.filter);
        xobject
            .width(self.width)
            .height(self.height)
            .color_space_name(self.color_space)
            .bits_per_component(self.bits);
        if let Some(black_is_1) = self.ccitt_black_is_1 {
            xobject
                .decode_parms()
                .k(-1)
                .columns(self.width)
                .rows(self.height)
                .black_is_1(black_is_1);
        }
        if let Some(colors) = self.png_colors {
            xobject
                .decode_parms()
                .predictor(pdf_writer::types::Predictor::PngOptimum)
                .colors(colors)
                .bits_per_component(8)
                .columns(self.width);
        }
        if let Some(globals) = jbig2_globals {
            xobject.decode_parms().jbig2_globals(globals);
        }
    }
}

/// What a JPEG's frame header says.
struct JpegFrame {
    width: u32,
    height: u32,
    components: u8,
}

/// Finds the frame header of a JPEG that PDF's DCTDecode can read (baseline, extended or
/// progressive Huffman with 8-bit samples).
fn jpeg_frame(data: &[u8]) -> Result<JpegFrame, Error> {
    let bad = |what: &str| Err(Error::Image(format!("JPEG: {what}")));
    if !data.starts_with(&[0xFF, 0xD8]) {
        return bad("no start-of-image marker");
    }
    let mut pos = 2;
    loop {
        // Markers are 0xFF followed by a code; extra 0xFF bytes are fill.
        while data.get(pos) == Some(&0xFF) && data.get(pos + 1) == Some(&0xFF) {
            pos += 1;
        }
        let (Some(&0xFF), Some(&code)) = (data.get(pos), data.get(pos + 1)) else {
            return bad("no frame header before the end of the data");
        };
        pos += 2;
        if code == 0x01 || (0xD0..=0xD8).contains(&code) {
            continue; // Markers without a segment.
        }
        let Some(&[hi, lo]) = data.get(pos..pos + 2) else {
            return bad("truncated segment");
        };
        let len = usize::from(u16::from_be_bytes([hi, lo]));
        let Some(segment) = data.get(pos + 2..pos + len) else {
            return bad("truncated segment");
        };
        match code {
            0xC0..=0xC2 => {
                let &[precision, h1, h0, w1, w0, components, ..] = segment else {
                    return bad("short frame header");
                };
                if precision != 8 {
                    return bad("samples are not 8 bits");
                }
                let height = u32::from(u16::from_be_bytes([h1, h0]));
                if height == 0 {
                    return bad("height only given after the first scan (DNL)");
                }
                return Ok(JpegFrame {
                    width: u32::from(u16::from_be_bytes([w1, w0])),
                    height,
                    components,
                });
            }
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                return bad(
                    "lossless, hierarchical or arithmetic-coded JPEG is not supported by PDF",
                );
            }
            0xD9 | 0xDA => return bad("no frame header before the first scan"),
            _ => pos += len,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_jpeg_frame_header_and_refuses_garbage() {
        let mut data = Vec::new();
        jpeg_encoder::Encoder::new(&mut data, 90)
            .encode(&[128; 7 * 5 * 3], 7, 5, jpeg_encoder::ColorType::Rgb)
            .expect("encode");
        let frame = jpeg_frame(&data).expect("frame");
        assert_eq!((frame.width, frame.height, frame.components), (7, 5, 3));
        assert!(jpeg_frame(b"\xFF\xD8\xFF").is_err());
        assert!(jpeg_frame(b"\xFF\xD8\xFF\xE0\xFF\xFF").is_err());
        assert!(jpeg_frame(b"GIF89a").is_err());
    }

    #[test]
    fn raw_pixels_must_fill_the_image() {
        let image = PageImage::Raw {
            pixels: vec![0; 3],
            width: 9,
            height: 2,
            kind: PixelKind::Bilevel,
        };
        assert!(matches!(image.encode(), Err(Error::Image(_))));
    }
}
