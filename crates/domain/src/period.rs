//! Reporting periods, in local time (Asia/Ho_Chi_Minh): stored times are UTC, days begin at local midnight.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Ho_Chi_Minh;
use serde::{Deserialize, Serialize};

/// Vietnam keeps +07:00 all year (no daylight saving), so day buckets in SQL can use one fixed offset.
pub const LOCAL_UTC_OFFSET_MS: i64 = 7 * 3600 * 1000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Period {
    #[serde(rename = "today")]
    Today,
    #[serde(rename = "7d")]
    Last7Days,
    #[default]
    #[serde(rename = "30d")]
    Last30Days,
    #[serde(rename = "month")]
    Month,
    #[serde(rename = "quarter")]
    Quarter,
    #[serde(rename = "year")]
    Year,
}

impl Period {
    pub const ALL: [Period; 6] =
        [Period::Today, Period::Last7Days, Period::Last30Days, Period::Month, Period::Quarter, Period::Year];

    pub fn key(self) -> &'static str {
        match self {
            Period::Today => "today",
            Period::Last7Days => "7d",
            Period::Last30Days => "30d",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }

    /// Unknown values fall back to the default period rather than failing a dashboard.
    pub fn parse(value: Option<&str>) -> Period {
        Period::ALL.into_iter().find(|p| Some(p.key()) == value).unwrap_or_default()
    }

    pub fn index(self) -> usize {
        Period::ALL.iter().position(|p| *p == self).unwrap_or_default()
    }

    /// The half-open UTC range `[from, to)` in milliseconds covering this period, ending with today.
    pub fn range(self, now: DateTime<Utc>) -> (i64, i64) {
        let today = local_date(now);
        let first_day = match self {
            Period::Today => today,
            Period::Last7Days => today - Duration::days(6),
            Period::Last30Days => today - Duration::days(29),
            Period::Month => today.with_day(1).unwrap_or(today),
            Period::Quarter => {
                let first_month = (today.month0() / 3) * 3 + 1;
                NaiveDate::from_ymd_opt(today.year(), first_month, 1).unwrap_or(today)
            }
            Period::Year => NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today),
        };
        (local_midnight_ms(first_day), local_midnight_ms(today + Duration::days(1)))
    }
}

/// The date in Vietnam at `now`.
/// The period a view shows: a preset, or two typed dates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    Preset(Period),
    /// `from`–`to` as typed (both included), and as local day numbers `[first, end)`.
    Custom {
        from: String,
        to: String,
        first: i64,
        end: i64,
    },
}

impl Default for Choice {
    fn default() -> Choice {
        Choice::Preset(Period::default())
    }
}

impl Choice {
    /// What `period=`, `from=` and `to=` ask for. `Err` holds the default a view shows instead when a custom
    /// period was asked with dates that do not make one (the view says so).
    pub fn parse(period: Option<&str>, from: Option<&str>, to: Option<&str>) -> Result<Choice, Choice> {
        if period != Some("custom") {
            return Ok(Choice::Preset(Period::parse(period)));
        }
        let (from, to) = (from.unwrap_or_default().trim(), to.unwrap_or_default().trim());
        match custom_days(from, to) {
            Some((first, end)) => Ok(Choice::Custom { from: from.to_owned(), to: to.to_owned(), first, end }),
            None => Err(Choice::Preset(Period::default())),
        }
    }

    /// The `period` field's value: a preset's key or `custom`.
    pub fn key(&self) -> &'static str {
        match self {
            Choice::Preset(p) => p.key(),
            Choice::Custom { .. } => "custom",
        }
    }

    /// The query string that asks for this period again (for links that keep it).
    pub fn query(&self) -> String {
        match self {
            Choice::Preset(p) => format!("period={}", p.key()),
            Choice::Custom { from, to, .. } => format!("period=custom&from={from}&to={to}"),
        }
    }
}

/// The longest custom period a view accepts, in days: three years.
pub const MAX_CUSTOM_DAYS: i64 = 3 * 366;

/// A custom period typed as two dates (`YYYY-MM-DD`, both included) as local day numbers `[first, end)`; `None`
/// when a date does not parse, the end is before the start, or the span is longer than [`MAX_CUSTOM_DAYS`].
pub fn custom_days(from: &str, to: &str) -> Option<(i64, i64)> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    let day = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok().map(|d| (d - epoch).num_days());
    let (first, end) = (day(from)?, day(to)? + 1);
    (first < end && end - first <= MAX_CUSTOM_DAYS).then_some((first, end))
}

pub fn local_date(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&Ho_Chi_Minh).date_naive()
}

/// UTC milliseconds of local midnight starting `day`.
pub fn local_midnight_ms(day: NaiveDate) -> i64 {
    let midnight = day.and_time(NaiveTime::MIN);
    Ho_Chi_Minh
        .from_local_datetime(&midnight)
        .earliest()
        .map_or(midnight.and_utc().timestamp_millis() - LOCAL_UTC_OFFSET_MS, |t| t.timestamp_millis())
}

/// The local date of a day number as produced by `Store::daily_counts`.
pub fn day_number_to_date(day: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1970, 1, 1)?.checked_add_signed(Duration::try_days(day)?)
}

/// Local `dd/mm HH:MM` of a stored UTC time.
/// An instant as RFC 3339 in Vietnam's time (`2026-11-24T08:30:00+07:00`), as the API and webhooks give times.
pub fn local_rfc3339(ms: i64) -> Option<String> {
    let local = chrono::FixedOffset::east_opt((LOCAL_UTC_OFFSET_MS / 1000) as i32)?;
    local.timestamp_millis_opt(ms).single().map(|t| t.to_rfc3339())
}

/// A calendar month written `YYYY-MM` as rollups number months (`year × 12 + month − 1`); `None` unless it is one.
pub fn parse_month(text: &str) -> Option<i64> {
    let (year, month) = text.trim().split_once('-')?;
    let (year, month): (i64, i64) = (year.parse().ok()?, month.parse().ok()?);
    (year.to_string().len() == 4 && (1..=12).contains(&month)).then_some(year * 12 + month - 1)
}

/// `YYYY-MM` of a month number.
pub fn month_label(month: i64) -> String {
    format!("{:04}-{:02}", month.div_euclid(12), month.rem_euclid(12) + 1)
}

/// [`parse_month_label`] as the API's description states it.
pub const MONTH_PATTERN: &str = r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])$";

/// A month written exactly as [`month_label`] writes it — the API's form, which its description states as a pattern;
/// [`parse_month`] also takes what people type in a file (`2026-1`, spaces around).
pub fn parse_month_label(text: &str) -> Option<i64> {
    parse_month(text).filter(|&month| month_label(month) == text)
}

/// A date written exactly `YYYY-MM-DD` (JSON Schema's `format: date`, as the API describes its dates), from year 1:
/// no spaces around, no one-digit month or day.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    (day.year() >= 1 && day.format("%Y-%m-%d").to_string() == text).then_some(day)
}

/// A month number as people read it: `11/2026`.
pub fn month_display(month: i64) -> String {
    format!("{:02}/{}", month.rem_euclid(12) + 1, month.div_euclid(12))
}

pub fn local_time_label(ms: i64) -> String {
    Utc.timestamp_millis_opt(ms)
        .single()
        .map(|t| t.with_timezone(&Ho_Chi_Minh).format("%d/%m %H:%M").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_is_a_preset_or_two_dates_that_make_a_period() {
        assert_eq!(Choice::parse(Some("year"), None, None), Ok(Choice::Preset(Period::Year)));
        assert_eq!(Choice::parse(None, Some("2026-01-01"), None), Ok(Choice::Preset(Period::Last30Days)));
        let custom = Choice::parse(Some("custom"), Some("2026-07-01"), Some("2026-09-30")).unwrap();
        assert_eq!(custom.query(), "period=custom&from=2026-07-01&to=2026-09-30");
        assert_eq!(custom.key(), "custom");
        assert_eq!(Choice::parse(Some("custom"), Some("2026-07-01"), None), Err(Choice::Preset(Period::Last30Days)));
    }

    #[test]
    fn a_custom_period_is_whole_days_both_ends_included() {
        let (first, end) = custom_days("2026-07-01", " 2026-09-30").unwrap();
        assert_eq!(end - first, 92, "a quarter of 31 + 31 + 30 days");
        assert_eq!(day_number_to_date(first), NaiveDate::from_ymd_opt(2026, 7, 1));
        assert_eq!(custom_days("2026-11-24", "2026-11-24").map(|(a, b)| b - a), Some(1));
        assert_eq!(custom_days("2026-11-25", "2026-11-24"), None, "the end before the start");
        assert_eq!(custom_days("24/11/2026", "2026-11-24"), None, "not a YYYY-MM-DD date");
        assert_eq!(custom_days("2026-02-30", "2026-03-01"), None, "no such day");
        assert_eq!(custom_days("2020-01-01", "2026-01-01"), None, "longer than three years");
    }

    #[test]
    fn today_starts_at_local_midnight_which_is_17h_utc_the_day_before() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).unwrap(); // 10:00 in Hanoi
        let (from, to) = Period::Today.range(now);
        assert_eq!(from, Utc.with_ymd_and_hms(2026, 11, 22, 17, 0, 0).unwrap().timestamp_millis());
        assert_eq!(to - from, 86_400_000);
    }

    #[test]
    fn late_evening_utc_is_already_tomorrow_in_vietnam() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 18, 30, 0).unwrap(); // 01:30 on the 24th locally
        let (from, _) = Period::Today.range(now);
        assert_eq!(from, Utc.with_ymd_and_hms(2026, 11, 23, 17, 0, 0).unwrap().timestamp_millis());
    }

    #[test]
    fn quarter_of_23_november_starts_on_1_october() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).unwrap();
        let (from, _) = Period::Quarter.range(now);
        assert_eq!(from, Utc.with_ymd_and_hms(2026, 9, 30, 17, 0, 0).unwrap().timestamp_millis());
    }

    #[test]
    fn month_and_year_run_from_their_first_day_to_today() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).unwrap();
        let (from, to) = Period::Month.range(now);
        assert_eq!(from, Utc.with_ymd_and_hms(2026, 10, 31, 17, 0, 0).unwrap().timestamp_millis());
        assert_eq!((to - from) / 86_400_000, 23);
        let (from, _) = Period::Year.range(now);
        assert_eq!(from, Utc.with_ymd_and_hms(2025, 12, 31, 17, 0, 0).unwrap().timestamp_millis());
    }

    #[test]
    fn seven_days_cover_today_and_six_before() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).unwrap();
        let (from, to) = Period::Last7Days.range(now);
        assert_eq!((to - from) / 86_400_000, 7);
    }

    #[test]
    fn day_numbers_match_the_sql_bucket() {
        let ms = Utc.with_ymd_and_hms(2026, 11, 22, 17, 30, 0).unwrap().timestamp_millis();
        let day = (ms + LOCAL_UTC_OFFSET_MS) / 86_400_000;
        assert_eq!(day_number_to_date(day), NaiveDate::from_ymd_opt(2026, 11, 23));
        assert_eq!(day_number_to_date(i64::MIN), None, "a nonsense day is no date, never a panic");
    }

    #[test]
    fn unknown_period_falls_back_to_30_days() {
        assert_eq!(Period::parse(Some("decade")), Period::Last30Days);
        assert_eq!(Period::parse(None), Period::Last30Days);
        assert_eq!(Period::parse(Some("today")), Period::Today);
        assert_eq!(Period::parse(Some("year")), Period::Year);
    }

    #[test]
    fn months_are_read_as_written() {
        assert_eq!(parse_month("2026-11"), Some(2026 * 12 + 10));
        assert_eq!(month_label(2026 * 12 + 10), "2026-11");
        assert_eq!(month_display(2026 * 12 + 10), "11/2026");
        for bad in ["2026-13", "2026-00", "26-11", "2026", "2026-1x", ""] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_api_takes_months_and_days_only_as_written() {
        assert_eq!(parse_month_label("2026-11"), parse_month("2026-11"));
        for loose in ["2026-1", " 2026-11", "2026-11 ", "+2026-11", "2026-+1", "2026-011"] {
            assert!(parse_month(loose).is_some(), "a file may say {loose:?}");
            assert_eq!(parse_month_label(loose), None, "the API refuses {loose:?}");
        }
        assert_eq!(parse_day("2026-11-20"), NaiveDate::from_ymd_opt(2026, 11, 20));
        for bad in
            ["2026-11-31", "2026-1-5", " 2026-11-20", "2026-11-20 ", "20/11/2026", "+2026-11-20", "0000-01-01", ""]
        {
            assert_eq!(parse_day(bad), None, "{bad:?}");
        }
    }
}
