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
use crate::settings::{Settings, SynthesisMode};
use crate::synthesis::evaluate;
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
    /// The node of each leaf, in leaf order.
    pub(super) leaves: Vec<usize>,
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
        let order = hierarchy.depth_first();
        let m = model.alternatives().len();
        let leaves: Vec<usize> = order
            .iter()
            .map(|&(index, _)| index)
            .filter(|&index| hierarchy.node(index).children.is_empty())
            .collect();
        let n = leaves.len();
        // `evaluation.criteria` is in depth-first order.
        let mut fixed = vec![0.0; m * n];
        let mut criteria = Vec::with_capacity(n);
        for (result, _) in evaluation
            .criteria
            .iter()
            .zip(&order)
            .filter(|(_, (index, _))| hierarchy.node(*index).children.is_empty())
        {
            let k = criteria.len();
            criteria.push(result.id.clone());
            if let Some(leaf) = &result.leaf {
                for (a, p) in leaf.priorities.iter().enumerate() {
                    fixed[a * n + k] = *p;
                }
            }
        }

        let mut data = Vec::new();
        let mut data_draws = 0;
        if options.data == DataSampling::Ranges {
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
                let mut draw_of = |q: &crate::quantity::Quantity| {
                    let low = to_f64(q.low());
                    let draw = q.is_range().then(|| {
                        data_draws += 1;
                        data_draws - 1
                    });
                    DataValue {
                        low,
                        width: to_f64(q.high()) - low,
                        draw,
                    }
                };
                let id = &hierarchy.node(node).id;
                let script = match scripted {
                    Some(inputs)
                        if scorers(id).is_some()
                            && inputs.values.iter().flatten().any(|q| q.is_range()) =>
                    {
                        let drawn = inputs
                            .values
                            .iter()
                            .map(|row| row.iter().map(&mut draw_of).collect())
                            .collect();
                        Some((inputs.names.clone(), drawn))
                    }
                    _ => None,
                };
                if script.is_some() || values.iter().any(|q| q.is_range()) {
                    let values = if script.is_some() {
                        Vec::new()
                    } else {
                        values.iter().map(&mut draw_of).collect()
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
        }

        let (weights, weight_draws) = match options.weights {
            WeightSampling::Simplex => (
                WeightPlan::Simplex {
                    network: sorting_network(n.saturating_sub(1)),
                },
                n.saturating_sub(1),
            ),
            WeightSampling::PerturbJudgments { spread } => {
                let mut draws = 0;
                let mut set = |parent: Option<usize>,
                               children: &[usize],
                               weighting: &Weighting,
                               local: &[f64],
                               site: Site| {
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
                                            draw: draws,
                                        });
                                        draws += 1;
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
                };
                let mut sets = vec![set(
                    None,
                    hierarchy.roots(),
                    model.goal_weighting(),
                    &evaluation.goal_weights.local,
                    Site::Goal,
                )];
                for (result, &(index, _)) in evaluation.criteria.iter().zip(&order) {
                    if let (Some(weighting), Some(weights)) =
                        (model.weighting(index), &result.weights)
                    {
                        let node = hierarchy.node(index);
                        sets.push(set(
                            Some(index),
                            &node.children,
                            weighting,
                            &weights.local,
                            Site::Weights(node.id.clone()),
                        ));
                    }
                }
                let width = sets.iter().map(|s| s.children.len()).max().unwrap_or(0);
                (
                    WeightPlan::Judgments(Tree {
                        sets,
                        nodes: hierarchy.nodes().len(),
                        leaves: leaves.clone(),
                        log_spread: spread.ln(),
                        method: settings.method,
                        completion: settings.completion,
                        width,
                    }),
                    draws,
                )
            }
        };

        Ok(Plan {
            alternatives: model.alternatives().iter().map(|a| a.id.clone()).collect(),
            criteria,
            m,
            n,
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
