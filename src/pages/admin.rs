//! The administration overview: each unit with its counters and officials, and their print links.

use leptos::prelude::*;

use super::{document, Document, StaffBar, StaffHeader};
use crate::i18n::Locale;
use crate::store::{Counter, Official, Unit};

pub struct AdminView {
    pub staff: StaffBar,
    pub units: Vec<UnitBlock>,
}

pub struct UnitBlock {
    pub depth: usize,
    pub unit: Unit,
    pub counters: Vec<Counter>,
    pub officials: Vec<Official>,
}

pub fn render_admin(v: AdminView) -> String {
    let t = Locale::Vi.texts();
    let blocks = v
        .units
        .into_iter()
        .map(|b| {
            let counters = b
                .counters
                .into_iter()
                .map(|c| {
                    view! {
                        <li>{c.name}" "<a class="poster-link" href=format!("/print/counter/{}", c.id)>{t.print_poster}</a></li>
                    }
                })
                .collect_view();
            let officials = b
                .officials
                .into_iter()
                .map(|o| {
                    let photo = o.has_photo().then(|| {
                        view! { <img class="thumb" src=format!("/photos/official/{}", o.id) alt="" width="32" height="32" loading="lazy"/> }
                    });
                    view! {
                        <li>
                            <span class="who">{photo}<span>{o.full_name}" "<small class="muted">{o.title}</small></span></span>
                            " "<a class="card-link" href=format!("/print/official/{}", o.id)>{t.print_card}</a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="panel unit-block" style=format!("margin-left:{}rem", b.depth * 2)>
                    <h2>
                        {b.unit.name}" "<small class="muted">{b.unit.code.unwrap_or_default()}</small>" "
                        <a class="sheet-link" href=format!("/print/unit/{}", b.unit.id)>{t.print_sheet}</a>
                    </h2>
                    <div class="two-col">
                        <div><h3>{t.counters}</h3><ul class="plain">{counters}</ul></div>
                        <div><h3>{t.officials}</h3><ul class="plain">{officials}</ul></div>
                    </div>
                </section>
            }
        })
        .collect_view();
    document(
        Document { title: t.admin_title, locale: Locale::Vi, islands: None, body_class: "staff" },
        view! {
            <StaffHeader bar=v.staff.clone()/>
            <main class="admin">
                <h1>{t.admin_title}</h1>
                {blocks}
            </main>
        },
    )
}
