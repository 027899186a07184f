//! Alert rules (quy tắc cảnh báo) a unit's managers set, and when each one fires. Pure: the counting loop feeds in
//! what was just counted and what the window holds, and gets back whether to raise an alert.

use chrono::{Datelike, NaiveTime, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Asia::Ho_Chi_Minh;

use super::gaming::Pattern;
use super::index::satisfaction_index;

/// What a rule watches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleKind {
    /// Every Chưa tốt rating.
    Poor,
    /// The satisfaction index of the last `window_hours`, once at least `min_count` ratings stand behind it, below
    /// `threshold_percent`.
    LowIndex,
    /// A counter of the unit with no rating for `window_hours` of opening hours.
    SilentCounter,
    /// An official or a counter of the unit whose latest ratings show a pattern that calls for a look
    /// (`domain::gaming`); every unit has these four from the start, and its managers may remove them.
    Pattern(Pattern),
}

impl RuleKind {
    pub const ALL: [RuleKind; 7] = [
        RuleKind::Poor,
        RuleKind::LowIndex,
        RuleKind::SilentCounter,
        RuleKind::Pattern(Pattern::Burst),
        RuleKind::Pattern(Pattern::OffHours),
        RuleKind::Pattern(Pattern::OneLevelRun),
        RuleKind::Pattern(Pattern::FlaggedShare),
    ];

    pub fn key(self) -> &'static str {
        match self {
            RuleKind::Poor => "poor",
            RuleKind::LowIndex => "low_index",
            RuleKind::SilentCounter => "silent_counter",
            RuleKind::Pattern(Pattern::Burst) => "burst",
            RuleKind::Pattern(Pattern::OffHours) => "off_hours",
            RuleKind::Pattern(Pattern::OneLevelRun) => "one_level_run",
            RuleKind::Pattern(Pattern::FlaggedShare) => "flagged_share",
        }
    }

    pub fn parse(key: &str) -> Option<RuleKind> {
        RuleKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// A rule as the managers set it; the fields a kind does not use are ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub kind: RuleKind,
    pub threshold_percent: u8,
    pub window_hours: u32,
    pub min_count: u32,
}

/// Why a rule cannot be kept as given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleError {
    Threshold,
    Window,
    MinCount,
}

impl Rule {
    /// Checks the numbers a form gave: a threshold of 1–99 %, a window of 1 hour to 31 days, 1–10,000 ratings.
    pub fn new(kind: RuleKind, threshold_percent: u32, window_hours: u32, min_count: u32) -> Result<Rule, RuleError> {
        let uses = |k: &[RuleKind]| k.contains(&kind);
        if uses(&[RuleKind::LowIndex]) && !(1..=99).contains(&threshold_percent) {
            return Err(RuleError::Threshold);
        }
        if uses(&[RuleKind::LowIndex, RuleKind::SilentCounter]) && !(1..=744).contains(&window_hours) {
            return Err(RuleError::Window);
        }
        if uses(&[RuleKind::LowIndex]) && !(1..=10_000).contains(&min_count) {
            return Err(RuleError::MinCount);
        }
        let threshold_percent = u8::try_from(threshold_percent).unwrap_or(0);
        Ok(Rule { kind, threshold_percent, window_hours, min_count })
    }

    /// A low-index rule fires when the window holds enough ratings and their index is under the threshold.
    pub fn index_breached(&self, satisfied: u64, total: u64) -> bool {
        self.kind == RuleKind::LowIndex
            && total >= u64::from(self.min_count)
            && satisfaction_index(satisfied, total).is_some_and(|index| index < f64::from(self.threshold_percent))
    }
}

/// Opening hours of the one-stop counters (giờ làm việc): weekdays, from `opens` to `closes`, local time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpeningHours {
    pub opens: NaiveTime,
    pub closes: NaiveTime,
    /// Saturday mornings too (many one-stop counters open then).
    pub saturday: bool,
}

impl OpeningHours {
    /// Offices' usual hours: Monday to Friday, 7:30 to 17:00.
    pub const OFFICE: OpeningHours = OpeningHours {
        opens: match NaiveTime::from_hms_opt(7, 30, 0) {
            Some(t) => t,
            None => NaiveTime::MIN,
        },
        closes: match NaiveTime::from_hms_opt(17, 0, 0) {
            Some(t) => t,
            None => NaiveTime::MIN,
        },
        saturday: false,
    };

    /// Hours typed as `HH:MM-HH:MM` (local time, opening before closing), Monday to Friday and, when `saturday`,
    /// Saturday too.
    pub fn parse(hours: &str, saturday: bool) -> Result<OpeningHours, String> {
        let time = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").ok();
        let (opens, closes) = hours.split_once('-').ok_or_else(|| format!("expected HH:MM-HH:MM, got {hours:?}"))?;
        match (time(opens), time(closes)) {
            (Some(opens), Some(closes)) if opens < closes => Ok(OpeningHours { opens, closes, saturday }),
            _ => Err(format!("expected HH:MM-HH:MM with opening before closing, got {hours:?}")),
        }
    }

    /// How many milliseconds of opening hours lie in `[from_ms, to_ms)`, counted hour by hour (close enough for
    /// windows of hours: counters open and close on the hour or half hour).
    pub fn open_ms_between(&self, from_ms: i64, to_ms: i64) -> i64 {
        const STEP: i64 = 15 * 60_000;
        let mut open = 0;
        let mut at = from_ms;
        while at < to_ms {
            if self.is_open(at) {
                open += STEP.min(to_ms - at);
            }
            at += STEP;
        }
        open
    }

    pub fn is_open(&self, ms: i64) -> bool {
        let Some(local) = Utc.timestamp_millis_opt(ms).single().map(|t| t.with_timezone(&Ho_Chi_Minh)) else {
            return false;
        };
        let day_open = match local.weekday() {
            Weekday::Sun => false,
            Weekday::Sat => self.saturday,
            _ => true,
        };
        let time = NaiveTime::from_hms_opt(local.hour(), local.minute(), 0).unwrap_or(NaiveTime::MIN);
        day_open && time >= self.opens && time < self.closes
    }
}

/// A counter is silent when no rating came during the rule's hours of opening time: now is opening time, and the
/// opening hours since its last rating (or since it started being watched) add up to the window.
pub fn counter_silent(
    rule: &Rule,
    hours: &OpeningHours,
    last_rating_ms: Option<i64>,
    watched_since_ms: i64,
    now_ms: i64,
) -> bool {
    if rule.kind != RuleKind::SilentCounter || !hours.is_open(now_ms) {
        return false;
    }
    let since = last_rating_ms.unwrap_or(watched_since_ms).max(watched_since_ms);
    let window_ms = i64::from(rule.window_hours) * 3_600_000;
    // Opening time is scanned only as far back as it can matter: three windows of calendar time, or four days (a
    // weekend and then some), whichever is longer.
    let from = since.max(now_ms.saturating_sub(window_ms.saturating_mul(3).max(4 * 86_400_000)));
    since < now_ms && hours.open_ms_between(from, now_ms) >= window_ms
}

#[cfg(test)]
mod tests;
