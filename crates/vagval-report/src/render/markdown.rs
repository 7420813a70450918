//! Markdown: `#` headings, pipe tables (`---:` for numbers), `-` and `1.`
//! lists, every block separated by a blank line. Cells are escaped by
//! `Grid::markdown`; other text is written as given (it is the writers'
//! own words and names, shown as text by the HTML renderer, never parsed).

use crate::document::{Block, Layout, List, ListStyle, flatten};
use crate::render::Grid;

pub(crate) fn render(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in flatten(blocks, Layout::Markdown) {
        let text = block_markdown(block);
        if text.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&text);
    }
    out
}

fn block_markdown(block: &Block) -> String {
    match block {
        Block::Heading { level, text } => format!("{} {text}\n", "#".repeat((*level).max(1))),
        Block::Paragraph(lines) => lines.iter().map(|l| format!("{l}\n")).collect(),
        Block::List(list) => list_markdown(list),
        Block::Table(grid) => grid.markdown(),
        Block::Pairs { headers, rows } => pairs_grid(headers, rows).markdown(),
        Block::Figure(_) | Block::Alt { .. } => String::new(),
    }
}

fn list_markdown(list: &List) -> String {
    let mut out = String::new();
    for (k, item) in list.items.iter().enumerate() {
        match list.style {
            ListStyle::Numbered => out.push_str(&format!("{}. {}\n", k + 1, item.text)),
            ListStyle::Bullet | ListStyle::Tagged(_) => out.push_str(&format!("- {}\n", item.text)),
        }
        for sub in &item.sub {
            out.push_str(&format!("  - {sub}\n"));
        }
    }
    out
}

/// (name, value) pairs as a two-column table.
pub(crate) fn pairs_grid(headers: &[String; 2], rows: &[(String, String)]) -> Grid {
    let mut grid = Grid::new(&[headers[0].as_str(), headers[1].as_str()]);
    for (name, value) in rows {
        grid.push(vec![name.clone(), value.clone()]);
    }
    grid
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Item;

    #[test]
    fn blocks_are_separated_by_blank_lines() {
        let mut grid = Grid::new(&["name", "score"]).numeric(&[1]);
        grid.push(vec!["a | b".into(), "0.5".into()]);
        let blocks = vec![
            Block::Alt {
                text: vec![Block::paragraph(vec!["Goal: g".into()])],
                rich: vec![
                    Block::heading(1, "g"),
                    Block::bullets(vec!["View: v".into()]),
                ],
            },
            Block::heading(2, "Ranking"),
            Block::Table(grid),
            Block::list(ListStyle::Tagged("warning".into()), vec!["w".into()]),
            Block::paragraph(vec!["summary".into()]),
        ];
        assert_eq!(
            render(&blocks),
            "# g\n\n- View: v\n\n## Ranking\n\n| name | score |\n| --- | ---: |\n| a \\| b | 0.5 |\n\n- w\n\nsummary\n"
        );
    }

    #[test]
    fn nested_numbered_and_pairs() {
        let nested = Block::List(List {
            style: ListStyle::Bullet,
            items: vec![Item {
                text: "m".into(),
                sub: vec!["1. s".into()],
            }],
        });
        let numbered = Block::list(ListStyle::Numbered, vec!["a".into(), "b".into()]);
        let pairs = Block::Pairs {
            headers: ["measure".into(), "value".into()],
            rows: vec![("CR".into(), "0.1 | x".into())],
        };
        assert_eq!(
            render(&[nested, numbered, pairs]),
            "- m\n  - 1. s\n\n1. a\n2. b\n\n| measure | value |\n| --- | --- |\n| CR | 0.1 \\| x |\n"
        );
    }

    #[test]
    fn an_empty_table_is_left_out() {
        let blocks = vec![
            Block::Table(Grid::new(&[])),
            Block::paragraph(vec!["x".into()]),
        ];
        assert_eq!(render(&blocks), "x\n");
    }
}
