//! What the JSON API reads besides the path: its query string and its JSON body. When they do not read, the caller
//! gets an [`ErrorBody`](super::error::ErrorBody) with the status the OpenAPI description lists (axum's own
//! rejections are plain text): a query string of another shape 400; a body that is not JSON 400, not sent as JSON
//! 415, too large 413, JSON of another shape 422. (A path id that is not a number is a resource that does not
//! exist: `extract::Id`, 404.)

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::error::api_refusal;
use super::AppState;

/// What of a request did not read, answered as an `ErrorBody`.
pub struct Unreadable {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl IntoResponse for Unreadable {
    fn into_response(self) -> Response {
        api_refusal(self.status, self.code, &self.message)
    }
}

/// An API's query string read into `T`, or 400 `bad_request` naming what did not read.
pub struct ApiQuery<T>(pub T);

impl<T: serde::de::DeserializeOwned> FromRequestParts<AppState> for ApiQuery<T> {
    type Rejection = Unreadable;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ApiQuery(value)),
            Err(e) => Err(Unreadable { status: StatusCode::BAD_REQUEST, code: "bad_request", message: e.body_text() }),
        }
    }
}

/// The JSON body of a request, or its refusal. Handlers take the body as `Result<Json<T>, JsonRejection>` and read
/// it through this only once the key's scope is checked: a call the key may not make is 403 whatever it carries.
pub fn json_body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, Unreadable> {
    let rejection = match body {
        Ok(Json(value)) => return Ok(value),
        Err(rejection) => rejection,
    };
    let (status, code) = match rejection.status() {
        StatusCode::UNPROCESSABLE_ENTITY => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
        StatusCode::PAYLOAD_TOO_LARGE => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
        _ => (StatusCode::BAD_REQUEST, "bad_request"),
    };
    let message = match rejection {
        JsonRejection::MissingJsonContentType(_) => "send the body as Content-Type: application/json".to_owned(),
        other => other.body_text(),
    };
    Err(Unreadable { status, code, message })
}
