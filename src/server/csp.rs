//! Content-Security-Policy on every response: scripts only from this site (plus, on pages with islands,
//! the one inline hydration script, by nonce), no framing, forms only to this site. The nonce is made
//! while the page renders and reaches the header through a task-local slot of the request.

use std::cell::RefCell;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

tokio::task_local! {
    static NONCE: RefCell<Option<String>>;
}

/// Called by the page renderer when it gives the hydration script a nonce.
pub fn use_nonce_for_response(nonce: String) {
    // Outside a request (benchmarks, tests rendering a page directly) there is no header to fill.
    let _ = NONCE.try_with(|slot| *slot.borrow_mut() = Some(nonce));
}

pub async fn content_security_policy(request: Request, next: Next) -> Response {
    let (mut response, nonce) = NONCE
        .scope(RefCell::new(None), async { (next.run(request).await, NONCE.with(|slot| slot.borrow_mut().take())) })
        .await;
    let scripts = match nonce {
        Some(nonce) => format!("'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"),
        None => "'self'".to_owned(),
    };
    let policy = format!(
        "default-src 'self'; script-src {scripts}; style-src 'self'; style-src-attr 'unsafe-inline'; \
         img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}
