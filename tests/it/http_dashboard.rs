//! The leader's dashboard over HTTP: the way down the unit tree (breadcrumb, the units beneath with links that keep
//! the period), breakdowns by counter, official, procedure, field and channel, the hour × weekday heatmap, every
//! index with its interval, a custom period (and a clear message for one that is not), and an official's own page
//! with their figures and nobody else's.

use axum::http::StatusCode;
use chrono::Utc;
use hailong::domain::access::Role;
use hailong::domain::ids::ProcedureId;
use hailong::domain::period::local_date;

use crate::db::{count_all, TestDb};
use crate::fixture::{world, World};
use crate::on_both_backends;

async fn rate(world: &World, token: &str, overall: &str, procedure: Option<ProcedureId>) {
    let submission = uuid::Uuid::new_v4().to_string();
    let procedure = procedure.map(|p| p.to_string()).unwrap_or_default();
    let form = [("submission_id", submission.as_str()), ("overall", overall), ("procedure", procedure.as_str())];
    let reply = world.post_form(&format!("/q/{token}"), &form, None).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
}

async fn the_dashboard_breaks_figures_down_and_leads_down_the_tree(db: TestDb) {
    let world = world(db).await;
    let (commune, province) = (world.commune.id, world.province.id);
    // Nine ratings, six by the official's code: 6 satisfied of 9 = 66.7% (the official's own: 5 of 6).
    for overall in ["4", "4", "3", "4", "1", "3"] {
        rate(&world, &world.official_code.token, overall, Some(world.procedures[0])).await;
    }
    for overall in ["2", "4"] {
        rate(&world, &world.counter_code.token, overall, None).await;
    }
    let submission = uuid::Uuid::new_v4().to_string();
    let with_reasons = [
        ("submission_id", submission.as_str()),
        ("overall", "2"),
        ("reason", "cho-lau"),
        ("comment", "Phải quay lại hai lần"),
    ];
    let reply = world.post_form(&format!("/q/{}", world.counter_code.token), &with_reasons, None).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    count_all(world.store()).await;
    let admin = world.login().await;

    let top = world.get(&format!("/dashboard?unit={province}&period=today"), Some(&admin)).await;
    assert_eq!(top.status, StatusCode::OK);
    assert!(top.text.contains("66.7%"), "the headline");
    assert!(top.text.contains("<li>Chờ lâu</li>"), "a comment shows the reasons picked with it");
    assert!(top.text.contains("Khoảng tin cậy 95%: "), "the headline's interval");
    assert!(!top.text.contains("class=\"breadcrumb\""), "the top of the tree needs no way back");
    let down = format!("href=\"/dashboard?unit={commune}&amp;period=today\"");
    assert!(top.text.contains(&down), "the commune beneath links down, keeping the period");
    for heading in ["Theo đơn vị trực thuộc", "Theo quầy", "Theo lĩnh vực", "Theo kênh đánh giá", "Theo công chức"]
    {
        assert!(top.text.contains(heading), "{heading}");
    }
    assert!(top.text.contains("Quầy 1") && top.text.contains("Hộ tịch") && top.text.contains("Mã QR"));
    assert!(top.text.contains("class=\"grid sortable\""));
    assert!(top.text.contains("Nhiều phiếu nhất: "), "the heatmap names its busiest hour");
    assert_eq!(top.text.matches("class=\"heat\"").count(), 7 * 24, "a cell per hour of the week");

    let commune_page = world.get(&format!("/dashboard?unit={commune}&period=today"), Some(&admin)).await;
    assert!(commune_page.text.contains("class=\"breadcrumb\""));
    assert!(commune_page.text.contains(&format!("href=\"/dashboard?unit={province}&amp;period=today\"")));
    assert!(commune_page.text.contains("<li aria-current=\"page\">Xã Một</li>"));

    let today = local_date(Utc::now()).format("%Y-%m-%d").to_string();
    let custom = format!("/dashboard?unit={province}&period=custom&from={today}&to={today}");
    let custom = world.get(&custom, Some(&admin)).await;
    assert!(custom.text.contains("66.7%"), "a custom period of today holds today's ratings");
    assert!(custom.text.contains(&format!("value=\"{today}\"")), "the dates stay in the picker");
    let reversed = format!("/dashboard?unit={province}&period=custom&from={today}&to=2020-01-01");
    let reversed = world.get(&reversed, Some(&admin)).await;
    assert_eq!(reversed.status, StatusCode::OK);
    assert!(reversed.text.contains("Khoảng thời gian chưa hợp lệ"), "said plainly, not a 400 or 500");
    assert!(reversed.text.contains("66.7%"), "and the last 30 days are shown instead");

    // The official's own page: their six ratings (5 of 6 satisfied), no one else's, no breakdowns.
    let password = world.account("congchuc.an", Role::Official, Some(commune), Some(world.official.id)).await;
    let official = world.login_as("congchuc.an", &password).await;
    let own = world.get("/dashboard?period=today", Some(&official)).await;
    assert!(own.text.contains("Kết quả đánh giá của tôi"));
    assert!(own.text.contains("83.3%"), "5 of their 6 ratings satisfied");
    assert!(!own.text.contains("66.7%") && !own.text.contains("Theo quầy") && !own.text.contains("name=\"unit\""));
}
on_both_backends!(the_dashboard_breaks_figures_down_and_leads_down_the_tree);
