//! `/admin/users` — staff accounts of one's subtree: list, create (with a temporary password shown once),
//! reset a password, disable or enable. Administrators and unit managers only; a unit manager can neither
//! see nor touch administrators, nor anyone outside their subtree.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use crate::domain::access::{Capability, Role};
use crate::domain::ids::{OfficialId, UnitId, UserId};
use crate::i18n::{Locale, Texts};
use crate::pages::users::{render_users, UserRow, UsersView};
use crate::services::audit::{self, Change};
use crate::services::password;
use crate::store::{NewUser, StoreError, User};
use crate::web::access::{require, Reach};
use crate::web::caller::Staff;
use crate::web::csrf::{CsrfForm, NoFields};
use crate::web::extract::Id;
use crate::web::{AppError, AppState};

pub async fn page(State(state): State<AppState>, staff: Staff) -> Result<Html<String>, AppError> {
    Ok(Html(render_users(view(&state, &staff, None, vec![]).await?)))
}

#[derive(Debug, Default, Deserialize)]
pub struct AccountForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    official_id: String,
}

/// `POST /admin/users` — a new account with a temporary password, shown once.
pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    CsrfForm(form): CsrfForm<AccountForm>,
) -> Result<Response, AppError> {
    require(&staff.principal, Capability::ManageUsers)?;
    let t = Locale::Vi.texts();
    let account = match parse_account(&form, staff.principal.role, t) {
        Ok(account) => account,
        Err(errors) => return refused(&state, &staff, errors).await,
    };
    if let Err(error) = placeable(&state, &staff, &account).await? {
        return refused(&state, &staff, vec![error]).await;
    }
    let temporary = password::temporary();
    let hash = password::hash(&temporary).await?;
    let new = NewUser {
        username: &account.username,
        full_name: &account.full_name,
        password_hash: &hash,
        role: account.role.key(),
        unit_id: account.unit_id,
        official_id: account.official_id,
        must_change_password: true,
    };
    let mut tx = state.store.begin().await?;
    let user = match tx.create_user(new, crate::clock::now()).await {
        Ok(user) => user,
        Err(StoreError::Conflict(_)) => return refused(&state, &staff, vec![t.err_username_taken]).await,
        Err(e) => return Err(e.into()),
    };
    let after = json!({ "username": user.username, "role": user.role, "unit_id": user.unit_id,
        "official_id": user.official_id });
    let change = account_change(&user, "user.create", None, Some(after));
    audit::commit(tx, &staff.principal, change).await?;
    Ok(Html(render_users(view(&state, &staff, Some((user.username, temporary)), vec![]).await?)).into_response())
}

/// Whether the new account may sit where the form puts it: in one's reach, never a peer manager of one's own unit,
/// and an official's account tied to an official of that unit.
async fn placeable(state: &AppState, staff: &Staff, account: &Account) -> Result<Result<(), &'static str>, AppError> {
    let t = Locale::Vi.texts();
    let reach = Reach::of(&state.store, &staff.principal).await?;
    let unit_ok = match account.unit_id {
        Some(unit) => reach.contains(unit) && !is_peer(staff, account.role, unit),
        None => account.role == Role::Administrator,
    };
    if !unit_ok {
        return Ok(Err(t.err_unit));
    }
    let official_ok = match (account.official_id, account.unit_id) {
        (Some(id), Some(unit)) => state.store.officials_in(&[unit]).await?.iter().any(|o| o.id == id),
        (Some(_), None) => false,
        (None, _) => account.role != Role::Official,
    };
    Ok(if official_ok { Ok(()) } else { Err(t.err_official) })
}

/// `POST /admin/users/{id}/reset-password` — a new temporary password, to be changed at next sign-in.
pub async fn reset_password(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<UserId>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let user = managed_user(&state, &staff, id).await?;
    let temporary = password::temporary();
    let hash = password::hash(&temporary).await?;
    let mut tx = state.store.begin().await?;
    tx.set_password(user.id, &hash, true).await?;
    audit::commit(tx, &staff.principal, account_change(&user, "user.reset_password", None, None)).await?;
    Ok(Html(render_users(view(&state, &staff, Some((user.username, temporary)), vec![]).await?)).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct ActiveForm {
    #[serde(default)]
    active: String,
}

/// `POST /admin/users/{id}/active` with `active=1|0` — enable or disable an account.
pub async fn set_active(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<UserId>,
    CsrfForm(form): CsrfForm<ActiveForm>,
) -> Result<Response, AppError> {
    let user = managed_user(&state, &staff, id).await?;
    let active = form.active == "1";
    if user.id == staff.user_id && !active {
        return refused(&state, &staff, vec![Locale::Vi.texts().err_self]).await;
    }
    let (before, after) = (json!({ "active": !user.disabled }), json!({ "active": active }));
    let mut tx = state.store.begin().await?;
    tx.set_user_disabled(user.id, !active).await?;
    audit::commit(tx, &staff.principal, account_change(&user, "user.set_active", Some(before), Some(after))).await?;
    Ok(Redirect::to("/admin/users").into_response())
}

/// `POST /admin/users/{id}/unlock` — lifts the sign-in locks that wrong passwords put on the account, from every
/// client (the owner locked out by someone else's attempts, or by their own).
pub async fn unlock(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<UserId>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let user = managed_user(&state, &staff, id).await?;
    let mut tx = state.store.begin().await?;
    let lifted = tx.unlock_user(user.id).await?;
    let change = account_change(&user, "user.unlock", None, Some(json!({ "locks_lifted": lifted })));
    audit::commit(tx, &staff.principal, change).await?;
    Ok(Redirect::to("/admin/users").into_response())
}

fn account_change(
    user: &User,
    action: &'static str,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Change<'static> {
    Change { unit_id: user.unit_id, action, target: user.username.clone(), before, after }
}

/// The account `id` if this person manages it; otherwise "not found", as if it did not exist.
async fn managed_user(state: &AppState, staff: &Staff, id: UserId) -> Result<User, AppError> {
    require(&staff.principal, Capability::ManageUsers)?;
    let reach = Reach::of(&state.store, &staff.principal).await?;
    let user = state.store.user(id).await?;
    if manages(staff, &reach, &user) {
        Ok(user)
    } else {
        Err(StoreError::NotFound.into())
    }
}

/// A manager manages the accounts below them: roles they may grant, in their reach — but not another manager of
/// their own unit (a peer, or themselves): only a manager above may reset or disable a manager.
fn manages(staff: &Staff, reach: &Reach, user: &User) -> bool {
    let Some(role) = Role::parse(&user.role) else { return false };
    let unit_ok = match user.unit_id {
        Some(unit) => reach.contains(unit) && !is_peer(staff, role, unit),
        None => staff.principal.role == Role::Administrator,
    };
    staff.principal.role.may_grant(role) && unit_ok
}

/// A manager's account at the manager's own unit (administrators have no peers: they manage everyone).
fn is_peer(staff: &Staff, role: Role, unit_id: UnitId) -> bool {
    staff.principal.role != Role::Administrator && role == Role::UnitManager && staff.principal.unit_id == Some(unit_id)
}

async fn refused(state: &AppState, staff: &Staff, errors: Vec<&'static str>) -> Result<Response, AppError> {
    let view = view(state, staff, None, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render_users(view))).into_response())
}

async fn view(
    state: &AppState,
    staff: &Staff,
    created: Option<(String, String)>,
    errors: Vec<&'static str>,
) -> Result<UsersView, AppError> {
    require(&staff.principal, Capability::ManageUsers)?;
    let reach = Reach::of(&state.store, &staff.principal).await?;
    let unit_name = |id: Option<i64>| {
        id.and_then(|id| reach.units.iter().find(|u| u.id == UnitId::new(id))).map(|u| u.name.clone())
    };
    let locked = state.store.locked_users(crate::clock::now()).await?;
    let users = state
        .store
        .users()
        .await?
        .into_iter()
        .filter(|u| manages(staff, &reach, u))
        .map(|u| UserRow {
            id: u.id.get(),
            role: Role::parse(&u.role).map(Role::name_vi).unwrap_or_default().to_owned(),
            unit: unit_name(u.unit_id.map(UnitId::get)).unwrap_or_default(),
            active: !u.disabled,
            locked: locked.contains(&u.id.get()),
            username: u.username,
            full_name: u.full_name,
        })
        .collect();
    let unit_ids: Vec<UnitId> = reach.units.iter().map(|u| u.id).collect();
    let officials = state.store.officials_in(&unit_ids).await?;
    Ok(UsersView {
        staff: staff.bar(),
        users,
        roles: Role::ALL.into_iter().filter(|r| staff.principal.role.may_grant(*r)).collect(),
        units: reach.units.iter().map(|u| (u.id.get(), u.name.clone())).collect(),
        officials: officials
            .into_iter()
            .map(|o| {
                (o.id.get(), format!("{} — {}", o.full_name, unit_name(Some(o.unit_id.get())).unwrap_or_default()))
            })
            .collect(),
        created,
        errors,
    })
}

/// A new account as typed, checked for shape (scope checks need the database and come after).
#[derive(Debug, PartialEq, Eq)]
struct Account {
    username: String,
    full_name: String,
    role: Role,
    unit_id: Option<UnitId>,
    official_id: Option<OfficialId>,
}

fn parse_account(form: &AccountForm, granter: Role, t: &Texts) -> Result<Account, Vec<&'static str>> {
    let mut errors = Vec::new();
    let username = form.username.trim().to_lowercase();
    let username_ok = (3..=32).contains(&username.len())
        && username.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    if !username_ok {
        errors.push(t.err_username);
    }
    let full_name = form.full_name.trim().to_owned();
    if full_name.is_empty() || full_name.chars().count() > 100 {
        errors.push(t.err_full_name);
    }
    let role = Role::parse(&form.role).filter(|r| granter.may_grant(*r));
    if role.is_none() {
        errors.push(t.err_role);
    }
    match role {
        Some(role) if errors.is_empty() => {
            let (unit_id, official_id) = (form.unit_id.trim().parse().ok(), form.official_id.trim().parse().ok());
            Ok(Account { username, full_name, role, unit_id, official_id })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(username: &str, role: &str) -> AccountForm {
        AccountForm {
            username: username.into(),
            full_name: "Trần Văn B".into(),
            role: role.into(),
            unit_id: "3".into(),
            official_id: String::new(),
        }
    }

    #[test]
    fn user_names_are_lower_cased_and_plain() {
        let t = Locale::Vi.texts();
        let account = parse_account(&form(" ChuTich.XaA ", "leader"), Role::UnitManager, t).unwrap();
        assert_eq!(
            (account.username.as_str(), account.role, account.unit_id),
            ("chutich.xaa", Role::Leader, Some(UnitId::new(3)))
        );
        assert_eq!(parse_account(&form("chủ tịch", "leader"), Role::UnitManager, t), Err(vec![t.err_username]));
        assert_eq!(parse_account(&form("ab", "leader"), Role::UnitManager, t), Err(vec![t.err_username]));
    }

    #[test]
    fn a_unit_manager_cannot_create_an_administrator() {
        let t = Locale::Vi.texts();
        assert_eq!(parse_account(&form("boss", "administrator"), Role::UnitManager, t), Err(vec![t.err_role]));
        assert!(parse_account(&form("boss", "administrator"), Role::Administrator, t).is_ok());
    }
}
