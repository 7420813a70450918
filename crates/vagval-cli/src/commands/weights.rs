//! `vagval weights`: the criteria's local and global weights, every
//! group's side by side.

use super::write_document;
use crate::Failure;
use crate::context::Context;
use vagval_report::Format;

pub(crate) fn run(ctx: &Context, format: Format, out: &mut Vec<u8>) -> Result<(), Failure> {
    let lang = ctx.lang;
    // The groups that loaded are shown; a failing script is
    // named after them (exit 1).
    let set = ctx.groups()?;
    let doc = if set.results.is_empty() {
        vagval_report::weights_document(&ctx.evaluation, ctx.view(), lang)
    } else {
        vagval_report::group_weights_document(&ctx.evaluation, ctx.view(), &set.results, lang)
    };
    write_document(out, &doc, format)?;
    set.partial()
}
