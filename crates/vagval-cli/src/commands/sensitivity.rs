//! `vagval sensitivity one-way | thresholds | monte-carlo`, on the
//! workspace, a group or the groups' aggregate.

use super::{write, write_document};
use crate::context::Context;
use crate::{Failure, Sensitivity, Streamed, known_criterion, no_chart, one_way};
use std::io::Write;
use vagval_core::Evaluation;
use vagval_report::Format;

pub(crate) fn run(
    ctx: &Context,
    analysis: &Sensitivity,
    format: Option<Format>,
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
    // The output, with the groups the aggregate leaves out
    // named (as `groups --max-cr` names them).
    let mut text = Vec::new();
    let out_all = out;
    let out = &mut text;
    let written = match analysis {
        Sensitivity::MonteCarlo { sampling, .. } => {
            let result = crate::progress::monte_carlo(ctx, &scope.model, sampling)?;
            let doc = vagval_report::smaa_document(&result, scope.label.as_deref(), &names, lang);
            write_document(out, &doc, format)
        }
        Sensitivity::OneWay { criterion, .. } => {
            known_criterion(&scope.evaluation, criterion, "--criterion")?;
            let sweep = one_way(&scope.evaluation, criterion)?;
            let doc = vagval_report::one_way_document(&sweep, scope.label.as_deref(), &names, lang);
            write_document(out, &doc, format)
        }
        Sensitivity::Thresholds { .. } => {
            let Some(format) = format else {
                return Err(no_chart("sensitivity thresholds").into());
            };
            let thresholds = vagval_core::sensitivity::thresholds::thresholds(&scope.evaluation);
            let criteria = criterion_names(&scope.evaluation);
            if !matches!(format, Format::Json | Format::Csv) {
                let doc = vagval_report::thresholds_document(
                    &thresholds,
                    scope.label.as_deref(),
                    &criteria,
                    &names,
                    lang,
                );
                write_document(out, &doc, Some(format))
            } else {
                // JSON and CSV are the complete lists: n·m² entries, written
                // one at a time rather than held in memory. (Under --max-cr the
                // output is held, so the groups left out can be named in it.)
                let label = scope.label.clone();
                let lists = move |sink: &mut dyn Write| {
                    vagval_report::write_threshold_lists(
                        sink,
                        &thresholds,
                        label.as_deref(),
                        &criteria,
                        &names,
                        format,
                        lang,
                    )
                };
                if max_cr.max_cr.is_none() {
                    *streamed = Some(Box::new(lists));
                    Ok(())
                } else {
                    write(lists(out))
                }
            }
        }
    };
    written?;
    match format {
        Some(format) => out_all.extend(scope.annotate(text, format, lang)?),
        None => out_all.extend(text),
    }
    Ok(())
}

/// (id, name) of every criterion of an evaluation.
fn criterion_names(evaluation: &Evaluation) -> Vec<(String, String)> {
    evaluation
        .criteria
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect()
}
