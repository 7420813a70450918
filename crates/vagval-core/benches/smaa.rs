//! SMAA-2 throughput on the numpy baseline's model (`shared/bench/model_8x3.json`:
//! 8 leaf criteria judged in one pairwise matrix, 3 alternatives judged in
//! pairs on each). Each iteration runs `N` samples, so samples/s = N / time
//! (divan prints it as items/s).
//!
//! Baseline, same machine, same session (see `shared/bench/README.md`):
//! `bench_montecarlo.py dirichlet np 1000000 --model model_8x3.json --seed 42`
//! and `… perturb np …`, timed as whole processes minus the interpreter's
//! start-up (`… dirichlet rng-only 1000 …`).

// A benchmark of fixed data: failing loudly is right.
#![allow(clippy::expect_used)]

use vagval_core::assessment::{AssessmentSpec, WeightsSpec};
use vagval_core::hierarchy::CriterionSpec;
use vagval_core::model::{Alternative, CriterionInput, ModelSpec};
use vagval_core::priority::PriorityMethod;
use vagval_core::sensitivity::smaa::{DataSampling, SmaaOptions, SmaaResult, WeightSampling, smaa};
use vagval_core::{Judgment, Model, Settings};

const N: u64 = 1_000_000;

fn main() {
    divan::main();
}

const CRITERIA: [&str; 8] = [
    "democracy",
    "lock_in",
    "competence",
    "scale",
    "regional",
    "cyber",
    "digital",
    "cost",
];
const ALTERNATIVES: [&str; 3] = ["stay-alone", "join-hit", "build-in-house"];
/// The criteria matrix's upper triangle, row by row.
const CRITERIA_UPPER: [f64; 28] = [
    2.0,
    0.5,
    3.0,
    2.0,
    1.0 / 3.0,
    2.0,
    0.5, //
    1.0 / 3.0,
    2.0,
    1.0,
    0.25,
    1.0,
    1.0 / 3.0, //
    4.0,
    3.0,
    0.5,
    2.0,
    1.0, //
    0.5,
    0.2,
    0.5,
    0.25, //
    1.0 / 3.0,
    1.0,
    0.5, //
    3.0,
    2.0, //
    0.5,
];
/// Each criterion's alternatives matrix: a_01, a_02, a_12.
const ALTERNATIVES_UPPER: [[f64; 3]; 8] = [
    [3.0, 1.0, 1.0 / 3.0],
    [4.0, 2.0, 0.5],
    [0.2, 0.5, 3.0],
    [1.0 / 6.0, 0.5, 4.0],
    [0.2, 1.0, 5.0],
    [1.0 / 6.0, 1.0 / 3.0, 3.0],
    [0.2, 1.0 / 3.0, 2.0],
    [2.0, 5.0, 4.0],
];

fn judgments(items: &[&str], upper: &[f64]) -> Vec<Judgment> {
    let mut out = Vec::new();
    let mut k = 0;
    for i in 0..items.len() {
        for j in (i + 1)..items.len() {
            out.push(Judgment::new(items[i], items[j], upper[k]));
            k += 1;
        }
    }
    out
}

fn model_8x3() -> Model {
    Model::new(ModelSpec {
        goal: "model_8x3".into(),
        alternatives: ALTERNATIVES
            .iter()
            .map(|id| Alternative {
                id: id.to_string(),
                name: id.to_string(),
                description: String::new(),
            })
            .collect(),
        criteria: CRITERIA
            .iter()
            .zip(&ALTERNATIVES_UPPER)
            .map(|(id, upper)| CriterionInput {
                criterion: CriterionSpec {
                    id: id.to_string(),
                    name: id.to_string(),
                    description: String::new(),
                    parent: None,
                },
                weights: None,
                assessment: Some(AssessmentSpec::Pairwise(judgments(&ALTERNATIVES, upper))),
            })
            .collect(),
        goal_weights: Some(WeightsSpec::Judgments(judgments(
            &CRITERIA,
            &CRITERIA_UPPER,
        ))),
        rating_scales: Vec::new(),
    })
    .expect("the benchmark model is valid")
}

fn run(model: &Model, weights: WeightSampling) -> SmaaResult {
    run_by(model, weights, &Settings::default())
}

fn run_by(model: &Model, weights: WeightSampling, settings: &Settings) -> SmaaResult {
    let options = SmaaOptions {
        samples: N,
        seed: 42,
        weights,
        data: DataSampling::Fixed,
    };
    smaa(divan::black_box(model), settings, &options, &|_| {}).expect("SMAA runs")
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
        .install(f)
}

const PERTURB: WeightSampling = WeightSampling::PerturbJudgments {
    spread: WeightSampling::DEFAULT_SPREAD,
};

/// Weights uniform on the simplex, all threads (2 here).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn simplex_8x3(bencher: divan::Bencher) {
    let model = model_8x3();
    bencher
        .counter(divan::counter::ItemsCount::new(N))
        .bench(|| run(&model, WeightSampling::Simplex));
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn simplex_8x3_one_thread(bencher: divan::Bencher) {
    let model = model_8x3();
    bencher
        .counter(divan::counter::ItemsCount::new(N))
        .bench(|| in_pool(1, || run(&model, WeightSampling::Simplex)));
}

/// Every judgment of the 8 × 8 criteria matrix perturbed within a factor 2,
/// eigenvector by power iteration, all threads.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn perturb_8x3(bencher: divan::Bencher) {
    let model = model_8x3();
    bencher
        .counter(divan::counter::ItemsCount::new(N))
        .bench(|| run(&model, PERTURB));
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn perturb_8x3_one_thread(bencher: divan::Bencher) {
    let model = model_8x3();
    bencher
        .counter(divan::counter::ItemsCount::new(N))
        .bench(|| in_pool(1, || run(&model, PERTURB)));
}

/// The other priority methods' batched kernels (`PriorityMethod::kernel`),
/// one thread: the row geometric mean from the draws' log sums, the
/// additive normalisation by its two-lane arithmetic.
#[divan::bench(sample_count = 10, sample_size = 1, args = ["geometric", "additive"])]
fn perturb_8x3_method_one_thread(bencher: divan::Bencher, method: &str) {
    let model = model_8x3();
    let settings = Settings {
        method: PriorityMethod::parse(method).expect("a method"),
        ..Settings::default()
    };
    bencher
        .counter(divan::counter::ItemsCount::new(N))
        .bench(|| in_pool(1, || run_by(&model, PERTURB, &settings)));
}
