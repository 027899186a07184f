//! Surveyors citizens can verify (in Khánh Hòa's 2023 survey people refused surveyors they could not check). A manager
//! adds a surveyor to a campaign (`POST /surveys/{id}/surveyors`) and prints the badge (`GET /surveyors/{id}/badge`),
//! whose QR code opens `GET /xac-minh/{token}` on any phone: name, organisation, campaign, authorising decision, dates,
//! and whether the badge is valid — not after it is revoked (`POST /surveyors/{id}/revoke`), the campaign closed or its
//! dates past.

use crate::domain::ids::{CampaignId, SurveyorId};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use super::{campaign_in_reach, campaign_refused, change, surveyor_in_reach, Outcome, MAX_TEXT};
use crate::domain::token::{self, TokenPurpose};
use crate::features::citizen::LangQuery;
use crate::features::photos;
use crate::i18n::survey_checks::VI as C;
use crate::i18n::{Locale, Texts};
use crate::pages::surveys::{render_badge, render_verification, BadgeView};
use crate::services::audit::commit;
use crate::services::campaigns;
use crate::services::{photo as photo_prep, qr_image};
use crate::store::{Campaign, Surveyor};
use crate::web::caller::Staff;
use crate::web::csrf::{CsrfForm, CsrfMultipart};
use crate::web::extract::{Id, Query};
use crate::web::{AppError, AppState};

#[derive(Debug, Default, Deserialize)]
pub struct SurveyorForm {
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    organisation: String,
}

pub async fn add(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<CampaignId>,
    CsrfForm(form): CsrfForm<SurveyorForm>,
) -> Outcome {
    let (campaign, _) = campaign_in_reach(&state, &staff, id).await?;
    let (name, organisation) = (form.full_name.trim(), form.organisation.trim());
    let fits = |t: &str| !t.is_empty() && t.chars().count() <= MAX_TEXT;
    if campaign.closed_at.is_some() {
        return campaign_refused(&state, &staff, id, vec![C.closed.into()]).await;
    }
    if !fits(name) || !fits(organisation) {
        let message = Texts::with_number(C.surveyor, MAX_TEXT);
        return campaign_refused(&state, &staff, id, vec![message]).await;
    }
    let mut tx = state.store.begin().await?;
    let surveyor = tx.create_surveyor(id, name, organisation, crate::clock::now()).await?;
    let after = json!({ "surveyor": surveyor, "full_name": name, "organisation": organisation });
    commit(tx, &staff.principal, change(campaign.unit_id, "campaign.add_surveyor", id, after)).await?;
    Ok(Redirect::to(&format!("/surveys/{id}")).into_response())
}

pub async fn revoke(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<SurveyorId>,
    CsrfForm(_): CsrfForm<SurveyorForm>,
) -> Outcome {
    let (_, campaign, _) = surveyor_in_reach(&state, &staff, id).await?;
    let mut tx = state.store.begin().await?;
    if tx.revoke_surveyor(id, crate::clock::now()).await? {
        let after = json!({ "surveyor": id, "revoked": true });
        commit(tx, &staff.principal, change(campaign.unit_id, "campaign.revoke_surveyor", campaign.id, after)).await?;
    }
    Ok(Redirect::to(&format!("/surveys/{}", campaign.id)).into_response())
}

/// The printable badge (thẻ điều tra viên) with its QR code.
pub async fn badge(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<SurveyorId>,
) -> Result<Html<String>, AppError> {
    let (surveyor, campaign, reach) = surveyor_in_reach(&state, &staff, id).await?;
    let unit = reach.unit(campaign.unit_id)?.name.clone();
    let token = token::sign(&state.settings.secret, TokenPurpose::Badge, id.get().unsigned_abs());
    let url = verification_url(&state.settings.public_url, &token);
    let valid = campaigns::badge_valid(&surveyor, &campaign);
    Ok(Html(render_badge(BadgeView { surveyor, campaign, unit, url, token, valid, locale: Locale::Vi })))
}

/// `GET /xac-minh/{token}` — public: who the surveyor is and whether the badge is valid today.
pub async fn verify(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<LangQuery>,
) -> Result<Response, AppError> {
    let (surveyor, campaign) = by_token(&state, &token).await?;
    let unit = state.store.unit(campaign.unit_id).await.map(|u| u.name).unwrap_or_default();
    let token = token.clone();
    let url = verification_url(&state.settings.public_url, &token);
    let valid = campaigns::badge_valid(&surveyor, &campaign);
    let page = render_verification(BadgeView { surveyor, campaign, unit, url, token, valid, locale: query.locale() });
    // Always read afresh: a revocation must show at once.
    Ok(([(header::CACHE_CONTROL, "no-store")], Html(page)).into_response())
}

/// `POST /surveyors/{id}/photo` (multipart) — the surveyor's photo for the badge and its public check, re-encoded
/// like officials' (no metadata kept).
pub async fn set_photo(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<SurveyorId>,
    form: CsrfMultipart,
) -> Outcome {
    let (_, campaign, _) = surveyor_in_reach(&state, &staff, id).await?;
    let prepared = match form.file.clone() {
        Some(bytes) => photo_prep::prepare(bytes).await.map_err(photos::refusal),
        None => Err(Locale::Vi.texts().err_photo_type),
    };
    let photo = match prepared {
        Ok(photo) => photo,
        Err(message) => return campaign_refused(&state, &staff, campaign.id, vec![message.to_owned()]).await,
    };
    let mut tx = state.store.begin().await?;
    tx.set_surveyor_photo(id, &photo, crate::clock::now()).await?;
    let after = json!({ "surveyor": id, "photo": true });
    commit(tx, &staff.principal, change(campaign.unit_id, "campaign.surveyor_photo", campaign.id, after)).await?;
    Ok(Redirect::to(&format!("/surveys/{}", campaign.id)).into_response())
}

/// `GET /xac-minh/{token}/photo` — the surveyor's photo, for the badge and whoever checks it.
pub async fn photo(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, AppError> {
    let (surveyor, _) = by_token(&state, &token).await?;
    if !surveyor.has_photo {
        return Err(AppError::not_found());
    }
    Ok(photos::photo_reply(state.store.surveyor_photo(surveyor.id).await?))
}

/// `GET /xac-minh/{token}/qr.png` — the badge's QR code.
pub async fn qr(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, AppError> {
    by_token(&state, &token).await?;
    let url = verification_url(&state.settings.public_url, &token);
    let png = qr_image::png(&url, 360).await.ok_or_else(AppError::not_found)?;
    Ok(([(header::CONTENT_TYPE, "image/png")], png).into_response())
}

async fn by_token(state: &AppState, token: &str) -> Result<(Surveyor, Campaign), AppError> {
    let id = token::verify(&state.settings.secret, TokenPurpose::Badge, token)
        .ok()
        .and_then(|id| i64::try_from(id).ok())
        .map(SurveyorId::new)
        .ok_or_else(AppError::not_found)?;
    let surveyor = state.store.surveyor(id).await?;
    let campaign = state.store.campaign(surveyor.campaign_id).await?;
    Ok((surveyor, campaign))
}

fn verification_url(public_url: &str, token: &str) -> String {
    format!("{}/xac-minh/{token}", public_url.trim_end_matches('/'))
}
