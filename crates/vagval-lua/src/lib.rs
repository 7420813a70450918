//! vagval's Lua 5.4 plugin: political groups' weights from group scripts
//! (`WeightingSource`) and scripted criteria (`CriterionScorer`), each run
//! in a sandboxed state of its own. The contract is `docs/lua-api.md`.
//!
//! The sandbox: only base (without load, loadfile, dofile, require,
//! collectgarbage, print, warn), string (without dump), table, math
//! (without random, randomseed) and utf8; text chunks only; a memory limit;
//! an instruction budget that `pcall` cannot swallow, with a wall-clock
//! backstop; guards on the C functions the budget cannot reach (pattern
//! functions, `string.rep`, the table functions), on metatables (`__gc`,
//! `__close`, `__mode` refused; each value gets a private copy) and on
//! to-be-closed variables; `xpcall` runs its handler after unwinding.

mod convert;
pub mod emit;
mod pattern;
mod sandbox;
mod source;

use mlua::Value;
use sandbox::Sandbox;
use std::path::{Path, PathBuf};
use vagval_core::Language::{self, En, Sv};
use vagval_core::group::GroupSpec;
use vagval_core::plugin::{
    BatchError, CriterionScorer, DecisionView, InputBatch, ScorerInputs, WeightingSource,
    score_one_by_one,
};

pub use convert::{MAX_ID_BYTES, MAX_NAME_CHARS};

/// The limits of one script run (a group script's run, a criterion
/// script's load, one `score` call).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most memory the Lua state may hold, in bytes. Default 64 MiB.
    pub memory_bytes: usize,
    /// The most Lua VM instructions one run may execute, counted in steps
    /// of 100. Default 1e8 (well under a second of Lua).
    pub instructions: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory_bytes: 64 * 1024 * 1024,
            instructions: 100_000_000,
        }
    }
}

/// Why a script failed. Every variant names the script's path and, where
/// known, the line (1-based), for `path:line: message`. Its texts in
/// English and Swedish are written in one place, `Error::message`; the
/// `message`/`what` fields come with their `_sv` twin, both written side by
/// side where the sandbox raises them (Lua's own messages stay as Lua
/// writes them in both).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.message(Language::En))]
#[non_exhaustive]
pub enum Error {
    /// The script is not valid Lua.
    /// `message_sv` is the same in Swedish where vagval wrote it (Lua's
    /// own messages stay as Lua writes them).
    Syntax {
        path: PathBuf,
        line: Option<usize>,
        message: String,
        message_sv: String,
    },
    /// The script raised an error (or Lua did, e.g. indexing nil);
    /// `message_sv` as for `Syntax`.
    Runtime {
        path: PathBuf,
        line: Option<usize>,
        message: String,
        message_sv: String,
    },
    /// The script's state needed more than `limit_bytes` of memory.
    MemoryLimit {
        path: PathBuf,
        line: Option<usize>,
        limit_bytes: usize,
    },
    /// The script ran more than `limit` Lua instructions.
    InstructionLimit {
        path: PathBuf,
        line: Option<usize>,
        limit: u64,
    },
    /// The script ran longer than the wall-clock backstop
    /// (`Limits::time_limit`): few instructions doing much work in C.
    TimeLimit {
        path: PathBuf,
        line: Option<usize>,
        seconds: f64,
    },
    /// The script's result (or an argument to `pairwise`/`direct`) has the
    /// wrong shape; `what` names the key path, `what_sv` says the same in
    /// Swedish (the key path and the script's own strings as they are).
    Shape {
        path: PathBuf,
        line: Option<usize>,
        what: String,
        what_sv: String,
    },
    /// The script tried something the sandbox refuses (bytecode, a
    /// pattern too expensive to match, a `__gc` metatable); `what_sv`
    /// says the same in Swedish.
    Forbidden {
        path: PathBuf,
        line: Option<usize>,
        what: String,
        what_sv: String,
    },
}

impl Error {
    /// The script's path, as given.
    pub fn path(&self) -> &Path {
        match self {
            Error::Syntax { path, .. }
            | Error::Runtime { path, .. }
            | Error::MemoryLimit { path, .. }
            | Error::InstructionLimit { path, .. }
            | Error::TimeLimit { path, .. }
            | Error::Shape { path, .. }
            | Error::Forbidden { path, .. } => path,
        }
    }

    /// The line (1-based) in the script, if known.
    pub fn line(&self) -> Option<usize> {
        match self {
            Error::Syntax { line, .. }
            | Error::Runtime { line, .. }
            | Error::MemoryLimit { line, .. }
            | Error::InstructionLimit { line, .. }
            | Error::TimeLimit { line, .. }
            | Error::Shape { line, .. }
            | Error::Forbidden { line, .. } => *line,
        }
    }

    /// Where the error is, as its message starts: `path:line` or `path`.
    pub fn location(&self) -> String {
        at(self.path(), self.line())
    }
}

impl Error {
    /// The error's text in `lang`: `path:line: …`.
    pub fn message(&self, lang: Language) -> String {
        let at = self.location();
        match (self, lang) {
            (Error::Syntax { message, .. }, En) => format!("{at}: syntax error: {message}"),
            (Error::Syntax { message_sv, .. }, Sv) => format!("{at}: syntaxfel: {message_sv}"),
            (Error::Runtime { message, .. }, En) => format!("{at}: {message}"),
            (Error::Runtime { message_sv, .. }, Sv) => {
                format!("{at}: fel när skriptet kördes: {message_sv}")
            }
            (Error::MemoryLimit { limit_bytes, .. }, En) => format!(
                "{at}: the script needed more memory than its limit of {}",
                size(*limit_bytes, lang)
            ),
            (Error::MemoryLimit { limit_bytes, .. }, Sv) => format!(
                "{at}: skriptet behövde mer minne än sin gräns på {}",
                size(*limit_bytes, lang)
            ),
            (Error::InstructionLimit { limit, .. }, En) => format!(
                "{at}: the script ran more than {limit} Lua instructions, its instruction limit (an endless loop?)"
            ),
            (Error::InstructionLimit { limit, .. }, Sv) => format!(
                "{at}: skriptet överskred sin gräns på {} Lua-instruktioner (en oändlig slinga?)",
                count(*limit as usize, lang)
            ),
            (Error::TimeLimit { seconds, .. }, En) => format!(
                "{at}: the script ran longer than {seconds} s, its time limit (library functions doing a lot of work, e.g. on huge strings or tables)"
            ),
            (Error::TimeLimit { seconds, .. }, Sv) => format!(
                "{at}: skriptet överskred sin tidsgräns på {} s (biblioteksfunktioner som gör mycket arbete, t.ex. på enorma strängar eller tabeller)",
                lang.number(*seconds)
            ),
            (Error::Shape { what, .. }, En) => format!("{at}: {what}"),
            (Error::Shape { what_sv, .. }, Sv) => format!("{at}: felaktig struktur: {what_sv}"),
            (Error::Forbidden { what, .. }, En) => format!("{at}: not allowed: {what}"),
            (Error::Forbidden { what_sv, .. }, Sv) => format!("{at}: inte tillåtet: {what_sv}"),
        }
    }

    /// What to do about the error, in `lang`, if there is something to say.
    pub fn hint(&self, lang: Language) -> Option<String> {
        match self {
            Error::MemoryLimit { .. } | Error::InstructionLimit { .. } | Error::TimeLimit { .. } => {
                Some(lang.pick(
                    "raise the limit in vagval.toml under [lua] (memory_limit_mb, instruction_limit) if the script is right to need more",
                    "höj gränsen i vagval.toml under [lua] (memory_limit_mb, instruction_limit) om skriptet verkligen behöver mer",
                ).to_string())
            }
            Error::Syntax { .. } | Error::Runtime { .. } | Error::Shape { .. } | Error::Forbidden { .. } => None,
        }
    }
}

impl vagval_core::PluginText for Error {
    fn message(&self, lang: Language) -> String {
        Error::message(self, lang)
    }
}

fn at(path: &Path, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{}:{line}", path.display()),
        None => path.display().to_string(),
    }
}

/// A memory size: `64 MiB`, `1000 bytes` (`1 000 byte` in Swedish).
fn size(bytes: usize, lang: Language) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", count(bytes / MIB, lang))
    } else {
        format!("{} {}", count(bytes, lang), lang.pick("bytes", "byte"))
    }
}

/// A count: `100000000` in English, `100 000 000` (no-break spaces) in Swedish.
fn count(value: usize, lang: Language) -> String {
    let digits = value.to_string();
    if lang == En {
        return digits;
    }
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

/// How many characters of a script's string a message shows.
const SHOWN_CHARS: usize = 60;

/// A script's string as a message shows it: in backticks, the first 60
/// characters and the length if longer.
pub(crate) fn shown(bytes: &[u8]) -> String {
    shown_in(bytes, "bytes")
}

/// `shown` for a Swedish message: `(… byte)`.
pub(crate) fn shown_sv(bytes: &[u8]) -> String {
    shown_in(bytes, "byte")
}

/// `shown` with the length's unit in the message's language.
fn shown_in(bytes: &[u8], unit: &str) -> String {
    let text = String::from_utf8_lossy(bytes);
    if text.chars().count() <= SHOWN_CHARS {
        format!("`{text}`")
    } else {
        let head: String = text.chars().take(SHOWN_CHARS).collect();
        format!("`{head}…` ({} {unit})", bytes.len())
    }
}

/// A script's error message, cut to a readable length: in English and
/// in Swedish (the same text; only what vagval adds differs).
pub(crate) fn shown_message(message: &str) -> (String, String) {
    const MAX: usize = 500;
    if message.chars().count() <= MAX {
        (message.to_string(), message.to_string())
    } else {
        let head: String = message.chars().take(MAX).collect();
        (
            format!("{head}… (a message of {} bytes)", message.len()),
            format!("{head}… (ett meddelande om {} byte)", message.len()),
        )
    }
}

/// A political group's script, `scripts/groups/<id>.lua`. Each call of
/// `group` runs it in a fresh state.
#[derive(Debug, Clone)]
pub struct GroupScript {
    path: PathBuf,
    source: String,
    limits: Limits,
}

impl GroupScript {
    /// `path` names the script in messages and gives the group's id (the
    /// file stem); `source` is its text.
    pub fn new(path: impl Into<PathBuf>, source: String, limits: Limits) -> Self {
        GroupScript {
            path: path.into(),
            source,
            limits,
        }
    }

    /// The group's id: the file name without `.lua`.
    pub fn id(&self) -> String {
        self.path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl WeightingSource for GroupScript {
    type Error = Error;

    fn group(&mut self, decision: &DecisionView) -> Result<GroupSpec, Error> {
        let sandbox = Sandbox::new(&self.path, self.limits)?;
        let setup = convert::install_decision(&sandbox.lua, decision)
            .and_then(|()| convert::install_markers(&sandbox.lua, sandbox.chunk_name()));
        setup.map_err(|e| sandbox.error(e))?;
        let value = sandbox.run_chunk(&self.source)?;
        convert::group_spec(&sandbox.lua, self.id(), value, decision).map_err(|e| {
            let keys = e.keys.unwrap_or_else(|| source::parse_path(&e.what));
            Error::Shape {
                path: self.path.clone(),
                line: source::line_of(self.source.as_bytes(), &keys, e.line),
                what: e.what,
                what_sv: e.what_sv,
            }
        })
    }
}

/// A scripted criterion's script, loaded once: its state is kept and its
/// function called for each sample (each with a fresh budget).
pub struct CriterionScript {
    sandbox: Sandbox,
    function: mlua::Function,
    alternatives: Vec<String>,
    /// [`DRIVER`] made for `function` and `alternatives`.
    driver: mlua::Function,
    /// The input names of the last call, and the same as a Lua sequence.
    names: Option<(Vec<String>, mlua::Table)>,
}

/// Calls a criterion script's function for a batch of samples, in Lua:
/// one call from Rust per batch instead of one per sample (and per table
/// entry, each of which mlua protects with a call of its own). Made before
/// the script runs, so the library functions are the sandbox's.
/// `make(ids, f, rearm)` gives `run(names, samples, ...)`: `...` are the
/// inputs' values, sample by sample, each input by input in the order of
/// `names`, each by alternative in the order of `ids`. For each sample it
/// builds fresh input tables, calls f, and checks the result; before each
/// sample after the first it calls `rearm`, which gives the run a fresh
/// instruction budget and time backstop, so that each sample has the
/// limits of a call of its own (`rearm` is an upvalue here alone: no script
/// can reach it). It returns `true` and the samples' values (sample by
/// sample, by alternative), or `false`, the failing sample's number and
/// f's result for it when that is not a table of a finite number for each
/// id and nothing else.
const DRIVER: &str = r#"
local type, next, rawget, unpack = type, next, rawget, table.unpack
return function(ids, f, rearm)
  local m, out = #ids, {}
  return function(names, samples, ...)
    local values, k, o, n = { ... }, 0, 0, #names
    for s = 1, samples do
      if s > 1 then rearm() end
      local inputs = {}
      for i = 1, n do
        local row = {}
        for a = 1, m do row[ids[a]] = values[k + a] end
        inputs[names[i]] = row
        k = k + m
      end
      local result = f(inputs)
      if type(result) ~= "table" then return false, s, result end
      local count = 0
      for _ in next, result do count = count + 1 end
      if count ~= m then return false, s, result end
      for a = 1, m do
        local v = rawget(result, ids[a])
        if type(v) ~= "number" or v - v ~= 0 then return false, s, result end
        out[o + a] = v
      end
      o = o + m
    end
    return true, unpack(out, 1, o)
  end
end
"#;

impl std::fmt::Debug for CriterionScript {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CriterionScript")
            .field("path", &self.sandbox.path())
            .field("alternatives", &self.alternatives)
            .finish_non_exhaustive()
    }
}

impl CriterionScript {
    /// Runs the script (which must return a function) with `decision`
    /// holding `goal` and `alternatives` (id, name).
    pub fn load(
        path: impl Into<PathBuf>,
        source: String,
        limits: Limits,
        goal: &str,
        alternatives: &[(String, String)],
    ) -> Result<Self, Error> {
        let path = path.into();
        let sandbox = Sandbox::new(&path, limits)?;
        let setup = convert::install_small_decision(&sandbox.lua, goal, alternatives)
            .and_then(|()| convert::install_markers(&sandbox.lua, sandbox.chunk_name()));
        setup.map_err(|e| sandbox.error(e))?;
        let make_driver: mlua::Function =
            sandbox.call(&sandbox.own_code(&driver_source(alternatives.len()))?, ())?;
        let value = sandbox.run_chunk(&source)?;
        let Value::Function(function) = value else {
            return Err(Error::Shape {
                path,
                line: None,
                what: format!(
                    "the script must return a function(inputs) that computes each alternative's value, got {}",
                    convert::describe(&value)
                ),
                what_sv: format!(
                    "skriptet måste returnera en function(inputs) som beräknar varje alternativs värde, fick {}",
                    convert::describe_sv(&value)
                ),
            });
        };
        let ids = sandbox
            .lua
            .create_sequence_from(alternatives.iter().map(|(id, _)| id.as_str()))
            .map_err(|e| sandbox.error(e))?;
        let rearm = sandbox.rearm_function().map_err(|e| sandbox.error(e))?;
        let driver = sandbox.call(&make_driver, (ids, &function, rearm))?;
        // Monte Carlo makes a few small tables per sample that die at
        // once: the generational collector frees them for less (about 5 %
        // of a sample's time with the shipped scorer). The memory limit
        // is the allocator's, in either mode.
        sandbox.lua.gc_set_mode(mlua::state::GcMode::Generational(
            mlua::state::GcGenParams::default(),
        ));
        Ok(CriterionScript {
            sandbox,
            function,
            alternatives: alternatives.iter().map(|(id, _)| id.clone()).collect(),
            driver,
            names: None,
        })
    }

    pub fn path(&self) -> &Path {
        self.sandbox.path()
    }

    fn shape(&self, what: String, what_sv: String) -> Error {
        Error::Shape {
            path: self.sandbox.path().to_path_buf(),
            line: None,
            what,
            what_sv,
        }
    }

    fn inputs_table(&self, inputs: &ScorerInputs) -> mlua::Result<mlua::Table> {
        let lua = &self.sandbox.lua;
        let table = lua.create_table_with_capacity(0, inputs.inputs.len())?;
        for (name, values) in &inputs.inputs {
            let by_alternative = lua.create_table_with_capacity(0, values.len())?;
            for (id, value) in inputs.alternatives.iter().zip(values) {
                by_alternative.raw_set(id.as_str(), *value)?;
            }
            table.raw_set(name.as_str(), by_alternative)?;
        }
        Ok(table)
    }
}

/// Most alternatives for which the driver is written out for their
/// number (each alternative a local of the driver, within Lua's 200).
const WRITTEN_OUT: usize = 64;

/// The driver for `m` alternatives: up to [`WRITTEN_OUT`], [`DRIVER`]
/// written out for `m`, its tables made by constructors of their size
/// (growing a table key by key reallocated it twice for three
/// alternatives) and the result's values read without a loop.
fn driver_source(m: usize) -> std::borrow::Cow<'static, str> {
    if m == 0 || m > WRITTEN_OUT {
        return DRIVER.into();
    }
    let list = |f: &dyn Fn(usize) -> String, by: &str| (1..=m).map(f).collect::<Vec<_>>().join(by);
    let locals = list(&|a| format!("a{a}"), ", ");
    let ids = list(&|a| format!("ids[{a}]"), ", ");
    let row = list(&|a| format!("[a{a}] = values[k + {a}]"), ", ");
    let values = list(&|a| format!("v{a}"), ", ");
    let results = list(&|a| format!("rawget(result, a{a})"), ", ");
    let bad = list(
        &|a| format!("type(v{a}) ~= \"number\" or v{a} - v{a} ~= 0"),
        "\n        or ",
    );
    let store = list(&|a| format!("out[o + {a}] = v{a}"), "\n      ");
    format!(
        r#"
local type, next, rawget, unpack = type, next, rawget, table.unpack
return function(ids, f, rearm)
  local {locals} = {ids}
  local out = {{}}
  return function(names, samples, ...)
    local values, k, o, n = {{ ... }}, 0, 0, #names
    for s = 1, samples do
      if s > 1 then rearm() end
      local inputs = {{}}
      for i = 1, n do
        inputs[names[i]] = {{ {row} }}
        k = k + {m}
      end
      local result = f(inputs)
      if type(result) ~= "table" then return false, s, result end
      local count = 0
      for _ in next, result do count = count + 1 end
      local {values} = {results}
      if count ~= {m}
        or {bad} then
        return false, s, result
      end
      {store}
      o = o + {m}
    end
    return true, unpack(out, 1, o)
  end
end
"#
    )
    .into()
}

/// What the driver answered for a batch.
enum Driven {
    /// Every sample's values, appended.
    Done,
    /// A sample's result that is not a finite number for each alternative.
    Failed(Value),
    /// Not an answer the driver gives.
    Unclear,
}

impl CriterionScorer for CriterionScript {
    type Error = Error;

    fn score(&mut self, inputs: &ScorerInputs) -> Result<Vec<f64>, Error> {
        let m = self.alternatives.len();
        if inputs.alternatives == self.alternatives
            && inputs.inputs.iter().all(|(_, values)| values.len() == m)
        {
            let values: mlua::Variadic<f64> = inputs
                .inputs
                .iter()
                .flat_map(|(_, values)| values.iter().copied())
                .collect();
            let names = self.names_table(inputs.inputs.iter().map(|(name, _)| name.as_str()))?;
            let mut scores = Vec::with_capacity(m);
            match self.drive(names, 1, values, &mut scores)? {
                Driven::Done => return Ok(scores),
                Driven::Failed(value) => return self.read_result(value, &inputs.alternatives),
                Driven::Unclear => {}
            }
        }
        // Not the alternatives the script was loaded with: by tables.
        let table = self
            .inputs_table(inputs)
            .map_err(|e| self.sandbox.error(e))?;
        let value = self.sandbox.call(&self.function, table)?;
        self.read_result(value, &inputs.alternatives)
    }

    /// The batch in one call of the driver, each sample within the limits
    /// of a call of its own.
    fn score_batch(
        &mut self,
        batch: &InputBatch<'_>,
        out: &mut Vec<f64>,
    ) -> Result<(), BatchError<Error>> {
        if batch.alternatives != self.alternatives.as_slice() || batch.samples() == 0 {
            return score_one_by_one(self, batch, out);
        }
        let names = self
            .names_table(batch.names.iter().map(String::as_str))
            .map_err(BatchError::Scorer)?;
        let values = mlua::Variadic::from_iter(batch.values.iter().copied());
        let start = out.len();
        match self.drive(names, batch.samples(), values, out) {
            Ok(Driven::Done) => Ok(()),
            Err(e) => Err(BatchError::Scorer(e)),
            Ok(Driven::Failed(value)) => match self.read_result(value, batch.alternatives) {
                Err(e) => Err(BatchError::Scorer(e)),
                // The driver found fault where the checks find none: the
                // samples one by one.
                Ok(_) => {
                    out.truncate(start);
                    score_one_by_one(self, batch, out)
                }
            },
            Ok(Driven::Unclear) => {
                out.truncate(start);
                score_one_by_one(self, batch, out)
            }
        }
    }
}

impl CriterionScript {
    /// Runs the driver on `samples` samples of `values` (named by
    /// `names`), appending their values to `out`.
    fn drive(
        &self,
        names: mlua::Table,
        samples: usize,
        values: mlua::Variadic<f64>,
        out: &mut Vec<f64>,
    ) -> Result<Driven, Error> {
        let returned: mlua::MultiValue =
            self.sandbox.call(&self.driver, (names, samples, values))?;
        let mut returned = returned.into_iter();
        match returned.next() {
            Some(Value::Boolean(true)) => {
                let start = out.len();
                out.extend(returned.map_while(|v| match v {
                    Value::Number(n) => Some(n),
                    Value::Integer(n) => Some(n as f64),
                    _ => None,
                }));
                if out.len() - start == samples * self.alternatives.len() {
                    Ok(Driven::Done)
                } else {
                    out.truncate(start);
                    Ok(Driven::Unclear)
                }
            }
            Some(Value::Boolean(false)) => {
                let _sample = returned.next();
                Ok(Driven::Failed(returned.next().unwrap_or(Value::Nil)))
            }
            _ => Ok(Driven::Unclear),
        }
    }
}

impl CriterionScript {
    /// `inputs`' names as a Lua sequence, kept from the last call when
    /// they are the same.
    fn names_table<'n>(
        &mut self,
        given: impl ExactSizeIterator<Item = &'n str> + Clone,
    ) -> Result<mlua::Table, Error> {
        if let Some((names, table)) = &self.names
            && names.len() == given.len()
            && names.iter().zip(given.clone()).all(|(a, b)| a == b)
        {
            return Ok(table.clone());
        }
        let table = self
            .sandbox
            .lua
            .create_sequence_from(given.clone())
            .map_err(|e| self.sandbox.error(e))?;
        let names = given.map(str::to_string).collect();
        self.names = Some((names, table.clone()));
        Ok(table)
    }

    /// Each alternative's value in the function's result `value`, or what
    /// is wrong with it.
    fn read_result(&self, value: Value, alternatives: &[String]) -> Result<Vec<f64>, Error> {
        let Value::Table(result) = value else {
            return Err(self.shape(
                format!(
                    "the function must return a table {{ [alternative id] = value, ... }}, got {}",
                    convert::describe(&value)
                ),
                format!(
                    "funktionen måste returnera en tabell {{ [alternativets id] = värde, ... }}, fick {}",
                    convert::describe_sv(&value)
                ),
            ));
        };
        let mut scores = Vec::with_capacity(alternatives.len());
        for id in alternatives {
            let value = result
                .raw_get::<Value>(id.as_str())
                .map_err(|e| self.sandbox.error(e))?;
            let number = match value {
                Value::Integer(n) => n as f64,
                Value::Number(n) => n,
                Value::Nil => {
                    return Err(self.shape(
                        format!(
                            "the result has no value for the alternative {} (it must give a number for each of {})",
                            shown(id.as_bytes()),
                            list(alternatives)
                        ),
                        format!(
                            "resultatet har inget värde för alternativet {} (det måste ge ett tal för vart och ett av {})",
                            shown_sv(id.as_bytes()),
                            list_sv(alternatives)
                        ),
                    ));
                }
                other => {
                    return Err(self.shape(
                        format!(
                            "the result[{}] must be a number, got {}",
                            shown(id.as_bytes()),
                            convert::describe(&other)
                        ),
                        format!(
                            "resultatet[{}] måste vara ett tal, fick {}",
                            shown_sv(id.as_bytes()),
                            convert::describe_sv(&other)
                        ),
                    ));
                }
            };
            if !number.is_finite() {
                return Err(self.shape(
                    format!(
                        "the result[{}] must be a finite number, got {number}",
                        shown(id.as_bytes())
                    ),
                    format!(
                        "resultatet[{}] måste vara ett ändligt tal, fick {number}",
                        shown_sv(id.as_bytes())
                    ),
                ));
            }
            scores.push(number);
        }
        let mut unknown = None;
        result
            .for_each(|key: Value, _: Value| {
                if unknown.is_none() {
                    let known = match &key {
                        Value::String(s) => alternatives
                            .iter()
                            .any(|id| id.as_bytes() == &*s.as_bytes()),
                        _ => false,
                    };
                    if !known {
                        unknown = Some(match &key {
                            Value::String(s) => (shown(&s.as_bytes()), shown_sv(&s.as_bytes())),
                            other => (
                                format!("{} key", convert::describe(other)),
                                format!("en nyckel som är {}", convert::describe_sv(other)),
                            ),
                        });
                    }
                }
                Ok(())
            })
            .map_err(|e| self.sandbox.error(e))?;
        if let Some((key, key_sv)) = unknown {
            return Err(self.shape(
                format!(
                    "the result has a value for {key}, which is not an alternative (they are {})",
                    list(alternatives)
                ),
                format!(
                    "resultatet har ett värde för {key_sv}, som inte är ett alternativ (de är {})",
                    list_sv(alternatives)
                ),
            ));
        }
        Ok(scores)
    }
}

/// `a`, `b` och `c`, for Swedish messages (at most 10 shown).
pub(crate) fn list_sv(ids: &[String]) -> String {
    list_in(ids, shown_sv, "till")
}

/// `a`, `b` and `c`, for messages (at most 10 shown).
pub(crate) fn list(ids: &[String]) -> String {
    list_in(ids, shown, "more")
}

/// `list` with each id shown by `shown` and the rest counted as `N more`.
fn list_in(ids: &[String], shown: fn(&[u8]) -> String, more: &str) -> String {
    let mut shown_ids: Vec<String> = ids.iter().take(10).map(|id| shown(id.as_bytes())).collect();
    if ids.len() > 10 {
        shown_ids.push(format!("{} {more}", ids.len() - 10));
    }
    shown_ids.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The variant's number. An exhaustive `match`: a new variant does not
    /// compile until it is numbered here, and then the test asks for it.
    fn variant(error: &Error) -> usize {
        match error {
            Error::Syntax { .. } => 0,
            Error::Runtime { .. } => 1,
            Error::MemoryLimit { .. } => 2,
            Error::InstructionLimit { .. } => 3,
            Error::TimeLimit { .. } => 4,
            Error::Shape { .. } => 5,
            Error::Forbidden { .. } => 6,
        }
    }

    #[test]
    fn every_error_has_both_texts_with_luas_own_kept() {
        let path = PathBuf::from("scripts/groups/s.lua");
        let cases = [
            (
                Error::Syntax {
                    path: path.clone(),
                    line: Some(2),
                    message: "'=' expected near 'x'".into(),
                    message_sv: "'=' expected near 'x'".into(),
                },
                "scripts/groups/s.lua:2: syntax error: '=' expected near 'x'",
                "scripts/groups/s.lua:2: syntaxfel: '=' expected near 'x'",
            ),
            (
                Error::Runtime {
                    path: path.clone(),
                    line: Some(7),
                    message: "boom".into(),
                    message_sv: "boom".into(),
                },
                "scripts/groups/s.lua:7: boom",
                "scripts/groups/s.lua:7: fel när skriptet kördes: boom",
            ),
            (
                Error::MemoryLimit {
                    path: path.clone(),
                    line: None,
                    limit_bytes: 64 * 1024 * 1024,
                },
                "scripts/groups/s.lua: the script needed more memory than its limit of 64 MiB",
                "scripts/groups/s.lua: skriptet behövde mer minne än sin gräns på 64 MiB",
            ),
            (
                Error::InstructionLimit {
                    path: path.clone(),
                    line: Some(4),
                    limit: 100_000_000,
                },
                "scripts/groups/s.lua:4: the script ran more than 100000000 Lua instructions, its instruction limit (an endless loop?)",
                "scripts/groups/s.lua:4: skriptet överskred sin gräns på 100\u{a0}000\u{a0}000 Lua-instruktioner (en oändlig slinga?)",
            ),
            (
                Error::TimeLimit {
                    path: path.clone(),
                    line: None,
                    seconds: 2.5,
                },
                "scripts/groups/s.lua: the script ran longer than 2.5 s, its time limit (library functions doing a lot of work, e.g. on huge strings or tables)",
                "scripts/groups/s.lua: skriptet överskred sin tidsgräns på 2,5 s (biblioteksfunktioner som gör mycket arbete, t.ex. på enorma strängar eller tabeller)",
            ),
            (
                Error::Shape {
                    path: path.clone(),
                    line: Some(4),
                    what: "seats must be a positive number, got -2".into(),
                    what_sv: "seats måste vara ett positivt tal, fick -2".into(),
                },
                "scripts/groups/s.lua:4: seats must be a positive number, got -2",
                "scripts/groups/s.lua:4: felaktig struktur: seats måste vara ett positivt tal, fick -2",
            ),
            (
                Error::Forbidden {
                    path: path.clone(),
                    line: Some(3),
                    what: "table.move over 5 positions".into(),
                    what_sv: "table.move över 5 positioner".into(),
                },
                "scripts/groups/s.lua:3: not allowed: table.move over 5 positions",
                "scripts/groups/s.lua:3: inte tillåtet: table.move över 5 positioner",
            ),
        ];
        let mut seen = [false; 7];
        for (error, en, sv) in cases {
            seen[variant(&error)] = true;
            assert_eq!(error.to_string(), en);
            assert_eq!(error.message(Language::En), en);
            assert_eq!(error.message(Language::Sv), sv);
            assert_eq!(
                error.hint(Language::En).is_some(),
                error.hint(Language::Sv).is_some()
            );
            if let Some(hint) = error.hint(Language::En) {
                assert_ne!(Some(hint), error.hint(Language::Sv));
            }
        }
        assert!(seen.iter().all(|&s| s), "a variant is missing: {seen:?}");
    }

    #[test]
    fn sizes_and_counts_in_each_language() {
        assert_eq!(size(1000, Language::En), "1000 bytes");
        assert_eq!(size(1000, Language::Sv), "1\u{a0}000 byte");
        assert_eq!(size(2048 * 1024 * 1024, Language::Sv), "2\u{a0}048 MiB");
        assert_eq!(count(999, Language::Sv), "999");
    }
}
