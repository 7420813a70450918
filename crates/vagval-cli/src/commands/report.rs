//! `vagval report --out FILE.html`: the workshop report (computed and
//! rendered by crate::report).

use crate::context::Context;
use crate::no_chart;
use crate::{AggregateArgs, Failure, MonteCarloArgs};
use std::io::Write;
use std::path::Path;
use vagval_report::Format;

#[allow(clippy::too_many_arguments)]
pub(crate) fn run(
    ctx: &Context,
    root: &Path,
    cwd: &Path,
    target: &Path,
    aggregate: &AggregateArgs,
    sampling: &MonteCarloArgs,
    format: Format,
    out: &mut Vec<u8>,
) -> Result<(), Failure> {
    let lang = ctx.lang;
    if format == Format::Svg {
        return Err(no_chart("report").into());
    }
    if target.as_os_str() == "-" {
        out.extend(crate::report::render(ctx, sampling, aggregate)?.0);
        return Ok(());
    }
    // A report with gaps is still written (exit 0); the
    // line says so and the page's top says what is missing.
    let written = crate::report::write(ctx, root, &cwd.join(target), sampling, aggregate)?;
    let note = if written.gaps == 0 {
        ""
    } else {
        lang.pick(
            " (incomplete: its top says what is missing and why)",
            " (ofullständig: början säger vad som saknas och varför)",
        )
    };
    writeln!(
        out,
        "{} {}{note}",
        lang.pick("wrote", "skrev"),
        written.path.display()
    )
    .map_err(Failure::Output)
}
