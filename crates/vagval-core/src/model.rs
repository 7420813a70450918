//! The decision model: goal, alternatives, the criteria tree, how each set of
//! siblings is weighted and how the alternatives are assessed on each leaf.
//! `Model::new` validates a `ModelSpec` completely; a `Model` that exists is
//! consistent, so evaluating it can fail only on numerics.

use crate::Error;
use crate::assessment::{
    Assessment, AssessmentSpec, RatingScale, RatingScaleSpec, ScriptedInputs, Weighting,
    WeightsSpec,
};
use crate::hierarchy::{CriterionSpec, Hierarchy};
use crate::pairwise::PairwiseMatrix;
use crate::quantity::Quantity;
use crate::value_function::ValueFunction;
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

/// Which matrix or list of a model an error or warning concerns.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "kebab-case")]
pub enum Site {
    /// The weights of the top-level criteria.
    Goal,
    /// The weights of a criterion's sub-criteria.
    Weights(String),
    /// The alternatives' assessment on a leaf criterion.
    Assessment(String),
    /// A rating scale's level intensities.
    RatingScale(String),
    /// A stand-alone matrix.
    Matrix,
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.phrase(crate::Language::En))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alternative {
    pub id: String,
    pub name: String,
    pub description: String,
}

/// A criterion as given, with how its children are weighted (if it has any)
/// or how the alternatives are assessed on it (if it is a leaf).
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionInput {
    pub criterion: CriterionSpec,
    pub weights: Option<WeightsSpec>,
    pub assessment: Option<AssessmentSpec>,
}

/// A whole model as given, before validation.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelSpec {
    pub goal: String,
    pub alternatives: Vec<Alternative>,
    pub criteria: Vec<CriterionInput>,
    /// Weights of the top-level criteria; may be left out when there is one.
    pub goal_weights: Option<WeightsSpec>,
    pub rating_scales: Vec<RatingScaleSpec>,
}

/// A validated decision model.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    goal: String,
    alternatives: Vec<Alternative>,
    hierarchy: Hierarchy,
    goal_weighting: Weighting,
    weightings: Vec<Option<Weighting>>,
    assessments: Vec<Option<Assessment>>,
    rating_scales: Vec<RatingScale>,
}

impl Model {
    pub fn new(spec: ModelSpec) -> Result<Model, Error> {
        if spec.alternatives.is_empty() {
            return Err(Error::NoAlternatives);
        }
        for (index, alternative) in spec.alternatives.iter().enumerate() {
            if let Some(first) = spec.alternatives[..index]
                .iter()
                .position(|a| a.id == alternative.id)
            {
                return Err(Error::DuplicateAlternative {
                    index,
                    id: alternative.id.clone(),
                    first,
                });
            }
        }
        let specs: Vec<CriterionSpec> = spec.criteria.iter().map(|c| c.criterion.clone()).collect();
        let hierarchy = Hierarchy::new(&specs)?;

        let mut rating_scales = Vec::new();
        for (index, scale) in spec.rating_scales.iter().enumerate() {
            if let Some(first) = spec.rating_scales[..index]
                .iter()
                .position(|s| s.id == scale.id)
            {
                return Err(Error::DuplicateRatingScale {
                    index,
                    id: scale.id.clone(),
                    first,
                });
            }
            rating_scales.push(validate_scale(scale)?);
        }

        let root_ids: Vec<&str> = hierarchy
            .roots()
            .iter()
            .map(|&r| hierarchy.node(r).id.as_str())
            .collect();
        let goal_weighting = weighting(&root_ids, spec.goal_weights.as_ref(), &Site::Goal)?;

        let alternative_ids: Vec<&str> = spec.alternatives.iter().map(|a| a.id.as_str()).collect();
        let mut weightings = Vec::with_capacity(spec.criteria.len());
        let mut assessments = Vec::with_capacity(spec.criteria.len());
        for (index, input) in spec.criteria.iter().enumerate() {
            let node = hierarchy.node(index);
            let id = node.id.clone();
            if node.children.is_empty() {
                if input.weights.is_some() {
                    return Err(Error::WeightsOnLeaf {
                        site: Site::Weights(id.clone()),
                        id,
                    });
                }
                let assessment = match &input.assessment {
                    None => return Err(Error::MissingAssessment { id }),
                    Some(a) => assess(a, &alternative_ids, &rating_scales, &Site::Assessment(id))?,
                };
                weightings.push(None);
                assessments.push(Some(assessment));
            } else {
                if input.assessment.is_some() {
                    return Err(Error::AssessmentOnParent { id });
                }
                let child_ids: Vec<&str> = node
                    .children
                    .iter()
                    .map(|&c| hierarchy.node(c).id.as_str())
                    .collect();
                weightings.push(Some(weighting(
                    &child_ids,
                    input.weights.as_ref(),
                    &Site::Weights(id),
                )?));
                assessments.push(None);
            }
        }
        Ok(Model {
            goal: spec.goal,
            alternatives: spec.alternatives,
            hierarchy,
            goal_weighting,
            weightings,
            assessments,
            rating_scales,
        })
    }

    pub fn goal(&self) -> &str {
        &self.goal
    }

    pub fn alternatives(&self) -> &[Alternative] {
        &self.alternatives
    }

    pub fn hierarchy(&self) -> &Hierarchy {
        &self.hierarchy
    }

    pub fn goal_weighting(&self) -> &Weighting {
        &self.goal_weighting
    }

    /// How criterion `index`'s children are weighted (`None` for a leaf).
    pub fn weighting(&self, index: usize) -> Option<&Weighting> {
        self.weightings[index].as_ref()
    }

    /// How the alternatives are assessed on criterion `index` (`None` for a parent).
    pub fn assessment(&self, index: usize) -> Option<&Assessment> {
        self.assessments[index].as_ref()
    }

    pub fn rating_scales(&self) -> &[RatingScale] {
        &self.rating_scales
    }

    /// Replaces the top-level weights (for groups and aggregates; the caller validated them).
    pub(crate) fn set_goal_weighting(&mut self, weighting: Weighting) {
        self.goal_weighting = weighting;
    }

    pub(crate) fn set_weighting(&mut self, index: usize, weighting: Weighting) {
        self.weightings[index] = Some(weighting);
    }

    pub(crate) fn set_assessment(&mut self, index: usize, assessment: Assessment) {
        self.assessments[index] = Some(assessment);
    }
}

pub(crate) fn list(ids: &[&str]) -> String {
    ids.iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn weighting(
    items: &[&str],
    spec: Option<&WeightsSpec>,
    site: &Site,
) -> Result<Weighting, Error> {
    match spec {
        None if items.len() <= 1 => Ok(Weighting::Direct(vec![1.0; items.len()])),
        None => Err(Error::MissingWeights {
            site: site.clone(),
            children: list(items),
        }),
        Some(WeightsSpec::Judgments(judgments)) => {
            if items.len() == 1 && judgments.is_empty() {
                return Ok(Weighting::Direct(vec![1.0]));
            }
            Ok(Weighting::Pairwise(PairwiseMatrix::from_judgments(
                items, judgments, site,
            )?))
        }
        Some(WeightsSpec::Direct(given)) => {
            let mut values: Vec<Option<f64>> = vec![None; items.len()];
            for (index, (item, value)) in given.iter().enumerate() {
                let position = items.iter().position(|i| i == item).ok_or_else(|| {
                    Error::UnknownWeightItem {
                        site: site.clone(),
                        index,
                        item: item.clone(),
                        expected: list(items),
                    }
                })?;
                if values[position].is_some() {
                    return Err(Error::DuplicateWeightItem {
                        site: site.clone(),
                        index,
                        item: item.clone(),
                    });
                }
                if !(value.is_finite() && *value >= 0.0) {
                    return Err(Error::BadWeight {
                        site: site.clone(),
                        index,
                        item: item.clone(),
                        value: *value,
                    });
                }
                values[position] = Some(*value);
            }
            let mut complete = Vec::with_capacity(items.len());
            for (item, value) in items.iter().zip(&values) {
                match value {
                    Some(v) => complete.push(*v),
                    None => {
                        return Err(Error::MissingWeight {
                            site: site.clone(),
                            item: item.to_string(),
                            expected: list(items),
                        });
                    }
                }
            }
            // Direct weights are relative: dividing by the largest first
            // keeps the sum finite (1.7e308 twice is 1 : 1), and every
            // entry was checked finite above.
            let largest = complete.iter().copied().fold(0.0_f64, f64::max);
            if largest <= 0.0 {
                return Err(Error::AllWeightsZero { site: site.clone() });
            }
            let complete: Vec<f64> = complete.iter().map(|v| v / largest).collect();
            let sum: f64 = complete.iter().sum();
            Ok(Weighting::Direct(
                complete.iter().map(|v| v / sum).collect(),
            ))
        }
    }
}

fn validate_scale(spec: &RatingScaleSpec) -> Result<RatingScale, Error> {
    let site = Site::RatingScale(spec.id.clone());
    if spec.levels.is_empty() {
        return Err(Error::EmptyRatingScale { site });
    }
    for (index, (level, _)) in spec.levels.iter().enumerate() {
        if spec.levels[..index].iter().any(|(l, _)| l == level) {
            return Err(Error::DuplicateRatingLevel {
                site,
                index,
                level: level.clone(),
            });
        }
    }
    let ids: Vec<&str> = spec.levels.iter().map(|(id, _)| id.as_str()).collect();
    let intensities = weighting(&ids, Some(&spec.intensities), &site)?;
    Ok(RatingScale {
        id: spec.id.clone(),
        name: spec.name.clone(),
        levels: spec.levels.clone(),
        intensities,
    })
}

/// Puts per-alternative entries in the model's alternative order, each once.
fn per_alternative<T: Clone>(
    entries: &[(String, T)],
    alternatives: &[&str],
    site: &Site,
    missing: impl Fn(String) -> Error,
) -> Result<Vec<T>, Error> {
    let mut slots: Vec<Option<T>> = vec![None; alternatives.len()];
    for (index, (alternative, value)) in entries.iter().enumerate() {
        let position = alternatives
            .iter()
            .position(|a| a == alternative)
            .ok_or_else(|| Error::UnknownAlternative {
                site: site.clone(),
                index,
                alternative: alternative.clone(),
                known: list(alternatives),
            })?;
        if slots[position].is_some() {
            return Err(Error::DuplicateAlternativeEntry {
                site: site.clone(),
                index,
                alternative: alternative.clone(),
            });
        }
        slots[position] = Some(value.clone());
    }
    slots
        .into_iter()
        .zip(alternatives)
        .map(|(slot, a)| slot.ok_or_else(|| missing(a.to_string())))
        .collect()
}

fn assess(
    spec: &AssessmentSpec,
    alternatives: &[&str],
    scales: &[RatingScale],
    site: &Site,
) -> Result<Assessment, Error> {
    match spec {
        AssessmentSpec::Pairwise(judgments) => Ok(Assessment::Pairwise(
            PairwiseMatrix::from_judgments(alternatives, judgments, site)?,
        )),
        AssessmentSpec::Ratings { scale, ratings } => {
            let scale_index = scales.iter().position(|s| &s.id == scale).ok_or_else(|| {
                Error::UnknownRatingScale {
                    site: site.clone(),
                    scale: scale.clone(),
                    // Empty when no scale is defined: text.rs says so.
                    known: if scales.is_empty() {
                        String::new()
                    } else {
                        scales
                            .iter()
                            .map(|s| format!("`{}`", s.id))
                            .collect::<Vec<_>>()
                            .join(", ")
                    },
                }
            })?;
            let levels_of = &scales[scale_index].levels;
            let mut indexed = Vec::with_capacity(ratings.len());
            for (index, (alternative, level)) in ratings.iter().enumerate() {
                let level_index =
                    levels_of
                        .iter()
                        .position(|(l, _)| l == level)
                        .ok_or_else(|| Error::UnknownRatingLevel {
                            site: site.clone(),
                            index,
                            scale: scale.clone(),
                            level: level.clone(),
                            known: levels_of
                                .iter()
                                .map(|(l, _)| format!("`{l}`"))
                                .collect::<Vec<_>>()
                                .join(", "),
                        })?;
                indexed.push((alternative.clone(), level_index));
            }
            let levels = per_alternative(&indexed, alternatives, site, |alternative| {
                Error::MissingRating {
                    site: site.clone(),
                    alternative,
                }
            })?;
            Ok(Assessment::Ratings {
                scale: scale_index,
                levels,
            })
        }
        AssessmentSpec::Data {
            unit,
            values,
            function,
        } => data_assessment(unit, values, function, None, alternatives, site),
        AssessmentSpec::Scripted {
            unit,
            values,
            function,
            inputs,
        } => {
            let mut names = Vec::with_capacity(inputs.len());
            let mut ordered = Vec::with_capacity(inputs.len());
            for (name, given) in inputs {
                names.push(name.clone());
                ordered.push(per_alternative(given, alternatives, site, |alternative| {
                    Error::MissingValue {
                        site: site.clone(),
                        alternative,
                    }
                })?);
            }
            let scripted = ScriptedInputs {
                names,
                values: ordered,
            };
            data_assessment(unit, values, function, Some(scripted), alternatives, site)
        }
    }
}

/// A data assessment: values in the model's order, the value function
/// resolved against their extent.
pub(crate) fn data_assessment(
    unit: &Option<String>,
    values: &[(String, Quantity)],
    function: &ValueFunction,
    scripted: Option<ScriptedInputs>,
    alternatives: &[&str],
    site: &Site,
) -> Result<Assessment, Error> {
    {
        {
            let values = per_alternative(values, alternatives, site, |alternative| {
                Error::MissingValue {
                    site: site.clone(),
                    alternative,
                }
            })?;
            let low = values
                .iter()
                .map(|q| q.low())
                .min()
                .unwrap_or(Decimal::ZERO);
            let high = values
                .iter()
                .map(|q| q.high())
                .max()
                .unwrap_or(Decimal::ZERO);
            let resolved = function
                .resolve(low, high)
                .map_err(|source| Error::ValueFunction {
                    site: site.clone(),
                    source,
                })?;
            Ok(Assessment::Data {
                unit: unit.clone(),
                values,
                function: function.clone(),
                resolved,
                scripted,
            })
        }
    }
}
