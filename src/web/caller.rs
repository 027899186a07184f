//! Who is calling. Today: a signed-in staff member, by their session (tower-sessions, stored in the database),
//! which carries the user id, the credentials version it signed in with, and a CSRF token. The kiosk device
//! and API-key callers of later features authenticate beside it, here, each as its own extractor.

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use tower_sessions::Session;

use super::{csrf, AppError, AppState};
use crate::domain::access::{Capability, Principal, Role};
use crate::pages::StaffBar;
use crate::store::User;

const SESSION_USER_ID: &str = "user_id";
/// All that an account with a temporary password reaches.
const TEMPORARY_PASSWORD_REACHES: [&str; 2] = ["/account/password", "/logout"];
/// The account's credentials version when the session signed in (see `User::credentials_version`).
const SESSION_CREDENTIALS: &str = "credentials_version";

/// A signed-in staff member: who they are and the CSRF token their forms must carry. Without one, a page
/// sends the visitor to sign in (and back after), the API answers 401.
pub struct Staff {
    pub principal: Principal,
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
        match signed_in(parts, state).await {
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
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Self>, Self::Rejection> {
        Ok(signed_in(parts, state).await)
    }
}

async fn signed_in(parts: &mut Parts, state: &AppState) -> Option<Staff> {
    let session = Session::from_request_parts(parts, state).await.ok()?;
    let user_id: i64 = session.get(SESSION_USER_ID).await.ok().flatten()?;
    let version: i64 = session.get(SESSION_CREDENTIALS).await.ok().flatten()?;
    let user = state.store.user(user_id).await.ok().filter(|u| !u.disabled && u.credentials_version == version)?;
    let principal = principal_of(&user)?;
    let csrf = csrf::page_token(&session).await?;
    Some(Staff { principal, full_name: user.full_name, csrf, must_change_password: user.must_change_password })
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

/// A new session id and a new CSRF token at sign-in, so anything planted before sign-in is worthless after.
pub async fn start_session(session: &Session, user: &User) -> Result<(), AppError> {
    session.cycle_id().await.map_err(AppError::session)?;
    session.insert(SESSION_USER_ID, user.id).await.map_err(AppError::session)?;
    session.insert(SESSION_CREDENTIALS, user.credentials_version).await.map_err(AppError::session)?;
    csrf::renew_token(session).await?;
    Ok(())
}
