//! `vagval check`: every matrix's consistency and warnings, the group
//! scripts' too.

use super::write_document;
use crate::Failure;
use crate::context::Context;
use std::path::Path;
use vagval_report::Format;

pub(crate) fn run(
    ctx: &Context,
    root: &Path,
    format: Format,
    out: &mut Vec<u8>,
) -> Result<(), Failure> {
    // Group scripts are checked too: each runs and must fit
    // the model, and the matrices it judged are listed.
    // A failing script is named (all of them, after the
    // check of everything else), exit 1.
    let set = ctx.groups()?;
    let doc = vagval_report::check_document(
        &ctx.evaluation,
        &set.results,
        &root.display().to_string(),
        ctx.lang,
    );
    write_document(out, &doc, format)?;
    set.partial()
}
