//! Withheld stays withheld (docs/decisions/020): a figure below the floor cannot be worked out by subtraction from
//! anything the public pages, the card, the report's downloads or the API give. The 8/6/2 example: a province of
//! 8 ratings, 50 % satisfied; commune A 6 of them, 4 satisfied (66.7 %); commune B the other 2, none satisfied.
//! Shown together, the province and A would give B's 0 of 2.

use axum::http::StatusCode;
use hailong::domain::time::Timestamp;
use serde_json::Value;

use crate::db::{count_all, TestDb};
use crate::fixture::{world, World};
use crate::http_live::rate;
use crate::on_both_backends;
use hailong::domain::ids::UnitId;
use hailong::domain::report::ReportPeriod;
use hailong::services::qr::issue as issue_qr_code;
use hailong::store::{NewUnit, QrCode, QrTarget};

const PROTECTS: &str = "Ẩn để không suy ra được đơn vị ít phiếu";

fn this_quarter() -> String {
    let today = hailong::domain::rollup::local_day(chrono::Utc::now().timestamp_millis());
    ReportPeriod::Quarter { year: 2000, quarter: 1 }.current(today).key()
}

/// A counter's code in `unit`.
async fn code_in(world: &World, unit: UnitId) -> QrCode {
    let secret = world.state.settings.secret.clone();
    let counter = world.write(async |tx| tx.create_counter(unit, "Quầy", Timestamp::from_millis(0)).await).await;
    world.write(async |tx| issue_qr_code(tx, &secret, unit, QrTarget::Counter(counter.id)).await).await
}

async fn rate_all(world: &World, code: &QrCode, levels: &[&str]) {
    for overall in levels {
        rate(world, code, overall, "").await;
    }
}

/// Everything anyone may read of `unit` without signing in: its page and its card.
async fn public(world: &World, unit: UnitId) -> [String; 2] {
    let quarter = this_quarter();
    let page = world.get(&format!("/cong-khai/{unit}?period={quarter}"), None).await;
    let card = world.get(&format!("/cong-khai/{unit}/nhung?period={quarter}"), None).await;
    assert_eq!((page.status, card.status), (StatusCode::OK, StatusCode::OK));
    [page.text, card.text]
}

async fn csv(world: &World, cookie: &str, unit: UnitId) -> String {
    let reply = world.get(&format!("/reports/csv?unit={unit}&period={}", this_quarter()), Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK);
    reply.text
}

async fn summary(world: &World, cookie: &str, unit: UnitId) -> Value {
    let reply = world.get(&format!("/api/v1/units/{unit}/summary?period=30d"), Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    serde_json::from_str(&reply.text).unwrap()
}

/// A's figure, exactly or rounded, in any of the ways it is written.
fn shows_a(text: &str) -> bool {
    ["66,7", "66.7", ">6 phiếu đánh giá", "(6)"].iter().any(|f| text.contains(f))
}

/// B's figure: 0 % of 2 (the province's 50,0% is not it).
fn shows_b(text: &str) -> bool {
    [">0,0%", ": 0.0%", "2 phiếu đánh giá", "(2)"].iter().any(|f| text.contains(f))
}

async fn the_8_6_2_example_gives_nothing_away(db: TestDb) {
    let world = world(db).await;
    let (province, a, b) = (world.province.id, world.commune.id, world.other_commune.id);
    let code_b = code_in(&world, b).await;
    rate_all(&world, &world.counter_code, &["4", "4", "3", "3", "2", "1"]).await;
    rate_all(&world, &code_b, &["2", "1"]).await;
    count_all(world.store()).await;

    // The province's page: its 50 % of 8 stands, so A is withheld beside B, and the page says why.
    let [page, card] = public(&world, province).await;
    assert!(page.contains("50,0%") && card.contains("50,0%"), "the province's own figure is shown");
    assert!(!shows_a(&page) && !shows_b(&page), "{page}");
    let ranking = &page[page.find("Xếp hạng các đơn vị trực thuộc").expect("the units beneath")..];
    assert!(ranking.contains(&format!("Chưa đủ mẫu để xếp hạng: {}", world.other_commune.name)), "{ranking}");
    assert!(ranking.contains(&format!("{PROTECTS}: {}", world.commune.name)), "{ranking}");
    assert!(ranking.contains("số liệu nhỏ nhất bên cạnh cũng được ẩn theo"), "the rule, beside the table");
    // A's and B's own pages and cards: neither figure nor count, and A says why.
    let [page_a, card_a] = public(&world, a).await;
    for text in [&page_a, &card_a] {
        assert!(!shows_a(text) && !shows_b(text) && text.contains(PROTECTS), "{text}");
    }
    assert!(page_a.contains("một đơn vị cùng cấp có dưới 5 phiếu"), "A's page explains");
    for text in public(&world, b).await {
        assert!(!shows_a(&text) && !shows_b(&text) && text.contains("Chưa đủ mẫu để công bố"), "{text}");
    }

    // The report's downloads: the province's names A as withheld; A's and B's withhold their own counts.
    let admin = world.login().await;
    let report = csv(&world, &admin, province).await;
    assert!(report.contains("Phiếu được tính,8") && report.contains("50.0"), "{report}");
    assert!(!report.contains("66.7") && !report.contains(",0.0,"), "{report}");
    assert!(report.contains(&format!("{},ẩn để không suy ra được đơn vị ít phiếu", world.commune.name)), "{report}");
    assert!(report.contains(&format!("{},chưa đủ mẫu", world.other_commune.name)), "{report}");
    let report_a = csv(&world, &admin, a).await;
    assert!(report_a.contains("Phiếu được tính,ẩn để không suy ra được đơn vị ít phiếu"), "{report_a}");
    assert!(!report_a.contains("66.7") && !report_a.contains(",6,"), "{report_a}");
    let report_b = csv(&world, &admin, b).await;
    assert!(report_b.contains("Phiếu được tính,chưa đủ mẫu") && !report_b.contains(",2,"), "{report_b}");

    // The API: the province's figures, A's and B's marked and null.
    let whole = summary(&world, &admin, province).await;
    assert_eq!(whole["withheld"], Value::Null);
    assert_eq!(whole["indexes"]["headline"]["count"], 8);
    for (unit, why) in [(a, "protects_sibling"), (b, "below_floor")] {
        let body = summary(&world, &admin, unit).await;
        assert_eq!(body["withheld"], why, "{body}");
        for figure in ["overall", "indexes", "timeliness"] {
            assert_eq!(body[figure], Value::Null, "{figure} of {unit}: {body}");
        }
        assert_eq!(body["response_rate"]["responses"], Value::Null);
    }
}
on_both_backends!(the_8_6_2_example_gives_nothing_away);

async fn of_three_communes_only_the_smallest_other_is_withheld_beside_the_thin_one(db: TestDb) {
    let world = world(db).await;
    let (province, a, b) = (world.province.id, world.commune.id, world.other_commune.id);
    let c = world
        .write(async |tx| {
            tx.create_unit(
                NewUnit { parent_id: Some(province), kind: "commune", name: "Xã Ba", code: None },
                Timestamp::from_millis(0),
            )
            .await
        })
        .await;
    let (code_b, code_c) = (code_in(&world, b).await, code_in(&world, c.id).await);
    rate_all(&world, &world.counter_code, &["4", "4", "3", "3", "2", "1"]).await;
    rate_all(&world, &code_b, &["2", "1"]).await;
    rate_all(&world, &code_c, &["4", "4", "4", "4", "4", "4", "4"]).await;
    count_all(world.store()).await;

    // 6 + 2 + 7: B is below the floor; A, the smaller of the others, hides it; C is ranked.
    let [page, _] = public(&world, province).await;
    let ranking = &page[page.find("Xếp hạng các đơn vị trực thuộc").expect("the units beneath")..];
    let table = &ranking[..ranking.find("</table>").unwrap()];
    assert!(table.contains("Xã Ba") && table.contains("100,0%"), "{table}");
    assert!(!shows_a(&page) && !shows_b(&page), "{page}");
    assert!(ranking.contains(&format!("{PROTECTS}: {}", world.commune.name)), "{ranking}");
    let [page_c, card_c] = public(&world, c.id).await;
    assert!(page_c.contains("100,0%") && card_c.contains("7 phiếu đánh giá"), "C stands on its own");

    let admin = world.login().await;
    let body = summary(&world, &admin, c.id).await;
    assert_eq!((body["withheld"].clone(), body["indexes"]["headline"]["count"].clone()), (Value::Null, 7.into()));
    assert_eq!(summary(&world, &admin, a).await["withheld"], "protects_sibling");
}
on_both_backends!(of_three_communes_only_the_smallest_other_is_withheld_beside_the_thin_one);
