//! Reporting periods, in local time (Asia/Ho_Chi_Minh): stored times are UTC, days begin at local midnight.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Ho_Chi_Minh;
use serde::{Deserialize, Serialize};

/// Vietnam keeps +07:00 all year (no daylight saving), so day buckets in SQL can use one fixed offset.
pub const LOCAL_UTC_OFFSET_MS: i64 = 7 * 3600 * 1000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
}
