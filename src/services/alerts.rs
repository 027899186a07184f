//! Raising alerts (cảnh báo) from the rules units' managers set: after each counted batch (Chưa tốt ratings, low
//! indexes) and once a minute (silent counters; patterns, in `services::patterns`). Each alert is raised once (`Store::raise_alerts`, all of a pass in one
//! transaction); what was raised is returned for the live feed of the dashboards that watch the rule's unit.

use crate::domain::time::Timestamp;
use std::collections::{BTreeMap, BTreeSet};

use crate::domain::alert::{counter_silent, OpeningHours, RuleKind};
use crate::domain::ids::{ResponseId, UnitId};
use crate::i18n::{Locale, Texts};
use crate::store::{Alert, CountedRating, NewAlert, Store, StoreResult};

/// An alert just raised, with the units that may see it (the rule's unit and those above it) and its unit's name.
#[derive(Clone, Debug)]
pub struct Raised {
    pub alert: Alert,
    pub chain: Vec<UnitId>,
    pub unit: String,
}

/// The alerts a counted batch raises.
pub async fn after_counting(store: &Store, batch: &[CountedRating], now_ms: i64) -> StoreResult<Vec<Raised>> {
    let ratings: Vec<&CountedRating> = batch.iter().filter(|r| !r.set_apart).collect();
    let units: BTreeSet<UnitId> = ratings.iter().flat_map(|r| r.chain.iter().copied()).collect();
    let rules = store.alert_rules_of(&units.into_iter().collect::<Vec<_>>()).await?;
    let (a, mut alerts) = (Locale::Vi.texts().alerts, vec![]);
    for rule in &rules {
        // A rule applies to the ratings made since it was set, not to the history it finds.
        let watched: Vec<&&CountedRating> =
            ratings.iter().filter(|r| r.chain.contains(&rule.unit_id) && r.submitted_at >= rule.created_at).collect();
        match rule.rule.kind {
            RuleKind::Poor => {
                for rating in watched.into_iter().filter(|r| r.overall == 1) {
                    let detail = match &rating.comment {
                        Some(comment) => {
                            Texts::fill(a.poor_comment, &[("unit", &rating.unit), ("comment", &excerpt(comment))])
                        }
                        None => Texts::fill(a.poor, &[("unit", &rating.unit)]),
                    };
                    alerts.push(NewAlert {
                        rule_id: rule.id,
                        unit_id: rule.unit_id,
                        raised_at: Timestamp::from_millis(now_ms),
                        response_id: Some(ResponseId::new(rating.id)),
                        counter_id: None,
                        official_id: None,
                        detail,
                        quiet_ms: 0,
                    });
                }
            }
            RuleKind::LowIndex if !watched.is_empty() => {
                let window_ms = i64::from(rule.rule.window_hours) * 3_600_000;
                let counts = store.counts_since(rule.unit_id, now_ms - window_ms).await?;
                let (satisfied, total) = (counts.satisfied(), counts.total());
                if rule.rule.index_breached(satisfied, total) {
                    let index = format!("{:.1}", satisfied as f64 * 100.0 / total as f64);
                    let detail = Texts::fill(
                        a.low_index,
                        &[
                            ("index", &index),
                            ("hours", &rule.rule.window_hours),
                            ("total", &total),
                            ("threshold", &rule.rule.threshold_percent),
                        ],
                    );
                    alerts.push(NewAlert {
                        rule_id: rule.id,
                        unit_id: rule.unit_id,
                        raised_at: Timestamp::from_millis(now_ms),
                        response_id: None,
                        counter_id: None,
                        official_id: None,
                        detail,
                        quiet_ms: 0,
                    });
                }
            }
            // Silent counters and patterns are looked for once a minute, not per batch.
            RuleKind::LowIndex | RuleKind::SilentCounter | RuleKind::Pattern(_) => {}
        }
    }
    raise(store, &alerts).await
}

/// The alerts of counters silent for their rule's hours of opening time.
pub async fn silent_counters(store: &Store, hours: &OpeningHours, now_ms: i64) -> StoreResult<Vec<Raised>> {
    let (a, mut alerts) = (Locale::Vi.texts().alerts, vec![]);
    for rule in store.alert_rules_of_kinds(&[RuleKind::SilentCounter]).await? {
        for (counter_id, name, last) in store.counters_last_rated(rule.unit_id).await? {
            if counter_silent(&rule.rule, hours, last, rule.created_at.millis(), now_ms) {
                alerts.push(NewAlert {
                    rule_id: rule.id,
                    unit_id: rule.unit_id,
                    raised_at: Timestamp::from_millis(now_ms),
                    response_id: None,
                    counter_id: Some(counter_id),
                    official_id: None,
                    detail: Texts::fill(a.silent, &[("counter", &name), ("hours", &rule.rule.window_hours)]),
                    quiet_ms: 0,
                });
            }
        }
    }
    raise(store, &alerts).await
}

/// Raises `alerts` (those not raised before) and names each one's unit and chain, read once per unit.
pub(crate) async fn raise(store: &Store, alerts: &[NewAlert]) -> StoreResult<Vec<Raised>> {
    let raised = store.raise_alerts(alerts).await?;
    let mut units: BTreeMap<UnitId, (Vec<UnitId>, String)> = BTreeMap::new();
    for alert in &raised {
        tracing::info!(alert = %alert.id, unit = %alert.unit_id, kind = %alert.kind, "alert raised");
        if let std::collections::btree_map::Entry::Vacant(slot) = units.entry(alert.unit_id) {
            slot.insert((store.unit_chain(alert.unit_id).await?, store.unit(alert.unit_id).await?.name));
        }
    }
    Ok(raised
        .into_iter()
        .map(|alert| {
            let (chain, unit) = units.get(&alert.unit_id).cloned().unwrap_or_default();
            Raised { alert, chain, unit }
        })
        .collect())
}

/// The first 120 characters of a comment, for an alert's one line.
fn excerpt(comment: &str) -> String {
    let mut chars = comment.chars();
    let head: String = chars.by_ref().take(120).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_long_comment_is_cut_at_120_characters() {
        assert_eq!(super::excerpt("ngắn"), "ngắn");
        let long = "ý".repeat(130);
        assert_eq!(super::excerpt(&long).chars().count(), 121);
    }
}
