//! `GET /dashboard?unit=&period=` — the leader's view of a unit and everything beneath it.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::Html;
use chrono::Utc;
use serde::Deserialize;

use crate::domain::access::Capability;
use crate::domain::index::{satisfaction_index, Figure, LevelCounts};
use crate::domain::kiosk::is_online;
use crate::domain::period::{day_number_to_date, local_time_label, Period, LOCAL_UTC_OFFSET_MS};
use crate::domain::unit_tree;
use crate::pages::dashboard::{render_dashboard, CommentItem, DashboardView, GroupRow, TrendPoint};
use crate::services::report::{scope_of, summary};
use crate::store::{GroupBy, Official, Scope, Store, StoreResult};
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
    let mut scope = scope_of(&reach.nodes, unit.id, period.range(Utc::now()));
    if own_only {
        // An official account not linked to an official sees nothing rather than everything.
        scope.official_id = Some(principal.official_id.unwrap_or(-1));
    }
    let (_, questionnaire) = state.questionnaires.for_unit(unit);
    view.summary = Some(summary(&state.store, questionnaire, &scope).await?);
    view.trend = trend(&state.store, &scope).await?;
    let officials: HashMap<i64, Official> =
        state.store.officials_in(&scope.unit_ids).await?.into_iter().map(|o| (o.id, o)).collect();
    view.officials = official_rows(&state.store, &scope, &officials).await?;
    view.procedures = procedure_rows(&state.store, &scope).await?;
    view.comments = comments(&state.store, &scope, &officials, &names).await?;
    if !own_only {
        view.misuse = state.store.misuse_count(&scope).await?;
        view.silent_tablets = silent_tablets(&state, &scope).await?;
    }
    Ok(Html(render_dashboard(view)))
}

/// The subtree's tablets (not revoked) not heard from for the configured time.
async fn silent_tablets(state: &AppState, scope: &Scope) -> StoreResult<Vec<(String, String, String)>> {
    let now = Utc::now().timestamp_millis();
    let offline_after = state.settings.kiosk.offline_after_ms;
    let devices = state.store.devices_in(&scope.unit_ids).await?;
    let silent: Vec<_> =
        devices.into_iter().filter(|d| !d.is_revoked() && !is_online(d.last_seen_at, now, offline_after)).collect();
    if silent.is_empty() {
        return Ok(vec![]);
    }
    let counters = state.store.counters_in(&scope.unit_ids).await?;
    let never = crate::i18n::Locale::Vi.texts().kiosk.never;
    Ok(silent
        .into_iter()
        .map(|d| {
            let counter = counters.iter().find(|c| c.id == d.counter_id).map(|c| c.name.clone()).unwrap_or_default();
            (d.name, counter, d.last_seen_at.map_or_else(|| never.to_owned(), local_time_label))
        })
        .collect())
}

/// Every day of the period, quiet days included, so gaps show as gaps.
async fn trend(store: &Store, scope: &Scope) -> StoreResult<Vec<TrendPoint>> {
    let daily: HashMap<i64, LevelCounts> =
        store.daily_counts(scope, LOCAL_UTC_OFFSET_MS).await?.into_iter().map(|g| (g.key, g.counts)).collect();
    let day_of = |ms: i64| (ms + LOCAL_UTC_OFFSET_MS).div_euclid(DAY_MS);
    Ok((day_of(scope.from_ms)..=day_of(scope.to_ms - 1))
        .map(|day| trend_point(day, daily.get(&day).copied().unwrap_or_default()))
        .collect())
}

async fn official_rows(store: &Store, scope: &Scope, officials: &HashMap<i64, Official>) -> StoreResult<Vec<GroupRow>> {
    Ok(store
        .counts_by(scope, GroupBy::Official)
        .await?
        .into_iter()
        .map(|g| {
            let official = officials.get(&g.key);
            GroupRow {
                name: official.map(|o| o.full_name.clone()).unwrap_or_default(),
                detail: official.map(|o| o.title.clone()).unwrap_or_default(),
                photo_url: official.filter(|o| o.has_photo).map(|o| format!("/photos/official/{}", o.id)),
                figure: figure(&g.counts),
                counts: g.counts,
            }
        })
        .collect())
}

async fn procedure_rows(store: &Store, scope: &Scope) -> StoreResult<Vec<GroupRow>> {
    let procedures: HashMap<i64, _> = store.procedures().await?.into_iter().map(|p| (p.id, p)).collect();
    Ok(store
        .counts_by(scope, GroupBy::Procedure)
        .await?
        .into_iter()
        .map(|g| {
            let procedure = procedures.get(&g.key);
            GroupRow {
                name: procedure.map(|p| p.name.clone()).unwrap_or_default(),
                detail: procedure.map(|p| format!("{} · {}", p.code, p.field)).unwrap_or_default(),
                photo_url: None,
                figure: figure(&g.counts),
                counts: g.counts,
            }
        })
        .collect())
}

async fn comments(
    store: &Store,
    scope: &Scope,
    officials: &HashMap<i64, Official>,
    names: &HashMap<i64, &str>,
) -> StoreResult<Vec<CommentItem>> {
    Ok(store
        .latest_comments(scope, 20)
        .await?
        .into_iter()
        .map(|c| CommentItem {
            when: local_time_label(c.submitted_at),
            overall: c.overall,
            text: c.comment,
            official: c.official_id.and_then(|id| officials.get(&id)).map(|o| o.full_name.clone()),
            unit: names.get(&c.unit_id).map(|n| (*n).to_owned()).unwrap_or_default(),
        })
        .collect())
}

const DAY_MS: i64 = 86_400_000;

fn figure(counts: &LevelCounts) -> Figure {
    Figure { value: satisfaction_index(counts.satisfied(), counts.total()), count: counts.total() }
}

fn trend_point(day: i64, counts: LevelCounts) -> TrendPoint {
    TrendPoint {
        label: day_number_to_date(day).map(|d| d.format("%d/%m").to_string()).unwrap_or_default(),
        figure: figure(&counts),
    }
}
