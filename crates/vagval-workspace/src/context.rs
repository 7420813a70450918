//! What every request on a workspace starts from, in any front end (the
//! CLI's commands, the web workshop's session): the loaded workspace, its
//! model, the settings and the evaluation, with the steps several requests
//! share (loading and evaluating the political groups, their aggregate, the
//! view a sensitivity analysis starts from, a Monte Carlo run) and the
//! labels they are shown with.

use crate::diagnostic::Diagnostic;
use crate::failure::Failure;
use crate::groups;
use crate::load::Workspace;
use vagval_core::Evaluation;
use vagval_core::group::{GroupAnalysis, GroupEvaluation, GroupResult};
use vagval_core::model::Model;
use vagval_core::sensitivity::smaa::SmaaOptions;
use vagval_core::sensitivity::smaa::SmaaResult;
use vagval_core::settings::Settings;
use vagval_report::Lang;

pub struct Context<'w> {
    pub workspace: &'w Workspace,
    pub model: Model,
    pub settings: Settings,
    pub evaluation: Evaluation,
    pub lang: Lang,
    /// The groups as a live session holds them (`with_groups`), read
    /// instead of the workspace's group scripts.
    session_groups: Option<Vec<groups::LoadedGroup>>,
}

/// The evaluation a sensitivity analysis starts from: a group's, the groups'
/// aggregate, or the workspace's own, with the model behind it and its label.
pub struct Scope {
    pub model: Model,
    pub evaluation: Evaluation,
    pub label: Option<String>,
    /// For the aggregate: the CR bound (`--max-cr`), the groups it left
    /// out and the AIJ sets some groups could not enter.
    pub max_cr: Option<f64>,
    pub excluded: Vec<vagval_core::group::Excluded>,
    pub left_out: Vec<vagval_core::group::LeftOut>,
}

impl Scope {
    /// Who the aggregate leaves out, when a CR bound was given.
    pub fn exclusions(&self) -> Option<vagval_report::Exclusions<'_>> {
        self.max_cr.map(|_| vagval_report::Exclusions {
            max_cr: self.max_cr,
            excluded: &self.excluded,
            left_out: &self.left_out,
        })
    }

    /// `doc` (the command's output) with the groups the aggregate leaves
    /// out named, as `vagval groups` names them, in every format.
    pub fn annotate(&self, doc: vagval_report::Document) -> vagval_report::Document {
        match self.exclusions() {
            Some(exclusions) => exclusions.annotate(doc),
            None => doc,
        }
    }
}

/// A chart's label of the aggregate with the groups a CR bound left out:
/// `Aggregate (AIJ), --max-cr 0.010: without local-control`.
pub fn bounded_label(
    lang: Lang,
    label: String,
    max_cr: Option<f64>,
    excluded: &[vagval_core::group::Excluded],
) -> String {
    let Some(bound) = max_cr else {
        return label;
    };
    if excluded.is_empty() {
        return format!("{label}, --max-cr {}", lang.fixed(bound, 3));
    }
    let ids: Vec<&str> = excluded.iter().map(|e| e.id.as_str()).collect();
    format!(
        "{label}, --max-cr {}: {} {}",
        lang.fixed(bound, 3),
        lang.pick("without", "utan"),
        ids.join(", ")
    )
}

/// Every political group: those whose script ran and whose evaluation
/// succeeded (`loaded` and `results` side by side), and every group that
/// failed, with its error.
pub struct GroupSet {
    pub loaded: Vec<groups::LoadedGroup>,
    pub results: Vec<GroupResult>,
    pub failed: Vec<groups::GroupFailure>,
}

impl GroupSet {
    /// `Ok` when no group failed; else every failing script named, for a
    /// command that needs them all (the aggregate).
    pub fn complete(&self) -> Result<(), Failure> {
        if self.failed.is_empty() {
            return Ok(());
        }
        let mut all = self.diagnostics();
        all.push(
            Diagnostic::new(format!(
                "the groups' aggregate needs every group, and {} failed",
                self.failed_list()
            ), format!(
                "gruppernas sammanvägning behöver alla grupper, och {} misslyckades",
                self.failed_list()
            ))
            .hint("fix the scripts named above; meanwhile `vagval evaluate --group ID` and `vagval weights` show the other groups", "rätta skripten ovan; under tiden visar `vagval evaluate --group ID` och `vagval weights` de andra grupperna"),
        );
        Err(Failure::Several(all))
    }

    /// `Ok` when no group failed; else the failures for a command that has
    /// printed the other groups' results (exit 1, output kept).
    pub fn partial(&self) -> Result<(), Failure> {
        if self.failed.is_empty() {
            return Ok(());
        }
        let total = self.failed.len() + self.loaded.len();
        let mut all = self.diagnostics();
        all.push(
            Diagnostic::new(
                format!(
                    "{} of {total} group scripts failed; the output leaves out {}",
                    self.failed.len(),
                    self.failed_list()
                ),
                format!(
                    "{} av {total} gruppskript misslyckades; utdata saknar {}",
                    self.failed.len(),
                    self.failed_list()
                ),
            )
            .hint(
                "fix the scripts named above; the other groups' results are printed",
                "rätta skripten ovan; de andra gruppernas resultat skrivs ut",
            ),
        );
        Err(Failure::Partial(all))
    }

    fn diagnostics(&self) -> Vec<Diagnostic> {
        self.failed.iter().map(|f| f.diagnostic.clone()).collect()
    }

    /// `scripts/groups/a.lua, scripts/groups/b.lua`.
    pub fn failed_list(&self) -> String {
        self.failed
            .iter()
            .map(|f| f.path.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl<'w> Context<'w> {
    pub fn new(workspace: &'w Workspace, settings: Settings, lang: Lang) -> Result<Self, Failure> {
        let model = Model::new(workspace.spec.clone()).map_err(|e| workspace.diagnose(&e))?;
        let evaluation =
            vagval_core::evaluate(&model, &settings).map_err(|e| workspace.diagnose(&e))?;
        Ok(Context {
            workspace,
            model,
            settings,
            evaluation,
            lang,
            session_groups: None,
        })
    }

    /// The same context with `groups` in place of the workspace's group
    /// scripts: a workshop's report and analyses show the session's
    /// current judgments before any script is written.
    pub fn with_groups(mut self, groups: Vec<groups::LoadedGroup>) -> Self {
        self.session_groups = Some(groups);
        self
    }

    /// The label of the workspace's own weights (`[weights] view`).
    /// In English the workspace's `view_en`, where it gives one.
    pub fn view(&self) -> Option<&str> {
        match self.lang {
            Lang::En => self
                .workspace
                .english
                .view
                .as_deref()
                .or(self.workspace.view.as_deref()),
            Lang::Sv => self.workspace.view.as_deref(),
        }
    }

    /// (id, name) of every alternative.
    pub fn alternative_names(&self) -> Vec<(String, String)> {
        self.model
            .alternatives()
            .iter()
            .map(|a| (a.id.clone(), a.name.clone()))
            .collect()
    }

    /// Every group script run and evaluated. A group whose script or
    /// evaluation fails is set aside with its error; the others go on.
    pub fn groups(&self) -> Result<GroupSet, Failure> {
        let load = match &self.session_groups {
            Some(session) => groups::GroupLoad {
                loaded: session.clone(),
                failed: Vec::new(),
            },
            None => groups::load(&self.workspace.root, &self.model, self.workspace.limits)?,
        };
        let mut set = GroupSet {
            loaded: Vec::with_capacity(load.loaded.len()),
            results: Vec::with_capacity(load.loaded.len()),
            failed: load.failed,
        };
        for group in load.loaded {
            match self.evaluate_group(&group) {
                Ok(evaluated) => {
                    set.results.push(evaluated.result);
                    set.loaded.push(group);
                }
                Err(diagnostic) => set.failed.push(groups::GroupFailure {
                    id: group.spec.id.clone(),
                    path: group.path.clone(),
                    diagnostic,
                }),
            }
        }
        set.failed.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(set)
    }

    /// Group `id` alone: only its script runs, so another group's broken
    /// script cannot stop `--group ID`. An error lists the groups there are.
    pub fn group(&self, id: &str) -> Result<groups::LoadedGroup, Failure> {
        if let Some(group) = self
            .session_groups
            .iter()
            .flatten()
            .find(|g| g.spec.id == id)
        {
            return Ok(group.clone());
        }
        if let Some(group) =
            groups::load_one(&self.workspace.root, &self.model, self.workspace.limits, id)?
        {
            return Ok(group);
        }
        let known: Vec<String> = groups::script_paths(&self.workspace.root)?
            .iter()
            .map(|p| format!("`{}`", groups::id_of(p).escape_debug()))
            .collect();
        let diagnostic = Diagnostic::new(
            format!("there is no group `{id}`"),
            format!("det finns ingen grupp `{id}`"),
        );
        // A group the workspace lacks is a mistake of the command line (exit 2).
        Err(Failure::Usage(if known.is_empty() {
            diagnostic.hint(
                format!(
                    "this workspace has no group scripts in {}/",
                    groups::GROUPS_DIR
                ),
                format!("arbetsytan har inga gruppskript i {}/", groups::GROUPS_DIR),
            )
        } else {
            diagnostic.hint(
                format!("the groups are {}", known.join(", ")),
                format!("grupperna är {}", known.join(", ")),
            )
        }))
    }

    /// A group's model and evaluation (core's `GroupSpec::evaluate`); an
    /// error names its script.
    pub fn evaluate_group(
        &self,
        group: &groups::LoadedGroup,
    ) -> Result<GroupEvaluation, Diagnostic> {
        group
            .spec
            .evaluate(&self.model, &self.settings)
            .map_err(|e| group_error(group, &e))
    }

    /// The groups' aggregate and consensus, with `options` (aggregation,
    /// CR bound). Refused without groups, and when a group's script failed
    /// (an aggregate without a group would misstate the council): every
    /// failing script is named.
    pub fn group_analysis_with(
        &self,
        set: &GroupSet,
        options: &vagval_core::group::GroupOptions,
    ) -> Result<GroupAnalysis, Failure> {
        set.complete()?;
        if set.loaded.is_empty() {
            return Err(Diagnostic::new("this workspace has no political groups", "arbetsytan har inga politiska grupper")
                .hint(format!(
                    "add a script per group in {}/ (see docs/lua-api.md), or run `vagval survey --group ID`",
                    groups::GROUPS_DIR
                ), format!(
                    "lägg ett skript per grupp i {}/ (se docs/lua-api.md), eller kör `vagval survey --group ID`",
                    groups::GROUPS_DIR
                ))
                .into());
        }
        let specs: Vec<_> = set.loaded.iter().map(|g| g.spec.clone()).collect();
        let analyze = |specs: &[vagval_core::group::GroupSpec]| {
            vagval_core::group::analyze_groups_with(&self.model, specs, &self.settings, options)
        };
        analyze(&specs)
            .map_err(|e| self.aggregation_failure(&set.loaded, &e, |one| analyze(one).map(|_| ())))
    }

    /// The view of `--group G`, `--aggregate` (of the groups within
    /// `max_cr`), or the workspace's own.
    pub fn scope(
        &self,
        group: Option<&str>,
        aggregate: bool,
        max_cr: Option<f64>,
    ) -> Result<Scope, Failure> {
        if let Some(id) = group {
            let group = self.group(id)?;
            let evaluated = self.evaluate_group(&group)?;
            return Ok(Scope {
                model: evaluated.model,
                evaluation: evaluated.result.evaluation,
                label: Some(seats_label(self.lang, &group.spec.name, group.spec.seats)),
                max_cr: None,
                excluded: Vec::new(),
                left_out: Vec::new(),
            });
        }
        if aggregate {
            return self.aggregate_scope(&self.groups()?, max_cr);
        }
        Ok(Scope {
            model: self.model.clone(),
            evaluation: self.evaluation.clone(),
            label: self.workspace.view.clone(),
            max_cr: None,
            excluded: Vec::new(),
            left_out: Vec::new(),
        })
    }

    /// The groups' seat-weighted aggregate (AIJ) as a scope, from groups
    /// already loaded (their scripts are not run again), of the groups
    /// whose own CR is within `max_cr` (all without). Refused, naming
    /// every failing script, when any group failed.
    pub fn aggregate_scope(&self, set: &GroupSet, max_cr: Option<f64>) -> Result<Scope, Failure> {
        set.complete()?;
        if set.loaded.is_empty() {
            return Err(Diagnostic::new(
                "this workspace has no political groups to aggregate",
                "arbetsytan har inga politiska grupper att väga samman",
            )
            .hint(
                "leave out --aggregate to use the workspace's own weights",
                "utelämna --aggregate för att använda arbetsytans egna vikter",
            )
            .into());
        }
        let specs: Vec<_> = set.loaded.iter().map(|g| g.spec.clone()).collect();
        let aij = |specs: &[vagval_core::group::GroupSpec]| {
            vagval_core::group::aij_model_with(&self.model, specs, &self.settings, max_cr)
        };
        let aij = aij(&specs)
            .map_err(|e| self.aggregation_failure(&set.loaded, &e, |one| aij(one).map(|_| ())))?;
        let evaluation = vagval_core::evaluate(&aij.model, &self.settings)
            .map_err(|e| Diagnostic::in_both(|l| e.message(l)))?;
        Ok(Scope {
            model: aij.model,
            evaluation,
            label: Some(aggregate_label(self.lang)),
            max_cr,
            excluded: aij.excluded,
            left_out: aij.left_out,
        })
    }

    /// An aggregation's error. When it names a group, each group is tried
    /// alone (`one`) so that every group that cannot be aggregated is named,
    /// not just the first.
    fn aggregation_failure(
        &self,
        loaded: &[groups::LoadedGroup],
        error: &vagval_core::Error,
        one: impl Fn(&[vagval_core::group::GroupSpec]) -> Result<(), vagval_core::Error>,
    ) -> Failure {
        if !matches!(error, vagval_core::Error::GroupTarget { .. }) || loaded.len() < 2 {
            return group_failure(loaded, error).into();
        }
        let each: Vec<Diagnostic> = loaded
            .iter()
            .filter_map(|g| match one(std::slice::from_ref(&g.spec)) {
                Err(e @ vagval_core::Error::GroupTarget { .. }) => Some(group_failure(loaded, &e)),
                _ => None,
            })
            .collect();
        if each.len() < 2 {
            group_failure(loaded, error).into()
        } else {
            Failure::Several(each)
        }
    }

    /// SMAA-2 over `model`, scripted criteria's scripts run per sample (one
    /// Lua state per worker and block), `report` told the samples done.
    pub fn monte_carlo(
        &self,
        model: &Model,
        options: &SmaaOptions,
        report: &(dyn Fn(u64) + Sync),
    ) -> Result<SmaaResult, Diagnostic> {
        self.monte_carlo_until(
            model,
            options,
            report,
            &std::sync::atomic::AtomicBool::new(false),
        )
        .map_err(Failure::into_diagnostic)
    }

    /// [`Context::monte_carlo`] that stops once `cancel` is set (Ctrl-C, or
    /// a newer request that supersedes it) with [`Failure::Cancelled`].
    pub fn monte_carlo_until(
        &self,
        model: &Model,
        options: &SmaaOptions,
        report: &(dyn Fn(u64) + Sync),
        cancel: &std::sync::atomic::AtomicBool,
    ) -> Result<SmaaResult, Failure> {
        let scorers = |criterion: &str| self.workspace.scorer(criterion);
        vagval_core::sensitivity::smaa::smaa_until(
            model,
            &self.settings,
            options,
            report,
            &scorers,
            cancel,
        )
        .map_err(|e| {
            let diagnostic = Diagnostic::in_both(|l| e.message(l));
            match e {
                vagval_core::Error::Cancelled => Failure::Cancelled(diagnostic),
                _ => Failure::Invalid(diagnostic.hint(
                    "see `vagval sensitivity monte-carlo --help`",
                    "se `vagval sensitivity monte-carlo --help`",
                )),
            }
        })
    }
}

/// An error in a group's model, named by its script.
fn group_error(group: &groups::LoadedGroup, error: &vagval_core::Error) -> Diagnostic {
    Diagnostic::in_both(|l| format!("{}: {}", group.path.display(), error.message(l)))
        .hint(
            "the group's weights and judgments come from this script (see docs/lua-api.md)",
            "gruppens vikter och bedömningar kommer från detta skript (se docs/lua-api.md)",
        )
        .hint_both(crate::load::completion_hint(error))
}

/// An error of the groups' aggregation, pointing at the script of the
/// group it names (when it names one).
fn group_failure(loaded: &[groups::LoadedGroup], error: &vagval_core::Error) -> Diagnostic {
    let diagnostic = Diagnostic::in_both(|l| error.message(l));
    let script = match error {
        vagval_core::Error::GroupTarget { group, .. } => {
            loaded.iter().find(|g| g.spec.id == *group).map(|g| &g.path)
        }
        _ => None,
    };
    match script {
        Some(path) => diagnostic.in_file(path).hint(
            "the group's weights come from this script (see docs/lua-api.md)",
            "gruppens vikter kommer från detta skript (se docs/lua-api.md)",
        ),
        None => diagnostic.hint(
            "check the group scripts named in the message",
            "se över gruppskripten som nämns i meddelandet",
        ),
    }
}

/// The label of a group's view, `Name (12 seats)`: the report's.
pub use vagval_report::seats_label;

/// The view of the groups' aggregate.
pub fn aggregate_label(lang: Lang) -> String {
    lang.pick(
        "the groups' seat-weighted aggregate (AIJ)",
        "gruppernas mandatviktade sammanvägning (AIJ)",
    )
    .to_string()
}
