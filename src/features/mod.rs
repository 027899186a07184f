//! What people do, one folder per feature: each handler reads like a sentence — authorise, parse, call the
//! domain, store, respond — over the plumbing of `crate::web`, the `crate::services`, the store and the pages.

pub mod account;
pub mod admin;
pub mod alerts;
pub mod api;
pub mod citizen;
pub mod dashboard;
pub mod kiosk;
pub mod ops;
pub mod photos;
pub mod print;
pub mod publication;
pub mod receipts;
pub mod reports;
pub mod responses;
pub mod surveyor;
pub mod surveys;
pub mod transactions;
