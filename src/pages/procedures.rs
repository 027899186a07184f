//! The procedure catalogue page: CSV import with a preview, and each unit's offered procedures.

use leptos::prelude::*;

use super::{document, textarea_text, CsrfField, Document, StaffBar, StaffHeader};
use crate::domain::ids::UnitId;
use crate::i18n::{Locale, Texts};
use crate::services::catalogue_import::{CatalogueError, LineReport, Verdict};
use crate::store::Procedure;

pub struct ProceduresView {
    pub staff: StaffBar,
    pub locale: Locale,
    pub units: Vec<(i64, String)>,
    pub unit_id: Option<UnitId>,
    pub questionnaire: String,
    /// Today's catalogue, each with whether the chosen unit offers it.
    pub procedures: Vec<(bool, Procedure)>,
    pub outcome: Option<ImportOutcome>,
    /// The national catalogue is the administrators' to change; managers only choose what their units offer.
    pub may_import: bool,
}

pub enum ImportOutcome {
    Preview { text: String, report: Vec<LineReport> },
    Imported { added: usize, unchanged: usize, skipped: usize },
    Refused(CatalogueError),
}

fn verdict_text(v: &Verdict, t: &Texts) -> String {
    match v {
        Verdict::Ok => t.line_ok.into(),
        Verdict::Duplicate => t.line_duplicate.into(),
        Verdict::BadCode => t.line_bad_code.into(),
        Verdict::MissingField(field) => format!("{} {field}", t.line_missing),
        Verdict::BadDate => t.line_bad_date.into(),
        Verdict::TooLong => t.line_too_long.into(),
        Verdict::Unreadable => t.line_unreadable.into(),
    }
}

pub fn render_procedures(v: ProceduresView) -> String {
    let t = v.locale.texts();
    let csrf = v.staff.csrf.clone();
    let import = v.may_import.then(|| import_form(&csrf, t));
    let unit_options = v
        .units
        .iter()
        .map(
            |(id, name)| view! { <option value=id.to_string() selected=v.unit_id == Some(UnitId::new(*id))>{name.clone()}</option> },
        )
        .collect_view();
    let offer = v.unit_id.map(|unit_id| offer_form(unit_id.get(), &v, &csrf, t));
    let outcome = v.outcome.map(|o| import_outcome(o, &csrf, t));
    document(
        Document { title: t.procedures_title, locale: v.locale, islands: None, body_class: "staff", web_app: false },
        view! {
            <StaffHeader bar=v.staff.clone()/>
            <main class="admin">
                <h1>{t.procedures_title}</h1>
                {outcome}
                {import}
                <section class="panel">
                    <h2>{t.unit_offer}</h2>
                    <form method="get" action="/admin/procedures" class="inline-form">
                        <select name="unit" aria-label=t.unit>{unit_options}</select>
                        <button type="submit" class="button small">{t.show}</button>
                    </form>
                    {offer}
                </section>
            </main>
        },
    )
}

/// What an import came to: the preview to confirm, the counts once imported, or why the file was refused.
fn import_outcome(outcome: ImportOutcome, csrf: &str, t: &'static Texts) -> AnyView {
    match outcome {
        ImportOutcome::Preview { text, report } => preview(&text, &report, csrf, t).into_any(),
        ImportOutcome::Imported { added, unchanged, skipped } => view! {
            <p class="success" role="status">{format!("{}: {added} · {}: {unchanged} · {}: {skipped}", t.import_added, t.import_unchanged, t.import_skipped)}</p>
        }
        .into_any(),
        ImportOutcome::Refused(e) => {
            let message = match e {
                CatalogueError::MissingColumn(c) => format!("{} {c}", t.import_missing_column),
                CatalogueError::NotUtf8 => t.import_not_utf8.to_owned(),
                CatalogueError::Empty => t.import_empty.to_owned(),
            };
            view! { <p class="error-summary" role="alert">{message}</p> }.into_any()
        }
    }
}

/// Each line of a catalogue file with its verdict, and the form that imports it as checked.
fn preview(text: &str, report: &[LineReport], csrf: &str, t: &'static Texts) -> impl IntoView {
    let ok = report.iter().filter(|l| l.verdict == Verdict::Ok).count();
    let rows = report
        .iter()
        .map(|l| {
            let class = if l.verdict == Verdict::Ok { "" } else { "level-chua-tot-text" };
            view! { <tr><td class="num">{l.line}</td><td>{l.code.clone()}</td><td>{l.name.clone()}</td><td class=class>{verdict_text(&l.verdict, t)}</td></tr> }
        })
        .collect_view();
    view! {
        <section class="panel">
            <h2>{t.import_preview}</h2>
            <p>{Texts::with_number(t.import_summary, ok)}" / "{report.len()}</p>
            <table class="grid"><thead><tr><th>{t.line}</th><th>{t.code}</th><th>{t.name}</th><th>{t.status}</th></tr></thead><tbody>{rows}</tbody></table>
            <form method="post" action="/admin/procedures/import">
                <CsrfField token=csrf.to_owned()/>
                <textarea name="csv" hidden=true>{textarea_text(text)}</textarea>
                <button type="submit" class="button primary">{t.import_confirm}</button>
            </form>
        </section>
    }
}

/// The administrators' form that checks a catalogue file.
fn import_form(csrf: &str, t: &'static Texts) -> impl IntoView {
    view! {
        <section class="panel">
            <h2>{t.import_title}</h2>
            <form method="post" action="/admin/procedures/preview" enctype="multipart/form-data" class="inline-form">
                <CsrfField token=csrf.to_owned()/>
                <input type="file" name="catalogue" accept=".csv,text/csv" required=true aria-label=t.import_title/>
                <button type="submit" class="button small">{t.import_check}</button>
            </form>
            <p class="hint">{t.import_hint}</p>
        </section>
    }
}

/// What the chosen unit offers: its questionnaire and its procedures, ticked.
fn offer_form(unit_id: i64, v: &ProceduresView, csrf: &str, t: &'static Texts) -> impl IntoView {
    let checkboxes = v
        .procedures
        .iter()
        .map(|(offered, p)| {
            view! {
                <label class="check">
                    <input type="checkbox" name="procedure" value=p.id.to_string() checked=*offered/>
                    <span>{p.name.clone()}" "<small class="muted">{format!("{} · {}", p.code, p.field)}</small></span>
                </label>
            }
        })
        .collect_view();
    view! {
        <form method="post" action=format!("/admin/units/{unit_id}/procedures")>
            <CsrfField token=csrf.to_owned()/>
            <label class="field">{t.questionnaire}
                <select name="questionnaire">
                    <option value="short" selected=v.questionnaire == "short">{t.questionnaire_short}</option>
                    <option value="detailed" selected=v.questionnaire == "detailed">{t.questionnaire_detailed}</option>
                </select>
            </label>
            <div class="checklist">{checkboxes}</div>
            <button type="submit" class="button primary">{t.save}</button>
        </form>
    }
}
