//! The holes a review found, each closed and kept closed: atomic audited changes, reflected markup, lockout that
//! cannot be turned against an account's owner, temporary passwords, peers, `next`, sessions, headers, cross-site
//! ratings and the order of checks on the citizen's post.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use hailong::domain::access::Role;
use sqlx::Connection;

use crate::db::TestDb;
use crate::fixture::{csrf_of, session_cookie, world, Reply, World};
use crate::on_both_backends;

const FORM_ID: &str = "7f2a3c1e-9b4d-4c8e-a1f0-123456789abc";

/// A trigger that makes every audit entry fail to insert, as a broken disk or a bug would.
async fn break_the_audit_log(db: &TestDb) {
    if db.url.starts_with("sqlite") {
        let mut conn = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
        sqlx::query("CREATE TRIGGER audit_refused BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'no'); END")
            .execute(&mut conn)
            .await
            .unwrap();
    } else {
        let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
        sqlx::query(
            "CREATE FUNCTION audit_refused() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no'; END $$",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        sqlx::query(
            "CREATE TRIGGER audit_refused BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_refused()",
        )
        .execute(&mut conn)
        .await
        .unwrap();
    }
}

async fn count(db: &TestDb, table: &str) -> i64 {
    let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&mut conn).await.unwrap()
}

/// With the audit log refusing entries, no change lands half done: not an official with its photo and code, not a
/// unit, an account, an import, a new code or a revocation.
async fn a_change_whose_audit_entry_fails_leaves_nothing(db: TestDb) {
    let world = world(db).await;
    let cookie = world.login().await;
    let csrf = csrf_of(&world.get("/admin", Some(&cookie)).await.text);
    let tables = ["units", "counters", "officials", "official_photos", "qr_codes", "users", "procedures", "audit_log"];
    let mut before = Vec::new();
    for table in tables {
        before.push(count(&world.db, table).await);
    }
    let revoked_before = world.store().qr_code(world.counter_code.id).await.unwrap().revoked_at;
    break_the_audit_log(&world.db).await;

    let unit = [("csrf", csrf.as_str()), ("name", "Xã Lỗi"), ("kind", "commune"), ("parent_id", "")];
    let province = world.province.id.to_string();
    let unit = [unit[0], unit[1], unit[2], ("parent_id", province.as_str())];
    let official_form = [("csrf", csrf.as_str()), ("full_name", "Trần Văn Lỗi"), ("title", "Công chức")];
    let photo = hailong::demo::portrait_png(4);
    let csv = "code,name,field\n9.999999,Thủ tục mới,Hộ tịch\n";
    let replies = [
        world.post_form("/admin/units", &unit, Some(&cookie)).await,
        world
            .post_multipart(
                &format!("/admin/units/{}/officials", world.commune.id),
                &official_form,
                Some(("photo", &photo)),
                &cookie,
            )
            .await,
        world
            .post_form(
                &format!("/admin/units/{}/counters", world.commune.id),
                &[("csrf", &csrf), ("name", "Quầy lỗi")],
                Some(&cookie),
            )
            .await,
        world
            .post_form(
                "/admin/users",
                &[
                    ("csrf", &csrf),
                    ("username", "loi.a"),
                    ("full_name", "Lỗi A"),
                    ("role", "leader"),
                    ("unit_id", &world.commune.id.to_string()),
                ],
                Some(&cookie),
            )
            .await,
        world.post_form("/admin/procedures/import", &[("csrf", &csrf), ("csv", csv)], Some(&cookie)).await,
        world
            .post_form(&format!("/print/counter/{}/new-code", world.counter.id), &[("csrf", &csrf)], Some(&cookie))
            .await,
        world
            .post_form(&format!("/admin/qr/{}/revoke", world.counter_code.id), &[("csrf", &csrf)], Some(&cookie))
            .await,
    ];
    for reply in &replies {
        assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{}", &reply.text[..reply.text.len().min(300)]);
        assert!(reply.text.contains("chưa được ghi nhận"), "a plain Vietnamese apology");
    }
    for (table, n) in tables.iter().zip(before) {
        assert_eq!(count(&world.db, table).await, n, "{table} changed although its audit entry failed");
    }
    assert_eq!(world.store().qr_code(world.counter_code.id).await.unwrap().revoked_at, revoked_before);
}
on_both_backends!(a_change_whose_audit_entry_fails_leaves_nothing);

/// Markup sent back inside a `<textarea>` stays text: on the citizen's refused form and on the CSV preview.
async fn reflected_markup_stays_text(db: TestDb) {
    let world = world(db).await;
    let attack = "</textarea><script>alert('x')</script><b>đậm</b>";
    let form = [("submission_id", FORM_ID), ("overall", "9"), ("comment", attack)];
    let refused = world.post_form(&format!("/q/{}", world.counter_code.token), &form, None).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!refused.text.contains("<script>alert"), "the script came back live");
    assert!(refused.text.contains("&lt;/textarea&gt;&lt;script&gt;alert('x')&lt;/script&gt;&lt;b&gt;đậm&lt;/b&gt;"));

    let cookie = world.login().await;
    let csrf = csrf_of(&world.get("/admin/procedures", Some(&cookie)).await.text);
    let csv = format!("code,name,field\n1.001193,{attack},Hộ tịch\n");
    let preview = world
        .post_multipart("/admin/procedures/preview", &[("csrf", &csrf)], Some(("catalogue", csv.as_bytes())), &cookie)
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
    assert!(!preview.text.contains("<script>alert"), "the preview put the script back live");
    assert!(preview.text.contains("&lt;/textarea&gt;"));
}
on_both_backends!(reflected_markup_stays_text);

/// A post to the login page from a given client address (the test server trusts X-Forwarded-For).
async fn login_from(world: &World, ip: &str, username: &str, password: &str) -> Reply {
    let page = world.get("/login", None).await;
    let cookie = session_cookie(&page).expect("the login page's cookie");
    let body =
        serde_urlencoded::to_string([("username", username), ("password", password), ("csrf", &csrf_of(&page.text))])
            .unwrap();
    let request = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .header("x-forwarded-for", ip)
        .body(Body::from(body))
        .unwrap();
    world.send(request).await
}

/// Someone elsewhere typing wrong passwords locks only themselves out; failing during the lock does not extend it;
/// a manager lifts it, and every step is in the audit log with the client's hash.
async fn a_lockout_cannot_be_turned_against_the_owner(db: TestDb) {
    let world = world(db).await;
    let password = world.account("chutich", Role::Leader, Some(world.commune.id), None).await;
    for _ in 0..5 {
        assert_eq!(
            login_from(&world, "198.51.100.9", "chutich", "sai mật khẩu").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(login_from(&world, "198.51.100.9", "chutich", &password).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        login_from(&world, "203.0.113.5", "chutich", &password).await.status,
        StatusCode::SEE_OTHER,
        "the owner gets in"
    );
    // More failures while locked change nothing: the lock ends when it would have.
    let mut conn = sqlx::AnyConnection::connect(&world.db.url).await.unwrap();
    let until = || sqlx::query_scalar::<_, i64>("SELECT MAX(locked_until) FROM login_failures");
    let first: i64 = until().fetch_one(&mut conn).await.unwrap();
    login_from(&world, "198.51.100.9", "chutich", "sai nữa").await;
    assert_eq!(until().fetch_one(&mut conn).await.unwrap(), first);
    // A manager above lifts it.
    let admin = world.login().await;
    let id = world.store().user_by_username("chutich").await.unwrap().unwrap().id;
    let users = world.get("/admin/users", Some(&admin)).await;
    assert!(users.text.contains(&format!("/admin/users/{id}/unlock")), "the locked account offers an unlock");
    let unlock =
        world.post_form(&format!("/admin/users/{id}/unlock"), &[("csrf", &csrf_of(&users.text))], Some(&admin)).await;
    assert_eq!(unlock.status, StatusCode::SEE_OTHER);
    assert_eq!(login_from(&world, "198.51.100.9", "chutich", &password).await.status, StatusCode::SEE_OTHER);
    let actions: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT action, after FROM audit_log WHERE target = 'chutich' ORDER BY id")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    let names: Vec<&str> = actions.iter().map(|(a, _)| a.as_str()).collect();
    for expected in ["login.failed", "login.locked", "login", "user.unlock"] {
        assert!(names.contains(&expected), "{expected} audited: {names:?}");
    }
    assert!(actions
        .iter()
        .filter(|(a, _)| a.starts_with("login"))
        .all(|(_, after)| after.as_deref().is_some_and(|j| j.contains("client"))));
}
on_both_backends!(a_lockout_cannot_be_turned_against_the_owner);

/// Until a temporary password is replaced, the account reaches the change-password page and nothing else.
async fn a_temporary_password_reaches_only_the_change_page(db: TestDb) {
    let world = world(db).await;
    let admin = world.login().await;
    let csrf = csrf_of(&world.get("/admin/users", Some(&admin)).await.text);
    let unit = world.commune.id.to_string();
    let form = [
        ("csrf", csrf.as_str()),
        ("username", "moi.a"),
        ("full_name", "Người Mới"),
        ("role", "leader"),
        ("unit_id", &unit),
    ];
    let created = world.post_form("/admin/users", &form, Some(&admin)).await;
    let temporary = created
        .text
        .split(r#"class="temporary-password">"#)
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap()
        .to_owned();
    let cookie = world.login_as("moi.a", &temporary).await;
    for page in ["/dashboard", "/admin", &format!("/print/unit/{}", world.commune.id)] {
        let reply = world.get(page, Some(&cookie)).await;
        assert_eq!((reply.status, reply.location().as_str()), (StatusCode::SEE_OTHER, "/account/password"), "{page}");
    }
    let api = world.get("/api/v1/units", Some(&cookie)).await;
    assert_eq!(api.status, StatusCode::FORBIDDEN);
    assert!(api.text.contains("password_change_required"));
    assert_eq!(world.get("/account/password", Some(&cookie)).await.status, StatusCode::OK);
}
on_both_backends!(a_temporary_password_reaches_only_the_change_page);

/// A unit manager cannot reset or disable another manager of the same unit; the manager above can.
async fn peers_do_not_manage_peers(db: TestDb) {
    let world = world(db).await;
    let commune = Some(world.commune.id);
    let a = world.account("noivu.a", Role::UnitManager, commune, None).await;
    world.account("noivu.b", Role::UnitManager, commune, None).await;
    let above = world.account("noivu.tinh", Role::UnitManager, Some(world.province.id), None).await;
    let peer = world.store().user_by_username("noivu.b").await.unwrap().unwrap().id;
    let a = world.login_as("noivu.a", &a).await;
    let users = world.get("/admin/users", Some(&a)).await;
    assert!(!users.text.contains("noivu.b"), "a peer is not listed for management");
    let csrf = csrf_of(&users.text);
    for action in ["reset-password", "active", "unlock"] {
        let reply = world
            .post_form(&format!("/admin/users/{peer}/{action}"), &[("csrf", &csrf), ("active", "0")], Some(&a))
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{action} on a peer");
    }
    let peer_account = [
        ("csrf", csrf.as_str()),
        ("username", "noivu.c"),
        ("full_name", "C"),
        ("role", "unit_manager"),
        ("unit_id", &world.commune.id.to_string()),
    ];
    assert_eq!(world.post_form("/admin/users", &peer_account, Some(&a)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let above = world.login_as("noivu.tinh", &above).await;
    let csrf = csrf_of(&world.get("/admin/users", Some(&above)).await.text);
    let reset = world.post_form(&format!("/admin/users/{peer}/reset-password"), &[("csrf", &csrf)], Some(&above)).await;
    assert_eq!(reset.status, StatusCode::OK);
    assert!(reset.text.contains("temporary-password"));
}
on_both_backends!(peers_do_not_manage_peers);

/// Only a path of this site, without tabs, newlines or backslashes; never a 500.
#[tokio::test]
async fn next_after_login_stays_on_this_site() {
    let world = world(TestDb::sqlite().await).await;
    for (next, expected) in [
        ("/\t/evil.example", "/dashboard"),
        ("/admin?x=1", "/admin?x=1"),
        ("//evil.example", "/dashboard"),
        ("/a\r\nSet-Cookie: x=y", "/dashboard"),
    ] {
        let page = world.get(&format!("/login?next={}", urlencode(next)), None).await;
        assert_eq!(page.status, StatusCode::OK);
        let cookie = session_cookie(&page).unwrap();
        let form = [
            ("username", "admin"),
            ("password", crate::fixture::ADMIN_PASSWORD),
            ("csrf", &csrf_of(&page.text)),
            ("next", next),
        ];
        let reply = world.post_form("/login", &form, Some(&cookie)).await;
        assert_eq!((reply.status, reply.location().as_str()), (StatusCode::SEE_OTHER, expected), "{next:?}");
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b == b'/' { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// Opening the login page writes nothing: no session row for every visitor (or bot) that loads it.
async fn the_login_page_stores_nothing(db: TestDb) {
    let world = world(db).await;
    for _ in 0..3 {
        let page = world.get("/login", None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(session_cookie(&page).is_some_and(|c| c.starts_with("hailong_login=")), "only the form's own cookie");
    }
    assert_eq!(count(&world.db, "sessions").await, 0);
    world.login().await;
    assert_eq!(count(&world.db, "sessions").await, 1);
}
on_both_backends!(the_login_page_stores_nothing);

/// Outside one's reach, or without the role, a record that exists and one that does not get the same answer.
async fn existing_and_missing_records_answer_alike(db: TestDb) {
    let world = world(db).await;
    let leader = world.account("lanhdao.a", Role::Leader, Some(world.commune.id), None).await;
    let other = world.account("noivu.b", Role::UnitManager, Some(world.other_commune.id), None).await;
    for (who, password) in [("lanhdao.a", leader), ("noivu.b", other)] {
        let cookie = world.login_as(who, &password).await;
        let csrf = csrf_of(&world.get("/account/password", Some(&cookie)).await.text);
        for (existing, missing) in [
            (format!("/admin/counters/{}", world.counter.id), "/admin/counters/987654".to_owned()),
            (format!("/print/official/{}/new-code", world.official.id), "/print/official/987654/new-code".to_owned()),
            (format!("/admin/qr/{}/revoke", world.counter_code.id), "/admin/qr/987654/revoke".to_owned()),
        ] {
            let a = world.post_form(&existing, &[("csrf", &csrf), ("name", "x")], Some(&cookie)).await.status;
            let b = world.post_form(&missing, &[("csrf", &csrf), ("name", "x")], Some(&cookie)).await.status;
            assert_eq!(a, b, "{who}: {existing} and {missing} must not differ");
        }
        for (existing, missing) in [
            (format!("/print/counter/{}", world.counter.id), "/print/counter/987654".to_owned()),
            (format!("/print/official/{}", world.official.id), "/print/official/987654".to_owned()),
        ] {
            assert_eq!(
                world.get(&existing, Some(&cookie)).await.status,
                world.get(&missing, Some(&cookie)).await.status,
                "{who}: {existing}"
            );
        }
    }
}
on_both_backends!(existing_and_missing_records_answer_alike);

/// Staff pages and the API are never cached; Permissions-Policy everywhere; each page's CSRF token is new.
#[tokio::test]
async fn staff_answers_are_not_cached_and_tokens_never_repeat() {
    let world = world(TestDb::sqlite().await).await;
    let cookie = world.login().await;
    for page in ["/dashboard", "/admin", "/api/v1/units", "/login"] {
        let reply = world.get(page, Some(&cookie)).await;
        assert_eq!(reply.header(header::CACHE_CONTROL).as_deref(), Some("no-store"), "{page}");
        assert!(reply
            .header(header::HeaderName::from_static("permissions-policy"))
            .is_some_and(|p| p.contains("camera=()")));
    }
    // A citizen's form stays in the browser's own cache (Back shows the same form) but in no shared one.
    let form = world.get(&format!("/q/{}", world.counter_code.token), None).await;
    assert_eq!(form.header(header::CACHE_CONTROL).as_deref(), Some("private"));
    assert!(
        world.get("/admin", Some(&cookie)).await.header(header::STRICT_TRANSPORT_SECURITY).is_none(),
        "no HSTS over http"
    );
    let (a, b) = (world.get("/admin", Some(&cookie)).await, world.get("/admin", Some(&cookie)).await);
    assert_ne!(csrf_of(&a.text), csrf_of(&b.text), "a compressed page must not repeat the secret (BREACH)");
    let logout = world.post_form("/logout", &[("csrf", &csrf_of(&a.text))], Some(&cookie)).await;
    assert_eq!(logout.location(), "/login", "an older page's token still works: the mask changes, not the token");
}

/// A rating posted from another site is refused in Vietnamese; our own form (or a browser that says nothing) is
/// accepted. The rate limit is checked before the code is even looked up.
#[tokio::test]
async fn ratings_come_only_from_our_own_form() {
    let world = crate::fixture::world_with_rate_limit(TestDb::sqlite().await, 2).await;
    let url = format!("/q/{}", world.counter_code.token);
    let post = |headers: Vec<(&'static str, &'static str)>, id: &'static str| {
        let mut request = Request::post(url.as_str()).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let body = format!("submission_id={id}&overall=4");
        world.send(request.body(Body::from(body)).unwrap())
    };
    let evil = post(vec![("origin", "https://evil.example"), ("sec-fetch-site", "cross-site")], FORM_ID).await;
    assert_eq!(evil.status, StatusCode::FORBIDDEN);
    assert!(evil.text.contains("Không nhận phiếu từ trang khác"));
    assert_eq!(post(vec![("sec-fetch-site", "cross-site")], FORM_ID).await.status, StatusCode::FORBIDDEN);
    assert_eq!(post(vec![("origin", "null")], FORM_ID).await.status, StatusCode::FORBIDDEN);
    let ours = post(vec![("origin", crate::fixture::PUBLIC_URL), ("sec-fetch-site", "same-origin")], FORM_ID).await;
    assert_eq!(ours.status, StatusCode::SEE_OTHER);
    let silent = post(vec![], "7f2a3c1e-9b4d-4c8e-a1f0-000000000002").await;
    assert_eq!(silent.status, StatusCode::SEE_OTHER, "no headers (old browsers) is still a citizen");
    assert_eq!(world.responses().await, 2, "nothing of the refused posts was stored");
    // Over the limit: 429 even for a code that does not exist, so the lookup never ran.
    let unknown =
        Request::post("/q/AAAAAAAAAAAAAAAAAAAAAAAA").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    let reply = world.send(unknown.body(Body::from("overall=4")).unwrap()).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
}

/// Sessions end after 8 hours without a request, however long ago the sign-in was: each request moves the end on.
async fn sessions_expire_after_eight_idle_hours(db: TestDb) {
    let world = world(db).await;
    let cookie = world.login().await;
    let mut conn = sqlx::AnyConnection::connect(&world.db.url).await.unwrap();
    let now = chrono::Utc::now().timestamp();
    // The clock moves 7 h 59 min on: one minute left.
    sqlx::query("UPDATE sessions SET expiry_date = $1").bind(now + 60).execute(&mut conn).await.unwrap();
    assert_eq!(world.get("/dashboard", Some(&cookie)).await.status, StatusCode::OK);
    let expiry: i64 = sqlx::query_scalar("SELECT expiry_date FROM sessions").fetch_one(&mut conn).await.unwrap();
    assert!(expiry >= now + 8 * 3600 - 60, "the request gave the session 8 more hours: {}", expiry - now);
    // Then 8 idle hours pass.
    sqlx::query("UPDATE sessions SET expiry_date = $1").bind(now - 1).execute(&mut conn).await.unwrap();
    let reply = world.get("/dashboard", Some(&cookie)).await;
    assert!(reply.location().starts_with("/login"), "signed out after 8 idle hours");
}
on_both_backends!(sessions_expire_after_eight_idle_hours);

/// Archiving a unit hides it from lists, not from history: its audit entries stay visible to the managers above.
async fn an_archived_units_history_stays_in_the_audit_log(db: TestDb) {
    let world = world(db).await;
    let manager = world.account("noivu.tinh", Role::UnitManager, Some(world.province.id), None).await;
    let cookie = world.login_as("noivu.tinh", &manager).await;
    let csrf = csrf_of(&world.get("/admin", Some(&cookie)).await.text);
    let rename = [("csrf", csrf.as_str()), ("name", "Xã Hai Đổi Tên"), ("kind", "commune"), ("parent_id", "")];
    let province = world.province.id.to_string();
    let rename = [rename[0], rename[1], rename[2], ("parent_id", province.as_str())];
    let unit = format!("/admin/units/{}", world.other_commune.id);
    assert_eq!(world.post_form(&unit, &rename, Some(&cookie)).await.status, StatusCode::SEE_OTHER);
    let archive = [("csrf", csrf.as_str()), ("archive", "1")];
    assert_eq!(world.post_form(&unit, &archive, Some(&cookie)).await.status, StatusCode::SEE_OTHER);
    let audit = world.get("/admin/audit", Some(&cookie)).await;
    assert!(audit.text.contains("unit.update") && audit.text.contains("unit.archive"), "both changes are listed");
    assert!(audit.text.contains("Xã Hai Đổi Tên"), "under the archived unit's name");
}
on_both_backends!(an_archived_units_history_stays_in_the_audit_log);
