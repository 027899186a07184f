//! Public results over HTTP, signed out: the province's page ranks the communes with enough answers and names
//! the others without a figure; a commune's officials appear only after it opts in (an audited change); no
//! comment reaches a public page; the pages are cacheable and set no cookie; only the card may be framed.

use axum::http::{header, StatusCode};

use crate::db::{count_all, TestDb};
use crate::fixture::{csrf_of, world};
use crate::http_live::rate;
use crate::on_both_backends;
use hailong::domain::report::ReportPeriod;

fn this_quarter() -> String {
    let today = hailong::domain::rollup::local_day(chrono::Utc::now().timestamp_millis());
    ReportPeriod::Quarter { year: 2000, quarter: 1 }.current(today).key()
}

async fn the_public_pages_rank_units_withhold_thin_figures_and_show_officials_on_opt_in(db: TestDb) {
    let world = world(db).await;
    // Commune A: 4, 4, 3, 2, 1 for its official (three of five satisfied: 60 %); commune B nothing.
    for overall in ["4", "4", "3", "2"] {
        rate(&world, &world.official_code, overall, "").await;
    }
    rate(&world, &world.official_code, "1", "Gọi lại cho tôi: 0912 345 678").await;
    count_all(world.store()).await;
    let (province, commune) = (world.province.id, world.commune.id);

    let index = world.get("/cong-khai", None).await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.text.contains(&format!("href=\"/cong-khai/{province}\"")), "the province is listed");

    let page = world.get(&format!("/cong-khai/{province}?period={}", this_quarter()), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.headers[header::CACHE_CONTROL], "public, max-age=300");
    assert!(page.headers.get(header::SET_COOKIE).is_none(), "no session for a reader");
    assert_eq!(page.headers[header::X_FRAME_OPTIONS], "DENY");
    let ranking = &page.text[page.text.find("Xếp hạng các đơn vị trực thuộc").expect("the ranking")..];
    let body = &ranking[ranking.find("<tbody>").unwrap()..];
    let first_row = &body[..body.find("</tr>").unwrap()];
    assert!(first_row.contains(&world.commune.name) && first_row.contains("60,0%"), "{first_row}");
    assert!(ranking.contains("Chưa đủ mẫu để xếp hạng:") && ranking.contains(&world.other_commune.name));
    assert!(!page.text.contains("0912 345 678") && !page.text.contains("Gọi lại"), "no comment is published");
    assert!(!page.text.contains(&world.official.full_name), "the province did not opt in");

    // Commune A's page: its official only once it opts in.
    let commune_page = format!("/cong-khai/{commune}?period={}", this_quarter());
    assert!(!world.get(&commune_page, None).await.text.contains(&world.official.full_name));
    let admin = world.login().await;
    let csrf = csrf_of(&world.get("/admin", Some(&admin)).await.text);
    let parent = province.to_string();
    let opt_in = [
        ("csrf", csrf.as_str()),
        ("name", world.commune.name.as_str()),
        ("kind", "commune"),
        ("parent_id", parent.as_str()),
        ("publish_officials", "1"),
    ];
    let saved = world.post_form(&format!("/admin/units/{commune}"), &opt_in, Some(&admin)).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let audit = world.store().audit_entries(&[commune], false, 10).await.unwrap();
    let entry = audit.iter().find(|e| e.action == "unit.update").expect("the change is audited");
    assert!(entry.after.as_deref().unwrap_or_default().contains("\"publish_officials\":true"), "{entry:?}");
    let with_officials = world.get(&commune_page, None).await;
    let officials = &with_officials.text[with_officials.text.find("Theo công chức").expect("the officials")..];
    assert!(officials.contains(&world.official.full_name) && officials.contains("60,0%"));

    let card = world.get(&format!("/cong-khai/{commune}/nhung"), None).await;
    assert_eq!(card.status, StatusCode::OK);
    assert!(card.headers.get(header::X_FRAME_OPTIONS).is_none(), "the card may be framed");
    let policy = card.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(policy.contains("frame-ancestors *"), "{policy}");
    assert!(card.text.contains("60,0%"), "the headline on the card");
}
on_both_backends!(the_public_pages_rank_units_withhold_thin_figures_and_show_officials_on_opt_in);

async fn a_unit_that_is_none_is_not_found_and_a_bad_period_is_named(db: TestDb) {
    let world = world(db).await;
    assert_eq!(world.get("/cong-khai/999999", None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(world.get("/cong-khai/abc", None).await.status, StatusCode::NOT_FOUND);
    let page = world.get(&format!("/cong-khai/{}?period=2026-13", world.commune.id), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Kỳ chưa hợp lệ"));
    assert!(page.text.contains("Chưa đủ mẫu để công bố"), "no answers: nothing published");
    let month = world.get(&format!("/cong-khai/{}?period=2026-11", world.commune.id), None).await;
    assert!(month.text.contains("Kỳ chưa hợp lệ"), "a month is too short to publish");
}
on_both_backends!(a_unit_that_is_none_is_not_found_and_a_bad_period_is_named);

async fn public_pages_and_images_are_served_from_a_copy_and_limited_per_client(db: TestDb) {
    use axum::body::Body;
    use axum::http::Request;
    let world = world(db).await;
    let commune = world.commune.id;
    let from =
        |client: &str, uri: &str| Request::get(uri).header("x-forwarded-for", client).body(Body::empty()).unwrap();

    // The figures are counted once a minute at most: a rating a moment later shows on the next copy, not this one.
    let page = format!("/cong-khai/{commune}?period={}", this_quarter());
    let before = world.send(from("203.0.113.1", &page)).await.text;
    for _ in 0..5 {
        rate(&world, &world.counter_code, "4", "").await;
    }
    count_all(world.store()).await;
    assert_eq!(world.send(from("203.0.113.1", &page)).await.text, before, "the copy, not a recount");

    // A client walking the QR images and public pages is slowed to the limit; another client is not.
    let image = format!("/qr/{}.png", world.counter_code.token);
    let mut statuses = Vec::new();
    for _ in 0..hailong::web::client::PUBLIC_PER_MINUTE.get() {
        statuses.push(world.send(from("203.0.113.2", &image)).await.status);
    }
    assert!(statuses.iter().all(|s| *s == StatusCode::OK), "{statuses:?}");
    let refused = world.send(from("203.0.113.2", &page)).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.text.contains("Vui lòng đợi một phút"), "said in Vietnamese");
    assert_eq!(world.send(from("203.0.113.3", &image)).await.status, StatusCode::OK, "another client");
}
on_both_backends!(public_pages_and_images_are_served_from_a_copy_and_limited_per_client);
