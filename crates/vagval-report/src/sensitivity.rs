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

use crate::Exclusions;
use crate::chart::Chart;
use crate::document::{Block, Document, Figure, unsupported};
use crate::figures::{name_in, one_way_figure, rank_figure};
use crate::groups::exclusions_json;
use crate::render::{Grid, csv_number, csv_row, fixed3};
use crate::{Format, Lang};
use serde_json::{Value, json};
use std::io::{self, Write};
use vagval_core::sensitivity::one_way::{Crossover, OneWay, ranking_at};
use vagval_core::sensitivity::smaa::{DataSampling, SmaaResult, WeightSampling};
use vagval_core::sensitivity::thresholds::{PerformanceThreshold, Thresholds, WeightThreshold};
use vagval_core::settings::SynthesisMode;

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

/// A change in words, from the change in percent of the value it changes
/// (positive: a rise): "must rise by 8.7 %", "must fall by 16.8 %", "must
/// more than double (×6.3)", and for a fall of more than the whole value
/// "cannot happen". Never a sign that says the opposite of the words.
pub(crate) fn change_words(lang: Lang, change: f64) -> String {
    let shown = |v: f64| match lang {
        Lang::En => format!("{:.1} %", v),
        Lang::Sv => format!("{}\u{a0}%", lang.fixed(v, 1)),
    };
    // Rounds to zero: a tie already (and never "-0.0 %").
    if change.abs() < 0.05 {
        return lang
            .pick(
                "needs no change (a tie already)",
                "behöver ingen ändring (redan likaläge)",
            )
            .to_string();
    }
    if change > 100.0 {
        let factor = 1.0 + change / 100.0;
        match lang {
            Lang::En => format!("must more than double (×{:.1})", factor),
            Lang::Sv => format!("måste mer än fördubblas (×{})", lang.fixed(factor, 1)),
        }
    } else if change >= 0.0 {
        match lang {
            Lang::En => format!("must rise by {}", shown(change)),
            Lang::Sv => format!("måste höjas med {}", shown(change)),
        }
    } else if change >= -100.0 {
        match lang {
            Lang::En => format!("must fall by {}", shown(-change)),
            Lang::Sv => format!("måste sänkas med {}", shown(-change)),
        }
    } else {
        lang.pick(
            "cannot happen (it would fall below zero)",
            "kan inte ske (det skulle bli negativt)",
        )
        .to_string()
    }
}

/// A weight threshold's change on the scale the sentences use (the other
/// weights rescaled to keep the sum 1): from the weight now to the weight
/// at the tie, in percent of the weight now. `None` without a tie.
fn normalised_change(w: &WeightThreshold, weight: f64) -> Option<f64> {
    let tie = w.tie_weight?;
    (weight > 0.0).then(|| (tie - weight) / weight * 100.0)
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
            csv_number(lang, x)
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

/// What the one-way chart's caption says (the report's too).
pub(crate) fn one_way_caption(lang: Lang) -> &'static str {
    lang.pick(
        "The dashed line is the weight now; each dot is a weight at which two alternatives change places.",
        "Den streckade linjen är vikten i dag; varje punkt är en vikt där två alternativ byter plats.",
    )
}

/// `vagval sensitivity one-way`: the sweep of one criterion's weight, its
/// crossovers in numbers and words, every tenth point as a table (CSV and
/// JSON carry all); its chart is the sweep. `names` gives an alternative's
/// name by id (for the sentences and the chart).
pub fn one_way_document(
    sweep: &OneWay,
    view: Option<&str>,
    names: &[(String, String)],
    lang: Lang,
) -> Document {
    let name_of = |id: &str| name_in(names, id);
    let sentences: Vec<String> = sweep
        .crossovers
        .iter()
        .map(|c| crossover_sentence(lang, sweep, c, &name_of))
        .collect();
    let mut doc = Document::new(lang)
        .with_json(one_way_json(sweep, view, &sentences))
        .with_csv(points_grid(lang, sweep, 1, true));
    doc.push(captioned(
        one_way_figure(lang, sweep, names),
        one_way_caption(lang),
    ));
    let title = lang.pick("One-way sensitivity", "Känslighetsanalys av en vikt");
    doc.push(Block::heading(
        1,
        format!("{title}: {} ({})", sweep.name, sweep.criterion),
    ));
    doc.push(Block::paragraph(one_way_summary(sweep, view, lang)));
    doc.push(Block::heading(
        2,
        lang.pick("Where the ranking changes", "Där rangordningen ändras"),
    ));
    if sweep.crossovers.is_empty() {
        doc.push(Block::paragraph(vec![
            no_crossover_sentence(lang).to_string(),
        ]));
    } else {
        doc.push(Block::Table(crossovers_grid(lang, sweep)));
        doc.push(Block::bullets(
            sentences.iter().map(|s| format!("{s}.")).collect(),
        ));
    }
    doc.push(Block::heading(
        2,
        lang.pick(
            "Scores as the weight varies (chart data; --format csv gives every 0.01)",
            "Poäng när vikten varierar (diagramdata; --format csv ger varje 0,01)",
        ),
    ));
    doc.push(Block::Table(points_grid(lang, sweep, SHOWN_EVERY, false)));
    doc
}

/// A chart with its caption (shown in HTML).
fn captioned(chart: impl Into<Chart>, caption: &str) -> Block {
    Block::Figure(Figure {
        chart: chart.into(),
        caption: Some(caption.to_string()),
    })
}

/// The lines under a sweep's title: the view, the weight now, the ranking now.
fn one_way_summary(sweep: &OneWay, view: Option<&str>, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(view) = view {
        lines.push(format!("{}: {view}", lang.pick("View", "Perspektiv")));
    }
    lines.push(format!(
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
    ));
    let order = ranking_at(sweep, sweep.current_weight);
    let scores: Vec<f64> = order
        .iter()
        .filter_map(|id| sweep.alternatives.iter().position(|a| a == id))
        .map(|a| sweep.at_zero[a] + sweep.current_weight * (sweep.at_one[a] - sweep.at_zero[a]))
        .collect();
    lines.push(format!(
        "{}: {}",
        lang.pick("Ranking now", "Rangordning nu"),
        ranking_text(&order, &scores)
    ));
    lines
}

/// What `sensitivity one-way --format json` prints.
fn one_way_json(sweep: &OneWay, view: Option<&str>, sentences: &[String]) -> Value {
    let ideal = sweep.mode == vagval_core::settings::SynthesisMode::Ideal;
    json!({
        "criterion": sweep.criterion,
        "name": sweep.name,
        "parent": sweep.parent,
        "view": view,
        "current_weight": sweep.current_weight,
        "current_global_weight": sweep.current_global_weight,
        "current_ranking": ranking_at(sweep, sweep.current_weight),
        "alternatives": sweep.alternatives,
        "crossovers": sweep.crossovers.iter().zip(sentences).map(|(c, text)| json!({
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
    })
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

/// The names and words a thresholds output needs: an alternative's and a
/// criterion's name by id, a pair's sentence, a performance measure in words.
struct ThresholdWords<'a> {
    t: &'a Thresholds,
    criterion_names: &'a [(String, String)],
    alternative_names: &'a [(String, String)],
    lang: Lang,
}

impl ThresholdWords<'_> {
    fn alternative(&self, id: &str) -> String {
        name_in(self.alternative_names, id)
    }

    fn criterion(&self, id: &str) -> String {
        name_in(self.criterion_names, id)
    }

    fn weight_of(&self, id: &str) -> f64 {
        let t = self.t;
        t.criteria
            .iter()
            .position(|c| c == id)
            .map(|k| t.weights[k])
            .unwrap_or(0.0)
    }

    /// The sentence for a pair: the change in words, or that none reverses it.
    fn sentence(&self, w: &WeightThreshold) -> Option<String> {
        let name = self.criterion(&w.criterion);
        let alt = |id: &str| self.alternative(id);
        if w.reversible() {
            threshold_sentence(self.lang, w, self.weight_of(&w.criterion), &name, &alt)
        } else {
            Some(no_reversal_sentence(self.lang, w, &name, &alt))
        }
    }

    /// The critical performance measure in words.
    fn performance(&self, p: &PerformanceThreshold) -> String {
        let lang = self.lang;
        let alternative = self.alternative(&p.alternative);
        let criterion = self.criterion(&p.criterion);
        let other = self.alternative(&p.other);
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
        // `relative` and `absolute` are what is subtracted: negative means
        // the priority must grow.
        let change = change_words(lang, -relative);
        let size = fixed3(lang, absolute.abs());
        match (lang, self.t.mode == SynthesisMode::Ideal) {
            (Lang::En, false) => format!(
                "{alternative} on {criterion}: its local priority {change} ({size}) to tie with {other} (priorities renormalised)"
            ),
            (Lang::En, true) => format!(
                "{alternative} on {criterion}: its local priority {change} ({size}) to tie with {other} (priorities divided by their largest again, as ideal mode does)"
            ),
            (Lang::Sv, false) => format!(
                "{alternative} på {criterion}: alternativets lokala prioritet {change} ({size}) för likaläge med {other} (prioriteterna normaliseras om)"
            ),
            (Lang::Sv, true) => format!(
                "{alternative} på {criterion}: alternativets lokala prioritet {change} ({size}) för likaläge med {other} (prioriteterna delas åter med den största, som i idealläget)"
            ),
        }
    }

    fn weight_json(&self, w: &WeightThreshold) -> Value {
        json!({
            "criterion": w.criterion, "ahead": w.ahead, "behind": w.behind,
            "reversible": w.reversible(),
            "absolute": w.absolute, "relative_percent": w.relative_percent, "tie_weight": w.tie_weight,
            "text": self.sentence(w),
        })
    }
}

fn performance_json(p: &PerformanceThreshold) -> Value {
    json!({
        "alternative": p.alternative, "criterion": p.criterion, "other": p.other,
        "reversible": p.reversible(),
        "absolute": p.absolute, "relative_percent": p.relative_percent,
        // The names earlier versions used; the same values.
        "renormalised_absolute": p.absolute,
        "renormalised_relative_percent": p.relative_percent,
    })
}

/// `vagval sensitivity thresholds`: the critical criteria and performance
/// measure (Triantaphyllou & Sánchez 1997) in numbers and words, and the
/// smallest weight changes that reverse a pair. It has no chart; its JSON
/// and CSV, the complete lists, are written one entry at a time by
/// [`write_threshold_lists`] rather than held in a document.
pub fn thresholds_document(
    t: &Thresholds,
    view: Option<&str>,
    criterion_names: &[(String, String)],
    alternative_names: &[(String, String)],
    lang: Lang,
) -> Document {
    let words = ThresholdWords {
        t,
        criterion_names,
        alternative_names,
        lang,
    };
    let title = lang.pick("Rank-reversal thresholds", "Trösklar för rangomkastning");
    let mut doc = Document::new(lang);
    doc.push(Block::Alt {
        text: vec![Block::heading(
            1,
            format!("{title} (Triantaphyllou & Sánchez 1997)"),
        )],
        rich: vec![Block::heading(1, title)],
    });
    let mut lines = Vec::new();
    if let Some(view) = view {
        lines.push(format!("{}: {view}", lang.pick("View", "Perspektiv")));
    }
    let ranked: Vec<String> = t
        .alternatives
        .iter()
        .map(|a| words.alternative(a))
        .collect();
    lines.push(format!(
        "{}: {}",
        lang.pick("Ranking", "Rangordning"),
        ranking_text(&ranked, &t.scores)
    ));
    doc.push(Block::paragraph(lines));
    doc.push(Block::heading(
        2,
        lang.pick("The critical criteria", "De kritiska kriterierna"),
    ));
    doc.push(Block::bullets(critical_criteria_lines(&words)));
    doc.extend(smallest_changes_blocks(&words));
    doc.push(Block::heading(
        2,
        lang.pick("Critical performance measure", "Kritiskt prestationsmått"),
    ));
    doc.push(Block::bullets(vec![match &t.critical_performance {
        Some(p) => format!("{}.", words.performance(p)),
        None => lang
            .pick(
                "No single local priority can change the ranking.",
                "Ingen enskild lokal prioritet kan ändra rangordningen.",
            )
            .to_string(),
    }]));
    doc
}

/// The four critical criteria (PT, PA, AT, AA), one line each.
fn critical_criteria_lines(words: &ThresholdWords<'_>) -> Vec<String> {
    let (t, lang) = (words.t, words.lang);
    let critical = [
        (
            lang.pick(
                "Top (the winner overtaken)",
                "Kritiskt kriterium för förstaplatsen (PT: vinnaren blir omkörd)",
            ),
            t.percent_top.as_ref(),
        ),
        (
            lang.pick(
                "Any change of the ranking",
                "Kritiskt kriterium för någon plats (PA: varje ändring av rangordningen)",
            ),
            t.percent_any.as_ref(),
        ),
        (
            lang.pick(
                "Top, smallest absolute change (AT)",
                "Kritiskt kriterium för förstaplatsen, minsta absoluta ändring (AT)",
            ),
            t.absolute_top.as_ref(),
        ),
        (
            lang.pick(
                "Any change, smallest absolute change (AA)",
                "Kritiskt kriterium för någon plats, minsta absoluta ändring (AA)",
            ),
            t.absolute_any.as_ref(),
        ),
    ];
    critical
        .into_iter()
        .map(|(label, pick)| match pick {
            // PT/PA pick by the relative change, AT/AA by the absolute one;
            // the sentence says the change itself, in words.
            Some(w) => {
                format!(
                    "{label}: {}.{}",
                    words.criterion(&w.criterion),
                    // No sentence where the change has no tie on the
                    // rescaled weights (a lone criterion, for one).
                    words
                        .sentence(w)
                        .map(|text| format!(" {text}."))
                        .unwrap_or_default()
                )
            }
            None => format!(
                "{label}: {}",
                lang.pick(
                    "no feasible change of one weight alters it.",
                    "ingen möjlig ändring av en enskild vikt påverkar detta."
                )
            ),
        })
        .collect()
}

/// The smallest weight changes that reverse a pair: a heading, the table
/// (or a sentence when there is none) and how many more the lists hold.
fn smallest_changes_blocks(words: &ThresholdWords<'_>) -> Vec<Block> {
    let (t, lang) = (words.t, words.lang);
    let mut blocks = vec![Block::heading(
        2,
        lang.pick(
            "Smallest weight changes that reverse a pair (feasible ones, smallest first)",
            "Minsta viktändringar som vänder på ett par (möjliga ändringar, minsta först)",
        ),
    )];
    if t.smallest_weight_changes.is_empty() {
        // No rows: a sentence, not a table with a header and nothing below.
        blocks.push(Block::paragraph(vec![
            lang.pick(
                "No change of one weight reverses any pair.",
                "Ingen ändring av en enskild vikt vänder på något par.",
            )
            .to_string(),
        ]));
    } else {
        blocks.push(Block::Table(smallest_changes_grid(words)));
    }
    let shown = t.smallest_weight_changes.len();
    if t.feasible_weight_changes > shown {
        let more = t.feasible_weight_changes - shown;
        blocks.push(Block::paragraph(vec![match lang {
            Lang::En => format!("… and {more} more (--format json or csv lists all)"),
            Lang::Sv => format!("… och {more} till (--format json eller csv listar alla)"),
        }]));
    }
    blocks
}

fn smallest_changes_grid(words: &ThresholdWords<'_>) -> Grid {
    let lang = words.lang;
    let opt = |x: Option<f64>| {
        x.map(|v| fixed3(lang, v))
            .unwrap_or_else(|| lang.pick("N/F", "ej möjlig").to_string())
    };
    let mut grid = Grid::new(&[
        lang.pick("criterion", "kriterium"),
        lang.pick("ahead", "ligger före"),
        lang.pick("behind", "ligger efter"),
        lang.pick("its weight", "vikten"),
        lang.pick("δ' (T&S, size)", "δ' (T&S, storlek)"),
        lang.pick("weight at tie", "vikt vid likaläge"),
    ])
    .numeric(&[4, 5]);
    for w in &words.t.smallest_weight_changes {
        grid.push(vec![
            words.criterion(&w.criterion),
            words.alternative(&w.ahead),
            words.alternative(&w.behind),
            normalised_change(w, words.weight_of(&w.criterion))
                .map(|change| change_words(lang, change))
                .unwrap_or_else(|| lang.pick("N/F", "ej möjlig").to_string()),
            // The size; the column before says which way.
            opt(w.absolute.map(f64::abs)),
            opt(w.tie_weight),
        ]);
    }
    grid
}

/// `vagval sensitivity thresholds --format json|csv`: the complete lists
/// (n·m² entries), computed and written one entry at a time, with who the
/// aggregate leaves out named as [`Exclusions::annotate`] names them in a
/// document (JSON keys, CSV columns). Another format is an `Unsupported`
/// error: [`thresholds_document`] has those.
#[allow(clippy::too_many_arguments)]
pub fn write_threshold_lists(
    out: &mut dyn Write,
    t: &Thresholds,
    view: Option<&str>,
    criterion_names: &[(String, String)],
    alternative_names: &[(String, String)],
    exclusions: Option<&Exclusions<'_>>,
    format: Format,
    lang: Lang,
) -> io::Result<()> {
    let words = ThresholdWords {
        t,
        criterion_names,
        alternative_names,
        lang,
    };
    // As `annotate`: without a CR bound, nothing is named.
    let exclusions = exclusions.filter(|e| e.max_cr.is_some());
    match format {
        Format::Json => write_thresholds_json(out, &words, view, exclusions),
        Format::Csv => write_thresholds_csv(out, t, exclusions, lang),
        _ => Err(unsupported(&format!("{format:?} list of thresholds"))),
    }
}

fn write_thresholds_json(
    out: &mut dyn Write,
    words: &ThresholdWords<'_>,
    view: Option<&str>,
    exclusions: Option<&Exclusions<'_>>,
) -> io::Result<()> {
    type Values<'a> = Box<dyn Iterator<Item = Value> + 'a>;
    #[derive(serde::Serialize)]
    struct Lists<'a> {
        view: Option<&'a str>,
        method: &'static str,
        mode: &'static str,
        criteria: &'a [String],
        weights: &'a [f64],
        alternatives: &'a [String],
        /// As `evaluate` gives them (ideal mode: rescaled to sum 1).
        scores: &'a [f64],
        percent_top: Option<Value>,
        percent_any: Option<Value>,
        absolute_top: Option<Value>,
        absolute_any: Option<Value>,
        criticality_percent: Vec<Value>,
        weight_changes: Streamed<Values<'a>>,
        performance_changes: Streamed<Values<'a>>,
        critical_performance: Option<Value>,
        // Who the aggregate leaves out, under a CR bound only.
        #[serde(skip_serializing_if = "Option::is_none")]
        max_cr: Option<f64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        excluded: Option<Vec<Value>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        left_out: Option<Vec<Value>>,
    }
    let (excluded, left_out) = exclusions.map(exclusions_json).unzip();
    let t = words.t;
    let weight_json = |w: &WeightThreshold| words.weight_json(w);
    let lists = Lists {
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
        weight_changes: streamed(Box::new(
            t.weight_changes().map(move |w| words.weight_json(&w)),
        )),
        performance_changes: streamed(Box::new(
            t.performance_changes().map(|p| performance_json(&p)),
        )),
        critical_performance: t.critical_performance.as_ref().map(|p| {
            let mut value = performance_json(p);
            value["text"] = json!(words.performance(p));
            value
        }),
        max_cr: exclusions.and_then(|e| e.max_cr),
        excluded,
        left_out,
    };
    serde_json::to_writer_pretty(&mut *out, &lists).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

fn write_thresholds_csv(
    out: &mut dyn Write,
    t: &Thresholds,
    exclusions: Option<&Exclusions<'_>>,
    lang: Lang,
) -> io::Result<()> {
    crate::render::csv::write_bom(out, lang)?;
    let columns = exclusions.map(|e| e.columns(lang)).unwrap_or_default();
    let mut headers: Vec<String> = [
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
    headers.extend(columns.iter().map(|(name, _)| name.to_string()));
    out.write_all(csv_row(&headers, lang).as_bytes())?;
    let cell = |x: Option<f64>| x.map(|v| csv_number(lang, v)).unwrap_or_default();
    for w in t.weight_changes() {
        let mut row = vec![
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
        row.extend(columns.iter().map(|(_, cell)| cell.clone()));
        out.write_all(csv_row(&row, lang).as_bytes())?;
    }
    Ok(())
}

/// What the rank-acceptability chart's caption says (the report's too).
pub(crate) fn rank_caption(lang: Lang) -> &'static str {
    lang.pick(
        "How often each alternative takes each place when the weights vary.",
        "Hur ofta varje alternativ hamnar på varje plats när vikterna varierar.",
    )
}

/// `vagval sensitivity monte-carlo`: SMAA-2 (Lahdelma & Salminen 2001) rank
/// acceptability indices, central weight vectors and confidence factors;
/// its chart is the rank acceptability.
pub fn smaa_document(
    result: &SmaaResult,
    view: Option<&str>,
    alternative_names: &[(String, String)],
    lang: Lang,
) -> Document {
    let mut doc = Document::new(lang)
        .with_json(smaa_json(result, view, alternative_names))
        .with_csv(smaa_csv_grid(result, lang));
    doc.push(captioned(
        rank_figure(lang, result, alternative_names),
        rank_caption(lang),
    ));
    let title = lang.pick("Monte Carlo", "Monte Carlo-simulering");
    doc.push(Block::Alt {
        text: vec![Block::heading(
            1,
            format!("{title} (SMAA-2, Lahdelma & Salminen 2001)"),
        )],
        rich: vec![Block::heading(1, format!("{title} (SMAA-2)"))],
    });
    let mut lines = Vec::new();
    if let Some(view) = view {
        lines.push(format!("{}: {view}", lang.pick("View", "Perspektiv")));
    }
    lines.push(sampling_line(result, lang));
    doc.push(Block::paragraph(lines));
    let order = acceptability_order(result);
    doc.push(text_or_rich_heading(
        lang.pick(
            "Rank acceptability (share of samples in which each alternative takes each rank)",
            "Rangacceptans (andel av dragningarna där varje alternativ hamnar på varje rang)",
        ),
        lang.pick("Rank acceptability", "Rangacceptans"),
    ));
    doc.push(Block::Table(acceptability_grid(
        result,
        &order,
        alternative_names,
        lang,
    )));
    doc.push(text_or_rich_heading(
        lang.pick(
            "Central weight vectors (the typical weights that make each alternative win)",
            "Centrala viktvektorer (de typiska vikter som får varje alternativ att vinna)",
        ),
        lang.pick("Central weight vectors", "Centrala viktvektorer"),
    ));
    doc.push(Block::Table(central_grid(result, &order, lang)));
    doc
}

/// A section heading worded longer in plain text than in Markdown and HTML.
fn text_or_rich_heading(text: &str, rich: &str) -> Block {
    Block::Alt {
        text: vec![Block::heading(2, text)],
        rich: vec![Block::heading(2, rich)],
    }
}

/// How many samples were drawn and how: "3000 samples, seed 7: weights …; data ….".
fn sampling_line(result: &SmaaResult, lang: Lang) -> String {
    let weights = match result.weights {
        WeightSampling::Simplex => lang
            .pick(
                "uniform on the simplex (no preference information)",
                "likformigt fördelade på simplexet (ingen preferensinformation)",
            )
            .to_string(),
        WeightSampling::PerturbJudgments { spread } => match lang {
            Lang::En => {
                format!(
                    "the pairwise judgments perturbed log-uniformly within a factor {spread} (direct weights stay as given)"
                )
            }
            Lang::Sv => format!(
                "de parvisa bedömningarna slumpvis ändrade (log-likformigt) inom en faktor {} (direkta vikter står kvar som de är)",
                lang.csv_number(spread)
            ),
        },
    };
    let data = match result.data {
        DataSampling::Fixed => lang.pick(
            "data at their evaluation point",
            "data i sin utvärderingspunkt",
        ),
        DataSampling::Ranges => lang.pick(
            "data drawn within their low–high ranges",
            "data dragna inom sina intervall (lågt–högt)",
        ),
    };
    let one = result.samples == 1;
    match lang {
        Lang::En => format!(
            "{} {}, seed {}: weights {weights}; {data}.",
            result.samples,
            if one { "sample" } else { "samples" },
            result.seed
        ),
        Lang::Sv => format!(
            "{} {}, frö (seed) {}: vikter {weights}; {data}.",
            crate::number::format_sv(rust_decimal::Decimal::from(result.samples)),
            if one { "dragning" } else { "dragningar" },
            result.seed
        ),
    }
}

/// The alternatives, most often first first.
fn acceptability_order(result: &SmaaResult) -> Vec<usize> {
    let mut order: Vec<usize> = (0..result.alternatives.len()).collect();
    order.sort_by(|&a, &b| {
        result.rank_acceptability[b][0].total_cmp(&result.rank_acceptability[a][0])
    });
    order
}

fn acceptability_grid(
    result: &SmaaResult,
    order: &[usize],
    alternative_names: &[(String, String)],
    lang: Lang,
) -> Grid {
    let n = result.alternatives.len();
    let mut headers = vec!["id".to_string(), lang.pick("name", "namn").to_string()];
    headers.extend((1..=n).map(|r| format!("{} {r}", lang.pick("rank", "rang"))));
    headers.push(lang.pick("confidence", "konfidens").to_string());
    let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut grid = Grid::new(&refs).numeric(&(2..n + 3).collect::<Vec<_>>());
    for &a in order {
        let id = &result.alternatives[a];
        let mut row = vec![id.clone(), name_in(alternative_names, id)];
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
        grid.push(row);
    }
    grid
}

fn central_grid(result: &SmaaResult, order: &[usize], lang: Lang) -> Grid {
    let mut headers = vec![lang.pick("criterion", "kriterium").to_string()];
    headers.extend(order.iter().map(|&a| result.alternatives[a].clone()));
    let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut grid = Grid::new(&refs).numeric(&(1..=order.len()).collect::<Vec<_>>());
    for (k, criterion) in result.criteria.iter().enumerate() {
        let mut row = vec![criterion.clone()];
        row.extend(order.iter().map(|&a| {
            result.central_weights[a]
                .as_ref()
                .map(|w| fixed3(lang, w[k]))
                .unwrap_or_else(|| "–".into())
        }));
        grid.push(row);
    }
    grid
}

/// What `sensitivity monte-carlo --format json` prints.
fn smaa_json(
    result: &SmaaResult,
    view: Option<&str>,
    alternative_names: &[(String, String)],
) -> Value {
    json!({
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
        "alternatives": (0..result.alternatives.len()).map(|a| json!({
            "id": result.alternatives[a],
            "name": name_in(alternative_names, &result.alternatives[a]),
            "rank_acceptability": result.rank_acceptability[a],
            "rank_counts": result.rank_counts[a],
            "central_weights": result.central_weights[a],
            "confidence": result.confidence[a],
        })).collect::<Vec<_>>(),
        "confidence_sampled": result.confidence_sampled,
    })
}

/// What `sensitivity monte-carlo --format csv` prints.
fn smaa_csv_grid(result: &SmaaResult, lang: Lang) -> Grid {
    let n = result.alternatives.len();
    let mut headers = vec!["id".to_string()];
    headers.extend((1..=n).map(|r| format!("{}_{r}", lang.pick("rank", "rang"))));
    headers.push(lang.pick("confidence", "konfidens").to_string());
    let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut grid = Grid::new(&refs);
    for a in 0..n {
        let mut row = vec![result.alternatives[a].clone()];
        row.extend(
            result.rank_acceptability[a]
                .iter()
                .map(|b| csv_number(lang, *b)),
        );
        row.push(
            result.confidence[a]
                .map(|p| csv_number(lang, p))
                .unwrap_or_default(),
        );
        grid.push(row);
    }
    grid
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_change_is_said_in_words_the_way_it_goes() {
        assert_eq!(change_words(Lang::En, 8.7), "must rise by 8.7 %");
        assert_eq!(
            change_words(Lang::Sv, -16.8),
            "måste sänkas med 16,8\u{a0}%"
        );
        // Beyond +100 %: "more than double", with the factor.
        assert_eq!(
            change_words(Lang::En, 530.0),
            "must more than double (×6.3)"
        );
        assert_eq!(
            change_words(Lang::Sv, 8029.8),
            "måste mer än fördubblas (×81,3)"
        );
        // A fall of more than the whole cannot happen.
        assert!(change_words(Lang::En, -150.0).starts_with("cannot happen"));
        assert_eq!(
            change_words(Lang::En, -0.0),
            "needs no change (a tie already)"
        );
        // Exactly −100 % is a fall to zero, which can.
        assert_eq!(change_words(Lang::En, -100.0), "must fall by 100.0 %");
    }

    #[test]
    fn the_tables_change_is_the_one_that_gives_the_tie() {
        // From 7.5 % to 47.1 % is a rise of (47.1 − 7.5)/7.5 = 528 %.
        let w = WeightThreshold {
            criterion: "c".into(),
            ahead: "a".into(),
            behind: "b".into(),
            absolute: Some(-0.75),
            relative_percent: Some(-1005.1),
            tie_weight: Some(0.471),
        };
        let change = normalised_change(&w, 0.075).unwrap();
        assert!((0.075 * (1.0 + change / 100.0) - 0.471).abs() < 1e-12);
        assert_eq!(
            change_words(Lang::En, change),
            "must more than double (×6.3)"
        );
    }

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
        let doc = one_way_document(&sweep(), None, &names(), lang);
        crate::to_string(|out| crate::write_document(out, &doc, format)).unwrap()
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
        // Swedish CSV starts with a byte-order mark, for Swedish Excel.
        assert_eq!(lines.next(), Some("\u{feff}vikt;stay-alone;join-hit"));
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

    fn smaa() -> SmaaResult {
        SmaaResult {
            alternatives: vec!["stay-alone".to_string(), "join-hit".to_string()],
            criteria: vec!["democracy".to_string(), "cost".to_string()],
            samples: 1000,
            seed: 7,
            weights: WeightSampling::Simplex,
            data: DataSampling::Fixed,
            rank_acceptability: vec![vec![0.25, 0.75], vec![0.75, 0.25]],
            rank_counts: vec![vec![250, 750], vec![750, 250]],
            central_weights: vec![None, Some(vec![0.6, 0.4])],
            confidence: vec![None, Some(0.5)],
            confidence_sampled: false,
            settings: vagval_core::Settings::default(),
        }
    }

    fn write(doc: &Document, format: Format) -> String {
        crate::to_string(|out| crate::write_document(out, doc, format)).unwrap()
    }

    /// `--format svg` is the chart the command drew before; HTML inlines it
    /// with its caption.
    #[test]
    fn sensitivity_documents_draw_their_chart_and_caption_it_in_html() {
        for lang in Lang::ALL {
            let doc = one_way_document(&sweep(), None, &names(), lang);
            let chart = crate::chart::one_way(&one_way_figure(lang, &sweep(), &names()), lang);
            assert_eq!(write(&doc, Format::Svg).trim_end(), chart.trim_end());
            let html = crate::html_fragment(&doc, 0);
            let caption = format!("<figcaption>{}</figcaption>", one_way_caption(lang));
            assert!(html.starts_with("<figure>\n<svg"), "{html}");
            assert!(html.contains(&caption), "{html}");
            let doc = smaa_document(&smaa(), None, &names(), lang);
            let chart =
                crate::chart::rank_acceptability(&rank_figure(lang, &smaa(), &names()), lang);
            assert_eq!(write(&doc, Format::Svg).trim_end(), chart.trim_end());
            let caption = format!("<figcaption>{}</figcaption>", rank_caption(lang));
            assert!(crate::html_fragment(&doc, 0).contains(&caption));
        }
    }

    /// Text names the method in its title and says what each table holds;
    /// Markdown keeps the short headings. Alternatives most often first
    /// first; "–" where one never wins.
    #[test]
    fn smaa_text_and_markdown_word_title_and_headings_apart() {
        let doc = smaa_document(&smaa(), Some("Grupp"), &names(), Lang::Sv);
        let text = write(&doc, Format::Table);
        assert!(
            text.starts_with(
                "Monte Carlo-simulering (SMAA-2, Lahdelma & Salminen 2001)\nPerspektiv: Grupp\n"
            ),
            "{text}"
        );
        assert!(text.contains(", frö (seed) 7: vikter likformigt"), "{text}");
        assert!(text.contains("\n\nRangacceptans (andel av"), "{text}");
        let markdown = write(&doc, Format::Markdown);
        assert!(
            markdown.starts_with("# Monte Carlo-simulering (SMAA-2)\n\nPerspektiv: Grupp\n"),
            "{markdown}"
        );
        assert!(
            markdown.contains(
                "\n\n## Rangacceptans\n\n| id | namn | rang 1 | rang 2 | konfidens |\n\
                 | --- | --- | ---: | ---: | ---: |\n\
                 | join-hit | Gå med i HIT | 75,0\u{a0}% | 25,0\u{a0}% | 50,0\u{a0}% |\n\
                 | stay-alone | Behåll egen IT | 25,0\u{a0}% | 75,0\u{a0}% | – |\n"
            ),
            "{markdown}"
        );
        assert!(markdown.contains("\n\n## Centrala viktvektorer\n\n"));
        assert_eq!(
            write(&doc, Format::Csv),
            "\u{feff}id;rang_1;rang_2;konfidens\nstay-alone;0,25;0,75;\njoin-hit;0,75;0,25;0,5\n"
        );
    }
}
