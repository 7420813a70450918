//! One pairwise matrix reported: priorities and ranks, λmax, CI, RI (and its
//! table), CR, GCI, Koczkodaj, the judgments worth revisiting and the gaps a
//! completion filled: one `Document`.

use crate::Lang;
use crate::chart::{GroupedBars, Series};
use crate::document::{Block, Document, ListStyle};
use crate::render::{
    Grid, NONE, csv_number, fixed3, item, judgment, revisit_json, revisit_line, verdict,
};
use serde_json::{Map, Value, json};
use vagval_core::MatrixAnalysis;
use vagval_core::synthesis::ranks;

/// How many judgments to revisit tables and Markdown show.
const REVISIT_SHOWN: usize = 3;

/// One matrix analysed, as a document: the priorities, the consistency
/// measures, the judgments to revisit and the gaps filled; its chart is the
/// priorities as bars.
pub fn matrix_document(items: &[String], analysis: &MatrixAnalysis, lang: Lang) -> Document {
    let mut doc = Document::new(lang)
        .with_json(matrix_json(items, analysis))
        .with_csv(priorities_grid(lang, items, analysis, csv_number));
    doc.push(Block::figure(priorities_figure(lang, items, analysis)));
    doc.push(Block::heading(2, lang.pick("Priorities", "Prioriteter")));
    doc.push(Block::Table(priorities_grid(lang, items, analysis, fixed3)));
    doc.push(Block::heading(2, lang.pick("Consistency", "Konsistens")));
    doc.push(Block::Pairs {
        headers: [
            lang.pick("measure", "mått").to_string(),
            lang.pick("value", "värde").to_string(),
        ],
        rows: measures(lang, analysis)
            .into_iter()
            .map(|(name, value)| (name.to_string(), value))
            .collect(),
    });
    if !analysis.revisit.is_empty() {
        doc.push(Block::heading(2, revisit_heading(lang)));
        doc.push(revisit_list(lang, items, analysis));
    }
    let filled = filled_lines(lang, items, analysis);
    if !filled.is_empty() {
        doc.push(Block::heading(2, filled_heading(lang)));
        doc.push(Block::bullets(filled));
    }
    doc
}

/// The priorities as bars, one per item.
fn priorities_figure(lang: Lang, items: &[String], analysis: &MatrixAnalysis) -> GroupedBars {
    GroupedBars {
        title: lang.pick("Priorities", "Prioriteter").to_string(),
        categories: (0..analysis.n).map(|k| item(items, k)).collect(),
        series: vec![Series {
            name: lang.pick("priority", "prioritet").to_string(),
            values: analysis.priorities.clone(),
        }],
        value_axis: lang.pick("Priority", "Prioritet").to_string(),
    }
}

/// The first judgments to revisit, numbered; text adds "… and N more".
fn revisit_list(lang: Lang, items: &[String], analysis: &MatrixAnalysis) -> Block {
    let shown: Vec<String> = analysis
        .revisit
        .iter()
        .take(REVISIT_SHOWN)
        .map(|r| revisit_line(lang, items, r))
        .collect();
    let mut text: Vec<String> = shown
        .iter()
        .enumerate()
        .map(|(k, line)| format!("{}. {line}", k + 1))
        .collect();
    let more = analysis.revisit.len().saturating_sub(REVISIT_SHOWN);
    if more > 0 {
        text.push(format!(
            "… {} {more} {}",
            lang.pick("and", "och"),
            lang.pick("more", "till")
        ));
    }
    Block::Alt {
        text: vec![Block::bullets(text)],
        rich: vec![Block::list(ListStyle::Numbered, shown)],
    }
}

fn priorities_grid(
    lang: Lang,
    items: &[String],
    analysis: &MatrixAnalysis,
    number: fn(Lang, f64) -> String,
) -> Grid {
    let rank = ranks(&analysis.priorities);
    let mut grid = Grid::new(&[
        lang.pick("item", "post"),
        lang.pick("priority", "prioritet"),
        lang.pick("rank", "rang"),
    ])
    .numeric(&[1, 2]);
    for (k, p) in analysis.priorities.iter().enumerate() {
        grid.push(vec![
            item(items, k),
            number(lang, *p),
            rank.get(k).map(|r| r.to_string()).unwrap_or_default(),
        ]);
    }
    grid
}

/// The consistency measures as (name, value) pairs.
pub(crate) fn measures(lang: Lang, analysis: &MatrixAnalysis) -> Vec<(&'static str, String)> {
    let fixed3 = |value: f64| fixed3(lang, value);
    let mut ri = format!("{} ({})", fixed3(analysis.ri), analysis.ri_table.name());
    if analysis.ri_extrapolated {
        ri.push_str(&match lang {
            Lang::En => format!(
                "; n = {} is beyond the table, its last value is used",
                analysis.n
            ),
            Lang::Sv => format!(
                "; n = {} ligger utanför tabellen, dess sista värde används",
                analysis.n
            ),
        });
    }
    let gci = match analysis.gci_threshold {
        Some(t) => format!(
            "{} ({} {})",
            fixed3(analysis.gci),
            lang.pick("threshold", "gräns"),
            lang.fixed(t, 2)
        ),
        None => fixed3(analysis.gci),
    };
    vec![
        ("n", analysis.n.to_string()),
        ("λmax", fixed3(analysis.lambda_max)),
        ("CI", fixed3(analysis.ci)),
        ("RI", ri),
        (
            "CR",
            format!("{} ({})", fixed3(analysis.cr), verdict(lang, analysis)),
        ),
        ("GCI", gci),
        ("Koczkodaj", fixed3(analysis.koczkodaj)),
        (
            lang.pick("method", "metod"),
            analysis.method.name().to_string(),
        ),
        (
            lang.pick("completion", "komplettering"),
            analysis
                .completion
                .map(|c| c.name().to_string())
                .unwrap_or_else(|| NONE.to_string()),
        ),
    ]
}

fn filled_lines(lang: Lang, items: &[String], analysis: &MatrixAnalysis) -> Vec<String> {
    let method = analysis.completion.unwrap_or_default().name();
    analysis
        .completed
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {} {} ({method})",
                item(items, f.row),
                lang.pick("over", "framför"),
                item(items, f.col),
                lang.pick("filled with", "ifylld med"),
                judgment(lang, f.value)
            )
        })
        .collect()
}

pub(crate) fn revisit_heading(lang: Lang) -> &'static str {
    lang.pick("Judgments to revisit", "Bedömningar att se över")
}

fn filled_heading(lang: Lang) -> &'static str {
    lang.pick("Completed gaps", "Ifyllda luckor")
}

pub(crate) fn matrix_json(items: &[String], analysis: &MatrixAnalysis) -> Value {
    let names: Vec<String> = (0..analysis.n).map(|k| item(items, k)).collect();
    let mut priorities = Map::new();
    for (name, p) in names.iter().zip(&analysis.priorities) {
        priorities.insert(name.clone(), json!(p));
    }
    let completed: Vec<Value> = analysis
        .completed
        .iter()
        .map(|f| json!({"row": item(items, f.row), "col": item(items, f.col), "value": f.value}))
        .collect();
    json!({
        "items": names,
        "priorities": priorities,
        "ranks": ranks(&analysis.priorities),
        "n": analysis.n,
        "lambda_max": analysis.lambda_max,
        "ci": analysis.ci,
        "ri": analysis.ri,
        "ri_table": analysis.ri_table.name(),
        "ri_extrapolated": analysis.ri_extrapolated,
        "cr": analysis.cr,
        "acceptable": !analysis.is_inconsistent(),
        "gci": analysis.gci,
        "gci_threshold": analysis.gci_threshold,
        "koczkodaj": analysis.koczkodaj,
        "method": analysis.method.name(),
        "revisit": analysis.revisit.iter().map(|r| revisit_json(items, r)).collect::<Vec<_>>(),
        "completed": completed,
        "completion": analysis.completion.map(|c| c.name()),
        "matrix": analysis.matrix,
    })
}
