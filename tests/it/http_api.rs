//! The JSON API and the health check.

use axum::http::StatusCode;
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
    for (i, overall) in ["4", "3", "1"].into_iter().enumerate() {
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
    assert_eq!(summary["overall"], serde_json::json!({ "very_good": 1, "good": 1, "fair": 0, "poor": 1 }));
    assert_eq!(summary["indexes"]["headline"]["count"], 3);
    let headline = summary["indexes"]["headline"]["value"].as_f64().unwrap();
    assert!((headline - 200.0 / 3.0).abs() < 1e-9, "2 of 3 satisfied, got {headline}");
    assert_eq!(summary["indexes"]["mean_score"].as_f64().unwrap(), 8.0 / 3.0);
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
    world.store().close().await;
    assert_eq!(world.get("/healthz", None).await.status, StatusCode::SERVICE_UNAVAILABLE);
}
on_both_backends!(health_reports_the_database);
