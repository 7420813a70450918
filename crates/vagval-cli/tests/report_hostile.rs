//! Hostile and odd inputs for the charts (`--format svg`), the HTML report
//! (`vagval report`) and `--lang`: markup, emoji, RTL text, control
//! characters and 500-character names; exact ties; deep hierarchies with
//! lone children; extreme judgments, seats and weights; big workspaces;
//! odd sample counts; report targets that are folders, FIFOs, symlinks or
//! cannot be written. Each case checks the exit code, that nothing panics,
//! that the SVG and HTML are well formed and free of NaN, inf and scripts,
//! and that nothing is written when a run fails.
//!
//! Every workspace is written into a temporary folder (copied from
//! examples/leader or built here), removed when the test ends.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

/// Monte Carlo samples for every run here: enough to draw the charts.
const SAMPLES: &str = "40";

mod common;

use common::{Run, TempDir, leader, run_in, run_ws};

// ---------------------------------------------------------------------------
// Checks of SVG and HTML text
// ---------------------------------------------------------------------------

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Text between tags (or an attribute value): every `&` starts an entity,
/// no control character XML 1.0 forbids.
fn text_problems(text: &str, problems: &mut Vec<String>) {
    for (k, _) in text.match_indices('&') {
        let after = &text[k + 1..];
        let entity = after.find(';').map(|end| &after[..end]);
        let ok = entity.is_some_and(|e| {
            !e.is_empty()
                && e.len() <= 10
                && (e.chars().all(|c| c.is_ascii_alphanumeric())
                    || e.strip_prefix('#').is_some_and(|n| {
                        n.chars().all(|c| c.is_ascii_digit())
                            || n.strip_prefix('x')
                                .is_some_and(|h| h.chars().all(|c| c.is_ascii_hexdigit()))
                    }))
        });
        if !ok {
            let snippet: String = after.chars().take(20).collect();
            problems.push(format!("a bare `&` before `{snippet}`"));
        }
    }
    for c in text.chars() {
        if ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
            || c == '\u{fffe}'
            || c == '\u{ffff}'
        {
            problems.push(format!("the control character U+{:04X}", c as u32));
        }
    }
}

/// What keeps `text` from being well formed: balanced, properly nested
/// tags (HTML: void elements need no end tag; `<style>` is raw text), quoted
/// attributes, entities, no control characters.
fn markup_problems(text: &str, html: bool) -> Vec<String> {
    let mut problems = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(offset) = text[i..].find('<') {
        let start = i + offset;
        text_problems(&text[i..start], &mut problems);
        let rest = &text[start..];
        if rest.starts_with("<!--") {
            let Some(end) = rest.find("-->") else {
                problems.push("an unterminated comment".to_string());
                return problems;
            };
            i = start + end + 3;
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            let Some(end) = rest.find('>') else {
                problems.push("an unterminated declaration".to_string());
                return problems;
            };
            i = start + end + 1;
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = if closing { 2 } else { 1 };
        let name_len = rest[name_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .unwrap_or(rest.len() - name_start);
        if name_len == 0 {
            let snippet: String = rest.chars().take(30).collect();
            problems.push(format!("a raw `<` in text: `{snippet}`"));
            i = start + 1;
            continue;
        }
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        let bytes = rest.as_bytes();
        let mut j = name_start + name_len;
        let mut self_closing = false;
        loop {
            let Some(&b) = bytes.get(j) else {
                problems.push(format!("an unterminated tag <{name}"));
                return problems;
            };
            match b {
                b'"' | b'\'' => {
                    let Some(len) = rest[j + 1..].find(b as char) else {
                        problems.push(format!("an unterminated attribute in <{name}"));
                        return problems;
                    };
                    let value = &rest[j + 1..j + 1 + len];
                    if value.contains('<') {
                        problems.push(format!("a raw `<` in an attribute of <{name}>"));
                    }
                    let attribute = rest[..j]
                        .trim_end()
                        .trim_end_matches('=')
                        .rsplit(|c: char| c.is_whitespace())
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    if attribute.starts_with("on") {
                        problems.push(format!("an event handler `{attribute}` on <{name}>"));
                    }
                    if value.trim().to_ascii_lowercase().starts_with("javascript:") {
                        problems.push(format!("a javascript: URL in <{name} {attribute}>"));
                    }
                    text_problems(value, &mut problems);
                    j += len + 2;
                }
                b'>' => break,
                b'/' if bytes.get(j + 1) == Some(&b'>') => {
                    self_closing = true;
                    j += 1;
                    break;
                }
                b'<' => {
                    problems.push(format!("a `<` inside the tag <{name}"));
                    j += 1;
                }
                _ => j += 1,
            }
        }
        i = start + j + 1;
        if closing {
            match stack.pop() {
                Some(open) if open == name => {}
                other => problems.push(format!("</{name}> closes {other:?}")),
            }
        } else if self_closing || (html && VOID.contains(&name.as_str())) {
            // Nothing to close.
        } else {
            if html && name == "style" {
                let Some(end) = text[i..].find("</style>") else {
                    problems.push("an unterminated <style>".to_string());
                    return problems;
                };
                i += end;
            }
            stack.push(name);
        }
    }
    text_problems(&text[i..], &mut problems);
    if !stack.is_empty() {
        problems.push(format!("unclosed elements {stack:?}"));
    }
    problems
}

/// Whether `word` occurs in `text` on its own (not inside a longer word).
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(k, _)| {
        let before = text[..k].chars().next_back();
        let after = text[k + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphabetic)
    })
}

/// A successful chart or report: exit 0, well formed, no scripts, no
/// non-numbers.
fn assert_clean(run: &Run, html: bool, context: &str) {
    assert_eq!(run.code, 0, "{context}: {run:?}");
    let text = &run.stdout;
    if html {
        assert!(text.starts_with("<!DOCTYPE html>"), "{context}: {run:?}");
    } else {
        assert!(text.starts_with("<svg"), "{context}: {run:?}");
        assert_eq!(text.matches("<svg").count(), 1, "{context}");
    }
    let problems = markup_problems(text, html);
    assert!(
        problems.is_empty(),
        "{context}: not well formed: {problems:?}"
    );
    let lower = text.to_ascii_lowercase();
    for bad in ["<script", "<iframe", "<object", "<embed"] {
        assert!(!lower.contains(bad), "{context}: `{bad}` in the output");
    }
    for word in ["NaN", "inf", "Infinity", "-inf"] {
        assert!(!has_word(text, word), "{context}: `{word}` in the output");
    }
}

/// Every chart command and the report, in both languages, on `ws`; each
/// must be clean. Returns the outputs, joined.
fn all_charts(ws: &TempDir, criteria: &[&str], groups: &[&str]) -> String {
    let mut commands: Vec<Vec<&str>> = vec![
        vec!["check"],
        vec!["evaluate"],
        vec!["weights"],
        vec!["sensitivity", "monte-carlo", "--samples", SAMPLES],
    ];
    for criterion in criteria {
        commands.push(vec!["sensitivity", "one-way", "--criterion", criterion]);
    }
    if !groups.is_empty() {
        commands.push(vec!["groups"]);
        commands.push(vec!["evaluate", "--all-groups"]);
        commands.push(vec![
            "sensitivity",
            "monte-carlo",
            "--aggregate",
            "--samples",
            SAMPLES,
        ]);
    }
    for group in groups {
        commands.push(vec!["evaluate", "--group", group]);
    }
    let mut all = String::new();
    for lang in ["sv", "en"] {
        for command in &commands {
            let mut args = vec!["--lang", lang, "--format", "svg"];
            args.extend_from_slice(command);
            let run = run_ws(ws, &args);
            assert_clean(&run, false, &format!("{args:?}"));
            all.push_str(&run.stdout);
        }
        let args = ["--lang", lang, "report", "--out", "-", "--samples", SAMPLES];
        let run = run_ws(ws, &args);
        assert_clean(&run, true, &format!("{args:?}"));
        all.push_str(&run.stdout);
    }
    all
}

// ---------------------------------------------------------------------------
// Workspaces
// ---------------------------------------------------------------------------

/// Markup, quotes, emoji, RTL, combining marks and a 500-character name in
/// every kind of text; a unit with `<b>`; a rating scale; two groups.
fn hostile_names() -> TempDir {
    let dir = TempDir::new("names");
    let long = format!("{}{}", "L".repeat(250), "å".repeat(250));
    dir.write(
        "vagval.toml",
        format!(
            r#"format_version = 1
goal = "<script>alert(1)</script> & \"goal\" 'q' 🎉 مرحبا e\u0301\u0301"
description = """
Line one <b>bold</b> & amp
Line two ]]> <!-- comment --> \u202e reversed
[link](javascript:alert(1)) <img src=x onerror=alert(1)>"""

[[alternatives]]
id = "a<b>"
name = "{long}"
description = "desc with </svg></html> & <script>x</script>"

[[alternatives]]
id = "emoji-👨‍👩‍👧‍👦"
name = "👨‍👩‍👧‍👦 family 🇸🇪 flag"

[[alternatives]]
id = "rtl"
name = "עברית שלום \u200f العربية"

[[alternatives]]
id = "comb"
name = "Z̴̡̢̛̗̘̙̜̝̞̟̠̀́̂̃̄̅̆̇̈̉̊̋̌̍̎̏̐̑̒̓̔̕̚ȧ̶l̷g̸o̵"

[weights]
view = "<i>view</i> \"q\" & 'a'"
description = "weights desc\nwith newline & <tag>"
judgments = [
  ["c&1", "c\"2", 3, "rationale <script>alert('r')</script>\nnewline"],
  {{ first = "c\"2", second = "c<3>", value = "1/2", rationale = "r & r", quote = "quote ]]> <![CDATA[ x ]]>" }},
]

[rating_scales."s<1>"]
name = "Scale <1> & \"x\""
levels = [ {{ id = "hi&", name = "High <&>", value = 1.0 }}, {{ id = "lo\"", name = "Low \"q\"", value = 0.3 }} ]
"#
        ),
    );
    dir.write(
        "criteria/1.toml",
        format!(
            r#"id = "c&1"
name = "Crit & one <b>{long}"
description = "desc\n\n- list <li>\n\n# heading"
[pairwise]
judgments = [["a<b>","emoji-👨‍👩‍👧‍👦",3],["a<b>","rtl",5],["a<b>","comb",2],["emoji-👨‍👩‍👧‍👦","rtl",2],["emoji-👨‍👩‍👧‍👦","comb","1/2"],["rtl","comb",1]]
"#
        ),
    );
    dir.write(
        "criteria/2.toml",
        r#"id = "c\"2"
name = "Crit \"two\" '&amp;'"
[data]
unit = "<b>tkr</b> & \"x\""
function = "linear"
direction = "lower-is-better"
[data.alternatives]
"a<b>" = "100–200"
"emoji-👨‍👩‍👧‍👦" = "150"
rtl = { low = 50, high = 300, rationale = "<script>" }
comb = "1 000,5"
"#,
    );
    dir.write(
        "criteria/3.toml",
        r#"id = "c<3>"
name = "Crit <3> 🙂"
[ratings]
scale = "s<1>"
[ratings.alternatives]
"a<b>" = "hi&"
"emoji-👨‍👩‍👧‍👦" = { level = "lo\"", rationale = "<b>why</b>", quote = "</p></div>" }
rtl = "hi&"
comb = "lo\""
"#,
    );
    dir.write(
        "scripts/groups/g<1>.lua",
        r#"return { name = "Group <script>alert(1)</script> & \"q\" 🎉", seats = 3,
  weights = { goal = direct { ["c&1"] = 1, ['c"2'] = 2, ["c<3>"] = 3 } } }
"#,
    );
    dir.write(
        "scripts/groups/g2.lua",
        r#"return { name = "עברית group", seats = 2,
  weights = { goal = pairwise { { "c&1", 'c"2', 9 }, { 'c"2', "c<3>", "1/9" } } } }
"#,
    );
    dir
}

/// Three alternatives, A and B judged identically everywhere; criterion `y`
/// rates all alike (pairwise 1s), `z` gives all the same value.
fn ties() -> TempDir {
    let dir = TempDir::new("ties");
    dir.write(
        "vagval.toml",
        r#"format_version = 1
goal = "Tie"
[[alternatives]]
id = "a"
name = "A"
[[alternatives]]
id = "b"
name = "B"
[[alternatives]]
id = "c"
name = "C"
[weights]
judgments = [["x","y",1],["x","z",1],["y","z",1]]
"#,
    );
    dir.write(
        "criteria/x.toml",
        "id = \"x\"\nname = \"X\"\n[pairwise]\njudgments = [[\"a\",\"b\",1],[\"a\",\"c\",3],[\"b\",\"c\",3]]\n",
    );
    dir.write(
        "criteria/y.toml",
        "id = \"y\"\nname = \"Y all equal\"\n[pairwise]\njudgments = [[\"a\",\"b\",1],[\"a\",\"c\",1],[\"b\",\"c\",1]]\n",
    );
    dir.write(
        "criteria/z.toml",
        "id = \"z\"\nname = \"Z data equal\"\n[data]\nunit = \"kr\"\nfunction = \"linear\"\ndirection = \"higher-is-better\"\nlower = 0\nupper = 10\n[data.alternatives]\na = 5\nb = 5\nc = 5\n",
    );
    dir.write(
        "scripts/groups/g.lua",
        "return { name = \"G\", seats = 1, weights = { goal = direct { x = 1, y = 1, z = 1 } } }\n",
    );
    dir.write(
        "scripts/groups/h.lua",
        "return { name = \"H\", seats = 1, weights = { goal = pairwise { {\"x\",\"y\",1},{\"x\",\"z\",1},{\"y\",\"z\",1} } } }\n",
    );
    dir
}

/// Sixteen criteria (pairwise and ranged data alternately), twelve
/// alternatives with long names, five groups. Deterministic.
fn big() -> TempDir {
    let dir = TempDir::new("big");
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |n: usize| -> usize {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % n
    };
    let alternatives: Vec<String> = (0..12).map(|i| format!("alt{i:02}")).collect();
    let criteria: Vec<String> = (0..16).map(|i| format!("crit{i:02}")).collect();
    let goal_values = ["1", "2", "3", "\"1/2\"", "\"1/3\"", "5"];
    let values = ["1", "2", "3", "\"1/2\"", "\"1/3\"", "9", "\"1/9\""];
    let mut manifest = String::from("format_version = 1\ngoal = \"Big\"\n");
    for a in &alternatives {
        manifest.push_str(&format!(
            "[[alternatives]]\nid = \"{a}\"\nname = \"Alternative number {a} with a rather long descriptive name\"\n"
        ));
    }
    manifest.push_str("[weights]\njudgments = [\n");
    for (i, x) in criteria.iter().enumerate() {
        for y in &criteria[i + 1..] {
            let v = goal_values[next(goal_values.len())];
            manifest.push_str(&format!("  [\"{x}\",\"{y}\",{v}],\n"));
        }
    }
    manifest.push_str("]\n");
    dir.write("vagval.toml", &manifest);
    for (k, c) in criteria.iter().enumerate() {
        let mut text =
            format!("id = \"{c}\"\nname = \"Criterion {c} about something important\"\n");
        if k % 2 == 0 {
            text.push_str("[pairwise]\njudgments = [\n");
            for (i, x) in alternatives.iter().enumerate() {
                for y in &alternatives[i + 1..] {
                    let v = values[next(values.len())];
                    text.push_str(&format!("  [\"{x}\",\"{y}\",{v}],\n"));
                }
            }
            text.push_str("]\n");
        } else {
            text.push_str("[data]\nunit = \"<b>m²</b> & co\"\nfunction = \"linear\"\ndirection = \"higher-is-better\"\n[data.alternatives]\n");
            for a in &alternatives {
                let low = next(100);
                let high = low + next(50);
                text.push_str(&format!("{a} = \"{low}–{high}\"\n"));
            }
        }
        dir.write(&format!("criteria/{c}.toml"), &text);
    }
    for g in 0..5 {
        let weights: Vec<String> = criteria
            .iter()
            .map(|c| format!("{c} = {}", 1 + next(9)))
            .collect();
        dir.write(
            &format!("scripts/groups/g{g}.lua"),
            format!(
                "return {{ name = \"Group {g}\", seats = {}, weights = {{ goal = direct {{ {} }} }} }}\n",
                g + 1,
                weights.join(", ")
            ),
        );
    }
    dir
}

// ---------------------------------------------------------------------------
// Cases that hold
// ---------------------------------------------------------------------------

#[test]
fn hostile_names_are_escaped_in_every_chart_and_the_report() {
    let ws = hostile_names();
    let all = all_charts(&ws, &["c&1", "c\"2", "c<3>"], &["g<1>", "g2"]);
    // The text is there, escaped, not dropped.
    for text in [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;b&gt;tkr&lt;/b&gt;",
        "👨‍👩‍👧‍👦 family 🇸🇪 flag",
        "עברית שלום",
        "High &lt;&amp;&gt;",
    ] {
        assert!(all.contains(text), "`{text}` is not in the outputs");
    }
    // The 500-character name is shown whole in the report's tables.
    let long = format!("{}{}", "L".repeat(250), "å".repeat(250));
    let report = run_ws(&ws, &["report", "--out", "-", "--samples", SAMPLES]);
    assert!(
        report.stdout.contains(&long),
        "the long name is cut in the report"
    );
    // … and cut in the charts, which stay a sensible size.
    let svg = run_ws(&ws, &["--format", "svg", "evaluate"]).stdout;
    let width: f64 = svg
        .split("width=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse().ok())
        .unwrap();
    assert!(width < 1600.0, "chart {width} px wide");
}

#[test]
fn control_characters_in_names_never_reach_svg_or_html() {
    let ws = leader("control");
    ws.edit(
        "vagval.toml",
        "name = \"Tom\"",
        r#"name = "T\u0000o\u0001m\u001b[31m red \u007f \ufffe \u2028 sep \u0085 nel \r cr""#,
    );
    ws.edit(
        "criteria/age.toml",
        "name = \"Age\"",
        r#"name = "A\u0008g\u000be\u000c""#,
    );
    // Names are one line of text: every chart command and the report refuse
    // them with an error naming the file, and print nothing else.
    for args in [
        vec!["--format", "svg", "check"],
        vec!["--format", "svg", "weights"],
        vec!["--lang", "sv", "report", "--out", "-", "--samples", SAMPLES],
    ] {
        let run = run_ws(&ws, &args);
        assert_eq!(run.code, 1, "{args:?}: {run:?}");
        assert!(run.stdout.is_empty(), "{args:?}: {run:?}");
        assert!(run.stderr.contains("vagval.toml:"), "{run:?}");
        assert!(
            !run.stderr.chars().any(|c| c.is_control() && c != '\n'),
            "{run:?}"
        );
    }
    // In a description (several lines allowed) they never reach the page.
    let described = leader("control-description");
    described.edit(
        "vagval.toml",
        "name = \"Tom\"",
        r#"name = "Tom"
description = "T\u0000o\u001b[31m red \u007f line\nbreak""#,
    );
    let run = run_ws(&described, &["report", "--out", "-", "--samples", SAMPLES]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains(" red "),
        "the description's text was dropped"
    );
    assert!(
        !run.stdout
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "a control character reached the page"
    );
}

#[test]
fn exact_ties_and_flat_criteria_draw_and_rank_alike() {
    let ws = ties();
    all_charts(&ws, &["x", "y", "z"], &["g", "h"]);
    // A and B share rank 1.
    let csv = run_ws(&ws, &["--format", "csv", "evaluate"]);
    assert_eq!(csv.code, 0, "{csv:?}");
    assert!(csv.stdout.contains("\n1,a,A,"), "{csv:?}");
    assert!(csv.stdout.contains("\n1,b,B,"), "{csv:?}");
    assert!(csv.stdout.contains("\n3,c,C,"), "{csv:?}");
}

#[test]
fn a_deep_hierarchy_with_lone_children_and_extreme_judgments() {
    let ws = TempDir::new("deep");
    ws.write(
        "vagval.toml",
        "format_version = 1\ngoal = \"Deep\"\n[[alternatives]]\nid = \"a\"\nname = \"A\"\n[[alternatives]]\nid = \"b\"\nname = \"B\"\n[weights]\njudgments = [[\"top\",\"other\",2]]\n",
    );
    ws.write("criteria/1top.toml", "id = \"top\"\nname = \"Top\"\n");
    ws.write(
        "criteria/2mid.toml",
        "id = \"mid\"\nname = \"Mid (lone child)\"\nparent = \"top\"\n",
    );
    ws.write(
        "criteria/3leaf.toml",
        "id = \"leaf\"\nname = \"Leaf (lone grandchild)\"\nparent = \"mid\"\n[pairwise]\njudgments = [[\"a\",\"b\",1e9]]\n",
    );
    ws.write(
        "criteria/4other.toml",
        "id = \"other\"\nname = \"Other\"\n[pairwise]\njudgments = [[\"a\",\"b\",1e-9]]\n",
    );
    ws.write(
        "scripts/groups/d.lua",
        "return { name = \"D\", seats = 2, weights = { goal = direct { top = 1, other = 3 }, mid = direct { leaf = 5 } } }\n",
    );
    ws.write(
        "scripts/groups/e.lua",
        "return { name = \"E\", seats = 0.5, weights = { goal = pairwise { {\"top\",\"other\",\"1/9\"} } }, alternatives = { leaf = pairwise { {\"a\",\"b\",\"1/9\"} } } }\n",
    );
    all_charts(&ws, &["top", "other"], &["d", "e"]);
    // A lone child has no sibling to trade weight with: a clear refusal.
    for criterion in ["mid", "leaf"] {
        for lang in ["sv", "en"] {
            let run = run_ws(
                &ws,
                &[
                    "--lang",
                    lang,
                    "--format",
                    "svg",
                    "sensitivity",
                    "one-way",
                    "--criterion",
                    criterion,
                ],
            );
            assert_eq!(run.code, 1, "{run:?}");
            assert!(run.stdout.is_empty(), "{run:?}");
            assert!(run.stderr.contains(&format!("`{criterion}`")), "{run:?}");
            assert!(
                run.stderr.contains("sibling") || run.stderr.contains("syskon"),
                "{run:?}"
            );
        }
    }
}

#[test]
fn a_big_workspace_gives_charts_of_bounded_size() {
    let ws = big();
    let all = all_charts(&ws, &["crit00", "crit01"], &["g0", "g4"]);
    assert!(
        all.contains("&lt;b&gt;m²&lt;/b&gt; &amp; co"),
        "the unit is not shown escaped"
    );
    for args in [
        vec!["--format", "svg", "evaluate"],
        vec!["--format", "svg", "groups"],
        vec![
            "--format",
            "svg",
            "sensitivity",
            "monte-carlo",
            "--samples",
            SAMPLES,
        ],
        vec![
            "--format",
            "svg",
            "sensitivity",
            "one-way",
            "--criterion",
            "crit01",
        ],
    ] {
        let svg = run_ws(&ws, &args).stdout;
        let width: f64 = svg
            .split("width=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .unwrap();
        assert!(
            (400.0..1600.0).contains(&width),
            "{args:?}: {width} px wide"
        );
    }
}

#[test]
fn group_seats_zero_refused_fractional_and_huge_accepted() {
    let with_seats = |seats: &str| {
        let ws = leader("seats");
        ws.write(
            "scripts/groups/s.lua",
            format!("return {{ name = \"S\", seats = {seats}, weights = {{ goal = direct {{ experience = 1, education = 1, charisma = 1, age = 1 }} }} }}\n"),
        );
        ws.write(
            "scripts/groups/t.lua",
            "return { name = \"T\", seats = 1, weights = { goal = direct { experience = 4, education = 1, charisma = 1, age = 1 } } }\n",
        );
        ws
    };
    for seats in ["0", "-1", "0/0", "math.huge", "\"3\""] {
        let ws = with_seats(seats);
        let run = run_ws(&ws, &["--format", "svg", "groups"]);
        assert_eq!(run.code, 1, "seats {seats}: {run:?}");
        assert!(run.stdout.is_empty(), "seats {seats}: {run:?}");
        assert!(run.stderr.contains("s.lua"), "seats {seats}: {run:?}");
        assert!(run.stderr.contains("seats"), "seats {seats}: {run:?}");
        // The report is written without the group, and says so at its top.
        let run = run_ws(&ws, &["report", "--out", "r.html", "--samples", SAMPLES]);
        assert_eq!(run.code, 0, "seats {seats}: {run:?}");
        let html = std::fs::read_to_string(ws.path().join("r.html")).unwrap();
        let top = &html[..html.find("<nav").unwrap()];
        assert!(
            top.contains("s.lua") && top.contains("seats"),
            "seats {seats}: {top}"
        );
    }
    for seats in ["0.5", "1e9"] {
        let ws = with_seats(seats);
        all_charts(&ws, &["age"], &["s", "t"]);
    }
}

#[test]
fn direct_weights_with_zeros_at_the_goal() {
    let ws = leader("direct-zero");
    let path = ws.path().join("vagval.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let head = &text[..text.find("[weights]").unwrap()];
    std::fs::write(
        &path,
        format!(
            "{head}[weights]\ndirect = {{ experience = 0, education = 0, charisma = 1, age = 0 }}\n"
        ),
    )
    .unwrap();
    all_charts(&ws, &["age", "charisma"], &[]);
    for spread in ["2", "9"] {
        let run = run_ws(
            &ws,
            &[
                "--format",
                "svg",
                "sensitivity",
                "monte-carlo",
                "--weights",
                "perturb",
                "--spread",
                spread,
                "--samples",
                SAMPLES,
            ],
        );
        assert_clean(&run, false, &format!("perturb --spread {spread}"));
    }
}

#[test]
fn rating_scales_data_ranges_and_a_scripted_criterion() {
    let ws = TempDir::new("scales");
    ws.write(
        "vagval.toml",
        r#"format_version = 1
goal = "Rating scales & data"
[[alternatives]]
id = "a"
name = "A"
[[alternatives]]
id = "b"
name = "B"
[[alternatives]]
id = "c"
name = "C"
[weights]
direct = { r1 = 1, r2 = 1, d1 = 1, s = 1 }
[rating_scales.j]
name = "From judgments"
levels = [ { id = "hi", name = "High" }, { id = "mid", name = "Mid" }, { id = "lo", name = "Low" } ]
judgments = [["hi","mid",9],["mid","lo",9],["hi","lo",9]]
[rating_scales.one]
name = "One level"
levels = [ { id = "only", name = "Only", value = 0.7 } ]
"#,
    );
    ws.write(
        "criteria/r1.toml",
        "id = \"r1\"\nname = \"Rated by judgments\"\n[ratings]\nscale = \"j\"\n[ratings.alternatives]\na = \"hi\"\nb = \"lo\"\nc = \"mid\"\n",
    );
    ws.write(
        "criteria/r2.toml",
        "id = \"r2\"\nname = \"One-level scale\"\n[ratings]\nscale = \"one\"\n[ratings.alternatives]\na = \"only\"\nb = \"only\"\nc = \"only\"\n",
    );
    ws.write(
        "criteria/d1.toml",
        r#"id = "d1"
name = "Piecewise <b>data</b>"
[data]
unit = "<b>µg/m³</b> & \"quotes\" 'single'"
function = "piecewise-linear"
points = [[0, 1.0], [1e-9, 0.5], [1e15, 0.0]]
[data.alternatives]
a = "0–1e15"
b = { low = -5, high = 1e20 }
c = "99999999999999999999999999"
"#,
    );
    ws.write(
        "criteria/s.toml",
        "id = \"s\"\nname = \"Scripted\"\n[script]\npath = \"scripts/criteria/s.lua\"\nunit = \"kr\"\nfunction = \"linear\"\ndirection = \"lower-is-better\"\n[script.inputs.x]\na = \"1\"\nb = \"2–3\"\nc = \"1e6\"\n",
    );
    ws.write(
        "scripts/criteria/s.lua",
        "return function(inputs) local r = {} for k, v in pairs(inputs.x) do r[k] = v * 2 end return r end\n",
    );
    ws.write(
        "scripts/groups/g.lua",
        "return { name = \"G\", seats = 1, weights = { goal = direct { r1 = 0.0001, r2 = 1, d1 = 1, s = 1e9 } }, alternatives = { r2 = pairwise { {\"a\",\"b\",1e9},{\"b\",\"c\",1e-9} } } }\n",
    );
    let all = all_charts(&ws, &["r1", "r2", "d1", "s"], &["g"]);
    assert!(
        all.contains("&lt;b&gt;µg/m³&lt;/b&gt;"),
        "the unit is not shown escaped"
    );
    // --data ranges samples the script and the ranges.
    let run = run_ws(
        &ws,
        &[
            "--format",
            "svg",
            "sensitivity",
            "monte-carlo",
            "--data",
            "ranges",
            "--samples",
            SAMPLES,
        ],
    );
    assert_clean(&run, false, "--data ranges");
}

#[test]
fn monte_carlo_sample_counts_spread_and_threads() {
    let ws = leader("samples");
    // One sample draws a chart; zero is refused and writes nothing.
    let one = run_ws(
        &ws,
        &[
            "--format",
            "svg",
            "sensitivity",
            "monte-carlo",
            "--samples",
            "1",
        ],
    );
    assert_clean(&one, false, "--samples 1");
    let report = run_ws(&ws, &["report", "--out", "-", "--samples", "1"]);
    assert_clean(&report, true, "report --samples 1");
    for args in [
        vec![
            "--format",
            "svg",
            "sensitivity",
            "monte-carlo",
            "--samples",
            "0",
        ],
        vec![
            "--format",
            "svg",
            "sensitivity",
            "monte-carlo",
            "--threads",
            "0",
        ],
        vec![
            "--format",
            "svg",
            "sensitivity",
            "monte-carlo",
            "--weights",
            "perturb",
            "--spread",
            "1",
        ],
        vec!["report", "--out", "r.html", "--samples", "0"],
    ] {
        let run = run_ws(&ws, &args);
        // `--samples 0` is a mistake of the command line (issue 9).
        let expected = if args.contains(&"--samples") { 2 } else { 1 };
        assert_eq!(run.code, expected, "{args:?}: {run:?}");
        assert!(run.stdout.is_empty(), "{args:?}: {run:?}");
        assert!(run.stderr.starts_with("error: "), "{args:?}: {run:?}");
    }
    let left: Vec<_> = std::fs::read_dir(ws.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("r.html"))
        .collect();
    assert!(left.is_empty(), "a failed report left {left:?}");
    // The thread count changes nothing.
    let base = [
        "--format",
        "svg",
        "sensitivity",
        "monte-carlo",
        "--samples",
        "300",
    ];
    let a = run_ws(&ws, &[&base[..], &["--threads", "1"]].concat());
    let b = run_ws(&ws, &[&base[..], &["--threads", "3"]].concat());
    assert_clean(&a, false, "--threads 1");
    assert_eq!(a.stdout, b.stdout);
    let a = run_ws(
        &ws,
        &["report", "--out", "-", "--samples", "300", "--threads", "1"],
    );
    let b = run_ws(
        &ws,
        &["report", "--out", "-", "--samples", "300", "--threads", "4"],
    );
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn lang_is_case_blind_and_refuses_other_tags() {
    let ws = leader("lang");
    for (lang, word) in [
        ("SV", "Huvudkriteriernas vikter"),
        ("Sv", "Huvudkriteriernas vikter"),
        ("EN", "Weights of the top-level criteria"),
        ("eN", "Weights of the top-level criteria"),
    ] {
        let run = run_ws(&ws, &["--lang", lang, "--format", "svg", "weights"]);
        assert_clean(&run, false, lang);
        assert!(run.stdout.contains(word), "--lang {lang}: {run:?}");
    }
    for lang in ["", "sv_SE", "fi", "xx-YY"] {
        let run = run_ws(&ws, &["--lang", lang, "--format", "svg", "weights"]);
        assert_eq!(run.code, 2, "--lang {lang:?}: {run:?}");
        assert!(run.stdout.is_empty());
        assert!(run.stderr.contains("`sv` or `en`"), "{run:?}");
    }
}

#[test]
fn report_targets_that_cannot_be_written_are_refused_before_any_work() {
    let ws = leader("targets");
    ws.write("a-file", "x");
    std::fs::create_dir_all(ws.path().join("a-folder")).unwrap();
    for target in [
        "a-folder",
        "a-folder/",
        "..",
        "no/such/folder/r.html",
        "/proc/vagval-report-test.html",
    ] {
        for lang in ["sv", "en"] {
            let run = run_ws(
                &ws,
                &[
                    "--lang",
                    lang,
                    "report",
                    "--out",
                    target,
                    "--samples",
                    SAMPLES,
                ],
            );
            assert_eq!(run.code, 1, "--out {target}: {run:?}");
            assert!(run.stdout.is_empty(), "--out {target}: {run:?}");
            assert!(
                run.stderr.starts_with("error: ") || run.stderr.starts_with("fel: "),
                "--out {target}: {run:?}"
            );
        }
    }
    let mut names: Vec<_> = std::fs::read_dir(ws.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["README.md", "a-file", "a-folder", "criteria", "vagval.toml"]
    );
    assert_eq!(
        std::fs::read_dir(ws.path().join("a-folder"))
            .unwrap()
            .count(),
        0
    );
    // A failing group script: the report is written without it, names it
    // at its top, and leaves no temporary file.
    ws.write(
        "scripts/groups/bad.lua",
        "return { name = \"Bad\", seats = 1, weights = { goal = direct { nope = 1 } } }\n",
    );
    let run = run_ws(&ws, &["report", "--out", "r.html", "--samples", SAMPLES]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("incomplete"), "{run:?}");
    let html = std::fs::read_to_string(ws.path().join("r.html")).unwrap();
    assert!(html.contains("scripts/groups/bad.lua"), "{html}");
    let left: Vec<_> = std::fs::read_dir(ws.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("r.html"))
        .collect();
    assert_eq!(left, ["r.html"]);
}

#[test]
fn hostile_matrix_files() {
    let dir = TempDir::new("matrix");
    dir.write(
        "names.json",
        r#"{"items": ["<b>&\"", "👨‍👩‍👧", "</svg>"], "matrix": [[1, 2, 1e9], [0.5, 1, null], [1e-9, null, 1]]}"#,
    );
    dir.write("one.json", r#"{"items": ["A"], "matrix": [[1]]}"#);
    dir.write("big.txt", &{
        let n = 20;
        let mut t = String::from("  ");
        for j in 0..n {
            t.push_str(&format!(" i{j}"));
        }
        t.push('\n');
        for i in 0..n {
            t.push_str(&format!("i{i}"));
            for j in 0..n {
                t.push_str(if i == j {
                    " 1"
                } else if i < j {
                    " 2"
                } else {
                    " 1/2"
                });
            }
            t.push('\n');
        }
        t
    });
    dir.write("div0.txt", "    A    B\nA   1    1/0\nB   0    1\n");
    dir.write("empty.json", r#"{"items": [], "matrix": []}"#);
    dir.write(
        "disconnected.json",
        r#"{"items": ["A","B","C"], "matrix": [[1,null,null],[null,1,null],[null,null,1]]}"#,
    );
    for lang in ["sv", "en"] {
        for file in ["names.json", "one.json", "big.txt"] {
            let run = run_in(
                dir.path(),
                &["--lang", lang, "--format", "svg", "matrix", file],
            );
            assert_clean(&run, false, file);
        }
        let run = run_in(
            dir.path(),
            &["--lang", lang, "--format", "svg", "matrix", "names.json"],
        );
        assert!(run.stdout.contains("&lt;b&gt;&amp;&quot;"), "{run:?}");
        let run = run_in(
            dir.path(),
            &["--lang", lang, "--format", "svg", "matrix", "div0.txt"],
        );
        assert_eq!(run.code, 1, "{run:?}");
        assert!(run.stdout.is_empty());
        assert!(run.stderr.contains("div0.txt:2:10"), "{run:?}");
        for file in ["empty.json", "disconnected.json"] {
            let run = run_in(
                dir.path(),
                &["--lang", lang, "--format", "svg", "matrix", file],
            );
            assert_eq!(run.code, 1, "{file}: {run:?}");
            assert!(run.stdout.is_empty(), "{file}: {run:?}");
            assert!(run.stderr.contains(file), "{file}: {run:?}");
        }
    }
}

// ---------------------------------------------------------------------------
// Defects found (these fail until the product is fixed)
// ---------------------------------------------------------------------------

/// Regression (a defect found by hostile input, now fixed): a name holding a newline or a backtick breaks the report: the
/// Markdown the report is built from takes the name's lines as headings,
/// lists and paragraphs, and an odd backtick gives a stray `</code>`.
#[test]
fn names_with_newlines_and_backticks_keep_the_report_structure() {
    let plain = leader("md-plain");
    let odd = leader("md-odd");
    odd.edit(
        "vagval.toml",
        "name = \"Tom\"",
        r#"name = "Tom | pipe \\| back `tick""#,
    );
    odd.edit(
        "vagval.toml",
        "name = \"Dick\"",
        r##"name = "# Dick - item 1. one | a | b | |---|---|""##,
    );
    odd.edit(
        "vagval.toml",
        "name = \"Harry\"",
        r#"name = "Harry `unclosed""#,
    );
    odd.edit(
        "criteria/age.toml",
        "name = \"Age\"",
        r##"name = "Age | x # H""##,
    );
    // A name is one line: a line break in one is refused, naming the file.
    let broken = leader("md-newline");
    broken.edit(
        "vagval.toml",
        "name = \"Dick\"",
        r##"name = "# Dick\n- item""##,
    );
    let refused = run_ws(&broken, &["report", "--out", "-", "--samples", SAMPLES]);
    assert_eq!(refused.code, 1, "{refused:?}");
    assert!(refused.stderr.contains("vagval.toml:"), "{refused:?}");
    assert!(refused.stderr.contains("line break"), "{refused:?}");
    assert!(refused.stdout.is_empty(), "{refused:?}");
    let a = run_ws(&plain, &["report", "--out", "-", "--samples", SAMPLES]);
    let b = run_ws(&odd, &["report", "--out", "-", "--samples", SAMPLES]);
    assert_eq!(b.code, 0, "{b:?}");
    let problems = markup_problems(&b.stdout, true);
    assert!(problems.is_empty(), "not well formed: {problems:?}");
    // Names change no structure: as many headings, lists and tables.
    for tag in [
        "<h2", "<h3", "<h4", "<h5", "<ul", "<ol", "<li", "<table", "<p>", "<code",
    ] {
        assert_eq!(
            a.stdout.matches(tag).count(),
            b.stdout.matches(tag).count(),
            "`{tag}` count differs with odd names"
        );
    }
}

/// Regression (a defect found by hostile input, now fixed): control characters in names reach the terminal in table output
/// (an ESC sequence recolours it, a CR overwrites the line).
#[test]
fn control_characters_in_names_do_not_reach_the_terminal() {
    let ws = leader("control-table");
    ws.edit(
        "vagval.toml",
        "name = \"Tom\"",
        r#"name = "T\u0000o\u001b[31m red\r cr""#,
    );
    // Refused with a clear error that names the file, and the error itself
    // carries no control character either.
    for args in [
        vec!["evaluate"],
        vec!["check"],
        vec!["--format", "markdown", "evaluate"],
    ] {
        let run = run_ws(&ws, &args);
        assert_eq!(run.code, 1, "{args:?}: {run:?}");
        assert!(run.stderr.contains("control character"), "{run:?}");
        for c in ['\u{0}', '\u{1b}', '\r'] {
            assert!(
                !run.stdout.contains(c) && !run.stderr.contains(c),
                "{args:?}: U+{:04X} printed as is",
                c as u32
            );
        }
    }
}

/// Regression (a defect found by hostile input, now fixed): alternatives tied exactly are printed as a strict order
/// ("Ranking now: a > b > c") and the critical performance measure of the
/// tied pair reads "-0.0 %".
#[test]
fn tied_alternatives_are_not_shown_in_a_strict_order_nor_with_minus_zero() {
    let ws = ties();
    for lang in ["sv", "en"] {
        let one_way = run_ws(
            &ws,
            &["--lang", lang, "sensitivity", "one-way", "--criterion", "x"],
        );
        assert_eq!(one_way.code, 0, "{one_way:?}");
        assert!(
            !one_way.stdout.contains("a > b"),
            "a tie shown as `a > b`: {one_way:?}"
        );
        let thresholds = run_ws(&ws, &["--lang", lang, "sensitivity", "thresholds"]);
        assert_eq!(thresholds.code, 0, "{thresholds:?}");
        assert!(
            !thresholds.stdout.contains("A > B"),
            "a tie shown as `A > B`: {thresholds:?}"
        );
        let report = run_ws(
            &ws,
            &["--lang", lang, "report", "--out", "-", "--samples", SAMPLES],
        );
        for minus_zero in [
            "-0.0 ",
            "-0,0 ",
            "-0.0\u{a0}",
            "-0,0\u{a0}",
            "-0.000",
            "-0,000",
        ] {
            assert!(
                !report.stdout.contains(minus_zero) && !thresholds.stdout.contains(minus_zero),
                "--lang {lang}: `{minus_zero}` printed"
            );
        }
    }
}

/// Regression (a defect found by hostile input, now fixed): with many crossovers the one-way chart falls back to placing
/// labels on top of each other (12 alternatives: over a hundred overlaps).
#[test]
fn one_way_crossover_labels_do_not_overlap() {
    let ws = big();
    let run = run_ws(
        &ws,
        &[
            "--format",
            "svg",
            "sensitivity",
            "one-way",
            "--criterion",
            "crit01",
        ],
    );
    assert_clean(&run, false, "one-way");
    // Crossover labels are the haloed texts (paint-order="stroke").
    let mut boxes = Vec::new();
    for piece in run.stdout.split("<text ").skip(1) {
        let Some(head_end) = piece.find('>') else {
            continue;
        };
        let head = &piece[..head_end];
        if !head.contains("paint-order=\"stroke\"") {
            continue;
        }
        let attr = |name: &str| -> Option<f64> {
            head.split(&format!("{name}=\""))
                .nth(1)?
                .split('"')
                .next()?
                .parse()
                .ok()
        };
        let body = &piece[head_end + 1..piece.find("</text>").unwrap()];
        let shown = body.rsplit("</title>").next().unwrap_or(body);
        // A label wrapped onto lines: `<tspan x=".." y="..">line</tspan>`…,
        // one box around them all.
        let lines: Vec<(Option<f64>, Option<f64>, &str)> = if shown.contains("<tspan ") {
            shown
                .split("<tspan ")
                .skip(1)
                .filter_map(|t| {
                    let (attrs, rest) = t.split_once('>')?;
                    let value = |name: &str| -> Option<f64> {
                        attrs
                            .split(&format!("{name}=\""))
                            .nth(1)?
                            .split('"')
                            .next()?
                            .parse()
                            .ok()
                    };
                    Some((value("x"), value("y"), rest.split("</tspan>").next()?))
                })
                .collect()
        } else {
            vec![(attr("x"), attr("y"), shown)]
        };
        let (Some((Some(x), Some(y), _)), Some((_, Some(last_y), _))) =
            (lines.first(), lines.last())
        else {
            continue;
        };
        let (x, y, last_y) = (*x, *y, *last_y);
        let w = lines
            .iter()
            .map(|l| l.2.chars().count() as f64 * 0.6 * 14.0)
            .fold(0.0, f64::max);
        let x0 = if head.contains("text-anchor=\"end\"") {
            x - w
        } else if head.contains("text-anchor=\"middle\"") {
            x - w / 2.0
        } else {
            x
        };
        boxes.push((x0, y - 14.0, x0 + w, last_y + 4.0, shown.to_string()));
    }
    assert!(!boxes.is_empty(), "no crossover labels");
    let mut overlaps = Vec::new();
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            if a.0 < b.2 - 1.0 && b.0 < a.2 - 1.0 && a.1 < b.3 - 1.0 && b.1 < a.3 - 1.0 {
                overlaps.push((a.4.clone(), b.4.clone()));
            }
        }
    }
    assert!(
        overlaps.is_empty(),
        "{} overlapping crossover labels, e.g. {:?}",
        overlaps.len(),
        overlaps.first()
    );
}

/// Regression (a defect found by hostile input, now fixed): seats so large that their sum overflows (two groups of 1e308)
/// make the aggregate silently wrong: AIJ ties everything at 1/3, AIP
/// gives 0. Equal seats must give the same aggregate whatever their size.
#[test]
fn huge_equal_seats_give_the_same_aggregate_as_small_ones() {
    let aggregate = |seats: &str, aggregation: &str| -> String {
        let ws = leader("huge-seats");
        ws.write(
            "scripts/groups/s.lua",
            format!("return {{ name = \"S\", seats = {seats}, weights = {{ goal = direct {{ experience = 1, education = 1, charisma = 1, age = 1 }} }} }}\n"),
        );
        ws.write(
            "scripts/groups/t.lua",
            format!("return {{ name = \"T\", seats = {seats}, weights = {{ goal = direct {{ experience = 4, education = 1, charisma = 1, age = 1 }} }} }}\n"),
        );
        let run = run_ws(
            &ws,
            &["--format", "csv", "groups", "--aggregation", aggregation],
        );
        assert_eq!(run.code, 0, "{run:?}");
        // id and the aggregate's score, rounded, in rank order.
        run.stdout
            .lines()
            .skip(1)
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                let score: f64 = f[f.len() - 2].parse().unwrap();
                format!("{} {score:.6}", f[0])
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    for aggregation in ["aij", "aip"] {
        assert_eq!(
            aggregate("1e308", aggregation),
            aggregate("1", aggregation),
            "{aggregation}"
        );
    }
}

/// Regression (a defect found by hostile input, now fixed): a group's zero weight is refused by the AIJ aggregate (as
/// documented) but the error says "item 2" instead of the criterion's id,
/// and does not name the script.
#[test]
fn a_zero_group_weight_is_named_by_criterion_and_script() {
    let ws = ties();
    ws.write(
        "scripts/groups/g.lua",
        "return { name = \"G\", seats = 1, weights = { goal = direct { x = 1, y = 0, z = 1 } } }\n",
    );
    // The group's own evaluation and AIP work.
    let own = run_ws(&ws, &["--format", "svg", "evaluate", "--group", "g"]);
    assert_clean(&own, false, "evaluate --group g");
    let aip = run_ws(&ws, &["--format", "svg", "groups", "--aggregation", "aip"]);
    assert_clean(&aip, false, "groups --aggregation aip");
    for lang in ["sv", "en"] {
        let run = run_ws(&ws, &["--lang", lang, "groups"]);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(run.stdout.is_empty());
        assert!(
            run.stderr.contains("`y`"),
            "the criterion is not named: {run:?}"
        );
        assert!(
            run.stderr.contains("scripts/groups/g.lua"),
            "the script is not named: {run:?}"
        );
    }
}

/// Regression (a defect found by hostile input, now fixed): data written with more than two decimals are shown rounded to
/// two: values of 1e-9 m all read "0 m" while their priorities differ.
#[test]
fn tiny_data_values_are_not_all_shown_as_zero() {
    let ws = leader("tiny");
    ws.write(
        "criteria/age.toml",
        "id = \"age\"\nname = \"Age\"\n[data]\nunit = \"m\"\nfunction = \"linear\"\ndirection = \"higher-is-better\"\n[data.alternatives]\ntom = \"0,000000001\"\ndick = \"0,000000002\"\nharry = \"0,0000000015\"\n",
    );
    let evaluate = run_ws(&ws, &["evaluate"]);
    assert_eq!(evaluate.code, 0, "{evaluate:?}");
    let report = run_ws(&ws, &["report", "--out", "-", "--samples", SAMPLES]);
    assert_clean(&report, true, "report");
    for (what, text) in [("evaluate", &evaluate.stdout), ("report", &report.stdout)] {
        assert!(
            !text.contains("0 m (") && !text.contains("0\u{a0}m ("),
            "{what}: a value of 1e-9 m shown as `0 m`"
        );
    }
}

/// Regression (a defect found by hostile input, now fixed): the principal eigenvector does not converge on some valid
/// matrices (entries within 1e-9..1e9, reciprocal): `vagval matrix` fails,
/// whatever --method, and so does a workspace or an aggregate holding it.
#[test]
fn the_eigenvector_converges_on_valid_extreme_matrices() {
    let dir = TempDir::new("converge");
    dir.write(
        "m.txt",
        "   A     B     C     D\nA  1     1e8   1/9   1e-8\nB  1e-8  1     1e9   1/9\nC  9     1e-9  1     1e9\nD  1e8   9     1e-9  1\n",
    );
    for method in ["eigenvector", "geometric"] {
        let run = run_in(dir.path(), &["--method", method, "matrix", "m.txt"]);
        assert_eq!(run.code, 0, "--method {method}: {run:?}");
        let svg = run_in(
            dir.path(),
            &["--method", method, "--format", "svg", "matrix", "m.txt"],
        );
        assert_clean(&svg, false, method);
    }
}

/// Regression (a defect found by hostile input, now fixed): `evaluate --all-groups` on a workspace without groups prints
/// nothing and exits 0 (`groups` says there are none, exit 1).
#[test]
fn all_groups_without_groups_says_so() {
    let ws = leader("no-groups");
    for format in ["table", "markdown"] {
        let run = run_ws(&ws, &["--format", format, "evaluate", "--all-groups"]);
        assert!(
            (run.code == 1 && run.stderr.contains("group")) || !run.stdout.trim().is_empty(),
            "--format {format}: silent success: {run:?}"
        );
    }
}

/// Regression (a defect found by hostile input, now fixed): `--samples 1` reads "1 samples" / "1 dragningar", and a group of
/// one seat "(1 seats)".
#[test]
fn one_sample_and_one_seat_are_singular() {
    let ws = leader("singular");
    let en = run_ws(
        &ws,
        &[
            "--lang",
            "en",
            "sensitivity",
            "monte-carlo",
            "--samples",
            "1",
        ],
    );
    assert!(en.stdout.contains("1 sample,"), "{en:?}");
    let sv = run_ws(
        &ws,
        &[
            "--lang",
            "sv",
            "sensitivity",
            "monte-carlo",
            "--samples",
            "1",
        ],
    );
    assert!(sv.stdout.contains("1 dragning,"), "{sv:?}");
    ws.write(
        "scripts/groups/x.lua",
        "return { name = \"X\", seats = 1, weights = { goal = direct { experience = 1, education = 1, charisma = 1, age = 1 } } }\n",
    );
    let group = run_ws(&ws, &["--lang", "en", "evaluate", "--group", "x"]);
    assert!(!group.stdout.contains("1 seats"), "{group:?}");
}

/// Regression (a defect found by hostile input, now fixed): a script value too big for an exact decimal is reported as "not
/// a finite number", spelt out in 300 digits.
#[test]
fn a_huge_script_value_is_reported_briefly_and_truly() {
    let ws = leader("huge-script");
    ws.write(
        "criteria/age.toml",
        "id = \"age\"\nname = \"Age\"\n[script]\npath = \"scripts/criteria/age.lua\"\nfunction = \"linear\"\ndirection = \"lower-is-better\"\n[script.inputs.x]\ntom = \"1\"\ndick = \"2\"\nharry = \"3\"\n",
    );
    ws.write(
        "scripts/criteria/age.lua",
        "return function(inputs) local r = {} for k, v in pairs(inputs.x) do r[k] = v * 1e300 end return r end\n",
    );
    let run = run_ws(&ws, &["--format", "svg", "evaluate"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("criteria/age.toml:"), "{run:?}");
    assert!(
        !run.stderr
            .contains("0000000000000000000000000000000000000000"),
        "{run:?}"
    );
    assert!(
        !run.stderr.contains("not a finite number"),
        "1e300 is finite: {run:?}"
    );
}

/// Regression (a defect found by hostile input, now fixed): a JSON matrix that parses but is wrong (a duplicate item, a
/// non-reciprocal pair) names the file but no line and column.
#[test]
fn matrix_json_errors_give_line_and_column() {
    let dir = TempDir::new("matrix-pos");
    dir.write(
        "dup.json",
        "{\n  \"items\": [\"A\", \"A\"],\n  \"matrix\": [[1, 2], [0.5, 1]]\n}\n",
    );
    dir.write(
        "recip.json",
        "{\n  \"items\": [\"A\", \"B\"],\n  \"matrix\": [[1, 2], [0.3, 1]]\n}\n",
    );
    for file in ["dup.json", "recip.json"] {
        let run = run_in(dir.path(), &["matrix", file]);
        assert_eq!(run.code, 1, "{run:?}");
        let position = run
            .stderr
            .split(&format!("{file}:"))
            .nth(1)
            .and_then(|s| s.chars().next())
            .is_some_and(|c| c.is_ascii_digit());
        assert!(position, "{file}: no line:column: {run:?}");
    }
}

/// Regression (a defect found by hostile input, now fixed): `report --out` onto a FIFO (or a device: `--out /dev/null` run
/// as root replaces /dev/null with a regular file) renames a new file over
/// it. It must write into it, or refuse, and leave the FIFO a FIFO.
#[test]
fn the_report_never_replaces_a_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let ws = leader("fifo");
    let fifo = ws.path().join("pipe.html");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    // A second name for the same FIFO, to unblock the reader whatever happens.
    let twin = ws.path().join("pipe-twin");
    std::fs::hard_link(&fifo, &twin).unwrap();
    let twin_reader = twin.clone();
    let reader = std::thread::spawn(move || std::fs::read(&twin_reader).unwrap_or_default());
    let run = run_ws(&ws, &["report", "--out", "pipe.html", "--samples", SAMPLES]);
    // Let the reader finish if vagval never opened the FIFO: open it for
    // writing and close it. Non-blocking (O_NONBLOCK), so that this fails
    // at once instead of waiting when the reader has already finished.
    {
        use std::os::unix::fs::OpenOptionsExt;
        drop(
            std::fs::OpenOptions::new()
                .write(true)
                .custom_flags(0o4000)
                .open(&twin),
        );
    }
    let read = reader.join().unwrap();
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(
        kind.is_fifo(),
        "the FIFO was replaced by a {kind:?}: {run:?}"
    );
    if run.code == 0 {
        assert!(read.starts_with(b"<!DOCTYPE html>"), "{run:?}");
    } else {
        assert_eq!(run.code, 1, "{run:?}");
    }
}

/// Regression (a defect found by hostile input, now fixed): `report --out link.html` where link.html is a symlink replaces
/// the link by a regular file with the link's mode, 0777 (world-writable,
/// executable); the file it pointed to keeps the old text.
#[test]
fn the_report_through_a_symlink_writes_its_target() {
    use std::os::unix::fs::PermissionsExt;
    let ws = leader("symlink");
    ws.write("real.html", "old");
    std::os::unix::fs::symlink("real.html", ws.path().join("link.html")).unwrap();
    let run = run_ws(&ws, &["report", "--out", "link.html", "--samples", SAMPLES]);
    assert_eq!(run.code, 0, "{run:?}");
    let link = std::fs::symlink_metadata(ws.path().join("link.html")).unwrap();
    let mode = link.permissions().mode() & 0o777;
    assert!(
        link.file_type().is_symlink() || mode & 0o022 == 0,
        "link.html became a file of mode {mode:o}"
    );
    assert!(
        link.file_type().is_symlink(),
        "the link was replaced by a file"
    );
    let real = std::fs::read_to_string(ws.path().join("real.html")).unwrap();
    assert!(real.starts_with("<!DOCTYPE html>"), "real.html: {real}");
}

/// Regression (a defect found by hostile input, now fixed): a valid 250-byte file name cannot be written: the temporary
/// file beside it adds 17 bytes and passes the 255-byte limit. (And the
/// parent being a file is called "does not exist".)
#[test]
fn a_long_valid_file_name_and_a_file_as_folder() {
    let ws = leader("long-name");
    let name = format!("{}.html", "x".repeat(245));
    std::fs::write(ws.path().join(&name), "old").unwrap();
    let run = run_ws(&ws, &["report", "--out", &name, "--samples", SAMPLES]);
    assert_eq!(run.code, 0, "{run:?}");
    let written = std::fs::read_to_string(ws.path().join(&name)).unwrap();
    assert!(written.starts_with("<!DOCTYPE html>"));
    ws.write("a-file", "x");
    let run = run_ws(
        &ws,
        &["report", "--out", "a-file/r.html", "--samples", SAMPLES],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        !run.stderr.contains("does not exist"),
        "a-file exists: {run:?}"
    );
    assert_eq!(
        std::fs::read_to_string(ws.path().join("a-file")).unwrap(),
        "x"
    );
}
