//! The thank-you page after a rating.

use leptos::prelude::*;

use super::{document, Document};
use crate::i18n::Locale;

pub struct ThanksView {
    pub locale: Locale,
    /// The rating had been received before (a retry): say so rather than pretend it is new.
    pub duplicate: bool,
    /// Back to the form for another rating (a QR code's); none for a receipt link, which rates once.
    pub form_url: Option<String>,
}

pub fn render_thanks(v: ThanksView) -> String {
    let t = v.locale.texts();
    document(
        Document { title: t.thanks_title, locale: v.locale, islands: None, body_class: "citizen", web_app: false },
        view! {
            <main class="card thanks">
                <div class="thanks-mark" aria-hidden="true">"✓"</div>
                <h1>{t.thanks_title}</h1>
                <p>{t.thanks_body}</p>
                {v.duplicate.then(|| view! { <p class="muted">{t.thanks_duplicate}</p> })}
                {v.form_url.map(|url| view! { <p><a class="button secondary" href=url>{t.thanks_again}</a></p> })}
            </main>
        },
    )
}
