//! Sensitivity results reported: a one-way sweep's crossovers in numbers and
//! in words a politician reads ("Demokrati must gain 12 percentage points
//! before stay-alone overtakes join-hit"), with the sweep as chart data.

use crate::Format;
use crate::render::{Grid, fixed3, full, write_json};
use serde_json::json;
use std::io::{self, Write};
use vagval_core::sensitivity::one_way::{Crossover, OneWay, ranking_at};

/// Chart rows shown in tables and Markdown (every tenth of the sweep); CSV
/// and JSON carry all points.
const SHOWN_EVERY: usize = 10;

/// A crossover in words: how many percentage points the criterion must gain
/// or lose (of its local weight) before one alternative overtakes another.
pub fn crossover_sentence(
    sweep: &OneWay,
    crossover: &Crossover,
    name_of: &dyn Fn(&str) -> String,
) -> String {
    let points = (crossover.change * 100.0).abs();
    let (verb, winner, loser) = if crossover.change > 0.0 {
        ("gain", &crossover.ahead_above, &crossover.ahead_below)
    } else {
        ("lose", &crossover.ahead_below, &crossover.ahead_above)
    };
    format!(
        "{} must {verb} {points:.1} percentage points (from {:.1} % to {:.1} % of its siblings' weight) before {} overtakes {}",
        sweep.name,
        sweep.current_weight * 100.0,
        crossover.weight * 100.0,
        name_of(winner),
        name_of(loser)
    )
}

fn crossovers_grid(sweep: &OneWay) -> Grid {
    let mut grid = Grid::new(&[
        "local weight",
        "global weight",
        "change",
        "ahead above",
        "ahead below",
    ])
    .numeric(&[0, 1, 2]);
    for c in &sweep.crossovers {
        grid.push(vec![
            fixed3(c.weight),
            fixed3(c.global_weight),
            format!("{:+.3}", c.change),
            c.ahead_above.clone(),
            c.ahead_below.clone(),
        ]);
    }
    grid
}

fn points_grid(sweep: &OneWay, every: usize, precise: bool) -> Grid {
    let mut headers = vec!["weight"];
    headers.extend(sweep.alternatives.iter().map(String::as_str));
    let numeric: Vec<usize> = (0..headers.len()).collect();
    let mut grid = Grid::new(&headers).numeric(&numeric);
    let number = |x: f64| if precise { full(x) } else { fixed3(x) };
    for (k, (t, scores)) in sweep.points.iter().enumerate() {
        if k % every == 0 {
            let mut row = vec![number(*t)];
            row.extend(scores.iter().map(|s| number(*s)));
            grid.push(row);
        }
    }
    grid
}

/// `vagval sensitivity one-way`: the sweep of one criterion's weight.
/// `names` gives an alternative's name by id (for the sentences).
pub fn write_one_way(
    out: &mut dyn Write,
    sweep: &OneWay,
    view: Option<&str>,
    names: &[(String, String)],
    format: Format,
) -> io::Result<()> {
    let name_of = |id: &str| {
        names
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let sentences: Vec<String> = sweep
        .crossovers
        .iter()
        .map(|c| crossover_sentence(sweep, c, &name_of))
        .collect();
    match format {
        Format::Json => {
            let value = json!({
                "criterion": sweep.criterion,
                "name": sweep.name,
                "parent": sweep.parent,
                "view": view,
                "current_weight": sweep.current_weight,
                "current_global_weight": sweep.current_global_weight,
                "current_ranking": ranking_at(sweep, sweep.current_weight),
                "alternatives": sweep.alternatives,
                "crossovers": sweep.crossovers.iter().zip(&sentences).map(|(c, text)| json!({
                    "weight": c.weight,
                    "global_weight": c.global_weight,
                    "change": c.change,
                    "ahead_above": c.ahead_above,
                    "ahead_below": c.ahead_below,
                    "text": text,
                })).collect::<Vec<_>>(),
                "lines": sweep.alternatives.iter().enumerate().map(|(a, id)| json!({
                    "id": id, "at_zero": sweep.at_zero[a], "at_one": sweep.at_one[a],
                })).collect::<Vec<_>>(),
                "points": sweep.points.iter().map(|(t, s)| json!({"weight": t, "scores": s})).collect::<Vec<_>>(),
            });
            write_json(out, &value)
        }
        Format::Csv => out.write_all(points_grid(sweep, 1, true).csv().as_bytes()),
        Format::Table | Format::Markdown => {
            let markdown = format == Format::Markdown;
            let heading = |out: &mut dyn Write, text: &str| -> io::Result<()> {
                if markdown {
                    writeln!(out, "\n## {text}\n")
                } else {
                    writeln!(out, "\n{text}")
                }
            };
            if markdown {
                writeln!(
                    out,
                    "# One-way sensitivity: {} ({})\n",
                    sweep.name, sweep.criterion
                )?;
            } else {
                writeln!(
                    out,
                    "One-way sensitivity: {} ({})",
                    sweep.name, sweep.criterion
                )?;
            }
            if let Some(view) = view {
                writeln!(out, "View: {view}")?;
            }
            writeln!(
                out,
                "Current weight: {:.3} among its siblings ({:.3} of the whole); the siblings keep their ratios.",
                sweep.current_weight, sweep.current_global_weight
            )?;
            writeln!(
                out,
                "Ranking now: {}",
                ranking_at(sweep, sweep.current_weight).join(" > ")
            )?;
            heading(out, "Where the ranking changes")?;
            if sweep.crossovers.is_empty() {
                writeln!(
                    out,
                    "Nowhere: no weight between 0 and 1 changes the ranking."
                )?;
            } else {
                out.write_all(crossovers_grid(sweep).layout(markdown).as_bytes())?;
                writeln!(out)?;
                for sentence in &sentences {
                    writeln!(out, "{}{sentence}.", if markdown { "- " } else { "  " })?;
                }
            }
            heading(
                out,
                "Scores as the weight varies (chart data; --format csv gives every 0.01)",
            )?;
            out.write_all(
                points_grid(sweep, SHOWN_EVERY, false)
                    .layout(markdown)
                    .as_bytes(),
            )
        }
    }
}

/// `vagval evaluate --set-weight …/--set-judgment …`: the ranking and the
/// criteria weights with the changes beside the current ones.
pub fn write_what_if(
    out: &mut dyn Write,
    current: &vagval_core::Evaluation,
    changed: &vagval_core::Evaluation,
    changes: &[String],
    format: Format,
) -> io::Result<()> {
    let rank_of = |e: &vagval_core::Evaluation, id: &str| {
        e.alternatives
            .iter()
            .find(|a| a.id == id)
            .map(|a| (a.rank, a.score))
    };
    let mut ranking = Grid::new(&["id", "name", "rank now", "score now", "rank if", "score if"])
        .numeric(&[2, 3, 4, 5]);
    let mut order: Vec<_> = changed.alternatives.iter().collect();
    order.sort_by_key(|a| a.rank);
    for a in &order {
        let (rank_now, score_now) = rank_of(current, &a.id).unwrap_or((0, f64::NAN));
        ranking.push(vec![
            a.id.clone(),
            a.name.clone(),
            rank_now.to_string(),
            fixed3(score_now),
            a.rank.to_string(),
            fixed3(a.score),
        ]);
    }
    let mut weights = Grid::new(&["id", "criterion", "global now", "global if"]).numeric(&[2, 3]);
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
            fixed3(now),
            fixed3(c.global_weight),
        ]);
    }
    match format {
        Format::Json => {
            let alternatives: Vec<_> = order
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
            write_json(
                out,
                &json!({"changes": changes, "alternatives": alternatives, "criteria": criteria}),
            )
        }
        Format::Csv => out.write_all(ranking.csv().as_bytes()),
        Format::Table | Format::Markdown => {
            let markdown = format == Format::Markdown;
            if markdown {
                writeln!(out, "# What if\n")?;
            } else {
                writeln!(out, "What if")?;
            }
            for change in changes {
                writeln!(out, "{}{change}", if markdown { "- " } else { "  " })?;
            }
            writeln!(
                out,
                "{}",
                if markdown {
                    "\n## Ranking\n"
                } else {
                    "\nRanking"
                }
            )?;
            out.write_all(ranking.layout(markdown).as_bytes())?;
            writeln!(
                out,
                "{}",
                if markdown {
                    "\n## Criteria weights\n"
                } else {
                    "\nCriteria weights"
                }
            )?;
            out.write_all(weights.layout(markdown).as_bytes())?;
            writeln!(out, "\nNo file was changed.")
        }
    }
}

/// A weight threshold in words, on the normalised scale (the other weights
/// rescaled in proportion): "Demokrati must gain 12.0 percentage points (from
/// 5.9 % to 17.9 % of the total weight) before stay-alone overtakes join-hit".
pub fn threshold_sentence(
    w: &vagval_core::sensitivity::thresholds::WeightThreshold,
    weight: f64,
    criterion_name: &str,
    name_of: &dyn Fn(&str) -> String,
) -> Option<String> {
    let tie = w.tie_weight?;
    let change = (tie - weight) * 100.0;
    let verb = if change >= 0.0 { "gain" } else { "lose" };
    Some(format!(
        "{criterion_name} must {verb} {:.1} percentage points (from {:.1} % to {:.1} % of the total weight) before {} overtakes {}",
        change.abs(),
        weight * 100.0,
        tie * 100.0,
        name_of(&w.behind),
        name_of(&w.ahead)
    ))
}

/// `vagval sensitivity thresholds`: the critical criteria and performance
/// measures (Triantaphyllou & Sánchez 1997) in numbers and words.
pub fn write_thresholds(
    out: &mut dyn Write,
    t: &vagval_core::sensitivity::thresholds::Thresholds,
    view: Option<&str>,
    criterion_names: &[(String, String)],
    alternative_names: &[(String, String)],
    format: Format,
) -> io::Result<()> {
    let lookup = |list: &[(String, String)], id: &str| {
        list.iter()
            .find(|(i, _)| i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let alt = |id: &str| lookup(alternative_names, id);
    let weight_of = |id: &str| {
        t.criteria
            .iter()
            .position(|c| c == id)
            .map(|k| t.weights[k])
            .unwrap_or(0.0)
    };
    let sentence = |w: &vagval_core::sensitivity::thresholds::WeightThreshold| {
        threshold_sentence(
            w,
            weight_of(&w.criterion),
            &lookup(criterion_names, &w.criterion),
            &alt,
        )
    };
    let mut feasible: Vec<_> = t
        .weight_changes
        .iter()
        .filter(|w| w.relative_percent.is_some())
        .collect();
    feasible.sort_by(|x, y| {
        let key = |w: &&vagval_core::sensitivity::thresholds::WeightThreshold| {
            w.relative_percent.map(f64::abs).unwrap_or(f64::INFINITY)
        };
        key(x).total_cmp(&key(y))
    });
    let opt = |x: Option<f64>| x.map(fixed3).unwrap_or_else(|| "N/F".to_string());
    match format {
        Format::Json => {
            let weight_changes: Vec<_> = t
                .weight_changes
                .iter()
                .map(|w| {
                    json!({
                        "criterion": w.criterion, "ahead": w.ahead, "behind": w.behind,
                        "absolute": w.absolute, "relative_percent": w.relative_percent, "tie_weight": w.tie_weight,
                        "text": sentence(w),
                    })
                })
                .collect();
            let pick = |index: Option<usize>| {
                index.and_then(|k| t.weight_changes.get(k)).map(|w| json!({
                "criterion": w.criterion, "ahead": w.ahead, "behind": w.behind, "absolute": w.absolute,
                "relative_percent": w.relative_percent, "text": sentence(w),
            }))
            };
            let critical = t
                .critical_performance
                .and_then(|k| t.performance_changes.get(k));
            write_json(
                out,
                &json!({
                    "view": view,
                    "method": "Triantaphyllou & Sánchez (1997), on the leaf criteria's global weights",
                    "criteria": t.criteria, "weights": t.weights,
                    "alternatives": t.alternatives, "scores": t.scores,
                    "percent_top": pick(t.percent_top),
                    "percent_any": pick(t.percent_any),
                    "criticality_percent": t.criteria.iter().zip(&t.criticality_percent).map(|(c, d)| json!({"criterion": c, "degree": d})).collect::<Vec<_>>(),
                    "weight_changes": weight_changes,
                    "performance_changes": t.performance_changes,
                    "critical_performance": critical,
                }),
            )
        }
        Format::Csv => {
            let mut grid = Grid::new(&[
                "criterion",
                "ahead",
                "behind",
                "absolute",
                "relative_percent",
                "tie_weight",
            ]);
            for w in &t.weight_changes {
                let cell = |x: Option<f64>| x.map(full).unwrap_or_default();
                grid.push(vec![
                    w.criterion.clone(),
                    w.ahead.clone(),
                    w.behind.clone(),
                    cell(w.absolute),
                    cell(w.relative_percent),
                    cell(w.tie_weight),
                ]);
            }
            out.write_all(grid.csv().as_bytes())
        }
        Format::Table | Format::Markdown => {
            let markdown = format == Format::Markdown;
            let heading = |out: &mut dyn Write, text: &str| -> io::Result<()> {
                if markdown {
                    writeln!(out, "\n## {text}\n")
                } else {
                    writeln!(out, "\n{text}")
                }
            };
            let bullet = if markdown { "- " } else { "  " };
            if markdown {
                writeln!(out, "# Rank-reversal thresholds\n")?;
            } else {
                writeln!(
                    out,
                    "Rank-reversal thresholds (Triantaphyllou & Sánchez 1997)"
                )?;
            }
            if let Some(view) = view {
                writeln!(out, "View: {view}")?;
            }
            writeln!(
                out,
                "Ranking: {}",
                t.alternatives
                    .iter()
                    .map(|a| alt(a))
                    .collect::<Vec<_>>()
                    .join(" > ")
            )?;
            heading(out, "The critical criteria")?;
            for (label, index) in [
                ("Top (the winner overtaken)", t.percent_top),
                ("Any change of the ranking", t.percent_any),
            ] {
                match index.and_then(|k| t.weight_changes.get(k)) {
                    Some(w) => writeln!(
                        out,
                        "{bullet}{label}: {} ({:+.1} % of its weight). {}.",
                        lookup(criterion_names, &w.criterion),
                        w.relative_percent.unwrap_or(f64::NAN),
                        sentence(w).unwrap_or_default()
                    )?,
                    None => writeln!(
                        out,
                        "{bullet}{label}: no feasible change of one weight alters it."
                    )?,
                }
            }
            heading(
                out,
                "Smallest weight changes that reverse a pair (feasible ones, smallest first)",
            )?;
            let mut grid = Grid::new(&[
                "criterion",
                "ahead",
                "behind",
                "δ' (absolute)",
                "relative %",
                "weight at tie",
            ])
            .numeric(&[3, 4, 5]);
            for w in feasible.iter().take(15) {
                grid.push(vec![
                    w.criterion.clone(),
                    w.ahead.clone(),
                    w.behind.clone(),
                    opt(w.absolute),
                    w.relative_percent
                        .map(|r| format!("{r:+.1}"))
                        .unwrap_or_default(),
                    opt(w.tie_weight),
                ]);
            }
            out.write_all(grid.layout(markdown).as_bytes())?;
            if feasible.len() > 15 {
                writeln!(
                    out,
                    "… and {} more (--format json or csv lists all)",
                    feasible.len() - 15
                )?;
            }
            heading(out, "Critical performance measure")?;
            match t
                .critical_performance
                .and_then(|k| t.performance_changes.get(k))
            {
                Some(p) => writeln!(
                    out,
                    "{bullet}{} on {}: a change of {:+.1} % of its local priority ({}) makes it tie with {} (priorities renormalised).",
                    alt(&p.alternative),
                    lookup(criterion_names, &p.criterion),
                    -p.renormalised_relative_percent.unwrap_or(f64::NAN),
                    opt(p.renormalised_absolute.map(|x| -x)),
                    alt(&p.other)
                ),
                None => writeln!(
                    out,
                    "{bullet}No single local priority can change the ranking."
                ),
            }
        }
    }
}

/// `vagval sensitivity monte-carlo`: SMAA-2 (Lahdelma & Salminen 2001) rank
/// acceptability indices, central weight vectors and confidence factors.
pub fn write_smaa(
    out: &mut dyn Write,
    result: &vagval_core::sensitivity::smaa::SmaaResult,
    view: Option<&str>,
    alternative_names: &[(String, String)],
    format: Format,
) -> io::Result<()> {
    let name_of = |id: &str| {
        alternative_names
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let n = result.alternatives.len();
    let weights_text = match result.weights {
        vagval_core::sensitivity::smaa::WeightSampling::Simplex => {
            "uniform on the simplex (no preference information)".to_string()
        }
        vagval_core::sensitivity::smaa::WeightSampling::PerturbJudgments { spread } => {
            format!("the pairwise judgments perturbed log-uniformly within a factor {spread}")
        }
    };
    let data_text = match result.data {
        vagval_core::sensitivity::smaa::DataSampling::Fixed => "data at their evaluation point",
        vagval_core::sensitivity::smaa::DataSampling::Ranges => {
            "data drawn within their low–high ranges"
        }
    };
    let mut acceptability = {
        let mut headers = vec!["id".to_string(), "name".to_string()];
        headers.extend((1..=n).map(|r| format!("rank {r}")));
        headers.push("confidence".to_string());
        let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
        Grid::new(&refs).numeric(&(2..n + 3).collect::<Vec<_>>())
    };
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        result.rank_acceptability[b][0].total_cmp(&result.rank_acceptability[a][0])
    });
    for &a in &order {
        let mut row = vec![
            result.alternatives[a].clone(),
            name_of(&result.alternatives[a]),
        ];
        row.extend(
            result.rank_acceptability[a]
                .iter()
                .map(|b| format!("{:.1} %", b * 100.0)),
        );
        row.push(
            result.confidence[a]
                .map(|p| format!("{:.1} %", p * 100.0))
                .unwrap_or_else(|| "–".into()),
        );
        acceptability.push(row);
    }
    let mut central = {
        let mut headers = vec!["criterion".to_string()];
        headers.extend(order.iter().map(|&a| result.alternatives[a].clone()));
        let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
        Grid::new(&refs).numeric(&(1..=n).collect::<Vec<_>>())
    };
    for (k, criterion) in result.criteria.iter().enumerate() {
        let mut row = vec![criterion.clone()];
        row.extend(order.iter().map(|&a| {
            result.central_weights[a]
                .as_ref()
                .map(|w| fixed3(w[k]))
                .unwrap_or_else(|| "–".into())
        }));
        central.push(row);
    }
    match format {
        Format::Json => write_json(
            out,
            &json!({
                "method": "SMAA-2 (Lahdelma & Salminen 2001)",
                "view": view,
                "samples": result.samples,
                "seed": result.seed,
                "weights": result.weights,
                "data": result.data,
                "settings": {
                    "method": result.settings.method.name(), "ri_table": result.settings.ri.name(),
                    "mode": result.settings.mode.name(), "completion": result.settings.completion.name(),
                    "range_point": result.settings.range_point.name(),
                },
                "criteria": result.criteria,
                "alternatives": (0..n).map(|a| json!({
                    "id": result.alternatives[a],
                    "name": name_of(&result.alternatives[a]),
                    "rank_acceptability": result.rank_acceptability[a],
                    "rank_counts": result.rank_counts[a],
                    "central_weights": result.central_weights[a],
                    "confidence": result.confidence[a],
                })).collect::<Vec<_>>(),
                "confidence_sampled": result.confidence_sampled,
            }),
        ),
        Format::Csv => {
            let mut headers = vec!["id".to_string()];
            headers.extend((1..=n).map(|r| format!("rank_{r}")));
            headers.push("confidence".to_string());
            let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
            let mut grid = Grid::new(&refs);
            for a in 0..n {
                let mut row = vec![result.alternatives[a].clone()];
                row.extend(result.rank_acceptability[a].iter().map(|b| full(*b)));
                row.push(result.confidence[a].map(full).unwrap_or_default());
                grid.push(row);
            }
            out.write_all(grid.csv().as_bytes())
        }
        Format::Table | Format::Markdown => {
            let markdown = format == Format::Markdown;
            if markdown {
                writeln!(out, "# Monte Carlo (SMAA-2)\n")?;
            } else {
                writeln!(out, "Monte Carlo (SMAA-2, Lahdelma & Salminen 2001)")?;
            }
            if let Some(view) = view {
                writeln!(out, "View: {view}")?;
            }
            writeln!(
                out,
                "{} samples, seed {}: weights {weights_text}; {data_text}.",
                result.samples, result.seed
            )?;
            writeln!(
                out,
                "{}",
                if markdown {
                    "\n## Rank acceptability\n"
                } else {
                    "\nRank acceptability (share of samples in which each alternative takes each rank)"
                }
            )?;
            out.write_all(acceptability.layout(markdown).as_bytes())?;
            writeln!(
                out,
                "{}",
                if markdown {
                    "\n## Central weight vectors\n"
                } else {
                    "\nCentral weight vectors (the typical weights that make each alternative win)"
                }
            )?;
            out.write_all(central.layout(markdown).as_bytes())
        }
    }
}
