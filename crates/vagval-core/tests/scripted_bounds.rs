//! Bounding a scripted criterion by its inputs' ends
//! (`plugin::bound_by_inputs`), with a fake scorer in place of a script.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rust_decimal::Decimal;
use vagval_core::plugin::{BoundError, CriterionScorer, InputEnd, ScorerInputs, bound_by_inputs};
use vagval_core::quantity::Quantity;

/// A fake scorer: `cost − income` per alternative, the inputs it was
/// called with recorded; it can fail or return what it is told.
#[derive(Default)]
struct Net {
    calls: Vec<ScorerInputs>,
    fail: bool,
    fixed: Option<Vec<f64>>,
}

#[derive(Debug, PartialEq)]
struct FakeError;

impl std::fmt::Display for FakeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the fake failed")
    }
}

impl std::error::Error for FakeError {}

impl CriterionScorer for Net {
    type Error = FakeError;
    fn score(&mut self, inputs: &ScorerInputs) -> Result<Vec<f64>, FakeError> {
        self.calls.push(inputs.clone());
        if self.fail {
            return Err(FakeError);
        }
        if let Some(values) = &self.fixed {
            return Ok(values.clone());
        }
        let (cost, income) = (&inputs.inputs[0].1, &inputs.inputs[1].1);
        Ok(cost.iter().zip(income).map(|(c, i)| c - i).collect())
    }
}

fn d(v: i64) -> Decimal {
    Decimal::from(v)
}

fn ids() -> Vec<String> {
    vec!["a".into(), "b".into()]
}

/// a: cost 10–20, income 1–4; b: cost 5 exactly, income 0–2.
fn inputs() -> Vec<(String, Vec<Quantity>)> {
    vec![
        (
            "cost".into(),
            vec![
                Quantity::range(d(10), d(20)).unwrap(),
                Quantity::exact(d(5)),
            ],
        ),
        (
            "income".into(),
            vec![
                Quantity::range(d(1), d(4)).unwrap(),
                Quantity::range(d(0), d(2)).unwrap(),
            ],
        ),
    ]
}

#[test]
fn the_scorer_runs_at_the_low_then_the_high_ends() {
    let mut scorer = Net::default();
    let values = bound_by_inputs(&mut scorer, &ids(), &inputs()).unwrap();
    assert_eq!(
        scorer.calls,
        vec![
            ScorerInputs::at_end(&ids(), &inputs(), InputEnd::Low),
            ScorerInputs::at_end(&ids(), &inputs(), InputEnd::High),
        ]
    );
    assert_eq!(
        scorer.calls[0].inputs,
        vec![
            ("cost".to_string(), vec![10.0, 5.0]),
            ("income".to_string(), vec![1.0, 0.0]),
        ]
    );
    assert_eq!(scorer.calls[1].inputs[1].1, vec![4.0, 2.0]);
    // a: 10 − 1 = 9 at the low ends, 20 − 4 = 16 at the high ends.
    // b: 5 − 0 = 5 low, 5 − 2 = 3 high: the range is ordered, 3–5.
    assert_eq!(
        values,
        vec![
            Quantity::range(d(9), d(16)).unwrap(),
            Quantity::range(d(3), d(5)).unwrap(),
        ]
    );
}

#[test]
fn a_scorer_error_is_passed_on_as_it_is() {
    let mut scorer = Net {
        fail: true,
        ..Net::default()
    };
    let error = bound_by_inputs(&mut scorer, &ids(), &inputs()).unwrap_err();
    assert!(matches!(error, BoundError::Scorer(FakeError)), "{error:?}");
    assert_eq!(scorer.calls.len(), 1, "no second run after a failure");
}

#[test]
fn values_that_are_no_exact_decimal_name_the_alternative() {
    for bad in [f64::NAN, f64::INFINITY, 1e300] {
        let mut scorer = Net {
            fixed: Some(vec![1.0, bad]),
            ..Net::default()
        };
        match bound_by_inputs(&mut scorer, &ids(), &inputs()) {
            Err(BoundError::NotDecimal {
                alternative,
                at_low,
                ..
            }) => {
                assert_eq!(alternative, "b");
                assert!(at_low.is_nan() == bad.is_nan() && (bad.is_nan() || at_low == bad));
            }
            other => panic!("{bad}: {other:?}"),
        }
    }
}

#[test]
fn a_wrong_number_of_values_is_refused() {
    let mut scorer = Net {
        fixed: Some(vec![1.0]),
        ..Net::default()
    };
    let error = bound_by_inputs(&mut scorer, &ids(), &inputs()).unwrap_err();
    assert!(
        matches!(
            error,
            BoundError::Count {
                given: 1,
                expected: 2
            }
        ),
        "{error:?}"
    );
}
