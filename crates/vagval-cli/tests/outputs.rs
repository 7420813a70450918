//! Snapshot tests of what users see: every command × format on the shipped
//! workspaces (the repository root = Tranås, examples/leader,
//! examples/school), in English and Swedish, through the real binary, with
//! the settings flags, the CR bound of the groups' aggregate and a matrix
//! on stdin; the HTML report; a scripted survey (its dialogue and the
//! script it writes); and the error outputs (a broken workspace, an unknown
//! criterion or group).
//!
//! One insta snapshot per run, in `tests/snapshots/`, named
//! `WORKSPACE.LANG.FORMAT.COMMAND.snap` (`tranas.sv.csv.evaluate-all-groups`;
//! the report is `tranas.sv.html.report`, the survey
//! `leader.sv.text.survey`; a CR bound is written without its point,
//! `max-cr-005` for 0.05). Each holds the exit code, stdin (when fed),
//! stderr and stdout with their lengths in bytes (insta ignores trailing
//! whitespace; the lengths do not), the command line in its header, and
//! paths as `[ROOT]` (the repository; its folder's name as `[ROOT-NAME]`)
//! and `[TMP]` (a temp folder).
//!
//! A changed output fails its test and insta writes the new output beside
//! the old as `.snap.new`; review with `cargo insta review`, or accept every
//! change with `INSTA_UPDATE=always cargo test -p vagval-cli --test outputs`.
//! Under `CI=true` nothing is written. `every_snapshot_belongs_to_a_run`
//! fails on a snapshot no run makes any more.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Run, TempDir, copy_dir, repo_root, run_stdin};
use std::path::Path;

const FORMATS: [&str; 6] = ["table", "json", "csv", "markdown", "html", "svg"];
const LANGS: [&str; 2] = ["en", "sv"];
/// The shipped workspaces: snapshot name, folder (from the repository
/// root), and a criterion for the one-way analysis.
const WORKSPACES: [(&str, &str, &str); 3] = [
    ("tranas", ".", "democracy"),
    ("leader", "examples/leader", "experience"),
    ("school", "examples/school", "learning"),
];

/// One run: the command's part of the snapshot name and the arguments
/// after `--workspace W --lang L --format F`. `{M}` is the folder of the
/// matrix files.
type Case = (&'static str, &'static [&'static str]);

/// The runs made on every workspace (`{C}` is the workspace's criterion).
const EVERY_WORKSPACE: &[Case] = &[
    ("check", &["check"]),
    ("evaluate", &["evaluate"]),
    ("evaluate-ideal", &["--mode", "ideal", "evaluate"]),
    (
        "evaluate-ideal-geometric",
        &["--mode", "ideal", "--method", "geometric", "evaluate"],
    ),
    ("weights", &["weights"]),
    ("one-way", &["sensitivity", "one-way", "--criterion", "{C}"]),
    ("thresholds", &["sensitivity", "thresholds"]),
    (
        "thresholds-ideal",
        &["--mode", "ideal", "sensitivity", "thresholds"],
    ),
    (
        "monte-carlo",
        &[
            "sensitivity",
            "monte-carlo",
            "--samples",
            "500",
            "--seed",
            "7",
        ],
    ),
    ("matrix-json", &["matrix", "{M}/m.json"]),
    ("matrix-txt", &["matrix", "{M}/m.txt"]),
];

/// The runs made on Tranås only: the one with political groups and a
/// scripted criterion.
const TRANAS: &[Case] = &[
    ("evaluate-all-groups", &["evaluate", "--all-groups"]),
    ("evaluate-group", &["evaluate", "--group", "local-control"]),
    (
        "evaluate-set-weight",
        &["evaluate", "--set-weight", "democracy=0.30"],
    ),
    (
        "evaluate-set-judgment",
        &["evaluate", "--set-judgment", "goal:democracy,cost=5"],
    ),
    (
        "evaluate-set-data",
        &["evaluate", "--set-data", "cost:join-hit=18000"],
    ),
    (
        "evaluate-aggregate-set-weight",
        &["evaluate", "--aggregate", "--set-weight", "democracy=0.30"],
    ),
    ("weights-all-groups", &["weights", "--all-groups"]),
    ("groups", &["groups"]),
    ("groups-aip", &["groups", "--aggregation", "aip"]),
    ("groups-max-cr", &["groups", "--max-cr", "0.05"]),
    (
        "one-way-ideal",
        &[
            "--mode",
            "ideal",
            "sensitivity",
            "one-way",
            "--criterion",
            "cost",
        ],
    ),
    (
        "thresholds-aggregate",
        &["sensitivity", "thresholds", "--aggregate"],
    ),
    (
        "thresholds-group",
        &["sensitivity", "thresholds", "--group", "fiscal-caution"],
    ),
    (
        "monte-carlo-group",
        &[
            "sensitivity",
            "monte-carlo",
            "--samples",
            "500",
            "--seed",
            "3",
            "--group",
            "security-first",
        ],
    ),
    ("groups-max-cr-001", &["groups", "--max-cr", "0.01"]),
    (
        "groups-aip-geometric",
        &["groups", "--aggregation", "aip-geometric"],
    ),
    // The CR bound of the aggregate: 0.05 keeps every group, 0.01 leaves
    // one out.
    (
        "evaluate-aggregate-max-cr-005",
        &["evaluate", "--aggregate", "--max-cr", "0.05"],
    ),
    (
        "evaluate-aggregate-max-cr-001",
        &["evaluate", "--aggregate", "--max-cr", "0.01"],
    ),
    (
        "evaluate-aggregate-set-weight-max-cr-005",
        &[
            "evaluate",
            "--aggregate",
            "--set-weight",
            "democracy=0.3",
            "--max-cr",
            "0.05",
        ],
    ),
    (
        "evaluate-aggregate-set-weight-max-cr-001",
        &[
            "evaluate",
            "--aggregate",
            "--set-weight",
            "democracy=0.3",
            "--max-cr",
            "0.01",
        ],
    ),
    (
        "thresholds-aggregate-max-cr-005",
        &[
            "sensitivity",
            "thresholds",
            "--aggregate",
            "--max-cr",
            "0.05",
        ],
    ),
    (
        "thresholds-aggregate-max-cr-001",
        &[
            "sensitivity",
            "thresholds",
            "--aggregate",
            "--max-cr",
            "0.01",
        ],
    ),
    (
        "one-way-aggregate",
        &[
            "sensitivity",
            "one-way",
            "--criterion",
            "cost",
            "--aggregate",
        ],
    ),
    (
        "one-way-aggregate-max-cr-005",
        &[
            "sensitivity",
            "one-way",
            "--criterion",
            "cost",
            "--aggregate",
            "--max-cr",
            "0.05",
        ],
    ),
    (
        "one-way-aggregate-max-cr-001",
        &[
            "sensitivity",
            "one-way",
            "--criterion",
            "cost",
            "--aggregate",
            "--max-cr",
            "0.01",
        ],
    ),
    (
        "monte-carlo-aggregate",
        &[
            "sensitivity",
            "monte-carlo",
            "--samples",
            "500",
            "--seed",
            "1",
            "--aggregate",
        ],
    ),
    (
        "monte-carlo-aggregate-max-cr-005",
        &[
            "sensitivity",
            "monte-carlo",
            "--samples",
            "500",
            "--seed",
            "1",
            "--aggregate",
            "--max-cr",
            "0.05",
        ],
    ),
    (
        "monte-carlo-aggregate-max-cr-001",
        &[
            "sensitivity",
            "monte-carlo",
            "--samples",
            "500",
            "--seed",
            "1",
            "--aggregate",
            "--max-cr",
            "0.01",
        ],
    ),
    (
        "monte-carlo-perturb",
        &[
            "sensitivity",
            "monte-carlo",
            "--samples",
            "200",
            "--seed",
            "1",
            "--weights",
            "perturb",
        ],
    ),
    (
        "monte-carlo-data-ranges",
        &[
            "sensitivity",
            "monte-carlo",
            "--samples",
            "200",
            "--seed",
            "1",
            "--data",
            "ranges",
        ],
    ),
    // The settings flags (Tranås has ranged data; no shipped workspace has
    // gaps, so `--completion optimal` also reads the matrix with gaps).
    (
        "evaluate-completion-optimal",
        &["--completion", "optimal", "evaluate"],
    ),
    (
        "matrix-json-completion-optimal",
        &["--completion", "optimal", "matrix", "{M}/m.json"],
    ),
    (
        "evaluate-method-additive",
        &["--method", "additive", "evaluate"],
    ),
    (
        "weights-method-additive",
        &["--method", "additive", "weights"],
    ),
    (
        "check-ri-alonso-lamata",
        &["--ri", "alonso-lamata", "check"],
    ),
    (
        "weights-ri-alonso-lamata",
        &["--ri", "alonso-lamata", "weights"],
    ),
    (
        "evaluate-ri-alonso-lamata",
        &["--ri", "alonso-lamata", "evaluate"],
    ),
    ("check-ri-saaty2005", &["--ri", "saaty2005", "check"]),
    ("check-ri-donegan-dodd", &["--ri", "donegan-dodd", "check"]),
    ("evaluate-at-low", &["--at", "low", "evaluate"]),
    ("evaluate-at-high", &["--at", "high", "evaluate"]),
    // The matrix read from stdin (the text of the files above; see STDIN).
    ("matrix-stdin-json", &["matrix", "-"]),
    ("matrix-stdin-txt", &["matrix", "-"]),
    (
        "error-unknown-criterion",
        &["sensitivity", "one-way", "--criterion", "nope"],
    ),
    ("error-unknown-group", &["evaluate", "--group", "nope"]),
];

/// The runs on a copy of examples/leader with a TOML syntax error.
const BROKEN: &[Case] = &[("check", &["check"]), ("evaluate", &["evaluate"])];

/// A pairwise matrix as JSON, with gaps (`null`) and a non-ASCII item.
const MATRIX_JSON: &str = "{\"items\": [\"Å\", \"b\", \"c\"], \"matrix\": [[1, 3, null], [\"1/3\", 1, 2], [null, 0.5, 1]]}\n";
/// A pairwise matrix as a plain table.
const MATRIX_TXT: &str = "1 3 5\n1/3 1 2\n1/5 1/2 1\n";

/// Runs whose command has no chart: no `--format svg` (its error is pinned
/// by `evaluate-set-weight` and `thresholds`).
const NO_CHART: &[&str] = &[
    "evaluate-aggregate-set-weight-max-cr-005",
    "evaluate-aggregate-set-weight-max-cr-001",
    "thresholds-aggregate-max-cr-005",
    "thresholds-aggregate-max-cr-001",
];

/// The formats of the run `command`.
fn formats(command: &str) -> &'static [&'static str] {
    if NO_CHART.contains(&command) {
        &FORMATS[..5]
    } else {
        &FORMATS
    }
}

/// What a run is fed on stdin, by its name (others get an empty stdin).
const STDIN: &[(&str, &str)] = &[
    ("matrix-stdin-json", MATRIX_JSON),
    ("matrix-stdin-txt", MATRIX_TXT),
];

/// The reports: the name's command part and the arguments after `report`.
const REPORTS: &[Case] = &[
    ("report", &[]),
    ("report-max-cr-001", &["--max-cr", "0.01"]),
];

/// Every snapshot name the tests below make.
fn all_names() -> Vec<String> {
    let mut names = Vec::new();
    for (ws, _, _) in WORKSPACES {
        for lang in LANGS {
            for format in FORMATS {
                let tranas: &[Case] = if ws == "tranas" { TRANAS } else { &[] };
                for (command, _) in EVERY_WORKSPACE.iter().chain(tranas) {
                    if formats(command).contains(&format) {
                        names.push(format!("{ws}.{lang}.{format}.{command}"));
                    }
                }
                if ws == "leader" {
                    for (command, _) in BROKEN {
                        names.push(format!("leader-broken.{lang}.{format}.{command}"));
                    }
                }
            }
        }
    }
    for lang in LANGS {
        for (command, _) in REPORTS {
            names.push(format!("tranas.{lang}.html.{command}"));
        }
        names.push(format!("leader.{lang}.text.survey"));
    }
    for (name, _) in HELP {
        names.push(format!("help.{name}"));
    }
    names
}

/// `--help` of the command line and of a subcommand (clap's English: the
/// help text is documentation), pinned like any other output.
const HELP: &[Case] = &[
    ("vagval", &["--help"]),
    ("vagval-h", &["-h"]),
    (
        "sensitivity-monte-carlo",
        &["sensitivity", "monte-carlo", "--help"],
    ),
    ("evaluate", &["evaluate", "--help"]),
];

#[test]
fn help() {
    let tmp = TempDir::new("outputs-help");
    let redact = Redact::new(&tmp);
    for (name, args) in HELP {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        snapshot(&format!("help.{name}"), &args, "", &redact, &[]);
    }
}

/// The snapshot text of a run: exit code, what it was fed on stdin (if
/// anything), stderr, stdout and any files it wrote, each with its length
/// so that a change at the end (a newline, a space) fails too.
fn render(run: &Run, stdin: &str, files: &[(&str, String)]) -> String {
    let mut text = format!("exit: {}\n", run.code);
    let mut block = |title: &str, content: &str| {
        text.push_str(&format!("--- {title}: {} bytes ---\n", content.len()));
        text.push_str(content);
        if !content.is_empty() && !content.ends_with('\n') {
            text.push('\n');
        }
    };
    if !stdin.is_empty() {
        block("stdin", stdin);
    }
    block("stderr", &run.stderr);
    block("stdout", &run.stdout);
    for (name, content) in files {
        block(&format!("file {name}"), content);
    }
    text
}

/// Paths that differ between machines and runs, replaced by a name.
struct Redact(Vec<(String, &'static str)>);

impl Redact {
    fn new(tmp: &TempDir) -> Redact {
        let mut pairs = Vec::new();
        for (path, name) in [(tmp.path().to_path_buf(), "[TMP]"), (repo_root(), "[ROOT]")] {
            let canonical = path.canonicalize().unwrap();
            // The longer first, in case one path is a prefix of the other.
            for p in [canonical, path] {
                pairs.push((p.to_string_lossy().into_owned(), name));
            }
        }
        pairs.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        // The report names the workspace by its folder: the checkout's.
        let name = repo_root().canonicalize().unwrap();
        let name = name.file_name().unwrap().to_string_lossy();
        pairs.push((format!(": {name} · "), ": [ROOT-NAME] · "));
        // The report says the day it was made.
        pairs.push((
            format!(" · {} · ", vagval_workspace::report::today()),
            " · [DATE] · ",
        ));
        Redact(pairs)
    }

    fn apply(&self, text: &str) -> String {
        self.0.iter().fold(text.to_owned(), |text, (path, name)| {
            text.replace(path, name)
        })
    }
}

/// Runs `args` in the repository root, fed `stdin`, and compares the
/// snapshot `name`; `files` (a name and a path) are the files the run
/// writes, read after it.
fn snapshot(name: &str, args: &[String], stdin: &str, redact: &Redact, files: &[(&str, &Path)]) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = run_stdin(&repo_root(), &args, stdin.as_bytes());
    let run = Run {
        code: run.code,
        stdout: redact.apply(&run.stdout),
        stderr: redact.apply(&run.stderr),
    };
    let files: Vec<(&str, String)> = files
        .iter()
        .map(|&(file, path)| {
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("{name}: {}: {e}", path.display()));
            (file, redact.apply(&text))
        })
        .collect();
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(redact.apply(&format!("vagval {}", args.join(" "))));
    settings.bind(|| insta::assert_snapshot!(name.to_owned(), render(&run, stdin, &files)));
}

/// The matrix files `matrix` reads (one JSON with gaps, one text).
fn matrix_files(dir: &TempDir) {
    dir.write("m.json", MATRIX_JSON);
    dir.write("m.txt", MATRIX_TXT);
}

/// Every run of `cases` on the workspace `ws_dir` in `lang`, every format
/// (one thread per format, to keep the test fast); all of them, then fails
/// naming every snapshot that differs (insta shows each difference as it
/// comes).
fn runs(name: &str, ws_dir: &str, lang: &str, criterion: &str, cases: &[Case], tmp: &TempDir) {
    let redact = Redact::new(tmp);
    let one_format = |format: &str| {
        let mut differ = Vec::new();
        for (command, rest) in cases {
            if !formats(command).contains(&format) {
                continue;
            }
            let mut args: Vec<String> = ["--workspace", ws_dir, "--lang", lang, "--format", format]
                .map(String::from)
                .to_vec();
            args.extend(rest.iter().map(|a| {
                a.replace("{C}", criterion)
                    .replace("{M}", &tmp.path().to_string_lossy())
            }));
            let snapshot_name = format!("{name}.{lang}.{format}.{command}");
            let stdin = STDIN.iter().find(|(c, _)| c == command).map_or("", |s| s.1);
            let compared = std::panic::catch_unwind(|| {
                snapshot(&snapshot_name, &args, stdin, &redact, &[]);
            });
            if compared.is_err() {
                differ.push(snapshot_name);
            }
        }
        differ
    };
    let differ: Vec<String> = std::thread::scope(|scope| {
        let threads: Vec<_> = FORMATS
            .map(|format| scope.spawn(move || one_format(format)))
            .into_iter()
            .collect();
        threads
            .into_iter()
            .flat_map(|t| t.join().unwrap())
            .collect()
    });
    assert!(
        differ.is_empty(),
        "{} outputs differ from their snapshots: {differ:?}",
        differ.len()
    );
}

fn workspace(name: &str, lang: &str) {
    let (_, dir, criterion) = WORKSPACES.iter().find(|w| w.0 == name).unwrap();
    let tmp = TempDir::new("outputs");
    matrix_files(&tmp);
    let tranas: &[Case] = if name == "tranas" { TRANAS } else { &[] };
    let cases: Vec<Case> = [EVERY_WORKSPACE, tranas].concat();
    runs(name, dir, lang, criterion, &cases, &tmp);
}

#[test]
fn tranas_en() {
    workspace("tranas", "en");
}

#[test]
fn tranas_sv() {
    workspace("tranas", "sv");
}

#[test]
fn leader_en() {
    workspace("leader", "en");
}

#[test]
fn leader_sv() {
    workspace("leader", "sv");
}

#[test]
fn school_en() {
    workspace("school", "en");
}

#[test]
fn school_sv() {
    workspace("school", "sv");
}

/// A copy of examples/leader whose first criterion file does not parse.
#[test]
fn broken_workspace() {
    let tmp = TempDir::new("outputs-broken");
    copy_dir(&repo_root().join("examples/leader"), tmp.path());
    let age = tmp.path().join("criteria/age.toml");
    let text = std::fs::read_to_string(&age).unwrap();
    std::fs::write(&age, text.replacen('=', "= [", 1)).unwrap();
    for lang in LANGS {
        runs("leader-broken", &tmp.arg(), lang, "", BROKEN, &tmp);
    }
}

/// Every report of REPORTS in `lang`, with the HTML page it writes.
fn report(lang: &str) {
    let mut differ = Vec::new();
    for (command, rest) in REPORTS {
        let tmp = TempDir::new("outputs-report");
        let out = tmp.path().join("report.html");
        let out_arg = out.to_string_lossy();
        let mut args: Vec<String> = ["--lang", lang, "report", "--out", &out_arg]
            .map(String::from)
            .to_vec();
        args.extend(rest.iter().map(|a| a.to_string()));
        let redact = Redact::new(&tmp);
        let name = format!("tranas.{lang}.html.{command}");
        let compared = std::panic::catch_unwind(|| {
            snapshot(&name, &args, "", &redact, &[("report.html", &out)]);
        });
        if compared.is_err() {
            differ.push(name);
        }
    }
    assert!(
        differ.is_empty(),
        "reports differ from their snapshots: {differ:?}"
    );
}

#[test]
fn report_en() {
    report("en");
}

#[test]
fn report_sv() {
    report("sv");
}

/// A survey of a copy of examples/leader through stdin: the name asked,
/// a bad number of seats asked again, an answer undone with `<`, the
/// criteria explained with `?`, an answer that makes CR jump (named at
/// once), and the revisit that takes the suggestions; then the ranking and
/// the script written. Its answers in `lang`: name, then the words for
/// strong, moderate, very strong, moderate plus, and "take the suggestion".
fn survey(lang: &str, words: [&str; 6]) {
    let [name, strong, moderate, very, plus, take] = words;
    let tmp = TempDir::new("outputs-survey");
    copy_dir(&repo_root().join("examples/leader"), tmp.path());
    let answers = format!(
        "{name}\nx\n9\n2\n{strong}\n<\n?\n2\n{strong}\n2\n{moderate}\n2\n{very}\n\
         1\n{moderate}\n2\n{moderate}\n1\n{plus}\n{take}\n{take}\n{take}\n"
    );
    let args: Vec<String> = [
        "--workspace",
        &tmp.arg(),
        "--lang",
        lang,
        "survey",
        "--group",
        "board",
    ]
    .map(String::from)
    .to_vec();
    let script = tmp.groups().join("board.lua");
    snapshot(
        &format!("leader.{lang}.text.survey"),
        &args,
        &answers,
        &Redact::new(&tmp),
        &[("scripts/groups/board.lua", &script)],
    );
}

#[test]
fn survey_en() {
    survey(
        "en",
        [
            "The Board",
            "strong",
            "moderate",
            "very strong",
            "moderate plus",
            "s",
        ],
    );
}

#[test]
fn survey_sv() {
    survey(
        "sv",
        [
            "Styrelsen",
            "starkt",
            "måttligt",
            "mycket starkt",
            "måttligt plus",
            "f",
        ],
    );
}

/// Each snapshot file is made by a run above (none left over from a run
/// removed or renamed), and each run has its snapshot committed.
#[test]
fn every_snapshot_belongs_to_a_run() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".snap").map(str::to_owned)
        })
        .collect();
    on_disk.sort();
    let mut expected = all_names();
    expected.sort();
    let stale: Vec<&String> = on_disk.iter().filter(|n| !expected.contains(n)).collect();
    let missing: Vec<&String> = expected.iter().filter(|n| !on_disk.contains(n)).collect();
    assert!(
        stale.is_empty(),
        "snapshots no run makes (delete them): {stale:?}"
    );
    assert!(missing.is_empty(), "runs without a snapshot: {missing:?}");
}

/// The snapshot text tells outputs apart that insta's comparison (which
/// ignores trailing whitespace) would not: a final newline, a trailing
/// space; and stdout from stderr.
#[test]
fn the_snapshot_text_pins_every_byte() {
    let run = |stdout: &str, stderr: &str| Run {
        code: 0,
        stdout: stdout.to_owned(),
        stderr: stderr.to_owned(),
    };
    let base = render(&run("a\n", ""), "", &[]);
    for other in [
        render(&run("a", ""), "", &[]),
        render(&run("a\n\n", ""), "", &[]),
        render(&run("a \n", ""), "", &[]),
        render(&run("", "a\n"), "", &[]),
        render(&run("a\n", ""), "a\n", &[]),
        render(&run("a\n", ""), "", &[("f", String::new())]),
    ] {
        assert_ne!(base.trim_end(), other.trim_end());
    }
}
