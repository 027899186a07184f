//! One phone, one voice, over HTTP: the form gives a phone its cookie; one phone's many ratings of a counter count
//! once and the rest are stored flagged (the same counter again, then past the day's share), as are a cookieless
//! client's repeats; a browser signed in as staff of the rated unit is not a citizen, one of another commune is;
//! the register names each rule; the figures count only what stands.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use hailong::domain::access::Role;

use crate::db::{count_all, TestDb};
use crate::fixture::{cookie_named, world, World};
use crate::http_live::everything;
use crate::on_both_backends;

/// One rating (`overall`) of the counter's code, sent with `cookie` (a phone's, or a staff session's) from `client`.
pub async fn rate_as(world: &World, cookie: Option<&str>, client: &str, overall: &str) -> StatusCode {
    let submission = uuid::Uuid::new_v4().to_string();
    let body = serde_urlencoded::to_string([("submission_id", submission.as_str()), ("overall", overall)]).unwrap();
    let mut request = Request::post(format!("/q/{}", world.counter_code.token))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-forwarded-for", client);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    world.send(request.body(Body::from(body)).unwrap()).await.status
}

/// The stored responses' rules, oldest first (`None`: counted).
async fn rules(world: &World) -> Vec<Option<String>> {
    let mut rows = world
        .store()
        .recent_responses(&everything(world), hailong::store::ListPlace::FIRST, 1000, false)
        .await
        .unwrap();
    rows.reverse();
    rows.into_iter().map(|r| r.misuse_rule).collect()
}

async fn one_phone_counts_once_and_its_repeats_are_kept_apart(db: TestDb) {
    let world = world(db).await;
    // The form gives a phone its cookie, once.
    let form = world.get(&format!("/q/{}", world.counter_code.token), None).await;
    let phone = cookie_named(&form, "hailong_phone").expect("the form sets the phone's cookie");
    assert!(form.headers[header::SET_COOKIE].to_str().unwrap().contains("HttpOnly"));
    assert_eq!(form.headers[header::CACHE_CONTROL], "private", "no shared cache hands it to another phone");
    let again = world.get(&format!("/q/{}", world.counter_code.token), Some(&phone)).await;
    assert!(again.headers.get(header::SET_COOKIE).is_none(), "a known phone gets no new cookie");
    assert!(form.text.contains("mỗi điện thoại chỉ được tính một lần"), "the form says so");

    // 25 ratings of the counter from one phone, as an official wanting a better figure would send them.
    for _ in 0..25 {
        assert_eq!(rate_as(&world, Some(&phone), "203.0.113.10", "4").await, StatusCode::SEE_OTHER, "thanked alike");
    }
    let stored = rules(&world).await;
    assert_eq!(stored.len(), 25, "every rating is stored");
    assert!(stored[1..5].iter().all(|r| r.as_deref() == Some("same_phone<240m")), "{stored:?}");
    assert!(stored[5..20].iter().all(|r| r.as_deref() == Some("phone_daily_cap>5")), "{stored:?}");
    // Past twenty in a day the phone is a machine: the rest are out, and the first, which had counted, with them.
    assert!(stored[20..].iter().all(|r| r.as_deref() == Some("phone_flood>20")), "{stored:?}");
    assert_eq!(stored[0].as_deref(), Some("phone_flood>20"), "the first counted only until the flood");

    // Without a cookie the phone is the day's client: the same client's second rating is flagged, another's not.
    assert_eq!(rate_as(&world, None, "203.0.113.20", "4").await, StatusCode::SEE_OTHER);
    assert_eq!(rate_as(&world, None, "203.0.113.20", "4").await, StatusCode::SEE_OTHER);
    assert_eq!(rate_as(&world, None, "203.0.113.21", "4").await, StatusCode::SEE_OTHER);
    let stored = rules(&world).await;
    assert_eq!(stored[25..], [None, Some("same_phone<240m".to_owned()), None]);

    // The figures count the two that stand; the register names each rule.
    count_all(world.store()).await;
    let password = world.account("quanly.a", Role::UnitManager, Some(world.commune.id), None).await;
    let manager = world.login_as("quanly.a", &password).await;
    let dashboard = world.get(&format!("/dashboard?unit={}&period=today", world.commune.id), Some(&manager)).await;
    assert!(dashboard.text.contains("26 phiếu bị gắn cờ"), "set apart and said so");
    let register = world.get(&format!("/responses?unit={}&period=today", world.commune.id), Some(&manager)).await;
    assert!(register.text.contains("Cùng điện thoại đã đánh giá nơi này — không tính"));
    assert!(register.text.contains("Điện thoại quá số phiếu trong ngày — không tính"));
}
on_both_backends!(one_phone_counts_once_and_its_repeats_are_kept_apart);

async fn a_staff_browser_of_the_unit_is_not_a_citizen(db: TestDb) {
    let world = world(db).await;
    let password = world.account("congchuc.an", Role::Official, Some(world.commune.id), Some(world.official.id)).await;
    let official = world.login_as("congchuc.an", &password).await;
    let password = world.account("lanhdao.b", Role::Leader, Some(world.other_commune.id), None).await;
    let elsewhere = world.login_as("lanhdao.b", &password).await;
    let admin = world.login().await;

    assert_eq!(rate_as(&world, Some(&official), "203.0.113.30", "4").await, StatusCode::SEE_OTHER);
    assert_eq!(rate_as(&world, Some(&admin), "203.0.113.31", "4").await, StatusCode::SEE_OTHER);
    assert_eq!(rate_as(&world, Some(&elsewhere), "203.0.113.32", "4").await, StatusCode::SEE_OTHER);
    let stored = rules(&world).await;
    assert_eq!(
        stored,
        [Some("staff_device".to_owned()), Some("staff_device".to_owned()), None],
        "the unit's official and the administrator are staff of it; another commune's leader is a citizen here"
    );
}
on_both_backends!(a_staff_browser_of_the_unit_is_not_a_citizen);

async fn a_phone_that_floods_its_day_counts_not_at_all(db: TestDb) {
    let world = world(db).await;
    let phone = "hailong_phone=00112233445566778899aabbccddeeff";
    // From changing addresses (a phone moving between networks): the phone's cookie is what it is.
    for i in 0..20 {
        assert_eq!(rate_as(&world, Some(phone), &format!("198.51.100.{i}"), "4").await, StatusCode::SEE_OTHER);
    }
    count_all(world.store()).await;
    let stored = rules(&world).await;
    assert_eq!(stored[0], None, "the phone's first rating of the day counted while it was one of twenty");
    assert_eq!(rate_as(&world, Some(phone), "198.51.100.99", "4").await, StatusCode::SEE_OTHER, "thanked alike");
    count_all(world.store()).await;
    let stored = rules(&world).await;
    assert_eq!(stored.len(), 21);
    assert!(stored.iter().all(|r| r.is_some()), "past the flood, none of the day counts: {stored:?}");
    assert_eq!(stored[0].as_deref(), Some("phone_flood>20"), "the first, flagged after it was stored");
    assert_eq!(stored[20].as_deref(), Some("phone_flood>20"));
    let commune = world.commune.id;
    let admin = world.login().await;
    let summary = world.get(&format!("/api/v1/units/{commune}/summary?period=today"), Some(&admin)).await;
    let summary: serde_json::Value = serde_json::from_str(&summary.text).unwrap();
    assert_eq!(
        (summary["indexes"]["headline"]["count"].clone(), summary["misuse_excluded"].clone()),
        (0.into(), 21.into())
    );
    world.store().rebuild_rollups().await.unwrap();
    let again = world.get(&format!("/api/v1/units/{commune}/summary?period=today"), Some(&admin)).await;
    assert_eq!(serde_json::from_str::<serde_json::Value>(&again.text).unwrap(), summary, "a recount agrees");
    let register = world.get(&format!("/responses?unit={commune}&period=today&flagged=1"), Some(&admin)).await;
    assert!(register.text.contains("Điện thoại gửi hàng loạt trong ngày"), "the register names the rule");
}
on_both_backends!(a_phone_that_floods_its_day_counts_not_at_all);
