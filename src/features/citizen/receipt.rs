//! The form behind a receipt link, `/r/{token}`: pre-filled from the dossier (unit, counter, official, procedure),
//! taking exactly one rating. Nothing logged here names the rating: the request's path carries the link.

use crate::domain::ids::ProcedureId;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::response::{Html, Response};
use axum::Form;

use super::{
    admitted, citizen_stamp, form_again, form_page, new_response, rate_view, to_thanks, LangQuery, Place, Via,
};
use crate::domain::submission::parse_submission;
use crate::domain::token::{self, TokenPurpose};
use crate::i18n::Locale;
use crate::pages::notice::Notice;
use crate::pages::rate::{render_rate, FormValues, RateView};
use crate::pages::thanks::{render_thanks, ThanksView};
use crate::services::receipts::{resolve, ReceiptContext, Resolve};
use crate::store::{Channel, InsertOutcome, ReceiptOutcome};
use crate::web::caller::Staff;
use crate::web::client::ClientHash;
use crate::web::extract::Query;
use crate::web::origin::FromOwnSite;
use crate::web::phone::Phone;
use crate::web::{AppError, AppState};

/// `GET /r/{token}`
pub async fn form(
    State(state): State<AppState>,
    Path(token): Path<String>,
    phone: Phone,
    Query(query): Query<LangQuery>,
) -> Result<Response, AppError> {
    let locale = Locale::parse(query.lang.as_deref());
    let receipt = resolve_link(&state, &token, locale).await?;
    let values = FormValues {
        submission_id: uuid::Uuid::new_v4().to_string(),
        procedure: receipt.procedure.as_ref().map(|p| p.id),
        ..FormValues::default()
    };
    let (_, questionnaire) = state.questionnaires.for_unit(&receipt.unit);
    let place = place(&receipt, &token);
    let page =
        Html(render_rate(RateView { values, ..rate_view(&state, &place, locale, questionnaire.clone(), vec![]) }));
    Ok(form_page(&state, &phone, page))
}

/// `POST /r/{token}` — stored and the link burnt in one transaction, or the form again (422).
pub async fn submit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    _: FromOwnSite,
    client: ClientHash,
    phone: Phone,
    staff: Option<Staff>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, AppError> {
    let mut posted = admitted(&state, &client, form)?;
    let locale = posted.locale;
    let base = format!("/r/{token}");
    let receipt = match resolve(&state.store, &state.settings.secret, &token).await? {
        Resolve::Found(receipt) => receipt,
        Resolve::Used => return burnt(&state, &base, &posted.raw.submission_id, locale).await,
        Resolve::Unknown => return Err(AppError::notice(Notice::CodeNotFound, locale)),
        Resolve::Expired => return Err(AppError::notice(Notice::ReceiptExpired, locale)),
    };
    if posted.honeypot_filled {
        return Ok(to_thanks(&base, locale, false));
    }
    let (questionnaire_id, questionnaire) = state.questionnaires.for_unit(&receipt.unit);
    // The dossier's procedure, whatever was posted.
    posted.raw.procedure = receipt.procedure.as_ref().map(|p| p.id.to_string());
    let ids: Vec<ProcedureId> = receipt.procedure.iter().map(|p| p.id).collect();
    let place = place(&receipt, &token);
    let submission = match parse_submission(&posted.raw, questionnaire, &ids) {
        Ok(submission) => submission,
        Err(errors) => return form_again(&state, &place, posted, &errors, vec![]).await,
    };
    let via = Via::Receipt { on_time: receipt.dossier.dates().and_then(|d| d.on_time()) };
    let citizen = citizen_stamp(&state, phone, staff, receipt.unit.id).await?;
    let response = new_response(&place, *questionnaire_id, &submission, (client, citizen), via);
    match state.store.insert_receipt_response(&response, receipt.dossier.id).await? {
        ReceiptOutcome::Stored(InsertOutcome::Created(_) | InsertOutcome::Flagged(..)) => {
            tracing::info!(unit = receipt.unit.id.get(), "receipt rating stored");
            state.stored(Channel::Receipt, 1);
            Ok(to_thanks(&base, locale, false))
        }
        // Burnt between the look and the write (a double tap racing itself).
        ReceiptOutcome::Used => burnt(&state, &base, &response.submission_id, locale).await,
        ReceiptOutcome::Stored(InsertOutcome::Duplicate(_) | InsertOutcome::Conflict) => {
            Err(AppError::notice(Notice::Conflict, locale))
        }
    }
}

/// A link already burnt: this very form sent again after it went through (a double tap, a retry) is thanked as a
/// retry; anyone else is told the dossier was rated.
async fn burnt(state: &AppState, base: &str, submission_id: &str, locale: Locale) -> Result<Response, AppError> {
    if state.store.submission_stored(submission_id).await? {
        Ok(to_thanks(base, locale, true))
    } else {
        Err(AppError::notice(Notice::ReceiptUsed, locale))
    }
}

/// `GET /r/{token}/cam-on` — thanks; checks only the signature (the link is used by now).
pub async fn thanks(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<LangQuery>,
) -> Result<Html<String>, AppError> {
    let locale = Locale::parse(query.lang.as_deref());
    token::verify(&state.settings.secret, TokenPurpose::Receipt, &token)
        .map_err(|_| AppError::notice(Notice::CodeNotFound, locale))?;
    Ok(Html(render_thanks(ThanksView { locale, duplicate: query.lai.is_some(), form_url: None })))
}

async fn resolve_link(state: &AppState, token: &str, locale: Locale) -> Result<Box<ReceiptContext>, AppError> {
    match resolve(&state.store, &state.settings.secret, token).await? {
        Resolve::Found(receipt) => Ok(receipt),
        Resolve::Unknown => Err(AppError::notice(Notice::CodeNotFound, locale)),
        Resolve::Used => Err(AppError::notice(Notice::ReceiptUsed, locale)),
        Resolve::Expired => Err(AppError::notice(Notice::ReceiptExpired, locale)),
    }
}

fn place<'a>(receipt: &'a ReceiptContext, token: &str) -> Place<'a> {
    Place {
        unit: &receipt.unit,
        counter: receipt.counter.as_ref(),
        official: receipt.official.as_ref(),
        fixed_procedure: Some(receipt.procedure.as_ref()),
        base: format!("/r/{token}"),
    }
}
