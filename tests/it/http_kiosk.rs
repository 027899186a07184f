//! Counter tablets over HTTP: pairing codes (once, 15 minutes), revocation, ratings sent from the queue (stored once,
//! retries acknowledged, conflicts refused), the device clock's correction, the repeat-press flag, and duty by PIN.

use axum::http::StatusCode;
use chrono::Utc;
use hailong::domain::questionnaire::Questionnaire;
use hailong::domain::time::Timestamp;
use hailong::services::figures::{self, Window};
use serde_json::{json, Value};

use crate::db::TestDb;
use crate::fixture::{csrf_of, world, World};
use crate::on_both_backends;

const DAY_MS: i64 = 86_400_000;

fn now() -> i64 {
    Utc::now().timestamp_millis()
}

fn rating(id: u32, overall: u8, tapped_at: i64, sent_at: i64) -> Value {
    json!({
        "submission_id": format!("00000000-0000-4000-8000-{id:012}"),
        "tapped_at": tapped_at,
        "sent_at": sent_at,
        "overall": overall,
        "answers": { "tiep-can": 4 },
        "reasons": if overall <= 2 { vec!["cho-lau"] } else { vec![] },
        "comment": "",
    })
}

/// What was stored of a rating: channel, counter, official, submitted_at, device_at, received_at, misuse rule.
type Stored = (String, Option<i64>, Option<i64>, i64, Option<i64>, Option<i64>, Option<String>);

async fn stored(world: &World, id: u32) -> Stored {
    use sqlx::Connection;
    let mut conn = sqlx::AnyConnection::connect(&world.db.url).await.unwrap();
    sqlx::query_as(
        "SELECT channel, counter_id, official_id, submitted_at, device_at, received_at, misuse_rule FROM responses \
         WHERE submission_id = $1",
    )
    .bind(format!("00000000-0000-4000-8000-{id:012}"))
    .fetch_one(&mut conn)
    .await
    .unwrap()
}

fn body(reply: &crate::fixture::Reply) -> Value {
    serde_json::from_str(&reply.text).unwrap_or(Value::Null)
}

async fn pairing_codes_work_once_and_expire(db: TestDb) {
    let world = world(db).await;
    let unpaired = world.get("/kiosk", None).await;
    assert_eq!(unpaired.status, StatusCode::OK);
    assert!(unpaired.text.contains("Mã ghép nối"), "a new tablet is asked for its code");

    let counter = world.counter.id;
    let code = world
        .write(async |tx| {
            hailong::services::kiosk::create_pairing_code(tx, counter, Timestamp::from_millis(now())).await
        })
        .await;
    let typed = format!(" {}-{} ", code[..4].to_lowercase(), &code[4..]);
    let paired = world.post_form("/kiosk/pair", &[("code", &typed), ("name", "Máy quầy 1")], None).await;
    assert_eq!(paired.status, StatusCode::SEE_OTHER);
    let set_cookie = paired.header(axum::http::header::SET_COOKIE).unwrap();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict") && set_cookie.contains("Path=/kiosk")
    );
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    let page = world.get("/kiosk", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Quầy 1") && page.text.contains("k-face"), "the rating screen of its counter");

    let again = world.post_form("/kiosk/pair", &[("code", &code), ("name", "Máy khác")], None).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "a code works once");
    assert!(again.text.contains("đã được dùng hoặc đã hết hạn"));

    let stale = world
        .write(async |tx| {
            hailong::services::kiosk::create_pairing_code(tx, counter, Timestamp::from_millis(now() - 16 * 60_000))
                .await
        })
        .await;
    let expired = world.post_form("/kiosk/pair", &[("code", &stale), ("name", "Máy cũ")], None).await;
    assert_eq!(expired.status, StatusCode::UNPROCESSABLE_ENTITY, "a code runs out after 15 minutes");
    let nonsense = world.post_form("/kiosk/pair", &[("code", "<b>"), ("name", "x")], None).await;
    assert_eq!(nonsense.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!nonsense.text.contains("<b>"));
    let unnamed = world.post_form("/kiosk/pair", &[("code", &stale), ("name", "  ")], None).await;
    assert_eq!(unnamed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        world.store().devices_in(&[world.commune.id]).await.unwrap().len(),
        1,
        "only the first pairing made a device"
    );
}
on_both_backends!(pairing_codes_work_once_and_expire);

async fn a_revoked_tablet_is_told_so_and_stores_nothing(db: TestDb) {
    let world = world(db).await;
    let tablet = world.pair_tablet("Máy quầy 1").await;
    let sent = world.post_json("/kiosk/api/ratings", &rating(1, 4, now(), now()), Some(&tablet)).await;
    assert_eq!(body(&sent)["status"], "stored");

    let admin = world.login().await;
    let device = world.store().devices_in(&[world.commune.id]).await.unwrap()[0].id;
    let devices_page = format!("/admin/units/{}/devices", world.commune.id);
    let list = world.get(&devices_page, Some(&admin)).await;
    assert!(list.text.contains("Máy quầy 1") && list.text.contains("Trực tuyến"), "just heard from: online");
    let revoked = world.post_staff_form(&devices_page, &format!("/admin/devices/{device}/revoke"), &admin).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);

    let page = world.get("/kiosk", Some(&tablet)).await;
    assert_eq!(page.status, StatusCode::GONE);
    assert!(page.text.contains("Thiết bị đã bị thu hồi"));
    let refused = world.post_json("/kiosk/api/ratings", &rating(2, 4, now(), now()), Some(&tablet)).await;
    assert_eq!(refused.status, StatusCode::GONE);
    assert_eq!(body(&refused)["error"], "revoked");
    let beat = world.post_json("/kiosk/api/heartbeat", &json!({ "device_now": now() }), Some(&tablet)).await;
    assert_eq!(beat.status, StatusCode::GONE);
    assert_eq!(world.responses().await, 1, "nothing stored after the revocation");
    let audit = world.get("/admin/audit", Some(&admin)).await;
    assert!(audit.text.contains("device.revoke") && audit.text.contains("device.pair"));
}
on_both_backends!(a_revoked_tablet_is_told_so_and_stores_nothing);

async fn a_rating_is_stored_once_however_often_it_is_sent(db: TestDb) {
    let world = world(db).await;
    let tablet = world.pair_tablet("Máy quầy 1").await;
    let tapped = now();
    let reply = world.post_json("/kiosk/api/ratings", &rating(7, 1, tapped, tapped + 10), Some(&tablet)).await;
    assert_eq!((reply.status, body(&reply)["status"].clone()), (StatusCode::OK, json!("stored")));
    // The answer was lost; the queue sends it again later.
    let retry = world.post_json("/kiosk/api/ratings", &rating(7, 1, tapped, tapped + 60_000), Some(&tablet)).await;
    assert_eq!((retry.status, body(&retry)["status"].clone()), (StatusCode::OK, json!("duplicate")));
    let reused = world.post_json("/kiosk/api/ratings", &rating(7, 4, tapped, tapped + 10), Some(&tablet)).await;
    assert_eq!(reused.status, StatusCode::CONFLICT, "the same id with other answers");
    assert_eq!(world.responses().await, 1);
    let (channel, counter, official, ..) = stored(&world, 7).await;
    assert_eq!((channel.as_str(), counter, official), ("kiosk", Some(world.counter.id.get()), None));

    let not_json = world.post_form("/kiosk/api/ratings", &[("overall", "4")], Some(&tablet)).await;
    assert_eq!(not_json.status, StatusCode::BAD_REQUEST, "only JSON: no form elsewhere can post here");
    let mut bad = rating(8, 9, tapped, tapped);
    bad["reasons"] = json!(["<script>"]);
    let invalid = world.post_json("/kiosk/api/ratings", &bad, Some(&tablet)).await;
    assert_eq!((invalid.status, body(&invalid)["error"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("invalid")));
    // A crafted clock is stored as a time no later than the arrival, never a crash.
    for (id, (tap, sent)) in [(10, (i64::MIN, i64::MAX)), (11, (i64::MAX, i64::MIN))] {
        let reply = world.post_json("/kiosk/api/ratings", &rating(id, 4, tap, sent), Some(&tablet)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        let beat = world.post_json("/kiosk/api/heartbeat", &json!({ "device_now": sent }), Some(&tablet)).await;
        assert_eq!(beat.status, StatusCode::OK);
        assert!(stored(&world, id).await.3 <= now());
    }
    let unpaired = world.post_json("/kiosk/api/ratings", &rating(9, 4, tapped, tapped), None).await;
    assert_eq!((unpaired.status, body(&unpaired)["error"].clone()), (StatusCode::UNAUTHORIZED, json!("not_paired")));
    assert_eq!(world.responses().await, 3);
}
on_both_backends!(a_rating_is_stored_once_however_often_it_is_sent);

async fn a_tablet_a_day_behind_rates_today(db: TestDb) {
    let world = world(db).await;
    let tablet = world.pair_tablet("Máy chậm giờ").await;
    // A tap is never placed before the pairing: let the tablet be paired a while before its tap.
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    let real = now();
    // Its clock is a day behind: it tapped a second ago by its own clock, and sends now by its own clock.
    let (tapped, sent) = (real - DAY_MS - 1_000, real - DAY_MS);
    world.post_json("/kiosk/api/ratings", &rating(1, 3, tapped, sent), Some(&tablet)).await;
    let (_, _, _, submitted_at, device_at, received_at, _) = stored(&world, 1).await;
    assert_eq!(device_at, Some(tapped), "the device's own time is kept as it was");
    let received_at = received_at.unwrap();
    assert!((received_at - real).abs() < 5_000);
    assert!(
        (submitted_at - (received_at - 1_000)).abs() < 400,
        "corrected onto today: {submitted_at} vs {received_at}"
    );
    let beat = world
        .post_json(
            "/kiosk/api/heartbeat",
            &json!({ "device_now": now() - DAY_MS, "app_version": "abc", "queue_length": 3 }),
            Some(&tablet),
        )
        .await;
    assert_eq!(beat.status, StatusCode::OK);
    let skew = body(&beat)["skew_ms"].as_i64().unwrap();
    assert!((skew - DAY_MS).abs() < 5_000);
    let device = world.store().devices_in(&[world.commune.id]).await.unwrap().remove(0);
    assert_eq!((device.app_version.as_deref(), device.queue_length), (Some("abc"), Some(3)));
    let admin = world.login().await;
    let list = world.get(&format!("/admin/units/{}/devices", world.commune.id), Some(&admin)).await;
    assert!(list.text.contains("−1 ngày 0 giờ"), "the device list shows the skew");
}
on_both_backends!(a_tablet_a_day_behind_rates_today);

async fn a_repeat_press_is_kept_apart(db: TestDb) {
    let world = world(db).await;
    let tablet = world.pair_tablet("Máy quầy 1").await;
    let t = now() - 60_000;
    for (id, tapped) in [(1, t), (2, t + 2_000), (3, t + 30_000)] {
        let reply = world.post_json("/kiosk/api/ratings", &rating(id, 4, tapped, now()), Some(&tablet)).await;
        let expected = if id == 2 { "flagged" } else { "stored" };
        assert_eq!(body(&reply)["status"], expected, "rating {id}");
    }
    assert_eq!(stored(&world, 2).await.6.as_deref(), Some("repeat_press<10s"));
    assert_eq!(stored(&world, 3).await.6, None, "30 s later is the next citizen");
    assert_eq!(world.responses().await, 3, "a repeat press is stored, never dropped");
    crate::db::count_all(world.store()).await;
    let window = Window::of(world.commune.id, hailong::domain::period::Period::Today.range(Utc::now()));
    let summary = figures::summary(world.store(), &Questionnaire::short(), &window).await.unwrap();
    assert_eq!(summary.overall.total(), 2, "out of the index");
    assert_eq!(figures::set_apart(world.store(), &window).await.unwrap().misuse, 1, "counted apart");
    let admin = world.login().await;
    let dashboard = world.get(&format!("/dashboard?unit={}&period=today", world.commune.id), Some(&admin)).await;
    assert!(dashboard.text.contains("1 phiếu bị gắn cờ"), "the dashboard says what it left out");
}
on_both_backends!(a_repeat_press_is_kept_apart);

async fn an_official_goes_on_duty_with_their_pin(db: TestDb) {
    let world = world(db).await;
    let tablet = world.pair_tablet("Máy quầy 1").await;
    let admin = world.login().await;
    let devices_page = format!("/admin/units/{}/devices", world.commune.id);
    let pin_url = format!("/admin/officials/{}/pin", world.official.id);
    let csrf = csrf_of(&world.get(&devices_page, Some(&admin)).await.text);
    let short = world.post_form(&pin_url, &[("csrf", &csrf), ("pin", "12")], Some(&admin)).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.text.contains("4 đến 8 chữ số"));
    let set = world.post_form(&pin_url, &[("csrf", &csrf), ("pin", "2468")], Some(&admin)).await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);

    let page = world.get("/kiosk", Some(&tablet)).await;
    assert!(
        page.text.contains(&format!("data-official=\"{}\"", world.official.id)),
        "the official is on the duty screen"
    );
    let official = world.official.id;
    let wrong =
        world.post_json("/kiosk/api/duty", &json!({ "official_id": official, "pin": "1111" }), Some(&tablet)).await;
    assert_eq!((wrong.status, body(&wrong)["error"].clone()), (StatusCode::FORBIDDEN, json!("wrong_pin")));
    let on =
        world.post_json("/kiosk/api/duty", &json!({ "official_id": official, "pin": "2468" }), Some(&tablet)).await;
    assert_eq!(on.status, StatusCode::OK, "{}", on.text);
    let duty = body(&on)["duty"].clone();
    assert_eq!(duty["official"]["name"], world.official.full_name.as_str());
    let mut with_duty = rating(1, 4, now(), now());
    with_duty["duty_id"] = duty["id"].clone();
    world.post_json("/kiosk/api/ratings", &with_duty, Some(&tablet)).await;
    assert_eq!(stored(&world, 1).await.2, Some(official.get()), "stored against the official on duty");

    // Another tablet cannot borrow this tablet's duty.
    let other = world.pair_tablet("Máy khác").await;
    let mut borrowed = rating(2, 4, now(), now());
    borrowed["duty_id"] = duty["id"].clone();
    world.post_json("/kiosk/api/ratings", &borrowed, Some(&other)).await;
    assert_eq!(stored(&world, 2).await.2, None);

    let off = world.post_json("/kiosk/api/duty/end", &json!({}), Some(&tablet)).await;
    assert_eq!(body(&off)["duty"], Value::Null);
    let beat = world.post_json("/kiosk/api/heartbeat", &json!({ "device_now": now() }), Some(&tablet)).await;
    assert_eq!(body(&beat)["duty"], Value::Null, "nobody on duty: ratings go to the counter only");

    // PIN tries are limited per tablet: ten at once, then one a minute (the fifth wrong one locked the PIN there:
    // http_pin_locks).
    let mut statuses = Vec::new();
    for _ in 0..11 {
        let reply =
            world.post_json("/kiosk/api/duty", &json!({ "official_id": official, "pin": "0000" }), Some(&other)).await;
        statuses.push(reply.status);
    }
    assert_eq!(statuses[..4], [StatusCode::FORBIDDEN; 4], "{statuses:?}");
    assert_eq!(statuses[4..10], [StatusCode::LOCKED; 6], "{statuses:?}");
    assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
    let audit = world.get("/admin/audit", Some(&admin)).await;
    assert!(audit.text.contains("official.pin_set") && audit.text.contains("duty.start"));
    assert!(!audit.text.contains("2468"), "the PIN is never logged");
}
on_both_backends!(an_official_goes_on_duty_with_their_pin);

async fn a_tablet_sees_only_its_own_units_photos(db: TestDb) {
    let world = world(db).await;
    let tablet = world.pair_tablet("Máy quầy 1").await;
    let photo = hailong::store::Photo { content_type: "image/png".into(), bytes: hailong::demo::portrait_png(0) };
    let other = world
        .write(async |tx| {
            let official = tx
                .create_official(
                    hailong::store::NewOfficial {
                        unit_id: world.other_commune.id,
                        counter_id: None,
                        full_name: "Người xã khác",
                        title: "",
                        staff_code: None,
                    },
                    Timestamp::from_millis(0),
                )
                .await?;
            tx.set_official_photo(official.id, &photo, Timestamp::from_millis(0)).await?;
            tx.set_official_photo(world.official.id, &photo, Timestamp::from_millis(0)).await?;
            Ok(official)
        })
        .await;
    let own = world.get(&format!("/kiosk/photos/{}", world.official.id), Some(&tablet)).await;
    assert_eq!(own.status, StatusCode::OK);
    let foreign = world.get(&format!("/kiosk/photos/{}", other.id), Some(&tablet)).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    let duty =
        world.post_json("/kiosk/api/duty", &json!({ "official_id": other.id, "pin": "1234" }), Some(&tablet)).await;
    assert_eq!(duty.status, StatusCode::NOT_FOUND, "nobody of another commune goes on duty here");
}
on_both_backends!(a_tablet_sees_only_its_own_units_photos);

async fn the_queue_system_tells_the_tablet_which_ticket_is_served(db: TestDb) {
    let world = world(db).await;
    let tablet = world.pair_tablet("Máy quầy 1").await;
    let admin = world.login().await;
    let key = world.api_key(&admin, world.commune.id, &["queue"]).await;
    assert!(key.starts_with("hl_") && key.len() > 40);
    let today = hailong::domain::period::local_date(Utc::now()).to_string();
    let procedure = world.store().unit_procedures(world.commune.id, &today).await.unwrap().remove(0);
    let url = format!("/api/v1/counters/{}/serving", world.counter.id);

    let set = world
        .put_json(
            &url,
            &json!({ "ticket": "A015", "procedure_code": procedure.code, "dossier_code": "000.00.00.H34-261124-0001" }),
            Some(&key),
            None,
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text);
    assert_eq!(body(&set)["procedure_id"], procedure.id.get());
    let beat = world.post_json("/kiosk/api/heartbeat", &json!({ "device_now": now() }), Some(&tablet)).await;
    assert_eq!(body(&beat)["serving"]["ticket"], "A015", "the tablet shows the ticket");
    assert_eq!(body(&beat)["serving"]["procedure_id"], procedure.id.get(), "and pre-fills the procedure");
    let page = world.get("/kiosk", Some(&tablet)).await;
    assert!(page.text.contains("A015"));

    // The citizen rates: the ticket was theirs, and is gone for the next one.
    let mut rated = rating(1, 4, now(), now());
    rated["procedure_id"] = json!(procedure.id);
    assert_eq!(body(&world.post_json("/kiosk/api/ratings", &rated, Some(&tablet)).await)["status"], "stored");
    let beat = world.post_json("/kiosk/api/heartbeat", &json!({ "device_now": now() }), Some(&tablet)).await;
    assert_eq!(body(&beat)["serving"], Value::Null);
    {
        use sqlx::Connection;
        let mut conn = sqlx::AnyConnection::connect(&world.db.url).await.unwrap();
        let stored_procedure: Option<i64> =
            sqlx::query_scalar("SELECT procedure_id FROM responses").fetch_one(&mut conn).await.unwrap();
        assert_eq!(stored_procedure, Some(procedure.id.get()));
        let dossier_anywhere: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE after LIKE '%H34-261124%'")
                .fetch_one(&mut conn)
                .await
                .unwrap();
        assert_eq!(dossier_anywhere, 0, "the dossier code is not kept");
    }

    let unknown =
        world.put_json(&url, &json!({ "ticket": "A016", "procedure_code": "9.999999" }), Some(&key), None).await;
    assert_eq!((unknown.status, body(&unknown)["procedure_id"].clone()), (StatusCode::OK, Value::Null));
    assert_eq!(body(&unknown)["warnings"].as_array().unwrap().len(), 1);
    let long = world.put_json(&url, &json!({ "ticket": "X".repeat(21) }), Some(&key), None).await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    let nobody = world.put_json(&url, &json!({ "ticket": "A017" }), None, None).await;
    assert_eq!((nobody.status, body(&nobody)["error"].clone()), (StatusCode::UNAUTHORIZED, json!("unauthorized")));
    let forged = world.put_json(&url, &json!({ "ticket": "A017" }), Some("hl_forged"), None).await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);

    // Another commune's key reaches nothing here; a revoked key nothing at all.
    let other_key = world.api_key(&admin, world.other_commune.id, &["queue"]).await;
    let foreign = world.put_json(&url, &json!({ "ticket": "B001" }), Some(&other_key), None).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    let key_id = world.store().api_keys_in(&[world.commune.id]).await.unwrap()[0].id;
    let devices_page = format!("/admin/units/{}/devices", world.commune.id);
    let list = world.get(&devices_page, Some(&admin)).await;
    assert!(
        list.text.contains("Phần mềm Một cửa") && !list.text.contains(&key),
        "listed by name and prefix, never the key"
    );
    assert!(
        list.text.contains("Dùng gần nhất") && list.text.contains("href=\"/api/v1/docs\""),
        "used, and the docs linked"
    );
    world.post_staff_form(&devices_page, &format!("/admin/api-keys/{key_id}/revoke"), &admin).await;
    let revoked = world.put_json(&url, &json!({ "ticket": "A018" }), Some(&key), None).await;
    assert_eq!(revoked.status, StatusCode::UNAUTHORIZED);
    let audit = world.get("/admin/audit", Some(&admin)).await;
    assert!(
        audit.text.contains("serving.set")
            && audit.text.contains("api_key.create")
            && audit.text.contains("api_key.revoke")
    );
}
on_both_backends!(the_queue_system_tells_the_tablet_which_ticket_is_served);

async fn a_silent_tablet_shows_on_the_dashboard(db: TestDb) {
    let world = world(db).await;
    world.pair_tablet("Máy im lặng").await;
    let admin = world.login().await;
    let dashboard = format!("/dashboard?unit={}&period=today", world.commune.id);
    let page = world.get(&dashboard, Some(&admin)).await;
    assert!(page.text.contains("Máy tính bảng mất liên lạc") && page.text.contains("Máy im lặng"), "never heard from");
    let device = world.store().devices_in(&[world.commune.id]).await.unwrap()[0].id;
    let beat = hailong::store::Heartbeat {
        at: Timestamp::from_millis(now()),
        app_version: None,
        queue_length: None,
        clock_skew_ms: 0,
        missed_after_ms: 45_000,
    };
    world.store().record_heartbeat(device, &beat).await.unwrap();
    let page = world.get(&dashboard, Some(&admin)).await;
    assert!(!page.text.contains("Máy im lặng"), "heard from just now");
    let long_ago = hailong::store::Heartbeat { at: Timestamp::from_millis(now() - 10 * 60_000), ..beat };
    world.store().record_heartbeat(device, &long_ago).await.unwrap();
    let page = world.get(&dashboard, Some(&admin)).await;
    assert!(page.text.contains("Máy im lặng"), "silent for ten minutes (the threshold is two)");
    let other = world.get(&format!("/dashboard?unit={}&period=today", world.other_commune.id), Some(&admin)).await;
    assert!(!other.text.contains("Máy im lặng"), "another commune's dashboard knows nothing of it");
}
on_both_backends!(a_silent_tablet_shows_on_the_dashboard);

async fn archiving_a_counter_revokes_its_tablets(db: TestDb) {
    let world = world(db).await;
    let tablet = world.pair_tablet("Máy quầy 1").await;
    let admin = world.login().await;
    let csrf = csrf_of(&world.get("/admin", Some(&admin)).await.text);
    let form = [("csrf", csrf.as_str()), ("name", "Quầy 1"), ("archive", "1")];
    let archived = world.post_form(&format!("/admin/counters/{}", world.counter.id), &form, Some(&admin)).await;
    assert_eq!(archived.status, StatusCode::SEE_OTHER);
    assert_eq!(world.get("/kiosk", Some(&tablet)).await.status, StatusCode::GONE);
    let refused = world.post_json("/kiosk/api/ratings", &rating(1, 4, now(), now()), Some(&tablet)).await;
    assert_eq!(refused.status, StatusCode::GONE);
    assert_eq!(world.responses().await, 0);
}
on_both_backends!(archiving_a_counter_revokes_its_tablets);
