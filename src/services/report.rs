//! Figures for a unit (and everything beneath it) over a period: the counts from the store, the
//! arithmetic from `domain::index`. Shared by the dashboard and the JSON API so they never disagree.

use std::collections::BTreeMap;

use crate::domain::index::{IndexInput, IndexMethod, LevelCounts, UnitSummary};
use crate::domain::questionnaire::{Factor, Questionnaire};
use crate::domain::unit_tree;
use crate::store::{Scope, Store, StoreResult};

/// The scope of a unit's subtree over `[from, to)`, from the tree's `(id, parent)` pairs.
pub fn scope_of(nodes: &[(i64, Option<i64>)], unit_id: i64, (from_ms, to_ms): (i64, i64)) -> Scope {
    Scope { unit_ids: unit_tree::subtree(nodes, unit_id), from_ms, to_ms, official_id: None }
}

pub async fn summary(store: &Store, questionnaire: &Questionnaire, scope: &Scope) -> StoreResult<UnitSummary> {
    let overall = store.overall_counts(scope).await?;
    let answers = store.answer_counts(scope).await?;
    let method = IndexMethod::default();
    let indexes = method.compute(&index_input(overall, &answers, questionnaire));
    Ok(UnitSummary { method, overall, indexes })
}

/// Each factor with the counts of its criteria, as the questionnaire defines them.
fn index_input(overall: LevelCounts, answers: &BTreeMap<String, LevelCounts>, q: &Questionnaire) -> IndexInput {
    let factors = Factor::ALL
        .into_iter()
        .map(|factor| {
            let criteria =
                q.questions_of(factor).map(|question| answers.get(&question.key).copied().unwrap_or_default());
            (factor, criteria.collect())
        })
        .collect();
    IndexInput { overall, factors }
}
