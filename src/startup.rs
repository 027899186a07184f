//! Start-up: from configuration to a migrated store and a ready [`AppState`]. Shared by `main`, the
//! tests and the benchmarks so they all run the application the same way.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::config::LeptosOptions;

use crate::config::Config;
use crate::domain::questionnaire::Questionnaire;
use crate::server::{AdminCredentials, AppState, Questionnaires, Settings, SubmissionLimiter};
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot hash the admin password: {0}")]
    Password(String),
}

/// Connects and migrates the configured database.
pub async fn open_store(config: &Config) -> Result<Store, StartupError> {
    let store = Store::connect(&config.database_url(), config.db_max_connections).await?;
    store.migrate().await?;
    Ok(store)
}

/// Settings derived from the configuration, and whether the admin password was generated here.
pub fn settings(config: &Config) -> Result<(Settings, Option<String>), StartupError> {
    let (password, generated) = config.admin_password()?;
    let admin = AdminCredentials::new(config.admin_user.clone(), &password)
        .map_err(|e| StartupError::Password(e.to_string()))?;
    let public_url = config.public_url();
    let settings = Settings {
        cookie_secure: public_url.starts_with("https://"),
        public_url,
        secret: config.secret()?,
        admin,
        sample_floor: config.sample_floor,
        trust_proxy: config.trust_proxy,
    };
    Ok((settings, generated.then_some(password)))
}

/// The state every handler shares. Stores the built-in questionnaires (idempotently) first.
pub async fn app_state(
    store: Store,
    settings: Settings,
    site_root: &str,
    rate_limit_per_minute: u32,
) -> Result<AppState, StartupError> {
    let now = chrono::Utc::now().timestamp_millis();
    let short = Questionnaire::short();
    let short_id = store.ensure_questionnaire(&short, now).await?;
    let detailed = Questionnaire::detailed();
    let detailed_id = store.ensure_questionnaire(&detailed, now).await?;
    let others = HashMap::from([(detailed.code.clone(), (detailed_id, detailed))]);
    let leptos = LeptosOptions::builder().output_name("hailong").site_root(site_root).site_pkg_dir("pkg").build();
    Ok(AppState {
        store,
        settings: Arc::new(settings),
        leptos: Arc::new(leptos),
        limiter: Arc::new(SubmissionLimiter::new(rate_limit_per_minute)),
        questionnaires: Arc::new(Questionnaires { short: (short_id, short), others }),
        sessions: tower_sessions::MemoryStore::default(),
    })
}
