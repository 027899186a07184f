//! The hailong server binary: `hailong serve [--demo]`, `hailong demo`, `hailong import-procedures FILE`,
//! `hailong rebuild-rollups`, `hailong backup` and `hailong restore FILE`.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use hailong::config::{Cli, Command, Config};
use hailong::domain::backup::Purpose;
use hailong::services::backup;
use hailong::startup::{app_state, ensure_first_administrator, open_store, settings, tls_config};
use tracing_subscriber::EnvFilter;

/// jemalloc, with few arenas that give freed memory back (.cargo/config.toml): glibc's allocator kept an arena per
/// busy thread and 98 MB after the ten-million views bench.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    // `hailong --version` says the schema too: the newest this program knows (`/healthz` says the database's).
    let version = format!("{} (schema {})", env!("CARGO_PKG_VERSION"), hailong::store::known_schema_version());
    let cli = Cli::from_arg_matches(&Cli::command().version(version).get_matches()).unwrap_or_else(|e| e.exit());
    let (Command::Serve { config, .. }
    | Command::Demo { config }
    | Command::ImportProcedures { config, .. }
    | Command::RebuildRollups { config }
    | Command::Backup { config, .. }
    | Command::Restore { config, .. }
    | Command::CloseCampaign { config, .. }
    | Command::Generate { config, .. }) = &cli.command;
    init_tracing(config);
    let result = match cli.command {
        Command::Serve { config, demo } => serve(config, demo).await,
        Command::Demo { config } => load_demo(config).await,
        Command::ImportProcedures { config, file } => import_procedures(config, &file).await,
        Command::RebuildRollups { config } => rebuild_rollups(config).await,
        Command::Backup { config, to } => backup(config, to).await,
        Command::Restore { config, file, force } => restore(config, &file, force).await,
        Command::CloseCampaign { config, id } => close_campaign(config, id).await,
        Command::Generate { config, responses, communes, seed } => generate(config, responses, communes, seed).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "hailong stopped");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing(config: &Config) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if config.log_format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

async fn serve(config: Config, demo: bool) -> Result<(), BoxError> {
    let store = open_store(&config).await?;
    let generated_password = ensure_first_administrator(&store, &config).await?;
    if demo {
        load_demo_into(&store, &config).await?;
    }
    let settings = settings(&config)?;
    let public_url = settings.public_url.clone();
    let limits = (config.rate_limit_per_minute, config.login_rate_limit_per_minute);
    let state = app_state(store.clone(), settings, limits).await?;
    hailong::web::spawn_housekeeping(&state);
    let backups = config.backup_schedule().map(|s| backup::schedule::start(store.clone(), config.database_url(), s));

    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    tracing::info!(addr = %listener.local_addr()?, database = ?store.backend(), "listening");
    let demo_accounts =
        if demo { store.users().await?.into_iter().map(|u| (u.username, u.full_name)).collect() } else { vec![] };
    announce(&public_url, &config.admin_user, generated_password.as_deref(), &config, &demo_accounts);

    let tls = match (&config.tls_cert, &config.tls_key) {
        (Some(cert), Some(key)) => Some(tls_config(cert, key).await?),
        _ => None,
    };
    let limits = hailong::startup::connection_limits(&config);
    if let Some(addr) = config.watch.metrics_addr {
        serve_metrics(addr, state.clone()).await?;
    }
    let ingest = state.ingest.clone();
    hailong::startup::serve(listener, hailong::app::app(state), tls, limits, shutdown_signal()).await?;
    // The requests in flight are answered; the ratings still queued are stored before the database closes.
    ingest.close().await;
    if let Some(backups) = backups {
        backups.stop().await;
    }
    store.close().await;
    tracing::info!("stopped cleanly");
    Ok(())
}

/// `/metrics` alone on its own (local) address, without a token, for as long as the process runs.
async fn serve_metrics(addr: std::net::SocketAddr, state: hailong::web::AppState) -> Result<(), BoxError> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(addr = %listener.local_addr()?, "metrics listening");
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, hailong::features::ops::metrics_only(state)).await {
            tracing::error!(error = %e, "the metrics address stopped");
        }
    });
    Ok(())
}

/// What a person starting the server needs to see: where it is and how to sign in.
#[expect(clippy::print_stdout, reason = "start-up banner for the person running the server")]
fn announce(
    public_url: &str,
    user: &str,
    generated_password: Option<&str>,
    config: &Config,
    demo_accounts: &[(String, String)],
) {
    println!();
    println!("  hailong is running at {public_url}");
    println!("  Staff sign-in: {public_url}/login");
    match generated_password {
        Some(p) => println!(
            "  Login: {user} / {p}   (generated; kept in {})",
            config.data_dir.join("admin-password").display()
        ),
        None => println!(
            "  Login: {user} / (printed at the first start only: HAILONG_ADMIN_PASSWORD, or the file {})",
            config.data_dir.join("admin-password").display()
        ),
    }
    if !demo_accounts.is_empty() {
        println!("  Demo accounts (same password as {user}):");
        for (name, full_name) in demo_accounts {
            println!("    {name:<20} {full_name}");
        }
    }
    println!("  Citizens reach the form through the QR codes printed from {public_url}/admin");
    // The menu path as the (Vietnamese) staff pages name it.
    let t = hailong::i18n::Locale::Vi.texts();
    println!(
        "  Counter tablets: open {public_url}/kiosk and type a pairing code ({} → {}){}",
        t.nav_admin,
        t.kiosk.devices_link,
        if demo_accounts.is_empty() {
            String::new()
        } else {
            format!("; demo officials' duty PIN: {}", hailong::demo::DEMO_PIN)
        }
    );
    println!();
}

/// SIGTERM (service managers) or Ctrl-C: stop accepting, finish the requests in flight, then exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

async fn load_demo(config: Config) -> Result<(), BoxError> {
    let store = open_store(&config).await?;
    ensure_first_administrator(&store, &config).await?;
    load_demo_into(&store, &config).await
}

/// The demo, once: its accounts share the administrator's password.
async fn load_demo_into(store: &hailong::store::Store, config: &Config) -> Result<(), BoxError> {
    let (password, _) = config.admin_password()?;
    let hash = hailong::services::password::hash(&password).await?;
    let pin_hash = hailong::services::password::hash(hailong::demo::DEMO_PIN).await?;
    if hailong::demo::load_if_empty(store, &config.secret()?, &hash, &pin_hash).await? {
        tracing::info!("demo data loaded");
    } else {
        tracing::info!("the database already has units: demo data not loaded again");
    }
    Ok(())
}

/// `hailong generate`: a province at scale into an empty database, with a progress bar.
#[expect(clippy::print_stdout, reason = "a command-line report")]
async fn generate(config: Config, responses: u64, communes: usize, seed: u64) -> Result<(), BoxError> {
    let store = open_store(&config).await?;
    if !store.units().await?.is_empty() {
        return Err("the database already has units: generate fills an empty one".into());
    }
    ensure_first_administrator(&store, &config).await?;
    let (password, _) = config.admin_password()?;
    let hash = hailong::services::password::hash(&password).await?;
    let started = std::time::Instant::now();
    let bar = indicatif::ProgressBar::new(responses);
    bar.set_style(indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} ratings {per_sec} {eta}")?);
    let province =
        hailong::demo::province::generate(&store, &config.secret()?, &hash, communes, responses, seed, |written| {
            bar.set_position(written)
        })
        .await?;
    bar.finish();
    println!(
        "generated {} units, {} officials, {} ratings (rollups counted) in {:.0} s; province id {}",
        province.units,
        province.officials,
        province.responses,
        started.elapsed().as_secs_f64(),
        province.province_id
    );
    Ok(())
}

/// `hailong rebuild-rollups`: after restoring a backup or repairing data by hand.
#[expect(clippy::print_stdout, reason = "a command-line report")]
async fn rebuild_rollups(config: Config) -> Result<(), BoxError> {
    let store = open_store(&config).await?;
    let started = std::time::Instant::now();
    let counted = store.rebuild_rollups().await?;
    println!("rollups rebuilt from {counted} responses in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// `hailong backup [--to DIR]`: a copy taken beside a running server, never migrating its database.
#[expect(clippy::print_stdout, reason = "a command-line report")]
async fn backup(config: Config, to: Option<std::path::PathBuf>) -> Result<(), BoxError> {
    let url = config.database_url();
    if let Some(path) = hailong::store::sqlite_path(&url).filter(|p| !p.exists()) {
        return Err(format!("no database at {}", path.display()).into());
    }
    let store = hailong::store::Store::connect(&url, 2).await?;
    let taken = backup::take(&store, &url, &to.unwrap_or_else(|| config.backup_dir()), Purpose::Regular).await;
    store.close().await;
    let taken = taken?;
    println!(
        "backup written: {} ({:.1} MB, schema {}, sha256 {}) in {:.1} s",
        taken.path.display(),
        taken.size as f64 / 1e6,
        taken.manifest.schema,
        taken.manifest.sha256,
        taken.took.as_secs_f64()
    );
    Ok(())
}

/// `hailong restore FILE [--force]`.
#[expect(clippy::print_stdout, reason = "a command-line report")]
async fn restore(config: Config, file: &std::path::Path, force: bool) -> Result<(), BoxError> {
    let restored = backup::restore(file, &config.database_url(), force).await?;
    println!(
        "restored {} (taken {} by hailong {}, schema {}): schema now {}, rollups rebuilt from {} responses and equal \
         to a recount, in {:.1} s",
        file.display(),
        restored.manifest.taken_at,
        restored.manifest.program,
        restored.manifest.schema,
        restored.schema,
        restored.responses,
        restored.took.as_secs_f64()
    );
    Ok(())
}

/// `hailong close-campaign --id N`: the close and its audit entry in one transaction, like the page's button.
#[expect(clippy::print_stdout, reason = "a command-line report")]
async fn close_campaign(config: Config, id: hailong::domain::ids::CampaignId) -> Result<(), BoxError> {
    let store = open_store(&config).await?;
    let campaign = store.campaign(id).await.map_err(|_| format!("no campaign {id}"))?;
    if campaign.closed_at.is_some() {
        println!("campaign {id} was closed already");
        return Ok(());
    }
    let mut tx = store.begin().await?;
    let erased = tx.close_campaign(id, hailong::clock::now()).await?;
    tx.audit(hailong::store::NewAuditEntry {
        at: hailong::clock::now(),
        user_id: None,
        username: "command line",
        unit_id: Some(campaign.unit_id),
        action: "campaign.close",
        target: &format!("campaign:{id}"),
        before: None,
        after: Some(serde_json::json!({ "closed": true, "personal_data_erased": erased })),
    })
    .await?;
    tx.commit().await?;
    println!("campaign {id} closed: the names and contacts of {erased} respondents erased");
    Ok(())
}

/// `hailong import-procedures FILE`: the same checks as the web import, with a progress bar.
#[expect(clippy::print_stdout, reason = "a command-line report")]
async fn import_procedures(config: Config, file: &std::path::Path) -> Result<(), BoxError> {
    use hailong::services::catalogue_import::{self, Verdict};
    let bytes = std::fs::read(file)?;
    let today = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Ho_Chi_Minh).date_naive().to_string();
    let catalogue = catalogue_import::parse(&bytes, &today).map_err(|e| format!("{}: {e:?}", file.display()))?;
    let store = open_store(&config).await?;
    let bar = indicatif::ProgressBar::new(catalogue.rows.len() as u64);
    bar.set_style(indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")?);
    // All or nothing, with its audit entry, like the web import.
    let mut tx = store.begin().await?;
    let mut added = 0;
    for row in &catalogue.rows {
        let version = hailong::store::ImportedProcedure {
            code: &row.code,
            name: &row.name,
            field: &row.field,
            valid_from: row.valid_from.as_deref(),
        };
        added += usize::from(tx.import_procedure(version, &today).await?.1);
        bar.inc(1);
    }
    let after = serde_json::json!({ "added": added, "file": file.display().to_string() });
    tx.audit(hailong::store::NewAuditEntry {
        at: hailong::clock::now(),
        user_id: None,
        username: "command line",
        unit_id: None,
        action: "procedures.import",
        target: "catalogue",
        before: None,
        after: Some(after),
    })
    .await?;
    tx.commit().await?;
    bar.finish_with_message("done");
    for line in catalogue.report.iter().filter(|l| l.verdict != Verdict::Ok) {
        println!("line {}: {} {:?}", line.line, line.code, line.verdict);
    }
    println!(
        "{added} added, {} already there, {} skipped",
        catalogue.rows.len() - added,
        catalogue.report.len() - catalogue.rows.len()
    );
    Ok(())
}
