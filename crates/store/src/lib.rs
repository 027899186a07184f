//! Storage: the one interface to the database, for SQLite (embedded default) and PostgreSQL (scale-out).
//!
//! Both backends run the same portable SQL through `sqlx::Any` with `$n` placeholders (SQLite accepts them
//! too); each has its own migrations folder for its own DDL. Why not two implementations of a trait:
//! docs/decisions/001-one-store-two-dialects.md. Nothing outside this module sees an sqlx type.

mod alerts;
mod api_keys;
mod audit;
mod backup;
mod batches;
mod bulk;
mod campaigns;
mod catalogue;
mod dossiers;
mod forms;
mod kiosk;
mod model;
mod notify;
mod patterns;
mod pin_locks;
mod qr;
mod rebuild;
mod recount;
mod responses;
mod reviews;
mod rollup_check;
mod rollups;
mod rows;
mod sessions;
mod sql;
mod stats;
mod surveyors;
mod transactions;
mod users;
mod voices;
mod voids;
mod watch;
mod webhooks;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Executor};

pub use alerts::{Alert, AlertRule, NewAlert};
pub use api_keys::{ApiKey, NewApiKey};
pub use audit::{AuditEntry, NewAuditEntry};
pub use backup::{known_schema_version, postgres_sessions, sqlite_in_use, sqlite_path, SchemaState};
pub use campaigns::{Campaign, NewCampaign, NewRespondent, Respondent, Surveyor, Target};
pub use catalogue::{Archivable, ImportedProcedure};
pub use dossiers::{Dossier, NewDossier, ReceiptOutcome};
pub use forms::{CampaignForm, FormOrigin, Recheck, RecheckDraw};
pub use kiosk::{Device, Duty, Heartbeat, Serving};
pub use model::*;
pub use notify::{Listener, Notification};
pub use patterns::PatternRow;
pub use pin_locks::PinLock;
pub use qr::QrLookup;
pub use reviews::Reviewed;
pub use rollup_check::RollupMismatch;
pub use rollups::{Bucket, CountedRating, Tally};
pub use sessions::DbSessions;
pub use stats::{CommentRow, FeedRow, ListPlace, ResponseRow, Review, Scope};
pub use transactions::TransactionCount;
pub use users::{NewUser, User};
pub use watch::{Backlog, PoolUse};
pub use webhooks::{Attempt, DeliveredAlert, Delivery, DueDelivery, Webhook};

/// Which database is behind the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("unsupported database URL: expected sqlite:… or postgres://…")]
    UnsupportedUrl,
    /// The database failed or refused (the cause is for the log, never for people).
    #[error("database error: {0}")]
    Database(#[source] DatabaseError),
    #[error("migration failed: {0}")]
    Migrate(#[source] DatabaseError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

/// The driver's error, opaque outside the store: callers classify by [`StoreError`]'s variants only.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct DatabaseError(Box<dyn std::error::Error + Send + Sync>);

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> StoreError {
        StoreError::Database(DatabaseError(Box::new(e)))
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> StoreError {
        StoreError::Migrate(DatabaseError(Box::new(e)))
    }
}

impl StoreError {
    /// Classified by the driver's error kind, never by message text.
    fn from_write(e: sqlx::Error, what: &'static str) -> StoreError {
        match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(what),
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => StoreError::NotFound,
            _ => StoreError::from(e),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Clone, Debug)]
pub struct Store {
    /// Reads.
    pool: AnyPool,
    /// Writes. On SQLite a pool of one connection: SQLite has one writer at a time anyway, and queueing
    /// writers here (fair, async) beats having them sleep in SQLite's busy handler. On PostgreSQL the same pool.
    writer: AnyPool,
    backend: Backend,
    /// PostgreSQL only: a native pool for what `Any` cannot reach (LISTEN/NOTIFY; docs/decisions/006).
    native_pg: Option<sqlx::PgPool>,
    /// PostgreSQL only: two connections of the background loops' own (see [`Store::background`]).
    background: Option<AnyPool>,
}

/// One change to the data, written whole or not at all: every administrative write happens on a `Tx`, together
/// with its audit entry (`Tx::audit`), and nothing is visible to anyone until `commit`. Dropping a `Tx` without
/// committing rolls it back. On SQLite it holds the single writer connection: keep CPU work out of it.
pub struct Tx(sqlx::Transaction<'static, sqlx::Any>);

impl Tx {
    pub async fn commit(self) -> StoreResult<()> {
        self.0.commit().await?;
        Ok(())
    }
}

impl Store {
    /// Starts a change (see [`Tx`]).
    pub async fn begin(&self) -> StoreResult<Tx> {
        Ok(Tx(self.writer.begin().await?))
    }

    /// Opens a pool on `url` (`sqlite://path` or `postgres://…`). A SQLite file and its folder are created
    /// when missing, and every SQLite connection runs in WAL mode with foreign keys on.
    pub async fn connect(url: &str, max_connections: u32) -> StoreResult<Store> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url)?;
        if backend == Backend::Sqlite {
            ensure_sqlite_parent_dir(url)?;
        }
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?.disable_statement_logging();
        let pool = pool_options(backend, max_connections, Plans::Custom).connect_with(options.clone()).await?;
        let (writer, native_pg, background) = match backend {
            Backend::Sqlite => (pool_options(backend, 1, Plans::Custom).connect_with(options).await?, None, None),
            // Writes keep PostgreSQL's cached plans: their statements' plans do not depend on the values, and
            // planning each execution cost the ingest bench 9 % (1,139 → 1,256 responses/s).
            Backend::Postgres => (
                pool_options(backend, max_connections, Plans::Cached).connect_with(options.clone()).await?,
                Some(notify::native_pool(&url)?),
                Some(pool_options(backend, 2, Plans::Cached).connect_lazy_with(options)),
            ),
        };
        Ok(Store { pool, writer, backend, native_pg, background })
    }

    /// The store as the background loops (counting, alerts) use it. On PostgreSQL they have two connections of
    /// their own: in the shared pools each of a batch's statements queued behind a burst of requests, and the
    /// counting fell seconds behind the ratings (7,313 queued at the end of the ingest bench). On SQLite the same
    /// pools: there is one writer either way.
    pub fn background(&self) -> Store {
        match &self.background {
            Some(own) => Store { pool: own.clone(), writer: own.clone(), background: None, ..self.clone() },
            None => self.clone(),
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// How many writes can run at once: one on SQLite, the writes' pool's size on PostgreSQL.
    pub fn concurrent_writes(&self) -> u32 {
        self.writer.options().get_max_connections()
    }

    /// The pool for reads of one row by its key on a request's path (the code behind a scan, a tablet's or a
    /// phone's credential, a session). On PostgreSQL the writes' pool, whose plans are cached: these plans do not
    /// depend on the values, and planning the scanned code's five-table join on every rating took 0.36 ms —
    /// 7.1 s of the ingest bench's 20 s of database time. On SQLite the reads' pool (the writer is one connection).
    fn keyed(&self) -> &AnyPool {
        match self.backend {
            Backend::Postgres => &self.writer,
            Backend::Sqlite => &self.pool,
        }
    }

    /// Applies the pending migrations of this backend's dialect.
    pub async fn migrate(&self) -> StoreResult<()> {
        match self.backend {
            Backend::Sqlite => backup::SQLITE_MIGRATIONS.run(&self.writer).await?,
            Backend::Postgres => backup::POSTGRES_MIGRATIONS.run(&self.writer).await?,
        }
        Ok(())
    }

    /// The newest migration applied: the database's schema version. A cheap round trip: `/healthz` asks it, and says
    /// it beside the program's version.
    pub async fn schema_version(&self) -> StoreResult<i64> {
        let version: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success").fetch_one(&self.pool).await?;
        Ok(version.unwrap_or(0))
    }

    pub async fn close(&self) {
        self.pool.close().await;
        self.writer.close().await;
        if let Some(own) = &self.background {
            own.close().await;
        }
        if let Some(pg) = &self.native_pg {
            pg.close().await;
        }
    }
}

/// Whether PostgreSQL plans each execution of a prepared statement for its values.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Plans {
    Custom,
    Cached,
}

fn pool_options(backend: Backend, max_connections: u32, plans: Plans) -> AnyPoolOptions {
    AnyPoolOptions::new().max_connections(max_connections).acquire_timeout(Duration::from_secs(10)).after_connect(
        move |conn, _meta| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    for pragma in SQLITE_PRAGMAS {
                        conn.execute(*pragma).await?;
                    }
                } else if plans == Plans::Custom {
                    // Plans made for each execution's values: a generic plan of a prepared statement (which
                    // PostgreSQL switches to after five runs) read a commune's year of comments in 150–390 ms where
                    // the plan for the values takes 3–8 ms (a million responses). Planning these queries costs
                    // well under a millisecond.
                    conn.execute("SET plan_cache_mode = force_custom_plan").await?;
                }
                Ok(())
            })
        },
    )
}

/// WAL lets readers (dashboards) run beside the writer (ingest); FULL sync makes every commit durable before it
/// returns — an acknowledged rating survives a power cut, not only a killed process (NORMAL would lose the last
/// commits of the WAL); the busy timeout queues writers instead of failing them. A page cache of 1 MB per
/// connection rather than 2: the rollups' rows are read in short ranges, the operating system caches the file
/// anyway, and nine connections' caches were a third of the server's memory after a province's views.
const SQLITE_PRAGMAS: &[&str] = &[
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA foreign_keys = ON",
    "PRAGMA cache_size = -1024",
];

impl Backend {
    pub fn of_url(url: &str) -> StoreResult<Backend> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl)
        }
    }
}

fn ensure_sqlite_parent_dir(url: &str) -> StoreResult<()> {
    let Some(path) = sqlite_path(url) else { return Ok(()) };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| StoreError::from(sqlx::Error::Io(e)))?;
    }
    Ok(())
}

/// An UPDATE that touched no row means the row was not there (or is archived).
fn found(done: sqlx::any::AnyQueryResult) -> StoreResult<()> {
    if done.rows_affected() == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

/// `subtree`: unit `$1` and every unit beneath it, walked in the database (queries read `IN (SELECT id FROM subtree)`).
const SUBTREE: &str = "WITH RECURSIVE subtree(id) AS (SELECT id FROM units WHERE id = $1 \
                       UNION ALL SELECT u.id FROM units u JOIN subtree s ON u.parent_id = s.id)";
