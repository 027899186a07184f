//! Receipt links over HTTP: a key of scope `dossiers` registers a dossier (again: the same link), the link's form
//! is pre-filled and takes exactly one rating (a retry of it is thanked, another is told politely), an expired
//! link says so; keys without the scope, revoked, or of another commune are refused. And nothing stored joins the
//! rating to its dossier.

use axum::http::StatusCode;
use hailong::domain::time::Timestamp;
use serde_json::{json, Value};

use crate::db::TestDb;
use crate::fixture::{world, World};
use crate::on_both_backends;

const CODE: &str = "000.00.20.H55-261124-0042";
/// Offered by the world's commune.
const PROCEDURE: &str = "1.001193";

fn dossier(world: &World, code: &str, received_on: &str) -> Value {
    json!({
        "dossier_code": code,
        "unit_id": world.commune.id,
        "counter_id": world.counter.id,
        "official_id": world.official.id,
        "procedure_code": PROCEDURE,
        "received_on": received_on,
        "due_on": null,
    })
}

fn today() -> String {
    hailong::domain::period::local_date(chrono::Utc::now()).to_string()
}

fn body(reply: &crate::fixture::Reply) -> Value {
    serde_json::from_str(&reply.text).unwrap_or_else(|_| panic!("JSON: {}", reply.text))
}

/// The path of a link URL (`https://…/r/{token}` → `/r/{token}`).
fn path_of(url: &str) -> String {
    url[url.find("/r/").unwrap()..].to_owned()
}

async fn rate_through(world: &World, path: &str, submission: &str, overall: &str) -> crate::fixture::Reply {
    let form = [("submission_id", submission), ("overall", overall), ("lang", "vi"), ("procedure", "0")];
    world.post_form(path, &form, None).await
}

async fn a_receipt_link_takes_one_rating_and_forgets_its_dossier(db: TestDb) {
    let world = world(db).await;
    let admin = world.login().await;
    let key = world.api_key(&admin, world.commune.id, &["dossiers"]).await;

    let first = world.machine_post("/api/v1/dossiers", &dossier(&world, CODE, &today()), &key).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let first = body(&first);
    assert_eq!(first["warnings"], json!([]), "the circular's shape needs no warning");
    assert!(
        first["qr_svg"].as_str().unwrap().starts_with("<?xml") || first["qr_svg"].as_str().unwrap().contains("<svg")
    );
    assert!(!first["qr_png_base64"].as_str().unwrap().is_empty());
    let again = world.machine_post("/api/v1/dossiers", &dossier(&world, CODE, &today()), &key).await;
    assert_eq!(again.status, StatusCode::OK, "registering again is no error");
    assert_eq!(body(&again)["url"], first["url"], "and gives the same link");
    let path = path_of(first["url"].as_str().unwrap());

    let form = world.get(&path, None).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text.contains(&world.official.full_name), "the official is named");
    assert!(form.text.contains("Thủ tục của hồ sơ"), "the procedure is shown, not picked");
    let slip = world.get(&format!("{path}/phieu"), None).await;
    assert_eq!(slip.status, StatusCode::OK);
    assert!(slip.text.contains("<svg") && !slip.text.contains(CODE), "the slip has the code, never the dossier's");
    let png = world.get(&format!("{path}/qr.png"), None).await;
    assert_eq!(png.status, StatusCode::OK);

    let submission = uuid::Uuid::new_v4().to_string();
    let incomplete = world.post_form(&path, &[("submission_id", submission.as_str()), ("lang", "vi")], None).await;
    assert_eq!(incomplete.status, StatusCode::UNPROCESSABLE_ENTITY, "no rating picked: the form again");
    assert!(incomplete.text.contains("Thủ tục của hồ sơ"), "still the receipt's form, its procedure shown");
    let stored = rate_through(&world, &path, &submission, "4").await;
    assert_eq!(stored.status, StatusCode::SEE_OTHER, "{}", stored.text);
    assert_eq!(stored.location(), format!("{path}/cam-on?lang=vi"));
    let retry = rate_through(&world, &path, &submission, "4").await;
    assert_eq!(retry.status, StatusCode::SEE_OTHER, "the same form again is thanked as a retry");
    assert!(retry.location().ends_with("&lai=1"));
    let second = rate_through(&world, &path, &uuid::Uuid::new_v4().to_string(), "1").await;
    assert_eq!(second.status, StatusCode::GONE);
    assert!(second.text.contains("Hồ sơ này đã được đánh giá"));
    let reopened = world.get(&path, None).await;
    assert_eq!(reopened.status, StatusCode::GONE);
    assert!(reopened.text.contains("Hồ sơ này đã được đánh giá"));
    // The one-stop software, registering the dossier again, learns nothing of the rating: the same answer as before.
    let after = world.machine_post("/api/v1/dossiers", &dossier(&world, CODE, &today()), &key).await;
    assert_eq!((after.status, body(&after)), (again.status, body(&again)), "used or not, the same answer");

    // One response, through the receipt channel, with the dossier's unit, counter, official and procedure.
    let rows = world.db.dump("responses").await;
    assert_eq!(rows.len(), 1);
    let response = &rows[0];
    assert!(response.contains("receipt") && response.contains(&world.counter.id.to_string()));

    // Unlinkable: no stored row but the dossier's own holds its id, token, code or key; the dossier's row holds
    // nothing of the response (no id, no submission id, no time of use).
    let token = path.trim_start_matches("/r/").to_owned();
    let secret = &world.state.settings.secret;
    let dossier_id =
        hailong::domain::token::verify(secret, hailong::domain::token::TokenPurpose::Receipt, &token).unwrap();
    let secrets = [dossier_id.to_string(), token.clone(), CODE.to_owned()];
    for table in world.db.tables().await {
        if table == "dossiers" {
            continue;
        }
        for row in world.db.dump(&table).await {
            // The registration's own record names its dossier (and nothing of any rating).
            if table == "audit_log" && row.contains("|dossier.register") {
                continue;
            }
            for secret in &secrets {
                assert!(!row.contains(secret.as_str()), "{table} holds {secret}: {row}");
            }
        }
    }
    let dossier_dump = world.db.dump("dossiers").await.join("\n");
    assert!(!dossier_dump.contains(&submission) && !dossier_dump.contains(CODE));
    let columns = world.db.columns("dossiers").await;
    assert!(!columns.iter().any(|c| c.contains("response") || c.contains("used_at")), "{columns:?}");
}
on_both_backends!(a_receipt_link_takes_one_rating_and_forgets_its_dossier);

async fn keys_reach_their_scope_and_subtree_only(db: TestDb) {
    let world = world(db).await;
    let admin = world.login().await;
    let queue_only = world.api_key(&admin, world.commune.id, &["queue"]).await;
    let refused = world.machine_post("/api/v1/dossiers", &dossier(&world, CODE, &today()), &queue_only).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "a queue key registers no dossier");

    let other = world.api_key(&admin, world.other_commune.id, &["dossiers"]).await;
    let refused = world.machine_post("/api/v1/dossiers", &dossier(&world, CODE, &today()), &other).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "commune A does not exist for B's software");

    let key = world.api_key(&admin, world.commune.id, &["dossiers"]).await;
    let mut odd = dossier(&world, "HS 42", &today());
    let bad = world.machine_post("/api/v1/dossiers", &odd, &key).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body(&bad)["message"].as_str().unwrap().contains("spaces"));
    odd["dossier_code"] = json!("HS-2026-42");
    odd["received_on"] = json!("24/11/2026");
    let bad = world.machine_post("/api/v1/dossiers", &odd, &key).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    odd["received_on"] = json!(today());
    let warned = world.machine_post("/api/v1/dossiers", &odd, &key).await;
    assert_eq!(warned.status, StatusCode::CREATED, "another shape is taken");
    assert!(body(&warned)["warnings"][0].as_str().unwrap().starts_with("dossier_code"));

    let key_id = world.store().api_keys_in(&[world.commune.id]).await.unwrap()[0].id;
    world.write(async |tx| tx.revoke_api_key(key_id, Timestamp::from_millis(0)).await).await;
    let revoked = world.machine_post("/api/v1/dossiers", &dossier(&world, CODE, &today()), &key).await;
    assert_eq!(revoked.status, StatusCode::UNAUTHORIZED);
    assert!(body(&revoked)["error"].is_string(), "answered in JSON");
}
on_both_backends!(keys_reach_their_scope_and_subtree_only);

async fn an_expired_link_says_so(db: TestDb) {
    let world = world(db).await;
    let admin = world.login().await;
    let key = world.api_key(&admin, world.commune.id, &["dossiers"]).await;
    // Received long ago, returned long ago: 30 days after that have passed.
    let mut old = dossier(&world, CODE, "2025-01-02");
    old["returned_on"] = json!("2025-01-10");
    let registered = world.machine_post("/api/v1/dossiers", &old, &key).await;
    assert_eq!(registered.status, StatusCode::CREATED);
    let path = path_of(body(&registered)["url"].as_str().unwrap());
    let expired = world.get(&path, None).await;
    assert_eq!(expired.status, StatusCode::GONE);
    assert!(expired.text.contains("Phiếu đánh giá đã hết hạn"));
    let refused = rate_through(&world, &path, &uuid::Uuid::new_v4().to_string(), "4").await;
    assert_eq!(refused.status, StatusCode::GONE);
}
on_both_backends!(an_expired_link_says_so);

async fn a_poor_receipt_rating_tells_the_webhook_its_procedure_not_its_dossier(db: TestDb) {
    let world = world(db).await;
    let commune = world.commune.id;
    let (url, got) = crate::http_webhooks::receiver().await;
    let poor = hailong::domain::alert::Rule::new(hailong::domain::alert::RuleKind::Poor, 0, 0, 0).unwrap();
    world.write(async |tx| tx.add_alert_rule(commune, &poor, Timestamp::from_millis(0)).await).await;
    world.write(async |tx| tx.set_webhook(commune, &url, "whsec_test", Timestamp::from_millis(0)).await).await;
    let admin = world.login().await;
    let key = world.api_key(&admin, commune, &["dossiers"]).await;
    let registered = world.machine_post("/api/v1/dossiers", &dossier(&world, CODE, &today()), &key).await;
    let path = path_of(body(&registered)["url"].as_str().unwrap());
    let stored = rate_through(&world, &path, &uuid::Uuid::new_v4().to_string(), "1").await;
    assert_eq!(stored.status, StatusCode::SEE_OTHER);

    // Sent with the day's release (decision 013), driven here with the next day's clock.
    let midnight = hailong::domain::release::day_start(chrono::Utc::now().timestamp_millis());
    let after_midnight = midnight + hailong::domain::rollup::DAY_MS + 60_000;
    world.state.live.count_batch(after_midnight).await.unwrap();
    hailong::services::webhooks::send_due(world.store(), &crate::http_webhooks::loopback_sender(), after_midnight)
        .await
        .unwrap();
    crate::http_webhooks::wait_for(&got, 1).await;
    let sent = got.lock().unwrap()[0].1.clone();
    let alert: Value = serde_json::from_str(&sent).unwrap();
    assert_eq!(alert["alert"]["channel"], "receipt");
    assert_eq!(alert["alert"]["procedure"]["code"], PROCEDURE);
    assert_eq!(alert["alert"]["unit_id"], commune.get());
    assert_eq!(alert["alert"]["rated_on"], today(), "dated to the day");
    let token = path.trim_start_matches("/r/");
    assert!(!sent.contains(CODE) && !sent.contains(token), "nothing of the dossier: {sent}");
}
on_both_backends!(a_poor_receipt_rating_tells_the_webhook_its_procedure_not_its_dossier);

/// On time and late, from the dossier's dates as a coarse flag: the summary API and the dashboard count each.
async fn ratings_count_on_time_and_late_dossiers_apart(db: TestDb) {
    let world = world(db).await;
    let admin = world.login().await;
    let key = world.api_key(&admin, world.commune.id, &["dossiers", "results"]).await;
    // Five on time and five late, so each is above the sample floor and shown (decision 020).
    let on_time = ["4", "4", "3", "4", "4"].map(|overall| ("2026-11-09", overall));
    let late = ["1", "2", "1", "3", "2"].map(|overall| ("2026-11-12", overall));
    for (n, (returned_on, overall)) in on_time.into_iter().chain(late).enumerate() {
        let code = format!("H55-261101-{n:04}");
        let mut dossier = dossier(&world, &code, "2026-11-01");
        dossier["due_on"] = json!("2026-11-10");
        dossier["returned_on"] = json!(returned_on);
        let link = body(&world.machine_post("/api/v1/dossiers", &dossier, &key).await);
        let path = path_of(link["url"].as_str().unwrap());
        let rated = rate_through(&world, &path, &uuid::Uuid::new_v4().to_string(), overall).await;
        assert_eq!(rated.status, StatusCode::SEE_OTHER, "{}", rated.text);
    }
    crate::db::count_all(world.store()).await;
    let summary = world.machine_get(&format!("/api/v1/units/{}/summary?period=7d", world.commune.id), &key).await;
    let summary = body(&summary);
    assert_eq!(
        summary["timeliness"]["on_time"],
        json!({ "very_good": 4, "good": 1, "fair": 0, "poor": 0 }),
        "{summary}"
    );
    assert_eq!(summary["timeliness"]["late"], json!({ "very_good": 0, "good": 1, "fair": 2, "poor": 2 }));
    let board = world.get(&format!("/dashboard?unit={}&period=7d", world.commune.id), Some(&admin)).await;
    assert!(board.text.contains("Theo hạn trả kết quả"), "the dashboard shows the table");
    assert!(board.text.contains("Đúng hẹn") && board.text.contains("Trễ hẹn"));
}
on_both_backends!(ratings_count_on_time_and_late_dossiers_apart);
