//! A report of a unit and its subtree over a calendar month, quarter or year (`domain::report`): the figures the
//! dashboard shows, gathered as named tables — indexes, levels, units beneath, sample targets, fields,
//! procedures, officials above the floor, channels, reasons, comments, the units' commendation ranking — for the
//! printable page, the workbook and the CSV alike.

use std::collections::HashMap;

use crate::domain::disclosure::{alone, disclose, rest, Withheld};
use crate::domain::ids::UnitId;
use crate::domain::index::{Figure, LevelCounts, UnitSummary};
use crate::domain::interval::Interval;
use crate::domain::questionnaire::Questionnaire;
use crate::domain::ranking::{rank_for_commendation, worst_first};
use crate::domain::rating::Level;
use crate::domain::report::{Cell, ReportPeriod, Sheet};
use crate::domain::unit_tree;
use crate::i18n::reports::SHEET as S;
use crate::i18n::Locale;
use crate::services::breakdowns::{self, Named};
use crate::services::disclosure;
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
    /// Why the unit's own figures are withheld from the report, if they are (as on its public page).
    pub withheld: Option<Withheld>,
    /// Responses of the period voided or flagged as misuse: in no figure.
    pub apart: u64,
    pub sheets: Vec<Sheet>,
}

/// What a report is built from besides the store.
pub struct Request<'a> {
    pub unit: &'a Unit,
    pub period: ReportPeriod,
    /// The reader's tree, `(id, parent)`, and every unit of it by id.
    pub nodes: &'a [(UnitId, Option<UnitId>)],
    pub names: &'a HashMap<UnitId, &'a str>,
    pub questionnaire: &'a Questionnaire,
    pub floor: u64,
    /// Local day the report is made on (judges the pace of a period still running).
    pub today: i64,
}

pub async fn build(store: &Store, r: Request<'_>) -> StoreResult<Report> {
    let (from_day, to_day) = r.period.days();
    let window = Window { unit_id: r.unit.id, from_day, to_day, official_id: None };
    let name_of = |id: &UnitId| r.names.get(id).map(|n| (*n).to_owned()).unwrap_or_default();
    let children: Vec<(UnitId, String)> =
        r.nodes.iter().filter(|(_, parent)| *parent == Some(r.unit.id)).map(|(id, _)| (*id, name_of(id))).collect();
    let mut sample_rows = vec![(r.unit.id, r.unit.name.clone())];
    sample_rows.extend(children.iter().cloned());
    let (summary, apart, standing, (procedures, fields), officials, channels, reasons, comments, samples) = tokio::try_join!(
        figures::summary(store, r.questionnaire, &window),
        figures::set_apart(store, &window),
        disclosure::standing(store, r.unit.id, from_day, to_day, r.floor),
        breakdowns::procedures_and_fields(store, &window),
        breakdowns::officials(store, &window),
        breakdowns::channels(store, &window),
        breakdowns::reasons(store, &window, r.questionnaire),
        breakdowns::comments(store, &window, r.names, r.questionnaire, COMMENTS),
        samples::in_period(store, r.nodes, &sample_rows, r.period, r.today),
    )?;
    let floor = r.floor;
    let own = standing.own;
    let total = summary.overall.total();
    let units: Vec<(Named, Option<Withheld>)> =
        standing.beneath.into_iter().map(|u| (Named::new(u.id, u.name, String::new(), u.counts), u.withheld)).collect();
    let mut verdicts: HashMap<UnitId, Option<Withheld>> = units.iter().map(|(u, w)| (UnitId::new(u.id), *w)).collect();
    verdicts.insert(r.unit.id, own);
    let fields = disclosed(own, fields, total, floor);
    let procedures = within_fields(&fields, procedures, floor);
    let officials = disclosed(own, officials, total, floor);
    let shown_officials: Vec<_> =
        officials.iter().filter(|(o, w)| w.is_none() && o.counts.total() >= floor.max(1)).cloned().collect();
    let left_out = officials.len() - shown_officials.len();
    let about = about(r.unit, r.period, floor, own.map_or(Ok(total), Err), apart.misuse + apart.voided);
    let sheets = vec![
        about,
        indexes(&summary, floor, own),
        levels(&summary.overall, own),
        figures_sheet(S.units, units.clone(), floor, Some(protect_note(floor))),
        samples_sheet(&samples, &verdicts),
        figures_sheet(S.fields, fields, floor, None),
        figures_sheet(S.procedures, procedures, floor, None),
        figures_sheet(S.officials, shown_officials, floor, Some(officials_note(floor, left_out))),
        figures_sheet(S.channels, disclosed(own, channels, total, floor), floor, Some(S.channels_note.to_owned())),
        reasons_sheet(reasons),
        comments_sheet(comments),
        commendation(&units, floor),
    ];
    let parent = r.unit.parent_id.and_then(|id| r.names.get(&id)).map(|n| (*n).to_owned());
    let apart = apart.misuse + apart.voided;
    Ok(Report { unit: r.unit.clone(), parent, period: r.period, summary, withheld: own, apart, sheets })
}

/// A breakdown of the unit's answers, each row with its verdict (`domain::disclosure`).
fn disclosed(own: Option<Withheld>, rows: Vec<Named>, total: u64, floor: u64) -> Vec<(Named, Option<Withheld>)> {
    let answers: Vec<u64> = rows.iter().map(|r| r.counts.total()).collect();
    let verdicts = disclose(own, &answers, rest(total, &answers), floor).rows;
    rows.into_iter().zip(verdicts).collect()
}

/// Procedures, each judged within its field: a field is the sum of its procedures, so a shown field less its
/// shown procedures must not give a withheld one away.
fn within_fields(
    fields: &[(Named, Option<Withheld>)],
    procedures: Vec<Named>,
    floor: u64,
) -> Vec<(Named, Option<Withheld>)> {
    let mut judged = Vec::with_capacity(procedures.len());
    for (field, verdict) in fields {
        let mine: Vec<Named> = procedures.iter().filter(|p| p.field == Some(field.id)).cloned().collect();
        judged.extend(disclosed(*verdict, mine, field.counts.total(), floor));
    }
    // A procedure no longer in the catalogue has no field: it stands alone.
    let unfielded = procedures.into_iter().filter(|p| p.field.is_none());
    judged.extend(unfielded.map(|p| (alone(p.counts.total(), floor), p)).map(|(w, p)| (p, w)));
    judged
}

/// The units a reader may ask a report of, named and ordered as the tree reads.
pub fn unit_options(nodes: &[(UnitId, Option<UnitId>)], names: &HashMap<UnitId, &str>) -> Vec<(UnitId, String)> {
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

fn about(unit: &Unit, period: ReportPeriod, floor: u64, counted: Result<u64, Withheld>, apart: u64) -> Sheet {
    let rows = vec![
        vec![text(S.about_unit), text(unit.name.clone())],
        vec![text(S.about_period), text(Locale::Vi.texts().period_in_sentence(period))],
        vec![text(S.about_method), text(S.about_method_v1)],
        vec![text(S.about_floor), Cell::Count(floor)],
        vec![text(S.about_counted), counted.map_or_else(|w| text(why(w)), Cell::Count)],
        vec![text(S.about_apart), Cell::Count(apart)],
    ];
    sheet(S.about, &[S.item, S.value], rows, None)
}

/// A figure's value, or none below the floor; its interval as `low–high`; its count. A withheld figure says why
/// in place of its value, and shows nothing else.
fn figure_cells(figure: Figure, floor: u64, withheld: Option<Withheld>) -> [Cell; 3] {
    if let Some(w) = withheld {
        return [text(why(w)), text(""), text("")];
    }
    let reliable = figure.is_reliable(floor);
    let interval = figure.interval().filter(|_| reliable).map(interval_text).unwrap_or_default();
    [Cell::Percent(figure.value.filter(|_| reliable)), text(interval), Cell::Count(figure.count)]
}

/// Why a figure is missing, as the report says it.
pub fn why(withheld: Withheld) -> &'static str {
    match withheld {
        Withheld::BelowFloor => Locale::Vi.texts().reports.not_enough,
        Withheld::ProtectsSibling => S.protects,
    }
}

fn protect_note(floor: u64) -> String {
    S.protect_note.replace("{floor}", &floor.to_string())
}

fn interval_text(interval: Interval) -> String {
    let percent = |v: f64| format!("{:.1}", v * 100.0).replace('.', ",");
    format!("{}–{}", percent(interval.low), percent(interval.high))
}

fn indexes(summary: &UnitSummary, floor: u64, withheld: Option<Withheld>) -> Sheet {
    let i = &summary.indexes;
    let row = |name: &str, figure: Figure| {
        let mut cells = vec![text(name)];
        cells.extend(figure_cells(figure, floor, withheld));
        cells
    };
    let mut rows = vec![row(S.headline, i.headline), row(S.composite, i.composite)];
    rows.extend(i.factors.iter().map(|(factor, figure)| row(Locale::Vi.texts().factor(*factor), *figure)));
    let mean = i.mean_score.map(|m| format!("{m:.2}").replace('.', ",")).unwrap_or_default();
    let mean = match withheld {
        Some(w) => [text(why(w)), text(""), text("")],
        None => [text(mean), text(""), Cell::Count(i.headline.count)],
    };
    rows.push([text(S.mean)].into_iter().chain(mean).collect());
    let note = S.indexes_note.replace("{floor}", &floor.to_string());
    sheet(S.indexes, &[S.index, S.percent, S.interval, S.answers], rows, Some(note))
}

fn levels(overall: &LevelCounts, withheld: Option<Withheld>) -> Sheet {
    let names = Locale::Vi.texts().levels;
    let total = overall.total();
    let rows = [Level::VeryGood, Level::Good, Level::Fair, Level::Poor]
        .into_iter()
        .map(|level| {
            let n = overall.get(level);
            let share = (total > 0).then(|| n as f64 * 100.0 / total as f64);
            let name = text(names[usize::from(level.score()) - 1]);
            match withheld {
                Some(w) => vec![name, text(why(w)), text("")],
                None => vec![name, Cell::Count(n), Cell::Percent(share)],
            }
        })
        .collect();
    sheet(S.levels, &[S.level, S.responses, S.share], rows, None)
}

/// A breakdown, worst reliable figure first and thin ones last (as the dashboard orders them).
fn figures_sheet(title: &str, mut rows: Vec<(Named, Option<Withheld>)>, floor: u64, note: Option<String>) -> Sheet {
    rows.sort_by(|(a, aw), (b, bw)| aw.is_some().cmp(&bw.is_some()).then(worst_first(&a.counts, &b.counts, floor)));
    let names = Locale::Vi.texts().levels;
    // A detail column only where some row has one (fields and units beneath have none).
    let detailed = rows.iter().any(|(r, _)| !r.detail.is_empty());
    let mut columns = vec![S.name];
    columns.extend(detailed.then_some(S.detail));
    columns.extend([S.percent, S.interval, S.responses, names[3], names[2], names[1], names[0]]);
    let rows = rows
        .into_iter()
        .map(|(named, withheld)| {
            let c = named.counts;
            let mut cells = vec![text(named.name)];
            cells.extend(detailed.then(|| text(named.detail)));
            cells.extend(figure_cells(Figure::of(&c), floor, withheld));
            match withheld {
                Some(_) => cells.extend([(); 4].map(|_| text(""))),
                None => cells.extend([c.very_good, c.good, c.fair, c.poor].map(Cell::Count)),
            }
            cells
        })
        .collect();
    sheet(title, &columns, rows, note)
}

fn officials_note(floor: u64, left_out: usize) -> String {
    S.officials_note.replace("{floor}", &floor.to_string()).replace("{left}", &left_out.to_string())
}

/// Each unit's target against what it collected; a unit whose figures are withheld shows its target only.
fn samples_sheet(samples: &[UnitSample], verdicts: &HashMap<UnitId, Option<Withheld>>) -> Sheet {
    let rows = samples
        .iter()
        .map(|sample| {
            let p = sample.progress;
            let head = [
                text(sample.name.clone()),
                text(crate::i18n::surveys::VI.rule_name(sample.rule)),
                Cell::Count(u64::try_from(sample.transactions).unwrap_or(0)),
                Cell::Count(p.target),
            ];
            if let Some(w) = verdicts.get(&sample.unit_id).copied().flatten() {
                return head.into_iter().chain([text(why(w)), text(""), text("")]).collect();
            }
            let verdict = if p.collected >= p.target {
                S.verdict_met
            } else if p.needs_more {
                S.verdict_short
            } else if p.projected.is_some() {
                S.verdict_on_track
            } else {
                ""
            };
            head.into_iter()
                .chain([Cell::Count(p.collected), Cell::Percent(Some(p.reached * 100.0)), text(verdict)])
                .collect()
        })
        .collect();
    let columns = [S.name, S.rule, S.transactions, S.target, S.collected, S.reached, S.verdict];
    sheet(S.samples, &columns, rows, Some(S.samples_note.to_owned()))
}

fn reasons_sheet(reasons: Vec<Named>) -> Sheet {
    let rows = reasons.into_iter().map(|r| vec![text(r.name), Cell::Count(r.counts.total())]).collect();
    sheet(S.reasons, &[S.reason, S.times], rows, None)
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
    let columns = [S.when, S.about_unit, S.official, S.level, S.reason, S.comment];
    sheet(S.comments, &columns, rows, Some(S.comments_note.replace("{n}", &n.to_string())))
}

fn commendation(units: &[(Named, Option<Withheld>)], floor: u64) -> Sheet {
    let items: Vec<(usize, LevelCounts)> =
        units.iter().enumerate().filter(|(_, (_, w))| w.is_none()).map(|(i, (u, _))| (i, u.counts)).collect();
    let rows = rank_for_commendation(&items, floor)
        .into_iter()
        .map(|place| {
            vec![
                Cell::Count(place.place as u64),
                text(units[place.key].0.name.clone()),
                Cell::Percent(Some(place.index)),
                text(interval_text(place.interval)),
                Cell::Count(place.count),
            ]
        })
        .collect();
    let note = S.commendation_note.replace("{floor}", &floor.to_string());
    sheet(S.commendation, &[S.place, S.name, S.percent, S.interval, S.responses], rows, Some(note))
}
