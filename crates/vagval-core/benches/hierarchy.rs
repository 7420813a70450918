//! Scale of the paths issue 9 found super-linear: validating a deep
//! hierarchy (a chain of single-child criteria, once cubic in its depth),
//! evaluating it, and λmax-optimal completion up to its limit
//! (`completion::MAX_OPTIMAL_WORK`).

// A benchmark of fixed data: failing loudly is right.
#![allow(clippy::expect_used)]

use vagval_core::Judgment;
use vagval_core::assessment::AssessmentSpec;
use vagval_core::completion::CompletionMethod;
use vagval_core::consistency::RandomIndex;
use vagval_core::hierarchy::{CriterionSpec, Hierarchy};
use vagval_core::model::{Alternative, CriterionInput, Model, ModelSpec, Site};
use vagval_core::pairwise::PairwiseMatrix;
use vagval_core::priority::PriorityMethod;
use vagval_core::settings::Settings;

fn main() {
    divan::main();
}

/// `depth` criteria, each the only child of the one before.
fn chain(depth: usize) -> Vec<CriterionSpec> {
    (0..depth)
        .map(|i| CriterionSpec {
            id: format!("c{i}"),
            name: format!("C{i}"),
            description: String::new(),
            parent: (i > 0).then(|| format!("c{}", i - 1)),
        })
        .collect()
}

#[divan::bench(args = [1_000, 4_000, 10_000])]
fn hierarchy_of_a_chain(bencher: divan::Bencher, depth: usize) {
    let specs = chain(depth);
    bencher.bench(|| Hierarchy::new(divan::black_box(&specs)).expect("a valid chain"));
}

fn chain_model(depth: usize) -> ModelSpec {
    let specs = chain(depth);
    let last = specs.len() - 1;
    ModelSpec {
        goal: "G".into(),
        alternatives: ["a", "b"]
            .iter()
            .map(|id| Alternative {
                id: id.to_string(),
                name: id.to_uppercase(),
                description: String::new(),
            })
            .collect(),
        criteria: specs
            .into_iter()
            .enumerate()
            .map(|(i, criterion)| CriterionInput {
                criterion,
                weights: None,
                assessment: (i == last)
                    .then(|| AssessmentSpec::Pairwise(vec![Judgment::new("a", "b", 3.0)])),
            })
            .collect(),
        goal_weights: None,
        rating_scales: Vec::new(),
    }
}

#[divan::bench(args = [1_000, 4_000, 10_000])]
fn validate_and_evaluate_a_chain(bencher: divan::Bencher, depth: usize) {
    let spec = chain_model(depth);
    bencher.bench(|| {
        let model = Model::new(divan::black_box(spec.clone())).expect("a valid model");
        vagval_core::evaluate(&model, &Settings::default()).expect("evaluates")
    });
}

/// `n` items judged as a chain (each against the next): (n−1)(n−2)/2 gaps.
fn chain_matrix(n: usize) -> PairwiseMatrix {
    let items: Vec<String> = (0..n).map(|i| format!("i{i}")).collect();
    let values = [3.0, 2.0, 0.5, 5.0, 1.0 / 3.0];
    let judgments: Vec<Judgment> = (0..n - 1)
        .map(|i| {
            Judgment::new(
                items[i].clone(),
                items[i + 1].clone(),
                values[i % values.len()],
            )
        })
        .collect();
    PairwiseMatrix::from_judgments(&items, &judgments, &Site::Matrix).expect("a connected chain")
}

/// Optimal completion at sizes below the limit (n = 14: 78 gaps, work
/// 15 288; n = 18: 136 gaps, work 44 064).
#[divan::bench(args = [6, 10, 14, 18], sample_count = 3, sample_size = 1)]
fn optimal_completion_of_a_chain(bencher: divan::Bencher, n: usize) {
    let m = chain_matrix(n);
    bencher.bench(|| {
        vagval_core::analyze(
            divan::black_box(&m),
            PriorityMethod::Eigenvector,
            RandomIndex::Saaty1980,
            CompletionMethod::Optimal,
            &Site::Matrix,
        )
        .expect("below the limit")
    });
}

/// The slow case: a chain with skip judgments that contradict it (i is 3×
/// i+1, yet i+2 is 2× i), so coordinate descent needs many sweeps.
#[divan::bench(args = [8, 12], sample_count = 1, sample_size = 1)]
fn optimal_completion_of_inconsistent_judgments(bencher: divan::Bencher, n: usize) {
    let items: Vec<String> = (0..n).map(|i| format!("i{i}")).collect();
    let mut judgments: Vec<Judgment> = (0..n - 1)
        .map(|i| Judgment::new(items[i].clone(), items[i + 1].clone(), 3.0))
        .collect();
    judgments.extend(
        (0..n - 2)
            .step_by(2)
            .map(|i| Judgment::new(items[i + 2].clone(), items[i].clone(), 2.0)),
    );
    let m = PairwiseMatrix::from_judgments(&items, &judgments, &Site::Matrix).expect("connected");
    bencher.bench(|| {
        vagval_core::analyze(
            divan::black_box(&m),
            PriorityMethod::Eigenvector,
            RandomIndex::Saaty1980,
            CompletionMethod::Optimal,
            &Site::Matrix,
        )
        .expect("below the limit")
    });
}
