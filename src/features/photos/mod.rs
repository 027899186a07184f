//! Officials' photos: for staff who see the official's unit, for citizens through the code they scanned, and for
//! the tablets of the official's unit; and what every photo answer and refusal shares (surveyors' too).

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::domain::ids::OfficialId;
use crate::i18n::Locale;
use crate::services::photo::PhotoError;
use crate::services::qr::{resolve, Resolve};
use crate::services::receipts;
use crate::store::Photo;
use crate::web::access::Reach;
use crate::web::caller::Staff;
use crate::web::device::Tablet;
use crate::web::extract::Id;
use crate::web::{AppError, AppState};

/// `GET /photos/official/{id}` — for staff who see the official's unit (dashboards, administration, prints).
/// Citizens get a photo only through the code they scanned (`citizen_photo`), so nobody can page through
/// every official's portrait by id.
pub async fn official_photo(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<OfficialId>,
) -> Result<Response, AppError> {
    let official = state.store.official(id).await?;
    Reach::of(&state.store, &staff.principal).await?.check(official.unit_id)?;
    photo_response(&state, id).await
}

/// `GET /q/{token}/photo` — the photo of the official whose code this is, for the citizen form.
pub async fn citizen_photo(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, AppError> {
    let not_found = AppError::not_found;
    let Resolve::Found(qr) = resolve(&state.store, &state.settings.secret, &token).await? else {
        return Err(not_found());
    };
    let official = qr.official.filter(|o| o.has_photo).ok_or_else(not_found)?;
    photo_response(&state, official.id).await
}

/// `GET /r/{token}/photo` — the photo of the official a receipt link names, while the link is open.
pub async fn receipt_photo(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, AppError> {
    let not_found = AppError::not_found;
    let receipts::Resolve::Found(receipt) = receipts::resolve(&state.store, &state.settings.secret, &token).await?
    else {
        return Err(not_found());
    };
    let official = receipt.official.filter(|o| o.has_photo).ok_or_else(not_found)?;
    photo_response(&state, official.id).await
}

/// `GET /kiosk/photos/{id}` — for a paired tablet, the photos of its unit's officials (the duty screen).
pub async fn kiosk_photo(
    State(state): State<AppState>,
    tablet: Tablet,
    Id(id): Id<OfficialId>,
) -> Result<Response, AppError> {
    let Tablet::Paired(device) = tablet else { return Err(AppError::not_found()) };
    let official = state.store.official(id).await?;
    if official.unit_id != device.unit_id {
        return Err(AppError::not_found());
    }
    photo_response(&state, id).await
}

async fn photo_response(state: &AppState, official_id: OfficialId) -> Result<Response, AppError> {
    Ok(photo_reply(state.store.official_photo(official_id).await?))
}

/// A person's photo as an answer. Private: photos are personal data, not for shared caches.
pub fn photo_reply(photo: Photo) -> Response {
    let headers =
        [(header::CONTENT_TYPE, photo.content_type), (header::CACHE_CONTROL, "private, max-age=3600".to_owned())];
    (headers, photo.bytes).into_response()
}

/// Why an uploaded photo was refused, in Vietnamese (officials' and surveyors' forms).
pub fn refusal(e: PhotoError) -> &'static str {
    let t = Locale::Vi.texts();
    match e {
        PhotoError::TooLarge => t.err_photo_size,
        PhotoError::TooManyPixels => t.err_photo_pixels,
        PhotoError::NotAnImage => t.err_photo_type,
    }
}
