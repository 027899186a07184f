//! The queue-system hook: `PUT /api/v1/counters/{id}/serving` with an API key of scope `queue`. The one-stop or
//! queue-ticket software says which ticket (and procedure) a counter is serving now; the counter's tablet shows the
//! ticket number and pre-fills the procedure until the next rating, or until it expires. A dossier code may be sent
//! but is not kept: a rating must never be joinable to a dossier (receipt links do that job without identity).

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

use crate::domain::access::ApiScope;
use crate::store::{NewAuditEntry, Serving};
use crate::web::api_key::Machine;
use crate::web::extract::Id;
use crate::web::{AppError, AppState};

const MAX_TICKET: usize = 20;

#[derive(Debug, Deserialize)]
pub struct ServingRequest {
    ticket: String,
    /// The catalogue code (mã thủ tục) of the procedure, if known. Other fields (a `dossier_code`) are ignored.
    #[serde(default)]
    procedure_code: Option<String>,
}

pub async fn set_serving(
    State(state): State<AppState>,
    machine: Machine,
    Id(counter_id): Id,
    body: Result<Json<ServingRequest>, JsonRejection>,
) -> Result<Response, AppError> {
    let key = &machine.0;
    if !key.allows(ApiScope::Queue) {
        return Err(AppError::forbidden());
    }
    let reach = machine.reach(&state.store).await?;
    let counter = state.store.counter(counter_id).await?;
    reach.check(counter.unit_id)?;
    let Ok(Json(request)) = body else { return Err(AppError::bad_request()) };
    let ticket = request.ticket.trim();
    if ticket.is_empty() || ticket.chars().count() > MAX_TICKET {
        let message = format!("ticket must be 1 to {MAX_TICKET} characters");
        return Ok(
            (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "error": "invalid", "message": message }))).into_response()
        );
    }
    let mut warnings = Vec::new();
    let procedure_id = match request.procedure_code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => {
            let today = crate::domain::period::local_date(Utc::now()).to_string();
            let offered = state.store.unit_procedures(counter.unit_id, &today).await?;
            let found = offered.iter().find(|p| p.code == code).map(|p| p.id);
            if found.is_none() {
                warnings.push(format!("procedure {code} is not offered by this unit: the tablet will not pre-fill it"));
            }
            found
        }
        None => None,
    };
    let now = Utc::now().timestamp_millis();
    let serving = Serving {
        counter_id,
        ticket: ticket.to_owned(),
        procedure_id,
        set_at: now,
        expires_at: now + state.settings.kiosk.serving_ms,
    };
    let mut tx = state.store.begin().await?;
    tx.set_serving(&serving).await?;
    tx.touch_api_key(key.id, now).await?;
    let who = machine.principal().username;
    let target = format!("counter:{counter_id}");
    let after = json!({ "ticket": serving.ticket, "procedure_id": procedure_id });
    tx.audit(NewAuditEntry {
        at: now,
        user_id: None,
        username: &who,
        unit_id: Some(counter.unit_id),
        action: "serving.set",
        target: &target,
        before: None,
        after: Some(after),
    })
    .await?;
    tx.commit().await?;
    Ok(Json(json!({
        "counter_id": counter_id,
        "ticket": serving.ticket,
        "procedure_id": procedure_id,
        "expires_at": serving.expires_at,
        "warnings": warnings,
    }))
    .into_response())
}
