//! The `vagval` command, as a library so that tests can run it in-process:
//! `run` takes the arguments and the three standard streams and returns the
//! exit code. Thin by design: parsing arguments, reading files, rendering
//! errors; the mathematics is in vagval-core, the output in vagval-report.

mod diagnostic;
mod groups;
mod load;
mod matrix_input;
mod progress;
mod raw;
mod survey;

use clap::{Parser, Subcommand, ValueEnum};
use diagnostic::{Diagnostic, SourceFile};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use vagval_core::completion::CompletionMethod;
use vagval_core::consistency::RandomIndex;
use vagval_core::group::GroupResult;
use vagval_core::group::{Aggregation, analyze_groups};
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
        /// How groups are combined: aij (seat-weighted geometric mean of
        /// judgments) or aip (seat-weighted mean of priorities).
        #[arg(long, default_value = "aij", value_parser = choice(&["aij", "aip"], Aggregation::parse))]
        aggregation: Aggregation,
    },
    /// A political group enters its judgments in the terminal, one pair at a
    /// time; writes scripts/groups/GROUP.lua (keeping a copy of an old one).
    Survey {
        /// The group's id: the script's file name.
        #[arg(long)]
        group: String,
        /// The language of the questions and the verbal scale.
        #[arg(long, default_value = "en", value_parser = choice(&["sv", "en"], |s: &str| Some(s.to_string())))]
        lang: String,
        /// The group's name (asked if not given).
        #[arg(long)]
        name: Option<String>,
        /// The group's seats (asked if not given).
        #[arg(long)]
        seats: Option<f64>,
    },
    /// Analyse one pairwise matrix from FILE, or from stdin with `-`.
    Matrix {
        /// JSON {"items": [...], "matrix": [[...]]} (null = not compared) or a plain table.
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
enum Sensitivity {
    /// Vary one criterion's weight from 0 to 1 (its siblings rescaled in
    /// proportion) and report the exact weights at which the ranking changes.
    OneWay {
        /// The criterion whose weight is varied (at any level).
        #[arg(long)]
        criterion: String,
        /// As this political group weighs the criteria.
        #[arg(long, conflicts_with = "aggregate")]
        group: Option<String>,
        /// The political groups' seat-weighted aggregate (AIJ).
        #[arg(long)]
        aggregate: bool,
    },
    /// Monte Carlo / SMAA-2: rank acceptability indices, central weight
    /// vectors and confidence factors from sampled weights (and data).
    MonteCarlo {
        /// Number of samples.
        #[arg(long, default_value_t = 100_000)]
        samples: u64,
        /// The random seed: the same seed gives the same numbers, whatever the number of threads.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// How weights are drawn: uniformly on the simplex (no preference
        /// information), or around the judgments (perturbed log-uniformly within --spread).
        #[arg(long, default_value = "simplex", value_parser = choice(&["simplex", "perturb"], |s: &str| Some(s.to_string())))]
        weights: String,
        /// For --weights perturb: each judgment is multiplied by a factor between 1/SPREAD and SPREAD.
        #[arg(long, default_value_t = 2.0)]
        spread: f64,
        /// Data at their evaluation point (fixed), or drawn within their low–high ranges.
        #[arg(long, default_value = "fixed", value_parser = choice(&["fixed", "ranges"], |s: &str| Some(s.to_string())))]
        data: String,
        /// Worker threads (default: one per core). The results do not depend on it.
        #[arg(long)]
        threads: Option<usize>,
        /// As this political group weighs the criteria.
        #[arg(long, conflicts_with = "aggregate")]
        group: Option<String>,
        /// The political groups' seat-weighted aggregate (AIJ).
        #[arg(long)]
        aggregate: bool,
    },
    /// For each criterion and pair of alternatives, the smallest change of
    /// its weight that reverses the pair (Triantaphyllou & Sánchez 1997),
    /// the critical criteria and the critical performance measure.
    Thresholds {
        /// As this political group weighs the criteria.
        #[arg(long, conflicts_with = "aggregate")]
        group: Option<String>,
        /// The political groups' seat-weighted aggregate (AIJ).
        #[arg(long)]
        aggregate: bool,
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
    // The survey talks with a person: its questions go out at once, not
    // buffered like the other commands' results.
    if let Command::Survey {
        group,
        lang,
        name,
        seats,
    } = &cli.command
    {
        let options = survey::SurveyOptions {
            group: group.clone(),
            lang: if lang == "sv" {
                survey::Lang::Sv
            } else {
                survey::Lang::En
            },
            name: name.clone(),
            seats: *seats,
        };
        let result = run_survey(&cli, cwd, &options, stdin, stdout);
        return finish(result, stderr);
    }
    let mut out = Vec::new();
    let result = execute(&cli, cwd, stdin, &mut out);
    let result = result.and_then(|()| {
        stdout
            .write_all(&out)
            .and_then(|_| stdout.flush())
            .map_err(Failure::Output)
    });
    finish(result, stderr)
}

/// The exit code of a run, with its error (if any) written to `stderr`.
fn finish(result: Result<(), Failure>, stderr: &mut dyn Write) -> i32 {
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

fn run_survey(
    cli: &Cli,
    cwd: &Path,
    options: &survey::SurveyOptions,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let root = workspace_root(cli, cwd)?;
    let workspace = Workspace::load(&root)?;
    let model = Model::new(workspace.spec.clone()).map_err(|e| workspace.diagnose(&e))?;
    let mut input = io::BufReader::new(stdin);
    let path = survey::run(&root, &model, options, &mut input, stdout)?;
    writeln!(stdout, "wrote {}", path.display()).map_err(Failure::Output)
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
        _ => {
            let root = workspace_root(cli, cwd)?;
            let workspace = Workspace::load(&root)?;
            let settings = cli.settings(&workspace.defaults);
            let model = Model::new(workspace.spec.clone()).map_err(|e| workspace.diagnose(&e))?;
            let evaluation =
                vagval_core::evaluate(&model, &settings).map_err(|e| workspace.diagnose(&e))?;
            let view = workspace.view.as_deref();
            let load_groups = || groups::load(&root, &model, workspace.limits);
            let evaluate_groups =
                |loaded: &[groups::LoadedGroup]| -> Result<Vec<GroupResult>, Failure> {
                    let mut results = Vec::with_capacity(loaded.len());
                    for group in loaded {
                        let group_model = model
                            .for_group(&group.spec)
                            .map_err(|e| group_error(group, &e))?;
                        let evaluation = vagval_core::evaluate(&group_model, &settings)
                            .map_err(|e| group_error(group, &e))?;
                        results.push(GroupResult {
                            id: group.spec.id.clone(),
                            name: group.spec.name.clone(),
                            seats: group.spec.seats,
                            evaluation,
                        });
                    }
                    Ok(results)
                };
            match &cli.command {
                Command::Check => {
                    // Group scripts are checked too: each runs and must fit
                    // the model, and the matrices it judged are listed.
                    let results = evaluate_groups(&load_groups()?)?;
                    write(vagval_report::write_check(
                        out,
                        &evaluation,
                        &results,
                        &root.display().to_string(),
                        format,
                    ))
                }
                Command::Evaluate {
                    group,
                    set_weight,
                    set_judgment,
                    ..
                } if !set_weight.is_empty() || !set_judgment.is_empty() => {
                    let (base_model, base, label) = match group {
                        Some(id) => {
                            let loaded = load_groups()?;
                            let group = find_group(&loaded, id)?;
                            let group_model = model
                                .for_group(&group.spec)
                                .map_err(|e| group_error(group, &e))?;
                            let evaluation = vagval_core::evaluate(&group_model, &settings)
                                .map_err(|e| group_error(group, &e))?;
                            (group_model, evaluation, Some(group.spec.name.clone()))
                        }
                        None => (model.clone(), evaluation.clone(), None),
                    };
                    let mut changes = Vec::new();
                    for text in set_weight {
                        changes.push(parse_set_weight(text)?);
                    }
                    for text in set_judgment {
                        changes.push(parse_set_judgment(text, &base_model)?);
                    }
                    let what_if = |e: vagval_core::Error| {
                        Diagnostic::new(e.to_string())
                            .hint("the changes are given with --set-weight and --set-judgment")
                    };
                    let changed_model =
                        vagval_core::sensitivity::what_if::apply(&base_model, &base, &changes)
                            .map_err(what_if)?;
                    let changed =
                        vagval_core::evaluate(&changed_model, &settings).map_err(what_if)?;
                    let mut texts: Vec<String> = set_weight
                        .iter()
                        .map(|t| format!("weight {t}"))
                        .chain(set_judgment.iter().map(|t| format!("judgment {t}")))
                        .collect();
                    if let Some(name) = label {
                        texts.insert(0, format!("as {name} weighs the criteria"));
                    }
                    write(vagval_report::write_what_if(
                        out, &base, &changed, &texts, format,
                    ))
                }
                Command::Evaluate {
                    group: Some(id), ..
                } => {
                    let loaded = load_groups()?;
                    let Some(group) = loaded.iter().find(|g| &g.spec.id == id) else {
                        let known: Vec<String> =
                            loaded.iter().map(|g| format!("`{}`", g.spec.id)).collect();
                        return Err(Diagnostic::new(format!("there is no group `{id}`"))
                            .hint(if known.is_empty() {
                                format!(
                                    "this workspace has no group scripts in {}/",
                                    groups::GROUPS_DIR
                                )
                            } else {
                                format!("the groups are {}", known.join(", "))
                            })
                            .into());
                    };
                    let results = evaluate_groups(std::slice::from_ref(group))?;
                    let label = format!("{} ({} seats)", group.spec.name, group.spec.seats);
                    write(vagval_report::write_evaluation(
                        out,
                        &results[0].evaluation,
                        Some(&label),
                        format,
                    ))
                }
                Command::Evaluate {
                    all_groups: true, ..
                } => {
                    let results = evaluate_groups(&load_groups()?)?;
                    write(vagval_report::write_group_evaluations(
                        out, &results, format,
                    ))
                }
                Command::Evaluate { .. } => write(vagval_report::write_evaluation(
                    out,
                    &evaluation,
                    view,
                    format,
                )),
                Command::Weights => {
                    let loaded = load_groups()?;
                    if loaded.is_empty() {
                        write(vagval_report::write_weights(out, &evaluation, view, format))
                    } else {
                        let results = evaluate_groups(&loaded)?;
                        write(vagval_report::write_group_weights(
                            out,
                            &evaluation,
                            view,
                            &results,
                            format,
                        ))
                    }
                }
                Command::Groups { aggregation } => {
                    let loaded = load_groups()?;
                    if loaded.is_empty() {
                        return Err(Diagnostic::new("this workspace has no political groups")
                            .hint(format!(
                                "add a script per group in {}/ (see docs/lua-api.md), or run `vagval survey --group ID`",
                                groups::GROUPS_DIR
                            ))
                            .into());
                    }
                    let specs: Vec<_> = loaded.iter().map(|g| g.spec.clone()).collect();
                    let analysis = analyze_groups(&model, &specs, &settings, *aggregation)
                        .map_err(|e| {
                            Diagnostic::new(e.to_string())
                                .hint("check the group scripts named in the message")
                        })?;
                    write(vagval_report::write_groups(out, &analysis, format))
                }
                Command::Sensitivity { analysis } => {
                    let names: Vec<(String, String)> = model
                        .alternatives()
                        .iter()
                        .map(|a| (a.id.clone(), a.name.clone()))
                        .collect();
                    let (group, aggregate) = match analysis {
                        Sensitivity::OneWay {
                            group, aggregate, ..
                        }
                        | Sensitivity::Thresholds { group, aggregate }
                        | Sensitivity::MonteCarlo {
                            group, aggregate, ..
                        } => (group, *aggregate),
                    };
                    if let Sensitivity::MonteCarlo {
                        samples,
                        seed,
                        weights,
                        spread,
                        data,
                        threads,
                        ..
                    } = analysis
                    {
                        let (basis_model, label) = if let Some(id) = group {
                            let loaded = load_groups()?;
                            let group = find_group(&loaded, id)?;
                            let group_model = model
                                .for_group(&group.spec)
                                .map_err(|e| group_error(group, &e))?;
                            (
                                group_model,
                                Some(format!("{} ({} seats)", group.spec.name, group.spec.seats)),
                            )
                        } else if aggregate {
                            let loaded = load_groups()?;
                            let specs: Vec<_> = loaded.iter().map(|g| g.spec.clone()).collect();
                            let combined = vagval_core::group::aij_model(&model, &specs, &settings)
                                .map_err(|e| {
                                    Diagnostic::new(e.to_string()).hint(
                                        "--aggregate needs political groups in scripts/groups/",
                                    )
                                })?;
                            (
                                combined,
                                Some("the groups' seat-weighted aggregate (AIJ)".to_string()),
                            )
                        } else {
                            (model.clone(), workspace.view.clone())
                        };
                        let options = vagval_core::sensitivity::smaa::SmaaOptions {
                            samples: *samples,
                            seed: *seed,
                            weights: if weights == "perturb" {
                                vagval_core::sensitivity::smaa::WeightSampling::PerturbJudgments {
                                    spread: *spread,
                                }
                            } else {
                                vagval_core::sensitivity::smaa::WeightSampling::Simplex
                            },
                            data: if data == "ranges" {
                                vagval_core::sensitivity::smaa::DataSampling::Ranges
                            } else {
                                vagval_core::sensitivity::smaa::DataSampling::Fixed
                            },
                        };
                        // Scripted criteria's scripts run per sample, one Lua
                        // state per worker and block.
                        let scorers = |criterion: &str| workspace.scorer(criterion);
                        let result = progress::run_with_progress(*samples, *threads, |report| {
                            vagval_core::sensitivity::smaa::smaa_with_scorers(
                                &basis_model,
                                &settings,
                                &options,
                                report,
                                &scorers,
                            )
                        })?
                        .map_err(|e| {
                            Diagnostic::new(e.to_string())
                                .hint("see `vagval sensitivity monte-carlo --help`")
                        })?;
                        return write(vagval_report::write_smaa(
                            out,
                            &result,
                            label.as_deref(),
                            &names,
                            format,
                        ));
                    }
                    // The evaluation analysed: a group's, the groups' AIJ
                    // aggregate, or the workspace's own.
                    let (basis, label) = if let Some(id) = group {
                        let loaded = load_groups()?;
                        let group = find_group(&loaded, id)?;
                        let results = evaluate_groups(std::slice::from_ref(group))?;
                        (
                            results[0].evaluation.clone(),
                            Some(format!("{} ({} seats)", group.spec.name, group.spec.seats)),
                        )
                    } else if aggregate {
                        let loaded = load_groups()?;
                        if loaded.is_empty() {
                            return Err(Diagnostic::new(
                                "this workspace has no political groups to aggregate",
                            )
                            .hint("leave out --aggregate to use the workspace's own weights")
                            .into());
                        }
                        let specs: Vec<_> = loaded.iter().map(|g| g.spec.clone()).collect();
                        let analysis = analyze_groups(&model, &specs, &settings, Aggregation::Aij)
                            .map_err(|e| Diagnostic::new(e.to_string()))?;
                        let Some(evaluation) = analysis.aggregate.evaluation else {
                            return Err(
                                Diagnostic::new("the AIJ aggregate has no evaluation").into()
                            );
                        };
                        (
                            evaluation,
                            Some("the groups' seat-weighted aggregate (AIJ)".to_string()),
                        )
                    } else {
                        (evaluation.clone(), workspace.view.clone())
                    };
                    match analysis {
                        Sensitivity::OneWay { criterion, .. } => {
                            let sweep =
                                vagval_core::sensitivity::one_way::one_way(&basis, criterion)
                                    .map_err(|e| {
                                        Diagnostic::new(e.to_string()).hint(
                                            "name a criterion by its id, as in `vagval weights`",
                                        )
                                    })?;
                            write(vagval_report::write_one_way(
                                out,
                                &sweep,
                                label.as_deref(),
                                &names,
                                format,
                            ))
                        }
                        Sensitivity::MonteCarlo { .. } => Ok(()),
                        Sensitivity::Thresholds { .. } => {
                            let thresholds =
                                vagval_core::sensitivity::thresholds::thresholds(&basis);
                            let criteria: Vec<(String, String)> = basis
                                .criteria
                                .iter()
                                .map(|c| (c.id.clone(), c.name.clone()))
                                .collect();
                            write(vagval_report::write_thresholds(
                                out,
                                &thresholds,
                                label.as_deref(),
                                &criteria,
                                &names,
                                format,
                            ))
                        }
                    }
                }
                Command::Matrix { .. } | Command::Survey { .. } => Ok(()),
            }
        }
    }
}

/// The loaded group with id `id`, or an error listing the groups there are.
fn find_group<'a>(
    loaded: &'a [groups::LoadedGroup],
    id: &str,
) -> Result<&'a groups::LoadedGroup, Diagnostic> {
    loaded.iter().find(|g| g.spec.id == id).ok_or_else(|| {
        let known: Vec<String> = loaded.iter().map(|g| format!("`{}`", g.spec.id)).collect();
        Diagnostic::new(format!("there is no group `{id}`")).hint(if known.is_empty() {
            format!(
                "this workspace has no group scripts in {}/",
                groups::GROUPS_DIR
            )
        } else {
            format!("the groups are {}", known.join(", "))
        })
    })
}

/// `--set-weight CRITERION=W`.
fn parse_set_weight(text: &str) -> Result<vagval_core::sensitivity::what_if::Change, Diagnostic> {
    let bad = || {
        Diagnostic::new(format!("`--set-weight {text}` is not CRITERION=WEIGHT"))
            .hint("e.g. --set-weight democracy=0.30 (a local weight between 0 and 1)")
    };
    let (criterion, weight) = text.split_once('=').ok_or_else(bad)?;
    let weight: f64 = weight.trim().replace(',', ".").parse().map_err(|_| bad())?;
    Ok(vagval_core::sensitivity::what_if::Change::Weight {
        criterion: criterion.trim().to_string(),
        weight,
    })
}

/// `--set-judgment WHERE:FIRST,SECOND=VALUE`.
fn parse_set_judgment(
    text: &str,
    model: &Model,
) -> Result<vagval_core::sensitivity::what_if::Change, Diagnostic> {
    let bad = |why: &str| {
        Diagnostic::new(format!("`--set-judgment {text}`: {why}"))
            .hint("e.g. --set-judgment goal:democracy,cost=3, or --set-judgment democracy:stay-alone,join-hit=måttligt")
    };
    let (place, rest) = text
        .split_once(':')
        .ok_or_else(|| bad("no `:` after WHERE"))?;
    let (pair, value) = rest.rsplit_once('=').ok_or_else(|| bad("no `=VALUE`"))?;
    let (first, second) = pair
        .split_once(',')
        .ok_or_else(|| bad("name the pair as FIRST,SECOND"))?;
    let value = vagval_core::scale::parse_value(value).map_err(|e| bad(&e.to_string()))?;
    let place = place.trim();
    let site = if place == "goal" {
        Site::Goal
    } else {
        match model.hierarchy().position(place) {
            Some(index) if model.hierarchy().node(index).children.is_empty() => {
                Site::Assessment(place.to_string())
            }
            Some(_) => Site::Weights(place.to_string()),
            None => return Err(bad(&format!("`{place}` is neither `goal` nor a criterion"))),
        }
    };
    Ok(vagval_core::sensitivity::what_if::Change::Judgment {
        site,
        judgment: vagval_core::Judgment::new(first.trim(), second.trim(), value),
    })
}

/// An error in a group's model, named by its script.
fn group_error(group: &groups::LoadedGroup, error: &vagval_core::Error) -> Failure {
    Failure::Invalid(
        Diagnostic::new(format!("{}: {error}", group.path.display()))
            .hint("the group's weights and judgments come from this script (see docs/lua-api.md)"),
    )
}

/// The workspace folder: `--workspace`, or the nearest folder at or above
/// `cwd` that holds a vagval.toml.
fn workspace_root(cli: &Cli, cwd: &Path) -> Result<PathBuf, Diagnostic> {
    let root = match &cli.workspace {
        Some(dir) => {
            let dir = cwd.join(dir);
            if !dir.join(load::MANIFEST).is_file() {
                return Err(
                    Diagnostic::new(format!("{} holds no vagval.toml", dir.display()))
                        .hint("point --workspace at a folder with vagval.toml and criteria/"),
                );
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
    Ok(root)
}
