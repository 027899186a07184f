//! Server-rendered pages: plain Leptos views over plain data, one routed page per file. They run only on
//! the server (islands mode); the interactive bits live in `crate::islands` and hydrate in the browser.

pub mod account;
pub mod admin;
pub mod alerts;
pub mod api_docs;
pub mod audit;
mod chart;
pub mod dashboard;
pub mod devices;
mod faces;
mod heatmap;
pub mod kiosk;
pub mod login;
pub mod notice;
pub mod paper;
pub mod print;
pub mod procedures;
pub mod publication;
pub mod rate;
pub mod receipt_slip;
pub mod report;
pub mod responses;
pub mod sheet;
mod shell;
pub mod surveyor;
pub mod surveys;
pub mod thanks;
pub mod transactions;
pub mod users;

pub use shell::{
    document, error_summary, language_switch, textarea_text, with_page_nonce, Confirmed, CsrfField, Document,
    ErrorList, StaffBar, StaffHeader,
};

/// JSON to place inside a `<script>` element, which the browser does not unescape: `<` becomes `\u003c`, so no
/// text in it (an official's name, say) can close the element.
pub(crate) fn json_for_script<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned()).replace('<', "\\u003c")
}
