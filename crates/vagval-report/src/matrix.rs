//! One pairwise matrix reported: priorities and ranks, λmax, CI, RI (and its
//! table), CR, GCI, Koczkodaj, the judgments worth revisiting and the gaps a
//! completion filled.

use crate::render::{
    Grid, NONE, fixed3, full, item, judgment, revisit_json, revisit_line, verdict, write_json,
};
use crate::{Format, Lang};
use serde_json::{Map, Value, json};
use std::io::{self, Write};
use vagval_core::MatrixAnalysis;
use vagval_core::synthesis::ranks;

/// How many judgments to revisit tables and Markdown show.
const REVISIT_SHOWN: usize = 3;

pub fn write_matrix(
    out: &mut dyn Write,
    items: &[String],
    analysis: &MatrixAnalysis,
    format: Format,
    lang: Lang,
) -> io::Result<()> {
    match format {
        Format::Json => write_json(out, &matrix_json(items, analysis)),
        Format::Csv => out.write_all(
            priorities_grid(lang, items, analysis, full)
                .csv(lang)
                .as_bytes(),
        ),
        Format::Table => write_text(out, lang, items, analysis),
        Format::Markdown => write_markdown(out, lang, items, analysis),
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

/// The consistency measures as (name, value) pairs, shared by text and Markdown.
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
    let method = analysis.completion.map(|c| c.name()).unwrap_or("harker");
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

fn write_text(
    out: &mut dyn Write,
    lang: Lang,
    items: &[String],
    analysis: &MatrixAnalysis,
) -> io::Result<()> {
    writeln!(out, "{}", lang.pick("Priorities", "Prioriteter"))?;
    out.write_all(
        priorities_grid(lang, items, analysis, fixed3)
            .text()
            .as_bytes(),
    )?;
    writeln!(out)?;
    writeln!(out, "{}", lang.pick("Consistency", "Konsistens"))?;
    let rows = measures(lang, analysis);
    let width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    for (name, value) in &rows {
        let pad = width - name.chars().count();
        writeln!(out, "  {name}{}  {value}", " ".repeat(pad))?;
    }
    if !analysis.revisit.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", revisit_heading(lang))?;
        for (k, r) in analysis.revisit.iter().take(REVISIT_SHOWN).enumerate() {
            writeln!(out, "  {}. {}", k + 1, revisit_line(lang, items, r))?;
        }
        let more = analysis.revisit.len().saturating_sub(REVISIT_SHOWN);
        if more > 0 {
            writeln!(
                out,
                "  … {} {more} {}",
                lang.pick("and", "och"),
                lang.pick("more", "till")
            )?;
        }
    }
    let filled = filled_lines(lang, items, analysis);
    if !filled.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", filled_heading(lang))?;
        for line in filled {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(())
}

fn write_markdown(
    out: &mut dyn Write,
    lang: Lang,
    items: &[String],
    analysis: &MatrixAnalysis,
) -> io::Result<()> {
    writeln!(out, "## {}\n", lang.pick("Priorities", "Prioriteter"))?;
    out.write_all(
        priorities_grid(lang, items, analysis, fixed3)
            .markdown()
            .as_bytes(),
    )?;
    writeln!(out, "\n## {}\n", lang.pick("Consistency", "Konsistens"))?;
    let mut grid = Grid::new(&[lang.pick("measure", "mått"), lang.pick("value", "värde")]);
    for (name, value) in measures(lang, analysis) {
        grid.push(vec![name.to_string(), value]);
    }
    out.write_all(grid.markdown().as_bytes())?;
    if !analysis.revisit.is_empty() {
        writeln!(out, "\n## {}\n", revisit_heading(lang))?;
        for (k, r) in analysis.revisit.iter().take(REVISIT_SHOWN).enumerate() {
            writeln!(out, "{}. {}", k + 1, revisit_line(lang, items, r))?;
        }
    }
    let filled = filled_lines(lang, items, analysis);
    if !filled.is_empty() {
        writeln!(out, "\n## {}\n", filled_heading(lang))?;
        for line in filled {
            writeln!(out, "- {line}")?;
        }
    }
    Ok(())
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
