//! Test databases: a temp SQLite file, or a uniquely named PostgreSQL database created on the server in
//! `HAILONG_TEST_PG_URL` and dropped afterwards (even when the test panics).

use hailong::domain::time::Timestamp;
use hailong::store::Store;
use sqlx::Connection;

pub struct TestDb {
    pub url: String,
    pub store: Store,
    #[expect(dead_code, reason = "held so the database lives as long as the test's handle on it")]
    cleanup: Cleanup,
}

/// What a test database leaves to remove; removed when dropped.
pub enum Cleanup {
    Sqlite(#[expect(dead_code, reason = "held so the folder lives as long as the database")] tempfile::TempDir),
    Postgres { server_url: String, name: String },
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let store = Store::connect(&url, 4).await.expect("open sqlite");
        store.migrate().await.expect("migrate sqlite");
        TestDb { url, store, cleanup: Cleanup::Sqlite(dir) }
    }

    /// A fresh database on the server in `HAILONG_TEST_PG_URL` (tests that call this are ignored without one).
    pub async fn postgres() -> TestDb {
        let (url, cleanup) = empty_postgres().await;
        let store = Store::connect(&url, 4).await.expect("open postgres");
        store.migrate().await.expect("migrate postgres");
        TestDb { url, store, cleanup }
    }
}

/// A new, empty PostgreSQL database that nobody is connected to: its URL, and what drops it.
pub async fn empty_postgres() -> (String, Cleanup) {
    let server_url = std::env::var("HAILONG_TEST_PG_URL").expect("HAILONG_TEST_PG_URL names a PostgreSQL server");
    let name = format!("hailong_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(&server_url).await.expect("connect to the PostgreSQL server");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create test database");
    admin.close().await.ok();
    (with_database(&server_url, &name), Cleanup::Postgres { server_url, name })
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        let Cleanup::Postgres { server_url, name } = self else { return };
        let (server_url, name) = (server_url.clone(), name.clone());
        // Drop runs outside async (maybe while unwinding): a short-lived runtime on its own thread.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            runtime.block_on(async {
                let mut admin = sqlx::PgConnection::connect(&server_url).await?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin).await?;
                admin.close().await
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("warning: could not drop test database: {dropped:?}");
        }
    }
}

/// The same server URL with another database name.
fn with_database(server_url: &str, name: &str) -> String {
    let (base, query) = server_url.split_once('?').map_or((server_url, None), |(b, q)| (b, Some(q)));
    let base = match base.rfind('/') {
        Some(i) if i > "postgres://".len() => &base[..i],
        _ => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// Waits until every stored response is counted into the rollups: counts what is queued (as a server's counting
/// loop does) until nothing waits, including rows another counter holds in a batch not yet committed, and receipt
/// ratings held for their day's release (released now, as if every day had closed).
pub async fn count_all(store: &hailong::store::Store) {
    loop {
        store.count_queued(1_000, Timestamp::from_millis(i64::MAX)).await.unwrap();
        if store.rollup_queue_length().await.unwrap() == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

impl TestDb {
    fn is_sqlite(&self) -> bool {
        self.url.starts_with("sqlite:")
    }

    /// Every table of the schema (migrations' bookkeeping aside).
    pub async fn tables(&self) -> Vec<String> {
        let sql = if self.is_sqlite() {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'"
        } else {
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' \
             AND table_name NOT LIKE '_sqlx%'"
        };
        let mut conn = sqlx::AnyConnection::connect(&self.url).await.unwrap();
        sqlx::query_scalar(sql).fetch_all(&mut conn).await.unwrap()
    }

    pub async fn columns(&self, table: &str) -> Vec<String> {
        let sql = if self.is_sqlite() {
            "SELECT name FROM pragma_table_info($1)"
        } else {
            "SELECT column_name::text FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position"
        };
        let mut conn = sqlx::AnyConnection::connect(&self.url).await.unwrap();
        sqlx::query_scalar(sql).bind(table).fetch_all(&mut conn).await.unwrap()
    }

    /// Every row of `table` as text, its columns joined by `|`: what someone reading the database sees.
    pub async fn dump(&self, table: &str) -> Vec<String> {
        let columns = self.columns(table).await;
        let text = if self.is_sqlite() { "TEXT" } else { "VARCHAR" };
        let cells: Vec<String> = columns.iter().map(|c| format!("COALESCE(CAST(\"{c}\" AS {text}), '')")).collect();
        let sql = format!("SELECT {} FROM \"{table}\"", cells.join(" || '|' || "));
        let mut conn = sqlx::AnyConnection::connect(&self.url).await.unwrap();
        sqlx::query_scalar(&sql).fetch_all(&mut conn).await.unwrap()
    }
}
