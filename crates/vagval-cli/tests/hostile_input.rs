//! Hostile and mistaken input through the real binary (issue 9, items 6
//! and 8): each reproducer exactly as reported, checked for its exit code,
//! its message in English and Swedish, and its `--> file:line:col`.

// Tests: a failed expectation should stop the test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Run, TempDir, copy_dir, repo_root, run_ws};
use std::time::Instant;

const MANIFEST: &str = "format_version = 1\ngoal = \"G\"\n\n[[alternatives]]\nid = \"a\"\nname = \"A\"\n\n[[alternatives]]\nid = \"b\"\nname = \"B\"\n\n[weights]\ndirect = { cost = 0.5, q = 0.5 }\n";

const Q: &str = "id = \"q\"\nname = \"Q\"\n\n[pairwise]\njudgments = [[\"a\", \"b\", 3]]\n";

/// A two-alternative workspace: `cost` (given) and a pairwise `q`.
fn workspace(tag: &str, cost: &str) -> TempDir {
    let ws = TempDir::new(tag);
    ws.write("vagval.toml", MANIFEST);
    ws.write("criteria/cost.toml", cost);
    ws.write("criteria/q.toml", Q);
    ws
}

/// A `[script]` cost criterion whose script is at `path`.
fn scripted(path: &str) -> String {
    format!(
        "id = \"cost\"\nname = \"Cost\"\n\n[script]\npath = \"{path}\"\nfunction = \"linear\"\ndirection = \"lower-is-better\"\n\n[script.inputs.x]\na = 1\nb = 2\n"
    )
}

/// A copy of the shipped Tranås workspace.
fn tranas(tag: &str) -> TempDir {
    let ws = TempDir::new(tag);
    let root = repo_root();
    std::fs::copy(root.join("vagval.toml"), ws.path().join("vagval.toml")).unwrap();
    copy_dir(&root.join("criteria"), &ws.path().join("criteria"));
    copy_dir(&root.join("scripts"), &ws.path().join("scripts"));
    ws
}

/// The `-->` line of a diagnostic.
fn pointer(run: &Run) -> &str {
    run.stderr
        .lines()
        .find(|l| l.trim_start().starts_with("-->"))
        .unwrap_or_else(|| panic!("no --> line:\n{run:?}"))
}

/// Runs `args` in English and Swedish; both fail with `code`, say `en` /
/// `sv`, and point at the same place.
fn fails_in_both(ws: &TempDir, args: &[&str], code: i32, en: &str, sv: &str) -> Run {
    let mut english = vec!["--lang", "en"];
    english.extend_from_slice(args);
    let mut swedish = vec!["--lang", "sv"];
    swedish.extend_from_slice(args);
    let (e, s) = (run_ws(ws, &english), run_ws(ws, &swedish));
    assert_eq!(e.code, code, "{e:?}");
    assert_eq!(s.code, code, "{s:?}");
    assert!(e.stderr.contains(en), "{e:?}");
    assert!(s.stderr.contains(sv), "{s:?}");
    assert!(
        e.stderr.contains("hint: ") && s.stderr.contains("tips: "),
        "{e:?}\n{s:?}"
    );
    let (pe, ps) = (
        e.stderr.lines().find(|l| l.contains("-->")),
        s.stderr.lines().find(|l| l.contains("-->")),
    );
    assert_eq!(pe, ps);
    e
}

/// The alternatives' ids from best to worst (`evaluate --format json`).
fn ranking(run: &Run) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut ranked: Vec<(u64, String)> = json["alternatives"]
        .as_array()
        .unwrap_or_else(|| panic!("no alternatives: {}", run.stdout))
        .iter()
        .map(|r| {
            (
                r["rank"].as_u64().unwrap(),
                r["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    ranked.sort();
    ranked.into_iter().map(|(_, id)| id).collect()
}

// ------------------------------------------------------------ huge values

const HUGE: &str = "id = \"cost\"\nname = \"Cost\"\n\n[data]\nfunction = \"linear\"\ndirection = \"lower-is-better\"\nalternatives = { a = \"40000000000000000000000000000\", b = 5 }\n";

#[test]
fn an_exact_value_above_4e28_is_evaluated_not_a_panic() {
    let ws = workspace("huge", HUGE);
    for mode in ["distributive", "ideal"] {
        for lang in ["en", "sv"] {
            let run = run_ws(
                &ws,
                &[
                    "--lang", lang, "--mode", mode, "evaluate", "--format", "json",
                ],
            );
            assert_eq!(run.code, 0, "{run:?}");
            // Lower is better: the huge cost ranks `a` last.
            assert_eq!(ranking(&run), ["b", "a"], "{mode} {lang}");
        }
    }
    // A range with ends beyond half the maximum: its middle is computed too.
    ws.edit(
        "criteria/cost.toml",
        "\"40000000000000000000000000000\"",
        "\"-70000000000000000000000000000–70000000000000000000000000000\"",
    );
    for point in ["low", "middle", "high"] {
        let run = run_ws(&ws, &["--at", point, "evaluate", "--format", "json"]);
        assert_eq!(run.code, 0, "{point}: {run:?}");
        let expected = if point == "high" {
            ["b", "a"]
        } else {
            ["a", "b"]
        };
        assert_eq!(ranking(&run), expected, "{point}");
    }
}

#[test]
fn a_criterion_script_returning_4e28_is_evaluated_not_a_panic() {
    let ws = workspace("huge-script", &scripted("scripts/criteria/big.lua"));
    ws.write(
        "scripts/criteria/big.lua",
        "return function(inputs)\n  return { a = 4e28, b = 1 }\nend\n",
    );
    for command in [
        &["evaluate", "--format", "json"][..],
        &[
            "sensitivity",
            "monte-carlo",
            "--samples",
            "200",
            "--data",
            "ranges",
        ],
    ] {
        let run = run_ws(&ws, command);
        assert_eq!(run.code, 0, "{command:?}: {run:?}");
    }
    let run = run_ws(&ws, &["evaluate", "--format", "json"]);
    assert_eq!(ranking(&run), ["b", "a"]);
}

// ------------------------------------------------------- reading without end

#[test]
fn a_script_path_of_dev_zero_is_refused_at_the_path_line() {
    let ws = workspace("dev-zero", &scripted("/dev/zero"));
    let run = fails_in_both(
        &ws,
        &["check"],
        1,
        "error: /dev/zero is not a regular file",
        "fel: /dev/zero är ingen vanlig fil",
    );
    assert!(pointer(&run).ends_with("criteria/cost.toml:5:8"), "{run:?}");
}

#[cfg(unix)]
#[test]
fn a_script_path_naming_a_fifo_is_refused_not_waited_on() {
    let ws = workspace("fifo", &scripted("scripts/criteria/pipe.lua"));
    std::fs::create_dir_all(ws.path().join("scripts/criteria")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(ws.path().join("scripts/criteria/pipe.lua"))
        .status()
        .unwrap();
    assert!(made.success());
    let start = Instant::now();
    let run = fails_in_both(
        &ws,
        &["check"],
        1,
        "is not a regular file",
        "är ingen vanlig fil",
    );
    assert!(start.elapsed().as_secs() < 30);
    assert!(pointer(&run).ends_with("criteria/cost.toml:5:8"), "{run:?}");
}

#[test]
fn an_8_gb_sparse_group_script_is_refused_by_its_size() {
    let ws = tranas("sparse");
    let file = std::fs::File::create(ws.path().join("scripts/groups/huge.lua")).unwrap();
    file.set_len(8 << 30).unwrap();
    let start = Instant::now();
    let run = fails_in_both(
        &ws,
        &["groups"],
        1,
        "huge.lua is too large: 8589934592 bytes or more, above the limit of 16777216 bytes (16 MiB)",
        "huge.lua är för stor: 8589934592 byte eller mer, över gränsen 16777216 byte (16 MiB)",
    );
    assert!(start.elapsed().as_secs() < 30);
    assert!(
        pointer(&run).ends_with("scripts/groups/huge.lua"),
        "{run:?}"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_pointed_at_by_line_and_column() {
    let ws = workspace("latin1", Q);
    // "Kött" in Latin-1 on line 2 (ö = 0xF6).
    std::fs::write(
        ws.path().join("criteria/cost.toml"),
        b"id = \"cost\"\nname = \"K\xf6tt\"\n",
    )
    .unwrap();
    let run = fails_in_both(
        &ws,
        &["check"],
        1,
        "cost.toml is not UTF-8 text: the byte 0xF6 at line 2, column 10 is invalid",
        "cost.toml är inte UTF-8-text: byten 0xF6 på rad 2, kolumn 10 är ogiltig",
    );
    assert!(
        pointer(&run).ends_with("criteria/cost.toml:2:10"),
        "{run:?}"
    );
    // The line is shown with a caret under the bad byte.
    assert!(
        run.stderr
            .contains(" 2 | name = \"K\u{fffd}tt\"\n   |          ^\n"),
        "{run:?}"
    );
    // The same for a matrix file and for stdin.
    ws.write("m.json", "");
    std::fs::write(
        ws.path().join("m.json"),
        b"{\"items\": [\"a\", \"b\"],\n \"matrix\": [[1, 3], [0.3333, 1]] \xff}",
    )
    .unwrap();
    let run = common::run_in(ws.path(), &["matrix", "m.json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(pointer(&run).ends_with("m.json:2:34"), "{run:?}");
}

// ------------------------------------------------------ escapes in file names

#[test]
fn a_group_file_name_with_escape_sequences_is_refused_escaped() {
    let ws = tranas("escape");
    let name = "x\u{1b}]0;pwned\u{7}\u{1b}[31mred.lua";
    std::fs::copy(
        ws.path().join("scripts/groups/local-control.lua"),
        ws.path().join("scripts/groups").join(name),
    )
    .unwrap();
    for command in [&["groups"][..], &["weights"], &["evaluate", "--all-groups"]] {
        let run = run_ws(&ws, command);
        assert_eq!(run.code, 1, "{command:?}: {run:?}");
        assert!(
            !run.stderr.contains('\u{1b}') && !run.stdout.contains('\u{1b}'),
            "{run:?}"
        );
        assert!(run.stderr.contains(r"the file name gives the id `x\u{1b}]0;pwned\u{7}\u{1b}[31mred`, which holds a line break or control character"), "{run:?}");
    }
    let sv = run_ws(&ws, &["--lang", "sv", "groups"]);
    assert!(
        sv.stderr.contains("fel: filnamnet ger id:t `x\\u{1b}"),
        "{sv:?}"
    );
    // It is that file's failure only: another group's commands run as
    // before, and `weights` still shows the groups that load.
    let other = run_ws(&ws, &["evaluate", "--group", "local-control"]);
    assert_eq!(other.code, 0, "{other:?}");
    assert!(other.stderr.is_empty(), "{other:?}");
    let weights = run_ws(&ws, &["weights"]);
    assert_eq!(weights.code, 1, "{weights:?}");
    assert!(
        weights.stdout.contains("Lokal kontroll först"),
        "{weights:?}"
    );
    assert!(!weights.stdout.contains('\u{1b}'), "{weights:?}");
    // Once renamed, the group loads.
    std::fs::rename(
        ws.path().join("scripts/groups").join(name),
        ws.path().join("scripts/groups/x-red.lua"),
    )
    .unwrap();
    assert_eq!(run_ws(&ws, &["groups"]).code, 0);
}

// ------------------------------------------------------ errors with a place

#[test]
fn a_missing_script_is_pointed_at_where_the_criterion_names_it() {
    let ws = workspace("no-script", &scripted("scripts/criteria/none.lua"));
    let run = fails_in_both(
        &ws,
        &["check"],
        1,
        "scripts/criteria/none.lua: No such file",
        "kan inte läsa ",
    );
    assert!(pointer(&run).ends_with("criteria/cost.toml:5:8"), "{run:?}");
    assert!(
        run.stderr.contains(
            "hint: `path = \"scripts/criteria/none.lua\"` is read relative to the workspace folder"
        ),
        "{run:?}"
    );
}

#[test]
fn no_weights_and_no_alternatives_point_at_the_end_of_vagval_toml() {
    let ws = workspace("no-weights", HUGE);
    ws.edit(
        "vagval.toml",
        "[weights]\ndirect = { cost = 0.5, q = 0.5 }\n",
        "",
    );
    let run = fails_in_both(
        &ws,
        &["check"],
        1,
        "error: the weights of the top-level criteria: no weights given",
        "fel: ",
    );
    // vagval.toml now has 11 lines; the table belongs after them.
    assert!(pointer(&run).ends_with("vagval.toml:12:1"), "{run:?}");
    assert!(
        run.stderr.contains("direct = { \"cost\" = 1, \"q\" = 1 }"),
        "{run:?}"
    );
    // Following the hint makes it load.
    let mut text = std::fs::read_to_string(ws.path().join("vagval.toml")).unwrap();
    text.push_str("[weights]\ndirect = { \"cost\" = 1, \"q\" = 1 }\n");
    std::fs::write(ws.path().join("vagval.toml"), text).unwrap();
    assert_eq!(run_ws(&ws, &["check"]).code, 0);

    let ws = workspace("no-alternatives", HUGE);
    ws.write(
        "vagval.toml",
        "format_version = 1\ngoal = \"G\"\n\n[weights]\ndirect = { cost = 0.5, q = 0.5 }\n",
    );
    let run = fails_in_both(
        &ws,
        &["check"],
        1,
        "error: the decision has no alternatives",
        "fel: beslutet har inga alternativ",
    );
    assert!(pointer(&run).ends_with("vagval.toml:6:1"), "{run:?}");
    assert!(run.stderr.contains("`[[alternatives]]`"), "{run:?}");
}

#[test]
fn direct_weights_whose_sum_overflows_are_relative_like_any_others() {
    let ws = workspace("overflow", HUGE);
    let reference = run_ws(&ws, &["evaluate", "--format", "json"]);
    ws.edit(
        "vagval.toml",
        "direct = { cost = 0.5, q = 0.5 }",
        "direct = { cost = 1.7e308, q = 1.7e308 }",
    );
    for mode in ["distributive", "ideal"] {
        let huge = run_ws(&ws, &["--mode", mode, "evaluate", "--format", "json"]);
        assert_eq!(huge.code, 0, "{huge:?}");
        if mode == "distributive" {
            // 1.7e308 : 1.7e308 is 1 : 1, as 0.5 : 0.5.
            assert_eq!(huge.stdout, reference.stdout);
        }
    }
    let run = run_ws(&ws, &["weights", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let text = json.to_string();
    assert!(!text.contains("inf") && !text.contains("NaN"), "{text}");
}

// --------------------------------------------------------------- scale

/// A chain of `depth` single-child criteria; the last is a pairwise leaf.
fn chain(tag: &str, depth: usize) -> TempDir {
    let ws = TempDir::new(tag);
    ws.write(
        "vagval.toml",
        "format_version = 1\ngoal = \"G\"\n\n[[alternatives]]\nid = \"a\"\nname = \"A\"\n\n[[alternatives]]\nid = \"b\"\nname = \"B\"\n",
    );
    for i in 0..depth {
        let mut text = format!("id = \"c{i:05}\"\nname = \"C{i}\"\n");
        if i > 0 {
            text.push_str(&format!("parent = \"c{:05}\"\n", i - 1));
        }
        if i == depth - 1 {
            text.push_str("[pairwise]\njudgments = [[\"a\", \"b\", 3]]\n");
        }
        ws.write(&format!("criteria/c{i:05}.toml"), &text);
    }
    ws
}

#[test]
fn a_hierarchy_10000_levels_deep_loads_and_evaluates() {
    let ws = chain("deep", 10_000);
    let start = Instant::now();
    let run = run_ws(&ws, &["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let run = run_ws(&ws, &["--mode", "ideal", "evaluate", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(ranking(&run), ["a", "b"]);
    // Was 40 s (release) for the check alone: cubic in the depth.
    assert!(start.elapsed().as_secs() < 45, "{:?}", start.elapsed());
    // A cycle at the far end is still found and named from its first member.
    ws.edit(
        "criteria/c00000.toml",
        "name = \"C0\"\n",
        "name = \"C0\"\nparent = \"c09999\"\n",
    );
    let run = run_ws(&ws, &["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains("`c00000` → `c09999` → `c09998`"),
        "{}",
        &run.stderr[..300.min(run.stderr.len())]
    );
    assert!(
        pointer(&run).ends_with("criteria/c00000.toml:3:10"),
        "{}",
        pointer(&run)
    );
}

/// Regression (issue 9 review): tables indented two spaces a level, and
/// every row is padded to the widest name, so a 10 000-level chain's
/// `weights` printed ~300 MB (7 s). The indentation stops at a few levels
/// and shows the depth as a number beyond: the output is linear in size
/// and still names every criterion, in both languages and in Markdown.
#[test]
fn a_10000_level_chain_prints_weights_linear_in_size() {
    let ws = chain("deep-weights", 10_000);
    for args in [
        &["weights"][..],
        &["weights", "--lang", "sv"],
        &["weights", "--format", "markdown"],
        &["evaluate", "--format", "markdown"],
    ] {
        let run = run_ws(&ws, args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(
            run.stdout.len() < 5_000_000,
            "{args:?}: {} bytes",
            run.stdout.len()
        );
        if args[0] == "weights" {
            // Every criterion named on its own row, beside its id.
            let mut named = std::collections::BTreeSet::new();
            for line in run.stdout.lines() {
                let Some(at) = line.find('c') else { continue };
                let Ok(i) = line[at + 1..].get(..5).unwrap_or("").parse::<usize>() else {
                    continue;
                };
                let name = format!("C{i}");
                if line[at + 6..]
                    .split(|c: char| c.is_whitespace() || c == '|')
                    .any(|word| word == name)
                {
                    named.insert(i);
                }
            }
            assert_eq!(named.len(), 10_000, "{args:?}");
            // Deep rows give their depth as a number.
            assert!(run.stdout.contains("…(9999)\u{a0}C9999"), "{args:?}");
        }
    }
}

/// A chain of `n` items: each judged against the next only.
fn chain_matrix(n: usize) -> String {
    let rows: Vec<String> = (0..n)
        .map(|i| {
            let row: Vec<String> = (0..n)
                .map(|j| match j {
                    _ if j == i => "1".to_string(),
                    _ if j == i + 1 => "3".to_string(),
                    _ if i == j + 1 => "0.3333333333333333".to_string(),
                    _ => "null".to_string(),
                })
                .collect();
            format!("[{}]", row.join(", "))
        })
        .collect();
    let items: Vec<String> = (0..n).map(|i| format!("\"i{i}\"")).collect();
    format!(
        "{{\"items\": [{}], \"matrix\": [{}]}}",
        items.join(", "),
        rows.join(",\n")
    )
}

#[test]
fn optimal_completion_is_refused_above_its_limit_with_harker_named() {
    let ws = TempDir::new("optimal");
    // 20 items, 171 gaps: work 171 × 400 = 68 400 > 50 000.
    ws.write("big.json", chain_matrix(20));
    // 8 items, 21 gaps: work 1 344, computed.
    ws.write("small.json", chain_matrix(8));
    for lang in ["en", "sv"] {
        let run = common::run_in(
            ws.path(),
            &[
                "--lang",
                lang,
                "--completion",
                "optimal",
                "matrix",
                "big.json",
            ],
        );
        assert_eq!(run.code, 1, "{run:?}");
        let expected = match lang {
            "en" => {
                "λmax-optimal completion of 20 items with 171 missing judgments would run too long: its work grows with gaps × items² = 68400, above the limit of 50000"
            }
            _ => {
                "λmax-optimal komplettering av 20 poster med 171 saknade bedömningar skulle ta för lång tid"
            }
        };
        assert!(run.stderr.contains(expected), "{run:?}");
        assert!(run.stderr.contains("--completion harker"), "{run:?}");
        let small = common::run_in(
            ws.path(),
            &[
                "--lang",
                lang,
                "--completion",
                "optimal",
                "matrix",
                "small.json",
            ],
        );
        assert_eq!(small.code, 0, "{small:?}");
        let harker = common::run_in(
            ws.path(),
            &[
                "--lang",
                lang,
                "--completion",
                "harker",
                "matrix",
                "big.json",
            ],
        );
        assert_eq!(harker.code, 0, "{harker:?}");
    }
}

#[test]
fn a_group_script_cannot_start_an_optimal_completion_without_end() {
    // 20 top-level criteria; the group judges them as a chain (171 gaps).
    let ws = TempDir::new("optimal-group");
    let ids: Vec<String> = (0..20).map(|i| format!("k{i:02}")).collect();
    let direct: Vec<String> = ids.iter().map(|id| format!("{id} = 1")).collect();
    ws.write(
        "vagval.toml",
        format!("format_version = 1\ngoal = \"G\"\n\n[[alternatives]]\nid = \"a\"\nname = \"A\"\n\n[[alternatives]]\nid = \"b\"\nname = \"B\"\n\n[weights]\ndirect = {{ {} }}\n", direct.join(", ")),
    );
    for id in &ids {
        ws.write(
            &format!("criteria/{id}.toml"),
            format!(
                "id = \"{id}\"\nname = \"{id}\"\n[pairwise]\njudgments = [[\"a\", \"b\", 2]]\n"
            ),
        );
    }
    let judgments: Vec<String> = ids
        .windows(2)
        .map(|w| format!("{{ \"{}\", \"{}\", 3 }}", w[0], w[1]))
        .collect();
    ws.write(
        "scripts/groups/chain.lua",
        format!(
            "return {{ name = \"Chain\", seats = 1, weights = {{ goal = pairwise {{ {} }} }} }}\n",
            judgments.join(", ")
        ),
    );
    let start = Instant::now();
    let run = run_ws(&ws, &["--completion", "optimal", "groups"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr
            .contains("λmax-optimal completion of 20 items with 171 missing judgments"),
        "{run:?}"
    );
    assert!(start.elapsed().as_secs() < 30);
    assert_eq!(run_ws(&ws, &["--completion", "harker", "groups"]).code, 0);
}

// ------------------------------------------------------- command-line mistakes

#[test]
fn command_line_mistakes_exit_2_saying_what_would_be_right() {
    let ws = tranas("usage");
    let ids = "`competence-supply`, `cost`, `cyber-nis2`, `democracy`, `digital-transformation`, `economies-of-scale`, `lock-in`, `regional-influence`, `service-proximity`";
    for (args, en, sv) in [
        (
            &["sensitivity", "one-way", "--criterion", "demokrati"][..],
            "error: --criterion: there is no criterion `demokrati`",
            "fel: --criterion: det finns inget kriterium `demokrati`",
        ),
        (
            &["evaluate", "--set-weight", "demokrati=0.3"],
            "error: --set-weight: there is no criterion `demokrati`",
            "fel: --set-weight: det finns inget kriterium `demokrati`",
        ),
        (
            &["evaluate", "--set-weight", "democracy=30%"],
            "error: `--set-weight democracy=30%`: a weight is a number from 0 to 1, not a percentage; the form is CRITERION=WEIGHT\nhint: write the weight as a number from 0 to 1: --set-weight democracy=0.3",
            "fel: `--set-weight democracy=30%`: en vikt är ett tal från 0 till 1, ingen procentsats; formen är KRITERIUM=VIKT\ntips: skriv vikten som ett tal från 0 till 1: --set-weight democracy=0,3",
        ),
        (
            &["evaluate", "--set-weight", "democracy"],
            "error: `--set-weight democracy`: no `=WEIGHT`; the form is CRITERION=WEIGHT",
            "fel: `--set-weight democracy`: inget `=VIKT`; formen är KRITERIUM=VIKT",
        ),
        (
            &["sensitivity", "monte-carlo", "--samples", "0"],
            "error: --samples 0: the number of samples must be from 1 to 1000000000",
            "fel: --samples 0: antalet dragningar ska vara från 1 till 1000000000",
        ),
        (
            &[
                "sensitivity",
                "monte-carlo",
                "--samples",
                "18446744073709551615",
            ],
            "error: --samples 18446744073709551615: the number of samples must be from 1 to 1000000000",
            "fel: --samples 18446744073709551615: antalet dragningar ska vara från 1 till 1000000000",
        ),
        (
            &[
                "report",
                "--out",
                "r.html",
                "--samples",
                "18446744073709551615",
            ],
            "error: --samples 18446744073709551615: the number of samples must be from 1 to 1000000000",
            "fel: --samples 18446744073709551615",
        ),
        (
            &["evaluate", "--group", "nobody"],
            "error: there is no group `nobody`",
            "fel: det finns ingen grupp `nobody`",
        ),
    ] {
        for (lang, expected) in [("en", en), ("sv", sv)] {
            let mut full = vec!["--lang", lang];
            full.extend_from_slice(args);
            let start = Instant::now();
            let run = run_ws(&ws, &full);
            assert_eq!(run.code, 2, "{full:?}: {run:?}");
            assert!(run.stderr.starts_with(expected), "{full:?}: {run:?}");
            assert!(start.elapsed().as_secs() < 30);
        }
    }
    let run = run_ws(&ws, &["sensitivity", "one-way", "--criterion", "demokrati"]);
    assert!(run.stderr.contains(ids), "{run:?}");
    assert!(!ws.path().join("r.html").exists());
    // The forms the messages name are accepted.
    for args in [
        &["evaluate", "--set-weight", "democracy=0.3"][..],
        &["--lang", "sv", "evaluate", "--set-weight", "democracy=0,3"],
        &["sensitivity", "one-way", "--criterion", "democracy"],
        &["sensitivity", "monte-carlo", "--samples", "1"],
    ] {
        let run = run_ws(&ws, args);
        assert_eq!(run.code, 0, "{args:?}: {run:?}");
    }
}

#[test]
fn a_criteria_toml_that_is_no_regular_file_is_refused_not_skipped() {
    // Skipped, the criterion vanished from the decision without a word
    // (exit 0, a ranking without it). Folders stay ignored.
    let ws = workspace("dir-toml", &Q.replace("\"q\"", "\"cost\""));
    std::fs::create_dir_all(ws.path().join("criteria/old.toml")).unwrap();
    assert_eq!(run_ws(&ws, &["check"]).code, 0);
    std::os::unix::fs::symlink("/dev/zero", ws.path().join("criteria/zero.toml")).unwrap();
    let e = fails_in_both(
        &ws,
        &["check"],
        1,
        "zero.toml is not a regular file",
        "zero.toml är ingen vanlig fil",
    );
    assert!(pointer(&e).contains("criteria/zero.toml"), "{e:?}");
    std::fs::remove_file(ws.path().join("criteria/zero.toml")).unwrap();
    // A dangling link (a criterion moved away) is named, not dropped.
    std::os::unix::fs::symlink("/nonexistent/x.toml", ws.path().join("criteria/moved.toml"))
        .unwrap();
    for lang in ["en", "sv"] {
        let run = run_ws(&ws, &["--lang", lang, "check"]);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(run.stderr.contains("criteria/moved.toml"), "{run:?}");
    }
    std::fs::remove_file(ws.path().join("criteria/moved.toml")).unwrap();
    // A group script that is a link to a device is that group's failure.
    assert_eq!(run_ws(&ws, &["check"]).code, 0);
    std::fs::create_dir_all(ws.path().join("scripts/groups")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", ws.path().join("scripts/groups/odd.lua")).unwrap();
    for (lang, text) in [
        ("en", "odd.lua is not a regular file"),
        ("sv", "odd.lua är ingen vanlig fil"),
    ] {
        let run = run_ws(&ws, &["--lang", lang, "groups"]);
        assert_ne!(run.code, 101, "{run:?}");
        assert!(run.stderr.contains(text), "{run:?}");
    }
}

#[test]
fn refused_judgments_in_a_workspace_come_with_a_hint() {
    // These pointed at the judgment but said nothing of what to do.
    for (judgments, en, sv, hint) in [
        (
            "[[\"a\", \"a\", 3]]",
            "compared with itself",
            "jämförs med sig själv",
            "two different items",
        ),
        (
            "[[\"a\", \"bob\", 3]]",
            "`bob` is not one of the items",
            "`bob` är inte en av de poster",
            "ids are compared exactly",
        ),
        (
            "[[\"a\", \"b\", 3], [\"b\", \"a\", 3]]",
            "contradictory",
            "motstridiga",
            "one judgment per pair",
        ),
        (
            "[[\"a\", \"b\", 9223372036854775807]]",
            "outside the range",
            "ligger utanför",
            "a positive number",
        ),
    ] {
        let ws = workspace("judgment-hint", &Q.replace("\"q\"", "\"cost\""));
        ws.write(
            "criteria/q.toml",
            format!("id = \"q\"\nname = \"Q\"\n\n[pairwise]\njudgments = {judgments}\n"),
        );
        let e = fails_in_both(&ws, &["check"], 1, en, sv);
        assert!(pointer(&e).contains("criteria/q.toml:5:"), "{e:?}");
        assert!(e.stderr.contains(hint), "{e:?}");
    }
}

// ------------------------------------------------------ control characters in ids

/// An alternative's or a criterion's id with a control character (an
/// escape sequence, a tab, a line break) is refused like such a name, in
/// both languages, pointing at the id's line and column, with a hint that
/// an id is one short line; nothing is shown escaped in a table.
#[test]
fn an_id_with_a_control_character_is_refused_at_the_id() {
    for (file, good, bad) in [
        (
            "vagval.toml",
            r#"id = "stay-alone""#,
            r#"id = "stay\u001b[31malone""#,
        ),
        ("vagval.toml", r#"id = "join-hit""#, r#"id = "join\thit""#),
        (
            "criteria/democracy.toml",
            r#"id = "democracy""#,
            r#"id = "demo\ncracy""#,
        ),
        (
            "criteria/cost.toml",
            r#"id = "cost""#,
            r#"id = "co\u0007st""#,
        ),
    ] {
        let ws = tranas("control-id");
        let path = ws.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(good), "{file}: no {good}");
        let text = text.replacen(good, bad, 1);
        std::fs::write(&path, &text).unwrap();
        let line = text.lines().position(|l| l == bad).unwrap() + 1;
        let column = bad.find('"').unwrap() + 1;
        let run = fails_in_both(
            &ws,
            &["evaluate"],
            1,
            "holds a line break or control character",
            "innehåller en radbrytning eller ett styrtecken",
        );
        assert!(
            pointer(&run).ends_with(&format!("{file}:{line}:{column}")),
            "{file}: {run:?}"
        );
        assert!(run.stdout.is_empty(), "{run:?}");
        assert!(!run.stderr.contains('\u{1b}'), "{run:?}");
        assert!(
            run.stderr
                .contains("hint: an id is one short line of text such as `join-hit`"),
            "{run:?}"
        );
        let sv = run_ws(&ws, &["--lang", "sv", "check"]);
        assert_eq!(sv.code, 1, "{sv:?}");
        assert!(
            sv.stderr
                .contains("tips: ett id är en kort rad text som `join-hit`"),
            "{sv:?}"
        );
    }
}
