//! What the workshop report needs around its computation, for every front
//! end (`vagval report`, the web workshop's "write the report"): where it
//! may be written (a file whose folder exists, never one of the workspace's
//! inputs), how it names the workspace (its folder, not a path), and how it
//! words what it had to leave out (`ReportGap`s) when a group's script
//! fails or the aggregate cannot be formed; and what the report shows,
//! gathered from a `Context` (`gather`), with the Monte Carlo run left to
//! the caller (the CLI draws a progress bar). The caller builds the page
//! from `Gathered::data` (`vagval_report::build_report`) and writes it
//! with `store::write_atomically`.

use crate::context::{Context, GroupSet, Scope};
use crate::diagnostic::Diagnostic;
use crate::failure::Failure;
use crate::groups::GroupFailure;
use std::path::{Path, PathBuf};
use vagval_core::Evaluation;
use vagval_core::group::{Aggregation, GroupAnalysis, GroupOptions};
use vagval_core::model::Model;
use vagval_core::sensitivity::one_way::{OneWay, one_way};
use vagval_core::sensitivity::smaa::{SmaaOptions, SmaaResult};
use vagval_core::sensitivity::thresholds::Thresholds;
use vagval_report::{Lang, ReportData, ReportGap, ReportSettings, SensitivityData};

/// Everything the workshop report shows, computed from a `Context`; the
/// page's `ReportData` borrows it (`data`).
pub struct Gathered<'c> {
    ctx: &'c Context<'c>,
    workspace: String,
    set: GroupSet,
    analysis: Option<GroupAnalysis>,
    /// The view the sensitivity analyses start from: the groups'
    /// aggregate, else the workspace's own weights.
    scope: Scope,
    scope_flag: &'static str,
    one_way: Vec<OneWay>,
    thresholds: Thresholds,
    smaa: SmaaResult,
    gaps: Vec<ReportGap>,
    settings: ReportSettings,
    made_on: String,
    fingerprint: String,
    /// The aggregate by the other method (AIP beside AIJ, or AIJ beside AIP).
    other: Option<(Aggregation, GroupAnalysis)>,
    /// Each group's own judgments of the alternatives, by leaf.
    assessments: Vec<vagval_report::OwnAssessments>,
    /// The alternatives and the criteria's descriptions in the report's
    /// language (the workspace's English second texts in English).
    alternatives: Vec<vagval_core::model::Alternative>,
    criterion_descriptions: Vec<(String, String)>,
}

impl<'c> Gathered<'c> {
    /// The report's data, as `vagval_report::build_report` takes it.
    pub fn data(&self) -> ReportData<'_> {
        let ctx = self.ctx;
        ReportData {
            workspace: &self.workspace,
            description: match ctx.lang {
                Lang::En => ctx
                    .workspace
                    .english
                    .description
                    .as_deref()
                    .or(ctx.workspace.description.as_deref()),
                Lang::Sv => ctx.workspace.description.as_deref(),
            },
            alternatives: &self.alternatives,
            evaluation: &ctx.evaluation,
            view: ctx.view(),
            notes: &ctx.workspace.notes,
            groups: &self.set.results,
            group_analysis: self.analysis.as_ref(),
            sensitivity: SensitivityData {
                view: self.scope.label.as_deref(),
                scope_flag: self.scope_flag,
                exclusions: self.scope.exclusions(),
                basis: &self.scope.evaluation,
                one_way: &self.one_way,
                thresholds: &self.thresholds,
                smaa: &self.smaa,
            },
            settings: self.settings,
            gaps: &self.gaps,
            version: env!("CARGO_PKG_VERSION"),
            made_on: &self.made_on,
            fingerprint: &self.fingerprint,
            other_aggregate: self
                .other
                .as_ref()
                .map(|(a, analysis)| (*a, &analysis.aggregate)),
            group_assessments: &self.assessments,
            criterion_descriptions: &self.criterion_descriptions,
        }
    }

    /// What the report had to leave out (said at its top).
    pub fn gaps(&self) -> &[ReportGap] {
        &self.gaps
    }
}

/// What the workshop report of `ctx` shows: every group, their aggregate
/// formed as `group` says, and the sensitivity analyses of the view that
/// decides (the aggregate, else the workspace's own weights), the Monte
/// Carlo run by `run_smaa` as `smaa` asks (its samples checked first). A
/// group whose script fails, or an aggregate that cannot be formed, leaves
/// its part out and is named in the gaps; the rest is gathered.
pub fn gather<'c>(
    ctx: &'c Context<'c>,
    group: &GroupOptions,
    smaa: &SmaaOptions,
    run_smaa: impl FnOnce(&Model, &SmaaOptions) -> Result<SmaaResult, Failure>,
) -> Result<Gathered<'c>, Failure> {
    crate::settings::check_samples(smaa.samples)?;
    let lang = ctx.lang;
    let set = ctx.groups()?;
    let mut gaps = ReportGaps::new(lang, set.loaded.len(), &set.failed);
    let analysis = if gaps.can_aggregate() {
        match ctx.group_analysis_with(&set, group) {
            Ok(analysis) => Some(analysis),
            Err(failure) => {
                gaps.aggregate_failed(group.aggregation, failure_text(failure, lang)?);
                None
            }
        }
    } else {
        None
    };
    // Sensitivity of the view that decides: the groups' aggregate (AIJ, as
    // `--aggregate` gives it), else the workspace's own weights.
    let aggregate = match &analysis {
        Some(_) => match ctx.aggregate_scope(&set, group.max_cr) {
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
    let one_way = report_sweeps(&scope.evaluation)?;
    let thresholds = vagval_core::sensitivity::thresholds::thresholds(&scope.evaluation);
    let smaa = run_smaa(&scope.model, smaa)?;
    // The other way of combining the groups, to show whether it matters.
    let other = analysis.as_ref().and_then(|_| {
        let method = match group.aggregation {
            Aggregation::Aij => Aggregation::Aip,
            Aggregation::Aip | Aggregation::AipGeometric => Aggregation::Aij,
        };
        let options = GroupOptions {
            aggregation: method,
            max_cr: group.max_cr,
        };
        ctx.group_analysis_with(&set, &options)
            .ok()
            .map(|analysis| (method, analysis))
    });
    let assessments = set
        .loaded
        .iter()
        .filter(|g| !g.spec.assessments.is_empty())
        .map(|g| (g.spec.id.clone(), g.spec.assessments.clone()))
        .collect();
    Ok(Gathered {
        ctx,
        workspace: report_workspace_name(&ctx.workspace.root),
        set,
        analysis,
        scope,
        scope_flag,
        one_way,
        thresholds,
        smaa,
        gaps: gaps.finish(&ctx.workspace.root),
        made_on: today(),
        fingerprint: {
            let (hex, files) = input_fingerprint(&ctx.workspace.root);
            match lang {
                Lang::Sv => format!("{hex} ({files} filer)"),
                Lang::En => format!("{hex} ({files} files)"),
            }
        },
        other,
        assessments,
        alternatives: in_language(ctx),
        criterion_descriptions: match lang {
            Lang::En => ctx
                .workspace
                .english
                .criteria
                .iter()
                .map(|(id, text)| (id.clone(), text.clone()))
                .collect(),
            Lang::Sv => Vec::new(),
        },
        settings: ReportSettings {
            analysis: ctx.settings,
            aggregation: group.aggregation,
            max_cr: group.max_cr,
        },
    })
}

/// A failure as the report names it among what is missing (as the command
/// line prints it); a failed write is not a gap but the caller's failure.
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

/// The folder and file name of `target` (resolved by the caller), checked
/// before anything is computed: a file name, in a folder that exists, that
/// is not one of the inputs of the workspace at `root`.
pub fn report_target(root: &Path, target: &Path) -> Result<(PathBuf, String), Diagnostic> {
    // `--out newdir/` names a folder, not a file called `newdir`.
    let text = target.as_os_str().to_string_lossy();
    if text.ends_with(std::path::is_separator) || text.ends_with("/.") {
        return Err(Diagnostic::new(
            format!("--out {text} names a folder, not a file"),
            format!("--out {text} anger en mapp, inte en fil"),
        )
        .hint(
            "give a file name in it, such as newdir/report.html (the folder must exist)",
            "ange ett filnamn i den, som nymapp/rapport.html (mappen måste finnas)",
        ));
    }
    let Some(file_name) = target.file_name().and_then(|n| n.to_str()) else {
        return Err(Diagnostic::new(
            format!("--out {} does not name a file", target.display()),
            format!("--out {} anger ingen fil", target.display()),
        )
        .hint(
            "give a file name such as report.html",
            "ange ett filnamn som rapport.html",
        ));
    };
    let dir = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if dir.exists() && !dir.is_dir() {
        return Err(Diagnostic::new(
            format!("{} is not a folder", dir.display()),
            format!("{} är ingen mapp", dir.display()),
        )
        .hint(
            "give a path whose folder exists",
            "ange en sökväg vars mapp finns",
        ));
    }
    if !dir.is_dir() {
        return Err(Diagnostic::new(
            format!("the folder {} does not exist", dir.display()),
            format!("mappen {} finns inte", dir.display()),
        )
        .hint(
            "create it first, or write the report elsewhere",
            "skapa den först, eller skriv rapporten någon annanstans",
        ));
    }
    if target.is_dir() {
        return Err(Diagnostic::new(
            format!("{} is a folder", target.display()),
            format!("{} är en mapp", target.display()),
        )
        .hint(
            "give a file name such as report.html",
            "ange ett filnamn som rapport.html",
        ));
    }
    refuse_input(root, &dir, file_name, target)?;
    Ok((dir, file_name.to_string()))
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
    let is_input = resolved == root.join(crate::load::MANIFEST)
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
    Err(Diagnostic::new(
        format!(
            "--out {} would overwrite the workspace's input {shown}",
            target.display()
        ),
        format!(
            "--out {} skulle skriva över arbetsytans indata {shown}",
            target.display()
        ),
    )
    .hint(
        "write the report outside vagval.toml, criteria/ and scripts/, e.g. --out report.html",
        "skriv rapporten utanför vagval.toml, criteria/ och scripts/, t.ex. --out rapport.html",
    ))
}

/// The workspace as a report names it: its folder's name, not its path (a
/// report travels; a path on the facilitator's machine means nothing to its
/// readers).
pub fn report_workspace_name(root: &Path) -> String {
    root.canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
        .unwrap_or_else(|| root.display().to_string())
}

/// What a report has to leave out, gathered while its parts are computed:
/// a group whose script fails (and with it the aggregate), an aggregate that
/// cannot be formed, sensitivity analyses that fall back on the workspace's
/// own weights. The rules are the same for every front end.
#[derive(Debug, Clone)]
pub struct ReportGaps {
    lang: Lang,
    has_groups: bool,
    can_aggregate: bool,
    gaps: Vec<ReportGap>,
}

impl ReportGaps {
    /// The gaps the groups' scripts leave: one per script that fails.
    pub fn new(lang: Lang, loaded: usize, failed: &[GroupFailure]) -> Self {
        ReportGaps {
            lang,
            has_groups: loaded > 0 || !failed.is_empty(),
            can_aggregate: loaded > 0 && failed.is_empty(),
            gaps: failed.iter().map(|f| failed_group_gap(f, lang)).collect(),
        }
    }

    /// Whether the groups' aggregate is worth trying: there are groups and
    /// every script ran (an aggregate without a group would mislead).
    pub fn can_aggregate(&self) -> bool {
        self.can_aggregate
    }

    /// The aggregate could not be formed (`why`: the error as the command
    /// line prints it); AIJ's gap names the aggregation that can.
    pub fn aggregate_failed(&mut self, aggregation: Aggregation, why: String) {
        let name = aggregation.name().to_uppercase();
        let what = match (self.lang, aggregation) {
            (Lang::En, Aggregation::Aij) => format!(
                "The groups' aggregate ({name}) and its consensus. `vagval report --aggregation aip` (a seat-weighted mean of the groups' priorities) can aggregate them."
            ),
            (Lang::Sv, Aggregation::Aij) => format!(
                "Gruppernas sammanvägning ({name}) och samsyn. `vagval report --aggregation aip` (ett mandatviktat medelvärde av gruppernas prioriteter) kan väga samman dem."
            ),
            (Lang::En, _) => format!("The groups' aggregate ({name}) and its consensus."),
            (Lang::Sv, _) => format!("Gruppernas sammanvägning ({name}) och samsyn."),
        };
        self.gaps.push(ReportGap { what, why });
    }

    /// Why the sensitivity analyses cannot use an aggregate that was not
    /// formed.
    pub fn no_aggregate(&self) -> String {
        self.lang
            .pick(
                "the groups' aggregate could not be computed (see above)",
                "gruppernas sammanvägning gick inte att beräkna (se ovan)",
            )
            .to_string()
    }

    /// The sensitivity analyses use the workspace's own weights because the
    /// aggregate's could not be had (`why`): a gap when there are groups
    /// (without groups the workspace's weights are the view that decides).
    pub fn sensitivity_fallback(&mut self, why: String) {
        if !self.has_groups {
            return;
        }
        self.gaps.push(ReportGap {
            what: self
                .lang
                .pick(
                    "The sensitivity analyses of the groups' aggregate (AIJ): they use the workspace's own weights instead.",
                    "Känslighetsanalyserna av gruppernas sammanvägning (AIJ): de använder arbetsytans egna vikter i stället.",
                )
                .to_string(),
            why,
        });
    }

    /// The gaps, their paths as the workspace names them (relative to
    /// `root`, the workspace's root as loaded): a report travels.
    pub fn finish(self, root: &Path) -> Vec<ReportGap> {
        let prefix = format!("{}{}", root.display(), std::path::MAIN_SEPARATOR);
        self.gaps
            .into_iter()
            .map(|gap| ReportGap {
                why: gap.why.replace(&prefix, ""),
                ..gap
            })
            .collect()
    }
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

/// One sweep per top-level criterion, as the report shows them; a lone
/// top-level criterion has no sibling to trade weight with, so there is
/// nothing to sweep.
pub fn report_sweeps(evaluation: &Evaluation) -> Result<Vec<OneWay>, Diagnostic> {
    let top_level: Vec<_> = evaluation
        .criteria
        .iter()
        .filter(|c| c.parent.is_none())
        .collect();
    if top_level.len() < 2 {
        return Ok(Vec::new());
    }
    top_level
        .iter()
        .map(|c| one_way(evaluation, &c.id).map_err(|e| Diagnostic::in_both(|l| e.message(l))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn workspace(name: &str) -> PathBuf {
        let root =
            std::env::temp_dir().join(format!("vagval-report-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("criteria")).unwrap();
        fs::write(root.join(crate::load::MANIFEST), "").unwrap();
        root
    }

    /// The shipped Tranås workspace (with its groups' scripts).
    fn tranas() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    fn copy_dir(from: &Path, to: &Path) {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                fs::copy(entry.path(), target).unwrap();
            }
        }
    }

    fn smaa_options(samples: u64) -> SmaaOptions {
        SmaaOptions {
            samples,
            seed: 1,
            weights: vagval_core::sensitivity::smaa::WeightSampling::Simplex,
            data: vagval_core::sensitivity::smaa::DataSampling::Fixed,
        }
    }

    /// `gather` of the workspace at `root`, its Monte Carlo run in a few
    /// samples; also what the run was asked (its samples).
    fn gathered_of(root: &Path, check: impl Fn(&Gathered<'_>, &Context<'_>, Option<u64>)) {
        let workspace =
            crate::load::Workspace::load(root).unwrap_or_else(|d| panic!("{}", d.render()));
        let settings = vagval_core::settings::Settings::default();
        let ctx = Context::new(&workspace, settings, Lang::En).unwrap();
        let options = smaa_options(40);
        let asked = std::cell::Cell::new(None);
        let run = |model: &Model, options: &SmaaOptions| {
            asked.set(Some(options.samples));
            Ok(ctx.monte_carlo(model, options, &|_| {})?)
        };
        let gathered = gather(&ctx, &GroupOptions::default(), &options, run)
            .unwrap_or_else(|_| panic!("gather failed"));
        check(&gathered, &ctx, asked.get());
    }

    #[test]
    fn the_report_of_groups_analyses_their_aggregate() {
        gathered_of(&tranas(), |gathered, ctx, asked| {
            let data = gathered.data();
            assert!(data.gaps.is_empty(), "{:?}", data.gaps);
            assert!(data.group_analysis.is_some());
            assert!(!data.groups.is_empty());
            let s = &data.sensitivity;
            assert_eq!(s.scope_flag, "--aggregate");
            let aggregate = ctx.aggregate_scope(&ctx.groups().unwrap(), None).unwrap();
            assert_eq!(s.view, aggregate.label.as_deref());
            assert_ne!(
                s.basis.goal_weights, ctx.evaluation.goal_weights,
                "not the workspace's own"
            );
            let top_level = ctx
                .evaluation
                .criteria
                .iter()
                .filter(|c| c.parent.is_none());
            assert_eq!(s.one_way.len(), top_level.count());
            assert_eq!(asked, Some(40), "the Monte Carlo run as asked");
            assert_eq!(s.smaa.samples, 40);
            assert_eq!(data.workspace, report_workspace_name(&tranas()));
        });
    }

    #[test]
    fn a_failing_group_script_leaves_gaps_and_the_workspace_weights_decide() {
        let root = std::env::temp_dir().join(format!("vagval-gather-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        for part in ["criteria", "scripts"] {
            copy_dir(&tranas().join(part), &root.join(part));
        }
        fs::copy(
            tranas().join(crate::load::MANIFEST),
            root.join(crate::load::MANIFEST),
        )
        .unwrap();
        fs::write(root.join("scripts/groups/broken.lua"), "error('boom')\n").unwrap();
        gathered_of(&root, |gathered, ctx, asked| {
            let data = gathered.data();
            assert_eq!(data.gaps.len(), 2, "{:?}", data.gaps);
            assert!(data.gaps[0].what.contains("“broken”"), "{:?}", data.gaps);
            assert!(data.gaps[1].what.starts_with("The sensitivity analyses"));
            assert!(data.group_analysis.is_none());
            let s = &data.sensitivity;
            assert_eq!(s.scope_flag, "");
            assert_eq!(s.view, ctx.workspace.view.as_deref());
            assert_eq!(s.basis.goal_weights, ctx.evaluation.goal_weights);
            assert_eq!(asked, Some(40));
        });
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_report_refuses_its_samples_before_it_computes() {
        let workspace =
            crate::load::Workspace::load(&tranas()).unwrap_or_else(|d| panic!("{}", d.render()));
        let ctx = Context::new(&workspace, Default::default(), Lang::Sv).unwrap();
        let options = smaa_options(0);
        let ran = std::cell::Cell::new(false);
        let run = |_: &Model, _: &SmaaOptions| -> Result<SmaaResult, Failure> {
            ran.set(true);
            Err(Failure::Usage(Diagnostic::new("x", "x")))
        };
        let Err(Failure::Usage(d)) = gather(&ctx, &GroupOptions::default(), &options, run) else {
            panic!("0 samples were accepted");
        };
        assert!(d.render_in(Lang::Sv).contains("--samples 0"));
        assert!(!ran.get());
    }

    #[test]
    fn a_report_never_replaces_an_input() {
        let root = workspace("inputs");
        for input in ["vagval.toml", "criteria/new.toml"] {
            let error = report_target(&root, &root.join(input)).unwrap_err();
            assert!(
                error
                    .render_in(Lang::En)
                    .contains("would overwrite the workspace's input"),
                "{input}: {}",
                error.render_in(Lang::En)
            );
        }
        let (dir, file) = report_target(&root, &root.join("report.html")).unwrap();
        assert_eq!((dir, file.as_str()), (root.clone(), "report.html"));
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_folder_is_not_a_report_file() {
        let root = workspace("folders");
        let cases = [
            (root.join("criteria/"), "names a folder"),
            (root.join("criteria"), "is a folder"),
            (root.join("missing/report.html"), "does not exist"),
            (root.join("vagval.toml/report.html"), "is not a folder"),
        ];
        for (target, said) in cases {
            let error = report_target(&root, &target)
                .unwrap_err()
                .render_in(Lang::En);
            assert!(error.contains(said), "{}: {error}", target.display());
        }
        fs::remove_dir_all(&root).unwrap();
    }

    fn failure(id: &str) -> GroupFailure {
        GroupFailure {
            id: id.into(),
            path: PathBuf::from(format!("scripts/groups/{id}.lua")),
            diagnostic: Diagnostic::new("boom", "pang")
                .in_file(Path::new("/ws/scripts/groups/x.lua")),
        }
    }

    #[test]
    fn a_failing_script_leaves_out_the_group_and_the_aggregate() {
        let gaps = ReportGaps::new(Lang::En, 2, &[failure("x")]);
        assert!(!gaps.can_aggregate());
        let gaps = gaps.finish(Path::new("/ws"));
        assert_eq!(gaps.len(), 1);
        assert!(
            gaps[0]
                .what
                .starts_with("The group “x” (scripts/groups/x.lua)"),
            "{gaps:?}"
        );
        assert!(!gaps[0].why.contains("/ws/"), "{gaps:?}");
        assert!(ReportGaps::new(Lang::En, 2, &[]).can_aggregate());
        assert!(!ReportGaps::new(Lang::En, 0, &[]).can_aggregate());
    }

    #[test]
    fn the_sensitivity_fallback_is_a_gap_only_with_groups() {
        let mut alone = ReportGaps::new(Lang::Sv, 0, &[]);
        let why = alone.no_aggregate();
        alone.sensitivity_fallback(why);
        assert!(alone.finish(Path::new("/ws")).is_empty());
        let mut groups = ReportGaps::new(Lang::En, 3, &[]);
        groups.aggregate_failed(Aggregation::Aij, "cannot".into());
        groups.sensitivity_fallback("no aggregate".into());
        let gaps = groups.finish(Path::new("/ws"));
        assert_eq!(gaps.len(), 2);
        assert!(gaps[0].what.contains("--aggregation aip"), "{gaps:?}");
        assert!(
            gaps[1].what.starts_with("The sensitivity analyses"),
            "{gaps:?}"
        );
    }

    #[test]
    fn gaps_name_paths_inside_the_workspace() {
        let root = Path::new("/home/facilitator/tranås");
        let mut gaps = ReportGaps::new(Lang::En, 1, &[]);
        gaps.aggregate_failed(
            Aggregation::Aip,
            format!("error: {}/scripts/s.lua:3:1: bad", root.display()),
        );
        assert_eq!(gaps.finish(root)[0].why, "error: scripts/s.lua:3:1: bad");
        let named = workspace("name");
        assert_eq!(
            report_workspace_name(&named.join("criteria/..")),
            named.file_name().unwrap().to_string_lossy()
        );
        fs::remove_dir_all(&named).unwrap();
    }
}

/// The alternatives as the report shows them: in English with their
/// `description_en` where the workspace gives one.
fn in_language(ctx: &Context<'_>) -> Vec<vagval_core::model::Alternative> {
    let mut alternatives = ctx.workspace.spec.alternatives.clone();
    if ctx.lang == Lang::En {
        for alternative in &mut alternatives {
            if let Some(text) = ctx.workspace.english.alternatives.get(&alternative.id) {
                alternative.description = text.clone();
            }
        }
    }
    alternatives
}

/// Today's date (UTC) as `2026-12-05`: when a report was made.
pub fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    civil_date(seconds / 86_400)
}

/// The date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_date(days: u64) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A fingerprint of the workspace's input files (vagval.toml, criteria/,
/// scripts/ — every file, by its path and bytes, in path order): 64-bit
/// FNV-1a as 16 hex digits in groups of four, and how many files. Two
/// reports with the same fingerprint were made from the same inputs.
pub fn input_fingerprint(root: &Path) -> (String, usize) {
    let mut files = Vec::new();
    let main = root.join("vagval.toml");
    if main.is_file() {
        files.push(main);
    }
    for dir in ["criteria", "scripts"] {
        collect_files(&root.join(dir), &mut files);
    }
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for file in &files {
        let relative = file.strip_prefix(root).unwrap_or(file);
        feed(relative.to_string_lossy().replace('\\', "/").as_bytes());
        feed(&[0]);
        feed(&std::fs::read(file).unwrap_or_default());
        feed(&[0]);
    }
    let hex = format!("{hash:016x}");
    (
        format!(
            "{} {} {} {}",
            &hex[0..4],
            &hex[4..8],
            &hex[8..12],
            &hex[12..16]
        ),
        files.len(),
    )
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        // Hidden files (locks, temporaries, drafts) are not inputs.
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        match entry.file_type() {
            Ok(t) if t.is_dir() => collect_files(&path, files),
            Ok(t) if t.is_file() => files.push(path),
            _ => {}
        }
    }
}

#[cfg(test)]
mod fingerprint_tests {
    use super::*;

    #[test]
    fn dates_are_civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        // 2000-03-01 (after a leap day of a century divisible by 400).
        assert_eq!(civil_date(11_017), "2000-03-01");
        assert_eq!(civil_date(20_792), "2026-12-05");
    }

    #[test]
    fn the_fingerprint_changes_with_any_input_byte_and_only_with_inputs() {
        let dir = std::env::temp_dir().join(format!("vagval-fingerprint-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("criteria")).unwrap();
        std::fs::write(dir.join("vagval.toml"), "goal = \"Mål\"\n").unwrap();
        std::fs::write(dir.join("criteria/a.toml"), "x = 1\n").unwrap();
        let first = input_fingerprint(&dir);
        assert_eq!(first.1, 2);
        assert_eq!(input_fingerprint(&dir), first);
        // A report or a lock beside the inputs changes nothing.
        std::fs::write(dir.join("report.html"), "<html>").unwrap();
        std::fs::write(dir.join("criteria/.a.lock"), "1").unwrap();
        assert_eq!(input_fingerprint(&dir), first);
        std::fs::write(dir.join("criteria/a.toml"), "x = 2\n").unwrap();
        assert_ne!(input_fingerprint(&dir), first);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
