//! An HTML fragment of a document's blocks, for the workshop report and the
//! web workshop to compose: every text escaped, tables with `class="num"`
//! on number columns, charts inline as SVG in a `<figure>`. Text is trimmed
//! (no-break spaces too) as the report's Markdown conversion always did, so
//! the report's pages do not change when its sections become documents.

use crate::Lang;
use crate::document::{Block, Figure, Layout, List, ListStyle, flatten};
use crate::escape::escape;
use crate::render::Grid;
use crate::render::markdown::pairs_grid;

/// The blocks as HTML; a heading of level `l` becomes `<h{l + offset}>`
/// (at most `<h6>`), so a document can sit under a page's own headings.
pub(crate) fn render(blocks: &[Block], lang: Lang, heading_offset: usize) -> String {
    let mut out = String::new();
    for block in flatten(blocks, Layout::Html) {
        match block {
            Block::Heading { level, text } => {
                let level = (level + heading_offset).clamp(1, 6);
                out.push_str(&format!("<h{level}>{}</h{level}>\n", cell(text)));
            }
            Block::Paragraph(lines) => {
                let lines: Vec<String> = lines.iter().map(|l| cell(l)).collect();
                out.push_str(&format!("<p>{}</p>\n", lines.join("<br>\n")));
            }
            Block::List(list) => out.push_str(&list_html(list)),
            Block::Table(grid) => out.push_str(&table(grid)),
            Block::Pairs { headers, rows } => out.push_str(&table(&pairs_grid(headers, rows))),
            Block::Figure(figure) => out.push_str(&figure_html(figure, lang)),
            Block::Alt { .. } => {}
        }
    }
    out
}

/// Text as one line of HTML: line breaks become spaces, trimmed, escaped.
fn cell(text: &str) -> String {
    escape(text.replace(['\n', '\r'], " ").trim())
}

fn list_html(list: &List) -> String {
    if list.items.is_empty() {
        return String::new();
    }
    let tag = match list.style {
        ListStyle::Numbered => "ol",
        ListStyle::Bullet | ListStyle::Tagged(_) => "ul",
    };
    let mut out = format!("<{tag}>\n");
    for item in &list.items {
        out.push_str(&format!("<li>{}", cell(&item.text)));
        if !item.sub.is_empty() {
            out.push_str("\n<ul>\n");
            for sub in &item.sub {
                out.push_str(&format!("<li>{}</li>\n", cell(sub)));
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</li>\n");
    }
    out.push_str(&format!("</{tag}>\n"));
    out
}

fn table(grid: &Grid) -> String {
    let width = grid.width();
    if width == 0 {
        return String::new();
    }
    let row = |cells: &[String], tag: &str| {
        let mut out = String::from("<tr>");
        for (c, text) in grid.padded(cells).iter().enumerate() {
            let class = if grid.numeric.contains(&c) {
                " class=\"num\""
            } else {
                ""
            };
            out.push_str(&format!("<{tag}{class}>{}</{tag}>", cell(text)));
        }
        out.push_str("</tr>");
        out
    };
    let mut out = format!(
        "<table>\n<thead>{}</thead>\n<tbody>\n",
        row(&grid.headers, "th")
    );
    for cells in &grid.rows {
        out.push_str(&row(cells, "td"));
        out.push('\n');
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

fn figure_html(figure: &Figure, lang: Lang) -> String {
    let svg = figure.chart.svg(lang);
    match &figure.caption {
        Some(caption) => format!(
            "<figure>\n{svg}\n<figcaption>{}</figcaption>\n</figure>\n",
            escape(caption)
        ),
        None => format!("<figure>\n{svg}\n</figure>\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Consistency;
    use crate::document::Item;

    fn hostile_grid() -> Grid {
        let mut grid = Grid::new(&["name", "<b>score</b>"]).numeric(&[1]);
        grid.push(vec![
            "<script>x</script> & \"q\" | 'a'".into(),
            "0.5".into(),
        ]);
        grid.push(vec!["short".into()]);
        grid
    }

    #[test]
    fn text_is_escaped_everywhere() {
        let blocks = vec![
            Block::heading(1, "<i>goal</i>"),
            Block::paragraph(vec!["a < b".into(), "c & d".into()]),
            Block::list(ListStyle::Numbered, vec!["<img src=x>".into()]),
            Block::Table(hostile_grid()),
        ];
        let html = render(&blocks, Lang::En, 2);
        assert!(!html.contains("<script>") && !html.contains("<img") && !html.contains("<i>"));
        assert!(html.contains("<h3>&lt;i&gt;goal&lt;/i&gt;</h3>"), "{html}");
        assert!(html.contains("<p>a &lt; b<br>\nc &amp; d</p>"), "{html}");
        assert!(
            html.contains("<ol>\n<li>&lt;img src=x&gt;</li>\n</ol>"),
            "{html}"
        );
        assert!(
            html.contains("<th class=\"num\">&lt;b&gt;score&lt;/b&gt;</th>"),
            "{html}"
        );
        // A short row is padded to the table's width.
        assert!(
            html.contains("<tr><td>short</td><td class=\"num\"></td></tr>"),
            "{html}"
        );
    }

    #[test]
    fn nested_lists_figures_and_empty_blocks() {
        let nested = Block::List(List {
            style: ListStyle::Tagged("warning".into()),
            items: vec![Item {
                text: "m".into(),
                sub: vec!["s".into()],
            }],
        });
        let chart = Consistency {
            title: "CR <1>".into(),
            bars: vec![],
            threshold: 0.1,
        };
        let blocks = vec![
            nested,
            Block::Table(Grid::new(&[])),
            Block::bullets(vec![]),
            Block::Figure(Figure {
                chart: chart.clone().into(),
                caption: Some("a & b".into()),
            }),
            Block::Alt {
                text: vec![Block::paragraph(vec!["text only".into()])],
                rich: vec![],
            },
        ];
        let html = render(&blocks, Lang::En, 0);
        let svg = crate::chart::consistency(&chart, Lang::En);
        assert_eq!(
            html,
            format!(
                "<ul>\n<li>m\n<ul>\n<li>s</li>\n</ul>\n</li>\n</ul>\n<figure>\n{svg}\n<figcaption>a &amp; b</figcaption>\n</figure>\n"
            )
        );
    }
}
