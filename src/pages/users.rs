//! Staff accounts: the list with its actions, and the form for a new account.

use leptos::prelude::*;

use super::{document, CsrfField, Document, ErrorList, StaffBar, StaffHeader};
use crate::domain::access::Role;
use crate::i18n::Locale;

pub struct UsersView {
    pub staff: StaffBar,
    pub users: Vec<UserRow>,
    /// Roles this person may grant.
    pub roles: Vec<Role>,
    pub units: Vec<(i64, String)>,
    pub officials: Vec<(i64, String)>,
    /// A just-created or reset account and its temporary password, shown this once.
    pub created: Option<(String, String)>,
    pub errors: Vec<&'static str>,
}

pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub role: String,
    pub unit: String,
    pub active: bool,
    /// Some client is locked out of it after wrong passwords; a manager may lift that.
    pub locked: bool,
}

pub fn render_users(v: UsersView) -> String {
    let t = Locale::Vi.texts();
    let csrf = v.staff.csrf.clone();
    let created = v.created.map(|(username, password)| {
        view! {
            <div class="success" role="status">
                <p>{t.temporary_password}</p>
                <p><strong>{username}</strong>" · "<code class="temporary-password">{password}</code></p>
            </div>
        }
    });
    let errors = view! { <ErrorList errors=v.errors/> };
    let rows = v.users.into_iter().map(|u| user_row(u, &csrf)).collect_view();
    let new_user = new_user_form(&v.roles, &v.units, &v.officials, &csrf);
    document(
        Document { title: t.users_title, locale: Locale::Vi, islands: None, body_class: "staff", web_app: false },
        view! {
            <StaffHeader bar=v.staff.clone()/>
            <main class="admin">
                <h1>{t.users_title}</h1>
                {created}
                {errors}
                <section class="panel">
                    <table class="grid">
                        <thead><tr><th>{t.username}</th><th>{t.role}</th><th>{t.unit}</th><th>{t.status}</th><th></th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </section>
                {new_user}
            </main>
        },
    )
}

/// An account: who, role, unit, state, and resetting its password, turning it off or on, lifting a lock.
fn user_row(u: UserRow, csrf: &str) -> impl IntoView {
    let t = Locale::Vi.texts();
    let (next, label) = if u.active { ("0", t.disable) } else { ("1", t.enable) };
    view! {
        <tr>
            <td><strong>{u.username}</strong><br/><small class="muted">{u.full_name}</small></td>
            <td>{u.role}</td>
            <td>{u.unit}</td>
            <td>
                {if u.active { t.active } else { t.disabled }}
                {u.locked.then(|| view! { <br/><small class="level-chua-tot-text">{t.login_locked}</small> })}
            </td>
            <td class="actions">
                <form method="post" action=format!("/admin/users/{}/reset-password", u.id)>
                    <CsrfField token=csrf.to_owned()/>
                    <button type="submit" class="button small">{t.reset_password}</button>
                </form>
                <form method="post" action=format!("/admin/users/{}/active", u.id)>
                    <CsrfField token=csrf.to_owned()/>
                    <input type="hidden" name="active" value=next/>
                    <button type="submit" class="button small">{label}</button>
                </form>
                {u.locked.then(|| view! {
                    <form method="post" action=format!("/admin/users/{}/unlock", u.id)>
                        <CsrfField token=csrf.to_owned()/>
                        <button type="submit" class="button small">{t.unlock}</button>
                    </form>
                })}
            </td>
        </tr>
    }
}

fn new_user_form(roles: &[Role], units: &[(i64, String)], officials: &[(i64, String)], csrf: &str) -> impl IntoView {
    let t = Locale::Vi.texts();
    let role_options = roles.iter().map(|r| view! { <option value=r.key()>{t.role(*r)}</option> }).collect_view();
    let options = |choices: &[(i64, String)]| {
        choices.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view()
    };
    view! {
        <section class="panel">
            <h2>{t.new_user}</h2>
            <form method="post" action="/admin/users" class="form-grid">
                <CsrfField token=csrf.to_owned()/>
                <label class="field">{t.username}<input name="username" required=true autocomplete="off"/></label>
                <label class="field">{t.full_name}<input name="full_name" required=true/></label>
                <label class="field">{t.role}<select name="role">{role_options}</select></label>
                <label class="field">{t.unit}<select name="unit_id"><option value="">{t.none_option}</option>{options(units)}</select></label>
                <label class="field">{t.official}<select name="official_id"><option value="">{t.none_option}</option>{options(officials)}</select></label>
                <button type="submit" class="button primary">{t.new_user}</button>
            </form>
        </section>
    }
}
