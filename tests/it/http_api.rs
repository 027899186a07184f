//! The JSON API and the health check.

use axum::http::StatusCode;
use hailong::domain::time::Timestamp;
use serde_json::Value;

use crate::db::TestDb;
use crate::fixture::world;
use crate::on_both_backends;

async fn api_lists_and_summarises(db: TestDb) {
    let world = world(db).await;
    let unauthorised = world.get("/api/v1/units", None).await;
    assert_eq!(unauthorised.status, StatusCode::UNAUTHORIZED);
    assert_eq!(serde_json::from_str::<Value>(&unauthorised.text).unwrap()["error"], "unauthorized");

    let form = format!("/q/{}", world.counter_code.token);
    for (i, overall) in ["4", "3", "1", "4", "2"].into_iter().enumerate() {
        let id = format!("00000000-0000-4000-8000-0000000000{i:02}");
        world.post_form(&form, &[("submission_id", &id), ("overall", overall), ("answer.tiep-can", "4")], None).await;
    }
    let cookie = world.login().await;
    let units: Value = serde_json::from_str(&world.get("/api/v1/units", Some(&cookie)).await.text).unwrap();
    assert_eq!(units.as_array().unwrap().len(), 3);
    let counters: Value = serde_json::from_str(
        &world.get(&format!("/api/v1/units/{}/counters", world.commune.id), Some(&cookie)).await.text,
    )
    .unwrap();
    assert_eq!(counters[0]["name"], "Quầy 1");
    let officials: Value = serde_json::from_str(
        &world.get(&format!("/api/v1/units/{}/officials", world.commune.id), Some(&cookie)).await.text,
    )
    .unwrap();
    assert_eq!(officials[0]["full_name"], "Nguyễn Văn An");
    let procedures: Value = serde_json::from_str(
        &world.get(&format!("/api/v1/units/{}/procedures", world.commune.id), Some(&cookie)).await.text,
    )
    .unwrap();
    assert_eq!(procedures.as_array().unwrap().len(), 2);

    let reply = world.get(&format!("/api/v1/units/{}/summary?period=today", world.province.id), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let summary: Value = serde_json::from_str(&reply.text).unwrap();
    assert_eq!(summary["withheld"], Value::Null, "five answers: the floor");
    assert_eq!(summary["overall"], serde_json::json!({ "very_good": 2, "good": 1, "fair": 1, "poor": 1 }));
    assert_eq!(summary["indexes"]["headline"]["count"], 5);
    let headline = summary["indexes"]["headline"]["value"].as_f64().unwrap();
    assert!((headline - 60.0).abs() < 1e-9, "3 of 5 satisfied, got {headline}");
    assert_eq!(summary["indexes"]["mean_score"].as_f64().unwrap(), 14.0 / 5.0);
    assert_eq!(summary["unit_ids"].as_array().unwrap().len(), 3);

    assert_eq!(world.get("/api/v1/units/999999", Some(&cookie)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(world.get("/api/v1/nothing-here", Some(&cookie)).await.status, StatusCode::NOT_FOUND);
}
on_both_backends!(api_lists_and_summarises);

async fn health_reports_the_database(db: TestDb) {
    let world = world(db).await;
    let reply = world.get("/healthz", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let body: Value = serde_json::from_str(&reply.text).unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"), "the program's version");
    let newest = std::fs::read_dir("crates/store/migrations/sqlite").unwrap().filter_map(|e| {
        let name = e.unwrap().file_name().into_string().unwrap();
        name.split('_').next().and_then(|n| n.parse::<i64>().ok())
    });
    assert_eq!(body["schema_version"], newest.max().unwrap(), "the newest migration applied");
    world.store().close().await;
    let down = world.get("/healthz", None).await;
    assert_eq!(down.status, StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = serde_json::from_str(&down.text).unwrap();
    assert_eq!((body["status"].clone(), body["schema_version"].clone()), ("unavailable".into(), Value::Null));
}
on_both_backends!(health_reports_the_database);

async fn a_results_key_reads_its_subtree_only_and_every_read_is_audited(db: TestDb) {
    let world = world(db).await;
    let (commune, other) = (world.commune.id, world.other_commune.id);
    let admin = world.login().await;
    let key = world.api_key(&admin, commune, &["results"]).await;
    let units = world.machine_get("/api/v1/units", &key).await;
    assert_eq!(units.status, StatusCode::OK, "{}", units.text);
    let units: Value = serde_json::from_str(&units.text).unwrap();
    let ids: Vec<i64> = units.as_array().unwrap().iter().map(|u| u["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [commune.get()], "the key's unit and what is beneath it, nothing else");
    let summary = world.machine_get(&format!("/api/v1/units/{commune}/summary?period=30d"), &key).await;
    assert_eq!(summary.status, StatusCode::OK);
    let foreign = world.machine_get(&format!("/api/v1/units/{other}/summary"), &key).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    assert_eq!(
        world.machine_get(&format!("/api/v1/units/{}", world.province.id), &key).await.status,
        StatusCode::NOT_FOUND
    );

    let dossiers_only = world.api_key(&admin, commune, &["dossiers"]).await;
    assert_eq!(world.machine_get("/api/v1/units", &dossiers_only).await.status, StatusCode::FORBIDDEN);
    assert_eq!(world.machine_get("/api/v1/units", "hl_forged").await.status, StatusCode::UNAUTHORIZED);

    let audit = world.get("/admin/audit", Some(&admin)).await.text;
    assert!(audit.contains("api.read") && audit.contains(&format!("/api/v1/units/{commune}/summary")));
    let listed = world.store().api_keys_in(&[commune]).await.unwrap();
    let reader = listed.iter().find(|k| k.scopes == [hailong::domain::access::ApiScope::Results]).unwrap();
    assert!(reader.last_used_at.is_some(), "its last use is kept");
    world.write(async |tx| tx.revoke_api_key(reader.id, Timestamp::from_millis(0)).await).await;
    assert_eq!(world.machine_get("/api/v1/units", &key).await.status, StatusCode::UNAUTHORIZED);
}
on_both_backends!(a_results_key_reads_its_subtree_only_and_every_read_is_audited);
