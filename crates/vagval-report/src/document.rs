//! One value per command's output: a [`Document`] is what a command says
//! (headings, paragraphs, lists, tables, charts), its JSON and its CSV table,
//! built once; one renderer per format (`render::{text, markdown, csv, json,
//! svg, html}`) turns any document into that format. A new format is one
//! renderer, a new command one builder.
//!
//! Text and Markdown lay a document out differently only where the words
//! differ: an [`Block::Alt`] holds the plain-text and the marked-up
//! (Markdown, HTML) wording side by side. Charts ([`Block::Figure`]) are
//! drawn by `--format svg` (the first one) and inline in HTML; text and
//! Markdown leave them out.

use crate::Lang;
use crate::chart::Chart;
use crate::render::{self, Grid};
use serde_json::Value;
use std::io::{self, Write};

/// A command's output, ready for any format.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The language its words and numbers are in (and its CSV separator).
    pub lang: Lang,
    /// What table, Markdown and HTML show, in order.
    pub blocks: Vec<Block>,
    /// What `--format json` prints (keys in English whatever the language).
    pub json: Option<Value>,
    /// What `--format csv` prints: one rectangular table, numbers to six
    /// decimals (`Lang::csv_number`).
    pub csv: Option<Grid>,
    /// Tables `--format csv` prints after that one, each after a blank
    /// line (what-if's changed matrices after its ranking).
    pub csv_after: Vec<Grid>,
}

/// One piece of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading: `#`×level in Markdown, `<h{level}>` in HTML (shifted by
    /// the caller's offset), a plain line in text.
    Heading {
        level: usize,
        text: String,
    },
    /// Lines of text: one paragraph in Markdown (lines kept), `<p>` with
    /// `<br>` in HTML.
    Paragraph(Vec<String>),
    List(List),
    Table(Grid),
    /// (name, value) pairs: aligned lines in text, a two-column table
    /// (with these headers) in Markdown and HTML.
    Pairs {
        headers: [String; 2],
        rows: Vec<(String, String)>,
    },
    /// A chart: `--format svg` draws a document's first; HTML inlines it.
    Figure(Figure),
    /// The same content worded for plain text and for marked-up layouts
    /// (Markdown and HTML), where the two differ (a title line, a list
    /// that text cuts short with "… and 2 more").
    Alt {
        text: Vec<Block>,
        rich: Vec<Block>,
    },
}

/// A list of items, each possibly with a list of its own under it.
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    pub style: ListStyle,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ListStyle {
    /// `- item` in Markdown, `  item` in text.
    Bullet,
    /// `1. item` in both.
    Numbered,
    /// Bullets whose text lines carry a tag (`  warning: …`) so that a grep
    /// finds them; Markdown and HTML show the items under their heading alone.
    Tagged(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub text: String,
    /// Items under this one (`  - …` in Markdown, indented further in text).
    pub sub: Vec<String>,
}

/// A chart and, in HTML, its caption.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub chart: Chart,
    pub caption: Option<String>,
}

/// Which wording of a [`Block::Alt`] a renderer takes and whether it
/// shows figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    Text,
    Markdown,
    Html,
}

impl Document {
    pub fn new(lang: Lang) -> Self {
        Document {
            lang,
            blocks: Vec::new(),
            json: None,
            csv: None,
            csv_after: Vec::new(),
        }
    }

    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }

    pub fn extend(&mut self, blocks: impl IntoIterator<Item = Block>) {
        self.blocks.extend(blocks);
    }

    pub fn with_json(mut self, json: Value) -> Self {
        self.json = Some(json);
        self
    }

    pub fn with_csv(mut self, csv: Grid) -> Self {
        self.csv = Some(csv);
        self
    }

    /// A further CSV table, written after a blank line.
    pub fn with_csv_after(mut self, csv: Grid) -> Self {
        self.csv_after.push(csv);
        self
    }

    /// The first chart (what `--format svg` draws).
    pub fn figure(&self) -> Option<&Figure> {
        fn first(blocks: &[Block]) -> Option<&Figure> {
            blocks.iter().find_map(|b| match b {
                Block::Figure(f) => Some(f),
                Block::Alt { rich, .. } => first(rich),
                _ => None,
            })
        }
        first(&self.blocks)
    }
}

impl Block {
    pub fn heading(level: usize, text: impl Into<String>) -> Block {
        Block::Heading {
            level,
            text: text.into(),
        }
    }

    pub fn paragraph(lines: Vec<String>) -> Block {
        Block::Paragraph(lines)
    }

    pub fn list(style: ListStyle, items: Vec<String>) -> Block {
        Block::List(List {
            style,
            items: items
                .into_iter()
                .map(|text| Item {
                    text,
                    sub: Vec::new(),
                })
                .collect(),
        })
    }

    pub fn bullets(items: Vec<String>) -> Block {
        Block::list(ListStyle::Bullet, items)
    }

    pub fn figure(chart: impl Into<Chart>) -> Block {
        Block::Figure(Figure {
            chart: chart.into(),
            caption: None,
        })
    }
}

/// The blocks a layout shows, in order: each `Alt` replaced by its wording
/// for the layout; figures only in HTML.
pub(crate) fn flatten(blocks: &[Block], layout: Layout) -> Vec<&Block> {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Alt { text, rich } => {
                let chosen = if layout == Layout::Text { text } else { rich };
                out.extend(flatten(chosen, layout));
            }
            Block::Figure(_) if layout != Layout::Html => {}
            other => out.push(other),
        }
    }
    out
}

/// How a document is rendered: one renderer each (render/), dispatched by
/// `write_document` below. The names are declared once (`choices!`), and the
/// command line's `--format` values come from them.
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
    /// The output's chart as a standalone SVG image.
    Svg,
    /// An HTML fragment: escaped text, tables, charts inline.
    Html,
}

vagval_core::choices!(Format {
    Table => "table",
    Json => "json",
    Csv => "csv",
    Markdown => "markdown",
    Svg => "svg",
    Html => "html",
});

/// How a document is laid out beyond its format: the width, in display
/// columns, that plain-text tables fit in (a terminal's; `DEFAULT_WIDTH`
/// for a pipe or file, so that what is saved does not depend on the
/// screen it was made on). Other formats ignore it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    pub width: usize,
}

impl RenderOptions {
    /// The width of plain text written to a file or a pipe.
    pub const DEFAULT_WIDTH: usize = 100;

    /// Options for a terminal `width` columns wide, or for a file or pipe
    /// (`None`).
    pub fn for_terminal(width: Option<usize>) -> Self {
        RenderOptions {
            width: width.unwrap_or(Self::DEFAULT_WIDTH),
        }
    }
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            width: Self::DEFAULT_WIDTH,
        }
    }
}

/// Writes `doc` in `format`, tables [`RenderOptions::DEFAULT_WIDTH`] wide
/// at most. A format the document has nothing for (no chart for SVG, no
/// JSON or CSV) is an `Unsupported` error.
pub fn write_document(out: &mut dyn Write, doc: &Document, format: Format) -> io::Result<()> {
    write_document_with(out, doc, format, &RenderOptions::default())
}

/// [`write_document`] laid out by `options` (a terminal's width).
pub fn write_document_with(
    out: &mut dyn Write,
    doc: &Document,
    format: Format,
    options: &RenderOptions,
) -> io::Result<()> {
    match format {
        Format::Table => out.write_all(render::text::render(&doc.blocks, options.width).as_bytes()),
        Format::Markdown => out.write_all(render::markdown::render(&doc.blocks).as_bytes()),
        Format::Html => out.write_all(standalone_html(doc).as_bytes()),
        Format::Csv => render::csv::write(out, doc),
        Format::Json => render::json::write(out, doc),
        Format::Svg => render::svg::write(out, doc),
    }
}

/// `--format html`: the fragment read on its own, title first. Builders
/// list a command's chart before its title (SVG takes the first figure; a
/// page such as the report drops the title and shows the chart under its
/// own heading), so a standalone fragment moves the charts that come before
/// the first block with a level-1 heading to just after that block.
fn standalone_html(doc: &Document) -> String {
    fn has_title(block: &Block) -> bool {
        match block {
            Block::Heading { level, .. } => *level == 1,
            Block::Alt { rich, .. } => rich.iter().any(has_title),
            _ => false,
        }
    }
    let Some(title) = doc.blocks.iter().position(has_title) else {
        return html_fragment(doc, 0);
    };
    let (before, after) = doc.blocks.split_at(title + 1);
    let (figures, rest): (Vec<&Block>, Vec<&Block>) =
        before.iter().partition(|b| matches!(b, Block::Figure(_)));
    let blocks: Vec<Block> = rest
        .into_iter()
        .chain(figures)
        .chain(after)
        .cloned()
        .collect();
    render::html::render(&blocks, doc.lang, 0)
}

/// The document's blocks as an HTML fragment, a heading of level `l` as
/// `<h{l + heading_offset}>`: for pages that compose documents (the
/// workshop report, `vagval serve`).
pub fn html_fragment(doc: &Document, heading_offset: usize) -> String {
    render::html::render(&doc.blocks, doc.lang, heading_offset)
}

/// The error for a format a document (or an older writer) cannot give.
pub(crate) fn unsupported(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::Unsupported,
        format!("this output has no {what}"),
    )
}
