//! Reading one pairwise matrix for `vagval matrix`: JSON
//! (`{"items": [...], "matrix": [[1, 3, null], ...]}`, null = not compared)
//! or a plain table of numbers and fractions, optionally with item names as
//! a header row and/or as the first column.

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::error_sv::value_error_sv;
use serde::Deserialize;
use std::ops::Range;
use vagval_core::scale;

/// Items and rows, `None` where not compared.
pub struct MatrixInput {
    pub items: Vec<String>,
    pub rows: Vec<Vec<Option<f64>>>,
    /// Byte span of each cell, for plain tables (JSON keeps no positions).
    pub cell_spans: Option<Vec<Vec<Range<usize>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonMatrix {
    items: Option<Vec<String>>,
    matrix: Vec<Vec<JsonCell>>,
}

/// A cell: a number, a string (fraction or label) or null.
enum JsonCell {
    Number(f64),
    Text(String),
    Missing,
}

struct CellVisitor;

impl<'de> serde::de::Visitor<'de> for CellVisitor {
    type Value = JsonCell;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a number, a fraction such as \"1/3\", or null for a pair not compared")
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<JsonCell, E> {
        Ok(JsonCell::Number(v))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<JsonCell, E> {
        Ok(JsonCell::Number(v as f64))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<JsonCell, E> {
        Ok(JsonCell::Number(v as f64))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<JsonCell, E> {
        Ok(JsonCell::Text(v.to_string()))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<JsonCell, E> {
        Ok(JsonCell::Missing)
    }
}

impl<'de> Deserialize<'de> for JsonCell {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CellVisitor)
    }
}

const GAP_TOKENS: [&str; 6] = ["-", "?", "_", "null", "na", "·"];

pub fn parse(file: &SourceFile) -> Result<MatrixInput, Diagnostic> {
    if file.text.trim_start().starts_with('{') {
        parse_json(file)
    } else {
        parse_table(file)
    }
}

fn default_items(n: usize) -> Vec<String> {
    (1..=n).map(|i| i.to_string()).collect()
}

fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

fn parse_json(file: &SourceFile) -> Result<MatrixInput, Diagnostic> {
    let parsed: JsonMatrix = serde_json::from_str(&file.text).map_err(|e| {
        let at = offset_of(&file.text, e.line(), e.column());
        Diagnostic::new(format!("invalid matrix JSON: {e}"))
            .sv(format!("ogiltig matris-JSON: {e}"))
            .at(file, Some(at..at + 1))
            .hint("expected {\"items\": [\"A\", \"B\"], \"matrix\": [[1, 3], [0.3333, 1]]} with null for pairs not compared")
            .hint_sv("väntade {\"items\": [\"A\", \"B\"], \"matrix\": [[1, 3], [0.3333, 1]]} med null för par som inte jämförts")
    })?;
    let n = parsed.matrix.len();
    let items = parsed.items.unwrap_or_else(|| default_items(n));
    if items.len() != n {
        return Err(Diagnostic::new(format!(
            "{} items are named but the matrix has {n} rows",
            items.len()
        ))
        .sv(format!(
            "{} poster har namn men matrisen har {n} rader",
            items.len()
        ))
        .at(file, None)
        .hint("give one item name per row")
        .hint_sv("ge ett postnamn per rad"));
    }
    let mut rows = Vec::with_capacity(n);
    for (r, row) in parsed.matrix.iter().enumerate() {
        let mut cells = Vec::with_capacity(row.len());
        for (c, cell) in row.iter().enumerate() {
            cells.push(match cell {
                JsonCell::Number(v) => Some(*v),
                JsonCell::Missing => None,
                JsonCell::Text(t) => Some(scale::parse_value(t).map_err(|e| {
                    Diagnostic::new(format!("matrix[{r}][{c}]: {e}"))
                        .sv(format!("matrix[{r}][{c}]: {}", value_error_sv(&e)))
                        .at(file, None)
                })?),
            });
        }
        rows.push(cells);
    }
    Ok(MatrixInput {
        items,
        rows,
        cell_spans: None,
    })
}

fn parse_cell(token: &str) -> Option<Option<f64>> {
    if GAP_TOKENS.contains(&token.to_lowercase().as_str()) {
        return Some(None);
    }
    scale::parse_value(token).ok().map(Some)
}

/// Whether a token is a cell rather than a name. Labels ("moderate") are not
/// accepted as cells: they would make header detection ambiguous. A cell is
/// a gap mark, or starts like a number (so `E4` is a name, `4e2` a number).
fn is_value(token: &str) -> bool {
    let lowered = token.to_lowercase();
    let numeric =
        |c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | '/' | '-' | '+' | 'e' | 'E');
    GAP_TOKENS.contains(&lowered.as_str())
        || (token.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))
            && token.chars().all(numeric))
}

fn parse_table(file: &SourceFile) -> Result<MatrixInput, Diagnostic> {
    // (line start offset, tokens with their byte offsets)
    let mut lines: Vec<Vec<(usize, &str)>> = Vec::new();
    let mut offset = 0;
    for line in file.text.split_inclusive('\n') {
        let content = line.split('#').next().unwrap_or("");
        let mut tokens = Vec::new();
        let mut pos = 0;
        for piece in content.split(|c: char| c.is_whitespace() || c == ';' || c == '|' || c == '\t')
        {
            if !piece.is_empty() {
                tokens.push((offset + pos, piece));
            }
            pos += piece.len() + 1;
        }
        if !tokens.is_empty() {
            lines.push(tokens);
        }
        offset += line.len();
    }
    if lines.is_empty() {
        return Err(Diagnostic::new("the matrix is empty")
            .sv("matrisen är tom")
            .at(file, None)
            .hint("write one row per line, e.g. `1 3 1/5`, or JSON {\"items\": [...], \"matrix\": [[...]]}")
            .hint_sv("skriv en rad i matrisen per textrad, t.ex. `1 3 1/5`, eller JSON {\"items\": [...], \"matrix\": [[...]]}"));
    }
    // A header names items only; a line mixing names and numbers is a row
    // (whose bad tokens are then reported where they stand).
    let header = lines[0].iter().all(|(_, t)| !is_value(t));
    let names: Option<Vec<String>> =
        header.then(|| lines[0].iter().map(|(_, t)| t.to_string()).collect());
    let body = if header { &lines[1..] } else { &lines[..] };
    let n = body.len();
    let mut row_labels = Vec::new();
    let mut rows = Vec::with_capacity(n);
    let mut spans = Vec::with_capacity(n);
    for tokens in body {
        let labelled = tokens.len() == n + 1 && !is_value(tokens[0].1);
        let cells = if labelled {
            row_labels.push(tokens[0].1.to_string());
            &tokens[1..]
        } else {
            &tokens[..]
        };
        let mut row = Vec::with_capacity(cells.len());
        spans.push(
            cells
                .iter()
                .map(|&(at, token)| at..at + token.len())
                .collect(),
        );
        for &(at, token) in cells {
            let value = parse_cell(token).ok_or_else(|| {
                Diagnostic::new(format!("`{token}` is not a matrix entry"))
                    .sv(format!("`{token}` är inget giltigt matriselement"))
                    .at(file, Some(at..at + token.len()))
                    .hint("write a positive number, a fraction such as 1/3, or - for a pair not compared")
                    .hint_sv("skriv ett positivt tal, ett bråk som 1/3, eller - för ett par som inte jämförts")
            })?;
            row.push(value);
        }
        rows.push(row);
    }
    let items = match (names, row_labels.len() == n && n > 0) {
        (Some(names), _) if names.len() == n => names,
        (Some(names), _) => {
            return Err(Diagnostic::new(format!(
                "the header names {} items but the matrix has {n} rows",
                names.len()
            ))
            .sv(format!(
                "rubrikraden namnger {} poster men matrisen har {n} rader",
                names.len()
            ))
            .at(
                file,
                Some(lines[0][0].0..lines[0][0].0 + lines[0][0].1.len()),
            )
            .hint("name each item once in the header, or leave the header out")
            .hint_sv("namnge varje post en gång i rubrikraden, eller utelämna rubrikraden"));
        }
        (None, true) => row_labels,
        (None, false) => default_items(n),
    };
    Ok(MatrixInput {
        items,
        rows,
        cell_spans: Some(spans),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            path: "m.txt".into(),
            text: text.into(),
        }
    }

    #[test]
    fn plain_table_with_names_and_gaps() {
        let m = parse(&file("  A B C\nA 1 3 -\nB 1/3 1 5\nC - 1/5 1\n")).unwrap();
        assert_eq!(m.items, ["A", "B", "C"]);
        assert_eq!(m.rows[0], vec![Some(1.0), Some(3.0), None]);
        assert_eq!(m.rows[2][1], Some(0.2));
    }

    #[test]
    fn plain_table_without_names() {
        let m = parse(&file("# comment\n1 2\n1/2 1\n")).unwrap();
        assert_eq!(m.items, ["1", "2"]);
    }

    #[test]
    fn json_with_nulls_and_fractions() {
        let m = parse(&file(
            r#"{"items": ["a","b"], "matrix": [[1, "3"], [null, 1]]}"#,
        ))
        .unwrap();
        assert_eq!(m.rows[0][1], Some(3.0));
        assert_eq!(m.rows[1][0], None);
    }

    #[test]
    fn bad_cells_point_at_the_token() {
        let e = parse(&file("1 x\n1 1\n")).err().unwrap();
        let en = e.render();
        assert!(en.contains("m.txt:1:3"), "{en}");
        let sv = e.render_in(vagval_report::Lang::Sv);
        assert!(
            sv.starts_with("fel: `x` är inget giltigt matriselement"),
            "{sv}"
        );
        assert!(
            sv.contains("m.txt:1:3") && sv.contains("tips: skriv ett positivt tal"),
            "{sv}"
        );
    }
}
