//! hailong — citizen feedback for Vietnamese one-stop counters (Bộ phận Một cửa).
//!
//! `domain` is pure and shared with the browser; `islands` are the only components shipped as wasm;
//! everything else is server-side (`ssr`). Imports point one way (docs/decisions/004):
//!
//! `app` (routes) → `features` → `web` (HTTP plumbing) → `services` → `store`, `pages` → `domain`, `i18n`

pub mod domain;
pub mod i18n;
pub mod islands;

#[cfg(feature = "ssr")]
pub mod app;
#[cfg(feature = "ssr")]
pub mod config;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod features;
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod services;
#[cfg(feature = "ssr")]
pub mod startup;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod web;

/// Entry point of the wasm bundle: hydrates the islands found in the page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // A mark that the islands are live, for the end-to-end tests to wait on (rather than on a timer).
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-hydrated", "");
    }
}
