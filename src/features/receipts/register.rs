//! `POST /api/v1/dossiers`: the one-stop software registers a dossier and prints the answer on the receipt.
//! Registering the same dossier (same unit, same code) again answers the same link; dates sent again replace the
//! old ones. The code is checked against Thông tư 01/2018's shape as a warning, never refused for it.

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::openapi::Schema;

use crate::domain::access::ApiScope;
use crate::domain::catalogue::same_procedure;
use crate::domain::dossier::{check_code, shape_warning, CodeError, DossierDates, CODE_PATTERN, MAX_CODE_CHARS};
use crate::domain::ids::{CounterId, OfficialId, UnitId};
use crate::domain::period::{local_rfc3339, parse_day};
use crate::features::api::openapi::{text_schema, BodyRefusals, KeyRefusals};
use crate::services::qr_image;
use crate::services::receipts::{self, Registration};
use crate::store::NewAuditEntry;
use crate::web::api_input::json_body;
use crate::web::api_key::Machine;
use crate::web::error::{api_invalid, ErrorBody};
use crate::web::{AppError, AppState};

// The examples name the demo's units, counters and officials (`scripts/demo`), as the calls of docs/api.md do.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({
    "dossier_code": "000.00.20.H55-261124-0042", "unit_id": 2, "counter_id": 1, "official_id": 1,
    "procedure_code": "1.001193", "received_on": "2026-11-24", "due_on": "2026-11-28",
}))]
pub struct DossierRequest {
    #[schema(schema_with = code_schema)]
    dossier_code: String,
    /// The unit that received the dossier: the key's unit or one beneath it.
    unit_id: UnitId,
    /// The counter of `unit_id` that received it: the form names it.
    #[serde(default)]
    counter_id: Option<CounterId>,
    /// The official of `unit_id` who served: the form shows their name and photo.
    #[serde(default)]
    official_id: Option<OfficialId>,
    /// The catalogue code (mã thủ tục), with or without a province's suffix.
    #[serde(default)]
    procedure_code: Option<String>,
    /// `YYYY-MM-DD`, as every date here.
    #[schema(example = "2026-11-20", format = Date)]
    received_on: String,
    /// When the result is due: a rating tells on time from late by it (a coarse flag, never the dates). Null or
    /// absent while not known.
    #[serde(default)]
    #[schema(format = Date)]
    due_on: Option<String>,
    /// When the result was returned: the link lasts `HAILONG_RECEIPT_LINK_DAYS` (30) days from it, or from
    /// `received_on` until it is known.
    #[serde(default)]
    #[schema(format = Date)]
    returned_on: Option<String>,
}

fn code_schema() -> Schema {
    let about = format!(
        "The dossier's code (mã hồ sơ): 1 to {MAX_CODE_CHARS} characters, no white space or control characters \
        (white space around it is trimmed); kept only as a keyed hash. A code not of Thông tư 01/2018's shape is \
        taken, with a warning."
    );
    text_schema(&about, 1, None, CODE_PATTERN)
}

/// The rating link to print on the receipt.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReceiptLinkBody {
    /// The single-use rating link (`/r/{token}`).
    url: String,
    qr_png_url: String,
    qr_svg_url: String,
    /// A printable slip (A6 or receipt width) with the QR code and a few plain words.
    slip_url: String,
    /// The QR code as PNG, base64, for software that prints it itself.
    qr_png_base64: String,
    /// The QR code as an SVG document.
    qr_svg: String,
    /// When the link stops working, RFC 3339 in Vietnam's offset.
    #[schema(example = "2026-12-20T23:59:59+07:00")]
    expires_at: Option<String>,
    /// True the first time (201), false when the same dossier was registered before (200).
    created: bool,
    /// What was taken but may not be what was meant (an odd dossier code, a procedure the unit does not offer).
    warnings: Vec<String>,
}

#[utoipa::path(
    post, path = "/api/v1/dossiers", tag = "receipts",
    summary = "Register a dossier and receive its one-time rating link",
    request_body = DossierRequest,
    security(("api_key" = ["dossiers"])),
    responses(
        (status = 201, description = "A new dossier: its link", body = ReceiptLinkBody),
        (status = 200, description = "The same dossier again: the same link (dates sent again replace the old)",
            body = ReceiptLinkBody),
        KeyRefusals,
        (status = 404, description = "The unit is not in the key's subtree", body = ErrorBody),
        BodyRefusals,
    )
)]
pub async fn register(
    State(state): State<AppState>,
    machine: Machine,
    body: Result<Json<DossierRequest>, JsonRejection>,
) -> Result<Response, AppError> {
    let key = &machine.0;
    if !key.allows(ApiScope::Dossiers) {
        return Err(AppError::forbidden());
    }
    let request = match json_body(body) {
        Ok(request) => request,
        Err(unreadable) => return Ok(unreadable.into_response()),
    };
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
    let now = crate::clock::now();
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
    let body = ReceiptLinkBody {
        qr_png_url: format!("{base}/qr.png"),
        qr_svg_url: format!("{base}/qr.svg"),
        slip_url: format!("{base}/phieu"),
        qr_png_base64: base64::engine::general_purpose::STANDARD.encode(png),
        qr_svg: qr_image::svg(&base).unwrap_or_default(),
        url: base,
        expires_at: local_rfc3339(dossier.expires_at.millis()),
        created,
        warnings,
    };
    Ok((status, Json(body)).into_response())
}

fn dates(request: &DossierRequest) -> Result<DossierDates, &'static str> {
    let received_on = parse_day(&request.received_on).ok_or("received_on is not a date as YYYY-MM-DD")?;
    let optional = |value: &Option<String>, message| match value.as_deref() {
        Some(v) => parse_day(v).map(Some).ok_or(message),
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
    api_invalid(message, Vec::new())
}
