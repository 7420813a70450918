//! The AHP variants through the binary: `--method additive` wherever a
//! priority method is accepted (flags, `[defaults]`, `matrix`, Monte Carlo),
//! `groups --aggregation aip-geometric`, `groups --max-cr` naming the groups
//! it leaves out in every format and both languages, the AIJ aggregate's
//! matrices in JSON, and a `[data]` leaf with a zero that one group judges.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Run, TempDir, leader, repo_root, run_in, run_ws};
use serde_json::Value;

fn ok(r: Run, what: &str) -> String {
    assert_eq!(r.code, 0, "{what}: {r:?}");
    r.stdout
}

fn json(r: Run, what: &str) -> Value {
    let out = ok(r, what);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{what}: not JSON ({e}):\n{out}"))
}

fn scores(v: &Value) -> Vec<f64> {
    v["alternatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["score"].as_f64().unwrap())
        .collect()
}

#[test]
fn additive_is_accepted_wherever_a_method_is() {
    let ws = leader("additive");
    let eigen = json(run_ws(&ws, &["evaluate", "--format", "json"]), "eigen");
    let additive = json(
        run_ws(
            &ws,
            &["evaluate", "--method", "additive", "--format", "json"],
        ),
        "evaluate --method additive",
    );
    assert_eq!(additive["settings"]["method"], "additive");
    let apart = scores(&eigen)
        .iter()
        .zip(scores(&additive))
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    assert!(
        apart > 1e-4,
        "the leader's matrices are inconsistent: {apart}"
    );
    // The method is named in the tables, in both languages.
    for lang in ["en", "sv"] {
        let table = ok(
            run_ws(&ws, &["evaluate", "--method", "additive", "--lang", lang]),
            "table",
        );
        assert!(table.contains("additive"), "{lang}:\n{table}");
    }

    // `[defaults]` of vagval.toml, and the flag over it.
    ws.edit(
        "vagval.toml",
        "method = \"eigenvector\"",
        "method = \"additive\"",
    );
    let defaulted = json(run_ws(&ws, &["evaluate", "--format", "json"]), "[defaults]");
    assert_eq!(defaulted["settings"]["method"], "additive");
    assert_eq!(scores(&defaulted), scores(&additive));
    let flagged = json(
        run_ws(
            &ws,
            &["evaluate", "--method", "eigenvector", "--format", "json"],
        ),
        "flag over defaults",
    );
    assert_eq!(scores(&flagged), scores(&eigen));
    ws.edit(
        "vagval.toml",
        "method = \"additive\"",
        "method = \"arithmetic\"",
    );
    let bad = run_ws(&ws, &["evaluate"]);
    assert_eq!(bad.code, 1, "{bad:?}");
    assert!(
        bad.stderr.contains("additive"),
        "the hint lists it: {bad:?}"
    );
    ws.edit(
        "vagval.toml",
        "method = \"arithmetic\"",
        "method = \"eigenvector\"",
    );

    // Monte Carlo with perturbed judgments.
    let mc = json(
        run_ws(
            &ws,
            &[
                "sensitivity",
                "monte-carlo",
                "--method",
                "additive",
                "--weights",
                "perturb",
                "--samples",
                "300",
                "--format",
                "json",
            ],
        ),
        "monte-carlo --method additive",
    );
    assert!(mc.to_string().contains("\"additive\""), "{mc}");

    // One matrix: the column-normalised row mean.
    let dir = TempDir::new("additive-matrix");
    dir.write(
        "m.json",
        r#"{"items": ["a", "b", "c"], "matrix": [[1, 3, 5], [0.3333333333333333, 1, 5], [0.2, 0.2, 1]]}"#,
    );
    let m = json(
        run_in(
            dir.path(),
            &[
                "matrix", "m.json", "--method", "additive", "--format", "json",
            ],
        ),
        "matrix --method additive",
    );
    assert_eq!(m["method"], "additive");
    let a = [[1.0, 3.0, 5.0], [1.0 / 3.0, 1.0, 5.0], [0.2, 0.2, 1.0]];
    let sums: Vec<f64> = (0..3).map(|j| (0..3).map(|i| a[i][j]).sum()).collect();
    let got: Vec<f64> = ["a", "b", "c"]
        .iter()
        .map(|id| m["priorities"][id].as_f64().unwrap())
        .collect();
    for (i, g) in got.iter().enumerate() {
        let want = (0..3).map(|j| a[i][j] / sums[j]).sum::<f64>() / 3.0;
        assert!((g - want).abs() < 1e-12, "{i}: {g} vs {want}");
    }
}

/// The shipped Tranås workspace: `local-control`'s own judgments have the
/// largest CR (0.012), so `--max-cr 0.01` leaves it out.
#[test]
fn a_cr_bound_names_the_groups_it_leaves_out_in_every_format() {
    let root = repo_root();
    let run = |args: &[&str]| run_in(&root, args);
    for aggregation in ["aij", "aip", "aip-geometric"] {
        let all = json(
            run(&["groups", "--aggregation", aggregation, "--format", "json"]),
            aggregation,
        );
        let bounded = json(
            run(&[
                "groups",
                "--aggregation",
                aggregation,
                "--max-cr",
                "0.01",
                "--format",
                "json",
            ]),
            aggregation,
        );
        assert_eq!(bounded["aggregation"], aggregation);
        assert_eq!(bounded["max_cr"], 0.01);
        let excluded = bounded["excluded"].as_array().unwrap();
        assert_eq!(excluded.len(), 1, "{bounded}");
        assert_eq!(excluded[0]["id"], "local-control");
        assert!(excluded[0]["cr"].as_f64().unwrap() > 0.01);
        let entered: Vec<bool> = bounded["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["in_aggregate"].as_bool().unwrap())
            .collect();
        assert_eq!(entered.iter().filter(|x| !**x).count(), 1);
        // Leaving the group out moves the aggregate.
        let a = scores(&all["aggregate"]);
        let b = scores(&bounded["aggregate"]);
        assert!(
            a.iter().zip(&b).any(|(x, y)| (x - y).abs() > 1e-3),
            "{a:?} {b:?}"
        );
    }
    for lang in ["en", "sv"] {
        let word = if lang == "en" {
            "Left out"
        } else {
            "Utesluten"
        };
        for format in ["table", "markdown"] {
            let out = ok(
                run(&[
                    "groups", "--max-cr", "0.01", "--lang", lang, "--format", format,
                ]),
                format,
            );
            let line = out
                .lines()
                .find(|l| l.contains(word))
                .unwrap_or_else(|| panic!("{lang} {format}:\n{out}"));
            assert!(line.contains("local-control"), "{line}");
            assert!(line.contains("Lokal kontroll först"), "{line}");
        }
        let csv = ok(
            run(&[
                "groups", "--max-cr", "0.01", "--lang", lang, "--format", "csv",
            ]),
            "csv",
        );
        let header = csv.lines().next().unwrap();
        assert!(
            header.ends_with(if lang == "en" {
                "excluded"
            } else {
                "uteslutna"
            }),
            "{header}"
        );
        for row in csv.lines().skip(1) {
            assert!(row.ends_with("local-control"), "{row}");
        }
    }
    // A bound within which every group stays is said so; bad bounds are
    // usage errors.
    let within = ok(run(&["groups", "--max-cr", "0.1"]), "within");
    assert!(within.contains("every group is within it"), "{within}");
    for bad in ["-0.1", "abc", "inf"] {
        let r = run(&["groups", "--max-cr", bad]);
        assert_eq!(r.code, 2, "{bad}: {r:?}");
    }
    let none = run(&["groups", "--max-cr", "0.001", "--lang", "sv"]);
    assert_eq!(none.code, 1, "{none:?}");
    assert!(none.stderr.contains("höj --max-cr"), "{none:?}");
}

/// The aggregate's scores by alternative id, from `groups --format json`'s
/// `aggregate` or any output with `alternatives: [{id, score}]`.
fn scores_by_id(v: &Value) -> std::collections::BTreeMap<String, f64> {
    v["alternatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_string(),
                a["score"].as_f64().unwrap(),
            )
        })
        .collect()
}

fn assert_same_scores(
    a: &std::collections::BTreeMap<String, f64>,
    b: &std::collections::BTreeMap<String, f64>,
    what: &str,
) {
    assert_eq!(a.len(), b.len(), "{what}: {a:?} {b:?}");
    for (id, x) in a {
        assert!((x - b[id]).abs() < 1e-12, "{what}: {id} {x} vs {}", b[id]);
    }
}

/// Regression (issue 9): only `groups` took `--max-cr`; every other
/// command that uses the groups' aggregate formed it of every group. With
/// the shipped workspace `--max-cr 0.01` leaves out `local-control` (its
/// own largest CR is 0.012): `evaluate --aggregate`, its what-if,
/// `sensitivity … --aggregate` (AIJ: AIP has no model) and the report use
/// the same reduced aggregate as `groups --max-cr 0.01`, and each names
/// the group it leaves out in every format and both languages.
#[test]
fn max_cr_bounds_the_aggregate_wherever_it_is_used() {
    let root = repo_root();
    let run = |args: &[&str]| run_in(&root, args);
    let groups = json(
        run(&["groups", "--max-cr", "0.01", "--format", "json"]),
        "groups",
    );
    let reduced = scores_by_id(&groups["aggregate"]);
    let full = scores_by_id(&json(
        run(&["evaluate", "--aggregate", "--format", "json"]),
        "evaluate --aggregate",
    ));
    assert!(
        reduced.iter().any(|(id, x)| (x - full[id]).abs() > 1e-3),
        "leaving local-control out must move the aggregate: {reduced:?} {full:?}"
    );
    // evaluate --aggregate: the same scores as groups, the group named.
    let evaluate = json(
        run(&[
            "evaluate",
            "--aggregate",
            "--max-cr",
            "0.01",
            "--format",
            "json",
        ]),
        "evaluate --aggregate --max-cr",
    );
    assert_same_scores(&scores_by_id(&evaluate), &reduced, "evaluate --aggregate");
    assert_eq!(evaluate["max_cr"], 0.01);
    assert_eq!(evaluate["excluded"], groups["excluded"]);
    // Its what-if starts from the reduced aggregate.
    let what_if = json(
        run(&[
            "evaluate",
            "--aggregate",
            "--max-cr",
            "0.01",
            "--set-weight",
            "cost=0.5",
            "--format",
            "json",
        ]),
        "what-if",
    );
    for a in what_if["alternatives"].as_array().unwrap() {
        let id = a["id"].as_str().unwrap();
        assert!(
            (a["score_now"].as_f64().unwrap() - reduced[id]).abs() < 1e-12,
            "what-if {id}"
        );
    }
    assert_eq!(what_if["excluded"], groups["excluded"]);
    // Sensitivity: thresholds' scores, one-way's current weight.
    let thresholds = json(
        run(&[
            "sensitivity",
            "thresholds",
            "--aggregate",
            "--max-cr",
            "0.01",
            "--format",
            "json",
        ]),
        "thresholds",
    );
    let ids = thresholds["alternatives"].as_array().unwrap();
    let values = thresholds["scores"].as_array().unwrap();
    for (id, score) in ids.iter().zip(values) {
        let id = id.as_str().unwrap();
        assert!(
            (score.as_f64().unwrap() - reduced[id]).abs() < 1e-12,
            "thresholds {id}"
        );
    }
    assert_eq!(thresholds["excluded"], groups["excluded"]);
    let cost = groups["aggregate"]["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "cost")
        .unwrap()["global_weight"]
        .as_f64()
        .unwrap();
    let one_way = json(
        run(&[
            "sensitivity",
            "one-way",
            "--criterion",
            "cost",
            "--aggregate",
            "--max-cr",
            "0.01",
            "--format",
            "json",
        ]),
        "one-way",
    );
    assert!((one_way["current_global_weight"].as_f64().unwrap() - cost).abs() < 1e-12);
    let monte_carlo = json(
        run(&[
            "sensitivity",
            "monte-carlo",
            "--aggregate",
            "--max-cr",
            "0.01",
            "--samples",
            "200",
            "--format",
            "json",
        ]),
        "monte-carlo",
    );
    assert_eq!(monte_carlo["excluded"], groups["excluded"]);
    // The group is named in the words of `groups`, in every format.
    let commands: [&[&str]; 5] = [
        &["evaluate", "--aggregate"],
        &["evaluate", "--aggregate", "--set-weight", "cost=0.5"],
        &["sensitivity", "thresholds", "--aggregate"],
        &[
            "sensitivity",
            "one-way",
            "--criterion",
            "cost",
            "--aggregate",
        ],
        &[
            "sensitivity",
            "monte-carlo",
            "--aggregate",
            "--samples",
            "200",
        ],
    ];
    for command in commands {
        for lang in ["en", "sv"] {
            let word = if lang == "en" {
                "Left out of the aggregate"
            } else {
                "Utesluten ur sammanvägningen"
            };
            for format in ["table", "markdown"] {
                let mut args = command.to_vec();
                args.extend(["--max-cr", "0.01", "--lang", lang, "--format", format]);
                let out = ok(run(&args), &format!("{args:?}"));
                let line = out
                    .lines()
                    .find(|l| l.contains(word))
                    .unwrap_or_else(|| panic!("{args:?}:\n{out}"));
                assert!(line.contains("(`local-control`"), "{line}");
                // Without the bound, no such line.
                let plain = ok(run(&args[..args.len() - 6]), "plain");
                assert!(!plain.contains(word), "{args:?}");
            }
            let mut args = command.to_vec();
            args.extend(["--max-cr", "0.01", "--lang", lang, "--format", "csv"]);
            let csv = ok(run(&args), "csv");
            let name = if lang == "en" {
                "excluded"
            } else {
                "uteslutna"
            };
            // Every table (what-if's changed matrices follow its ranking
            // after a blank line, left blank) has the column, named in its
            // header.
            let tables: Vec<&str> = csv.split("\n\n").collect();
            let what_if = command.contains(&"--set-weight");
            assert_eq!(tables.len(), if what_if { 2 } else { 1 }, "{csv}");
            for table in tables {
                let header = table.lines().next().unwrap();
                assert!(header.ends_with(name), "{args:?}: {header}");
                for row in table.lines().skip(1) {
                    assert!(row.ends_with("local-control"), "{args:?}: {row}");
                }
            }
        }
    }
    // The aggregate panel of `evaluate --all-groups` and the chart of
    // `evaluate --aggregate` say who is left out.
    for args in [
        &["evaluate", "--all-groups"][..],
        &["evaluate", "--aggregate"],
    ] {
        let mut args = args.to_vec();
        args.extend(["--max-cr", "0.01", "--format", "svg"]);
        let svg = ok(run(&args), "svg");
        assert!(
            svg.contains("--max-cr 0.010: without local-control"),
            "{args:?}"
        );
    }
    // --max-cr where no aggregate is used is a usage mistake.
    for args in [
        &["evaluate", "--max-cr", "0.01"][..],
        &["evaluate", "--group", "local-control", "--max-cr", "0.01"],
        &["sensitivity", "thresholds", "--max-cr", "0.01"],
        &[
            "sensitivity",
            "one-way",
            "--criterion",
            "cost",
            "--max-cr",
            "0.01",
        ],
    ] {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(r.stderr.contains("--aggregate"), "{r:?}");
    }
    // A bound that leaves out every group is refused as in `groups`.
    let none = run(&[
        "evaluate",
        "--aggregate",
        "--max-cr",
        "0.001",
        "--lang",
        "sv",
    ]);
    assert_eq!(none.code, 1, "{none:?}");
    assert!(none.stderr.contains("höj --max-cr"), "{none:?}");
}

/// `report --max-cr 0.01` lists the bound in its settings, forms its
/// aggregate and sensitivity analyses without `local-control`, names it,
/// and every command it names that uses the aggregate carries the flag.
#[test]
fn the_report_carries_max_cr_into_its_commands() {
    let root = repo_root();
    let r = run_in(
        &root,
        &[
            "report",
            "--out",
            "-",
            "--max-cr",
            "0.01",
            "--samples",
            "300",
        ],
    );
    let html = ok(r, "report");
    let top = &html[..html.find("<nav").unwrap()];
    assert!(top.contains("--max-cr 0.01"), "the settings lack --max-cr");
    let commands: Vec<&str> = html
        .split("<code>vagval ")
        .skip(1)
        .map(|c| c.split("</code>").next().unwrap())
        .collect();
    let mut bounded = 0;
    for command in &commands {
        let uses_aggregate = command.starts_with("groups") || command.contains("--aggregate");
        assert_eq!(
            command.contains("--max-cr 0.01"),
            uses_aggregate,
            "{command}"
        );
        bounded += usize::from(uses_aggregate);
    }
    assert!(bounded >= 3, "{commands:?}");
    // The thresholds section names the group it left out.
    let left_out = html
        .matches("Left out of the aggregate: Lokal kontroll först")
        .count();
    assert!(left_out >= 2, "{left_out}");
}

/// `groups --format json` carries each matrix of the AIJ aggregate: the
/// seat-weighted geometric mean (reciprocal, unit diagonal), λmax and CR as
/// `check` would compute them.
#[test]
fn groups_json_has_the_aij_aggregate_matrices() {
    let root = repo_root();
    let v = json(
        run_in(&root, &["groups", "--format", "json"]),
        "groups json",
    );
    let matrices = v["aggregate"]["matrices"].as_array().unwrap();
    let goal = matrices.iter().find(|m| m["site"] == "goal").unwrap();
    assert_eq!(goal["items"].as_array().unwrap().len(), 9);
    let a: Vec<Vec<f64>> = goal["matrix"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect()
        })
        .collect();
    for (i, row) in a.iter().enumerate() {
        assert!((row[i] - 1.0).abs() < 1e-12);
        for (j, x) in row.iter().enumerate() {
            assert!((x * a[j][i] - 1.0).abs() < 1e-9);
        }
    }
    // CR = (λmax − n)/(n − 1)/RI(9), Saaty 1980's RI 1.45.
    let lambda = goal["lambda_max"].as_f64().unwrap();
    let cr = goal["cr"].as_f64().unwrap();
    assert!((cr - (lambda - 9.0) / 8.0 / 1.45).abs() < 1e-12, "{cr}");
    // Democracy is judged by a group itself, so its aggregate is there too.
    assert!(matrices.iter().any(|m| m["site"] == "assessment:democracy"));
    // AIP has no matrices of its own.
    let aip = json(
        run_in(
            &root,
            &["groups", "--aggregation", "aip", "--format", "json"],
        ),
        "aip",
    );
    assert_eq!(aip["aggregate"]["matrices"], Value::Array(Vec::new()));
}

/// Issue 9, item 8: a `[data]` leaf whose dearest alternative scores 0,
/// judged in pairs by one group and kept by the other. `groups` failed with
/// an error that blamed the group that did not judge it; now it succeeds and
/// says which group could not enter the leaf, in every format and language,
/// and so does the aggregate's sensitivity.
fn data_leaf_workspace() -> TempDir {
    let ws = TempDir::new("data-zero");
    ws.write(
        "vagval.toml",
        "format_version = 1\ngoal = \"Pick\"\n\n[weights]\njudgments = [[\"quality\", \"cost\", 2]]\n\n\
         [[alternatives]]\nid = \"a1\"\nname = \"A1\"\n\n[[alternatives]]\nid = \"a2\"\nname = \"A2\"\n\n\
         [[alternatives]]\nid = \"a3\"\nname = \"A3\"\n",
    );
    ws.write(
        "criteria/cost.toml",
        "id = \"cost\"\nname = \"Cost\"\n\n[data]\nunit = \"tkr\"\nfunction = \"linear\"\n\
         direction = \"lower-is-better\"\n\n[data.alternatives]\na1 = 100\na2 = 300\na3 = 200\n",
    );
    ws.write(
        "criteria/quality.toml",
        "id = \"quality\"\nname = \"Quality\"\n\n[pairwise]\n\
         judgments = [[\"a1\", \"a2\", 3], [\"a1\", \"a3\", 2], [\"a2\", \"a3\", \"1/2\"]]\n",
    );
    ws.write(
        "scripts/groups/judges.lua",
        "return {\n  name = \"Judges cost\",\n  seats = 3,\n\
         \x20 weights = { goal = pairwise { { \"quality\", \"cost\", 3 } } },\n\
         \x20 alternatives = {\n    cost = pairwise { { \"a1\", \"a2\", 2 }, { \"a1\", \"a3\", 4 }, { \"a2\", \"a3\", 3 } },\n  },\n}\n",
    );
    ws.write(
        "scripts/groups/keeps.lua",
        "return {\n  name = \"Keeps the data\",\n  seats = 5,\n\
         \x20 weights = { goal = pairwise { { \"quality\", \"cost\", 5 } } },\n}\n",
    );
    ws
}

#[test]
fn a_data_leaf_with_a_zero_judged_by_one_group_aggregates() {
    let ws = data_leaf_workspace();
    let v = json(run_ws(&ws, &["groups", "--format", "json"]), "groups json");
    let left_out = v["left_out"].as_array().unwrap();
    assert_eq!(left_out.len(), 1, "{v}");
    assert_eq!(left_out[0]["site"], "assessment:cost");
    assert_eq!(left_out[0]["item"], "a2");
    assert_eq!(left_out[0]["groups"], serde_json::json!(["keeps"]));
    for lang in ["en", "sv"] {
        for format in ["table", "markdown", "csv"] {
            let out = ok(
                run_ws(&ws, &["groups", "--lang", lang, "--format", format]),
                format,
            );
            assert!(
                out.contains("keeps") && out.contains("cost"),
                "{lang} {format}:\n{out}"
            );
        }
    }
    for aggregation in ["aip", "aip-geometric"] {
        let v = json(
            run_ws(
                &ws,
                &["groups", "--aggregation", aggregation, "--format", "json"],
            ),
            aggregation,
        );
        assert_eq!(v["left_out"], Value::Array(Vec::new()), "AIJ only");
    }
    ok(
        run_ws(
            &ws,
            &[
                "sensitivity",
                "one-way",
                "--criterion",
                "cost",
                "--aggregate",
            ],
        ),
        "one-way --aggregate",
    );
    // A group's own zero is still refused, and blamed on that group.
    ws.write(
        "scripts/groups/keeps.lua",
        "return {\n  name = \"Keeps the data\",\n  seats = 5,\n\
         \x20 weights = { goal = direct { quality = 1, cost = 0 } },\n}\n",
    );
    let r = run_ws(&ws, &["groups"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("group `keeps`"), "{r:?}");
    assert!(r.stderr.contains("scripts/groups/keeps.lua"), "{r:?}");
}
