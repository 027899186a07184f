//! The slip and the QR code of a receipt link, for the one-stop software to print. Public like the link itself:
//! they show nothing the link does not lead to (never the dossier code, which is not kept).

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

use crate::domain::period::local_date;
use crate::domain::token::{self, TokenPurpose};
use crate::features::citizen::LangQuery;
use crate::i18n::Locale;
use crate::pages::notice::Notice;
use crate::pages::receipt_slip::{render_slip, SlipView};
use crate::services::receipts::{resolve, Resolve};
use crate::web::client::PublicWork;
use crate::web::extract::Query;
use crate::web::{AppError, AppState};

/// `GET /r/{token}/phieu`
pub async fn slip(
    State(state): State<AppState>,
    _: PublicWork,
    Path(token): Path<String>,
    Query(query): Query<LangQuery>,
) -> Result<Html<String>, AppError> {
    let locale = query.locale();
    let receipt = match resolve(&state.store, &state.settings.secret, &token).await? {
        Resolve::Found(receipt) => receipt,
        Resolve::Unknown => return Err(AppError::notice(Notice::CodeNotFound, locale)),
        Resolve::Used => return Err(AppError::notice(Notice::ReceiptUsed, locale)),
        Resolve::Expired => return Err(AppError::notice(Notice::ReceiptExpired, locale)),
    };
    // An English slip opens the English form.
    let lang = if locale == Locale::En { "?lang=en" } else { "" };
    let url = format!("{}/r/{token}{lang}", state.settings.public_url);
    let qr_svg = state.cache.qr_images.svg(&url).await.ok_or_else(AppError::not_found)?;
    Ok(Html(render_slip(SlipView {
        locale,
        unit_name: receipt.unit.name,
        counter_name: receipt.counter.map(|c| c.name),
        official_name: receipt.official.map(|o| o.full_name),
        procedure_name: receipt.procedure.map(|p| p.name),
        qr_svg,
        url,
        // The link's last moment is midnight ending its last day: name that day.
        expires: chrono::DateTime::from_timestamp_millis(receipt.dossier.expires_at.millis() - 1)
            .map(|t| local_date(t).format("%d/%m/%Y").to_string())
            .unwrap_or_default(),
    })))
}

/// `GET /r/{token}/qr.png|svg` — drawn for correctly signed tokens only.
pub async fn qr_image(
    State(state): State<AppState>,
    _: PublicWork,
    Path((token, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let not_found = AppError::not_found;
    token::verify(&state.settings.secret, TokenPurpose::Receipt, &token).map_err(|_| not_found())?;
    let url = format!("{}/r/{token}", state.settings.public_url);
    let (content_type, body) = match file.as_str() {
        "qr.png" => ("image/png", state.cache.qr_images.png(&url).await.ok_or_else(not_found)?),
        "qr.svg" => ("image/svg+xml", state.cache.qr_images.svg(&url).await.ok_or_else(not_found)?.into_bytes()),
        _ => return Err(not_found()),
    };
    Ok(([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=86400")], body).into_response())
}
