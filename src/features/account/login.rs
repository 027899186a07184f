//! `GET|POST /login`, `POST /logout`. Wrong user names and wrong passwords look and time the same; five failures
//! in a row lock an account for fifteen minutes.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use tower_sessions::Session;

use crate::i18n::Locale;
use crate::pages::login::{render_login, LoginView};
use crate::pages::notice::Notice;
use crate::services::password;
use crate::web::caller::start_session;
use crate::web::client::ClientHash;
use crate::web::csrf::{self, CsrfForm, NoFields};
use crate::web::{AppError, AppState};

const LOCK_AFTER_FAILURES: i64 = 5;
const LOCK_MS: i64 = 15 * 60 * 1000;

#[derive(Debug, Default, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

/// `GET /login`. Gives the visitor a session with a CSRF token, so the login form is protected too.
pub async fn login_page(session: Session, Query(query): Query<NextQuery>) -> Result<Html<String>, AppError> {
    let csrf = csrf::ensure_token(&session).await?;
    let view = LoginView { next: safe_next(query.next.as_deref()), failed: false, username: String::new(), csrf };
    Ok(Html(render_login(view)))
}

/// `POST /login`. Rate-limited per client; the same answer for an unknown name, a wrong password, a
/// locked or a disabled account.
pub async fn login(
    State(state): State<AppState>,
    client: ClientHash,
    session: Session,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, AppError> {
    let next = safe_next(form.next.as_deref());
    if !state.limiter.allow_login(&client) {
        return Err(AppError::notice(Notice::RateLimited, Locale::Vi));
    }
    let now = Utc::now().timestamp_millis();
    let user = state.store.user_by_username(form.username.trim()).await?;
    let password_ok = password::verify(user.as_ref().map(|u| u.password_hash.as_str()), &form.password).await;
    let usable = user.as_ref().filter(|u| !u.disabled && u.locked_until.is_none_or(|until| until <= now));
    let Some(user) = usable.filter(|_| password_ok) else {
        if let Some(user) = &user {
            state.store.record_failed_login(user.id, LOCK_AFTER_FAILURES, now + LOCK_MS).await?;
        }
        tracing::warn!(client = %client.0, "failed login");
        let csrf = csrf::ensure_token(&session).await?;
        let view = LoginView { next, failed: true, username: form.username, csrf };
        return Ok((StatusCode::UNAUTHORIZED, Html(render_login(view))).into_response());
    };
    state.store.record_successful_login(user.id).await?;
    start_session(&session, user).await?;
    tracing::info!(user = %user.username, "signed in");
    let target = if user.must_change_password { "/account/password".to_owned() } else { next };
    Ok(Redirect::to(&target).into_response())
}

pub async fn logout(session: Session, CsrfForm(NoFields {}): CsrfForm<NoFields>) -> Redirect {
    if let Err(e) = session.flush().await {
        tracing::warn!(error = %e, "session flush failed");
    }
    Redirect::to("/login")
}

/// Only local paths: a login link must not bounce anyone to another site.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/dashboard".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_must_stay_on_this_site() {
        assert_eq!(safe_next(Some("/admin")), "/admin");
        assert_eq!(safe_next(Some("//evil.example")), "/dashboard");
        assert_eq!(safe_next(Some("https://evil.example")), "/dashboard");
        assert_eq!(safe_next(None), "/dashboard");
    }
}
