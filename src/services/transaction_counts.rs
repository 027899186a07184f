//! Transaction counts as the one-stop software's API call and a manager's CSV give them: every line checked alike
//! (a month that is one and not ahead, a count, a procedure the unit offers), every bad line named.

use std::collections::HashMap;

use chrono::Utc;

use crate::domain::catalogue::same_procedure;
use crate::domain::ids::UnitId;
use crate::domain::import::{capped, ImportProblems, MAX_LINES};
use crate::domain::period::{local_date, parse_month};
use crate::i18n::transactions::TransactionTexts;
use crate::i18n::Texts;
use crate::store::{Procedure, Store, StoreResult, TransactionCount, Unit};

/// No unit handles more dossiers than this in a month; a larger number is a typing error.
pub const MAX_COUNT: i64 = 10_000_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineError {
    /// Not a unit of the caller's subtree (or none at all: the two read alike).
    UnknownUnit,
    BadMonth,
    FutureMonth,
    BadCount,
    /// The unit does not offer a procedure of this code.
    UnknownProcedure(String),
    Unreadable,
}

impl LineError {
    /// In the words of `t`: the API's English or the page's Vietnamese.
    pub fn message(&self, t: &TransactionTexts) -> String {
        match self {
            LineError::UnknownUnit => t.unknown_unit.into(),
            LineError::BadMonth => t.bad_month.into(),
            LineError::FutureMonth => t.future_month.into(),
            LineError::BadCount => Texts::with_number(t.bad_count, MAX_COUNT),
            LineError::UnknownProcedure(code) => t.unknown_procedure.replace("{code}", code),
            LineError::Unreadable => t.unreadable.into(),
        }
    }
}

/// Checks lines against the procedures each unit offers today, read once per unit.
pub struct Checker {
    offered: HashMap<UnitId, Vec<Procedure>>,
    this_month: i64,
}

impl Checker {
    pub async fn new(store: &Store, unit_ids: &[UnitId]) -> StoreResult<Checker> {
        let today = local_date(Utc::now()).to_string();
        let mut offered = HashMap::new();
        for &id in unit_ids {
            if let std::collections::hash_map::Entry::Vacant(entry) = offered.entry(id) {
                entry.insert(store.unit_procedures(id, &today).await?);
            }
        }
        Ok(Checker { offered, this_month: parse_month(&today[..7]).unwrap_or(i64::MAX) })
    }

    /// One line; `procedure` empty or none for the unit's count with no procedure named.
    pub fn check(
        &self,
        unit_id: UnitId,
        month: &str,
        procedure: Option<&str>,
        count: i64,
    ) -> Result<TransactionCount, LineError> {
        let offered = self.offered.get(&unit_id).ok_or(LineError::UnknownUnit)?;
        let month = parse_month(month).ok_or(LineError::BadMonth)?;
        if month > self.this_month {
            return Err(LineError::FutureMonth);
        }
        if !(0..=MAX_COUNT).contains(&count) {
            return Err(LineError::BadCount);
        }
        let procedure_id = match procedure.map(str::trim).filter(|c| !c.is_empty()) {
            Some(code) => offered
                .iter()
                .find(|p| same_procedure(&p.code, code))
                .map(|p| Some(p.id))
                .ok_or_else(|| LineError::UnknownProcedure(code.to_owned()))?,
            None => None,
        };
        Ok(TransactionCount { unit_id, procedure_id, month, count })
    }
}

/// A bad CSV line as written, with what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvLine {
    /// 1-based line number in the file (the header is line 1).
    pub line: usize,
    pub unit: String,
    pub month: String,
    pub procedure: String,
    pub count: String,
    pub error: LineError,
}

/// A file's good lines, and its bad ones (the first named, the others counted).
#[derive(Debug, Default)]
pub struct CsvCounts {
    pub counts: Vec<TransactionCount>,
    pub problems: ImportProblems<CsvLine>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvError {
    MissingColumn(&'static str),
    NotUtf8,
    Empty,
    /// More than [`MAX_LINES`] lines besides the header: the API's cap, for the file as a whole.
    TooMany,
}

/// Reads a CSV of counts — header `unit,month,count[,procedure_code]`, a unit by its id or code, at most
/// [`MAX_LINES`] lines — checking every line against the units in `reach` (the manager's subtree).
pub async fn read_csv(store: &Store, bytes: &[u8], reach: &[Unit]) -> StoreResult<Result<CsvCounts, CsvError>> {
    let Ok(text) = std::str::from_utf8(bytes) else { return Ok(Err(CsvError::NotUtf8)) };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Ok(Err(CsvError::Empty));
    }
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let Ok(headers) = reader.headers().cloned() else { return Ok(Err(CsvError::Empty)) };
    let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(unit_col), Some(month_col), Some(count_col)) = (column("unit"), column("month"), column("count")) else {
        let missing = ["unit", "month", "count"].into_iter().find(|c| column(c).is_none()).unwrap_or("unit");
        return Ok(Err(CsvError::MissingColumn(missing)));
    };
    let Some(records) = capped(reader.records(), MAX_LINES) else { return Ok(Err(CsvError::TooMany)) };
    let procedure_col = column("procedure_code");
    let unit_of = |written: &str| {
        reach.iter().find(|u| u.id.to_string() == written || u.code.as_deref() == Some(written)).map(|u| u.id)
    };
    let ids: Vec<UnitId> = reach.iter().map(|u| u.id).collect();
    let checker = Checker::new(store, &ids).await?;
    let mut read = CsvCounts::default();
    for (index, record) in records.into_iter().enumerate() {
        let line = index + 2;
        let Ok(record) = record else {
            let blank = String::new;
            let error = LineError::Unreadable;
            read.problems.push(CsvLine {
                line,
                unit: blank(),
                month: blank(),
                procedure: blank(),
                count: blank(),
                error,
            });
            continue;
        };
        let get = |col: Option<usize>| col.and_then(|c| record.get(c)).unwrap_or_default().to_owned();
        let (unit, month, count, procedure) =
            (get(Some(unit_col)), get(Some(month_col)), get(Some(count_col)), get(procedure_col));
        let verdict = match (unit_of(&unit), count.parse::<i64>()) {
            (None, _) => Err(LineError::UnknownUnit),
            (_, Err(_)) => Err(LineError::BadCount),
            (Some(unit_id), Ok(n)) => checker.check(unit_id, &month, Some(&procedure), n),
        };
        match verdict {
            Ok(good) => read.counts.push(good),
            Err(error) => read.problems.push(CsvLine { line, unit, month, procedure, count, error }),
        }
    }
    Ok(Ok(read))
}
