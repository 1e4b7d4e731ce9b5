//! `POST /api/akten/{id}/dokumente`: a desk sends a scanned or exported file into a record; it
//! arrives in a folder of its own under `tmp/upload/`, and is stored (recognised, archived,
//! indexed) on this server only once it has arrived whole. A sender who breaks off, a file over
//! the limit or of another type leaves nothing behind.

use crate::batch::recognition;
use crate::routes::{as_person, ApiError, On};
use crate::Shared;
use aktenscan_core::Sending;
use aktenscan_model::RecognisedFile;
use axum::body::Body;
use axum::extract::{FromRequest, Multipart};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::{Stream, StreamExt};
use serde::Deserialize;
use serde_json::json;
use std::path::{Path as FsPath, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use tokio::io::AsyncWriteExt;

#[derive(Deserialize)]
pub(crate) struct Sent {
    /// The file's name on the desk (`Bauantrag.pdf`): its ending says what it is, and it
    /// names the document's source.
    name: String,
    /// The sending's own key (letters, digits, `-`; 8 to 64): the same file sent again with the
    /// same key (after a broken connection) is answered with what the first sending stored,
    /// and not stored twice.
    schluessel: Option<String>,
}

pub(crate) async fn upload(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(record): Path<String>,
    sent: Result<Query<Sent>, axum::extract::rejection::QueryRejection>,
    request: axum::extract::Request,
) -> Result<Response, ApiError> {
    let limit = shared.upload_limit;
    // The parts stay for a multipart body (its extensions say that only our limit applies).
    let (parts, body) = request.into_parts();
    let mut stream = body.into_data_stream();
    let sent = sent
        .map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "name fehlt: der Dateiname (?name=Bauantrag.pdf)",
            )
        })
        .and_then(|Query(sent)| {
            let key = sent.schluessel.as_deref().map(folder_of_key).transpose()?;
            Ok((file_name(&sent.name)?, key))
        });
    let (name, key) = match sent {
        Ok(sent) => sent,
        Err(e) => return Err(drain(&mut stream, e).await),
    };
    // Announced too large: refused before the body is sent (`Expect: 100-continue`) or read.
    if announced(&headers).is_some_and(|n| n > limit) {
        return Err(too_large(&name, limit));
    }
    if let Err(e) = may_capture(&shared, &headers, Method::POST, &record).await {
        return Err(drain(&mut stream, e).await);
    }
    let folder = shared
        .uploads
        .join(key.unwrap_or_else(aktenscan_store::new_id));
    if folder
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with(KEYED))
    {
        match sent_before(&shared, &headers, &record, &folder).await {
            Ok(Some(answer)) => {
                let _ = drain(&mut stream, ApiError::new(StatusCode::OK, "")).await;
                return Ok(answer);
            }
            Ok(None) => {}
            Err(e) => return Err(drain(&mut stream, e).await),
        }
        // Only one sending of a key at a time; a folder left by an earlier one is being stored
        // (or is finished when the server starts again).
        if let Err(e) = tokio::fs::create_dir_all(&shared.uploads).await {
            return Err(drain(&mut stream, io_error(e)).await);
        }
        if tokio::fs::create_dir(&folder).await.is_err() {
            let busy = ApiError::new(
                StatusCode::CONFLICT,
                format!("{name}: wird noch gespeichert; später erneut senden"),
            );
            return Err(drain(&mut stream, busy).await);
        }
    }
    let path = folder.join(&name);
    let multipart = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let recognised = if multipart {
        // The file with the desk's recognition of it (`--ocr arbeitsplatz`).
        let request = axum::extract::Request::from_parts(parts, Body::from_stream(stream));
        let received = async {
            let mut form = Multipart::from_request(request, &()).await.map_err(|e| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    format!("{name}: multipart/form-data erwartet ({})", e.body_text()),
                )
            })?;
            let got = receive_form(&mut form, &folder, &path, limit, &name).await;
            if got.is_err() {
                crate::batch::drain_form(&mut form).await;
            }
            got
        };
        match received.await {
            Ok(recognised) => Some(recognised),
            Err(e) => {
                let _ = tokio::fs::remove_dir_all(&folder).await;
                return Err(e);
            }
        }
    } else {
        if let Err(e) = receive(&mut stream, &folder, &path, limit, &name).await {
            let _ = tokio::fs::remove_dir_all(&folder).await;
            return Err(drain(&mut stream, e).await);
        }
        None
    };
    let sent = Sending {
        files: vec![path.clone()],
        batch: None,
        recognised: recognised.map(|r| vec![(path, r)]).unwrap_or_default(),
    };
    store(shared, headers, record, folder, sent, name).await
}

/// Reads a file sent with the desk's recognition of it: the fields `datei` (the file; its
/// name is the one in `?name=`) and `erkennung` (JSON) after it.
async fn receive_form(
    form: &mut Multipart,
    folder: &FsPath,
    path: &FsPath,
    limit: u64,
    name: &str,
) -> Result<RecognisedFile, ApiError> {
    let broken = |e: axum::extract::multipart::MultipartError| {
        ApiError::new(
            e.status(),
            format!("{name}: Übertragung abgebrochen oder fehlerhaft ({e}); nichts gespeichert"),
        )
    };
    tokio::fs::create_dir_all(folder).await.map_err(io_error)?;
    let (mut received, mut file, mut recognised) = (0u64, false, None);
    while let Some(mut field) = form.next_field().await.map_err(broken)? {
        let kind = field.name().unwrap_or_default().to_string();
        match kind.as_str() {
            "datei" if !file => {
                write_stream(&mut field, path, &mut received, (limit, name), name).await?;
                file = true;
            }
            "erkennung" if file && recognised.is_none() => {
                let what = format!("Datei {name}");
                recognised = Some(recognition(field, &what, &mut received, limit).await?);
            }
            other => {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    format!(
                        "{name}: Feld {other:?} unerwartet; gesendet werden datei, dann erkennung"
                    ),
                ))
            }
        }
    }
    let missing = if file { "erkennung" } else { "datei" };
    recognised.ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("{name}: {missing} fehlt; ohne Erkennung die Datei allein senden"),
        )
    })
}

/// The start of the folder of a sending with a key.
const KEYED: &str = "k-";

/// The folder a sending with this key arrives in (`k-<key>`), or 400 for a key that is none.
fn folder_of_key(key: &str) -> Result<String, ApiError> {
    let fits =
        (8..=64).contains(&key.len()) && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if fits {
        Ok(format!("{KEYED}{key}"))
    } else {
        Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "schluessel: 8 bis 64 Buchstaben, Ziffern oder -",
        ))
    }
}

/// What a sending with the same key stored before, as its answer (200), if anything.
async fn sent_before(
    shared: &Arc<Shared>,
    headers: &HeaderMap,
    record: &str,
    folder: &FsPath,
) -> Result<Option<Response>, ApiError> {
    let (id, folder) = (record.to_string(), folder.to_path_buf());
    as_person(
        shared.clone(),
        headers,
        Method::POST,
        On::Reader,
        move |ws, who| {
            let documents = ws.stored_from_as(who, &id, &folder)?;
            if documents.is_empty() {
                return Ok(None);
            }
            let documents: Vec<_> = documents
                .iter()
                .map(|d| json!({ "id": d.id, "seiten": d.page_count }))
                .collect();
            Ok(Some(
                Json(json!({ "akte": id, "dokumente": documents, "fehler": [] })).into_response(),
            ))
        },
    )
    .await
}

/// The body's length as the sender announced it.
pub(crate) fn announced(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
}

/// How much of a refused body is still read and thrown away, and for how long: a sender that
/// writes its whole body before it reads the answer (most HTTP libraries) then gets the
/// refusal instead of a broken connection.
pub(crate) const DRAIN_BYTES: u64 = 64 << 20;
pub(crate) const DRAIN_TIME: std::time::Duration = std::time::Duration::from_secs(30);

/// How much of a body refused with `refusal` is read: one who did not sign in gets 1 MB of
/// the server's time at most.
pub(crate) fn drain_bytes(refusal: &ApiError) -> u64 {
    if refusal.status() == StatusCode::UNAUTHORIZED {
        1 << 20
    } else {
        DRAIN_BYTES
    }
}

/// Reads what is left of a refused body (up to [`DRAIN_BYTES`], for [`DRAIN_TIME`]), then
/// gives back the refusal.
pub(crate) async fn drain<B: AsRef<[u8]>, E>(
    stream: &mut (impl Stream<Item = Result<B, E>> + Unpin),
    refusal: ApiError,
) -> ApiError {
    let _ = tokio::time::timeout(DRAIN_TIME, async {
        let mut left = drain_bytes(&refusal);
        while let Some(Ok(data)) = stream.next().await {
            let n = data.as_ref().len() as u64;
            if n >= left {
                return;
            }
            left -= n;
        }
    })
    .await;
    refusal
}

/// Who sends, and may she add to this record? Asked before a byte is kept.
pub(crate) async fn may_capture(
    shared: &Arc<Shared>,
    headers: &HeaderMap,
    method: Method,
    record: &str,
) -> Result<(), ApiError> {
    let id = record.to_string();
    as_person(
        shared.clone(),
        headers,
        method,
        On::Reader,
        move |ws, who| Ok(ws.may_capture_as(who, &id)?),
    )
    .await
}

/// Stores the files received into `folder` into the record on the ingest lane (as a scanned batch
/// with `batch`), removes what was sent, and answers 201 with the documents made, or 422
/// naming `what` when nothing could be stored.
pub(crate) async fn store(
    shared: Arc<Shared>,
    headers: HeaderMap,
    record: String,
    folder: PathBuf,
    sending: Sending,
    what: String,
) -> Result<Response, ApiError> {
    let settings = shared.ingest.clone();
    let sent = folder.clone();
    let numbered = sending.batch.is_some();
    let stored = as_person(
        shared,
        &headers,
        Method::POST,
        On::Ingest,
        move |ws, who| {
            let cancel = AtomicBool::new(false);
            let report = ws.capture_as(who, &record, sending, &settings, &cancel);
            // Stored (the library keeps its own copy): the sent files are done with. An ingest
            // cut off by the server's end keeps them for `aktenscan resume`.
            if report.as_ref().is_ok_and(|r| !r.cancelled) {
                let _ = std::fs::remove_dir_all(&sent);
            }
            Ok(report?)
        },
    )
    .await;
    let stored = match stored {
        Ok(stored) => stored,
        Err(e) => {
            // Refused (the session ended meanwhile, the file unreadable): nothing of it stays.
            let _ = tokio::fs::remove_dir_all(&folder).await;
            return Err(e);
        }
    };
    let documents: Vec<_> = stored
        .documents
        .iter()
        .map(|d| json!({ "id": d.id, "seiten": d.pages }))
        .collect();
    let failures: Vec<_> = stored
        .failed
        .iter()
        .map(|f| json!({ "datei": sent_name(&f.path, numbered), "grund": f.error }))
        .collect();
    if documents.is_empty() {
        let reason = failures
            .first()
            .and_then(|f| f["grund"].as_str())
            .unwrap_or("keine Seite erkannt")
            .to_string();
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{what}: nicht gespeichert: {reason}"),
        ));
    }
    Ok((
        StatusCode::CREATED,
        Json(json!({ "akte": stored.record_id, "dokumente": documents, "fehler": failures })),
    )
        .into_response())
}

/// The longest name (bytes) a received file is kept under.
const MAX_NAME: usize = 150;

/// The name a received file was sent under (a batch's pages are kept as `0001-name`).
fn sent_name(path: &FsPath, numbered: bool) -> String {
    let last = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match last.split_once('-') {
        Some((number, rest)) if numbered && number.len() == 4 => rest.to_string(),
        _ => last,
    }
}

/// The name the file is kept under: the sent name's last part, letters, digits, `-`, `_`, `.`
/// and spaces only, with an ending an import reads (`aktenscan_acquire::INPUT_EXTENSIONS`).
pub(crate) fn file_name(sent: &str) -> Result<String, ApiError> {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' '))
        .collect();
    let clean = clean.trim().trim_start_matches('.').to_string();
    let ending = clean
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    // A file system takes 255 bytes in a name: a longer one keeps its start and its ending.
    let clean = match clean.rsplit_once('.') {
        Some((stem, end)) if clean.len() > MAX_NAME => {
            let mut short = String::new();
            for c in stem.chars() {
                if short.len() + c.len_utf8() + end.len() + 1 > MAX_NAME {
                    break;
                }
                short.push(c);
            }
            format!("{}.{end}", short.trim_end())
        }
        _ => clean,
    };
    if clean.is_empty() || !aktenscan_acquire::INPUT_EXTENSIONS.contains(&ending.as_str()) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "{sent}: kein lesbarer Dateityp; gesendet werden können PDF, TIFF, PNG und JPEG (Endung .pdf, .tif, .png, .jpg)"
            ),
        ));
    }
    Ok(clean)
}

pub(crate) fn too_large(name: &str, limit: u64) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "{name}: größer als die erlaubten {} MB (aktenscan serve --max-upload-mb)",
            limit >> 20
        ),
    )
}

/// Writes the body to `path` as it arrives, then to the disk (fsync); refuses it past `limit`
/// and when the sender breaks off.
async fn receive<B: AsRef<[u8]>, E>(
    stream: &mut (impl Stream<Item = Result<B, E>> + Unpin),
    folder: &FsPath,
    path: &FsPath,
    limit: u64,
    name: &str,
) -> Result<(), ApiError> {
    tokio::fs::create_dir_all(folder).await.map_err(io_error)?;
    let mut received = 0;
    write_stream(stream, path, &mut received, (limit, name), name).await
}

/// An I/O error on the server's side; the log names no file (a sent name may hold a
/// person's name).
pub(crate) fn io_error(e: std::io::Error) -> ApiError {
    eprintln!("aktenscan serve: Empfang einer Datei: {e}");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "interner Fehler (siehe Server-Protokoll)",
    )
}

/// Writes what arrives on `stream` to a new file at `path`, then to the disk (fsync), adding
/// to `received`; refuses it past `limit` (of all counted in `received`; the refusal names
/// what the limit is for: the file, or the batch), when the sender breaks off, and when
/// nothing arrives.
pub(crate) async fn write_stream<B: AsRef<[u8]>, E>(
    stream: &mut (impl Stream<Item = Result<B, E>> + Unpin),
    path: &FsPath,
    received: &mut u64,
    (limit, limited): (u64, &str),
    name: &str,
) -> Result<(), ApiError> {
    let mut file = tokio::fs::File::create(path).await.map_err(io_error)?;
    let before = *received;
    while let Some(data) = stream.next().await {
        let data = data.map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                format!(
                    "{name}: Übertragung abgebrochen nach {} Bytes; nichts gespeichert",
                    *received - before
                ),
            )
        })?;
        let data = data.as_ref();
        *received += data.len() as u64;
        if *received > limit {
            return Err(too_large(limited, limit));
        }
        file.write_all(data).await.map_err(io_error)?;
    }
    if *received == before {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("{name}: die Datei ist leer (0 Bytes)"),
        ));
    }
    file.sync_all().await.map_err(io_error)?;
    Ok(())
}
