//! A whole-page notice: an unknown or revoked code, too many submissions, a busy system…

use leptos::prelude::*;

use super::{document, Document};
use crate::i18n::{Locale, Texts};

/// Whole-page outcomes that are not the page asked for. The web layer gives each its HTTP status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    PageNotFound,
    CodeNotFound,
    CodeRevoked,
    /// A receipt link that has taken its one rating.
    ReceiptUsed,
    /// A receipt link past its last day.
    ReceiptExpired,
    RateLimited,
    /// Too many pages or streams asked for by one client in a short time (not a rating).
    TooManyRequests,
    Conflict,
    /// A citizen's form posted from another site (a page elsewhere making its visitors' browsers vote).
    CrossSite,
    BadRequest,
    /// Signed in, but the role does not allow this.
    Forbidden,
    /// A staff form whose CSRF token does not match the session (often: left open past the session).
    FormExpired,
    Unavailable,
}

impl Notice {
    pub fn texts(self, t: &Texts) -> (&'static str, &'static str) {
        match self {
            Notice::PageNotFound => (t.page_not_found_title, t.page_not_found_body),
            Notice::CodeNotFound => (t.not_found_title, t.not_found_body),
            Notice::CodeRevoked => (t.revoked_title, t.revoked_body),
            Notice::ReceiptUsed => (t.receipt_used_title, t.receipt_used_body),
            Notice::ReceiptExpired => (t.receipt_expired_title, t.receipt_expired_body),
            Notice::RateLimited => (t.rate_limited_title, t.rate_limited_body),
            Notice::TooManyRequests => (t.too_many_requests_title, t.too_many_requests_body),
            Notice::Conflict => (t.conflict_title, t.conflict_body),
            Notice::CrossSite => (t.cross_site_title, t.cross_site_body),
            Notice::BadRequest => (t.bad_request_title, t.bad_request_body),
            Notice::FormExpired => (t.form_expired_title, t.form_expired_body),
            Notice::Forbidden => (t.forbidden_title, t.forbidden_body),
            Notice::Unavailable => (t.unavailable_title, t.unavailable_body),
        }
    }
}

pub fn render_notice(notice: Notice, locale: Locale) -> String {
    let (title, body) = notice.texts(locale.texts());
    notice_page(title, body, locale)
}

/// A staff form refused for what it said, in Vietnamese, with the way back.
pub fn render_notice_text(body: &'static str) -> String {
    notice_page(Locale::Vi.texts().bad_request_title, body, Locale::Vi)
}

fn notice_page(title: &'static str, body: &'static str, locale: Locale) -> String {
    document(
        Document { title, locale, islands: None, body_class: "citizen", web_app: false },
        view! {
            <main class="card notice">
                <h1>{title}</h1>
                <p>{body}</p>
            </main>
        },
    )
}
