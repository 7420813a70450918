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

/// Instructions between two budget checks while within the budget. One
/// instruction can take milliseconds (`a < b` on two strings of 20 MB), so
/// the step is small enough that 100 of them stay well within a second;
/// it costs a loop of plain arithmetic about 10 %.
const STEP: u32 = 100;

/// The chunk name of the sandbox's own Lua code (`=` + this).
const SANDBOX_CHUNK_ID: &str = "vagval sandbox";

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

/// Wraps the library functions that run unbounded in C, `setmetatable`,
/// `getmetatable` and `xpcall`. Runs before any script, with the originals
/// in upvalues no script can reach (there is no `debug` library).
///
/// Every guard looks at its arguments after Lua's own conversion
/// (`to_integer`, `to_number`: `lua_tointegerx`/`lua_tonumberx`, so
/// `"1e15"`, `" 0x10 "` count as the numbers they are) and passes the
/// converted values on, so the C function sees what the guard saw.
const PRELUDE: &str = r##"
local check_pattern, check_metatable, check_move, to_integer, to_number = ...
local string, table, type, select, error, next = string, table, type, select, error, next
-- (Named as the globals they were, for the names in argument errors.)
local setmetatable, getmetatable, rawlen = setmetatable, getmetatable, rawlen
local maxinteger = math.maxinteger
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
  check_pattern(s, pattern, 3, false, replacement)
  -- A table's __index may be a chain of 2000 tables that C walks for
  -- every match: look it up in Lua, where the budget counts it.
  if type(replacement) == "table" and getmetatable(replacement) ~= nil then
    local t = replacement
    replacement = function(key) return t[key] end
  end
  return gsub(s, pattern, replacement, n)
end
string.rep = function(s, n, sep)
  n = to_integer(n) or n
  -- An empty result would take n steps in C, however large n is.
  if type(n) == "number" and n <= 0 then return "" end
  if s == "" and (sep == nil or sep == "") and type(n) == "number" then return "" end
  return rep(s, n, sep)
end

-- The table functions loop in C over a range or a length. On a table
-- without a metatable each step is cheap and the range is bounded by
-- memory (or refused, for table.move); on a table with one, a step may
-- walk a chain of 2000 __index tables or a __len may claim any length, so
-- the loop runs here in Lua, where the instruction budget reaches it.
local concat, insert, move, remove, sort, unpack = table.concat, table.insert, table.move, table.remove, table.sort, table.unpack
local function plain(t) return type(t) ~= "table" or getmetatable(t) == nil end
local function int(value, arg, name)
  local n = to_integer(value)
  if n == nil then
    local problem = to_number(value) and "number has no integer representation"
      or ("number expected, got " .. (value == nil and "no value" or type(value)))
    error("bad argument #" .. arg .. " to '" .. name .. "' (" .. problem .. ")", 3)
  end
  return n
end
local function length(t)
  local n = to_integer(#t)
  if n == nil then error("object length is not an integer", 3) end
  return n
end
table.concat = function(t, sep, i, j)
  if plain(t) then return concat(t, sep, i, j) end
  i = i == nil and 1 or int(i, 3, "concat")
  j = j == nil and length(t) or int(j, 4, "concat")
  local parts, n = {}, 0
  for k = i, j do
    local v = t[k]
    if type(v) ~= "string" and type(v) ~= "number" then
      error("invalid value (at index " .. k .. ") in table for 'concat'", 2)
    end
    n = n + 1
    parts[n] = v
  end
  return concat(parts, sep, 1, n)
end
table.unpack = function(t, i, j)
  if plain(t) then return unpack(t, i, j) end
  i = i == nil and 1 or int(i, 2, "unpack")
  j = j == nil and length(t) or int(j, 3, "unpack")
  if i > j then return end
  local n = j - i
  if n < 0 or n >= 1000000 then error("too many results to unpack", 2) end
  local items = {}
  for k = 0, n do items[k + 1] = t[i + k] end
  return unpack(items, 1, n + 1)
end
table.insert = function(t, ...)
  if plain(t) then return insert(t, ...) end
  local e = length(t) + 1
  local count = select("#", ...)
  if count == 1 then
    t[e] = ...
    return
  elseif count ~= 2 then
    error("wrong number of arguments to 'insert'", 2)
  end
  local pos, value = ...
  pos = int(pos, 2, "insert")
  if pos < 1 or pos > e then error("bad argument #2 to 'insert' (position out of bounds)", 2) end
  for k = e, pos + 1, -1 do t[k] = t[k - 1] end
  t[pos] = value
end
table.remove = function(t, pos)
  if plain(t) then
    if pos == nil then return remove(t) end
    return remove(t, pos)
  end
  local size = length(t)
  pos = pos == nil and size or int(pos, 2, "remove")
  if pos ~= size and (pos < 1 or pos > size + 1) then
    error("bad argument #2 to 'remove' (position out of bounds)", 2)
  end
  local result = t[pos]
  while pos < size do
    t[pos] = t[pos + 1]
    pos = pos + 1
  end
  t[pos] = nil
  return result
end
table.move = function(a1, f, e, t, a2)
  f, e, t = to_integer(f) or f, to_integer(e) or e, to_integer(t) or t
  if plain(a1) and plain(a2) then
    check_move(f, e)
    return move(a1, f, e, t, a2)
  end
  if a2 == nil then a2 = a1 end
  f, e, t = int(f, 2, "move"), int(e, 3, "move"), int(t, 4, "move")
  if e >= f then
    if not (f > 0 or e < maxinteger + f) then error("bad argument #3 to 'move' (too many elements to move)", 2) end
    local n = e - f
    if t > maxinteger - n then error("bad argument #4 to 'move' (destination wrap around)", 2) end
    if t > e or t <= f or a1 ~= a2 then
      for k = 0, n do a2[t + k] = a1[f + k] end
    else
      for k = n, 0, -1 do a2[t + k] = a1[f + k] end
    end
  end
  return a2
end
-- Sorting n items in C compares about n log n times without a call the
-- budget sees; past 65536 items (or with a metatable) the comparisons
-- are Lua calls.
-- So are they when an item is a long string: one comparison of two
-- strings of megabytes takes milliseconds (65536 copies of one 16 MB
-- string took hours in C).
local function less(a, b) return a < b end
local function has_long_string(items, n)
  for k = 1, n do
    local v = items[k]
    if type(v) == "string" and #v > 256 then return true end
  end
  return false
end
table.sort = function(t, comp)
  if type(t) ~= "table" then return sort(t, comp) end
  local is_plain = plain(t)
  local n = is_plain and rawlen(t) or length(t)
  if comp == nil and (n > 65536 or (is_plain and has_long_string(t, n))) then comp = less end
  if is_plain then return sort(t, comp) end
  if n >= 2147483647 then error("bad argument #1 to 'sort' (array too big)", 2) end
  local items = {}
  for k = 1, n do items[k] = t[k] end
  if comp == nil and has_long_string(items, n) then comp = less end
  sort(items, comp)
  for k = 1, n do t[k] = items[k] end
end

-- Metatables are private copies, checked once: a script cannot add
-- __gc, __close or __mode to a metatable after setmetatable has checked
-- it. getmetatable gives back the script's own table.
-- (The copy holds its original under a key no script can reach; a weak
-- table from copies to originals would be an ephemeron table, whose
-- collection can take seconds.)
local ORIGINAL, rawget = {}, rawget
_ENV.setmetatable = function(t, mt)
  if type(mt) ~= "table" then return setmetatable(t, mt) end
  check_metatable(mt)
  local copy = {}
  for k, v in next, mt do copy[k] = v end
  copy[ORIGINAL] = mt
  return setmetatable(t, copy)
end
_ENV.getmetatable = function(...)
  local mt = getmetatable(...)
  if type(mt) == "table" then
    local original = rawget(mt, ORIGINAL)
    if original ~= nil then return original end
  end
  return mt
end
-- The strings' metatable is shared by all strings: a script sees a copy.
getmetatable("").__metatable = { __index = string }

-- A message handler runs at the point of the error; when the error comes
-- from the budget hook, Lua runs it with hooks off, so a looping handler
-- could never be stopped. This xpcall runs the handler after unwinding.
local pcall, pack = pcall, table.pack
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
"##;

/// An error a Rust function called by a script raises, with what the
/// script did wrong; classified as `Error::Shape` or `Error::Forbidden`.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{what}")]
pub(crate) struct Raised {
    pub(crate) kind: RaisedKind,
    pub(crate) what: String,
    /// The Swedish text, where there is one.
    pub(crate) what_sv: Option<String>,
    pub(crate) line: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RaisedKind {
    Shape,
    Forbidden,
}

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
    /// How the hook is installed.
    mode: Cell<HookMode>,
    /// When the hook last looked at the clock.
    last: Cell<Instant>,
}

/// How often the budget hook runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HookMode {
    /// Not installed yet.
    None,
    /// Every [`STEP`] instructions: what a run starts with. A hook at
    /// every function call (a Rust callback and a clock reading each)
    /// made a small scorer several times slower.
    Steps,
    /// Every [`STEP`] instructions and every function call, from the first
    /// step that took longer than [`SLOW_STEP`] to the end of the run: a
    /// script whose calls make library functions work for milliseconds
    /// is then looked at before each call, as it always was.
    Calls,
    /// Every instruction, once the budget is spent: each fails again.
    Sticky,
}

/// A step of [`STEP`] instructions that takes longer than this switches
/// the run to [`HookMode::Calls`]. Plain Lua runs a step in about a
/// microsecond; a collector's step or a string comparison of megabytes
/// may take this long, which only makes the rest of the run check more.
const SLOW_STEP: Duration = Duration::from_millis(2);

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
            mode: Cell::new(HookMode::None),
            last: Cell::new(Instant::now()),
        });
        let internal = |e: mlua::Error| Error::Runtime {
            path: path.clone(),
            line: None,
            message: format!("could not set up the Lua sandbox: {e}"),
            message_sv: format!("Lua-sandlådan kunde inte ställas i ordning: {e}"),
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
                what_sv: "skriptet är förkompilerad Lua-bytekod; bara Lua-källtext tas emot"
                    .to_string(),
            });
        }
        if let Some(line) = crate::source::close_attribute(source.as_bytes()) {
            return Err(Error::Forbidden {
                path: self.path.clone(),
                line: Some(line),
                what: "to-be-closed variables (<close>) are not supported in vagval scripts: their handlers could run where the instruction limit cannot stop them"
                    .to_string(),
                what_sv: "variabler som stängs vid blockets slut (<close>) stöds inte i vagvals skript: deras hanterare kan köras där instruktionsgränsen inte kan stoppa dem"
                    .to_string(),
            });
        }
        let function = self
            .lua
            .load(source)
            .set_name(self.chunk_name.clone())
            .set_mode(ChunkMode::Text)
            .into_function()
            .map_err(|e| self.load_error(e, source))?;
        self.call(&function, ())
    }

    /// The sandbox's own Lua code `source` (named `=vagval sandbox` in
    /// messages), loaded as a function to call.
    pub(crate) fn own_code(&self, source: &str) -> Result<mlua::Function, Error> {
        self.lua
            .load(source)
            .set_name(format!("={SANDBOX_CHUNK_ID}"))
            .set_mode(ChunkMode::Text)
            .into_function()
            .map_err(|e| self.error(e))
    }

    /// The error of loading `source`. Lua's parser raises "C stack
    /// overflow" without a place when the script nests too deeply; the
    /// place is where it nests deepest.
    fn load_error(&self, error: mlua::Error, source: &str) -> Error {
        match self.error(error) {
            Error::Runtime {
                path,
                line: None,
                message,
                ..
            } if message.contains("C stack overflow") => Error::Syntax {
                path,
                line: crate::source::deepest_nesting(source.as_bytes()),
                message: "the script nests too deeply here (more than about 200 brackets, tables, functions or blocks inside each other; C stack overflow)".to_string(),
                message_sv: "skriptet nästlar för djupt här (fler än omkring 200 hakparenteser, tabeller, funktioner eller block i varandra; C stack overflow)".to_string(),
            },
            other => other,
        }
    }

    /// Calls `function` within a fresh budget.
    pub(crate) fn call<R: mlua::FromLuaMulti>(
        &self,
        function: &mlua::Function,
        args: impl mlua::IntoLuaMulti,
    ) -> Result<R, Error> {
        self.arm().map_err(|e| self.error(e))?;
        let result = function.call::<R>(args);
        // Checked even on success: a tail call such as `return pcall(loop)`
        // returns to Rust without running another Lua instruction.
        if self.budget.trip.get().is_some() {
            return Err(self.tripped());
        }
        result.map_err(|e| self.error(e))
    }

    /// A Lua function that gives the run a fresh budget, as
    /// [`Sandbox::call`] does when it starts: for vagval's own code that
    /// runs a script's function several times in one call (a batch of
    /// samples), so that each of them gets the budget and time a call of
    /// its own would get. It must stay with vagval's code (an upvalue no
    /// script can reach). Once the budget is spent it refuses, so a spent
    /// budget is never renewed within the run.
    pub(crate) fn rearm_function(&self) -> mlua::Result<mlua::Function> {
        let budget = Rc::clone(&self.budget);
        let name = self.chunk_name.clone();
        self.lua.create_function(move |lua, ()| {
            if budget.trip.get().is_some() {
                return Err(budget_error());
            }
            reset(&budget);
            if budget.mode.get() != HookMode::Steps {
                install_hook(lua, &budget, &name, HookMode::Steps)?;
            }
            Ok(())
        })
    }

    /// Resets the budget and installs the counting hook.
    fn arm(&self) -> mlua::Result<()> {
        self.budget.trip.set(None);
        reset(&self.budget);
        if self.budget.mode.get() != HookMode::Steps {
            install_hook(&self.lua, &self.budget, &self.chunk_name, HookMode::Steps)?;
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
                let (message, message_sv) = crate::shown_message(message);
                Error::Syntax {
                    path,
                    line,
                    message,
                    message_sv,
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
                            what_sv: raised.what_sv.unwrap_or_else(|| raised.what.clone()),
                            what: raised.what,
                        },
                        RaisedKind::Forbidden => Error::Forbidden {
                            path,
                            line: raised.line,
                            what_sv: raised.what_sv.unwrap_or_else(|| raised.what.clone()),
                            what: raised.what,
                        },
                    }
                }
                None => {
                    let (message, message_sv) = crate::shown_message(&external.to_string());
                    Error::Runtime {
                        path,
                        line: None,
                        message,
                        message_sv,
                    }
                }
            },
            other => {
                let (message, message_sv) = crate::shown_message(&other.to_string());
                Error::Runtime {
                    path,
                    line: None,
                    message,
                    message_sv,
                }
            }
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
        // An argument error from a library function behind a guard names
        // the guard's chunk; the line above is the script's.
        let (_, message) = split_location(message, SANDBOX_CHUNK_ID);
        let (message, message_sv) = match not_a_message(message) {
            Some((kind, kind_sv)) => (
                format!("the script raised {kind} as its error, not a message"),
                format!("skriptet kastade {kind_sv} som sitt fel, inte ett meddelande"),
            ),
            None => crate::shown_message(message),
        };
        Error::Runtime {
            path: self.path.clone(),
            line,
            message,
            message_sv,
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
        move |lua,
              (subject, pattern, function, plain, replacement): (
            Value,
            Value,
            i64,
            Value,
            Value,
        )| {
            check_pattern(
                lua,
                &name,
                &subject,
                &pattern,
                PatternFn::from_code(function),
                plain,
                &replacement,
            )
        },
    )?;
    let name = chunk_name.to_string();
    let check_metatable = lua.create_function(move |lua, metatable: Value| {
        let Value::Table(metatable) = metatable else {
            return Ok(());
        };
        for (key, why, why_sv) in [
            (
                "__gc",
                "a metatable with a __gc field (finalizers run at times no script controls, where no limit can stop them)",
                "en metatabell med fältet __gc (finalisatorer körs när inget skript bestämmer, där ingen gräns kan stoppa dem)",
            ),
            (
                "__close",
                "a metatable with a __close field (to-be-closed values: their handlers can run where no limit can stop them)",
                "en metatabell med fältet __close (värden som stängs vid blockets slut: deras hanterare kan köras där ingen gräns kan stoppa dem)",
            ),
            (
                "__mode",
                "a metatable with a __mode field (weak tables: the collector's work on them runs where no limit can stop it)",
                "en metatabell med fältet __mode (svaga tabeller: skräpsamlarens arbete med dem körs där ingen gräns kan stoppa det)",
            ),
        ] {
            if !matches!(metatable.raw_get::<Value>(key)?, Value::Nil) {
                return Err(raise_sv(
                    lua,
                    &name,
                    RaisedKind::Forbidden,
                    why.to_string(),
                    why_sv.to_string(),
                ));
            }
        }
        Ok(())
    })?;
    let name = chunk_name.to_string();
    let check_move = lua.create_function(move |lua, (first, last): (Value, Value)| {
        check_move(lua, &name, first, last)
    })?;
    let to_integer = lua.create_function(|lua, value: Value| lua.coerce_integer(value))?;
    let to_number = lua.create_function(|lua, value: Value| lua.coerce_number(value))?;
    let prelude = match prelude_bytecode() {
        Some(code) => lua.load(code).set_mode(ChunkMode::Binary),
        None => lua.load(PRELUDE).set_mode(ChunkMode::Text),
    };
    prelude
        .set_name(format!("={SANDBOX_CHUNK_ID}"))
        .call::<()>((
            check_pattern,
            check_metatable,
            check_move,
            to_integer,
            to_number,
        ))
}

/// The prelude compiled once per process (with its debug information, for
/// the names in argument errors): every group script's run builds a fresh
/// state, and parsing the prelude each time took about 40 % of a run.
/// `None` if it cannot be compiled, and the text is loaded instead.
fn prelude_bytecode() -> Option<&'static [u8]> {
    static CODE: std::sync::OnceLock<Option<Vec<u8>>> = std::sync::OnceLock::new();
    CODE.get_or_init(|| {
        let lua = Lua::new_with(StdLib::NONE, LuaOptions::default()).ok()?;
        let function = lua
            .load(PRELUDE)
            .set_name(format!("={SANDBOX_CHUNK_ID}"))
            .set_mode(ChunkMode::Text)
            .into_function()
            .ok()?;
        Some(function.dump(false))
    })
    .as_deref()
}

/// A fresh budget: nothing used, the time backstop from now.
fn reset(budget: &Budget) {
    let now = Instant::now();
    budget.used.set(0);
    budget.deadline.set(now + budget.time);
    budget.last.set(now);
}

/// Installs the budget hook in `mode` (not [`HookMode::None`]).
fn install_hook(
    lua: &Lua,
    budget: &Rc<Budget>,
    chunk_name: &str,
    mode: HookMode,
) -> mlua::Result<()> {
    let triggers = match mode {
        HookMode::Sticky => HookTriggers::new().every_nth_instruction(1),
        HookMode::Calls => HookTriggers::new().on_calls().every_nth_instruction(STEP),
        HookMode::Steps | HookMode::None => HookTriggers::new().every_nth_instruction(STEP),
    };
    budget.mode.set(mode);
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
        let now = Instant::now();
        let trip = if budget.used.get() > budget.limit {
            Some(Trip::Instructions {
                line: script_line(lua, &name),
            })
        } else if now > budget.deadline.get() {
            Some(Trip::Time {
                line: script_line(lua, &name),
            })
        } else {
            None
        };
        if let Some(trip) = trip {
            budget.trip.set(Some(trip));
            install_hook(lua, &budget, &name, HookMode::Sticky)?;
            return Err(budget_error());
        }
        if budget.mode.get() == HookMode::Steps
            && now.saturating_duration_since(budget.last.get()) > SLOW_STEP
        {
            install_hook(lua, &budget, &name, HookMode::Calls)?;
        }
        budget.last.set(now);
        Ok(VmState::Continue)
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

/// A `Raised` error at the script's current line, in English and Swedish.
pub(crate) fn raise_sv(
    lua: &Lua,
    chunk_name: &str,
    kind: RaisedKind,
    what: String,
    what_sv: String,
) -> mlua::Error {
    mlua::Error::external(Raised {
        kind,
        what,
        what_sv: Some(what_sv),
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
    replacement: &Value,
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
    // gsub's replacement string is read once a match, escape by escape:
    // `%0` or `%1` of an empty match adds nothing, so memory does not
    // bound the work, which is (n + 1) matches × the escapes.
    if let Value::String(replacement) = replacement {
        let escapes = replacement
            .as_bytes()
            .iter()
            .filter(|&&b| b == b'%')
            .count();
        let cost = (n as f64 + 1.0) * escapes as f64;
        if cost > pattern::MAX_STEPS {
            return Err(raise_sv(
                lua,
                chunk_name,
                RaisedKind::Forbidden,
                format!(
                    "string.gsub: a replacement with {escapes} % escapes on a string of {n} bytes could take about {cost:.0e} steps in C, where no limit can stop it (at most {:.0e} allowed); use fewer escapes or a function as the replacement",
                    pattern::MAX_STEPS
                ),
                format!(
                    "string.gsub: en ersättning med {escapes} %-koder på en sträng om {n} byte kan ta omkring {cost:.0e} steg i C, där ingen gräns kan stoppa den (högst {:.0e} tillåts); använd färre %-koder eller en funktion som ersättning",
                    pattern::MAX_STEPS
                ),
            ));
        }
    }
    let plain = !matches!(plain, Value::Nil | Value::Boolean(false));
    let cost = match pattern {
        Value::String(p) if !plain => pattern::pattern_cost(n, &p.as_bytes(), function),
        _ => pattern::plain_cost(n, m),
    };
    if cost <= pattern::MAX_STEPS {
        return Ok(());
    }
    let (shown, shown_sv) = match pattern {
        Value::String(p) => (crate::shown(&p.as_bytes()), crate::shown_sv(&p.as_bytes())),
        _ => ("a number".to_string(), "ett tal".to_string()),
    };
    Err(raise_sv(
        lua,
        chunk_name,
        RaisedKind::Forbidden,
        format!(
            "{}: the pattern {shown} on a string of {n} bytes could take about {cost:.0e} steps in C, where no limit can stop it (at most {:.0e} allowed); anchor the pattern with ^, use fewer repetitions (* + - ?), or search a shorter string",
            function.name(),
            pattern::MAX_STEPS
        ),
        format!(
            "{}: mönstret {shown_sv} på en sträng om {n} byte kan ta omkring {cost:.0e} steg i C, där ingen gräns kan stoppa det (högst {:.0e} tillåts); förankra mönstret med ^, använd färre upprepningar (* + - ?) eller sök i en kortare sträng",
            function.name(),
            pattern::MAX_STEPS
        ),
    ))
}

/// The most elements `table.move` may move in one call between tables
/// without metatables: more than a table within the default memory limit
/// can hold (16 bytes a slot).
const MAX_MOVE: i128 = 4_194_304;

/// Refuses `table.move` over more than `MAX_MOVE` positions: its loop runs
/// in C, where no limit can stop it, and moving nils allocates nothing.
/// The bounds are converted as Lua converts them (`"1e15"` is 10¹⁵); what
/// Lua cannot convert, Lua refuses itself.
fn check_move(lua: &Lua, chunk_name: &str, first: Value, last: Value) -> mlua::Result<()> {
    let (Some(first), Some(last)) = (lua.coerce_integer(first)?, lua.coerce_integer(last)?) else {
        return Ok(());
    };
    let count = i128::from(last) - i128::from(first) + 1;
    if count > MAX_MOVE {
        return Err(raise_sv(
            lua,
            chunk_name,
            RaisedKind::Forbidden,
            format!(
                "table.move over {count} positions (at most {MAX_MOVE}): its loop runs in C, where no limit can stop it"
            ),
            format!(
                "table.move över {count} positioner (högst {MAX_MOVE}): dess slinga körs i C, där ingen gräns kan stoppa den"
            ),
        ));
    }
    Ok(())
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
fn not_a_message(message: &str) -> Option<(&'static str, &'static str)> {
    let is_address = |text: &str| {
        let text = text.strip_prefix("builtin: ").unwrap_or(text);
        let hex = text.strip_prefix("0x").unwrap_or(text);
        !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit())
    };
    for (prefix, kind) in [
        ("table: ", ("a table", "en tabell")),
        ("function: ", ("a function", "en funktion")),
        ("userdata: ", ("a userdata", "en userdata")),
        ("thread: ", ("a thread", "en tråd")),
    ] {
        if let Some(rest) = message.strip_prefix(prefix)
            && is_address(rest)
        {
            return Some(kind);
        }
    }
    match message {
        "nil" => Some(("nil", "nil")),
        "true" | "false" => Some(("a boolean", "ett sanningsvärde")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slow_step_makes_the_hook_look_at_every_call() {
        let sandbox = Sandbox::new(Path::new("s.lua"), Limits::default()).unwrap();
        // Plain Lua: steps of 100 instructions take microseconds.
        sandbox
            .run_chunk("local x = 0\nfor i = 1, 1e5 do x = x + math.abs(i) end")
            .unwrap();
        assert_eq!(sandbox.budget.mode.get(), HookMode::Steps);
        // Calls into C that take milliseconds each, few instructions apart.
        sandbox
            .run_chunk("local s = string.rep('a', 2e7)\nfor i = 1, 40 do utf8.len(s) end")
            .unwrap();
        assert_eq!(sandbox.budget.mode.get(), HookMode::Calls);
        // The next run starts in steps again.
        sandbox.run_chunk("return 1").unwrap();
        assert_eq!(sandbox.budget.mode.get(), HookMode::Steps);
    }

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
        assert_eq!(
            not_a_message("table: 0x55d0c1a2b3c0"),
            Some(("a table", "en tabell"))
        );
        assert_eq!(
            not_a_message("function: builtin: 0x1234"),
            Some(("a function", "en funktion"))
        );
        assert_eq!(not_a_message("nil"), Some(("nil", "nil")));
        assert_eq!(not_a_message("table: of contents"), None);
        assert_eq!(not_a_message("boom"), None);
    }
}
