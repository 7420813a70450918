//! The political groups of a workspace: one sandboxed Lua script each in
//! `scripts/groups/*.lua` (the file stem is the group's id), run against
//! the decision and checked against the model.

use crate::diagnostic::Diagnostic;
use crate::load::lua_diagnostic;
use std::path::{Path, PathBuf};
use vagval_core::group::GroupSpec;
use vagval_core::model::Model;
use vagval_core::plugin::{DecisionView, WeightingSource};

pub const GROUPS_DIR: &str = "scripts/groups";

/// A group as read from its script.
#[derive(Clone)]
pub struct LoadedGroup {
    pub spec: GroupSpec,
    pub path: PathBuf,
}

/// The group scripts of the workspace at `root`, sorted by file name.
pub fn script_paths(root: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let dir = root.join(GROUPS_DIR);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let cannot_read = |e: std::io::Error| {
        // `{e}` is the system's I/O error text, not ours: the same in both languages.
        Diagnostic::new(
            format!("cannot read {}: {e}", dir.display()),
            format!("kan inte läsa {}: {e}", dir.display()),
        )
        .in_file(&dir)
    };
    let listing = std::fs::read_dir(&dir).map_err(cannot_read)?;
    let mut paths = Vec::new();
    for entry in listing {
        let entry = entry.map_err(cannot_read)?;
        let path = entry.path();
        // A file whose name is no valid id is kept here and refused as that
        // group's failure (`load`), so it cannot stop the other groups.
        // So is one that is no regular file (a pipe, device or dangling
        // link): refused as that group's failure, never skipped. Folders
        // are ignored.
        if path.extension().is_some_and(|e| e == "lua") && !path.is_dir() {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// A group whose script could not give its weights: the script's error
/// (file:line:col where the script says where), by the group's id.
pub struct GroupFailure {
    pub id: String,
    /// The script, relative to the workspace.
    pub path: PathBuf,
    pub diagnostic: Diagnostic,
}

/// Every group script's outcome: the groups that loaded, and every script
/// that failed (not just the first), each in file-name order.
pub struct GroupLoad {
    pub loaded: Vec<LoadedGroup>,
    pub failed: Vec<GroupFailure>,
}

/// The group's id: its script's file stem.
pub fn id_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// Runs every group script (each in a state of its own) and checks its
/// result against the model. A failing script does not stop the others:
/// its error is collected with the group's id. Only an unreadable groups
/// folder is an error here.
pub fn load(
    root: &Path,
    model: &Model,
    limits: vagval_lua::Limits,
) -> Result<GroupLoad, Diagnostic> {
    let view = DecisionView::of(model);
    let mut result = GroupLoad {
        loaded: Vec::new(),
        failed: Vec::new(),
    };
    for path in script_paths(root)? {
        let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let loaded = crate::load::check_file_id(&path)
            .and_then(|_| load_script(&path, &relative, model, &view, limits));
        match loaded {
            Ok(group) => result.loaded.push(group),
            Err(diagnostic) => result.failed.push(GroupFailure {
                // Escaped: a file name may hold what a terminal would obey.
                id: id_of(&path).escape_debug().to_string(),
                path: relative,
                diagnostic,
            }),
        }
    }
    Ok(result)
}

/// Runs the script of group `id` alone (`scripts/groups/ID.lua`): what
/// `--group ID` needs, so that another group's broken script cannot stop it.
/// `Ok(None)` when there is no such script.
pub fn load_one(
    root: &Path,
    model: &Model,
    limits: vagval_lua::Limits,
    id: &str,
) -> Result<Option<LoadedGroup>, Diagnostic> {
    let Some(path) = script_paths(root)?.into_iter().find(|p| id_of(p) == id) else {
        return Ok(None);
    };
    crate::load::check_file_id(&path)?;
    let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
    let view = DecisionView::of(model);
    load_script(&path, &relative, model, &view, limits).map(Some)
}

/// One group script run and checked against the model.
fn load_script(
    path: &Path,
    relative: &Path,
    model: &Model,
    view: &DecisionView,
    limits: vagval_lua::Limits,
) -> Result<LoadedGroup, Diagnostic> {
    let source = crate::load::read_input(path)?.text;
    let mut script = vagval_lua::GroupScript::new(relative.to_path_buf(), source, limits);
    checked_group(&mut script, relative, path, model, view, |e| {
        lua_diagnostic(path, e)
    })
}

/// A group from a weighting source (a Lua script here; any
/// `WeightingSource`, e.g. a web form), its name and its view of the model
/// checked; `diagnose` renders the source's own error.
pub fn checked_group<W: WeightingSource>(
    source: &mut W,
    relative: &Path,
    path: &Path,
    model: &Model,
    view: &DecisionView,
    diagnose: impl FnOnce(&W::Error) -> Diagnostic,
) -> Result<LoadedGroup, Diagnostic> {
    let spec = source.group(view).map_err(|e| diagnose(&e))?;
    check_name(relative, path, &spec.name)?;
    model.for_group(&spec).map_err(|e| {
        Diagnostic::in_both(|l| format!("{}: {}", relative.display(), e.message(l)))
            .in_file(path)
            .hint(
                "the script's weights must name criteria of this workspace (see docs/lua-api.md)",
                "skriptets vikter måste gälla kriterier i den här arbetsytan (se docs/lua-api.md)",
            )
    })?;
    Ok(LoadedGroup {
        spec,
        path: relative.to_path_buf(),
    })
}

/// A group's name is shown on one line in tables, charts and headings: no
/// line break or other control character. (The sandbox checks that it is
/// not empty and at most `vagval_lua::MAX_NAME_CHARS` long.) The survey
/// calls this too, so it writes no name the loader refuses.
pub fn check_name(relative: &Path, path: &Path, name: &str) -> Result<(), Diagnostic> {
    if let Some(bad) = name.chars().find(|c| c.is_control()) {
        return Err(Diagnostic::new(
            format!(
                "{}: the group's name `{}` holds a line break or control character (U+{:04X})",
                relative.display(),
                name.escape_debug(),
                bad as u32
            ),
            format!(
                "{}: gruppens namn `{}` innehåller en radbrytning eller ett styrtecken (U+{:04X})",
                relative.display(),
                name.escape_debug(),
                bad as u32
            ),
        )
        .in_file(path)
        .hint("a name is one line of text", "ett namn är en rad text"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use vagval_core::assessment::AssessmentSpec;
    use vagval_core::hierarchy::CriterionSpec;
    use vagval_core::model::{Alternative, CriterionInput, ModelSpec};

    /// A weighting source that is no Lua script: it gives the group it holds.
    struct Given(Result<GroupSpec, std::fmt::Error>);

    impl WeightingSource for Given {
        type Error = std::fmt::Error;
        fn group(&mut self, _: &DecisionView) -> Result<GroupSpec, Self::Error> {
            self.0.clone()
        }
    }

    fn model() -> Model {
        let alternative = |id: &str| Alternative {
            id: id.into(),
            name: id.into(),
            description: String::new(),
        };
        Model::new(ModelSpec {
            goal: "goal".into(),
            alternatives: vec![alternative("a"), alternative("b")],
            criteria: vec![CriterionInput {
                criterion: CriterionSpec {
                    id: "k".into(),
                    name: "K".into(),
                    description: String::new(),
                    parent: None,
                },
                weights: None,
                assessment: Some(AssessmentSpec::Pairwise(vec![vagval_core::Judgment::new(
                    "a", "b", 2.0,
                )])),
            }],
            goal_weights: None,
            rating_scales: Vec::new(),
        })
        .unwrap()
    }

    fn group(name: &str, weighting: &str) -> GroupSpec {
        GroupSpec {
            id: "g".into(),
            name: name.into(),
            seats: 1.0,
            weights: vec![(
                vagval_core::model::Site::Weights(weighting.into()),
                vagval_core::assessment::WeightsSpec::Direct(vec![]),
            )],
            assessments: vec![],
        }
    }

    fn check(source: Given) -> Result<LoadedGroup, Diagnostic> {
        let model = model();
        let relative = Path::new("scripts/groups/g.lua");
        let mut source = source;
        checked_group(
            &mut source,
            relative,
            relative,
            &model,
            &DecisionView::of(&model),
            |_| Diagnostic::new("the source failed", "källan misslyckades"),
        )
    }

    #[test]
    fn any_weighting_source_is_checked_like_a_script() {
        let plain = GroupSpec {
            weights: vec![],
            ..group("G", "k")
        };
        assert_eq!(check(Given(Ok(plain.clone()))).unwrap().spec, plain);
        let err = check(Given(Err(std::fmt::Error))).err().unwrap();
        assert_eq!(err.message, "the source failed");
        let err = check(Given(Ok(group("G\nH", "k")))).err().unwrap();
        assert!(err.message.contains("line break"), "{}", err.message);
        // `k` has no sub-criteria: the model refuses the group's weights.
        let err = check(Given(Ok(group("G", "k")))).err().unwrap();
        assert!(err.message.contains("no weights to set"), "{}", err.message);
    }
}
