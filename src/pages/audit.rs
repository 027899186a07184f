//! The audit log page.

use leptos::prelude::*;

use super::{document, Document, StaffBar, StaffHeader};
use crate::i18n::Locale;

pub struct AuditView {
    pub staff: StaffBar,
    pub rows: Vec<AuditRow>,
}

pub struct AuditRow {
    pub when: String,
    pub who: String,
    pub unit: String,
    pub action: String,
    pub target: String,
    pub before: String,
    pub after: String,
}

pub fn render_audit(v: AuditView) -> String {
    let t = Locale::Vi.texts();
    let rows = v
        .rows
        .into_iter()
        .map(|r| {
            view! {
                <tr>
                    <td class="nowrap">{r.when}</td>
                    <td>{r.who}</td>
                    <td>{r.unit}</td>
                    <td><code>{r.action}</code></td>
                    <td>{r.target}</td>
                    <td><code class="json">{r.before}</code></td>
                    <td><code class="json">{r.after}</code></td>
                </tr>
            }
        })
        .collect_view();
    document(
        Document { title: t.audit_title, locale: Locale::Vi, islands: None, body_class: "staff", web_app: false },
        view! {
            <StaffHeader bar=v.staff.clone()/>
            <main class="admin">
                <h1>{t.audit_title}</h1>
                <section class="panel">
                    <table class="grid audit">
                        <thead>
                            <tr>
                                <th>{t.audit_when}</th><th>{t.audit_who}</th><th>{t.unit}</th><th>{t.audit_action}</th>
                                <th>{t.audit_target}</th><th>{t.audit_before}</th><th>{t.audit_after}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </section>
            </main>
        },
    )
}
