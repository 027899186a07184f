//! `POST /api/v1/dossiers`: the one-stop software registers a dossier and prints the answer on the receipt.
//! Registering the same dossier (same unit, same code) again answers the same link; dates sent again replace the
//! old ones. The code is checked against Thông tư 01/2018's shape as a warning, never refused for it.

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use serde_json::json;

use crate::domain::access::ApiScope;
use crate::domain::catalogue::same_procedure;
use crate::domain::dossier::{check_code, shape_warning, CodeError, DossierDates};
use crate::domain::period::local_rfc3339;
use crate::services::qr_image;
use crate::services::receipts::{self, Registration};
use crate::store::NewAuditEntry;
use crate::web::api_key::Machine;
use crate::web::{AppError, AppState};

#[derive(Debug, Deserialize)]
pub struct DossierRequest {
    dossier_code: String,
    unit_id: i64,
    #[serde(default)]
    counter_id: Option<i64>,
    #[serde(default)]
    official_id: Option<i64>,
    /// The catalogue code (mã thủ tục), with or without a province's suffix.
    #[serde(default)]
    procedure_code: Option<String>,
    /// `YYYY-MM-DD`, as every date here.
    received_on: String,
    #[serde(default)]
    due_on: Option<String>,
    #[serde(default)]
    returned_on: Option<String>,
}

pub async fn register(
    State(state): State<AppState>,
    machine: Machine,
    body: Result<Json<DossierRequest>, JsonRejection>,
) -> Result<Response, AppError> {
    let key = &machine.0;
    if !key.allows(ApiScope::Dossiers) {
        return Err(AppError::forbidden());
    }
    let Ok(Json(request)) = body else { return Ok(invalid("the body is not a dossier as JSON (see /api/v1/docs)")) };
    // Outside the key's subtree a unit does not exist, decided before any of its rows is read.
    let reach = machine.reach(&state.store).await?;
    reach.check(request.unit_id)?;
    let code = match check_code(&request.dossier_code) {
        Ok(code) => code,
        Err(CodeError::Empty) => return Ok(invalid("dossier_code is empty")),
        Err(CodeError::TooLong) => return Ok(invalid("dossier_code is longer than 64 characters")),
        Err(CodeError::BadCharacter) => return Ok(invalid("dossier_code has spaces or control characters")),
    };
    let dates = match dates(&request) {
        Ok(dates) => dates,
        Err(message) => return Ok(invalid(message)),
    };
    let unit_ids = [request.unit_id];
    if let Some(id) = request.counter_id {
        if !state.store.counters_in(&unit_ids).await?.iter().any(|c| c.id == id) {
            return Ok(invalid("counter_id is not a counter of unit_id"));
        }
    }
    if let Some(id) = request.official_id {
        if !state.store.officials_in(&unit_ids).await?.iter().any(|o| o.id == id) {
            return Ok(invalid("official_id is not an official of unit_id"));
        }
    }
    let mut warnings: Vec<String> = shape_warning(code).map(|w| format!("dossier_code: {w}")).into_iter().collect();
    let procedure = match request.procedure_code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(wanted) => {
            let today = crate::domain::period::local_date(Utc::now()).to_string();
            let offered = state.store.unit_procedures(request.unit_id, &today).await?;
            let found = offered.into_iter().find(|p| same_procedure(&p.code, wanted));
            if found.is_none() {
                warnings.push(format!("procedure {wanted} is not offered by this unit: the form will not name it"));
            }
            found
        }
        None => None,
    };
    let registration = Registration {
        code,
        unit_id: request.unit_id,
        counter_id: request.counter_id,
        official_id: request.official_id,
        procedure_id: procedure.as_ref().map(|p| p.id),
        dates,
    };
    let now = Utc::now().timestamp_millis();
    let link_days = state.settings.receipt_link_days;
    let mut tx = state.store.begin().await?;
    let (dossier, created) = receipts::register(&mut tx, &state.settings.secret, link_days, &registration).await?;
    tx.touch_api_key(key.id, now).await?;
    let who = machine.principal().username;
    let target = format!("dossier:{}", dossier.id);
    // Never the dossier code: the log would list what the database does not keep.
    let after = json!({
        "procedure_id": dossier.procedure_id, "counter_id": dossier.counter_id, "official_id": dossier.official_id,
        "received_on": dossier.received_on, "due_on": dossier.due_on, "returned_on": dossier.returned_on,
    });
    tx.audit(NewAuditEntry {
        at: now,
        user_id: None,
        username: &who,
        unit_id: Some(dossier.unit_id),
        action: if created { "dossier.register" } else { "dossier.register_again" },
        target: &target,
        before: None,
        after: Some(after),
    })
    .await?;
    tx.commit().await?;

    let base = format!("{}/r/{}", state.settings.public_url, dossier.token);
    let png = qr_image::png(&base, 300).await.unwrap_or_default();
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    let body = json!({
        "url": base,
        "qr_png_url": format!("{base}/qr.png"),
        "qr_svg_url": format!("{base}/qr.svg"),
        "slip_url": format!("{base}/phieu"),
        "qr_png_base64": base64::engine::general_purpose::STANDARD.encode(png),
        "qr_svg": qr_image::svg(&base).unwrap_or_default(),
        "expires_at": local_rfc3339(dossier.expires_at),
        "used": dossier.used,
        "created": created,
        "warnings": warnings,
    });
    Ok((status, Json(body)).into_response())
}

fn dates(request: &DossierRequest) -> Result<DossierDates, &'static str> {
    let parse = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d");
    let received_on = parse(&request.received_on).map_err(|_| "received_on is not a date as YYYY-MM-DD")?;
    let optional = |value: &Option<String>, message| match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => parse(v).map(Some).map_err(|_| message),
        None => Ok(None),
    };
    let due_on = optional(&request.due_on, "due_on is not a date as YYYY-MM-DD")?;
    let returned_on = optional(&request.returned_on, "returned_on is not a date as YYYY-MM-DD")?;
    if due_on.is_some_and(|d| d < received_on) || returned_on.is_some_and(|d| d < received_on) {
        return Err("due_on and returned_on cannot come before received_on");
    }
    Ok(DossierDates { received_on, due_on, returned_on })
}

fn invalid(message: &str) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "error": "invalid", "message": message }))).into_response()
}
