//! Gaming shows up (docs/design.md, Patterns that call for a look): one phone's 25 "Rất tốt" for an official within
//! minutes are flagged as they come, and the official's latest ratings then show patterns — a burst far above their
//! usual rate, a run of one level from one phone, a large share flagged. The manager's dashboard explains each in plain
//! Vietnamese; each raises an alert of its own kind once, queued for the unit's webhook; the official's own page shows
//! none of it. (The 25 came from one network, so its flood rule takes them all out; the patterns themselves hide
//! nothing.) A counter rated a few times by different citizens shows nothing.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::Utc;
use hailong::domain::access::Role;
use hailong::domain::time::Timestamp;
use hailong::services::patterns::raise_patterns;

use crate::db::{count_all, TestDb};
use crate::fixture::{world, World};
use crate::on_both_backends;

/// One "Rất tốt" for the official's own code from the phone with this cookie.
async fn rate_official(world: &World, phone: &str) -> StatusCode {
    let submission = uuid::Uuid::new_v4().to_string();
    let body = serde_urlencoded::to_string([("submission_id", submission.as_str()), ("overall", "4")]).unwrap();
    let request = Request::post(format!("/q/{}", world.official_code.token))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("hailong_phone={phone}"))
        .header("x-forwarded-for", "203.0.113.50");
    world.send(request.body(Body::from(body)).unwrap()).await.status
}

async fn an_official_stuffing_their_own_figure_is_shown_to_the_managers(db: TestDb) {
    let world = world(db).await;
    let commune = world.commune.id;
    world
        .write(async |tx| {
            tx.set_webhook(commune, "https://example.invalid/hook", "secret", Timestamp::from_millis(0)).await
        })
        .await;
    for i in 0..25 {
        // The limiter lets a client through 20 a minute; the phone's own cookie is what one phone is.
        let phone = if i < 20 { "0123456789abcdef0123456789abcdef" } else { "fedcba9876543210fedcba9876543210" };
        assert_eq!(rate_official(&world, phone).await, StatusCode::SEE_OTHER, "rating {i}");
    }
    count_all(world.store()).await;

    let now = Utc::now().timestamp_millis();
    let hours = world.state.settings.opening_hours;
    let raised = raise_patterns(world.store(), &hours, now).await.unwrap();
    let kinds: Vec<&str> = raised.iter().map(|r| r.alert.kind.as_str()).collect();
    for kind in ["burst", "one_level_run", "flagged_share"] {
        assert!(kinds.contains(&kind), "an alert of its own kind, {kind}: {kinds:?}");
    }
    assert!(raised.iter().all(|r| r.alert.unit_id == commune), "to the official's own unit");
    let burst = raised.iter().find(|r| r.alert.kind == "burst").unwrap();
    assert!(burst.alert.detail.starts_with(&format!("{}: 25 phiếu trong 1 giờ qua", world.official.full_name)));
    let queued = world.store().deliveries_of(commune, 100).await.unwrap().len();
    assert_eq!(queued, raised.len(), "each queued for the unit's webhook");
    assert!(raise_patterns(world.store(), &hours, now + 60_000).await.unwrap().is_empty(), "raised once");

    let password = world.account("quanly.a", Role::UnitManager, Some(commune), None).await;
    let manager = world.login_as("quanly.a", &password).await;
    let dashboard = world.get(&format!("/dashboard?unit={commune}&period=today"), Some(&manager)).await;
    assert!(dashboard.text.contains("Dấu hiệu cần xem xét"), "the dashboard marks it");
    assert!(dashboard.text.contains("phiếu gần nhất gửi từ điện thoại đều mức “Rất tốt”, mà chỉ từ 2 điện thoại"));
    assert!(dashboard.text.contains("không phiếu nào bị ẩn tự động"));
    assert!(dashboard.text.contains(&format!("/responses?unit={commune}&amp;period=today&amp;flagged=1")));
    let alerts = world.get(&format!("/alerts?unit={commune}"), Some(&manager)).await;
    assert!(alerts.text.contains("25 phiếu trong 1 giờ qua"), "in the alerts' history");

    let password = world.account("congchuc.an", Role::Official, Some(commune), Some(world.official.id)).await;
    let official = world.login_as("congchuc.an", &password).await;
    let own = world.get(&format!("/dashboard?unit={commune}&period=today"), Some(&official)).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(!own.text.contains("Dấu hiệu cần xem xét") && !own.text.contains("1 giờ qua"), "not to the official");

    let summary = world.get(&format!("/api/v1/units/{commune}/summary?period=today"), Some(&manager)).await;
    let summary: serde_json::Value = serde_json::from_str(&summary.text).unwrap();
    // One network sent 25 for one official in a day: past the flood (20), none of them counts — a rule, not the
    // pattern; the patterns themselves hide nothing.
    assert_eq!(summary["indexes"]["headline"]["count"], 0, "{summary}");
    assert_eq!(summary["misuse_excluded"], 25);
}
on_both_backends!(an_official_stuffing_their_own_figure_is_shown_to_the_managers);
