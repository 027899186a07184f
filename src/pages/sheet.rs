//! One A4 sheet (or several) with the A6 card of every counter and official of a unit, four to a page,
//! with dashed cut lines: what a Home Affairs office prints for a new commune in one go.

use leptos::prelude::*;

use super::{document, Document, StaffBar, StaffHeader};
use crate::i18n::Locale;

pub struct SheetView {
    pub staff: StaffBar,
    pub unit_name: String,
    pub cards: Vec<SheetCard>,
}

pub struct SheetCard {
    /// The counter's name, or the official's.
    pub title: String,
    /// The counter an official sits at, or nothing.
    pub subtitle: String,
    pub photo_url: Option<String>,
    /// `None` when the code was revoked and no new one issued.
    pub qr_src: Option<String>,
}

pub fn render_sheet(v: SheetView) -> String {
    let t = Locale::Vi.texts();
    let unit_name = v.unit_name.clone();
    let cards = v
        .cards
        .into_iter()
        .map(|c| {
            let photo = c.photo_url.map(|src| view! { <img class="card-photo" src=src alt=""/> });
            let code = match c.qr_src {
                Some(src) => view! { <img class="qr" src=src alt=t.qr_code/> }.into_any(),
                None => view! { <p class="error-summary">{t.no_active_code}</p> }.into_any(),
            };
            view! {
                <article class="cut-card">
                    <p class="sheet-unit">{unit_name.clone()}</p>
                    {photo}
                    <p class="card-name">{c.title}</p>
                    <p>{c.subtitle}</p>
                    <p class="sheet-title">{t.rate_our_service}</p>
                    {code}
                    <p class="sheet-cta">{t.scan_to_rate}</p>
                </article>
            }
        })
        .collect_view();
    document(
        Document {
            title: t.print_sheet,
            locale: Locale::Vi,
            islands: None,
            body_class: "staff print-page",
            web_app: false,
        },
        view! {
            <StaffHeader bar=v.staff.clone()/>
            <p class="print-tools no-print"><strong>{v.unit_name}</strong>" — "{t.print_sheet_hint}</p>
            <div class="cut-sheet">{cards}</div>
        },
    )
}
