//! The receipt slip (phiếu đánh giá kèm giấy biên nhận): receipt-printer width (80 mm), or an A6 card, with the
//! link's QR code, what it rates and until when. Printed by the one-stop software beside its receipt, in
//! Vietnamese or, for a citizen who asks, in English (`?lang=en`).

use leptos::prelude::*;

use super::{document, Document};
use crate::i18n::Locale;

pub struct SlipView {
    pub locale: Locale,
    pub unit_name: String,
    pub counter_name: Option<String>,
    pub official_name: Option<String>,
    pub procedure_name: Option<String>,
    /// The link's QR code, drawn inline (a receipt printer's page has no second request to make).
    pub qr_svg: String,
    pub url: String,
    pub expires: String,
}

pub fn render_slip(v: SlipView) -> String {
    let t = v.locale.texts();
    let line = |label: &'static str, value: Option<String>| {
        value.map(|value| view! { <p class="slip-line">{label}": "<strong>{value}</strong></p> })
    };
    document(
        Document { title: t.slip_title, locale: v.locale, islands: None, body_class: "print-page", web_app: false },
        view! {
            <div class="print-tools no-print">
                <button type="button" class="button primary" data-print="">{t.print}</button>
                <script type="module" src="/print.js"></script>
            </div>
            <article class="sheet slip">
                <p class="sheet-unit">{v.unit_name}</p>
                <h1 class="sheet-title">{t.slip_title}</h1>
                {line(t.receipt_procedure, v.procedure_name)}
                {line(t.slip_counter, v.counter_name)}
                {line(t.slip_official, v.official_name)}
                <div class="qr" inner_html=v.qr_svg></div>
                <p class="sheet-cta">{t.scan_to_rate}</p>
                <p class="sheet-url">{v.url}</p>
                <p class="slip-line">{t.slip_once}" "{v.expires}"."</p>
            </article>
        },
    )
}
