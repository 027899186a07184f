//! The citizen's path: scan → form → thank-you. No login; every failure is a clear page in the
//! citizen's language with the right status, never a 500.

mod form;
pub mod receipt;

use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use crate::domain::ids::{ProcedureId, QrCodeId, QuestionnaireId, UnitId};
use crate::domain::questionnaire::Questionnaire;
use crate::domain::submission::{parse_submission, Submission, SubmissionError};
use crate::i18n::Locale;
use crate::pages::notice::Notice;
use crate::pages::rate::{render_rate, FormValues, OfficialBadge, RateView};
use crate::pages::thanks::{render_thanks, ThanksView};
use crate::services::qr::{resolve, QrContext, Resolve};
use crate::store::{Channel, CitizenStamp, Counter, InsertOutcome, NewResponse, Official, Procedure, Unit};
use crate::web::access::Reach;
use crate::web::caller::Staff;
use crate::web::client::ClientHash;
use crate::web::extract::Query;
use crate::web::origin::FromOwnSite;
use crate::web::phone::{new_phone_cookie, Phone};
use crate::web::{AppError, AppState};
use form::{messages, PostedForm};

#[derive(Debug, Default, Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
    /// Set on the thank-you page when the rating had arrived before.
    lai: Option<String>,
}

impl LangQuery {
    /// The language asked for: Vietnamese unless `lang=en`.
    pub fn locale(&self) -> Locale {
        Locale::parse(self.lang.as_deref())
    }
}

/// `GET /` — nothing for citizens to do here without a code; staff sign in.
pub async fn home() -> Html<String> {
    Html(crate::pages::login::render_home())
}

/// `GET /q/{token}` — the form behind a QR code.
pub async fn form(
    State(state): State<AppState>,
    Path(token): Path<String>,
    phone: Phone,
    Query(query): Query<LangQuery>,
) -> Result<Response, AppError> {
    let locale = Locale::parse(query.lang.as_deref());
    let qr = resolve_code(&state, &token, locale).await?;
    let values = FormValues { submission_id: uuid::Uuid::new_v4().to_string(), ..FormValues::default() };
    let (_, questionnaire) = state.questionnaires.for_unit(&qr.unit);
    let procedures = state.store.unit_procedures(qr.unit.id, &today()).await?;
    let view =
        RateView { values, ..rate_view(&state, &Place::of_qr(&qr, &token), locale, questionnaire.clone(), procedures) };
    Ok(form_page(&state, &phone, Html(render_rate(view))))
}

/// A form's page, setting the phone's cookie when the browser has none yet (`web::phone`). `private`: the page
/// carries its own submission id and may set a cookie, so no shared cache may hand it to another phone (the
/// browser's own copy stays, for Back).
fn form_page(state: &AppState, phone: &Phone, page: Html<String>) -> Response {
    let mut response = page.into_response();
    let private = axum::http::HeaderValue::from_static("private");
    response.headers_mut().insert(axum::http::header::CACHE_CONTROL, private);
    if !phone.known {
        let cookie = new_phone_cookie(state.settings.cookie_secure);
        response.headers_mut().append(axum::http::header::SET_COOKIE, cookie);
    }
    response
}

/// How the phone that sent a rating is known, and whether it is a browser signed in as staff of the rated unit
/// (an official rating themselves or a colleague, a head "helping" on their own phone).
async fn citizen_stamp(
    state: &AppState,
    phone: Phone,
    staff: Option<Staff>,
    unit_id: UnitId,
) -> Result<CitizenStamp, AppError> {
    let staff_device = match staff {
        Some(staff) => Reach::of(&state.store, &staff.principal).await?.contains(unit_id),
        None => false,
    };
    Ok(CitizenStamp { voice_hash: phone.voice_hash, rules: state.settings.voice, staff_device })
}

/// `POST /q/{token}` — a submitted form: stored once, then redirected to the thank-you page; or shown
/// again with every problem explained and the citizen's input kept (422).
pub async fn submit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    _: FromOwnSite,
    client: ClientHash,
    phone: Phone,
    staff: Option<Staff>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, AppError> {
    let posted = admitted(&state, &client, form)?;
    let locale = posted.locale;
    let qr = resolve_code(&state, &token, locale).await?;
    let place = Place::of_qr(&qr, &token);
    if posted.honeypot_filled {
        tracing::info!(client = %client.0, "honeypot field filled; submission dropped");
        return Ok(to_thanks(&place.base, locale, false));
    }
    let (questionnaire_id, questionnaire) = state.questionnaires.for_unit(&qr.unit);
    // Most citizens pick no procedure: the unit's list is read only when one is named (or the form comes back).
    let names_procedure = posted.raw.procedure.as_deref().is_some_and(|p| !p.trim().is_empty());
    let offered = if names_procedure { state.store.unit_procedures(qr.unit.id, &today()).await? } else { vec![] };
    let offered_ids: Vec<ProcedureId> = offered.iter().map(|p| p.id).collect();
    let submission = match parse_submission(&posted.raw, questionnaire, &offered_ids) {
        Ok(submission) => submission,
        Err(errors) => return form_again(&state, &place, posted, &errors, offered).await,
    };
    let citizen = citizen_stamp(&state, phone, staff, qr.unit.id).await?;
    let response = new_response(&place, *questionnaire_id, &submission, (client, citizen), Via::Qr(qr.code.id));
    let overall = response.overall;
    match state.ingest.insert(response).await? {
        InsertOutcome::Created(id) => {
            tracing::info!(response = %id, unit = qr.unit.id.get(), overall, "response stored");
            state.stored(Channel::Qr, 1);
            Ok(to_thanks(&place.base, locale, false))
        }
        // A phone's rating flagged (the same counter again, past the day's share, a staff browser) is thanked
        // like any other: the rule is for the figures and the managers, not a message to whoever sent it.
        InsertOutcome::Flagged(id, rule) => {
            tracing::info!(response = %id, unit = qr.unit.id.get(), rule = %rule.key(), "response stored, flagged");
            state.stored(Channel::Qr, 1);
            Ok(to_thanks(&place.base, locale, false))
        }
        InsertOutcome::Duplicate(_) => Ok(to_thanks(&place.base, locale, true)),
        InsertOutcome::Conflict => Err(AppError::notice(Notice::Conflict, locale)),
    }
}

/// What a form rates, wherever it was opened: a QR code's or a receipt link's unit, counter and official.
struct Place<'a> {
    unit: &'a Unit,
    counter: Option<&'a Counter>,
    official: Option<&'a Official>,
    /// A receipt's procedure (or none), shown rather than picked; `None` for a QR code's form, which offers the
    /// unit's procedures.
    fixed_procedure: Option<Option<&'a Procedure>>,
    /// `/q/{token}` or `/r/{token}`: the form posts there and its pages hang below it.
    base: String,
}

impl Place<'_> {
    fn of_qr<'a>(qr: &'a QrContext, token: &str) -> Place<'a> {
        Place {
            unit: &qr.unit,
            counter: qr.counter.as_ref(),
            official: qr.official.as_ref(),
            fixed_procedure: None,
            base: format!("/q/{token}"),
        }
    }
}

/// How a rating arrived, for what the response keeps of it.
enum Via {
    Qr(QrCodeId),
    /// A receipt link: its dossier is not kept, only whether it came back on time.
    Receipt {
        on_time: Option<bool>,
    },
}

/// A posted form, once it is one and its sender is within the rate limit — checked before anything else, so a
/// flood costs no database read.
fn admitted(
    state: &AppState,
    client: &ClientHash,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<PostedForm, AppError> {
    let Ok(Form(pairs)) = form else { return Err(AppError::bad_request()) };
    let posted = PostedForm::from_pairs(pairs);
    if !state.limiter.allow_submission(client) {
        return Err(AppError::notice(Notice::RateLimited, posted.locale));
    }
    Ok(posted)
}

/// To the thank-you page; `again` when this very form had arrived before.
fn to_thanks(base: &str, locale: Locale, again: bool) -> Response {
    let lai = if again { "&lai=1" } else { "" };
    Redirect::to(&format!("{base}/cam-on?lang={}{lai}", locale.code())).into_response()
}

/// The form again (422) with the citizen's input and every problem explained.
async fn form_again(
    state: &AppState,
    place: &Place<'_>,
    posted: PostedForm,
    errors: &[SubmissionError],
    offered: Vec<Procedure>,
) -> Result<Response, AppError> {
    let procedures = match (place.fixed_procedure, offered.is_empty()) {
        (None, true) => state.store.unit_procedures(place.unit.id, &today()).await?,
        _ => offered,
    };
    let (_, questionnaire) = state.questionnaires.for_unit(place.unit);
    let locale = posted.locale;
    let view = RateView {
        values: posted.values(),
        errors: messages(errors, locale.texts()),
        ..rate_view(state, place, locale, questionnaire.clone(), procedures)
    };
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(render_rate(view))).into_response())
}

/// `GET /q/{token}/cam-on` — thanks. Checks only the signature: the rating is in, whatever the code's fate.
pub async fn thanks(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<LangQuery>,
) -> Result<Html<String>, AppError> {
    let locale = Locale::parse(query.lang.as_deref());
    crate::domain::token::verify(&state.settings.secret, crate::domain::token::TokenPurpose::Qr, &token)
        .map_err(|_| AppError::notice(Notice::CodeNotFound, locale))?;
    Ok(Html(render_thanks(ThanksView {
        locale,
        duplicate: query.lai.is_some(),
        form_url: Some(format!("/q/{token}?lang={}", locale.code())),
    })))
}

async fn resolve_code(state: &AppState, token: &str, locale: Locale) -> Result<QrContext, AppError> {
    match resolve(&state.store, &state.settings.secret, token).await? {
        Resolve::Found(qr) => Ok(*qr),
        Resolve::Unknown => Err(AppError::notice(Notice::CodeNotFound, locale)),
        Resolve::Revoked => Err(AppError::notice(Notice::CodeRevoked, locale)),
    }
}

fn today() -> String {
    crate::domain::period::local_date(chrono::Utc::now()).to_string()
}

/// The form for a place, empty; callers fill in values and errors. `procedures` are those offered to pick from (a
/// receipt's form shows its own instead).
fn rate_view(
    state: &AppState,
    place: &Place<'_>,
    locale: Locale,
    questionnaire: Questionnaire,
    procedures: Vec<Procedure>,
) -> RateView {
    RateView {
        locale,
        // Not the form's own URL: browsers drop their cached copy of a URL that was just posted to, and Back would
        // fetch a fresh form (a new submission id, so a second response). With `?gui` Back shows the same form, and
        // sending it again is recognised as the same response.
        action: format!("{}?gui", place.base),
        unit_name: place.unit.name.clone(),
        counter_name: place.counter.map(|c| c.name.clone()),
        official: place.official.map(|o| OfficialBadge {
            name: o.full_name.clone(),
            title: o.title.clone(),
            photo_url: o.has_photo.then(|| format!("{}/photo", place.base)),
        }),
        questionnaire,
        procedures: match place.fixed_procedure {
            Some(fixed) => fixed.into_iter().cloned().collect(),
            None => procedures,
        },
        fixed_procedure: place.fixed_procedure.is_some(),
        values: FormValues::default(),
        errors: Vec::new(),
        leptos: (*state.leptos).clone(),
    }
}

fn new_response(
    place: &Place<'_>,
    questionnaire_id: QuestionnaireId,
    s: &Submission,
    (client, citizen): (ClientHash, CitizenStamp),
    via: Via,
) -> NewResponse {
    let now = crate::clock::now();
    // The fingerprint tells a retry from another form under one submission id; a receipt's names its unit, not
    // the dossier, which the response must never be joinable to.
    let (qr_code_id, channel, context, on_time) = match via {
        Via::Qr(code_id) => (Some(code_id), Channel::Qr, code_id.get(), None),
        Via::Receipt { on_time } => (None, Channel::Receipt, place.unit.id.get(), on_time),
    };
    NewResponse {
        submission_id: s.id.as_str().to_owned(),
        fingerprint: s.fingerprint(&[context]),
        unit_id: place.unit.id,
        counter_id: place.counter.map(|c| c.id),
        official_id: place.official.map(|o| o.id),
        procedure_id: s.procedure_id,
        qr_code_id,
        questionnaire_id,
        channel,
        overall: s.overall.score(),
        answers: s.answers.iter().map(|(k, l)| (k.clone(), l.score())).collect(),
        reasons: s.reasons.clone(),
        comment: s.comment.as_ref().map(|c| c.as_str().to_owned()),
        contact_phone: s.contact.as_ref().map(|p| p.as_str().to_owned()),
        client_hash: Some(client.0),
        submitted_at: now,
        received_at: now,
        kiosk: None,
        citizen: Some(citizen),
        on_time,
    }
}
