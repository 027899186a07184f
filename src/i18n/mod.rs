//! The one translation mechanism: every text a person reads comes from a [`Texts`] table. Vietnamese is
//! the default; English follows field by field (a missing field is a compile error, not a blank).

pub mod alerts;
pub mod badge_check;
pub mod board;
mod en;
pub mod kiosk;
pub mod publication;
pub mod reports;
pub mod responses;
pub mod survey_checks;
pub mod surveyor;
pub mod surveys;
#[cfg(test)]
mod tests;
pub mod transactions;
mod vi;

use crate::domain::access::{ApiScope, Role};
use crate::domain::questionnaire::Factor;
use crate::domain::rating::Level;
use crate::domain::report::{roman, ReportPeriod};
use crate::domain::survey::PaperScale;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Locale {
    #[default]
    Vi,
    En,
}

impl Locale {
    /// From a `lang` query or form value; anything unknown is Vietnamese.
    pub fn parse(value: Option<&str>) -> Locale {
        match value {
            Some("en") => Locale::En,
            _ => Locale::Vi,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Locale::Vi => "vi",
            Locale::En => "en",
        }
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Locale::Vi => &vi::TEXTS,
            Locale::En => &en::TEXTS,
        }
    }
}

/// Every user-facing text. Templates use `{n}` for a number.
// Serialised only by the tests (`tests.rs`), which read every field of every table; nothing else needs it.
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Texts {
    pub app_name: &'static str,
    pub other_language: &'static str,
    pub other_language_code: &'static str,
    // The four levels, worst to best (index = score - 1).
    pub levels: [&'static str; 4],
    // Citizen form.
    pub form_title: &'static str,
    pub counter: &'static str,
    pub served_by: &'static str,
    pub reasons_legend: &'static str,
    pub procedure_label: &'static str,
    pub procedure_none: &'static str,
    pub procedure_search: &'static str,
    pub details_summary: &'static str,
    pub feedback_only_if_given: &'static str,
    pub comment_label: &'static str,
    pub comment_hint: &'static str,
    pub phone_label: &'static str,
    pub consent_label: &'static str,
    pub submit: &'static str,
    pub fix_errors: &'static str,
    pub privacy_note: &'static str,
    // Field errors.
    pub err_submission_id: &'static str,
    pub err_missing_overall: &'static str,
    pub err_bad_level: &'static str,
    pub err_unknown_question: &'static str,
    pub err_unknown_procedure: &'static str,
    pub err_unknown_reason: &'static str,
    pub err_comment_too_long: &'static str,
    pub err_bad_phone: &'static str,
    pub err_phone_without_consent: &'static str,
    // Thank-you page.
    pub thanks_title: &'static str,
    pub thanks_body: &'static str,
    pub thanks_duplicate: &'static str,
    pub thanks_again: &'static str,
    // Notices (whole-page errors).
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub revoked_title: &'static str,
    pub revoked_body: &'static str,
    pub receipt_used_title: &'static str,
    pub receipt_used_body: &'static str,
    pub receipt_expired_title: &'static str,
    pub receipt_expired_body: &'static str,
    /// The procedure line of a form opened from a receipt (shown, not picked).
    pub receipt_procedure: &'static str,
    pub slip_title: &'static str,
    pub slip_counter: &'static str,
    pub slip_official: &'static str,
    /// Before the link's last moment: "rates once, until".
    pub slip_once: &'static str,
    pub rate_limited_title: &'static str,
    pub rate_limited_body: &'static str,
    pub too_many_requests_title: &'static str,
    pub too_many_requests_body: &'static str,
    pub cross_site_title: &'static str,
    pub cross_site_body: &'static str,
    pub conflict_title: &'static str,
    pub conflict_body: &'static str,
    pub bad_request_title: &'static str,
    pub bad_request_body: &'static str,
    pub unavailable_title: &'static str,
    pub unavailable_body: &'static str,
    pub page_not_found_title: &'static str,
    pub page_not_found_body: &'static str,
    // Staff pages.
    pub login_title: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub login_submit: &'static str,
    pub login_failed: &'static str,
    pub logout: &'static str,
    pub nav_dashboard: &'static str,
    pub nav_admin: &'static str,
    pub dashboard_title: &'static str,
    pub unit: &'static str,
    pub period: &'static str,
    pub show: &'static str,
    pub periods: [&'static str; 6],
    pub headline_index: &'static str,
    pub composite_index: &'static str,
    pub mean_score: &'static str,
    pub responses: &'static str,
    pub answers: &'static str,
    pub distribution: &'static str,
    pub factors: &'static str,
    pub trend: &'static str,
    pub by_official: &'static str,
    pub by_procedure: &'static str,
    /// Under a long table: "{shown} of {total}, worst first".
    pub rows_shown: &'static str,
    pub latest_comments: &'static str,
    /// The comparison under a headline figure: the same number of days just before the period.
    pub previous_period: &'static str,
    /// The commendation ranking and the plain-language notes on each formula ({floor}: the sample floor).
    pub commendation_title: &'static str,
    pub commendation_rule: &'static str,
    pub commendation_none: &'static str,
    pub place: &'static str,
    pub shared_place: &'static str,
    pub formulas_title: &'static str,
    pub formula_headline: &'static str,
    pub formula_composite: &'static str,
    pub formula_mean: &'static str,
    pub formula_interval: &'static str,
    pub formula_floor: &'static str,
    /// The live feed of new ratings ("vừa xong"): its title, connection states, empty line, counter and reload.
    pub live_title: &'static str,
    pub live_on: &'static str,
    pub live_connecting: &'static str,
    pub live_off: &'static str,
    pub live_empty: &'static str,
    pub live_new: &'static str,
    pub live_reload: &'static str,
    pub not_enough_sample: &'static str,
    pub no_data: &'static str,
    pub official: &'static str,
    pub procedure: &'static str,
    pub field: &'static str,
    pub admin_title: &'static str,
    pub counters: &'static str,
    pub officials: &'static str,
    pub print_poster: &'static str,
    pub print_card: &'static str,
    pub scan_to_rate: &'static str,
    pub rate_our_service: &'static str,
    pub qr_code: &'static str,
    pub revoke: &'static str,
    pub reissue: &'static str,
    /// What revoking a code breaks, asked before it is done.
    pub revoke_confirm_note: &'static str,
    pub revoke_confirm: &'static str,
    pub print: &'static str,
    pub no_active_code: &'static str,
    pub form_expired_title: &'static str,
    pub form_expired_body: &'static str,
    pub login_lock_note: &'static str,
    pub change_password: &'static str,
    pub current_password: &'static str,
    pub new_password: &'static str,
    pub confirm_password: &'static str,
    pub password_changed: &'static str,
    pub must_change_password: &'static str,
    pub err_current_password: &'static str,
    pub err_password_short: &'static str,
    pub err_password_mismatch: &'static str,
    pub nav_account: &'static str,
    pub forbidden_title: &'static str,
    pub forbidden_body: &'static str,
    pub audit_title: &'static str,
    pub audit_when: &'static str,
    pub audit_who: &'static str,
    pub audit_action: &'static str,
    pub audit_target: &'static str,
    pub audit_before: &'static str,
    pub audit_after: &'static str,
    pub nav_audit: &'static str,
    pub nav_users: &'static str,
    pub users_title: &'static str,
    pub new_user: &'static str,
    pub full_name: &'static str,
    pub role: &'static str,
    pub status: &'static str,
    pub active: &'static str,
    pub login_locked: &'static str,
    pub unlock: &'static str,
    pub disabled: &'static str,
    pub disable: &'static str,
    pub enable: &'static str,
    pub reset_password: &'static str,
    pub none_option: &'static str,
    pub temporary_password: &'static str,
    pub err_username: &'static str,
    pub err_username_taken: &'static str,
    pub err_full_name: &'static str,
    pub err_role: &'static str,
    pub err_unit: &'static str,
    pub err_official: &'static str,
    pub err_self: &'static str,
    pub print_sheet: &'static str,
    pub print_sheet_hint: &'static str,
    pub err_name: &'static str,
    pub err_parent: &'static str,
    pub err_photo_type: &'static str,
    pub err_photo_size: &'static str,
    pub err_photo_pixels: &'static str,
    pub err_counter: &'static str,
    pub add_unit: &'static str,
    pub add_counter: &'static str,
    pub add_official: &'static str,
    pub edit: &'static str,
    pub archive: &'static str,
    /// The unit's public page may show its officials' figures (công khai).
    pub publish_officials: &'static str,
    /// The rule of sample targets a unit chooses for its subtree, "as the unit above", the fixed number, the refusal.
    pub sample_rule: &'static str,
    pub sample_rule_inherit: &'static str,
    pub sample_fixed: &'static str,
    pub err_sample_rule: &'static str,
    pub save: &'static str,
    pub parent_unit: &'static str,
    pub kind: &'static str,
    pub unit_code: &'static str,
    pub name: &'static str,
    pub photo: &'static str,
    pub official_title: &'static str,
    pub staff_code: &'static str,
    pub procedures_title: &'static str,
    pub import_title: &'static str,
    pub import_check: &'static str,
    pub import_hint: &'static str,
    pub import_preview: &'static str,
    pub import_summary: &'static str,
    pub import_confirm: &'static str,
    pub import_added: &'static str,
    pub import_unchanged: &'static str,
    pub import_skipped: &'static str,
    pub import_missing_column: &'static str,
    pub import_not_utf8: &'static str,
    pub import_empty: &'static str,
    /// A file over its cap (`{n}` lines), refused whole.
    pub import_too_many: &'static str,
    /// After the named problems of a file: how many more lines are wrong (`{n}`).
    pub import_more: &'static str,
    pub line: &'static str,
    pub line_ok: &'static str,
    pub line_duplicate: &'static str,
    pub line_bad_code: &'static str,
    pub line_missing: &'static str,
    pub line_too_long: &'static str,
    pub line_bad_date: &'static str,
    pub line_unreadable: &'static str,
    pub unit_offer: &'static str,
    pub questionnaire: &'static str,
    pub questionnaire_short: &'static str,
    pub questionnaire_detailed: &'static str,
    pub nav_procedures: &'static str,
    // The tablet's table is checked with the tablet's page.
    #[cfg_attr(test, serde(skip))]
    pub kiosk: &'static kiosk::KioskTexts,
    pub alerts: &'static alerts::AlertTexts,
    pub register: &'static responses::ResponseTexts,
    pub board: &'static board::BoardTexts,
    pub reports: &'static reports::ReportTexts,
    pub transactions: &'static transactions::TransactionTexts,
    pub publication: &'static publication::PublicationTexts,
    pub badge_check: &'static badge_check::BadgeCheckTexts,
    pub confidence_interval: &'static str,
    /// The names of the five factors, of the roles and of an API key's scopes, in the order of their `ALL`.
    pub factor_names: [&'static str; 5],
    pub role_names: [&'static str; 5],
    pub scope_names: [&'static str; 4],
    /// The kinds of unit, in the order of `unit_tree::KINDS`.
    pub unit_kinds: [&'static str; 8],
    /// The answers of a two-level paper form: not satisfied, satisfied.
    pub two_levels: [&'static str; 2],
    /// A period as a heading or a choice says it (`{m}` month, `{q}` quarter in Roman numerals, `{y}` year).
    pub period_month: &'static str,
    pub period_quarter: &'static str,
    pub period_year: &'static str,
    /// The trend chart, for a screen reader.
    pub trend_chart: &'static str,
    /// The home page's line for a citizen who lands on it.
    pub citizen_hint: &'static str,
    /// A procedure's code, as a column.
    pub code: &'static str,
    /// A span of time, signed (`{sign}`): in minutes, hours, or days and hours (`{n}`, `{h}`).
    pub span_minutes: &'static str,
    pub span_hours: &'static str,
    pub span_days: &'static str,
}

impl Texts {
    pub fn level(&self, level: Level) -> &'static str {
        self.levels[usize::from(level.score()) - 1]
    }

    pub fn factor(&self, factor: Factor) -> &'static str {
        self.factor_names[Factor::ALL.iter().position(|f| *f == factor).unwrap_or_default()]
    }

    pub fn role(&self, role: Role) -> &'static str {
        self.role_names[Role::ALL.iter().position(|r| *r == role).unwrap_or_default()]
    }

    /// "Quý IV năm 2026", "Q4 2026".
    pub fn period(&self, period: ReportPeriod) -> String {
        match period {
            ReportPeriod::Month { year, month } => Texts::fill(self.period_month, &[("m", &month), ("y", &year)]),
            ReportPeriod::Quarter { year, quarter } => {
                Texts::fill(self.period_quarter, &[("q", &roman(quarter)), ("y", &year)])
            }
            ReportPeriod::Year(year) => Texts::fill(self.period_year, &[("y", &year)]),
        }
    }

    /// A period inside a sentence: "quý IV năm 2026".
    pub fn period_in_sentence(&self, period: ReportPeriod) -> String {
        let heading = self.period(period);
        let mut chars = heading.chars();
        chars.next().map(|first| first.to_lowercase().chain(chars).collect()).unwrap_or_default()
    }

    /// How an answer typed on a paper form of `scale` reads ("" for a digit the scale does not take).
    pub fn paper_answer(&self, scale: PaperScale, digit: &str) -> &'static str {
        match scale {
            PaperScale::TwoLevel => self.two_levels[usize::from(digit == "1")],
            PaperScale::FourLevel => scale.level(digit).map_or("", |level| self.level(level)),
        }
    }

    pub fn scope(&self, scope: ApiScope) -> &'static str {
        self.scope_names[ApiScope::ALL.iter().position(|s| *s == scope).unwrap_or_default()]
    }

    /// Fills the `{n}` of a template.
    pub fn with_number(template: &str, n: impl std::fmt::Display) -> String {
        template.replace("{n}", &n.to_string())
    }

    /// Fills the named placeholders of a template: `fill("{a} of {b}", &[("a", &1), ("b", &2)])`.
    pub fn fill(template: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
        values
            .iter()
            .fold(template.to_owned(), |text, (name, value)| text.replace(&format!("{{{name}}}"), &value.to_string()))
    }
}
