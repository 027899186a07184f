//! Staff pages over HTTP: sign-in, the dashboard, administration, printing and revoking codes.

use axum::http::StatusCode;

use crate::db::TestDb;
use crate::fixture::world;
use crate::on_both_backends;

async fn staff_pages_need_sign_in(db: TestDb) {
    let world = world(db).await;
    for path in ["/dashboard", "/admin", &format!("/print/counter/{}", world.counter.id)] {
        let reply = world.get(path, None).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{path}");
        assert!(reply.location().starts_with("/login?next="), "{path} → {}", reply.location());
    }
    let wrong = world.try_login("admin", "nope").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.text.contains("Sai tên đăng nhập hoặc mật khẩu"));
    // An unknown name gets the very same answer: nothing tells which accounts exist.
    let unknown_user = world.try_login("root", "nope").await;
    assert_eq!(unknown_user.status, StatusCode::UNAUTHORIZED);
    assert!(unknown_user.text.contains("Sai tên đăng nhập hoặc mật khẩu"));
    // A login post without the page's CSRF token is refused.
    let forged =
        world.post_form("/login", &[("username", "admin"), ("password", crate::fixture::ADMIN_PASSWORD)], None).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}
on_both_backends!(staff_pages_need_sign_in);

async fn dashboard_shows_a_fresh_rating(db: TestDb) {
    let world = world(db).await;
    let form = format!("/q/{}", world.official_code.token);
    for (i, overall) in ["1", "4", "4", "3", "2", "4"].into_iter().enumerate() {
        let id = format!("00000000-0000-4000-8000-0000000000{i:02}");
        let comment = if i == 0 { "Cán bộ chưa lắng nghe" } else { "" };
        let reply =
            world.post_form(&form, &[("submission_id", &id), ("overall", overall), ("comment", comment)], None).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
    }
    let cookie = world.login().await;
    let reply = world.get(&format!("/dashboard?unit={}&period=today", world.province.id), Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::OK);
    // Six responses in the province's subtree today: 4 satisfied of 6 = 66.7%.
    assert!(reply.text.contains("66.7%"), "headline index missing");
    assert!(reply.text.contains("Cán bộ chưa lắng nghe"));
    assert!(reply.text.contains("Nguyễn Văn An"));
    // The other commune has nothing: figures are not shown as numbers.
    let other = world.get(&format!("/dashboard?unit={}&period=today", world.other_commune.id), Some(&cookie)).await;
    assert!(!other.text.contains("Cán bộ chưa lắng nghe"));
    assert!(!other.text.contains("66.7%"));
}
on_both_backends!(dashboard_shows_a_fresh_rating);

async fn below_the_sample_floor_figures_say_so(db: TestDb) {
    let world = world(db).await;
    let form = format!("/q/{}", world.counter_code.token);
    let reply = world
        .post_form(&form, &[("submission_id", "00000000-0000-4000-8000-000000000001"), ("overall", "4")], None)
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let cookie = world.login().await;
    let reply = world.get(&format!("/dashboard?unit={}&period=today", world.commune.id), Some(&cookie)).await;
    assert!(reply.text.contains("chưa đủ mẫu"));
    assert!(!reply.text.contains(">100.0%<"), "one response must not read as 100%");
}
on_both_backends!(below_the_sample_floor_figures_say_so);

async fn print_revoke_and_reissue(db: TestDb) {
    let world = world(db).await;
    let cookie = world.login().await;
    let admin = world.get("/admin", Some(&cookie)).await;
    assert_eq!(admin.status, StatusCode::OK);
    assert!(admin.text.contains(&format!("/print/counter/{}", world.counter.id)));
    assert!(admin.text.contains(&format!("/print/official/{}", world.official.id)));

    let poster = world.get(&format!("/print/counter/{}", world.counter.id), Some(&cookie)).await;
    assert!(poster.text.contains(&format!("/qr/{}.png", world.counter_code.token)));
    assert!(poster.text.contains("Quét mã để đánh giá"));
    let card = world.get(&format!("/print/official/{}", world.official.id), Some(&cookie)).await;
    assert!(card.text.contains("Nguyễn Văn An") && card.text.contains(&world.official_code.token));

    let poster_page = format!("/print/counter/{}", world.counter.id);
    let revoke =
        world.post_staff_form(&poster_page, &format!("/admin/qr/{}/revoke", world.counter_code.id), &cookie).await;
    assert_eq!(revoke.status, StatusCode::SEE_OTHER);
    assert_eq!(world.get(&format!("/q/{}", world.counter_code.token), None).await.status, StatusCode::GONE);
    let poster = world.get(&format!("/print/counter/{}", world.counter.id), Some(&cookie)).await;
    assert!(poster.text.contains("Chưa có mã đang dùng"));

    let reissue =
        world.post_staff_form(&poster_page, &format!("/print/counter/{}/new-code", world.counter.id), &cookie).await;
    assert_eq!(reissue.status, StatusCode::SEE_OTHER);
    let fresh =
        world.store().active_qr_code(hailong::store::QrTarget::Counter(world.counter.id)).await.unwrap().unwrap();
    assert_ne!(fresh.token, world.counter_code.token);
    assert_eq!(world.get(&format!("/q/{}", fresh.token), None).await.status, StatusCode::OK);
    assert_eq!(world.get(&format!("/q/{}", world.counter_code.token), None).await.status, StatusCode::GONE);
    // Unknown ids are 404 pages, not errors.
    assert_eq!(world.get("/print/counter/999999", Some(&cookie)).await.status, StatusCode::NOT_FOUND);
}
on_both_backends!(print_revoke_and_reissue);

async fn the_unit_sheet_has_every_card_of_the_unit(db: TestDb) {
    let world = world(db).await;
    let cookie = world.login().await;
    let sheet = world.get(&format!("/print/unit/{}", world.commune.id), Some(&cookie)).await;
    assert_eq!(sheet.status, StatusCode::OK);
    assert_eq!(sheet.text.matches(r#"class="cut-card""#).count(), 2, "one counter and one official");
    assert!(sheet.text.contains(&world.counter_code.token) && sheet.text.contains(&world.official_code.token));
    assert!(sheet.text.contains("Nguyễn Văn An"));
}
on_both_backends!(the_unit_sheet_has_every_card_of_the_unit);
