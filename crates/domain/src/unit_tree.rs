//! The unit tree (cây đơn vị): provinces, communes, centres… nested to any depth. Pure functions over
//! `(id, parent)` pairs, so the web layer and reports agree on what "a unit and everything beneath" is.

use std::collections::{BTreeMap, BTreeSet};

use crate::ids::UnitId;

/// Ids of `root` and every unit beneath it, root first. Cycles in bad data end the walk, never loop.
pub fn subtree(nodes: &[(UnitId, Option<UnitId>)], root: UnitId) -> Vec<UnitId> {
    let children = children_of(nodes);
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        out.push(id);
        if let Some(kids) = children.get(&Some(id)) {
            stack.extend(kids.iter().rev());
        }
    }
    out
}

/// Every unit in depth-first order with its depth (roots at 0): the order of an indented unit picker.
/// Units whose parent is unknown are treated as roots, so none is ever hidden.
pub fn depth_first(nodes: &[(UnitId, Option<UnitId>)]) -> Vec<(UnitId, usize)> {
    let known: BTreeSet<UnitId> = nodes.iter().map(|(id, _)| *id).collect();
    let children = children_of(nodes);
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    let roots = nodes.iter().filter(|(_, parent)| parent.is_none_or(|p| !known.contains(&p)));
    for (root, _) in roots {
        let mut stack = vec![(*root, 0usize)];
        while let Some((id, depth)) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            out.push((id, depth));
            if let Some(kids) = children.get(&Some(id)) {
                stack.extend(kids.iter().rev().map(|k| (*k, depth + 1)));
            }
        }
    }
    out
}

/// Whether making `new_parent` the parent of `unit` would put a unit beneath itself.
pub fn would_cycle(nodes: &[(UnitId, Option<UnitId>)], unit: UnitId, new_parent: UnitId) -> bool {
    subtree(nodes, unit).contains(&new_parent)
}

/// The unit and every unit above it, nearest first. A corrupt tree with a loop stops at the first repeat.
pub fn chain(nodes: &[(UnitId, Option<UnitId>)], unit: UnitId) -> Vec<UnitId> {
    let parents: BTreeMap<UnitId, Option<UnitId>> = nodes.iter().copied().collect();
    let mut out = vec![];
    let mut next = parents.contains_key(&unit).then_some(unit);
    while let Some(id) = next.filter(|id| !out.contains(id)) {
        out.push(id);
        next = parents.get(&id).copied().flatten();
    }
    out
}

/// The kinds of unit (loại đơn vị), as stored, with their Vietnamese names.
pub const KINDS: [(&str, &str); 8] = [
    ("province", "Tỉnh, thành phố"),
    ("commune", "Xã"),
    ("ward", "Phường"),
    ("special_zone", "Đặc khu"),
    ("service_centre", "Trung tâm phục vụ hành chính công"),
    ("department", "Sở, ban, ngành"),
    ("health_station", "Trạm y tế"),
    ("school", "Trường học"),
];

/// Children per parent, in the order given.
fn children_of(nodes: &[(UnitId, Option<UnitId>)]) -> BTreeMap<Option<UnitId>, Vec<UnitId>> {
    let mut children: BTreeMap<Option<UnitId>, Vec<UnitId>> = BTreeMap::new();
    for (id, parent) in nodes {
        children.entry(*parent).or_default().push(*id);
    }
    children
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Units from bare numbers: `(id, parent)`.
    pub(crate) fn tree(pairs: &[(i64, Option<i64>)]) -> Vec<(UnitId, Option<UnitId>)> {
        pairs.iter().map(|&(id, parent)| (UnitId::new(id), parent.map(UnitId::new))).collect()
    }

    fn ids(raw: &[i64]) -> Vec<UnitId> {
        raw.iter().copied().map(UnitId::new).collect()
    }

    // Province 1 with communes 2 and 3; commune 2 has a health station 4.
    const TREE: [(i64, Option<i64>); 4] = [(1, None), (2, Some(1)), (3, Some(1)), (4, Some(2))];

    #[test]
    fn a_chain_climbs_to_the_root_and_survives_a_loop() {
        assert_eq!(chain(&tree(&TREE), UnitId::new(4)), ids(&[4, 2, 1]));
        assert_eq!(chain(&tree(&TREE), UnitId::new(1)), ids(&[1]));
        assert_eq!(chain(&tree(&TREE), UnitId::new(9)), ids(&[]));
        assert_eq!(chain(&tree(&[(1, Some(2)), (2, Some(1))]), UnitId::new(1)), ids(&[1, 2]));
    }

    #[test]
    fn a_province_covers_its_communes_and_their_stations() {
        assert_eq!(subtree(&tree(&TREE), UnitId::new(1)), ids(&[1, 2, 4, 3]));
    }

    #[test]
    fn a_commune_covers_only_itself_and_below() {
        assert_eq!(subtree(&tree(&TREE), UnitId::new(2)), ids(&[2, 4]));
        assert_eq!(subtree(&tree(&TREE), UnitId::new(3)), ids(&[3]));
    }

    #[test]
    fn depth_first_order_indents_children_under_parents() {
        assert_eq!(
            depth_first(&tree(&TREE)),
            [(1, 0), (2, 1), (4, 2), (3, 1)].map(|(id, depth)| (UnitId::new(id), depth))
        );
    }

    #[test]
    fn a_cycle_in_bad_data_ends_instead_of_looping() {
        let cyclic = [(1, Some(2)), (2, Some(1))];
        assert_eq!(subtree(&tree(&cyclic), UnitId::new(1)), ids(&[1, 2]));
    }

    #[test]
    fn moving_a_commune_under_its_own_station_is_a_cycle() {
        assert!(would_cycle(&tree(&TREE), UnitId::new(2), UnitId::new(4)));
        assert!(would_cycle(&tree(&TREE), UnitId::new(2), UnitId::new(2)));
        assert!(!would_cycle(&tree(&TREE), UnitId::new(4), UnitId::new(3)));
    }

    #[test]
    fn orphans_are_shown_as_roots() {
        assert_eq!(depth_first(&tree(&[(5, Some(99))])), [(UnitId::new(5), 0)]);
    }
}
