//! The random streams: SplitMix64 (Steele, Lea & Flood 2014) used as a
//! counter-based generator, so that draw j of sample s is a function of
//! (key, s, j) alone, and its conversion to uniforms, filled lanes
//! innermost for the batched kernels.

use super::kernels::{LANES, Lanes};

pub(super) const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;
/// Mixed into the seed to key the data stream apart from the weight stream.
pub(super) const DATA_STREAM: u64 = 0x6461_7461_2d72_616e; // "data-ran"

/// SplitMix64's output function (Steele, Lea & Flood 2014).
pub(super) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Output `t` (0, 1, …) of SplitMix64 whose state starts at `key`.
pub fn splitmix64(key: u64, t: u64) -> u64 {
    mix(key.wrapping_add(t.wrapping_add(1).wrapping_mul(GOLDEN)))
}

/// A uniform double in [0, 1) from the top 53 bits: (bits >> 11) · 2⁻⁵³,
/// exactly. With AVX-512DQ one instruction converts the 64-bit integer;
/// without it, the integer is converted in two halves by the exponent trick
/// (2⁵² + x has x in its mantissa), which vectorises where a 64-bit
/// integer conversion does not (SSE2 has none). Both are exact (x < 2⁵³):
/// the same numbers.
#[inline(always)]
fn uniform(bits: u64) -> f64 {
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    let x = bits >> 11;
    if cfg!(target_feature = "avx512dq") {
        return x as f64 * (1.0 / 9_007_199_254_740_992.0);
    }
    let high = f64::from_bits(TWO_52.to_bits() | (x >> 32)) - TWO_52;
    let low = f64::from_bits(TWO_52.to_bits() | (x & 0xFFFF_FFFF)) - TWO_52;
    (high * 4_294_967_296.0 + low) * (1.0 / 9_007_199_254_740_992.0)
}

/// Fills `out[j][l]` with draw j of sample `first + l` of the stream `key`,
/// `out.len()` draws per sample. Lanes innermost: contiguous stores.
pub(super) fn fill_uniforms(key: u64, first: u64, out: &mut [Lanes]) {
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

/// x / 2³² for x < 2³², exactly, by the exponent trick (as [`uniform`]).
#[inline(always)]
pub(super) fn half(x: u64) -> f64 {
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    (f64::from_bits(TWO_52.to_bits() | x) - TWO_52) * (1.0 / 4_294_967_296.0)
}

/// Fills `out[j][l]` with uniforms in [0, 1) on a 2⁻³² grid for sample
/// `first + l` of the stream `key`: the high and then the low 32 bits of
/// each SplitMix64 output, ⌈out.len() / 2⌉ outputs per sample. Half the
/// generator work of [`fill_uniforms`], for the simplex, where a 2⁻³² grid
/// is far finer than anything a weight can mean.
pub(super) fn fill_uniform_halves(key: u64, first: u64, out: &mut [Lanes]) {
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

#[cfg(test)]
mod tests {
    use super::super::kernels::ZERO;
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
}
