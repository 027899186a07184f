//! `GET /dashboard?unit=&period=[&from=&to=]` — the leader's view of a unit and everything beneath it; `live` its feed of new ratings.

pub mod live;
mod rows;

use crate::domain::time::Timestamp;
use std::collections::HashMap;

use axum::extract::State;
use axum::response::Html;
use chrono::Utc;
use serde::Deserialize;

use crate::domain::access::Capability;
use crate::domain::calendar;
use crate::domain::ids::UnitId;
use crate::domain::index::Figure;
use crate::domain::kiosk::is_online;
use crate::domain::period::{local_date, local_time_label, Choice};
use crate::domain::rollup::{local_day, Dimension};
use crate::domain::unit_tree;
use crate::pages::alerts::AlertItem;
use crate::pages::dashboard::{render_dashboard, DashboardView, Tables, TrendPoint};
use crate::services::breakdowns;
use crate::services::figures::{self, Window};
use crate::services::{patterns, samples};
use crate::store::{Store, StoreResult};
use crate::web::access::Reach;
use crate::web::caller::Staff;
use crate::web::extract::Query;
use crate::web::{AppError, AppState};

#[derive(Debug, Default, Deserialize)]
pub struct DashboardQuery {
    unit: Option<UnitId>,
    period: Option<String>,
    /// A custom period's first and last days (`YYYY-MM-DD`), with `period=custom`.
    from: Option<String>,
    to: Option<String>,
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
    let visible = reach.visible_nodes();
    let ordered = unit_tree::depth_first(&visible);
    if let Some(asked) = query.unit {
        reach.check(asked)?;
    }
    let unit_id = query.unit.or(ordered.first().map(|(id, _)| *id));
    let (choice, period_error) =
        match Choice::parse(query.period.as_deref(), query.from.as_deref(), query.to.as_deref()) {
            Ok(choice) => (choice, false),
            Err(default) => (default, true),
        };
    let names: HashMap<UnitId, &str> = units.iter().map(|u| (u.id, u.name.as_str())).collect();
    let name_of = |id: &UnitId| names.get(id).map(|n| (*n).to_owned()).unwrap_or_default();
    let unit_options =
        ordered.iter().map(|(id, depth)| (id.get(), format!("{}{}", "— ".repeat(*depth), name_of(id)))).collect();

    let mut view = DashboardView {
        staff: staff.bar(),
        units: unit_options,
        unit_id,
        choice: choice.clone(),
        period_error,
        own: own_only,
        floor: state.settings.sample_floor,
        ..DashboardView::default()
    };
    let Some(unit) = unit_id.and_then(|id| units.iter().find(|u| u.id == id)) else {
        return Ok(Html(render_dashboard(view)));
    };
    let now = Utc::now();
    let mut window = Window::chosen(unit.id, &choice, now);
    view.runs_to_now = window.to_day > local_day(now.timestamp_millis());
    if own_only {
        // An official account not linked to an official has no figures of its own: nothing to show.
        window.official_id = Some(principal.official_id.ok_or_else(AppError::not_found)?);
    } else {
        view.breadcrumb = unit_tree::chain(&visible, unit.id).iter().rev().map(|id| (id.get(), name_of(id))).collect();
    }
    let (_, questionnaire) = state.questionnaires.for_unit(unit);
    let store = &state.store;
    let before = window.previous();
    let (summary, previous, trend, comments) = tokio::try_join!(
        figures::summary(store, questionnaire, &window),
        figures::summary(store, questionnaire, &before),
        trend(store, &window),
        breakdowns::comments(store, &window, &names, questionnaire, LATEST_COMMENTS),
    )?;
    view.summary = Some(summary);
    view.previous = Some(previous);
    (view.trend, view.comments) = (trend, comments);
    if !own_only {
        let floor = view.floor;
        let children: Vec<(UnitId, String)> =
            visible.iter().filter(|(_, parent)| *parent == Some(unit.id)).map(|(id, _)| (*id, name_of(id))).collect();
        let subtree = unit_tree::subtree(&reach.nodes, unit.id);
        let period = choice.query();
        let (beneath, counters, officials, (procedures, fields), channels, timeliness, heatmap) = tokio::try_join!(
            rows::units(store, &window, &children, &period),
            rows::counters(store, &window, &names),
            rows::officials(store, &window),
            rows::procedures_and_fields(store, &window),
            rows::channels(store, &window),
            rows::timeliness(store, &window),
            figures::breakdown(store, &window, Dimension::HourOfWeek),
        )?;
        view.commendation = rows::commendation(&officials.rows, floor);
        view.tables = Tables {
            units: rows::shown(beneath, floor),
            counters: rows::shown(counters, floor),
            officials: rows::shown(officials, floor),
            procedures: rows::shown(procedures, floor),
            fields: rows::shown(fields, floor),
            channels: rows::shown(channels, floor),
            timeliness,
        };
        view.heatmap = heatmap.into_iter().map(|t| (t.member, t.counts)).collect();
        let mut sample_rows = vec![(unit.id, unit.name.clone())];
        sample_rows.extend(children);
        let today = local_day(now.timestamp_millis());
        let (apart, silent, alerts, rate, samples, flags) = tokio::try_join!(
            figures::set_apart(store, &window),
            silent_tablets(&state, &subtree),
            store.alerts_in(unit.id, true, OPEN_ALERTS_SHOWN),
            figures::response_rate(store, &window, &subtree),
            samples::year_to_date(store, &reach.nodes, &sample_rows, today),
            patterns::flags(store, unit.id, &state.settings.opening_hours, now.timestamp_millis()),
        )?;
        view.patterns = flags.iter().map(patterns::Flag::line).collect();
        (view.response_rate, view.samples) = (Some(rate), samples);
        view.reminders = calendar::upcoming(local_date(now), REMINDER_DAYS);
        let alerts = alerts.into_iter().map(|a| AlertItem::of(a, &names)).collect();
        (view.set_apart, view.silent_tablets, view.alerts) = (apart, silent, Some(alerts));
    }
    Ok(Html(render_dashboard(view)))
}

/// How far ahead the calendar's deadlines are shown, in days.
const REMINDER_DAYS: i64 = 45;
/// Comments listed on the dashboard.
const LATEST_COMMENTS: i64 = 20;
/// Open alerts listed on the dashboard (the history page has them all).
const OPEN_ALERTS_SHOWN: i64 = 50;

/// The subtree's tablets (not revoked) not heard from for the configured time.
async fn silent_tablets(state: &AppState, unit_ids: &[UnitId]) -> StoreResult<Vec<(String, String, String)>> {
    let now = Utc::now().timestamp_millis();
    let offline_after = state.settings.kiosk.offline_after_ms;
    let devices = state.store.devices_in(unit_ids).await?;
    let silent: Vec<_> = devices
        .into_iter()
        .filter(|d| !d.is_revoked() && !is_online(d.last_seen_at.map(Timestamp::millis), now, offline_after))
        .collect();
    if silent.is_empty() {
        return Ok(vec![]);
    }
    let counters = state.store.counters_in(unit_ids).await?;
    let never = crate::i18n::Locale::Vi.texts().kiosk.never;
    Ok(silent
        .into_iter()
        .map(|d| {
            let counter = counters.iter().find(|c| c.id == d.counter_id).map(|c| c.name.clone()).unwrap_or_default();
            (d.name, counter, d.last_seen_at.map_or_else(|| never.to_owned(), |at| local_time_label(at.millis())))
        })
        .collect())
}

async fn trend(store: &Store, window: &Window) -> StoreResult<Vec<TrendPoint>> {
    let points = figures::trend(store, window).await?;
    Ok(points.into_iter().map(|p| TrendPoint { label: p.label, figure: Figure::of(&p.counts) }).collect())
}
