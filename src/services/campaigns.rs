//! Planning a campaign and drawing its respondents (`domain::survey`): each unit's target by the campaign's rule
//! from its transactions of the year, split into quotas by field; the customer list read from the one-stop
//! software's CSV, every bad line named; the draw per unit and field from a recorded seed, each drawn respondent
//! handed to a surveyor in turn.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::domain::ids::{RespondentId, SurveyorId, UnitId};
use crate::domain::import::{capped, with_grouped, ImportProblems};
use crate::domain::period::{custom_days, local_date};
use crate::domain::rollup::Dimension;
use crate::domain::sample::{progress, Progress, TargetRule};
use crate::domain::survey::{allocate, draw, Method, Outcome};
use crate::domain::unit_tree;
use crate::i18n::survey_checks::VI as C;
use crate::i18n::{Locale, Texts};
use crate::services::breakdowns;
use crate::services::figures::{self, Window};
use crate::store::{
    Campaign, CampaignForm, NewRespondent, Respondent, Store, StoreError, StoreResult, Surveyor, Target, Unit,
};

/// Most lines a customer list may have (a province's field survey draws from a few thousand).
pub const MAX_RESPONDENTS: usize = 50_000;
const MAX_TEXT: usize = 200;

/// A surveyor's badge is valid while not revoked, the campaign open and today within its dates.
pub fn badge_valid(surveyor: &Surveyor, campaign: &Campaign) -> bool {
    let today = local_date(chrono::Utc::now()).to_string();
    surveyor.revoked_at.is_none()
        && campaign.closed_at.is_none()
        && campaign.first_day.as_str() <= today.as_str()
        && today.as_str() <= campaign.last_day.as_str()
}

/// Each unit's target and quotas for a campaign over the subtree of `root` in `year` (months as rollups number
/// them): units whose rule gives nothing are left out.
pub async fn targets(
    store: &Store,
    nodes: &[(UnitId, Option<UnitId>)],
    units: &[Unit],
    root: UnitId,
    rule: TargetRule,
    year: i32,
) -> StoreResult<Vec<Target>> {
    let ids = unit_tree::subtree(nodes, root);
    let months = (i64::from(year) * 12, i64::from(year) * 12 + 11);
    let (transactions, by_field) = tokio::try_join!(
        store.transactions_by_unit(&ids, months.0, months.1),
        store.transactions_by_field(&ids, months.0, months.1),
    )?;
    let mut out = vec![];
    for unit in units.iter().filter(|u| ids.contains(&u.id)) {
        let volume = u64::try_from(transactions.get(&unit.id).copied().unwrap_or(0)).unwrap_or(0);
        let target = rule.target(&unit.kind, volume);
        if target == 0 {
            continue;
        }
        out.push(Target { unit_id: unit.id, field: String::new(), target: target as i64 });
        let volumes: BTreeMap<String, u64> = by_field
            .get(&unit.id.get())
            .map(|fields| fields.iter().map(|(f, n)| (f.clone(), u64::try_from(*n).unwrap_or(0))).collect())
            .unwrap_or_default();
        out.extend(
            allocate(target, &volumes).into_iter().filter(|(_, quota)| *quota > 0).map(|(field, quota)| Target {
                unit_id: unit.id,
                field,
                target: quota as i64,
            }),
        );
    }
    Ok(out)
}

/// What a unit of a campaign has collected so far against its target, in all and per field of its quotas.
#[derive(Clone, Debug, PartialEq)]
pub struct Collected {
    pub unit_id: UnitId,
    pub progress: Progress,
    /// Counted ratings of the campaign's days by channel (its name, how many).
    pub by_channel: Vec<(String, u64)>,
    /// Each quota's field with its progress.
    pub fields: Vec<(String, Progress)>,
}

/// A field campaign's own work: its forms (keyed from paper or entered on a surveyor's phone), the respondents they
/// are of, and the tree to place each form's unit under a target's unit.
pub struct FieldWork<'a> {
    pub nodes: &'a [(UnitId, Option<UnitId>)],
    pub forms: &'a [CampaignForm],
    pub respondents: &'a [Respondent],
}

/// Each unit's collection over the campaign's days, judged on local day `today`: the pace says when the campaign
/// will end short ("cần khảo sát bổ sung"). Only what the campaign's method collects counts (`Method::channels`):
/// on site, the counters' ratings of its days; in the field, only the campaign's own forms that stand — never the
/// counters' ratings nor another campaign's forms.
pub async fn collected(
    store: &Store,
    campaign: &Campaign,
    targets: &[Target],
    work: FieldWork<'_>,
    today: i64,
) -> StoreResult<Vec<Collected>> {
    let Some((from_day, to_day)) = custom_days(&campaign.first_day, &campaign.last_day) else { return Ok(vec![]) };
    let days = Days {
        elapsed: u32::try_from((today + 1).clamp(from_day, to_day) - from_day).unwrap_or(0),
        length: u32::try_from(to_day - from_day).unwrap_or(0),
    };
    match Method::parse(&campaign.method) {
        Some(Method::Field) => Ok(collected_in_field(targets, &work, days)),
        _ => collected_on_site(store, targets, (from_day, to_day), days).await,
    }
}

#[derive(Clone, Copy)]
struct Days {
    elapsed: u32,
    length: u32,
}

fn target_of(t: &Target) -> u64 {
    u64::try_from(t.target).unwrap_or(0)
}

async fn collected_on_site(
    store: &Store,
    targets: &[Target],
    (from_day, to_day): (i64, i64),
    days: Days,
) -> StoreResult<Vec<Collected>> {
    let register = Locale::Vi.texts().register;
    let counted = Method::OnSite.channels();
    // The units are read at once, each its channels and its fields.
    let units = targets.iter().filter(|t| t.field.is_empty()).map(|whole| async move {
        let window = Window { unit_id: whole.unit_id, from_day, to_day, official_id: None };
        let (channels, (_, fields)) = tokio::try_join!(
            figures::breakdown(store, &window, Dimension::Channel),
            breakdowns::procedures_and_fields(store, &window)
        )?;
        let channels: Vec<_> = channels.into_iter().filter(|c| counted.contains(&c.label.as_str())).collect();
        let total = channels.iter().map(|c| c.counts.total()).sum();
        let quotas = targets.iter().filter(|t| t.unit_id == whole.unit_id && !t.field.is_empty());
        Ok::<_, StoreError>(Collected {
            unit_id: whole.unit_id,
            progress: progress(target_of(whole), total, days.elapsed, days.length),
            by_channel: channels.iter().map(|c| (register.channel_name(&c.label), c.counts.total())).collect(),
            fields: quotas
                .map(|q| {
                    let got = fields.iter().find(|f| f.name == q.field).map_or(0, |f| f.counts.total());
                    (q.field.clone(), progress(target_of(q), got, days.elapsed, days.length))
                })
                .collect(),
        })
    });
    futures_util::future::try_join_all(units).await
}

/// A field campaign's collection: its forms that stand, each counted for the target units above its unit; a quota
/// by field counts the respondents of that field interviewed (a paper form names no field; the respondents keep
/// their field and outcome when the campaign closes, so the figures stay).
fn collected_in_field(targets: &[Target], work: &FieldWork<'_>, days: Days) -> Vec<Collected> {
    let register = Locale::Vi.texts().register;
    targets
        .iter()
        .filter(|t| t.field.is_empty())
        .map(|whole| {
            let subtree = unit_tree::subtree(work.nodes, whole.unit_id);
            let forms: Vec<&CampaignForm> =
                work.forms.iter().filter(|f| !f.voided && subtree.contains(&f.unit_id)).collect();
            let interviews = forms.iter().filter(|f| f.survey).count() as u64;
            let paper = forms.len() as u64 - interviews;
            let quotas = targets.iter().filter(|t| t.unit_id == whole.unit_id && !t.field.is_empty());
            Collected {
                unit_id: whole.unit_id,
                progress: progress(target_of(whole), forms.len() as u64, days.elapsed, days.length),
                by_channel: [("paper", paper), ("survey", interviews)]
                    .into_iter()
                    .filter(|(_, n)| *n > 0)
                    .map(|(key, n)| (register.channel_name(key), n))
                    .collect(),
                fields: quotas
                    .map(|q| {
                        let got = work
                            .respondents
                            .iter()
                            .filter(|r| subtree.contains(&r.unit_id) && r.field == q.field)
                            .filter(|r| r.outcome == Outcome::Completed.key())
                            .count() as u64;
                        (q.field.clone(), progress(target_of(q), got, days.elapsed, days.length))
                    })
                    .collect(),
            }
        })
        .collect()
}

/// A bad line of a customer list: its number (the header is line 1) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadLine {
    pub line: usize,
    pub message: String,
}

/// Reads a customer list: a header naming `unit,name,contact,procedure,field,date` (any order; `unit` by id or
/// code), one customer a line, at most [`MAX_RESPONDENTS`]. All lines or none: any bad line refuses the list, the
/// first ones named and the others counted.
pub fn read_respondents(
    text: &str,
    units: &HashMap<String, UnitId>,
) -> Result<Vec<NewRespondent>, ImportProblems<BadLine>> {
    let bad = |line, message: &str| BadLine { line, message: message.to_owned() };
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim_start_matches('\u{feff}').to_lowercase()).collect::<Vec<_>>(),
        Err(_) => return Err(ImportProblems::one(bad(1, C.no_header))),
    };
    let column = |name: &str| headers.iter().position(|h| h == name);
    let names = ["unit", "name", "contact", "procedure", "field", "date"];
    let columns: Vec<Option<usize>> = names.iter().map(|n| column(n)).collect();
    if let Some(missing) = names.iter().zip(&columns).find(|(_, c)| c.is_none()) {
        return Err(ImportProblems::one(bad(1, &C.missing_column.replace("{column}", missing.0))));
    }
    let Some(records) = capped(reader.records(), MAX_RESPONDENTS) else {
        let too_many = with_grouped(Locale::Vi.texts().import_too_many, MAX_RESPONDENTS);
        return Err(ImportProblems::one(bad(1, &too_many)));
    };
    let mut out = vec![];
    let mut errors = ImportProblems::default();
    for (i, record) in records.into_iter().enumerate() {
        let line = i + 2;
        let Ok(record) = record else {
            errors.push(bad(line, C.unreadable));
            continue;
        };
        let cell = |k: usize| columns[k].and_then(|c| record.get(c)).unwrap_or_default().to_owned();
        let Some(unit_id) = units.get(&cell(0)).copied() else {
            errors.push(bad(line, C.list_unit));
            continue;
        };
        let served_on = cell(5);
        if NaiveDate::parse_from_str(&served_on, "%Y-%m-%d").is_err() {
            errors.push(bad(line, C.list_date));
            continue;
        }
        let [name, contact, procedure, field] = [1, 2, 3, 4].map(cell);
        if name.is_empty() || field.is_empty() || procedure.is_empty() {
            errors.push(bad(line, C.list_required));
            continue;
        }
        if [&name, &contact, &procedure, &field].iter().any(|t| t.chars().count() > MAX_TEXT) {
            errors.push(bad(line, &Texts::with_number(C.list_cell, MAX_TEXT)));
            continue;
        }
        out.push(NewRespondent { unit_id, name, contact, procedure, field, served_on });
    }
    match (errors.is_empty(), out.is_empty()) {
        (true, false) => Ok(out),
        (true, true) => Err(ImportProblems::one(bad(1, C.list_empty))),
        (false, _) => Err(errors),
    }
}

/// The draw: for each unit, each field's quota from the customers of that field not drawn before (or, for a
/// unit without quotas, its whole target from all its customers), then the drawn handed in turn to the
/// surveyors not revoked. Returns `(respondent, surveyor)` pairs.
pub fn draw_sample(
    targets: &[Target],
    respondents: &[Respondent],
    surveyors: &[Surveyor],
    seed: u64,
) -> Vec<(RespondentId, Option<SurveyorId>)> {
    let with_quotas: Vec<UnitId> = targets.iter().filter(|t| !t.field.is_empty()).map(|t| t.unit_id).collect();
    let mut drawn = vec![];
    for target in targets {
        let whole = target.field.is_empty();
        if whole && with_quotas.contains(&target.unit_id) {
            continue;
        }
        let candidates: Vec<RespondentId> = respondents
            .iter()
            .filter(|r| !r.drawn && r.unit_id == target.unit_id && (whole || r.field == target.field))
            .map(|r| r.id)
            .collect();
        drawn.extend(draw(&candidates, usize::try_from(target.target).unwrap_or(0), seed));
    }
    let active: Vec<SurveyorId> = surveyors.iter().filter(|s| s.revoked_at.is_none()).map(|s| s.id).collect();
    drawn.into_iter().enumerate().map(|(i, id)| (id, (!active.is_empty()).then(|| active[i % active.len()]))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::CampaignId;
    use crate::domain::time::Timestamp;

    fn respondent(id: i64, unit_id: UnitId, field: &str) -> Respondent {
        Respondent {
            id: RespondentId::new(id),
            unit_id,
            name: Some(format!("Người {id}")),
            contact: None,
            procedure: "Khai sinh".into(),
            field: field.into(),
            served_on: "2026-11-02".into(),
            drawn: false,
            surveyor_id: None,
            outcome: "pending".into(),
        }
    }

    #[test]
    fn a_draw_fills_each_fields_quota_and_shares_the_lists_out() {
        let targets = [
            Target { unit_id: UnitId::new(1), field: String::new(), target: 3 },
            Target { unit_id: UnitId::new(1), field: "Hộ tịch".into(), target: 2 },
            Target { unit_id: UnitId::new(1), field: "Đất đai".into(), target: 1 },
            Target { unit_id: UnitId::new(2), field: String::new(), target: 2 },
        ];
        let mut list: Vec<Respondent> = (1..=10).map(|i| respondent(i, UnitId::new(1), "Hộ tịch")).collect();
        list.extend((11..=14).map(|i| respondent(i, UnitId::new(1), "Đất đai")));
        list.extend((15..=20).map(|i| respondent(i, UnitId::new(2), "Chứng thực")));
        let surveyor = |id, revoked_at| Surveyor {
            id: SurveyorId::new(id),
            campaign_id: CampaignId::new(1),
            full_name: format!("#{id}"),
            organisation: "Bưu điện".into(),
            revoked_at,
            signed_in_at: None,
            last_seen_at: None,
            has_photo: false,
        };
        let surveyors = [surveyor(7, None), surveyor(8, Some(Timestamp::from_millis(1))), surveyor(9, None)];
        let drawn = draw_sample(&targets, &list, &surveyors, 2026);
        assert_eq!(drawn, draw_sample(&targets, &list, &surveyors, 2026), "reproducible");
        let field_of =
            |id: RespondentId| list.iter().find(|r| r.id == id).map(|r| (r.unit_id, r.field.clone())).unwrap();
        let count =
            |unit, field: &str| drawn.iter().filter(|(id, _)| field_of(*id) == (unit, field.to_owned())).count();
        assert_eq!(
            (count(UnitId::new(1), "Hộ tịch"), count(UnitId::new(1), "Đất đai"), count(UnitId::new(2), "Chứng thực")),
            (2, 1, 2)
        );
        let by: Vec<Option<i64>> = drawn.iter().map(|(_, s)| s.map(SurveyorId::get)).collect();
        assert_eq!(by, [Some(7), Some(9), Some(7), Some(9), Some(7)], "in turn, never to a revoked surveyor");
    }

    #[test]
    fn a_customer_list_is_read_whole_or_refused_line_by_line() {
        let units = HashMap::from([("2".to_owned(), UnitId::new(2)), ("XA-01".to_owned(), UnitId::new(2))]);
        let good = "\u{feff}Unit,Name,Contact,Procedure,Field,Date\n\
                    XA-01,Nguyễn Văn A,0912345678,Đăng ký khai sinh,Hộ tịch,2026-11-02\n\
                    2,Trần Thị B,,Chứng thực bản sao,Chứng thực,2026-11-03\n";
        let read = read_respondents(good, &units).unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(
            (read[0].unit_id, read[0].field.as_str(), read[1].contact.as_str()),
            (UnitId::new(2), "Hộ tịch", "")
        );
        let bad =
            "unit,name,contact,procedure,field,date\n9,X,,P,F,2026-11-02\n2,Y,,P,F,02/11/2026\n2,,,P,F,2026-11-02\n";
        let errors = read_respondents(bad, &units).unwrap_err();
        let lines: Vec<usize> = errors.named().iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 4]);
        assert!(errors.named()[0].message.contains("đơn vị"));
        assert_eq!(read_respondents("unit,name\n", &units).unwrap_err().named()[0].message, "Thiếu cột contact");
        assert!(read_respondents("unit,name,contact,procedure,field,date\n", &units).is_err(), "empty");
    }
}
