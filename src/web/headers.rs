//! Headers every answer carries: staff pages and the API are never stored by a browser or a proxy (`no-store`: a
//! shared office computer must not show yesterday's dashboard from its cache), HSTS when the site is served over
//! https, and a Permissions-Policy that turns off the device features hailong never uses.

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use super::AppState;

/// Paths whose answers are personal (staff, a tablet's own page) or machine-read (the APIs). The kiosk's offline copy
/// lives in its service worker's cache, which does not depend on HTTP caching.
const PRIVATE_PREFIXES: [&str; 14] = [
    "/admin",
    "/dashboard",
    "/account",
    "/print/",
    "/api/",
    "/photos/",
    "/login",
    "/logout",
    "/kiosk",
    "/alerts",
    "/responses",
    "/reports",
    "/surveys",
    "/surveyors",
];

const PERMISSIONS_POLICY: &str =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()";

pub async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let private = PRIVATE_PREFIXES.iter().any(|p| request.uri().path().starts_with(p));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if private {
        // Unless the handler chose its own (officials' photos: `private`, an hour).
        headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    }
    if state.settings.cookie_secure {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    headers.insert(HeaderName::from_static("permissions-policy"), HeaderValue::from_static(PERMISSIONS_POLICY));
    response
}
