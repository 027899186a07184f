//! `GET|POST /login`, `POST /logout`. Wrong user names and wrong passwords look and time the same; five failures
//! in a row lock an account for fifteen minutes. An official who signs in gets their duty PIN back at every tablet.

use crate::domain::time::Timestamp;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use chrono::Utc;
use serde::Deserialize;
use tower_sessions::Session;

use crate::i18n::Locale;
use crate::pages::login::{render_login, LoginView};
use crate::pages::notice::Notice;
use crate::services::{audit, kiosk, password};
use crate::store::User;
use crate::web::caller::{start_session, Staff};
use crate::web::client::ClientHash;
use crate::web::csrf;
use crate::web::extract::cookie;
use crate::web::extract::Query;
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
    #[serde(default)]
    csrf: String,
    next: Option<String>,
}

/// `GET /login`. Writes nothing anywhere: the form's token is signed and bound to a cookie of this browser.
pub async fn login_page(State(state): State<AppState>, Query(query): Query<NextQuery>) -> Response {
    let view = LoginView { next: safe_next(query.next.as_deref()), failed: false, username: String::new(), csrf: "" };
    login_form(&state, None, StatusCode::OK, view)
}

/// `POST /login`. Rate-limited per client; the same answer for an unknown name, a wrong password, a locked
/// or a disabled account. Every outcome for a known account is audited with the client's hash.
pub async fn login(
    State(state): State<AppState>,
    client: ClientHash,
    session: Session,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let now = crate::clock::now();
    let nonce = login_cookie(&headers);
    if !csrf::login_token_valid(&state.settings.secret, nonce.as_deref(), &form.csrf, now.millis()) {
        return Err(csrf::expired_form());
    }
    if !state.limiter.allow_login(&client) {
        return Err(AppError::notice(Notice::RateLimited, Locale::Vi));
    }
    let user = state.store.user_by_username(form.username.trim()).await?;
    let locked = match &user {
        Some(user) => state.store.login_locked(user.id, &client.0, now).await?,
        None => false,
    };
    // A locked pair still costs a hash, so that timing tells nothing; its failures are not counted.
    let password_ok = password::verify(user.as_ref().map(|u| u.password_hash.as_str()), &form.password).await;
    match user {
        Some(user) if password_ok && !locked && !user.disabled => {
            signed_in(&state, &session, &client, user, now.millis(), safe_next(form.next.as_deref())).await
        }
        user => refused(&state, nonce, &client, form, user.filter(|_| !locked), now.millis()).await,
    }
}

async fn signed_in(
    state: &AppState,
    session: &Session,
    client: &ClientHash,
    user: User,
    now: i64,
    next: String,
) -> Result<Response, AppError> {
    let mut tx = state.store.begin().await?;
    tx.clear_failed_logins(user.id, &client.0).await?;
    tx.audit(audit::account_event(&user, "login", &client.0, now)).await?;
    kiosk::unlock_pins_on_sign_in(&mut tx, &user, now).await?;
    tx.commit().await?;
    start_session(session, &user).await?;
    tracing::info!(user = %user.username, "signed in");
    let target = if user.must_change_password { "/account/password".to_owned() } else { next };
    Ok(Redirect::to(&target).into_response())
}

async fn refused(
    state: &AppState,
    nonce: Option<String>,
    client: &ClientHash,
    form: LoginForm,
    counted: Option<User>,
    now: i64,
) -> Result<Response, AppError> {
    if let Some(user) = counted {
        let mut tx = state.store.begin().await?;
        let locks = tx
            .record_failed_login(user.id, &client.0, (LOCK_AFTER_FAILURES, now + LOCK_MS), Timestamp::from_millis(now))
            .await?;
        tx.audit(audit::account_event(&user, "login.failed", &client.0, now)).await?;
        if locks {
            tx.audit(audit::account_event(&user, "login.locked", &client.0, now)).await?;
        }
        tx.commit().await?;
    }
    tracing::warn!(client = %client.0, "failed login");
    let next = safe_next(form.next.as_deref());
    let view = LoginView { next, failed: true, username: form.username, csrf: "" };
    Ok(login_form(state, nonce, StatusCode::UNAUTHORIZED, view))
}

/// The login page with a fresh token; the browser's nonce cookie is set when it has none yet.
fn login_form(state: &AppState, nonce: Option<String>, status: StatusCode, view: LoginView<'_>) -> Response {
    let (nonce, set_cookie) = match nonce {
        Some(nonce) => (nonce, None),
        None => {
            let nonce = hex::encode(rand::random::<[u8; 16]>());
            let secure = if state.settings.cookie_secure { "; Secure" } else { "" };
            let cookie =
                format!("{}={nonce}; Path=/login; HttpOnly; SameSite=Strict; Max-Age=7200{secure}", csrf::LOGIN_COOKIE);
            (nonce, Some(cookie))
        }
    };
    let token = csrf::login_token(&state.settings.secret, &nonce, Utc::now().timestamp_millis());
    let mut response = (status, Html(render_login(LoginView { csrf: &token, ..view }))).into_response();
    if let Some(value) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

fn login_cookie(headers: &HeaderMap) -> Option<String> {
    cookie(headers, csrf::LOGIN_COOKIE)
}

/// `POST /logout`. Without a session there is nothing to end (and no token to check): back to the login page.
pub async fn logout(
    State(state): State<AppState>,
    staff: Option<Staff>,
    client: ClientHash,
    session: Session,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    if let Some(staff) = staff {
        let given = form.iter().find(|(name, _)| name == "csrf").map(|(_, value)| value.as_str());
        csrf::check(&session, given).await?;
        let user = state.store.user(staff.user_id).await?;
        let mut tx = state.store.begin().await?;
        tx.audit(audit::account_event(&user, "logout", &client.0, Utc::now().timestamp_millis())).await?;
        tx.commit().await?;
    }
    if let Err(e) = session.flush().await {
        tracing::warn!(error = %e, "session flush failed");
    }
    Ok(Redirect::to("/login"))
}

/// Only a path of this site: a login link must not bounce anyone elsewhere. Browsers drop tabs and newlines from
/// URLs (`/\t/evil` is `//evil`), and a control character cannot go into a `Location` header at all.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && n.len() <= 2000
                && !n.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace()) =>
        {
            n.to_owned()
        }
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
        for sneaky in
            ["/\t/evil.example", "/\n/evil.example", "/\\evil.example", "/ /x", "/\u{7f}x", "/\r\nSet-Cookie: a=b"]
        {
            assert_eq!(safe_next(Some(sneaky)), "/dashboard", "{sneaky:?}");
        }
        assert_eq!(safe_next(Some("/dashboard?unit=2&period=7d")), "/dashboard?unit=2&period=7d");
    }
}
