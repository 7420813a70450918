//! How the alternatives are assessed on a leaf criterion: by pairwise
//! judgments, by ratings on a named scale (Saaty's absolute measurement), or
//! by measured data through a value function.

use crate::pairwise::{Judgment, PairwiseMatrix};
use crate::quantity::Quantity;
use crate::value_function::{ResolvedFunction, ValueFunction};
use serde::Serialize;

/// The weights of a set of items (sub-criteria, rating levels), as given.
#[derive(Debug, Clone, PartialEq)]
pub enum WeightsSpec {
    /// Pairwise judgments among the items (gaps allowed if connected).
    Judgments(Vec<Judgment>),
    /// Direct weights by item id: non-negative, finite, not all zero;
    /// normalised to sum 1.
    Direct(Vec<(String, f64)>),
}

/// Validated weights of a set of items, in the items' order.
#[derive(Debug, Clone, PartialEq)]
pub enum Weighting {
    Pairwise(PairwiseMatrix),
    /// Normalised to sum 1.
    Direct(Vec<f64>),
}

/// An assessment as given, alternatives and levels by id.
#[derive(Debug, Clone, PartialEq)]
pub enum AssessmentSpec {
    Pairwise(Vec<Judgment>),
    Ratings {
        scale: String,
        ratings: Vec<(String, String)>,
    },
    Data {
        unit: Option<String>,
        values: Vec<(String, Quantity)>,
        function: ValueFunction,
    },
    /// Data computed by a scorer (a script) from named inputs: `values` are
    /// the scorer's results at the inputs' two ends (what deterministic
    /// analyses use); `inputs` let Monte Carlo analyses draw the inputs and
    /// call the scorer per sample.
    Scripted {
        unit: Option<String>,
        values: Vec<(String, Quantity)>,
        function: ValueFunction,
        inputs: Vec<(String, Vec<(String, Quantity)>)>,
    },
}

/// A scripted criterion's named inputs, each alternative's value or range
/// in the model's alternative order.
#[derive(Debug, Clone, PartialEq)]
pub struct ScriptedInputs {
    pub names: Vec<String>,
    /// `values[input][alternative]`.
    pub values: Vec<Vec<Quantity>>,
}

/// Which of the three kinds an assessment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AssessmentKind {
    Pairwise,
    Ratings,
    Data,
}

/// A validated assessment; vectors are in the model's alternative order.
#[derive(Debug, Clone, PartialEq)]
pub enum Assessment {
    Pairwise(PairwiseMatrix),
    /// Index of the rating scale in the model, and each alternative's level.
    Ratings {
        scale: usize,
        levels: Vec<usize>,
    },
    Data {
        unit: Option<String>,
        values: Vec<Quantity>,
        function: ValueFunction,
        resolved: ResolvedFunction,
        /// For a scripted criterion: the inputs its scorer computes `values` from.
        scripted: Option<ScriptedInputs>,
    },
}

impl Assessment {
    pub fn kind(&self) -> AssessmentKind {
        match self {
            Assessment::Pairwise(_) => AssessmentKind::Pairwise,
            Assessment::Ratings { .. } => AssessmentKind::Ratings,
            Assessment::Data { .. } => AssessmentKind::Data,
        }
    }
}

/// A rating scale as given: levels (id, name), best first by convention,
/// and how intense each level is.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingScaleSpec {
    pub id: String,
    pub name: String,
    pub levels: Vec<(String, String)>,
    pub intensities: WeightsSpec,
}

/// A validated rating scale.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingScale {
    pub id: String,
    pub name: String,
    pub levels: Vec<(String, String)>,
    pub intensities: Weighting,
}
