//! How sure a satisfaction index is: the 95% Wilson score interval of a share (khoảng tin cậy). Figures that praise
//! or blame a person must say how far the answers they rest on can be trusted.
//!
//! Wilson rather than the textbook `p ± z·√(p(1−p)/n)`: that one collapses to a zero-width interval at 0% and 100%
//! and spills outside [0, 1] for the small samples a commune's official has.

use serde::{Deserialize, Serialize};

/// z for a two-sided 95% interval.
const Z95: f64 = 1.959_963_984_540_054;

/// A share's plausible range, both ends in [0, 1].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

/// The 95% Wilson score interval of `successes` out of `n`; `None` for no answers (nothing is known).
pub fn wilson(successes: u64, n: u64) -> Option<Interval> {
    if n == 0 {
        return None;
    }
    let (k, n) = (successes.min(n) as f64, n as f64);
    let p = k / n;
    let z2 = Z95 * Z95;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    // At 0% and 100% the ends are exactly 0 and 1; floating point would leave them a hair inside.
    let low = if k == 0.0 { 0.0 } else { (centre - half).max(0.0) };
    let high = if k == n { 1.0 } else { (centre + half).min(1.0) };
    Some(Interval { low, high })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 0.001
    }

    #[test]
    fn worked_examples_match_the_published_wilson_figures() {
        // Newcombe (1998), table I: 81/263 → 0.2553–0.3662; and the usual classroom cases.
        let i = wilson(81, 263).unwrap();
        assert!(close(i.low, 0.2553) && close(i.high, 0.3662), "{i:?}");
        let i = wilson(8, 10).unwrap();
        assert!(close(i.low, 0.4902) && close(i.high, 0.9433), "{i:?}");
        let i = wilson(50, 100).unwrap();
        assert!(close(i.low, 0.4038) && close(i.high, 0.5962), "{i:?}");
    }

    #[test]
    fn all_or_nothing_still_has_a_width() {
        let none = wilson(0, 10).unwrap();
        assert_eq!(none.low, 0.0);
        assert!(close(none.high, 0.2775), "{none:?}");
        let all = wilson(10, 10).unwrap();
        assert_eq!(all.high, 1.0);
        assert!(close(all.low, 0.7225), "{all:?}");
        assert_eq!(wilson(0, 0), None, "no answers, no interval");
    }

    proptest! {
        #[test]
        fn the_interval_holds_the_share_and_narrows_with_more_answers(k in 0u64..500, extra in 0u64..500) {
            let n = k + extra + 1;
            let i = wilson(k, n).unwrap();
            let p = k as f64 / n as f64;
            prop_assert!(0.0 <= i.low && i.low <= p + 1e-12 && p <= i.high + 1e-12 && i.high <= 1.0);
            let wider = wilson(k, n).unwrap();
            let narrower = wilson(k * 4, n * 4).unwrap();
            prop_assert!(narrower.high - narrower.low <= wider.high - wider.low + 1e-12);
        }
    }
}
