//! Hot paths: a full evaluation of the shipped Tranås decision, with and
//! without reading the workspace's files; and its Monte Carlo analysis with
//! `--data ranges` (issue 13's third workload), the scripted ten-year cost
//! run in the Lua sandbox for every sample.

// A benchmark of shipped data: failing loudly is right.
#![allow(clippy::expect_used)]

use std::path::PathBuf;
use vagval_core::model::Model;
use vagval_core::settings::Settings;
use vagval_workspace::Workspace;

fn main() {
    divan::main();
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[divan::bench]
fn evaluate_tranas(bencher: divan::Bencher) {
    let workspace = Workspace::load(&root()).expect("the shipped workspace loads");
    let model = Model::new(workspace.spec.clone()).expect("the shipped model is valid");
    let settings = Settings::default();
    bencher.bench(|| vagval_core::evaluate(divan::black_box(&model), &settings));
}

#[divan::bench]
fn load_and_evaluate_tranas(bencher: divan::Bencher) {
    let root = root();
    let settings = Settings::default();
    bencher.bench(|| {
        let workspace = Workspace::load(&root).expect("the shipped workspace loads");
        let model = Model::new(workspace.spec).expect("the shipped model is valid");
        vagval_core::evaluate(&model, &settings)
    });
}

/// The shipped group scripts, run once (setup for the group benchmarks).
fn tranas_groups(model: &Model) -> Vec<vagval_core::group::GroupSpec> {
    use vagval_core::plugin::WeightingSource;
    let view = vagval_core::plugin::DecisionView::of(model);
    let dir = root().join("scripts/groups");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("scripts/groups")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let source = std::fs::read_to_string(&path).expect("a group script");
            vagval_lua::GroupScript::new(path, source, vagval_lua::Limits::default())
                .group(&view)
                .expect("the shipped group runs")
        })
        .collect()
}

/// Every group evaluated, aggregated by AIJ (geometric mean of judgments,
/// then the aggregate evaluated), with consensus and differences.
#[divan::bench(args = ["aij", "aip"])]
fn groups_tranas(bencher: divan::Bencher, aggregation: &str) {
    let workspace = Workspace::load(&root()).expect("the shipped workspace loads");
    let model = Model::new(workspace.spec.clone()).expect("the shipped model is valid");
    let groups = tranas_groups(&model);
    let aggregation =
        vagval_core::group::Aggregation::parse(aggregation).expect("a known aggregation");
    let settings = Settings::default();
    bencher.bench(|| {
        vagval_core::group::analyze_groups(
            divan::black_box(&model),
            &groups,
            &settings,
            aggregation,
        )
    });
}

/// Running all four shipped group scripts (a fresh sandboxed state each).
#[divan::bench]
fn run_tranas_group_scripts(bencher: divan::Bencher) {
    let workspace = Workspace::load(&root()).expect("the shipped workspace loads");
    let model = Model::new(workspace.spec.clone()).expect("the shipped model is valid");
    bencher.bench(|| tranas_groups(divan::black_box(&model)));
}

/// The whole workshop report of the Tranås decision, as `vagval report`
/// makes it: groups run and aggregated, consistency, every one-way sweep,
/// thresholds, a Monte Carlo run of 10 000 samples, charts and HTML, and
/// the atomic write.
#[divan::bench(sample_count = 20)]
fn report_tranas(bencher: divan::Bencher) {
    let root = root();
    let out = std::env::temp_dir().join(format!("vagval-bench-report-{}", std::process::id()));
    std::fs::create_dir_all(&out).expect("a temp folder");
    let target = out.join("report.html").to_string_lossy().to_string();
    let args = [
        "vagval",
        "report",
        "--out",
        &target,
        "--lang",
        "sv",
        "--samples",
        "10000",
    ];
    bencher.bench(|| {
        let mut stdout = Vec::new();
        let mut stderr = Vec::new();
        vagval_cli::run(args, &root, &mut std::io::empty(), &mut stdout, &mut stderr)
    });
    let _ = std::fs::remove_dir_all(&out);
}

/// One chart rendered to SVG: the groups' weights (grouped bars, 5 views ×
/// 9 criteria), from an evaluation already made.
#[divan::bench]
fn weights_chart_svg(bencher: divan::Bencher) {
    let workspace = Workspace::load(&root()).expect("the shipped workspace loads");
    let model = Model::new(workspace.spec.clone()).expect("the shipped model is valid");
    let evaluation = vagval_core::evaluate(&model, &Settings::default()).expect("evaluates");
    let lang = vagval_report::Lang::Sv;
    let views: Vec<(String, &vagval_core::Evaluation)> = (0..5)
        .map(|k| (format!("Grupp {k}"), &evaluation))
        .collect();
    let figure = vagval_report::figures::weights_figure(lang, &views);
    bencher.bench(|| vagval_report::chart::grouped_bars(divan::black_box(&figure), lang));
}

/// `vagval sensitivity monte-carlo --data ranges` on the shipped workspace
/// (weights on the simplex, every ranged input drawn, the ten-year cost
/// computed by its Lua script per sample, then the confidence pass), as
/// the CLI runs it. 131 072 samples: two blocks, one per core of the
/// reference machine, with both passes and the memo inside the timing.
#[divan::bench(sample_count = 10)]
fn monte_carlo_tranas_data_ranges(bencher: divan::Bencher) {
    use vagval_core::sensitivity::smaa::{DataSampling, SmaaOptions, WeightSampling};
    let workspace = Workspace::load(&root()).expect("the shipped workspace loads");
    let context = vagval_workspace::context::Context::new(
        &workspace,
        Settings::default(),
        vagval_report::Lang::En,
    )
    .expect("the shipped model evaluates");
    let options = SmaaOptions {
        samples: 131_072,
        seed: 1,
        weights: WeightSampling::Simplex,
        data: DataSampling::Ranges,
    };
    bencher
        .counter(divan::counter::ItemsCount::new(options.samples))
        .bench(|| {
            context
                .monte_carlo(&context.model, &options, &|_| {})
                .expect("the analysis runs")
        });
}
