use super::*;

fn at(d: u32, h: u32, m: u32) -> i64 {
    // November 2026 in Hanoi: the 23rd is a Monday, the 28th a Saturday, the 29th a Sunday.
    Ho_Chi_Minh.with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap().timestamp_millis()
}

fn hours() -> OpeningHours {
    OpeningHours {
        opens: NaiveTime::from_hms_opt(7, 30, 0).unwrap(),
        closes: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
        saturday: false,
    }
}

#[test]
fn rules_keep_only_sensible_numbers() {
    assert!(Rule::new(RuleKind::LowIndex, 80, 24, 10).is_ok());
    assert_eq!(Rule::new(RuleKind::LowIndex, 0, 24, 10), Err(RuleError::Threshold));
    assert_eq!(Rule::new(RuleKind::LowIndex, 80, 0, 10), Err(RuleError::Window));
    assert_eq!(Rule::new(RuleKind::LowIndex, 80, 24, 0), Err(RuleError::MinCount));
    assert_eq!(Rule::new(RuleKind::SilentCounter, 0, 1_000, 0), Err(RuleError::Window));
    assert!(Rule::new(RuleKind::Poor, 0, 0, 0).is_ok(), "a Chưa tốt rule needs no numbers");
    assert_eq!(RuleKind::parse("silent_counter"), Some(RuleKind::SilentCounter));
}

#[test]
fn a_low_index_fires_only_with_enough_ratings_under_the_threshold() {
    let rule = Rule::new(RuleKind::LowIndex, 80, 24, 10).unwrap();
    assert!(rule.index_breached(7, 10), "70 % of 10 ratings");
    assert!(!rule.index_breached(8, 10), "80 % is not under 80 %");
    assert!(!rule.index_breached(0, 9), "nine ratings are too few to judge");
    assert!(!Rule::new(RuleKind::Poor, 0, 0, 0).unwrap().index_breached(0, 100));
}

#[test]
fn opening_hours_are_weekdays_in_hanoi_time() {
    let h = hours();
    assert!(h.is_open(at(23, 7, 30)) && h.is_open(at(23, 16, 59)));
    assert!(!h.is_open(at(23, 17, 0)) && !h.is_open(at(23, 7, 29)));
    assert!(!h.is_open(at(28, 9, 0)), "Saturday");
    assert!(OpeningHours { saturday: true, ..h }.is_open(at(28, 9, 0)));
    assert!(!h.is_open(at(29, 9, 0)), "Sunday");
    assert_eq!(h.open_ms_between(at(23, 16, 0), at(24, 9, 0)), 150 * 60_000, "16:00–17:00 and 7:30–9:00");
}

#[test]
fn a_counter_is_silent_after_its_window_of_opening_time() {
    let rule = Rule::new(RuleKind::SilentCounter, 0, 2, 0).unwrap();
    let h = hours();
    let watched = at(1, 0, 0);
    assert!(counter_silent(&rule, &h, Some(at(23, 8, 0)), watched, at(23, 10, 0)));
    assert!(!counter_silent(&rule, &h, Some(at(23, 8, 30)), watched, at(23, 10, 0)), "only 1.5 h");
    // Friday 16:30, then Monday 9:00: half an hour on Friday and one and a half on Monday make two.
    assert!(counter_silent(&rule, &h, Some(at(27, 16, 30)), watched, at(30, 9, 0)));
    assert!(!counter_silent(&rule, &h, Some(at(27, 16, 30)), watched, at(28, 12, 0)), "closed on Saturday");
    assert!(!counter_silent(&rule, &h, None, at(23, 9, 0), at(23, 10, 0)), "watched for an hour only");
}

#[test]
fn opening_hours_are_typed_as_a_range() {
    assert_eq!(OpeningHours::parse("07:30-17:00", false), Ok(OpeningHours::OFFICE));
    let with_saturday = OpeningHours::parse(" 7:00 - 11:30 ", true).unwrap();
    assert!(with_saturday.saturday && with_saturday.closes == NaiveTime::from_hms_opt(11, 30, 0).unwrap());
    assert!(OpeningHours::parse("17:00-07:30", false).is_err(), "closing before opening");
    assert!(OpeningHours::parse("7h30", false).is_err());
}
