//! The staff sign-in page and the bare home page.

use leptos::prelude::*;

use super::{document, Document};
use crate::i18n::Locale;

pub struct LoginView<'a> {
    pub next: String,
    pub failed: bool,
    pub username: String,
    pub csrf: &'a str,
}

pub fn render_login(v: LoginView<'_>) -> String {
    let t = Locale::Vi.texts();
    document(
        Document {
            title: t.login_title,
            locale: Locale::Vi,
            islands: None,
            body_class: "staff narrow",
            web_app: false,
        },
        view! {
            <main class="card login">
                <h1>{t.login_title}</h1>
                {v.failed.then(|| view! { <p class="error-summary" role="alert">{t.login_failed}</p> })}
                <form method="post" action="/login">
                    <input type="hidden" name="next" value=v.next/>
                    <input type="hidden" name="csrf" value=v.csrf.to_owned()/>
                    <label class="field" for="username">{t.username}</label>
                    <input id="username" name="username" autocomplete="username" required=true value=v.username/>
                    <label class="field" for="password">{t.password}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required=true/>
                    <button type="submit" class="button primary">{t.login_submit}</button>
                </form>
                <p class="hint">{t.login_lock_note}</p>
            </main>
        },
    )
}

pub fn render_home() -> String {
    let t = Locale::Vi.texts();
    document(
        Document { title: t.app_name, locale: Locale::Vi, islands: None, body_class: "staff narrow", web_app: false },
        view! {
            <main class="card">
                <h1>{t.app_name}</h1>
                <p>{t.citizen_hint}</p>
                <p><a class="button primary" href="/login">{t.login_title}</a></p>
            </main>
        },
    )
}
