//! Paper forms keyed from a campaign's batches (one at a time from the keyboard, or a batch as CSV), and the draw of
//! forms to re-check (phúc tra): at least a share of each surveyor's forms (or each batch's, for forms no surveyor
//! collected), from a seed, by the same stated algorithm as the respondents' draw.

use crate::domain::time::Timestamp;
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::domain::ids::{CampaignId, QuestionnaireId, ResponseId, UnitId};
use crate::domain::import::{capped, with_grouped, ImportProblems, MAX_LINES};
use crate::domain::period::local_midnight_ms;
use crate::domain::questionnaire::{Factor, Questionnaire};
use crate::domain::rating::Level;
use crate::domain::survey::{draw, recheck_quota, PaperScale};
use crate::i18n::survey_checks::VI as C;
use crate::i18n::surveys::VI as S;
use crate::i18n::{Locale, Texts};
use crate::services::campaigns::BadLine;
use crate::store::{Campaign, CampaignForm, Channel, NewResponse};

const MAX_SERIAL: usize = 40;

/// A form as typed: the unit's id or code, its serial number, its batch, and the answers as digits (the overall
/// question, then the five factors; a factor left blank was not answered).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Typed {
    pub unit: String,
    pub serial: String,
    pub batch: String,
    pub overall: String,
    pub factors: [String; 5],
    /// The day the form was filled in (`YYYY-MM-DD`); blank for the day it is keyed.
    pub date: String,
}

/// A typed form checked: its unit, its answers as levels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keyed {
    pub unit_id: UnitId,
    pub serial: String,
    pub batch: String,
    pub overall: Level,
    pub answers: Vec<(String, Level)>,
    /// The day the form was filled in, when given: its rating counts on that day.
    pub on: Option<NaiveDate>,
}

/// The days a form of the campaign may have been filled in: its first to its last, and not after `today`.
pub fn campaign_days(campaign: &Campaign, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap_or_default();
    (day(&campaign.first_day), day(&campaign.last_day).min(today))
}

/// Checks a typed form; every problem named.
pub fn check(
    typed: &Typed,
    units: &HashMap<String, UnitId>,
    scale: PaperScale,
    questionnaire: &Questionnaire,
    days: (NaiveDate, NaiveDate),
) -> Result<Keyed, Vec<String>> {
    let mut errors = vec![];
    let on = match typed.date.trim() {
        "" => None,
        date => match NaiveDate::parse_from_str(date, "%Y-%m-%d").ok().filter(|d| days.0 <= *d && *d <= days.1) {
            Some(day) => Some(day),
            None => {
                let (first, last) = (days.0.format("%d/%m/%Y").to_string(), days.1.format("%d/%m/%Y").to_string());
                errors.push(C.paper_date.replace("{first}", &first).replace("{last}", &last));
                None
            }
        },
    };
    let unit_id = units.get(typed.unit.trim()).copied();
    if unit_id.is_none() {
        errors.push(C.paper_unit.to_owned());
    }
    let (serial, batch) = (typed.serial.trim(), typed.batch.trim());
    if serial.is_empty() || serial.chars().count() > MAX_SERIAL {
        errors.push(Texts::with_number(C.paper_serial, MAX_SERIAL));
    }
    if batch.is_empty() || batch.chars().count() > MAX_SERIAL {
        errors.push(Texts::with_number(C.paper_batch, MAX_SERIAL));
    }
    let digits = match scale {
        PaperScale::TwoLevel => C.digits_2,
        PaperScale::FourLevel => C.digits_4,
    };
    let overall = scale.level(&typed.overall);
    if overall.is_none() {
        errors.push(C.paper_overall.replace("{digits}", digits));
    }
    let mut answers = vec![];
    for (factor, digit) in Factor::ALL.into_iter().zip(&typed.factors) {
        if digit.trim().is_empty() {
            continue;
        }
        match (scale.level(digit), questionnaire.questions_of(factor).next()) {
            (Some(level), Some(question)) => answers.push((question.key.clone(), level)),
            (Some(_), None) => {}
            (None, _) => errors.push(
                C.paper_factor.replace("{factor}", Locale::Vi.texts().factor(factor)).replace("{digits}", digits),
            ),
        }
    }
    match (unit_id, overall) {
        (Some(unit_id), Some(overall)) if errors.is_empty() => {
            Ok(Keyed { unit_id, serial: serial.to_owned(), batch: batch.to_owned(), overall, answers, on })
        }
        _ => Err(errors),
    }
}

/// Reads a batch: a header `unit,serial,batch,overall` with optional `f1`…`f5` and `date`, one form a line, at most
/// [`MAX_LINES`]. All or none: the first bad lines named, the others counted.
pub fn read_batch(
    text: &str,
    units: &HashMap<String, UnitId>,
    scale: PaperScale,
    questionnaire: &Questionnaire,
    days: (NaiveDate, NaiveDate),
) -> Result<Vec<Keyed>, ImportProblems<BadLine>> {
    let refused = |message: String| Err(ImportProblems::one(BadLine { line: 1, message }));
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim_start_matches('\u{feff}').to_lowercase()).collect(),
        Err(_) => return refused(C.no_header.into()),
    };
    let column = |name: &str| headers.iter().position(|h| h == name);
    if let Some(missing) = ["unit", "serial", "batch", "overall"].into_iter().find(|n| column(n).is_none()) {
        return refused(C.missing_column.replace("{column}", missing));
    }
    let Some(records) = capped(reader.records(), MAX_LINES) else {
        return refused(with_grouped(Locale::Vi.texts().import_too_many, MAX_LINES));
    };
    let (mut keyed, mut errors) = (vec![], ImportProblems::default());
    let mut serials: BTreeMap<String, usize> = BTreeMap::new();
    for (i, record) in records.into_iter().enumerate() {
        let line = i + 2;
        let Ok(record) = record else {
            errors.push(BadLine { line, message: C.unreadable.into() });
            continue;
        };
        let cell = |name: &str| column(name).and_then(|c| record.get(c)).unwrap_or_default().to_owned();
        let typed = Typed {
            unit: cell("unit"),
            serial: cell("serial"),
            batch: cell("batch"),
            overall: cell("overall"),
            factors: ["f1", "f2", "f3", "f4", "f5"].map(cell),
            date: cell("date"),
        };
        match check(&typed, units, scale, questionnaire, days) {
            Ok(form) => match serials.insert(form.serial.clone(), line) {
                Some(first) => errors.push(BadLine { line, message: Texts::with_number(C.paper_duplicate, first) }),
                None => keyed.push(form),
            },
            // One entry a line, so that the lines counted after the named ones are lines.
            Err(problems) => errors.push(BadLine { line, message: problems.join("; ") }),
        }
    }
    match (errors.is_empty(), keyed.is_empty()) {
        (true, false) => Ok(keyed),
        (true, true) => refused(C.paper_empty.into()),
        (false, _) => Err(errors),
    }
}

/// The response a keyed form becomes: channel paper, its submission id made from the campaign and the serial (so
/// the same form keyed twice is one response), counted at noon (local) of the day it was filled in if given.
pub fn response(campaign_id: CampaignId, questionnaire_id: QuestionnaireId, form: &Keyed, now_ms: i64) -> NewResponse {
    let noon = 12 * 3_600_000;
    let submitted_at = form.on.map_or(now_ms, |day| local_midnight_ms(day) + noon);
    NewResponse {
        submission_id: format!("paper-{campaign_id}-{}", form.serial.to_lowercase()),
        fingerprint: form.serial.clone(),
        unit_id: form.unit_id,
        counter_id: None,
        official_id: None,
        procedure_id: None,
        qr_code_id: None,
        questionnaire_id,
        channel: Channel::Paper,
        overall: form.overall.score(),
        answers: form.answers.iter().map(|(key, level)| (key.clone(), level.score())).collect(),
        reasons: vec![],
        comment: None,
        contact_phone: None,
        client_hash: None,
        submitted_at: Timestamp::from_millis(submitted_at),
        received_at: Timestamp::from_millis(now_ms),
        kiosk: None,
        citizen: None,
        on_time: None,
    }
}

/// What differs between a form as stored and as keyed the second time: the questions whose answers differ, named
/// as the questionnaire names them (the overall question first).
pub fn differences(stored: (u8, &[(String, u8)]), again: &Keyed, questionnaire: &Questionnaire) -> Vec<String> {
    let mut out = vec![];
    if stored.0 != again.overall.score() {
        out.push(S.overall.to_owned());
    }
    let level_of = |answers: &[(String, u8)], key: &str| answers.iter().find(|(k, _)| k == key).map(|(_, l)| *l);
    let again_answers: Vec<(String, u8)> = again.answers.iter().map(|(k, l)| (k.clone(), l.score())).collect();
    let mut keys: Vec<&String> = stored.1.iter().map(|(k, _)| k).chain(again_answers.iter().map(|(k, _)| k)).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        if level_of(stored.1, key) != level_of(&again_answers, key) {
            out.push(
                questionnaire
                    .question(key)
                    .map_or_else(|| key.clone(), |q| Locale::Vi.texts().factor(q.factor).to_owned()),
            );
        }
    }
    out
}

/// The stratum of a form for re-checking, its surveyor or else its batch, as a key (pages name it): batches sort
/// before surveyors, the order the draw goes through them.
pub fn stratum(form: &CampaignForm) -> String {
    form.surveyor_id.map_or_else(|| format!("batch {}", form.batch), |id| format!("surveyor {id}"))
}

/// Forms to re-check: in each stratum, `percent` of its forms (rounded up) less those drawn before, from the forms
/// not drawn yet and not voided, by seed.
pub fn draw_rechecks(forms: &[CampaignForm], drawn_before: &[ResponseId], percent: u32, seed: u64) -> Vec<ResponseId> {
    let mut strata: BTreeMap<String, Vec<&CampaignForm>> = BTreeMap::new();
    for form in forms.iter().filter(|f| !f.voided) {
        strata.entry(stratum(form)).or_default().push(form);
    }
    let mut out = vec![];
    for members in strata.values() {
        let already = members.iter().filter(|f| drawn_before.contains(&f.response_id)).count();
        let quota = recheck_quota(members.len(), percent).saturating_sub(already);
        let candidates: Vec<i64> = members
            .iter()
            .map(|f| f.response_id)
            .filter(|id| !drawn_before.contains(id))
            .map(ResponseId::get)
            .collect();
        out.extend(draw(&candidates, quota, seed).into_iter().map(ResponseId::new));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::SurveyorId;
    use crate::domain::questionnaire::Questionnaire;

    fn year() -> (NaiveDate, NaiveDate) {
        (NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 25).unwrap())
    }

    #[test]
    fn a_form_counts_on_the_day_it_was_filled_in() {
        let q = Questionnaire::short();
        let batch = "unit,serial,batch,overall,date\n7,A,L,1,2026-07-15\n7,B,L,1,\n";
        let forms = read_batch(batch, &units(), PaperScale::TwoLevel, &q, year()).unwrap();
        let at = response(CampaignId::new(1), QuestionnaireId::new(1), &forms[0], 0).submitted_at;
        assert_eq!(
            at,
            Timestamp::from_millis(local_midnight_ms(NaiveDate::from_ymd_opt(2026, 7, 15).unwrap()) + 12 * 3_600_000)
        );
        assert_eq!(
            response(CampaignId::new(1), QuestionnaireId::new(1), &forms[1], 42).submitted_at,
            Timestamp::from_millis(42),
            "no date: the day it is keyed"
        );
        for bad in ["2026-12-01", "2025-12-31", "15/07/2026"] {
            let line = format!("unit,serial,batch,overall,date\n7,A,L,1,{bad}\n");
            let errors = read_batch(&line, &units(), PaperScale::TwoLevel, &q, year()).unwrap_err();
            assert!(errors.named()[0].message.starts_with("Ngày phỏng vấn"), "{bad}");
        }
    }

    fn units() -> HashMap<String, UnitId> {
        HashMap::from([("7".to_owned(), UnitId::new(7)), ("XA".to_owned(), UnitId::new(7))])
    }

    #[test]
    fn a_two_level_batch_is_read_whole_or_refused_line_by_line() {
        let q = Questionnaire::short();
        let good = "unit,serial,batch,overall,f1,f3\nXA,A-001,Lô 1,1,1,0\n7,A-002,Lô 1,0,,\n";
        let forms = read_batch(good, &units(), PaperScale::TwoLevel, &q, year()).unwrap();
        assert_eq!(forms.len(), 2);
        assert_eq!((forms[0].overall, forms[1].overall), (Level::Good, Level::Fair));
        assert_eq!(forms[0].answers, [("tiep-can".to_owned(), Level::Good), ("cong-chuc".to_owned(), Level::Fair)]);
        let bad = "unit,serial,batch,overall\n7,A-1,L,3\n9,A-2,L,1\n7,A-1,L,1\n";
        let errors = read_batch(bad, &units(), PaperScale::TwoLevel, &q, year()).unwrap_err();
        let lines: Vec<usize> = errors.named().iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3]);
        assert!(errors.named()[0].message.contains("1 (hài lòng) hoặc 0"));
        let duplicate = "unit,serial,batch,overall\n7,A-1,L,1\n7,A-1,L,0\n";
        let errors = read_batch(duplicate, &units(), PaperScale::TwoLevel, &q, year()).unwrap_err();
        assert_eq!(errors.named()[0].message, "Số phiếu trùng với dòng 2");
    }

    #[test]
    fn a_second_keying_names_what_differs() {
        let q = Questionnaire::short();
        let again = |overall, answers: Vec<(&str, Level)>| Keyed {
            unit_id: UnitId::new(7),
            serial: "A".into(),
            batch: "L".into(),
            overall,
            answers: answers.into_iter().map(|(k, l)| (k.to_owned(), l)).collect(),
            on: None,
        };
        let stored = vec![("tiep-can".to_owned(), 3u8)];
        assert!(differences((3, &stored), &again(Level::Good, vec![("tiep-can", Level::Good)]), &q).is_empty());
        let differ = differences((3, &stored), &again(Level::Fair, vec![("cong-chuc", Level::Good)]), &q);
        assert_eq!(differ, ["Đánh giá chung", "Công chức", "Tiếp cận dịch vụ"]);
    }

    fn form(response_id: ResponseId, batch: &str, surveyor_id: Option<SurveyorId>) -> CampaignForm {
        CampaignForm {
            response_id,
            unit_id: UnitId::new(7),
            serial: response_id.to_string(),
            batch: batch.into(),
            surveyor_id,
            overall: 3,
            voided: false,
            second_match: None,
            survey: false,
            respondent_id: None,
        }
    }

    #[test]
    fn a_tenth_of_each_surveyors_forms_is_drawn_for_rechecking() {
        let mut forms: Vec<CampaignForm> =
            (1..=25).map(|i| form(ResponseId::new(i), "L1", Some(SurveyorId::new(1)))).collect();
        forms.extend((26..=30).map(|i| form(ResponseId::new(i), "L2", None)));
        let drawn = draw_rechecks(&forms, &[], 10, 9);
        assert_eq!(drawn, draw_rechecks(&forms, &[], 10, 9), "reproducible");
        assert_eq!(drawn.iter().filter(|id| **id <= ResponseId::new(25)).count(), 3, "25 forms of surveyor 1: 3");
        assert_eq!(drawn.iter().filter(|id| **id > ResponseId::new(25)).count(), 1, "5 forms of batch L2: 1");
        assert!(draw_rechecks(&forms, &drawn, 10, 9).is_empty(), "drawn already: nothing more");
    }
}
