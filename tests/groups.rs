//! The Tranås decision's political groups, end to end through the command:
//! every shipped group script loads in its sandbox and evaluates; the groups
//! differ; the aggregate, its method and the consensus are reported.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;

// The shared harness of the binary's tests, run in-process here.
#[path = "../crates/vagval-cli/tests/common/mod.rs"]
mod common;

use common::{repo_root, run_in_process};

/// `vagval ARGS --format json` in-process at the repository root.
fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--format", "json"]);
    let run = run_in_process(&repo_root(), &all);
    assert_eq!(run.code, 0, "{all:?} failed:\n{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{all:?}: not JSON: {e}"))
}

fn group_scripts() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(repo_root().join("scripts/groups"))
        .unwrap()
        .filter_map(|e| {
            let path = e.ok()?.path();
            if path.extension()? != "lua" {
                return None;
            }
            Some(path.file_stem()?.to_string_lossy().into_owned())
        })
        .collect();
    ids.sort();
    ids
}

#[test]
fn every_shipped_group_script_loads_and_evaluates() {
    let ids = group_scripts();
    assert!(
        ids.len() >= 4,
        "DOMAIN.md asks for at least four groups, found {ids:?}"
    );
    let all = json(&["evaluate", "--all-groups"]);
    let groups = all["groups"].as_array().unwrap();
    assert_eq!(groups.len(), ids.len());
    for (group, id) in groups.iter().zip(&ids) {
        assert_eq!(group["id"].as_str().unwrap(), id);
        assert!(group["seats"].as_f64().unwrap() > 0.0, "{id} has seats");
        let scores: f64 = group["evaluation"]["alternatives"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["score"].as_f64().unwrap())
            .sum();
        assert!((scores - 1.0).abs() < 1e-9, "{id}: scores sum to {scores}");
        // --group gives the same evaluation as --all-groups.
        let single = json(&["evaluate", "--group", id]);
        assert_eq!(
            single["alternatives"], group["evaluation"]["alternatives"],
            "{id}"
        );
    }
}

#[test]
fn the_groups_rank_the_alternatives_differently() {
    let analysis = json(&["groups"]);
    let winners: std::collections::BTreeSet<String> = analysis["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            g["alternatives"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["rank"] == 1)
                .unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        winners.len() >= 2,
        "the shipped groups should not all agree on the winner: {winners:?}"
    );
}

#[test]
fn the_aggregation_is_selectable_and_recorded() {
    for method in ["aij", "aip"] {
        let analysis = json(&["groups", "--aggregation", method]);
        assert_eq!(analysis["aggregation"], method);
        let scores: f64 = analysis["aggregate"]["alternatives"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["score"].as_f64().unwrap())
            .sum();
        assert!(
            (scores - 1.0).abs() < 1e-9,
            "{method}: aggregate scores sum to {scores}"
        );
        let s_star = analysis["consensus"]["s_star"].as_f64().unwrap();
        assert!((-0.1..=1.0).contains(&s_star), "{method}: S* = {s_star}");
        assert!(!analysis["differences"].as_array().unwrap().is_empty());
    }
    // AIP's aggregate is the seat-weighted mean of the groups' scores.
    let aip = json(&["groups", "--aggregation", "aip"]);
    let groups = aip["groups"].as_array().unwrap();
    let seats: f64 = groups.iter().map(|g| g["seats"].as_f64().unwrap()).sum();
    for (k, alternative) in aip["aggregate"]["alternatives"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let mean: f64 = groups
            .iter()
            .map(|g| {
                g["seats"].as_f64().unwrap() / seats
                    * g["alternatives"][k]["score"].as_f64().unwrap()
            })
            .sum();
        assert!((alternative["score"].as_f64().unwrap() - mean).abs() < 1e-12);
    }
}

#[test]
fn weights_show_every_group_beside_the_default_view() {
    let weights = json(&["weights"]);
    let columns: Vec<&str> = weights["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(columns[0], "default");
    for id in group_scripts() {
        assert!(
            columns.contains(&id.as_str()),
            "{id} missing from {columns:?}"
        );
    }
    for criterion in weights["criteria"].as_array().unwrap() {
        for id in &columns {
            assert!(
                criterion["weights"][id].is_number(),
                "{id} has no weight for {}",
                criterion["id"]
            );
        }
    }
}

#[test]
fn check_lists_the_matrices_the_groups_judged() {
    let check = json(&["check"]);
    let labels: Vec<&str> = check["matrices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["label"].as_str().unwrap())
        .collect();
    for id in group_scripts() {
        assert!(
            labels
                .iter()
                .any(|l| l.starts_with(&format!("group {id}: top-level criteria"))),
            "{id}'s own top-level matrix is missing from {labels:?}"
        );
    }
}
