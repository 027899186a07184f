//! The two migration folders must define the same schema: the same tables, columns and indexes, whatever each
//! dialect spells differently. Checked on the migrated databases themselves, not on the SQL text.

use std::collections::BTreeSet;

use sqlx::{Connection, Row};

use crate::db::TestDb;

type Schema = (BTreeSet<String>, BTreeSet<String>);

/// `table.column` of every column and `table.index` of every index we named (not the ones keys create).
async fn sqlite_schema(url: &str) -> Schema {
    let mut conn = sqlx::SqliteConnection::connect(url).await.expect("sqlite");
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let mut columns = BTreeSet::new();
    for table in &tables {
        for row in sqlx::query(&format!("PRAGMA table_info({table})")).fetch_all(&mut conn).await.unwrap() {
            columns.insert(format!("{table}.{}", row.get::<String, _>("name")));
        }
    }
    let indexes = sqlx::query(
        "SELECT tbl_name, name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap()
    .iter()
    .map(|r| format!("{}.{}", r.get::<String, _>("tbl_name"), r.get::<String, _>("name")))
    .collect();
    (columns, indexes)
}

async fn postgres_schema(url: &str) -> Schema {
    let mut conn = sqlx::PgConnection::connect(url).await.expect("postgres");
    let columns = sqlx::query(
        "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap()
    .iter()
    .map(|r| format!("{}.{}", r.get::<String, _>("t"), r.get::<String, _>("c")))
    .collect();
    let indexes = sqlx::query(
        "SELECT i.tablename::text AS t, i.indexname::text AS n FROM pg_indexes i \
         WHERE i.schemaname = 'public' AND i.tablename NOT LIKE '_sqlx%' \
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap()
    .iter()
    .map(|r| format!("{}.{}", r.get::<String, _>("t"), r.get::<String, _>("n")))
    .collect();
    (columns, indexes)
}

#[tokio::test]
#[cfg_attr(not(hailong_pg), ignore = "no PostgreSQL server: set HAILONG_TEST_PG_URL (scripts/postgres)")]
async fn both_migration_folders_define_the_same_tables_columns_and_indexes() {
    let sqlite = TestDb::sqlite().await;
    let postgres = TestDb::postgres().await;
    let (sqlite_columns, sqlite_indexes) = sqlite_schema(&sqlite.url).await;
    let (pg_columns, pg_indexes) = postgres_schema(&postgres.url).await;
    assert!(sqlite_columns.len() > 40, "the schema was read: {sqlite_columns:?}");
    assert_eq!(
        sqlite_columns.symmetric_difference(&pg_columns).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "columns only one dialect has"
    );
    assert_eq!(
        sqlite_indexes.symmetric_difference(&pg_indexes).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "indexes only one dialect has"
    );
}
