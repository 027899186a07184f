//! The dashboard's breakdown tables, named and ordered: the units beneath, counters, officials, procedures, fields
//! and channels, each worst first; and the officials ranked for commendation.

use std::collections::HashMap;

use crate::domain::ids::UnitId;
use crate::domain::index::LevelCounts;
use crate::domain::ranking::{rank_for_commendation, worst_first};
use crate::pages::dashboard::{GroupRow, RankedRow, Table};
use crate::services::breakdowns::{self, Named};
use crate::services::figures::Window;
use crate::store::{Store, StoreResult};

/// Rows shown of each table: a province has hundreds of officials.
const TABLE_ROWS: usize = 50;

/// The units directly beneath the window's unit, each with its whole subtree's figures and a link down.
pub async fn units(store: &Store, window: &Window, children: &[(UnitId, String)], period: &str) -> StoreResult<Table> {
    let units = breakdowns::units(store, window, children).await?;
    Ok(units
        .into_iter()
        .map(|unit| {
            let href = format!("/dashboard?unit={}&{period}", unit.id);
            GroupRow { href: Some(href), ..row(unit) }
        })
        .collect())
}

pub async fn counters(store: &Store, window: &Window, units: &HashMap<UnitId, &str>) -> StoreResult<Table> {
    Ok(breakdowns::counters(store, window, units).await?.into_iter().map(row).collect())
}

pub async fn officials(store: &Store, window: &Window) -> StoreResult<Table> {
    let officials = breakdowns::officials(store, window).await?;
    Ok(officials
        .into_iter()
        .map(|official| {
            let photo_url = official.has_photo.then(|| format!("/photos/official/{}", official.id));
            GroupRow { photo_url, ..row(official) }
        })
        .collect())
}

pub async fn procedures_and_fields(store: &Store, window: &Window) -> StoreResult<(Table, Table)> {
    let (procedures, fields) = breakdowns::procedures_and_fields(store, window).await?;
    Ok((procedures.into_iter().map(row).collect(), fields.into_iter().map(row).collect()))
}

pub async fn channels(store: &Store, window: &Window) -> StoreResult<Table> {
    Ok(breakdowns::channels(store, window).await?.into_iter().map(row).collect())
}

pub async fn timeliness(store: &Store, window: &Window) -> StoreResult<Table> {
    Ok(breakdowns::timeliness(store, window).await?.into_iter().map(row).collect())
}

fn row(named: Named) -> GroupRow {
    GroupRow::new(named.name, named.detail, named.counts)
}

/// Worst first, cut to the rows a page shows.
pub fn shown(mut table: Table, floor: u64) -> Table {
    table.rows.sort_by(|a, b| worst_first(&a.counts, &b.counts, floor));
    table.total = table.rows.len();
    table.rows.truncate(TABLE_ROWS);
    table
}

/// The ten best-placed officials above the sample floor (`domain::ranking`).
pub fn commendation(officials: &[GroupRow], floor: u64) -> Vec<RankedRow> {
    let items: Vec<(usize, LevelCounts)> = officials.iter().enumerate().map(|(i, o)| (i, o.counts)).collect();
    rank_for_commendation(&items, floor)
        .into_iter()
        .take(10)
        .map(|p| {
            let official = &officials[p.key];
            RankedRow {
                place: p.place,
                shared: p.shared,
                name: official.name.clone(),
                detail: official.detail.clone(),
                photo_url: official.photo_url.clone(),
                index: p.index,
                interval: format!("{:.0}–{:.0}%", p.interval.low * 100.0, p.interval.high * 100.0),
                count: p.count,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, satisfied: u64, total: u64) -> GroupRow {
        GroupRow::new(
            name.into(),
            String::new(),
            LevelCounts { very_good: satisfied, good: 0, fair: 0, poor: total - satisfied },
        )
    }

    #[test]
    fn the_worst_reliable_figure_comes_first_and_thin_ones_last() {
        let table = vec![row("good", 9, 10), row("thin", 0, 2), row("bad", 3, 10), row("thinner", 0, 1)];
        let table = shown(table.into_iter().collect(), 5);
        let names: Vec<_> = table.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["bad", "good", "thin", "thinner"]);
        assert_eq!(table.total, 4);
    }

    #[test]
    fn a_long_table_is_cut_but_keeps_its_total() {
        let table = shown((0..120).map(|i| row(&format!("{i}"), i % 10, 10)).collect(), 5);
        assert_eq!((table.rows.len(), table.total), (TABLE_ROWS, 120));
    }
}
