//! Group commit (decision 007): ratings stored together in one transaction. A duplicate or a conflict in a batch
//! leaves its batch-mates stored; a rating the database refuses fails alone, its batch-mates stored one at a time
//! instead; many ratings sent at once, each twice, are each stored once and counted once.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use futures_util::future::join_all;
use hailong::domain::ids::{QuestionnaireId, UnitId};
use hailong::domain::time::Timestamp;
use hailong::services::ingest::{Ingest, IngestError};
use hailong::store::{Channel, InsertOutcome, NewResponse};

use crate::db::{count_all, TestDb};
use crate::fixture::world;
use crate::on_both_backends;

/// A rating of `unit_id` with the short questionnaire (`questionnaire_id`).
fn rating(n: u32, (unit_id, questionnaire_id): (UnitId, QuestionnaireId)) -> NewResponse {
    let submission_id = format!("00000000-0000-4000-8000-{n:012}");
    NewResponse {
        fingerprint: format!("fp-{submission_id}"),
        submission_id,
        unit_id,
        counter_id: None,
        official_id: None,
        procedure_id: None,
        qr_code_id: None,
        questionnaire_id,
        channel: Channel::Qr,
        overall: 1 + (n % 4) as u8,
        answers: vec![("cong-chuc".into(), 2)],
        reasons: vec![],
        comment: None,
        contact_phone: None,
        client_hash: None,
        submitted_at: Timestamp::from_millis(1_000),
        received_at: Timestamp::from_millis(1_000),
        kiosk: None,
        citizen: None,
        on_time: None,
    }
}

async fn batch_mates_survive_a_duplicate_a_conflict_and_a_refused_rating(db: TestDb) {
    let world = world(db).await;
    let store = world.store();
    let unit = (world.commune.id, world.state.questionnaires.short.0);
    let mut reused = rating(1, unit);
    reused.fingerprint = "other content".into();
    let outcomes = store.insert_batch(&[rating(1, unit), rating(1, unit), rating(2, unit), reused]).await.unwrap();
    let InsertOutcome::Created(first) = outcomes[0] else { panic!("not created: {outcomes:?}") };
    assert_eq!(outcomes[1], InsertOutcome::Duplicate(first), "the same rating twice in a batch is stored once");
    assert!(matches!(outcomes[2], InsertOutcome::Created(_)));
    assert_eq!(outcomes[3], InsertOutcome::Conflict);
    assert_eq!(world.responses().await, 2);

    // A rating of a unit that does not exist is refused by the database: its whole batch is rolled back…
    let refused = rating(3, (UnitId::new(999_999), unit.1));
    assert!(store.insert_batch(&[rating(4, unit), refused.clone()]).await.is_err());
    assert_eq!(world.responses().await, 2, "nothing of a failed batch is stored");

    // …and through the writer its batch-mates are stored after all, one at a time; only it fails.
    let ingest = Ingest::start(store.clone());
    let sent = (10..60).map(|n| rating(n, unit)).chain([refused]).chain((60..110).map(|n| rating(n, unit)));
    let outcomes = join_all(sent.map(|r| ingest.insert(r))).await;
    ingest.close().await;
    let refusals: Vec<_> = outcomes.iter().filter(|o| o.is_err()).collect();
    assert!(matches!(refusals[..], [Err(IngestError::Store(_))]), "{refusals:?}");
    assert!(outcomes.iter().flatten().all(|o| matches!(o, InsertOutcome::Created(_))));
    assert_eq!(world.responses().await, 102);
    assert!(matches!(ingest.insert(rating(200, unit)).await, Err(IngestError::Stopped)), "closed");
    count_all(store).await;
}
on_both_backends!(batch_mates_survive_a_duplicate_a_conflict_and_a_refused_rating);

async fn ratings_sent_together_are_each_stored_and_counted_once(db: TestDb) {
    let world = &world(db).await;
    // Each rating twice, all at once, from its own phone and address: a double tap lands in the same batch or the next.
    let sent = (0..300).map(|n: u128| async move {
        let n = n % 150;
        let (submission, overall) = (uuid::Uuid::from_u128(n).to_string(), (1 + n % 4).to_string());
        let body = serde_urlencoded::to_string([("submission_id", submission), ("overall", overall)]).unwrap();
        let request = Request::post(format!("/q/{}", world.counter_code.token))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, format!("hailong_phone={n:032x}"))
            .header("x-forwarded-for", format!("198.51.{}.{}", n / 100, n % 100));
        world.send(request.body(Body::from(body)).unwrap()).await
    });
    let replies = join_all(sent).await;
    let statuses: Vec<_> = replies.iter().map(|r| r.status).collect();
    assert!(statuses.iter().all(|s| *s == StatusCode::SEE_OTHER), "every one thanked: {statuses:?}");
    assert_eq!(replies.iter().filter(|r| r.location().ends_with("&lai=1")).count(), 150, "half of them again");
    assert_eq!(world.responses().await, 150);

    count_all(world.store()).await;
    let commune = world.commune.id;
    let admin = world.login().await;
    let summary = world.get(&format!("/api/v1/units/{commune}/summary?period=today"), Some(&admin)).await.text;
    let summary: serde_json::Value = serde_json::from_str(&summary).unwrap();
    assert_eq!(summary["indexes"]["headline"]["count"], 150);
    world.store().rebuild_rollups().await.unwrap();
    let again = world.get(&format!("/api/v1/units/{commune}/summary?period=today"), Some(&admin)).await.text;
    assert_eq!(serde_json::from_str::<serde_json::Value>(&again).unwrap(), summary, "a recount agrees");
}
on_both_backends!(ratings_sent_together_are_each_stored_and_counted_once);
