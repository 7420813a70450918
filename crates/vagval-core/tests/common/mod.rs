//! Helpers shared by the property tests (each test file is its own crate and
//! uses only some of them, hence `dead_code` is allowed).

#![allow(dead_code)]

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::Value;

/// `cases` unless PROPTEST_CASES asks for more (or fewer) for a stress run.
pub fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        failure_persistence: None,
        // A fixed seed keeps CI deterministic; PROPTEST_RNG_SEED=random
        // (or a number) explores other inputs in a stress run.
        rng_seed: match std::env::var("PROPTEST_RNG_SEED").as_deref() {
            Ok("random") => RngSeed::Random,
            Ok(text) => text
                .parse()
                .map(RngSeed::Fixed)
                .unwrap_or(RngSeed::Fixed(2026)),
            Err(_) => RngSeed::Fixed(2026),
        },
        ..Config::default()
    }
}

/// Item names x0 … x{n-1}.
pub fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("x{i}")).collect()
}

/// Saaty's fundamental scale: 1/9 … 1/2, 1, 2 … 9.
pub fn saaty_value() -> impl Strategy<Value = f64> {
    (1u32..=9, any::<bool>()).prop_map(|(v, invert)| {
        let v = f64::from(v);
        if invert { 1.0 / v } else { v }
    })
}

/// A JSON fixture of tests/fixtures/group.
pub fn group_fixture(name: &str) -> Value {
    let path = format!(
        "{}/../../tests/fixtures/group/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// A JSON array of numbers.
pub fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// A JSON array of rows of numbers.
pub fn matrix(v: &Value) -> Vec<Vec<f64>> {
    v.as_array().unwrap().iter().map(numbers).collect()
}
