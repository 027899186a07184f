//! Upgrades that cannot lose data: before this program's migrations change a SQLite database's schema, a backup of
//! it as it was; and no start at all on a database a newer program has upgraded (its migrations unknown here), which
//! this program would misread. On PostgreSQL the operator takes the backup (`hailong backup`, docs/operator.md).

use std::path::Path;

use super::{take, BackupError, Taken};
use crate::domain::backup::Purpose;
use crate::store::{known_schema_version, Backend, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum UpgradeError {
    #[error("the database has schema version {database}, newer than this hailong ({program}, schema {known}) knows: a newer hailong upgraded it. Run that version, or restore a backup taken before the upgrade")]
    NewerSchema { database: i64, known: i64, program: &'static str },
    #[error("the backup before upgrading the schema failed, so the database was left as it was: {0}")]
    Backup(#[from] BackupError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Called before migrating: refuses a schema newer than this program's, and backs a SQLite database that has data
/// under an older schema up into `dir` first. Returns that backup, if one was taken.
pub async fn before_migrating(store: &Store, database_url: &str, dir: &Path) -> Result<Option<Taken>, UpgradeError> {
    let state = store.schema_state().await?;
    let known = known_schema_version();
    if let Some(&database) = state.unknown.iter().max() {
        return Err(UpgradeError::NewerSchema { database, known, program: env!("CARGO_PKG_VERSION") });
    }
    let Some(applied) = state.applied.filter(|_| state.pending > 0) else { return Ok(None) };
    if store.backend() == Backend::Postgres {
        tracing::info!(
            from = applied,
            to = known,
            "upgrading the schema (PostgreSQL: back up with `hailong backup` first)"
        );
        return Ok(None);
    }
    let taken = take(store, database_url, dir, Purpose::BeforeUpgrade).await?;
    tracing::info!(from = applied, to = known, backup = %taken.path.display(), "backup taken before upgrading the schema");
    Ok(Some(taken))
}
