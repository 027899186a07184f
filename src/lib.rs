//! hailong — citizen feedback for Vietnamese one-stop counters (Bộ phận Một cửa): the web application.
//!
//! The layers are crates (docs/architecture.md), so imports can only point one way:
//!
//! `app` (routes) → `features` → `web` (HTTP plumbing) → `services` → [`store`] (hailong-store), `pages` →
//! [`domain`] (hailong-domain), `i18n`; the wasm [`islands`] (hailong-islands) are rendered by `pages`.
//!
//! The three lower crates are re-exported under their layer's name, so `crate::domain::…` reads the same everywhere.

pub use hailong_domain as domain;
pub use hailong_islands as islands;
pub use hailong_store as store;

pub mod app;
pub mod clock;
pub mod config;
pub mod demo;
pub mod features;
pub mod i18n;
pub mod pages;
pub mod services;
pub mod startup;
pub mod web;
