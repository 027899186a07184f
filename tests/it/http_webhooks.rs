//! A unit's webhook over HTTP: a manager sets the address (a bad one refused in Vietnamese, other communes' managers
//! answered 404, leaders 403); a Chưa tốt under the unit's rule is posted to it as signed JSON by the sender running
//! in the server; a receiver that fails gets the same delivery again later, and the log says delivered; a test ping
//! arrives; the secret never reaches the audit log; removing the webhook stops it. A webhook cannot reach the
//! server's own network (every spelling refused when set, and again at delivery), follows no redirect, and its log
//! never tells a closed port from an open one.

use hailong::domain::time::Timestamp;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use hailong::domain::access::Role;
use hailong::domain::alert::{Rule, RuleKind};
use hailong::domain::webhook::{signature, Allowed, UrlProblem};
use hailong::services::webhooks;

use crate::db::TestDb;
use crate::fixture::{csrf_of, world};
use crate::http_live::rate;
use crate::on_both_backends;

/// What the receiver got: (headers, body).
pub type Received = Arc<Mutex<Vec<(HeaderMap, String)>>>;

/// A receiver on a free port answering 500 to its first request and 200 after.
pub async fn receiver() -> (String, Received) {
    receiver_failing_first(true).await
}

/// A receiver on a free port answering 200, or 500 to its first request if `fail_first`.
pub async fn receiver_failing_first(fail_first: bool) -> (String, Received) {
    let got: Received = Arc::default();
    let seen = got.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let seen = seen.clone();
            async move {
                let mut seen = seen.lock().unwrap();
                seen.push((headers, body));
                if fail_first && seen.len() == 1 {
                    StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    StatusCode::OK
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, got)
}

/// A sender allowed to reach the tests' receivers on 127.0.0.1, as the test configuration is.
pub fn loopback_sender() -> webhooks::Sender {
    webhooks::Sender::new(Allowed::parse("127.0.0.1").unwrap())
}

pub async fn wait_for(got: &Received, n: usize) {
    for _ in 0..100 {
        if got.lock().unwrap().len() >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the receiver got {} requests, not {n}", got.lock().unwrap().len());
}

async fn a_units_alerts_reach_its_webhook_signed_and_retried(db: TestDb) {
    let world = world(db).await;
    let commune = world.commune.id;
    let (url, got) = receiver().await;
    let password = world.account("quanly.a", Role::UnitManager, Some(commune), None).await;
    let manager = world.login_as("quanly.a", &password).await;
    let password = world.account("quanly.b", Role::UnitManager, Some(world.other_commune.id), None).await;
    let other = world.login_as("quanly.b", &password).await;
    let page = format!("/admin/units/{commune}/alerts");
    let set = format!("/admin/units/{commune}/webhook");

    let csrf = csrf_of(&world.get(&page, Some(&manager)).await.text);
    let bad = world.post_form(&set, &[("csrf", &csrf), ("url", "ftp://motcua")], Some(&manager)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text.contains("Địa chỉ chưa hợp lệ"));
    let b_csrf = csrf_of(&world.get("/account/password", Some(&other)).await.text);
    let refused = world.post_form(&set, &[("csrf", &b_csrf), ("url", &url)], Some(&other)).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let done = world.post_form(&set, &[("csrf", &csrf), ("url", &url)], Some(&manager)).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let secret = world.store().webhook_of(commune).await.unwrap().expect("in force").secret;
    assert!(secret.starts_with("whsec_") && world.get(&page, Some(&manager)).await.text.contains(&secret));

    let poor = Rule::new(RuleKind::Poor, 0, 0, 0).unwrap();
    world.write(async |tx| tx.add_alert_rule(commune, &poor, Timestamp::from_millis(0)).await).await;
    rate(&world, &world.counter_code, "1", "Chờ quá lâu").await;
    wait_for(&got, 1).await;
    let (headers, body) = got.lock().unwrap()[0].clone();
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let timestamp: i64 = header("x-hailong-timestamp").parse().unwrap();
    assert_eq!(header("x-hailong-signature"), signature(&secret, timestamp, &body), "signed with the secret");
    assert_eq!(header("x-hailong-event"), "alert");
    let sent: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(sent["alert"]["kind"], "poor");
    assert_eq!(sent["alert"]["unit"], "Xã Một");
    assert!(sent["alert"]["detail"].as_str().unwrap().contains("Chờ quá lâu"));
    assert_eq!(
        (&sent["alert"]["channel"], &sent["alert"]["procedure"]),
        (&serde_json::json!("qr"), &serde_json::Value::Null)
    );
    assert!(!body.contains("contact") && !body.contains("client"), "nothing about the citizen: {body}");

    // The receiver failed: the delivery waits ~30 s; half a minute later it goes again, the same delivery.
    let delivery = header("x-hailong-delivery");
    let log = world.get(&page, Some(&manager)).await.text;
    assert!(log.contains("HTTP 500") && log.contains("thử lại lúc"), "the log says what failed and when next");
    let later = chrono::Utc::now().timestamp_millis() + 31_000;
    assert_eq!(webhooks::send_due(world.store(), &loopback_sender(), later).await.unwrap(), 1);
    wait_for(&got, 2).await;
    assert_eq!(got.lock().unwrap()[1].0.get("x-hailong-delivery").unwrap().to_str().unwrap(), delivery);
    assert!(world.get(&page, Some(&manager)).await.text.contains("Đã gửi lúc"));

    let test = format!("/admin/units/{commune}/webhook/test");
    assert_eq!(world.post_form(&test, &[("csrf", &csrf)], Some(&manager)).await.status, StatusCode::SEE_OTHER);
    wait_for(&got, 3).await;
    assert_eq!(got.lock().unwrap()[2].0.get("x-hailong-event").unwrap(), "ping");

    let audit = world.get("/admin/audit", Some(&world.login().await)).await.text;
    assert!(audit.contains("webhook.set") && audit.contains("webhook.test"));
    assert!(!audit.contains(&secret), "the secret stays out of the audit log");
    let remove = format!("/admin/units/{commune}/webhook/remove");
    assert_eq!(world.post_form(&remove, &[("csrf", &csrf)], Some(&manager)).await.status, StatusCode::SEE_OTHER);
    assert_eq!(world.store().webhook_of(commune).await.unwrap(), None);
    assert_eq!(world.post_form(&test, &[("csrf", &csrf)], Some(&manager)).await.status, StatusCode::NOT_FOUND);
}
on_both_backends!(a_units_alerts_reach_its_webhook_signed_and_retried);

async fn a_webhook_cannot_reach_the_servers_own_network(db: TestDb) {
    let world = world(db).await;
    let commune = world.commune.id;
    let (url, got) = receiver().await;
    let port = url.split(':').nth(2).unwrap().trim_end_matches("/hook");
    let password = world.account("quanly.a", Role::UnitManager, Some(commune), None).await;
    let manager = world.login_as("quanly.a", &password).await;
    let page = format!("/admin/units/{commune}/alerts");
    let set = format!("/admin/units/{commune}/webhook");
    let csrf = csrf_of(&world.get(&page, Some(&manager)).await.text);

    // The test configuration allows 127.0.0.1 alone: every other inward address, however spelt, is refused.
    for inward in [
        format!("http://localhost:{port}/hook"),
        format!("http://[::1]:{port}/hook"),
        "http://169.254.169.254/latest/meta-data/".to_owned(),
        "http://10.0.0.1/".to_owned(),
        format!("http://0x7f000002:{port}/hook"),
        format!("http://2130706434:{port}/hook"),
        "http://[::ffff:192.168.1.1]/".to_owned(),
        "http://100.64.0.1/".to_owned(),
    ] {
        let refused = world.post_form(&set, &[("csrf", &csrf), ("url", &inward)], Some(&manager)).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{inward}");
        assert!(refused.text.contains("mạng nội bộ"), "{inward}: the page says why");
        assert!(refused.text.contains(&format!(r#"value="{inward}""#)), "{inward}: what was typed is kept");
    }
    assert_eq!(world.store().webhook_of(commune).await.unwrap(), None);
    assert_eq!(
        webhooks::resolve("localhost", 80, &Allowed::default()).await,
        Err(UrlProblem::Internal),
        "a name is judged by the addresses it resolves to"
    );

    // A webhook stored before the rules (or allowed then, and no longer) is checked again at delivery: nothing is
    // sent, and the log says only that it could not be delivered.
    world.write(async |tx| tx.set_webhook(commune, &url, "whsec_test", Timestamp::from_millis(0)).await).await;
    let test = format!("/admin/units/{commune}/webhook/test");
    assert_eq!(world.post_form(&test, &[("csrf", &csrf)], Some(&manager)).await.status, StatusCode::SEE_OTHER);
    let now = chrono::Utc::now().timestamp_millis() + 5_000;
    let strict = webhooks::Sender::new(Allowed::default());
    webhooks::send_due(world.store(), &strict, now).await.unwrap();
    let log = world.get(&page, Some(&manager)).await.text;
    assert!(got.lock().unwrap().iter().all(|(h, _)| h.get("x-hailong-event").unwrap() != "ping"), "nothing sent");
    assert!(log.contains("Không gửi được"), "the log says it could not be delivered");

    // A closed port and a refusing receiver: "could not be delivered" against the receiver's own status, and
    // nothing of the connection's error that would tell a closed port from a filtered one.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let closed_url = format!("http://{}/hook", closed.local_addr().unwrap());
    drop(closed);
    world.write(async |tx| tx.set_webhook(commune, &closed_url, "whsec_test", Timestamp::from_millis(0)).await).await;
    assert_eq!(world.post_form(&test, &[("csrf", &csrf)], Some(&manager)).await.status, StatusCode::SEE_OTHER);
    webhooks::send_due(world.store(), &loopback_sender(), now + 60_000).await.unwrap();
    let log = world.get(&page, Some(&manager)).await.text.to_lowercase();
    for leak in ["error", "connect", "refused", "tcp", "os error"] {
        assert!(!log.contains(leak), "the log shows {leak:?}");
    }

    // A redirect is a receiver's answer, never followed to where it points.
    let redirect = axum::Router::new()
        .route("/hook", axum::routing::post(move || async move { axum::response::Redirect::temporary(&url) }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let redirecting = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, redirect).await.unwrap() });
    let before = got.lock().unwrap().len();
    world.write(async |tx| tx.set_webhook(commune, &redirecting, "whsec_test", Timestamp::from_millis(0)).await).await;
    assert_eq!(world.post_form(&test, &[("csrf", &csrf)], Some(&manager)).await.status, StatusCode::SEE_OTHER);
    webhooks::send_due(world.store(), &loopback_sender(), now + 120_000).await.unwrap();
    assert_eq!(got.lock().unwrap().len(), before, "the redirect was not followed");
    assert!(world.get(&page, Some(&manager)).await.text.contains("Nơi nhận từ chối (HTTP 307)"));

    // Test pings are limited per unit: a few in a row, then 429 with the reason.
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(world.post_form(&test, &[("csrf", &csrf)], Some(&manager)).await.status);
    }
    assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
}
on_both_backends!(a_webhook_cannot_reach_the_servers_own_network);
