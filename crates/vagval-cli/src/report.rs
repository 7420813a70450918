//! `vagval report --out FILE.html`: computes what the workshop report shows
//! (every group, the aggregate, consistency, sensitivity) and writes the page
//! atomically: a temporary file beside the target, synced, renamed over it.
//! A run that fails leaves any existing report as it was. `--out -` writes
//! the page to stdout instead. A group whose script fails, or an aggregate
//! that cannot be formed, does not stop the report: what can be computed is
//! written, and the top of the page says what is missing and why. The page
//! lists its settings, and every command it names carries them.

use crate::context::Context;
use crate::progress::run_with_progress;
use crate::{AggregateArgs, Failure, MonteCarloArgs};
use std::path::{Path, PathBuf};
use vagval_core::model::Model;
use vagval_core::sensitivity::smaa::SmaaOptions;
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
    let (html, gaps) = render(ctx, sampling, aggregate)?;
    let path = vagval_workspace::store::write_atomically(&dir, &file_name, &html, false)?;
    Ok(Written { path, gaps })
}

/// The report's HTML (`--out -` writes it to stdout) and how many gaps it
/// names (gathered by `vagval_workspace::report::gather`; the Monte Carlo
/// run here, with a progress bar on a terminal).
pub(crate) fn render(
    ctx: &Context<'_>,
    sampling: &MonteCarloArgs,
    aggregate: &AggregateArgs,
) -> Result<(Vec<u8>, usize), Failure> {
    let monte_carlo = |model: &Model, options: &SmaaOptions| -> Result<_, Failure> {
        let run = |report: &(dyn Fn(u64) + Sync)| {
            ctx.monte_carlo_until(model, options, report, &crate::progress::CANCEL)
        };
        let lang = ctx.lang;
        run_with_progress(lang, options.samples, sampling.threads, run)?
    };
    let gathered = report::gather(ctx, &aggregate.options(), &sampling.options(), monte_carlo)?;
    let mut html = Vec::new();
    vagval_report::write_html_report(&mut html, &gathered.data(), ctx.lang)
        .map_err(Failure::Output)?;
    Ok((html, gathered.gaps().len()))
}
