//! `vagval weights` with groups: every criterion (rows, indented by depth)
//! across the workspace's default view and then each group: global weights;
//! and per column the CR of its top-level matrix (or `direct`) and the
//! largest CR of any of its matrices (goal, sub-criteria, alternatives on
//! leaves, rating scales).

use super::{WeightColumn, cr_flags, flagged_cr, inconsistent_json};
use crate::Lang;
use crate::document::{Block, Document};
use crate::evaluation::indented;
use crate::figures::{group_views, weights_figure};
use crate::render::{Grid, NONE, csv_number, fixed3, short};
use serde_json::{Map, Value, json};
use vagval_core::Evaluation;
use vagval_core::group::GroupResult;

/// The column id of the workspace's default view (JSON's key, whatever
/// the language).
const DEFAULT_COLUMN: &str = "default";

/// A column's id as tables and CSV head it: a group's id, or the default
/// view's in the language (`default`, `arbetsytan`).
fn column_header<'a>(lang: Lang, column: &'a WeightColumn<'_>) -> &'a str {
    if column.seats.is_none() && column.id == DEFAULT_COLUMN {
        lang.pick(DEFAULT_COLUMN, "arbetsytan")
    } else {
        column.id.as_str()
    }
}

/// The weights of the default view (`view`, if the workspace names it) and
/// of each group as a document; its chart is the top-level criteria's
/// weights, one bar per view. Text, Markdown and HTML show the global
/// weights, the columns with their CRs and a flag for each group whose
/// judgments are inconsistent.
pub fn group_weights_document(
    default: &Evaluation,
    view: Option<&str>,
    groups: &[GroupResult],
    lang: Lang,
) -> Document {
    let columns = weight_columns(lang, default, view, groups);
    let mut doc = Document::new(lang)
        .with_json(group_weights_json(default, view, &columns))
        .with_csv(group_weights_grid(lang, default, &columns, true));
    doc.push(Block::figure(weights_figure(
        lang,
        &group_views(lang, default, view, groups),
    )));
    let view_line = view.map(|view| format!("{}: {view}", lang.pick("View", "Perspektiv")));
    let mut text = vec![format!("{}: {}", lang.pick("Goal", "Mål"), default.goal)];
    text.extend(view_line.clone());
    doc.push(Block::Alt {
        text: vec![Block::paragraph(text)],
        rich: vec![
            Block::heading(1, default.goal.clone()),
            Block::bullets(view_line.into_iter().collect()),
        ],
    });
    doc.push(Block::heading(
        2,
        lang.pick("Global weights", "Globala vikter"),
    ));
    doc.push(Block::Table(group_weights_grid(
        lang, default, &columns, false,
    )));
    doc.push(Block::heading(2, lang.pick("Columns", "Kolumner")));
    doc.push(Block::Table(columns_grid(lang, &columns)));
    let flags = column_flags(lang, &columns);
    if !flags.is_empty() {
        // Text prints the flags as plain lines, Markdown and HTML as a list.
        doc.push(Block::Alt {
            text: vec![Block::paragraph(flags.clone())],
            rich: vec![Block::bullets(flags)],
        });
    }
    doc
}

fn weight_columns<'a>(
    lang: Lang,
    default: &'a Evaluation,
    view: Option<&str>,
    groups: &'a [GroupResult],
) -> Vec<WeightColumn<'a>> {
    let mut columns = vec![WeightColumn {
        id: DEFAULT_COLUMN.to_string(),
        name: view
            .unwrap_or(lang.pick("default view", "arbetsytans vikter"))
            .to_string(),
        seats: None,
        evaluation: default,
    }];
    columns.extend(groups.iter().map(|g| WeightColumn {
        id: g.id.clone(),
        name: g.name.clone(),
        seats: Some(g.seats),
        evaluation: &g.evaluation,
    }));
    columns
}

/// Criteria down, columns (by id, to stay narrow) across. `csv` gives the
/// flat CSV layout (`csv_number`); otherwise names are indented and
/// weights shown to 3 decimals.
fn group_weights_grid(
    lang: Lang,
    default: &Evaluation,
    columns: &[WeightColumn<'_>],
    csv: bool,
) -> Grid {
    let mut headers: Vec<&str> = if csv {
        vec![
            "id",
            lang.pick("name", "namn"),
            lang.pick("parent", "överordnat"),
            lang.pick("depth", "djup"),
        ]
    } else {
        vec!["id", lang.pick("criterion", "kriterium")]
    };
    let first = headers.len();
    headers.extend(columns.iter().map(|c| column_header(lang, c)));
    let numeric: Vec<usize> = (first..headers.len()).collect();
    let mut grid = Grid::new(&headers).numeric(&numeric);
    for c in &default.criteria {
        let mut row = if csv {
            vec![
                c.id.clone(),
                c.name.clone(),
                c.parent.clone().unwrap_or_default(),
                c.depth.to_string(),
            ]
        } else {
            vec![c.id.clone(), indented(c)]
        };
        row.extend(columns.iter().map(|column| match column.weight(&c.id) {
            Some(w) if csv => csv_number(lang, w),
            Some(w) => fixed3(lang, w),
            None if csv => String::new(),
            None => NONE.to_string(),
        }));
        grid.push(row);
    }
    grid
}

fn columns_grid(lang: Lang, columns: &[WeightColumn<'_>]) -> Grid {
    let mut grid = Grid::new(&[
        lang.pick("column", "kolumn"),
        lang.pick("name", "namn"),
        lang.pick("seats", "mandat"),
        lang.pick("CR top level", "CR översta nivån"),
        lang.pick("largest CR", "största CR"),
    ])
    .numeric(&[2, 3, 4]);
    for c in columns {
        grid.push(vec![
            column_header(lang, c).to_string(),
            c.name.clone(),
            c.seats
                .map(|s| short(lang, s))
                .unwrap_or_else(|| NONE.to_string()),
            c.cr_top()
                .map(|cr| fixed3(lang, cr))
                .unwrap_or_else(|| lang.pick("direct", "direkt").to_string()),
            flagged_cr(lang, c.cr_max(), c.evaluation),
        ]);
    }
    grid
}

/// The groups' CR flags (the workspace's own view is `check`'s business).
fn column_flags(lang: Lang, columns: &[WeightColumn<'_>]) -> Vec<String> {
    cr_flags(
        lang,
        columns
            .iter()
            .filter(|c| c.seats.is_some())
            .map(|c| (c.id.as_str(), c.evaluation)),
    )
}

fn group_weights_json(
    default: &Evaluation,
    view: Option<&str>,
    columns: &[WeightColumn<'_>],
) -> Value {
    let column_list: Vec<Value> = columns
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "name": c.name,
                "seats": c.seats,
                "cr_top": c.cr_top(),
                "cr_max": c.cr_max(),
                "inconsistent": inconsistent_json(c.evaluation),
            })
        })
        .collect();
    let criteria: Vec<Value> = default
        .criteria
        .iter()
        .map(|c| {
            let mut weights = Map::new();
            for column in columns {
                weights.insert(column.id.clone(), json!(column.weight(&c.id)));
            }
            json!({
                "id": c.id,
                "name": c.name,
                "parent": c.parent,
                "depth": c.depth,
                "weights": weights,
            })
        })
        .collect();
    json!({
        "view": view,
        "columns": column_list,
        "criteria": criteria,
    })
}
