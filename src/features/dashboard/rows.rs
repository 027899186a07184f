//! The dashboard's breakdown tables, named and ordered: the units beneath, counters, officials, procedures, fields
//! and channels, each worst first; and the officials ranked for commendation.

use std::collections::{BTreeMap, HashMap};

use crate::domain::index::LevelCounts;
use crate::domain::ranking::rank_for_commendation;
use crate::domain::rollup::Dimension;
use crate::i18n::Locale;
use crate::pages::dashboard::{GroupRow, RankedRow, Table};
use crate::services::figures::{self, Window};
use crate::store::{Store, StoreResult};

/// Rows shown of each table: a province has hundreds of officials.
const TABLE_ROWS: usize = 50;

/// The units directly beneath the window's unit, each with its whole subtree's figures and a link down.
pub async fn units(store: &Store, window: &Window, children: &[(i64, String)], period: &str) -> StoreResult<Table> {
    let ids: Vec<i64> = children.iter().map(|(id, _)| *id).collect();
    let totals: HashMap<i64, LevelCounts> =
        store.rollup_totals_by_unit(&ids, &window.spans()).await?.into_iter().collect();
    let rows = children.iter().map(|(id, name)| {
        let mut row = GroupRow::new(name.clone(), String::new(), totals.get(id).copied().unwrap_or_default());
        row.href = Some(format!("/dashboard?unit={id}&{period}"));
        row
    });
    Ok(rows.collect())
}

/// Counters, each with its unit (a province has many a "Quầy 1").
pub async fn counters(store: &Store, window: &Window, units: &HashMap<i64, &str>) -> StoreResult<Table> {
    let tallies = figures::breakdown(store, window, Dimension::Counter).await?;
    let ids: Vec<i64> = tallies.iter().map(|t| t.member).collect();
    let counters: HashMap<i64, _> = store.counters_by_id(&ids).await?.into_iter().map(|c| (c.id, c)).collect();
    Ok(tallies
        .into_iter()
        .map(|t| {
            let counter = counters.get(&t.member);
            let unit = counter.and_then(|c| units.get(&c.unit_id)).map(|u| (*u).to_owned());
            GroupRow::new(counter.map(|c| c.name.clone()).unwrap_or_default(), unit.unwrap_or_default(), t.counts)
        })
        .collect())
}

pub async fn officials(store: &Store, window: &Window) -> StoreResult<Table> {
    let tallies = figures::breakdown(store, window, Dimension::Official).await?;
    let ids: Vec<i64> = tallies.iter().map(|t| t.member).collect();
    let officials: HashMap<i64, _> = store.officials_by_id(&ids).await?.into_iter().map(|o| (o.id, o)).collect();
    Ok(tallies
        .into_iter()
        .map(|t| {
            let official = officials.get(&t.member);
            let mut row = GroupRow::new(
                official.map(|o| o.full_name.clone()).unwrap_or_default(),
                official.map(|o| o.title.clone()).unwrap_or_default(),
                t.counts,
            );
            row.photo_url = official.filter(|o| o.has_photo).map(|o| format!("/photos/official/{}", o.id));
            row
        })
        .collect())
}

/// Procedures, and the fields (lĩnh vực) they belong to: one read serves both tables.
pub async fn procedures_and_fields(store: &Store, window: &Window) -> StoreResult<(Table, Table)> {
    let tallies = figures::breakdown(store, window, Dimension::Procedure).await?;
    let ids: Vec<i64> = tallies.iter().map(|t| t.member).collect();
    let procedures: HashMap<i64, _> = store.procedures_by_id(&ids).await?.into_iter().map(|p| (p.id, p)).collect();
    let mut fields: BTreeMap<String, LevelCounts> = BTreeMap::new();
    let rows = tallies
        .into_iter()
        .map(|t| {
            let procedure = procedures.get(&t.member);
            if let Some(p) = procedure {
                fields.entry(p.field.clone()).or_default().merge(t.counts);
            }
            GroupRow::new(
                procedure.map(|p| p.name.clone()).unwrap_or_default(),
                procedure.map(|p| format!("{} · {}", p.code, p.field)).unwrap_or_default(),
                t.counts,
            )
        })
        .collect();
    let fields = fields.into_iter().map(|(field, counts)| GroupRow::new(field, String::new(), counts)).collect();
    Ok((rows, fields))
}

pub async fn channels(store: &Store, window: &Window) -> StoreResult<Table> {
    let register = Locale::Vi.texts().register;
    let tallies = figures::breakdown(store, window, Dimension::Channel).await?;
    Ok(tallies.into_iter().map(|t| GroupRow::new(register.channel_name(&t.label), String::new(), t.counts)).collect())
}

/// Receipt-link ratings by their dossier's coarse flag: on time, then late.
pub async fn timeliness(store: &Store, window: &Window) -> StoreResult<Table> {
    let board = Locale::Vi.texts().board;
    let tallies = figures::breakdown(store, window, Dimension::Timeliness).await?;
    let name = |member| if member == 1 { board.on_time } else { board.late };
    Ok(tallies.into_iter().rev().map(|t| GroupRow::new(name(t.member).to_owned(), String::new(), t.counts)).collect())
}

/// Worst first, cut to the rows a page shows.
pub fn shown(mut table: Table, floor: u64) -> Table {
    worst_first(&mut table.rows, floor);
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

/// Worst first, as a chair reads these tables: figures above the sample floor from the lowest index up, then the
/// ones below the floor, most answered first.
fn worst_first(rows: &mut [GroupRow], floor: u64) {
    rows.sort_by(|a, b| {
        let (a_reliable, b_reliable) = (a.figure.is_reliable(floor), b.figure.is_reliable(floor));
        b_reliable.cmp(&a_reliable).then_with(|| match a_reliable {
            true => a.figure.value.unwrap_or(f64::MAX).total_cmp(&b.figure.value.unwrap_or(f64::MAX)),
            false => b.figure.count.cmp(&a.figure.count),
        })
    });
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
