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
            let render = |grid: Grid| {
                if markdown {
                    grid.markdown()
                } else {
                    grid.text()
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
                out.write_all(render(crossovers_grid(sweep)).as_bytes())?;
                writeln!(out)?;
                for sentence in &sentences {
                    writeln!(out, "{}{sentence}.", if markdown { "- " } else { "  " })?;
                }
            }
            heading(
                out,
                "Scores as the weight varies (chart data; --format csv gives every 0.01)",
            )?;
            out.write_all(render(points_grid(sweep, SHOWN_EVERY, false)).as_bytes())
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
            let render = |grid: &Grid| {
                if markdown {
                    grid.markdown()
                } else {
                    grid.text()
                }
            };
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
            out.write_all(render(&ranking).as_bytes())?;
            writeln!(
                out,
                "{}",
                if markdown {
                    "\n## Criteria weights\n"
                } else {
                    "\nCriteria weights"
                }
            )?;
            out.write_all(render(&weights).as_bytes())?;
            writeln!(out, "\nNo file was changed.")
        }
    }
}
