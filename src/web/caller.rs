//! Who is calling. Today: a signed-in staff member, by their session (tower-sessions, stored in the database),
//! which carries the user id, the credentials version it signed in with, and a CSRF token. The kiosk device
//! and API-key callers of later features authenticate beside it, here, each as its own extractor.

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use tower_sessions::Session;

use super::{csrf, AppError, AppState};
use crate::domain::access::{Capability, Principal, Role};
use crate::domain::ids::UserId;
use crate::pages::StaffBar;
use crate::store::{StoreError, User};

const SESSION_USER_ID: &str = "user_id";
/// All that an account with a temporary password reaches.
const TEMPORARY_PASSWORD_REACHES: [&str; 2] = ["/account/password", "/logout"];
/// The account's credentials version when the session signed in (see `User::credentials_version`).
const SESSION_CREDENTIALS: &str = "credentials_version";

/// A signed-in staff member: who they are and the CSRF token their forms must carry. Without one, a page
/// sends the visitor to sign in (and back after), the API answers 401.
pub struct Staff {
    pub principal: Principal,
    pub user_id: UserId,
    pub full_name: String,
    /// The CSRF token for this page's forms (masked afresh for every response).
    pub csrf: String,
    /// Signed in with a temporary password: only the change-password page (and signing out) until it is replaced.
    pub must_change_password: bool,
}

impl Staff {
    /// What the top bar of a staff page shows.
    pub fn bar(&self) -> StaffBar {
        StaffBar {
            name: self.full_name.clone(),
            csrf: self.csrf.clone(),
            manages: self.principal.role.allows(Capability::ManageCatalogue),
            reports: self.principal.role.allows(Capability::ViewUnitResults),
        }
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match signed_in(parts, state).await? {
            Some(staff) if staff.must_change_password && !TEMPORARY_PASSWORD_REACHES.contains(&parts.uri.path()) => {
                Err(AppError::PasswordChangeRequired)
            }
            Some(staff) => Ok(staff),
            None => {
                let next = parts.uri.path_and_query().map_or("/dashboard", |p| p.as_str()).to_owned();
                Err(AppError::SignIn { next })
            }
        }
    }
}

/// `Option<Staff>`: whoever is signed in, if anyone (signing out works for both).
impl OptionalFromRequestParts<AppState> for Staff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Self>, Self::Rejection> {
        signed_in(parts, state).await
    }
}

/// Whoever is signed in, if anyone. Sessions and accounts that cannot be read (the database is down) are an error —
/// 503, the page says to try again — never "not signed in": an outage must not sign anyone out.
async fn signed_in(parts: &mut Parts, state: &AppState) -> Result<Option<Staff>, AppError> {
    let Ok(session) = Session::from_request_parts(parts, state).await else { return Ok(None) };
    let (Some(user_id), Some(version)) =
        (stored::<i64>(&session, SESSION_USER_ID).await?, stored::<i64>(&session, SESSION_CREDENTIALS).await?)
    else {
        return Ok(None);
    };
    let user = match state.store.user(UserId::new(user_id)).await {
        Ok(user) if !user.disabled && user.credentials_version == version => user,
        Ok(_) | Err(StoreError::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let (Some(principal), Some(csrf)) = (principal_of(&user), csrf::page_token(&session).await) else {
        return Ok(None);
    };
    Ok(Some(Staff {
        principal,
        user_id: user.id,
        full_name: user.full_name,
        csrf,
        must_change_password: user.must_change_password,
    }))
}

/// A session value: none when absent or unreadable (a value of an older shape), an error when the store is down.
async fn stored<T: serde::de::DeserializeOwned>(session: &Session, key: &str) -> Result<Option<T>, AppError> {
    match session.get(key).await {
        Ok(value) => Ok(value),
        Err(tower_sessions::session::Error::SerdeJson(_)) => Ok(None),
        Err(e) => Err(AppError::session(e)),
    }
}

pub fn principal_of(user: &User) -> Option<Principal> {
    Some(Principal {
        user_id: Some(user.id),
        username: user.username.clone(),
        role: Role::parse(&user.role)?,
        unit_id: user.unit_id,
        official_id: user.official_id,
    })
}

/// A new session id and a new CSRF token at sign-in, so anything planted before sign-in is worthless after.
pub async fn start_session(session: &Session, user: &User) -> Result<(), AppError> {
    session.cycle_id().await.map_err(AppError::session)?;
    session.insert(SESSION_USER_ID, user.id).await.map_err(AppError::session)?;
    session.insert(SESSION_CREDENTIALS, user.credentials_version).await.map_err(AppError::session)?;
    csrf::renew_token(session).await?;
    Ok(())
}
