//! SVG: the document's first chart as a standalone image, newline-ended.

use crate::document::{Document, unsupported};
use std::io::{self, Write};

pub(crate) fn write(out: &mut dyn Write, doc: &Document) -> io::Result<()> {
    let figure = doc.figure().ok_or_else(|| unsupported("chart"))?;
    let svg = figure.chart.svg(doc.lang);
    out.write_all(svg.as_bytes())?;
    if !svg.ends_with('\n') {
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use crate::chart::{GroupedBars, Series};
    use crate::document::Block;

    #[test]
    fn the_first_chart_in_the_language() {
        let chart = |title: &str| GroupedBars {
            title: title.into(),
            categories: vec!["a".into()],
            series: vec![Series {
                name: "s".into(),
                values: vec![0.25],
            }],
            value_axis: "Vikt".into(),
        };
        let mut doc = Document::new(Lang::Sv);
        doc.push(Block::heading(1, "x"));
        doc.push(Block::figure(chart("first")));
        doc.push(Block::figure(chart("second")));
        let mut out = Vec::new();
        write(&mut out, &doc).unwrap();
        let svg = String::from_utf8(out).unwrap();
        let expected = crate::chart::grouped_bars(&chart("first"), Lang::Sv);
        assert_eq!(svg.trim_end(), expected.trim_end());
        assert!(svg.ends_with('\n') && svg.contains("0,250"), "{svg}");
    }

    #[test]
    fn no_chart_is_an_error() {
        let err = write(&mut Vec::new(), &Document::new(Lang::En)).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::Unsupported);
    }
}
