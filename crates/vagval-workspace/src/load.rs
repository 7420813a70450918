//! Reading a decision workspace: finding it, parsing `vagval.toml` and
//! `criteria/*.toml`, and turning them into the core's `ModelSpec`. Keeps the
//! span of everything a core error can name, so that every error points at
//! file, line and column.

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::hint::{Hint, JudgmentHint};
use crate::raw::*;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use vagval_core::assessment::{AssessmentSpec, RatingScaleSpec, WeightsSpec};
use vagval_core::completion::CompletionMethod;
use vagval_core::consistency::RandomIndex;
use vagval_core::hierarchy::CriterionSpec;
use vagval_core::model::{Alternative, CriterionInput, ModelSpec, Site};
use vagval_core::plugin::{BoundError, CriterionScorer, ScorerInputs, bound_by_inputs};
use vagval_core::priority::PriorityMethod;
use vagval_core::quantity::{Quantity, RangePoint, parse_decimal};
use vagval_core::scale;
use vagval_core::settings::SynthesisMode;
use vagval_core::value_function::{Direction, ValueFunction};
use vagval_core::{Choice, Error, Judgment, Language};

pub const MANIFEST: &str = "vagval.toml";
pub const FORMAT_VERSION: i64 = 1;

/// A place in one of the workspace's files.
#[derive(Debug, Clone)]
struct Loc {
    file: usize,
    span: Range<usize>,
}

/// A scripted criterion's script, kept to make scorers on demand.
#[derive(Debug, Clone)]
struct ScriptSource {
    criterion: String,
    relative: String,
    path: PathBuf,
    source: String,
}

impl ScriptSource {
    /// The script in a Lua state of its own, over the workspace's decision.
    fn load(&self, ws: &Workspace) -> Result<vagval_lua::CriterionScript, vagval_lua::Error> {
        let alternatives: Vec<(String, String)> = ws
            .spec
            .alternatives
            .iter()
            .map(|a| (a.id.clone(), a.name.clone()))
            .collect();
        vagval_lua::CriterionScript::load(
            &self.relative,
            self.source.clone(),
            ws.limits,
            &ws.spec.goal,
            &alternatives,
        )
    }
}

/// The value-function keys shared by `[data]` and `[script]`.
struct FunctionFields<'a> {
    function: &'a Spanned<String>,
    direction: &'a Option<Spanned<String>>,
    lower: &'a Option<Spanned<RawNumber>>,
    upper: &'a Option<Spanned<RawNumber>>,
    points: &'a Option<Spanned<Vec<(RawNumber, f64)>>>,
}

/// A Lua error as a diagnostic: the script's path and line.
pub fn lua_diagnostic(path: &Path, error: &vagval_lua::Error) -> Diagnostic {
    // The error's own text starts with the script's path and line.
    let mut d = Diagnostic::in_both(|l| error.message(l));
    let text = read_input(path).ok().map(|f| f.text);
    if let (Some(text), Some(line)) = (text, error.line()) {
        let start: usize = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let file = SourceFile {
            path: path.to_path_buf(),
            text,
        };
        d = d.at(&file, Some(start..start));
    } else {
        d = d.in_file(path);
    }
    d.hint_both(error.hint(Language::En).zip(error.hint(Language::Sv)))
}

/// Settings named in `[defaults]`; `None` where the file is silent.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    pub method: Option<PriorityMethod>,
    pub ri: Option<RandomIndex>,
    pub mode: Option<SynthesisMode>,
    pub completion: Option<CompletionMethod>,
    pub range_point: Option<RangePoint>,
}

/// The optional English second texts of a workspace's files: the `*_en`
/// keys beside the Swedish (or other first-language) `description` and
/// `view`. Empty where a workspace gives none; the judgments' and ratings'
/// `rationale_en` travel in their [`vagval_report::SourceNote`]s.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EnglishTexts {
    /// `description_en` in vagval.toml.
    pub description: Option<String>,
    /// `view_en` in vagval.toml's `[weights]`.
    pub view: Option<String>,
    /// Each alternative's `description_en`, by alternative id.
    pub alternatives: BTreeMap<String, String>,
    /// Each criterion's `description_en`, by criterion id.
    pub criteria: BTreeMap<String, String>,
}

/// A loaded, not yet validated workspace.
#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub spec: ModelSpec,
    pub defaults: Defaults,
    /// The label of the top-level weighting (`[weights] view`).
    pub view: Option<String>,
    /// The Lua sandbox's limits (`[lua]`, else the defaults).
    pub limits: vagval_lua::Limits,
    /// What the decision is about (`description` in vagval.toml).
    pub description: Option<String>,
    /// The optional English second texts (`description_en`, `view_en`),
    /// for a front end that shows the workspace's own words in English.
    pub english: EnglishTexts,
    /// Every pairwise judgment and rating that carries a rationale or a
    /// quote, in file order, for the report.
    pub notes: Vec<vagval_report::SourceNote>,
    /// The scripted criteria's scripts, for scorers made later (Monte Carlo).
    scripts: Vec<ScriptSource>,
    files: Vec<SourceFile>,
    /// Where each judgment or entry of a matrix or list is, by (site, index).
    entries: HashMap<(Site, usize), Loc>,
    /// Where each site's table is.
    sites: HashMap<Site, Loc>,
    criteria: Vec<Loc>,
    parents: Vec<Option<Loc>>,
    alternatives: Vec<Loc>,
    scales: Vec<Loc>,
}

/// The nearest folder at or above `start` that holds a `vagval.toml`.
pub fn find_workspace(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(MANIFEST).is_file())
        .map(Path::to_path_buf)
}

/// The largest workspace input file vagval reads (16 MiB): a TOML file, a
/// criterion script, a group script or a matrix. Far above any real
/// workspace file; it keeps a mistaken path (a disk image, a log) from
/// filling the memory.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// Reads one workspace input file (TOML, criterion or group script, a
/// matrix) as UTF-8 text: only a regular file (no device such as
/// `/dev/zero`, no FIFO, no folder), and at most `MAX_INPUT_BYTES`, so that
/// a wrong path fails at once instead of reading without end. Every error
/// names the file; invalid UTF-8 is pointed at by line and column.
pub fn read_input(path: &Path) -> Result<SourceFile, Diagnostic> {
    use std::io::Read as _;
    let cannot = |e: std::io::Error| {
        // `{e}` is the system's I/O error text, not ours: the same in both languages.
        Diagnostic::new(
            format!("cannot read {}: {e}", path.display()),
            format!("kan inte läsa {}: {e}", path.display()),
        )
        .in_file(path)
    };
    let not_regular = || {
        Diagnostic::new(
            format!(
                "{} is not a regular file (it is a folder, a device or a pipe)",
                path.display()
            ),
            format!(
                "{} är ingen vanlig fil (utan en mapp, en enhet eller en rörledning)",
                path.display()
            ),
        )
        .in_file(path)
        .hint(
            "name a text file; vagval reads no folders, devices or pipes",
            "ange en textfil; vagval läser inga mappar, enheter eller rörledningar",
        )
    };
    // Checked before opening: opening a FIFO would wait for a writer.
    let metadata = std::fs::metadata(path).map_err(cannot)?;
    if !metadata.is_file() {
        return Err(not_regular());
    }
    if metadata.len() > MAX_INPUT_BYTES {
        return Err(too_large(path, metadata.len()));
    }
    let file = std::fs::File::open(path).map_err(cannot)?;
    // The file opened may not be the one looked at (it was replaced).
    if !file.metadata().map_err(cannot)?.is_file() {
        return Err(not_regular());
    }
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    decode_input(path, bytes)
}

fn too_large(path: &Path, size: u64) -> Diagnostic {
    let mib = MAX_INPUT_BYTES / (1024 * 1024);
    Diagnostic::new(format!(
        "{} is too large: {size} bytes or more, above the limit of {MAX_INPUT_BYTES} bytes ({mib} MiB)",
        path.display()
    ), format!(
        "{} är för stor: {size} byte eller mer, över gränsen {MAX_INPUT_BYTES} byte ({mib} MiB)",
        path.display()
    ))
    .in_file(path)
    .hint(format!(
        "a workspace file is text of at most {mib} MiB; check that the path names the file you meant"
    ), format!(
        "en fil i arbetsytan är text på högst {mib} MiB; kontrollera att sökvägen pekar på rätt fil"
    ))
}

/// The text of an input read as `bytes` from `path` (or `<stdin>`): at
/// most `MAX_INPUT_BYTES`, and UTF-8, else an error pointing at the first
/// invalid byte's line and column.
pub fn decode_input(path: &Path, bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let byte = e.as_bytes().get(valid).copied().unwrap_or(0);
        // The valid prefix is the same in the lossy text, so `valid` is
        // the bad byte's offset there too (shown as U+FFFD).
        let file = SourceFile {
            path: path.to_path_buf(),
            text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        let (line, column) = crate::diagnostic::line_column(&file.text, valid);
        Diagnostic::new(format!(
            "{} is not UTF-8 text: the byte 0x{byte:02X} at line {line}, column {column} is invalid",
            path.display()
        ), format!(
            "{} är inte UTF-8-text: byten 0x{byte:02X} på rad {line}, kolumn {column} är ogiltig",
            path.display()
        ))
        .at(&file, Some(valid..valid + '\u{fffd}'.len_utf8()))
        .hint("save the file as UTF-8 (Unicode); an editor's \"save with encoding\" does it", "spara filen som UTF-8 (Unicode); en redigerares \"spara med kodning\" gör det")
    })?;
    Ok(SourceFile {
        path: path.to_path_buf(),
        text,
    })
}

/// What to do when λmax-optimal completion is refused as too large (in
/// English and Swedish); `None` for every other error.
pub fn completion_hint(error: &Error) -> Option<(String, String)> {
    Hint::of(error).map(|hint| hint.both())
}

/// The id a file's name gives (a group's script `scripts/groups/<id>.lua`)
/// follows the rules of ids and names: valid UTF-8, not empty, no spaces
/// around it, no line break or control character (an escape sequence in a
/// file name would otherwise reach the terminal in every table).
pub fn check_file_id(path: &Path) -> Result<String, Diagnostic> {
    let stem = path.file_stem().unwrap_or_default();
    let shown = stem.to_string_lossy();
    let problem = match stem.to_str() {
        None => Some(("is not valid UTF-8", "är inte giltig UTF-8")),
        Some(id) if id.trim().is_empty() || id.trim() != id => Some((
            "is empty or has surrounding spaces",
            "är tomt eller har mellanslag före eller efter",
        )),
        Some(id) if id.chars().any(char::is_control) => Some((
            "holds a line break or control character",
            "innehåller en radbrytning eller ett styrtecken",
        )),
        Some(_) => None,
    };
    match problem {
        None => Ok(shown.into_owned()),
        Some((en, sv)) => {
            let escaped = shown.escape_debug().to_string();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let file = path.with_file_name(name.escape_debug().to_string());
            Err(Diagnostic::new(format!(
                "the file name gives the id `{escaped}`, which {en}"
            ), format!("filnamnet ger id:t `{escaped}`, som {sv}"))
            .in_file(&file)
            .hint("rename the file: its name without the extension is the id, one short line of text such as `local-control`", "byt namn på filen: namnet utan filändelse är id:t, en kort rad text som `lokal-kontroll`"))
        }
    }
}

fn toml_error(file: &SourceFile, e: toml::de::Error) -> Diagnostic {
    let message = e.message().trim().to_string();
    let hint = if message.contains("unknown field") {
        Some((
            "remove the key or correct its spelling; docs/workspace-format.md lists every key",
            "ta bort nyckeln eller rätta stavningen; docs/workspace-format.md listar alla nycklar",
        ))
    } else if message.contains("missing field") {
        Some((
            "add the key; docs/workspace-format.md shows an example of every table",
            "lägg till nyckeln; docs/workspace-format.md visar ett exempel på varje tabell",
        ))
    } else {
        None
    };
    // The TOML parser's own syntax messages are not ours and stay as it
    // writes them in the Swedish text too (see `raw::toml_message_sv`).
    let d = Diagnostic::new(
        format!("invalid TOML in {}: {message}", file.path.display()),
        format!(
            "ogiltig TOML i {}: {}",
            file.path.display(),
            crate::raw::toml_message_sv(&message)
        ),
    )
    .at(file, e.span());
    match hint {
        Some((en, sv)) => d.hint(en, sv),
        None => d,
    }
}

/// A judgment's value, or why it is none (in English and Swedish).
fn judgment_value(raw: &RawValue) -> Result<f64, (String, String)> {
    match raw {
        RawValue::Number(v) if v.is_finite() && *v > 0.0 => Ok(*v),
        RawValue::Number(v) => Err((
            format!("the value {v} is not a positive finite number"),
            format!(
                "värdet {} är inte ett positivt ändligt tal",
                vagval_report::Lang::Sv.localise(&v.to_string())
            ),
        )),
        RawValue::Text(t) => {
            scale::parse_value(t).map_err(|e| (e.message(Language::En), e.message(Language::Sv)))
        }
    }
}

fn number(raw: &RawNumber) -> Option<Decimal> {
    match raw {
        RawNumber::Integer(i) => Some(Decimal::from(*i)),
        // Through the shortest decimal text, so that 2.5 stays exactly 2.5.
        RawNumber::Float(f) if f.is_finite() => parse_decimal(&f.to_string()),
        RawNumber::Float(_) => None,
        RawNumber::Text(t) => parse_decimal(t),
    }
}

impl Workspace {
    /// Reads the workspace at `root` (the folder holding `vagval.toml`).
    pub fn load(root: &Path) -> Result<Workspace, Diagnostic> {
        let manifest_path = root.join(MANIFEST);
        let manifest = read_input(&manifest_path)?;
        let raw: RawWorkspace =
            toml::from_str(&manifest.text).map_err(|e| toml_error(&manifest, e))?;
        let mut ws = Workspace {
            root: root.to_path_buf(),
            spec: ModelSpec {
                goal: String::new(),
                alternatives: Vec::new(),
                criteria: Vec::new(),
                goal_weights: None,
                rating_scales: Vec::new(),
            },
            defaults: Defaults::default(),
            view: None,
            limits: vagval_lua::Limits::default(),
            description: None,
            english: EnglishTexts::default(),
            notes: Vec::new(),
            scripts: Vec::new(),
            files: vec![manifest],
            entries: HashMap::new(),
            sites: HashMap::new(),
            criteria: Vec::new(),
            parents: Vec::new(),
            alternatives: Vec::new(),
            scales: Vec::new(),
        };
        ws.manifest(raw)?;
        ws.criteria_files()?;
        Ok(ws)
    }

    fn file(&self, index: usize) -> &SourceFile {
        &self.files[index]
    }

    /// An error at `span` of file `file`, in English and in Swedish.
    fn error_at(
        &self,
        file: usize,
        span: Range<usize>,
        english: impl Into<String>,
        swedish: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(english, swedish).at(self.file(file), Some(span))
    }

    /// `vagval.toml`, step by step.
    fn manifest(&mut self, raw: RawWorkspace) -> Result<(), Diagnostic> {
        self.format_version(&raw.format_version)?;
        self.goal(raw.goal)?;
        self.description = raw.description.filter(|d| !d.trim().is_empty());
        self.english.description = raw.description_en.filter(|d| !d.trim().is_empty());
        if let Some(d) = raw.defaults {
            self.defaults = Defaults {
                method: self.choice(d.method)?,
                ri: self.choice(d.ri)?,
                mode: self.choice(d.mode)?,
                completion: self.choice(d.completion)?,
                range_point: self.choice(d.range_point)?,
            };
        }
        self.alternatives(raw.alternatives)?;
        self.lua_limits(&raw.lua)?;
        if let Some(weights) = raw.weights {
            if let Some(view) = &weights.get_ref().view {
                self.check_name(0, weights.span(), view, ("the view", "perspektivet"))?;
            }
            self.view = weights.get_ref().view.clone();
            self.english.view = weights.get_ref().view_en.clone();
            self.spec.goal_weights = Some(self.weights(0, weights, Site::Goal)?);
        }
        for (id, scale) in raw.rating_scales {
            self.rating_scale(id, scale)?;
        }
        Ok(())
    }

    /// `format_version`: required, and the one this vagval reads.
    fn format_version(&self, version: &Option<Spanned<i64>>) -> Result<(), Diagnostic> {
        let whole = 0..0;
        match version {
            None => {
                return Err(self
                    .error_at(
                        0,
                        whole,
                        "vagval.toml has no `format_version`",
                        "vagval.toml saknar `format_version`",
                    )
                    .hint(
                        format!("add `format_version = {FORMAT_VERSION}` at the top"),
                        format!("lägg till `format_version = {FORMAT_VERSION}` överst"),
                    ));
            }
            Some(v) if *v.get_ref() != FORMAT_VERSION => {
                return Err(self
                    .error_at(
                        0,
                        v.span(),
                        format!("format_version {} is not supported", v.get_ref()),
                        format!("format_version {} stöds inte", v.get_ref()),
                    )
                    .hint(
                        format!("this vagval reads format_version = {FORMAT_VERSION}"),
                        format!(
                            "den här versionen av vagval läser format_version = {FORMAT_VERSION}"
                        ),
                    ));
            }
            Some(_) => {}
        }
        Ok(())
    }

    /// `goal`: required, one non-empty line.
    fn goal(&mut self, goal: Option<Spanned<String>>) -> Result<(), Diagnostic> {
        let whole = 0..0;
        match goal {
            Some(goal) if !goal.get_ref().trim().is_empty() => {
                self.check_name(0, goal.span(), goal.get_ref(), ("the goal", "målet"))?;
                self.spec.goal = goal.into_inner();
            }
            Some(goal) => {
                return Err(self
                    .error_at(0, goal.span(), "the goal is empty", "målet är tomt")
                    .hint(
                        "say what the decision is for",
                        "skriv vad beslutet ska uppnå",
                    ));
            }
            None => {
                return Err(self
                    .error_at(
                        0,
                        whole,
                        "vagval.toml has no `goal`",
                        "vagval.toml saknar `goal`",
                    )
                    .hint(
                        "add e.g. `goal = \"Choose the best leader\"`",
                        "lägg till t.ex. `goal = \"Välj bästa ledaren\"`",
                    ));
            }
        }
        Ok(())
    }

    /// `[[alternatives]]`: ids and names checked, places kept.
    fn alternatives(&mut self, raw: Vec<Spanned<RawAlternative>>) -> Result<(), Diagnostic> {
        for alternative in raw {
            let span = alternative.span();
            let a = alternative.into_inner();
            self.check_id(0, &a.id)?;
            self.alternatives.push(Loc {
                file: 0,
                span: a.id.span(),
            });
            self.check_name(
                0,
                span,
                &a.name,
                ("the alternative's name", "alternativets namn"),
            )?;
            let id = a.id.into_inner();
            if let Some(english) = a.description_en.filter(|d| !d.trim().is_empty()) {
                self.english.alternatives.insert(id.clone(), english);
            }
            self.spec.alternatives.push(Alternative {
                id,
                name: a.name,
                description: a.description,
            });
        }
        Ok(())
    }

    /// `[lua]`: the sandbox's limits, each within its range.
    fn lua_limits(&mut self, lua: &Option<RawLua>) -> Result<(), Diagnostic> {
        if let Some(lua) = lua {
            if let Some(mb) = &lua.memory_limit_mb {
                if !(1..=65_536).contains(mb.get_ref()) {
                    return Err(self
                        .error_at(
                            0,
                            mb.span(),
                            format!("memory_limit_mb = {} is out of range", mb.get_ref()),
                            format!(
                                "memory_limit_mb = {} ligger utanför det tillåtna",
                                mb.get_ref()
                            ),
                        )
                        .hint(
                            "give a number of megabytes from 1 to 65536 (the default is 64)",
                            "ange ett antal megabyte från 1 till 65536 (standard är 64)",
                        ));
                }
                self.limits.memory_bytes = (*mb.get_ref() as usize) * 1024 * 1024;
            }
            if let Some(count) = &lua.instruction_limit {
                if *count.get_ref() < 1000 {
                    return Err(self
                        .error_at(
                            0,
                            count.span(),
                            format!("instruction_limit = {} is too small", count.get_ref()),
                            format!("instruction_limit = {} är för litet", count.get_ref()),
                        )
                        .hint(
                            "give at least 1000 (the default is 100000000, about a second)",
                            "ange minst 1000 (standard är 100000000, ungefär en sekund)",
                        ));
                }
                self.limits.instructions = *count.get_ref() as u64;
            }
        }
        Ok(())
    }

    /// A `[rating_scales.ID]` table: names checked, the levels' intensities
    /// given as values on every level or as judgments among them.
    fn rating_scale(&mut self, id: String, scale: Spanned<RawScale>) -> Result<(), Diagnostic> {
        let span = scale.span();
        self.check_name(
            0,
            span.clone(),
            &scale.get_ref().name,
            ("the scale's name", "skalans namn"),
        )?;
        for level in &scale.get_ref().levels {
            self.check_name(
                0,
                level.span(),
                &level.get_ref().name,
                ("the level's name", "nivåns namn"),
            )?;
        }
        let scale = scale.into_inner();
        let site = Site::RatingScale(id.clone());
        self.sites.insert(
            site.clone(),
            Loc {
                file: 0,
                span: span.clone(),
            },
        );
        self.scales.push(Loc {
            file: 0,
            span: span.clone(),
        });
        let values: Vec<_> = scale
            .levels
            .iter()
            .map(|l| l.get_ref().value.clone())
            .collect();
        let intensities = match (
            &scale.judgments,
            values.iter().all(Option::is_some),
            values.iter().all(Option::is_none),
        ) {
            (None, true, _) => {
                let mut direct = Vec::new();
                for (index, (level, value)) in scale.levels.iter().zip(&values).enumerate() {
                    if let Some(v) = value {
                        self.entries.insert(
                            (site.clone(), index),
                            Loc {
                                file: 0,
                                span: v.span(),
                            },
                        );
                        direct.push((level.get_ref().id.clone(), *v.get_ref()));
                    }
                }
                WeightsSpec::Direct(direct)
            }
            (Some(judgments), _, true) => {
                WeightsSpec::Judgments(self.judgments(0, judgments, &site)?)
            }
            (Some(_), _, false) => {
                return Err(self
                    .error_at(
                        0,
                        span,
                        format!("rating scale `{id}` has both level values and judgments"),
                        format!("betygsskalan `{id}` har både värden på nivåerna och bedömningar"),
                    )
                    .hint(
                        "give either a `value` on every level or `judgments` among the levels",
                        "ange antingen ett `value` på varje nivå eller `judgments` mellan nivåerna",
                    ));
            }
            (None, _, _) => {
                return Err(self
                    .error_at(
                        0,
                        span,
                        format!("rating scale `{id}` does not say how intense its levels are"),
                        format!("betygsskalan `{id}` säger inte hur mycket dess nivåer väger"),
                    )
                    .hint(
                        "give a `value` on every level, or `judgments` among the levels",
                        "ange ett `value` på varje nivå, eller `judgments` mellan nivåerna",
                    ));
            }
        };
        self.spec.rating_scales.push(RatingScaleSpec {
            id,
            name: scale.name,
            levels: scale
                .levels
                .into_iter()
                .map(|l| (l.get_ref().id.clone(), l.get_ref().name.clone()))
                .collect(),
            intensities,
        });
        Ok(())
    }

    /// A named choice of `[defaults]`; an unknown name is refused with the
    /// names there are (`Choice::list`).
    fn choice<T: Choice>(&self, raw: Option<Spanned<String>>) -> Result<Option<T>, Diagnostic> {
        let allowed = T::list();
        match raw {
            None => Ok(None),
            Some(text) => match T::parse(text.get_ref()) {
                Some(v) => Ok(Some(v)),
                None => Err(self
                    .error_at(
                        0,
                        text.span(),
                        format!("`{}` is not a known choice", text.get_ref()),
                        format!("`{}` är inget känt val", text.get_ref()),
                    )
                    .hint(
                        format!("use one of: {allowed}"),
                        format!("använd ett av: {allowed}"),
                    )),
            },
        }
    }

    fn check_id(&self, file: usize, id: &Spanned<String>) -> Result<(), Diagnostic> {
        let text = id.get_ref();
        if text.trim().is_empty() || text.trim() != text {
            return Err(self
                .error_at(
                    file,
                    id.span(),
                    format!("the id `{text}` is empty or has surrounding spaces"),
                    format!("id:t `{text}` är tomt eller har mellanslag före eller efter"),
                )
                .hint(
                    "ids are short names such as `join-hit`",
                    "id:n är korta namn som `join-hit`",
                ));
        }
        self.check_one_line(
            file,
            id.span(),
            text,
            ("the id", "id:t"),
            (
                "an id is one short line of text such as `join-hit`",
                "ett id är en kort rad text som `join-hit`",
            ),
        )
    }

    /// A name (of the goal, an alternative, a criterion, a scale or a
    /// level, a view) is one line of text: tables, charts and Markdown
    /// headings show it on one line, and a control character would reach
    /// the terminal. `what` names it in English and Swedish.
    fn check_name(
        &self,
        file: usize,
        span: Range<usize>,
        text: &str,
        what: (&str, &str),
    ) -> Result<(), Diagnostic> {
        self.check_one_line(
            file,
            span,
            text,
            what,
            (
                "a name is one line of text; longer explanations go in `description`",
                "ett namn är en rad text; längre förklaringar hör hemma i `description`",
            ),
        )
    }

    /// A name or an id holds no line break or other control character;
    /// `hint` says what it is, in English and Swedish.
    fn check_one_line(
        &self,
        file: usize,
        span: Range<usize>,
        text: &str,
        what: (&str, &str),
        hint: (&str, &str),
    ) -> Result<(), Diagnostic> {
        if let Some(bad) = text.chars().find(|c| c.is_control()) {
            let shown = format!("U+{:04X}", bad as u32);
            return Err(self
                .error_at(
                    file,
                    span,
                    format!(
                        "{} `{}` holds a line break or control character ({shown})",
                        what.0,
                        text.escape_debug()
                    ),
                    format!(
                        "{} `{}` innehåller en radbrytning eller ett styrtecken ({shown})",
                        what.1,
                        text.escape_debug()
                    ),
                )
                .hint(hint.0, hint.1));
        }
        Ok(())
    }

    fn judgments(
        &mut self,
        file: usize,
        raw: &[Spanned<RawJudgment>],
        site: &Site,
    ) -> Result<Vec<Judgment>, Diagnostic> {
        let mut out = Vec::with_capacity(raw.len());
        for (index, judgment) in raw.iter().enumerate() {
            let j = judgment.get_ref();
            let value = judgment_value(&j.value).map_err(|(message, message_sv)| {
                self.error_at(
                    file,
                    judgment.span(),
                    format!("{site}: judgment {}: {message}", index + 1),
                    format!(
                        "{}: bedömning {}: {message_sv}",
                        site.phrase(Language::Sv),
                        index + 1
                    ),
                )
                .hint_both(Some(Hint::JudgmentValue.both()))
            })?;
            self.entries.insert(
                (site.clone(), index),
                Loc {
                    file,
                    span: judgment.span(),
                },
            );
            if j.rationale.is_some() || j.rationale_en.is_some() || j.quote.is_some() {
                self.notes.push(vagval_report::SourceNote {
                    site: site.clone(),
                    subject: vagval_report::NoteSubject::Judgment {
                        first: j.first.clone(),
                        second: j.second.clone(),
                        value,
                    },
                    rationale: j.rationale.clone().unwrap_or_default(),
                    rationale_en: j.rationale_en.clone(),
                    quote: j.quote.clone().unwrap_or_default(),
                });
            }
            out.push(Judgment::new(j.first.clone(), j.second.clone(), value));
        }
        Ok(out)
    }

    fn weights(
        &mut self,
        file: usize,
        raw: Spanned<RawWeights>,
        site: Site,
    ) -> Result<WeightsSpec, Diagnostic> {
        let span = raw.span();
        self.sites.insert(
            site.clone(),
            Loc {
                file,
                span: span.clone(),
            },
        );
        let raw = raw.into_inner();
        match (raw.judgments, raw.direct) {
            (Some(judgments), None) => Ok(WeightsSpec::Judgments(
                self.judgments(file, &judgments, &site)?,
            )),
            (None, Some(direct)) => {
                let mut list = Vec::with_capacity(direct.len());
                for (index, (item, value)) in direct.into_iter().enumerate() {
                    self.entries.insert(
                        (site.clone(), index),
                        Loc {
                            file,
                            span: value.span(),
                        },
                    );
                    list.push((item, value.into_inner()));
                }
                Ok(WeightsSpec::Direct(list))
            }
            (Some(_), Some(_)) => Err(self
                .error_at(
                    file,
                    span,
                    format!("{site}: both `judgments` and `direct` are given"),
                    format!("{}: både `judgments` och `direct` är angivna", site.phrase(Language::Sv)),
                )
                .hint("keep one: pairwise `judgments` or `direct` weights", "behåll en: parvisa bedömningar (`judgments`) eller direkta vikter (`direct`)")),
            (None, None) => Err(self
                .error_at(
                    file,
                    span,
                    format!("{site}: `[weights]` has neither `judgments` nor `direct`"),
                    format!(
                        "{}: `[weights]` har varken `judgments` eller `direct`",
                        site.phrase(Language::Sv)
                    ),
                )
                .hint(
                    "add `judgments = [[\"a\", \"b\", 3], …]` or `direct = { a = 0.6, b = 0.4 }`", "lägg till `judgments = [[\"a\", \"b\", 3], …]` eller `direct = { a = 0.6, b = 0.4 }`",)),
        }
    }

    fn criteria_files(&mut self) -> Result<(), Diagnostic> {
        let dir = self.root.join("criteria");
        let listing = std::fs::read_dir(&dir).map_err(|e| {
            // `{e}` is the system's I/O error text, not ours: the same in both languages.
            Diagnostic::new(
                format!("cannot read the criteria folder {}: {e}", dir.display()),
                format!("kan inte läsa kriteriemappen {}: {e}", dir.display()),
            )
            .in_file(&dir)
            .hint(
                "a workspace keeps one TOML file per criterion in `criteria/`",
                "en arbetsyta har en TOML-fil per kriterium i `criteria/`",
            )
        })?;
        let mut paths = Vec::new();
        for entry in listing {
            let entry = entry.map_err(|e| {
                // `{e}` is the system's I/O error text, not ours: the same in both languages.
                Diagnostic::new(
                    format!("cannot read {}: {e}", dir.display()),
                    format!("kan inte läsa {}: {e}", dir.display()),
                )
                .in_file(&dir)
            })?;
            let path = entry.path();
            // A pipe, device or dangling link named `*.toml` is refused by
            // `read_input` with its place, not skipped: a criterion must
            // never vanish from the decision unsaid. (Folders are ignored.)
            if path.extension().is_some_and(|e| e == "toml") && !path.is_dir() {
                paths.push(path);
            }
        }
        paths.sort();
        for path in paths {
            let file = read_input(&path)?;
            let raw: RawCriterion = toml::from_str(&file.text).map_err(|e| toml_error(&file, e))?;
            self.files.push(file);
            let index = self.files.len() - 1;
            self.criterion(index, raw)?;
        }
        Ok(())
    }

    fn criterion(&mut self, file: usize, raw: RawCriterion) -> Result<(), Diagnostic> {
        let Some(id) = raw.id else {
            return Err(self
                .error_at(
                    file,
                    0..0,
                    "the criterion has no `id`",
                    "kriteriet saknar `id`",
                )
                .hint(
                    "add e.g. `id = \"cost\"` at the top",
                    "lägg till t.ex. `id = \"kostnad\"` överst",
                ));
        };
        self.check_id(file, &id)?;
        let Some(name) = raw.name else {
            return Err(self
                .error_at(
                    file,
                    id.span(),
                    "the criterion has no `name`",
                    "kriteriet saknar `name`",
                )
                .hint(
                    "add e.g. `name = \"Kostnad\"`",
                    "lägg till t.ex. `name = \"Kostnad\"`",
                ));
        };
        self.check_name(
            file,
            id.span(),
            &name,
            ("the criterion's name", "kriteriets namn"),
        )?;
        self.criteria.push(Loc {
            file,
            span: id.span(),
        });
        self.parents.push(raw.parent.as_ref().map(|p| Loc {
            file,
            span: p.span(),
        }));
        let id_text = id.get_ref().clone();
        let weights = match raw.weights {
            Some(w) => Some(self.weights(file, w, Site::Weights(id_text.clone()))?),
            None => None,
        };
        let site = Site::Assessment(id_text.clone());
        let given = [
            raw.pairwise.is_some(),
            raw.ratings.is_some(),
            raw.data.is_some(),
            raw.script.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        self.at_most_one_assessment(file, id.span(), &id_text, given)?;
        let assessment = if let Some(p) = raw.pairwise {
            self.sites.insert(
                site.clone(),
                Loc {
                    file,
                    span: p.span(),
                },
            );
            Some(AssessmentSpec::Pairwise(self.judgments(
                file,
                &p.get_ref().judgments,
                &site,
            )?))
        } else if let Some(r) = raw.ratings {
            self.sites.insert(
                site.clone(),
                Loc {
                    file,
                    span: r.get_ref().scale.span(),
                },
            );
            let r = r.into_inner();
            let mut ratings = Vec::new();
            for (index, (alternative, rating)) in r.alternatives.into_iter().enumerate() {
                self.entries.insert(
                    (site.clone(), index),
                    Loc {
                        file,
                        span: rating.span(),
                    },
                );
                let rating = rating.into_inner();
                if rating.rationale.is_some()
                    || rating.rationale_en.is_some()
                    || rating.quote.is_some()
                {
                    self.notes.push(vagval_report::SourceNote {
                        site: site.clone(),
                        subject: vagval_report::NoteSubject::Rating {
                            alternative: alternative.clone(),
                            level: rating.level.clone(),
                        },
                        rationale: rating.rationale.unwrap_or_default(),
                        rationale_en: rating.rationale_en,
                        quote: rating.quote.unwrap_or_default(),
                    });
                }
                ratings.push((alternative, rating.level));
            }
            Some(AssessmentSpec::Ratings {
                scale: r.scale.into_inner(),
                ratings,
            })
        } else if let Some(script) = raw.script {
            self.sites.insert(
                site.clone(),
                Loc {
                    file,
                    span: script.span(),
                },
            );
            Some(self.script(file, script, &site)?)
        } else if let Some(d) = raw.data {
            self.sites.insert(
                site.clone(),
                Loc {
                    file,
                    span: d.span(),
                },
            );
            Some(self.data(file, d.into_inner(), &site)?)
        } else {
            None
        };
        let id = id.into_inner();
        if let Some(english) = raw.description_en.filter(|d| !d.trim().is_empty()) {
            self.english.criteria.insert(id.clone(), english);
        }
        self.spec.criteria.push(CriterionInput {
            criterion: CriterionSpec {
                id,
                name,
                description: raw.description,
                parent: raw.parent.map(Spanned::into_inner),
            },
            weights,
            assessment,
        });
        Ok(())
    }

    /// A criterion has at most one of [pairwise], [ratings], [data] and
    /// [script]: `given` is how many it has.
    fn at_most_one_assessment(
        &self,
        file: usize,
        span: Range<usize>,
        id: &str,
        given: usize,
    ) -> Result<(), Diagnostic> {
        if given <= 1 {
            return Ok(());
        }
        Err(self
            .error_at(
                file,
                span,
                format!("criterion `{id}` has more than one assessment table"),
                format!("kriteriet `{id}` har mer än en bedömningstabell"),
            )
            .hint(
                "keep exactly one of [pairwise], [ratings], [data] or [script]",
                "behåll exakt en av [pairwise], [ratings], [data] och [script]",
            ))
    }

    fn value_function(
        &self,
        file: usize,
        f: FunctionFields<'_>,
    ) -> Result<ValueFunction, Diagnostic> {
        let decimal = |ws: &Self, raw: &Spanned<RawNumber>| {
            number(raw.get_ref()).ok_or_else(|| {
                ws.error_at(file, raw.span(), "not a number", "inte ett tal")
                    .hint("write an integer, a decimal, or a string such as \"2 035\" or \"2,5\"", "skriv ett heltal, ett decimaltal eller en text som \"2 035\" eller \"2,5\"")
            })
        };
        let function = match f.function.get_ref().as_str() {
            "linear" => {
                if let Some(points) = &f.points {
                    return Err(self
                        .error_at(
                            file,
                            points.span(),
                            "`points` belong to a piecewise-linear function",
                            "`points` hör till en styckvis linjär funktion",
                        )
                        .hint(
                            "set `function = \"piecewise-linear\"` or remove `points`",
                            "sätt `function = \"piecewise-linear\"` eller ta bort `points`",
                        ));
                }
                let Some(direction) = &f.direction else {
                    return Err(self
                        .error_at(
                            file,
                            f.function.span(),
                            "a linear value function needs a `direction`",
                            "en linjär värdefunktion behöver en `direction`",
                        )
                        .hint("add `direction = \"lower-is-better\"` or `direction = \"higher-is-better\"`", "lägg till `direction = \"lower-is-better\"` (lägre är bättre) eller `direction = \"higher-is-better\"` (högre är bättre)"));
                };
                let direction = Direction::parse(direction.get_ref()).ok_or_else(|| {
                    self.error_at(
                        file,
                        direction.span(),
                        format!("`{}` is not a direction", direction.get_ref()),
                        format!("`{}` är ingen riktning", direction.get_ref()),
                    )
                    .hint("use \"lower-is-better\" or \"higher-is-better\"", "använd \"lower-is-better\" (lägre är bättre) eller \"higher-is-better\" (högre är bättre)")
                })?;
                let lower = f.lower.as_ref().map(|l| decimal(self, l)).transpose()?;
                let upper = f.upper.as_ref().map(|u| decimal(self, u)).transpose()?;
                ValueFunction::Linear {
                    direction,
                    lower,
                    upper,
                }
            }
            "piecewise-linear" => {
                if let Some(k) = f.lower.as_ref().or(f.upper.as_ref()) {
                    return Err(self
                        .error_at(
                            file,
                            k.span(),
                            "`lower` and `upper` belong to a linear function",
                            "`lower` och `upper` hör till en linjär funktion",
                        )
                        .hint(
                            "a piecewise-linear function is given by its `points` alone",
                            "en styckvis linjär funktion anges enbart med sina `points`",
                        ));
                }
                if let Some(direction) = &f.direction {
                    return Err(self
                        .error_at(
                            file,
                            direction.span(),
                            "`direction` belongs to a linear function",
                            "`direction` hör till en linjär funktion",
                        )
                        .hint(
                            "a piecewise-linear function's points already say which end is better", "en styckvis linjär funktions punkter säger redan vilken ände som är bättre",));
                }
                let Some(points) = &f.points else {
                    return Err(self
                        .error_at(
                            file,
                            f.function.span(),
                            "a piecewise-linear value function needs `points`",
                            "en styckvis linjär värdefunktion behöver `points`",
                        )
                        .hint(
                            "add e.g. `points = [[0, 1.0], [5000, 0.6], [20000, 0.0]]`",
                            "lägg till t.ex. `points = [[0, 1.0], [5000, 0.6], [20000, 0.0]]`",
                        ));
                };
                let mut list = Vec::new();
                for (x, v) in points.get_ref() {
                    let x = number(x).ok_or_else(|| {
                        self.error_at(
                            file,
                            points.span(),
                            "a point's x is not a number",
                            "x i en punkt är inte ett tal",
                        )
                    })?;
                    list.push((x, *v));
                }
                ValueFunction::PiecewiseLinear { points: list }
            }
            other => {
                return Err(self
                    .error_at(
                        file,
                        f.function.span(),
                        format!("`{other}` is not a value function"),
                        format!("`{other}` är ingen värdefunktion"),
                    )
                    .hint(
                        "use \"linear\" or \"piecewise-linear\"",
                        "använd \"linear\" (linjär) eller \"piecewise-linear\" (styckvis linjär)",
                    ));
            }
        };
        Ok(function)
    }

    /// Per-alternative values or ranges; entry `k` is registered under
    /// (`site`, `first_index + k`) for error messages.
    fn quantities(
        &mut self,
        file: usize,
        entries: BTreeMap<String, Spanned<RawDataEntry>>,
        site: &Site,
        first_index: usize,
    ) -> Result<Vec<(String, Quantity)>, Diagnostic> {
        let mut values = Vec::new();
        for (k, (alternative, entry)) in entries.into_iter().enumerate() {
            let span = entry.span();
            self.entries.insert(
                (site.clone(), first_index + k),
                Loc {
                    file,
                    span: span.clone(),
                },
            );
            let bad = |ws: &Self, message: String, message_sv: String| {
                ws.error_at(file, span.clone(), message, message_sv)
                    .hint(
                        "write a value (2035, \"2 035\", \"2,5\") or a range low–high (\"8500–16500\")", "skriv ett värde (2035, \"2 035\", \"2,5\") eller ett intervall lägst–högst (\"8500–16500\")",)
            };
            let core =
                |ws: &Self, e: Error| bad(ws, e.message(Language::En), e.message(Language::Sv));
            let quantity = match entry.into_inner() {
                RawDataEntry::Value(RawNumber::Text(t)) => {
                    Quantity::parse(&t).map_err(|e| core(self, e))?
                }
                RawDataEntry::Value(n) => Quantity::exact(number(&n).ok_or_else(|| {
                    bad(
                        self,
                        "not a finite number".into(),
                        "inte ett ändligt tal".into(),
                    )
                })?),
                RawDataEntry::Range(l, h) => {
                    let low = number(&l).ok_or_else(|| {
                        bad(
                            self,
                            "`low` is not a number".into(),
                            "`low` är inte ett tal".into(),
                        )
                    })?;
                    let high = number(&h).ok_or_else(|| {
                        bad(
                            self,
                            "`high` is not a number".into(),
                            "`high` är inte ett tal".into(),
                        )
                    })?;
                    Quantity::range(low, high).map_err(|e| core(self, e))?
                }
            };
            values.push((alternative, quantity));
        }
        Ok(values)
    }

    fn data(&mut self, file: usize, d: RawData, site: &Site) -> Result<AssessmentSpec, Diagnostic> {
        let function = self.value_function(
            file,
            FunctionFields {
                function: &d.function,
                direction: &d.direction,
                lower: &d.lower,
                upper: &d.upper,
                points: &d.points,
            },
        )?;
        let values = self.quantities(file, d.alternatives, site, 0)?;
        Ok(AssessmentSpec::Data {
            unit: d.unit,
            values,
            function,
        })
    }

    /// A scripted criterion: its inputs are read like data, then its script
    /// is run at its inputs' ends, which bound the criterion's range
    /// (core's `plugin::bound_by_inputs`).
    fn script(
        &mut self,
        file: usize,
        raw: Spanned<RawScript>,
        site: &Site,
    ) -> Result<AssessmentSpec, Diagnostic> {
        let script_span = raw.span();
        let raw = raw.into_inner();
        let function = self.value_function(
            file,
            FunctionFields {
                function: &raw.function,
                direction: &raw.direction,
                lower: &raw.lower,
                upper: &raw.upper,
                points: &raw.points,
            },
        )?;
        let ids: Vec<String> = self
            .spec
            .alternatives
            .iter()
            .map(|a| a.id.clone())
            .collect();
        let inputs = self.script_inputs(file, raw.inputs, site, &ids)?;
        let script = self.script_source(file, &raw.path)?;
        let mut scorer = script
            .load(self)
            .map_err(|e| lua_diagnostic(&script.path, &e))?;
        let bounded = bound_by_inputs(&mut scorer, &ids, &inputs);
        let values = bounded.map_err(|e| match e {
            BoundError::NotDecimal {
                alternative,
                at_low,
                at_high,
            } => self.not_decimal(file, script_span.clone(), &alternative, at_low, at_high),
            BoundError::Scorer(e) => lua_diagnostic(&script.path, &e),
            BoundError::Count { given, expected } => self.error_at(
                file,
                script_span.clone(),
                format!("the script gave {given} values, expected {expected}"),
                format!("skriptet gav {given} värden, väntat {expected}"),
            ),
        })?;
        if let Site::Assessment(criterion) = site {
            self.scripts.push(ScriptSource {
                criterion: criterion.clone(),
                ..script
            });
        }
        let by_id = |values: Vec<Quantity>| ids.iter().cloned().zip(values).collect();
        Ok(AssessmentSpec::Scripted {
            unit: raw.unit,
            values: by_id(values),
            function,
            inputs: inputs
                .into_iter()
                .map(|(name, ordered)| (name, by_id(ordered)))
                .collect(),
        })
    }

    /// A scripted criterion's inputs, each with a value or range for every
    /// alternative, in the order of `ids`; entries are registered under
    /// `site` one after another for error messages.
    fn script_inputs(
        &mut self,
        file: usize,
        raw: BTreeMap<String, Spanned<BTreeMap<String, Spanned<RawDataEntry>>>>,
        site: &Site,
        ids: &[String],
    ) -> Result<Vec<(String, Vec<Quantity>)>, Diagnostic> {
        let mut inputs = Vec::new();
        let mut index = 0;
        for (name, entries) in raw {
            let table_span = entries.span();
            let given = self.quantities(file, entries.into_inner(), site, index)?;
            index += given.len();
            let mut ordered = Vec::with_capacity(ids.len());
            for id in ids {
                match given.iter().find(|(a, _)| a == id) {
                    Some((_, q)) => ordered.push(*q),
                    None => {
                        return Err(self
                            .error_at(
                                file,
                                table_span,
                                format!("input `{name}` has no value for alternative `{id}`"),
                                format!("indata `{name}` saknar värde för alternativet `{id}`"),
                            )
                            .hint(
                                "give every alternative a value or a range",
                                "ge varje alternativ ett värde eller ett intervall",
                            ));
                    }
                }
            }
            if let Some((unknown, _)) = given.iter().find(|(a, _)| !ids.contains(a)) {
                let listed = ids
                    .iter()
                    .map(|i| format!("`{i}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(self
                    .error_at(
                        file,
                        table_span,
                        format!("input `{name}` names `{unknown}`, which is not an alternative"),
                        format!("indata `{name}` nämner `{unknown}`, som inte är ett alternativ"),
                    )
                    .hint(
                        format!("the alternatives are {listed}"),
                        format!("alternativen är {listed}"),
                    ));
            }
            inputs.push((name, ordered));
        }
        Ok(inputs)
    }

    /// The script a scripted criterion names (`path`, relative to the
    /// workspace), read. A script that cannot be read at all is pointed at
    /// where the criterion names it; one with invalid UTF-8 keeps its own
    /// line and column.
    fn script_source(
        &self,
        file: usize,
        raw_path: &Spanned<String>,
    ) -> Result<ScriptSource, Diagnostic> {
        let relative = raw_path.get_ref().clone();
        let path = self.root.join(&relative);
        let source = read_input(&path).map_err(|d| {
            let in_script = d.location.as_ref().is_some_and(|l| l.span.is_some());
            let d = if in_script {
                d
            } else {
                let mut at = self.error_at(file, raw_path.span(), d.message, d.message_sv);
                at.hint = d.hint;
                at
            };
            if d.hint.is_some() {
                return d;
            }
            d.hint(
                format!(
                    "`path = \"{relative}\"` is read relative to the workspace folder {}",
                    self.root.display()
                ),
                format!(
                    "`path = \"{relative}\"` läses relativt arbetsytans mapp {}",
                    self.root.display()
                ),
            )
        })?;
        Ok(ScriptSource {
            criterion: String::new(),
            relative,
            path,
            source: source.text,
        })
    }

    /// A script's value of `alternative` that is no exact decimal (at the
    /// inputs' low or high ends), shown in scientific form: 1e300 is no row
    /// of 300 digits.
    fn not_decimal(
        &self,
        file: usize,
        span: Range<usize>,
        alternative: &str,
        a: f64,
        b: f64,
    ) -> Diagnostic {
        let en = |v: f64| format!("{v:e}");
        let sv = |v: f64| vagval_report::Lang::Sv.localise(&format!("{v:e}"));
        let (why, why_sv) = if a.is_finite() && b.is_finite() {
            (
                "which is beyond the exact decimals vagval keeps (about ±7.9e28)",
                "vilket ligger utanför de exakta decimaltal vagval räknar med (ungefär ±7,9e28)",
            )
        } else {
            (
                "which is not a finite number",
                "vilket inte är ett ändligt tal",
            )
        };
        self.error_at(
            file,
            span,
            format!(
                "the script gave `{alternative}` the value {} or {}, {why}",
                en(a),
                en(b)
            ),
            format!(
                "skriptet gav `{alternative}` värdet {} eller {}, {why_sv}",
                sv(a),
                sv(b)
            ),
        )
        .hint(
            "the script must return a finite number of a sensible size for every alternative",
            "skriptet måste returnera ett ändligt tal av rimlig storlek för varje alternativ",
        )
    }

    /// The scripted criterion `criterion`'s script in a Lua state of its
    /// own, with its path; `None` when it is no scripted criterion.
    pub fn criterion_script(
        &self,
        criterion: &str,
    ) -> Option<(
        Result<vagval_lua::CriterionScript, vagval_lua::Error>,
        &Path,
    )> {
        let script = self.scripts.iter().find(|s| s.criterion == criterion)?;
        Some((script.load(self), &script.path))
    }

    /// A scorer for the scripted criterion `criterion`, in a Lua state of
    /// its own (for Monte Carlo workers; each builds its own): `None` when
    /// the criterion has no script, the script's error when it does not load.
    pub fn scorer(
        &self,
        criterion: &str,
    ) -> Result<Option<vagval_core::sensitivity::smaa::Scorer>, vagval_core::PluginError> {
        let Some((loaded, _)) = self.criterion_script(criterion) else {
            return Ok(None);
        };
        let loaded = loaded.map_err(vagval_core::PluginError::new)?;
        Ok(Some(Box::new(LuaScorer(loaded))))
    }

    fn site_loc(&self, site: &Site) -> Option<&Loc> {
        self.sites.get(site).or_else(|| match site {
            Site::Goal => None,
            Site::Weights(id) | Site::Assessment(id) => self
                .spec
                .criteria
                .iter()
                .position(|c| &c.criterion.id == id)
                .map(|i| &self.criteria[i]),
            Site::RatingScale(_) | Site::Matrix => None,
        })
    }

    fn criterion_loc(&self, id: &str) -> Option<&Loc> {
        self.spec
            .criteria
            .iter()
            .position(|c| c.criterion.id == id)
            .map(|i| &self.criteria[i])
    }

    /// A core error, pointed at the file, line and column it comes from,
    /// with a hint where one helps.
    pub fn diagnose(&self, error: &Error) -> Diagnostic {
        let diagnostic = Diagnostic::in_both(|l| error.message(l));
        let diagnostic = match self.error_loc(error) {
            Some(loc) => diagnostic.at(self.file(loc.file), Some(loc.span.clone())),
            None => diagnostic.in_file(&self.files[0].path),
        };
        diagnostic.hint_both(self.error_hint(error).map(|hint| hint.both()))
    }

    /// Where the end of `vagval.toml` is: where a missing table can go.
    fn end_of_manifest(&self) -> Loc {
        let end = self.files[0].text.len();
        Loc {
            file: 0,
            span: end..end,
        }
    }

    /// Where in the workspace's files a core error points.
    fn error_loc(&self, error: &Error) -> Option<Loc> {
        let entry = |site: &Site, index: usize| {
            self.entries
                .get(&(site.clone(), index))
                .or_else(|| self.site_loc(site))
        };
        let loc = match error {
            Error::Judgment { site, source } => entry(site, source.index),
            Error::BadWeight { site, index, .. }
            | Error::UnknownWeightItem { site, index, .. }
            | Error::DuplicateWeightItem { site, index, .. }
            | Error::UnknownAlternative { site, index, .. }
            | Error::DuplicateAlternativeEntry { site, index, .. }
            | Error::UnknownRatingLevel { site, index, .. }
            | Error::DuplicateRatingLevel { site, index, .. } => entry(site, *index),
            Error::DuplicateCriterion { index, .. } => self.criteria.get(*index),
            Error::UnknownParent { index, .. } | Error::Cycle { index, .. } => {
                self.parents.get(*index).and_then(Option::as_ref)
            }
            Error::DuplicateAlternative { index, .. } => self.alternatives.get(*index),
            Error::DuplicateRatingScale { index, .. } => self.scales.get(*index),
            Error::AssessmentOnParent { id } | Error::MissingAssessment { id } => {
                self.criterion_loc(id)
            }
            Error::WeightsOnLeaf { id, .. } => self
                .sites
                .get(&Site::Weights(id.clone()))
                .or_else(|| self.criterion_loc(id)),
            Error::MissingWeights {
                site: Site::Goal, ..
            }
            | Error::NoAlternatives => return Some(self.end_of_manifest()),
            Error::NoCriteria => None,
            other => other.site().and_then(|site| self.site_loc(site)),
        };
        loc.cloned()
    }

    /// What would be right after a core error, if there is something to say.
    fn error_hint(&self, error: &Error) -> Option<Hint> {
        Some(match error {
            Error::Judgment { source, .. } => Hint::Judgment(JudgmentHint::of(&source.kind)),
            Error::Disconnected { .. } => Hint::LinkGroups,
            Error::DuplicateCriterion { first, .. } => Hint::OwnCriterionId {
                first: self.criteria.get(*first).map(|loc| {
                    let file = self.file(loc.file);
                    let (line, column) = crate::diagnostic::line_column(&file.text, loc.span.start);
                    format!("{}:{line}:{column}", file.path.display())
                }),
            },
            Error::UnknownParent { .. } => Hint::ParentIds {
                ids: self
                    .spec
                    .criteria
                    .iter()
                    .map(|c| format!("`{}`", c.criterion.id))
                    .collect::<Vec<_>>()
                    .join(", "),
            },
            Error::Cycle { .. } => Hint::BreakCycle,
            Error::DuplicateAlternative { .. } => Hint::OwnAlternativeId,
            Error::AssessmentOnParent { .. } => Hint::RemoveAssessment,
            Error::MissingAssessment { .. } => Hint::AddAssessment,
            Error::WeightsOnLeaf { .. } => Hint::RemoveWeights,
            Error::MissingWeights {
                site: Site::Goal, ..
            } => Hint::AddGoalWeights {
                direct: self
                    .spec
                    .criteria
                    .iter()
                    .filter(|c| c.criterion.parent.is_none())
                    .map(|c| format!("\"{}\" = 1", c.criterion.id))
                    .collect::<Vec<_>>()
                    .join(", "),
            },
            Error::MissingWeights { .. } => Hint::AddWeights,
            Error::NoAlternatives => Hint::AddAlternatives,
            Error::NoCriteria => Hint::AddCriteria,
            Error::MissingRating { .. } | Error::MissingValue { .. } => Hint::EveryAlternative,
            Error::MissingWeight { .. } => Hint::WeightEveryItem,
            Error::AllWeightsZero { .. } => Hint::PositiveWeight,
            other => return Hint::of(other),
        })
    }
}

/// A criterion script as Monte Carlo's scorer: its errors as plugin
/// errors, a batch of samples in one call of the script's state.
struct LuaScorer(vagval_lua::CriterionScript);

impl CriterionScorer for LuaScorer {
    type Error = vagval_core::PluginError;

    fn score(&mut self, inputs: &ScorerInputs) -> Result<Vec<f64>, Self::Error> {
        self.0.score(inputs).map_err(vagval_core::PluginError::new)
    }

    fn score_batch(
        &mut self,
        batch: &vagval_core::plugin::InputBatch<'_>,
        out: &mut Vec<f64>,
    ) -> Result<(), vagval_core::plugin::BatchError<Self::Error>> {
        use vagval_core::plugin::BatchError;
        self.0.score_batch(batch, out).map_err(|e| match e {
            BatchError::Scorer(e) => BatchError::Scorer(vagval_core::PluginError::new(e)),
            BatchError::BadValues { given } => BatchError::BadValues { given },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vagval_report::Lang;

    /// A workspace in a fresh temporary folder; removed on drop.
    struct TempWorkspace(PathBuf);

    impl TempWorkspace {
        fn new(name: &str, manifest: &str, criteria: &[(&str, &str)]) -> Self {
            let root =
                std::env::temp_dir().join(format!("vagval-load-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&root);
            std::fs::create_dir_all(root.join("criteria")).unwrap();
            std::fs::write(root.join(MANIFEST), manifest).unwrap();
            for (file, text) in criteria {
                std::fs::write(root.join("criteria").join(file), text).unwrap();
            }
            TempWorkspace(root)
        }
    }

    impl Drop for TempWorkspace {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const MANIFEST_TEXT: &str = "format_version = 1\ngoal = \"Välj\"\n\n[[alternatives]]\nid = \"a\"\nname = \"A\"\n\n[[alternatives]]\nid = \"b\"\nname = \"B\"\n";

    /// The lines from the `-->` pointer to the caret.
    fn pointer(text: &str) -> Vec<&str> {
        text.lines().skip(1).take(4).collect()
    }

    #[test]
    fn a_core_error_in_swedish_points_at_the_same_place() {
        let ws = TempWorkspace::new(
            "core",
            MANIFEST_TEXT,
            &[(
                "kostnad.toml",
                "id = \"kostnad\"\nname = \"Kostnad\"\n[pairwise]\njudgments = [[\"a\", \"a\", 3]]\n",
            )],
        );
        let loaded = Workspace::load(&ws.0).unwrap_or_else(|d| panic!("{}", d.render()));
        let error = vagval_core::Model::new(loaded.spec.clone()).unwrap_err();
        let d = loaded.diagnose(&error);
        let (en, sv) = (d.render(), d.render_in(Lang::Sv));
        assert!(en.starts_with("error: the assessment of the alternatives on `kostnad`: judgment 1: `a` is compared with itself"), "{en}");
        assert!(sv.starts_with("fel: bedömningen av alternativen på `kostnad`: bedömning 1: `a` jämförs med sig själv"), "{sv}");
        assert_eq!(pointer(&en), pointer(&sv));
        assert!(pointer(&sv)[0].ends_with("kostnad.toml:4:14"), "{sv}");
    }

    /// An unknown name in `[defaults]` is refused with every name of that
    /// choice, as the core lists them (`Choice::list`), and each known name
    /// is read.
    #[test]
    fn defaults_hint_at_the_choices_names() {
        fn check<T: Choice>(key: &str, field: impl Fn(&Defaults) -> Option<T>) {
            let bad = format!("{MANIFEST_TEXT}\n[defaults]\n{key} = \"nonsense\"\n");
            let ws = TempWorkspace::new(&format!("choice-{key}"), &bad, &[]);
            let Err(d) = Workspace::load(&ws.0) else {
                panic!("{key}: `nonsense` is read");
            };
            assert_eq!(d.message, "`nonsense` is not a known choice");
            assert_eq!(
                d.hint,
                Some((
                    format!("use one of: {}", T::names().join(", ")),
                    format!("använd ett av: {}", T::names().join(", "))
                ))
            );
            for &value in T::ALL {
                let good = format!(
                    "{MANIFEST_TEXT}\n[defaults]\n{key} = \"{}\"\n",
                    value.name()
                );
                let ws = TempWorkspace::new(&format!("choice-{key}"), &good, &[]);
                let loaded = Workspace::load(&ws.0).unwrap_or_else(|d| panic!("{}", d.render()));
                assert!(
                    field(&loaded.defaults) == Some(value),
                    "{key} = {}",
                    value.name()
                );
            }
        }
        check::<PriorityMethod>("method", |d| d.method);
        check::<RandomIndex>("ri", |d| d.ri);
        check::<SynthesisMode>("mode", |d| d.mode);
        check::<CompletionMethod>("completion", |d| d.completion);
        check::<RangePoint>("range_point", |d| d.range_point);
    }

    #[test]
    fn load_errors_in_swedish() {
        for (name, manifest, criterion, en, sv) in [
            (
                "goal",
                "format_version = 1\n",
                "id = \"k\"\nname = \"K\"\n",
                "error: vagval.toml has no `goal`",
                "fel: vagval.toml saknar `goal`\n",
            ),
            (
                "toml",
                MANIFEST_TEXT,
                "id = \"k\"\nnmae = \"K\"\n",
                "error: invalid TOML in ",
                "tips: ta bort nyckeln eller rätta stavningen",
            ),
            (
                "value",
                MANIFEST_TEXT,
                "id = \"k\"\nname = \"K\"\n[pairwise]\njudgments = [[\"a\", \"b\", \"massor\"]]\n",
                "error: the assessment of the alternatives on `k`: judgment 1: `massor` is neither",
                "fel: bedömningen av alternativen på `k`: bedömning 1: `massor` är varken ett tal",
            ),
            (
                "range",
                MANIFEST_TEXT,
                "id = \"k\"\nname = \"K\"\n[data]\nfunction = \"linear\"\ndirection = \"lower-is-better\"\nalternatives = { a = \"9–3\", b = 4 }\n",
                "error: the range 9–3 has its low end above its high end",
                "fel: intervallet 9–3 har sin nedre gräns över den övre",
            ),
        ] {
            let ws = TempWorkspace::new(name, manifest, &[("k.toml", criterion)]);
            let Err(d) = Workspace::load(&ws.0) else {
                panic!("{name}: loads");
            };
            let (english, swedish) = (d.render(), d.render_in(Lang::Sv));
            assert!(english.contains(en), "{name}: {english}");
            assert!(swedish.contains(sv), "{name}: {swedish}");
            assert_eq!(pointer(&english), pointer(&swedish), "{name}");
        }
    }

    /// The optional English second texts are read and carried: a
    /// judgment's and a rating's `rationale_en` in its note, every
    /// `description_en` and `view_en` in `Workspace::english`; a data
    /// entry may carry one too. Without them nothing is there.
    #[test]
    fn english_second_texts_are_read_and_carried() {
        let manifest = "format_version = 1\ngoal = \"Välj\"\ndescription = \"Om beslutet\"\ndescription_en = \"About the decision\"\n\n[[alternatives]]\nid = \"a\"\nname = \"A\"\ndescription = \"Väg a\"\ndescription_en = \"Path a\"\n\n[[alternatives]]\nid = \"b\"\nname = \"B\"\n\n[weights]\nview = \"Vy\"\nview_en = \"View\"\ndescription_en = \"read, not kept\"\njudgments = [{ first = \"k\", second = \"r\", value = 2, rationale = \"Därför\", rationale_en = \"Because\" }]\n\n[rating_scales.s]\nname = \"S\"\nlevels = [{ id = \"hi\", name = \"Hög\", value = 1.0 }, { id = \"lo\", name = \"Låg\", value = 0.5 }]\n";
        let ws = TempWorkspace::new(
            "english",
            manifest,
            &[
                (
                    "k.toml",
                    "id = \"k\"\nname = \"K\"\ndescription = \"Kostnad\"\ndescription_en = \"Cost\"\n[data]\nfunction = \"linear\"\ndirection = \"lower-is-better\"\nalternatives = { a = { value = 3, rationale = \"tre\", rationale_en = \"three\" }, b = 4 }\n",
                ),
                (
                    "r.toml",
                    "id = \"r\"\nname = \"R\"\n[ratings]\nscale = \"s\"\nalternatives = { a = { level = \"hi\", rationale_en = \"only English\" }, b = { level = \"lo\", rationale = \"bara svenska\" } }\n",
                ),
            ],
        );
        let loaded = Workspace::load(&ws.0).unwrap_or_else(|d| panic!("{}", d.render()));
        let english = &loaded.english;
        assert_eq!(english.description.as_deref(), Some("About the decision"));
        assert_eq!(english.view.as_deref(), Some("View"));
        assert_eq!(
            english.alternatives.get("a").map(String::as_str),
            Some("Path a")
        );
        assert_eq!(english.alternatives.get("b"), None);
        assert_eq!(english.criteria.get("k").map(String::as_str), Some("Cost"));
        assert_eq!(english.criteria.get("r"), None);
        let rationales: Vec<(&str, Option<&str>)> = loaded
            .notes
            .iter()
            .map(|n| (n.rationale.as_str(), n.rationale_en.as_deref()))
            .collect();
        assert_eq!(
            rationales,
            [
                ("Därför", Some("Because")),
                ("", Some("only English")),
                ("bara svenska", None)
            ]
        );
        assert_eq!(loaded.description.as_deref(), Some("Om beslutet"));
        assert_eq!(loaded.spec.alternatives[0].description, "Väg a");
    }
}
