//! The docs list the same choice names as the command line: every flag
//! with possible values (clap's, built from `vagval_core::Choice`) is
//! written `--flag a|b|c` somewhere in README.md or docs/*.md, every such
//! list names exactly those values in that order, and the `[defaults]`
//! example of docs/workspace-format.md and the RI table of docs/methods.md
//! name the core's choices.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use vagval_core::Choice;
use vagval_core::completion::CompletionMethod;
use vagval_core::consistency::RandomIndex;
use vagval_core::priority::PriorityMethod;
use vagval_core::quantity::RangePoint;
use vagval_core::settings::SynthesisMode;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// (file name, text) of README.md and every docs/*.md.
fn docs() -> Vec<(String, String)> {
    let mut paths = vec![root().join("README.md")];
    for entry in std::fs::read_dir(root().join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p.file_name().unwrap().to_string_lossy().to_string(), text)
        })
        .collect()
}

/// Every long flag with possible values, in every subcommand, and its values.
fn flags() -> BTreeMap<String, Vec<String>> {
    fn walk(command: &clap::Command, into: &mut BTreeMap<String, Vec<String>>) {
        // Switches (`--aggregate`) have the values true and false: not choices.
        for arg in command
            .get_arguments()
            .filter(|a| a.get_action().takes_values())
        {
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .map(|v| v.get_name().to_string())
                .collect();
            if let (Some(long), false) = (arg.get_long(), values.is_empty()) {
                into.insert(long.to_string(), values);
            }
        }
        for sub in command.get_subcommands() {
            walk(sub, into);
        }
    }
    let mut flags = BTreeMap::new();
    walk(&vagval_cli::command(), &mut flags);
    flags
}

/// Every `--flag a|b|c` in `text`: (flag, names).
fn listed(text: &str) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("--") {
        let rest = &text[at + 2..];
        let Some((flag, after)) = rest.split_once(' ') else {
            continue;
        };
        let list: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '|')
            .collect();
        if flag.chars().all(|c| c.is_ascii_lowercase() || c == '-') && list.contains('|') {
            found.push((
                flag.to_string(),
                list.split('|').map(String::from).collect(),
            ));
        }
    }
    found
}

#[test]
fn the_docs_list_every_flags_choices_as_the_command_line_does() {
    let flags = flags();
    assert!(flags.contains_key("method") && flags.contains_key("format"));
    let mut seen = BTreeMap::new();
    for (file, text) in docs() {
        for (flag, names) in listed(&text) {
            if let Some(values) = flags.get(&flag) {
                assert_eq!(&names, values, "{file}: --{flag}");
                seen.insert(flag, file.clone());
            }
        }
    }
    let missing: Vec<_> = flags.keys().filter(|f| !seen.contains_key(*f)).collect();
    assert!(
        missing.is_empty(),
        "no docs list the choices of {missing:?}"
    );
}

/// The quoted names on line `key = …` of the `[defaults]` example.
fn defaults_line(text: &str, key: &str) -> Vec<String> {
    let block = &text[text.find("[defaults]").unwrap()..];
    let line = block
        .lines()
        .find(|l| l.starts_with(&format!("{key} = ")))
        .unwrap_or_else(|| panic!("no `{key} =` in [defaults]"));
    line.split('"')
        .skip(1)
        .step_by(2)
        .map(String::from)
        .collect()
}

fn names<T: Choice>() -> Vec<String> {
    T::names().into_iter().map(String::from).collect()
}

#[test]
fn the_workspace_format_lists_the_defaults_choices() {
    let text = std::fs::read_to_string(root().join("docs/workspace-format.md")).unwrap();
    assert_eq!(defaults_line(&text, "method"), names::<PriorityMethod>());
    assert_eq!(defaults_line(&text, "ri"), names::<RandomIndex>());
    assert_eq!(defaults_line(&text, "mode"), names::<SynthesisMode>());
    assert_eq!(
        defaults_line(&text, "completion"),
        names::<CompletionMethod>()
    );
    // "middle" is the default, then the list.
    assert_eq!(
        defaults_line(&text, "range_point")[1..],
        names::<RangePoint>()
    );
}

#[test]
fn the_methods_ri_table_has_a_row_per_table() {
    let text = std::fs::read_to_string(root().join("docs/methods.md")).unwrap();
    let rows: Vec<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`'))
        .filter(|(_, rest)| rest.contains("| 0."))
        .map(|(name, _)| name.to_string())
        .collect();
    assert_eq!(rows, names::<RandomIndex>());
}
