//! Breakdowns with their members named — the units beneath, counters, officials, procedures and fields,
//! channels, dossiers on time and late, reasons — and the latest comments: what the dashboard and the reports
//! both show, read once here so the two never name a row differently.

use std::collections::{BTreeMap, HashMap};

use crate::domain::ids::{CounterId, OfficialId, ProcedureId, ResponseId, UnitId};
use crate::domain::index::LevelCounts;
use crate::domain::questionnaire::Questionnaire;
use crate::domain::release::when_label;
use crate::domain::rollup::Dimension;
use crate::i18n::Locale;
use crate::services::figures::{self, Window};
use crate::store::{Store, StoreResult};

/// One member of a breakdown with its counts.
#[derive(Clone, Debug, PartialEq)]
pub struct Named {
    pub id: i64,
    pub name: String,
    /// What tells it apart: an official's title, a procedure's code and field, a counter's unit.
    pub detail: String,
    pub counts: LevelCounts,
    /// An official with a photo on file.
    pub has_photo: bool,
    /// A procedure's field (lĩnh vực), by the field row's id: a field is the sum of its procedures.
    pub field: Option<i64>,
}

impl Named {
    pub fn new(id: i64, name: String, detail: String, counts: LevelCounts) -> Named {
        Named { id, name, detail, counts, has_photo: false, field: None }
    }
}

/// The units `children` (directly beneath the window's unit), each with its whole subtree's counts.
pub async fn units(store: &Store, window: &Window, children: &[(UnitId, String)]) -> StoreResult<Vec<Named>> {
    let ids: Vec<UnitId> = children.iter().map(|(id, _)| *id).collect();
    let totals: HashMap<UnitId, LevelCounts> =
        store.rollup_totals_by_unit(&ids, &window.spans()).await?.into_iter().collect();
    Ok(children
        .iter()
        .map(|(id, name)| {
            Named::new(id.get(), name.clone(), String::new(), totals.get(id).copied().unwrap_or_default())
        })
        .collect())
}

/// Counters, each with its unit's name (a province has many a "Quầy 1").
pub async fn counters(store: &Store, window: &Window, units: &HashMap<UnitId, &str>) -> StoreResult<Vec<Named>> {
    let tallies = figures::breakdown(store, window, Dimension::Counter).await?;
    let ids: Vec<CounterId> = tallies.iter().map(|t| CounterId::new(t.member)).collect();
    let counters: HashMap<CounterId, _> = store.counters_by_id(&ids).await?.into_iter().map(|c| (c.id, c)).collect();
    Ok(tallies
        .into_iter()
        .map(|t| {
            let counter = counters.get(&CounterId::new(t.member));
            let unit = counter.and_then(|c| units.get(&c.unit_id)).map(|u| (*u).to_owned());
            let name = counter.map(|c| c.name.clone()).unwrap_or_default();
            Named::new(t.member, name, unit.unwrap_or_default(), t.counts)
        })
        .collect())
}

pub async fn officials(store: &Store, window: &Window) -> StoreResult<Vec<Named>> {
    let tallies = figures::breakdown(store, window, Dimension::Official).await?;
    let ids: Vec<OfficialId> = tallies.iter().map(|t| OfficialId::new(t.member)).collect();
    let officials: HashMap<OfficialId, _> = store.officials_by_id(&ids).await?.into_iter().map(|o| (o.id, o)).collect();
    Ok(tallies
        .into_iter()
        .map(|t| {
            let official = officials.get(&OfficialId::new(t.member));
            Named {
                id: t.member,
                name: official.map(|o| o.full_name.clone()).unwrap_or_default(),
                detail: official.map(|o| o.title.clone()).unwrap_or_default(),
                counts: t.counts,
                has_photo: official.is_some_and(|o| o.has_photo),
                field: None,
            }
        })
        .collect())
}

/// Procedures, and the fields (lĩnh vực) they belong to: one read serves both. A field's id is its place in
/// alphabetical order.
pub async fn procedures_and_fields(store: &Store, window: &Window) -> StoreResult<(Vec<Named>, Vec<Named>)> {
    let tallies = figures::breakdown(store, window, Dimension::Procedure).await?;
    let ids: Vec<ProcedureId> = tallies.iter().map(|t| ProcedureId::new(t.member)).collect();
    let procedures: HashMap<ProcedureId, _> =
        store.procedures_by_id(&ids).await?.into_iter().map(|p| (p.id, p)).collect();
    let mut fields: BTreeMap<String, LevelCounts> = BTreeMap::new();
    for p in procedures.values() {
        fields.entry(p.field.clone()).or_default();
    }
    let field_ids: HashMap<String, i64> = fields.keys().cloned().zip(0..).collect();
    let rows = tallies
        .into_iter()
        .map(|t| {
            let procedure = procedures.get(&ProcedureId::new(t.member));
            if let Some(p) = procedure {
                fields.entry(p.field.clone()).or_default().merge(t.counts);
            }
            let name = procedure.map(|p| p.name.clone()).unwrap_or_default();
            let detail = procedure.map(|p| format!("{} · {}", p.code, p.field)).unwrap_or_default();
            let field = procedure.and_then(|p| field_ids.get(&p.field).copied());
            Named { field, ..Named::new(t.member, name, detail, t.counts) }
        })
        .collect();
    let fields =
        fields.into_iter().zip(0..).map(|((field, counts), id)| Named::new(id, field, String::new(), counts)).collect();
    Ok((rows, fields))
}

pub async fn channels(store: &Store, window: &Window) -> StoreResult<Vec<Named>> {
    let register = Locale::Vi.texts().register;
    let tallies = figures::breakdown(store, window, Dimension::Channel).await?;
    Ok(tallies
        .into_iter()
        .map(|t| Named::new(t.member, register.channel_name(&t.label), String::new(), t.counts))
        .collect())
}

/// Receipt-link ratings by their dossier's coarse flag: on time, then late.
pub async fn timeliness(store: &Store, window: &Window) -> StoreResult<Vec<Named>> {
    let board = Locale::Vi.texts().board;
    let tallies = figures::breakdown(store, window, Dimension::Timeliness).await?;
    let name = |member| if member == 1 { board.on_time } else { board.late };
    Ok(tallies
        .into_iter()
        .rev()
        .map(|t| Named::new(t.member, name(t.member).to_owned(), String::new(), t.counts))
        .collect())
}

/// The reasons picked, as the questionnaire names them, most picked first.
pub async fn reasons(store: &Store, window: &Window, questionnaire: &Questionnaire) -> StoreResult<Vec<Named>> {
    let mut tallies = figures::breakdown(store, window, Dimension::Reason).await?;
    tallies.sort_by(|a, b| b.counts.total().cmp(&a.counts.total()).then_with(|| a.label.cmp(&b.label)));
    Ok(tallies
        .into_iter()
        .map(|t| {
            let name = questionnaire.reason(&t.label).map_or_else(|| t.label.clone(), |r| r.label_vi.clone());
            Named::new(t.member, name, String::new(), t.counts)
        })
        .collect())
}

/// A comment as leaders read it.
#[derive(Clone, Debug, PartialEq)]
pub struct CommentItem {
    pub when: String,
    pub overall: u8,
    pub text: String,
    pub official: Option<String>,
    pub unit: String,
    /// The reason chips picked with it.
    pub reasons: Vec<String>,
}

/// The latest `limit` comments of the window with the reasons picked beside them, named as the unit's
/// questionnaire names them.
pub async fn comments(
    store: &Store,
    window: &Window,
    names: &HashMap<UnitId, &str>,
    questionnaire: &Questionnaire,
    limit: i64,
) -> StoreResult<Vec<CommentItem>> {
    let rows = store.latest_comments(&window.scope(), limit).await?;
    let ids: Vec<OfficialId> = rows.iter().filter_map(|c| c.official_id).collect();
    let responses: Vec<ResponseId> = rows.iter().map(|c| c.id).collect();
    let (officials, mut reasons) = tokio::try_join!(store.officials_by_id(&ids), store.reasons_of(&responses))?;
    let officials: HashMap<OfficialId, String> = officials.into_iter().map(|o| (o.id, o.full_name)).collect();
    Ok(rows
        .into_iter()
        .map(|c| CommentItem {
            when: when_label(&c.channel, c.submitted_at.millis()),
            overall: c.overall,
            text: c.comment,
            official: c.official_id.and_then(|id| officials.get(&id).cloned()),
            unit: names.get(&c.unit_id).map(|n| (*n).to_owned()).unwrap_or_default(),
            reasons: reasons
                .remove(&c.id)
                .unwrap_or_default()
                .iter()
                .map(|key| questionnaire.reason(key).map_or_else(|| key.clone(), |r| r.label_vi.clone()))
                .collect(),
        })
        .collect())
}
