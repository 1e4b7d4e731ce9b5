//! `POST /api/akten/{id}/stapel`: a desk sends the pages of a batch it scanned (multipart: the
//! scanner's protocol, then the page files in scan order); they arrive in a folder of their own
//! under `tmp/upload/` and become one document of the record (split at separator sheets if
//! asked), recognised and indexed on this server, once the whole batch has arrived.

use crate::routes::ApiError;
use crate::upload::{
    announced, drain, file_name, io_error, may_capture, store, too_large, write_stream,
    DRAIN_BYTES, DRAIN_TIME,
};
use crate::Shared;
use aktenscan_core::{Sending, SentBatch};
use aktenscan_model::{RecognisedFile, ScanProtocol};
use axum::extract::multipart::{Field, Multipart};
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::Response;
use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;

/// The most bytes of the protocol and of a yes/no field.
const SMALL_FIELD: usize = 1 << 20;
/// The most pages of one batch (a full feeder is 50 to 500 sheets).
pub const MAX_PAGES: usize = 5000;

pub(crate) async fn batch(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(record): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    // Announced too large: refused before the body is sent (`Expect: 100-continue`) or read.
    if announced(&headers).is_some_and(|n| n > shared.upload_limit + SMALL_FIELD as u64) {
        return Err(too_large("Stapel", shared.upload_limit));
    }
    // Asked before a byte of the body is kept.
    let checked = async {
        let multipart = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !multipart {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "Anfrage: multipart/form-data erwartet (protokoll, seite …)",
            ));
        }
        may_capture(&shared, &headers, Method::POST, &record).await
    };
    if let Err(e) = checked.await {
        return Err(drain(&mut request.into_body().into_data_stream(), e).await);
    }
    let mut form = Multipart::from_request(request, &()).await.map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("Anfrage: multipart/form-data erwartet ({})", e.body_text()),
        )
    })?;
    let folder = shared.uploads.join(aktenscan_store::new_id());
    let received = receive(&mut form, &folder, shared.upload_limit).await;
    let sent = match received {
        Ok(ok) => ok,
        Err(e) => {
            let _ = tokio::fs::remove_dir_all(&folder).await;
            drain_form(&mut form).await;
            return Err(e);
        }
    };
    let what = format!("Stapel von {} Seite(n)", sent.files.len());
    store(shared, headers, record, folder, sent, what).await
}

/// `GET`: whether the signed-in person may send into the record (204), asked by a desk before
/// it scans a batch for it; 403 or 404 as a sending would get.
pub(crate) async fn may_send(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(record): Path<String>,
) -> Result<StatusCode, ApiError> {
    may_capture(&shared, &headers, Method::GET, &record).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Reads the form's fields: `protokoll` (JSON, the scanner's facts), `trennblaetter` and
/// `duplex` (`ja`/`nein`), and the pages, each a `seite` with its file name, kept as
/// `0001-name` so that scan order stays, and after it, when the desk recognised the page
/// itself, its `erkennung` (JSON).
async fn receive(form: &mut Multipart, folder: &FsPath, limit: u64) -> Result<Sending, ApiError> {
    let broken = |e: axum::extract::multipart::MultipartError| {
        ApiError::new(
            e.status(),
            format!("Stapel: Übertragung abgebrochen oder fehlerhaft ({e}); nichts gespeichert"),
        )
    };
    tokio::fs::create_dir_all(folder).await.map_err(io_error)?;
    let mut protocol: Option<ScanProtocol> = None;
    let mut split = aktenscan_split::SplitOptions::default();
    let mut files = Vec::new();
    let mut recognised: Vec<(PathBuf, RecognisedFile)> = Vec::new();
    let mut received = 0u64;
    while let Some(field) = form.next_field().await.map_err(broken)? {
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "seite" => {
                let mut field = field;
                if files.len() >= MAX_PAGES {
                    return Err(ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        format!("Stapel: mehr als {MAX_PAGES} Seiten; bitte teilen"),
                    ));
                }
                let Some(sent) = field.file_name().map(str::to_string) else {
                    return Err(ApiError::new(
                        StatusCode::BAD_REQUEST,
                        format!("seite {}: Dateiname fehlt (filename=…)", files.len() + 1),
                    ));
                };
                let clean = file_name(&sent)?;
                let path = folder.join(format!("{:04}-{clean}", files.len() + 1));
                write_stream(&mut field, &path, &mut received, (limit, "Stapel"), &clean).await?;
                files.push(path);
            }
            "erkennung" => {
                // Belongs to the page sent right before it, and to that page only.
                let Some(page) = files.last().cloned() else {
                    return Err(ApiError::new(
                        StatusCode::BAD_REQUEST,
                        "erkennung vor der ersten seite: sie folgt der Seite, zu der sie gehört",
                    ));
                };
                if recognised.last().is_some_and(|(p, _)| p == &page) {
                    return Err(ApiError::new(
                        StatusCode::BAD_REQUEST,
                        format!("seite {}: zwei Erkennungen", files.len()),
                    ));
                }
                let what = format!("seite {}", files.len());
                let file = recognition(field, &what, &mut received, limit).await?;
                recognised.push((page, file));
            }
            "protokoll" => {
                let text = small(field, &name, &mut received, (limit, SMALL_FIELD)).await?;
                protocol = Some(serde_json::from_slice(&text).map_err(|e| {
                    ApiError::new(
                        StatusCode::BAD_REQUEST,
                        format!("protokoll: kein Scanprotokoll ({e})"),
                    )
                })?);
            }
            "leer" => {
                let text = small(field, &name, &mut received, (limit, SMALL_FIELD)).await?;
                let share: f32 = String::from_utf8_lossy(&text).trim().parse().map_err(|_| {
                    ApiError::new(StatusCode::BAD_REQUEST, "leer: ein Anteil von 0 bis 1")
                })?;
                if !(0.0..1.0).contains(&share) {
                    return Err(ApiError::new(
                        StatusCode::BAD_REQUEST,
                        "leer: ein Anteil von 0 bis 1",
                    ));
                }
                split.blank_ink = share;
            }
            "trennblaetter" | "duplex" => {
                let text = small(field, &name, &mut received, (limit, SMALL_FIELD)).await?;
                let yes = match String::from_utf8_lossy(&text).trim() {
                    "ja" | "1" | "true" => true,
                    "nein" | "0" | "false" => false,
                    other => {
                        return Err(ApiError::new(
                            StatusCode::BAD_REQUEST,
                            format!("{name}: ja oder nein, nicht {other:?}"),
                        ))
                    }
                };
                if name == "duplex" {
                    split.duplex = yes;
                } else {
                    split.separators = yes;
                }
            }
            _ => {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    format!(
                        "unbekanntes Feld {name:?}; ein Stapel hat protokoll, trennblaetter, duplex, leer, seite und erkennung"
                    ),
                ))
            }
        }
    }
    let Some(protocol) = protocol else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "protokoll fehlt: das Scanprotokoll des Stapels (scan.json)",
        ));
    };
    if files.is_empty() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "keine Seite gesendet (Feld seite)",
        ));
    }
    Ok(Sending {
        files,
        batch: Some(SentBatch { protocol, split }),
        recognised,
    })
}

/// A desk's recognition of the file `what` (an `erkennung` field, at most
/// [`aktenscan_model::MAX_RECOGNITION_BYTES`] of JSON).
pub(crate) async fn recognition(
    field: Field<'_>,
    what: &str,
    received: &mut u64,
    limit: u64,
) -> Result<RecognisedFile, ApiError> {
    let most = aktenscan_model::MAX_RECOGNITION_BYTES;
    let text = small(field, "erkennung", received, (limit, most)).await?;
    serde_json::from_slice(&text).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("erkennung der {what}: keine Texterkennung ({e})"),
        )
    })
}

/// Reads what is left of a refused form (as [`drain`] does for a file).
pub(crate) async fn drain_form(form: &mut Multipart) {
    let _ = tokio::time::timeout(DRAIN_TIME, async {
        let mut left = DRAIN_BYTES;
        while let Ok(Some(mut field)) = form.next_field().await {
            while let Ok(Some(chunk)) = field.chunk().await {
                let n = chunk.len() as u64;
                if n >= left {
                    return;
                }
                left -= n;
            }
        }
    })
    .await;
}

/// A field's whole text, at most `most` bytes, counted into `received` (so that repeated
/// fields cannot pass the batch's `limit`).
async fn small(
    mut field: Field<'_>,
    name: &str,
    received: &mut u64,
    (limit, most): (u64, usize),
) -> Result<Vec<u8>, ApiError> {
    let mut out = Vec::new();
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| ApiError::new(e.status(), format!("{name}: Übertragung abgebrochen ({e})")))?
    {
        out.extend_from_slice(&chunk);
        *received += chunk.len() as u64;
        if *received > limit {
            return Err(too_large("Stapel", limit));
        }
        if out.len() > most {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("{name}: länger als {} MB", most >> 20),
            ));
        }
    }
    Ok(out)
}
