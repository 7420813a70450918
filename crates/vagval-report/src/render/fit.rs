//! A plain-text table fit to a width (a terminal's): as it is when it
//! fits; else its cells wrapped at spaces, the columns narrowed where that
//! adds the fewest lines, ids broken after their hyphens (`regional-` /
//! `cooperation`) only where nothing else fits, a number's cells never
//! wrapped (only its header), and each wrapped row ruled off from its
//! neighbours; and when even the longest word of each column cannot stand
//! side by side, stacked: one block per row, each line a column's header
//! and the row's value. Text is never cut: a word longer than the room it
//! has is broken, not dropped. Widths are display columns (`å`, `ä`, `ö`,
//! `”` are one each).

use super::Grid;
use tabled::builder::Builder;
use tabled::grid::config::HorizontalLine;
use tabled::settings::object::Columns;
use tabled::settings::themes::Theme;
use tabled::settings::{Alignment, Style};
use unicode_width::UnicodeWidthStr;

/// The narrowest a table is ever laid out for: below it, lines may be
/// wider than asked (a header and a value still need a few columns each).
const MIN_WIDTH: usize = 20;

/// The columns a cell's text takes on screen.
pub(crate) fn display_width(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// `grid` as a box-drawn table no wider than `width`, or stacked (see the
/// module's comment); trailing newline included.
pub(crate) fn fit(grid: &Grid, width: usize) -> String {
    let columns = grid.width();
    if columns == 0 {
        return String::new();
    }
    let width = width.max(MIN_WIDTH);
    let rows: Vec<Vec<String>> = std::iter::once(&grid.headers)
        .chain(&grid.rows)
        .map(|row| grid.padded(row))
        .collect();
    // `│ ` before each cell, ` ` after it, and the closing `│`.
    let frame = 3 * columns + 1;
    let natural: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| display_width(&r[c])).max().unwrap_or(0))
        .collect();
    if natural.iter().sum::<usize>() + frame <= width {
        return boxed(grid, &rows, false);
    }
    // The narrowest each column can be: its longest word, ids whole if the
    // table fits so (only headers break after hyphens), else broken too.
    let fits = |least: &[usize]| least.iter().sum::<usize>() + frame <= width;
    let whole = least_widths(grid, &rows, false);
    let least = if fits(&whole) {
        whole
    } else {
        let broken = least_widths(grid, &rows, true);
        if !fits(&broken) {
            return stacked(&rows, width);
        }
        broken
    };
    let widths = narrowed(&rows, natural, &least, width - frame);
    let wrapped: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .zip(&widths)
                .map(|(cell, &w)| wrap(cell, w).join("\n"))
                .collect()
        })
        .collect();
    boxed(grid, &wrapped, true)
}

/// The narrowest each column of `rows` (the header first) can be: its
/// longest word; a number's cells whole (only its header wraps); ids
/// (`regional-cooperation`) in the body broken after their hyphens only
/// when `hyphens`.
fn least_widths(grid: &Grid, rows: &[Vec<String>], hyphens: bool) -> Vec<usize> {
    (0..grid.width())
        .map(|c| {
            let numeric = grid.numeric.contains(&c);
            rows.iter()
                .enumerate()
                .map(|(k, r)| match k {
                    0 => longest_piece(&r[c], true),
                    _ if numeric => display_width(&r[c]),
                    _ => longest_piece(&r[c], hyphens),
                })
                .max()
                .unwrap_or(0)
        })
        .collect()
}

/// The box-drawn table of `rows` (the header first), numeric columns
/// right-aligned; `ruled` draws a line around every row that wraps (its
/// cells would otherwise run into the next row's).
fn boxed(grid: &Grid, rows: &[Vec<String>], ruled: bool) -> String {
    let mut builder = Builder::new();
    for row in rows {
        builder.push_record(row.clone());
    }
    let mut table = builder.build();
    let mut theme = Theme::from_style(Style::sharp());
    if ruled {
        // A rule above and below each row whose cells take more than one
        // line, so that a wrapped row reads as one.
        let tall = |k: usize| {
            rows.get(k)
                .is_some_and(|r| r.iter().any(|c| c.contains('\n')))
        };
        for line in 2..rows.len() {
            if tall(line - 1) || tall(line) {
                theme.insert_horizontal_line(
                    line,
                    HorizontalLine::new(Some('─'), Some('┼'), Some('├'), Some('┤')),
                );
            }
        }
    }
    table.with(theme);
    let columns = grid.width();
    for &column in &grid.numeric {
        if column < columns {
            table.modify(Columns::one(column), Alignment::right());
        }
    }
    let mut text = table.to_string();
    text.push('\n');
    text
}

/// How good narrowing a column is, smallest best: the ids it breaks after
/// a hyphen in the table's body, the lines it adds to its cells, the
/// table's height, and then the wider column first.
type Choice = (usize, usize, usize, std::cmp::Reverse<usize>);

/// A column's cells at a width: each cell's number of lines, and how many
/// of the body's lines end in a hyphen break (`join-` / `hit`).
struct Wrapped {
    lines: Vec<usize>,
    breaks: usize,
}

/// The columns' widths narrowed until they sum to `room`, one column at a
/// time, never below its longest word (`least`): each step narrows the
/// column that breaks the fewest ids, then adds the fewest lines to its
/// cells, then to the table's height, then the widest. The caller has made
/// sure the least widths fit.
fn narrowed(
    rows: &[Vec<String>],
    mut widths: Vec<usize>,
    least: &[usize],
    room: usize,
) -> Vec<usize> {
    let wrapped = |c: usize, width: usize| -> Wrapped {
        let cells: Vec<Vec<String>> = rows.iter().map(|r| wrap(&r[c], width)).collect();
        let breaks = cells
            .iter()
            .skip(1)
            .flat_map(|lines| lines.split_last().map(|(_, before)| before))
            .flatten()
            .filter(|line| line.ends_with('-'))
            .count();
        Wrapped {
            lines: cells.iter().map(Vec::len).collect(),
            breaks,
        }
    };
    let mut current: Vec<Wrapped> = (0..widths.len()).map(|c| wrapped(c, widths[c])).collect();
    while widths.iter().sum::<usize>() > room {
        let mut best: Option<(Choice, usize, Wrapped)> = None;
        for c in (0..widths.len()).filter(|&c| widths[c] > least[c]) {
            let narrower = wrapped(c, widths[c] - 1);
            let height: usize = (0..rows.len())
                .map(|r| {
                    (0..widths.len())
                        .map(|o| {
                            if o == c {
                                narrower.lines[r]
                            } else {
                                current[o].lines[r]
                            }
                        })
                        .max()
                        .unwrap_or(1)
                })
                .sum();
            let added = narrower.lines.iter().sum::<usize>();
            let key = (
                narrower.breaks.saturating_sub(current[c].breaks),
                added.saturating_sub(current[c].lines.iter().sum()),
                height,
                std::cmp::Reverse(widths[c]),
            );
            if best.as_ref().is_none_or(|(k, _, _)| key < *k) {
                best = Some((key, c, narrower));
            }
        }
        let Some((_, c, narrower)) = best else {
            break;
        };
        widths[c] -= 1;
        current[c] = narrower;
    }
    widths
}

/// One block per row: `header  value` lines, values wrapped under their
/// first line, headers wrapped when they would take more than a third of
/// the width; blocks separated by a blank line and indented by two spaces
/// (as `Pairs` are).
fn stacked(rows: &[Vec<String>], width: usize) -> String {
    let Some((headers, records)) = rows.split_first() else {
        return String::new();
    };
    let indent = "  ";
    let key = headers
        .iter()
        .map(|h| display_width(h))
        .max()
        .unwrap_or(0)
        .min(width / 3)
        .max(1);
    let value = width.saturating_sub(indent.len() + key + 2).max(1);
    let mut out = String::new();
    for (k, record) in records.iter().enumerate() {
        if k > 0 {
            out.push('\n');
        }
        for (header, cell) in headers.iter().zip(record) {
            let names = wrap(header, key);
            let values = wrap(cell, value);
            for line in 0..names.len().max(values.len()) {
                let name = names.get(line).map(String::as_str).unwrap_or("");
                let text = values.get(line).map(String::as_str).unwrap_or("");
                let pad = " ".repeat(key - display_width(name).min(key));
                let row = format!("{indent}{name}{pad}  {text}");
                out.push_str(row.trim_end());
                out.push('\n');
            }
        }
    }
    out
}

/// The places a line may break in `word`: after each hyphen that joins
/// two letters (`regional-cooperation`), never in a number (`-5.2`).
fn pieces(word: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for k in 1..chars.len().saturating_sub(1) {
        let (at, c) = chars[k];
        if c == '-' && chars[k - 1].1.is_alphabetic() && chars[k + 1].1.is_alphabetic() {
            let end = at + c.len_utf8();
            out.push(&word[start..end]);
            start = end;
        }
    }
    out.push(&word[start..]);
    out
}

/// The width of the longest unbreakable piece of `text`: its longest word,
/// or with `hyphens` its longest part between joining hyphens.
fn longest_piece(text: &str, hyphens: bool) -> usize {
    text.split([' ', '\n'])
        .flat_map(|word| if hyphens { pieces(word) } else { vec![word] })
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

/// `text` in lines of at most `width` columns: greedy, breaking at spaces
/// and after joining hyphens; a piece wider than `width` is broken between
/// characters. Its lines joined (a space between, none after a hyphen
/// break) give `text` back, runs of spaces aside.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            for (k, piece) in pieces(word).into_iter().enumerate() {
                let gap = if line.is_empty() || k > 0 { "" } else { " " };
                if line.width() + gap.len() + piece.width() <= width {
                    line.push_str(gap);
                    line.push_str(piece);
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                for c in piece.chars() {
                    let mut buffer = [0u8; 4];
                    let ch: &str = c.encode_utf8(&mut buffer);
                    if !line.is_empty() && line.width() + ch.width() > width {
                        lines.push(std::mem::take(&mut line));
                    }
                    line.push(c);
                }
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table shaped like `vagval groups`' ranking on Tranås: long
    /// Swedish names, group ids as headers, numbers with ranks.
    fn ranking() -> Grid {
        let mut grid = Grid::new(&[
            "rank",
            "id",
            "name",
            "aggregate",
            "fiscal-caution",
            "local-control",
            "regional-cooperation",
            "security-first",
        ])
        .numeric(&[0, 3, 4, 5, 6, 7]);
        for (rank, id, name) in [
            ("1", "join-hit", "Ingå i Höglandsförbundet och HIT"),
            ("2", "stay-alone", "Fortsätta som idag i egen regi"),
            ("3", "build-in-house", "Bygga egen förmåga"),
        ] {
            let mut row = vec![rank.into(), id.into(), name.into(), "0.505".into()];
            row.extend(["0.478 (1)", "0.340 (2)", "0.624 (1)", "0.587 (1)"].map(String::from));
            grid.push(row);
        }
        grid
    }

    /// A narrow table with one long name: it wraps rather than stacks.
    fn weights() -> Grid {
        let mut grid = Grid::new(&["id", "criterion", "aggregate"]).numeric(&[2]);
        grid.push(vec![
            "regional-influence".into(),
            "Regionalt inflytande (”Ensam är inte stark”) och samverkan i länet".into(),
            "0.085".into(),
        ]);
        grid.push(vec![
            "cost".into(),
            "Kostnad över tio år".into(),
            "0.141".into(),
        ]);
        grid
    }

    /// Every line at most `width` display columns, and every piece of
    /// every cell (a word, or an id's part between hyphens) still there.
    fn check_fits(grid: &Grid, width: usize) -> String {
        let text = fit(grid, width);
        for line in text.lines() {
            assert!(
                line.chars().count() <= width,
                "{width}: {} columns: {line}\n{text}",
                line.chars().count()
            );
        }
        for cell in grid.headers.iter().chain(grid.rows.iter().flatten()) {
            for piece in cell.split(' ').flat_map(pieces) {
                assert!(text.contains(piece), "{width}: `{piece}` lost\n{text}");
            }
        }
        text
    }

    #[test]
    fn tables_fit_every_width_and_lose_no_name() {
        for width in [60, 80, 100, 170] {
            check_fits(&ranking(), width);
            check_fits(&weights(), width);
        }
    }

    #[test]
    fn a_table_that_fits_is_left_as_it_is() {
        assert_eq!(fit(&ranking(), 170), ranking().text());
        assert_eq!(fit(&weights(), 170), weights().text());
    }

    #[test]
    fn a_long_name_wraps_inside_its_cell() {
        let text = check_fits(&weights(), 60);
        assert!(text.starts_with('┌'), "{text}");
        // The wrapped row is ruled off from the next.
        assert_eq!(text.matches('├').count(), 2, "{text}");
        // The id stays whole: the name wraps instead.
        assert!(
            text.contains("│ regional-influence │ Regionalt inflytande"),
            "{text}"
        );
        // The numbers stay whole and right-aligned.
        assert!(text.contains("     0.085 │"), "{text}");
    }

    #[test]
    fn ids_break_after_their_hyphens() {
        // 100 columns: the group ids in the headers wrap.
        let text = check_fits(&ranking(), 100);
        assert!(text.starts_with('┌'), "{text}");
        assert!(text.contains("regional-"), "{text}");
        assert!(!text.contains("regional-cooperation"), "{text}");
    }

    #[test]
    fn too_many_columns_stack_one_block_per_row() {
        let text = check_fits(&ranking(), 60);
        assert!(!text.contains('│'), "{text}");
        let blocks: Vec<&str> = text.split("\n\n").collect();
        assert_eq!(blocks.len(), 3, "{text}");
        assert!(
            blocks[0].contains("  name                  Ingå i Höglandsförbundet och HIT"),
            "{text}"
        );
        assert!(
            blocks[2].contains("  regional-cooperation  0.624 (1)"),
            "{text}"
        );
    }

    #[test]
    fn wrapping_gives_the_text_back() {
        let cases = [
            ("Ingå i Höglandsförbundet och HIT", 17),
            ("regional-cooperation security-first", 11),
            ("Regionalt inflytande (”Ensam är inte stark”)", 10),
            ("ett ord", 100),
            ("-5.224 (sänkt)", 7),
        ];
        for (text, width) in cases {
            let lines = wrap(text, width);
            let mut joined = String::new();
            for line in &lines {
                assert!(line.width() <= width, "{text}: `{line}`");
                if !joined.is_empty() && !joined.ends_with('-') {
                    joined.push(' ');
                }
                joined.push_str(line);
            }
            assert_eq!(joined, text, "{lines:?}");
        }
        // A number's minus sign is no place to break.
        assert_eq!(pieces("-5.2"), ["-5.2"]);
        assert_eq!(pieces("join-hit"), ["join-", "hit"]);
        // A word longer than the room is broken, not cut.
        assert_eq!(wrap("Höglandsförbundet", 6), ["Höglan", "dsförb", "undet"]);
    }

    #[test]
    fn widths_count_columns_not_bytes() {
        assert_eq!(display_width("Säkerhet först"), 14);
        assert_eq!(longest_piece("Höglandsförbundet och HIT", true), 17);
        assert_eq!(longest_piece("fiscal-caution", true), 7);
        assert_eq!(longest_piece("fiscal-caution", false), 14);
    }
}
