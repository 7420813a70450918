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

use crate::assessment::{Assessment, Weighting};
use crate::completion::{CompletionMethod, complete};
use crate::model::{Model, Site};
use crate::pairwise::PairwiseMatrix;
use crate::plugin::ScorerInputs;
use crate::priority::{PriorityMethod, additive, geometric_mean, principal_eigen};
use crate::settings::{Settings, SynthesisMode};
use crate::synthesis::{TIE_TOLERANCE, evaluate};
use crate::value_function::ResolvedFunction;
use crate::{Error, ScorerError};
use rayon::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};

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

/// Samples per block: the unit of parallel work, of generator position and
/// of the order in which partial sums are combined.
pub const BLOCK_SAMPLES: u64 = 65_536;

/// Blocks in flight at once; bounds the memory held by partial results.
const BLOCKS_PER_WAVE: u64 = 64;

/// Power iteration in sampling stops when no weight of any sample in a
/// batch moved by more than this in a step (weights sum to 1). Looser than
/// [`crate::priority::EIGEN_TOLERANCE`] (1e-12): the remaining error, about
/// this times |λ₂/λ₁| / (1 − |λ₂/λ₁|), is far below what changes a rank.
pub const SAMPLE_EIGEN_TOLERANCE: f64 = 1e-10;

/// Steps after which a batch's power iteration counts as not converged.
const MAX_SAMPLE_POWER_STEPS: usize = 1_000;

/// Samples processed together in structure-of-arrays form: each quantity of
/// a batch is a row of `LANES` values, so the inner loops run across
/// samples and vectorise.
const LANES: usize = 32;
type Lanes = [f64; LANES];
/// Two-sample chunks of a batch in the eigenvector kernel.
const CHUNKS: usize = LANES / 2;
const ZERO: Lanes = [0.0; LANES];

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;
/// Mixed into the seed to key the data stream apart from the weight stream.
const DATA_STREAM: u64 = 0x6461_7461_2d72_616e; // "data-ran"

/// SplitMix64's output function (Steele, Lea & Flood 2014).
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Output `t` (0, 1, …) of SplitMix64 whose state starts at `key`.
pub fn splitmix64(key: u64, t: u64) -> u64 {
    mix(key.wrapping_add(t.wrapping_add(1).wrapping_mul(GOLDEN)))
}

/// A uniform double in [0, 1) from the top 53 bits: (bits >> 11) · 2⁻⁵³,
/// exactly. The integer is converted in two halves by the exponent trick
/// (2⁵² + x has x in its mantissa), which vectorises where a 64-bit
/// integer conversion does not (SSE2 has none).
fn uniform(bits: u64) -> f64 {
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    let x = bits >> 11;
    let high = f64::from_bits(TWO_52.to_bits() | (x >> 32)) - TWO_52;
    let low = f64::from_bits(TWO_52.to_bits() | (x & 0xFFFF_FFFF)) - TWO_52;
    (high * 4_294_967_296.0 + low) * (1.0 / 9_007_199_254_740_992.0)
}

/// e^x for |x| ≤ 708, within about 1 ulp, branch-free so that a loop of
/// it vectorises (libm's `exp` is a call per value): x = k ln 2 + r with
/// |r| ≤ ln 2 / 2 (Cody & Waite's two-part ln 2, fdlibm's constants), e^r
/// by its Taylor polynomial to degree 13 (remainder below 5e-18) evaluated
/// by Estrin's scheme (short dependency chains), 2^k by building the
/// exponent bits.
fn exp(x: f64) -> f64 {
    const SHIFT: f64 = 6_755_399_441_055_744.0; // 1.5 · 2^52: adding it rounds to an integer
    // ln 2 = LN2_HI + LN2_LO; LN2_HI has 32 trailing zero bits, so k · LN2_HI is exact.
    const LN2_HI: f64 = f64::from_bits(0x3FE6_2E42_FEE0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3DEA_39EF_3579_3C76);
    // 1/k!, k = 0..=13.
    const C: [f64; 14] = [
        1.0,
        1.0,
        1.0 / 2.0,
        1.0 / 6.0,
        1.0 / 24.0,
        1.0 / 120.0,
        1.0 / 720.0,
        1.0 / 5_040.0,
        1.0 / 40_320.0,
        1.0 / 362_880.0,
        1.0 / 3_628_800.0,
        1.0 / 39_916_800.0,
        1.0 / 479_001_600.0,
        1.0 / 6_227_020_800.0,
    ];
    let t = x * std::f64::consts::LOG2_E + SHIFT;
    let k = t - SHIFT;
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let r2 = r * r;
    let r4 = r2 * r2;
    let r8 = r4 * r4;
    let pair = |i: usize| C[i] + C[i + 1] * r;
    let low = (pair(0) + pair(2) * r2) + (pair(4) + pair(6) * r2) * r4;
    let high = (pair(8) + pair(10) * r2) + pair(12) * r4;
    let p = low + high * r8;
    // t = 1.5 · 2^52 + k exactly, so k is the difference of the bit patterns.
    let k_bits = t.to_bits().wrapping_sub(SHIFT.to_bits());
    p * f64::from_bits(k_bits.wrapping_add(1023) << 52)
}

/// Fills `out[j][l]` with draw j of sample `first + l` of the stream `key`,
/// `out.len()` draws per sample. Lanes innermost: contiguous stores.
fn fill_uniforms(key: u64, first: u64, out: &mut [Lanes]) {
    let per_sample = out.len() as u64;
    let stride = per_sample.wrapping_mul(GOLDEN);
    for (j, row) in out.iter_mut().enumerate() {
        let t = first.wrapping_mul(per_sample).wrapping_add(j as u64);
        let mut z = key.wrapping_add(t.wrapping_add(1).wrapping_mul(GOLDEN));
        for x in row.iter_mut() {
            *x = uniform(mix(z));
            z = z.wrapping_add(stride);
        }
    }
}

/// Fills `out[j][l]` with uniforms in [0, 1) on a 2⁻³² grid for sample
/// `first + l` of the stream `key`: the high and then the low 32 bits of
/// each SplitMix64 output, ⌈out.len() / 2⌉ outputs per sample. Half the
/// generator work of [`fill_uniforms`], for the simplex, where a 2⁻³² grid
/// is far finer than anything a weight can mean.
fn fill_uniform_halves(key: u64, first: u64, out: &mut [Lanes]) {
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    let half = |x: u64| (f64::from_bits(TWO_52.to_bits() | x) - TWO_52) * (1.0 / 4_294_967_296.0);
    let per_sample = out.len().div_ceil(2) as u64;
    let stride = per_sample.wrapping_mul(GOLDEN);
    for (p, rows) in out.chunks_mut(2).enumerate() {
        let t = first.wrapping_mul(per_sample).wrapping_add(p as u64);
        let mut z = key.wrapping_add(t.wrapping_add(1).wrapping_mul(GOLDEN));
        match rows {
            [a, b] => {
                for l in 0..LANES {
                    let bits = mix(z);
                    a[l] = half(bits >> 32);
                    b[l] = half(bits & 0xFFFF_FFFF);
                    z = z.wrapping_add(stride);
                }
            }
            [a] => {
                for x in a.iter_mut() {
                    *x = half(mix(z) >> 32);
                    z = z.wrapping_add(stride);
                }
            }
            _ => {}
        }
    }
}

/// Batcher's odd–even merge sort as a list of compare-exchanges (i < j:
/// the smaller value goes to i), for any length: the network for the next
/// power of two with the comparators that reach past the end left out.
fn sorting_network(len: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut p = 1;
    while p < len {
        let mut k = p;
        while k >= 1 {
            let mut j = k % p;
            while j + k < len {
                for i in 0..k.min(len - j - k) {
                    if (i + j) / (2 * p) == (i + j + k) / (2 * p) {
                        out.push((i + j, i + j + k));
                    }
                }
                j += 2 * k;
            }
            k /= 2;
        }
        p *= 2;
    }
    out
}

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
/// alternative's value from its inputs at one point.
pub type Scorer = Box<dyn FnMut(&ScorerInputs) -> Result<Vec<f64>, crate::PluginError>>;

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
    if options.samples == 0 {
        return Err(Error::NoSamples);
    }
    if let WeightSampling::PerturbJudgments { spread } = options.weights
        && !(spread.is_finite() && spread > 1.0 && spread <= MAX_SPREAD)
    {
        return Err(Error::BadSpread { spread });
    }
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

    let mut counts = vec![0u64; m * m];
    let mut sums = vec![0.0f64; m * n];
    in_blocks(
        samples,
        |start, end| {
            let partial = plan.block(start, end, scorers);
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
    if data_varies {
        let mut firsts = vec![0u64; central.len()];
        in_blocks(
            samples,
            |start, end| {
                let partial = plan.confidence_block(&central, start, end, scorers);
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

/// Runs `block(start, end)` over the blocks of `0..samples` in parallel, a
/// wave at a time, and hands the results to `combine` in block order.
fn in_blocks<T: Send>(
    samples: u64,
    block: impl Fn(u64, u64) -> Result<T, Error> + Sync,
    mut combine: impl FnMut(T),
) -> Result<(), Error> {
    let blocks = samples.div_ceil(BLOCK_SAMPLES);
    let mut wave = 0;
    while wave < blocks {
        let last = (wave + BLOCKS_PER_WAVE).min(blocks);
        let results: Vec<Result<T, Error>> = (wave..last)
            .into_par_iter()
            .map(|b| {
                let start = b * BLOCK_SAMPLES;
                block(start, (start + BLOCK_SAMPLES).min(samples))
            })
            .collect();
        for result in results {
            combine(result?);
        }
        wave = last;
    }
    Ok(())
}

/// Everything a block needs, prepared once from the model's evaluation.
struct Plan {
    alternatives: Vec<String>,
    criteria: Vec<String>,
    /// Alternatives and leaf criteria.
    m: usize,
    n: usize,
    /// v_ak at `a * n + k`: local priorities after the synthesis mode, data
    /// at the range point; 0 where `data` supplies them per sample.
    fixed: Vec<f64>,
    weights: WeightPlan,
    weight_draws: usize,
    weight_key: u64,
    /// Leaves whose data vary (empty unless `DataSampling::Ranges`).
    data: Vec<DataLeaf>,
    data_draws: usize,
    data_key: u64,
    mode: SynthesisMode,
}

enum WeightPlan {
    Simplex { network: Vec<(usize, usize)> },
    Judgments(Tree),
}

/// The criteria tree for judgment perturbation.
struct Tree {
    /// The goal's set first, then each parent's, parents before children.
    sets: Vec<WeightSet>,
    nodes: usize,
    /// The node of each leaf, in leaf order.
    leaves: Vec<usize>,
    log_spread: f64,
    method: PriorityMethod,
    completion: CompletionMethod,
    /// The largest set.
    width: usize,
}

struct WeightSet {
    /// `None` for the goal.
    parent: Option<usize>,
    children: Vec<usize>,
    rule: SetRule,
}

enum SetRule {
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
struct Pair {
    i: usize,
    j: usize,
    value: f64,
    log: f64,
    draw: usize,
}

struct DataLeaf {
    /// Index in leaf order.
    leaf: usize,
    values: Vec<DataValue>,
    function: ResolvedFunction,
    /// For a scripted criterion with a scorer: its inputs (names, and
    /// `[input][alternative]`), drawn instead of `values`.
    script: Option<(Vec<String>, Vec<Vec<DataValue>>)>,
}

struct DataValue {
    low: f64,
    width: f64,
    /// Which draw of a sample sets it; `None` for an exact value.
    draw: Option<usize>,
}

/// Per-block buffers: nothing is allocated per sample.
struct Scratch {
    weight_draws: Vec<Lanes>,
    /// Leaf weights of the batch.
    w: Vec<Lanes>,
    /// Global weight of every node (judgment perturbation).
    nodes: Vec<Lanes>,
    local: Vec<Lanes>,
    /// Perturbed matrices, by two-sample chunk, column by column.
    columns: Vec<[f64; 2]>,
    pair_buffers: (Vec<[f64; 2]>, Vec<[f64; 2]>),
    data_draws: Vec<Lanes>,
    /// Local priority of alternative a on varying leaf d at `d * m + a`.
    data: Vec<Lanes>,
    scores: Vec<Lanes>,
    ranks: Vec<Lanes>,
    /// One scorer per scripted data leaf (`None` for the others).
    scorers: Vec<Result<Option<Scorer>, crate::PluginError>>,
}

fn to_f64(d: rust_decimal::Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

impl Plan {
    fn new(
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
                        // A scorer that cannot be made reports its error in the sampling.
                        if !matches!(scorers(id), Ok(None))
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

    fn scratch(&self, scorers: &ScorerFactory<'_>) -> Scratch {
        let (width, nodes) = match &self.weights {
            WeightPlan::Simplex { .. } => (0, 0),
            WeightPlan::Judgments(tree) => (tree.width, tree.nodes),
        };
        Scratch {
            weight_draws: vec![ZERO; self.weight_draws],
            w: vec![ZERO; self.n],
            nodes: vec![ZERO; nodes],
            local: vec![ZERO; width],
            columns: vec![[0.0; 2]; CHUNKS * width * width],
            pair_buffers: (vec![[0.0; 2]; width], vec![[0.0; 2]; width]),
            data_draws: vec![ZERO; self.data_draws],
            data: vec![ZERO; self.data.len() * self.m],
            scores: vec![ZERO; self.m],
            ranks: vec![ZERO; self.m],
            scorers: self
                .data
                .iter()
                .map(|leaf| match leaf.script {
                    Some(_) => scorers(&self.criteria[leaf.leaf]),
                    None => Ok(None),
                })
                .collect(),
        }
    }

    /// Samples `start..end`: rank counts `[a * m + r]` and the sums of the
    /// leaf weights over the samples where a ranks first, `[a * n + k]`.
    fn block(
        &self,
        start: u64,
        end: u64,
        scorers: &ScorerFactory<'_>,
    ) -> Result<(Vec<u64>, Vec<f64>), Error> {
        let (m, n) = (self.m, self.n);
        let mut scratch = self.scratch(scorers);
        // Per-lane tallies, reduced in lane order at the end of the block.
        let mut counts = vec![[0u64; LANES]; m * m];
        let mut sums = vec![ZERO; m * n];
        let mut first = start;
        while first < end {
            let valid = (end - first).min(LANES as u64) as usize;
            self.weights(first, &mut scratch)?;
            self.sample_data(first, &mut scratch)?;
            self.scores(&mut scratch);
            ranks(&scratch.scores, valid, &mut scratch.ranks);
            for (a, rank) in scratch.ranks.iter().enumerate() {
                // Rows are updated through local copies: the compiler cannot
                // tell that `counts`, `sums` and `scratch` do not overlap, and
                // would not vectorise otherwise.
                for (r, count) in counts[a * m..(a + 1) * m].iter_mut().enumerate() {
                    let r = r as f64;
                    let mut c = *count;
                    for l in 0..LANES {
                        c[l] += u64::from(rank[l] == r);
                    }
                    *count = c;
                }
                // A 0/1 factor rather than `if`: branch-free, so it vectorises.
                let mut winner = ZERO;
                for l in 0..LANES {
                    winner[l] = if rank[l] == 0.0 { 1.0 } else { 0.0 };
                }
                for (sum, w) in sums[a * n..(a + 1) * n].iter_mut().zip(&scratch.w) {
                    let mut total = *sum;
                    for l in 0..LANES {
                        total[l] += w[l] * winner[l];
                    }
                    *sum = total;
                }
            }
            first += LANES as u64;
        }
        Ok((
            counts.iter().map(|c| c.iter().sum::<u64>()).collect(),
            sums.iter().map(|s| s.iter().sum()).collect(),
        ))
    }

    /// For each `(a, w)` of `central`: in how many of the samples
    /// `start..end` a ranks first with the weights fixed at w.
    fn confidence_block(
        &self,
        central: &[(usize, Vec<f64>)],
        start: u64,
        end: u64,
        scorers: &ScorerFactory<'_>,
    ) -> Result<Vec<u64>, Error> {
        let (m, n) = (self.m, self.n);
        let mut scratch = self.scratch(scorers);
        // Σ_k w_k v_bk over the leaves whose data do not vary.
        let base: Vec<Vec<f64>> = central
            .iter()
            .map(|(_, w)| {
                (0..m)
                    .map(|b| (0..n).map(|k| w[k] * self.fixed[b * n + k]).sum())
                    .collect()
            })
            .collect();
        let mut firsts = vec![ZERO; central.len()];
        let mut first = start;
        while first < end {
            let valid = (end - first).min(LANES as u64) as usize;
            self.sample_data(first, &mut scratch)?;
            for (((a, w), base), tally) in central.iter().zip(&base).zip(firsts.iter_mut()) {
                for (b, score) in scratch.scores.iter_mut().enumerate() {
                    *score = [base[b]; LANES];
                    for (d, leaf) in self.data.iter().enumerate() {
                        let wk = w[leaf.leaf];
                        let v = &scratch.data[d * m + b];
                        for l in 0..LANES {
                            score[l] += wk * v[l];
                        }
                    }
                }
                let own = scratch.scores[*a];
                let mut beaten = ZERO;
                for score in &scratch.scores {
                    for l in 0..LANES {
                        beaten[l] += if score[l] > own[l] + TIE_TOLERANCE {
                            1.0
                        } else {
                            0.0
                        };
                    }
                }
                for l in 0..valid {
                    tally[l] += if beaten[l] == 0.0 { 1.0 } else { 0.0 };
                }
            }
            first += LANES as u64;
        }
        Ok(firsts
            .iter()
            .map(|c| c.iter().sum::<f64>() as u64)
            .collect())
    }

    /// Leaf weights of samples `first..first + LANES` into `scratch.w`.
    fn weights(&self, first: u64, s: &mut Scratch) -> Result<(), Error> {
        match &self.weights {
            WeightPlan::Simplex { network } => {
                fill_uniform_halves(self.weight_key, first, &mut s.weight_draws);
                simplex(network, &mut s.weight_draws, &mut s.w);
                Ok(())
            }
            WeightPlan::Judgments(tree) => {
                fill_uniforms(self.weight_key, first, &mut s.weight_draws);
                tree.weights(s)
            }
        }
    }

    /// Local priorities of the varying leaves for samples `first..first + LANES`.
    fn sample_data(&self, first: u64, s: &mut Scratch) -> Result<(), Error> {
        if self.data.is_empty() {
            return Ok(());
        }
        fill_uniforms(self.data_key, first, &mut s.data_draws);
        let m = self.m;
        let draw = |value: &DataValue, draws: &[Lanes], l: usize| match value.draw {
            Some(j) => value.low + value.width * draws[j][l],
            None => value.low,
        };
        for (d, leaf) in self.data.iter().enumerate() {
            for l in 0..LANES {
                // The leaf's raw values for this sample: drawn, or computed
                // by its scorer from drawn inputs.
                let failed = |source| Error::Scorer {
                    criterion: self.criteria[leaf.leaf].clone(),
                    source,
                };
                let raw: Vec<f64> = match (&leaf.script, s.scorers[d].as_mut()) {
                    (Some((names, inputs)), Ok(Some(scorer))) => {
                        let sample = ScorerInputs {
                            alternatives: self.alternatives.clone(),
                            inputs: names
                                .iter()
                                .zip(inputs)
                                .map(|(name, row)| {
                                    (
                                        name.clone(),
                                        row.iter().map(|v| draw(v, &s.data_draws, l)).collect(),
                                    )
                                })
                                .collect(),
                        };
                        let values = scorer(&sample).map_err(|e| failed(ScorerError::Plugin(e)))?;
                        if values.len() != m || values.iter().any(|v| !v.is_finite()) {
                            return Err(failed(ScorerError::BadValues {
                                got: values.len(),
                                expected: m,
                            }));
                        }
                        values
                    }
                    (Some(_), Ok(None)) => return Err(failed(ScorerError::Missing)),
                    (Some(_), Err(e)) => return Err(failed(ScorerError::Plugin(e.clone()))),
                    (None, _) => leaf
                        .values
                        .iter()
                        .map(|v| draw(v, &s.data_draws, l))
                        .collect(),
                };
                let out = &mut s.data[d * m..(d + 1) * m];
                let mut divisor: f64 = 0.0;
                for (x, row) in raw.iter().zip(out.iter_mut()) {
                    let v = leaf.function.value(*x).0;
                    row[l] = v;
                    divisor = match self.mode {
                        SynthesisMode::Distributive => divisor + v,
                        SynthesisMode::Ideal => divisor.max(v),
                    };
                }
                // As `evaluate`: every value 0 → the alternatives share equally.
                let (scale, equal) = if divisor > 0.0 {
                    (1.0 / divisor, None)
                } else {
                    match self.mode {
                        SynthesisMode::Distributive => (0.0, Some(1.0 / m as f64)),
                        SynthesisMode::Ideal => (0.0, Some(1.0)),
                    }
                };
                for row in out.iter_mut() {
                    row[l] = equal.unwrap_or(row[l] * scale);
                }
            }
        }
        Ok(())
    }

    /// Scores Σ_k w_k v_ak of the batch into `scratch.scores`.
    fn scores(&self, s: &mut Scratch) {
        let n = self.n;
        for (a, score) in s.scores.iter_mut().enumerate() {
            let mut acc = ZERO;
            for (v, w) in self.fixed[a * n..(a + 1) * n].iter().zip(&s.w) {
                for l in 0..LANES {
                    acc[l] += v * w[l];
                }
            }
            for (d, leaf) in self.data.iter().enumerate() {
                let w = &s.w[leaf.leaf];
                let v = &s.data[d * self.m + a];
                for l in 0..LANES {
                    acc[l] += v[l] * w[l];
                }
            }
            *score = acc;
        }
    }
}

/// Competition ranks, 0-based (0 = best): the number of alternatives
/// scoring more than [`TIE_TOLERANCE`] better. Lanes from `valid` on get a
/// rank that matches no counter.
fn ranks(scores: &[Lanes], valid: usize, out: &mut [Lanes]) {
    for (a, rank) in out.iter_mut().enumerate() {
        let own = &scores[a];
        let mut r = ZERO;
        for (b, other) in scores.iter().enumerate() {
            if b != a {
                for l in 0..LANES {
                    r[l] += if other[l] > own[l] + TIE_TOLERANCE {
                        1.0
                    } else {
                        0.0
                    };
                }
            }
        }
        for x in &mut r[valid..] {
            *x = f64::INFINITY;
        }
        *rank = r;
    }
}

/// Uniform weights on the simplex from n − 1 uniforms per sample (in
/// `draws`, sorted here in place): the spacings of the sorted uniforms.
fn simplex(network: &[(usize, usize)], draws: &mut [Lanes], w: &mut [Lanes]) {
    let n = w.len();
    if n <= 1 {
        for row in w.iter_mut() {
            *row = [1.0; LANES];
        }
        return;
    }
    for &(i, j) in network {
        let (low, high) = draws.split_at_mut(j);
        let (a, b) = (&mut low[i], &mut high[0]);
        // Into fresh rows, not swapped in place: the compiler then emits
        // minpd/maxpd rather than branches around stores (and the inputs
        // hold no NaN, so `f64::min`'s NaN handling would be wasted).
        let (mut lo, mut hi) = (ZERO, ZERO);
        for l in 0..LANES {
            let (x, y) = (a[l], b[l]);
            lo[l] = if x < y { x } else { y };
            hi[l] = if x < y { y } else { x };
        }
        *a = lo;
        *b = hi;
    }
    w[0] = draws[0];
    for k in 1..n - 1 {
        for l in 0..LANES {
            w[k][l] = draws[k][l] - draws[k - 1][l];
        }
    }
    for l in 0..LANES {
        w[n - 1][l] = 1.0 - draws[n - 2][l];
    }
}

impl Tree {
    fn weights(&self, s: &mut Scratch) -> Result<(), Error> {
        for set in &self.sets {
            let k = set.children.len();
            match &set.rule {
                SetRule::Fixed(local) => {
                    for (row, &x) in s.local.iter_mut().zip(local) {
                        *row = [x; LANES];
                    }
                }
                SetRule::Complete { pairs, start, site } => match self.method {
                    PriorityMethod::Eigenvector => self.eigen(pairs, start, site, s)?,
                    PriorityMethod::Geometric => self.geometric(k, pairs, s),
                    PriorityMethod::Additive => self.additive(k, pairs, s),
                },
                SetRule::Gaps { items, pairs, site } => self.gaps(items, pairs, site, s)?,
            }
            for (c, &child) in set.children.iter().enumerate() {
                match set.parent {
                    None => s.nodes[child] = s.local[c],
                    Some(p) => {
                        let parent = s.nodes[p];
                        for l in 0..LANES {
                            s.nodes[child][l] = parent[l] * s.local[c][l];
                        }
                    }
                }
            }
        }
        for (w, &leaf) in s.w.iter_mut().zip(&self.leaves) {
            *w = s.nodes[leaf];
        }
        Ok(())
    }

    /// The perturbed entry a_ij · spread^(2u − 1) of each lane.
    fn perturbed(&self, pair: &Pair, draws: &[Lanes]) -> Lanes {
        let u = &draws[pair.draw];
        let mut out = ZERO;
        if self.log_spread <= 708.0 {
            for l in 0..LANES {
                out[l] = pair.value * exp(self.log_spread * (2.0 * u[l] - 1.0));
            }
        } else {
            // Beyond the range of the fast exponential (a spread above 1e307).
            for l in 0..LANES {
                out[l] = pair.value * (self.log_spread * (2.0 * u[l] - 1.0)).exp();
            }
        }
        out
    }

    /// Principal eigenvectors of the batch's perturbed matrices into
    /// `s.local`, by power iteration warm-started at `start`, two samples
    /// (one SSE register) at a time.
    fn eigen(
        &self,
        pairs: &[Pair],
        start: &[f64],
        site: &Site,
        s: &mut Scratch,
    ) -> Result<(), Error> {
        let n = start.len();
        let size = n * n;
        self.fill_columns(n, pairs, s);
        let a = &s.columns[..CHUNKS * size];
        for (c, columns) in a.chunks_exact(size).enumerate() {
            let converged = match n {
                2 => power::<2>(columns, start, &mut s.local, c),
                3 => power::<3>(columns, start, &mut s.local, c),
                4 => power::<4>(columns, start, &mut s.local, c),
                5 => power::<5>(columns, start, &mut s.local, c),
                6 => power::<6>(columns, start, &mut s.local, c),
                7 => power::<7>(columns, start, &mut s.local, c),
                8 => power::<8>(columns, start, &mut s.local, c),
                9 => power::<9>(columns, start, &mut s.local, c),
                10 => power::<10>(columns, start, &mut s.local, c),
                11 => power::<11>(columns, start, &mut s.local, c),
                12 => power::<12>(columns, start, &mut s.local, c),
                _ => power_any(columns, start, &mut s.local, c, &mut s.pair_buffers),
            };
            if !converged {
                // A very inconsistent sample (a wide --spread) can have a
                // second eigenvalue close to the first, where the batched
                // iteration gives up: solve the two matrices one by one
                // with the crate's eigenvector, which falls back to
                // repeated squaring. A pure function of each matrix, so the
                // results still do not depend on the threads.
                for half in 0..2 {
                    let matrix = nalgebra::DMatrix::from_fn(n, n, |i, j| columns[j * n + i][half]);
                    let (_, w) = crate::priority::principal_eigen(&matrix).map_err(|e| {
                        Error::NotConverged {
                            site: site.clone(),
                            iterations: MAX_SAMPLE_POWER_STEPS + e.iterations,
                        }
                    })?;
                    for (i, x) in w.into_iter().enumerate() {
                        s.local[i][2 * c + half] = x;
                    }
                }
            }
        }
        Ok(())
    }

    /// The batch's perturbed matrices into `s.columns`: chunk c holds the
    /// matrices of lanes 2c and 2c + 1, column by column, entry (i, j) at
    /// c · n² + j · n + i.
    fn fill_columns(&self, n: usize, pairs: &[Pair], s: &mut Scratch) {
        let size = n * n;
        let a = &mut s.columns[..CHUNKS * size];
        for c in 0..CHUNKS {
            for i in 0..n {
                a[c * size + i * n + i] = [1.0; 2];
            }
        }
        for pair in pairs {
            let up = self.perturbed(pair, &s.weight_draws);
            for c in 0..CHUNKS {
                let (x, y) = (up[2 * c], up[2 * c + 1]);
                a[c * size + pair.j * n + pair.i] = [x, y];
                a[c * size + pair.i * n + pair.j] = [1.0 / x, 1.0 / y];
            }
        }
    }

    /// Additive normalisation (columns divided by their sums, rows
    /// averaged) of the batch's perturbed matrices into `s.local`: the same
    /// arithmetic as [`additive`], two samples at a time.
    fn additive(&self, n: usize, pairs: &[Pair], s: &mut Scratch) {
        let size = n * n;
        self.fill_columns(n, pairs, s);
        let a = &s.columns[..CHUNKS * size];
        for row in s.local[..n].iter_mut() {
            *row = ZERO;
        }
        for (c, columns) in a.chunks_exact(size).enumerate() {
            for column in columns.chunks_exact(n) {
                let mut sum = [0.0; 2];
                for entry in column {
                    sum[0] += entry[0];
                    sum[1] += entry[1];
                }
                for (i, entry) in column.iter().enumerate() {
                    s.local[i][2 * c] += entry[0] / sum[0];
                    s.local[i][2 * c + 1] += entry[1] / sum[1];
                }
            }
        }
        let mut total = ZERO;
        for row in s.local[..n].iter() {
            for l in 0..LANES {
                total[l] += row[l];
            }
        }
        for row in s.local[..n].iter_mut() {
            for l in 0..LANES {
                row[l] /= total[l];
            }
        }
    }

    /// Row geometric means of the batch's perturbed matrices into
    /// `s.local`, in logarithms: n exponentials per sample.
    fn geometric(&self, n: usize, pairs: &[Pair], s: &mut Scratch) {
        let logs = &mut s.local[..n];
        for row in logs.iter_mut() {
            *row = ZERO;
        }
        for pair in pairs {
            let u = &s.weight_draws[pair.draw];
            for l in 0..LANES {
                let x = pair.log + self.log_spread * (2.0 * u[l] - 1.0);
                logs[pair.i][l] += x;
                logs[pair.j][l] -= x;
            }
        }
        let mut sum = ZERO;
        for row in logs.iter_mut() {
            for l in 0..LANES {
                row[l] = (row[l] / n as f64).exp();
                sum[l] += row[l];
            }
        }
        for row in logs.iter_mut() {
            for l in 0..LANES {
                row[l] /= sum[l];
            }
        }
    }

    /// A matrix with gaps, one sample at a time through the crate's own
    /// completion and priorities.
    fn gaps(
        &self,
        items: &[String],
        pairs: &[Pair],
        site: &Site,
        s: &mut Scratch,
    ) -> Result<(), Error> {
        let n = items.len();
        let perturbed: Vec<Lanes> = pairs
            .iter()
            .map(|p| self.perturbed(p, &s.weight_draws))
            .collect();
        let not_converged = |e: crate::priority::NotConverged| Error::NotConverged {
            site: site.clone(),
            iterations: e.iterations,
        };
        let mut rows = vec![vec![None; n]; n];
        for l in 0..LANES {
            for (i, row) in rows.iter_mut().enumerate() {
                row[i] = Some(1.0);
            }
            for (pair, up) in pairs.iter().zip(&perturbed) {
                rows[pair.i][pair.j] = Some(up[l]);
                rows[pair.j][pair.i] = Some(1.0 / up[l]);
            }
            let matrix = PairwiseMatrix::from_rows(items, &rows, site)?;
            let (dense, _) = complete(&matrix, self.completion).map_err(|e| e.at(site))?;
            let priorities = match self.method {
                PriorityMethod::Eigenvector => principal_eigen(&dense).map_err(not_converged)?.1,
                PriorityMethod::Geometric => geometric_mean(&dense),
                PriorityMethod::Additive => additive(&dense),
            };
            for (row, p) in s.local.iter_mut().zip(priorities) {
                row[l] = p;
            }
        }
        Ok(())
    }
}

/// Power iteration on the two matrices of one chunk (`columns`, column by
/// column, n = N), from `start`; the eigenvectors (sum 1) go to lanes 2c
/// and 2c + 1 of `out`. The size is a constant so that the loops unroll and
/// the vectors stay in registers. False if it did not converge.
fn power<const N: usize>(columns: &[[f64; 2]], start: &[f64], out: &mut [Lanes], c: usize) -> bool {
    let Ok(columns) = <&[[[f64; 2]; N]; N]>::try_from(columns.as_chunks::<N>().0) else {
        return false;
    };
    let mut w = [[0.0; 2]; N];
    for (x, s) in w.iter_mut().zip(start) {
        *x = [*s; 2];
    }
    let mut column_sums = [[0.0; 2]; N];
    for (sum, column) in column_sums.iter_mut().zip(columns) {
        for a in column {
            sum[0] += a[0];
            sum[1] += a[1];
        }
    }
    for _ in 0..MAX_SAMPLE_POWER_STEPS {
        let mut y = [[0.0; 2]; N];
        // Σ_i y_i = Σ_j (Σ_i a_ij) w_j, summed as a tree: computed beside y
        // rather than after it, so that a step waits for no long chain of
        // additions before its division.
        let mut terms = [[0.0; 2]; N];
        for j in 0..N {
            let x = w[j];
            for i in 0..N {
                y[i][0] += columns[j][i][0] * x[0];
                y[i][1] += columns[j][i][1] * x[1];
            }
            terms[j] = [column_sums[j][0] * x[0], column_sums[j][1] * x[1]];
        }
        let mut len = N;
        while len > 1 {
            let half = len / 2;
            for i in 0..half {
                let other = terms[len - 1 - i];
                terms[i][0] += other[0];
                terms[i][1] += other[1];
            }
            len -= half;
        }
        match step(&mut w, &y, terms[0]) {
            Step::Moving => {}
            Step::Converged => {
                for (row, x) in out.iter_mut().zip(&w) {
                    row[2 * c] = x[0];
                    row[2 * c + 1] = x[1];
                }
                return true;
            }
            Step::Failed => return false,
        }
    }
    false
}

/// [`power`] for any size, with buffers from the caller.
fn power_any(
    columns: &[[f64; 2]],
    start: &[f64],
    out: &mut [Lanes],
    c: usize,
    buffers: &mut (Vec<[f64; 2]>, Vec<[f64; 2]>),
) -> bool {
    let n = start.len();
    let (w, y) = buffers;
    let (w, y) = (&mut w[..n], &mut y[..n]);
    for (x, s) in w.iter_mut().zip(start) {
        *x = [*s; 2];
    }
    for _ in 0..MAX_SAMPLE_POWER_STEPS {
        y.fill([0.0; 2]);
        for (column, x) in columns.chunks_exact(n).zip(w.iter()) {
            for (y, a) in y.iter_mut().zip(column) {
                y[0] += a[0] * x[0];
                y[1] += a[1] * x[1];
            }
        }
        let mut total = [0.0; 2];
        for y in y.iter() {
            total[0] += y[0];
            total[1] += y[1];
        }
        match step(w, y, total) {
            Step::Moving => {}
            Step::Converged => {
                for (row, x) in out.iter_mut().zip(w.iter()) {
                    row[2 * c] = x[0];
                    row[2 * c + 1] = x[1];
                }
                return true;
            }
            Step::Failed => return false,
        }
    }
    false
}

enum Step {
    Moving,
    Converged,
    /// The sum was not positive and finite (the vector holds no eigenvector).
    Failed,
}

/// w ← y / Σy (`sum` = Σy); converged once no component moved by more than
/// [`SAMPLE_EIGEN_TOLERANCE`].
fn step(w: &mut [[f64; 2]], y: &[[f64; 2]], sum: [f64; 2]) -> Step {
    let inverse = [1.0 / sum[0], 1.0 / sum[1]];
    let mut change: [f64; 2] = [0.0; 2];
    for (x, y) in w.iter_mut().zip(y) {
        for t in 0..2 {
            let v = y[t] * inverse[t];
            let d = (v - x[t]).abs();
            change[t] = if d > change[t] { d } else { change[t] };
            x[t] = v;
        }
    }
    if change[0] <= SAMPLE_EIGEN_TOLERANCE && change[1] <= SAMPLE_EIGEN_TOLERANCE {
        // NaN never raises `change`: check the sum once, here.
        let valid = |t: usize| sum[t] > 0.0 && sum[t].is_finite();
        if valid(0) && valid(1) {
            Step::Converged
        } else {
            Step::Failed
        }
    } else {
        Step::Moving
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_matches_the_baseline_stream() {
        // python3 -c "from common import splitmix64, uniform01; ..." in shared/bench.
        assert_eq!(splitmix64(42, 0), 13679457532755275413);
        assert_eq!(splitmix64(42, 1), 2949826092126892291);
        assert_eq!(splitmix64(42, 2), 5139283748462763858);
        assert_eq!(uniform(splitmix64(42, 0)), 0.7415648787718233);
        let mut rows = vec![ZERO; 3];
        fill_uniforms(42, 0, &mut rows);
        assert_eq!(rows[1][0], 0.1599103928769201);
        assert_eq!(rows[0][1], uniform(splitmix64(42, 3)));
    }

    #[test]
    fn exp_is_within_two_ulps_of_libm() {
        let mut worst: f64 = 0.0;
        for i in 0..=200_000 {
            let x = -708.0 + 1416.0 * i as f64 / 200_000.0;
            for x in [x, x / 1000.0, x / 1e6] {
                let (ours, libm) = (exp(x), x.exp());
                worst = worst.max((ours - libm).abs() / libm);
            }
        }
        assert!(worst < 4.5e-16, "{worst:e}");
        assert_eq!(exp(0.0), 1.0);
    }

    #[test]
    fn halves_split_each_output() {
        let mut rows = vec![ZERO; 3];
        fill_uniform_halves(42, 5, &mut rows);
        // Sample 5 + l uses outputs 2 (5 + l) and 2 (5 + l) + 1.
        for l in [0, 7] {
            let t = 2 * (5 + l as u64);
            let (a, b) = (splitmix64(42, t), splitmix64(42, t + 1));
            assert_eq!(rows[0][l], (a >> 32) as f64 / 4_294_967_296.0);
            assert_eq!(rows[1][l], (a & 0xFFFF_FFFF) as f64 / 4_294_967_296.0);
            assert_eq!(rows[2][l], (b >> 32) as f64 / 4_294_967_296.0);
        }
    }

    #[test]
    fn sorting_networks_sort() {
        // The 0-1 principle: a network that sorts every 0/1 input sorts all.
        for len in 0..=12 {
            let network = sorting_network(len);
            for bits in 0u32..(1 << len) {
                let mut x: Vec<u32> = (0..len).map(|i| (bits >> i) & 1).collect();
                for &(i, j) in &network {
                    if x[i] > x[j] {
                        x.swap(i, j);
                    }
                }
                assert!(x.windows(2).all(|p| p[0] <= p[1]), "len {len}: {bits:b}");
            }
        }
    }

    #[test]
    fn simplex_weights_sum_to_one() {
        let n = 6;
        let mut draws = vec![ZERO; n - 1];
        fill_uniforms(7, 0, &mut draws);
        let mut w = vec![ZERO; n];
        simplex(&sorting_network(n - 1), &mut draws, &mut w);
        for l in 0..LANES {
            let sum: f64 = w.iter().map(|row| row[l]).sum();
            assert!((sum - 1.0).abs() < 1e-15);
            assert!(w.iter().all(|row| row[l] >= 0.0));
        }
    }
}
