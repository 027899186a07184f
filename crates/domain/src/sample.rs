//! Sample targets (cỡ mẫu; docs/design.md, *Sample targets*): how many opinions a unit must collect in a period, by the
//! rule its unit tree chose, and whether the pace so far will reach it ("cần khảo sát bổ sung").
//!
//! The rules are the plans' (docs/design.md, *Sources*): Thừa Thiên Huế's tiers by yearly transactions (the default);
//! Slovin's formula; a fixed quota per unit kind (Nha Trang: 60 forms per commune, 50 per health station or school); a
//! fixed allocation per unit or volume group (An Giang: 30 forms for a department with many procedures, 20 for an
//! average one).

use crate::ids::UnitId;
use std::collections::HashMap;

/// A rule that turns a unit's transactions (lượt giao dịch, dossiers) in the period into a number of opinions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetRule {
    /// Thừa Thiên Huế's plan: up to 100 transactions, all of them; up to 1,000, 20 % (at least 100); up to 5,000, 10 %
    /// (at least 200); above, 5 % (at least 500).
    Tiered,
    /// Slovin's n = N / (1 + N·e²), the margin e in per mille (50 = 5 %).
    Slovin { margin_permille: u32 },
    /// Nha Trang's quotas by the unit's kind, whatever its volume.
    PerKind,
    /// The same number for the unit whatever its volume (An Giang's allocation to a unit or its volume group).
    Fixed(u64),
}

impl TargetRule {
    /// The opinions to collect from a unit of `kind` with `transactions` in the period. Never more than the
    /// transactions when they are known (nobody can be asked twice), except for quotas set by hand.
    pub fn target(self, kind: &str, transactions: u64) -> u64 {
        match self {
            TargetRule::Tiered => tiered(transactions),
            TargetRule::Slovin { margin_permille } => slovin(transactions, margin_permille),
            TargetRule::PerKind => quota_of_kind(kind),
            TargetRule::Fixed(n) => n,
        }
    }
}

/// Thừa Thiên Huế's table. Shares are rounded up: a target is a floor.
pub fn tiered(transactions: u64) -> u64 {
    let share = |percent: u64, floor: u64| transactions.saturating_mul(percent).div_ceil(100).max(floor);
    match transactions {
        0..=100 => transactions,
        101..=1_000 => share(20, 100),
        1_001..=5_000 => share(10, 200),
        _ => share(5, 500),
    }
}

/// Slovin's formula, rounded up. `margin_permille` 0 means asking everyone.
pub fn slovin(transactions: u64, margin_permille: u32) -> u64 {
    let (n, e) = (transactions as f64, f64::from(margin_permille) / 1000.0);
    let size = n / (1.0 + n * e * e);
    // A hair of float error must not turn 384.0000001 into 385.
    ((size - 1e-9).ceil().max(0.0) as u64).min(transactions)
}

/// Nha Trang's plan: 60 forms per commune (ward, special zone), 50 per health station or school; other kinds have no
/// quota of their own (0: set one by hand).
pub fn quota_of_kind(kind: &str) -> u64 {
    match kind {
        "commune" | "ward" | "special_zone" => 60,
        "health_station" | "school" => 50,
        _ => 0,
    }
}

/// How a unit stands against its target partway through the period.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    pub target: u64,
    pub collected: u64,
    /// Collected ÷ target, 0–1 and beyond; 1 for a target of 0.
    pub reached: f64,
    /// What the period will end with at the pace so far (`None` before any of it has passed).
    pub projected: Option<u64>,
    /// The pace will miss the target: a supplementary survey is needed (cần khảo sát bổ sung).
    pub needs_more: bool,
}

/// `elapsed_days` of a period of `period_days` have passed and `collected` opinions are in.
pub fn progress(target: u64, collected: u64, elapsed_days: u32, period_days: u32) -> Progress {
    let reached = if target == 0 { 1.0 } else { collected as f64 / target as f64 };
    let projected = (elapsed_days > 0 && period_days > 0).then(|| {
        let elapsed = elapsed_days.min(period_days);
        (collected as f64 * f64::from(period_days) / f64::from(elapsed)).floor() as u64
    });
    let needs_more = collected < target && projected.is_some_and(|p| p < target);
    Progress { target, collected, reached, projected, needs_more }
}

/// The rule in force for `unit`: its own, else that of the nearest unit above it that chose one, else the tiered
/// rule (Thừa Thiên Huế's, the default). `parents` maps each unit to the unit above it.
pub fn rule_in_force(
    parents: &HashMap<UnitId, Option<UnitId>>,
    rules: &HashMap<UnitId, TargetRule>,
    unit: UnitId,
) -> TargetRule {
    let mut at = Some(unit);
    // A tree has no cycles; the bound only keeps a damaged one from looping.
    for _ in 0..=parents.len() {
        let Some(id) = at else { break };
        if let Some(rule) = rules.get(&id) {
            return *rule;
        }
        at = parents.get(&id).copied().flatten();
    }
    TargetRule::Tiered
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_unit_follows_the_rule_its_tree_chose_and_the_tiers_by_default() {
        // Province 1 chose Slovin; its commune 3 fixed 60; station 4 is beneath commune 3; commune 2 chose nothing.
        let unit = UnitId::new;
        let parents = HashMap::from(
            [(1, None), (2, Some(1)), (3, Some(1)), (4, Some(3)), (9, None)]
                .map(|(id, parent): (i64, Option<i64>)| (unit(id), parent.map(unit))),
        );
        let rules =
            HashMap::from([(unit(1), TargetRule::Slovin { margin_permille: 50 }), (unit(3), TargetRule::Fixed(60))]);
        assert_eq!(rule_in_force(&parents, &rules, UnitId::new(2)), TargetRule::Slovin { margin_permille: 50 });
        assert_eq!(rule_in_force(&parents, &rules, UnitId::new(4)), TargetRule::Fixed(60));
        assert_eq!(rule_in_force(&parents, &rules, UnitId::new(9)), TargetRule::Tiered, "another tree: the default");
        let looped = HashMap::from([(unit(5), Some(unit(6))), (unit(6), Some(unit(5)))]);
        assert_eq!(rule_in_force(&looped, &rules, UnitId::new(5)), TargetRule::Tiered, "a damaged tree does not hang");
    }

    use super::*;
    use proptest::prelude::*;

    #[test]
    fn seed_004_tiers_with_their_floors() {
        // Every tier's edges, and the floors that decide small volumes of each tier.
        let cases = [
            (0, 0),
            (80, 80),
            (100, 100),
            (101, 100),
            (400, 100),
            (600, 120),
            (1_000, 200),
            (1_001, 200),
            (3_000, 300),
            (5_000, 500),
            (5_001, 500),
            (12_000, 600),
            (12_345, 618),
        ];
        for (transactions, target) in cases {
            assert_eq!(tiered(transactions), target, "{transactions} transactions");
        }
    }

    #[test]
    fn slovin_at_five_percent() {
        // The textbook values: 1,000 → 286, 10,000 → 385, a million → 400 (the limit 1/e²).
        assert_eq!(slovin(1_000, 50), 286);
        assert_eq!(slovin(10_000, 50), 385);
        assert_eq!(slovin(1_000_000, 50), 400);
        assert_eq!(slovin(50, 50), 45);
        assert_eq!(slovin(0, 50), 0);
        assert_eq!(slovin(70, 0), 70, "no margin: everyone");
    }

    #[test]
    fn seed_000_quotas_by_kind() {
        // Nha Trang's plan: 3,270 forms for 60 units, its communes at 60 and health stations and schools at 50.
        assert_eq!(TargetRule::PerKind.target("commune", 9_000), 60);
        assert_eq!(TargetRule::PerKind.target("health_station", 0), 50);
        assert_eq!(TargetRule::PerKind.target("school", 10), 50);
        assert_eq!(TargetRule::PerKind.target("department", 10), 0);
    }

    #[test]
    fn seed_003_allocations_are_fixed_per_volume_group() {
        // An Giang's plan: 30 forms for a department of the "many procedures" group, 20 for an average one.
        let (many, average) = (TargetRule::Fixed(30), TargetRule::Fixed(20));
        assert_eq!(many.target("department", 12_000), 30);
        assert_eq!(average.target("department", 800), 20);
    }

    #[test]
    fn a_slow_pace_calls_for_a_supplementary_survey() {
        // A commune with 3,000 dossiers a year needs 300; by the end of June (181 of 365 days) it has 120.
        let behind = progress(tiered(3_000), 120, 181, 365);
        assert_eq!(behind.projected, Some(241));
        assert!(behind.needs_more);
        assert!((behind.reached - 0.4).abs() < 1e-9);
        let on_pace = progress(300, 160, 181, 365);
        assert!(!on_pace.needs_more, "projected {:?}", on_pace.projected);
        let reached = progress(300, 301, 10, 365);
        assert!(!reached.needs_more, "reached is reached, whatever the pace");
        assert_eq!(progress(300, 0, 0, 365).projected, None, "nothing to project from before the period starts");
        assert_eq!(progress(0, 0, 10, 365).reached, 1.0);
    }

    proptest! {
        #[test]
        fn targets_are_never_more_than_the_transactions_and_grow_with_them(n in 0u64..2_000_000) {
            for rule in [TargetRule::Tiered, TargetRule::Slovin { margin_permille: 50 }] {
                let target = rule.target("commune", n);
                prop_assert!(target <= n, "{rule:?}: {target} of {n}");
                prop_assert!(rule.target("commune", n + 1) >= target, "{rule:?} shrinks after {n}");
            }
        }
    }
}
