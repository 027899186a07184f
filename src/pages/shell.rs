//! The HTML document around every page.

use std::cell::RefCell;
use std::future::Future;

use leptos::config::LeptosOptions;
use leptos::hydration::HydrationScripts;
use leptos::prelude::*;

use crate::i18n::{Locale, Texts};

/// What the document needs besides the body.
pub struct Document<'a> {
    pub title: &'a str,
    pub locale: Locale,
    /// `Some` on pages with islands: the hydration scripts are added (after the content; they load on idle).
    pub islands: Option<&'a LeptosOptions>,
    /// Extra class on `<body>`, for page-specific layout (e.g. print sheets).
    pub body_class: &'static str,
    /// Links the web app manifest, so the page can be added to a home screen and run full-screen (the kiosk).
    pub web_app: bool,
}

/// Renders a full HTML document. Pages without islands carry no inline script at all; on pages with
/// islands the hydration script carries a fresh nonce, handed to the Content-Security-Policy header.
pub fn document(doc: Document<'_>, body: impl IntoView + 'static) -> String {
    let title = doc.title.to_owned();
    let lang = doc.locale.code();
    let body_class = doc.body_class;
    let islands = doc.islands.cloned();
    let manifest = doc.web_app.then(|| view! { <link rel="manifest" href="/kiosk.webmanifest"/> });
    let owner = Owner::new();
    let html = owner.with(move || {
        let scripts = islands.map(|options| {
            leptos::nonce::provide_nonce();
            if let Some(nonce) = leptos::nonce::use_nonce() {
                // Outside a request (benchmarks, tests rendering a page directly) there is no slot to fill.
                let _ = NONCE.try_with(|slot| *slot.borrow_mut() = Some(nonce.to_string()));
            }
            view! { <HydrationScripts options=options islands=true/> }
        });
        view! {
            <html lang=lang>
                <head>
                    <meta charset="utf-8"/>
                    <meta name="viewport" content="width=device-width, initial-scale=1"/>
                    <meta name="theme-color" content="#0b5394"/>
                    <title>{title}</title>
                    <link rel="stylesheet" href="/pkg/hailong.css"/>
                    <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                    {manifest}
                    {scripts}
                </head>
                <body class=body_class>{body}</body>
            </html>
        }
        .to_html()
    });
    format!("<!DOCTYPE html>{html}")
}

tokio::task_local! {
    static NONCE: RefCell<Option<String>>;
}

/// Runs `render` (a request being answered) and returns what it produced with the nonce of the hydration script
/// of the page it rendered, if any: the Content-Security-Policy header must allow exactly that script.
pub async fn with_page_nonce<T>(render: impl Future<Output = T>) -> (T, Option<String>) {
    NONCE.scope(RefCell::new(None), async { (render.await, NONCE.with(|slot| slot.borrow_mut().take())) }).await
}

/// Text to put back inside a `<textarea>`. Leptos writes a textarea's children as they are (like a `<script>`'s), so
/// reflected input must be escaped here: `</textarea><script>` stays text. The browser decodes the entities back.
pub fn textarea_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The link to the same page in the other language; `query` is the page's query string with `lang` set.
pub fn language_switch(t: &'static Texts, query: String) -> impl IntoView {
    view! { <p class="lang-switch"><a href=query>{t.other_language}</a></p> }
}

/// Who is signed in, for the top bar of staff pages.
#[derive(Clone, Debug, Default)]
pub struct StaffBar {
    pub name: String,
    /// The CSRF token every staff form carries.
    pub csrf: String,
    /// Shows the administration links (the role manages units, accounts and codes).
    pub manages: bool,
    /// Shows the reports link (the role sees its units' results).
    pub reports: bool,
}

/// The hidden field that proves a staff form came from our page.
#[component]
pub fn CsrfField(token: String) -> impl IntoView {
    view! { <input type="hidden" name="csrf" value=token/> }
}

/// A destructive action asked twice, without a script: the first button only opens what will happen and the real
/// one, so a stray tap changes nothing. `warning` names what is lost.
#[component]
pub fn Confirmed(
    action: String,
    csrf: String,
    label: &'static str,
    warning: String,
    confirm: &'static str,
) -> impl IntoView {
    view! {
        <details class="confirm">
            <summary class="button small danger">{label}</summary>
            <form method="post" action=action>
                <CsrfField token=csrf/>
                <p class="warning">{warning}</p>
                <button type="submit" class="button small danger">{confirm}</button>
            </form>
        </details>
    }
}

/// The messages of a refused staff form, above it (nothing when there are none).
#[component]
pub fn ErrorList(errors: Vec<&'static str>) -> impl IntoView {
    error_summary(errors)
}

/// The list behind [`ErrorList`], for messages made at run time (with a number or a name in them) as well.
pub fn error_summary<E: IntoView + 'static>(errors: Vec<E>) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        let items = errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view();
        view! { <div class="error-summary" role="alert"><ul>{items}</ul></div> }
    })
}

/// The top bar of staff pages.
#[component]
pub fn StaffHeader(bar: StaffBar) -> impl IntoView {
    let t = Locale::Vi.texts();
    view! {
        <header class="staff-header no-print">
            <a class="brand" href="/dashboard">{t.app_name}</a>
            <nav>
                <a href="/dashboard">{t.nav_dashboard}</a>
                {bar.reports.then(|| view! { <a href="/reports">{t.reports.nav}</a> })}
                {bar.manages.then(|| view! {
                    <a href="/admin">{t.nav_admin}</a>
                    <a href="/admin/procedures">{t.nav_procedures}</a>
                    <a href="/admin/transactions">{t.transactions.link}</a>
                    <a href="/surveys">{crate::i18n::surveys::VI.nav}</a>
                    <a href="/admin/users">{t.nav_users}</a>
                    <a href="/admin/audit">{t.nav_audit}</a>
                })}
                <a href="/account/password">{t.change_password}</a>
            </nav>
            <form method="post" action="/logout" class="logout">
                <CsrfField token=bar.csrf/>
                <span class="muted">{bar.name}</span>
                <button type="submit" class="link">{t.logout}</button>
            </form>
        </header>
    }
}
