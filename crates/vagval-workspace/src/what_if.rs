//! What-if: `--set-weight/--set-judgment/--set-data` (the CLI's flags, the
//! web workshop's sliders) on the
//! workspace's weights, a group's (`--group`) or the groups' aggregate
//! (`--aggregate`): the changes parsed, applied to that model, and the
//! changed evaluation returned beside the current one. No file is changed.
//!
//! `--set-data CRITERION:ALTERNATIVE=VALUE` takes what the workspace's data
//! takes (`9000`, `"9 000"`, `2,5`, a range `8500-16500` or `8500–16500`),
//! optionally followed by the criterion's unit or another money unit (`kr`,
//! `tkr`, `Mkr`/`mnkr`, converted). On a scripted criterion it sets the
//! script's result; `CRITERION.INPUT:ALTERNATIVE=VALUE` sets one of the
//! script's inputs instead and runs the script again.

use crate::context::{Context, Scope};
use crate::diagnostic::Diagnostic;
use crate::failure::Failure;
use rust_decimal::Decimal;
use vagval_core::Evaluation;
use vagval_core::Language::{En, Sv};
use vagval_core::assessment::Assessment;
use vagval_core::model::{Model, Site};
use vagval_core::plugin::{BoundError, bound_by_inputs};
use vagval_core::quantity::Quantity;
use vagval_core::sensitivity::what_if::Change;
use vagval_report::Lang;

/// The flags of one what-if run.
pub struct Request<'a> {
    pub group: Option<&'a str>,
    pub aggregate: bool,
    /// `--max-cr`: the groups the aggregate leaves out.
    pub max_cr: Option<f64>,
    pub set_weight: &'a [String],
    pub set_judgment: &'a [String],
    pub set_data: &'a [String],
}

/// One `--set-data` as written: where, and the value with its unit if any.
#[derive(Debug, Clone, PartialEq)]
pub struct SetData {
    pub criterion: String,
    pub input: Option<String>,
    pub alternative: String,
    pub value: Quantity,
    pub unit: Option<String>,
}

fn usage(text: &str, why: &str, why_sv: &str) -> Failure {
    Failure::Usage(
        Diagnostic::new(format!("`--set-data {text}`: {why}"), format!("`--set-data {text}`: {why_sv}"))
            .hint("write CRITERION:ALTERNATIVE=VALUE, e.g. --set-data cost:join-hit=20000, --set-data \"cost:join-hit=18 000 tkr\" or a range cost:join-hit=15000-25000; on a scripted criterion CRITERION.INPUT:ALTERNATIVE=VALUE sets an input, e.g. cost.yearly:join-hit=1200", "skriv KRITERIUM:ALTERNATIV=VÄRDE, t.ex. --set-data cost:join-hit=20000, --set-data \"cost:join-hit=18 000 tkr\" eller ett intervall cost:join-hit=15000-25000; på ett skriptat kriterium sätter KRITERIUM.INDATA:ALTERNATIV=VÄRDE en indata, t.ex. cost.yearly:join-hit=1200"),
    )
}

/// Money units and their factor in kronor.
fn money_factor(unit: &str) -> Option<Decimal> {
    match unit.to_lowercase().as_str() {
        "kr" | "sek" => Some(Decimal::ONE),
        "tkr" | "ksek" => Some(Decimal::from(1000)),
        "mkr" | "mnkr" | "msek" => Some(Decimal::from(1_000_000)),
        _ => None,
    }
}

/// Parses `--set-data CRITERION[.INPUT]:ALTERNATIVE=VALUE [UNIT]`.
pub fn parse_set_data(text: &str) -> Result<SetData, Failure> {
    let (place, value) = text
        .split_once('=')
        .ok_or_else(|| usage(text, "no `=VALUE`", "inget `=VÄRDE`"))?;
    let (criterion, alternative) = place.split_once(':').ok_or_else(|| {
        usage(
            text,
            "name the place as CRITERION:ALTERNATIVE",
            "ange platsen som KRITERIUM:ALTERNATIV",
        )
    })?;
    let (criterion, input) = match criterion.split_once('.') {
        Some((c, i)) => (c.trim(), Some(i.trim().to_string())),
        None => (criterion.trim(), None),
    };
    let alternative = alternative.trim();
    if criterion.is_empty() || alternative.is_empty() || input.as_deref() == Some("") {
        return Err(usage(
            text,
            "a criterion, an input or an alternative is empty",
            "ett kriterium, en indata eller ett alternativ är tomt",
        ));
    }
    // A unit is the trailing letters: "18 000 tkr", "18000tkr".
    let value = value.trim();
    let number_end = value
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    // All letters is no number with a unit: the whole is the bad value.
    let (number, unit) = match value.split_at(number_end) {
        ("", _) => (value, ""),
        split => split,
    };
    let unit = Some(unit.trim()).filter(|u| !u.is_empty());
    let value = Quantity::parse(number).map_err(|e| usage(text, &e.message(En), &e.message(Sv)))?;
    Ok(SetData {
        criterion: criterion.to_string(),
        input,
        alternative: alternative.to_string(),
        value,
        unit: unit.map(str::to_string),
    })
}

/// `value` in `unit` converted to the criterion's unit (`target`).
fn convert(text: &str, set: &SetData, target: Option<&str>) -> Result<Quantity, Failure> {
    let Some(unit) = set.unit.as_deref() else {
        return Ok(set.value);
    };
    if Some(unit) == target {
        return Ok(set.value);
    }
    let factor = match (money_factor(unit), target.and_then(money_factor)) {
        (Some(from), Some(to)) => from / to,
        _ => {
            let criterion = &set.criterion;
            let (why, why_sv) = match target {
                Some(expected) => (
                    format!("the unit `{unit}` is not `{expected}`, the unit of `{criterion}`"),
                    format!("enheten `{unit}` är inte `{expected}`, enheten för `{criterion}`"),
                ),
                None => (
                    format!("`{criterion}` has no unit, so `{unit}` cannot be converted"),
                    format!("`{criterion}` har ingen enhet, så `{unit}` kan inte räknas om"),
                ),
            };
            return Err(usage(text, &why, &why_sv));
        }
    };
    let low = set.value.low() * factor;
    let high = set.value.high() * factor;
    Quantity::range(low, high).map_err(|e| usage(text, &e.message(En), &e.message(Sv)))
}

/// The criterion's data assessment, or an error saying what it is instead.
fn data_of<'m>(model: &'m Model, criterion: &str) -> Result<&'m Assessment, Failure> {
    let hierarchy = model.hierarchy();
    // An id the workspace lacks is a mistake of the command line (exit 2),
    // as with --set-weight.
    let Some(index) = hierarchy.position(criterion) else {
        let e = vagval_core::Error::UnknownCriterion {
            id: criterion.to_string(),
            known: backticked(hierarchy.nodes().iter().map(|n| &n.id)),
        };
        return Err(Failure::Usage(
            Diagnostic::in_both(|l| format!("--set-data: {}", e.message(l))).hint(
                "write CRITERION:ALTERNATIVE=VALUE with the id of a criterion assessed by data",
                "skriv KRITERIUM:ALTERNATIV=VÄRDE med id:t för ett kriterium som bedöms med data",
            ),
        ));
    };
    match model.assessment(index) {
        Some(a @ Assessment::Data { .. }) => Ok(a),
        _ => {
            let e = vagval_core::Error::WhatIf {
                source: vagval_core::WhatIfError::NotData {
                    criterion: criterion.to_string(),
                },
            };
            Err(Failure::Invalid(
                Diagnostic::in_both(|l| e.message(l))
                    .hint(format!(
                        "e.g. --set-judgment {criterion}:A,B=3 if it is judged in pairs, or --set-weight {criterion}=0.2"
                    ), format!(
                        "t.ex. --set-judgment {criterion}:A,B=3 om det bedöms parvis, eller --set-weight {criterion}=0,2"
                    )),
            ))
        }
    }
}

/// A scripted criterion's inputs: (name, each alternative's value).
type ScriptInputs = Vec<(String, Vec<Quantity>)>;

/// The changes that `--set-data` asks for, in the model's terms: a value
/// set, or (for a script's input) the script's new results.
fn data_changes(ctx: &Context<'_>, model: &Model, sets: &[String]) -> Result<Vec<Change>, Failure> {
    let mut changes = Vec::new();
    // Each scripted criterion's inputs as changed so far.
    let mut inputs: Vec<(String, ScriptInputs)> = Vec::new();
    let ids: Vec<String> = model.alternatives().iter().map(|a| a.id.clone()).collect();
    for text in sets {
        let set = parse_set_data(text)?;
        let Assessment::Data { unit, scripted, .. } = data_of(model, &set.criterion)? else {
            continue;
        };
        let Some(k) = ids.iter().position(|id| *id == set.alternative) else {
            let known = backticked(&ids);
            return Err(Failure::Usage(
                Diagnostic::new(
                    format!("--set-data: `{}` is not an alternative", set.alternative),
                    format!("--set-data: `{}` är inget alternativ", set.alternative),
                )
                .hint(
                    format!("the alternatives are {known}"),
                    format!("alternativen är {known}"),
                ),
            ));
        };
        let value = convert(text, &set, unit.as_deref())?;
        let Some(input) = &set.input else {
            changes.push(Change::Data {
                criterion: set.criterion.clone(),
                alternative: set.alternative.clone(),
                value,
            });
            continue;
        };
        // An input of a scripted criterion: change it, run the script again.
        let Some(scripted) = scripted else {
            return Err(Failure::Invalid(
                Diagnostic::new(
                    format!(
                        "`{}` is not computed by a script, so it has no input `{input}`",
                        set.criterion
                    ),
                    format!(
                        "`{}` beräknas inte av ett skript, så det har ingen indata `{input}`",
                        set.criterion
                    ),
                )
                .hint(
                    format!(
                        "set its value with --set-data {}:ALTERNATIVE=VALUE",
                        set.criterion
                    ),
                    format!(
                        "sätt dess värde med --set-data {}:ALTERNATIV=VÄRDE",
                        set.criterion
                    ),
                ),
            ));
        };
        let position = match inputs.iter().position(|(c, _)| *c == set.criterion) {
            Some(p) => p,
            None => {
                inputs.push((
                    set.criterion.clone(),
                    scripted
                        .names
                        .iter()
                        .cloned()
                        .zip(scripted.values.iter().cloned())
                        .collect(),
                ));
                inputs.len() - 1
            }
        };
        let current = &mut inputs[position].1;
        let Some(slot) = current.iter_mut().find(|(name, _)| name == input) else {
            let known = backticked(&scripted.names);
            return Err(Failure::Usage(
                Diagnostic::new(
                    format!("`{}` has no input `{input}`", set.criterion),
                    format!("`{}` har ingen indata `{input}`", set.criterion),
                )
                .hint(
                    format!("its inputs are {known}"),
                    format!("dess indata är {known}"),
                ),
            ));
        };
        slot.1[k] = value;
    }
    // Each scripted criterion runs once, with all its inputs changed: a
    // script may accept only inputs that agree (the Tranås cost refuses a
    // horizon set for one path only), so the steps in between are not run.
    for (criterion, current) in &inputs {
        let results = rescore(ctx, criterion, &ids, current)?;
        for (id, q) in ids.iter().zip(results) {
            changes.push(Change::Data {
                criterion: criterion.clone(),
                alternative: id.clone(),
                value: q,
            });
        }
    }
    Ok(changes)
}

/// A scripted criterion's values from `inputs`: the script run with every
/// input at its low end and at its high end, as the loader does.
fn rescore(
    ctx: &Context<'_>,
    criterion: &str,
    ids: &[String],
    inputs: &[(String, Vec<Quantity>)],
) -> Result<Vec<Quantity>, Failure> {
    use vagval_core::{PluginError, ScorerError};
    let failed = |source: ScorerError| {
        let e = vagval_core::Error::Scorer {
            criterion: criterion.to_string(),
            source,
        };
        Failure::Invalid(Diagnostic::in_both(|l| e.message(l)))
    };
    let plugin = |e: vagval_lua::Error| failed(ScorerError::Plugin(PluginError::new(e)));
    let Some((script, _)) = ctx.workspace.criterion_script(criterion) else {
        return Err(failed(ScorerError::Missing));
    };
    let mut script = script.map_err(plugin)?;
    bound_by_inputs(&mut script, ids, inputs).map_err(|e| match e {
        BoundError::Scorer(e) => plugin(e),
        BoundError::Count { given, .. } => failed(ScorerError::BadValues {
            got: given,
            expected: ids.len(),
        }),
        BoundError::NotDecimal { .. } => failed(ScorerError::BadValues {
            got: ids.len(),
            expected: ids.len(),
        }),
    })
}

/// A what-if computed: the scope it changed (its evaluation the one
/// before), the evaluation after, and each change in words
/// (`weight democracy=0,3`).
pub struct WhatIf {
    pub scope: Scope,
    pub changed: Evaluation,
    pub texts: Vec<String>,
}

/// The changes of `request` applied to the scope it names and evaluated.
/// Malformed changes and unknown ids are `Failure::Usage`.
pub fn what_if(ctx: &Context<'_>, request: &Request<'_>) -> Result<WhatIf, Failure> {
    let lang = ctx.lang;
    let scope = ctx.scope(request.group, request.aggregate, request.max_cr)?;
    let mut changes = Vec::new();
    // Malformed flags and unknown criteria are command-line mistakes (exit 2).
    for text in request.set_weight {
        let change = parse_set_weight(text).map_err(Failure::Usage)?;
        if let Change::Weight { criterion, .. } = &change {
            known_criterion(&scope.evaluation, criterion, "--set-weight")?;
            // The same weight given twice is a mistake to name, not two
            // weights to add up.
            let twice = changes.iter().any(
                |c| matches!(c, Change::Weight { criterion: other, .. } if other == criterion),
            );
            if twice {
                return Err(Failure::Usage(
                    Diagnostic::new(
                        format!("--set-weight: `{criterion}` is given twice"),
                        format!("--set-weight: `{criterion}` anges två gånger"),
                    )
                    .hint(
                        "give each criterion's weight once",
                        "ange varje kriteriums vikt en gång",
                    ),
                ));
            }
        }
        changes.push(change);
    }
    for text in request.set_judgment {
        changes.push(parse_set_judgment(text, &scope.model).map_err(Failure::Usage)?);
    }
    changes.extend(data_changes(ctx, &scope.model, request.set_data)?);
    let what_if = |e: vagval_core::Error| {
        Diagnostic::in_both(|l| e.message(l)).hint(
            "the changes are given with --set-weight, --set-judgment and --set-data",
            "ändringarna anges med --set-weight, --set-judgment och --set-data",
        )
    };
    let changed_model =
        vagval_core::sensitivity::what_if::apply(&scope.model, &scope.evaluation, &changes)
            .map_err(what_if)?;
    let changed = vagval_core::evaluate(&changed_model, &ctx.settings).map_err(what_if)?;
    let texts: Vec<String> = request
        .set_weight
        .iter()
        .map(|t| format!("{} {}", lang.pick("weight", "vikt"), change_text(lang, t)))
        .chain(request.set_judgment.iter().map(|t| {
            format!(
                "{} {}",
                lang.pick("judgment", "bedömning"),
                change_text(lang, t)
            )
        }))
        .chain(
            request
                .set_data
                .iter()
                .map(|t| format!("{} {}", lang.pick("data", "data"), change_text(lang, t))),
        )
        .collect();
    Ok(WhatIf {
        scope,
        changed,
        texts,
    })
}

/// A `--set-weight`/`--set-judgment` text as the user wrote it, its value
/// in the language's style (`democracy=0,3` in Swedish).
pub fn change_text(lang: Lang, text: &str) -> String {
    match text.rsplit_once('=') {
        Some((place, value)) if value.trim().parse::<f64>().is_ok() => {
            format!("{place}={}", lang.localise(value.trim()))
        }
        _ => text.to_string(),
    }
}

/// Ids as a message lists them: `` `a`, `b` ``.
pub fn backticked<T: std::fmt::Display>(ids: impl IntoIterator<Item = T>) -> String {
    ids.into_iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A criterion named on the command line (`flag`) must exist: else a usage
/// error (exit 2) listing the ids there are.
pub fn known_criterion(evaluation: &Evaluation, id: &str, flag: &str) -> Result<(), Failure> {
    if evaluation.criteria.iter().any(|c| c.id == id) {
        return Ok(());
    }
    let ids = backticked(evaluation.criteria.iter().map(|c| &c.id));
    Err(Failure::Usage(
        Diagnostic::new(
            format!("{flag}: there is no criterion `{id}`"),
            format!("{flag}: det finns inget kriterium `{id}`"),
        )
        .hint(
            format!("name a criterion by its id (as `vagval weights` shows them): {ids}"),
            format!("ange ett kriterium med dess id (som `vagval weights` visar dem): {ids}"),
        ),
    ))
}

/// `--set-weight CRITERION=W`, W a local weight from 0 to 1 (a decimal
/// comma is accepted). A percentage or a missing `=W` is refused with the
/// form and, for `30%`, the weight meant (`0.30`).
pub fn parse_set_weight(
    text: &str,
) -> Result<vagval_core::sensitivity::what_if::Change, Diagnostic> {
    let bad = |why: &str, why_sv: &str| {
        Diagnostic::new(
            format!("`--set-weight {text}`: {why}; the form is CRITERION=WEIGHT"),
            format!("`--set-weight {text}`: {why_sv}; formen är KRITERIUM=VIKT"),
        )
        .hint(
            "e.g. --set-weight democracy=0.30 (a local weight between 0 and 1)",
            "t.ex. --set-weight democracy=0,30 (en lokal vikt mellan 0 och 1)",
        )
    };
    let Some((criterion, weight)) = text.split_once('=') else {
        return Err(bad("no `=WEIGHT`", "inget `=VIKT`"));
    };
    let criterion = criterion.trim();
    if criterion.is_empty() {
        return Err(bad("no criterion before `=`", "inget kriterium före `=`"));
    }
    let number = |t: &str| t.trim().replace(',', ".").parse::<f64>().ok();
    if let Some(percent) = weight.trim().strip_suffix('%').and_then(number) {
        let fraction = percent / 100.0;
        return Err(bad(
            "a weight is a number from 0 to 1, not a percentage",
            "en vikt är ett tal från 0 till 1, ingen procentsats",
        )
        .hint(
            format!(
                "write the weight as a number from 0 to 1: --set-weight {criterion}={fraction}"
            ),
            format!(
                "skriv vikten som ett tal från 0 till 1: --set-weight {criterion}={}",
                Lang::Sv.localise(&fraction.to_string())
            ),
        ));
    }
    let Some(weight) = number(weight) else {
        return Err(bad(
            &format!("`{}` is not a number", weight.trim()),
            &format!("`{}` är inget tal", weight.trim()),
        ));
    };
    Ok(vagval_core::sensitivity::what_if::Change::Weight {
        criterion: criterion.to_string(),
        weight,
    })
}

/// `--set-judgment WHERE:FIRST,SECOND=VALUE`.
pub fn parse_set_judgment(
    text: &str,
    model: &Model,
) -> Result<vagval_core::sensitivity::what_if::Change, Diagnostic> {
    let bad = |why: &str, why_sv: &str| {
        Diagnostic::new(format!("`--set-judgment {text}`: {why}"), format!("`--set-judgment {text}`: {why_sv}"))
            .hint("e.g. --set-judgment goal:democracy,cost=3, or --set-judgment democracy:stay-alone,join-hit=måttligt", "t.ex. --set-judgment goal:democracy,cost=3, eller --set-judgment democracy:stay-alone,join-hit=måttligt")
    };
    let (place, rest) = text
        .split_once(':')
        .ok_or_else(|| bad("no `:` after WHERE", "inget `:` efter VAR"))?;
    let (pair, value) = rest
        .rsplit_once('=')
        .ok_or_else(|| bad("no `=VALUE`", "inget `=VÄRDE`"))?;
    let (first, second) = pair.split_once(',').ok_or_else(|| {
        bad(
            "name the pair as FIRST,SECOND",
            "ange paret som FÖRSTA,ANDRA",
        )
    })?;
    let value =
        vagval_core::scale::parse_value(value).map_err(|e| bad(&e.message(En), &e.message(Sv)))?;
    let place = place.trim();
    let site = if place == "goal" {
        Site::Goal
    } else {
        match model.hierarchy().position(place) {
            Some(index) if model.hierarchy().node(index).children.is_empty() => {
                Site::Assessment(place.to_string())
            }
            Some(_) => Site::Weights(place.to_string()),
            None => {
                return Err(bad(
                    &format!("`{place}` is neither `goal` nor a criterion"),
                    &format!("`{place}` är varken `goal` eller ett kriterium"),
                ));
            }
        }
    };
    // The items this matrix compares: a pair naming anything else is a
    // mistake of the command line (exit 2), as an unknown criterion is.
    let hierarchy = model.hierarchy();
    let items: Vec<&str> = match &site {
        Site::Goal => hierarchy
            .roots()
            .iter()
            .map(|&r| hierarchy.node(r).id.as_str())
            .collect(),
        Site::Weights(id) => hierarchy
            .position(id)
            .map(|i| {
                hierarchy
                    .node(i)
                    .children
                    .iter()
                    .map(|&c| hierarchy.node(c).id.as_str())
                    .collect()
            })
            .unwrap_or_default(),
        _ => model.alternatives().iter().map(|a| a.id.as_str()).collect(),
    };
    let (first, second) = (first.trim(), second.trim());
    if let Some(unknown) = [first, second].into_iter().find(|i| !items.contains(i)) {
        let listed = backticked(&items);
        return Err(Diagnostic::new(
            format!("`--set-judgment {text}`: `{unknown}` is not an item of {site}"),
            format!(
                "`--set-judgment {text}`: `{unknown}` ingår inte i {}",
                site.phrase(Sv)
            ),
        )
        .hint(
            format!("the items of this matrix are {listed}"),
            format!("matrisens poster är {listed}"),
        ));
    }
    Ok(vagval_core::sensitivity::what_if::Change::Judgment {
        site,
        judgment: vagval_core::Judgment::new(first, second, value),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Failure` has no `Debug`, so no `unwrap`.
    fn ok<T>(result: Result<T, Failure>) -> T {
        match result {
            Ok(value) => value,
            Err(_) => panic!("an error where a value was expected"),
        }
    }

    fn d(text: &str) -> Decimal {
        vagval_core::quantity::parse_decimal(text).unwrap()
    }

    #[test]
    fn set_data_takes_the_workspace_forms_and_units() {
        for (text, criterion, input, low, high, unit) in [
            ("cost:join-hit=20000", "cost", None, "20000", "20000", None),
            ("cost:join-hit=20 000", "cost", None, "20000", "20000", None),
            ("cost:join-hit=2,5", "cost", None, "2.5", "2.5", None),
            (
                "cost:join-hit=8500-16500",
                "cost",
                None,
                "8500",
                "16500",
                None,
            ),
            (
                "cost:join-hit=8500–16500 tkr",
                "cost",
                None,
                "8500",
                "16500",
                Some("tkr"),
            ),
            ("cost:join-hit=18Mkr", "cost", None, "18", "18", Some("Mkr")),
            (
                "cost.yearly:join-hit=1200",
                "cost",
                Some("yearly"),
                "1200",
                "1200",
                None,
            ),
        ] {
            let set = ok(parse_set_data(text));
            assert_eq!(set.criterion, criterion, "{text}");
            assert_eq!(set.input.as_deref(), input, "{text}");
            assert_eq!(set.alternative, "join-hit", "{text}");
            assert_eq!(
                (set.value.low(), set.value.high()),
                (d(low), d(high)),
                "{text}"
            );
            assert_eq!(set.unit.as_deref(), unit, "{text}");
        }
    }

    #[test]
    fn money_units_convert_and_others_are_refused() {
        let set = ok(parse_set_data("cost:join-hit=18 Mkr"));
        let q = ok(convert("", &set, Some("tkr")));
        assert_eq!(q.low(), d("18000"));
        let set = ok(parse_set_data("cost:join-hit=500 kr"));
        assert_eq!(ok(convert("", &set, Some("tkr"))).low(), d("0.5"));
        let set = ok(parse_set_data("cost:join-hit=3 km"));
        assert!(matches!(
            convert("", &set, Some("tkr")),
            Err(Failure::Usage(_))
        ));
        assert!(matches!(convert("", &set, None), Err(Failure::Usage(_))));
    }

    #[test]
    fn malformed_set_data_is_a_usage_error() {
        for text in [
            "cost",
            "cost=3",
            "cost:join-hit",
            ":join-hit=3",
            "cost:=3",
            "cost:join-hit=lots",
            "cost:join-hit=16500-8500",
            "cost.:join-hit=3",
        ] {
            assert!(
                matches!(parse_set_data(text), Err(Failure::Usage(_))),
                "{text}"
            );
        }
    }
}
