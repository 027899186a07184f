//! The integration suite, one binary: the store conformance story and the HTTP behaviour, each run on a
//! temporary SQLite file and on a fresh PostgreSQL database. Without `HAILONG_TEST_PG_URL` (read when the tests are
//! compiled, see build.rs) the PostgreSQL variants are ignored, so the summary counts them as skipped.

mod access_matrix;
mod api_refusals;
mod backups;
mod db;
mod fixture;
mod group_commit;
mod http_accounts;
mod http_alerts;
mod http_api;
mod http_catalogue;
mod http_citizen;
mod http_connections;
mod http_dashboard;
mod http_english;
mod http_imports;
mod http_kiosk;
mod http_live;
mod http_one_voice;
mod http_paper;
mod http_patterns;
mod http_pin_locks;
mod http_procedures;
mod http_publication;
mod http_receipt_release;
mod http_receipts;
mod http_reports;
mod http_reviews;
mod http_security;
mod http_staff;
mod http_surveyor_phones;
mod http_surveys;
mod http_tablet_pace;
mod http_transactions;
mod http_voids;
mod http_watch;
mod http_webhooks;
mod http_withheld;
mod openapi;
mod rollups;
mod schema;
mod store_story;
mod tls;

/// Runs an `async fn(TestDb)` test on both backends.
#[macro_export]
macro_rules! on_both_backends {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::db::TestDb::sqlite().await).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            #[cfg_attr(not(hailong_pg), ignore = "no PostgreSQL server: set HAILONG_TEST_PG_URL (scripts/postgres)")]
            async fn postgres() {
                super::$name($crate::db::TestDb::postgres().await).await;
            }
        }
    };
}
