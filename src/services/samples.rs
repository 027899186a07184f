//! Sample targets against what was collected (docs/design.md, Sample targets; `domain::sample`), for a unit and each
//! unit beneath it, over the calendar year to date (the dashboard) or a report's period: the target is the sum of each
//! unit's own, by the rule in force for it (the one its unit or the nearest unit above chose; the tiered rule by
//! default) from the transactions known for the period (declared, or else the dossiers registered); collected is every
//! counted rating of the subtree; the pace check says when the period will end short ("cần khảo sát bổ sung").

use std::collections::HashMap;

use chrono::Datelike;

use crate::domain::ids::UnitId;
use crate::domain::period::day_number_to_date;
use crate::domain::report::ReportPeriod;
use crate::domain::rollup::{spans, Span};
use crate::domain::sample::{progress, rule_in_force, Progress, TargetRule};
use crate::domain::unit_tree;
use crate::store::{Store, StoreResult};

/// One row of the progress table.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitSample {
    pub unit_id: UnitId,
    pub name: String,
    /// Transactions known for the year, the subtree's.
    pub transactions: i64,
    /// The rule in force for the unit itself (units beneath it may have chosen their own).
    pub rule: TargetRule,
    pub progress: Progress,
}

/// `rows` (a unit and those beneath it, named) over the year of local day `today`, within the tree `nodes`.
pub async fn year_to_date(
    store: &Store,
    nodes: &[(UnitId, Option<UnitId>)],
    rows: &[(UnitId, String)],
    today: i64,
) -> StoreResult<Vec<UnitSample>> {
    let Some(date) = day_number_to_date(today) else { return Ok(vec![]) };
    in_period(store, nodes, rows, ReportPeriod::Year(date.year()), today).await
}

/// `rows` over a calendar `period`, judged on local day `today`: the target by each unit's rule from the period's
/// transactions, and the pace over the days of it that have passed (all of them once it is over).
pub async fn in_period(
    store: &Store,
    nodes: &[(UnitId, Option<UnitId>)],
    rows: &[(UnitId, String)],
    period: ReportPeriod,
    today: i64,
) -> StoreResult<Vec<UnitSample>> {
    let (first_day, end_day) = period.days();
    let months = period.months();
    let subtrees: Vec<Vec<UnitId>> = rows.iter().map(|(id, _)| unit_tree::subtree(nodes, *id)).collect();
    let mut everyone: Vec<UnitId> = subtrees.iter().flatten().copied().collect();
    everyone.sort_unstable();
    everyone.dedup();
    let ids: Vec<UnitId> = rows.iter().map(|(id, _)| *id).collect();
    let so_far: Vec<Span> = spans(first_day, (today + 1).min(end_day));
    let (transactions, collected, (kinds, rule_keys)) = tokio::try_join!(
        store.transactions_by_unit(&everyone, months.0, months.1),
        store.rollup_totals_by_unit(&ids, &so_far),
        store.sample_settings(&everyone),
    )?;
    let parents: HashMap<UnitId, Option<UnitId>> = nodes.iter().copied().collect();
    let rules: HashMap<UnitId, TargetRule> =
        rule_keys.iter().filter_map(|(id, key)| Some((*id, TargetRule::parse(key)?))).collect();
    let rule_of = |unit: UnitId| rule_in_force(&parents, &rules, unit);
    let elapsed = u32::try_from((today + 1).clamp(first_day, end_day) - first_day).unwrap_or(0);
    let length = u32::try_from(end_day - first_day).unwrap_or(0);
    Ok(rows
        .iter()
        .zip(subtrees)
        .map(|((unit_id, name), subtree)| {
            let own = |unit: &UnitId| u64::try_from(transactions.get(unit).copied().unwrap_or(0)).unwrap_or(0);
            let kind = |unit: &UnitId| kinds.get(unit).map_or("", String::as_str);
            let target = subtree.iter().map(|unit| rule_of(*unit).target(kind(unit), own(unit))).sum();
            let counted = collected.iter().find(|(id, _)| id == unit_id).map_or(0, |(_, counts)| counts.total());
            UnitSample {
                unit_id: *unit_id,
                name: name.clone(),
                transactions: subtree.iter().map(|unit| transactions.get(unit).copied().unwrap_or(0)).sum(),
                rule: rule_of(*unit_id),
                progress: progress(target, counted, elapsed, length),
            }
        })
        .collect())
}
