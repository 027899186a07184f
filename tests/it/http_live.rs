//! Live dashboards over HTTP: the event stream of `/dashboard/live` carries each new rating to the dashboards that
//! may see it and to no other (a leader of the other commune receives nothing, and cannot open the first's stream),
//! a reconnect with `Last-Event-ID` receives what it missed, and on PostgreSQL a rating stored by one server
//! instance reaches a dashboard connected to another.

use hailong::domain::time::Timestamp;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use hailong::domain::access::Role;
use hailong::services::qr::issue as issue_qr_code;
use hailong::store::{QrCode, QrTarget, Store};
use hailong::web::AppState;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use crate::db::TestDb;
use crate::fixture::{test_config, world, World};
use crate::on_both_backends;
use hailong::domain::ids::UnitId;

/// The events of an open stream, read as they come.
pub struct Stream {
    body: Body,
    buffer: String,
}

impl Stream {
    pub async fn open(
        state: &AppState,
        unit: UnitId,
        cookie: &str,
        last_event_id: Option<i64>,
    ) -> Result<Stream, StatusCode> {
        let mut request = Request::get(format!("/dashboard/live?unit={unit}")).header(header::COOKIE, cookie);
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id.to_string());
        }
        let response = hailong::app::app(state.clone()).oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
        if response.status() != StatusCode::OK {
            return Err(response.status());
        }
        let content_type = response.headers()[header::CONTENT_TYPE].to_str().unwrap().to_owned();
        assert_eq!(content_type, "text/event-stream");
        Ok(Stream { body: response.into_body(), buffer: String::new() })
    }

    /// The next `rating` event's data, or `None` when none comes within `wait`.
    async fn next_rating(&mut self, wait: Duration) -> Option<Value> {
        self.next("rating", wait).await
    }

    /// The next event of this kind (`rating`, `alert`), or `None` when none comes within `wait`.
    pub async fn next(&mut self, kind: &str, wait: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + wait;
        let wanted = format!("event: {kind}");
        loop {
            let block = self.next_block(deadline).await?;
            if block.lines().any(|l| l == wanted) {
                let data = block.lines().find_map(|l| l.strip_prefix("data: ")).expect("data");
                return Some(serde_json::from_str(data).unwrap());
            }
        }
    }

    /// Every event (its `event:`, `id:` and `data:` lines) that comes until none has for `quiet`.
    pub async fn drain(&mut self, quiet: Duration) -> Vec<String> {
        let mut events = vec![];
        while let Some(block) = self.next_block(tokio::time::Instant::now() + quiet).await {
            if block.lines().any(|l| l.starts_with("event: ")) {
                events.push(block.trim_end().to_owned());
            }
        }
        events
    }

    /// The next block of the stream (an event or a keep-alive comment), or `None` at `deadline`.
    async fn next_block(&mut self, deadline: tokio::time::Instant) -> Option<String> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                return Some(self.buffer.drain(..end + 2).collect());
            }
            let frame = tokio::time::timeout_at(deadline, self.body.frame()).await.ok()??.ok()?;
            if let Ok(bytes) = frame.into_data() {
                self.buffer.push_str(std::str::from_utf8(&bytes).unwrap());
            }
        }
    }
}

/// Posts a rating through the citizen form of `code`; returns the stored response's id.
pub async fn rate(world: &World, code: &QrCode, overall: &str, comment: &str) -> i64 {
    let submission = uuid::Uuid::new_v4().to_string();
    let form = [("submission_id", submission.as_str()), ("overall", overall), ("comment", comment), ("lang", "vi")];
    let reply = world.post_form(&format!("/q/{}", code.token), &form, None).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    world.store().recent_responses(&everything(world), hailong::store::ListPlace::FIRST, 1, false).await.unwrap()[0]
        .id
        .get()
}

/// Every response of the world, whatever its time.
pub fn everything(world: &World) -> hailong::store::Scope {
    hailong::store::Scope { unit_id: world.province.id, from_ms: 0, to_ms: i64::MAX, official_id: None }
}

pub const SOON: Duration = Duration::from_secs(2);
const QUIET: Duration = Duration::from_millis(500);

async fn a_rating_reaches_the_dashboards_that_may_see_it(db: TestDb) {
    let world = world(db).await;
    let secret = world.state.settings.secret.clone();
    let other = world.other_commune.id;
    let other_counter =
        world.write(async |tx| tx.create_counter(other, "Quầy B", Timestamp::from_millis(0)).await).await;
    let other_code =
        world.write(async |tx| issue_qr_code(tx, &secret, other, QrTarget::Counter(other_counter.id)).await).await;
    let leader_a = world.account("lanhdao.a", Role::Leader, Some(world.commune.id), None).await;
    let leader_a = world.login_as("lanhdao.a", &leader_a).await;
    let leader_b = world.account("lanhdao.b", Role::Leader, Some(other), None).await;
    let leader_b = world.login_as("lanhdao.b", &leader_b).await;
    let province = world.login().await;

    let mut in_a = Stream::open(&world.state, world.commune.id, &leader_a, None).await.unwrap();
    let mut in_b = Stream::open(&world.state, other, &leader_b, None).await.unwrap();
    let mut above = Stream::open(&world.state, world.province.id, &province, None).await.unwrap();
    assert_eq!(
        Stream::open(&world.state, world.commune.id, &leader_b, None).await.err(),
        Some(StatusCode::NOT_FOUND),
        "another commune's stream is as missing as one that does not exist"
    );

    let id = rate(&world, &world.counter_code, "1", "Chờ <b>lâu</b>").await;
    let seen = in_a.next_rating(SOON).await.expect("commune A's leader sees A's rating");
    assert_eq!((seen["id"].as_i64(), seen["overall"].as_i64()), (Some(id), Some(1)));
    assert_eq!((seen["unit"].as_str(), seen["comment"].as_str()), (Some("Xã Một"), Some("Chờ <b>lâu</b>")));
    assert!(seen.get("chain").is_none(), "the units above are not the browser's business");
    assert_eq!(above.next_rating(SOON).await.expect("the province sees it too")["id"].as_i64(), Some(id));
    assert_eq!(in_b.next_rating(QUIET).await, None, "commune B's leader receives nothing of A");

    let id_b = rate(&world, &other_code, "4", "").await;
    assert_eq!(in_b.next_rating(SOON).await.expect("B's own rating")["id"].as_i64(), Some(id_b));
    assert_eq!(in_a.next_rating(QUIET).await, None, "and A nothing of B");
    assert_eq!(above.next_rating(SOON).await.unwrap()["id"].as_i64(), Some(id_b));

    // A dashboard that lost its connection after the first rating gets the two it missed, once, in order.
    drop(in_a);
    let second = rate(&world, &world.counter_code, "3", "").await;
    let third = rate(&world, &world.official_code, "4", "").await;
    let mut again = Stream::open(&world.state, world.commune.id, &leader_a, Some(id)).await.unwrap();
    assert_eq!(again.next_rating(SOON).await.unwrap()["id"].as_i64(), Some(second));
    let caught = again.next_rating(SOON).await.unwrap();
    assert_eq!((caught["id"].as_i64(), caught["official"].as_str()), (Some(third), Some("Nguyễn Văn An")));
    assert_eq!(again.next_rating(QUIET).await, None, "nothing twice");

    // An official's own stream carries their ratings only.
    let own = world.account("congchuc.an", Role::Official, Some(world.commune.id), Some(world.official.id)).await;
    let own = world.login_as("congchuc.an", &own).await;
    let mut mine = Stream::open(&world.state, world.commune.id, &own, None).await.unwrap();
    rate(&world, &world.counter_code, "2", "").await; // a counter code says nobody
    let theirs = rate(&world, &world.official_code, "2", "").await;
    assert_eq!(mine.next_rating(SOON).await.unwrap()["id"].as_i64(), Some(theirs));
}
on_both_backends!(a_rating_reaches_the_dashboards_that_may_see_it);

/// Two server instances on one PostgreSQL database: a rating submitted to the first appears on a dashboard
/// connected to the second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(not(hailong_pg), ignore = "no PostgreSQL server: set HAILONG_TEST_PG_URL (scripts/postgres)")]
async fn a_rating_crosses_server_instances_on_postgresql() {
    let world = world(TestDb::postgres().await).await;
    let config = test_config(1000);
    let second_store = Store::connect(&world.db.url, 4).await.unwrap();
    let settings = hailong::startup::settings(&config).unwrap();
    let second = hailong::startup::app_state(second_store, settings, (1000, 1000)).await.unwrap();
    let admin = world.login().await;
    let mut on_second = Stream::open(&second, world.commune.id, &admin, None).await.unwrap();
    // Its listener connects in the background; give it a moment before the rating is announced.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let id = rate(&world, &world.counter_code, "2", "qua hai máy").await;
    let seen = on_second.next_rating(SOON).await.expect("the rating crossed to the second instance");
    assert_eq!((seen["id"].as_i64(), seen["comment"].as_str()), (Some(id), Some("qua hai máy")));
}

async fn live_streams_are_capped_per_browser_per_account_and_in_all(db: TestDb) {
    use hailong::features::dashboard::live::{PER_ACCOUNT, PER_SESSION};
    let world = crate::fixture::world_with(db, |config| config.connections.max_live_streams = 12).await;
    let unit = world.commune.id;
    let password = world.account("lanhdao.a", Role::Leader, Some(unit), None).await;
    let mut held = Vec::new();
    let first = world.login_as("lanhdao.a", &password).await;
    for _ in 0..PER_SESSION {
        held.push(Stream::open(&world.state, unit, &first, None).await.expect("a browser's few tabs"));
    }
    let refused = Stream::open(&world.state, unit, &first, None).await.err();
    assert_eq!(refused, Some(StatusCode::TOO_MANY_REQUESTS), "one browser's cap");
    let second = world.login_as("lanhdao.a", &password).await;
    for _ in PER_SESSION..PER_ACCOUNT {
        held.push(Stream::open(&world.state, unit, &second, None).await.expect("another browser of the account"));
    }
    let third = world.login_as("lanhdao.a", &password).await;
    let refused = Stream::open(&world.state, unit, &third, None).await.err();
    assert_eq!(refused, Some(StatusCode::TOO_MANY_REQUESTS), "the account's cap, across its browsers");

    // Another account fills the server's twelve; the thirteenth stream, anyone's, is 503.
    let password = world.account("lanhdao.b", Role::Leader, Some(unit), None).await;
    let other = world.login_as("lanhdao.b", &password).await;
    for _ in PER_ACCOUNT..12 {
        held.push(Stream::open(&world.state, unit, &other, None).await.unwrap());
    }
    let busy = Stream::open(&world.state, unit, &other, None).await.err();
    assert_eq!(busy, Some(StatusCode::SERVICE_UNAVAILABLE), "the server's cap");

    // A closed stream gives its place back.
    held.truncate(PER_SESSION - 1);
    assert!(Stream::open(&world.state, unit, &first, None).await.is_ok(), "a tab closed, another opened");
}
on_both_backends!(live_streams_are_capped_per_browser_per_account_and_in_all);
