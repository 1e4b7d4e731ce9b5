//! Tests of writing and reading ALTO: round trips, escaping, empty pages, schema validity, foreign input.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use aktenscan_alto::{read_alto, write_alto, AltoError, AltoMeta, OcrEngine};
use aktenscan_model::{BBox, Block, Line, Orientation, PageText, Word};
use time::macros::datetime;

fn meta() -> AltoMeta {
    AltoMeta {
        image_file: "2024/Bauakten/0001/page-0003.png".into(),
        page_number: 3,
        aktenscan_version: "0.1.0".into(),
        ocr: Some(OcrEngine {
            version: "5.3.0".into(),
            model: "deu+frk".into(),
        }),
        processed_at: datetime!(2024-05-17 09:30:00 +02:00),
        orientation: Orientation::Cw90,
        skew_degrees: -0.35,
    }
}

fn word(text: &str, x: u32, y: u32, w: u32, h: u32, confidence: f32) -> Word {
    Word {
        text: text.into(),
        bbox: BBox::new(x, y, w, h),
        confidence,
    }
}

fn line(words: Vec<Word>) -> Line {
    let bbox = words.iter().fold(BBox::default(), |b, w| b.union(&w.bbox));
    Line { bbox, words }
}

fn block(lines: Vec<Line>) -> Block {
    let bbox = lines.iter().fold(BBox::default(), |b, l| b.union(&l.bbox));
    Block { bbox, lines }
}

fn page(blocks: Vec<Block>) -> PageText {
    PageText {
        width: 2480,
        height: 3508,
        blocks,
    }
}

fn sample_page() -> PageText {
    page(vec![
        block(vec![
            line(vec![
                word("Bauakte", 200, 300, 310, 60, 0.96),
                word("Nr.", 530, 302, 90, 58, 0.875),
                word("17", 640, 301, 60, 59, 1.0),
            ]),
            line(vec![word("Gemeinde", 200, 380, 360, 62, 0.5)]),
        ]),
        block(vec![line(vec![
            word("Aktenzeichen:", 200, 900, 480, 60, 0.0),
            word("IV/3", 700, 900, 150, 60, 0.123),
        ])]),
    ])
}

fn special_page() -> PageText {
    let texts = [
        "<vertraulich>",
        "A&B",
        "\"zitiert\"",
        "l'état",
        "Größe",
        "Straße",
        "ÄÖÜäöü",
        "📄✅",
        "&amp;",
        "]]>",
        "Tab\tNeu\nZeile\r",
        " ",
    ];
    let words = texts
        .iter()
        .zip(0u32..)
        .map(|(t, i)| word(t, 100 + i * 150, 100, 140, 50, 0.9))
        .collect();
    page(vec![block(vec![line(words)])])
}

fn round_trip(page: &PageText) -> PageText {
    let xml = write_alto(page, &meta()).expect("write");
    read_alto(&xml).expect("read")
}

#[test]
fn round_trip_keeps_structure_boxes_and_confidence() {
    let page = sample_page();
    assert_eq!(round_trip(&page), page);
}

#[test]
fn special_characters_round_trip_and_are_escaped() {
    let page = special_page();
    assert_eq!(round_trip(&page), page);
    let xml = String::from_utf8(write_alto(&page, &meta()).unwrap()).unwrap();
    assert!(xml.contains(r#"CONTENT="&lt;vertraulich&gt;""#), "{xml}");
    assert!(xml.contains(r#"CONTENT="&amp;amp;""#), "{xml}");
    assert!(xml.contains(r#"CONTENT="Größe""#), "{xml}");
}

#[test]
fn empty_page_round_trips_with_an_empty_print_space() {
    let empty = page(Vec::new());
    let xml = String::from_utf8(write_alto(&empty, &meta()).unwrap()).unwrap();
    assert!(
        xml.contains(r#"<PrintSpace HPOS="0" VPOS="0" WIDTH="2480" HEIGHT="3508"/>"#),
        "{xml}"
    );
    assert_eq!(round_trip(&empty), empty);
}

#[test]
fn confidence_is_kept_to_three_decimals_and_clamped() {
    let page = page(vec![block(vec![line(vec![
        word("a", 0, 0, 10, 10, 0.123_456),
        word("b", 20, 0, 10, 10, f32::NAN),
        word("c", 40, 0, 10, 10, 1.5),
        word("d", 60, 0, 10, 10, -0.2),
    ])])]);
    let read: Vec<f32> = round_trip(&page).words().map(|w| w.confidence).collect();
    assert_eq!(read, [0.123, 0.0, 1.0, 0.0]);
}

#[test]
fn lines_without_words_are_left_out_and_blocks_without_lines_kept() {
    let mut page = sample_page();
    page.blocks[0].lines.push(line(Vec::new()));
    page.blocks.push(block(Vec::new()));
    let read = round_trip(&page);
    page.blocks[0].lines.pop();
    assert_eq!(read, page);
}

#[test]
fn description_names_image_software_and_corrections() {
    let xml = String::from_utf8(write_alto(&sample_page(), &meta()).unwrap()).unwrap();
    for expected in [
        r#"<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#""#,
        "<MeasurementUnit>pixel</MeasurementUnit>",
        "<fileName>2024/Bauakten/0001/page-0003.png</fileName>",
        "<processingDateTime>2024-05-17T09:30:00+02:00</processingDateTime>",
        "<processingStepSettings>orientation_cw_degrees=90; skew_ccw_degrees=-0.35</processingStepSettings>",
        "<softwareName>Aktenscan</softwareName>",
        "<processingStepSettings>model=deu+frk</processingStepSettings>",
        "<softwareName>Tesseract</softwareName>",
        "<softwareVersion>5.3.0</softwareVersion>",
        r#"<Page ID="page_3" PHYSICAL_IMG_NR="3" WIDTH="2480" HEIGHT="3508" PROCESSINGREFS="proc_prep proc_ocr">"#,
        r#"<String ID="b1_l1_w2" CONTENT="Nr." HPOS="530" VPOS="302" WIDTH="90" HEIGHT="58" WC="0.875"/>"#,
        r#"<SP WIDTH="20" HPOS="510" VPOS="300"/>"#,
    ] {
        assert!(xml.contains(expected), "missing {expected}\nin {xml}");
    }
}

#[test]
fn written_alto_validates_against_the_alto_4_4_schema() {
    let schema =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/schemas/alto/alto-4-4.xsd");
    let no_ocr = AltoMeta {
        ocr: None,
        ..meta()
    };
    let cases = [
        ("sample page", write_alto(&sample_page(), &meta())),
        ("special characters", write_alto(&special_page(), &meta())),
        ("empty page", write_alto(&page(Vec::new()), &meta())),
        ("page without OCR", write_alto(&sample_page(), &no_ocr)),
    ];
    for (name, xml) in cases {
        let xml = xml.expect("write");
        let mut xmllint = match Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(&schema)
            .arg("-")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
        {
            Ok(child) => child,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
                "xmllint is not installed, so ALTO cannot be validated: install libxml2-utils \
                 (apt-get install libxml2-utils; `make test` installs it)"
            ),
            Err(e) => panic!("cannot run xmllint: {e}"),
        };
        let mut stdin = xmllint.stdin.take().expect("xmllint stdin");
        stdin.write_all(&xml).expect("feed xmllint");
        drop(stdin);
        let out = xmllint.wait_with_output().expect("wait for xmllint");
        assert!(
            out.status.success(),
            "{name}: ALTO does not validate against {}:\n{}\n{}",
            schema.display(),
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&xml)
        );
    }
}

/// The fixture is what `tesseract page.tif page -l deu alto` (5.3.0) wrote for a page rendered with
/// text2image.
#[test]
fn reads_tesseract_alto_v3() {
    let page = read_alto(include_bytes!("data/tesseract-5.3.0-alto-v3.xml")).expect("read");
    assert_eq!((page.width, page.height), (1400, 600));
    assert_eq!(page.blocks.len(), 2);
    assert_eq!(
        page.plain_text(),
        "Akte Nr. 17 & Co. <vertraulich>\nBürgermeisteramt Straße 5\n\nGröße: 3 Blätter\n"
    );
    let first = &page.blocks[0].lines[0].words[0];
    assert_eq!(first, &word("Akte", 60, 65, 96, 33, 0.96));
    assert_eq!(page.blocks[1].bbox, BBox::new(62, 248, 345, 34));
}

#[test]
fn missing_boxes_default_to_the_box_around_the_children() {
    let xml = r#"<alto xmlns="http://www.loc.gov/standards/alto/ns-v2#"><Layout>
        <Page ID="p" PHYSICAL_IMG_NR="1" WIDTH="100.4" HEIGHT="50"><PrintSpace>
        <TextBlock ID="b"><TextLine>
          <String CONTENT="x" HPOS="10" VPOS="5" WIDTH="10" HEIGHT="8"/><SP/>
          <String CONTENT="y" HPOS="30" VPOS="4" WIDTH="10" HEIGHT="8"/>
        </TextLine></TextBlock></PrintSpace></Page></Layout></alto>"#;
    let page = read_alto(xml.as_bytes()).expect("read");
    assert_eq!(page.width, 100);
    assert_eq!(page.blocks[0].bbox, BBox::new(10, 4, 30, 9));
    assert_eq!(page.blocks[0].lines[0].words[1].confidence, 0.0);
}

#[test]
fn errors_say_what_is_wrong() {
    let alto = |body: &str| {
        format!(r#"<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#">{body}</alto>"#)
    };
    let page = r#"<Layout><Page ID="p" PHYSICAL_IMG_NR="1" WIDTH="10" HEIGHT="10">"#;
    let cases = [
        (
            "<html/>".to_owned(),
            "not an ALTO document: the root element is <html>",
        ),
        (
            "".to_owned(),
            "not an ALTO document: there is no root element",
        ),
        (
            r#"<alto xmlns="urn:other"/>"#.to_owned(),
            r#"namespace "urn:other" of <alto> is not ALTO v2, v3 or v4"#,
        ),
        (
            alto("<Description><MeasurementUnit>mm10</MeasurementUnit></Description>"),
            r#"MeasurementUnit "mm10" is not supported, only pixel"#,
        ),
        (alto("<Layout/>"), "ALTO has no <Page>"),
        (
            alto(&format!(
                r#"{page}<PrintSpace><TextBlock ID="b" HPOS="-3"/>"#
            )),
            r#"<TextBlock> has HPOS="-3", which is not a number of pixels"#,
        ),
        (
            alto(&format!(
                r#"{page}<PrintSpace><TextBlock ID="b"><TextLine><String CONTENT="x" WC="95"/>"#
            )),
            r#"<String> has WC="95", which is not a confidence from 0 to 1"#,
        ),
        (
            alto(&format!(
                r#"{page}<PrintSpace><TextBlock ID="b"><TextLine><String/>"#
            )),
            "<String> lacks the attribute CONTENT",
        ),
        (
            alto(r#"<Layout><Page ID="p" PHYSICAL_IMG_NR="1" HEIGHT="10"/></Layout>"#),
            "<Page> lacks the attribute WIDTH",
        ),
    ];
    for (xml, expected) in cases {
        let err = read_alto(xml.as_bytes()).expect_err(&xml);
        assert_eq!(err.to_string(), expected, "for {xml}");
    }
    assert!(matches!(
        read_alto(alto("<unclosed>").as_bytes()),
        Err(AltoError::Xml(_))
    ));
    assert!(matches!(read_alto(b"\xff\xfe"), Err(AltoError::NotUtf8(_))));
}

#[test]
fn characters_xml_cannot_hold_are_refused() {
    let page = page(vec![block(vec![line(vec![word(
        "a\u{1}b", 0, 0, 1, 1, 1.0,
    )])])]);
    let err = write_alto(&page, &meta()).expect_err("control character");
    assert_eq!(
        err.to_string(),
        r#"the word "a\u{1}b" contains the character U+0001, which XML 1.0 cannot hold"#
    );
}
