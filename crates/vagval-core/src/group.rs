//! Political groups: each weights the criteria its own way (and may judge
//! the alternatives itself on chosen criteria) over the shared model; their
//! results are aggregated by seats, and their agreement measured.
//!
//! - AIJ, aggregation of individual judgments: each matrix's entries are
//!   the seat-weighted geometric mean of the groups' (completed) entries,
//!   and the aggregate is evaluated as one model (Aczél & Saaty 1983;
//!   Forman & Peniwati 1998). Direct weights enter as their consistent
//!   matrices w_i/w_j, so they must be positive.
//! - AIP, aggregation of individual priorities: each group's model is
//!   evaluated, and the scores (and criteria weights) are averaged,
//!   seat-weighted, arithmetically (Forman & Peniwati 1998).
//! - Consensus: Goepel's S* (see `consensus`).

use crate::Error;
use crate::assessment::{Assessment, Weighting, WeightsSpec};
use crate::completion::complete;
use crate::model::{Model, Site};
use crate::pairwise::{Judgment, PairwiseMatrix};
use crate::settings::Settings;
use crate::synthesis::{Evaluation, evaluate, ranks};
use nalgebra::DMatrix;
use serde::Serialize;

/// A political group's view, as given (by a script, a file or a survey).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSpec {
    pub id: String,
    pub name: String,
    /// Seats in the council: the group's weight in aggregates. Positive.
    pub seats: f64,
    /// Weights of sets of siblings, each replacing the model's default:
    /// `Site::Goal` for the top-level criteria, `Site::Weights(id)` for the
    /// sub-criteria of `id`. Sets not named keep the model's weights.
    pub weights: Vec<(Site, WeightsSpec)>,
    /// The group's own pairwise judgments of the alternatives on leaves
    /// (criterion id, judgments), replacing the analysts' assessment there.
    pub assessments: Vec<(String, Vec<Judgment>)>,
}

/// How groups' views are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Aggregation {
    /// Seat-weighted geometric mean of judgments.
    #[default]
    Aij,
    /// Seat-weighted arithmetic mean of priorities.
    Aip,
}

impl Aggregation {
    pub fn name(self) -> &'static str {
        match self {
            Aggregation::Aij => "aij",
            Aggregation::Aip => "aip",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "aij" => Some(Aggregation::Aij),
            "aip" => Some(Aggregation::Aip),
            _ => None,
        }
    }
}

impl Model {
    /// The model as `group` sees it: its weights and judgments where it gives
    /// them, the model's elsewhere. Validated like the model itself.
    pub fn for_group(&self, group: &GroupSpec) -> Result<Model, Error> {
        if !(group.seats.is_finite() && group.seats > 0.0) {
            return Err(Error::BadSeats {
                group: group.id.clone(),
                seats: group.seats,
            });
        }
        let mut model = self.clone();
        let hierarchy = self.hierarchy();
        for (index, (site, spec)) in group.weights.iter().enumerate() {
            if group.weights[..index].iter().any(|(s, _)| s == site) {
                return Err(Error::GroupTarget {
                    group: group.id.clone(),
                    message: format!("{site} is given twice"),
                });
            }
            match site {
                Site::Goal => {
                    let items = hierarchy
                        .roots()
                        .iter()
                        .map(|&r| hierarchy.node(r).id.as_str())
                        .collect::<Vec<_>>();
                    model.set_goal_weighting(crate::model::weighting(&items, Some(spec), site)?);
                }
                Site::Weights(id) => {
                    let position = hierarchy
                        .position(id)
                        .filter(|&p| !hierarchy.node(p).children.is_empty());
                    let Some(p) = position else {
                        return Err(Error::GroupTarget {
                            group: group.id.clone(),
                            message: format!(
                                "`{id}` is not a criterion with sub-criteria, so it has no weights to set"
                            ),
                        });
                    };
                    let node = hierarchy.node(p);
                    let items = node
                        .children
                        .iter()
                        .map(|&c| hierarchy.node(c).id.as_str())
                        .collect::<Vec<_>>();
                    model.set_weighting(p, crate::model::weighting(&items, Some(spec), site)?);
                }
                other => {
                    return Err(Error::GroupTarget {
                        group: group.id.clone(),
                        message: format!("{other} cannot be weighted by a group"),
                    });
                }
            }
        }
        let alternatives = self
            .alternatives()
            .iter()
            .map(|a| a.id.as_str())
            .collect::<Vec<_>>();
        for (index, (id, judgments)) in group.assessments.iter().enumerate() {
            if group.assessments[..index]
                .iter()
                .any(|(other, _)| other == id)
            {
                return Err(Error::GroupTarget {
                    group: group.id.clone(),
                    message: format!("the alternatives on `{id}` are judged twice"),
                });
            }
            let position = hierarchy
                .position(id)
                .filter(|&p| hierarchy.node(p).children.is_empty());
            let Some(p) = position else {
                return Err(Error::GroupTarget {
                    group: group.id.clone(),
                    message: format!(
                        "`{id}` is not a leaf criterion, so the alternatives are not judged on it"
                    ),
                });
            };
            let site = Site::Assessment(id.clone());
            model.set_assessment(
                p,
                Assessment::Pairwise(PairwiseMatrix::from_judgments(
                    &alternatives,
                    judgments,
                    &site,
                )?),
            );
        }
        Ok(model)
    }
}

/// One group's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupResult {
    pub id: String,
    pub name: String,
    pub seats: f64,
    pub evaluation: Evaluation,
}

/// All groups, their aggregate, their consensus and where they differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupAnalysis {
    pub aggregation: Aggregation,
    pub groups: Vec<GroupResult>,
    pub aggregate: Aggregate,
    pub consensus: Consensus,
    /// Criteria by how much the groups' global weights differ, most first.
    pub differences: Vec<Difference>,
}

/// The seat-weighted aggregate of all groups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aggregate {
    /// Alternative ids and names in the model's order, with scores and ranks.
    pub alternatives: Vec<(String, String)>,
    pub scores: Vec<f64>,
    pub ranks: Vec<usize>,
    /// Criterion ids (depth first) and their aggregated global weights.
    pub criteria: Vec<String>,
    pub global_weights: Vec<f64>,
    /// For AIJ: the aggregated model evaluated (its matrices' CR included).
    pub evaluation: Option<Evaluation>,
}

/// Goepel's consensus indicator over the groups' leaf global weights (see
/// [`consensus`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Consensus {
    /// S*: 1 = identical weights, 0 = as far apart as Saaty's scale allows
    /// (slightly below 0 only for views more extreme than that).
    pub s_star: f64,
    /// Shannon α (mean within-group), γ (pooled) and β = γ − α entropies.
    pub h_alpha: f64,
    pub h_gamma: f64,
    pub h_beta: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    pub criterion: String,
    pub name: String,
    /// Each group's global weight of the criterion, in the groups' order.
    pub weights: Vec<f64>,
    /// Largest minus smallest.
    pub spread: f64,
}

/// Evaluates every group and aggregates them by `aggregation`.
pub fn analyze_groups(
    model: &Model,
    groups: &[GroupSpec],
    settings: &Settings,
    aggregation: Aggregation,
) -> Result<GroupAnalysis, Error> {
    let (models, results, shares) = evaluate_each(model, groups, settings)?;
    let criteria: Vec<String> = results[0]
        .evaluation
        .criteria
        .iter()
        .map(|c| c.id.clone())
        .collect();
    let alternatives: Vec<(String, String)> = model
        .alternatives()
        .iter()
        .map(|a| (a.id.clone(), a.name.clone()))
        .collect();

    let aggregate = match aggregation {
        Aggregation::Aip => {
            let mut scores = vec![0.0; alternatives.len()];
            let mut global_weights = vec![0.0; criteria.len()];
            for (result, share) in results.iter().zip(&shares) {
                for (s, a) in scores.iter_mut().zip(&result.evaluation.alternatives) {
                    *s += share * a.score;
                }
                for (w, c) in global_weights.iter_mut().zip(&result.evaluation.criteria) {
                    *w += share * c.global_weight;
                }
            }
            let ranks = ranks(&scores);
            Aggregate {
                alternatives,
                scores,
                ranks,
                criteria: criteria.clone(),
                global_weights,
                evaluation: None,
            }
        }
        Aggregation::Aij => {
            let combined = combine_judgments(model, &models, &results, groups, &shares, settings)?;
            let evaluation = evaluate(&combined, settings)?;
            Aggregate {
                alternatives,
                scores: evaluation.alternatives.iter().map(|a| a.score).collect(),
                ranks: evaluation.alternatives.iter().map(|a| a.rank).collect(),
                criteria: criteria.clone(),
                global_weights: evaluation
                    .criteria
                    .iter()
                    .map(|c| c.global_weight)
                    .collect(),
                evaluation: Some(evaluation),
            }
        }
    };

    let leaves: Vec<usize> = (0..criteria.len())
        .filter(|&k| results[0].evaluation.criteria[k].leaf.is_some())
        .collect();
    let vectors: Vec<Vec<f64>> = results
        .iter()
        .map(|r| {
            leaves
                .iter()
                .map(|&k| r.evaluation.criteria[k].global_weight)
                .collect()
        })
        .collect();
    let consensus = consensus(&vectors);

    let mut differences: Vec<Difference> = (0..criteria.len())
        .map(|k| {
            let weights: Vec<f64> = results
                .iter()
                .map(|r| r.evaluation.criteria[k].global_weight)
                .collect();
            let max = weights.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let min = weights.iter().copied().fold(f64::INFINITY, f64::min);
            Difference {
                criterion: criteria[k].clone(),
                name: results[0].evaluation.criteria[k].name.clone(),
                weights,
                spread: max - min,
            }
        })
        .collect();
    differences.sort_by(|a, b| b.spread.total_cmp(&a.spread));

    Ok(GroupAnalysis {
        aggregation,
        groups: results,
        aggregate,
        consensus,
        differences,
    })
}

/// Each group's model, its evaluation, and its share of the seats.
type EachGroup = (Vec<Model>, Vec<GroupResult>, Vec<f64>);

fn evaluate_each(
    model: &Model,
    groups: &[GroupSpec],
    settings: &Settings,
) -> Result<EachGroup, Error> {
    if groups.is_empty() {
        return Err(Error::NoGroups);
    }
    let mut models = Vec::with_capacity(groups.len());
    let mut results = Vec::with_capacity(groups.len());
    for group in groups {
        let group_model = model.for_group(group)?;
        let evaluation = evaluate(&group_model, settings)?;
        results.push(GroupResult {
            id: group.id.clone(),
            name: group.name.clone(),
            seats: group.seats,
            evaluation,
        });
        models.push(group_model);
    }
    // Scaled by the largest first, so that huge seat counts (1e308) cannot
    // overflow the sum: the shares are the same.
    let largest = groups.iter().map(|g| g.seats).fold(0.0, f64::max);
    let scaled: Vec<f64> = groups.iter().map(|g| g.seats / largest).collect();
    let total: f64 = scaled.iter().sum();
    let shares = scaled.iter().map(|s| s / total).collect();
    Ok((models, results, shares))
}

/// The AIJ aggregate as a model of its own (the groups' judgments combined
/// by seat-weighted geometric means), for analyses that need a model rather
/// than an evaluation (Monte Carlo).
pub fn aij_model(model: &Model, groups: &[GroupSpec], settings: &Settings) -> Result<Model, Error> {
    let (models, results, shares) = evaluate_each(model, groups, settings)?;
    combine_judgments(model, &models, &results, groups, &shares, settings)
}

/// The complete matrix a weighting stands for: judgments completed, direct
/// weights as their consistent ratios.
fn dense(
    weighting: &Weighting,
    settings: &Settings,
    site: &Site,
    group: &str,
    items: &[String],
) -> Result<DMatrix<f64>, Error> {
    match weighting {
        Weighting::Pairwise(matrix) => complete(matrix, settings.completion)
            .map(|(m, _)| m)
            .map_err(|e| e.at(site)),
        Weighting::Direct(w) => {
            if let Some(zero) = w.iter().position(|x| *x <= 0.0) {
                return Err(Error::GroupTarget {
                    group: group.to_string(),
                    message: format!(
                        "{site}: `{}` has the weight or priority 0, which judgments cannot aggregate (AIJ takes geometric means); give it a positive weight or aggregate with AIP",
                        items
                            .get(zero)
                            .cloned()
                            .unwrap_or_else(|| format!("item {}", zero + 1))
                    ),
                });
            }
            Ok(DMatrix::from_fn(w.len(), w.len(), |i, j| w[i] / w[j]))
        }
    }
}

/// Entry-wise seat-weighted geometric mean: Π a_ij^share.
fn geometric_mean_of(matrices: &[DMatrix<f64>], shares: &[f64]) -> DMatrix<f64> {
    let n = matrices[0].nrows();
    DMatrix::from_fn(n, n, |i, j| {
        matrices
            .iter()
            .zip(shares)
            .map(|(m, s)| s * m[(i, j)].ln())
            .sum::<f64>()
            .exp()
    })
}

/// The AIJ model: every pairwise-judged set (weights and leaf assessments)
/// replaced by the groups' seat-weighted geometric mean.
fn combine_judgments(
    model: &Model,
    models: &[Model],
    results: &[GroupResult],
    groups: &[GroupSpec],
    shares: &[f64],
    settings: &Settings,
) -> Result<Model, Error> {
    let mut combined = model.clone();
    let hierarchy = model.hierarchy();
    let ids = |indices: &[usize]| -> Vec<String> {
        indices
            .iter()
            .map(|&i| hierarchy.node(i).id.clone())
            .collect()
    };
    let collect = |get: &dyn Fn(&Model) -> Weighting,
                   site: &Site,
                   items: &[String]|
     -> Result<DMatrix<f64>, Error> {
        let matrices = models
            .iter()
            .zip(groups)
            .map(|(m, g)| dense(&get(m), settings, site, &g.id, items))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(geometric_mean_of(&matrices, shares))
    };
    let goal = collect(
        &|m: &Model| m.goal_weighting().clone(),
        &Site::Goal,
        &ids(hierarchy.roots()),
    )?;
    combined.set_goal_weighting(Weighting::Pairwise(PairwiseMatrix::from_dense(&goal)));
    let alternatives: Vec<String> = model.alternatives().iter().map(|a| a.id.clone()).collect();
    for index in 0..hierarchy.nodes().len() {
        let id = hierarchy.node(index).id.clone();
        if model.weighting(index).is_some() {
            let site = Site::Weights(id);
            let get = |m: &Model| {
                m.weighting(index)
                    .cloned()
                    .unwrap_or(Weighting::Direct(Vec::new()))
            };
            let matrix = collect(&get, &site, &ids(&hierarchy.node(index).children))?;
            combined.set_weighting(
                index,
                Weighting::Pairwise(PairwiseMatrix::from_dense(&matrix)),
            );
        } else if models
            .iter()
            .any(|m| matches!(m.assessment(index), Some(Assessment::Pairwise(_))))
        {
            // Some group judges the alternatives here in pairs (its own
            // judgments, or the model's). A group that keeps ratings or data
            // enters with the consistent matrix of its local priorities.
            let site = Site::Assessment(id);
            let mut matrices = Vec::with_capacity(models.len());
            for ((m, g), result) in models.iter().zip(groups).zip(results) {
                let weighting = match m.assessment(index) {
                    Some(Assessment::Pairwise(matrix)) => Weighting::Pairwise(matrix.clone()),
                    _ => {
                        let priorities = result
                            .evaluation
                            .criteria
                            .iter()
                            .find(|c| c.id == hierarchy.node(index).id)
                            .and_then(|c| c.leaf.as_ref())
                            .map(|leaf| leaf.priorities.clone())
                            .unwrap_or_default();
                        Weighting::Direct(priorities)
                    }
                };
                matrices.push(dense(&weighting, settings, &site, &g.id, &alternatives)?);
            }
            let mean = geometric_mean_of(&matrices, shares);
            combined.set_assessment(
                index,
                Assessment::Pairwise(PairwiseMatrix::from_dense(&mean)),
            );
        }
    }
    Ok(combined)
}

/// The largest value of Saaty's scale, which bounds how extreme one
/// group's priorities can be in Goepel's S*.
pub const SCALE_MAX: f64 = 9.0;

/// Goepel's consensus indicator S* (Goepel 2013, Proc. ISAHP; Goepel 2018,
/// "Implementation of an online software tool for the AHP (AHP-OS)",
/// IJAHP 10(3), eq. 21), as AHP-OS computes it, over K priority vectors of
/// n items:
///
/// - H_α = (1/K) Σ_k H(p_k), the mean Shannon entropy (natural logs);
/// - H_γ = H(p̄), the entropy of the mean vector p̄ = (1/K) Σ_k p_k;
/// - H_β = H_γ − H_α, and M = 1/exp(H_β) (1 when all agree);
/// - S* = (M − 1/c)/(1 − 1/c) with c = n / exp(H_α,min), where H_α,min is
///   the entropy of the vector of a group judging one item 9 times as
///   important as every other (the most extreme view on Saaty's scale), so
///   S* = 0 for maximal disagreement and 1 for identical views.
///
/// Groups count equally here, as in AHP-OS: S* measures how far the views
/// agree, not how many seats hold them.
pub fn consensus(vectors: &[Vec<f64>]) -> Consensus {
    let entropy = |w: &[f64]| -> f64 { w.iter().filter(|x| **x > 0.0).map(|x| -x * x.ln()).sum() };
    let n = vectors.first().map(Vec::len).unwrap_or(0);
    let k = vectors.len() as f64;
    if n < 2 || vectors.is_empty() {
        return Consensus {
            s_star: 1.0,
            h_alpha: 0.0,
            h_gamma: 0.0,
            h_beta: 0.0,
        };
    }
    let h_alpha: f64 = vectors.iter().map(|v| entropy(v)).sum::<f64>() / k;
    let mean: Vec<f64> = (0..n)
        .map(|i| vectors.iter().map(|v| v[i]).sum::<f64>() / k)
        .collect();
    let h_gamma = entropy(&mean);
    let h_beta = (h_gamma - h_alpha).max(0.0);
    let m = (-h_beta).exp();
    let total = n as f64 + SCALE_MAX - 1.0;
    let (top, rest) = (SCALE_MAX / total, 1.0 / total);
    let h_alpha_min = -(top * top.ln() + (n as f64 - 1.0) * rest * rest.ln());
    let correction = n as f64 / h_alpha_min.exp();
    let s_star = (m - 1.0 / correction) / (1.0 - 1.0 / correction);
    Consensus {
        s_star,
        h_alpha,
        h_gamma,
        h_beta,
    }
}
