//! Between Rust and Lua values: the `decision` global built from a
//! `DecisionView`, the `pairwise{}` and `direct{}` markers, and a group
//! script's returned table checked and converted to a `GroupSpec`, every
//! wrong shape named by its key path (`weights.goal[3][3]`).
//!
//! Conversion reads tables raw (no metamethods), so no script code runs
//! outside the budget.

use crate::sandbox::{RaisedKind, raise_sv, script_line};
use crate::source::Key;
use crate::{shown, shown_sv};
use mlua::{Lua, Table, Value};
use vagval_core::assessment::WeightsSpec;
use vagval_core::group::GroupSpec;
use vagval_core::model::Site;
use vagval_core::pairwise::Judgment;
use vagval_core::plugin::DecisionView;

/// The longest id accepted, in bytes (criteria and alternatives are named
/// by file stems and TOML keys, far shorter).
pub const MAX_ID_BYTES: usize = 256;
/// The longest group name accepted, in characters (it is shown in every
/// table and chart).
pub const MAX_NAME_CHARS: usize = 200;

/// Registry keys of the tables that remember which tables `pairwise{}` and
/// `direct{}` marked (and on which line): out of every script's reach.
const KINDS: &str = "vagval.kinds";
const LINES: &str = "vagval.lines";

const PAIRWISE: &str = "pairwise";
const DIRECT: &str = "direct";

/// A wrong shape: what is wrong (in English and Swedish), and the line of the `pairwise`/`direct`
/// call that made the table it is in, if known. The entry's own line is
/// found from its key path (`keys`, or the path the message starts with)
/// in the source (see `source::line_of`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ShapeError {
    pub(crate) what: String,
    pub(crate) what_sv: String,
    pub(crate) line: Option<usize>,
    pub(crate) keys: Option<Vec<Key>>,
}

fn shape(what: String, what_sv: String) -> ShapeError {
    ShapeError {
        what,
        what_sv,
        line: None,
        keys: None,
    }
}

/// Sets the globals `pairwise` and `direct`.
pub(crate) fn install_markers(lua: &Lua, chunk_name: &str) -> mlua::Result<()> {
    lua.set_named_registry_value(KINDS, lua.create_table()?)?;
    lua.set_named_registry_value(LINES, lua.create_table()?)?;
    for kind in [PAIRWISE, DIRECT] {
        let name = chunk_name.to_string();
        let marker = lua.create_function(move |lua, value: Value| {
            let Value::Table(table) = value else {
                let (expected, expected_sv) = if kind == PAIRWISE {
                    (
                        "a list of judgments like { \"a\", \"b\", 3 }",
                        "en lista med bedömningar som { \"a\", \"b\", 3 }",
                    )
                } else {
                    (
                        "a table of weights like { [\"id\"] = 2 }",
                        "en tabell med vikter som { [\"id\"] = 2 }",
                    )
                };
                return Err(raise_sv(
                    lua,
                    &name,
                    RaisedKind::Shape,
                    format!("{kind} expects {expected}, got {}", describe(&value)),
                    format!("{kind} vill ha {expected_sv}, fick {}", describe_sv(&value)),
                ));
            };
            let kinds: Table = lua.named_registry_value(KINDS)?;
            let lines: Table = lua.named_registry_value(LINES)?;
            kinds.raw_set(&table, kind)?;
            if let Some(line) = script_line(lua, &name) {
                lines.raw_set(&table, line)?;
            }
            Ok(table)
        })?;
        lua.globals().raw_set(kind, marker)?;
    }
    Ok(())
}

/// Sets the global `decision`: a fresh copy of `view` (each script has its
/// own state, so no script sees another's changes).
pub(crate) fn install_decision(lua: &Lua, view: &DecisionView) -> mlua::Result<()> {
    let decision = lua.create_table()?;
    decision.raw_set("goal", view.goal.as_str())?;
    decision.raw_set("alternatives", alternatives_table(lua, view)?)?;
    let criteria = lua.create_table()?;
    let by_id = lua.create_table()?;
    for criterion in &view.criteria {
        let table = lua.create_table()?;
        table.raw_set("id", criterion.id.as_str())?;
        table.raw_set("name", criterion.name.as_str())?;
        table.raw_set("parent", criterion.parent.as_deref())?;
        let children = lua.create_sequence_from(criterion.children.iter().map(String::as_str))?;
        table.raw_set("children", children)?;
        if let Some(data) = &criterion.data {
            let data_table = lua.create_table()?;
            data_table.raw_set("unit", data.unit.as_deref())?;
            let values = lua.create_table()?;
            for (alternative, low, high) in &data.values {
                let range = lua.create_table()?;
                range.raw_set("low", *low)?;
                range.raw_set("high", *high)?;
                values.raw_set(alternative.as_str(), range)?;
            }
            data_table.raw_set("values", values)?;
            table.raw_set("data", data_table)?;
        }
        criteria.raw_push(&table)?;
        by_id.raw_set(criterion.id.as_str(), table)?;
    }
    decision.raw_set("criteria", criteria)?;
    decision.raw_set("criterion", by_id)?;
    lua.globals().raw_set("decision", decision)
}

/// Sets the global `decision` for a criterion script: goal and
/// alternatives only.
pub(crate) fn install_small_decision(
    lua: &Lua,
    goal: &str,
    alternatives: &[(String, String)],
) -> mlua::Result<()> {
    let view = DecisionView {
        goal: goal.to_string(),
        alternatives: alternatives
            .iter()
            .map(|(id, name)| vagval_core::plugin::AlternativeView {
                id: id.clone(),
                name: name.clone(),
            })
            .collect(),
        criteria: Vec::new(),
    };
    let decision = lua.create_table()?;
    decision.raw_set("goal", goal)?;
    decision.raw_set("alternatives", alternatives_table(lua, &view)?)?;
    lua.globals().raw_set("decision", decision)
}

fn alternatives_table(lua: &Lua, view: &DecisionView) -> mlua::Result<Table> {
    let list = lua.create_table()?;
    for alternative in &view.alternatives {
        let table = lua.create_table()?;
        table.raw_set("id", alternative.id.as_str())?;
        table.raw_set("name", alternative.name.as_str())?;
        list.raw_push(table)?;
    }
    Ok(list)
}

/// "a number", "a string", "nil", … as people say it.
pub(crate) fn describe(value: &Value) -> &'static str {
    match value {
        Value::Nil => "nil",
        Value::Boolean(_) => "a boolean",
        Value::Integer(_) | Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Table(_) => "a table",
        Value::Function(_) => "a function",
        Value::Thread(_) => "a thread",
        _ => "a userdata",
    }
}

/// "ett tal", "en sträng", "nil", … in Swedish.
pub(crate) fn describe_sv(value: &Value) -> &'static str {
    match value {
        Value::Nil => "nil",
        Value::Boolean(_) => "ett booleskt värde",
        Value::Integer(_) | Value::Number(_) => "ett tal",
        Value::String(_) => "en sträng",
        Value::Table(_) => "en tabell",
        Value::Function(_) => "en funktion",
        Value::Thread(_) => "en tråd",
        _ => "en userdata",
    }
}

/// A table key as part of a path: `.name`, `["odd key"]`, `[3]`.
fn key_path(key: &Value) -> String {
    match key {
        Value::String(s) => {
            let bytes = s.as_bytes();
            let simple = !bytes.is_empty()
                && bytes.len() <= 60
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'));
            if simple {
                format!(".{}", String::from_utf8_lossy(&bytes))
            } else {
                format!("[{}]", shown(&bytes))
            }
        }
        Value::Integer(i) => format!("[{i}]"),
        Value::Number(n) => format!("[{n}]"),
        other => format!("[{}]", describe(other)),
    }
}

/// The string keys and values of `table`, refusing keys of other types;
/// `path_sv` names the table in Swedish.
fn string_pairs(
    table: &Table,
    path: &str,
    path_sv: &str,
) -> Result<Vec<(String, Value)>, ShapeError> {
    let mut pairs = Vec::new();
    let mut error = None;
    let walked = table.for_each(|key: Value, value: Value| {
        if error.is_some() {
            return Ok(());
        }
        match id_of(&key, path, path_sv) {
            Ok(id) => pairs.push((id, value)),
            Err(e) => {
                error = Some(shape(
                    format!("{path} has a key that is not a name: {}", e.what),
                    format!(
                        "{path_sv} har en nyckel som inte är ett namn: {}",
                        e.what_sv
                    ),
                ))
            }
        }
        Ok(())
    });
    if let Some(error) = error {
        return Err(error);
    }
    walked.map_err(|e| {
        shape(
            format!("{path} could not be read: {e}"),
            format!("{path_sv} kunde inte läsas: {e}"),
        )
    })?;
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(pairs)
}

/// A value that must be an id: a string, valid UTF-8, at most
/// `MAX_ID_BYTES`; `path_sv` names it in Swedish.
fn id_of(value: &Value, path: &str, path_sv: &str) -> Result<String, ShapeError> {
    let Value::String(s) = value else {
        return Err(match value {
            Value::Integer(i) => shape(
                format!("{path} must be an id (a string), got the number {i}"),
                format!("{path_sv} måste vara ett id (en sträng), fick talet {i}"),
            ),
            other => shape(
                format!("{path} must be an id (a string), got {}", describe(other)),
                format!(
                    "{path_sv} måste vara ett id (en sträng), fick {}",
                    describe_sv(other)
                ),
            ),
        });
    };
    let bytes = s.as_bytes();
    if bytes.len() > MAX_ID_BYTES {
        return Err(shape(
            format!(
                "{path}: the id {} is longer than any id can be (at most {MAX_ID_BYTES} bytes)",
                shown(&bytes)
            ),
            format!(
                "{path_sv}: id:t {} är längre än något id kan vara (högst {MAX_ID_BYTES} byte)",
                shown_sv(&bytes)
            ),
        ));
    }
    match std::str::from_utf8(&bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(_) => Err(shape(
            format!("{path}: the id {} is not valid UTF-8", shown(&bytes)),
            format!("{path_sv}: id:t {} är inte giltig UTF-8", shown_sv(&bytes)),
        )),
    }
}

/// Converts a group script's result to the group `id`'s spec.
pub(crate) fn group_spec(
    lua: &Lua,
    id: String,
    value: Value,
    view: &DecisionView,
) -> Result<GroupSpec, ShapeError> {
    let Value::Table(table) = value else {
        return Err(shape(
            format!(
                "the script must return a table {{ name = ..., seats = ..., weights = ... }}, got {}",
                describe(&value)
            ),
            format!(
                "skriptet måste returnera en tabell {{ name = ..., seats = ..., weights = ... }}, fick {}",
                describe_sv(&value)
            ),
        ));
    };
    let mut name = None;
    let mut seats = None;
    let mut weights = None;
    let mut alternatives = None;
    for (key, value) in string_pairs(&table, "the returned table", "den returnerade tabellen")? {
        match key.as_str() {
            "name" => name = Some(value),
            "seats" => seats = Some(value),
            "weights" => weights = Some(value),
            "alternatives" => alternatives = Some(value),
            other => {
                return Err(ShapeError {
                    keys: Some(vec![Key::Name(other.to_string())]),
                    ..shape(
                        format!(
                            "the returned table has an unknown key {} (the keys are name, seats, weights and alternatives)",
                            shown(other.as_bytes())
                        ),
                        format!(
                            "den returnerade tabellen har en okänd nyckel {} (nycklarna är name, seats, weights och alternatives)",
                            shown_sv(other.as_bytes())
                        ),
                    )
                });
            }
        }
    }

    let name = group_name(name)?;
    let seats = group_seats(seats)?;
    let weights = group_weights(lua, weights)?;
    let assessments = group_assessments(lua, alternatives)?;

    let spec = GroupSpec {
        id,
        name,
        seats,
        weights,
        assessments,
    };
    check_targets(&spec, view)?;
    Ok(spec)
}

/// The returned table's `name`: a non-empty string of at most
/// `MAX_NAME_CHARS` characters.
fn group_name(name: Option<Value>) -> Result<String, ShapeError> {
    let name = match name {
        Some(Value::String(s)) => {
            let text = s
                .to_str()
                .map_err(|_| {
                    shape(
                        "name is not valid UTF-8".to_string(),
                        "name är inte giltig UTF-8".to_string(),
                    )
                })?
                .to_string();
            if text.trim().is_empty() {
                return Err(shape(
                    "name must not be empty".to_string(),
                    "name får inte vara tomt".to_string(),
                ));
            }
            if text.chars().count() > MAX_NAME_CHARS {
                return Err(shape(
                    format!(
                        "name {} is too long (at most {MAX_NAME_CHARS} characters)",
                        shown(text.as_bytes())
                    ),
                    format!(
                        "name {} är för långt (högst {MAX_NAME_CHARS} tecken)",
                        shown_sv(text.as_bytes())
                    ),
                ));
            }
            text
        }
        None => {
            return Err(shape(
                "name is missing: give the group's name, e.g. name = \"Lokal kontroll först\""
                    .to_string(),
                "name saknas: ange gruppens namn, t.ex. name = \"Lokal kontroll först\""
                    .to_string(),
            ));
        }
        Some(other) => {
            return Err(shape(
                format!("name must be a string, got {}", describe(&other)),
                format!("name måste vara en sträng, fick {}", describe_sv(&other)),
            ));
        }
    };
    Ok(name)
}

/// The returned table's `seats`: a positive number.
fn group_seats(seats: Option<Value>) -> Result<f64, ShapeError> {
    let seats = match seats {
        Some(Value::Integer(n)) if n > 0 => n as f64,
        Some(Value::Number(n)) if n.is_finite() && n > 0.0 => n,
        None => {
            return Err(shape(
                "seats is missing: give the group's seats, e.g. seats = 12".to_string(),
                "seats saknas: ange gruppens mandat, t.ex. seats = 12".to_string(),
            ));
        }
        Some(Value::Integer(n)) => {
            return Err(shape(
                format!("seats must be a positive number, got {n}"),
                format!("seats måste vara ett positivt tal, fick {n}"),
            ));
        }
        Some(Value::Number(n)) => {
            return Err(shape(
                format!("seats must be a positive number, got {n}"),
                format!("seats måste vara ett positivt tal, fick {n}"),
            ));
        }
        Some(other) => {
            return Err(shape(
                format!("seats must be a positive number, got {}", describe(&other)),
                format!(
                    "seats måste vara ett positivt tal, fick {}",
                    describe_sv(&other)
                ),
            ));
        }
    };
    Ok(seats)
}

/// The returned table's `weights`: `goal` first, then the criteria by id.
fn group_weights(
    lua: &Lua,
    weights: Option<Value>,
) -> Result<Vec<(Site, WeightsSpec)>, ShapeError> {
    let weights_table = match weights {
        Some(Value::Table(t)) => t,
        None => return Err(shape(
            "weights is missing: give at least one set, e.g. weights = { goal = pairwise { ... } }"
                .to_string(),
            "weights saknas: ange minst en uppsättning, t.ex. weights = { goal = pairwise { ... } }"
                .to_string(),
        )),
        Some(other) => {
            return Err(shape(
                format!(
                    "weights must be a table of sets (goal = pairwise {{ ... }}, ...), got {}",
                    describe(&other)
                ),
                format!(
                    "weights måste vara en tabell med uppsättningar (goal = pairwise {{ ... }}, ...), fick {}",
                    describe_sv(&other)
                ),
            ));
        }
    };
    let mut weights = Vec::new();
    let mut sets = string_pairs(&weights_table, "weights", "weights")?;
    // `goal` first, then the criteria by id.
    sets.sort_by_key(|(key, _)| key != "goal");
    for (key, value) in sets {
        let path = format!("weights{}", simple_key(&key));
        let site = if key == "goal" {
            Site::Goal
        } else {
            Site::Weights(key)
        };
        weights.push((site, weights_spec(lua, &value, &path)?));
    }
    if weights.is_empty() {
        return Err(shape(
            "weights is empty: give at least one set, e.g. goal = pairwise { ... }".to_string(),
            "weights är tom: ange minst en uppsättning, t.ex. goal = pairwise { ... }".to_string(),
        ));
    }
    Ok(weights)
}

/// The returned table's `alternatives`: the group's own judgments by
/// leaf criterion, each made by `pairwise{}`.
fn group_assessments(
    lua: &Lua,
    alternatives: Option<Value>,
) -> Result<Vec<(String, Vec<Judgment>)>, ShapeError> {
    let mut assessments = Vec::new();
    match alternatives {
        None => {}
        Some(Value::Table(t)) => {
            for (key, value) in string_pairs(&t, "alternatives", "alternatives")? {
                let path = format!("alternatives{}", simple_key(&key));
                let (kind, line) = marked(lua, &value);
                if kind.as_deref() != Some(PAIRWISE) {
                    return Err(ShapeError {
                        line,
                        ..shape(
                            format!(
                                "{path} must be a table made by pairwise{{}}, got {}",
                                made_by(&value, kind.as_deref())
                            ),
                            format!(
                                "{path} måste vara en tabell gjord med pairwise{{}}, fick {}",
                                made_by_sv(&value, kind.as_deref())
                            ),
                        )
                    });
                }
                let Value::Table(list) = &value else {
                    return Err(shape(
                        format!("{path} must be a table made by pairwise{{}}"),
                        format!("{path} måste vara en tabell gjord med pairwise{{}}"),
                    ));
                };
                let judgments = judgments(list, &path).map_err(|mut e| {
                    e.line = e.line.or(line);
                    e
                })?;
                assessments.push((key, judgments));
            }
        }
        Some(other) => {
            return Err(shape(
                format!(
                    "alternatives must be a table of judgments by criterion (democracy = pairwise {{ ... }}, ...), got {}",
                    describe(&other)
                ),
                format!(
                    "alternatives måste vara en tabell med bedömningar per kriterium (democracy = pairwise {{ ... }}, ...), fick {}",
                    describe_sv(&other)
                ),
            ));
        }
    }
    Ok(assessments)
}

/// Checks that the sets a group gives name what the workspace has: each
/// `weights` key is `goal` or a criterion with sub-criteria and weighs its
/// items, each `alternatives` key a leaf criterion judged on alternatives.
/// (The model checks the same; here the error gets the entry's line.)
fn check_targets(spec: &GroupSpec, view: &DecisionView) -> Result<(), ShapeError> {
    let ids = |items: &mut dyn Iterator<Item = &String>| items.cloned().collect::<Vec<_>>();
    let roots = ids(&mut view
        .criteria
        .iter()
        .filter(|c| c.parent.is_none())
        .map(|c| &c.id));
    let parents = ids(&mut view
        .criteria
        .iter()
        .filter(|c| !c.children.is_empty())
        .map(|c| &c.id));
    let leaves = ids(&mut view
        .criteria
        .iter()
        .filter(|c| c.children.is_empty())
        .map(|c| &c.id));
    let alternatives = ids(&mut view.alternatives.iter().map(|a| &a.id));
    let unknown = |path: String, id: &str, items: &[String], kind: (&str, &str)| {
        if items.iter().any(|item| item == id) {
            return Ok(());
        }
        Err(shape(
            format!(
                "{path}: {} is not {} (they are {})",
                shown(id.as_bytes()),
                kind.0,
                crate::list(items)
            ),
            format!(
                "{path}: {} är inte {} (de är {})",
                shown_sv(id.as_bytes()),
                kind.1,
                crate::list_sv(items)
            ),
        ))
    };
    let judged = |path: &str, judgments: &[Judgment], items: &[String], kind: (&str, &str)| {
        for (index, judgment) in judgments.iter().enumerate() {
            for (part, id) in [(1, &judgment.first), (2, &judgment.second)] {
                unknown(format!("{path}[{}][{part}]", index + 1), id, items, kind)?;
            }
        }
        Ok(())
    };
    for (site, weights) in &spec.weights {
        let (path, items) = match site {
            Site::Weights(id) => {
                let path = format!("weights{}", simple_key(id));
                let Some(criterion) = view.criteria.iter().find(|c| &c.id == id) else {
                    return Err(shape(
                        format!(
                            "{path}: {} is not a criterion of this workspace; weights are set for goal (the top-level criteria) or a criterion with sub-criteria{}",
                            shown(id.as_bytes()),
                            one_of(&parents)
                        ),
                        format!(
                            "{path}: {} är inte ett kriterium i den här arbetsytan; vikter anges för goal (kriterierna överst) eller ett kriterium med underkriterier{}",
                            shown_sv(id.as_bytes()),
                            one_of_sv(&parents)
                        ),
                    ));
                };
                if criterion.children.is_empty() {
                    return Err(shape(
                        format!(
                            "{path}: {} has no sub-criteria, so it has no weights to set; weights are set for goal (the top-level criteria) or a criterion with sub-criteria{}",
                            shown(id.as_bytes()),
                            one_of(&parents)
                        ),
                        format!(
                            "{path}: {} har inga underkriterier och alltså inga vikter att ange; vikter anges för goal (kriterierna överst) eller ett kriterium med underkriterier{}",
                            shown_sv(id.as_bytes()),
                            one_of_sv(&parents)
                        ),
                    ));
                }
                (path, criterion.children.clone())
            }
            _ => ("weights.goal".to_string(), roots.clone()),
        };
        let kind = (
            "one of the criteria weighed here",
            "ett av kriterierna som vägs här",
        );
        match weights {
            WeightsSpec::Judgments(judgments) => judged(&path, judgments, &items, kind)?,
            WeightsSpec::Direct(direct) => {
                for (id, _) in direct {
                    unknown(format!("{path}{}", simple_key(id)), id, &items, kind)?;
                }
            }
        }
    }
    for (id, judgments) in &spec.assessments {
        let path = format!("alternatives{}", simple_key(id));
        if !leaves.iter().any(|leaf| leaf == id) {
            let (what, what_sv) = if parents.iter().any(|p| p == id) {
                (
                    "has sub-criteria; the alternatives are judged on leaf criteria",
                    "har underkriterier; alternativen bedöms på kriterier längst ner i trädet",
                )
            } else {
                (
                    "is not a criterion of this workspace; the alternatives are judged on its leaf criteria",
                    "är inte ett kriterium i den här arbetsytan; alternativen bedöms på dess kriterier längst ner i trädet",
                )
            };
            return Err(shape(
                format!(
                    "{path}: {} {what} (they are {})",
                    shown(id.as_bytes()),
                    crate::list(&leaves)
                ),
                format!(
                    "{path}: {} {what_sv} (de är {})",
                    shown_sv(id.as_bytes()),
                    crate::list_sv(&leaves)
                ),
            ));
        }
        judged(
            &path,
            judgments,
            &alternatives,
            ("an alternative", "ett alternativ"),
        )?;
    }
    Ok(())
}

/// `: `a`, `b`` or ` (det finns inga här)` for a list of ids.
fn one_of_sv(ids: &[String]) -> String {
    if ids.is_empty() {
        " (det finns inga här)".to_string()
    } else {
        format!(": {}", crate::list_sv(ids))
    }
}

/// `: `a`, `b`` or ` (there are none here)` for a list of ids.
fn one_of(ids: &[String]) -> String {
    if ids.is_empty() {
        " (there are none here)".to_string()
    } else {
        format!(": {}", crate::list(ids))
    }
}

/// Which marker made `value`, and on which line.
fn marked(lua: &Lua, value: &Value) -> (Option<String>, Option<usize>) {
    let Value::Table(table) = value else {
        return (None, None);
    };
    let kind = lua
        .named_registry_value::<Table>(KINDS)
        .and_then(|kinds| kinds.raw_get::<Option<String>>(table))
        .ok()
        .flatten();
    let line = lua
        .named_registry_value::<Table>(LINES)
        .and_then(|lines| lines.raw_get::<Option<usize>>(table))
        .ok()
        .flatten();
    (kind, line)
}

fn made_by_sv(value: &Value, kind: Option<&str>) -> String {
    match (value, kind) {
        (_, Some(kind)) => format!("en tabell gjord med {kind}{{}}"),
        (Value::Table(_), None) => "en vanlig tabell (slå in den: pairwise { ... })".to_string(),
        (other, None) => describe_sv(other).to_string(),
    }
}

fn made_by(value: &Value, kind: Option<&str>) -> String {
    match (value, kind) {
        (_, Some(kind)) => format!("a table made by {kind}{{}}"),
        (Value::Table(_), None) => "a plain table (wrap it: pairwise { ... })".to_string(),
        (other, None) => describe(other).to_string(),
    }
}

fn weights_spec(lua: &Lua, value: &Value, path: &str) -> Result<WeightsSpec, ShapeError> {
    let (kind, line) = marked(lua, value);
    let with_line = |mut e: ShapeError| {
        e.line = e.line.or(line);
        e
    };
    match (value, kind.as_deref()) {
        (Value::Table(list), Some(PAIRWISE)) => judgments(list, path)
            .map(WeightsSpec::Judgments)
            .map_err(with_line),
        (Value::Table(map), Some(DIRECT)) => direct(map, path)
            .map(WeightsSpec::Direct)
            .map_err(with_line),
        _ => Err(shape(
            format!(
                "{path} must be a table made by pairwise{{}} or direct{{}}, got {}",
                made_by(value, kind.as_deref())
            ),
            format!(
                "{path} måste vara en tabell gjord med pairwise{{}} eller direct{{}}, fick {}",
                made_by_sv(value, kind.as_deref())
            ),
        )),
    }
}

/// The positions 1..n of a list, refusing other keys.
fn list_items(list: &Table, path: &str) -> Result<Vec<Value>, ShapeError> {
    let n = list.raw_len();
    let mut extra = None;
    let walked = list.for_each(|key: Value, _: Value| {
        let in_list = match key {
            Value::Integer(i) => i >= 1 && (i as u64) <= n as u64,
            _ => false,
        };
        if !in_list && extra.is_none() {
            extra = Some(key_path(&key));
        }
        Ok(())
    });
    if let Some(key) = extra {
        return Err(shape(
            format!("{path} must be a list, but has the key {key}"),
            format!("{path} måste vara en lista, men har nyckeln {key}"),
        ));
    }
    walked.map_err(|e| {
        shape(
            format!("{path} could not be read: {e}"),
            format!("{path} kunde inte läsas: {e}"),
        )
    })?;
    (1..=n)
        .map(|i| {
            list.raw_get::<Value>(i).map_err(|e| {
                shape(
                    format!("{path}[{i}] could not be read: {e}"),
                    format!("{path}[{i}] kunde inte läsas: {e}"),
                )
            })
        })
        .collect()
}

fn judgments(list: &Table, path: &str) -> Result<Vec<Judgment>, ShapeError> {
    let mut judgments = Vec::new();
    for (index, item) in list_items(list, path)?.into_iter().enumerate() {
        let at = format!("{path}[{}]", index + 1);
        let Value::Table(judgment) = item else {
            return Err(shape(
                format!(
                    "{at} must be a judgment like {{ \"a\", \"b\", 3 }}, got {}",
                    describe(&item)
                ),
                format!(
                    "{at} måste vara en bedömning som {{ \"a\", \"b\", 3 }}, fick {}",
                    describe_sv(&item)
                ),
            ));
        };
        let parts = list_items(&judgment, &at)?;
        if parts.len() != 3 {
            return Err(shape(
                format!(
                    "{at} must have three parts {{ \"a\", \"b\", value }}, has {}",
                    parts.len()
                ),
                format!(
                    "{at} måste ha tre delar {{ \"a\", \"b\", värde }}, har {}",
                    parts.len()
                ),
            ));
        }
        let first = id_of(&parts[0], &format!("{at}[1]"), &format!("{at}[1]"))?;
        let second = id_of(&parts[1], &format!("{at}[2]"), &format!("{at}[2]"))?;
        let value = judgment_value(&parts[2], &format!("{at}[3]"))?;
        judgments.push(Judgment::new(first, second, value));
    }
    Ok(judgments)
}

fn judgment_value(value: &Value, path: &str) -> Result<f64, ShapeError> {
    let number = match value {
        Value::Integer(n) => *n as f64,
        Value::Number(n) => *n,
        Value::String(s) => {
            let bytes = s.as_bytes();
            let text = std::str::from_utf8(&bytes).map_err(|_| {
                shape(
                    format!("{path}: the value {} is not valid UTF-8", shown(&bytes)),
                    format!("{path}: värdet {} är inte giltig UTF-8", shown_sv(&bytes)),
                )
            })?;
            return vagval_core::scale::parse_value(text).map_err(|e| {
                match e {
                    vagval_core::scale::ValueError::NotUnderstood { .. } => shape(
                        format!(
                            "{path}: {} is neither a number, a fraction like 1/3, nor a verbal label ({})",
                            shown(&bytes),
                            vagval_core::scale::label_summary(vagval_core::Language::En)
                        ),
                        format!(
                            "{path}: {} är varken ett tal, ett bråk som 1/3 eller en verbal etikett ({})",
                            shown_sv(&bytes),
                            vagval_core::scale::label_summary(vagval_core::Language::Sv)
                        ),
                    ),
                    _ => shape(
                        format!("{path}: {} is not a positive finite number", shown(&bytes)),
                        format!("{path}: {} är inte ett positivt ändligt tal", shown_sv(&bytes)),
                    ),
                }
            });
        }
        other => {
            return Err(shape(
                format!(
                    "{path} must be a number, a fraction like \"1/3\" or a verbal label like \"strong\", got {}",
                    describe(other)
                ),
                format!(
                    "{path} måste vara ett tal, ett bråk som \"1/3\" eller en verbal etikett som \"starkt\", fick {}",
                    describe_sv(other)
                ),
            ));
        }
    };
    if number.is_finite() && number > 0.0 {
        Ok(number)
    } else {
        Err(shape(
            format!("{path} must be a positive finite number, got {number}"),
            format!("{path} måste vara ett positivt ändligt tal, fick {number}"),
        ))
    }
}

fn direct(map: &Table, path: &str) -> Result<Vec<(String, f64)>, ShapeError> {
    let mut weights = Vec::new();
    for (id, value) in string_pairs(map, path, path)? {
        let at = format!("{path}{}", simple_key(&id));
        let weight = match value {
            Value::Integer(n) => n as f64,
            Value::Number(n) => n,
            other => {
                return Err(shape(
                    format!(
                        "{at} must be a non-negative number, got {}",
                        describe(&other)
                    ),
                    format!(
                        "{at} måste vara ett icke-negativt tal, fick {}",
                        describe_sv(&other)
                    ),
                ));
            }
        };
        if !(weight.is_finite() && weight >= 0.0) {
            return Err(shape(
                format!("{at} must be a non-negative finite number, got {weight}"),
                format!("{at} måste vara ett icke-negativt ändligt tal, fick {weight}"),
            ));
        }
        weights.push((id, weight));
    }
    if weights.is_empty() {
        return Err(shape(
            format!("{path} is empty: give each item's weight"),
            format!("{path} är tom: ange varje delas vikt"),
        ));
    }
    if weights.iter().all(|(_, w)| *w == 0.0) {
        return Err(shape(
            format!("{path}: the weights are all zero"),
            format!("{path}: vikterna är alla noll"),
        ));
    }
    Ok(weights)
}

/// `.id` or `["odd id"]` for an id already checked.
fn simple_key(id: &str) -> String {
    if !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
    {
        format!(".{id}")
    } else {
        format!("[{}]", shown(id.as_bytes()))
    }
}
