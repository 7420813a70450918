//! Rank-reversal thresholds after Triantaphyllou & Sánchez (1997), "A
//! sensitivity analysis approach for some deterministic multi-criteria
//! decision-making methods", Decision Sciences 28(1), 151–194.
//!
//! On the leaf criteria (global weights W_k, local priorities a_ik after the
//! synthesis mode, scores P_i = Σ_k W_k a_ik, alternatives best first):
//!
//! - the change δ' of a weight W_k (W*_k = W_k − δ', the other weights
//!   unchanged; renormalising all weights afterwards does not move a
//!   ranking) at which A_i and A_j, i ahead of j, tie:
//!   δ' = (P_i − P_j)/(a_ik − a_jk). Beyond it the pair is reversed, which
//!   needs W*_k ≥ 0 on the far side of the tie: a change is reported only
//!   when the tie lies at a positive weight (δ' < W_k). Relative change
//!   δ'/W_k; negative δ' means the weight must grow.
//! - percent-top (PT) and percent-any (PA) critical criteria: the smallest
//!   |relative δ'| among pairs with the best alternative, and among all
//!   pairs; absolute-top (AT) and absolute-any (AA): the smallest |δ'|.
//! - the change τ' of a local priority a_ij at which A_i and A_k tie, the
//!   criterion's priorities then computed again the way the mode computes
//!   them, as a real evaluation would:
//!   - distributive (the column renormalised to sum 1):
//!     τ' = (P_i − P_k)/(P_i − P_k + W_j (a_kj − a_ij + 1));
//!   - ideal (the column divided by its largest entry): piecewise, because
//!     the largest entry moves once a_ij passes the others' largest m (see
//!     [`PerformanceThreshold`]).
//!
//!   Reported when the tie is reached with a positive priority (beyond it
//!   the pair is reversed); relative change τ'/a_ij. The critical
//!   performance measure has the smallest |relative τ'|.
//!
//! Every pair on every leaf is examined, but only what is reported is
//! kept: the summary is linear in the alternatives, and the complete lists
//! are computed again, one entry at a time, by
//! [`Thresholds::weight_changes`] and [`Thresholds::performance_changes`].

use crate::settings::SynthesisMode;
use crate::synthesis::{Evaluation, TIE_TOLERANCE};
use serde::Serialize;

/// How many of the smallest weight changes the summary keeps.
pub const SMALLEST_KEPT: usize = 15;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeightThreshold {
    pub criterion: String,
    /// The alternative ahead now, and the one behind.
    pub ahead: String,
    pub behind: String,
    /// δ': subtract it from the criterion's global weight to make the two
    /// tie (negative: add). `None` when no change of this weight reverses
    /// the pair (the two differ nowhere else but here, or only a negative
    /// weight would do).
    pub absolute: Option<f64>,
    /// δ' as a percentage of the weight (`None` also for a weight of 0).
    pub relative_percent: Option<f64>,
    /// The criterion's global weight at the tie when the other weights are
    /// rescaled to keep the sum 1: (W − δ')/(1 − δ').
    pub tie_weight: Option<f64>,
}

impl WeightThreshold {
    /// Whether some change of this weight reverses the pair.
    pub fn reversible(&self) -> bool {
        self.absolute.is_some()
    }
}

/// The change of one local priority that makes two alternatives tie.
///
/// In ideal mode the priorities on a leaf are b_l = v_l / max v: with
/// `x` the new value of b_i and m = max over l ≠ i of b_l, the scores'
/// difference is D(x) = ΔR + W_j (x − b_k) / max(x, m) (ΔR: the two's
/// difference on the other leaves), which rises with x; the tie is at
/// x = b_k − ΔR·m/W_j while x ≤ m and at x = W_j b_k/(ΔR + W_j) beyond,
/// where A_i becomes the criterion's best and the others shrink.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PerformanceThreshold {
    pub alternative: String,
    pub criterion: String,
    pub other: String,
    /// τ': subtract it from the alternative's local priority (as the mode
    /// shows it: distributive, summing to 1; ideal, best = 1) before the
    /// priorities are computed again the mode's way, and the two tie.
    /// `None` when no change reverses the pair (only a priority of 0 or less
    /// would, or none at all).
    pub absolute: Option<f64>,
    /// τ' as a percentage of the priority: the same relative change of the
    /// alternative's performance (its value, or its row of judgments) has
    /// the same effect.
    pub relative_percent: Option<f64>,
}

impl PerformanceThreshold {
    /// Whether some change of this priority reverses the pair.
    pub fn reversible(&self) -> bool {
        self.absolute.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Thresholds {
    pub mode: SynthesisMode,
    /// Leaf criteria ids, their global weights.
    pub criteria: Vec<String>,
    pub weights: Vec<f64>,
    /// Alternatives best first, and their scores as `evaluate` gives them
    /// (in ideal mode rescaled to sum 1).
    pub alternatives: Vec<String>,
    pub scores: Vec<f64>,
    /// The critical criteria: smallest |relative δ'| (percent) or |δ'|
    /// (absolute) among the pairs with the best alternative (top) or all
    /// pairs (any). `None` when no feasible change exists.
    pub percent_top: Option<WeightThreshold>,
    pub percent_any: Option<WeightThreshold>,
    pub absolute_top: Option<WeightThreshold>,
    pub absolute_any: Option<WeightThreshold>,
    /// Per criterion: the smallest |relative δ'| (%) over all pairs, if any is feasible.
    pub criticality_percent: Vec<Option<f64>>,
    /// The feasible weight changes with the smallest |relative δ'|, smallest
    /// first, at most [`SMALLEST_KEPT`]; `feasible_weight_changes` counts them all.
    pub smallest_weight_changes: Vec<WeightThreshold>,
    pub feasible_weight_changes: usize,
    /// The critical performance measure: the smallest |relative τ'|.
    pub critical_performance: Option<PerformanceThreshold>,
    #[serde(skip)]
    table: Table,
}

/// The numbers every threshold is computed from, linear in the alternatives.
#[derive(Debug, Clone, PartialEq, Default)]
struct Table {
    mode: SynthesisMode,
    /// Number of alternatives.
    m: usize,
    weights: Vec<f64>,
    /// Per leaf: the sum of the other leaves' weights.
    others: Vec<f64>,
    /// a[k·m + i]: alternative i's local priority on leaf k.
    a: Vec<f64>,
    /// rest[k·m + i] = Σ over leaves l ≠ k of W_l a_il, summed in the same
    /// order for every alternative, so that two alternatives alike on every
    /// other leaf get the very same number.
    rest: Vec<f64>,
    /// Per leaf: the sum of its priorities; its largest, where it is, and
    /// the second largest (the largest of the others when i is the top).
    column_sum: Vec<f64>,
    top: Vec<(f64, usize, f64)>,
    /// Alternatives' model indices best first, and their raw scores.
    order: Vec<usize>,
    raw: Vec<f64>,
    /// Score differences this small (the sum of raw scores × the tie
    /// tolerance of ranks) count as a tie.
    tolerance: f64,
    ids: Vec<String>,
    criteria: Vec<String>,
}

/// A weight change in indices: (δ', relative %, tie weight).
#[derive(Debug, Clone, Copy)]
struct WeightChange {
    delta: f64,
    relative: Option<f64>,
    tie_weight: Option<f64>,
}

/// A performance change in indices: (τ', relative %).
#[derive(Debug, Clone, Copy)]
struct PerformanceChange {
    tau: f64,
    relative: Option<f64>,
}

impl Table {
    fn of(evaluation: &Evaluation) -> Table {
        let leaves: Vec<_> = evaluation
            .criteria
            .iter()
            .filter(|c| c.leaf.is_some())
            .collect();
        let n = leaves.len();
        let m = evaluation.alternatives.len();
        let weights: Vec<f64> = leaves.iter().map(|c| c.global_weight).collect();
        let mut a = vec![0.0; n * m];
        for (k, leaf) in leaves.iter().enumerate() {
            if let Some(l) = &leaf.leaf {
                for (i, p) in l.priorities.iter().take(m).enumerate() {
                    a[k * m + i] = *p;
                }
            }
        }
        let mut rest = vec![0.0; n * m];
        for k in 0..n {
            for i in 0..m {
                rest[k * m + i] = (0..n)
                    .filter(|&l| l != k)
                    .map(|l| weights[l] * a[l * m + i])
                    .sum();
            }
        }
        let raw: Vec<f64> = (0..m)
            .map(|i| (0..n).map(|k| weights[k] * a[k * m + i]).sum())
            .collect();
        let column_sum = (0..n).map(|k| a[k * m..(k + 1) * m].iter().sum()).collect();
        let top = (0..n)
            .map(|k| {
                let column = &a[k * m..(k + 1) * m];
                let mut best = (f64::NEG_INFINITY, 0, f64::NEG_INFINITY);
                for (i, &v) in column.iter().enumerate() {
                    if v > best.0 {
                        best = (v, i, best.0);
                    } else if v > best.2 {
                        best.2 = v;
                    }
                }
                best
            })
            .collect();
        // Best first; equal scores keep the model's order.
        let mut order: Vec<usize> = (0..m).collect();
        order.sort_by(|&x, &y| raw[y].total_cmp(&raw[x]));
        let total: f64 = raw.iter().sum();
        let others = (0..n)
            .map(|k| (0..n).filter(|&l| l != k).map(|l| weights[l]).sum())
            .collect();
        Table {
            mode: evaluation.settings.mode,
            m,
            others,
            weights,
            a,
            rest,
            column_sum,
            top,
            order,
            tolerance: TIE_TOLERANCE * total.abs(),
            raw,
            ids: evaluation
                .alternatives
                .iter()
                .map(|x| x.id.clone())
                .collect(),
            criteria: leaves.iter().map(|c| c.id.clone()).collect(),
        }
    }

    fn a(&self, k: usize, i: usize) -> f64 {
        self.a[k * self.m + i]
    }

    /// The change of W_k at which `i` (ahead) and `j` tie, if the pair can
    /// be reversed: with w the new weight their difference is
    /// rest + w·spread, zero at w* = −rest/spread; reversing needs w* > 0.
    fn weight_change(&self, k: usize, i: usize, j: usize) -> Option<WeightChange> {
        let spread = self.a(k, i) - self.a(k, j);
        let rest = self.rest[k * self.m + i] - self.rest[k * self.m + j];
        // Priorities this close are equal: with all the weight on this
        // criterion the scores are its priorities, and the ranks' tie
        // tolerance (of their sum) calls them tied. Otherwise rounding
        // makes a reversal at a weight of 1e15 (every other weight 0 after
        // renormalising), as for the row geometric means of (1/2, 1, 1/2)
        // and (1/8, 2, 1), equal but computed a few ulps apart.
        let alike = spread.abs() <= TIE_TOLERANCE * self.column_sum[k].abs();
        if alike || rest.abs() <= self.tolerance {
            // No change of this weight moves them apart, or they tie only
            // where it is 0.
            return None;
        }
        let tie = -rest / spread;
        if !(tie > 0.0 && tie.is_finite()) {
            return None;
        }
        let w = self.weights[k];
        let delta = w - tie;
        let others = self.others[k];
        Some(WeightChange {
            delta,
            relative: (w > 0.0).then(|| delta * 100.0 / w),
            tie_weight: (tie + others > 0.0).then(|| tie / (tie + others)),
        })
    }

    /// The change of a_ji (alternative `i` on leaf `j`) at which `i` and
    /// `k` tie, the leaf's priorities computed again the mode's way.
    fn performance_change(&self, i: usize, j: usize, k: usize) -> Option<PerformanceChange> {
        let w = self.weights[j];
        let (a_i, a_k) = (self.a(j, i), self.a(j, k));
        // Their difference on the other leaves.
        let dr = self.rest[j * self.m + i] - self.rest[j * self.m + k];
        if w <= 0.0 {
            return None;
        }
        // In both modes the difference D(x) rises with x towards ΔR + W
        // (i the leaf's only positive priority). A limit within the tie
        // tolerance means i never gets ahead of k: the tie is reached only
        // at infinity, or (ideal, a_k = 0) D stays 0 for every x ≥ m, so
        // nothing beyond the tie reverses them. Rounding must not make it
        // a change of 1e17 % or a tie that stays a tie.
        if dr + w <= self.tolerance {
            return None;
        }
        // x: the new (not yet renormalised) priority of i.
        let (x, scale) = match self.mode {
            SynthesisMode::Distributive => {
                // D(x) = ΔR + W (x − a_k)/(c + x), c = the others' sum.
                let c = self.column_sum[j] - a_i;
                ((w * a_k - dr * c) / (dr + w), self.column_sum[j])
            }
            SynthesisMode::Ideal => {
                let (best, at, second) = self.top[j];
                let m = if at == i { second } else { best };
                if m <= 0.0 {
                    return None;
                }
                if dr * m + w * (m - a_k) >= 0.0 {
                    // The tie comes while x ≤ m: the largest stays m.
                    (a_k - dr * m / w, m)
                } else {
                    // Only once i is the criterion's best and the others shrink.
                    (w * a_k / (dr + w), m)
                }
            }
        };
        // A tie at a priority of 0 (or below) reverses nothing.
        if !(x > TIE_TOLERANCE * scale && x.is_finite()) {
            return None;
        }
        let tau = a_i - x;
        Some(PerformanceChange {
            tau,
            relative: (a_i > 0.0).then(|| tau * 100.0 / a_i),
        })
    }

    fn weight_threshold(&self, k: usize, i: usize, j: usize) -> WeightThreshold {
        let change = self.weight_change(k, i, j);
        WeightThreshold {
            criterion: self.criteria[k].clone(),
            ahead: self.ids[i].clone(),
            behind: self.ids[j].clone(),
            absolute: change.map(|c| c.delta),
            relative_percent: change.and_then(|c| c.relative),
            tie_weight: change.and_then(|c| c.tie_weight),
        }
    }

    fn performance_threshold(&self, i: usize, j: usize, k: usize) -> PerformanceThreshold {
        let change = self.performance_change(i, j, k);
        PerformanceThreshold {
            alternative: self.ids[i].clone(),
            criterion: self.criteria[j].clone(),
            other: self.ids[k].clone(),
            absolute: change.map(|c| c.tau),
            relative_percent: change.and_then(|c| c.relative),
        }
    }

    /// Every (leaf, ahead, behind): leaf by leaf, pairs in ranking order.
    fn pairs(&self) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        (0..self.weights.len()).flat_map(move |k| {
            self.order
                .iter()
                .enumerate()
                .flat_map(move |(p, &i)| self.order[p + 1..].iter().map(move |&j| (k, i, j)))
        })
    }

    /// Every (alternative, leaf, other): alternatives best first.
    fn triples(&self) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        self.order.iter().flat_map(move |&i| {
            (0..self.weights.len()).flat_map(move |j| {
                self.order
                    .iter()
                    .filter(move |&&k| k != i)
                    .map(move |&k| (i, j, k))
            })
        })
    }
}

/// The first smallest `key` seen.
#[derive(Clone, Copy)]
struct Smallest<T> {
    best: Option<(f64, T)>,
}

impl<T: Copy> Smallest<T> {
    fn new() -> Self {
        Smallest { best: None }
    }

    fn offer(&mut self, key: f64, item: T) {
        if self.best.is_none_or(|(b, _)| key < b) {
            self.best = Some((key, item));
        }
    }

    fn get(&self) -> Option<T> {
        self.best.map(|(_, item)| item)
    }
}

impl Thresholds {
    /// Every leaf and every pair (ahead, behind), leaf by leaf, computed one
    /// at a time.
    pub fn weight_changes(&self) -> impl Iterator<Item = WeightThreshold> + '_ {
        let t = &self.table;
        t.pairs().map(move |(k, i, j)| t.weight_threshold(k, i, j))
    }

    /// Every alternative (best first), leaf and other alternative, computed
    /// one at a time.
    pub fn performance_changes(&self) -> impl Iterator<Item = PerformanceThreshold> + '_ {
        let t = &self.table;
        t.triples()
            .map(move |(i, j, k)| t.performance_threshold(i, j, k))
    }
}

/// Thresholds of an evaluation, over its leaf criteria.
pub fn thresholds(evaluation: &Evaluation) -> Thresholds {
    let table = Table::of(evaluation);
    let best = table.order.first().copied();
    let mut percent_top = Smallest::new();
    let mut percent_any = Smallest::new();
    let mut absolute_top = Smallest::new();
    let mut absolute_any = Smallest::new();
    let mut criticality: Vec<Option<f64>> = vec![None; table.weights.len()];
    // (|relative|, leaf, ahead, behind), smallest first, stable.
    let mut smallest: Vec<(f64, usize, usize, usize)> = Vec::with_capacity(SMALLEST_KEPT + 1);
    let mut feasible = 0;
    for (k, i, j) in table.pairs() {
        let Some(change) = table.weight_change(k, i, j) else {
            continue;
        };
        let top = Some(i) == best;
        let size = change.delta.abs();
        absolute_any.offer(size, (k, i, j));
        if top {
            absolute_top.offer(size, (k, i, j));
        }
        let Some(relative) = change.relative.map(f64::abs) else {
            continue;
        };
        feasible += 1;
        percent_any.offer(relative, (k, i, j));
        if top {
            percent_top.offer(relative, (k, i, j));
        }
        if criticality[k].is_none_or(|c| relative < c) {
            criticality[k] = Some(relative);
        }
        let at = smallest.partition_point(|s| s.0 <= relative);
        if at < SMALLEST_KEPT {
            smallest.insert(at, (relative, k, i, j));
            smallest.truncate(SMALLEST_KEPT);
        }
    }
    let mut critical = Smallest::new();
    for (i, j, k) in table.triples() {
        if let Some(relative) = table.performance_change(i, j, k).and_then(|c| c.relative) {
            critical.offer(relative.abs(), (i, j, k));
        }
    }
    let weight = |pick: Smallest<(usize, usize, usize)>| {
        pick.get().map(|(k, i, j)| table.weight_threshold(k, i, j))
    };
    let scores = table
        .order
        .iter()
        .map(|&a| evaluation.alternatives[a].score)
        .collect();
    Thresholds {
        mode: table.mode,
        criteria: table.criteria.clone(),
        weights: table.weights.clone(),
        alternatives: table.order.iter().map(|&a| table.ids[a].clone()).collect(),
        scores,
        percent_top: weight(percent_top),
        percent_any: weight(percent_any),
        absolute_top: weight(absolute_top),
        absolute_any: weight(absolute_any),
        criticality_percent: criticality,
        smallest_weight_changes: smallest
            .iter()
            .map(|&(_, k, i, j)| table.weight_threshold(k, i, j))
            .collect(),
        feasible_weight_changes: feasible,
        critical_performance: critical
            .get()
            .map(|(i, j, k)| table.performance_threshold(i, j, k)),
        table,
    }
}
