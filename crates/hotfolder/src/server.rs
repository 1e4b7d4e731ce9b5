//! The hot folder of a desk whose library is the town hall's server: each complete file is sent
//! into one record there (`aktenscan_client`), where it is recognised, archived and indexed under
//! the signed-in person's name. A server that does not answer, or a session that ended, does not
//! cost a file: it stays claimed and is sent again; only what the server refuses for the file
//! itself (its type, its size, an unreadable file, no right) goes to `fehler/`.

use crate::{Claim, Delivery, Destination, HotFolderError, Stored};
use aktenscan_client::{ClientError, Server};
use aktenscan_pipeline::Progress;
use std::path::Path;
use std::sync::atomic::AtomicBool;

/// Signs in to the server (again, once a session has ended).
pub type Connect = Box<dyn FnMut() -> Result<Server, ClientError> + Send>;

/// Sends each file into the record `record` of a server.
pub struct ServerDestination {
    record: String,
    connect: Connect,
    server: Option<Server>,
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
        })
    }

    fn send(&mut self, file: &Path, name: &str) -> Result<aktenscan_client::Stored, ClientError> {
        let server = match self.server.take() {
            Some(server) => server,
            None => (self.connect)()?,
        };
        let sent = server.send_file_named(&self.record, file, name);
        self.server = Some(server);
        sent
    }
}

impl Destination for ServerDestination {
    fn deliver(
        &mut self,
        file: &Path,
        claim: &Claim,
        _progress: &mut dyn Progress,
        _stop: &AtomicBool,
    ) -> Result<Delivery, HotFolderError> {
        let mut sent = self.send(file, &claim.original_name);
        if matches!(sent, Err(ClientError::Refused { status: 401, .. })) {
            // The session ended (idle or its lifetime): sign in again and send once more.
            self.server = None;
            sent = self.send(file, &claim.original_name);
        }
        Ok(match sent {
            Ok(stored) if stored.fehler.is_empty() => Delivery::Stored(Stored {
                pages: stored.dokumente.iter().map(|d| d.seiten).sum(),
                documents: stored.dokumente.len(),
                record_id: stored.akte,
            }),
            Ok(stored) => Delivery::Refused(
                stored
                    .fehler
                    .iter()
                    .map(|f| f.grund.clone())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Err(e) => match e {
                // Signed out and not signed in again (a changed password), or throttled: the
                // file is not at fault.
                ClientError::Refused {
                    status: 401 | 429, ..
                } => {
                    self.server = None;
                    Delivery::Later(e.to_string())
                }
                ClientError::Refused { status, .. } if (400..500).contains(&status) => {
                    Delivery::Refused(e.to_string())
                }
                ClientError::TooLarge { .. } | ClientError::File { .. } => {
                    Delivery::Refused(e.to_string())
                }
                // Not answering, a 5xx, a session that could not be renewed: later.
                other => {
                    self.server = None;
                    Delivery::Later(other.to_string())
                }
            },
        })
    }

    /// A claim's own note is all a desk knows of what the server stored.
    fn stored_before(
        &mut self,
        _file: &Path,
        _claim: &Claim,
    ) -> Result<Option<Stored>, HotFolderError> {
        Ok(None)
    }
}
