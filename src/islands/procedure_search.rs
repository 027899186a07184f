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

/// Lower case without Vietnamese diacritics, so "khai sinh" finds "Đăng ký khai sinh" and "dang ky" too.
#[cfg(any(feature = "hydrate", test))]
fn fold(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).map(strip_diacritic).collect()
}

#[cfg(any(feature = "hydrate", test))]
fn strip_diacritic(c: char) -> char {
    const GROUPS: [(char, &str); 7] = [
        ('a', "àáảãạăằắẳẵặâầấẩẫậ"),
        ('e', "èéẻẽẹêềếểễệ"),
        ('i', "ìíỉĩị"),
        ('o', "òóỏõọôồốổỗộơờớởỡợ"),
        ('u', "ùúủũụưừứửữự"),
        ('y', "ỳýỷỹỵ"),
        ('d', "đ"),
    ];
    GROUPS.iter().find(|(_, accented)| accented.contains(c)).map_or(c, |(base, _)| *base)
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folding_removes_vietnamese_marks_and_case() {
        assert_eq!(fold("Đăng ký khai sinh"), "dang ky khai sinh");
        assert_eq!(fold("Chứng thực chữ ký"), "chung thuc chu ky");
    }
}
