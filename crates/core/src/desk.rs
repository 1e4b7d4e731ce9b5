//! A desk whose library is the town hall's server: where its pages are recognised
//! ([`OcrPlace`]), and its own recognition of the pages it scans or sends, carried to the server
//! with the files so that the server stores the text instead of recognising the pages again.

use crate::scan::{scan_to_send, ScanEvent, ScanProfile, ScanTarget, ScannedBatch};
use crate::CoreError;
use aktenscan_model::RecognisedFile;
use aktenscan_pipeline::{EarlyRecognition, Recognition, Settings};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// Where a desk's pages are recognised when its library is a server.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "lowercase")]
pub enum OcrPlace {
    /// The server recognises what the desk sends (one queue for every desk).
    #[default]
    Server,
    /// The desk recognises its pages on its own CPU, with its own Tesseract, and sends the text
    /// along; the server checks it against the pages and stores it.
    Arbeitsplatz,
}

impl std::str::FromStr for OcrPlace {
    type Err = String;
    fn from_str(s: &str) -> Result<OcrPlace, String> {
        match s.trim().to_lowercase().as_str() {
            "server" => Ok(OcrPlace::Server),
            "arbeitsplatz" | "workstation" | "desk" => Ok(OcrPlace::Arbeitsplatz),
            other => Err(format!("Texterkennung {other:?}: server oder arbeitsplatz")),
        }
    }
}

impl std::fmt::Display for OcrPlace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            OcrPlace::Server => "server",
            OcrPlace::Arbeitsplatz => "arbeitsplatz",
        })
    }
}

/// The desk's own recognition of a batch: pages handed over as they are scanned are recognised
/// meanwhile on worker threads (as many as the settings' jobs).
pub struct DeskRecognition {
    early: EarlyRecognition,
}

impl DeskRecognition {
    pub fn start(settings: &Settings) -> DeskRecognition {
        DeskRecognition {
            early: EarlyRecognition::start(settings, false),
        }
    }

    /// Hands over a page file (recognised on a worker while the caller goes on).
    pub fn add(&self, file: &Path) {
        self.early.add(file);
    }

    /// Waits for every file handed over (`each` hears of each, with its error if it could not
    /// be recognised); gives what was recognised of each of `files`, in their order: `None` for
    /// a file the server recognises itself (unreadable here, or a page failed).
    pub fn finish(
        self,
        files: &[PathBuf],
        each: &mut dyn FnMut(&Recognition),
    ) -> Vec<Option<RecognisedFile>> {
        self.early.finish_for_sending(files, each)
    }
}

/// What became of one file a desk sends into a record on the server ([`send_files`]).
#[derive(Debug)]
pub enum FileSent<'a> {
    /// Recognised here; `error` says why not (the server then recognises it).
    Recognised {
        file: &'a Path,
        error: Option<&'a str>,
    },
    /// On its way (the answer comes once it is stored and searchable).
    Sending { file: &'a Path },
    Stored {
        file: &'a Path,
        stored: &'a aktenscan_client::Stored,
    },
    /// Not stored: refused by the server, unreadable here, the server gone.
    Failed {
        file: &'a Path,
        error: &'a aktenscan_client::ClientError,
    },
}

/// Sends files into a record on the server, each a document. With `recognise` (the desk's
/// settings, for [`OcrPlace::Arbeitsplatz`]) they are recognised here first, as many at once
/// as the settings' jobs, and each file's text goes along. `each` hears of every step; `stop`
/// ends the sending before the next file (a file on its way is stored whole or not at all).
/// Returns how many files were stored.
pub fn send_files(
    server: &aktenscan_client::Server,
    record: &str,
    files: &[PathBuf],
    recognise: Option<&Settings>,
    each: &mut dyn FnMut(FileSent<'_>),
    stop: &AtomicBool,
) -> usize {
    let at_once = recognise.map_or(files.len(), |s| s.jobs.max(1));
    let mut stored = 0;
    for group in files.chunks(at_once.max(1)) {
        if stop.load(std::sync::atomic::Ordering::SeqCst) {
            break;
        }
        let texts = match recognise {
            Some(settings) => aktenscan_pipeline::recognise_files(group, settings, &mut |r| {
                each(FileSent::Recognised {
                    file: &r.file,
                    error: r.error.as_deref(),
                })
            }),
            None => vec![None; group.len()],
        };
        for (file, text) in group.iter().zip(&texts) {
            if stop.load(std::sync::atomic::Ordering::SeqCst) {
                return stored;
            }
            each(FileSent::Sending { file });
            match server.send_file(record, file, text.as_ref()) {
                Ok(answer) => {
                    stored += usize::from(answer.fehler.is_empty());
                    each(FileSent::Stored {
                        file,
                        stored: &answer,
                    });
                }
                Err(error) => each(FileSent::Failed {
                    file,
                    error: &error,
                }),
            }
        }
    }
    stored
}

/// A batch a desk scanned for a record on the server, and what it recognised of each page file
/// (in the order of `batch.protocol.files`; empty where the server recognises).
pub struct ScannedForServer {
    pub batch: ScannedBatch,
    pub recognised: Vec<Option<RecognisedFile>>,
}

/// A desk's scan for a record on the server: the batch is scanned into `outbox`
/// ([`scan_to_send`]) and, with `recognise` (the desk's settings, for
/// [`OcrPlace::Arbeitsplatz`]), each page recognised here while the feeder runs. `on_event`
/// hears of each page scanned, and recognised, as in [`crate::Workspace::scan`].
pub fn scan_for_server(
    outbox: &Path,
    profile: &ScanProfile,
    target: &ScanTarget,
    recognise: Option<&Settings>,
    on_event: &mut dyn FnMut(ScanEvent<'_>),
    stop: &AtomicBool,
) -> Result<ScannedForServer, CoreError> {
    let here = recognise.map(DeskRecognition::start);
    let mut numbers: HashMap<PathBuf, usize> = HashMap::new();
    let scanned = {
        let mut on_page = |page: usize, file: &Path| {
            if let Some(here) = &here {
                here.add(file);
                numbers.insert(file.to_path_buf(), page);
            }
            on_event(ScanEvent::Scanned { page, file });
        };
        scan_to_send(outbox, profile, target, &mut on_page, stop)
    };
    let files = scanned
        .as_ref()
        .map(|s| s.protocol.files.clone())
        .unwrap_or_default();
    let recognised = match here {
        Some(here) => here.finish(&files, &mut |r| {
            on_event(ScanEvent::Recognised {
                page: numbers.get(&r.file).copied().unwrap_or(0),
                file: &r.file,
                error: r.error.as_deref(),
            })
        }),
        None => Vec::new(),
    };
    Ok(ScannedForServer {
        batch: scanned?,
        recognised,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_place_of_recognition_reads_as_a_clerk_writes_it() {
        assert_eq!(
            "Arbeitsplatz".parse::<OcrPlace>(),
            Ok(OcrPlace::Arbeitsplatz)
        );
        assert_eq!(" server ".parse::<OcrPlace>(), Ok(OcrPlace::Server));
        assert!("lokal"
            .parse::<OcrPlace>()
            .unwrap_err()
            .contains("server oder arbeitsplatz"));
        assert_eq!(OcrPlace::Arbeitsplatz.to_string(), "arbeitsplatz");
    }
}
