//! `GET /dashboard?unit=&period=` — the leader's view of a unit and everything beneath it; `live` its feed of new ratings.

pub mod live;

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::Html;
use chrono::Utc;
use serde::Deserialize;

use crate::domain::access::Capability;
use crate::domain::index::{satisfaction_index, Figure, LevelCounts};
use crate::domain::kiosk::is_online;
use crate::domain::period::{local_time_label, Period};
use crate::domain::ranking::rank_for_commendation;
use crate::domain::rollup::Dimension;
use crate::domain::unit_tree;
use crate::features::alerts;
use crate::pages::dashboard::{render_dashboard, CommentItem, DashboardView, GroupRow, RankedRow, TrendPoint};
use crate::services::figures::{self, Window};
use crate::store::{Official, Store, StoreResult};
use crate::web::access::Reach;
use crate::web::caller::Staff;
use crate::web::{AppError, AppState};

#[derive(Debug, Default, Deserialize)]
pub struct DashboardQuery {
    unit: Option<i64>,
    period: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<DashboardQuery>,
) -> Result<Html<String>, AppError> {
    let principal = &staff.principal;
    let reach = Reach::of(&state.store, principal).await?;
    // An official sees only their own ratings; everyone else the units of their subtree.
    let own_only = !principal.role.allows(Capability::ViewUnitResults);
    let units = &reach.units;
    let ordered = unit_tree::depth_first(&reach.visible_nodes());
    if let Some(asked) = query.unit {
        reach.check(asked)?;
    }
    let unit_id = query.unit.or(ordered.first().map(|(id, _)| *id));
    let period = Period::parse(query.period.as_deref());
    let names: HashMap<i64, &str> = units.iter().map(|u| (u.id, u.name.as_str())).collect();
    let unit_options = ordered
        .iter()
        .map(|(id, depth)| (*id, format!("{}{}", "— ".repeat(*depth), names.get(id).unwrap_or(&""))))
        .collect();

    let mut view = DashboardView {
        staff: staff.bar(),
        units: unit_options,
        unit_id,
        period,
        floor: state.settings.sample_floor,
        ..DashboardView::default()
    };
    let Some(unit) = unit_id.and_then(|id| units.iter().find(|u| u.id == id)) else {
        return Ok(Html(render_dashboard(view)));
    };
    let mut window = Window::of(unit.id, period.range(Utc::now()));
    if own_only {
        // An official account not linked to an official sees nothing rather than everything.
        window.official_id = Some(principal.official_id.unwrap_or(-1));
    }
    let (_, questionnaire) = state.questionnaires.for_unit(unit);
    let store = &state.store;
    let before = window.previous();
    let (summary, previous, trend, officials, procedures, comments) = tokio::try_join!(
        figures::summary(store, questionnaire, &window),
        figures::summary(store, questionnaire, &before),
        trend(store, &window),
        official_rows(store, &window),
        procedure_rows(store, &window),
        comments(store, &window, &names),
    )?;
    view.summary = Some(summary);
    view.previous = Some(previous);
    (view.trend, view.officials, view.procedures, view.comments) = (trend, officials, procedures, comments);
    view.commendation = commendation(&view.officials, view.floor);
    worst_first(&mut view.officials, view.floor);
    worst_first(&mut view.procedures, view.floor);
    // A province has hundreds of officials: the page shows the first rows of each table, worst first.
    view.totals = (view.officials.len(), view.procedures.len());
    view.officials.truncate(TABLE_ROWS);
    view.procedures.truncate(TABLE_ROWS);
    if !own_only {
        let subtree = unit_tree::subtree(&reach.nodes, unit.id);
        let (apart, silent, alerts) = tokio::try_join!(
            figures::set_apart(store, &window),
            silent_tablets(&state, &subtree),
            alerts::open_items(store, unit.id, &names),
        )?;
        (view.set_apart, view.silent_tablets, view.alerts) = (apart, silent, Some(alerts));
    }
    Ok(Html(render_dashboard(view)))
}

/// The subtree's tablets (not revoked) not heard from for the configured time.
async fn silent_tablets(state: &AppState, unit_ids: &[i64]) -> StoreResult<Vec<(String, String, String)>> {
    let now = Utc::now().timestamp_millis();
    let offline_after = state.settings.kiosk.offline_after_ms;
    let devices = state.store.devices_in(unit_ids).await?;
    let silent: Vec<_> =
        devices.into_iter().filter(|d| !d.is_revoked() && !is_online(d.last_seen_at, now, offline_after)).collect();
    if silent.is_empty() {
        return Ok(vec![]);
    }
    let counters = state.store.counters_in(unit_ids).await?;
    let never = crate::i18n::Locale::Vi.texts().kiosk.never;
    Ok(silent
        .into_iter()
        .map(|d| {
            let counter = counters.iter().find(|c| c.id == d.counter_id).map(|c| c.name.clone()).unwrap_or_default();
            (d.name, counter, d.last_seen_at.map_or_else(|| never.to_owned(), local_time_label))
        })
        .collect())
}

async fn trend(store: &Store, window: &Window) -> StoreResult<Vec<TrendPoint>> {
    let points = figures::trend(store, window).await?;
    Ok(points.into_iter().map(|p| TrendPoint { label: p.label, figure: figure(&p.counts) }).collect())
}

/// The window's officials, by name; an official's own window lists nobody.
async fn official_rows(store: &Store, window: &Window) -> StoreResult<Vec<GroupRow>> {
    if window.official_id.is_some() {
        return Ok(vec![]);
    }
    let tallies = figures::breakdown(store, window, Dimension::Official).await?;
    let ids: Vec<i64> = tallies.iter().map(|t| t.member).collect();
    let officials: HashMap<i64, Official> = store.officials_by_id(&ids).await?.into_iter().map(|o| (o.id, o)).collect();
    Ok(tallies
        .into_iter()
        .map(|t| {
            let official = officials.get(&t.member);
            GroupRow {
                name: official.map(|o| o.full_name.clone()).unwrap_or_default(),
                detail: official.map(|o| o.title.clone()).unwrap_or_default(),
                photo_url: official.filter(|o| o.has_photo).map(|o| format!("/photos/official/{}", o.id)),
                figure: figure(&t.counts),
                counts: t.counts,
            }
        })
        .collect())
}

async fn procedure_rows(store: &Store, window: &Window) -> StoreResult<Vec<GroupRow>> {
    if window.official_id.is_some() {
        return Ok(vec![]);
    }
    let tallies = figures::breakdown(store, window, Dimension::Procedure).await?;
    let ids: Vec<i64> = tallies.iter().map(|t| t.member).collect();
    let procedures: HashMap<i64, _> = store.procedures_by_id(&ids).await?.into_iter().map(|p| (p.id, p)).collect();
    Ok(tallies
        .into_iter()
        .map(|t| {
            let procedure = procedures.get(&t.member);
            GroupRow {
                name: procedure.map(|p| p.name.clone()).unwrap_or_default(),
                detail: procedure.map(|p| format!("{} · {}", p.code, p.field)).unwrap_or_default(),
                photo_url: None,
                figure: figure(&t.counts),
                counts: t.counts,
            }
        })
        .collect())
}

async fn comments(store: &Store, window: &Window, names: &HashMap<i64, &str>) -> StoreResult<Vec<CommentItem>> {
    let rows = store.latest_comments(&window.scope(), 20).await?;
    let ids: Vec<i64> = rows.iter().filter_map(|c| c.official_id).collect();
    let officials: HashMap<i64, String> =
        store.officials_by_id(&ids).await?.into_iter().map(|o| (o.id, o.full_name)).collect();
    Ok(rows
        .into_iter()
        .map(|c| CommentItem {
            when: local_time_label(c.submitted_at),
            overall: c.overall,
            text: c.comment,
            official: c.official_id.and_then(|id| officials.get(&id).cloned()),
            unit: names.get(&c.unit_id).map(|n| (*n).to_owned()).unwrap_or_default(),
        })
        .collect())
}

/// Rows shown in the officials' and procedures' tables.
const TABLE_ROWS: usize = 50;

/// The ten best-placed officials above the sample floor (`domain::ranking`).
fn commendation(officials: &[GroupRow], floor: u64) -> Vec<RankedRow> {
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

fn figure(counts: &LevelCounts) -> Figure {
    Figure { value: satisfaction_index(counts.satisfied(), counts.total()), count: counts.total() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, satisfied: u64, total: u64) -> GroupRow {
        let counts = LevelCounts { very_good: satisfied, good: 0, fair: 0, poor: total - satisfied };
        GroupRow { name: name.into(), detail: String::new(), photo_url: None, figure: figure(&counts), counts }
    }

    #[test]
    fn the_worst_reliable_figure_comes_first_and_thin_ones_last() {
        let mut rows = vec![row("good", 9, 10), row("thin", 0, 2), row("bad", 3, 10), row("thinner", 0, 1)];
        worst_first(&mut rows, 5);
        let names: Vec<_> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["bad", "good", "thin", "thinner"]);
    }
}
