//! Political groups that fail, through the real binary: one group's broken
//! script never blocks another's results; commands over every group name
//! every failing script with its line; the report is written without what
//! cannot be computed and says so at its top; a group whose CR is above the
//! threshold is flagged wherever its weights appear; the report never
//! overwrites the workspace's inputs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Run, TempDir, copy_dir, leader, repo_root, run_ws};

/// A copy of the shipped Tranås workspace (four groups).
fn tranas(tag: &str) -> TempDir {
    let dir = TempDir::new(tag);
    let root = repo_root();
    std::fs::copy(root.join("vagval.toml"), dir.path().join("vagval.toml")).unwrap();
    copy_dir(&root.join("criteria"), &dir.path().join("criteria"));
    copy_dir(&root.join("scripts"), &dir.path().join("scripts"));
    dir
}

const BROKEN: &str = "error(\"x\")\n";
const WRONG_SHAPE: &str =
    "return { name = \"Fel\", seats = 1, weights = { goal = direct { nope = 1 } } }\n";

/// Two broken scripts beside the four good ones: a runtime error (line 1)
/// and a script naming a criterion that does not exist.
fn tranas_with_broken_groups(tag: &str) -> TempDir {
    let ws = tranas(tag);
    ws.write("scripts/groups/zz.lua", BROKEN);
    ws.write("scripts/groups/aa.lua", WRONG_SHAPE);
    ws
}

const GOOD_GROUPS: [&str; 4] = [
    "fiscal-caution",
    "local-control",
    "regional-cooperation",
    "security-first",
];

/// `vagval GLOBAL… report FLAGS… --out r.html`, which must succeed: the run
/// and the report written.
fn report_html(ws: &TempDir, global: &[&str], flags: &[&str]) -> (Run, String) {
    let args: Vec<&str> = global
        .iter()
        .chain(&["report"])
        .chain(flags)
        .chain(&["--out", "r.html"])
        .copied()
        .collect();
    let run = run_ws(ws, &args);
    assert_eq!(run.code, 0, "{run:?}");
    let html = std::fs::read_to_string(ws.path().join("r.html")).unwrap();
    (run, html)
}

fn names_both_scripts(run: &Run, what: &str) {
    assert!(
        run.stderr.contains("scripts/groups/zz.lua:1:1"),
        "{what}: the runtime error's line is not given: {run:?}"
    );
    assert!(
        run.stderr.contains("scripts/groups/aa.lua") && run.stderr.contains("`nope`"),
        "{what}: the second failing script is not named: {run:?}"
    );
}

#[test]
fn a_broken_group_does_not_block_another_groups_commands() {
    let clean = tranas("groups-clean");
    let ws = tranas_with_broken_groups("groups-broken");
    for lang in ["en", "sv"] {
        for args in [
            vec!["evaluate", "--group", "local-control"],
            vec!["evaluate", "--group", "local-control", "--format", "json"],
            vec![
                "evaluate",
                "--group",
                "local-control",
                "--set-weight",
                "democracy=0.5",
            ],
            vec!["sensitivity", "thresholds", "--group", "local-control"],
            vec![
                "sensitivity",
                "one-way",
                "--criterion",
                "cost",
                "--group",
                "local-control",
            ],
            vec![
                "sensitivity",
                "monte-carlo",
                "--samples",
                "300",
                "--group",
                "local-control",
            ],
        ] {
            let mut full = vec!["--lang", lang];
            full.extend(&args);
            let broken = run_ws(&ws, &full);
            let expected = run_ws(&clean, &full);
            assert_eq!(expected.code, 0, "{args:?}: {expected:?}");
            assert_eq!(broken.code, 0, "{args:?}: {broken:?}");
            assert_eq!(broken.stdout, expected.stdout, "{args:?}");
            assert!(broken.stderr.is_empty(), "{args:?}: {broken:?}");
        }
        // The broken group itself fails, with its line.
        let own = run_ws(&ws, &["--lang", lang, "evaluate", "--group", "zz"]);
        assert_eq!(own.code, 1, "{own:?}");
        assert!(own.stderr.contains("scripts/groups/zz.lua:1:1"), "{own:?}");
        // An unknown group is a command-line mistake (exit 2) and lists
        // every script's group, broken ones included.
        let unknown = run_ws(&ws, &["--lang", lang, "evaluate", "--group", "nobody"]);
        assert_eq!(unknown.code, 2, "{unknown:?}");
        assert!(
            unknown.stderr.contains("`zz`") && unknown.stderr.contains("`local-control`"),
            "{unknown:?}"
        );
    }
}

#[test]
fn commands_over_every_group_show_the_rest_and_name_every_failing_script() {
    let clean = tranas("all-clean");
    let ws = tranas_with_broken_groups("all-broken");
    for lang in ["en", "sv"] {
        // Printed for the groups that work, every failure named, exit 1.
        for args in [
            vec!["weights"],
            vec!["weights", "--format", "csv"],
            vec!["evaluate", "--all-groups"],
            vec!["check"],
        ] {
            let mut full = vec!["--lang", lang];
            full.extend(&args);
            let run = run_ws(&ws, &full);
            assert_eq!(run.code, 1, "{args:?}: {run:?}");
            names_both_scripts(&run, &format!("{args:?}"));
            assert!(
                run.stderr.contains(if lang == "sv" {
                    "2 av 6 gruppskript"
                } else {
                    "2 of 6 group scripts"
                }),
                "{args:?}: {run:?}"
            );
            if args[0] != "check" {
                for id in GOOD_GROUPS {
                    assert!(run.stdout.contains(id), "{args:?} lacks {id}: {run:?}");
                }
            }
            assert!(!run.stdout.contains("zz"), "{args:?}: {run:?}");
            // The rows of the groups that work are what they were.
            let expected = run_ws(&clean, &full);
            assert_eq!(expected.code, 0, "{expected:?}");
            if args == ["weights", "--format", "csv"] {
                assert_eq!(run.stdout, expected.stdout);
            }
        }
        // An aggregate needs every group: refused, every script named.
        for args in [
            vec!["groups"],
            vec!["groups", "--aggregation", "aip"],
            vec!["sensitivity", "thresholds", "--aggregate"],
            vec![
                "sensitivity",
                "one-way",
                "--criterion",
                "cost",
                "--aggregate",
            ],
        ] {
            let mut full = vec!["--lang", lang];
            full.extend(&args);
            let run = run_ws(&ws, &full);
            assert_eq!(run.code, 1, "{args:?}: {run:?}");
            assert!(run.stdout.is_empty(), "{args:?}: {run:?}");
            names_both_scripts(&run, &format!("{args:?}"));
        }
    }
}

#[test]
fn the_report_is_written_without_broken_groups_and_says_so_at_its_top() {
    let ws = tranas_with_broken_groups("report-broken");
    for lang in ["en", "sv"] {
        let html = report_html(&ws, &["--lang", lang], &["--samples", "500"]).1;
        let top = &html[..html.find("<nav").unwrap()];
        assert!(top.contains("scripts/groups/zz.lua:1:1"), "{top}");
        assert!(top.contains("scripts/groups/aa.lua"), "{top}");
        assert!(
            top.contains(if lang == "sv" {
                "Rapporten är ofullständig"
            } else {
                "This report is incomplete"
            }),
            "{top}"
        );
        // No path of the machine that made it.
        assert!(
            !html.contains(&ws.arg()),
            "the report holds the workspace's path"
        );
        // The good groups are all there, the broken ones nowhere below the top.
        let body = &html[html.find("<nav").unwrap()..];
        for id in GOOD_GROUPS {
            assert!(body.contains(&format!("--group {id}")), "{id}");
        }
        assert!(!body.contains("zz.lua"));
        // Sensitivity falls back to the workspace's own weights, and says so.
        assert!(!body.contains("--aggregate"), "a named command would fail");
    }
    // Without the broken scripts the report is complete: no gap list.
    std::fs::remove_file(ws.path().join("scripts/groups/zz.lua")).unwrap();
    std::fs::remove_file(ws.path().join("scripts/groups/aa.lua")).unwrap();
    let (run, html) = report_html(&ws, &[], &["--samples", "500"]);
    assert!(!run.stdout.contains("incomplete"), "{run:?}");
    assert!(!html.contains("class=\"gaps\""));
    assert!(html.contains("sensitivity thresholds --aggregate"));
}

/// Two groups that each give a criterion the weight 0: AIJ (geometric means
/// of judgments) cannot aggregate either, AIP can.
fn leader_with_zero_weights(tag: &str) -> TempDir {
    let ws = leader(tag);
    ws.write(
        "scripts/groups/z1.lua",
        "return { name = \"Z1\", seats = 2, weights = { goal = direct { experience = 1, education = 0, charisma = 1, age = 1 } } }\n",
    );
    ws.write(
        "scripts/groups/z2.lua",
        "return { name = \"Z2\", seats = 3, weights = { goal = direct { experience = 2, education = 1, charisma = 0, age = 1 } } }\n",
    );
    ws.write(
        "scripts/groups/ok.lua",
        "return { name = \"OK\", seats = 1, weights = { goal = direct { experience = 1, education = 1, charisma = 1, age = 1 } } }\n",
    );
    ws
}

/// The report's list of what it leaves out.
fn gap_list(html: &str) -> &str {
    let start = html
        .find("class=\"gaps\"")
        .expect("the report has no gap list");
    let rest = &html[start..];
    &rest[..rest.find("</div>").unwrap()]
}

#[test]
fn every_group_that_aij_cannot_aggregate_is_named_and_the_report_offers_aip() {
    let ws = leader_with_zero_weights("aij-zero");
    for lang in ["en", "sv"] {
        let run = run_ws(&ws, &["--lang", lang, "groups"]);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(
            run.stderr.contains("scripts/groups/z1.lua")
                && run.stderr.contains("scripts/groups/z2.lua"),
            "both groups must be named: {run:?}"
        );
        assert!(!run.stderr.contains("ok.lua"), "{run:?}");
        let aip = run_ws(&ws, &["--lang", lang, "groups", "--aggregation", "aip"]);
        assert_eq!(aip.code, 0, "{aip:?}");
        // The groups' own views are untouched, every group's panel too.
        let own = run_ws(&ws, &["--lang", lang, "evaluate", "--group", "ok"]);
        assert_eq!(own.code, 0, "{own:?}");
        let panels = run_ws(
            &ws,
            &[
                "--lang",
                lang,
                "--format",
                "svg",
                "evaluate",
                "--all-groups",
            ],
        );
        assert_eq!(panels.code, 0, "{panels:?}");
        assert!(
            panels.stdout.contains("Z1") && panels.stdout.contains("Z2"),
            "{panels:?}"
        );
        let weights = run_ws(&ws, &["--lang", lang, "weights"]);
        assert_eq!(weights.code, 0, "{weights:?}");

        let html = report_html(&ws, &["--lang", lang], &["--samples", "300"]).1;
        let gaps = gap_list(&html);
        assert!(gaps.contains("z1.lua") && gaps.contains("z2.lua"), "{gaps}");
        assert!(
            gaps.contains("--aggregation aip"),
            "AIP is not offered: {gaps}"
        );
        assert!(html.contains("id=\"aggregate\""));
        assert!(
            !html.contains("vagval groups "),
            "no aggregate, no command for it"
        );

        // With AIP the aggregate is in the report; only the AIJ-based
        // sensitivity is missing (and said to be).
        let html = report_html(
            &ws,
            &["--lang", lang],
            &["--aggregation", "aip", "--samples", "300"],
        )
        .1;
        assert!(
            html.contains("--aggregation aip"),
            "settings lack the aggregation"
        );
        assert!(
            html.contains("vagval groups --method"),
            "the groups' command is not named"
        );
        let gaps = gap_list(&html);
        assert!(gaps.contains("AIJ"), "{gaps}");
        assert!(!gaps.contains("z1.lua:"), "{gaps}");
        assert!(!gaps.contains("--aggregation aip"), "{gaps}");
    }
}

/// A group whose goal judgments go round in a circle (CR far above 0.10)
/// beside a consistent one.
fn leader_with_inconsistent_group(tag: &str, circular: bool) -> TempDir {
    let ws = leader(tag);
    let third = if circular {
        "{\"charisma\", \"experience\", 9}"
    } else {
        "{\"experience\", \"charisma\", 9}"
    };
    ws.write(
        "scripts/groups/wobbly.lua",
        format!(
            "return {{ name = \"Wobbly\", seats = 2, weights = {{ goal = pairwise {{ \
             {{\"experience\", \"education\", 3}}, {{\"education\", \"charisma\", 3}}, {third}, \
             {{\"experience\", \"age\", 9}}, {{\"education\", \"age\", 3}}, {{\"charisma\", \"age\", 1}} }} }} }}\n"
        ),
    );
    ws.write(
        "scripts/groups/steady.lua",
        "return { name = \"Steady\", seats = 3, weights = { goal = direct { experience = 4, education = 2, charisma = 2, age = 1 } } }\n",
    );
    ws
}

#[test]
fn a_group_above_the_cr_threshold_is_flagged_wherever_its_weights_appear() {
    let ws = leader_with_inconsistent_group("cr-flag", true);
    for (lang, above, sentence) in [
        (
            "en",
            "(above 0.10)",
            "`wobbly`: CR above 0.10 in the weights of the top-level criteria",
        ),
        (
            "sv",
            "(över 0,10)",
            "`wobbly`: CR över 0,10 i vikterna för huvudkriterierna",
        ),
    ] {
        for args in [
            vec!["groups"],
            vec!["weights"],
            vec!["groups", "--format", "markdown"],
        ] {
            let mut full = vec!["--lang", lang];
            full.extend(&args);
            let run = run_ws(&ws, &full);
            assert_eq!(run.code, 0, "{args:?}: {run:?}");
            assert!(run.stdout.contains(above), "{args:?}: {run:?}");
            assert!(run.stdout.contains(sentence), "{args:?}: {run:?}");
            assert!(!run.stdout.contains("`steady`: CR"), "{args:?}: {run:?}");
        }
        let json = run_ws(&ws, &["groups", "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
        let groups = v["groups"].as_array().unwrap();
        let flagged: Vec<&str> = groups
            .iter()
            .filter(|g| !g["inconsistent"].as_array().unwrap().is_empty())
            .map(|g| g["id"].as_str().unwrap())
            .collect();
        assert_eq!(flagged, ["wobbly"]);
        let cr = groups[1]["inconsistent"][0]["cr"].as_f64().unwrap();
        assert!(cr > 0.10, "{cr}");

        let html = report_html(&ws, &["--lang", lang], &["--samples", "300"]).1;
        // In the weights section, the aggregate's table and above the
        // group's own ranking.
        let rankings = &html
            [html.find("id=\"group-rankings\"").unwrap()..html.find("id=\"aggregate\"").unwrap()];
        assert!(rankings.contains("class=\"warning\""), "{rankings}");
        assert!(rankings.contains(sentence), "{rankings}");
        let weights = &html[html.find("id=\"group-weights\"").unwrap()
            ..html.find("id=\"group-rankings\"").unwrap()];
        assert!(weights.contains(above), "weights section");
        let aggregate =
            &html[html.find("id=\"aggregate\"").unwrap()..html.find("id=\"consistency\"").unwrap()];
        assert!(aggregate.contains(above), "aggregate section");
    }
    // The same group with consistent judgments: no flag anywhere.
    let ws = leader_with_inconsistent_group("cr-no-flag", false);
    for args in [vec!["groups"], vec!["weights"]] {
        let run = run_ws(&ws, &args);
        assert_eq!(run.code, 0, "{run:?}");
        assert!(!run.stdout.contains("above 0.10"), "{args:?}: {run:?}");
    }
}

#[test]
fn the_report_refuses_to_overwrite_the_workspaces_inputs_or_a_folder_path() {
    let ws = leader("report-inputs");
    ws.write("scripts/groups/g.lua", "return { name = \"G\", seats = 1, weights = { goal = direct { experience = 1, education = 1, charisma = 1, age = 1 } } }\n");
    std::os::unix::fs::symlink("vagval.toml", ws.path().join("link.html")).unwrap();
    let snapshot = |ws: &TempDir| {
        let mut files = Vec::new();
        let mut stack = vec![ws.path().to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() && !path.is_symlink() {
                    stack.push(path);
                } else {
                    files.push((path.clone(), std::fs::read(&path).unwrap_or_default()));
                }
            }
        }
        files.sort();
        files
    };
    let before = snapshot(&ws);
    for target in [
        "vagval.toml",
        "./vagval.toml",
        "criteria/age.toml",
        "criteria/new.toml",
        "scripts/groups/g.lua",
        "scripts/groups/report.html",
        "link.html",
        "newdir/",
        "criteria/",
    ] {
        for lang in ["en", "sv"] {
            let run = run_ws(
                &ws,
                &["--lang", lang, "report", "--out", target, "--samples", "50"],
            );
            assert_eq!(run.code, 1, "--out {target}: {run:?}");
            assert!(run.stdout.is_empty(), "--out {target}: {run:?}");
            assert!(
                run.stderr
                    .starts_with(if lang == "sv" { "fel: " } else { "error: " }),
                "--out {target}: {run:?}"
            );
        }
    }
    assert_eq!(before, snapshot(&ws), "a refused report changed files");
    assert!(!ws.path().join("newdir").exists());
    // An ordinary target beside the inputs is written.
    let run = run_ws(&ws, &["report", "--out", "report.html", "--samples", "50"]);
    assert_eq!(run.code, 0, "{run:?}");
}

/// `groups` and `weights` on Tranås (about 170 columns wide unfitted) fit
/// a terminal of 60, 80, 100 and 170 columns, in both languages: no line
/// is wider (counted in characters: `å` is one), and every name (groups,
/// alternatives, criteria) and every group id is still there, word for
/// word (an id may break after a hyphen, so its parts are looked for).
#[test]
fn groups_and_weights_fit_the_terminal_and_lose_no_name() {
    use vagval_core::group::{Aggregation, GroupOptions};
    use vagval_report::{Format, Lang, RenderOptions, write_document_with};
    use vagval_workspace::context::Context;
    use vagval_workspace::settings::Overrides;

    let root = repo_root();
    let workspace = vagval_workspace::Workspace::load(&root).unwrap();
    let settings = Overrides::default().resolve(&workspace.defaults);
    for lang in [Lang::En, Lang::Sv] {
        let ctx = Context::new(&workspace, settings, lang).unwrap();
        let set = ctx.groups().unwrap();
        let options = GroupOptions {
            aggregation: Aggregation::Aij,
            max_cr: None,
        };
        let analysis = ctx.group_analysis_with(&set, &options).unwrap();
        let documents = [
            vagval_report::groups_document(&analysis, lang),
            vagval_report::group_weights_document(&ctx.evaluation, ctx.view(), &set.results, lang),
        ];
        // The words each document must keep: groups' and criteria's names
        // and group ids in both; the alternatives' names in `groups`.
        let pieces = |names: Vec<&str>| -> Vec<String> {
            names
                .iter()
                .flat_map(|n| n.split(' '))
                .flat_map(|w| w.split_inclusive('-'))
                .map(str::to_string)
                .collect()
        };
        let mut both: Vec<&str> = set.results.iter().map(|g| g.name.as_str()).collect();
        both.extend(set.results.iter().map(|g| g.id.as_str()));
        both.extend(ctx.evaluation.criteria.iter().map(|c| c.name.as_str()));
        let mut ranking = both.clone();
        ranking.extend(ctx.evaluation.alternatives.iter().map(|a| a.name.as_str()));
        let words = [pieces(ranking), pieces(both)];
        let unfitted = documents.iter().map(|doc| {
            let mut out = Vec::new();
            let wide = RenderOptions { width: 10_000 };
            write_document_with(&mut out, doc, Format::Table, &wide).unwrap();
            String::from_utf8(out).unwrap()
        });
        let widest = unfitted
            .flat_map(|t| t.lines().map(|l| l.chars().count()).collect::<Vec<_>>())
            .max()
            .unwrap_or(0);
        assert!(widest > 150, "the check needs wide tables: {widest}");
        for width in [60, 80, 100, 170] {
            for (doc, words) in documents.iter().zip(&words) {
                let mut out = Vec::new();
                let options = RenderOptions { width };
                write_document_with(&mut out, doc, Format::Table, &options).unwrap();
                let text = String::from_utf8(out).unwrap();
                // Tables fit; the summary's long lines (the goal) are prose.
                for line in text
                    .lines()
                    .filter(|l| l.starts_with(['┌', '│', '├', '└', ' ']))
                {
                    assert!(
                        line.chars().count() <= width,
                        "{lang:?} at {width}: {} columns\n{line}\n{text}",
                        line.chars().count()
                    );
                }
                for word in words {
                    assert!(
                        text.contains(word.as_str()),
                        "{lang:?} at {width}: `{word}` lost\n{text}"
                    );
                }
            }
        }
    }
}

/// The report's heat map of the groups' weights keeps the aggregate's
/// column under AIP too (its aggregate has no evaluation of its own, only
/// the aggregated weights), as `vagval groups --aggregation aip` draws it.
#[test]
fn the_reports_heat_map_keeps_the_aggregate_column_under_aip() {
    let ws = tranas("report-aip-heat-map");
    for (aggregation, label) in [("aij", "Aggregate (AIJ)"), ("aip", "Aggregate (AIP)")] {
        let (_, html) = report_html(
            &ws,
            &["--lang", "en"],
            &["--aggregation", aggregation, "--samples", "500"],
        );
        let start = html
            .find("Global weights by group and criterion")
            .expect("the heat map");
        let end = start + html[start..].find("</svg>").expect("its end");
        assert!(
            html[start..end].contains(label),
            "--aggregation {aggregation}: the heat map lacks its `{label}` column"
        );
    }
}
