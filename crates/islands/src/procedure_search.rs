//! Filters the procedure `<select>` as the citizen types, so a list of hundreds stays usable on a phone.
//! Without JavaScript the box stays hidden and the plain grouped `<select>` does the job.

use leptos::prelude::*;

#[island]
pub fn ProcedureSearch(placeholder: String) -> impl IntoView {
    // Hidden in the server render; shown once hydrated, when typing in it can actually filter.
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    view! {
        <input
            type="search"
            class="procedure-search"
            placeholder=placeholder
            aria-controls="procedure"
            hidden=move || !hydrated.get()
            on:input=move |ev| filter_procedures(&event_target_value(&ev))
        />
    }
}

#[cfg(feature = "hydrate")]
fn filter_procedures(query: &str) {
    use hailong_domain::catalogue::fold;
    use leptos::wasm_bindgen::JsCast;
    use web_sys::HtmlOptionElement;

    let query = fold(query);
    let Some(select) = document().get_element_by_id("procedure") else { return };
    let options = select.get_elements_by_tag_name("option");
    for i in 0..options.length() {
        if let Some(option) = options.item(i).and_then(|o| o.dyn_into::<HtmlOptionElement>().ok()) {
            let keep = option.value().is_empty() || fold(&option.text()).contains(&query);
            option.set_hidden(!keep);
        }
    }
}

#[cfg(not(feature = "hydrate"))]
fn filter_procedures(_query: &str) {}
