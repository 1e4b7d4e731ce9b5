//! The routes of the JSON API: each finds the signed-in person, parses its input and calls one
//! use case of the core; refusals are German JSON (`{"fehler": …}`) with the fitting status.

use crate::Shared;
use aktenscan_access::AccessError;
use aktenscan_core::{CoreError, DocumentInput, PageView, RecordInput, Viewer, Workspace};
use aktenscan_index::{SearchRequest, Sort};
use aktenscan_store::StoreError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::net::SocketAddr;
use std::sync::Arc;

/// The session cookie: HttpOnly, SameSite=Strict (no other site's page can send it).
const COOKIE: &str = "aktenscan_sitzung";
/// The header a browser's changing request carries the session's CSRF token in.
const CSRF_HEADER: &str = "x-aktenscan-csrf";
/// The most hits one search returns.
const MAX_LIMIT: usize = 100;

type Shared_ = State<Arc<Shared>>;

pub(crate) fn router(shared: Arc<Shared>, body_limit: usize) -> Router {
    Router::new()
        .route("/api/anmelden", post(sign_in))
        .route("/api/abmelden", post(sign_out))
        .route("/api/ich", get(me))
        .route("/api/ich/passwort", post(crate::accounts::change_password))
        .route("/api/konten", get(crate::accounts::list))
        .route("/api/konten/{name}", put(crate::accounts::set))
        .route("/api/suche", get(search))
        .route("/api/akten", get(records))
        .route("/api/akten/{id}", get(record).put(update_record))
        .route(
            "/api/akten/{id}/dokumente",
            // The file's own limit (`--max-upload-mb`) is counted as it arrives.
            post(crate::upload::upload).layer(DefaultBodyLimit::disable()),
        )
        .route("/api/akten/{id}/vorschlaege", get(suggestions).post(decide))
        .route(
            "/api/akten/{id}/stapel",
            // The batch's own limit (`--max-upload-mb`) is counted as its pages arrive.
            post(crate::batch::batch)
                .layer(DefaultBodyLimit::disable())
                .get(crate::batch::may_send),
        )
        .route("/api/aktenplan", get(aktenplan))
        .route("/api/export", post(crate::export::export))
        .route("/api/dokumente/{id}", get(document).put(update_document))
        .route("/api/dokumente/{id}/sichtkontrolle", post(check_document))
        .route("/api/dokumente/{id}/pdf", get(pdf))
        .route("/api/dokumente/{id}/seiten", post(edit_pages))
        .route("/api/dokumente/{id}/seiten/{page}/{view}", get(page))
        .fallback(crate::ui::file)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::from_fn(crate::origin::app_origin))
        .layer(axum::middleware::map_response(secure_headers))
        .with_state(shared)
}

/// What every answer carries: no sniffing of types, no framing, no referrer, the strict CSP.
async fn secure_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CONTENT_SECURITY_POLICY, crate::ui::CSP),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

pub(crate) fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "nicht gefunden")
}

/// A refusal: status and German message.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    body: serde_json::Value,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            body: json!({ "fehler": message.into() }),
        }
    }

    pub(crate) fn with_body(status: StatusCode, body: serde_json::Value) -> ApiError {
        ApiError { status, body }
    }

    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }

    fn unauthorised() -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "nicht angemeldet")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> ApiError {
        match e {
            // Missing and not visible read alike, so that an id cannot be probed.
            CoreError::Store(StoreError::NotFound(_) | StoreError::Ambiguous(_))
            | CoreError::WrongKind { .. } => ApiError::new(StatusCode::NOT_FOUND, "nicht gefunden"),
            CoreError::Forbidden { .. } => ApiError::new(StatusCode::FORBIDDEN, e.to_string()),
            CoreError::NoSuchPage { .. } | CoreError::Refused(_) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string())
            }
            CoreError::Access(e) => ApiError::from(e),
            CoreError::Invalid(problems) => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                body: json!({
                    "fehler": problems.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join("; "),
                    "felder": problems.iter().map(|p| json!({"feld": p.field.code(), "meldung": p.message})).collect::<Vec<_>>(),
                }),
            },
            CoreError::Index(aktenscan_index::IndexError::Query(q)) => {
                ApiError::new(StatusCode::BAD_REQUEST, format!("Suchanfrage: {q}"))
            }
            other => {
                eprintln!("aktenscan serve: {other}");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "interner Fehler (siehe Server-Protokoll)",
                )
            }
        }
    }
}

impl From<AccessError> for ApiError {
    fn from(e: AccessError) -> ApiError {
        match e {
            AccessError::Refused => ApiError::new(StatusCode::UNAUTHORIZED, e.to_string()),
            AccessError::Throttled(_) => {
                ApiError::new(StatusCode::TOO_MANY_REQUESTS, e.to_string())
            }
            AccessError::WeakPassword => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string())
            }
            AccessError::Directory(detail) => {
                eprintln!("aktenscan serve: {detail}");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "das Verzeichnis (LDAP) antwortet nicht; bitte später wieder versuchen",
                )
            }
            other => {
                eprintln!("aktenscan serve: {other}");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "interner Fehler (siehe Server-Protokoll)",
                )
            }
        }
    }
}

pub(crate) fn bad_json(e: JsonRejection) -> ApiError {
    ApiError::new(e.status(), format!("Anfrage: {}", e.body_text()))
}

/// The session token of a request: `Authorization: Bearer …` (programs) or the cookie
/// (browsers; then a changing request must also carry the CSRF header).
struct Credentials {
    token: Option<String>,
    by_cookie: bool,
    csrf: Option<String>,
}

/// The session token a request carries (bearer or cookie), if any.
pub(crate) fn session_token(headers: &HeaderMap) -> Option<String> {
    credentials(headers).token
}

fn credentials(headers: &HeaderMap) -> Credentials {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string());
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().strip_prefix(COOKIE)?.strip_prefix('='))
        .map(str::to_string)
        .next();
    let csrf = headers
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    Credentials {
        by_cookie: bearer.is_none() && cookie.is_some(),
        token: bearer.or(cookie),
        csrf,
    }
}

/// Which of the library's workspaces a request runs on.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum On {
    /// One of the pool's readers, side by side with other requests (it may log to the audit).
    Reader,
    /// The writer, one change at a time (changes of records and documents).
    Writer,
    /// The ingest lane: a sent file recognised and stored, beside the writer's changes.
    Ingest,
}

/// Runs `f` on the library for the signed-in person, off the async threads, on a reader or the
/// writer. A changing request (not GET) by cookie needs the CSRF header.
pub(crate) async fn as_person<T: Send + 'static>(
    shared: Arc<Shared>,
    headers: &HeaderMap,
    method: Method,
    on: On,
    f: impl FnOnce(&mut Workspace, &Viewer) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let creds = credentials(headers);
    let Some(token) = creds.token else {
        return Err(ApiError::unauthorised());
    };
    tokio::task::spawn_blocking(move || {
        let safe = matches!(method, Method::GET | Method::HEAD);
        let (mut reader, mut writer);
        let ws: &mut Workspace = match on {
            On::Reader => {
                reader = shared.ws.reader()?;
                &mut reader
            }
            On::Writer => {
                writer = shared.ws.writer();
                &mut writer
            }
            On::Ingest => {
                writer = shared.ws.ingester();
                &mut writer
            }
        };
        let person = shared
            .gate
            .person(ws.library(), &token)?
            .ok_or_else(ApiError::unauthorised)?;
        if !safe && creds.by_cookie && creds.csrf.as_deref() != Some(person.csrf.as_str()) {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "CSRF-Token fehlt oder stimmt nicht (Kopfzeile X-Aktenscan-CSRF)",
            ));
        }
        let viewer = Viewer {
            name: person.name,
            role: person.role,
            clearance: person.clearance,
        };
        f(ws, &viewer)
    })
    .await
    .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "interner Fehler"))?
}

#[derive(Deserialize)]
struct SignIn {
    name: String,
    passwort: String,
}

#[derive(Serialize)]
struct SignedIn {
    name: String,
    rolle: aktenscan_model::Role,
    /// For programs: send as `Authorization: Bearer …`. Browsers use the cookie.
    token: String,
    /// For browsers: send back in the `X-Aktenscan-CSRF` header of every changing request.
    csrf: String,
    /// The most bytes a file or a scanned batch sent into a record may have.
    sendegrenze: u64,
    /// What her role may do (`suchen`, `erfassen`, `pruefen`, …): what the window offers.
    rechte: Vec<&'static str>,
}

async fn sign_in(
    State(shared): Shared_,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    body: Result<Json<SignIn>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(bad_json)?;
    let https = shared.https;
    let signed = tokio::task::spawn_blocking(move || -> Result<SignedIn, ApiError> {
        // Sign-in logs and may keep a directory account, but never touches the index.
        let mut ws = shared.ws.reader()?;
        let from = from.ip().to_string();
        let (signed, person) = ws.sign_in(&shared.gate, &body.name, &body.passwort, &from)?;
        Ok(SignedIn {
            name: person.name,
            rolle: person.role,
            token: signed.token,
            csrf: signed.session.csrf,
            sendegrenze: shared.upload_limit,
            rechte: person.role.permissions(),
        })
    })
    .await
    .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "interner Fehler"))??;
    let cookie = format!(
        "{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/{}",
        signed.token,
        if https { "; Secure" } else { "" }
    );
    let mut response = Json(&signed).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

async fn sign_out(State(shared): Shared_, headers: HeaderMap) -> Response {
    if let Some(token) = credentials(&headers).token {
        shared.gate.sign_out(&token);
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(value) = HeaderValue::from_str(&format!(
        "{COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"
    )) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

async fn me(State(shared): Shared_, headers: HeaderMap) -> Result<Response, ApiError> {
    let Some(token) = credentials(&headers).token else {
        return Err(ApiError::unauthorised());
    };
    tokio::task::spawn_blocking(move || {
        let ws = shared.ws.reader()?;
        let person = shared
            .gate
            .person(ws.library(), &token)?
            .ok_or_else(ApiError::unauthorised)?;
        Ok(Json(json!({
            "name": person.name,
            "rolle": person.role,
            "freigabe": person.clearance,
            "csrf": person.csrf,
            "sendegrenze": shared.upload_limit,
            "rechte": person.role.permissions(),
        }))
        .into_response())
    })
    .await
    .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "interner Fehler"))?
}

/// `q` (the words), `filter` (repeatable, as the search field takes them: `amt:Bauamt`),
/// `limit`, `sortierung=datum` (newest first; otherwise by relevance).
async fn search(
    State(shared): Shared_,
    headers: HeaderMap,
    params: Result<Query<Vec<(String, String)>>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(params) =
        params.map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.body_text()))?;
    let mut request = SearchRequest::new("");
    request.limit = 20;
    request.confidentiality = Vec::new();
    let mut has_query = false;
    for (key, value) in params {
        match key.as_str() {
            "q" => {
                request.query = value;
                has_query = true;
            }
            "filter" => request.filters.push(value),
            "limit" => {
                let limit: usize = value.parse().map_err(|_| {
                    ApiError::new(StatusCode::BAD_REQUEST, "limit: eine Zahl von 1 bis 100")
                })?;
                request.limit = limit.clamp(1, MAX_LIMIT);
            }
            "sortierung" if value == "datum" => request.sort = Sort::Date,
            "sortierung" if value == "relevanz" => request.sort = Sort::Relevance,
            _ => {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    format!("unbekannter Parameter {key}={value}"),
                ))
            }
        }
    }
    if !has_query {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "q fehlt: die gesuchten Wörter",
        ));
    }
    as_person(shared, &headers, Method::GET, On::Reader, move |ws, who| {
        Ok(Json(ws.search_as(who, &request)?).into_response())
    })
    .await
}

/// A record as the list shows it, with its documents.
#[derive(Serialize)]
struct RecordView {
    #[serde(flatten)]
    akte: aktenscan_store::RecordRow,
    dokumente: Vec<DocumentView>,
}

async fn records(State(shared): Shared_, headers: HeaderMap) -> Result<Response, ApiError> {
    as_person(shared, &headers, Method::GET, On::Reader, |ws, who| {
        let mut out = Vec::new();
        for (akte, documents) in ws.records_as(who)? {
            let dokumente = documents.iter().map(DocumentView::from).collect();
            out.push(RecordView { akte, dokumente });
        }
        Ok(Json(out).into_response())
    })
    .await
}

/// A document as a list shows it (no workstation paths).
#[derive(Serialize)]
struct DocumentView {
    id: String,
    record_id: String,
    position: i64,
    title: String,
    doc_type: Option<String>,
    doc_date: Option<String>,
    page_count: i64,
    status: String,
    pdf: bool,
}

impl From<&aktenscan_store::DocumentRow> for DocumentView {
    fn from(d: &aktenscan_store::DocumentRow) -> DocumentView {
        DocumentView {
            id: d.id.clone(),
            record_id: d.record_id.clone(),
            position: d.position,
            title: d.title.clone(),
            doc_type: d.doc_type.clone(),
            doc_date: d.doc_date.map(|x| x.to_string()),
            page_count: d.page_count,
            status: d.status.to_string(),
            pdf: d.pdf_file.is_some(),
        }
    }
}

async fn record(
    State(shared): Shared_,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    as_person(shared, &headers, Method::GET, On::Reader, move |ws, who| {
        let (record, documents) = ws.record_as(who, &id)?;
        let documents: Vec<DocumentView> = documents.iter().map(DocumentView::from).collect();
        Ok(Json(json!({ "akte": record, "dokumente": documents })).into_response())
    })
    .await
}

async fn update_record(
    State(shared): Shared_,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<RecordInput>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(input) = body.map_err(bad_json)?;
    as_person(shared, &headers, Method::PUT, On::Writer, move |ws, who| {
        Ok(Json(ws.update_record_as(who, &id, &input)?).into_response())
    })
    .await
}

async fn document(
    State(shared): Shared_,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    as_person(shared, &headers, Method::GET, On::Reader, move |ws, who| {
        let (document, record, pages) = ws.document_as(who, &id)?;
        let checks = ws.scan_checks_as(who, &id)?;
        let pages: Vec<serde_json::Value> = pages
            .iter()
            .map(|p| {
                json!({
                    "seite": p.page_no,
                    "breite": p.width,
                    "hoehe": p.height,
                    "drehung": p.rotation,
                    "drehung_anzeige": p.display_orientation().degrees(),
                    "konfidenz": p.ocr.mean_confidence,
                })
            })
            .collect();
        Ok(Json(json!({
            "dokument": DocumentView::from(&document),
            "akte": { "id": record.id, "titel": record.title },
            "seiten": pages,
            "pruefungen": checks,
        }))
        .into_response())
    })
    .await
}

/// What the rules read from the record's pages (Sachbearbeiter and above).
async fn suggestions(
    State(shared): Shared_,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    as_person(shared, &headers, Method::GET, On::Reader, move |ws, who| {
        Ok(Json(ws.suggest_as(who, &id)?).into_response())
    })
    .await
}

/// Her decisions on the suggestions: each accepted value is applied like an edit of the form.
async fn decide(
    State(shared): Shared_,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<Vec<aktenscan_core::Decision>>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(decisions) = body.map_err(bad_json)?;
    as_person(
        shared,
        &headers,
        Method::POST,
        On::Writer,
        move |ws, who| Ok(Json(ws.decide_as(who, &id, &decisions)?).into_response()),
    )
    .await
}

/// One edit of a document's pages (`{"op": "rotate", "page": 2, "degrees": 90}`, `move`,
/// `delete`, `split_at`): the PDF/A is written anew on a reader, beside the other desks, then
/// the edit is applied in the writer's turn and the index follows (Sachbearbeiter and above).
/// The answer says what was done, and the document a split made.
async fn edit_pages(
    State(shared): Shared_,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<aktenscan_store::PageEdit>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(edit) = body.map_err(bad_json)?;
    let tessdata = shared.ingest.ocr.tessdata.clone();
    let prepared = as_person(
        shared.clone(),
        &headers,
        Method::POST,
        On::Reader,
        move |ws, who| Ok(ws.prepare_page_edit_as(who, &id, edit, &tessdata)?),
    )
    .await?;
    as_person(
        shared,
        &headers,
        Method::POST,
        On::Writer,
        move |ws, who| {
            let done = ws.apply_page_edit_as(who, &prepared)?;
            Ok(Json(json!({
                "erledigt": edit.describe(),
                "neues_dokument": done.outcome.new_document.map(|d| d.id),
                "index_warnung": done.index_error.map(|e| {
                format!("Gespeichert, aber der Suchindex ist nicht aktuell: {e}")
            }),
            }))
            .into_response())
        },
    )
    .await
}

/// The whole form of a document: `title`, `doc_type`, `doc_date` (an empty one is cleared).
async fn update_document(
    State(shared): Shared_,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<DocumentInput>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(input) = body.map_err(bad_json)?;
    as_person(shared, &headers, Method::PUT, On::Writer, move |ws, who| {
        let update = ws.update_document_as(who, &id, &input)?;
        Ok(Json(json!({
            "dokument": DocumentView::from(&update.document),
            "aenderungen": update.changes,
        }))
        .into_response())
    })
    .await
}

/// A Sichtkontrolle as the Prüfen screen gives it: each page looked at, `ok` or to be scanned
/// again, and a note.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Check {
    seiten: Vec<PageVerdict>,
    #[serde(default)]
    notiz: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageVerdict {
    seite: i64,
    ok: bool,
}

async fn check_document(
    State(shared): Shared_,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<Check>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(check) = body.map_err(bad_json)?;
    let verdicts: Vec<(i64, bool)> = check.seiten.iter().map(|v| (v.seite, v.ok)).collect();
    // The check changes nothing the index holds: on a reader, so the archivist does not wait
    // for a desk's scan being recognised on the writer.
    as_person(
        shared,
        &headers,
        Method::POST,
        On::Reader,
        move |ws, who| {
            let stored = ws.check_pages_as(who, &id, &verdicts, &check.notiz)?;
            Ok((StatusCode::CREATED, Json(stored)).into_response())
        },
    )
    .await
}

/// The library's Aktenplan (its units and their retention), for the record form.
async fn aktenplan(State(shared): Shared_, headers: HeaderMap) -> Result<Response, ApiError> {
    as_person(shared, &headers, Method::GET, On::Reader, |ws, who| {
        Ok(Json(ws.aktenplan_as(who)?).into_response())
    })
    .await
}

async fn pdf(
    State(shared): Shared_,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    as_person(shared, &headers, Method::GET, On::Reader, move |ws, who| {
        let bytes = ws.pdf_as(who, &id)?;
        let disposition = format!("attachment; filename=\"{}.pdf\"", safe_name(&id));
        Ok((
            [
                (header::CONTENT_TYPE, "application/pdf".to_string()),
                (header::CONTENT_DISPOSITION, disposition),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            bytes,
        )
            .into_response())
    })
    .await
}

async fn page(
    State(shared): Shared_,
    headers: HeaderMap,
    Path((id, page, view)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let not_found = || ApiError::new(StatusCode::NOT_FOUND, "nicht gefunden");
    let page: i64 = page.parse().map_err(|_| not_found())?;
    let view = match view.as_str() {
        "bild" => Some(PageView::Image),
        "vorschau" => Some(PageView::Thumbnail),
        "text" => Some(PageView::Text),
        "alto" => Some(PageView::Alto),
        "woerter" => None,
        _ => return Err(not_found()),
    };
    as_person(
        shared,
        &headers,
        Method::GET,
        On::Reader,
        move |ws, who| match view {
            Some(view) => {
                let content = ws.page_as(who, &id, page, view)?;
                Ok((
                    [
                        (header::CONTENT_TYPE, content.media_type),
                        (header::CACHE_CONTROL, "private, no-store"),
                    ],
                    content.bytes,
                )
                    .into_response())
            }
            None => Ok(Json(ws.page_words_as(who, &id, page)?).into_response()),
        },
    )
    .await
}

/// An id as a file name: only letters, digits and `-`.
fn safe_name(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}
