//! The pieces every report shares: plain text tables (tabled), Markdown pipe
//! tables, RFC 4180 CSV rows, fixed-precision numbers and the names of the
//! places in a model that a matrix or warning belongs to; and one renderer
//! per format of a `Document` (`text`, `markdown`, `html`, `csv`, `json`,
//! `svg`).

pub(crate) mod csv;
pub(crate) mod fit;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod markdown;
pub(crate) mod svg;
pub(crate) mod text;

use serde::Serialize;
use std::io::{self, Write};
use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Alignment, Style};
use vagval_core::MatrixAnalysis;
use vagval_core::consistency::{CR_THRESHOLD, Revisit};
use vagval_core::model::Site;
use vagval_core::synthesis::Warning;

use crate::Lang;

/// What tables show when there is no value (no CR for direct weights, …).
pub(crate) const NONE: &str = "–";

/// A rectangular table: a header row and rows of cells, and which columns
/// hold numbers (right-aligned in the text table). Short rows are padded
/// with empty cells to the widest row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub numeric: Vec<usize>,
}

impl Grid {
    pub fn new(headers: &[&str]) -> Self {
        Grid {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            numeric: Vec::new(),
        }
    }

    pub fn numeric(mut self, columns: &[usize]) -> Self {
        self.numeric = columns.to_vec();
        self
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    pub(crate) fn width(&self) -> usize {
        self.rows
            .iter()
            .map(Vec::len)
            .chain([self.headers.len()])
            .max()
            .unwrap_or(0)
    }

    pub(crate) fn padded(&self, row: &[String]) -> Vec<String> {
        let mut cells = row.to_vec();
        cells.resize(self.width(), String::new());
        cells
    }

    /// A box-drawn plain-text table no wider than `width` columns: cells
    /// wrapped, or one block per row when even that cannot fit (see
    /// `fit`); trailing newline included.
    pub fn text_fit(&self, width: usize) -> String {
        fit::fit(self, width)
    }

    /// A box-drawn plain-text table (no colours), however wide, trailing
    /// newline included.
    pub fn text(&self) -> String {
        let width = self.width();
        if width == 0 {
            return String::new();
        }
        let mut builder = Builder::new();
        builder.push_record(self.padded(&self.headers));
        for row in &self.rows {
            builder.push_record(self.padded(row));
        }
        let mut table = builder.build();
        table.with(Style::sharp());
        for &column in &self.numeric {
            if column < width {
                table.modify(Columns::one(column), Alignment::right());
            }
        }
        let mut text = table.to_string();
        text.push('\n');
        text
    }

    /// The table for a report that is Markdown or plain text.
    pub fn layout(&self, markdown: bool) -> String {
        if markdown {
            self.markdown()
        } else {
            self.text()
        }
    }

    /// A Markdown pipe table, trailing newline included.
    pub fn markdown(&self) -> String {
        let width = self.width();
        if width == 0 {
            return String::new();
        }
        let line = |cells: &[String]| {
            let escaped: Vec<String> = cells.iter().map(|c| markdown_cell(c)).collect();
            format!("| {} |\n", escaped.join(" | "))
        };
        let mut text = line(&self.padded(&self.headers));
        let rule: Vec<&str> = (0..width)
            .map(|c| {
                if self.numeric.contains(&c) {
                    "---:"
                } else {
                    "---"
                }
            })
            .collect();
        text.push_str(&format!("| {} |\n", rule.join(" | ")));
        for row in &self.rows {
            text.push_str(&line(&self.padded(row)));
        }
        text
    }

    /// The header and rows as RFC 4180 CSV (CRLF line ends are not required
    /// by consumers; `\n` is used), separated by `,`, or by `;` in Swedish
    /// (the cells' numbers already carry the language's decimal mark).
    pub fn csv(&self, lang: Lang) -> String {
        let mut text = csv_row(&self.headers, lang);
        for row in &self.rows {
            text.push_str(&csv_row(row, lang));
        }
        text
    }
}

fn markdown_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// A CSV field, quoted when it holds the separator, a quote or a line
/// break; inner quotes are doubled (RFC 4180). (A decimal comma in a
/// `;`-separated Swedish file needs no quotes.)
pub(crate) fn csv_field(text: &str, separator: char) -> String {
    if text.contains([separator, '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

pub(crate) fn csv_row(cells: &[String], lang: Lang) -> String {
    let fields: Vec<String> = cells
        .iter()
        .map(|c| csv_field(c, lang.csv_separator()))
        .collect();
    let mut separator = [0u8; 4];
    format!(
        "{}\n",
        fields.join(lang.csv_separator().encode_utf8(&mut separator))
    )
}

/// Three decimals: the precision of priorities and scores in tables.
pub(crate) fn fixed3(lang: Lang, value: f64) -> String {
    lang.fixed(value, 3)
}

/// A number in a CSV cell: six decimals at most, the language's decimal
/// mark (the one rule, `Lang::csv_number`).
pub(crate) fn csv_number(lang: Lang, value: f64) -> String {
    lang.csv_number(value)
}

/// A judgment as people write it: `5`, `2.5`, `1/3` (a reciprocal of a whole
/// number is shown as a fraction).
pub(crate) fn judgment(lang: Lang, value: f64) -> String {
    if value > 0.0 && value < 1.0 {
        let inverse = 1.0 / value;
        if (inverse - inverse.round()).abs() < 1e-9 {
            return format!("1/{}", inverse.round());
        }
    }
    short(lang, value)
}

/// Two decimals without trailing zeros: `5`, `2.1`, `2.38`, `0.53`
/// (`2,38` in Swedish).
pub(crate) fn short(lang: Lang, value: f64) -> String {
    if value.is_finite() && value.abs() >= 1e6 {
        return lang.localise(&format!("{value:.2e}"));
    }
    let text = format!("{value:.2}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    if text == "-0" {
        "0".to_string()
    } else {
        lang.localise(text)
    }
}

/// The name of item `index`, or its number if the list is short.
pub(crate) fn item(items: &[String], index: usize) -> String {
    items
        .get(index)
        .cloned()
        .unwrap_or_else(|| format!("#{}", index + 1))
}

/// `A over B: given 5, consistent 2.1, suggest 2 (ε = 2.38)`, or in Swedish
/// `A framför B: angivet 5, konsistent 2,1, förslag 2 (ε = 2,38)`.
pub(crate) fn revisit_line(lang: Lang, items: &[String], r: &Revisit) -> String {
    format!(
        "{} {} {}: {} {}, {} {}, {} {} (ε = {})",
        item(items, r.row),
        lang.pick("over", "framför"),
        item(items, r.col),
        lang.pick("given", "angivet"),
        judgment(lang, r.value),
        lang.pick("consistent", "konsistent"),
        short(lang, r.consistent_value),
        lang.pick("suggest", "förslag"),
        judgment(lang, r.suggested),
        short(lang, r.epsilon)
    )
}

pub(crate) fn revisit_json(items: &[String], r: &Revisit) -> serde_json::Value {
    serde_json::json!({
        "row": item(items, r.row),
        "col": item(items, r.col),
        "value": r.value,
        "epsilon": r.epsilon,
        "consistent_value": r.consistent_value,
        "suggested": r.suggested,
    })
}

/// `acceptable` or `above 0.10` (`godtagbar`, `över 0,10`).
pub(crate) fn verdict(lang: Lang, analysis: &MatrixAnalysis) -> String {
    if analysis.is_inconsistent() {
        format!(
            "{} {}",
            lang.pick("above", "över"),
            lang.fixed(CR_THRESHOLD, 2)
        )
    } else {
        lang.pick("acceptable", "godtagbar").to_string()
    }
}

/// A site as a short, stable key: `goal`, `weights:<id>`, `assessment:<id>`,
/// `rating-scale:<id>`, `matrix`.
pub(crate) fn site_key(site: &Site) -> String {
    match site {
        Site::Goal => "goal".to_string(),
        Site::Weights(id) => format!("weights:{id}"),
        Site::Assessment(id) => format!("assessment:{id}"),
        Site::RatingScale(id) => format!("rating-scale:{id}"),
        Site::Matrix => "matrix".to_string(),
    }
}

/// The kebab-case name serde gives a unit enum variant (`inconsistent`,
/// `pairwise`, …), so that reports name things as core does.
pub(crate) fn serde_name(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

pub(crate) fn warning_json(warning: &Warning) -> serde_json::Value {
    serde_json::json!({
        "site": site_key(&warning.site),
        "kind": serde_name(&warning.kind),
        "message": warning.message,
    })
}

/// Where a matrix or warning belongs, in words: "the weights of the
/// top-level criteria" / "vikterna för huvudkriterierna".
pub fn site_phrase(lang: Lang, site: &Site) -> String {
    site.phrase(lang.into())
}

/// A warning's message in the language: core's text (`WarningFacts::message`).
pub(crate) fn warning_message(lang: Lang, warning: &Warning) -> String {
    warning.facts.message(lang.into())
}

/// `<where>: <message>` for text and Markdown.
pub(crate) fn warning_line(lang: Lang, warning: &Warning) -> String {
    format!(
        "{}: {}",
        site_phrase(lang, &warning.site),
        warning_message(lang, warning)
    )
}

/// Pretty JSON followed by a newline.
pub(crate) fn write_json(out: &mut dyn Write, value: &serde_json::Value) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quoting() {
        let cases = [
            ("plain", "plain"),
            ("Åby, norra", "\"Åby, norra\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("Väg ö", "Väg ö"),
        ];
        for (input, expected) in cases {
            assert_eq!(csv_field(input, ','), expected, "{input}");
        }
        // Swedish: `;` separates, so a decimal comma is left bare.
        assert_eq!(csv_field("0,5", ';'), "0,5");
        assert_eq!(csv_field("a;b", ';'), "\"a;b\"");
        assert_eq!(
            csv_row(&["x;y".into(), "0,25".into()], Lang::Sv),
            "\"x;y\";0,25\n"
        );
    }

    #[test]
    fn short_numbers() {
        let cases = [
            (5.0, "5"),
            (2.1, "2.1"),
            (2.3789, "2.38"),
            (0.5, "0.5"),
            (0.45, "0.45"),
            (9.0, "9"),
        ];
        for (input, expected) in cases {
            assert_eq!(short(Lang::En, input), expected, "{input}");
            assert_eq!(
                short(Lang::Sv, input),
                expected.replace('.', ","),
                "{input}"
            );
        }
        let judgments = [(5.0, "5"), (1.0 / 3.0, "1/3"), (0.5, "1/2"), (0.45, "0.45")];
        for (input, expected) in judgments {
            assert_eq!(judgment(Lang::En, input), expected, "{input}");
        }
    }
}
