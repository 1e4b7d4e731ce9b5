//! Editing a document's pages: the store's rows, the rebuilt PDF/A and the search index agree
//! afterwards. Pages are stored directly (no OCR): each a grey image of its own width with one
//! word, so the PDF's page order shows in its images' sizes.

use aktenscan_index::{SearchIndex, SearchRequest};
use aktenscan_model::{BBox, Block, Line, OcrFacts, PageText, TextSource, Word};
use aktenscan_pages::{Image, PixelKind};
use aktenscan_pipeline::{edit_pages, thumbnail};
use aktenscan_store::{Library, NewPage, NewRecord, PageEdit};

const WORDS: [&str; 4] = ["Bauantrag", "Lageplan", "Baugenehmigung", "Schlussabnahme"];

fn width(i: usize) -> u32 {
    200 + 20 * i as u32
}

fn font() -> Vec<u8> {
    aktenscan_pdfa::read_tessdata_font(std::path::Path::new(aktenscan_ocr::DEFAULT_TESSDATA))
        .expect("pdf.ttf of tesseract-ocr")
}

/// A record with one complete, indexed document of four pages.
fn library(dir: &std::path::Path) -> (Library, SearchIndex, String) {
    let mut lib = Library::open(dir).unwrap();
    let record = lib
        .create_record(&NewRecord {
            title: "Bauakte Mühlweg 3".into(),
            ..Default::default()
        })
        .unwrap();
    let original = lib.put_file(b"original", "tif").unwrap();
    let doc = lib
        .add_document(&record.id, 0, "Antrag", "/eingang/a.tif", &original, 4)
        .unwrap();
    for (i, word) in WORDS.iter().enumerate() {
        let (w, h) = (width(i), 300);
        let pixels = vec![255u8; (w * h) as usize];
        let image = Image::from_pixels(PixelKind::Gray8, w, h, &pixels).unwrap();
        let (png, encoding) = image.encode_lossless().unwrap();
        let image = lib.put_file(&png, encoding.ext()).unwrap();
        let bbox = BBox::new(20, 30, 120, 20);
        let text = PageText {
            width: w,
            height: h,
            blocks: vec![Block {
                bbox,
                lines: vec![Line {
                    bbox,
                    words: vec![Word {
                        text: word.to_string(),
                        bbox,
                        confidence: 0.9,
                    }],
                }],
            }],
        };
        let alto = lib.put_file(word.as_bytes(), "alto.xml").unwrap();
        let text_file = lib.put_file(word.as_bytes(), "txt").unwrap();
        lib.add_page(&NewPage {
            document_id: doc.id.clone(),
            page_no: i as i64 + 1,
            image,
            width: w,
            height: h,
            dpi: (300.0, 300.0),
            origin: "image".into(),
            facts: OcrFacts {
                source: TextSource::Ocr {
                    model: "deu".into(),
                },
                orientation: Default::default(),
                orientation_confidence: None,
                skew_degrees: 0.0,
                script: None,
                mean_confidence: Some(0.9),
                ocr_ms: 0,
            },
            alto,
            text_file,
            text,
        })
        .unwrap();
    }
    aktenscan_pipeline::build_pdfa(&mut lib, &doc.id, &font()).unwrap();
    let (index, _) = SearchIndex::open(&lib, &mut |_, _| {}).unwrap();
    index.refresh_record(&lib, &record.id).unwrap();
    (lib, index, doc.id)
}

/// Width and /Rotate of each page of the document's PDF/A.
fn pdf_pages(lib: &Library, doc: &str) -> Vec<(u32, u16)> {
    let row = lib.document(doc).unwrap();
    let bytes = lib.read_file(row.pdf_file.as_deref().unwrap()).unwrap();
    let pdf = aktenscan_pdf_input::PdfDocument::open(bytes).unwrap();
    (0..pdf.page_count())
        .map(|i| {
            let page = pdf.page(i, &Default::default()).unwrap();
            (page.raster.size().0, page.rotate)
        })
        .collect()
}

fn hits(lib: &Library, index: &SearchIndex, word: &str) -> Vec<(String, u64)> {
    index
        .search(lib, &SearchRequest::new(word))
        .unwrap()
        .hits
        .into_iter()
        .map(|h| (h.document_id, h.page))
        .collect()
}

#[test]
fn move_rotate_and_delete_rebuild_the_pdf_and_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lib, index, doc) = library(dir.path());
    let font = font();
    assert_eq!(
        pdf_pages(&lib, &doc),
        [(200, 0), (220, 0), (240, 0), (260, 0)]
    );

    let moved = edit_pages(
        &mut lib,
        Some(&index),
        &doc,
        PageEdit::Move { from: 3, to: 1 },
        &font,
    )
    .unwrap();
    assert_eq!(moved.index_error, None);
    assert_eq!(
        pdf_pages(&lib, &doc),
        [(240, 0), (200, 0), (220, 0), (260, 0)]
    );
    assert_eq!(hits(&lib, &index, "Baugenehmigung"), [(doc.clone(), 1)]);

    edit_pages(
        &mut lib,
        Some(&index),
        &doc,
        PageEdit::Rotate {
            page: 2,
            degrees: 90,
        },
        &font,
    )
    .unwrap();
    assert_eq!(
        pdf_pages(&lib, &doc),
        [(240, 0), (200, 90), (220, 0), (260, 0)]
    );
    // The word boxes stay in pixels of the stored image; the hit still marks the word.
    let found = index
        .search(&lib, &SearchRequest::new("Bauantrag"))
        .unwrap();
    assert_eq!(found.hits[0].boxes, [[20, 30, 120, 20]]);

    let deleted = edit_pages(
        &mut lib,
        Some(&index),
        &doc,
        PageEdit::Delete { page: 4 },
        &font,
    )
    .unwrap();
    assert_eq!(deleted.outcome.pages, 3);
    assert_eq!(pdf_pages(&lib, &doc), [(240, 0), (200, 90), (220, 0)]);
    assert!(hits(&lib, &index, "Schlussabnahme").is_empty());
    let actions: Vec<_> = lib
        .audit_entries_for(&[&doc])
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions.iter().filter(|a| *a == "document.pages").count(), 3);
    assert_eq!(lib.verify_audit_chain().unwrap().map(|_| ()), Ok(()));
}

#[test]
fn a_split_off_document_has_its_own_pdf_and_is_found_under_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lib, index, doc) = library(dir.path());
    let out = edit_pages(
        &mut lib,
        Some(&index),
        &doc,
        PageEdit::SplitAt { page: 3 },
        &font(),
    )
    .unwrap();
    let new = out.outcome.new_document.unwrap();
    assert_eq!(pdf_pages(&lib, &doc), [(200, 0), (220, 0)]);
    assert_eq!(pdf_pages(&lib, &new.id), [(240, 0), (260, 0)]);
    assert_eq!(hits(&lib, &index, "Baugenehmigung"), [(new.id.clone(), 1)]);
    assert_eq!(hits(&lib, &index, "Schlussabnahme"), [(new.id.clone(), 2)]);
    assert_eq!(hits(&lib, &index, "Lageplan"), [(doc.clone(), 2)]);
}

#[test]
fn thumbnails_are_small_turned_and_cached_in_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lib, index, doc) = library(dir.path());
    let path = thumbnail(&lib, &doc, 1, 100).unwrap();
    assert!(path.starts_with(dir.path().join("thumbs")));
    let thumb = Image::decode(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (67, 100));
    edit_pages(
        &mut lib,
        Some(&index),
        &doc,
        PageEdit::Rotate {
            page: 1,
            degrees: 270,
        },
        &font(),
    )
    .unwrap();
    let turned = thumbnail(&lib, &doc, 1, 100).unwrap();
    assert_ne!(turned, path);
    let thumb = Image::decode(&std::fs::read(&turned).unwrap()).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (100, 67));
    assert!(thumbnail(&lib, &doc, 9, 100)
        .unwrap_err()
        .to_string()
        .contains("Seite 9"));
}
