//! Ingest throughput over HTTP on loopback (docs/benchmarks.md; the bar: docs/design.md, Quality bars), on SQLite
//! and — when `HAILONG_TEST_PG_URL` names a server — PostgreSQL, plus the gzipped size of the citizen form's first
//! load. On each database, in the same run and under the same load, the simplest handler that stores a rating with
//! one INSERT (`naive`) at hailong's durability and at the relaxed one, then hailong, and the ratios between them.
//! Asserts nothing acknowledged was lost or duplicated.
//!
//! `cargo bench --bench ingest` (after `scripts/build --site-only` for the bundle sizes).
//! `BENCH_REQUESTS` (default 20000) and `BENCH_CONCURRENCY` (default 64) tune the run; `BENCH_DATABASES`
//! (default `sqlite,postgresql`) picks the databases.
#![expect(clippy::print_stdout, reason = "a benchmark prints its report")]

#[path = "ingest/load.rs"]
mod load;
#[path = "ingest/naive.rs"]
mod naive;

use std::io::Write;
use std::time::{Duration, Instant};

use clap::Parser;
use hailong::config::{Cli, Command};
use hailong::domain::ids::UnitId;
use hailong::store::{QrTarget, Store};
use load::{drive, Run};
use naive::Durability;
use sqlx::Connection;

#[tokio::main]
async fn main() {
    hailong::services::tls::install_provider();
    let requests: usize = env_or("BENCH_REQUESTS", 20_000);
    let concurrency: usize = env_or("BENCH_CONCURRENCY", 64);
    println!("hailong ingest benchmark: {requests} submissions, {concurrency} concurrent clients, loopback");

    let databases = std::env::var("BENCH_DATABASES").unwrap_or_else(|_| "sqlite,postgresql".into());
    let dir = tempfile::tempdir().expect("temp dir");
    if databases.contains("sqlite") {
        let url = |name: &str| format!("sqlite://{}", dir.path().join(name).display());
        compare("SQLite", (&url("naive.db"), &url("bench.db")), requests, concurrency, dir.path()).await;
    }

    match std::env::var("HAILONG_TEST_PG_URL") {
        _ if !databases.contains("postgresql") => {}
        Ok(server) => {
            let base = server.rsplit_once('/').map_or(server.as_str(), |(base, _)| base);
            let names =
                [format!("hailong_naive_{}", std::process::id()), format!("hailong_bench_{}", std::process::id())];
            for name in &names {
                admin(&server, &format!("CREATE DATABASE {name}")).await;
            }
            let urls = names.each_ref().map(|name| format!("{base}/{name}"));
            compare("PostgreSQL", (&urls[0], &urls[1]), requests, concurrency, dir.path()).await;
            for name in &names {
                admin(&server, &format!("DROP DATABASE {name} WITH (FORCE)")).await;
            }
        }
        Err(_) => println!("PostgreSQL: SKIPPED (set HAILONG_TEST_PG_URL, see scripts/postgres)"),
    }
    first_load_sizes().await;
}

/// The naive handler at both durabilities and hailong on one database, under the same load, and the ratios.
async fn compare(
    label: &str,
    (naive_url, url): (&str, &str),
    requests: usize,
    concurrency: usize,
    dir: &std::path::Path,
) {
    let sqlite = label == "SQLite";
    let mut naive_runs = Vec::new();
    for durability in [Durability::Synced, Durability::Relaxed] {
        let (pool, addr) = naive::start(naive_url, durability).await;
        let run = drive(&format!("http://{addr}/rate"), requests, concurrency).await;
        let stored = naive::stored(&pool).await;
        pool.close().await;
        let name = format!("naive {}", durability.label(sqlite));
        println!("{label:>10}  {name:<16} {}  ({} accepted, {stored} stored)", run.summary(), run.accepted);
        naive_runs.push(run);
    }
    let hailong = run(label, url, requests, concurrency, dir).await;
    let ratio = |naive: &Run| hailong.per_second() / naive.per_second();
    println!(
        "{label:>10}  hailong ÷ naive: {:.2}× at equal durability ({}), {:.2}× against {}",
        ratio(&naive_runs[0]),
        Durability::Synced.label(sqlite),
        ratio(&naive_runs[1]),
        Durability::Relaxed.label(sqlite),
    );
}

/// hailong itself, as served, with the demo loaded: every rating validated, rate-limited, stored once and counted.
async fn run(label: &str, database_url: &str, requests: usize, concurrency: usize, data_dir: &std::path::Path) -> Run {
    let Command::Serve { config, .. } = Cli::parse_from([
        "hailong",
        "serve",
        "--database-url",
        database_url,
        "--secret",
        &"cd".repeat(32),
        "--admin-password",
        "bench-only",
        "--trust-proxy",
        "--db-max-connections",
        "16",
        "--data-dir",
        &data_dir.display().to_string(),
    ])
    .command
    else {
        unreachable!("parsed a serve command")
    };
    let store = hailong::startup::open_store(&config).await.expect("store");
    hailong::demo::load_if_empty(&store, &config.secret().expect("secret"), "not-a-hash", "not-a-hash")
        .await
        .expect("demo data");
    let settings = hailong::startup::settings(&config).expect("settings");
    // Rate limiting stays on: every simulated phone has its own address (X-Forwarded-For, trusted proxy).
    let state = hailong::startup::app_state(store.clone(), settings, (20, 10)).await.expect("state");
    let token = form_token(&store).await;
    let before = store.response_count().await.expect("count");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = hailong::app::app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let started = Instant::now();
    let run = drive(&format!("http://{addr}/q/{token}"), requests, concurrency).await;
    server.abort();
    // Stored is not yet counted: the counting loop (still running) must keep up, or dashboards fall behind.
    let queued = store.rollup_queue_length().await.expect("queue");
    let deadline = Instant::now() + Duration::from_secs(120);
    while store.rollup_queue_length().await.expect("queue") > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let counted = started.elapsed();
    let stored = store.response_count().await.expect("count") - before;
    println!("{label:>10}  {:<16} {}  ({} accepted, {stored} stored)", "hailong", run.summary(), run.accepted);
    println!(
        "{:>10}  counting: {queued} still queued at the last answer, all counted {:.2} s after it",
        "",
        (counted - run.elapsed).as_secs_f64(),
    );
    assert_eq!(stored as usize, run.accepted, "{label}: every acknowledged response is stored exactly once");
    store.close().await;
    run
}

/// A counter's current code from the demo data.
async fn form_token(store: &Store) -> String {
    let units: Vec<UnitId> = store.units().await.expect("units").iter().map(|u| u.id).collect();
    let counter = store.counters_in(&units).await.expect("counters")[0].id;
    store.active_qr_code(QrTarget::Counter(counter)).await.expect("code").expect("an active code").token
}

/// The citizen form's first load, gzipped as the server sends it: HTML + CSS, then with the JS and wasm.
async fn first_load_sizes() {
    let gz = |bytes: &[u8]| {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).expect("gzip");
        encoder.finish().expect("gzip").len()
    };
    let read = |name: &str| std::fs::read(format!("target/site/pkg/{name}")).ok();
    let (Some(css), Some(js), Some(wasm)) = (read("hailong.css"), read("hailong.js"), read("hailong.wasm")) else {
        println!("bundle sizes: SKIPPED (run `scripts/build --site-only` first)");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("size.db").display());
    let store = Store::connect(&url, 2).await.expect("store");
    store.migrate().await.expect("migrate");
    hailong::demo::load_if_empty(&store, &[7; 32], "not-a-hash", "not-a-hash").await.expect("demo");
    let html = citizen_form_html(&store, dir.path()).await;
    let (html_gz, css_gz, js_gz, wasm_gz) = (gz(html.as_bytes()), gz(&css), gz(&js), gz(&wasm));
    println!("citizen form first load, gzipped (budget: HTML+CSS ≤ 30 KB, all ≤ 150 KB):");
    println!("  HTML {:.1} KB + CSS {:.1} KB = {:.1} KB", kb(html_gz), kb(css_gz), kb(html_gz + css_gz));
    println!(
        "  JS {:.1} KB + wasm {:.1} KB → everything {:.1} KB",
        kb(js_gz),
        kb(wasm_gz),
        kb(html_gz + css_gz + js_gz + wasm_gz)
    );
}

async fn citizen_form_html(store: &Store, data_dir: &std::path::Path) -> String {
    let Command::Serve { config, .. } = Cli::parse_from([
        "hailong",
        "serve",
        "--secret",
        &"07".repeat(32),
        "--admin-password",
        "x",
        "--data-dir",
        &data_dir.display().to_string(),
    ])
    .command
    else {
        unreachable!("parsed a serve command")
    };
    let settings = hailong::startup::settings(&config).expect("settings");
    let state = hailong::startup::app_state(store.clone(), settings, (20, 10)).await.expect("state");
    let token = form_token(store).await;
    let request = axum::http::Request::get(format!("/q/{token}")).body(axum::body::Body::empty()).expect("request");
    let response = tower::ServiceExt::oneshot(hailong::app::app(state), request).await.expect("response");
    let body = http_body_util::BodyExt::collect(response.into_body()).await.expect("body").to_bytes();
    String::from_utf8_lossy(&body).into_owned()
}

async fn admin(server_url: &str, sql: &str) {
    let mut conn = sqlx::PgConnection::connect(server_url).await.expect("connect to PostgreSQL");
    sqlx::query(sql).execute(&mut conn).await.expect(sql);
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn kb(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}
