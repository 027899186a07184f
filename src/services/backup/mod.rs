//! Backups that restore (sao lưu, phục hồi): a consistent copy taken while the server serves, packed into one
//! checksummed file named after its time and schema (`archive`, `domain::backup`); a restore that checks that file,
//! the copy's integrity and its schema before it replaces anything, then recounts the rollups and checks them; the
//! server's own daily backups and their rotation (`schedule`); and the backup taken before migrations change the
//! schema (`upgrade`). Why this way: docs/decisions/023-backups.md.

pub mod archive;
mod postgres;
pub mod schedule;
pub mod upgrade;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{SubsecRound, Utc};

use crate::domain::backup::{BackupName, Kind, Purpose};
use crate::store::{known_schema_version, postgres_sessions, sqlite_in_use, sqlite_path, Backend, Store, StoreError};
use archive::Manifest;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{0} is not a hailong backup (it has no hailong header)")]
    NotABackup(PathBuf),
    #[error("the backup's format {0:?} is not one this version of hailong reads")]
    UnknownFormat(String),
    #[error("{path} is damaged: {reason}")]
    Damaged { path: PathBuf, reason: String },
    #[error("the backup holds schema version {backup}, newer than this hailong knows ({known}): restore it with the hailong that took it (version {program})")]
    NewerSchema { backup: i64, known: i64, program: String },
    #[error("this is a backup of a {backup} database, and the configured database is {database}")]
    WrongKind { backup: &'static str, database: &'static str },
    #[error("the database already holds data: add --force to replace it with the backup")]
    HoldsData,
    #[error("the database is in use ({0}): stop every hailong server using it first")]
    InUse(String),
    #[error("the database has schema version {database}, newer than the backup's ({backup}): restore into an empty database")]
    TargetNewer { database: i64, backup: i64 },
    #[error("the copy fails SQLite's integrity check: {0}")]
    Integrity(String),
    #[error("nothing to back up: the database has no schema yet")]
    NothingToBackUp,
    #[error("{0} was not found on PATH: install the PostgreSQL client tools of the server's version")]
    ToolMissing(&'static str),
    #[error("{tool} failed: {stderr}")]
    ToolFailed { tool: &'static str, stderr: String },
    #[error("the database URL cannot be read as postgres://user:password@host:port/database")]
    BadDatabaseUrl,
    #[error("backup paths must be UTF-8")]
    BadPath,
    #[error("after the rebuild, {0} of the rollups' counts differ from a recount of the responses")]
    RollupsDisagree(usize),
    #[error("the backup's work was lost (the server is shutting down?)")]
    Lost,
}

impl BackupError {
    fn io(path: &Path, source: std::io::Error) -> BackupError {
        BackupError::Io { path: path.to_owned(), source }
    }

    fn damaged(path: &Path, reason: String) -> BackupError {
        BackupError::Damaged { path: path.to_owned(), reason }
    }
}

/// A backup written.
#[derive(Debug)]
pub struct Taken {
    pub path: PathBuf,
    pub manifest: Manifest,
    /// Of the backup file, compressed.
    pub size: u64,
    pub took: Duration,
}

/// Takes a backup of the database behind `store` (at `database_url`) into the folder `dir`, created if missing,
/// while others keep reading and writing: a copy of what was committed when it began. The file appears whole
/// under its final name or not at all.
pub async fn take(store: &Store, database_url: &str, dir: &Path, purpose: Purpose) -> Result<Taken, BackupError> {
    let started = Instant::now();
    let schema = store.schema_version().await?;
    if schema == 0 {
        return Err(BackupError::NothingToBackUp);
    }
    let kind = kind_of(store.backend());
    let taken_at = Utc::now().trunc_subsecs(0);
    let name = BackupName { taken_at, schema, kind, purpose };
    std::fs::create_dir_all(dir).map_err(|e| BackupError::io(dir, e))?;
    // Work files beside the backup, on the same disk, so the last step is a rename; removed whatever happens.
    let work =
        tempfile::Builder::new().prefix(".hailong-backup-").tempdir_in(dir).map_err(|e| BackupError::io(dir, e))?;
    let copy = work.path().join("copy");
    match kind {
        Kind::Sqlite => store.vacuum_into(&copy).await?,
        Kind::Postgres => postgres::dump(database_url, &copy).await?,
    }
    let manifest = Manifest {
        format: archive::FORMAT.to_owned(),
        kind: kind.key().to_owned(),
        schema,
        program: env!("CARGO_PKG_VERSION").to_owned(),
        taken_at: taken_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        sha256: String::new(),
        bytes: 0,
    };
    let packed = work.path().join("packed");
    let path = dir.join(name.file_name());
    let (manifest, size) = blocking({
        let (path, dir) = (path.clone(), dir.to_owned());
        move || {
            let done = archive::pack(&copy, &packed, manifest)?;
            std::fs::rename(&packed, &path).map_err(|e| BackupError::io(&path, e))?;
            sync_dir(&dir)?;
            Ok(done)
        }
    })
    .await?;
    Ok(Taken { path, manifest, size, took: started.elapsed() })
}

/// A restore done.
#[derive(Debug)]
pub struct Restored {
    pub manifest: Manifest,
    /// The schema version after the restore (the backup's, migrated to this program's).
    pub schema: i64,
    /// Responses counted into the rebuilt rollups.
    pub responses: i64,
    pub took: Duration,
}

/// Restores the backup `file` into the database at `database_url`. Refused, before anything is changed: a file
/// that is not a backup or is damaged, a backup of the other kind of database or of a newer schema than this
/// program knows, a database in use by a running server, and — unless `force` — a database that holds data. The
/// restored database is migrated to this program's schema, its rollups are rebuilt from its responses and checked
/// against a recount.
pub async fn restore(file: &Path, database_url: &str, force: bool) -> Result<Restored, BackupError> {
    let started = Instant::now();
    let manifest = blocking({
        let file = file.to_owned();
        move || archive::manifest(&file)
    })
    .await?;
    let backend = Backend::of_url(database_url)?;
    let kind = manifest.kind().ok_or_else(|| BackupError::UnknownFormat(manifest.kind.clone()))?;
    if kind != kind_of(backend) {
        return Err(BackupError::WrongKind { backup: product(kind), database: product(kind_of(backend)) });
    }
    let known = known_schema_version();
    if manifest.schema > known {
        return Err(BackupError::NewerSchema { backup: manifest.schema, known, program: manifest.program.clone() });
    }
    match backend {
        Backend::Sqlite => restore_sqlite(file, database_url, force, &manifest).await?,
        Backend::Postgres => restore_postgres(file, database_url, force, &manifest).await?,
    }
    tracing::info!(seconds = started.elapsed().as_secs_f64(), "backup checked and put in place");
    let store = Store::connect(database_url, 2).await?;
    let recounted = recount(&store).await;
    store.close().await;
    let (schema, responses) = recounted?;
    Ok(Restored { manifest, schema, responses, took: started.elapsed() })
}

/// Migrates the restored database, rebuilds its rollups and checks them against a recount.
async fn recount(store: &Store) -> Result<(i64, i64), BackupError> {
    store.migrate().await?;
    let started = Instant::now();
    let responses = store.rebuild_rollups().await?;
    tracing::info!(responses, seconds = started.elapsed().as_secs_f64(), "rollups rebuilt");
    let started = Instant::now();
    let (mismatches, _) = store.rollups_against_recount().await?;
    tracing::info!(seconds = started.elapsed().as_secs_f64(), "rollups checked against a recount");
    if let Some(first) = mismatches.first() {
        tracing::error!(?first, "rollups differ from a recount after the rebuild");
        return Err(BackupError::RollupsDisagree(mismatches.len()));
    }
    Ok((store.schema_version().await?, responses))
}

async fn restore_sqlite(file: &Path, url: &str, force: bool, manifest: &Manifest) -> Result<(), BackupError> {
    let target = sqlite_path(url).ok_or(BackupError::BadPath)?;
    if target.exists() {
        if settled(|| sqlite_in_use(&target), |in_use| !in_use).await? {
            return Err(BackupError::InUse("a running server has the file open".to_owned()));
        }
        if holds_data(url).await? && !force {
            return Err(BackupError::HoldsData);
        }
    }
    let folder = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_owned();
    std::fs::create_dir_all(&folder).map_err(|e| BackupError::io(&folder, e))?;
    // Unpacked beside the database, so that putting it in place is one rename.
    let work = tempfile::Builder::new()
        .prefix(".hailong-restore-")
        .tempdir_in(&folder)
        .map_err(|e| BackupError::io(&folder, e))?;
    let copy = work.path().join("hailong.db");
    blocking({
        let (file, copy) = (file.to_owned(), copy.clone());
        move || archive::unpack(&file, &copy)
    })
    .await?;
    let unpacked = Store::connect(&format!("sqlite://{}", copy.display()), 1).await?;
    let checked = check_copy(&unpacked, manifest).await;
    unpacked.close().await;
    checked?;
    // A journal left by the database replaced would be played into the restored one when it is next opened.
    for suffix in ["-wal", "-shm"] {
        let journal = PathBuf::from(format!("{}{suffix}", target.display()));
        match std::fs::remove_file(&journal) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(BackupError::io(&journal, e)),
            _ => {}
        }
    }
    std::fs::rename(&copy, &target).map_err(|e| BackupError::io(&target, e))?;
    sync_dir(&folder)
}

/// The unpacked SQLite copy is sound and holds the schema its header says.
async fn check_copy(copy: &Store, manifest: &Manifest) -> Result<(), BackupError> {
    let problems = copy.integrity_problems().await?;
    if !problems.is_empty() {
        return Err(BackupError::Integrity(problems.join("; ")));
    }
    let schema = copy.schema_version().await?;
    if schema != manifest.schema {
        return Err(BackupError::Integrity(format!("it holds schema {schema}, its header says {}", manifest.schema)));
    }
    Ok(())
}

async fn restore_postgres(file: &Path, url: &str, force: bool, manifest: &Manifest) -> Result<(), BackupError> {
    let others = settled(|| postgres_sessions(url), Vec::is_empty).await?;
    if !others.is_empty() {
        return Err(BackupError::InUse(format!("connected: {}", others.join(", "))));
    }
    let applied = {
        let existing = Store::connect(url, 1).await?;
        let state = existing.schema_state().await;
        existing.close().await;
        state?.applied.unwrap_or(0)
    };
    if applied > manifest.schema {
        return Err(BackupError::TargetNewer { database: applied, backup: manifest.schema });
    }
    if holds_data(url).await? && !force {
        return Err(BackupError::HoldsData);
    }
    let work = tempfile::Builder::new().prefix("hailong-restore-").tempdir().map_err(|e| BackupError::io(file, e))?;
    let dump = work.path().join("dump");
    blocking({
        let (file, dump) = (file.to_owned(), dump.clone());
        move || archive::unpack(&file, &dump)
    })
    .await?;
    postgres::restore(url, &dump).await
}

/// Whether the database at `url` holds data, asked on a pool closed and dropped before this returns: the pool's
/// connections are gone when the restore looks whether anyone has the database open.
async fn holds_data(url: &str) -> Result<bool, BackupError> {
    let store = Store::connect(url, 1).await?;
    let holds = store.holds_data().await;
    store.close().await;
    Ok(holds?)
}

/// `check` until `done` says so, for up to five seconds: connections just closed — a stopped server's, or this
/// restore's own checks' — take a moment to end.
async fn settled<T, F: std::future::Future<Output = Result<T, StoreError>>>(
    check: impl Fn() -> F,
    done: impl Fn(&T) -> bool,
) -> Result<T, BackupError> {
    let mut seen = check().await?;
    for _ in 0..50 {
        if done(&seen) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        seen = check().await?;
    }
    Ok(seen)
}

/// The database's name, as people know it.
fn product(kind: Kind) -> &'static str {
    match kind {
        Kind::Sqlite => "SQLite",
        Kind::Postgres => "PostgreSQL",
    }
}

fn kind_of(backend: Backend) -> Kind {
    match backend {
        Backend::Sqlite => Kind::Sqlite,
        Backend::Postgres => Kind::Postgres,
    }
}

/// Compressing, hashing and copying gigabytes, on the blocking pool — not through `services::cpu`, whose few
/// permits sign-ins and photos need while a backup runs for minutes.
async fn blocking<T: Send + 'static>(
    job: impl FnOnce() -> Result<T, BackupError> + Send + 'static,
) -> Result<T, BackupError> {
    tokio::task::spawn_blocking(job).await.map_err(|_| BackupError::Lost)?
}

/// Makes a rename in `dir` durable.
fn sync_dir(dir: &Path) -> Result<(), BackupError> {
    std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(|e| BackupError::io(dir, e))
}
