//! Islands: the only components that ship to the browser as wasm. Every page works without them; they
//! make it nicer once hydrated (on idle, after the content is usable). The server renders the same
//! components (feature `ssr`); the wasm bundle hydrates them (feature `hydrate`).

mod procedure_search;

pub use procedure_search::ProcedureSearch;

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
