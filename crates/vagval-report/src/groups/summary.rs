//! `vagval groups`: each group's ranking beside the seat-weighted
//! aggregate, the aggregation used, the seats, the consensus S* with its
//! reading (see `consensus_reading`), the aggregate's criteria weights and
//! the criteria on which the groups differ most. Tables show the top 5 differences; JSON carries every
//! criterion's, most first. JSON lists alternatives in the model's order.

use super::exclusions::{
    Exclusions, excluded_header, exclusion_cells, exclusion_lines, exclusions_json, left_out_header,
};
use super::inconsistent_json;
use super::{WeightColumn, aggregation_label, consensus_reading, cr_flags, flagged_cr};
use crate::Lang;
use crate::chart::HeatMap;
use crate::document::{Block, Document};
use crate::evaluation::indented;
use crate::evaluation::{settings_json, settings_line};
use crate::figures::{heat_map_figure, heat_map_figure_with};
use crate::render::{Grid, NONE, csv_number, fixed3, short, site_key};
use serde_json::{Map, Value, json};
use vagval_core::Evaluation;
use vagval_core::group::{Difference, GroupAnalysis, GroupResult};

/// How many criteria the tables list under "where the groups differ most".
const DIFFERENCES_SHOWN: usize = 5;

/// Spreads at or below this are no difference at all (rounding noise).
const NO_SPREAD: f64 = 1e-12;

/// The groups' analysis as a document; its chart is the global weights by
/// group and criterion (a heat map), the aggregate's last when it has an
/// evaluation (AIJ).
pub fn groups_document(analysis: &GroupAnalysis, lang: Lang) -> Document {
    let mut doc = Document::new(lang)
        .with_json(groups_json(analysis))
        .with_csv(groups_csv(lang, analysis));
    doc.push(Block::figure(heat_map(lang, analysis)));
    let summary = summary_lines(lang, analysis);
    let mut text = vec![format!("{}: {}", lang.pick("Goal", "Mål"), goal(analysis))];
    text.extend(summary.iter().cloned());
    doc.push(Block::Alt {
        text: vec![Block::paragraph(text)],
        rich: vec![Block::heading(1, goal(analysis)), Block::bullets(summary)],
    });
    doc.push(Block::heading(2, lang.pick("Groups", "Grupper")));
    let groups = groups_grid(lang, analysis);
    let flags = analysis_flags(lang, analysis);
    // Text prints the flags as plain lines after the table (fit to the
    // width like every table), Markdown and HTML as a list.
    doc.push(Block::Table(groups));
    if !flags.is_empty() {
        doc.push(Block::Alt {
            text: vec![Block::paragraph(flags.clone())],
            rich: vec![Block::bullets(flags)],
        });
    }
    doc.push(Block::heading(
        2,
        lang.pick(
            "Ranking (aggregate score; each group's score with its rank in brackets)",
            "Rangordning (sammanvägd poäng; varje grupps poäng med dess rang inom parentes)",
        ),
    ));
    doc.push(Block::Table(ranking_grid(lang, analysis)));
    doc.push(Block::heading(
        2,
        lang.pick(
            "The aggregate's criteria weights (global)",
            "Sammanvägningens kriterievikter (globala)",
        ),
    ));
    doc.push(Block::Table(aggregate_weights_grid(lang, analysis)));
    doc.push(Block::heading(2, differences_title(lang)));
    let shown = shown_differences(analysis);
    doc.push(if shown.is_empty() {
        Block::paragraph(vec![no_differences(lang).to_string()])
    } else {
        Block::Table(differences_grid(lang, analysis, &shown))
    });
    doc
}

/// The global weights by group and criterion: each group by name, then
/// the aggregate (`Aggregate (AIJ)`, `Aggregate (AIP)`): AIJ's from its
/// evaluation, AIP's (which has none) from its aggregated weights.
fn heat_map(lang: Lang, analysis: &GroupAnalysis) -> HeatMap {
    let mut views: Vec<(String, &Evaluation)> = analysis
        .groups
        .iter()
        .map(|g| (g.name.clone(), &g.evaluation))
        .collect();
    let label = format!(
        "{} ({})",
        lang.pick("Aggregate", "Sammanvägt"),
        analysis.aggregation.name().to_uppercase()
    );
    let aggregate = &analysis.aggregate;
    match &aggregate.evaluation {
        Some(evaluation) => {
            views.push((label, evaluation));
            heat_map_figure(lang, &views)
        }
        None => heat_map_figure_with(
            lang,
            &views,
            label,
            &aggregate.criteria,
            &aggregate.global_weights,
        ),
    }
}

/// Every criterion (the model's order, names indented by depth) with the
/// aggregate's global weight.
fn aggregate_weights_grid(lang: Lang, analysis: &GroupAnalysis) -> Grid {
    let mut grid = Grid::new(&[
        "id",
        lang.pick("criterion", "kriterium"),
        lang.pick("aggregate", "sammanvägt"),
    ])
    .numeric(&[2]);
    let aggregate = &analysis.aggregate;
    let criteria = analysis
        .groups
        .first()
        .map(|g| g.evaluation.criteria.as_slice())
        .unwrap_or_default();
    for c in criteria {
        let weight = aggregate
            .criteria
            .iter()
            .position(|id| *id == c.id)
            .and_then(|k| aggregate.global_weights.get(k));
        grid.push(vec![
            c.id.clone(),
            indented(c),
            weight
                .map(|w| fixed3(lang, *w))
                .unwrap_or_else(|| NONE.to_string()),
        ]);
    }
    grid
}

/// Alternative indices in the aggregate's rank order; ties keep the model's.
fn aggregate_order(analysis: &GroupAnalysis) -> Vec<usize> {
    let ranks = &analysis.aggregate.ranks;
    let mut order: Vec<usize> = (0..analysis.aggregate.alternatives.len()).collect();
    order.sort_by_key(|&k| ranks.get(k).copied().unwrap_or(usize::MAX));
    order
}

/// A group's score and rank of alternative `id`.
fn group_score(group: &GroupResult, id: &str) -> Option<(f64, usize)> {
    group
        .evaluation
        .alternatives
        .iter()
        .find(|a| a.id == id)
        .map(|a| (a.score, a.rank))
}

fn goal(analysis: &GroupAnalysis) -> &str {
    analysis
        .groups
        .first()
        .map(|g| g.evaluation.goal.as_str())
        .unwrap_or_default()
}

/// `S* = 0.812 (high consensus; Hα 1.234, Hβ 0.012, Hγ 1.246)`.
pub(crate) fn consensus_line(lang: Lang, analysis: &GroupAnalysis) -> String {
    let c = &analysis.consensus;
    format!(
        "S* = {} ({} {}; Hα {}, Hβ {}, Hγ {})",
        fixed3(lang, c.s_star),
        consensus_reading(lang, c.s_star),
        lang.pick("consensus", "samsyn"),
        fixed3(lang, c.h_alpha),
        fixed3(lang, c.h_beta),
        fixed3(lang, c.h_gamma)
    )
}

fn groups_grid(lang: Lang, analysis: &GroupAnalysis) -> Grid {
    let mut headers = vec![
        "id",
        lang.pick("name", "namn"),
        lang.pick("seats", "mandat"),
        lang.pick("largest CR", "största CR"),
    ];
    // With a CR bound: each group's own largest CR and whether it entered.
    let bound = analysis.max_cr.is_some();
    if bound {
        headers.push(lang.pick("own CR", "egen CR"));
        headers.push(lang.pick("in aggregate", "i sammanvägningen"));
    }
    let numeric: &[usize] = if bound { &[2, 3, 4] } else { &[2, 3] };
    let mut grid = Grid::new(&headers).numeric(numeric);
    for (k, g) in analysis.groups.iter().enumerate() {
        let column = WeightColumn {
            id: g.id.clone(),
            name: g.name.clone(),
            seats: Some(g.seats),
            evaluation: &g.evaluation,
        };
        let mut row = vec![
            g.id.clone(),
            g.name.clone(),
            short(lang, g.seats),
            flagged_cr(lang, column.cr_max(), &g.evaluation),
        ];
        if bound {
            let own = analysis.own_cr.get(k).copied().flatten();
            row.push(
                own.map(|cr| fixed3(lang, cr))
                    .unwrap_or_else(|| NONE.to_string()),
            );
            row.push(if is_excluded(analysis, &g.id) {
                lang.pick("no", "nej").to_string()
            } else {
                lang.pick("yes", "ja").to_string()
            });
        }
        grid.push(row);
    }
    grid
}

fn is_excluded(analysis: &GroupAnalysis, id: &str) -> bool {
    analysis.excluded.iter().any(|e| e.id == id)
}

/// The CR flags of the analysis's groups.
fn analysis_flags(lang: Lang, analysis: &GroupAnalysis) -> Vec<String> {
    cr_flags(
        lang,
        analysis
            .groups
            .iter()
            .map(|g| (g.id.as_str(), &g.evaluation)),
    )
}

/// Alternatives by the aggregate's rank; the aggregate's score, then each
/// group's score with its own rank in brackets.
fn ranking_grid(lang: Lang, analysis: &GroupAnalysis) -> Grid {
    let mut headers = vec![
        lang.pick("rank", "rang"),
        "id",
        lang.pick("name", "namn"),
        lang.pick("aggregate", "sammanvägt"),
    ];
    headers.extend(analysis.groups.iter().map(|g| g.id.as_str()));
    let mut numeric = vec![0, 3];
    numeric.extend(4..headers.len());
    let mut grid = Grid::new(&headers).numeric(&numeric);
    let aggregate = &analysis.aggregate;
    for k in aggregate_order(analysis) {
        let Some((id, name)) = aggregate.alternatives.get(k) else {
            continue;
        };
        let mut row = vec![
            aggregate
                .ranks
                .get(k)
                .map(ToString::to_string)
                .unwrap_or_default(),
            id.clone(),
            name.clone(),
            aggregate
                .scores
                .get(k)
                .map(|s| fixed3(lang, *s))
                .unwrap_or_else(|| NONE.to_string()),
        ];
        row.extend(analysis.groups.iter().map(|g| match group_score(g, id) {
            Some((score, rank)) => format!("{} ({rank})", fixed3(lang, score)),
            None => NONE.to_string(),
        }));
        grid.push(row);
    }
    grid
}

/// The criteria the groups weight most differently (spread > 0), at most 5.
fn shown_differences(analysis: &GroupAnalysis) -> Vec<&Difference> {
    analysis
        .differences
        .iter()
        .filter(|d| d.spread > NO_SPREAD)
        .take(DIFFERENCES_SHOWN)
        .collect()
}

fn differences_grid(lang: Lang, analysis: &GroupAnalysis, shown: &[&Difference]) -> Grid {
    let mut headers = vec![
        "id",
        lang.pick("criterion", "kriterium"),
        lang.pick("spread", "spridning"),
    ];
    headers.extend(analysis.groups.iter().map(|g| g.id.as_str()));
    let numeric: Vec<usize> = (2..headers.len()).collect();
    let mut grid = Grid::new(&headers).numeric(&numeric);
    for d in shown {
        let mut row = vec![d.criterion.clone(), d.name.clone(), fixed3(lang, d.spread)];
        row.extend(d.weights.iter().map(|w| fixed3(lang, *w)));
        grid.push(row);
    }
    grid
}

fn differences_title(lang: Lang) -> &'static str {
    lang.pick(
        "Where the groups differ most (global weights)",
        "Där grupperna skiljer sig mest (globala vikter)",
    )
}

fn no_differences(lang: Lang) -> &'static str {
    lang.pick(
        "The groups weight every criterion alike.",
        "Grupperna väger alla kriterier lika.",
    )
}

/// The lines under the goal that the text and Markdown reports share: the
/// aggregation, the consensus, the settings and who was left out.
fn summary_lines(lang: Lang, analysis: &GroupAnalysis) -> Vec<String> {
    let mut lines = vec![
        format!(
            "{}: {}",
            lang.pick("Aggregation", "Sammanvägning"),
            aggregation_label(lang, analysis.aggregation)
        ),
        format!(
            "{}: {}",
            lang.pick("Consensus", "Samsyn"),
            consensus_line(lang, analysis)
        ),
    ];
    if let Some(first) = analysis.groups.first() {
        lines.push(format!(
            "{}: {}",
            lang.pick("Settings", "Inställningar"),
            settings_line(lang, &first.evaluation)
        ));
    }
    lines.extend(exclusion_lines(lang, &Exclusions::of(analysis)));
    lines
}

fn groups_json(analysis: &GroupAnalysis) -> Value {
    let groups: Vec<Value> = analysis
        .groups
        .iter()
        .enumerate()
        .map(|(k, g)| {
            let alternatives: Vec<Value> = g
                .evaluation
                .alternatives
                .iter()
                .map(|a| json!({"id": a.id, "score": a.score, "rank": a.rank}))
                .collect();
            json!({
                "id": g.id,
                "name": g.name,
                "seats": g.seats,
                "own_cr": analysis.own_cr.get(k).copied().flatten(),
                "in_aggregate": !is_excluded(analysis, &g.id),
                "alternatives": alternatives,
                "inconsistent": inconsistent_json(&g.evaluation),
            })
        })
        .collect();
    let aggregate = &analysis.aggregate;
    let alternatives: Vec<Value> = aggregate
        .alternatives
        .iter()
        .zip(&aggregate.scores)
        .zip(&aggregate.ranks)
        .map(|(((id, name), score), rank)| {
            json!({"id": id, "name": name, "score": score, "rank": rank})
        })
        .collect();
    let criteria: Vec<Value> = aggregate
        .criteria
        .iter()
        .zip(&aggregate.global_weights)
        .map(|(id, w)| json!({"id": id, "global_weight": w}))
        .collect();
    let c = &analysis.consensus;
    let differences: Vec<Value> = analysis
        .differences
        .iter()
        .map(|d| {
            let mut weights = Map::new();
            for (g, w) in analysis.groups.iter().zip(&d.weights) {
                weights.insert(g.id.clone(), json!(w));
            }
            json!({
                "criterion": d.criterion,
                "name": d.name,
                "spread": d.spread,
                "weights": weights,
            })
        })
        .collect();
    let (excluded, left_out) = exclusions_json(&Exclusions::of(analysis));
    json!({
        "aggregation": analysis.aggregation.name(),
        "settings": analysis.groups.first().map(|g| settings_json(&g.evaluation)),
        "max_cr": analysis.max_cr,
        "groups": groups,
        "excluded": excluded,
        "left_out": left_out,
        "aggregate": {
            "alternatives": alternatives,
            "criteria": criteria,
            "matrices": aggregate_matrices_json(analysis),
        },
        "consensus": {
            "s_star": c.s_star,
            "h_alpha": c.h_alpha,
            "h_beta": c.h_beta,
            "h_gamma": c.h_gamma,
            "reading": consensus_reading(Lang::En, c.s_star),
        },
        "differences": differences,
    })
}

/// AIJ: every matrix of the aggregate model (the seat-weighted geometric
/// means) with its items, λmax and CR: `[{"site", "items", "matrix",
/// "lambda_max", "cr"}]`, the goal first, then the criteria depth first.
/// Empty for AIP, which has no matrices of its own.
fn aggregate_matrices_json(analysis: &GroupAnalysis) -> Vec<Value> {
    let Some(evaluation) = &analysis.aggregate.evaluation else {
        return Vec::new();
    };
    let entry = |site: vagval_core::model::Site,
                 items: &[String],
                 a: &vagval_core::analysis::MatrixAnalysis| {
        json!({
            "site": site_key(&site),
            "items": items,
            "matrix": a.matrix,
            "lambda_max": a.lambda_max,
            "cr": a.cr,
        })
    };
    let mut out = Vec::new();
    if let Some(a) = &evaluation.goal_weights.analysis {
        out.push(entry(
            vagval_core::model::Site::Goal,
            &evaluation.goal_weights.items,
            a,
        ));
    }
    let alternatives: Vec<String> = evaluation
        .alternatives
        .iter()
        .map(|a| a.id.clone())
        .collect();
    for c in &evaluation.criteria {
        if let Some(w) = &c.weights
            && let Some(a) = &w.analysis
        {
            out.push(entry(
                vagval_core::model::Site::Weights(c.id.clone()),
                &w.items,
                a,
            ));
        }
        if let Some(leaf) = &c.leaf
            && let Some(a) = &leaf.analysis
        {
            out.push(entry(
                vagval_core::model::Site::Assessment(c.id.clone()),
                &alternatives,
                a,
            ));
        }
    }
    out
}

/// One row per alternative, by the aggregate's rank: `id,name`, each group's
/// score (headed by the group's id), `aggregate_score,aggregate_rank`.
fn groups_csv(lang: Lang, analysis: &GroupAnalysis) -> Grid {
    let mut headers = vec!["id", lang.pick("name", "namn")];
    headers.extend(analysis.groups.iter().map(|g| g.id.as_str()));
    headers.extend([
        lang.pick("aggregate_score", "sammanvägd_poäng"),
        lang.pick("aggregate_rank", "sammanvägd_rang"),
    ]);
    // With a CR bound, the groups left out (ids, space-separated) in every
    // row, so that a CSV reader sees them; likewise the AIJ sets some
    // groups could not enter (`site=id id`).
    let (excluded, left_out) = exclusion_cells(&Exclusions::of(analysis));
    if excluded.is_some() {
        headers.push(excluded_header(lang));
    }
    if left_out.is_some() {
        headers.push(left_out_header(lang));
    }
    let mut grid = Grid::new(&headers);
    let aggregate = &analysis.aggregate;
    for k in aggregate_order(analysis) {
        let Some((id, name)) = aggregate.alternatives.get(k) else {
            continue;
        };
        let mut row = vec![id.clone(), name.clone()];
        row.extend(analysis.groups.iter().map(|g| {
            group_score(g, id)
                .map(|(score, _)| csv_number(lang, score))
                .unwrap_or_default()
        }));
        row.push(
            aggregate
                .scores
                .get(k)
                .map(|s| csv_number(lang, *s))
                .unwrap_or_default(),
        );
        row.push(
            aggregate
                .ranks
                .get(k)
                .map(ToString::to_string)
                .unwrap_or_default(),
        );
        row.extend(excluded.clone());
        row.extend(left_out.clone());
        grid.push(row);
    }
    grid
}
