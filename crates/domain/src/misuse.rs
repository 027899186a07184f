//! Ratings that are stored but kept out of every figure, and the rules that flag them: a counter tablet pressed
//! again at once (`kiosk::repeat_press`), or whose ratings arrive faster than a person can tap or dated when they
//! cannot have been tapped (`kiosk::tablet_pace`); one phone rating the same counter or official again, or more
//! than its day's share; a browser that holds a staff session of the rated unit. One phone is one voice: its later ratings
//! are kept, flagged with the rule, and counted apart, so a manager sees them and nobody's figure moves.
//!
//! A phone is known by a random first-party cookie the form sets (nothing personal in it), stored only as a hash
//! under the day's salt, like the client's address; without the cookie, by the day's client hash.

use crate::ids::{CounterId, OfficialId, UnitId};

/// Why a response was flagged as misuse; it is stored, counted apart and kept out of every index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MisuseRule {
    /// Tapped less than `min_gap_ms` after the previous tap on the same tablet.
    RepeatPress { min_gap_ms: i64 },
    /// The same phone rated the same counter or official less than `window_ms` before.
    SamePhone { window_ms: i64 },
    /// The phone had already rated `cap` times that day.
    PhoneDailyCap { cap: u32 },
    /// Sent from a browser signed in as staff of the rated unit (or a unit above it).
    StaffDevice,
    /// A tablet's rating that arrived less than `min_gap_ms` after its previous one, both tapped while the tablet
    /// was in touch with the server: a person cannot have tapped them.
    TabletBurst { min_gap_ms: i64 },
    /// A tablet's rating dated when it cannot have been tapped: after it arrived, before the tablet's previous
    /// rating, or while the tablet was in touch yet sent it only much later.
    TabletClock,
    /// The phone sent more than `over` ratings that day: a machine, not a person — every one of that day is out.
    PhoneFlood { over: u32 },
    /// One network (the day's client hash) sent more than `over` ratings of the same counter or official that day,
    /// whatever cookies they carried: every one of them is out.
    NetworkFlood { over: u32 },
}

/// The rules' names, in the order of [`MisuseRule`]'s variants: a stored key starts with one of them.
pub const RULE_NAMES: [&str; 8] = [
    "repeat_press",
    "same_phone",
    "phone_daily_cap",
    "staff_device",
    "tablet_burst",
    "tablet_clock",
    "phone_flood",
    "network_flood",
];

impl MisuseRule {
    /// What is stored with the response: the rule and its setting at the time.
    pub fn key(self) -> String {
        let [repeat, same, cap, staff, burst, clock, phone_flood, network_flood] = RULE_NAMES;
        match self {
            MisuseRule::RepeatPress { min_gap_ms } => format!("{repeat}<{}s", min_gap_ms / 1000),
            MisuseRule::SamePhone { window_ms } => format!("{same}<{}m", window_ms / 60_000),
            MisuseRule::PhoneDailyCap { cap: n } => format!("{cap}>{n}"),
            MisuseRule::StaffDevice => staff.to_owned(),
            MisuseRule::TabletBurst { min_gap_ms } => format!("{burst}<{}s", min_gap_ms / 1000),
            MisuseRule::TabletClock => clock.to_owned(),
            MisuseRule::PhoneFlood { over } => format!("{phone_flood}>{over}"),
            MisuseRule::NetworkFlood { over } => format!("{network_flood}>{over}"),
        }
    }
}

/// Which of [`RULE_NAMES`] a stored key names (a key from an older version: the first).
pub fn rule_of_key(key: &str) -> usize {
    RULE_NAMES.iter().position(|name| key.starts_with(name)).unwrap_or(0)
}

/// How much one phone may say (`HAILONG_PHONE_WINDOW_MINUTES`, `HAILONG_PHONE_DAILY_CAP`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VoiceRules {
    /// A second rating of the same counter or official within this is the same voice again.
    pub window_ms: i64,
    /// Ratings a phone may give in a day, all counters and officials together.
    pub daily_cap: u32,
    /// More than this many in a day from one phone, or of one counter or official from one network, is a flood.
    pub flood: u32,
}

/// Whether a phone's or a network's rating floods, given how many it sent before that day: past `flood`, the rating
/// is out, and the first one past it takes out every earlier one of the day too (`Some(true)`).
pub fn flooded(before: usize, flood: u32) -> Option<bool> {
    let flood = flood as usize;
    (flood > 0 && before >= flood).then_some(before == flood)
}

/// What a rating is about, for telling "the same counter or official again".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rated {
    pub at_ms: i64,
    pub unit_id: UnitId,
    pub counter_id: Option<CounterId>,
    pub official_id: Option<OfficialId>,
}

impl Rated {
    /// The same official, or the same counter, or — for a unit's own code — the same unit with neither.
    fn same_target(&self, other: &Rated) -> bool {
        let neither = |r: &Rated| r.counter_id.is_none() && r.official_id.is_none();
        (self.official_id.is_some() && self.official_id == other.official_id)
            || (self.counter_id.is_some() && self.counter_id == other.counter_id)
            || (self.unit_id == other.unit_id && neither(self) && neither(other))
    }
}

/// One phone, one voice: `earlier` are the phone's ratings stored before this one the same day (its hash changes
/// with the day). The day's cap is judged first: past it, every rating is the phone's one too many.
pub fn one_voice(earlier: &[Rated], this: &Rated, rules: VoiceRules) -> Option<MisuseRule> {
    if earlier.len() >= rules.daily_cap as usize {
        return Some(MisuseRule::PhoneDailyCap { cap: rules.daily_cap });
    }
    let again = earlier.iter().any(|e| this.same_target(e) && (0..rules.window_ms).contains(&(this.at_ms - e.at_ms)));
    again.then_some(MisuseRule::SamePhone { window_ms: rules.window_ms })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;
    const RULES: VoiceRules = VoiceRules { window_ms: 240 * MIN, daily_cap: 5, flood: 20 };

    fn rated(at_min: i64, counter: Option<i64>, official: Option<i64>) -> Rated {
        Rated {
            at_ms: at_min * MIN,
            unit_id: UnitId::new(1),
            counter_id: counter.map(CounterId::new),
            official_id: official.map(OfficialId::new),
        }
    }

    #[test]
    fn the_same_counter_or_official_again_within_the_window_is_the_same_voice() {
        let first = [rated(0, Some(7), Some(70))];
        let same_phone = Some(MisuseRule::SamePhone { window_ms: 240 * MIN });
        assert_eq!(one_voice(&first, &rated(1, Some(7), Some(70)), RULES), same_phone, "the official again");
        assert_eq!(one_voice(&first, &rated(1, Some(7), None), RULES), same_phone, "the counter's own code");
        assert_eq!(one_voice(&first, &rated(1, Some(8), Some(70)), RULES), same_phone, "the official elsewhere");
        assert_eq!(one_voice(&first, &rated(1, Some(8), Some(80)), RULES), None, "another counter and official");
        assert_eq!(one_voice(&first, &rated(239, Some(7), None), RULES), same_phone);
        assert_eq!(one_voice(&first, &rated(240, Some(7), None), RULES), None, "came back after the window");
        assert_eq!(one_voice(&[], &rated(0, Some(7), None), RULES), None, "the phone's first rating");
        let unit_code = [rated(0, None, None)];
        assert_eq!(one_voice(&unit_code, &rated(5, None, None), RULES), same_phone, "the unit's code again");
        assert_eq!(one_voice(&unit_code, &rated(5, Some(7), None), RULES), None, "a counter of that unit");
    }

    #[test]
    fn past_the_days_cap_every_rating_is_one_too_many() {
        let five: Vec<Rated> = (0..5).map(|i| rated(i, Some(i), Some(10 + i))).collect();
        assert_eq!(one_voice(&five[..4], &rated(9, Some(99), None), RULES), None, "the fifth of the day");
        assert_eq!(
            one_voice(&five, &rated(9, Some(99), None), RULES),
            Some(MisuseRule::PhoneDailyCap { cap: 5 }),
            "the sixth, wherever it rates"
        );
    }

    #[test]
    fn past_the_flood_every_rating_of_the_day_is_out() {
        assert_eq!(flooded(0, 20), None);
        assert_eq!(flooded(19, 20), None, "the twentieth still stands");
        assert_eq!(flooded(20, 20), Some(true), "the twenty-first takes the day's earlier ones with it");
        assert_eq!(flooded(21, 20), Some(false), "the rest are out by themselves");
        assert_eq!(flooded(500, 0), None, "0 turns the rule off");
    }

    #[test]
    fn keys_name_the_rule_and_its_setting() {
        assert_eq!(MisuseRule::RepeatPress { min_gap_ms: 10_000 }.key(), "repeat_press<10s");
        assert_eq!(MisuseRule::SamePhone { window_ms: 240 * MIN }.key(), "same_phone<240m");
        assert_eq!(MisuseRule::PhoneDailyCap { cap: 5 }.key(), "phone_daily_cap>5");
        assert_eq!(MisuseRule::StaffDevice.key(), "staff_device");
        assert_eq!(rule_of_key("phone_daily_cap>5"), 2);
        assert_eq!(rule_of_key("staff_device"), 3);
        assert_eq!(MisuseRule::TabletBurst { min_gap_ms: 10_000 }.key(), "tablet_burst<10s");
        assert_eq!(rule_of_key(&MisuseRule::TabletClock.key()), 5);
        assert_eq!(MisuseRule::NetworkFlood { over: 20 }.key(), "network_flood>20");
        assert_eq!(rule_of_key("phone_flood>20"), 6);
    }
}
