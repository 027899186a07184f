//! Survey campaigns: the list with the planning form (here), one campaign's page ([`campaign`]), and a surveyor's
//! badge with the public page that checks it ([`badge`]).

mod badge;
mod campaign;

use std::collections::HashMap;

use chrono::NaiveDate;
use leptos::prelude::*;

pub use badge::{render_badge, render_verification, BadgeView};
pub use campaign::{render_campaign, CampaignView, TargetRow};

use super::{document, error_summary, CsrfField, Document, StaffBar, StaffHeader};
use crate::i18n::surveys::VI as S;
use crate::i18n::Locale;
use crate::store::Campaign;

pub struct CampaignsView {
    pub staff: StaffBar,
    pub units: Vec<(i64, String)>,
    pub campaigns: Vec<Campaign>,
    pub names: HashMap<i64, String>,
    pub errors: Vec<String>,
}

/// A campaign's dates as people write them: `01/01/2026 – 31/12/2026`.
fn dates(c: &Campaign) -> String {
    let day =
        |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").map_or(d.to_owned(), |d| d.format("%d/%m/%Y").to_string());
    format!("{} – {}", day(&c.first_day), day(&c.last_day))
}

fn staff_page(title: &'static str, staff: StaffBar, body: impl IntoView + 'static) -> String {
    document(
        Document { title, locale: Locale::Vi, islands: None, body_class: "staff", web_app: false },
        view! { <StaffHeader bar=staff/><main class="admin">{body}</main> },
    )
}

pub fn render_campaigns(v: CampaignsView) -> String {
    let csrf = v.staff.csrf.clone();
    let body = view! {
        <h1>{S.title}</h1>
        {error_summary(v.errors)}
        <section class="panel" tabindex="0" role="region" aria-label=S.title>{campaign_list(&v.campaigns, &v.names)}</section>
        {plan_form(csrf, v.units)}
    };
    staff_page(S.title, v.staff, body)
}

fn campaign_list(campaigns: &[Campaign], names: &HashMap<i64, String>) -> AnyView {
    if campaigns.is_empty() {
        return view! { <p class="muted">{S.none}</p> }.into_any();
    }
    let rows = campaigns
        .iter()
        .map(|c| {
            view! {
                <tr>
                    <td><a href=format!("/surveys/{}", c.id)>{c.name.clone()}</a></td>
                    <td>{names.get(&c.unit_id.get()).cloned().unwrap_or_default()}</td>
                    <td>{dates(c)}</td>
                    <td>{if c.closed_at.is_some() { S.closed } else { S.open }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="grid">
            <thead><tr>
                <th scope="col">{S.name}</th><th scope="col">{S.unit}</th>
                <th scope="col">{S.period}</th><th scope="col">{S.status}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// The form that plans a new campaign.
fn plan_form(csrf: String, units: Vec<(i64, String)>) -> impl IntoView {
    let units =
        units.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view();
    view! {
        <section class="panel">
            <h2>{S.plan}</h2>
            <form method="post" action="/surveys" class="form-grid">
                <CsrfField token=csrf/>
                <label class="field">{S.name}<input name="name" required=true/></label>
                <label class="field">{S.unit}<select name="unit_id">{units}</select></label>
                <label class="field">{S.first_day}<input type="date" name="first_day" required=true/></label>
                <label class="field">{S.last_day}<input type="date" name="last_day" required=true/></label>
                <label class="field">{S.method}
                    <select name="method">
                        <option value="field">{S.field}</option>
                        <option value="on_site">{S.on_site}</option>
                    </select>
                </label>
                <label class="field">{S.questionnaire}
                    <select name="questionnaire">
                        <option value="short">{S.short}</option>
                        <option value="detailed">{S.detailed}</option>
                        <option value="paper2">{S.paper2}</option>
                    </select>
                </label>
                <label class="field">{S.rule}
                    <select name="rule">
                        <option value="tiered">{S.tiered}</option>
                        <option value="slovin">{S.slovin}</option>
                        <option value="per_kind">{S.per_kind}</option>
                        <option value="fixed">{S.fixed}</option>
                    </select>
                </label>
                <label class="field">{S.fixed_n}<input name="fixed" inputmode="numeric"/></label>
                <label class="field">{S.decision}<input name="decision" required=true/></label>
                <label class="field">{S.payment}<input name="payment" inputmode="numeric" value="30000"/></label>
                <button type="submit" class="button primary">{S.create}</button>
            </form>
        </section>
    }
}
