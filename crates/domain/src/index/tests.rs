//! Worked examples of docs/design.md, *Indexes*, the arithmetic in each test's name or comment, and the
//! properties every index must keep whatever the counts.

use super::*;
use proptest::prelude::*;

fn counts(very_good: u64, good: u64, fair: u64, poor: u64) -> LevelCounts {
    LevelCounts { very_good, good, fair, poor }
}

#[test]
fn three_of_four_satisfied_is_75_percent() {
    assert_eq!(satisfaction_index(3, 4), Some(75.0));
    assert_eq!(counts(1, 2, 0, 1).satisfaction_index(), Some(75.0));
}

#[test]
fn no_answers_is_no_figure_rather_than_0_percent() {
    assert_eq!(satisfaction_index(0, 0), None);
    assert_eq!(mean_score(&LevelCounts::default()), None);
    assert_eq!(factor_index(&[]), None);
    assert_eq!(factor_index(&[LevelCounts::default()]), None);
    assert_eq!(composite_index(&[None, None]), None);
}

#[test]
fn more_satisfied_than_answered_is_capped_at_100_percent() {
    assert_eq!(satisfaction_index(5, 4), Some(100.0));
}

#[test]
fn fair_counts_as_unsatisfied_so_2_of_4_is_50_percent() {
    assert_eq!(counts(0, 2, 2, 0).satisfaction_index(), Some(50.0));
}

#[test]
fn factor_with_criteria_at_100_and_50_percent_is_75_percent() {
    // (100 + 50) / 2 = 75: each criterion weighs the same, unlike the pooled 4 of 6 answers = 66.7.
    assert_eq!(factor_index(&[counts(2, 0, 0, 0), counts(1, 1, 1, 1)]), Some(75.0));
}

#[test]
fn factor_ignores_criteria_without_answers() {
    // (100 + none) → 100, not (100 + 0) / 2 = 50.
    assert_eq!(factor_index(&[counts(1, 0, 0, 0), LevelCounts::default()]), Some(100.0));
}

#[test]
fn composite_of_80_none_60_is_70_ignoring_the_factor_without_answers() {
    assert_eq!(composite_index(&[Some(80.0), None, Some(60.0)]), Some(70.0));
}

#[test]
fn mean_score_of_4_4_1_is_3() {
    let levels = [Level::VeryGood, Level::VeryGood, Level::Poor];
    // (4 + 4 + 1) / 3 = 3.0
    assert_eq!(mean_score(&levels.into_iter().collect()), Some(3.0));
}

#[test]
fn counts_add_get_total_satisfied_and_merge() {
    let mut a: LevelCounts = [Level::Good, Level::Fair, Level::Good].into_iter().collect();
    assert_eq!((a.get(Level::Good), a.total(), a.satisfied()), (2, 3, 2));
    a.merge(counts(1, 0, 0, 4));
    assert_eq!(a, counts(1, 2, 1, 4));
    a.extend([Level::Poor]);
    assert_eq!((a.get(Level::Poor), a.total()), (5, 9));
}

#[test]
fn huge_counts_saturate_instead_of_panicking() {
    let mut a = counts(u64::MAX, u64::MAX, 1, 1);
    a.add(Level::VeryGood);
    a.merge(a);
    assert_eq!(a.total(), u64::MAX);
    assert!(mean_score(&a).is_some_and(|m| (1.0..=4.0).contains(&m)));
}

#[test]
fn display_rounds_two_thirds_to_66_7_but_keeps_the_exact_value() {
    let figure = Figure { value: satisfaction_index(2, 3), count: 3 };
    assert_eq!(figure.display(), Some(66.7));
    assert!(figure.value.is_some_and(|v| v > 66.66 && v < 66.67));
}

#[test]
fn a_figure_is_reliable_from_the_floor_and_only_with_a_value() {
    let four = Figure { value: Some(100.0), count: 4 };
    let five = Figure { value: Some(100.0), count: 5 };
    assert!(!four.is_reliable(DEFAULT_SAMPLE_FLOOR));
    assert!(five.is_reliable(DEFAULT_SAMPLE_FLOOR));
    assert!(!Figure { value: None, count: 9 }.is_reliable(DEFAULT_SAMPLE_FLOOR));
}

#[test]
fn satisfied_share_v1_worked_example() {
    let input = IndexInput {
        // 3 Rất tốt, 3 Tốt, 1 Bình thường, 1 Chưa tốt: 6 / 8 = 75%; (12 + 9 + 2 + 1) / 8 = 3.0.
        overall: counts(3, 3, 1, 1),
        factors: vec![
            // 2 of 4 → 50%, behind 4 answers.
            (Factor::Access, vec![counts(0, 2, 0, 2)]),
            // (100 + 50) / 2 → 75%, behind at most 3 answers.
            (Factor::Official, vec![counts(3, 0, 0, 0), counts(0, 1, 1, 0)]),
            // Nobody answered: no figure, left out of the composite.
            (Factor::Result, vec![LevelCounts::default()]),
        ],
    };
    let indexes = IndexMethod::default().compute(&input);
    assert_eq!(indexes.headline, Figure { value: Some(75.0), count: 8 });
    assert_eq!(indexes.mean_score, Some(3.0));
    // (50 + 75) / 2 = 62.5, behind at least 4 responses.
    assert_eq!(indexes.composite, Figure { value: Some(62.5), count: 4 });
    assert_eq!(
        indexes.factors,
        [
            (Factor::Access, Figure { value: Some(50.0), count: 4 }),
            (Factor::Official, Figure { value: Some(75.0), count: 3 }),
            (Factor::Result, Figure { value: None, count: 0 }),
        ]
    );
}

#[test]
fn nothing_answered_gives_no_figures() {
    let indexes = IndexMethod::SatisfiedShareV1.compute(&IndexInput::default());
    assert_eq!(indexes.headline, Figure::default());
    assert_eq!((indexes.mean_score, indexes.composite), (None, Figure::default()));
}

fn any_counts() -> impl Strategy<Value = LevelCounts> {
    let n = || 0u64..1_000_000;
    (n(), n(), n(), n()).prop_map(|(a, b, c, d)| counts(a, b, c, d))
}

fn any_level() -> impl Strategy<Value = Level> {
    prop::sample::select(Level::DISPLAY_ORDER.to_vec())
}

proptest! {
    #[test]
    fn index_is_within_0_and_100(c in any_counts()) {
        if let Some(index) = c.satisfaction_index() {
            prop_assert!((0.0..=100.0).contains(&index));
        }
    }

    #[test]
    fn one_more_answer_moves_the_index_its_way(c in any_counts(), level in any_level()) {
        let mut after = c;
        after.add(level);
        let (before, after) = (c.satisfaction_index(), after.satisfaction_index());
        if let (Some(before), Some(after)) = (before, after) {
            if level.is_satisfied() {
                prop_assert!(after >= before, "{before} → {after}");
            } else {
                prop_assert!(after <= before, "{before} → {after}");
            }
        }
    }

    #[test]
    fn mean_score_is_within_1_and_4(c in any_counts()) {
        if let Some(mean) = mean_score(&c) {
            prop_assert!((1.0..=4.0).contains(&mean));
        }
    }

    #[test]
    fn composite_is_within_its_factor_indexes(
        factors in prop::collection::vec(prop::option::of(0.0..=100.0f64), 0..8)
    ) {
        let present: Vec<f64> = factors.iter().flatten().copied().collect();
        match composite_index(&factors) {
            None => prop_assert!(present.is_empty()),
            Some(composite) => {
                let low = present.iter().copied().fold(f64::INFINITY, f64::min);
                let high = present.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                prop_assert!(low <= composite && composite <= high);
            }
        }
    }
}

#[test]
fn a_figure_has_the_wilson_interval_of_its_share() {
    let counts = LevelCounts { very_good: 5, good: 3, fair: 1, poor: 1 };
    let figure = Figure::of(&counts);
    assert_eq!((figure.value, figure.count), (Some(80.0), 10));
    let interval = figure.interval().unwrap();
    assert_eq!(Some(interval), crate::interval::wilson(8, 10), "the headline's interval is exact");
    assert!(interval.low < 0.8 && 0.8 < interval.high);
    assert_eq!(Figure::of(&LevelCounts::default()).interval(), None, "no answers, no interval");
}

#[test]
fn indexes_leave_without_the_values_below_the_floor_and_keep_their_counts() {
    let shown = Figure { value: Some(60.0), count: 5 };
    let thin = Figure { value: Some(100.0), count: 2 };
    let indexes = Indexes {
        headline: shown,
        mean_score: Some(2.8),
        composite: thin,
        factors: vec![(Factor::Access, thin), (Factor::Result, shown)],
    };
    let out = indexes.above_floor(5);
    assert_eq!((out.headline, out.mean_score), (shown, Some(2.8)));
    assert_eq!(out.composite, Figure { value: None, count: 2 });
    assert_eq!(out.factors, [(Factor::Access, Figure { value: None, count: 2 }), (Factor::Result, shown)]);
    assert_eq!(indexes.above_floor(6).mean_score, None, "the mean score goes with the headline");
}
