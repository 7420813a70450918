//! Every priority method (`PriorityMethod::ALL`) through every path that
//! derives priorities: a published matrix analysed (`analyze`), and Monte
//! Carlo over it (`smaa`). A new method is exercised here as soon as it
//! compiles, without a line of this file changing: the claim that adding
//! one touches only `priority.rs` and the docs (docs/methods.md).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use nalgebra::DMatrix;
use vagval_core::assessment::{AssessmentSpec, WeightsSpec};
use vagval_core::completion::CompletionMethod;
use vagval_core::consistency::RandomIndex;
use vagval_core::hierarchy::CriterionSpec;
use vagval_core::model::{Alternative, CriterionInput, ModelSpec, Site};
use vagval_core::priority::{PriorityMethod, priorities};
use vagval_core::sensitivity::smaa::{DataSampling, SmaaOptions, WeightSampling, sample, smaa};
use vagval_core::{Judgment, Model, PairwiseMatrix, Settings, analyze, evaluate};

const DRINKS: [&str; 7] = ["Coffee", "Wine", "Tea", "Beer", "Sodas", "Milk", "Water"];

/// Saaty's relative consumption of drinks in the US (Saaty 1980; Table 2 of
/// Saaty 2008, with a(Tea, Wine) = 3 as in `golden.rs`, which cites it).
fn drinks_rows() -> Vec<Vec<f64>> {
    let (t, q, n) = (1.0 / 3.0, 0.25, 1.0 / 9.0);
    vec![
        vec![1.0, 9.0, 5.0, 2.0, 1.0, 1.0, 0.5],
        vec![n, 1.0, t, n, n, n, n],
        vec![0.2, 3.0, 1.0, t, q, t, n],
        vec![0.5, 9.0, 3.0, 1.0, 0.5, 1.0, t],
        vec![1.0, 9.0, 4.0, 2.0, 1.0, 2.0, 0.5],
        vec![1.0, 9.0, 3.0, 1.0, 0.5, 1.0, t],
        vec![2.0, 9.0, 9.0, 3.0, 2.0, 3.0, 1.0],
    ]
}

/// The published eigenvector (Saaty 1980, 3 decimals).
const PUBLISHED: [f64; 7] = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327];

#[test]
fn every_method_analyses_saatys_drinks_matrix() {
    let rows: Vec<Vec<Option<f64>>> = drinks_rows()
        .iter()
        .map(|r| r.iter().map(|&x| Some(x)).collect())
        .collect();
    let m = PairwiseMatrix::from_rows(&DRINKS, &rows, &Site::Matrix).unwrap();
    let run = |method| {
        analyze(
            &m,
            method,
            RandomIndex::Saaty2005,
            CompletionMethod::Harker,
            &Site::Matrix,
        )
        .unwrap()
    };
    let eigen = run(PriorityMethod::Eigenvector);
    for method in PriorityMethod::ALL {
        let a = run(method);
        assert_eq!(a.method, method);
        // Exactly what the one dispatch computes: the analysis reuses the
        // eigenvector and geometric mean it has for λmax and the GCI
        // without changing a bit.
        let dense = DMatrix::from_fn(7, 7, |i, j| a.matrix[i][j]);
        assert_eq!(
            a.priorities,
            priorities(method, &dense).unwrap(),
            "{method:?}"
        );
        // λmax, CR and GCI do not depend on the method.
        assert_eq!(
            (a.lambda_max, a.cr, a.gci),
            (eigen.lambda_max, eigen.cr, eigen.gci),
            "{method:?}"
        );
        assert!((a.cr - 0.022).abs() < 0.0005, "{method:?}: CR {}", a.cr);
        // Positive, summing to 1, and Saaty's most and least consumed
        // drinks (Water .327, far ahead; Wine .019) where he puts them.
        let sum: f64 = a.priorities.iter().sum();
        assert!((sum - 1.0).abs() < 1e-12, "{method:?}: {sum}");
        assert!(a.priorities.iter().all(|p| *p > 0.0), "{method:?}");
        let (most, least) = (
            argmax(&a.priorities),
            argmax(&a.priorities.iter().map(|p| -p).collect::<Vec<_>>()),
        );
        assert_eq!(
            (DRINKS[most], DRINKS[least]),
            ("Water", "Wine"),
            "{method:?}"
        );
    }
    // Made consistent from the published vector (a_ij = w_i / w_j), the
    // matrix gives that vector back by every method.
    let rows: Vec<Vec<Option<f64>>> = PUBLISHED
        .iter()
        .map(|wi| PUBLISHED.iter().map(|wj| Some(wi / wj)).collect())
        .collect();
    let consistent = PairwiseMatrix::from_rows(&DRINKS, &rows, &Site::Matrix).unwrap();
    let total: f64 = PUBLISHED.iter().sum();
    for method in PriorityMethod::ALL {
        let a = analyze(
            &consistent,
            method,
            RandomIndex::Saaty2005,
            CompletionMethod::Harker,
            &Site::Matrix,
        )
        .unwrap();
        for (p, w) in a.priorities.iter().zip(PUBLISHED) {
            assert!(
                (p - w / total).abs() < 1e-12,
                "{method:?}: {p} vs {}",
                w / total
            );
        }
        assert!(a.cr.abs() < 1e-12, "{method:?}: CR {}", a.cr);
    }
}

fn argmax(x: &[f64]) -> usize {
    (0..x.len()).fold(0, |best, i| if x[i] > x[best] { i } else { best })
}

fn judgments(items: &[&str], rows: &[Vec<f64>]) -> Vec<Judgment> {
    let mut out = Vec::new();
    for i in 0..items.len() {
        for j in i + 1..items.len() {
            out.push(Judgment::new(items[i], items[j], rows[i][j]));
        }
    }
    out
}

/// The drinks as criteria (weighted by Saaty's matrix), three alternatives
/// judged in pairs on each, differently from one drink to the next.
fn drinks_model() -> Model {
    let alternatives = ["a", "b", "c"];
    let criteria = DRINKS
        .iter()
        .enumerate()
        .map(|(k, id)| {
            let x = 1.0 + k as f64 / 2.0;
            let rows = vec![
                vec![1.0, x, 2.0],
                vec![1.0 / x, 1.0, 1.0 / x],
                vec![0.5, x, 1.0],
            ];
            CriterionInput {
                criterion: CriterionSpec {
                    id: id.to_string(),
                    name: id.to_string(),
                    description: String::new(),
                    parent: None,
                },
                weights: None,
                assessment: Some(AssessmentSpec::Pairwise(judgments(&alternatives, &rows))),
            }
        })
        .collect();
    Model::new(ModelSpec {
        goal: "drinks".into(),
        alternatives: alternatives
            .iter()
            .map(|id| Alternative {
                id: id.to_string(),
                name: id.to_string(),
                description: String::new(),
            })
            .collect(),
        criteria,
        goal_weights: Some(WeightsSpec::Judgments(judgments(&DRINKS, &drinks_rows()))),
        rating_scales: Vec::new(),
    })
    .unwrap()
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

#[test]
fn every_method_runs_monte_carlo_over_saatys_drinks_matrix() {
    let model = drinks_model();
    let options = SmaaOptions {
        samples: 2_000,
        seed: 5,
        weights: WeightSampling::PerturbJudgments { spread: 2.0 },
        data: DataSampling::Fixed,
    };
    for method in PriorityMethod::ALL {
        let settings = Settings {
            method,
            ..Settings::default()
        };
        let evaluation = evaluate(&model, &settings).unwrap();
        let one = in_pool(1, || smaa(&model, &settings, &options, &|_| {}).unwrap());
        let two = in_pool(2, || smaa(&model, &settings, &options, &|_| {}).unwrap());
        assert_eq!(one, two, "{method:?}: threads change the result");
        for row in &one.rank_acceptability {
            let sum: f64 = row.iter().sum();
            assert!((sum - 1.0).abs() < 1e-12, "{method:?}: {sum}");
        }
        // The samples' weights: each sums to 1, they vary, and on average
        // stay near the method's own weights of the unperturbed model.
        let leaves: Vec<f64> = evaluation
            .criteria
            .iter()
            .filter(|c| c.leaf.is_some())
            .map(|c| c.global_weight)
            .collect();
        let samples: Vec<Vec<f64>> = (0..64)
            .map(|k| sample(&model, &settings, &options, k).unwrap().weights)
            .collect();
        for w in &samples {
            let sum: f64 = w.iter().sum();
            assert!((sum - 1.0).abs() < 1e-12, "{method:?}: {sum}");
        }
        assert_ne!(samples[0], samples[1], "{method:?}: the judgments vary");
        for (k, own) in leaves.iter().enumerate() {
            let mean = samples.iter().map(|w| w[k]).sum::<f64>() / samples.len() as f64;
            assert!(
                (mean - own).abs() < 0.1 * own,
                "{method:?} {}: {mean} vs {own}",
                DRINKS[k]
            );
        }
    }
}
