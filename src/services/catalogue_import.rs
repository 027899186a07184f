//! Reading a procedure catalogue (danh mục thủ tục hành chính) from CSV — the shape of the national
//! portal's export: a header row with `code`, `name`, `field` (and optionally `valid_from`, `level`),
//! UTF-8, quoted fields. Every line gets a verdict, so an office sees what will happen before it happens.

use std::collections::HashSet;

use serde::Serialize;

/// One procedure as the file gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CatalogueRow {
    pub code: String,
    pub name: String,
    pub field: String,
    /// ISO date, when the file gives one.
    pub valid_from: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Verdict {
    Ok,
    /// The same code (and start date) came earlier in the file; this line is skipped.
    Duplicate,
    BadCode,
    MissingField(&'static str),
    BadDate,
    /// A name over 500 characters or a field over 200: not a catalogue entry.
    TooLong,
    Unreadable,
}

const MAX_NAME: usize = 500;
const MAX_FIELD: usize = 200;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LineReport {
    /// 1-based line number in the file (the header is line 1).
    pub line: usize,
    pub code: String,
    pub name: String,
    pub verdict: Verdict,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Catalogue {
    pub rows: Vec<CatalogueRow>,
    pub report: Vec<LineReport>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CatalogueError {
    /// The header lacks one of the required columns.
    MissingColumn(&'static str),
    NotUtf8,
    Empty,
}

/// A national code `d.dddddd`, optionally followed by a provincial suffix (`2.000815.000.00.00.H55`).
pub fn is_procedure_code(code: &str) -> bool {
    let mut parts = code.split('.');
    let national = matches!((parts.next(), parts.next()), (Some(a), Some(b))
        if a.len() == 1 && a.chars().all(|c| c.is_ascii_digit()) && b.len() == 6 && b.chars().all(|c| c.is_ascii_digit()));
    national && parts.all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn is_iso_date(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// `today` stands in for a missing date when telling duplicates apart.
pub fn parse(bytes: &[u8], today: &str) -> Result<Catalogue, CatalogueError> {
    let text = std::str::from_utf8(bytes).map_err(|_| CatalogueError::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(CatalogueError::Empty);
    }
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|_| CatalogueError::Empty)?.clone();
    let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let code_col = column("code").ok_or(CatalogueError::MissingColumn("code"))?;
    let name_col = column("name").ok_or(CatalogueError::MissingColumn("name"))?;
    let field_col = column("field").ok_or(CatalogueError::MissingColumn("field"))?;
    let date_col = column("valid_from");

    let mut catalogue = Catalogue::default();
    let mut seen = HashSet::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let Ok(record) = record else {
            catalogue.report.push(LineReport {
                line,
                code: String::new(),
                name: String::new(),
                verdict: Verdict::Unreadable,
            });
            continue;
        };
        let get = |col: usize| record.get(col).unwrap_or_default().to_owned();
        let (code, name, field) = (get(code_col), get(name_col), get(field_col));
        let valid_from = date_col.map(get).filter(|d| !d.is_empty());
        let verdict = if code.is_empty() {
            Verdict::MissingField("code")
        } else if !is_procedure_code(&code) {
            Verdict::BadCode
        } else if name.is_empty() {
            Verdict::MissingField("name")
        } else if field.is_empty() {
            Verdict::MissingField("field")
        } else if name.chars().count() > MAX_NAME || field.chars().count() > MAX_FIELD {
            Verdict::TooLong
        } else if valid_from.as_deref().is_some_and(|d| !is_iso_date(d)) {
            Verdict::BadDate
        } else if !seen.insert((code.clone(), valid_from.clone().unwrap_or_else(|| today.to_owned()))) {
            Verdict::Duplicate
        } else {
            Verdict::Ok
        };
        if verdict == Verdict::Ok {
            catalogue.rows.push(CatalogueRow { code: code.clone(), name: name.clone(), field, valid_from });
        }
        catalogue.report.push(LineReport { line, code, name, verdict });
    }
    Ok(catalogue)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_and_provincial_codes_are_accepted() {
        assert!(is_procedure_code("1.001193"));
        assert!(is_procedure_code("2.000815.000.00.00.H55"));
        assert!(!is_procedure_code("1.0011"));
        assert!(!is_procedure_code("A.001193"));
        assert!(!is_procedure_code("1.001193..H55"));
    }

    #[test]
    fn names_and_fields_have_length_limits() {
        let long = format!("code,name,field\n1.001193,{},Hộ tịch\n", "x".repeat(MAX_NAME + 1));
        assert_eq!(parse(long.as_bytes(), "2026-01-01").unwrap().report[0].verdict, Verdict::TooLong);
        let fits = format!("code,name,field\n1.001193,{},Hộ tịch\n", "x".repeat(MAX_NAME));
        assert_eq!(parse(fits.as_bytes(), "2026-01-01").unwrap().report[0].verdict, Verdict::Ok);
    }

    #[test]
    fn the_shared_commune_catalogue_reads_cleanly() {
        let catalogue = parse(include_bytes!("../demo/procedures-commune.csv"), "2026-01-01").unwrap();
        assert_eq!(catalogue.rows.len(), 17);
        assert!(catalogue.report.iter().all(|l| l.verdict == Verdict::Ok));
        assert_eq!(catalogue.rows[4].name, "Đăng ký nhận cha, mẹ, con");
    }

    #[test]
    fn every_line_gets_a_verdict() {
        let csv = "\u{feff}Code,Name,Field,valid_from\n\
                   1.001193,Đăng ký khai sinh,Hộ tịch,2025-07-01\n\
                   1.001193,Đăng ký khai sinh,Hộ tịch,2025-07-01\n\
                   xyz,Sai mã,Hộ tịch,\n\
                   1.000894,,Hộ tịch,\n\
                   1.000656,Đăng ký khai tử,Hộ tịch,01/07/2025\n\
                   1.000656,Đăng ký khai tử,Hộ tịch,\n";
        let catalogue = parse(csv.as_bytes(), "2026-01-01").unwrap();
        let verdicts: Vec<_> = catalogue.report.iter().map(|l| (l.line, l.verdict.clone())).collect();
        assert_eq!(
            verdicts,
            [
                (2, Verdict::Ok),
                (3, Verdict::Duplicate),
                (4, Verdict::BadCode),
                (5, Verdict::MissingField("name")),
                (6, Verdict::BadDate),
                (7, Verdict::Ok),
            ]
        );
        assert_eq!(catalogue.rows[1].valid_from, None, "no date in the file");
    }

    #[test]
    fn a_file_without_the_columns_or_not_utf8_is_refused_whole() {
        assert_eq!(parse(b"ma,ten\n1.001193,x\n", "2026-01-01"), Err(CatalogueError::MissingColumn("code")));
        assert_eq!(parse(&[0xff, 0xfe, 0x00], "2026-01-01"), Err(CatalogueError::NotUtf8));
        assert_eq!(parse(b"  \n", "2026-01-01"), Err(CatalogueError::Empty));
    }
}
