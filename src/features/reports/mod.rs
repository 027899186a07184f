//! `GET /reports?unit=&period=` — a unit's report for a month, quarter or year (`2026-11`, `2026-Q4`, `2026`):
//! the printable A4 page; `GET /reports/xlsx` and `GET /reports/csv` the same tables to download. Leaders and
//! administrators, for units of their subtree.

mod export;

use std::collections::HashMap;

use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;

use crate::domain::access::Capability;
use crate::domain::ids::UnitId;
use crate::domain::period::local_date;
use crate::domain::report::ReportPeriod;
use crate::domain::rollup::local_day;
use crate::domain::unit_tree;
use crate::pages::report::{render_report, ReportView};
use crate::services::cpu;
use crate::services::reports::{self, Report, Request};
use crate::web::access::{require, Reach};
use crate::web::caller::Staff;
use crate::web::extract::Query;
use crate::web::{AppError, AppState};

#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    unit: Option<UnitId>,
    period: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<ReportQuery>,
) -> Result<Html<String>, AppError> {
    let today = local_day(Utc::now().timestamp_millis());
    let asked = query.period.as_deref().filter(|p| !p.trim().is_empty());
    let period = asked.and_then(ReportPeriod::parse);
    let period_error = asked.is_some() && period.is_none();
    let period = period.unwrap_or(ReportPeriod::Quarter { year: 0, quarter: 1 }.current(today));
    let (report, units) = prepare(&state, &staff, query.unit, period, today).await?;
    Ok(Html(render_report(ReportView {
        staff: staff.bar(),
        units,
        periods: ReportPeriod::recent(today),
        period_error,
        made_on: local_date(Utc::now()),
        floor: state.settings.sample_floor,
        report,
    })))
}

pub async fn xlsx(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let report = exported(&state, &staff, &query).await?;
    let name = file_name(&report, "xlsx");
    let made_on = local_date(Utc::now());
    let failed = |e: &dyn std::fmt::Display| AppError::unavailable("writing a report workbook", e.to_string());
    let bytes = cpu::run(move || export::xlsx(&report, made_on)).await.map_err(|e| failed(&e))?;
    let bytes = bytes.map_err(|e| failed(&e))?;
    Ok(download(bytes, &name, XLSX))
}

pub async fn csv(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let report = exported(&state, &staff, &query).await?;
    Ok(download(export::csv(&report), &file_name(&report, "csv"), "text/csv; charset=utf-8"))
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A download asks for a period in so many words: a bad one is refused rather than swapped for another.
async fn exported(state: &AppState, staff: &Staff, query: &ReportQuery) -> Result<Report, AppError> {
    let period = query.period.as_deref().and_then(ReportPeriod::parse).ok_or_else(AppError::bad_request)?;
    let today = local_day(Utc::now().timestamp_millis());
    Ok(prepare(state, staff, query.unit, period, today).await?.0)
}

/// The reader's unit (or the one asked, if theirs to see) and its report; and the units they may choose.
async fn prepare(
    state: &AppState,
    staff: &Staff,
    unit: Option<UnitId>,
    period: ReportPeriod,
    today: i64,
) -> Result<(Report, Vec<(i64, String)>), AppError> {
    require(&staff.principal, Capability::ViewUnitResults)?;
    let reach = Reach::of(&state.store, &staff.principal).await?;
    let visible = reach.visible_nodes();
    let top = unit_tree::depth_first(&visible).first().map(|(id, _)| *id);
    let unit = reach.unit(unit.or(top).ok_or_else(AppError::not_found)?)?;
    let mut names: HashMap<UnitId, &str> = reach.units.iter().map(|u| (u.id, u.name.as_str())).collect();
    // The unit above heads the document; it may lie above the reader's subtree (its name is all that is read).
    let parent = match unit.parent_id.filter(|id| !names.contains_key(id)) {
        Some(id) => Some(state.store.unit(id).await?),
        None => None,
    };
    if let Some(parent) = &parent {
        names.insert(parent.id, parent.name.as_str());
    }
    let (_, questionnaire) = state.questionnaires.for_unit(unit);
    let request = Request {
        unit,
        period,
        nodes: &reach.nodes,
        names: &names,
        questionnaire,
        floor: state.settings.sample_floor,
        today,
    };
    let report = reports::build(&state.store, request).await?;
    Ok((report, reports::unit_options(&visible, &names).into_iter().map(|(id, name)| (id.get(), name)).collect()))
}

fn file_name(report: &Report, extension: &str) -> String {
    format!("bao-cao-{}-{}.{extension}", report.unit.id, report.period.key())
}

fn download(body: Vec<u8>, name: &str, content_type: &'static str) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    ([(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], body)
        .into_response()
}
