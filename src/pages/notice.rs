//! A whole-page notice: an unknown or revoked code, too many submissions, a busy system…

use leptos::prelude::*;

use super::{document, Document};
use crate::i18n::Locale;
use crate::server::error::Notice;

pub fn render_notice(notice: Notice, locale: Locale) -> String {
    let (title, body) = notice.texts(locale.texts());
    document(
        Document { title, locale, islands: None, body_class: "citizen" },
        view! {
            <main class="card notice">
                <h1>{title}</h1>
                <p>{body}</p>
            </main>
        },
    )
}
