//! `vagval evaluate --set-weight/--set-judgment/--set-data`: the ranking and
//! the criteria weights with the changes beside the current ones, every
//! matrix the changes touched with its CR now and after (and the warning and
//! the judgments to revisit when it is above the threshold), and every data
//! value changed.

use crate::Lang;
use crate::advice;
use crate::check::{Checked, matrices};
use crate::document::{Block, Document, Item, List, ListStyle};
use crate::number::format_range;
use crate::render::{Grid, csv_number, fixed3, site_key, verdict, warning_json, warning_line};
use serde_json::{Value, json};
use vagval_core::Evaluation;
use vagval_core::synthesis::{AlternativeScore, Warning, WarningKind};

/// A matrix the changes touched: as it was and as it is after them (`None`
/// when the change replaced it by direct weights).
struct Touched<'a> {
    before: Checked<'a>,
    after: Option<Checked<'a>>,
    /// The inconsistency warning of the changed matrix, if any.
    warning: Option<&'a Warning>,
}

fn touched<'a>(lang: Lang, current: &'a Evaluation, changed: &'a Evaluation) -> Vec<Touched<'a>> {
    let mut after_list = matrices(lang, changed);
    let mut list = Vec::new();
    for before in matrices(lang, current) {
        let position = after_list.iter().position(|m| m.site == before.site);
        let after = position.map(|k| after_list.remove(k));
        if after
            .as_ref()
            .is_some_and(|a| a.analysis.matrix == before.analysis.matrix)
        {
            continue;
        }
        let warning = changed
            .warnings
            .iter()
            .find(|w| w.site == before.site && w.kind == WarningKind::Inconsistent);
        list.push(Touched {
            before,
            after,
            warning,
        });
    }
    list
}

/// A data value changed: (criterion name, alternative id, before, after).
fn data_changes(lang: Lang, current: &Evaluation, changed: &Evaluation) -> Vec<[String; 4]> {
    let mut rows = Vec::new();
    for c in &changed.criteria {
        let Some(data) = c.leaf.as_ref().and_then(|l| l.data.as_ref()) else {
            continue;
        };
        let Some(before) = current
            .criteria
            .iter()
            .find(|x| x.id == c.id)
            .and_then(|x| x.leaf.as_ref())
            .and_then(|l| l.data.as_ref())
        else {
            continue;
        };
        let unit = data.unit.as_deref();
        for (k, a) in changed.alternatives.iter().enumerate() {
            let (Some(low), Some(high), Some(low0), Some(high0)) = (
                data.low.get(k),
                data.high.get(k),
                before.low.get(k),
                before.high.get(k),
            ) else {
                continue;
            };
            if (low, high) != (low0, high0) {
                rows.push([
                    c.name.clone(),
                    a.id.clone(),
                    format_range(lang, *low0, *high0, unit),
                    format_range(lang, *low, *high, unit),
                ]);
            }
        }
    }
    rows
}

fn cr_after(lang: Lang, t: &Touched<'_>) -> String {
    match &t.after {
        Some(a) => fixed3(lang, a.analysis.cr),
        None => lang.pick("direct weights", "direkta vikter").to_string(),
    }
}

fn verdict_after(lang: Lang, t: &Touched<'_>) -> String {
    match &t.after {
        Some(a) => verdict(lang, a.analysis),
        None => lang.pick("no CR", "inget CR").to_string(),
    }
}

fn matrices_grid(lang: Lang, list: &[Touched<'_>], number: fn(Lang, f64) -> String) -> Grid {
    let mut grid = Grid::new(&[
        lang.pick("matrix", "matris"),
        lang.pick("CR now", "CR nu"),
        lang.pick("CR if", "CR efter"),
        lang.pick("verdict if", "bedömning efter"),
    ])
    .numeric(&[1, 2]);
    for t in list {
        grid.push(vec![
            t.before.label.clone(),
            number(lang, t.before.analysis.cr),
            match &t.after {
                Some(a) => number(lang, a.analysis.cr),
                None => cr_after(lang, t),
            },
            verdict_after(lang, t),
        ]);
    }
    grid
}

/// `vagval evaluate --set-weight …/--set-judgment …/--set-data …`: the
/// ranking and the criteria weights with the changes beside the current
/// ones, the matrices changed with their CR (and their warnings and
/// judgments to revisit), the data changed and the new warnings. `view`
/// names whose weights these are (a group, the aggregate). It has no chart;
/// its CSV is the ranking, then the matrices changed after a blank line.
pub fn what_if_document(
    current: &Evaluation,
    changed: &Evaluation,
    changes: &[String],
    view: Option<&str>,
    lang: Lang,
) -> Document {
    let touched = touched(lang, current, changed);
    let data = data_changes(lang, current, changed);
    let mut doc = Document::new(lang)
        .with_json(what_if_json(
            current, changed, changes, view, &touched, &data,
        ))
        // Every number in CSV follows the one rule (`csv_number`).
        .with_csv(ranking_grid(lang, current, changed, csv_number));
    if !touched.is_empty() {
        doc = doc.with_csv_after(matrices_grid(lang, &touched, csv_number));
    }
    doc.push(Block::heading(1, lang.pick("What if", "Tänk om")));
    let mut header = Vec::new();
    if let Some(view) = view {
        header.push(format!("{}: {view}", lang.pick("View", "Perspektiv")));
    }
    header.extend(changes.iter().cloned());
    doc.push(Block::bullets(header));
    doc.push(Block::heading(2, lang.pick("Ranking", "Rangordning")));
    doc.push(Block::Table(ranking_grid(lang, current, changed, fixed3)));
    doc.push(Block::heading(
        2,
        lang.pick("Criteria weights", "Kriterievikter"),
    ));
    doc.push(Block::Table(weights_grid(lang, current, changed)));
    if !touched.is_empty() {
        doc.push(Block::heading(
            2,
            lang.pick(
                "Consistency of the changed matrices",
                "Konsistens i de ändrade matriserna",
            ),
        ));
        doc.push(Block::Table(matrices_grid(lang, &touched, fixed3)));
        doc.push(Block::List(matrices_advice(lang, &touched)));
    }
    if !data.is_empty() {
        doc.push(Block::heading(2, lang.pick("Data changed", "Ändrade data")));
        doc.push(Block::Table(data_grid(lang, &data)));
    }
    let new_warnings = new_warnings(current, changed, &touched);
    if !new_warnings.is_empty() {
        doc.push(Block::heading(
            2,
            lang.pick("New warnings", "Nya varningar"),
        ));
        doc.push(Block::bullets(
            new_warnings
                .into_iter()
                .map(|w| warning_item(lang, w))
                .collect(),
        ));
    }
    doc.push(Block::paragraph(vec![
        lang.pick("No file was changed.", "Ingen fil ändrades.")
            .to_string(),
    ]));
    doc
}

/// An alternative's (rank, score) in an evaluation.
fn rank_of(e: &Evaluation, id: &str) -> Option<(usize, f64)> {
    e.alternatives
        .iter()
        .find(|a| a.id == id)
        .map(|a| (a.rank, a.score))
}

/// The alternatives in their order after the changes.
fn order(changed: &Evaluation) -> Vec<&AlternativeScore> {
    let mut order: Vec<_> = changed.alternatives.iter().collect();
    order.sort_by_key(|a| a.rank);
    order
}

/// The ranking now and after the changes, scores written by `number`
/// (three decimals in tables, `csv_number` in CSV).
fn ranking_grid(
    lang: Lang,
    current: &Evaluation,
    changed: &Evaluation,
    number: fn(Lang, f64) -> String,
) -> Grid {
    let mut ranking = Grid::new(&[
        "id",
        lang.pick("name", "namn"),
        lang.pick("rank now", "rang nu"),
        lang.pick("score now", "poäng nu"),
        lang.pick("rank if", "rang efter"),
        lang.pick("score if", "poäng efter"),
    ])
    .numeric(&[2, 3, 4, 5]);
    for a in order(changed) {
        let (rank_now, score_now) = rank_of(current, &a.id).unwrap_or((0, f64::NAN));
        ranking.push(vec![
            a.id.clone(),
            a.name.clone(),
            rank_now.to_string(),
            number(lang, score_now),
            a.rank.to_string(),
            number(lang, a.score),
        ]);
    }
    ranking
}

fn weights_grid(lang: Lang, current: &Evaluation, changed: &Evaluation) -> Grid {
    let mut weights = Grid::new(&[
        "id",
        lang.pick("criterion", "kriterium"),
        lang.pick("global now", "global nu"),
        lang.pick("global if", "global efter"),
    ])
    .numeric(&[2, 3]);
    for c in &changed.criteria {
        let now = current
            .criteria
            .iter()
            .find(|x| x.id == c.id)
            .map(|x| x.global_weight)
            .unwrap_or(f64::NAN);
        weights.push(vec![
            c.id.clone(),
            c.name.clone(),
            fixed3(lang, now),
            fixed3(lang, c.global_weight),
        ]);
    }
    weights
}

fn data_grid(lang: Lang, data: &[[String; 4]]) -> Grid {
    let mut grid = Grid::new(&[
        lang.pick("criterion", "kriterium"),
        lang.pick("alternative", "alternativ"),
        lang.pick("now", "nu"),
        lang.pick("if", "efter"),
    ]);
    for row in data {
        grid.push(row.to_vec());
    }
    grid
}

/// `warning: …` as a list item.
fn warning_item(lang: Lang, w: &Warning) -> String {
    format!(
        "{}: {}",
        lang.pick("warning", "varning"),
        warning_line(lang, w)
    )
}

/// Under the changed matrices: each one's inconsistency warning and the
/// judgments to revisit (as sub-items) where it is above the threshold.
fn matrices_advice(lang: Lang, touched: &[Touched<'_>]) -> List {
    let mut items = Vec::new();
    for t in touched {
        if let Some(w) = t.warning {
            items.push(Item {
                text: warning_item(lang, w),
                sub: Vec::new(),
            });
        }
        if let Some(after) = &t.after
            && !after.analysis.revisit.is_empty()
        {
            items.push(Item {
                text: format!(
                    "{}: {}",
                    advice::title(lang),
                    advice::heading_of(lang, after)
                ),
                sub: advice::lines_of(lang, after),
            });
        }
    }
    List {
        style: ListStyle::Bullet,
        items,
    }
}

/// Other warnings the changes brought (a value outside the value function's
/// range, …); the matrices' are shown with them.
fn new_warnings<'a>(
    current: &Evaluation,
    changed: &'a Evaluation,
    touched: &[Touched<'_>],
) -> Vec<&'a Warning> {
    changed
        .warnings
        .iter()
        .filter(|w| !current.warnings.contains(w))
        .filter(|w| !touched.iter().any(|t| t.warning == Some(*w)))
        .collect()
}

/// What `evaluate --set-… --format json` prints.
fn what_if_json(
    current: &Evaluation,
    changed: &Evaluation,
    changes: &[String],
    view: Option<&str>,
    touched: &[Touched<'_>],
    data: &[[String; 4]],
) -> Value {
    let alternatives: Vec<_> = order(changed)
        .iter()
        .map(|a| {
            let (rank_now, score_now) = rank_of(current, &a.id).unwrap_or((0, f64::NAN));
            json!({"id": a.id, "name": a.name, "rank_now": rank_now, "score_now": score_now, "rank": a.rank, "score": a.score})
        })
        .collect();
    let criteria: Vec<_> = changed
        .criteria
        .iter()
        .map(|c| {
            let now = current.criteria.iter().find(|x| x.id == c.id).map(|x| x.global_weight);
            json!({"id": c.id, "name": c.name, "global_weight_now": now, "global_weight": c.global_weight, "local_weight": c.local_weight})
        })
        .collect();
    let matrices: Vec<Value> = touched
        .iter()
        .map(|t| {
            json!({
                "site": site_key(&t.before.site),
                "label": t.before.label,
                "cr_now": t.before.analysis.cr,
                "cr": t.after.as_ref().map(|a| a.analysis.cr),
                "acceptable": t.after.as_ref().map(|a| !a.analysis.is_inconsistent()),
                "warning": t.warning.map(warning_json),
                "revisit": t.after.as_ref().map(advice::matrix_json),
            })
        })
        .collect();
    let data: Vec<Value> = data
        .iter()
        .map(|[criterion, alternative, now, after]| {
            json!({"criterion": criterion, "alternative": alternative, "now": now, "value": after})
        })
        .collect();
    json!({
        "changes": changes,
        "view": view,
        "alternatives": alternatives,
        "criteria": criteria,
        "matrices": matrices,
        "data": data,
        "warnings": changed.warnings.iter().map(warning_json).collect::<Vec<_>>(),
    })
}
