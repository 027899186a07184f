//! Surveyors' phones, as managers see them: `POST /surveyors/{id}/sign-in-code` makes the one-time code a surveyor
//! types on their phone at `/dieu-tra` (shown once on the campaign's page, stored as a hash; audited without it).

use crate::domain::ids::SurveyorId;
use axum::extract::State;
use axum::response::IntoResponse;
use serde_json::json;

use super::badge::SurveyorForm;
use super::{campaign_page, campaign_refused, change, surveyor_in_reach, Outcome};
use crate::domain::kiosk::display_pairing_code;
use crate::i18n::survey_checks::VI as C;
use crate::services::audit::commit;
use crate::services::survey_forms::create_sign_in_code;
use crate::store::StoreError;
use crate::web::caller::Staff;
use crate::web::csrf::CsrfForm;
use crate::web::extract::Id;
use crate::web::surveyor::SURVEYOR_PATH;
use crate::web::AppState;

pub async fn new_sign_in_code(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<SurveyorId>,
    CsrfForm(_): CsrfForm<SurveyorForm>,
) -> Outcome {
    let (surveyor, campaign, _) = surveyor_in_reach(&state, &staff, id).await?;
    if campaign.closed_at.is_some() {
        return campaign_refused(&state, &staff, campaign.id, vec![C.closed.into()]).await;
    }
    let mut tx = state.store.begin().await?;
    let code = match create_sign_in_code(&mut tx, id, crate::clock::now().millis()).await {
        Ok(code) => code,
        Err(StoreError::NotFound) => {
            return campaign_refused(&state, &staff, campaign.id, vec![C.badge_revoked.into()]).await;
        }
        Err(e) => return Err(e.into()),
    };
    let after = json!({ "surveyor": id, "sign_in_code": "issued" });
    commit(tx, &staff.principal, change(campaign.unit_id, "campaign.sign_in_code", campaign.id, after)).await?;
    let url = format!("{}{SURVEYOR_PATH}", state.settings.public_url.trim_end_matches('/'));
    let shown = Some((surveyor.full_name, display_pairing_code(&code), url));
    Ok(campaign_page(&state, &staff, campaign.id, vec![], shown).await?.into_response())
}
