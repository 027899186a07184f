//! A surveyor's phone, by the credential it received when the surveyor signed in with a manager's code: an
//! HttpOnly cookie of the `/dieu-tra` paths (SameSite=Strict), stored as SHA-256 only. A phone whose surveyor was
//! revoked, or whose campaign closed, is still recognised, so it can be told so.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;

use super::error::api_refusal;
use super::extract::cookie;
use super::origin::FromOwnSite;
use super::{AppError, AppState};
use crate::domain::token::stored_hash;
use crate::store::{Campaign, Surveyor};

pub const SURVEYOR_COOKIE: &str = "hailong_surveyor";
pub const SURVEYOR_PATH: &str = "/dieu-tra";

/// Who the phone is.
pub enum SurveyorPhone {
    /// No credential, or one we do not know (replaced by a sign-in on another phone).
    SignedOut,
    /// The badge was revoked or the campaign closed: nothing more is taken from this phone.
    Ended(Surveyor, Campaign),
    Active(Surveyor, Campaign),
}

impl FromRequestParts<AppState> for SurveyorPhone {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(credential) = cookie(&parts.headers, SURVEYOR_COOKIE) else { return Ok(SurveyorPhone::SignedOut) };
        let Some(surveyor) = state.store.surveyor_by_credential(&stored_hash(&credential)).await? else {
            return Ok(SurveyorPhone::SignedOut);
        };
        let campaign = state.store.campaign(surveyor.campaign_id).await?;
        Ok(match surveyor.revoked_at.is_some() || campaign.closed_at.is_some() {
            true => SurveyorPhone::Ended(surveyor, campaign),
            false => SurveyorPhone::Active(surveyor, campaign),
        })
    }
}

/// A call of a signed-in surveyor's phone: from our own site, with an active credential and a JSON body `T`.
/// Otherwise the refusal its script understands (401 `signed_out`, 410 `ended`, 400 for a body that is not `T`).
pub struct SurveyorCall<T>(pub Surveyor, pub Campaign, pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for SurveyorCall<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        FromOwnSite::from_request_parts(&mut parts, state).await.map_err(IntoResponse::into_response)?;
        let phone = SurveyorPhone::from_request_parts(&mut parts, state).await.map_err(IntoResponse::into_response)?;
        let (surveyor, campaign) = match phone {
            SurveyorPhone::Active(surveyor, campaign) => (surveyor, campaign),
            SurveyorPhone::SignedOut => {
                return Err(api_refusal(StatusCode::UNAUTHORIZED, "signed_out", "this phone is not signed in"))
            }
            SurveyorPhone::Ended(..) => {
                return Err(api_refusal(StatusCode::GONE, "ended", "the badge was revoked or the campaign closed"))
            }
        };
        match Json::<T>::from_request(Request::from_parts(parts, body), state).await {
            Ok(Json(value)) => Ok(SurveyorCall(surveyor, campaign, value)),
            Err(_) => Err(AppError::bad_request().into_response()),
        }
    }
}
