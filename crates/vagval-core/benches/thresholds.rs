//! Rank-reversal thresholds (Triantaphyllou & Sánchez 1997) on large flat
//! workspaces: `n` alternatives scored on 10 data criteria. Every pair of
//! alternatives is examined on every criterion (O(n² · 10) weight changes
//! and O(n² · 10) performance changes), so time grows with the square of
//! the alternatives; memory should not (the allocation profiler prints the
//! bytes allocated per run beside the time).

// A benchmark of fixed data: failing loudly is right.
#![allow(clippy::expect_used)]

use rust_decimal::Decimal;
use vagval_core::assessment::{AssessmentSpec, WeightsSpec};
use vagval_core::hierarchy::CriterionSpec;
use vagval_core::model::{Alternative, CriterionInput, ModelSpec};
use vagval_core::quantity::Quantity;
use vagval_core::sensitivity::thresholds::thresholds;
use vagval_core::settings::SynthesisMode;
use vagval_core::value_function::ValueFunction;
use vagval_core::{Evaluation, Model, Settings, evaluate};

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

const CRITERIA: usize = 10;

fn main() {
    divan::main();
}

/// `n` alternatives with values 1–1000 (a fixed linear congruential
/// sequence) on 10 criteria weighted 1, 2, …, 10, linear value functions.
fn model(n: usize) -> Model {
    let mut state: u64 = 7;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        Decimal::from(1 + (state >> 33) % 1000)
    };
    let alternatives: Vec<Alternative> = (0..n)
        .map(|i| Alternative {
            id: format!("a{i}"),
            name: format!("Alternative {i}"),
            description: String::new(),
        })
        .collect();
    let criteria = (0..CRITERIA)
        .map(|k| CriterionInput {
            criterion: CriterionSpec {
                id: format!("c{k}"),
                name: format!("Criterion {k}"),
                description: String::new(),
                parent: None,
            },
            weights: None,
            assessment: Some(AssessmentSpec::Data {
                unit: None,
                values: alternatives
                    .iter()
                    .map(|a| (a.id.clone(), Quantity::exact(next())))
                    .collect(),
                function: ValueFunction::PiecewiseLinear {
                    points: vec![(Decimal::ZERO, 0.0), (Decimal::from(1000), 1.0)],
                },
            }),
        })
        .collect();
    Model::new(ModelSpec {
        goal: "large".into(),
        alternatives,
        criteria,
        goal_weights: Some(WeightsSpec::Direct(
            (0..CRITERIA)
                .map(|k| (format!("c{k}"), (k + 1) as f64))
                .collect(),
        )),
        rating_scales: Vec::new(),
    })
    .expect("the benchmark model is valid")
}

fn evaluation(n: usize, mode: SynthesisMode) -> Evaluation {
    let settings = Settings {
        mode,
        ..Settings::default()
    };
    evaluate(&model(n), &settings).expect("the benchmark model evaluates")
}

#[divan::bench(args = [100, 400, 800], sample_count = 3, sample_size = 1)]
fn distributive(bencher: divan::Bencher, n: usize) {
    let e = evaluation(n, SynthesisMode::Distributive);
    bencher.bench(|| thresholds(divan::black_box(&e)));
}

#[divan::bench(args = [100, 400, 800], sample_count = 3, sample_size = 1)]
fn ideal(bencher: divan::Bencher, n: usize) {
    let e = evaluation(n, SynthesisMode::Ideal);
    bencher.bench(|| thresholds(divan::black_box(&e)));
}
