//! The office plays detective (decision 013): it holds every receipt link, registered dossier A and, later, B of
//! the same counter and official, and reads everything the application tells it — re-registration answers, the
//! results API, the live feed, its webhook. One of the two was rated Chưa tốt with a comment. The story is played
//! twice, the rating right after A's registration in one world and right after B's in the other: what the office
//! sees, step by step, before and after the day's release, is the same in both. A QR rating is announced at once as
//! before; the receipt rating's alert and webhook come with the release, dated to the day.

use hailong::domain::time::Timestamp;
use std::time::Duration;

use axum::http::StatusCode;
use hailong::domain::alert::{Rule, RuleKind};
use hailong::domain::release::day_start;
use hailong::domain::rollup::DAY_MS;
use hailong::services::webhooks;
use serde_json::{json, Value};

use crate::db::TestDb;
use crate::fixture::{world, World};
use crate::http_live::{rate, Stream, SOON};
use crate::http_webhooks::{loopback_sender, receiver_failing_first, wait_for, Received};

const CODES: [&str; 2] = ["000.00.20.H55-261124-0001", "000.00.20.H55-261124-0002"];
const COMMENT: &str = "Chờ trả kết quả quá lâu";
const QUIET: Duration = Duration::from_millis(400);

/// What the office registers: the same counter, official and procedure for both.
fn dossier(world: &World, code: &str) -> Value {
    let today = hailong::domain::period::local_date(chrono::Utc::now()).to_string();
    json!({
        "dossier_code": code,
        "unit_id": world.commune.id,
        "counter_id": world.counter.id,
        "official_id": world.official.id,
        "procedure_code": "1.001193",
        "received_on": today,
        "returned_on": today,
    })
}

fn json_of(reply: &crate::fixture::Reply) -> Value {
    serde_json::from_str(&reply.text).unwrap_or_else(|_| panic!("JSON: {}", reply.text))
}

/// Times that depend on when the test ran rather than on which dossier was rated — an instant other than a local
/// midnight, a `dd/mm HH:MM` label, an RFC 3339 time — masked, so the two worlds compare. A receipt rating's own
/// entries are checked apart (`assert_dated_to_the_day`): masking could not hide a time it gave.
fn masked(value: &mut Value) {
    match value {
        Value::Number(n) if n.as_i64().is_some_and(|ms| ms > 1_000_000_000_000 && day_start(ms) != ms) => {
            *value = json!("<instant>");
        }
        Value::String(text) => {
            let time_label = text.len() == 11 && text.as_bytes()[2] == b'/' && text.as_bytes()[8] == b':';
            if time_label || (text.len() >= 20 && text.as_bytes().get(10) == Some(&b'T')) {
                *value = json!("<time>");
            }
        }
        Value::Array(items) => items.iter_mut().for_each(masked),
        Value::Object(fields) => fields.values_mut().for_each(masked),
        _ => {}
    }
}

/// An event of the live stream with its data masked.
fn masked_event(block: &str) -> String {
    block
        .lines()
        .map(|line| match line.strip_prefix("data: ") {
            Some(data) => {
                let mut data: Value = serde_json::from_str(data).unwrap();
                masked(&mut data);
                format!("data: {data}")
            }
            None => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The office's side of one world.
struct Office {
    world: World,
    key: String,
    stream: Stream,
    hook: Received,
    /// Each dossier's first registration answer.
    links: Vec<Value>,
    /// Webhook deliveries already read.
    read: usize,
    /// Everything seen, step by step.
    seen: Vec<String>,
}

impl Office {
    async fn open(db: TestDb) -> Office {
        let world = world(db).await;
        let commune = world.commune.id;
        let (url, hook) = receiver_failing_first(false).await;
        let poor = Rule::new(RuleKind::Poor, 0, 0, 0).unwrap();
        world.write(async |tx| tx.add_alert_rule(commune, &poor, Timestamp::from_millis(0)).await).await;
        world.write(async |tx| tx.set_webhook(commune, &url, "whsec_test", Timestamp::from_millis(0)).await).await;
        let admin = world.login().await;
        let key = world.api_key(&admin, commune, &["dossiers", "results"]).await;
        let stream = Stream::open(&world.state, commune, &admin, None).await.unwrap();
        Office { world, key, stream, hook, links: vec![], read: 0, seen: vec![] }
    }

    async fn register(&mut self, which: usize) {
        let reply = self.world.machine_post("/api/v1/dossiers", &dossier(&self.world, CODES[which]), &self.key).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        self.links.push(json_of(&reply));
    }

    /// The citizen of dossier `which` rates it Chưa tốt with a comment.
    async fn rated(&self, which: usize) {
        let url = self.links[which]["url"].as_str().unwrap();
        let path = &url[url.find("/r/").unwrap()..];
        let submission = uuid::Uuid::new_v4().to_string();
        let form = [("submission_id", submission.as_str()), ("overall", "1"), ("comment", COMMENT), ("lang", "vi")];
        let reply = self.world.post_form(path, &form, None).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    }

    /// Everything the office can read now, noted under `step`.
    async fn look(&mut self, step: &str) {
        let mut seen = vec![format!("— {step}")];
        for (which, first) in self.links.clone().iter().enumerate() {
            let again =
                self.world.machine_post("/api/v1/dossiers", &dossier(&self.world, CODES[which]), &self.key).await;
            assert_eq!(again.status, StatusCode::OK);
            let mut again = json_of(&again);
            // Registered again, the answer is the first one's but for the warnings a new registration has none of.
            again["warnings"] = first["warnings"].clone();
            seen.push(format!("dossier {which} answers as first registered: {}", again == *first));
        }
        let commune = self.world.commune.id;
        for path in ["responses?period=today", "responses?period=7d", "summary?period=today", "summary?period=7d"] {
            let reply = self.world.machine_get(&format!("/api/v1/units/{commune}/{path}"), &self.key).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text);
            let mut answer = json_of(&reply);
            masked(&mut answer);
            seen.push(format!("{path}: {answer}"));
        }
        seen.extend(self.stream.drain(QUIET).await.iter().map(|e| masked_event(e)));
        let hooks: Vec<String> = self.hook.lock().unwrap()[self.read..].iter().map(|(_, body)| body.clone()).collect();
        self.read += hooks.len();
        for body in hooks {
            let mut body: Value = serde_json::from_str(&body).unwrap();
            masked(&mut body);
            seen.push(format!("webhook: {body}"));
        }
        self.seen.extend(seen);
    }
}

/// The story, with the rating of dossier `rated` right after its registration; what the office saw.
async fn play(db: TestDb, rated: usize) -> Office {
    let mut office = Office::open(db).await;
    office.look("before anything").await;
    for which in 0..2 {
        office.register(which).await;
        if which == rated {
            office.rated(which).await;
        }
        office.look(&format!("dossier {which} registered and returned")).await;
        // Hours apart, as far as any clock the office reads is concerned.
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // A QR rating is announced at once, to the minute, with its id, and its alert goes out at once.
    let before = office.hook.lock().unwrap().len();
    let qr = rate(&office.world, &office.world.counter_code, "1", "Quầy đông").await;
    let event = office.stream.next("rating", SOON).await.expect("a QR rating is announced at once");
    assert_eq!((event["id"].as_i64(), event["channel"].as_str()), (Some(qr), Some("qr")));
    wait_for(&office.hook, before + 1).await;
    office.look("a QR rating").await;

    // The day's release: the first counting after local midnight, here driven with tomorrow's clock.
    let now = chrono::Utc::now().timestamp_millis();
    let after_midnight = day_start(now) + DAY_MS + 60_000;
    let counted = office.world.state.live.count_batch(after_midnight).await.unwrap();
    assert_eq!(counted, 1, "the receipt rating alone was held, and is released");
    let before = office.hook.lock().unwrap().len();
    webhooks::send_due(office.world.store(), &loopback_sender(), after_midnight + 1_000).await.unwrap();
    wait_for(&office.hook, before + 1).await;
    office.look("the day released").await;
    office
}

/// What the office is told of the receipt rating comes with the release and names its day, never its time or id.
fn assert_dated_to_the_day(office: &Office) {
    let released = office.seen.iter().position(|s| s == "— the day released").unwrap();
    let (before, after) = office.seen.split_at(released);
    assert!(
        !before.iter().any(|s| s.contains("receipt") || s.contains(COMMENT)),
        "nothing of the receipt rating before its release: {before:#?}"
    );
    let today = hailong::domain::period::local_date(chrono::Utc::now());
    let webhook = after.iter().find(|s| s.starts_with("webhook:") && s.contains("receipt")).expect("the alert");
    assert!(webhook.contains(COMMENT), "its comment: {webhook}");
    assert!(webhook.contains(&format!(r#""rated_on":"{today}""#)), "dated to the day: {webhook}");
    let event = after.iter().find(|s| s.contains(r#""channel":"receipt""#) && s.contains("event: rating")).unwrap();
    assert!(!event.contains("\nid:") && !event.contains(r#""id":"#), "no id: {event}");
    assert!(event.contains(&format!(r#""when":"{}""#, today.format("%d/%m/%Y"))), "its day: {event}");
    let listed = after.iter().find(|s| s.starts_with("responses?period=7d")).unwrap();
    let rows: Value = serde_json::from_str(listed.trim_start_matches("responses?period=7d: ")).unwrap();
    let row = rows.as_array().unwrap().iter().find(|r| r["channel"] == "receipt").expect("listed once released");
    let midnight = day_start(chrono::Utc::now().timestamp_millis());
    assert_eq!((&row["id"], &row["submitted_at"], &row["received_at"]), (&Value::Null, &json!(midnight), &Value::Null));
    assert_eq!(rows[rows.as_array().unwrap().len() - 1], *row, "placed at the start of its day, after the QR rating");
}

async fn the_office_cannot_tell_which_dossier_was_rated(first: TestDb, second: TestDb) {
    let after_a = play(first, 0).await;
    let after_b = play(second, 1).await;
    assert_dated_to_the_day(&after_a);
    assert_eq!(after_a.seen, after_b.seen, "what the office saw differs with the dossier rated");

    // The pages of the unit's own staff date it to the day as well: the comment feed and the register.
    let world = &after_a.world;
    let admin = world.login().await;
    let today = hailong::domain::period::local_date(chrono::Utc::now()).format("%d/%m/%Y").to_string();
    let board = world.get(&format!("/dashboard?unit={}&period=7d", world.commune.id), Some(&admin)).await.text;
    // Its alert, raised at the release, is listed by the release's time; the comment feed dates the rating.
    let item = &board[..board.find(&format!(">{COMMENT}<")).expect("the comment feed shows it")];
    let item = &item[item.rfind("<li").unwrap()..];
    assert!(item.contains(&today), "the comment feed gives its day: {item}");
    let register = world.get(&format!("/responses?unit={}&period=7d", world.commune.id), Some(&admin)).await.text;
    assert!(register.contains(&today), "the register gives its day");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    the_office_cannot_tell_which_dossier_was_rated(TestDb::sqlite().await, TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(not(hailong_pg), ignore = "no PostgreSQL server: set HAILONG_TEST_PG_URL (scripts/postgres)")]
async fn postgres() {
    the_office_cannot_tell_which_dossier_was_rated(TestDb::postgres().await, TestDb::postgres().await).await;
}
