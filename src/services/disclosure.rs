//! Where a unit stands for publishing over some days (`domain::disclosure`, docs/decisions/020): whether its own
//! figures may leave the application, and which of the units beneath it may. A unit's verdict is decided in its
//! parent's breakdown, that one's in its own parent's, and so on from the top of the tree: every page, the card,
//! the reports and the API ask here, so the verdict on a unit is the same wherever it is read.

use std::collections::HashMap;

use crate::domain::disclosure::{alone, disclose, rest, Withheld};
use crate::domain::ids::UnitId;
use crate::domain::index::LevelCounts;
use crate::domain::rollup::spans;
use crate::store::{Store, StoreError, StoreResult};

pub struct Standing {
    /// The unit's subtree's counts.
    pub counts: LevelCounts,
    /// The verdict on the unit's own figures.
    pub own: Option<Withheld>,
    /// The units directly beneath, by name, with their subtrees' counts and verdicts.
    pub beneath: Vec<Beneath>,
    /// The unit's own answers, in none of the units beneath (a province's own counters).
    pub rest: u64,
    /// Whether they can be read off what is shown: a breakdown of them (its officials) then has a shown total.
    pub rest_shown: bool,
}

pub struct Beneath {
    pub id: i64,
    pub name: String,
    pub counts: LevelCounts,
    pub withheld: Option<Withheld>,
}

/// `unit`'s standing over local days `[from_day, to_day)`: its chain walked from the top, two reads a level.
pub async fn standing(store: &Store, unit_id: UnitId, from_day: i64, to_day: i64, floor: u64) -> StoreResult<Standing> {
    let spans = spans(from_day, to_day);
    let mut chain = store.unit_chain(unit_id).await?;
    chain.reverse();
    let top = *chain.first().ok_or(StoreError::NotFound)?;
    let mut counts = store.rollup_totals_by_unit(&[top], &spans).await?.first().map(|(_, c)| *c).unwrap_or_default();
    let mut own = alone(counts.total(), floor);
    let mut level = 0;
    loop {
        let children = store.child_units(chain[level]).await?;
        let ids: Vec<UnitId> = children.iter().map(|u| u.id).collect();
        let totals: HashMap<UnitId, LevelCounts> =
            store.rollup_totals_by_unit(&ids, &spans).await?.into_iter().collect();
        let beneath_counts: Vec<LevelCounts> =
            ids.iter().map(|id| totals.get(id).copied().unwrap_or_default()).collect();
        let answers: Vec<u64> = beneath_counts.iter().map(LevelCounts::total).collect();
        let own_answers = rest(counts.total(), &answers);
        let disclosed = disclose(own, &answers, own_answers, floor);
        let Some(next) = chain.get(level + 1) else {
            let beneath = children
                .into_iter()
                .zip(beneath_counts)
                .zip(disclosed.rows)
                .map(|((unit, counts), withheld)| Beneath { id: unit.id.get(), name: unit.name, counts, withheld })
                .collect();
            return Ok(Standing { counts, own, beneath, rest: own_answers, rest_shown: disclosed.rest_shown });
        };
        // A unit under an archived one is not published.
        let at = ids.iter().position(|id| id == next).ok_or(StoreError::NotFound)?;
        (counts, own) = (beneath_counts[at], disclosed.rows[at]);
        level += 1;
    }
}
