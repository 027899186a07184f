//! The API's contract, OpenAPI 3.1, generated from the handlers' annotations and the very types they answer with
//! (utoipa), so it cannot drift from the code: `GET /api/v1/openapi.json`, and `GET /api/v1/docs` for people.
//! `tests/it/openapi.rs` checks that every `/api/v1` route is described and that real answers match their schemas.

use std::sync::LazyLock;

use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{ObjectBuilder, Schema, Type};
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

/// A string property checked by a domain rule, stated from that rule's own constants (utoipa's `pattern` attribute
/// takes only a literal, which could drift from the rule).
pub fn text_schema(description: &str, min_length: usize, max_length: Option<usize>, pattern: &str) -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .min_length(Some(min_length))
        .max_length(max_length)
        .pattern(Some(pattern))
        .build()
        .into()
}

// The refusals operations share, for the description only: the handlers answer `AppError`s and `ErrorBody`s.

/// How a call with an API key is refused before anything else is read.
#[derive(utoipa::IntoResponses)]
pub enum KeyRefusals {
    /// No key, or a revoked one
    #[response(status = 401)]
    Unauthorized(ErrorBody),
    /// The key lacks the scope the operation names
    #[response(status = 403)]
    Forbidden(ErrorBody),
    /// The key's rate limit (600 calls a minute)
    #[response(status = 429)]
    RateLimited(ErrorBody),
}

/// How a read of results is refused: a session or a key of scope `results`.
#[derive(utoipa::IntoResponses)]
pub enum ReadRefusals {
    /// Neither a session nor a key, or a revoked key
    #[response(status = 401)]
    Unauthorized(ErrorBody),
    /// The role or the key's scopes do not read results, or the session's password must be changed first
    #[response(status = 403)]
    Forbidden(ErrorBody),
    /// The key's rate limit (600 calls a minute)
    #[response(status = 429)]
    RateLimited(ErrorBody),
}

/// A read of one unit: beside [`ReadRefusals`].
#[derive(utoipa::IntoResponses)]
pub enum UnitNotFound {
    /// No such unit in the caller's subtree (or an id that is not a number)
    #[response(status = 404)]
    NotFound(ErrorBody),
}

/// A query string that does not read as the parameters say (a number that is not one, a name twice).
#[derive(utoipa::IntoResponses)]
pub enum QueryRefusals {
    /// The query string does not read as the parameters
    #[response(status = 400)]
    BadRequest(ErrorBody),
}

/// How a JSON body is refused (`web::api_input`): unreadable, not sent as JSON, too large, or of another shape.
#[derive(utoipa::IntoResponses)]
pub enum BodyRefusals {
    /// The body is not JSON
    #[response(status = 400)]
    BadRequest(ErrorBody),
    /// The body is larger than the operation takes: 64 KiB, 1 MiB for transaction counts
    #[response(status = 413)]
    TooLarge(ErrorBody),
    /// The body is not sent as `Content-Type: application/json`
    #[response(status = 415)]
    UnsupportedMediaType(ErrorBody),
    /// The JSON is not of this shape, or one of its values is wrong (`message`; each wrong line in `lines`)
    #[response(status = 422)]
    Invalid(ErrorBody),
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
