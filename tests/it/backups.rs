//! Backups that restore, drilled: ratings keep arriving over HTTP while a backup is taken; the backup restored into
//! a fresh database holds every rating acknowledged before the backup began, and its rollups equal a recount. A
//! restore refuses a database in use, one with data (without --force), a damaged file and a newer schema; the
//! server backs an older database up before migrating it and will not start on a newer one. PostgreSQL's half
//! needs `pg_dump` and `pg_restore` on PATH, and says so when it skips.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use hailong::domain::backup::{BackupName, Purpose};
use hailong::domain::rollup::{Dimension, Grain, Span};
use hailong::services::backup::{self, upgrade, BackupError};
use hailong::store::Store;
use sqlx::Connection;
use tower::ServiceExt;

use crate::db::{empty_postgres, Cleanup, TestDb};
use crate::fixture::{world_with, World};
use crate::on_both_backends;

/// A database to restore into, nobody connected: a file not there yet, or a new, empty PostgreSQL database.
async fn fresh_target(like: &TestDb) -> (Option<Cleanup>, tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    if like.url.starts_with("sqlite:") {
        let url = format!("sqlite://{}", dir.path().join("restored.db").display());
        (None, dir, url)
    } else {
        let (url, cleanup) = empty_postgres().await;
        (Some(cleanup), dir, url)
    }
}

/// Whether this backend's backups can be taken here; prints why not when they cannot.
fn tools_for(db: &TestDb) -> bool {
    let missing = ["pg_dump", "pg_restore"]
        .into_iter()
        .filter(|tool| std::process::Command::new(tool).arg("--version").output().is_err())
        .collect::<Vec<_>>();
    if db.url.starts_with("postgres") && !missing.is_empty() {
        eprintln!("SKIPPED: {missing:?} not on PATH, PostgreSQL backups cannot be drilled here");
        return false;
    }
    true
}

/// Citizens rating over HTTP one after another, each acknowledged one recorded with when its answer came.
struct Flow {
    stop: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<Vec<(String, Instant)>>,
}

impl Flow {
    /// Stops the ratings; returns the acknowledged ones' submission ids and times.
    async fn end(self) -> Vec<(String, Instant)> {
        self.stop.store(true, Ordering::SeqCst);
        self.task.await.unwrap()
    }
}

/// A world whose citizens keep rating (flood rule off: they all come from one address), returned once `at_least`
/// ratings are stored; `None`, having said why, where this backend's backups cannot be taken.
async fn rating_world(db: TestDb, at_least: i64) -> Option<(World, Flow)> {
    if !tools_for(&db) {
        return None;
    }
    let world = world_with(db, |config| config.flood_per_day = 0).await;
    let (router, path) = (world.router(), format!("/q/{}", world.counter_code.token));
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = stop.clone();
    let task = tokio::spawn(async move {
        let mut acknowledged = Vec::new();
        let mut level = 0;
        while !stopped.load(Ordering::SeqCst) {
            let id = uuid::Uuid::new_v4().to_string();
            level = level % 4 + 1;
            let body = serde_urlencoded::to_string([("submission_id", id.as_str()), ("overall", &level.to_string())]);
            let request = Request::post(&path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, format!("hailong_phone={}", uuid::Uuid::new_v4().simple()))
                .body(Body::from(body.unwrap()))
                .unwrap();
            let reply = router.clone().oneshot(request).await.unwrap();
            assert_eq!(reply.status(), StatusCode::SEE_OTHER, "a rating refused during the drill");
            acknowledged.push((id, Instant::now()));
        }
        acknowledged
    });
    while world.responses().await < at_least {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Some((world, Flow { stop, task }))
}

async fn submission_ids(url: &str) -> Vec<String> {
    let mut conn = sqlx::AnyConnection::connect(url).await.unwrap();
    sqlx::query_scalar("SELECT submission_id FROM responses").fetch_all(&mut conn).await.unwrap()
}

async fn the_drill_restores_every_rating_acknowledged_before_the_backup_began(db: TestDb) {
    // Ratings are arriving (and being counted) before, during and after the backup.
    let Some((world, flow)) = rating_world(db, 40).await else { return };
    let backups = tempfile::tempdir().unwrap();
    let began = Instant::now();
    let taken = backup::take(world.store(), &world.db.url, backups.path(), Purpose::Regular).await.unwrap();
    let during = world.responses().await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let acknowledged = flow.end().await;
    assert!(world.responses().await > during, "ratings kept arriving after the backup");

    let (_db, _dir, target) = fresh_target(&world.db).await;
    let restored = backup::restore(&taken.path, &target, false).await.unwrap();
    let held = submission_ids(&target).await;
    let before: Vec<&String> = acknowledged.iter().filter(|(_, at)| *at < began).map(|(id, _)| id).collect();
    assert!(before.len() >= 40);
    let lost: Vec<&&String> = before.iter().filter(|id| !held.contains(id)).collect();
    assert_eq!(lost, Vec::<&&String>::new(), "acknowledged before the backup began, missing from the restore");
    assert!(held.len() < acknowledged.len(), "the backup is a copy as of its start, not of the end");
    assert_eq!(restored.responses, held.len() as i64);

    // The figures of the restored database equal a recount of its responses, the province's headline too.
    let store = Store::connect(&target, 2).await.unwrap();
    let (mismatches, recounted) = store.rollups_against_recount().await.unwrap();
    assert_eq!(mismatches, vec![]);
    assert_eq!(recounted, held.len() as i64);
    let spans = [Span { grain: Grain::Month, first: 0, last: i64::MAX }];
    let totals = store.rollup_totals(world.province.id, Dimension::All, &spans, None).await;
    assert_eq!(totals.unwrap().iter().map(|t| t.counts.total()).sum::<u64>(), held.len() as u64);
    store.close().await;
}
on_both_backends!(the_drill_restores_every_rating_acknowledged_before_the_backup_began);

async fn a_restore_refuses_what_it_must_and_replaces_only_with_force(db: TestDb) {
    let Some((world, flow)) = rating_world(db, 5).await else { return };
    flow.end().await;
    let backups = tempfile::tempdir().unwrap();
    let taken = backup::take(world.store(), &world.db.url, backups.path(), Purpose::Regular).await.unwrap();

    // Not over the database a server is using, even with --force.
    let refused = backup::restore(&taken.path, &world.db.url, true).await.unwrap_err();
    assert!(matches!(refused, BackupError::InUse(_)), "{refused}");

    // Not into the other kind of database (refused before anything is opened).
    let other =
        if world.db.url.starts_with("sqlite:") { "postgres://nobody@127.0.0.1:1/none" } else { "sqlite://x.db" };
    let refused = backup::restore(&taken.path, other, true).await.unwrap_err();
    assert!(matches!(refused, BackupError::WrongKind { .. }), "{refused}");

    // Into a fresh database, then not again over it without --force; with it, yes.
    let (_db, _dir, target) = fresh_target(&world.db).await;
    backup::restore(&taken.path, &target, false).await.unwrap();
    let refused = backup::restore(&taken.path, &target, false).await.unwrap_err();
    assert!(matches!(refused, BackupError::HoldsData), "{refused}");
    assert!(refused.to_string().contains("--force"));
    backup::restore(&taken.path, &target, true).await.unwrap();

    // A damaged file: refused, and the fresh database is left as it was.
    let mut bytes = std::fs::read(&taken.path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    let damaged = backups.path().join("damaged.gz");
    std::fs::write(&damaged, bytes).unwrap();
    let (_db, _dir, untouched) = fresh_target(&world.db).await;
    let refused = backup::restore(&damaged, &untouched, false).await.unwrap_err();
    assert!(matches!(refused, BackupError::Damaged { .. }), "{refused}");
    if untouched.starts_with("sqlite:") {
        assert!(!Path::new(untouched.trim_start_matches("sqlite://")).exists());
    } else {
        let store = Store::connect(&untouched, 1).await.unwrap();
        assert_eq!(store.schema_state().await.unwrap().applied, None);
        store.close().await;
    }

    // A database a newer hailong has upgraded: its backup is not restored, and the server does not start on it.
    pretend_a_newer_program_migrated(&world.db.url).await;
    let newer = backup::take(world.store(), &world.db.url, backups.path(), Purpose::Regular).await.unwrap();
    let refused = backup::restore(&newer.path, &untouched, false).await.unwrap_err();
    assert!(matches!(refused, BackupError::NewerSchema { backup: 9999, .. }), "{refused}");
    let refused = upgrade::before_migrating(world.store(), &world.db.url, backups.path()).await.unwrap_err();
    assert!(refused.to_string().contains("newer than this hailong"), "{refused}");
}
on_both_backends!(a_restore_refuses_what_it_must_and_replaces_only_with_force);

/// Records a migration this program does not know as applied.
async fn pretend_a_newer_program_migrated(url: &str) {
    let mut conn = sqlx::AnyConnection::connect(url).await.unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (9999, 'from the future', TRUE, $1, 0)",
    )
    .bind(vec![0_u8; 48])
    .execute(&mut conn)
    .await
    .unwrap();
}

/// An older SQLite database (every migration but the newest) is backed up before the server migrates it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_older_database_is_backed_up_before_its_schema_changes() {
    let dir = tempfile::tempdir().unwrap();
    let migrations = dir.path().join("older-migrations");
    std::fs::create_dir(&migrations).unwrap();
    let mut files: Vec<_> =
        std::fs::read_dir("crates/store/migrations/sqlite").unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.pop();
    for file in &files {
        std::fs::copy(file, migrations.join(file.file_name().unwrap())).unwrap();
    }
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("hailong.db").display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::migrate::Migrator::new(migrations.as_path()).await.unwrap().run(&mut conn).await.unwrap();
    conn.close().await.unwrap();

    let mut config = crate::fixture::test_config(1000);
    config.data_dir = dir.path().to_owned();
    let store = hailong::startup::open_store(&config).await.unwrap();
    assert_eq!(store.schema_version().await.unwrap(), hailong::store::known_schema_version());
    store.close().await;
    let backups: Vec<String> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let name = BackupName::parse(&backups[0]).unwrap();
    assert!(name.schema < hailong::store::known_schema_version() && name.purpose == Purpose::BeforeUpgrade);
    // A second start has nothing to migrate and takes no backup.
    hailong::startup::open_store(&config).await.unwrap().close().await;
    assert_eq!(std::fs::read_dir(dir.path().join("backups")).unwrap().count(), 1);
}

/// `hailong --version` says the program's version and the schema it knows.
#[test]
fn the_version_says_the_schema() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hailong")).arg("--version").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.trim(),
        format!("hailong {} (schema {})", env!("CARGO_PKG_VERSION"), hailong::store::known_schema_version())
    );
}
