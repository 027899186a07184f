//! The HTTP plumbing every feature stands on: the shared state, the one error type, extractors (path ids, the API's
//! query strings and bodies, CSRF-checked forms, the client's hash, the caller), authorisation by reach, security
//! headers and the site's static files. Features import from here; nothing here imports a feature.

pub mod access;
pub mod api_input;
pub mod api_key;
pub mod caller;
pub mod client;
pub mod connections;
pub mod csp;
pub mod csrf;
pub mod deadline;
pub mod device;
pub mod error;
pub mod extract;
pub mod headers;
pub mod metrics;
pub mod origin;
pub mod phone;
pub mod places;
pub mod reader;
pub mod site;
pub mod surveyor;

use crate::domain::ids::QuestionnaireId;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use leptos::config::LeptosOptions;

use crate::domain::questionnaire::Questionnaire;
use crate::services::live::LiveBus;
use crate::store::{DbSessions, Store, Unit};

pub use client::{DailySalt, SubmissionLimiter};
pub use error::AppError;

/// Everything a handler may need, built once at start-up and cloned cheaply per request.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub settings: Arc<Settings>,
    pub leptos: Arc<LeptosOptions>,
    pub limiter: Arc<SubmissionLimiter>,
    pub salt: Arc<DailySalt>,
    pub questionnaires: Arc<Questionnaires>,
    /// Ratings as they are stored, for live dashboards.
    pub live: LiveBus,
    /// Where ratings are stored, committed together when they arrive together.
    pub ingest: crate::services::ingest::Ingest,
    /// Copies of anonymous answers that cost work.
    pub cache: Arc<Caches>,
    /// The live streams open, capped.
    pub streams: Arc<places::Places<crate::services::live::StreamOf>>,
    /// The figures `/metrics` shows.
    pub metrics: Arc<crate::services::metrics::Metrics>,
}

impl AppState {
    /// Ratings were stored and acknowledged: counted for `/metrics`, and counted into the figures and announced now
    /// rather than at the next sweep.
    pub fn stored(&self, channel: crate::store::Channel, ratings: usize) {
        self.metrics.ratings_stored(channel, ratings as u64);
        self.live.stored();
    }
}

/// Copies of anonymous answers that cost work and are the same for everyone (`services::cache`).
pub struct Caches {
    /// Public figures' pages by unit, period and kind, for a minute.
    pub public_pages: crate::services::cache::Recent<String, String>,
    pub qr_images: crate::services::cache::QrImages,
}

impl Default for Caches {
    fn default() -> Caches {
        Caches {
            public_pages: crate::services::cache::Recent::new(Duration::from_secs(60), 1000),
            qr_images: crate::services::cache::QrImages::default(),
        }
    }
}

/// The current questionnaires with their stored ids. Versions are immutable, so they are read once.
pub struct Questionnaires {
    pub short: (QuestionnaireId, Questionnaire),
    pub others: HashMap<String, (QuestionnaireId, Questionnaire)>,
}

impl Questionnaires {
    /// The unit's questionnaire; the short one when the unit names one we do not have.
    pub fn for_unit(&self, unit: &Unit) -> &(QuestionnaireId, Questionnaire) {
        self.others.get(&unit.questionnaire_code).unwrap_or(&self.short)
    }
}

/// The runtime settings derived from [`crate::config::Config`].
pub struct Settings {
    pub public_url: String,
    pub secret: Vec<u8>,
    pub sample_floor: u64,
    /// Days a receipt link outlives its dossier's last known date.
    pub receipt_link_days: u64,
    pub trust_proxy: bool,
    pub cookie_secure: bool,
    /// Serve the site (CSS, JS, wasm, public files) from this folder instead of the copy inside the binary.
    pub site_root: Option<std::path::PathBuf>,
    pub kiosk: KioskSettings,
    /// When counters are open, for the silent-counter alert rule and the patterns.
    pub opening_hours: crate::domain::alert::OpeningHours,
    /// Webhook receivers allowed beyond the public internet.
    pub webhook_allow: crate::domain::webhook::Allowed,
    pub requests: deadline::RequestLimits,
    /// One phone, one voice (`domain::misuse`).
    pub voice: crate::domain::misuse::VoiceRules,
    /// Live dashboard streams open at once, in all.
    pub max_live_streams: usize,
    pub watch: WatchSettings,
}

/// Who may read `/metrics`, and the limits `/readyz` holds the backlogs to (`config::WatchConfig`).
pub struct WatchSettings {
    pub metrics_token: Option<String>,
    pub ready_counting_lag_ms: i64,
    pub ready_webhook_queue: i64,
    /// Where the backups are, for their age.
    pub backup_dir: std::path::PathBuf,
}

/// How counter tablets behave (`config::KioskConfig`), in milliseconds.
#[derive(Clone, Debug)]
pub struct KioskSettings {
    pub repeat_gap_ms: i64,
    pub idle_ms: i64,
    pub thanks_ms: i64,
    pub heartbeat_ms: i64,
    pub offline_after_ms: i64,
    pub duty_ends: chrono::NaiveTime,
    pub serving_ms: i64,
}

impl KioskSettings {
    /// The pace the server holds tablets to (`domain::kiosk::tablet_pace`).
    pub fn pace(&self) -> crate::domain::kiosk::Pace {
        crate::domain::kiosk::Pace { repeat_gap_ms: self.repeat_gap_ms, heartbeat_ms: self.heartbeat_ms }
    }

    pub fn from_config(c: &crate::config::KioskConfig) -> KioskSettings {
        let seconds = |s: u32| i64::from(s) * 1000;
        KioskSettings {
            repeat_gap_ms: seconds(c.kiosk_repeat_seconds),
            idle_ms: seconds(c.kiosk_idle_seconds.max(5)),
            thanks_ms: seconds(c.kiosk_thanks_seconds.max(1)),
            heartbeat_ms: seconds(c.kiosk_heartbeat_seconds.max(1)),
            offline_after_ms: seconds(c.kiosk_offline_after_seconds.max(1)),
            duty_ends: c.kiosk_duty_ends,
            serving_ms: seconds(c.kiosk_serving_minutes.max(1)) * 60,
        }
    }
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
