//! `vagval evaluate`: the ranking of the workspace, a group, the groups'
//! aggregate or every group; with `--set-…`, a what-if.

use super::write_document;
use crate::context::{self, Context};
use crate::{Failure, seats_label, what_if};
use vagval_core::group::Aggregation;
use vagval_report::Format;

pub(crate) fn run(
    ctx: &Context,
    request: &what_if::Request,
    all_groups: bool,
    format: Format,
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

/// `--aggregate`: the groups' seat-weighted aggregate, with the groups a
/// CR bound leaves out named (and, in its chart's label, the bound).
fn aggregate(
    ctx: &Context,
    max_cr: Option<f64>,
    format: Format,
    out: &mut Vec<u8>,
) -> Result<(), Failure> {
    let lang = ctx.lang;
    let scope = ctx.scope(None, true, max_cr)?;
    let label = scope.label.clone().unwrap_or_default();
    let chart_label = context::bounded_label(lang, label.clone(), scope.max_cr, &scope.excluded);
    let doc = vagval_report::aggregate_document(
        &scope.evaluation,
        &label,
        chart_label,
        scope.exclusions().as_ref(),
        lang,
    );
    write_document(out, &doc, format)
}

/// `--group ID`: as this group weighs the criteria.
fn group(ctx: &Context, id: &str, format: Format, out: &mut Vec<u8>) -> Result<(), Failure> {
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
    format: Format,
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
    // The chart's aggregate panel, when it can be formed (every group
    // loaded, AIJ able to combine them).
    let analysis = if set.loaded.is_empty() || !set.failed.is_empty() {
        None
    } else {
        ctx.group_analysis_with(&set, &options).ok()
    };
    let aggregate = analysis.as_ref().and_then(|a| {
        let label = lang.pick("Aggregate (AIJ)", "Sammanvägt (AIJ)").to_string();
        let evaluation = a.aggregate.evaluation.as_ref()?;
        Some((
            context::bounded_label(lang, label, max_cr, &a.excluded),
            evaluation,
        ))
    });
    let doc = vagval_report::group_evaluations_document(&set.results, aggregate, lang);
    write_document(out, &doc, format)?;
    set.partial()
}
