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
use std::time::{Duration, Instant};
use vagval_core::model::Site;
use vagval_core::pairwise::{Judgment, PairwiseMatrix};
use vagval_core::scale::parse_value;
use vagval_core::settings::Settings;

mod common;

use common::{Run, TIMEOUT, TempDir, command, run_stdin};

/// Runs the binary with `args` (in this test's folder), feeding `stdin`;
/// fails on a hang or panic.
fn vagval(args: &[&str], stdin: &[u8]) -> Run {
    run_stdin(Path::new("."), args, stdin)
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

/// A survey of group `g` (named G, 2 seats) that must succeed.
fn survey_g(ws: &TempDir, lang: &str, answers: &str) -> Run {
    ok(survey(
        ws,
        "g",
        lang,
        &["--name", "G", "--seats", "2"],
        answers,
    ))
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

const LEADER_SV_EXPECTED: &str = r#"-- Gruppen "styrelsen": dess vikter för kriterierna, skrivna av vagval survey.
-- Formatet beskrivs i docs/lua-api.md. Ändra för hand, eller kör `vagval survey --group styrelsen` igen
-- (den gamla filen sparas då som styrelsen.lua.bak).
return {
  name = "Styrelsen",
  seats = 9,
  weights = {
    -- huvudkriterierna
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
    // The last line is Swedish too.
    let last = run.stdout.lines().last().unwrap();
    assert!(
        last.starts_with("Skrev ") && last.ends_with("styrelsen.lua"),
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
12\n\
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
  seats = 12,
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
        "Number of seats? (a whole number)",
        "The seats must be a whole number of at least 1, e.g. 12.",
        "[1/6] Which matters more: Age or Charisma? (1 = the first, 2 = the second, = equal)",
        "How much more? (equal, weak, moderate, moderate plus, strong, strong plus, very strong, very very strong, extreme — or 1–9)",
        "CR so far: 0.04 (acceptable)",
        "Compare the sub-criteria of “Experience” (2, 1 question; 6 of 7 answered so far).",
        "[1/1] Which matters more: Experience of the industry or Experience of leading \"people\"?",
    ] {
        assert!(run.stdout.contains(shown), "missing {shown:?}:\n{run:?}");
    }
    // No CR for a pair: it is always consistent.
    let after_sub = run.stdout.split("Compare the sub-criteria").nth(1).unwrap();
    assert!(!after_sub.contains("CR so far"), "{run:?}");
    let script = check_valid(&text, true);
    assert_eq!(script.name, "The \"Board\" \\ 2024");
    assert_eq!(script.seats, 12.0);
    assert!(
        run.stdout.lines().last().unwrap().starts_with("wrote "),
        "{run:?}"
    );
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
        ("Antalet mandat ska vara ett heltal, minst 1, t.ex. 12.", 3),
        (
            "Svara 1 (den första), 2 (den andra) eller = (lika viktiga);",
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

/// The draft's answers: (set, first, second, value) as stored.
fn draft_answers(ws: &TempDir, group: &str) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(ws.groups().join(format!(".{group}.draft.json")))
        .unwrap_or_else(|e| panic!("no draft: {e}"));
    let draft: serde_json::Value = serde_json::from_str(&text).unwrap();
    draft["answers"].as_array().unwrap().clone()
}

#[test]
fn end_of_input_keeps_the_answers_in_a_draft_and_changes_nothing_else() {
    let ws = leader("eof");
    // Nothing answered: no folder, no draft.
    let run = survey(&ws, "g", "sv", &["--name", "G", "--seats", "3"], "");
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains("gruppens skript skrevs inte"),
        "{run:?}"
    );
    assert!(!ws.path().join("scripts").exists(), "{run:?}");
    // With an existing script: byte-identical, no backup, no temp file; only
    // the draft is added, with every answer given.
    let old: &[u8] =
        b"-- the group's own file\r\nreturn { name = \"G\", seats = 3, weights = {} }\n";
    ws.write("scripts/groups/g.lua", old);
    ws.write("scripts/groups/other.lua", "-- another group");
    let before = snapshot(ws.path());
    let partial = &LEADER_SV[..LEADER_SV.len() - "måttligt plus\n".len()];
    for (lang, cut, says, answered) in [
        ("sv", partial, "gruppens skript skrevs inte", 5),
        ("en", "Name\n", "the group's script was not written", 0),
        (
            "en",
            "Name\n5\n2\nstrong\n1\n",
            "the group's script was not written",
            1,
        ),
    ] {
        let extra: &[&str] = if lang == "sv" {
            &["--name", "G", "--seats", "3"]
        } else {
            &[]
        };
        let run = survey(&ws, "g", lang, extra, cut);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(run.stderr.contains(says), "{run:?}");
        let mut after = snapshot(ws.path());
        let draft = ws.groups().join(".g.draft.json");
        if answered > 0 {
            assert_eq!(draft_answers(&ws, "g").len(), answered, "{run:?}");
            after.remove(&draft);
            std::fs::remove_file(&draft).unwrap();
        }
        assert_eq!(after, before, "{run:?}");
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
        // A group id given on the command line is a usage error (exit 2).
        assert_eq!(run.code, 2, "{group}: {run:?}");
        assert!(run.stderr.contains("cannot be a group id"), "{run:?}");
    }
    // Seats are a whole number of at least 1: a usage error otherwise.
    for seats in ["0", "2.5", "tolv"] {
        let run = survey(
            &ws,
            "g",
            "en",
            &["--name", "G", "--seats", seats],
            LEADER_SV,
        );
        assert_eq!(run.code, 2, "{seats}: {run:?}");
        assert!(run.stderr.contains("--seats"), "{run:?}");
    }
    assert_eq!(snapshot(ws.path()), before);
    assert!(!ws.path().join("evil.lua").exists());
}

// ---------------------------------------------------------------------------
// A survey running live: answers fed a few at a time, then killed or ended
// ---------------------------------------------------------------------------

struct Live {
    child: std::process::Child,
    stdin: Option<std::process::ChildStdin>,
    stdout: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Live {
    fn start(ws: &TempDir, group: &str, lang: &str, extra: &[&str]) -> Live {
        let root = ws.path().to_str().unwrap();
        let mut child = command(Path::new("."))
            .args([
                "--workspace",
                root,
                "survey",
                "--group",
                group,
                "--lang",
                lang,
            ])
            .args(extra)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        let mut out = child.stdout.take().unwrap();
        let stdout = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = stdout.clone();
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Live {
            child,
            stdin,
            stdout,
            reader: Some(reader),
        }
    }

    fn send(&mut self, text: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(text.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }

    fn shown(&self) -> String {
        String::from_utf8_lossy(&self.stdout.lock().unwrap()).into_owned()
    }

    /// Waits until `ready` holds (or fails after the timeout).
    fn wait_until(&self, what: &str, ready: impl Fn(&Live) -> bool) {
        let start = Instant::now();
        while !ready(self) {
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {what}:\n{}",
                self.shown()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Sends the signal (`INT` as Ctrl-C does, `KILL` as a closed machine).
    fn signal(mut self, signal: &str) {
        let pid = self.child.id().to_string();
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .unwrap();
        assert!(status.success());
        let status = self.child.wait().unwrap();
        assert!(status.code().is_none(), "not killed: {status:?}");
        drop(self.stdin.take());
        let _ = self.reader.take().unwrap().join();
    }

    /// Closes stdin and waits for the exit code.
    fn finish(mut self) -> (i32, String) {
        drop(self.stdin.take());
        let status = self.child.wait().unwrap();
        let _ = self.reader.take().unwrap().join();
        (status.code().unwrap(), self.shown())
    }
}

fn draft_len(ws: &TempDir, group: &str) -> usize {
    let path = ws.groups().join(format!(".{group}.draft.json"));
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|v| v["answers"].as_array().map(Vec::len))
        .unwrap_or(0)
}

/// LEADER_SV in English words.
const LEADER_EN: &str = "\
2\nstrong\n\
2\nmoderate\n\
2\nvery strong\n\
1\nmoderate\n\
2\nmoderate\n\
2\nmoderate plus\n";

/// The first `n` answers (two lines each) of a leader answer list, and the rest.
fn split_answers(answers: &str, n: usize) -> (String, String) {
    let lines: Vec<&str> = answers.lines().collect();
    let head = lines[..2 * n].iter().map(|l| format!("{l}\n")).collect();
    let tail = lines[2 * n..].iter().map(|l| format!("{l}\n")).collect();
    (head, tail)
}

#[test]
fn a_survey_killed_midway_keeps_its_answers_in_a_draft_and_resumes() {
    for (lang, signal, answers, yes, resumed) in [
        (
            "sv",
            "INT",
            LEADER_SV,
            "j\n",
            "Fortsätter: 3 av 6 frågor besvarade.",
        ),
        (
            "en",
            "KILL",
            LEADER_EN,
            "y\n",
            "Continuing: 3 of 6 questions answered.",
        ),
    ] {
        let ws = leader(&format!("kill-{lang}"));
        ws.write("scripts/groups/other.lua", "-- another group\n");
        let before = snapshot(ws.path());
        let args = ["--name", "Styrelsen", "--seats", "9"];
        let mut live = Live::start(&ws, "styrelsen", lang, &args);
        let (head, tail) = split_answers(answers, 3);
        live.send(&head);
        live.wait_until("three answers in the draft", |_| {
            draft_len(&ws, "styrelsen") == 3
        });
        live.signal(signal);
        // Nothing changed but the draft (and a lock file the system has
        // released with the process).
        let mut after = snapshot(ws.path());
        after
            .remove(&ws.groups().join(".styrelsen.draft.json"))
            .unwrap();
        after.remove(&ws.groups().join(".styrelsen.lock"));
        assert_eq!(after, before, "{lang}");
        // Resumed: the three answers are not asked again.
        let run = ok(survey(
            &ws,
            "styrelsen",
            lang,
            &args,
            &format!("{yes}{tail}"),
        ));
        assert!(run.stdout.contains(resumed), "{run:?}");
        assert!(!run.stdout.contains("[1/6]"), "{run:?}");
        assert!(run.stdout.contains("[4/6]"), "{run:?}");
        let text = std::fs::read_to_string(ws.groups().join("styrelsen.lua")).unwrap();
        if lang == "sv" {
            assert_eq!(text, LEADER_SV_EXPECTED);
        }
        let script = check_valid(&text, false);
        let values: Vec<f64> = script.weights[0]
            .1
            .iter()
            .map(|(_, _, v)| parse_value(v).unwrap())
            .collect();
        assert_eq!(values, [5.0, 3.0, 7.0, 3.0, 3.0, 4.0], "{text}");
        // The draft and the lock are gone once the script is written.
        assert_eq!(listing(&ws.groups()), ["other.lua", "styrelsen.lua"]);
    }
}

#[test]
fn declining_the_draft_starts_afresh() {
    let ws = leader("decline");
    let args = ["--name", "G", "--seats", "2"];
    let (head, _) = split_answers(LEADER_SV, 2);
    let run = survey(&ws, "g", "sv", &args, &head);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(draft_len(&ws, "g"), 2);
    let run = ok(survey(&ws, "g", "sv", &args, &format!("n\n{LEADER_SV}")));
    assert!(run.stdout.contains("Börjar om"), "{run:?}");
    assert!(run.stdout.contains("[1/6]"), "{run:?}");
    assert_eq!(listing(&ws.groups()), ["g.lua"]);
}

#[test]
fn a_second_survey_of_the_same_group_is_refused_while_the_first_runs() {
    for (lang, says) in [
        ("en", "another survey of the group `g` is running"),
        ("sv", "en annan enkät för gruppen `g` pågår"),
    ] {
        let ws = leader(&format!("lock-{lang}"));
        let args = ["--name", "G", "--seats", "2"];
        let mut first = Live::start(&ws, "g", lang, &args);
        first.wait_until("the first question", |l| l.shown().contains("[1/6]"));
        let second = survey(&ws, "g", lang, &args, LEADER_SV);
        assert_eq!(second.code, 1, "{second:?}");
        assert!(second.stderr.contains(says), "{second:?}");
        assert!(
            second.stderr.contains(&first.child.id().to_string()),
            "{second:?}"
        );
        // Another group may be surveyed meanwhile.
        ok(survey(&ws, "h", "sv", &args, LEADER_SV));
        // The first one's answers all arrive.
        first.send(if lang == "sv" { LEADER_SV } else { LEADER_EN });
        let (code, shown) = first.finish();
        assert_eq!(code, 0, "{shown}");
        let text = std::fs::read_to_string(ws.groups().join("g.lua")).unwrap();
        check_valid(&text, false);
        assert_eq!(listing(&ws.groups()), ["g.lua", "h.lua"]);
        // A lock left by a killed survey is free again.
        let killed = Live::start(&ws, "g", lang, &args);
        killed.wait_until("the first question", |l| l.shown().contains("[1/6]"));
        killed.signal("KILL");
        assert!(ws.groups().join(".g.lock").exists());
        ok(survey(
            &ws,
            "g",
            lang,
            &args,
            &format!("\n{}", "\n".repeat(6)),
        ));
        assert_eq!(
            listing(&ws.groups()),
            ["g.lua", "g.lua.bak", "h.lua"],
            "the lock file is removed after a run"
        );
    }
}

#[test]
fn names_the_loader_would_refuse_are_refused_before_anything_is_written() {
    let ws = leader("names");
    survey_g(&ws, "sv", LEADER_SV);
    let before = snapshot(ws.path());
    let long = "x".repeat(201);
    for lang in ["en", "sv"] {
        for (name, says_en, says_sv) in [
            (
                "a\nb",
                "line break or control character",
                "radbrytning eller ett styrtecken",
            ),
            (
                "a\tb",
                "line break or control character",
                "radbrytning eller ett styrtecken",
            ),
            (
                "a\u{1b}[31mb",
                "line break or control character",
                "radbrytning eller ett styrtecken",
            ),
            (long.as_str(), "at most 200 characters", "200"),
            ("  ", "empty", "tomt"),
        ] {
            let run = survey(&ws, "g", lang, &["--name", name, "--seats", "1"], LEADER_SV);
            assert_eq!(run.code, 1, "{name:?}: {run:?}");
            let says = if lang == "sv" { says_sv } else { says_en };
            assert!(run.stderr.contains(says), "{name:?}: {run:?}");
            assert_eq!(snapshot(ws.path()), before, "{name:?}");
        }
    }
    // Every command still works.
    let check = vagval(
        &["--workspace", ws.path().to_str().unwrap(), "weights"],
        b"",
    );
    assert_eq!(check.code, 0, "{check:?}");
    // Asked names are asked again; 200 characters (not bytes) are accepted.
    let edge = "å".repeat(200);
    let answers = format!("a\tb\n{long}\n{edge}\n4\n{LEADER_SV}");
    let run = ok(survey(&ws, "g", "sv", &[], &answers));
    assert_eq!(run.stdout.matches("Gruppens namn?").count(), 3, "{run:?}");
    let text = std::fs::read_to_string(ws.groups().join("g.lua")).unwrap();
    assert_eq!(check_valid(&text, false).name, edge);
    let check = vagval(
        &["--workspace", ws.path().to_str().unwrap(), "weights"],
        b"",
    );
    assert_eq!(check.code, 0, "{check:?}");
}

#[cfg(unix)]
#[test]
fn links_out_of_the_workspace_are_not_written_through() {
    use std::os::unix::fs::symlink;
    let outside = TempDir::new("outside");
    outside.write("target.lua", "-- not the workspace's\n");
    let ws = leader("links");
    std::fs::create_dir_all(ws.groups()).unwrap();
    symlink(outside.path().join("target.lua"), ws.groups().join("g.lua")).unwrap();
    let args = ["--name", "G", "--seats", "2"];
    for (lang, says) in [
        ("en", "leads out of the workspace"),
        ("sv", "leder ut ur arbetsytan"),
    ] {
        let run = survey(&ws, "g", lang, &args, LEADER_SV);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(run.stderr.contains(says), "{run:?}");
        assert!(
            !run.stdout.contains("[1/6]"),
            "asked before refusing: {run:?}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(outside.path().join("target.lua")).unwrap(),
        "-- not the workspace's\n"
    );
    assert_eq!(listing(outside.path()), ["target.lua"]);
    // The folder itself a link out: refused too.
    let ws2 = leader("links-dir");
    std::fs::create_dir_all(ws2.path().join("scripts")).unwrap();
    symlink(outside.path(), ws2.groups()).unwrap();
    let run = survey(&ws2, "h", "en", &args, LEADER_SV);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(listing(outside.path()), ["target.lua"]);
    // A folder where the script goes is refused before any question.
    let ws4 = leader("links-folder");
    std::fs::create_dir_all(ws4.groups().join("g.lua")).unwrap();
    let run = survey(&ws4, "g", "sv", &args, LEADER_SV);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("är inte en vanlig fil"), "{run:?}");
    assert!(!run.stdout.contains("[1/6]"), "{run:?}");
    // A link inside the workspace is written through and stays a link.
    let ws3 = leader("links-inside");
    ws3.write("shared/g.lua", "-- old\n");
    std::fs::create_dir_all(ws3.groups()).unwrap();
    symlink(ws3.path().join("shared/g.lua"), ws3.groups().join("g.lua")).unwrap();
    ok(survey(&ws3, "g", "sv", &args, LEADER_SV));
    assert!(
        std::fs::symlink_metadata(ws3.groups().join("g.lua"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    check_valid(
        &std::fs::read_to_string(ws3.path().join("shared/g.lua")).unwrap(),
        false,
    );
}

#[test]
fn temporaries_of_killed_runs_are_cleaned_and_live_ones_kept() {
    let ws = leader("stale");
    // pid_max is at most 2^22 = 4194304, so this process cannot exist.
    ws.write("scripts/groups/.vagval-4194399-0.tmp", "half a scri");
    let live = format!(".vagval-{}-0.tmp", std::process::id());
    ws.write(&format!("scripts/groups/{live}"), "in progress");
    survey_g(&ws, "sv", LEADER_SV);
    assert_eq!(listing(&ws.groups()), [live.as_str(), "g.lua"]);
}

#[test]
fn back_skip_and_help_in_both_languages() {
    for lang in ["sv", "en"] {
        let ws = leader_with_sub_criteria(&format!("back-{lang}"));
        ws.edit_description();
        let (w, strong, moderate, very, plus) = if lang == "sv" {
            (
                "vet ej",
                "starkt",
                "måttligt",
                "mycket starkt",
                "måttligt plus",
            )
        } else {
            (
                "don't know",
                "strong",
                "moderate",
                "very strong",
                "moderate plus",
            )
        };
        // Pair 1 answered, undone with <, explained with ?, answered again;
        // pair 2 skipped ("don't know"); in "how much", < returns to "which";
        // the sub-criteria's single pair cannot be skipped.
        let answers = format!(
            "2\n{strong}\n<\n?\n2\n<\n2\n{moderate}\n{w}\n2\n{very}\n1\n{moderate}\n2\n{moderate}\n2\n{plus}\n-\n=\n"
        );
        let run = survey_g(&ws, lang, &answers);
        let out = &run.stdout;
        assert!(
            out.contains("Age: How old the candidate is, in years."),
            "{run:?}"
        );
        assert!(
            out.contains("Charisma: (no description in the workspace)")
                || out.contains("Charisma: (ingen beskrivning i arbetsytan)"),
            "{run:?}"
        );
        let refused = if lang == "sv" {
            "Den här frågan går inte att hoppa över"
        } else {
            "This pair cannot be skipped"
        };
        assert_eq!(out.matches(refused).count(), 1, "{run:?}");
        let text = std::fs::read_to_string(ws.groups().join("g.lua")).unwrap();
        let script = read_script(&text);
        let goal = &script.weights[0].1;
        assert_eq!(goal.len(), 5, "{text}");
        assert_eq!(
            goal[0],
            ("charisma".into(), "age".into(), moderate.to_string())
        );
        assert!(
            !goal
                .iter()
                .any(|(a, b, _)| [a.as_str(), b.as_str()] == ["age", "education"]
                    || [a.as_str(), b.as_str()] == ["education", "age"]),
            "{text}"
        );
        let skipped_comment = if lang == "sv" {
            "\"vet ej\""
        } else {
            "\"don't know\""
        };
        assert!(text.contains(skipped_comment), "{text}");
        // The loader reads it and completes the gap.
        let root = ws.path().to_str().unwrap();
        let check = vagval(&["--workspace", root, "--lang", lang, "check"], b"");
        assert_eq!(check.code, 0, "{check:?}");
        cr_of(&["age", "charisma", "education", "experience"], goal);
    }
}

trait EditDescription {
    fn edit_description(&self);
}

impl EditDescription for TempDir {
    /// Gives Age a description (the example has none).
    fn edit_description(&self) {
        let path = self.path().join("criteria/age.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.replacen(
            "name = \"Age\"\n",
            "name = \"Age\"\ndescription = \"How old the candidate is, in years.\"\n",
            1,
        );
        std::fs::write(path, text).unwrap();
    }
}

#[test]
fn the_answer_that_makes_cr_jump_is_named_at_once() {
    // As the leader example, but Education over Experience (4): CR 0.04 → 0.52.
    for (lang, answers, says) in [
        (
            "sv",
            "2\nstarkt\n2\nmåttligt\n2\nmycket starkt\n1\nmåttligt\n2\nmåttligt\n1\nmåttligt plus\n",
            "Obs: CR steg från 0,04 till 0,52 med det svaret.\n  Det krockar mest med ditt tidigare svar ”",
        ),
        (
            "en",
            "2\nstrong\n2\nmoderate\n2\nvery strong\n1\nmoderate\n2\nmoderate\n1\nmoderate plus\n",
            "Note: CR rose from 0.04 to 0.52 with that answer.\n  It conflicts most with your earlier answer “",
        ),
    ] {
        let ws = leader(&format!("jump-{lang}"));
        let run = survey_g(&ws, lang, &format!("{answers}\n\n\n"));
        let out = &run.stdout;
        assert_eq!(out.matches(says).count(), 1, "{run:?}");
        // Right after the sixth answer, before the revisit round.
        let at = out.find(says).unwrap();
        assert!(
            out[..at].contains("[6/6]") && !out[..at].contains("CR = 0"),
            "{run:?}"
        );
        // The answer it names is one given, and the one that departs most
        // among the earlier ones: vagval check's first other entry.
        let named = out[at + says.len()..]
            .split(['”', '“', '"'])
            .next()
            .unwrap()
            .to_string();
        let earlier = if lang == "sv" {
            "Charisma före Education, måttligt (3)"
        } else {
            "Charisma over Education, moderate (3)"
        };
        assert_eq!(named, earlier, "{run:?}");
    }
}

/// Ranked names from `vagval evaluate --group <g> --format json`.
fn ranking(ws: &TempDir, group: &str) -> Vec<String> {
    let root = ws.path().to_str().unwrap();
    let run = vagval(
        &[
            "--workspace",
            root,
            "--format",
            "json",
            "evaluate",
            "--group",
            group,
        ],
        b"",
    );
    assert_eq!(run.code, 0, "{run:?}");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut alts: Vec<(u64, String)> = v["alternatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["rank"].as_u64().unwrap(),
                a["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    alts.sort();
    alts.into_iter().map(|(_, n)| n).collect()
}

#[test]
fn the_group_sees_its_weights_and_ranking_at_the_end() {
    for (lang, answers, heading, ranked) in [
        (
            "sv",
            LEADER_SV,
            "Så här väger G kriterierna",
            "Rangordning av alternativen så som G väger kriterierna:",
        ),
        (
            "en",
            LEADER_EN,
            "This is how G weighs the criteria",
            "The alternatives ranked as G weighs the criteria:",
        ),
    ] {
        let ws = leader(&format!("summary-{lang}"));
        let run = survey_g(&ws, lang, answers);
        let out = &run.stdout;
        assert!(out.contains(heading), "{run:?}");
        let tail = out.split(ranked).nth(1).unwrap();
        let shown: Vec<String> = tail
            .lines()
            .filter_map(|l| l.trim().split_once(". "))
            .map(|(_, rest)| rest.rsplit_once(' ').unwrap().0.trim().to_string())
            .collect();
        assert_eq!(shown, ranking(&ws, "g"), "{run:?}");
        // The weights shown are the ones the group script gives (leader
        // example, Wikipedia: Experience 0.547 is the largest).
        let line = out
            .lines()
            .find(|l| l.trim_start().starts_with("Experience"))
            .unwrap();
        let percent: f64 = line
            .split_whitespace()
            .nth(1)
            .unwrap()
            .replace(',', ".")
            .parse()
            .unwrap();
        assert!((percent - 54.7).abs() < 0.6, "{line}");
    }
}

#[test]
fn re_running_a_group_starts_from_its_answers_and_keeps_its_own_judgments() {
    for lang in ["sv", "en"] {
        let ws = leader(&format!("rerun-{lang}"));
        let own = r#"-- hand-written
return {
  name = "Styrelsen",
  seats = 9,
  weights = {
    goal = pairwise {
      { "charisma", "age", 5 },
      { "education", "age", 3 },
      { "experience", "age", 7 },
      { "charisma", "education", 3 },
      { "experience", "charisma", 3 },
      { "experience", "education", 4 },
    },
  },
  alternatives = {
    age = pairwise { { "tom", "dick", 2 }, { "tom", "harry", 4 }, { "dick", "harry", 2 } },
  },
}
"#;
        ws.write("scripts/groups/styrelsen.lua", own);
        let scores_before = {
            let root = ws.path().to_str().unwrap();
            vagval(
                &[
                    "--workspace",
                    root,
                    "--format",
                    "json",
                    "evaluate",
                    "--group",
                    "styrelsen",
                ],
                b"",
            )
            .stdout
        };
        // Enter keeps the name, the seats and every answer.
        let run = ok(survey(&ws, "styrelsen", lang, &[], &"\n".repeat(8)));
        let says = if lang == "sv" {
            "scripts/groups/styrelsen.lua finns redan: den ersätts när enkäten är klar"
        } else {
            "scripts/groups/styrelsen.lua exists: it will be replaced when the survey is done"
        };
        assert!(run.stdout.contains(says), "{run:?}");
        let keeps = if lang == "sv" {
            "Enter behåller nuvarande svar: Charisma före Age, starkt (5)"
        } else {
            "Enter keeps the current answer: Charisma over Age, strong (5)"
        };
        assert!(run.stdout.contains(keeps), "{run:?}");
        assert_eq!(
            std::fs::read_to_string(ws.groups().join("styrelsen.lua.bak")).unwrap(),
            own
        );
        // The same group: same weights, and its own judgments kept, so the
        // same result.
        let root = ws.path().to_str().unwrap();
        let scores_after = vagval(
            &[
                "--workspace",
                root,
                "--format",
                "json",
                "evaluate",
                "--group",
                "styrelsen",
            ],
            b"",
        )
        .stdout;
        assert_eq!(scores_after, scores_before);
        let text = std::fs::read_to_string(ws.groups().join("styrelsen.lua")).unwrap();
        assert!(text.contains("alternatives = {"), "{text}");
        // Changing one answer changes only that one.
        // (then the revisit round: Enter keeps each offered answer)
        let answers = format!("\n\n{}1\n3\n\n\n\n", "\n".repeat(5));
        ok(survey(&ws, "styrelsen", lang, &[], &answers));
        let text = std::fs::read_to_string(ws.groups().join("styrelsen.lua")).unwrap();
        let script = read_script_with_alternatives(&text);
        assert_eq!(
            script[5],
            ("education".into(), "experience".into(), "3".into()),
            "{text}"
        );
        assert_eq!(script[0].0, "charisma");
    }
}

/// The goal judgments of a script that may hold `alternatives` after weights.
fn read_script_with_alternatives(text: &str) -> Vec<Written> {
    let lines: Vec<&str> = text.lines().collect();
    let weights_only = match lines.iter().position(|l| *l == "  alternatives = {") {
        // Up to the comment line before `alternatives`, then the closing brace.
        Some(at) => format!("{}\n}}\n", lines[..at - 1].join("\n")),
        None => text.to_string(),
    };
    read_script(&weights_only).weights[0].1.clone()
}

#[test]
fn format_is_refused_where_it_has_no_meaning() {
    let ws = leader("format");
    let root = ws.path().to_str().unwrap();
    let before = snapshot(ws.path());
    for (lang, says) in [
        ("en", "--format has no meaning for `vagval"),
        ("sv", "--format betyder ingenting för `vagval"),
    ] {
        for args in [
            vec![
                "--workspace",
                root,
                "--lang",
                lang,
                "--format",
                "json",
                "survey",
                "--group",
                "g",
            ],
            vec![
                "--workspace",
                root,
                "--lang",
                lang,
                "survey",
                "--group",
                "g",
                "--format",
                "csv",
            ],
            vec![
                "--workspace",
                root,
                "--lang",
                lang,
                "report",
                "--out",
                "r.html",
                "--format",
                "markdown",
            ],
        ] {
            let run = vagval(&args, LEADER_SV.as_bytes());
            assert_eq!(run.code, 2, "{args:?}: {run:?}");
            assert!(run.stderr.contains(says), "{run:?}");
            assert_eq!(snapshot(ws.path()), before);
        }
    }
    // Without --format both still run.
    ok(survey(
        &ws,
        "g",
        "en",
        &["--name", "G", "--seats", "1"],
        LEADER_EN,
    ));
}

#[test]
fn kills_at_any_moment_leave_whole_files_and_no_temporaries() {
    let ws = leader("kills");
    let args = ["--name", "G", "--seats", "3"];
    ok(survey(&ws, "g", "sv", &args, LEADER_SV));
    let good = std::fs::read(ws.groups().join("g.lua")).unwrap();
    // Re-runs that keep every answer (Enter), killed at moments spread over
    // a run (startup, questions, backup, rename).
    for trial in 0..40u64 {
        let draft = ws.groups().join(".g.draft.json").exists();
        let mut live = Live::start(&ws, "g", "sv", &[]);
        live.send(&format!(
            "{}{}",
            if draft { "j\n" } else { "" },
            "\n".repeat(8)
        ));
        std::thread::sleep(Duration::from_micros(trial * 1500));
        let _ = live.child.kill();
        let _ = live.child.wait();
        drop(live.stdin.take());
        let _ = live.reader.take().unwrap().join();
        // The script and every backup are whole: the old bytes (the new
        // ones are the same, as every answer was kept).
        for name in listing(&ws.groups()) {
            if name.starts_with("g.lua") {
                assert_eq!(
                    std::fs::read(ws.groups().join(&name)).unwrap(),
                    good,
                    "{name}"
                );
            }
        }
    }
    // The next run cleans what killed runs left; only scripts, backups and
    // (if the last run was killed mid-survey) nothing else remain.
    let draft = ws.groups().join(".g.draft.json").exists();
    ok(survey(
        &ws,
        "g",
        "sv",
        &[],
        &format!("{}{}", if draft { "j\n" } else { "" }, "\n".repeat(8)),
    ));
    for name in listing(&ws.groups()) {
        assert!(name.starts_with("g.lua"), "left behind: {name}");
    }
}

#[test]
fn a_lock_that_is_a_link_is_refused_and_its_target_left_alone() {
    // Through a link the lock truncated its target and wrote the process
    // id into it (a link to /etc/passwd emptied it).
    let ws = leader("lock-link");
    let victim = ws.path().join("victim.txt");
    std::fs::write(&victim, "precious\n").unwrap();
    std::fs::create_dir_all(ws.path().join("scripts/groups")).unwrap();
    let lock = ws.path().join("scripts/groups/.g.lock");
    std::os::unix::fs::symlink(&victim, &lock).unwrap();
    let answers = format!("N\n3\n{}", "1\n".repeat(30));
    for (lang, text) in [
        ("en", ".g.lock is not a regular file"),
        ("sv", ".g.lock är ingen vanlig fil"),
    ] {
        let run = survey(&ws, "g", lang, &[], &answers);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(run.stderr.contains(text), "{run:?}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
        assert!(!ws.path().join("scripts/groups/g.lua").exists());
    }
    // A dangling link creates nothing where it points.
    std::fs::remove_file(&lock).unwrap();
    let elsewhere = ws.path().join("made-by-the-lock");
    std::os::unix::fs::symlink(&elsewhere, &lock).unwrap();
    assert_eq!(survey(&ws, "g", "en", &[], &answers).code, 1);
    assert!(!elsewhere.exists());
    // A plain lock file left behind is fine.
    std::fs::remove_file(&lock).unwrap();
    std::fs::write(&lock, "12345\n").unwrap();
    ok(survey(&ws, "g", "en", &[], &answers));
}

#[test]
fn a_draft_that_is_a_device_or_holds_impossible_values_is_refused_at_once() {
    let ws = leader("draft-hostile");
    std::fs::create_dir_all(ws.path().join("scripts/groups")).unwrap();
    let draft = ws.path().join("scripts/groups/.g.draft.json");
    let answers = format!("y\n{}", "1\n".repeat(30));
    // A link to /dev/zero was read without end (the run hung).
    std::os::unix::fs::symlink("/dev/zero", &draft).unwrap();
    for (lang, text) in [
        ("en", ".g.draft.json is not a regular file"),
        ("sv", ".g.draft.json är ingen vanlig fil"),
    ] {
        let run = survey(&ws, "g", lang, &[], &answers);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(run.stderr.contains(text), "{run:?}");
    }
    std::fs::remove_file(&draft).unwrap();
    // Values no answer can give were taken, and failed only after every
    // question, with a message about the script's shape.
    let answer = |value: &str, seats: u32| {
        format!(
            r#"{{"version":1,"group":"g","name":"N","seats":{seats},"answers":[{{"set":"goal","first":"age","second":"charisma","value":{value},"number":true}}]}}"#
        )
    };
    for (value, seats) in [("1e-320", 3), ("1e300", 3), ("3", 0)] {
        std::fs::write(&draft, answer(value, seats)).unwrap();
        for (lang, text) in [
            ("en", "is not a draft this version of vagval can read"),
            (
                "sv",
                "är inte ett utkast som den här versionen av vagval kan läsa",
            ),
        ] {
            let run = survey(&ws, "g", lang, &[], &answers);
            assert_eq!(run.code, 1, "{value} {seats}: {run:?}");
            assert!(run.stderr.contains(text), "{value} {seats}: {run:?}");
        }
    }
    // A sane draft is offered for continuing, and the survey completes.
    std::fs::write(&draft, answer("3", 3)).unwrap();
    let run = ok(survey(&ws, "g", "en", &[], &answers));
    assert!(run.stdout.contains("(1 answers)"), "{run:?}");
    assert!(ws.path().join("scripts/groups/g.lua").exists());
}

/// An invalid `--group` is a mistake of the command line: exit 2 in both
/// languages, the rule for an id in the hint, and nothing written.
#[test]
fn an_invalid_group_id_is_a_usage_error_with_the_rule() {
    let ws = leader("group-usage");
    let before = snapshot(ws.path());
    for group in ["a/b", "../evil", "a b"] {
        for (lang, error, rule) in [
            (
                "en",
                "cannot be a group id",
                "hint: use 1 to 64 ASCII letters",
            ),
            (
                "sv",
                "kan inte vara ett grupp-id",
                "tips: använd 1 till 64 tecken",
            ),
        ] {
            let run = survey(
                &ws,
                group,
                lang,
                &["--name", "G", "--seats", "1"],
                LEADER_SV,
            );
            assert_eq!(run.code, 2, "{lang} {group}: {run:?}");
            assert!(run.stderr.contains(error), "{lang} {group}: {run:?}");
            assert!(run.stderr.contains(rule), "{lang} {group}: {run:?}");
            assert!(run.stdout.is_empty(), "{lang} {group}: {run:?}");
        }
    }
    assert_eq!(snapshot(ws.path()), before);
}

/// An end of input before the first pair is answered (name and seats given
/// on the command line or answered) keeps nothing, and the message says so
/// rather than promising a draft; once an answer is given, the message says
/// the answers are kept, and the draft is there. English and Swedish.
#[test]
fn end_of_input_before_any_answer_says_nothing_was_kept() {
    let partial = &LEADER_SV[..LEADER_SV.len() - "måttligt plus\n".len()];
    let with_flags: &[&str] = &["--name", "G", "--seats", "3"];
    for (lang, extra, input, kept) in [
        ("en", with_flags, "", false),
        ("sv", with_flags, "", false),
        ("en", &[][..], "Name\n5\n", false),
        ("sv", &[][..], "Namn\n5\n", false),
        ("en", &[][..], "Name\n5\n2\nstrong\n1\n", true),
        ("sv", with_flags, partial, true),
    ] {
        let ws = leader("eof-nothing");
        let run = survey(&ws, "g", lang, extra, input);
        assert_eq!(run.code, 1, "{lang} {input:?}: {run:?}");
        let draft = ws.groups().join(".g.draft.json");
        let (promise, nothing) = if lang == "en" {
            (
                "the answers so far are kept in a draft",
                "no draft was kept",
            )
        } else {
            (
                "svaren hittills finns kvar i ett utkast",
                "inget utkast sparades",
            )
        };
        assert_eq!(draft.exists(), kept, "{lang} {input:?}: {run:?}");
        assert_eq!(
            run.stderr.contains(promise),
            kept,
            "{lang} {input:?}: {run:?}"
        );
        assert_eq!(
            run.stderr.contains(nothing),
            !kept,
            "{lang} {input:?}: {run:?}"
        );
        if !kept {
            assert!(!ws.path().join("scripts").exists(), "{run:?}");
        }
    }
}
