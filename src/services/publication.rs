//! Public results (công khai, seed 004): what anyone may read of a unit without signing in — its headline,
//! composite and factor indexes over a quarter or year, the quarters before it, and the units beneath it ranked;
//! its officials only if the unit opted in. Figures from fewer answers than the floor are withheld, not greyed:
//! a public page must not invite comparisons the numbers cannot carry. No comment and no personal data is read.

use std::collections::BTreeMap;

use crate::domain::index::{Figure, LevelCounts, UnitSummary};
use crate::domain::questionnaire::Questionnaire;
use crate::domain::ranking::{rank_for_commendation, Place};
use crate::domain::report::ReportPeriod;
use crate::domain::rollup::{Dimension, Grain, Span};
use crate::services::breakdowns::{self, Named};
use crate::services::figures::{self, Window};
use crate::store::{Store, StoreResult, Unit};

/// Quarters shown in the trend, the period's own included.
const TREND_QUARTERS: i64 = 8;

pub struct PublicResults {
    pub unit: Unit,
    pub period: ReportPeriod,
    pub summary: UnitSummary,
    /// The quarters up to the period's end, oldest first, each with its headline figure.
    pub quarters: Vec<(ReportPeriod, Figure)>,
    /// The units beneath above the floor, ranked (those not told apart share a place).
    pub ranked: Vec<Place<Named>>,
    /// Units beneath with too few answers to rank: named, their figures withheld.
    pub thin: Vec<Named>,
    /// The unit's own officials above the floor, best first; `None` unless the unit opted in.
    pub officials: Option<Vec<Place<Named>>>,
}

pub async fn results(
    store: &Store,
    unit: &Unit,
    period: ReportPeriod,
    questionnaire: &Questionnaire,
    floor: u64,
) -> StoreResult<PublicResults> {
    let (from_day, to_day) = period.days();
    let window = Window { unit_id: unit.id, from_day, to_day, official_id: None };
    let this = [unit.id];
    let (beneath, publishing) =
        tokio::try_join!(store.units_beneath(unit.id), store.units_publishing_officials(&this))?;
    let publishes = publishing.contains(&unit.id);
    let children: Vec<(i64, String)> = beneath.into_iter().map(|u| (u.id, u.name)).collect();
    let (summary, quarters, units, officials) = tokio::try_join!(
        figures::summary(store, questionnaire, &window),
        quarters(store, unit.id, period),
        breakdowns::units(store, &window, &children),
        async {
            match publishes {
                true => breakdowns::officials(store, &window).await.map(Some),
                false => Ok(None),
            }
        },
    )?;
    let (ranked, thin) = rank(units, floor);
    let officials = match officials {
        Some(all) => {
            let own_ids: Vec<i64> = store.officials_in(&[unit.id]).await?.into_iter().map(|o| o.id).collect();
            let own = all.into_iter().filter(|o| own_ids.contains(&o.id)).collect();
            Some(rank(own, floor).0)
        }
        None => None,
    };
    Ok(PublicResults { unit: unit.clone(), period, summary, quarters, ranked, thin, officials })
}

/// Ranked by `domain::ranking`, and the rest.
fn rank(rows: Vec<Named>, floor: u64) -> (Vec<Place<Named>>, Vec<Named>) {
    let items: Vec<(Named, LevelCounts)> = rows.iter().map(|r| (r.clone(), r.counts)).collect();
    let places = rank_for_commendation(&items, floor);
    let thin = rows.into_iter().filter(|r| !places.iter().any(|p| p.key.id == r.id)).collect();
    (places, thin)
}

/// The headline figure of each of the quarters up to the period's end, from the month rollups.
async fn quarters(store: &Store, unit_id: i64, period: ReportPeriod) -> StoreResult<Vec<(ReportPeriod, Figure)>> {
    let last_month = period.months().1;
    let last_quarter = last_month.div_euclid(3);
    let first_quarter = last_quarter - TREND_QUARTERS + 1;
    let span = Span { grain: Grain::Month, first: first_quarter * 3, last: last_quarter * 3 + 2 };
    let buckets = store.rollup_series(unit_id, Dimension::All, &[span], None).await?;
    let mut by_quarter: BTreeMap<i64, LevelCounts> = BTreeMap::new();
    for bucket in buckets.into_iter().filter(|b| b.grain == Grain::Month) {
        by_quarter.entry(bucket.period.div_euclid(3)).or_default().merge(bucket.counts);
    }
    Ok((first_quarter..=last_quarter)
        .map(|q| {
            let quarter = ReportPeriod::Quarter { year: q.div_euclid(4) as i32, quarter: q.rem_euclid(4) as u32 + 1 };
            (quarter, Figure::of(&by_quarter.get(&q).copied().unwrap_or_default()))
        })
        .collect())
}
