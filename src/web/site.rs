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
