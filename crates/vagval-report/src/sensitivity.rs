//! Sensitivity results reported: a one-way sweep's crossovers in numbers and
//! in words a politician reads ("Demokrati must gain 12 percentage points
//! before stay-alone overtakes join-hit", or in Swedish "Demokrati måste öka
//! med 12,0 procentenheter … innan stay-alone går om join-hit"), with the
//! sweep as chart data.
//!
//! English keeps the exact text it always had (a plain space before `%`);
//! Swedish writes a decimal comma and a no-break space before `%` and units.
//! JSON keys and numbers never depend on the language; only the sentences
//! JSON carries (`text`) follow it.

use crate::render::{Grid, fixed3, full, write_json};
use crate::{Format, Lang};
use serde_json::json;
use std::io::{self, Write};
use vagval_core::sensitivity::one_way::{Crossover, OneWay, ranking_at};
use vagval_core::sensitivity::thresholds::WeightThreshold;

/// Chart rows shown in tables and Markdown (every tenth of the sweep); CSV
/// and JSON carry all points.
const SHOWN_EVERY: usize = 10;

/// `value` with `decimals` decimals as Rust writes it (so English stays
/// exactly as it was), with the language's decimal mark.
fn number(lang: Lang, value: f64, decimals: usize) -> String {
    lang.localise(&format!("{value:.decimals$}"))
}

/// The same with a sign always shown: `+13.5`, `-0.012` / `+13,5`.
fn signed(lang: Lang, value: f64, decimals: usize) -> String {
    lang.localise(&format!("{:+.decimals$}", no_minus_zero(value, decimals)))
}

/// `value`, or 0 where it rounds to zero at `decimals` decimals, so that a
/// tie never reads "-0.0".
fn no_minus_zero(value: f64, decimals: usize) -> f64 {
    let scale = 10f64.powi(decimals.min(12) as i32);
    if (value * scale).round() == 0.0 {
        0.0
    } else {
        value
    }
}

/// Alternatives best first, `>` between them, `=` between tied ones (the
/// same rank by core's tolerance): `a = b > c`.
fn ranking_text(names: &[String], scores: &[f64]) -> String {
    let ranks = vagval_core::synthesis::ranks(scores);
    let mut text = String::new();
    for (k, name) in names.iter().enumerate() {
        if k > 0 {
            let tied = ranks.get(k) == ranks.get(k - 1);
            text.push_str(if tied { " = " } else { " > " });
        }
        text.push_str(name);
    }
    text
}

/// A share as percent with one decimal: `12.0 %` in English (plain space,
/// as before), `12,0 %` with a no-break space in Swedish.
fn percent(lang: Lang, share: f64) -> String {
    match lang {
        Lang::En => format!("{:.1} %", share * 100.0),
        Lang::Sv => lang.percent(share),
    }
}

/// A value already in percent, signed: `+13.5 %` / `+13,5 %`.
fn signed_percent(lang: Lang, value: f64) -> String {
    match lang {
        Lang::En => format!("{:+.1} %", no_minus_zero(value, 1)),
        Lang::Sv => format!("{}\u{a0}%", signed(lang, value, 1)),
    }
}

/// A share as percentage points: `51.8 percentage points` (plain space, as
/// before) / `51,8 procentenheter`.
fn points(lang: Lang, share: f64) -> String {
    match lang {
        Lang::En => format!("{:.1} percentage points", share * 100.0),
        Lang::Sv => lang.points(share),
    }
}

/// "must gain" / "must lose" in the language.
fn must(lang: Lang, gain: bool) -> &'static str {
    match (lang, gain) {
        (Lang::En, true) => "must gain",
        (Lang::En, false) => "must lose",
        (Lang::Sv, true) => "måste öka med",
        (Lang::Sv, false) => "måste minska med",
    }
}

/// A heading of a table/Markdown report: `## text` or a plain line.
fn heading(out: &mut dyn Write, markdown: bool, text: &str) -> io::Result<()> {
    if markdown {
        writeln!(out, "\n## {text}\n")
    } else {
        writeln!(out, "\n{text}")
    }
}

/// What `sensitivity one-way` says of a sweep that changes nothing (the
/// report says the same).
pub(crate) fn no_crossover_sentence(lang: Lang) -> &'static str {
    lang.pick(
        "Nowhere: no weight between 0 and 1 changes the ranking.",
        "Ingenstans: ingen vikt mellan 0 och 1 ändrar rangordningen.",
    )
}

/// A crossover in words: how many percentage points the criterion must gain
/// or lose (of its local weight) before one alternative overtakes another.
pub fn crossover_sentence(
    lang: Lang,
    sweep: &OneWay,
    crossover: &Crossover,
    name_of: &dyn Fn(&str) -> String,
) -> String {
    let (gain, winner, loser) = if crossover.change > 0.0 {
        (true, &crossover.ahead_above, &crossover.ahead_below)
    } else {
        (false, &crossover.ahead_below, &crossover.ahead_above)
    };
    format!(
        "{} {} {} ({} {} {} {} {}) {} {} {} {}",
        sweep.name,
        must(lang, gain),
        points(lang, crossover.change.abs()),
        lang.pick("from", "från"),
        percent(lang, sweep.current_weight),
        lang.pick("to", "till"),
        percent(lang, crossover.weight),
        lang.pick(
            "of its siblings' weight",
            "av syskonkriteriernas sammanlagda vikt"
        ),
        lang.pick("before", "innan"),
        name_of(winner),
        lang.pick("overtakes", "går om"),
        name_of(loser)
    )
}

fn crossovers_grid(lang: Lang, sweep: &OneWay) -> Grid {
    let mut grid = Grid::new(&[
        lang.pick("local weight", "lokal vikt"),
        lang.pick("global weight", "global vikt"),
        lang.pick("change", "ändring"),
        lang.pick("ahead above", "leder vid högre vikt"),
        lang.pick("ahead below", "leder vid lägre vikt"),
    ])
    .numeric(&[0, 1, 2]);
    for c in &sweep.crossovers {
        grid.push(vec![
            fixed3(lang, c.weight),
            fixed3(lang, c.global_weight),
            signed(lang, c.change, 3),
            c.ahead_above.clone(),
            c.ahead_below.clone(),
        ]);
    }
    grid
}

fn points_grid(lang: Lang, sweep: &OneWay, every: usize, precise: bool) -> Grid {
    let mut headers = vec![lang.pick("weight", "vikt")];
    headers.extend(sweep.alternatives.iter().map(String::as_str));
    let numeric: Vec<usize> = (0..headers.len()).collect();
    let mut grid = Grid::new(&headers).numeric(&numeric);
    let number = |x: f64| {
        if precise {
            full(lang, x)
        } else {
            fixed3(lang, x)
        }
    };
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
    lang: Lang,
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
        .map(|c| crossover_sentence(lang, sweep, c, &name_of))
        .collect();
    let ideal = sweep.mode == vagval_core::settings::SynthesisMode::Ideal;
    match format {
        Format::Svg | Format::Html => Err(crate::document::not_converted(format)),
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
                "mode": sweep.mode.name(),
                // In ideal mode the lines are not `evaluate`'s scores: say so.
                "lines_as_evaluate": !ideal,
                "lines_note": if ideal {
                    "at_zero and at_one are unrescaled scores (the sum of global weight × ideal local priority), linear in the weight; evaluate and points divide them by their sum at each weight, which moves no crossover"
                } else {
                    "at_zero and at_one are the scores evaluate gives at local weights 0 and 1 (they sum to 1)"
                },
                "lines": sweep.alternatives.iter().enumerate().map(|(a, id)| json!({
                    "id": id, "at_zero": sweep.at_zero[a], "at_one": sweep.at_one[a],
                })).collect::<Vec<_>>(),
                "points": sweep.points.iter().map(|(t, s)| json!({"weight": t, "scores": s})).collect::<Vec<_>>(),
            });
            write_json(out, &value)
        }
        Format::Csv => out.write_all(points_grid(lang, sweep, 1, true).csv(lang).as_bytes()),
        Format::Table | Format::Markdown => {
            let markdown = format == Format::Markdown;
            let title = lang.pick("One-way sensitivity", "Känslighetsanalys av en vikt");
            if markdown {
                writeln!(out, "# {title}: {} ({})\n", sweep.name, sweep.criterion)?;
            } else {
                writeln!(out, "{title}: {} ({})", sweep.name, sweep.criterion)?;
            }
            if let Some(view) = view {
                writeln!(out, "{}: {view}", lang.pick("View", "Perspektiv"))?;
            }
            writeln!(
                out,
                "{}: {} {} ({} {}); {}",
                lang.pick("Current weight", "Nuvarande vikt"),
                number(lang, sweep.current_weight, 3),
                lang.pick("among its siblings", "bland syskonkriterierna"),
                number(lang, sweep.current_global_weight, 3),
                lang.pick("of the whole", "av helheten"),
                lang.pick(
                    "the siblings keep their ratios.",
                    "syskonkriterierna behåller sina inbördes proportioner."
                )
            )?;
            writeln!(out, "{}: {}", lang.pick("Ranking now", "Rangordning nu"), {
                let order = ranking_at(sweep, sweep.current_weight);
                let scores: Vec<f64> = order
                    .iter()
                    .filter_map(|id| sweep.alternatives.iter().position(|a| a == id))
                    .map(|a| {
                        sweep.at_zero[a]
                            + sweep.current_weight * (sweep.at_one[a] - sweep.at_zero[a])
                    })
                    .collect();
                ranking_text(&order, &scores)
            })?;
            heading(
                out,
                markdown,
                lang.pick("Where the ranking changes", "Där rangordningen ändras"),
            )?;
            if sweep.crossovers.is_empty() {
                writeln!(out, "{}", no_crossover_sentence(lang))?;
            } else {
                out.write_all(crossovers_grid(lang, sweep).layout(markdown).as_bytes())?;
                writeln!(out)?;
                for sentence in &sentences {
                    writeln!(out, "{}{sentence}.", if markdown { "- " } else { "  " })?;
                }
            }
            heading(
                out,
                markdown,
                lang.pick(
                    "Scores as the weight varies (chart data; --format csv gives every 0.01)",
                    "Poäng när vikten varierar (diagramdata; --format csv ger varje 0,01)",
                ),
            )?;
            out.write_all(
                points_grid(lang, sweep, SHOWN_EVERY, false)
                    .layout(markdown)
                    .as_bytes(),
            )
        }
    }
}

/// A weight threshold in words, on the normalised scale (the other weights
/// rescaled in proportion): "Demokrati must gain 12.0 percentage points (from
/// 5.9 % to 17.9 % of the total weight) before stay-alone overtakes join-hit"
/// ("Demokrati måste öka med 12,0 procentenheter (från 5,9 % till 17,9 % av
/// den totala vikten) innan stay-alone går om join-hit").
pub fn threshold_sentence(
    lang: Lang,
    w: &WeightThreshold,
    weight: f64,
    criterion_name: &str,
    name_of: &dyn Fn(&str) -> String,
) -> Option<String> {
    let tie = w.tie_weight?;
    let change = tie - weight;
    Some(format!(
        "{criterion_name} {} {} ({} {} {} {} {}) {} {} {} {}",
        must(lang, change * 100.0 >= 0.0),
        points(lang, change.abs()),
        lang.pick("from", "från"),
        percent(lang, weight),
        lang.pick("to", "till"),
        percent(lang, tie),
        lang.pick("of the total weight", "av den totala vikten"),
        lang.pick("before", "innan"),
        name_of(&w.behind),
        lang.pick("overtakes", "går om"),
        name_of(&w.ahead)
    ))
}

/// "No change of the weight of Demokrati reverses stay-alone and join-hit"
/// ("Ingen ändring av vikten för Demokrati vänder på …"): a pair no change
/// of one weight can reverse (they differ only on this criterion, or only a
/// negative weight would do).
pub fn no_reversal_sentence(
    lang: Lang,
    w: &WeightThreshold,
    criterion_name: &str,
    name_of: &dyn Fn(&str) -> String,
) -> String {
    let (ahead, behind) = (name_of(&w.ahead), name_of(&w.behind));
    match lang {
        Lang::En => {
            format!("No change of the weight of {criterion_name} reverses {ahead} and {behind}")
        }
        Lang::Sv => {
            format!("Ingen ändring av vikten för {criterion_name} vänder på {ahead} och {behind}")
        }
    }
}

/// A JSON array written element by element as serde asks for it, so that a
/// long list is never held in memory.
struct Streamed<I>(std::cell::RefCell<Option<I>>);

impl<I: Iterator<Item = serde_json::Value>> serde::Serialize for Streamed<I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let items = self.0.borrow_mut().take();
        serializer.collect_seq(items.into_iter().flatten())
    }
}

fn streamed<I: Iterator<Item = serde_json::Value>>(items: I) -> Streamed<I> {
    Streamed(std::cell::RefCell::new(Some(items)))
}

/// `vagval sensitivity thresholds`: the critical criteria and performance
/// measures (Triantaphyllou & Sánchez 1997) in numbers and words. The
/// complete lists (JSON, CSV) are computed and written one entry at a time.
pub fn write_thresholds(
    out: &mut dyn Write,
    t: &vagval_core::sensitivity::thresholds::Thresholds,
    view: Option<&str>,
    criterion_names: &[(String, String)],
    alternative_names: &[(String, String)],
    format: Format,
    lang: Lang,
) -> io::Result<()> {
    use vagval_core::sensitivity::thresholds::PerformanceThreshold;
    use vagval_core::settings::SynthesisMode;
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
    // The sentence for a pair: the change in words, or that none reverses it.
    let sentence = |w: &WeightThreshold| {
        let name = lookup(criterion_names, &w.criterion);
        if w.reversible() {
            threshold_sentence(lang, w, weight_of(&w.criterion), &name, &alt)
        } else {
            Some(no_reversal_sentence(lang, w, &name, &alt))
        }
    };
    let opt = |x: Option<f64>| {
        x.map(|v| fixed3(lang, v))
            .unwrap_or_else(|| lang.pick("N/F", "ej möjlig").to_string())
    };
    let ideal = t.mode == SynthesisMode::Ideal;
    let performance_words = |p: &PerformanceThreshold| -> String {
        let alternative = alt(&p.alternative);
        let criterion = lookup(criterion_names, &p.criterion);
        let other = alt(&p.other);
        let (Some(relative), Some(absolute)) = (p.relative_percent, p.absolute) else {
            return match lang {
                Lang::En => format!(
                    "{alternative} on {criterion}: no change of its local priority reverses it and {other}"
                ),
                Lang::Sv => format!(
                    "{alternative} på {criterion}: ingen ändring av alternativets lokala prioritet vänder på det och {other}"
                ),
            };
        };
        let change = signed_percent(lang, -relative);
        let absolute = signed(lang, -absolute, 3);
        match (lang, ideal) {
            (Lang::En, false) => format!(
                "{alternative} on {criterion}: a change of {change} of its local priority ({absolute}) makes it tie with {other} (priorities renormalised)"
            ),
            (Lang::En, true) => format!(
                "{alternative} on {criterion}: a change of {change} of its local priority ({absolute}) makes it tie with {other} (priorities divided by their largest again, as ideal mode does)"
            ),
            (Lang::Sv, false) => format!(
                "{alternative} på {criterion}: en ändring med {change} av alternativets lokala prioritet ({absolute}) ger likaläge med {other} (prioriteterna normaliseras om)"
            ),
            (Lang::Sv, true) => format!(
                "{alternative} på {criterion}: en ändring med {change} av alternativets lokala prioritet ({absolute}) ger likaläge med {other} (prioriteterna delas åter med den största, som i idealläget)"
            ),
        }
    };
    let weight_json = |w: &WeightThreshold| {
        json!({
            "criterion": w.criterion, "ahead": w.ahead, "behind": w.behind,
            "reversible": w.reversible(),
            "absolute": w.absolute, "relative_percent": w.relative_percent, "tie_weight": w.tie_weight,
            "text": sentence(w),
        })
    };
    let performance_json = |p: &PerformanceThreshold| {
        json!({
            "alternative": p.alternative, "criterion": p.criterion, "other": p.other,
            "reversible": p.reversible(),
            "absolute": p.absolute, "relative_percent": p.relative_percent,
            // The names earlier versions used; the same values.
            "renormalised_absolute": p.absolute,
            "renormalised_relative_percent": p.relative_percent,
        })
    };
    let critical_criteria = [
        (
            lang.pick(
                "Top (the winner overtaken)",
                "Kritiskt kriterium för förstaplatsen (PT: vinnaren blir omkörd)",
            ),
            t.percent_top.as_ref(),
            false,
        ),
        (
            lang.pick(
                "Any change of the ranking",
                "Kritiskt kriterium för någon plats (PA: varje ändring av rangordningen)",
            ),
            t.percent_any.as_ref(),
            false,
        ),
        (
            lang.pick(
                "Top, smallest absolute change (AT)",
                "Kritiskt kriterium för förstaplatsen, minsta absoluta ändring (AT)",
            ),
            t.absolute_top.as_ref(),
            true,
        ),
        (
            lang.pick(
                "Any change, smallest absolute change (AA)",
                "Kritiskt kriterium för någon plats, minsta absoluta ändring (AA)",
            ),
            t.absolute_any.as_ref(),
            true,
        ),
    ];
    match format {
        Format::Svg | Format::Html => Err(crate::document::not_converted(format)),
        Format::Json => {
            type Values<'a> = Box<dyn Iterator<Item = serde_json::Value> + 'a>;
            #[derive(serde::Serialize)]
            struct Document<'a> {
                view: Option<&'a str>,
                method: &'static str,
                mode: &'static str,
                criteria: &'a [String],
                weights: &'a [f64],
                alternatives: &'a [String],
                /// As `evaluate` gives them (ideal mode: rescaled to sum 1).
                scores: &'a [f64],
                percent_top: Option<serde_json::Value>,
                percent_any: Option<serde_json::Value>,
                absolute_top: Option<serde_json::Value>,
                absolute_any: Option<serde_json::Value>,
                criticality_percent: Vec<serde_json::Value>,
                weight_changes: Streamed<Values<'a>>,
                performance_changes: Streamed<Values<'a>>,
                critical_performance: Option<serde_json::Value>,
            }
            let document = Document {
                view,
                method: "Triantaphyllou & Sánchez (1997), on the leaf criteria's global weights",
                mode: t.mode.name(),
                criteria: &t.criteria,
                weights: &t.weights,
                alternatives: &t.alternatives,
                scores: &t.scores,
                percent_top: t.percent_top.as_ref().map(weight_json),
                percent_any: t.percent_any.as_ref().map(weight_json),
                absolute_top: t.absolute_top.as_ref().map(weight_json),
                absolute_any: t.absolute_any.as_ref().map(weight_json),
                criticality_percent: t
                    .criteria
                    .iter()
                    .zip(&t.criticality_percent)
                    .map(|(c, d)| json!({"criterion": c, "degree": d}))
                    .collect(),
                weight_changes: streamed(Box::new(t.weight_changes().map(|w| weight_json(&w)))),
                performance_changes: streamed(Box::new(
                    t.performance_changes().map(|p| performance_json(&p)),
                )),
                critical_performance: t.critical_performance.as_ref().map(|p| {
                    let mut value = performance_json(p);
                    value["text"] = json!(performance_words(p));
                    value
                }),
            };
            serde_json::to_writer_pretty(&mut *out, &document).map_err(io::Error::from)?;
            out.write_all(b"\n")
        }
        Format::Csv => {
            let headers: Vec<String> = [
                lang.pick("criterion", "kriterium"),
                lang.pick("ahead", "ligger_före"),
                lang.pick("behind", "ligger_efter"),
                lang.pick("absolute", "absolut"),
                lang.pick("relative_percent", "relativ_procent"),
                lang.pick("tie_weight", "vikt_vid_likaläge"),
                lang.pick("reversible", "vändbar"),
            ]
            .iter()
            .map(|h| h.to_string())
            .collect();
            out.write_all(crate::render::csv_row(&headers, lang).as_bytes())?;
            let cell = |x: Option<f64>| x.map(|v| full(lang, v)).unwrap_or_default();
            for w in t.weight_changes() {
                let row = [
                    w.criterion.clone(),
                    w.ahead.clone(),
                    w.behind.clone(),
                    cell(w.absolute),
                    cell(w.relative_percent),
                    cell(w.tie_weight),
                    match (lang, w.reversible()) {
                        (Lang::En, true) => "yes",
                        (Lang::En, false) => "no",
                        (Lang::Sv, true) => "ja",
                        (Lang::Sv, false) => "nej",
                    }
                    .to_string(),
                ];
                out.write_all(crate::render::csv_row(&row, lang).as_bytes())?;
            }
            Ok(())
        }
        Format::Table | Format::Markdown => {
            let markdown = format == Format::Markdown;
            let bullet = if markdown { "- " } else { "  " };
            if markdown {
                writeln!(
                    out,
                    "# {}\n",
                    lang.pick("Rank-reversal thresholds", "Trösklar för rangomkastning")
                )?;
            } else {
                writeln!(
                    out,
                    "{} (Triantaphyllou & Sánchez 1997)",
                    lang.pick("Rank-reversal thresholds", "Trösklar för rangomkastning")
                )?;
            }
            if let Some(view) = view {
                writeln!(out, "{}: {view}", lang.pick("View", "Perspektiv"))?;
            }
            writeln!(
                out,
                "{}: {}",
                lang.pick("Ranking", "Rangordning"),
                ranking_text(
                    &t.alternatives.iter().map(|a| alt(a)).collect::<Vec<_>>(),
                    &t.scores
                )
            )?;
            heading(
                out,
                markdown,
                lang.pick("The critical criteria", "De kritiska kriterierna"),
            )?;
            for (label, pick, absolute) in critical_criteria {
                match pick {
                    Some(w) => {
                        let size = if absolute {
                            format!("δ' = {}", signed(lang, w.absolute.unwrap_or(f64::NAN), 3))
                        } else {
                            format!(
                                "{} {}",
                                signed_percent(lang, w.relative_percent.unwrap_or(f64::NAN)),
                                lang.pick("of its weight", "av kriteriets vikt"),
                            )
                        };
                        writeln!(
                            out,
                            "{bullet}{label}: {} ({size}).{}",
                            lookup(criterion_names, &w.criterion),
                            // No sentence where the change has no tie on the
                            // rescaled weights (a lone criterion, for one).
                            sentence(w)
                                .map(|text| format!(" {text}."))
                                .unwrap_or_default()
                        )?
                    }
                    None => writeln!(
                        out,
                        "{bullet}{label}: {}",
                        lang.pick(
                            "no feasible change of one weight alters it.",
                            "ingen möjlig ändring av en enskild vikt påverkar detta."
                        )
                    )?,
                }
            }
            heading(
                out,
                markdown,
                lang.pick(
                    "Smallest weight changes that reverse a pair (feasible ones, smallest first)",
                    "Minsta viktändringar som vänder på ett par (möjliga ändringar, minsta först)",
                ),
            )?;
            let mut grid = Grid::new(&[
                lang.pick("criterion", "kriterium"),
                lang.pick("ahead", "ligger före"),
                lang.pick("behind", "ligger efter"),
                lang.pick("δ' (absolute)", "δ' (absolut)"),
                lang.pick("relative %", "relativ %"),
                lang.pick("weight at tie", "vikt vid likaläge"),
            ])
            .numeric(&[3, 4, 5]);
            for w in &t.smallest_weight_changes {
                grid.push(vec![
                    w.criterion.clone(),
                    w.ahead.clone(),
                    w.behind.clone(),
                    opt(w.absolute),
                    w.relative_percent
                        .map(|r| signed(lang, r, 1))
                        .unwrap_or_default(),
                    opt(w.tie_weight),
                ]);
            }
            if t.smallest_weight_changes.is_empty() {
                // No rows: a sentence, not a table with a header and nothing below.
                writeln!(
                    out,
                    "{}",
                    lang.pick(
                        "No change of one weight reverses any pair.",
                        "Ingen ändring av en enskild vikt vänder på något par."
                    )
                )?;
            } else {
                out.write_all(grid.layout(markdown).as_bytes())?;
            }
            let shown = t.smallest_weight_changes.len();
            if t.feasible_weight_changes > shown {
                writeln!(
                    out,
                    "{}",
                    match lang {
                        Lang::En => format!(
                            "… and {} more (--format json or csv lists all)",
                            t.feasible_weight_changes - shown
                        ),
                        Lang::Sv => format!(
                            "… och {} till (--format json eller csv listar alla)",
                            t.feasible_weight_changes - shown
                        ),
                    }
                )?;
            }
            heading(
                out,
                markdown,
                lang.pick("Critical performance measure", "Kritiskt prestationsmått"),
            )?;
            match &t.critical_performance {
                Some(p) => writeln!(out, "{bullet}{}.", performance_words(p)),
                None => writeln!(
                    out,
                    "{bullet}{}",
                    lang.pick(
                        "No single local priority can change the ranking.",
                        "Ingen enskild lokal prioritet kan ändra rangordningen."
                    )
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
    lang: Lang,
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
        vagval_core::sensitivity::smaa::WeightSampling::Simplex => lang
            .pick(
                "uniform on the simplex (no preference information)",
                "likformigt fördelade på simplexet (ingen preferensinformation)",
            )
            .to_string(),
        vagval_core::sensitivity::smaa::WeightSampling::PerturbJudgments { spread } => match lang {
            Lang::En => {
                format!(
                    "the pairwise judgments perturbed log-uniformly within a factor {spread} (direct weights stay as given)"
                )
            }
            Lang::Sv => format!(
                "de parvisa bedömningarna slumpvis ändrade (log-likformigt) inom en faktor {} (direkta vikter står kvar som de är)",
                lang.full(spread)
            ),
        },
    };
    let data_text = match result.data {
        vagval_core::sensitivity::smaa::DataSampling::Fixed => lang.pick(
            "data at their evaluation point",
            "data i sin utvärderingspunkt",
        ),
        vagval_core::sensitivity::smaa::DataSampling::Ranges => lang.pick(
            "data drawn within their low–high ranges",
            "data dragna inom sina intervall (lågt–högt)",
        ),
    };
    let mut acceptability = {
        let mut headers = vec!["id".to_string(), lang.pick("name", "namn").to_string()];
        headers.extend((1..=n).map(|r| format!("{} {r}", lang.pick("rank", "rang"))));
        headers.push(lang.pick("confidence", "konfidens").to_string());
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
                .map(|b| percent(lang, *b)),
        );
        row.push(
            result.confidence[a]
                .map(|p| percent(lang, p))
                .unwrap_or_else(|| "–".into()),
        );
        acceptability.push(row);
    }
    let mut central = {
        let mut headers = vec![lang.pick("criterion", "kriterium").to_string()];
        headers.extend(order.iter().map(|&a| result.alternatives[a].clone()));
        let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
        Grid::new(&refs).numeric(&(1..=n).collect::<Vec<_>>())
    };
    for (k, criterion) in result.criteria.iter().enumerate() {
        let mut row = vec![criterion.clone()];
        row.extend(order.iter().map(|&a| {
            result.central_weights[a]
                .as_ref()
                .map(|w| fixed3(lang, w[k]))
                .unwrap_or_else(|| "–".into())
        }));
        central.push(row);
    }
    match format {
        Format::Svg | Format::Html => Err(crate::document::not_converted(format)),
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
            headers.extend((1..=n).map(|r| format!("{}_{r}", lang.pick("rank", "rang"))));
            headers.push(lang.pick("confidence", "konfidens").to_string());
            let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
            let mut grid = Grid::new(&refs);
            for a in 0..n {
                let mut row = vec![result.alternatives[a].clone()];
                row.extend(result.rank_acceptability[a].iter().map(|b| full(lang, *b)));
                row.push(
                    result.confidence[a]
                        .map(|p| full(lang, p))
                        .unwrap_or_default(),
                );
                grid.push(row);
            }
            out.write_all(grid.csv(lang).as_bytes())
        }
        Format::Table | Format::Markdown => {
            let markdown = format == Format::Markdown;
            if markdown {
                writeln!(
                    out,
                    "# {} (SMAA-2)\n",
                    lang.pick("Monte Carlo", "Monte Carlo-simulering")
                )?;
            } else {
                writeln!(
                    out,
                    "{} (SMAA-2, Lahdelma & Salminen 2001)",
                    lang.pick("Monte Carlo", "Monte Carlo-simulering")
                )?;
            }
            if let Some(view) = view {
                writeln!(out, "{}: {view}", lang.pick("View", "Perspektiv"))?;
            }
            match lang {
                Lang::En => writeln!(
                    out,
                    "{} {}, seed {}: weights {weights_text}; {data_text}.",
                    result.samples,
                    if result.samples == 1 {
                        "sample"
                    } else {
                        "samples"
                    },
                    result.seed
                )?,
                Lang::Sv => writeln!(
                    out,
                    "{} {}, frö (seed) {}: vikter {weights_text}; {data_text}.",
                    crate::number::format_sv(rust_decimal::Decimal::from(result.samples)),
                    if result.samples == 1 {
                        "dragning"
                    } else {
                        "dragningar"
                    },
                    result.seed
                )?,
            }
            heading(
                out,
                markdown,
                if markdown {
                    lang.pick("Rank acceptability", "Rangacceptans")
                } else {
                    lang.pick(
                        "Rank acceptability (share of samples in which each alternative takes each rank)",
                        "Rangacceptans (andel av dragningarna där varje alternativ hamnar på varje rang)",
                    )
                },
            )?;
            out.write_all(acceptability.layout(markdown).as_bytes())?;
            heading(
                out,
                markdown,
                if markdown {
                    lang.pick("Central weight vectors", "Centrala viktvektorer")
                } else {
                    lang.pick(
                        "Central weight vectors (the typical weights that make each alternative win)",
                        "Centrala viktvektorer (de typiska vikter som får varje alternativ att vinna)",
                    )
                },
            )?;
            out.write_all(central.layout(markdown).as_bytes())
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn names() -> Vec<(String, String)> {
        vec![
            ("stay-alone".to_string(), "Behåll egen IT".to_string()),
            ("join-hit".to_string(), "Gå med i HIT".to_string()),
        ]
    }

    fn name_of(id: &str) -> String {
        names()
            .into_iter()
            .find(|(i, _)| i == id)
            .map(|(_, n)| n)
            .unwrap_or_else(|| id.to_string())
    }

    fn sweep() -> OneWay {
        let points = (0..=100)
            .map(|k| {
                let t = k as f64 / 100.0;
                (t, vec![0.3 + 0.4 * t, 0.7 - 0.4 * t])
            })
            .collect();
        OneWay {
            criterion: "democracy".to_string(),
            name: "Demokrati och insyn".to_string(),
            parent: None,
            current_weight: 0.12,
            current_global_weight: 0.12,
            parent_global_weight: 1.0,
            mode: vagval_core::settings::SynthesisMode::Distributive,
            alternatives: vec!["stay-alone".to_string(), "join-hit".to_string()],
            at_zero: vec![0.3, 0.7],
            at_one: vec![0.7, 0.3],
            crossovers: vec![Crossover {
                weight: 0.638,
                global_weight: 0.638,
                ahead_above: "stay-alone".to_string(),
                ahead_below: "join-hit".to_string(),
                change: 0.518,
                score: 0.5,
            }],
            points,
        }
    }

    fn threshold() -> WeightThreshold {
        WeightThreshold {
            criterion: "democracy".to_string(),
            ahead: "join-hit".to_string(),
            behind: "stay-alone".to_string(),
            absolute: Some(-0.15),
            relative_percent: Some(-250.0),
            tie_weight: Some(0.179),
        }
    }

    fn render(format: Format, lang: Lang) -> String {
        crate::to_string(|out| write_one_way(out, &sweep(), None, &names(), format, lang)).unwrap()
    }

    #[test]
    fn crossover_sentence_in_both_languages() {
        let s = sweep();
        let c = &s.crossovers[0];
        assert_eq!(
            crossover_sentence(Lang::En, &s, c, &name_of),
            "Demokrati och insyn must gain 51.8 percentage points (from 12.0 % to 63.8 % \
             of its siblings' weight) before Behåll egen IT overtakes Gå med i HIT"
        );
        assert_eq!(
            crossover_sentence(Lang::Sv, &s, c, &name_of),
            "Demokrati och insyn måste öka med 51,8\u{a0}procentenheter (från 12,0\u{a0}% \
             till 63,8\u{a0}% av syskonkriteriernas sammanlagda vikt) innan Behåll egen IT \
             går om Gå med i HIT"
        );
    }

    #[test]
    fn threshold_sentence_in_swedish() {
        let text =
            threshold_sentence(Lang::Sv, &threshold(), 0.059, "Demokrati", &name_of).unwrap();
        assert_eq!(
            text,
            "Demokrati måste öka med 12,0\u{a0}procentenheter (från 5,9\u{a0}% till \
             17,9\u{a0}% av den totala vikten) innan Behåll egen IT går om Gå med i HIT"
        );
        let english =
            threshold_sentence(Lang::En, &threshold(), 0.059, "Demokrati", &name_of).unwrap();
        assert_eq!(
            english,
            "Demokrati must gain 12.0 percentage points (from 5.9 % to 17.9 % of the total \
             weight) before Behåll egen IT overtakes Gå med i HIT"
        );
        let lose = threshold_sentence(Lang::Sv, &threshold(), 0.25, "Demokrati", &name_of).unwrap();
        assert!(lose.contains("måste minska med 7,1"), "{lose}");
    }

    #[test]
    fn no_reversal_is_said_as_such_in_both_languages() {
        let none = WeightThreshold {
            absolute: None,
            relative_percent: None,
            tie_weight: None,
            ..threshold()
        };
        assert!(!none.reversible());
        assert_eq!(
            no_reversal_sentence(Lang::En, &none, "Demokrati", &name_of),
            "No change of the weight of Demokrati reverses Gå med i HIT and Behåll egen IT"
        );
        assert_eq!(
            no_reversal_sentence(Lang::Sv, &none, "Demokrati", &name_of),
            "Ingen ändring av vikten för Demokrati vänder på Gå med i HIT och Behåll egen IT"
        );
    }

    #[test]
    fn one_way_table_and_markdown_in_swedish() {
        for format in [Format::Table, Format::Markdown] {
            let text = render(format, Lang::Sv);
            for word in [
                "Känslighetsanalys av en vikt",
                "Nuvarande vikt: 0,120",
                "Rangordning nu",
                "Där rangordningen ändras",
                "lokal vikt",
                "måste öka med 51,8",
                "går om",
                "Poäng när vikten varierar",
                "0,638",
                "+0,518",
            ] {
                assert!(text.contains(word), "{format:?}: `{word}` not in\n{text}");
            }
            for english in [
                "must gain",
                "overtakes",
                "Current weight",
                "Ranking",
                "weight",
            ] {
                assert!(
                    !text.contains(english),
                    "{format:?}: `{english}` in\n{text}"
                );
            }
        }
        let english = render(Format::Table, Lang::En);
        assert!(english.starts_with("One-way sensitivity: Demokrati och insyn (democracy)\n"));
        assert!(english.contains("  Demokrati och insyn must gain 51.8 percentage points"));
    }

    #[test]
    fn one_way_csv_in_swedish() {
        let csv = render(Format::Csv, Lang::Sv);
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("vikt;stay-alone;join-hit"));
        // `;` separates, so the decimal comma needs no quotes.
        assert_eq!(lines.next(), Some("0;0,3;0,7"));
        assert!(!csv.contains('.'), "{csv}");
        let english = render(Format::Csv, Lang::En);
        assert!(english.starts_with("weight,stay-alone,join-hit\n"));
    }

    #[test]
    fn json_is_the_same_in_both_languages_but_for_the_sentences() {
        let parse = |lang| {
            let mut value: serde_json::Value =
                serde_json::from_str(&render(Format::Json, lang)).unwrap();
            let text = value["crossovers"][0]["text"].take();
            (value, text.as_str().unwrap().to_string())
        };
        let (en, en_text) = parse(Lang::En);
        let (sv, sv_text) = parse(Lang::Sv);
        assert_eq!(en, sv);
        assert!(en_text.contains("overtakes"));
        assert!(sv_text.contains("går om") && !sv_text.contains("overtakes"));
    }
}
