//! The unit tree (cây đơn vị): provinces, communes, centres… nested to any depth. Pure functions over
//! `(id, parent)` pairs, so the web layer and reports agree on what "a unit and everything beneath" is.

use std::collections::{BTreeMap, BTreeSet};

/// Ids of `root` and every unit beneath it, root first. Cycles in bad data end the walk, never loop.
pub fn subtree(nodes: &[(i64, Option<i64>)], root: i64) -> Vec<i64> {
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
pub fn depth_first(nodes: &[(i64, Option<i64>)]) -> Vec<(i64, usize)> {
    let known: BTreeSet<i64> = nodes.iter().map(|(id, _)| *id).collect();
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
pub fn would_cycle(nodes: &[(i64, Option<i64>)], unit: i64, new_parent: i64) -> bool {
    subtree(nodes, unit).contains(&new_parent)
}

/// The unit and every unit above it, nearest first. A corrupt tree with a loop stops at the first repeat.
pub fn chain(nodes: &[(i64, Option<i64>)], unit: i64) -> Vec<i64> {
    let parents: BTreeMap<i64, Option<i64>> = nodes.iter().copied().collect();
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
fn children_of(nodes: &[(i64, Option<i64>)]) -> BTreeMap<Option<i64>, Vec<i64>> {
    let mut children: BTreeMap<Option<i64>, Vec<i64>> = BTreeMap::new();
    for (id, parent) in nodes {
        children.entry(*parent).or_default().push(*id);
    }
    children
}

#[cfg(test)]
mod tests {
    use super::*;

    // Province 1 with communes 2 and 3; commune 2 has a health station 4.
    const TREE: [(i64, Option<i64>); 4] = [(1, None), (2, Some(1)), (3, Some(1)), (4, Some(2))];

    #[test]
    fn a_chain_climbs_to_the_root_and_survives_a_loop() {
        assert_eq!(chain(&TREE, 4), vec![4, 2, 1]);
        assert_eq!(chain(&TREE, 1), vec![1]);
        assert_eq!(chain(&TREE, 9), Vec::<i64>::new());
        assert_eq!(chain(&[(1, Some(2)), (2, Some(1))], 1), vec![1, 2]);
    }

    #[test]
    fn a_province_covers_its_communes_and_their_stations() {
        assert_eq!(subtree(&TREE, 1), [1, 2, 4, 3]);
    }

    #[test]
    fn a_commune_covers_only_itself_and_below() {
        assert_eq!(subtree(&TREE, 2), [2, 4]);
        assert_eq!(subtree(&TREE, 3), [3]);
    }

    #[test]
    fn depth_first_order_indents_children_under_parents() {
        assert_eq!(depth_first(&TREE), [(1, 0), (2, 1), (4, 2), (3, 1)]);
    }

    #[test]
    fn a_cycle_in_bad_data_ends_instead_of_looping() {
        let cyclic = [(1, Some(2)), (2, Some(1))];
        assert_eq!(subtree(&cyclic, 1), [1, 2]);
    }

    #[test]
    fn moving_a_commune_under_its_own_station_is_a_cycle() {
        assert!(would_cycle(&TREE, 2, 4));
        assert!(would_cycle(&TREE, 2, 2));
        assert!(!would_cycle(&TREE, 4, 3));
    }

    #[test]
    fn orphans_are_shown_as_roots() {
        assert_eq!(depth_first(&[(5, Some(99))]), [(5, 0)]);
    }
}
