//! A surveyor's badge (thẻ điều tra viên), printed in Vietnamese, and the public page its QR code opens to check
//! it, in the citizen's language.

use leptos::prelude::*;

use super::dates;
use crate::i18n::surveys::VI as S;
use crate::i18n::Locale;
use crate::pages::{document, language_switch, Document};
use crate::store::{Campaign, Surveyor};

pub struct BadgeView {
    pub surveyor: Surveyor,
    pub campaign: Campaign,
    pub unit: String,
    /// The verification page's URL, which the QR code carries.
    pub url: String,
    pub token: String,
    pub valid: bool,
    pub locale: Locale,
}

/// The badge's facts, shared by the printed badge and the public check.
fn facts(v: &BadgeView) -> impl IntoView {
    let b = v.locale.texts().badge_check;
    let photo = v.surveyor.has_photo.then(|| {
        view! {
            <img class="official-photo badge-photo" src=format!("/xac-minh/{}/photo", v.token)
                alt=format!("{} {}", b.photo_of, v.surveyor.full_name) width="120" height="120"/>
        }
    });
    view! {
        {photo}
        <p class="badge-name">{v.surveyor.full_name.clone()}</p>
        <p>{v.surveyor.organisation.clone()}</p>
        <dl class="facts">
            <dt>{b.campaign}</dt><dd>{v.campaign.name.clone()}</dd>
            <dt>{b.unit}</dt><dd>{v.unit.clone()}</dd>
            <dt>{b.decision}</dt><dd>{v.campaign.decision.clone()}</dd>
            <dt>{b.period}</dt><dd>{dates(&v.campaign)}</dd>
        </dl>
    }
}

pub fn render_badge(v: BadgeView) -> String {
    document(
        Document { title: S.badge_title, locale: Locale::Vi, islands: None, body_class: "print", web_app: false },
        view! {
            <main class="badge-card">
                <p class="badge-title">{S.badge_title}</p>
                {facts(&v)}
                <img class="qr" src=format!("/xac-minh/{}/qr.png", v.token) alt=S.scan width="200" height="200"/>
                <p class="badge-url">{S.scan}": "{v.url.clone()}</p>
                <button type="button" class="button no-print" data-print="">{S.print}</button>
            </main>
            <script src="/print.js" defer=true></script>
        },
    )
}

pub fn render_verification(v: BadgeView) -> String {
    let t = v.locale.texts();
    let b = t.badge_check;
    let state = match v.valid {
        true => view! { <p class="verdict valid" role="status">"✓ "{b.valid}</p> }.into_any(),
        false => view! {
            <p class="verdict invalid" role="alert">"✗ "{b.invalid}</p>
            <p>{b.invalid_hint}</p>
        }
        .into_any(),
    };
    document(
        Document { title: b.title, locale: v.locale, islands: None, body_class: "citizen", web_app: false },
        view! {
            <main class="card verification">
                <h1>{b.title}</h1>
                {state}
                {facts(&v)}
                {language_switch(t, format!("?lang={}", t.other_language_code))}
            </main>
        },
    )
}
