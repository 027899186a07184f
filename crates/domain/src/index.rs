//! Satisfaction-index arithmetic (chỉ số hài lòng): docs/design.md, *Indexes*.
//!
//! Everything is computed from exact answer counts and rounded only for display, so the same
//! counts always give the same figure whatever order they were added or merged in. The rule
//! itself is named and versioned ([`IndexMethod`]) because the national SIPAS formula could not be
//! read in primary text: another rule can be added beside this one without touching callers.

use super::interval::{wilson, Interval};
use super::questionnaire::Factor;
use super::rating::Level;
use serde::{Deserialize, Serialize};

/// Figures behind fewer answers than this are shown greyed as "chưa đủ mẫu" unless configured.
pub const DEFAULT_SAMPLE_FLOOR: u64 = 5;

/// How many answers of each level one question or criterion received.
#[derive(Default, Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LevelCounts {
    pub very_good: u64,
    pub good: u64,
    pub fair: u64,
    pub poor: u64,
}

impl LevelCounts {
    /// Counts one more answer. Saturates rather than overflows: 2^64 answers cannot happen, and a
    /// corrupt stored count must not crash a dashboard.
    pub fn add(&mut self, level: Level) {
        let slot = match level {
            Level::VeryGood => &mut self.very_good,
            Level::Good => &mut self.good,
            Level::Fair => &mut self.fair,
            Level::Poor => &mut self.poor,
        };
        *slot = slot.saturating_add(1);
    }

    pub fn get(&self, level: Level) -> u64 {
        match level {
            Level::VeryGood => self.very_good,
            Level::Good => self.good,
            Level::Fair => self.fair,
            Level::Poor => self.poor,
        }
    }

    /// All answers; unanswered and not-applicable ones are never counted in the first place.
    pub fn total(&self) -> u64 {
        self.satisfied().saturating_add(self.fair).saturating_add(self.poor)
    }

    /// Rất tốt plus Tốt.
    pub fn satisfied(&self) -> u64 {
        self.very_good.saturating_add(self.good)
    }

    /// Adds another tally, e.g. a child unit's or another day's.
    pub fn merge(&mut self, other: LevelCounts) {
        self.very_good = self.very_good.saturating_add(other.very_good);
        self.good = self.good.saturating_add(other.good);
        self.fair = self.fair.saturating_add(other.fair);
        self.poor = self.poor.saturating_add(other.poor);
    }

    /// This tally's satisfaction index, see [`satisfaction_index`].
    pub fn satisfaction_index(&self) -> Option<f64> {
        satisfaction_index(self.satisfied(), self.total())
    }
}

impl FromIterator<Level> for LevelCounts {
    fn from_iter<I: IntoIterator<Item = Level>>(levels: I) -> LevelCounts {
        let mut counts = LevelCounts::default();
        counts.extend(levels);
        counts
    }
}

impl Extend<Level> for LevelCounts {
    fn extend<I: IntoIterator<Item = Level>>(&mut self, levels: I) {
        levels.into_iter().for_each(|level| self.add(level));
    }
}

/// Satisfied answers ÷ answers, in percent; `None` when nothing was answered, which is "no
/// figure", not 0%. A `satisfied` above `answered` is a caller's bug; it is capped at 100% so a
/// figure never leaves its range.
pub fn satisfaction_index(satisfied: u64, answered: u64) -> Option<f64> {
    if answered == 0 {
        return None;
    }
    let share = satisfied.min(answered) as f64 / answered as f64;
    Some((share * 100.0).clamp(0.0, 100.0))
}

/// The mean score on the 1–4 scale; `None` without answers.
pub fn mean_score(counts: &LevelCounts) -> Option<f64> {
    let total = counts.total();
    if total == 0 {
        return None;
    }
    // Summed in u128 so even saturated u64 counts cannot overflow before the one division.
    let points: u128 =
        Level::DISPLAY_ORDER.iter().map(|&level| u128::from(level.score()) * u128::from(counts.get(level))).sum();
    Some((points as f64 / total as f64).clamp(1.0, 4.0))
}

/// A factor's index: the mean of its criteria's indexes, over the criteria that have answers.
pub fn factor_index(criteria: &[LevelCounts]) -> Option<f64> {
    mean(criteria.iter().filter_map(LevelCounts::satisfaction_index))
}

/// The composite (SIPAS-style) index: the mean of the factor indexes that have answers.
pub fn composite_index(factor_indexes: &[Option<f64>]) -> Option<f64> {
    mean(factor_indexes.iter().flatten().copied())
}

/// The mean of the values, kept within their minimum and maximum: float summation can drift by a
/// last bit (three times 0.1 sums above 0.3), and a mean outside its inputs would look like a bug.
fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (mut sum, mut count) = (0.0, 0u64);
    let (mut low, mut high) = (f64::INFINITY, f64::NEG_INFINITY);
    for value in values {
        sum += value;
        count += 1;
        low = low.min(value);
        high = high.max(value);
    }
    (count > 0).then(|| (sum / count as f64).clamp(low, high))
}

/// A figure as reports show it: its exact value and the number of answers behind it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figure {
    pub value: Option<f64>,
    pub count: u64,
}

impl Figure {
    /// The headline figure of a tally: its satisfied share and its number of answers.
    pub fn of(counts: &LevelCounts) -> Figure {
        Figure { value: counts.satisfaction_index(), count: counts.total() }
    }

    /// Its 95% Wilson interval: exact for a plain share (the headline, an official's, a one-question factor); for
    /// an averaged index (the composite, a factor of several criteria) the interval of a share that high from
    /// that many answers, as the formula note says.
    pub fn interval(&self) -> Option<Interval> {
        let share = self.value? / 100.0;
        let satisfied = (share * self.count as f64).round() as u64;
        wilson(satisfied.min(self.count), self.count)
    }

    /// Whether it has a value from at least `floor` answers; otherwise it is shown greyed as
    /// "chưa đủ mẫu" (not enough responses).
    pub fn is_reliable(&self, floor: u64) -> bool {
        self.value.is_some() && self.count >= floor
    }

    /// The value rounded to one decimal, for display only.
    pub fn display(&self) -> Option<f64> {
        self.value.map(|value| (value * 10.0).round() / 10.0)
    }
}

/// The counts one index computation needs for a unit and period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexInput {
    /// The overall question, which every response answers.
    pub overall: LevelCounts,
    /// Each factor with the counts of each of its criteria (one for the short questionnaire).
    pub factors: Vec<(Factor, Vec<LevelCounts>)>,
}

/// Every figure of docs/design.md's *Indexes* for one unit and period.
/// The figures of a unit and everything beneath it over a period: what the dashboard shows and the API answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitSummary {
    pub method: IndexMethod,
    pub overall: LevelCounts,
    pub indexes: Indexes,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Indexes {
    /// The overall question's satisfaction index: the unit's headline figure.
    pub headline: Figure,
    /// The overall question's mean score, 1–4.
    pub mean_score: Option<f64>,
    /// Mean of the factor indexes. Its count is the most-answered criterion's answer count: the
    /// responses answering at least one factor question are not known from counts alone, and
    /// this is the largest number certainly behind the figure.
    pub composite: Figure,
    /// Each factor's index, count as for `composite` but within the factor.
    pub factors: Vec<(Factor, Figure)>,
}

impl Indexes {
    /// The same indexes with every figure from fewer than `floor` answers valueless (its count kept), as they
    /// leave the application.
    pub fn above_floor(&self, floor: u64) -> Indexes {
        let kept = |f: &Figure| Figure { value: f.value.filter(|_| f.is_reliable(floor)), count: f.count };
        Indexes {
            headline: kept(&self.headline),
            mean_score: self.mean_score.filter(|_| self.headline.is_reliable(floor)),
            composite: kept(&self.composite),
            factors: self.factors.iter().map(|(factor, figure)| (*factor, kept(figure))).collect(),
        }
    }
}

/// A named, versioned rule for turning counts into indexes. Reports store which rule made them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum IndexMethod {
    /// Satisfied share (Rất tốt + Tốt over all answers), criteria averaged into factors and
    /// factors into the composite: the common practice (docs/design.md, *Indexes*).
    #[default]
    SatisfiedShareV1,
}

impl IndexMethod {
    pub fn compute(self, input: &IndexInput) -> Indexes {
        match self {
            IndexMethod::SatisfiedShareV1 => satisfied_share_v1(input),
        }
    }
}

fn satisfied_share_v1(input: &IndexInput) -> Indexes {
    let most_answered = |criteria: &[LevelCounts]| criteria.iter().map(LevelCounts::total).max();
    let factors: Vec<(Factor, Figure)> = input
        .factors
        .iter()
        .map(|(factor, criteria)| {
            let figure = Figure { value: factor_index(criteria), count: most_answered(criteria).unwrap_or(0) };
            (*factor, figure)
        })
        .collect();
    let factor_values: Vec<Option<f64>> = factors.iter().map(|(_, f)| f.value).collect();
    Indexes {
        headline: Figure { value: input.overall.satisfaction_index(), count: input.overall.total() },
        mean_score: mean_score(&input.overall),
        composite: Figure {
            value: composite_index(&factor_values),
            count: factors.iter().map(|(_, f)| f.count).max().unwrap_or(0),
        },
        factors,
    }
}

#[cfg(test)]
mod tests;
