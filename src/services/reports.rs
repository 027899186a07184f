//! A report of a unit and its subtree over a calendar month, quarter or year (`domain::report`): the figures the
//! dashboard shows, gathered as named tables — indexes, levels, units beneath, sample targets, fields,
//! procedures, officials above the floor, channels, reasons, comments, the units' commendation ranking — for the
//! printable page, the workbook and the CSV alike.

use std::collections::HashMap;

use crate::domain::index::{Figure, LevelCounts, UnitSummary};
use crate::domain::interval::Interval;
use crate::domain::questionnaire::Questionnaire;
use crate::domain::ranking::{rank_for_commendation, worst_first};
use crate::domain::rating::Level;
use crate::domain::report::{Cell, ReportPeriod, Sheet};
use crate::domain::unit_tree;
use crate::i18n::reports::sheet as s;
use crate::i18n::Locale;
use crate::services::breakdowns::{self, Named};
use crate::services::figures::{self, Window};
use crate::services::samples::{self, UnitSample};
use crate::store::{Store, StoreResult, Unit};

/// Comments a report quotes.
const COMMENTS: i64 = 20;

pub struct Report {
    pub unit: Unit,
    /// The unit above it, whose name heads the document ("UBND TỈNH …"); none at the top of the tree.
    pub parent: Option<String>,
    pub period: ReportPeriod,
    pub summary: UnitSummary,
    /// Responses of the period voided or flagged as misuse: in no figure.
    pub apart: u64,
    pub sheets: Vec<Sheet>,
}

/// What a report is built from besides the store.
pub struct Request<'a> {
    pub unit: &'a Unit,
    pub period: ReportPeriod,
    /// The reader's tree, `(id, parent)`, and every unit of it by id.
    pub nodes: &'a [(i64, Option<i64>)],
    pub names: &'a HashMap<i64, &'a str>,
    pub questionnaire: &'a Questionnaire,
    pub floor: u64,
    /// Local day the report is made on (judges the pace of a period still running).
    pub today: i64,
}

pub async fn build(store: &Store, r: Request<'_>) -> StoreResult<Report> {
    let (from_day, to_day) = r.period.days();
    let window = Window { unit_id: r.unit.id, from_day, to_day, official_id: None };
    let name_of = |id: &i64| r.names.get(id).map(|n| (*n).to_owned()).unwrap_or_default();
    let children: Vec<(i64, String)> =
        r.nodes.iter().filter(|(_, parent)| *parent == Some(r.unit.id)).map(|(id, _)| (*id, name_of(id))).collect();
    let mut sample_rows = vec![(r.unit.id, r.unit.name.clone())];
    sample_rows.extend(children.iter().cloned());
    let (summary, apart, units, (procedures, fields), officials, channels, reasons, comments, samples) = tokio::try_join!(
        figures::summary(store, r.questionnaire, &window),
        figures::set_apart(store, &window),
        breakdowns::units(store, &window, &children),
        breakdowns::procedures_and_fields(store, &window),
        breakdowns::officials(store, &window),
        breakdowns::channels(store, &window),
        breakdowns::reasons(store, &window, r.questionnaire),
        breakdowns::comments(store, &window, r.names, r.questionnaire, COMMENTS),
        samples::in_period(store, r.nodes, &sample_rows, r.period, r.today),
    )?;
    let floor = r.floor;
    let counted = summary.overall.total();
    let about = about(r.unit, r.period, floor, counted, apart.misuse + apart.voided);
    let ranked_officials: Vec<Named> = officials.iter().filter(|o| o.counts.total() >= floor.max(1)).cloned().collect();
    let left_out = officials.len() - ranked_officials.len();
    let sheets = vec![
        about,
        indexes(&summary, floor),
        levels(&summary.overall),
        figures_sheet(s::UNITS, units.clone(), floor, None),
        samples_sheet(&samples),
        figures_sheet(s::FIELDS, fields, floor, None),
        figures_sheet(s::PROCEDURES, procedures, floor, None),
        figures_sheet(s::OFFICIALS, ranked_officials, floor, Some(officials_note(floor, left_out))),
        figures_sheet(s::CHANNELS, channels, floor, Some(s::CHANNELS_NOTE.to_owned())),
        reasons_sheet(reasons),
        comments_sheet(comments),
        commendation(&units, floor),
    ];
    let parent = r.unit.parent_id.and_then(|id| r.names.get(&id)).map(|n| (*n).to_owned());
    Ok(Report { unit: r.unit.clone(), parent, period: r.period, summary, apart: apart.misuse + apart.voided, sheets })
}

/// The units a reader may ask a report of, named and ordered as the tree reads.
pub fn unit_options(nodes: &[(i64, Option<i64>)], names: &HashMap<i64, &str>) -> Vec<(i64, String)> {
    unit_tree::depth_first(nodes)
        .into_iter()
        .map(|(id, depth)| (id, format!("{}{}", "— ".repeat(depth), names.get(&id).copied().unwrap_or_default())))
        .collect()
}

fn sheet(title: &str, columns: &[&str], rows: Vec<Vec<Cell>>, note: Option<String>) -> Sheet {
    Sheet { title: title.to_owned(), columns: columns.iter().map(|c| (*c).to_owned()).collect(), rows, note }
}

fn text(value: impl Into<String>) -> Cell {
    Cell::Text(value.into())
}

fn about(unit: &Unit, period: ReportPeriod, floor: u64, counted: u64, apart: u64) -> Sheet {
    let rows = vec![
        vec![text(s::ABOUT_UNIT), text(unit.name.clone())],
        vec![text(s::ABOUT_PERIOD), text(period.title_vi())],
        vec![text(s::ABOUT_METHOD), text(s::ABOUT_METHOD_V1)],
        vec![text(s::ABOUT_FLOOR), Cell::Count(floor)],
        vec![text(s::ABOUT_COUNTED), Cell::Count(counted)],
        vec![text(s::ABOUT_APART), Cell::Count(apart)],
    ];
    sheet(s::ABOUT, &[s::ITEM, s::VALUE], rows, None)
}

/// A figure's value, or none below the floor; and its interval as `low–high`.
fn figure_cells(figure: Figure, floor: u64) -> [Cell; 3] {
    let reliable = figure.is_reliable(floor);
    let interval = figure.interval().filter(|_| reliable).map(interval_text).unwrap_or_default();
    [Cell::Percent(figure.value.filter(|_| reliable)), text(interval), Cell::Count(figure.count)]
}

fn interval_text(interval: Interval) -> String {
    let percent = |v: f64| format!("{:.1}", v * 100.0).replace('.', ",");
    format!("{}–{}", percent(interval.low), percent(interval.high))
}

fn indexes(summary: &UnitSummary, floor: u64) -> Sheet {
    let i = &summary.indexes;
    let row = |name: &str, figure: Figure| {
        let mut cells = vec![text(name)];
        cells.extend(figure_cells(figure, floor));
        cells
    };
    let mut rows = vec![row(s::HEADLINE, i.headline), row(s::COMPOSITE, i.composite)];
    rows.extend(i.factors.iter().map(|(factor, figure)| row(factor.name_vi(), *figure)));
    let mean = i.mean_score.map(|m| format!("{m:.2}").replace('.', ",")).unwrap_or_default();
    rows.push(vec![text(s::MEAN), text(mean), text(""), Cell::Count(i.headline.count)]);
    let note = s::INDEXES_NOTE.replace("{floor}", &floor.to_string());
    sheet(s::INDEXES, &[s::INDEX, s::PERCENT, s::INTERVAL, s::ANSWERS], rows, Some(note))
}

fn levels(overall: &LevelCounts) -> Sheet {
    let names = Locale::Vi.texts().levels;
    let total = overall.total();
    let rows = [Level::VeryGood, Level::Good, Level::Fair, Level::Poor]
        .into_iter()
        .map(|level| {
            let n = overall.get(level);
            let share = (total > 0).then(|| n as f64 * 100.0 / total as f64);
            vec![text(names[usize::from(level.score()) - 1]), Cell::Count(n), Cell::Percent(share)]
        })
        .collect();
    sheet(s::LEVELS, &[s::LEVEL, s::RESPONSES, s::SHARE], rows, None)
}

/// A breakdown, worst reliable figure first and thin ones last (as the dashboard orders them).
fn figures_sheet(title: &str, mut rows: Vec<Named>, floor: u64, note: Option<String>) -> Sheet {
    rows.sort_by(|a, b| worst_first(&a.counts, &b.counts, floor));
    let names = Locale::Vi.texts().levels;
    // A detail column only where some row has one (fields and units beneath have none).
    let detailed = rows.iter().any(|r| !r.detail.is_empty());
    let mut columns = vec![s::NAME];
    columns.extend(detailed.then_some(s::DETAIL));
    columns.extend([s::PERCENT, s::INTERVAL, s::RESPONSES, names[3], names[2], names[1], names[0]]);
    let rows = rows
        .into_iter()
        .map(|named| {
            let c = named.counts;
            let mut cells = vec![text(named.name)];
            cells.extend(detailed.then(|| text(named.detail)));
            cells.extend(figure_cells(Figure::of(&c), floor));
            cells.extend([c.very_good, c.good, c.fair, c.poor].map(Cell::Count));
            cells
        })
        .collect();
    sheet(title, &columns, rows, note)
}

fn officials_note(floor: u64, left_out: usize) -> String {
    s::OFFICIALS_NOTE.replace("{floor}", &floor.to_string()).replace("{left}", &left_out.to_string())
}

fn samples_sheet(samples: &[UnitSample]) -> Sheet {
    let rows = samples
        .iter()
        .map(|sample| {
            let p = sample.progress;
            let verdict = if p.collected >= p.target {
                s::VERDICT_MET
            } else if p.needs_more {
                s::VERDICT_SHORT
            } else if p.projected.is_some() {
                s::VERDICT_ON_TRACK
            } else {
                ""
            };
            vec![
                text(sample.name.clone()),
                text(crate::i18n::surveys::VI.rule_name(sample.rule)),
                Cell::Count(u64::try_from(sample.transactions).unwrap_or(0)),
                Cell::Count(p.target),
                Cell::Count(p.collected),
                Cell::Percent(Some(p.reached * 100.0)),
                text(verdict),
            ]
        })
        .collect();
    let columns = [s::NAME, s::RULE, s::TRANSACTIONS, s::TARGET, s::COLLECTED, s::REACHED, s::VERDICT];
    sheet(s::SAMPLES, &columns, rows, Some(s::SAMPLES_NOTE.to_owned()))
}

fn reasons_sheet(reasons: Vec<Named>) -> Sheet {
    let rows = reasons.into_iter().map(|r| vec![text(r.name), Cell::Count(r.counts.total())]).collect();
    sheet(s::REASONS, &[s::REASON, s::TIMES], rows, None)
}

fn comments_sheet(comments: Vec<breakdowns::CommentItem>) -> Sheet {
    let levels = Locale::Vi.texts().levels;
    let n = comments.len();
    let rows = comments
        .into_iter()
        .map(|c| {
            let level = levels.get(usize::from(c.overall).saturating_sub(1)).copied().unwrap_or_default();
            vec![
                text(c.when),
                text(c.unit),
                text(c.official.unwrap_or_default()),
                text(level),
                text(c.reasons.join(", ")),
                text(c.text),
            ]
        })
        .collect();
    let columns = [s::WHEN, s::ABOUT_UNIT, s::OFFICIAL, s::LEVEL, s::REASON, s::COMMENT];
    sheet(s::COMMENTS, &columns, rows, Some(s::COMMENTS_NOTE.replace("{n}", &n.to_string())))
}

fn commendation(units: &[Named], floor: u64) -> Sheet {
    let items: Vec<(usize, LevelCounts)> = units.iter().enumerate().map(|(i, u)| (i, u.counts)).collect();
    let rows = rank_for_commendation(&items, floor)
        .into_iter()
        .map(|place| {
            vec![
                Cell::Count(place.place as u64),
                text(units[place.key].name.clone()),
                Cell::Percent(Some(place.index)),
                text(interval_text(place.interval)),
                Cell::Count(place.count),
            ]
        })
        .collect();
    let note = s::COMMENDATION_NOTE.replace("{floor}", &floor.to_string());
    sheet(s::COMMENDATION, &[s::PLACE, s::NAME, s::PERCENT, s::INTERVAL, s::RESPONSES], rows, Some(note))
}
