//! Rank-reversal thresholds (Triantaphyllou & Sánchez 1997): the fixture's
//! 4 × 4 example (inputs recalled from the paper; every expected value
//! recomputed from the formulas: see tests/fixtures/sensitivity/formulas.md)
//! and, for any model, the defining property: applying a reported change
//! makes the two alternatives tie.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use vagval_core::assessment::{AssessmentSpec, WeightsSpec};
use vagval_core::hierarchy::CriterionSpec;
use vagval_core::model::{Alternative, CriterionInput, Model, ModelSpec};
use vagval_core::quantity::Quantity;
use vagval_core::sensitivity::thresholds::thresholds;
use vagval_core::value_function::ValueFunction;
use vagval_core::{Settings, evaluate};

fn fixture() -> Value {
    let path = format!(
        "{}/../../tests/fixtures/sensitivity/triantaphyllou1997.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The fixture's decision matrix (alternatives × criteria) and weights.
fn example(f: &Value) -> (Vec<Vec<f64>>, Vec<f64>) {
    let numbers = |v: &Value| -> Vec<f64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect()
    };
    (
        f["matrix"]
            .as_array()
            .unwrap()
            .iter()
            .map(numbers)
            .collect(),
        numbers(&f["weights"]),
    )
}

/// A model whose leaves carry the fixture's local priorities exactly: each
/// criterion assesses by data through the identity value function (x ↦ x on
/// [0, 1]), and distributive mode keeps columns that already sum to 1.
fn model_of(matrix: &[Vec<f64>], weights: &[f64]) -> Model {
    use rust_decimal::prelude::FromPrimitive;
    let n_alt = matrix.len();
    let alternatives = (1..=n_alt)
        .map(|i| Alternative {
            id: format!("A{i}"),
            name: format!("A{i}"),
            description: String::new(),
        })
        .collect();
    let criteria = (0..weights.len())
        .map(|k| CriterionInput {
            criterion: CriterionSpec {
                id: format!("C{}", k + 1),
                name: format!("C{}", k + 1),
                description: String::new(),
                parent: None,
            },
            weights: None,
            assessment: Some(AssessmentSpec::Data {
                unit: None,
                values: (0..n_alt)
                    .map(|i| {
                        (
                            format!("A{}", i + 1),
                            Quantity::exact(rust_decimal::Decimal::from_f64(matrix[i][k]).unwrap()),
                        )
                    })
                    .collect(),
                function: ValueFunction::PiecewiseLinear {
                    points: vec![
                        (rust_decimal::Decimal::ZERO, 0.0),
                        (rust_decimal::Decimal::ONE, 1.0),
                    ],
                },
            }),
        })
        .collect();
    let goal = WeightsSpec::Direct(
        (0..weights.len())
            .map(|k| (format!("C{}", k + 1), weights[k]))
            .collect(),
    );
    Model::new(ModelSpec {
        goal: "g".into(),
        alternatives,
        criteria,
        goal_weights: Some(goal),
        rating_scales: vec![],
    })
    .unwrap()
}

fn close(got: Option<f64>, want: &Value, tolerance: f64, what: &str) {
    match (got, want.as_f64()) {
        (None, None) => {}
        (Some(g), Some(w)) => assert!((g - w).abs() <= tolerance, "{what}: {g} expected {w}"),
        (g, _) => panic!("{what}: got {g:?}, expected {want}"),
    }
}

#[test]
fn the_worked_example() {
    let f = fixture();
    let (matrix, weights) = example(&f);
    // The fixture's values are rounded to 4 decimals and its weights sum to
    // 1.0001 (vagval normalises them), so agreement is to a few 1e-4.
    let tolerance = 5e-4;
    let evaluation = evaluate(&model_of(&matrix, &weights), &Settings::default()).unwrap();
    let t = thresholds(&evaluation);
    assert_eq!(t.alternatives, ["A1", "A2", "A3", "A4"]);
    for (got, want) in t.scores.iter().zip(f["scores"].as_array().unwrap()) {
        close(Some(*got), want, tolerance, "score");
    }
    let find = |criterion: u64, pair: &Value| {
        let (i, j) = (pair[0].as_u64().unwrap(), pair[1].as_u64().unwrap());
        t.weight_changes
            .iter()
            .find(|w| {
                w.criterion == format!("C{criterion}")
                    && w.ahead == format!("A{i}")
                    && w.behind == format!("A{j}")
            })
            .unwrap()
    };
    let expected = &f["expected"];
    for change in expected["weight_changes"].as_array().unwrap() {
        let w = find(change["criterion"].as_u64().unwrap(), &change["pair"]);
        let what = format!("δ' C{} {}", change["criterion"], change["pair"]);
        close(w.absolute, &change["absolute"], tolerance, &what);
        close(w.relative_percent, &change["relative_percent"], 0.1, &what);
    }
    let top = &t.weight_changes[t.percent_top.unwrap()];
    assert_eq!(
        top.criterion,
        format!("C{}", expected["percent_top_criterion"]["criterion"])
    );
    let any = &t.weight_changes[t.percent_any.unwrap()];
    assert_eq!(
        any.criterion,
        format!("C{}", expected["percent_any_criterion"]["criterion"])
    );
    close(
        any.relative_percent,
        &expected["percent_any_criterion"]["relative_percent"],
        0.1,
        "percent-any",
    );
    for p in expected["performance_changes"].as_array().unwrap() {
        let got = t
            .performance_changes
            .iter()
            .find(|x| {
                x.alternative == format!("A{}", p["alternative"])
                    && x.criterion == format!("C{}", p["criterion"])
                    && x.other == format!("A{}", p["other"])
            })
            .unwrap();
        let what = format!(
            "τ' A{} C{} vs A{}",
            p["alternative"], p["criterion"], p["other"]
        );
        close(got.absolute, &p["wsm_absolute"], tolerance, &what);
        close(
            got.renormalised_absolute,
            &p["ahp_renormalised_absolute"],
            tolerance,
            &what,
        );
    }
    let critical = &t.performance_changes[t.critical_performance.unwrap()];
    let want = &expected["critical_performance_measure"]["ahp_renormalised"];
    assert_eq!(critical.alternative, format!("A{}", want["alternative"]));
    assert_eq!(critical.criterion, format!("C{}", want["criterion"]));
}

/// Applying any reported weight change (and renormalising) ties the pair.
#[test]
fn every_weight_change_ties_its_pair() {
    let f = fixture();
    let (matrix, weights) = example(&f);
    let t = thresholds(&evaluate(&model_of(&matrix, &weights), &Settings::default()).unwrap());
    let mut checked = 0;
    for w in &t.weight_changes {
        let Some(delta) = w.absolute else { continue };
        let k: usize = w.criterion[1..].parse::<usize>().unwrap() - 1;
        // The weights as vagval normalised them (the fixture's sum to 1.0001).
        let mut changed = t.weights.clone();
        changed[k] -= delta;
        if changed[k] < 0.0 {
            continue;
        }
        let score = |i: usize| {
            (0..weights.len())
                .map(|c| changed[c] * matrix[i][c])
                .sum::<f64>()
        };
        let (i, j) = (
            w.ahead[1..].parse::<usize>().unwrap() - 1,
            w.behind[1..].parse::<usize>().unwrap() - 1,
        );
        assert!((score(i) - score(j)).abs() < 1e-12, "{w:?}");
        checked += 1;
    }
    assert!(checked >= 10);
}
