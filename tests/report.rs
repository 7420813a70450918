//! The workshop report of the shipped Tranås decision, as a reader meets it:
//! opened in a real headless Chromium (no console errors, no failed or
//! network loads, the charts drawn in their colours, the Swedish text
//! intact), and checked against the command line: every table row and every
//! sentence of the commands the report names is in the report, exactly as
//! the command prints it.
//!
//! Needs Chromium (`tests/run` installs it); without it the browser test fails.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod browser;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

// The shared harness of the binary's tests, run in-process here.
#[path = "../crates/vagval-cli/tests/common/mod.rs"]
mod common;

use common::{repo_root, run_in_process};

/// Runs vagval in-process (as `vagval args…` in the repository root).
fn vagval(args: &[&str]) -> String {
    let run = run_in_process(&repo_root(), args);
    assert_eq!(run.code, 0, "vagval {args:?}: {}", run.stderr);
    run.stdout
}

const SAMPLES: &str = "4000";
const SEED: &str = "5";

/// Writes the report for `lang` into `dir` and returns its path and text.
fn report(dir: &Path, lang: &str) -> (PathBuf, String) {
    let path = dir.join(format!("rapport-{lang} å.html"));
    let target = path.to_string_lossy().to_string();
    vagval(&[
        "report",
        "--out",
        &target,
        "--lang",
        lang,
        "--samples",
        SAMPLES,
        "--seed",
        SEED,
    ]);
    let html = std::fs::read_to_string(&path).unwrap();
    (path, html)
}

/// `&amp;` and friends back to text, tags dropped, spaces collapsed.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of every element `<tag…>…</tag>` (not nested in itself).
fn elements(html: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        // `<tr>` but not `<track>`.
        if !after.starts_with(['>', ' ']) {
            rest = after;
            continue;
        }
        // The content starts after the opening tag's attributes.
        let Some(open_end) = after.find('>') else {
            break;
        };
        let content = &after[open_end + 1..];
        let Some(end) = content.find(&close) else {
            break;
        };
        found.push(content[..end].to_string());
        rest = &content[end + close.len()..];
    }
    found
}

/// Every table row of the report as its cells' texts, joined by " | ".
fn report_rows(html: &str) -> BTreeSet<String> {
    elements(html, "tr")
        .iter()
        .map(|row| {
            let cells: Vec<String> = elements(row, "td")
                .into_iter()
                .chain(elements(row, "th"))
                .map(|c| text_of(&c))
                .collect();
            cells.join(" | ")
        })
        .collect()
}

/// A Markdown text as the report shows it: spaces collapse (backticks stay
/// as written).
fn plain(markdown: &str) -> String {
    markdown.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The rows of every pipe table in `markdown` (the rule rows left out), as
/// " | "-joined cell texts, and its list items.
fn markdown_rows_and_items(markdown: &str) -> (Vec<String>, Vec<String>) {
    let mut rows = Vec::new();
    let mut items = Vec::new();
    for line in markdown.lines() {
        let line = line.trim();
        if line.starts_with('|') {
            let body = line.trim_start_matches('|').trim_end_matches('|');
            let cells: Vec<String> = body
                .replace("\\|", "\u{1}")
                .split('|')
                .map(|c| plain(&c.replace('\u{1}', "|").replace("\\\\", "\\")))
                .collect();
            if cells
                .iter()
                .all(|c| c.trim_matches(':').chars().all(|ch| ch == '-') && !c.is_empty())
            {
                continue;
            }
            rows.push(cells.join(" | "));
        } else if let Some(item) = line.strip_prefix("- ") {
            items.push(plain(item));
        } else if let Some((number, item)) = line.split_once(". ")
            && number.chars().all(|c| c.is_ascii_digit())
            && !number.is_empty()
        {
            items.push(plain(item));
        }
    }
    (rows, items)
}

/// The Markdown of the sections of `markdown` whose `## ` heading is one of
/// `headings`.
fn sections(markdown: &str, headings: &[&str]) -> String {
    let mut out = String::new();
    let mut keep = false;
    for line in markdown.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            keep = headings.contains(&title.trim());
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The report shows names where the commands print ids (of the
/// alternatives, the criteria, the groups, and `default` for the
/// workspace's own weights): (id, name) in `lang`.
fn id_names(lang: &str) -> Vec<(String, String)> {
    let root = repo_root();
    let workspace = vagval_workspace::Workspace::load(&root).unwrap();
    let model = vagval_core::model::Model::new(workspace.spec.clone()).unwrap();
    let mut pairs: Vec<(String, String)> = model
        .alternatives()
        .iter()
        .map(|a| (a.id.clone(), a.name.clone()))
        .collect();
    let hierarchy = model.hierarchy();
    for (index, _) in hierarchy.depth_first() {
        let node = hierarchy.node(index);
        pairs.push((node.id.clone(), node.name.clone()));
    }
    let groups = vagval_workspace::groups::load(&root, &model, workspace.limits).unwrap();
    pairs.extend(
        groups
            .loaded
            .iter()
            .map(|g| (g.spec.id.clone(), g.spec.name.clone())),
    );
    let own = if lang == "sv" {
        "Arbetsytans vikter"
    } else {
        "Workspace weights"
    };
    pairs.push(("default".to_string(), own.to_string()));
    pairs
}

/// The cells of a Markdown table line, or `None` for a rule line.
fn table_cells(line: &str) -> Option<Vec<String>> {
    let body = line.trim_start_matches('|').trim_end_matches('|');
    let cells: Vec<String> = body
        .replace("\\|", "\u{1}")
        .split('|')
        .map(|c| plain(&c.replace('\u{1}', "|").replace("\\\\", "\\")))
        .collect();
    let rule = cells
        .iter()
        .all(|c| c.trim_matches(':').chars().all(|ch| ch == '-') && !c.is_empty());
    (!rule).then_some(cells)
}

/// A command's table rows as the report shows them: every cell that is an
/// id as its name, and a column of ids beside the same names (cell for
/// cell) dropped with its header — the rule the report applies.
fn named_rows(markdown: &str, names: &[(String, String)]) -> Vec<String> {
    let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
    let mut current: Vec<Vec<String>> = Vec::new();
    for line in markdown.lines().map(str::trim) {
        if line.starts_with('|') {
            if let Some(cells) = table_cells(line) {
                current.push(cells);
            }
        } else if !current.is_empty() {
            tables.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        tables.push(current);
    }
    let name_of = |cell: &str| {
        names
            .iter()
            .find(|(id, _)| id == cell)
            .map(|(_, n)| n.clone())
    };
    let mut rows = Vec::new();
    for table in tables {
        let width = table[0].len();
        let body = &table[1..];
        let all_ids: Vec<bool> = (0..width)
            .map(|k| {
                !body.is_empty()
                    && body
                        .iter()
                        .all(|r| r.get(k).is_some_and(|c| name_of(c).is_some()))
            })
            .collect();
        let named: Vec<Vec<String>> = table
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| name_of(c).unwrap_or_else(|| c.clone()))
                    .collect()
            })
            .collect();
        let column = |k: usize| -> Vec<String> {
            named[1..]
                .iter()
                .map(|r| r.get(k).cloned().unwrap_or_default())
                .collect()
        };
        let drop = (0..width).find(|&k| {
            all_ids[k]
                && [k.checked_sub(1), Some(k + 1)]
                    .into_iter()
                    .flatten()
                    .filter(|&j| j < width)
                    .any(|j| column(j) == column(k))
        });
        for row in named {
            let kept: Vec<String> = row
                .into_iter()
                .enumerate()
                .filter(|(k, _)| Some(*k) != drop)
                .map(|(_, c)| c)
                .collect();
            rows.push(kept.join(" | "));
        }
    }
    rows
}

fn assert_in_report(html: &str, markdown: &str, what: &str) {
    let names = id_names(if html.contains("<html lang=\"sv\"") {
        "sv"
    } else {
        "en"
    });
    let rows = report_rows(html);
    let items: BTreeSet<String> = elements(html, "li").iter().map(|li| text_of(li)).collect();
    let (_, md_items) = markdown_rows_and_items(markdown);
    let md_rows = named_rows(markdown, &names);
    assert!(
        !md_rows.is_empty() || !md_items.is_empty(),
        "{what}: nothing to compare"
    );
    for row in &md_rows {
        assert!(
            rows.contains(row),
            "{what}: the report lacks the row\n  {row}"
        );
    }
    for item in &md_items {
        assert!(
            items.contains(item),
            "{what}: the report lacks the sentence\n  {item}"
        );
    }
}

#[test]
fn every_figure_in_the_report_is_what_the_command_line_prints() {
    let dir = browser::TempDir::new("report-numbers").unwrap();
    for lang in ["sv", "en"] {
        let (_, html) = report(dir.path(), lang);
        let md = |args: &[&str]| {
            let mut full = args.to_vec();
            full.extend(["--format", "markdown", "--lang", lang]);
            vagval(&full)
        };
        assert_in_report(&html, &md(&["weights"]), "weights");
        let evaluation = md(&["evaluate"]);
        let criteria = sections(
            &evaluation,
            &[
                "Criteria",
                "Kriterier",
                "Assessments (local priority in brackets)",
                "Bedömningar (lokal prioritet inom parentes)",
            ],
        );
        assert!(criteria.contains("tkr"), "{criteria}");
        assert_in_report(&html, &criteria, "evaluate");
        assert_in_report(&html, &md(&["groups", "--aggregation", "aij"]), "groups");
        assert_in_report(&html, &md(&["check"]), "check");
        for group in [
            "fiscal-caution",
            "local-control",
            "regional-cooperation",
            "security-first",
        ] {
            let evaluation = md(&["evaluate", "--group", group]);
            let ranking = sections(
                &evaluation,
                &[
                    "Ranking",
                    "Rangordning",
                    "Contributions by top-level criterion",
                    "Bidrag per huvudkriterium",
                ],
            );
            assert_in_report(&html, &ranking, group);
        }
        assert_in_report(
            &html,
            &md(&["sensitivity", "thresholds", "--aggregate"]),
            "thresholds",
        );
        for criterion in [
            "democracy",
            "cost",
            "cyber-nis2",
            "lock-in",
            "competence-supply",
        ] {
            let one_way = md(&[
                "sensitivity",
                "one-way",
                "--criterion",
                criterion,
                "--aggregate",
            ]);
            // The report shows the sweep's crossovers in words (its chart
            // stands for the table of points).
            let sentences: String = one_way
                .lines()
                .filter(|l| l.starts_with("- ") && l.contains('%'))
                .map(|l| format!("{l}\n"))
                .collect();
            if !sentences.is_empty() {
                assert_in_report(&html, &sentences, criterion);
            }
        }
        assert_in_report(
            &html,
            &md(&[
                "sensitivity",
                "monte-carlo",
                "--aggregate",
                "--samples",
                SAMPLES,
                "--seed",
                SEED,
            ]),
            "monte-carlo",
        );
    }
}

#[test]
fn the_report_opens_cleanly_in_chromium_with_its_charts_drawn() {
    let dir = browser::TempDir::new("report-browser").unwrap();
    let (path, html) = report(dir.path(), "sv");
    // A viewport tall enough for the whole page: the charts are far down.
    let page = browser::open_in_chromium(&path, (1100, 16000)).unwrap();
    assert_eq!(page.console_errors, Vec::<String>::new());
    let shot = &page.screenshot;
    assert!(!shot.is_blank(), "the report rendered blank");
    assert!(
        shot.non_background_fraction() > 0.05,
        "little is drawn: {}",
        shot.non_background_fraction()
    );
    // The charts' colours are on screen (Okabe–Ito orange, sky blue and
    // bluish green for the first three series; vermilion nowhere else).
    for (name, rgb) in [
        ("orange", [0xE6, 0x9F, 0x00]),
        ("sky blue", [0x56, 0xB4, 0xE9]),
        ("bluish green", [0x00, 0x9E, 0x73]),
    ] {
        assert!(
            shot.count_rgb(rgb) > 500,
            "the charts' {name} is not drawn ({} pixels)",
            shot.count_rgb(rgb)
        );
    }
    assert!(shot.distinct_colours() > 50, "{}", shot.distinct_colours());
    // The rendered page holds the Swedish text intact, and every chart.
    for text in [
        "Vägval för Tranås",
        "Ingå i Höglandsförbundet och HIT",
        "Fortsätta som idag i egen regi",
        "Hur robust är rangordningen?",
        "Sammanvägning och samsyn",
        "måste öka med",
    ] {
        assert!(page.dom.contains(text), "the page lacks `{text}`");
    }
    let charts_in_file = html.matches("<svg").count();
    assert!(charts_in_file >= 14, "{charts_in_file} charts");
    assert_eq!(page.dom.matches("<svg").count(), charts_in_file);
}

/// A copy of examples/leader whose names, descriptions, view and a group's
/// name carry markup, quotes and Swedish letters.
fn hostile_workspace(dir: &Path) -> PathBuf {
    let source = repo_root().join("examples/leader");
    let ws = dir.join("fientlig arbetsyta");
    std::fs::create_dir_all(ws.join("criteria")).unwrap();
    std::fs::create_dir_all(ws.join("scripts/groups")).unwrap();
    let manifest = std::fs::read_to_string(source.join("vagval.toml"))
        .unwrap()
        .replace(
            "name = \"Tom\"",
            "name = \"Tom <script>alert('x')</script> & Åsa\"\ndescription = \"<img src=x onerror=alert(1)> ”citat” ö\"",
        )
        .replace(
            "goal = \"Choose the most suitable leader\"",
            "goal = \"Välj </title><script>alert(2)</script> ledare\"",
        )
        .replace(
            "view = \"The board's judgments (Wikipedia leader example)\"",
            "view = \"</svg><svg onload=alert(3)> styrelsen\"",
        );
    std::fs::write(ws.join("vagval.toml"), manifest).unwrap();
    for entry in std::fs::read_dir(source.join("criteria")).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if path.ends_with("age.toml") {
            text = text.replacen(
                "name = \"Age\"",
                "name = \"Ålder ]]> <!-- \\\"&amp;\\\"\"",
                1,
            );
        }
        std::fs::write(ws.join("criteria").join(path.file_name().unwrap()), text).unwrap();
    }
    std::fs::write(
        ws.join("scripts/groups/grupp.lua"),
        "return { name = \"<b>Gruppen</b> & \\\"vänner\\\"\", seats = 3, weights = { goal = pairwise { \
         {\"experience\", \"education\", 2}, {\"experience\", \"charisma\", 2}, \
         {\"experience\", \"age\", 5}, {\"education\", \"charisma\", 1}, \
         {\"education\", \"age\", 3}, {\"charisma\", \"age\", 3} } } }\n",
    )
    .unwrap();
    ws
}

#[test]
fn hostile_names_are_text_in_the_report_not_markup() {
    let dir = browser::TempDir::new("report-hostile").unwrap();
    let ws = hostile_workspace(dir.path());
    let target = dir.path().join("rapport.html");
    let (ws_arg, target_arg) = (ws.to_string_lossy(), target.to_string_lossy());
    let run = run_in_process(
        &repo_root(),
        &[
            "--workspace",
            &ws_arg,
            "report",
            "--out",
            &target_arg,
            "--lang",
            "sv",
            "--samples",
            "2000",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(&target).unwrap();
    for markup in [
        "<script",
        "<img",
        "<svg onload",
        "<b>Gruppen",
        "</title><script",
        "<!--",
    ] {
        assert!(
            !html.contains(markup),
            "`{markup}` reached the page as markup"
        );
    }
    // Opened in a browser: nothing ran (an alert would be reported as a
    // dialog, the image as a failed load) and the text reads as written.
    let page = browser::open_in_chromium(&target, (1000, 1200)).unwrap();
    assert_eq!(page.console_errors, Vec::<String>::new());
    let text = text_of(&page.dom);
    for written in [
        "Tom <script>alert('x')</script> & Åsa",
        "<img src=x onerror=alert(1)> ”citat” ö",
        "Välj </title><script>alert(2)</script> ledare",
        "<b>Gruppen</b> & \"vänner\"",
        "Ålder ]]> <!-- \"&amp;\"",
    ] {
        assert!(text.contains(written), "the page does not show `{written}`");
    }
}

/// Runs vagval in-process in the repository root; returns its exit code
/// and stdout.
fn vagval_code(args: &[&str]) -> (i32, String, String) {
    let run = run_in_process(&repo_root(), args);
    (run.code, run.stdout, run.stderr)
}

/// Every command the report names (`<p class="command">… <code>…</code>`),
/// with the part of the report it stands for: from the section's heading or
/// the previous command, whichever is later, up to it.
fn named_commands(html: &str) -> Vec<(String, String)> {
    let marker = "<p class=\"command\">";
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = html[from..].find(marker) {
        let at = from + offset;
        let code = at + html[at..].find("<code>").unwrap() + "<code>".len();
        let end = code + html[code..].find("</code>").unwrap();
        let start = html[..at].rfind("<h2").map_or(from, |h| h.max(from));
        found.push((text_of(&html[code..end]), html[start..at].to_string()));
        from = end;
    }
    found
}

/// Regression (issue 9): `report --mode ideal` showed figures that the
/// commands it names did not print, for they lacked `--mode ideal`. Under
/// several non-default settings, every command the report names carries
/// every setting, runs, and prints every row and sentence of the part of
/// the report it stands for.
#[test]
fn every_command_the_report_names_prints_its_part_under_any_settings() {
    let dir = browser::TempDir::new("report-settings").unwrap();
    let runs: [&[&str]; 3] = [
        &[
            "--lang",
            "sv",
            "--mode",
            "ideal",
            "--method",
            "geometric",
            "--ri",
            "saaty2005",
            "--completion",
            "optimal",
            "--at",
            "high",
            "--aggregation",
            "aip",
            "--max-cr",
            "0.01",
            "--samples",
            "1500",
            "--seed",
            "11",
            "--weights",
            "perturb",
            "--spread",
            "3",
            "--data",
            "ranges",
        ],
        &[
            "--lang",
            "en",
            "--mode",
            "ideal",
            "--ri",
            "donegan-dodd",
            "--at",
            "low",
            "--samples",
            "2000",
            "--seed",
            "3",
            "--data",
            "ranges",
        ],
        &[
            "--lang",
            "en",
            "--method",
            "geometric",
            "--ri",
            "alonso-lamata",
            "--completion",
            "optimal",
            "--samples",
            "1000",
            "--seed",
            "9",
            "--weights",
            "perturb",
        ],
    ];
    for settings in runs {
        let target = dir.path().join("r.html");
        let target_text = target.to_string_lossy().to_string();
        let mut args = vec!["report", "--out", &target_text];
        args.extend(settings);
        let (code, _, stderr) = vagval_code(&args);
        assert_eq!(code, 0, "{settings:?}: {stderr}");
        let html = std::fs::read_to_string(&target).unwrap();
        // The settings are stated near the top, before the contents.
        let top = &html[..html.find("<nav").unwrap()];
        for pair in settings.chunks(2) {
            if pair[0] != "--lang" {
                let flag = format!("{} {}", pair[0], pair[1]);
                assert!(top.contains(&flag), "{settings:?}: the top lacks {flag}");
            }
        }
        let commands = named_commands(&html);
        assert!(commands.len() >= 10, "{} commands", commands.len());
        for (command, part) in &commands {
            let words: Vec<&str> = command.split_whitespace().collect();
            assert_eq!(words[0], "vagval", "{command}");
            // Every setting the report was made with that applies to it.
            let mut own: Vec<&str> = match words[1..3] {
                ["groups", _] => vec!["--aggregation", "--max-cr"],
                ["sensitivity", "monte-carlo"] => {
                    vec!["--samples", "--seed", "--weights", "--spread", "--data"]
                }
                _ => Vec::new(),
            };
            // The CR bound goes with the groups' aggregate, wherever used.
            if words.contains(&"--aggregate") {
                own.push("--max-cr");
            }
            for pair in settings.chunks(2) {
                let global = [
                    "--lang",
                    "--mode",
                    "--method",
                    "--ri",
                    "--completion",
                    "--at",
                ];
                if global.contains(&pair[0]) || own.contains(&pair[0]) {
                    let flag = format!("{} {}", pair[0], pair[1]);
                    assert!(command.contains(&flag), "`{command}` lacks {flag}");
                }
            }
            let (code, markdown, stderr) = vagval_code(&words[1..]);
            assert_eq!(code, 0, "`{command}`: {stderr}");
            let (_, md_items) = markdown_rows_and_items(&markdown);
            let names = id_names(settings[1]);
            let md_rows: BTreeSet<String> = named_rows(&markdown, &names).into_iter().collect();
            let md_items: BTreeSet<String> = md_items.into_iter().collect();
            let rows = report_rows(part);
            let items: Vec<String> = elements(part, "li").iter().map(|li| text_of(li)).collect();
            // Paragraphs of the report's own (no class: not a caption,
            // a command or a note) are sentences the command prints.
            let sentences: Vec<String> = part
                .split("<p>")
                .skip(1)
                .filter_map(|p| p.split_once("</p>").map(|(p, _)| text_of(p)))
                .collect();
            assert!(
                !rows.is_empty() || !items.is_empty() || !sentences.is_empty(),
                "`{command}` stands for nothing in the report"
            );
            for sentence in &sentences {
                assert!(
                    plain(&markdown).contains(sentence.as_str()),
                    "{settings:?}: `{command}` does not print the report's sentence\n  {sentence}"
                );
            }
            for row in &rows {
                assert!(
                    md_rows.contains(row),
                    "{settings:?}: `{command}` does not print the report's row\n  {row}"
                );
            }
            for item in &items {
                assert!(
                    md_items.contains(item),
                    "{settings:?}: `{command}` does not print the report's sentence\n  {item}"
                );
            }
        }
    }
}

/// Opens `path` in `browser` with a `width`-wide viewport, loaded.
fn open_page(
    browser: &mut browser::session::Browser,
    path: &Path,
    width: u32,
    mobile: bool,
) -> browser::session::Page {
    let viewport = browser::session::Viewport {
        width,
        height: 900,
        scale: 1.0,
        mobile,
    };
    let page = browser.new_page(viewport).unwrap();
    let url = browser::file_url(&path.canonicalize().unwrap()).unwrap();
    browser.navigate(&page, &url).unwrap();
    let loaded =
        "document.readyState === 'complete' && document.querySelectorAll('svg').length > 0";
    browser
        .wait_for(&page, loaded, std::time::Duration::from_secs(30))
        .unwrap();
    page
}

/// What a 400 px wide phone shows of the page, measured in the page: the
/// smallest text on screen (chart text by its font size times the chart's
/// scale, other text by its computed size), how wide the page is, and the
/// tables and charts that stick out of the screen or cannot scroll.
const PHONE_PROBE: &str = r#"(() => {
  const small = [];
  for (const t of document.querySelectorAll('svg text')) {
    const m = t.getScreenCTM();
    const size = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    if (size < 10) small.push(`chart text "${t.textContent}" at ${size.toFixed(2)} px`);
  }
  for (const e of document.body.querySelectorAll('*')) {
    if (e.closest('svg')) continue;
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const size = parseFloat(getComputedStyle(e).fontSize);
    if (own && size < 10) small.push(`<${e.localName}> "${e.textContent.slice(0, 40)}" at ${size} px`);
  }
  const outside = [];
  let scrolling = 0;
  for (const e of document.querySelectorAll('table, figure, pre, p')) {
    const box = e.getBoundingClientRect();
    if (box.right > innerWidth + 0.5) outside.push(`<${e.localName}> ends at ${box.right}`);
    if (e.scrollWidth > e.clientWidth + 1) {
      const overflow = getComputedStyle(e).overflowX;
      if (overflow !== 'auto' && overflow !== 'scroll') outside.push(`<${e.localName}> overflows (${overflow})`);
      else scrolling += 1;
    }
  }
  return { small, outside, scrolling, innerWidth, pageWidth: document.documentElement.scrollWidth,
           charts: document.querySelectorAll('svg text').length };
})()"#;

#[test]
fn on_a_400_px_phone_no_text_is_below_10_px_and_wide_parts_scroll_in_their_own_box() {
    let dir = browser::TempDir::new("report-phone").unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let mut chromium = browser::session::Browser::launch(deadline).unwrap();
    for lang in ["sv", "en"] {
        let (path, _) = report(dir.path(), lang);
        let page = open_page(&mut chromium, &path, 400, true);
        let probe = chromium.eval(&page, PHONE_PROBE).unwrap();
        assert_eq!(
            probe["small"],
            serde_json::json!([]),
            "{lang}: text below 10 px"
        );
        assert_eq!(
            probe["outside"],
            serde_json::json!([]),
            "{lang}: off screen"
        );
        // The page itself never scrolls sideways; the charts (drawn wider
        // than a phone) and the wide tables scroll in their boxes.
        assert_eq!(probe["innerWidth"], 400, "{lang}: {probe}");
        assert_eq!(probe["pageWidth"], 400, "{lang}: {probe}");
        assert!(probe["charts"].as_u64().unwrap() > 100, "{lang}: {probe}");
        assert!(
            probe["scrolling"].as_u64().unwrap() >= 14,
            "{lang}: {probe}"
        );
        // On a desktop the same charts fit the column without scrolling.
        let page = open_page(&mut chromium, &path, 1100, false);
        let probe = chromium.eval(&page, PHONE_PROBE).unwrap();
        assert_eq!(
            probe["small"],
            serde_json::json!([]),
            "{lang}: text below 10 px"
        );
        assert_eq!(probe["pageWidth"], 1100, "{lang}: {probe}");
        let figures_scrolling = chromium
            .eval(
                &page,
                "[...document.querySelectorAll('figure')].filter(f => f.scrollWidth > f.clientWidth + 1).length",
            )
            .unwrap();
        assert_eq!(figures_scrolling, 0, "{lang}: charts scroll on a desktop");
    }
    assert_eq!(chromium.problems(), Vec::<String>::new());
}

#[test]
fn printed_on_a4_sections_run_on_and_no_heading_ends_a_page() {
    let dir = browser::TempDir::new("report-print").unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let mut chromium = browser::session::Browser::launch(deadline).unwrap();
    for lang in ["sv", "en"] {
        let (path, _) = report(dir.path(), lang);
        let page = open_page(&mut chromium, &path, 1000, false);
        let layout = browser::pdf::layout(&chromium.print_to_pdf(&page).unwrap()).unwrap();
        assert!(
            layout.pages.len() > 10,
            "{lang}: {} pages",
            layout.pages.len()
        );
        for size in &layout.pages {
            assert!(
                (size.width - 595.3).abs() < 1.0 && (size.height - 841.9).abs() < 1.0,
                "{lang}: a page is {size:?}, not A4"
            );
        }
        let sections: Vec<&browser::pdf::Heading> = layout
            .headings
            .iter()
            .filter(|h| h.title.starts_with(|c: char| c.is_ascii_digit()) && h.title.contains(". "))
            .collect();
        // (Seven today; the check holds for any number.)
        assert!(sections.len() >= 5, "{lang}: {:?}", layout.headings);
        // The first section starts on the first page, under the title and
        // settings (not on a page of its own, leaving the first half empty).
        assert_eq!(sections[0].page, 0, "{lang}: {:?}", sections[0]);
        // Sections follow one another: no rule starts each on a new page
        // (all of them did). A section that opens with a chart or table
        // taller than what is left of a page moves whole, heading and all,
        // so some do start a page: at most two thirds (five of nine in the
        // Tranås report, looked at page by page: no page is left near
        // empty).
        let at_top = sections.iter().filter(|h| h.from_top < 60.0).count();
        assert!(at_top * 3 <= sections.len() * 2, "{lang}: {sections:?}");
        // A heading is never left at the foot of a page: what it introduces
        // (a chart, a table, a paragraph) follows it on the same page.
        for heading in &layout.headings {
            let size = layout.pages[heading.page];
            assert!(
                heading.from_top < size.height - 150.0,
                "{lang}: `{}` at {:.0} pt of {:.0} on page {}",
                heading.title,
                heading.from_top,
                size.height,
                heading.page + 1
            );
        }
    }
    assert_eq!(chromium.problems(), Vec::<String>::new());
}
