//! Public results (công khai), no sign-in: `GET /cong-khai` the units at the top of the tree; `GET
//! /cong-khai/{id}?period=` a unit's quarter or year with the units beneath it ranked; `GET
//! /cong-khai/{id}/nhung` the same figures as a card for the unit's own website to frame. Cached by browsers
//! and proxies for five minutes, and by the server for a minute: the figures are aggregates, the same for
//! everyone; and limited per client ([`PublicWork`]), so a crawler cannot make them the server's bottleneck. In
//! Vietnamese, or in English with `?lang=en`.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;

use crate::domain::ids::UnitId;
use crate::domain::report::ReportPeriod;
use crate::domain::rollup::local_day;
use crate::i18n::Locale;
use crate::pages::publication::{render_embed, render_index, render_public, PublicView};
use crate::services::publication;
use crate::web::client::PublicWork;
use crate::web::csp::Framable;
use crate::web::extract::{Id, Query};
use crate::web::{AppError, AppState};

const CACHE: &str = "public, max-age=300";

#[derive(Debug, Default, Deserialize)]
pub struct PublicQuery {
    period: Option<String>,
    lang: Option<String>,
}

impl PublicQuery {
    fn locale(&self) -> Locale {
        Locale::parse(self.lang.as_deref())
    }
}

pub async fn index(
    State(state): State<AppState>,
    _: PublicWork,
    Query(query): Query<PublicQuery>,
) -> Result<Response, AppError> {
    let locale = query.locale();
    let page = state.cache.public_pages.get_or(format!("index {}", locale.code()), async || {
        let roots = state.store.root_units().await?;
        Ok::<_, AppError>(render_index(roots.into_iter().map(|u| (u.id.get(), u.name)).collect(), locale))
    });
    Ok(cached(page.await?))
}

pub async fn unit(
    State(state): State<AppState>,
    _: PublicWork,
    Id(id): Id<UnitId>,
    Query(query): Query<PublicQuery>,
) -> Result<Response, AppError> {
    let page = state.cache.public_pages.get_or(page_key("unit", id, &query), async || {
        Ok::<_, AppError>(render_public(view(&state, id, &query).await?))
    });
    Ok(cached(page.await?))
}

pub async fn embed(
    State(state): State<AppState>,
    _: PublicWork,
    Id(id): Id<UnitId>,
    Query(query): Query<PublicQuery>,
) -> Result<Response, AppError> {
    let card = state.cache.public_pages.get_or(page_key("embed", id, &query), async || {
        Ok::<_, AppError>(render_embed(view(&state, id, &query).await?))
    });
    let mut card = cached(card.await?);
    card.extensions_mut().insert(Framable);
    Ok(card)
}

/// What a public page depends on: which page, the unit, the period asked for (as read, so that spellings of one
/// period share a copy), the day (the current quarter and the choices move with it) and the language.
fn page_key(page: &str, id: UnitId, query: &PublicQuery) -> String {
    let asked = query.period.as_deref().map(str::trim).filter(|p| !p.is_empty());
    let period = asked.map(|p| ReportPeriod::parse(p).map_or("?".to_owned(), |p| p.key()));
    let today = local_day(Utc::now().timestamp_millis());
    format!("{page} {id} {} {today} {}", period.unwrap_or_default(), query.locale().code())
}

async fn view(state: &AppState, id: UnitId, query: &PublicQuery) -> Result<PublicView, AppError> {
    let unit = state.store.unit(id).await?;
    let today = local_day(Utc::now().timestamp_millis());
    let asked = query.period.as_deref().filter(|p| !p.trim().is_empty());
    // Quarters and years only: a month is too few answers to publish.
    let period = asked.and_then(ReportPeriod::parse).filter(|p| !matches!(p, ReportPeriod::Month { .. }));
    let period_error = asked.is_some() && period.is_none();
    let period = period.unwrap_or(ReportPeriod::Quarter { year: 0, quarter: 1 }.current(today));
    let (_, questionnaire) = state.questionnaires.for_unit(&unit);
    let floor = state.settings.sample_floor;
    let results = publication::results(&state.store, &unit, period, questionnaire, floor).await?;
    let choices =
        ReportPeriod::recent(today).into_iter().filter(|p| !matches!(p, ReportPeriod::Month { .. })).collect();
    let public_url = state.settings.public_url.clone();
    Ok(PublicView { results, floor, choices, period_error, public_url, locale: query.locale() })
}

fn cached(html: String) -> Response {
    let mut response = Html(html).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(CACHE));
    response
}
