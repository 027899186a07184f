//! Id types for the entities that cross the layers most (units, counters, officials, accounts, responses), so that
//! `void_response(by, response)` with its arguments swapped does not compile, and a unit's id is never taken for an
//! official's. The store reads and writes them as integers; URLs and JSON show the
//! bare number (`serde(transparent)`, `Display`, `FromStr`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(i64);

        impl $name {
            /// The id of a stored row (as the database numbers it).
            pub const fn new(raw: i64) -> $name {
                $name(raw)
            }

            /// The number, for the database and for URLs.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(s: &str) -> Result<$name, Self::Err> {
                s.parse().map($name)
            }
        }
    )*};
}

ids! {
    /// Đơn vị — a unit of the tree (province, commune, centre).
    UnitId;
    /// Quầy — a counter of a unit.
    CounterId;
    /// Công chức — an official.
    OfficialId;
    /// A staff account (not a citizen: citizens have no accounts).
    UserId;
    /// Phiếu — one stored response.
    ResponseId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_reads_and_writes_as_its_bare_number() {
        let unit: UnitId = "42".parse().unwrap();
        assert_eq!(unit, UnitId::new(42));
        assert_eq!(unit.to_string(), "42");
        assert_eq!(serde_json::to_string(&unit).unwrap(), "42");
        assert_eq!(serde_json::from_str::<UnitId>("42").unwrap(), unit);
        assert!("4x".parse::<UnitId>().is_err());
    }
}
