//! The consistency check of a whole workspace: every pairwise matrix in an
//! evaluation (goal weights, sub-criteria weights, alternatives on leaves,
//! rating scales judged in pairs) with its measures and the judgment to
//! revisit first, then the warnings and a one-line summary: one `Document`.

use crate::Lang;
use crate::document::{Block, Document, ListStyle};
use crate::figures::consistency_figure;
use crate::render::{
    Grid, csv_number, fixed3, item, revisit_json, revisit_line, site_key, verdict, warning_json,
    warning_line,
};
use serde_json::{Value, json};
use vagval_core::consistency::CR_THRESHOLD;
use vagval_core::group::GroupResult;
use vagval_core::model::Site;
use vagval_core::synthesis::Warning;
use vagval_core::{Evaluation, MatrixAnalysis};

/// One matrix of the evaluation, with the names of its items.
pub(crate) struct Checked<'a> {
    pub(crate) site: Site,
    pub(crate) label: String,
    pub(crate) items: Vec<String>,
    pub(crate) analysis: &'a MatrixAnalysis,
}

/// A criterion's name by id, else the id.
pub(crate) fn name_of(evaluation: &Evaluation, id: &str) -> String {
    evaluation
        .criteria
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// Every matrix, in the order of the tree: goal, then each criterion's
/// sub-criteria or alternatives depth first, then the rating scales.
pub(crate) fn matrices(lang: Lang, evaluation: &Evaluation) -> Vec<Checked<'_>> {
    let mut list = Vec::new();
    if let Some(analysis) = &evaluation.goal_weights.analysis {
        list.push(Checked {
            site: Site::Goal,
            label: lang
                .pick("top-level criteria", "huvudkriterier")
                .to_string(),
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
                label: format!(
                    "{} {}",
                    lang.pick("sub-criteria of", "delkriterier under"),
                    c.name
                ),
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
                label: format!(
                    "{} {}",
                    lang.pick("alternatives on", "alternativ på"),
                    c.name
                ),
                items: alternatives.clone(),
                analysis,
            });
        }
    }
    for scale in &evaluation.rating_scales {
        if let Some(analysis) = &scale.weights.analysis {
            list.push(Checked {
                site: Site::RatingScale(scale.id.clone()),
                label: format!(
                    "{} {}",
                    lang.pick("rating scale", "betygsskala"),
                    scale.name
                ),
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
fn summary(lang: Lang, evaluation: &Evaluation, list: &[Checked<'_>]) -> String {
    let above = list.iter().filter(|m| m.analysis.is_inconsistent()).count();
    format!(
        "{}, {above} {} CR {}, {}",
        plural(
            list.len(),
            lang.pick("matrix", "matris"),
            lang.pick("matrices", "matriser")
        ),
        lang.pick("above", "över"),
        lang.fixed(CR_THRESHOLD, 2),
        plural(
            evaluation.warnings.len(),
            lang.pick("warning", "varning"),
            lang.pick("warnings", "varningar")
        )
    )
}

fn grid(lang: Lang, list: &[Checked<'_>]) -> Grid {
    let mut grid = Grid::new(&[
        lang.pick("matrix", "matris"),
        "n",
        "λmax",
        "CR",
        "GCI",
        "Koczkodaj",
        lang.pick("verdict", "bedömning"),
    ])
    .numeric(&[1, 2, 3, 4, 5]);
    for m in list {
        let a = m.analysis;
        grid.push(vec![
            m.label.clone(),
            a.n.to_string(),
            fixed3(lang, a.lambda_max),
            fixed3(lang, a.cr),
            fixed3(lang, a.gci),
            fixed3(lang, a.koczkodaj),
            verdict(lang, a),
        ]);
    }
    grid
}

fn top_revisits(lang: Lang, list: &[Checked<'_>]) -> Vec<String> {
    list.iter()
        .filter_map(|m| {
            m.analysis
                .revisit
                .first()
                .map(|r| format!("{}: {}", m.label, revisit_line(lang, &m.items, r)))
        })
        .collect()
}

/// Each matrix `write_check` reports, in its order, by its label
/// (group-prefixed for a group's own matrices) with its CR: what the
/// consistency chart draws.
pub(crate) fn matrix_crs(
    lang: Lang,
    evaluation: &Evaluation,
    groups: &[GroupResult],
) -> Vec<(String, f64)> {
    let (list, _) = with_groups(lang, evaluation, groups);
    list.iter()
        .map(|m| (m.label.clone(), m.analysis.cr))
        .collect()
}

fn group_warning_line(lang: Lang, group: Option<&str>, warning: &Warning) -> String {
    match group {
        Some(id) => format!(
            "{} {id}: {}",
            lang.pick("group", "grupp"),
            warning_line(lang, warning)
        ),
        None => warning_line(lang, warning),
    }
}

/// The workspace's matrices, then each political group's own matrices (those
/// that differ from the workspace's: the group judged them itself), labelled
/// with the group's id; the warnings likewise.
type GroupWarning = (Option<String>, Warning);

fn with_groups<'a>(
    lang: Lang,
    evaluation: &'a Evaluation,
    groups: &'a [GroupResult],
) -> (Vec<Checked<'a>>, Vec<GroupWarning>) {
    let mut list = matrices(lang, evaluation);
    let defaults = matrices(lang, evaluation);
    let mut warnings: Vec<GroupWarning> = evaluation
        .warnings
        .iter()
        .map(|w| (None, w.clone()))
        .collect();
    for group in groups {
        for mut m in matrices(lang, &group.evaluation) {
            let same = defaults
                .iter()
                .any(|d| d.site == m.site && d.analysis == m.analysis);
            if !same {
                m.label = format!("{} {}: {}", lang.pick("group", "grupp"), group.id, m.label);
                list.push(m);
            }
        }
        for w in &group.evaluation.warnings {
            if !evaluation.warnings.contains(w) {
                warnings.push((Some(group.id.clone()), w.clone()));
            }
        }
    }
    (list, warnings)
}

/// Every matrix's consistency and every warning, of the workspace and of its
/// political groups (`groups` may be empty), as a document; its chart is
/// each matrix's CR against the threshold.
pub fn check_document(
    evaluation: &Evaluation,
    groups: &[GroupResult],
    workspace: &str,
    lang: Lang,
) -> Document {
    let (list, group_warnings) = with_groups(lang, evaluation, groups);
    let lines: Vec<String> = group_warnings
        .iter()
        .map(|(group, w)| group_warning_line(lang, group.as_deref(), w))
        .collect();
    let figure = consistency_figure(lang, evaluation, groups);
    let evaluation = &Evaluation {
        warnings: group_warnings.iter().map(|(_, w)| w.clone()).collect(),
        ..evaluation.clone()
    };
    let mut doc = Document::new(lang)
        .with_json(check_json(
            lang,
            evaluation,
            &group_warnings,
            workspace,
            &list,
        ))
        .with_csv(check_csv(lang, &list));
    doc.push(Block::figure(figure));
    doc.push(Block::Alt {
        text: vec![Block::paragraph(vec![format!(
            "{}: {workspace}",
            lang.pick("Workspace", "Arbetsyta")
        )])],
        rich: vec![Block::heading(
            1,
            format!(
                "{}: {workspace}",
                lang.pick("Consistency check", "Konsistenskontroll")
            ),
        )],
    });
    doc.push(Block::Table(grid(lang, &list)));
    let revisits = top_revisits(lang, &list);
    if !revisits.is_empty() {
        doc.push(Block::heading(
            2,
            lang.pick("Revisit first", "Se över först"),
        ));
        doc.push(Block::bullets(revisits));
    }
    if !lines.is_empty() {
        doc.push(Block::heading(2, lang.pick("Warnings", "Varningar")));
        doc.push(Block::list(
            ListStyle::Tagged(lang.pick("warning", "varning").to_string()),
            lines,
        ));
    }
    doc.push(Block::paragraph(vec![summary(lang, evaluation, &list)]));
    doc
}

fn check_csv(lang: Lang, list: &[Checked<'_>]) -> Grid {
    let number = |value: f64| csv_number(lang, value);
    let mut grid = Grid::new(&[
        lang.pick("site", "plats"),
        lang.pick("label", "etikett"),
        "n",
        "lambda_max",
        "ci",
        "ri",
        "cr",
        "gci",
        lang.pick("gci_threshold", "gci_tröskel"),
        "koczkodaj",
        lang.pick("ri_table", "ri_tabell"),
        lang.pick("acceptable", "godtagbar"),
        lang.pick("revisit", "se_över"),
    ]);
    for m in list {
        let a = m.analysis;
        grid.push(vec![
            site_key(&m.site),
            m.label.clone(),
            a.n.to_string(),
            number(a.lambda_max),
            number(a.ci),
            number(a.ri),
            number(a.cr),
            number(a.gci),
            a.gci_threshold.map(number).unwrap_or_default(),
            number(a.koczkodaj),
            a.ri_table.name().to_string(),
            lang.pick(
                if a.is_inconsistent() { "false" } else { "true" },
                if a.is_inconsistent() { "nej" } else { "ja" },
            )
            .to_string(),
            a.revisit
                .first()
                .map(|r| revisit_line(lang, &m.items, r))
                .unwrap_or_default(),
        ]);
    }
    grid
}

fn check_json(
    lang: Lang,
    evaluation: &Evaluation,
    warnings: &[GroupWarning],
    workspace: &str,
    list: &[Checked<'_>],
) -> Value {
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
        "warnings": warnings
            .iter()
            .map(|(group, w)| {
                let mut value = warning_json(w);
                if let Some(map) = value.as_object_mut() {
                    map.insert("group".into(), json!(group));
                }
                value
            })
            .collect::<Vec<_>>(),
        "summary": {
            "matrices": list.len(),
            "above_threshold": above,
            "warnings": evaluation.warnings.len(),
            "text": summary(lang, evaluation, list),
        },
    })
}
