//! Watching the server (decision 024): `/readyz` says whether this instance should be sent traffic, `/metrics` its
//! figures in the Prometheus text format — to a bearer of the metrics token, or to anyone on the separate local
//! address (`metrics_only`). `/healthz`, "alive", stays with the API.

mod readiness;

use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use subtle::ConstantTimeEq;

use crate::domain::backup::BackupName;
use crate::services::metrics::{render, Scraped};
use crate::web::AppState;

pub use readiness::readyz;

/// The most a check may wait for the database: a probe must answer, not hang with it.
const DATABASE_WAIT: Duration = Duration::from_secs(2);

/// `GET /metrics` on the public address: only for the bearer of `HAILONG_METRICS_TOKEN`. Anyone else — and
/// everyone when no token is set — is told it does not exist, so it cannot be found by trying.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let given =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    let allowed = match (&state.settings.watch.metrics_token, given) {
        (Some(token), Some(given)) => bool::from(token.as_bytes().ct_eq(given.as_bytes())),
        _ => false,
    };
    if !allowed {
        return StatusCode::NOT_FOUND.into_response();
    }
    scrape(State(state)).await
}

/// The router of `HAILONG_METRICS_ADDR`: `/metrics` alone, without a token (the address is the access).
pub fn metrics_only(state: AppState) -> Router {
    Router::new().route("/metrics", get(scrape)).with_state(state)
}

/// The exposition, reading what lives outside the process now.
async fn scrape(State(state): State<AppState>) -> Response {
    let now = crate::clock::now();
    let backlog = match tokio::time::timeout(DATABASE_WAIT, state.store.backlog(now)).await {
        Ok(Ok(backlog)) => Some(backlog),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "metrics: the database's backlogs could not be read");
            None
        }
        Err(_) => None,
    };
    let dir = state.settings.watch.backup_dir.clone();
    let newest = tokio::task::spawn_blocking(move || newest_backup(&dir)).await.ok().flatten();
    let scraped = Scraped {
        backlog,
        pools: state.store.pool_use(),
        live_streams: state.streams.total(),
        backup_age: newest.and_then(|taken| (chrono::Utc::now() - taken).to_std().ok()),
    };
    let body = render(&state.metrics, &scraped);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], body).into_response()
}

/// When the newest backup in `dir` was taken, by its name; `None` when there is none (or no folder).
fn newest_backup(dir: &std::path::Path) -> Option<chrono::DateTime<chrono::Utc>> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|entry| BackupName::parse(entry.ok()?.file_name().to_str()?))
        .map(|name| name.taken_at)
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backup_age_is_the_newest_backups_by_name() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(newest_backup(dir.path()), None, "no backup yet");
        for name in [
            "hailong-20261201T183000Z-schema27.sqlite.gz",
            "hailong-20261203T183000Z-schema26-before-upgrade.sqlite.gz",
            "hailong-20261202T183000Z-schema27.sqlite.gz",
            "notes-20991231.txt",
        ] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let newest = newest_backup(dir.path()).unwrap();
        assert_eq!(newest.to_rfc3339(), "2026-12-03T18:30:00+00:00");
        assert_eq!(newest_backup(&dir.path().join("missing")), None, "no folder");
    }
}
