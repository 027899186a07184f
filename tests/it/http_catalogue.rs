//! Setting up a commune through the administration forms: units, counters, officials with photos.

use axum::http::StatusCode;
use hailong::store::QrTarget;

use crate::db::TestDb;
use crate::fixture::{csrf_of, world};
use crate::on_both_backends;

async fn an_office_sets_up_a_new_commune(db: TestDb) {
    let world = world(db).await;
    let cookie = world.login().await;
    let csrf = csrf_of(&world.get("/admin", Some(&cookie)).await.text);
    let province = world.province.id.to_string();
    let form = [
        ("csrf", csrf.as_str()),
        ("name", "Xã Mới"),
        ("kind", "commune"),
        ("code", "000.00.99.H34"),
        ("parent_id", province.as_str()),
    ];
    assert_eq!(world.post_form("/admin/units", &form, Some(&cookie)).await.status, StatusCode::SEE_OTHER);
    let units = world.store().units().await.unwrap();
    let new = units.iter().find(|u| u.name == "Xã Mới").expect("the new commune");
    assert_eq!(new.parent_id, Some(world.province.id));

    for name in ["Quầy A", "Quầy B"] {
        let reply = world
            .post_form(
                &format!("/admin/units/{}/counters", new.id),
                &[("csrf", csrf.as_str()), ("name", name)],
                Some(&cookie),
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
    }
    let counters: Vec<_> = world.store().counters_in(&[new.id]).await.unwrap();
    assert_eq!(counters.len(), 2);
    // A new counter can be scanned at once.
    let code = world.store().active_qr_code(QrTarget::Counter(counters[0].id)).await.unwrap().expect("a code");
    assert_eq!(world.get(&format!("/q/{}", code.token), None).await.status, StatusCode::OK);

    let counter_id = counters[0].id.to_string();
    let photo = hailong::demo::portrait_png(1);
    let fields = [
        ("csrf", csrf.as_str()),
        ("full_name", "Đinh Thị Mới"),
        ("title", "Công chức Tư pháp"),
        ("counter_id", counter_id.as_str()),
    ];
    let reply = world
        .post_multipart(&format!("/admin/units/{}/officials", new.id), &fields, Some(("photo", &photo)), &cookie)
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    let official = world
        .store()
        .officials_in(&[new.id])
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.full_name == "Đinh Thị Mới")
        .unwrap();
    assert!(official.has_photo);
    let stored = world.get(&format!("/photos/official/{}", official.id), Some(&cookie)).await;
    assert_eq!(stored.header(axum::http::header::CONTENT_TYPE).as_deref(), Some("image/jpeg"), "re-encoded as JPEG");

    // A file that is not an image is refused with a clear message, and nothing is created.
    let bad = world
        .post_multipart(
            &format!("/admin/units/{}/officials", new.id),
            &fields,
            Some(("photo", b"%PDF-1.4 not a photo")),
            &cookie,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text.contains("JPEG, PNG hoặc WebP"));
    // A counter of another unit is refused.
    let foreign = world.counter.id.to_string();
    let wrong = [("csrf", csrf.as_str()), ("full_name", "Ai Đó"), ("counter_id", foreign.as_str())];
    assert_eq!(
        world.post_multipart(&format!("/admin/units/{}/officials", new.id), &wrong, None, &cookie).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Moving the province under its own commune would make a loop: refused.
    let new_id = new.id.to_string();
    let cycle = [("csrf", csrf.as_str()), ("name", "Tỉnh Thử"), ("kind", "province"), ("parent_id", new_id.as_str())];
    assert_eq!(
        world.post_form(&format!("/admin/units/{}", world.province.id), &cycle, Some(&cookie)).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Archiving a counter hides it and stops its code.
    let archive = [("csrf", csrf.as_str()), ("name", "Quầy A"), ("archive", "1")];
    assert_eq!(
        world.post_form(&format!("/admin/counters/{}", counters[0].id), &archive, Some(&cookie)).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(world.get(&format!("/q/{}", code.token), None).await.status, StatusCode::NOT_FOUND);

    let audit = world.get("/admin/audit", Some(&cookie)).await.text;
    for action in ["unit.create", "counter.create", "official.create", "counter.archive"] {
        assert!(audit.contains(action), "audit lacks {action}");
    }
}
on_both_backends!(an_office_sets_up_a_new_commune);
