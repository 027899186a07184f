//! The counter tablet's rules (máy tính bảng tại quầy): pairing codes, the repeat-press misuse filter, the
//! device clock and its correction, when an official's duty ends, when wrong duty PINs lock a PIN, when a silent
//! tablet counts as offline, and which questions the kiosk's short factor step asks.

use chrono::{Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Ho_Chi_Minh;

pub use super::misuse::MisuseRule;
use super::questionnaire::{Question, Questionnaire};

/// A pairing code's letters: no 0/O, 1/I/L, so a code read off a screen is typed right.
pub const PAIRING_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
pub const PAIRING_CODE_LEN: usize = 8;

/// A code as typed (any case, spaces or dashes between groups) in its stored form; `None` when it cannot be one.
pub fn normalise_pairing_code(typed: &str) -> Option<String> {
    let code: String =
        typed.chars().filter(|c| !(c.is_whitespace() || *c == '-')).map(|c| c.to_ascii_uppercase()).collect();
    let valid = code.len() == PAIRING_CODE_LEN && code.bytes().all(|b| PAIRING_ALPHABET.contains(&b));
    valid.then_some(code)
}

/// `ABCD-EFGH`: two groups are easier to read out and type.
pub fn display_pairing_code(code: &str) -> String {
    let (head, tail) = code.split_at(code.len() / 2);
    format!("{head}-{tail}")
}

/// An official's kiosk PIN: 4 to 8 digits.
pub fn valid_pin(pin: &str) -> bool {
    (4..=8).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit())
}

/// Wrong duty PINs in a row, typed for one official at one tablet, that lock that official's PIN at that tablet
/// until a manager clears it or the official signs in: with the tablet's rate limit, a 4-digit PIN can no longer be
/// walked (5 guesses in 10,000 between unlocks).
pub const PIN_LOCK_FAILURES: i64 = 5;

/// Whether this many wrong PINs in a row lock the PIN. Counted per official and tablet, so wrong PINs typed for
/// one official never lock another.
pub fn pin_locks(failures_in_a_row: i64) -> bool {
    failures_in_a_row >= PIN_LOCK_FAILURES
}

/// The repeat-press rule: a tap within `min_gap_ms` of the previous tap on the same device (both on the device's
/// own clock, so its skew does not matter) is misuse. A first tap, or a previous one "after" this one (the clock
/// was set back), is not.
pub fn repeat_press(previous_tap_ms: Option<i64>, tap_ms: i64, min_gap_ms: i64) -> Option<MisuseRule> {
    let gap = tap_ms.saturating_sub(previous_tap_ms?);
    (min_gap_ms > 0 && (0..min_gap_ms).contains(&gap)).then_some(MisuseRule::RepeatPress { min_gap_ms })
}

/// Server clock minus device clock, from one exchange: the device's time when it sent, the server's when it
/// received. Network delay makes it a little large; at the scale that matters (a tablet a day off) that is nothing.
pub fn clock_skew_ms(device_sent_ms: i64, server_received_ms: i64) -> i64 {
    // Saturating: the device's time is whatever it sends, i64::MIN included.
    server_received_ms.saturating_sub(device_sent_ms)
}

/// When a tap happened on the server's clock: the device's time corrected by the skew, never later than the
/// arrival (a tap cannot come after it was received) and never before the tablet was paired (nor can it come
/// before the tablet existed — whatever a broken or crafted clock says).
pub fn corrected_time(device_tap_ms: i64, skew_ms: i64, received_ms: i64, paired_ms: i64) -> i64 {
    device_tap_ms.saturating_add(skew_ms).min(received_ms).max(paired_ms.min(received_ms))
}

/// The end of a duty that starts at `started_ms`: the next `end_of_day` local time after the start (the same
/// day, or the next if the start is at or after it).
pub fn duty_ends_at(started_ms: i64, end_of_day: NaiveTime) -> i64 {
    let Some(started) = Utc.timestamp_millis_opt(started_ms).single() else { return started_ms };
    let local = started.with_timezone(&Ho_Chi_Minh);
    let mut day = local.date_naive();
    if local.time() >= end_of_day {
        day += Duration::days(1);
    }
    Ho_Chi_Minh.from_local_datetime(&day.and_time(end_of_day)).single().map_or(started_ms, |end| end.timestamp_millis())
}

/// Whether a tap at `tap_ms` falls in a duty (`ended_ms` when it was ended early, else its planned end), allowing
/// `grace_ms` either side for a tablet clock that the skew did not quite correct.
pub fn duty_covers(started_ms: i64, end_ms: i64, tap_ms: i64, grace_ms: i64) -> bool {
    tap_ms >= started_ms.saturating_sub(grace_ms) && tap_ms <= end_ms.saturating_add(grace_ms)
}

/// A tablet that has not been heard from for `offline_after_ms` (or never) is shown offline.
pub fn is_online(last_seen_ms: Option<i64>, now_ms: i64, offline_after_ms: i64) -> bool {
    last_seen_ms.is_some_and(|seen| now_ms.saturating_sub(seen) < offline_after_ms)
}

/// The kiosk's short factor step: the first question of each factor, leaving out those asked only of people to
/// whom they apply (nobody at a tablet is asked whether they complained before).
pub fn factor_step(questionnaire: &Questionnaire) -> Vec<&Question> {
    let mut seen = Vec::new();
    questionnaire
        .questions
        .iter()
        .filter(|q| !q.only_if_applicable)
        .filter(|q| {
            let first = !seen.contains(&q.factor);
            seen.push(q.factor);
            first
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::questionnaire::Factor;

    #[test]
    fn pairing_codes_forgive_case_spaces_and_the_dash() {
        assert_eq!(normalise_pairing_code("abcd-efgh").as_deref(), Some("ABCDEFGH"));
        assert_eq!(normalise_pairing_code(" K7M2 P9QX ").as_deref(), Some("K7M2P9QX"));
        assert_eq!(display_pairing_code("K7M2P9QX"), "K7M2-P9QX");
    }

    #[test]
    fn pairing_codes_refuse_confusable_letters_and_wrong_lengths() {
        assert_eq!(normalise_pairing_code("ABCDEFG0"), None, "0 is not in the alphabet");
        assert_eq!(normalise_pairing_code("ABCDEFGO"), None, "nor is O");
        assert_eq!(normalise_pairing_code("ABCDEFG"), None);
        assert_eq!(normalise_pairing_code("ABCDEFGHJ"), None);
        assert_eq!(normalise_pairing_code("ÀBCDEFGH"), None);
    }

    #[test]
    fn pins_are_four_to_eight_digits() {
        assert!(valid_pin("1234") && valid_pin("12345678"));
        assert!(!valid_pin("123") && !valid_pin("123456789") && !valid_pin("12a4") && !valid_pin("١٢٣٤"));
    }

    #[test]
    fn the_fifth_wrong_pin_in_a_row_locks() {
        assert!(!pin_locks(0) && !pin_locks(PIN_LOCK_FAILURES - 1), "fat fingers are forgiven");
        assert!(pin_locks(PIN_LOCK_FAILURES), "the fifth locks");
        assert!(pin_locks(PIN_LOCK_FAILURES + 1), "a race past the fifth stays locked");
        assert_eq!(PIN_LOCK_FAILURES, 5);
    }

    #[test]
    fn a_tap_soon_after_the_previous_one_is_a_repeat_press() {
        let gap = 10_000;
        assert_eq!(repeat_press(Some(1_000), 5_000, gap), Some(MisuseRule::RepeatPress { min_gap_ms: gap }));
        assert_eq!(repeat_press(Some(1_000), 1_000, gap), Some(MisuseRule::RepeatPress { min_gap_ms: gap }));
        assert_eq!(repeat_press(Some(1_000), 10_999, gap), Some(MisuseRule::RepeatPress { min_gap_ms: gap }));
        assert_eq!(repeat_press(Some(1_000), 11_000, gap), None, "exactly the interval later is a new citizen");
        assert_eq!(repeat_press(None, 5_000, gap), None, "the tablet's first rating");
        assert_eq!(repeat_press(Some(9_000), 5_000, gap), None, "the clock went back: no evidence of a repeat");
        assert_eq!(repeat_press(Some(1_000), 1_500, 0), None, "an interval of 0 turns the rule off");
        assert_eq!(MisuseRule::RepeatPress { min_gap_ms: gap }.key(), "repeat_press<10s");
    }

    #[test]
    fn a_tablet_a_day_behind_puts_its_ratings_on_the_right_day() {
        let day = 86_400_000;
        let received = 1_764_000_000_000;
        let skew = clock_skew_ms(received - day, received);
        assert_eq!(skew, day);
        let tapped_on_device = received - day - 60_000;
        assert_eq!(corrected_time(tapped_on_device, skew, received, 0), received - 60_000);
    }

    #[test]
    fn a_corrected_tap_never_lies_after_its_arrival() {
        assert_eq!(corrected_time(2_000, 5_000, 4_000, 0), 4_000);
        assert_eq!(corrected_time(i64::MAX, 1, 4_000, 0), 4_000, "no overflow on nonsense clocks");
        assert_eq!(corrected_time(i64::MIN, 0, 4_000, 1_000), 1_000, "not before the tablet was paired");
    }

    #[test]
    fn extreme_device_clocks_neither_overflow_nor_flag() {
        assert_eq!(clock_skew_ms(i64::MIN, 1_000), i64::MAX);
        assert_eq!(clock_skew_ms(i64::MAX, -1_000), i64::MIN);
        assert_eq!(repeat_press(Some(i64::MIN), i64::MAX, 10_000), None);
        assert_eq!(repeat_press(Some(i64::MAX), i64::MIN, 10_000), None);
        assert!(duty_covers(i64::MIN, i64::MAX, 0, i64::MAX), "grace saturates instead of wrapping");
        assert!(!is_online(Some(i64::MIN), i64::MAX, 1));
    }

    #[test]
    fn a_duty_ends_at_the_next_end_of_day() {
        let end = NaiveTime::from_hms_opt(17, 30, 0).unwrap();
        let local = |h, m| Ho_Chi_Minh.with_ymd_and_hms(2026, 11, 24, h, m, 0).unwrap().timestamp_millis();
        assert_eq!(duty_ends_at(local(7, 45), end), local(17, 30));
        let next_day = Ho_Chi_Minh.with_ymd_and_hms(2026, 11, 25, 17, 30, 0).unwrap().timestamp_millis();
        assert_eq!(duty_ends_at(local(18, 0), end), next_day, "a late start runs to tomorrow's end");
        assert_eq!(duty_ends_at(local(17, 30), end), next_day);
    }

    #[test]
    fn a_duty_covers_its_own_time_with_grace() {
        assert!(duty_covers(1_000, 2_000, 1_500, 0));
        assert!(duty_covers(1_000, 2_000, 2_050, 100));
        assert!(!duty_covers(1_000, 2_000, 2_101, 100));
        assert!(!duty_covers(1_000, 2_000, 899, 100));
    }

    #[test]
    fn silence_longer_than_the_threshold_is_offline() {
        assert!(is_online(Some(1_000), 1_500, 1_000));
        assert!(!is_online(Some(1_000), 2_000, 1_000));
        assert!(!is_online(None, 2_000, 1_000), "never heard from");
    }

    #[test]
    fn the_factor_step_asks_one_question_per_factor_and_skips_the_conditional_one() {
        let short = Questionnaire::short();
        let factors: Vec<Factor> = factor_step(&short).iter().map(|q| q.factor).collect();
        assert_eq!(factors, [Factor::Access, Factor::Procedure, Factor::Official, Factor::Result]);
        let detailed = Questionnaire::detailed();
        let step = factor_step(&detailed);
        assert_eq!(step.len(), 4);
        assert!(step.iter().all(|q| detailed.questions.iter().any(|d| d.key == q.key)));
    }
}
