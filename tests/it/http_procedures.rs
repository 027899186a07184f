//! Importing the procedure catalogue from CSV, and choosing a unit's procedures.

use axum::http::StatusCode;

use crate::db::TestDb;
use crate::fixture::{csrf_of, world};
use crate::on_both_backends;

async fn a_catalogue_is_previewed_then_imported_keeping_history(db: TestDb) {
    let world = world(db).await;
    let cookie = world.login().await;
    let csrf = csrf_of(&world.get("/admin/procedures", Some(&cookie)).await.text);
    let file = "code,name,field,valid_from\n\
                1.003559,Cấp giấy xác nhận tình trạng hôn nhân (cũ),Hộ tịch,2020-01-01\n\
                2.000815.000.00.00.H55,Chứng thực bản sao (tỉnh),Chứng thực,2025-07-01\n\
                bad-code,Sai,Hộ tịch,\n\
                2.000815.000.00.00.H55,Chứng thực bản sao (tỉnh),Chứng thực,2025-07-01\n";
    let preview = world
        .post_multipart("/admin/procedures/preview", &[("csrf", &csrf)], Some(("catalogue", file.as_bytes())), &cookie)
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(preview.text.contains("Mã không đúng dạng") && preview.text.contains("Trùng mã trong tệp"));
    assert!(preview.text.contains("Dòng hợp lệ: 2"));
    let before = world.store().procedures().await.unwrap().len();

    let imported = world.post_form("/admin/procedures/import", &[("csrf", &csrf), ("csv", file)], Some(&cookie)).await;
    assert_eq!(imported.status, StatusCode::OK);
    assert!(imported.text.contains("Thêm mới: 2") && imported.text.contains("Bỏ qua: 2"));
    assert_eq!(world.store().procedures().await.unwrap().len(), before + 2);
    // Importing the same file again adds nothing.
    let again = world.post_form("/admin/procedures/import", &[("csrf", &csrf), ("csv", file)], Some(&cookie)).await;
    assert!(again.text.contains("Thêm mới: 0"));

    // A replacement of the same code closes the old version, which stays in history.
    let newer = "code,name,field,valid_from\n1.003559,Cấp giấy xác nhận tình trạng hôn nhân,Hộ tịch,2024-01-01\n";
    world.post_form("/admin/procedures/import", &[("csrf", &csrf), ("csv", newer)], Some(&cookie)).await;
    let versions: Vec<_> =
        world.store().procedures().await.unwrap().into_iter().filter(|p| p.code == "1.003559").collect();
    assert_eq!(versions.len(), 2);
    assert!(versions.iter().any(|p| p.valid_from == "2020-01-01" && p.valid_to.as_deref() == Some("2024-01-01")));

    // A file without the required columns is refused whole, in Vietnamese.
    let wrong = world
        .post_multipart("/admin/procedures/preview", &[("csrf", &csrf)], Some(("catalogue", b"ma,ten\n")), &cookie)
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text.contains("Tệp thiếu cột code"));
}
on_both_backends!(a_catalogue_is_previewed_then_imported_keeping_history);

async fn a_unit_chooses_its_procedures_and_questionnaire(db: TestDb) {
    let world = world(db).await;
    let cookie = world.login().await;
    let page = world.get(&format!("/admin/procedures?unit={}", world.commune.id), Some(&cookie)).await;
    let csrf = csrf_of(&page.text);
    let only = world.procedures[1].to_string();
    let form =
        [("csrf", csrf.as_str()), ("procedure", only.as_str()), ("procedure", "999999"), ("questionnaire", "detailed")];
    let reply = world.post_form(&format!("/admin/units/{}/procedures", world.commune.id), &form, Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    // The citizen form now offers just that procedure and asks the detailed questions.
    let citizen = world.get(&format!("/q/{}", world.counter_code.token), None).await.text;
    assert!(citizen.contains("Chứng thực bản sao") && !citizen.contains("Đăng ký khai sinh"));
    assert!(citizen.contains("answer.tiep-can.1"), "the detailed questionnaire's criteria are asked");
}
on_both_backends!(a_unit_chooses_its_procedures_and_questionnaire);

/// Re-importing the catalogue without dates changes nothing; a renamed procedure becomes a new version and
/// the units that offered the old one offer the new one.
async fn reimports_keep_units_offering_their_procedures(db: TestDb) {
    let world = world(db).await;
    let cookie = world.login().await;
    let csrf = csrf_of(&world.get("/admin/procedures", Some(&cookie)).await.text);
    let same = "code,name,field\n1.001193,Đăng ký khai sinh,Hộ tịch\n";
    let reply = world.post_form("/admin/procedures/import", &[("csrf", &csrf), ("csv", same)], Some(&cookie)).await;
    assert!(reply.text.contains("Thêm mới: 0"), "an unchanged line adds nothing");
    let renamed = "code,name,field\n1.001193,Đăng ký khai sinh (mới),Hộ tịch\n";
    let reply = world.post_form("/admin/procedures/import", &[("csrf", &csrf), ("csv", renamed)], Some(&cookie)).await;
    assert!(reply.text.contains("Thêm mới: 1"));
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(2)).format("%Y-%m-%d").to_string();
    let offered: Vec<String> =
        world.store().unit_procedures(world.commune.id, &tomorrow).await.unwrap().into_iter().map(|p| p.name).collect();
    assert!(
        offered.contains(&"Đăng ký khai sinh (mới)".to_owned()),
        "the commune offers the new version: {offered:?} ({today})"
    );
    assert!(!offered.contains(&"Đăng ký khai sinh".to_owned()));
}
on_both_backends!(reimports_keep_units_offering_their_procedures);
