//! Public results (công khai; docs/design.md): what anyone may read of a unit without signing in — its headline,
//! composite and factor indexes over a quarter or year, the quarters before it, and the units beneath it ranked;
//! its officials only if the unit opted in. Figures from fewer answers than the floor are withheld, not greyed:
//! a public page must not invite comparisons the numbers cannot carry; and so are enough others that no withheld
//! figure comes back by subtraction (`services::disclosure`). No comment and no personal data is read.

use futures_util::future::try_join_all;

use crate::domain::disclosure::{disclose, rest, Withheld};
use crate::domain::ids::UnitId;
use crate::domain::index::{Figure, LevelCounts, UnitSummary};
use crate::domain::questionnaire::Questionnaire;
use crate::domain::ranking::{rank_for_commendation, Place};
use crate::domain::report::ReportPeriod;
use crate::services::breakdowns::{self, Named};
use crate::services::disclosure;
use crate::services::figures::{self, Window};
use crate::store::{Store, StoreResult, Unit};

/// Quarters shown in the trend, the period's own included.
const TREND_QUARTERS: i64 = 8;

pub struct PublicResults {
    pub unit: Unit,
    pub period: ReportPeriod,
    pub summary: UnitSummary,
    /// Why the unit's own figures are withheld, if they are (decided in its parent's breakdown).
    pub withheld: Option<Withheld>,
    /// The quarters up to the period's end, oldest first, each with its headline figure or why it is withheld.
    pub quarters: Vec<(ReportPeriod, Result<Figure, Withheld>)>,
    /// The units beneath.
    pub units: Ranking,
    /// The unit's own officials (none named below the floor); `None` unless the unit opted in.
    pub officials: Option<Ranking>,
}

/// A breakdown as published.
pub struct Ranking {
    /// The rows that may be shown and have enough answers, ranked (those not told apart share a place).
    pub ranked: Vec<Place<Named>>,
    /// Rows with too few answers to rank: named, their figures withheld.
    pub thin: Vec<Named>,
    /// Rows with enough answers, withheld so that a thin one cannot be worked out: named only.
    pub protecting: Vec<Named>,
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
    let (standing, publishing) = tokio::try_join!(
        disclosure::standing(store, unit.id, from_day, to_day, floor),
        store.units_publishing_officials(&this)
    )?;
    let publishes = publishing.contains(&unit.id);
    let (summary, quarters, officials) = tokio::try_join!(
        figures::summary(store, questionnaire, &window),
        quarters(store, unit.id, period, floor),
        async {
            match publishes {
                true => breakdowns::officials(store, &window).await.map(Some),
                false => Ok(None),
            }
        },
    )?;
    let units =
        standing.beneath.into_iter().map(|u| (Named::new(u.id, u.name, String::new(), u.counts), u.withheld)).collect();
    let officials = match officials {
        Some(all) => {
            let own_ids: Vec<i64> = store.officials_in(&[unit.id]).await?.into_iter().map(|o| o.id.get()).collect();
            let own: Vec<Named> = all.into_iter().filter(|o| own_ids.contains(&o.id)).collect();
            // The officials share out the unit's own answers (beside the units beneath'): a breakdown whose total
            // is shown only when those answers can be read off the page.
            let answers: Vec<u64> = own.iter().map(|o| o.counts.total()).collect();
            let above = (!standing.rest_shown).then_some(Withheld::ProtectsSibling);
            let verdicts = disclose(above, &answers, rest(standing.rest, &answers), floor).rows;
            let officials = rank(own.into_iter().zip(verdicts).collect(), floor);
            Some(Ranking { thin: Vec::new(), ..officials })
        }
        None => None,
    };
    Ok(PublicResults {
        unit: unit.clone(),
        period,
        summary,
        withheld: standing.own,
        quarters,
        units: rank(units, floor),
        officials,
    })
}

/// The rows that may be shown ranked by `domain::ranking`; the others sorted by why not.
fn rank(rows: Vec<(Named, Option<Withheld>)>, floor: u64) -> Ranking {
    let items: Vec<(Named, LevelCounts)> =
        rows.iter().filter(|(_, withheld)| withheld.is_none()).map(|(r, _)| (r.clone(), r.counts)).collect();
    let ranked = rank_for_commendation(&items, floor);
    let (mut thin, mut protecting) = (Vec::new(), Vec::new());
    for (row, withheld) in rows {
        match withheld {
            Some(Withheld::ProtectsSibling) => protecting.push(row),
            _ if !ranked.iter().any(|p| p.key.id == row.id) => thin.push(row),
            _ => {}
        }
    }
    Ranking { ranked, thin, protecting }
}

/// The headline figure of each of the quarters up to the period's end, or why it is withheld: each quarter stands
/// in its own parent's breakdown, as the page of that quarter would show it.
async fn quarters(
    store: &Store,
    unit_id: UnitId,
    period: ReportPeriod,
    floor: u64,
) -> StoreResult<Vec<(ReportPeriod, Result<Figure, Withheld>)>> {
    let last_quarter = period.months().1.div_euclid(3);
    let quarters = (last_quarter - TREND_QUARTERS + 1..=last_quarter)
        .map(|q| ReportPeriod::Quarter { year: q.div_euclid(4) as i32, quarter: q.rem_euclid(4) as u32 + 1 });
    try_join_all(quarters.map(async |quarter| {
        let (from_day, to_day) = quarter.days();
        let standing = disclosure::standing(store, unit_id, from_day, to_day, floor).await?;
        Ok((quarter, standing.own.map_or(Ok(Figure::of(&standing.counts)), Err)))
    }))
    .await
}
