//! The citizen's path over HTTP, through the whole router: form, submission, retries, bad input.

use axum::http::StatusCode;
use hailong::domain::time::Timestamp;

use crate::db::TestDb;
use crate::fixture::{world, world_with_rate_limit, World, PUBLIC_URL};
use crate::on_both_backends;

const SUBMISSION: &str = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";

fn form_path(world: &World) -> String {
    format!("/q/{}", world.counter_code.token)
}

async fn form_shows_unit_levels_and_procedures(db: TestDb) {
    let world = world(db).await;
    let reply = world.get(&form_path(&world), None).await;
    assert_eq!(reply.status, StatusCode::OK);
    for expected in
        ["Xã Một", "Quầy 1", "Rất tốt", "Tốt", "Bình thường", "Chưa tốt", "Đăng ký khai sinh", "Gửi đánh giá"]
    {
        assert!(reply.text.contains(expected), "form lacks {expected:?}");
    }
    assert!(reply.text.contains(r#"name="submission_id""#));
    // An official's code shows the official's name on top.
    let reply = world.get(&format!("/q/{}", world.official_code.token), None).await;
    assert!(reply.text.contains("Nguyễn Văn An"));
    // English through the same texts.
    let reply = world.get(&format!("{}?lang=en", form_path(&world)), None).await;
    assert!(reply.text.contains("Very good") && reply.text.contains("Send rating"));
}
on_both_backends!(form_shows_unit_levels_and_procedures);

async fn a_rating_is_stored_once_and_thanked(db: TestDb) {
    let world = world(db).await;
    let procedure = world.procedures[0].to_string();
    let form = [
        ("submission_id", SUBMISSION),
        ("overall", "1"),
        ("reason", "cho-lau"),
        ("answer.cong-chuc", "2"),
        ("procedure", procedure.as_str()),
        ("comment", "Chờ lâu quá"),
        ("lang", "vi"),
    ];
    let reply = world.post_form(&form_path(&world), &form, None).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    assert_eq!(reply.location(), format!("{}/cam-on?lang=vi", form_path(&world)));
    assert_eq!(world.responses().await, 1);

    // A retry (double tap, flaky network) is harmless: same thanks, noted as already received.
    let again = world.post_form(&form_path(&world), &form, None).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert!(again.location().ends_with("&lai=1"));
    assert_eq!(world.responses().await, 1);
    let thanks = world.get(&again.location(), None).await;
    assert_eq!(thanks.status, StatusCode::OK);
    assert!(thanks.text.contains("Cảm ơn") && thanks.text.contains("đã được ghi nhận trước đó"));

    // The same id with other answers is a conflict, not a silent overwrite.
    let mut other = form;
    other[1] = ("overall", "4");
    let conflict = world.post_form(&form_path(&world), &other, None).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    assert!(conflict.text.contains("Phiếu đã được dùng"));
    assert_eq!(world.responses().await, 1);

    // What was stored is attached to the unit, counter and procedure of the code.
    let scope = hailong::store::Scope { unit_id: world.commune.id, from_ms: 0, to_ms: i64::MAX, official_id: None };
    let comments = world.store().latest_comments(&scope, 5).await.unwrap();
    assert_eq!(comments[0].comment, "Chờ lâu quá");
    assert_eq!(comments[0].counter_id, Some(world.counter.id));
    assert_eq!(comments[0].procedure_id, Some(world.procedures[0]));
}
on_both_backends!(a_rating_is_stored_once_and_thanked);

async fn bad_input_is_explained_in_vietnamese_and_keeps_the_text(db: TestDb) {
    let world = world(db).await;
    let long = "ý".repeat(1001);
    let cases: [(&[(&str, &str)], &str); 5] = [
        (&[("submission_id", SUBMISSION), ("overall", "1"), ("comment", &long)], "tối đa 1000 ký tự"),
        (&[("submission_id", SUBMISSION), ("overall", "7")], "Mức đánh giá không hợp lệ"),
        (&[("submission_id", SUBMISSION)], "Vui lòng chọn một mức đánh giá"),
        (
            &[("submission_id", SUBMISSION), ("overall", "3"), ("procedure", "999999")],
            "Thủ tục không có trong danh mục",
        ),
        (&[("submission_id", SUBMISSION), ("overall", "3"), ("phone", "0912345678")], "đánh dấu đồng ý"),
    ];
    for (form, message) in cases {
        let reply = world.post_form(&form_path(&world), form, None).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{form:?}");
        assert!(reply.text.contains(message), "{form:?} should say {message:?}");
    }
    // The citizen's comment comes back in the form: nothing typed is lost.
    let reply = world
        .post_form(
            &form_path(&world),
            &[("submission_id", SUBMISSION), ("overall", "9"), ("comment", "giữ lại tôi")],
            None,
        )
        .await;
    assert!(reply.text.contains("giữ lại tôi"));
    assert_eq!(world.responses().await, 0);
    // A body that is not a form at all is a 400 page, not a 500.
    let request = axum::http::Request::post(form_path(&world))
        .header(axum::http::header::CONTENT_TYPE, "application/json")
        .body(axum::body::Body::from("{\"overall\": 4}"))
        .unwrap();
    let garbage = world.send(request).await;
    assert_eq!(garbage.status, StatusCode::BAD_REQUEST);
    assert!(garbage.text.contains("Dữ liệu gửi lên không hợp lệ"));
}
on_both_backends!(bad_input_is_explained_in_vietnamese_and_keeps_the_text);

async fn unknown_forged_and_revoked_codes_get_clear_pages(db: TestDb) {
    let world = world(db).await;
    let unknown = world.get("/q/AAAAAAAAAAAAAAAAAAAAAAAA", None).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.text.contains("Không tìm thấy mã đánh giá"));
    // A token signed with another secret (someone minting codes) is unknown, not accepted.
    let forged = hailong::domain::token::sign(b"another secret entirely", hailong::domain::token::TokenPurpose::Qr, 1);
    assert_eq!(world.get(&format!("/q/{forged}"), None).await.status, StatusCode::NOT_FOUND);

    world.write(async |tx| tx.revoke_qr_code(world.counter_code.id, Timestamp::from_millis(1)).await).await;
    let revoked = world.get(&form_path(&world), None).await;
    assert_eq!(revoked.status, StatusCode::GONE);
    assert!(revoked.text.contains("Mã không còn hiệu lực"));
    let post = world.post_form(&form_path(&world), &[("submission_id", SUBMISSION), ("overall", "4")], None).await;
    assert_eq!(post.status, StatusCode::GONE);
    assert_eq!(world.responses().await, 0);
}
on_both_backends!(unknown_forged_and_revoked_codes_get_clear_pages);

async fn honeypot_and_rate_limit(db: TestDb) {
    let world = world_with_rate_limit(db, 2).await;
    let robot = world
        .post_form(&form_path(&world), &[("submission_id", SUBMISSION), ("overall", "4"), ("website", "x")], None)
        .await;
    assert_eq!(robot.status, StatusCode::SEE_OTHER, "a robot is thanked…");
    assert_eq!(world.responses().await, 0, "…and ignored");
    let second = "7a1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    assert_eq!(
        world.post_form(&form_path(&world), &[("submission_id", second), ("overall", "4")], None).await.status,
        StatusCode::SEE_OTHER
    );
    let third = "8a1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    let limited = world.post_form(&form_path(&world), &[("submission_id", third), ("overall", "4")], None).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.text.contains("Gửi quá nhiều lần"));
    assert_eq!(world.responses().await, 1);
}
on_both_backends!(honeypot_and_rate_limit);

/// The printed code decodes (with a real QR decoder) to the form's public URL.
#[tokio::test]
async fn qr_png_decodes_to_the_form_url() {
    let world = world(TestDb::sqlite().await).await;
    let reply = world.get(&format!("/qr/{}.png", world.counter_code.token), None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header(axum::http::header::CONTENT_TYPE).as_deref(), Some("image/png"));
    let image = image::load_from_memory(&reply.bytes).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(image);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1);
    let (_, content) = grids[0].decode().unwrap();
    assert_eq!(content, format!("{PUBLIC_URL}/q/{}", world.counter_code.token));

    let svg = world.get(&format!("/qr/{}.svg", world.counter_code.token), None).await;
    assert!(svg.text.starts_with("<?xml") && svg.text.contains("<svg"));
    assert_eq!(world.get("/qr/AAAAAAAAAAAAAAAAAAAAAAAA.png", None).await.status, StatusCode::NOT_FOUND);
}

/// Malformed ids and odd paths are "not found" pages, never a 500 or a plain-text rejection.
#[tokio::test]
async fn odd_paths_are_not_found_pages() {
    let world = world(TestDb::sqlite().await).await;
    let cookie = world.login().await;
    for path in ["/photos/official/abc", "/print/counter/abc", "/print/official/-1", "/no/such/page", "/q/", "/qr/x"] {
        let reply = world.get(path, Some(&cookie)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert!(reply.text.contains("Không tìm thấy"), "{path}: {}", reply.text);
    }
    let api = world.get("/api/v1/units/abc/summary", Some(&cookie)).await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert!(api.text.contains("not_found"));
    let long = format!("/q/{}", "A".repeat(5000));
    assert_eq!(world.get(&long, None).await.status, StatusCode::NOT_FOUND);
    // A query string that does not read is the bad-request page, in Vietnamese.
    for path in ["/dashboard?unit=abc", "/reports?unit=1.5", "/responses?unit=x", "/alerts?unit=-", "/cong-khai?x=1"] {
        let reply = world.get(path, Some(&cookie)).await;
        if path.starts_with("/cong-khai") {
            assert_eq!(reply.status, StatusCode::OK, "unknown parameters are ignored");
            continue;
        }
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{path}");
        assert!(reply.text.contains("Dữ liệu gửi lên không hợp lệ"), "{path}: {}", reply.text);
    }
}

/// Every page carries a Content-Security-Policy; the form's only inline script is allowed by its nonce, which is
/// new for every response of the same page.
#[tokio::test]
async fn the_csp_allows_only_our_scripts() {
    let world = world(TestDb::sqlite().await).await;
    let nonce_of = |page: &crate::fixture::Reply| {
        let policy = page.header(axum::http::header::CONTENT_SECURITY_POLICY).expect("a CSP header");
        let nonce = policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce");
        assert!(page.text.contains(&format!(r#"nonce="{nonce}""#)), "the hydration script carries the header's nonce");
        let scripts = policy.split("script-src").nth(1).and_then(|rest| rest.split(';').next()).unwrap_or_default();
        assert!(policy.contains("frame-ancestors 'none'") && !scripts.contains("unsafe-inline"), "{policy}");
        nonce.to_owned()
    };
    let form = format!("/q/{}", world.counter_code.token);
    let first = nonce_of(&world.get(&form, None).await);
    let second = nonce_of(&world.get(&form, None).await);
    assert_ne!(first, second, "two responses of the same page never share a nonce");
    assert!(first.len() >= 16, "a nonce long enough not to be guessed: {first}");
    let other = world.get("/login", None).await;
    let policy = other.header(axum::http::header::CONTENT_SECURITY_POLICY).unwrap();
    assert!(policy.contains("script-src 'self';"), "no inline script anywhere else: {policy}");
}

/// The official's photo reaches citizens through the scanned code only; staff of other units get nothing.
#[tokio::test]
async fn photos_are_not_enumerable() {
    let world = world(TestDb::sqlite().await).await;
    let photo = hailong::store::Photo { content_type: "image/png".into(), bytes: hailong::demo::portrait_png(2) };
    world.write(async |tx| tx.set_official_photo(world.official.id, &photo, Timestamp::from_millis(0)).await).await;
    let form = world.get(&format!("/q/{}", world.official_code.token), None).await;
    let src = format!("/q/{}/photo", world.official_code.token);
    assert!(form.text.contains(&src), "the form shows the photo through its own code");
    assert_eq!(world.get(&src, None).await.bytes, photo.bytes);
    // A counter's code has no official, so no photo; nor does an anonymous visitor get one by id.
    assert_eq!(world.get(&format!("/q/{}/photo", world.counter_code.token), None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(world.get(&format!("/photos/official/{}", world.official.id), None).await.status, StatusCode::SEE_OTHER);
}

/// The form posts to `/q/{token}?gui`, not to its own URL: a browser drops its cached copy of a URL it just posted
/// to, so Back would fetch a new form (a new submission id) and a second sending would count twice.
#[tokio::test]
async fn the_form_posts_beside_its_own_url_so_back_keeps_it() {
    let world = world(TestDb::sqlite().await).await;
    let url = format!("/q/{}", world.counter_code.token);
    let page = world.get(&url, None).await;
    let action = format!(r#"action="{url}?gui""#);
    assert!(page.text.contains(&action), "the form posts to {action}");
    let sent = world.post_form(&format!("{url}?gui"), &[("submission_id", SUBMISSION), ("overall", "4")], None).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    assert_eq!(world.responses().await, 1);
}
