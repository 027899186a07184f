//! `hailong generate`: a province at scale for benchmarks — communes (with a health station in every fourth),
//! counters, officials, the demo catalogue, accounts to look with, and a year of ratings with the demo's patterns
//! (office hours, busy Mondays, closed Sundays, a few officials rated worse), loaded many rows per statement and
//! counted into the rollups once at the end.

use chrono::{Datelike, Duration, TimeZone, Utc, Weekday};
use chrono_tz::Asia::Ho_Chi_Minh;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::responses::{local_time, response, Desk};
use super::{load_procedures, COUNTERS};
use crate::domain::access::Role;
use crate::domain::questionnaire::Questionnaire;
use crate::services::qr;
use crate::store::{NewOfficial, NewUnit, NewUser, QrTarget, Store, StoreResult};

/// Responses built and written per transaction.
const BATCH: usize = 20_000;
const DAYS: i64 = 365;

/// What was generated.
pub struct Province {
    pub province_id: i64,
    pub units: usize,
    pub officials: usize,
    pub responses: u64,
}

/// Generates a province of `communes` communes and `responses` ratings into an empty database, with the accounts
/// `lanhdao.gen` (leader of the first commune) and `congchuc.gen` (its first official), sharing `password_hash`.
pub async fn generate(
    store: &Store,
    secret: &[u8],
    password_hash: &str,
    communes: usize,
    responses: u64,
    seed: u64,
    progress: impl Fn(u64),
) -> StoreResult<Province> {
    let now = crate::clock::now();
    let questionnaire_id = store.ensure_questionnaire(&Questionnaire::short(), now).await?;
    let mut tx = store.begin().await?;
    let province = NewUnit { parent_id: None, kind: "province", name: "Tỉnh Thử Tải", code: None };
    let province = tx.create_unit(province, now).await?;
    let procedures = load_procedures(&mut tx).await?;
    let mut desks = Vec::new();
    let mut units = 1;
    for c in 0..communes {
        let name = format!("Xã Thử Tải {}", c + 1);
        let commune = tx
            .create_unit(NewUnit { parent_id: Some(province.id), kind: "commune", name: &name, code: None }, now)
            .await?;
        let mut places = vec![(commune.id, COUNTERS.len())];
        if c % 4 == 3 {
            let name = format!("Trạm y tế xã Thử Tải {}", c + 1);
            let station = NewUnit { parent_id: Some(commune.id), kind: "health_station", name: &name, code: None };
            places.push((tx.create_unit(station, now).await?.id, 1));
        }
        for (unit_id, counters) in places {
            units += 1;
            tx.set_unit_procedures(unit_id, &procedures).await?;
            for counter_name in &COUNTERS[..counters] {
                let counter = tx.create_counter(unit_id, counter_name, now).await?;
                let counter_code = qr::issue(&mut tx, secret, unit_id, QrTarget::Counter(counter.id)).await?;
                for n in 0..2 {
                    let full_name = format!("Công chức {} · {}", desks.len() + 1, n + 1);
                    let official = NewOfficial {
                        unit_id,
                        counter_id: Some(counter.id),
                        full_name: &full_name,
                        title: "Công chức Một cửa",
                        staff_code: None,
                    };
                    let official = tx.create_official(official, now).await?;
                    let official_code = qr::issue(&mut tx, secret, unit_id, QrTarget::Official(official.id)).await?;
                    desks.push(Desk {
                        unit_id,
                        counter_id: counter.id,
                        official_id: official.id,
                        counter_code: counter_code.id,
                        official_code: official_code.id,
                    });
                }
            }
        }
    }
    if let Some(first) = desks.first() {
        for (username, role, official_id) in
            [("lanhdao.gen", Role::Leader, None), ("congchuc.gen", Role::Official, Some(first.official_id))]
        {
            let user = NewUser {
                username,
                full_name: username,
                password_hash,
                role: role.key(),
                unit_id: Some(first.unit_id),
                official_id,
                must_change_password: false,
            };
            tx.create_user(user, now).await?;
        }
    }
    tx.commit().await?;
    tracing::info!(units, officials = desks.len(), "province set up");

    let mut rng = StdRng::seed_from_u64(seed);
    let days = open_days(now.millis());
    let weight_sum: f64 = days.iter().map(|(_, w)| w).sum();
    let mut batch = Vec::with_capacity(BATCH);
    let mut written = 0;
    for (day, weight) in &days {
        let share = responses as f64 * weight / weight_sum;
        // Whole responses per day, the fractions carried by chance, so the total is right on average.
        let count = share.floor() as u64 + u64::from(rng.gen_bool(share.fract()));
        for _ in 0..count {
            let local = day.and_time(local_time(&mut rng));
            let Some(at) = Ho_Chi_Minh.from_local_datetime(&local).single() else { continue };
            let at = at.with_timezone(&Utc).timestamp_millis().min(now.millis());
            let desk = rng.gen_range(0..desks.len());
            // One official in twenty is rated noticeably worse.
            batch.push(response(&mut rng, &desks[desk], desk % 20 == 19, &procedures, questionnaire_id, at));
            if batch.len() == BATCH {
                store.bulk_insert_responses(&batch).await?;
                written += batch.len() as u64;
                batch.clear();
                progress(written);
            }
        }
    }
    if !batch.is_empty() {
        store.bulk_insert_responses(&batch).await?;
        written += batch.len() as u64;
        progress(written);
    }
    tracing::info!(responses = written, "ratings written; counting them into the rollups");
    store.rebuild_rollups().await?;
    store.tidy_after_bulk_load().await?;
    Ok(Province { province_id: province.id.get(), units, officials: desks.len(), responses: written })
}

/// The last year's days with their relative traffic: busy Mondays, quiet Saturdays, closed Sundays.
fn open_days(now_ms: i64) -> Vec<(chrono::NaiveDate, f64)> {
    let today =
        Utc.timestamp_millis_opt(now_ms).single().unwrap_or_else(Utc::now).with_timezone(&Ho_Chi_Minh).date_naive();
    (0..DAYS)
        .rev()
        .map(|ago| today - Duration::days(ago))
        .map(|day| {
            let weight = match day.weekday() {
                Weekday::Mon => 1.5,
                Weekday::Sat => 0.35,
                Weekday::Sun => 0.0,
                _ => 1.0,
            };
            (day, weight)
        })
        .filter(|(_, weight)| *weight > 0.0)
        .collect()
}
