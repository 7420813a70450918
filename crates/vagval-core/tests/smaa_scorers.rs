//! Monte Carlo with scripted criteria: with `DataSampling::Ranges`, the
//! scorer is called per sample with inputs drawn in their ranges (not the
//! criterion's own range sampled), deterministically for any thread count.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rust_decimal::Decimal;
use std::sync::atomic::{AtomicU64, Ordering};
use vagval_core::assessment::{AssessmentSpec, WeightsSpec};
use vagval_core::hierarchy::CriterionSpec;
use vagval_core::model::{Alternative, CriterionInput, Model, ModelSpec};
use vagval_core::quantity::Quantity;
use vagval_core::sensitivity::smaa::{
    DataSampling, Scorer, SmaaOptions, WeightSampling, smaa_with_scorers,
};
use vagval_core::value_function::{Direction, ValueFunction};
use vagval_core::{Error, Language, PluginError, PluginText, ScorerError, Settings};

fn q(low: i64, high: i64) -> Quantity {
    Quantity::range(Decimal::from(low), Decimal::from(high)).unwrap()
}

/// Two alternatives, one scripted cost criterion (lower is better) whose
/// stored values say `a` is cheap, and a tie criterion.
fn model() -> Model {
    let alternatives = ["a", "b"]
        .iter()
        .map(|id| Alternative {
            id: id.to_string(),
            name: id.to_string(),
            description: String::new(),
        })
        .collect();
    let cost = CriterionInput {
        criterion: CriterionSpec {
            id: "cost".into(),
            name: "cost".into(),
            description: String::new(),
            parent: None,
        },
        weights: None,
        assessment: Some(AssessmentSpec::Scripted {
            unit: None,
            values: vec![("a".into(), q(10, 20)), ("b".into(), q(80, 90))],
            function: ValueFunction::Linear {
                direction: Direction::LowerIsBetter,
                lower: Some(Decimal::ZERO),
                upper: Some(Decimal::from(100)),
            },
            inputs: vec![(
                "price".into(),
                vec![("a".into(), q(10, 20)), ("b".into(), q(80, 90))],
            )],
        }),
    };
    let tie = CriterionInput {
        criterion: CriterionSpec {
            id: "tie".into(),
            name: "tie".into(),
            description: String::new(),
            parent: None,
        },
        weights: None,
        assessment: Some(AssessmentSpec::Pairwise(vec![vagval_core::Judgment::new(
            "a", "b", 1.0,
        )])),
    };
    Model::new(ModelSpec {
        goal: "g".into(),
        alternatives,
        criteria: vec![cost, tie],
        goal_weights: Some(WeightsSpec::Direct(vec![
            ("cost".into(), 1.0),
            ("tie".into(), 1.0),
        ])),
        rating_scales: vec![],
    })
    .unwrap()
}

#[test]
fn the_scorer_decides_each_sample() {
    let model = model();
    let options = SmaaOptions {
        samples: 20_000,
        seed: 5,
        weights: WeightSampling::Simplex,
        data: DataSampling::Ranges,
    };
    let calls = AtomicU64::new(0);
    // A scorer that reverses the prices: `b` becomes the cheap one. If the
    // criterion's stored range were sampled instead, `a` would win.
    let reversed = |_: &str| -> Result<Option<Scorer>, PluginError> {
        Ok(Some(Box::new(
            |inputs: &vagval_core::plugin::ScorerInputs| {
                let price = &inputs.inputs[0].1;
                Ok(vec![price[1], price[0]])
            },
        )))
    };
    let counting = |id: &str| {
        calls.fetch_add(1, Ordering::Relaxed);
        reversed(id)
    };
    let result =
        smaa_with_scorers(&model, &Settings::default(), &options, &|_| {}, &counting).unwrap();
    let b = result.alternatives.iter().position(|id| id == "b").unwrap();
    assert!(
        result.rank_acceptability[b][0] > 0.99,
        "{:?}",
        result.rank_acceptability
    );
    assert!(calls.load(Ordering::Relaxed) >= 1);
    // Without a scorer, the stored range is sampled and `a` wins.
    let plain = smaa_with_scorers(&model, &Settings::default(), &options, &|_| {}, &|_| {
        Ok(None)
    })
    .unwrap();
    assert!(plain.rank_acceptability[1 - b][0] > 0.99);
}

#[test]
fn scorers_give_the_same_numbers_for_any_thread_count() {
    let model = model();
    let options = SmaaOptions {
        samples: 150_000,
        seed: 9,
        weights: WeightSampling::Simplex,
        data: DataSampling::Ranges,
    };
    // A scorer that depends on the drawn inputs: a and b swap around 50.
    let scorer = |_: &str| -> Result<Option<Scorer>, PluginError> {
        Ok(Some(Box::new(
            |inputs: &vagval_core::plugin::ScorerInputs| {
                let price = &inputs.inputs[0].1;
                Ok(vec![price[0] * 4.0, price[1] * 0.6])
            },
        )))
    };
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                smaa_with_scorers(&model, &Settings::default(), &options, &|_| {}, &scorer).unwrap()
            })
    };
    let one = run(1);
    let two = run(2);
    assert_eq!(one.rank_counts, two.rank_counts);
    assert_eq!(one.central_weights, two.central_weights);
    assert_eq!(one.confidence, two.confidence);
    let first: f64 = one.rank_acceptability.iter().map(|r| r[0]).sum();
    assert!((first - 1.0).abs() < 1e-12);
    assert!(
        one.confidence
            .iter()
            .flatten()
            .any(|c| *c > 0.0 && *c < 1.0),
        "the data's uncertainty shows in the confidence factors: {:?}",
        one.confidence
    );
}

/// A plugin's error as a plugin crate would give it: its own texts.
#[derive(Debug)]
struct BrokenScript;

impl std::fmt::Display for BrokenScript {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("price.lua:2: boom")
    }
}

impl std::error::Error for BrokenScript {}

impl PluginText for BrokenScript {
    fn message(&self, lang: Language) -> String {
        lang.pick("price.lua:2: boom", "price.lua:2: pang")
            .to_string()
    }
}

#[test]
fn a_scorer_that_cannot_be_made_fails_with_the_plugins_error_kept() {
    let options = SmaaOptions {
        samples: 100,
        seed: 1,
        weights: WeightSampling::Simplex,
        data: DataSampling::Ranges,
    };
    let broken =
        |_: &str| -> Result<Option<Scorer>, PluginError> { Err(PluginError::new(BrokenScript)) };
    let error = smaa_with_scorers(&model(), &Settings::default(), &options, &|_| {}, &broken)
        .expect_err("the factory failed");
    assert!(
        matches!(
            &error,
            Error::Scorer {
                source: ScorerError::Plugin(_),
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        error.to_string().ends_with("failed: price.lua:2: boom"),
        "{error}"
    );
    assert!(
        error
            .message(Language::Sv)
            .ends_with("misslyckades: price.lua:2: pang")
    );
    // The plugin's own error is the end of the source chain.
    let mut source: &dyn std::error::Error = &error;
    while let Some(next) = source.source() {
        source = next;
    }
    assert!(source.is::<BrokenScript>(), "{source}");
}

#[test]
fn the_confidence_pass_reuses_the_first_passs_scores() {
    let model = model();
    let options = SmaaOptions {
        samples: 70_000,
        seed: 3,
        weights: WeightSampling::Simplex,
        data: DataSampling::Ranges,
    };
    let calls = std::sync::Arc::new(AtomicU64::new(0));
    let scorer = |_: &str| -> Result<Option<Scorer>, PluginError> {
        let calls = std::sync::Arc::clone(&calls);
        Ok(Some(Box::new(
            move |inputs: &vagval_core::plugin::ScorerInputs| {
                calls.fetch_add(1, Ordering::Relaxed);
                let price = &inputs.inputs[0].1;
                Ok(vec![price[0] * 4.0, price[1] * 0.6])
            },
        )))
    };
    let result =
        smaa_with_scorers(&model, &Settings::default(), &options, &|_| {}, &scorer).unwrap();
    // The confidence factors were sampled (a second pass over the data)...
    assert!(result.confidence_sampled);
    assert!(
        result
            .confidence
            .iter()
            .flatten()
            .any(|c| *c > 0.0 && *c < 1.0)
    );
    // ...but the scorer was called once per sample (and for the unused
    // lanes of each block's last batch of 32): the second pass drew the
    // same inputs and was answered from the first pass's results.
    let calls = calls.load(Ordering::Relaxed);
    assert!(
        calls >= options.samples && calls < options.samples + 2 * 32,
        "{calls}"
    );
}

/// Where a script scores every sample, the work is cut into blocks of
/// 8 192 samples (`SCRIPTED_BLOCK_SAMPLES`), not the 65 536 of fixed data: 1e5
/// such samples in 65 536-sample blocks left one core two thirds of the
/// work. Seen from the progress reports, one per block and pass (each
/// pass counts half): no report jumps by more than half a small block, and
/// the numbers are those of any thread count.
#[test]
fn scripted_samples_run_in_small_blocks() {
    let model = model();
    let options = SmaaOptions {
        samples: 40_000,
        seed: 3,
        weights: WeightSampling::Simplex,
        data: DataSampling::Ranges,
    };
    let scorer = |_: &str| -> Result<Option<Scorer>, PluginError> {
        Ok(Some(Box::new(
            |inputs: &vagval_core::plugin::ScorerInputs| Ok(inputs.inputs[0].1.clone()),
        )))
    };
    let seen = std::sync::Mutex::new(Vec::new());
    let progress = |n: u64| seen.lock().unwrap().push(n);
    smaa_with_scorers(&model, &Settings::default(), &options, &progress, &scorer).unwrap();
    let mut seen = seen.into_inner().unwrap();
    seen.sort_unstable();
    assert_eq!(seen.last(), Some(&options.samples));
    let widest = seen.windows(2).map(|p| p[1] - p[0]).max().unwrap();
    assert!(widest <= 4_096, "a report jumped by {widest} samples");
    // Two passes of ⌈40 000 / 8 192⌉ = 5 blocks, and the first report (0).
    assert_eq!(seen.len(), 1 + 2 * 5, "{seen:?}");
}
