//! The web server: state, router and the handlers behind it. Handlers are thin: authorise, parse, call
//! the domain, store, respond. Pages are Leptos views rendered here; islands hydrate in the browser.

mod admin;
mod api;
mod auth;
mod citizen;
mod client;
mod dashboard;
pub mod error;
mod extract;
mod images;
mod period;
mod print;
mod qr;
pub mod report;
mod submission_form;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue};
use axum::routing::{get, post};
use axum::Router;
use leptos::config::LeptosOptions;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::{Expiry, MemoryStore, SessionManagerLayer};

use crate::domain::questionnaire::Questionnaire;
use crate::store::{Store, Unit};

pub use auth::AdminCredentials;
pub use client::SubmissionLimiter;
pub use error::AppError;
pub use period::Period;
pub use qr::issue as issue_qr_code;

/// Everything a handler may need, built once at start-up and cloned cheaply per request.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub settings: Arc<Settings>,
    pub leptos: Arc<LeptosOptions>,
    pub limiter: Arc<SubmissionLimiter>,
    pub questionnaires: Arc<Questionnaires>,
    /// Staff sessions (see docs/decisions/003): shared by every router built from this state.
    pub sessions: MemoryStore,
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
    pub admin: AdminCredentials,
    pub sample_floor: u64,
    pub trust_proxy: bool,
    pub cookie_secure: bool,
}

/// The whole application as one router, apart from `main` so tests drive it directly.
pub fn app(state: AppState) -> Router {
    let sessions = SessionManagerLayer::new(state.sessions.clone())
        .with_name("hailong_session")
        .with_secure(state.settings.cookie_secure)
        .with_http_only(true)
        .with_same_site(tower_sessions::cookie::SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(tower_sessions::cookie::time::Duration::hours(8)));
    let static_files = ServeDir::new(state.leptos.site_root.as_ref()).fallback(get(error::page_not_found));

    Router::new()
        .route("/", get(citizen::home))
        .route("/q/{token}", get(citizen::form).post(citizen::submit))
        .route("/q/{token}/cam-on", get(citizen::thanks))
        .route("/qr/{file}", get(images::qr_image))
        .route("/photos/official/{id}", get(images::official_photo))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/dashboard", get(dashboard::page))
        .route("/admin", get(admin::page))
        .route("/print/counter/{id}", get(print::counter_poster))
        .route("/print/official/{id}", get(print::official_card))
        .route("/print/counter/{id}/new-code", post(print::new_counter_code))
        .route("/print/official/{id}/new-code", post(print::new_official_code))
        .route("/admin/qr/{id}/revoke", post(admin::revoke_qr))
        .nest("/api/v1", api::router())
        .route("/healthz", get(api::health))
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
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Forgets rate-limit entries of clients gone quiet, so the limiter's memory stays bounded.
pub fn spawn_housekeeping(state: &AppState) {
    let limiter = state.limiter.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            limiter.forget_quiet_clients();
        }
    });
}
