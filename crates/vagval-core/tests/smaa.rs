//! SMAA-2 (sensitivity::smaa): the invariants of rank acceptabilities,
//! central weights and confidence factors, reproducibility across threads
//! and seeds, and agreement with the numpy baseline in `shared/bench`.
//!
//! Sample sizes are kept small in debug builds (the whole file runs in a
//! few seconds); release builds run more samples.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rust_decimal::Decimal;
use vagval_core::assessment::{AssessmentSpec, WeightsSpec};
use vagval_core::hierarchy::CriterionSpec;
use vagval_core::model::{Alternative, CriterionInput, ModelSpec};
use vagval_core::priority::PriorityMethod;
use vagval_core::quantity::Quantity;
use vagval_core::sensitivity::smaa::{
    BLOCK_SAMPLES, DataSampling, SmaaOptions, SmaaResult, WeightSampling, smaa,
};
use vagval_core::settings::SynthesisMode;
use vagval_core::value_function::{Direction, ValueFunction};
use vagval_core::{Error, Judgment, Model, Settings, evaluate};

const DEBUG: bool = cfg!(debug_assertions);

// ---------------------------------------------------------------- models

/// `shared/bench/model_8x3.json`: 8 criteria judged in one pairwise matrix,
/// 3 alternatives judged in pairs on each.
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

fn alternatives(ids: &[&str]) -> Vec<Alternative> {
    ids.iter()
        .map(|id| Alternative {
            id: id.to_string(),
            name: id.to_string(),
            description: String::new(),
        })
        .collect()
}

fn criterion(
    id: &str,
    parent: Option<&str>,
    weights: Option<WeightsSpec>,
    assessment: Option<AssessmentSpec>,
) -> CriterionInput {
    CriterionInput {
        criterion: CriterionSpec {
            id: id.into(),
            name: id.into(),
            description: String::new(),
            parent: parent.map(Into::into),
        },
        weights,
        assessment,
    }
}

fn model_8x3() -> Model {
    Model::new(ModelSpec {
        goal: "model_8x3".into(),
        alternatives: alternatives(&ALTERNATIVES),
        criteria: CRITERIA
            .iter()
            .zip(&ALTERNATIVES_UPPER)
            .map(|(id, upper)| {
                criterion(
                    id,
                    None,
                    None,
                    Some(AssessmentSpec::Pairwise(judgments(&ALTERNATIVES, upper))),
                )
            })
            .collect(),
        goal_weights: Some(WeightsSpec::Judgments(judgments(
            &CRITERIA,
            &CRITERIA_UPPER,
        ))),
        rating_scales: Vec::new(),
    })
    .unwrap()
}

fn data(values: &[(&str, &str)], direction: Direction) -> AssessmentSpec {
    AssessmentSpec::Data {
        unit: None,
        values: values
            .iter()
            .map(|(a, q)| (a.to_string(), Quantity::parse(q).unwrap()))
            .collect(),
        function: ValueFunction::Linear {
            direction,
            lower: Some(Decimal::from(0)),
            upper: Some(Decimal::from(300)),
        },
    }
}

/// Two levels, a criteria matrix with a gap, a directly weighted set and
/// data: `best` is better than `x` and `y` on every leaf.
fn dominated_model(ranged: bool) -> Model {
    let alts = ["x", "best", "y"];
    let pairwise = |upper: [f64; 3]| Some(AssessmentSpec::Pairwise(judgments(&alts, &upper)));
    let cost = if ranged {
        [("x", "150–250"), ("best", "10–90"), ("y", "100–290")]
    } else {
        [("x", "200"), ("best", "50"), ("y", "120")]
    };
    Model::new(ModelSpec {
        goal: "dominance".into(),
        alternatives: alternatives(&alts),
        criteria: vec![
            criterion(
                "quality",
                None,
                Some(WeightsSpec::Judgments(vec![
                    Judgment::new("q1", "q2", 3.0),
                    Judgment::new("q2", "q3", 2.0),
                ])),
                None,
            ),
            criterion("q1", Some("quality"), None, pairwise([1.0 / 5.0, 2.0, 7.0])),
            criterion("q2", Some("quality"), None, pairwise([1.0 / 3.0, 1.0, 3.0])),
            criterion("q3", Some("quality"), None, pairwise([1.0 / 9.0, 1.0, 9.0])),
            criterion(
                "money",
                None,
                Some(WeightsSpec::Direct(vec![
                    ("cost".into(), 2.0),
                    ("risk".into(), 1.0),
                ])),
                None,
            ),
            criterion(
                "cost",
                Some("money"),
                None,
                Some(data(&cost, Direction::LowerIsBetter)),
            ),
            criterion("risk", Some("money"), None, pairwise([1.0 / 2.0, 1.0, 2.0])),
        ],
        goal_weights: Some(WeightsSpec::Judgments(vec![Judgment::new(
            "quality", "money", 2.0,
        )])),
        rating_scales: Vec::new(),
    })
    .unwrap()
}

/// Two alternatives whose mean data tie: `wide` has a wide range, `narrow`
/// a narrow one, on both criteria.
fn near_tie() -> Model {
    let alts = ["wide", "narrow"];
    Model::new(ModelSpec {
        goal: "near tie".into(),
        alternatives: alternatives(&alts),
        criteria: vec![
            criterion(
                "cost",
                None,
                None,
                Some(data(
                    &[("wide", "50–250"), ("narrow", "140–160")],
                    Direction::LowerIsBetter,
                )),
            ),
            criterion(
                "benefit",
                None,
                None,
                Some(data(
                    &[("wide", "60–240"), ("narrow", "145–155")],
                    Direction::HigherIsBetter,
                )),
            ),
        ],
        goal_weights: Some(WeightsSpec::Direct(vec![
            ("cost".into(), 1.0),
            ("benefit".into(), 1.0),
        ])),
        rating_scales: Vec::new(),
    })
    .unwrap()
}

// ---------------------------------------------------------------- helpers

const PERTURB: WeightSampling = WeightSampling::PerturbJudgments {
    spread: WeightSampling::DEFAULT_SPREAD,
};

fn options(samples: u64, seed: u64, weights: WeightSampling, data: DataSampling) -> SmaaOptions {
    SmaaOptions {
        samples,
        seed,
        weights,
        data,
    }
}

fn run(model: &Model, options: &SmaaOptions) -> SmaaResult {
    smaa(model, &Settings::default(), options, &|_| {}).unwrap()
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

#[track_caller]
fn assert_invariants(r: &SmaaResult) {
    let m = r.alternatives.len();
    for (a, row) in r.rank_acceptability.iter().enumerate() {
        let sum: f64 = row.iter().sum();
        assert!((sum - 1.0).abs() < 1e-12, "alternative {a}: {sum}");
        assert!(row.iter().all(|b| (0.0..=1.0).contains(b)));
        let counted: u64 = r.rank_counts[a].iter().sum();
        assert_eq!(counted, r.samples);
    }
    for rank in 0..m {
        let sum: f64 = r.rank_acceptability.iter().map(|row| row[rank]).sum();
        assert!((sum - 1.0).abs() < 1e-12, "rank {}: {sum}", rank + 1);
    }
    for (a, w) in r.central_weights.iter().enumerate() {
        match w {
            Some(w) => {
                assert_eq!(w.len(), r.criteria.len());
                let sum: f64 = w.iter().sum();
                assert!((sum - 1.0).abs() < 1e-9, "central weights of {a}: {sum}");
                assert!(w.iter().all(|x| *x >= 0.0));
                assert!(r.rank_counts[a][0] > 0);
                let p = r.confidence[a].unwrap();
                assert!((0.0..=1.0).contains(&p));
            }
            None => {
                assert_eq!(r.rank_counts[a][0], 0);
                assert_eq!(r.confidence[a], None);
            }
        }
    }
}

// ---------------------------------------------------------------- tests

#[test]
fn acceptabilities_sum_to_one_and_central_weights_too() {
    let model = model_8x3();
    for weights in [WeightSampling::Simplex, PERTURB] {
        let r = run(&model, &options(20_000, 1, weights, DataSampling::Fixed));
        assert_invariants(&r);
        assert_eq!(r.criteria, CRITERIA);
        assert_eq!(r.alternatives, ALTERNATIVES);
        assert!(!r.confidence_sampled);
    }
    let r = run(
        &dominated_model(true),
        &options(5_000, 1, PERTURB, DataSampling::Ranges),
    );
    assert_invariants(&r);
    assert_eq!(r.criteria, ["q1", "q2", "q3", "cost", "risk"]);
}

#[test]
fn a_dominating_alternative_is_always_first() {
    for ranged in [false, true] {
        let model = dominated_model(ranged);
        for weights in [WeightSampling::Simplex, PERTURB] {
            for data in [DataSampling::Fixed, DataSampling::Ranges] {
                let r = run(&model, &options(3_000, 9, weights, data));
                assert_eq!(r.rank_acceptability[1][0], 1.0, "{weights:?} {data:?}");
                assert_eq!(r.confidence[1], Some(1.0));
                assert_eq!(r.central_weights[0], None);
                assert_eq!(r.confidence[0], None);
                assert_eq!(r.confidence_sampled, ranged && data == DataSampling::Ranges);
                assert_invariants(&r);
            }
        }
    }
}

#[test]
fn results_do_not_depend_on_the_number_of_threads() {
    // More than two blocks, the last one partial, so that both threads work.
    let simplex = 2 * BLOCK_SAMPLES + 1_001;
    let cases = [
        (
            model_8x3(),
            WeightSampling::Simplex,
            DataSampling::Fixed,
            simplex,
        ),
        (
            model_8x3(),
            PERTURB,
            DataSampling::Fixed,
            if DEBUG { BLOCK_SAMPLES + 99 } else { simplex },
        ),
        (
            near_tie(),
            WeightSampling::Simplex,
            DataSampling::Ranges,
            BLOCK_SAMPLES + 99,
        ),
    ];
    for (model, weights, data, samples) in cases {
        let o = options(samples, 2024, weights, data);
        let one = in_pool(1, || run(&model, &o));
        let two = in_pool(2, || run(&model, &o));
        assert_eq!(one, two, "{weights:?} {data:?}");
        assert_invariants(&one);
    }
}

#[test]
fn seeds_give_different_but_close_results() {
    let model = model_8x3();
    let n = 20_000;
    for weights in [WeightSampling::Simplex, PERTURB] {
        let a = run(&model, &options(n, 1, weights, DataSampling::Fixed));
        let b = run(&model, &options(n, 2, weights, DataSampling::Fixed));
        assert_ne!(a.rank_counts, b.rank_counts, "{weights:?}");
        let same = run(&model, &options(n, 1, weights, DataSampling::Fixed));
        assert_eq!(a, same);
        // Two independent estimates: their difference has a standard
        // deviation below sqrt(2 · 0.25 / n); allow five of them.
        let tolerance = 5.0 * (0.5 / n as f64).sqrt();
        for (x, y) in a
            .rank_acceptability
            .iter()
            .flatten()
            .zip(b.rank_acceptability.iter().flatten())
        {
            assert!((x - y).abs() < tolerance, "{weights:?}: {x} vs {y}");
        }
    }
}

/// `bench_montecarlo.py dirichlet np 1000000 --model model_8x3.json --seed 42`
/// (numpy PCG64 draws, weights e / Σe with e ~ Exp(1)) printed
/// acc=[[0.069295, 0.528637, 0.402068], [0.929099, 0.060395, 0.010506],
/// [0.001606, 0.410968, 0.587426]]. A different generator and simplex method
/// here, so the two agree within sampling error: 3/√N of ours (theirs, at
/// 10⁶ samples, is much smaller).
#[test]
fn simplex_agrees_with_the_numpy_baseline() {
    let numpy = [
        [0.069295, 0.528637, 0.402068],
        [0.929099, 0.060395, 0.010506],
        [0.001606, 0.410968, 0.587426],
    ];
    let n = if DEBUG { 50_000 } else { 1_000_000 };
    let r = run(
        &model_8x3(),
        &options(n, 42, WeightSampling::Simplex, DataSampling::Fixed),
    );
    let tolerance = 3.0 / (n as f64).sqrt();
    for (ours, theirs) in r.rank_acceptability.iter().zip(numpy) {
        for (x, y) in ours.iter().zip(theirs) {
            assert!((x - y).abs() < tolerance, "{x} vs numpy {y}");
        }
    }
}

/// Judgment perturbation draws exactly the baseline's portable SplitMix64
/// stream, so the counts agree sample for sample:
/// `bench_montecarlo.py perturb np 20000 --model model_8x3.json --seed 42 --rng splitmix`
/// → counts=0,18334,1666,20000,0,0,0,1666,18334, and with `--seed 7 --spread 4`
/// → counts=0,15109,4891,20000,0,0,0,4891,15109.
#[test]
fn judgment_perturbation_reproduces_the_numpy_baseline_stream() {
    let model = model_8x3();
    let cases = [
        (42, 2.0, [[0, 18334, 1666], [20000, 0, 0], [0, 1666, 18334]]),
        (7, 4.0, [[0, 15109, 4891], [20000, 0, 0], [0, 4891, 15109]]),
    ];
    for (seed, spread, counts) in cases {
        let weights = WeightSampling::PerturbJudgments { spread };
        let r = run(&model, &options(20_000, seed, weights, DataSampling::Fixed));
        assert_eq!(r.rank_counts, counts.map(Vec::from).to_vec(), "seed {seed}");
    }
}

#[test]
fn fixed_data_gives_exact_confidence_factors() {
    let model = model_8x3();
    for weights in [WeightSampling::Simplex, PERTURB] {
        let r = run(&model, &options(10_000, 3, weights, DataSampling::Fixed));
        assert!(!r.confidence_sampled);
        for p in r.confidence.iter().flatten() {
            assert!(*p == 0.0 || *p == 1.0, "{p}");
        }
        // Ranges asked for, but the model has no data: still exact.
        let r = run(&model, &options(10_000, 3, weights, DataSampling::Ranges));
        assert!(!r.confidence_sampled);
        assert!(
            r.confidence
                .iter()
                .flatten()
                .all(|p| *p == 0.0 || *p == 1.0)
        );
    }
}

#[test]
fn wide_data_ranges_make_a_near_tie_uncertain() {
    let model = near_tie();
    let r = run(
        &model,
        &options(20_000, 5, WeightSampling::Simplex, DataSampling::Ranges),
    );
    assert!(r.confidence_sampled);
    assert_invariants(&r);
    for a in 0..2 {
        let p = r.confidence[a].unwrap();
        assert!(p > 0.05 && p < 0.95, "{}: {p}", r.alternatives[a]);
        assert!(r.rank_acceptability[a][0] > 0.05 && r.rank_acceptability[a][0] < 0.95);
    }
    // At the range point the two tie exactly: with fixed data and equal
    // weights both share the first rank.
    let fixed = run(
        &model,
        &options(1_000, 5, WeightSampling::Simplex, DataSampling::Fixed),
    );
    assert!(
        fixed
            .confidence
            .iter()
            .flatten()
            .all(|p| *p == 0.0 || *p == 1.0)
    );
}

/// A spread just above 1 leaves the weights where they are: the ranking is
/// the deterministic one in every sample, through every kind of set (a
/// matrix with a gap, direct weights, two levels) and every priority method
/// (the additive one through its own batched path).
#[test]
fn a_tiny_spread_reproduces_the_deterministic_ranking() {
    let model = dominated_model(false);
    for method in PriorityMethod::ALL {
        for mode in [SynthesisMode::Distributive, SynthesisMode::Ideal] {
            let settings = Settings {
                method,
                mode,
                ..Settings::default()
            };
            let evaluation = evaluate(&model, &settings).unwrap();
            let o = options(
                500,
                1,
                WeightSampling::PerturbJudgments { spread: 1.000_001 },
                DataSampling::Fixed,
            );
            let r = smaa(&model, &settings, &o, &|_| {}).unwrap();
            for (a, alt) in evaluation.alternatives.iter().enumerate() {
                assert_eq!(
                    r.rank_acceptability[a][alt.rank - 1],
                    1.0,
                    "{method:?} {mode:?}"
                );
            }
            // And the central weights of the winner are the model's own.
            let leaves: Vec<f64> = evaluation
                .criteria
                .iter()
                .filter(|c| c.leaf.is_some())
                .map(|c| c.global_weight)
                .collect();
            let central = r.central_weights[1].as_ref().unwrap();
            for (c, g) in central.iter().zip(&leaves) {
                assert!((c - g).abs() < 1e-5, "{c} vs {g}");
            }
        }
    }
}

#[test]
fn bad_options_are_errors() {
    let model = model_8x3();
    let run = |o: SmaaOptions| smaa(&model, &Settings::default(), &o, &|_| {});
    let err = run(options(0, 1, WeightSampling::Simplex, DataSampling::Fixed)).unwrap_err();
    assert_eq!(err, Error::NoSamples);
    assert!(err.to_string().contains("at least one sample"), "{err}");
    for spread in [1.0, 0.5, -2.0, f64::NAN, f64::INFINITY] {
        let o = options(
            10,
            1,
            WeightSampling::PerturbJudgments { spread },
            DataSampling::Fixed,
        );
        let err = run(o).unwrap_err();
        assert!(matches!(err, Error::BadSpread { .. }), "{spread}: {err}");
    }
}

#[test]
fn progress_is_reported_up_to_the_samples() {
    let model = near_tie();
    let seen = std::sync::Mutex::new(Vec::new());
    let o = options(
        BLOCK_SAMPLES + 5,
        1,
        WeightSampling::Simplex,
        DataSampling::Ranges,
    );
    smaa(&model, &Settings::default(), &o, &|n| {
        seen.lock().unwrap().push(n)
    })
    .unwrap();
    let seen = seen.into_inner().unwrap();
    assert_eq!(seen.first(), Some(&0));
    assert_eq!(seen.iter().max(), Some(&o.samples));
    assert!(seen.len() >= 3);
}

/// Memory does not grow with the samples: ten million run quickly in
/// release builds (a smaller run in debug builds, which are ~50× slower).
#[test]
fn ten_million_samples_run() {
    let n = if DEBUG { 100_000 } else { 10_000_000 };
    let r = run(
        &model_8x3(),
        &options(n, 11, WeightSampling::Simplex, DataSampling::Fixed),
    );
    assert_eq!(r.samples, n);
    assert_invariants(&r);
}

#[test]
fn the_result_serialises() {
    let r = run(&near_tie(), &options(100, 1, PERTURB, DataSampling::Ranges));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["weights"]["kind"], "perturb-judgments");
    assert_eq!(json["weights"]["spread"], 2.0);
    assert_eq!(json["data"], "ranges");
    assert_eq!(json["rank_acceptability"].as_array().unwrap().len(), 2);
}

/// A very wide spread makes some samples so inconsistent that the batched
/// power iteration gives up; they are solved one by one instead, still the
/// same for any thread count. Beyond 1000 the spread is refused.
#[test]
fn the_widest_spread_still_converges_and_wider_is_refused() {
    let model = model_8x3();
    let wide = options(
        8_000,
        3,
        WeightSampling::PerturbJudgments { spread: 1000.0 },
        DataSampling::Fixed,
    );
    let one = in_pool(1, || run(&model, &wide));
    let two = in_pool(2, || run(&model, &wide));
    assert_eq!(one.rank_counts, two.rank_counts);
    let too_wide = options(
        10,
        3,
        WeightSampling::PerturbJudgments { spread: 1000.5 },
        DataSampling::Fixed,
    );
    let err = smaa(&model, &Settings::default(), &too_wide, &|_| {}).unwrap_err();
    assert!(matches!(err, Error::BadSpread { .. }), "{err}");
    assert!(err.to_string().contains("at most 1000"), "{err}");
}

/// A run stops once its cancel flag is set — before any block when set at
/// the start, within the blocks in flight when set from the progress
/// callback — and a run never cancelled gives exactly `smaa`'s numbers.
#[test]
fn a_cancelled_run_stops_and_an_uncancelled_one_is_unchanged() {
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use vagval_core::sensitivity::smaa::{BLOCK_SAMPLES, smaa_until};
    let model = model_8x3();
    let options = SmaaOptions {
        samples: 200 * BLOCK_SAMPLES,
        seed: 7,
        weights: WeightSampling::Simplex,
        data: DataSampling::Fixed,
    };
    let settings = Settings::default();
    let set = AtomicBool::new(true);
    let stopped = smaa_until(&model, &settings, &options, &|_| {}, &|_| Ok(None), &set);
    assert!(
        matches!(stopped, Err(vagval_core::Error::Cancelled)),
        "{stopped:?}"
    );
    // Set after the first block reports: far fewer than all blocks run.
    let cancel = AtomicBool::new(false);
    let seen = AtomicU64::new(0);
    let progress = |done: u64| {
        seen.store(done, Ordering::Relaxed);
        if done > 0 {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    let stopped = smaa_until(
        &model,
        &settings,
        &options,
        &progress,
        &|_| Ok(None),
        &cancel,
    );
    assert!(matches!(stopped, Err(vagval_core::Error::Cancelled)));
    assert!(seen.load(Ordering::Relaxed) < options.samples / 2);
    // Never set: the same numbers as `smaa`.
    let small = SmaaOptions {
        samples: 3 * BLOCK_SAMPLES + 17,
        ..options
    };
    let never = AtomicBool::new(false);
    let until = smaa_until(&model, &settings, &small, &|_| {}, &|_| Ok(None), &never).unwrap();
    assert_eq!(until, run(&model, &small));
}
