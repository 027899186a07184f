//! Receipt-link ratings are released, not announced (docs/decisions/013-receipt-links.md). The one-stop software
//! holds every link and knows when each dossier was returned: a rating announced, or dated, to the minute would pair
//! with the dossier returned just before it. So such a rating waits until its local day has closed, is then counted
//! and announced with the day's others in an order that says nothing of arrival, and every output dates it to the
//! day. Every other channel is announced at once, to the minute, as before.

use super::period::{day_number_to_date, local_time_label, LOCAL_UTC_OFFSET_MS};
use super::rollup::{local_day, DAY_MS};
use crate::ids::{OfficialId, UnitId};

/// The channel whose ratings are released daily.
pub const RECEIPT: &str = "receipt";

/// Whether ratings of `channel` wait for the daily release and are dated to the day only.
pub fn daily(channel: &str) -> bool {
    channel == RECEIPT
}

/// When a rating may be counted and announced: 0 (at once), or for a receipt rating the local midnight that closes
/// its day.
pub fn release_at(channel: &str, submitted_at: i64) -> i64 {
    if daily(channel) {
        day_start(submitted_at) + DAY_MS
    } else {
        0
    }
}

/// The instant the local day holding `ms` began.
pub fn day_start(ms: i64) -> i64 {
    local_day(ms) * DAY_MS - LOCAL_UTC_OFFSET_MS
}

/// The time an output gives a rating: its own, or for a receipt rating the start of its local day.
pub fn shown_at(channel: &str, submitted_at: i64) -> i64 {
    if daily(channel) {
        day_start(submitted_at)
    } else {
        submitted_at
    }
}

/// How a page dates a rating: local `dd/mm HH:MM`, or for a receipt rating the day alone, `dd/mm/yyyy`.
pub fn when_label(channel: &str, submitted_at: i64) -> String {
    if daily(channel) {
        day_number_to_date(local_day(submitted_at)).map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default()
    } else {
        local_time_label(submitted_at)
    }
}

/// A receipt rating's local day as an ISO date (`2026-11-24`), how the API and webhooks date it; `None` for the
/// other channels, whose exact time they give.
pub fn rated_on(channel: &str, submitted_at: i64) -> Option<String> {
    daily(channel).then(|| day_number_to_date(local_day(submitted_at)).map(|d| d.to_string())).flatten()
}

/// What of a counted rating its place in an announcement may depend on.
#[derive(Clone, Copy, Debug)]
pub struct Counted<'a> {
    pub id: i64,
    pub channel: &'a str,
    pub submitted_at: i64,
    pub overall: u8,
    pub unit_id: UnitId,
    pub official_id: Option<OfficialId>,
    pub comment: Option<&'a str>,
}

/// A rating's place in its batch's announcement (and so in the ids of the alerts it raises): other channels first,
/// in arrival order; then released receipt ratings by their day and what they say — level, unit, official, comment
/// — never by id, which is assigned in arrival order. Two receipt ratings alike in all of these are alike in every
/// output too, so whichever goes first tells nothing.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place<'a> {
    Arrival(i64),
    Released { day: i64, overall: u8, unit_id: UnitId, official_id: Option<OfficialId>, comment: Option<&'a str> },
}

impl<'a> Place<'a> {
    pub fn of(rating: &Counted<'a>) -> Place<'a> {
        if daily(rating.channel) {
            Place::Released {
                day: local_day(rating.submitted_at),
                overall: rating.overall,
                unit_id: rating.unit_id,
                official_id: rating.official_id,
                comment: rating.comment,
            }
        } else {
            Place::Arrival(rating.id)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-24 00:00 in Vietnam.
    const MIDNIGHT: i64 = 1_795_453_200_000;
    const HOUR: i64 = 3_600_000;

    fn counted(id: i64, channel: &'static str, submitted_at: i64, overall: u8) -> Counted<'static> {
        Counted {
            id,
            channel,
            submitted_at,
            overall,
            unit_id: UnitId::new(4),
            official_id: Some(OfficialId::new(9)),
            comment: None,
        }
    }

    #[test]
    fn a_receipt_rating_waits_for_the_midnight_that_closes_its_day() {
        assert_eq!(day_start(MIDNIGHT + 9 * HOUR), MIDNIGHT);
        assert_eq!(day_start(MIDNIGHT - 1), MIDNIGHT - DAY_MS, "a minute before midnight is the day before");
        assert_eq!(release_at(RECEIPT, MIDNIGHT + 15 * HOUR), MIDNIGHT + DAY_MS);
        assert_eq!(release_at(RECEIPT, MIDNIGHT), MIDNIGHT + DAY_MS);
        assert_eq!(release_at("qr", MIDNIGHT + 15 * HOUR), 0, "other channels are counted at once");
    }

    #[test]
    fn a_receipt_rating_is_dated_to_its_day_only() {
        for at in [MIDNIGHT + 9 * HOUR, MIDNIGHT + 15 * HOUR + 59_000] {
            assert_eq!(shown_at(RECEIPT, at), MIDNIGHT);
            assert_eq!(when_label(RECEIPT, at), "24/11/2026");
            assert_eq!(rated_on(RECEIPT, at).as_deref(), Some("2026-11-24"));
        }
        assert_eq!(shown_at("kiosk", MIDNIGHT + 9 * HOUR), MIDNIGHT + 9 * HOUR);
        assert_eq!(when_label("qr", MIDNIGHT + 9 * HOUR), "24/11 09:00");
        assert_eq!(rated_on("qr", MIDNIGHT), None);
    }

    #[test]
    fn released_ratings_are_ordered_by_what_they_say_not_by_arrival() {
        let early = counted(1, RECEIPT, MIDNIGHT + 9 * HOUR, 4);
        let late = counted(2, RECEIPT, MIDNIGHT + 15 * HOUR, 1);
        let qr = counted(3, "qr", MIDNIGHT + 16 * HOUR, 4);
        let mut batch = [early, late, qr];
        batch.sort_by(|a, b| Place::of(a).cmp(&Place::of(b)));
        let ids: Vec<i64> = batch.iter().map(|r| r.id).collect();
        assert_eq!(ids, [3, 2, 1], "the QR rating in arrival order, then the Chưa tốt before the Rất hài lòng");
        // The same two ratings in the other order of arrival take the same places.
        let (first, second) =
            (counted(2, RECEIPT, MIDNIGHT + 9 * HOUR, 1), counted(1, RECEIPT, MIDNIGHT + 15 * HOUR, 1));
        assert_eq!(Place::of(&first), Place::of(&second), "alike but for their arrival: alike in place");
    }
}
