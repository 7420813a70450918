//! vagval's two languages, its charts and its HTML report through the
//! binary: `--lang sv|en` and the locale's default, Swedish numbers and CSV,
//! `--format svg` for every command that has a chart (and a clear refusal
//! where there is none), and `vagval report` written atomically and
//! deterministically, leaving an old report untouched when a run fails.
//!
//! The shipped Tranås workspace (the repository root: four political
//! groups, a scripted cost criterion) and examples/leader (no groups) are the
//! inputs; workspaces that are changed are copied into a temp folder first.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Run, TempDir, copy_dir, repo_root, run_in, run_in_env};
use std::path::Path;

fn run_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    run_in_env(cwd, args, env)
}

fn run(cwd: &Path, args: &[&str]) -> Run {
    run_in(cwd, args)
}

fn ok(cwd: &Path, args: &[&str]) -> String {
    let r = run(cwd, args);
    assert_eq!(r.code, 0, "vagval {args:?}: {r:?}");
    r.stdout
}

/// A copy of the Tranås workspace (manifest, criteria, scripts).
fn tranas_copy(tag: &str) -> TempDir {
    let dir = TempDir::new(tag);
    std::fs::copy(
        repo_root().join("vagval.toml"),
        dir.path().join("vagval.toml"),
    )
    .unwrap();
    copy_dir(&repo_root().join("criteria"), &dir.path().join("criteria"));
    copy_dir(&repo_root().join("scripts"), &dir.path().join("scripts"));
    dir
}

/// Does `text` hold a number with a decimal point (`0.412`), or with a
/// decimal comma (`0,412`)?
fn has_decimal(text: &str, mark: char) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == mark && w[2].is_ascii_digit())
}

/// Each command, with a word its Swedish and its English table must show.
const COMMANDS: &[(&[&str], &str, &str)] = &[
    (&["check"], "matriser", "matrices"),
    (&["evaluate"], "Rangordning", "Ranking"),
    (
        &["evaluate", "--group", "local-control"],
        "Perspektiv",
        "View",
    ),
    (&["evaluate", "--all-groups"], "mandat", "seats"),
    (&["weights"], "Globala vikter", "Global weights"),
    (&["groups"], "Samsyn", "Consensus"),
    (
        &["sensitivity", "one-way", "--criterion", "democracy"],
        "procentenheter",
        "percentage points",
    ),
    (
        &["sensitivity", "thresholds"],
        "procentenheter",
        "percentage points",
    ),
    (
        &["sensitivity", "monte-carlo", "--samples", "3000"],
        "Rangacceptans",
        "Rank acceptability",
    ),
    (
        &["evaluate", "--set-weight", "democracy=0.3"],
        "Ingen fil",
        "No file",
    ),
];

/// English words that must not appear in a Swedish table.
const ENGLISH: &[&str] = &[
    "Ranking",
    "Criteria",
    "Warnings",
    "Goal:",
    "must gain",
    "must lose",
    "overtakes",
    " seats",
    "Workspace",
    "Consensus",
    "Weights",
    "weight ",
    "score",
];

#[test]
fn every_command_speaks_swedish_and_english() {
    let root = repo_root();
    for (args, swedish, english) in COMMANDS {
        for format in ["table", "markdown"] {
            let mut sv_args = args.to_vec();
            sv_args.extend(["--format", format, "--lang", "sv"]);
            let sv = ok(&root, &sv_args);
            assert!(sv.contains(swedish), "{sv_args:?} lacks `{swedish}`:\n{sv}");
            for word in ENGLISH {
                assert!(!sv.contains(word), "{sv_args:?} says `{word}`:\n{sv}");
            }
            assert!(has_decimal(&sv, ','), "{sv_args:?}: no decimal comma\n{sv}");
            assert!(!has_decimal(&sv, '.'), "{sv_args:?}: a decimal point\n{sv}");
            let mut en_args = args.to_vec();
            en_args.extend(["--format", format, "--lang", "en"]);
            let en = ok(&root, &en_args);
            assert!(en.contains(english), "{en_args:?} lacks `{english}`:\n{en}");
            assert!(has_decimal(&en, '.'), "{en_args:?}: no decimal point\n{en}");
        }
    }
}

/// RFC 4180 fields of one line (quotes doubled inside quoted fields).
fn csv_fields(line: &str, separator: char) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == separator && !quoted => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[test]
fn swedish_csv_has_semicolons_and_decimal_commas_and_the_same_numbers() {
    let root = repo_root();
    let commands: &[&[&str]] = &[
        &["evaluate"],
        &["weights"],
        &["groups"],
        &["check"],
        &["evaluate", "--all-groups"],
        &["sensitivity", "one-way", "--criterion", "cost"],
        &["sensitivity", "monte-carlo", "--samples", "2000"],
    ];
    for args in commands {
        let mut sv_args = args.to_vec();
        sv_args.extend(["--format", "csv", "--lang", "sv"]);
        let mut en_args = args.to_vec();
        en_args.extend(["--format", "csv", "--lang", "en"]);
        let sv = ok(&root, &sv_args);
        let en = ok(&root, &en_args);
        // Excel needs the byte-order mark to read UTF-8; English CSV is for
        // programs and has none.
        let sv = sv
            .strip_prefix('\u{feff}')
            .unwrap_or_else(|| panic!("{args:?}: Swedish CSV without a BOM"))
            .to_string();
        assert!(!en.starts_with('\u{feff}'), "{args:?}");
        let sv_lines: Vec<&str> = sv.lines().collect();
        let en_lines: Vec<&str> = en.lines().collect();
        assert_eq!(sv_lines.len(), en_lines.len(), "{args:?}");
        assert!(sv_lines[0].contains(';'), "{args:?}: {}", sv_lines[0]);
        for (sv_line, en_line) in sv_lines.iter().zip(&en_lines).skip(1) {
            let sv_fields = csv_fields(sv_line, ';');
            let en_fields = csv_fields(en_line, ',');
            assert_eq!(
                sv_fields.len(),
                en_fields.len(),
                "{args:?}\n{sv_line}\n{en_line}"
            );
            for (s, e) in sv_fields.iter().zip(&en_fields) {
                match e.parse::<f64>() {
                    // The same number, read back exactly.
                    Ok(number) if e.contains('.') => {
                        assert!(!s.contains('.'), "{args:?}: {s}");
                        assert_eq!(s.replace(',', ".").parse::<f64>().ok(), Some(number));
                    }
                    _ => {}
                }
            }
        }
    }
}

#[test]
fn the_locale_chooses_the_default_language() {
    let root = repo_root();
    let evaluate = |env: &[(&str, &str)], extra: &[&str]| {
        let mut args = vec!["evaluate"];
        args.extend(extra);
        let r = run_env(&root, &args, env);
        assert_eq!(r.code, 0, "{r:?}");
        r.stdout
    };
    assert!(evaluate(&[], &[]).contains("Ranking"));
    assert!(evaluate(&[("LANG", "sv_SE.UTF-8")], &[]).contains("Rangordning"));
    assert!(evaluate(&[("LC_MESSAGES", "sv_SE.UTF-8")], &[]).contains("Rangordning"));
    // LC_ALL rules over LANG; a language vagval does not speak is English.
    assert!(
        evaluate(&[("LC_ALL", "en_GB.UTF-8"), ("LANG", "sv_SE.UTF-8")], &[]).contains("Ranking")
    );
    assert!(evaluate(&[("LANG", "de_DE.UTF-8")], &[]).contains("Ranking"));
    // --lang rules over the locale.
    assert!(evaluate(&[("LANG", "sv_SE.UTF-8")], &["--lang", "en"]).contains("Ranking"));
    assert!(evaluate(&[("LANG", "C")], &["--lang", "sv"]).contains("Rangordning"));
}

#[test]
fn an_unknown_language_is_a_usage_error() {
    let r = run(&repo_root(), &["evaluate", "--lang", "fi"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("`sv` or `en`"), "{r:?}");
}

/// Checks an SVG document's shape: one root element, balanced tags, no
/// non-numbers, the given texts present.
fn assert_svg(svg: &str, texts: &[&str], context: &str) {
    assert!(svg.starts_with("<svg"), "{context}: {svg}");
    assert!(svg.trim_end().ends_with("</svg>"), "{context}");
    assert_eq!(svg.matches("<svg").count(), 1, "{context}");
    for bad in ["NaN", "inf\"", "<script"] {
        assert!(!svg.contains(bad), "{context}: `{bad}` in the SVG");
    }
    // Balanced tags: every opened element closed, in order.
    let mut stack: Vec<String> = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').unwrap() + start;
        let tag = &rest[start + 1..end];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name.trim()), "{context}");
        } else if !tag.ends_with('/') && !tag.starts_with('!') && !tag.starts_with('?') {
            let name = tag.split_whitespace().next().unwrap_or("").to_string();
            stack.push(name);
        }
        rest = &rest[end + 1..];
    }
    assert!(stack.is_empty(), "{context}: unclosed {stack:?}");
    for text in texts {
        assert!(svg.contains(text), "{context}: lacks `{text}`");
    }
}

#[test]
fn every_chart_is_written_alone_as_svg() {
    let root = repo_root();
    let matrix = TempDir::new("matrix");
    let matrix_file = matrix.path().join("m.json");
    std::fs::write(
        &matrix_file,
        r#"{"items": ["Åby", "Älmhult", "Örebro"], "matrix": [[1, 3, 5], [0.3333333333333333, 1, 2], [0.2, 0.5, 1]]}"#,
    )
    .unwrap();
    let matrix_path = matrix_file.to_string_lossy().to_string();
    let charts: &[(&[&str], &[&str], &[&str])] = &[
        (&["check"], &["CR", "gräns"], &["CR", "threshold"]),
        (
            &["evaluate"],
            &["Poäng", "Bygga egen förmåga"],
            &["Score", "Bygga egen förmåga"],
        ),
        (
            &["evaluate", "--all-groups"],
            &["Lokal kontroll först", "Sammanvägt (AIJ)"],
            &["Lokal kontroll först", "Aggregate (AIJ)"],
        ),
        (
            &["evaluate", "--group", "security-first"],
            &["Säkerhet först"],
            &["Säkerhet först"],
        ),
        (
            &["weights"],
            &["Vikt", "Demokrati"],
            &["Weight", "Demokrati"],
        ),
        (&["groups"], &["Sammanvägt (AIJ)"], &["Aggregate (AIJ)"]),
        (
            &["sensitivity", "one-way", "--criterion", "democracy"],
            &["nuvarande vikt", "Lokal vikt för"],
            &["current weight", "Local weight of"],
        ),
        (
            &[
                "sensitivity",
                "monte-carlo",
                "--samples",
                "2000",
                "--aggregate",
            ],
            &["Rang"],
            &["Rank"],
        ),
        (
            &["matrix", &matrix_path],
            &["Åby", "Örebro"],
            &["Åby", "Priority"],
        ),
    ];
    for (args, swedish, english) in charts {
        for (lang, texts) in [("sv", swedish), ("en", english)] {
            let mut full = args.to_vec();
            full.extend(["--format", "svg", "--lang", lang]);
            let svg = ok(&root, &full);
            assert_svg(&svg, texts, &format!("{full:?}"));
            let decimal = if lang == "sv" { ',' } else { '.' };
            assert!(
                has_decimal(&svg, decimal),
                "{full:?}: numbers not in {lang}"
            );
        }
    }
}

#[test]
fn commands_without_a_chart_refuse_svg_clearly() {
    let root = repo_root();
    let out = TempDir::new("svg-report");
    let target = out.path().join("r.html");
    let target = target.to_string_lossy().to_string();
    for args in [
        vec!["sensitivity", "thresholds"],
        vec!["evaluate", "--set-weight", "democracy=0.3"],
        vec!["report", "--out", &target],
    ] {
        let mut full = args.clone();
        full.extend(["--format", "svg"]);
        let r = run(&root, &full);
        // `report` refuses any --format as a usage error (it is always HTML).
        let (code, says) = if args[0] == "report" {
            (2, "--format has no meaning for `vagval report`")
        } else {
            (1, "--format svg")
        };
        assert_eq!(r.code, code, "{full:?}: {r:?}");
        assert!(r.stderr.contains(says), "{r:?}");
        assert!(r.stdout.is_empty(), "{r:?}");
    }
    assert!(!Path::new(&target).exists());
}

#[test]
fn the_report_is_deterministic_and_names_its_file() {
    let root = repo_root();
    let out = TempDir::new("report");
    let target = out.path().join("rapport för Tranås.html");
    let target_text = target.to_string_lossy().to_string();
    let args = [
        "report",
        "--out",
        &target_text,
        "--lang",
        "sv",
        "--samples",
        "3000",
        "--seed",
        "11",
    ];
    let first = ok(&root, &args);
    assert_eq!(first.trim_end(), format!("skrev {target_text}"));
    let bytes = std::fs::read(&target).unwrap();
    // Another run, on 1 thread: byte for byte the same page.
    let mut one_thread = args.to_vec();
    one_thread.extend(["--threads", "1"]);
    ok(&root, &one_thread);
    assert_eq!(std::fs::read(&target).unwrap(), bytes);
    let html = String::from_utf8(bytes).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"));
    for text in [
        "Vägval för Tranås",
        "Fortsätta som idag i egen regi",
        "Ingå i Höglandsförbundet och HIT",
        "Sammanvägning och samsyn",
        "Rangacceptans",
        "--samples 3000 --seed 11",
        "procentenheter",
        // A rating with its level's name, reason and source quote.
        "Fortsätta som idag i egen regi: Mycket god",
        "En utmaning är att supportorganisationen hamnar i Eksjö.",
        // A judgment's quote, verbatim.
        "Dessa risker ses därför som hanterbara.",
        // Money the Swedish way: the ten-year cost of staying alone, a range.
        "26\u{a0}385–47\u{a0}151\u{a0}tkr",
    ] {
        assert!(html.contains(text), "the report lacks `{text}`");
    }
    // Self-contained: no scripts, no external references.
    let without_xmlns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for bad in [
        "<script",
        "http://",
        "https://",
        "src=",
        "@import",
        "href=\"http",
    ] {
        assert!(!without_xmlns.contains(bad), "the report holds `{bad}`");
    }
    // url(…) only for the charts' own patterns, inside the page.
    for (k, _) in html.match_indices("url(") {
        assert!(html[k + 4..].starts_with('#'), "{}", &html[k..k + 40]);
    }
    // Only the report is in the folder: no temporary file left behind.
    let names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(names, vec!["rapport för Tranås.html".to_string()]);
    // English: the words change, the page's language with them.
    ok(
        &root,
        &[
            "report",
            "--out",
            &target_text,
            "--lang",
            "en",
            "--samples",
            "3000",
        ],
    );
    let english = std::fs::read_to_string(&target).unwrap();
    assert!(english.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(english.contains("The aggregate and the consensus"));
    assert!(!english.contains("Sammanvägning och samsyn"));
}

#[test]
fn a_failed_report_leaves_the_old_one_as_it_was() {
    let ws = tranas_copy("failing-report");
    let out = TempDir::new("failing-report-out");
    let target = out.path().join("report.html");
    let target_text = target.to_string_lossy().to_string();
    ok(
        ws.path(),
        &["report", "--out", &target_text, "--samples", "2000"],
    );
    let before = std::fs::read(&target).unwrap();
    // A broken criterion stops the report (a broken group script does not:
    // the report then names it at its top).
    let criterion = ws.path().join("criteria/democracy.toml");
    let criterion_before = std::fs::read(&criterion).unwrap();
    std::fs::write(&criterion, "[[[ this is not TOML").unwrap();
    let r = run(
        ws.path(),
        &["report", "--out", &target_text, "--samples", "2000"],
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("democracy.toml"), "{r:?}");
    assert_eq!(std::fs::read(&target).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(out.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "a temporary file was left behind");
    std::fs::write(&criterion, criterion_before).unwrap();
}

#[test]
fn the_report_refuses_a_target_it_cannot_write() {
    let root = repo_root();
    let out = TempDir::new("bad-targets");
    let missing = out.path().join("no/such/folder/r.html");
    let missing = missing.to_string_lossy().to_string();
    let r = run(&root, &["report", "--out", &missing, "--samples", "100"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("does not exist"), "{r:?}");
    let folder = out.path().to_string_lossy().to_string();
    let r = run(&root, &["report", "--out", &folder, "--samples", "100"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("is a folder"), "{r:?}");
}

#[test]
fn a_workspace_without_groups_gets_a_report_of_its_own_ranking() {
    let leader = repo_root().join("examples/leader");
    let out = TempDir::new("leader-report");
    let target = out.path().join("leader.html");
    let target_text = target.to_string_lossy().to_string();
    ok(
        &leader,
        &[
            "report",
            "--out",
            &target_text,
            "--samples",
            "2000",
            "--lang",
            "en",
        ],
    );
    let html = std::fs::read_to_string(&target).unwrap();
    assert!(html.contains("id=\"ranking\""), "no ranking section");
    assert!(!html.contains("id=\"aggregate\""));
    assert!(html.contains("0 political groups"));
    assert!(html.contains("vagval sensitivity monte-carlo --method"));
    assert!(html.contains("--samples 2000"));
}

#[test]
fn errors_follow_the_language_and_point_at_the_same_place() {
    let ws = tranas_copy("swedish-errors");
    let criterion = ws.path().join("criteria/democracy.toml");
    let text = std::fs::read_to_string(&criterion).unwrap();
    std::fs::write(&criterion, text.replacen("value = 3", "value = 0", 1)).unwrap();
    let english = run(ws.path(), &["evaluate", "--lang", "en"]);
    let swedish = run(ws.path(), &["evaluate", "--lang", "sv"]);
    assert_eq!(english.code, 1, "{english:?}");
    assert_eq!(swedish.code, 1, "{swedish:?}");
    assert!(english.stderr.starts_with("error: "), "{english:?}");
    assert!(swedish.stderr.starts_with("fel: "), "{swedish:?}");
    assert_ne!(english.stderr, swedish.stderr);
    // The same file, line and column, and the same caret under the line.
    let pointer = |stderr: &str| {
        stderr
            .lines()
            .filter(|l| l.trim_start().starts_with("-->") || l.contains('^'))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert!(!pointer(&english.stderr).is_empty(), "{english:?}");
    assert_eq!(pointer(&english.stderr), pointer(&swedish.stderr));
    // The locale chooses for errors too.
    let r = run_env(
        ws.path(),
        &["--workspace", "no-such-folder", "evaluate"],
        &[("LANG", "sv_SE.UTF-8")],
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("innehåller ingen vagval.toml"), "{r:?}");
    let r = run(ws.path(), &["--workspace", "no-such-folder", "evaluate"]);
    assert!(r.stderr.contains("holds no vagval.toml"), "{r:?}");
}

#[test]
fn the_report_goes_to_stdout_with_out_dash() {
    let leader = repo_root().join("examples/leader");
    let out = TempDir::new("report-stdout");
    let target = out.path().join("leader.html");
    let target_text = target.to_string_lossy().to_string();
    let args = ["report", "--samples", "1500", "--seed", "3", "--lang", "sv"];
    let mut to_file = vec!["report", "--out", &target_text];
    to_file.extend(&args[1..]);
    ok(&leader, &to_file);
    let mut to_stdout = vec!["report", "--out", "-"];
    to_stdout.extend(&args[1..]);
    let page = ok(&leader, &to_stdout);
    assert_eq!(page, std::fs::read_to_string(&target).unwrap());
    assert!(!leader.join("-").exists(), "a file named `-` was written");
}

#[test]
fn a_workspace_of_one_criterion_gets_a_report_without_sweeps() {
    let ws = TempDir::new("one-criterion");
    std::fs::create_dir_all(ws.path().join("criteria")).unwrap();
    std::fs::write(
        ws.path().join("vagval.toml"),
        "format_version = 1\ngoal = \"Ett enda kriterium\"\n\n[[alternatives]]\nid = \"a\"\nname = \"Alfa\"\n\n[[alternatives]]\nid = \"b\"\nname = \"Beta\"\n\n[weights]\ndirect = { only = 1.0 }\n",
    )
    .unwrap();
    std::fs::write(
        ws.path().join("criteria/only.toml"),
        "id = \"only\"\nname = \"Enda\"\n\n[pairwise]\njudgments = [[\"a\", \"b\", 3]]\n",
    )
    .unwrap();
    let page = ok(
        ws.path(),
        &["report", "--out", "-", "--samples", "500", "--lang", "sv"],
    );
    assert!(page.contains("Det finns bara ett huvudkriterium"), "{page}");
    let thresholds = ok(ws.path(), &["sensitivity", "thresholds", "--lang", "en"]);
    assert!(!thresholds.contains(". ."), "{thresholds}");
}

/// The header cells of a CSV output: its first line and each line after a
/// blank one (further tables), byte-order mark left out.
fn csv_headers(csv: &str, separator: char) -> Vec<String> {
    let csv = csv.trim_start_matches('\u{feff}');
    let lines: Vec<&str> = csv.lines().collect();
    let mut headers = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        if !line.is_empty() && (k == 0 || lines[k - 1].is_empty()) {
            headers.extend(line.split(separator).map(str::to_string));
        }
    }
    headers
}

/// `--lang sv --format csv` heads every table in Swedish on every command:
/// a header that reads the same in English must be a symbol (`cr`,
/// `lambda_max`, …) or an id from the model (a group, an alternative, a
/// criterion), never an English word (`gci_threshold`, `default`).
#[test]
fn swedish_csv_headers_are_swedish_on_every_command() {
    let root = repo_root();
    let ws = root.to_string_lossy().into_owned();
    let json = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["--workspace", ws.as_str(), "--format", "json"];
        all.extend_from_slice(args);
        serde_json::from_str(&ok(&root, &all)).unwrap()
    };
    let mut ids: Vec<String> = [
        "id",
        "n",
        "lambda_max",
        "ci",
        "ri",
        "cr",
        "gci",
        "koczkodaj",
    ]
    .map(String::from)
    .to_vec();
    let groups = json(&["groups"]);
    let id_list = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x["id"].as_str().map(String::from))
            .collect()
    };
    ids.extend(id_list(&groups["groups"]));
    ids.extend(id_list(&groups["aggregate"]["alternatives"]));
    ids.extend(id_list(&json(&["weights"])["criteria"]));
    let commands: &[&[&str]] = &[
        &["check"],
        &["evaluate"],
        &["evaluate", "--all-groups"],
        &["evaluate", "--aggregate", "--max-cr", "0.01"],
        &["evaluate", "--set-weight", "democracy=0.30"],
        &["weights"],
        &["groups"],
        &["groups", "--max-cr", "0.01"],
        &["sensitivity", "one-way", "--criterion", "democracy"],
        &["sensitivity", "thresholds"],
        &[
            "sensitivity",
            "monte-carlo",
            "--samples",
            "200",
            "--seed",
            "1",
        ],
    ];
    for command in commands {
        let headers = |lang: &str, separator: char| {
            let mut all = vec![
                "--workspace",
                ws.as_str(),
                "--format",
                "csv",
                "--lang",
                lang,
            ];
            all.extend_from_slice(command);
            csv_headers(&ok(&root, &all), separator)
        };
        let (english, swedish) = (headers("en", ','), headers("sv", ';'));
        assert_eq!(
            english.len(),
            swedish.len(),
            "{command:?}: {english:?} / {swedish:?}"
        );
        for (en, sv) in english.iter().zip(&swedish) {
            assert!(
                en != sv || ids.contains(sv),
                "{command:?}: `{sv}` is English in Swedish CSV ({swedish:?})"
            );
        }
    }
}
