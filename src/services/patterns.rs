//! Patterns that call for a look, per official and counter of a unit (`domain::gaming`): read for the dashboard,
//! and raised once a minute as alerts of their own kinds to the unit's managers (an official's own dashboard never
//! shows them). Nothing is hidden on a pattern: a manager looks at the register and decides.

use crate::domain::time::Timestamp;
use std::collections::BTreeMap;

use crate::domain::alert::{OpeningHours, RuleKind};
use crate::domain::gaming::{patterns, Finding, Pattern, Recent, Source, WINDOW_MS};
use crate::domain::ids::{AlertRuleId, CounterId, OfficialId, UnitId};
use crate::domain::rating::Level;
use crate::domain::rollup::{local_day, spans, Dimension};
use crate::i18n::{Locale, Texts};
use crate::services::alerts::{raise, Raised};
use crate::store::{NewAlert, PatternRow, Store, StoreResult};

/// How many weeks before the window tell an official's or a counter's usual rate.
const USUAL_WEEKS: i64 = 4;

/// Whom a pattern is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    Official(OfficialId),
    Counter(CounterId),
}

/// A pattern found for an official or a counter, named and explained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    pub target: Target,
    pub name: String,
    pub finding: Finding,
}

impl Flag {
    /// "Name: explanation", for the dashboard and the alert.
    pub fn line(&self) -> String {
        format!("{}: {}", self.name, explain(&self.finding))
    }
}

/// The finding in plain Vietnamese.
pub fn explain(finding: &Finding) -> String {
    let t = Locale::Vi.texts();
    let template = match finding.pattern {
        Pattern::Burst => t.alerts.burst,
        Pattern::OffHours => t.alerts.off_hours,
        Pattern::OneLevelRun => t.alerts.one_level_run,
        Pattern::FlaggedShare => t.alerts.flagged_share,
    };
    let level = finding.level.map_or("", |l| t.level(l));
    Texts::fill(template, &[("n", &finding.count), ("of", &finding.of), ("level", &level)])
}

/// The patterns of the unit's own officials and counters at `now_ms`, officials first.
pub async fn flags(store: &Store, unit_id: UnitId, hours: &OpeningHours, now_ms: i64) -> StoreResult<Vec<Flag>> {
    let rows = store.pattern_rows(unit_id, now_ms - WINDOW_MS).await?;
    if rows.is_empty() {
        return Ok(vec![]);
    }
    let mut recent: BTreeMap<Target, Vec<Recent>> = BTreeMap::new();
    for row in &rows {
        let seen = recent_of(row);
        if let Some(id) = row.official_id {
            recent.entry(Target::Official(id)).or_default().push(seen.clone());
        }
        if let Some(id) = row.counter_id {
            recent.entry(Target::Counter(id)).or_default().push(seen);
        }
    }
    let usual = usual_per_hour(store, unit_id, hours, now_ms).await?;
    let found: Vec<(Target, Finding)> = recent
        .iter()
        .flat_map(|(target, seen)| {
            let rate = usual.get(target).copied().unwrap_or_default();
            patterns(seen, rate, hours, now_ms).into_iter().map(|finding| (*target, finding))
        })
        .collect();
    if found.is_empty() {
        return Ok(vec![]);
    }
    let official_ids: Vec<OfficialId> =
        found.iter().filter_map(|(t, _)| if let Target::Official(id) = t { Some(*id) } else { None }).collect();
    let counter_ids: Vec<CounterId> =
        found.iter().filter_map(|(t, _)| if let Target::Counter(id) = t { Some(*id) } else { None }).collect();
    let (officials, counters) =
        tokio::try_join!(store.officials_by_id(&official_ids), store.counters_by_id(&counter_ids))?;
    let mut names: BTreeMap<Target, String> = BTreeMap::new();
    names.extend(officials.into_iter().map(|o| (Target::Official(o.id), o.full_name)));
    names.extend(counters.into_iter().map(|c| (Target::Counter(c.id), c.name)));
    Ok(found
        .into_iter()
        .map(|(target, finding)| Flag { target, name: names.get(&target).cloned().unwrap_or_default(), finding })
        .collect())
}

/// Raises the patterns of every unit whose managers keep pattern rules: each pattern of an official or a counter
/// once, then quiet for a day after it was acknowledged.
pub async fn raise_patterns(store: &Store, hours: &OpeningHours, now_ms: i64) -> StoreResult<Vec<Raised>> {
    let mut rules: BTreeMap<UnitId, Vec<(Pattern, AlertRuleId)>> = BTreeMap::new();
    for rule in store.alert_rules_of_kinds(&Pattern::ALL.map(RuleKind::Pattern)).await? {
        if let RuleKind::Pattern(pattern) = rule.rule.kind {
            rules.entry(rule.unit_id).or_default().push((pattern, rule.id));
        }
    }
    let mut alerts = vec![];
    for (unit_id, kept) in rules {
        for flag in flags(store, unit_id, hours, now_ms).await? {
            let Some((_, rule_id)) = kept.iter().find(|(p, _)| *p == flag.finding.pattern) else { continue };
            let (official_id, counter_id) = match flag.target {
                Target::Official(id) => (Some(id), None),
                Target::Counter(id) => (None, Some(id)),
            };
            alerts.push(NewAlert {
                rule_id: *rule_id,
                unit_id,
                raised_at: Timestamp::from_millis(now_ms),
                response_id: None,
                counter_id,
                official_id,
                detail: flag.line(),
                quiet_ms: WINDOW_MS,
            });
        }
    }
    raise(store, &alerts).await
}

fn recent_of(row: &PatternRow) -> Recent {
    let source = match row.channel.as_str() {
        "kiosk" => Source::Tablet,
        "qr" => Source::CounterPhone,
        "receipt" => Source::Phone,
        _ => Source::Keyed,
    };
    Recent {
        at_ms: row.submitted_at.millis(),
        level: Level::from_score(row.overall).unwrap_or(Level::Fair),
        flagged: row.flagged,
        source,
        phone: row.voice_hash.clone(),
    }
}

/// Each official's and counter's counted ratings per opening hour over the weeks before the window.
async fn usual_per_hour(
    store: &Store,
    unit_id: UnitId,
    hours: &OpeningHours,
    now_ms: i64,
) -> StoreResult<BTreeMap<Target, f64>> {
    let (from, to) = (now_ms - WINDOW_MS - USUAL_WEEKS * 7 * 86_400_000, now_ms - WINDOW_MS);
    let open_hours = (hours.open_ms_between(from, to) as f64 / 3_600_000.0).max(1.0);
    let days = spans(local_day(from), local_day(to));
    let (officials, counters) = tokio::try_join!(
        store.rollup_totals(unit_id, Dimension::Official, &days, None),
        store.rollup_totals(unit_id, Dimension::Counter, &days, None),
    )?;
    let rate = |n: u64| n as f64 / open_hours;
    let mut usual: BTreeMap<Target, f64> = BTreeMap::new();
    usual.extend(officials.into_iter().map(|t| (Target::Official(OfficialId::new(t.member)), rate(t.counts.total()))));
    usual.extend(counters.into_iter().map(|t| (Target::Counter(CounterId::new(t.member)), rate(t.counts.total()))));
    Ok(usual)
}
