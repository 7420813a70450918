//! What-if on data: a value changed with `Change::Data` gives exactly the
//! evaluation of the model built with that value in its data (the value
//! function's extent follows the data, as when the model is loaded), in
//! distributive and ideal mode; bad targets are errors, not panics.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use vagval_core::assessment::{AssessmentSpec, WeightsSpec};
use vagval_core::hierarchy::CriterionSpec;
use vagval_core::model::{Alternative, CriterionInput, Model, ModelSpec};
use vagval_core::quantity::Quantity;
use vagval_core::sensitivity::what_if::{Change, apply};
use vagval_core::settings::{Settings, SynthesisMode};
use vagval_core::value_function::{Direction, ValueFunction};
use vagval_core::{Error, Judgment, Language, evaluate};

/// Three alternatives; `cost` by data (linear, lower is better, bounds from
/// the data), `quality` by pairwise judgments; weights 0.6 / 0.4.
fn model(costs: [&str; 3]) -> Model {
    let ids = ["a", "b", "c"];
    let criterion = |id: &str, assessment| CriterionInput {
        criterion: CriterionSpec {
            id: id.into(),
            name: id.into(),
            description: String::new(),
            parent: None,
        },
        weights: None,
        assessment: Some(assessment),
    };
    Model::new(ModelSpec {
        goal: "g".into(),
        alternatives: ids
            .iter()
            .map(|id| Alternative {
                id: id.to_string(),
                name: id.to_string(),
                description: String::new(),
            })
            .collect(),
        criteria: vec![
            criterion(
                "cost",
                AssessmentSpec::Data {
                    unit: Some("tkr".into()),
                    values: ids
                        .iter()
                        .zip(costs)
                        .map(|(id, c)| (id.to_string(), Quantity::parse(c).unwrap()))
                        .collect(),
                    function: ValueFunction::Linear {
                        direction: Direction::LowerIsBetter,
                        lower: None,
                        upper: None,
                    },
                },
            ),
            criterion(
                "quality",
                AssessmentSpec::Pairwise(vec![
                    Judgment::new("a", "b", 3.0),
                    Judgment::new("a", "c", 5.0),
                    Judgment::new("b", "c", 2.0),
                ]),
            ),
        ],
        goal_weights: Some(WeightsSpec::Direct(vec![
            ("cost".into(), 0.6),
            ("quality".into(), 0.4),
        ])),
        rating_scales: vec![],
    })
    .unwrap()
}

fn scores(model: &Model, settings: &Settings) -> Vec<f64> {
    evaluate(model, settings)
        .unwrap()
        .alternatives
        .iter()
        .map(|a| a.score)
        .collect()
}

fn data(criterion: &str, alternative: &str, value: &str) -> Change {
    Change::Data {
        criterion: criterion.into(),
        alternative: alternative.into(),
        value: Quantity::parse(value).unwrap(),
    }
}

#[test]
fn a_data_change_evaluates_as_the_model_built_with_it() {
    let base = model(["100", "200", "300"]);
    for mode in [SynthesisMode::Distributive, SynthesisMode::Ideal] {
        let settings = Settings {
            mode,
            ..Settings::default()
        };
        let current = evaluate(&base, &settings).unwrap();
        // The dearest becomes the cheapest, and a range: the extent moves.
        for (value, costs) in [
            ("50", ["50", "200", "300"]),
            ("400", ["400", "200", "300"]),
            ("150-250", ["150-250", "200", "300"]),
            ("100", ["100", "200", "300"]),
        ] {
            let changed = apply(&base, &current, &[data("cost", "a", value)]).unwrap();
            let expected = model(costs);
            let (got, want) = (scores(&changed, &settings), scores(&expected, &settings));
            for (g, w) in got.iter().zip(&want) {
                assert!(
                    (g - w).abs() < 1e-12,
                    "{mode:?} a = {value}: {got:?} vs {want:?}"
                );
            }
        }
        // Making `a` the dearest lowers its score.
        let dear = apply(&base, &current, &[data("cost", "a", "400")]).unwrap();
        assert!(scores(&dear, &settings)[0] < scores(&base, &settings)[0]);
    }
}

#[test]
fn data_changes_at_wrong_places_are_errors() {
    let base = model(["100", "200", "300"]);
    let current = evaluate(&base, &Settings::default()).unwrap();
    let error = |change: Change| apply(&base, &current, &[change]).unwrap_err();
    assert!(matches!(
        error(data("nope", "a", "1")),
        Error::UnknownCriterion { .. }
    ));
    assert!(matches!(
        error(data("cost", "z", "1")),
        Error::UnknownAlternative { .. }
    ));
    match error(data("quality", "a", "1")) {
        Error::WhatIf {
            source: vagval_core::WhatIfError::NotData { criterion },
        } => assert_eq!(criterion, "quality"),
        other => panic!("{other:?}"),
    }
}

/// The what-if errors as core makes them read in Swedish.
#[test]
fn what_if_errors_read_in_swedish() {
    let base = model(["100", "200", "300"]);
    let current = evaluate(&base, &Settings::default()).unwrap();
    let weight = |criterion: &str, weight: f64| Change::Weight {
        criterion: criterion.into(),
        weight,
    };
    let cases = [
        (
            vec![weight("cost", 1.5)],
            "tänk om: vikten 1,5 för `cost` ligger inte mellan 0 och 1",
        ),
        (
            vec![weight("cost", 0.7), weight("quality", 0.6)],
            "vikterna som sätts bland syskonkriterierna summerar till 1,300",
        ),
    ];
    for (changes, expected) in cases {
        let error = apply(&base, &current, &changes).unwrap_err();
        let sv = error.message(Language::Sv);
        assert!(sv.contains(expected), "{error:?} → {sv}");
    }
}
