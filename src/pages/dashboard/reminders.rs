//! The calendar's reminders on the dashboard (`domain::calendar`): what falls due in the coming weeks, each with
//! the days left and a link to the report that fulfils it.

use leptos::prelude::*;

use crate::domain::calendar::{Deadline, Duty};
use crate::domain::ids::UnitId;
use crate::domain::report::roman;
use crate::i18n::Locale;

#[component]
pub fn Reminders(due: Vec<(Deadline, i64)>, unit_id: Option<UnitId>) -> impl IntoView {
    let b = Locale::Vi.texts().board;
    (!due.is_empty()).then(|| {
        let items = due
            .into_iter()
            .map(|(deadline, left)| {
                let what = match deadline.duty {
                    Duty::PublishQuarter(q) => b.duty_quarter.replace("{q}", roman(q)),
                    Duty::PublishCommunesYear => b.duty_communes_year.to_owned(),
                    Duty::ReportToProvince => b.duty_report_province.to_owned(),
                    Duty::PublishProvinceYear => b.duty_province_year.to_owned(),
                };
                let when = match left {
                    0 => b.due_today.to_owned(),
                    n => b.due_in.replace("{n}", &n.to_string()),
                };
                let unit = unit_id.map(|id| format!("unit={id}&")).unwrap_or_default();
                let href = format!("/reports?{unit}period={}", deadline.period.key());
                view! {
                    <li>
                        <strong>{deadline.due.format("%d/%m/%Y").to_string()}</strong>" · "{what}" "
                        <span class=if left <= 7 { "due soon" } else { "due" }>{when}</span>" "
                        <a href=href>{b.make_report}</a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="reminders" aria-label=b.calendar>
                <h2>{b.calendar}</h2>
                <ul>{items}</ul>
            </section>
        }
    })
}
