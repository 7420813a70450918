//! `vagval check`: every matrix's consistency and warnings, the group
//! scripts' too.

use super::{write, write_svg};
use crate::Failure;
use crate::context::Context;
use std::path::Path;
use vagval_report::{Format, figures};

pub(crate) fn run(
    ctx: &Context,
    root: &Path,
    format: Option<Format>,
    out: &mut Vec<u8>,
) -> Result<(), Failure> {
    let lang = ctx.lang;
    // Group scripts are checked too: each runs and must fit
    // the model, and the matrices it judged are listed.
    // A failing script is named (all of them, after the
    // check of everything else), exit 1.
    let set = ctx.groups()?;
    let results = &set.results;
    match format {
        Some(format) => write(vagval_report::write_check(
            out,
            &ctx.evaluation,
            results,
            &root.display().to_string(),
            format,
            lang,
        )),
        None => write_svg(
            out,
            vagval_report::chart::consistency(
                &figures::consistency_figure(lang, &ctx.evaluation, results),
                lang,
            ),
        ),
    }?;
    set.partial()
}
