//! vagval-report: what people look at. Evaluations, single matrices, weights,
//! consistency checks, political groups' views and sensitivity analyses
//! rendered as plain tables, JSON, CSV or Markdown, as SVG charts
//! (`chart`, fed by `figures`), and as one self-contained HTML workshop
//! report (`build_report`, `write_html_report`).
//!
//! A command's output is built once as a `Document` (headings, paragraphs,
//! lists, tables, charts, plus its JSON and its CSV table) and written by
//! one renderer per `Format` (`write_document`); `html_fragment` gives its
//! blocks as HTML for pages that compose documents; the workshop report is
//! such a page (`build_report` → `page::Report` → `render_page`).
//!
//! Every function writes to the caller's `Write` or returns a `String`; this
//! crate never opens files, prints or exits, and never recomputes what core
//! already computed. Words and numbers follow a `Lang` (English or Swedish):
//! tables and Markdown show priorities and scores to 3 decimals (`0,412` in
//! Swedish); JSON carries full f64s and English keys whatever the language;
//! CSV carries six decimals (`Lang::csv_number`), quoted per RFC 4180, separated by `,` in
//! English and by `;` with a decimal comma in Swedish. Names pass through
//! unchanged (UTF-8).

mod advice;
pub mod chart;
mod check;
pub mod document;
mod escape;
mod evaluation;
pub mod figures;
mod groups;
mod html;
pub mod lang;
mod matrix;
pub mod number;
pub mod page;
mod render;
mod sensitivity;
mod summary;
mod what_if;

pub use check::check_document;
pub use document::{
    Block, Document, Format, RenderOptions, html_fragment, write_document, write_document_with,
};
pub use evaluation::{evaluation_document, weights_document};
pub use groups::{
    Exclusions, aggregate_document, aggregation_label, consensus_reading, exclusion_lines,
    group_evaluations_document, group_weights_document, groups_document, seats_label,
};
pub use html::{
    NoteSubject, OwnAssessments, ReportData, ReportGap, ReportSettings, SensitivityData,
    SourceNote, build_report, write_html_report,
};
pub use lang::Lang;
pub use matrix::matrix_document;
pub use page::{Part, Report, Section, render_page};
pub use render::{Grid, site_phrase};
// Every public item of sensitivity.rs (its builders, its sentences): a new
// sensitivity analysis's builder needs no line here.
pub use sensitivity::*;
pub use what_if::what_if_document;

/// Renders into a `String` (for tests and callers that post-process).
pub fn to_string(
    render: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<String> {
    let mut buffer = Vec::new();
    render(&mut buffer)?;
    String::from_utf8(buffer).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}
