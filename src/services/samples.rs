//! Sample targets against what was collected (DESIGN.md §6, `domain::sample`), for a unit and each unit beneath
//! it over the calendar year to date: the target is the sum of each unit's own, by seed 004's tiers from the
//! transactions known for the year so far (declared, or else the dossiers registered); collected is every counted
//! rating of the subtree; the pace check says when the year will end short ("cần khảo sát bổ sung").

use chrono::{Datelike, NaiveDate};

use crate::domain::period::day_number_to_date;
use crate::domain::rollup::{spans, Span};
use crate::domain::sample::{progress, Progress, TargetRule};
use crate::domain::unit_tree;
use crate::store::{Store, StoreResult};

/// One row of the progress table.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitSample {
    pub unit_id: i64,
    pub name: String,
    /// Transactions known for the year, the subtree's.
    pub transactions: i64,
    pub progress: Progress,
}

/// `rows` (a unit and those beneath it, named) over the year of local day `today`, within the tree `nodes`.
pub async fn year_to_date(
    store: &Store,
    nodes: &[(i64, Option<i64>)],
    rows: &[(i64, String)],
    today: i64,
) -> StoreResult<Vec<UnitSample>> {
    let Some(date) = day_number_to_date(today) else { return Ok(vec![]) };
    let year_start = today - i64::from(date.ordinal0());
    let year_length = NaiveDate::from_ymd_opt(date.year() + 1, 1, 1)
        .and_then(|next| date.with_ordinal(1).map(|first| (next - first).num_days()))
        .unwrap_or(365);
    let months = (i64::from(date.year()) * 12, i64::from(date.year()) * 12 + 11);
    let subtrees: Vec<Vec<i64>> = rows.iter().map(|(id, _)| unit_tree::subtree(nodes, *id)).collect();
    let mut everyone: Vec<i64> = subtrees.iter().flatten().copied().collect();
    everyone.sort_unstable();
    everyone.dedup();
    let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
    let so_far: Vec<Span> = spans(year_start, today + 1);
    let (transactions, collected) = tokio::try_join!(
        store.transactions_by_unit(&everyone, months.0, months.1),
        store.rollup_totals_by_unit(&ids, &so_far),
    )?;
    let elapsed = u32::try_from(today + 1 - year_start).unwrap_or(0);
    let period = u32::try_from(year_length).unwrap_or(365);
    Ok(rows
        .iter()
        .zip(subtrees)
        .map(|((unit_id, name), subtree)| {
            let own = |unit: &i64| u64::try_from(transactions.get(unit).copied().unwrap_or(0)).unwrap_or(0);
            let target = subtree.iter().map(|unit| TargetRule::Tiered.target("", own(unit))).sum();
            let counted = collected.iter().find(|(id, _)| id == unit_id).map_or(0, |(_, counts)| counts.total());
            UnitSample {
                unit_id: *unit_id,
                name: name.clone(),
                transactions: subtree.iter().map(|unit| transactions.get(unit).copied().unwrap_or(0)).sum(),
                progress: progress(target, counted, elapsed, period),
            }
        })
        .collect())
}
