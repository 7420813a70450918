//! Political groups: each weights the criteria its own way (and may judge
//! the alternatives itself on chosen criteria) over the shared model; their
//! results are aggregated by seats, and their agreement measured.
//!
//! - AIJ, aggregation of individual judgments: each matrix's entries are
//!   the seat-weighted geometric mean of the groups' (completed) entries,
//!   and the aggregate is evaluated as one model (Aczél & Saaty 1983;
//!   Forman & Peniwati 1998). Direct weights enter as their consistent
//!   matrices w_i/w_j, so a group's own must be positive. Which groups
//!   enter where: see `combine_judgments`.
//! - AIP, aggregation of individual priorities: each group's model is
//!   evaluated, and the scores (and criteria weights) are averaged,
//!   seat-weighted, arithmetically or geometrically (Forman & Peniwati
//!   1998; the geometric mean normalised to sum 1).
//! - Optionally, groups whose own judgments have a CR above a bound are
//!   left out of the aggregate (and named), as ahpsurvey's `censorcr`.
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
    /// Seat-weighted geometric mean of priorities, normalised to sum 1.
    AipGeometric,
}

crate::choices!(Aggregation {
    Aij => "aij",
    Aip => "aip",
    AipGeometric => "aip-geometric",
});

/// How `analyze_groups_with` aggregates.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct GroupOptions {
    pub aggregation: Aggregation,
    /// Leave out of the aggregate (and of S*) every group whose own
    /// judgments have a CR above this bound (0.1 is Saaty's). `None`: keep
    /// every group.
    pub max_cr: Option<f64>,
}

/// A group left out of the aggregate because its own judgments are too
/// inconsistent (`GroupOptions::max_cr`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Excluded {
    pub id: String,
    pub name: String,
    pub seats: f64,
    /// The largest CR of the matrices the group judged itself.
    pub cr: f64,
    /// The matrix with that CR.
    pub site: Site,
}

/// A set of the AIJ aggregate that some groups could not enter: they keep
/// the workspace's weights or assessment there, and it gives `item` the
/// priority 0, which has no ratios to take a geometric mean of. The set is
/// the geometric mean of the other groups' judgments.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeftOut {
    pub site: Site,
    /// The item (criterion or alternative id) with priority 0.
    pub item: String,
    /// Ids of the groups left out of this set.
    pub groups: Vec<String>,
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
                    source: crate::GroupTargetError::GivenTwice { site: site.clone() },
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
                            source: crate::GroupTargetError::NotAParent { id: id.clone() },
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
                        source: crate::GroupTargetError::NotWeightable {
                            site: other.clone(),
                        },
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
                    source: crate::GroupTargetError::JudgedTwice { id: id.clone() },
                });
            }
            let position = hierarchy
                .position(id)
                .filter(|&p| hierarchy.node(p).children.is_empty());
            let Some(p) = position else {
                return Err(Error::GroupTarget {
                    group: group.id.clone(),
                    source: crate::GroupTargetError::NotALeaf { id: id.clone() },
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

/// A group's model evaluated: the model as the group sees it, its result,
/// and the largest CR of the matrices it judged itself (see [`own_cr`]).
/// Every front end and every aggregate gets a group's evaluation from
/// [`GroupSpec::evaluate`], so the rule exists once.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupEvaluation {
    pub model: Model,
    pub result: GroupResult,
    pub own_cr: Option<(f64, Site)>,
}

impl GroupSpec {
    /// The group's model ([`Model::for_group`]) evaluated with `settings`,
    /// with its own CR. An error is the model's (naming the group where
    /// it is the group's doing) or the evaluation's.
    pub fn evaluate(&self, model: &Model, settings: &Settings) -> Result<GroupEvaluation, Error> {
        let model = model.for_group(self)?;
        let evaluation = evaluate(&model, settings)?;
        let own_cr = own_cr(self, &evaluation);
        Ok(GroupEvaluation {
            model,
            result: GroupResult {
                id: self.id.clone(),
                name: self.name.clone(),
                seats: self.seats,
                evaluation,
            },
            own_cr,
        })
    }
}

/// All groups, their aggregate, their consensus and where they differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupAnalysis {
    pub aggregation: Aggregation,
    /// The CR bound groups were held to (`GroupOptions::max_cr`).
    pub max_cr: Option<f64>,
    /// Every group, the excluded included (their own results stand).
    pub groups: Vec<GroupResult>,
    /// Each group's largest CR of the matrices it judged itself (see
    /// [`own_cr`]), in the groups' order; `None` if it judged none in pairs.
    pub own_cr: Vec<Option<f64>>,
    /// Groups left out of the aggregate and of S* by `max_cr`.
    pub excluded: Vec<Excluded>,
    /// AIJ only: sets some groups could not enter (see [`LeftOut`]).
    pub left_out: Vec<LeftOut>,
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
    /// For AIJ: the aggregated model evaluated (its matrices, completed,
    /// and their CR included).
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
    /// Over the groups that enter the aggregate.
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
    let options = GroupOptions {
        aggregation,
        max_cr: None,
    };
    analyze_groups_with(model, groups, settings, &options)
}

/// Evaluates every group and aggregates those that pass `options.max_cr`
/// by `options.aggregation`.
pub fn analyze_groups_with(
    model: &Model,
    groups: &[GroupSpec],
    settings: &Settings,
    options: &GroupOptions,
) -> Result<GroupAnalysis, Error> {
    let (models, results, own_crs) = evaluate_each(model, groups, settings)?;
    let (included, excluded) = screen(groups, &own_crs, options.max_cr)?;
    let shares = shares(groups, &included);
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

    let mut left_out = Vec::new();
    let aggregate = match options.aggregation {
        Aggregation::Aip | Aggregation::AipGeometric => {
            let geometric = options.aggregation == Aggregation::AipGeometric;
            let (scores, global_weights) =
                aip_means(model, &results, &included, &shares, &criteria, geometric)?;
            Aggregate {
                alternatives,
                ranks: ranks(&scores),
                scores,
                criteria: criteria.clone(),
                global_weights,
                evaluation: None,
            }
        }
        Aggregation::Aij => {
            let (combined, dropped) = combine_included(
                model, &models, &results, groups, &included, &shares, settings,
            )?;
            left_out = dropped;
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
    let vectors: Vec<Vec<f64>> = included
        .iter()
        .map(|&g| {
            leaves
                .iter()
                .map(|&k| results[g].evaluation.criteria[k].global_weight)
                .collect()
        })
        .collect();
    let consensus = consensus(&vectors);
    let differences = differences(&results, &criteria);
    Ok(GroupAnalysis {
        aggregation: options.aggregation,
        max_cr: options.max_cr,
        own_cr: own_crs
            .iter()
            .map(|c| c.as_ref().map(|(cr, _)| *cr))
            .collect(),
        groups: results,
        excluded,
        left_out,
        aggregate,
        consensus,
        differences,
    })
}

/// AIP: the included groups' scores and criteria global weights, each
/// their seat-weighted mean (arithmetic, or geometric when `geometric`).
fn aip_means(
    model: &Model,
    results: &[GroupResult],
    included: &[usize],
    shares: &[f64],
    criteria: &[String],
    geometric: bool,
) -> Result<(Vec<f64>, Vec<f64>), Error> {
    let mean = |values: &[f64]| -> f64 {
        if geometric {
            weighted_geometric_mean(values, shares)
        } else {
            values.iter().zip(shares).map(|(v, s)| v * s).sum()
        }
    };
    let mut scores: Vec<f64> = (0..model.alternatives().len())
        .map(|a| {
            let values: Vec<f64> = included
                .iter()
                .map(|&g| results[g].evaluation.alternatives[a].score)
                .collect();
            mean(&values)
        })
        .collect();
    let leaves: Vec<usize> = (0..criteria.len())
        .filter(|&k| results[0].evaluation.criteria[k].leaf.is_some())
        .collect();
    let mut global_weights = vec![0.0; criteria.len()];
    for &k in &leaves {
        let values: Vec<f64> = included
            .iter()
            .map(|&g| results[g].evaluation.criteria[k].global_weight)
            .collect();
        global_weights[k] = mean(&values);
    }
    if geometric {
        // Geometric means do not add up: scores and leaf weights are
        // normalised to sum 1, and a parent weighs what its leaves do.
        normalise(&mut scores).ok_or(Error::GeometricMeanZero)?;
        let mut leaf_weights: Vec<f64> = leaves.iter().map(|&k| global_weights[k]).collect();
        normalise(&mut leaf_weights).ok_or(Error::GeometricMeanZero)?;
        for (&k, w) in leaves.iter().zip(leaf_weights) {
            global_weights[k] = w;
        }
        parents_from_children(model, criteria, &leaves, &mut global_weights);
    } else {
        // Parents: the same seat-weighted mean of their global weights
        // (which equals the sum of their leaves' means).
        for k in 0..criteria.len() {
            if !leaves.contains(&k) {
                global_weights[k] = included
                    .iter()
                    .zip(shares)
                    .map(|(&g, s)| s * results[g].evaluation.criteria[k].global_weight)
                    .sum();
            }
        }
    }
    Ok((scores, global_weights))
}

/// Each parent's global weight (by `criteria` position) as the sum of its
/// children's, from the deepest up.
fn parents_from_children(
    model: &Model,
    criteria: &[String],
    leaves: &[usize],
    global_weights: &mut [f64],
) {
    let hierarchy = model.hierarchy();
    for k in (0..criteria.len()).rev() {
        if !leaves.contains(&k) {
            let position = hierarchy.position(&criteria[k]);
            global_weights[k] = position
                .map(|p| {
                    hierarchy
                        .node(p)
                        .children
                        .iter()
                        .filter_map(|&c| {
                            let id = &hierarchy.node(c).id;
                            criteria.iter().position(|x| x == id)
                        })
                        .map(|c| global_weights[c])
                        .sum()
                })
                .unwrap_or(0.0);
        }
    }
}

/// Every criterion's global weight in each group and their spread, the
/// most disputed first.
fn differences(results: &[GroupResult], criteria: &[String]) -> Vec<Difference> {
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
    differences
}

/// Σ s_k ln v_k, exponentiated: the weighted geometric mean (0 if any
/// value is 0).
fn weighted_geometric_mean(values: &[f64], shares: &[f64]) -> f64 {
    if values.iter().any(|v| *v <= 0.0) {
        return 0.0;
    }
    values
        .iter()
        .zip(shares)
        .map(|(v, s)| s * v.ln())
        .sum::<f64>()
        .exp()
}

/// Divides by the sum; `None` if the sum is not positive.
fn normalise(values: &mut [f64]) -> Option<()> {
    let sum: f64 = values.iter().sum();
    if !(sum.is_finite() && sum > 0.0) {
        return None;
    }
    for v in values.iter_mut() {
        *v /= sum;
    }
    Some(())
}

/// The largest CR among the matrices `group` judged itself (its pairwise
/// weights and its judgments of the alternatives), and where; `None` if it
/// judged none in pairs.
pub fn own_cr(group: &GroupSpec, evaluation: &Evaluation) -> Option<(f64, Site)> {
    let mut worst: Option<(f64, Site)> = None;
    let mut consider = |cr: Option<f64>, site: Site| {
        if let Some(cr) = cr
            && worst.as_ref().is_none_or(|(w, _)| cr > *w)
        {
            worst = Some((cr, site));
        }
    };
    for (site, spec) in &group.weights {
        if !matches!(spec, WeightsSpec::Judgments(_)) {
            continue;
        }
        let cr = match site {
            Site::Goal => evaluation.goal_weights.analysis.as_ref().map(|a| a.cr),
            Site::Weights(id) => evaluation
                .criteria
                .iter()
                .find(|c| &c.id == id)
                .and_then(|c| c.weights.as_ref())
                .and_then(|w| w.analysis.as_ref())
                .map(|a| a.cr),
            _ => None,
        };
        consider(cr, site.clone());
    }
    for (id, _) in &group.assessments {
        let cr = evaluation
            .criteria
            .iter()
            .find(|c| &c.id == id)
            .and_then(|c| c.leaf.as_ref())
            .and_then(|l| l.analysis.as_ref())
            .map(|a| a.cr);
        consider(cr, Site::Assessment(id.clone()));
    }
    worst
}

/// The groups that enter the aggregate (indices) and those `max_cr` leaves
/// out; an error if it would leave out every group.
fn screen(
    groups: &[GroupSpec],
    own_crs: &[Option<(f64, Site)>],
    max_cr: Option<f64>,
) -> Result<(Vec<usize>, Vec<Excluded>), Error> {
    let Some(bound) = max_cr else {
        return Ok(((0..groups.len()).collect(), Vec::new()));
    };
    if !(bound.is_finite() && bound >= 0.0) {
        return Err(Error::BadMaxCr { max_cr: bound });
    }
    let mut included = Vec::new();
    let mut excluded = Vec::new();
    for (index, (group, own)) in groups.iter().zip(own_crs).enumerate() {
        match own {
            Some((cr, site)) if *cr > bound => excluded.push(Excluded {
                id: group.id.clone(),
                name: group.name.clone(),
                seats: group.seats,
                cr: *cr,
                site: site.clone(),
            }),
            _ => included.push(index),
        }
    }
    if included.is_empty() {
        return Err(Error::AllGroupsExcluded {
            max_cr: bound,
            groups: excluded.iter().map(|e| (e.id.clone(), e.cr)).collect(),
        });
    }
    Ok((included, excluded))
}

/// Every group's model, result and own CR ([`GroupSpec::evaluate`]), in
/// the groups' order.
type EachGroup = (Vec<Model>, Vec<GroupResult>, Vec<Option<(f64, Site)>>);

/// Every group evaluated ([`GroupSpec::evaluate`]); an error without groups.
fn evaluate_each(
    model: &Model,
    groups: &[GroupSpec],
    settings: &Settings,
) -> Result<EachGroup, Error> {
    if groups.is_empty() {
        return Err(Error::NoGroups);
    }
    let mut each: EachGroup = Default::default();
    for group in groups {
        let evaluated = group.evaluate(model, settings)?;
        each.0.push(evaluated.model);
        each.1.push(evaluated.result);
        each.2.push(evaluated.own_cr);
    }
    Ok(each)
}

/// The seat shares of the `included` groups, summing to 1. Scaled by the
/// largest first, so that huge seat counts (1e308) cannot overflow the sum:
/// the shares are the same.
fn shares(groups: &[GroupSpec], included: &[usize]) -> Vec<f64> {
    let largest = included
        .iter()
        .map(|&g| groups[g].seats)
        .fold(0.0, f64::max);
    let scaled: Vec<f64> = included
        .iter()
        .map(|&g| groups[g].seats / largest)
        .collect();
    let total: f64 = scaled.iter().sum();
    scaled.iter().map(|s| s / total).collect()
}

/// The AIJ aggregate as a model of its own (the groups' judgments combined
/// by seat-weighted geometric means), for analyses that need a model rather
/// than an evaluation (Monte Carlo).
pub fn aij_model(model: &Model, groups: &[GroupSpec], settings: &Settings) -> Result<Model, Error> {
    aij_model_with(model, groups, settings, None).map(|aij| aij.model)
}

/// The AIJ aggregate model of the groups that pass `max_cr`, with the
/// groups left out and the sets some groups could not enter.
#[derive(Debug, Clone)]
pub struct AijModel {
    pub model: Model,
    pub excluded: Vec<Excluded>,
    pub left_out: Vec<LeftOut>,
}

/// [`aij_model`] with groups above a CR bound left out (see
/// [`GroupOptions::max_cr`]).
pub fn aij_model_with(
    model: &Model,
    groups: &[GroupSpec],
    settings: &Settings,
    max_cr: Option<f64>,
) -> Result<AijModel, Error> {
    let (models, results, own_crs) = evaluate_each(model, groups, settings)?;
    let (included, excluded) = screen(groups, &own_crs, max_cr)?;
    let shares = shares(groups, &included);
    let (combined, left_out) = combine_included(
        model, &models, &results, groups, &included, &shares, settings,
    )?;
    Ok(AijModel {
        model: combined,
        excluded,
        left_out,
    })
}

/// [`combine_judgments`] over the `included` groups only (`shares` are
/// theirs, in that order).
fn combine_included(
    model: &Model,
    models: &[Model],
    results: &[GroupResult],
    groups: &[GroupSpec],
    included: &[usize],
    shares: &[f64],
    settings: &Settings,
) -> Result<(Model, Vec<LeftOut>), Error> {
    let models: Vec<Model> = included.iter().map(|&g| models[g].clone()).collect();
    let results: Vec<GroupResult> = included.iter().map(|&g| results[g].clone()).collect();
    let groups: Vec<GroupSpec> = included.iter().map(|&g| groups[g].clone()).collect();
    combine_judgments(model, &models, &results, &groups, shares, settings)
}

/// The complete matrix a weighting stands for: judgments completed, direct
/// weights as their consistent ratios. `Ok(None)` for direct weights with a
/// 0, which have no ratios.
fn dense(
    weighting: &Weighting,
    settings: &Settings,
    site: &Site,
) -> Result<Result<DMatrix<f64>, usize>, Error> {
    match weighting {
        Weighting::Pairwise(matrix) => complete(matrix, settings.completion)
            .map(|(m, _)| Ok(m))
            .map_err(|e| e.at(site)),
        Weighting::Direct(w) => Ok(match w.iter().position(|x| *x <= 0.0) {
            Some(zero) => Err(zero),
            None => Ok(DMatrix::from_fn(w.len(), w.len(), |i, j| w[i] / w[j])),
        }),
    }
}

/// Entry-wise weighted geometric mean: Π a_ij^share, the shares renormalised
/// to sum 1 over the matrices given.
fn geometric_mean_of(matrices: &[DMatrix<f64>], shares: &[f64]) -> DMatrix<f64> {
    let n = matrices[0].nrows();
    let total: f64 = shares.iter().sum();
    DMatrix::from_fn(n, n, |i, j| {
        matrices
            .iter()
            .zip(shares)
            .map(|(m, s)| s / total * m[(i, j)].ln())
            .sum::<f64>()
            .exp()
    })
}

/// One group's weighting of a set in the AIJ: its own (it gave it) or the
/// workspace's (it kept it).
struct Entry {
    weighting: Weighting,
    own: bool,
}

/// The AIJ model. For every set of siblings and every leaf:
///
/// - if every group keeps the workspace's weights or assessment there, the
///   workspace's stays as it is (the geometric mean of equal matrices is
///   that matrix; kept as given, a 0 among direct weights stays possible);
/// - otherwise each group enters with the matrix of what it holds there:
///   its own judgments or direct weights, or the workspace's (judgments
///   completed; direct weights, ratings or data as the consistent matrix of
///   their priorities, w_i/w_j). The set becomes the seat-weighted
///   geometric mean of these matrices.
///
/// A group's own direct weight of 0 is an error naming the group (it has no
/// ratio). Where the workspace's priorities give an item 0 (a `[data]`
/// leaf's worst alternative), the groups that keep them cannot enter: the
/// set is the mean of the others' judgments, their seats renormalised, and
/// the groups left out are returned.
fn combine_judgments(
    model: &Model,
    models: &[Model],
    results: &[GroupResult],
    groups: &[GroupSpec],
    shares: &[f64],
    settings: &Settings,
) -> Result<(Model, Vec<LeftOut>), Error> {
    let mut combined = model.clone();
    let hierarchy = model.hierarchy();
    let mut left_out = Vec::new();
    let ids = |indices: &[usize]| -> Vec<String> {
        indices
            .iter()
            .map(|&i| hierarchy.node(i).id.clone())
            .collect()
    };
    // The geometric mean of the entries, or `None` if no group gave its own.
    let mut combine = |entries: Vec<Entry>,
                       site: &Site,
                       items: &[String]|
     -> Result<Option<DMatrix<f64>>, Error> {
        if entries.iter().all(|e| !e.own) {
            return Ok(None);
        }
        let mut matrices = Vec::with_capacity(entries.len());
        let mut kept_shares = Vec::with_capacity(entries.len());
        let mut dropped = Vec::new();
        let mut zero_item = None;
        for ((entry, group), share) in entries.iter().zip(groups).zip(shares) {
            match dense(&entry.weighting, settings, site)? {
                Ok(matrix) => {
                    matrices.push(matrix);
                    kept_shares.push(*share);
                }
                Err(zero) => {
                    if entry.own {
                        return Err(Error::GroupTarget {
                            group: group.id.clone(),
                            source: crate::GroupTargetError::ZeroPriority {
                                site: site.clone(),
                                item: items.get(zero).cloned(),
                                index: zero,
                            },
                        });
                    }
                    let item = items
                        .get(zero)
                        .cloned()
                        .unwrap_or_else(|| format!("item {}", zero + 1));
                    zero_item.get_or_insert(item);
                    dropped.push(group.id.clone());
                }
            }
        }
        if let Some(item) = zero_item {
            left_out.push(LeftOut {
                site: site.clone(),
                item,
                groups: dropped,
            });
        }
        Ok(Some(geometric_mean_of(&matrices, &kept_shares)))
    };
    let goal_entries = models
        .iter()
        .zip(groups)
        .map(|(m, g)| Entry {
            weighting: m.goal_weighting().clone(),
            own: g.weights.iter().any(|(s, _)| *s == Site::Goal),
        })
        .collect();
    if let Some(goal) = combine(goal_entries, &Site::Goal, &ids(hierarchy.roots()))? {
        combined.set_goal_weighting(Weighting::Pairwise(PairwiseMatrix::from_dense(&goal)));
    }
    let alternatives: Vec<String> = model.alternatives().iter().map(|a| a.id.clone()).collect();
    for index in 0..hierarchy.nodes().len() {
        let id = hierarchy.node(index).id.clone();
        if model.weighting(index).is_some() {
            let site = Site::Weights(id);
            let entries = models
                .iter()
                .zip(groups)
                .map(|(m, g)| Entry {
                    weighting: m
                        .weighting(index)
                        .cloned()
                        .unwrap_or(Weighting::Direct(Vec::new())),
                    own: g.weights.iter().any(|(s, _)| *s == site),
                })
                .collect();
            if let Some(matrix) = combine(entries, &site, &ids(&hierarchy.node(index).children))? {
                combined.set_weighting(
                    index,
                    Weighting::Pairwise(PairwiseMatrix::from_dense(&matrix)),
                );
            }
        } else if model.assessment(index).is_some() {
            let site = Site::Assessment(id.clone());
            let mut entries = Vec::with_capacity(models.len());
            for ((m, g), result) in models.iter().zip(groups).zip(results) {
                let own = g.assessments.iter().any(|(leaf, _)| *leaf == id);
                let weighting = match m.assessment(index) {
                    Some(Assessment::Pairwise(matrix)) => Weighting::Pairwise(matrix.clone()),
                    _ => Weighting::Direct(
                        result
                            .evaluation
                            .criteria
                            .iter()
                            .find(|c| c.id == id)
                            .and_then(|c| c.leaf.as_ref())
                            .map(|leaf| leaf.priorities.clone())
                            .unwrap_or_default(),
                    ),
                };
                entries.push(Entry { weighting, own });
            }
            if let Some(mean) = combine(entries, &site, &alternatives)? {
                combined.set_assessment(
                    index,
                    Assessment::Pairwise(PairwiseMatrix::from_dense(&mean)),
                );
            }
        }
    }
    Ok((combined, left_out))
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
