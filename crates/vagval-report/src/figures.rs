//! Core results turned into chart data (`crate::chart`): the same numbers the
//! tables show, arranged for a picture. Each `*_figure` builds one chart;
//! `--format svg` and the HTML report both use them.

use crate::Lang;
use crate::chart::{
    self, Consistency, ConsistencyBar, GroupedBars, HeatMap, OneWayChart, RankAcceptability,
    Series, StackedBars, StackedPanel,
};
use crate::check::matrix_crs;
use crate::evaluation::{by_rank, top_level};
use vagval_core::Evaluation;
use vagval_core::consistency::CR_THRESHOLD;
use vagval_core::group::GroupResult;
use vagval_core::sensitivity::one_way::OneWay;
use vagval_core::sensitivity::smaa::SmaaResult;
use vagval_core::synthesis::CriterionResult;

fn leaves(evaluation: &Evaluation) -> Vec<&CriterionResult> {
    evaluation
        .criteria
        .iter()
        .filter(|c| c.leaf.is_some())
        .collect()
}

fn global_weight(evaluation: &Evaluation, id: &str) -> f64 {
    evaluation
        .criteria
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.global_weight)
        .unwrap_or(f64::NAN)
}

/// The top-level criteria's weights, one bar per view: `views` are (name,
/// evaluation) pairs, e.g. the workspace's own and each group's.
pub fn weights_figure(lang: Lang, views: &[(String, &Evaluation)]) -> GroupedBars {
    let categories_from = views.first().map(|(_, e)| top_level(e)).unwrap_or_default();
    GroupedBars {
        title: lang
            .pick(
                "Weights of the top-level criteria",
                "Huvudkriteriernas vikter",
            )
            .to_string(),
        categories: categories_from.iter().map(|c| c.name.clone()).collect(),
        series: views
            .iter()
            .map(|(name, evaluation)| Series {
                name: name.clone(),
                values: categories_from
                    .iter()
                    .map(|c| global_weight(evaluation, &c.id))
                    .collect(),
            })
            .collect(),
        value_axis: lang.pick("Weight", "Vikt").to_string(),
    }
}

/// Each alternative's score split by top-level criterion, one panel per
/// view; bars best first within each panel.
pub fn contributions_figure(lang: Lang, views: &[(String, &Evaluation)]) -> StackedBars {
    let segments_from = views.first().map(|(_, e)| top_level(e)).unwrap_or_default();
    let panels = views
        .iter()
        .map(|(title, evaluation)| {
            let criteria = top_level(evaluation);
            let ranked = by_rank(evaluation);
            let values = ranked
                .iter()
                .map(|a| {
                    let k = evaluation
                        .alternatives
                        .iter()
                        .position(|x| x.id == a.id)
                        .unwrap_or(usize::MAX);
                    segments_from
                        .iter()
                        .map(|s| {
                            criteria
                                .iter()
                                .find(|c| c.id == s.id)
                                .and_then(|c| c.contributions.get(k).copied())
                                .unwrap_or(f64::NAN)
                        })
                        .collect()
                })
                .collect();
            StackedPanel {
                title: title.clone(),
                bars: ranked.iter().map(|a| a.name.clone()).collect(),
                values,
            }
        })
        .collect();
    StackedBars {
        title: lang
            .pick("Scores split by criterion", "Poäng uppdelade per kriterium")
            .to_string(),
        segments: segments_from.iter().map(|c| c.name.clone()).collect(),
        panels,
        value_axis: lang.pick("Score", "Poäng").to_string(),
    }
}

/// The name of alternative `id` from (id, name) pairs, else the id.
pub(crate) fn name_in(names: &[(String, String)], id: &str) -> String {
    names
        .iter()
        .find(|(i, _)| i == id)
        .map(|(_, n)| n.clone())
        .unwrap_or_else(|| id.to_string())
}

/// A one-way sweep: each alternative's score (summing to 1) against the
/// criterion's local weight, the current weight and every crossover.
pub fn one_way_figure(lang: Lang, sweep: &OneWay, names: &[(String, String)]) -> OneWayChart {
    let lines: Vec<chart::Line> = sweep
        .alternatives
        .iter()
        .enumerate()
        .map(|(k, id)| chart::Line {
            name: name_in(names, id),
            points: sweep
                .points
                .iter()
                .map(|(t, scores)| (*t, scores.get(k).copied().unwrap_or(f64::NAN)))
                .collect(),
        })
        .collect();
    let crossovers = sweep
        .crossovers
        .iter()
        .map(|c| {
            let k = sweep
                .alternatives
                .iter()
                .position(|a| *a == c.ahead_above)
                .unwrap_or(0);
            chart::Crossover {
                weight: c.weight,
                score: interpolate(&sweep.points, k, c.weight),
                label: format!(
                    "{} = {}",
                    name_in(names, &c.ahead_above),
                    name_in(names, &c.ahead_below)
                ),
            }
        })
        .collect();
    OneWayChart {
        title: format!(
            "{}: {}",
            lang.pick("One-way sensitivity", "Känslighetsanalys av en vikt"),
            sweep.name
        ),
        x_axis: format!(
            "{} {}",
            lang.pick("Local weight of", "Lokal vikt för"),
            sweep.name
        ),
        y_axis: lang.pick("Score", "Poäng").to_string(),
        lines,
        current_weight: sweep.current_weight,
        crossovers,
    }
}

/// Alternative `k`'s score at weight `t`, read off the sweep's points by
/// straight lines between them (where the crossover mark is drawn).
fn interpolate(points: &[(f64, Vec<f64>)], k: usize, t: f64) -> f64 {
    let value = |i: usize| points[i].1.get(k).copied().unwrap_or(f64::NAN);
    for i in 1..points.len() {
        let (t0, t1) = (points[i - 1].0, points[i].0);
        if t >= t0 && t <= t1 {
            let share = if t1 > t0 { (t - t0) / (t1 - t0) } else { 0.0 };
            return value(i - 1) + share * (value(i) - value(i - 1));
        }
    }
    f64::NAN
}

/// SMAA rank acceptabilities, alternatives in the tables' order (most often
/// first first).
pub fn rank_figure(
    lang: Lang,
    result: &SmaaResult,
    names: &[(String, String)],
) -> RankAcceptability {
    let mut order: Vec<usize> = (0..result.alternatives.len()).collect();
    order.sort_by(|&a, &b| {
        let first = |k: usize| {
            result
                .rank_acceptability
                .get(k)
                .and_then(|r| r.first())
                .copied()
                .unwrap_or(0.0)
        };
        first(b).total_cmp(&first(a))
    });
    RankAcceptability {
        title: lang
            .pick(
                "Rank acceptability (Monte Carlo, SMAA-2)",
                "Rangacceptans (Monte Carlo, SMAA-2)",
            )
            .to_string(),
        alternatives: order
            .iter()
            .map(|&k| name_in(names, &result.alternatives[k]))
            .collect(),
        shares: order
            .iter()
            .map(|&k| {
                result
                    .rank_acceptability
                    .get(k)
                    .cloned()
                    .unwrap_or_default()
            })
            .collect(),
        rank_label: lang.pick("Rank", "Rang").to_string(),
    }
}

/// Leaf criteria (rows) × views (columns): global weights. Criteria run
/// down because their names are long and there are more of them; a view's
/// name wraps in its column head.
pub fn heat_map_figure(lang: Lang, views: &[(String, &Evaluation)]) -> HeatMap {
    let rows_from = views.first().map(|(_, e)| leaves(e)).unwrap_or_default();
    HeatMap {
        title: lang
            .pick(
                "Global weights by group and criterion",
                "Globala vikter per grupp och kriterium",
            )
            .to_string(),
        rows: rows_from.iter().map(|c| c.name.clone()).collect(),
        columns: views.iter().map(|(name, _)| name.clone()).collect(),
        values: rows_from
            .iter()
            .map(|c| views.iter().map(|(_, e)| global_weight(e, &c.id)).collect())
            .collect(),
    }
}

/// [`heat_map_figure`] with a last column given as global weights by
/// criterion id (`ids[k]` weighs `weights[k]`): the AIP aggregate's, which
/// has weights but no evaluation of its own.
pub fn heat_map_figure_with(
    lang: Lang,
    views: &[(String, &Evaluation)],
    label: String,
    ids: &[String],
    weights: &[f64],
) -> HeatMap {
    let mut map = heat_map_figure(lang, views);
    let rows = views.first().map(|(_, e)| leaves(e)).unwrap_or_default();
    map.columns.push(label);
    for (values, c) in map.values.iter_mut().zip(&rows) {
        let weight = ids
            .iter()
            .position(|id| *id == c.id)
            .and_then(|k| weights.get(k).copied());
        values.push(weight.unwrap_or(f64::NAN));
    }
    map
}

/// CR per matrix (the workspace's, then each group's own) against
/// Saaty's 0.10.
pub fn consistency_figure(
    lang: Lang,
    evaluation: &Evaluation,
    groups: &[GroupResult],
) -> Consistency {
    Consistency {
        title: lang
            .pick(
                "Consistency of each matrix (CR)",
                "Konsistens per matris (CR)",
            )
            .to_string(),
        bars: matrix_crs(lang, evaluation, groups)
            .into_iter()
            .map(|(label, cr)| ConsistencyBar {
                label,
                cr: Some(cr),
            })
            .collect(),
        threshold: CR_THRESHOLD,
    }
}

/// The views of a workspace with groups: the workspace's own weights (named
/// by its view) and each group's, named with seats.
pub fn group_views<'a>(
    lang: Lang,
    default: &'a Evaluation,
    view: Option<&str>,
    groups: &'a [GroupResult],
) -> Vec<(String, &'a Evaluation)> {
    let mut views = vec![(
        view.unwrap_or(lang.pick("workspace weights", "arbetsytans vikter"))
            .to_string(),
        default,
    )];
    views.extend(groups.iter().map(|g| (g.name.clone(), &g.evaluation)));
    views
}
