//! Political groups' views reported: the criteria's global weights of the
//! default view beside each group's (`write_group_weights`), the groups'
//! rankings beside their seat-weighted aggregate with the consensus and the
//! criteria they disagree on most (`write_groups`), and one full evaluation
//! per group (`write_group_evaluations`).

use crate::evaluation::{by_rank, evaluation_json, indented, settings_json, settings_line};
use crate::render::{Grid, NONE, fixed3, full, short, site_key, site_phrase, write_json};
use crate::write_evaluation;
use crate::{Format, Lang};
use serde_json::{Map, Value, json};
use std::io::{self, Write};
use vagval_core::Evaluation;
use vagval_core::group::{Aggregation, Difference, Excluded, GroupAnalysis, GroupResult, LeftOut};
use vagval_core::model::Site;
use vagval_core::synthesis::WarningFacts;

/// How many criteria the tables list under "where the groups differ most".
const DIFFERENCES_SHOWN: usize = 5;

/// Spreads at or below this are no difference at all (rounding noise).
const NO_SPREAD: f64 = 1e-12;

/// The column id of the workspace's default view in `write_group_weights`.
const DEFAULT_COLUMN: &str = "default";

/// The aggregation as people read it: `AIJ — seat-weighted geometric mean of
/// judgments` or `AIP — seat-weighted arithmetic mean of priorities`.
pub fn aggregation_label(lang: Lang, aggregation: Aggregation) -> &'static str {
    match aggregation {
        Aggregation::Aij => lang.pick(
            "AIJ — seat-weighted geometric mean of judgments",
            "AIJ — mandatviktat geometriskt medelvärde av bedömningarna",
        ),
        Aggregation::Aip => lang.pick(
            "AIP — seat-weighted arithmetic mean of priorities",
            "AIP — mandatviktat aritmetiskt medelvärde av prioriteterna",
        ),
        Aggregation::AipGeometric => lang.pick(
            "AIP — seat-weighted geometric mean of priorities, normalised",
            "AIP — mandatviktat geometriskt medelvärde av prioriteterna, normerat",
        ),
    }
}

/// Goepel's verbal reading of the consensus indicator S*: `very low`
/// (< 0.5), `low` (0.5–0.65), `moderate` (0.65–0.75), `high` (0.75–0.85) or
/// `very high` (≥ 0.85); each bound belongs to the category above it.
///
/// Goepel, K. D. (2018). Implementation of an Online Software Tool for the
/// Analytic Hierarchy Process (AHP-OS). *International Journal of the
/// Analytic Hierarchy Process* 10(3), 469–487.
pub fn consensus_reading(lang: Lang, s_star: f64) -> &'static str {
    if s_star >= 0.85 {
        lang.pick("very high", "mycket hög")
    } else if s_star >= 0.75 {
        lang.pick("high", "hög")
    } else if s_star >= 0.65 {
        lang.pick("moderate", "måttlig")
    } else if s_star >= 0.5 {
        lang.pick("low", "låg")
    } else {
        lang.pick("very low", "mycket låg")
    }
}

/// `vagval weights` with groups: every criterion (rows, indented by depth)
/// across the workspace's default view and then each group: global weights;
/// and per column the CR of its top-level matrix (or `direct`) and the
/// largest CR of any of its matrices (goal, sub-criteria, alternatives on
/// leaves, rating scales).
pub fn write_group_weights(
    out: &mut dyn Write,
    default: &Evaluation,
    view: Option<&str>,
    groups: &[GroupResult],
    format: Format,
    lang: Lang,
) -> io::Result<()> {
    let columns = weight_columns(lang, default, view, groups);
    let global = lang.pick("Global weights", "Globala vikter");
    let columns_title = lang.pick("Columns", "Kolumner");
    let view_word = lang.pick("View", "Perspektiv");
    match format {
        Format::Svg | Format::Html => Err(crate::document::not_converted(format)),
        Format::Json => write_json(out, &group_weights_json(default, view, &columns)),
        Format::Csv => out.write_all(
            group_weights_grid(lang, default, &columns, true)
                .csv(lang)
                .as_bytes(),
        ),
        Format::Table => {
            writeln!(out, "{}: {}", lang.pick("Goal", "Mål"), default.goal)?;
            if let Some(view) = view {
                writeln!(out, "{view_word}: {view}")?;
            }
            writeln!(out)?;
            writeln!(out, "{global}")?;
            out.write_all(
                group_weights_grid(lang, default, &columns, false)
                    .text()
                    .as_bytes(),
            )?;
            writeln!(out)?;
            writeln!(out, "{columns_title}")?;
            out.write_all(columns_grid(lang, &columns).text().as_bytes())?;
            let flags = column_flags(lang, &columns);
            if !flags.is_empty() {
                writeln!(out)?;
            }
            for flag in flags {
                writeln!(out, "{flag}")?;
            }
            Ok(())
        }
        Format::Markdown => {
            writeln!(out, "# {}\n", default.goal)?;
            if let Some(view) = view {
                writeln!(out, "- {view_word}: {view}")?;
            }
            writeln!(out, "\n## {global}\n")?;
            out.write_all(
                group_weights_grid(lang, default, &columns, false)
                    .markdown()
                    .as_bytes(),
            )?;
            writeln!(out, "\n## {columns_title}\n")?;
            out.write_all(columns_grid(lang, &columns).markdown().as_bytes())?;
            let flags = column_flags(lang, &columns);
            if !flags.is_empty() {
                writeln!(out)?;
            }
            for flag in flags {
                writeln!(out, "- {flag}")?;
            }
            Ok(())
        }
    }
}

/// `vagval groups`: each group's ranking beside the seat-weighted aggregate,
/// the aggregation used, the seats, the consensus S* with its reading (see
/// `consensus_reading`) and the criteria on which the groups differ most.
/// Tables show the top 5 differences; JSON carries every criterion's, most
/// first. JSON lists alternatives in the model's order.
pub fn write_groups(
    out: &mut dyn Write,
    analysis: &GroupAnalysis,
    format: Format,
    lang: Lang,
) -> io::Result<()> {
    match format {
        Format::Svg | Format::Html => Err(crate::document::not_converted(format)),
        Format::Json => write_json(out, &groups_json(analysis)),
        Format::Csv => out.write_all(groups_csv(lang, analysis).csv(lang).as_bytes()),
        Format::Table => write_groups_text(out, lang, analysis),
        Format::Markdown => write_groups_markdown(out, lang, analysis),
    }
}

/// `vagval evaluate --all-groups`: one evaluation per group, one after the
/// other, each headed by the group's name and seats. JSON:
/// `{"groups": [{"id", "name", "seats", "evaluation"}]}` with the object
/// `write_evaluation` produces; CSV: `group,rank,id,name,score`.
pub fn write_group_evaluations(
    out: &mut dyn Write,
    groups: &[GroupResult],
    format: Format,
    lang: Lang,
) -> io::Result<()> {
    match format {
        Format::Svg | Format::Html => Err(crate::document::not_converted(format)),
        Format::Json => {
            let list: Vec<Value> = groups
                .iter()
                .map(|g| {
                    json!({
                        "id": g.id,
                        "name": g.name,
                        "seats": g.seats,
                        "evaluation": evaluation_json(&g.evaluation, None),
                    })
                })
                .collect();
            write_json(out, &json!({ "groups": list }))
        }
        Format::Csv => {
            let mut grid = Grid::new(&[
                lang.pick("group", "grupp"),
                lang.pick("rank", "rang"),
                "id",
                lang.pick("name", "namn"),
                lang.pick("score", "poäng"),
            ]);
            for g in groups {
                for a in by_rank(&g.evaluation) {
                    grid.push(vec![
                        g.id.clone(),
                        a.rank.to_string(),
                        a.id.clone(),
                        a.name.clone(),
                        full(lang, a.score),
                    ]);
                }
            }
            out.write_all(grid.csv(lang).as_bytes())
        }
        Format::Table => {
            for (index, g) in groups.iter().enumerate() {
                if index > 0 {
                    writeln!(out)?;
                }
                let title = group_title(lang, g);
                writeln!(out, "{title}")?;
                writeln!(out, "{}", "=".repeat(title.chars().count()))?;
                write_evaluation(out, &g.evaluation, None, Format::Table, lang)?;
            }
            Ok(())
        }
        Format::Markdown => {
            for (index, g) in groups.iter().enumerate() {
                if index > 0 {
                    writeln!(out)?;
                }
                writeln!(
                    out,
                    "# {}: {}\n",
                    lang.pick("Group", "Grupp"),
                    group_title(lang, g)
                )?;
                write_evaluation(out, &g.evaluation, None, Format::Markdown, lang)?;
            }
            Ok(())
        }
    }
}

/// `Socialdemokraterna (s), 35 seats`.
pub(crate) fn group_title(lang: Lang, group: &GroupResult) -> String {
    format!(
        "{} ({}), {}",
        group.name,
        group.id,
        seats_text(lang, group.seats)
    )
}

fn seats_text(lang: Lang, seats: f64) -> String {
    if seats == 1.0 {
        lang.pick("1 seat", "1 mandat").to_string()
    } else {
        format!("{} {}", short(lang, seats), lang.pick("seats", "mandat"))
    }
}

// ---------------------------------------------------------------------------
// CR above the threshold, flagged wherever a group's weights appear

/// Every matrix of `evaluation` whose CR is above the threshold, with its
/// CR and the threshold, as core's warnings name them (so the flag follows
/// whatever threshold the evaluation used).
pub(crate) fn inconsistent(evaluation: &Evaluation) -> Vec<(&Site, f64, f64)> {
    evaluation
        .warnings
        .iter()
        .filter_map(|w| match w.facts {
            WarningFacts::Inconsistent { cr, threshold, .. } => Some((&w.site, cr, threshold)),
            _ => None,
        })
        .collect()
}

/// The largest CR of a view, flagged when a matrix is above the threshold:
/// `0.153 (above 0.10)`.
fn flagged_cr(lang: Lang, cr_max: Option<f64>, evaluation: &Evaluation) -> String {
    let Some(cr) = cr_max else {
        return NONE.to_string();
    };
    match inconsistent(evaluation)
        .iter()
        .map(|(_, _, threshold)| *threshold)
        .reduce(f64::min)
    {
        Some(threshold) => format!(
            "{} ({} {})",
            fixed3(lang, cr),
            lang.pick("above", "över"),
            lang.fixed(threshold, 2)
        ),
        None => fixed3(lang, cr),
    }
}

/// One sentence for a group whose judgments are inconsistent (CR above the
/// threshold), naming each such matrix; `None` when every CR is within it.
pub(crate) fn cr_flag(lang: Lang, group: &str, evaluation: &Evaluation) -> Option<String> {
    let found = inconsistent(evaluation);
    let threshold = found.iter().map(|(_, _, t)| *t).reduce(f64::min)?;
    let sites: Vec<String> = found
        .iter()
        .map(|(site, cr, _)| format!("{} (CR {})", site_phrase(lang, site), fixed3(lang, *cr)))
        .collect();
    Some(match lang {
        Lang::En => format!(
            "`{group}`: CR above {} in {}; its weights and ranking rest on judgments that contradict each other: revisit them (`vagval check`).",
            lang.fixed(threshold, 2),
            sites.join("; ")
        ),
        Lang::Sv => format!(
            "`{group}`: CR över {} i {}; gruppens vikter och rangordning vilar på bedömningar som motsäger varandra: se över dem (`vagval check`).",
            lang.fixed(threshold, 2),
            sites.join("; ")
        ),
    })
}

/// The flags of every group (by id) whose judgments are inconsistent.
fn cr_flags<'a>(lang: Lang, views: impl Iterator<Item = (&'a str, &'a Evaluation)>) -> Vec<String> {
    views
        .filter_map(|(id, evaluation)| cr_flag(lang, id, evaluation))
        .collect()
}

/// The inconsistent matrices of a view, for JSON.
fn inconsistent_json(evaluation: &Evaluation) -> Value {
    Value::Array(
        inconsistent(evaluation)
            .into_iter()
            .map(|(site, cr, threshold)| {
                json!({"site": site.to_string(), "cr": cr, "threshold": threshold})
            })
            .collect(),
    )
}

// ---------------------------------------------------------------------------
// write_group_weights

/// One column of the weights table: the default view or a group.
struct WeightColumn<'a> {
    id: String,
    name: String,
    seats: Option<f64>,
    evaluation: &'a Evaluation,
}

impl WeightColumn<'_> {
    /// CR of the top-level criteria's matrix; `None` for direct weights.
    fn cr_top(&self) -> Option<f64> {
        self.evaluation.goal_weights.analysis.as_ref().map(|a| a.cr)
    }

    /// The largest CR of any matrix of the evaluation.
    fn cr_max(&self) -> Option<f64> {
        let e = self.evaluation;
        e.goal_weights
            .analysis
            .iter()
            .map(|a| a.cr)
            .chain(e.criteria.iter().filter_map(|c| c.cr()))
            .chain(
                e.rating_scales
                    .iter()
                    .filter_map(|s| s.weights.analysis.as_ref().map(|a| a.cr)),
            )
            .reduce(f64::max)
    }

    /// The global weight of criterion `id` in this column.
    fn weight(&self, id: &str) -> Option<f64> {
        self.evaluation
            .criteria
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.global_weight)
    }
}

fn weight_columns<'a>(
    lang: Lang,
    default: &'a Evaluation,
    view: Option<&str>,
    groups: &'a [GroupResult],
) -> Vec<WeightColumn<'a>> {
    let mut columns = vec![WeightColumn {
        id: DEFAULT_COLUMN.to_string(),
        name: view
            .unwrap_or(lang.pick("default view", "arbetsytans vikter"))
            .to_string(),
        seats: None,
        evaluation: default,
    }];
    columns.extend(groups.iter().map(|g| WeightColumn {
        id: g.id.clone(),
        name: g.name.clone(),
        seats: Some(g.seats),
        evaluation: &g.evaluation,
    }));
    columns
}

/// Criteria down, columns (by id, to stay narrow) across. `csv` gives the
/// flat CSV layout with full precision; otherwise names are indented and
/// weights shown to 3 decimals.
fn group_weights_grid(
    lang: Lang,
    default: &Evaluation,
    columns: &[WeightColumn<'_>],
    csv: bool,
) -> Grid {
    let mut headers: Vec<&str> = if csv {
        vec![
            "id",
            lang.pick("name", "namn"),
            lang.pick("parent", "överordnat"),
            lang.pick("depth", "djup"),
        ]
    } else {
        vec!["id", lang.pick("criterion", "kriterium")]
    };
    let first = headers.len();
    headers.extend(columns.iter().map(|c| c.id.as_str()));
    let numeric: Vec<usize> = (first..headers.len()).collect();
    let mut grid = Grid::new(&headers).numeric(&numeric);
    for c in &default.criteria {
        let mut row = if csv {
            vec![
                c.id.clone(),
                c.name.clone(),
                c.parent.clone().unwrap_or_default(),
                c.depth.to_string(),
            ]
        } else {
            vec![c.id.clone(), indented(c)]
        };
        row.extend(columns.iter().map(|column| match column.weight(&c.id) {
            Some(w) if csv => full(lang, w),
            Some(w) => fixed3(lang, w),
            None if csv => String::new(),
            None => NONE.to_string(),
        }));
        grid.push(row);
    }
    grid
}

fn columns_grid(lang: Lang, columns: &[WeightColumn<'_>]) -> Grid {
    let mut grid = Grid::new(&[
        lang.pick("column", "kolumn"),
        lang.pick("name", "namn"),
        lang.pick("seats", "mandat"),
        lang.pick("CR top level", "CR översta nivån"),
        lang.pick("largest CR", "största CR"),
    ])
    .numeric(&[2, 3, 4]);
    for c in columns {
        grid.push(vec![
            c.id.clone(),
            c.name.clone(),
            c.seats
                .map(|s| short(lang, s))
                .unwrap_or_else(|| NONE.to_string()),
            c.cr_top()
                .map(|cr| fixed3(lang, cr))
                .unwrap_or_else(|| lang.pick("direct", "direkt").to_string()),
            flagged_cr(lang, c.cr_max(), c.evaluation),
        ]);
    }
    grid
}

/// The groups' CR flags (the workspace's own view is `check`'s business).
fn column_flags(lang: Lang, columns: &[WeightColumn<'_>]) -> Vec<String> {
    cr_flags(
        lang,
        columns
            .iter()
            .filter(|c| c.seats.is_some())
            .map(|c| (c.id.as_str(), c.evaluation)),
    )
}

fn group_weights_json(
    default: &Evaluation,
    view: Option<&str>,
    columns: &[WeightColumn<'_>],
) -> Value {
    let column_list: Vec<Value> = columns
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "name": c.name,
                "seats": c.seats,
                "cr_top": c.cr_top(),
                "cr_max": c.cr_max(),
                "inconsistent": inconsistent_json(c.evaluation),
            })
        })
        .collect();
    let criteria: Vec<Value> = default
        .criteria
        .iter()
        .map(|c| {
            let mut weights = Map::new();
            for column in columns {
                weights.insert(column.id.clone(), json!(column.weight(&c.id)));
            }
            json!({
                "id": c.id,
                "name": c.name,
                "parent": c.parent,
                "depth": c.depth,
                "weights": weights,
            })
        })
        .collect();
    json!({
        "view": view,
        "columns": column_list,
        "criteria": criteria,
    })
}

// ---------------------------------------------------------------------------
// write_groups

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

/// One of two whole sentences, by language.
fn either(lang: Lang, english: String, swedish: String) -> String {
    match lang {
        Lang::En => english,
        Lang::Sv => swedish,
    }
}

/// Who the groups' aggregate leaves out: the groups above the CR bound
/// (`--max-cr`) and the AIJ sets some groups could not enter. Every command
/// that shows the aggregate names them in the same words.
#[derive(Debug, Clone, Copy)]
pub struct Exclusions<'a> {
    /// The CR bound the groups were held to, if any.
    pub max_cr: Option<f64>,
    pub excluded: &'a [Excluded],
    pub left_out: &'a [LeftOut],
}

impl<'a> Exclusions<'a> {
    pub fn of(analysis: &'a GroupAnalysis) -> Self {
        Exclusions {
            max_cr: analysis.max_cr,
            excluded: &analysis.excluded,
            left_out: &analysis.left_out,
        }
    }
}

/// The lines that say which groups were left out of the aggregate and why,
/// and which AIJ sets some groups could not enter; empty if none.
pub fn exclusion_lines(lang: Lang, analysis: &Exclusions<'_>) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(bound) = analysis.max_cr {
        if analysis.excluded.is_empty() {
            lines.push(format!(
                "{} {}: {}",
                lang.pick("CR bound", "CR-gräns"),
                fixed3(lang, bound),
                lang.pick(
                    "every group is within it",
                    "alla grupper håller sig inom den"
                )
            ));
        }
        for e in analysis.excluded {
            lines.push(either(
                lang,
                format!(
                    "Left out of the aggregate: {} (`{}`, {} seats), CR {} > {} on {}",
                    e.name,
                    e.id,
                    short(lang, e.seats),
                    fixed3(lang, e.cr),
                    fixed3(lang, bound),
                    site_phrase(lang, &e.site)
                ),
                format!(
                    "Utesluten ur sammanvägningen: {} (`{}`, {} mandat), CR {} > {} för {}",
                    e.name,
                    e.id,
                    short(lang, e.seats),
                    fixed3(lang, e.cr),
                    fixed3(lang, bound),
                    site_phrase(lang, &e.site)
                ),
            ));
        }
    }
    for l in analysis.left_out {
        let groups = l
            .groups
            .iter()
            .map(|g| format!("`{g}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let assessment = matches!(l.site, vagval_core::model::Site::Assessment(_));
        lines.push(either(
            lang,
            format!(
                "AIJ on {}: the workspace's {} gives `{}` the priority 0, which has no ratios, so the groups that keep it ({}) do not enter there; the other groups' judgments are combined",
                site_phrase(lang, &l.site),
                if assessment { "assessment" } else { "weights" },
                l.item,
                groups
            ),
            format!(
                "AIJ för {}: arbetsytans {} ger `{}` prioriteten 0, som saknar kvoter, så grupperna som behåller {} ({}) ingår inte där; de andra gruppernas bedömningar vägs samman",
                site_phrase(lang, &l.site),
                if assessment { "bedömning" } else { "vikter" },
                l.item,
                if assessment { "den" } else { "dem" },
                groups
            ),
        ));
    }
    lines
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

/// Titled sections of the groups report, the same in text and Markdown.
fn groups_sections(lang: Lang, analysis: &GroupAnalysis) -> Vec<(&'static str, Grid)> {
    vec![
        (lang.pick("Groups", "Grupper"), groups_grid(lang, analysis)),
        (
            lang.pick(
                "Ranking (aggregate score; each group's score with its rank in brackets)",
                "Rangordning (sammanvägd poäng; varje grupps poäng med dess rang inom parentes)",
            ),
            ranking_grid(lang, analysis),
        ),
    ]
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

fn write_groups_text(out: &mut dyn Write, lang: Lang, analysis: &GroupAnalysis) -> io::Result<()> {
    writeln!(out, "{}: {}", lang.pick("Goal", "Mål"), goal(analysis))?;
    for line in summary_lines(lang, analysis) {
        writeln!(out, "{line}")?;
    }
    for (index, (title, grid)) in groups_sections(lang, analysis).into_iter().enumerate() {
        writeln!(out)?;
        writeln!(out, "{title}")?;
        out.write_all(grid.text().as_bytes())?;
        if index == 0 {
            for flag in analysis_flags(lang, analysis) {
                writeln!(out, "{flag}")?;
            }
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", differences_title(lang))?;
    let shown = shown_differences(analysis);
    if shown.is_empty() {
        writeln!(out, "{}", no_differences(lang))
    } else {
        out.write_all(differences_grid(lang, analysis, &shown).text().as_bytes())
    }
}

fn write_groups_markdown(
    out: &mut dyn Write,
    lang: Lang,
    analysis: &GroupAnalysis,
) -> io::Result<()> {
    writeln!(out, "# {}\n", goal(analysis))?;
    for line in summary_lines(lang, analysis) {
        writeln!(out, "- {line}")?;
    }
    for (index, (title, grid)) in groups_sections(lang, analysis).into_iter().enumerate() {
        writeln!(out, "\n## {title}\n")?;
        out.write_all(grid.markdown().as_bytes())?;
        let flags = if index == 0 {
            analysis_flags(lang, analysis)
        } else {
            Vec::new()
        };
        if !flags.is_empty() {
            writeln!(out)?;
        }
        for flag in flags {
            writeln!(out, "- {flag}")?;
        }
    }
    writeln!(out, "\n## {}\n", differences_title(lang))?;
    let shown = shown_differences(analysis);
    if shown.is_empty() {
        writeln!(out, "{}", no_differences(lang))
    } else {
        out.write_all(
            differences_grid(lang, analysis, &shown)
                .markdown()
                .as_bytes(),
        )
    }
}

/// The groups left out (`[{"id", "name", "seats", "cr", "site"}]`) and the
/// AIJ sets some could not enter (`[{"site", "item", "groups"}]`).
fn exclusions_json(exclusions: &Exclusions<'_>) -> (Vec<Value>, Vec<Value>) {
    let excluded = exclusions
        .excluded
        .iter()
        .map(|e| {
            json!({
                "id": e.id,
                "name": e.name,
                "seats": e.seats,
                "cr": e.cr,
                "site": site_key(&e.site),
            })
        })
        .collect();
    let left_out = exclusions
        .left_out
        .iter()
        .map(|l| json!({"site": site_key(&l.site), "item": l.item, "groups": l.groups}))
        .collect();
    (excluded, left_out)
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
/// The CSV cells that name who the aggregate leaves out: the excluded
/// groups' ids (space-separated; with a CR bound only) and the AIJ sets
/// some groups could not enter (`site=id id`, ` | ` between; when any).
fn exclusion_cells(exclusions: &Exclusions<'_>) -> (Option<String>, Option<String>) {
    let excluded = exclusions.max_cr.map(|_| {
        exclusions
            .excluded
            .iter()
            .map(|e| e.id.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    });
    let left_out = (!exclusions.left_out.is_empty()).then(|| {
        exclusions
            .left_out
            .iter()
            .map(|l| format!("{}={}", site_key(&l.site), l.groups.join(" ")))
            .collect::<Vec<_>>()
            .join(" | ")
    });
    (excluded, left_out)
}

fn excluded_header(lang: Lang) -> &'static str {
    lang.pick("excluded", "uteslutna")
}

fn left_out_header(lang: Lang) -> &'static str {
    lang.pick("aij_left_out", "aij_utanför")
}

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
                .map(|(score, _)| full(lang, score))
                .unwrap_or_default()
        }));
        row.push(
            aggregate
                .scores
                .get(k)
                .map(|s| full(lang, *s))
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

/// A command's output about the groups' aggregate (`evaluate --aggregate`,
/// its what-if, `sensitivity … --aggregate`) with the groups it leaves out
/// named as `vagval groups` names them, in the same words: in text and
/// Markdown the lines of `exclusion_lines` after the `View:` line (at the
/// end if there is none); in JSON the keys `max_cr`, `excluded` and
/// `left_out` of `groups --format json` added to the top object; in CSV
/// the columns `excluded` (and `aij_left_out`) of `groups --format csv`
/// added to every row. Without a CR bound the output is returned as it is.
pub fn with_exclusions(
    output: String,
    exclusions: &Exclusions<'_>,
    format: Format,
    lang: Lang,
) -> io::Result<String> {
    if exclusions.max_cr.is_none() {
        return Ok(output);
    }
    match format {
        Format::Svg | Format::Html => Err(crate::document::not_converted(format)),
        Format::Table => Ok(insert_lines(&output, lang, "", exclusions)),
        Format::Markdown => Ok(insert_lines(&output, lang, "- ", exclusions)),
        Format::Json => {
            // Spliced in before the top object's closing brace, not parsed
            // and written again: a parse may move a number by one ulp.
            let (excluded, left_out) = exclusions_json(exclusions);
            let keys = json!({
                "max_cr": exclusions.max_cr,
                "excluded": excluded,
                "left_out": left_out,
            });
            let keys = serde_json::to_string_pretty(&keys).map_err(io::Error::from)?;
            let inner = keys
                .strip_prefix("{\n")
                .and_then(|k| k.strip_suffix("\n}"))
                .unwrap_or_default();
            match output.trim_end().strip_suffix('}') {
                Some(body) if body.trim_end() != "{" => {
                    Ok(format!("{},\n{inner}\n}}\n", body.trim_end()))
                }
                Some(_) => Ok(format!("{{\n{inner}\n}}\n")),
                None => Ok(output),
            }
        }
        Format::Csv => Ok(add_csv_columns(&output, lang, exclusions)),
    }
}

/// `output` with the exclusion lines after its first `View:` line, each
/// led as that line is (`- ` in a Markdown list, spaces when indented), or
/// at its end after `bullet`.
fn insert_lines(output: &str, lang: Lang, bullet: &str, exclusions: &Exclusions<'_>) -> String {
    let view = format!("{}: ", lang.pick("View", "Perspektiv"));
    let lines = exclusion_lines(lang, exclusions);
    let mut offset = 0;
    for line in output.split_inclusive('\n') {
        offset += line.len();
        let Some(lead) = line.find(&view).map(|at| &line[..at]) else {
            continue;
        };
        if lead
            .trim_start_matches(' ')
            .trim_start_matches("- ")
            .is_empty()
        {
            let notes: String = lines.iter().map(|l| format!("{lead}{l}\n")).collect();
            return format!("{}{notes}{}", &output[..offset], &output[offset..]);
        }
    }
    let notes: String = lines.iter().map(|l| format!("{bullet}{l}\n")).collect();
    format!("{output}\n{notes}")
}

/// The CSV `output` with the exclusion columns appended to every record
/// (the header's names, then the same cells in every row). Line breaks
/// inside quoted fields are not record ends.
fn add_csv_columns(output: &str, lang: Lang, exclusions: &Exclusions<'_>) -> String {
    let separator = lang.csv_separator();
    let (excluded, left_out) = exclusion_cells(exclusions);
    let mut header = String::new();
    let mut cells = String::new();
    for (name, cell) in [
        (excluded_header(lang), excluded),
        (left_out_header(lang), left_out),
    ] {
        if let Some(cell) = cell {
            header.push(separator);
            header.push_str(&crate::render::csv_field(name, separator));
            cells.push(separator);
            cells.push_str(&crate::render::csv_field(&cell, separator));
        }
    }
    let mut text = String::with_capacity(output.len() + 64);
    let mut quoted = false;
    let mut first = true;
    for c in output.chars() {
        if c == '"' {
            quoted = !quoted;
        }
        if c == '\n' && !quoted {
            text.push_str(if first { &header } else { &cells });
            first = false;
        }
        text.push(c);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goepel_categories() {
        let cases = [
            (0.0, "very low"),
            (0.499, "very low"),
            (0.5, "low"),
            (0.649, "low"),
            (0.65, "moderate"),
            (0.75, "high"),
            (0.849, "high"),
            (0.85, "very high"),
            (1.0, "very high"),
        ];
        for (s, expected) in cases {
            assert_eq!(consensus_reading(Lang::En, s), expected, "{s}");
        }
    }

    /// `with_exclusions` adds to an output without reading it wrongly: a
    /// CSV record with a quoted line break is one record; JSON keeps every
    /// number as written (a parse could move one by an ulp); text without a
    /// `View:` line gets the lines at its end; no bound, no change.
    #[test]
    fn exclusions_are_added_to_every_format() {
        let excluded = [Excluded {
            id: "g".into(),
            name: "G".into(),
            seats: 3.0,
            cr: 0.2,
            site: Site::Goal,
        }];
        let bound = Exclusions {
            max_cr: Some(0.1),
            excluded: &excluded,
            left_out: &[],
        };
        let add = |text: &str, format, lang| {
            with_exclusions(text.to_string(), &bound, format, lang).unwrap()
        };
        assert_eq!(
            add("id,name\na,\"two\nlines\"\nb,B\n", Format::Csv, Lang::En),
            "id,name,excluded\na,\"two\nlines\",g\nb,B,g\n"
        );
        assert_eq!(
            add("id;namn\na;A\n", Format::Csv, Lang::Sv),
            "id;namn;uteslutna\na;A;g\n"
        );
        let json = add(
            "{\n  \"score\": 0.22714242351354139\n}\n",
            Format::Json,
            Lang::En,
        );
        assert!(json.contains("\"score\": 0.22714242351354139,"), "{json}");
        let value: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["excluded"][0]["id"], "g");
        assert_eq!(value["max_cr"], 0.1);
        let text = add("Goal: x\n\nRanking\n", Format::Table, Lang::En);
        assert!(
            text.ends_with(
                "\nLeft out of the aggregate: G (`g`, 3 seats), CR 0.200 > 0.100 on the weights of the top-level criteria\n"
            ),
            "{text}"
        );
        let markdown = add("# x\n\n- Perspektiv: v\n- y\n", Format::Markdown, Lang::Sv);
        assert!(
            markdown.starts_with("# x\n\n- Perspektiv: v\n- Utesluten ur sammanvägningen: G"),
            "{markdown}"
        );
        let unbounded = Exclusions {
            max_cr: None,
            ..bound
        };
        assert_eq!(
            with_exclusions("a,b\n".into(), &unbounded, Format::Csv, Lang::En).unwrap(),
            "a,b\n"
        );
    }
}
