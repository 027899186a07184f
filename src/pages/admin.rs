//! The administration page: each unit of one's subtree with its counters and officials, the forms to
//! add, edit and archive them, and the links to print their codes.

use leptos::prelude::*;

use super::{document, CsrfField, Document, ErrorList, StaffBar, StaffHeader};
use crate::domain::ids::{CounterId, UnitId};
use crate::domain::sample::TargetRule;
use crate::domain::unit_tree::KINDS;
use crate::i18n::surveys::VI as S;
use crate::i18n::{Locale, Texts};
use crate::store::{Counter, Official, Unit};

pub struct AdminView {
    pub staff: StaffBar,
    pub units: Vec<UnitBlock>,
    /// Units a new unit may be placed under.
    pub parents: Vec<(i64, String)>,
    /// Administrators may add a unit at the top of the tree.
    pub may_add_root: bool,
    pub errors: Vec<&'static str>,
}

pub struct UnitBlock {
    pub depth: usize,
    pub unit: Unit,
    pub counters: Vec<Counter>,
    pub officials: Vec<Official>,
    /// The unit's public page shows its officials' figures.
    pub publishes_officials: bool,
    /// The rule of sample targets the unit chose for its subtree (`None`: the rule above).
    pub sample_rule: Option<TargetRule>,
}

pub fn render_admin(v: AdminView) -> String {
    let t = Locale::Vi.texts();
    let csrf = v.staff.csrf.clone();
    let errors = view! { <ErrorList errors=v.errors/> };
    let blocks = v.units.into_iter().map(|b| unit_block(b, &v.parents, &csrf, t)).collect_view();
    let new_unit = unit_form("/admin/units".into(), None, &v.parents, v.may_add_root, &csrf, t);
    document(
        Document { title: t.admin_title, locale: Locale::Vi, islands: None, body_class: "staff", web_app: false },
        view! {
            <StaffHeader bar=v.staff.clone()/>
            <main class="admin">
                <h1>{t.admin_title}</h1>
                {errors}
                {blocks}
                <details class="panel">
                    <summary>{t.add_unit}</summary>
                    {new_unit}
                </details>
            </main>
        },
    )
}

fn unit_block(b: UnitBlock, parents: &[(i64, String)], csrf: &str, t: &'static Texts) -> impl IntoView {
    let unit_id = b.unit.id;
    let counter_options: Vec<(i64, String)> = b.counters.iter().map(|c| (c.id.get(), c.name.clone())).collect();
    let counters = b.counters.into_iter().map(|c| counter_row(c, csrf, t)).collect_view();
    let officials = b.officials.into_iter().map(|o| official_row(o, &counter_options, csrf, t)).collect_view();
    let edit = unit_form(
        format!("/admin/units/{unit_id}"),
        Some((&b.unit, b.publishes_officials, b.sample_rule)),
        parents,
        true,
        csrf,
        t,
    );
    let new_official = official_form(format!("/admin/units/{unit_id}/officials"), None, &counter_options, csrf, t);
    view! {
        <section class="panel unit-block" style=format!("margin-left:{}rem", b.depth.min(4) * 2)>
            <h2>
                {b.unit.name.clone()}" "<small class="muted">{b.unit.code.clone().unwrap_or_default()}</small>" "
                <a class="sheet-link" href=format!("/print/unit/{unit_id}")>{t.print_sheet}</a>" "
                <a class="devices-link" href=format!("/admin/units/{unit_id}/devices")>{t.kiosk.devices_link}</a>" "
                <a class="alerts-link" href=format!("/admin/units/{unit_id}/alerts")>{t.alerts.rules_link}</a>
            </h2>
            <details><summary>{t.edit}</summary>{edit}</details>
            <div class="two-col">
                <div>
                    <h3>{t.counters}</h3>
                    <ul class="plain">{counters}</ul>
                    <form method="post" action=format!("/admin/units/{unit_id}/counters") class="inline-form">
                        <CsrfField token=csrf.to_owned()/>
                        <input name="name" required=true placeholder=t.name aria-label=t.name/>
                        <button type="submit" class="button small">{t.add_counter}</button>
                    </form>
                </div>
                <div>
                    <h3>{t.officials}</h3>
                    <ul class="plain">{officials}</ul>
                    <details><summary>{t.add_official}</summary>{new_official}</details>
                </div>
            </div>
        </section>
    }
}

fn counter_row(c: Counter, csrf: &str, t: &'static Texts) -> impl IntoView {
    view! {
        <li>
            {c.name.clone()}" "<a class="poster-link" href=format!("/print/counter/{}", c.id)>{t.print_poster}</a>
            <details>
                <summary>{t.edit}</summary>
                <form method="post" action=format!("/admin/counters/{}", c.id) class="inline-form">
                    <CsrfField token=csrf.to_owned()/>
                    <input name="name" value=c.name required=true aria-label=t.name/>
                    <label class="check"><input type="checkbox" name="archive" value="1"/>{t.archive}</label>
                    <button type="submit" class="button small">{t.save}</button>
                </form>
            </details>
        </li>
    }
}

fn official_row(o: Official, counters: &[(i64, String)], csrf: &str, t: &'static Texts) -> impl IntoView {
    let photo = o
        .has_photo
        .then(|| view! { <img class="thumb" src=format!("/photos/official/{}", o.id) alt="" width="32" height="32" loading="lazy"/> });
    let id = o.id;
    let edit = official_form(format!("/admin/officials/{id}"), Some(&o), counters, csrf, t);
    view! {
        <li>
            <span class="who">{photo}<span>{o.full_name.clone()}" "<small class="muted">{o.title.clone()}</small></span></span>
            " "<a class="card-link" href=format!("/print/official/{id}")>{t.print_card}</a>
            <details><summary>{t.edit}</summary>{edit}</details>
        </li>
    }
}

fn unit_form(
    action: String,
    unit: Option<(&Unit, bool, Option<TargetRule>)>,
    parents: &[(i64, String)],
    allow_no_parent: bool,
    csrf: &str,
    t: &'static Texts,
) -> impl IntoView {
    let publishes = unit.is_some_and(|(_, publishes, _)| publishes);
    let rule = unit.and_then(|(_, _, rule)| rule);
    let unit = unit.map(|(u, _, _)| u);
    let parent = unit.and_then(|u| u.parent_id);
    let kind = unit.map(|u| u.kind.clone()).unwrap_or_else(|| "commune".into());
    let parent_options = parents
        .iter()
        .filter(|(id, _)| Some(*id) != unit.map(|u| u.id.get()))
        .map(|(id, name)| view! { <option value=id.to_string() selected=parent == Some(UnitId::new(*id))>{name.clone()}</option> })
        .collect_view();
    let kind_options = KINDS
        .iter()
        .zip(t.unit_kinds)
        .map(|((key, _), name)| view! { <option value=*key selected=kind == *key>{name}</option> })
        .collect_view();
    view! {
        <form method="post" action=action class="form-grid">
            <CsrfField token=csrf.to_owned()/>
            <label class="field">{t.name}<input name="name" required=true value=unit.map(|u| u.name.clone())/></label>
            <label class="field">{t.kind}<select name="kind">{kind_options}</select></label>
            <label class="field">{t.unit_code}<input name="code" value=unit.and_then(|u| u.code.clone())/></label>
            <label class="field">
                {t.parent_unit}
                <select name="parent_id">
                    {allow_no_parent.then(|| view! { <option value="">{t.none_option}</option> })}
                    {parent_options}
                </select>
            </label>
            {unit.is_some().then(|| view! {
                <label class="check">
                    <input type="checkbox" name="publish_officials" value="1" checked=publishes/>{t.publish_officials}
                </label>
                {sample_rule_fields(rule, t)}
                <label class="check"><input type="checkbox" name="archive" value="1"/>{t.archive}</label>
            })}
            <button type="submit" class="button small">{t.save}</button>
        </form>
    }
}

/// The choice of a unit's sample target rule: as the unit above, or one of the rules (`domain::sample`).
fn sample_rule_fields(rule: Option<TargetRule>, t: &'static Texts) -> impl IntoView {
    let chosen = match rule {
        None => "",
        Some(TargetRule::Tiered) => "tiered",
        Some(TargetRule::Slovin { .. }) => "slovin",
        Some(TargetRule::PerKind) => "per_kind",
        Some(TargetRule::Fixed(_)) => "fixed",
    };
    let fixed = match rule {
        Some(TargetRule::Fixed(n)) => n.to_string(),
        _ => String::new(),
    };
    let choices = [
        ("", t.sample_rule_inherit),
        ("tiered", S.tiered),
        ("slovin", S.slovin),
        ("per_kind", S.per_kind),
        ("fixed", S.fixed),
    ];
    let options = choices
        .into_iter()
        .map(|(key, name)| view! { <option value=key selected=chosen == key>{name}</option> })
        .collect_view();
    view! {
        <label class="field">{t.sample_rule}<select name="sample_rule">{options}</select></label>
        <label class="field">{t.sample_fixed}<input name="sample_fixed" inputmode="numeric" value=fixed/></label>
    }
}

fn official_form(
    action: String,
    o: Option<&Official>,
    counters: &[(i64, String)],
    csrf: &str,
    t: &'static Texts,
) -> impl IntoView {
    let counter = o.and_then(|o| o.counter_id);
    let counter_options = counters
        .iter()
        .map(|(id, name)| view! { <option value=id.to_string() selected=counter == Some(CounterId::new(*id))>{name.clone()}</option> })
        .collect_view();
    view! {
        <form method="post" action=action enctype="multipart/form-data" class="form-grid">
            <CsrfField token=csrf.to_owned()/>
            <label class="field">{t.full_name}<input name="full_name" required=true value=o.map(|o| o.full_name.clone())/></label>
            <label class="field">{t.official_title}<input name="title" value=o.map(|o| o.title.clone())/></label>
            <label class="field">{t.staff_code}<input name="staff_code" value=o.and_then(|o| o.staff_code.clone())/></label>
            <label class="field">
                {t.counter}
                <select name="counter_id"><option value="">{t.none_option}</option>{counter_options}</select>
            </label>
            <label class="field">{t.photo}<input type="file" name="photo" accept="image/jpeg,image/png,image/webp"/></label>
            {o.is_some().then(|| view! { <label class="check"><input type="checkbox" name="archive" value="1"/>{t.archive}</label> })}
            <button type="submit" class="button small">{t.save}</button>
        </form>
    }
}
