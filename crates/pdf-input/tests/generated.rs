//! Reads small PDFs made in the tests themselves (plus two committed encrypted fixtures): stored
//! JPEG and CCITT data come out byte for byte, text layers as words in order, and broken,
//! encrypted, empty, huge and self-referencing files as the right error or page, without hanging.

use aktenscan_pdf_input::{
    Extraction, Limits, PdfDocument, PdfInputError, PdfPage, PixelKind, Raster,
};
use pdf_writer::types::TextRenderingMode;
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};
use std::sync::mpsc;
use std::time::Duration;

const CATALOG: Ref = Ref::new(1);
const PAGES: Ref = Ref::new(2);
const PAGE: Ref = Ref::new(3);
const CONTENT: Ref = Ref::new(4);
const FONT: Ref = Ref::new(5);
const IMAGE: Ref = Ref::new(6);

/// A one-page PDF of `width` × `height` points showing `content`, with font `/F1` (Helvetica) and
/// image `/Im` (object [`IMAGE`], which `objects` writes, if the page uses it).
fn one_page(
    width: f32,
    height: f32,
    rotate: i32,
    content: Content,
    objects: impl FnOnce(&mut Pdf),
) -> Vec<u8> {
    let mut pdf = Pdf::new();
    pdf.catalog(CATALOG).pages(PAGES);
    pdf.pages(PAGES).kids([PAGE]).count(1);
    let mut page = pdf.page(PAGE);
    page.media_box(Rect::new(0.0, 0.0, width, height))
        .parent(PAGES)
        .contents(CONTENT)
        .rotate(rotate);
    let mut resources = page.resources();
    resources.x_objects().pair(Name(b"Im"), IMAGE);
    resources.fonts().pair(Name(b"F1"), FONT);
    resources.finish();
    page.finish();
    pdf.stream(CONTENT, &content.finish());
    pdf.type1_font(FONT).base_font(Name(b"Helvetica"));
    objects(&mut pdf);
    pdf.finish()
}

/// Content drawing `/Im` over the whole page.
fn full_page_image(width: f32, height: f32) -> Content {
    let mut content = Content::new();
    content.save_state();
    content.transform([width, 0.0, 0.0, height, 0.0, 0.0]);
    content.x_object(Name(b"Im"));
    content.restore_state();
    content
}

/// Adds a text object showing `lines` (from the top, 20 pt apart) in 12 pt Helvetica.
fn show_lines(content: &mut Content, mode: TextRenderingMode, lines: &[&str]) {
    content.begin_text();
    content.set_font(Name(b"F1"), 12.0);
    content.set_text_rendering_mode(mode);
    content.next_line(20.0, 150.0);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            content.next_line(0.0, -20.0);
        }
        content.show(Str(line.as_bytes()));
    }
    content.end_text();
}

fn gray_jpeg(width: u16, height: u16) -> Vec<u8> {
    let pixels: Vec<u8> = (0..u32::from(width) * u32::from(height))
        .map(|i| (i % u32::from(width) * 255 / u32::from(width)) as u8)
        .collect();
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 90)
        .encode(&pixels, width, height, jpeg_encoder::ColorType::Luma)
        .expect("JPEG encodes");
    jpeg
}

fn jpeg_page(rotate: i32) -> (Vec<u8>, Vec<u8>) {
    let jpeg = gray_jpeg(400, 200);
    let pdf = one_page(288.0, 144.0, rotate, full_page_image(288.0, 144.0), |pdf| {
        let mut image = pdf.image_xobject(IMAGE, &jpeg);
        image.width(400).height(200).bits_per_component(8);
        image.filter(Filter::DctDecode);
        image.color_space().device_gray();
    });
    (pdf, jpeg)
}

fn first_page(pdf: Vec<u8>) -> Result<PdfPage, PdfInputError> {
    PdfDocument::open(pdf)?.page(0, &Limits::default())
}

/// Runs `f` on another thread and fails if it takes longer than `seconds`.
fn within<T: Send + 'static>(seconds: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || tx.send(f()));
    rx.recv_timeout(Duration::from_secs(seconds))
        .expect("finishes in time, without panicking")
}

#[test]
fn a_jpeg_scan_is_handed_out_as_stored_with_its_resolution() {
    let (pdf, jpeg) = jpeg_page(0);
    let page = first_page(pdf).expect("page reads");
    assert_eq!(page.how, Extraction::EmbeddedImage);
    assert_eq!(
        page.raster,
        Raster::Jpeg {
            data: jpeg,
            width: 400,
            height: 200,
            components: 1
        }
    );
    assert!(
        (page.dpi_x - 100.0).abs() < 0.01 && (page.dpi_y - 100.0).abs() < 0.01,
        "{page:?}"
    );
    assert_eq!((page.rotate, page.text), (0, None));
}

#[test]
fn the_page_rotation_is_reported_for_a_stored_image() {
    let page = first_page(jpeg_page(90).0).expect("page reads");
    assert_eq!((page.how, page.rotate), (Extraction::EmbeddedImage, 90));
    assert!((page.dpi_x - 100.0).abs() < 0.01, "{page:?}");
}

#[test]
fn a_ccitt_g4_scan_is_handed_out_as_stored_with_its_parameters() {
    let (width, height) = (64u16, 32u16);
    let mut encoder = fax::encoder::Encoder::new(fax::VecWriter::new());
    for y in 0..height {
        let row = (0..width).map(|x| {
            if (x / 8 + y / 4) % 2 == 0 {
                fax::Color::Black
            } else {
                fax::Color::White
            }
        });
        encoder.encode_line(row, width).expect("line encodes");
    }
    let g4 = encoder.finish().expect("fax encodes").finish();
    for (decode, black_is_1) in [(None, true), (Some([1.0, 0.0]), false)] {
        let pdf = one_page(64.0, 32.0, 0, full_page_image(64.0, 32.0), |pdf| {
            let mut image = pdf.image_xobject(IMAGE, &g4);
            image.filter(Filter::CcittFaxDecode);
            image
                .decode_parms()
                .k(-1)
                .columns(i32::from(width))
                .rows(i32::from(height))
                .black_is_1(true);
            image
                .width(i32::from(width))
                .height(i32::from(height))
                .bits_per_component(1);
            if let Some(decode) = decode {
                image.decode(decode);
            }
            image.color_space().device_gray();
        });
        let page = first_page(pdf).expect("page reads");
        assert_eq!(page.how, Extraction::EmbeddedImage);
        assert_eq!(
            page.raster,
            Raster::CcittG4 {
                data: g4.clone(),
                width: 64,
                height: 32,
                black_is_1
            }
        );
        assert!((page.dpi_x - 72.0).abs() < 0.01);
    }
}

#[test]
fn a_one_bit_image_is_decoded_to_packed_bits_with_black_as_one() {
    // PDF grey samples: 0 is black.
    let samples = [0b0000_1111, 0b1111_0000, 0xFF, 0x00];
    let pdf = one_page(16.0, 2.0, 0, full_page_image(16.0, 2.0), |pdf| {
        let mut image = pdf.image_xobject(IMAGE, &samples);
        image.width(16).height(2).bits_per_component(1);
        image.color_space().device_gray();
    });
    let page = first_page(pdf).expect("page reads");
    assert_eq!(page.how, Extraction::EmbeddedImage);
    assert_eq!(
        page.raster,
        Raster::Pixels {
            width: 16,
            height: 2,
            kind: PixelKind::Bilevel,
            data: vec![0b1111_0000, 0b0000_1111, 0x00, 0xFF]
        }
    );
}

#[test]
fn an_8_bit_flate_scan_is_handed_out_as_stored_with_its_predictor() {
    // An RGB image with PNG predictors, as img2pdf writes one: each row a filter byte (0, None).
    let rows: Vec<u8> = [
        [0u8, 10, 20, 30, 40, 50, 60],
        [0, 70, 80, 90, 100, 110, 120],
    ]
    .concat();
    let zlib = miniz_oxide::deflate::compress_to_vec_zlib(&rows, 6);
    let stored = zlib.clone();
    let pdf = one_page(2.0, 2.0, 0, full_page_image(2.0, 2.0), move |pdf| {
        let mut image = pdf.image_xobject(IMAGE, &stored);
        image.filter(pdf_writer::Filter::FlateDecode);
        image.width(2).height(2).bits_per_component(8);
        image.color_space().device_rgb();
        image
            .decode_parms()
            .predictor(pdf_writer::types::Predictor::PngOptimum)
            .colors(3)
            .bits_per_component(8)
            .columns(2);
    });
    let page = first_page(pdf).expect("page reads");
    assert_eq!(page.how, Extraction::EmbeddedImage);
    assert_eq!(
        page.raster,
        Raster::Flate {
            data: zlib,
            width: 2,
            height: 2,
            kind: PixelKind::Rgb8,
            png_predictors: true,
        }
    );
}

#[test]
fn a_text_layer_yields_its_words_in_order_with_boxes_on_the_rendering() {
    let mut content = Content::new();
    show_lines(
        &mut content,
        TextRenderingMode::Fill,
        &["Akte 42 vom Bauamt", "zweite Zeile"],
    );
    let page = first_page(one_page(300.0, 200.0, 0, content, |_| {})).expect("page reads");
    assert_eq!(page.how, Extraction::TextLayer);
    assert_eq!(page.raster.size(), (1250, 833));
    let text = page.text.expect("text layer");
    assert_eq!((text.width, text.height), (1250, 833));
    assert_eq!(text.blocks.len(), 1, "{text:?}");
    let lines: Vec<Vec<&str>> = text.blocks[0]
        .lines
        .iter()
        .map(|l| l.words.iter().map(|w| w.text.as_str()).collect())
        .collect();
    assert_eq!(
        lines,
        [vec!["Akte", "42", "vom", "Bauamt"], vec!["zweite", "Zeile"]]
    );
    for line in &text.blocks[0].lines {
        for pair in line.words.windows(2) {
            assert!(
                pair[0].bbox.x + pair[0].bbox.w <= pair[1].bbox.x,
                "left to right: {pair:?}"
            );
        }
    }
    for word in text.words() {
        let b = word.bbox;
        assert!(
            b.x + b.w <= 1250 && b.y + b.h <= 833,
            "on the page: {word:?}"
        );
        // 12 pt at 300 dpi is 50 px; the first line's baseline is 50 pt (208 px) from the top.
        assert!((45..=55).contains(&b.h), "{word:?}");
        assert_eq!(word.confidence, 1.0);
    }
    let first = &text.blocks[0].lines[0].words[0].bbox;
    assert!(
        (83..=84).contains(&first.x) && (160..=175).contains(&first.y),
        "{first:?}"
    );
    assert!(text.blocks[0].lines[1].bbox.y > first.y + first.h - 5);
}

/// A full-page JPEG scan with `lines` of text in render `mode` over it.
fn scan_with_text(mode: TextRenderingMode, lines: &[&str]) -> Result<PdfPage, PdfInputError> {
    let jpeg = gray_jpeg(300, 200);
    let mut content = full_page_image(300.0, 200.0);
    show_lines(&mut content, mode, lines);
    first_page(one_page(300.0, 200.0, 0, content, |pdf| {
        let mut image = pdf.image_xobject(IMAGE, &jpeg);
        image.width(300).height(200).bits_per_component(8);
        image.filter(Filter::DctDecode);
        image.color_space().device_gray();
    }))
}

#[test]
fn invisible_ocr_text_over_a_scan_is_a_text_layer() {
    let page = scan_with_text(
        TextRenderingMode::Invisible,
        &["Bebauungsplan Nr. 17 Ortsmitte"],
    )
    .expect("page reads");
    assert_eq!(page.how, Extraction::TextLayer);
    assert_eq!(page.text.expect("text").words().count(), 4);
}

#[test]
fn a_handful_of_hidden_characters_over_a_scan_is_ignored() {
    let page = scan_with_text(TextRenderingMode::Invisible, &["S. 3"]).expect("page reads");
    assert_eq!((page.how, page.text), (Extraction::EmbeddedImage, None));
    assert!(matches!(page.raster, Raster::Jpeg { .. }));
}

#[test]
fn a_scan_with_a_visible_stamp_is_rendered_to_keep_the_stamp() {
    let page = scan_with_text(TextRenderingMode::Fill, &["VERTRAULICH"]).expect("page reads");
    assert_eq!((page.how, page.text), (Extraction::Rendered, None));
    assert_eq!(page.raster.size(), (1250, 833));
}

#[test]
fn a_page_without_contents_renders_blank() {
    let mut pdf = Pdf::new();
    pdf.catalog(CATALOG).pages(PAGES);
    pdf.pages(PAGES).kids([PAGE]).count(1);
    pdf.page(PAGE)
        .media_box(Rect::new(0.0, 0.0, 72.0, 36.0))
        .parent(PAGES);
    let page = first_page(pdf.finish()).expect("page reads");
    assert_eq!(page.how, Extraction::Rendered);
    match page.raster {
        Raster::Pixels {
            width: 300,
            height: 150,
            kind: PixelKind::Gray8,
            data,
        } => {
            assert!(data.iter().all(|&v| v == 255));
        }
        other => panic!("expected a white grey rendering, got {other:?}"),
    }
}

#[test]
fn broken_files_are_refused_as_broken() {
    let (valid, _) = jpeg_page(0);
    let truncated = valid[..valid.len() / 3].to_vec();
    for bytes in [
        Vec::new(),
        b"GIF89a not a pdf at all".to_vec(),
        b"%PDF-1.7\n%%EOF\n".to_vec(),
        truncated,
    ] {
        match PdfDocument::open(bytes.clone()) {
            Err(PdfInputError::Broken { .. }) => {}
            other => panic!(
                "{:?}: expected Broken, got {:?}",
                String::from_utf8_lossy(&bytes[..bytes.len().min(20)]),
                other.err()
            ),
        }
    }
}

#[test]
fn a_pdf_without_pages_is_refused() {
    let mut pdf = Pdf::new();
    pdf.catalog(CATALOG).pages(PAGES);
    pdf.pages(PAGES).count(0);
    let result = PdfDocument::open(pdf.finish());
    assert!(
        matches!(result, Err(PdfInputError::NoPages)),
        "{:?}",
        result.err()
    );
}

#[test]
fn a_missing_page_is_named() {
    let doc = PdfDocument::open(jpeg_page(0).0).expect("opens");
    let err = doc.page(4, &Limits::default()).expect_err("no page 5");
    assert_eq!(
        err.to_string(),
        "page 5 does not exist: the PDF has 1 pages"
    );
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .expect("fixture readable")
}

#[test]
fn a_password_protected_pdf_is_refused_with_advice() {
    let err = PdfDocument::open(fixture("user-password.pdf"))
        .err()
        .expect("refused");
    assert!(matches!(err, PdfInputError::Encrypted), "{err:?}");
    assert!(err.to_string().contains("remove the protection"));
}

#[test]
fn a_pdf_encrypted_without_open_password_is_read() {
    let doc =
        PdfDocument::open(fixture("owner-password-only.pdf")).expect("opens without password");
    let text = doc.page(0, &Limits::default()).expect("page 1 reads");
    assert_eq!(text.how, Extraction::TextLayer);
    assert_eq!(text.text.expect("text").plain_text(), "Geheimakte\n");
    let scan = doc.page(1, &Limits::default()).expect("page 2 reads");
    assert_eq!(
        scan.raster,
        Raster::Jpeg {
            data: fixture("scan.jpg"),
            width: 16,
            height: 8,
            components: 1
        }
    );
}

#[test]
fn huge_images_and_pages_are_refused_before_decoding() {
    let pdf = one_page(100.0, 100.0, 0, full_page_image(100.0, 100.0), |pdf| {
        let mut image = pdf.image_xobject(IMAGE, &[0; 16]);
        image.width(30_000).height(30_000).bits_per_component(8);
        image.filter(Filter::FlateDecode);
        image.color_space().device_rgb();
    });
    let err = within(30, move || first_page(pdf).err()).expect("refused");
    assert!(
        matches!(
            err,
            PdfInputError::TooLarge {
                width: 30_000,
                height: 30_000,
                ..
            }
        ),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains("30000 × 30000") && message.contains("150000000"),
        "{message}"
    );

    let page = one_page(14_400.0, 14_400.0, 0, Content::new(), |_| {});
    let err = within(30, move || first_page(page).err()).expect("refused");
    assert!(
        matches!(
            err,
            PdfInputError::TooLarge {
                what: "the rendering",
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn self_referencing_forms_and_page_trees_do_not_hang() {
    // A form XObject that draws itself.
    let mut content = Content::new();
    content.x_object(Name(b"Im"));
    let form = content.finish();
    let pdf = one_page(100.0, 100.0, 0, full_page_image(100.0, 100.0), move |pdf| {
        let mut xobject = pdf.form_xobject(IMAGE, &form);
        xobject.bbox(Rect::new(0.0, 0.0, 1.0, 1.0));
        xobject.resources().x_objects().pair(Name(b"Im"), IMAGE);
    });
    let page = within(60, move || first_page(pdf)).expect("page reads");
    assert_eq!(page.how, Extraction::Rendered);

    // A page tree whose node lists itself among its kids.
    let mut pdf = Pdf::new();
    pdf.catalog(CATALOG).pages(PAGES);
    pdf.pages(PAGES).kids([PAGES, PAGE]).count(2);
    pdf.page(PAGE)
        .media_box(Rect::new(0.0, 0.0, 72.0, 72.0))
        .parent(PAGES);
    let bytes = pdf.finish();
    let pages = within(60, move || PdfDocument::open(bytes).map(|d| d.page_count()));
    assert!(
        matches!(pages, Ok(1) | Err(PdfInputError::Broken { .. })),
        "{pages:?}"
    );
}

#[test]
fn a_document_can_move_between_threads() {
    fn send_and_sync<T: Send + Sync>() {}
    send_and_sync::<PdfDocument>();
}
