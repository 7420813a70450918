//! What every workspace command starts from: the loaded workspace, its model,
//! the settings and the evaluation, with the steps several commands share
//! (loading and evaluating the political groups, their aggregate, the view a
//! sensitivity analysis starts from, a Monte Carlo run).

use crate::diagnostic::Diagnostic;
use crate::error_sv::core_error_sv;
use crate::load::Workspace;
use crate::{Failure, MonteCarloArgs, groups, progress};
use vagval_core::Evaluation;
use vagval_core::group::{Aggregation, GroupAnalysis, GroupResult};
use vagval_core::model::Model;
use vagval_core::sensitivity::smaa::SmaaResult;
use vagval_core::settings::Settings;
use vagval_report::Lang;

pub(crate) struct Context<'w> {
    pub workspace: &'w Workspace,
    pub model: Model,
    pub settings: Settings,
    pub evaluation: Evaluation,
    pub lang: Lang,
}

/// The evaluation a sensitivity analysis starts from: a group's, the groups'
/// aggregate, or the workspace's own, with the model behind it and its label.
pub(crate) struct Scope {
    pub model: Model,
    pub evaluation: Evaluation,
    pub label: Option<String>,
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
        })
    }

    /// The label of the workspace's own weights (`[weights] view`).
    pub fn view(&self) -> Option<&str> {
        self.workspace.view.as_deref()
    }

    /// The view's label, or "workspace weights" in the language.
    pub fn view_name(&self) -> String {
        self.view()
            .unwrap_or(self.lang.pick("workspace weights", "arbetsytans vikter"))
            .to_string()
    }

    /// (id, name) of every alternative.
    pub fn alternative_names(&self) -> Vec<(String, String)> {
        self.model
            .alternatives()
            .iter()
            .map(|a| (a.id.clone(), a.name.clone()))
            .collect()
    }

    pub fn load_groups(&self) -> Result<Vec<groups::LoadedGroup>, Failure> {
        Ok(groups::load(
            &self.workspace.root,
            &self.model,
            self.workspace.limits,
        )?)
    }

    pub fn evaluate_groups(
        &self,
        loaded: &[groups::LoadedGroup],
    ) -> Result<Vec<GroupResult>, Failure> {
        let mut results = Vec::with_capacity(loaded.len());
        for group in loaded {
            let group_model = self
                .model
                .for_group(&group.spec)
                .map_err(|e| crate::group_error(group, &e))?;
            let evaluation = vagval_core::evaluate(&group_model, &self.settings)
                .map_err(|e| crate::group_error(group, &e))?;
            results.push(GroupResult {
                id: group.spec.id.clone(),
                name: group.spec.name.clone(),
                seats: group.spec.seats,
                evaluation,
            });
        }
        Ok(results)
    }

    /// The groups' aggregate and consensus; an error without groups.
    pub fn group_analysis(
        &self,
        loaded: &[groups::LoadedGroup],
        aggregation: Aggregation,
    ) -> Result<GroupAnalysis, Failure> {
        let options = vagval_core::group::GroupOptions {
            aggregation,
            max_cr: None,
        };
        self.group_analysis_with(loaded, &options)
    }

    /// The groups' analysis with `options` (aggregation, CR bound).
    pub fn group_analysis_with(
        &self,
        loaded: &[groups::LoadedGroup],
        options: &vagval_core::group::GroupOptions,
    ) -> Result<GroupAnalysis, Failure> {
        if loaded.is_empty() {
            return Err(Diagnostic::new("this workspace has no political groups")
                .sv("arbetsytan har inga politiska grupper")
                .hint(format!(
                    "add a script per group in {}/ (see docs/lua-api.md), or run `vagval survey --group ID`",
                    groups::GROUPS_DIR
                ))
                .hint_sv(format!(
                    "lägg ett skript per grupp i {}/ (se docs/lua-api.md), eller kör `vagval survey --group ID`",
                    groups::GROUPS_DIR
                ))
                .into());
        }
        let specs: Vec<_> = loaded.iter().map(|g| g.spec.clone()).collect();
        Ok(
            vagval_core::group::analyze_groups_with(&self.model, &specs, &self.settings, options)
                .map_err(|e| group_failure(loaded, &e))?,
        )
    }

    /// The view of `--group G`, `--aggregate`, or the workspace's own.
    pub fn scope(&self, group: Option<&str>, aggregate: bool) -> Result<Scope, Failure> {
        if let Some(id) = group {
            let loaded = self.load_groups()?;
            let group = crate::find_group(&loaded, id)?;
            let model = self
                .model
                .for_group(&group.spec)
                .map_err(|e| crate::group_error(group, &e))?;
            let evaluation = vagval_core::evaluate(&model, &self.settings)
                .map_err(|e| crate::group_error(group, &e))?;
            return Ok(Scope {
                model,
                evaluation,
                label: Some(crate::seats_label(
                    self.lang,
                    &group.spec.name,
                    group.spec.seats,
                )),
            });
        }
        if aggregate {
            return self.aggregate_scope(&self.load_groups()?);
        }
        Ok(Scope {
            model: self.model.clone(),
            evaluation: self.evaluation.clone(),
            label: self.workspace.view.clone(),
        })
    }

    /// The groups' seat-weighted aggregate (AIJ) as a scope, from groups
    /// already loaded (their scripts are not run again).
    pub fn aggregate_scope(&self, loaded: &[groups::LoadedGroup]) -> Result<Scope, Failure> {
        if loaded.is_empty() {
            return Err(
                Diagnostic::new("this workspace has no political groups to aggregate")
                    .sv("arbetsytan har inga politiska grupper att väga samman")
                    .hint("leave out --aggregate to use the workspace's own weights")
                    .hint_sv("utelämna --aggregate för att använda arbetsytans egna vikter")
                    .into(),
            );
        }
        let specs: Vec<_> = loaded.iter().map(|g| g.spec.clone()).collect();
        let model = vagval_core::group::aij_model(&self.model, &specs, &self.settings)
            .map_err(|e| group_failure(loaded, &e))?;
        let evaluation = vagval_core::evaluate(&model, &self.settings)
            .map_err(|e| Diagnostic::new(e.to_string()).sv(core_error_sv(&e)))?;
        Ok(Scope {
            model,
            evaluation,
            label: Some(crate::aggregate_label(self.lang)),
        })
    }

    /// SMAA-2 over `model`, scripted criteria's scripts run per sample (one
    /// Lua state per worker and block), with a progress bar on a terminal.
    pub fn monte_carlo(
        &self,
        model: &Model,
        sampling: &MonteCarloArgs,
    ) -> Result<SmaaResult, Failure> {
        let options = sampling.options();
        let scorers = |criterion: &str| self.workspace.scorer(criterion);
        let result =
            progress::run_with_progress(self.lang, sampling.samples, sampling.threads, |report| {
                vagval_core::sensitivity::smaa::smaa_with_scorers(
                    model,
                    &self.settings,
                    &options,
                    report,
                    &scorers,
                )
            })?
            .map_err(|e| {
                Diagnostic::new(e.to_string())
                    .sv(core_error_sv(&e))
                    .hint("see `vagval sensitivity monte-carlo --help`")
                    .hint_sv("se `vagval sensitivity monte-carlo --help`")
            })?;
        Ok(result)
    }
}

/// An error of the groups' aggregation, pointing at the script of the
/// group it names (when it names one).
fn group_failure(loaded: &[groups::LoadedGroup], error: &vagval_core::Error) -> Diagnostic {
    let diagnostic = Diagnostic::new(error.to_string()).sv(core_error_sv(error));
    let script = match error {
        vagval_core::Error::GroupTarget { group, .. } => {
            loaded.iter().find(|g| g.spec.id == *group).map(|g| &g.path)
        }
        _ => None,
    };
    match script {
        Some(path) => diagnostic
            .in_file(path)
            .hint("the group's weights come from this script (see docs/lua-api.md)")
            .hint_sv("gruppens vikter kommer från detta skript (se docs/lua-api.md)"),
        None => diagnostic
            .hint("check the group scripts named in the message")
            .hint_sv("se över gruppskripten som nämns i meddelandet"),
    }
}
