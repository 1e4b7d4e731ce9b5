//! Prepares a scanned page for recognition: the paper's uneven tone flattened, so that
//! Tesseract's one global threshold fits the whole page.
//!
//! Book scans show the dark scanner lid or cradle around the page, and old paper is browned,
//! shaded towards the gutter or stained. Tesseract binarises with one Otsu threshold for the
//! whole image: a dark surround or a shaded gutter pulls that threshold away from the paper's
//! and the text on it, and whole lines vanish (on two pages of the benchmark corpus, half of the
//! text). Leptonica's background normalisation maps the paper's tone, measured tile by tile, to
//! one level first. Only the image handed to Tesseract changes; the stored image and the
//! archival PDF keep the scanner's pixels.

use crate::image::{Image, ImageError};

/// Pixels darker than this are ink (or surround) when the paper's tone is measured.
const INK_LEVEL: u8 = 120;
/// The level the paper is mapped to (Leptonica's recommended value: text keeps its contrast).
const PAPER_LEVEL: u8 = 200;

impl Image {
    /// A grey version of a grey or colour page with the paper's tone flattened; a
    /// black-and-white page is returned as it is (it has no tone to flatten).
    pub fn flattened_for_ocr(self, dpi: u32) -> Result<Image, ImageError> {
        if self.depth() == 1 && !self.has_colormap() {
            return Ok(self);
        }
        let gray = self.to_gray8()?;
        // Tiles of a quarter inch measure the paper between the lines of text.
        let tile = (dpi / 4).clamp(16, 200);
        gray.background_normalised(tile, INK_LEVEL, tile * tile / 4, PAPER_LEVEL)
    }
}

#[cfg(test)]
mod tests {
    use crate::image::{Image, PixelKind};

    /// A 600 × 300 grey page at 150 dpi whose paper darkens from 240 on the left to 130 on the
    /// right (a shaded gutter), with 4 × 20 px strokes of ink every 40 px, each 100 levels darker
    /// than the paper around it.
    fn shaded_page() -> Image {
        let (w, h) = (600u32, 300u32);
        let mut data = Vec::with_capacity((w * h) as usize);
        for y in 0..h {
            for x in 0..w {
                let paper = 240 - (x * 110 / w) as i32;
                let ink = x % 40 < 4 && (140..160).contains(&y);
                data.push(if ink { paper - 100 } else { paper } as u8);
            }
        }
        Image::from_pixels(PixelKind::Gray8, w, h, &data).unwrap()
    }

    fn pixel(img: &Image, x: u32, y: u32) -> u8 {
        img.crop(x, y, 1, 1).unwrap().to_pdf_pixels().unwrap().1[0]
    }

    #[test]
    fn shaded_paper_becomes_even_and_the_ink_stays_dark() {
        let page = shaded_page();
        // Before: no single threshold separates ink from paper (the shaded paper on the right
        // is darker than the ink on the left).
        assert!(pixel(&page, 590, 50) < pixel(&page, 1, 150));
        let flat = page.flattened_for_ocr(150).unwrap();
        assert_eq!((flat.width(), flat.height(), flat.depth()), (600, 300, 8));
        let (left, right) = (pixel(&flat, 20, 50) as i32, pixel(&flat, 580, 50) as i32);
        assert!(
            (left - right).abs() <= 12,
            "paper {left} on the left, {right} on the right"
        );
        for x in [1, 281, 561] {
            let ink = pixel(&flat, x, 150) as i32;
            assert!(
                ink + 60 < left.min(right),
                "ink at x={x} is {ink}, paper {left}/{right}"
            );
        }
    }

    #[test]
    fn black_and_white_pages_are_left_as_they_are() {
        let data = vec![0b1010_1010u8; 10 * 20];
        let page = Image::from_pixels(PixelKind::Bilevel, 80, 20, &data).unwrap();
        let flat = page.flattened_for_ocr(300).unwrap();
        assert_eq!(flat.depth(), 1);
        assert_eq!(flat.to_pdf_pixels().unwrap().1, data);
    }
}
