//! The sandboxed Lua state: which libraries a script sees, the memory limit,
//! the instruction budget (which `pcall` cannot swallow), the guards around
//! the C functions the budget cannot reach, and the mapping of Lua's errors
//! to `crate::Error` with the script's file and line.

use crate::pattern::{self, PatternFn};
use crate::{Error, Limits};
use mlua::chunk::ChunkMode;
use mlua::debug::DebugEvent;
use mlua::{HookTriggers, Lua, LuaOptions, StdLib, Value, VmState};
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

/// Instructions between two budget checks while within the budget.
const STEP: u32 = 1000;

/// Base functions a script must not have: code loading, files, output,
/// the collector.
const REMOVED_GLOBALS: [&str; 8] = [
    "load",
    "loadfile",
    "dofile",
    "require",
    "collectgarbage",
    "print",
    "warn",
    "loadstring",
];

/// Wraps the library functions that run unbounded in C, and `xpcall`. Runs before any
/// script, with the originals in upvalues no script can reach (there is no
/// `debug` library).
const PRELUDE: &str = r#"
local check_pattern, rep_is_empty, check_metatable, check_table = ...
local string, raw_setmetatable = string, setmetatable
local find, match, gmatch, gsub, rep = string.find, string.match, string.gmatch, string.gsub, string.rep
string.find = function(s, pattern, init, plain)
  check_pattern(s, pattern, 0, plain)
  return find(s, pattern, init, plain)
end
string.match = function(s, pattern, init)
  check_pattern(s, pattern, 1, false)
  return match(s, pattern, init)
end
string.gmatch = function(s, pattern, init)
  check_pattern(s, pattern, 2, false)
  return gmatch(s, pattern, init)
end
string.gsub = function(s, pattern, replacement, n)
  check_pattern(s, pattern, 3, false)
  return gsub(s, pattern, replacement, n)
end
string.rep = function(s, n, sep)
  if rep_is_empty(s, n, sep) then return "" end
  return rep(s, n, sep)
end
local move, insert, remove = table.move, table.insert, table.remove
table.move = function(a1, f, e, t, a2)
  check_table(0, a1, f, e)
  return move(a1, f, e, t, a2)
end
table.insert = function(t, ...)
  check_table(1, t)
  return insert(t, ...)
end
table.remove = function(t, ...)
  check_table(2, t)
  return remove(t, ...)
end
setmetatable = function(t, mt)
  check_metatable(mt)
  return raw_setmetatable(t, mt)
end
-- A message handler runs at the point of the error; when the error comes
-- from the budget hook, Lua runs it with hooks off, so a looping handler
-- could never be stopped. This xpcall runs the handler after unwinding.
local pcall, type, error, pack, unpack = pcall, type, error, table.pack, table.unpack
xpcall = function(f, handler, ...)
  if type(handler) ~= "function" then
    error("bad argument #2 to 'xpcall' (function expected, got " .. type(handler) .. ")", 2)
  end
  local results = pack(pcall(f, ...))
  if results[1] then return unpack(results, 1, results.n) end
  local _, message = pcall(handler, results[2])
  return false, message
end
string.dump = nil
math.random = nil
math.randomseed = nil
"#;

/// An error a Rust function called by a script raises, with what the
/// script did wrong; classified as `Error::Shape` or `Error::Forbidden`.
#[derive(Debug, Clone)]
pub(crate) struct Raised {
    pub(crate) kind: RaisedKind,
    pub(crate) what: String,
    pub(crate) line: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RaisedKind {
    Shape,
    Forbidden,
}

impl std::fmt::Display for Raised {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.what)
    }
}

impl std::error::Error for Raised {}

/// Which limit stopped the script, and where.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Trip {
    Instructions { line: Option<usize> },
    Time { line: Option<usize> },
}

/// The instruction budget and time backstop of one run.
#[derive(Debug)]
struct Budget {
    limit: u64,
    time: Duration,
    used: Cell<u64>,
    deadline: Cell<Instant>,
    trip: Cell<Option<Trip>>,
    /// Whether the counting hook is installed in its normal (not sticky) mode.
    armed: Cell<bool>,
}

/// A Lua state built for one script, with its path and limits.
pub(crate) struct Sandbox {
    pub(crate) lua: Lua,
    path: PathBuf,
    chunk_name: String,
    chunk_id: String,
    limits: Limits,
    budget: Rc<Budget>,
}

impl Sandbox {
    /// A fresh state with the sandbox's libraries and guards and the memory
    /// limit set; no script loaded yet.
    pub(crate) fn new(path: &Path, limits: Limits) -> Result<Sandbox, Error> {
        let path = path.to_path_buf();
        let chunk_name = format!("@{}", path.display());
        let chunk_id = chunk_id(&path.display().to_string());
        let budget = Rc::new(Budget {
            limit: limits.instructions,
            time: limits.time_limit(),
            used: Cell::new(0),
            deadline: Cell::new(Instant::now()),
            trip: Cell::new(None),
            armed: Cell::new(false),
        });
        let internal = |e: mlua::Error| Error::Runtime {
            path: path.clone(),
            line: None,
            message: format!("could not set up the Lua sandbox: {e}"),
        };
        let lua = Lua::new_with(
            StdLib::TABLE | StdLib::STRING | StdLib::MATH | StdLib::UTF8,
            LuaOptions::default(),
        )
        .map_err(internal)?;
        install_guards(&lua, &chunk_name).map_err(internal)?;
        lua.set_memory_limit(limits.memory_bytes)
            .map_err(internal)?;
        Ok(Sandbox {
            lua,
            path,
            chunk_name,
            chunk_id,
            limits,
            budget,
        })
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn chunk_name(&self) -> &str {
        &self.chunk_name
    }

    /// Loads `source` as text (bytecode is refused) and runs it within the
    /// limits, returning its first result.
    pub(crate) fn run_chunk(&self, source: &str) -> Result<Value, Error> {
        if source.as_bytes().first() == Some(&0x1b) {
            return Err(Error::Forbidden {
                path: self.path.clone(),
                line: None,
                what: "the script is precompiled Lua bytecode; only Lua source text is accepted"
                    .to_string(),
            });
        }
        if let Some(line) = crate::source::close_attribute(source.as_bytes()) {
            return Err(Error::Forbidden {
                path: self.path.clone(),
                line: Some(line),
                what: "to-be-closed variables (<close>) are not supported in vagval scripts: their handlers could run where the instruction limit cannot stop them"
                    .to_string(),
            });
        }
        let function = self
            .lua
            .load(source)
            .set_name(self.chunk_name.clone())
            .set_mode(ChunkMode::Text)
            .into_function()
            .map_err(|e| self.error(e))?;
        self.call(&function, ())
    }

    /// Calls `function` within a fresh budget.
    pub(crate) fn call(
        &self,
        function: &mlua::Function,
        args: impl mlua::IntoLuaMulti,
    ) -> Result<Value, Error> {
        self.arm().map_err(|e| self.error(e))?;
        let result = function.call::<Value>(args);
        // Checked even on success: a tail call such as `return pcall(loop)`
        // returns to Rust without running another Lua instruction.
        if self.budget.trip.get().is_some() {
            return Err(self.tripped());
        }
        result.map_err(|e| self.error(e))
    }

    /// Resets the budget and installs the counting hook.
    fn arm(&self) -> mlua::Result<()> {
        self.budget.used.set(0);
        self.budget.trip.set(None);
        self.budget.deadline.set(Instant::now() + self.budget.time);
        if !self.budget.armed.get() {
            install_hook(&self.lua, &self.budget, &self.chunk_name, false)?;
        }
        Ok(())
    }

    fn tripped(&self) -> Error {
        match self.budget.trip.get() {
            Some(Trip::Time { line }) => Error::TimeLimit {
                path: self.path.clone(),
                line,
                seconds: self.limits.time_limit().as_secs_f64(),
            },
            Some(Trip::Instructions { line }) => Error::InstructionLimit {
                path: self.path.clone(),
                line,
                limit: self.limits.instructions,
            },
            None => Error::InstructionLimit {
                path: self.path.clone(),
                line: None,
                limit: self.limits.instructions,
            },
        }
    }

    /// The crate's error for an error out of Lua.
    pub(crate) fn error(&self, error: mlua::Error) -> Error {
        if self.budget.trip.get().is_some() {
            return self.tripped();
        }
        let path = self.path.clone();
        match error {
            mlua::Error::MemoryError(_) => Error::MemoryLimit {
                path,
                line: None,
                limit_bytes: self.limits.memory_bytes,
            },
            mlua::Error::SyntaxError { message, .. } => {
                let (line, message) = split_location(&message, &self.chunk_id);
                Error::Syntax {
                    path,
                    line,
                    message: crate::shown_message(message),
                }
            }
            mlua::Error::RuntimeError(text) => self.runtime(&text),
            mlua::Error::CallbackError { cause, .. } => self.error((*cause).clone()),
            mlua::Error::ExternalError(external) => match external.downcast_ref::<Raised>() {
                Some(raised) => {
                    let raised = raised.clone();
                    match raised.kind {
                        RaisedKind::Shape => Error::Shape {
                            path,
                            line: raised.line,
                            what: raised.what,
                        },
                        RaisedKind::Forbidden => Error::Forbidden {
                            path,
                            line: raised.line,
                            what: raised.what,
                        },
                    }
                }
                None => Error::Runtime {
                    path,
                    line: None,
                    message: crate::shown_message(&external.to_string()),
                },
            },
            other => Error::Runtime {
                path,
                line: None,
                message: crate::shown_message(&other.to_string()),
            },
        }
    }

    /// A runtime error's message (as mlua gives it: the error object as a
    /// string, then a traceback), without location prefix and traceback.
    fn runtime(&self, text: &str) -> Error {
        let (message, traceback) = match text.split_once("\nstack traceback:") {
            Some((message, traceback)) => (message, traceback),
            None => (text, ""),
        };
        let (line, message) = split_location(message, &self.chunk_id);
        let line = line.or_else(|| traceback_line(traceback, &self.chunk_id));
        let message = match not_a_message(message) {
            Some(kind) => format!("the script raised {kind} as its error, not a message"),
            None => crate::shown_message(message),
        };
        Error::Runtime {
            path: self.path.clone(),
            line,
            message,
        }
    }
}

impl Limits {
    /// The wall-clock backstop of one run: 100 ns per instruction of the
    /// budget, at least 1 s (10 s for the default budget). The instruction
    /// budget counts Lua VM instructions; this catches scripts that make a
    /// few instructions do a lot of work in C (e.g. `table.insert(t, 1, x)`
    /// on a table of millions of items, over and over).
    pub fn time_limit(&self) -> Duration {
        Duration::from_secs_f64((self.instructions as f64 * 1e-7).max(1.0))
    }
}

fn install_guards(lua: &Lua, chunk_name: &str) -> mlua::Result<()> {
    let globals = lua.globals();
    for name in REMOVED_GLOBALS {
        globals.raw_set(name, Value::Nil)?;
    }
    let name = chunk_name.to_string();
    let check_pattern = lua.create_function(
        move |lua, (subject, pattern, function, plain): (Value, Value, i64, Value)| {
            check_pattern(
                lua,
                &name,
                &subject,
                &pattern,
                PatternFn::from_code(function),
                plain,
            )
        },
    )?;
    let rep_is_empty = lua
        .create_function(|_, (s, n, sep): (Value, Value, Value)| Ok(rep_is_empty(&s, &n, &sep)))?;
    let name = chunk_name.to_string();
    let check_metatable = lua.create_function(move |lua, metatable: Value| {
        if let Value::Table(metatable) = metatable
            && !matches!(metatable.raw_get::<Value>("__gc")?, Value::Nil)
        {
            return Err(raise(
                lua,
                &name,
                RaisedKind::Forbidden,
                "a metatable with a __gc field (finalizers run at times no script controls)"
                    .to_string(),
            ));
        }
        Ok(())
    })?;
    let name = chunk_name.to_string();
    let check_table = lua.create_function(
        move |lua, (function, table, first, last): (i64, Value, Value, Value)| {
            check_table(lua, &name, function, &table, &first, &last)
        },
    )?;
    lua.load(PRELUDE)
        .set_name("=vagval sandbox")
        .set_mode(ChunkMode::Text)
        .call::<()>((check_pattern, rep_is_empty, check_metatable, check_table))
}

/// Installs the budget hook; `sticky` once the budget is spent, so that
/// every further instruction fails again.
fn install_hook(
    lua: &Lua,
    budget: &Rc<Budget>,
    chunk_name: &str,
    sticky: bool,
) -> mlua::Result<()> {
    let triggers = if sticky {
        HookTriggers::new().every_nth_instruction(1)
    } else {
        HookTriggers::new().on_calls().every_nth_instruction(STEP)
    };
    budget.armed.set(!sticky);
    let budget = Rc::clone(budget);
    let name = chunk_name.to_string();
    lua.set_global_hook(triggers, move |lua, debug| {
        if budget.trip.get().is_some() {
            return Err(budget_error());
        }
        if debug.event() == DebugEvent::Count {
            budget
                .used
                .set(budget.used.get().saturating_add(u64::from(STEP)));
        }
        let trip = if budget.used.get() > budget.limit {
            Some(Trip::Instructions {
                line: script_line(lua, &name),
            })
        } else if Instant::now() > budget.deadline.get() {
            Some(Trip::Time {
                line: script_line(lua, &name),
            })
        } else {
            None
        };
        match trip {
            Some(trip) => {
                budget.trip.set(Some(trip));
                install_hook(lua, &budget, &name, true)?;
                Err(budget_error())
            }
            None => Ok(VmState::Continue),
        }
    })
}

fn budget_error() -> mlua::Error {
    mlua::Error::RuntimeError("the script is over its budget".to_string())
}

/// The current line of the innermost call of the script's own code.
pub(crate) fn script_line(lua: &Lua, chunk_name: &str) -> Option<usize> {
    for level in 0..64 {
        let found = lua.inspect_stack(level, |debug| {
            let ours = debug.source().source.as_deref() == Some(chunk_name);
            (ours, debug.current_line())
        })?;
        if let (true, Some(line)) = found {
            return Some(line);
        }
    }
    None
}

/// A `Raised` error at the script's current line.
pub(crate) fn raise(lua: &Lua, chunk_name: &str, kind: RaisedKind, what: String) -> mlua::Error {
    mlua::Error::external(Raised {
        kind,
        what,
        line: script_line(lua, chunk_name),
    })
}

fn check_pattern(
    lua: &Lua,
    chunk_name: &str,
    subject: &Value,
    pattern: &Value,
    function: PatternFn,
    plain: Value,
) -> mlua::Result<()> {
    // Numbers are converted by Lua; anything else Lua refuses itself.
    let length = |value: &Value| match value {
        Value::String(s) => Some(s.as_bytes().len()),
        Value::Integer(_) | Value::Number(_) => Some(32),
        _ => None,
    };
    let (Some(n), Some(m)) = (length(subject), length(pattern)) else {
        return Ok(());
    };
    let plain = !matches!(plain, Value::Nil | Value::Boolean(false));
    let cost = match pattern {
        Value::String(p) if !plain => pattern::pattern_cost(n, &p.as_bytes(), function),
        _ => pattern::plain_cost(n, m),
    };
    if cost <= pattern::MAX_STEPS {
        return Ok(());
    }
    let shown = match pattern {
        Value::String(p) => crate::shown(&p.as_bytes()),
        _ => "a number".to_string(),
    };
    Err(raise(
        lua,
        chunk_name,
        RaisedKind::Forbidden,
        format!(
            "{}: the pattern {shown} on a string of {n} bytes could take about {cost:.0e} steps in C, where no limit can stop it (at most {:.0e} allowed); anchor the pattern with ^, use fewer repetitions (* + - ?), or search a shorter string",
            function.name(),
            pattern::MAX_STEPS
        ),
    ))
}

/// The most elements `table.move` may move in one call: more than a table
/// within the default memory limit can hold (16 bytes a slot).
const MAX_MOVE: f64 = 4_194_304.0;

/// Refuses the table functions' loops that run in C over a range the script
/// chooses without allocating: `table.move` over more than `MAX_MOVE`
/// positions, and `table.insert`/`remove` on a table whose length comes from
/// a `__len` metamethod (they shift every element up to it).
fn check_table(
    lua: &Lua,
    chunk_name: &str,
    function: i64,
    table: &Value,
    first: &Value,
    last: &Value,
) -> mlua::Result<()> {
    let number = |value: &Value| match value {
        Value::Integer(n) => Some(*n as f64),
        Value::Number(n) => Some(*n),
        _ => None,
    };
    if function == 0 {
        if let (Some(first), Some(last)) = (number(first), number(last))
            && last - first + 1.0 > MAX_MOVE
        {
            return Err(raise(
                lua,
                chunk_name,
                RaisedKind::Forbidden,
                format!(
                    "table.move over {:.0} positions (at most {MAX_MOVE:.0}): its loop runs in C, where no limit can stop it",
                    last - first + 1.0
                ),
            ));
        }
        return Ok(());
    }
    let Value::Table(table) = table else {
        return Ok(());
    };
    if let Some(metatable) = table.metatable()
        && !matches!(metatable.raw_get::<Value>("__len")?, Value::Nil)
    {
        let name = if function == 1 {
            "table.insert"
        } else {
            "table.remove"
        };
        return Err(raise(
            lua,
            chunk_name,
            RaisedKind::Forbidden,
            format!(
                "{name} on a table whose length comes from a __len metamethod: its loop runs in C up to that length, where no limit can stop it"
            ),
        ));
    }
    Ok(())
}

/// Whether `string.rep(s, n, sep)` gives the empty string (which Lua would
/// compute in n steps, however large n is).
fn rep_is_empty(s: &Value, n: &Value, sep: &Value) -> bool {
    let count = match n {
        Value::Integer(n) => *n as f64,
        Value::Number(n) => *n,
        // Lua converts (or refuses) the rest itself.
        _ => return false,
    };
    if count <= 0.0 {
        return true;
    }
    let empty = |value: &Value| match value {
        Value::String(s) => s.as_bytes().is_empty(),
        Value::Nil => true,
        _ => false,
    };
    matches!(s, Value::String(_)) && empty(s) && empty(sep)
}

/// Lua's `luaO_chunkid` for a chunk named `@path`: the path, or `...` and
/// its end if longer than 59 bytes.
fn chunk_id(path: &str) -> String {
    const ID_SIZE: usize = 60;
    if path.len() < ID_SIZE {
        return path.to_string();
    }
    let keep = ID_SIZE - 1 - 3;
    let mut start = path.len() - keep;
    while !path.is_char_boundary(start) {
        start += 1;
    }
    format!("...{}", &path[start..])
}

/// Splits `chunk:line: message` into the line and the message.
fn split_location<'a>(text: &'a str, chunk_id: &str) -> (Option<usize>, &'a str) {
    let Some(rest) = text
        .strip_prefix(chunk_id)
        .and_then(|rest| rest.strip_prefix(':'))
    else {
        return (None, text);
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    match (
        rest[..digits].parse::<usize>(),
        rest[digits..].strip_prefix(':'),
    ) {
        (Ok(line), Some(message)) => (Some(line), message.trim_start()),
        _ => (None, text),
    }
}

/// The line of the script's innermost frame in a Lua traceback.
fn traceback_line(traceback: &str, chunk_id: &str) -> Option<usize> {
    traceback.lines().find_map(|frame| {
        let (line, _) = split_location(frame.trim_start(), chunk_id);
        line
    })
}

/// What kind of value an error object was, when it was not a message (as
/// Lua's `tostring` shows it).
fn not_a_message(message: &str) -> Option<&'static str> {
    let is_address = |text: &str| {
        let text = text.strip_prefix("builtin: ").unwrap_or(text);
        let hex = text.strip_prefix("0x").unwrap_or(text);
        !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit())
    };
    for (prefix, kind) in [
        ("table: ", "a table"),
        ("function: ", "a function"),
        ("userdata: ", "a userdata"),
        ("thread: ", "a thread"),
    ] {
        if let Some(rest) = message.strip_prefix(prefix)
            && is_address(rest)
        {
            return Some(kind);
        }
    }
    match message {
        "nil" => Some("nil"),
        "true" | "false" => Some("a boolean"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_ids_follow_lua() {
        assert_eq!(chunk_id("scripts/groups/a.lua"), "scripts/groups/a.lua");
        let long = format!("{}/x.lua", "d".repeat(80));
        let id = chunk_id(&long);
        assert!(id.starts_with("...") && id.ends_with("/x.lua"));
        assert_eq!(id.len(), 59);
    }

    #[test]
    fn locations_are_split() {
        assert_eq!(
            split_location("a.lua:12: boom", "a.lua"),
            (Some(12), "boom")
        );
        assert_eq!(
            split_location("b.lua:12: boom", "a.lua"),
            (None, "b.lua:12: boom")
        );
        assert_eq!(
            split_location("a.lua:x: boom", "a.lua"),
            (None, "a.lua:x: boom")
        );
        assert_eq!(
            traceback_line(
                "\n\t[C]: in function 'error'\n\ta.lua:7: in main chunk",
                "a.lua"
            ),
            Some(7)
        );
    }

    #[test]
    fn error_objects_are_named() {
        assert_eq!(not_a_message("table: 0x55d0c1a2b3c0"), Some("a table"));
        assert_eq!(
            not_a_message("function: builtin: 0x1234"),
            Some("a function")
        );
        assert_eq!(not_a_message("nil"), Some("nil"));
        assert_eq!(not_a_message("table: of contents"), None);
        assert_eq!(not_a_message("boom"), None);
    }
}
