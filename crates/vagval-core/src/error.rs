//! The one error type of the core. Variants carry structured context (which
//! matrix, which judgment by index, which item) so that a front end can point
//! at the exact place in its own input files.

use crate::model::Site;

/// What went wrong with one judgment or with the set of judgments of one matrix.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum JudgmentErrorKind {
    #[error("`{item}` is not one of the items compared here ({known})")]
    UnknownItem { item: String, known: String },
    #[error("`{item}` is compared with itself")]
    SelfComparison { item: String },
    #[error("the value {value} is not a positive finite number")]
    NotPositiveFinite { value: f64 },
    #[error(
        "the value {} is outside the range a judgment can take (1e-9 to 1e9); no comparison is a billion times stronger than another",
        crate::scale::ScaleValue(*.value)
    )]
    OutOfRange { value: f64 },
    #[error("`{a}` and `{b}` are compared twice (first in judgment {}); give each pair once", .first + 1)]
    Duplicate { a: String, b: String, first: usize },
    #[error(
        "`{a}` and `{b}` are compared twice with contradictory values (judgment {} implies {implied}, this one says {given}); keep one of them", .first + 1
    )]
    Contradictory {
        a: String,
        b: String,
        first: usize,
        implied: f64,
        given: f64,
    },
}

/// An error in one judgment, by its index in the list the caller gave.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("judgment {}: {kind}", .index + 1)]
pub struct JudgmentError {
    /// Index of the judgment in the caller's list (0-based).
    pub index: usize,
    pub kind: JudgmentErrorKind,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("{site}: {source}")]
    Judgment { site: Site, source: JudgmentError },
    #[error(
        "{site}: the comparisons do not connect all items: {unreached} cannot be reached from {reached} (compare at least one item of each group with the other)"
    )]
    Disconnected {
        site: Site,
        reached: String,
        unreached: String,
    },
    #[error("{site}: a pairwise matrix needs at least one item")]
    EmptyMatrix { site: Site },
    #[error("{site}: row {} has {len} entries but there are {n} rows; a pairwise matrix is square", .row + 1)]
    NotSquare {
        site: Site,
        row: usize,
        len: usize,
        n: usize,
    },
    #[error(
        "{site}: entry [{row}][{col}] = {} is not a positive finite number between 1e-9 and 1e9",
        crate::scale::ScaleValue(*.value)
    )]
    BadEntry {
        site: Site,
        row: usize,
        col: usize,
        value: f64,
    },
    #[error(
        "{site}: the diagonal entry [{index}][{index}] is {value}; an item compared with itself is 1"
    )]
    BadDiagonal {
        site: Site,
        index: usize,
        value: f64,
    },
    #[error(
        "{site}: entries [{row}][{col}] = {a} and [{col}][{row}] = {b} are not reciprocal (their product is {product}, it must be 1); set [{col}][{row}] to {}", crate::scale::ScaleValue(*.expected)
    )]
    NotReciprocal {
        site: Site,
        row: usize,
        col: usize,
        a: f64,
        b: f64,
        product: f64,
        expected: f64,
    },
    #[error(
        "{site}: entry [{row}][{col}] is missing but [{col}][{row}] is given; leave both out or give both"
    )]
    HalfMissing { site: Site, row: usize, col: usize },
    #[error("{site}: duplicate item name `{name}`")]
    DuplicateItem { site: Site, name: String },
    #[error("{site}: the principal eigenvector did not converge to 1e-12 ({iterations} steps)")]
    NotConverged { site: Site, iterations: usize },
    #[error(
        "{site}: λmax-optimal completion of {items} items with {gaps} missing judgments would run too long: its work grows with gaps × items² = {work}, above the limit of {limit}"
    )]
    CompletionTooLarge {
        site: Site,
        items: usize,
        gaps: usize,
        work: usize,
        limit: usize,
    },
    #[error(
        "{site}: weight of `{item}` is {value}; direct weights must be finite and not negative"
    )]
    BadWeight {
        site: Site,
        index: usize,
        item: String,
        value: f64,
    },
    #[error("{site}: all direct weights are zero; at least one must be positive")]
    AllWeightsZero { site: Site },
    #[error("{site}: no weight given for `{item}`; give a weight for each of {expected}")]
    MissingWeight {
        site: Site,
        item: String,
        expected: String,
    },
    #[error("{site}: `{item}` is not one of {expected}")]
    UnknownWeightItem {
        site: Site,
        index: usize,
        item: String,
        expected: String,
    },
    #[error("{site}: `{item}` is given twice")]
    DuplicateWeightItem {
        site: Site,
        index: usize,
        item: String,
    },
    #[error("criterion {} has the id `{id}`, already used by criterion {}", .index + 1, .first + 1)]
    DuplicateCriterion {
        index: usize,
        id: String,
        first: usize,
    },
    #[error("alternative {} has the id `{id}`, already used by alternative {}", .index + 1, .first + 1)]
    DuplicateAlternative {
        index: usize,
        id: String,
        first: usize,
    },
    #[error("criterion `{id}` names the parent `{parent}`, which does not exist")]
    UnknownParent {
        index: usize,
        id: String,
        parent: String,
    },
    #[error("the criteria {cycle} form a cycle of parents")]
    Cycle { index: usize, cycle: String },
    #[error("criterion `{id}` has sub-criteria and must not assess alternatives itself")]
    AssessmentOnParent { id: String },
    #[error("criterion `{id}` has no sub-criteria and no assessment of the alternatives")]
    MissingAssessment { id: String },
    #[error("{site}: weights are given but `{id}` has no sub-criteria to weight")]
    WeightsOnLeaf { site: Site, id: String },
    #[error("{site}: no weights given for its sub-criteria {children}")]
    MissingWeights { site: Site, children: String },
    #[error("the decision has no criteria")]
    NoCriteria,
    #[error("the decision has no alternatives")]
    NoAlternatives,
    #[error("{site}: rating scale `{scale}` does not exist (known: {known})")]
    UnknownRatingScale {
        site: Site,
        scale: String,
        known: String,
    },
    #[error("{site}: `{level}` is not a level of rating scale `{scale}` (levels: {known})")]
    UnknownRatingLevel {
        site: Site,
        index: usize,
        scale: String,
        level: String,
        known: String,
    },
    #[error("{site}: no rating given for alternative `{alternative}`")]
    MissingRating { site: Site, alternative: String },
    #[error("{site}: no value given for alternative `{alternative}`")]
    MissingValue { site: Site, alternative: String },
    #[error("{site}: `{alternative}` is not an alternative of this decision (known: {known})")]
    UnknownAlternative {
        site: Site,
        index: usize,
        alternative: String,
        known: String,
    },
    #[error("{site}: `{alternative}` is given twice")]
    DuplicateAlternativeEntry {
        site: Site,
        index: usize,
        alternative: String,
    },
    #[error("{site}: the level `{level}` is defined twice")]
    DuplicateRatingLevel {
        site: Site,
        index: usize,
        level: String,
    },
    #[error("{site}: a rating scale needs at least one level")]
    EmptyRatingScale { site: Site },
    #[error("rating scale {} has the id `{id}`, already used by rating scale {}", .index + 1, .first + 1)]
    DuplicateRatingScale {
        index: usize,
        id: String,
        first: usize,
    },
    #[error("{site}: {message}")]
    ValueFunction { site: Site, message: String },
    #[error(
        "the range {low}–{high} has its low end above its high end; write the smaller number first"
    )]
    InvertedRange { low: String, high: String },
    #[error("`{text}` is not a number or a range such as `6000–12000`")]
    BadQuantity { text: String },
    #[error("group `{group}` has {seats} seats; seats must be a positive number")]
    BadSeats { group: String, seats: f64 },
    #[error("group `{group}`: {message}")]
    GroupTarget { group: String, message: String },
    #[error("there are no political groups to analyse")]
    NoGroups,
    #[error(
        "the Monte Carlo analysis needs at least one sample; ask for more than 0 (10 000 is a good start)"
    )]
    NoSamples,
    #[error(
        "the judgment spread {} must be above 1 and at most 1000: each judgment is multiplied by a factor between 1/spread and spread (2 is the default)",
        crate::scale::ScaleValue(*.spread)
    )]
    BadSpread { spread: f64 },
    #[error("there is no criterion `{id}` (the criteria are {known})")]
    UnknownCriterion { id: String, known: String },
    #[error("`{id}` has no sibling criteria to trade weight with, so its weight cannot be varied")]
    NoSiblings { id: String },
    #[error("what-if: {message}")]
    WhatIf { message: String },
    #[error("the scorer of `{criterion}` failed: {message}")]
    Scorer { criterion: String, message: String },
    #[error("the CR bound {max_cr} must be a number of at least 0 (0.1 is Saaty's)")]
    BadMaxCr { max_cr: f64 },
    #[error(
        "every group's own judgments have a CR above {max_cr} ({}), so none is left to aggregate; raise --max-cr or revisit the judgments",
        groups_cr(.groups)
    )]
    AllGroupsExcluded {
        max_cr: f64,
        /// Each group's id and the largest CR of its own matrices.
        groups: Vec<(String, f64)>,
    },
    #[error(
        "every alternative (or every criterion) has the priority 0 in some group, so the geometric mean of the groups' priorities is 0 for all; aggregate with aip or aij"
    )]
    GeometricMeanZero,
}

/// `a` 0.153, `b` 0.2: groups and their CR, for messages.
fn groups_cr(groups: &[(String, f64)]) -> String {
    groups
        .iter()
        .map(|(id, cr)| format!("`{id}` {cr:.3}"))
        .collect::<Vec<_>>()
        .join(", ")
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
