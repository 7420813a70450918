//! vagval-report: what people look at. Evaluations, single matrices, weights,
//! consistency checks and political groups' views rendered as plain tables,
//! JSON, CSV or Markdown.
//!
//! Every function writes to the caller's `Write`; this crate never opens
//! files, prints or exits, and never recomputes what core already computed.
//! Tables and Markdown show priorities and scores to 3 decimals; JSON carries
//! full f64s; CSV carries full precision with a `.` decimal point and quotes
//! per RFC 4180. Names pass through unchanged (UTF-8).

pub mod chart;
mod check;
mod evaluation;
mod groups;
pub mod lang;
mod matrix;
pub mod number;
mod render;
mod sensitivity;

pub use check::write_check;
pub use evaluation::{write_evaluation, write_weights};
pub use groups::{
    aggregation_label, consensus_reading, write_group_evaluations, write_group_weights,
    write_groups,
};
pub use lang::Lang;
pub use matrix::write_matrix;
pub use sensitivity::{
    crossover_sentence, threshold_sentence, write_one_way, write_smaa, write_thresholds,
    write_what_if,
};

/// How a report is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Box-drawn plain-text tables, no colours.
    Table,
    /// Pretty-printed JSON, object keys in a stable order.
    Json,
    /// One rectangular RFC 4180 table with a header row.
    Csv,
    /// Headings and pipe tables.
    Markdown,
}

/// Renders into a `String` (for tests and callers that post-process).
pub fn to_string(
    render: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<String> {
    let mut buffer = Vec::new();
    render(&mut buffer)?;
    String::from_utf8(buffer).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}
