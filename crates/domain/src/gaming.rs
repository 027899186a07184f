//! Patterns that call for a look (dấu hiệu bất thường): what one official's or one counter's latest ratings show
//! that honest service rarely does — a burst far above their usual rate, ratings at the counter outside opening
//! hours, a long run of one level from few phones, a large share of flagged ratings. A pattern hides nothing: it is
//! shown on the dashboard and raised to the unit's managers, who look at the register and decide.

use super::alert::OpeningHours;
use super::rating::Level;

/// The window a pattern is read over: the last day.
pub const WINDOW_MS: i64 = 86_400_000;
const HOUR_MS: i64 = 3_600_000;

/// A burst: at least this many ratings in the last hour…
const BURST_MIN: usize = 10;
/// …and this many times the usual ratings per opening hour.
const BURST_FACTOR: f64 = 5.0;
/// Outside opening hours: at least this many of the day's ratings at the counter, and this share of them.
const OFF_HOURS_MIN: usize = 5;
const OFF_HOURS_SHARE: f64 = 0.3;
/// A run: the latest this-many ratings from phones all of one level…
const RUN_MIN: usize = 15;
/// …from at most this many phones.
const RUN_PHONES: usize = 3;
/// Flagged: at least this many of the day's ratings, and this share of them.
const FLAGGED_MIN: usize = 10;
const FLAGGED_SHARE: f64 = 0.3;

/// The patterns, each raised as an alert of its own kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Pattern {
    Burst,
    OffHours,
    OneLevelRun,
    FlaggedShare,
}

impl Pattern {
    pub const ALL: [Pattern; 4] = [Pattern::Burst, Pattern::OffHours, Pattern::OneLevelRun, Pattern::FlaggedShare];
}

/// Where a rating came from, as far as the patterns care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A tablet at the counter.
    Tablet,
    /// A phone at the counter (a QR code), known by its hash of the day.
    CounterPhone,
    /// A phone anywhere (a receipt link: rated at home, at any hour).
    Phone,
    /// Paper forms and surveyors' interviews, keyed by staff at any hour.
    Keyed,
}

/// One of the day's ratings of an official or a counter, flagged ones included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recent {
    pub at_ms: i64,
    pub level: Level,
    pub flagged: bool,
    pub source: Source,
    /// The phone's hash of the day, for ratings from phones.
    pub phone: Option<String>,
}

/// A pattern found, with the numbers that explain it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub pattern: Pattern,
    /// How many ratings show it, and out of how many (or, for a burst, the usual count per hour, rounded up).
    pub count: usize,
    pub of: usize,
    /// A run's level.
    pub level: Option<Level>,
}

/// The patterns `recent` (the last day's ratings, oldest first) shows at `now_ms`, given the usual ratings per
/// opening hour over the weeks before.
pub fn patterns(recent: &[Recent], usual_per_hour: f64, hours: &OpeningHours, now_ms: i64) -> Vec<Finding> {
    let mut found = vec![];
    let last_hour = recent.iter().filter(|r| r.at_ms > now_ms - HOUR_MS).count();
    let usual = usual_per_hour.max(1.0);
    if last_hour >= BURST_MIN && last_hour as f64 >= BURST_FACTOR * usual {
        let of = usual.ceil() as usize;
        found.push(Finding { pattern: Pattern::Burst, count: last_hour, of, level: None });
    }
    let at_counter: Vec<&Recent> =
        recent.iter().filter(|r| matches!(r.source, Source::Tablet | Source::CounterPhone)).collect();
    let off_hours = at_counter.iter().filter(|r| !hours.is_open(r.at_ms)).count();
    if off_hours >= OFF_HOURS_MIN && off_hours as f64 >= OFF_HOURS_SHARE * at_counter.len() as f64 {
        found.push(Finding { pattern: Pattern::OffHours, count: off_hours, of: at_counter.len(), level: None });
    }
    let phones: Vec<&Recent> = recent.iter().filter(|r| r.phone.is_some()).collect();
    if let Some(last) = phones.last().filter(|_| phones.len() >= RUN_MIN) {
        let run: Vec<&&Recent> = phones.iter().rev().take_while(|r| r.level == last.level).collect();
        let mut distinct: Vec<&str> = run.iter().filter_map(|r| r.phone.as_deref()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        if run.len() >= RUN_MIN && distinct.len() <= RUN_PHONES {
            let finding = Finding {
                pattern: Pattern::OneLevelRun,
                count: run.len(),
                of: distinct.len(),
                level: Some(last.level),
            };
            found.push(finding);
        }
    }
    let flagged = recent.iter().filter(|r| r.flagged).count();
    if flagged >= FLAGGED_MIN && flagged as f64 >= FLAGGED_SHARE * recent.len() as f64 {
        found.push(Finding { pattern: Pattern::FlaggedShare, count: flagged, of: recent.len(), level: None });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Asia::Ho_Chi_Minh;

    const MIN: i64 = 60_000;

    /// Tuesday 2026-12-08 at `hour`:`minute`, local time.
    fn at(hour: u32, minute: u32) -> i64 {
        Ho_Chi_Minh.with_ymd_and_hms(2026, 12, 8, hour, minute, 0).unwrap().timestamp_millis()
    }

    fn rating(at_ms: i64, level: Level, source: Source, phone: Option<&str>) -> Recent {
        Recent { at_ms, level, flagged: false, source, phone: phone.map(str::to_owned) }
    }

    /// A normal day: a citizen every 20 minutes from 8:00, each from their own phone, mostly Tốt.
    fn honest_day(until: i64) -> Vec<Recent> {
        (0..)
            .map(|i| at(8, 0) + i * 20 * MIN)
            .take_while(|t| *t < until)
            .enumerate()
            .map(|(i, t)| {
                let level = if i % 4 == 0 { Level::Fair } else { Level::Good };
                rating(t, level, Source::CounterPhone, Some(&format!("p{i}")))
            })
            .collect()
    }

    #[test]
    fn an_honest_day_shows_nothing() {
        let day = honest_day(at(16, 30));
        assert!(patterns(&day, 2.5, &OpeningHours::OFFICE, at(16, 30)).is_empty());
    }

    #[test]
    fn a_burst_far_above_the_usual_rate_shows() {
        let mut day = honest_day(at(10, 0));
        day.extend((0..25).map(|i| rating(at(10, 5) + i * 2_000, Level::VeryGood, Source::CounterPhone, Some("x"))));
        let found = patterns(&day, 2.5, &OpeningHours::OFFICE, at(10, 30));
        assert_eq!(found[0], Finding { pattern: Pattern::Burst, count: 25 + 1, of: 3, level: None });
        assert!(found.iter().any(|f| f.pattern == Pattern::OneLevelRun && f.of == 1), "{found:?}");
        let busy = patterns(&day, 8.0, &OpeningHours::OFFICE, at(10, 30));
        assert!(busy.iter().all(|f| f.pattern != Pattern::Burst), "a busy counter's usual hour is no burst");
    }

    #[test]
    fn ratings_at_the_counter_at_night_show_but_receipts_from_home_do_not() {
        let night: Vec<Recent> =
            (0..6).map(|i| rating(at(21, 0) + i * 30 * MIN, Level::VeryGood, Source::Tablet, None)).collect();
        let found = patterns(&night, 2.0, &OpeningHours::OFFICE, at(23, 59));
        assert_eq!(found, [Finding { pattern: Pattern::OffHours, count: 6, of: 6, level: None }]);
        let from_home: Vec<Recent> = night.iter().map(|r| Recent { source: Source::Phone, ..r.clone() }).collect();
        assert!(patterns(&from_home, 2.0, &OpeningHours::OFFICE, at(23, 59)).is_empty());
    }

    #[test]
    fn a_long_run_of_one_level_from_few_phones_shows_and_from_many_does_not() {
        let phones = ["a", "b", "c"];
        let run: Vec<Recent> = (0..15)
            .map(|i| {
                rating(at(8, 0) + i * 30 * MIN, Level::VeryGood, Source::CounterPhone, Some(phones[i as usize % 3]))
            })
            .collect();
        let found = patterns(&run, 2.0, &OpeningHours::OFFICE, at(16, 0));
        assert_eq!(found, [Finding { pattern: Pattern::OneLevelRun, count: 15, of: 3, level: Some(Level::VeryGood) }]);
        let many: Vec<Recent> =
            run.iter().enumerate().map(|(i, r)| Recent { phone: Some(format!("p{i}")), ..r.clone() }).collect();
        assert!(patterns(&many, 2.0, &OpeningHours::OFFICE, at(16, 0)).is_empty(), "fifteen happy citizens");
    }

    #[test]
    fn a_large_share_of_flagged_ratings_shows() {
        let mut day = honest_day(at(16, 0));
        let honest = day.len();
        day.extend((0..12).map(|i| Recent {
            flagged: true,
            ..rating(at(8, 15) + i * 30 * MIN, Level::VeryGood, Source::Tablet, None)
        }));
        day.sort_by_key(|r| r.at_ms);
        let found = patterns(&day, 2.5, &OpeningHours::OFFICE, at(16, 0));
        assert_eq!(found, [Finding { pattern: Pattern::FlaggedShare, count: 12, of: honest + 12, level: None }]);
    }
}
