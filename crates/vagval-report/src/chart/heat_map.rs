//! The weights heat map: groups (rows) × criteria (columns), each cell
//! coloured on reversed viridis (light = 0, dark = the heaviest weight) and
//! printed in black or white, whichever contrasts more. Column names wrap
//! onto up to three lines instead of being rotated.

use super::HeatMap;
use super::colour::{text_on, viridis};
use super::parts::{self, DASH, MIN_WIDTH, label_area, words};
use super::scale::{Linear, nice};
use super::svg::{
    Anchor, FONT, MARGIN, MISSING, MUTED, Rect, Svg, TextStyle, baseline, num, text_width, wrap,
};
use crate::lang::Lang;

const CELL_HEIGHT: f64 = 36.0;
const MIN_CELL: f64 = 76.0;
const MAX_CELL: f64 = 200.0;
const HEADER_LINES: usize = 3;
const HEADER_LINE: f64 = 18.0;
const SCALE_WIDTH: f64 = 260.0;
const SCALE_HEIGHT: f64 = 14.0;
const DECIMALS: usize = 3;

pub(super) fn render(chart: &HeatMap, lang: Lang) -> String {
    let words = words(lang);
    let mut svg = Svg::new("heat", &format!("{chart:?}"), lang);
    let (rows, columns) = (&chart.rows, &chart.columns);
    if rows.is_empty() || columns.is_empty() {
        return parts::no_data(svg, &chart.title, words.heat_map, lang);
    }
    let value = |r: usize, c: usize| {
        chart
            .values
            .get(r)
            .and_then(|row| row.get(c))
            .copied()
            .filter(|v| v.is_finite())
    };
    let cells = || (0..rows.len()).flat_map(move |r| (0..columns.len()).map(move |c| (r, c)));
    let max = cells().filter_map(|(r, c)| value(r, c)).fold(0.0, f64::max);
    let ticks = nice(0.0, if max > 0.0 { max } else { 1.0 }, 4);
    let domain = ticks.last();
    let colour = |v: f64| viridis(1.0 - (v / domain).clamp(0.0, 1.0));

    let (widths, offsets, headers) = column_layout(columns);
    let header_lines = headers.iter().map(|h| h.0.len()).max().unwrap_or(1).max(1);
    let header_h = header_lines as f64 * HEADER_LINE + 6.0;

    let label_w = label_area(rows.iter().map(String::as_str), FONT);
    let left = parts::plot_left(label_w);
    let grid_w: f64 = widths.iter().sum();
    let scale_w = SCALE_WIDTH.min(grid_w.max(200.0));
    let width = (left + grid_w.max(scale_w + 20.0) + MARGIN).max(MIN_WIDTH);

    let y = parts::title(&mut svg, &chart.title, width);
    // Column headers, bottom-aligned above their columns.
    let header_bottom = y + header_h - 6.0;
    for (((column, (lines, cut)), w), offset) in
        columns.iter().zip(&headers).zip(&widths).zip(&offsets)
    {
        let cx = left + offset + w / 2.0;
        let n = lines.len();
        let ys: Vec<f64> = (0..n)
            .map(|k| header_bottom - (n - 1 - k) as f64 * HEADER_LINE - 4.0)
            .collect();
        let full = cut.then_some(column.as_str());
        let style = TextStyle::normal().anchor(Anchor::Middle).bold();
        svg.lines(cx, &ys, lines, full, style);
    }
    let top = y + header_h;
    let mut desc = vec![format!("{}.", words.heat_map)];
    for (r, row) in rows.iter().enumerate() {
        let cell_top = top + r as f64 * CELL_HEIGHT;
        let centre = baseline(cell_top + CELL_HEIGHT / 2.0, FONT);
        let style = TextStyle::normal().anchor(Anchor::End);
        svg.wrapped_label(
            left - 10.0,
            cell_top + CELL_HEIGHT / 2.0,
            row,
            label_w,
            style,
        );
        let mut described = Vec::new();
        for (c, ((column, w), offset)) in columns.iter().zip(&widths).zip(&offsets).enumerate() {
            let area = Rect::new(left + offset, cell_top, *w, CELL_HEIGHT);
            let border = r##" stroke="#ffffff" stroke-width="2""##;
            let cx = area.x + w / 2.0;
            match value(r, c) {
                Some(v) => {
                    let fill = colour(v);
                    let text = lang.fixed(v, DECIMALS);
                    svg.rect_titled(area, &fill, border, &format!("{row} – {column}: {text}"));
                    let style = TextStyle::normal()
                        .anchor(Anchor::Middle)
                        .fill(text_on(&fill));
                    svg.text(cx, centre, &text, style);
                    described.push(format!("{column} {text}"));
                }
                None => {
                    svg.rect_titled(area, MISSING, border, &format!("{row} – {column}: {DASH}"));
                    let style = TextStyle::normal().anchor(Anchor::Middle).fill(MUTED);
                    svg.text(cx, centre, DASH, style);
                    described.push(format!("{column} {DASH}"));
                }
            }
        }
        desc.push(format!("{row}: {}.", described.join(", ")));
    }

    // The colour scale: a gradient with ticks.
    let scale_top = top + rows.len() as f64 * CELL_HEIGHT + 18.0;
    let gradient = svg.define("scale", |id| {
        let stops: String = (0..=10)
            .map(|k| {
                let t = f64::from(k) / 10.0;
                format!(
                    r#"<stop offset="{}" stop-color="{}"/>"#,
                    num(t),
                    viridis(1.0 - t)
                )
            })
            .collect();
        format!(r#"<linearGradient id="{id}" x1="0" y1="0" x2="1" y2="0">{stops}</linearGradient>"#)
    });
    let bar = Rect::new(left, scale_top, scale_w, SCALE_HEIGHT);
    svg.rect(
        bar,
        &format!("url(#{gradient})"),
        r##" stroke="#595959" stroke-width="0.5""##,
    );
    let x = Linear::new((0.0, domain), (left, left + scale_w));
    for &t in &ticks.values {
        let px = x.map(t);
        svg.line(
            (px, scale_top + SCALE_HEIGHT),
            (px, scale_top + SCALE_HEIGHT + 4.0),
            MUTED,
            1.0,
            "",
        );
        let style = TextStyle::normal().anchor(Anchor::Middle).fill(MUTED);
        svg.text(
            px,
            scale_top + SCALE_HEIGHT + 20.0,
            &lang.fixed(t, ticks.decimals),
            style,
        );
    }
    let height = scale_top + SCALE_HEIGHT + 28.0 + MARGIN;
    let title = parts::chart_title(&chart.title, words.heat_map);
    svg.finish(width, height, &title, &desc.join(" "))
}

/// Each column's width (as wide as its longest word, within limits, so
/// names wrap between words rather than inside them), its offset from the
/// grid's left edge, and its header wrapped (lines, cut).
#[allow(clippy::type_complexity)]
fn column_layout(columns: &[String]) -> (Vec<f64>, Vec<f64>, Vec<(Vec<String>, bool)>) {
    let widths: Vec<f64> = columns
        .iter()
        .map(|c| {
            let longest = c
                .split_whitespace()
                .map(|w| text_width(w, FONT))
                .fold(0.0, f64::max);
            (longest + 16.0).clamp(MIN_CELL, MAX_CELL)
        })
        .collect();
    let offsets: Vec<f64> = widths
        .iter()
        .scan(0.0, |sum, w| {
            let start = *sum;
            *sum += w;
            Some(start)
        })
        .collect();
    let headers = columns
        .iter()
        .zip(&widths)
        .map(|(c, w)| wrap(c, w - 8.0, FONT, HEADER_LINES))
        .collect();
    (widths, offsets, headers)
}
