//! The four rating faces, drawn inline (no image requests, crisp on any screen, same on every phone).

use leptos::prelude::*;

use crate::domain::rating::Level;

/// The mouth: from a wide smile (Rất tốt) to a frown (Chưa tốt).
fn mouth(level: Level) -> &'static str {
    match level {
        Level::VeryGood => "M14 27 Q24 38 34 27",
        Level::Good => "M16 29 Q24 34 32 29",
        Level::Fair => "M16 31 L32 31",
        Level::Poor => "M16 34 Q24 26 32 34",
    }
}

#[component]
pub fn Face(level: Level) -> impl IntoView {
    view! {
        <svg class="face" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
            <circle cx="24" cy="24" r="22" class="face-bg"/>
            <circle cx="17" cy="19" r="3" class="face-ink"/>
            <circle cx="31" cy="19" r="3" class="face-ink"/>
            <path d=mouth(level) class="face-line"/>
        </svg>
    }
}
