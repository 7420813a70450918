//! Plain text: headings as lines, box-drawn tables fit to a width (a
//! terminal's; see `render::fit`), lists indented by two spaces. Blocks are
//! separated by a blank line, except that a heading's content follows it
//! directly.

use crate::document::{Block, Layout, List, ListStyle, flatten};

pub(crate) fn render(blocks: &[Block], width: usize) -> String {
    let mut out = String::new();
    let mut tight = true;
    for block in flatten(blocks, Layout::Text) {
        let text = block_text(block, width);
        if text.is_empty() {
            continue;
        }
        if !tight {
            out.push('\n');
        }
        out.push_str(&text);
        tight = matches!(block, Block::Heading { .. });
    }
    out
}

fn block_text(block: &Block, width: usize) -> String {
    match block {
        Block::Heading { text, .. } => format!("{text}\n"),
        Block::Paragraph(lines) => lines.iter().map(|l| format!("{l}\n")).collect(),
        Block::List(list) => list_text(list),
        Block::Table(grid) => grid.text_fit(width),
        Block::Pairs { rows, .. } => {
            let width = rows
                .iter()
                .map(|(k, _)| k.chars().count())
                .max()
                .unwrap_or(0);
            rows.iter()
                .map(|(name, value)| {
                    let pad = " ".repeat(width - name.chars().count());
                    format!("  {name}{pad}  {value}\n")
                })
                .collect()
        }
        Block::Figure(_) | Block::Alt { .. } => String::new(),
    }
}

fn list_text(list: &List) -> String {
    let mut out = String::new();
    for (k, item) in list.items.iter().enumerate() {
        match &list.style {
            ListStyle::Bullet => out.push_str(&format!("  {}\n", item.text)),
            ListStyle::Numbered => out.push_str(&format!("  {}. {}\n", k + 1, item.text)),
            ListStyle::Tagged(tag) => out.push_str(&format!("  {tag}: {}\n", item.text)),
        }
        for sub in &item.sub {
            out.push_str(&format!("    {sub}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Item;
    use crate::render::Grid;

    #[test]
    fn headings_hold_their_content_and_blocks_are_spaced() {
        let mut grid = Grid::new(&["a", "n"]).numeric(&[1]);
        grid.push(vec!["x".into(), "1".into()]);
        let blocks = vec![
            Block::paragraph(vec!["Goal: g".into(), "View: v".into()]),
            Block::heading(2, "Ranking"),
            Block::Table(grid),
            Block::heading(2, "Warnings"),
            Block::list(ListStyle::Tagged("warning".into()), vec!["w1".into()]),
            Block::paragraph(vec!["done".into()]),
        ];
        assert_eq!(
            render(&blocks, 100),
            "Goal: g\nView: v\n\nRanking\n┌───┬───┐\n│ a │ n │\n├───┼───┤\n│ x │ 1 │\n└───┴───┘\n\nWarnings\n  warning: w1\n\ndone\n"
        );
    }

    #[test]
    fn lists_pairs_and_alternatives() {
        let nested = Block::List(List {
            style: ListStyle::Bullet,
            items: vec![Item {
                text: "m".into(),
                sub: vec!["1. s".into()],
            }],
        });
        let pairs = Block::Pairs {
            headers: ["k".into(), "v".into()],
            rows: vec![("n".into(), "3".into()), ("λmax".into(), "3.1".into())],
        };
        let alt = Block::Alt {
            text: vec![Block::paragraph(vec!["plain".into()])],
            rich: vec![Block::heading(1, "rich")],
        };
        let numbered = Block::list(ListStyle::Numbered, vec!["a".into(), "b".into()]);
        assert_eq!(
            render(&[alt, nested, pairs, numbered], 100),
            "plain\n\n  m\n    1. s\n\n  n     3\n  λmax  3.1\n\n  1. a\n  2. b\n"
        );
    }

    #[test]
    fn empty_blocks_leave_no_gap() {
        let blocks = vec![
            Block::paragraph(vec!["a".into()]),
            Block::Table(Grid::new(&[])),
            Block::bullets(vec![]),
            Block::paragraph(vec!["b".into()]),
        ];
        assert_eq!(render(&blocks, 100), "a\n\nb\n");
    }
}
