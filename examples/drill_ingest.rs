//! The durability drill (docs/operator.md, *Durability drill*): the release server under a stream of ratings, then
//! killed with SIGKILL and started again — or its PostgreSQL stopped in immediate mode and started again — and
//! afterwards every rating the server acknowledged must be stored, none twice, and the rollups must equal a recount.
//!
//! `scripts/drill-ingest` runs it on SQLite and on a PostgreSQL cluster of its own. By hand:
//! `cargo run --release --example drill_ingest -- <database-url> kill` or
//! `… -- <database-url> stop-postgres <version> <cluster>` (the release server, `target/release/hailong`, built first).
#![expect(clippy::print_stdout, reason = "a drill prints its report")]

use std::process::{Child, Command};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use hailong::domain::ids::UnitId;
use hailong::store::{QrTarget, Store};
use sqlx::Connection;

const CLIENTS: usize = 64;
const ADDR: &str = "127.0.0.1:3917";

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, mode, rest @ ..] = &args[..] else {
        panic!("usage: drill_ingest <database-url> kill | stop-postgres <version> <cluster>")
    };
    hailong::services::tls::install_provider();
    let data = tempfile::tempdir().expect("temp dir");
    let mut server = start_server(url, data.path(), true);
    wait_until_up().await;
    let store = Store::connect(url, 2).await.expect("store");
    let token = form_token(&store).await;
    let demo = store.response_count().await.expect("count");

    let running = Arc::new(AtomicBool::new(true));
    let clients: Vec<_> = (0..CLIENTS).map(|c| tokio::spawn(client(c, token.clone(), running.clone()))).collect();
    tokio::time::sleep(Duration::from_secs(5)).await;
    match (mode.as_str(), rest) {
        ("kill", _) => {
            server.kill().expect("SIGKILL");
            server.wait().expect("reaped");
            println!("server killed (SIGKILL) under load");
            server = start_server(url, data.path(), false);
            wait_until_up().await;
            println!("server started again");
        }
        ("stop-postgres", [version, cluster]) => {
            pg_ctlcluster(version, cluster, &["stop", "-m", "immediate"]);
            println!("PostgreSQL {version}/{cluster} stopped in immediate mode under load");
            tokio::time::sleep(Duration::from_secs(2)).await;
            pg_ctlcluster(version, cluster, &["start"]);
            println!("PostgreSQL started again");
        }
        _ => panic!("unknown mode {mode}"),
    }
    tokio::time::sleep(Duration::from_secs(5)).await;
    running.store(false, Ordering::Relaxed);
    let mut acknowledged = Vec::new();
    let mut refused = 0;
    for client in clients {
        let (acked, failed) = client.await.expect("client");
        acknowledged.extend(acked);
        refused += failed;
    }
    // Everything stored is counted by the server's own loop before it stops.
    let store = Store::connect(url, 2).await.expect("store");
    while store.rollup_queue_length().await.expect("queue") > 0 {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Command::new("kill").args(["-TERM", &server.id().to_string()]).status().expect("SIGTERM");
    server.wait().expect("stopped");
    report(&store, url, (demo, &acknowledged), refused).await;
}

/// What was promised against what is stored and counted.
async fn report(store: &Store, url: &str, (demo, acknowledged): (i64, &[String]), refused: usize) {
    let mut missing = 0;
    for id in acknowledged {
        if !store.submission_stored(id).await.expect("lookup") {
            missing += 1;
        }
    }
    let mut conn = sqlx::AnyConnection::connect(url).await.expect("connect");
    let (stored, distinct): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), COUNT(DISTINCT submission_id) FROM responses")
            .fetch_one(&mut conn)
            .await
            .expect("count");
    let counted = rollups(&mut conn).await;
    store.rebuild_rollups().await.expect("recount");
    let recounted = rollups(&mut conn).await;
    println!(
        "acknowledged {} (not acknowledged: {refused}); stored {} (the demo's {demo} aside), {} distinct with them; \
         acknowledged but missing: {missing}",
        acknowledged.len(),
        stored - demo,
        distinct
    );
    println!(
        "rollups: {} rows, counts summing to {}; recounted from the responses: {} rows, summing to {} — {}",
        counted.len(),
        total(&counted),
        recounted.len(),
        total(&recounted),
        if counted == recounted { "equal" } else { "DIFFERENT" }
    );
    let held = missing == 0 && stored == distinct && counted == recounted;
    println!("{}", if held { "DRILL PASSED" } else { "DRILL FAILED" });
    assert!(held);
}

/// A rollup row: unit, dimension, grain, period, member, label, level, count.
type Row = (i64, String, i64, i64, i64, String, i64, i64);

/// Every rollup row (day, week and month buckets), in order.
async fn rollups(conn: &mut sqlx::AnyConnection) -> Vec<Row> {
    sqlx::query_as(
        "SELECT unit_id, dimension, grain, period, member, label, level, n FROM rollups WHERE n <> 0 \
         ORDER BY unit_id, dimension, grain, period, member, label, level",
    )
    .fetch_all(conn)
    .await
    .expect("rollups")
}

/// The sum of the rows' counts (a rating is in many rows: its unit's and those above, each bucket, each dimension).
fn total(rows: &[Row]) -> i64 {
    rows.iter().map(|r| r.7).sum()
}

/// A client posting distinct ratings one after another until told to stop; the submission ids answered 303 and
/// how many were not.
async fn client(c: usize, token: String, running: Arc<AtomicBool>) -> (Vec<String>, usize) {
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let (mut acked, mut failed) = (Vec::new(), 0);
    let mut n = 0usize;
    while running.load(Ordering::Relaxed) {
        let id = uuid::Uuid::new_v4().to_string();
        let form = [("submission_id", id.clone()), ("overall", ((c + n) % 4 + 1).to_string())];
        let ip = format!("10.{}.{}.{}", c, n >> 8 & 255, n & 255);
        let reply =
            http.post(format!("http://{ADDR}/q/{token}")).header("x-forwarded-for", ip).form(&form).send().await;
        match reply {
            Ok(r) if r.status() == reqwest::StatusCode::SEE_OTHER => acked.push(id),
            _ => {
                failed += 1;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
        n += 1;
    }
    (acked, failed)
}

fn start_server(url: &str, data: &std::path::Path, demo: bool) -> Child {
    let mut command = Command::new("target/release/hailong");
    command
        .args(["serve", "--database-url", url, "--addr", ADDR, "--secret", &"cd".repeat(32)])
        .args(["--admin-password", "drill-only", "--trust-proxy", "--rate-limit-per-minute", "100000"])
        .args(["--data-dir", &data.display().to_string(), "--log-format", "json"])
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::options().create(true).append(true).open(data.join("server.log")).expect("log"));
    if demo {
        command.arg("--demo");
    }
    command.spawn().expect("target/release/hailong (cargo build --release)")
}

/// Polls `/healthz` (a drill may wait; the tests never do).
async fn wait_until_up() {
    for _ in 0..600 {
        if reqwest::get(format!("http://{ADDR}/healthz")).await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not come up");
}

fn pg_ctlcluster(version: &str, cluster: &str, args: &[&str]) {
    let status = Command::new("pg_ctlcluster").args([version, cluster]).args(args).status().expect("pg_ctlcluster");
    assert!(status.success(), "pg_ctlcluster {args:?}");
}

/// A counter's current code from the demo data.
async fn form_token(store: &Store) -> String {
    let units: Vec<UnitId> = store.units().await.expect("units").iter().map(|u| u.id).collect();
    let counter = store.counters_in(&units).await.expect("counters")[0].id;
    store.active_qr_code(QrTarget::Counter(counter)).await.expect("code").expect("an active code").token
}
