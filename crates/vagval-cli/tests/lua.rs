//! Lua through the command: group scripts and scripted criteria are run
//! sandboxed, their errors name the script and line, the limits in
//! vagval.toml apply, and a failing run changes no file.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

mod common;

struct Workspace(PathBuf);

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A copy of examples/leader in a fresh temp folder, with `extra` appended
/// to its vagval.toml and the given group scripts.
fn workspace(name: &str, extra: &str, scripts: &[(&str, &str)]) -> Workspace {
    let dir = std::env::temp_dir().join(format!("vagval-lua-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/leader");
    std::fs::create_dir_all(dir.join("criteria")).unwrap();
    std::fs::create_dir_all(dir.join("scripts/groups")).unwrap();
    let manifest = std::fs::read_to_string(source.join("vagval.toml")).unwrap();
    std::fs::write(dir.join("vagval.toml"), format!("{manifest}\n{extra}")).unwrap();
    for entry in std::fs::read_dir(source.join("criteria")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join("criteria").join(path.file_name().unwrap())).unwrap();
    }
    for (file, text) in scripts {
        std::fs::write(dir.join("scripts/groups").join(file), text).unwrap();
    }
    Workspace(dir)
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

/// Runs the binary in `dir` (the shared harness: no hang, no panic).
fn vagval(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let run = common::run_in(dir, args);
    (run.code, run.stdout, run.stderr)
}

const GOOD: &str = r#"return {
  name = "Erfarenhet först",
  seats = 5,
  weights = {
    goal = direct { experience = 4, education = 2, charisma = 2, age = 1 },
  },
}
"#;

/// Runs `groups`, `check` and `weights` on a workspace whose script
/// `x.lua` is `script`; expects exit 1, each `expected` text in stderr, no
/// panic, and every file as it was. `groups` (an aggregate needs every
/// group) prints nothing; `check` and `weights` still show the good group.
/// The good group's own commands are not stopped by `x.lua`.
fn fails(name: &str, extra: &str, script: &str, expected: &[&str]) {
    let ws = workspace(name, extra, &[("good.lua", GOOD), ("x.lua", script)]);
    let before = snapshot(&ws.0);
    for args in [
        vec!["evaluate", "--group", "good"],
        vec!["sensitivity", "thresholds", "--group", "good"],
    ] {
        let (code, stdout, stderr) = vagval(&ws.0, &args);
        assert_eq!(code, 0, "{name} {args:?}: {stderr}");
        assert!(
            stdout.contains("Erfarenhet först"),
            "{name} {args:?}: {stdout}"
        );
        assert!(stderr.is_empty(), "{name} {args:?}: {stderr}");
    }
    for command in ["groups", "check", "weights"] {
        let (code, stdout, stderr) = vagval(&ws.0, &[command]);
        assert_eq!(code, 1, "{name} {command}: {stderr}");
        if command == "groups" {
            assert!(stdout.is_empty(), "{name} {command}: {stdout}");
        } else if command == "weights" {
            assert!(stdout.contains("good"), "{name} {command}: {stdout}");
        } else {
            assert!(!stdout.is_empty(), "{name} {command}: {stdout}");
        }
        assert!(!stderr.contains("panicked"), "{name} {command}: {stderr}");
        for text in expected {
            assert!(
                stderr.contains(text),
                "{name} {command}: `{text}` not in\n{stderr}"
            );
        }
    }
    assert_eq!(
        before,
        snapshot(&ws.0),
        "{name}: a failing run changed files"
    );
}

#[test]
fn a_valid_group_evaluates() {
    let ws = workspace("good", "", &[("good.lua", GOOD)]);
    let (code, stdout, stderr) =
        vagval(&ws.0, &["evaluate", "--group", "good", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let experience = v["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "experience")
        .unwrap();
    assert!((experience["global_weight"].as_f64().unwrap() - 4.0 / 9.0).abs() < 1e-12);
    let (code, _, stderr) = vagval(&ws.0, &["evaluate", "--group", "nobody"]);
    // A group the workspace lacks is a mistake of the command line.
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no group `nobody`") && stderr.contains("`good`"),
        "{stderr}"
    );
}

#[test]
fn script_errors_name_the_script_and_line() {
    fails(
        "syntax",
        "",
        "return {\n  name = = 1\n}\n",
        &["scripts/groups/x.lua:2:", "syntax"],
    );
    fails(
        "io",
        "",
        "local f = io.open('/etc/passwd')\nreturn f\n",
        &["scripts/groups/x.lua:1:", "io"],
    );
    fails(
        "os",
        "",
        "os.execute('true')\n",
        &["scripts/groups/x.lua:1:"],
    );
    fails(
        "require",
        "",
        "require('os')\n",
        &["scripts/groups/x.lua:1:"],
    );
    fails(
        "load",
        "",
        "load('return 1')()\n",
        &["scripts/groups/x.lua:1:"],
    );
    fails(
        "table-error",
        "",
        "error({ reason = 'no' })\n",
        &["scripts/groups/x.lua", "table"],
    );
    fails(
        "shape",
        "",
        "return { name = 'X', seats = 'tre', weights = {} }\n",
        &["seats must be a positive number, got a string"],
    );
    fails(
        "unknown-criterion",
        "",
        "return { name = 'X', seats = 1, weights = { goal = direct { experience = 1, wisdom = 2 } } }\n",
        &["scripts/groups/x.lua", "wisdom"],
    );
    fails(
        "label",
        "",
        "return { name = 'X', seats = 1, weights = { goal = pairwise { {'experience', 'age', 'starkare'} } } }\n",
        &["scripts/groups/x.lua:1", "starkare"],
    );
}

#[test]
fn the_limits_in_vagval_toml_apply() {
    let looping = "while true do pcall(function() while true do end end) end\n";
    fails(
        "budget",
        "[lua]\ninstruction_limit = 100000\n",
        looping,
        &["scripts/groups/x.lua", "100000", "[lua]"],
    );
    let bomb = "local t = {}\nwhile true do t[#t + 1] = ('x'):rep(4096) end\n";
    fails(
        "memory",
        "[lua]\nmemory_limit_mb = 8\n",
        bomb,
        &["scripts/groups/x.lua", "8 MiB"],
    );
    let (code, _, stderr) = {
        let ws = workspace("bad-limit", "[lua]\nmemory_limit_mb = 0\n", &[]);
        vagval(&ws.0, &["check"])
    };
    assert_eq!(code, 1);
    assert!(
        stderr.contains("vagval.toml") && stderr.contains("memory_limit_mb"),
        "{stderr}"
    );
}

#[test]
fn groups_cannot_see_each_other() {
    let writer = "shared = 'from a'\nreturn { name = 'A', seats = 1, weights = { goal = direct { experience = 1, education = 1, charisma = 1, age = 1 } } }\n";
    let reader = "assert(shared == nil, 'saw another group')\nreturn { name = 'B', seats = 1, weights = { goal = direct { experience = 2, education = 1, charisma = 1, age = 1 } } }\n";
    let ws = workspace("isolated", "", &[("a.lua", writer), ("b.lua", reader)]);
    let (code, _, stderr) = vagval(&ws.0, &["groups"]);
    assert_eq!(code, 0, "{stderr}");
}

/// Issue 9 §6: under `--lang sv` the sandbox's refusals and vagval's own
/// words about a script's result are Swedish (Lua's own messages stay as
/// Lua writes them); under `--lang en` they are as they were.
#[test]
fn sandbox_refusals_are_swedish_under_lang_sv() {
    let long_pattern =
        "string.find(string.rep('a', 100000), string.rep('a?', 200) .. 'b')\n".to_string();
    let gsub = format!(
        "string.gsub(string.rep('a', 1000000), '', '{}')\n",
        "%0".repeat(200)
    );
    // (script, Swedish text, English text)
    let cases: Vec<(String, &str, &str)> = vec![
        (
            "table.move({}, 1, 1e15, 2)\n".into(),
            "scripts/groups/x.lua:1: inte tillåtet: table.move över 1000000000000000 positioner (högst 4194304): dess slinga körs i C, där ingen gräns kan stoppa den",
            "scripts/groups/x.lua:1: not allowed: table.move over 1000000000000000 positions (at most 4194304)",
        ),
        (
            "return { [1.5] = 1, name = 'x', seats = 1, weights = {} }\n".into(),
            "scripts/groups/x.lua:1: felaktig struktur: den returnerade tabellen har en nyckel som inte är ett namn: den returnerade tabellen måste vara ett id (en sträng), fick ett tal",
            "the returned table has a key that is not a name",
        ),
        (
            "setmetatable({}, { __gc = function() end })\n".into(),
            "scripts/groups/x.lua:1: inte tillåtet: en metatabell med fältet __gc (finalisatorer körs när inget skript bestämmer, där ingen gräns kan stoppa dem)",
            "not allowed: a metatable with a __gc field",
        ),
        (
            "setmetatable({}, { __mode = 'k' })\n".into(),
            "inte tillåtet: en metatabell med fältet __mode (svaga tabeller:",
            "not allowed: a metatable with a __mode field",
        ),
        (
            long_pattern,
            "scripts/groups/x.lua:1: inte tillåtet: string.find: mönstret `a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?…` (401 byte) på en sträng om 100000 byte kan ta omkring",
            "string.find: the pattern `a?a?",
        ),
        (
            gsub,
            "inte tillåtet: string.gsub: en ersättning med 200 %-koder på en sträng om 1000000 byte kan ta omkring 2e8 steg i C, där ingen gräns kan stoppa den (högst 1e8 tillåts); använd färre %-koder eller en funktion som ersättning",
            "string.gsub: a replacement with 200 % escapes",
        ),
        (
            "local x <close> = nil\n".into(),
            "scripts/groups/x.lua:1: inte tillåtet: variabler som stängs vid blockets slut (<close>) stöds inte i vagvals skript",
            "to-be-closed variables (<close>) are not supported",
        ),
        (
            "error({ reason = 'no' })\n".into(),
            "scripts/groups/x.lua:1: fel när skriptet kördes: skriptet kastade en tabell som sitt fel, inte ett meddelande",
            "the script raised a table as its error, not a message",
        ),
    ];
    // vagval's own English words that must not show in a Swedish message.
    let english = [
        "not allowed",
        "positions",
        "no limit",
        "the returned table",
        "pattern",
        "bytes",
        "metatable with",
        "finalizers",
        "weak tables",
        "replacement",
        "escapes",
        "not supported",
        "as its error",
        "must be",
    ];
    for (script, swedish, in_english) in &cases {
        let ws = workspace("sv-refusals", "", &[("x.lua", script)]);
        let (code, _, stderr) = vagval(&ws.0, &["--lang", "sv", "groups"]);
        assert_eq!(code, 1, "{script}: {stderr}");
        assert!(
            stderr.contains(swedish),
            "{script}: `{swedish}` not in\n{stderr}"
        );
        for word in english {
            assert!(!stderr.contains(word), "{script}: `{word}` in\n{stderr}");
        }
        let (code, _, stderr) = vagval(&ws.0, &["--lang", "en", "groups"]);
        assert_eq!(code, 1, "{script}: {stderr}");
        assert!(
            stderr.contains(in_english),
            "{script}: `{in_english}` not in\n{stderr}"
        );
    }
}
