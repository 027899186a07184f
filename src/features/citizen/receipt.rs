//! The form behind a receipt link, `/r/{token}`: pre-filled from the dossier (unit, counter, official, procedure),
//! taking exactly one rating. Nothing logged here names the rating: the request's path carries the link.

use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use axum::Form;

use super::form::messages;
use super::{admitted, new_response, rate_view, to_thanks, LangQuery, Place, Via};
use crate::domain::submission::parse_submission;
use crate::domain::token::{self, TokenPurpose};
use crate::i18n::Locale;
use crate::pages::notice::Notice;
use crate::pages::rate::{render_rate, FormValues, RateView};
use crate::pages::thanks::{render_thanks, ThanksView};
use crate::services::receipts::{resolve, ReceiptContext, Resolve};
use crate::store::{InsertOutcome, ReceiptOutcome};
use crate::web::client::ClientHash;
use crate::web::origin::FromOwnSite;
use crate::web::{AppError, AppState};

/// `GET /r/{token}`
pub async fn form(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<LangQuery>,
) -> Result<Html<String>, AppError> {
    let locale = Locale::parse(query.lang.as_deref());
    let receipt = resolve_link(&state, &token, locale).await?;
    let values = FormValues {
        submission_id: uuid::Uuid::new_v4().to_string(),
        procedure: receipt.procedure.as_ref().map(|p| p.id),
        ..FormValues::default()
    };
    Ok(Html(render_rate(RateView { values, ..view(&state, &receipt, &token, locale) })))
}

/// `POST /r/{token}` — stored and the link burnt in one transaction, or the form again (422).
pub async fn submit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    _: FromOwnSite,
    client: ClientHash,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, AppError> {
    let mut posted = admitted(&state, &client, form)?;
    let locale = posted.locale;
    let base = format!("/r/{token}");
    let receipt = match resolve(&state.store, &state.settings.secret, &token).await? {
        Resolve::Found(receipt) => receipt,
        // This very form sent again after it went through (a double tap, a retry) is thanked as a retry.
        Resolve::Used if state.store.submission_stored(&posted.raw.submission_id).await? => {
            return Ok(to_thanks(&base, locale, true));
        }
        Resolve::Used => return Err(AppError::notice(Notice::ReceiptUsed, locale)),
        Resolve::Unknown => return Err(AppError::notice(Notice::CodeNotFound, locale)),
        Resolve::Expired => return Err(AppError::notice(Notice::ReceiptExpired, locale)),
    };
    if posted.honeypot_filled {
        return Ok(to_thanks(&base, locale, false));
    }
    let (questionnaire_id, questionnaire) = state.questionnaires.for_unit(&receipt.unit);
    // The dossier's procedure, whatever was posted.
    let procedure: Vec<_> = receipt.procedure.iter().cloned().collect();
    posted.raw.procedure = receipt.procedure.as_ref().map(|p| p.id.to_string());
    let ids: Vec<i64> = procedure.iter().map(|p| p.id).collect();
    let submission = match parse_submission(&posted.raw, questionnaire, &ids) {
        Ok(submission) => submission,
        Err(errors) => {
            let view = RateView {
                values: posted.values(),
                errors: messages(&errors, locale.texts()),
                ..view(&state, &receipt, &token, locale)
            };
            let page = Html(render_rate(view));
            return Ok(axum::response::IntoResponse::into_response((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                page,
            )));
        }
    };
    let place = place(&receipt, &token);
    let via = Via::Receipt { on_time: receipt.dossier.dates().and_then(|d| d.on_time()) };
    let response = new_response(&place, *questionnaire_id, &submission, client, via);
    match state.store.insert_receipt_response(&response, receipt.dossier.id).await? {
        ReceiptOutcome::Stored(InsertOutcome::Created(_) | InsertOutcome::Flagged(..)) => {
            tracing::info!(unit = receipt.unit.id, "receipt rating stored");
            state.live.stored();
            Ok(to_thanks(&base, locale, false))
        }
        ReceiptOutcome::Again => Ok(to_thanks(&base, locale, true)),
        ReceiptOutcome::Used => Err(AppError::notice(Notice::ReceiptUsed, locale)),
        ReceiptOutcome::Stored(InsertOutcome::Duplicate(_) | InsertOutcome::Conflict) => {
            Err(AppError::notice(Notice::Conflict, locale))
        }
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
        base: format!("/r/{token}"),
    }
}

/// The form of a receipt: its procedure shown, not picked.
fn view(state: &AppState, receipt: &ReceiptContext, token: &str, locale: Locale) -> RateView {
    let (_, questionnaire) = state.questionnaires.for_unit(&receipt.unit);
    let procedures = receipt.procedure.iter().cloned().collect();
    RateView {
        fixed_procedure: true,
        ..rate_view(state, &place(receipt, token), locale, questionnaire.clone(), procedures)
    }
}
