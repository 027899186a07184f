//! Survey campaigns: the list with the planning form; one campaign — targets and quotas, the customer list and the
//! draw, the drawn respondents (personal data, managers only, erased at the close), surveyors; a surveyor's badge;
//! and the public page that checks a badge.

use std::collections::HashMap;

use chrono::NaiveDate;
use leptos::prelude::*;

use super::{document, CsrfField, Document, StaffBar, StaffHeader};
use crate::domain::period::local_time_label;
use crate::domain::report::Cell;
use crate::domain::survey::Outcome;
use crate::i18n::surveyor::VI as P;
use crate::i18n::surveys::VI as S;
use crate::i18n::Locale;
use crate::services::campaigns::Collected;
use crate::store::{Campaign, Respondent, Surveyor};

pub struct CampaignsView {
    pub staff: StaffBar,
    pub units: Vec<(i64, String)>,
    pub campaigns: Vec<Campaign>,
    pub names: HashMap<i64, String>,
    pub errors: Vec<String>,
}

pub struct TargetRow {
    pub unit: String,
    pub collected: Collected,
    pub listed: usize,
    pub drawn: usize,
}

pub struct CampaignView {
    pub staff: StaffBar,
    pub unit: String,
    pub campaign: Campaign,
    pub targets: Vec<TargetRow>,
    pub respondents: Vec<Respondent>,
    pub surveyors: Vec<Surveyor>,
    /// Each surveyor's name, forms that stand and amount due (VND).
    pub payments: Vec<(String, i64, i64)>,
    pub names: HashMap<i64, String>,
    pub errors: Vec<String>,
    /// A surveyor's name, the sign-in code just made for their phone (shown once) and the address to type it at.
    pub sign_in_code: Option<(String, String, String)>,
}

pub struct BadgeView {
    pub surveyor: Surveyor,
    pub campaign: Campaign,
    pub unit: String,
    /// The verification page's URL, which the QR code carries.
    pub url: String,
    pub token: String,
    pub valid: bool,
}

/// A campaign's dates as people write them: `01/01/2026 – 31/12/2026`.
fn dates(c: &Campaign) -> String {
    let day =
        |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").map_or(d.to_owned(), |d| d.format("%d/%m/%Y").to_string());
    format!("{} – {}", day(&c.first_day), day(&c.last_day))
}

fn errors_view(errors: Vec<String>) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        let items = errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view();
        view! { <div class="error-summary" role="alert"><ul>{items}</ul></div> }
    })
}

fn staff_page(title: &'static str, staff: StaffBar, body: impl IntoView + 'static) -> String {
    document(
        Document { title, locale: Locale::Vi, islands: None, body_class: "staff", web_app: false },
        view! { <StaffHeader bar=staff/><main class="admin">{body}</main> },
    )
}

pub fn render_campaigns(v: CampaignsView) -> String {
    let csrf = v.staff.csrf.clone();
    let rows = v
        .campaigns
        .iter()
        .map(|c| {
            view! {
                <tr>
                    <td><a href=format!("/surveys/{}", c.id)>{c.name.clone()}</a></td>
                    <td>{v.names.get(&c.unit_id.get()).cloned().unwrap_or_default()}</td>
                    <td>{dates(c)}</td>
                    <td>{if c.closed_at.is_some() { S.closed } else { S.open }}</td>
                </tr>
            }
        })
        .collect_view();
    let list = match v.campaigns.is_empty() {
        true => view! { <p class="muted">{S.none}</p> }.into_any(),
        false => view! {
            <table class="grid">
                <thead><tr>
                    <th scope="col">{S.name}</th><th scope="col">{S.unit}</th>
                    <th scope="col">{S.period}</th><th scope="col">{S.status}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any(),
    };
    let units =
        v.units.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view();
    let body = view! {
        <h1>{S.title}</h1>
        {errors_view(v.errors)}
        <section class="panel" tabindex="0" role="region" aria-label=S.title>{list}</section>
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
    };
    staff_page(S.title, v.staff, body)
}

pub fn render_campaign(v: CampaignView) -> String {
    let c = &v.campaign;
    let id = c.id;
    let csrf = v.staff.csrf.clone();
    let open = c.closed_at.is_none();
    let targets = v
        .targets
        .into_iter()
        .map(|t| {
            let c = &t.collected;
            let quotas = c
                .fields
                .iter()
                .map(|(f, p)| format!("{f}: {}/{}", p.collected, p.target))
                .collect::<Vec<_>>()
                .join(" · ");
            let channels = c.by_channel.iter().map(|(name, n)| format!("{name} {n}")).collect::<Vec<_>>().join(" · ");
            let p = c.progress;
            let verdict = if p.collected >= p.target {
                S.met
            } else if p.needs_more {
                S.short_pace
            } else {
                S.on_pace
            };
            view! {
                <tr>
                    <th scope="row">{t.unit}</th><td class="num">{p.target}</td><td class="num">{p.collected}</td>
                    <td>{channels}</td><td class="num">{format!("{:.0}%", p.reached * 100.0)}</td>
                    <td class=if p.needs_more { "level-chua-tot-text" } else { "" }>{verdict}</td><td>{quotas}</td>
                    <td class="num">{t.listed}</td><td class="num">{t.drawn}</td>
                </tr>
            }
        })
        .collect_view();
    let payments = v
        .payments
        .iter()
        .map(|(name, forms, amount)| {
            view! {
                <tr><th scope="row">{name.clone()}</th><td class="num">{*forms}</td>
                <td class="num">{Cell::Count(amount.unsigned_abs()).text("")}</td></tr>
            }
        })
        .collect_view();
    let surveyor_name: HashMap<i64, String> = v.surveyors.iter().map(|s| (s.id, s.full_name.clone())).collect();
    let drawn: Vec<&Respondent> = v.respondents.iter().filter(|r| r.drawn).collect();
    let sample = drawn
        .iter()
        .map(|r| {
            let outcome = match open {
                true => {
                    let options = Outcome::ALL
                        .iter()
                        .zip(S.outcomes)
                        .map(|(o, name)| view! { <option value=o.key() selected=o.key() == r.outcome>{name}</option> })
                        .collect_view();
                    view! {
                        <form method="post" action=format!("/respondents/{}/outcome", r.id) class="inline-form">
                            <CsrfField token=csrf.clone()/>
                            <select name="outcome" aria-label=S.outcome>{options}</select>
                            <button type="submit" class="button small">{S.record}</button>
                        </form>
                    }
                    .into_any()
                }
                false => {
                    let name = Outcome::parse(&r.outcome)
                        .and_then(|o| Outcome::ALL.iter().position(|x| *x == o))
                        .map_or(r.outcome.clone(), |i| S.outcomes[i].to_owned());
                    view! { <span>{name}</span> }.into_any()
                }
            };
            view! {
                <tr>
                    <td>{r.name.clone().unwrap_or_else(|| S.erased.to_owned())}</td>
                    <td>{r.contact.clone().unwrap_or_else(|| S.erased.to_owned())}</td>
                    <td>{v.names.get(&r.unit_id.get()).cloned().unwrap_or_default()}</td>
                    <td>{r.procedure.clone()}</td><td>{r.field.clone()}</td><td>{r.served_on.clone()}</td>
                    <td>{r.surveyor_id.and_then(|s| surveyor_name.get(&s).cloned()).unwrap_or_default()}</td>
                    <td>{outcome}</td>
                </tr>
            }
        })
        .collect_view();
    let surveyors = v
        .surveyors
        .iter()
        .map(|s| {
            let state = match s.revoked_at {
                Some(_) => view! { <span class="muted">{S.revoked}</span> }.into_any(),
                None => view! {
                    <form method="post" action=format!("/surveyors/{}/revoke", s.id) class="inline">
                        <CsrfField token=csrf.clone()/>
                        <button type="submit" class="button small">{S.revoke}</button>
                    </form>
                }
                .into_any(),
            };
            let phone = match s.last_seen_at {
                Some(at) => format!("{} {}", P.phone_seen, local_time_label(at)),
                None => P.phone_never.to_owned(),
            };
            let give_code = (open && s.revoked_at.is_none()).then(|| {
                view! {
                    <form method="post" action=format!("/surveyors/{}/sign-in-code", s.id) class="inline">
                        <CsrfField token=csrf.clone()/>
                        <button type="submit" class="button small">{P.give_code}</button>
                    </form>
                }
            });
            let photo_form = open.then(|| {
                view! {
                    <form method="post" action=format!("/surveyors/{}/photo", s.id) enctype="multipart/form-data"
                        class="inline">
                        <CsrfField token=csrf.clone()/>
                        <input type="file" name="photo" accept="image/jpeg,image/png,image/webp" required=true
                            aria-label=format!("{} {}", S.photo_of, s.full_name)/>
                        <button type="submit" class="button small">{S.upload_photo}</button>
                    </form>
                }
            });
            let has_photo = s.has_photo.then_some(S.has_photo);
            view! {
                <tr>
                    <th scope="row">{s.full_name.clone()}<br/><span class="muted">{has_photo}</span>{photo_form}</th>
                    <td>{s.organisation.clone()}</td>
                    <td><a href=format!("/surveyors/{}/badge", s.id)>{S.badge}</a></td><td>{state}</td>
                    <td><span>{phone}</span>" "{give_code}</td>
                </tr>
            }
        })
        .collect_view();
    let seed = c.sample_seed.map(|seed| {
        view! { <p>{S.drawn_with}" "<strong class="seed">{seed}</strong>": "{c.sample_rule.clone().unwrap_or_default()}</p> }
    });
    let when_open = open.then(|| {
        view! {
            <section class="panel">
                <h2>{S.list}</h2>
                <p class="hint">{S.list_hint}</p>
                <form method="post" action=format!("/surveys/{id}/respondents")>
                    <CsrfField token=csrf.clone()/>
                    <label class="field">{S.list}<textarea name="csv" rows="6" required=true></textarea></label>
                    <button type="submit" class="button small">{S.import}</button>
                </form>
                <h2>{S.draw}</h2>
                <form method="post" action=format!("/surveys/{id}/sample") class="inline-form">
                    <CsrfField token=csrf.clone()/>
                    <label>{S.seed}" "<input name="seed" inputmode="numeric"/></label>
                    <button type="submit" class="button small">{S.draw_button}</button>
                </form>
                <p class="hint">{S.seed_hint}</p>
            </section>
            <section class="panel">
                <h2>{S.add_surveyor}</h2>
                <form method="post" action=format!("/surveys/{id}/surveyors") class="inline-form">
                    <CsrfField token=csrf.clone()/>
                    <label>{S.person}" "<input name="full_name" required=true/></label>
                    <label>{S.organisation}" "<input name="organisation" required=true/></label>
                    <button type="submit" class="button small">{S.add_surveyor}</button>
                </form>
            </section>
            <section class="panel">
                <form method="post" action=format!("/surveys/{id}/close")>
                    <CsrfField token=csrf.clone()/>
                    <p class="hint">{S.close_hint}</p>
                    <button type="submit" class="button small">{S.close}</button>
                </form>
            </section>
        }
    });
    let method = if c.method == "field" { S.field } else { S.on_site };
    let code = v.sign_in_code.map(|(name, code, url)| {
        view! {
            <div class="panel pairing-code" role="status">
                <p>{P.code_made}" "{name}": "</p>
                <p class="code-big" data-testid="sign-in-code">{code}</p>
                <p>{P.code_where}" "<strong>{url}</strong></p>
                <p class="hint">{P.code_hint}</p>
            </div>
        }
    });
    let body = view! {
        <p><a href="/surveys">{S.title}</a></p>
        <h1>{c.name.clone()}</h1>
        {errors_view(v.errors)}
        {code}
        <p><a class="button small" href=format!("/surveys/{id}/paper")>{S.paper_link}</a></p>
        <dl class="facts">
            <dt>{S.unit}</dt><dd>{v.unit}</dd>
            <dt>{S.period}</dt><dd>{dates(c)}</dd>
            <dt>{S.method}</dt><dd>{method}</dd>
            <dt>{S.decision}</dt><dd>{c.decision.clone()}</dd>
            <dt>{S.payment}</dt><dd>{Cell::Count(c.payment_per_form.unsigned_abs()).text("")}</dd>
            <dt>{S.status}</dt><dd>{if open { S.open } else { S.closed }}</dd>
        </dl>
        <section class="panel" tabindex="0" role="region" aria-label=S.targets>
            <h2>{S.targets}</h2>
            <table class="grid">
                <thead><tr>
                    <th scope="col">{S.unit_short}</th><th scope="col" class="num">{S.target}</th>
                    <th scope="col" class="num">{S.collected}</th><th scope="col">{S.by_channel}</th>
                    <th scope="col" class="num">{S.reached}</th><th scope="col">{S.pace}</th><th scope="col">{S.quotas}</th>
                    <th scope="col" class="num">{S.listed}</th><th scope="col" class="num">{S.drawn}</th>
                </tr></thead>
                <tbody>{targets}</tbody>
            </table>
            {seed}
        </section>
        <section class="panel" tabindex="0" role="region" aria-label=S.sample>
            <h2>{format!("{} ({})", S.sample, drawn.len())}</h2>
            <table class="grid">
                <thead><tr>
                    <th scope="col">{S.person}</th><th scope="col">{S.contact}</th><th scope="col">{S.unit_short}</th>
                    <th scope="col">{S.procedure}</th><th scope="col">{S.field_name}</th><th scope="col">{S.served_on}</th>
                    <th scope="col">{S.surveyor}</th><th scope="col">{S.outcome}</th>
                </tr></thead>
                <tbody>{sample}</tbody>
            </table>
        </section>
        <section class="panel" tabindex="0" role="region" aria-label=S.surveyors>
            <h2>{S.surveyors}</h2>
            <table class="grid">
                <thead><tr>
                    <th scope="col">{S.person}</th><th scope="col">{S.organisation}</th>
                    <th scope="col">{S.badge}</th><th scope="col">{S.status}</th><th scope="col">{P.phone}</th>
                </tr></thead>
                <tbody>{surveyors}</tbody>
            </table>
        </section>
        <section class="panel" tabindex="0" role="region" aria-label=S.payments>
            <h2>{S.payments}</h2>
            <table class="grid">
                <thead><tr>
                    <th scope="col">{S.surveyor}</th><th scope="col" class="num">{S.forms_paid}</th>
                    <th scope="col" class="num">{S.amount}</th>
                </tr></thead>
                <tbody>{payments}</tbody>
            </table>
        </section>
        {when_open}
    };
    staff_page(S.title, v.staff, body)
}

/// The badge's facts, shared by the printed badge and the public check.
fn facts(v: &BadgeView) -> impl IntoView {
    let photo = v.surveyor.has_photo.then(|| {
        view! {
            <img class="official-photo badge-photo" src=format!("/xac-minh/{}/photo", v.token)
                alt=format!("{} {}", S.photo_of, v.surveyor.full_name) width="120" height="120"/>
        }
    });
    view! {
        {photo}
        <p class="badge-name">{v.surveyor.full_name.clone()}</p>
        <p>{v.surveyor.organisation.clone()}</p>
        <dl class="facts">
            <dt>{S.campaign}</dt><dd>{v.campaign.name.clone()}</dd>
            <dt>{S.unit_short}</dt><dd>{v.unit.clone()}</dd>
            <dt>{S.decision_short}</dt><dd>{v.campaign.decision.clone()}</dd>
            <dt>{S.period}</dt><dd>{dates(&v.campaign)}</dd>
        </dl>
    }
}

pub fn render_badge(v: BadgeView) -> String {
    document(
        Document { title: S.badge_title, locale: Locale::Vi, islands: None, body_class: "print", web_app: false },
        view! {
            <main class="badge-card">
                <p class="badge-title">{S.badge_title}</p>
                {facts(&v)}
                <img class="qr" src=format!("/xac-minh/{}/qr.png", v.token) alt=S.scan width="200" height="200"/>
                <p class="badge-url">{S.scan}": "{v.url.clone()}</p>
                <button type="button" class="button no-print" data-print="">{S.print}</button>
            </main>
            <script type="module" src="/print.js"></script>
        },
    )
}

pub fn render_verification(v: BadgeView) -> String {
    let state = match v.valid {
        true => view! { <p class="verdict valid" role="status">"✓ "{S.valid}</p> }.into_any(),
        false => view! {
            <p class="verdict invalid" role="alert">"✗ "{S.invalid}</p>
            <p>{S.invalid_hint}</p>
        }
        .into_any(),
    };
    document(
        Document { title: S.verify_title, locale: Locale::Vi, islands: None, body_class: "citizen", web_app: false },
        view! {
            <main class="card verification">
                <h1>{S.verify_title}</h1>
                {state}
                {facts(&v)}
            </main>
        },
    )
}
