//! End-to-end tests of `vagval survey`: a political group answers on stdin
//! and the binary writes `scripts/groups/<group>.lua` (docs/lua-api.md).
//! The workspaces are copies of `examples/leader` (four criteria), one with
//! sub-criteria added. Swedish and English answers, the CR shown as the
//! answers come, the revisit of an inconsistent set, re-asked bad answers,
//! end of input (nothing written, the old file byte-identical), the old
//! file kept as `.bak`, and the written file checked against the format.

// Test helpers: failing loudly is right.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use vagval_core::model::Site;
use vagval_core::pairwise::{Judgment, PairwiseMatrix};
use vagval_core::scale::parse_value;
use vagval_core::settings::Settings;

// ---------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------

const BIN: &str = env!("CARGO_BIN_EXE_vagval");
const TIMEOUT: Duration = Duration::from_secs(60);

/// A folder under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let path = std::env::temp_dir().join(format!(
            "vagval-survey-test-{}-{tag}-{n}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.0.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    fn groups(&self) -> PathBuf {
        self.0.join("scripts").join("groups")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs the binary with `args`, feeding `stdin`; fails on a hang or panic.
fn vagval(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(BIN)
        // vagval speaks the locale's language by default: these tests read English.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("vagval {args:?} did not finish within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let _ = writer.join();
    let run = Run {
        code: status.code().expect("killed by a signal"),
        stdout: String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "panicked:\n{run:?}");
    run
}

/// `vagval --workspace <ws> survey --group <group> --lang <lang> [extra]`.
fn survey(ws: &TempDir, group: &str, lang: &str, extra: &[&str], answers: &str) -> Run {
    let root = ws.path().to_str().unwrap();
    let mut args = vec![
        "--workspace",
        root,
        "survey",
        "--group",
        group,
        "--lang",
        lang,
    ];
    args.extend_from_slice(extra);
    vagval(&args, answers.as_bytes())
}

fn ok(run: Run) -> Run {
    assert_eq!(run.code, 0, "{run:?}");
    run
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
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

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn example(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/leader")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A copy of examples/leader: criteria age, charisma, education, experience
/// (asked in file-name order).
fn leader(tag: &str) -> TempDir {
    let ws = TempDir::new(tag);
    ws.write("vagval.toml", example("vagval.toml"));
    for c in ["age", "charisma", "education", "experience"] {
        ws.write(
            &format!("criteria/{c}.toml"),
            example(&format!("criteria/{c}.toml")),
        );
    }
    ws
}

/// The leader example with Experience split into two sub-criteria.
fn leader_with_sub_criteria(tag: &str) -> TempDir {
    let ws = leader(tag);
    ws.write(
        "criteria/experience.toml",
        r#"id = "experience"
name = "Experience"

[weights]
direct = { experience-industry = 1, experience-leading = 1 }
"#,
    );
    for (id, name) in [
        ("experience-industry", "Experience of the industry"),
        ("experience-leading", "Experience of leading \"people\""),
    ] {
        ws.write(
            &format!("criteria/{id}.toml"),
            format!(
                r#"id = "{id}"
name = '{name}'
parent = "experience"

[pairwise]
judgments = [["tom", "dick", "1/4"], ["tom", "harry", 4], ["dick", "harry", 9]]
"#
            ),
        );
    }
    let check = vagval(&["--workspace", ws.path().to_str().unwrap(), "check"], b"");
    assert_eq!(check.code, 0, "the test workspace is invalid: {check:?}");
    ws
}

// ---------------------------------------------------------------------------
// A Lua-free reader of group scripts, enough to check the written format
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Name(String),
    Str(String),
    Number(f64),
    Punct(char),
}

/// Tokens of the Lua subset a group script uses; panics on anything else
/// (long strings or comments, unknown escapes, unbalanced quotes).
fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '-' && chars.get(i + 1) == Some(&'-') {
            assert_ne!(chars.get(i + 2), Some(&'['), "long comment in\n{text}");
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '"' {
            let mut s = String::new();
            i += 1;
            loop {
                let c = *chars
                    .get(i)
                    .unwrap_or_else(|| panic!("unclosed string in\n{text}"));
                i += 1;
                match c {
                    '"' => break,
                    '\n' | '\r' => panic!("line break in a string in\n{text}"),
                    '\\' => {
                        let e = chars[i];
                        i += 1;
                        match e {
                            'n' => s.push('\n'),
                            'r' => s.push('\r'),
                            't' => s.push('\t'),
                            '"' => s.push('"'),
                            '\\' => s.push('\\'),
                            d if d.is_ascii_digit() => {
                                let digits: String = chars[i - 1..i + 2].iter().collect();
                                i += 2;
                                s.push(char::from(digits.parse::<u8>().unwrap()));
                            }
                            other => panic!("unknown escape \\{other} in\n{text}"),
                        }
                    }
                    c => s.push(c),
                }
            }
            out.push(Token::Str(s));
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let number: String = chars[start..i].iter().collect();
            out.push(Token::Number(number.parse().unwrap()));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token::Name(chars[start..i].iter().collect()));
        } else if "{}[]=,".contains(c) {
            out.push(Token::Punct(c));
            i += 1;
        } else {
            panic!("unexpected {c:?} in\n{text}");
        }
    }
    out
}

/// A written judgment: first, second, value as written.
type Written = (String, String, String);

/// A group script as read back.
#[derive(Debug, PartialEq)]
struct Script {
    name: String,
    seats: f64,
    /// Key of `weights` → its judgments.
    weights: Vec<(String, Vec<Written>)>,
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn next(&mut self) -> Token {
        let t = self.tokens.get(self.at).cloned().expect("unexpected end");
        self.at += 1;
        t
    }

    fn expect(&mut self, t: Token) {
        let got = self.next();
        assert_eq!(got, t, "at token {}", self.at);
    }

    fn peek_is(&self, t: &Token) -> bool {
        self.tokens.get(self.at) == Some(t)
    }

    /// `name` or `["any"]`, then `=`.
    fn key(&mut self) -> String {
        let key = match self.next() {
            Token::Name(n) => n,
            Token::Punct('[') => {
                let Token::Str(s) = self.next() else {
                    panic!("bracketed key is not a string")
                };
                self.expect(Token::Punct(']'));
                s
            }
            other => panic!("expected a key, got {other:?}"),
        };
        self.expect(Token::Punct('='));
        key
    }

    fn string(&mut self) -> String {
        match self.next() {
            Token::Str(s) => s,
            other => panic!("expected a string, got {other:?}"),
        }
    }
}

fn read_script(text: &str) -> Script {
    let mut p = Parser {
        tokens: tokens(text),
        at: 0,
    };
    p.expect(Token::Name("return".into()));
    p.expect(Token::Punct('{'));
    assert_eq!(p.key(), "name");
    let name = p.string();
    p.expect(Token::Punct(','));
    assert_eq!(p.key(), "seats");
    let Token::Number(seats) = p.next() else {
        panic!("seats is not a number")
    };
    p.expect(Token::Punct(','));
    assert_eq!(p.key(), "weights");
    p.expect(Token::Punct('{'));
    let mut weights = Vec::new();
    while !p.peek_is(&Token::Punct('}')) {
        let key = p.key();
        p.expect(Token::Name("pairwise".into()));
        p.expect(Token::Punct('{'));
        let mut judgments = Vec::new();
        while !p.peek_is(&Token::Punct('}')) {
            p.expect(Token::Punct('{'));
            let a = p.string();
            p.expect(Token::Punct(','));
            let b = p.string();
            p.expect(Token::Punct(','));
            let v = match p.next() {
                Token::Str(s) => s,
                Token::Number(n) => n.to_string(),
                other => panic!("expected a value, got {other:?}"),
            };
            p.expect(Token::Punct('}'));
            p.expect(Token::Punct(','));
            judgments.push((a, b, v));
        }
        p.expect(Token::Punct('}'));
        p.expect(Token::Punct(','));
        weights.push((key, judgments));
    }
    p.expect(Token::Punct('}'));
    p.expect(Token::Punct(','));
    p.expect(Token::Punct('}'));
    assert_eq!(p.at, p.tokens.len(), "trailing tokens in\n{text}");
    Script {
        name,
        seats,
        weights,
    }
}

/// The CR of a set of written judgments over `items` (gaps completed as
/// vagval completes them); also checks them as the workspace loader would.
fn cr_of(items: &[&str], judgments: &[Written]) -> f64 {
    let judgments: Vec<Judgment> = judgments
        .iter()
        .map(|(a, b, v)| Judgment::new(a.clone(), b.clone(), parse_value(v).unwrap()))
        .collect();
    let matrix = PairwiseMatrix::from_judgments(items, &judgments, &Site::Matrix).unwrap();
    let s = Settings::default();
    vagval_core::analyze(&matrix, s.method, s.ri, s.completion, &Site::Matrix)
        .unwrap()
        .cr
}

/// Checks `text` against docs/lua-api.md for the leader criteria (and the
/// sub-criteria of experience when `sub` is set): a header comment, then
/// `return { name, seats, weights = { goal = pairwise {…}, … } }`, every pair
/// of every set judged once, ids known, values readable.
fn check_valid(text: &str, sub: bool) -> Script {
    assert!(
        text.starts_with("-- ") && text.lines().next().unwrap().contains("vagval survey"),
        "{text}"
    );
    assert!(text.ends_with("}\n"), "{text}");
    let script = read_script(text);
    assert!(!script.name.is_empty() && script.seats > 0.0, "{script:?}");
    let mut sets: Vec<(&str, Vec<&str>)> =
        vec![("goal", vec!["age", "charisma", "education", "experience"])];
    if sub {
        sets.push((
            "experience",
            vec!["experience-industry", "experience-leading"],
        ));
    }
    assert_eq!(
        script
            .weights
            .iter()
            .map(|(k, _)| k.as_str())
            .collect::<Vec<_>>(),
        sets.iter().map(|(k, _)| *k).collect::<Vec<_>>()
    );
    for ((_, judgments), (_, items)) in script.weights.iter().zip(&sets) {
        let n = items.len();
        assert_eq!(judgments.len(), n * (n - 1) / 2, "{judgments:?}");
        for (a, b, v) in judgments {
            assert!(items.contains(&a.as_str()) && items.contains(&b.as_str()));
            // The preferred item first: the value is at least 1.
            assert!(parse_value(v).unwrap() >= 1.0, "{v}");
        }
        cr_of(items, judgments); // no duplicate pairs, all connected
    }
    script
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

/// The leader example's judgments (Wikipedia), answered in Swedish.
const LEADER_SV: &str = "\
2\nstarkt\n\
2\nmåttligt\n\
2\nmycket starkt\n\
1\nmåttligt\n\
2\nmåttligt\n\
2\nmåttligt plus\n";

const LEADER_SV_EXPECTED: &str = r#"-- Group "styrelsen": its weights of the criteria, written by vagval survey.
-- The format is in docs/lua-api.md. Edit by hand, or run `vagval survey --group styrelsen` again
-- (the old file is then kept as styrelsen.lua.bak).
return {
  name = "Styrelsen",
  seats = 9,
  weights = {
    -- the top-level criteria
    goal = pairwise {
      { "charisma", "age", "starkt" },
      { "education", "age", "måttligt" },
      { "experience", "age", "mycket starkt" },
      { "charisma", "education", "måttligt" },
      { "experience", "charisma", "måttligt" },
      { "experience", "education", "måttligt plus" },
    },
  },
}
"#;

#[test]
fn swedish_answers_write_the_expected_script() {
    let ws = leader("sv");
    let run = ok(survey(
        &ws,
        "styrelsen",
        "sv",
        &["--name", "Styrelsen", "--seats", "9"],
        LEADER_SV,
    ));
    let path = ws.groups().join("styrelsen.lua");
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, LEADER_SV_EXPECTED);
    assert!(
        run.stdout.contains("wrote") && run.stdout.contains("styrelsen.lua"),
        "{run:?}"
    );
    for expected in [
        "[1/6] Vilket är viktigast: Age eller Charisma? (1 = den första, 2 = den andra, = lika)",
        "Hur mycket viktigare? (lika, svagt, måttligt, måttligt plus, starkt, starkt plus, mycket starkt, mycket mycket starkt, extremt — eller 1–9)",
        "CR hittills: 0,04 (godtagbart)",
    ] {
        assert!(
            run.stdout.contains(expected),
            "missing {expected:?}:\n{run:?}"
        );
    }
    // A consistent set is not revisited; name and seats were not asked.
    assert!(!run.stdout.contains("Föreslaget"), "{run:?}");
    assert!(!run.stdout.contains("Gruppens namn"), "{run:?}");
    assert_eq!(listing(&ws.groups()), ["styrelsen.lua"]);
    let script = check_valid(&text, false);
    assert_eq!(script.name, "Styrelsen");
    assert_eq!(script.seats, 9.0);
    let items = ["age", "charisma", "education", "experience"];
    assert!(cr_of(&items, &script.weights[0].1) < 0.10);
}

#[test]
fn english_answers_with_sub_criteria_asking_name_and_seats() {
    let ws = leader_with_sub_criteria("en");
    let answers = "\
The \"Board\" \\ 2024\n\
12.5\n\
2\nstrong\n\
2\nmoderate\n\
2\nvery strong\n\
1\n3\n\
2\n3\n\
2\nmoderate plus\n\
=\n";
    let run = ok(survey(&ws, "board_1", "en", &[], answers));
    let text = std::fs::read_to_string(ws.groups().join("board_1.lua")).unwrap();
    let expected = r#"-- Group "board_1": its weights of the criteria, written by vagval survey.
-- The format is in docs/lua-api.md. Edit by hand, or run `vagval survey --group board_1` again
-- (the old file is then kept as board_1.lua.bak).
return {
  name = "The \"Board\" \\ 2024",
  seats = 12.5,
  weights = {
    -- the top-level criteria
    goal = pairwise {
      { "charisma", "age", "strong" },
      { "education", "age", "moderate" },
      { "experience", "age", "very strong" },
      { "charisma", "education", 3 },
      { "experience", "charisma", 3 },
      { "experience", "education", "moderate plus" },
    },
    -- the sub-criteria of "Experience"
    experience = pairwise {
      { "experience-industry", "experience-leading", "equal" },
    },
  },
}
"#;
    assert_eq!(text, expected);
    for shown in [
        "The group's name?",
        "Number of seats? (a positive number)",
        "[1/6] Which matters more: Age or Charisma? (1 = the first, 2 = the second, = equal)",
        "How much more? (equal, weak, moderate, moderate plus, strong, strong plus, very strong, very very strong, extreme — or 1–9)",
        "CR so far: 0.04 (acceptable)",
        "Compare the sub-criteria of “Experience” (2, 1 question).",
        "[1/1] Which matters more: Experience of the industry or Experience of leading \"people\"?",
    ] {
        assert!(run.stdout.contains(shown), "missing {shown:?}:\n{run:?}");
    }
    // No CR for a pair: it is always consistent.
    let after_sub = run.stdout.split("Compare the sub-criteria").nth(1).unwrap();
    assert!(!after_sub.contains("CR so far"), "{run:?}");
    let script = check_valid(&text, true);
    assert_eq!(script.name, "The \"Board\" \\ 2024");
    assert_eq!(script.seats, 12.5);
}

#[test]
fn an_inconsistent_set_is_offered_for_revisiting_and_the_suggestions_help() {
    let ws = leader("revisit");
    // As the leader example, but Education over Experience (4): CR 0.52.
    let answers = format!(
        "2\nstarkt\n2\nmåttligt\n2\nmycket starkt\n1\nmåttligt\n2\nmåttligt\n1\nmåttligt plus\n{}",
        "f\n".repeat(6)
    );
    let run = ok(survey(
        &ws,
        "g",
        "sv",
        &["--name", "G", "--seats", "1"],
        &answers,
    ));
    let out = &run.stdout;
    assert!(
        out.contains("CR hittills: 0,52 (för högt, över 0,10)"),
        "{run:?}"
    );
    assert!(out.contains("CR = 0,52 är över 0,10"), "{run:?}");
    assert!(
        out.contains(
            "Du svarade: Education före Experience, måttligt plus (4). Föreslaget: lika (1)."
        ),
        "{run:?}"
    );
    assert!(out.contains("Föreslaget: svagt (2)."), "{run:?}");
    assert!(
        out.contains("Enter = behåll, f = ta förslaget, eller ett nytt värde för"),
        "{run:?}"
    );
    let last = out.lines().rfind(|l| l.contains("CR nu: ")).unwrap();
    assert!(last.contains("(godtagbart)"), "{last}\n{run:?}");
    let text = std::fs::read_to_string(ws.groups().join("g.lua")).unwrap();
    let script = check_valid(&text, false);
    let items = ["age", "charisma", "education", "experience"];
    let cr = cr_of(&items, &script.weights[0].1);
    assert!(cr <= 0.10, "CR {cr} after the suggestions:\n{text}");
    // The accepted suggestions are written as labels.
    assert!(
        text.contains(r#"{ "education", "experience", "lika" },"#),
        "{text}"
    );
}

#[test]
fn keeping_the_inconsistent_judgments_writes_them_as_given() {
    let ws = leader("keep");
    let answers =
        "2\nstrong\n2\nmoderate\n2\nvery strong\n1\nmoderate\n2\nmoderate\n1\n4\n\nkeep\n\n";
    let run = ok(survey(
        &ws,
        "g",
        "en",
        &["--name", "G", "--seats", "1"],
        answers,
    ));
    assert!(run.stdout.contains("Suggested: equal (1)."), "{run:?}");
    assert!(
        run.stdout
            .contains("The answers are kept as they are (CR = 0.52)."),
        "{run:?}"
    );
    let text = std::fs::read_to_string(ws.groups().join("g.lua")).unwrap();
    assert!(
        text.contains(r#"{ "education", "experience", 4 },"#),
        "{text}"
    );
    check_valid(&text, false);
}

#[test]
fn bad_answers_are_asked_again() {
    let ws = leader("bad");
    let answers = "\
\n\
Gruppen\n\
noll\n-4\n0\n7\n\
3\nja\n2\nmer\n1/5\n12\nstarkt\n\
2\nmåttligt\n2\nmycket starkt\n1\nmåttligt\n2\nmåttligt\n2\nmåttligt plus\n";
    let run = ok(survey(&ws, "g", "sv", &[], answers));
    let out = &run.stdout;
    for (message, times) in [
        ("Skriv gruppens namn.", 1),
        ("Antalet mandat ska vara ett positivt tal, t.ex. 12.", 3),
        (
            "Svara 1 (den första), 2 (den andra) eller = (lika viktiga).",
            2,
        ),
        ("Okänt svar: skriv lika, svagt,", 1),
        (
            "Bara hur mycket (1–9): vilket som är viktigast har du redan svarat.",
            1,
        ),
        ("Talet ska vara från 1 till 9.", 1),
    ] {
        assert_eq!(out.matches(message).count(), times, "{message}:\n{run:?}");
    }
    assert_eq!(
        out.matches("[1/6] Vilket är viktigast").count(),
        3,
        "{run:?}"
    );
    let text = std::fs::read_to_string(ws.groups().join("g.lua")).unwrap();
    let script = check_valid(&text, false);
    assert_eq!(script.name, "Gruppen");
    assert_eq!(script.seats, 7.0);
    assert_eq!(
        script.weights[0].1[0],
        ("charisma".into(), "age".into(), "starkt".into())
    );
}

#[test]
fn end_of_input_writes_nothing_and_keeps_an_existing_file() {
    let ws = leader("eof");
    // Without a scripts folder: none is created.
    for cut in ["", "2\nstarkt\n", "2\nstarkt\n2\n"] {
        let run = survey(&ws, "g", "sv", &["--name", "G", "--seats", "3"], cut);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(run.stderr.contains("ingenting skrevs"), "{run:?}");
        assert!(!ws.path().join("scripts").exists(), "{run:?}");
    }
    // With an existing script: byte-identical, no backup, no temp file.
    let old: &[u8] =
        b"-- the group's own file\r\nreturn { name = \"G\", seats = 3, weights = {} }\n";
    ws.write("scripts/groups/g.lua", old);
    ws.write("scripts/groups/other.lua", "-- another group");
    let before = snapshot(ws.path());
    let partial = &LEADER_SV[..LEADER_SV.len() - "måttligt plus\n".len()];
    for (lang, cut, says) in [
        ("sv", partial, "ingenting skrevs"),
        ("en", "Name\n", "nothing was written"),
        ("en", "Name\n5\n2\n", "nothing was written"),
    ] {
        let extra: &[&str] = if lang == "sv" {
            &["--name", "G", "--seats", "3"]
        } else {
            &[]
        };
        let run = survey(&ws, "g", lang, extra, cut);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(run.stderr.contains(says), "{run:?}");
        assert_eq!(snapshot(ws.path()), before, "{run:?}");
    }
    assert_eq!(std::fs::read(ws.groups().join("g.lua")).unwrap(), old);
}

#[test]
fn an_existing_file_is_kept_as_bak_and_replaced() {
    let ws = leader("bak");
    ws.write("scripts/groups/styrelsen.lua", "-- version 1\n");
    let args = ["--name", "Styrelsen", "--seats", "9"];
    ok(survey(&ws, "styrelsen", "sv", &args, LEADER_SV));
    let groups = ws.groups();
    assert_eq!(
        std::fs::read_to_string(groups.join("styrelsen.lua")).unwrap(),
        LEADER_SV_EXPECTED
    );
    assert_eq!(
        std::fs::read_to_string(groups.join("styrelsen.lua.bak")).unwrap(),
        "-- version 1\n"
    );
    // Again: the first backup stays, the next one is .bak.1.
    std::fs::write(groups.join("styrelsen.lua"), "-- version 2\n").unwrap();
    ok(survey(&ws, "styrelsen", "sv", &args, LEADER_SV));
    assert_eq!(
        std::fs::read_to_string(groups.join("styrelsen.lua.bak")).unwrap(),
        "-- version 1\n"
    );
    assert_eq!(
        std::fs::read_to_string(groups.join("styrelsen.lua.bak.1")).unwrap(),
        "-- version 2\n"
    );
    assert_eq!(
        std::fs::read_to_string(groups.join("styrelsen.lua")).unwrap(),
        LEADER_SV_EXPECTED
    );
    assert_eq!(
        listing(&groups),
        ["styrelsen.lua", "styrelsen.lua.bak", "styrelsen.lua.bak.1"]
    );
}

#[test]
fn unsafe_group_ids_and_bad_options_are_refused() {
    let ws = leader("refuse");
    let before = snapshot(ws.path());
    for group in ["../evil", "a/b", "g.lua", "", "a b", "grön"] {
        let run = survey(
            &ws,
            group,
            "en",
            &["--name", "G", "--seats", "1"],
            LEADER_SV,
        );
        assert_eq!(run.code, 1, "{group}: {run:?}");
        assert!(run.stderr.contains("cannot be a group id"), "{run:?}");
    }
    let run = survey(&ws, "g", "en", &["--name", "G", "--seats", "0"], LEADER_SV);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("positive number"), "{run:?}");
    assert_eq!(snapshot(ws.path()), before);
    assert!(!ws.path().join("evil.lua").exists());
}
