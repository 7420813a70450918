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
use vagval_core::group::Aggregation;
use vagval_report::{Lang, ReportData, ReportGap, ReportSettings, SensitivityData};
use vagval_workspace::diagnostic::Diagnostic;
use vagval_workspace::groups::GroupFailure;

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
    // `--out newdir/` names a folder, not a file called `newdir`.
    let text = target.as_os_str().to_string_lossy();
    if text.ends_with(std::path::is_separator) || text.ends_with("/.") {
        return Err(
            Diagnostic::new(format!("--out {text} names a folder, not a file"))
                .sv(format!("--out {text} anger en mapp, inte en fil"))
                .hint("give a file name in it, such as newdir/report.html (the folder must exist)")
                .hint_sv("ange ett filnamn i den, som nymapp/rapport.html (mappen måste finnas)")
                .into(),
        );
    }
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
    refuse_input(root, &dir, file_name, target)?;
    let (html, gaps) = render(ctx, root, sampling, aggregate)?;
    let path = vagval_workspace::store::write_atomically(&dir, file_name, &html, false)?;
    Ok(Written { path, gaps })
}

/// The folders whose files a workspace reads (criteria, their scripts and
/// the groups' scripts).
const INPUT_FOLDERS: [&str; 2] = ["criteria", "scripts"];

/// Refuses a target that is one of the workspace's inputs (vagval.toml,
/// or anything in criteria/ or scripts/, where a new file would become an
/// input), also through a symlink: the report must not replace them.
fn refuse_input(root: &Path, dir: &Path, file_name: &str, target: &Path) -> Result<(), Diagnostic> {
    let Ok(root) = root.canonicalize() else {
        return Ok(());
    };
    let resolved = match target.canonicalize() {
        Ok(path) => path,
        Err(_) => match dir.canonicalize() {
            Ok(dir) => dir.join(file_name),
            Err(_) => return Ok(()),
        },
    };
    let is_input = resolved == root.join(vagval_workspace::load::MANIFEST)
        || INPUT_FOLDERS
            .iter()
            .any(|folder| resolved.starts_with(root.join(folder)));
    if !is_input {
        return Ok(());
    }
    let shown = resolved
        .strip_prefix(&root)
        .unwrap_or(&resolved)
        .display()
        .to_string();
    Err(Diagnostic::new(format!(
        "--out {} would overwrite the workspace's input {shown}",
        target.display()
    ))
    .sv(format!(
        "--out {} skulle skriva över arbetsytans indata {shown}",
        target.display()
    ))
    .hint("write the report outside vagval.toml, criteria/ and scripts/, e.g. --out report.html")
    .hint_sv(
        "skriv rapporten utanför vagval.toml, criteria/ och scripts/, t.ex. --out rapport.html",
    ))
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
    let mut gaps: Vec<ReportGap> = set
        .failed
        .iter()
        .map(|failed| failed_group_gap(failed, lang))
        .collect();
    let has_groups = !set.loaded.is_empty() || !set.failed.is_empty();
    let analysis = if set.loaded.is_empty() || !set.failed.is_empty() {
        None
    } else {
        match ctx.group_analysis_with(&set, &aggregate.options()) {
            Ok(analysis) => Some(analysis),
            Err(failure) => {
                let name = aggregation.name().to_uppercase();
                let what = match (lang, aggregation) {
                    (Lang::En, Aggregation::Aij) => format!(
                        "The groups' aggregate ({name}) and its consensus. `vagval report --aggregation aip` (a seat-weighted mean of the groups' priorities) can aggregate them."
                    ),
                    (Lang::Sv, Aggregation::Aij) => format!(
                        "Gruppernas sammanvägning ({name}) och samsyn. `vagval report --aggregation aip` (ett mandatviktat medelvärde av gruppernas prioriteter) kan väga samman dem."
                    ),
                    (Lang::En, _) => format!("The groups' aggregate ({name}) and its consensus."),
                    (Lang::Sv, _) => format!("Gruppernas sammanvägning ({name}) och samsyn."),
                };
                gaps.push(ReportGap {
                    what,
                    why: failure_text(failure, lang)?,
                });
                None
            }
        }
    };
    // Sensitivity of the view that decides: the groups' aggregate (AIJ, as
    // `--aggregate` gives it), else the workspace's own weights.
    let aggregate = match &analysis {
        Some(_) => match ctx.aggregate_scope(&set, max_cr) {
            Ok(scope) => Ok(scope),
            Err(failure) => Err(failure_text(failure, lang)?),
        },
        None => Err(lang
            .pick(
                "the groups' aggregate could not be computed (see above)",
                "gruppernas sammanvägning gick inte att beräkna (se ovan)",
            )
            .to_string()),
    };
    let aggregate = match aggregate {
        Ok(scope) => Some(scope),
        Err(why) => {
            if has_groups {
                gaps.push(ReportGap {
                    what: lang
                        .pick(
                            "The sensitivity analyses of the groups' aggregate (AIJ): they use the workspace's own weights instead.",
                            "Känslighetsanalyserna av gruppernas sammanvägning (AIJ): de använder arbetsytans egna vikter i stället.",
                        )
                        .to_string(),
                    why,
                });
            }
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
    let smaa = crate::progress::monte_carlo(ctx, &scope.model, sampling)?;
    // The folder's name, not its path: a report travels, a path on the
    // facilitator's machine means nothing to its readers.
    let workspace = root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
        .unwrap_or_else(|| root.display().to_string());
    // Paths as the workspace names them: a report travels.
    let prefix = format!(
        "{}{}",
        ctx.workspace.root.display(),
        std::path::MAIN_SEPARATOR
    );
    for gap in &mut gaps {
        gap.why = gap.why.replace(&prefix, "");
    }
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

/// The gap a group whose script fails leaves: its weights and ranking,
/// and with them the aggregate.
fn failed_group_gap(failed: &GroupFailure, lang: Lang) -> ReportGap {
    ReportGap {
        what: match lang {
            Lang::En => format!(
                "The group “{}” ({}): its weights and ranking, and with them the groups' aggregate.",
                failed.id,
                failed.path.display()
            ),
            Lang::Sv => format!(
                "Gruppen ”{}” ({}): dess vikter och rangordning, och därmed gruppernas sammanvägning.",
                failed.id,
                failed.path.display()
            ),
        },
        why: failed.diagnostic.render_in(lang),
    }
}
