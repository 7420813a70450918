//! `vagval weights`: the criteria's local and global weights, every
//! group's side by side.

use super::{write, write_document, write_svg};
use crate::Failure;
use crate::context::Context;
use vagval_report::{Format, figures};

pub(crate) fn run(ctx: &Context, format: Option<Format>, out: &mut Vec<u8>) -> Result<(), Failure> {
    let lang = ctx.lang;
    // The groups that loaded are shown; a failing script is
    // named after them (exit 1).
    let set = ctx.groups()?;
    let results = &set.results;
    match format {
        _ if results.is_empty() => write_document(
            out,
            &vagval_report::weights_document(&ctx.evaluation, ctx.view(), lang),
            format,
        ),
        Some(format) => write(vagval_report::write_group_weights(
            out,
            &ctx.evaluation,
            ctx.view(),
            results,
            format,
            lang,
        )),
        None => {
            let views = figures::group_views(lang, &ctx.evaluation, ctx.view(), results);
            write_svg(
                out,
                vagval_report::chart::grouped_bars(&figures::weights_figure(lang, &views), lang),
            )
        }
    }?;
    set.partial()
}
