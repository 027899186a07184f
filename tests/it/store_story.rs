//! The store conformance story: one walk through everything the store promises, run unchanged on both
//! backends. A backend that disagrees with the other anywhere fails here.

use hailong::domain::index::LevelCounts;
use hailong::domain::questionnaire::Questionnaire;
use hailong::domain::rollup::{spans, Dimension};
use hailong::domain::time::Timestamp;
use hailong::store::{
    Channel, InsertOutcome, NewOfficial, NewProcedure, NewResponse, NewUnit, Photo, QrCode, QrTarget, Scope, Store,
    StoreError, StoreResult, Tally, Tx,
};
use sqlx::Connection;

use crate::db::TestDb;
use crate::on_both_backends;
use hailong::domain::ids::{CounterId, OfficialId, QrCodeId, QuestionnaireId, UnitId};

fn response(submission_id: &str, unit_id: UnitId, overall: u8, at: i64) -> NewResponse {
    NewResponse {
        submission_id: submission_id.to_owned(),
        fingerprint: format!("fp-{submission_id}"),
        unit_id,
        counter_id: None,
        official_id: None,
        procedure_id: None,
        qr_code_id: None,
        questionnaire_id: QuestionnaireId::new(0),
        channel: Channel::Qr,
        overall,
        answers: vec![],
        reasons: vec![],
        comment: None,
        contact_phone: None,
        client_hash: None,
        submitted_at: Timestamp::from_millis(at),
        received_at: Timestamp::from_millis(at),
        kiosk: None,
        citizen: None,
        on_time: None,
    }
}

/// One write as its own transaction, committed when it succeeds (the stories set their scene this way).
async fn write<T>(store: &Store, f: impl AsyncFnOnce(&mut Tx) -> StoreResult<T>) -> StoreResult<T> {
    let mut tx = store.begin().await?;
    let out = f(&mut tx).await?;
    tx.commit().await?;
    Ok(out)
}

async fn catalogue_story(db: TestDb) {
    let store = &db.store;
    let province = write(store, async |tx| {
        tx.create_unit(
            NewUnit { parent_id: None, kind: "province", name: "Tỉnh A", code: None },
            Timestamp::from_millis(1),
        )
        .await
    })
    .await
    .unwrap();
    let commune = write(store, async |tx| {
        tx.create_unit(
            NewUnit { parent_id: Some(province.id), kind: "commune", name: "Xã B", code: Some("000.00.21.H34") },
            Timestamp::from_millis(1),
        )
        .await
    })
    .await
    .unwrap();
    assert_eq!(store.unit(commune.id).await.unwrap().parent_id, Some(province.id));
    assert_eq!(store.units().await.unwrap().len(), 2);
    assert!(matches!(store.unit(UnitId::new(999_999)).await, Err(StoreError::NotFound)));

    // A counter under a unit that does not exist is refused by the foreign key.
    assert!(write(store, async |tx| tx
        .create_counter(UnitId::new(999_999), "Quầy ma", Timestamp::from_millis(1))
        .await)
    .await
    .is_err());
    let counter = write(store, async |tx| tx.create_counter(commune.id, "Quầy 1", Timestamp::from_millis(1)).await)
        .await
        .unwrap();
    let official = write(store, async |tx| {
        tx.create_official(
            NewOfficial {
                unit_id: commune.id,
                counter_id: Some(counter.id),
                full_name: "Lê Thị C",
                title: "Công chức",
                staff_code: Some("CC-01"),
            },
            Timestamp::from_millis(1),
        )
        .await
    })
    .await
    .unwrap();
    assert!(!official.has_photo);
    let photo = Photo { content_type: "image/png".into(), bytes: vec![0x89, b'P', b'N', b'G', 0, 255] };
    write(store, async |tx| tx.set_official_photo(official.id, &photo, Timestamp::from_millis(2)).await).await.unwrap();
    assert_eq!(store.official_photo(official.id).await.unwrap(), photo);
    assert!(store.official(official.id).await.unwrap().has_photo);

    // Procedures keep versions by start date; the same version twice is one row.
    let old =
        NewProcedure { code: "1.003559", name: "Thủ tục cũ", field: "Hộ tịch", valid_from: "2020-01-01" };
    let id = write(store, async |tx| tx.upsert_procedure(old.clone()).await).await.unwrap();
    assert_eq!(write(store, async |tx| tx.upsert_procedure(old).await).await.unwrap(), id);
    let suffixed = NewProcedure {
        code: "2.000815.000.00.00.H55",
        name: "Chứng thực",
        field: "Chứng thực",
        valid_from: "2025-07-01",
    };
    let suffixed_id = write(store, async |tx| tx.upsert_procedure(suffixed).await).await.unwrap();
    write(store, async |tx| tx.offer_procedure(commune.id, id).await).await.unwrap();
    write(store, async |tx| tx.offer_procedure(commune.id, id).await).await.unwrap(); // idempotent
    write(store, async |tx| tx.offer_procedure(commune.id, suffixed_id).await).await.unwrap();
    let offered: Vec<String> =
        store.unit_procedures(commune.id, "2026-01-01").await.unwrap().into_iter().map(|p| p.code).collect();
    assert_eq!(offered, ["2.000815.000.00.00.H55", "1.003559"]);
    // Not yet valid on an earlier date.
    assert_eq!(store.unit_procedures(commune.id, "2024-01-01").await.unwrap().len(), 1);

    // Questionnaires are stored once per version and read back whole.
    let short = Questionnaire::short();
    let q1 = store.ensure_questionnaire(&short, Timestamp::from_millis(1)).await.unwrap();
    assert_eq!(store.ensure_questionnaire(&short, Timestamp::from_millis(2)).await.unwrap(), q1);
    assert_ne!(store.ensure_questionnaire(&Questionnaire::detailed(), Timestamp::from_millis(2)).await.unwrap(), q1);
}
on_both_backends!(catalogue_story);

async fn qr_code_story(db: TestDb) {
    let store = &db.store;
    let unit = write(store, async |tx| {
        tx.create_unit(NewUnit { parent_id: None, kind: "commune", name: "Xã", code: None }, Timestamp::from_millis(1))
            .await
    })
    .await
    .unwrap();
    let counter =
        write(store, async |tx| tx.create_counter(unit.id, "Quầy", Timestamp::from_millis(1)).await).await.unwrap();
    let official = write(store, async |tx| {
        tx.create_official(
            NewOfficial { unit_id: unit.id, counter_id: Some(counter.id), full_name: "A", title: "", staff_code: None },
            Timestamp::from_millis(1),
        )
        .await
    })
    .await
    .unwrap();
    let code = |id: QrCodeId, counter_id: Option<CounterId>, official_id: Option<OfficialId>, at: i64| QrCode {
        id,
        unit_id: unit.id,
        counter_id,
        official_id,
        token: format!("token-{id}"),
        created_at: Timestamp::from_millis(at),
        revoked_at: None,
    };
    write(store, async |tx| tx.issue_qr_code(&code(QrCodeId::new(101), Some(counter.id), None, 10)).await)
        .await
        .unwrap();
    write(store, async |tx| tx.issue_qr_code(&code(QrCodeId::new(201), None, Some(official.id), 11)).await)
        .await
        .unwrap();
    assert_eq!(
        store.active_qr_code(QrTarget::Counter(counter.id)).await.unwrap().map(|c| c.id),
        Some(QrCodeId::new(101))
    );
    assert_eq!(
        store.active_qr_code(QrTarget::Official(official.id)).await.unwrap().map(|c| c.id),
        Some(QrCodeId::new(201))
    );

    // Reissuing the counter's code revokes its old one and leaves the official's alone.
    write(store, async |tx| tx.issue_qr_code(&code(QrCodeId::new(102), Some(counter.id), None, 20)).await)
        .await
        .unwrap();
    assert_eq!(store.qr_code(QrCodeId::new(101)).await.unwrap().revoked_at, Some(Timestamp::from_millis(20)));
    assert_eq!(
        store.active_qr_code(QrTarget::Counter(counter.id)).await.unwrap().map(|c| c.id),
        Some(QrCodeId::new(102))
    );
    assert_eq!(store.qr_code(QrCodeId::new(201)).await.unwrap().revoked_at, None);

    write(store, async |tx| tx.revoke_qr_code(QrCodeId::new(102), Timestamp::from_millis(30)).await).await.unwrap();
    write(store, async |tx| tx.revoke_qr_code(QrCodeId::new(102), Timestamp::from_millis(31)).await).await.unwrap(); // revoking twice keeps the first time
    assert_eq!(store.qr_code(QrCodeId::new(102)).await.unwrap().revoked_at, Some(Timestamp::from_millis(30)));
    assert_eq!(store.active_qr_code(QrTarget::Counter(counter.id)).await.unwrap(), None);
    assert!(matches!(
        write(store, async |tx| tx.revoke_qr_code(QrCodeId::new(999), Timestamp::from_millis(1)).await).await,
        Err(StoreError::NotFound)
    ));
    // A token is unique.
    let mut clash = code(QrCodeId::new(103), Some(counter.id), None, 40);
    clash.token = "token-201".into();
    assert!(matches!(write(store, async |tx| tx.issue_qr_code(&clash).await).await, Err(StoreError::Conflict(_))));
}
on_both_backends!(qr_code_story);

async fn response_story(db: TestDb) {
    let store = &db.store;
    let questionnaire_id =
        store.ensure_questionnaire(&Questionnaire::short(), Timestamp::from_millis(1)).await.unwrap();
    let province = write(store, async |tx| {
        tx.create_unit(NewUnit { parent_id: None, kind: "province", name: "T", code: None }, Timestamp::from_millis(1))
            .await
    })
    .await
    .unwrap();
    let a = write(store, async |tx| {
        tx.create_unit(
            NewUnit { parent_id: Some(province.id), kind: "commune", name: "A", code: None },
            Timestamp::from_millis(1),
        )
        .await
    })
    .await
    .unwrap();
    let b = write(store, async |tx| {
        tx.create_unit(
            NewUnit { parent_id: Some(province.id), kind: "commune", name: "B", code: None },
            Timestamp::from_millis(1),
        )
        .await
    })
    .await
    .unwrap();
    let official = write(store, async |tx| {
        tx.create_official(
            NewOfficial { unit_id: a.id, counter_id: None, full_name: "X", title: "", staff_code: None },
            Timestamp::from_millis(1),
        )
        .await
    })
    .await
    .unwrap();

    let day = 86_400_000;
    let mut first = response("00000000-0000-4000-8000-000000000001", a.id, 1, 5 * day + 1000);
    first.questionnaire_id = questionnaire_id;
    first.official_id = Some(official.id);
    first.answers = vec![("cong-chuc".into(), 1), ("tiep-can".into(), 3)];
    first.reasons = vec!["thai-do".into(), "cho-lau".into()];
    first.comment = Some("Chờ quá lâu".into());
    let InsertOutcome::Created(first_id) = store.insert_response(&first).await.unwrap() else { panic!("not created") };
    // The same submission again is a harmless duplicate; the same id with other content a conflict.
    assert_eq!(store.insert_response(&first).await.unwrap(), InsertOutcome::Duplicate(first_id));
    let mut reuse = first.clone();
    reuse.fingerprint = "other".into();
    assert_eq!(store.insert_response(&reuse).await.unwrap(), InsertOutcome::Conflict);

    for (i, (unit, overall, at)) in
        [(a.id, 4, 5 * day + 2000), (a.id, 3, 6 * day), (b.id, 2, 6 * day), (a.id, 4, 9 * day)].into_iter().enumerate()
    {
        let mut r = response(&format!("00000000-0000-4000-8000-00000000010{i}"), unit, overall, at);
        r.questionnaire_id = questionnaire_id;
        assert!(matches!(store.insert_response(&r).await.unwrap(), InsertOutcome::Created(_)));
    }
    // Figures come from the rollups: a subtree's counts are its root's rows, once the queue is counted.
    assert_eq!(store.rollup_queue_length().await.unwrap(), 5);
    let counted = store.count_queued(100, Timestamp::from_millis(i64::MAX)).await.unwrap();
    assert_eq!(counted.len(), 5);
    assert_eq!(counted[0].chain, vec![a.id, province.id], "the unit and the units above it");
    assert!(
        store.count_queued(100, Timestamp::from_millis(i64::MAX)).await.unwrap().is_empty(),
        "each response is counted once"
    );
    let total = |tallies: &[Tally]| tallies.iter().map(|t| t.counts.total()).sum::<u64>();
    let all_days = spans(0, 20);
    let in_province = store.rollup_totals(province.id, Dimension::All, &all_days, None).await.unwrap();
    assert_eq!(total(&in_province), 5);
    assert_eq!(total(&store.rollup_totals(b.id, Dimension::All, &all_days, None).await.unwrap()), 1);

    // Commune A over local days 5–6 holds three responses (1, 4, 3); B and day 9 are outside.
    let days_5_6 = spans(5, 7);
    let in_a = store.rollup_totals(a.id, Dimension::All, &days_5_6, None).await.unwrap();
    assert_eq!(in_a.len(), 1);
    assert_eq!(in_a[0].counts, LevelCounts { very_good: 1, good: 1, fair: 0, poor: 1 });
    assert!(store.rollup_totals(a.id, Dimension::All, &spans(5, 5), None).await.unwrap().is_empty());

    let by_official = store.rollup_totals(a.id, Dimension::Official, &days_5_6, None).await.unwrap();
    assert_eq!(by_official.len(), 1);
    assert_eq!((by_official[0].member, by_official[0].counts.poor), (official.id.get(), 1));
    let own = store.rollup_totals(province.id, Dimension::Official, &all_days, Some(official.id.get())).await.unwrap();
    assert_eq!(total(&own), 1);

    // Days in UTC+7: 5·day+1000 and 5·day+2000 are day 5 locally; 6·day is day 6.
    let daily = store.rollup_series(a.id, Dimension::All, &days_5_6, None).await.unwrap();
    assert_eq!(daily.iter().map(|b| (b.period, b.counts.total())).collect::<Vec<_>>(), [(5, 2), (6, 1)]);

    let answers = store.rollup_totals(a.id, Dimension::Question, &days_5_6, None).await.unwrap();
    let answer = |key: &str| answers.iter().find(|t| t.label == key).unwrap().counts;
    assert_eq!(answer("cong-chuc").poor, 1);
    assert_eq!(answer("tiep-can").good, 1);
    let reasons = store.rollup_totals(a.id, Dimension::Reason, &days_5_6, None).await.unwrap();
    assert_eq!(reasons.len(), 2);
    assert!(reasons.iter().all(|t| t.counts.total() == 1));

    let whole = Scope { unit_id: province.id, from_ms: 0, to_ms: 10 * day, official_id: None };
    let comments = store.latest_comments(&whole, 10).await.unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(
        (comments[0].comment.as_str(), comments[0].overall, comments[0].official_id),
        ("Chờ quá lâu", 1, Some(official.id))
    );

    // Append-only: the database itself refuses edits and deletions of responses.
    let mut raw = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    let edit = sqlx::query(&format!("UPDATE responses SET overall = 4 WHERE id = {first_id}")).execute(&mut raw).await;
    assert!(edit.is_err(), "a response was edited in place");
    let delete = sqlx::query("DELETE FROM response_answers").execute(&mut raw).await;
    assert!(delete.is_err(), "answers were deleted");
    raw.close().await.unwrap();
    let in_a = store.rollup_totals(a.id, Dimension::All, &days_5_6, None).await.unwrap();
    assert_eq!(in_a[0].counts.poor, 1);
}
on_both_backends!(response_story);

/// LISTEN/NOTIFY through the store (docs/decisions/006): on PostgreSQL a NOTIFY sent on another connection reaches
/// the store's listener; on SQLite there is nothing to listen to, and notifying is harmless.
async fn notification_story(db: TestDb) {
    let store = &db.store;
    let Some(mut listener) = store.listen(&["hailong_smoke"]).await.unwrap() else {
        assert_eq!(store.backend(), hailong::store::Backend::Sqlite, "only SQLite has no listener");
        store.notify("hailong_smoke", "nobody listens").await.unwrap();
        return;
    };
    let mut other = sqlx::PgConnection::connect(&db.url).await.unwrap();
    sqlx::query("NOTIFY hailong_smoke, 'từ kết nối khác'").execute(&mut other).await.unwrap();
    let wait = std::time::Duration::from_secs(10);
    let heard = tokio::time::timeout(wait, listener.recv()).await.expect("the notification arrives").unwrap();
    assert_eq!((heard.channel.as_str(), heard.payload.as_str()), ("hailong_smoke", "từ kết nối khác"));
    store.notify("hailong_smoke", "từ store").await.unwrap();
    let heard = tokio::time::timeout(wait, listener.recv()).await.expect("the store's own notify arrives").unwrap();
    assert_eq!(heard.payload, "từ store");
    other.close().await.unwrap();
}
on_both_backends!(notification_story);
