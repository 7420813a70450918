//! Whole evaluations of the groups: `evaluate --all-groups` (one after the
//! other, each headed by the group's name and seats) and `evaluate
//! --aggregate` (the groups' seat-weighted aggregate, with the groups it
//! leaves out named).

use super::exclusions::Exclusions;
use super::group_title;
use crate::Lang;
use crate::document::{Block, Document};
use crate::evaluation::{by_rank, evaluation_document, evaluation_json};
use crate::figures::contributions_figure;
use crate::render::{Grid, csv_number};
use serde_json::{Value, json};
use vagval_core::Evaluation;
use vagval_core::group::GroupResult;

/// A chart's label of a group: `Lokal kontroll först (12 seats)`.
pub fn seats_label(lang: Lang, name: &str, seats: f64) -> String {
    let word = match lang {
        Lang::En if seats == 1.0 => "seat",
        Lang::En => "seats",
        Lang::Sv => "mandat",
    };
    format!("{name} ({} {word})", lang.localise(&seats.to_string()))
}

/// One evaluation per group as a document. JSON: `{"groups": [{"id",
/// "name", "seats", "evaluation"}]}` with the object `evaluate` writes;
/// CSV: `group,rank,id,name,score`. Its chart is each group's scores split
/// by top-level criterion (labelled by `seats_label`), then `aggregate`'s
/// (label, evaluation) when given.
pub fn group_evaluations_document(
    groups: &[GroupResult],
    aggregate: Option<(String, &Evaluation)>,
    lang: Lang,
) -> Document {
    let mut doc = Document::new(lang)
        .with_json(group_evaluations_json(groups))
        .with_csv(group_evaluations_csv(lang, groups));
    let mut views: Vec<(String, &Evaluation)> = groups
        .iter()
        .map(|g| (seats_label(lang, &g.name, g.seats), &g.evaluation))
        .collect();
    views.extend(aggregate);
    doc.push(Block::figure(contributions_figure(lang, &views)));
    for g in groups {
        let title = group_title(lang, g);
        // Text underlines the title; the group's evaluation follows it.
        let underline = "=".repeat(title.chars().count());
        doc.push(Block::Alt {
            text: vec![Block::heading(1, format!("{title}\n{underline}"))],
            rich: vec![Block::heading(
                1,
                format!("{}: {title}", lang.pick("Group", "Grupp")),
            )],
        });
        let evaluation = evaluation_document(&g.evaluation, None, lang);
        doc.extend(without_figures(evaluation.blocks));
    }
    doc
}

/// The groups' aggregate evaluated, as `evaluate` shows an evaluation with
/// `view` as its view line, its chart labelled `chart_label` (which may
/// name a CR bound), and the groups it leaves out named when `exclusions`
/// are given (see [`Exclusions::annotate`]).
pub fn aggregate_document(
    evaluation: &Evaluation,
    view: &str,
    chart_label: String,
    exclusions: Option<&Exclusions<'_>>,
    lang: Lang,
) -> Document {
    let mut doc = evaluation_document(evaluation, Some(view), lang);
    let chart = contributions_figure(lang, &[(chart_label, evaluation)]);
    let mut blocks = vec![Block::figure(chart)];
    blocks.extend(without_figures(doc.blocks));
    doc.blocks = blocks;
    match exclusions {
        Some(exclusions) => exclusions.annotate(doc),
        None => doc,
    }
}

/// The blocks without their charts (top level: where builders put them).
fn without_figures(blocks: Vec<Block>) -> impl Iterator<Item = Block> {
    blocks
        .into_iter()
        .filter(|b| !matches!(b, Block::Figure(_)))
}

fn group_evaluations_json(groups: &[GroupResult]) -> Value {
    let list: Vec<Value> = groups
        .iter()
        .map(|g| {
            json!({
                "id": g.id,
                "name": g.name,
                "seats": g.seats,
                "evaluation": evaluation_json(&g.evaluation, None),
            })
        })
        .collect();
    json!({ "groups": list })
}

fn group_evaluations_csv(lang: Lang, groups: &[GroupResult]) -> Grid {
    let mut grid = Grid::new(&[
        lang.pick("group", "grupp"),
        lang.pick("rank", "rang"),
        "id",
        lang.pick("name", "namn"),
        lang.pick("score", "poäng"),
    ]);
    for g in groups {
        for a in by_rank(&g.evaluation) {
            grid.push(vec![
                g.id.clone(),
                a.rank.to_string(),
                a.id.clone(),
                a.name.clone(),
                csv_number(lang, a.score),
            ]);
        }
    }
    grid
}
