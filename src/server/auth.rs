//! Signing in and who is signed in. Accounts live in the database with argon2 hashes; the session
//! (tower-sessions, stored in the database) carries the user id and a CSRF token, both renewed at login.
//! Wrong user names and wrong passwords look and time the same; five failures in a row lock an account
//! for fifteen minutes.

use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use tower_sessions::Session;

use super::client::ClientHash;
use super::csrf::{self, CsrfForm};
use super::error::Notice;
use super::{password, AppError, AppState};
use crate::domain::access::{Principal, Role};
use crate::i18n::Locale;
use crate::pages::login::{render_login, LoginView};
use crate::store::User;

const SESSION_USER_ID: &str = "user_id";
/// The account's credentials version when the session signed in (see `User::credentials_version`).
const SESSION_CREDENTIALS: &str = "credentials_version";
const LOCK_AFTER_FAILURES: i64 = 5;
const LOCK_MS: i64 = 15 * 60 * 1000;

/// A signed-in staff member: who they are and the CSRF token their forms must carry.
pub struct Staff {
    pub principal: Principal,
    pub full_name: String,
    pub csrf: String,
}

impl Staff {
    /// What the top bar of a staff page shows.
    pub fn bar(&self) -> crate::pages::StaffBar {
        crate::pages::StaffBar {
            name: self.full_name.clone(),
            csrf: self.csrf.clone(),
            manages: self.principal.role.allows(crate::domain::access::Capability::ManageCatalogue),
        }
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    /// On pages, strangers are sent to the login page (and come back after).
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(staff) = signed_in(parts, state).await {
            return Ok(staff);
        }
        let next = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/dashboard");
        Err(Redirect::to(&format!("/login?next={}", urlencode(next))).into_response())
    }
}

/// The same for the JSON API: 401 with a JSON body instead of a redirect.
pub struct ApiStaff(pub Principal);

impl FromRequestParts<AppState> for ApiStaff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match signed_in(parts, state).await {
            Some(staff) => Ok(ApiStaff(staff.principal)),
            None => Err(super::api::ApiError::Unauthorized.into_response()),
        }
    }
}

async fn signed_in(parts: &mut Parts, state: &AppState) -> Option<Staff> {
    let session = Session::from_request_parts(parts, state).await.ok()?;
    let user_id: i64 = session.get(SESSION_USER_ID).await.ok().flatten()?;
    let version: i64 = session.get(SESSION_CREDENTIALS).await.ok().flatten()?;
    let user = state.store.user(user_id).await.ok().filter(|u| !u.is_disabled() && u.credentials_version == version)?;
    let principal = principal_of(&user)?;
    let csrf = csrf::token(&session).await?;
    Some(Staff { principal, full_name: user.full_name, csrf })
}

pub fn principal_of(user: &User) -> Option<Principal> {
    Some(Principal {
        user_id: user.id,
        username: user.username.clone(),
        role: Role::parse(&user.role)?,
        unit_id: user.unit_id,
        official_id: user.official_id,
    })
}

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
    let password_ok = password::verify(user.as_ref().map(|u| u.password_hash.as_str()), &form.password);
    let usable = user.as_ref().filter(|u| !u.is_disabled() && u.locked_until.is_none_or(|until| until <= now));
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
    let target = if user.must_change_password() { "/account/password".to_owned() } else { next };
    Ok(Redirect::to(&target).into_response())
}

/// A new session id and a new CSRF token at login, so anything planted before sign-in is worthless after.
pub async fn start_session(session: &Session, user: &User) -> Result<(), AppError> {
    session.cycle_id().await.map_err(session_failure)?;
    session.insert(SESSION_USER_ID, user.id).await.map_err(session_failure)?;
    session.insert(SESSION_CREDENTIALS, user.credentials_version).await.map_err(session_failure)?;
    csrf::renew_token(session).await?;
    Ok(())
}

#[derive(Debug, Deserialize)]
pub struct NoFields {}

pub async fn logout(session: Session, CsrfForm(NoFields {}): CsrfForm<NoFields>) -> Redirect {
    if let Err(e) = session.flush().await {
        tracing::warn!(error = %e, "session flush failed");
    }
    Redirect::to("/login")
}

pub fn session_failure(e: tower_sessions::session::Error) -> AppError {
    tracing::error!(error = %e, "session store failure");
    AppError::notice(Notice::Unavailable, Locale::Vi)
}

/// Only local paths: a login link must not bounce anyone to another site.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/dashboard".to_owned(),
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
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

    #[test]
    fn next_survives_the_round_trip_through_the_query() {
        assert_eq!(urlencode("/dashboard?unit=2&period=7d"), "/dashboard%3Funit%3D2%26period%3D7d");
    }
}
