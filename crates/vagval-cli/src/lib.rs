//! The `vagval` command, as a library so that tests can run it in-process:
//! `run` takes the arguments and the three standard streams and returns the
//! exit code. Thin by design: parsing arguments, reading files, rendering
//! errors; the mathematics is in vagval-core, the output in vagval-report.

mod commands;
mod progress;
mod report;
pub mod survey;
mod usage_error;
mod what_if;

use clap::{Args, Parser};
use commands::Command;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use vagval_core::completion::CompletionMethod;
use vagval_core::consistency::RandomIndex;
use vagval_core::group::Aggregation;
use vagval_core::priority::PriorityMethod;
use vagval_core::quantity::RangePoint;
use vagval_core::sensitivity::smaa::{DataSampling, WeightDraw};
use vagval_core::settings::{Settings, SynthesisMode};
use vagval_core::{Choice, Evaluation};
use vagval_report::{Format, Lang};
use vagval_workspace::diagnostic::Diagnostic;
use vagval_workspace::load;

// Front-end-neutral parts, in vagval-workspace (paths kept as before).
use vagval_workspace::Failure;
use vagval_workspace::context::{self, Context, seats_label};
use vagval_workspace::matrix_input;
use vagval_workspace::what_if::known_criterion;

/// Exit code: success.
pub const EXIT_OK: i32 = 0;
/// Exit code: the input (a workspace, a matrix file) is invalid or unreadable.
pub const EXIT_INVALID: i32 = 1;
/// Exit code: the command line itself is wrong.
pub const EXIT_USAGE: i32 = 2;
/// Stopped by Ctrl-C (128 + SIGINT, as shells report it).
pub const EXIT_CANCELLED: i32 = 130;

const AFTER_HELP: &str = "\
Exit codes:
  0  success
  1  invalid input: a workspace or matrix file is wrong or unreadable (the error says where)
     (failing group scripts: weights, check and evaluate --all-groups print the
     other groups first; report writes what it can, exit 0, and says what is missing)
  2  usage: the command line is wrong

The workspace is the nearest folder at or above the current one that holds a
vagval.toml (as cargo finds Cargo.toml), or the folder given with --workspace.
Settings: command-line flags override the workspace's [defaults], which
override the built-in defaults (eigenvector, saaty1980, distributive, harker,
middle).";

#[derive(Parser, Debug)]
#[command(name = "vagval", version, about = "Multi-criteria decision analysis (AHP) for decision workspaces", after_help = AFTER_HELP)]
struct Cli {
    /// The decision workspace (a folder with vagval.toml and criteria/).
    #[arg(long, global = true, value_name = "DIR")]
    workspace: Option<PathBuf>,
    /// Output format.
    #[arg(long, global = true, value_parser = format_choice(), default_value = "table")]
    format: Format,
    /// The language of vagval's own words, tables and numbers: `sv` (decimal
    /// comma; CSV separated by `;`) or `en`. Default: from LC_ALL,
    /// LC_MESSAGES or LANG, else English.
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    lang: Option<Lang>,
    /// How priorities are derived from pairwise matrices.
    #[arg(long, global = true, value_parser = choice::<PriorityMethod>())]
    method: Option<PriorityMethod>,
    /// The random index table for CR = CI / RI.
    #[arg(long, global = true, value_parser = choice::<RandomIndex>())]
    ri: Option<RandomIndex>,
    /// Synthesis mode.
    #[arg(long, global = true, value_parser = choice::<SynthesisMode>())]
    mode: Option<SynthesisMode>,
    /// How gaps in incomplete matrices are filled.
    #[arg(long, global = true, value_parser = choice::<CompletionMethod>())]
    completion: Option<CompletionMethod>,
    /// Where ranged data (e.g. 8500–16500 tkr) is evaluated.
    #[arg(long = "at", global = true, value_name = "POINT", value_parser = choice::<RangePoint>())]
    range_point: Option<RangePoint>,
    #[command(subcommand)]
    command: commands::Command,
}

/// Which groups enter the groups' aggregate: one flag for every command
/// that uses it (`groups`, `report`, `evaluate --aggregate` and its
/// what-if, the aggregate panel of `evaluate --all-groups --format svg`,
/// `sensitivity … --aggregate`).
#[derive(Args, Debug, Clone, Copy)]
struct MaxCrArgs {
    /// Leave out of the groups' aggregate every group whose own judgments
    /// have a CR above this bound (e.g. 0.1); the groups left out are named.
    /// For the aggregate only: with `evaluate` and `sensitivity`, give
    /// --aggregate (or `evaluate --all-groups`).
    #[arg(long, value_name = "CR", value_parser = parse_max_cr)]
    max_cr: Option<f64>,
}

impl MaxCrArgs {
    /// `--max-cr` where no aggregate is used: a usage error (exit 2), not
    /// a bound silently ignored.
    fn only_with_aggregate(&self, uses_aggregate: bool, command: &str) -> Result<(), Failure> {
        if self.max_cr.is_none() || uses_aggregate {
            return Ok(());
        }
        Err(Failure::Usage(
            Diagnostic::new(format!(
                "`{command} --max-cr` bounds the groups' aggregate, and this run does not use it"
            ), format!(
                "`{command} --max-cr` begränsar gruppernas sammanvägning, och den används inte här"
            ))
            .hint("add --aggregate, or leave out --max-cr", "lägg till --aggregate, eller utelämna --max-cr"),
        ))
    }
}

/// How the groups' aggregate is formed (`groups`, `report`).
#[derive(Args, Debug, Clone, Copy)]
struct AggregateArgs {
    /// How groups are combined: aij (seat-weighted geometric mean of
    /// judgments), aip (seat-weighted mean of priorities) or
    /// aip-geometric (seat-weighted geometric mean of priorities,
    /// normalised).
    #[arg(long, default_value = "aij", value_parser = choice::<Aggregation>())]
    aggregation: Aggregation,
    #[command(flatten)]
    max_cr: MaxCrArgs,
}

impl AggregateArgs {
    fn options(&self) -> vagval_core::group::GroupOptions {
        vagval_core::group::GroupOptions {
            aggregation: self.aggregation,
            max_cr: self.max_cr.max_cr,
        }
    }
}

/// How a Monte Carlo analysis samples (`sensitivity monte-carlo`, `report`).
#[derive(Args, Debug, Clone)]
struct MonteCarloArgs {
    /// Number of samples, from 1 to 1000000000.
    #[arg(long, default_value_t = 100_000)]
    samples: u64,
    /// The random seed: the same seed gives the same numbers, whatever the number of threads.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// How weights are drawn: uniformly on the simplex (no preference
    /// information), or around the judgments (perturbed log-uniformly within --spread).
    #[arg(long, value_parser = choice::<WeightDraw>(), default_value = "simplex")]
    weights: WeightDraw,
    /// For --weights perturb: each judgment is multiplied by a factor between 1/SPREAD and SPREAD.
    #[arg(long, default_value_t = 2.0)]
    spread: f64,
    /// Data at their evaluation point (fixed), or drawn within their low–high ranges.
    #[arg(long, value_parser = choice::<DataSampling>(), default_value = "fixed")]
    data: DataSampling,
    /// Worker threads (default: one per core). The results do not depend on it.
    #[arg(long)]
    threads: Option<usize>,
}

/// The most Monte Carlo samples a run takes (10^9; see
/// `vagval_workspace::settings::MAX_SAMPLES`).
pub use vagval_workspace::settings::MAX_SAMPLES;

impl MonteCarloArgs {
    /// `--samples` from 1 to `MAX_SAMPLES`, else a usage error (exit 2).
    fn check(&self) -> Result<(), Failure> {
        vagval_workspace::settings::check_samples(self.samples)
    }

    fn options(&self) -> vagval_core::sensitivity::smaa::SmaaOptions {
        vagval_core::sensitivity::smaa::SmaaOptions {
            samples: self.samples,
            seed: self.seed,
            weights: self.weights.sampling(self.spread),
            data: self.data,
        }
    }
}

/// `--lang sv|en` (also `svenska`, `english`).
fn parse_lang(text: &str) -> Result<Lang, usage_error::ValueError> {
    text.parse()
        .map_err(|_| usage_error::ValueError::Lang(text.trim().to_ascii_lowercase()))
}

/// `--max-cr`: a finite number of at least 0 (a decimal comma is accepted).
fn parse_max_cr(text: &str) -> Result<f64, usage_error::ValueError> {
    match text.trim().replace(',', ".").parse::<f64>() {
        Ok(value) if value.is_finite() && value >= 0.0 => Ok(value),
        _ => Err(usage_error::ValueError::MaxCr(text.to_string())),
    }
}

/// A clap parser for a named choice (`vagval_core::Choice`): clap lists
/// the names in `--help` and refuses others; the choice's own `parse`
/// makes the value, so the names live in one place.
fn choice<T: Choice + Send + Sync>() -> impl clap::builder::TypedValueParser<Value = T> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(T::names())
        .try_map(|name| T::parse(&name).ok_or(usage_error::ValueError::Choice(name)))
}

/// `--format`: the names of `Format`, those that need a word of
/// explanation with it in `--help`.
fn format_choice() -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::{PossibleValue, TypedValueParser};
    let values = Format::ALL.iter().map(|format| {
        let value = PossibleValue::new(format.name());
        match format {
            Format::Svg => value.help("The command's chart as a standalone SVG image"),
            Format::Html => value.help("The output as an HTML fragment, charts inline"),
            _ => value,
        }
    });
    clap::builder::PossibleValuesParser::new(values)
        .try_map(|name| Format::parse(&name).ok_or(usage_error::ValueError::Choice(name)))
}

/// The command line's definition: its flags and their possible values
/// (for tests that check the docs against it, and shell completions).
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

impl Cli {
    /// Flags over the workspace's defaults over the built-in defaults
    /// (`vagval_workspace::settings::Overrides`).
    fn settings(&self, defaults: &load::Defaults) -> Settings {
        vagval_workspace::settings::Overrides {
            method: self.method,
            ri: self.ri,
            mode: self.mode,
            completion: self.completion,
            range_point: self.range_point,
        }
        .resolve(defaults)
    }
}

/// Runs `vagval` with `args` (the first is the program name), resolving
/// relative paths against `cwd`. Returns the exit code. Without `--lang` it
/// speaks English: the environment's locale is the binary's business (see
/// `run_with_default_lang`), so that a run here does not depend on it.
pub fn run<I, T>(
    args: I,
    cwd: &Path,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    run_with_default_lang(Lang::En, args, cwd, stdin, stdout, stderr)
}

/// `run`, speaking `default_lang` unless `--lang` says otherwise (the binary
/// passes the language of the environment's locale).
pub fn run_with_default_lang<I, T>(
    default_lang: Lang,
    args: I,
    cwd: &Path,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    let parsed = <Cli as clap::CommandFactory>::command()
        .try_get_matches_from(&args)
        .and_then(|matches| {
            <Cli as clap::FromArgMatches>::from_arg_matches(&matches).map(|cli| (cli, matches))
        });
    let cli = match parsed {
        Ok((cli, matches)) => {
            // `--format` chooses how a result is printed; `survey` asks
            // questions and `report` writes HTML, so it means nothing there.
            let given =
                matches.value_source("format") == Some(clap::parser::ValueSource::CommandLine);
            let command = match cli.command {
                Command::Survey { .. } => Some("survey"),
                Command::Serve { .. } => Some("serve"),
                Command::Report { .. } => Some("report"),
                _ => None,
            };
            if let (true, Some(command)) = (given, command) {
                let lang = cli.lang.unwrap_or(default_lang);
                let d = Diagnostic::new(
                    format!("--format has no meaning for `vagval {command}`"),
                    format!("--format betyder ingenting för `vagval {command}`"),
                )
                .hint(
                    match command {
                        "survey" => "the survey asks questions and writes a group script; leave --format out",
                        "serve" => "the workshop is web pages; leave --format out",
                        _ => "the report is always one HTML page; leave --format out",
                    },
                    match command {
                        "survey" => "enkäten ställer frågor och skriver ett gruppskript; utelämna --format",
                        "serve" => "workshopen är webbsidor; utelämna --format",
                        _ => "rapporten är alltid en HTML-sida; utelämna --format",
                    },
                );
                let _ = stderr.write_all(d.render_in(lang).as_bytes());
                return EXIT_USAGE;
            }
            cli
        }
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            // Decided from the raw arguments: clap has refused them.
            let text = usage_error::render(&e, usage_error::lang_of_args(&args, default_lang));
            let stream: &mut dyn Write = if e.use_stderr() { stderr } else { stdout };
            return match stream
                .write_all(text.as_bytes())
                .and_then(|_| stream.flush())
            {
                Err(err) if err.kind() != io::ErrorKind::BrokenPipe => EXIT_INVALID,
                _ => code,
            };
        }
    };
    // The survey talks with a person: its questions go out at once, not
    // buffered like the other commands' results.
    let lang = cli.lang.unwrap_or(default_lang);
    if let Command::Survey { group, name, seats } = &cli.command {
        let options = survey::SurveyOptions {
            group: group.clone(),
            lang,
            name: name.clone(),
            seats: *seats,
            width: terminal_width(),
        };
        let result = commands::survey::run(&cli, cwd, &options, stdin, stdout);
        return finish(result, lang, stderr);
    }
    // The server runs until stopped, saying its addresses at once.
    if let Command::Serve { .. } = &cli.command {
        let result = commands::serve::run(&cli, cwd, lang, stdout);
        return finish(result, lang, stderr);
    }
    let mut out = Vec::new();
    let mut streamed: Option<Streamed> = None;
    let result = commands::execute(&cli, lang, cwd, stdin, &mut out, &mut streamed);
    // A partial result (some group scripts failed) is printed too; an
    // output written as it is computed follows what was buffered.
    let result = match result {
        Ok(()) | Err(Failure::Partial(_)) => {
            let written = stdout.write_all(&out).and_then(|_| match streamed.take() {
                Some(write) => {
                    let mut buffered = io::BufWriter::new(&mut *stdout);
                    write(&mut buffered).and_then(|_| buffered.flush())
                }
                None => Ok(()),
            });
            match written.and_then(|_| stdout.flush()) {
                Err(e) if result.is_ok() => Err(Failure::Output(e)),
                _ => result,
            }
        }
        failed => failed,
    };
    finish(result, lang, stderr)
}

/// The exit code of a run, with its error (if any) written to `stderr`.
fn finish(result: Result<(), Failure>, lang: Lang, stderr: &mut dyn Write) -> i32 {
    match result {
        Ok(()) => EXIT_OK,
        // A reader that went away (`vagval evaluate | head`) is not an error.
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(Failure::Output(e)) => {
            let _ = match lang {
                Lang::En => writeln!(stderr, "error: cannot write the output: {e}"),
                Lang::Sv => writeln!(stderr, "fel: kan inte skriva utdata: {e}"),
            };
            EXIT_INVALID
        }
        Err(Failure::Invalid(d)) => {
            let _ = stderr.write_all(d.render_in(lang).as_bytes());
            EXIT_INVALID
        }
        Err(Failure::Several(all) | Failure::Partial(all)) => {
            let text: Vec<String> = all.iter().map(|d| d.render_in(lang)).collect();
            let _ = stderr.write_all(text.join("\n").as_bytes());
            EXIT_INVALID
        }
        Err(Failure::Usage(d)) => {
            let _ = stderr.write_all(d.render_in(lang).as_bytes());
            EXIT_USAGE
        }
        Err(Failure::Cancelled(d)) => {
            let _ = stderr.write_all(d.render_in(lang).as_bytes());
            EXIT_CANCELLED
        }
    }
}
/// An output too large to hold in memory (the complete thresholds lists
/// grow with the square of the alternatives): written to stdout as it is
/// computed, after everything that can fail has been computed.
type Streamed = Box<dyn FnOnce(&mut dyn Write) -> io::Result<()>>;

/// The refusal of `--format svg` where a command has no chart.
fn no_chart(command: &str) -> Diagnostic {
    // The other formats, from `Format`'s own list: a new one is named here
    // by itself.
    let others = Format::ALL
        .iter()
        .filter(|f| **f != Format::Svg)
        .map(|f| f.name())
        .collect::<Vec<_>>()
        .join("|");
    Diagnostic::new(
        format!("`{command}` has no chart, so `--format svg` does not apply"),
        format!("`{command}` har inget diagram, så `--format svg` går inte att använda"),
    )
    .hint(
        format!("charts: check, evaluate, weights, groups, matrix, sensitivity one-way, sensitivity monte-carlo; or use --format {others}"),
        format!("diagram finns för check, evaluate, weights, groups, matrix, sensitivity one-way och sensitivity monte-carlo; använd annars --format {others}"),
    )
}

fn one_way(
    basis: &Evaluation,
    criterion: &str,
) -> Result<vagval_core::sensitivity::one_way::OneWay, Diagnostic> {
    vagval_core::sensitivity::one_way::one_way(basis, criterion).map_err(|e| {
        let diagnostic = Diagnostic::in_both(|l| e.message(l));
        match e {
            vagval_core::Error::NoSiblings { .. } => diagnostic.hint(
                "sweep its parent criterion instead, or a criterion with siblings",
                "svep det överordnade kriteriet i stället, eller ett kriterium med syskon",
            ),
            vagval_core::Error::UnknownCriterion { .. } => diagnostic.hint(
                "name a criterion by its id, as in `vagval weights`",
                "ange kriteriet med dess id, som i `vagval weights`",
            ),
            // No other error comes from a sweep; were one to, it is said
            // as it is, without a hint that might not fit it.
            _ => diagnostic,
        }
    })
}

/// The workspace folder: `--workspace`, or the nearest folder at or above
/// `cwd` that holds a vagval.toml.
fn workspace_root(cli: &Cli, cwd: &Path) -> Result<PathBuf, Diagnostic> {
    let root = match &cli.workspace {
        Some(dir) => {
            let dir = cwd.join(dir);
            if !dir.join(load::MANIFEST).is_file() {
                return Err(Diagnostic::new(
                    format!("{} holds no vagval.toml", dir.display()),
                    format!("{} innehåller ingen vagval.toml", dir.display()),
                )
                .hint(
                    "point --workspace at a folder with vagval.toml and criteria/",
                    "låt --workspace peka på en mapp med vagval.toml och criteria/",
                ));
            }
            dir
        }
        None => vagval_workspace::find_workspace(cwd).ok_or_else(|| {
            Diagnostic::new(
                format!("no vagval.toml in {} or any folder above it", cwd.display()),
                format!(
                    "ingen vagval.toml i {} eller någon mapp ovanför",
                    cwd.display()
                ),
            )
            .hint(
                "run vagval inside a decision workspace, or give --workspace DIR",
                "kör vagval i en beslutsarbetsyta, eller ange --workspace MAPP",
            )
        })?,
    };
    Ok(root)
}

/// The width of the terminal standard output is, if it is one: `COLUMNS`
/// when the shell exports it, else 80. `None` for a pipe or file, which
/// get each line whole.
fn terminal_width() -> Option<usize> {
    use std::io::IsTerminal;
    if !io::stdout().is_terminal() {
        return None;
    }
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok());
    Some(columns.filter(|c| *c > 0).unwrap_or(80).saturating_sub(1))
}
