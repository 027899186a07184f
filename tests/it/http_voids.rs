//! Voiding a response over HTTP: a manager of the unit voids one with a reason (audited once, a second click
//! harmless); a leader may read the register but not void, another commune's manager is answered 404 and an empty
//! reason 422. The voided response leaves the figures, the comment feed and the live catch-up, is counted apart on
//! the dashboard and in the API, stays in the register with its reason, and the void itself cannot be edited.

use axum::http::StatusCode;
use hailong::domain::access::Role;
use sqlx::Connection;

use crate::db::{count_all, TestDb};
use crate::fixture::{csrf_of, world};
use crate::http_live::rate;
use crate::on_both_backends;

async fn a_manager_voids_a_response_out_of_every_figure(db: TestDb) {
    let world = world(db).await;
    let commune = world.commune.id;
    rate(&world, &world.counter_code, "4", "").await;
    let test_press = rate(&world, &world.counter_code, "1", "Phiếu thử của cán bộ").await;
    // Three more, so what stands is above the sample floor and the API shows it (decision 020).
    for overall in ["3", "4", "3", "4"] {
        rate(&world, &world.counter_code, overall, "").await;
    }
    count_all(world.store()).await;

    let manager = world.signed_in("quanly.a", Role::UnitManager, Some(commune), None).await;
    let leader = world.signed_in("lanhdao.a", Role::Leader, Some(commune), None).await;
    let other = world.signed_in("quanly.b", Role::UnitManager, Some(world.other_commune.id), None).await;
    let register = format!("/responses?unit={commune}&period=today");
    let path = format!("/responses/{test_press}/void");

    let read = world.get(&register, Some(&leader)).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.text.matches("<tr id=\"r").count(), 6, "every response of the day is listed");
    assert!(!read.text.contains("/void"), "a leader reads the register but cannot void");
    let l_csrf = csrf_of(&read.text);
    let refused = world.post_form(&path, &[("csrf", &l_csrf), ("reason", "thử")], Some(&leader)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let b_register = world.get(&format!("/responses?unit={}", world.other_commune.id), Some(&other)).await;
    let b_csrf = csrf_of(&b_register.text);
    let refused = world.post_form(&path, &[("csrf", &b_csrf), ("reason", "thử")], Some(&other)).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "another commune's response is not there for B");
    assert_eq!(world.get(&register, Some(&other)).await.status, StatusCode::NOT_FOUND);

    let page = world.get(&register, Some(&manager)).await;
    assert!(page.text.contains(&path), "a manager has the form");
    let csrf = csrf_of(&page.text);
    let empty = world.post_form(&path, &[("csrf", &csrf), ("reason", "   ")], Some(&manager)).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.text.contains("Hãy ghi lý do hủy phiếu"));
    let unit = commune.to_string();
    let form = [("csrf", csrf.as_str()), ("reason", "Cán bộ bấm thử <b>máy</b>"), ("unit", unit.as_str())];
    let done = world.post_form(&path, &form, Some(&manager)).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(done.location(), format!("/responses?unit={commune}#r{test_press}"));
    let again = world.post_form(&path, &form, Some(&manager)).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "a second click is harmless");

    let summary = world.get(&format!("/api/v1/units/{commune}/summary?period=today"), Some(&manager)).await;
    let summary: serde_json::Value = serde_json::from_str(&summary.text).unwrap();
    assert_eq!(summary["voided_excluded"], 1);
    assert_eq!(summary["overall"]["poor"], 0, "the voided Chưa tốt is in no figure: {summary}");
    assert_eq!(summary["indexes"]["headline"]["count"], 5);
    let listed = world.get(&format!("/api/v1/units/{commune}/responses"), Some(&manager)).await;
    assert!(listed.text.contains("\"void_reason\":\"Cán bộ bấm thử <b>máy</b>\""), "{}", listed.text);

    let dashboard = world.get(&format!("/dashboard?unit={commune}&period=today"), Some(&leader)).await;
    assert!(dashboard.text.contains("1 phiếu đã bị hủy"), "counted apart on the dashboard");
    assert!(!dashboard.text.contains("Phiếu thử của cán bộ"), "its comment leaves the feed");
    let register = world.get(&register, Some(&manager)).await;
    assert!(register.text.contains("Đã hủy: Cán bộ bấm thử &lt;b&gt;máy&lt;/b&gt;"), "kept, with its reason as text");
    assert_eq!(register.text.matches("/void\"").count(), 5, "only the counted ones can still be voided");

    let audit = world.get("/admin/audit", Some(&world.login().await)).await;
    assert_eq!(audit.text.matches("response.void").count(), 1, "audited once");
    let mut raw = sqlx::AnyConnection::connect(&world.db.url).await.unwrap();
    let edit = sqlx::query("UPDATE response_voids SET reason = 'khác'").execute(&mut raw).await;
    assert!(edit.is_err(), "a void was edited in place");
    let delete = sqlx::query("DELETE FROM response_voids").execute(&mut raw).await;
    assert!(delete.is_err(), "a void was taken back");
    raw.close().await.unwrap();
}
on_both_backends!(a_manager_voids_a_response_out_of_every_figure);
