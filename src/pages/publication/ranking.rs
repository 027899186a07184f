//! The ranked breakdowns of a public page: the units beneath, and the officials if the unit opted in; each with the
//! rows not ranked named beneath it and the rule that withholds them.

use leptos::prelude::*;

use super::in_language;
use crate::domain::ranking::Place;
use crate::domain::report::ReportPeriod;
use crate::i18n::publication::PublicationTexts;
use crate::i18n::Locale;
use crate::services::breakdowns::Named;
use crate::services::publication::{PublicResults, Ranking};

/// The units beneath, each linked to its own page for the same period.
pub(super) fn units(r: &PublicResults, floor: u64, locale: Locale) -> Option<impl IntoView> {
    let p = locale.texts().publication;
    let rows = ranked_rows(&r.units, Some((&r.period, locale)));
    ranking_section(&r.units, rows, (p.ranking, p.unit, p.protecting_units), p.ranking_note, floor, p)
}

/// The unit's officials, when it opted in.
pub(super) fn officials(r: &PublicResults, floor: u64, locale: Locale) -> Option<impl IntoView> {
    let p = locale.texts().publication;
    r.officials.as_ref().and_then(|officials| {
        let rows = ranked_rows(officials, None);
        ranking_section(officials, rows, (p.officials, p.official, p.protecting_officials), p.officials_note, floor, p)
    })
}

/// A ranked breakdown with the rows not ranked named beneath it, and the rule that withholds them; nothing when
/// there are no rows. `headings` are the section's, the name column's and the protecting rows' line's.
fn ranking_section(
    rows: &Ranking,
    ranked: Vec<RankRow>,
    (heading, first, protecting_label): (&'static str, &'static str, &'static str),
    note: &'static str,
    floor: u64,
    p: &'static PublicationTexts,
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
                {rank_table(first, ranked, p)}
                {names(p.thin, &rows.thin)}
                {names(protecting_label, &rows.protecting)}
                <p class="hint">{format!("{note} {}", p.protect_rule).replace("{floor}", &floor)}</p>
            </section>
        }
    })
}

/// `(place, name, detail, link, index, interval, count)` of each ranked row.
type RankRow = (usize, String, String, Option<String>, String, String, u64);

/// Each row linked to its public page for `linked`'s period (in its language), if given.
fn ranked_rows(ranking: &Ranking, linked: Option<(&ReportPeriod, Locale)>) -> Vec<RankRow> {
    ranking
        .ranked
        .iter()
        .map(|p: &Place<Named>| {
            let link = linked.map(|(period, locale)| {
                in_language(format!("/cong-khai/{}?period={}", p.key.id, period.key()), locale)
            });
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

fn rank_table(first: &'static str, rows: Vec<RankRow>, p: &'static PublicationTexts) -> impl IntoView {
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
                <th scope="col" class="num">{p.place}</th><th scope="col">{first}</th>
                <th scope="col" class="num">{p.index}</th><th scope="col" class="num">{p.interval}</th>
                <th scope="col" class="num">{p.count}</th>
            </tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
}
