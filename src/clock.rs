//! The one reading of the clock for stored instants: the domain never reads it (its rules take the time they are
//! given), and the store is given the time, so tests can set it.

use chrono::Utc;

use crate::domain::time::Timestamp;

/// Now, as a stored instant.
pub fn now() -> Timestamp {
    Timestamp::from(Utc::now())
}
