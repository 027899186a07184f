//! Ingest throughput over HTTP on loopback (docs/benchmarks.md; the bar: docs/design.md, Quality bars), on SQLite
//! and — when `HAILONG_TEST_PG_URL` names a server — PostgreSQL, plus the gzipped size of the citizen form's first
//! load. Prints a report; asserts nothing was lost or duplicated.
//!
//! `cargo bench --bench ingest` (after `scripts/build --site-only` for the bundle sizes).
//! `BENCH_REQUESTS` (default 20000) and `BENCH_CONCURRENCY` (default 64) tune the run; `BENCH_DATABASES`
//! (default `sqlite,postgresql`) picks the databases.
#![expect(clippy::print_stdout, reason = "a benchmark prints its report")]

use std::io::Write;
use std::time::{Duration, Instant};

use clap::Parser;
use hailong::config::{Cli, Command};
use hailong::domain::ids::UnitId;
use hailong::store::{QrTarget, Store};
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
        let sqlite = format!("sqlite://{}", dir.path().join("bench.db").display());
        run("SQLite", &sqlite, requests, concurrency, dir.path()).await;
    }

    match std::env::var("HAILONG_TEST_PG_URL") {
        _ if !databases.contains("postgresql") => {}
        Ok(server) => {
            let name = format!("hailong_bench_{}", std::process::id());
            admin(&server, &format!("CREATE DATABASE {name}")).await;
            let url = format!("{}/{name}", server.rsplit_once('/').map_or(server.as_str(), |(base, _)| base));
            run("PostgreSQL", &url, requests, concurrency, dir.path()).await;
            admin(&server, &format!("DROP DATABASE {name} WITH (FORCE)")).await;
        }
        Err(_) => println!("PostgreSQL: SKIPPED (set HAILONG_TEST_PG_URL, see scripts/postgres)"),
    }
    first_load_sizes().await;
}

async fn run(label: &str, database_url: &str, requests: usize, concurrency: usize, data_dir: &std::path::Path) {
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

    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(concurrency)
        .build()
        .expect("client");
    let url = format!("http://{addr}/q/{token}");
    let started = Instant::now();
    let per_worker = requests / concurrency;
    let workers: Vec<_> = (0..concurrency)
        .map(|w| {
            let (client, url) = (client.clone(), url.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(per_worker);
                let mut accepted = 0usize;
                for i in 0..per_worker {
                    let n = w * per_worker + i;
                    let form = [
                        ("submission_id", uuid::Uuid::new_v4().to_string()),
                        ("overall", (n % 4 + 1).to_string()),
                        ("answer.cong-chuc", ((n / 4) % 4 + 1).to_string()),
                        (
                            "comment",
                            if n.is_multiple_of(7) {
                                "Cán bộ hướng dẫn tận tình".into()
                            } else {
                                String::new()
                            },
                        ),
                    ];
                    let ip = format!("10.{}.{}.{}", n >> 16 & 255, n >> 8 & 255, n & 255);
                    let sent = Instant::now();
                    let reply = client.post(&url).header("x-forwarded-for", ip).form(&form).send().await;
                    latencies.push(sent.elapsed());
                    if matches!(reply, Ok(r) if r.status() == reqwest::StatusCode::SEE_OTHER) {
                        accepted += 1;
                    }
                }
                (latencies, accepted)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut accepted = 0;
    for worker in workers {
        let (l, a) = worker.await.expect("worker");
        latencies.extend(l);
        accepted += a;
    }
    let elapsed = started.elapsed();
    server.abort();
    // Stored is not yet counted: the counting loop (still running) must keep up, or dashboards fall behind.
    let queued = store.rollup_queue_length().await.expect("queue");
    let deadline = Instant::now() + Duration::from_secs(120);
    while store.rollup_queue_length().await.expect("queue") > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let counted = started.elapsed();
    let stored = store.response_count().await.expect("count") - before;
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "{label:>10}: {:>6.0} responses/s  p50 {:>6.2} ms  p99 {:>6.2} ms  ({accepted} accepted of {} sent, {stored} stored, {:.1} s)",
        accepted as f64 / elapsed.as_secs_f64(),
        ms(pct(0.50)),
        ms(pct(0.99)),
        latencies.len(),
        elapsed.as_secs_f64(),
    );
    println!(
        "{:>10}  counting: {queued} still queued at the last answer, all counted {:.2} s after it ({:.0} responses/s \
         stored and counted)",
        "",
        (counted - elapsed).as_secs_f64(),
        accepted as f64 / counted.as_secs_f64(),
    );
    assert_eq!(stored as usize, accepted, "{label}: every acknowledged response is stored exactly once");
    store.close().await;
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

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn kb(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}
