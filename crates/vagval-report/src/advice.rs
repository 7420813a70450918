//! The judgments to revisit, as `evaluate` and the what-if report list them:
//! for each matrix above the CR threshold, its label, its CR and the
//! judgments that depart most with a suggested value (core decides which:
//! none for an acceptably consistent matrix, none equal to the given value).

use crate::Lang;
use crate::check::{Checked, matrices};
use crate::document::{Block, Item, List, ListStyle};
use crate::render::{fixed3, revisit_json, revisit_line, site_key};
use serde_json::{Value, json};
use vagval_core::Evaluation;

/// How many judgments per matrix the text and Markdown show (JSON has all).
pub(crate) const SHOWN: usize = 3;

/// The matrices that have judgments to revisit, in the order of the tree.
pub(crate) fn to_revisit(lang: Lang, evaluation: &Evaluation) -> Vec<Checked<'_>> {
    matrices(lang, evaluation)
        .into_iter()
        .filter(|m| !m.analysis.revisit.is_empty())
        .collect()
}

/// `top-level criteria (CR 0.229)`.
pub(crate) fn heading_of(lang: Lang, m: &Checked<'_>) -> String {
    format!("{} (CR {})", m.label, fixed3(lang, m.analysis.cr))
}

/// The numbered lines of one matrix's list (at most [`SHOWN`], then "and N more").
pub(crate) fn lines_of(lang: Lang, m: &Checked<'_>) -> Vec<String> {
    let list = &m.analysis.revisit;
    let mut lines: Vec<String> = list
        .iter()
        .take(SHOWN)
        .enumerate()
        .map(|(k, r)| format!("{}. {}", k + 1, revisit_line(lang, &m.items, r)))
        .collect();
    let more = list.len().saturating_sub(SHOWN);
    if more > 0 {
        lines.push(match lang {
            Lang::En => format!("… and {more} more (--format json lists all)"),
            Lang::Sv => format!("… och {more} till (--format json listar alla)"),
        });
    }
    lines
}

pub(crate) fn title(lang: Lang) -> &'static str {
    lang.pick("Judgments to revisit", "Bedömningar att se över")
}

/// The section's blocks (a heading, then each matrix with its judgments
/// under it); none when no matrix needs it.
pub(crate) fn section(lang: Lang, evaluation: &Evaluation) -> Vec<Block> {
    let list = to_revisit(lang, evaluation);
    if list.is_empty() {
        return Vec::new();
    }
    let items = list
        .iter()
        .map(|m| Item {
            text: heading_of(lang, m),
            sub: lines_of(lang, m),
        })
        .collect();
    vec![
        Block::heading(2, title(lang)),
        Block::List(List {
            style: ListStyle::Bullet,
            items,
        }),
    ]
}

/// One matrix's list as JSON.
pub(crate) fn matrix_json(m: &Checked<'_>) -> Value {
    json!({
        "site": site_key(&m.site),
        "label": m.label,
        "cr": m.analysis.cr,
        "judgments": m.analysis.revisit.iter().map(|r| revisit_json(&m.items, r)).collect::<Vec<_>>(),
    })
}

/// Every matrix's list as a JSON array (empty when all are acceptable).
pub(crate) fn section_json(lang: Lang, evaluation: &Evaluation) -> Value {
    Value::Array(
        to_revisit(lang, evaluation)
            .iter()
            .map(matrix_json)
            .collect(),
    )
}
