//! End-to-end checks of written PDF/A files with the tools a user would reach for: poppler's
//! `pdfimages`, `pdftotext`, `pdfinfo` and `pdftoppm`, and pikepdf's PDF/A validator.

use std::path::{Path, PathBuf};
use std::process::Command;

use aktenscan_model::{BBox, Block, Line, Orientation, PageText, Word};
use aktenscan_pdfa::{
    read_tessdata_font, write_pdfa, DocumentInfo, Error, PageImage, PdfPage, PdfaWriter, PixelKind,
};

const TESSDATA: &str = "/usr/share/tesseract-ocr/5/tessdata";

fn font() -> Vec<u8> {
    let dir =
        std::env::var_os("TESSDATA_PREFIX").map_or_else(|| PathBuf::from(TESSDATA), PathBuf::from);
    read_tessdata_font(&dir).expect("Tesseract's pdf.ttf (Debian package tesseract-ocr)")
}

fn info() -> DocumentInfo {
    DocumentInfo {
        title: "Bauakte Gartenstraße 5 <1978>".into(),
        subject: Some("Baugenehmigung".into()),
        author: Some("Stadt Musterhausen, Bauamt".into()),
        keywords: vec!["Bauakte".into(), "Gartenstraße".into()],
        created: time::macros::datetime!(2024-05-06 07:08:09 +02:00),
        producer: "Aktenscan test".into(),
    }
}

/// Runs a poppler tool and returns its standard output.
fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (Debian package poppler-utils) cannot run: {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// `qpdf --check`, if qpdf is installed.
fn qpdf_check(pdf: &Path) {
    match Command::new("qpdf").arg("--check").arg(pdf).output() {
        Ok(out) => assert!(
            out.status.success(),
            "qpdf --check: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => eprintln!("skipped qpdf --check: qpdf is not installed"),
    }
}

/// `pdfinfo` of pages 1 to `last`, with runs of spaces squeezed to one.
fn pdfinfo(pdf: &Path, last: usize) -> String {
    let out = run(
        "pdfinfo",
        &["-f", "1", "-l", &last.to_string(), path_str(pdf)],
    );
    out.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ") + "\n")
        .collect()
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn write(path: &Path, pages: &[PdfPage]) {
    write_pdfa(path, info(), &font(), |w| {
        pages.iter().try_for_each(|p| w.add_page(p))
    })
    .expect("write PDF/A");
}

fn jpeg(width: u16, height: u16, color: jpeg_encoder::ColorType) -> PageImage {
    let channels = match color {
        jpeg_encoder::ColorType::Luma => 1,
        jpeg_encoder::ColorType::Cmyk => 4,
        _ => 3,
    };
    let pixels: Vec<u8> = (0..usize::from(width) * usize::from(height) * channels)
        .map(|i| (i % 251) as u8)
        .collect();
    let mut data = Vec::new();
    jpeg_encoder::Encoder::new(&mut data, 85)
        .encode(&pixels, width, height, color)
        .expect("encode JPEG");
    PageImage::jpeg(data).expect("JPEG header")
}

/// Left half black, right half white, as packed bits (1 = black).
fn half_black_bits(width: u32, height: u32) -> Vec<u8> {
    let row_bytes = width.div_ceil(8) as usize;
    let mut bits = vec![0u8; row_bytes * height as usize];
    for row in bits.chunks_mut(row_bytes) {
        // 1 = black: the left half.
        for x in 0..width / 2 {
            row[(x / 8) as usize] |= 0x80 >> (x % 8);
        }
    }
    bits
}

fn ccitt_g4(width: u32, height: u32) -> PageImage {
    let mut encoder = fax::encoder::Encoder::new(fax::VecWriter::new());
    for _ in 0..height {
        let line = (0..width).map(|x| {
            if x < width / 2 {
                fax::Color::Black
            } else {
                fax::Color::White
            }
        });
        encoder
            .encode_line(line, width as u16)
            .expect("encode line");
    }
    PageImage::CcittG4 {
        data: encoder.finish().expect("finish G4").finish(),
        width,
        height,
        black_is_1: false,
    }
}

/// JBIG2 global segments: just an end-of-file segment.
const JBIG2_GLOBALS: [u8; 11] = [0, 0, 0, 9, 51, 0, 0, 0, 0, 0, 0];

/// An embedded JBIG2 stream of an empty (white) page: page information and end of page.
fn jbig2_blank(width: u32, height: u32, globals: Option<Vec<u8>>) -> PageImage {
    let mut data = vec![0, 0, 0, 0, 48, 0, 1, 0, 0, 0, 19];
    data.extend_from_slice(&width.to_be_bytes());
    data.extend_from_slice(&height.to_be_bytes());
    data.extend_from_slice(&[0; 11]);
    data.extend_from_slice(&[0, 0, 0, 1, 49, 0, 1, 0, 0, 0, 0]);
    PageImage::Jbig2 {
        data,
        globals,
        width,
        height,
    }
}

fn page(image: &PageImage, dpi: f32) -> PdfPage<'_> {
    PdfPage {
        image,
        dpi_x: dpi,
        dpi_y: dpi,
        orientation: Orientation::Upright,
        text: None,
    }
}

/// Grey level (0 black … 255 white) of a rendered page at a fraction of its width and height.
fn rendered_grey(pdf: &Path, page: usize, fx: f32, fy: f32) -> u8 {
    let dir = pdf.parent().expect("dir");
    let root = dir.join(format!("render{page}"));
    let n = page.to_string();
    run(
        "pdftoppm",
        &[
            "-gray",
            "-r",
            "36",
            "-f",
            &n,
            "-l",
            &n,
            "-singlefile",
            path_str(pdf),
            path_str(&root),
        ],
    );
    let pgm = std::fs::read(root.with_extension("pgm")).expect("rendered page");
    // P5 header: magic, width, height, maxval, each followed by whitespace.
    let mut fields = pgm
        .split(|b| b.is_ascii_whitespace())
        .filter(|f| !f.is_empty());
    let mut num = || -> usize {
        std::str::from_utf8(fields.next().expect("header field"))
            .expect("ASCII")
            .parse()
            .unwrap_or(0)
    };
    let (_, w, h, _) = (num(), num(), num(), num());
    let pixels = &pgm[pgm.len() - w * h..];
    pixels[(fy * h as f32) as usize * w + (fx * w as f32) as usize]
}

#[test]
fn images_are_passed_through_unchanged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("images.pdf");
    let rgb_jpeg = jpeg(120, 80, jpeg_encoder::ColorType::Rgb);
    let grey_jpeg = jpeg(64, 96, jpeg_encoder::ColorType::Luma);
    let g4 = ccitt_g4(200, 100);
    let jbig2 = jbig2_blank(160, 120, Some(JBIG2_GLOBALS.to_vec()));
    let jbig2_same_globals = jbig2_blank(80, 60, Some(JBIG2_GLOBALS.to_vec()));
    let grey = PageImage::Raw {
        pixels: (0..90 * 60).map(|i| (i % 256) as u8).collect(),
        width: 90,
        height: 60,
        kind: PixelKind::Gray8,
    };
    let rgb = PageImage::Raw {
        pixels: (0..50 * 40 * 3).map(|i| (i % 256) as u8).collect(),
        width: 50,
        height: 40,
        kind: PixelKind::Rgb8,
    };
    let bilevel = PageImage::Raw {
        pixels: half_black_bits(203, 100),
        width: 203,
        height: 100,
        kind: PixelKind::Bilevel,
    };
    let mut grey_page = page(&grey, 300.0);
    grey_page.dpi_y = 150.0;
    write(
        &pdf,
        &[
            page(&rgb_jpeg, 150.0),
            page(&grey_jpeg, 96.0),
            page(&g4, 200.0),
            page(&jbig2, 300.0),
            grey_page,
            page(&rgb, 72.0),
            page(&bilevel, 200.0),
            page(&jbig2_same_globals, 300.0),
        ],
    );

    qpdf_check(&pdf);
    let list = run("pdfimages", &["-list", path_str(&pdf)]);
    let rows: Vec<Vec<&str>> = list
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    let expected = [
        ("120", "80", "rgb", "8", "jpeg", "150"),
        ("64", "96", "gray", "8", "jpeg", "96"),
        ("200", "100", "gray", "1", "ccitt", "200"),
        ("160", "120", "gray", "1", "jbig2", "300"),
        ("90", "60", "gray", "8", "image", "300"),
        ("50", "40", "rgb", "8", "image", "72"),
        ("203", "100", "gray", "1", "image", "200"),
        ("80", "60", "gray", "1", "jbig2", "300"),
    ];
    assert_eq!(rows.len(), expected.len(), "{list}");
    for (i, (row, want)) in rows.iter().zip(expected).enumerate() {
        let got = (row[3], row[4], row[5], row[7], row[8], row[12]);
        assert_eq!(got, want, "page {}: {list}", i + 1);
    }
    assert_eq!(rows[4][13], "150", "vertical resolution of page 5: {list}");

    // The encoded streams inside the PDF are the input bytes.
    let root = dir.path().join("img");
    run("pdfimages", &["-all", path_str(&pdf), path_str(&root)]);
    let extracted = |n: usize, ext: &str| {
        std::fs::read(dir.path().join(format!("img-{n:03}.{ext}"))).expect("extracted image")
    };
    let data = |image: &PageImage| match image {
        PageImage::Jpeg { data, .. }
        | PageImage::CcittG4 { data, .. }
        | PageImage::Jbig2 { data, .. } => data.clone(),
        PageImage::Raw { .. } | PageImage::Flate { .. } => unreachable!(),
    };
    assert_eq!(extracted(0, "jpg"), data(&rgb_jpeg));
    assert_eq!(extracted(1, "jpg"), data(&grey_jpeg));
    assert_eq!(extracted(2, "ccitt"), data(&g4));
    assert_eq!(extracted(3, "jb2e"), data(&jbig2));
    assert_eq!(extracted(3, "jb2g"), JBIG2_GLOBALS);
    assert_eq!(extracted(7, "jb2g"), JBIG2_GLOBALS);
    // Both JBIG2 pages share one globals stream.
    let bytes = std::fs::read(&pdf).expect("read PDF");
    let globals_refs: Vec<&[u8]> = bytes
        .windows(14)
        .filter(|w| w.starts_with(b"/JBIG2Globals "))
        .collect();
    assert_eq!(globals_refs.len(), 2);
    assert_eq!(globals_refs[0], globals_refs[1]);

    // Black stays black: the left half of the G4 and the bilevel page renders dark.
    for page in [3, 7] {
        assert!(
            rendered_grey(&pdf, page, 0.25, 0.5) < 64,
            "page {page} left half"
        );
        assert!(
            rendered_grey(&pdf, page, 0.75, 0.5) > 192,
            "page {page} right half"
        );
    }
    assert!(
        rendered_grey(&pdf, 4, 0.5, 0.5) > 192,
        "blank JBIG2 page is white"
    );

    let pdfinfo = pdfinfo(&pdf, 5);
    for line in [
        "Page 5 size: 21.6 x 28.8 pts",
        "Title: Bauakte Gartenstraße 5 <1978>",
        "Pages: 8",
    ] {
        assert!(pdfinfo.contains(line), "{line} missing in {pdfinfo}");
    }
}

/// Upright page size in pixels of the text test pages, and their resolution.
const UPRIGHT: (u32, u32) = (1000, 800);
const DPI: f32 = 200.0;

/// The words of the text test pages, by block and line, with their boxes on the upright page.
fn upright_layout() -> Vec<Vec<Vec<(&'static str, BBox)>>> {
    vec![
        vec![
            vec![
                ("Größe", BBox::new(100, 100, 150, 40)),
                ("Maße", BBox::new(270, 100, 120, 40)),
                ("<&>\"'", BBox::new(410, 100, 100, 40)),
            ],
            vec![
                ("Straße", BBox::new(100, 200, 170, 44)),
                ("😀", BBox::new(290, 204, 40, 40)),
                ("Ende.", BBox::new(350, 200, 120, 40)),
            ],
            // Touching boxes must still come out as two words.
            vec![
                ("Az.", BBox::new(100, 300, 60, 30)),
                ("12/3", BBox::new(160, 300, 80, 30)),
            ],
        ],
        vec![vec![
            ("Zweiter", BBox::new(600, 500, 180, 40)),
            ("Absatz", BBox::new(800, 500, 150, 40)),
        ]],
    ]
}

/// A box on the upright page, as it lies in the stored image of the given orientation.
fn to_stored(b: BBox, orientation: Orientation) -> BBox {
    let (w, h) = UPRIGHT;
    match orientation {
        Orientation::Upright => b,
        Orientation::Cw90 => BBox::new(b.y, w - b.x - b.w, b.h, b.w),
        Orientation::Cw180 => BBox::new(w - b.x - b.w, h - b.y - b.h, b.w, b.h),
        Orientation::Cw270 => BBox::new(h - b.y - b.h, b.x, b.h, b.w),
    }
}

fn stored_size(orientation: Orientation) -> (u32, u32) {
    match orientation {
        Orientation::Upright | Orientation::Cw180 => UPRIGHT,
        Orientation::Cw90 | Orientation::Cw270 => (UPRIGHT.1, UPRIGHT.0),
    }
}

fn page_text(orientation: Orientation) -> PageText {
    let (width, height) = stored_size(orientation);
    let blocks = upright_layout()
        .into_iter()
        .map(|lines| {
            let lines: Vec<Line> = lines
                .into_iter()
                .map(|words| {
                    let words: Vec<Word> = words
                        .into_iter()
                        .map(|(text, b)| Word {
                            text: text.into(),
                            bbox: to_stored(b, orientation),
                            confidence: 0.9,
                        })
                        .collect();
                    let bbox = words
                        .iter()
                        .fold(BBox::default(), |acc, w| acc.union(&w.bbox));
                    Line { bbox, words }
                })
                .collect();
            let bbox = lines
                .iter()
                .fold(BBox::default(), |acc, l| acc.union(&l.bbox));
            Block { bbox, lines }
        })
        .collect();
    PageText {
        width,
        height,
        blocks,
    }
}

const ORIENTATIONS: [Orientation; 4] = [
    Orientation::Upright,
    Orientation::Cw180,
    Orientation::Cw90,
    Orientation::Cw270,
];

fn text_document(path: &Path) {
    let images: Vec<PageImage> = ORIENTATIONS
        .iter()
        .map(|&o| {
            let (width, height) = stored_size(o);
            PageImage::Raw {
                pixels: vec![255; (width * height) as usize],
                width,
                height,
                kind: PixelKind::Gray8,
            }
        })
        .collect();
    let texts: Vec<PageText> = ORIENTATIONS.iter().map(|&o| page_text(o)).collect();
    let pages: Vec<PdfPage> = ORIENTATIONS
        .iter()
        .zip(&images)
        .zip(&texts)
        .map(|((&orientation, image), text)| PdfPage {
            image,
            dpi_x: DPI,
            dpi_y: DPI,
            orientation,
            text: Some(text),
        })
        .collect();
    write(path, &pages);
}

#[test]
fn text_layer_reads_back_in_reading_order_on_turned_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("text.pdf");
    text_document(&pdf);
    qpdf_check(&pdf);
    let expected_lines: Vec<String> = upright_layout()
        .iter()
        .flatten()
        .map(|line| line.iter().map(|(w, _)| *w).collect::<Vec<_>>().join(" "))
        .collect();
    let pdfinfo = pdfinfo(&pdf, 4);
    for (i, orientation) in ORIENTATIONS.iter().enumerate() {
        let n = (i + 1).to_string();
        let rot = format!("Page {n} rot: {}", orientation.degrees());
        assert!(pdfinfo.contains(&rot), "{rot} missing in {pdfinfo}");

        let text = run("pdftotext", &["-f", &n, "-l", &n, path_str(&pdf), "-"]);
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(
            lines, expected_lines,
            "page {n} ({orientation:?}): {text:?}"
        );
    }
}

#[test]
fn words_lie_on_their_boxes_as_the_reader_sees_the_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("boxes.pdf");
    text_document(&pdf);
    let px_to_pt = 72.0 / DPI;
    for (i, orientation) in ORIENTATIONS.iter().enumerate() {
        let n = (i + 1).to_string();
        let html = run(
            "pdftotext",
            &["-bbox", "-f", &n, "-l", &n, path_str(&pdf), "-"],
        );
        let words: Vec<[f32; 4]> = html
            .lines()
            .filter_map(|l| l.trim().strip_prefix("<word "))
            .map(|l| {
                let attr = |name: &str| -> f32 {
                    let start = l.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
                    l[start..]
                        .split('"')
                        .next()
                        .and_then(|v| v.parse().ok())
                        .expect("number")
                };
                [attr("xMin"), attr("yMin"), attr("xMax"), attr("yMax")]
            })
            .collect();
        let boxes: Vec<BBox> = upright_layout()
            .into_iter()
            .flatten()
            .flatten()
            .map(|(_, b)| b)
            .collect();
        assert_eq!(words.len(), boxes.len(), "page {n}: {html}");
        for (got, b) in words.iter().zip(&boxes) {
            let want = [b.x, b.y, b.x + b.w, b.y + b.h].map(|v| v as f32 * px_to_pt);
            // Horizontally the word fills its box, less a small gap where the next word
            // touches it; vertically it spans its line's box.
            let line_height = got[3] - got[1];
            let ok = (got[0] - want[0]).abs() < 0.5
                && got[2] <= want[2] + 0.5
                && got[2] >= want[2] - 0.1 * line_height - 0.5
                && got[1] <= want[1] + 0.5
                && got[3] >= want[3] - 0.5
                && line_height < 20.0;
            assert!(ok, "page {n} ({orientation:?}): {got:?} vs {want:?}");
        }
    }
}

/// 8-bit RGB test pixels: a colour gradient.
fn gradient(width: u32, height: u32) -> Vec<u8> {
    (0..width * height)
        .flat_map(|i| {
            let (x, y) = (i % width, i / width);
            [(x * 5) as u8, (y * 6) as u8, (200 + x + y) as u8]
        })
        .collect()
}

/// `pixels` (RGB rows) compressed as a PNG's image data, every row with the Up filter.
fn png_predicted(pixels: &[u8], width: u32) -> Vec<u8> {
    let row = 3 * width as usize;
    let mut filtered = Vec::new();
    for (i, line) in pixels.chunks(row).enumerate() {
        filtered.push(2);
        for (j, &b) in line.iter().enumerate() {
            let up = if i == 0 { 0 } else { pixels[(i - 1) * row + j] };
            filtered.push(b.wrapping_sub(up));
        }
    }
    miniz_oxide::deflate::compress_to_vec_zlib(&filtered, 6)
}

/// The pixels of page image `n` as `pdfimages` decodes them (a binary PPM).
fn extracted_rgb(pdf: &Path, n: usize) -> Vec<u8> {
    let root = pdf.with_file_name(format!("flate{n}"));
    let page = n.to_string();
    run(
        "pdfimages",
        &["-f", &page, "-l", &page, path_str(pdf), path_str(&root)],
    );
    let ppm = std::fs::read(root.with_file_name(format!("flate{n}-000.ppm"))).expect("ppm");
    // P6 header: magic, width, height, maxval, then one whitespace byte and the pixels.
    let mut ends = 0;
    let start = ppm
        .iter()
        .position(|&b| {
            ends += usize::from(b == b'\n');
            ends == 3
        })
        .expect("PPM header");
    ppm[start + 1..].to_vec()
}

#[test]
fn flate_data_passes_through_with_and_without_png_predictors() {
    let (w, h) = (50u32, 40u32);
    let pixels = gradient(w, h);
    let predicted = PageImage::Flate {
        data: png_predicted(&pixels, w),
        width: w,
        height: h,
        kind: PixelKind::Rgb8,
        png_predictors: true,
    };
    let plain_data = miniz_oxide::deflate::compress_to_vec_zlib(&pixels, 6);
    let plain = PageImage::Flate {
        data: plain_data.clone(),
        width: w,
        height: h,
        kind: PixelKind::Rgb8,
        png_predictors: false,
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("flate.pdf");
    write(&pdf, &[page(&predicted, 72.0), page(&plain, 72.0)]);
    qpdf_check(&pdf);
    assert_eq!(extracted_rgb(&pdf, 1), pixels, "PNG-predicted page");
    assert_eq!(extracted_rgb(&pdf, 2), pixels, "plain page");
    // The stream is the given data, byte for byte.
    let bytes = std::fs::read(&pdf).expect("read PDF");
    assert!(bytes.windows(plain_data.len()).any(|w| w == plain_data));
    assert!(bytes.windows(12).any(|w| w == b"/Predictor 1"));
}

#[test]
fn passes_pikepdf_pdfa_2b_validation() {
    let Some(python) = std::env::var_os("AKTENSCAN_PYTHON") else {
        eprintln!(
            "skipped: set AKTENSCAN_PYTHON to a Python with pikepdf[pdfa] to validate PDF/A-2b"
        );
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let text_pdf = dir.path().join("text.pdf");
    text_document(&text_pdf);
    let images_pdf = dir.path().join("images.pdf");
    let rgb_jpeg = jpeg(120, 80, jpeg_encoder::ColorType::Rgb);
    let g4 = ccitt_g4(200, 100);
    let jbig2 = jbig2_blank(160, 120, Some(JBIG2_GLOBALS.to_vec()));
    let text = page_text(Orientation::Upright);
    let bilevel = PageImage::Raw {
        pixels: half_black_bits(UPRIGHT.0, UPRIGHT.1),
        width: UPRIGHT.0,
        height: UPRIGHT.1,
        kind: PixelKind::Bilevel,
    };
    let mut with_text = page(&bilevel, DPI);
    with_text.text = Some(&text);
    let (w, h) = (50u32, 40u32);
    let flate = PageImage::Flate {
        data: png_predicted(&gradient(w, h), w),
        width: w,
        height: h,
        kind: PixelKind::Rgb8,
        png_predictors: true,
    };
    write(
        &images_pdf,
        &[
            page(&flate, 72.0),
            page(&rgb_jpeg, 150.0),
            page(&g4, 200.0),
            page(&jbig2, 300.0),
            with_text,
        ],
    );

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check_pdfa.py");
    let out = Command::new(python)
        .arg(script)
        .arg(&text_pdf)
        .arg(&images_pdf)
        .output()
        .expect("run check_pdfa.py");
    let report = String::from_utf8_lossy(&out.stdout);
    println!("{report}{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        out.status.success(),
        "PDF/A-2b validation failed:\n{report}"
    );
}

#[test]
fn write_pdfa_replaces_the_file_only_when_complete() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("akte.pdf");
    let image = jpeg(16, 16, jpeg_encoder::ColorType::Rgb);
    let listing = || -> Vec<String> {
        let entries = std::fs::read_dir(dir.path()).expect("list");
        entries
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect()
    };
    let result: Result<(), Error> = write_pdfa(&pdf, info(), &font(), |w| {
        w.add_page(&page(&image, 150.0))?;
        w.add_page(&page(&image, 0.0))
    });
    assert!(matches!(result, Err(Error::Page(_))), "{result:?}");
    let result: Result<(), Error> = write_pdfa(&pdf, info(), &font(), |_| Ok(()));
    assert!(matches!(result, Err(Error::NoPages)), "{result:?}");
    assert!(listing().is_empty(), "{:?}", listing());

    write(&pdf, &[page(&image, 150.0)]);
    let first = std::fs::read(&pdf).expect("written");
    // A failed rewrite keeps the previous file.
    let result: Result<(), Error> = write_pdfa(&pdf, info(), &font(), |_| Ok(()));
    assert!(result.is_err());
    assert_eq!(listing(), ["akte.pdf"]);
    assert_eq!(std::fs::read(&pdf).expect("still there"), first);
}

#[test]
fn refuses_images_that_disagree_with_their_description() {
    let PageImage::Jpeg { data, .. } = jpeg(16, 16, jpeg_encoder::ColorType::Rgb) else {
        unreachable!()
    };
    let image = PageImage::Jpeg {
        data,
        width: 16,
        height: 16,
        components: 1,
    };
    let mut writer = PdfaWriter::new(Vec::new(), info(), &font()).expect("writer");
    assert!(matches!(
        writer.add_page(&page(&image, 150.0)),
        Err(Error::Image(_))
    ));
    assert!(matches!(
        PdfaWriter::new(Vec::new(), info(), b"not a font"),
        Err(Error::Font(_))
    ));
    assert!(matches!(
        read_tessdata_font(Path::new("/nonexistent")),
        Err(Error::FontMissing { path, .. }) if path == Path::new("/nonexistent/pdf.ttf")
    ));
}
