//! The citizen's pages in English when asked (`?lang=en`): the public results (and the Vietnamese copy of the same
//! page stays Vietnamese: the cache keeps the two apart), a surveyor's badge check, and a receipt link's slip,
//! whose QR code then opens the English form.

use axum::http::StatusCode;
use hailong::domain::time::Timestamp;
use serde_json::json;

use crate::db::{count_all, TestDb};
use crate::fixture::world;
use crate::http_live::rate;
use crate::on_both_backends;
use hailong::domain::report::ReportPeriod;

async fn the_citizens_pages_read_in_english_when_asked(db: TestDb) {
    let world = world(db).await;
    for overall in ["4", "4", "3", "2", "1"] {
        rate(&world, &world.official_code, overall, "").await;
    }
    count_all(world.store()).await;
    let province = world.province.id;

    let index = world.get("/cong-khai?lang=en", None).await;
    assert!(index.text.contains("<html lang=\"en\">") && index.text.contains("Published satisfaction results"));
    assert!(index.text.contains(&format!("href=\"/cong-khai/{province}?lang=en\"")), "links keep the language");

    let today = hailong::domain::rollup::local_day(chrono::Utc::now().timestamp_millis());
    let ReportPeriod::Quarter { year, quarter } = ReportPeriod::Quarter { year: 0, quarter: 1 }.current(today) else {
        unreachable!()
    };
    let page = world.get(&format!("/cong-khai/{province}?lang=en"), None).await;
    assert_eq!(page.status, StatusCode::OK);
    for english in ["Units beneath, ranked", "By factor", "Access to the service", "Tiếng Việt", "name=\"lang\""] {
        assert!(page.text.contains(english), "{english}: {}", page.text);
    }
    assert!(page.text.contains(&format!("Quarter {} {year}", ["I", "II", "III", "IV"][quarter as usize - 1])));
    assert!(!page.text.contains("Xếp hạng các đơn vị trực thuộc"), "no Vietnamese heading");
    let vietnamese = world.get(&format!("/cong-khai/{province}"), None).await;
    assert!(vietnamese.text.contains("Xếp hạng các đơn vị trực thuộc") && vietnamese.text.contains("English"));

    // A surveyor's badge, checked by the person interviewed.
    let campaign = hailong::store::NewCampaign {
        unit_id: world.commune.id,
        name: "Khảo sát năm",
        first_day: "2026-01-01",
        last_day: "2099-12-31",
        method: "field",
        questionnaire: "short",
        target_rule: "tiered",
        decision: "Quyết định số 1/QĐ-UBND",
        payment_per_form: 30_000,
    };
    let campaign = world.write(async |tx| tx.create_campaign(campaign, Timestamp::from_millis(0)).await).await;
    let surveyor = world
        .write(async |tx| tx.create_surveyor(campaign, "Lê Văn Điều", "Bưu điện tỉnh", Timestamp::from_millis(0)).await)
        .await;
    let purpose = hailong::domain::token::TokenPurpose::Badge;
    let badge = hailong::domain::token::sign(&world.state.settings.secret, purpose, surveyor.unsigned_abs());
    let check = world.get(&format!("/xac-minh/{badge}?lang=en"), None).await;
    assert_eq!(check.status, StatusCode::OK);
    for english in ["Check a surveyor", "Valid", "Approved by decision", "Lê Văn Điều", "Tiếng Việt"] {
        assert!(check.text.contains(english), "{english}: {}", check.text);
    }
    assert!(world.get(&format!("/xac-minh/{badge}"), None).await.text.contains("Kiểm tra điều tra viên"));

    // A receipt link's slip.
    let admin = world.login().await;
    let key = world.api_key(&admin, world.commune.id, &["dossiers"]).await;
    let received = hailong::domain::period::local_date(chrono::Utc::now()).to_string();
    let dossier = json!({ "dossier_code": "000.00.20.H55-261124-0042", "unit_id": world.commune.id,
        "counter_id": world.counter.id, "official_id": null, "procedure_code": null, "received_on": received,
        "due_on": null });
    let link = world.machine_post("/api/v1/dossiers", &dossier, &key).await;
    assert_eq!(link.status, StatusCode::CREATED, "{}", link.text);
    let url: serde_json::Value = serde_json::from_str(&link.text).unwrap();
    let slip = url["slip_url"].as_str().unwrap();
    let slip = world.get(&format!("{}?lang=en", &slip[slip.find("/r/").unwrap()..]), None).await;
    assert_eq!(slip.status, StatusCode::OK);
    assert!(slip.text.contains("<html lang=\"en\">") && slip.text.contains("?lang=en</p>"), "{}", slip.text);
}
on_both_backends!(the_citizens_pages_read_in_english_when_asked);
