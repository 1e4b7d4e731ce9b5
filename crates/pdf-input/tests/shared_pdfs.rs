//! Reads the awkward real-world PDFs of the shared test folder (see [`shared_pdfs`]): each must
//! yield its pages or a clear error, never a panic or a hang. Skips with a note where the folder
//! is absent (it is not part of the repository).

use aktenscan_pdf_input::{Extraction, Limits, PdfDocument, PdfInputError, Raster};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Time one file may take, generous for an unoptimised build on a shared machine.
const TIME_LIMIT: Duration = Duration::from_secs(300);

/// `$AKTENSCAN_SHARED/pdfs`, else `shared/pdfs` beside the workspace, else `/work/shared/pdfs`.
fn shared_pdfs() -> Option<PathBuf> {
    let beside_workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    match std::env::var_os("AKTENSCAN_SHARED") {
        Some(shared) => vec![PathBuf::from(shared)],
        None => vec![beside_workspace, PathBuf::from("/work/shared")],
    }
    .into_iter()
    .map(|shared| shared.join("pdfs"))
    .find(|dir| dir.is_dir())
}

/// What a page became, in a few words.
fn describe(how: Extraction, raster: &Raster, words: usize) -> String {
    let (w, h) = raster.size();
    let raster = match raster {
        Raster::Jpeg { components, .. } => format!("jpeg {components}c"),
        Raster::CcittG4 { .. } => "ccitt g4".to_string(),
        Raster::Flate {
            kind,
            png_predictors,
            ..
        } => format!(
            "flate {kind:?}{}",
            if *png_predictors { " png" } else { "" }
        ),
        Raster::Pixels { kind, .. } => format!("pixels {kind:?}"),
    };
    match how {
        Extraction::EmbeddedImage => format!("embedded {raster} {w}x{h}"),
        Extraction::TextLayer => format!("text layer, {words} words, {raster} {w}x{h}"),
        Extraction::Rendered => format!("rendered {raster} {w}x{h}"),
    }
}

/// Per page: description or error, and milliseconds.
fn read(bytes: Vec<u8>) -> Result<Vec<(String, u128)>, PdfInputError> {
    let doc = PdfDocument::open(bytes)?;
    Ok((0..doc.page_count())
        .map(|i| {
            let start = Instant::now();
            let what = match doc.page(i, &Limits::default()) {
                Ok(p) => {
                    let words = p.text.as_ref().map_or(0, |t| t.words().count());
                    let what = describe(p.how, &p.raster, words);
                    format!(
                        "{what}, {:.0}x{:.0} dpi, rotate {}",
                        p.dpi_x, p.dpi_y, p.rotate
                    )
                }
                Err(e) => format!("error: {e}"),
            };
            (what, start.elapsed().as_millis())
        })
        .collect())
}

#[test]
fn every_shared_pdf_yields_pages_or_a_clear_error() {
    let Some(dir) = shared_pdfs() else {
        eprintln!(
            "skipped: no shared test PDFs (set AKTENSCAN_SHARED to the folder holding pdfs/)"
        );
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("shared folder readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    let mut results = Vec::new();
    for path in files {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let bytes = std::fs::read(&path).expect("shared PDF readable");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || tx.send(read(bytes)));
        let result = match rx.recv_timeout(TIME_LIMIT) {
            Ok(result) => result,
            Err(mpsc::RecvTimeoutError::Timeout) => panic!("{name}: no answer in {TIME_LIMIT:?}"),
            Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{name}: the reader panicked"),
        };
        match &result {
            Ok(pages) => {
                for (i, (what, ms)) in pages.iter().enumerate() {
                    println!("{name} p{}: {what} ({ms} ms)", i + 1);
                    assert!(
                        !what.contains("reader failed"),
                        "{name}: caught a panic: {what}"
                    );
                }
            }
            Err(e) => println!("{name}: error: {e}"),
        }
        results.push((name, result));
    }
    let pages = |name: &str| -> Vec<String> {
        match results.iter().find(|(n, _)| n == name) {
            Some((_, Ok(pages))) => pages.iter().map(|(what, _)| what.clone()).collect(),
            other => panic!("{name}: expected pages, got {other:?}"),
        }
    };
    let starts = |name: &str, expected: &[&str]| {
        let got = pages(name);
        assert_eq!(got.len(), expected.len(), "{name}: {got:?}");
        for (page, prefix) in got.iter().zip(expected) {
            assert!(
                page.starts_with(prefix),
                "{name}: {page:?} should start with {prefix:?}"
            );
        }
    };
    starts("c02-22.pdf", &["embedded jpeg 3c 800x981"]);
    starts("ccitt.pdf", &["embedded ccitt g4 2550x3300"]);
    starts("jbig2.pdf", &["embedded pixels Bilevel 2550x3300"]);
    starts("linn.pdf", &["embedded pixels Bilevel 2550x3300"]);
    starts("lichtenstein.pdf", &["embedded pixels Gray8 512x512"]);
    starts("palette.pdf", &["embedded pixels Rgb8 640x682"]);
    starts("graph_ocred.pdf", &["text layer"]);
    starts("tagged.pdf", &["text layer", "text layer"]);
    starts("no_contents.pdf", &["rendered pixels Gray8 3000x3000"]);
    assert_eq!(pages("cardinal.pdf").len(), 4);
    assert_eq!(pages("multipage.pdf").len(), 6);
    assert!(pages("skew.pdf")[0].starts_with("embedded"));
    match results.iter().find(|(n, _)| n == "invalid.pdf") {
        Some((_, Err(PdfInputError::Broken { .. }))) => {}
        other => panic!("invalid.pdf should be broken, got {other:?}"),
    }
}
