//! The routes of account administration (Administrator) and of a person's own password: each
//! parses its input and calls one use case of the core, which holds the rules.

use crate::routes::{as_person, bad_json, session_token, ApiError, On};
use crate::Shared;
use aktenscan_core::AccountInput;
use aktenscan_model::{Clearance, Role};
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use std::net::SocketAddr;
use std::sync::Arc;

/// `GET /api/konten`: every account, without its password hash.
pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    as_person(shared, &headers, Method::GET, On::Reader, |ws, who| {
        Ok(Json(ws.accounts_as(who)?).into_response())
    })
    .await
}

/// An account as the administrator sets it: the whole of it (`freigabe` as `GET` shows it);
/// without `passwort` the present one stays.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AccountForm {
    rolle: Role,
    #[serde(default)]
    passwort: Option<String>,
    freigabe: Clearance,
    #[serde(default)]
    gesperrt: bool,
    /// A new account only: refused when one of the name exists (nothing overwritten).
    #[serde(default)]
    neu: bool,
}

/// `PUT /api/konten/{name}`: creates or changes the account.
pub(crate) async fn set(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(name): Path<String>,
    body: Result<Json<AccountForm>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(form) = body.map_err(bad_json)?;
    let must_be_new = form.neu;
    let input = AccountInput {
        name,
        role: form.rolle,
        password: form.passwort.filter(|p| !p.is_empty()),
        clearance: form.freigabe,
        disabled: form.gesperrt,
    };
    let gate = shared.clone();
    as_person(shared, &headers, Method::PUT, On::Writer, move |ws, who| {
        Ok(Json(ws.set_account_as(&gate.gate, who, &input, must_be_new)?).into_response())
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PasswordChange {
    bisher: String,
    neu: String,
}

/// `POST /api/ich/passwort`: she changes her own password; her other sessions end.
pub(crate) async fn change_password(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(from): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Json<PasswordChange>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(change) = body.map_err(bad_json)?;
    let session = session_token(&headers).unwrap_or_default();
    let gate = shared.clone();
    as_person(
        shared,
        &headers,
        Method::POST,
        On::Writer,
        move |ws, who| {
            let from = from.ip().to_string();
            ws.change_password_as(
                &gate.gate,
                who,
                &session,
                &change.bisher,
                &change.neu,
                &from,
            )?;
            Ok(StatusCode::NO_CONTENT.into_response())
        },
    )
    .await
}
