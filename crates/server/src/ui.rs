//! The window for browsers: the built `ui/` (Vite's `ui/dist`) served read-only from one folder,
//! so that staff at other desks search without installing anything.

use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::Shared;

/// What the browser may load and contact: only this server, no inline script, no frames.
pub(crate) const CSP: &str = "default-src 'self'; script-src 'self'; img-src 'self' blob: data:; \
     style-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// GET of a path outside `/api/`: the file of the built window, `index.html` for the bare
/// address; any path with `..`, a hidden part or a backslash is not found.
pub(crate) async fn file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    let not_found = || crate::routes::not_found().into_response();
    if uri.path().starts_with("/api/") || !matches!(method, Method::GET | Method::HEAD) {
        return not_found();
    }
    let Some(root) = shared.ui.clone() else {
        return (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Die Browser-Oberfläche ist nicht gebaut (make ui) oder nicht angegeben (--ui); \
             die JSON-API unter /api/ antwortet.",
        )
            .into_response();
    };
    let Some(relative) = relative_path(uri.path()) else {
        return not_found();
    };
    let path = if relative.as_os_str().is_empty() {
        root.join("index.html")
    } else {
        root.join(&relative)
    };
    let bytes = match tokio::fs::read(&path).await {
        Ok(bytes) => bytes,
        Err(_) => return not_found(),
    };
    let mut response = (
        [(header::CONTENT_TYPE, media_type(&path))],
        if method == Method::HEAD {
            Vec::new()
        } else {
            bytes
        },
    )
        .into_response();
    // Vite names its assets by content hash; the page itself must always be fresh.
    let cache = if relative.starts_with("assets") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// The request path as a path inside the folder, or `None` when it would leave it.
fn relative_path(path: &str) -> Option<PathBuf> {
    let trimmed = path.trim_start_matches('/');
    if trimmed.contains('\\') || trimmed.contains('\0') {
        return None;
    }
    let relative = Path::new(trimmed);
    let mut out = PathBuf::new();
    for part in relative.components() {
        match part {
            Component::Normal(p) if !p.to_string_lossy().starts_with('.') => out.push(p),
            _ => return None,
        }
    }
    Some(out)
}

fn media_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_would_leave_the_folder_are_refused() {
        assert_eq!(
            relative_path("/assets/index-1a2b.js"),
            Some(PathBuf::from("assets/index-1a2b.js"))
        );
        assert_eq!(relative_path("/"), Some(PathBuf::new()));
        for bad in [
            "/../etc/passwd",
            "/assets/../../secret",
            "/.git/config",
            "/assets/..\\x",
        ] {
            assert_eq!(relative_path(bad), None, "{bad}");
        }
    }
}
