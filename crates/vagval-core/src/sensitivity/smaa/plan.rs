//! The plan of a run: what each sample draws and how, prepared once from
//! the model's evaluation (the leaf priorities that stay fixed, the data
//! that vary, the criteria sets whose judgments are perturbed).

use super::kernels::sorting_network;
use super::streams::{DATA_STREAM, mix};
use super::{DataSampling, ScorerFactory, SmaaOptions, WeightSampling};
use crate::Error;
use crate::assessment::{Assessment, Weighting};
use crate::completion::CompletionMethod;
use crate::model::{Model, Site};
use crate::priority::PriorityMethod;
use crate::quantity::Quantity;
use crate::settings::{Settings, SynthesisMode};
use crate::synthesis::{CriterionResult, Evaluation, evaluate};
use crate::value_function::ResolvedFunction;
use rust_decimal::prelude::ToPrimitive;

/// Everything a block needs, prepared once from the model's evaluation.
pub(super) struct Plan {
    pub(super) alternatives: Vec<String>,
    pub(super) criteria: Vec<String>,
    /// Alternatives and leaf criteria.
    pub(super) m: usize,
    pub(super) n: usize,
    /// v_ak at `a * n + k`: local priorities after the synthesis mode, data
    /// at the range point; 0 where `data` supplies them per sample.
    pub(super) fixed: Vec<f64>,
    pub(super) weights: WeightPlan,
    pub(super) weight_draws: usize,
    pub(super) weight_key: u64,
    /// Leaves whose data vary (empty unless `DataSampling::Ranges`).
    pub(super) data: Vec<DataLeaf>,
    pub(super) data_draws: usize,
    pub(super) data_key: u64,
    pub(super) mode: SynthesisMode,
}

pub(super) enum WeightPlan {
    Simplex { network: Vec<(usize, usize)> },
    Judgments(Tree),
}

/// The criteria tree for judgment perturbation.
pub(super) struct Tree {
    /// The goal's set first, then each parent's, parents before children.
    pub(super) sets: Vec<WeightSet>,
    pub(super) nodes: usize,
    /// Each node's position in leaf order (`None` for a parent): a leaf's
    /// weights go straight to the sample's leaf weights.
    pub(super) leaf_of: Vec<Option<usize>>,
    pub(super) log_spread: f64,
    pub(super) method: PriorityMethod,
    pub(super) completion: CompletionMethod,
    /// The largest set.
    pub(super) width: usize,
}

pub(super) struct WeightSet {
    /// `None` for the goal.
    pub(super) parent: Option<usize>,
    pub(super) children: Vec<usize>,
    pub(super) rule: SetRule,
}

pub(super) enum SetRule {
    /// Direct weights, or a single item: as evaluated.
    Fixed(Vec<f64>),
    /// A complete matrix; `start` (the unperturbed priorities) warm-starts
    /// the power iteration.
    Complete {
        pairs: Vec<Pair>,
        start: Vec<f64>,
        site: Site,
    },
    /// A matrix with gaps: each sample is completed by the settings'
    /// completion through the same code as `evaluate` (slow, one sample at
    /// a time).
    Gaps {
        items: Vec<String>,
        pairs: Vec<Pair>,
        site: Site,
    },
}

/// A judged upper entry a_ij (i < j) and which draw of a sample perturbs it.
pub(super) struct Pair {
    pub(super) i: usize,
    pub(super) j: usize,
    pub(super) value: f64,
    pub(super) log: f64,
    pub(super) draw: usize,
}

pub(super) struct DataLeaf {
    /// Index in leaf order.
    pub(super) leaf: usize,
    pub(super) values: Vec<DataValue>,
    pub(super) function: ResolvedFunction,
    /// For a scripted criterion with a scorer: its inputs (names, and
    /// `[input][alternative]`), drawn instead of `values`.
    pub(super) script: Option<(Vec<String>, Vec<Vec<DataValue>>)>,
}

pub(super) struct DataValue {
    pub(super) low: f64,
    pub(super) width: f64,
    /// Which draw of a sample sets it; `None` for an exact value.
    pub(super) draw: Option<usize>,
}

fn to_f64(d: rust_decimal::Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

impl Plan {
    pub(super) fn new(
        model: &Model,
        settings: &Settings,
        options: &SmaaOptions,
        scorers: &ScorerFactory<'_>,
    ) -> Result<Plan, Error> {
        let evaluation = evaluate(model, settings)?;
        let hierarchy = model.hierarchy();
        let m = model.alternatives().len();
        let leaves: Vec<usize> = hierarchy
            .depth_first()
            .iter()
            .map(|&(index, _)| index)
            .filter(|&index| hierarchy.node(index).children.is_empty())
            .collect();
        let (criteria, mut fixed) = fixed_priorities(model, &evaluation);
        let (data, data_draws) = match options.data {
            DataSampling::Fixed => (Vec::new(), 0),
            DataSampling::Ranges => data_leaves(model, &leaves, scorers, &mut fixed),
        };
        let (weights, weight_draws) = match options.weights {
            WeightSampling::Simplex => {
                let draws = leaves.len().saturating_sub(1);
                let network = sorting_network(draws);
                (WeightPlan::Simplex { network }, draws)
            }
            WeightSampling::PerturbJudgments { spread } => {
                let (tree, draws) = judgment_tree(model, settings, &evaluation, leaves, spread);
                (WeightPlan::Judgments(tree), draws)
            }
        };
        Ok(Plan {
            alternatives: model.alternatives().iter().map(|a| a.id.clone()).collect(),
            n: criteria.len(),
            criteria,
            m,
            fixed,
            weights,
            weight_draws,
            weight_key: options.seed,
            data,
            data_draws,
            data_key: mix(options.seed ^ DATA_STREAM),
            mode: settings.mode,
        })
    }
}

/// The leaf criteria's ids in leaf order, and the alternatives' local
/// priorities on them as evaluated, v_ak at `a * n + k`.
fn fixed_priorities(model: &Model, evaluation: &Evaluation) -> (Vec<String>, Vec<f64>) {
    let hierarchy = model.hierarchy();
    let m = model.alternatives().len();
    // `evaluation.criteria` is in depth-first order.
    let leaves: Vec<&CriterionResult> = evaluation
        .criteria
        .iter()
        .zip(&hierarchy.depth_first())
        .filter(|(_, (index, _))| hierarchy.node(*index).children.is_empty())
        .map(|(result, _)| result)
        .collect();
    let n = leaves.len();
    let mut fixed = vec![0.0; m * n];
    for (k, result) in leaves.iter().enumerate() {
        if let Some(leaf) = &result.leaf {
            for (a, p) in leaf.priorities.iter().enumerate() {
                fixed[a * n + k] = *p;
            }
        }
    }
    (leaves.iter().map(|r| r.id.clone()).collect(), fixed)
}

/// The data leaves with a ranged value (or a scripted criterion with a
/// scorer and a ranged input), each ranged value given the next draw of a
/// sample, in leaf order; their entries of `fixed` are zeroed (the samples
/// supply them). Also the number of draws per sample.
fn data_leaves(
    model: &Model,
    leaves: &[usize],
    scorers: &ScorerFactory<'_>,
    fixed: &mut [f64],
) -> (Vec<DataLeaf>, usize) {
    let (m, n) = (model.alternatives().len(), leaves.len());
    let mut data = Vec::new();
    let mut draws = 0;
    for (k, &node) in leaves.iter().enumerate() {
        let Some(Assessment::Data {
            values,
            resolved,
            scripted,
            ..
        }) = model.assessment(node)
        else {
            continue;
        };
        let id = &model.hierarchy().node(node).id;
        let script = match scripted {
            Some(inputs)
                // A scorer that cannot be made reports its error in the sampling.
                if !matches!(scorers(id), Ok(None))
                    && inputs.values.iter().flatten().any(|q| q.is_range()) =>
            {
                let drawn = inputs
                    .values
                    .iter()
                    .map(|row| row.iter().map(|q| data_value(q, &mut draws)).collect())
                    .collect();
                Some((inputs.names.clone(), drawn))
            }
            _ => None,
        };
        if script.is_some() || values.iter().any(|q| q.is_range()) {
            let values = if script.is_some() {
                Vec::new()
            } else {
                values.iter().map(|q| data_value(q, &mut draws)).collect()
            };
            for a in 0..m {
                fixed[a * n + k] = 0.0;
            }
            data.push(DataLeaf {
                leaf: k,
                values,
                function: resolved.clone(),
                script,
            });
        }
    }
    (data, draws)
}

/// A data value; a range takes the next draw (`draws` counts them).
fn data_value(q: &Quantity, draws: &mut usize) -> DataValue {
    let low = to_f64(q.low());
    let draw = q.is_range().then(|| {
        *draws += 1;
        *draws - 1
    });
    DataValue {
        low,
        width: to_f64(q.high()) - low,
        draw,
    }
}

/// The criteria tree for judgment perturbation: the goal's set, then each
/// parent's in depth-first order, every judged upper entry given the next
/// draw of a sample. Also the number of draws per sample.
fn judgment_tree(
    model: &Model,
    settings: &Settings,
    evaluation: &Evaluation,
    leaves: Vec<usize>,
    spread: f64,
) -> (Tree, usize) {
    let hierarchy = model.hierarchy();
    let mut draws = 0;
    let mut sets = vec![weight_set(
        model,
        None,
        model.goal_weighting(),
        &evaluation.goal_weights.local,
        &mut draws,
    )];
    for (result, &(index, _)) in evaluation.criteria.iter().zip(&hierarchy.depth_first()) {
        if let (Some(weighting), Some(weights)) = (model.weighting(index), &result.weights) {
            sets.push(weight_set(
                model,
                Some(index),
                weighting,
                &weights.local,
                &mut draws,
            ));
        }
    }
    let width = sets.iter().map(|s| s.children.len()).max().unwrap_or(0);
    let mut leaf_of = vec![None; hierarchy.nodes().len()];
    for (k, &node) in leaves.iter().enumerate() {
        leaf_of[node] = Some(k);
    }
    let tree = Tree {
        sets,
        nodes: hierarchy.nodes().len(),
        leaf_of,
        log_spread: spread.ln(),
        method: settings.method,
        completion: settings.completion,
        width,
    };
    (tree, draws)
}

/// The set of `parent`'s children (the goal's for `None`), weighted by
/// `weighting` with the evaluated `local` weights.
fn weight_set(
    model: &Model,
    parent: Option<usize>,
    weighting: &Weighting,
    local: &[f64],
    draws: &mut usize,
) -> WeightSet {
    let hierarchy = model.hierarchy();
    let (children, site) = match parent {
        None => (hierarchy.roots(), Site::Goal),
        Some(p) => {
            let node = hierarchy.node(p);
            (&node.children[..], Site::Weights(node.id.clone()))
        }
    };
    let rule = match weighting {
        Weighting::Direct(_) => SetRule::Fixed(local.to_vec()),
        Weighting::Pairwise(matrix) => {
            let mut pairs = Vec::new();
            for i in 0..matrix.n() {
                for j in (i + 1)..matrix.n() {
                    if let Some(value) = matrix.get(i, j) {
                        pairs.push(Pair {
                            i,
                            j,
                            value,
                            log: value.ln(),
                            draw: *draws,
                        });
                        *draws += 1;
                    }
                }
            }
            if pairs.is_empty() {
                SetRule::Fixed(local.to_vec())
            } else if matrix.is_complete() {
                SetRule::Complete {
                    pairs,
                    start: local.to_vec(),
                    site,
                }
            } else {
                SetRule::Gaps {
                    items: children
                        .iter()
                        .map(|&c| hierarchy.node(c).id.clone())
                        .collect(),
                    pairs,
                    site,
                }
            }
        }
    };
    WeightSet {
        parent,
        children: children.to_vec(),
        rule,
    }
}
