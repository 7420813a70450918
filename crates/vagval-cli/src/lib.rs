//! The `vagval` command, as a library so that tests can run it in-process:
//! `run` takes the arguments and the three standard streams and returns the
//! exit code. Thin by design: parsing arguments, reading files, rendering
//! errors; the mathematics is in vagval-core, the output in vagval-report.

mod diagnostic;
mod load;
mod matrix_input;
mod raw;

use clap::{Parser, Subcommand, ValueEnum};
use diagnostic::{Diagnostic, SourceFile};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use vagval_core::completion::CompletionMethod;
use vagval_core::consistency::RandomIndex;
use vagval_core::model::{Model, Site};
use vagval_core::pairwise::PairwiseMatrix;
use vagval_core::priority::PriorityMethod;
use vagval_core::quantity::RangePoint;
use vagval_core::settings::{Settings, SynthesisMode};
use vagval_report::Format;

pub use load::{Workspace, find_workspace};

/// Exit code: success.
pub const EXIT_OK: i32 = 0;
/// Exit code: the input (a workspace, a matrix file) is invalid or unreadable.
pub const EXIT_INVALID: i32 = 1;
/// Exit code: the command line itself is wrong.
pub const EXIT_USAGE: i32 = 2;

const AFTER_HELP: &str = "\
Exit codes:
  0  success
  1  invalid input: a workspace or matrix file is wrong or unreadable (the error says where)
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
    #[arg(long, global = true, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// How priorities are derived from pairwise matrices.
    #[arg(long, global = true, value_parser = choice(&["eigenvector", "geometric"], PriorityMethod::parse))]
    method: Option<PriorityMethod>,
    /// The random index table for CR = CI / RI.
    #[arg(long, global = true, value_parser = choice(&RandomIndex::ALL.map(RandomIndex::name), RandomIndex::parse))]
    ri: Option<RandomIndex>,
    /// Synthesis mode.
    #[arg(long, global = true, value_parser = choice(&["distributive", "ideal"], SynthesisMode::parse))]
    mode: Option<SynthesisMode>,
    /// How gaps in incomplete matrices are filled.
    #[arg(long, global = true, value_parser = choice(&["harker", "optimal"], CompletionMethod::parse))]
    completion: Option<CompletionMethod>,
    /// Where ranged data (e.g. 8500–16500 tkr) is evaluated.
    #[arg(long = "at", global = true, value_name = "POINT", value_parser = choice(&["low", "middle", "high"], RangePoint::parse))]
    range_point: Option<RangePoint>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate the workspace and list every matrix's consistency and warnings.
    Check,
    /// Rank the alternatives: scores, criteria weights, contributions.
    Evaluate,
    /// The criteria's local and global weights with CR.
    Weights,
    /// Analyse one pairwise matrix from FILE, or from stdin with `-`.
    Matrix {
        /// JSON {"items": [...], "matrix": [[...]]} (null = not compared) or a plain table.
        file: PathBuf,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    Table,
    Json,
    Csv,
    Markdown,
}

/// A clap parser for one of the core's named choices: clap lists the names
/// in `--help` and refuses others; the core's own `parse` makes the value, so
/// the names live in one place.
fn choice<T: Clone + Send + Sync + 'static>(
    names: &[&'static str],
    parse: fn(&str) -> Option<T>,
) -> impl clap::builder::TypedValueParser<Value = T> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(names.to_vec())
        .try_map(move |name| parse(&name).ok_or_else(|| format!("`{name}` is not a known choice")))
}

impl Cli {
    fn format(&self) -> Format {
        match self.format {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Csv => Format::Csv,
            FormatArg::Markdown => Format::Markdown,
        }
    }

    /// Flags over the workspace's defaults over the built-in defaults.
    fn settings(&self, defaults: &load::Defaults) -> Settings {
        let builtin = Settings::default();
        Settings {
            method: self.method.or(defaults.method).unwrap_or(builtin.method),
            ri: self.ri.or(defaults.ri).unwrap_or(builtin.ri),
            mode: self.mode.or(defaults.mode).unwrap_or(builtin.mode),
            completion: self
                .completion
                .or(defaults.completion)
                .unwrap_or(builtin.completion),
            range_point: self
                .range_point
                .or(defaults.range_point)
                .unwrap_or(builtin.range_point),
        }
    }
}

/// What went wrong in a run: bad input (exit 1) or a failed write.
enum Failure {
    Invalid(Diagnostic),
    Output(io::Error),
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure::Invalid(d)
    }
}

/// Runs `vagval` with `args` (the first is the program name), resolving
/// relative paths against `cwd`. Returns the exit code.
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
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let text = e.render().to_string();
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
    let mut out = Vec::new();
    let result = execute(&cli, cwd, stdin, &mut out);
    let result = result.and_then(|()| {
        stdout
            .write_all(&out)
            .and_then(|_| stdout.flush())
            .map_err(Failure::Output)
    });
    match result {
        Ok(()) => EXIT_OK,
        // A reader that went away (`vagval evaluate | head`) is not an error.
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(Failure::Output(e)) => {
            let _ = writeln!(stderr, "error: cannot write the output: {e}");
            EXIT_INVALID
        }
        Err(Failure::Invalid(d)) => {
            let _ = stderr.write_all(d.render().as_bytes());
            EXIT_INVALID
        }
    }
}

fn execute(cli: &Cli, cwd: &Path, stdin: &mut dyn Read, out: &mut Vec<u8>) -> Result<(), Failure> {
    let format = cli.format();
    let write = |r: io::Result<()>| r.map_err(Failure::Output);
    match &cli.command {
        Command::Matrix { file } => {
            let source = if file.as_os_str() == "-" {
                let mut text = String::new();
                stdin.read_to_string(&mut text).map_err(|e| {
                    Diagnostic::new(format!("cannot read the matrix from stdin: {e}"))
                })?;
                SourceFile {
                    path: PathBuf::from("<stdin>"),
                    text,
                }
            } else {
                let path = cwd.join(file);
                let bytes = std::fs::read(&path).map_err(|e| {
                    Diagnostic::new(format!("cannot read {}: {e}", path.display())).in_file(&path)
                })?;
                let text = String::from_utf8(bytes).map_err(|_| {
                    Diagnostic::new(format!("{} is not UTF-8 text", path.display())).in_file(&path)
                })?;
                SourceFile {
                    path: file.clone(),
                    text,
                }
            };
            let input = matrix_input::parse(&source)?;
            let settings = cli.settings(&load::Defaults::default());
            let matrix = PairwiseMatrix::from_rows(&input.items, &input.rows, &Site::Matrix)
                .map_err(|e| {
                    let cell = match &e {
                        vagval_core::Error::NotSquare { row, .. } => Some((*row, 0)),
                        vagval_core::Error::BadEntry { row, col, .. }
                        | vagval_core::Error::HalfMissing { row, col, .. } => Some((*row, *col)),
                        // The message asks to change the mirror entry: point there.
                        vagval_core::Error::NotReciprocal { row, col, .. } => Some((*col, *row)),
                        vagval_core::Error::BadDiagonal { index, .. } => Some((*index, *index)),
                        _ => None,
                    };
                    let span =
                        cell.and_then(|(r, c)| input.cell_spans.as_ref()?.get(r)?.get(c).cloned());
                    Diagnostic::new(e.to_string()).at(&source, span)
                })?;
            let analysis = vagval_core::analyze(
                &matrix,
                settings.method,
                settings.ri,
                settings.completion,
                &Site::Matrix,
            )
            .map_err(|e| Diagnostic::new(e.to_string()).at(&source, None))?;
            write(vagval_report::write_matrix(
                out,
                &input.items,
                &analysis,
                format,
            ))
        }
        Command::Check | Command::Evaluate | Command::Weights => {
            let root = match &cli.workspace {
                Some(dir) => {
                    let dir = cwd.join(dir);
                    if !dir.join(load::MANIFEST).is_file() {
                        return Err(Diagnostic::new(format!(
                            "{} holds no vagval.toml",
                            dir.display()
                        ))
                        .hint("point --workspace at a folder with vagval.toml and criteria/")
                        .into());
                    }
                    dir
                }
                None => find_workspace(cwd).ok_or_else(|| {
                    Diagnostic::new(format!(
                        "no vagval.toml in {} or any folder above it",
                        cwd.display()
                    ))
                    .hint("run vagval inside a decision workspace, or give --workspace DIR")
                })?,
            };
            let workspace = Workspace::load(&root)?;
            let settings = cli.settings(&workspace.defaults);
            let model = Model::new(workspace.spec.clone()).map_err(|e| workspace.diagnose(&e))?;
            let evaluation =
                vagval_core::evaluate(&model, &settings).map_err(|e| workspace.diagnose(&e))?;
            let view = workspace.view.as_deref();
            match cli.command {
                Command::Check => write(vagval_report::write_check(
                    out,
                    &evaluation,
                    &root.display().to_string(),
                    format,
                )),
                Command::Evaluate => write(vagval_report::write_evaluation(
                    out,
                    &evaluation,
                    view,
                    format,
                )),
                _ => write(vagval_report::write_weights(out, &evaluation, view, format)),
            }
        }
    }
}
