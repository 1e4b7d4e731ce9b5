//! `POST /api/export`: an Archivar hands records over as an xdomea 0503 Aussonderung or 0401
//! Abgabe. The package is written into a folder of its own under `tmp/export/`, streamed to her
//! as a ZIP download and removed; each exported record is an audit entry under her name. A record
//! that is not ready is refused with the German list of what is missing, and nothing is written.

use crate::routes::{as_person, bad_json, ApiError, On};
use crate::Shared;
use aktenscan_core::{CoreError, MessageKind};
use axum::body::{Body, Bytes};
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::io::AsyncReadExt;

/// The most records one export may name.
const MAX_RECORDS: usize = 1000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExportBody {
    /// Whole record ids.
    akten: Vec<String>,
    /// `0503` (Aussonderung, to the archive) or `0401` (Abgabe, to another e-file system).
    format: String,
}

/// A package's folder under `tmp/export/`, removed when this is dropped: once the ZIP is open
/// for sending, on a refusal, and when the asker went away while it was written.
struct Folder(PathBuf);

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A finished package: where its ZIP is, and what the answer's headers say of it.
struct Package {
    folder: Folder,
    zip: PathBuf,
    prozess_id: String,
    sha256: String,
    documents: usize,
}

pub(crate) async fn export(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Result<Json<ExportBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(bad_json)?;
    let Some(kind) = MessageKind::from_code(&body.format) else {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "format „{}“: 0503 (Aussonderung) oder 0401 (Abgabe)",
                body.format
            ),
        ));
    };
    if body.akten.len() > MAX_RECORDS {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("akten: höchstens {MAX_RECORDS} Akten in einem Export"),
        ));
    }
    let out = shared.exports.join(aktenscan_store::new_id());
    let package = as_person(
        shared,
        &headers,
        Method::POST,
        On::Reader,
        move |ws, who| {
            let folder = Folder(out);
            let written = ws
                .export_as(who, kind, &body.akten, &folder.0)
                .map_err(refusal)?;
            Ok(Package {
                folder,
                zip: written.zip,
                prozess_id: written.prozess_id,
                sha256: written.zip_sha256,
                documents: written.documents.len(),
            })
        },
    )
    .await?;
    let file = tokio::fs::File::open(&package.zip).await;
    let name = package
        .zip
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| format!("{}.zip", package.prozess_id));
    let Package {
        folder,
        prozess_id,
        sha256,
        documents,
        ..
    } = package;
    // The open file is read to its end; the folder goes now, also when the download breaks off.
    let _ = tokio::task::spawn_blocking(move || drop(folder)).await;
    let file = file.map_err(crate::upload::io_error)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
            (
                header::HeaderName::from_static("x-aktenscan-prozess-id"),
                prozess_id,
            ),
            (
                header::HeaderName::from_static("x-aktenscan-sha256"),
                sha256,
            ),
            (
                header::HeaderName::from_static("x-aktenscan-dokumente"),
                documents.to_string(),
            ),
        ],
        Body::from_stream(chunks(file)),
    )
        .into_response())
}

/// A record that is not ready: 422 with what is missing, per record; anything else as usual.
fn refusal(e: CoreError) -> ApiError {
    match e {
        CoreError::Xdomea(aktenscan_xdomea::XdomeaError::Refused(refusal)) => {
            let missing: Vec<_> = refusal
                .0
                .iter()
                .map(|m| json!({ "akte": m.akte, "probleme": m.problems }))
                .collect();
            ApiError::with_body(
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "fehler": refusal.to_string(), "fehlend": missing }),
            )
        }
        other => ApiError::from(other),
    }
}

/// The file in pieces of 64 KiB, ending at its end or at the first read error.
fn chunks(
    file: tokio::fs::File,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    futures_util::stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let mut buf = vec![0u8; 64 * 1024];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(Bytes::from(buf)), Some(file)))
            }
            Err(e) => Some((Err(e), None)),
        }
    })
}
