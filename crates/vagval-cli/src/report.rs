//! `vagval report --out FILE.html`: computes what the workshop report shows
//! (every group, the aggregate, consistency, sensitivity) and writes the page
//! atomically: a temporary file beside the target, synced, renamed over it.
//! A run that fails leaves any existing report as it was. `--out -` writes
//! the page to stdout instead.

use crate::context::Context;
use crate::diagnostic::Diagnostic;
use crate::{Failure, MonteCarloArgs};
use std::path::{Path, PathBuf};
use vagval_core::group::Aggregation;
use vagval_report::{ReportData, SensitivityData};

/// Writes the report to `target` (checked before anything is computed) and
/// returns its path.
pub(crate) fn write(
    ctx: &Context<'_>,
    root: &Path,
    target: &Path,
    sampling: &MonteCarloArgs,
) -> Result<PathBuf, Failure> {
    let Some(file_name) = target.file_name().and_then(|n| n.to_str()) else {
        return Err(
            Diagnostic::new(format!("--out {} does not name a file", target.display()))
                .sv(format!("--out {} anger ingen fil", target.display()))
                .hint("give a file name such as report.html")
                .hint_sv("ange ett filnamn som rapport.html")
                .into(),
        );
    };
    let dir = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if dir.exists() && !dir.is_dir() {
        return Err(
            Diagnostic::new(format!("{} is not a folder", dir.display()))
                .sv(format!("{} är ingen mapp", dir.display()))
                .hint("give a path whose folder exists")
                .hint_sv("ange en sökväg vars mapp finns")
                .into(),
        );
    }
    if !dir.is_dir() {
        return Err(
            Diagnostic::new(format!("the folder {} does not exist", dir.display()))
                .sv(format!("mappen {} finns inte", dir.display()))
                .hint("create it first, or write the report elsewhere")
                .hint_sv("skapa den först, eller skriv rapporten någon annanstans")
                .into(),
        );
    }
    if target.is_dir() {
        return Err(Diagnostic::new(format!("{} is a folder", target.display()))
            .sv(format!("{} är en mapp", target.display()))
            .hint("give a file name such as report.html")
            .hint_sv("ange ett filnamn som rapport.html")
            .into());
    }
    let html = render(ctx, root, sampling)?;
    Ok(crate::survey::write_atomically(
        &dir, file_name, &html, false,
    )?)
}

/// The report's HTML (`--out -` writes it to stdout).
pub(crate) fn render(
    ctx: &Context<'_>,
    root: &Path,
    sampling: &MonteCarloArgs,
) -> Result<Vec<u8>, Failure> {
    let lang = ctx.lang;
    let loaded = ctx.load_groups()?;
    let groups = ctx.evaluate_groups(&loaded)?;
    let analysis = if loaded.is_empty() {
        None
    } else {
        Some(ctx.group_analysis(&loaded, Aggregation::Aij)?)
    };
    // Sensitivity of the view that decides: the groups' aggregate, else the
    // workspace's own weights.
    let scope = if analysis.is_some() {
        ctx.aggregate_scope(&loaded)?
    } else {
        ctx.scope(None, false)?
    };
    let scope_flag = if analysis.is_some() {
        "--aggregate"
    } else {
        ""
    };
    // One sweep per top-level criterion; a lone top-level criterion has no
    // sibling to trade weight with, so there is nothing to sweep.
    let top_level: Vec<_> = scope
        .evaluation
        .criteria
        .iter()
        .filter(|c| c.parent.is_none())
        .collect();
    let one_way: Vec<_> = if top_level.len() < 2 {
        Vec::new()
    } else {
        top_level
            .iter()
            .map(|c| crate::one_way(&scope.evaluation, &c.id))
            .collect::<Result<_, _>>()?
    };
    let thresholds = vagval_core::sensitivity::thresholds::thresholds(&scope.evaluation);
    let smaa = ctx.monte_carlo(&scope.model, sampling)?;
    // The folder's name, not its path: a report travels, a path on the
    // facilitator's machine means nothing to its readers.
    let workspace = root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
        .unwrap_or_else(|| root.display().to_string());
    let data = ReportData {
        workspace: &workspace,
        description: ctx.workspace.description.as_deref(),
        alternatives: &ctx.workspace.spec.alternatives,
        evaluation: &ctx.evaluation,
        view: ctx.view(),
        notes: &ctx.workspace.notes,
        groups: &groups,
        group_analysis: analysis.as_ref(),
        sensitivity: SensitivityData {
            view: scope.label.as_deref(),
            scope_flag,
            basis: &scope.evaluation,
            one_way: &one_way,
            thresholds: &thresholds,
            smaa: &smaa,
        },
        version: env!("CARGO_PKG_VERSION"),
    };
    let mut html = Vec::new();
    vagval_report::write_html_report(&mut html, &data, lang).map_err(Failure::Output)?;
    Ok(html)
}
