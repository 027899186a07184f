//! The counter tablet's rules (máy tính bảng tại quầy): pairing codes, the repeat-press misuse filter, the
//! server's own pacing of a tablet's ratings, the device clock and its correction, when an official's duty ends, when wrong duty PINs lock a PIN, when a silent
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

/// How the server has heard from a tablet, the call that brought a rating included (`kiosk_devices`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Contact {
    /// The first contact after the tablet last missed a heartbeat: from then on it was in touch.
    pub in_touch_since: i64,
    /// Its last contact before that gap; none when the tablet had never been heard from.
    pub out_of_touch_from: Option<i64>,
}

/// A tablet's rating as the server sees it: the tap on the server's clock (corrected by this call's skew, not yet
/// bounded by the arrival) and the arrival.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arrival {
    pub tapped_ms: i64,
    pub received_ms: i64,
}

/// The server's pace for tablets: `repeat_gap_ms` between two citizens, `heartbeat_ms` between two contacts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pace {
    pub repeat_gap_ms: i64,
    pub heartbeat_ms: i64,
}

impl Pace {
    /// A gap between contacts this long means the tablet missed a heartbeat: it was out of touch.
    pub fn missed_after_ms(self) -> i64 {
        self.heartbeat_ms + self.heartbeat_ms / 2
    }
}

/// How far apart two clocks may read the same moment: the skew is measured over a network.
const CLOCK_SLACK_MS: i64 = 5_000;

/// The tablet sends a rating at once, and its queue at its next contact: so a tap is judged by when the server
/// heard from the tablet, not by the tablet's clock alone (which whoever holds the tablet's credential writes).
///
/// - Dated after it arrived, before the tablet's previous rating, before the tablet's last contact ahead of a gap
///   (it would have been sent then), or tapped while the tablet was in touch yet held for three heartbeats:
///   `TabletClock`.
/// - Tapped while the tablet was in touch and arriving within `repeat_gap_ms` of a previous rating also tapped
///   then: `TabletBurst` — the first of a burst counts, the rest not. Ratings queued while the tablet was out of
///   touch arrive together by design; the tablet's own clock judges them (`repeat_press`).
///
/// `previous` is the tablet's latest rating that this rule did not find misdated.
pub fn tablet_pace(this: Arrival, previous: Option<Arrival>, contact: Contact, pace: Pace) -> Option<MisuseRule> {
    let live = |tap: &Arrival| tap.tapped_ms >= contact.in_touch_since;
    let misdated = this.tapped_ms > this.received_ms.saturating_add(CLOCK_SLACK_MS)
        || previous.is_some_and(|p| this.tapped_ms < p.tapped_ms.saturating_sub(CLOCK_SLACK_MS))
        || if live(&this) {
            this.received_ms.saturating_sub(this.tapped_ms) > 3 * pace.heartbeat_ms
        } else {
            contact.out_of_touch_from.is_some_and(|from| this.tapped_ms < from.saturating_sub(CLOCK_SLACK_MS))
        };
    if misdated {
        return Some(MisuseRule::TabletClock);
    }
    let burst = live(&this)
        && previous.is_some_and(|p| live(&p) && this.received_ms.saturating_sub(p.received_ms) < pace.repeat_gap_ms);
    burst.then_some(MisuseRule::TabletBurst { min_gap_ms: pace.repeat_gap_ms })
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
    use crate::questionnaire::Factor;

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

    const S: i64 = 1_000;
    const PACE: Pace = Pace { repeat_gap_ms: 10 * S, heartbeat_ms: 30 * S };

    /// A tablet in touch since `since` seconds, after a gap from `from`; a tap at `tapped` arriving at `received`.
    fn judge(
        tapped: i64,
        received: i64,
        previous: Option<(i64, i64)>,
        since: i64,
        from: Option<i64>,
    ) -> Option<MisuseRule> {
        let arrival = |(tapped, received): (i64, i64)| Arrival { tapped_ms: tapped * S, received_ms: received * S };
        let contact = Contact { in_touch_since: since * S, out_of_touch_from: from.map(|f| f * S) };
        tablet_pace(arrival((tapped, received)), previous.map(arrival), contact, PACE)
    }

    #[test]
    fn a_burst_from_a_tablet_in_touch_counts_once() {
        let burst = Some(MisuseRule::TabletBurst { min_gap_ms: 10 * S });
        // In touch since 0; twelve taps dated 11 s apart (the last at 1000) all arrive at 1000.
        let taps: Vec<i64> = (0..12).map(|i| 1000 - 11 * (11 - i)).collect();
        let mut previous = Some((500, 500));
        let mut counted = 0;
        for tap in taps {
            let verdict = judge(tap, 1000, previous, 0, None);
            if verdict != Some(MisuseRule::TabletClock) {
                previous = Some((tap, 1000));
            }
            counted += usize::from(verdict.is_none());
            assert!(verdict.is_none() || verdict == burst || verdict == Some(MisuseRule::TabletClock));
        }
        assert_eq!(counted, 1, "the burst counts as one");
        assert_eq!(judge(990, 1000, Some((979, 979)), 0, None), None, "a citizen after a citizen, both live");
        assert_eq!(judge(990, 1000, Some((985, 995)), 0, None), burst, "five seconds after the previous one");
    }

    #[test]
    fn a_queue_sent_after_the_tablet_was_out_of_touch_is_judged_by_its_own_clock() {
        // Heard from at 1000, silent until 4600: three taps in between arrive together.
        let mut previous = Some((900, 1000));
        for tap in [1600, 2200, 3000] {
            assert_eq!(judge(tap, 4600, previous, 4600, Some(1000)), None, "tapped at {tap}");
            previous = Some((tap, 4600));
        }
        assert_eq!(judge(4601, 4602, previous, 4600, Some(1000)), None, "a citizen just after the queue");
        assert_eq!(
            judge(700, 4600, None, 4600, Some(1000)),
            Some(MisuseRule::TabletClock),
            "dated before the last contact ahead of the gap: it would have been sent then"
        );
    }

    #[test]
    fn a_tap_dated_when_it_cannot_have_been_tapped_is_misdated() {
        let clock = Some(MisuseRule::TabletClock);
        assert_eq!(judge(1010, 1000, None, 0, None), clock, "after it arrived");
        assert_eq!(judge(1004, 1000, None, 0, None), None, "within the clocks' slack");
        assert_eq!(judge(900, 1000, Some((950, 960)), 0, None), clock, "before the previous rating");
        assert_eq!(judge(900, 1000, None, 0, None), clock, "held for more than three heartbeats while in touch");
        assert_eq!(judge(920, 1000, None, 0, None), None, "held through a short break between heartbeats");
        assert_eq!(PACE.missed_after_ms(), 45 * S);
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
