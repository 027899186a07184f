//! Transaction counts over HTTP: a key of scope `transactions` sets a unit's monthly counts (all lines or none; a
//! unit of another commune makes the request 404, a queue key 403); months nobody declared count the dossiers
//! registered for receipt links; the dashboard divides the month's responses by them.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::db::{count_all, TestDb};
use crate::fixture::world;
use crate::http_live::rate;
use crate::on_both_backends;

fn this_month() -> String {
    hailong::domain::period::local_date(chrono::Utc::now()).format("%Y-%m").to_string()
}

async fn declared_and_registered_transactions_give_the_response_rate(db: TestDb) {
    let world = world(db).await;
    let (commune, other) = (world.commune.id, world.other_commune.id);
    let admin = world.login().await;
    let key = world.api_key(&admin, commune, &["transactions"]).await;
    let month = this_month();

    let queue = world.api_key(&admin, commune, &["queue"]).await;
    let counts = json!({ "counts": [{ "unit_id": commune, "month": month, "count": 40 }] });
    assert_eq!(world.put_json("/api/v1/transactions", &counts, Some(&queue), None).await.status, StatusCode::FORBIDDEN);
    let foreign = json!({ "counts": [{ "unit_id": other, "month": month, "count": 9 }] });
    let refused = world.put_json("/api/v1/transactions", &foreign, Some(&key), None).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "another commune does not exist for this key");
    let bad = json!({ "counts": [
        { "unit_id": commune, "month": month, "count": 30, "procedure_code": "1.001193" },
        { "unit_id": commune, "month": "2026-13", "count": 5 },
        { "unit_id": commune, "month": month, "count": -1 },
        { "unit_id": commune, "month": month, "count": 5, "procedure_code": "9.999999" },
        { "unit_id": commune, "month": "2999-01", "count": 5 },
    ] });
    let refused = world.put_json("/api/v1/transactions", &bad, Some(&key), None).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let lines: Value = serde_json::from_str(&refused.text).unwrap();
    let lines: Vec<&str> = lines["lines"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
    assert_eq!(lines.len(), 4, "each bad line is named: {lines:?}");
    assert!(lines[0].starts_with("counts[1]") && lines[3].starts_with("counts[4]"));

    // 30 of one procedure and 10 with none named: 40 this month. Sent again, a count replaces the one before.
    let good = json!({ "counts": [
        { "unit_id": commune, "month": month, "count": 25, "procedure_code": "1.001193.000.00.00.H55" },
        { "unit_id": commune, "month": month, "count": 10 },
    ] });
    let stored = world.put_json("/api/v1/transactions", &good, Some(&key), None).await;
    assert_eq!(stored.status, StatusCode::OK, "{}", stored.text);
    let again =
        json!({ "counts": [{ "unit_id": commune, "month": month, "count": 30, "procedure_code": "1.001193" }] });
    assert_eq!(world.put_json("/api/v1/transactions", &again, Some(&key), None).await.status, StatusCode::OK);

    // The other commune declared nothing: its two registered dossiers are its transactions.
    let other_key = world.api_key(&admin, other, &["dossiers"]).await;
    for n in 0..2 {
        let today = hailong::domain::period::local_date(chrono::Utc::now()).to_string();
        let dossier = json!({ "dossier_code": format!("HS-{n}"), "unit_id": other, "received_on": today });
        assert_eq!(world.machine_post("/api/v1/dossiers", &dossier, &other_key).await.status, StatusCode::CREATED);
    }
    rate(&world, &world.counter_code, "4", "").await;
    rate(&world, &world.counter_code, "3", "").await;
    count_all(world.store()).await;

    let board = world.get(&format!("/dashboard?unit={commune}&period=month"), Some(&admin)).await;
    assert!(board.text.contains("2 / 40 giao dịch") && board.text.contains("5,0%"), "the commune: 2 of 40");
    let board = world.get(&format!("/dashboard?unit={}&period=month", world.province.id), Some(&admin)).await;
    assert!(board.text.contains("2 / 42 giao dịch"), "the province adds the other commune's registered dossiers");
    let board = world.get(&format!("/dashboard?unit={other}&period=month"), Some(&admin)).await;
    assert!(board.text.contains("0 / 2 giao dịch"));

    let audit = world.get("/admin/audit", Some(&admin)).await.text;
    assert!(audit.contains("transactions.set"));
}
on_both_backends!(declared_and_registered_transactions_give_the_response_rate);
