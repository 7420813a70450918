//! `vagval evaluate`: the ranking of the workspace, a group, the groups'
//! aggregate or every group; with `--set-…`, a what-if.

use super::{write, write_contributions, write_document};
use crate::context::{self, Context};
use crate::{Failure, seats_label, what_if};
use vagval_core::Evaluation;
use vagval_core::group::Aggregation;
use vagval_report::Format;

pub(crate) fn run(
    ctx: &Context,
    request: &what_if::Request,
    all_groups: bool,
    format: Option<Format>,
    out: &mut Vec<u8>,
) -> Result<(), Failure> {
    if !request.set_weight.is_empty()
        || !request.set_judgment.is_empty()
        || !request.set_data.is_empty()
    {
        what_if::run(ctx, request, format, out)
    } else if request.aggregate {
        aggregate(ctx, request.max_cr, format, out)
    } else if let Some(id) = request.group {
        group(ctx, id, format, out)
    } else if all_groups {
        every_group(ctx, request.max_cr, format, out)
    } else {
        let doc = vagval_report::evaluation_document(&ctx.evaluation, ctx.view(), ctx.lang);
        write_document(out, &doc, format)
    }
}

/// `--aggregate`: the groups' seat-weighted aggregate.
fn aggregate(
    ctx: &Context,
    max_cr: Option<f64>,
    format: Option<Format>,
    out: &mut Vec<u8>,
) -> Result<(), Failure> {
    let lang = ctx.lang;
    let scope = ctx.scope(None, true, max_cr)?;
    let label = scope.label.clone().unwrap_or_default();
    match format {
        Some(format) => {
            let mut text = Vec::new();
            write(vagval_report::write_evaluation(
                &mut text,
                &scope.evaluation,
                Some(&label),
                format,
                lang,
            ))?;
            out.extend(scope.annotate(text, format, lang)?);
            Ok(())
        }
        None => {
            let label = context::bounded_label(lang, label, scope.max_cr, &scope.excluded);
            write_contributions(out, lang, &[(label, &scope.evaluation)])
        }
    }
}

/// `--group ID`: as this group weighs the criteria.
fn group(
    ctx: &Context,
    id: &str,
    format: Option<Format>,
    out: &mut Vec<u8>,
) -> Result<(), Failure> {
    let lang = ctx.lang;
    // Only this group's script runs: another's error
    // cannot stop it.
    let group = ctx.group(id)?;
    let evaluation = ctx.evaluate_group(&group)?.result.evaluation;
    let label = seats_label(lang, &group.spec.name, group.spec.seats);
    let doc = vagval_report::evaluation_document(&evaluation, Some(&label), lang);
    write_document(out, &doc, format)
}

/// `--all-groups`: every group's evaluation (and, as a chart, the aggregate's).
fn every_group(
    ctx: &Context,
    max_cr: Option<f64>,
    format: Option<Format>,
    out: &mut Vec<u8>,
) -> Result<(), Failure> {
    let lang = ctx.lang;
    let set = ctx.groups()?;
    // The aggregate panel: AIJ, of the groups within --max-cr.
    let options = vagval_core::group::GroupOptions {
        aggregation: Aggregation::Aij,
        max_cr,
    };
    if set.loaded.is_empty() && set.failed.is_empty() {
        // The same refusal as `groups`: silence would read as
        // "no differences".
        ctx.group_analysis_with(&set, &options)?;
    }
    let results = &set.results;
    match format {
        Some(format) => write(vagval_report::write_group_evaluations(
            out, results, format, lang,
        )),
        None => {
            // Each group's panel, then the seat-weighted
            // aggregate's when it can be formed (every
            // group loaded, AIJ able to combine them).
            let analysis = if set.loaded.is_empty() || !set.failed.is_empty() {
                None
            } else {
                ctx.group_analysis_with(&set, &options).ok()
            };
            let mut views: Vec<(String, &Evaluation)> = results
                .iter()
                .map(|g| (seats_label(lang, &g.name, g.seats), &g.evaluation))
                .collect();
            if let Some(aggregate) = analysis
                .as_ref()
                .and_then(|a| a.aggregate.evaluation.as_ref())
            {
                let excluded = analysis.as_ref().map_or(&[][..], |a| a.excluded.as_slice());
                views.push((
                    context::bounded_label(
                        lang,
                        lang.pick("Aggregate (AIJ)", "Sammanvägt (AIJ)").to_string(),
                        max_cr,
                        excluded,
                    ),
                    aggregate,
                ));
            }
            write_contributions(out, lang, &views)
        }
    }?;
    set.partial()
}
