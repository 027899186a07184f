//! Start-up: from configuration to a migrated store and a ready [`AppState`]. Shared by `main`, the
//! tests and the benchmarks so they all run the application the same way.

use std::collections::HashMap;
use std::sync::Arc;

use axum_server::tls_rustls::RustlsConfig;
use leptos::config::LeptosOptions;

use crate::config::Config;
use crate::domain::access::Role;
use crate::domain::alert::OpeningHours;
use crate::domain::misuse::VoiceRules;
use crate::domain::questionnaire::Questionnaire;
use crate::domain::webhook::Allowed;
use crate::services::live::LiveBus;
use crate::services::metrics::Metrics;
use crate::store::{NewUser, Store, StoreError};
use crate::web::connections::ConnectionLimits;
use crate::web::deadline::RequestLimits;
use crate::web::{AppState, DailySalt, Questionnaires, Settings, SubmissionLimiter, WatchSettings};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Password(#[from] crate::services::password::HashFailed),
    #[error(transparent)]
    Upgrade(#[from] crate::services::backup::upgrade::UpgradeError),
    #[error("HAILONG_OPENING_HOURS: {0}")]
    OpeningHours(String),
    #[error("HAILONG_WEBHOOK_ALLOW: {0:?} is neither a host name nor an address or network (10.0.0.0/8)")]
    WebhookAllow(String),
    #[error("cannot use the TLS certificate {cert} and key {key}: {source}")]
    Tls { cert: std::path::PathBuf, key: std::path::PathBuf, source: std::io::Error },
}

/// HTTPS from a certificate chain and its private key (PEM files), by rustls with the ring provider.
pub async fn tls_config(cert: &std::path::Path, key: &std::path::Path) -> Result<RustlsConfig, StartupError> {
    crate::services::tls::install_provider();
    RustlsConfig::from_pem_file(cert, key).await.map_err(|source| StartupError::Tls {
        cert: cert.to_owned(),
        key: key.to_owned(),
        source,
    })
}

/// Serves the application on `listener` — over HTTPS with `tls` — within `limits` until `shutdown` completes;
/// requests in flight are finished first (up to 30 s).
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    tls: Option<RustlsConfig>,
    limits: ConnectionLimits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let tls = tls.map(|config| tokio_rustls::TlsAcceptor::from(config.get_inner()));
    crate::web::connections::serve(listener, app, tls, limits, shutdown).await
}

/// The connection bounds of the configuration.
pub fn connection_limits(config: &Config) -> ConnectionLimits {
    let c = &config.connections;
    ConnectionLimits {
        header_read: seconds(c.header_timeout_seconds),
        max_connections: c.max_connections.max(1) as usize,
        max_per_client: (!config.trust_proxy).then_some(c.max_connections_per_client.max(1) as usize),
    }
}

/// Connects and migrates the configured database: refused when a newer hailong has upgraded it, backed up first
/// when its schema is about to change (`services::backup::upgrade`).
pub async fn open_store(config: &Config) -> Result<Store, StartupError> {
    let store = Store::connect(&config.database_url(), config.db_max_connections).await?;
    crate::services::backup::upgrade::before_migrating(&store, &config.database_url(), &config.backup_dir()).await?;
    store.migrate().await?;
    // A database from before rollups existed (or restored without them) is counted once, here.
    if store.rollups_missing().await? {
        tracing::info!("counting the stored responses into rollups (once)");
        let counted = store.rebuild_rollups().await?;
        tracing::info!(responses = counted, "rollups ready");
    }
    Ok(store)
}

fn seconds(s: u32) -> std::time::Duration {
    std::time::Duration::from_secs(u64::from(s.max(1)))
}

/// Settings derived from the configuration.
pub fn settings(config: &Config) -> Result<Settings, StartupError> {
    let public_url = config.public_url();
    Ok(Settings {
        cookie_secure: public_url.starts_with("https://"),
        public_url,
        secret: config.secret()?,
        sample_floor: config.sample_floor,
        receipt_link_days: config.receipt_link_days,
        trust_proxy: config.trust_proxy,
        site_root: config.site_root.clone(),
        kiosk: crate::web::KioskSettings::from_config(&config.kiosk),
        opening_hours: OpeningHours::parse(&config.opening_hours, config.open_saturday)
            .map_err(StartupError::OpeningHours)?,
        webhook_allow: Allowed::parse(&config.webhook_allow).map_err(StartupError::WebhookAllow)?,
        requests: RequestLimits {
            body_gap: seconds(config.connections.body_timeout_seconds),
            deadline: seconds(config.connections.request_timeout_seconds),
        },
        max_live_streams: config.connections.max_live_streams.max(1) as usize,
        watch: WatchSettings {
            metrics_token: config.watch.metrics_token.clone().filter(|t| !t.is_empty()),
            ready_counting_lag_ms: i64::from(config.watch.ready_counting_lag_seconds) * 1000,
            ready_webhook_queue: i64::from(config.watch.ready_webhook_queue),
            backup_dir: config.backup_dir(),
        },
        voice: VoiceRules {
            window_ms: i64::from(config.phone_window_minutes) * 60_000,
            daily_cap: config.phone_daily_cap.max(1),
            flood: config.flood_per_day,
        },
    })
}

/// On an empty database, creates the first administrator from HAILONG_ADMIN_USER / HAILONG_ADMIN_PASSWORD
/// (the password generated and kept in the data folder when unset). Returns the password only when it was
/// generated for an administrator created just now, for the start-up banner: later starts never print it.
/// Later changes of those variables do not touch existing accounts.
pub async fn ensure_first_administrator(store: &Store, config: &Config) -> Result<Option<String>, StartupError> {
    if store.user_count().await? > 0 {
        return Ok(None);
    }
    let (password, generated) = config.admin_password()?;
    let hash = crate::services::password::hash(&password).await?;
    let admin = NewUser {
        username: &config.admin_user,
        // Named after its role, as the staff pages name it.
        full_name: crate::i18n::Locale::Vi.texts().role(Role::Administrator),
        password_hash: &hash,
        role: Role::Administrator.key(),
        unit_id: None,
        official_id: None,
        must_change_password: false,
    };
    let mut tx = store.begin().await?;
    tx.create_user(admin, crate::clock::now()).await?;
    tx.commit().await?;
    tracing::info!(user = %config.admin_user, "first administrator created");
    Ok(generated.then_some(password))
}

/// The state every handler shares; `limits` are submissions and sign-ins per client per minute.
/// Stores the built-in questionnaires (idempotently) first.
pub async fn app_state(store: Store, settings: Settings, limits: (u32, u32)) -> Result<AppState, StartupError> {
    let now = crate::clock::now();
    let short = Questionnaire::short();
    let short_id = store.ensure_questionnaire(&short, now).await?;
    let detailed = Questionnaire::detailed();
    let detailed_id = store.ensure_questionnaire(&detailed, now).await?;
    let others = HashMap::from([(detailed.code.clone(), (detailed_id, detailed))]);
    // The names scripts/build gives the site (Cargo.toml's [package.metadata.leptos]); the files are served by
    // `web::site`, so the site root here only matters to leptos' own bookkeeping.
    let leptos = LeptosOptions::builder().output_name("hailong").site_root("target/site").site_pkg_dir("pkg").build();
    let metrics = Arc::new(Metrics::new(crate::app::ROUTES.iter().map(|(_, path)| path)));
    crate::services::webhooks::start(store.clone(), settings.webhook_allow.clone(), metrics.webhooks.clone());
    Ok(AppState {
        metrics,
        live: LiveBus::start(store.background(), settings.opening_hours),
        ingest: crate::services::ingest::Ingest::start(store.clone()),
        cache: Arc::default(),
        streams: Arc::new(crate::web::places::Places::new(settings.max_live_streams)),
        store,
        settings: Arc::new(settings),
        leptos: Arc::new(leptos),
        limiter: Arc::new(SubmissionLimiter::new(limits.0, limits.1)),
        salt: Arc::new(DailySalt::default()),
        questionnaires: Arc::new(Questionnaires { short: (short_id, short), others }),
    })
}
