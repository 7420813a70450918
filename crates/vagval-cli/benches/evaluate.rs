//! Hot path: a full evaluation of the shipped Tranås decision, with and
//! without reading the workspace's files.

// A benchmark of shipped data: failing loudly is right.
#![allow(clippy::expect_used)]

use std::path::PathBuf;
use vagval_cli::Workspace;
use vagval_core::model::Model;
use vagval_core::settings::Settings;

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
