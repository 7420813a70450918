//! `vagval groups`: every group's ranking beside the aggregate.

use super::write_document;
use crate::context::Context;
use crate::{AggregateArgs, Failure};
use vagval_report::Format;

pub(crate) fn run(
    ctx: &Context,
    aggregate: &AggregateArgs,
    format: Format,
    out: &mut Vec<u8>,
) -> Result<(), Failure> {
    let options = aggregate.options();
    let analysis = ctx.group_analysis_with(&ctx.groups()?, &options)?;
    let doc = vagval_report::groups_document(&analysis, ctx.lang);
    write_document(out, &doc, format)
}
