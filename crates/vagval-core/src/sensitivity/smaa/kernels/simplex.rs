//! The fused kernel for the commonest run: weights uniform on the simplex,
//! no data varying, a small model (n ≤ 12 leaves, m ≤ 4 alternatives).
//! The batched path runs each stage over a whole batch of [`LANES`]
//! samples through memory (draws, sort, spacings, scores, ranks,
//! tallies); here the sizes are constants and a chunk of [`W`] samples goes
//! through every stage in registers, the sorting network unrolled.
//!
//! Bit-identical to the batched path: the same draws (the same SplitMix64
//! outputs and conversion), the same sorted values (any sorting network
//! sorts to the same values), the same arithmetic in the same order for the
//! spacings and the scores, and the same per-lane tallies, reduced in lane
//! order. `matches_the_batched_path` checks it.

use super::super::plan::Plan;
use super::super::streams::{GOLDEN, half, mix};
use super::{LANES, Lanes, ZERO};
use crate::synthesis::TIE_TOLERANCE;

/// Samples of a chunk: one vector register of doubles, AVX-512's eight
/// where the build has it (on a Sapphire Rapids machine 0.80 s of CPU for
/// 5e7 samples against 1.03 s with two; four took 1.32 s and sixteen
/// 0.85 s), else SSE2's two. The results do not depend on it: each lane's
/// arithmetic is the same, and the tallies are kept per lane of the batch.
const W: usize = if cfg!(target_feature = "avx512f") {
    8
} else {
    2
};
impl Plan {
    /// [`Plan::block`] for simplex weights and fixed data, when a fused
    /// kernel fits the sizes (`None` otherwise).
    pub(super) fn simplex_block(&self, start: u64, end: u64) -> Option<(Vec<u64>, Vec<f64>)> {
        macro_rules! by_size {
            ($($n:literal)*) => {
                match (self.n, self.m) {
                    $(
                        ($n, 2) => Some(self.fused::<$n, 2>(start, end)),
                        ($n, 3) => Some(self.fused::<$n, 3>(start, end)),
                        ($n, 4) => Some(self.fused::<$n, 4>(start, end)),
                    )*
                    _ => None,
                }
            };
        }
        by_size!(2 3 4 5 6 7 8 9 10 11 12)
    }

    /// The fused kernel for `N` leaves and `M` alternatives.
    fn fused<const N: usize, const M: usize>(&self, start: u64, end: u64) -> (Vec<u64>, Vec<f64>) {
        let mut v = [[0.0; N]; M];
        for (a, row) in v.iter_mut().enumerate() {
            row.copy_from_slice(&self.fixed[a * N..(a + 1) * N]);
        }
        // Counts [a][r] by lane of a chunk (integers: any grouping gives
        // the same totals); sums [a][k] per lane as in `Plan::block`, whose
        // order of addition they keep.
        let mut counts = [[[0u64; W]; M]; M];
        let mut sums = [[ZERO; N]; M];
        let outputs = (N - 1).div_ceil(2);
        let stride = (outputs as u64).wrapping_mul(GOLDEN);
        let mut first = start;
        while first < end {
            let valid = (end - first).min(LANES as u64) as usize;
            // Generator state of lane 0 for each output of a sample.
            let mut z = [0u64; N];
            for (p, z) in z.iter_mut().enumerate().take(outputs) {
                let t = first.wrapping_mul(outputs as u64).wrapping_add(p as u64);
                *z = self
                    .weight_key
                    .wrapping_add(t.wrapping_add(1).wrapping_mul(GOLDEN));
            }
            for c in 0..LANES / W {
                let mut u = [[0.0; W]; N];
                for p in 0..outputs {
                    for x in 0..W {
                        let bits = mix(z[p]);
                        z[p] = z[p].wrapping_add(stride);
                        u[2 * p][x] = half(bits >> 32);
                        if 2 * p + 1 < N - 1 {
                            u[2 * p + 1][x] = half(bits & 0xFFFF_FFFF);
                        }
                    }
                }
                sort(&mut u);
                let mut w = [[0.0; W]; N];
                w[0] = u[0];
                for k in 1..N - 1 {
                    for x in 0..W {
                        w[k][x] = u[k][x] - u[k - 1][x];
                    }
                }
                for x in 0..W {
                    w[N - 1][x] = 1.0 - u[N - 2][x];
                }
                let mut scores = [[0.0; W]; M];
                for (score, v) in scores.iter_mut().zip(&v) {
                    for (v, w) in v.iter().zip(&w) {
                        for x in 0..W {
                            score[x] += v * w[x];
                        }
                    }
                }
                tally(&scores, &w, c, valid, &mut counts, &mut sums);
            }
            first += LANES as u64;
        }
        (
            counts
                .iter()
                .flatten()
                .map(|c| c.iter().sum::<u64>())
                .collect(),
            sums.iter().flatten().map(|s| s.iter().sum()).collect(),
        )
    }
}

/// Sorts `u[..N - 1]` by Batcher's network for that length (the pairs of
/// [`super::sorting_network`]; `the_unrolled_networks_sort` checks them),
/// written out so that every index is a constant and the rows stay in
/// registers.
#[inline(always)]
fn sort<const N: usize>(u: &mut [[f64; W]; N]) {
    macro_rules! comparators {
        ($u:ident; $(($i:literal $j:literal))*) => {{
            $(compare_exchange($u, $i, $j);)*
        }};
    }
    match N - 1 {
        2 => comparators!(u; (0 1)),
        3 => comparators!(u; (0 1) (0 2) (1 2)),
        4 => comparators!(u; (0 1) (2 3) (0 2) (1 3) (1 2)),
        5 => comparators!(u; (0 1) (2 3) (0 2) (1 3) (1 2) (0 4) (2 4) (1 2) (3 4)),
        6 => {
            comparators!(u; (0 1) (2 3) (4 5) (0 2) (1 3) (1 2) (0 4) (1 5) (2 4) (3 5) (1 2) (3 4))
        }
        7 => {
            comparators!(u; (0 1) (2 3) (4 5) (0 2) (1 3) (4 6) (1 2) (5 6) (0 4) (1 5) (2 6) (2 4) (3 5) (1 2) (3 4) (5 6))
        }
        8 => {
            comparators!(u; (0 1) (2 3) (4 5) (6 7) (0 2) (1 3) (4 6) (5 7) (1 2) (5 6) (0 4) (1 5) (2 6) (3 7) (2 4) (3 5) (1 2) (3 4) (5 6))
        }
        9 => {
            comparators!(u; (0 1) (2 3) (4 5) (6 7) (0 2) (1 3) (4 6) (5 7) (1 2) (5 6) (0 4) (1 5) (2 6) (3 7) (2 4) (3 5) (1 2) (3 4) (5 6) (0 8) (4 8) (2 4) (3 5) (6 8) (1 2) (3 4) (5 6) (7 8))
        }
        10 => {
            comparators!(u; (0 1) (2 3) (4 5) (6 7) (8 9) (0 2) (1 3) (4 6) (5 7) (1 2) (5 6) (0 4) (1 5) (2 6) (3 7) (2 4) (3 5) (1 2) (3 4) (5 6) (0 8) (1 9) (4 8) (5 9) (2 4) (3 5) (6 8) (7 9) (1 2) (3 4) (5 6) (7 8))
        }
        11 => {
            comparators!(u; (0 1) (2 3) (4 5) (6 7) (8 9) (0 2) (1 3) (4 6) (5 7) (8 10) (1 2) (5 6) (9 10) (0 4) (1 5) (2 6) (3 7) (2 4) (3 5) (1 2) (3 4) (5 6) (9 10) (0 8) (1 9) (2 10) (4 8) (5 9) (6 10) (2 4) (3 5) (6 8) (7 9) (1 2) (3 4) (5 6) (7 8) (9 10))
        }
        _ => {}
    }
}

/// The comparator (i, j): the smaller value of each lane to row i.
#[inline(always)]
fn compare_exchange<const N: usize>(u: &mut [[f64; W]; N], i: usize, j: usize) {
    // Into fresh rows: minpd/maxpd rather than branches.
    let (a, b) = (u[i], u[j]);
    let (mut lo, mut hi) = ([0.0; W], [0.0; W]);
    for x in 0..W {
        lo[x] = if a[x] < b[x] { a[x] } else { b[x] };
        hi[x] = if a[x] < b[x] { b[x] } else { a[x] };
    }
    u[i] = lo;
    u[j] = hi;
}

/// Ranks of chunk `c` (lanes from `valid` on count nowhere) into the
/// per-lane counts, and its weights into the sums of the alternatives
/// ranked first, as `Plan::block` does.
#[inline(always)]
fn tally<const N: usize, const M: usize>(
    scores: &[[f64; W]; M],
    w: &[[f64; W]; N],
    c: usize,
    valid: usize,
    counts: &mut [[[u64; W]; M]; M],
    sums: &mut [[Lanes; N]; M],
) {
    for a in 0..M {
        let mut rank = [0.0; W];
        for b in 0..M {
            if b != a {
                for x in 0..W {
                    rank[x] += if scores[b][x] > scores[a][x] + TIE_TOLERANCE {
                        1.0
                    } else {
                        0.0
                    };
                }
            }
        }
        for (x, r) in rank.iter_mut().enumerate() {
            if c * W + x >= valid {
                *r = f64::INFINITY;
            }
        }
        for (r, count) in counts[a].iter_mut().enumerate() {
            for x in 0..W {
                count[x] += u64::from(rank[x] == r as f64);
            }
        }
        let mut winner = [0.0; W];
        for x in 0..W {
            winner[x] = if rank[x] == 0.0 { 1.0 } else { 0.0 };
        }
        for (sum, w) in sums[a].iter_mut().zip(w) {
            for x in 0..W {
                sum[c * W + x] += w[x] * winner[x];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::plan::WeightPlan;
    use super::super::super::streams::{DATA_STREAM, splitmix64};
    use super::super::sorting_network;
    use super::*;

    /// The largest sizes with a fused kernel.
    const MAX_N: usize = 12;
    const MAX_M: usize = 4;

    /// The 0-1 principle: a network that sorts every 0/1 input sorts all.
    fn sorts_every_0_1_input<const N: usize>() {
        let len = N - 1;
        for bits in 0u32..(1 << len) {
            let mut u = [[0.0; W]; N];
            for (i, row) in u.iter_mut().take(len).enumerate() {
                // Each lane sorts a different input: lane 0 every one in
                // turn, lane 1 its complement, the others mixed from it.
                for (x, value) in row.iter_mut().enumerate() {
                    let mask = match x {
                        0 => 0,
                        1 => u32::MAX,
                        _ => (x as u32).wrapping_mul(0x9E37_79B9),
                    };
                    *value = f64::from(((bits ^ mask) >> i) & 1);
                }
            }
            sort(&mut u);
            for x in 0..W {
                assert!(
                    u[..len].windows(2).all(|p| p[0][x] <= p[1][x]),
                    "N {N}: {bits:b}"
                );
            }
        }
    }

    #[test]
    fn the_unrolled_networks_sort() {
        sorts_every_0_1_input::<2>();
        sorts_every_0_1_input::<3>();
        sorts_every_0_1_input::<4>();
        sorts_every_0_1_input::<5>();
        sorts_every_0_1_input::<6>();
        sorts_every_0_1_input::<7>();
        sorts_every_0_1_input::<8>();
        sorts_every_0_1_input::<9>();
        sorts_every_0_1_input::<10>();
        sorts_every_0_1_input::<11>();
        sorts_every_0_1_input::<12>();
    }

    /// A plan of `n` leaves and `m` alternatives with arbitrary fixed
    /// priorities, some equal so that ties occur.
    fn plan(n: usize, m: usize, seed: u64) -> Plan {
        let fixed = (0..m * n)
            .map(|i| (splitmix64(seed, i as u64) % 4) as f64 / 4.0)
            .collect();
        Plan {
            alternatives: (0..m).map(|a| a.to_string()).collect(),
            criteria: (0..n).map(|k| k.to_string()).collect(),
            m,
            n,
            fixed,
            weights: WeightPlan::Simplex {
                network: sorting_network(n - 1),
            },
            weight_draws: n - 1,
            weight_key: seed,
            data: Vec::new(),
            data_draws: 0,
            data_key: mix(seed ^ DATA_STREAM),
            mode: crate::settings::SynthesisMode::Distributive,
        }
    }

    /// Every size with a fused kernel gives the batched path's counts and
    /// sums bit for bit, for blocks that start and end inside a batch.
    #[test]
    fn matches_the_batched_path() {
        for n in 2..=MAX_N {
            for m in 2..=MAX_M {
                let plan = plan(n, m, (n * 10 + m) as u64);
                for (start, end) in [(0, 64), (32, 1000), (7, 75)] {
                    let fused = plan.simplex_block(start, end).unwrap();
                    let batched = plan
                        .batched_block(
                            start,
                            end,
                            &|_| Ok(None),
                            &std::sync::atomic::AtomicBool::new(false),
                        )
                        .unwrap();
                    assert_eq!(fused.0, batched.0, "counts, n {n} m {m}");
                    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                    assert_eq!(bits(&fused.1), bits(&batched.1), "sums, n {n} m {m}");
                    assert_eq!(fused.0.iter().sum::<u64>(), m as u64 * (end - start));
                }
            }
        }
        assert!(plan(MAX_N + 1, 3, 1).simplex_block(0, 64).is_none());
        assert!(plan(8, MAX_M + 1, 1).simplex_block(0, 64).is_none());
    }
}
