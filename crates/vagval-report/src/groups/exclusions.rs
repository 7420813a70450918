//! Who the groups' aggregate leaves out (the groups above a CR bound,
//! the AIJ sets some groups could not enter), named in the same words
//! wherever the aggregate is shown: `Exclusions::annotate` adds them to a
//! command's document, so every format (HTML included) carries them.

use crate::Lang;
use crate::document::{Block, Document, Item};
use crate::render::{fixed3, short, site_key, site_phrase};
use serde_json::{Value, json};
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
pub(crate) fn exclusions_json(exclusions: &Exclusions<'_>) -> (Vec<Value>, Vec<Value>) {
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
    /// csv` added to every row of every table. Without a CR bound nothing
    /// changes.
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
        for grid in doc.csv.iter_mut().chain(&mut doc.csv_after) {
            for (name, cell) in self.columns(lang) {
                grid.headers.push(name.to_string());
                for row in &mut grid.rows {
                    row.push(cell.clone());
                }
            }
        }
        doc
    }

    /// The CSV columns that name who the aggregate leaves out, as
    /// (header, the cell of every row): `excluded` with a CR bound,
    /// `aij_left_out` when some AIJ set could not take every group.
    pub(crate) fn columns(&self, lang: Lang) -> Vec<(&'static str, String)> {
        let (excluded, left_out) = exclusion_cells(self);
        [
            (excluded_header(lang), excluded),
            (left_out_header(lang), left_out),
        ]
        .into_iter()
        .filter_map(|(name, cell)| Some((name, cell?)))
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Grid;
    use crate::{Format, write_document};
    use vagval_core::model::Site;

    fn written(doc: &Document, format: Format) -> String {
        let mut out = Vec::new();
        write_document(&mut out, doc, format).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// `annotate` names who the aggregate leaves out in every format of a
    /// document: the columns on every table of its CSV (what-if's changed
    /// matrices too; a quoted line break stays one record), the keys at the
    /// end of its JSON (numbers as they were), the lines after the view or,
    /// without one, at its end; no bound, no change.
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
        let mut ranking = Grid::new(&["id", "name"]);
        ranking.rows = vec![vec!["a".into(), "two\nlines".into()]];
        let mut matrices = Grid::new(&["matrix"]);
        matrices.rows = vec![vec!["goal".into()]];
        let mut doc = Document::new(Lang::En)
            .with_json(serde_json::json!({"score": 0.22714242351354139}))
            .with_csv(ranking)
            .with_csv_after(matrices);
        doc.push(Block::heading(1, "x"));
        doc.push(Block::paragraph(vec!["Goal: x".into()]));
        let annotated = bound.annotate(doc.clone());
        assert_eq!(
            written(&annotated, Format::Csv),
            "id,name,excluded\na,\"two\nlines\",g\n\nmatrix,excluded\ngoal,g\n"
        );
        let json = written(&annotated, Format::Json);
        assert!(
            json.starts_with("{\n  \"score\": 0.22714242351354139,\n  \"max_cr\": 0.1,"),
            "{json}"
        );
        let value: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["excluded"][0]["id"], "g");
        let line = "Left out of the aggregate: G (`g`, 3 seats), CR 0.200 > 0.100 on the weights of the top-level criteria";
        assert!(
            written(&annotated, Format::Table).ends_with(&format!("Goal: x\n\n{line}\n")),
            "{}",
            written(&annotated, Format::Table)
        );
        assert!(written(&annotated, Format::Markdown).ends_with(&format!("\n\n- {line}\n")));
        let mut viewed = Document::new(Lang::Sv);
        viewed.push(Block::heading(1, "x"));
        viewed.push(Block::bullets(vec!["Perspektiv: v".into(), "y".into()]));
        let markdown = written(&bound.annotate(viewed), Format::Markdown);
        assert!(
            markdown.starts_with("# x\n\n- Perspektiv: v\n- Utesluten ur sammanvägningen: G"),
            "{markdown}"
        );
        let unbounded = Exclusions {
            max_cr: None,
            ..bound
        };
        assert_eq!(unbounded.annotate(doc.clone()), doc);
    }
}
