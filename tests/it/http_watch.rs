//! Watching the server: `/metrics` only for the token's bearer, with the expected families after a rating, and in
//! a form `promtool` accepts; `/readyz` ready, then not ready while the counting is held back — never a 500.

use axum::http::StatusCode;
use serde_json::Value;
use sqlx::{Connection, Executor};

use crate::db::TestDb;
use crate::fixture::{world, world_with, World};
use crate::http_live::rate;
use crate::on_both_backends;

const TOKEN: &str = "a-long-random-metrics-token";

async fn metrics_answer_only_the_token_and_count_a_rating(db: TestDb) {
    let world = world_with(db, |config| config.watch.metrics_token = Some(TOKEN.to_owned())).await;
    assert_eq!(world.get("/metrics", None).await.status, StatusCode::NOT_FOUND, "no token: not found");
    assert_eq!(world.machine_get("/metrics", "wrong").await.status, StatusCode::NOT_FOUND, "a wrong token");
    rate(&world, &world.counter_code, "4", "").await;
    let reply = world.machine_get("/metrics", TOKEN).await;
    assert_eq!(reply.status, StatusCode::OK);
    let text = reply.text;
    for family in [
        "hailong_build_info{",
        "hailong_http_requests_total{route=\"/q/{token}\",method=\"POST\",status=\"3xx\"} 1",
        "hailong_http_request_duration_seconds_bucket{route=\"/q/{token}\",method=\"POST\",le=\"+Inf\"} 1",
        "hailong_ratings_stored_total{channel=\"qr\"} 1",
        "hailong_database_up 1",
        "hailong_counting_lag_seconds ",
        "hailong_webhook_queue 0",
        "hailong_webhook_deliveries_total 0",
        "hailong_live_streams 0",
        "hailong_db_connections{pool=\"writes\",state=\"idle\"}",
    ] {
        assert!(text.contains(family), "{family} in\n{text}");
    }
    assert!(!text.contains(&world.counter_code.token), "route templates, never raw paths");
    promtool_accepts(&text);
}
on_both_backends!(metrics_answer_only_the_token_and_count_a_rating);

async fn metrics_are_not_found_without_a_configured_token(db: TestDb) {
    let world = world(db).await;
    assert_eq!(world.machine_get("/metrics", "").await.status, StatusCode::NOT_FOUND);
    assert_eq!(world.machine_get("/metrics", "anything").await.status, StatusCode::NOT_FOUND);
}
on_both_backends!(metrics_are_not_found_without_a_configured_token);

async fn ready_until_the_counting_falls_behind(db: TestDb) {
    let world = world_with(db, |config| config.watch.ready_counting_lag_seconds = 60).await;
    let ready = readiness(&world).await;
    assert_eq!(ready.0, StatusCode::OK, "{}", ready.1);
    assert_eq!((ready.1["status"].as_str(), ready.1["failing"].as_array().map(Vec::len)), (Some("ready"), Some(0)));
    assert!(ready.1["schema_version"].as_i64().is_some_and(|v| v > 0));
    assert_eq!(ready.1["webhook_queue"], 0);

    let id = rate(&world, &world.counter_code, "2", "").await;
    let held = hold_back_the_counting(&world, id).await;
    let (status, body) = readiness(&world).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["status"], "not_ready");
    assert_eq!(body["failing"], serde_json::json!(["counting_lag"]));
    assert!(body["counting_lag_seconds"].as_f64().is_some_and(|lag| lag >= 3600.0), "{body}");
    held.close().await.unwrap();

    world.store().close().await;
    let (status, body) = readiness(&world).await;
    assert_eq!((status, body["failing"].clone()), (StatusCode::SERVICE_UNAVAILABLE, serde_json::json!(["database"])));
}
on_both_backends!(ready_until_the_counting_falls_behind);

async fn readiness(world: &World) -> (StatusCode, Value) {
    let reply = world.get("/readyz", None).await;
    (reply.status, serde_json::from_str(&reply.text).expect("JSON"))
}

/// Puts response `id` back on the counting queue, due for an hour (as a receipt rating released an hour ago: the
/// responses themselves cannot be changed), and holds a lock the counting needs
/// (SQLite's write lock; PostgreSQL's lock on the rollups), so it stays queued until the returned connection closes.
/// The counting loop may take the row between the two: then again.
async fn hold_back_the_counting(world: &World, id: i64) -> sqlx::AnyConnection {
    let hour_ago = chrono::Utc::now().timestamp_millis() - 3_600_000;
    let postgres = world.db.url.starts_with("postgres");
    loop {
        let mut tamper = sqlx::AnyConnection::connect(&world.db.url).await.unwrap();
        sqlx::query("DELETE FROM rollup_queue WHERE response_id = $1").bind(id).execute(&mut tamper).await.unwrap();
        sqlx::query("INSERT INTO rollup_queue (response_id, release_at) VALUES ($1, $2)")
            .bind(id)
            .bind(hour_ago)
            .execute(&mut tamper)
            .await
            .unwrap();
        tamper.close().await.unwrap();
        let mut held = sqlx::AnyConnection::connect(&world.db.url).await.unwrap();
        if postgres {
            held.execute("BEGIN").await.unwrap();
            held.execute("LOCK TABLE rollups IN SHARE MODE").await.unwrap();
        } else {
            held.execute("BEGIN IMMEDIATE").await.unwrap();
        }
        let queued: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM rollup_queue WHERE response_id = $1")
            .bind(id)
            .fetch_one(&mut held)
            .await
            .unwrap();
        if queued == 1 {
            return held;
        }
        held.close().await.unwrap();
    }
}

/// `promtool check metrics` on the exposition, when Debian's prometheus package is installed (scripts/setup).
fn promtool_accepts(text: &str) {
    use std::io::Write;
    let spawned = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = spawned else {
        eprintln!("SKIPPED: promtool not installed (scripts/setup installs it)");
        return;
    };
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success() && said.trim().is_empty(), "promtool check metrics: {said}\n{text}");
}
