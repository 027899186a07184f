//! `GET|POST /account/password` — a signed-in person changes their own password.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;
use tower_sessions::Session;

use crate::i18n::Locale;
use crate::pages::account::{render_password, PasswordView};
use crate::services::audit;
use crate::services::password::{self, Weakness};
use crate::web::caller::{start_session, Staff};
use crate::web::client::ClientHash;
use crate::web::csrf::CsrfForm;
use crate::web::{AppError, AppState};

pub async fn page(State(state): State<AppState>, staff: Staff) -> Result<Html<String>, AppError> {
    let forced = state.store.user(staff.user_id).await?.must_change_password;
    Ok(Html(render_password(PasswordView { staff: staff.bar(), forced, done: false, errors: vec![] })))
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

pub async fn change(
    State(state): State<AppState>,
    staff: Staff,
    client: ClientHash,
    session: Session,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, AppError> {
    let t = Locale::Vi.texts();
    let user = state.store.user(staff.user_id).await?;
    let mut errors = Vec::new();
    if !password::verify(Some(&user.password_hash), &form.current).await {
        errors.push(t.err_current_password);
    }
    match password::check_new(&form.new, &form.confirm) {
        Err(Weakness::TooShort) => errors.push(t.err_password_short),
        Err(Weakness::Mismatch) => errors.push(t.err_password_mismatch),
        Ok(()) => {}
    }
    if !errors.is_empty() {
        let view = PasswordView { staff: staff.bar(), forced: user.must_change_password, done: false, errors };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render_password(view))).into_response());
    }
    let hash = password::hash(&form.new).await?;
    let mut tx = state.store.begin().await?;
    tx.set_password(user.id, &hash, false).await?;
    tx.audit(audit::account_event(&user, "password.change", &client.0, Utc::now().timestamp_millis())).await?;
    tx.commit().await?;
    // A new session id and credentials version: every other session of this account (a stolen cookie) is out.
    start_session(&session, &state.store.user(user.id).await?).await?;
    tracing::info!(user = %user.username, "password changed");
    let csrf = crate::web::csrf::page_token(&session).await.unwrap_or_default();
    let staff = Staff { csrf, must_change_password: false, ..staff };
    Ok(Html(render_password(PasswordView { staff: staff.bar(), forced: false, done: true, errors: vec![] }))
        .into_response())
}
