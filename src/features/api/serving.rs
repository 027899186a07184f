//! The queue-system hook: `PUT /api/v1/counters/{id}/serving` with an API key of scope `queue`. The one-stop or
//! queue-ticket software says which ticket (and procedure) a counter is serving now; the counter's tablet shows the
//! ticket number and pre-fills the procedure until the next rating, or until it expires. A dossier code may be sent
//! but is not kept: a rating must never be joinable to a dossier (receipt links do that job without identity).

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::openapi::Schema;

use super::openapi::{text_schema, BodyRefusals, KeyRefusals};
use crate::domain::access::ApiScope;
use crate::domain::ids::{CounterId, ProcedureId};
use crate::domain::queue::{check_ticket, MAX_TICKET_CHARS, TICKET_PATTERN};
use crate::store::{NewAuditEntry, Serving};
use crate::web::api_input::json_body;
use crate::web::api_key::Machine;
use crate::web::error::{api_invalid, ErrorBody};
use crate::web::extract::Id;
use crate::web::{AppError, AppState};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({ "ticket": "A015", "procedure_code": "1.001193" }))]
pub struct ServingRequest {
    #[schema(schema_with = ticket_schema)]
    ticket: String,
    /// The catalogue code (mã thủ tục) of the procedure, if known. Other fields (a `dossier_code`) are ignored.
    #[serde(default)]
    procedure_code: Option<String>,
}

/// What the counter's tablet now shows.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ServingBody {
    counter_id: CounterId,
    ticket: String,
    /// The procedure the tablet pre-fills, if its code is offered by the counter's unit.
    procedure_id: Option<ProcedureId>,
    /// When the tablet stops showing it (ms since the epoch), unless a rating comes first.
    expires_at: i64,
    /// What was taken but may not be what was meant (a procedure code the unit does not offer).
    warnings: Vec<String>,
}

fn ticket_schema() -> Schema {
    let about = format!(
        "The ticket number called to the counter: 1 to {MAX_TICKET_CHARS} characters, not only white space (shown \
        trimmed)."
    );
    text_schema(&about, 1, Some(MAX_TICKET_CHARS), TICKET_PATTERN)
}

#[utoipa::path(
    put, path = "/api/v1/counters/{id}/serving", tag = "queue",
    summary = "Tell a counter's tablet which ticket it is serving",
    params(("id" = i64, Path, description = "The counter", example = 1)),
    request_body = ServingRequest,
    security(("api_key" = ["queue"])),
    responses(
        (status = 200, description = "The tablet shows the ticket", body = ServingBody),
        KeyRefusals,
        (status = 404, description = "No such counter in the key's subtree (or an id that is not a number)",
            body = ErrorBody),
        BodyRefusals,
    )
)]
pub async fn set_serving(
    State(state): State<AppState>,
    machine: Machine,
    Id(counter_id): Id<CounterId>,
    body: Result<Json<ServingRequest>, JsonRejection>,
) -> Result<Response, AppError> {
    let key = &machine.0;
    if !key.allows(ApiScope::Queue) {
        return Err(AppError::forbidden());
    }
    let reach = machine.reach(&state.store).await?;
    let counter = state.store.counter(counter_id).await?;
    reach.check(counter.unit_id)?;
    let request = match json_body(body) {
        Ok(request) => request,
        Err(unreadable) => return Ok(unreadable.into_response()),
    };
    let Some(ticket) = check_ticket(&request.ticket) else {
        let message = format!("ticket must be 1 to {MAX_TICKET_CHARS} characters, not only white space");
        return Ok(api_invalid(&message, Vec::new()));
    };
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
    let now = crate::clock::now();
    let serving = Serving {
        counter_id,
        ticket: ticket.to_owned(),
        procedure_id,
        set_at: now,
        expires_at: now.plus_millis(state.settings.kiosk.serving_ms),
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
    let body = ServingBody {
        counter_id,
        ticket: serving.ticket,
        procedure_id,
        expires_at: serving.expires_at.millis(),
        warnings,
    };
    Ok(Json(body).into_response())
}
