//! The yearly calendar of satisfaction surveys (Thừa Thiên Huế's 2015 plan; docs/design.md): results published at the
//! counter at least once a quarter; the communes' year published on 1 November; the year reported to the province
//! before 25 November; the province's year published by the Home Affairs office on 1 December. The dashboard reminds
//! leaders of what falls due soon.

use chrono::{Datelike, NaiveDate};

use super::report::ReportPeriod;

/// What falls due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Duty {
    /// Publish the quarter's results at the one-stop counter (at least once a quarter), by its last day.
    PublishQuarter(u32),
    /// The communes' (and departments' branches') year published, 1 November.
    PublishCommunesYear,
    /// The year's implementation and results reported to the province (through Sở Nội vụ), before 25 November.
    ReportToProvince,
    /// Sở Nội vụ publishes the year of the province's departments and districts, 1 December.
    PublishProvinceYear,
}

/// A duty of a year and the last day it may be done on (for "before 25 November": the 24th).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub duty: Duty,
    pub due: NaiveDate,
    /// The report that fulfils it.
    pub period: ReportPeriod,
}

/// Every deadline of `year`, in date order.
pub fn deadlines(year: i32) -> Vec<Deadline> {
    let date = |month, day| NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default();
    let mut all: Vec<Deadline> = (1..=4)
        .map(|quarter| {
            let last_day = NaiveDate::from_ymd_opt(year + i32::from(quarter == 4), (quarter * 3) % 12 + 1, 1)
                .and_then(|next| next.pred_opt())
                .unwrap_or_default();
            Deadline {
                duty: Duty::PublishQuarter(quarter),
                due: last_day,
                period: ReportPeriod::Quarter { year, quarter },
            }
        })
        .collect();
    all.extend([
        Deadline { duty: Duty::PublishCommunesYear, due: date(11, 1), period: ReportPeriod::Year(year) },
        Deadline { duty: Duty::ReportToProvince, due: date(11, 24), period: ReportPeriod::Year(year) },
        Deadline { duty: Duty::PublishProvinceYear, due: date(12, 1), period: ReportPeriod::Year(year) },
    ]);
    all.sort_by_key(|d| d.due);
    all
}

/// The deadlines from `today` up to `days` ahead (today's included), with the days left to each.
pub fn upcoming(today: NaiveDate, days: i64) -> Vec<(Deadline, i64)> {
    [today.year(), today.year() + 1]
        .into_iter()
        .flat_map(deadlines)
        .map(|deadline| (deadline, (deadline.due - today).num_days()))
        .filter(|(_, left)| (0..=days).contains(left))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn seed_004s_calendar() {
        let year: Vec<(Duty, NaiveDate)> = deadlines(2026).into_iter().map(|d| (d.duty, d.due)).collect();
        assert_eq!(
            year,
            [
                (Duty::PublishQuarter(1), day(3, 31)),
                (Duty::PublishQuarter(2), day(6, 30)),
                (Duty::PublishQuarter(3), day(9, 30)),
                (Duty::PublishCommunesYear, day(11, 1)),
                (Duty::ReportToProvince, day(11, 24)),
                (Duty::PublishProvinceYear, day(12, 1)),
                (Duty::PublishQuarter(4), day(12, 31)),
            ]
        );
    }

    #[test]
    fn what_falls_due_in_the_next_weeks() {
        let soon: Vec<(Duty, i64)> = upcoming(day(11, 20), 45).into_iter().map(|(d, left)| (d.duty, left)).collect();
        assert_eq!(soon, [(Duty::ReportToProvince, 4), (Duty::PublishProvinceYear, 11), (Duty::PublishQuarter(4), 41)]);
        let new_year = upcoming(day(12, 31), 95);
        assert_eq!(new_year.first().map(|(d, left)| (d.duty, *left)), Some((Duty::PublishQuarter(4), 0)));
        assert_eq!(new_year.last().map(|(d, _)| d.period), Some(ReportPeriod::Quarter { year: 2027, quarter: 1 }));
    }
}
