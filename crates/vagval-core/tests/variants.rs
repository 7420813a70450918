//! The AHP variants other tools have, against their published numbers: the
//! additive priority method (column-normalised row mean), AIP by the
//! weighted geometric mean, groups left out above a CR bound; and which
//! groups the AIJ aggregate combines on a leaf the workspace assesses by
//! data.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{group_fixture, matrix};
use rust_decimal::Decimal;
use vagval_core::assessment::{AssessmentSpec, WeightsSpec};
use vagval_core::consistency::RandomIndex;
use vagval_core::group::{
    Aggregation, GroupOptions, GroupSpec, aij_model_with, analyze_groups, analyze_groups_with,
};
use vagval_core::hierarchy::CriterionSpec;
use vagval_core::model::{Alternative, CriterionInput, Model, ModelSpec, Site};
use vagval_core::priority::{PriorityMethod, additive, principal_eigen};
use vagval_core::quantity::Quantity;
use vagval_core::sensitivity::smaa::{DataSampling, SmaaOptions, WeightSampling, smaa};
use vagval_core::settings::SynthesisMode;
use vagval_core::value_function::{Direction, ValueFunction};
use vagval_core::{Error, Judgment, Settings, evaluate};

fn ids(prefix: &str, n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("{prefix}{i}")).collect()
}

/// Judgments of the upper triangle of a full matrix over `items`.
fn upper(items: &[String], m: &[Vec<f64>]) -> Vec<Judgment> {
    let mut list = Vec::new();
    for i in 0..items.len() {
        for j in (i + 1)..items.len() {
            list.push(Judgment::new(items[i].clone(), items[j].clone(), m[i][j]));
        }
    }
    list
}

fn leaf(id: &str, assessment: AssessmentSpec) -> CriterionInput {
    CriterionInput {
        criterion: CriterionSpec {
            id: id.into(),
            name: id.into(),
            description: String::new(),
            parent: None,
        },
        weights: None,
        assessment: Some(assessment),
    }
}

fn model(alternatives: &[String], goal: WeightsSpec, leaves: Vec<CriterionInput>) -> Model {
    Model::new(ModelSpec {
        goal: "goal".into(),
        alternatives: alternatives
            .iter()
            .map(|id| Alternative {
                id: id.clone(),
                name: id.clone(),
                description: String::new(),
            })
            .collect(),
        criteria: leaves,
        goal_weights: Some(goal),
        rating_scales: Vec::new(),
    })
    .unwrap()
}

fn settings(method: PriorityMethod, mode: SynthesisMode) -> Settings {
    Settings {
        method,
        mode,
        ..Settings::default()
    }
}

fn leaf_weights(evaluation: &vagval_core::Evaluation) -> Vec<f64> {
    evaluation
        .criteria
        .iter()
        .filter(|c| c.leaf.is_some())
        .map(|c| c.global_weight)
        .collect()
}

// ------------------------------------------------------------------ additive

/// JMcDM (jbytecode/JMcDM, test/mcdm/testahp.jl, testset "AHP"): eight
/// criteria judged in the matrix K, four alternatives judged on each in
/// A1…A8. JMcDM's `ahp` (src/ahp.jl, `ahp_consistency`) takes priorities as
/// the row means of the column-normalised matrix, i.e. the additive method,
/// and reports the scores [0.2801050, 0.1482273, 0.3813036, 0.1903641]
/// (tolerance 1e-5 there; printed to 7 decimals, so 1e-6 here).
fn jmcdm() -> Model {
    let k = [
        [1.0, 7.0, 1. / 5., 1. / 8., 1. / 2., 1. / 3., 1. / 5., 1.0],
        [
            1. / 7.,
            1.0,
            1. / 8.,
            1. / 9.,
            1. / 4.,
            1. / 5.,
            1. / 9.,
            1. / 8.,
        ],
        [5.0, 8.0, 1.0, 1. / 3., 4.0, 2.0, 1.0, 1.0],
        [8.0, 9.0, 3.0, 1.0, 7.0, 5.0, 3.0, 3.0],
        [2.0, 4.0, 1. / 4., 1. / 7., 1.0, 1. / 2., 1. / 5., 1. / 5.],
        [3.0, 5.0, 1. / 2., 1. / 5., 2.0, 1.0, 1. / 3., 1. / 3.],
        [5.0, 9.0, 1.0, 1. / 3., 5.0, 3.0, 1.0, 1.0],
        [1.0, 8.0, 1.0, 1. / 3., 5.0, 3.0, 1.0, 1.0],
    ];
    let a: [[[f64; 4]; 4]; 8] = [
        [
            [1., 3., 1. / 5., 2.],
            [1. / 3., 1., 1. / 7., 1. / 3.],
            [5., 7., 1., 4.],
            [1. / 2., 3., 1. / 4., 1.],
        ],
        [
            [1., 1. / 2., 4., 5.],
            [2., 1., 6., 7.],
            [1. / 4., 1. / 6., 1., 3.],
            [1. / 5., 1. / 7., 1. / 3., 1.],
        ],
        [
            [1., 1. / 2., 1. / 6., 3.],
            [2., 1., 1. / 4., 5.],
            [6., 4., 1., 9.],
            [1. / 3., 1. / 5., 1. / 9., 1.],
        ],
        [
            [1., 7., 1. / 4., 2.],
            [1. / 7., 1., 1. / 9., 1. / 5.],
            [4., 9., 1., 5.],
            [1. / 2., 5., 1. / 5., 1.],
        ],
        [
            [1., 6., 2., 3.],
            [1. / 6., 1., 1. / 4., 1. / 3.],
            [1. / 2., 4., 1., 2.],
            [1. / 3., 3., 1. / 2., 1.],
        ],
        [
            [1., 1. / 4., 1. / 2., 1. / 7.],
            [4., 1., 2., 1. / 3.],
            [2., 1. / 2., 1., 1. / 5.],
            [7., 3., 5., 1.],
        ],
        [
            [1., 3., 7., 1.],
            [1. / 3., 1., 4., 1. / 3.],
            [1. / 7., 1. / 4., 1., 1. / 7.],
            [1., 3., 7., 1.],
        ],
        [
            [1., 2., 5., 8.],
            [1. / 2., 1., 3., 6.],
            [1. / 5., 1. / 3., 1., 3.],
            [1. / 8., 1. / 6., 1. / 3., 1.],
        ],
    ];
    let criteria = ids("c", 8);
    let alternatives = ids("a", 4);
    let rows = |m: &[[f64; 4]; 4]| m.iter().map(|r| r.to_vec()).collect::<Vec<_>>();
    let leaves = criteria
        .iter()
        .zip(&a)
        .map(|(c, m)| leaf(c, AssessmentSpec::Pairwise(upper(&alternatives, &rows(m)))))
        .collect();
    let k_rows: Vec<Vec<f64>> = k.iter().map(|r| r.to_vec()).collect();
    model(
        &alternatives,
        WeightsSpec::Judgments(upper(&criteria, &k_rows)),
        leaves,
    )
}

#[test]
fn additive_reproduces_jmcdm_ahp_example() {
    let expected = [0.2801050, 0.1482273, 0.3813036, 0.1903641];
    let e = evaluate(
        &jmcdm(),
        &settings(PriorityMethod::Additive, SynthesisMode::Distributive),
    )
    .unwrap();
    for (alt, want) in e.alternatives.iter().zip(expected) {
        assert!(
            (alt.score - want).abs() <= 1e-6,
            "{}: {} expected {want}",
            alt.id,
            alt.score
        );
    }
    assert_eq!(e.settings.method, PriorityMethod::Additive);
    // The eigenvector gives other scores on these inconsistent matrices, so
    // the agreement above is the additive method's, not a coincidence.
    let eigen = evaluate(&jmcdm(), &Settings::default()).unwrap();
    let apart = eigen
        .alternatives
        .iter()
        .zip(&e.alternatives)
        .map(|(x, y)| (x.score - y.score).abs())
        .fold(0.0, f64::max);
    assert!(apart > 1e-4, "{apart}");
}

/// The first rows of ahpsurvey's `city200` (frankiecho/ahpsurvey, vignette
/// articles/my-vignette.md, `head(city200)`): cult_fam, cult_house,
/// cult_jobs, cult_trans, fam_house, fam_jobs, fam_trans, house_jobs,
/// house_trans, jobs_trans, coded so that with `negconvert = TRUE` a
/// negative −v means the first attribute is v times as important and a
/// positive v the second (the vignette prints the resulting matrices).
const CITY200: [[i32; 10]; 6] = [
    [2, -2, 2, -6, -4, -4, -8, 4, -3, -8],
    [2, -4, 1, -4, -4, -2, -8, 4, -3, -7],
    [4, -2, 1, -3, -7, -3, -5, 4, -3, -6],
    [8, -4, 3, -4, -8, 1, -7, 4, -3, -9],
    [3, -3, 5, -6, -8, 1, -4, 4, -3, -6],
    [6, -4, 2, -4, -7, -2, -4, 4, -3, -6],
];
const ATTRIBUTES: [&str; 5] = ["cult", "fam", "house", "jobs", "trans"];

fn city200_judgments(row: &[i32; 10]) -> Vec<Judgment> {
    let pairs = ATTRIBUTES
        .iter()
        .enumerate()
        .flat_map(|(i, a)| ATTRIBUTES[i + 1..].iter().map(move |b| (*a, *b)));
    pairs
        .zip(row)
        .map(|((a, b), &v)| {
            let v = f64::from(v);
            Judgment::new(a, b, if v > 0.0 { 1.0 / v } else { -v })
        })
        .collect()
}

/// ahpsurvey's canned routine (`ahp(city200, method = 'arithmetic', …)`,
/// `head(canned$indpref)` in the vignette) prints individuals 1–4's
/// priorities by the column-normalised row mean to three significant
/// digits; each must agree to half a unit of its last printed digit.
#[test]
fn additive_reproduces_ahpsurvey_city200_individuals() {
    let published = [
        ["0.181", "0.433", "0.0904", "0.260", "0.0355"],
        ["0.227", "0.394", "0.0846", "0.253", "0.0418"],
        ["0.153", "0.485", "0.0860", "0.223", "0.0524"],
        ["0.131", "0.436", "0.0695", "0.327", "0.0364"],
    ];
    for (row, expected) in CITY200.iter().zip(published) {
        let m = vagval_core::PairwiseMatrix::from_judgments(
            &ATTRIBUTES,
            &city200_judgments(row),
            &Site::Matrix,
        )
        .unwrap();
        let a = vagval_core::analyze(
            &m,
            PriorityMethod::Additive,
            RandomIndex::Saaty2005,
            vagval_core::completion::CompletionMethod::Harker,
            &Site::Matrix,
        )
        .unwrap();
        for (got, text) in a.priorities.iter().zip(expected) {
            let want: f64 = text.parse().unwrap();
            let decimals = text.split('.').nth(1).unwrap().len() as i32;
            let tolerance = 0.5 * 10f64.powi(-decimals) + 1e-12;
            assert!(
                (got - want).abs() <= tolerance,
                "{row:?}: {got} expected {text}"
            );
        }
    }
}

/// The additive method by its definition, on a matrix built by hand: every
/// column divided by its sum, rows averaged (Saaty 1980, §1.3).
#[test]
fn additive_is_the_mean_of_the_normalised_columns() {
    // Saaty's 3 × 3 example shape: columns sum to 1.7, 4.5, 11.
    let a = nalgebra::DMatrix::from_row_slice(
        3,
        3,
        &[1.0, 3.0, 5.0, 1.0 / 3.0, 1.0, 5.0, 0.2, 0.2, 1.0],
    );
    let sums = [1.0 + 1.0 / 3.0 + 0.2, 4.2, 11.0];
    let w = additive(&a);
    for (i, got) in w.iter().enumerate() {
        let want = (0..3).map(|j| a[(i, j)] / sums[j]).sum::<f64>() / 3.0;
        assert!((got - want).abs() < 1e-15, "{i}: {got} vs {want}");
    }
    let (_, eigen) = principal_eigen(&a).unwrap();
    assert!(
        (w[0] - eigen[0]).abs() > 1e-3,
        "inconsistent: differs from the eigenvector"
    );
}

/// Monte Carlo with judgments perturbed by a spread just above 1 gives the
/// additive weights in every sample: the batched additive path computes what
/// `evaluate` does, not the eigenvector (which differs here by > 1e-3).
#[test]
fn monte_carlo_perturbs_additive_weights() {
    let model = jmcdm();
    for mode in [SynthesisMode::Distributive, SynthesisMode::Ideal] {
        let s = settings(PriorityMethod::Additive, mode);
        let evaluation = evaluate(&model, &s).unwrap();
        let options = SmaaOptions {
            samples: 200,
            seed: 7,
            weights: WeightSampling::PerturbJudgments {
                spread: 1.000_000_1,
            },
            data: DataSampling::Fixed,
        };
        let r = smaa(&model, &s, &options, &|_| {}).unwrap();
        let winner = evaluation
            .alternatives
            .iter()
            .position(|a| a.rank == 1)
            .unwrap();
        assert_eq!(r.rank_acceptability[winner][0], 1.0, "{mode:?}");
        let central = r.central_weights[winner].as_ref().unwrap();
        let expected = leaf_weights(&evaluation);
        let eigen =
            leaf_weights(&evaluate(&model, &settings(PriorityMethod::Eigenvector, mode)).unwrap());
        for ((c, w), e) in central.iter().zip(&expected).zip(&eigen) {
            assert!((c - w).abs() < 1e-6, "{mode:?}: {c} vs additive {w}");
            let _ = e;
        }
        let apart = expected
            .iter()
            .zip(&eigen)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        assert!(apart > 1e-3, "{apart}");
    }
}

// ------------------------------------------------------------ AIP geometric

/// Two alternatives tied on every criterion, so groups differ only in the
/// criteria weights.
fn model_over(items: &[String]) -> Model {
    let alternatives = ids("x", 2);
    let leaves = items
        .iter()
        .map(|id| {
            leaf(
                id,
                AssessmentSpec::Pairwise(vec![Judgment::new("x1", "x2", 1.0)]),
            )
        })
        .collect();
    model(
        &alternatives,
        WeightsSpec::Direct(items.iter().map(|i| (i.clone(), 1.0)).collect()),
        leaves,
    )
}

/// With row-geometric-mean priorities, AIJ (weighted geometric mean of the
/// judgments) and AIP by the weighted geometric mean give the same
/// priorities (Barzilai & Golany 1994; Escobar, Aguarón & Moreno-Jiménez
/// 2004, EJOR 153, 318–322). Prize's published weighted AIJ matrix
/// (tests/fixtures/group/aggregation.json, ddargahi/Prize
/// inst/unitTests/test_gaggregate.R) therefore fixes the AIP-geometric
/// weights of its four members: the row geometric means of that matrix.
#[test]
fn aip_geometric_matches_prize_aij_under_the_row_geometric_mean() {
    let entries = group_fixture("aggregation.json");
    let entry = entries
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["method"] == "aij" && e["name"].as_str().unwrap().contains("weighted AIJ"))
        .unwrap();
    let published = matrix(&entry["expected"]["matrix"]);
    let n = published.len();
    let items = ids("c", n);
    let groups: Vec<GroupSpec> = entry["members"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(k, member)| GroupSpec {
            id: format!("m{k}"),
            name: format!("member {k}"),
            seats: member["weight"].as_f64().unwrap(),
            weights: vec![(
                Site::Goal,
                WeightsSpec::Judgments(upper(&items, &matrix(&member["matrix"]))),
            )],
            assessments: Vec::new(),
        })
        .collect();
    let model = model_over(&items);
    let s = settings(PriorityMethod::Geometric, SynthesisMode::Distributive);
    let geometric = analyze_groups(&model, &groups, &s, Aggregation::AipGeometric).unwrap();
    let logs: Vec<f64> = published
        .iter()
        .map(|row| row.iter().map(|x| x.ln()).sum::<f64>() / n as f64)
        .collect();
    let total: f64 = logs.iter().map(|l| l.exp()).sum();
    for (k, got) in geometric.aggregate.global_weights.iter().enumerate() {
        let want = logs[k].exp() / total;
        // The published matrix is rounded to 7 significant digits.
        assert!((got - want).abs() < 1e-6, "c{k}: {got} vs {want}");
    }
    let aij = analyze_groups(&model, &groups, &s, Aggregation::Aij).unwrap();
    for (g, a) in geometric
        .aggregate
        .global_weights
        .iter()
        .zip(&aij.aggregate.global_weights)
    {
        assert!((g - a).abs() < 1e-12, "{g} vs AIJ {a}");
    }
    // …and the arithmetic AIP does not (Prize's published AIP differs).
    let arithmetic = analyze_groups(&model, &groups, &s, Aggregation::Aip).unwrap();
    let apart = arithmetic
        .aggregate
        .global_weights
        .iter()
        .zip(&geometric.aggregate.global_weights)
        .map(|(a, g)| (a - g).abs())
        .fold(0.0, f64::max);
    assert!(apart > 1e-4, "{apart}");
    assert_eq!(geometric.aggregation.name(), "aip-geometric");
    assert_eq!(
        Aggregation::parse("aip-geometric"),
        Some(Aggregation::AipGeometric)
    );
}

/// AIP-geometric scores are Π s_g^share normalised to sum 1, and a parent's
/// aggregate weight is the sum of its leaves', in both modes.
#[test]
fn aip_geometric_scores_are_normalised_weighted_geometric_means() {
    let model = jmcdm();
    let criteria = ids("c", 8);
    let groups: Vec<GroupSpec> = [(1.0, 9.0), (3.0, 1.0), (5.0, 0.5)]
        .iter()
        .enumerate()
        .map(|(k, &(seats, v))| GroupSpec {
            id: format!("g{k}"),
            name: format!("G{k}"),
            seats,
            weights: vec![(
                Site::Goal,
                WeightsSpec::Direct(
                    criteria
                        .iter()
                        .enumerate()
                        .map(|(i, c)| (c.clone(), if i == 0 { v } else { 1.0 }))
                        .collect(),
                ),
            )],
            assessments: Vec::new(),
        })
        .collect();
    for mode in [SynthesisMode::Distributive, SynthesisMode::Ideal] {
        let s = settings(PriorityMethod::Eigenvector, mode);
        let a = analyze_groups(&model, &groups, &s, Aggregation::AipGeometric).unwrap();
        let seats: f64 = groups.iter().map(|g| g.seats).sum();
        let raw: Vec<f64> = (0..4)
            .map(|alt| {
                a.groups
                    .iter()
                    .zip(&groups)
                    .map(|(r, g)| g.seats / seats * r.evaluation.alternatives[alt].score.ln())
                    .sum::<f64>()
                    .exp()
            })
            .collect();
        let total: f64 = raw.iter().sum();
        for (got, r) in a.aggregate.scores.iter().zip(&raw) {
            assert!(
                (got - r / total).abs() < 1e-12,
                "{mode:?}: {got} vs {}",
                r / total
            );
        }
        let sum: f64 = a.aggregate.global_weights.iter().sum();
        assert!((sum - 1.0).abs() < 1e-12);
    }
}

// ------------------------------------------------------------------ max CR

fn city200_groups() -> Vec<GroupSpec> {
    CITY200
        .iter()
        .enumerate()
        .map(|(k, row)| GroupSpec {
            id: format!("ind{}", k + 1),
            name: format!("Individual {}", k + 1),
            seats: 1.0,
            weights: vec![(Site::Goal, WeightsSpec::Judgments(city200_judgments(row)))],
            assessments: Vec::new(),
        })
        .collect()
}

/// ahpsurvey's `censorcr = 0.1` drops the respondents whose CR exceeds 0.1:
/// of the first six of city200, individuals 5 and 6 (the vignette prints
/// `ahp.cr` of individual 5 as 0.106, with RI(5) = 1.11 = Saaty 2005, and
/// its censored `indpref` skips both). `--max-cr 0.1` leaves the same two
/// out, names them, and aggregates exactly as if they had not been there.
#[test]
fn max_cr_leaves_out_inconsistent_groups_like_ahpsurvey_censorcr() {
    let items: Vec<String> = ATTRIBUTES.iter().map(|s| s.to_string()).collect();
    let model = model_over(&items);
    let groups = city200_groups();
    for aggregation in Aggregation::ALL {
        for method in PriorityMethod::ALL {
            let s = Settings {
                method,
                ri: RandomIndex::Saaty2005,
                ..Settings::default()
            };
            let options = GroupOptions {
                aggregation,
                max_cr: Some(0.1),
            };
            let a = analyze_groups_with(&model, &groups, &s, &options).unwrap();
            let out: Vec<&str> = a.excluded.iter().map(|e| e.id.as_str()).collect();
            assert_eq!(out, ["ind5", "ind6"], "{aggregation:?} {method:?}");
            assert!(
                (a.excluded[0].cr - 0.106).abs() < 5e-4,
                "{}",
                a.excluded[0].cr
            );
            assert!(
                a.excluded
                    .iter()
                    .all(|e| e.cr > 0.1 && e.site == Site::Goal)
            );
            assert_eq!(a.groups.len(), 6, "every group's own result stands");
            assert_eq!(a.own_cr.len(), 6);
            let kept = analyze_groups(&model, &groups[..4], &s, aggregation).unwrap();
            for (x, y) in a
                .aggregate
                .global_weights
                .iter()
                .zip(&kept.aggregate.global_weights)
            {
                assert!(
                    (x - y).abs() < 1e-12,
                    "{aggregation:?} {method:?}: {x} vs {y}"
                );
            }
            assert!((a.consensus.s_star - kept.consensus.s_star).abs() < 1e-12);
            // Without the bound all six enter, and the aggregate moves.
            let all = analyze_groups(&model, &groups, &s, aggregation).unwrap();
            assert!(all.excluded.is_empty());
            let moved = all
                .aggregate
                .global_weights
                .iter()
                .zip(&a.aggregate.global_weights)
                .map(|(x, y)| (x - y).abs())
                .fold(0.0, f64::max);
            assert!(moved > 1e-4, "{aggregation:?} {method:?}: {moved}");
        }
    }
    // The AIJ model for Monte Carlo honours the bound too.
    let aij = aij_model_with(
        &model,
        &groups,
        &Settings {
            ri: RandomIndex::Saaty2005,
            ..Settings::default()
        },
        Some(0.1),
    )
    .unwrap();
    assert_eq!(aij.excluded.len(), 2);
}

#[test]
fn a_bound_no_group_meets_is_an_error_naming_every_group() {
    let items: Vec<String> = ATTRIBUTES.iter().map(|s| s.to_string()).collect();
    let model = model_over(&items);
    let groups = city200_groups();
    let options = GroupOptions {
        aggregation: Aggregation::Aij,
        max_cr: Some(0.01),
    };
    let err = analyze_groups_with(&model, &groups, &Settings::default(), &options).unwrap_err();
    let Error::AllGroupsExcluded { groups: listed, .. } = &err else {
        panic!("{err}");
    };
    assert_eq!(listed.len(), 6);
    for g in &groups {
        assert!(err.to_string().contains(&format!("`{}`", g.id)), "{err}");
    }
    for bad in [-0.1, f64::NAN, f64::INFINITY] {
        let options = GroupOptions {
            aggregation: Aggregation::Aip,
            max_cr: Some(bad),
        };
        let err = analyze_groups_with(&model, &groups, &Settings::default(), &options).unwrap_err();
        assert!(matches!(err, Error::BadMaxCr { .. }), "{bad}: {err}");
    }
}

// ----------------------------------------------- AIJ on a leaf of data

/// Quality judged in pairs; cost as data, lower is better, between the
/// alternatives' own lowest and highest value, so the dearest scores 0.
fn data_model(bounds: Option<(i64, i64)>) -> Model {
    let alternatives = ids("a", 3);
    let (lower, upper) = match bounds {
        Some((l, u)) => (Some(Decimal::from(l)), Some(Decimal::from(u))),
        None => (None, None),
    };
    model(
        &alternatives,
        WeightsSpec::Judgments(vec![Judgment::new("quality", "cost", 2.0)]),
        vec![
            leaf(
                "quality",
                AssessmentSpec::Pairwise(vec![
                    Judgment::new("a1", "a2", 3.0),
                    Judgment::new("a1", "a3", 2.0),
                    Judgment::new("a2", "a3", 0.5),
                ]),
            ),
            leaf(
                "cost",
                AssessmentSpec::Data {
                    unit: Some("tkr".into()),
                    values: vec![
                        ("a1".into(), Quantity::exact(Decimal::from(100))),
                        ("a2".into(), Quantity::exact(Decimal::from(300))),
                        ("a3".into(), Quantity::exact(Decimal::from(200))),
                    ],
                    function: ValueFunction::Linear {
                        direction: Direction::LowerIsBetter,
                        lower,
                        upper,
                    },
                },
            ),
        ],
    )
}

fn judging_groups() -> Vec<GroupSpec> {
    vec![
        GroupSpec {
            id: "keeps".into(),
            name: "Keeps the data".into(),
            seats: 5.0,
            weights: vec![],
            assessments: vec![],
        },
        GroupSpec {
            id: "judges".into(),
            name: "Judges cost".into(),
            seats: 3.0,
            weights: vec![],
            assessments: vec![(
                "cost".into(),
                vec![
                    Judgment::new("a1", "a2", 2.0),
                    Judgment::new("a1", "a3", 4.0),
                    Judgment::new("a2", "a3", 3.0),
                ],
            )],
        },
    ]
}

fn cost_priorities(e: &vagval_core::Evaluation) -> Vec<f64> {
    let p = &e
        .criteria
        .iter()
        .find(|c| c.id == "cost")
        .unwrap()
        .leaf
        .as_ref()
        .unwrap()
        .priorities;
    let total: f64 = p.iter().sum();
    p.iter().map(|x| x / total).collect()
}

/// Issue 9, item 8: a `[data]` leaf whose worst alternative scores 0, judged
/// in pairs by one group and kept by another. The default AIJ aggregate
/// failed and blamed the group that did not judge it; now the group that
/// keeps the data is left out of that leaf (and named), and the leaf is the
/// judging group's, in every mode and method.
#[test]
fn aij_on_a_data_leaf_with_a_zero_combines_the_groups_that_judged_it() {
    let model = data_model(None);
    let groups = judging_groups();
    for mode in [SynthesisMode::Distributive, SynthesisMode::Ideal] {
        for method in PriorityMethod::ALL {
            let s = settings(method, mode);
            let a = analyze_groups(&model, &groups, &s, Aggregation::Aij)
                .unwrap_or_else(|e| panic!("{mode:?} {method:?}: {e}"));
            assert_eq!(a.left_out.len(), 1);
            let l = &a.left_out[0];
            assert_eq!(l.site, Site::Assessment("cost".into()));
            assert_eq!(l.item, "a2", "the dearest scores 0");
            assert_eq!(l.groups, ["keeps"]);
            let aggregate = cost_priorities(a.aggregate.evaluation.as_ref().unwrap());
            let judged = cost_priorities(&a.groups[1].evaluation);
            for (x, y) in aggregate.iter().zip(&judged) {
                assert!((x - y).abs() < 1e-9, "{mode:?} {method:?}: {x} vs {y}");
            }
            // The quality leaf, which nobody judges again, stays the
            // workspace's.
            let e = evaluate(&model, &s).unwrap();
            let q = |e: &vagval_core::Evaluation| {
                e.criteria
                    .iter()
                    .find(|c| c.id == "quality")
                    .unwrap()
                    .leaf
                    .as_ref()
                    .unwrap()
                    .priorities
                    .clone()
            };
            assert_eq!(q(a.aggregate.evaluation.as_ref().unwrap()), q(&e));
        }
    }
}

/// Where the data give no alternative 0, the group that keeps them enters
/// with their consistent matrix: with row geometric means the leaf is then
/// the seat-weighted geometric mean of both groups' priorities (Barzilai &
/// Golany 1994), so the data weigh with the keeping group's seats.
#[test]
fn aij_on_positive_data_weighs_the_keeping_group_by_its_seats() {
    let model = data_model(Some((0, 400)));
    let groups = judging_groups();
    let s = settings(PriorityMethod::Geometric, SynthesisMode::Distributive);
    let a = analyze_groups(&model, &groups, &s, Aggregation::Aij).unwrap();
    assert!(a.left_out.is_empty());
    let keeps = cost_priorities(&a.groups[0].evaluation);
    let judges = cost_priorities(&a.groups[1].evaluation);
    let raw: Vec<f64> = keeps
        .iter()
        .zip(&judges)
        .map(|(k, j)| k.powf(5.0 / 8.0) * j.powf(3.0 / 8.0))
        .collect();
    let total: f64 = raw.iter().sum();
    let got = cost_priorities(a.aggregate.evaluation.as_ref().unwrap());
    for (g, r) in got.iter().zip(&raw) {
        assert!((g - r / total).abs() < 1e-9, "{g} vs {}", r / total);
    }
}

/// Direct weights with a 0 in the workspace, kept by every group: the AIJ
/// aggregate keeps them (it used to refuse and blame the first group, which
/// had given no weights). A group that weighs the set itself enters with
/// its own judgments, and the groups that keep the zero are named.
#[test]
fn workspace_zero_weights_are_no_groups_fault() {
    let alternatives = ids("a", 2);
    let model = model(
        &alternatives,
        WeightsSpec::Direct(vec![("p".into(), 1.0), ("q".into(), 0.0)]),
        vec![
            leaf(
                "p",
                AssessmentSpec::Pairwise(vec![Judgment::new("a1", "a2", 3.0)]),
            ),
            leaf(
                "q",
                AssessmentSpec::Pairwise(vec![Judgment::new("a1", "a2", 0.5)]),
            ),
        ],
    );
    let judge = |id: &str, v: f64| GroupSpec {
        id: id.into(),
        name: id.into(),
        seats: 1.0,
        weights: vec![],
        assessments: vec![("p".into(), vec![Judgment::new("a1", "a2", v)])],
    };
    let groups = vec![judge("g1", 2.0), judge("g2", 4.0)];
    let a = analyze_groups(&model, &groups, &Settings::default(), Aggregation::Aij).unwrap();
    assert!(a.left_out.is_empty());
    assert_eq!(a.aggregate.global_weights, vec![1.0, 0.0]);

    let mut mixed = groups.clone();
    mixed[1].weights = vec![(
        Site::Goal,
        WeightsSpec::Judgments(vec![Judgment::new("p", "q", 2.0)]),
    )];
    let a = analyze_groups(&model, &mixed, &Settings::default(), Aggregation::Aij).unwrap();
    assert_eq!(a.left_out.len(), 1);
    assert_eq!(a.left_out[0].site, Site::Goal);
    assert_eq!(a.left_out[0].groups, ["g1"]);
    let w = &a.aggregate.global_weights;
    assert!(
        (w[0] - 2.0 / 3.0).abs() < 1e-12,
        "{w:?}: g2's own judgment alone"
    );

    // A group's own zero is its own: the error names it.
    let mut own = groups;
    own[1].weights = vec![(
        Site::Goal,
        WeightsSpec::Direct(vec![("p".into(), 0.0), ("q".into(), 1.0)]),
    )];
    let err = analyze_groups(&model, &own, &Settings::default(), Aggregation::Aij).unwrap_err();
    let Error::GroupTarget { group, .. } = &err else {
        panic!("{err}");
    };
    assert_eq!(group, "g2");
}

/// docs/lua-api.md: a leaf no group judges keeps the analysts' assessment
/// in the AIJ aggregate (here data, with its 0 intact), while a group's own
/// judgments of a data leaf do enter it.
#[test]
fn a_leaf_no_group_judges_keeps_the_workspace_assessment() {
    let model = data_model(None);
    let weights_only: Vec<GroupSpec> = judging_groups()
        .into_iter()
        .map(|mut g| {
            g.assessments.clear();
            g.weights = vec![(
                Site::Goal,
                WeightsSpec::Judgments(vec![Judgment::new("quality", "cost", g.seats)]),
            )];
            g
        })
        .collect();
    for mode in [SynthesisMode::Distributive, SynthesisMode::Ideal] {
        let s = settings(PriorityMethod::Eigenvector, mode);
        let a = analyze_groups(&model, &weights_only, &s, Aggregation::Aij).unwrap();
        assert!(a.left_out.is_empty());
        let aggregate = a.aggregate.evaluation.as_ref().unwrap();
        let cost = |e: &vagval_core::Evaluation| {
            e.criteria
                .iter()
                .find(|c| c.id == "cost")
                .unwrap()
                .leaf
                .clone()
                .unwrap()
        };
        let own = cost(&evaluate(&model, &s).unwrap());
        let kept = cost(aggregate);
        assert_eq!(kept.kind, own.kind, "still data");
        assert_eq!(kept.priorities, own.priorities);
        assert!(kept.priorities.contains(&0.0));
        // One group judging the leaf changes it.
        let judged = analyze_groups(&model, &judging_groups(), &s, Aggregation::Aij).unwrap();
        assert_ne!(
            cost(judged.aggregate.evaluation.as_ref().unwrap()).priorities,
            own.priorities
        );
    }
}

/// Under a parent, AIP-geometric keeps the tree additive: the leaves' weights
/// are the normalised weighted geometric means, and a parent weighs the sum
/// of its leaves' (a geometric mean of the parents' own weights would not
/// add up).
#[test]
fn aip_geometric_parent_weights_are_their_leaves_sums() {
    let alternatives = ids("a", 2);
    let pair = |v: f64| AssessmentSpec::Pairwise(vec![Judgment::new("a1", "a2", v)]);
    let child = |id: &str, v: f64| CriterionInput {
        criterion: CriterionSpec {
            id: id.into(),
            name: id.into(),
            description: String::new(),
            parent: Some("p".into()),
        },
        weights: None,
        assessment: Some(pair(v)),
    };
    let parent = CriterionInput {
        criterion: CriterionSpec {
            id: "p".into(),
            name: "p".into(),
            description: String::new(),
            parent: None,
        },
        weights: Some(WeightsSpec::Direct(vec![
            ("c1".into(), 1.0),
            ("c2".into(), 1.0),
        ])),
        assessment: None,
    };
    let model = model(
        &alternatives,
        WeightsSpec::Direct(vec![("p".into(), 1.0), ("q".into(), 1.0)]),
        vec![
            parent,
            child("c1", 3.0),
            child("c2", 0.25),
            leaf("q", pair(2.0)),
        ],
    );
    let group = |id: &str, seats: f64, p: f64, c1: f64| GroupSpec {
        id: id.into(),
        name: id.into(),
        seats,
        weights: vec![
            (
                Site::Goal,
                WeightsSpec::Direct(vec![("p".into(), p), ("q".into(), 1.0 - p)]),
            ),
            (
                Site::Weights("p".into()),
                WeightsSpec::Direct(vec![("c1".into(), c1), ("c2".into(), 1.0 - c1)]),
            ),
        ],
        assessments: Vec::new(),
    };
    let groups = vec![group("g1", 2.0, 0.8, 0.3), group("g2", 1.0, 0.4, 0.9)];
    let a = analyze_groups(
        &model,
        &groups,
        &Settings::default(),
        Aggregation::AipGeometric,
    )
    .unwrap();
    let position = |id: &str| a.aggregate.criteria.iter().position(|c| c == id).unwrap();
    let w = |id: &str| a.aggregate.global_weights[position(id)];
    // Leaves: c1 = .8·.3, .4·.9; c2 = .8·.7, .4·.1; q = .2, .6; shares 2/3, 1/3.
    let g = |x: f64, y: f64| x.powf(2.0 / 3.0) * y.powf(1.0 / 3.0);
    let raw = [g(0.24, 0.36), g(0.56, 0.04), g(0.2, 0.6)];
    let total: f64 = raw.iter().sum();
    for (id, r) in ["c1", "c2", "q"].iter().zip(raw) {
        assert!(
            (w(id) - r / total).abs() < 1e-12,
            "{id}: {} vs {}",
            w(id),
            r / total
        );
    }
    assert!((w("p") - (w("c1") + w("c2"))).abs() < 1e-15);
    assert!((w("p") + w("q") - 1.0).abs() < 1e-12);
}
