//! Tells the test suite whether a PostgreSQL server is configured (`HAILONG_TEST_PG_URL`), so that without one the
//! PostgreSQL variants of the integration tests are reported as ignored — skipped, not passed.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(hailong_pg)");
    println!("cargo::rerun-if-env-changed=HAILONG_TEST_PG_URL");
    if std::env::var_os("HAILONG_TEST_PG_URL").is_some_and(|url| !url.is_empty()) {
        println!("cargo::rustc-cfg=hailong_pg");
    }
}
