//! The workshop report: one self-contained HTML page (inline CSS and SVG, no
//! scripts, no network) with the decision, its alternatives, the criteria
//! and the reasons behind each judgment, every group's weights and ranking,
//! the aggregate and the consensus, the consistency warnings, and the
//! sensitivity analyses.
//!
//! `build_report` composes it (a `page::Report`) from the commands' own
//! documents — the same builders, the same language — so a figure in the
//! report is the number `vagval … --format markdown` prints, by
//! construction; each section names the command that prints it.
//! `page::render_page` lays it out. Nothing is re-parsed: every section is
//! blocks rendered by the one HTML renderer (`html_fragment`).

use crate::check::{check_document, name_of};
use crate::document::{Block, Document, Figure, html_fragment};
use crate::escape::escape;
use crate::evaluation::evaluation_sections;
use crate::figures::{self, group_views};
use crate::page::{CriterionHead, Note, Part, Report, Section, command_html, render_page};
use crate::render::fixed3;
use crate::sensitivity::crossover_sentence;
use crate::summary::{Names, glossary_document, judgment_words, summary_document};
use crate::{Lang, chart};
use std::io;
use vagval_core::Evaluation;
use vagval_core::group::{Aggregate, Aggregation, GroupAnalysis, GroupResult};
use vagval_core::model::{Alternative, Site};
use vagval_core::pairwise::Judgment;
use vagval_core::sensitivity::one_way::OneWay;
use vagval_core::sensitivity::smaa::{SmaaResult, WeightSampling};
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
    /// The rationale in English, where the workspace gives one
    /// (`rationale_en`, an optional second text beside `rationale`).
    pub rationale_en: Option<String>,
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
        let weights = smaa.weights.draw().name();
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
        let data = smaa.data.name();
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
    /// The day it was made (`2026-12-05`) and a fingerprint of its input
    /// files, so that two printed reports can be told apart.
    pub made_on: &'a str,
    pub fingerprint: &'a str,
    /// The groups' aggregate by the other method (AIP beside the AIJ the
    /// report uses, or AIJ beside AIP), to show whether the method decides.
    pub other_aggregate: Option<(Aggregation, &'a Aggregate)>,
    /// Each group's own judgments of the alternatives, by leaf: (group id,
    /// [(leaf id, judgments)]), for the groups that have any.
    pub group_assessments: &'a [OwnAssessments],
    /// The criteria's descriptions in the report's language where the
    /// workspace gives a second text (`description_en`): (id, text).
    pub criterion_descriptions: &'a [(String, String)],
}

/// A group's own judgments of the alternatives: (group id, [(leaf id,
/// judgments)]).
pub type OwnAssessments = (String, Vec<(String, Vec<Judgment>)>);

/// A command's document under a report heading of level 2: without its
/// title (the report has its own headings) and its charts (the report
/// draws its own, with captions).
fn embed_document(names: &Names, doc: Document) -> String {
    let mut doc = names.apply(untitled(doc));
    doc.blocks.retain(|b| !matches!(b, Block::Figure(_)));
    crate::html_fragment(&doc, 2)
}

/// A sensitivity command's document embedded without its title (the report
/// has its own headings), with the groups the aggregate leaves out named
/// as the command names them (`Exclusions::annotate`).
fn embed_scoped(names: &Names, s: &SensitivityData<'_>, doc: Document) -> String {
    let doc = match &s.exclusions {
        Some(exclusions) => exclusions.annotate(untitled(doc)),
        None => untitled(doc),
    };
    let doc = names.apply(doc);
    html_fragment(&doc, 2)
}

/// `doc` without its title, as the report shows a command's document
/// under its own headings: every level-1 heading goes, in an `Alt` from
/// its marked-up wording (the one HTML shows).
fn untitled(mut doc: Document) -> Document {
    fn untitled(blocks: Vec<Block>) -> Vec<Block> {
        blocks
            .into_iter()
            .filter(|b| !matches!(b, Block::Heading { level: 1, .. }))
            .map(|b| match b {
                Block::Alt { text, rich } => Block::Alt {
                    text,
                    rich: untitled(rich),
                },
                other => other,
            })
            .collect()
    }
    doc.blocks = untitled(doc.blocks);
    doc
}

fn figure(svg: &str, caption: &str) -> String {
    format!(
        "<figure>\n{svg}\n<figcaption>{}</figcaption>\n</figure>\n",
        escape(caption)
    )
}

/// The command that prints a section: `base` (with its own arguments)
/// followed by every setting the report was made with that applies to it,
/// `--format markdown` and `--lang`.
fn command_text(lang: Lang, data: &ReportData<'_>, base: &str, applies: Applies) -> String {
    format!(
        "{base} {} --format markdown --lang {}",
        data.settings.flags(lang, data.sensitivity.smaa, applies),
        lang.code()
    )
}

/// The paragraph naming the command that prints a section.
fn command(lang: Lang, data: &ReportData<'_>, base: &str, applies: Applies) -> String {
    command_html(lang, &command_text(lang, data, base, applies))
}

/// [`command`] as a part of a section.
fn command_part(lang: Lang, data: &ReportData<'_>, base: &str, applies: Applies) -> Part {
    Part::Command(command_text(lang, data, base, applies))
}

/// Blocks of the report's own as a part.
fn blocks(lang: Lang, blocks: Vec<Block>) -> Part {
    let mut doc = Document::new(lang);
    doc.extend(blocks);
    Part::Document(doc)
}

/// A command's document as the report shows it: without its title (the
/// report has its own headings), its first chart with `caption`.
fn in_report(doc: Document, caption: &str) -> Document {
    let mut doc = untitled(doc);
    if let Some(Block::Figure(figure)) = doc
        .blocks
        .iter_mut()
        .find(|b| matches!(b, Block::Figure(_)))
    {
        figure.caption = Some(caption.to_string());
    }
    doc
}

/// A chart with its caption.
fn captioned(chart: impl Into<chart::Chart>, caption: &str) -> Block {
    Block::Figure(Figure {
        chart: chart.into(),
        caption: Some(caption.to_string()),
    })
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
        ("summary", lang.pick("In short", "Kort sagt")),
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
    list.push(("glossary", lang.pick("Glossary", "Ordlista")));
    list
}

/// The judgments and ratings with their reasons, named.
fn notes(lang: Lang, evaluation: &Evaluation, notes: &[&SourceNote]) -> Part {
    let alternative = |id: &str| {
        evaluation
            .alternatives
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let note = |note: &&SourceNote| {
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
                judgment_words(
                    lang,
                    &name(first),
                    &name(second),
                    *value,
                    matches!(note.site, Site::Assessment(_)),
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
        // The rationale in the report's language where the workspace has
        // it; else the one it has, marked as Swedish.
        let (rationale, rationale_lang) = match (lang, &note.rationale_en) {
            (Lang::En, Some(english)) if !english.trim().is_empty() => (english.clone(), None),
            (Lang::En, _) if !note.rationale.trim().is_empty() => {
                (note.rationale.clone(), Some(Lang::Sv))
            }
            (Lang::Sv, Some(english))
                if note.rationale.trim().is_empty() && !english.trim().is_empty() =>
            {
                (english.clone(), Some(Lang::En))
            }
            _ => (note.rationale.clone(), None),
        };
        Note {
            head,
            rationale,
            rationale_lang,
            quote: note.quote.clone(),
        }
    };
    Part::Notes(notes.iter().map(note).collect())
}

fn criteria_section(lang: Lang, data: &ReportData<'_>) -> Vec<Part> {
    let evaluation = data.evaluation;
    // The criteria and the assessments (money as figures, ratings as
    // levels) as `vagval evaluate` prints them.
    let [_, (criteria_title, criteria), _, (assessed_title, assessed)] =
        evaluation_sections(lang, evaluation);
    let mut parts = vec![
        blocks(
            lang,
            vec![
                Block::heading(2, criteria_title),
                Block::Table(criteria),
                Block::heading(2, assessed_title),
                Block::Table(assessed),
            ],
        ),
        command_part(lang, data, "vagval evaluate", Applies::Every),
    ];
    let goal_notes: Vec<&SourceNote> = data.notes.iter().filter(|n| n.site == Site::Goal).collect();
    if !goal_notes.is_empty() {
        parts.push(blocks(
            lang,
            vec![Block::heading(
                1,
                lang.pick(
                    "How the criteria were weighed against each other",
                    "Hur kriterierna vägdes mot varandra",
                ),
            )],
        ));
        parts.push(notes(lang, evaluation, &goal_notes));
    }
    for c in &evaluation.criteria {
        parts.push(Part::Criterion(CriterionHead {
            id: c.id.clone(),
            name: c.name.clone(),
            weights: format!(
                "{} {} · {} {}",
                lang.pick("Local weight", "Lokal vikt"),
                fixed3(lang, c.local_weight),
                lang.pick("global weight", "global vikt"),
                fixed3(lang, c.global_weight)
            ),
            description: data
                .criterion_descriptions
                .iter()
                .find(|(id, _)| *id == c.id)
                .map_or_else(|| c.description.clone(), |(_, text)| text.clone()),
        }));
        let criterion_notes: Vec<&SourceNote> = data
            .notes
            .iter()
            .filter(|n| match &n.site {
                Site::Assessment(id) | Site::Weights(id) => *id == c.id,
                _ => false,
            })
            .collect();
        parts.push(notes(lang, evaluation, &criterion_notes));
    }
    parts
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
    // The aggregate's column: its evaluation under AIJ, its aggregated
    // global weights under AIP (which has no evaluation of its own).
    let heat_map = match data.group_analysis {
        Some(analysis) => match analysis.aggregate.evaluation.as_ref() {
            Some(aggregate) => {
                heat_views.push((aggregate_label(lang, analysis), aggregate));
                figures::heat_map_figure(lang, &heat_views)
            }
            None => figures::heat_map_figure_with(
                lang,
                &heat_views,
                aggregate_label(lang, analysis),
                &analysis.aggregate.criteria,
                &analysis.aggregate.global_weights,
            ),
        },
        None => figures::heat_map_figure(lang, &heat_views),
    };
    html.push_str(&figure(
        &chart::heat_map(&heat_map, lang),
        lang.pick("Darker cells weigh more.", "Mörkare rutor väger tyngre."),
    ));
    html.push_str(&embed_document(
        &Names::of(lang, data),
        crate::group_weights_document(data.evaluation, data.view, data.groups, lang),
    ));
    html.push_str(&command(lang, data, "vagval weights", Applies::Every));
    Ok(html)
}

/// The ranking and the contributions tables under the headings
/// `vagval evaluate` gives them.
fn ranking_blocks(lang: Lang, evaluation: &Evaluation) -> Vec<Block> {
    let [
        (ranking_title, ranking),
        _,
        (contributions_title, contributions),
        _,
    ] = evaluation_sections(lang, evaluation);
    vec![
        Block::heading(2, ranking_title),
        Block::Table(ranking),
        Block::heading(2, contributions_title),
        Block::Table(contributions),
    ]
}

/// The caption of the scores split by top-level criterion.
fn contributions_caption(lang: Lang) -> &'static str {
    lang.pick(
        "Each alternative's score, split into what each top-level criterion contributes.",
        "Varje alternativs poäng, uppdelad på vad varje huvudkriterium bidrar med.",
    )
}

fn group_rankings_section(lang: Lang, data: &ReportData<'_>) -> Vec<Part> {
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
    let mut parts = vec![blocks(
        lang,
        vec![captioned(
            figures::contributions_figure(lang, &views),
            contributions_caption(lang),
        )],
    )];
    for g in data.groups {
        parts.push(blocks(
            lang,
            vec![Block::heading(1, crate::groups::group_title(lang, g))],
        ));
        if let Some(flag) = crate::groups::cr_flag(lang, &g.id, &g.evaluation) {
            let mut warning = Document::new(lang);
            warning.push(Block::paragraph(vec![flag]));
            parts.push(Part::Warning(warning));
        }
        parts.push(blocks(lang, ranking_blocks(lang, &g.evaluation)));
        parts.push(command_part(
            lang,
            data,
            &format!("vagval evaluate --group {}", g.id),
            Applies::Every,
        ));
    }
    parts.extend(own_assessments_parts(lang, data));
    parts
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
    let mut html = String::new();
    html.push_str(&format!(
        "<p class=\"explain\">{}</p>\n",
        escape(lang.pick(
            "The groups are weighed by their seats. AIJ combines the groups' judgments of each pair before any weights are computed; AIP averages the groups' finished scores instead. S* says how alike the groups weigh the criteria (1: alike; 0: as far apart as the scale allows).",
            "Grupperna vägs efter sina mandat. AIJ väger ihop gruppernas bedömningar av varje par innan några vikter räknas fram; AIP tar i stället medelvärdet av gruppernas färdiga poäng. S* säger hur lika grupperna väger kriterierna (1: lika; 0: så långt isär som skalan tillåter)."
        ))
    ));
    html.push_str(&embed_document(
        &Names::of(lang, data),
        crate::groups_document(analysis, lang),
    ));
    html.push_str(&command(lang, data, "vagval groups", Applies::Groups));
    if let Some((method, other)) = data.other_aggregate {
        html.push_str(&other_aggregate_html(lang, analysis, method, other));
    }
    Ok(html)
}

/// The aggregate by the other method beside the report's: the same
/// ranking says the method does not decide it.
fn other_aggregate_html(
    lang: Lang,
    analysis: &GroupAnalysis,
    method: Aggregation,
    other: &Aggregate,
) -> String {
    let label = |a: Aggregation| match a {
        Aggregation::Aij => "AIJ",
        Aggregation::Aip => "AIP",
        Aggregation::AipGeometric => lang.pick("AIP (geometric)", "AIP (geometrisk)"),
    };
    let mut grid = crate::Grid::new(&[
        lang.pick("Alternative", "Alternativ"),
        label(analysis.aggregation),
        label(method),
    ])
    .numeric(&[1, 2]);
    for (k, (_, name)) in analysis.aggregate.alternatives.iter().enumerate() {
        let other_k = other
            .alternatives
            .iter()
            .position(|(id, _)| *id == analysis.aggregate.alternatives[k].0);
        grid.push(vec![
            name.clone(),
            format!(
                "{}. ({})",
                analysis.aggregate.ranks[k],
                lang.percent(analysis.aggregate.scores[k])
            ),
            other_k
                .map(|o| format!("{}. ({})", other.ranks[o], lang.percent(other.scores[o])))
                .unwrap_or_default(),
        ]);
    }
    let same = analysis
        .aggregate
        .alternatives
        .iter()
        .enumerate()
        .all(|(k, (id, _))| {
            other
                .alternatives
                .iter()
                .position(|(o, _)| o == id)
                .is_some_and(|o| other.ranks[o] == analysis.aggregate.ranks[k])
        });
    let mut doc = Document::new(lang);
    doc.push(Block::heading(
        1,
        lang.pick(
            "Both ways of combining the groups",
            "Båda sätten att väga ihop grupperna",
        ),
    ));
    doc.push(Block::Table(grid));
    doc.push(Block::paragraph(vec![
        if same {
            lang.pick(
                "Both give the same ranking: the choice of method does not decide it.",
                "Båda ger samma rangordning: valet av metod avgör den inte.",
            )
        } else {
            lang.pick(
                "They rank differently: the choice of method matters here, and both are shown.",
                "De rangordnar olika: valet av metod spelar roll här, och båda visas.",
            )
        }
        .to_string(),
    ]));
    html_fragment(&doc, 2)
}

/// The groups' own judgments of the alternatives, by group and leaf, in
/// words: where a group has them they replace the analysts' assessment and
/// decide its ranking. After the last group's command, under a heading of
/// their own.
fn own_assessments_parts(lang: Lang, data: &ReportData<'_>) -> Vec<Part> {
    let alternative = |id: &str| {
        data.evaluation
            .alternatives
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let mut parts = Vec::new();
    for group in data.groups {
        let Some((_, leaves)) = data
            .group_assessments
            .iter()
            .find(|(id, _)| *id == group.id)
        else {
            continue;
        };
        if leaves.is_empty() {
            continue;
        }
        if parts.is_empty() {
            parts.push(blocks(
                lang,
                vec![Block::heading(
                    1,
                    lang.pick(
                        "The groups' own judgments of the alternatives",
                        "Gruppernas egna bedömningar av alternativen",
                    ),
                ),
                Block::paragraph(vec![lang.pick(
                    "Where a group judged the alternatives itself, its judgments replace the analysts' on that criterion in its ranking.",
                    "Där en grupp själv har bedömt alternativen ersätter dess bedömningar analytikernas för det kriteriet i gruppens rangordning.",
                ).to_string()])],
            ));
        }
        parts.push(blocks(lang, vec![Block::heading(2, group.name.clone())]));
        let notes = leaves
            .iter()
            .flat_map(|(leaf, judgments)| {
                let leaf_name = name_of(data.evaluation, leaf);
                judgments.iter().map(move |j| (leaf_name.clone(), j))
            })
            .map(|(leaf_name, j)| Note {
                head: format!(
                    "{leaf_name}: {}",
                    judgment_words(
                        lang,
                        &alternative(&j.first),
                        &alternative(&j.second),
                        j.value,
                        true
                    )
                ),
                rationale: String::new(),
                rationale_lang: None,
                quote: String::new(),
            })
            .collect();
        parts.push(Part::Notes(notes));
    }
    parts
}

fn workspace_ranking_section(lang: Lang, data: &ReportData<'_>) -> Vec<Part> {
    let views = vec![(
        data.view
            .unwrap_or(lang.pick("workspace weights", "arbetsytans vikter"))
            .to_string(),
        data.evaluation,
    )];
    let mut shown = vec![captioned(
        figures::contributions_figure(lang, &views),
        contributions_caption(lang),
    )];
    shown.extend(ranking_blocks(lang, data.evaluation));
    vec![
        blocks(lang, shown),
        command_part(lang, data, "vagval evaluate", Applies::Every),
    ]
}

/// `vagval check`'s document, its chart captioned.
fn consistency_section(lang: Lang, data: &ReportData<'_>) -> Vec<Part> {
    let check = check_document(data.evaluation, data.groups, data.workspace, lang);
    vec![
        Part::Document(in_report(
            check,
            lang.pick(
                "A CR above 0.10 means the judgments of that matrix contradict each other enough to deserve a second look.",
                "Ett CR över 0,10 betyder att bedömningarna i matrisen motsäger varandra så mycket att de bör ses över.",
            ),
        )),
        command_part(lang, data, "vagval check", Applies::Every),
    ]
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
    html.push_str(&format!(
        "<p class=\"explain\">{}</p>\n",
        escape(lang.pick(
            "How much one criterion's weight must change, the others keeping their proportions, before two alternatives change places (Triantaphyllou & Sánchez 1997). PT is the criterion that changes the winner with the smallest relative change of its weight, PA the one that changes any place; δ′ is the change itself.",
            "Hur mycket ett kriteriums vikt måste ändras, medan de andra behåller sina proportioner, innan två alternativ byter plats (Triantaphyllou & Sánchez 1997). PT är det kriterium som byter vinnare med den minsta relativa ändringen av sin vikt, PA det som ändrar någon plats; δ′ är själva ändringen."
        ))
    ));
    html.push_str(&embed_scoped(
        &Names::of(lang, data),
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
    html.push_str(&format!(
        "<p class=\"explain\">{}</p>\n",
        escape(lang.pick(
            "The analysis draws many weightings at random and counts how often each alternative takes each place (its rank acceptability). Weights drawn on the simplex mean any weighting at all, each as likely.",
            "Analysen drar många viktningar slumpvis och räknar hur ofta varje alternativ hamnar på varje plats (dess rangacceptans). Vikter dragna på simplexen betyder vilken viktning som helst, alla lika sannolika."
        ))
    ));
    html.push_str(&embed_scoped(
        &Names::of(lang, data),
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

/// The report of `data`: its header, gaps and settings, and one section per
/// line of its contents, each a list of documents and the commands that
/// print them. Three sections compose their documents' HTML with charts
/// and captions of their own (the groups' weights, the aggregate, the
/// sensitivity analyses) and are `Part::Html`.
pub fn build_report(data: &ReportData<'_>, lang: Lang) -> io::Result<Report> {
    let groups = data.groups.len();
    let meta = format!(
        "{} vagval {} · {} · {}: {} · {groups} {} · {} {}",
        lang.pick("Made by", "Gjord med"),
        data.version,
        data.made_on,
        lang.pick("workspace", "arbetsyta"),
        data.workspace,
        match (lang, groups) {
            (Lang::En, 1) => "political group",
            (Lang::En, _) => "political groups",
            (Lang::Sv, 1) => "politisk grupp",
            (Lang::Sv, _) => "politiska grupper",
        },
        lang.pick("input fingerprint", "indatans fingeravtryck"),
        data.fingerprint,
    );
    let mut sections = Vec::new();
    for (id, title) in self::sections(lang, !data.groups.is_empty()) {
        let parts = match id {
            "summary" => vec![Part::Document(summary_document(lang, data))],
            "glossary" => vec![Part::Document(glossary_document(lang))],
            "alternatives" => vec![Part::Alternatives(data.alternatives.to_vec())],
            "criteria" => criteria_section(lang, data),
            "group-weights" => vec![Part::Html(group_weights_section(lang, data)?)],
            "group-rankings" => group_rankings_section(lang, data),
            "aggregate" => vec![Part::Html(aggregate_section(lang, data)?)],
            "ranking" => workspace_ranking_section(lang, data),
            "consistency" => consistency_section(lang, data),
            "sensitivity" => vec![Part::Html(sensitivity_section(lang, data)?)],
            _ => Vec::new(),
        };
        let names = Names::of(lang, data);
        let parts = parts
            .into_iter()
            .map(|part| match part {
                Part::Document(doc) => Part::Document(names.apply(doc)),
                Part::Warning(doc) => Part::Warning(names.apply(doc)),
                other => other,
            })
            .collect();
        sections.push(Section {
            id,
            title: title.to_string(),
            parts,
        });
    }
    Ok(Report {
        lang,
        title: data.evaluation.goal.clone(),
        lead: data.description.map(str::to_string),
        meta,
        gaps: data.gaps.to_vec(),
        settings: data
            .settings
            .list(lang, data.sensitivity.smaa)
            .into_iter()
            .map(|s| (s.label.to_string(), format!("{} {}", s.flag, s.value)))
            .collect(),
        sections,
    })
}

/// Writes the whole report as one HTML page.
pub fn write_html_report(
    out: &mut dyn io::Write,
    data: &ReportData<'_>,
    lang: Lang,
) -> io::Result<()> {
    out.write_all(render_page(&build_report(data, lang)?).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Consistency;

    fn chart(title: &str) -> Block {
        Block::figure(Consistency {
            title: title.into(),
            bars: vec![],
            threshold: 0.1,
        })
    }

    /// A command's document sits under the report's own headings: its
    /// title goes (also the marked-up wording of an `Alt`), the rest stays,
    /// and its first chart, only, gets the report's caption.
    #[test]
    fn a_document_in_the_report_loses_its_title_and_captions_its_chart() {
        let mut doc = Document::new(Lang::En);
        doc.extend([
            chart("first"),
            Block::Alt {
                text: vec![Block::paragraph(vec!["Workspace: w".into()])],
                rich: vec![Block::heading(1, "Consistency check: w")],
            },
            Block::heading(1, "Title"),
            Block::heading(2, "Revisit first"),
            chart("second"),
        ]);
        let shown = in_report(doc, "Why");
        let figures: Vec<Option<&str>> = shown
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Figure(f) => Some(f.caption.as_deref()),
                _ => None,
            })
            .collect();
        assert_eq!(figures, vec![Some("Why"), None]);
        assert_eq!(
            shown.blocks[1],
            Block::Alt {
                text: vec![Block::paragraph(vec!["Workspace: w".into()])],
                rich: vec![],
            }
        );
        assert_eq!(shown.blocks[2], Block::heading(2, "Revisit first"));
        assert_eq!(shown.blocks.len(), 4);
    }
}
