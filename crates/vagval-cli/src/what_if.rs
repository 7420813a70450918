//! `vagval evaluate --set-weight/--set-judgment/--set-data`: the what-if
//! vagval-workspace computes (its what_if.rs: the changes parsed, applied
//! and evaluated) written beside the current result in the format asked for.

use crate::context::Context;
use crate::{Failure, no_chart};
use std::io::Write;
use vagval_report::Format;
use vagval_workspace::what_if::WhatIf;

pub(crate) use vagval_workspace::what_if::Request;

/// Runs the what-if and writes its report.
pub(crate) fn run(
    ctx: &Context<'_>,
    request: &Request<'_>,
    format: Option<Format>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let lang = ctx.lang;
    let Some(format) = format else {
        return Err(no_chart("evaluate --set-weight/--set-judgment/--set-data").into());
    };
    let WhatIf {
        scope,
        changed,
        texts,
    } = vagval_workspace::what_if::what_if(ctx, request)?;
    let mut text = Vec::new();
    vagval_report::write_what_if(
        &mut text,
        &scope.evaluation,
        &changed,
        &texts,
        scope.label.as_deref(),
        format,
        lang,
    )
    .map_err(Failure::Output)?;
    // The groups the aggregate leaves out named, as `groups --max-cr` does.
    out.write_all(&scope.annotate(text, format, lang)?)
        .map_err(Failure::Output)
}
