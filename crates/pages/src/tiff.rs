//! Reads the structure of TIFF files without decoding pixels: page count, page sizes, and the
//! compressed data of single-strip CCITT G4 and JPEG pages, so that such pages can pass into the
//! PDF unchanged.

/// What one TIFF page (image file directory) says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TiffPage {
    pub width: u32,
    pub height: u32,
    pub compression: u16,
    pub photometric: u16,
    pub fill_order: u16,
    pub samples_per_pixel: u16,
    pub bits_per_sample: u16,
    pub planar: u16,
    pub predictor: u16,
    rows_per_strip: Option<u32>,
    strips: Vec<(u64, u64)>,
    /// `JPEGTables` (offset, length): the quantisation and Huffman tables the strips share.
    jpeg_tables: Option<(u64, u64)>,
}

pub const COMPRESSION_G4: u16 = 4;
/// Deflate (zlib), as Adobe defined it for TIFF.
pub const COMPRESSION_DEFLATE: u16 = 8;
/// "New-style" JPEG (TIFF Technical Note 2); the old style (6) is not passed through.
pub const COMPRESSION_JPEG: u16 = 7;

/// Why a TIFF's structure could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TiffError {
    #[error("not a TIFF file")]
    NotTiff,
    #[error("TIFF structure is damaged or truncated ({0})")]
    Damaged(&'static str),
}

const MAX_PAGES: usize = 100_000;

struct Reader<'a> {
    b: &'a [u8],
    little: bool,
}

impl Reader<'_> {
    fn bytes<const N: usize>(&self, at: u64) -> Result<[u8; N], TiffError> {
        let at = usize::try_from(at).map_err(|_| TiffError::Damaged("offset"))?;
        self.b
            .get(at..at + N)
            .and_then(|s| s.try_into().ok())
            .ok_or(TiffError::Damaged("offset beyond the end of the file"))
    }
    fn u16(&self, at: u64) -> Result<u16, TiffError> {
        let b = self.bytes::<2>(at)?;
        Ok(if self.little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    }
    fn u32(&self, at: u64) -> Result<u32, TiffError> {
        let b = self.bytes::<4>(at)?;
        Ok(if self.little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    }
    /// Where the bytes of an UNDEFINED entry are: (offset, length), or `None` for another type.
    fn undefined(&self, entry: u64) -> Result<Option<(u64, u64)>, TiffError> {
        if self.u16(entry + 2)? != 7 {
            return Ok(None);
        }
        let count = self.u32(entry + 4)? as u64;
        let at = if count <= 4 {
            entry + 8
        } else {
            self.u32(entry + 8)? as u64
        };
        Ok(Some((at, count)))
    }
    /// Values of a SHORT or LONG entry (inline or at an offset).
    fn values(&self, entry: u64) -> Result<Vec<u64>, TiffError> {
        let typ = self.u16(entry + 2)?;
        let count = self.u32(entry + 4)? as u64;
        let size = match typ {
            3 => 2,
            4 => 4,
            _ => return Ok(Vec::new()),
        };
        if count > 1_000_000 {
            return Err(TiffError::Damaged("too many values in a tag"));
        }
        let base = if count * size <= 4 {
            entry + 8
        } else {
            self.u32(entry + 8)? as u64
        };
        (0..count)
            .map(|i| {
                let at = base + i * size;
                if size == 2 {
                    self.u16(at).map(u64::from)
                } else {
                    self.u32(at).map(u64::from)
                }
            })
            .collect()
    }
}

/// Lists the pages of a TIFF held in memory.
pub fn pages(bytes: &[u8]) -> Result<Vec<TiffPage>, TiffError> {
    let little = match bytes.get(..4) {
        Some(b"II*\0") => true,
        Some(b"MM\0*") => false,
        _ => return Err(TiffError::NotTiff),
    };
    let r = Reader { b: bytes, little };
    let mut next = r.u32(4)? as u64;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    while next != 0 {
        if !seen.insert(next) || out.len() >= MAX_PAGES {
            return Err(TiffError::Damaged("page directory chain loops"));
        }
        let n = r.u16(next)? as u64;
        let mut page = TiffPage {
            width: 0,
            height: 0,
            compression: 1,
            photometric: 0,
            fill_order: 1,
            samples_per_pixel: 1,
            bits_per_sample: 1,
            planar: 1,
            predictor: 1,
            rows_per_strip: None,
            strips: Vec::new(),
            jpeg_tables: None,
        };
        let (mut offsets, mut counts) = (Vec::new(), Vec::new());
        for i in 0..n {
            let entry = next + 2 + i * 12;
            let first =
                || -> Result<u64, TiffError> { Ok(r.values(entry)?.first().copied().unwrap_or(0)) };
            match r.u16(entry)? {
                256 => page.width = first()? as u32,
                257 => page.height = first()? as u32,
                259 => page.compression = first()? as u16,
                262 => page.photometric = first()? as u16,
                258 => page.bits_per_sample = first()? as u16,
                266 => page.fill_order = first()? as u16,
                277 => page.samples_per_pixel = first()? as u16,
                278 => page.rows_per_strip = Some(first()? as u32),
                284 => page.planar = first()? as u16,
                317 => page.predictor = first()? as u16,
                347 => page.jpeg_tables = r.undefined(entry)?,
                273 => offsets = r.values(entry)?,
                279 => counts = r.values(entry)?,
                _ => {}
            }
        }
        if page.width == 0 || page.height == 0 {
            return Err(TiffError::Damaged("a page has no width or height"));
        }
        page.strips = offsets.into_iter().zip(counts).collect();
        if page
            .strips
            .iter()
            .chain(page.jpeg_tables.iter())
            .any(|&(off, len)| off.saturating_add(len) > bytes.len() as u64)
        {
            return Err(TiffError::Damaged(
                "image data ends beyond the end of the file: it is truncated",
            ));
        }
        out.push(page);
        next = r.u32(next + 2 + n * 12)? as u64;
    }
    if out.is_empty() {
        return Err(TiffError::Damaged("no pages"));
    }
    Ok(out)
}

impl TiffPage {
    /// The CCITT G4 data of a single-strip, MSB-first G4 page, as stored, with `BlackIs1`.
    pub fn g4_data<'a>(&self, bytes: &'a [u8]) -> Option<(&'a [u8], bool)> {
        if self.compression != COMPRESSION_G4 || self.fill_order != 1 || self.strips.len() != 1 {
            return None;
        }
        let (off, len) = self.strips[0];
        let data = bytes.get(usize::try_from(off).ok()?..usize::try_from(off + len).ok()?)?;
        // Photometric 0 (WhiteIsZero): a 1 bit is black.
        Some((data, self.photometric == 0))
    }

    /// The zlib stream of a single-strip Deflate page of 8-bit grey or RGB rows without a
    /// predictor (what [`wrap_deflate`] writes): the pixels a PDF's plain Flate image holds.
    pub fn deflate_data<'a>(&self, bytes: &'a [u8]) -> Option<&'a [u8]> {
        let grey = self.samples_per_pixel == 1 && self.photometric == 1;
        let rgb = self.samples_per_pixel == 3 && self.photometric == 2;
        if !matches!(self.compression, COMPRESSION_DEFLATE | 32946)
            || self.strips.len() != 1
            || self.planar != 1
            || self.predictor != 1
            || self.bits_per_sample != 8
            || !(grey || rgb)
        {
            return None;
        }
        let (off, len) = self.strips[0];
        bytes.get(usize::try_from(off).ok()?..usize::try_from(off.checked_add(len)?).ok()?)
    }

    /// The page as one standalone JPEG file, for a JPEG page (8-bit grey, RGB or YCbCr, in one
    /// or many strips; see [`crate::tiff_jpeg`]). An RGB page gets an Adobe marker saying its
    /// samples are not YCbCr (what TIFF's photometric tag said). The compressed data is not
    /// touched, so the PDF shows exactly the pixels the scanner stored.
    pub fn jpeg_data(&self, bytes: &[u8]) -> Option<Vec<u8>> {
        let grey = self.samples_per_pixel == 1 && self.photometric == 1;
        let colour = self.samples_per_pixel == 3 && matches!(self.photometric, 2 | 6);
        if self.compression != COMPRESSION_JPEG
            || self.strips.is_empty()
            || self.planar != 1
            || self.bits_per_sample != 8
            || !(grey || colour)
        {
            return None;
        }
        let slice = |(off, len): (u64, u64)| {
            bytes.get(usize::try_from(off).ok()?..usize::try_from(off.checked_add(len)?).ok()?)
        };
        let strips: Vec<&[u8]> = self
            .strips
            .iter()
            .map(|&s| slice(s))
            .collect::<Option<_>>()?;
        let tables = match self.jpeg_tables {
            Some(t) => Some(slice(t)?),
            None => None,
        };
        crate::tiff_jpeg::join_strips(
            &strips,
            tables,
            self.width,
            self.height,
            self.rows_per_strip.unwrap_or(self.height),
            self.photometric == 2,
        )
    }
}

/// Wraps raw CCITT G4 data into a minimal single-page TIFF file (little endian), so that a scan
/// taken out of a PDF can be stored and viewed as the image file it is, bit for bit.
pub fn wrap_g4(data: &[u8], width: u32, height: u32, black_is_1: bool, dpi: (f32, f32)) -> Vec<u8> {
    let photometric = if black_is_1 { 0 } else { 1 };
    wrap_strip(
        data,
        (width, height),
        (1, 1),
        COMPRESSION_G4,
        photometric,
        dpi,
    )
}

/// Wraps a zlib stream of 8-bit grey (`samples` 1) or RGB (3) rows without predictor, such as
/// a PDF's plain `/FlateDecode` image, into a single-page TIFF with Deflate compression: the
/// data is stored as it came, not decompressed and compressed again.
pub fn wrap_deflate(
    data: &[u8],
    width: u32,
    height: u32,
    samples: u16,
    dpi: (f32, f32),
) -> Vec<u8> {
    let photometric = if samples == 3 { 2 } else { 1 };
    wrap_strip(
        data,
        (width, height),
        (samples, 8),
        COMPRESSION_DEFLATE,
        photometric,
        dpi,
    )
}

/// A minimal single-page, single-strip TIFF file (little endian) around compressed `data`.
fn wrap_strip(
    data: &[u8],
    (width, height): (u32, u32),
    (samples, bits): (u16, u16),
    compression: u16,
    photometric: u16,
    dpi: (f32, f32),
) -> Vec<u8> {
    const ENTRIES: u16 = 11;
    let ifd_at = 8u32;
    let extra_at = ifd_at + 2 + ENTRIES as u32 * 12 + 4;
    // Resolutions (two rationals), then BitsPerSample when it has more than two values.
    let bits_at = extra_at + 16;
    let data_at = bits_at + if samples > 2 { 2 * samples as u32 } else { 0 };
    let mut out = Vec::with_capacity(data_at as usize + data.len());
    out.extend_from_slice(b"II*\0");
    out.extend_from_slice(&ifd_at.to_le_bytes());
    out.extend_from_slice(&ENTRIES.to_le_bytes());
    let mut entry = |tag: u16, typ: u16, value: u32, count: u32| {
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&typ.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&value.to_le_bytes());
    };
    entry(256, 4, width, 1);
    entry(257, 4, height, 1);
    match samples {
        1 => entry(258, 3, u32::from(bits), 1),
        2 => entry(258, 3, u32::from(bits) * 0x1_0001, 2),
        n => entry(258, 3, bits_at, u32::from(n)),
    }
    entry(259, 3, u32::from(compression), 1);
    entry(262, 3, u32::from(photometric), 1);
    entry(273, 4, data_at, 1);
    entry(277, 3, u32::from(samples), 1);
    entry(278, 4, height, 1);
    entry(279, 4, data.len() as u32, 1);
    entry(282, 5, extra_at, 1);
    entry(283, 5, extra_at + 8, 1);
    out.extend_from_slice(&0u32.to_le_bytes());
    for d in [dpi.0, dpi.1] {
        out.extend_from_slice(&((d * 100.0).round() as u32).to_le_bytes());
        out.extend_from_slice(&100u32.to_le_bytes());
    }
    if samples > 2 {
        for _ in 0..samples {
            out.extend_from_slice(&bits.to_le_bytes());
        }
    }
    out.extend_from_slice(data);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::{Image, PixelKind};
    use leptonica_sys as lept;

    #[test]
    fn g4_pages_pass_through_and_wrap_back() {
        let bits: Vec<u8> = (0..(8 * 40))
            .map(|i| if (i / 8) % 5 == 0 { 0xFF } else { 0x18 })
            .collect();
        let img = Image::from_pixels(PixelKind::Bilevel, 64, 40, &bits).unwrap();
        let (tif, _) = img.encode_lossless().unwrap();
        let pages = pages(&tif).unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!((pages[0].width, pages[0].height), (64, 40));
        let (g4, black_is_1) = pages[0].g4_data(&tif).expect("single-strip G4");
        let wrapped = wrap_g4(g4, 64, 40, black_is_1, (300.0, 300.0));
        let back = Image::decode(&wrapped).unwrap();
        assert_eq!(back.to_pdf_pixels().unwrap(), (PixelKind::Bilevel, bits));
        assert_eq!(back.resolution(), Some((300, 300)));
    }

    /// Decodes `a` and `b` and tells whether they hold the same pixels.
    fn same_pixels(a: &[u8], b: &[u8]) -> bool {
        let (a, b) = (Image::decode(a).unwrap(), Image::decode(b).unwrap());
        a.to_pdf_pixels().unwrap() == b.to_pdf_pixels().unwrap()
    }

    #[test]
    fn jpeg_pages_become_standalone_jpeg_files_with_the_same_pixels() {
        let (w, h) = (96u32, 64u32);
        let grey: Vec<u8> = (0..w * h).map(|i| ((i % w) * 2 + (i / w)) as u8).collect();
        let rgb: Vec<u8> = (0..w * h)
            .flat_map(|i| [(i % w * 2) as u8, (i / w * 3) as u8, 200 - (i % 50) as u8])
            .collect();
        for (kind, pixels) in [(PixelKind::Gray8, grey), (PixelKind::Rgb8, rgb)] {
            let img = Image::from_pixels(kind, w, h, &pixels).unwrap();
            let tif = img.encode(lept::IFF_TIFF_JPEG as i32).unwrap();
            let page = &pages(&tif).unwrap()[0];
            assert_eq!(page.compression, COMPRESSION_JPEG, "{kind:?}");
            let jpeg = page.jpeg_data(&tif).expect("single-strip JPEG page");
            assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);
            assert_eq!(crate::probe_header(&jpeg).map(|p| (p.0, p.1)), Some((w, h)));
            assert!(same_pixels(&jpeg, &tif), "{kind:?}: pixels differ");
        }
    }

    #[test]
    fn an_rgb_jpeg_page_keeps_its_colours() {
        // The archive's scanners write RGB (not YCbCr) JPEG TIFFs; the real corpus has some.
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/corpus/ocrd-assets-kant/kant1784_0017.tif");
        let Ok(tif) = std::fs::read(&corpus) else {
            eprintln!(
                "skipped: {} is not here (optional corpus)",
                corpus.display()
            );
            return;
        };
        let page = &pages(&tif).unwrap()[0];
        assert_eq!((page.compression, page.photometric), (COMPRESSION_JPEG, 2));
        let jpeg = page.jpeg_data(&tif).expect("single-strip JPEG page");
        assert!(same_pixels(&jpeg, &tif));
        // libjpeg guesses RGB from the component ids, but a PDF reader follows DCTDecode's
        // ColorTransform, which for three components means YCbCr unless an Adobe marker says 0.
        let adobe = jpeg.windows(4).position(|w| w == [0xFF, 0xEE, 0x00, 0x0E]);
        let adobe = adobe.expect("an Adobe APP14 marker");
        assert_eq!(&jpeg[adobe + 4..adobe + 9], b"Adobe");
        assert_eq!(jpeg[adobe + 15], 0, "transform 0: the samples are RGB");
    }

    #[test]
    fn jpeg_strips_join_into_one_jpeg_with_the_same_pixels() {
        for (name, tif) in [
            (
                "rgb",
                &include_bytes!("../tests/data/jpeg-strips-rgb.tif")[..],
            ),
            (
                "grey",
                &include_bytes!("../tests/data/jpeg-strips-grey.tif")[..],
            ),
        ] {
            let page = &pages(tif).unwrap()[0];
            assert_eq!(page.strips.len(), 6, "{name}: 90 rows in strips of 16");
            let jpeg = page.jpeg_data(tif).expect("a JPEG of the joined strips");
            assert_eq!(
                crate::probe_header(&jpeg).map(|p| (p.0, p.1)),
                Some((118, 90))
            );
            assert!(same_pixels(&jpeg, tif), "{name}: pixels differ");
        }
    }

    #[test]
    fn deflate_data_is_wrapped_and_found_again_unchanged() {
        let (w, h) = (23u32, 9u32);
        let rgb: Vec<u8> = (0..w * h * 3).map(|i| (i * 5 % 241) as u8).collect();
        let zlib = miniz_oxide::deflate::compress_to_vec_zlib(&rgb, 6);
        let tif = wrap_deflate(&zlib, w, h, 3, (200.0, 200.0));
        let page = &pages(&tif).unwrap()[0];
        assert_eq!(page.deflate_data(&tif), Some(&zlib[..]));
        let back = Image::decode(&tif).unwrap();
        assert_eq!(back.to_pdf_pixels().unwrap(), (PixelKind::Rgb8, rgb));
        assert_eq!(back.resolution(), Some((200, 200)));
        let grey = wrap_deflate(
            &miniz_oxide::deflate::compress_to_vec_zlib(&[0u8; 16], 6),
            4,
            4,
            1,
            (300.0, 300.0),
        );
        let back = Image::decode(&grey).unwrap();
        assert_eq!(
            back.to_pdf_pixels().unwrap(),
            (PixelKind::Gray8, vec![0u8; 16])
        );
    }

    #[test]
    fn other_compressions_have_no_jpeg_data() {
        let img = Image::from_pixels(PixelKind::Gray8, 8, 8, &[7; 64]).unwrap();
        let (png, _) = img.encode_lossless().unwrap();
        assert!(pages(&png).is_err());
        let tif = img.encode(lept::IFF_TIFF_LZW as i32).unwrap();
        assert_eq!(pages(&tif).unwrap()[0].jpeg_data(&tif), None);
    }

    #[test]
    fn damaged_structures_are_errors() {
        assert_eq!(pages(b"GIF89a"), Err(TiffError::NotTiff));
        assert!(matches!(
            pages(b"II*\0\x08\0\0\0\x05"),
            Err(TiffError::Damaged(_))
        ));
        // A directory that points to itself.
        let mut looped = b"II*\0\x08\0\0\0".to_vec();
        looped.extend_from_slice(&[0, 0, 8, 0, 0, 0]);
        assert!(matches!(pages(&looped), Err(TiffError::Damaged(_))));
    }
}
