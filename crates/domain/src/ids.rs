//! An id type per stored entity, so that `void_response(by, response)` with its arguments swapped does not compile,
//! and a unit's id is never taken for an official's nor a campaign's for a surveyor's. The store reads and writes them as integers; URLs and JSON show the
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
    /// Thủ tục hành chính — one version of a procedure of the catalogue.
    ProcedureId;
    /// Bộ câu hỏi — a questionnaire (short or detailed) as stored.
    QuestionnaireId;
    /// Mã QR — a printed code of a counter or an official.
    QrCodeId;
    /// Hồ sơ — a dossier registered for a receipt link (random, not a sequence).
    DossierId;
    /// A counter tablet paired with a counter.
    DeviceId;
    /// Ca — an official's duty on a tablet.
    DutyId;
    /// A rule that raises alerts for a unit.
    AlertRuleId;
    /// Cảnh báo — one raised alert.
    AlertId;
    /// A unit's webhook.
    WebhookId;
    /// One webhook delivery (an alert or a ping) and its attempts.
    DeliveryId;
    /// An API key of the one-stop software.
    ApiKeyId;
    /// Đợt khảo sát — a survey campaign.
    CampaignId;
    /// Người được khảo sát — one drawn respondent of a campaign.
    RespondentId;
    /// Điều tra viên — a campaign's surveyor.
    SurveyorId;
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
