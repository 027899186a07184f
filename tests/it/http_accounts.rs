//! Accounts: lockout, changing a password, and what each role sees of the unit tree.

use axum::http::StatusCode;
use hailong::domain::access::Role;

use crate::db::TestDb;
use crate::fixture::{csrf_of, world};
use crate::on_both_backends;

async fn five_wrong_passwords_lock_the_account(db: TestDb) {
    let world = world(db).await;
    let password = world.account("leader", Role::Leader, Some(world.commune.id), None).await;
    for _ in 0..5 {
        assert_eq!(world.try_login("leader", "wrong password").await.status, StatusCode::UNAUTHORIZED);
    }
    // Locked: even the right password is refused, with the same words as any failure.
    let locked = world.try_login("leader", &password).await;
    assert_eq!(locked.status, StatusCode::UNAUTHORIZED);
    assert!(locked.text.contains("Sai tên đăng nhập hoặc mật khẩu"));
    // Other accounts are unaffected; user names are not case-sensitive.
    world.login_as("ADMIN", crate::fixture::ADMIN_PASSWORD).await;
}
on_both_backends!(five_wrong_passwords_lock_the_account);

async fn a_password_change_needs_the_old_one_and_takes_effect(db: TestDb) {
    let world = world(db).await;
    let old = world.account("head", Role::CounterHead, Some(world.commune.id), None).await;
    let cookie = world.login_as("head", &old).await;
    let csrf = csrf_of(&world.get("/account/password", Some(&cookie)).await.text);
    let form = |current: &'static str, new: &'static str| {
        [("csrf", csrf.clone()), ("current", current.to_owned()), ("new", new.to_owned()), ("confirm", new.to_owned())]
    };
    let refused =
        world.post_form("/account/password", &as_pairs(&form("not it", "a new long password")), Some(&cookie)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("Mật khẩu hiện tại không đúng"));
    let short =
        [("csrf", csrf.clone()), ("current", old.clone()), ("new", "short".into()), ("confirm", "short".into())];
    let too_short = world.post_form("/account/password", &as_pairs(&short), Some(&cookie)).await;
    assert!(too_short.text.contains("ít nhất 10 ký tự"));
    let good = [
        ("csrf", csrf),
        ("current", old.clone()),
        ("new", "a new long password".into()),
        ("confirm", "a new long password".into()),
    ];
    let changed = world.post_form("/account/password", &as_pairs(&good), Some(&cookie)).await;
    assert_eq!(changed.status, StatusCode::OK);
    assert!(changed.text.contains("Đã đổi mật khẩu"));
    assert_eq!(world.try_login("head", &old).await.status, StatusCode::UNAUTHORIZED);
    world.login_as("head", "a new long password").await;
}
on_both_backends!(a_password_change_needs_the_old_one_and_takes_effect);

fn as_pairs<'a>(items: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    items.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn each_role_sees_only_its_part_of_the_tree(db: TestDb) {
    let world = world(db).await;
    let form = format!("/q/{}", world.official_code.token);
    let reply = world
        .post_form(
            &form,
            &[
                ("submission_id", "00000000-0000-4000-8000-000000000001"),
                ("overall", "1"),
                ("comment", "Bí mật của xã Một"),
            ],
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let counter_form = format!("/q/{}", world.counter_code.token);
    let reply = world
        .post_form(
            &counter_form,
            &[("submission_id", "00000000-0000-4000-8000-000000000002"), ("overall", "4"), ("comment", "Góp ý ở quầy")],
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);

    // Commune B's leader: their dashboard lists only commune B, and nothing of A shows.
    let password = world.account("leader_b", Role::Leader, Some(world.other_commune.id), None).await;
    let cookie = world.login_as("leader_b", &password).await;
    let page = world.get("/dashboard?period=today", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Xã Hai") && !page.text.contains("Xã Một") && !page.text.contains("Bí mật"));
    let units = world.get("/api/v1/units", Some(&cookie)).await;
    assert!(units.text.contains("Xã Hai") && !units.text.contains("Xã Một") && !units.text.contains("Tỉnh Thử"));

    // The official: their own rating and comment, not the counter's other one.
    let password = world.account("an", Role::Official, Some(world.commune.id), Some(world.official.id)).await;
    let cookie = world.login_as("an", &password).await;
    let page = world.get("/dashboard?period=today", Some(&cookie)).await;
    assert!(page.text.contains("Bí mật của xã Một"));
    assert!(!page.text.contains("Góp ý ở quầy"), "an official must not read colleagues' or the counter's comments");
}
on_both_backends!(each_role_sees_only_its_part_of_the_tree);

async fn a_manager_creates_an_account_that_must_change_its_password(db: TestDb) {
    let world = world(db).await;
    let password = world.account("noivu", Role::UnitManager, Some(world.province.id), None).await;
    let cookie = world.login_as("noivu", &password).await;
    let csrf = csrf_of(&world.get("/admin/users", Some(&cookie)).await.text);
    let commune = world.commune.id.to_string();
    let create = |username: &'static str, role: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("username", username.to_owned()),
            ("full_name", "Lê Văn Chủ Tịch".to_owned()),
            ("role", role.to_owned()),
            ("unit_id", commune.clone()),
        ]
    };
    // A unit manager may not make administrators.
    let refused = world.post_form("/admin/users", &as_pairs(&create("boss", "administrator")), Some(&cookie)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let created = world.post_form("/admin/users", &as_pairs(&create("chutich.xamot", "leader")), Some(&cookie)).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text);
    let marker = r#"<code class="temporary-password">"#;
    let start = created.text.find(marker).expect("the temporary password is shown") + marker.len();
    let temporary = created.text[start..].split('<').next().unwrap().to_owned();
    // The same name again is refused, not a second account.
    let again = world.post_form("/admin/users", &as_pairs(&create("chutich.xamot", "leader")), Some(&cookie)).await;
    assert!(again.text.contains("Tên đăng nhập này đã có"));

    // The new leader signs in and is sent to change the temporary password first.
    let first = world.try_login("chutich.xamot", &temporary).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    assert_eq!(first.location(), "/account/password");

    // Every change is in the audit log, readable by the manager.
    let audit = world.get("/admin/audit", Some(&cookie)).await;
    assert!(audit.text.contains("user.create") && audit.text.contains("chutich.xamot"));
}
on_both_backends!(a_manager_creates_an_account_that_must_change_its_password);

async fn a_password_reset_signs_the_account_out_everywhere(db: TestDb) {
    let world = world(db).await;
    let password = world.account("leader", Role::Leader, Some(world.commune.id), None).await;
    let leader = world.login_as("leader", &password).await;
    assert_eq!(world.get("/dashboard", Some(&leader)).await.status, StatusCode::OK);
    let admin = world.login().await;
    let id = world.store().user_by_username("leader").await.unwrap().unwrap().id;
    let reset = world.post_staff_form("/admin/users", &format!("/admin/users/{id}/reset-password"), &admin).await;
    assert_eq!(reset.status, StatusCode::OK);
    // The session opened before the reset (a stolen cookie, perhaps) no longer works.
    let after = world.get("/dashboard", Some(&leader)).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert!(after.location().starts_with("/login"));
    // Disabling works the same way, at once.
    let official = world.account("official", Role::Official, Some(world.commune.id), Some(world.official.id)).await;
    let session = world.login_as("official", &official).await;
    let id = world.store().user_by_username("official").await.unwrap().unwrap().id;
    world.write(async |tx| tx.set_user_disabled(id, true).await).await;
    assert_eq!(world.get("/dashboard", Some(&session)).await.status, StatusCode::SEE_OTHER);
}
on_both_backends!(a_password_reset_signs_the_account_out_everywhere);

/// The administrator's generated password is shown when it is made, and never again at later starts.
async fn the_generated_admin_password_is_printed_once(db: TestDb) {
    let data = tempfile::tempdir().unwrap();
    let mut config = crate::fixture::test_config(20);
    config.admin_password = None;
    config.data_dir = data.path().to_owned();
    let first = hailong::startup::ensure_first_administrator(&db.store, &config).await.unwrap();
    let kept = std::fs::read_to_string(data.path().join("admin-password")).unwrap();
    assert_eq!(first.as_deref(), Some(kept.trim()), "the first start shows the password it generated");
    assert_eq!(hailong::startup::ensure_first_administrator(&db.store, &config).await.unwrap(), None);
}
on_both_backends!(the_generated_admin_password_is_printed_once);

/// The database goes away under a signed-in leader: pages answer 503 with a page saying to try again, the
/// API an ErrorBody, and nobody is sent to sign in — an outage is not a sign-out.
async fn a_database_outage_signs_nobody_out(db: TestDb) {
    let world = world(db).await;
    let admin = world.login().await;
    let dashboard = format!("/dashboard?unit={}", world.commune.id);
    assert_eq!(world.get(&dashboard, Some(&admin)).await.status, StatusCode::OK);
    world.store().close().await;
    let page = world.get(&dashboard, Some(&admin)).await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE, "{}", page.text);
    assert!(page.headers.get(axum::http::header::LOCATION).is_none(), "not sent to the sign-in page");
    assert!(page.text.contains("Hệ thống đang bận"), "{}", page.text);
    let api = world.get("/api/v1/units", Some(&admin)).await;
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = serde_json::from_str(&api.text).expect("an ErrorBody");
    assert_eq!(body["error"], "unavailable", "{body}");
}
on_both_backends!(a_database_outage_signs_nobody_out);
