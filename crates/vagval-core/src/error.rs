//! The one error type of the core. Variants carry structured context (which
//! matrix, which judgment by index, which item) so that a front end can point
//! at the exact place in its own input files. They carry no prose: their
//! texts, in English and Swedish, are written in one place, `crate::text`
//! (`Display` is the English text). Lists of ids (`known`, `expected`,
//! `children`, `cycle`, `reached`) are the ids in backticks joined by `, `
//! (or ` → `), the same in both languages.

use crate::model::Site;
use crate::text::Language;
use rust_decimal::Decimal;
use std::sync::Arc;

/// What went wrong with one judgment or with the set of judgments of one matrix.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.message(Language::En))]
#[non_exhaustive]
pub enum JudgmentErrorKind {
    UnknownItem {
        item: String,
        known: String,
    },
    SelfComparison {
        item: String,
    },
    NotPositiveFinite {
        value: f64,
    },
    OutOfRange {
        value: f64,
    },
    Duplicate {
        a: String,
        b: String,
        first: usize,
    },
    Contradictory {
        a: String,
        b: String,
        first: usize,
        implied: f64,
        given: f64,
    },
}

/// Why a value function cannot be used (`ValueFunction::resolve`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.message(Language::En))]
#[non_exhaustive]
pub enum ValueFunctionError {
    /// A linear function's `lower` and `upper` bounds are the same.
    EqualBounds { bound: Decimal },
    /// A linear function's `lower` bound is above its `upper` bound.
    InvertedBounds { lower: Decimal, upper: Decimal },
    /// A piecewise-linear function has fewer than two points.
    TooFewPoints,
    /// Point `point` (0-based) has a value outside 0..=1.
    PointOutOfRange { point: usize, value: f64 },
    /// Point `point` (0-based, at least 1) does not lie right of the one before.
    NotIncreasing {
        point: usize,
        x: Decimal,
        previous: Decimal,
    },
}

/// Why a political group's weights or judgments cannot be applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.message(Language::En))]
#[non_exhaustive]
pub enum GroupTargetError {
    /// The group gives the weights at `site` twice.
    GivenTwice { site: Site },
    /// The group sets weights under `id`, which has no sub-criteria.
    NotAParent { id: String },
    /// The group weights a site that is not a set of weights.
    NotWeightable { site: Site },
    /// The group judges the alternatives on `id` twice.
    JudgedTwice { id: String },
    /// The group judges the alternatives on `id`, which is not a leaf.
    NotALeaf { id: String },
    /// The group's own weights at `site` give an item (by id, or by its
    /// 0-based index when the id is not known) the weight 0, which AIJ
    /// cannot aggregate.
    ZeroPriority {
        site: Site,
        item: Option<String>,
        index: usize,
    },
}

/// Why a what-if change cannot be applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.message(Language::En))]
#[non_exhaustive]
pub enum WhatIfError {
    /// The weight set for `criterion` is not between 0 and 1.
    WeightOutOfRange { criterion: String, weight: f64 },
    /// The weights set among siblings sum to more than 1.
    SiblingsOverOne { sum: f64 },
    /// A judgment is changed at a site not judged in pairs.
    NotPairwise { site: Site },
    /// A value is set on `criterion`, which is not assessed by data.
    NotData { criterion: String },
}

/// An error of a plugin (a Lua script) kept whole in a core error: the
/// plugin crate knows its texts in both languages, core carries it.
pub trait PluginText: std::error::Error + Send + Sync {
    /// The error's text in `lang`.
    fn message(&self, lang: Language) -> String;
}

/// A plugin's error (see [`PluginText`]), shared so that core errors stay
/// `Clone`. Two are equal when their English texts are.
///
/// `Display` and `Error` are written by hand, not derived: `#[source]` on
/// the `Arc` would make the `Arc` the source, and the plugin's own error
/// (which a front end may downcast to) must be the source itself.
#[derive(Clone)]
pub struct PluginError(Arc<dyn PluginText>);

impl PluginError {
    pub fn new(error: impl PluginText + 'static) -> Self {
        PluginError(Arc::new(error))
    }

    /// The plugin's text in `lang`.
    pub fn message(&self, lang: Language) -> String {
        self.0.message(lang)
    }
}

impl std::fmt::Debug for PluginError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for PluginError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Language::En))
    }
}

impl std::error::Error for PluginError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

impl PartialEq for PluginError {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.message(Language::En) == other.message(Language::En)
    }
}

/// Why a scripted criterion's scorer gave no values.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.message(Language::En))]
#[non_exhaustive]
pub enum ScorerError {
    /// The plugin failed: its script could not be loaded or raised an error.
    Plugin(#[source] PluginError),
    /// The scorer gave `got` values (or some not finite), `expected` wanted.
    BadValues { got: usize, expected: usize },
    /// The scorer factory had no scorer for this criterion.
    Missing,
}

/// An error in one judgment, by its index in the list the caller gave.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.message(Language::En))]
pub struct JudgmentError {
    /// Index of the judgment in the caller's list (0-based).
    pub index: usize,
    #[source]
    pub kind: JudgmentErrorKind,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.message(Language::En))]
#[non_exhaustive]
pub enum Error {
    Judgment {
        site: Site,
        source: JudgmentError,
    },
    Disconnected {
        site: Site,
        reached: String,
        unreached: String,
    },
    EmptyMatrix {
        site: Site,
    },
    NotSquare {
        site: Site,
        row: usize,
        len: usize,
        n: usize,
    },
    BadEntry {
        site: Site,
        row: usize,
        col: usize,
        value: f64,
    },
    BadDiagonal {
        site: Site,
        index: usize,
        value: f64,
    },
    NotReciprocal {
        site: Site,
        row: usize,
        col: usize,
        a: f64,
        b: f64,
        product: f64,
        expected: f64,
    },
    HalfMissing {
        site: Site,
        row: usize,
        col: usize,
    },
    DuplicateItem {
        site: Site,
        name: String,
    },
    NotConverged {
        site: Site,
        iterations: usize,
    },
    CompletionTooLarge {
        site: Site,
        items: usize,
        gaps: usize,
        work: usize,
        limit: usize,
    },
    BadWeight {
        site: Site,
        index: usize,
        item: String,
        value: f64,
    },
    AllWeightsZero {
        site: Site,
    },
    MissingWeight {
        site: Site,
        item: String,
        expected: String,
    },
    UnknownWeightItem {
        site: Site,
        index: usize,
        item: String,
        expected: String,
    },
    DuplicateWeightItem {
        site: Site,
        index: usize,
        item: String,
    },
    DuplicateCriterion {
        index: usize,
        id: String,
        first: usize,
    },
    DuplicateAlternative {
        index: usize,
        id: String,
        first: usize,
    },
    UnknownParent {
        index: usize,
        id: String,
        parent: String,
    },
    Cycle {
        index: usize,
        cycle: String,
    },
    AssessmentOnParent {
        id: String,
    },
    MissingAssessment {
        id: String,
    },
    WeightsOnLeaf {
        site: Site,
        id: String,
    },
    MissingWeights {
        site: Site,
        children: String,
    },
    NoCriteria,
    NoAlternatives,
    UnknownRatingScale {
        site: Site,
        scale: String,
        known: String,
    },
    UnknownRatingLevel {
        site: Site,
        index: usize,
        scale: String,
        level: String,
        known: String,
    },
    MissingRating {
        site: Site,
        alternative: String,
    },
    MissingValue {
        site: Site,
        alternative: String,
    },
    UnknownAlternative {
        site: Site,
        index: usize,
        alternative: String,
        known: String,
    },
    DuplicateAlternativeEntry {
        site: Site,
        index: usize,
        alternative: String,
    },
    DuplicateRatingLevel {
        site: Site,
        index: usize,
        level: String,
    },
    EmptyRatingScale {
        site: Site,
    },
    DuplicateRatingScale {
        index: usize,
        id: String,
        first: usize,
    },
    ValueFunction {
        site: Site,
        source: ValueFunctionError,
    },
    InvertedRange {
        low: String,
        high: String,
    },
    BadQuantity {
        text: String,
    },
    BadSeats {
        group: String,
        seats: f64,
    },
    GroupTarget {
        group: String,
        source: GroupTargetError,
    },
    NoGroups,
    NoSamples,
    /// A Monte Carlo run was stopped before its end (Ctrl-C, or a newer
    /// request that supersedes it).
    Cancelled,
    BadSpread {
        spread: f64,
    },
    UnknownCriterion {
        id: String,
        known: String,
    },
    NoSiblings {
        id: String,
    },
    WhatIf {
        source: WhatIfError,
    },
    Scorer {
        criterion: String,
        source: ScorerError,
    },
    BadMaxCr {
        max_cr: f64,
    },
    AllGroupsExcluded {
        max_cr: f64,
        /// Each group's id and the largest CR of its own matrices.
        groups: Vec<(String, f64)>,
    },
    GeometricMeanZero,
}

impl Error {
    /// The matrix or list the error concerns, if it concerns one.
    pub fn site(&self) -> Option<&Site> {
        match self {
            Error::Judgment { site, .. }
            | Error::Disconnected { site, .. }
            | Error::EmptyMatrix { site, .. }
            | Error::NotSquare { site, .. }
            | Error::BadEntry { site, .. }
            | Error::BadDiagonal { site, .. }
            | Error::NotReciprocal { site, .. }
            | Error::HalfMissing { site, .. }
            | Error::DuplicateItem { site, .. }
            | Error::NotConverged { site, .. }
            | Error::CompletionTooLarge { site, .. }
            | Error::BadWeight { site, .. }
            | Error::AllWeightsZero { site, .. }
            | Error::MissingWeight { site, .. }
            | Error::UnknownWeightItem { site, .. }
            | Error::DuplicateWeightItem { site, .. }
            | Error::WeightsOnLeaf { site, .. }
            | Error::MissingWeights { site, .. }
            | Error::UnknownRatingScale { site, .. }
            | Error::UnknownRatingLevel { site, .. }
            | Error::MissingRating { site, .. }
            | Error::MissingValue { site, .. }
            | Error::UnknownAlternative { site, .. }
            | Error::DuplicateAlternativeEntry { site, .. }
            | Error::DuplicateRatingLevel { site, .. }
            | Error::EmptyRatingScale { site, .. }
            | Error::ValueFunction { site, .. } => Some(site),
            _ => None,
        }
    }
}
