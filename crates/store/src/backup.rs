//! What backups, restores and upgrades ask of the database: the schema this program knows against the one a
//! database has, a consistent copy of a SQLite database while it serves (`VACUUM INTO`), its integrity, and whether
//! a database holds data or is in use by a running server. Copying PostgreSQL is `pg_dump`'s work, outside the store.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteLockingMode};
use sqlx::{ConnectOptions, Connection};

use super::{Backend, Store, StoreError, StoreResult};

pub(super) static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
pub(super) static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// The newest schema version this program knows: its newest migration (both dialects have the same versions).
pub fn known_schema_version() -> i64 {
    SQLITE_MIGRATIONS.iter().map(|m| m.version).max().unwrap_or(0)
}

/// A database's schema against this program's migrations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaState {
    /// The newest migration applied; `None` for a new database (no migration ever applied).
    pub applied: Option<i64>,
    /// Migrations applied that this program does not know: a newer program upgraded the database.
    pub unknown: Vec<i64>,
    /// How many of this program's migrations are not applied yet.
    pub pending: usize,
}

impl Store {
    fn migrator(&self) -> &'static Migrator {
        match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }

    /// The database's schema against this program's, read before migrating.
    pub async fn schema_state(&self) -> StoreResult<SchemaState> {
        let known: Vec<i64> = self.migrator().iter().map(|m| m.version).collect();
        let applied: Vec<i64> = if self.has_migrations_table().await? {
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success").fetch_all(&self.pool).await?
        } else {
            vec![]
        };
        Ok(SchemaState {
            applied: applied.iter().copied().max(),
            unknown: applied.iter().copied().filter(|v| !known.contains(v)).collect(),
            pending: known.iter().filter(|v| !applied.contains(v)).count(),
        })
    }

    async fn has_migrations_table(&self) -> StoreResult<bool> {
        let sql = match self.backend {
            Backend::Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
            Backend::Postgres => {
                "SELECT COUNT(*) FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'"
            }
        };
        let n: i64 = sqlx::query_scalar(sql).fetch_one(&self.pool).await?;
        Ok(n > 0)
    }

    /// Whether the database holds any unit or response (a migrated but unused database does not).
    pub async fn holds_data(&self) -> StoreResult<bool> {
        if self.schema_state().await?.applied.is_none() {
            return Ok(false);
        }
        let n: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM units LIMIT 1) u) + \
                                          (SELECT COUNT(*) FROM (SELECT 1 FROM responses LIMIT 1) r)",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    /// SQLite: writes a consistent copy of the database into the new file `path`, while others read and write
    /// (one read transaction: what was committed when it began, nothing after).
    pub async fn vacuum_into(&self, path: &Path) -> StoreResult<()> {
        let path = path.to_str().ok_or(StoreError::Corrupt(format!("not a UTF-8 path: {}", path.display())))?;
        sqlx::query("VACUUM INTO $1").bind(path).execute(&self.pool).await?;
        Ok(())
    }

    /// SQLite: the problems `PRAGMA integrity_check` finds (none for a sound file). PostgreSQL: none to look for
    /// (`pg_restore` stops at the first error).
    pub async fn integrity_problems(&self) -> StoreResult<Vec<String>> {
        if self.backend == Backend::Postgres {
            return Ok(vec![]);
        }
        let found: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check").fetch_all(&self.pool).await?;
        Ok(found.into_iter().filter(|line| line != "ok").collect())
    }
}

/// PostgreSQL: the other client sessions connected to the database at `url` (a running server holds some), each
/// as "address (application, state)", asked on a connection of its own.
pub async fn postgres_sessions(url: &str) -> StoreResult<Vec<String>> {
    let options = sqlx::postgres::PgConnectOptions::from_str(url)?.disable_statement_logging();
    let mut conn = options.connect().await?;
    let sessions = sqlx::query_scalar(
        "SELECT COALESCE(host(client_addr), 'local') || ' (' || COALESCE(NULLIF(application_name, ''), 'unnamed') \
         || ', ' || COALESCE(state, '?') || ')' FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
    )
    .fetch_all(&mut conn)
    .await?;
    conn.close().await?;
    Ok(sessions)
}

/// The file of a `sqlite:` URL (`None` for an in-memory database or another backend).
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let path = url.strip_prefix("sqlite:")?.trim_start_matches("//");
    let path = path.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// Whether another connection — a running server's — has the SQLite file open: such a connection holds a shared
/// lock for as long as it is open in WAL mode, so an exclusive lock cannot be had at once.
pub async fn sqlite_in_use(path: &Path) -> StoreResult<bool> {
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .locking_mode(SqliteLockingMode::Exclusive)
        .busy_timeout(std::time::Duration::ZERO)
        .disable_statement_logging();
    let mut conn = options.connect().await?;
    let taken = sqlx::query("BEGIN EXCLUSIVE").execute(&mut conn).await;
    let in_use = match taken {
        Ok(_) => {
            sqlx::query("COMMIT").execute(&mut conn).await?;
            false
        }
        Err(sqlx::Error::Database(e)) if e.code().and_then(|c| c.parse::<i32>().ok()).is_some_and(is_busy) => true,
        Err(e) => return Err(e.into()),
    };
    conn.close().await?;
    Ok(in_use)
}

/// SQLite's result code for a lock another connection holds (`SQLITE_BUSY`, or one of its extended codes).
fn is_busy(code: i32) -> bool {
    code & 0xff == 5
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One schema version means the same on both databases: `known_schema_version` reads one folder for both.
    #[test]
    fn both_dialects_have_the_same_migration_versions() {
        let versions = |m: &Migrator| m.iter().map(|m| m.version).collect::<Vec<_>>();
        assert_eq!(versions(&SQLITE_MIGRATIONS), versions(&POSTGRES_MIGRATIONS));
        assert!(known_schema_version() > 0);
    }
}
