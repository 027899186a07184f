//! The API's contract, OpenAPI 3.1, generated from the handlers' annotations and the very types they answer with
//! (utoipa), so it cannot drift from the code: `GET /api/v1/openapi.json`, and `GET /api/v1/docs` for people.
//! `tests/it/openapi.rs` checks that every `/api/v1` route is described and that real answers match their schemas.

use std::sync::LazyLock;

use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::serving;
use crate::features::{receipts, transactions};
use crate::pages::api_docs::render_api_docs;
use crate::web::error::ErrorBody;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "hailong",
        description = "Citizen feedback for Vietnamese one-stop counters (Bộ phận Một cửa): the API for the one-stop \
            software (receipt links, transaction counts, the queue) and for reading results. Machine clients send \
            `Authorization: Bearer hl_…`, a key a unit's manager makes on the unit's device page with the scopes \
            it needs; a key reaches its unit and the units beneath it, nothing else (anything outside answers 404). \
            Signed-in staff read the same results with their session. Every refusal is an `ErrorBody`.",
    ),
    paths(
        super::units,
        super::unit,
        super::counters,
        super::officials,
        super::procedures,
        super::unit_summary,
        super::responses,
        serving::set_serving,
        receipts::register::register,
        transactions::put,
        super::health,
        json,
        page,
    ),
    components(schemas(ErrorBody)),
    modifiers(&Security),
    tags(
        (name = "units", description = "The unit tree the caller reaches: units, counters, officials, procedures"),
        (name = "results", description = "Figures and responses (scope `results`, or a signed-in leader)"),
        (name = "receipts", description = "One-time rating links printed on a dossier's receipt (scope `dossiers`)"),
        (name = "transactions", description = "Monthly transaction counts (scope `transactions`)"),
        (name = "queue", description = "The ticket a counter is serving (scope `queue`)"),
        (name = "health", description = "For load balancers"),
        (name = "contract", description = "This description"),
    )
)]
struct ApiDoc;

/// The two ways in: an API key (its scopes named per operation) and a staff session.
struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut key = Http::new(HttpAuthScheme::Bearer);
        key.description = Some("An API key `hl_…` with the scopes the operation names".into());
        components.add_security_scheme("api_key", SecurityScheme::Http(key));
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "hailong_session",
                "A signed-in staff member's session (the dashboard's)",
            ))),
        );
    }
}

/// The description, built once.
pub fn document() -> &'static serde_json::Value {
    static DOCUMENT: LazyLock<serde_json::Value> =
        LazyLock::new(|| serde_json::to_value(ApiDoc::openapi()).expect("an OpenAPI description serialises to JSON"));
    &DOCUMENT
}

/// `GET /api/v1/openapi.json` — public: it holds no data, only the shape of the answers.
#[utoipa::path(
    get, path = "/api/v1/openapi.json", tag = "contract",
    summary = "This description, OpenAPI 3.1",
    responses((status = 200, description = "The description", content_type = "application/json")),
)]
pub async fn json() -> Response {
    ([(header::CACHE_CONTROL, "public, max-age=3600")], axum::Json(document())).into_response()
}

/// `GET /api/v1/docs` — the same description as a page, for the people who write the one-stop software's side.
#[utoipa::path(
    get, path = "/api/v1/docs", tag = "contract",
    summary = "This description as a page",
    responses((status = 200, description = "An HTML page", content_type = "text/html")),
)]
pub async fn page() -> Response {
    static PAGE: LazyLock<String> = LazyLock::new(|| render_api_docs(document()));
    ([(header::CACHE_CONTROL, "public, max-age=3600")], Html(PAGE.as_str())).into_response()
}
