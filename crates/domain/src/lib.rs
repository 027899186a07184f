//! The rules of hailong as plain functions over plain data: rating levels (mức đánh giá), the
//! satisfaction-index arithmetic (chỉ số hài lòng), questionnaires (phiếu đánh giá), signed QR and
//! receipt tokens, the parsing of a citizen's submitted form, reporting periods in local time, and the counter
//! tablet's rules (pairing codes, repeat presses, device clocks, duties), survey sample targets and the
//! periods and tables of reports.
//!
//! Nothing here knows about Leptos, axum or sqlx, reads a clock or draws randomness, so the same
//! code runs in the server and in the wasm islands, and every rule is tested beside its code.
//! Handlers and components call these functions; they never re-derive a formula.

pub mod access;
pub mod alert;
pub mod backup;
pub mod calendar;
pub mod catalogue;
pub mod disclosure;
pub mod dossier;
pub mod gaming;
pub mod ids;
pub mod import;
pub mod index;
pub mod interval;
pub mod kiosk;
pub mod misuse;
pub mod period;
pub mod questionnaire;
pub mod queue;
pub mod ranking;
pub mod rating;
pub mod release;
pub mod report;
pub mod rollup;
pub mod sample;
pub mod submission;
pub mod survey;
pub mod time;
pub mod token;
pub mod unit_tree;
pub mod webhook;
