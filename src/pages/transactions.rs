//! `/admin/transactions` — a manager imports monthly transaction counts from CSV: a preview with a verdict per line,
//! then the import of the good lines in one change.

use leptos::prelude::*;

use super::{document, textarea_text, CsrfField, Document, StaffBar, StaffHeader};
use crate::domain::import::{with_grouped, MAX_LINES};
use crate::i18n::Locale;
use crate::services::transaction_counts::{CsvCounts, CsvError};

/// A preview holds how many lines are good and the bad ones (the first named, the others counted).
pub enum CountsOutcome {
    Preview { text: String, read: CsvCounts },
    Imported { stored: usize, skipped: usize },
    Refused(CsvError),
}

pub struct TransactionsView {
    pub staff: StaffBar,
    pub outcome: Option<CountsOutcome>,
}

pub fn render_transactions(v: TransactionsView) -> String {
    let t = Locale::Vi.texts();
    let x = t.transactions;
    let csrf = v.staff.csrf.clone();
    let outcome = v.outcome.map(|o| match o {
        CountsOutcome::Preview { text, read } => preview(&text, &read, &csrf).into_any(),
        CountsOutcome::Imported { stored, skipped } => view! {
            <p class="success" role="status">{format!("{}: {stored} · {}: {skipped}", x.stored, t.import_skipped)}</p>
        }
        .into_any(),
        CountsOutcome::Refused(e) => {
            let message = match e {
                CsvError::MissingColumn(c) => format!("{} {c}", t.import_missing_column),
                CsvError::NotUtf8 => t.import_not_utf8.to_owned(),
                CsvError::Empty => t.import_empty.to_owned(),
                CsvError::TooMany => with_grouped(t.import_too_many, MAX_LINES),
            };
            view! { <p class="error-summary" role="alert">{message}</p> }.into_any()
        }
    });
    document(
        Document { title: x.title, locale: Locale::Vi, islands: None, body_class: "staff", web_app: false },
        view! {
            <StaffHeader bar=v.staff.clone()/>
            <main class="admin">
                <h1>{x.title}</h1>
                <p class="hint">{x.help}</p>
                {outcome}
                <section class="panel">
                    <h2>{x.import_title}</h2>
                    <form method="post" action="/admin/transactions/preview" enctype="multipart/form-data" class="inline-form">
                        <CsrfField token=csrf/>
                        <input type="file" name="counts" accept=".csv,text/csv" required=true aria-label=x.import_title/>
                        <button type="submit" class="button small">{t.import_check}</button>
                    </form>
                    <p class="hint">{x.format}</p>
                </section>
            </main>
        },
    )
}

/// A file's counts checked: how many lines are good, the bad ones with why, and the form that imports the good.
fn preview(text: &str, read: &CsvCounts, csrf: &str) -> impl IntoView {
    let t = Locale::Vi.texts();
    let x = t.transactions;
    let good = read.counts.len();
    let rows = read
        .problems
        .named()
        .iter()
        .map(|l| {
            view! {
                <tr>
                    <td class="num">{l.line}</td>
                    <td class="level-chua-tot-text reason">{l.error.message(x)}</td>
                    <td>{l.unit.clone()}</td><td>{l.month.clone()}</td>
                    <td>{l.procedure.clone()}</td><td class="num">{l.count.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    // Only the first bad lines are named: a file of any length makes a short page. The reason comes right after
    // the line's number, so a phone shows both without scrolling sideways.
    let more = (read.problems.more() > 0).then(|| {
        let counted = with_grouped(t.import_more, read.problems.more());
        view! { <tr><td colspan="6">{counted}</td></tr> }
    });
    view! {
        <section class="panel" tabindex="0" role="region" aria-label=t.import_preview>
            <h2>{t.import_preview}</h2>
            <p>{format!("{good} / {} {}", good + read.problems.count(), x.lines_good)}</p>
            <table class="grid" hidden=read.problems.is_empty()>
                <thead><tr>
                    <th scope="col">{t.line}</th><th scope="col">{t.status}</th>
                    <th scope="col">{x.unit}</th><th scope="col">{x.month}</th>
                    <th scope="col">{x.procedure}</th><th scope="col" class="num">{x.count}</th>
                </tr></thead>
                <tbody>{rows}{more}</tbody>
            </table>
            <form method="post" action="/admin/transactions/import">
                <CsrfField token=csrf.to_owned()/>
                <textarea name="csv" hidden=true>{textarea_text(text)}</textarea>
                <button type="submit" class="button primary" disabled=good == 0>{t.import_confirm}</button>
            </form>
        </section>
    }
}
