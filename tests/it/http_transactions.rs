//! Transaction counts over HTTP: a key of scope `transactions` sets a unit's monthly counts (all lines or none; a
//! unit of another commune makes the request 404, a queue key 403); months nobody declared count the dossiers
//! registered for receipt links; the dashboard divides the month's responses by them.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::db::{count_all, TestDb};
use crate::fixture::{csrf_of, world};
use crate::http_live::rate;
use crate::on_both_backends;
use hailong::domain::access::Role;
use hailong::domain::sample::TargetRule;

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
    // Five, so the figures are above the sample floor and the API shows them (decision 020).
    for overall in ["4", "3", "4", "4", "3"] {
        rate(&world, &world.counter_code, overall, "").await;
    }
    count_all(world.store()).await;

    let board = world.get(&format!("/dashboard?unit={commune}&period=month"), Some(&admin)).await;
    assert!(board.text.contains("5 / 40 giao dịch") && board.text.contains("12,5%"), "the commune: 5 of 40");
    let board = world.get(&format!("/dashboard?unit={}&period=month", world.province.id), Some(&admin)).await;
    assert!(board.text.contains("5 / 42 giao dịch"), "the province adds the other commune's registered dossiers");
    let board = world.get(&format!("/dashboard?unit={other}&period=month"), Some(&admin)).await;
    assert!(board.text.contains("0 / 2 giao dịch"));
    let summary = world.get(&format!("/api/v1/units/{}/summary?period=month", world.province.id), Some(&admin)).await;
    let rate: Value = serde_json::from_str(&summary.text).unwrap();
    let rate = &rate["response_rate"];
    assert_eq!((rate["responses"].as_i64(), rate["transactions"].as_i64()), (Some(5), Some(42)), "{rate}");
    assert_eq!(rate["first_month"], month.as_str());
    assert!((rate["value"].as_f64().unwrap() - 5.0 / 42.0).abs() < 1e-9);

    let audit = world.get("/admin/audit", Some(&admin)).await.text;
    assert!(audit.contains("transactions.set"));
}
on_both_backends!(declared_and_registered_transactions_give_the_response_rate);

async fn a_manager_imports_counts_from_csv_after_a_preview(db: TestDb) {
    let world = world(db).await;
    let (commune, other) = (world.commune.id, world.other_commune.id);
    let password = world.account("quanly.a", Role::UnitManager, Some(commune), None).await;
    let manager = world.login_as("quanly.a", &password).await;
    let month = this_month();
    let csv = format!(
        "unit,month,count,procedure_code\n{commune},{month},12,1.001193\n{commune},{month},3,\n{other},{month},5,\n\
         {commune},2026-13,4,\n{commune},{month},many,\n{commune},{month},2,<b>9.9</b>\n"
    );
    let page = world.get("/admin/transactions", Some(&manager)).await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = csrf_of(&page.text);
    let preview = world
        .post_multipart("/admin/transactions/preview", &[("csrf", &csrf)], Some(("counts", csv.as_bytes())), &manager)
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
    assert!(preview.text.contains("2 / 6 dòng hợp lệ"), "two good lines of six");
    assert!(preview.text.contains("Không có đơn vị này"), "another commune's unit is not there for this manager");
    assert!(preview.text.contains("Tháng phải viết dạng") && preview.text.contains("Số giao dịch phải là số nguyên"));
    assert!(!preview.text.contains("<b>9.9</b>"), "what the file says is shown as text, never as markup");
    assert_eq!(world.store().transactions_in(&[commune], 0, i64::MAX).await.unwrap(), 0, "a preview stores nothing");

    let text = preview.text[preview.text.find("<textarea").unwrap()..].to_owned();
    let text = text[text.find('>').unwrap() + 1..text.find("</textarea>").unwrap()].to_owned();
    let text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&quot;", "\"");
    assert_eq!(text, csv, "the preview carries the file to the import unchanged");
    let imported =
        world.post_form("/admin/transactions/import", &[("csrf", &csrf), ("csv", &text)], Some(&manager)).await;
    assert_eq!(imported.status, StatusCode::OK);
    assert!(imported.text.contains("Đã ghi: 2"));
    let november = hailong::domain::period::parse_month(&month).unwrap();
    assert_eq!(world.store().transactions_in(&[commune], november, november).await.unwrap(), 15);
    assert_eq!(world.store().transactions_in(&[other], november, november).await.unwrap(), 0);

    let empty = world
        .post_multipart("/admin/transactions/preview", &[("csrf", &csrf)], Some(("counts", b"unit,count\n")), &manager)
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.text.contains("month"));
}
on_both_backends!(a_manager_imports_counts_from_csv_after_a_preview);

/// The year's sample target on the dashboard: the tiered rule's targets from the commune's transactions, the ratings
/// collected so far, and the pace verdict — the province adds up its communes' targets.
async fn the_dashboard_sets_the_years_sample_target_and_says_when_it_will_be_missed(db: TestDb) {
    let world = world(db).await;
    let admin = world.login().await;
    let key = world.api_key(&admin, world.province.id, &["transactions"]).await;
    let counts = json!({ "counts": [
        { "unit_id": world.commune.id, "month": this_month(), "count": 3000 },
        { "unit_id": world.other_commune.id, "month": this_month(), "count": 80 },
    ] });
    assert_eq!(world.put_json("/api/v1/transactions", &counts, Some(&key), None).await.status, StatusCode::OK);
    rate(&world, &world.counter_code, "4", "").await;
    rate(&world, &world.counter_code, "3", "").await;
    count_all(world.store()).await;

    let commune = world.get(&format!("/dashboard?unit={}", world.commune.id), Some(&admin)).await;
    let panel = &commune.text[commune.text.find("Cỡ mẫu năm nay").expect("the panel")..];
    let row = &panel[panel.find("<tbody>").unwrap()..panel.find("</tbody>").unwrap()];
    // 3,000 transactions: 10 %, at least 200 → 300; two collected: short unless the year has barely begun.
    for cell in [">3000<", ">300<", ">2<", ">1%<"] {
        assert!(row.contains(cell), "{cell} in {row}");
    }
    let today = hailong::domain::period::local_date(chrono::Utc::now());
    let year_days =
        if chrono::NaiveDate::from_ymd_opt(chrono::Datelike::year(&today), 2, 29).is_some() { 366 } else { 365 };
    let short = 2 * year_days / chrono::Datelike::ordinal(&today) < 300;
    assert_eq!(row.contains("Cần khảo sát bổ sung"), short, "the pace verdict: {row}");
    assert_eq!(row.contains("Đúng tiến độ"), !short);
    let province = world.get(&format!("/dashboard?unit={}", world.province.id), Some(&admin)).await;
    let panel = &province.text[province.text.find("Cỡ mẫu năm nay").expect("the panel")..];
    let first_row = &panel[panel.find("<tbody>").unwrap()..];
    let first_row = &first_row[..first_row.find("</tr>").unwrap()];
    // The province: 300 for the commune and all 80 of the other one's.
    assert!(first_row.contains(">3080<") && first_row.contains(">380<"), "{first_row}");

    // The province chooses Slovin for its tree, the other commune a fixed 60 for itself: each unit's target follows
    // the rule in force for it, and the panel names it.
    let csrf = csrf_of(&world.get("/admin", Some(&admin)).await.text);
    let choose = async |unit: &hailong::store::Unit, rule: &str, fixed: &str| {
        let parent = unit.parent_id.map(|p| p.to_string()).unwrap_or_default();
        let form = [
            ("csrf", csrf.as_str()),
            ("name", unit.name.as_str()),
            ("kind", unit.kind.as_str()),
            ("code", unit.code.as_deref().unwrap_or_default()),
            ("parent_id", parent.as_str()),
            ("sample_rule", rule),
            ("sample_fixed", fixed),
        ];
        world.post_form(&format!("/admin/units/{}", unit.id), &form, Some(&admin)).await
    };
    let refused = choose(&world.other_commune, "fixed", "0").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("số phiếu cố định là số nguyên"), "{}", refused.text);
    assert_eq!(choose(&world.province, "slovin", "").await.status, StatusCode::SEE_OTHER);
    assert_eq!(choose(&world.other_commune, "fixed", "60").await.status, StatusCode::SEE_OTHER);
    let slovin = TargetRule::Slovin { margin_permille: 50 }.target("", 3000);
    let province = world.get(&format!("/dashboard?unit={}", world.province.id), Some(&admin)).await;
    let panel = &province.text[province.text.find("Cỡ mẫu năm nay").expect("the panel")..];
    let rows = &panel[panel.find("<tbody>").unwrap()..panel.find("</tbody>").unwrap()];
    let first_row = &rows[..rows.find("</tr>").unwrap()];
    assert!(first_row.contains("Công thức Slovin") && first_row.contains(&format!(">{}<", slovin + 60)), "{first_row}");
    assert!(rows.contains(&format!(">{slovin}<")), "the commune under the province's rule: {rows}");
    assert!(rows.contains("Số phiếu cố định: 60"), "the other commune's own rule: {rows}");
    let audit = world.store().audit_entries(&[world.province.id], false, 20).await.unwrap();
    let changed = audit.iter().find(|e| e.action == "unit.update" && e.target == format!("unit:{}", world.province.id));
    assert!(changed.unwrap().after.as_deref().unwrap().contains("\"sample_rule\":\"slovin\""));
}
on_both_backends!(the_dashboard_sets_the_years_sample_target_and_says_when_it_will_be_missed);
