//! The site's static files — the stylesheet, the islands' JS and wasm, the public folder — as `scripts/build`
//! leaves them in `target/site`. A release binary carries them inside itself, so `hailong serve` needs nothing
//! beside it; a debug build reads the folder at run time; `HAILONG_SITE_ROOT` serves another folder instead.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;
use tower::ServiceExt;
use tower_http::services::ServeDir;

use super::{AppError, AppState};

#[derive(RustEmbed)]
#[folder = "target/site"]
#[allow_missing = true]
struct Embedded;

/// File names are not content-hashed, so browsers revalidate (a cheap 304 by ETag) rather than cache blindly.
const REVALIDATE: &str = "no-cache";

/// The fallback of the router: a site file, or the ordinary "not found" page.
pub async fn serve(State(state): State<AppState>, request: Request) -> Response {
    if let Some(root) = &state.settings.site_root {
        let on_disk = ServeDir::new(root).oneshot(request).await.map(IntoResponse::into_response);
        return match on_disk {
            Ok(response) if response.status() != StatusCode::NOT_FOUND => response,
            _ => AppError::not_found().into_response(),
        };
    }
    let path = request.uri().path().trim_start_matches('/');
    match Embedded::get(path) {
        Some(file) => embedded(request.headers(), file),
        None => AppError::not_found().into_response(),
    }
}

/// A short digest of these site files (paths below the site root): it changes whenever one of them does, which
/// makes it the version of the kiosk's offline cache.
pub fn digest(state: &AppState, paths: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(env!("CARGO_PKG_VERSION"));
    for path in paths {
        match &state.settings.site_root {
            Some(root) => hasher.update(std::fs::read(root.join(path)).unwrap_or_default()),
            None => hasher.update(Embedded::get(path).map(|f| f.metadata.sha256_hash()).unwrap_or_default()),
        }
    }
    hex::encode(&hasher.finalize()[..6])
}

fn embedded(headers: &HeaderMap, file: rust_embed::EmbeddedFile) -> Response {
    let etag = format!("\"{}\"", hex::encode(&file.metadata.sha256_hash()[..16]));
    let fresh = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str());
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut response = Body::from(file.data).into_response();
        if let Ok(mime) = HeaderValue::from_str(file.metadata.mimetype()) {
            response.headers_mut().insert(header::CONTENT_TYPE, mime);
        }
        response
    };
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        response.headers_mut().insert(header::ETAG, etag);
    }
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
    response
}
