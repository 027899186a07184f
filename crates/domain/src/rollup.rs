//! Rollups (số liệu cộng dồn): what one response adds to the running counts every figure is read from, and how
//! a reporting period is cut into the day and month buckets those counts are kept in.
//!
//! A response counts once in each *dimension* below, per local day and per local month, in its unit and in every
//! unit above it — so a subtree's figures are the rows of its root alone, whatever the tree's size
//! (docs/decisions/009-rollups.md). Responses set apart — flagged as misuse or voided — count only in
//! [`Dimension::Misuse`] or [`Dimension::Void`].

use chrono::{Datelike, NaiveDate};

use super::period::{day_number_to_date, LOCAL_UTC_OFFSET_MS};
use crate::ids::{CounterId, OfficialId, ProcedureId};

mod changes;
pub use changes::{RollupChanges, RollupKey};

pub const DAY_MS: i64 = 86_400_000;
pub const HOUR_MS: i64 = 3_600_000;

/// What a count is broken down by. The stored key is [`Dimension::key`]; the member is an id (counter, official,
/// procedure), a slot (hour of the week) or a text key (question, reason, channel), never more than one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    /// Every counted response, by its overall level.
    All,
    Counter,
    Official,
    Procedure,
    /// The channel's key (`qr`, `kiosk`, …) as the member label.
    Channel,
    /// Hour of the week, `weekday × 24 + hour` (Monday = 0), local time: the heatmap.
    HourOfWeek,
    /// A question of the questionnaire (label = question key), by the level given to it.
    Question,
    /// A reason chip (label = reason key), by the response's overall level.
    Reason,
    /// Responses flagged as misuse (repeat presses), by overall level: counted apart, in no figure.
    Misuse,
    /// Responses a manager voided, by overall level: counted apart, in no figure.
    Void,
    /// Receipt-link ratings by their dossier's coarse flag (member 1 on time, 0 late), by overall level: the
    /// dates themselves are never kept (decision 013).
    Timeliness,
}

impl Dimension {
    pub const ALL: [Dimension; 11] = [
        Dimension::All,
        Dimension::Counter,
        Dimension::Official,
        Dimension::Procedure,
        Dimension::Channel,
        Dimension::HourOfWeek,
        Dimension::Question,
        Dimension::Reason,
        Dimension::Misuse,
        Dimension::Void,
        Dimension::Timeliness,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Dimension::All => "all",
            Dimension::Counter => "counter",
            Dimension::Official => "official",
            Dimension::Procedure => "procedure",
            Dimension::Channel => "channel",
            Dimension::HourOfWeek => "hour",
            Dimension::Question => "question",
            Dimension::Reason => "reason",
            Dimension::Misuse => "misuse",
            Dimension::Void => "void",
            Dimension::Timeliness => "on_time",
        }
    }
}

/// The bucket size of a stored count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grain {
    /// Local calendar days since 1970-01-01.
    Day,
    /// Local calendar months since year 0: `year × 12 + month − 1`.
    Month,
    /// Monday-to-Sunday weeks, named by their Monday's day. Only sums read them: a province's thirty days are four
    /// weeks and a few days, not thirty days of every official (decision 012).
    Week,
}

impl Grain {
    pub fn code(self) -> i64 {
        match self {
            Grain::Day => 0,
            Grain::Month => 1,
            Grain::Week => 2,
        }
    }

    pub fn of_code(code: i64) -> Option<Grain> {
        [Grain::Day, Grain::Month, Grain::Week].into_iter().find(|g| g.code() == code)
    }
}

/// One count to add: `n` responses of `level` for this member of this dimension.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Contribution {
    pub dimension: Dimension,
    pub member: i64,
    pub label: String,
    pub level: u8,
}

/// What of a response the rollups count.
#[derive(Clone, Copy, Debug)]
pub struct Facts<'a> {
    pub submitted_at: i64,
    pub counter_id: Option<CounterId>,
    pub official_id: Option<OfficialId>,
    pub procedure_id: Option<ProcedureId>,
    pub channel: &'a str,
    pub overall: u8,
    pub answers: &'a [(String, u8)],
    pub reasons: &'a [String],
    pub apart: Option<SetApart>,
    /// A receipt-link rating's dossier: its result returned (or due) on time.
    pub on_time: Option<bool>,
}

/// Why a response is in no figure. A void outranks a misuse flag: a voided repeat press counts as voided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetApart {
    Misuse,
    Void,
}

impl SetApart {
    pub fn of(misuse: bool, voided: bool) -> Option<SetApart> {
        match (misuse, voided) {
            (_, true) => Some(SetApart::Void),
            (true, false) => Some(SetApart::Misuse),
            (false, false) => None,
        }
    }
}

/// Everything one response adds, each once (a repeated answer or reason key counts once).
pub fn contributions(facts: &Facts<'_>) -> Vec<Contribution> {
    let level = facts.overall;
    let one = |dimension, member, label: &str| Contribution { dimension, member, label: label.to_owned(), level };
    match facts.apart {
        Some(SetApart::Misuse) => return vec![one(Dimension::Misuse, 0, "")],
        Some(SetApart::Void) => return vec![one(Dimension::Void, 0, "")],
        None => {}
    }
    let mut out = vec![one(Dimension::All, 0, ""), one(Dimension::Channel, 0, facts.channel)];
    // A receipt rating's hour would date it (decision 013): it counts in every figure but the hours of the week.
    if !super::release::daily(facts.channel) {
        out.push(one(Dimension::HourOfWeek, hour_of_week(facts.submitted_at), ""));
    }
    let ids = [
        (Dimension::Counter, facts.counter_id.map(CounterId::get)),
        (Dimension::Official, facts.official_id.map(OfficialId::get)),
        (Dimension::Procedure, facts.procedure_id.map(ProcedureId::get)),
    ];
    out.extend(ids.into_iter().filter_map(|(dimension, id)| id.map(|id| one(dimension, id, ""))));
    out.extend(facts.answers.iter().map(|(key, answer)| Contribution {
        dimension: Dimension::Question,
        member: 0,
        label: key.clone(),
        level: *answer,
    }));
    out.extend(facts.reasons.iter().map(|key| one(Dimension::Reason, 0, key)));
    out.extend(facts.on_time.map(|on_time| one(Dimension::Timeliness, i64::from(on_time), "")));
    out.sort();
    out.dedup_by(|a, b| a.dimension == b.dimension && a.member == b.member && a.label == b.label);
    out
}

/// The local calendar day of an instant (days since 1970-01-01). Vietnam keeps +7 h all year.
pub fn local_day(ms: i64) -> i64 {
    ms.saturating_add(LOCAL_UTC_OFFSET_MS).div_euclid(DAY_MS)
}

/// `weekday × 24 + hour` in local time, Monday = 0. 1970-01-01 was a Thursday.
pub fn hour_of_week(ms: i64) -> i64 {
    let local = ms.saturating_add(LOCAL_UTC_OFFSET_MS);
    let weekday = (local.div_euclid(DAY_MS) + 3).rem_euclid(7);
    weekday * 24 + local.rem_euclid(DAY_MS) / HOUR_MS
}

/// When a local hour starts: the hour of the week `hour_of_week` on the local day `day` (the day's rollups of the
/// hour dimension name their hours so; Vietnam's offset is whole hours, so the hour starts on a UTC hour too).
pub fn hour_start(day: i64, hour_of_week: i64) -> i64 {
    day * DAY_MS + hour_of_week.rem_euclid(24) * HOUR_MS - LOCAL_UTC_OFFSET_MS
}

/// The month bucket of a day bucket; `None` only outside chrono's calendar.
pub fn month_of_day(day: i64) -> Option<i64> {
    day_number_to_date(day).map(|d| i64::from(d.year()) * 12 + i64::from(d.month0()))
}

/// The week bucket of a day bucket: the day of its Monday (1970-01-01 was a Thursday).
pub fn week_of_day(day: i64) -> i64 {
    day - (day + 3).rem_euclid(7)
}

fn first_day_of_month(month: i64) -> Option<i64> {
    let year = i32::try_from(month.div_euclid(12)).ok()?;
    let date = NaiveDate::from_ymd_opt(year, u32::try_from(month.rem_euclid(12)).ok()? + 1, 1)?;
    Some(date.signed_duration_since(NaiveDate::from_ymd_opt(1970, 1, 1)?).num_days())
}

/// The buckets a response at `submitted_at` counts in.
pub fn buckets_of(submitted_at: i64) -> Vec<(Grain, i64)> {
    buckets_of_day(local_day(submitted_at))
}

/// The buckets of local `day` (a day number, as [`local_day`] gives).
pub fn buckets_of_day(day: i64) -> Vec<(Grain, i64)> {
    let mut out = vec![(Grain::Day, day), (Grain::Week, week_of_day(day))];
    out.extend(month_of_day(day).map(|m| (Grain::Month, m)));
    out
}

/// A run of consecutive buckets of one grain, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub grain: Grain,
    pub first: i64,
    pub last: i64,
}

/// Days `[from_day, to_day)` as few buckets as possible, for sums: whole months as month buckets, whole weeks of
/// the ragged ends as week buckets, the rest as days. Summing these buckets counts each response exactly once.
pub fn spans(from_day: i64, to_day: i64) -> Vec<Span> {
    calendar_spans(from_day, to_day)
        .into_iter()
        .flat_map(|span| match span.grain {
            Grain::Day => weeks_within(span.first, span.last),
            Grain::Month | Grain::Week => vec![span],
        })
        .collect()
}

/// Days `[from_day, to_day)` as whole months and days only: the buckets of a series whose points are months.
pub fn calendar_spans(from_day: i64, to_day: i64) -> Vec<Span> {
    if from_day >= to_day {
        return vec![];
    }
    let day_span = |first, last| Span { grain: Grain::Day, first, last };
    let (Some(first_month), Some(last_month)) = (month_of_day(from_day), month_of_day(to_day - 1)) else {
        return vec![day_span(from_day, to_day - 1)];
    };
    // The first month that starts on or after from_day, and the last one that ends before to_day.
    let whole_from = if first_day_of_month(first_month) == Some(from_day) { first_month } else { first_month + 1 };
    let whole_to = if first_day_of_month(last_month + 1) == Some(to_day) { last_month } else { last_month - 1 };
    let (Some(head_end), Some(tail_start)) = (first_day_of_month(whole_from), first_day_of_month(whole_to + 1)) else {
        return vec![day_span(from_day, to_day - 1)];
    };
    if whole_from > whole_to {
        return vec![day_span(from_day, to_day - 1)];
    }
    let mut out = Vec::with_capacity(3);
    if from_day < head_end {
        out.push(day_span(from_day, head_end - 1));
    }
    out.push(Span { grain: Grain::Month, first: whole_from, last: whole_to });
    if tail_start < to_day {
        out.push(day_span(tail_start, to_day - 1));
    }
    out
}

/// Days `first..=last` as the whole weeks within them and the days either side.
fn weeks_within(first: i64, last: i64) -> Vec<Span> {
    let monday = week_of_day(first + 6); // the first Monday on or after `first`
    let next = week_of_day(last + 1); // the Monday after the last whole week
    if monday >= next {
        return vec![Span { grain: Grain::Day, first, last }];
    }
    let mut out = Vec::with_capacity(3);
    if first < monday {
        out.push(Span { grain: Grain::Day, first, last: monday - 1 });
    }
    out.push(Span { grain: Grain::Week, first: monday, last: next - 7 });
    if next <= last {
        out.push(Span { grain: Grain::Day, first: next, last });
    }
    out
}

#[cfg(test)]
mod tests;
