//! Counting requests for `/metrics`: the router's layer marks which route answered (only inside the router is the
//! template known), and the layer around the application counts the answer under it with its latency. Nothing is
//! allocated per request; a request no route matched counts under `fallback`.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::AppState;

/// Inside the router: puts the matched route on the response.
pub async fn mark_route(State(state): State<AppState>, path: MatchedPath, request: Request, next: Next) -> Response {
    let route = state.metrics.route(path.as_str());
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(route);
    }
    response
}

/// Around the application: counts the answer by route, method and status, and the time to its head.
pub async fn count_requests(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let response = next.run(request).await;
    let route = response.extensions().get().copied();
    state.metrics.request(route, &method, response.status().as_u16(), started.elapsed());
    response
}
