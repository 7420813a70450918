//! The workshop report as a value: a [`Report`] is the page's header, what it
//! leaves out, its settings and its numbered sections, each section a list of
//! [`Part`]s — mostly the commands' own [`Document`]s (rendered by
//! [`html_fragment`]) each followed by the command line that prints it.
//! `render_page` lays it out as one self-contained HTML page (inline CSS and
//! SVG, no scripts, no network); the web workshop can render the same
//! sections inside its own pages (`render_parts`).

use crate::Lang;
use crate::document::{Document, html_fragment};
use crate::escape::escape;
use vagval_core::model::Alternative;

/// The report, built by `html::report` from its data.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub lang: Lang,
    /// The decision (the goal): the page's title.
    pub title: String,
    /// What the decision is about (vagval.toml `description`).
    pub lead: Option<String>,
    /// Who made it and from what: `Made by vagval 0.1 · workspace: … · 6
    /// political groups`.
    pub meta: String,
    /// What could not be computed, said at the top.
    pub gaps: Vec<crate::ReportGap>,
    /// The settings it was made with: (what it is, `--flag value`).
    pub settings: Vec<(String, String)>,
    pub sections: Vec<Section>,
}

/// One numbered section of the report (and one line of its contents).
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The anchor the contents link to.
    pub id: &'static str,
    pub title: String,
    pub parts: Vec<Part>,
}

/// One piece of a section.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// A document under the section's heading (a command's output without
    /// its title, or the report's own prose): a level-1 heading is `<h3>`.
    Document(Document),
    /// The command line that prints what precedes it.
    Command(String),
    /// A warning about what precedes or follows it.
    Warning(Document),
    /// The alternatives as the workspace describes them.
    Alternatives(Vec<Alternative>),
    /// A criterion's heading (anchored by its id), weights and description.
    Criterion(CriterionHead),
    /// Judgments or ratings with the reasons given for them.
    Notes(Vec<Note>),
    /// HTML composed elsewhere from documents' fragments (`html_fragment`)
    /// with charts and captions around them: the groups' weights, the
    /// aggregate and the sensitivity sections.
    Html(String),
}

/// A criterion as the report introduces it.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionHead {
    pub id: String,
    pub name: String,
    /// `Local weight 0.412 · global weight 0.206`.
    pub weights: String,
    /// Its description (may be empty).
    pub description: String,
}

/// A judgment or rating, named, with its reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// `Cost over Time: 3 (moderately more)` or `Tranås: good`.
    pub head: String,
    /// The analyst's words (may be empty).
    pub rationale: String,
    /// The rationale's language where it is not the report's (the
    /// workspace gave it in one language only): marked `lang` on the page.
    pub rationale_lang: Option<Lang>,
    /// The source text, verbatim (may be empty; Swedish).
    pub quote: String,
}

/// The words before a command line.
fn command_label(lang: Lang) -> &'static str {
    lang.pick("On the command line:", "På kommandoraden:")
}

/// `<p class="command">On the command line: <code>…</code></p>`.
pub(crate) fn command_html(lang: Lang, command: &str) -> String {
    format!(
        "<p class=\"command\">{} <code>{}</code></p>\n",
        command_label(lang),
        escape(command)
    )
}

/// The parts as HTML, in order (a section's body without its heading).
pub fn render_parts(parts: &[Part], lang: Lang) -> String {
    let mut html = String::new();
    for part in parts {
        match part {
            Part::Document(doc) => html.push_str(&html_fragment(doc, 2)),
            Part::Command(command) => html.push_str(&command_html(lang, command)),
            Part::Warning(doc) => html.push_str(&format!(
                "<div class=\"warning\">{}</div>\n",
                html_fragment(doc, 2)
            )),
            Part::Alternatives(alternatives) => html.push_str(&alternatives_html(alternatives)),
            Part::Criterion(head) => html.push_str(&criterion_html(head)),
            Part::Notes(notes) => html.push_str(&notes_html(notes)),
            Part::Html(fragment) => html.push_str(fragment),
        }
    }
    html
}

fn alternatives_html(alternatives: &[Alternative]) -> String {
    let mut html = String::from("<dl class=\"alternatives\">\n");
    for a in alternatives {
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

fn criterion_html(head: &CriterionHead) -> String {
    let mut html = format!(
        "<h3 id=\"criterion-{}\">{} <code>{}</code></h3>\n<p class=\"meta\">{}</p>\n",
        escape(&head.id),
        escape(&head.name),
        escape(&head.id),
        escape(&head.weights)
    );
    if !head.description.trim().is_empty() {
        html.push_str(&format!("<p>{}</p>\n", escape(head.description.trim())));
    }
    html
}

fn notes_html(notes: &[Note]) -> String {
    if notes.is_empty() {
        return String::new();
    }
    let mut html = String::from("<ul class=\"judgments\">\n");
    for note in notes {
        html.push_str(&format!("<li><strong>{}</strong>", escape(&note.head)));
        if !note.rationale.trim().is_empty() {
            match note.rationale_lang {
                Some(other) => html.push_str(&format!(
                    " — <span lang=\"{}\">{}</span>",
                    other.code(),
                    escape(note.rationale.trim())
                )),
                None => html.push_str(&format!(" — {}", escape(note.rationale.trim()))),
            }
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

/// What the report leaves out and why, at its top (nothing when complete).
fn gaps_html(lang: Lang, gaps: &[crate::ReportGap]) -> String {
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
        let mut what = Document::new(lang);
        what.push(crate::Block::paragraph(
            gap.what.lines().map(str::to_string).collect(),
        ));
        html.push_str(&format!(
            "<li>{}<pre>{}</pre></li>\n",
            html_fragment(&what, 2),
            escape(gap.why.trim_end())
        ));
    }
    html.push_str("</ul>\n</div>\n");
    html
}

/// The settings the report was made with, as a small table.
fn settings_html(lang: Lang, settings: &[(String, String)]) -> String {
    let mut html = format!(
        "<details class=\"settings\" open>\n<summary>{}</summary>\n<table class=\"settings\">\n",
        escape(lang.pick(
            "Settings (every command named below carries them)",
            "Inställningar (varje kommando som nämns nedan har dem med)"
        ))
    );
    for (label, flag) in settings {
        html.push_str(&format!(
            "<tr><td>{}</td><td><code>{}</code></td></tr>\n",
            escape(label),
            escape(flag)
        ));
    }
    html.push_str("</table>\n</details>\n");
    html
}

/// The whole report as one HTML page.
pub fn render_page(report: &Report) -> String {
    let lang = report.lang;
    let mut body = format!("<header>\n<h1>{}</h1>\n", escape(&report.title));
    if let Some(lead) = &report.lead {
        body.push_str(&format!("<p class=\"lead\">{}</p>\n", escape(lead.trim())));
    }
    body.push_str(&format!(
        "<p class=\"meta\">{}</p>\n</header>\n",
        escape(&report.meta)
    ));
    body.push_str(&gaps_html(lang, &report.gaps));
    // The answer first: a summary section comes before the settings and
    // the contents (still numbered 1 and listed there).
    let summary_first = report.sections.first().is_some_and(|s| s.id == "summary");
    if summary_first {
        body.push_str(&section_html(1, &report.sections[0], lang));
    }
    body.push_str(&settings_html(lang, &report.settings));
    body.push_str(&format!(
        "<nav aria-label=\"{}\"><ol>\n",
        lang.pick("Contents", "Innehåll")
    ));
    for section in &report.sections {
        body.push_str(&format!(
            "<li><a href=\"#{}\">{}</a></li>\n",
            section.id,
            escape(&section.title)
        ));
    }
    body.push_str("</ol></nav>\n");
    for (number, section) in report.sections.iter().enumerate() {
        if summary_first && number == 0 {
            continue;
        }
        body.push_str(&section_html(number + 1, section, lang));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} — vagval</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        lang.code(),
        escape(&report.title)
    )
}

/// One numbered section with its heading.
fn section_html(number: usize, section: &Section, lang: Lang) -> String {
    format!(
        "<section aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{number}. {}</h2>\n{}</section>\n",
        escape(&section.title),
        render_parts(&section.parts, lang),
        id = section.id
    )
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
/* A chart shrinks to the column down to 3/4 of its drawn size (its text,
   14 px or more, stays at 10.5 px or more) and below that scrolls inside
   its own box, as a wide table does. Where attr() cannot give the chart's
   width, it keeps its own size on narrow screens. */
figure { margin: 1rem 0 1.5rem; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; display: block; }
@media (max-width: 48rem) { figure svg { max-width: none; } }
@supports (min-width: calc(attr(width px) * 0.75)) {
  figure svg { max-width: 100%; min-width: calc(attr(width px) * 0.75); }
}
table { display: block; max-width: 100%; overflow-x: auto; }
p.command code { overflow-wrap: anywhere; }
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
@media (max-width: 480px) { h1 { font-size: 1.5rem; } nav ol { columns: 1; } }
/* Printed on A4: sections follow one another (no page per section); a
   heading stays with what follows it, a chart or table is not split, a
   caption or command line stays with its chart or table. */
@page { size: A4; margin: 15mm 14mm 16mm; }
@media print {
  body { max-width: none; font-size: 10.5pt; line-height: 1.4; padding: 0; }
  nav { display: none; }
  h2 { margin-top: 1.6rem; }
  h1, h2, h3, h4, h5, h6 { break-after: avoid; break-inside: avoid; }
  h2 + p, h3 + p, h4 + p, h5 + p, h6 + p, p.meta { break-after: avoid; }
  figure, table, tr, blockquote, li, dt, pre, .gaps, details { break-inside: avoid; }
  /* A long table may go on over the page (its header row repeats). */
  table:has(> tbody > tr:nth-child(13)) { break-inside: auto; }
  dt { break-after: avoid; }
  figcaption, p.command { break-before: avoid; }
  p { orphans: 3; widows: 3; }
  figure { overflow: visible; }
  figure svg { max-width: 100%; min-width: 0; }
  table { display: table; font-size: 9pt; }
  a { color: inherit; text-decoration: none; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;

    #[test]
    fn parts_are_escaped_and_empty_ones_leave_nothing() {
        let mut warning = Document::new(Lang::En);
        warning.push(Block::paragraph(vec!["`g`: <b>CR</b>".into()]));
        let parts = vec![
            Part::Command("vagval evaluate --group <x>".into()),
            Part::Notes(Vec::new()),
            Part::Criterion(CriterionHead {
                id: "a\"b".into(),
                name: "<i>Cost</i>".into(),
                weights: "Local weight 0.5 · global weight 0.25".into(),
                description: "  \n ".into(),
            }),
            Part::Notes(vec![Note {
                head: "A over B: 3".into(),
                rationale: " cheaper & faster ".into(),
                rationale_lang: None,
                quote: String::new(),
            }]),
            Part::Warning(warning),
        ];
        assert_eq!(
            render_parts(&parts, Lang::Sv),
            "<p class=\"command\">På kommandoraden: <code>vagval evaluate --group &lt;x&gt;</code></p>\n\
             <h3 id=\"criterion-a&quot;b\">&lt;i&gt;Cost&lt;/i&gt; <code>a&quot;b</code></h3>\n\
             <p class=\"meta\">Local weight 0.5 · global weight 0.25</p>\n\
             <ul class=\"judgments\">\n<li><strong>A over B: 3</strong> — cheaper &amp; faster</li>\n</ul>\n\
             <div class=\"warning\"><p>`g`: &lt;b&gt;CR&lt;/b&gt;</p>\n</div>\n"
        );
    }

    #[test]
    fn the_page_numbers_its_sections_and_lists_them() {
        let mut doc = Document::new(Lang::En);
        doc.push(Block::heading(1, "Sub"));
        let report = Report {
            lang: Lang::En,
            title: "Goal & aim".into(),
            lead: None,
            meta: "Made by vagval 0".into(),
            gaps: vec![crate::ReportGap {
                what: "The group “x”.".into(),
                why: "error: <bad>\n".into(),
            }],
            settings: vec![("Method".into(), "--method eigen".into())],
            sections: vec![
                Section {
                    id: "one",
                    title: "First".into(),
                    parts: vec![Part::Document(doc)],
                },
                Section {
                    id: "two",
                    title: "Second".into(),
                    parts: Vec::new(),
                },
            ],
        };
        let page = render_page(&report);
        assert!(
            page.contains("<title>Goal &amp; aim — vagval</title>"),
            "{page}"
        );
        assert!(
            page.contains(
                "<li><a href=\"#one\">First</a></li>\n<li><a href=\"#two\">Second</a></li>"
            ),
            "{page}"
        );
        assert!(
            page.contains("<section aria-labelledby=\"one\">\n<h2 id=\"one\">1. First</h2>\n<h3>Sub</h3>\n</section>\n<section aria-labelledby=\"two\">\n<h2 id=\"two\">2. Second</h2>\n</section>"),
            "{page}"
        );
        assert!(
            page.contains("<li><p>The group “x”.</p>\n<pre>error: &lt;bad&gt;</pre></li>"),
            "{page}"
        );
        assert!(
            page.contains("<tr><td>Method</td><td><code>--method eigen</code></td></tr>"),
            "{page}"
        );
    }
}
