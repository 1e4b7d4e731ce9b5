//! The hot folder of a desk whose library is the town hall's server: each complete file is sent
//! into one record there (`aktenscan_client`), where it is recognised, archived and indexed under
//! the signed-in person's name. A server that does not answer, or a session that ended, does not
//! cost a file: it stays claimed and is sent again, with the claim's key, so that the server
//! answers a repeated sending with what it stored the first time instead of storing it twice.
//! What the server refuses for the file itself (its type, its size, an unreadable file) goes to
//! `fehler/`. A refused sign-in (a changed password) or a lost right to the record stops the
//! watch: it is not the files' fault, and signing in again and again would lock the account.

use crate::{Claim, Delivery, Destination, HotFolderError, Stored};
use aktenscan_client::{ClientError, Server};
use aktenscan_pipeline::Progress;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// Signs in to the server (again, once a session has ended).
pub type Connect = Box<dyn FnMut() -> Result<Server, ClientError> + Send>;

/// How often the server may fail on one file (a 5xx) before it goes to `fehler/`.
const SERVER_FAILURES: u32 = 5;

/// Sends each file into the record `record` of a server.
pub struct ServerDestination {
    record: String,
    connect: Connect,
    server: Option<Server>,
    /// Server errors (5xx) per claimed file.
    failures: HashMap<PathBuf, u32>,
    /// Recognise each file here before it is sent, with these settings (else the server does).
    recognise: Option<aktenscan_pipeline::Settings>,
    /// What was recognised of a claimed file not yet delivered (kept while the server waits).
    recognised: HashMap<PathBuf, Option<aktenscan_model::RecognisedFile>>,
}

impl ServerDestination {
    /// Signs in with `connect` and asks the server whether the person may send into `record`:
    /// a wrong record or right is told before any file is taken.
    pub fn new(record: &str, mut connect: Connect) -> Result<ServerDestination, ClientError> {
        let server = connect()?;
        server.may_send(record)?;
        Ok(ServerDestination {
            record: record.to_string(),
            connect,
            server: Some(server),
            failures: HashMap::new(),
            recognise: None,
            recognised: HashMap::new(),
        })
    }

    /// Each file is recognised at this desk (`--ocr arbeitsplatz`) and its text sent with it.
    pub fn recognising_here(mut self, settings: aktenscan_pipeline::Settings) -> Self {
        self.recognise = Some(settings);
        self
    }

    /// A session that may send into the record: signed in again when the last one ended.
    /// `Ok(Err(reason))`: the server does not answer now.
    fn session(&mut self) -> Result<Result<&Server, String>, HotFolderError> {
        for attempt in 0..2 {
            let server = match self.server.take() {
                Some(server) => server,
                None => match (self.connect)() {
                    Ok(server) => server,
                    Err(e @ ClientError::Refused { .. }) => return Err(stopped(e)),
                    Err(e) => return Ok(Err(e.to_string())),
                },
            };
            match server.may_send(&self.record) {
                Ok(()) => return Ok(Ok(self.server.insert(server))),
                // The session ended (idle, its lifetime, the server restarted): once more.
                Err(ClientError::Refused { status: 401, .. }) if attempt == 0 => {}
                Err(e @ ClientError::Refused { status, .. }) if status < 500 => {
                    return Err(stopped(e))
                }
                Err(e) => return Ok(Err(e.to_string())),
            }
        }
        Ok(Err("die Anmeldung am Server hält nicht".into()))
    }
}

fn stopped(e: ClientError) -> HotFolderError {
    HotFolderError::Destination(format!("der Server nimmt keine Dateien an: {e}"))
}

/// The claim's key, from the claimed file's unique prefix (`in-arbeit/<key>-<name>`).
fn key(file: &Path) -> Option<String> {
    let name = file.file_name()?.to_string_lossy().into_owned();
    let (key, _) = name.split_once('-')?;
    (key.len() >= 8 && key.chars().all(|c| c.is_ascii_hexdigit())).then(|| key.to_string())
}

impl Destination for ServerDestination {
    fn deliver(
        &mut self,
        file: &Path,
        claim: &Claim,
        _progress: &mut dyn Progress,
        _stop: &AtomicBool,
    ) -> Result<Delivery, HotFolderError> {
        let record = self.record.clone();
        // Recognised once, kept while the server makes the file wait.
        let recognised = match &self.recognise {
            Some(settings) => self
                .recognised
                .entry(file.to_path_buf())
                .or_insert_with(|| {
                    aktenscan_pipeline::recognise_files(
                        &[file.to_path_buf()],
                        settings,
                        &mut |_| {},
                    )
                    .pop()
                    .flatten()
                })
                .clone(),
            None => None,
        };
        let server = match self.session()? {
            Ok(server) => server,
            Err(reason) => return Ok(Delivery::Later(reason)),
        };
        let sent = server.send_file_named(
            &record,
            file,
            &claim.original_name,
            key(file).as_deref(),
            recognised.as_ref(),
        );
        let delivery = match sent {
            Ok(stored) => {
                self.failures.remove(file);
                if stored.fehler.is_empty() {
                    Delivery::Stored(Stored {
                        pages: stored.dokumente.iter().map(|d| d.seiten).sum(),
                        documents: stored.dokumente.len(),
                        record_id: stored.akte,
                    })
                } else {
                    let reasons: Vec<_> = stored.fehler.iter().map(|f| f.grund.clone()).collect();
                    Delivery::Refused(reasons.join("\n"))
                }
            }
            // Still being stored from an earlier sending (or the session ended meanwhile):
            // asked again at the next round, with the same key.
            Err(
                e @ ClientError::Refused {
                    status: 401 | 409 | 429,
                    ..
                },
            ) => {
                self.server = None;
                Delivery::Later(e.to_string())
            }
            Err(e @ ClientError::Refused { status, .. }) if status < 500 => {
                Delivery::Refused(e.to_string())
            }
            Err(e @ (ClientError::TooLarge { .. } | ClientError::File { .. })) => {
                Delivery::Refused(e.to_string())
            }
            Err(e @ ClientError::Refused { .. }) => {
                let failed = self.failures.entry(file.to_path_buf()).or_default();
                *failed += 1;
                if *failed >= SERVER_FAILURES {
                    self.failures.remove(file);
                    Delivery::Refused(format!(
                        "der Server scheiterte {SERVER_FAILURES}-mal an der Datei: {e}"
                    ))
                } else {
                    Delivery::Later(e.to_string())
                }
            }
            // Not answering, a broken connection: later, with the same key.
            Err(e) => {
                self.server = None;
                Delivery::Later(e.to_string())
            }
        };
        if !matches!(delivery, Delivery::Later(_)) {
            self.recognised.remove(file);
        }
        Ok(delivery)
    }

    /// A claim's own note is all a desk knows of what the server stored; a sending repeated
    /// with the claim's key finds the rest.
    fn stored_before(
        &mut self,
        _file: &Path,
        _claim: &Claim,
    ) -> Result<Option<Stored>, HotFolderError> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_claimed_file_keys_its_sendings() {
        let file = std::path::Path::new("/eingang/in-arbeit/0a1b2c3d4e5f-Bauantrag-neu.pdf");
        assert_eq!(super::key(file).as_deref(), Some("0a1b2c3d4e5f"));
        assert_eq!(super::key(std::path::Path::new("/eingang/scan.pdf")), None);
    }
}
