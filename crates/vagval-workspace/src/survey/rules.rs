//! The rules a group and its script must pass before the survey writes
//! anything: a safe id, the loader's own checks of the script and the
//! name, an existing script read as the loader reads it; and the draft's
//! answers to and from the questionnaire's.

use crate::diagnostic::Diagnostic;
use crate::groups::{self, GROUPS_DIR};
use crate::questionnaire::{Recorded, SetsError, sibling_sets};
use crate::store::DraftAnswer;
use std::path::Path;
use vagval_core::Language;
use vagval_core::group::GroupSpec;
use vagval_core::model::{Model, Site};
use vagval_core::plugin::{DecisionView, WeightingSource};
use vagval_lua::emit::lua_string;

/// The longest group id accepted.
const MAX_GROUP_LEN: usize = 64;

pub(crate) fn sets_error(error: SetsError) -> Diagnostic {
    match error {
        SetsError::GoalHasChildren => Diagnostic::new(
            "the criterion `goal` has sub-criteria, but in a group script `goal` names the top-level criteria", "kriteriet `goal` har delkriterier, men i ett gruppskript betyder `goal` huvudkriterierna")
        .hint("rename the criterion `goal` in criteria/ to survey its sub-criteria", "byt id på kriteriet `goal` i criteria/ för att kunna fråga om dess delkriterier"),
        SetsError::NothingToAsk => Diagnostic::new(
            "there is nothing to ask: no criterion has a sibling to compare it with", "det finns inget att fråga om: inget kriterium har ett syskonkriterium att jämföras med"),
    }
}

/// A group id is a safe file stem: ASCII letters, digits, `-` and `_`.
pub fn check_group_id(group: &str) -> Result<(), Diagnostic> {
    let ok = !group.is_empty()
        && group.len() <= MAX_GROUP_LEN
        && group
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(Diagnostic::new(format!(
            "`{}` cannot be a group id: it names the file scripts/groups/<id>.lua",
            group.escape_debug()
        ), format!(
            "`{}` kan inte vara ett grupp-id: id:t blir filnamnet scripts/groups/<id>.lua",
            group.escape_debug()
        ))
        .hint(format!(
            "use 1 to {MAX_GROUP_LEN} ASCII letters, digits, `-` or `_`, e.g. `lokal-kontroll`"
        ), format!(
            "använd 1 till {MAX_GROUP_LEN} tecken: bokstäverna a–z och A–Z (inte å, ä, ö), siffror, `-` eller `_`, t.ex. `lokal-kontroll`"
        )))
    }
}

/// Runs `source` as the loader runs `scripts/groups/<group>.lua`: the
/// sandboxed script, the name's rules (groups.rs) and the group's view of
/// the model. An error speaks of the script the survey was about to write.
pub(crate) fn validate_script(
    root: &Path,
    model: &Model,
    group: &str,
    source: String,
) -> Result<GroupSpec, Diagnostic> {
    let relative = Path::new(GROUPS_DIR).join(format!("{group}.lua"));
    let path = root.join(&relative);
    let mut script = vagval_lua::GroupScript::new(relative.clone(), source, Default::default());
    let spec = script.group(&DecisionView::of(model)).map_err(|e| {
        let location = format!("{}: ", e.location());
        Diagnostic::in_both(|l| {
            let message = e.message(l);
            let what = message.strip_prefix(&location).unwrap_or(&message);
            format!("{}: {what}", cannot_write(l))
        })
    })?;
    groups::check_name(&relative, &path, &spec.name)?;
    model
        .for_group(&spec)
        .map_err(|e| Diagnostic::in_both(|l| format!("{}: {}", cannot_write(l), e.message(l))))?;
    Ok(spec)
}

/// What an error of `validate_script` starts with.
fn cannot_write(l: Language) -> &'static str {
    l.pick(
        "the group's script cannot be written",
        "gruppens skript kan inte skrivas",
    )
}

/// Checks a group name by the loader's rules: a script holding only it.
pub(crate) fn check_name(
    root: &Path,
    model: &Model,
    group: &str,
    name: &str,
) -> Result<(), Diagnostic> {
    // The smallest script the loader accepts: equal direct weights of the
    // first set.
    let sets = sibling_sets(model).map_err(sets_error)?;
    let Some(set) = sets.first() else {
        return Err(sets_error(SetsError::NothingToAsk));
    };
    let items: Vec<String> = set
        .ids
        .iter()
        .map(|id| format!("[{}] = 1", lua_string(id)))
        .collect();
    let source = format!(
        "return {{ name = {}, seats = 1, weights = {{ [{}] = direct {{ {} }} }} }}\n",
        lua_string(name),
        lua_string(set.key.as_deref().unwrap_or("goal")),
        items.join(", ")
    );
    validate_script(root, model, group, source)
        .map(|_| ())
        .map_err(|d| {
            d.hint(
                "a group's name is one line of 1 to 200 characters",
                "en grupps namn är en rad på 1 till 200 tecken",
            )
        })
}

/// The existing script of the group, run as the loader runs it.
pub(crate) fn read_existing(
    root: &Path,
    model: &Model,
    group: &str,
    target: &Path,
) -> Result<GroupSpec, Diagnostic> {
    // Read as every input is: a regular file of at most 16 MiB, UTF-8.
    let source = crate::load::read_input(target)?.text;
    validate_script(root, model, group, source)
}

pub(crate) fn recorded(answer: &DraftAnswer) -> Option<Recorded> {
    Some(Recorded {
        site: if answer.set == "goal" {
            Site::Goal
        } else {
            Site::Weights(answer.set.clone())
        },
        first: answer.first.clone(),
        second: answer.second.clone(),
        value: answer.value,
        typed_number: answer.number,
    })
}

pub(crate) fn draft_answer(record: &Recorded) -> DraftAnswer {
    DraftAnswer {
        set: match &record.site {
            Site::Weights(id) => id.clone(),
            _ => "goal".to_string(),
        },
        first: record.first.clone(),
        second: record.second.clone(),
        value: record.value,
        number: record.typed_number,
    }
}
