//! Who may do what, where (phân quyền). A role says what a person may do; their unit says where: the unit
//! and every unit beneath it. Anything outside that subtree does not exist for them (404, not 403), so
//! nobody learns what another commune has.

use serde::{Deserialize, Serialize};

use crate::ids::{OfficialId, UnitId, UserId};
use crate::unit_tree;

/// The roles of docs/design.md, *Roles*, most powerful first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Quản trị hệ thống: everything, everywhere.
    Administrator,
    /// Phòng/Sở Nội vụ: sets up units, counters, officials, procedures and users below its unit.
    UnitManager,
    /// Chủ tịch, Phó Chủ tịch: dashboards and comments of its subtree.
    Leader,
    /// Trưởng Bộ phận Một cửa: its unit's dashboards and alerts.
    CounterHead,
    /// Công chức: only their own ratings and comments.
    Official,
}

/// What an action needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capability {
    /// Dashboards, summaries and comments of units.
    ViewUnitResults,
    /// One's own ratings (an official's page).
    ViewOwnResults,
    /// Units, counters, officials, the procedures a unit offers, QR codes.
    ManageCatalogue,
    /// The national procedure catalogue every unit shares (thủ tục hành chính): administrators only.
    EditNationalCatalogue,
    /// Accounts of people below one's unit.
    ManageUsers,
    /// The audit log of one's subtree.
    ViewAudit,
    /// Taking a response out of the figures, with a reason (hủy phiếu).
    VoidResponses,
}

/// What a machine client's API key may do (the one-stop or queue-ticket software), within its unit's subtree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiScope {
    /// Say which ticket a counter serves now (`PUT /api/v1/counters/{id}/serving`).
    Queue,
    /// Register dossiers and get their receipt links (`POST /api/v1/dossiers`).
    Dossiers,
    /// Send transaction counts (`PUT /api/v1/transactions`).
    Transactions,
    /// Read units, figures and responses (the `GET /api/v1/units…` routes).
    Results,
}

impl ApiScope {
    pub const ALL: [ApiScope; 4] = [ApiScope::Queue, ApiScope::Dossiers, ApiScope::Transactions, ApiScope::Results];

    pub fn key(self) -> &'static str {
        match self {
            ApiScope::Queue => "queue",
            ApiScope::Dossiers => "dossiers",
            ApiScope::Transactions => "transactions",
            ApiScope::Results => "results",
        }
    }

    pub fn parse(key: &str) -> Option<ApiScope> {
        ApiScope::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            ApiScope::Queue => "Hệ thống xếp hàng: số đang phục vụ",
            ApiScope::Dossiers => "Đăng ký hồ sơ, in phiếu đánh giá",
            ApiScope::Transactions => "Gửi số giao dịch",
            ApiScope::Results => "Đọc kết quả đánh giá",
        }
    }
}

impl Role {
    pub const ALL: [Role; 5] =
        [Role::Administrator, Role::UnitManager, Role::Leader, Role::CounterHead, Role::Official];

    pub fn key(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::UnitManager => "unit_manager",
            Role::Leader => "leader",
            Role::CounterHead => "counter_head",
            Role::Official => "official",
        }
    }

    pub fn parse(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Role::Administrator => "Quản trị hệ thống",
            Role::UnitManager => "Quản lý đơn vị (Nội vụ)",
            Role::Leader => "Lãnh đạo",
            Role::CounterHead => "Trưởng bộ phận Một cửa",
            Role::Official => "Công chức",
        }
    }

    pub fn allows(self, capability: Capability) -> bool {
        use Capability::*;
        match self {
            Role::Administrator => true,
            Role::UnitManager => capability != EditNationalCatalogue,
            Role::Leader | Role::CounterHead => matches!(capability, ViewUnitResults | ViewOwnResults),
            Role::Official => capability == ViewOwnResults,
        }
    }

    /// A person may only give roles no stronger than their own (an administrator any role).
    pub fn may_grant(self, other: Role) -> bool {
        match self {
            Role::Administrator => true,
            Role::UnitManager => other != Role::Administrator,
            _ => false,
        }
    }
}

/// A signed-in person as authorisation sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    /// The account behind it; none for the one-stop software's API key, which no person holds.
    pub user_id: Option<UserId>,
    pub username: String,
    pub role: Role,
    /// The root of what they may see; `None` only for administrators (the whole tree).
    pub unit_id: Option<UnitId>,
    /// For the official role: which official they are.
    pub official_id: Option<OfficialId>,
}

impl Principal {
    /// The units this person may see, from the whole tree as `(id, parent)` pairs. Administrators see
    /// every unit; anyone else their unit's subtree; a person without a unit sees nothing.
    pub fn visible_units(&self, nodes: &[(UnitId, Option<UnitId>)]) -> Vec<UnitId> {
        match (self.role, self.unit_id) {
            (Role::Administrator, _) => nodes.iter().map(|(id, _)| *id).collect(),
            (_, Some(root)) if nodes.iter().any(|(id, _)| *id == root) => unit_tree::subtree(nodes, root),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Province 1 with communes 2 and 3; commune 2 has a health station 4.
    fn tree() -> Vec<(UnitId, Option<UnitId>)> {
        unit_tree::tests::tree(&[(1, None), (2, Some(1)), (3, Some(1)), (4, Some(2))])
    }

    fn person(role: Role, unit_id: Option<i64>) -> Principal {
        let unit_id = unit_id.map(UnitId::new);
        Principal { user_id: Some(UserId::new(1)), username: "x".into(), role, unit_id, official_id: None }
    }

    fn ids(raw: &[i64]) -> Vec<UnitId> {
        raw.iter().copied().map(UnitId::new).collect()
    }

    #[test]
    fn a_leader_of_commune_2_sees_it_and_its_station_but_not_commune_3() {
        assert_eq!(person(Role::Leader, Some(2)).visible_units(&tree()), ids(&[2, 4]));
    }

    #[test]
    fn the_province_office_sees_every_commune() {
        assert_eq!(person(Role::UnitManager, Some(1)).visible_units(&tree()), ids(&[1, 2, 4, 3]));
    }

    #[test]
    fn an_administrator_sees_everything_without_a_unit() {
        assert_eq!(person(Role::Administrator, None).visible_units(&tree()).len(), 4);
    }

    #[test]
    fn someone_without_a_unit_or_with_a_deleted_one_sees_nothing() {
        assert!(person(Role::Leader, None).visible_units(&tree()).is_empty());
        assert!(person(Role::Leader, Some(99)).visible_units(&tree()).is_empty());
    }

    #[test]
    fn leaders_read_but_do_not_manage() {
        assert!(Role::Leader.allows(Capability::ViewUnitResults));
        assert!(!Role::Leader.allows(Capability::ManageCatalogue));
        assert!(!Role::CounterHead.allows(Capability::ManageUsers));
    }

    #[test]
    fn only_administrators_edit_the_national_catalogue() {
        assert!(Role::Administrator.allows(Capability::EditNationalCatalogue));
        assert!(!Role::UnitManager.allows(Capability::EditNationalCatalogue));
        assert!(Role::UnitManager.allows(Capability::ManageCatalogue), "managers still offer procedures");
    }

    #[test]
    fn officials_see_only_their_own_results() {
        assert!(Role::Official.allows(Capability::ViewOwnResults));
        assert!(!Role::Official.allows(Capability::ViewUnitResults));
    }

    #[test]
    fn a_unit_manager_cannot_make_administrators() {
        assert!(!Role::UnitManager.may_grant(Role::Administrator));
        assert!(Role::UnitManager.may_grant(Role::Leader));
        assert!(!Role::Leader.may_grant(Role::Official));
    }

    #[test]
    fn role_keys_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.key()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
