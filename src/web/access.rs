//! Authorisation at the edge: what part of the unit tree a signed-in person reaches, and the checks
//! handlers run before touching anything. Outside one's subtree everything is "not found" (404);
//! inside it, an action one's role does not allow is "forbidden" (403).

use std::collections::HashSet;

use super::AppError;
use crate::domain::access::{Capability, Principal};
use crate::domain::ids::UnitId;
use crate::i18n::Locale;
use crate::pages::notice::Notice;
use crate::store::{Store, StoreError, StoreResult, Unit};

/// The units a person may see, read once per request — their own subtree only, never the whole country's.
pub struct Reach {
    /// The person's subtree as `(id, parent)` pairs (to compute subtrees below a visible unit).
    pub nodes: Vec<(UnitId, Option<UnitId>)>,
    /// The visible units, in the store's order.
    pub units: Vec<Unit>,
    ids: HashSet<UnitId>,
}

impl Reach {
    pub async fn of(store: &Store, principal: &Principal) -> StoreResult<Reach> {
        let all = match principal.unit_id {
            Some(root) => store.subtree_units(root).await?,
            None => store.units().await?,
        };
        let nodes: Vec<(UnitId, Option<UnitId>)> = all.iter().map(|u| (u.id, u.parent_id)).collect();
        let ids: HashSet<UnitId> = principal.visible_units(&nodes).into_iter().collect();
        let units = all.into_iter().filter(|u| ids.contains(&u.id)).collect();
        Ok(Reach { nodes, units, ids })
    }

    pub fn contains(&self, unit_id: UnitId) -> bool {
        self.ids.contains(&unit_id)
    }

    /// The unit if visible; otherwise the same answer as for a unit that does not exist.
    pub fn unit(&self, unit_id: UnitId) -> Result<&Unit, StoreError> {
        self.units.iter().find(|u| u.id == unit_id).ok_or(StoreError::NotFound)
    }

    /// Fails as "not found" unless `unit_id` is visible.
    pub fn check(&self, unit_id: UnitId) -> Result<(), StoreError> {
        if self.contains(unit_id) {
            Ok(())
        } else {
            Err(StoreError::NotFound)
        }
    }

    /// The `(id, parent)` pairs of the visible units only: trees drawn from them start at the person's root.
    pub fn visible_nodes(&self) -> Vec<(UnitId, Option<UnitId>)> {
        self.units.iter().map(|u| (u.id, u.parent_id.filter(|p| self.contains(*p)))).collect()
    }
}

/// Refuses (403) an action the person's role does not allow, anywhere.
pub fn require(principal: &Principal, capability: Capability) -> Result<(), AppError> {
    if principal.role.allows(capability) {
        Ok(())
    } else {
        Err(AppError::notice(Notice::Forbidden, Locale::Vi))
    }
}
