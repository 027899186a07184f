//! Records as the store hands them out and takes them in. Plain data: no SQL, no HTTP.

use hailong_domain::time::Timestamp;
use serde::Serialize;

use hailong_domain::ids::{
    CounterId, DeviceId, OfficialId, ProcedureId, QrCodeId, QuestionnaireId, ResponseId, UnitId,
};
use hailong_domain::misuse::{MisuseRule, VoiceRules};

/// Đơn vị — an agency serving citizens; units form a tree of any depth.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub id: UnitId,
    pub parent_id: Option<UnitId>,
    pub kind: String,
    pub name: String,
    pub code: Option<String>,
    pub questionnaire_code: String,
}

#[derive(Clone, Debug)]
pub struct NewUnit<'a> {
    pub parent_id: Option<UnitId>,
    pub kind: &'a str,
    pub name: &'a str,
    pub code: Option<&'a str>,
}

/// Quầy — a service desk of a unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counter {
    pub id: CounterId,
    pub unit_id: UnitId,
    pub name: String,
}

/// Công chức, viên chức — staff serving at a counter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Official {
    pub id: OfficialId,
    pub unit_id: UnitId,
    pub counter_id: Option<CounterId>,
    pub full_name: String,
    pub title: String,
    pub staff_code: Option<String>,
    pub has_photo: bool,
    /// Has a PIN to go on duty at the counter tablets.
    pub has_pin: bool,
}

#[derive(Clone, Debug)]
pub struct NewOfficial<'a> {
    pub unit_id: UnitId,
    pub counter_id: Option<CounterId>,
    pub full_name: &'a str,
    pub title: &'a str,
    pub staff_code: Option<&'a str>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Photo {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Thủ tục hành chính — a catalogue entry, valid from a date (ISO `YYYY-MM-DD`) until replaced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Procedure {
    pub id: ProcedureId,
    pub code: String,
    pub name: String,
    pub field: String,
    pub valid_from: String,
    pub valid_to: Option<String>,
}

#[derive(Clone, Debug)]
pub struct NewProcedure<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub field: &'a str,
    pub valid_from: &'a str,
}

/// What a QR code points at: a counter, or an official (who serves at a unit, maybe at a counter).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum QrTarget {
    Counter(CounterId),
    Official(OfficialId),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrCode {
    pub id: QrCodeId,
    pub unit_id: UnitId,
    pub counter_id: Option<CounterId>,
    pub official_id: Option<OfficialId>,
    pub token: String,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

impl QrCode {
    pub fn is_revoked(&self) -> bool {
        self.revoked_at.is_some()
    }
}

/// Kênh — how a response reached us.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Qr,
    Kiosk,
    Receipt,
    Paper,
    /// Phỏng vấn: entered by a surveyor on their phone during a field survey.
    Survey,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Qr => "qr",
            Channel::Kiosk => "kiosk",
            Channel::Receipt => "receipt",
            Channel::Paper => "paper",
            Channel::Survey => "survey",
        }
    }
}

/// Phiếu đánh giá to be appended. `fingerprint` is a digest of the content, so that a retry with the same
/// submission id is told apart from a different form reusing it.
#[derive(Clone, Debug)]
pub struct NewResponse {
    pub submission_id: String,
    pub fingerprint: String,
    pub unit_id: UnitId,
    pub counter_id: Option<CounterId>,
    pub official_id: Option<OfficialId>,
    pub procedure_id: Option<ProcedureId>,
    pub qr_code_id: Option<QrCodeId>,
    pub questionnaire_id: QuestionnaireId,
    pub channel: Channel,
    pub overall: u8,
    pub answers: Vec<(String, u8)>,
    pub reasons: Vec<String>,
    pub comment: Option<String>,
    pub contact_phone: Option<String>,
    pub client_hash: Option<String>,
    /// When it happened on the server's clock (for a kiosk: the tap, corrected by the device's skew).
    pub submitted_at: Timestamp,
    pub received_at: Timestamp,
    pub kiosk: Option<KioskStamp>,
    /// For a rating from a citizen's own phone (QR code or receipt link): how the phone is known, for the
    /// one-phone-one-voice rules.
    pub citizen: Option<CitizenStamp>,
    /// For a receipt-link rating: whether the dossier came back by its due date, when known. Nothing else of the
    /// dossier is kept with a rating.
    pub on_time: Option<bool>,
}

/// What a rating from a counter tablet carries besides the form.
#[derive(Clone, Copy, Debug)]
pub struct KioskStamp {
    pub device_id: DeviceId,
    /// The tap on the device's own clock.
    pub device_at: Timestamp,
    /// The tap on the server's clock by this call's skew, not before the pairing but not bounded by the arrival
    /// (`domain::kiosk::tablet_pace`).
    pub tapped_at: Timestamp,
    /// The repeat-press interval and the heartbeat in force.
    pub pace: hailong_domain::kiosk::Pace,
}

/// What a rating from a citizen's phone carries besides the form (`domain::misuse`).
#[derive(Clone, Debug)]
pub struct CitizenStamp {
    /// The phone under today's salt: its cookie's hash, or without one the client's.
    pub voice_hash: String,
    pub rules: VoiceRules,
    /// Sent from a browser signed in as staff of the rated unit.
    pub staff_device: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InsertOutcome {
    Created(ResponseId),
    /// Stored, but flagged as misuse by this rule: kept out of every index, counted apart.
    Flagged(ResponseId, MisuseRule),
    /// The same submission arrived before: nothing was written.
    Duplicate(ResponseId),
    /// The submission id was used before for a different form: nothing was written.
    Conflict,
}
