//! Content-Security-Policy on every response: scripts only from this site (plus, on pages with islands,
//! the one inline hydration script, by nonce), forms only to this site, and no framing — except a response its
//! handler marks [`Framable`] (the public results card, made for units' own websites to frame). The nonce is made
//! while the page renders (`pages::with_page_nonce` hands it over).

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::pages::with_page_nonce;

/// A response extension: this page may be framed by any site.
#[derive(Clone, Copy, Debug)]
pub struct Framable;

pub async fn content_security_policy(request: Request, next: Next) -> Response {
    let (mut response, nonce) = with_page_nonce(next.run(request)).await;
    let embeddable = response.extensions().get::<Framable>().is_some();
    let scripts = match nonce {
        Some(nonce) => format!("'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"),
        None => "'self'".to_owned(),
    };
    let policy = format!(
        "default-src 'self'; script-src {scripts}; style-src 'self'; style-src-attr 'unsafe-inline'; \
         img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {}",
        if embeddable { "*" } else { "'none'" }
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    if !embeddable {
        // For browsers older than frame-ancestors.
        response.headers_mut().insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    response
}
