//! The signed-in person's own account: changing the password (required after a reset).

use leptos::prelude::*;

use super::{document, CsrfField, Document, ErrorList, StaffBar, StaffHeader};
use crate::i18n::Locale;

pub struct PasswordView {
    pub staff: StaffBar,
    /// A reset password must be replaced before anything else.
    pub forced: bool,
    pub done: bool,
    pub errors: Vec<&'static str>,
}

pub fn render_password(v: PasswordView) -> String {
    let t = Locale::Vi.texts();
    let errors = view! { <ErrorList errors=v.errors/> };
    document(
        Document {
            title: t.change_password,
            locale: Locale::Vi,
            islands: None,
            body_class: "staff narrow",
            web_app: false,
        },
        view! {
            <StaffHeader bar=v.staff.clone()/>
            <main class="card">
                <h1>{t.change_password}</h1>
                {v.forced.then(|| view! { <p class="error-summary">{t.must_change_password}</p> })}
                {v.done.then(|| view! { <p class="success" role="status">{t.password_changed}</p> })}
                {errors}
                <form method="post" action="/account/password">
                    <CsrfField token=v.staff.csrf.clone()/>
                    <label class="field" for="current">{t.current_password}</label>
                    <input id="current" name="current" type="password" autocomplete="current-password" required=true/>
                    <label class="field" for="new">{t.new_password}</label>
                    <input id="new" name="new" type="password" autocomplete="new-password" minlength="10" required=true/>
                    <label class="field" for="confirm">{t.confirm_password}</label>
                    <input id="confirm" name="confirm" type="password" autocomplete="new-password" minlength="10" required=true/>
                    <button type="submit" class="button primary">{t.change_password}</button>
                </form>
            </main>
        },
    )
}
