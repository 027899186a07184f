//! Dossiers (hồ sơ) as the one-stop software registers them for a receipt link: what their codes look like and
//! when a link stops working. The code itself is never stored (decision 013): it is checked, keyed and dropped.

use chrono::{Days, NaiveDate};

use super::period::LOCAL_UTC_OFFSET_MS;

/// Longer codes are refused outright: no province's code comes near it.
pub const MAX_CODE_CHARS: usize = 64;

/// [`check_code`] as the API's description states it: white space (Unicode's `White_Space`, which `trim` takes off)
/// around 1 to [`MAX_CODE_CHARS`] characters that are neither white space nor control characters.
pub const CODE_PATTERN: &str = concat!(
    r"^[\t-\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*",
    r"[^\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]{1,64}",
    r"[\t-\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$",
);

/// Why a dossier code cannot be taken at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeError {
    Empty,
    TooLong,
    /// Spaces or control characters: a code is printed, scanned and typed, never spaced.
    BadCharacter,
}

/// A code checked for what makes it unusable; its shape is only advised on ([`shape_warning`]).
pub fn check_code(code: &str) -> Result<&str, CodeError> {
    let code = code.trim();
    if code.is_empty() {
        return Err(CodeError::Empty);
    }
    if code.chars().count() > MAX_CODE_CHARS {
        return Err(CodeError::TooLong);
    }
    if code.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(CodeError::BadCharacter);
    }
    Ok(code)
}

/// Thông tư 01/2018/TT-VPCP, Article 19: `V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX` — the receiving agency, the date
/// received and a four-digit number of the day, e.g. `000.00.20.H55-251123-0042`. Provinces vary, so a code of
/// another shape is taken with this warning, never refused.
pub fn shape_warning(code: &str) -> Option<&'static str> {
    let parts: Vec<&str> = code.split('-').collect();
    let [agency, date, number] = parts.as_slice() else {
        return Some("not AGENCY-YYMMDD-NNNN (Thông tư 01/2018/TT-VPCP, Article 19)");
    };
    let agency_ok = agency.split('.').count() >= 2
        && agency.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if !agency_ok {
        return Some("the receiving agency's code is not dot-separated letters and digits");
    }
    let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
    if !digits(date, 6) || NaiveDate::parse_from_str(&format!("20{date}"), "%Y%m%d").is_err() {
        return Some("the date part is not a date as YYMMDD");
    }
    if !digits(number, 4) {
        return Some("the day's number is not four digits");
    }
    None
}

/// The dates a link's life is counted from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DossierDates {
    pub received_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    pub returned_on: Option<NaiveDate>,
}

impl DossierDates {
    /// The end (local midnight, as ms) of the link's last day: `days` after the result was returned, or else after
    /// it was due, or else after the dossier was received.
    pub fn link_expires_at(&self, days: u64) -> i64 {
        let from = self.returned_on.or(self.due_on).unwrap_or(self.received_on);
        let last = from.checked_add_days(Days::new(days)).unwrap_or(NaiveDate::MAX);
        let next = last.succ_opt().unwrap_or(NaiveDate::MAX);
        next.and_hms_opt(0, 0, 0).map_or(i64::MAX, |t| t.and_utc().timestamp_millis() - LOCAL_UTC_OFFSET_MS)
    }

    /// Whether the result came back by its due date: `None` while either is unknown. A coarse flag the rating
    /// keeps instead of any date of the dossier.
    pub fn on_time(&self) -> Option<bool> {
        Some(self.returned_on? <= self.due_on?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_circular_shape_has_no_warning_and_others_do() {
        assert_eq!(shape_warning("000.00.20.H55-251123-0042"), None);
        assert_eq!(shape_warning("H55.01-260230-0001"), Some("the date part is not a date as YYMMDD"));
        assert!(shape_warning("HS-2025-0042").is_some());
        assert!(shape_warning("000.00.20.H55-251123-42").is_some());
        assert!(shape_warning("ABC").is_some());
    }

    #[test]
    fn unusable_codes_are_refused() {
        assert_eq!(check_code("  000.00.20.H55-251123-0042 "), Ok("000.00.20.H55-251123-0042"));
        assert_eq!(check_code("   "), Err(CodeError::Empty));
        assert_eq!(check_code("A B"), Err(CodeError::BadCharacter));
        assert_eq!(check_code(&"9".repeat(MAX_CODE_CHARS + 1)), Err(CodeError::TooLong));
    }

    #[test]
    fn a_link_lives_its_days_after_the_latest_known_date() {
        let received = DossierDates { received_on: date("2026-11-02"), due_on: None, returned_on: None };
        // With no days to spare the link ends with 02/11: 03/11 00:00 in Hanoi, 02/11 17:00 UTC.
        assert_eq!(received.link_expires_at(0), 1_793_638_800_000);
        let due = DossierDates { due_on: Some(date("2026-11-10")), ..received };
        assert_eq!(due.link_expires_at(30) - received.link_expires_at(30), 8 * 86_400_000);
        let returned = DossierDates { returned_on: Some(date("2026-11-12")), ..due };
        assert_eq!(returned.link_expires_at(30) - due.link_expires_at(30), 2 * 86_400_000);
    }

    #[test]
    fn on_time_needs_both_dates() {
        let d = DossierDates { received_on: date("2026-11-02"), due_on: Some(date("2026-11-10")), returned_on: None };
        assert_eq!(d.on_time(), None);
        assert_eq!(DossierDates { returned_on: Some(date("2026-11-10")), ..d }.on_time(), Some(true));
        assert_eq!(DossierDates { returned_on: Some(date("2026-11-11")), ..d }.on_time(), Some(false));
    }
}
