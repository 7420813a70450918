//! `vagval sensitivity one-way | thresholds | monte-carlo`, on the
//! workspace, a group or the groups' aggregate.

use super::write_document;
use crate::context::Context;
use crate::{Failure, Sensitivity, Streamed, known_criterion, no_chart, one_way};
use std::io::Write;
use vagval_core::Evaluation;
use vagval_report::Format;

pub(crate) fn run(
    ctx: &Context,
    analysis: &Sensitivity,
    format: Format,
    out: &mut Vec<u8>,
    streamed: &mut Option<Streamed>,
) -> Result<(), Failure> {
    let lang = ctx.lang;
    let names = ctx.alternative_names();
    let (group, aggregate, max_cr) = match analysis {
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
    };
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
