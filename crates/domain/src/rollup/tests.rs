use super::*;
use proptest::prelude::*;

fn day(y: i32, m: u32, d: u32) -> i64 {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .signed_duration_since(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap())
        .num_days()
}

fn month(y: i64, m: i64) -> i64 {
    y * 12 + m - 1
}

/// The days a list of spans covers, week and month spans expanded.
fn days_of(spans: &[Span]) -> Vec<i64> {
    let mut out = vec![];
    for span in spans {
        match span.grain {
            Grain::Day => out.extend(span.first..=span.last),
            Grain::Week => out.extend(span.first..span.last + 7),
            Grain::Month => {
                out.extend(first_day_of_month(span.first).unwrap()..first_day_of_month(span.last + 1).unwrap())
            }
        }
    }
    out
}

#[test]
fn a_quarter_is_three_month_buckets() {
    let spans = spans(day(2026, 10, 1), day(2027, 1, 1));
    assert_eq!(spans, vec![Span { grain: Grain::Month, first: month(2026, 10), last: month(2026, 12) }]);
}

#[test]
fn thirty_days_across_a_month_end_are_weeks_and_days() {
    // 26/10/2026 is a Monday.
    let spans = spans(day(2026, 10, 26), day(2026, 11, 25));
    assert_eq!(
        spans,
        vec![
            Span { grain: Grain::Week, first: day(2026, 10, 26), last: day(2026, 11, 16) },
            Span { grain: Grain::Day, first: day(2026, 11, 23), last: day(2026, 11, 24) },
        ]
    );
    let by_month = calendar_spans(day(2026, 10, 26), day(2026, 11, 25));
    assert_eq!(by_month, vec![Span { grain: Grain::Day, first: day(2026, 10, 26), last: day(2026, 11, 24) }]);
}

#[test]
fn ragged_ends_are_weeks_and_days_and_the_middle_months() {
    // 20/09/2026 is a Sunday; 01/12/2026 a Tuesday, so December's four days hold no whole week.
    let spans = spans(day(2026, 9, 20), day(2026, 12, 5));
    assert_eq!(
        spans,
        vec![
            Span { grain: Grain::Day, first: day(2026, 9, 20), last: day(2026, 9, 20) },
            Span { grain: Grain::Week, first: day(2026, 9, 21), last: day(2026, 9, 21) },
            Span { grain: Grain::Day, first: day(2026, 9, 28), last: day(2026, 9, 30) },
            Span { grain: Grain::Month, first: month(2026, 10), last: month(2026, 11) },
            Span { grain: Grain::Day, first: day(2026, 12, 1), last: day(2026, 12, 4) },
        ]
    );
}

#[test]
fn a_week_is_named_by_its_monday() {
    assert_eq!(week_of_day(day(2026, 11, 23)), day(2026, 11, 23));
    assert_eq!(week_of_day(day(2026, 11, 29)), day(2026, 11, 23));
    assert_eq!(week_of_day(day(1970, 1, 1)), day(1969, 12, 29));
}

#[test]
fn an_empty_range_has_no_spans() {
    assert_eq!(spans(day(2026, 1, 1), day(2026, 1, 1)), vec![]);
}

#[test]
fn local_day_and_hour_follow_vietnam_time() {
    // 2026-11-23 17:30 UTC is Tuesday 24 November, 00:30 in Hanoi.
    let ms = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 23, 17, 30, 0).unwrap().timestamp_millis();
    assert_eq!(local_day(ms), day(2026, 11, 24));
    assert_eq!(hour_of_week(ms), 24); // Tuesday (1) × 24 + 0 h
    assert_eq!(hour_start(local_day(ms), 24), ms - 30 * 60_000); // 00:00 in Hanoi, 17:00 UTC
    let buckets = buckets_of(ms);
    assert_eq!(
        buckets,
        [(Grain::Day, day(2026, 11, 24)), (Grain::Week, day(2026, 11, 23)), (Grain::Month, month(2026, 11))]
    );
}

fn facts<'a>(answers: &'a [(String, u8)], reasons: &'a [String], apart: Option<SetApart>) -> Facts<'a> {
    Facts {
        submitted_at: 0,
        counter_id: Some(CounterId::new(7)),
        official_id: None,
        procedure_id: Some(ProcedureId::new(9)),
        channel: "kiosk",
        overall: 2,
        answers,
        reasons,
        apart,
        on_time: None,
    }
}

#[test]
fn a_response_counts_once_in_each_dimension_it_has() {
    let answers = vec![("thu-tuc".to_owned(), 3), ("cong-chuc".to_owned(), 1)];
    let reasons = vec!["cho-lau".to_owned(), "cho-lau".to_owned()];
    let got = contributions(&facts(&answers, &reasons, None));
    let keys: Vec<_> = got.iter().map(|c| (c.dimension.key(), c.member, c.label.as_str(), c.level)).collect();
    assert_eq!(
        keys,
        vec![
            ("all", 0, "", 2),
            ("counter", 7, "", 2),
            ("procedure", 9, "", 2),
            ("channel", 0, "kiosk", 2),
            ("hour", 3 * 24 + 7, "", 2), // 1970-01-01 07:00 in Hanoi, a Thursday
            ("question", 0, "cong-chuc", 1),
            ("question", 0, "thu-tuc", 3),
            ("reason", 0, "cho-lau", 2),
        ]
    );
}

#[test]
fn a_receipt_rating_counts_in_every_figure_but_the_hours() {
    let receipt = Facts { channel: "receipt", on_time: Some(true), ..facts(&[], &[], None) };
    let dimensions: Vec<_> = contributions(&receipt).iter().map(|c| c.dimension).collect();
    assert_eq!(
        dimensions,
        [Dimension::All, Dimension::Counter, Dimension::Procedure, Dimension::Channel, Dimension::Timeliness]
    );
}

#[test]
fn a_flagged_response_counts_only_as_misuse() {
    let answers = vec![("thu-tuc".to_owned(), 3)];
    let got = contributions(&facts(&answers, &[], SetApart::of(true, false)));
    assert_eq!(got, vec![Contribution { dimension: Dimension::Misuse, member: 0, label: String::new(), level: 2 }]);
}

#[test]
fn a_voided_response_counts_only_as_voided_even_when_flagged() {
    let answers = vec![("thu-tuc".to_owned(), 3)];
    let got = contributions(&facts(&answers, &[], SetApart::of(true, true)));
    assert_eq!(got, vec![Contribution { dimension: Dimension::Void, member: 0, label: String::new(), level: 2 }]);
    assert_eq!(SetApart::of(false, false), None);
}

proptest! {
    #[test]
    fn spans_cover_each_day_of_the_range_exactly_once(from in 19_000i64..21_000, len in 0i64..800) {
        let mut covered = days_of(&spans(from, from + len));
        covered.sort_unstable();
        prop_assert_eq!(covered, (from..from + len).collect::<Vec<_>>());
        prop_assert_eq!(days_of(&calendar_spans(from, from + len)), (from..from + len).collect::<Vec<_>>());
    }

    #[test]
    fn every_instant_has_an_hour_of_the_week(ms in -10_000_000_000_000i64..10_000_000_000_000) {
        prop_assert!((0..168).contains(&hour_of_week(ms)));
    }

    #[test]
    fn an_instant_falls_in_the_hour_its_day_and_hour_of_the_week_name(ms in 0i64..10_000_000_000_000) {
        let start = hour_start(local_day(ms), hour_of_week(ms));
        prop_assert!(start <= ms && ms < start + HOUR_MS, "{start} ≤ {ms} < {start} + 1 h");
        prop_assert_eq!(start % HOUR_MS, 0);
    }
}
