//! One pairwise matrix reported: priorities and ranks, λmax, CI, RI (and its
//! table), CR, GCI, Koczkodaj, the judgments worth revisiting and the gaps a
//! completion filled.

use crate::Format;
use crate::render::{
    Grid, NONE, fixed3, full, item, judgment, revisit_json, revisit_line, verdict, write_json,
};
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
) -> io::Result<()> {
    match format {
        Format::Json => write_json(out, &matrix_json(items, analysis)),
        Format::Csv => out.write_all(priorities_grid(items, analysis, full).csv().as_bytes()),
        Format::Table => write_text(out, items, analysis),
        Format::Markdown => write_markdown(out, items, analysis),
    }
}

fn priorities_grid(items: &[String], analysis: &MatrixAnalysis, number: fn(f64) -> String) -> Grid {
    let rank = ranks(&analysis.priorities);
    let mut grid = Grid::new(&["item", "priority", "rank"]).numeric(&[1, 2]);
    for (k, p) in analysis.priorities.iter().enumerate() {
        grid.push(vec![
            item(items, k),
            number(*p),
            rank.get(k).map(|r| r.to_string()).unwrap_or_default(),
        ]);
    }
    grid
}

/// The consistency measures as (name, value) pairs, shared by text and Markdown.
pub(crate) fn measures(analysis: &MatrixAnalysis) -> Vec<(&'static str, String)> {
    let mut ri = format!("{} ({})", fixed3(analysis.ri), analysis.ri_table.name());
    if analysis.ri_extrapolated {
        ri.push_str(&format!(
            "; n = {} is beyond the table, its last value is used",
            analysis.n
        ));
    }
    let gci = match analysis.gci_threshold {
        Some(t) => format!("{} (threshold {t:.2})", fixed3(analysis.gci)),
        None => fixed3(analysis.gci),
    };
    vec![
        ("n", analysis.n.to_string()),
        ("λmax", fixed3(analysis.lambda_max)),
        ("CI", fixed3(analysis.ci)),
        ("RI", ri),
        (
            "CR",
            format!("{} ({})", fixed3(analysis.cr), verdict(analysis)),
        ),
        ("GCI", gci),
        ("Koczkodaj", fixed3(analysis.koczkodaj)),
        ("method", analysis.method.name().to_string()),
        (
            "completion",
            analysis
                .completion
                .map(|c| c.name().to_string())
                .unwrap_or_else(|| NONE.to_string()),
        ),
    ]
}

fn filled_lines(items: &[String], analysis: &MatrixAnalysis) -> Vec<String> {
    let method = analysis.completion.map(|c| c.name()).unwrap_or("harker");
    analysis
        .completed
        .iter()
        .map(|f| {
            format!(
                "{} over {} filled with {} ({method})",
                item(items, f.row),
                item(items, f.col),
                judgment(f.value)
            )
        })
        .collect()
}

fn write_text(out: &mut dyn Write, items: &[String], analysis: &MatrixAnalysis) -> io::Result<()> {
    writeln!(out, "Priorities")?;
    out.write_all(priorities_grid(items, analysis, fixed3).text().as_bytes())?;
    writeln!(out)?;
    writeln!(out, "Consistency")?;
    let rows = measures(analysis);
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
        writeln!(out, "Judgments to revisit")?;
        for (k, r) in analysis.revisit.iter().take(REVISIT_SHOWN).enumerate() {
            writeln!(out, "  {}. {}", k + 1, revisit_line(items, r))?;
        }
        let more = analysis.revisit.len().saturating_sub(REVISIT_SHOWN);
        if more > 0 {
            writeln!(out, "  … and {more} more")?;
        }
    }
    let filled = filled_lines(items, analysis);
    if !filled.is_empty() {
        writeln!(out)?;
        writeln!(out, "Completed gaps")?;
        for line in filled {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(())
}

fn write_markdown(
    out: &mut dyn Write,
    items: &[String],
    analysis: &MatrixAnalysis,
) -> io::Result<()> {
    writeln!(out, "## Priorities\n")?;
    out.write_all(
        priorities_grid(items, analysis, fixed3)
            .markdown()
            .as_bytes(),
    )?;
    writeln!(out, "\n## Consistency\n")?;
    let mut grid = Grid::new(&["measure", "value"]);
    for (name, value) in measures(analysis) {
        grid.push(vec![name.to_string(), value]);
    }
    out.write_all(grid.markdown().as_bytes())?;
    if !analysis.revisit.is_empty() {
        writeln!(out, "\n## Judgments to revisit\n")?;
        for (k, r) in analysis.revisit.iter().take(REVISIT_SHOWN).enumerate() {
            writeln!(out, "{}. {}", k + 1, revisit_line(items, r))?;
        }
    }
    let filled = filled_lines(items, analysis);
    if !filled.is_empty() {
        writeln!(out, "\n## Completed gaps\n")?;
        for line in filled {
            writeln!(out, "- {line}")?;
        }
    }
    Ok(())
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
