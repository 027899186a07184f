//! Printable codes: an A4 poster for a counter, an A6 card for an official. The tools bar (print,
//! revoke, reissue) is hidden when printing.

use crate::domain::ids::QrCodeId;
use leptos::prelude::*;

use super::{document, Confirmed, CsrfField, Document, StaffBar, StaffHeader};
use crate::i18n::Locale;

pub enum PrintKind {
    Poster,
    Card { name: String, title: String, photo_url: Option<String> },
}

pub struct PrintView {
    pub staff: StaffBar,
    pub kind: PrintKind,
    pub unit_name: String,
    pub counter_name: String,
    /// The code in use, if any: revoking leaves none until a new one is issued.
    pub code: Option<PrintedCode>,
    /// Where "issue a new code" posts.
    pub issue_action: String,
}

pub struct PrintedCode {
    pub id: QrCodeId,
    pub token: String,
    pub url: String,
}

pub fn render_print(v: PrintView) -> String {
    let t = Locale::Vi.texts();
    let (sheet_class, who) = match v.kind {
        PrintKind::Poster => ("sheet poster", None),
        PrintKind::Card { name, title, photo_url } => {
            let photo = photo_url.map(|src| view! { <img class="card-photo" src=src alt=""/> });
            (
                "sheet card-a6",
                Some(view! { <div class="card-who">{photo}<p class="card-name">{name}</p><p>{title}</p></div> }),
            )
        }
    };
    let counter = (!v.counter_name.is_empty()).then(|| view! { <p class="sheet-counter">{v.counter_name.clone()}</p> });
    let tools = view! {
        <div class="print-tools no-print">
            <button type="button" class="button primary" data-print="">{t.print}</button>
            <script type="module" src="/print.js"></script>
            <form method="post" action=v.issue_action>
                <CsrfField token=v.staff.csrf.clone()/>
                <button type="submit" class="button">{t.reissue}</button>
            </form>
            {v.code.as_ref().map(|code| view! {
                <Confirmed
                    action=format!("/admin/qr/{}/revoke", code.id)
                    csrf=v.staff.csrf.clone()
                    label=t.revoke
                    warning=t.revoke_confirm_note.to_owned()
                    confirm=t.revoke_confirm
                />
            })}
        </div>
    };
    document(
        Document {
            title: t.qr_code,
            locale: Locale::Vi,
            islands: None,
            body_class: "staff print-page",
            web_app: false,
        },
        view! {
            <StaffHeader bar=v.staff.clone()/>
            {tools}
            <article class=sheet_class>
                <p class="sheet-unit">{v.unit_name}</p>
                {counter}
                {who}
                <h1 class="sheet-title">{t.rate_our_service}</h1>
                {match v.code {
                    Some(code) => view! {
                        <img class="qr" src=format!("/qr/{}.png", code.token) alt=t.qr_code/>
                        <p class="sheet-cta">{t.scan_to_rate}</p>
                        <p class="sheet-url">{code.url}</p>
                    }.into_any(),
                    None => view! { <p class="error-summary">{t.no_active_code}</p> }.into_any(),
                }}
            </article>
        },
    )
}
