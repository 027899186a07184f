//! A report written out for download: a workbook with one formatted sheet per table, and a CSV of every table
//! one after another (UTF-8 with a byte-order mark, so Excel reads the Vietnamese letters).

use chrono::NaiveDate;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::domain::report::{spreadsheet_text, Cell, Sheet};
use crate::i18n::reports::SHEET;
use crate::i18n::{Locale, Texts};
use crate::services::reports::Report;

/// Widest a column grows to fit its text, in characters (comments wrap beyond it).
const MAX_COLUMN_WIDTH: usize = 60;
/// Excel's paper size code for A4.
const A4: u8 = 9;

struct Formats {
    title: Format,
    subtitle: Format,
    header: Format,
    text: Format,
    count: Format,
    percent: Format,
    missing: Format,
    note: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            subtitle: Format::new().set_italic(),
            header: cell.clone().set_bold().set_background_color(Color::RGB(0xDDE7F3)).set_align(FormatAlign::Center),
            text: cell.clone(),
            count: cell.clone().set_num_format("#,##0"),
            percent: cell.clone().set_num_format("0.0"),
            missing: cell.set_italic().set_font_color(Color::RGB(0x595959)),
            note: Format::new().set_italic().set_text_wrap(),
        }
    }
}

/// The workbook: a sheet per table, each headed by the report's subject, A4, header row frozen.
pub fn xlsx(report: &Report, made_on: NaiveDate) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let (period, day) = (Locale::Vi.texts().period_in_sentence(report.period), made_on.format("%d/%m/%Y"));
    let subtitle = Texts::fill(SHEET.subtitle, &[("unit", &report.unit.name), ("period", &period), ("day", &day)]);
    for sheet in &report.sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(sheet_name(&sheet.title))?;
        worksheet.set_paper_size(A4).set_print_fit_to_pages(1, 0);
        write_sheet(worksheet, sheet, &subtitle, &formats)?;
    }
    workbook.save_to_buffer()
}

fn write_sheet(ws: &mut Worksheet, sheet: &Sheet, subtitle: &str, f: &Formats) -> Result<(), XlsxError> {
    let none = Locale::Vi.texts().reports.not_enough;
    ws.write_string_with_format(0, 0, &sheet.title, &f.title)?;
    ws.write_string_with_format(1, 0, subtitle, &f.subtitle)?;
    const HEADER: u32 = 3;
    for (col, name) in (0u16..).zip(&sheet.columns) {
        ws.write_string_with_format(HEADER, col, name, &f.header)?;
    }
    let mut widths: Vec<usize> = sheet.columns.iter().map(|c| c.chars().count()).collect();
    for (row, cells) in (HEADER + 1..).zip(&sheet.rows) {
        for ((col, cell), width) in (0u16..).zip(cells).zip(widths.iter_mut()) {
            match cell {
                Cell::Text(text) => ws.write_string_with_format(row, col, text, &f.text)?,
                Cell::Count(n) => ws.write_number_with_format(row, col, *n as f64, &f.count)?,
                Cell::Percent(Some(value)) => ws.write_number_with_format(row, col, *value, &f.percent)?,
                Cell::Percent(None) => ws.write_string_with_format(row, col, none, &f.missing)?,
            };
            *width = (*width).max(cell.text(none).chars().count());
        }
    }
    for (col, width) in (0u16..).zip(widths) {
        ws.set_column_width(col, (width.min(MAX_COLUMN_WIDTH) + 2) as f64)?;
    }
    if let Some(note) = &sheet.note {
        let row = HEADER + 2 + sheet.rows.len() as u32;
        let last = sheet.columns.len().saturating_sub(1) as u16;
        ws.merge_range(row, 0, row, last.max(1), note, &f.note)?;
        ws.set_row_height(row, 15.0 * (1 + note.chars().count() / 90) as f64)?;
    }
    ws.set_freeze_panes(HEADER + 1, 0)?;
    Ok(())
}

/// Excel's rules for a sheet's name: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect()
}

/// Every table as a titled block: its title, its header, its rows, its note, then a blank line. Numbers are
/// written with a decimal point, as a program reading the file expects; every text is neutralised
/// ([`spreadsheet_text`]): names and comments were typed by people, and a spreadsheet would run a formula.
pub fn csv(report: &Report) -> Vec<u8> {
    let none = Locale::Vi.texts().reports.not_enough;
    let mut out = csv::WriterBuilder::new().flexible(true).from_writer(b"\xEF\xBB\xBF".to_vec());
    let texts = |texts: &[String]| texts.iter().map(|t| spreadsheet_text(t).into_owned()).collect::<Vec<_>>();
    let mut block = |sheet: &Sheet| -> csv::Result<()> {
        out.write_record(texts(std::slice::from_ref(&sheet.title)))?;
        out.write_record(texts(&sheet.columns))?;
        for cells in &sheet.rows {
            out.write_record(cells.iter().map(|cell| match cell {
                Cell::Percent(Some(value)) => format!("{:.1}", (value * 10.0).round() / 10.0),
                Cell::Count(n) => n.to_string(),
                other => spreadsheet_text(&other.text(none)).into_owned(),
            }))?;
        }
        if let Some(note) = &sheet.note {
            out.write_record(texts(std::slice::from_ref(note)))?;
        }
        out.write_record([""])
    };
    for sheet in &report.sheets {
        // Writing into memory cannot fail.
        let _ = block(sheet);
    }
    out.into_inner().unwrap_or_default()
}
