//! xdomea export (and import) for Aktenscan: records leave the library as 0503
//! Aussonderung.Aussonderung (to an archive) or 0401 Abgabe.Abgabe (to another e-file system)
//! messages, xdomea 3.1.0 by default or 3.0.0, packed as the flat ZIP the standard names,
//! optionally inside a BagIt bag; each document carries its TR-RESISCAN scan protocol.
//!
//! The flow: [`prepare`] reads and checks the records (refusing with a German list of what is
//! missing), [`write_package`] writes the ZIP (and bag) atomically, [`export`] does both and
//! records the export in the audit log. [`import`] reads such a package (ours or another
//! system's) back into the library.

mod codes;
mod collect;
mod import;
mod message;
mod package;
mod profile;
mod read;
mod scan;

pub use codes::{DATEIFORMAT_VERSION, PDFA};
pub use collect::{
    date_bound, field_name, prepare, short_title, ExportRequest, Missing, Payload, Prepared,
    Refusal, AKTE_EXTENSION,
};
pub use import::{import, ImportReport, ImportedDocument, ImportedRecord, IngestFn, IngestOutcome};
pub use message::{
    write_message, Akte, Dokument, Extension, Field, History, Message, MessageKind, Party,
    Primaerdokument, Retention, XdomeaVersion,
};
pub use package::{write_package, Written};
pub use profile::{Profile, Stelle, PROFILE_FILE};
pub use read::read_message;
pub use scan::{protocol, scan_protocol, transfervermerk, CaptureOf, ScanFacts, SCAN_EXTENSION};

use aktenscan_store::{Library, StoreError};
use std::path::{Path, PathBuf};

/// Errors of export and import.
#[derive(Debug, thiserror::Error)]
pub enum XdomeaError {
    /// Required metadata is missing; the message is the German list for the clerk.
    #[error("{0}")]
    Refused(Refusal),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("writing XML failed: {0}")]
    Xml(#[from] std::io::Error),
    #[error("ZIP: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("{0} exists already; nothing was overwritten")]
    Exists(PathBuf),
    #[error(
        "{0}: stored file changed while it was exported (SHA-256 differs); nothing was written"
    )]
    Damaged(PathBuf),
    #[error("not an xdomea 0503/0401 message: {0}")]
    NotXdomea(String),
    #[error("ingest of the primary documents failed: {0}")]
    Ingest(String),
    #[error("profile {path}: {reason}")]
    Profile { path: PathBuf, reason: String },
}

/// Prepares, writes and audits an export: one `record.export` entry per record, written only
/// once the package is complete. `capture` tells how each document was captured (for its scan
/// protocol).
pub fn export(
    lib: &mut Library,
    req: &ExportRequest,
    out_dir: &Path,
    bag: bool,
    capture: CaptureOf<'_>,
) -> Result<Written, XdomeaError> {
    let prepared = prepare(lib, req, capture)?;
    let written = write_package(&prepared, out_dir, bag)?;
    for akte in &prepared.message.akten {
        lib.audit(
            aktenscan_model::AuditAction::RecordExport,
            &akte.id,
            &serde_json::json!({
                "message": prepared.message.kind.code(),
                "xdomea": prepared.message.version.as_str(),
                "prozess_id": written.prozess_id,
                "zip": written.zip.file_name().map(|n| n.to_string_lossy().into_owned()),
                "zip_sha256": written.zip_sha256,
                "bag": written.bag.is_some(),
            }),
        )?;
    }
    Ok(written)
}
