//! Value functions: how a measured quantity (a cost in tkr, a count) becomes a
//! value between 0 (worst) and 1 (best) on a criterion.

use crate::error::ValueFunctionError;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

/// Which end of the measure is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    LowerIsBetter,
    HigherIsBetter,
}

crate::choices!(Direction {
    LowerIsBetter => "lower-is-better",
    HigherIsBetter => "higher-is-better",
});

/// A value function. Values outside the function's domain are clamped to
/// its end values (and the evaluation warns).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ValueFunction {
    /// Linear between `lower` and `upper`; the better end scores 1, the worse 0.
    /// Bounds left out default to the lowest low and highest high of the
    /// alternatives' values (min–max normalisation).
    Linear {
        direction: Direction,
        lower: Option<Decimal>,
        upper: Option<Decimal>,
    },
    /// Straight lines between points (x, value), x strictly increasing,
    /// values in [0, 1].
    PiecewiseLinear { points: Vec<(Decimal, f64)> },
}

/// A value function whose bounds are known, ready to evaluate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedFunction {
    points: Vec<(f64, f64)>,
}

impl ValueFunction {
    /// Checks the function and fills default bounds from the data's extent
    /// (`data_low` ≤ `data_high`).
    pub fn resolve(
        &self,
        data_low: Decimal,
        data_high: Decimal,
    ) -> Result<ResolvedFunction, ValueFunctionError> {
        match self {
            ValueFunction::Linear {
                direction,
                lower,
                upper,
            } => {
                let lower = lower.unwrap_or(data_low);
                let upper = upper.unwrap_or(data_high);
                if lower >= upper {
                    return Err(if lower == upper {
                        ValueFunctionError::EqualBounds { bound: lower }
                    } else {
                        ValueFunctionError::InvertedBounds { lower, upper }
                    });
                }
                let (lo, hi) = (to_f64(lower), to_f64(upper));
                let points = match direction {
                    Direction::HigherIsBetter => vec![(lo, 0.0), (hi, 1.0)],
                    Direction::LowerIsBetter => vec![(lo, 1.0), (hi, 0.0)],
                };
                Ok(ResolvedFunction { points })
            }
            ValueFunction::PiecewiseLinear { points } => {
                if points.len() < 2 {
                    return Err(ValueFunctionError::TooFewPoints);
                }
                for (k, (x, v)) in points.iter().enumerate() {
                    if !(v.is_finite() && (0.0..=1.0).contains(v)) {
                        return Err(ValueFunctionError::PointOutOfRange {
                            point: k,
                            value: *v,
                        });
                    }
                    if k > 0 && points[k - 1].0 >= *x {
                        return Err(ValueFunctionError::NotIncreasing {
                            point: k,
                            x: *x,
                            previous: points[k - 1].0,
                        });
                    }
                }
                Ok(ResolvedFunction {
                    points: points.iter().map(|(x, v)| (to_f64(*x), *v)).collect(),
                })
            }
        }
    }
}

impl ResolvedFunction {
    /// The value of `x` in [0, 1], and whether `x` lay outside the domain.
    pub fn value(&self, x: f64) -> (f64, bool) {
        let first = self.points[0];
        let last = self.points[self.points.len() - 1];
        if x < first.0 {
            return (first.1, true);
        }
        if x > last.0 {
            return (last.1, true);
        }
        for pair in self.points.windows(2) {
            let ((x0, v0), (x1, v1)) = (pair[0], pair[1]);
            if x <= x1 {
                return (v0 + (v1 - v0) * (x - x0) / (x1 - x0), false);
            }
        }
        (last.1, false)
    }

    /// The domain's ends.
    pub fn domain(&self) -> (f64, f64) {
        (self.points[0].0, self.points[self.points.len() - 1].0)
    }
}

fn to_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(x: &str) -> Decimal {
        Decimal::from_str(x).unwrap()
    }

    #[test]
    fn linear_lower_is_better() {
        let f = ValueFunction::Linear {
            direction: Direction::LowerIsBetter,
            lower: Some(d("0")),
            upper: Some(d("100")),
        };
        let r = f.resolve(d("10"), d("20")).unwrap();
        assert_eq!(r.value(25.0), (0.75, false));
        assert_eq!(r.value(150.0), (0.0, true));
    }

    #[test]
    fn linear_defaults_to_the_data() {
        let f = ValueFunction::Linear {
            direction: Direction::HigherIsBetter,
            lower: None,
            upper: None,
        };
        let r = f.resolve(d("10"), d("20")).unwrap();
        assert_eq!(r.value(15.0), (0.5, false));
        assert!(f.resolve(d("10"), d("10")).is_err());
    }

    #[test]
    fn piecewise() {
        let f = ValueFunction::PiecewiseLinear {
            points: vec![(d("0"), 1.0), (d("10"), 0.5), (d("20"), 0.0)],
        };
        let r = f.resolve(d("0"), d("0")).unwrap();
        assert_eq!(r.value(5.0), (0.75, false));
        assert_eq!(r.value(15.0), (0.25, false));
        let bad = ValueFunction::PiecewiseLinear {
            points: vec![(d("0"), 1.0), (d("0"), 0.5)],
        };
        assert!(bad.resolve(d("0"), d("0")).is_err());
        let bad = ValueFunction::PiecewiseLinear {
            points: vec![(d("0"), 1.5), (d("1"), 0.5)],
        };
        assert!(bad.resolve(d("0"), d("0")).is_err());
    }
}
