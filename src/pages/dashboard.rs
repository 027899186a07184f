//! The leader dashboard: headline and factor indexes with their counts, the four levels, the daily
//! trend, officials, procedures and the latest comments. Figures below the sample floor are greyed.

use leptos::prelude::*;

use super::alerts::{AlertItem, OpenAlerts};
use super::chart::TrendChart;
use super::{document, Document, StaffBar, StaffHeader};
use crate::domain::index::UnitSummary;
use crate::domain::index::{Figure, LevelCounts};
use crate::domain::interval::wilson;
use crate::domain::period::Period;
use crate::domain::rating::Level;
use crate::i18n::{Locale, Texts};
use crate::services::figures::SetApart;

#[derive(Default)]
pub struct DashboardView {
    pub staff: StaffBar,
    /// Every unit, indented by depth, in tree order.
    pub units: Vec<(i64, String)>,
    pub unit_id: Option<i64>,
    pub period: Period,
    pub floor: u64,
    pub summary: Option<UnitSummary>,
    /// The same figures over as many days just before, for comparison.
    pub previous: Option<UnitSummary>,
    pub trend: Vec<TrendPoint>,
    pub officials: Vec<GroupRow>,
    pub procedures: Vec<GroupRow>,
    /// How many officials and procedures there were before the tables were cut to their first rows.
    pub totals: (usize, usize),
    pub comments: Vec<CommentItem>,
    /// Responses of the period flagged as misuse (kiosk repeat presses) or voided: in no figure, counted here.
    pub set_apart: SetApart,
    /// Tablets of the subtree not heard from lately: (name, counter, last heard).
    pub silent_tablets: Vec<(String, String, String)>,
    /// The subtree's open alerts; `None` for an official's own page (alerts are for those who handle them).
    pub alerts: Option<Vec<AlertItem>>,
    /// Officials above the sample floor, best first, those not told apart sharing a place.
    pub commendation: Vec<RankedRow>,
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

pub struct TrendPoint {
    pub label: String,
    pub figure: Figure,
}

pub struct GroupRow {
    pub name: String,
    pub detail: String,
    pub photo_url: Option<String>,
    pub figure: Figure,
    pub counts: LevelCounts,
}

pub struct CommentItem {
    pub when: String,
    pub overall: u8,
    pub text: String,
    pub official: Option<String>,
    pub unit: String,
}

pub fn render_dashboard(v: DashboardView) -> String {
    let t = Locale::Vi.texts();
    let floor = v.floor;
    let picker = picker(&v, t);
    let live = v.summary.is_some().then_some(v.unit_id).flatten().map(|unit| view! { <LiveFeed unit=unit/> });
    let register = v.alerts.is_some().then_some(v.unit_id).flatten().map(|unit| {
        let href = format!("/responses?unit={unit}&period={}", v.period.key());
        view! { <p class="board-links"><a href=href>{t.register.title}</a></p> }
    });
    let alerts = v
        .alerts
        .zip(v.unit_id)
        .map(|(items, unit)| view! { <OpenAlerts unit=unit items=items csrf=v.staff.csrf.clone()/> });
    let content = match v.summary {
        None => view! { <p class="muted">{t.no_data}</p> }.into_any(),
        Some(summary) => view! {
            <section class="tiles">
                <Tile label=t.headline_index figure=summary.indexes.headline floor=floor unit=t.responses
                    previous=v.previous.as_ref().map(|p| p.indexes.headline)/>
                <Tile label=t.composite_index figure=summary.indexes.composite floor=floor unit=t.answers
                    previous=v.previous.as_ref().map(|p| p.indexes.composite)/>
                <div class="tile">
                    <p class="tile-label">{t.mean_score}</p>
                    <p class="tile-value">{summary.indexes.mean_score.map(|m| format!("{m:.2}")).unwrap_or_else(|| "—".into())}</p>
                    <p class="tile-count">{summary.overall.total()}" "{t.responses}</p>
                </div>
            </section>
            <section class="panel">
                <h2>{t.distribution}</h2>
                <Distribution counts=summary.overall/>
            </section>
            <section class="panel">
                <h2>{t.factors}</h2>
                <table class="grid">
                    <tbody>
                        {summary.indexes.factors.iter().map(|(factor, figure)| view! {
                            <tr>
                                <th scope="row">{factor.name_vi()}</th>
                                <td class="num"><FigureCell figure=*figure floor=floor/></td>
                                <td class="num muted">{figure.count}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            <section class="panel wide">
                <h2>{t.trend}</h2>
                <TrendChart points=v.trend floor=floor/>
            </section>
            <GroupTable title=t.by_official first=t.official rows=v.officials floor=floor total=v.totals.0/>
            <Commendation rows=v.commendation floor=floor/>
            <GroupTable title=t.by_procedure first=t.procedure rows=v.procedures floor=floor total=v.totals.1/>
            <section class="panel wide">
                <h2>{t.latest_comments}</h2>
                <Comments items=v.comments/>
            </section>
            <Formulas floor=floor/>
        }
        .into_any(),
    };
    document(
        Document { title: t.dashboard_title, locale: Locale::Vi, islands: None, body_class: "staff", web_app: false },
        view! {
            <StaffHeader bar=v.staff.clone()/>
            <main class="dashboard">
                <h1>{t.dashboard_title}</h1>
                {picker}
                {register}
                <Alerts apart=v.set_apart silent=v.silent_tablets/>
                {alerts}
                {live}
                <div class="board">{content}</div>
            </main>
            <script src="/dashboard.js" defer=true></script>
        },
    )
}

/// What needs a look besides the figures: silent tablets, and responses kept out of the figures.
#[component]
fn Alerts(apart: SetApart, silent: Vec<(String, String, String)>) -> impl IntoView {
    let k = Locale::Vi.texts().kiosk;
    let tablets = (!silent.is_empty()).then(|| {
        let items = silent
            .into_iter()
            .map(|(name, counter, seen)| view! { <li>{name}" · "{counter}" — "{k.last_heartbeat}" "{seen}</li> })
            .collect_view();
        view! {
            <div class="panel notice-panel" role="status">
                <h2>{k.tablets_offline}</h2>
                <ul class="plain">{items}</ul>
            </div>
        }
    });
    let r = Locale::Vi.texts().register;
    let presses = (apart.misuse > 0)
        .then(|| view! { <p class="misuse-note">{format!("{} {}", apart.misuse, k.misuse_apart)}</p> });
    let voided = (apart.voided > 0)
        .then(|| view! { <p class="misuse-note">{format!("{} {}", apart.voided, r.voided_apart)}</p> });
    view! { {tablets}{presses}{voided} }
}

/// "Vừa xong": ratings arriving while the page is open, added by `/dashboard.js` from `/dashboard/live`. The texts
/// and level names it needs travel in data attributes, so the script holds no words of its own.
#[component]
fn LiveFeed(unit: i64) -> impl IntoView {
    let t = Locale::Vi.texts();
    let levels: serde_json::Map<String, serde_json::Value> = Level::DISPLAY_ORDER
        .into_iter()
        .map(|l| (l.score().to_string(), serde_json::json!([l.key(), t.level(l)])))
        .collect();
    view! {
        <section class="panel live" id="live" data-unit=unit.to_string() data-levels=serde_json::Value::Object(levels).to_string()
            data-on=t.live_on data-off=t.live_off data-new=t.live_new aria-labelledby="live-title">
            <h2 id="live-title">{t.live_title}" "<span class="live-state" id="live-state" role="status">{t.live_connecting}</span></h2>
            <p class="live-count" id="live-count" hidden=true>
                <span id="live-n"></span>" "{t.live_new}" · "<a href="">{t.live_reload}</a>
            </p>
            <ul class="feed" id="live-feed" aria-live="polite">
                <li class="muted" id="live-empty">{t.live_empty}</li>
            </ul>
        </section>
    }
}

fn picker(v: &DashboardView, t: &'static Texts) -> impl IntoView {
    let units = v
        .units
        .iter()
        .map(
            |(id, name)| view! { <option value=id.to_string() selected=v.unit_id == Some(*id)>{name.clone()}</option> },
        )
        .collect_view();
    let periods = Period::ALL
        .into_iter()
        .map(|p| view! { <option value=p.key() selected=p == v.period>{t.periods[p.index()]}</option> })
        .collect_view();
    view! {
        <form class="picker" method="get" action="/dashboard">
            <label>{t.unit}" "<select name="unit">{units}</select></label>
            <label>{t.period}" "<select name="period">{periods}</select></label>
            <button type="submit" class="button">{t.show}</button>
        </form>
    }
}

/// A percentage with one decimal, or "chưa đủ mẫu" (greyed) when too few answers stand behind it.
#[component]
fn FigureCell(figure: Figure, floor: u64) -> impl IntoView {
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

#[component]
fn Tile(
    label: &'static str,
    figure: Figure,
    floor: u64,
    unit: &'static str,
    previous: Option<Figure>,
) -> impl IntoView {
    let t = Locale::Vi.texts();
    let before = previous.map(|p| {
        view! {
            <p class="tile-previous muted">{t.previous_period}": "<FigureCell figure=p floor=floor/>" · "{p.count}" "{unit}</p>
        }
    });
    view! {
        <div class="tile">
            <p class="tile-label">{label}</p>
            <p class="tile-value"><FigureCell figure=figure floor=floor/></p>
            <p class="tile-count">{figure.count}" "{unit}</p>
            {before}
        </div>
    }
}

/// Four horizontal bars, best level first, each with its count and share.
#[component]
fn Distribution(counts: LevelCounts) -> impl IntoView {
    let t = Locale::Vi.texts();
    let total = counts.total().max(1) as f64;
    let rows = Level::DISPLAY_ORDER
        .into_iter()
        .map(|level| {
            let n = counts.get(level);
            let share = n as f64 * 100.0 / total;
            view! {
                <div class="bar-row">
                    <span class="bar-label">{t.level(level)}</span>
                    <span class="bar-track">
                        <span class=format!("bar level-{}", level.key()) style=format!("width:{share:.1}%")></span>
                    </span>
                    <span class="bar-value">{n}" · "{format!("{share:.0}%")}</span>
                </div>
            }
        })
        .collect_view();
    view! { <div class="bars">{rows}</div> }
}

#[component]
fn GroupTable(
    title: &'static str,
    first: &'static str,
    rows: Vec<GroupRow>,
    floor: u64,
    total: usize,
) -> impl IntoView {
    let t = Locale::Vi.texts();
    let cut = (total > rows.len()).then(|| {
        let note = t.rows_shown.replace("{shown}", &rows.len().to_string()).replace("{total}", &total.to_string());
        view! { <p class="hint">{note}</p> }
    });
    let body = rows
        .into_iter()
        .map(|row| {
            let photo = row.photo_url.map(|src| view! { <img class="thumb" src=src alt="" width="32" height="32" loading="lazy"/> });
            let poor = row.counts.get(Level::Poor);
            view! {
                <tr>
                    <th scope="row">
                        <span class="who">{photo}<span>{row.name}<br/><small class="muted">{row.detail}</small></span></span>
                    </th>
                    <td class="num"><FigureCell figure=row.figure floor=floor/></td>
                    <td class="num muted">{interval_label(&row.counts, floor)}</td>
                    <td class="num">{row.figure.count}</td>
                    <td class="num level-chua-tot-text">{poor}</td>
                </tr>
            }
        })
        .collect_view();
    // A table wider than a phone scrolls inside its panel: the panel takes the keyboard's focus so it can be scrolled.
    view! {
        <section class="panel wide" tabindex="0" role="region" aria-label=title>
            <h2>{title}</h2>
            <table class="grid">
                <thead>
                    <tr>
                        <th scope="col">{first}</th>
                        <th scope="col" class="num">{t.headline_index}</th>
                        <th scope="col" class="num">{t.confidence_interval}</th>
                        <th scope="col" class="num">{t.responses}</th>
                        <th scope="col" class="num">{t.level(Level::Poor)}</th>
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
fn Commendation(rows: Vec<RankedRow>, floor: u64) -> impl IntoView {
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
                        <th scope="col" class="num">{t.responses}</th>
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

/// Each formula in plain Vietnamese, for whoever reads a figure about a person.
#[component]
fn Formulas(floor: u64) -> impl IntoView {
    let t = Locale::Vi.texts();
    view! {
        <section class="panel wide">
            <details>
                <summary>{t.formulas_title}</summary>
                <ul class="formulas">
                    <li>{t.formula_headline}</li>
                    <li>{t.formula_composite}</li>
                    <li>{t.formula_mean}</li>
                    <li>{t.formula_interval}</li>
                    <li>{t.formula_floor.replace("{floor}", &floor.to_string())}</li>
                </ul>
            </details>
        </section>
    }
}

/// "49–94%": where the index plausibly lies given how few answered; nothing below the sample floor.
fn interval_label(counts: &LevelCounts, floor: u64) -> String {
    match wilson(counts.satisfied(), counts.total()) {
        Some(i) if counts.total() >= floor => format!("{:.0}–{:.0}%", i.low * 100.0, i.high * 100.0),
        _ => String::new(),
    }
}

#[component]
fn Comments(items: Vec<CommentItem>) -> impl IntoView {
    let t = Locale::Vi.texts();
    if items.is_empty() {
        return view! { <p class="muted">{t.no_data}</p> }.into_any();
    }
    let list = items
        .into_iter()
        .map(|c| {
            let level = Level::from_score(i64::from(c.overall)).unwrap_or(Level::Fair);
            let who = [Some(c.unit), c.official].into_iter().flatten().collect::<Vec<_>>().join(" · ");
            view! {
                <li>
                    <p class="comment-meta">
                        <span class=format!("pill level-{}", level.key())>{t.level(level)}</span>
                        " "<span class="muted">{c.when}" · "{who}</span>
                    </p>
                    <p class="comment-text">{c.text}</p>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="comments">{list}</ul> }.into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interval_is_shown_only_above_the_sample_floor() {
        let counts = LevelCounts { very_good: 5, good: 3, fair: 1, poor: 1 };
        assert_eq!(interval_label(&counts, 5), "49–94%");
        assert_eq!(interval_label(&counts, 11), "", "ten answers are under a floor of eleven");
        assert_eq!(interval_label(&LevelCounts::default(), 0), "");
    }
}
