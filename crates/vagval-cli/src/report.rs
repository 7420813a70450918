//! `vagval report --out FILE.html`: computes what the workshop report shows
//! (every group, the aggregate, consistency, sensitivity) and writes the page
//! atomically: a temporary file beside the target, synced, renamed over it.
//! A run that fails leaves any existing report as it was. `--out -` writes
//! the page to stdout instead. A group whose script fails, or an aggregate
//! that cannot be formed, does not stop the report: what can be computed is
//! written, and the top of the page says what is missing and why. The page
//! lists its settings, and every command it names carries them.

use crate::context::Context;
use crate::{AggregateArgs, Failure, MonteCarloArgs};
use std::path::{Path, PathBuf};
use vagval_report::{Lang, ReportData, ReportSettings, SensitivityData};
use vagval_workspace::report;

/// The report as written: where, and what it had to leave out (said at the
/// report's top; the run still succeeds, since the file is written).
pub(crate) struct Written {
    pub path: PathBuf,
    pub gaps: usize,
}

/// Writes the report to `target` (checked before anything is computed) and
/// returns its path and how many gaps it names.
pub(crate) fn write(
    ctx: &Context<'_>,
    root: &Path,
    target: &Path,
    sampling: &MonteCarloArgs,
    aggregate: &AggregateArgs,
) -> Result<Written, Failure> {
    let (dir, file_name) = report::report_target(root, target)?;
    let (html, gaps) = render(ctx, root, sampling, aggregate)?;
    let path = vagval_workspace::store::write_atomically(&dir, &file_name, &html, false)?;
    Ok(Written { path, gaps })
}

/// A failure as the command line prints it, for the report's list of what
/// is missing.
fn failure_text(failure: Failure, lang: Lang) -> Result<String, Failure> {
    match failure {
        Failure::Invalid(d) => Ok(d.render_in(lang)),
        Failure::Several(all) | Failure::Partial(all) => Ok(all
            .iter()
            .map(|d| d.render_in(lang))
            .collect::<Vec<_>>()
            .join("\n")),
        output => Err(output),
    }
}

/// The report's HTML (`--out -` writes it to stdout) and how many gaps it
/// names. A group whose script fails, or an aggregate that cannot be
/// formed, leaves its part out and is named at the top; the rest is shown.
pub(crate) fn render(
    ctx: &Context<'_>,
    root: &Path,
    sampling: &MonteCarloArgs,
    aggregate: &AggregateArgs,
) -> Result<(Vec<u8>, usize), Failure> {
    let lang = ctx.lang;
    let aggregation = aggregate.aggregation;
    let max_cr = aggregate.max_cr.max_cr;
    let set = ctx.groups()?;
    let mut gaps = report::ReportGaps::new(lang, set.loaded.len(), &set.failed);
    let analysis = if gaps.can_aggregate() {
        match ctx.group_analysis_with(&set, &aggregate.options()) {
            Ok(analysis) => Some(analysis),
            Err(failure) => {
                gaps.aggregate_failed(aggregation, failure_text(failure, lang)?);
                None
            }
        }
    } else {
        None
    };
    // Sensitivity of the view that decides: the groups' aggregate (AIJ, as
    // `--aggregate` gives it), else the workspace's own weights.
    let aggregate = match &analysis {
        Some(_) => match ctx.aggregate_scope(&set, max_cr) {
            Ok(scope) => Some(scope),
            Err(failure) => {
                gaps.sensitivity_fallback(failure_text(failure, lang)?);
                None
            }
        },
        None => {
            gaps.sensitivity_fallback(gaps.no_aggregate());
            None
        }
    };
    let scope_flag = if aggregate.is_some() {
        "--aggregate"
    } else {
        ""
    };
    let scope = match aggregate {
        Some(scope) => scope,
        None => ctx.scope(None, false, None)?,
    };
    let one_way = report::report_sweeps(&scope.evaluation)?;
    let thresholds = vagval_core::sensitivity::thresholds::thresholds(&scope.evaluation);
    let smaa = crate::progress::monte_carlo(ctx, &scope.model, sampling)?;
    let workspace = report::report_workspace_name(root);
    let gaps = gaps.finish(&ctx.workspace.root);
    let data = ReportData {
        workspace: &workspace,
        description: ctx.workspace.description.as_deref(),
        alternatives: &ctx.workspace.spec.alternatives,
        evaluation: &ctx.evaluation,
        view: ctx.view(),
        notes: &ctx.workspace.notes,
        groups: &set.results,
        group_analysis: analysis.as_ref(),
        sensitivity: SensitivityData {
            view: scope.label.as_deref(),
            scope_flag,
            exclusions: scope.exclusions(),
            basis: &scope.evaluation,
            one_way: &one_way,
            thresholds: &thresholds,
            smaa: &smaa,
        },
        settings: ReportSettings {
            analysis: ctx.settings,
            aggregation,
            max_cr,
        },
        gaps: &gaps,
        version: env!("CARGO_PKG_VERSION"),
    };
    let mut html = Vec::new();
    vagval_report::write_html_report(&mut html, &data, lang).map_err(Failure::Output)?;
    Ok((html, gaps.len()))
}
