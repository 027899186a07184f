//! A manager decides on flagged ratings, on the record: the register lists the flagged ones with
//! their rule; a manager of the unit restores one (it counts) or confirms one (it stays out), with a reason, audited
//! once and never edited; a leader may not, another commune's manager is answered 404, an unflagged rating 409, a
//! missing reason 422. The figures follow at once and agree with a recount.

use axum::http::StatusCode;
use hailong::domain::access::Role;
use serde_json::Value;
use sqlx::Connection;

use crate::db::{count_all, TestDb};
use crate::fixture::{csrf_of, world, World};
use crate::http_live::{everything, rate};
use crate::http_one_voice::rate_as;
use crate::on_both_backends;

async fn summary(world: &World, cookie: &str) -> Value {
    let reply = world.get(&format!("/api/v1/units/{}/summary?period=today", world.commune.id), Some(cookie)).await;
    serde_json::from_str(&reply.text).unwrap()
}

async fn a_manager_restores_or_confirms_a_flagged_rating(db: TestDb) {
    let world = world(db).await;
    let commune = world.commune.id;
    // Five citizens, so the unit's figures are above the sample floor and the API shows them (decision 020).
    let citizen = rate(&world, &world.counter_code, "4", "").await;
    for overall in ["3", "4", "4", "3"] {
        rate(&world, &world.counter_code, overall, "").await;
    }
    let official = world.signed_in("congchuc.an", Role::Official, Some(commune), Some(world.official.id.get())).await;
    // Two ratings from the official's own browser: flagged, whatever the official meant.
    assert_eq!(rate_as(&world, Some(&official), "203.0.113.40", "1").await, StatusCode::SEE_OTHER);
    assert_eq!(rate_as(&world, Some(&official), "203.0.113.41", "3").await, StatusCode::SEE_OTHER);
    let rows =
        world.store().recent_responses(&everything(&world), hailong::store::ListPlace::FIRST, 10, true).await.unwrap();
    let [later, earlier] = [rows[0].id, rows[1].id];
    count_all(world.store()).await;

    let manager = world.signed_in("quanly.a", Role::UnitManager, Some(commune), None).await;
    let leader = world.signed_in("lanhdao.a", Role::Leader, Some(commune), None).await;
    let other = world.signed_in("quanly.b", Role::UnitManager, Some(world.other_commune.id), None).await;
    let before = summary(&world, &manager).await;
    assert_eq!(
        (before["indexes"]["headline"]["count"].clone(), before["misuse_excluded"].clone()),
        (5.into(), 2.into())
    );

    let flagged = format!("/responses?unit={commune}&period=today&flagged=1");
    let page = world.get(&flagged, Some(&manager)).await;
    assert_eq!(page.text.matches("<tr id=\"r").count(), 2, "only the flagged ones");
    assert_eq!(page.text.matches("Gửi từ máy đang đăng nhập của cán bộ").count(), 2, "each with its rule");
    assert_eq!(page.text.matches("/review\"").count(), 2, "each with the manager's decision to make");
    let csrf = csrf_of(&page.text);
    let read = world.get(&flagged, Some(&leader)).await;
    assert!(!read.text.contains("/review\""), "a leader reads but does not decide");

    let restore = format!("/responses/{earlier}/review");
    let unit = commune.to_string();
    let (csrf, unit) = (csrf.as_str(), unit.as_str());
    let decide = |decision: &'static str, reason: &'static str| {
        [("csrf", csrf), ("decision", decision), ("reason", reason), ("unit", unit)]
    };
    let l_csrf = csrf_of(&read.text);
    let refused = world
        .post_form(&restore, &[("csrf", l_csrf.as_str()), ("decision", "restore"), ("reason", "x")], Some(&leader))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let b_csrf = csrf_of(&world.get(&format!("/responses?unit={}", world.other_commune.id), Some(&other)).await.text);
    let refused = world
        .post_form(&restore, &[("csrf", b_csrf.as_str()), ("decision", "restore"), ("reason", "x")], Some(&other))
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "another commune's rating is not there for B");
    let empty = world.post_form(&restore, &decide("restore", "  "), Some(&manager)).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let odd = world.post_form(&restore, &decide("forget", "x"), Some(&manager)).await;
    assert_eq!(odd.status, StatusCode::BAD_REQUEST);
    let counted =
        world.post_form(&format!("/responses/{citizen}/review"), &decide("confirm", "x"), Some(&manager)).await;
    assert_eq!(counted.status, StatusCode::CONFLICT, "a counted rating has nothing to decide");
    assert!(counted.text.contains("không bị gắn cờ"));

    let reason = "Hỏi lại: công dân nhờ cán bộ <b>bấm giúp</b>";
    let done = world.post_form(&restore, &decide("restore", reason), Some(&manager)).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(done.location(), format!("/responses?unit={commune}#r{earlier}"));
    let again = world.post_form(&restore, &decide("confirm", "đổi ý"), Some(&manager)).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "a second decision is harmless and changes nothing");
    let confirm = format!("/responses/{later}/review");
    assert_eq!(
        world.post_form(&confirm, &decide("confirm", "Cán bộ tự chấm"), Some(&manager)).await.status,
        StatusCode::SEE_OTHER
    );

    let after = summary(&world, &manager).await;
    assert_eq!(after["indexes"]["headline"]["count"], 6, "the restored rating counts at once: {after}");
    assert_eq!(after["overall"]["poor"], 1, "as the Chưa tốt it was");
    assert_eq!(after["misuse_excluded"], 1, "the confirmed one stays apart");
    assert_eq!(world.store().rebuild_rollups().await.unwrap(), 7);
    assert_eq!(summary(&world, &manager).await, after, "a recount from the responses agrees");

    let page = world.get(&flagged, Some(&manager)).await;
    assert!(page.text.contains("Đã khôi phục, được tính: Hỏi lại: công dân nhờ cán bộ &lt;b&gt;bấm giúp&lt;/b&gt;"));
    assert!(page.text.contains("Đã xác nhận không tính: Cán bộ tự chấm"));
    assert!(!page.text.contains("/review\""), "decided once");
    let listed = world.get(&format!("/api/v1/units/{commune}/responses"), Some(&manager)).await;
    assert!(
        listed.text.contains("\"misuse_decision\":\"restored\"")
            && listed.text.contains("\"misuse_decision\":\"confirmed\"")
    );

    let audit = world.get("/admin/audit", Some(&world.login().await)).await;
    assert_eq!(audit.text.matches("response.restore").count(), 1, "audited once");
    assert_eq!(audit.text.matches("response.confirm_misuse").count(), 1);
    let mut raw = sqlx::AnyConnection::connect(&world.db.url).await.unwrap();
    assert!(sqlx::query("UPDATE misuse_reviews SET decision = 'confirm'").execute(&mut raw).await.is_err());
    assert!(sqlx::query("DELETE FROM misuse_reviews").execute(&mut raw).await.is_err());
    raw.close().await.unwrap();
}
on_both_backends!(a_manager_restores_or_confirms_a_flagged_rating);
