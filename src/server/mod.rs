//! The web server: state, router and the handlers behind it. Handlers are thin: authorise, parse, call
//! the domain, store, respond. Pages are Leptos views rendered here; islands hydrate in the browser.

mod access;
mod account;
mod admin;
mod api;
mod audit;
mod auth;
mod catalogue;
mod citizen;
mod client;
pub mod csp;
mod csrf;
mod dashboard;
pub mod error;
mod extract;
mod images;
mod password;
mod period;
mod photo;
mod print;
mod procedures;
mod qr;
pub mod report;
mod routes;
mod submission_form;
mod users;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue};
use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::domain::questionnaire::Questionnaire;
use crate::store::{DbSessions, Store, Unit};

pub use client::SubmissionLimiter;
pub use error::AppError;
pub use password::hash as hash_password;
pub use period::Period;
pub use qr::issue as issue_qr_code;
pub use routes::ROUTES;

/// Everything a handler may need, built once at start-up and cloned cheaply per request.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub settings: Arc<Settings>,
    pub leptos: Arc<LeptosOptions>,
    pub limiter: Arc<SubmissionLimiter>,
    pub questionnaires: Arc<Questionnaires>,
}

/// The current questionnaires with their stored ids. Versions are immutable, so they are read once.
pub struct Questionnaires {
    pub short: (i64, Questionnaire),
    pub others: HashMap<String, (i64, Questionnaire)>,
}

impl Questionnaires {
    /// The unit's questionnaire; the short one when the unit names one we do not have.
    pub fn for_unit(&self, unit: &Unit) -> &(i64, Questionnaire) {
        self.others.get(&unit.questionnaire_code).unwrap_or(&self.short)
    }
}

/// The runtime settings derived from [`crate::config::Config`].
pub struct Settings {
    pub public_url: String,
    pub secret: Vec<u8>,
    pub sample_floor: u64,
    pub trust_proxy: bool,
    pub cookie_secure: bool,
}

/// The whole application as one router, apart from `main` so tests drive it directly.
pub fn app(state: AppState) -> Router {
    let sessions = SessionManagerLayer::new(DbSessions(state.store.clone()))
        .with_name("hailong_session")
        .with_secure(state.settings.cookie_secure)
        .with_http_only(true)
        .with_same_site(tower_sessions::cookie::SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(tower_sessions::cookie::time::Duration::hours(8)));
    let static_files = ServeDir::new(state.leptos.site_root.as_ref()).fallback(get(error::page_not_found));

    routes::routes()
        .fallback_service(static_files)
        .layer(sessions)
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(axum::middleware::from_fn(csp::content_security_policy))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Every minute: forgets rate-limit entries of clients gone quiet (the limiter's memory stays bounded)
/// and deletes expired sessions.
pub fn spawn_housekeeping(state: &AppState) {
    use tower_sessions::ExpiredDeletion;
    let limiter = state.limiter.clone();
    let sessions = DbSessions(state.store.clone());
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            limiter.forget_quiet_clients();
            if let Err(e) = sessions.delete_expired().await {
                tracing::warn!(error = %e, "expired sessions not deleted");
            }
        }
    });
}
