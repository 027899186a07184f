//! Signing in. One administrator account from configuration for now; its password is kept only as an
//! argon2 hash in memory. The session (tower-sessions) carries the user name, rotated at login.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use tower_sessions::Session;

use super::client::ClientHash;
use super::AppState;
use crate::pages::login::{render_login, LoginView};

const SESSION_USER: &str = "staff_user";

pub struct AdminCredentials {
    pub user: String,
    password_hash: String,
}

impl AdminCredentials {
    pub fn new(user: String, password: &str) -> Result<AdminCredentials, argon2::password_hash::Error> {
        let salt = SaltString::generate(&mut OsRng);
        let password_hash = Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string();
        Ok(AdminCredentials { user, password_hash })
    }

    /// Always runs the hash check, whatever the user name, so timing tells nothing about which was wrong.
    fn verify(&self, user: &str, password: &str) -> bool {
        let hash_ok = PasswordHash::new(&self.password_hash)
            .map(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
            .unwrap_or(false);
        hash_ok && user == self.user
    }
}

/// A signed-in staff member. As an extractor on pages it sends strangers to the login page.
pub struct Staff {
    pub user: String,
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(user) = signed_in_user(parts, state).await {
            return Ok(Staff { user });
        }
        let next = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/dashboard");
        let target = format!("/login?next={}", urlencode(next));
        Err(Redirect::to(&target).into_response())
    }
}

/// The same check for the JSON API: 401 with a JSON body instead of a redirect.
pub struct ApiStaff;

impl FromRequestParts<AppState> for ApiStaff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match signed_in_user(parts, state).await {
            Some(_) => Ok(ApiStaff),
            None => Err(super::api::ApiError::Unauthorized.into_response()),
        }
    }
}

async fn signed_in_user(parts: &mut Parts, state: &AppState) -> Option<String> {
    let session = Session::from_request_parts(parts, state).await.ok()?;
    session.get::<String>(SESSION_USER).await.ok().flatten()
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

pub async fn login_page(Query(query): Query<NextQuery>) -> Html<String> {
    Html(render_login(LoginView { next: safe_next(query.next.as_deref()), failed: false, username: String::new() }))
}

/// `POST /login`. Rate-limited per client; the same message for any wrong user or password.
pub async fn login(
    State(state): State<AppState>,
    client: ClientHash,
    session: Session,
    Form(form): Form<LoginForm>,
) -> Response {
    let next = safe_next(form.next.as_deref());
    if !state.limiter.allow_login(&client) {
        return super::AppError::notice(super::error::Notice::RateLimited, crate::i18n::Locale::Vi).into_response();
    }
    if !state.settings.admin.verify(&form.username, &form.password) {
        tracing::warn!(client = %client.0, "failed login");
        let view = LoginView { next, failed: true, username: form.username };
        return (StatusCode::UNAUTHORIZED, Html(render_login(view))).into_response();
    }
    // A new session id at login, so an id planted before sign-in is worthless after it.
    if let Err(e) = session.cycle_id().await {
        tracing::error!(error = %e, "session rotation failed");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    if let Err(e) = session.insert(SESSION_USER, &form.username).await {
        tracing::error!(error = %e, "session write failed");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    tracing::info!(user = %form.username, "signed in");
    Redirect::to(&next).into_response()
}

pub async fn logout(session: Session) -> Redirect {
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
    fn credentials_check_both_name_and_password() {
        let admin = AdminCredentials::new("admin".into(), "s3cret-pass").unwrap();
        assert!(admin.verify("admin", "s3cret-pass"));
        assert!(!admin.verify("admin", "wrong"));
        assert!(!admin.verify("someone", "s3cret-pass"));
    }
}
