//! Images: QR codes (PNG for printing and phones, SVG for crisp posters) and officials' photos.

use std::io::Cursor;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use image::{ImageFormat, Luma};
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use super::access::Reach;
use super::auth::Staff;
use super::error::Notice;
use super::extract::Id;
use super::qr::{resolve, Resolve};
use super::{AppError, AppState};
use crate::domain::token::{self, TokenPurpose};
use crate::i18n::Locale;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `GET /qr/{token}.png|svg` — the image of a code's URL. Only correctly signed tokens are drawn, so the
/// endpoint cannot be used to mint lookalike codes; a revoked token still draws (its URL explains itself).
pub async fn qr_image(State(state): State<AppState>, Path(file): Path<String>) -> Result<Response, AppError> {
    let not_found = || AppError::notice(Notice::PageNotFound, Locale::Vi);
    let (token, extension) = file.rsplit_once('.').ok_or_else(not_found)?;
    token::verify(&state.settings.secret, TokenPurpose::Qr, token).map_err(|_| not_found())?;
    let url = form_url(&state.settings.public_url, token);
    let (content_type, body) = match extension {
        "png" => ("image/png", qr_png(&url, 600).ok_or_else(not_found)?),
        "svg" => ("image/svg+xml", qr_svg(&url).ok_or_else(not_found)?.into_bytes()),
        _ => return Err(not_found()),
    };
    Ok(([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, IMMUTABLE)], body).into_response())
}

/// The citizen form's URL for a token: what every QR code carries.
pub fn form_url(public_url: &str, token: &str) -> String {
    format!("{public_url}/q/{token}")
}

/// Medium error correction: survives a scuffed or partly covered sticker without a dense code.
fn encode(url: &str) -> Option<QrCode> {
    QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()
}

pub fn qr_png(url: &str, min_size: u32) -> Option<Vec<u8>> {
    let image = encode(url)?.render::<Luma<u8>>().min_dimensions(min_size, min_size).build();
    let mut bytes = Cursor::new(Vec::new());
    image.write_to(&mut bytes, ImageFormat::Png).ok()?;
    Some(bytes.into_inner())
}

pub fn qr_svg(url: &str) -> Option<String> {
    Some(
        encode(url)?
            .render::<svg::Color<'_>>()
            .min_dimensions(300, 300)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build(),
    )
}

/// `GET /photos/official/{id}` — for staff who see the official's unit (dashboards, administration, prints).
/// Citizens get a photo only through the code they scanned (`citizen_photo`), so nobody can page through
/// every official's portrait by id.
pub async fn official_photo(State(state): State<AppState>, staff: Staff, Id(id): Id) -> Result<Response, AppError> {
    let official = state.store.official(id).await?;
    Reach::of(&state.store, &staff.principal).await?.check(official.unit_id)?;
    photo_response(&state, id).await
}

/// `GET /q/{token}/photo` — the photo of the official whose code this is, for the citizen form.
pub async fn citizen_photo(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, AppError> {
    let not_found = || AppError::notice(Notice::PageNotFound, Locale::Vi);
    let Resolve::Found(qr) = resolve(&state.store, &state.settings.secret, &token).await? else {
        return Err(not_found());
    };
    let official = qr.official.filter(|o| o.has_photo()).ok_or_else(not_found)?;
    photo_response(&state, official.id).await
}

async fn photo_response(state: &AppState, official_id: i64) -> Result<Response, AppError> {
    let photo = state.store.official_photo(official_id).await?;
    // Private: photos are personal data, not for shared caches.
    let headers =
        [(header::CONTENT_TYPE, photo.content_type), (header::CACHE_CONTROL, "private, max-age=3600".to_owned())];
    Ok((headers, photo.bytes).into_response())
}
