//! SMAA-2, Stochastic Multicriteria Acceptability Analysis (Lahdelma &
//! Salminen 2001, "SMAA-2: Stochastic multicriteria acceptability analysis
//! for group decision making", Operations Research 49(3), 444–454), by Monte
//! Carlo: sample the leaf weights (and, optionally, ranged data), rank the
//! alternatives in every sample and count.
//!
//! - Rank acceptability b_i^r: the share of samples in which alternative i
//!   has rank r (1 = best).
//! - Central weight vector w_i^c: the mean leaf-weight vector over the
//!   samples in which i ranks first (`None` if it never does).
//! - Confidence factor p_i^c: the probability that i ranks first when the
//!   weights are fixed at w_i^c and only the data vary. When no data varies
//!   it is exactly 1 or 0, from one evaluation.
//!
//! Scores are Σ_k w_k · v_ik over the leaf criteria, with v_ik the local
//! priority of alternative i on leaf k after the synthesis mode, as in
//! [`crate::synthesis::evaluate`]. Ties: scores within
//! [`TIE_TOLERANCE`] of each other share the better rank (competition
//! ranking "1224", as `synthesis::ranks`); each alternative's acceptabilities
//! still sum to 1, a rank's over the alternatives only while nothing ties.
//!
//! Randomness and reproducibility: draws come from SplitMix64 used as a
//! counter-based generator (Steele, Lea & Flood 2014; the stream documented in
//! the numpy baseline's `common.py`): draw j of sample s is output
//! t = s · D + j of SplitMix64 started at the stream's key, D being the draws
//! per sample. Every sample's numbers are thus a function of (seed, sample
//! index) alone. Samples run in fixed blocks of [`BLOCK_SAMPLES`] in
//! parallel (rayon); each block keeps integer counts and float sums of its
//! own, and the blocks are combined in block order, so a seed gives
//! bit-identical results on any number of threads. Memory does not grow with
//! the number of samples: blocks run in waves of a bounded size.
//!
//! The weight stream's key is the seed itself, so judgment perturbation of a
//! model with one complete criteria matrix draws exactly the numbers of the
//! baseline's `bench_montecarlo.py perturb --rng splitmix`. Data draws use a
//! second key derived from the seed.
//!
//! The code, by concern: this module holds the API, its options and results
//! and the run over blocks; `plan.rs` what is sampled, prepared once from the
//! model's evaluation; `streams.rs` the random streams; `memo.rs` the
//! scripted criteria's results of the first pass, kept for the confidence
//! pass (which draws the same inputs again); `kernels.rs` the
//! batched arithmetic of one batch of samples (weights, data, scores, ranks),
//! which normalises and derives priorities through the same functions as
//! `evaluate` (`synthesis::apply_mode`, `priority::additive_lanes`,
//! `priority::geometric_from_log_sums`).

mod kernels;
mod memo;
mod plan;
mod streams;

use crate::Error;
use crate::model::Model;
use crate::plugin::CriterionScorer;
use crate::settings::Settings;
use crate::synthesis::TIE_TOLERANCE;
use plan::Plan;
use rayon::prelude::*;
use serde::Serialize;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

pub use kernels::SAMPLE_EIGEN_TOLERANCE;
pub use streams::splitmix64;

/// How the leaf weights are drawn in each sample.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum WeightSampling {
    /// Uniform on the simplex of leaf (global) weights, Dirichlet(1, …, 1):
    /// no preference information at all. Drawn as the spacings of n − 1
    /// sorted uniforms (David & Nagaraja, "Order Statistics", the uniform
    /// spacings), sorted by a Batcher odd–even merge network across a batch
    /// of samples: no logarithms, and it vectorises. The uniforms lie on a
    /// 2⁻³² grid (two from each generator output).
    Simplex,
    /// Every judged upper entry of every pairwise criteria matrix (the
    /// goal's and each parent's; not the alternatives') is multiplied by
    /// spread^(2u − 1), u ~ U[0, 1) (log-uniform in [1/spread, spread]),
    /// its reciprocal kept; the priorities are recomputed by the settings'
    /// method and completion, giving that sample's leaf global weights.
    /// Directly weighted sets keep their weights.
    PerturbJudgments {
        /// Greater than 1; [`WeightSampling::DEFAULT_SPREAD`] by default.
        spread: f64,
    },
}

impl WeightSampling {
    /// The numpy baseline's default spread: judgments vary within a factor 2.
    pub const DEFAULT_SPREAD: f64 = 2.0;

    /// How the weights are drawn, without the spread.
    pub fn draw(self) -> WeightDraw {
        match self {
            WeightSampling::Simplex => WeightDraw::Simplex,
            WeightSampling::PerturbJudgments { .. } => WeightDraw::Perturb,
        }
    }
}

/// The kind of [`WeightSampling`], by its name (`--weights simplex|perturb`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeightDraw {
    Simplex,
    Perturb,
}

crate::choices!(WeightDraw {
    Simplex => "simplex",
    Perturb => "perturb",
});

impl WeightDraw {
    /// The sampling this draw names; `spread` is used by `Perturb` alone.
    pub fn sampling(self, spread: f64) -> WeightSampling {
        match self {
            WeightDraw::Simplex => WeightSampling::Simplex,
            WeightDraw::Perturb => WeightSampling::PerturbJudgments { spread },
        }
    }
}

/// How the alternatives' data are taken in each sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum DataSampling {
    /// Data evaluated at the settings' range point, as in `evaluate`.
    #[default]
    Fixed,
    /// Each ranged data value (low < high) drawn uniformly in [low, high)
    /// per sample; then the value function and the synthesis mode.
    Ranges,
}

crate::choices!(DataSampling {
    Fixed => "fixed",
    Ranges => "ranges",
});

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SmaaOptions {
    /// Number of Monte Carlo samples, at least 1.
    pub samples: u64,
    pub seed: u64,
    pub weights: WeightSampling,
    pub data: DataSampling,
}

/// The outcome of [`smaa`]. Vectors by alternative are in the model's
/// alternative order; weight vectors are over the leaf criteria in
/// `criteria` order (depth first, as in `Evaluation::criteria`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SmaaResult {
    /// Alternative ids.
    pub alternatives: Vec<String>,
    /// Leaf criterion ids.
    pub criteria: Vec<String>,
    pub samples: u64,
    pub seed: u64,
    pub weights: WeightSampling,
    pub data: DataSampling,
    /// b_i^r: `[alternative][rank − 1]`, the share of samples with that rank.
    pub rank_acceptability: Vec<Vec<f64>>,
    /// The counts behind `rank_acceptability` (`[alternative][rank − 1]`).
    pub rank_counts: Vec<Vec<u64>>,
    /// w_i^c, summing to 1; `None` if the alternative never ranked first.
    pub central_weights: Vec<Option<Vec<f64>>>,
    /// p_i^c in [0, 1]; `None` where there is no central weight vector.
    pub confidence: Vec<Option<f64>>,
    /// True when data varied, so that the confidence factors were estimated
    /// by a second pass over `samples` samples; otherwise they are exact.
    pub confidence_sampled: bool,
    pub settings: Settings,
}

/// Samples per block: the unit of parallel work and of the order in which
/// partial sums are combined (the draws are keyed by sample index alone).
pub const BLOCK_SAMPLES: u64 = 65_536;

/// Samples per block where a scripted criterion is scored per sample
/// (`--data ranges` with a script): such a sample costs a thousand times a
/// fixed-data one, so smaller blocks share 1e5 samples evenly over the
/// cores (65 536-sample blocks left one core two thirds of the work) and a
/// cancel waits for less. A fixed size still, so the sums combine in the
/// same order on any number of threads.
pub const SCRIPTED_BLOCK_SAMPLES: u64 = 8_192;

/// Blocks in flight at once; bounds the memory held by partial results.
const BLOCKS_PER_WAVE: u64 = 64;

/// Runs SMAA-2 on `model` under `settings`. `progress(n)` is called after
/// each block with the samples done so far (when the confidence factors need
/// a second pass, both passes together count as `samples`, so `n` still ends
/// at `samples`); it may be called from any thread.
pub fn smaa(
    model: &Model,
    settings: &Settings,
    options: &SmaaOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<SmaaResult, Error> {
    smaa_with_scorers(model, settings, options, progress, &|_| Ok(None))
}

/// The widest judgment spread accepted: beyond a factor of 1000 either way
/// a perturbed judgment says nothing the original did, and products of
/// such factors leave double precision.
pub const MAX_SPREAD: f64 = 1000.0;

/// A scorer of a scripted criterion, as a plugin provides it: each
/// alternative's value from its inputs at one point
/// ([`CriterionScorer::score`]), a batch of samples at a time
/// ([`CriterionScorer::score_batch`]). A closure of the inputs is one.
pub type Scorer = Box<dyn CriterionScorer<Error = crate::PluginError>>;

/// Makes a scorer for the scripted criterion with the given id, `None`
/// when there is none, or the plugin's error when it cannot be made (a
/// script that does not load). Called on each worker thread (once per
/// block), so a scorer need not be `Send` (a Lua state is not).
pub type ScorerFactory<'a> = dyn Fn(&str) -> Result<Option<Scorer>, crate::PluginError> + Sync + 'a;

/// [`smaa`] where scripted criteria are evaluated by their scorers: with
/// [`DataSampling::Ranges`], each sample draws the scripted criteria's
/// inputs within their ranges and calls the scorer, instead of drawing the
/// criterion's own range.
pub fn smaa_with_scorers(
    model: &Model,
    settings: &Settings,
    options: &SmaaOptions,
    progress: &(dyn Fn(u64) + Sync),
    scorers: &ScorerFactory<'_>,
) -> Result<SmaaResult, Error> {
    smaa_until(
        model,
        settings,
        options,
        progress,
        scorers,
        &AtomicBool::new(false),
    )
}

/// [`smaa_with_scorers`] that stops with [`Error::Cancelled`] once `cancel`
/// is set (Ctrl-C, or a newer request in a live workshop): no block starts
/// after it, so a run stops within one block per worker thread. A run that
/// is not cancelled gives exactly the numbers [`smaa_with_scorers`] gives.
pub fn smaa_until(
    model: &Model,
    settings: &Settings,
    options: &SmaaOptions,
    progress: &(dyn Fn(u64) + Sync),
    scorers: &ScorerFactory<'_>,
    cancel: &AtomicBool,
) -> Result<SmaaResult, Error> {
    check(options)?;
    let plan = Plan::new(model, settings, options, scorers)?;
    let (m, n) = (plan.m, plan.n);
    let samples = options.samples;
    let data_varies = !plan.data.is_empty();
    let total_work = if data_varies { 2 * samples } else { samples };
    let done = AtomicU64::new(0);
    let report = |k: u64| {
        let d = done.fetch_add(k, Ordering::Relaxed) + k;
        progress((u128::from(d) * u128::from(samples) / u128::from(total_work)) as u64);
    };
    progress(0);

    // The confidence pass draws the same data again: the scripted
    // criteria's results of this pass are kept for it.
    let scripted: Vec<(String, usize, usize)> = plan
        .data
        .iter()
        .filter_map(|leaf| {
            let (_, inputs) = leaf.script.as_ref()?;
            let values = inputs.iter().map(Vec::len).sum();
            Some((plan.criteria[leaf.leaf].clone(), values, m))
        })
        .collect();
    let block_samples = if scripted.is_empty() {
        BLOCK_SAMPLES
    } else {
        SCRIPTED_BLOCK_SAMPLES
    };
    let memo = memo::Memo::new(&scripted, samples);
    let recording = memo.record(scorers);
    let mut counts = vec![0u64; m * m];
    let mut sums = vec![0.0f64; m * n];
    in_blocks(
        samples,
        block_samples,
        cancel,
        |start, end| {
            let partial = plan.block(start, end, &recording, cancel);
            report(end - start);
            partial
        },
        |(c, s)| {
            for (total, x) in counts.iter_mut().zip(c) {
                *total += x;
            }
            for (total, x) in sums.iter_mut().zip(s) {
                *total += x;
            }
        },
    )?;

    let central_weights: Vec<Option<Vec<f64>>> = (0..m)
        .map(|a| {
            let first = counts[a * m];
            (first > 0).then(|| {
                sums[a * n..(a + 1) * n]
                    .iter()
                    .map(|s| s / first as f64)
                    .collect()
            })
        })
        .collect();

    let central: Vec<(usize, Vec<f64>)> = central_weights
        .iter()
        .enumerate()
        .filter_map(|(a, w)| w.as_ref().map(|w| (a, w.clone())))
        .collect();
    let mut confidence: Vec<Option<f64>> = vec![None; m];
    drop(recording);
    let replay = memo.replay();
    let replaying = replay.scorers(scorers);
    if data_varies {
        let mut firsts = vec![0u64; central.len()];
        in_blocks(
            samples,
            block_samples,
            cancel,
            |start, end| {
                let partial = plan.confidence_block(&central, start, end, &replaying, cancel);
                report(end - start);
                partial
            },
            |c| {
                for (total, x) in firsts.iter_mut().zip(c) {
                    *total += x;
                }
            },
        )?;
        for ((a, _), first) in central.iter().zip(firsts) {
            confidence[*a] = Some(first as f64 / samples as f64);
        }
    } else {
        for (a, w) in &central {
            let scores: Vec<f64> = (0..m)
                .map(|b| (0..n).map(|k| w[k] * plan.fixed[b * n + k]).sum())
                .collect();
            let first = scores.iter().all(|s| *s <= scores[*a] + TIE_TOLERANCE);
            confidence[*a] = Some(if first { 1.0 } else { 0.0 });
        }
    }

    Ok(SmaaResult {
        alternatives: plan.alternatives,
        criteria: plan.criteria,
        samples,
        seed: options.seed,
        weights: options.weights,
        data: options.data,
        rank_acceptability: (0..m)
            .map(|a| {
                (0..m)
                    .map(|r| counts[a * m + r] as f64 / samples as f64)
                    .collect()
            })
            .collect(),
        rank_counts: (0..m)
            .map(|a| counts[a * m..(a + 1) * m].to_vec())
            .collect(),
        central_weights,
        confidence,
        confidence_sampled: data_varies,
        settings: *settings,
    })
}

/// At least one sample; a judgment spread in (1, [`MAX_SPREAD`]].
fn check(options: &SmaaOptions) -> Result<(), Error> {
    if options.samples == 0 {
        return Err(Error::NoSamples);
    }
    if let WeightSampling::PerturbJudgments { spread } = options.weights
        && !(spread.is_finite() && spread > 1.0 && spread <= MAX_SPREAD)
    {
        return Err(Error::BadSpread { spread });
    }
    Ok(())
}

/// One sample of a run, as the run draws it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sample {
    /// The leaf weights, in `SmaaResult::criteria` order (sum 1).
    pub weights: Vec<f64>,
    /// Each alternative's score Σ_k w_k · v_ak, in the model's order: in
    /// ideal mode not rescaled (`evaluate`'s scores are these divided by
    /// their sum).
    pub scores: Vec<f64>,
}

/// Sample `index` (0-based) of the run that [`smaa`] makes with `options`:
/// the same numbers, computed in the same batch, so that a single sample
/// can be inspected (or checked against `evaluate`) without running the
/// others. Scripted criteria draw their own ranges, as with no scorers.
pub fn sample(
    model: &Model,
    settings: &Settings,
    options: &SmaaOptions,
    index: u64,
) -> Result<Sample, Error> {
    check(options)?;
    Plan::new(model, settings, options, &|_| Ok(None))?.sample(index)
}

/// Runs `block(start, end)` over the blocks of `0..samples` in parallel, a
/// wave at a time, and hands the results to `combine` in block order.
fn in_blocks<T: Send>(
    samples: u64,
    size: u64,
    cancel: &AtomicBool,
    block: impl Fn(u64, u64) -> Result<T, Error> + Sync,
    mut combine: impl FnMut(T),
) -> Result<(), Error> {
    let blocks = samples.div_ceil(size);
    let mut wave = 0;
    while wave < blocks {
        let last = (wave + BLOCKS_PER_WAVE).min(blocks);
        let results: Vec<Result<T, Error>> = (wave..last)
            .into_par_iter()
            .map(|b| {
                if cancel.load(Ordering::Relaxed) {
                    return Err(Error::Cancelled);
                }
                let start = b * size;
                block(start, (start + size).min(samples))
            })
            .collect();
        for result in results {
            combine(result?);
        }
        wave = last;
    }
    Ok(())
}
