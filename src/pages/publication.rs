//! Public results (công khai): the list of top units, a unit's page — headline and composite indexes, factors,
//! the quarters, the units beneath ranked, its officials if it opted in, the code to embed it — and the card a
//! unit's website frames. Figures below the floor are withheld, and those withheld to protect them say so;
//! nothing here comes from a single response.

use leptos::prelude::*;

use super::chart::TrendChart;
use super::dashboard::{interval_label, TrendPoint};
use super::{document, textarea_text, Document};
use crate::domain::disclosure::Withheld;
use crate::domain::index::Figure;
use crate::domain::ranking::Place;
use crate::domain::report::ReportPeriod;
use crate::i18n::publication::VI as P;
use crate::i18n::Locale;
use crate::services::breakdowns::Named;
use crate::services::publication::{PublicResults, Ranking};

pub struct PublicView {
    pub results: PublicResults,
    pub floor: u64,
    /// The periods offered: quarters and years.
    pub choices: Vec<ReportPeriod>,
    pub period_error: bool,
    pub public_url: String,
}

pub fn render_index(units: Vec<(i64, String)>) -> String {
    let items = units
        .into_iter()
        .map(|(id, name)| view! { <li><a href=format!("/cong-khai/{id}")>{name}</a></li> })
        .collect_view();
    document(
        Document { title: P.index_title, locale: Locale::Vi, islands: None, body_class: "public", web_app: false },
        view! {
            <main class="public-page">
                <h1>{P.index_title}</h1>
                <p>{P.index_lead}</p>
                <ul class="public-units">{items}</ul>
            </main>
        },
    )
}

pub fn render_public(v: PublicView) -> String {
    let r = &v.results;
    let floor = v.floor;
    let title = P.title.replace("{unit}", &r.unit.name);
    let choices = v
        .choices
        .iter()
        .map(|p| view! { <option value=p.key() selected=*p == r.period>{p.heading_vi()}</option> })
        .collect_view();
    let error = v.period_error.then(|| view! { <p class="error-summary" role="alert">{P.period_invalid}</p> });
    let factors = r
        .summary
        .indexes
        .factors
        .iter()
        .map(|(factor, figure)| {
            let figure = published(figure, r.withheld);
            view! {
                <tr>
                    <th scope="row">{Locale::Vi.texts().factor(*factor)}</th>
                    <td class="num">{shown(figure, floor)}</td>
                    <td class="num">{figure.ok().map(|f| interval_label(&f, floor))}</td>
                    <td class="num">{figure.ok().map(|f| f.count)}</td>
                </tr>
            }
        })
        .collect_view();
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
    let ranking =
        ranking_section(&r.units, (P.ranking, P.unit, P.protecting_units), P.ranking_note, Some(&r.period), floor);
    let officials = r.officials.as_ref().and_then(|officials| {
        ranking_section(officials, (P.officials, P.official, P.protecting_officials), P.officials_note, None, floor)
    });
    let embed_code = format!(
        "<iframe src=\"{}/cong-khai/{}/nhung\" title=\"{}\" width=\"360\" height=\"300\" style=\"border:0\"></iframe>",
        v.public_url.trim_end_matches('/'),
        r.unit.id,
        title.replace('"', "&quot;"),
    );
    document(
        Document { title: &title, locale: Locale::Vi, islands: None, body_class: "public", web_app: false },
        view! {
            <main class="public-page">
                <p class="muted"><a href="/cong-khai">{P.index_title}</a></p>
                <h1>{title.clone()}</h1>
                <form method="get" class="inline-form">
                    <label>{P.period}" "<select name="period">{choices}</select></label>
                    <button type="submit" class="button small">{P.show}</button>
                </form>
                {error}
                <h2 class="public-period">{r.period.heading_vi()}</h2>
                {headline(r, floor)}
                <section class="panel" tabindex="0" role="region" aria-label=P.factors>
                    <h2>{P.factors}</h2>
                    <table class="grid">
                        <thead><tr>
                            <th scope="col">{P.factor}</th><th scope="col" class="num">{P.index}</th>
                            <th scope="col" class="num">{P.interval}</th><th scope="col" class="num">{P.count}</th>
                        </tr></thead>
                        <tbody>{factors}</tbody>
                    </table>
                </section>
                <section class="panel">
                    <h2>{P.quarters}</h2>
                    <TrendChart points=quarters floor=floor label=Locale::Vi.texts().trend_chart/>
                </section>
                {ranking}
                {officials}
                <p class="hint">{P.method.replace("{floor}", &floor.to_string())}</p>
                <details class="embed">
                    <summary>{P.embed}</summary>
                    <label>{P.embed_hint}<textarea readonly=true rows="3">{textarea_text(&embed_code)}</textarea></label>
                </details>
            </main>
        },
    )
}

/// The card a unit's own website frames: the headline and the way to the full page.
pub fn render_embed(v: PublicView) -> String {
    let r = &v.results;
    let title = P.title.replace("{unit}", &r.unit.name);
    let full = format!("{}/cong-khai/{}?period={}", v.public_url.trim_end_matches('/'), r.unit.id, r.period.key());
    document(
        Document { title: &title, locale: Locale::Vi, islands: None, body_class: "public embed", web_app: false },
        view! {
            <main class="embed-card">
                <p class="embed-unit">{r.unit.name.clone()}</p>
                <p class="muted">{r.period.heading_vi()}</p>
                {headline(r, v.floor)}
                <p><a href=full target="_blank" rel="noopener">{P.full_page}</a></p>
            </main>
        },
    )
}

fn headline(results: &PublicResults, floor: u64) -> impl IntoView {
    let i = &results.summary.indexes;
    let tile = |label: &'static str, figure: &Figure| {
        let figure = published(figure, results.withheld);
        // A withheld figure's words in the smaller type the dashboard gives a thin figure.
        let thin = !figure.is_ok_and(|f| f.is_reliable(floor));
        let interval = figure.ok().map(|f| interval_label(&f, floor)).unwrap_or_default();
        let interval = (!interval.is_empty()).then(|| format!("{}: {interval}", P.interval));
        view! {
            <div class="tile">
                <p class="tile-label">{label}</p>
                <p class="tile-value"><span class="figure" class:thin=thin>{shown(figure, floor)}</span></p>
                <p class="tile-count">{figure.ok().map(|f| format!("{} {}", f.count, P.responses))}</p>
                <p class="tile-interval muted">{interval}</p>
            </div>
        }
    };
    let note = (results.withheld == Some(Withheld::ProtectsSibling))
        .then(|| view! { <p class="hint">{P.protects_note.replace("{floor}", &floor.to_string())}</p> });
    view! {
        <section class="tiles">{tile(P.headline, &i.headline)}{tile(P.composite, &i.composite)}</section>
        {note}
    }
}

/// A ranked breakdown with the rows not ranked named beneath it, and the rule that withholds them; nothing when
/// there are no rows. `headings` are the section's, the name column's and the protecting rows' line's.
fn ranking_section(
    rows: &Ranking,
    (heading, first, protecting_label): (&'static str, &'static str, &'static str),
    note: &'static str,
    linked: Option<&ReportPeriod>,
    floor: u64,
) -> Option<impl IntoView> {
    let empty = rows.ranked.is_empty() && rows.thin.is_empty() && rows.protecting.is_empty();
    let names = |label: &'static str, named: &[Named]| {
        (!named.is_empty()).then(|| {
            let names = named.iter().map(|u| u.name.as_str()).collect::<Vec<_>>().join(", ");
            view! { <p class="muted">{format!("{label} {names}")}</p> }
        })
    };
    let floor = floor.to_string();
    (!empty).then(|| {
        view! {
            <section class="panel" tabindex="0" role="region" aria-label=heading>
                <h2>{heading}</h2>
                <RankTable first=first rows=ranked_rows(&rows.ranked, linked)/>
                {names(P.thin, &rows.thin)}
                {names(protecting_label, &rows.protecting)}
                <p class="hint">{format!("{note} {}", P.protect_rule).replace("{floor}", &floor)}</p>
            </section>
        }
    })
}

/// `(place, name, detail, link, index, interval, count)` of each ranked row.
type RankRow = (usize, String, String, Option<String>, String, String, u64);

/// Each row linked to its public page for `linked`'s period, if given.
fn ranked_rows(places: &[Place<Named>], linked: Option<&ReportPeriod>) -> Vec<RankRow> {
    places
        .iter()
        .map(|p| {
            let link = linked.map(|period| format!("/cong-khai/{}?period={}", p.key.id, period.key()));
            let interval = format!("{:.0}–{:.0}%", p.interval.low * 100.0, p.interval.high * 100.0);
            (
                p.place,
                p.key.name.clone(),
                p.key.detail.clone(),
                link,
                format!("{:.1}%", p.index).replace('.', ","),
                interval,
                p.count,
            )
        })
        .collect()
}

#[component]
fn RankTable(first: &'static str, rows: Vec<RankRow>) -> impl IntoView {
    let body = rows
        .into_iter()
        .map(|(place, name, detail, link, index, interval, count)| {
            let name = match link {
                Some(href) => view! { <a href=href>{name}</a> }.into_any(),
                None => view! { <span>{name}</span> }.into_any(),
            };
            view! {
                <tr>
                    <td class="num">{place}</td>
                    <th scope="row">{name}{(!detail.is_empty()).then(|| view! { <span class="muted">" · "{detail}</span> })}</th>
                    <td class="num">{index}</td><td class="num">{interval}</td><td class="num">{count}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="grid">
            <thead><tr>
                <th scope="col" class="num">{P.place}</th><th scope="col">{first}</th>
                <th scope="col" class="num">{P.index}</th><th scope="col" class="num">{P.interval}</th>
                <th scope="col" class="num">{P.count}</th>
            </tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
}

/// A figure of the unit as it may be published: none when the unit's figures are withheld.
fn published(figure: &Figure, withheld: Option<Withheld>) -> Result<Figure, Withheld> {
    withheld.map_or(Ok(*figure), Err)
}

/// A figure as published: its value from enough answers, or why it is not shown.
fn shown(figure: Result<Figure, Withheld>, floor: u64) -> String {
    match figure {
        Ok(f) => match f.display() {
            Some(value) if f.is_reliable(floor) => format!("{value:.1}%").replace('.', ","),
            _ => P.withheld.to_owned(),
        },
        Err(Withheld::ProtectsSibling) => P.protects.to_owned(),
        Err(Withheld::BelowFloor) => P.withheld.to_owned(),
    }
}

fn quarter_label(period: ReportPeriod) -> String {
    match period {
        ReportPeriod::Quarter { year, quarter } => format!("Q{quarter}/{year}"),
        other => other.key(),
    }
}
