//! The leader dashboard, one page: the period picker and the way down the unit tree; headline, composite and
//! factor indexes with their counts and intervals beside the previous period; the four levels; the trend; the hour ×
//! weekday heatmap; breakdowns by unit, counter, official, procedure, field and channel; the commendation ranking;
//! the latest comments; and the live feed. Figures below the sample floor are greyed. An official's own page is the
//! same page with their figures only.

mod reminders;
mod tables;

use leptos::prelude::*;

use self::reminders::Reminders;
pub use self::tables::{interval_label, GroupRow, RankedRow, Table};
use self::tables::{Commendation, FigureCell, GroupTable, SampleTable};
use super::alerts::{AlertItem, OpenAlerts};
use super::chart::TrendChart;
use super::heatmap::Heatmap;
use super::{document, Document, StaffBar, StaffHeader};
use crate::domain::calendar::Deadline;
use crate::domain::ids::UnitId;
use crate::domain::index::{Figure, LevelCounts, UnitSummary};
use crate::domain::period::{month_display, Choice, Period};
use crate::domain::rating::Level;
use crate::i18n::{Locale, Texts};
use crate::services::breakdowns::CommentItem;
use crate::services::figures::{ResponseRate, SetApart};
use crate::services::samples::UnitSample;

#[derive(Default)]
pub struct DashboardView {
    pub staff: StaffBar,
    /// Every unit, indented by depth, in tree order.
    pub units: Vec<(i64, String)>,
    pub unit_id: Option<UnitId>,
    pub choice: Choice,
    /// A custom period was asked with dates that make none: the page says so (and shows the default).
    pub period_error: bool,
    /// An official's own page: their figures only.
    pub own: bool,
    /// From the top of the person's tree down to the unit shown: `(id, name)`.
    pub breadcrumb: Vec<(i64, String)>,
    pub floor: u64,
    pub summary: Option<UnitSummary>,
    /// The same figures over as many days just before, for comparison.
    pub previous: Option<UnitSummary>,
    pub trend: Vec<TrendPoint>,
    /// The period runs to now: ratings arriving live belong to its figures.
    pub runs_to_now: bool,
    /// Counts per hour of the week (`weekday × 24 + hour`).
    pub heatmap: Vec<(i64, LevelCounts)>,
    pub tables: Tables,
    pub comments: Vec<CommentItem>,
    /// Responses of the period flagged as misuse (kiosk repeat presses) or voided: in no figure, counted here.
    pub set_apart: SetApart,
    /// Responses ÷ transactions over the window's months; none on an official's own page.
    pub response_rate: Option<ResponseRate>,
    /// Tablets of the subtree not heard from lately: (name, counter, last heard).
    pub silent_tablets: Vec<(String, String, String)>,
    /// The unit's officials and counters whose latest ratings show a pattern (`services::patterns`), one line each;
    /// none on an official's own page.
    pub patterns: Vec<String>,
    /// The subtree's open alerts; `None` for an official's own page (alerts are for those who handle them).
    pub alerts: Option<Vec<AlertItem>>,
    /// Officials above the sample floor, best first, those not told apart sharing a place.
    pub commendation: Vec<RankedRow>,
    /// The year's sample targets of the unit and each unit beneath it; none on an official's own page.
    pub samples: Vec<UnitSample>,
    /// The survey calendar's deadlines of the coming weeks, with the days left; none on an official's own page.
    pub reminders: Vec<(Deadline, i64)>,
}

/// The breakdowns, each worst first and cut to its first rows.
#[derive(Default)]
pub struct Tables {
    pub units: Table,
    pub counters: Table,
    pub officials: Table,
    pub procedures: Table,
    pub fields: Table,
    pub channels: Table,
    /// Receipt-link ratings, on time and late; empty without any.
    pub timeliness: Table,
}

pub struct TrendPoint {
    pub label: String,
    pub figure: Figure,
}

pub fn render_dashboard(mut v: DashboardView) -> String {
    let t = Locale::Vi.texts();
    let title = if v.own { t.board.my_results } else { t.dashboard_title };
    let staff = v.staff.clone();
    let top = page_top(&mut v, t);
    let content = match v.summary.take() {
        None => view! { <p class="muted">{t.no_data}</p> }.into_any(),
        Some(summary) => board(summary, v, t).into_any(),
    };
    document(
        Document { title, locale: Locale::Vi, islands: None, body_class: "staff", web_app: false },
        view! {
            <StaffHeader bar=staff/>
            <main class="dashboard">
                <h1>{title}</h1>
                {top}
                <div class="board">{content}</div>
            </main>
            <script src="/dashboard.js" defer=true></script>
        },
    )
}

/// Above the figures: where the page is and for when, and what calls for a look — patterns, set-apart ratings and
/// silent tablets, deadlines, open alerts — then the live feed.
fn page_top(v: &mut DashboardView, t: &'static Texts) -> impl IntoView {
    let picker = picker(v, t);
    let crumbs = breadcrumb(&v.breadcrumb, &v.choice);
    let live = v.summary.is_some().then_some(v.unit_id).flatten().map(|unit| view! { <LiveFeed unit=unit.get()/> });
    let register = (!v.own).then_some(v.unit_id).flatten().map(|unit| {
        let href = format!("/responses?unit={unit}&period={}", v.choice.key());
        view! { <p class="board-links"><a href=href>{t.register.title}</a></p> }
    });
    let alerts = std::mem::take(&mut v.alerts)
        .zip(v.unit_id)
        .map(|(items, unit)| view! { <OpenAlerts unit=unit items=items csrf=v.staff.csrf.clone()/> });
    let period_error = v.period_error.then(|| view! { <p class="error" role="alert">{t.board.period_invalid}</p> });
    view! {
        {crumbs}
        {picker}
        {period_error}
        {register}
        {v.unit_id.map(|unit_id| view! { <Patterns lines=std::mem::take(&mut v.patterns) unit_id=unit_id/> })}
        <Alerts apart=std::mem::take(&mut v.set_apart) silent=std::mem::take(&mut v.silent_tablets)/>
        <Reminders due=std::mem::take(&mut v.reminders) unit_id=v.unit_id/>
        {alerts}
        {live}
    }
}

/// The figures: the tiles, the four levels, the factors, the trend, the heatmap, the breakdowns and the comments (an
/// official's own page shows neither factors, heatmap nor breakdowns).
fn board(summary: UnitSummary, v: DashboardView, t: &'static Texts) -> impl IntoView {
    let (floor, own) = (v.floor, v.own);
    let previous = v.previous.as_ref().map(|p| p.indexes.clone());
    let composite = (!own).then(|| {
        view! {
            <Tile label=t.composite_index figure=summary.indexes.composite floor=floor unit=t.answers
                previous=previous.as_ref().map(|p| p.composite)/>
        }
        .into_any()
    });
    let heatmap = (!own).then(|| {
        view! {
            <section class="panel wide">
                <h2>{t.board.heatmap}</h2>
                <Heatmap cells=v.heatmap floor=floor/>
            </section>
        }
        .into_any()
    });
    view! {
        <section class="tiles" id="tiles">
            <Tile label=t.headline_index figure=summary.indexes.headline floor=floor unit=t.responses
                previous=previous.as_ref().map(|p| p.headline)/>
            {composite}
            <div class="tile">
                <p class="tile-label">{t.mean_score}</p>
                <p class="tile-value">{summary.indexes.mean_score.map(|m| format!("{m:.2}")).unwrap_or_else(|| "—".into())}</p>
                <p class="tile-count">{summary.overall.total()}" "{t.responses}</p>
            </div>
            {v.response_rate.map(|rate| view! { <RateTile rate=rate/> })}
        </section>
        <section class="panel">
            <h2>{t.distribution}</h2>
            <Distribution counts=summary.overall live=v.runs_to_now/>
        </section>
        {(!own).then(|| factors_panel(&summary, floor, t).into_any())}
        <section class="panel wide">
            <h2>{t.trend}</h2>
            <TrendChart points=v.trend floor=floor label=t.trend_chart/>
        </section>
        {heatmap}
        {(!own).then(|| breakdowns(v.tables, v.commendation, v.samples, floor, t).into_any())}
        <section class="panel wide">
            <h2>{t.latest_comments}</h2>
            <Comments items=v.comments/>
        </section>
        <Formulas floor=floor/>
    }
}

/// Each factor's index, interval and answers.
fn factors_panel(summary: &UnitSummary, floor: u64, t: &'static Texts) -> impl IntoView {
    let b = t.board;
    let rows = summary
        .indexes
        .factors
        .iter()
        .map(|(factor, figure)| {
            view! {
                <tr>
                    <th scope="row">{t.factor(*factor)}</th>
                    <td class="num"><FigureCell figure=*figure floor=floor/></td>
                    <td class="num muted">{interval_label(figure, floor)}</td>
                    <td class="num muted">{figure.count}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel span2" tabindex="0" role="region" aria-label=t.factors>
            <h2>{t.factors}</h2>
            <table class="grid">
                <thead>
                    <tr>
                        <th scope="col">{b.factor}</th>
                        <th scope="col" class="num">{t.headline_index}</th>
                        <th scope="col" class="num">{t.confidence_interval}</th>
                        <th scope="col" class="num">{b.count}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// The breakdowns by unit, counter, official, procedure, field, channel and timeliness, the commendation ranking
/// and the sample targets.
fn breakdowns(
    tables: Tables,
    commendation: Vec<RankedRow>,
    samples: Vec<UnitSample>,
    floor: u64,
    t: &'static Texts,
) -> impl IntoView {
    let b = t.board;
    let units = (!tables.units.rows.is_empty())
        .then(|| view! { <GroupTable title=b.by_unit first=t.unit table=tables.units floor=floor/> });
    view! {
        <p class="hint wide sort-hint">{b.sort_hint}</p>
        {units}
        <GroupTable title=b.by_counter first=b.counter table=tables.counters floor=floor/>
        <GroupTable title=t.by_official first=t.official table=tables.officials floor=floor/>
        <Commendation rows=commendation floor=floor/>
        <GroupTable title=t.by_procedure first=t.procedure table=tables.procedures floor=floor/>
        <GroupTable title=b.by_field first=b.field table=tables.fields floor=floor/>
        <GroupTable title=b.by_channel first=b.channel table=tables.channels floor=floor/>
        {(!tables.timeliness.rows.is_empty()).then(|| view! {
            <GroupTable title=b.by_timeliness first=b.timeliness table=tables.timeliness floor=floor/>
        })}
        <SampleTable rows=samples/>
    }
}

/// The way down from the top of the person's tree to the unit shown, each step a link that keeps the period.
fn breadcrumb(steps: &[(i64, String)], choice: &Choice) -> Option<impl IntoView> {
    if steps.len() < 2 {
        return None;
    }
    let b = Locale::Vi.texts().board;
    let last = steps.len() - 1;
    let items = steps
        .iter()
        .enumerate()
        .map(|(i, (id, name))| {
            if i == last {
                view! { <li aria-current="page">{name.clone()}</li> }.into_any()
            } else {
                let href = format!("/dashboard?unit={id}&{}", choice.query());
                view! { <li><a href=href>{name.clone()}</a></li> }.into_any()
            }
        })
        .collect_view();
    Some(view! { <nav class="breadcrumb" aria-label=b.breadcrumb><ol>{items}</ol></nav> })
}

/// What needs a look besides the figures: silent tablets, and responses kept out of the figures.
/// Responses per transaction over the months the period touches, named, with both counts.
#[component]
fn RateTile(rate: ResponseRate) -> impl IntoView {
    let b = Locale::Vi.texts().board;
    let months = match (rate.first_month, rate.last_month) {
        (first, last) if first == last => month_display(first),
        (first, last) => format!("{}–{}", month_display(first), month_display(last)),
    };
    let value = rate.value().map_or_else(|| "—".to_owned(), |v| format!("{:.1}%", v * 100.0).replace('.', ","));
    let count = match rate.transactions {
        0 => b.no_transactions.to_owned(),
        n => format!("{} / {} {}", rate.responses, n, b.transactions),
    };
    view! {
        <div class="tile" id="response-rate">
            <p class="tile-label">{b.response_rate}" "{months}</p>
            <p class="tile-value">{value}</p>
            <p class="tile-count">{count}</p>
        </div>
    }
}

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

/// The patterns that call for a look, each explained, with the way to the flagged ratings.
#[component]
fn Patterns(lines: Vec<String>, unit_id: UnitId) -> impl IntoView {
    let a = Locale::Vi.texts().alerts;
    (!lines.is_empty()).then(|| {
        let items = lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view();
        view! {
            <div class="panel notice-panel" role="status">
                <h2>{a.patterns_title}</h2>
                <ul>{items}</ul>
                <p class="hint">{a.patterns_note}" "
                    <a href=format!("/responses?unit={unit_id}&period=today&flagged=1")>{a.patterns_register}</a>
                </p>
            </div>
        }
    })
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
    let b = t.board;
    let units = v
        .units
        .iter()
        .map(
            |(id, name)| view! { <option value=id.to_string() selected=v.unit_id == Some(UnitId::new(*id))>{name.clone()}</option> },
        )
        .collect_view();
    let chosen = v.choice.key();
    let periods = Period::ALL
        .into_iter()
        .map(|p| view! { <option value=p.key() selected=p.key() == chosen>{t.periods[p.index()]}</option> })
        .collect_view();
    let (from, to) = match &v.choice {
        Choice::Custom { from, to, .. } => (from.clone(), to.clone()),
        Choice::Preset(_) => (String::new(), String::new()),
    };
    // Officials have one page; the unit picker is for those who see units.
    let unit_picker = (!v.own).then(|| view! { <label>{t.unit}" "<select name="unit">{units}</select></label> });
    view! {
        <form class="picker" method="get" action="/dashboard">
            {unit_picker}
            <label>{t.period}" "
                <select name="period">{periods}<option value="custom" selected=chosen == "custom">{b.custom}</option></select>
            </label>
            <label class="custom-date">{b.from}" "<input type="date" name="from" value=from/></label>
            <label class="custom-date">{b.to}" "<input type="date" name="to" value=to/></label>
            <button type="submit" class="button">{t.show}</button>
        </form>
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
    let interval = interval_label(&figure, floor);
    let interval = (!interval.is_empty())
        .then(|| view! { <p class="tile-interval muted">{format!("{}: {interval}", t.confidence_interval)}</p> });
    view! {
        <div class="tile">
            <p class="tile-label">{label}</p>
            <p class="tile-value"><FigureCell figure=figure floor=floor/></p>
            <p class="tile-count">{figure.count}" "{unit}</p>
            {interval}
            {before}
        </div>
    }
}

/// Four horizontal bars, best level first, each with its count and share. When the period runs to now,
/// `/dashboard.js` adds each rating that arrives live to its bar (`data-live`).
#[component]
fn Distribution(counts: LevelCounts, live: bool) -> impl IntoView {
    let t = Locale::Vi.texts();
    let total = counts.total().max(1) as f64;
    let rows = Level::DISPLAY_ORDER
        .into_iter()
        .map(|level| {
            let n = counts.get(level);
            let share = n as f64 * 100.0 / total;
            view! {
                <div class="bar-row" data-score=level.score().to_string() data-n=n.to_string()>
                    <span class="bar-label">{t.level(level)}</span>
                    <span class="bar-track">
                        <span class=format!("bar level-{}", level.key()) style=format!("width:{share:.1}%")></span>
                    </span>
                    <span class="bar-value">{n}" · "{format!("{share:.0}%")}</span>
                </div>
            }
        })
        .collect_view();
    view! { <div class="bars" id="distribution" data-live=live.then_some("1")>{rows}</div> }
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
            let reasons = (!c.reasons.is_empty()).then(|| {
                let chips = c.reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view();
                view! { <ul class="reason-tags">{chips}</ul> }
            });
            view! {
                <li>
                    <p class="comment-meta">
                        <span class=format!("pill level-{}", level.key())>{t.level(level)}</span>
                        " "<span class="muted">{c.when}" · "{who}</span>
                    </p>
                    {reasons}
                    <p class="comment-text">{c.text}</p>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="comments">{list}</ul> }.into_any()
}
