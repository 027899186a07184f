//! Ranking officials for commendation (khen thưởng) without claiming more than the answers show: only officials
//! with at least the sample floor of ratings are ranked, best index first, and one whose 95% interval overlaps that
//! of the first official of the place above shares that place — the difference between them may be chance.

use std::cmp::Ordering;

use super::index::{Figure, LevelCounts};
use super::interval::{wilson, Interval};

/// One official's place in the ranking.
#[derive(Clone, Debug, PartialEq)]
pub struct Place<K> {
    pub key: K,
    /// 1 for the first place; officials sharing a place share its number (1, 1, 3, …).
    pub place: usize,
    /// Whether someone else holds the same place.
    pub shared: bool,
    /// The satisfaction index, 0–100.
    pub index: f64,
    pub interval: Interval,
    pub count: u64,
}

/// Ranks those with at least `floor` ratings; the others are left out (say so where the ranking is shown).
pub fn rank_for_commendation<K: Clone>(items: &[(K, LevelCounts)], floor: u64) -> Vec<Place<K>> {
    let mut ranked: Vec<Place<K>> = items
        .iter()
        .filter(|(_, counts)| counts.total() >= floor.max(1))
        .filter_map(|(key, counts)| {
            let interval = wilson(counts.satisfied(), counts.total())?;
            let index = counts.satisfied() as f64 * 100.0 / counts.total() as f64;
            Some(Place { key: key.clone(), place: 0, shared: false, index, interval, count: counts.total() })
        })
        .collect();
    ranked.sort_by(|a, b| b.index.total_cmp(&a.index).then(b.count.cmp(&a.count)));
    let mut leader: Option<Interval> = None;
    let mut place = 0;
    for (i, item) in ranked.iter_mut().enumerate() {
        let overlaps = leader.is_some_and(|l| item.interval.high >= l.low);
        if !overlaps {
            place = i + 1;
            leader = Some(item.interval);
        }
        item.place = place;
    }
    let places: Vec<usize> = ranked.iter().map(|p| p.place).collect();
    for item in &mut ranked {
        item.shared = places.iter().filter(|p| **p == item.place).count() > 1;
    }
    ranked
}

/// Worst first, as a chair reads a breakdown: figures from at least `floor` answers from the lowest index up,
/// then the thinner ones, most answered first.
pub fn worst_first(a: &LevelCounts, b: &LevelCounts, floor: u64) -> Ordering {
    let (fa, fb) = (Figure::of(a), Figure::of(b));
    let (a_reliable, b_reliable) = (fa.is_reliable(floor), fb.is_reliable(floor));
    b_reliable.cmp(&a_reliable).then_with(|| match a_reliable {
        true => fa.value.unwrap_or(f64::MAX).total_cmp(&fb.value.unwrap_or(f64::MAX)),
        false => fb.count.cmp(&fa.count),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(satisfied: u64, total: u64) -> LevelCounts {
        LevelCounts { very_good: satisfied, good: 0, fair: 0, poor: total - satisfied }
    }

    #[test]
    fn close_figures_share_a_place_and_clear_differences_do_not() {
        let items = [
            ("An", counts(95, 100)),
            ("Bình", counts(93, 100)),
            ("Chi", counts(60, 100)),
            ("Dũng", counts(3, 3)), // 100 %, but only three ratings
        ];
        let ranked = rank_for_commendation(&items, 5);
        let places: Vec<_> = ranked.iter().map(|p| (p.key, p.place, p.shared)).collect();
        assert_eq!(places, [("An", 1, true), ("Bình", 1, true), ("Chi", 3, false)]);
    }

    #[test]
    fn a_chain_of_overlaps_is_cut_at_the_leader_of_each_place() {
        // 90 % overlaps 80 %, 80 % overlaps 70 %, but 70 % does not overlap 90 %: 70 % starts the next place.
        let items = [("a", counts(90, 100)), ("b", counts(80, 100)), ("c", counts(70, 100))];
        let ranked = rank_for_commendation(&items, 5);
        assert!(ranked[1].interval.high >= ranked[0].interval.low);
        assert_eq!(ranked.iter().map(|p| p.place).collect::<Vec<_>>(), [1, 1, 3]);
    }

    #[test]
    fn nobody_below_the_floor_is_ranked() {
        assert!(rank_for_commendation(&[("a", counts(4, 4))], 5).is_empty());
        assert!(rank_for_commendation(&[("a", counts(0, 0))], 0).is_empty());
    }
}
