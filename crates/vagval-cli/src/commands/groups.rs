//! `vagval groups`: every group's ranking beside the aggregate.

use super::{write, write_svg};
use crate::context::Context;
use crate::{AggregateArgs, Failure};
use vagval_core::Evaluation;
use vagval_report::{Format, figures};

pub(crate) fn run(
    ctx: &Context,
    aggregate: &AggregateArgs,
    format: Option<Format>,
    out: &mut Vec<u8>,
) -> Result<(), Failure> {
    let lang = ctx.lang;
    let options = aggregate.options();
    let analysis = ctx.group_analysis_with(&ctx.groups()?, &options)?;
    match format {
        Some(format) => write(vagval_report::write_groups(out, &analysis, format, lang)),
        None => {
            let mut views: Vec<(String, &Evaluation)> = analysis
                .groups
                .iter()
                .map(|g| (g.name.clone(), &g.evaluation))
                .collect();
            if let Some(aggregate) = &analysis.aggregate.evaluation {
                views.push((
                    format!(
                        "{} ({})",
                        lang.pick("Aggregate", "Sammanvägt"),
                        analysis.aggregation.name().to_uppercase()
                    ),
                    aggregate,
                ));
            }
            write_svg(
                out,
                vagval_report::chart::heat_map(&figures::heat_map_figure(lang, &views), lang),
            )
        }
    }
}
