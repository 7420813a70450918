//! Reading one pairwise matrix for `vagval matrix`: JSON
//! (`{"items": [...], "matrix": [[1, 3, null], ...]}`, null = not compared)
//! or a plain table of numbers and fractions, optionally with item names as
//! a header row and/or as the first column.

use crate::diagnostic::{Diagnostic, SourceFile};
use serde::Deserialize;
use std::ops::Range;
use vagval_core::scale;

/// Items and rows, `None` where not compared.
pub struct MatrixInput {
    pub items: Vec<String>,
    pub rows: Vec<Vec<Option<f64>>>,
    /// Byte span of each cell, so that an error points at it.
    pub cell_spans: Option<Vec<Vec<Range<usize>>>>,
    /// Byte span of each item's name, where the file names the items.
    pub item_spans: Option<Vec<Range<usize>>>,
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
        // The JSON parser's message has serde's shapes ("unknown field `x`,
        // expected `items` or `matrix`"), said in Swedish as the TOML
        // reader's are; its syntax messages stay as the library writes them.
        let english = e.to_string();
        let position = format!(" at line {} column {}", e.line(), e.column());
        let swedish = match english.strip_suffix(&position) {
            Some(message) => format!(
                "{} på rad {}, kolumn {}",
                crate::raw::toml_message_sv(message),
                e.line(),
                e.column()
            ),
            None => english.clone(),
        };
        Diagnostic::new(format!("invalid matrix JSON: {english}"), format!("ogiltig matris-JSON: {swedish}"))
            .at(file, Some(at..at + 1))
            .hint("expected {\"items\": [\"A\", \"B\"], \"matrix\": [[1, 3], [0.3333, 1]]} with null for pairs not compared", "väntade {\"items\": [\"A\", \"B\"], \"matrix\": [[1, 3], [0.3333, 1]]} med null för par som inte jämförts")
    })?;
    let n = parsed.matrix.len();
    let items = parsed.items.unwrap_or_else(|| default_items(n));
    if items.len() != n {
        return Err(Diagnostic::new(
            format!(
                "{} items are named but the matrix has {n} rows",
                items.len()
            ),
            format!("{} poster har namn men matrisen har {n} rader", items.len()),
        )
        .at(file, None)
        .hint("give one item name per row", "ge ett postnamn per rad"));
    }
    let mut rows = Vec::with_capacity(n);
    for (r, row) in parsed.matrix.iter().enumerate() {
        let mut cells = Vec::with_capacity(row.len());
        for (c, cell) in row.iter().enumerate() {
            cells.push(match cell {
                JsonCell::Number(v) => Some(*v),
                JsonCell::Missing => None,
                JsonCell::Text(t) => Some(scale::parse_value(t).map_err(|e| {
                    Diagnostic::in_both(|l| format!("matrix[{r}][{c}]: {}", e.message(l)))
                        .at(file, None)
                })?),
            });
        }
        rows.push(cells);
    }
    let spans = JsonSpans::of(&file.text);
    Ok(MatrixInput {
        items,
        rows,
        cell_spans: spans.matrix,
        item_spans: spans.items,
    })
}

/// Where the elements of `"items"` and `"matrix"` stand in a JSON text that
/// has already parsed (serde_json keeps no positions): a scan of the JSON
/// grammar that records the byte span of every element of those arrays.
#[derive(Default)]
struct JsonSpans {
    items: Option<Vec<Range<usize>>>,
    matrix: Option<Vec<Vec<Range<usize>>>>,
}

impl JsonSpans {
    fn of(text: &str) -> JsonSpans {
        let mut spans = JsonSpans::default();
        let mut scan = JsonScan {
            bytes: text.as_bytes(),
            at: 0,
        };
        scan.skip_space();
        if scan.peek() != Some(b'{') {
            return spans;
        }
        scan.at += 1;
        loop {
            scan.skip_space();
            let Some(key) = scan.string() else {
                return spans;
            };
            scan.skip_space();
            if scan.peek() != Some(b':') {
                return spans;
            }
            scan.at += 1;
            scan.skip_space();
            match key.as_str() {
                "items" => spans.items = scan.array_of_spans(),
                "matrix" => {
                    let rows = scan.array_of_spans();
                    spans.matrix = rows.map(|rows| {
                        rows.iter()
                            .map(|row| {
                                let mut inner = JsonScan {
                                    bytes: scan.bytes,
                                    at: row.start,
                                };
                                inner.array_of_spans().unwrap_or_default()
                            })
                            .collect()
                    });
                }
                _ => {
                    if scan.value().is_none() {
                        return spans;
                    }
                }
            }
            scan.skip_space();
            match scan.peek() {
                Some(b',') => scan.at += 1,
                _ => return spans,
            }
        }
    }
}

struct JsonScan<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl JsonScan<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// A string's content (escapes kept as written); `None` if none here.
    fn string(&mut self) -> Option<String> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.at + 1;
        self.at += 1;
        while let Some(b) = self.peek() {
            match b {
                b'\\' => self.at += 2,
                b'"' => {
                    let text = String::from_utf8_lossy(&self.bytes[start..self.at]).to_string();
                    self.at += 1;
                    return Some(text);
                }
                _ => self.at += 1,
            }
        }
        None
    }

    /// Skips one value; returns its span.
    fn value(&mut self) -> Option<Range<usize>> {
        self.skip_space();
        let start = self.at;
        match self.peek()? {
            b'"' => {
                self.string()?;
            }
            b'[' | b'{' => {
                let (open, close) = if self.peek() == Some(b'[') {
                    (b'[', b']')
                } else {
                    (b'{', b'}')
                };
                let mut depth = 0usize;
                while let Some(b) = self.peek() {
                    match b {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b if b == open => depth += 1,
                        b if b == close => {
                            depth -= 1;
                            if depth == 0 {
                                self.at += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    self.at += 1;
                }
            }
            _ => {
                while matches!(
                    self.peek(),
                    Some(b) if !matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')
                ) {
                    self.at += 1;
                }
            }
        }
        (self.at > start).then_some(start..self.at)
    }

    /// The spans of an array's elements; `None` if no array is here.
    fn array_of_spans(&mut self) -> Option<Vec<Range<usize>>> {
        self.skip_space();
        if self.peek() != Some(b'[') {
            self.value();
            return None;
        }
        self.at += 1;
        let mut spans = Vec::new();
        loop {
            self.skip_space();
            if self.peek() == Some(b']') {
                self.at += 1;
                return Some(spans);
            }
            spans.push(self.value()?);
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Some(spans);
                }
                _ => return None,
            }
        }
    }
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
        return Err(Diagnostic::new("the matrix is empty", "matrisen är tom")
            .at(file, None)
            .hint("write one row per line, e.g. `1 3 1/5`, or JSON {\"items\": [...], \"matrix\": [[...]]}", "skriv en rad i matrisen per textrad, t.ex. `1 3 1/5`, eller JSON {\"items\": [...], \"matrix\": [[...]]}"));
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
                Diagnostic::new(format!("`{token}` is not a matrix entry"), format!("`{token}` är inget giltigt matriselement"))
                    .at(file, Some(at..at + token.len()))
                    .hint("write a positive number, a fraction such as 1/3, or - for a pair not compared", "skriv ett positivt tal, ett bråk som 1/3, eller - för ett par som inte jämförts")
            })?;
            row.push(value);
        }
        rows.push(row);
    }
    let items = match (names, row_labels.len() == n && n > 0) {
        (Some(names), _) if names.len() == n => names,
        (Some(names), _) => {
            return Err(Diagnostic::new(
                format!(
                    "the header names {} items but the matrix has {n} rows",
                    names.len()
                ),
                format!(
                    "rubrikraden namnger {} poster men matrisen har {n} rader",
                    names.len()
                ),
            )
            .at(
                file,
                Some(lines[0][0].0..lines[0][0].0 + lines[0][0].1.len()),
            )
            .hint(
                "name each item once in the header, or leave the header out",
                "namnge varje post en gång i rubrikraden, eller utelämna rubrikraden",
            ));
        }
        (None, true) => row_labels,
        (None, false) => default_items(n),
    };
    Ok(MatrixInput {
        items,
        rows,
        cell_spans: Some(spans),
        item_spans: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_spans_point_at_items_and_cells() {
        let text = "{\"note\": {\"a\": [1, \"]\"]}, \"items\": [\"Å \\\"x\\\"\", \"B\"],\n \"matrix\": [[1, \"1/3\"], [3, null]]}";
        let spans = JsonSpans::of(text);
        let items = spans.items.unwrap_or_default();
        let shown: Vec<&str> = items.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(shown, vec!["\"Å \\\"x\\\"\"", "\"B\""]);
        let matrix = spans.matrix.unwrap_or_default();
        let cells: Vec<Vec<&str>> = matrix
            .iter()
            .map(|row| row.iter().map(|r| &text[r.clone()]).collect())
            .collect();
        assert_eq!(cells, vec![vec!["1", "\"1/3\""], vec!["3", "null"]]);
        // Not an object, or truncated: no spans, no panic.
        for odd in [
            "",
            "[1, 2]",
            "{\"matrix\": [[1,",
            "{\"items\": \"x\"}",
            "{\"a\"",
        ] {
            let spans = JsonSpans::of(odd);
            assert!(
                spans.matrix.is_none_or(|m| m.iter().all(|r| r.len() <= 2)),
                "{odd}"
            );
        }
    }

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

    /// serde's messages from the JSON reader are said in Swedish too, as
    /// the TOML reader's are; English stays the parser's own text.
    #[test]
    fn json_field_errors_in_both_languages() {
        let Err(d) = parse(&file(
            r#"{"items": ["a","b"], "matrix": [[1,2],[0.5,1]], "x": 1}"#,
        )) else {
            panic!("an unknown field is refused");
        };
        assert!(
            d.message
                .contains("unknown field `x`, expected `items` or `matrix` at line 1"),
            "{}",
            d.message
        );
        assert!(
            d.message_sv
                .contains("okänd nyckel `x`, väntade `items` eller `matrix` på rad 1")
                && !d.message_sv.contains("unknown"),
            "{}",
            d.message_sv
        );
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
