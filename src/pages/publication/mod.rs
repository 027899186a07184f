//! Public results (công khai): the list of top units, a unit's page — headline and composite indexes, factors,
//! the quarters, the units beneath ranked ([`ranking`]), its officials if it opted in, the code to embed it — and
//! the card a unit's website frames. Figures below the floor are withheld, and those withheld to protect them say
//! so; nothing here comes from a single response. In Vietnamese, or in English when asked (`?lang=en`).

mod ranking;

use leptos::prelude::*;

use super::chart::TrendChart;
use super::dashboard::{interval_label, TrendPoint};
use super::{document, language_switch, textarea_text, Document};
use crate::domain::disclosure::Withheld;
use crate::domain::index::Figure;
use crate::domain::report::ReportPeriod;
use crate::i18n::publication::PublicationTexts;
use crate::i18n::{Locale, Texts};
use crate::services::publication::PublicResults;

pub struct PublicView {
    pub results: PublicResults,
    pub floor: u64,
    /// The periods offered: quarters and years.
    pub choices: Vec<ReportPeriod>,
    pub period_error: bool,
    pub public_url: String,
    pub locale: Locale,
}

/// A link within the public pages, in the reader's language (Vietnamese needs no `lang`).
fn in_language(url: String, locale: Locale) -> String {
    match locale {
        Locale::Vi => url,
        Locale::En => format!("{url}{}lang={}", if url.contains('?') { '&' } else { '?' }, locale.code()),
    }
}

pub fn render_index(units: Vec<(i64, String)>, locale: Locale) -> String {
    let t = locale.texts();
    let p = t.publication;
    let items = units
        .into_iter()
        .map(|(id, name)| view! { <li><a href=in_language(format!("/cong-khai/{id}"), locale)>{name}</a></li> })
        .collect_view();
    document(
        Document { title: p.index_title, locale, islands: None, body_class: "public", web_app: false },
        view! {
            <main class="public-page">
                <h1>{p.index_title}</h1>
                <p>{p.index_lead}</p>
                <ul class="public-units">{items}</ul>
                {language_switch(t, format!("?lang={}", t.other_language_code))}
            </main>
        },
    )
}

pub fn render_public(v: PublicView) -> String {
    let t = v.locale.texts();
    let (p, r, floor) = (t.publication, &v.results, v.floor);
    let title = p.title.replace("{unit}", &r.unit.name);
    let quarters: Vec<TrendPoint> = r
        .quarters
        .iter()
        .map(|(quarter, figure)| {
            // Withheld in the chart as in the tables: below the floor its value, protecting a sibling its count too.
            let figure = match figure {
                Ok(f) => Figure { value: f.value.filter(|_| f.is_reliable(floor)), count: f.count },
                Err(_) => Figure::default(),
            };
            TrendPoint { label: quarter_label(*quarter), figure }
        })
        .collect();
    let other = format!("?period={}&lang={}", r.period.key(), t.other_language_code);
    let body = view! {
        <main class="public-page">
            <p class="muted"><a href=in_language("/cong-khai".to_owned(), v.locale)>{p.index_title}</a></p>
            <h1>{title.clone()}</h1>
            {period_form(&v, t)}
            {v.period_error.then(|| view! { <p class="error-summary" role="alert">{p.period_invalid}</p> })}
            <h2 class="public-period">{t.period(r.period)}</h2>
            {headline(r, floor, p)}
            {factors_panel(r, floor, t)}
            <section class="panel">
                <h2>{p.quarters}</h2>
                <TrendChart points=quarters floor=floor label=t.trend_chart/>
            </section>
            {ranking::units(r, floor, v.locale)}
            {ranking::officials(r, floor, v.locale)}
            <p class="hint">{p.method.replace("{floor}", &floor.to_string())}</p>
            {embed_details(&v, &title, p)}
            {language_switch(t, other)}
        </main>
    };
    document(Document { title: &title, locale: v.locale, islands: None, body_class: "public", web_app: false }, body)
}

/// The choice of period (quarters and years), kept in the reader's language.
fn period_form(v: &PublicView, t: &'static Texts) -> impl IntoView {
    let choices = v
        .choices
        .iter()
        .map(|c| view! { <option value=c.key() selected=*c == v.results.period>{t.period(*c)}</option> })
        .collect_view();
    let lang = (v.locale != Locale::Vi).then(|| view! { <input type="hidden" name="lang" value=v.locale.code()/> });
    view! {
        <form method="get" class="inline-form">
            {lang}
            <label>{t.publication.period}" "<select name="period">{choices}</select></label>
            <button type="submit" class="button small">{t.publication.show}</button>
        </form>
    }
}

/// Each factor's index, interval and answers.
fn factors_panel(r: &PublicResults, floor: u64, t: &'static Texts) -> impl IntoView {
    let p = t.publication;
    let rows = r
        .summary
        .indexes
        .factors
        .iter()
        .map(|(factor, figure)| {
            let figure = published(figure, r.withheld);
            view! {
                <tr>
                    <th scope="row">{t.factor(*factor)}</th>
                    <td class="num">{shown(figure, floor, p)}</td>
                    <td class="num">{figure.ok().map(|f| interval_label(&f, floor))}</td>
                    <td class="num">{figure.ok().map(|f| f.count)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" tabindex="0" role="region" aria-label=p.factors>
            <h2>{p.factors}</h2>
            <table class="grid">
                <thead><tr>
                    <th scope="col">{p.factor}</th><th scope="col" class="num">{p.index}</th>
                    <th scope="col" class="num">{p.interval}</th><th scope="col" class="num">{p.count}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// The code that frames the unit's card on its own website.
fn embed_details(v: &PublicView, title: &str, p: &'static PublicationTexts) -> impl IntoView {
    let card = format!("{}/cong-khai/{}/nhung", v.public_url.trim_end_matches('/'), v.results.unit.id);
    let code = format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"360\" height=\"300\" style=\"border:0\"></iframe>",
        in_language(card, v.locale),
        title.replace('"', "&quot;"),
    );
    view! {
        <details class="embed">
            <summary>{p.embed}</summary>
            <label>{p.embed_hint}<textarea readonly=true rows="3">{textarea_text(&code)}</textarea></label>
        </details>
    }
}

/// The card a unit's own website frames: the headline and the way to the full page.
pub fn render_embed(v: PublicView) -> String {
    let t = v.locale.texts();
    let r = &v.results;
    let title = t.publication.title.replace("{unit}", &r.unit.name);
    let full = format!("{}/cong-khai/{}?period={}", v.public_url.trim_end_matches('/'), r.unit.id, r.period.key());
    document(
        Document { title: &title, locale: v.locale, islands: None, body_class: "public embed", web_app: false },
        view! {
            <main class="embed-card">
                <p class="embed-unit">{r.unit.name.clone()}</p>
                <p class="muted">{t.period(r.period)}</p>
                {headline(r, v.floor, t.publication)}
                <p><a href=in_language(full, v.locale) target="_blank" rel="noopener">{t.publication.full_page}</a></p>
            </main>
        },
    )
}

fn headline(results: &PublicResults, floor: u64, p: &'static PublicationTexts) -> impl IntoView {
    let i = &results.summary.indexes;
    let tile = |label: &'static str, figure: &Figure| {
        let figure = published(figure, results.withheld);
        // A withheld figure's words in the smaller type the dashboard gives a thin figure.
        let thin = !figure.is_ok_and(|f| f.is_reliable(floor));
        let interval = figure.ok().map(|f| interval_label(&f, floor)).unwrap_or_default();
        let interval = (!interval.is_empty()).then(|| format!("{}: {interval}", p.interval));
        view! {
            <div class="tile">
                <p class="tile-label">{label}</p>
                <p class="tile-value"><span class="figure" class:thin=thin>{shown(figure, floor, p)}</span></p>
                <p class="tile-count">{figure.ok().map(|f| format!("{} {}", f.count, p.responses))}</p>
                <p class="tile-interval muted">{interval}</p>
            </div>
        }
    };
    let note = (results.withheld == Some(Withheld::ProtectsSibling))
        .then(|| view! { <p class="hint">{p.protects_note.replace("{floor}", &floor.to_string())}</p> });
    view! {
        <section class="tiles">{tile(p.headline, &i.headline)}{tile(p.composite, &i.composite)}</section>
        {note}
    }
}

/// A figure of the unit as it may be published: none when the unit's figures are withheld.
fn published(figure: &Figure, withheld: Option<Withheld>) -> Result<Figure, Withheld> {
    withheld.map_or(Ok(*figure), Err)
}

/// A figure as published: its value from enough answers, or why it is not shown.
fn shown(figure: Result<Figure, Withheld>, floor: u64, p: &'static PublicationTexts) -> String {
    match figure {
        Ok(f) => match f.display() {
            Some(value) if f.is_reliable(floor) => format!("{value:.1}%").replace('.', ","),
            _ => p.withheld.to_owned(),
        },
        Err(Withheld::ProtectsSibling) => p.protects.to_owned(),
        Err(Withheld::BelowFloor) => p.withheld.to_owned(),
    }
}

fn quarter_label(period: ReportPeriod) -> String {
    match period {
        ReportPeriod::Quarter { year, quarter } => format!("Q{quarter}/{year}"),
        other => other.key(),
    }
}
