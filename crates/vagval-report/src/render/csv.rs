//! CSV: the document's one table, numbers to six decimals
//! (`Lang::csv_number`), RFC 4180, `,`-separated
//! (`;` in Swedish, whose decimal mark is the comma). Swedish CSV is for
//! Swedish Excel, which reads a file as UTF-8 (å, ä, ö intact) only when it
//! starts with a byte-order mark, so it starts with one.

use crate::document::{Document, unsupported};
use std::io::{self, Write};

pub(crate) fn write(out: &mut dyn Write, doc: &Document) -> io::Result<()> {
    let grid = doc.csv.as_ref().ok_or_else(|| unsupported("CSV table"))?;
    write_bom(out, doc.lang)?;
    out.write_all(grid.csv(doc.lang).as_bytes())?;
    for grid in &doc.csv_after {
        out.write_all(b"\n")?;
        out.write_all(grid.csv(doc.lang).as_bytes())?;
    }
    Ok(())
}

/// The byte-order mark Swedish CSV starts with (see the module's comment).
pub(crate) fn write_bom(out: &mut dyn Write, lang: crate::Lang) -> io::Result<()> {
    match lang {
        crate::Lang::Sv => out.write_all("\u{feff}".as_bytes()),
        crate::Lang::En => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use crate::render::Grid;

    fn csv(lang: Lang, grid: Grid) -> String {
        let doc = Document::new(lang).with_csv(grid);
        let mut out = Vec::new();
        write(&mut out, &doc).unwrap();
        let text = String::from_utf8(out).unwrap();
        // Swedish CSV, and only Swedish, starts with a byte-order mark.
        match lang {
            Lang::Sv => text.strip_prefix('\u{feff}').expect("a BOM").to_string(),
            Lang::En => {
                assert!(!text.starts_with('\u{feff}'));
                text
            }
        }
    }

    #[test]
    fn separators_and_quoting() {
        let mut grid = Grid::new(&["id", "namn", "poäng"]);
        grid.push(vec!["a".into(), "Åby; norra \"x\"".into(), "0,25".into()]);
        assert_eq!(
            csv(Lang::Sv, grid),
            "id;namn;poäng\na;\"Åby; norra \"\"x\"\"\";0,25\n"
        );
        let mut grid = Grid::new(&["id", "name"]);
        grid.push(vec!["a".into(), "two\nlines, here".into()]);
        assert_eq!(csv(Lang::En, grid), "id,name\na,\"two\nlines, here\"\n");
    }

    #[test]
    fn an_empty_table_is_its_header() {
        assert_eq!(csv(Lang::En, Grid::new(&["rank", "id"])), "rank,id\n");
    }

    #[test]
    fn further_tables_follow_after_a_blank_line() {
        let mut first = Grid::new(&["id", "poäng"]);
        first.push(vec!["a".into(), "0,5".into()]);
        let second = Grid::new(&["matris", "CR"]);
        let doc = Document::new(Lang::Sv)
            .with_csv(first)
            .with_csv_after(second);
        let mut out = Vec::new();
        write(&mut out, &doc).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{feff}id;poäng\na;0,5\n\nmatris;CR\n"
        );
    }

    #[test]
    fn no_table_is_an_error() {
        let err = write(&mut Vec::new(), &Document::new(Lang::En)).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::Unsupported);
    }
}
