//! Who the groups' aggregate leaves out (the groups above a CR bound,
//! the AIJ sets some groups could not enter), named in the same words
//! wherever the aggregate is shown: `Exclusions::annotate` adds them to a
//! command's document, so every format (HTML included) carries them.

use crate::document::{Block, Document, Item};
use crate::render::{fixed3, short, site_key, site_phrase};
use crate::{Format, Lang};
use serde_json::{Value, json};
use std::io;
use vagval_core::group::{Excluded, GroupAnalysis, LeftOut};

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

/// The groups left out (`[{"id", "name", "seats", "cr", "site"}]`) and the
/// AIJ sets some could not enter (`[{"site", "item", "groups"}]`).
pub(super) fn exclusions_json(exclusions: &Exclusions<'_>) -> (Vec<Value>, Vec<Value>) {
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

/// The CSV cells that name who the aggregate leaves out: the excluded
/// groups' ids (space-separated; with a CR bound only) and the AIJ sets
/// some groups could not enter (`site=id id`, ` | ` between; when any).
pub(super) fn exclusion_cells(exclusions: &Exclusions<'_>) -> (Option<String>, Option<String>) {
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

pub(super) fn excluded_header(lang: Lang) -> &'static str {
    lang.pick("excluded", "uteslutna")
}

pub(super) fn left_out_header(lang: Lang) -> &'static str {
    lang.pick("aij_left_out", "aij_utanför")
}

impl Exclusions<'_> {
    /// `doc` (a command's output about the aggregate: `evaluate
    /// --aggregate`, its what-if, `sensitivity … --aggregate`) with the
    /// groups it leaves out named as `vagval groups` names them: the lines
    /// of `exclusion_lines` after the `View:` line of its header (in a
    /// paragraph or a list, in each wording of an `Alt`), or at its end
    /// when it has none; in JSON the keys `max_cr`, `excluded` and
    /// `left_out` of `groups --format json` added to the top object; in
    /// CSV the columns `excluded` (and `aij_left_out`) of `groups --format
    /// csv` added to every row. Without a CR bound nothing changes.
    pub fn annotate(&self, mut doc: Document) -> Document {
        if self.max_cr.is_none() {
            return doc;
        }
        let lang = doc.lang;
        let lines = exclusion_lines(lang, self);
        let view = format!("{}: ", lang.pick("View", "Perspektiv"));
        if !insert_after(&mut doc.blocks, &view, &lines) {
            doc.push(Block::Alt {
                text: vec![Block::paragraph(lines.clone())],
                rich: vec![Block::bullets(lines)],
            });
        }
        if let Some(Value::Object(object)) = &mut doc.json {
            let (excluded, left_out) = exclusions_json(self);
            object.insert("max_cr".into(), json!(self.max_cr));
            object.insert("excluded".into(), Value::Array(excluded));
            object.insert("left_out".into(), Value::Array(left_out));
        }
        if let Some(grid) = &mut doc.csv {
            let (excluded, left_out) = exclusion_cells(self);
            for (name, cell) in [
                (excluded_header(lang), excluded),
                (left_out_header(lang), left_out),
            ] {
                if let Some(cell) = cell {
                    grid.headers.push(name.to_string());
                    for row in &mut grid.rows {
                        row.push(cell.clone());
                    }
                }
            }
        }
        doc
    }
}

/// Inserts `lines` after the first paragraph line or list item that starts
/// with `prefix`, in the blocks and in each wording of an `Alt`; whether
/// any was found.
fn insert_after(blocks: &mut [Block], prefix: &str, lines: &[String]) -> bool {
    for block in blocks {
        match block {
            Block::Paragraph(text) => {
                if let Some(at) = text.iter().position(|l| l.starts_with(prefix)) {
                    text.splice(at + 1..at + 1, lines.iter().cloned());
                    return true;
                }
            }
            Block::List(list) => {
                if let Some(at) = list.items.iter().position(|i| i.text.starts_with(prefix)) {
                    let items = lines.iter().map(|text| Item {
                        text: text.clone(),
                        sub: Vec::new(),
                    });
                    list.items.splice(at + 1..at + 1, items);
                    return true;
                }
            }
            Block::Alt { text, rich } => {
                let plain = insert_after(text, prefix, lines);
                let marked_up = insert_after(rich, prefix, lines);
                if plain || marked_up {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// The text splice of [`Exclusions::annotate`] for the outputs not yet
/// built as documents (the CLI's what-if and `sensitivity … --aggregate`,
/// the report's sensitivity sections); it goes when they are documents.
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
    use vagval_core::model::Site;

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
