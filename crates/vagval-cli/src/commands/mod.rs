//! The commands: their clap definition (`Command`), the usage rules checked
//! before any file is read, and `execute`, a line of dispatch per command;
//! one module per command, each with a `run` that computes the command's
//! result and writes it in the format asked for. A new command is a module
//! here, its variant and its dispatch line.

pub(crate) mod check;
pub(crate) mod evaluate;
pub(crate) mod groups;
pub(crate) mod matrix;
pub(crate) mod report;
pub(crate) mod sensitivity;
pub(crate) mod serve;
pub(crate) mod survey;
pub(crate) mod weights;

use crate::context::Context;
use crate::{
    AggregateArgs, Cli, Failure, MaxCrArgs, MonteCarloArgs, Streamed, what_if, workspace_root,
};
use clap::Subcommand;
use sensitivity::Sensitivity;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use vagval_report::{Document, Format, Lang};
use vagval_workspace::{Workspace, load};

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Validate the workspace and list every matrix's consistency and warnings.
    Check,
    /// Rank the alternatives: scores, criteria weights, contributions.
    Evaluate {
        /// As this political group weighs the criteria (its script's file name).
        #[arg(long, value_name = "GROUP")]
        group: Option<String>,
        /// Every political group's evaluation, one after another.
        #[arg(long, conflicts_with = "group")]
        all_groups: bool,
        /// What if CRITERION had local weight W (0–1) among its siblings
        /// (they keep their ratios)? Shows the new ranking beside the current
        /// one; no file is changed. Repeatable.
        #[arg(long, value_name = "CRITERION=W", conflicts_with = "all_groups")]
        set_weight: Vec<String>,
        /// What if a judgment were VALUE: WHERE:FIRST,SECOND=VALUE, WHERE
        /// being `goal`, a criterion with sub-criteria, or a leaf (then
        /// FIRST and SECOND are alternatives). Repeatable.
        #[arg(long, value_name = "WHERE:A,B=VALUE", conflicts_with = "all_groups")]
        set_judgment: Vec<String>,
        /// What if an alternative's value on a data criterion were VALUE:
        /// CRITERION:ALTERNATIVE=VALUE, VALUE as in the workspace's data (a
        /// number, "9 000", 2,5, a range 8500-16500), optionally with a unit
        /// (tkr, kr, Mkr are converted). CRITERION.INPUT:ALTERNATIVE=VALUE
        /// sets an input of a scripted criterion. Repeatable.
        #[arg(
            long,
            value_name = "CRITERION:ALTERNATIVE=VALUE",
            conflicts_with = "all_groups"
        )]
        set_data: Vec<String>,
        /// The political groups' seat-weighted aggregate (AIJ), with or
        /// without what-if changes.
        #[arg(long, conflicts_with_all = ["group", "all_groups"])]
        aggregate: bool,
        #[command(flatten)]
        max_cr: MaxCrArgs,
    },
    /// How robust the ranking is: what change of weight would alter it.
    Sensitivity {
        #[command(subcommand)]
        analysis: Sensitivity,
    },
    /// The criteria's local and global weights with CR (every group's side by side).
    Weights,
    /// Every political group's ranking beside the seat-weighted aggregate,
    /// the consensus, and the criteria on which the groups differ most.
    Groups {
        #[command(flatten)]
        aggregate: AggregateArgs,
    },
    /// A political group enters its judgments in the terminal, one pair at a
    /// time; writes scripts/groups/GROUP.lua (keeping a copy of an old one).
    Survey {
        /// The group's id: the script's file name.
        #[arg(long)]
        group: String,
        /// The group's name (asked if not given).
        #[arg(long)]
        name: Option<String>,
        /// The group's seats, a whole number (asked if not given).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
        seats: Option<u32>,
    },
    /// The live workshop: a local web server where every participant answers
    /// on a phone through a personal link, the facilitator reveals the
    /// results, and every answer is stored before it is acknowledged.
    Serve {
        /// The port on 127.0.0.1 (0 picks a free one).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Also listen on this address of the room's network (the phones'
        /// way in), e.g. 192.168.1.10. Without it only this computer can connect.
        #[arg(long, value_name = "ADDR")]
        lan: Option<std::net::IpAddr>,
        /// Participants per group when the session is created: N for every
        /// group, or GROUP=N (repeatable).
        #[arg(long, value_name = "N|GROUP=N")]
        members: Vec<String>,
        /// Leave a participant out of their group's judgments when their CR
        /// is above this bound (they are named; 0.1 is Saaty's).
        #[arg(long, value_name = "CR")]
        member_max_cr: Option<f64>,
        /// Also ask each group to compare the alternatives on every criterion
        /// the analysts assessed in pairs (the group's own assessment).
        #[arg(long)]
        alternatives: bool,
        /// Delete the session's personal data (the participants' links and
        /// answers) and stop; refused while a server runs.
        #[arg(long)]
        purge: bool,
    },
    /// The workshop report: one self-contained HTML page with the decision,
    /// the criteria and their reasons, every group's weights and ranking, the
    /// aggregate and consensus, consistency and sensitivity, with charts.
    Report {
        /// The HTML file to write (replaced atomically), or `-` for stdout.
        #[arg(long, value_name = "FILE.html")]
        out: PathBuf,
        #[command(flatten)]
        aggregate: AggregateArgs,
        #[command(flatten)]
        sampling: MonteCarloArgs,
    },
    /// Analyse one pairwise matrix from FILE, or from stdin with `-`.
    Matrix {
        /// JSON {"items": [...], "matrix": [[...]]} (null = not compared) or a plain table.
        file: PathBuf,
    },
}

impl Command {
    /// Mistakes of the command line, refused before any file is read:
    /// `--samples` out of range, and `--max-cr` where no aggregate is used
    /// (it bounds the groups' aggregate).
    fn check_usage(&self) -> Result<(), Failure> {
        match self {
            Command::Report { sampling, .. } => sampling.check(),
            Command::Evaluate {
                aggregate,
                all_groups,
                max_cr,
                ..
            } => max_cr.only_with_aggregate(*aggregate || *all_groups, "evaluate"),
            Command::Sensitivity { analysis } => {
                if let Sensitivity::MonteCarlo { sampling, .. } = analysis {
                    sampling.check()?;
                }
                let (_, aggregate, max_cr) = analysis.view();
                max_cr.only_with_aggregate(aggregate, analysis.name())
            }
            _ => Ok(()),
        }
    }
}

/// Runs a command other than the survey (see commands/), its result to
/// `out` or, when too large to hold, to `streamed`.
pub(crate) fn execute(
    cli: &Cli,
    lang: Lang,
    cwd: &Path,
    stdin: &mut dyn Read,
    out: &mut Vec<u8>,
    streamed: &mut Option<Streamed>,
) -> Result<(), Failure> {
    let format = cli.format;
    cli.command.check_usage()?;
    if let Command::Matrix { file } = &cli.command {
        let settings = cli.settings(&load::Defaults::default());
        return matrix::run(file, settings, format, lang, cwd, stdin, out);
    }
    let root = workspace_root(cli, cwd)?;
    let workspace = Workspace::load(&root)?;
    let ctx = Context::new(&workspace, cli.settings(&workspace.defaults), lang)?;
    match &cli.command {
        Command::Check => check::run(&ctx, &root, format, out),
        Command::Evaluate {
            group,
            all_groups,
            set_weight,
            set_judgment,
            set_data,
            aggregate,
            max_cr,
        } => {
            let request = what_if::Request {
                group: group.as_deref(),
                aggregate: *aggregate,
                max_cr: max_cr.max_cr,
                set_weight,
                set_judgment,
                set_data,
            };
            evaluate::run(&ctx, &request, *all_groups, format, out)
        }
        Command::Weights => weights::run(&ctx, format, out),
        Command::Groups { aggregate } => groups::run(&ctx, aggregate, format, out),
        Command::Sensitivity { analysis } => {
            sensitivity::run(&ctx, analysis, format, out, streamed)
        }
        Command::Report {
            out: target,
            aggregate,
            sampling,
        } => report::run(&ctx, &root, cwd, target, aggregate, sampling, format, out),
        Command::Matrix { .. } | Command::Survey { .. } | Command::Serve { .. } => Ok(()),
    }
}

/// A report's write, its failure an output failure.
fn write(r: io::Result<()>) -> Result<(), Failure> {
    r.map_err(Failure::Output)
}

/// A command's document in the format asked for, its tables fit to the
/// terminal standard output is (100 columns for a pipe or file).
pub(crate) fn write_document(
    out: &mut Vec<u8>,
    doc: &Document,
    format: Format,
) -> Result<(), Failure> {
    let options = vagval_report::RenderOptions::for_terminal(crate::terminal_width());
    write(vagval_report::write_document_with(
        out, doc, format, &options,
    ))
}
