//! `vagval sensitivity one-way | thresholds | monte-carlo`, on the
//! workspace, a group or the groups' aggregate.

use super::write_document;
use crate::context::Context;
use crate::{Failure, MaxCrArgs, MonteCarloArgs, Streamed, known_criterion, no_chart, one_way};
use clap::Subcommand;
use std::io::Write;
use vagval_core::Evaluation;
use vagval_report::Format;

#[derive(Subcommand, Debug)]
pub(crate) enum Sensitivity {
    /// Vary one criterion's weight from 0 to 1 (its siblings rescaled in
    /// proportion) and report the exact weights at which the ranking changes.
    OneWay {
        /// The criterion whose weight is varied (at any level).
        #[arg(long)]
        criterion: String,
        /// As this political group weighs the criteria.
        #[arg(long, conflicts_with = "aggregate")]
        group: Option<String>,
        /// The political groups' seat-weighted aggregate (AIJ).
        #[arg(long)]
        aggregate: bool,
        #[command(flatten)]
        max_cr: MaxCrArgs,
    },
    /// Monte Carlo / SMAA-2: rank acceptability indices, central weight
    /// vectors and confidence factors from sampled weights (and data).
    MonteCarlo {
        #[command(flatten)]
        sampling: MonteCarloArgs,
        /// As this political group weighs the criteria.
        #[arg(long, conflicts_with = "aggregate")]
        group: Option<String>,
        /// The political groups' seat-weighted aggregate (AIJ).
        #[arg(long)]
        aggregate: bool,
        #[command(flatten)]
        max_cr: MaxCrArgs,
    },
    /// For each criterion and pair of alternatives, the smallest change of
    /// its weight that reverses the pair (Triantaphyllou & Sánchez 1997),
    /// the critical criteria and the critical performance measure.
    Thresholds {
        /// As this political group weighs the criteria.
        #[arg(long, conflicts_with = "aggregate")]
        group: Option<String>,
        /// The political groups' seat-weighted aggregate (AIJ).
        #[arg(long)]
        aggregate: bool,
        #[command(flatten)]
        max_cr: MaxCrArgs,
    },
}

impl Sensitivity {
    /// Whose view is analysed: `--group`, `--aggregate` and its `--max-cr`.
    pub(crate) fn view(&self) -> (Option<&str>, bool, &MaxCrArgs) {
        match self {
            Sensitivity::OneWay {
                group,
                aggregate,
                max_cr,
                ..
            }
            | Sensitivity::Thresholds {
                group,
                aggregate,
                max_cr,
            }
            | Sensitivity::MonteCarlo {
                group,
                aggregate,
                max_cr,
                ..
            } => (group.as_deref(), *aggregate, max_cr),
        }
    }

    /// The command's name as a user types it.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Sensitivity::OneWay { .. } => "sensitivity one-way",
            Sensitivity::Thresholds { .. } => "sensitivity thresholds",
            Sensitivity::MonteCarlo { .. } => "sensitivity monte-carlo",
        }
    }
}

pub(crate) fn run(
    ctx: &Context,
    analysis: &Sensitivity,
    format: Format,
    out: &mut Vec<u8>,
    streamed: &mut Option<Streamed>,
) -> Result<(), Failure> {
    let lang = ctx.lang;
    let names = ctx.alternative_names();
    let (group, aggregate, max_cr) = analysis.view();
    let scope = ctx.scope(group, aggregate, max_cr.max_cr)?;
    let doc = match analysis {
        Sensitivity::MonteCarlo { sampling, .. } => {
            let result = crate::progress::monte_carlo(ctx, &scope.model, sampling)?;
            vagval_report::smaa_document(&result, scope.label.as_deref(), &names, lang)
        }
        Sensitivity::OneWay { criterion, .. } => {
            known_criterion(&scope.evaluation, criterion, "--criterion")?;
            let sweep = one_way(&scope.evaluation, criterion)?;
            vagval_report::one_way_document(&sweep, scope.label.as_deref(), &names, lang)
        }
        Sensitivity::Thresholds { .. } => {
            if format == Format::Svg {
                return Err(no_chart("sensitivity thresholds").into());
            }
            let thresholds = vagval_core::sensitivity::thresholds::thresholds(&scope.evaluation);
            let criteria = criterion_names(&scope.evaluation);
            if matches!(format, Format::Json | Format::Csv) {
                // JSON and CSV are the complete lists: n·m² entries, written
                // one at a time rather than held in memory, with the groups
                // the aggregate leaves out named as `annotate` names them.
                *streamed = Some(Box::new(move |sink: &mut dyn Write| {
                    vagval_report::write_threshold_lists(
                        sink,
                        &thresholds,
                        scope.label.as_deref(),
                        &criteria,
                        &names,
                        scope.exclusions().as_ref(),
                        format,
                        lang,
                    )
                }));
                return Ok(());
            }
            vagval_report::thresholds_document(
                &thresholds,
                scope.label.as_deref(),
                &criteria,
                &names,
                lang,
            )
        }
    };
    // The groups the aggregate leaves out named, as `groups --max-cr` does.
    write_document(out, &scope.annotate(doc), format)
}

/// (id, name) of every criterion of an evaluation.
fn criterion_names(evaluation: &Evaluation) -> Vec<(String, String)> {
    evaluation
        .criteria
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect()
}
