//! The time type of stored instants: milliseconds since the Unix epoch, UTC, as every table keeps them. Durations
//! stay `i64` milliseconds; an instant is this type, so that a duration cannot be stored as a time nor a time passed
//! where a limit is asked for. The clock is read by the application (`hailong::clock::now()`), never here.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An instant as stored: milliseconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The latest instant there is: "no limit" for a query bounded above.
    pub const MAX: Timestamp = Timestamp(i64::MAX);

    pub const fn from_millis(millis: i64) -> Timestamp {
        Timestamp(millis)
    }

    /// The milliseconds, for the database and for arithmetic on durations.
    pub const fn millis(self) -> i64 {
        self.0
    }

    /// `millis` later (earlier when negative), saturating at the ends of time.
    pub const fn plus_millis(self, millis: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(millis))
    }

    /// The milliseconds from `earlier` to this instant.
    pub const fn millis_since(self, earlier: Timestamp) -> i64 {
        self.0.saturating_sub(earlier.0)
    }

    pub fn date_time(self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp_millis(self.0)
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(at: DateTime<Utc>) -> Timestamp {
        Timestamp(at.timestamp_millis())
    }
}

impl fmt::Display for Timestamp {
    /// ISO 8601 in UTC, as logs and audit entries write it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.date_time() {
            Some(at) => write!(f, "{}", at.format("%Y-%m-%dT%H:%M:%S%.3fZ")),
            None => write!(f, "{}ms", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instant_reads_and_writes_as_its_milliseconds() {
        let at = Timestamp::from_millis(1_788_195_600_000);
        assert_eq!(serde_json::to_string(&at).unwrap(), "1788195600000");
        assert_eq!(serde_json::from_str::<Timestamp>("1788195600000").unwrap(), at);
        assert_eq!(at.to_string(), "2026-08-31T17:00:00.000Z");
        assert_eq!(at.plus_millis(1_000).millis_since(at), 1_000);
        assert_eq!(Timestamp::MAX.plus_millis(1), Timestamp::MAX, "saturates");
    }
}
