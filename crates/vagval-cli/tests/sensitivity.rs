//! `vagval sensitivity one-way` and the what-if flags of `evaluate`, on the
//! shipped Tranås workspace: every reported crossover is confirmed by
//! what-if runs just below and just above it; formats and errors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::process::Command;

mod common;

use common::repo_root as root;

/// Runs the binary in the repository root (the shared harness: no hang,
/// no panic).
fn vagval(args: &[&str]) -> (i32, String, String) {
    let run = common::run_in(&root(), args);
    (run.code, run.stdout, run.stderr)
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--format", "json"]);
    let (code, stdout, stderr) = vagval(&all);
    assert_eq!(code, 0, "{all:?}: {stderr}");
    serde_json::from_str(&stdout).unwrap()
}

/// Rank of `id` in a what-if run with `criterion` at local weight `w`.
fn rank_if(extra: &[&str], criterion: &str, w: f64, id: &str) -> u64 {
    let setting = format!("{criterion}={w}");
    let mut args = vec!["evaluate", "--set-weight", &setting];
    args.extend_from_slice(extra);
    let v = json(&args);
    v["alternatives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap()["rank"]
        .as_u64()
        .unwrap()
}

#[test]
fn crossovers_are_confirmed_by_what_if_runs() {
    let mut confirmed = 0;
    for (extra, criteria) in [
        (vec![], vec!["democracy", "cost", "cyber-nis2", "lock-in"]),
        (vec!["--group", "local-control"], vec!["democracy", "cost"]),
    ] {
        for criterion in criteria {
            let mut args = vec!["sensitivity", "one-way", "--criterion", criterion];
            args.extend_from_slice(&extra);
            let sweep = json(&args);
            assert!((0.0..=1.0).contains(&sweep["current_weight"].as_f64().unwrap()));
            for c in sweep["crossovers"].as_array().unwrap() {
                let t = c["weight"].as_f64().unwrap();
                let (above, below) = (
                    c["ahead_above"].as_str().unwrap(),
                    c["ahead_below"].as_str().unwrap(),
                );
                let (lo, hi) = ((t - 1e-6).max(0.0), (t + 1e-6).min(1.0));
                assert!(
                    rank_if(&extra, criterion, lo, below) < rank_if(&extra, criterion, lo, above),
                    "{criterion} {extra:?} below {t}"
                );
                assert!(
                    rank_if(&extra, criterion, hi, above) < rank_if(&extra, criterion, hi, below),
                    "{criterion} {extra:?} above {t}"
                );
                assert!(c["text"].as_str().unwrap().contains("percentage points"));
                confirmed += 1;
            }
        }
    }
    assert!(
        confirmed >= 2,
        "the Tranås sweeps cross at least twice, saw {confirmed}"
    );
}

#[test]
fn one_way_in_every_format_and_for_the_aggregate() {
    let (code, table, stderr) = vagval(&["sensitivity", "one-way", "--criterion", "democracy"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        table.contains("Where the ranking changes") && table.contains("Demokrati"),
        "{table}"
    );
    let (code, csv, _) = vagval(&[
        "sensitivity",
        "one-way",
        "--criterion",
        "democracy",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    assert_eq!(csv.lines().count(), 102, "a header and 101 points");
    assert!(
        csv.starts_with("weight,stay-alone,join-hit,build-in-house"),
        "{csv}"
    );
    let (code, md, _) = vagval(&[
        "sensitivity",
        "one-way",
        "--criterion",
        "cost",
        "--format",
        "markdown",
    ]);
    assert_eq!(code, 0);
    assert!(
        md.starts_with("# One-way sensitivity") && md.contains("| weight |"),
        "{md}"
    );
    let aggregate = json(&[
        "sensitivity",
        "one-way",
        "--criterion",
        "cyber-nis2",
        "--aggregate",
    ]);
    assert!(aggregate["view"].as_str().unwrap().contains("AIJ"));
    for point in aggregate["points"].as_array().unwrap() {
        let sum: f64 = point["scores"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_f64().unwrap())
            .sum();
        assert!((sum - 1.0).abs() < 1e-9);
    }
}

#[test]
fn what_if_changes_no_file_and_explains_bad_input() {
    let before = std::fs::read(root().join("vagval.toml")).unwrap();
    let v = json(&[
        "evaluate",
        "--set-weight",
        "democracy=0.3",
        "--set-judgment",
        "democracy:join-hit,stay-alone=5",
    ]);
    let democracy = v["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "democracy")
        .unwrap();
    assert!((democracy["local_weight"].as_f64().unwrap() - 0.3).abs() < 1e-12);
    assert!(
        v["alternatives"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["rank_now"].is_u64() && a["rank"].is_u64())
    );
    assert_eq!(before, std::fs::read(root().join("vagval.toml")).unwrap());
    for (args, expected) in [
        (
            vec!["evaluate", "--set-weight", "democracy"],
            "CRITERION=WEIGHT",
        ),
        (
            vec!["evaluate", "--set-weight", "democracy=1.5"],
            "between 0 and 1",
        ),
        (
            vec![
                "evaluate",
                "--set-weight",
                "democracy=0.7",
                "--set-weight",
                "cost=0.6",
            ],
            "at most 1",
        ),
        (
            vec!["evaluate", "--set-weight", "nope=0.1"],
            "no criterion `nope`",
        ),
        (
            vec!["evaluate", "--set-judgment", "goal:democracy,cost"],
            "=VALUE",
        ),
        (
            vec!["evaluate", "--set-judgment", "goal:democracy,nope=3"],
            "`nope` is not an item",
        ),
        (
            vec![
                "evaluate",
                "--set-judgment",
                "service-proximity:join-hit,stay-alone=3",
            ],
            "not judged in pairs",
        ),
        (
            vec!["sensitivity", "one-way", "--criterion", "nope"],
            "no criterion `nope`",
        ),
        (
            vec!["evaluate", "--group", "nobody", "--set-weight", "cost=0.1"],
            "no group `nobody`",
        ),
    ] {
        let (code, stdout, stderr) = vagval(&args);
        // A malformed flag or an id the workspace lacks is a mistake of the
        // command line (exit 2); a well-formed change the model refuses is
        // invalid input (exit 1).
        let usage = [
            "CRITERION=WEIGHT",
            "no criterion `nope`",
            "=VALUE",
            "no group `nobody`",
            "`nope` is not an item",
        ];
        let wanted = if usage.contains(&expected) { 2 } else { 1 };
        assert_eq!(code, wanted, "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}");
        assert!(
            stderr.contains(expected),
            "{args:?}: `{expected}` not in {stderr}"
        );
        assert!(!stderr.contains("panicked"));
    }
}

/// The thresholds' tie weights of a top-level criterion (normalised, the
/// other weights rescaled in proportion) are the one-way sweep's crossovers:
/// two methods, one answer.
#[test]
fn thresholds_agree_with_the_one_way_crossovers() {
    let t = json(&["sensitivity", "thresholds"]);
    assert!(t["percent_top"]["criterion"].is_string() && t["percent_any"]["criterion"].is_string());
    let mut compared = 0;
    for criterion in ["democracy", "lock-in", "cost"] {
        let sweep = json(&["sensitivity", "one-way", "--criterion", criterion]);
        for c in sweep["crossovers"].as_array().unwrap() {
            let (above, below) = (
                c["ahead_above"].as_str().unwrap(),
                c["ahead_below"].as_str().unwrap(),
            );
            let matching = t["weight_changes"].as_array().unwrap().iter().find(|w| {
                w["criterion"] == criterion
                    && ((w["ahead"] == below && w["behind"] == above)
                        || (w["ahead"] == above && w["behind"] == below))
            });
            let Some(w) = matching else { continue };
            if let Some(tie) = w["tie_weight"].as_f64() {
                assert!(
                    (tie - c["weight"].as_f64().unwrap()).abs() < 1e-9,
                    "{criterion}: {tie} vs {}",
                    c["weight"]
                );
                compared += 1;
            }
        }
    }
    assert!(compared >= 2, "compared {compared}");
    for format in ["table", "csv", "markdown"] {
        let (code, stdout, stderr) = vagval(&["sensitivity", "thresholds", "--format", format]);
        assert_eq!(code, 0, "{stderr}");
        assert!(!stdout.is_empty());
    }
    let group = json(&["sensitivity", "thresholds", "--group", "security-first"]);
    assert!(group["view"].as_str().unwrap().contains("Säkerhet"));
}

#[test]
fn monte_carlo_is_reproducible_whatever_the_threads() {
    let run = |threads: &str, seed: &str, extra: &[&str]| {
        let mut args = vec![
            "sensitivity",
            "monte-carlo",
            "--samples",
            "150000",
            "--seed",
            seed,
            "--threads",
            threads,
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let (code, stdout, stderr) = vagval(&args);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stderr.is_empty(),
            "no progress bar when stderr is not a terminal: {stderr}"
        );
        stdout
    };
    for extra in [
        vec![],
        vec!["--weights", "perturb", "--data", "ranges"],
        vec!["--aggregate"],
        vec!["--group", "local-control"],
    ] {
        let one = run("1", "42", &extra);
        assert_eq!(
            one,
            run("2", "42", &extra),
            "{extra:?}: 1 and 2 threads differ"
        );
        assert_ne!(
            one,
            run("2", "43", &extra),
            "{extra:?}: another seed, the same numbers"
        );
        let v: Value = serde_json::from_str(&one).unwrap();
        let alternatives = v["alternatives"].as_array().unwrap();
        for a in alternatives {
            let sum: f64 = a["rank_acceptability"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .sum();
            assert!((sum - 1.0).abs() < 1e-12, "{extra:?}: {sum}");
        }
        for r in 0..alternatives.len() {
            let sum: f64 = alternatives
                .iter()
                .map(|a| a["rank_acceptability"][r].as_f64().unwrap())
                .sum();
            assert!(
                (sum - 1.0).abs() < 1e-12,
                "{extra:?}: rank {r} sums to {sum}"
            );
        }
    }
}

#[test]
fn monte_carlo_formats_and_bad_arguments() {
    for format in ["table", "csv", "markdown"] {
        let (code, stdout, stderr) = vagval(&[
            "sensitivity",
            "monte-carlo",
            "--samples",
            "20000",
            "--format",
            format,
        ]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.contains("join-hit"), "{format}: {stdout}");
    }
    for (args, code, expected) in [
        (
            vec!["sensitivity", "monte-carlo", "--samples", "0"],
            2,
            "sample",
        ),
        (
            vec![
                "sensitivity",
                "monte-carlo",
                "--weights",
                "perturb",
                "--spread",
                "1",
            ],
            1,
            "spread",
        ),
        (
            vec!["sensitivity", "monte-carlo", "--threads", "0"],
            1,
            "--threads",
        ),
        (
            vec!["sensitivity", "monte-carlo", "--weights", "dirichlet"],
            2,
            "possible values",
        ),
    ] {
        let (got, _, stderr) = vagval(&args);
        assert_eq!(got, code, "{args:?}: {stderr}");
        assert!(
            stderr.contains(expected),
            "{args:?}: `{expected}` not in {stderr}"
        );
    }
}

/// What a test that needs tmux says when it cannot start it: how to get it.
fn tmux_missing(e: &std::io::Error) -> String {
    format!(
        "cannot run tmux ({e}). This test needs tmux for a terminal to show the progress \
         bar in: install it with `apt-get update && apt-get install -y tmux` (Debian; \
         tests/run does this)."
    )
}

/// Starts `command` in a detached tmux session `width` columns by 10 lines.
fn tmux_start(session: &str, width: &str, command: &str) {
    let started = Command::new("tmux")
        .args([
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            width,
            "-y",
            "10",
            command,
        ])
        .status()
        .unwrap();
    assert!(started.success());
}

/// What the session's terminal shows now (empty if tmux cannot say).
fn tmux_screen(session: &str) -> String {
    Command::new("tmux")
        .args(["capture-pane", "-p", "-t", session])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

fn tmux_kill(session: &str) {
    let _ = Command::new("tmux")
        .args(["kill-session", "-t", session])
        .status();
}

#[test]
fn without_tmux_the_error_says_how_to_install_it() {
    let e = Command::new("tmux")
        .arg("-V")
        .env("PATH", "")
        .output()
        .unwrap_err();
    let message = tmux_missing(&e);
    assert!(message.contains("apt-get install -y tmux"), "{message}");
}

/// In a terminal, a run of more than a second shows a progress bar on
/// stderr and still finishes (drawing from worker threads once deadlocked
/// against a stderr lock held for the whole run). Runs in tmux; without
/// tmux the test fails (saying how to install it), it never skips.
#[test]
fn a_long_run_in_a_terminal_shows_progress_and_finishes() {
    if let Err(e) = Command::new("tmux").arg("-V").output() {
        panic!("{}", tmux_missing(&e));
    }
    let session = format!("vagval-progress-{}", std::process::id());
    let out = std::env::temp_dir().join(format!("{session}.json"));
    let done = std::env::temp_dir().join(format!("{session}.done"));
    let _ = std::fs::remove_file(&out);
    let _ = std::fs::remove_file(&done);
    // Scripted criteria are scored per sample with --data ranges: slow
    // enough for the bar to appear, in debug and release builds alike
    // (2e6 samples take about 3 s in a release build on two cores).
    let command = format!(
        "cd {} && {} sensitivity monte-carlo --samples 2000000 --data ranges --format json --lang en > {} && touch {}",
        root().display(),
        common::bin(),
        out.display(),
        done.display()
    );
    tmux_start(&session, "150", &command);
    let mut saw_bar = false;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    while !done.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(250));
        saw_bar |= tmux_screen(&session).contains("samples");
    }
    tmux_kill(&session);
    assert!(
        done.exists(),
        "the run did not finish within 300 s in a terminal"
    );
    assert!(saw_bar, "no progress bar appeared on the terminal");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["samples"], 2000000);
    let _ = std::fs::remove_file(&out);
    let _ = std::fs::remove_file(&done);
}

/// Ctrl-C in a terminal stops a long run with exit 130, the bar cleared:
/// its line once stayed above the message (the terminal's "^C" had wrapped
/// past the bar's padded line, so the bar was cleared from the line below
/// it). Checked at a wide and a narrow terminal, in both languages.
#[test]
fn ctrl_c_in_a_terminal_clears_the_bar_and_says_the_run_stopped() {
    if let Err(e) = Command::new("tmux").arg("-V").output() {
        panic!("{}", tmux_missing(&e));
    }
    for (width, lang, bar_word, stopped) in [
        ("100", "en", "samples", "was stopped before its end"),
        ("60", "sv", "dragningar", "avbröts"),
    ] {
        let session = format!("vagval-ctrl-c-{}-{width}", std::process::id());
        let status = std::env::temp_dir().join(format!("{session}.status"));
        let _ = std::fs::remove_file(&status);
        let command = format!(
            "cd {} && {} --lang {lang} sensitivity monte-carlo --samples 100000000 --data ranges \
             --format json > /dev/null; echo $? > {}; sleep 60",
            root().display(),
            common::bin(),
            status.display()
        );
        tmux_start(&session, width, &command);
        let screen = || tmux_screen(&session);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        while !screen().contains(bar_word) && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let before = screen();
        let _ = Command::new("tmux")
            .args(["send-keys", "-t", &session, "C-c"])
            .status();
        while !status.exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        std::thread::sleep(std::time::Duration::from_millis(300));
        let after = screen();
        tmux_kill(&session);
        let code = std::fs::read_to_string(&status).unwrap_or_default();
        let _ = std::fs::remove_file(&status);
        assert!(
            before.contains(bar_word),
            "{width} columns: no bar before Ctrl-C:\n{before}"
        );
        assert_eq!(
            code.trim(),
            "130",
            "{width} columns: exit status after Ctrl-C:\n{after}"
        );
        assert!(
            after.contains(stopped),
            "{width} columns: no message:\n{after}"
        );
        assert!(
            !after.contains(bar_word) && !after.contains('░'),
            "{width} columns: the bar is still on the screen after Ctrl-C:\n{after}"
        );
    }
}

/// Issue 9: Saaty's school example in ideal mode: the three schools are
/// alike on friends, so their lines meet exactly at weight 1; that tie was
/// reported as "School A overtakes School B" at 0.9999999999999978.
#[test]
fn a_tie_at_weight_one_is_not_a_crossover() {
    for mode in ["ideal", "distributive"] {
        let sweep = json(&[
            "--workspace",
            "examples/school",
            "sensitivity",
            "one-way",
            "--criterion",
            "friends",
            "--mode",
            mode,
        ]);
        let crossovers = sweep["crossovers"].as_array().unwrap();
        assert!(
            crossovers
                .iter()
                .all(|c| c["weight"].as_f64().unwrap() < 1.0 - 1e-9),
            "{mode}: {crossovers:?}"
        );
        assert_eq!(sweep["lines_as_evaluate"], mode == "distributive");
    }
}

/// Issue 9: every performance change reported on `democracy` (judged in
/// pairs) ties its pair when applied through what-if judgments: the
/// alternative's row of judgments multiplied by 1 − relative/100 multiplies
/// its priority so. In ideal mode stay-alone and build-in-house share the
/// top there, where the distributive formula promised a tie at −38.2 % that
/// was 0.014 off.
#[test]
fn performance_changes_tie_when_applied() {
    let judgments = [
        ("stay-alone", "join-hit", 3.0),
        ("build-in-house", "join-hit", 3.0),
        ("stay-alone", "build-in-house", 1.0),
    ];
    let mut applied = 0;
    for mode in ["ideal", "distributive"] {
        let t = json(&["sensitivity", "thresholds", "--mode", mode]);
        let scores = json(&["evaluate", "--mode", mode]);
        // Thresholds show evaluate's scores.
        for (id, s) in t["alternatives"]
            .as_array()
            .unwrap()
            .iter()
            .zip(t["scores"].as_array().unwrap())
        {
            let a = scores["alternatives"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| &a["id"] == id)
                .unwrap();
            assert_eq!(a["score"], *s, "{mode}");
        }
        for key in ["percent_top", "percent_any", "absolute_top", "absolute_any"] {
            assert!(t[key]["criterion"].is_string(), "{mode}: {key}");
        }
        for p in t["performance_changes"].as_array().unwrap() {
            if p["criterion"] != "democracy" {
                continue;
            }
            let (i, k) = (
                p["alternative"].as_str().unwrap(),
                p["other"].as_str().unwrap(),
            );
            let Some(r) = p["relative_percent"].as_f64() else {
                assert_eq!(p["reversible"], false);
                continue;
            };
            let f = 1.0 - r / 100.0;
            let settings: Vec<String> = judgments
                .iter()
                .map(|&(a, b, v)| {
                    let v = if a == i {
                        v * f
                    } else if b == i {
                        v / f
                    } else {
                        v
                    };
                    format!("democracy:{a},{b}={v}")
                })
                .collect();
            let mut args = vec!["evaluate", "--mode", mode];
            for s in &settings {
                args.extend(["--set-judgment", s.as_str()]);
            }
            let e = json(&args);
            let score = |id: &str| {
                e["alternatives"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|a| a["id"] == id)
                    .unwrap()["score"]
                    .as_f64()
                    .unwrap()
            };
            assert!(
                (score(i) - score(k)).abs() < 1e-9,
                "{mode}: {p} gives {} vs {}",
                score(i),
                score(k)
            );
            applied += 1;
        }
    }
    assert!(applied >= 4, "applied {applied}");
}

/// A writer that keeps only the size of the largest single write and the total.
struct ChunkMeter {
    largest: usize,
    total: usize,
}

impl std::io::Write for ChunkMeter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.largest = self.largest.max(buf.len());
        self.total += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The complete thresholds lists hold n·m² entries (found by the issue 9
/// review: 300 alternatives on 40 criteria gave 1.6 GB of JSON, all of it
/// held in memory before the first byte was written, peak 1.5 GB). They are
/// written to stdout as they are computed, in small pieces, as
/// docs/methods.md says; the table (the summary) is unchanged.
#[test]
fn complete_thresholds_lists_are_streamed_not_held() {
    let dir = std::env::temp_dir().join(format!("vagval-stream-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("criteria")).unwrap();
    let alternatives: Vec<String> = (0..60).map(|i| format!("a{i}")).collect();
    let mut manifest = String::from("format_version = 1\ngoal = \"g\"\n");
    for a in &alternatives {
        manifest += &format!("[[alternatives]]\nid = \"{a}\"\nname = \"{a}\"\n");
    }
    let criteria: Vec<String> = (0..10).map(|k| format!("c{k}")).collect();
    manifest += "[weights]\ndirect = { ";
    manifest += &criteria
        .iter()
        .enumerate()
        .map(|(k, c)| format!("{c} = {}", k + 1))
        .collect::<Vec<_>>()
        .join(", ");
    manifest += " }\n";
    std::fs::write(dir.join("vagval.toml"), manifest).unwrap();
    for (k, c) in criteria.iter().enumerate() {
        let mut text = format!(
            "id = \"{c}\"\nname = \"{c}\"\n[data]\nfunction = \"linear\"\ndirection = \"higher-is-better\"\n[data.alternatives]\n"
        );
        for (i, a) in alternatives.iter().enumerate() {
            text += &format!("{a} = {}\n", (i * 37 + k * 101) % 997);
        }
        std::fs::write(dir.join(format!("criteria/{c}.toml")), text).unwrap();
    }
    let workspace = dir.to_str().unwrap().to_string();
    for (format, lang) in [("json", "en"), ("csv", "sv"), ("csv", "en")] {
        let mut meter = ChunkMeter {
            largest: 0,
            total: 0,
        };
        let args = [
            "vagval",
            "--workspace",
            &workspace,
            "--lang",
            lang,
            "sensitivity",
            "thresholds",
            "--format",
            format,
        ];
        let code = vagval_cli::run_with_default_lang(
            vagval_report::Lang::En,
            args,
            &dir,
            &mut std::io::empty(),
            &mut meter,
            &mut std::io::sink(),
        );
        assert_eq!(code, 0, "{format} {lang}");
        assert!(meter.total > 500_000, "{format}: {} bytes", meter.total);
        assert!(
            meter.largest <= 1 << 16,
            "{format} {lang}: one write of {} bytes of {}",
            meter.largest,
            meter.total
        );
    }
    // The streamed JSON is complete and reads back: every pair on every leaf.
    let (code, stdout, stderr) = vagval(&[
        "--workspace",
        &workspace,
        "sensitivity",
        "thresholds",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        v["weight_changes"].as_array().unwrap().len(),
        10 * 60 * 59 / 2
    );
    assert_eq!(
        v["performance_changes"].as_array().unwrap().len(),
        10 * 60 * 59
    );
    // Swedish CSV still starts with the byte-order mark Excel needs.
    let (_, stdout, _) = vagval(&[
        "--workspace",
        &workspace,
        "--lang",
        "sv",
        "sensitivity",
        "thresholds",
        "--format",
        "csv",
    ]);
    assert!(stdout.starts_with('\u{feff}'));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Found by the issue 9 review: with no feasible weight change (here a
/// single alternative) the table of the smallest changes was printed as a
/// header with no rows and no bottom border. It says so in a sentence, in
/// English and Swedish, in the table and Markdown formats.
#[test]
fn no_feasible_weight_change_is_said_not_drawn_as_an_empty_table() {
    let dir = std::env::temp_dir().join(format!("vagval-empty-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("criteria")).unwrap();
    std::fs::write(
        dir.join("vagval.toml"),
        "format_version = 1\ngoal = \"g\"\n[[alternatives]]\nid = \"x\"\nname = \"X\"\n[weights]\ndirect = { a = 1, b = 2 }\n",
    )
    .unwrap();
    for c in ["a", "b"] {
        std::fs::write(
            dir.join(format!("criteria/{c}.toml")),
            format!("id = \"{c}\"\nname = \"{c}\"\n[pairwise]\njudgments = []\n"),
        )
        .unwrap();
    }
    let ws = dir.to_str().unwrap().to_string();
    for (lang, says) in [
        ("en", "No change of one weight reverses any pair."),
        (
            "sv",
            "Ingen ändring av en enskild vikt vänder på något par.",
        ),
    ] {
        for format in ["table", "markdown"] {
            let (code, stdout, stderr) = vagval(&[
                "--workspace",
                &ws,
                "--lang",
                lang,
                "sensitivity",
                "thresholds",
                "--format",
                format,
            ]);
            assert_eq!(code, 0, "{stderr}");
            assert!(stdout.contains(says), "{lang} {format}:\n{stdout}");
            assert!(
                !stdout.contains("δ'"),
                "{lang} {format}: an empty table\n{stdout}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
