//! Extension points: where a weighting or a criterion's values come from
//! outside the workspace's TOML files (a political group's Lua script, a
//! scripted cost model). Core defines the traits and the plain data that
//! crosses them; it knows no implementation (the Lua crate is one).

use crate::assessment::Assessment;
use crate::group::GroupSpec;
use crate::model::Model;
use crate::quantity::{Quantity, parse_decimal};
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

/// The decision as a plugin sees it: plain data, ids and names, no
/// validated internals. Data ranges are given as numbers (f64).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionView {
    pub goal: String,
    pub alternatives: Vec<AlternativeView>,
    /// Every criterion, parents before children (depth first).
    pub criteria: Vec<CriterionView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlternativeView {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionView {
    pub id: String,
    pub name: String,
    pub parent: Option<String>,
    /// Ids of the sub-criteria, in order (empty for a leaf).
    pub children: Vec<String>,
    /// For a data criterion: its unit and each alternative's low and high value.
    pub data: Option<DataView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataView {
    pub unit: Option<String>,
    /// (alternative id, low, high), in the model's alternative order.
    pub values: Vec<(String, f64, f64)>,
}

impl DecisionView {
    /// The view of a validated model.
    pub fn of(model: &Model) -> DecisionView {
        let hierarchy = model.hierarchy();
        let alternatives = model
            .alternatives()
            .iter()
            .map(|a| AlternativeView {
                id: a.id.clone(),
                name: a.name.clone(),
            })
            .collect::<Vec<_>>();
        let criteria = hierarchy
            .depth_first()
            .into_iter()
            .map(|(index, _)| {
                let node = hierarchy.node(index);
                let data = match model.assessment(index) {
                    Some(Assessment::Data { unit, values, .. }) => Some(DataView {
                        unit: unit.clone(),
                        values: alternatives
                            .iter()
                            .zip(values)
                            .map(|(a, q)| {
                                (
                                    a.id.clone(),
                                    q.low().to_f64().unwrap_or(f64::NAN),
                                    q.high().to_f64().unwrap_or(f64::NAN),
                                )
                            })
                            .collect(),
                    }),
                    _ => None,
                };
                CriterionView {
                    id: node.id.clone(),
                    name: node.name.clone(),
                    parent: node.parent.map(|p| hierarchy.node(p).id.clone()),
                    children: node
                        .children
                        .iter()
                        .map(|&c| hierarchy.node(c).id.clone())
                        .collect(),
                    data,
                }
            })
            .collect();
        DecisionView {
            goal: model.goal().to_string(),
            alternatives,
            criteria,
        }
    }
}

/// Where a political group's weights come from (a Lua script, a file, a
/// survey). Called once per group per analysis.
pub trait WeightingSource {
    type Error: std::error::Error;
    fn group(&mut self, decision: &DecisionView) -> Result<GroupSpec, Self::Error>;
}

/// Named input quantities of a scripted criterion, each alternative's
/// value at one point of their ranges: `inputs[k] = (name, values in the
/// model's alternative order)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScorerInputs {
    pub alternatives: Vec<String>,
    pub inputs: Vec<(String, Vec<f64>)>,
}

/// Computes the alternatives' values on a scripted criterion from its
/// inputs. Called once per evaluation point (low, high; and per sample in
/// Monte Carlo analyses), so it must be deterministic in its inputs.
pub trait CriterionScorer {
    type Error: std::error::Error;
    /// One value per alternative, in the order of `inputs.alternatives`.
    fn score(&mut self, inputs: &ScorerInputs) -> Result<Vec<f64>, Self::Error>;

    /// [`CriterionScorer::score`] for every sample of `batch`, in order:
    /// sample k's values are appended to `out` (which the caller clears),
    /// one per alternative. The first sample that fails ends the batch
    /// with its error, as if the samples had been scored one by one. The
    /// default scores them one by one; a scorer with a cost per call (a
    /// Lua state) does the batch in one call.
    fn score_batch(
        &mut self,
        batch: &InputBatch<'_>,
        out: &mut Vec<f64>,
    ) -> Result<(), BatchError<Self::Error>> {
        score_one_by_one(self, batch, out)
    }
}

/// [`CriterionScorer::score_batch`] by [`CriterionScorer::score`], sample
/// by sample (the default, and a scorer's fallback).
pub fn score_one_by_one<S: CriterionScorer + ?Sized>(
    scorer: &mut S,
    batch: &InputBatch<'_>,
    out: &mut Vec<f64>,
) -> Result<(), BatchError<S::Error>> {
    let m = batch.alternatives.len();
    for sample in 0..batch.samples() {
        let values = scorer
            .score(&batch.inputs(sample))
            .map_err(BatchError::Scorer)?;
        if values.len() != m || values.iter().any(|v| !v.is_finite()) {
            return Err(BatchError::BadValues {
                given: values.len(),
            });
        }
        out.extend(values);
    }
    Ok(())
}

/// A plain function of the inputs is a scorer (Monte Carlo's tests and
/// wrappers are closures).
impl<F, E> CriterionScorer for F
where
    F: FnMut(&ScorerInputs) -> Result<Vec<f64>, E>,
    E: std::error::Error,
{
    type Error = E;
    fn score(&mut self, inputs: &ScorerInputs) -> Result<Vec<f64>, E> {
        self(inputs)
    }
}

/// The inputs of a batch of samples of a scripted criterion, flat:
/// `values[(k * names.len() + i) * m + a]` is input `names[i]` of
/// alternative `alternatives[a]` in sample k (m alternatives). Nothing is
/// allocated per sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InputBatch<'a> {
    pub alternatives: &'a [String],
    pub names: &'a [String],
    pub values: &'a [f64],
    /// The index of the first sample in its Monte Carlo run (0 outside
    /// one): a sample's inputs are a function of the run's seed and its
    /// index, so the same index has the same inputs in both passes of a
    /// run, and its result can be kept for the second.
    pub first: u64,
}

impl InputBatch<'_> {
    /// Input values of one sample.
    pub fn per_sample(&self) -> usize {
        self.names.len() * self.alternatives.len()
    }

    /// The number of samples.
    pub fn samples(&self) -> usize {
        self.values
            .len()
            .checked_div(self.per_sample())
            .unwrap_or(0)
    }

    /// Sample k's values, input by input, each by alternative.
    pub fn sample(&self, k: usize) -> &[f64] {
        let size = self.per_sample();
        &self.values[k * size..(k + 1) * size]
    }

    /// Sample k as the inputs of one [`CriterionScorer::score`] call.
    pub fn inputs(&self, k: usize) -> ScorerInputs {
        let m = self.alternatives.len();
        ScorerInputs {
            alternatives: self.alternatives.to_vec(),
            inputs: self
                .names
                .iter()
                .zip(self.sample(k).chunks_exact(m.max(1)))
                .map(|(name, values)| (name.clone(), values.to_vec()))
                .collect(),
        }
    }
}

/// Why a batch was not scored: at its first failing sample, the scorer's
/// error, or a result of `given` values (or some not finite) where one per
/// alternative was wanted.
#[derive(Debug)]
pub enum BatchError<E> {
    Scorer(E),
    BadValues { given: usize },
}

/// One end of every input's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputEnd {
    Low,
    High,
}

impl ScorerInputs {
    /// Every input of a scripted criterion at one `end` of its ranges:
    /// `inputs[k] = (name, each alternative's quantity)`, in the order of
    /// `alternatives`. A value beyond f64 is NaN (the scorer refuses it).
    pub fn at_end(
        alternatives: &[String],
        inputs: &[(String, Vec<Quantity>)],
        end: InputEnd,
    ) -> ScorerInputs {
        ScorerInputs {
            alternatives: alternatives.to_vec(),
            inputs: inputs
                .iter()
                .map(|(name, values)| {
                    let point = values
                        .iter()
                        .map(|q| match end {
                            InputEnd::Low => q.low(),
                            InputEnd::High => q.high(),
                        })
                        .map(|d| d.to_f64().unwrap_or(f64::NAN))
                        .collect();
                    (name.clone(), point)
                })
                .collect(),
        }
    }
}

/// Why a scripted criterion could not be bounded by its inputs' ends. It
/// has no text of its own: each caller matches it and says it where the
/// script is (the loader at the file's line, what-if as a `ScorerError`).
#[derive(Debug)]
pub enum BoundError<E> {
    /// The scorer failed (its own error, e.g. a Lua error with its line).
    Scorer(E),
    /// The scorer gave another number of values than there are alternatives.
    Count { given: usize, expected: usize },
    /// An alternative's value at the low or the high ends is no exact
    /// decimal: not finite, or beyond `Decimal`'s ±7.9e28.
    NotDecimal {
        alternative: String,
        at_low: f64,
        at_high: f64,
    },
}

/// Bounds a scripted criterion by its inputs' ends: the scorer is run once
/// with every input at its low end and once with every input at its high
/// end, and each alternative's value is the range between its two results
/// (in either order: a value may fall as an input rises). This is the
/// range the loader gives the criterion and a what-if recomputes; it is
/// exact when the scorer is monotone in each input in the same direction
/// (a cost summed from costs), and Monte Carlo's sampled inputs
/// (`sensitivity::smaa`) explore the inside.
pub fn bound_by_inputs<S: CriterionScorer + ?Sized>(
    scorer: &mut S,
    alternatives: &[String],
    inputs: &[(String, Vec<Quantity>)],
) -> Result<Vec<Quantity>, BoundError<S::Error>> {
    let mut at = |end| {
        let values = scorer
            .score(&ScorerInputs::at_end(alternatives, inputs, end))
            .map_err(BoundError::Scorer)?;
        if values.len() != alternatives.len() {
            return Err(BoundError::Count {
                given: values.len(),
                expected: alternatives.len(),
            });
        }
        Ok(values)
    };
    let lows = at(InputEnd::Low)?;
    let highs = at(InputEnd::High)?;
    // Through the shortest decimal text, as data are read.
    let decimal = |v: f64| parse_decimal(&format!("{v}"));
    alternatives
        .iter()
        .zip(lows.into_iter().zip(highs))
        .map(
            |(id, (at_low, at_high))| match (decimal(at_low), decimal(at_high)) {
                (Some(a), Some(b)) => Ok(Quantity::between(a, b)),
                _ => Err(BoundError::NotDecimal {
                    alternative: id.clone(),
                    at_low,
                    at_high,
                }),
            },
        )
        .collect()
}
