//! The dashboard's tables: a breakdown (units beneath, counters, officials, procedures, fields, channels) with each
//! row's index, interval, count and Chưa tốt; the commendation ranking; and how one figure is shown. Tables are
//! sortable by `/dashboard.js` (each cell carries its sort key); without the script they stay worst first.

use leptos::prelude::*;

use crate::domain::index::{Figure, LevelCounts};
use crate::domain::rating::Level;
use crate::i18n::Locale;
use crate::services::samples::UnitSample;

/// One row of a breakdown.
pub struct GroupRow {
    pub name: String,
    pub detail: String,
    pub photo_url: Option<String>,
    /// Where the row leads (a unit beneath: its own dashboard).
    pub href: Option<String>,
    pub figure: Figure,
    pub counts: LevelCounts,
}

impl GroupRow {
    pub fn new(name: String, detail: String, counts: LevelCounts) -> GroupRow {
        GroupRow { name, detail, photo_url: None, href: None, figure: Figure::of(&counts), counts }
    }
}

/// The rows a table shows, and how many there were before it was cut.
#[derive(Default)]
pub struct Table {
    pub rows: Vec<GroupRow>,
    pub total: usize,
}

impl FromIterator<GroupRow> for Table {
    fn from_iter<I: IntoIterator<Item = GroupRow>>(rows: I) -> Table {
        let rows: Vec<GroupRow> = rows.into_iter().collect();
        Table { total: rows.len(), rows }
    }
}

pub struct RankedRow {
    pub place: usize,
    pub shared: bool,
    pub name: String,
    pub detail: String,
    pub photo_url: Option<String>,
    pub index: f64,
    pub interval: String,
    pub count: u64,
}

/// A percentage with one decimal, or "chưa đủ mẫu" (greyed) when too few answers stand behind it.
#[component]
pub fn FigureCell(figure: Figure, floor: u64) -> impl IntoView {
    let t = Locale::Vi.texts();
    match figure.display() {
        Some(value) if figure.is_reliable(floor) => {
            view! { <span class="figure">{format!("{value:.1}%")}</span> }.into_any()
        }
        Some(value) => view! {
            <span class="figure thin" title=format!("{value:.1}%")>{t.not_enough_sample}</span>
        }
        .into_any(),
        None => view! { <span class="figure thin">"—"</span> }.into_any(),
    }
}

/// "49–94%": where the index plausibly lies given how few answered; nothing below the sample floor.
pub fn interval_label(figure: &Figure, floor: u64) -> String {
    match figure.interval() {
        Some(i) if figure.is_reliable(floor) => format!("{:.0}–{:.0}%", i.low * 100.0, i.high * 100.0),
        _ => String::new(),
    }
}

/// The sort key of a figure's cell; none below the floor (the script keeps those rows last either way).
fn sort_key(figure: &Figure, floor: u64) -> String {
    match figure.value {
        Some(value) if figure.is_reliable(floor) => format!("{value:.3}"),
        _ => String::new(),
    }
}

#[component]
pub fn GroupTable(title: &'static str, first: &'static str, table: Table, floor: u64) -> impl IntoView {
    let t = Locale::Vi.texts();
    let cut = (table.total > table.rows.len()).then(|| {
        let shown = table.rows.len().to_string();
        let note = t.rows_shown.replace("{shown}", &shown).replace("{total}", &table.total.to_string());
        view! { <p class="hint">{note}</p> }
    });
    let body = table
        .rows
        .into_iter()
        .map(|row| {
            let photo = row.photo_url.map(|src| view! { <img class="thumb" src=src alt="" width="32" height="32" loading="lazy"/> });
            let name = match row.href {
                Some(href) => view! { <a href=href>{row.name.clone()}</a> }.into_any(),
                None => view! { <span>{row.name.clone()}</span> }.into_any(),
            };
            let poor = row.counts.get(Level::Poor);
            view! {
                <tr>
                    <th scope="row" data-sort=row.name>
                        <span class="who">{photo}<span>{name}<br/><small class="muted">{row.detail}</small></span></span>
                    </th>
                    <td class="num" data-sort=sort_key(&row.figure, floor)><FigureCell figure=row.figure floor=floor/></td>
                    <td class="num muted">{interval_label(&row.figure, floor)}</td>
                    <td class="num" data-sort=row.figure.count.to_string()>{row.figure.count}</td>
                    <td class="num level-chua-tot-text" data-sort=poor.to_string()>{poor}</td>
                </tr>
            }
        })
        .collect_view();
    // A table wider than a phone scrolls inside its panel: the panel takes the keyboard's focus so it can be scrolled.
    view! {
        <section class="panel wide" tabindex="0" role="region" aria-label=title>
            <h2>{title}</h2>
            <table class="grid sortable">
                <thead>
                    <tr>
                        <th scope="col" data-kind="text">{first}</th>
                        <th scope="col" class="num" data-kind="number" aria-sort="ascending">{t.headline_index}</th>
                        <th scope="col" class="num">{t.confidence_interval}</th>
                        <th scope="col" class="num" data-kind="number">{t.board.count}</th>
                        <th scope="col" class="num" data-kind="number">{t.level(Level::Poor)}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
            {cut}
        </section>
    }
}

/// Officials ranked for commendation, with the rule that made the list.
#[component]
pub fn Commendation(rows: Vec<RankedRow>, floor: u64) -> impl IntoView {
    let t = Locale::Vi.texts();
    let rule = t.commendation_rule.replace("{floor}", &floor.to_string());
    let body = if rows.is_empty() {
        view! { <p class="muted">{t.commendation_none}</p> }.into_any()
    } else {
        let items = rows
            .into_iter()
            .map(|row| {
                let photo = row.photo_url.map(|src| view! { <img class="thumb" src=src alt="" width="32" height="32" loading="lazy"/> });
                let shared = row.shared.then(|| view! { <small class="muted">" "{t.shared_place}</small> });
                view! {
                    <tr>
                        <td class="num">{row.place}{shared}</td>
                        <th scope="row">
                            <span class="who">{photo}<span>{row.name}<br/><small class="muted">{row.detail}</small></span></span>
                        </th>
                        <td class="num">{format!("{:.1}%", row.index)}</td>
                        <td class="num muted">{row.interval}</td>
                        <td class="num">{row.count}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="grid">
                <thead>
                    <tr>
                        <th scope="col" class="num">{t.place}</th>
                        <th scope="col">{t.official}</th>
                        <th scope="col" class="num">{t.headline_index}</th>
                        <th scope="col" class="num">{t.confidence_interval}</th>
                        <th scope="col" class="num">{t.board.count}</th>
                    </tr>
                </thead>
                <tbody>{items}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="panel wide commendation" tabindex="0" role="region" aria-label=t.commendation_title>
            <h2>{t.commendation_title}</h2>
            <p class="hint">{rule}</p>
            {body}
        </section>
    }
}

/// The year's sample targets (`services::samples`): a row for the unit and each unit beneath it, those that will end
/// the year short flagged "cần khảo sát bổ sung". Nothing while no unit has a target (no transactions known).
#[component]
pub fn SampleTable(rows: Vec<UnitSample>) -> impl IntoView {
    let b = Locale::Vi.texts().board;
    (rows.iter().any(|r| r.progress.target > 0)).then(|| {
        let body = rows
            .into_iter()
            .map(|row| {
                let p = row.progress;
                let verdict = match (p.target, p.needs_more) {
                    (0, _) => view! { <td></td> }.into_any(),
                    (_, true) => view! { <td class="level-chua-tot-text">{b.sample_short}</td> }.into_any(),
                    (_, false) => view! { <td>{b.sample_on_track}</td> }.into_any(),
                };
                view! {
                    <tr>
                        <th scope="row">{row.name}</th>
                        <td>{crate::i18n::surveys::VI.rule_name(row.rule)}</td>
                        <td class="num">{row.transactions}</td>
                        <td class="num">{p.target}</td>
                        <td class="num">{p.collected}</td>
                        <td class="num">{(p.target > 0).then(|| format!("{:.0}%", p.reached * 100.0))}</td>
                        <td class="num">{p.projected.filter(|_| p.target > 0)}</td>
                        {verdict}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="panel wide" tabindex="0" role="region" aria-label=b.samples>
                <h2>{b.samples}</h2>
                <p class="hint">{b.samples_rule}</p>
                <table class="grid">
                    <thead>
                        <tr>
                            <th scope="col">{Locale::Vi.texts().unit}</th>
                            <th scope="col">{b.sample_how}</th>
                            <th scope="col" class="num">{b.sample_transactions}</th>
                            <th scope="col" class="num">{b.sample_target}</th>
                            <th scope="col" class="num">{b.sample_collected}</th>
                            <th scope="col" class="num">{b.sample_reached}</th>
                            <th scope="col" class="num">{b.sample_projected}</th>
                            <th scope="col">{b.sample_pace}</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </section>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interval_is_shown_only_above_the_sample_floor() {
        let figure = Figure::of(&LevelCounts { very_good: 5, good: 3, fair: 1, poor: 1 });
        assert_eq!(interval_label(&figure, 5), "49–94%");
        assert_eq!(interval_label(&figure, 11), "", "ten answers are under a floor of eleven");
        assert_eq!(interval_label(&Figure::default(), 0), "");
    }

    #[test]
    fn thin_figures_sort_after_every_reliable_one() {
        let thin = Figure::of(&LevelCounts { very_good: 1, ..LevelCounts::default() });
        let low = Figure::of(&LevelCounts { very_good: 2, poor: 8, ..LevelCounts::default() });
        assert_eq!(sort_key(&low, 5), "20.000");
        assert_eq!(sort_key(&thin, 5), "");
    }
}
