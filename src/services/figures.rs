//! Figures of a unit's subtree over whole local days: the counts from the rollups, the arithmetic from
//! `domain::index`. Shared by the dashboard and the JSON API so they never disagree.

use std::collections::BTreeMap;

use crate::domain::index::{IndexInput, IndexMethod, LevelCounts, UnitSummary};
use chrono::{DateTime, Utc};

use crate::domain::ids::{OfficialId, UnitId};
use crate::domain::period::{day_number_to_date, month_display, Choice, LOCAL_UTC_OFFSET_MS};
use crate::domain::questionnaire::{Factor, Questionnaire};
use crate::domain::rollup::{calendar_spans, local_day, month_of_day, spans, Dimension, Grain, Span};
use crate::store::{Scope, Store, StoreResult, Tally};

const DAY_MS: i64 = 86_400_000;
/// Longer windows trend by month: a year of daily points says less than twelve monthly ones.
const DAILY_TREND_MAX_DAYS: i64 = 62;

/// What a figure covers: a unit's subtree over local days `[from_day, to_day)`, or only one official's ratings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub unit_id: UnitId,
    pub from_day: i64,
    pub to_day: i64,
    pub official_id: Option<OfficialId>,
}

impl Window {
    /// The whole local days of a `[from, to)` instant range (as `Period::range` gives).
    pub fn of(unit_id: UnitId, (from_ms, to_ms): (i64, i64)) -> Window {
        Window { unit_id, from_day: local_day(from_ms), to_day: local_day(to_ms - 1) + 1, official_id: None }
    }

    /// The whole local days of a chosen period (a preset as of `now`, or typed dates).
    pub fn chosen(unit_id: UnitId, choice: &Choice, now: DateTime<Utc>) -> Window {
        match choice {
            Choice::Preset(period) => Window::of(unit_id, period.range(now)),
            Choice::Custom { first, end, .. } => Window { unit_id, from_day: *first, to_day: *end, official_id: None },
        }
    }

    pub fn spans(&self) -> Vec<Span> {
        spans(self.from_day, self.to_day)
    }

    /// As many days, just before: the period a figure is compared with.
    pub fn previous(&self) -> Window {
        let days = self.to_day - self.from_day;
        Window { from_day: self.from_day - days, to_day: self.from_day, ..*self }
    }

    /// The window as instants, for lists of single responses.
    pub fn scope(&self) -> Scope {
        let ms = |day: i64| day * DAY_MS - LOCAL_UTC_OFFSET_MS;
        Scope {
            unit_id: self.unit_id,
            from_ms: ms(self.from_day),
            to_ms: ms(self.to_day),
            official_id: self.official_id,
        }
    }

    /// An official's window counts their ratings only, through the official dimension.
    fn counted_as(&self) -> (Dimension, Option<i64>) {
        match self.official_id {
            Some(id) => (Dimension::Official, Some(id.get())),
            None => (Dimension::All, None),
        }
    }
}

/// The headline, composite and factor indexes. An official's window has no factor answers per official, so only
/// the overall question counts there.
pub async fn summary(store: &Store, questionnaire: &Questionnaire, window: &Window) -> StoreResult<UnitSummary> {
    let spans = window.spans();
    let (dimension, member) = window.counted_as();
    let overall = sum(&store.rollup_totals(window.unit_id, dimension, &spans, member).await?);
    let answers: BTreeMap<String, LevelCounts> = match window.official_id {
        Some(_) => BTreeMap::new(),
        None => {
            let tallies = store.rollup_totals(window.unit_id, Dimension::Question, &spans, None).await?;
            tallies.into_iter().map(|t| (t.label, t.counts)).collect()
        }
    };
    let method = IndexMethod::default();
    let indexes = method.compute(&index_input(overall, &answers, questionnaire));
    Ok(UnitSummary { method, overall, indexes })
}

/// Counts per member of a breakdown (counter, official, procedure, channel, reason, hour of the week).
pub async fn breakdown(store: &Store, window: &Window, dimension: Dimension) -> StoreResult<Vec<Tally>> {
    store.rollup_totals(window.unit_id, dimension, &window.spans(), None).await
}

/// Responses of the window kept out of every figure, counted apart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SetApart {
    /// Flagged as misuse (kiosk repeat presses).
    pub misuse: u64,
    /// Voided by a manager.
    pub voided: u64,
}

pub async fn set_apart(store: &Store, window: &Window) -> StoreResult<SetApart> {
    let (misuse, voided) =
        tokio::try_join!(breakdown(store, window, Dimension::Misuse), breakdown(store, window, Dimension::Void))?;
    Ok(SetApart { misuse: sum(&misuse).total(), voided: sum(&voided).total() })
}

/// Responses ÷ transactions over the calendar months a window touches (transactions are counted per month).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResponseRate {
    pub responses: u64,
    pub transactions: i64,
    pub first_month: i64,
    pub last_month: i64,
}

impl ResponseRate {
    /// `None` while no transactions are known.
    pub fn value(&self) -> Option<f64> {
        (self.transactions > 0).then(|| self.responses as f64 / self.transactions as f64)
    }
}

/// The response rate of `window`'s subtree (`units`, the window's unit and those beneath it).
pub async fn response_rate(store: &Store, window: &Window, units: &[UnitId]) -> StoreResult<ResponseRate> {
    let first_month = month_of_day(window.from_day).unwrap_or_default();
    let last_month = month_of_day(window.to_day - 1).unwrap_or(first_month);
    let months = [Span { grain: Grain::Month, first: first_month, last: last_month }];
    let (dimension, member) = window.counted_as();
    let (responses, transactions) = tokio::try_join!(
        store.rollup_totals(window.unit_id, dimension, &months, member),
        store.transactions_in(units, first_month, last_month),
    )?;
    Ok(ResponseRate { responses: sum(&responses).total(), transactions, first_month, last_month })
}

/// One point of a trend: a day (`dd/mm`) or a month (`mm/yyyy`) with its counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrendPoint {
    pub label: String,
    pub counts: LevelCounts,
}

/// Every day (or month, for long windows) of the window, quiet ones included, so gaps show as gaps.
pub async fn trend(store: &Store, window: &Window) -> StoreResult<Vec<TrendPoint>> {
    let (dimension, member) = window.counted_as();
    let monthly = window.to_day - window.from_day > DAILY_TREND_MAX_DAYS;
    // Daily points read day buckets only: a whole month inside the window must not arrive as one bucket.
    let spans = match monthly {
        true => calendar_spans(window.from_day, window.to_day),
        false => vec![Span { grain: Grain::Day, first: window.from_day, last: window.to_day - 1 }],
    };
    let buckets = store.rollup_series(window.unit_id, dimension, &spans, member).await?;
    let mut points: BTreeMap<i64, LevelCounts> = BTreeMap::new();
    for bucket in buckets {
        let key = match bucket.grain {
            Grain::Day if monthly => month_of_day(bucket.period).unwrap_or_default(),
            Grain::Day | Grain::Month => bucket.period,
            Grain::Week => continue, // never asked for
        };
        points.entry(key).or_default().merge(bucket.counts);
    }
    let keys: Vec<i64> = if monthly {
        let first = month_of_day(window.from_day).unwrap_or_default();
        (first..=month_of_day(window.to_day - 1).unwrap_or(first)).collect()
    } else {
        (window.from_day..window.to_day).collect()
    };
    Ok(keys
        .into_iter()
        .map(|key| TrendPoint {
            label: if monthly { month_display(key) } else { day_label(key) },
            counts: points.get(&key).copied().unwrap_or_default(),
        })
        .collect())
}

fn day_label(day: i64) -> String {
    day_number_to_date(day).map(|d| d.format("%d/%m").to_string()).unwrap_or_default()
}

fn sum(tallies: &[Tally]) -> LevelCounts {
    tallies.iter().fold(LevelCounts::default(), |mut all, t| {
        all.merge(t.counts);
        all
    })
}

/// Each factor with the counts of its criteria, as the questionnaire defines them.
fn index_input(overall: LevelCounts, answers: &BTreeMap<String, LevelCounts>, q: &Questionnaire) -> IndexInput {
    let factors = Factor::ALL
        .into_iter()
        .map(|factor| {
            let criteria =
                q.questions_of(factor).map(|question| answers.get(&question.key).copied().unwrap_or_default());
            (factor, criteria.collect())
        })
        .collect();
    IndexInput { overall, factors }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_window_is_whole_local_days_and_its_previous_as_long() {
        let from = Utc.with_ymd_and_hms(2026, 11, 23, 17, 0, 0).unwrap().timestamp_millis(); // 24/11 00:00 local
        let window = Window::of(UnitId::new(3), (from, from + 7 * DAY_MS));
        assert_eq!(window.to_day - window.from_day, 7);
        assert_eq!(window.scope().from_ms, from);
        assert_eq!(window.scope().to_ms, from + 7 * DAY_MS);
        let previous = window.previous();
        assert_eq!((previous.from_day, previous.to_day), (window.from_day - 7, window.from_day));
        assert_eq!(day_label(window.from_day), "24/11");
    }
}
