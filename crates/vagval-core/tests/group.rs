//! Political groups: aggregation (AIJ, AIP) against a published example,
//! Goepel's consensus S* against its defining cases, and a group's view
//! over the shared model.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{group_fixture, matrix, numbers};
use serde_json::Value;
use vagval_core::assessment::{AssessmentSpec, WeightsSpec};
use vagval_core::group::{Aggregation, GroupSpec, analyze_groups, consensus};
use vagval_core::hierarchy::CriterionSpec;
use vagval_core::model::{Alternative, CriterionInput, Model, ModelSpec, Site};
use vagval_core::priority::PriorityMethod;
use vagval_core::{Judgment, Settings};

/// Judgments of the upper triangle of a full matrix over `items`.
fn judgments(items: &[String], m: &[Vec<f64>]) -> Vec<Judgment> {
    let mut list = Vec::new();
    for i in 0..items.len() {
        for j in (i + 1)..items.len() {
            list.push(Judgment::new(items[i].clone(), items[j].clone(), m[i][j]));
        }
    }
    list
}

/// A model whose top-level criteria are `items` (each a leaf on which two
/// alternatives tie), so that groups differ only in the criteria weights.
fn model_over(items: &[String]) -> Model {
    let alternatives = ["a", "b"]
        .iter()
        .map(|id| Alternative {
            id: id.to_string(),
            name: id.to_string(),
            description: String::new(),
        })
        .collect();
    let criteria = items
        .iter()
        .map(|id| CriterionInput {
            criterion: CriterionSpec {
                id: id.clone(),
                name: id.clone(),
                description: String::new(),
                parent: None,
            },
            weights: None,
            assessment: Some(AssessmentSpec::Pairwise(vec![Judgment::new("a", "b", 1.0)])),
        })
        .collect();
    let weights = WeightsSpec::Direct(items.iter().map(|i| (i.clone(), 1.0)).collect());
    Model::new(ModelSpec {
        goal: "goal".into(),
        alternatives,
        criteria,
        goal_weights: Some(weights),
        rating_scales: Vec::new(),
    })
    .unwrap()
}

fn groups_of(entry: &Value, items: &[String]) -> Vec<GroupSpec> {
    entry["members"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(k, member)| GroupSpec {
            id: format!("member{k}"),
            name: format!("member {k}"),
            seats: member["weight"].as_f64().unwrap(),
            weights: vec![(
                Site::Goal,
                WeightsSpec::Judgments(judgments(items, &matrix(&member["matrix"]))),
            )],
            assessments: Vec::new(),
        })
        .collect()
}

/// Prize (Bioconductor), `gaggregate()`, after Forman & Peniwati (1998):
/// four individuals' 4×4 matrices; AIJ = entry-wise weighted geometric mean
/// (published aggregated matrices, tolerance 1e-6), AIP = weighted
/// arithmetic mean of row-geometric-mean priorities (published vector,
/// tolerance 1e-7). Weights stand in for seats.
#[test]
fn aggregation_reproduces_the_published_example() {
    let entries = group_fixture("aggregation.json");
    let mut checked = 0;
    for entry in entries.as_array().unwrap() {
        let source = entry["source"].as_str().unwrap_or("");
        let n = entry["members"][0]["matrix"].as_array().unwrap().len();
        let items: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
        let model = model_over(&items);
        let groups = groups_of(entry, &items);
        let tolerance = entry["expected"]["tolerance"].as_f64().unwrap();
        match entry["method"].as_str().unwrap() {
            "aij" => {
                let analysis =
                    analyze_groups(&model, &groups, &Settings::default(), Aggregation::Aij)
                        .unwrap();
                let evaluation = analysis.aggregate.evaluation.unwrap();
                let got = &evaluation.goal_weights.analysis.as_ref().unwrap().matrix;
                let expected = matrix(&entry["expected"]["matrix"]);
                for i in 0..n {
                    for j in 0..n {
                        assert!(
                            (got[i][j] - expected[i][j]).abs() <= tolerance,
                            "{source}: AIJ [{i}][{j}] = {} expected {}",
                            got[i][j],
                            expected[i][j]
                        );
                    }
                }
            }
            "aip" => {
                let settings = Settings {
                    method: PriorityMethod::Geometric,
                    ..Settings::default()
                };
                let analysis =
                    analyze_groups(&model, &groups, &settings, Aggregation::Aip).unwrap();
                let expected = numbers(&entry["expected"]["priorities"]);
                for (got, want) in analysis.aggregate.global_weights.iter().zip(&expected) {
                    assert!(
                        (got - want).abs() <= tolerance,
                        "{source}: AIP {got} expected {want}"
                    );
                }
            }
            other => panic!("unknown method {other}"),
        }
        checked += 1;
    }
    assert!(
        checked >= 2,
        "the fixture has both an AIJ and an AIP example"
    );
}

/// Goepel's S* (AHP-OS): identical members give 1; members each judging a
/// different item 9 times as important (Goepel 2018, eq. 41) give 0; the
/// other cases are the AHP-OS formula's values (see the fixture's notes).
#[test]
fn consensus_matches_goepel_s_star() {
    let fixture = group_fixture("consensus.json");
    for example in fixture["examples"].as_array().unwrap() {
        let vectors: Vec<Vec<f64>> = example["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| numbers(&m["priorities"]))
            .collect();
        let got = consensus(&vectors);
        let expected = &example["expected"];
        let tolerance = expected["tolerance"].as_f64().unwrap_or(1e-9).max(1e-12);
        let name = example["name"].as_str().unwrap_or("");
        let want = expected["S_star"].as_f64().unwrap();
        assert!(
            (got.s_star - want).abs() <= tolerance.max(1e-9),
            "{name}: S* {} expected {want}",
            got.s_star
        );
        if let Some(h) = expected["H_alpha"].as_f64() {
            assert!(
                (got.h_alpha - h).abs() < 1e-9,
                "{name}: Hα {} expected {h}",
                got.h_alpha
            );
        }
        if let Some(h) = expected["H_beta"].as_f64() {
            assert!(
                (got.h_beta - h).abs() < 1e-9,
                "{name}: Hβ {} expected {h}",
                got.h_beta
            );
        }
    }
}

#[test]
fn a_group_changes_only_what_it_gives() {
    let items: Vec<String> = ["x", "y", "z"].iter().map(|s| s.to_string()).collect();
    let model = model_over(&items);
    let group = GroupSpec {
        id: "g".into(),
        name: "G".into(),
        seats: 3.0,
        weights: vec![(
            Site::Goal,
            WeightsSpec::Direct(vec![
                ("x".into(), 2.0),
                ("y".into(), 1.0),
                ("z".into(), 1.0),
            ]),
        )],
        assessments: vec![("x".into(), vec![Judgment::new("a", "b", 5.0)])],
    };
    let evaluation =
        vagval_core::evaluate(&model.for_group(&group).unwrap(), &Settings::default()).unwrap();
    assert!((evaluation.goal_weights.local[0] - 0.5).abs() < 1e-12);
    let a = &evaluation.alternatives[0];
    // a wins only on x (5:1), weight 0.5; ties elsewhere.
    assert!(
        (a.score - (0.5 * 5.0 / 6.0 + 0.5 * 0.5)).abs() < 1e-9,
        "{}",
        a.score
    );
    // The shared model is untouched.
    let base = vagval_core::evaluate(&model, &Settings::default()).unwrap();
    assert!((base.alternatives[0].score - 0.5).abs() < 1e-12);
}

#[test]
fn group_errors_name_the_group() {
    let items: Vec<String> = ["x", "y"].iter().map(|s| s.to_string()).collect();
    let model = model_over(&items);
    let bad = |weights, assessments, seats| GroupSpec {
        id: "g".into(),
        name: "G".into(),
        seats,
        weights,
        assessments,
    };
    let cases = vec![
        (
            bad(
                vec![(Site::Weights("x".into()), WeightsSpec::Direct(vec![]))],
                vec![],
                1.0,
            ),
            "no weights to set",
        ),
        (
            bad(vec![], vec![("nope".into(), vec![])], 1.0),
            "not a leaf",
        ),
        (bad(vec![], vec![], 0.0), "seats"),
        (
            bad(
                vec![(Site::Goal, WeightsSpec::Direct(vec![("x".into(), 1.0)]))],
                vec![],
                1.0,
            ),
            "no weight given for `y`",
        ),
    ];
    for (group, expected) in cases {
        let err = model.for_group(&group).unwrap_err().to_string();
        assert!(err.contains(expected), "{err} should contain {expected}");
    }
}

#[test]
fn aij_refuses_zero_direct_weights_and_aip_takes_them() {
    let items: Vec<String> = ["x", "y"].iter().map(|s| s.to_string()).collect();
    let model = model_over(&items);
    let groups = vec![
        GroupSpec {
            id: "g1".into(),
            name: "G1".into(),
            seats: 1.0,
            weights: vec![(
                Site::Goal,
                WeightsSpec::Direct(vec![("x".into(), 1.0), ("y".into(), 0.0)]),
            )],
            assessments: vec![],
        },
        GroupSpec {
            id: "g2".into(),
            name: "G2".into(),
            seats: 3.0,
            weights: vec![],
            assessments: vec![],
        },
    ];
    let err = analyze_groups(&model, &groups, &Settings::default(), Aggregation::Aij)
        .unwrap_err()
        .to_string();
    assert!(err.contains("AIP"), "{err}");
    let aip = analyze_groups(&model, &groups, &Settings::default(), Aggregation::Aip).unwrap();
    // x: 1/4 · 1 + 3/4 · 1/2 = 0.625
    assert!((aip.aggregate.global_weights[0] - 0.625).abs() < 1e-12);
    assert_eq!(aip.differences[0].spread, 0.5);
}

/// With a single group, both aggregates are that group's own evaluation,
/// also where the group judges the alternatives in pairs on a criterion the
/// analysts assessed by data.
#[test]
fn a_single_group_is_its_own_aggregate() {
    use rust_decimal::Decimal;
    use vagval_core::quantity::Quantity;
    use vagval_core::value_function::{Direction, ValueFunction};
    let model_spec = {
        let alternatives = ["a", "b", "c"]
            .iter()
            .map(|id| Alternative {
                id: id.to_string(),
                name: id.to_string(),
                description: String::new(),
            })
            .collect();
        let pairwise = CriterionInput {
            criterion: CriterionSpec {
                id: "x".into(),
                name: "x".into(),
                description: String::new(),
                parent: None,
            },
            weights: None,
            assessment: Some(AssessmentSpec::Pairwise(vec![
                Judgment::new("a", "b", 3.0),
                Judgment::new("a", "c", 2.0),
                Judgment::new("b", "c", 0.5),
            ])),
        };
        let data = CriterionInput {
            criterion: CriterionSpec {
                id: "y".into(),
                name: "y".into(),
                description: String::new(),
                parent: None,
            },
            weights: None,
            assessment: Some(AssessmentSpec::Data {
                unit: Some("tkr".into()),
                values: vec![
                    ("a".into(), Quantity::exact(Decimal::from(100))),
                    ("b".into(), Quantity::exact(Decimal::from(300))),
                    ("c".into(), Quantity::exact(Decimal::from(200))),
                ],
                function: ValueFunction::Linear {
                    direction: Direction::LowerIsBetter,
                    lower: Some(Decimal::ZERO),
                    upper: Some(Decimal::from(400)),
                },
            }),
        };
        ModelSpec {
            goal: "g".into(),
            alternatives,
            criteria: vec![pairwise, data],
            goal_weights: Some(WeightsSpec::Direct(vec![
                ("x".into(), 1.0),
                ("y".into(), 1.0),
            ])),
            rating_scales: vec![],
        }
    };
    let model = Model::new(model_spec).unwrap();
    let group = GroupSpec {
        id: "g".into(),
        name: "G".into(),
        seats: 7.0,
        weights: vec![(
            Site::Goal,
            WeightsSpec::Judgments(vec![Judgment::new("x", "y", 2.0)]),
        )],
        assessments: vec![(
            "y".into(),
            vec![
                Judgment::new("c", "a", 3.0),
                Judgment::new("c", "b", 5.0),
                Judgment::new("a", "b", 2.0),
            ],
        )],
    };
    let own =
        vagval_core::evaluate(&model.for_group(&group).unwrap(), &Settings::default()).unwrap();
    for aggregation in [Aggregation::Aij, Aggregation::Aip] {
        let analysis = analyze_groups(
            &model,
            std::slice::from_ref(&group),
            &Settings::default(),
            aggregation,
        )
        .unwrap();
        for (k, a) in own.alternatives.iter().enumerate() {
            assert!(
                (analysis.aggregate.scores[k] - a.score).abs() < 1e-9,
                "{aggregation:?}: {} vs {}",
                analysis.aggregate.scores[k],
                a.score
            );
        }
    }
    // Two groups, one keeping the analysts' data: AIJ still takes both views.
    let keeper = GroupSpec {
        id: "k".into(),
        name: "K".into(),
        seats: 7.0,
        weights: vec![],
        assessments: vec![],
    };
    let both = analyze_groups(
        &model,
        &[group.clone(), keeper],
        &Settings::default(),
        Aggregation::Aij,
    )
    .unwrap();
    let leaf = both
        .aggregate
        .evaluation
        .unwrap()
        .criteria
        .into_iter()
        .find(|c| c.id == "y")
        .unwrap();
    assert!(
        leaf.leaf.unwrap().analysis.is_some(),
        "the aggregated data leaf is a matrix of both groups' views"
    );
}

/// `GroupSpec::evaluate` is the group's model evaluated, with the largest
/// CR of what the group judged itself (the analysis reports that same CR,
/// and a group that judged nothing in pairs has none); a group the model
/// refuses is an error.
#[test]
fn a_group_is_evaluated_with_its_own_cr() {
    let items: Vec<String> = ["x", "y", "z"].iter().map(|s| s.to_string()).collect();
    let model = model_over(&items);
    let settings = Settings::default();
    let judging = GroupSpec {
        id: "j".into(),
        name: "J".into(),
        seats: 2.0,
        // x > y > z but z > x: inconsistent.
        weights: vec![(
            Site::Goal,
            WeightsSpec::Judgments(vec![
                Judgment::new("x", "y", 3.0),
                Judgment::new("y", "z", 3.0),
                Judgment::new("x", "z", 1.0 / 3.0),
            ]),
        )],
        assessments: vec![],
    };
    let keeping = GroupSpec {
        id: "k".into(),
        name: "K".into(),
        seats: 1.0,
        weights: vec![],
        assessments: vec![],
    };
    let evaluated = judging.evaluate(&model, &settings).unwrap();
    assert_eq!(evaluated.model, model.for_group(&judging).unwrap());
    assert_eq!(
        evaluated.result.evaluation,
        vagval_core::evaluate(&evaluated.model, &settings).unwrap()
    );
    assert_eq!(
        (evaluated.result.id.as_str(), evaluated.result.seats),
        ("j", 2.0)
    );
    let (cr, site) = evaluated.own_cr.clone().unwrap();
    let goal_cr = evaluated
        .result
        .evaluation
        .goal_weights
        .analysis
        .as_ref()
        .unwrap()
        .cr;
    assert_eq!((cr, site), (goal_cr, Site::Goal));
    assert!(cr > 0.1, "{cr}");
    assert_eq!(keeping.evaluate(&model, &settings).unwrap().own_cr, None);

    let analysis = analyze_groups(
        &model,
        &[judging.clone(), keeping],
        &settings,
        Aggregation::Aip,
    )
    .unwrap();
    assert_eq!(analysis.own_cr, vec![Some(cr), None]);
    assert_eq!(analysis.groups[0], evaluated.result);

    let unseated = GroupSpec {
        seats: 0.0,
        ..judging
    };
    let err = unseated
        .evaluate(&model, &settings)
        .unwrap_err()
        .to_string();
    assert!(err.contains("seats"), "{err}");
}
