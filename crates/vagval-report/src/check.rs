//! The consistency check of a whole workspace: every pairwise matrix in an
//! evaluation (goal weights, sub-criteria weights, alternatives on leaves,
//! rating scales judged in pairs) with its measures and the judgment to
//! revisit first, then the warnings and a one-line summary.

use crate::Format;
use crate::render::{
    Grid, fixed3, full, item, revisit_json, revisit_line, site_key, verdict, warning_json,
    warning_line, write_json,
};
use serde_json::{Value, json};
use std::io::{self, Write};
use vagval_core::consistency::CR_THRESHOLD;
use vagval_core::group::GroupResult;
use vagval_core::model::Site;
use vagval_core::synthesis::Warning;
use vagval_core::{Evaluation, MatrixAnalysis};

/// One matrix of the evaluation, with the names of its items.
struct Checked<'a> {
    site: Site,
    label: String,
    items: Vec<String>,
    analysis: &'a MatrixAnalysis,
}

fn name_of(evaluation: &Evaluation, id: &str) -> String {
    evaluation
        .criteria
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// Every matrix, in the order of the tree: goal, then each criterion's
/// sub-criteria or alternatives depth first, then the rating scales.
fn matrices(evaluation: &Evaluation) -> Vec<Checked<'_>> {
    let mut list = Vec::new();
    if let Some(analysis) = &evaluation.goal_weights.analysis {
        list.push(Checked {
            site: Site::Goal,
            label: "top-level criteria".to_string(),
            items: evaluation
                .goal_weights
                .items
                .iter()
                .map(|id| name_of(evaluation, id))
                .collect(),
            analysis,
        });
    }
    let alternatives: Vec<String> = evaluation
        .alternatives
        .iter()
        .map(|a| a.name.clone())
        .collect();
    for c in &evaluation.criteria {
        if let Some(weights) = &c.weights
            && let Some(analysis) = &weights.analysis
        {
            list.push(Checked {
                site: Site::Weights(c.id.clone()),
                label: format!("sub-criteria of {}", c.name),
                items: weights
                    .items
                    .iter()
                    .map(|id| name_of(evaluation, id))
                    .collect(),
                analysis,
            });
        }
        if let Some(leaf) = &c.leaf
            && let Some(analysis) = &leaf.analysis
        {
            list.push(Checked {
                site: Site::Assessment(c.id.clone()),
                label: format!("alternatives on {}", c.name),
                items: alternatives.clone(),
                analysis,
            });
        }
    }
    for scale in &evaluation.rating_scales {
        if let Some(analysis) = &scale.weights.analysis {
            list.push(Checked {
                site: Site::RatingScale(scale.id.clone()),
                label: format!("rating scale {}", scale.name),
                items: scale.level_names.clone(),
                analysis,
            });
        }
    }
    list
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// `12 matrices, 1 above CR 0.10, 2 warnings`.
fn summary(evaluation: &Evaluation, list: &[Checked<'_>]) -> String {
    let above = list.iter().filter(|m| m.analysis.is_inconsistent()).count();
    format!(
        "{}, {above} above CR {CR_THRESHOLD:.2}, {}",
        plural(list.len(), "matrix", "matrices"),
        plural(evaluation.warnings.len(), "warning", "warnings")
    )
}

fn grid(list: &[Checked<'_>]) -> Grid {
    let mut grid = Grid::new(&["matrix", "n", "λmax", "CR", "GCI", "Koczkodaj", "verdict"])
        .numeric(&[1, 2, 3, 4, 5]);
    for m in list {
        let a = m.analysis;
        grid.push(vec![
            m.label.clone(),
            a.n.to_string(),
            fixed3(a.lambda_max),
            fixed3(a.cr),
            fixed3(a.gci),
            fixed3(a.koczkodaj),
            verdict(a),
        ]);
    }
    grid
}

fn top_revisits(list: &[Checked<'_>]) -> Vec<String> {
    list.iter()
        .filter_map(|m| {
            m.analysis
                .revisit
                .first()
                .map(|r| format!("{}: {}", m.label, revisit_line(&m.items, r)))
        })
        .collect()
}

/// The workspace's matrices, then each political group's own matrices (those
/// that differ from the workspace's: the group judged them itself), labelled
/// with the group's id; the warnings likewise.
fn with_groups<'a>(
    evaluation: &'a Evaluation,
    groups: &'a [GroupResult],
) -> (Vec<Checked<'a>>, Vec<Warning>) {
    let mut list = matrices(evaluation);
    let defaults = matrices(evaluation);
    let mut warnings = evaluation.warnings.clone();
    for group in groups {
        for mut m in matrices(&group.evaluation) {
            let same = defaults
                .iter()
                .any(|d| d.site == m.site && d.analysis == m.analysis);
            if !same {
                m.label = format!("group {}: {}", group.id, m.label);
                list.push(m);
            }
        }
        for w in &group.evaluation.warnings {
            if !evaluation.warnings.contains(w) {
                let mut w = w.clone();
                w.message = format!("group {}: {}", group.id, w.message);
                warnings.push(w);
            }
        }
    }
    (list, warnings)
}

/// Every matrix's consistency and every warning, of the workspace and of its
/// political groups (`groups` may be empty).
pub fn write_check(
    out: &mut dyn Write,
    evaluation: &Evaluation,
    groups: &[GroupResult],
    workspace: &str,
    format: Format,
) -> io::Result<()> {
    let (list, warnings) = with_groups(evaluation, groups);
    let evaluation = &Evaluation {
        warnings,
        ..evaluation.clone()
    };
    match format {
        Format::Json => write_json(out, &check_json(evaluation, workspace, &list)),
        Format::Csv => out.write_all(check_csv(&list).csv().as_bytes()),
        Format::Table => {
            writeln!(out, "Workspace: {workspace}")?;
            writeln!(out)?;
            out.write_all(grid(&list).text().as_bytes())?;
            let revisits = top_revisits(&list);
            if !revisits.is_empty() {
                writeln!(out)?;
                writeln!(out, "Revisit first")?;
                for line in revisits {
                    writeln!(out, "  {line}")?;
                }
            }
            if !evaluation.warnings.is_empty() {
                writeln!(out)?;
                writeln!(out, "Warnings")?;
                for w in &evaluation.warnings {
                    writeln!(out, "  warning: {}", warning_line(w))?;
                }
            }
            writeln!(out)?;
            writeln!(out, "{}", summary(evaluation, &list))
        }
        Format::Markdown => {
            writeln!(out, "# Consistency check: {workspace}\n")?;
            out.write_all(grid(&list).markdown().as_bytes())?;
            let revisits = top_revisits(&list);
            if !revisits.is_empty() {
                writeln!(out, "\n## Revisit first\n")?;
                for line in revisits {
                    writeln!(out, "- {line}")?;
                }
            }
            if !evaluation.warnings.is_empty() {
                writeln!(out, "\n## Warnings\n")?;
                for w in &evaluation.warnings {
                    writeln!(out, "- {}", warning_line(w))?;
                }
            }
            writeln!(out, "\n{}", summary(evaluation, &list))
        }
    }
}

fn check_csv(list: &[Checked<'_>]) -> Grid {
    let mut grid = Grid::new(&[
        "site",
        "label",
        "n",
        "lambda_max",
        "ci",
        "ri",
        "cr",
        "gci",
        "gci_threshold",
        "koczkodaj",
        "ri_table",
        "acceptable",
        "revisit",
    ]);
    for m in list {
        let a = m.analysis;
        grid.push(vec![
            site_key(&m.site),
            m.label.clone(),
            a.n.to_string(),
            full(a.lambda_max),
            full(a.ci),
            full(a.ri),
            full(a.cr),
            full(a.gci),
            a.gci_threshold.map(full).unwrap_or_default(),
            full(a.koczkodaj),
            a.ri_table.name().to_string(),
            (!a.is_inconsistent()).to_string(),
            a.revisit
                .first()
                .map(|r| revisit_line(&m.items, r))
                .unwrap_or_default(),
        ]);
    }
    grid
}

fn check_json(evaluation: &Evaluation, workspace: &str, list: &[Checked<'_>]) -> Value {
    let matrices: Vec<Value> = list
        .iter()
        .map(|m| {
            let a = m.analysis;
            let items: Vec<String> = (0..a.n).map(|k| item(&m.items, k)).collect();
            json!({
                "site": site_key(&m.site),
                "label": m.label,
                "items": items,
                "n": a.n,
                "lambda_max": a.lambda_max,
                "ci": a.ci,
                "ri": a.ri,
                "cr": a.cr,
                "gci": a.gci,
                "gci_threshold": a.gci_threshold,
                "koczkodaj": a.koczkodaj,
                "ri_table": a.ri_table.name(),
                "acceptable": !a.is_inconsistent(),
                "revisit": a.revisit.iter().map(|r| revisit_json(&m.items, r)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let above = list.iter().filter(|m| m.analysis.is_inconsistent()).count();
    json!({
        "workspace": workspace,
        "matrices": matrices,
        "warnings": evaluation.warnings.iter().map(warning_json).collect::<Vec<_>>(),
        "summary": {
            "matrices": list.len(),
            "above_threshold": above,
            "warnings": evaluation.warnings.len(),
            "text": summary(evaluation, list),
        },
    })
}
