//! One-way sensitivity: one criterion's local weight swept from 0 to 1 with
//! its siblings' weights rescaled in proportion (they keep their ratios and
//! fill the rest). Every alternative's score is then a straight line in the
//! swept weight, so the weights at which two alternatives change places are
//! found exactly, by solving for where the lines cross — not read off a grid.

use crate::Error;
use crate::settings::SynthesisMode;
use crate::synthesis::{CriterionResult, Evaluation, TIE_TOLERANCE, ranks};
use serde::Serialize;
use std::collections::HashMap;

/// Points of the chart data: the sweep at 0, 0.01, …, 1.
pub const CHART_POINTS: usize = 101;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OneWay {
    pub criterion: String,
    pub name: String,
    /// `None` for a top-level criterion.
    pub parent: Option<String>,
    /// The criterion's local weight now (among its siblings), and its global weight.
    pub current_weight: f64,
    pub current_global_weight: f64,
    /// The parent's global weight: global weight = local weight × this.
    pub parent_global_weight: f64,
    pub alternatives: Vec<String>,
    /// The synthesis mode: in ideal mode `at_zero` and `at_one` are not
    /// rescaled to sum 1 (`evaluate`'s scores are these divided by their sum).
    pub mode: SynthesisMode,
    /// Each alternative's score at local weight 0 and at 1 (scores are
    /// linear in between; in ideal mode before rescaling to sum 1).
    pub at_zero: Vec<f64>,
    pub at_one: Vec<f64>,
    /// Where rankings change, in increasing weight.
    pub crossovers: Vec<Crossover>,
    /// Chart data: (local weight, scores summing to 1) at `CHART_POINTS` points.
    pub points: Vec<(f64, Vec<f64>)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Crossover {
    /// The local weight at which the two alternatives tie.
    pub weight: f64,
    /// The same as a global weight.
    pub global_weight: f64,
    /// The alternative that is ahead above this weight, and the one ahead below it.
    pub ahead_above: String,
    pub ahead_below: String,
    /// The change of local weight from the current one (positive: more weight).
    pub change: f64,
    /// The scores (summing to 1) at the crossing.
    pub score: f64,
}

/// Each criterion's local score per alternative: a leaf's local priorities;
/// a parent's, its children's weighted by their local weights.
fn local_scores(evaluation: &Evaluation) -> HashMap<&str, Vec<f64>> {
    let n = evaluation.alternatives.len();
    let mut scores: HashMap<&str, Vec<f64>> = HashMap::new();
    // Children come after their parents: accumulate in reverse.
    for criterion in evaluation.criteria.iter().rev() {
        let own = match &criterion.leaf {
            Some(leaf) => leaf.priorities.clone(),
            None => {
                let mut sum = vec![0.0; n];
                for child in evaluation
                    .criteria
                    .iter()
                    .filter(|c| c.parent.as_deref() == Some(criterion.id.as_str()))
                {
                    if let Some(v) = scores.get(child.id.as_str()) {
                        for (s, x) in sum.iter_mut().zip(v) {
                            *s += child.local_weight * x;
                        }
                    }
                }
                sum
            }
        };
        scores.insert(criterion.id.as_str(), own);
    }
    scores
}

/// Sweeps `criterion`'s local weight in `evaluation`.
pub fn one_way(evaluation: &Evaluation, criterion: &str) -> Result<OneWay, Error> {
    let target = find(evaluation, criterion)?;
    let n = evaluation.alternatives.len();
    let scores = local_scores(evaluation);
    let siblings: Vec<_> = evaluation
        .criteria
        .iter()
        .filter(|c| c.parent == target.parent)
        .collect();
    if siblings.len() < 2 {
        return Err(Error::NoSiblings {
            id: criterion.to_string(),
        });
    }
    let parent_global = match &target.parent {
        None => 1.0,
        Some(p) => evaluation
            .criteria
            .iter()
            .find(|c| &c.id == p)
            .map(|c| c.global_weight)
            .unwrap_or(0.0),
    };
    let zero = vec![0.0; n];
    let score_of = |id: &str| scores.get(id).unwrap_or(&zero);
    let others: Vec<_> = siblings.iter().filter(|c| c.id != criterion).collect();
    let lines = Lines {
        fixed: outside_the_parent(evaluation, target),
        parent_global,
        target: score_of(criterion).clone(),
        others: others_share(&others, score_of, n),
    };
    let at_zero = lines.at(0.0);
    let at_one = lines.at(1.0);
    let ids: Vec<String> = evaluation
        .alternatives
        .iter()
        .map(|a| a.id.clone())
        .collect();
    let crossovers = crossovers(&lines, &ids, target.local_weight);
    // Distributive scores already sum to 1 at every weight; ideal ones are
    // rescaled per point, which leaves every crossing where it is.
    let points = (0..CHART_POINTS)
        .map(|k| {
            let t = k as f64 / (CHART_POINTS - 1) as f64;
            (t, normalised(lines.at(t)))
        })
        .collect();
    Ok(OneWay {
        criterion: criterion.to_string(),
        name: target.name.clone(),
        parent: target.parent.clone(),
        current_weight: target.local_weight,
        current_global_weight: target.global_weight,
        parent_global_weight: parent_global,
        mode: evaluation.settings.mode,
        alternatives: ids,
        at_zero,
        at_one,
        crossovers,
        points,
    })
}

/// The criterion with id `criterion`, or the error that lists the known ones.
fn find<'e>(evaluation: &'e Evaluation, criterion: &str) -> Result<&'e CriterionResult, Error> {
    evaluation
        .criteria
        .iter()
        .find(|c| c.id == criterion)
        .ok_or_else(|| Error::UnknownCriterion {
            id: criterion.to_string(),
            known: evaluation
                .criteria
                .iter()
                .map(|c| format!("`{}`", c.id))
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// The part the sweep leaves alone: the leaves outside the target's
/// parent's sub-tree (none for a top-level criterion), summed leaf by leaf
/// so that alternatives alike there get the very same number.
fn outside_the_parent(evaluation: &Evaluation, target: &CriterionResult) -> Vec<f64> {
    let parent_of: HashMap<&str, Option<&str>> = evaluation
        .criteria
        .iter()
        .map(|c| (c.id.as_str(), c.parent.as_deref()))
        .collect();
    let inside = |leaf: &str| match target.parent.as_deref() {
        None => true,
        Some(p) => {
            let mut at = Some(leaf);
            // Bounded by the depth of the tree (parents come before children).
            for _ in 0..=evaluation.criteria.len() {
                match at {
                    Some(id) if id == p => return true,
                    Some(id) => at = parent_of.get(id).copied().flatten(),
                    None => return false,
                }
            }
            false
        }
    };
    let mut fixed = vec![0.0; evaluation.alternatives.len()];
    for c in evaluation.criteria.iter().filter(|c| !inside(&c.id)) {
        if let Some(leaf) = &c.leaf {
            for (f, x) in fixed.iter_mut().zip(&leaf.priorities) {
                *f += c.global_weight * x;
            }
        }
    }
    fixed
}

/// The other siblings' local scores weighted in proportion to their weights
/// (they keep their ratios); if they have no weight at all, equally.
fn others_share<'s>(
    others: &[&&CriterionResult],
    score_of: impl Fn(&str) -> &'s Vec<f64>,
    n: usize,
) -> Vec<f64> {
    let others_weight: f64 = others.iter().map(|c| c.local_weight).sum();
    let mut out = vec![0.0; n];
    for c in others {
        let share = if others_weight > 0.0 {
            c.local_weight / others_weight
        } else {
            1.0 / others.len() as f64
        };
        for (s, x) in out.iter_mut().zip(score_of(&c.id)) {
            *s += share * x;
        }
    }
    out
}

/// The alternatives' scores as lines in the swept local weight t:
/// S_a(t) = fixed_a + G_P · (t · V_a(C) + (1 − t) · others_a).
struct Lines {
    fixed: Vec<f64>,
    parent_global: f64,
    target: Vec<f64>,
    others: Vec<f64>,
}

impl Lines {
    fn at(&self, t: f64) -> Vec<f64> {
        (0..self.fixed.len())
            .map(|a| {
                self.fixed[a]
                    + self.parent_global * (t * self.target[a] + (1.0 - t) * self.others[a])
            })
            .collect()
    }
}

/// Scores rescaled to sum 1 (unchanged if they sum to 0 or less).
fn normalised(v: Vec<f64>) -> Vec<f64> {
    let total: f64 = v.iter().sum();
    if total > 0.0 {
        v.iter().map(|x| x / total).collect()
    } else {
        v
    }
}

/// Where two lines cross strictly inside (0, 1), in increasing weight.
fn crossovers(lines: &Lines, ids: &[String], current: f64) -> Vec<Crossover> {
    let (at_zero, at_one) = (lines.at(0.0), lines.at(1.0));
    // A difference this small at an end is a tie there (the tolerance of
    // `ranks`, on scores rescaled to sum 1), not a crossing: the lines then
    // meet at the end and the ranking inside (0, 1) does not change there.
    let tie_at = |ends: &[f64]| TIE_TOLERANCE * ends.iter().sum::<f64>().abs();
    let (tie_zero, tie_one) = (tie_at(&at_zero), tie_at(&at_one));
    let snap = |d: f64, tolerance: f64| if d.abs() <= tolerance { 0.0 } else { d };
    let mut crossovers = Vec::new();
    for a in 0..ids.len() {
        for b in (a + 1)..ids.len() {
            let d0 = snap(at_zero[a] - at_zero[b], tie_zero);
            let d1 = snap(at_one[a] - at_one[b], tie_one);
            // A crossing strictly inside (0, 1): the differences at the ends
            // have opposite signs, so the root d0/(d0 − d1) lies strictly
            // between 0 and 1.
            if !((d0 < 0.0 && d1 > 0.0) || (d0 > 0.0 && d1 < 0.0)) {
                continue;
            }
            let t = d0 / (d0 - d1);
            let (above, below) = if d1 > 0.0 { (a, b) } else { (b, a) };
            let scores_at = normalised(lines.at(t));
            crossovers.push(Crossover {
                weight: t,
                global_weight: t * lines.parent_global,
                ahead_above: ids[above].clone(),
                ahead_below: ids[below].clone(),
                change: t - current,
                score: scores_at[a],
            });
        }
    }
    crossovers.sort_by(|x, y| x.weight.total_cmp(&y.weight));
    crossovers
}

/// The ranking (ids, best first) at local weight `t` of a sweep.
pub fn ranking_at(sweep: &OneWay, t: f64) -> Vec<String> {
    let scores: Vec<f64> = (0..sweep.alternatives.len())
        .map(|a| sweep.at_zero[a] + t * (sweep.at_one[a] - sweep.at_zero[a]))
        .collect();
    let ranks = ranks(&scores);
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by_key(|&a| ranks[a]);
    order
        .into_iter()
        .map(|a| sweep.alternatives[a].clone())
        .collect()
}
