//! The workshop report: one self-contained HTML page (inline CSS and SVG, no
//! scripts, no network) with the decision, its alternatives, the criteria
//! and the reasons behind each judgment, every group's weights and ranking,
//! the aggregate and the consensus, the consistency warnings, and the
//! sensitivity analyses.
//!
//! Every table and sentence is the Markdown the command line prints (the
//! same writer, the same language), turned into HTML: a figure in the report
//! is the number `vagval … --format markdown` prints, by construction. Each
//! section names the command that prints it.

use crate::check::name_of;
use crate::document::{Block, Document, html_fragment};
use crate::evaluation::{contributions_grid, evaluation_sections, ranking_grid};
use crate::figures::{self, group_views};
use crate::markdown_html::{escape, to_html};
use crate::render::{fixed3, judgment};
use crate::sensitivity::crossover_sentence;
use crate::{Format, Lang, chart};
use std::io;
use vagval_core::Evaluation;
use vagval_core::group::{Aggregation, GroupAnalysis, GroupResult};
use vagval_core::model::{Alternative, Site};
use vagval_core::sensitivity::one_way::OneWay;
use vagval_core::sensitivity::smaa::{DataSampling, SmaaResult, WeightSampling};
use vagval_core::sensitivity::thresholds::Thresholds;
use vagval_core::settings::Settings;

/// A judgment or a rating with the reasons given for it in the workspace
/// files.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceNote {
    /// Where it belongs: a pairwise matrix, or a leaf rated on a scale.
    pub site: Site,
    pub subject: NoteSubject,
    /// Why (the analyst's words); may be empty.
    pub rationale: String,
    /// The source text it rests on, verbatim; may be empty.
    pub quote: String,
}

/// What a note is about.
#[derive(Debug, Clone, PartialEq)]
pub enum NoteSubject {
    /// `first` is judged `value` times as important as (or preferred to)
    /// `second` (ids).
    Judgment {
        first: String,
        second: String,
        value: f64,
    },
    /// An alternative (id) rated at a level (id) of the criterion's scale.
    Rating { alternative: String, level: String },
}

/// The sensitivity analyses of one view (the groups' aggregate, or the
/// workspace's own weights when there are no groups).
#[derive(Debug, Clone, Copy)]
pub struct SensitivityData<'a> {
    /// The view's label (as the sensitivity commands print it).
    pub view: Option<&'a str>,
    /// The command-line flag that selects this view (`--aggregate`, or "").
    pub scope_flag: &'a str,
    /// For the aggregate: the groups it leaves out (`--max-cr`), named
    /// beside the view as the sensitivity commands name them.
    pub exclusions: Option<crate::Exclusions<'a>>,
    /// The evaluation the analyses start from.
    pub basis: &'a Evaluation,
    /// One sweep per top-level criterion, in the model's order.
    pub one_way: &'a [OneWay],
    pub thresholds: &'a Thresholds,
    pub smaa: &'a SmaaResult,
}

/// The settings a report was made with. The report lists them near its top
/// and every command it names carries them as flags, so that the command
/// prints the report's figures. To add a setting, add one `Setting` to
/// `ReportSettings::list` (and, if it is not in core's `Settings`, a field
/// here).
#[derive(Debug, Clone, Copy)]
pub struct ReportSettings {
    /// Method, RI table, synthesis mode, completion, range point.
    pub analysis: Settings,
    /// How the groups are combined (`vagval groups --aggregation`).
    pub aggregation: Aggregation,
    /// The CR bound above which a group is left out of the aggregate
    /// (`--max-cr`), if any: `vagval groups` and every `--aggregate`
    /// command the report names carry it.
    pub max_cr: Option<f64>,
}

/// Which commands a setting's flag belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Applies {
    /// Every command (the global flags).
    Every,
    /// `vagval groups`.
    Groups,
    /// `vagval sensitivity monte-carlo`.
    MonteCarlo,
}

/// One setting: what it is called, its flag and value, where it applies.
struct Setting {
    label: &'static str,
    flag: &'static str,
    value: String,
    applies: Applies,
}

impl ReportSettings {
    /// Every setting of the report, in the order listed; the Monte Carlo
    /// ones come from the run itself.
    fn list(&self, lang: Lang, smaa: &SmaaResult) -> Vec<Setting> {
        let a = &self.analysis;
        let setting = |label, flag, value: &str, applies| Setting {
            label,
            flag,
            value: value.to_string(),
            applies,
        };
        // The global flags: every command the report names carries them.
        let every = [
            (
                lang.pick("Priority method", "Prioritetsmetod"),
                "--method",
                a.method.name(),
            ),
            (
                lang.pick("Random index table", "Tabell för slumpindex"),
                "--ri",
                a.ri.name(),
            ),
            (
                lang.pick("Synthesis mode", "Syntesläge"),
                "--mode",
                a.mode.name(),
            ),
            (
                lang.pick("Completion of gaps", "Ifyllnad av luckor"),
                "--completion",
                a.completion.name(),
            ),
            (
                lang.pick("Ranged data evaluated at", "Intervalldata värderade vid"),
                "--at",
                a.range_point.name(),
            ),
        ];
        let mut list: Vec<Setting> = every
            .into_iter()
            .map(|(label, flag, value)| setting(label, flag, value, Applies::Every))
            .collect();
        list.push(setting(
            lang.pick("Aggregation of the groups", "Sammanvägning av grupperna"),
            "--aggregation",
            self.aggregation.name(),
            Applies::Groups,
        ));
        if let Some(max_cr) = self.max_cr {
            list.push(setting(
                lang.pick(
                    "Groups left out of the aggregate above CR",
                    "Grupper utesluts ur sammanvägningen över CR",
                ),
                "--max-cr",
                &max_cr.to_string(),
                Applies::Groups,
            ));
        }
        list.extend([
            setting(
                lang.pick("Monte Carlo samples", "Monte Carlo-dragningar"),
                "--samples",
                &smaa.samples.to_string(),
                Applies::MonteCarlo,
            ),
            setting(
                lang.pick("Monte Carlo seed", "Monte Carlo-frö"),
                "--seed",
                &smaa.seed.to_string(),
                Applies::MonteCarlo,
            ),
        ]);
        let weights = match smaa.weights {
            WeightSampling::Simplex => "simplex",
            WeightSampling::PerturbJudgments { .. } => "perturb",
        };
        list.push(setting(
            lang.pick("Weights drawn", "Vikter dras"),
            "--weights",
            weights,
            Applies::MonteCarlo,
        ));
        if let WeightSampling::PerturbJudgments { spread } = smaa.weights {
            list.push(setting(
                lang.pick("Judgment spread", "Bedömningarnas spridning"),
                "--spread",
                &spread.to_string(),
                Applies::MonteCarlo,
            ));
        }
        let data = match smaa.data {
            DataSampling::Fixed => "fixed",
            DataSampling::Ranges => "ranges",
        };
        list.push(setting(
            lang.pick("Data in Monte Carlo", "Data i Monte Carlo"),
            "--data",
            data,
            Applies::MonteCarlo,
        ));
        list
    }

    /// The flags a command takes: the global ones, and its own.
    fn flags(&self, lang: Lang, smaa: &SmaaResult, command: Applies) -> String {
        self.list(lang, smaa)
            .iter()
            .filter(|s| s.applies == Applies::Every || s.applies == command)
            .map(|s| format!("{} {}", s.flag, s.value))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Something the report could not show, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportGap {
    /// What is missing, one sentence in the report's language (plain text;
    /// backticks stay as written, as everywhere in the report).
    pub what: String,
    /// Why: the error as the command line prints it (file:line:col, hint).
    pub why: String,
}

/// Everything the report shows, computed by the caller.
#[derive(Debug, Clone, Copy)]
pub struct ReportData<'a> {
    /// The workspace as the check prints it (its folder).
    pub workspace: &'a str,
    /// What the decision is about (vagval.toml `description`).
    pub description: Option<&'a str>,
    /// The alternatives as the workspace describes them.
    pub alternatives: &'a [Alternative],
    /// The workspace's own evaluation and the label of its weights.
    pub evaluation: &'a Evaluation,
    pub view: Option<&'a str>,
    pub notes: &'a [SourceNote],
    pub groups: &'a [GroupResult],
    /// The groups' aggregate (AIJ) and consensus; `None` without groups.
    pub group_analysis: Option<&'a GroupAnalysis>,
    pub sensitivity: SensitivityData<'a>,
    /// The settings it was made with (every named command carries them).
    pub settings: ReportSettings,
    /// What could not be computed (a group's failing script, an aggregate
    /// that cannot be formed), said at the top; empty when nothing is missing.
    pub gaps: &'a [ReportGap],
    /// The vagval version that made the report.
    pub version: &'a str,
}

const STYLE: &str = r#"
:root { --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; --accent: #0072B2; --warn: #D55E00; }
* { box-sizing: border-box; }
body { font-family: system-ui, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 64rem; padding: 1.5rem 1.25rem 4rem; line-height: 1.5; font-size: 17px; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .5rem; overflow-wrap: break-word; hyphens: auto; }
h2 { font-size: 1.5rem; margin: 2.5rem 0 .75rem; padding-top: .5rem; border-top: 3px solid var(--accent); }
h3 { font-size: 1.2rem; margin: 1.75rem 0 .5rem; }
h4, h5, h6 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
p.lead { font-size: 1.1rem; white-space: pre-line; }
p.meta, p.command, figcaption { color: var(--muted); font-size: .9rem; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .9em;
       background: #f3f3f3; padding: 0 .2em; border-radius: 3px; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .95rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { border-bottom: 2px solid var(--ink); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0 1.5rem; }
figure svg { max-width: 100%; height: auto; display: block; }
nav ol { columns: 2; padding-left: 1.25rem; }
blockquote { margin: .4rem 0 .8rem; padding: .2rem .9rem; border-left: 4px solid var(--rule); color: #333; font-style: italic; }
dl.alternatives dt { font-weight: 600; margin-top: .75rem; }
dl.alternatives dd { margin-left: 0; }
ul.judgments > li { margin-bottom: .6rem; }
.warning { color: var(--warn); }
.gaps { border: 2px solid var(--warn); border-radius: 4px; padding: .25rem 1rem .5rem; margin: 1rem 0; }
.gaps h2 { border-top: none; margin: .5rem 0; padding-top: 0; font-size: 1.2rem; color: var(--warn); }
.gaps li > p { font-weight: 600; margin: .4rem 0 .2rem; }
.gaps pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f6f6; padding: .4rem .6rem; font-size: .85rem; margin: .3rem 0 .6rem; }
table.settings { font-size: .9rem; }
table.settings td { padding: .15rem .6rem; }
table.settings code { white-space: nowrap; }
@media (max-width: 480px) { h1 { font-size: 1.5rem; } }
@media print {
  body { max-width: none; font-size: 11pt; padding: 0; }
  nav { display: none; }
  h2 { break-before: page; }
  figure, table, blockquote { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// Drops a leading `# title` line: the report has its own headings.
fn without_title(markdown: &str) -> &str {
    if markdown.starts_with("# ") {
        markdown
            .split_once('\n')
            .map(|(_, rest)| rest)
            .unwrap_or("")
    } else {
        markdown
    }
}

/// A writer's Markdown as HTML under a report heading of level 2.
fn embed(render: impl FnOnce(&mut dyn io::Write) -> io::Result<()>) -> io::Result<String> {
    let markdown = crate::to_string(render)?;
    Ok(to_html(without_title(&markdown), 2))
}

/// A command's document under a report heading of level 2: without its
/// title (the report has its own headings) and its charts (the report
/// draws its own, with captions).
fn embed_document(mut doc: Document) -> String {
    fn drop_title(blocks: &mut Vec<Block>) -> bool {
        if let Some(at) = blocks
            .iter()
            .position(|b| matches!(b, Block::Heading { level: 1, .. }))
        {
            blocks.remove(at);
            return true;
        }
        blocks.iter_mut().any(|b| match b {
            Block::Alt { rich, .. } => drop_title(rich),
            _ => false,
        })
    }
    doc.blocks.retain(|b| !matches!(b, Block::Figure(_)));
    drop_title(&mut doc.blocks);
    crate::html_fragment(&doc, 2)
}

/// A sensitivity command's document embedded without its title (the report
/// has its own headings), with the groups the aggregate leaves out named
/// after its view line, as the command prints them.
fn embed_scoped(lang: Lang, s: &SensitivityData<'_>, mut doc: Document) -> String {
    doc.blocks.retain(|block| !is_title(block));
    if let Some(exclusions) = s.exclusions.as_ref().filter(|e| e.max_cr.is_some()) {
        note_after_view(&mut doc, lang, crate::exclusion_lines(lang, exclusions));
    }
    html_fragment(&doc, 2)
}

/// A document's title: its level-1 heading, or an `Alt` worded around one.
fn is_title(block: &Block) -> bool {
    match block {
        Block::Heading { level, .. } => *level == 1,
        Block::Alt { rich, .. } => rich.iter().any(is_title),
        _ => false,
    }
}

/// `lines` after the document's `View:` line, or as a list at its end when
/// it has none.
fn note_after_view(doc: &mut Document, lang: Lang, lines: Vec<String>) {
    let view = format!("{}: ", lang.pick("View", "Perspektiv"));
    for block in &mut doc.blocks {
        if let Block::Paragraph(paragraph) = block
            && let Some(at) = paragraph.iter().position(|l| l.starts_with(&view))
        {
            paragraph.splice(at + 1..at + 1, lines);
            return;
        }
    }
    doc.push(Block::bullets(lines));
}

fn figure(svg: &str, caption: &str) -> String {
    format!(
        "<figure>\n{svg}\n<figcaption>{}</figcaption>\n</figure>\n",
        escape(caption)
    )
}

/// The paragraph naming the command that prints a section: `base` (with
/// its own arguments) followed by every setting the report was made with
/// that applies to it, `--format markdown` and `--lang`.
fn command(lang: Lang, data: &ReportData<'_>, base: &str, applies: Applies) -> String {
    let text = format!(
        "{base} {} --format markdown --lang {}",
        data.settings.flags(lang, data.sensitivity.smaa, applies),
        lang.code()
    );
    format!(
        "<p class=\"command\">{} <code>{}</code></p>\n",
        lang.pick("On the command line:", "På kommandoraden:"),
        escape(&text)
    )
}

/// What the report leaves out and why, at its top (nothing when complete).
fn gaps_html(lang: Lang, gaps: &[ReportGap]) -> String {
    if gaps.is_empty() {
        return String::new();
    }
    let mut html = format!(
        "<div class=\"gaps\" role=\"note\">\n<h2 id=\"missing\">{}</h2>\n<p>{}</p>\n<ul>\n",
        escape(lang.pick("This report is incomplete", "Rapporten är ofullständig")),
        escape(lang.pick(
            "What could be computed is shown; the following is missing:",
            "Det som gick att beräkna visas; detta saknas:"
        ))
    );
    for gap in gaps {
        html.push_str(&format!(
            "<li>{}<pre>{}</pre></li>\n",
            to_html(&gap.what, 2),
            escape(gap.why.trim_end())
        ));
    }
    html.push_str("</ul>\n</div>\n");
    html
}

/// The settings the report was made with, as a small table.
fn settings_html(lang: Lang, data: &ReportData<'_>) -> String {
    let mut html = format!(
        "<details class=\"settings\" open>\n<summary>{}</summary>\n<table class=\"settings\">\n",
        escape(lang.pick(
            "Settings (every command named below carries them)",
            "Inställningar (varje kommando som nämns nedan har dem med)"
        ))
    );
    for s in data.settings.list(lang, data.sensitivity.smaa) {
        html.push_str(&format!(
            "<tr><td>{}</td><td><code>{} {}</code></td></tr>\n",
            escape(s.label),
            escape(s.flag),
            escape(&s.value)
        ));
    }
    html.push_str("</table>\n</details>\n");
    html
}

/// The label of the groups' aggregate in charts: `Aggregate (AIJ)`.
fn aggregate_label(lang: Lang, analysis: &GroupAnalysis) -> String {
    format!(
        "{} ({})",
        lang.pick("Aggregate", "Sammanvägt"),
        analysis.aggregation.name().to_uppercase()
    )
}

/// A sensitivity command with the report's scope: `--aggregate` (and the
/// report's `--max-cr`, which applies to the aggregate), or none.
fn with_scope(data: &ReportData<'_>, base: &str) -> String {
    let scope = data.sensitivity.scope_flag;
    match data.settings.max_cr {
        _ if scope.is_empty() => base.to_string(),
        Some(max_cr) => format!("{base} {scope} --max-cr {max_cr}"),
        None => format!("{base} {scope}"),
    }
}

/// Section ids and titles, in order (the table of contents).
fn sections(lang: Lang, has_groups: bool) -> Vec<(&'static str, &'static str)> {
    let mut list = vec![
        (
            "alternatives",
            lang.pick("The alternatives", "Alternativen"),
        ),
        (
            "criteria",
            lang.pick("The criteria and their reasons", "Kriterierna och skälen"),
        ),
    ];
    if has_groups {
        list.push((
            "group-weights",
            lang.pick(
                "How each group weighs the criteria",
                "Hur grupperna väger kriterierna",
            ),
        ));
        list.push((
            "group-rankings",
            lang.pick("Each group's ranking", "Varje grupps rangordning"),
        ));
        list.push((
            "aggregate",
            lang.pick(
                "The aggregate and the consensus",
                "Sammanvägning och samsyn",
            ),
        ));
    } else {
        list.push(("ranking", lang.pick("The ranking", "Rangordningen")));
    }
    list.push(("consistency", lang.pick("Consistency", "Konsistens")));
    list.push((
        "sensitivity",
        lang.pick("How robust is the ranking?", "Hur robust är rangordningen?"),
    ));
    list
}

fn heading(number: usize, id: &str, title: &str) -> String {
    format!("<h2 id=\"{id}\">{number}. {}</h2>\n", escape(title))
}

fn notes_html(lang: Lang, evaluation: &Evaluation, notes: &[&SourceNote]) -> String {
    if notes.is_empty() {
        return String::new();
    }
    let alternative = |id: &str| {
        evaluation
            .alternatives
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let mut html = String::from("<ul class=\"judgments\">\n");
    for note in notes {
        let head = match &note.subject {
            // Alternatives are compared on a leaf; criteria everywhere else.
            NoteSubject::Judgment {
                first,
                second,
                value,
            } => {
                let name = |id: &str| match note.site {
                    Site::Assessment(_) => alternative(id),
                    _ => name_of(evaluation, id),
                };
                format!(
                    "{} {} {}: {}",
                    name(first),
                    lang.pick("over", "framför"),
                    name(second),
                    judgment(lang, *value)
                )
            }
            NoteSubject::Rating {
                alternative: id,
                level,
            } => {
                let level_name = match &note.site {
                    Site::Assessment(criterion) => evaluation
                        .criteria
                        .iter()
                        .find(|c| c.id == *criterion)
                        .and_then(|c| c.leaf.as_ref())
                        .and_then(|leaf| leaf.ratings.as_ref())
                        .and_then(|ratings| ratings.iter().find(|r| r.level == *level))
                        .map(|r| r.level_name.clone()),
                    _ => None,
                };
                format!(
                    "{}: {}",
                    alternative(id),
                    level_name.unwrap_or_else(|| level.clone())
                )
            }
        };
        html.push_str(&format!("<li><strong>{}</strong>", escape(&head)));
        if !note.rationale.trim().is_empty() {
            html.push_str(&format!(" — {}", escape(note.rationale.trim())));
        }
        if !note.quote.trim().is_empty() {
            // The shipped quotes are Swedish source text whatever the
            // report's language.
            html.push_str(&format!(
                "\n<blockquote lang=\"sv\">”{}”</blockquote>",
                escape(note.quote.trim())
            ));
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ul>\n");
    html
}

fn alternatives_section(data: &ReportData<'_>) -> String {
    let mut html = String::from("<dl class=\"alternatives\">\n");
    for a in data.alternatives {
        html.push_str(&format!(
            "<dt>{} <code>{}</code></dt>\n<dd>{}</dd>\n",
            escape(&a.name),
            escape(&a.id),
            escape(a.description.trim())
        ));
    }
    html.push_str("</dl>\n");
    html
}

fn criteria_section(lang: Lang, data: &ReportData<'_>) -> io::Result<String> {
    let evaluation = data.evaluation;
    // The criteria and the assessments (money as figures, ratings as
    // levels) as `vagval evaluate` prints them.
    let [_, (criteria_title, criteria), _, (assessed_title, assessed)] =
        evaluation_sections(lang, evaluation);
    let mut html = to_html(
        &format!(
            "## {criteria_title}\n\n{}\n## {assessed_title}\n\n{}",
            criteria.markdown(),
            assessed.markdown()
        ),
        2,
    );
    html.push_str(&command(lang, data, "vagval evaluate", Applies::Every));
    let goal_notes: Vec<&SourceNote> = data.notes.iter().filter(|n| n.site == Site::Goal).collect();
    if !goal_notes.is_empty() {
        html.push_str(&format!(
            "<h3>{}</h3>\n",
            escape(lang.pick(
                "How the criteria were weighed against each other",
                "Hur kriterierna vägdes mot varandra"
            ))
        ));
        html.push_str(&notes_html(lang, evaluation, &goal_notes));
    }
    for c in &evaluation.criteria {
        html.push_str(&format!(
            "<h3 id=\"criterion-{}\">{} <code>{}</code></h3>\n",
            escape(&c.id),
            escape(&c.name),
            escape(&c.id)
        ));
        html.push_str(&format!(
            "<p class=\"meta\">{} {} · {} {}</p>\n",
            lang.pick("Local weight", "Lokal vikt"),
            fixed3(lang, c.local_weight),
            lang.pick("global weight", "global vikt"),
            fixed3(lang, c.global_weight)
        ));
        if !c.description.trim().is_empty() {
            html.push_str(&format!("<p>{}</p>\n", escape(c.description.trim())));
        }
        let notes: Vec<&SourceNote> = data
            .notes
            .iter()
            .filter(|n| match &n.site {
                Site::Assessment(id) | Site::Weights(id) => *id == c.id,
                _ => false,
            })
            .collect();
        html.push_str(&notes_html(lang, evaluation, &notes));
    }
    Ok(html)
}

fn group_weights_section(lang: Lang, data: &ReportData<'_>) -> io::Result<String> {
    let views = group_views(lang, data.evaluation, data.view, data.groups);
    let mut html = figure(
        &chart::grouped_bars(&figures::weights_figure(lang, &views), lang),
        lang.pick(
            "Global weight of each top-level criterion, per group.",
            "Varje huvudkriteriums globala vikt, per grupp.",
        ),
    );
    let mut heat_views = views.clone();
    if let Some(analysis) = data.group_analysis
        && let Some(aggregate) = analysis.aggregate.evaluation.as_ref()
    {
        heat_views.push((aggregate_label(lang, analysis), aggregate));
    }
    html.push_str(&figure(
        &chart::heat_map(&figures::heat_map_figure(lang, &heat_views), lang),
        lang.pick("Darker cells weigh more.", "Mörkare rutor väger tyngre."),
    ));
    html.push_str(&embed_document(crate::group_weights_document(
        data.evaluation,
        data.view,
        data.groups,
        lang,
    )));
    html.push_str(&command(lang, data, "vagval weights", Applies::Every));
    Ok(html)
}

/// The ranking and the contributions tables under the headings
/// `vagval evaluate` gives them.
fn ranking_html(lang: Lang, evaluation: &Evaluation) -> String {
    let markdown = format!(
        "## {}\n\n{}\n## {}\n\n{}",
        lang.pick("Ranking", "Rangordning"),
        ranking_grid(lang, evaluation, fixed3).markdown(),
        lang.pick(
            "Contributions by top-level criterion",
            "Bidrag per huvudkriterium"
        ),
        contributions_grid(lang, evaluation).markdown()
    );
    to_html(&markdown, 2)
}

fn group_rankings_section(lang: Lang, data: &ReportData<'_>) -> String {
    let mut views: Vec<(String, &Evaluation)> = data
        .groups
        .iter()
        .map(|g| (g.name.clone(), &g.evaluation))
        .collect();
    if let Some(analysis) = data.group_analysis
        && let Some(aggregate) = analysis.aggregate.evaluation.as_ref()
    {
        views.push((aggregate_label(lang, analysis), aggregate));
    }
    let mut html = figure(
        &chart::stacked_bars(&figures::contributions_figure(lang, &views), lang),
        lang.pick(
            "Each alternative's score, split into what each top-level criterion contributes.",
            "Varje alternativs poäng, uppdelad på vad varje huvudkriterium bidrar med.",
        ),
    );
    for g in data.groups {
        html.push_str(&format!(
            "<h3>{}</h3>\n",
            escape(&crate::groups::group_title(lang, g))
        ));
        if let Some(flag) = crate::groups::cr_flag(lang, &g.id, &g.evaluation) {
            html.push_str(&format!(
                "<div class=\"warning\">{}</div>\n",
                to_html(&flag, 2)
            ));
        }
        html.push_str(&ranking_html(lang, &g.evaluation));
        html.push_str(&command(
            lang,
            data,
            &format!("vagval evaluate --group {}", g.id),
            Applies::Every,
        ));
    }
    html
}

fn aggregate_section(lang: Lang, data: &ReportData<'_>) -> io::Result<String> {
    let Some(analysis) = data.group_analysis else {
        return Ok(format!(
            "<p class=\"warning\">{}</p>\n",
            escape(lang.pick(
                "The groups' aggregate could not be computed: see “This report is incomplete” at the top.",
                "Gruppernas sammanvägning gick inte att beräkna: se ”Rapporten är ofullständig” överst."
            ))
        ));
    };
    let mut html = embed_document(crate::groups_document(analysis, lang));
    html.push_str(&command(lang, data, "vagval groups", Applies::Groups));
    Ok(html)
}

fn workspace_ranking_section(lang: Lang, data: &ReportData<'_>) -> String {
    let views = vec![(
        data.view
            .unwrap_or(lang.pick("workspace weights", "arbetsytans vikter"))
            .to_string(),
        data.evaluation,
    )];
    let mut html = figure(
        &chart::stacked_bars(&figures::contributions_figure(lang, &views), lang),
        lang.pick(
            "Each alternative's score, split into what each top-level criterion contributes.",
            "Varje alternativs poäng, uppdelad på vad varje huvudkriterium bidrar med.",
        ),
    );
    html.push_str(&ranking_html(lang, data.evaluation));
    html.push_str(&command(lang, data, "vagval evaluate", Applies::Every));
    html
}

fn consistency_section(lang: Lang, data: &ReportData<'_>) -> io::Result<String> {
    let mut html = figure(
        &chart::consistency(
            &figures::consistency_figure(lang, data.evaluation, data.groups),
            lang,
        ),
        lang.pick(
            "A CR above 0.10 means the judgments of that matrix contradict each other enough to deserve a second look.",
            "Ett CR över 0,10 betyder att bedömningarna i matrisen motsäger varandra så mycket att de bör ses över.",
        ),
    );
    html.push_str(&embed(|out| {
        crate::write_check(
            out,
            data.evaluation,
            data.groups,
            data.workspace,
            Format::Markdown,
            lang,
        )
    })?);
    html.push_str(&command(lang, data, "vagval check", Applies::Every));
    Ok(html)
}

fn sensitivity_section(lang: Lang, data: &ReportData<'_>) -> io::Result<String> {
    let s = data.sensitivity;
    let names: Vec<(String, String)> = s
        .basis
        .alternatives
        .iter()
        .map(|a| (a.id.clone(), a.name.clone()))
        .collect();
    let criteria: Vec<(String, String)> = s
        .basis
        .criteria
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    let mut html = String::new();
    html.push_str(&format!(
        "<h3>{}</h3>\n",
        escape(lang.pick(
            "What it would take to change the ranking",
            "Vad som krävs för att ändra rangordningen"
        ))
    ));
    html.push_str(&embed_scoped(
        lang,
        &s,
        crate::thresholds_document(s.thresholds, s.view, &criteria, &names, lang),
    ));
    html.push_str(&command(
        lang,
        data,
        &with_scope(data, "vagval sensitivity thresholds"),
        Applies::Every,
    ));
    html.push_str(&format!(
        "<h3>{}</h3>\n",
        escape(lang.pick("One criterion at a time", "Ett kriterium i taget"))
    ));
    let name_of = |id: &str| figures::name_in(&names, id);
    if s.one_way.is_empty() {
        html.push_str(&format!(
            "<p>{}</p>\n",
            escape(lang.pick(
                "There is one top-level criterion only: no weight can be traded between criteria.",
                "Det finns bara ett huvudkriterium: ingen vikt kan flyttas mellan kriterier."
            ))
        ));
    }
    for sweep in s.one_way {
        html.push_str(&format!("<h4>{}</h4>\n", escape(&sweep.name)));
        html.push_str(&figure(
            &chart::one_way(&figures::one_way_figure(lang, sweep, &names), lang),
            lang.pick(
                "The dashed line is the weight now; each dot is a weight at which two alternatives change places.",
                "Den streckade linjen är vikten i dag; varje punkt är en vikt där två alternativ byter plats.",
            ),
        ));
        if sweep.crossovers.is_empty() {
            // As `sensitivity one-way` says it.
            html.push_str(&format!(
                "<p>{}</p>\n",
                escape(crate::sensitivity::no_crossover_sentence(lang))
            ));
        } else {
            html.push_str("<ul>\n");
            for crossover in &sweep.crossovers {
                html.push_str(&format!(
                    "<li>{}</li>\n",
                    // With its full stop, as `sensitivity one-way` prints it.
                    escape(&format!(
                        "{}.",
                        crossover_sentence(lang, sweep, crossover, &name_of)
                    ))
                ));
            }
            html.push_str("</ul>\n");
        }
        html.push_str(&command(
            lang,
            data,
            &with_scope(
                data,
                &format!("vagval sensitivity one-way --criterion {}", sweep.criterion),
            ),
            Applies::Every,
        ));
    }
    html.push_str(&format!(
        "<h3>{}</h3>\n",
        escape(lang.pick(
            "Many possible weightings at once (Monte Carlo)",
            "Många tänkbara viktningar på en gång (Monte Carlo)"
        ))
    ));
    html.push_str(&embed_scoped(
        lang,
        &s,
        crate::smaa_document(s.smaa, s.view, &names, lang),
    ));
    html.push_str(&command(
        lang,
        data,
        &with_scope(data, "vagval sensitivity monte-carlo"),
        Applies::MonteCarlo,
    ));
    Ok(html)
}

/// Writes the whole report as one HTML document.
pub fn write_html_report(
    out: &mut dyn io::Write,
    data: &ReportData<'_>,
    lang: Lang,
) -> io::Result<()> {
    let evaluation = data.evaluation;
    let has_groups = !data.groups.is_empty();
    let list = sections(lang, has_groups);
    let mut body = String::new();
    body.push_str(&format!(
        "<header>\n<h1>{}</h1>\n",
        escape(&evaluation.goal)
    ));
    if let Some(description) = data.description {
        body.push_str(&format!(
            "<p class=\"lead\">{}</p>\n",
            escape(description.trim())
        ));
    }
    body.push_str(&format!(
        "<p class=\"meta\">{} vagval {} · {}: {} · {} {}</p>\n</header>\n",
        lang.pick("Made by", "Gjord med"),
        escape(data.version),
        lang.pick("workspace", "arbetsyta"),
        escape(data.workspace),
        data.groups.len(),
        lang.pick(
            if data.groups.len() == 1 {
                "political group"
            } else {
                "political groups"
            },
            if data.groups.len() == 1 {
                "politisk grupp"
            } else {
                "politiska grupper"
            },
        ),
    ));
    body.push_str(&gaps_html(lang, data.gaps));
    body.push_str(&settings_html(lang, data));
    body.push_str(&format!(
        "<nav aria-label=\"{}\"><ol>\n",
        lang.pick("Contents", "Innehåll")
    ));
    for (id, title) in &list {
        body.push_str(&format!(
            "<li><a href=\"#{id}\">{}</a></li>\n",
            escape(title)
        ));
    }
    body.push_str("</ol></nav>\n");
    for (number, (id, title)) in list.iter().enumerate() {
        body.push_str(&format!("<section aria-labelledby=\"{id}\">\n"));
        body.push_str(&heading(number + 1, id, title));
        let content = match *id {
            "alternatives" => alternatives_section(data),
            "criteria" => criteria_section(lang, data)?,
            "group-weights" => group_weights_section(lang, data)?,
            "group-rankings" => group_rankings_section(lang, data),
            "aggregate" => aggregate_section(lang, data)?,
            "ranking" => workspace_ranking_section(lang, data),
            "consistency" => consistency_section(lang, data)?,
            "sensitivity" => sensitivity_section(lang, data)?,
            _ => String::new(),
        };
        body.push_str(&content);
        body.push_str("</section>\n");
    }
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} — vagval</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        lang.code(),
        escape(&evaluation.goal)
    )
}
