//! Survey campaigns over HTTP: planned with targets and quotas by field from the year's transactions; a bad plan
//! refused with every reason; a customer list imported (a bad list refused line by line) and a sample drawn that
//! the recorded seed reproduces; surveyors' badges checked by anyone and refused after revocation; the close
//! erasing names and contacts, audited without them.

use axum::http::StatusCode;
use chrono::Datelike;
use hailong::domain::ids::{CampaignId, RespondentId, SurveyorId};
use hailong::domain::time::Timestamp;

use crate::db::TestDb;
use crate::fixture::{csrf_of, world, World, PUBLIC_URL};
use crate::on_both_backends;
use hailong::store::TransactionCount;

fn year() -> i32 {
    hailong::domain::period::local_date(chrono::Utc::now()).year()
}

/// A field campaign of the commune over this year with a fixed target of 10; returns its page's path.
pub async fn plan(world: &World, cookie: &str) -> String {
    plan_by(world, cookie, "field").await
}

/// As [`plan`], collecting by `method` (`field` or `on_site`).
async fn plan_by(world: &World, cookie: &str, method: &str) -> String {
    let csrf = csrf_of(&world.get("/surveys", Some(cookie)).await.text);
    let (first, last) = (format!("{}-01-01", year()), format!("{}-12-31", year()));
    let unit = world.commune.id.to_string();
    let form = [
        ("csrf", csrf.as_str()),
        ("unit_id", unit.as_str()),
        ("name", "Khảo sát năm"),
        ("first_day", first.as_str()),
        ("last_day", last.as_str()),
        ("method", method),
        ("questionnaire", if method == "field" { "paper2" } else { "short" }),
        ("rule", "fixed"),
        ("fixed", "10"),
        ("decision", "Quyết định số 12/QĐ-UBND ngày 02/01"),
        ("payment", ""),
    ];
    let planned = world.post_form("/surveys", &form, Some(cookie)).await;
    assert_eq!(planned.status, StatusCode::SEE_OTHER, "{}", planned.text);
    planned.header(axum::http::header::LOCATION).unwrap()
}

async fn a_campaign_is_planned_its_sample_drawn_its_surveyors_verified_and_its_personal_data_erased(db: TestDb) {
    let world = world(db).await;
    let admin = world.login().await;
    // The year's dossiers: 2,000 of Hộ tịch and 1,000 of Chứng thực → a target of 10 splits 7 / 3.
    let month = i64::from(year()) * 12;
    let counts = [(world.procedures[0], 2_000), (world.procedures[1], 1_000)].map(|(procedure_id, count)| {
        TransactionCount { unit_id: world.commune.id, procedure_id: Some(procedure_id), month, count }
    });
    world.write(async |tx| tx.set_transaction_counts(&counts, Timestamp::from_millis(0)).await).await;

    let refused = world
        .post_form("/surveys", &[("csrf", &csrf_of(&world.get("/surveys", Some(&admin)).await.text))], Some(&admin))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for reason in ["Tên đợt khảo sát", "Quyết định phê duyệt", "Thời gian", "Chọn mẫu phiếu"] {
        assert!(refused.text.contains(reason), "{reason}");
    }

    let page = plan(&world, &admin).await;
    let id: CampaignId = page.rsplit('/').next().unwrap().parse().unwrap();
    let shown = world.get(&page, Some(&admin)).await;
    assert!(shown.text.contains("Chứng thực: 0/3 · Hộ tịch: 0/7"), "quotas by field");

    // The customer list: a bad line refuses it all, named; then 12 + 6 good lines.
    let csrf = csrf_of(&shown.text);
    let bad = "unit,name,contact,procedure,field,date\n999,Ai Đó,,Khai sinh,Hộ tịch,2026-11-02\n";
    let refused = world.post_form(&format!("{page}/respondents"), &[("csrf", &csrf), ("csv", bad)], Some(&admin)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("Dòng 2: Không có đơn vị này"));
    let mut csv = String::from("unit,name,contact,procedure,field,date\n");
    for i in 0..12 {
        csv +=
            &format!("{},Nguyễn Văn Dân {i},09120000{i:02},Đăng ký khai sinh,Hộ tịch,2026-11-02\n", world.commune.id);
    }
    for i in 0..6 {
        csv += &format!("{},Trần Thị Chứng {i},,Chứng thực bản sao,Chứng thực,2026-11-03\n", world.commune.id);
    }
    let imported =
        world.post_form(&format!("{page}/respondents"), &[("csrf", &csrf), ("csv", &csv)], Some(&admin)).await;
    assert_eq!(imported.status, StatusCode::SEE_OTHER, "{}", imported.text);
    for name in ["Lê Văn Một", "Phạm Thị Hai"] {
        let form = [("csrf", csrf.as_str()), ("full_name", name), ("organisation", "Bưu điện tỉnh")];
        assert_eq!(
            world.post_form(&format!("{page}/surveyors"), &form, Some(&admin)).await.status,
            StatusCode::SEE_OTHER
        );
    }

    // The draw, from seed 42: what the stated algorithm gives for the list as it was.
    let store = world.store();
    let (targets, before, surveyors) = (
        store.campaign_targets(id).await.unwrap(),
        store.respondents(id).await.unwrap(),
        store.surveyors(id).await.unwrap(),
    );
    let expected = hailong::services::campaigns::draw_sample(&targets, &before, &surveyors, 42);
    let drawn = world.post_form(&format!("{page}/sample"), &[("csrf", &csrf), ("seed", "42")], Some(&admin)).await;
    assert_eq!(drawn.status, StatusCode::SEE_OTHER);
    let after = store.respondents(id).await.unwrap();
    let chosen: Vec<(RespondentId, Option<SurveyorId>)> =
        after.iter().filter(|r| r.drawn).map(|r| (r.id, r.surveyor_id)).collect();
    let mut expected_sorted = expected.clone();
    expected_sorted.sort_unstable();
    assert_eq!(chosen, expected_sorted);
    let fields: Vec<&str> = after.iter().filter(|r| r.drawn).map(|r| r.field.as_str()).collect();
    assert_eq!((fields.iter().filter(|f| **f == "Hộ tịch").count(), fields.len()), (7, 10));
    let campaign = store.campaign(id).await.unwrap();
    assert_eq!(campaign.sample_seed, Some(42));
    assert!(world.get(&page, Some(&admin)).await.text.contains(">42<"), "the seed is shown");

    // A drawn respondent interviewed; the form keyed with its surveyor: collected (paper) and in the payment list.
    let first = after.iter().find(|r| r.drawn).unwrap();
    let done = [("csrf", csrf.as_str()), ("outcome", "completed")];
    let marked = world.post_form(&format!("/respondents/{}/outcome", first.id), &done, Some(&admin)).await;
    assert_eq!(marked.status, StatusCode::SEE_OTHER);
    assert_eq!(store.respondents(id).await.unwrap().iter().find(|r| r.id == first.id).unwrap().outcome, "completed");
    let interviewer = first.surveyor_id.unwrap().to_string();
    let unit = world.commune.id.to_string();
    let form = [
        ("csrf", csrf.as_str()),
        ("unit", &unit),
        ("batch", "ĐTV"),
        ("serial", "S-1"),
        ("surveyor", &interviewer),
        ("overall", "1"),
    ];
    assert_eq!(world.post_form(&format!("{page}/paper"), &form, Some(&admin)).await.status, StatusCode::SEE_OTHER);
    crate::db::count_all(store).await;
    let with_form = world.get(&page, Some(&admin)).await.text;
    // The form counts for the unit and its channel; the respondent interviewed, for their field's quota.
    let row = target_row(&world, &page, &admin).await;
    let quota = if first.field == "Hộ tịch" { "Hộ tịch: 1/7" } else { "Chứng thực: 1/3" };
    assert!(
        row.contains(">10<") && row.contains(">1<") && row.contains("Phiếu giấy 1") && row.contains(quota),
        "{row}"
    );
    let payments = &with_form[with_form.find("Bảng thanh toán điều tra viên").unwrap()..];
    assert!(payments.contains("30.000"), "one form at 30,000 VND");

    // A surveyor's badge: its QR code leads to the public check, valid until revoked.
    let surveyor = surveyors[0].id;
    let badge = world.get(&format!("/surveyors/{surveyor}/badge"), Some(&admin)).await;
    let qr = &badge.text[badge.text.find("/xac-minh/").unwrap()..];
    let token = &qr["/xac-minh/".len()..qr.find("/qr.png").unwrap()];
    let png = world.get(&format!("/xac-minh/{token}/qr.png"), None).await;
    let mut prepared = rqrr::PreparedImage::prepare(image::load_from_memory(&png.bytes).unwrap().to_luma8());
    let (_, url) = prepared.detect_grids()[0].decode().unwrap();
    assert_eq!(url, format!("{PUBLIC_URL}/xac-minh/{token}"));
    let check = world.get(&format!("/xac-minh/{token}"), None).await;
    assert!(check.text.contains("Còn hiệu lực") && check.text.contains("Lê Văn Một"));
    assert!(check.text.contains("Quyết định số 12/QĐ-UBND") && check.text.contains("Bưu điện tỉnh"));
    let revoked = world.post_form(&format!("/surveyors/{surveyor}/revoke"), &[("csrf", &csrf)], Some(&admin)).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert!(world.get(&format!("/xac-minh/{token}"), None).await.text.contains("Đã hết hiệu lực"));
    assert_eq!(world.get("/xac-minh/AAAAAAAAAAAAAAAAAAAAAAAA", None).await.status, StatusCode::NOT_FOUND);
    let qr_token = &world.official_code.token;
    assert_eq!(
        world.get(&format!("/xac-minh/{qr_token}"), None).await.status,
        StatusCode::NOT_FOUND,
        "a QR token is no badge"
    );

    // The close: names and contacts erased, counts kept, the audit log without them.
    let closed = world.post_form(&format!("{page}/close"), &[("csrf", &csrf)], Some(&admin)).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    let erased = store.respondents(id).await.unwrap();
    assert_eq!(erased.len(), 18);
    assert!(erased.iter().all(|r| r.name.is_none() && r.contact.is_none()));
    let page_after = world.get(&page, Some(&admin)).await.text;
    assert!(page_after.contains("(đã xóa)") && !page_after.contains("Nguyễn Văn Dân"));
    let audit = store.audit_entries(&[world.commune.id], false, 50).await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    for action in [
        "campaign.plan",
        "campaign.import_list",
        "campaign.add_surveyor",
        "campaign.draw",
        "campaign.revoke_surveyor",
        "campaign.close",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    let close = audit.iter().find(|e| e.action == "campaign.close").unwrap();
    assert!(close.after.as_deref().unwrap().contains("\"personal_data_erased\":18"));
    assert!(audit.iter().all(|e| !format!("{e:?}").contains("Nguyễn Văn Dân")), "no personal data in the log");
    assert!(check_refused_after_close(&world, token).await);
}
on_both_backends!(a_campaign_is_planned_its_sample_drawn_its_surveyors_verified_and_its_personal_data_erased);

/// The targets table's row of the commune on a campaign's page.
async fn target_row(world: &World, page: &str, cookie: &str) -> String {
    let text = world.get(page, Some(cookie)).await.text;
    let targets = &text[text.find("Chỉ tiêu theo đơn vị").unwrap()..];
    targets[targets.find("<tbody>").unwrap()..targets.find("</tbody>").unwrap()].to_owned()
}

async fn a_campaign_counts_only_what_its_method_collects(db: TestDb) {
    let world = world(db).await;
    let admin = world.login().await;
    for overall in ["4", "3", "1"] {
        let submission = uuid::Uuid::new_v4().to_string();
        let form = [("submission_id", submission.as_str()), ("overall", overall)];
        let token = &world.counter_code.token;
        assert_eq!(world.post_form(&format!("/q/{token}"), &form, None).await.status, StatusCode::SEE_OTHER);
    }
    crate::db::count_all(world.store()).await;

    // In the field: the counter's three ratings are not the campaign's; before any form, nothing is collected.
    let field = plan_by(&world, &admin, "field").await;
    let row = target_row(&world, &field, &admin).await;
    assert!(row.contains(">10</td><td class=\"num\">0<") && !row.contains("Mã QR"), "{row}");
    let page = world.get(&field, Some(&admin)).await.text;
    assert!(page.contains("Tính vào cỡ mẫu: Phiếu giấy, Điều tra viên phỏng vấn (chỉ phiếu của chính đợt này"));
    let unit = world.commune.id.to_string();
    let csrf = csrf_of(&page);
    let form = [("csrf", csrf.as_str()), ("unit", &unit), ("batch", "L1"), ("serial", "A-1"), ("overall", "1")];
    assert_eq!(world.post_form(&format!("{field}/paper"), &form, Some(&admin)).await.status, StatusCode::SEE_OTHER);
    crate::db::count_all(world.store()).await;
    let row = target_row(&world, &field, &admin).await;
    assert!(row.contains(">10</td><td class=\"num\">1<") && row.contains("Phiếu giấy 1"), "{row}");

    // On site: the counter's ratings count, the field campaign's paper form does not.
    let on_site = plan_by(&world, &admin, "on_site").await;
    let row = target_row(&world, &on_site, &admin).await;
    assert!(
        row.contains(">10</td><td class=\"num\">3<") && row.contains("Mã QR 3") && !row.contains("Phiếu giấy"),
        "{row}"
    );
    let page = world.get(&on_site, Some(&admin)).await.text;
    assert!(page.contains("Tính vào cỡ mẫu: Mã QR, Máy tính bảng tại quầy, Giấy biên nhận."));
}

on_both_backends!(a_campaign_counts_only_what_its_method_collects);

async fn check_refused_after_close(world: &World, token: &str) -> bool {
    world.get(&format!("/xac-minh/{token}"), None).await.text.contains("Đã hết hiệu lực")
}
