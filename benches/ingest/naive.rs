//! The yardstick: the simplest handler that stores a rating per request — one INSERT, no validation, rate limit,
//! idempotency, counting or alerts — answering 303 once the database has it. On SQLite one connection in WAL mode
//! (several writers would only queue in SQLite's busy handler); on PostgreSQL a pool of 16.

use std::str::FromStr;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

/// How durable a commit is when it returns.
#[derive(Clone, Copy)]
pub enum Durability {
    /// On disk: SQLite `synchronous = FULL`, PostgreSQL `synchronous_commit = on` — hailong's promise.
    Synced,
    /// Survives the process, not a power cut: SQLite `synchronous = NORMAL`, PostgreSQL `synchronous_commit = off`.
    Relaxed,
}

impl Durability {
    pub fn label(self, sqlite: bool) -> &'static str {
        match (self, sqlite) {
            (Durability::Synced, true) => "FULL",
            (Durability::Relaxed, true) => "NORMAL",
            (Durability::Synced, false) => "sync on",
            (Durability::Relaxed, false) => "sync off",
        }
    }

    fn setting(self, sqlite: bool) -> &'static str {
        match (self, sqlite) {
            (Durability::Synced, true) => "PRAGMA synchronous = FULL",
            (Durability::Relaxed, true) => "PRAGMA synchronous = NORMAL",
            (Durability::Synced, false) => "SET synchronous_commit = on",
            (Durability::Relaxed, false) => "SET synchronous_commit = off",
        }
    }
}

/// A naive server on `database_url` with a fresh table; returns its pool (to count what it stored) and its address.
pub async fn start(database_url: &str, durability: Durability) -> (AnyPool, std::net::SocketAddr) {
    sqlx::any::install_default_drivers();
    let sqlite = database_url.starts_with("sqlite:");
    let url = if sqlite { format!("{database_url}?mode=rwc") } else { database_url.to_owned() };
    let pool = AnyPoolOptions::new()
        .max_connections(if sqlite { 1 } else { 16 })
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if sqlite {
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                }
                conn.execute(durability.setting(sqlite)).await?;
                Ok(())
            })
        })
        .connect_with(AnyConnectOptions::from_str(&url).expect("url"))
        .await
        .expect("naive pool");
    let id = if sqlite { "INTEGER PRIMARY KEY" } else { "BIGSERIAL PRIMARY KEY" };
    pool.execute("DROP TABLE IF EXISTS naive_ratings").await.expect("drop");
    let table = format!(
        "CREATE TABLE naive_ratings (id {id}, submission_id TEXT NOT NULL, overall BIGINT NOT NULL, \
         answer BIGINT, comment TEXT, received_at BIGINT NOT NULL)"
    );
    pool.execute(table.as_str()).await.expect("table");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = axum::Router::new().route("/rate", axum::routing::post(rate)).with_state(pool.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (pool, addr)
}

/// How many ratings the naive server stored.
pub async fn stored(pool: &AnyPool) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM naive_ratings").fetch_one(pool).await.expect("count")
}

#[derive(serde::Deserialize)]
struct Rating {
    submission_id: String,
    overall: i64,
    #[serde(rename = "answer.cong-chuc")]
    answer: Option<i64>,
    comment: Option<String>,
}

async fn rate(State(pool): State<AnyPool>, Form(rating): Form<Rating>) -> Response {
    let stored = sqlx::query(
        "INSERT INTO naive_ratings (submission_id, overall, answer, comment, received_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(rating.submission_id)
    .bind(rating.overall)
    .bind(rating.answer)
    .bind(rating.comment.filter(|c| !c.is_empty()))
    .bind(chrono::Utc::now().timestamp_millis())
    .execute(&pool)
    .await;
    match stored {
        Ok(_) => Redirect::to("/thanks").into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}
