//! Which figures of a breakdown may leave the application (docs/decisions/020): a figure from fewer answers than
//! the floor is withheld, and so are enough of its siblings that it cannot come back by subtraction — the
//! parent's count less its shown parts. A breakdown is a total (itself shown or withheld), its rows (the units
//! beneath, the officials, the procedures…) and the rest: the total's answers in no row (a province's own
//! counters), never shown as a row but recoverable like one.
//!
//! The rule: whatever a reader can add up from what is shown, the withheld answers of a breakdown are known only
//! as one lump of at least `floor` answers spread over two or more parts — no better than a figure the floor
//! lets us publish. Counts go with their figures: a withheld figure's count is withheld too.

use serde::{Deserialize, Serialize};

/// Why a figure is not shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Withheld {
    /// From fewer answers than the floor (chưa đủ mẫu).
    BelowFloor,
    /// Enough answers, withheld so that a sibling below the floor cannot be worked out by subtraction.
    ProtectsSibling,
}

/// A figure standing alone (the top of the tree): withheld only below the floor. No answers is no figure, not a
/// withheld one.
pub fn alone(count: u64, floor: u64) -> Option<Withheld> {
    (count > 0 && count < floor).then_some(Withheld::BelowFloor)
}

/// What a breakdown may show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disclosed {
    /// Each row's verdict, in the rows' order: `None` is shown.
    pub rows: Vec<Option<Withheld>>,
    /// Whether the rest can be read off what is shown (the total and every row shown): a breakdown of the rest
    /// then has a shown total.
    pub rest_shown: bool,
}

/// The verdict on each of `rows` (answer counts) of a total withheld or not (`total`), with `rest` answers in no
/// row. The smallest rows are withheld first: they cost the reader least.
pub fn disclose(total: Option<Withheld>, rows: &[u64], rest: u64, floor: u64) -> Disclosed {
    let mut verdicts: Vec<Option<Withheld>> = rows.iter().map(|&n| alone(n, floor)).collect();
    while exposed(total, rows, &verdicts, rest, floor) {
        let smallest = (0..rows.len()).filter(|&i| verdicts[i].is_none() && rows[i] > 0).min_by_key(|&i| rows[i]);
        let Some(i) = smallest else { break };
        verdicts[i] = Some(Withheld::ProtectsSibling);
    }
    let rest_shown = total.is_none() && verdicts.iter().all(Option::is_none);
    Disclosed { rows: verdicts, rest_shown }
}

/// Whether the withheld part of the breakdown (the withheld rows and the rest) is too small a lump to hide in.
/// Under a shown total it is known exactly, so it must be at least `floor` answers in two or more parts as soon
/// as it holds anything below the floor. Under a withheld total it must keep the total unknown: at least
/// `floor` answers, or what is shown would give the total (and so, one level up, its sibling) away.
fn exposed(total: Option<Withheld>, rows: &[u64], verdicts: &[Option<Withheld>], rest: u64, floor: u64) -> bool {
    let hidden: Vec<u64> =
        rows.iter().zip(verdicts).filter(|(n, v)| v.is_some() && **n > 0).map(|(n, _)| *n).chain([rest]).collect();
    let lump: u64 = hidden.iter().sum();
    let parts = hidden.iter().filter(|n| **n > 0).count();
    match total {
        None => hidden.iter().any(|&n| alone(n, floor).is_some()) && (lump < floor || parts < 2),
        Some(_) => lump < floor,
    }
}

/// The answers of `total` in none of `rows`.
pub fn rest(total: u64, rows: &[u64]) -> u64 {
    total.saturating_sub(rows.iter().sum())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Withheld::{BelowFloor as Below, ProtectsSibling as Protects};

    const FLOOR: u64 = 5;

    #[test]
    fn nothing_below_the_floor_withholds_nothing() {
        let d = disclose(None, &[6, 9, 30], 0, FLOOR);
        assert_eq!(d.rows, [None, None, None]);
        assert!(d.rest_shown);
        assert_eq!(disclose(None, &[0, 12], 0, FLOOR).rows, [None, None], "no answers is no figure to protect");
    }

    #[test]
    fn the_8_6_2_example_withholds_the_sibling_too() {
        // Province 50 % of 8, commune A 66.7 % of 6: shown together they give commune B's 0 of 2.
        let d = disclose(None, &[6, 2], rest(8, &[6, 2]), FLOOR);
        assert_eq!(d.rows, [Some(Protects), Some(Below)]);
        assert!(!d.rest_shown);
    }

    #[test]
    fn of_three_only_the_smallest_other_sibling_is_withheld() {
        let d = disclose(None, &[20, 7, 3], 0, FLOOR);
        assert_eq!(d.rows, [None, Some(Protects), Some(Below)]);
    }

    #[test]
    fn two_small_siblings_hide_each_other_once_they_make_the_floor_together() {
        // 2 + 3: the reader learns only a lump of five answers in two parts, as good as a published figure.
        assert_eq!(disclose(None, &[20, 2, 3], 0, FLOOR).rows, [None, Some(Below), Some(Below)]);
        // 1 + 2 is still a lump below the floor: a third row goes with them.
        assert_eq!(disclose(None, &[20, 8, 1, 2], 0, FLOOR).rows, [None, Some(Protects), Some(Below), Some(Below)]);
    }

    #[test]
    fn the_parents_own_answers_count_like_a_row() {
        // Enough answers of its own hide the small commune without withholding another.
        assert_eq!(disclose(None, &[6, 2], 12, FLOOR).rows, [None, Some(Below)]);
        // Too few of its own are themselves recoverable: a commune is withheld to hide them.
        let d = disclose(None, &[6, 9], 2, FLOOR);
        assert_eq!(d.rows, [Some(Protects), None]);
        assert!(!d.rest_shown);
    }

    #[test]
    fn a_parent_below_the_floor_shows_none_of_its_parts() {
        let d = disclose(Some(Below), &[3, 1], 0, FLOOR);
        assert_eq!(d.rows, [Some(Below), Some(Below)]);
        assert!(!d.rest_shown);
    }

    #[test]
    fn a_withheld_parent_keeps_enough_hidden_that_its_parts_do_not_add_up_to_it() {
        // Commune A, withheld to protect B, has two departments: showing both would give A's count back.
        assert_eq!(disclose(Some(Protects), &[10, 12], 0, FLOOR).rows, [Some(Protects), None]);
        // Its own answers are lump enough.
        assert_eq!(disclose(Some(Protects), &[10, 12], 5, FLOOR).rows, [None, None]);
    }

    #[test]
    fn a_lone_row_is_never_withheld_for_want_of_siblings() {
        // Everything is already withheld that can be: the total is the row, and the total is shown.
        assert_eq!(disclose(None, &[9], 0, FLOOR).rows, [None]);
    }

    proptest::proptest! {
        #[test]
        fn what_is_withheld_under_a_shown_total_is_a_lump_the_floor_allows(
            rows in proptest::collection::vec(0u64..12, 0..6),
            own in 0u64..8,
        ) {
            proptest::prop_assume!(rows.iter().sum::<u64>() + own >= FLOOR);
            let d = disclose(None, &rows, own, FLOOR);
            let hidden: Vec<u64> =
                rows.iter().zip(&d.rows).filter(|(n, v)| v.is_some() && **n > 0).map(|(n, _)| *n).chain([own]).collect();
            let small = rows.iter().chain([&own]).any(|&n| alone(n, FLOOR).is_some());
            let lump: u64 = hidden.iter().sum();
            let parts = hidden.iter().filter(|n| **n > 0).count();
            proptest::prop_assert!(!small || (lump >= FLOOR && parts >= 2), "{rows:?} + {own}: {:?}", d.rows);
            for (n, v) in rows.iter().zip(&d.rows) {
                proptest::prop_assert_eq!(v == &Some(Withheld::BelowFloor), alone(*n, FLOOR).is_some());
            }
        }
    }
}
