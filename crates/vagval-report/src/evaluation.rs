//! A whole evaluation reported: the ranking, the criteria tree with local and
//! global weights, each alternative's contributions per top-level criterion,
//! how each alternative was assessed on each leaf, the settings and warnings.
//! `weights_document` is the tree alone. Each builds one `Document`; the
//! renderers make every format of it.

use crate::Lang;
use crate::document::{Block, Document, ListStyle};
use crate::figures::{contributions_figure, group_views, weights_figure};
use crate::number::format_range;
use crate::render::{Grid, NONE, csv_number, fixed3, serde_name, warning_json, warning_line};
use serde_json::{Map, Value, json};
use vagval_core::Evaluation;
use vagval_core::synthesis::{AlternativeScore, CriterionResult};

/// An evaluation as a document: the ranking, the criteria, the
/// contributions, the assessments, the warnings and the judgments to
/// revisit; its chart is the scores split by top-level criterion, labelled
/// with the view (or "workspace weights").
pub fn evaluation_document(evaluation: &Evaluation, view: Option<&str>, lang: Lang) -> Document {
    let label = view.unwrap_or(lang.pick("workspace weights", "arbetsytans vikter"));
    let mut doc = Document::new(lang)
        .with_json(evaluation_json(evaluation, view))
        .with_csv(ranking_grid(lang, evaluation, csv_number));
    doc.push(Block::figure(contributions_figure(
        lang,
        &[(label.to_string(), evaluation)],
    )));
    doc.push(header(lang, evaluation, view, true));
    for (title, grid) in evaluation_sections(lang, evaluation) {
        doc.push(Block::heading(2, title));
        doc.push(Block::Table(grid));
    }
    if !evaluation.warnings.is_empty() {
        doc.push(Block::heading(2, lang.pick("Warnings", "Varningar")));
        doc.push(Block::list(
            ListStyle::Tagged(lang.pick("warning", "varning").to_string()),
            evaluation
                .warnings
                .iter()
                .map(|w| warning_line(lang, w))
                .collect(),
        ));
    }
    // The warnings say "revisit the judgments listed": here they are.
    doc.extend(crate::advice::section(lang, evaluation));
    doc
}

/// The criteria tree alone; its chart is the top-level criteria's weights.
pub fn weights_document(evaluation: &Evaluation, view: Option<&str>, lang: Lang) -> Document {
    let views = group_views(lang, evaluation, view, &[]);
    let mut doc = Document::new(lang)
        .with_json(weights_json(evaluation, view))
        .with_csv(weights_csv(lang, evaluation));
    doc.push(Block::figure(weights_figure(lang, &views)));
    doc.push(header(lang, evaluation, view, false));
    doc.push(Block::heading(2, lang.pick("Criteria", "Kriterier")));
    doc.push(Block::Table(criteria_grid(lang, evaluation, false)));
    doc
}

/// The alternatives best first; ties keep the model's order.
pub(crate) fn by_rank(evaluation: &Evaluation) -> Vec<&AlternativeScore> {
    let mut sorted: Vec<&AlternativeScore> = evaluation.alternatives.iter().collect();
    sorted.sort_by_key(|a| a.rank);
    sorted
}

/// `parent`, `pairwise`, `ratings` or `data` (the JSON names).
fn kind(criterion: &CriterionResult) -> String {
    match &criterion.leaf {
        Some(leaf) => serde_name(&leaf.kind),
        None => "parent".to_string(),
    }
}

/// The kind in words of the language.
fn kind_words(lang: Lang, criterion: &CriterionResult) -> String {
    let name = kind(criterion);
    let swedish = match name.as_str() {
        "parent" => "överordnat",
        "pairwise" => "parvis",
        "ratings" => "betyg",
        "data" => "data",
        "scripted" => "skript",
        _ => return name,
    };
    lang.pick(&name, swedish).to_string()
}

/// The deepest level indented in tables; deeper criteria are indented as
/// deep as this and show their depth as a number. Without a bound a chain
/// of 10 000 single-child criteria printed ~300 MB, every row padded to the
/// widest (deepest) name.
pub(crate) const MAX_INDENT: usize = 8;

/// The name indented by its depth (no-break spaces survive Markdown): two
/// spaces a level up to `MAX_INDENT` levels, then `…(depth) ` before the
/// name, so that a row's width does not grow with the depth.
pub(crate) fn indented(criterion: &CriterionResult) -> String {
    let indent = "\u{a0}\u{a0}".repeat(criterion.depth.min(MAX_INDENT));
    if criterion.depth <= MAX_INDENT {
        format!("{indent}{}", criterion.name)
    } else {
        format!("{indent}…({})\u{a0}{}", criterion.depth, criterion.name)
    }
}

fn cr_text(lang: Lang, criterion: &CriterionResult) -> String {
    criterion
        .cr()
        .map(|cr| fixed3(lang, cr))
        .unwrap_or_else(|| NONE.to_string())
}

fn goal_cr_text(lang: Lang, evaluation: &Evaluation) -> String {
    match &evaluation.goal_weights.analysis {
        Some(a) => format!("CR {}", fixed3(lang, a.cr)),
        None => lang.pick("direct weights", "direkta vikter").to_string(),
    }
}

pub(crate) fn settings_line(lang: Lang, evaluation: &Evaluation) -> String {
    let s = &evaluation.settings;
    // In Swedish each choice in words, its command-line name beside it so
    // the line can still be typed back.
    let shown = |name: &str| match lang {
        Lang::En => name.to_string(),
        Lang::Sv => match swedish_choice(name) {
            Some(words) => format!("{words} ({name})"),
            None => name.to_string(),
        },
    };
    format!(
        "{} {}, RI {}, {} {}, {} {}, {} {}",
        lang.pick("method", "metod"),
        shown(s.method.name()),
        shown(s.ri.name()),
        lang.pick("mode", "syntes"),
        shown(s.mode.name()),
        lang.pick("completion", "komplettering"),
        shown(s.completion.name()),
        lang.pick("range point", "punkt i intervall"),
        shown(s.range_point.name())
    )
}

/// A setting's name in Swedish words, where it is not a proper name.
fn swedish_choice(name: &str) -> Option<&'static str> {
    Some(match name {
        "eigenvector" => "egenvektor",
        "geometric" => "geometriskt medelvärde",
        "additive" => "additiv normalisering",
        "saaty1980" => "Saaty 1980",
        "saaty2005" => "Saaty 2005",
        "alonso-lamata" => "Alonso & Lamata",
        "donegan-dodd" => "Donegan & Dodd",
        "distributive" => "distributiv",
        "ideal" => "ideal",
        "harker" => "Harker",
        "optimal" => "optimal",
        "low" => "lägsta",
        "middle" => "mitten",
        "high" => "högsta",
        _ => return None,
    })
}

pub(crate) fn ranking_grid(
    lang: Lang,
    evaluation: &Evaluation,
    number: fn(Lang, f64) -> String,
) -> Grid {
    let mut grid = Grid::new(&[
        lang.pick("rank", "rang"),
        "id",
        lang.pick("name", "namn"),
        lang.pick("score", "poäng"),
    ])
    .numeric(&[0, 3]);
    for a in by_rank(evaluation) {
        grid.push(vec![
            a.rank.to_string(),
            a.id.clone(),
            a.name.clone(),
            number(lang, a.score),
        ]);
    }
    grid
}

fn criteria_grid(lang: Lang, evaluation: &Evaluation, with_kind: bool) -> Grid {
    let criterion = lang.pick("criterion", "kriterium");
    let local = lang.pick("local", "lokal");
    let global = lang.pick("global", "global");
    let mut grid = if with_kind {
        Grid::new(&[
            "id",
            criterion,
            lang.pick("kind", "typ"),
            local,
            global,
            "CR",
        ])
        .numeric(&[3, 4, 5])
    } else {
        Grid::new(&["id", criterion, local, global, "CR"]).numeric(&[2, 3, 4])
    };
    for c in &evaluation.criteria {
        let mut row = vec![c.id.clone(), indented(c)];
        if with_kind {
            row.push(kind_words(lang, c));
        }
        row.extend([
            fixed3(lang, c.local_weight),
            fixed3(lang, c.global_weight),
            cr_text(lang, c),
        ]);
        grid.push(row);
    }
    grid
}

pub(crate) fn top_level(evaluation: &Evaluation) -> Vec<&CriterionResult> {
    evaluation
        .criteria
        .iter()
        .filter(|c| c.parent.is_none())
        .collect()
}

/// Criteria down, alternatives (by rank, named by id to stay narrow)
/// across: the table keeps its width however long the criteria's names are.
pub(crate) fn contributions_grid(lang: Lang, evaluation: &Evaluation) -> Grid {
    let ranked = by_rank(evaluation);
    let mut headers = vec![lang.pick("criterion", "kriterium")];
    headers.extend(ranked.iter().map(|a| a.id.as_str()));
    let numeric: Vec<usize> = (1..headers.len()).collect();
    let mut grid = Grid::new(&headers).numeric(&numeric);
    let position = |id: &str| evaluation.alternatives.iter().position(|a| a.id == id);
    for c in top_level(evaluation) {
        let mut row = vec![c.name.clone()];
        for a in &ranked {
            let value = position(&a.id)
                .and_then(|k| c.contributions.get(k))
                .copied();
            row.push(
                value
                    .map(|v| fixed3(lang, v))
                    .unwrap_or_else(|| NONE.to_string()),
            );
        }
        grid.push(row);
    }
    let mut total = vec![lang.pick("score", "poäng").to_string()];
    total.extend(ranked.iter().map(|a| fixed3(lang, a.score)));
    grid.push(total);
    grid
}

/// What alternative `k` has on a leaf, as people read it: a range with its
/// unit, a rating level, or (for pairwise) nothing but the priority.
fn assessed(lang: Lang, criterion: &CriterionResult, k: usize) -> String {
    let Some(leaf) = &criterion.leaf else {
        return String::new();
    };
    let priority = leaf.priorities.get(k).map(|p| fixed3(lang, *p));
    let shown = if let Some(data) = &leaf.data {
        match (data.low.get(k), data.high.get(k)) {
            (Some(low), Some(high)) => Some(format_range(lang, *low, *high, data.unit.as_deref())),
            _ => None,
        }
    } else if let Some(ratings) = &leaf.ratings {
        ratings.get(k).map(|r| r.level_name.clone())
    } else {
        None
    };
    match (shown, priority) {
        (Some(s), Some(p)) => format!("{s} ({p})"),
        (Some(s), None) => s,
        (None, Some(p)) => p,
        (None, None) => NONE.to_string(),
    }
}

fn assessments_grid(lang: Lang, evaluation: &Evaluation) -> Grid {
    let mut headers = vec![lang.pick("criterion", "kriterium")];
    headers.extend(evaluation.alternatives.iter().map(|a| a.id.as_str()));
    let mut grid = Grid::new(&headers);
    for c in evaluation.criteria.iter().filter(|c| c.leaf.is_some()) {
        let mut row = vec![c.name.clone()];
        row.extend((0..evaluation.alternatives.len()).map(|k| assessed(lang, c, k)));
        grid.push(row);
    }
    grid
}

/// The goal, its weights' CR, the view and (for a whole evaluation) the
/// settings: `Goal: … (CR …)` lines in text; a `# goal` title over a list
/// in Markdown and HTML.
fn header(lang: Lang, evaluation: &Evaluation, view: Option<&str>, settings: bool) -> Block {
    let goal_cr = goal_cr_text(lang, evaluation);
    let mut facts = Vec::new();
    if let Some(view) = view {
        facts.push(format!("{}: {view}", lang.pick("View", "Perspektiv")));
    }
    if settings {
        facts.push(format!(
            "{}: {}",
            lang.pick("Settings", "Inställningar"),
            settings_line(lang, evaluation)
        ));
    }
    let mut text = vec![format!(
        "{}: {} ({goal_cr})",
        lang.pick("Goal", "Mål"),
        evaluation.goal
    )];
    text.extend(facts.iter().cloned());
    let mut rich = vec![format!(
        "{}: {goal_cr}",
        lang.pick("Goal weights", "Målvikter")
    )];
    rich.extend(facts);
    Block::Alt {
        text: vec![Block::paragraph(text)],
        rich: vec![
            Block::heading(1, evaluation.goal.clone()),
            Block::bullets(rich),
        ],
    }
}

/// The sections of an evaluation, in order: the same in every layout.
pub(crate) fn evaluation_sections(
    lang: Lang,
    evaluation: &Evaluation,
) -> [(&'static str, Grid); 4] {
    [
        (
            lang.pick("Ranking", "Rangordning"),
            ranking_grid(lang, evaluation, fixed3),
        ),
        (
            lang.pick("Criteria", "Kriterier"),
            criteria_grid(lang, evaluation, true),
        ),
        (
            lang.pick(
                "Contributions by top-level criterion",
                "Bidrag per huvudkriterium",
            ),
            contributions_grid(lang, evaluation),
        ),
        (
            lang.pick(
                "Assessments (local priority in brackets)",
                "Bedömningar (lokal prioritet inom parentes)",
            ),
            assessments_grid(lang, evaluation),
        ),
    ]
}

/// {alternative id: value} in the model's order.
fn per_alternative(evaluation: &Evaluation, values: &[f64]) -> Value {
    let mut map = Map::new();
    for (a, v) in evaluation.alternatives.iter().zip(values) {
        map.insert(a.id.clone(), json!(v));
    }
    Value::Object(map)
}

fn assessment_json(evaluation: &Evaluation, criterion: &CriterionResult) -> Value {
    let Some(leaf) = &criterion.leaf else {
        return Value::Null;
    };
    let mut map = Map::new();
    for (k, a) in evaluation.alternatives.iter().enumerate() {
        let entry = if let Some(data) = &leaf.data {
            json!({
                "low": data.low.get(k).map(|d| d.normalize().to_string()),
                "high": data.high.get(k).map(|d| d.normalize().to_string()),
                "evaluated": data.evaluated.get(k).map(|d| d.normalize().to_string()),
                "value": data.values.get(k),
                "unit": data.unit,
            })
        } else if let Some(ratings) = &leaf.ratings {
            match ratings.get(k) {
                Some(r) => json!({
                    "level": r.level,
                    "level_name": r.level_name,
                    "intensity": r.intensity,
                }),
                None => Value::Null,
            }
        } else {
            continue;
        };
        map.insert(a.id.clone(), entry);
    }
    if map.is_empty() {
        Value::Null
    } else {
        Value::Object(map)
    }
}

fn criterion_json(evaluation: &Evaluation, c: &CriterionResult, full: bool) -> Value {
    let mut map = Map::new();
    map.insert("id".into(), json!(c.id));
    map.insert("name".into(), json!(c.name));
    map.insert("parent".into(), json!(c.parent));
    map.insert("depth".into(), json!(c.depth));
    map.insert("local_weight".into(), json!(c.local_weight));
    map.insert("global_weight".into(), json!(c.global_weight));
    map.insert("cr".into(), json!(c.cr()));
    map.insert("kind".into(), json!(kind(c)));
    if full {
        let priorities = match &c.leaf {
            Some(leaf) => per_alternative(evaluation, &leaf.priorities),
            None => Value::Null,
        };
        map.insert("priorities".into(), priorities);
        map.insert(
            "contributions".into(),
            per_alternative(evaluation, &c.contributions),
        );
        map.insert("assessment".into(), assessment_json(evaluation, c));
    }
    Value::Object(map)
}

pub(crate) fn settings_json(evaluation: &Evaluation) -> Value {
    let s = &evaluation.settings;
    json!({
        "method": s.method.name(),
        "ri_table": s.ri.name(),
        "mode": s.mode.name(),
        "completion": s.completion.name(),
        "range_point": s.range_point.name(),
    })
}

pub(crate) fn evaluation_json(evaluation: &Evaluation, view: Option<&str>) -> Value {
    let alternatives: Vec<Value> = by_rank(evaluation)
        .into_iter()
        .map(|a| json!({"id": a.id, "name": a.name, "score": a.score, "rank": a.rank}))
        .collect();
    let criteria: Vec<Value> = evaluation
        .criteria
        .iter()
        .map(|c| criterion_json(evaluation, c, true))
        .collect();
    json!({
        "goal": evaluation.goal,
        "view": view,
        "alternatives": alternatives,
        "goal_cr": evaluation.goal_weights.analysis.as_ref().map(|a| a.cr),
        "criteria": criteria,
        "settings": settings_json(evaluation),
        "warnings": evaluation.warnings.iter().map(warning_json).collect::<Vec<_>>(),
        // What the warnings' "revisit the judgments listed" refers to (labels in English).
        "revisit": crate::advice::section_json(Lang::En, evaluation),
    })
}

fn weights_json(evaluation: &Evaluation, view: Option<&str>) -> Value {
    let criteria: Vec<Value> = evaluation
        .criteria
        .iter()
        .map(|c| criterion_json(evaluation, c, false))
        .collect();
    json!({
        "goal": evaluation.goal,
        "view": view,
        "goal_cr": evaluation.goal_weights.analysis.as_ref().map(|a| a.cr),
        "criteria": criteria,
    })
}

fn weights_csv(lang: Lang, evaluation: &Evaluation) -> Grid {
    let number = |value: f64| csv_number(lang, value);
    let mut grid = Grid::new(&[
        "id",
        lang.pick("name", "namn"),
        lang.pick("parent", "överordnat"),
        lang.pick("depth", "djup"),
        lang.pick("local_weight", "lokal_vikt"),
        lang.pick("global_weight", "global_vikt"),
        "cr",
    ]);
    for c in &evaluation.criteria {
        grid.push(vec![
            c.id.clone(),
            c.name.clone(),
            c.parent.clone().unwrap_or_default(),
            c.depth.to_string(),
            number(c.local_weight),
            number(c.global_weight),
            c.cr().map(number).unwrap_or_default(),
        ]);
    }
    grid
}

#[cfg(test)]
mod swedish_settings_tests {
    use super::swedish_choice;
    use vagval_core::settings::Choice;

    /// Every name a setting can take has its Swedish words: a new choice
    /// fails here until it is given them.
    #[test]
    fn every_setting_has_swedish_words() {
        let names = [
            vagval_core::priority::PriorityMethod::names(),
            vagval_core::consistency::RandomIndex::names(),
            vagval_core::settings::SynthesisMode::names(),
            vagval_core::completion::CompletionMethod::names(),
            vagval_core::quantity::RangePoint::names(),
        ];
        for name in names.iter().flatten() {
            assert!(
                swedish_choice(name).is_some(),
                "{name} has no Swedish words"
            );
        }
    }
}
