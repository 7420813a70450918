//! The political groups of a workspace: one sandboxed Lua script each in
//! `scripts/groups/*.lua` (the file stem is the group's id), run against
//! the decision and checked against the model.

use crate::diagnostic::Diagnostic;
use crate::error_sv::core_error_sv;
use crate::load::lua_diagnostic;
use std::path::{Path, PathBuf};
use vagval_core::group::GroupSpec;
use vagval_core::model::Model;
use vagval_core::plugin::{DecisionView, WeightingSource};

pub const GROUPS_DIR: &str = "scripts/groups";

/// A group as read from its script.
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
        Diagnostic::new(format!("cannot read {}: {e}", dir.display()))
            .sv(format!("kan inte läsa {}: {e}", dir.display()))
            .in_file(&dir)
    };
    let listing = std::fs::read_dir(&dir).map_err(cannot_read)?;
    let mut paths = Vec::new();
    for entry in listing {
        let entry = entry.map_err(cannot_read)?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "lua") && path.is_file() {
            crate::load::check_file_id(&path)?;
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// Runs every group script (each in a state of its own) and checks its
/// result against the model, so that an error names the script.
pub fn load(
    root: &Path,
    model: &Model,
    limits: vagval_lua::Limits,
) -> Result<Vec<LoadedGroup>, Diagnostic> {
    let view = DecisionView::of(model);
    let mut groups = Vec::new();
    for path in script_paths(root)? {
        let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let source = crate::load::read_input(&path)?.text;
        let mut script = vagval_lua::GroupScript::new(relative.clone(), source, limits);
        let spec = script.group(&view).map_err(|e| lua_diagnostic(&path, &e))?;
        // A group's name is shown on one line in tables, charts and headings.
        if let Some(bad) = spec.name.chars().find(|c| c.is_control()) {
            return Err(Diagnostic::new(format!(
                "{}: the group's name `{}` holds a line break or control character (U+{:04X})",
                relative.display(),
                spec.name.escape_debug(),
                bad as u32
            ))
            .sv(format!(
                "{}: gruppens namn `{}` innehåller en radbrytning eller ett styrtecken (U+{:04X})",
                relative.display(),
                spec.name.escape_debug(),
                bad as u32
            ))
            .in_file(&path)
            .hint("a name is one line of text")
            .hint_sv("ett namn är en rad text"));
        }
        model.for_group(&spec).map_err(|e| {
            Diagnostic::new(format!("{}: {e}", relative.display()))
                .sv(format!("{}: {}", relative.display(), core_error_sv(&e)))
                .in_file(&path)
                .hint("the script's weights must name criteria of this workspace (see docs/lua-api.md)")
                .hint_sv("skriptets vikter måste gälla kriterier i den här arbetsytan (se docs/lua-api.md)")
        })?;
        groups.push(LoadedGroup {
            spec,
            path: relative,
        });
    }
    Ok(groups)
}
