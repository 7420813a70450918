//! What-if: the model with some weights, judgments or data changed, to be
//! evaluated beside the current one. Nothing is written anywhere; the
//! changes live only in the returned model.

use crate::assessment::{Assessment, Weighting, WeightsSpec};
use crate::group::GroupSpec;
use crate::model::{Model, Site};
use crate::pairwise::Judgment;
use crate::quantity::Quantity;
use crate::synthesis::Evaluation;
use crate::{Error, WhatIfError};
use serde::Serialize;

/// One change to try.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Change {
    /// A criterion's local weight among its siblings (0..=1); the siblings
    /// not set keep their ratios and share the rest.
    Weight { criterion: String, weight: f64 },
    /// A judgment replaced or added: `site` is `Goal`, `Weights(parent)` or
    /// `Assessment(leaf)`.
    Judgment { site: Site, judgment: Judgment },
    /// An alternative's value (or range) on a leaf assessed by data, in the
    /// leaf's unit; on a scripted leaf, the script's result.
    Data {
        criterion: String,
        alternative: String,
        value: Quantity,
    },
}

/// The model with `changes` applied. `evaluation` is the model's current
/// evaluation (for the siblings' current weights).
pub fn apply(model: &Model, evaluation: &Evaluation, changes: &[Change]) -> Result<Model, Error> {
    let mut result = model.clone();
    // Judgments and data first: a weight set afterwards replaces the whole
    // set of siblings' weights, judged or not.
    for change in changes {
        match change {
            Change::Judgment { site, judgment } => {
                result = with_judgment(&result, site, judgment)?;
            }
            Change::Data {
                criterion,
                alternative,
                value,
            } => result = with_data(&result, criterion, alternative, *value)?,
            Change::Weight { .. } => {}
        }
    }
    // Weights: grouped by the set of siblings they belong to; their
    // siblings' current weights come from the model with the judgments changed.
    let evaluation_after_judgments;
    let evaluation = if changes.iter().any(|c| matches!(c, Change::Judgment { .. })) {
        evaluation_after_judgments = crate::synthesis::evaluate(&result, &evaluation.settings)?;
        &evaluation_after_judgments
    } else {
        evaluation
    };
    // (parent, weights set among its children)
    type Set = (Option<String>, Vec<(String, f64)>);
    let mut sets: Vec<Set> = Vec::new();
    for change in changes {
        if let Change::Weight { criterion, weight } = change {
            let Some(target) = evaluation.criteria.iter().find(|c| &c.id == criterion) else {
                return Err(Error::UnknownCriterion {
                    id: criterion.clone(),
                    known: evaluation
                        .criteria
                        .iter()
                        .map(|c| format!("`{}`", c.id))
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            };
            if !(weight.is_finite() && (0.0..=1.0).contains(weight)) {
                return Err(Error::WhatIf {
                    source: WhatIfError::WeightOutOfRange {
                        criterion: criterion.clone(),
                        weight: *weight,
                    },
                });
            }
            match sets.iter_mut().find(|(parent, _)| *parent == target.parent) {
                Some((_, list)) => list.push((criterion.clone(), *weight)),
                None => sets.push((target.parent.clone(), vec![(criterion.clone(), *weight)])),
            }
        }
    }
    for (parent, set) in sets {
        let siblings: Vec<_> = evaluation
            .criteria
            .iter()
            .filter(|c| c.parent == parent)
            .collect();
        let fixed: f64 = set.iter().map(|(_, w)| w).sum();
        if fixed > 1.0 + 1e-12 {
            return Err(Error::WhatIf {
                source: WhatIfError::SiblingsOverOne { sum: fixed },
            });
        }
        let free: Vec<_> = siblings
            .iter()
            .filter(|c| !set.iter().any(|(id, _)| *id == c.id))
            .collect();
        let free_weight: f64 = free.iter().map(|c| c.local_weight).sum();
        let mut weights: Vec<(String, f64)> = set.clone();
        for c in &free {
            let share = if free_weight > 0.0 {
                c.local_weight / free_weight
            } else {
                1.0 / free.len() as f64
            };
            weights.push((c.id.clone(), (1.0 - fixed) * share));
        }
        let site = match parent {
            None => Site::Goal,
            Some(p) => Site::Weights(p),
        };
        let group = GroupSpec {
            id: "what-if".into(),
            name: "what-if".into(),
            seats: 1.0,
            weights: vec![(site, WeightsSpec::Direct(weights))],
            assessments: Vec::new(),
        };
        result = result.for_group(&group)?;
    }
    Ok(result)
}

/// The index of criterion `id` in the model's hierarchy, or an error
/// listing the criteria.
fn criterion_index(model: &Model, id: &str) -> Result<usize, Error> {
    let hierarchy = model.hierarchy();
    hierarchy
        .position(id)
        .ok_or_else(|| Error::UnknownCriterion {
            id: id.to_string(),
            known: hierarchy
                .nodes()
                .iter()
                .map(|n| format!("`{}`", n.id))
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// The model with one alternative's value on the data leaf `criterion` replaced.
fn with_data(
    model: &Model,
    criterion: &str,
    alternative: &str,
    value: Quantity,
) -> Result<Model, Error> {
    let index = criterion_index(model, criterion)?;
    let Some(Assessment::Data {
        unit,
        values,
        function,
        scripted,
        ..
    }) = model.assessment(index)
    else {
        return Err(Error::WhatIf {
            source: WhatIfError::NotData {
                criterion: criterion.to_string(),
            },
        });
    };
    let ids: Vec<&str> = model.alternatives().iter().map(|a| a.id.as_str()).collect();
    let site = Site::Assessment(criterion.to_string());
    if !ids.contains(&alternative) {
        return Err(Error::UnknownAlternative {
            site,
            index: 0,
            alternative: alternative.to_string(),
            known: crate::model::list(&ids),
        });
    }
    let values: Vec<(String, Quantity)> = ids
        .iter()
        .zip(values)
        .map(|(id, q)| (id.to_string(), if *id == alternative { value } else { *q }))
        .collect();
    // The value function is resolved again: its extent may follow the data.
    let assessment =
        crate::model::data_assessment(unit, &values, function, scripted.clone(), &ids, &site)?;
    let mut result = model.clone();
    result.set_assessment(index, assessment);
    Ok(result)
}

/// The model with one judgment of the matrix at `site` replaced (or a gap filled).
fn with_judgment(model: &Model, site: &Site, judgment: &Judgment) -> Result<Model, Error> {
    let hierarchy = model.hierarchy();
    let mut result = model.clone();
    let not_pairwise = || Error::WhatIf {
        source: WhatIfError::NotPairwise { site: site.clone() },
    };
    match site {
        Site::Goal => {
            let items: Vec<&str> = hierarchy
                .roots()
                .iter()
                .map(|&r| hierarchy.node(r).id.as_str())
                .collect();
            let Weighting::Pairwise(matrix) = model.goal_weighting() else {
                return Err(not_pairwise());
            };
            result.set_goal_weighting(Weighting::Pairwise(
                matrix.with_judgment(&items, judgment, site)?,
            ));
        }
        Site::Weights(id) | Site::Assessment(id) => {
            let index = criterion_index(model, id)?;
            let node = hierarchy.node(index);
            if node.children.is_empty() {
                let items: Vec<&str> = model.alternatives().iter().map(|a| a.id.as_str()).collect();
                let Some(Assessment::Pairwise(matrix)) = model.assessment(index) else {
                    return Err(not_pairwise());
                };
                let site = Site::Assessment(id.clone());
                result.set_assessment(
                    index,
                    Assessment::Pairwise(matrix.with_judgment(&items, judgment, &site)?),
                );
            } else {
                let items: Vec<&str> = node
                    .children
                    .iter()
                    .map(|&c| hierarchy.node(c).id.as_str())
                    .collect();
                let Some(Weighting::Pairwise(matrix)) = model.weighting(index) else {
                    return Err(not_pairwise());
                };
                let site = Site::Weights(id.clone());
                result.set_weighting(
                    index,
                    Weighting::Pairwise(matrix.with_judgment(&items, judgment, &site)?),
                );
            }
        }
        _ => return Err(not_pairwise()),
    }
    Ok(result)
}
