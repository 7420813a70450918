//! The batched kernels: one batch of [`LANES`] samples at a time, each
//! quantity a row of lanes (structure of arrays) so that the inner loops run
//! across samples and vectorise. Leaf weights (simplex spacings, or
//! perturbed judgments through the priority methods), data drawn in their
//! ranges through the synthesis normalisation, scores and ranks, and the
//! tallies of a block.

use super::plan::{DataLeaf, DataValue, Pair, Plan, SetRule, Tree, WeightPlan};
use super::streams::{fill_uniform_halves, fill_uniforms};
use super::{Sample, Scorer, ScorerFactory};
use crate::completion::complete;
use crate::model::Site;
use crate::pairwise::PairwiseMatrix;
use crate::plugin::{BatchError, InputBatch};
use crate::priority::{Kernel, geometric_from_log_sums, priorities};
use crate::synthesis::{TIE_TOLERANCE, apply_mode};
use crate::{Error, ScorerError};
use std::sync::atomic::{AtomicBool, Ordering};

mod simplex;

/// A sample's eigenvector is done when two steps in a row of
/// double-precision power iteration (the last of the kernel's three
/// phases, `Tree::eigen`) moved none of its weights by more than this, or
/// one step by no more than a tenth of it (weights sum to 1). Looser than
/// [`crate::priority::EIGEN_TOLERANCE`] (1e-12): for judgments on Saaty's
/// scale the remaining error, about this times |λ₂/λ₁| / (1 − |λ₂/λ₁|), is
/// far below what changes a rank. It is an estimate, not a bound: for a
/// matrix far from symmetric (judgments near 1e±9) with λ₂ complex or
/// negative and near λ₁ in modulus it can be a thousand times larger.
pub const SAMPLE_EIGEN_TOLERANCE: f64 = 1e-10;

/// Steps after which a batch's power iteration counts as not converged.
const MAX_SAMPLE_POWER_STEPS: usize = 1_000;

/// Samples processed together in structure-of-arrays form: each quantity of
/// a batch is a row of `LANES` values, so the inner loops run across
/// samples and vectorise.
pub(super) const LANES: usize = 32;
pub(super) type Lanes = [f64; LANES];
/// Two-sample chunks of a batch in the priority methods' lane kernels.
const CHUNKS: usize = LANES / 2;
pub(super) const ZERO: Lanes = [0.0; LANES];
/// A matrix entry's lanes, aligned to a cache line: the power iteration
/// loads a vector register's worth of lanes at a time, and a load that
/// straddles two lines costs two.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
pub(super) struct Entry<T = f64>(pub(super) [T; LANES]);
/// e^x and e^−x for |x| ≤ 708, each within 1.5 ulps (of 2⁻⁵²), branch-free so
/// that a loop of it vectorises (libm's `exp` is a call per value): x =
/// k ln 2 + r with |r| ≤ ln 2 / 2 (Cody & Waite's two-part ln 2, fdlibm's
/// constants); e^±r by the Taylor polynomial to degree 13 (remainder below
/// 5e-18) split into its even and odd parts, E(r²) ± r O(r²), each by
/// Horner's rule in fused multiply–adds (the batch's lanes run side by
/// side, which hides the longer dependency chain, and it takes two
/// multiplications fewer than Estrin's scheme); 2^±k by building the
/// exponent bits. The pair costs one polynomial: a perturbed judgment and
/// its reciprocal without a division.
#[inline(always)]
fn exp_pair(x: f64) -> (f64, f64) {
    // Beyond it 2^−k no longer builds (the exponent wraps to a sign bit).
    debug_assert!(x.abs() <= 708.0, "exp_pair({x}) is out of its range");
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
    let t = x.mul_add(std::f64::consts::LOG2_E, SHIFT);
    let k = t - SHIFT;
    let r = (-k).mul_add(LN2_LO, (-k).mul_add(LN2_HI, x));
    let s = r * r;
    // The even part less its 1, s Σ C[2i + 2] sⁱ for i = 0..=5, and the
    // odd part, r Σ C[2i + 1] sⁱ for i = 0..=6: both small, so that adding
    // 1 last rounds once where it matters.
    let even = C[12]
        .mul_add(s, C[10])
        .mul_add(s, C[8])
        .mul_add(s, C[6])
        .mul_add(s, C[4])
        .mul_add(s, C[2]);
    let odd = r * C[13]
        .mul_add(s, C[11])
        .mul_add(s, C[9])
        .mul_add(s, C[7])
        .mul_add(s, C[5])
        .mul_add(s, C[3])
        .mul_add(s, C[1]);
    let (plus, minus) = (even.mul_add(s, odd), even.mul_add(s, -odd));
    // t = 1.5 · 2^52 + k exactly, so k is the difference of the bit patterns.
    let k_bits = t.to_bits().wrapping_sub(SHIFT.to_bits());
    let up = f64::from_bits(k_bits.wrapping_add(1023) << 52);
    let down = f64::from_bits(1023u64.wrapping_sub(k_bits) << 52);
    // (1 + q) 2^k with one rounding, as 2^k is a power of two.
    (plus.mul_add(up, up), minus.mul_add(down, down))
}

/// Batcher's odd–even merge sort as a list of compare-exchanges (i < j:
/// the smaller value goes to i), for any length: the network for the next
/// power of two with the comparators that reach past the end left out.
pub(super) fn sorting_network(len: usize) -> Vec<(usize, usize)> {
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

/// Per-block buffers: nothing is allocated per sample.
pub(super) struct Scratch {
    weight_draws: Vec<Lanes>,
    /// Leaf weights of the batch.
    w: Vec<Lanes>,
    /// Global weight of every node (judgment perturbation).
    nodes: Vec<Lanes>,
    local: Vec<Lanes>,
    /// Perturbed matrices, by two-sample chunk, column by column.
    columns: Vec<[f64; 2]>,
    pair_buffers: (Vec<[f64; 2]>, Vec<[f64; 2]>),
    /// The batch's perturbed matrices, column by column (eigenvector
    /// kernel).
    matrix: Vec<Entry>,
    /// The same in single precision, for the power iteration's first phase.
    matrix32: Vec<Entry<f32>>,
    /// That phase's vectors w and y.
    power32: (Vec<[f32; LANES]>, Vec<[f32; LANES]>),
    /// The Newton step's linear system (n × n, row by row) and its
    /// right-hand side, in single precision.
    newton: (Vec<[f32; LANES]>, Vec<[f32; LANES]>),
    /// The power iteration's vector y (its w is `local`, where the
    /// eigenvectors are wanted).
    power: Vec<Lanes>,
    data_draws: Vec<Lanes>,
    /// Local priority of alternative a on varying leaf d at `d * m + a`.
    data: Vec<Lanes>,
    /// One varying leaf's values in one lane, by alternative.
    values: Vec<f64>,
    /// A scripted leaf's drawn inputs for the batch, lane by lane
    /// ([`InputBatch::values`]), and its scorer's results, lane by lane.
    inputs: Vec<f64>,
    scored: Vec<f64>,
    scores: Vec<Lanes>,
    ranks: Vec<Lanes>,
    /// One scorer per scripted data leaf (`None` for the others).
    scorers: Vec<Result<Option<Scorer>, crate::PluginError>>,
}

impl Plan {
    pub(super) fn scratch(&self, scorers: &ScorerFactory<'_>) -> Scratch {
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
            matrix: vec![Entry(ZERO); width * width],
            matrix32: vec![Entry([0.0; LANES]); width * width],
            power32: (vec![[0.0; LANES]; width], vec![[0.0; LANES]; width]),
            newton: (vec![[0.0; LANES]; width * width], vec![[0.0; LANES]; width]),
            power: vec![ZERO; width],
            data_draws: vec![ZERO; self.data_draws],
            data: vec![ZERO; self.data.len() * self.m],
            values: Vec::with_capacity(self.m),
            inputs: Vec::new(),
            scored: Vec::with_capacity(LANES * self.m),
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
    /// Simplex weights on fixed data take the fused kernel where one fits
    /// (the same numbers, faster).
    pub(super) fn block(
        &self,
        start: u64,
        end: u64,
        scorers: &ScorerFactory<'_>,
        cancel: &AtomicBool,
    ) -> Result<(Vec<u64>, Vec<f64>), Error> {
        if matches!(self.weights, WeightPlan::Simplex { .. })
            && self.data.is_empty()
            && let Some(tallies) = self.simplex_block(start, end)
        {
            return Ok(tallies);
        }
        self.batched_block(start, end, scorers, cancel)
    }

    /// [`Plan::block`] a batch of samples at a time, stage by stage.
    #[inline]
    fn batched_block(
        &self,
        start: u64,
        end: u64,
        scorers: &ScorerFactory<'_>,
        cancel: &AtomicBool,
    ) -> Result<(Vec<u64>, Vec<f64>), Error> {
        let (m, n) = (self.m, self.n);
        let mut scratch = self.scratch(scorers);
        // Per-lane tallies, reduced in lane order at the end of the block.
        let mut counts = vec![[0u64; LANES]; m * m];
        let mut sums = vec![ZERO; m * n];
        let mut first = start;
        // With scripted data a block takes long enough that a cancel is
        // looked at per batch, not only between blocks.
        let slow = !self.data.is_empty();
        while first < end {
            if slow && cancel.load(Ordering::Relaxed) {
                return Err(Error::Cancelled);
            }
            let valid = (end - first).min(LANES as u64) as usize;
            self.weights(first, &mut scratch)?;
            self.sample_data(first, &mut scratch)?;
            self.scores(&mut scratch);
            ranks(&scratch.scores, valid, &mut scratch.ranks);
            for (a, rank) in scratch.ranks.iter().enumerate() {
                tally(
                    rank,
                    &scratch.w,
                    &mut counts[a * m..(a + 1) * m],
                    &mut sums[a * n..(a + 1) * n],
                );
            }
            first += LANES as u64;
        }
        Ok((
            counts.iter().map(|c| c.iter().sum::<u64>()).collect(),
            sums.iter().map(|s| s.iter().sum()).collect(),
        ))
    }

    /// Sample `index` alone, computed in the batch a run computes it in
    /// (blocks start at multiples of [`LANES`]).
    pub(super) fn sample(&self, index: u64) -> Result<Sample, Error> {
        let mut scratch = self.scratch(&|_| Ok(None));
        let l = (index % LANES as u64) as usize;
        let first = index - l as u64;
        self.weights(first, &mut scratch)?;
        self.sample_data(first, &mut scratch)?;
        self.scores(&mut scratch);
        Ok(Sample {
            weights: scratch.w.iter().map(|w| w[l]).collect(),
            scores: scratch.scores.iter().map(|x| x[l]).collect(),
        })
    }

    /// For each `(a, w)` of `central`: in how many of the samples
    /// `start..end` a ranks first with the weights fixed at w.
    pub(super) fn confidence_block(
        &self,
        central: &[(usize, Vec<f64>)],
        start: u64,
        end: u64,
        scorers: &ScorerFactory<'_>,
        cancel: &AtomicBool,
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
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::Cancelled);
            }
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
    #[inline]
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

    /// Local priorities of the varying leaves for samples `first..first + LANES`:
    /// each leaf's values drawn (a scripted leaf's computed by its scorer
    /// from drawn inputs, the whole batch in one call), through its value
    /// function, then normalised by [`apply_mode`] as `evaluate` does.
    fn sample_data(&self, first: u64, s: &mut Scratch) -> Result<(), Error> {
        if self.data.is_empty() {
            return Ok(());
        }
        fill_uniforms(self.data_key, first, &mut s.data_draws);
        let m = self.m;
        for (d, leaf) in self.data.iter().enumerate() {
            if leaf.script.is_some() {
                self.raw_values(leaf, first, s, d)?;
            }
            for l in 0..LANES {
                s.values.clear();
                match leaf.script {
                    Some(_) => s.values.extend(&s.scored[l * m..(l + 1) * m]),
                    None => s
                        .values
                        .extend(leaf.values.iter().map(|v| drawn(v, &s.data_draws, l))),
                }
                for x in s.values.iter_mut() {
                    *x = leaf.function.value(*x).0;
                }
                apply_mode(&mut s.values, self.mode);
                for (row, v) in s.data[d * m..(d + 1) * m].iter_mut().zip(&s.values) {
                    row[l] = *v;
                }
            }
        }
        Ok(())
    }

    /// The raw values of the scripted leaf `leaf` (the `d`-th varying one)
    /// in the batch of samples `first..first + LANES` into `s.scored`
    /// (lane by lane, each by alternative), computed by its scorer from
    /// inputs drawn into `s.inputs`: one call for the batch, nothing
    /// allocated per sample.
    fn raw_values(
        &self,
        leaf: &DataLeaf,
        first: u64,
        s: &mut Scratch,
        d: usize,
    ) -> Result<(), Error> {
        let failed = |source| Error::Scorer {
            criterion: self.criteria[leaf.leaf].clone(),
            source,
        };
        let Some((names, inputs)) = &leaf.script else {
            return Ok(());
        };
        let scorer = match &mut s.scorers[d] {
            Ok(Some(scorer)) => scorer,
            Ok(None) => return Err(failed(ScorerError::Missing)),
            Err(e) => return Err(failed(ScorerError::Plugin(e.clone()))),
        };
        s.inputs.clear();
        for l in 0..LANES {
            for row in inputs {
                s.inputs
                    .extend(row.iter().map(|v| drawn(v, &s.data_draws, l)));
            }
        }
        s.scored.clear();
        let batch = InputBatch {
            alternatives: &self.alternatives,
            names,
            values: &s.inputs,
            first,
        };
        let m = self.m;
        match scorer.score_batch(&batch, &mut s.scored) {
            Ok(()) => {}
            Err(BatchError::Scorer(e)) => return Err(failed(ScorerError::Plugin(e))),
            Err(BatchError::BadValues { given }) => {
                return Err(failed(ScorerError::BadValues {
                    got: given,
                    expected: m,
                }));
            }
        }
        if s.scored.len() != LANES * m || s.scored.iter().any(|v| !v.is_finite()) {
            // A scorer's own batch that breaks the contract: the first bad sample.
            let bad = s
                .scored
                .chunks(m.max(1))
                .find(|values| values.len() != m || values.iter().any(|v| !v.is_finite()));
            return Err(failed(ScorerError::BadValues {
                got: bad.map_or(0, <[f64]>::len),
                expected: m,
            }));
        }
        Ok(())
    }

    /// Scores Σ_k w_k v_ak of the batch into `scratch.scores`.
    #[inline]
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

/// One alternative's tallies of a batch: `counts[r]` gains the lanes where
/// it ranks r, `sums[k]` leaf weight k of the lanes where it ranks first.
#[inline]
fn tally(rank: &Lanes, w: &[Lanes], counts: &mut [[u64; LANES]], sums: &mut [Lanes]) {
    for (r, count) in counts.iter_mut().enumerate() {
        count_equal(count, rank, r as f64);
    }
    // A 0/1 factor rather than `if`: branch-free, so it vectorises.
    let mut winner = ZERO;
    // Whether any lane wins, as an integer: a sum of the factors would be
    // a chain of 32 dependent floating-point additions (their order is
    // fixed), an `or` vectorises.
    let mut wins = 0u64;
    for l in 0..LANES {
        let first = rank[l] == 0.0;
        winner[l] = if first { 1.0 } else { 0.0 };
        wins |= u64::from(first);
    }
    // An alternative that wins in none of the batch's samples (common
    // where one alternative dominates) would add only zeros: skip it.
    if wins == 0 {
        return;
    }
    for (sum, w) in sums.iter_mut().zip(w) {
        add_product(sum, w, &winner);
    }
}

// The two loops below are functions of their own, not inlined: inlined
// into a loop over rows, the compiler unrolled the loop over lanes and
// vectorised across the rows instead, with gathers and scatters.

/// count += 1 in the lanes where `rank` is r.
#[inline(never)]
fn count_equal(count: &mut [u64; LANES], rank: &Lanes, r: f64) {
    for l in 0..LANES {
        count[l] += u64::from(rank[l] == r);
    }
}

/// sum += x · factor, lane by lane.
#[inline(never)]
fn add_product(sum: &mut Lanes, x: &Lanes, factor: &Lanes) {
    for l in 0..LANES {
        sum[l] += x[l] * factor[l];
    }
}

/// A data value in lane `l` of a batch: drawn in its range, or exact.
#[inline]
fn drawn(value: &DataValue, draws: &[Lanes], l: usize) -> f64 {
    match value.draw {
        Some(j) => value.low + value.width * draws[j][l],
        None => value.low,
    }
}

/// Competition ranks, 0-based (0 = best): the number of alternatives
/// scoring more than [`TIE_TOLERANCE`] better. Lanes from `valid` on get a
/// rank that matches no counter.
#[inline]
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
#[inline]
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
    #[inline]
    fn weights(&self, s: &mut Scratch) -> Result<(), Error> {
        for set in &self.sets {
            let k = set.children.len();
            match &set.rule {
                SetRule::Fixed(local) => {
                    for (row, &x) in s.local.iter_mut().zip(local) {
                        *row = [x; LANES];
                    }
                }
                // The method says which kernel computes it (`PriorityMethod::kernel`).
                SetRule::Complete { pairs, start, site } => match self.method.kernel() {
                    Some(Kernel::Eigenvector) => self.eigen(pairs, start, site, s).map(drop)?,
                    Some(Kernel::RowGeometricMean) => self.geometric(k, pairs, s),
                    Some(Kernel::Lanes(kernel)) => self.lanes(kernel, k, pairs, s),
                    None => self.one_by_one(k, pairs, site, s)?,
                },
                SetRule::Gaps { items, pairs, site } => self.gaps(items, pairs, site, s)?,
            }
            let parent = set.parent.map(|p| s.nodes[p]);
            for (c, &child) in set.children.iter().enumerate() {
                // A parent's weights are read by its own set, later; a
                // leaf's are the sample's.
                let weights = match self.leaf_of[child] {
                    Some(k) => &mut s.w[k],
                    None => &mut s.nodes[child],
                };
                match &parent {
                    None => *weights = s.local[c],
                    Some(parent) => {
                        for l in 0..LANES {
                            weights[l] = parent[l] * s.local[c][l];
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// The perturbed entry a_ij · spread^(2u − 1) of each lane.
    fn perturbed(&self, pair: &Pair, draws: &[Lanes]) -> Lanes {
        self.perturbed_pair(pair, draws).0
    }

    /// The perturbed entries a_ij · spread^(2u − 1) of each lane, and
    /// their reciprocals a_ji.
    #[inline(always)]
    fn perturbed_pair(&self, pair: &Pair, draws: &[Lanes]) -> (Lanes, Lanes) {
        let u = &draws[pair.draw];
        let (mut up, mut down) = (ZERO, ZERO);
        if self.log_spread <= 708.0 {
            let inverse = 1.0 / pair.value;
            // L (2u − 1) as 2L u − L rounded once: the same number (2u − 1
            // and 2L are exact), one operation.
            let (twice, log_spread) = (2.0 * self.log_spread, self.log_spread);
            for l in 0..LANES {
                let (e, reciprocal) = exp_pair(u[l].mul_add(twice, -log_spread));
                up[l] = pair.value * e;
                down[l] = inverse * reciprocal;
            }
        } else {
            // Beyond the range of the fast exponential (a spread above 1e307).
            for l in 0..LANES {
                up[l] = pair.value * (self.log_spread * (2.0 * u[l] - 1.0)).exp();
                down[l] = 1.0 / up[l];
            }
        }
        (up, down)
    }

    /// Principal eigenvectors of the batch's perturbed matrices into
    /// `s.local`, warm-started at `start`: power iteration in single
    /// precision, one Newton step, then power iteration in double
    /// precision, every operation across the batch's samples. Each sample
    /// stops at its own convergence, so its eigenvector depends on its
    /// matrix alone, not on the samples it is iterated beside. Returns how
    /// many samples took the slower paths.
    fn eigen(
        &self,
        pairs: &[Pair],
        start: &[f64],
        site: &Site,
        s: &mut Scratch,
    ) -> Result<EigenPaths, Error> {
        let n = start.len();
        self.fill_matrix(n, pairs, s);
        let matrix = &s.matrix[..n * n];
        // Single precision (half the arithmetic a step) brings each sample
        // near its eigenvector, one Newton step (its linear system solved in
        // single precision, its residual in double) nearer still, and the
        // double-precision iteration then runs from there to the same
        // stopping rule as from `start`. A sample whose first phase did not
        // converge in its steps (a slowly converging one: common at spreads
        // of 9 and more) takes the Newton step from where that phase left
        // it, one whose first phase failed (no positive, finite sum) from
        // `start`; one whose Newton step failed keeps the vector the step
        // began from.
        let (w32, y32) = (&mut s.power32.0[..n], &mut s.power32.1[..n]);
        for (x, &v) in w32.iter_mut().zip(start) {
            *x = [v as f32; LANES];
        }
        let single = power(&s.matrix32[..n * n], w32, y32, SINGLE_PRECISION);
        let (w, y) = (&mut s.local[..n], &mut s.power[..n]);
        for ((x, x32), &v) in w.iter_mut().zip(w32.iter()).zip(start) {
            for l in 0..LANES {
                x[l] = if single[l] == Lane::Failed {
                    v
                } else {
                    f64::from(x32[l])
                };
            }
        }
        let (system, rhs) = (&mut s.newton.0[..n * n], &mut s.newton.1[..n]);
        let refused = newton(matrix, &s.matrix32[..n * n], w, y, system, rhs);
        let double = power(matrix, w, y, DOUBLE_PRECISION);
        let paths = EigenPaths {
            unsettled: single.iter().filter(|&&l| l != Lane::Converged).count(),
            refused,
            alone: double.iter().filter(|&&l| l != Lane::Converged).count(),
        };
        for lane in (0..LANES).filter(|&l| double[l] != Lane::Converged) {
            // A very inconsistent sample (a wide --spread) can have a second
            // eigenvalue close to the first, where the batched iteration
            // gives up: solve its matrix alone with the crate's
            // eigenvector, which falls back to repeated squaring. A pure
            // function of the matrix, so the results still do not depend on
            // the threads.
            let one = nalgebra::DMatrix::from_fn(n, n, |i, j| matrix[j * n + i].0[lane]);
            let (_, w) =
                crate::priority::principal_eigen(&one).map_err(|e| Error::NotConverged {
                    site: site.clone(),
                    iterations: MAX_SAMPLE_POWER_STEPS + e.iterations,
                })?;
            for (i, x) in w.into_iter().enumerate() {
                s.local[i][lane] = x;
            }
        }
        Ok(paths)
    }

    /// The batch's perturbed matrices into `s.matrix`, column by column:
    /// entry (i, j) of every sample at j · n + i; rounded to single
    /// precision into `s.matrix32`.
    fn fill_matrix(&self, n: usize, pairs: &[Pair], s: &mut Scratch) {
        let a = &mut s.matrix[..n * n];
        let a32 = &mut s.matrix32[..n * n];
        for i in 0..n {
            a[i * n + i] = Entry([1.0; LANES]);
            a32[i * n + i] = Entry([1.0; LANES]);
        }
        for pair in pairs {
            let (up, down) = self.perturbed_pair(pair, &s.weight_draws);
            a[pair.j * n + pair.i] = Entry(up);
            a[pair.i * n + pair.j] = Entry(down);
            let (mut up32, mut down32) = ([0.0; LANES], [0.0; LANES]);
            for l in 0..LANES {
                up32[l] = up[l] as f32;
                down32[l] = down[l] as f32;
            }
            a32[pair.j * n + pair.i] = Entry(up32);
            a32[pair.i * n + pair.j] = Entry(down32);
        }
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

    /// The priorities of the batch's perturbed matrices into `s.local` by a
    /// method's two-lane `kernel` ([`Kernel::Lanes`]; the additive
    /// normalisation's is `additive_lanes`, the arithmetic of
    /// [`crate::priority::additive`]), two samples at a time.
    fn lanes(
        &self,
        kernel: fn(&[[f64; 2]], &mut [[f64; 2]]),
        n: usize,
        pairs: &[Pair],
        s: &mut Scratch,
    ) {
        let size = n * n;
        self.fill_columns(n, pairs, s);
        let out = &mut s.pair_buffers.0[..n];
        for (c, columns) in s.columns[..CHUNKS * size].chunks_exact(size).enumerate() {
            kernel(columns, out);
            for (row, x) in s.local.iter_mut().zip(out.iter()) {
                row[2 * c] = x[0];
                row[2 * c + 1] = x[1];
            }
        }
    }

    /// The fallback for a method without a batched kernel
    /// (`PriorityMethod::kernel` is `None`): each perturbed matrix of the
    /// batch through [`priorities`], one sample at a time. The same numbers
    /// a kernel would give (to its tolerance), only slower.
    fn one_by_one(
        &self,
        n: usize,
        pairs: &[Pair],
        site: &Site,
        s: &mut Scratch,
    ) -> Result<(), Error> {
        let size = n * n;
        self.fill_columns(n, pairs, s);
        for (c, columns) in s.columns[..CHUNKS * size].chunks_exact(size).enumerate() {
            for half in 0..2 {
                let matrix = nalgebra::DMatrix::from_fn(n, n, |i, j| columns[j * n + i][half]);
                let w = priorities(self.method, &matrix).map_err(|e| Error::NotConverged {
                    site: site.clone(),
                    iterations: e.iterations,
                })?;
                for (row, x) in s.local.iter_mut().zip(w) {
                    row[2 * c + half] = x;
                }
            }
        }
        Ok(())
    }

    /// Row geometric means of the batch's perturbed matrices into
    /// `s.local`: the rows' sums of logarithms, built from the judgments'
    /// logarithms and the draws (the perturbation is log-uniform), then
    /// [`geometric_from_log_sums`], the arithmetic of
    /// [`crate::priority::geometric_mean`].
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
        geometric_from_log_sums(logs);
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
            let priorities = priorities(self.method, &dense).map_err(not_converged)?;
            for (row, p) in s.local.iter_mut().zip(priorities) {
                row[l] = p;
            }
        }
        Ok(())
    }
}

/// How many of a batch's samples took the eigenvector kernel's slower
/// paths (`Tree::eigen`); the tests check that they are reached.
#[derive(Debug, Default, Clone, Copy)]
#[cfg_attr(not(test), allow(dead_code))]
struct EigenPaths {
    /// The single-precision phase did not converge in its steps, or failed.
    unsettled: usize,
    /// The Newton step would have left the positive and finite.
    refused: usize,
    /// The double-precision iteration did not converge: solved alone.
    alone: usize,
}

/// Where a sample's power iteration stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Lane {
    Moving,
    /// Its last step moved it by no more than the tolerance: converged if
    /// the next one does too.
    Steady,
    Converged,
    /// The sum was not positive and finite: the vector holds no
    /// eigenvector.
    Failed,
}

/// The arithmetic the power iteration needs, in the two precisions it runs
/// in.
trait Real:
    Copy
    + PartialOrd
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::Mul<Output = Self>
    + std::ops::Div<Output = Self>
    + std::ops::AddAssign
{
    const ZERO: Self;
    const ONE: Self;
    const INFINITY: Self;
    fn abs(self) -> Self;
    /// self · a + b rounded once.
    fn mul_add(self, a: Self, b: Self) -> Self;
}

impl Real for f64 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    const INFINITY: Self = f64::INFINITY;
    fn abs(self) -> Self {
        f64::abs(self)
    }
    fn mul_add(self, a: Self, b: Self) -> Self {
        f64::mul_add(self, a, b)
    }
}

impl Real for f32 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    const INFINITY: Self = f32::INFINITY;
    fn abs(self) -> Self {
        f32::abs(self)
    }
    fn mul_add(self, a: Self, b: Self) -> Self {
        f32::mul_add(self, a, b)
    }
}

/// A power iteration's stopping rule: a sample has converged once a step
/// moves no component by more than `at_once`, or two steps in a row by no
/// more than `tolerance`; after `steps` steps the samples still moving
/// stay unconverged.
struct Stopping<T> {
    tolerance: T,
    at_once: T,
    steps: usize,
}

/// The double-precision iteration's rule: the one a sample's weights are
/// held to. Two steps, because the changes from step to step need not
/// shrink steadily: where the second eigenvalue is complex or negative and
/// near the first in modulus, and the matrix far from symmetric
/// (judgments near 1e±9), one step's change can dip far below the error.
/// One step within a tenth of the tolerance (the usual case after the
/// Newton step) is enough.
const DOUBLE_PRECISION: Stopping<f64> = Stopping {
    tolerance: SAMPLE_EIGEN_TOLERANCE,
    at_once: SAMPLE_EIGEN_TOLERANCE / 10.0,
    steps: MAX_SAMPLE_POWER_STEPS,
};

/// The single-precision phase's rule: near enough for one Newton step to
/// bring a sample within the double-precision tolerance (its error then
/// about the square of this); a few dozen steps at most, as it only gives
/// a start.
const SINGLE_PRECISION: Stopping<f32> = Stopping {
    tolerance: 5e-6,
    at_once: 5e-6,
    steps: 40,
};

/// Power iteration on the batch's matrices (`matrix`, column by column,
/// entry (i, j) at j · n + i) from the vectors in `w`, every operation
/// across the batch's samples (the loops over lanes vectorise). The
/// eigenvectors (summing to 1) are left in `w`; `y` is scratch. Returns
/// where each sample stands: converged, failed (the sum went non-positive
/// or non-finite), or still moving when the steps ran out.
fn power<T: Real>(
    matrix: &[Entry<T>],
    w: &mut [[T; LANES]],
    y: &mut [[T; LANES]],
    rule: Stopping<T>,
) -> [Lane; LANES] {
    let mut state = [Lane::Moving; LANES];
    for _ in 0..rule.steps {
        multiply(matrix, w, y);
        if !settle(w, y, &mut state, &rule) {
            break;
        }
    }
    state
}

/// One Newton step for each sample's eigenvector from w (Σw = 1): with
/// y = Aw, λ = Σy and r = y − λw, solve (A − λI)δ − μw = −r with Σδ = 0,
/// and move w to w + δ. The constraint takes out δ's last component
/// (δ_n = −Σ δ_j), which leaves n equations in δ_1 … δ_{n−1} and μ, solved
/// by Gaussian elimination without pivoting in single precision, across
/// the batch's samples: the residual is what must be exact, and it is
/// computed in double precision. The step squares the error of a w near
/// the eigenvector. A sample whose new w is not positive and finite (a
/// start far from the eigenvector, or a system too ill-conditioned for
/// single precision) keeps its old one; returns how many did. `y`,
/// `system` and `rhs` are scratch.
fn newton(
    matrix: &[Entry],
    matrix32: &[Entry<f32>],
    w: &mut [Lanes],
    y: &mut [Lanes],
    system: &mut [[f32; LANES]],
    rhs: &mut [[f32; LANES]],
) -> usize {
    let n = w.len();
    if n < 2 {
        return 0;
    }
    // Σw = 1 in double precision (a start from single precision sums to 1
    // only to single precision's rounding).
    let mut total = ZERO;
    for row in w.iter() {
        for l in 0..LANES {
            total[l] += row[l];
        }
    }
    for l in 0..LANES {
        total[l] = 1.0 / total[l];
    }
    for row in w.iter_mut() {
        std::hint::black_box(());
        scale(row, &total);
    }
    multiply(matrix, w, y);
    let mut lambda = ZERO;
    for row in y.iter() {
        for l in 0..LANES {
            lambda[l] += row[l];
        }
    }
    let mut lambda32 = [0.0f32; LANES];
    for l in 0..LANES {
        lambda32[l] = lambda[l] as f32;
    }
    let last = n - 1;
    for i in 0..n {
        for l in 0..LANES {
            rhs[i][l] = lambda[l].mul_add(w[i][l], -y[i][l]) as f32;
        }
        // (A − λI)_ij − (A − λI)_in, for the unknowns δ_j, j < n (the λ
        // terms added below), and −w_i for the unknown μ.
        let far = &matrix32[last * n + i].0;
        let row = &mut system[i * n..(i + 1) * n];
        for (entry, column) in row[..last].iter_mut().zip(matrix32.chunks_exact(n)) {
            std::hint::black_box(());
            subtract(entry, &column[i].0, far);
        }
        for l in 0..LANES {
            row[last][l] = -(w[i][l] as f32);
        }
    }
    for i in 0..last {
        for l in 0..LANES {
            system[i * n + i][l] -= lambda32[l];
            system[last * n + i][l] += lambda32[l];
        }
    }
    eliminate(n, system, rhs);
    // δ_j = x_j for j < n and δ_n = −Σ x_j, in double precision, into y.
    let mut rest = ZERO;
    for (d, x) in y.iter_mut().zip(rhs.iter()).take(last) {
        for l in 0..LANES {
            d[l] = f64::from(x[l]);
            rest[l] -= d[l];
        }
    }
    y[last] = rest;
    // 1 where every component of the new w is positive and finite, 0
    // where one is not (a float flag, not a bool: it stays in vector
    // registers).
    let mut fine = [1.0; LANES];
    for (x, d) in w.iter().zip(y.iter()) {
        std::hint::black_box(());
        still_fine(&mut fine, x, d);
    }
    for (x, d) in w.iter_mut().zip(y.iter()) {
        std::hint::black_box(());
        add_where_fine(x, d, &fine);
    }
    fine.iter().filter(|&&f| f != 1.0).count()
}

// The loops below run inside loops over rows. Inlined into such a loop,
// the compiler vectorised across the rows instead of the lanes, with
// gathers and scatters; as functions of their own every call spilled the
// vector registers. So they are inlined, and each loop over rows begins
// with `std::hint::black_box(())`: an opaque step the compiler cannot
// vectorise across, which leaves it the lanes.

/// out ← a − b, lane by lane.
#[inline(always)]
fn subtract(out: &mut [f32; LANES], a: &[f32; LANES], b: &[f32; LANES]) {
    for l in 0..LANES {
        out[l] = a[l] - b[l];
    }
}

/// row ← row · factor, lane by lane.
#[inline(always)]
fn scale(row: &mut Lanes, factor: &Lanes) {
    for l in 0..LANES {
        row[l] *= factor[l];
    }
}

/// fine ← 0 in the lanes where x + d is not positive and finite.
#[inline(always)]
fn still_fine(fine: &mut Lanes, x: &Lanes, d: &Lanes) {
    for l in 0..LANES {
        let v = x[l] + d[l];
        fine[l] = if v > 0.0 && v < f64::INFINITY {
            fine[l]
        } else {
            0.0
        };
    }
}

/// x ← x + d in the lanes where `fine` is 1.
#[inline(always)]
fn add_where_fine(x: &mut Lanes, d: &Lanes, fine: &Lanes) {
    for l in 0..LANES {
        let v = x[l] + d[l];
        x[l] = if fine[l] == 1.0 { v } else { x[l] };
    }
}

/// Solves the batch's systems (`system` n × n row by row, `rhs`) by
/// Gaussian elimination without pivoting, every operation across the
/// samples; the solutions are left in `rhs`, `system` is overwritten.
fn eliminate(n: usize, system: &mut [[f32; LANES]], rhs: &mut [[f32; LANES]]) {
    for k in 0..n {
        let (above, below) = system.split_at_mut((k + 1) * n);
        let pivot_row = &mut above[k * n..];
        let mut inverse = [0.0f32; LANES];
        for l in 0..LANES {
            inverse[l] = 1.0 / pivot_row[k][l];
        }
        pivot_row[k] = inverse;
        let pivot_row = &pivot_row[k + 1..];
        let (rhs_above, rhs_below) = rhs.split_at_mut(k + 1);
        let pivot_rhs = &rhs_above[k];
        for (row, b) in below.chunks_exact_mut(n).zip(rhs_below.iter_mut()) {
            let mut factor = [0.0f32; LANES];
            for l in 0..LANES {
                factor[l] = row[k][l] * inverse[l];
            }
            for (entry, p) in row[k + 1..].iter_mut().zip(pivot_row) {
                for l in 0..LANES {
                    entry[l] = (-factor[l]).mul_add(p[l], entry[l]);
                }
            }
            for l in 0..LANES {
                b[l] = (-factor[l]).mul_add(pivot_rhs[l], b[l]);
            }
        }
    }
    for (i, row) in system.chunks_exact(n).enumerate().rev() {
        let (rhs_here, rhs_after) = rhs.split_at_mut(i + 1);
        let mut x = rhs_here[i];
        for (entry, known) in row[i + 1..].iter().zip(rhs_after.iter()) {
            for l in 0..LANES {
                x[l] = (-entry[l]).mul_add(known[l], x[l]);
            }
        }
        for l in 0..LANES {
            rhs_here[i][l] = x[l] * row[i][l];
        }
    }
}

/// y ← A w for every sample of the batch (`matrix` column by column). With
/// AVX-512's 32 registers, four rows at a time: each column's w is loaded
/// once for the four, and the sums (four rows by the registers of lanes)
/// stay in registers; with fewer registers they would spill, so a row at a
/// time. Each y_i is summed over j in order either way: the same numbers.
#[inline(always)]
fn multiply<T: Real>(matrix: &[Entry<T>], w: &[[T; LANES]], y: &mut [[T; LANES]]) {
    const BLOCKS: bool = cfg!(target_feature = "avx512f");
    let n = w.len();
    let zero = [T::ZERO; LANES];
    let mut i = 0;
    while BLOCKS && i + 4 <= n {
        let (mut y0, mut y1, mut y2, mut y3) = (zero, zero, zero, zero);
        for (column, x) in matrix.chunks_exact(n).zip(w) {
            let (a0, a1, a2, a3) = (
                &column[i].0,
                &column[i + 1].0,
                &column[i + 2].0,
                &column[i + 3].0,
            );
            for l in 0..LANES {
                y0[l] = a0[l].mul_add(x[l], y0[l]);
                y1[l] = a1[l].mul_add(x[l], y1[l]);
                y2[l] = a2[l].mul_add(x[l], y2[l]);
                y3[l] = a3[l].mul_add(x[l], y3[l]);
            }
        }
        y[i] = y0;
        y[i + 1] = y1;
        y[i + 2] = y2;
        y[i + 3] = y3;
        i += 4;
    }
    // The rows left (all of them without AVX-512), a row and eight lanes at
    // a time: the sums then fit in the registers of any x86-64.
    const PART: usize = 8;
    for (i, row) in y.iter_mut().enumerate().skip(i) {
        for (p, part) in row.chunks_exact_mut(PART).enumerate() {
            let mut acc = [T::ZERO; PART];
            for (column, x) in matrix.chunks_exact(n).zip(w) {
                let a = &column[i].0[p * PART..(p + 1) * PART];
                let x = &x[p * PART..(p + 1) * PART];
                for l in 0..PART {
                    acc[l] = a[l].mul_add(x[l], acc[l]);
                }
            }
            part.copy_from_slice(&acc);
        }
    }
}

/// w ← y / Σy for the samples still moving (the others keep their
/// vector), and each sample's state after the step by `rule`. True while
/// any sample moves.
fn settle<T: Real>(
    w: &mut [[T; LANES]],
    y: &[[T; LANES]],
    state: &mut [Lane; LANES],
    rule: &Stopping<T>,
) -> bool {
    let mut sum = [T::ZERO; LANES];
    for row in y {
        for l in 0..LANES {
            sum[l] += row[l];
        }
    }
    let mut inverse = [T::ZERO; LANES];
    let mut moving = [false; LANES];
    for l in 0..LANES {
        inverse[l] = T::ONE / sum[l];
        moving[l] = state[l] == Lane::Moving || state[l] == Lane::Steady;
    }
    let mut change = [T::ZERO; LANES];
    for (x, y) in w.iter_mut().zip(y) {
        for l in 0..LANES {
            let v = y[l] * inverse[l];
            let d = (v - x[l]).abs();
            change[l] = if d > change[l] { d } else { change[l] };
            x[l] = if moving[l] { v } else { x[l] };
        }
    }
    let mut any = false;
    for l in 0..LANES {
        if moving[l] {
            let small = change[l] <= rule.tolerance;
            let done = change[l] <= rule.at_once || (small && state[l] == Lane::Steady);
            state[l] = if done {
                // NaN never raises `change`: check the sum once, here.
                if sum[l] > T::ZERO && sum[l] < T::INFINITY {
                    Lane::Converged
                } else {
                    Lane::Failed
                }
            } else if small {
                Lane::Steady
            } else {
                Lane::Moving
            };
        }
        any |= state[l] == Lane::Moving || state[l] == Lane::Steady;
    }
    any
}

#[cfg(test)]
mod tests {
    use super::super::streams::{fill_uniforms, splitmix64};
    use super::*;
    use crate::priority::PriorityMethod;

    #[test]
    fn exp_pair_is_within_one_and_a_half_ulps_of_libm() {
        let mut worst: f64 = 0.0;
        for i in 0..=200_000 {
            let x = -708.0 + 1416.0 * i as f64 / 200_000.0;
            for x in [x, x / 1000.0, x / 1e6] {
                let (ours, reciprocal) = exp_pair(x);
                let (libm, libm_reciprocal) = (x.exp(), (-x).exp());
                worst = worst.max((ours - libm).abs() / libm);
                worst = worst.max((reciprocal - libm_reciprocal).abs() / libm_reciprocal);
            }
        }
        assert!(worst < 3.4e-16, "{worst:e}");
        assert_eq!(exp_pair(0.0), (1.0, 1.0));
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

    /// Saaty's drinks matrix (Saaty 1980; `tests/golden.rs`) as SMAA's
    /// single complete set under `method`, every judgment perturbed within a
    /// factor of 2.
    fn drinks(method: PriorityMethod) -> Tree {
        let (t, q, n) = (1.0 / 3.0, 0.25, 1.0 / 9.0);
        let rows = vec![
            vec![1.0, 9.0, 5.0, 2.0, 1.0, 1.0, 0.5],
            vec![n, 1.0, t, n, n, n, n],
            vec![0.2, 3.0, 1.0, t, q, t, n],
            vec![0.5, 9.0, 3.0, 1.0, 0.5, 1.0, t],
            vec![1.0, 9.0, 4.0, 2.0, 1.0, 2.0, 0.5],
            vec![1.0, 9.0, 3.0, 1.0, 0.5, 1.0, t],
            vec![2.0, 9.0, 9.0, 3.0, 2.0, 3.0, 1.0],
        ];
        tree_of(&rows, method)
    }

    /// One complete judgment set over `rows.len()` items (the upper
    /// triangle of `rows`), perturbed within a factor 2.
    fn tree_of(rows: &[Vec<f64>], method: PriorityMethod) -> Tree {
        let size = rows.len();
        let mut pairs = Vec::new();
        for i in 0..size {
            for j in i + 1..size {
                let value = rows[i][j];
                let draw = pairs.len();
                pairs.push(Pair {
                    i,
                    j,
                    value,
                    log: value.ln(),
                    draw,
                });
            }
        }
        let matrix = nalgebra::DMatrix::from_fn(size, size, |i, j| rows[i][j]);
        let start = priorities(method, &matrix).unwrap();
        Tree {
            sets: vec![super::super::plan::WeightSet {
                parent: None,
                children: (0..size).collect(),
                rule: SetRule::Complete {
                    pairs,
                    start,
                    site: Site::Goal,
                },
            }],
            nodes: size,
            leaf_of: (0..size).map(Some).collect(),
            log_spread: 2f64.ln(),
            method,
            completion: crate::completion::CompletionMethod::default(),
            width: size,
        }
    }

    /// Buffers for a tree alone (no data varies).
    fn scratch(tree: &Tree, draws: usize) -> Scratch {
        let width = tree.width;
        Scratch {
            weight_draws: vec![ZERO; draws],
            w: vec![ZERO; tree.leaf_of.iter().flatten().count()],
            nodes: vec![ZERO; tree.nodes],
            local: vec![ZERO; width],
            columns: vec![[0.0; 2]; CHUNKS * width * width],
            pair_buffers: (vec![[0.0; 2]; width], vec![[0.0; 2]; width]),
            matrix: vec![Entry(ZERO); width * width],
            matrix32: vec![Entry([0.0; LANES]); width * width],
            power32: (vec![[0.0; LANES]; width], vec![[0.0; LANES]; width]),
            newton: (vec![[0.0; LANES]; width * width], vec![[0.0; LANES]; width]),
            power: vec![ZERO; width],
            data_draws: Vec::new(),
            data: Vec::new(),
            values: Vec::new(),
            inputs: Vec::new(),
            scored: Vec::new(),
            scores: Vec::new(),
            ranks: Vec::new(),
            scorers: Vec::new(),
        }
    }

    /// Every method's batched kernel (`PriorityMethod::kernel`) gives what
    /// `priorities` gives, sample by sample: so the fallback a method
    /// without a kernel takes computes the same numbers, and a kernel
    /// computes its method.
    #[test]
    fn every_kernel_agrees_with_the_one_by_one_fallback() {
        for method in PriorityMethod::ALL {
            let tree = drinks(method);
            let mut s = scratch(&tree, 21);
            fill_uniforms(11, 0, &mut s.weight_draws);
            tree.weights(&mut s).unwrap();
            let batched = s.w.clone();
            let SetRule::Complete { pairs, site, .. } = &tree.sets[0].rule else {
                panic!("a complete set");
            };
            s.local.fill(ZERO);
            tree.one_by_one(7, pairs, site, &mut s).unwrap();
            let mut worst: f64 = 0.0;
            for (b, o) in batched.iter().zip(&s.local) {
                for l in 0..LANES {
                    worst = worst.max((b[l] - o[l]).abs());
                }
            }
            assert!(worst < 1e-9, "{method:?}: {worst:e}");
            // The samples do differ: the comparison is not of one vector.
            assert!((batched[6][0] - batched[6][1]).abs() > 1e-3, "{method:?}");
        }
    }

    /// Judgments spanning the whole range a workspace allows (1e-9 to
    /// 1e9, log-uniform): at wide spreads they send samples down every
    /// slow path of the eigenvector kernel.
    fn extreme(size: usize, key: u64) -> Vec<Vec<f64>> {
        let mut rows = vec![vec![1.0; size]; size];
        let mut t = 0;
        for i in 0..size {
            for j in i + 1..size {
                t += 1;
                let u = (splitmix64(key, t) >> 11) as f64 / 9_007_199_254_740_992.0;
                rows[i][j] = 10f64.powf(18.0 * u - 9.0);
                rows[j][i] = 1.0 / rows[i][j];
            }
        }
        rows
    }

    /// Each sample's eigenvector is its own matrix's: a batch that mixes
    /// the samples of two streams, or holds a stream's samples in other
    /// lanes, gives each sample exactly (bit for bit) what its own
    /// stream's batch gave. So a run's numbers do not depend on which
    /// samples share a batch, nor on the vector width the kernel was
    /// compiled for. Checked where every path of the kernel is taken (the
    /// test asserts it): single precision not settling, the Newton step
    /// refused, and samples solved alone.
    #[test]
    fn a_samples_eigenvector_does_not_depend_on_its_neighbours() {
        let cases = [
            (drinks(PriorityMethod::Eigenvector), 2.0f64),
            (drinks(PriorityMethod::Eigenvector), 9.0),
            (tree_of(&extreme(4, 1), PriorityMethod::Eigenvector), 1000.0),
            (tree_of(&extreme(6, 2), PriorityMethod::Eigenvector), 100.0),
        ];
        let mut taken = EigenPaths::default();
        for (mut tree, spread) in cases {
            tree.log_spread = spread.ln();
            let size = tree.width;
            let draws = size * (size - 1) / 2;
            let SetRule::Complete { pairs, start, site } = &tree.sets[0].rule else {
                panic!("a complete set");
            };
            let run = |lanes: &[Lanes], taken: &mut EigenPaths| {
                let mut s = scratch(&tree, draws);
                s.weight_draws.copy_from_slice(lanes);
                let paths = tree.eigen(pairs, start, site, &mut s).unwrap();
                taken.unsettled += paths.unsettled;
                taken.refused += paths.refused;
                taken.alone += paths.alone;
                s.local[..size].to_vec()
            };
            let (mut a, mut b) = (vec![ZERO; draws], vec![ZERO; draws]);
            fill_uniforms(11, 0, &mut a);
            fill_uniforms(99, 0, &mut b);
            let (wa, wb) = (run(&a, &mut taken), run(&b, &mut taken));
            // Even lanes from one stream, odd lanes from the other.
            let mixed: Vec<Lanes> = a
                .iter()
                .zip(&b)
                .map(|(a, b)| std::array::from_fn(|l| if l % 2 == 0 { a[l] } else { b[l] }))
                .collect();
            let wm = run(&mixed, &mut taken);
            for l in 0..LANES {
                let own = if l % 2 == 0 { &wa } else { &wb };
                for (k, (m, o)) in wm.iter().zip(own).enumerate() {
                    assert_eq!(
                        m[l].to_bits(),
                        o[l].to_bits(),
                        "spread {spread}, lane {l}, weight {k}"
                    );
                }
            }
            // The same samples in other lanes.
            for shift in [1, 5, 8, 17, 31] {
                let rotated: Vec<Lanes> = a
                    .iter()
                    .map(|row| std::array::from_fn(|l| row[(l + shift) % LANES]))
                    .collect();
                let wr = run(&rotated, &mut taken);
                for l in 0..LANES {
                    for (k, (r, o)) in wr.iter().zip(&wa).enumerate() {
                        let (got, own) = (r[l].to_bits(), o[(l + shift) % LANES].to_bits());
                        assert_eq!(
                            got, own,
                            "spread {spread}, shift {shift}, lane {l}, weight {k}"
                        );
                    }
                }
            }
            // The two streams do differ.
            assert!((wa[0][1] - wb[0][1]).abs() > 1e-6);
        }
        assert!(
            taken.unsettled > 0 && taken.refused > 0 && taken.alone > 0,
            "{taken:?}"
        );
    }

    /// The eigenvector kernel (single precision, a Newton step, then
    /// double precision to the stopping rule, with its fallbacks) gives
    /// each sample the eigenvector the crate computes for that one matrix
    /// (`principal_eigen`), for matrices of 2 to 14 items with judgments
    /// drawn from Saaty's scale, at spreads from none to the largest a run
    /// takes (1000) and, for the kernel's guards, beyond single precision's
    /// range (1e40) and the fast exponential's (1e300); and with judgments
    /// spanning 1e-9 to 1e9 at spreads 2 to 1000.
    #[test]
    fn the_eigenvector_kernel_gives_each_matrix_its_own_eigenvector() {
        use crate::scale::SAATY_SCALE as SCALE;
        for size in 2..=14usize {
            let mut t = 0;
            let rows: Vec<Vec<f64>> = (0..size)
                .map(|i| {
                    (0..size)
                        .map(|j| {
                            t += 1;
                            let k = (splitmix64(size as u64, t) % 17) as usize;
                            if i == j { 1.0 } else { SCALE[k] }
                        })
                        .collect()
                })
                .collect();
            // Reciprocal: the lower triangle from the upper.
            let rows: Vec<Vec<f64>> = (0..size)
                .map(|i| {
                    (0..size)
                        .map(|j| if i > j { 1.0 / rows[j][i] } else { rows[i][j] })
                        .collect()
                })
                .collect();
            let pairs = size * (size - 1) / 2;
            let spreads = [1.0f64, 1.5, 2.0, 9.0, 100.0, 1000.0, 1e40, 1e300];
            let saaty = spreads.map(|spread| (&rows, spread, true));
            let wide = extreme(size, size as u64);
            let extremes = [2.0, 100.0, 1000.0].map(|spread| (&wide, spread, false));
            for (rows, spread, on_scale) in saaty.into_iter().chain(extremes) {
                let mut tree = tree_of(rows, PriorityMethod::Eigenvector);
                tree.log_spread = spread.ln();
                let mut s = scratch(&tree, pairs);
                fill_uniforms(size as u64 * 7 + 1, 0, &mut s.weight_draws);
                let batched = tree.weights(&mut s);
                let mut refused = false;
                for l in 0..LANES {
                    let one =
                        nalgebra::DMatrix::from_fn(size, size, |i, j| s.matrix[j * size + i].0[l]);
                    match crate::priority::principal_eigen(&one) {
                        Ok((_, expected)) => {
                            if batched.is_err() {
                                continue;
                            }
                            // The stopping rule bounds the error by about
                            // the tolerance times ρ / (1 − ρ), ρ = |λ₂ / λ₁|:
                            // tiny for judgments on Saaty's scale at the
                            // spreads a workshop uses; larger where a wide
                            // spread brings λ₂ near λ₁ or judgments near
                            // 1e±9 make the matrix far from symmetric.
                            let near = on_scale && spread <= 9.0;
                            let bound = if near { 1e-9 } else { 1e-6 };
                            for (i, x) in expected.iter().enumerate() {
                                let got = s.w[i][l];
                                assert!(
                                    (got - x).abs() < bound,
                                    "{size} items, spread {spread:e}, lane {l}: {got} vs {x}"
                                );
                            }
                            // And by its meaning: one more step moves the
                            // result by no more than the tolerance (where ρ
                            // is near 1 or the matrix far from symmetric the
                            // steps' changes need not shrink step by step, so
                            // only where the bound above is tight).
                            let w = nalgebra::DVector::from_fn(size, |i, _| s.w[i][l]);
                            let y = &one * &w;
                            let y = &y / y.sum();
                            let moved = (&y - &w).amax();
                            assert!(
                                !near || moved <= 2.0 * SAMPLE_EIGEN_TOLERANCE,
                                "{size} items, spread {spread:e}, lane {l}: moved {moved:e}"
                            );
                        }
                        Err(_) => refused = true,
                    }
                }
                // The kernel refuses a batch only where a matrix alone
                // cannot be solved either.
                assert!(
                    batched.is_ok() || refused,
                    "{size} items, spread {spread:e}"
                );
            }
        }
    }

    /// One Newton step from a vector near the eigenvector squares its
    /// error, down to what solving for the step in single precision leaves
    /// (about 1e-5 of the step); from one far off it keeps the vector where
    /// the step would leave the positive and finite.
    #[test]
    fn a_newton_step_squares_the_error_or_keeps_the_vector() {
        let tree = drinks(PriorityMethod::Eigenvector);
        let mut s = scratch(&tree, 21);
        fill_uniforms(5, 0, &mut s.weight_draws);
        tree.weights(&mut s).unwrap();
        let exact = s.w.clone();
        let n = 7;
        let step = |w: &mut [Lanes]| {
            let mut y = vec![ZERO; n];
            let (mut system, mut rhs) = (vec![[0.0; LANES]; n * n], vec![[0.0; LANES]; n]);
            let (a, a32) = (&s.matrix[..n * n], &s.matrix32[..n * n]);
            newton(a, a32, w, &mut y, &mut system, &mut rhs);
        };
        for offset in [1e-3, 1e-5, 1e-7] {
            // w = eigenvector + offset · (±1 pattern), summing to 1.
            let mut w: Vec<Lanes> = exact.clone();
            for (i, row) in w.iter_mut().enumerate() {
                for (l, x) in row.iter_mut().enumerate() {
                    *x += offset * if (i + l) % 2 == 0 { 1.0 } else { -1.0 };
                }
            }
            step(&mut w);
            for l in 0..LANES {
                let error = (0..n)
                    .map(|i| (w[i][l] - exact[i][l]).abs())
                    .fold(0.0, f64::max);
                assert!(
                    error < 100.0 * offset * offset + 1e-4 * offset,
                    "offset {offset:e}, lane {l}: error {error:e}"
                );
            }
        }
        // Far off (all weight on one item): the step may leave the positive
        // orthant; then the vector stays as it was.
        let mut w = vec![ZERO; n];
        w[0] = [1.0; LANES];
        step(&mut w);
        for l in 0..LANES {
            let column: Vec<f64> = (0..n).map(|i| w[i][l]).collect();
            let kept = column[0] == 1.0 && column[1..].iter().all(|&x| x == 0.0);
            let moved = column.iter().all(|&x| x > 0.0 && x.is_finite());
            assert!(kept || moved, "lane {l}: {column:?}");
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
