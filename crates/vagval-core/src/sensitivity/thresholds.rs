//! Rank-reversal thresholds after Triantaphyllou & Sánchez (1997), "A
//! sensitivity analysis approach for some deterministic multi-criteria
//! decision-making methods", Decision Sciences 28(1), 151–194.
//!
//! On the leaf criteria (global weights W_k, local priorities a_ik after the
//! synthesis mode, scores P_i = Σ_k W_k a_ik):
//!
//! - the smallest change δ' of a weight W_k (W*_k = W_k − δ', the other
//!   weights unchanged; renormalising all weights afterwards does not move a
//!   ranking) that makes A_i and A_j, i ahead of j, tie:
//!   δ' = (P_i − P_j)/(a_ik − a_jk); feasible when δ' ≤ W_k; relative
//!   change δ'/W_k. Negative δ' means the weight must grow.
//! - percent-top critical criterion: the smallest |relative δ'| among pairs
//!   with the best alternative; percent-any: among all pairs.
//! - the smallest change τ' of a local priority a_ij (a*_ij = a_ij − τ')
//!   that makes A_i and A_k tie: without renormalisation τ' = (P_i − P_k)/W_j;
//!   with the column renormalised to sum 1 (AHP)
//!   τ' = (P_i − P_k)/(P_i − P_k + W_j (a_kj − a_ij + 1)); feasible when
//!   τ' ≤ a_ij; relative change τ'/a_ij. The critical performance measure
//!   has the smallest |relative τ'|.

use crate::synthesis::Evaluation;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeightThreshold {
    pub criterion: String,
    /// The alternative ahead now, and the one behind.
    pub ahead: String,
    pub behind: String,
    /// δ': subtract it from the criterion's global weight to make the two
    /// tie (negative: add). `None` when no feasible change reverses them.
    pub absolute: Option<f64>,
    /// δ' as a percentage of the weight.
    pub relative_percent: Option<f64>,
    /// The criterion's global weight at the tie when the other weights are
    /// rescaled to keep the sum 1: (W − δ')/(1 − δ').
    pub tie_weight: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PerformanceThreshold {
    pub alternative: String,
    pub criterion: String,
    pub other: String,
    /// τ' without renormalisation, and relative to the priority (%).
    pub absolute: Option<f64>,
    pub relative_percent: Option<f64>,
    /// τ' with the criterion's priorities renormalised to sum 1 (AHP).
    pub renormalised_absolute: Option<f64>,
    pub renormalised_relative_percent: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Thresholds {
    /// Leaf criteria ids, their global weights; alternatives best first and their scores.
    pub criteria: Vec<String>,
    pub weights: Vec<f64>,
    pub alternatives: Vec<String>,
    pub scores: Vec<f64>,
    /// For every leaf and every pair (ahead, behind).
    pub weight_changes: Vec<WeightThreshold>,
    /// Indices into `weight_changes`.
    pub percent_top: Option<usize>,
    pub percent_any: Option<usize>,
    /// Per criterion: the smallest |relative δ'| (%) over all pairs, if any is feasible.
    pub criticality_percent: Vec<Option<f64>>,
    /// For every alternative, leaf and other alternative.
    pub performance_changes: Vec<PerformanceThreshold>,
    /// Index into `performance_changes`: the critical performance measure
    /// (renormalised, as AHP keeps priorities summing to 1).
    pub critical_performance: Option<usize>,
}

/// Thresholds of an evaluation, over its leaf criteria.
pub fn thresholds(evaluation: &Evaluation) -> Thresholds {
    let leaves: Vec<_> = evaluation
        .criteria
        .iter()
        .filter(|c| c.leaf.is_some())
        .collect();
    let criteria: Vec<String> = leaves.iter().map(|c| c.id.clone()).collect();
    let weights: Vec<f64> = leaves.iter().map(|c| c.global_weight).collect();
    let n_alt = evaluation.alternatives.len();
    let priority = |k: usize, a: usize| {
        leaves[k]
            .leaf
            .as_ref()
            .and_then(|l| l.priorities.get(a))
            .copied()
            .unwrap_or(0.0)
    };
    let raw: Vec<f64> = (0..n_alt)
        .map(|a| (0..leaves.len()).map(|k| weights[k] * priority(k, a)).sum())
        .collect();
    // Best first.
    let mut order: Vec<usize> = (0..n_alt).collect();
    order.sort_by(|&x, &y| raw[y].total_cmp(&raw[x]));
    let id = |a: usize| evaluation.alternatives[a].id.clone();

    let mut weight_changes = Vec::new();
    for (k, criterion) in criteria.iter().enumerate() {
        for (p, &i) in order.iter().enumerate() {
            for &j in &order[p + 1..] {
                let spread = priority(k, i) - priority(k, j);
                let delta = if spread == 0.0 {
                    None
                } else {
                    Some((raw[i] - raw[j]) / spread)
                };
                let feasible = delta.filter(|d| *d <= weights[k] && d.is_finite());
                weight_changes.push(WeightThreshold {
                    criterion: criterion.clone(),
                    ahead: id(i),
                    behind: id(j),
                    absolute: feasible,
                    relative_percent: feasible
                        .filter(|_| weights[k] > 0.0)
                        .map(|d| d * 100.0 / weights[k]),
                    tie_weight: feasible
                        .filter(|d| *d < 1.0)
                        .map(|d| (weights[k] - d) / (1.0 - d)),
                });
            }
        }
    }
    let smallest = |filter: &dyn Fn(&WeightThreshold) -> bool| {
        weight_changes
            .iter()
            .enumerate()
            .filter(|(_, w)| filter(w))
            .filter_map(|(index, w)| w.relative_percent.map(|r| (index, r.abs())))
            .min_by(|x, y| x.1.total_cmp(&y.1))
            .map(|(index, _)| index)
    };
    let best = order.first().map(|&a| id(a));
    let percent_top = smallest(&|w| Some(&w.ahead) == best.as_ref());
    let percent_any = smallest(&|_| true);
    let criticality_percent = criteria
        .iter()
        .map(|c| {
            weight_changes
                .iter()
                .filter(|w| &w.criterion == c)
                .filter_map(|w| w.relative_percent.map(f64::abs))
                .min_by(f64::total_cmp)
        })
        .collect();

    let mut performance_changes = Vec::new();
    for &i in &order {
        for (k, criterion) in criteria.iter().enumerate() {
            for &other in order.iter().filter(|&&o| o != i) {
                let a = priority(k, i);
                let gap = raw[i] - raw[other];
                let plain = (weights[k] > 0.0)
                    .then(|| gap / weights[k])
                    .filter(|t| t.is_finite() && *t <= a);
                let denominator = gap + weights[k] * (priority(k, other) - a + 1.0);
                let renormalised = (denominator != 0.0)
                    .then(|| gap / denominator)
                    .filter(|t| t.is_finite() && *t <= a);
                let relative = |t: Option<f64>| t.filter(|_| a > 0.0).map(|t| t * 100.0 / a);
                performance_changes.push(PerformanceThreshold {
                    alternative: id(i),
                    criterion: criterion.clone(),
                    other: id(other),
                    absolute: plain,
                    relative_percent: relative(plain),
                    renormalised_absolute: renormalised,
                    renormalised_relative_percent: relative(renormalised),
                });
            }
        }
    }
    let critical_performance = performance_changes
        .iter()
        .enumerate()
        .filter_map(|(index, p)| p.renormalised_relative_percent.map(|r| (index, r.abs())))
        .min_by(|x, y| x.1.total_cmp(&y.1))
        .map(|(index, _)| index);

    Thresholds {
        criteria,
        weights,
        alternatives: order.iter().map(|&a| id(a)).collect(),
        scores: order.iter().map(|&a| raw[a]).collect(),
        weight_changes,
        percent_top,
        percent_any,
        criticality_percent,
        performance_changes,
        critical_performance,
    }
}
