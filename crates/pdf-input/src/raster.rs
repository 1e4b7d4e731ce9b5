//! Pixel buffers: decoded images and renderings turned into [`Raster`]s, and the JPEG frame header.

use crate::{PixelKind, Raster};
use hayro::hayro_interpret::hayro_syntax::page::Page;
use hayro::hayro_interpret::{InterpreterSettings, LumaData, RgbData};
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};

/// A grey image, flattened onto white by `alpha` if it has one of the same size; 1-bit if it only
/// holds black and white. `None` if sizes do not match.
pub(crate) fn from_gray(image: LumaData, alpha: Option<&LumaData>) -> Option<Raster> {
    let (width, height) = (image.width, image.height);
    let mut data = image.data;
    if width == 0 || data.len() != pixels(width, height) {
        return None;
    }
    if let Some(alpha) = alpha {
        flatten(&mut data, alpha, 1, width, height)?;
    }
    Some(if data.iter().all(|&v| v == 0 || v == 255) {
        Raster::Pixels {
            width,
            height,
            kind: PixelKind::Bilevel,
            data: pack_bilevel(&data, width),
        }
    } else {
        Raster::Pixels {
            width,
            height,
            kind: PixelKind::Gray8,
            data,
        }
    })
}

/// An RGB image, flattened onto white by `alpha` if it has one of the same size. `None` if sizes
/// do not match.
pub(crate) fn from_rgb(image: RgbData, alpha: Option<&LumaData>) -> Option<Raster> {
    let (width, height) = (image.width, image.height);
    let mut data = image.data;
    if data.len() != 3 * pixels(width, height) {
        return None;
    }
    if let Some(alpha) = alpha {
        flatten(&mut data, alpha, 3, width, height)?;
    }
    Some(Raster::Pixels {
        width,
        height,
        kind: PixelKind::Rgb8,
        data,
    })
}

fn pixels(width: u32, height: u32) -> usize {
    usize::try_from(u64::from(width) * u64::from(height)).unwrap_or(usize::MAX)
}

/// Composes `data` (`channels` samples a pixel) over a white background.
fn flatten(
    data: &mut [u8],
    alpha: &LumaData,
    channels: usize,
    width: u32,
    height: u32,
) -> Option<()> {
    if (alpha.width, alpha.height) != (width, height) || alpha.data.len() != pixels(width, height) {
        return None;
    }
    for (pixel, &a) in data.chunks_exact_mut(channels).zip(&alpha.data) {
        let a = u16::from(a);
        for v in pixel {
            // At most 255 · 255 + 127, so the quotient fits in a byte.
            *v = ((u16::from(*v) * a + 255 * (255 - a) + 127) / 255) as u8;
        }
    }
    Some(())
}

/// Packs 8-bit black-and-white samples into rows of bits, 1 = black, each row padded to a byte.
fn pack_bilevel(gray: &[u8], width: u32) -> Vec<u8> {
    gray.chunks_exact(width as usize)
        .flat_map(|row| {
            row.chunks(8).map(|bits| {
                bits.iter().enumerate().fold(
                    0u8,
                    |byte, (i, &v)| if v < 128 { byte | 0x80 >> i } else { byte },
                )
            })
        })
        .collect()
}

/// Renders `page` on white at `scale` pixels per point; grey if nothing on it has colour.
/// The caller has checked that the size fits.
pub(crate) fn render(page: &Page<'_>, scale: f32) -> Raster {
    let pixmap = hayro::render(
        page,
        &RenderCache::new(),
        &InterpreterSettings::default(),
        &RenderSettings::default(),
        &PixmapSettings {
            x_scale: scale,
            y_scale: scale,
            bg_color: WHITE,
        },
    );
    // Opaque over white, so premultiplied and plain RGBA are the same.
    let rgba = pixmap.data_as_u8_slice();
    let gray = rgba.chunks_exact(4).all(|p| p[0] == p[1] && p[1] == p[2]);
    let (kind, data) = if gray {
        (
            PixelKind::Gray8,
            rgba.chunks_exact(4).map(|p| p[0]).collect(),
        )
    } else {
        let data = rgba
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        (PixelKind::Rgb8, data)
    };
    Raster::Pixels {
        width: u32::from(pixmap.width()),
        height: u32::from(pixmap.height()),
        kind,
        data,
    }
}

/// Width, height and number of components from the frame header of a JPEG stream.
pub(crate) fn jpeg_header(data: &[u8]) -> Option<(u32, u32, u8)> {
    if data.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut i = 2;
    loop {
        if *data.get(i)? != 0xFF {
            return None;
        }
        while *data.get(i)? == 0xFF {
            i += 1;
        }
        let marker = data[i];
        i += 1;
        match marker {
            // Markers without a segment.
            0x01 | 0xD0..=0xD7 => continue,
            // Start of frame (not DHT, JPG or DAC, which share the range).
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let frame = data.get(i + 2..i + 8)?;
                let height = u16::from_be_bytes([frame[1], frame[2]]);
                let width = u16::from_be_bytes([frame[3], frame[4]]);
                return Some((u32::from(width), u32::from(height), frame[5]));
            }
            // Start of scan before any frame header.
            0xDA => return None,
            _ => i += usize::from(u16::from_be_bytes([*data.get(i)?, *data.get(i + 1)?])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_rows_to_byte_boundaries_with_black_as_one() {
        let gray = [
            0, 255, 0, 255, 255, 255, 255, 255, 0, 255, 255, 0, 0, 0, 0, 0, 0, 0,
        ];
        assert_eq!(
            pack_bilevel(&gray, 9),
            vec![0b1010_0000, 0b1000_0000, 0b0011_1111, 0b1000_0000]
        );
    }

    #[test]
    fn reads_the_frame_header_and_rejects_garbage() {
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01,
            0x2C, 0x02, 0x58, 0x03,
        ];
        assert_eq!(jpeg_header(&jpeg), Some((600, 300, 3)));
        assert_eq!(jpeg_header(&jpeg[..12]), None);
        assert_eq!(jpeg_header(b"GIF89a"), None);
        assert_eq!(jpeg_header(&[0xFF, 0xD8, 0xFF, 0xDA, 0, 2]), None);
    }
}
