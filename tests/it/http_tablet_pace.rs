//! Tablets paced by the server (docs/decisions/008): a tablet's ratings are judged by when the server heard from the
//! tablet, not by the tablet's clock alone. A burst sent at once from a tablet in touch counts as one; a queue sent
//! after the tablet was out of touch counts whole; a tap dated when it cannot have been tapped is flagged.

use chrono::Utc;
use hailong::domain::time::Timestamp;
use serde_json::{json, Value};

use crate::db::TestDb;
use crate::fixture::{world, World};
use crate::on_both_backends;

const S: i64 = 1_000;

fn now() -> i64 {
    Utc::now().timestamp_millis()
}

fn rating(id: u32, tapped_at: i64, sent_at: i64) -> Value {
    json!({
        "submission_id": format!("00000000-0000-4000-8000-{id:012}"),
        "tapped_at": tapped_at,
        "sent_at": sent_at,
        "overall": 4,
    })
}

/// A tablet paired an hour ago whose contacts the server heard at `contacts` (every 30 s, as its heartbeat).
async fn tablet_heard_at(world: &World, contacts: impl IntoIterator<Item = i64>) -> String {
    use sqlx::Connection;
    let tablet = world.pair_tablet("Máy quầy 1").await;
    let device = world.store().devices_in(&[world.commune.id]).await.unwrap()[0].id;
    let mut conn = sqlx::AnyConnection::connect(&world.db.url).await.unwrap();
    sqlx::query("UPDATE kiosk_devices SET paired_at = $1 WHERE id = $2")
        .bind(now() - 3_600 * S)
        .bind(device.get())
        .execute(&mut conn)
        .await
        .unwrap();
    for at in contacts {
        let beat = hailong::store::Heartbeat {
            at: Timestamp::from_millis(at),
            app_version: None,
            queue_length: None,
            clock_skew_ms: 0,
            missed_after_ms: 45 * S,
        };
        world.store().record_heartbeat(device, &beat).await.unwrap();
    }
    tablet
}

/// Each rating's status as the tablet was told it, and the rules stored.
async fn send_all(world: &World, tablet: &str, ratings: &[Value]) -> Vec<String> {
    let mut told = vec![];
    for rating in ratings {
        let reply = world.post_json("/kiosk/api/ratings", rating, Some(tablet)).await;
        let body: Value = serde_json::from_str(&reply.text).unwrap();
        told.push(body["misuse"].as_str().unwrap_or(body["status"].as_str().unwrap()).to_owned());
    }
    told
}

async fn a_burst_from_a_tablet_in_touch_counts_once(db: TestDb) {
    let world = world(db).await;
    let start = now();
    // In touch for ten minutes: a heartbeat every 30 s, the last one just now.
    let tablet = tablet_heard_at(&world, (0..=20).rev().map(|i| start - i * 30 * S)).await;
    // Twelve ratings sent at once, dated 11 s apart on the tablet's clock (the repeat-press gap is 10 s).
    let sent = now();
    let burst: Vec<Value> = (0..12).map(|i| rating(i + 1, sent - (11 - i64::from(i)) * 11 * S, sent)).collect();
    let told = send_all(&world, &tablet, &burst).await;
    assert_eq!(told.iter().filter(|t| *t == "stored").count(), 1, "the burst counts as one: {told:?}");
    assert!(
        told.iter().all(|t| ["stored", "tablet_clock", "tablet_burst<10s"].contains(&t.as_str())),
        "each of the rest is flagged by the server's clock: {told:?}"
    );
    assert_eq!(world.responses().await, 12, "flagged ratings are stored, never dropped");

    // A tap dated after it was sent, and one dated before the tablet's latest counted rating.
    let later = now();
    let told =
        send_all(&world, &tablet, &[rating(20, later + 60 * S, later), rating(21, later - 200 * S, later)]).await;
    assert_eq!(told, ["tablet_clock", "tablet_clock"]);
}
on_both_backends!(a_burst_from_a_tablet_in_touch_counts_once);

async fn a_queue_sent_after_the_tablet_was_out_of_touch_counts_whole(db: TestDb) {
    let world = world(db).await;
    let start = now();
    // In touch until ten minutes ago, then silent (the Wi-Fi went down).
    let tablet = tablet_heard_at(&world, (20..=40).rev().map(|i| start - i * 30 * S)).await;
    let back = now();
    let queue: Vec<Value> =
        [500, 400, 300, 12].iter().enumerate().map(|(i, ago)| rating(i as u32 + 1, back - ago * S, back)).collect();
    let told = send_all(&world, &tablet, &queue).await;
    assert_eq!(told, ["stored"; 4], "every citizen who tapped while the tablet was out of touch counts");
    // A tap from before the tablet last reached the server: it would have been sent then.
    let stale = now();
    assert_eq!(send_all(&world, &tablet, &[rating(9, stale - 900 * S, stale)]).await, ["tablet_clock"]);
    assert_eq!(world.responses().await, 5);
}
on_both_backends!(a_queue_sent_after_the_tablet_was_out_of_touch_counts_whole);
