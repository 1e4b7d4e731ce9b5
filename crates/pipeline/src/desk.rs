//! Pages a workstation recognised on its own CPU and sent with their file: the server checks each
//! against the page it belongs to and stores it as it is, instead of recognising it again.

use crate::early::{EarlyPage, EarlyRecognition, EarlyResults, Recognition, Recognitions};
use crate::ingest::{open_source, recognised_by, Settings};
use aktenscan_model::{BBox, PageText, RecognisedFile, RecognisedPage, TextSource};
use aktenscan_pages::Limits;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The most words a page sent as recognised may have (a dense newspaper page has about 5 000).
const MAX_WORDS: usize = 50_000;
/// The longest word, and the longest model name, sent as recognised (bytes).
const MAX_WORD: usize = 1_000;
const MAX_MODEL: usize = 64;

/// Recognises `files` here, on worker threads (as many as the settings' jobs), for sending
/// them to a server with their text: what was recognised of each, in their order (`None` for
/// a file the server recognises itself: unreadable here, or a page failed). `each` hears of
/// every file as it is done.
pub fn recognise_files(
    files: &[PathBuf],
    settings: &Settings,
    each: &mut dyn FnMut(&Recognition),
) -> Vec<Option<RecognisedFile>> {
    let early = EarlyRecognition::start(settings, false);
    for f in files {
        early.add(f);
    }
    early.finish_for_sending(files, each)
}

impl EarlyRecognition {
    /// Waits for every file handed over (`each` hears of each) and gives what was recognised of
    /// each of `files`, in their order, to send along ([`Recognitions::of_file`]).
    pub fn finish_for_sending(
        self,
        files: &[PathBuf],
        each: &mut dyn FnMut(&Recognition),
    ) -> Vec<Option<RecognisedFile>> {
        let done = self.finish(each);
        files.iter().map(|f| done.of_file(f)).collect()
    }
}

impl Recognitions {
    /// What was recognised of `file`, every page in order, to send along with it; `None` when a
    /// page failed or was not recognised (the server then recognises the file itself).
    pub fn of_file(&self, file: &Path) -> Option<RecognisedFile> {
        let mut pages = Vec::new();
        for page in 0.. {
            match self.pages.get(&(file.to_path_buf(), page)) {
                Some(EarlyPage {
                    result: Ok(done), ..
                }) => pages.push(RecognisedPage {
                    page,
                    text: done.text.clone(),
                    facts: done.facts.clone(),
                }),
                Some(_) => return None,
                None => break,
            }
        }
        (!pages.is_empty()).then_some(RecognisedFile { pages })
    }

    /// Takes what a workstation recognised of files that arrived here whole. Each file is
    /// opened and each page checked against what was sent for it (its size in pixels, every
    /// box on the page, the text from Tesseract); a page with a text layer keeps the layer. A
    /// recognition that does not fit its file is refused, naming the file and the page; a file
    /// that cannot be opened is left to the ingest, which reports it as it would any bad file.
    pub fn from_desk(
        sent: Vec<(PathBuf, RecognisedFile)>,
        limits: Limits,
    ) -> Result<Recognitions, String> {
        let mut pages = EarlyResults::new();
        for (file, recognised) in sent {
            // Keyed as the ingest names its inputs.
            let file = std::path::absolute(&file).unwrap_or(file);
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let Ok((_, source)) = open_source(&file, limits) else {
                continue;
            };
            let count = source.page_count();
            let sent_pages = recognised.pages.len();
            let mut by_page: HashMap<usize, RecognisedPage> = HashMap::new();
            for page in recognised.pages {
                by_page.insert(page.page, page);
            }
            if by_page.len() != sent_pages {
                return Err(format!(
                    "{name}: die Texterkennung des Arbeitsplatzes nennt eine Seite zweimal"
                ));
            }
            if by_page.len() != count || by_page.keys().any(|&p| p >= count) {
                return Err(format!(
                    "{name}: die Texterkennung des Arbeitsplatzes nennt {sent_pages} Seite(n), die Datei hat {count}"
                ));
            }
            for index in 0..count {
                let result = match source.page(index) {
                    Ok(page) => {
                        let desk = by_page.remove(&index);
                        let taken = recognised_by(page, |page| {
                            let desk = desk.ok_or("keine Texterkennung gesendet")?;
                            check(&desk, page.image.width(), page.image.height())?;
                            // The mean is the server's own, from the words stored.
                            let mut facts = desk.facts;
                            facts.mean_confidence = desk.text.mean_confidence();
                            Ok((desk.text, facts))
                        });
                        match taken {
                            Ok(page) => Ok(page),
                            Err(e) => {
                                return Err(format!(
                                    "{name}, Seite {}: Texterkennung des Arbeitsplatzes nicht übernommen: {e}",
                                    index + 1
                                ))
                            }
                        }
                    }
                    Err(e) => Err(e.to_string()),
                };
                pages.insert((file.clone(), index), EarlyPage { look: None, result });
            }
        }
        Ok(Recognitions { pages })
    }
}

/// Whether a page's recognition fits a page of `width` × `height` pixels and came from
/// Tesseract: what is stored and indexed must be text on that page.
fn check(page: &RecognisedPage, width: u32, height: u32) -> Result<(), String> {
    let text: &PageText = &page.text;
    if (text.width, text.height) != (width, height) {
        return Err(format!(
            "sie gilt für {}×{} Pixel, die Seite hat {width}×{height}",
            text.width, text.height
        ));
    }
    match &page.facts.source {
        TextSource::Ocr { model } if !model.is_empty() && model.len() <= MAX_MODEL => {}
        TextSource::Blank if text.blocks.is_empty() => {}
        TextSource::Blank => return Err("eine leere Seite mit Text".into()),
        _ => return Err("sie stammt nicht von Tesseract".into()),
    }
    let names = [
        match &page.facts.source {
            TextSource::Ocr { model } => Some(model.as_str()),
            _ => None,
        },
        page.facts.script.as_deref(),
    ];
    if names
        .iter()
        .flatten()
        .any(|n| n.len() > MAX_MODEL || !xml_text(n))
    {
        return Err("Modell oder Schrift mit Steuerzeichen oder zu lang".into());
    }
    let unit = |v: Option<f32>| v.is_none_or(|v| (0.0..=1.0).contains(&v));
    if !unit(page.facts.mean_confidence) || !page.facts.skew_degrees.is_finite() {
        return Err("Konfidenz oder Schräglage außerhalb ihres Bereichs".into());
    }
    let on_page = |b: &BBox| {
        u64::from(b.x) + u64::from(b.w) <= u64::from(width)
            && u64::from(b.y) + u64::from(b.h) <= u64::from(height)
    };
    let mut words = 0usize;
    for block in &text.blocks {
        if !on_page(&block.bbox) {
            return Err("ein Textblock liegt außerhalb der Seite".into());
        }
        for line in &block.lines {
            if !on_page(&line.bbox) {
                return Err("eine Zeile liegt außerhalb der Seite".into());
            }
            for word in &line.words {
                words += 1;
                if !on_page(&word.bbox) {
                    return Err(format!(
                        "das Wort {:?} liegt außerhalb der Seite",
                        word.text
                    ));
                }
                if word.text.len() > MAX_WORD || !unit(Some(word.confidence)) {
                    return Err(format!(
                        "das Wort {:?} ist zu lang oder seine Konfidenz ungültig",
                        word.text
                    ));
                }
                if !xml_text(&word.text) {
                    return Err(format!("das Wort {:?} enthält Steuerzeichen", word.text));
                }
            }
        }
    }
    if words > MAX_WORDS {
        return Err(format!("{words} Wörter; höchstens {MAX_WORDS} je Seite"));
    }
    Ok(())
}

/// Whether text can stand in ALTO and the PDF's text layer: no control characters and none
/// that XML 1.0 cannot hold.
fn xml_text(s: &str) -> bool {
    !s.chars()
        .any(|c| c.is_control() || c == '\u{fffe}' || c == '\u{ffff}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use aktenscan_model::{Block, Line, OcrFacts, Orientation, Word};

    fn page(width: u32, height: u32, word: BBox, source: TextSource) -> RecognisedPage {
        let line = Line {
            bbox: word,
            words: vec![Word {
                text: "Bauantrag".into(),
                bbox: word,
                confidence: 0.9,
            }],
        };
        RecognisedPage {
            page: 0,
            text: PageText {
                width,
                height,
                blocks: vec![Block {
                    bbox: word,
                    lines: vec![line],
                }],
            },
            facts: OcrFacts {
                source,
                orientation: Orientation::Upright,
                orientation_confidence: None,
                skew_degrees: 0.0,
                script: None,
                mean_confidence: Some(0.9),
                ocr_ms: 10,
            },
        }
    }

    fn ocr() -> TextSource {
        TextSource::Ocr {
            model: "deu".into(),
        }
    }

    #[test]
    fn a_recognition_is_taken_only_for_its_own_page_and_from_tesseract() {
        let word = BBox::new(100, 100, 200, 40);
        assert!(check(&page(1000, 1400, word, ocr()), 1000, 1400).is_ok());
        // Another page size, a word off the page, a claimed text layer: refused, with the reason.
        let other = check(&page(1000, 1400, word, ocr()), 1400, 1000).unwrap_err();
        assert!(other.contains("1000×1400"), "{other}");
        let off = check(
            &page(1000, 1400, BBox::new(900, 100, 200, 40), ocr()),
            1000,
            1400,
        );
        assert!(off.unwrap_err().contains("außerhalb der Seite"));
        let layer = check(
            &page(1000, 1400, word, TextSource::PdfTextLayer),
            1000,
            1400,
        );
        assert!(layer.unwrap_err().contains("Tesseract"));
        let mut unsure = page(1000, 1400, word, ocr());
        unsure.facts.mean_confidence = Some(f32::NAN);
        assert!(check(&unsure, 1000, 1400).is_err());
        // A control character would break the page's ALTO; a blank page has no words.
        let mut control = page(1000, 1400, word, ocr());
        control.text.blocks[0].lines[0].words[0].text = "Bau\u{1}antrag".into();
        assert!(check(&control, 1000, 1400)
            .unwrap_err()
            .contains("Steuerzeichen"));
        let blank = check(&page(1000, 1400, word, TextSource::Blank), 1000, 1400);
        assert!(blank.unwrap_err().contains("leere Seite"));
    }
}
