//! Recognition that starts before its ingest job exists: a scanner's pages are recognised (and
//! looked at for splitting) while the feeder still runs, and the job made when the batch ends
//! stores these results instead of recognising the pages again.

use crate::ingest::{open_source, recognise, Recognised, Settings};
use aktenscan_split::PageLook;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::JoinHandle;

/// What became of one early page: its look (for splitting) and its recognition, or why the
/// file could not be read (the job then reports it as it would any bad file).
pub(crate) struct EarlyPage {
    pub look: Option<PageLook>,
    pub result: Result<Recognised, String>,
}

/// Results by (file, page in the file).
pub(crate) type EarlyResults = HashMap<(PathBuf, usize), EarlyPage>;

/// A page recognised early: the file and whether it went well (for the window's page strip).
#[derive(Debug, Clone)]
pub struct Recognition {
    pub file: PathBuf,
    pub error: Option<String>,
}

/// Recognises files handed over one by one on worker threads of their own (each with its own
/// Tesseract engines), as many as [`Settings::jobs`].
pub struct EarlyRecognition {
    queue: Option<mpsc::Sender<PathBuf>>,
    workers: Vec<JoinHandle<()>>,
    results: Arc<Mutex<EarlyResults>>,
    heard: mpsc::Receiver<Recognition>,
}

/// The results of an [`EarlyRecognition`], for [`crate::ingest_recognised`].
#[derive(Default)]
pub struct Recognitions {
    pub(crate) pages: EarlyResults,
}

impl EarlyRecognition {
    /// Starts the workers; `split` says whether pages are looked at for separator sheets and
    /// blank sides too.
    pub fn start(settings: &Settings, split: bool) -> EarlyRecognition {
        let (queue, files) = mpsc::channel::<PathBuf>();
        let files = Arc::new(Mutex::new(files));
        let (tell, heard) = mpsc::channel();
        let results: Arc<Mutex<EarlyResults>> = Arc::default();
        let workers = (0..settings.jobs.clamp(1, 64))
            .filter_map(|i| {
                let files = files.clone();
                let results = results.clone();
                let tell = tell.clone();
                let ocr = settings.ocr.clone();
                let limits = settings.limits;
                std::thread::Builder::new()
                    .name(format!("ocr-early-{i}"))
                    .spawn(move || {
                        // The engine is made on the first page, so an idle worker costs nothing.
                        let mut engine: Option<Result<aktenscan_ocr::Engine, String>> = None;
                        loop {
                            let next = match files.lock() {
                                Ok(rx) => rx.recv(),
                                Err(_) => return,
                            };
                            let Ok(file) = next else { return };
                            let engine = engine.get_or_insert_with(|| {
                                aktenscan_ocr::Engine::new(ocr.clone()).map_err(|e| e.to_string())
                            });
                            let pages = recognise_file(engine, &file, limits, split);
                            // Without an engine nothing was recognised: told as such.
                            let error = match engine {
                                Err(e) => Some(e.clone()),
                                Ok(_) => pages
                                    .iter()
                                    .find_map(|(_, p)| p.result.as_ref().err().cloned()),
                            };
                            let told = Recognition {
                                file: file.clone(),
                                error,
                            };
                            if let Ok(mut r) = results.lock() {
                                r.extend(pages.into_iter().map(|(i, p)| ((file.clone(), i), p)));
                            }
                            let _ = tell.send(told);
                        }
                    })
                    .ok()
            })
            .collect();
        EarlyRecognition {
            queue: Some(queue),
            workers,
            results,
            heard,
        }
    }

    /// Hands over a file (a scanned page) to be recognised.
    pub fn add(&self, file: &Path) {
        if let Some(q) = &self.queue {
            let _ = q.send(file.to_path_buf());
        }
    }

    /// The files recognised since the last call, without waiting.
    pub fn recognised(&self) -> Vec<Recognition> {
        self.heard.try_iter().collect()
    }

    /// Waits for every file handed over; `each` hears of those not yet told.
    pub fn finish(mut self, each: &mut dyn FnMut(&Recognition)) -> Recognitions {
        self.queue = None;
        for told in self.heard.iter() {
            each(&told);
        }
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
        let pages = match Arc::try_unwrap(self.results) {
            Ok(m) => m.into_inner().unwrap_or_else(|e| e.into_inner()),
            Err(shared) => std::mem::take(&mut *shared.lock().unwrap_or_else(|e| e.into_inner())),
        };
        Recognitions { pages }
    }
}

/// Every page of one file, looked at and recognised.
fn recognise_file(
    engine: &mut Result<aktenscan_ocr::Engine, String>,
    file: &Path,
    limits: aktenscan_pages::Limits,
    split: bool,
) -> Vec<(usize, EarlyPage)> {
    // Without an engine the job recognises the pages itself and reports why it cannot.
    let Ok(engine) = engine else {
        return Vec::new();
    };
    let (_, source) = match open_source(file, limits) {
        Ok(s) => s,
        Err(error) => {
            return vec![(
                0,
                EarlyPage {
                    look: None,
                    result: Err(error),
                },
            )]
        }
    };
    let mut out = Vec::new();
    for index in 0..source.page_count() {
        let page = match source.page(index) {
            Ok(p) => p,
            Err(e) => {
                out.push((
                    index,
                    EarlyPage {
                        look: None,
                        result: Err(e.to_string()),
                    },
                ));
                continue;
            }
        };
        let look = if split {
            aktenscan_split::look(&page.image).ok()
        } else {
            None
        };
        let result = recognise(engine, page);
        out.push((index, EarlyPage { look, result }));
    }
    out
}
