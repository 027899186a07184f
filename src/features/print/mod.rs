//! Printable QR posters (per counter, A4), cards (per official, A6), cutting sheets, new codes, and the QR
//! images themselves.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::domain::access::Capability;
use crate::domain::ids::{CounterId, OfficialId, UnitId};
use crate::domain::token::{self, TokenPurpose};
use crate::pages::print::{render_print, PrintKind, PrintView, PrintedCode};
use crate::pages::sheet::{render_sheet, SheetCard, SheetView};
use crate::services::audit::{self, Change};
use crate::services::qr;
use crate::services::qr_image::form_url;
use crate::store::QrTarget;
use crate::web::access::{require, Reach};
use crate::web::caller::Staff;
use crate::web::client::PublicWork;
use crate::web::csrf::{CsrfForm, NoFields};
use crate::web::extract::Id;
use crate::web::{AppError, AppState};

/// The reach of someone who may print and issue codes; everyone else is refused before anything is loaded.
async fn printer_reach(state: &AppState, staff: &Staff) -> Result<Reach, AppError> {
    require(&staff.principal, Capability::ManageCatalogue)?;
    Ok(Reach::of(&state.store, &staff.principal).await?)
}

pub async fn counter_poster(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<CounterId>,
) -> Result<Html<String>, AppError> {
    let reach = printer_reach(&state, &staff).await?;
    let counter = state.store.counter(id).await?;
    let unit = reach.unit(counter.unit_id)?.clone();
    let view = print_view(&state, staff, QrTarget::Counter(id), PrintKind::Poster, unit.name, counter.name).await?;
    Ok(Html(render_print(view)))
}

pub async fn official_card(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<OfficialId>,
) -> Result<Html<String>, AppError> {
    let reach = printer_reach(&state, &staff).await?;
    let official = state.store.official(id).await?;
    let unit = reach.unit(official.unit_id)?.clone();
    let counter = match official.counter_id {
        Some(c) => Some(state.store.counter(c).await?.name),
        None => None,
    };
    let kind = PrintKind::Card {
        name: official.full_name.clone(),
        title: official.title.clone(),
        photo_url: official.has_photo.then(|| format!("/photos/official/{id}")),
    };
    let view = print_view(&state, staff, QrTarget::Official(id), kind, unit.name, counter.unwrap_or_default()).await?;
    Ok(Html(render_print(view)))
}

/// `POST /print/counter/{id}/new-code` — a new code for the counter; the old one stops working.
pub async fn new_counter_code(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<CounterId>,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Result<Redirect, AppError> {
    new_code(&state, &staff, QrTarget::Counter(id)).await?;
    Ok(Redirect::to(&format!("/print/counter/{id}")))
}

/// `POST /print/official/{id}/new-code`.
pub async fn new_official_code(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<OfficialId>,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Result<Redirect, AppError> {
    new_code(&state, &staff, QrTarget::Official(id)).await?;
    Ok(Redirect::to(&format!("/print/official/{id}")))
}

/// Issues a new code (revoking the old one) with its audit entry, in one transaction. The role is checked before
/// the target is read, and a target out of reach answers like a missing one.
async fn new_code(state: &AppState, staff: &Staff, target: QrTarget) -> Result<(), AppError> {
    let reach = printer_reach(state, staff).await?;
    let unit_id = match target {
        QrTarget::Counter(id) => state.store.counter(id).await?.unit_id,
        QrTarget::Official(id) => state.store.official(id).await?.unit_id,
    };
    reach.check(unit_id)?;
    let mut tx = state.store.begin().await?;
    let code = qr::issue(&mut tx, &state.settings.secret, unit_id, target).await?;
    let change = Change {
        unit_id: Some(unit_id),
        action: "qr.issue",
        target: format!("{target:?}"),
        before: None,
        after: Some(serde_json::json!({ "qr_code_id": code.id })),
    };
    audit::commit(tx, &staff.principal, change).await?;
    tracing::info!(qr_code = %code.id, ?target, "qr code issued");
    Ok(())
}

async fn print_view(
    state: &AppState,
    staff: Staff,
    target: QrTarget,
    kind: PrintKind,
    unit_name: String,
    counter_name: String,
) -> Result<PrintView, AppError> {
    let code = state.store.active_qr_code(target).await?;
    let issue_action = match target {
        QrTarget::Counter(id) => format!("/print/counter/{id}/new-code"),
        QrTarget::Official(id) => format!("/print/official/{id}/new-code"),
    };
    Ok(PrintView {
        staff: staff.bar(),
        kind,
        unit_name,
        counter_name,
        code: code.map(|c| PrintedCode {
            id: c.id,
            url: form_url(&state.settings.public_url, &c.token),
            token: c.token,
        }),
        issue_action,
    })
}

/// `GET /print/unit/{id}` — every counter's and official's card of a unit on cutting sheets.
pub async fn unit_sheet(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<UnitId>,
) -> Result<Html<String>, AppError> {
    let unit = printer_reach(&state, &staff).await?.unit(id)?.clone();
    let counters = state.store.counters_in(&[id]).await?;
    let officials = state.store.officials_in(&[id]).await?;
    let qr_src = |code: Option<crate::store::QrCode>| code.map(|c| format!("/qr/{}.png", c.token));
    let mut cards = Vec::new();
    for counter in &counters {
        let code = state.store.active_qr_code(QrTarget::Counter(counter.id)).await?;
        cards.push(SheetCard {
            title: counter.name.clone(),
            subtitle: String::new(),
            photo_url: None,
            qr_src: qr_src(code),
        });
    }
    for official in officials {
        let code = state.store.active_qr_code(QrTarget::Official(official.id)).await?;
        let counter = official.counter_id.and_then(|c| counters.iter().find(|k| k.id == c)).map(|c| c.name.clone());
        cards.push(SheetCard {
            photo_url: official.has_photo.then(|| format!("/photos/official/{}", official.id)),
            title: official.full_name,
            subtitle: counter.unwrap_or(official.title),
            qr_src: qr_src(code),
        });
    }
    Ok(Html(render_sheet(SheetView { staff: staff.bar(), unit_name: unit.name, cards })))
}

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `GET /qr/{token}.png|svg` — the image of a code's URL. Only correctly signed tokens are drawn, so the
/// endpoint cannot be used to mint lookalike codes; a revoked token still draws (its URL explains itself).
pub async fn qr_image(
    State(state): State<AppState>,
    _: PublicWork,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let not_found = AppError::not_found;
    let (token, extension) = file.rsplit_once('.').ok_or_else(not_found)?;
    token::verify(&state.settings.secret, TokenPurpose::Qr, token).map_err(|_| not_found())?;
    let url = form_url(&state.settings.public_url, token);
    let (content_type, body) = match extension {
        "png" => ("image/png", state.cache.qr_images.png(&url).await.ok_or_else(not_found)?),
        "svg" => ("image/svg+xml", state.cache.qr_images.svg(&url).await.ok_or_else(not_found)?.into_bytes()),
        _ => return Err(not_found()),
    };
    Ok(([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, IMMUTABLE)], body).into_response())
}
