//! End-to-end tests of the `vagval` binary: every command and format on a
//! small workspace written into a temporary folder, the exit codes, every
//! kind of invalid input (exit 1, file:line:col, no panic, files untouched)
//! and hostile inputs (no panic, no hang).
//!

// Test helpers: failing loudly is right.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;

mod common;

use common::{Run, TempDir, command, run_in, run_stdin};

fn ok(cwd: &Path, args: &[&str]) -> Run {
    let r = run_in(cwd, args);
    assert_eq!(r.code, 0, "vagval {args:?}:\n{r:?}");
    r
}

fn ok_json(cwd: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    ok(cwd, &all).json()
}

/// Every file under `dir`, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// 1-based line and column (in characters) of the only occurrence of
/// `needle` in `text`.
fn loc(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("test setup: `{needle}` not in\n{text}"));
    assert!(
        text[at + 1..].find(needle).is_none(),
        "test setup: `{needle}` occurs more than once in\n{text}"
    );
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..at].chars().count() + 1)
}

/// What an invalid-input run must print.
struct Expect<'a> {
    /// The file the error must name (a path suffix such as `criteria/x.toml`).
    file: &'a str,
    /// Its line and column, where the error has one.
    at: Option<(usize, usize)>,
    /// Text the message must contain.
    says: &'a [&'a str],
}

/// Runs `args` in `cwd` and checks: exit 1, nothing on stdout, an `error:`
/// on stderr naming the file (and line:col), no panic, and no file under
/// `watch` changed.
fn invalid_in(cwd: &Path, watch: &Path, args: &[&str], stdin: &[u8], expect: Expect) -> Run {
    let before = snapshot(watch);
    let r = run_stdin(cwd, args, stdin);
    let after = snapshot(watch);
    assert_eq!(r.code, 1, "vagval {args:?} should fail with exit 1:\n{r:?}");
    assert!(r.stdout.is_empty(), "nothing on stdout on error:\n{r:?}");
    assert!(r.stderr.starts_with("error: "), "{r:?}");
    assert!(
        r.stderr.contains(expect.file),
        "the error should name {}:\n{r:?}",
        expect.file
    );
    if let Some((line, col)) = expect.at {
        let place = format!("{}:{line}:{col}", expect.file);
        assert!(
            r.stderr.contains(&place),
            "the error should point at {place}:\n{r:?}"
        );
    }
    for s in expect.says {
        assert!(r.stderr.contains(s), "the error should say `{s}`:\n{r:?}");
    }
    assert!(
        before == after,
        "vagval {args:?} changed the files in {}",
        watch.display()
    );
    r
}

// ---------------------------------------------------------------------------
// The small valid workspace
// ---------------------------------------------------------------------------

const MANIFEST: &str = r#"format_version = 1
goal = "Välj väg för Åsa"

[[alternatives]]
id = "alfa"
name = "Ärlig Åker"

[[alternatives]]
id = "beta"
name = "Öppen Bäck"

[[alternatives]]
id = "gamma"
name = "Gård"

[weights]
view = "Vår syn"
judgments = [["kvalitet", "kostnad", 2]]

[rating_scales.effekt]
name = "Effekt"
levels = [
  { id = "hög", name = "Hög", value = 1.0 },
  { id = "medel", name = "Medel", value = 0.5 },
  { id = "låg", name = "Låg", value = 0.2 },
]
"#;

/// The parent criterion, weighting its two sub-criteria.
const KVALITET: &str = r#"id = "kvalitet"
name = "Kvalitet och säkerhet"

[weights]
judgments = [["säkerhet", "användbarhet", 3]]
"#;

/// A leaf assessed by pairwise comparisons (slightly inconsistent).
const SAKERHET: &str = r#"id = "säkerhet"
name = "Säkerhet"
parent = "kvalitet"

[pairwise]
judgments = [
  ["alfa", "beta", 3],
  ["alfa", "gamma", 5, "tydligt bättre"],
  { first = "beta", second = "gamma", value = "svagt", rationale = "lite", quote = "något bättre" },
]
"#;

/// A leaf assessed by ratings on the scale in vagval.toml.
const ANVANDBARHET: &str = r#"id = "användbarhet"
name = "Användbarhet"
parent = "kvalitet"

[ratings]
scale = "effekt"
[ratings.alternatives]
alfa = "låg"
beta = { level = "hög", rationale = "bäst" }
gamma = "medel"
"#;

/// A leaf assessed by data with a range.
const KOSTNAD: &str = r#"id = "kostnad"
name = "Kostnad"

[data]
unit = "tkr"
function = "linear"
direction = "lower-is-better"
[data.alternatives]
alfa = 3000
beta = "2 035"
gamma = "1000–4000"
"#;

const M_VAGVAL: &str = "vagval.toml";
const M_KVALITET: &str = "criteria/kvalitet.toml";
const M_SAKERHET: &str = "criteria/sakerhet.toml";
const M_ANVANDBARHET: &str = "criteria/anvandbarhet.toml";
const M_KOSTNAD: &str = "criteria/kostnad.toml";

fn base_files() -> Vec<(&'static str, String)> {
    vec![
        (M_VAGVAL, MANIFEST.to_string()),
        (M_KVALITET, KVALITET.to_string()),
        (M_SAKERHET, SAKERHET.to_string()),
        (M_ANVANDBARHET, ANVANDBARHET.to_string()),
        (M_KOSTNAD, KOSTNAD.to_string()),
    ]
}

/// The base workspace with some files replaced (`Some`) or removed (`None`).
fn workspace_with(tag: &str, edits: &[(&str, Option<&str>)]) -> TempDir {
    let dir = TempDir::new(tag);
    let mut files: BTreeMap<&str, String> = base_files().into_iter().collect();
    for (path, content) in edits {
        match content {
            Some(c) => {
                files.insert(path, c.to_string());
            }
            None => {
                files.remove(path);
            }
        }
    }
    for (path, content) in files {
        dir.write(path, content);
    }
    dir
}

fn workspace(tag: &str) -> TempDir {
    workspace_with(tag, &[])
}

/// A workspace where one file is edited: `edit` gets the base text.
fn edited(tag: &str, file: &'static str, edit: impl Fn(&str) -> String) -> (TempDir, String) {
    let base = base_files()
        .into_iter()
        .find(|(p, _)| *p == file)
        .map(|(_, c)| c)
        .unwrap();
    let text = edit(&base);
    assert_ne!(text, base, "test setup: the edit changed nothing");
    (workspace_with(tag, &[(file, Some(&text))]), text)
}

/// `vagval check` on the workspace must fail in `file` at `needle`.
fn check_fails(ws: &TempDir, file: &str, text: &str, needle: Option<&str>, says: &[&str]) -> Run {
    let r = invalid_in(
        ws.path(),
        ws.path(),
        &["check"],
        b"",
        Expect {
            file,
            at: needle.map(|n| loc(text, n)),
            says,
        },
    );
    // The other workspace commands refuse the same input the same way.
    for cmd in ["evaluate", "weights"] {
        let other = run_in(ws.path(), &[cmd]);
        assert_eq!(other.code, 1, "{cmd}:\n{other:?}");
        assert_eq!(
            other.stderr, r.stderr,
            "{cmd} reports differently from check"
        );
    }
    r
}

fn alternatives(v: &Value) -> BTreeMap<String, (f64, u64)> {
    v["alternatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_string(),
                (a["score"].as_f64().unwrap(), a["rank"].as_u64().unwrap()),
            )
        })
        .collect()
}

fn criterion<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no criterion {id} in {v}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

// ---------------------------------------------------------------------------
// 1. Every command, every format
// ---------------------------------------------------------------------------

const FORMATS: [&str; 4] = ["table", "json", "csv", "markdown"];

/// The 4×4 matrix with two gaps, as a plain table with Swedish names.
const MATRIX_TABLE: &str = "\
        Åby  Ödeshög  Gränna  Hjo
Åby     1    3        -       5
Ödeshög 1/3  1        2       -
Gränna  -    1/2      1       1/4
Hjo     1/5  -        4       1
";

/// A complete, inconsistent 4×4 matrix as JSON.
/// (For n = 3 the eigenvector and the geometric mean always agree: n = 4.)
const MATRIX_JSON: &str = r#"{"items": ["Åby", "Ödeshög", "Gränna", "Växjö"],
 "matrix": [[1, 3, "1/2", 5], [0.3333333333333333, 1, 4, 2], [2, 0.25, 1, "1/3"], [0.2, 0.5, 3, 1]]}"#;

fn check_csv(text: &str, header_starts: &str, rows: usize) {
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    assert!(lines[0].starts_with(header_starts), "CSV header:\n{text}");
    assert_eq!(lines.len(), rows + 1, "CSV rows:\n{text}");
    let columns = lines[0].split(',').count();
    assert!(columns >= 2, "{text}");
}

fn check_markdown(text: &str) {
    assert!(
        text.lines()
            .any(|l| l.starts_with('|') && l.contains("---")),
        "markdown table separator:\n{text}"
    );
    assert!(
        text.lines().filter(|l| l.starts_with('|')).count() >= 3,
        "markdown tables:\n{text}"
    );
}

#[test]
fn evaluate_in_every_format() {
    let ws = workspace("evaluate");
    for format in FORMATS {
        let r = ok(ws.path(), &["evaluate", "--format", format]);
        assert!(r.stderr.is_empty(), "{r:?}");
        for name in ["Ärlig Åker", "Öppen Bäck", "Gård"] {
            assert!(r.stdout.contains(name), "{format}: {name} lost:\n{r:?}");
        }
        match format {
            "json" => {
                let v = r.json();
                let alts = v["alternatives"].as_array().unwrap();
                assert_eq!(alts.len(), 3);
                let mut total = 0.0;
                let mut ranks = Vec::new();
                for a in alts {
                    for key in ["id", "name", "score", "rank"] {
                        assert!(a.get(key).is_some(), "alternative without {key}: {a}");
                    }
                    total += a["score"].as_f64().unwrap();
                    ranks.push(a["rank"].as_u64().unwrap());
                }
                ranks.sort();
                assert_eq!(ranks, [1, 2, 3]);
                assert!(close(total, 1.0), "distributive scores sum to 1: {total}");
                let crit = v["criteria"].as_array().unwrap();
                assert_eq!(crit.len(), 4);
                for c in crit {
                    for key in [
                        "id",
                        "name",
                        "parent",
                        "local_weight",
                        "global_weight",
                        "cr",
                    ] {
                        assert!(c.get(key).is_some(), "criterion without {key}: {c}");
                    }
                }
                assert_eq!(criterion(&v, "säkerhet")["parent"], "kvalitet");
                assert_eq!(criterion(&v, "kvalitet")["parent"], Value::Null);
                assert_eq!(criterion(&v, "kvalitet")["name"], "Kvalitet och säkerhet");
                // 2:1 at the top, 3:1 below.
                assert!(close(
                    criterion(&v, "kvalitet")["global_weight"].as_f64().unwrap(),
                    2.0 / 3.0
                ));
                assert!(close(
                    criterion(&v, "säkerhet")["local_weight"].as_f64().unwrap(),
                    0.75
                ));
                assert!(close(
                    criterion(&v, "säkerhet")["global_weight"].as_f64().unwrap(),
                    0.5
                ));
                assert!(criterion(&v, "säkerhet")["cr"].as_f64().unwrap() > 0.0);
                let s = &v["settings"];
                assert_eq!(s["method"], "eigenvector");
                assert_eq!(s["ri_table"], "saaty1980");
                assert_eq!(s["mode"], "distributive");
                assert_eq!(s["completion"], "harker");
                assert_eq!(s["range_point"], "middle");
                assert_eq!(v["goal"], "Välj väg för Åsa");
            }
            "csv" => check_csv(&r.stdout, "rank,id,name,score", 3),
            "markdown" => check_markdown(&r.stdout),
            _ => assert!(r.stdout.contains("Välj väg för Åsa"), "{r:?}"),
        }
    }
}

#[test]
fn weights_in_every_format() {
    let ws = workspace("weights");
    for format in FORMATS {
        let r = ok(ws.path(), &["weights", "--format", format]);
        for name in ["Kvalitet och säkerhet", "Användbarhet", "Säkerhet"] {
            assert!(r.stdout.contains(name), "{format}: {name} lost:\n{r:?}");
        }
        match format {
            "json" => {
                let v = r.json();
                let crit = v["criteria"].as_array().unwrap();
                assert_eq!(crit.len(), 4);
                for c in crit {
                    for key in [
                        "id",
                        "name",
                        "parent",
                        "local_weight",
                        "global_weight",
                        "cr",
                    ] {
                        assert!(c.get(key).is_some(), "criterion without {key}: {c}");
                    }
                }
                let top: f64 = crit
                    .iter()
                    .filter(|c| c["parent"].is_null())
                    .map(|c| c["global_weight"].as_f64().unwrap())
                    .sum();
                assert!(close(top, 1.0), "top-level weights sum to 1: {top}");
            }
            "csv" => check_csv(&r.stdout, "id,", 4),
            "markdown" => check_markdown(&r.stdout),
            _ => {}
        }
    }
}

#[test]
fn check_in_every_format() {
    let ws = workspace("check");
    for format in FORMATS {
        let r = ok(ws.path(), &["check", "--format", format]);
        assert!(r.stdout.contains("Säkerhet"), "{format}:\n{r:?}");
        match format {
            "json" => {
                let v = r.json();
                // The goal, the sub-criteria of kvalitet, the pairwise leaf.
                assert_eq!(v["matrices"].as_array().unwrap().len(), 3, "{v}");
                for m in v["matrices"].as_array().unwrap() {
                    for key in [
                        "lambda_max",
                        "cr",
                        "gci",
                        "koczkodaj",
                        "ri_table",
                        "revisit",
                    ] {
                        assert!(m.get(key).is_some(), "matrix without {key}: {m}");
                    }
                }
            }
            "csv" => check_csv(&r.stdout, "site,", 3),
            "markdown" => check_markdown(&r.stdout),
            _ => {}
        }
    }
}

fn check_matrix_json(v: &Value, items: &[&str]) {
    let p = v["priorities"].as_object().unwrap();
    assert_eq!(p.len(), items.len(), "{v}");
    let mut total = 0.0;
    for item in items {
        total += p[*item]
            .as_f64()
            .unwrap_or_else(|| panic!("no priority for {item}: {v}"));
    }
    assert!(close(total, 1.0), "{total}");
    for key in ["lambda_max", "ci", "cr", "gci", "koczkodaj"] {
        assert!(v[key].is_number(), "{key} missing: {v}");
    }
    assert!(v["ri_table"].is_string(), "{v}");
    assert!(v["revisit"].is_array(), "{v}");
    for c in v["completed"].as_array().unwrap() {
        assert!(items.contains(&c["row"].as_str().unwrap()), "{c}");
        assert!(items.contains(&c["col"].as_str().unwrap()), "{c}");
        assert!(c["value"].as_f64().unwrap() > 0.0, "{c}");
    }
}

#[test]
fn matrix_from_a_file_in_every_format() {
    let dir = TempDir::new("matrix-file");
    dir.write("m.txt", MATRIX_TABLE);
    dir.write("m.json", MATRIX_JSON);
    for format in FORMATS {
        let r = ok(dir.path(), &["matrix", "m.txt", "--format", format]);
        for name in ["Åby", "Ödeshög", "Gränna", "Hjo"] {
            assert!(r.stdout.contains(name), "{format}: {name} lost:\n{r:?}");
        }
        match format {
            "json" => {
                let v = r.json();
                check_matrix_json(&v, &["Åby", "Ödeshög", "Gränna", "Hjo"]);
                let completed = v["completed"].as_array().unwrap();
                assert_eq!(completed.len(), 2, "two gaps filled: {v}");
                let pairs: Vec<(String, String)> = completed
                    .iter()
                    .map(|c| {
                        (
                            c["row"].as_str().unwrap().into(),
                            c["col"].as_str().unwrap().into(),
                        )
                    })
                    .collect();
                assert!(
                    pairs.contains(&("Åby".into(), "Gränna".into())),
                    "{pairs:?}"
                );
                assert!(
                    pairs.contains(&("Ödeshög".into(), "Hjo".into())),
                    "{pairs:?}"
                );
                assert_eq!(v["ri_table"], "saaty1980");
            }
            "csv" => check_csv(&r.stdout, "item,", 4),
            "markdown" => check_markdown(&r.stdout),
            _ => {}
        }
        let r = ok(dir.path(), &["matrix", "m.json", "--format", format]);
        assert!(r.stdout.contains("Ödeshög"), "{r:?}");
        if format == "json" {
            let v = r.json();
            check_matrix_json(&v, &["Åby", "Ödeshög", "Gränna", "Växjö"]);
            assert!(v["completed"].as_array().unwrap().is_empty());
            assert!(v["cr"].as_f64().unwrap() > 0.1, "inconsistent: {v}");
            assert!(!v["revisit"].as_array().unwrap().is_empty(), "{v}");
        }
    }
}

#[test]
fn matrix_from_stdin_in_every_format() {
    let dir = TempDir::new("matrix-stdin");
    for format in FORMATS {
        let from_file = {
            dir.write("m.txt", MATRIX_TABLE);
            ok(dir.path(), &["matrix", "m.txt", "--format", format]).stdout
        };
        let r = run_stdin(
            dir.path(),
            &["matrix", "-", "--format", format],
            MATRIX_TABLE.as_bytes(),
        );
        assert_eq!(r.code, 0, "{r:?}");
        assert_eq!(r.stdout, from_file, "stdin and file give the same output");
        let r = run_stdin(
            dir.path(),
            &["matrix", "-", "--format", format],
            MATRIX_JSON.as_bytes(),
        );
        assert_eq!(r.code, 0, "{r:?}");
        assert!(r.stdout.contains("Gränna"), "{r:?}");
        if format == "json" {
            check_matrix_json(&r.json(), &["Åby", "Ödeshög", "Gränna", "Växjö"]);
        }
    }
}

#[test]
fn matrix_flags_change_the_result_and_are_reported() {
    let dir = TempDir::new("matrix-flags");
    dir.write("m.json", MATRIX_JSON);
    dir.write("m.txt", MATRIX_TABLE);
    let base = ok_json(dir.path(), &["matrix", "m.json"]);
    assert_eq!(base["method"], "eigenvector");

    let geo = ok_json(dir.path(), &["matrix", "m.json", "--method", "geometric"]);
    assert_eq!(geo["method"], "geometric");
    let a = base["priorities"]["Åby"].as_f64().unwrap();
    let b = geo["priorities"]["Åby"].as_f64().unwrap();
    assert!((a - b).abs() > 1e-6, "geometric vs eigenvector: {a} {b}");

    let mut ris = BTreeMap::new();
    for ri in ["saaty1980", "saaty2005", "alonso-lamata", "donegan-dodd"] {
        let v = ok_json(dir.path(), &["matrix", "m.json", "--ri", ri]);
        assert_eq!(v["ri_table"], ri, "{v}");
        ris.insert(ri, (v["ri"].as_f64().unwrap(), v["cr"].as_f64().unwrap()));
        // CR = CI / RI under every table.
        let (ci, ri_v, cr) = (
            v["ci"].as_f64().unwrap(),
            v["ri"].as_f64().unwrap(),
            v["cr"].as_f64().unwrap(),
        );
        assert!((cr - ci / ri_v).abs() < 1e-9, "{v}");
    }
    assert!(ris["saaty1980"].0 != ris["donegan-dodd"].0, "{ris:?}");
    assert!(ris["saaty1980"].1 != ris["alonso-lamata"].1, "{ris:?}");

    for completion in ["harker", "optimal"] {
        let v = ok_json(dir.path(), &["matrix", "m.txt", "--completion", completion]);
        assert_eq!(v["completion"], completion, "{v}");
        assert_eq!(v["completed"].as_array().unwrap().len(), 2);
    }
    // The table names the choices too.
    let t = ok(
        dir.path(),
        &[
            "matrix",
            "m.json",
            "--ri",
            "donegan-dodd",
            "--method",
            "geometric",
        ],
    )
    .stdout;
    assert!(t.contains("donegan-dodd") && t.contains("geometric"), "{t}");
}

#[test]
fn evaluate_flags_change_the_result_and_are_recorded() {
    let ws = workspace("eval-flags");
    let base = ok_json(ws.path(), &["evaluate"]);
    let base_scores = alternatives(&base);

    let geo = ok_json(ws.path(), &["evaluate", "--method", "geometric"]);
    assert_eq!(geo["settings"]["method"], "geometric");
    // With three alternatives both methods agree (n = 3); with four they differ.
    let four = four_alternatives("eval-flags-four");
    let eig4 = alternatives(&ok_json(
        four.path(),
        &["evaluate", "--method", "eigenvector"],
    ));
    let geo4 = alternatives(&ok_json(
        four.path(),
        &["evaluate", "--method", "geometric"],
    ));
    assert!(
        eig4.iter()
            .any(|(id, (s, _))| (s - geo4[id].0).abs() > 1e-9),
        "geometric changes the pairwise leaf's priorities: {eig4:?} vs {geo4:?}"
    );

    for ri in ["saaty1980", "saaty2005", "alonso-lamata", "donegan-dodd"] {
        let v = ok_json(ws.path(), &["evaluate", "--ri", ri]);
        assert_eq!(v["settings"]["ri_table"], ri);
    }
    let dd = ok_json(ws.path(), &["evaluate", "--ri", "donegan-dodd"]);
    let cr = |v: &Value| criterion(v, "säkerhet")["cr"].as_f64().unwrap();
    assert!(
        (cr(&dd) - cr(&base)).abs() > 1e-9,
        "the RI table changes CR"
    );

    let ideal = ok_json(ws.path(), &["evaluate", "--mode", "ideal"]);
    assert_eq!(ideal["settings"]["mode"], "ideal");
    let ideal_scores = alternatives(&ideal);
    assert!(
        ideal_scores
            .iter()
            .any(|(id, (s, _))| (s - base_scores[id].0).abs() > 1e-9),
        "ideal mode changes the scores: {ideal_scores:?} vs {base_scores:?}"
    );

    let optimal = ok_json(ws.path(), &["evaluate", "--completion", "optimal"]);
    assert_eq!(optimal["settings"]["completion"], "optimal");

    // gamma costs 1000–4000: best at the low end, worst at the high end.
    let low = ok_json(ws.path(), &["evaluate", "--at", "low"]);
    let high = ok_json(ws.path(), &["evaluate", "--at", "high"]);
    let middle = ok_json(ws.path(), &["evaluate", "--at", "middle"]);
    assert_eq!(low["settings"]["range_point"], "low");
    assert_eq!(high["settings"]["range_point"], "high");
    assert_eq!(middle["settings"]["range_point"], "middle");
    assert_eq!(alternatives(&middle), base_scores, "middle is the default");
    let (l, m, h) = (
        alternatives(&low)["gamma"].0,
        base_scores["gamma"].0,
        alternatives(&high)["gamma"].0,
    );
    assert!(l > m && m > h, "gamma: low {l}, middle {m}, high {h}");
    let evaluated = |v: &Value| {
        criterion(v, "kostnad")["assessment"]["gamma"]["evaluated"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(evaluated(&low), "1000");
    assert_eq!(evaluated(&high), "4000");

    // The table says which choices it made.
    let t = ok(
        ws.path(),
        &[
            "evaluate",
            "--method",
            "geometric",
            "--mode",
            "ideal",
            "--at",
            "high",
        ],
    )
    .stdout;
    for word in ["geometric", "ideal", "high"] {
        assert!(t.contains(word), "{word} not in:\n{t}");
    }
}

/// The base workspace with a fourth alternative, judged inconsistently.
fn four_alternatives(tag: &str) -> TempDir {
    let manifest = MANIFEST.replace(
        "\n[weights]",
        "\n[[alternatives]]\nid = \"delta\"\nname = \"Dalen\"\n\n[weights]",
    );
    let pairwise = SAKERHET.replace(
        "judgments = [\n",
        "judgments = [\n  [\"delta\", \"alfa\", 2],\n  [\"beta\", \"delta\", 4],\n  [\"gamma\", \"delta\", \"1/3\"],\n",
    );
    let ratings = ANVANDBARHET.replace("gamma = \"medel\"", "gamma = \"medel\"\ndelta = \"låg\"");
    let data = KOSTNAD.replace(
        "gamma = \"1000–4000\"",
        "gamma = \"1000–4000\"\ndelta = 5000",
    );
    workspace_with(
        tag,
        &[
            (M_VAGVAL, Some(&manifest)),
            (M_SAKERHET, Some(&pairwise)),
            (M_ANVANDBARHET, Some(&ratings)),
            (M_KOSTNAD, Some(&data)),
        ],
    )
}

#[test]
fn workspace_defaults_apply_and_flags_override_them() {
    let manifest = MANIFEST.replacen(
        "\n[[alternatives]]",
        "\n[defaults]\nmethod = \"geometric\"\nri = \"alonso-lamata\"\nmode = \"ideal\"\nrange_point = \"low\"\n\n[[alternatives]]",
        1,
    );
    let ws = workspace_with("defaults", &[(M_VAGVAL, Some(&manifest))]);
    let v = ok_json(ws.path(), &["evaluate"]);
    assert_eq!(v["settings"]["method"], "geometric");
    assert_eq!(v["settings"]["ri_table"], "alonso-lamata");
    assert_eq!(v["settings"]["mode"], "ideal");
    assert_eq!(v["settings"]["range_point"], "low");
    let v = ok_json(
        ws.path(),
        &[
            "evaluate",
            "--method",
            "eigenvector",
            "--ri",
            "saaty2005",
            "--mode",
            "distributive",
            "--at",
            "high",
        ],
    );
    assert_eq!(v["settings"]["method"], "eigenvector");
    assert_eq!(v["settings"]["ri_table"], "saaty2005");
    assert_eq!(v["settings"]["mode"], "distributive");
    assert_eq!(v["settings"]["range_point"], "high");
}

#[test]
fn unknown_choice_in_defaults_is_refused() {
    let (ws, text) = edited("bad-default", M_VAGVAL, |t| {
        t.replacen(
            "\n[[alternatives]]",
            "\n[defaults]\nmethod = \"power\"\n\n[[alternatives]]",
            1,
        )
    });
    check_fails(&ws, M_VAGVAL, &text, Some("\"power\""), &["power"]);
}

#[test]
fn workspace_flag_and_discovery() {
    let ws = workspace("discovery");
    let expected = ok(ws.path(), &["evaluate", "--format", "json"]).stdout;
    // From a subfolder: walks up to vagval.toml.
    let sub = ws.path().join("criteria");
    assert_eq!(ok(&sub, &["evaluate", "--format", "json"]).stdout, expected);
    let deeper = ws.path().join("scripts").join("deep");
    std::fs::create_dir_all(&deeper).unwrap();
    assert_eq!(
        ok(&deeper, &["evaluate", "--format", "json"]).stdout,
        expected
    );
    // --workspace, absolute, from an unrelated folder.
    let elsewhere = TempDir::new("elsewhere");
    let abs = ws.path().to_str().unwrap();
    assert_eq!(
        ok(
            elsewhere.path(),
            &["--workspace", abs, "evaluate", "--format", "json"]
        )
        .stdout,
        expected
    );
    // --workspace after the subcommand (a global flag), relative to the cwd.
    assert_eq!(
        ok(
            ws.path().parent().unwrap(),
            &[
                "evaluate",
                "--workspace",
                ws.path().file_name().unwrap().to_str().unwrap(),
                "--format",
                "json"
            ]
        )
        .stdout,
        expected
    );
    // --workspace wins over discovery.
    let other = workspace_with(
        "discovery-other",
        &[(
            M_VAGVAL,
            Some(&MANIFEST.replace("Välj väg för Åsa", "Ett annat mål")),
        )],
    );
    let v = ok_json(
        &sub,
        &["--workspace", other.path().to_str().unwrap(), "evaluate"],
    );
    assert_eq!(v["goal"], "Ett annat mål");
}

// ---------------------------------------------------------------------------
// 2. Exit codes, help, version, a closed pipe
// ---------------------------------------------------------------------------

#[test]
fn usage_errors_exit_2() {
    let ws = workspace("usage");
    for args in [
        &["frobnicate"][..],
        &["evaluate", "--frobnicate"],
        &["--frobnicate", "evaluate"],
        &["evaluate", "--format", "xml"],
        &["evaluate", "--method", "power"],
        &["evaluate", "--ri", "saaty"],
        &["evaluate", "--at", "top"],
        &["matrix"],
        &["matrix", "a", "b"],
        &[],
    ] {
        let before = snapshot(ws.path());
        let r = run_in(ws.path(), args);
        assert_eq!(r.code, 2, "vagval {args:?}:\n{r:?}");
        assert!(r.stdout.is_empty(), "{r:?}");
        assert!(!r.stderr.is_empty(), "{r:?}");
        assert!(before == snapshot(ws.path()));
    }
    let r = run_in(ws.path(), &["evaluate", "--format", "xml"]);
    assert!(r.stderr.contains("xml"), "{r:?}");
    assert!(
        r.stderr.contains("json"),
        "the error lists the formats: {r:?}"
    );
}

#[test]
fn help_and_version_exit_0() {
    let dir = TempDir::new("help");
    for args in [&["--help"][..], &["-h"], &["help"]] {
        let r = ok(dir.path(), args);
        assert!(r.stdout.contains("Exit codes"), "{r:?}");
        for line in ["0  success", "1  invalid input", "2  usage"] {
            assert!(r.stdout.contains(line), "help lacks `{line}`:\n{r:?}");
        }
        for cmd in ["check", "evaluate", "weights", "matrix"] {
            assert!(r.stdout.contains(cmd), "{r:?}");
        }
    }
    for cmd in ["check", "evaluate", "weights", "matrix"] {
        let r = ok(dir.path(), &[cmd, "--help"]);
        assert!(r.stdout.contains("--format"), "{r:?}");
    }
    for args in [&["--version"][..], &["-V"]] {
        let r = ok(dir.path(), args);
        assert!(r.stdout.contains(env!("CARGO_PKG_VERSION")), "{r:?}");
        assert!(r.stdout.starts_with("vagval"), "{r:?}");
    }
}

/// A workspace with many alternatives, so that the output is much larger
/// than a pipe's buffer.
fn big_workspace(tag: &str, alternatives: usize) -> TempDir {
    let dir = TempDir::new(tag);
    let mut manifest = String::from("format_version = 1\ngoal = \"Många vägar\"\n");
    let mut data = String::from(
        "id = \"kostnad\"\nname = \"Kostnad\"\n[data]\nfunction = \"linear\"\ndirection = \"lower-is-better\"\n[data.alternatives]\n",
    );
    for i in 0..alternatives {
        manifest.push_str(&format!(
            "\n[[alternatives]]\nid = \"alt-{i}\"\nname = \"Alternativ nummer {i} med ett långt namn\"\n"
        ));
        data.push_str(&format!(
            "alt-{i} = \"{}–{}\"\n",
            1000 + i * 7,
            2000 + i * 13
        ));
    }
    dir.write("vagval.toml", manifest);
    dir.write("criteria/kostnad.toml", data);
    dir
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let ws = big_workspace("pipe", 400);
    let full = ok(ws.path(), &["evaluate", "--format", "json"]);
    assert!(
        full.stdout.len() > 128 * 1024,
        "output too small to fill a pipe: {}",
        full.stdout.len()
    );
    for format in FORMATS {
        let mut child = command(ws.path())
            .args(["evaluate", "--format", format])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the read end at once: the reader went away (`| head -0`).
        drop(child.stdout.take());
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
        assert_eq!(status.code(), Some(0), "{format}: {status:?}\n{stderr}");
        assert!(stderr.is_empty(), "{format}: {stderr}");
    }
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // Like `vagval evaluate | head -c 10`: some output is read, then the pipe closes.
    let ws = big_workspace("pipe-head", 400);
    let mut child = command(ws.path())
        .args(["evaluate"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut first = [0u8; 10];
    out.read_exact(&mut first).unwrap();
    drop(out);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{status:?}\n{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

// ---------------------------------------------------------------------------
// 3. Invalid workspaces: exit 1, file:line:col, no panic, files unchanged
// ---------------------------------------------------------------------------

#[test]
fn unknown_key_in_vagval_toml() {
    let (ws, text) = edited("unknown-key-manifest", M_VAGVAL, |t| {
        t.replace("goal = ", "colour = \"röd\"\ngoal = ")
    });
    let r = check_fails(&ws, M_VAGVAL, &text, Some("colour"), &["colour"]);
    assert!(r.stderr.contains("hint:"), "{r:?}");
}

#[test]
fn unknown_key_in_a_nested_table_of_vagval_toml() {
    let (ws, text) = edited("unknown-key-alt", M_VAGVAL, |t| {
        t.replace(
            "name = \"Gård\"",
            "name = \"Gård\"\ndescripton = \"stavfel\"",
        )
    });
    check_fails(&ws, M_VAGVAL, &text, Some("descripton"), &["descripton"]);
}

#[test]
fn unknown_key_in_a_criterion_file() {
    let (ws, text) = edited("unknown-key-criterion", M_KOSTNAD, |t| {
        t.replace("name = \"Kostnad\"", "name = \"Kostnad\"\nweight = 3")
    });
    check_fails(&ws, M_KOSTNAD, &text, Some("weight"), &["weight"]);
    let (ws, text) = edited("unknown-key-data", M_KOSTNAD, |t| {
        t.replace("direction", "dirction")
    });
    check_fails(&ws, M_KOSTNAD, &text, Some("dirction"), &["dirction"]);
}

#[test]
fn unknown_key_in_a_judgment_table() {
    let (ws, text) = edited("unknown-key-judgment", M_SAKERHET, |t| {
        t.replace("quote = \"något bättre\"", "citat = \"något bättre\"")
    });
    // Judgments are read by a visitor: the error points at the judgment.
    check_fails(
        &ws,
        M_SAKERHET,
        &text,
        Some("{ first = \"beta\""),
        &["citat"],
    );
}

#[test]
fn missing_format_version() {
    let (ws, text) = edited("no-version", M_VAGVAL, |t| {
        t.replace("format_version = 1\n", "")
    });
    check_fails(&ws, M_VAGVAL, &text, None, &["format_version"]);
}

#[test]
fn wrong_format_version() {
    let (ws, text) = edited("version-2", M_VAGVAL, |t| {
        t.replace("format_version = 1", "format_version = 2")
    });
    check_fails(&ws, M_VAGVAL, &text, Some("2\ngoal"), &["format_version 2"]);
    let (ws, text) = edited("version-text", M_VAGVAL, |t| {
        t.replace("format_version = 1", "format_version = \"1\"")
    });
    check_fails(&ws, M_VAGVAL, &text, Some("\"1\""), &[]);
}

#[test]
fn missing_or_empty_goal() {
    let (ws, text) = edited("no-goal", M_VAGVAL, |t| {
        t.replace("goal = \"Välj väg för Åsa\"\n", "")
    });
    check_fails(&ws, M_VAGVAL, &text, None, &["goal"]);
    let (ws, text) = edited("empty-goal", M_VAGVAL, |t| {
        t.replace("\"Välj väg för Åsa\"", "\"  \"")
    });
    check_fails(&ws, M_VAGVAL, &text, Some("\"  \""), &["goal"]);
}

#[test]
fn duplicate_alternative_id() {
    let (ws, text) = edited("dup-alt", M_VAGVAL, |t| {
        t.replace("id = \"gamma\"", "id = \"alfa\"")
    });
    check_fails(
        &ws,
        M_VAGVAL,
        &text,
        Some("\"alfa\"\nname = \"Gård\""),
        &["alfa"],
    );
}

#[test]
fn duplicate_alternative_id_counts_like_a_person() {
    // Positions count from 1, as a person counts ("alternative 3 … alternative 1").
    let (ws, text) = edited("dup-alt-count", M_VAGVAL, |t| {
        t.replace("id = \"gamma\"", "id = \"alfa\"")
    });
    let r = check_fails(
        &ws,
        M_VAGVAL,
        &text,
        Some("\"alfa\"\nname = \"Gård\""),
        &["alfa"],
    );
    assert!(
        !r.stderr.contains("alternative 0"),
        "0-based count in a message for people:\n{r:?}"
    );
}

#[test]
fn duplicate_criterion_id_names_the_first_file() {
    // The message names the file (and line) that holds the first use.
    let dup = KOSTNAD.replace("name = \"Kostnad\"", "name = \"Kostnad igen\"");
    let ws = workspace_with(
        "dup-criterion-first",
        &[("criteria/kostnad2.toml", Some(&dup))],
    );
    check_fails(
        &ws,
        "criteria/kostnad2.toml",
        &dup,
        Some("\"kostnad\""),
        &["kostnad", M_KOSTNAD],
    );
}

#[test]
fn duplicate_criterion_id() {
    let dup = KOSTNAD.replace("name = \"Kostnad\"", "name = \"Kostnad igen\"");
    let ws = workspace_with("dup-criterion", &[("criteria/kostnad2.toml", Some(&dup))]);
    check_fails(
        &ws,
        "criteria/kostnad2.toml",
        &dup,
        Some("\"kostnad\""),
        &["kostnad"],
    );
}

#[test]
fn parent_that_does_not_exist() {
    let (ws, text) = edited("no-parent", M_SAKERHET, |t| {
        t.replace("parent = \"kvalitet\"", "parent = \"kvalitett\"")
    });
    check_fails(
        &ws,
        M_SAKERHET,
        &text,
        Some("\"kvalitett\""),
        &["kvalitett"],
    );
}

#[test]
fn cycle_of_parents() {
    let a = "id = \"a\"\nname = \"A\"\nparent = \"b\"\n[weights]\ndirect = { b = 1 }\n";
    let b = "id = \"b\"\nname = \"B\"\nparent = \"a\"\n[weights]\ndirect = { a = 1 }\n";
    let ws = workspace_with(
        "cycle",
        &[("criteria/a.toml", Some(a)), ("criteria/b.toml", Some(b))],
    );
    let r = invalid_in(
        ws.path(),
        ws.path(),
        &["check"],
        b"",
        Expect {
            file: "criteria/",
            at: None,
            says: &["cycle"],
        },
    );
    // Points at one of the two `parent` keys' values.
    let at_a = format!(
        "criteria/a.toml:{}:{}",
        loc(a, "\"b\"").0,
        loc(a, "\"b\"").1
    );
    let at_b = format!(
        "criteria/b.toml:{}:{}",
        loc(b, "\"a\"").0,
        loc(b, "\"a\"").1
    );
    assert!(
        r.stderr.contains(&at_a) || r.stderr.contains(&at_b),
        "{r:?}"
    );
}

#[test]
fn criterion_that_is_its_own_parent() {
    let a = "id = \"a\"\nname = \"A\"\nparent = \"a\"\n[weights]\ndirect = { a = 1 }\n";
    let ws = workspace_with("self-parent", &[("criteria/a.toml", Some(a))]);
    check_fails(&ws, "criteria/a.toml", a, Some("\"a\"\n["), &["cycle"]);
}

#[test]
fn judgment_naming_an_unknown_alternative() {
    let (ws, text) = edited("unknown-alt", M_SAKERHET, |t| {
        t.replace("[\"alfa\", \"beta\", 3]", "[\"alfa\", \"delta\", 3]")
    });
    check_fails(
        &ws,
        M_SAKERHET,
        &text,
        Some("[\"alfa\", \"delta\""),
        &["delta"],
    );
}

#[test]
fn judgment_naming_an_unknown_criterion() {
    let (ws, text) = edited("unknown-crit", M_VAGVAL, |t| {
        t.replace("\"kostnad\", 2", "\"kostnader\", 2")
    });
    check_fails(
        &ws,
        M_VAGVAL,
        &text,
        Some("[\"kvalitet\", \"kostnader\""),
        &["kostnader"],
    );
}

#[test]
fn the_same_pair_judged_twice() {
    // Consistent: 3 and 1/3.
    let (ws, text) = edited("dup-pair", M_SAKERHET, |t| {
        t.replace(
            "judgments = [\n",
            "judgments = [\n  [\"beta\", \"alfa\", \"1/3\"],\n",
        )
    });
    let agree = check_fails(
        &ws,
        M_SAKERHET,
        &text,
        Some("[\"alfa\", \"beta\", 3]"),
        &["twice"],
    );
    // Contradictory: 3 and 2.
    let (ws, text) = edited("contra-pair", M_SAKERHET, |t| {
        t.replace(
            "judgments = [\n",
            "judgments = [\n  [\"beta\", \"alfa\", 2],\n",
        )
    });
    check_fails(
        &ws,
        M_SAKERHET,
        &text,
        Some("[\"alfa\", \"beta\", 3]"),
        &["twice", "contradictory"],
    );
    assert!(!agree.stderr.contains("contradictory"), "{agree:?}");
}

#[test]
fn self_comparison() {
    let (ws, text) = edited("self-cmp", M_SAKERHET, |t| {
        t.replace(
            "judgments = [\n",
            "judgments = [\n  [\"gamma\", \"gamma\", 1],\n",
        )
    });
    check_fails(
        &ws,
        M_SAKERHET,
        &text,
        Some("[\"gamma\", \"gamma\""),
        &["itself"],
    );
}

#[test]
fn bad_judgment_values() {
    for (i, (value, says)) in [
        ("0", "0"),
        ("-3", "-3"),
        ("\"abc\"", "abc"),
        ("\"1/0\"", "1/0"),
        ("nan", "NaN"),
        ("inf", "inf"),
        ("-inf", "inf"),
        ("\"0\"", "0"),
        ("\"-1/3\"", "1/3"),
        ("\"3/\"", "3/"),
        ("\"\"", "judgment 1"),
        ("true", "expected a number"),
        ("[3]", "expected a number"),
    ]
    .into_iter()
    .enumerate()
    {
        let (ws, text) = edited(&format!("bad-value-{i}"), M_SAKERHET, |t| {
            t.replace(
                "[\"alfa\", \"beta\", 3]",
                &format!("[\"alfa\", \"beta\", {value}]"),
            )
        });
        // The error points at the judgment or at the value within it.
        let r = invalid_in(
            ws.path(),
            ws.path(),
            &["evaluate"],
            b"",
            Expect {
                file: M_SAKERHET,
                at: None,
                says: &[says],
            },
        );
        let (line, _) = loc(&text, &format!("[\"alfa\", \"beta\", {value}]"));
        assert!(
            r.stderr.contains(&format!("{M_SAKERHET}:{line}:")),
            "value {value}:\n{r:?}"
        );
    }
}

#[test]
fn a_judgment_array_of_the_wrong_length() {
    let (ws, text) = edited("short-judgment", M_SAKERHET, |t| {
        t.replace("[\"alfa\", \"beta\", 3]", "[\"alfa\", \"beta\"]")
    });
    check_fails(&ws, M_SAKERHET, &text, None, &["three elements"]);
    let r = run_in(ws.path(), &["check"]);
    let (line, _) = loc(&text, "[\"alfa\", \"beta\"]");
    assert!(r.stderr.contains(&format!("{M_SAKERHET}:{line}:")), "{r:?}");
    let (ws, text) = edited("long-judgment", M_SAKERHET, |t| {
        t.replace(
            "[\"alfa\", \"beta\", 3]",
            "[\"alfa\", \"beta\", 3, \"a\", \"b\"]",
        )
    });
    check_fails(&ws, M_SAKERHET, &text, None, &["at most four"]);
}

#[test]
fn disconnected_judgments_name_the_unreachable_items() {
    let four = MANIFEST.replace(
        "\n[weights]",
        "\n[[alternatives]]\nid = \"delta\"\nname = \"Dalen\"\n\n[weights]",
    );
    let pairwise = SAKERHET
        .replace("[\"alfa\", \"gamma\", 5, \"tydligt bättre\"],\n", "")
        .replace(
            "first = \"beta\", second = \"gamma\"",
            "first = \"gamma\", second = \"delta\"",
        );
    let ratings = ANVANDBARHET.replace("gamma = \"medel\"", "gamma = \"medel\"\ndelta = \"låg\"");
    let data = KOSTNAD.replace(
        "gamma = \"1000–4000\"",
        "gamma = \"1000–4000\"\ndelta = 5000",
    );
    let ws = workspace_with(
        "disconnected",
        &[
            (M_VAGVAL, Some(&four)),
            (M_SAKERHET, Some(&pairwise)),
            (M_ANVANDBARHET, Some(&ratings)),
            (M_KOSTNAD, Some(&data)),
        ],
    );
    let r = check_fails(&ws, M_SAKERHET, &pairwise, Some("[pairwise]"), &["connect"]);
    // {alfa, beta} and {gamma, delta}: whichever side is "unreachable", both are named.
    for id in ["alfa", "beta", "gamma", "delta"] {
        assert!(r.stderr.contains(id), "{id}:\n{r:?}");
    }
}

#[test]
fn an_alternative_left_out_of_all_judgments() {
    let pairwise = SAKERHET
        .replace("[\"alfa\", \"gamma\", 5, \"tydligt bättre\"],\n", "")
        .replace("  { first = \"beta\", second = \"gamma\", value = \"svagt\", rationale = \"lite\", quote = \"något bättre\" },\n", "");
    let ws = workspace_with("left-out", &[(M_SAKERHET, Some(&pairwise))]);
    let r = check_fails(&ws, M_SAKERHET, &pairwise, None, &["gamma"]);
    assert!(r.stderr.contains(&format!("{M_SAKERHET}:")), "{r:?}");
}

#[test]
fn leaf_without_assessment() {
    let text = "id = \"kostnad\"\nname = \"Kostnad\"\n";
    let ws = workspace_with("no-assessment", &[(M_KOSTNAD, Some(text))]);
    check_fails(
        &ws,
        M_KOSTNAD,
        text,
        Some("\"kostnad\""),
        &["kostnad", "no assessment"],
    );
}

#[test]
fn leaf_with_two_assessments() {
    let (ws, text) = edited("two-assessments", M_KOSTNAD, |t| {
        format!(
            "{t}\n[pairwise]\njudgments = [[\"alfa\", \"beta\", 2], [\"beta\", \"gamma\", 2]]\n"
        )
    });
    check_fails(
        &ws,
        M_KOSTNAD,
        &text,
        Some("\"kostnad\""),
        &["more than one assessment"],
    );
}

#[test]
fn parent_with_an_assessment() {
    let (ws, text) = edited("parent-assessment", M_KVALITET, |t| {
        format!(
            "{t}\n[pairwise]\njudgments = [[\"alfa\", \"beta\", 2], [\"beta\", \"gamma\", 2]]\n"
        )
    });
    check_fails(
        &ws,
        M_KVALITET,
        &text,
        Some("\"kvalitet\""),
        &["kvalitet", "sub-criteria"],
    );
}

#[test]
fn weights_on_a_leaf() {
    let (ws, text) = edited("leaf-weights", M_KOSTNAD, |t| {
        t.replace("\n[data]", "\n[weights]\ndirect = { x = 1 }\n\n[data]")
    });
    check_fails(
        &ws,
        M_KOSTNAD,
        &text,
        Some("[weights]"),
        &["no sub-criteria"],
    );
}

#[test]
fn parent_without_weights() {
    let text = "id = \"kvalitet\"\nname = \"Kvalitet och säkerhet\"\n";
    let ws = workspace_with("parent-no-weights", &[(M_KVALITET, Some(text))]);
    check_fails(&ws, M_KVALITET, text, Some("\"kvalitet\""), &["no weights"]);
}

#[test]
fn top_level_without_weights() {
    let (ws, text) = edited("goal-no-weights", M_VAGVAL, |t| {
        t.replace(
            "[weights]\nview = \"Vår syn\"\njudgments = [[\"kvalitet\", \"kostnad\", 2]]\n",
            "",
        )
    });
    check_fails(&ws, M_VAGVAL, &text, None, &["weights"]);
}

#[test]
fn both_judgments_and_direct() {
    let (ws, text) = edited("both-weights", M_VAGVAL, |t| {
        t.replace(
            "judgments = [[\"kvalitet\", \"kostnad\", 2]]",
            "judgments = [[\"kvalitet\", \"kostnad\", 2]]\ndirect = { kvalitet = 2, kostnad = 1 }",
        )
    });
    check_fails(
        &ws,
        M_VAGVAL,
        &text,
        Some("[weights]"),
        &["judgments", "direct"],
    );
}

fn with_direct(tag: &str, direct: &str) -> (TempDir, String) {
    edited(tag, M_VAGVAL, |t| {
        t.replace(
            "judgments = [[\"kvalitet\", \"kostnad\", 2]]",
            &format!("direct = {direct}"),
        )
    })
}

#[test]
fn direct_weights_are_accepted_and_normalised() {
    let (ws, _) = with_direct("direct-ok", "{ kvalitet = 3, kostnad = 1 }");
    let v = ok_json(ws.path(), &["weights"]);
    assert!(close(
        criterion(&v, "kvalitet")["global_weight"].as_f64().unwrap(),
        0.75
    ));
    assert!(close(
        criterion(&v, "kostnad")["global_weight"].as_f64().unwrap(),
        0.25
    ));
}

#[test]
fn direct_weight_negative() {
    let (ws, text) = with_direct("direct-neg", "{ kvalitet = 3, kostnad = -1 }");
    check_fails(&ws, M_VAGVAL, &text, Some("-1 }"), &["kostnad", "-1"]);
}

#[test]
fn direct_weight_not_finite() {
    let (ws, text) = with_direct("direct-nan", "{ kvalitet = nan, kostnad = 1 }");
    check_fails(&ws, M_VAGVAL, &text, Some("nan"), &["kvalitet"]);
    let (ws, text) = with_direct("direct-inf", "{ kvalitet = inf, kostnad = 1 }");
    check_fails(&ws, M_VAGVAL, &text, Some("inf"), &["kvalitet"]);
}

#[test]
fn direct_weights_all_zero() {
    // Points at the [weights] table, with line and column.
    let (ws, text) = with_direct("direct-zero", "{ kvalitet = 0, kostnad = 0.0 }");
    check_fails(&ws, M_VAGVAL, &text, Some("[weights]"), &["zero"]);
}

#[test]
fn direct_weight_missing_an_item() {
    // Points at the [weights] table, with line and column.
    let (ws, text) = with_direct("direct-missing", "{ kvalitet = 1 }");
    check_fails(&ws, M_VAGVAL, &text, Some("[weights]"), &["kostnad"]);
}

#[test]
fn direct_weight_missing_in_a_criterion_file_names_that_file() {
    // Weights in a criterion file: the error names that file, not vagval.toml.
    let text = KVALITET.replace(
        "judgments = [[\"säkerhet\", \"användbarhet\", 3]]",
        "direct = { \"säkerhet\" = 1 }",
    );
    let ws = workspace_with("direct-missing-criterion", &[(M_KVALITET, Some(&text))]);
    check_fails(&ws, M_KVALITET, &text, Some("[weights]"), &["användbarhet"]);
    let text = KVALITET.replace(
        "judgments = [[\"säkerhet\", \"användbarhet\", 3]]",
        "direct = { \"säkerhet\" = 0, \"användbarhet\" = 0 }",
    );
    let ws = workspace_with("direct-zero-criterion", &[(M_KVALITET, Some(&text))]);
    check_fails(&ws, M_KVALITET, &text, Some("[weights]"), &["zero"]);
}

#[test]
fn direct_weight_for_an_unknown_item() {
    let (ws, text) = with_direct(
        "direct-unknown",
        "{ kvalitet = 1, kostnad = 1, \"miljö\" = 1 }",
    );
    check_fails(&ws, M_VAGVAL, &text, Some("1 }"), &["miljö"]);
}

#[test]
fn unknown_rating_scale() {
    let (ws, text) = edited("unknown-scale", M_ANVANDBARHET, |t| {
        t.replace("scale = \"effekt\"", "scale = \"effect\"")
    });
    check_fails(
        &ws,
        M_ANVANDBARHET,
        &text,
        Some("\"effect\""),
        &["effect", "effekt"],
    );
}

#[test]
fn unknown_rating_level() {
    let (ws, text) = edited("unknown-level", M_ANVANDBARHET, |t| {
        t.replace("gamma = \"medel\"", "gamma = \"mellan\"")
    });
    check_fails(
        &ws,
        M_ANVANDBARHET,
        &text,
        Some("\"mellan\""),
        &["mellan", "medel"],
    );
}

#[test]
fn rating_for_an_unknown_alternative() {
    let (ws, text) = edited("rating-unknown-alt", M_ANVANDBARHET, |t| {
        t.replace("gamma = \"medel\"", "gamma = \"medel\"\ndelta = \"hög\"")
    });
    check_fails(&ws, M_ANVANDBARHET, &text, Some("\"hög\"\n"), &["delta"]);
}

#[test]
fn rating_missing_for_an_alternative() {
    let (ws, text) = edited("rating-missing", M_ANVANDBARHET, |t| {
        t.replace("gamma = \"medel\"\n", "")
    });
    check_fails(&ws, M_ANVANDBARHET, &text, Some("\"effekt\""), &["gamma"]);
}

#[test]
fn data_entry_missing_for_an_alternative() {
    let (ws, text) = edited("data-missing", M_KOSTNAD, |t| {
        t.replace("gamma = \"1000–4000\"\n", "")
    });
    check_fails(&ws, M_KOSTNAD, &text, Some("[data]"), &["gamma"]);
}

#[test]
fn data_entry_for_an_unknown_alternative() {
    let (ws, text) = edited("data-unknown", M_KOSTNAD, |t| {
        t.replace("gamma = \"1000–4000\"", "gamma = \"1000–4000\"\ndelta = 17")
    });
    check_fails(&ws, M_KOSTNAD, &text, Some("17"), &["delta"]);
}

#[test]
fn bad_ranges_and_values() {
    for (i, (value, says)) in [
        ("\"5-3\"", "5"),
        ("\"4000–1000\"", "4000"),
        ("\"abc\"", "abc"),
        ("\"\"", "number"),
        ("\"1000–\"", "1000"),
        ("{ low = 5, high = 3 }", "5"),
        ("{ low = 5 }", "high"),
        ("{ value = 5, low = 1, high = 9 }", "either"),
        ("nan", "number"),
        ("inf", "number"),
        ("true", "value"),
    ]
    .into_iter()
    .enumerate()
    {
        let (ws, text) = edited(&format!("bad-range-{i}"), M_KOSTNAD, |t| {
            t.replace("\"1000–4000\"", value)
        });
        let r = invalid_in(
            ws.path(),
            ws.path(),
            &["check"],
            b"",
            Expect {
                file: M_KOSTNAD,
                at: None,
                says: &[says],
            },
        );
        let (line, _) = loc(&text, &format!("gamma = {value}"));
        assert!(
            r.stderr.contains(&format!("{M_KOSTNAD}:{line}:")),
            "value {value}:\n{r:?}"
        );
    }
}

#[test]
fn linear_value_function_without_direction() {
    let (ws, text) = edited("no-direction", M_KOSTNAD, |t| {
        t.replace("direction = \"lower-is-better\"\n", "")
    });
    check_fails(&ws, M_KOSTNAD, &text, Some("\"linear\""), &["direction"]);
}

#[test]
fn unknown_value_function_and_direction() {
    let (ws, text) = edited("bad-function", M_KOSTNAD, |t| {
        t.replace("\"linear\"", "\"logistic\"")
    });
    check_fails(&ws, M_KOSTNAD, &text, Some("\"logistic\""), &["logistic"]);
    let (ws, text) = edited("bad-direction", M_KOSTNAD, |t| {
        t.replace("\"lower-is-better\"", "\"smaller\"")
    });
    check_fails(&ws, M_KOSTNAD, &text, Some("\"smaller\""), &["smaller"]);
}

#[test]
fn invalid_toml_syntax() {
    let (ws, text) = edited("bad-toml", M_KOSTNAD, |t| {
        t.replace("unit = \"tkr\"", "unit = \"tkr")
    });
    let r = check_fails(&ws, M_KOSTNAD, &text, None, &["TOML"]);
    let (line, _) = loc(&text, "unit = \"tkr");
    assert!(r.stderr.contains(&format!("{M_KOSTNAD}:{line}:")), "{r:?}");
    let (ws, text) = edited("bad-toml-manifest", M_VAGVAL, |t| {
        t.replace("[weights]", "[weights")
    });
    let r = check_fails(&ws, M_VAGVAL, &text, None, &["TOML"]);
    let (line, _) = loc(&text, "[weights\n");
    assert!(r.stderr.contains(&format!("{M_VAGVAL}:{line}:")), "{r:?}");
}

#[test]
fn wrong_type() {
    let (ws, text) = edited("wrong-type", M_KOSTNAD, |t| {
        t.replace("name = \"Kostnad\"", "name = 42")
    });
    check_fails(&ws, M_KOSTNAD, &text, Some("42"), &[]);
}

#[test]
fn criterion_without_id() {
    let (ws, text) = edited("no-id", M_KOSTNAD, |t| t.replace("id = \"kostnad\"\n", ""));
    check_fails(&ws, M_KOSTNAD, &text, None, &["id"]);
}

#[test]
fn non_utf8_criterion_file() {
    let ws = workspace("non-utf8");
    let mut bytes = b"id = \"kostnad\"\nname = \"Kostnad\xe5\"\n".to_vec();
    bytes.extend_from_slice(KOSTNAD.split_once("\n\n").unwrap().1.as_bytes());
    ws.write(M_KOSTNAD, &bytes);
    let r = invalid_in(
        ws.path(),
        ws.path(),
        &["check"],
        b"",
        Expect {
            file: M_KOSTNAD,
            at: None,
            says: &["UTF-8"],
        },
    );
    assert!(r.stderr.contains("hint:"), "{r:?}");
}

#[test]
fn no_vagval_toml_anywhere() {
    let dir = TempDir::new("empty");
    // Only meaningful if nothing above the temp dir is a workspace: a
    // stray one fails the test (naming it) rather than skipping it.
    if let Some(stray) = dir
        .path()
        .ancestors()
        .skip(1)
        .find(|d| d.join("vagval.toml").is_file())
    {
        panic!(
            "{} is a workspace above the temp dir, so a folder without vagval.toml cannot be \
             tested: remove it or set TMPDIR to a folder outside any workspace",
            stray.join("vagval.toml").display()
        );
    }
    for cmd in ["check", "evaluate", "weights"] {
        let r = invalid_in(
            dir.path(),
            dir.path(),
            &[cmd],
            b"",
            Expect {
                file: dir.path().to_str().unwrap(),
                at: None,
                says: &["no vagval.toml", "--workspace"],
            },
        );
        assert!(r.stderr.contains("hint:"), "{r:?}");
    }
}

#[test]
fn workspace_flag_without_vagval_toml() {
    let ws = workspace("flag-target");
    let empty = TempDir::new("flag-empty");
    let target = ws.path().join("criteria");
    for dir in [empty.path(), &target, &ws.path().join("does-not-exist")] {
        invalid_in(
            ws.path(),
            ws.path(),
            &["--workspace", dir.to_str().unwrap(), "evaluate"],
            b"",
            Expect {
                file: dir.to_str().unwrap(),
                at: None,
                says: &["vagval.toml"],
            },
        );
    }
}

#[test]
fn workspace_without_criteria_folder() {
    let ws = workspace_with(
        "no-criteria",
        &[
            (M_KVALITET, None),
            (M_SAKERHET, None),
            (M_ANVANDBARHET, None),
            (M_KOSTNAD, None),
        ],
    );
    invalid_in(
        ws.path(),
        ws.path(),
        &["evaluate"],
        b"",
        Expect {
            file: "criteria",
            at: None,
            says: &[],
        },
    );
}

#[test]
fn workspace_without_alternatives() {
    let text = "format_version = 1\ngoal = \"Inget\"\n";
    let ws = workspace_with("no-alternatives", &[(M_VAGVAL, Some(text))]);
    invalid_in(
        ws.path(),
        ws.path(),
        &["evaluate"],
        b"",
        Expect {
            file: "",
            at: None,
            says: &[],
        },
    );
}

#[test]
fn unknown_ids_in_rating_scale_judgments() {
    let (ws, text) = edited("scale-judgments", M_VAGVAL, |t| {
        t.replace(
            "  { id = \"hög\", name = \"Hög\", value = 1.0 },\n  { id = \"medel\", name = \"Medel\", value = 0.5 },\n  { id = \"låg\", name = \"Låg\", value = 0.2 },\n]",
            "  { id = \"hög\", name = \"Hög\" },\n  { id = \"medel\", name = \"Medel\" },\n  { id = \"låg\", name = \"Låg\" },\n]\njudgments = [[\"hög\", \"medel\", 3], [\"medel\", \"lag\", 3]]",
        )
    });
    check_fails(&ws, M_VAGVAL, &text, Some("[\"medel\", \"lag\""), &["lag"]);
}

// ---------------------------------------------------------------------------
// 3b. Invalid matrix files
// ---------------------------------------------------------------------------

/// `vagval matrix m.txt` on `text` must fail, pointing at `needle` (if any).
fn matrix_fails(tag: &str, name: &str, text: &str, needle: Option<&str>, says: &[&str]) -> Run {
    let dir = TempDir::new(tag);
    dir.write(name, text);
    let r = invalid_in(
        dir.path(),
        dir.path(),
        &["matrix", name],
        b"",
        Expect {
            file: name,
            at: needle.map(|n| loc(text, n)),
            says,
        },
    );
    // The same from stdin, named <stdin>.
    let s = run_stdin(dir.path(), &["matrix", "-"], text.as_bytes());
    assert_eq!(s.code, 1, "{s:?}");
    assert!(s.stderr.contains("<stdin>"), "{s:?}");
    assert_eq!(
        s.stderr.replace("<stdin>", name),
        r.stderr,
        "stdin and file report alike"
    );
    r
}

#[test]
fn matrix_not_square() {
    let text = "1 3 5\n1/3 1\n1/5 1 1\n";
    matrix_fails("not-square", "m.txt", text, Some("1/3"), &["square"]);
    let json = r#"{"items": ["a", "b"], "matrix": [[1, 3], [0.3333333333333333]]}"#;
    matrix_fails("not-square-json", "m.json", json, None, &["square"]);
}

#[test]
fn matrix_not_reciprocal() {
    let text = "  A B\nA 1 3\nB 1/2 1\n";
    let r = matrix_fails(
        "not-reciprocal",
        "m.txt",
        text,
        Some("1/2"),
        &["reciprocal"],
    );
    assert!(
        r.stderr.contains("0.333") || r.stderr.contains("1/3"),
        "says what would be right: {r:?}"
    );
}

#[test]
fn matrix_bad_diagonal() {
    matrix_fails(
        "bad-diagonal",
        "m.txt",
        "2 3\n1/3 1\n",
        Some("2 3"),
        &["diagonal"],
    );
}

#[test]
fn matrix_half_missing_pair() {
    let text = "  A B C\nA 1 3 -\nB 1/3 1 2\nC 4 1/2 1\n";
    let r = matrix_fails("half-missing", "m.txt", text, None, &["missing"]);
    // Points at one of the two cells of the pair.
    let a = loc(text, "-\n");
    let b = loc(text, "4 1/2");
    assert!(
        r.stderr.contains(&format!("m.txt:{}:{}", a.0, a.1))
            || r.stderr.contains(&format!("m.txt:{}:{}", b.0, b.1)),
        "{r:?}"
    );
}

#[test]
fn matrix_bad_tokens_point_at_line_and_column() {
    let text = "  A B\nA 1 3\nB abc 1\n";
    matrix_fails("bad-token", "m.txt", text, Some("abc"), &["abc"]);
    let text = "# kommentar\nÅ Ä\n1 0\n0 1\n";
    matrix_fails("zero-token", "m.txt", text, Some("0\n0"), &[]);
    let text = "1 -3\n-1/3 1\n";
    matrix_fails("negative-token", "m.txt", text, Some("-3"), &[]);
    let text = "1 1/0\n0 1\n";
    matrix_fails("div-zero-token", "m.txt", text, Some("1/0"), &[]);
    let json = r#"{"items": ["a", "b"], "matrix": [[1, "tre"], ["1/3", 1]]}"#;
    matrix_fails("bad-json-text", "m.json", json, None, &["tre"]);
    let json = r#"{"items": ["a", "b"], "matrix": [[1, -3], [-0.3333333333333333, 1]]}"#;
    matrix_fails("negative-json", "m.json", json, None, &["-3"]);
}

#[test]
fn matrix_invalid_json() {
    let text = "{\"items\": [\"a\", \"b\"],\n \"matrix\": [[1, 2], [0.5, 1]\n";
    let r = matrix_fails("bad-json", "m.json", text, None, &["JSON"]);
    assert!(
        r.stderr.contains("m.json:2:") || r.stderr.contains("m.json:3:"),
        "{r:?}"
    );
    let text = "{\"items\": [\"a\", \"b\"], \"matrix\": [[1, 2], [0.5, 1]], \"extra\": 1}";
    matrix_fails("json-extra-key", "m.json", text, None, &["extra"]);
    let text = "{\"matrix\": [[1, true], [1, 1]]}";
    matrix_fails("json-bool", "m.json", text, None, &[]);
}

#[test]
fn matrix_items_count_differs_from_rows() {
    let json = r#"{"items": ["a", "b", "c"], "matrix": [[1, 2], [0.5, 1]]}"#;
    matrix_fails("items-count", "m.json", json, None, &["3 items", "2 rows"]);
    let text = "A B C\n1 2\n1/2 1\n";
    matrix_fails(
        "header-count",
        "m.txt",
        text,
        Some("A B C"),
        &["3 items", "2 rows"],
    );
}

#[test]
fn matrix_duplicate_item_names() {
    let json = r#"{"items": ["a", "a"], "matrix": [[1, 2], [0.5, 1]]}"#;
    matrix_fails("dup-items", "m.json", json, None, &["a"]);
}

#[test]
fn matrix_empty_input() {
    matrix_fails("empty", "m.txt", "", None, &["empty"]);
    matrix_fails(
        "blank",
        "m.txt",
        "   \n# nur kommentar\n\n",
        None,
        &["empty"],
    );
    matrix_fails(
        "empty-json",
        "m.json",
        "{\"items\": [], \"matrix\": []}",
        None,
        &[],
    );
}

#[test]
fn matrix_one_by_one_is_valid() {
    let dir = TempDir::new("one");
    dir.write("m.txt", "1\n");
    dir.write("m.json", "{\"items\": [\"ensam\"], \"matrix\": [[1]]}");
    let v = ok_json(dir.path(), &["matrix", "m.txt"]);
    let p = v["priorities"].as_object().unwrap();
    assert_eq!(p.len(), 1);
    assert_eq!(p.values().next().unwrap().as_f64(), Some(1.0));
    let v = ok_json(dir.path(), &["matrix", "m.json"]);
    assert_eq!(v["priorities"]["ensam"].as_f64(), Some(1.0));
    assert_eq!(v["cr"].as_f64(), Some(0.0), "{v}");
    for format in FORMATS {
        ok(dir.path(), &["matrix", "m.json", "--format", format]);
    }
}

#[test]
fn matrix_header_with_names_that_look_like_numbers() {
    // Road names such as E4, E6, E20 are names, not numbers.
    let dir = TempDir::new("e4");
    dir.write(
        "m.txt",
        "    E4  E6  E20\nE4  1   3   5\nE6  1/3 1   2\nE20 1/5 1/2 1\n",
    );
    let v = ok_json(dir.path(), &["matrix", "m.txt"]);
    assert_eq!(v["items"], serde_json::json!(["E4", "E6", "E20"]));
}

#[test]
fn matrix_json_cell_of_the_wrong_type_is_explained() {
    // A cell of the wrong type: the message says what a cell may be, in
    // the user's words, not the parser's.
    let text = "{\"matrix\": [[1, true], [1, 1]]}";
    let r = matrix_fails("json-cell-type", "m.json", text, None, &[]);
    assert!(
        !r.stderr.contains("JsonCell") && !r.stderr.contains("untagged"),
        "{r:?}"
    );
    assert!(
        r.stderr.contains("number") && r.stderr.contains("null"),
        "{r:?}"
    );
}

#[test]
fn matrix_with_a_disconnected_gap_pattern() {
    let text = "  A B C D\nA 1 2 - -\nB 1/2 1 - -\nC - - 1 3\nD - - 1/3 1\n";
    let r = matrix_fails("disconnected-matrix", "m.txt", text, None, &["connect"]);
    for item in ["A", "B", "C", "D"] {
        assert!(
            r.stderr.contains(&format!("`{item}`")) || r.stderr.contains(item),
            "{r:?}"
        );
    }
}

#[test]
fn matrix_file_that_does_not_exist_or_is_not_utf8() {
    let dir = TempDir::new("matrix-io");
    invalid_in(
        dir.path(),
        dir.path(),
        &["matrix", "nope.txt"],
        b"",
        Expect {
            file: "nope.txt",
            at: None,
            says: &[],
        },
    );
    dir.write("latin1.txt", b"\xc5 \xc4\n1 2\n1/2 1\n");
    invalid_in(
        dir.path(),
        dir.path(),
        &["matrix", "latin1.txt"],
        b"",
        Expect {
            file: "latin1.txt",
            at: None,
            says: &["UTF-8"],
        },
    );
    invalid_in(
        dir.path(),
        dir.path(),
        &["matrix", "-"],
        b"\xc5 \xc4\n1 2\n1/2 1\n",
        Expect {
            file: "stdin",
            at: None,
            says: &[],
        },
    );
    // A folder is not a matrix file.
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    invalid_in(
        dir.path(),
        dir.path(),
        &["matrix", "sub"],
        b"",
        Expect {
            file: "sub",
            at: None,
            says: &[],
        },
    );
}

// ---------------------------------------------------------------------------
// 4. Hostile inputs: no panic, no hang
// ---------------------------------------------------------------------------

#[test]
fn ids_of_ten_thousand_characters() {
    let long = "å".repeat(10_000);
    let manifest = MANIFEST.replace("id = \"gamma\"", &format!("id = \"{long}\""));
    let pairwise = SAKERHET.replace("\"gamma\"", &format!("\"{long}\""));
    let ratings = ANVANDBARHET.replace("gamma = ", &format!("\"{long}\" = "));
    let data = KOSTNAD.replace("gamma = ", &format!("\"{long}\" = "));
    let ws = workspace_with(
        "long-ids",
        &[
            (M_VAGVAL, Some(&manifest)),
            (M_SAKERHET, Some(&pairwise)),
            (M_ANVANDBARHET, Some(&ratings)),
            (M_KOSTNAD, Some(&data)),
        ],
    );
    for format in FORMATS {
        ok(ws.path(), &["evaluate", "--format", format]);
    }
    let v = ok_json(ws.path(), &["evaluate"]);
    assert!(alternatives(&v).contains_key(&long));
    // An unknown 10 000-character id: an error whose source line is cut to a window.
    let bad = SAKERHET.replace(
        "[\"alfa\", \"beta\", 3]",
        &format!("[\"alfa\", \"{}\", 3]", "x".repeat(10_000)),
    );
    let ws = workspace_with("long-unknown-id", &[(M_SAKERHET, Some(&bad))]);
    let r = check_fails(&ws, M_SAKERHET, &bad, Some("[\"alfa\", \"xxx"), &["xxxx"]);
    let longest_source_line = r
        .stderr
        .lines()
        .filter(|l| l.contains(" | "))
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    assert!(
        longest_source_line < 200,
        "the source line is shown as a window:\n{r:?}"
    );
}

#[test]
fn deeply_nested_toml_arrays() {
    let depth = 10_000;
    // Put the key at the top level so it is parsed before any table.
    let text = format!("x = {}1{}\n{KOSTNAD}", "[".repeat(depth), "]".repeat(depth));
    let ws = workspace_with("deep-toml", &[(M_KOSTNAD, Some(&text))]);
    let r = run_in(ws.path(), &["check"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains(M_KOSTNAD), "{r:?}");
    // And as an unterminated nesting, and in vagval.toml.
    let text = format!("x = {}\n", "[".repeat(depth));
    let ws = workspace_with("deep-toml-open", &[(M_KOSTNAD, Some(&text))]);
    let r = run_in(ws.path(), &["check"]);
    assert_eq!(r.code, 1, "{r:?}");
    let text = format!(
        "{MANIFEST}\n[extra]\ny = {}\"x\"{}\n",
        "{ a = ".repeat(depth),
        " }".repeat(depth)
    );
    let ws = workspace_with("deep-toml-inline", &[(M_VAGVAL, Some(&text))]);
    let r = run_in(ws.path(), &["check"]);
    assert_eq!(r.code, 1, "{r:?}");
}

#[test]
fn deeply_nested_json_matrix() {
    let depth = 10_000;
    let dir = TempDir::new("deep-json");
    let text = format!(
        "{{\"matrix\": {}1{}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    dir.write("m.json", &text);
    let r = run_in(dir.path(), &["matrix", "m.json"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("m.json"), "{r:?}");
    let r = run_stdin(dir.path(), &["matrix", "-"], text.as_bytes());
    assert_eq!(r.code, 1, "{r:?}");
    let text = format!("{{\"items\": {}", "{\"a\": ".repeat(depth));
    dir.write("m2.json", &text);
    let r = run_in(dir.path(), &["matrix", "m2.json"]);
    assert_eq!(r.code, 1, "{r:?}");
}

/// A deterministic pseudo-random reciprocal n×n matrix on Saaty's scale.
#[allow(clippy::needless_range_loop)] // i and j index both triangles
fn random_matrix(n: usize, seed: u64) -> String {
    let mut state = seed;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let mut m = vec![vec![String::from("1"); n]; n];
    for i in 0..n {
        for j in i + 1..n {
            let v = 1 + next() % 9;
            if next() % 2 == 0 {
                m[i][j] = v.to_string();
                m[j][i] = format!("1/{v}");
            } else {
                m[i][j] = format!("1/{v}");
                m[j][i] = v.to_string();
            }
        }
    }
    m.iter().map(|r| r.join(" ") + "\n").collect()
}

#[test]
fn a_random_40_by_40_matrix() {
    let dir = TempDir::new("forty");
    dir.write("m.txt", random_matrix(40, 2024));
    let v = ok_json(dir.path(), &["matrix", "m.txt"]);
    assert_eq!(v["priorities"].as_object().unwrap().len(), 40);
    assert_eq!(v["n"], 40);
    assert_eq!(v["ri_extrapolated"], true, "{v}");
    assert!(v["cr"].as_f64().unwrap().is_finite());
    let t = ok(dir.path(), &["matrix", "m.txt"]).stdout;
    assert!(
        t.contains("beyond the table"),
        "the table notes the extrapolated RI:\n{t}"
    );
    for ri in ["saaty2005", "alonso-lamata", "donegan-dodd"] {
        let v = ok_json(
            dir.path(),
            &["matrix", "m.txt", "--ri", ri, "--method", "geometric"],
        );
        assert!(v["cr"].as_f64().unwrap().is_finite(), "{ri}: {v}");
    }
    // With gaps, completed by both methods.
    let mut text = random_matrix(40, 7);
    let mut lines: Vec<Vec<String>> = text
        .lines()
        .map(|l| l.split(' ').map(String::from).collect())
        .collect();
    for (i, j) in [(0, 5), (3, 17), (10, 39), (20, 21)] {
        lines[i][j] = "-".into();
        lines[j][i] = "-".into();
    }
    text = lines.iter().map(|r| r.join(" ") + "\n").collect();
    dir.write("gaps.txt", &text);
    for completion in ["harker", "optimal"] {
        let v = ok_json(
            dir.path(),
            &["matrix", "gaps.txt", "--completion", completion],
        );
        assert_eq!(v["completed"].as_array().unwrap().len(), 4, "{completion}");
    }
}

#[test]
fn extreme_matrix_entries() {
    let dir = TempDir::new("extreme");
    for (i, text) in [
        "1 1e308\n1e-308 1\n",
        "1 1e-308\n1e308 1\n",
        "1 1e308 1e308\n1e-308 1 1e308\n1e-308 1e-308 1\n",
        "1 1e308 -\n1e-308 1 1e308\n- 1e-308 1\n",
        "1 1e300 1e-300\n1e-300 1 1e300\n1e300 1e-300 1\n",
        "{\"matrix\": [[1, 1e308], [1e-308, 1]]}",
        "{\"matrix\": [[1, 1e400], [0, 1]]}",
        "1 5e-324\n1 1\n",
    ]
    .into_iter()
    .enumerate()
    {
        let name = format!("m{i}.txt");
        dir.write(&name, text);
        for method in ["eigenvector", "geometric"] {
            let r = run_in(
                dir.path(),
                &["matrix", &name, "--format", "json", "--method", method],
            );
            assert!(r.code == 0 || r.code == 1, "{text}: {r:?}");
            if r.code == 0 {
                // A result must be numbers, not NaN/inf rendered as null.
                let v = r.json();
                for (item, p) in v["priorities"].as_object().unwrap() {
                    let p = p
                        .as_f64()
                        .unwrap_or_else(|| panic!("{text}: priority of {item} is {p}"));
                    assert!((0.0..=1.0).contains(&p), "{text}: {p}");
                }
                for key in ["lambda_max", "ci", "cr"] {
                    assert!(v[key].is_number(), "{text} ({method}): {key} is {}", v[key]);
                }
            } else {
                assert!(r.stderr.starts_with("error: "), "{r:?}");
            }
            let t = run_in(dir.path(), &["matrix", &name, "--method", method]);
            assert_eq!(t.code, r.code, "{text}: table and JSON agree on validity");
        }
    }
}

#[test]
fn a_maximally_inconsistent_matrix_of_extreme_entries_is_not_called_consistent() {
    // a12 = a13 = a23 = 1e308 is as inconsistent as a matrix can be, and
    // beyond double precision: refused (exit 1), or reported truthfully.
    let dir = TempDir::new("extreme-wrong");
    dir.write("m.txt", "1 1e308 1e308\n1e-308 1 1e308\n1e-308 1e-308 1\n");
    let r = run_in(dir.path(), &["matrix", "m.txt", "--format", "json"]);
    if r.code == 0 {
        let v = r.json();
        assert_eq!(v["acceptable"], false, "{v}");
        assert!(v["gci"].is_number(), "GCI is {}", v["gci"]);
    } else {
        assert_eq!(r.code, 1, "{r:?}");
        assert!(r.stderr.contains("m.txt"), "{r:?}");
    }
}

#[test]
fn astronomical_entries_are_refused_with_the_range() {
    // Entries beyond 1e9 (or below 1e-9) cannot be computed reliably in
    // double precision (λmax of 1e300 came out as 3, CR 0): refused, pointing
    // at the cell, in readable notation.
    let dir = TempDir::new("huge-print");
    dir.write("m.txt", "1 1e300 1e-300\n1e-300 1 1e300\n1e300 1e-300 1\n");
    let r = run_in(dir.path(), &["matrix", "m.txt", "--format", "table"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("between 1e-9 and 1e9"), "{r:?}");
    assert!(r.stderr.contains("m.txt:1:3"), "{r:?}");
    let widest = r
        .stderr
        .lines()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    assert!(widest < 250, "a line of {widest} characters:\n{}", r.stderr);
}

#[test]
fn a_judgment_of_1e300() {
    // Out-of-range judgments are refused where they stand, in the criterion file.
    for (i, value) in ["1e300", "1e-300", "1.7976931348623157e308"]
        .into_iter()
        .enumerate()
    {
        let (ws, _) = edited(&format!("huge-judgment-{i}"), M_SAKERHET, |t| {
            t.replace(
                "[\"alfa\", \"beta\", 3]",
                &format!("[\"alfa\", \"beta\", {value}]"),
            )
        });
        let r = run_in(ws.path(), &["evaluate", "--format", "json"]);
        assert!(r.code == 0 || r.code == 1, "{value}: {r:?}");
        if r.code == 0 {
            let v = r.json();
            for (id, (score, _)) in alternatives(&v) {
                assert!(
                    score.is_finite() && (0.0..=1.0).contains(&score),
                    "{value}: {id} {score}"
                );
            }
        } else {
            assert!(r.stderr.contains(M_SAKERHET), "{value}: {r:?}");
        }
        for cmd in ["check", "weights"] {
            let c = run_in(ws.path(), &[cmd]);
            assert_eq!(c.code, r.code, "{cmd} with {value}: {c:?}");
        }
    }
}

#[test]
fn many_criteria_files_and_odd_files_in_criteria() {
    // Non-TOML files and folders in criteria/ are ignored.
    let ws = workspace("odd-files");
    ws.write("criteria/README.md", "# anteckningar");
    ws.write("criteria/backup.toml~", "not toml at all [[[");
    std::fs::create_dir_all(ws.path().join("criteria/old.toml")).unwrap();
    ok(ws.path(), &["evaluate"]);
}
