//! Survey campaigns (đợt khảo sát): how a campaign is planned — each unit's target split into quotas by field
//! in proportion to its volume — and how its respondents are drawn from the customer list: at random, but from a
//! recorded seed by a stated algorithm, so that anyone (an inspector, the Fatherland Front) can draw the same
//! sample again.

use std::collections::BTreeMap;

use super::rating::Level;
use super::sample::TargetRule;
use crate::ids::CampaignId;

/// How a campaign collects opinions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Continuously at the counters: QR codes and tablets.
    OnSite,
    /// Surveyors interviewing respondents drawn from the customer list, or paper forms.
    Field,
}

impl Method {
    pub const ALL: [Method; 2] = [Method::OnSite, Method::Field];

    pub fn key(self) -> &'static str {
        match self {
            Method::OnSite => "on_site",
            Method::Field => "field",
        }
    }

    pub fn parse(key: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.key() == key)
    }

    /// The channels whose ratings count toward the sample: on site, the counters' (QR codes, tablets, receipt
    /// links); in the field, the campaign's own forms (keyed from paper, or entered on a surveyor's phone).
    pub fn channels(self) -> &'static [&'static str] {
        match self {
            Method::OnSite => &["qr", "kiosk", "receipt"],
            Method::Field => &["paper", "survey"],
        }
    }
}

/// The questionnaires a campaign may use.
pub const QUESTIONNAIRES: [&str; 3] = ["short", "detailed", "paper2"];

impl TargetRule {
    /// As stored: `tiered`, `slovin` (e = 5 %), `per_kind`, `fixed:N`.
    pub fn key(self) -> String {
        match self {
            TargetRule::Tiered => "tiered".into(),
            TargetRule::Slovin { margin_permille: 50 } => "slovin".into(),
            TargetRule::Slovin { margin_permille } => format!("slovin:{margin_permille}"),
            TargetRule::PerKind => "per_kind".into(),
            TargetRule::Fixed(n) => format!("fixed:{n}"),
        }
    }

    /// A rule as a form chooses it: its key, and for `fixed` the number of forms typed beside it (1 to 1,000,000).
    pub fn chosen(key: &str, fixed: &str) -> Option<TargetRule> {
        match key {
            "fixed" => TargetRule::parse(&format!("fixed:{}", fixed.trim())).filter(|r| *r != TargetRule::Fixed(0)),
            other => TargetRule::parse(other),
        }
    }

    pub fn parse(key: &str) -> Option<TargetRule> {
        match key.split_once(':') {
            None => match key {
                "tiered" => Some(TargetRule::Tiered),
                "slovin" => Some(TargetRule::Slovin { margin_permille: 50 }),
                "per_kind" => Some(TargetRule::PerKind),
                _ => None,
            },
            Some(("fixed", n)) => n.parse().ok().filter(|n| *n <= 1_000_000).map(TargetRule::Fixed),
            Some(("slovin", e)) => {
                e.parse().ok().filter(|e| (1..=500).contains(e)).map(|e| TargetRule::Slovin { margin_permille: e })
            }
            Some(_) => None,
        }
    }
}

/// Splits `target` over fields in proportion to their volumes (largest remainder, ties to the larger volume then
/// the name): the quotas add up to the target exactly. Fields without volume get nothing; with no volume at all
/// there are no quotas.
pub fn allocate(target: u64, volumes: &BTreeMap<String, u64>) -> BTreeMap<String, u64> {
    let total: u64 = volumes.values().sum();
    if total == 0 {
        return BTreeMap::new();
    }
    let mut quotas: BTreeMap<String, u64> = BTreeMap::new();
    let mut remainders: Vec<(u128, u64, &String)> = vec![];
    for (field, volume) in volumes.iter().filter(|(_, v)| **v > 0) {
        let exact = u128::from(target) * u128::from(*volume);
        quotas.insert(field.clone(), (exact / u128::from(total)) as u64);
        remainders.push((exact % u128::from(total), *volume, field));
    }
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
    let short = target - quotas.values().sum::<u64>();
    for (_, _, field) in remainders.into_iter().take(short as usize) {
        *quotas.entry(field.clone()).or_default() += 1;
    }
    quotas
}

/// Draws up to `quota` of the `candidates` (respondents' ids, in the order given) with seed `seed`: a Fisher–Yates shuffle
/// driven by SplitMix64, then the first `quota`. The same candidates and seed give the same draw anywhere.
pub fn draw<T: Copy>(candidates: &[T], quota: usize, seed: u64) -> Vec<T> {
    let mut ids = candidates.to_vec();
    let mut state = seed;
    for i in (1..ids.len()).rev() {
        let j = (split_mix(&mut state) % (i as u64 + 1)) as usize;
        ids.swap(i, j);
    }
    ids.truncate(quota);
    ids
}

/// SplitMix64 (Steele, Lea, Flood 2014): one step.
fn split_mix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// What became of a drawn respondent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Pending,
    Completed,
    Refused,
    NotReached,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [Outcome::Pending, Outcome::Completed, Outcome::Refused, Outcome::NotReached];

    pub fn key(self) -> &'static str {
        match self {
            Outcome::Pending => "pending",
            Outcome::Completed => "completed",
            Outcome::Refused => "refused",
            Outcome::NotReached => "not_reached",
        }
    }

    pub fn parse(key: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.key() == key)
    }
}

/// A paper form's scale: the 2-level form (Nam Dong's paper form: hài lòng / không hài lòng) or the 4 levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaperScale {
    TwoLevel,
    FourLevel,
}

impl PaperScale {
    /// The campaign's questionnaire decides: `paper2` is the 2-level form.
    pub fn of(questionnaire: &str) -> PaperScale {
        if questionnaire == "paper2" {
            PaperScale::TwoLevel
        } else {
            PaperScale::FourLevel
        }
    }

    /// The answers a form of this scale offers, as typed (the digit) and as read out, best first.
    pub fn answers(self) -> &'static [(&'static str, &'static str)] {
        match self {
            PaperScale::TwoLevel => &[("1", "Hài lòng"), ("0", "Không hài lòng")],
            PaperScale::FourLevel => &[("4", "Rất tốt"), ("3", "Tốt"), ("2", "Bình thường"), ("1", "Chưa tốt")],
        }
    }

    /// A typed answer as a level: on the 2-level form `1` hài lòng, `0` không hài lòng; on the 4-level form the
    /// level's score, `4` Rất tốt to `1` Chưa tốt. Hài lòng is stored as Tốt and không hài lòng as Bình thường
    /// (docs/decisions/015): the satisfaction index is exact; the four-level spread of 2-level forms means nothing.
    pub fn level(self, typed: &str) -> Option<Level> {
        match (self, typed.trim()) {
            (PaperScale::TwoLevel, "1") => Some(Level::Good),
            (PaperScale::TwoLevel, "0") => Some(Level::Fair),
            (PaperScale::FourLevel, digit) => digit.parse().ok().and_then(Level::from_score),
            _ => None,
        }
    }
}

/// The share of paper forms keyed a second time to catch typing errors, in percent.
pub const SECOND_KEYING_PERCENT: u64 = 10;

/// Whether a form is one of the share keyed twice: decided by its campaign and serial alone (FNV-1a, then a
/// SplitMix64 step), so the choice is random-looking, the same on every screen, and cannot be steered by the clerk.
pub fn keyed_twice(campaign_id: CampaignId, serial: &str) -> bool {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ campaign_id.get() as u64;
    for byte in serial.trim().to_lowercase().bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01B3);
    }
    split_mix(&mut hash) % 100 < SECOND_KEYING_PERCENT
}

/// What a re-check (phúc tra) found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecheckOutcome {
    /// The respondent confirms the answers.
    Confirmed,
    /// The respondent was found but the answers differ.
    Differs,
    /// Nobody of that name and contact could be found.
    NotFound,
    /// The respondent would not answer the re-check.
    Refused,
}

impl RecheckOutcome {
    pub const ALL: [RecheckOutcome; 4] =
        [RecheckOutcome::Confirmed, RecheckOutcome::Differs, RecheckOutcome::NotFound, RecheckOutcome::Refused];

    pub fn key(self) -> &'static str {
        match self {
            RecheckOutcome::Confirmed => "confirmed",
            RecheckOutcome::Differs => "differs",
            RecheckOutcome::NotFound => "not_found",
            RecheckOutcome::Refused => "refused",
        }
    }

    pub fn parse(key: &str) -> Option<RecheckOutcome> {
        RecheckOutcome::ALL.into_iter().find(|o| o.key() == key)
    }

    /// A discrepancy: the form does not stand as entered.
    pub fn is_discrepancy(self) -> bool {
        matches!(self, RecheckOutcome::Differs | RecheckOutcome::NotFound)
    }
}

/// How many of a stratum's `forms` to re-check at `percent`: rounded up, so every stratum with forms has one.
pub fn recheck_quota(forms: usize, percent: u32) -> usize {
    (forms * percent as usize).div_ceil(100).min(forms)
}

/// The share of recorded re-checks that found a discrepancy, 0–1; `None` before any is recorded.
pub fn discrepancy_rate(outcomes: &[RecheckOutcome]) -> Option<f64> {
    let found = outcomes.iter().filter(|o| o.is_discrepancy()).count();
    (!outcomes.is_empty()).then(|| found as f64 / outcomes.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn volumes(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
        pairs.iter().map(|(f, v)| ((*f).to_owned(), *v)).collect()
    }

    #[test]
    fn quotas_follow_the_volumes_and_add_up_to_the_target() {
        // Nha Trang's plan: a commune's 60 forms over its fields by their dossiers.
        let quotas = allocate(60, &volumes(&[("Hộ tịch", 500), ("Chứng thực", 300), ("Đất đai", 200)]));
        assert_eq!(quotas, volumes(&[("Hộ tịch", 30), ("Chứng thực", 18), ("Đất đai", 12)]));
        // 100 over three equal fields: the one left over goes to the first by name.
        let thirds = allocate(100, &volumes(&[("B", 1), ("A", 1), ("C", 1)]));
        assert_eq!(thirds, volumes(&[("A", 34), ("B", 33), ("C", 33)]));
        assert!(allocate(50, &volumes(&[("A", 0)])).is_empty(), "no volume, no quotas");
        assert_eq!(allocate(5, &volumes(&[("A", 0), ("B", 9)])), volumes(&[("B", 5)]));
    }

    #[test]
    fn a_draw_is_the_same_for_the_same_seed_and_another_for_another() {
        let ids: Vec<i64> = (1..=200).collect();
        let first = draw(&ids, 20, 42);
        assert_eq!(first, draw(&ids, 20, 42));
        assert_ne!(first, draw(&ids, 20, 43));
        assert_eq!(first.len(), 20);
        assert_eq!(draw(&ids[..5], 20, 1).len(), 5, "never more than there are");
        // Pinned: the algorithm is stated, so its output is too.
        assert_eq!(draw(&[1, 2, 3, 4, 5], 3, 2026), draw(&[1, 2, 3, 4, 5], 3, 2026));
        assert_eq!(split_mix(&mut 0), 0xE220_A839_7B1D_CDAF, "SplitMix64's published first output for seed 0");
    }

    #[test]
    fn rules_are_stored_as_keys() {
        for rule in
            [TargetRule::Tiered, TargetRule::Slovin { margin_permille: 50 }, TargetRule::PerKind, TargetRule::Fixed(30)]
        {
            assert_eq!(TargetRule::parse(&rule.key()), Some(rule));
        }
        for bad in ["", "fixed", "fixed:x", "fixed:-1", "slovin:0", "tier"] {
            assert_eq!(TargetRule::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_form_chooses_a_rule_and_types_the_fixed_number_beside_it() {
        assert_eq!(TargetRule::chosen("fixed", " 60 "), Some(TargetRule::Fixed(60)));
        assert_eq!(TargetRule::chosen("slovin", "60"), Some(TargetRule::Slovin { margin_permille: 50 }));
        for (key, fixed) in [("fixed", "0"), ("fixed", ""), ("fixed", "1000001"), ("", ""), ("tiers", "")] {
            assert_eq!(TargetRule::chosen(key, fixed), None, "{key} {fixed}");
        }
    }

    #[test]
    fn paper_answers_are_typed_as_digits() {
        assert_eq!(PaperScale::of("paper2").level("1"), Some(Level::Good));
        assert_eq!(PaperScale::of("paper2").level(" 0 "), Some(Level::Fair));
        assert_eq!(PaperScale::of("paper2").level("4"), None, "the 2-level form has no 4");
        assert_eq!(PaperScale::of("short").level("4"), Some(Level::VeryGood));
        assert_eq!(PaperScale::of("short").level("1"), Some(Level::Poor));
        assert_eq!(PaperScale::of("short").level("5"), None);
        assert_eq!(PaperScale::of("short").level(""), None);
        for scale in [PaperScale::TwoLevel, PaperScale::FourLevel] {
            let levels: Vec<_> = scale.answers().iter().map(|(digit, _)| scale.level(digit)).collect();
            assert!(levels.iter().all(Option::is_some), "every answer offered is one the scale reads");
            assert!(levels.windows(2).all(|w| w[0] > w[1]), "best first");
        }
    }

    #[test]
    fn each_channel_counts_for_one_method_only() {
        for channel in ["qr", "kiosk", "receipt", "paper", "survey"] {
            let methods = Method::ALL.into_iter().filter(|m| m.channels().contains(&channel)).count();
            assert_eq!(methods, 1, "{channel}");
        }
    }

    #[test]
    fn about_a_tenth_of_forms_are_keyed_twice() {
        let chosen = (0..10_000).filter(|i| keyed_twice(CampaignId::new(7), &format!("A-{i:05}"))).count();
        assert!((800..=1_200).contains(&chosen), "{chosen} of 10,000");
        assert_eq!(
            keyed_twice(CampaignId::new(7), "A-00001"),
            keyed_twice(CampaignId::new(7), " a-00001 "),
            "the serial as keyed, case aside"
        );
        let other: Vec<bool> = (0..200).map(|i| keyed_twice(CampaignId::new(8), &format!("A-{i:05}"))).collect();
        let same: Vec<bool> = (0..200).map(|i| keyed_twice(CampaignId::new(7), &format!("A-{i:05}"))).collect();
        assert_ne!(other, same, "each campaign its own share");
    }

    #[test]
    fn at_least_a_tenth_of_each_stratum_is_rechecked() {
        // Nha Trang's plan: at least 10 % of forms re-checked.
        assert_eq!(recheck_quota(60, 10), 6);
        assert_eq!(recheck_quota(61, 10), 7, "rounded up");
        assert_eq!(recheck_quota(3, 10), 1, "a small stratum still has one");
        assert_eq!(recheck_quota(0, 10), 0);
        assert_eq!(recheck_quota(5, 100), 5);
        use RecheckOutcome::*;
        assert_eq!(discrepancy_rate(&[Confirmed, Differs, NotFound, Refused]), Some(0.5));
        assert_eq!(discrepancy_rate(&[]), None);
    }

    proptest! {
        #[test]
        fn quotas_always_add_up(target in 0u64..100_000, v in proptest::collection::vec(0u64..10_000, 1..8)) {
            let volumes: BTreeMap<String, u64> = v.iter().enumerate().map(|(i, n)| (format!("f{i}"), *n)).collect();
            let quotas = allocate(target, &volumes);
            if v.iter().sum::<u64>() > 0 {
                prop_assert_eq!(quotas.values().sum::<u64>(), target);
            }
        }

        #[test]
        fn a_draw_takes_distinct_candidates(n in 0usize..300, quota in 0usize..300, seed in any::<u64>()) {
            let ids: Vec<i64> = (0..n as i64).collect();
            let mut drawn = draw(&ids, quota, seed);
            prop_assert_eq!(drawn.len(), quota.min(n));
            drawn.sort_unstable();
            drawn.dedup();
            prop_assert_eq!(drawn.len(), quota.min(n));
        }
    }
}
