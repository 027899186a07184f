//! `/reports` — a unit's report for a month, quarter or year as an A4 document with the national-style header
//! (quốc hiệu, tiêu ngữ), its tables, and above it (not printed) the choice of unit and period and the downloads.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

use super::{document, Document, StaffBar, StaffHeader};
use crate::domain::report::{Cell, ReportPeriod, Sheet};
use crate::i18n::Locale;
use crate::services::reports::{self, Report};

pub struct ReportView {
    pub staff: StaffBar,
    /// The units the reader may choose, indented by depth.
    pub units: Vec<(i64, String)>,
    pub periods: Vec<ReportPeriod>,
    /// The period asked for was not one: the page says so and shows this quarter.
    pub period_error: bool,
    pub made_on: NaiveDate,
    pub floor: u64,
    pub report: Report,
}

pub fn render_report(v: ReportView) -> String {
    let t = Locale::Vi.texts().reports;
    let report = &v.report;
    let key = report.period.key();
    let query = format!("unit={}&period={key}", report.unit.id);
    let unit_options = v
        .units
        .iter()
        .map(|(id, name)| view! { <option value=id.to_string() selected=*id == report.unit.id.get()>{name.clone()}</option> })
        .collect_view();
    let mut periods = v.periods.clone();
    if !periods.contains(&report.period) {
        periods.insert(0, report.period);
    }
    let period_options = periods
        .into_iter()
        .map(|p| view! { <option value=p.key() selected=p == report.period>{Locale::Vi.texts().period(p)}</option> })
        .collect_view();
    let controls = view! {
        <form method="get" action="/reports" class="inline-form report-controls no-print">
            <label>{t.unit}" "<select name="unit">{unit_options}</select></label>
            <label>{t.period}" "<select name="period">{period_options}</select></label>
            <button type="submit" class="button small">{t.show}</button>
            <a class="button small" href=format!("/reports/xlsx?{query}") download="">{t.xlsx}</a>
            <a class="button small" href=format!("/reports/csv?{query}") download="">{t.csv}</a>
            <button type="button" class="button small primary" data-print="">{t.print}</button>
        </form>
    };
    let error = v.period_error.then(|| view! { <p class="error-summary no-print" role="alert">{t.period_invalid}</p> });
    let subject = t
        .subject
        .replace("{unit}", &report.unit.name)
        .replace("{period}", &Locale::Vi.texts().period_in_sentence(report.period));
    let dated = t
        .dated
        .replace("{d}", &format!("{:02}", v.made_on.day()))
        .replace("{m}", &format!("{:02}", v.made_on.month()))
        .replace("{y}", &v.made_on.year().to_string());
    let lead = match report.withheld {
        Some(w) => t.lead_withheld.replace("{why}", reports::why(w)),
        None => t.lead.replace("{n}", &report.summary.overall.total().to_string()),
    }
    .replace("{apart}", &report.apart.to_string());
    let sheets = report.sheets.iter().skip(1).map(|sheet| view! { <SheetTable sheet=sheet.clone()/> }).collect_view();
    document(
        Document { title: t.title, locale: Locale::Vi, islands: None, body_class: "staff report-page", web_app: false },
        view! {
            <StaffHeader bar=v.staff.clone()/>
            <main class="report">
                {controls}
                {error}
                <article class="a4">
                    <header class="national">
                        <div class="issuer">
                            {report.parent.clone().map(|p| view! { <p>{p.to_uppercase()}</p> })}
                            <p class="strong">{report.unit.name.to_uppercase()}</p>
                        </div>
                        <div class="nation">
                            <p class="strong">{t.nation}</p>
                            <p class="motto">{t.motto}</p>
                            <p class="dated">{dated}</p>
                        </div>
                    </header>
                    <h1 class="doc-title">{t.document}<span>{subject}</span></h1>
                    <p>{lead}</p>
                    {sheets}
                    <footer class="signature"><p class="strong">{t.signer}</p></footer>
                </article>
            </main>
            <script type="module" src="/print.js"></script>
        },
    )
}

/// One table of the report, numbered columns right-aligned, with its note beneath.
#[component]
fn SheetTable(sheet: Sheet) -> impl IntoView {
    let none = Locale::Vi.texts().reports.not_enough;
    let header = sheet.columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view();
    let rows = sheet
        .rows
        .iter()
        .map(|cells| {
            let cells = cells
                .iter()
                .map(|cell| {
                    let class = match cell {
                        Cell::Text(_) => "",
                        Cell::Percent(None) => "num thin",
                        _ => "num",
                    };
                    view! { <td class=class>{cell.text(none)}</td> }
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    let empty = sheet.rows.is_empty().then(|| view! { <p class="muted">{Locale::Vi.texts().reports.no_data}</p> });
    view! {
        <section class="report-table" tabindex="0" role="region" aria-label=sheet.title.clone()>
            <h2>{sheet.title.clone()}</h2>
            {(!sheet.rows.is_empty()).then(|| view! {
                <table class="grid"><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>
            })}
            {empty}
            {sheet.note.clone().map(|note| view! { <p class="note">{note}</p> })}
        </section>
    }
}
