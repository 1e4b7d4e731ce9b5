//! PNG files around image data that is already compressed: a PDF's Flate image with PNG
//! predictors is exactly a PNG's image data, so it is stored as a PNG and passed back into the
//! PDF/A as it came, never decompressed and compressed again.

const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n'];

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

/// A PNG file of 8-bit grey (`samples` 1) or RGB (3) whose image data is `zlib`, a zlib stream
/// of rows each starting with a PNG filter type byte. `dpi` goes into a `pHYs` chunk.
pub fn wrap_idat(zlib: &[u8], width: u32, height: u32, samples: u8, dpi: (f32, f32)) -> Vec<u8> {
    let mut out = Vec::with_capacity(zlib.len() + 128);
    out.extend_from_slice(&SIGNATURE);
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    let colour_type = if samples == 3 { 2 } else { 0 };
    ihdr.extend_from_slice(&[8, colour_type, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    let mut phys = Vec::with_capacity(9);
    for d in [dpi.0, dpi.1] {
        // Pixels per metre.
        phys.extend_from_slice(&((d / 0.0254).round() as u32).to_be_bytes());
    }
    phys.push(1);
    chunk(&mut out, b"pHYs", &phys);
    // One IDAT chunk may hold up to 2^31 - 1 bytes; split larger data.
    for part in zlib.chunks(1 << 30) {
        chunk(&mut out, b"IDAT", part);
    }
    chunk(&mut out, b"IEND", &[]);
    out
}

/// The image data of a non-interlaced 8-bit grey or RGB PNG: (zlib stream of all IDAT chunks,
/// width, height, samples). `None` for any other PNG (palette, alpha, 16 bit, interlaced).
pub fn idat_data(png: &[u8]) -> Option<(Vec<u8>, u32, u32, u8)> {
    let mut rest = png.strip_prefix(&SIGNATURE)?;
    let mut header = None;
    let mut zlib = Vec::new();
    while rest.len() >= 12 {
        let len = usize::try_from(u32::from_be_bytes(rest[..4].try_into().ok()?)).ok()?;
        let kind: [u8; 4] = rest[4..8].try_into().ok()?;
        let data = rest.get(8..8 + len)?;
        match &kind {
            b"IHDR" => {
                let &[w0, w1, w2, w3, h0, h1, h2, h3, bits, colour, _, _, interlace] = data else {
                    return None;
                };
                let samples = match (bits, colour, interlace) {
                    (8, 0, 0) => 1,
                    (8, 2, 0) => 3,
                    _ => return None,
                };
                let width = u32::from_be_bytes([w0, w1, w2, w3]);
                let height = u32::from_be_bytes([h0, h1, h2, h3]);
                header = Some((width, height, samples));
            }
            b"IDAT" => zlib.extend_from_slice(data),
            // Transparency or a palette would change what the pixels mean.
            b"tRNS" | b"PLTE" => return None,
            b"IEND" => break,
            _ => {}
        }
        rest = rest.get(12 + len..)?;
    }
    let (width, height, samples) = header?;
    (!zlib.is_empty()).then_some((zlib, width, height, samples))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::{Image, ImageEncoding, PixelKind};

    #[test]
    fn image_data_survives_unwrapping_and_wrapping_again() {
        let (w, h) = (37u32, 21u32);
        let rgb: Vec<u8> = (0..w * h * 3).map(|i| (i * 7 % 251) as u8).collect();
        let img = Image::from_pixels(PixelKind::Rgb8, w, h, &rgb).unwrap();
        let (png, ext) = img.encode_lossless().unwrap();
        assert_eq!(ext, ImageEncoding::Png);
        let (zlib, width, height, samples) = idat_data(&png).expect("an 8-bit RGB PNG");
        assert_eq!((width, height, samples), (w, h, 3));
        let again = wrap_idat(&zlib, w, h, 3, (300.0, 300.0));
        let back = Image::decode(&again).unwrap();
        assert_eq!(back.to_pdf_pixels().unwrap(), (PixelKind::Rgb8, rgb));
        assert_eq!(back.resolution(), Some((300, 300)));
    }

    #[test]
    fn palette_and_damaged_pngs_are_not_passed_through() {
        let grey = Image::from_pixels(PixelKind::Gray8, 4, 4, &[9; 16]).unwrap();
        let (png, _) = grey.encode_lossless().unwrap();
        assert!(idat_data(&png).is_some());
        let mut paletted = png.clone();
        // Colour type 3 (palette) in the header.
        paletted[8 + 8 + 9] = 3;
        assert_eq!(idat_data(&paletted), None);
        assert_eq!(idat_data(&png[..20]), None);
        assert_eq!(idat_data(b"GIF89a"), None);
    }
}
