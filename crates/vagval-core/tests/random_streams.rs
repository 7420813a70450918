//! The quality of the Monte Carlo random streams (`smaa::splitmix64`).
//!
//! The generator is SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable
//! pseudorandom number generators", OOPSLA), used counter-based: output t
//! of the stream keyed k is SplitMix64's output t from state k, so a
//! sample's draws depend on (seed, sample, draw) alone and any thread count
//! gives the same numbers. SplitMix64 passes TestU01's BigCrush (as its
//! authors report). These tests pin the generator to the reference outputs and run a small
//! battery of our own on its uniforms: equidistribution, bit balance,
//! serial correlation and the independence of differently keyed streams.

use vagval_core::sensitivity::smaa::splitmix64;

/// The reference algorithm's first outputs (Vigna's splitmix64.c): from
/// state 0 and from state 1234567.
#[test]
fn outputs_are_the_reference_splitmix64() {
    let zero: Vec<u64> = (0..4).map(|t| splitmix64(0, t)).collect();
    assert_eq!(
        zero,
        [
            0xe220_a839_7b1d_cdaf,
            0x6e78_9e6a_a1b9_65f4,
            0x06c4_5d18_8009_454f,
            0xf88b_b8a8_724c_81ec
        ]
    );
    let seeded: Vec<u64> = (0..5).map(|t| splitmix64(1_234_567, t)).collect();
    assert_eq!(
        seeded,
        [
            6_457_827_717_110_365_317,
            3_203_168_211_198_807_973,
            9_817_491_932_198_370_423,
            4_593_380_528_125_082_431,
            16_408_922_859_458_223_821
        ]
    );
}

const N: u64 = 1 << 20;

fn uniform(bits: u64) -> f64 {
    (bits >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
}

/// χ² of the top 10 bits over 1024 cells: 1023 degrees of freedom, so
/// mean 1023 and standard deviation √2046 ≈ 45; outside mean ± 6 sd fails.
#[test]
fn uniforms_fill_1024_cells_evenly() {
    for key in [1u64, 7, 0xdead_beef] {
        let mut cells = vec![0u64; 1024];
        for t in 0..N {
            cells[(splitmix64(key, t) >> 54) as usize] += 1;
        }
        let expected = N as f64 / 1024.0;
        let chi2: f64 = cells
            .iter()
            .map(|&c| (c as f64 - expected).powi(2) / expected)
            .sum();
        assert!(
            (1023.0 - 6.0 * 45.2..1023.0 + 6.0 * 45.2).contains(&chi2),
            "key {key}: χ² = {chi2}"
        );
    }
}

/// Each of the 64 bits is set in half the outputs, within 6 standard
/// deviations (√N / 2).
#[test]
fn every_bit_is_balanced() {
    let mut ones = [0u64; 64];
    for t in 0..N {
        let x = splitmix64(42, t);
        for (b, count) in ones.iter_mut().enumerate() {
            *count += (x >> b) & 1;
        }
    }
    let sd = (N as f64).sqrt() / 2.0;
    for (b, &count) in ones.iter().enumerate() {
        let off = (count as f64 - N as f64 / 2.0).abs();
        assert!(off < 6.0 * sd, "bit {b}: {count} of {N}");
    }
}

fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va * vb).sqrt()
}

/// Consecutive draws of one stream, and the same positions of streams
/// keyed by neighbouring seeds, are uncorrelated: |r| below 6/√N.
#[test]
fn draws_and_neighbouring_streams_are_uncorrelated() {
    let u: Vec<f64> = (0..N).map(|t| uniform(splitmix64(3, t))).collect();
    let bound = 6.0 / (N as f64).sqrt();
    for lag in [1usize, 2, 7, 8] {
        let r = correlation(&u[..u.len() - lag], &u[lag..]);
        assert!(r.abs() < bound, "lag {lag}: r = {r}");
    }
    let v: Vec<f64> = (0..N).map(|t| uniform(splitmix64(4, t))).collect();
    let r = correlation(&u, &v);
    assert!(r.abs() < bound, "seeds 3 and 4: r = {r}");
    // A mean of 1/2 and a variance of 1/12, within 6 sd.
    let mean = u.iter().sum::<f64>() / N as f64;
    assert!(
        (mean - 0.5).abs() < 6.0 * (1.0f64 / 12.0 / N as f64).sqrt(),
        "mean {mean}"
    );
}
