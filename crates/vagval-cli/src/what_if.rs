//! `vagval evaluate --set-weight/--set-judgment/--set-data`: the what-if
//! vagval-workspace computes (its what_if.rs: the changes parsed, applied
//! and evaluated) written beside the current result in the format asked for.

use crate::commands::write_document;
use crate::context::Context;
use crate::{Failure, no_chart};
use vagval_report::Format;
use vagval_workspace::what_if::WhatIf;

pub(crate) use vagval_workspace::what_if::Request;

/// Runs the what-if and writes its report, with the groups the aggregate
/// leaves out named (as `groups --max-cr` names them).
pub(crate) fn run(
    ctx: &Context<'_>,
    request: &Request<'_>,
    format: Format,
    out: &mut Vec<u8>,
) -> Result<(), Failure> {
    if format == Format::Svg {
        return Err(no_chart("evaluate --set-weight/--set-judgment/--set-data").into());
    }
    let WhatIf {
        scope,
        changed,
        texts,
    } = vagval_workspace::what_if::what_if(ctx, request)?;
    let doc = vagval_report::what_if_document(
        &scope.evaluation,
        &changed,
        &texts,
        scope.label.as_deref(),
        ctx.lang,
    );
    write_document(out, &scope.annotate(doc), format)
}
