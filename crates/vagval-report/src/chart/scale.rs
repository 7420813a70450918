//! Axes: "nice" tick values (steps of 1, 2, 2.5 or 5 times a power of ten)
//! and the linear map from data values to px.

/// Tick values from the first to the last (the axis domain), and how many
/// decimals show them all exactly.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Ticks {
    pub values: Vec<f64>,
    pub decimals: usize,
}

impl Ticks {
    pub fn first(&self) -> f64 {
        self.values.first().copied().unwrap_or(0.0)
    }

    pub fn last(&self) -> f64 {
        self.values.last().copied().unwrap_or(1.0)
    }
}

/// About `target` nice ticks covering `lo..=hi`. Non-finite or empty ranges
/// fall back to something sensible (0..1, or a band around a single value).
pub(super) fn nice(lo: f64, hi: f64, target: usize) -> Ticks {
    let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() {
        (lo.min(hi), lo.max(hi))
    } else {
        (0.0, 1.0)
    };
    if hi - lo < 1e-12 {
        if hi.abs() < 1e-12 {
            (lo, hi) = (0.0, 1.0);
        } else {
            let pad = hi.abs() * 0.1;
            (lo, hi) = (lo - pad, hi + pad);
        }
    }
    let rough = (hi - lo) / target.max(1) as f64;
    let magnitude = 10f64.powf(rough.log10().floor());
    let residual = rough / magnitude;
    let factor = if residual <= 1.0 {
        1.0
    } else if residual <= 2.0 {
        2.0
    } else if residual <= 2.5 {
        2.5
    } else if residual <= 5.0 {
        5.0
    } else {
        10.0
    };
    let step = factor * magnitude;
    if !step.is_finite() || step <= 0.0 {
        return Ticks {
            values: vec![0.0, 1.0],
            decimals: 0,
        };
    }
    let start = (lo / step + 1e-9).floor();
    let end = (hi / step - 1e-9).ceil();
    let count = ((end - start).round().max(1.0) as usize).min(50);
    let values = (0..=count)
        .map(|k| {
            let value = (start + k as f64) * step;
            // Round away floating noise (0.30000000000000004) and -0.
            let value = (value / step).round() * step;
            if value == 0.0 { 0.0 } else { value }
        })
        .collect();
    let decimals = step_decimals(step);
    Ticks { values, decimals }
}

/// The fewest decimals that show multiples of `step` (a finite, positive
/// nice step) exactly: the first `d` where `step × 10^d` is a whole number,
/// up to a relative error of 1e-6, so a step of 1e-7 gets 7 decimals, not
/// 0. Past f64's smallest step (about 5e-324) nothing is left to show.
fn step_decimals(step: f64) -> usize {
    const MOST: i32 = 330;
    (0..=MOST)
        .find(|&d| {
            let scaled = step * 10f64.powi(d);
            (scaled - scaled.round()).abs() <= 1e-6 * scaled
        })
        .unwrap_or(MOST) as usize
}

/// A linear map from a data domain to a px range.
#[derive(Debug, Clone, Copy)]
pub(super) struct Linear {
    domain: (f64, f64),
    range: (f64, f64),
}

impl Linear {
    pub fn new(domain: (f64, f64), range: (f64, f64)) -> Linear {
        Linear { domain, range }
    }

    pub fn map(self, value: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        if (d1 - d0).abs() < f64::MIN_POSITIVE || !value.is_finite() {
            r0
        } else {
            r0 + (value - d0) / (d1 - d0) * (r1 - r0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(lo: f64, hi: f64, target: usize, expected: &[f64], decimals: usize) {
        let ticks = nice(lo, hi, target);
        assert_eq!(
            ticks.values.len(),
            expected.len(),
            "{lo}..{hi}: {:?}",
            ticks.values
        );
        for (got, want) in ticks.values.iter().zip(expected) {
            assert!((got - want).abs() < 1e-9, "{lo}..{hi}: {:?}", ticks.values);
        }
        assert_eq!(ticks.decimals, decimals, "{lo}..{hi}");
    }

    #[test]
    fn nice_ticks() {
        check(0.0, 0.412, 5, &[0.0, 0.1, 0.2, 0.3, 0.4, 0.5], 1);
        check(0.0, 1.0, 4, &[0.0, 0.25, 0.5, 0.75, 1.0], 2);
        check(
            0.0,
            1.0,
            10,
            &[0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
            1,
        );
        check(0.2, 0.6, 5, &[0.2, 0.3, 0.4, 0.5, 0.6], 1);
        check(0.31, 0.58, 5, &[0.3, 0.4, 0.5, 0.6], 1);
        check(0.31, 0.42, 5, &[0.3, 0.325, 0.35, 0.375, 0.4, 0.425], 3);
        check(f64::NAN, 3.0, 5, &[0.0, 0.2, 0.4, 0.6, 0.8, 1.0], 1);
        check(0.0, 0.0, 5, &[0.0, 0.2, 0.4, 0.6, 0.8, 1.0], 1);
        check(0.0, 250.0, 5, &[0.0, 50.0, 100.0, 150.0, 200.0, 250.0], 0);
        check(-1e308, 1e308, 5, &[0.0, 1.0], 0);
        // Steps far below 1e-6 still get their decimals.
        check(0.0, 3e-7, 4, &[0.0, 1e-7, 2e-7, 3e-7], 7);
        check(0.0, 5e-12, 5, &[0.0, 1e-12, 2e-12, 3e-12, 4e-12, 5e-12], 12);
    }

    #[test]
    fn tiny_steps_give_distinct_labels() {
        // A one-way chart's scores, a heat map's largest value.
        for (lo, hi, target) in [(0.3333333, 0.3333334, 6), (0.0, 3e-7, 4), (2e-20, 9e-20, 5)] {
            let ticks = nice(lo, hi, target);
            let labels: Vec<String> = ticks
                .values
                .iter()
                .map(|t| format!("{t:.*}", ticks.decimals))
                .collect();
            let mut unique = labels.clone();
            unique.sort();
            unique.dedup();
            assert!(labels.len() >= 2, "{labels:?}");
            assert_eq!(unique.len(), labels.len(), "{lo}..{hi}: {labels:?}");
        }
    }

    #[test]
    fn linear_maps_and_survives_empty_domains() {
        let x = Linear::new((0.0, 0.5), (100.0, 600.0));
        assert_eq!(x.map(0.25), 350.0);
        assert_eq!(Linear::new((1.0, 1.0), (5.0, 9.0)).map(3.0), 5.0);
        assert_eq!(x.map(f64::NAN), 100.0);
    }
}
