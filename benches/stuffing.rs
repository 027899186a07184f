//! The stuffing bench (docs/design.md, One phone, one voice): a month of honest ratings for one commune's four
//! officials, played into three SQLite databases — honest only; honest plus the attacks with the rules off; honest plus
//! the attacks through the rules as the server applies them — and each official's satisfaction index printed from each.
//! The attacks, all for official A, every working day: one phone sending 1,000 "Rất tốt"; A's own signed-in phone, 20;
//! a counter-tablet burst of 12 sent in 0.4 s dated 11 s apart; a bot sending 1,000 with a fresh cookie each time from
//! one address.
//!
//! Passes when every defended index is within one point of the honest one and no honest rating was flagged; prints
//! the false positives either way.
//!
//! `cargo bench --bench stuffing`. `BENCH_DAYS` (default 22 working days) sets the month's length.
#![expect(clippy::print_stdout, reason = "a benchmark prints its report")]

use hailong::domain::time::Timestamp;
use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Weekday};
use chrono_tz::Asia::Ho_Chi_Minh;
use hailong::domain::ids::{CounterId, DeviceId, OfficialId, QuestionnaireId, UnitId};
use hailong::domain::index::LevelCounts;
use hailong::domain::kiosk::Pace;
use hailong::domain::misuse::VoiceRules;
use hailong::domain::questionnaire::Questionnaire;
use hailong::domain::rollup::{local_day, spans, Dimension};
use hailong::store::{
    Channel, CitizenStamp, Heartbeat, InsertOutcome, KioskStamp, NewOfficial, NewResponse, NewUnit, Store,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::Connection;

const MIN: i64 = 60_000;
const VOICE: VoiceRules = VoiceRules { window_ms: 240 * MIN, daily_cap: 5, flood: 20 };
const PACE: Pace = Pace { repeat_gap_ms: 10_000, heartbeat_ms: 30_000 };
/// The honest citizens of each official: ratings per working day, and the share satisfied.
const OFFICIALS: [(&str, u32, f64); 4] = [("A", 18, 0.82), ("B", 22, 0.90), ("C", 12, 0.75), ("D", 25, 0.93)];

/// Which database a rating goes to, and whether the rules judge it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Run {
    Honest,
    Undefended,
    Defended,
}

/// One commune's officials, each at a counter with a tablet.
struct Commune {
    store: Store,
    url: String,
    unit: UnitId,
    questionnaire: QuestionnaireId,
    /// (official, counter, tablet) per official, in `OFFICIALS`' order.
    desks: Vec<(OfficialId, CounterId, DeviceId)>,
}

/// A rating to store: who sent it and how.
struct Rating {
    id: String,
    desk: usize,
    overall: u8,
    at: i64,
    how: Sender,
}

enum Sender {
    /// A phone with its cookie, from an address (both as the server would hash them for the day).
    Phone { cookie: String, address: String, staff: bool },
    /// The desk's tablet, tapped at `tapped` (its own clock, right) and arriving at the rating's time.
    Tablet { tapped: i64 },
}

#[tokio::main]
async fn main() {
    let days: usize = std::env::var("BENCH_DAYS").ok().and_then(|d| d.parse().ok()).unwrap_or(22);
    let dir = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    let month = working_days(NaiveDate::from_ymd_opt(2026, 10, 1).expect("a date"), days);
    let mut rng = StdRng::seed_from_u64(20261207);
    let honest = honest_ratings(&month, &mut rng);
    let attacks = attacks(&month);
    println!(
        "hailong stuffing bench: {days} working days, {} honest ratings, {} attacking ratings (all for official A)",
        honest.len(),
        attacks.len()
    );

    let mut table: BTreeMap<usize, [LevelCounts; 3]> = BTreeMap::new();
    let mut false_positives = 0;
    for (column, run) in [Run::Honest, Run::Undefended, Run::Defended].into_iter().enumerate() {
        let commune = commune(&dir, column).await;
        let mut all: Vec<&Rating> = honest.iter().collect();
        if run != Run::Honest {
            all.extend(attacks.iter());
        }
        all.sort_by_key(|r| r.at);
        let mut heard: BTreeMap<DeviceId, i64> = BTreeMap::new();
        for rating in all {
            let flagged = store(&commune, rating, run, &mut heard).await;
            false_positives += usize::from(flagged && rating.id.starts_with('h'));
        }
        if run == Run::Defended {
            false_positives += flagged_later(&commune.url).await;
        }
        while commune.store.rollup_queue_length().await.expect("queue") > 0 {
            commune.store.count_queued(5_000, Timestamp::from_millis(i64::MAX)).await.expect("count");
        }
        let first = local_day(month[0].0);
        let last = local_day(month[month.len() - 1].0);
        let tallies = commune
            .store
            .rollup_totals(commune.unit, Dimension::Official, &spans(first, last + 1), None)
            .await
            .expect("totals");
        for (desk, (official, _, _)) in commune.desks.iter().enumerate() {
            let counts = tallies.iter().find(|t| t.member == official.get()).map(|t| t.counts).unwrap_or_default();
            table.entry(desk).or_insert_with(|| [LevelCounts::default(); 3])[column] = counts;
        }
    }

    println!(
        "\n| official | honest index (n) | attacked, no defence (n) | attacked, defended (n) | defended − honest |"
    );
    println!("|---|---|---|---|---|");
    let mut worst: f64 = 0.0;
    for (desk, [honest, undefended, defended]) in &table {
        let index = |c: &LevelCounts| c.satisfied() as f64 * 100.0 / c.total().max(1) as f64;
        let gap = index(defended) - index(honest);
        worst = worst.max(gap.abs());
        println!(
            "| {} | {:.1} % ({}) | {:.1} % ({}) | {:.1} % ({}) | {:+.2} points |",
            OFFICIALS[*desk].0,
            index(honest),
            honest.total(),
            index(undefended),
            undefended.total(),
            index(defended),
            defended.total(),
            gap
        );
    }
    println!("\nhonest ratings flagged (false positives): {false_positives}");
    println!("largest |defended − honest|: {worst:.2} points (goal: ≤ 1)");
    println!("took {:.1} s", started.elapsed().as_secs_f64());
    let verdict = if worst <= 1.0 && false_positives == 0 { "PASS" } else { "FAIL" };
    println!("{verdict}");
    if verdict == "FAIL" {
        std::process::exit(1);
    }
}

/// `days` working days from `from`, each as (its local 00:00, weekday index).
fn working_days(from: NaiveDate, days: usize) -> Vec<(i64, usize)> {
    (0..)
        .map(|i| from + Duration::days(i))
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .take(days)
        .enumerate()
        .map(|(i, d)| {
            let midnight = Ho_Chi_Minh.from_local_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight")).single();
            (midnight.expect("a local midnight").timestamp_millis(), i)
        })
        .collect()
}

/// Each official's citizens: spread over the opening hours, half on their own phone at the counter (each phone
/// its own, on a mobile network shared with others: addresses drawn from a pool), a third at the tablet, the rest
/// from a receipt link in the evening.
fn honest_ratings(month: &[(i64, usize)], rng: &mut StdRng) -> Vec<Rating> {
    let mut out = vec![];
    for (day, _) in month {
        for (desk, (_, per_day, satisfied)) in OFFICIALS.iter().enumerate() {
            let n = rng.gen_range(per_day * 3 / 4..=per_day * 5 / 4);
            // Citizens come one after another: at least three minutes apart at one counter.
            let mut at = day + 8 * 60 * MIN + rng.gen_range(0..30 * MIN);
            for _ in 0..n {
                at += rng.gen_range(3 * MIN..25 * MIN);
                let overall = if rng.gen_bool(*satisfied) { rng.gen_range(3..=4) } else { rng.gen_range(1..=2) };
                let id = format!("h{}", out.len());
                let how = match rng.gen_range(0..100) {
                    0..50 => Sender::Phone {
                        cookie: format!("{:032x}", rng.r#gen::<u128>()),
                        address: format!("mobile-{}", rng.gen_range(0..2_000)),
                        staff: false,
                    },
                    50..85 => Sender::Tablet { tapped: at },
                    _ => Sender::Phone {
                        cookie: format!("{:032x}", rng.r#gen::<u128>()),
                        address: format!("home-{}", rng.gen_range(0..100_000)),
                        staff: false,
                    },
                };
                out.push(Rating { id, desk, overall, at, how });
            }
        }
    }
    out
}

/// Every working day, for official A (desk 0).
fn attacks(month: &[(i64, usize)]) -> Vec<Rating> {
    let mut out = vec![];
    let mut push = |at: i64, how: Sender| {
        let id = format!("a{}", out.len());
        out.push(Rating { id, desk: 0, overall: 4, at, how });
    };
    for (day, _) in month {
        let open = day + 8 * 60 * MIN;
        for i in 0..1_000 {
            let at = open + i * 32_400;
            push(at, Sender::Phone { cookie: "a77ac4e2".repeat(4), address: "home-attacker".into(), staff: false });
            let cookie = format!("{:032x}", u128::from(*day as u64) << 32 | i as u128);
            push(at + 10_000, Sender::Phone { cookie, address: "bot-server".into(), staff: false });
        }
        for i in 0..20 {
            let cookie = "5afe0f1c".repeat(4);
            push(open + i * 25 * MIN, Sender::Phone { cookie, address: "office-wifi".into(), staff: true });
        }
        // Twelve sent at once, at 11:00, dated 11 s apart on the tablet's clock (the last just now).
        let sent = day + 11 * 60 * MIN;
        for i in 0..12 {
            push(sent + i * 30, Sender::Tablet { tapped: sent - (11 - i) * 11_000 });
        }
    }
    out
}

async fn commune(dir: &tempfile::TempDir, n: usize) -> Commune {
    let url = format!("sqlite://{}", dir.path().join(format!("stuffing-{n}.db")).display());
    let store = Store::connect(&url, 4).await.expect("open");
    store.migrate().await.expect("migrate");
    let questionnaire =
        store.ensure_questionnaire(&Questionnaire::short(), Timestamp::from_millis(0)).await.expect("questionnaire");
    let mut tx = store.begin().await.expect("begin");
    let unit = NewUnit { parent_id: None, kind: "commune", name: "Xã Thử", code: None };
    let unit = tx.create_unit(unit, Timestamp::from_millis(0)).await.expect("unit").id;
    let mut desks = vec![];
    for (name, _, _) in OFFICIALS {
        let counter =
            tx.create_counter(unit, &format!("Quầy {name}"), Timestamp::from_millis(0)).await.expect("counter").id;
        let official =
            NewOfficial { unit_id: unit, counter_id: Some(counter), full_name: name, title: "", staff_code: None };
        let official = tx.create_official(official, Timestamp::from_millis(0)).await.expect("official").id;
        let code = format!("code-{name}");
        tx.create_pairing_code(&code, counter, Timestamp::from_millis(0), Timestamp::MAX).await.expect("code");
        let tablet = tx
            .pair_device(&code, name, &format!("credential-{name}"), Timestamp::from_millis(0))
            .await
            .expect("tablet")
            .id;
        desks.push((official, counter, tablet));
    }
    tx.commit().await.expect("commit");
    Commune { store, url, unit, questionnaire, desks }
}

/// Stores a rating as the server would; whether it was flagged when stored. `heard`: each tablet's latest heartbeat.
async fn store(commune: &Commune, rating: &Rating, run: Run, heard: &mut BTreeMap<DeviceId, i64>) -> bool {
    let (official, counter, tablet) = commune.desks[rating.desk];
    let defended = run == Run::Defended;
    let day = local_day(rating.at);
    let (channel, kiosk, citizen, client_hash) = match &rating.how {
        Sender::Tablet { tapped } => {
            if defended {
                heartbeats(commune, tablet, rating.at, heard).await;
            }
            let stamp = KioskStamp {
                device_id: tablet,
                device_at: Timestamp::from_millis(*tapped),
                tapped_at: Timestamp::from_millis(*tapped),
                pace: PACE,
            };
            (Channel::Kiosk, defended.then_some(stamp), None, None)
        }
        Sender::Phone { cookie, address, staff } => {
            let stamp = CitizenStamp { voice_hash: format!("p{day}-{cookie}"), rules: VOICE, staff_device: *staff };
            let channel =
                if address.starts_with("home-") && rating.id.starts_with('h') { Channel::Receipt } else { Channel::Qr };
            (channel, None, defended.then_some(stamp), Some(format!("c{day}-{address}")))
        }
    };
    let response = NewResponse {
        submission_id: rating.id.clone(),
        fingerprint: rating.id.clone(),
        unit_id: commune.unit,
        counter_id: Some(CounterId::new(counter.get())),
        official_id: Some(OfficialId::new(official.get())),
        procedure_id: None,
        qr_code_id: None,
        questionnaire_id: commune.questionnaire,
        channel,
        overall: rating.overall,
        answers: vec![],
        reasons: if rating.overall <= 2 { vec!["cho-lau".into()] } else { vec![] },
        comment: None,
        contact_phone: None,
        client_hash,
        submitted_at: Timestamp::from_millis(rating.at),
        received_at: Timestamp::from_millis(rating.at),
        kiosk,
        citizen,
        on_time: None,
    };
    matches!(commune.store.insert_response(&response).await.expect("insert"), InsertOutcome::Flagged(..))
}

/// The tablet's heartbeats, every 30 s from its last one (or from 7:30 that day) up to `until`: it is in touch all
/// day, as a tablet on the office's Wi-Fi is.
async fn heartbeats(commune: &Commune, tablet: DeviceId, until: i64, heard: &mut BTreeMap<DeviceId, i64>) {
    let morning = until - (until + 7 * 3_600_000).rem_euclid(86_400_000) + 7 * 60 * MIN + 30 * MIN;
    let mut at = heard.get(&tablet).map_or(morning, |last| (*last + PACE.heartbeat_ms).max(morning));
    while at < until {
        let beat = Heartbeat {
            at: Timestamp::from_millis(at),
            app_version: None,
            queue_length: None,
            clock_skew_ms: 0,
            missed_after_ms: PACE.missed_after_ms(),
        };
        commune.store.record_heartbeat(tablet, &beat).await.expect("heartbeat");
        heard.insert(tablet, at);
        at += PACE.heartbeat_ms;
    }
}

/// Honest ratings flagged after they were stored (a flood that took them with it).
async fn flagged_later(url: &str) -> usize {
    let mut conn = sqlx::AnyConnection::connect(url).await.expect("connect");
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM misuse_later l JOIN responses r ON r.id = l.response_id WHERE r.submission_id LIKE 'h%'",
    )
    .fetch_one(&mut conn)
    .await
    .expect("count");
    n as usize
}
