//! Surveyors' phones over HTTP (docs/decisions/016): a manager gives a surveyor a one-time code; the phone signs in
//! with it and lists only that surveyor's drawn respondents; interviews arrive from the phone's queue (a resend is
//! harmless, other answers under the same id or a second form of a respondent are refused, another surveyor's
//! respondent does not exist); refusals and unreachable respondents are marked; the forms are paid, re-checked by
//! surveyor and counted on channel survey; a new code signs the old phone out, a revocation ends the phone, and the
//! close erases the link from a form to its respondent. Every step audited under the surveyor's name.

use axum::http::StatusCode;
use hailong::domain::ids::{CampaignId, RespondentId, SurveyorId};
use serde_json::json;

use crate::db::TestDb;
use crate::fixture::{csrf_of, session_cookie, world, World};
use crate::on_both_backends;

/// The code shown once on the campaign's page after `POST /surveyors/{id}/sign-in-code`.
async fn sign_in_code(world: &World, admin: &str, csrf: &str, surveyor: SurveyorId) -> String {
    let made = world.post_form(&format!("/surveyors/{surveyor}/sign-in-code"), &[("csrf", csrf)], Some(admin)).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.text);
    let at = made.text.find("data-testid=\"sign-in-code\"").expect("the code is shown");
    let at = at + made.text[at..].find('>').unwrap() + 1;
    made.text[at..].split('<').next().unwrap().to_owned()
}

async fn signed_in_phone(world: &World, code: &str) -> String {
    let signed = world.post_form("/dieu-tra/dang-nhap", &[("code", code)], None).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.text);
    assert_eq!(signed.location(), "/dieu-tra");
    session_cookie(&signed).expect("the phone's credential")
}

fn interview(id: &str, respondent: RespondentId, overall: &str) -> serde_json::Value {
    let now = chrono::Utc::now().timestamp_millis();
    json!({ "submission_id": id, "respondent_id": respondent, "interviewed_at": now - 60_000, "sent_at": now,
            "overall": overall, "factors": ["1", "", "0", "", ""] })
}

async fn a_surveyors_phone_enters_the_interviews_of_their_own_respondents(db: TestDb) {
    let world = world(db).await;
    let store = world.store();
    let admin = world.login().await;
    let page = crate::http_surveys::plan(&world, &admin).await;
    let id: CampaignId = page.rsplit('/').next().unwrap().parse().unwrap();
    let csrf = csrf_of(&world.get(&page, Some(&admin)).await.text);
    let mut csv = String::from("unit,name,contact,procedure,field,date\n");
    for i in 0..4 {
        csv += &format!("{},Người Dân {i},0905 000 00{i},Đăng ký khai sinh,Hộ tịch,2026-11-02\n", world.commune.id);
    }
    let post = |path: String, pairs: Vec<(&'static str, String)>| {
        let (world, admin) = (&world, &admin);
        async move {
            let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            world.post_form(&path, &pairs, Some(admin)).await
        }
    };
    post(format!("{page}/respondents"), vec![("csrf", csrf.clone()), ("csv", csv)]).await;
    for name in ["Lê Văn Một", "Phạm Thị Hai"] {
        let pairs = vec![("csrf", csrf.clone()), ("full_name", name.into()), ("organisation", "Bưu điện".into())];
        assert_eq!(post(format!("{page}/surveyors"), pairs).await.status, StatusCode::SEE_OTHER);
    }
    post(format!("{page}/sample"), vec![("csrf", csrf.clone()), ("seed", "7".into())]).await;
    let surveyors = store.surveyors(id).await.unwrap();
    let (one, two) = (surveyors[0].id, surveyors[1].id);
    let respondents = store.respondents(id).await.unwrap();
    let mine: Vec<_> = respondents.iter().filter(|r| r.surveyor_id == Some(one)).collect();
    let theirs = respondents.iter().find(|r| r.surveyor_id == Some(two)).unwrap();
    assert_eq!(mine.len(), 2, "four drawn, two each");

    // Signing in: a wrong code and a used one are refused alike; the page lists this surveyor's respondents only.
    assert!(world.get("/dieu-tra", None).await.text.contains("Mã đăng nhập"), "a phone not signed in is asked");
    let code = sign_in_code(&world, &admin, &csrf, one).await;
    let wrong = world.post_form("/dieu-tra/dang-nhap", &[("code", "AAAA-AAAA")], None).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text.contains("Mã không đúng"));
    let phone = signed_in_phone(&world, &code.to_lowercase()).await;
    assert_eq!(
        world.post_form("/dieu-tra/dang-nhap", &[("code", &code)], None).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let list = world.get("/dieu-tra", Some(&phone)).await;
    assert_eq!(list.status, StatusCode::OK);
    for r in &mine {
        assert!(list.text.contains(r.name.as_deref().unwrap()), "{:?}", r.name);
    }
    assert!(!list.text.contains(theirs.name.as_deref().unwrap()), "another surveyor's respondent is not listed");
    assert!(list.text.contains("Hài lòng") && list.text.contains("Không hài lòng"), "the campaign's 2-level form");
    assert!(list.text.contains("/xac-minh/"), "the badge's QR code for citizens to check");

    // The badge's photo: a file that is no image refused, a portrait re-encoded and shown by the public check.
    let photo_path = format!("/surveyors/{one}/photo");
    let not_image = world.post_multipart(&photo_path, &[("csrf", &csrf)], Some(("photo", b"GIF89a...")), &admin).await;
    assert_eq!(not_image.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(not_image.text.contains("JPEG, PNG hoặc WebP"), "{}", not_image.text);
    let portrait = hailong::demo::portrait_png(3);
    let uploaded = world.post_multipart(&photo_path, &[("csrf", &csrf)], Some(("photo", &portrait)), &admin).await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.text);
    let badge_token = async |surveyor: SurveyorId| {
        let badge = world.get(&format!("/surveyors/{surveyor}/badge"), Some(&admin)).await.text;
        let at = badge.find("/xac-minh/").unwrap() + "/xac-minh/".len();
        badge[at..].split(['/', '"']).next().unwrap().to_owned()
    };
    let token = badge_token(one).await;
    let check = world.get(&format!("/xac-minh/{token}"), None).await.text;
    assert!(check.contains(&format!("/xac-minh/{token}/photo")), "the public check shows the photo");
    let photo = world.get(&format!("/xac-minh/{token}/photo"), None).await;
    assert_eq!(photo.header(axum::http::header::CONTENT_TYPE).as_deref(), Some("image/jpeg"));
    assert_eq!(image::load_from_memory(&photo.bytes).unwrap().width(), 400, "re-encoded, metadata dropped");
    let without = badge_token(two).await;
    assert_eq!(world.get(&format!("/xac-minh/{without}/photo"), None).await.status, StatusCode::NOT_FOUND);
    assert!(world.get(&page, Some(&admin)).await.text.contains("Liên lạc lần cuối"), "the manager sees the phone");

    // An interview from the queue: stored once, a resend harmless, other answers under its id refused.
    let uuid = "3f2a9c1e-77b0-4c1d-9e2f-0a1b2c3d4e5f";
    let sent = world.post_json("/dieu-tra/api/interviews", &interview(uuid, mine[0].id, "1"), Some(&phone)).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    assert!(sent.text.contains("\"stored\"") && sent.text.contains("ĐT-3F2A9C1E"), "{}", sent.text);
    let again = world.post_json("/dieu-tra/api/interviews", &interview(uuid, mine[0].id, "1"), Some(&phone)).await;
    assert!(again.text.contains("\"duplicate\""), "{}", again.text);
    let other = world.post_json("/dieu-tra/api/interviews", &interview(uuid, mine[0].id, "0"), Some(&phone)).await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    let second_form = interview("0a0a0a0a-77b0-4c1d-9e2f-0a1b2c3d4e5f", mine[0].id, "0");
    assert_eq!(
        world.post_json("/dieu-tra/api/interviews", &second_form, Some(&phone)).await.status,
        StatusCode::CONFLICT
    );
    let stranger = interview("1b1b1b1b-77b0-4c1d-9e2f-0a1b2c3d4e5f", theirs.id, "1");
    assert_eq!(
        world.post_json("/dieu-tra/api/interviews", &stranger, Some(&phone)).await.status,
        StatusCode::NOT_FOUND
    );
    let bad = world
        .post_json("/dieu-tra/api/interviews", &interview("2c2c2c2c-77b0-4c1d", mine[1].id, "4"), Some(&phone))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text.contains("1 (hài lòng) hoặc 0"), "{}", bad.text);
    let not_json = world.post_form("/dieu-tra/api/interviews", &[("overall", "1")], Some(&phone)).await;
    assert_eq!(not_json.status, StatusCode::BAD_REQUEST);

    // Outcomes: refused and not reached from the phone; completed only with a form; none over a stored form.
    let outcome = |respondent: RespondentId, outcome: &str| json!({ "respondent_id": respondent, "outcome": outcome });
    let api = "/dieu-tra/api/outcomes";
    assert_eq!(world.post_json(api, &outcome(mine[1].id, "refused"), Some(&phone)).await.status, StatusCode::OK);
    assert_eq!(
        world.post_json(api, &outcome(mine[1].id, "completed"), Some(&phone)).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        world.post_json(api, &outcome(mine[0].id, "not_reached"), Some(&phone)).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(world.post_json(api, &outcome(theirs.id, "refused"), Some(&phone)).await.status, StatusCode::NOT_FOUND);
    let after = store.respondents(id).await.unwrap();
    let outcome_of = |r: RespondentId| after.iter().find(|x| x.id == r).unwrap().outcome.clone();
    assert_eq!((outcome_of(mine[0].id).as_str(), outcome_of(mine[1].id).as_str()), ("completed", "refused"));

    // The form: channel survey, its surveyor and respondent, paid, counted, and re-checked in its surveyor's stratum.
    let forms = store.campaign_forms(id).await.unwrap();
    assert_eq!(forms.len(), 1);
    let form = &forms[0];
    assert!(form.survey && form.surveyor_id == Some(one) && form.respondent_id == Some(mine[0].id), "{form:?}");
    assert_eq!((form.serial.as_str(), form.overall), ("ĐT-3F2A9C1E", 3), "hài lòng is stored as Tốt");
    crate::db::count_all(store).await;
    let shown = world.get(&page, Some(&admin)).await.text;
    assert!(shown.contains("Điều tra viên phỏng vấn 1"), "collected on channel survey");
    let payments = &shown[shown.find("Bảng thanh toán điều tra viên").unwrap()..];
    assert!(payments.contains("30.000"), "one form at 30,000 VND");
    let drawn = post(format!("{page}/rechecks"), vec![("csrf", csrf.clone()), ("seed", "3".into())]).await;
    assert_eq!(drawn.status, StatusCode::SEE_OTHER);
    assert_eq!(store.rechecks(id).await.unwrap()[0].form.response_id, form.response_id);
    let recheck_page = world.get(&format!("{page}/paper"), Some(&admin)).await.text;
    let whom = format!("{} · {}", mine[0].name.as_deref().unwrap(), mine[0].contact.as_deref().unwrap());
    assert!(recheck_page.contains(&whom), "the re-check names whom to ask again");
    let typed_again = vec![("csrf", csrf.clone()), ("serial", form.serial.clone()), ("overall", "1".into())];
    let keyed_again = post(format!("{page}/paper/again"), typed_again).await;
    assert_eq!(keyed_again.status, StatusCode::UNPROCESSABLE_ENTITY, "a phone's form is not keyed a second time");

    // A new code signs the first phone out; a revocation ends the second; the close erases the form's link.
    let code = sign_in_code(&world, &admin, &csrf, one).await;
    let second_phone = signed_in_phone(&world, &code).await;
    let late = interview("4d4d4d4d-77b0-4c1d-9e2f-0a1b2c3d4e5f", mine[1].id, "1");
    assert_eq!(world.post_json("/dieu-tra/api/interviews", &late, Some(&phone)).await.status, StatusCode::UNAUTHORIZED);
    post(format!("/surveyors/{one}/revoke"), vec![("csrf", csrf.clone())]).await;
    assert_eq!(world.get("/dieu-tra", Some(&second_phone)).await.status, StatusCode::GONE);
    assert_eq!(world.post_json("/dieu-tra/api/interviews", &late, Some(&second_phone)).await.status, StatusCode::GONE);
    let refused = post(format!("/surveyors/{one}/sign-in-code"), vec![("csrf", csrf.clone())]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "no code for a revoked badge");
    post(format!("{page}/close"), vec![("csrf", csrf.clone())]).await;
    assert_eq!(store.campaign_forms(id).await.unwrap()[0].respondent_id, None, "the link goes with the names");
    assert!(!world.get(&format!("{page}/paper"), Some(&admin)).await.text.contains(&whom));

    let audit = store.audit_entries(&[world.commune.id], false, 100).await.unwrap();
    for action in ["campaign.sign_in_code", "survey.sign_in", "survey.interview", "survey.respondent_outcome"] {
        assert!(audit.iter().any(|e| e.action == action), "{action}");
    }
    let by_phone = audit.iter().find(|e| e.action == "survey.interview").unwrap();
    assert_eq!(by_phone.username, "Điều tra viên Lê Văn Một");
    assert!(audit.iter().all(|e| !format!("{e:?}").contains(&code.replace('-', ""))), "no code in the log");
}
on_both_backends!(a_surveyors_phone_enters_the_interviews_of_their_own_respondents);

/// A lost phone: the manager issues a new code, and the phone signed in with the first one is signed out at once —
/// before anyone types the new code — so it shows no names or contacts and its calls are refused; after a revocation
/// the phone signed in with the new code is refused too.
async fn a_new_code_or_a_revocation_ends_the_earlier_phone_at_once(db: TestDb) {
    let world = world(db).await;
    let admin = world.login().await;
    let page = crate::http_surveys::plan(&world, &admin).await;
    let id: CampaignId = page.rsplit('/').next().unwrap().parse().unwrap();
    let csrf = csrf_of(&world.get(&page, Some(&admin)).await.text);
    let csv = format!(
        "unit,name,contact,procedure,field,date\n{},Người Dân Một,0905 000 001,P,F,2026-11-02\n",
        world.commune.id
    );
    world.post_form(&format!("{page}/respondents"), &[("csrf", &csrf), ("csv", &csv)], Some(&admin)).await;
    let surveyor = [("csrf", csrf.as_str()), ("full_name", "Lê Văn Một"), ("organisation", "Bưu điện")];
    world.post_form(&format!("{page}/surveyors"), &surveyor, Some(&admin)).await;
    world.post_form(&format!("{page}/sample"), &[("csrf", &csrf), ("seed", "7")], Some(&admin)).await;
    let one = world.store().surveyors(id).await.unwrap()[0].id;
    let respondent = world.store().respondents(id).await.unwrap()[0].id;
    let lost = signed_in_phone(&world, &sign_in_code(&world, &admin, &csrf, one).await).await;
    assert!(world.get("/dieu-tra", Some(&lost)).await.text.contains("0905 000 001"), "signed in: the contact shown");

    let code = sign_in_code(&world, &admin, &csrf, one).await;
    let page_of_lost = world.get("/dieu-tra", Some(&lost)).await;
    assert!(page_of_lost.text.contains("Mã đăng nhập"), "the lost phone is asked to sign in again");
    assert!(!page_of_lost.text.contains("Người Dân Một") && !page_of_lost.text.contains("0905 000 001"));
    let call = interview("5e5e5e5e-77b0-4c1d-9e2f-0a1b2c3d4e5f", respondent, "1");
    assert_eq!(world.post_json("/dieu-tra/api/interviews", &call, Some(&lost)).await.status, StatusCode::UNAUTHORIZED);
    let refusal = json!({ "respondent_id": respondent, "outcome": "refused" });
    let refused = world.post_json("/dieu-tra/api/outcomes", &refusal, Some(&lost)).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);

    let found = signed_in_phone(&world, &code).await;
    assert!(world.get("/dieu-tra", Some(&found)).await.text.contains("0905 000 001"), "the new phone works");
    world.post_form(&format!("/surveyors/{one}/revoke"), &[("csrf", &csrf)], Some(&admin)).await;
    let ended = world.get("/dieu-tra", Some(&found)).await;
    assert_eq!(ended.status, StatusCode::GONE, "revoked: the phone is told its badge ended");
    assert!(!ended.text.contains("Người Dân Một") && !ended.text.contains("0905 000 001"));
    assert_eq!(world.post_json("/dieu-tra/api/interviews", &call, Some(&found)).await.status, StatusCode::GONE);
    assert_eq!(world.get("/dieu-tra", Some(&lost)).await.status, StatusCode::OK, "the lost phone stays signed out");
    assert_ne!(world.store().respondents(id).await.unwrap()[0].outcome, "refused", "nothing taken from the lost phone");
    assert!(world.store().campaign_forms(id).await.unwrap().is_empty(), "nor any interview");
}
on_both_backends!(a_new_code_or_a_revocation_ends_the_earlier_phone_at_once);
