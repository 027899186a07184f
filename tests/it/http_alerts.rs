//! Alerts over HTTP: a Chưa tốt under a unit's rule raises one alert, live on the dashboards of that unit and above
//! and on no other commune's; it is listed open on the dashboard, acknowledged with what was done (audited, an empty
//! note refused, another commune's people answered 404 and an official 403), and kept in the history. A low-index
//! rule fires once while its alert stays open. A burst larger than one statement raises each alert once, with its
//! webhook delivery.

use hailong::domain::time::Timestamp;
use std::time::Duration;

use axum::http::StatusCode;
use hailong::domain::access::Role;
use hailong::domain::alert::{Rule, RuleKind};
use hailong::store::NewAlert;

use crate::db::TestDb;
use crate::fixture::{csrf_of, world};
use crate::http_live::{rate, Stream};
use crate::on_both_backends;
use hailong::domain::ids::ResponseId;

const SOON: Duration = Duration::from_secs(2);

async fn a_poor_rating_raises_an_alert_its_leaders_handle(db: TestDb) {
    let world = world(db).await;
    let commune = world.commune.id;
    let poor = Rule::new(RuleKind::Poor, 0, 0, 0).unwrap();
    world.write(async |tx| tx.add_alert_rule(commune, &poor, Timestamp::from_millis(0)).await).await;
    let password = world.account("lanhdao.a", Role::Leader, Some(commune), None).await;
    let leader = world.login_as("lanhdao.a", &password).await;
    let password = world.account("lanhdao.b", Role::Leader, Some(world.other_commune.id), None).await;
    let other = world.login_as("lanhdao.b", &password).await;
    let password = world.account("congchuc.an", Role::Official, Some(commune), Some(world.official.id)).await;
    let official = world.login_as("congchuc.an", &password).await;

    let mut in_a = Stream::open(&world.state, commune, &leader, None).await.unwrap();
    let mut in_b = Stream::open(&world.state, world.other_commune.id, &other, None).await.unwrap();
    rate(&world, &world.counter_code, "4", "").await; // Rất tốt: no alert
    rate(&world, &world.counter_code, "1", "Chờ <i>lâu</i>").await;
    let alert = in_a.next("alert", SOON).await.expect("the leader is alerted live");
    assert_eq!(alert["detail"].as_str(), Some("Chưa tốt — Xã Một: “Chờ <i>lâu</i>”"));
    assert!(alert.get("chain").is_none());
    assert_eq!(in_a.next("alert", Duration::from_millis(300)).await, None, "one alert, not one per rating");
    assert_eq!(in_b.next("alert", Duration::from_millis(300)).await, None, "the other commune hears nothing");
    let id = alert["id"].as_i64().unwrap();

    let dashboard = world.get(&format!("/dashboard?unit={commune}"), Some(&leader)).await;
    assert!(dashboard.text.contains(&format!("/alerts/{id}/acknowledge")), "listed open with its form");
    assert!(dashboard.text.contains("Chờ &lt;i&gt;lâu&lt;/i&gt;"), "the comment is text");
    let elsewhere = world.get(&format!("/dashboard?unit={}", world.other_commune.id), Some(&other)).await;
    assert!(!elsewhere.text.contains("/acknowledge"));

    let path = format!("/alerts/{id}/acknowledge");
    let csrf = |html: &str| csrf_of(html);
    let b_csrf = csrf(&world.get("/account/password", Some(&other)).await.text);
    let refused = world.post_form(&path, &[("csrf", &b_csrf), ("action", "xong")], Some(&other)).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "another commune's alert is not there for B");
    let o_csrf = csrf(&world.get("/account/password", Some(&official)).await.text);
    let refused = world.post_form(&path, &[("csrf", &o_csrf), ("action", "xong")], Some(&official)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let a_csrf = csrf(&dashboard.text);
    let empty = world.post_form(&path, &[("csrf", &a_csrf), ("action", "  ")], Some(&leader)).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.text.contains("Hãy ghi lại việc đã làm"));
    let done = world.post_form(&path, &[("csrf", &a_csrf), ("action", "Đã gọi điện xin lỗi")], Some(&leader)).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let again = world.post_form(&path, &[("csrf", &a_csrf), ("action", "lần nữa")], Some(&leader)).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "an alert is acknowledged once");

    let dashboard = world.get(&format!("/dashboard?unit={commune}"), Some(&leader)).await;
    assert!(!dashboard.text.contains(&path), "no longer open");
    let history = world.get(&format!("/alerts?unit={commune}"), Some(&leader)).await;
    assert!(history.text.contains("Đã gọi điện xin lỗi") && history.text.contains("lanhdao.a"));
    let audit = world.get("/admin/audit", Some(&world.login().await)).await;
    assert!(audit.text.contains("alert.acknowledge"));
}
on_both_backends!(a_poor_rating_raises_an_alert_its_leaders_handle);

async fn a_low_index_alerts_once_while_open(db: TestDb) {
    let world = world(db).await;
    let province = world.province.id;
    let low = Rule::new(RuleKind::LowIndex, 90, 24, 3).unwrap();
    world.write(async |tx| tx.add_alert_rule(province, &low, Timestamp::from_millis(0)).await).await;
    let admin = world.login().await;
    let mut stream = Stream::open(&world.state, province, &admin, None).await.unwrap();
    rate(&world, &world.counter_code, "1", "").await;
    rate(&world, &world.counter_code, "4", "").await;
    assert_eq!(stream.next("alert", Duration::from_millis(500)).await, None, "two ratings are too few to judge");
    rate(&world, &world.counter_code, "2", "").await;
    let alert = stream.next("alert", SOON).await.expect("a third rating makes the window count");
    assert!(alert["detail"].as_str().unwrap().starts_with("Chỉ số hài lòng 33.3% trong 24 giờ qua (3 phiếu)"));
    rate(&world, &world.counter_code, "1", "").await;
    assert_eq!(stream.next("alert", Duration::from_millis(500)).await, None, "still open: not raised again");
}
on_both_backends!(a_low_index_alerts_once_while_open);

/// A counted batch can raise more alerts than one statement takes (`ALERTS_PER_STATEMENT`): each is raised once
/// with its webhook delivery; a window's alerts of one rule, once while open.
async fn a_burst_raises_each_alert_once_with_its_delivery(db: TestDb) {
    let world = world(db).await;
    let commune = world.commune.id;
    let poor = Rule::new(RuleKind::Poor, 0, 0, 0).unwrap();
    let poor_rule = world.write(async |tx| tx.add_alert_rule(commune, &poor, Timestamp::from_millis(0)).await).await;
    let low = Rule::new(RuleKind::LowIndex, 90, 24, 3).unwrap();
    let low_rule = world.write(async |tx| tx.add_alert_rule(commune, &low, Timestamp::from_millis(0)).await).await;
    world
        .write(async |tx| {
            tx.set_webhook(commune, "https://example.invalid/hook", "secret", Timestamp::from_millis(0)).await
        })
        .await;
    let mut ratings = vec![];
    for _ in 0..120 {
        ratings.push(rate(&world, &world.counter_code, "3", "").await);
    }
    let alert = |rule_id, response_id| NewAlert {
        rule_id,
        unit_id: commune,
        raised_at: Timestamp::from_millis(1_000),
        response_id,
        counter_id: None,
        official_id: None,
        detail: "Chưa tốt".into(),
        quiet_ms: 0,
    };
    let mut burst: Vec<NewAlert> = ratings.iter().map(|id| alert(poor_rule, Some(ResponseId::new(*id)))).collect();
    burst.extend([alert(low_rule, None), alert(low_rule, None)]);
    let store = world.store();
    let raised = store.raise_alerts(&burst).await.unwrap();
    assert_eq!(raised.len(), 121, "120 ratings' alerts and one window's");
    assert!(raised.windows(2).all(|w| w[0].id < w[1].id), "oldest first");
    assert_eq!(store.deliveries_of(commune, 500).await.unwrap().len(), 121, "each alert queued for the webhook");
    assert_eq!(store.raise_alerts(&burst).await.unwrap(), vec![], "raised before (the window's is still open)");
    assert_eq!(store.alerts_in(commune, false, 500).await.unwrap().len(), 121);
}
on_both_backends!(a_burst_raises_each_alert_once_with_its_delivery);
