//! Synthesis: local and global weights down the tree, the alternatives' local
//! priorities on every leaf, and their weighted sum in distributive or ideal
//! mode. The result carries every intermediate value so that reports never
//! recompute anything.

use crate::Error;
use crate::analysis::{MatrixAnalysis, analyze};
use crate::assessment::{Assessment, AssessmentKind, Weighting};
use crate::consistency::CR_THRESHOLD;
use crate::model::{Model, Site};
use crate::settings::{Settings, SynthesisMode};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

/// Scores closer than this are a tie and share a rank.
pub const TIE_TOLERANCE: f64 = 1e-12;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub settings: Settings,
    pub goal: String,
    /// In the model's order (not sorted by rank).
    pub alternatives: Vec<AlternativeScore>,
    /// The top-level criteria's weights.
    pub goal_weights: WeightsResult,
    /// Every criterion, parents before children (depth first).
    pub criteria: Vec<CriterionResult>,
    /// The rating scales' level intensities, in the model's order.
    pub rating_scales: Vec<ScaleResult>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScaleResult {
    pub id: String,
    pub name: String,
    /// Level names in order (the ids are `weights.items`).
    pub level_names: Vec<String>,
    /// Intensities (sum 1) and, if judged in pairs, their analysis.
    pub weights: WeightsResult,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlternativeScore {
    pub id: String,
    pub name: String,
    /// Overall priority; the scores of all alternatives sum to 1.
    pub score: f64,
    /// 1 = best; tied scores share the better rank ("1224" ranking).
    pub rank: usize,
}

/// Weights of a set of siblings and, if they came from judgments, the analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeightsResult {
    /// Child ids in order.
    pub items: Vec<String>,
    /// Local weights, summing to 1.
    pub local: Vec<f64>,
    /// `None` for direct weights.
    pub analysis: Option<MatrixAnalysis>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionResult {
    pub id: String,
    pub name: String,
    pub description: String,
    pub parent: Option<String>,
    /// 0 for top-level criteria.
    pub depth: usize,
    /// Weight among its siblings (sums to 1 over siblings).
    pub local_weight: f64,
    /// Product of local weights from the goal down (leaves sum to 1).
    pub global_weight: f64,
    /// For a parent: how its sub-criteria are weighted.
    pub weights: Option<WeightsResult>,
    /// For a leaf: how the alternatives fare on it.
    pub leaf: Option<LeafResult>,
    /// Each alternative's share of its overall score that comes from this
    /// criterion (for a parent: from its sub-tree). Over the leaves these add
    /// up to the alternatives' scores.
    pub contributions: Vec<f64>,
}

impl CriterionResult {
    /// CR of the matrix this criterion owns (its sub-criteria's or its
    /// alternatives'), if it has one.
    pub fn cr(&self) -> Option<f64> {
        self.analysis().map(|a| a.cr)
    }

    pub fn analysis(&self) -> Option<&MatrixAnalysis> {
        match (&self.weights, &self.leaf) {
            (Some(w), _) => w.analysis.as_ref(),
            (None, Some(l)) => l.analysis.as_ref(),
            (None, None) => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeafResult {
    pub kind: AssessmentKind,
    /// The alternatives' local priorities after the synthesis mode
    /// (distributive: sum 1; ideal: best = 1).
    pub priorities: Vec<f64>,
    /// For pairwise assessments.
    pub analysis: Option<MatrixAnalysis>,
    /// For ratings: each alternative's level and its idealised intensity.
    pub ratings: Option<Vec<RatingShown>>,
    /// For data: the values, the point evaluated and the value function's output.
    pub data: Option<DataShown>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatingShown {
    pub level: String,
    pub level_name: String,
    /// Intensity of the level divided by the scale's highest (best = 1).
    pub intensity: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataShown {
    pub unit: Option<String>,
    pub low: Vec<Decimal>,
    pub high: Vec<Decimal>,
    /// The point of each range that was evaluated.
    pub evaluated: Vec<Decimal>,
    /// The value function's output in [0, 1].
    pub values: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    pub site: Site,
    pub kind: WarningKind,
    /// The warning in English, for API users and logs:
    /// `facts.message(Language::En)`.
    pub message: String,
    /// The facts behind the message; `facts.message(lang)` says it in
    /// either language (text.rs).
    pub facts: WarningFacts,
}

impl Warning {
    /// The warning about `facts` at `site`, its kind and English message
    /// taken from the facts.
    pub fn new(site: &Site, facts: WarningFacts) -> Self {
        Warning {
            site: site.clone(),
            kind: facts.kind(),
            message: facts.message(crate::Language::En),
            facts,
        }
    }
}

/// What a warning is about, with its numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum WarningFacts {
    Inconsistent {
        cr: f64,
        threshold: f64,
        ri_table: &'static str,
    },
    Completed {
        filled: usize,
        completion: &'static str,
    },
    RandomIndexExtrapolated {
        n: usize,
        ri_table: &'static str,
        ri: f64,
    },
    Clamped {
        alternative: String,
        value: Decimal,
        domain: (f64, f64),
        score: f64,
    },
    NoDiscrimination,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WarningKind {
    /// CR above 0.10: the weights are used, but the judgments deserve a look.
    Inconsistent,
    /// Gaps were filled by a completion method.
    Completed,
    /// n beyond the random-index table: its last value was used.
    RandomIndexExtrapolated,
    /// A data value outside the value function's domain was clamped.
    Clamped,
    /// Every alternative has the same (zero) value: the criterion cannot tell them apart.
    NoDiscrimination,
}

/// Evaluates the model under `settings`.
pub fn evaluate(model: &Model, settings: &Settings) -> Result<Evaluation, Error> {
    let hierarchy = model.hierarchy();
    let n_alternatives = model.alternatives().len();
    let mut warnings = Vec::new();
    let goal_ids: Vec<String> = hierarchy
        .roots()
        .iter()
        .map(|&r| hierarchy.node(r).id.clone())
        .collect();
    let goal_weights = weights(
        goal_ids,
        model.goal_weighting(),
        settings,
        &Site::Goal,
        &mut warnings,
    )?;
    let mut rating_scales = Vec::with_capacity(model.rating_scales().len());
    for scale in model.rating_scales() {
        let ids = scale.levels.iter().map(|(id, _)| id.clone()).collect();
        let site = Site::RatingScale(scale.id.clone());
        rating_scales.push(ScaleResult {
            id: scale.id.clone(),
            name: scale.name.clone(),
            level_names: scale.levels.iter().map(|(_, name)| name.clone()).collect(),
            weights: weights(ids, &scale.intensities, settings, &site, &mut warnings)?,
        });
    }

    let n = hierarchy.nodes().len();
    let mut local_weight = vec![0.0; n];
    let mut global_weight = vec![0.0; n];
    for (k, &root) in hierarchy.roots().iter().enumerate() {
        local_weight[root] = goal_weights.local[k];
    }
    let order = hierarchy.depth_first();
    let mut weights_results: Vec<Option<WeightsResult>> = vec![None; n];
    let mut leaf_results: Vec<Option<LeafResult>> = vec![None; n];
    for &(index, _) in &order {
        let node = hierarchy.node(index);
        global_weight[index] = match node.parent {
            None => local_weight[index],
            Some(p) => global_weight[p] * local_weight[index],
        };
        if let Some(weighting) = model.weighting(index) {
            let ids = node
                .children
                .iter()
                .map(|&c| hierarchy.node(c).id.clone())
                .collect();
            let result = weights(
                ids,
                weighting,
                settings,
                &Site::Weights(node.id.clone()),
                &mut warnings,
            )?;
            for (k, &child) in node.children.iter().enumerate() {
                local_weight[child] = result.local[k];
            }
            weights_results[index] = Some(result);
        }
        if let Some(assessment) = model.assessment(index) {
            leaf_results[index] = Some(leaf(
                model,
                &rating_scales,
                assessment,
                settings,
                &Site::Assessment(node.id.clone()),
                &mut warnings,
            )?);
        }
    }

    // Raw scores: Σ over leaves of global weight × local priority.
    let mut leaf_contribution = vec![vec![0.0; n_alternatives]; n];
    let mut raw = vec![0.0; n_alternatives];
    for (index, result) in leaf_results.iter().enumerate() {
        if let Some(result) = result {
            for (a, p) in result.priorities.iter().enumerate() {
                let c = global_weight[index] * p;
                leaf_contribution[index][a] = c;
                raw[a] += c;
            }
        }
    }
    // Ideal mode's raw scores do not sum to 1; scale them (and the
    // contributions with them) so that they do, as Expert Choice reports.
    let total: f64 = raw.iter().sum();
    let scale = if total > 0.0 { 1.0 / total } else { 0.0 };
    let mut contributions = leaf_contribution;
    for row in contributions.iter_mut() {
        for c in row.iter_mut() {
            *c *= scale;
        }
    }
    // Parents' contributions: sums over their sub-trees (children come after parents).
    for &(index, _) in order.iter().rev() {
        if let Some(p) = hierarchy.node(index).parent {
            let child = contributions[index].clone();
            for (total, c) in contributions[p].iter_mut().zip(child) {
                *total += c;
            }
        }
    }
    let scores: Vec<f64> = raw.iter().map(|r| r * scale).collect();
    let ranks = ranks(&scores);
    let alternatives = model
        .alternatives()
        .iter()
        .enumerate()
        .map(|(a, alt)| AlternativeScore {
            id: alt.id.clone(),
            name: alt.name.clone(),
            score: scores[a],
            rank: ranks[a],
        })
        .collect();

    let criteria = order
        .iter()
        .map(|&(index, depth)| {
            let node = hierarchy.node(index);
            CriterionResult {
                id: node.id.clone(),
                name: node.name.clone(),
                description: node.description.clone(),
                parent: node.parent.map(|p| hierarchy.node(p).id.clone()),
                depth,
                local_weight: local_weight[index],
                global_weight: global_weight[index],
                weights: weights_results[index].take(),
                leaf: leaf_results[index].take(),
                contributions: contributions[index].clone(),
            }
        })
        .collect();
    Ok(Evaluation {
        settings: *settings,
        goal: model.goal().to_string(),
        alternatives,
        goal_weights,
        criteria,
        rating_scales,
        warnings,
    })
}

/// Competition ranks ("1224"): 1 + the number of strictly better scores.
pub fn ranks(scores: &[f64]) -> Vec<usize> {
    scores
        .iter()
        .map(|s| {
            1 + scores
                .iter()
                .filter(|other| **other > s + TIE_TOLERANCE)
                .count()
        })
        .collect()
}

fn weights(
    items: Vec<String>,
    weighting: &Weighting,
    settings: &Settings,
    site: &Site,
    warnings: &mut Vec<Warning>,
) -> Result<WeightsResult, Error> {
    match weighting {
        Weighting::Direct(values) => Ok(WeightsResult {
            items,
            local: values.clone(),
            analysis: None,
        }),
        Weighting::Pairwise(matrix) => {
            let analysis = analyze(
                matrix,
                settings.method,
                settings.ri,
                settings.completion,
                site,
            )?;
            warn_about(&analysis, site, warnings);
            Ok(WeightsResult {
                items,
                local: analysis.priorities.clone(),
                analysis: Some(analysis),
            })
        }
    }
}

fn warn_about(analysis: &MatrixAnalysis, site: &Site, warnings: &mut Vec<Warning>) {
    if analysis.is_inconsistent() {
        warnings.push(Warning::new(
            site,
            WarningFacts::Inconsistent {
                cr: analysis.cr,
                threshold: CR_THRESHOLD,
                ri_table: analysis.ri_table.name(),
            },
        ));
    }
    if !analysis.completed.is_empty() {
        warnings.push(Warning::new(
            site,
            WarningFacts::Completed {
                filled: analysis.completed.len(),
                completion: analysis.completion.unwrap_or_default().name(),
            },
        ));
    }
    if analysis.ri_extrapolated {
        warnings.push(Warning::new(
            site,
            WarningFacts::RandomIndexExtrapolated {
                n: analysis.n,
                ri_table: analysis.ri_table.name(),
                ri: analysis.ri,
            },
        ));
    }
}

fn leaf(
    model: &Model,
    scales: &[ScaleResult],
    assessment: &Assessment,
    settings: &Settings,
    site: &Site,
    warnings: &mut Vec<Warning>,
) -> Result<LeafResult, Error> {
    let mut analysis = None;
    let mut ratings = None;
    let mut data = None;
    let performance: Vec<f64> = match assessment {
        Assessment::Pairwise(matrix) => {
            let result = analyze(
                matrix,
                settings.method,
                settings.ri,
                settings.completion,
                site,
            )?;
            warn_about(&result, site, warnings);
            let p = result.priorities.clone();
            analysis = Some(result);
            p
        }
        Assessment::Ratings { scale, levels } => {
            let scale = &scales[*scale];
            let intensity = &scale.weights;
            let best = intensity.local.iter().copied().fold(0.0, f64::max);
            let shown: Vec<RatingShown> = levels
                .iter()
                .map(|&l| RatingShown {
                    level: intensity.items[l].clone(),
                    level_name: scale.level_names[l].clone(),
                    intensity: if best > 0.0 {
                        intensity.local[l] / best
                    } else {
                        0.0
                    },
                })
                .collect();
            let p = shown.iter().map(|r| r.intensity).collect();
            ratings = Some(shown);
            p
        }
        Assessment::Data {
            unit,
            values,
            resolved,
            ..
        } => {
            let evaluated: Vec<Decimal> =
                values.iter().map(|q| q.at(settings.range_point)).collect();
            let mut outputs = Vec::with_capacity(values.len());
            for (a, x) in evaluated.iter().enumerate() {
                let (v, clamped) = resolved.value(x.to_f64().unwrap_or(f64::NAN));
                if clamped {
                    let (lo, hi) = resolved.domain();
                    warnings.push(Warning::new(
                        site,
                        WarningFacts::Clamped {
                            alternative: model.alternatives()[a].id.clone(),
                            value: *x,
                            domain: (lo, hi),
                            score: v,
                        },
                    ));
                }
                outputs.push(v);
            }
            data = Some(DataShown {
                unit: unit.clone(),
                low: values.iter().map(|q| q.low()).collect(),
                high: values.iter().map(|q| q.high()).collect(),
                evaluated,
                values: outputs.clone(),
            });
            outputs
        }
    };
    let mut priorities = performance;
    if !apply_mode(&mut priorities, settings.mode) {
        warnings.push(Warning::new(site, WarningFacts::NoDiscrimination));
    }
    Ok(LeafResult {
        kind: assessment.kind(),
        priorities,
        analysis,
        ratings,
        data,
    })
}

/// The synthesis mode on one criterion's values (the alternatives'
/// performance there), in place: distributive divides by their sum, ideal
/// by the largest. When no value is positive the criterion cannot tell the
/// alternatives apart and they share it equally (1/m each; 1 each in ideal
/// mode); then false, so that the caller can say so. `evaluate` and SMAA's
/// sampled data (`sensitivity::smaa`) both normalise through it.
#[inline]
pub(crate) fn apply_mode(values: &mut [f64], mode: SynthesisMode) -> bool {
    let divisor = match mode {
        SynthesisMode::Distributive => values.iter().sum::<f64>(),
        SynthesisMode::Ideal => values.iter().copied().fold(0.0, f64::max),
    };
    if divisor > 0.0 {
        for v in values.iter_mut() {
            *v /= divisor;
        }
        true
    } else {
        let equal = match mode {
            SynthesisMode::Distributive => 1.0 / values.len() as f64,
            SynthesisMode::Ideal => 1.0,
        };
        values.fill(equal);
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn competition_ranks() {
        assert_eq!(ranks(&[0.2, 0.5, 0.3]), vec![3, 1, 2]);
        assert_eq!(ranks(&[0.4, 0.4, 0.2]), vec![1, 1, 3]);
    }
}
