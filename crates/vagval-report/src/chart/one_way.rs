//! The one-way sensitivity chart: each alternative's score as one
//! criterion's weight runs from 0 to 1, the current weight as a dashed
//! marker, crossovers as labelled points, names at the lines' right ends.

use std::fmt::Write as _;

use super::colour;
use super::parts::{
    self, LegendItem, MIN_WIDTH, Swatch, Words, axis_x, dashed, label_area, legend, words,
};
use super::scale::{Linear, Ticks, nice};
use super::svg::{
    AXIS, Anchor, FONT, GRID, INK, LABEL_LINES, LINE_HEIGHT, MARGIN, MUTED, Svg, TextStyle,
    baseline, escape, num, text_width, wrap,
};
use super::{Crossover, Line, OneWayChart};
use crate::lang::Lang;

const PLOT_WIDTH: f64 = 560.0;
const PLOT_HEIGHT: f64 = 340.0;
const LINE_WIDTH: f64 = 3.0;
/// Room above the plot for the current-weight label.
const MARKER_STRIP: f64 = 26.0;
/// Longest name at a line's end, px.
const END_LABEL_CAP: f64 = 240.0;
const END_LABEL_GAP: f64 = 18.0;
/// A crossover label's line, px: "A =" over "B" for names up to 33
/// characters.
const CROSSOVER_LABEL_CAP: f64 = 280.0;
const DECIMALS: usize = 3;

/// A line's finite points, in the given order.
fn points(line: &Line) -> Vec<(f64, f64)> {
    line.points
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect()
}

/// The polyline's y at `x` (interpolated; the end value outside its span),
/// when finite.
fn value_at(points: &[(f64, f64)], x: f64) -> Option<f64> {
    let mut sorted = points.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (first, last) = (sorted.first()?, sorted.last()?);
    if x <= first.0 {
        return Some(first.1);
    }
    if x >= last.0 {
        return Some(last.1);
    }
    sorted
        .windows(2)
        .find_map(|pair| match pair {
            [a, b] if a.0 <= x && x <= b.0 => {
                let span = b.0 - a.0;
                Some(if span > 0.0 {
                    // Weighted, not `a + t·(b − a)`: `b − a` can overflow
                    // when both are huge.
                    let t = (x - a.0) / span;
                    a.1 * (1.0 - t) + b.1 * t
                } else {
                    b.1
                })
            }
            _ => None,
        })
        .filter(|y| y.is_finite())
}

/// Whether a crossover is drawn: finite, at a weight in 0..=1. Those not
/// drawn do not count for the y axis either.
fn drawn(c: &Crossover) -> bool {
    c.weight.is_finite() && c.score.is_finite() && (-1e-9..=1.0 + 1e-9).contains(&c.weight)
}

/// The y domain: the lines' and drawn crossovers' range, stretched to 0 when
/// 0 is close.
fn y_ticks(lines: &[Vec<(f64, f64)>], chart: &OneWayChart) -> Ticks {
    let ys = lines
        .iter()
        .flatten()
        .map(|p| p.1)
        .chain(
            chart
                .crossovers
                .iter()
                .filter(|c| drawn(c))
                .map(|c| c.score),
        )
        .filter(|y| y.is_finite());
    let (lo, hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| {
        (lo.min(y), hi.max(y))
    });
    let lo = if lo >= 0.0 && lo <= hi - lo { 0.0 } else { lo };
    nice(lo, hi, 6)
}

/// Spreads label centres (sorted by desired y) at least `gap` apart within
/// `lo..=hi`, moving each as little as it can.
fn spread(ys: &mut [f64], gap: f64, lo: f64, hi: f64) {
    for k in 1..ys.len() {
        let floor = ys[k - 1] + gap;
        if let Some(y) = ys.get_mut(k) {
            *y = y.max(floor);
        }
    }
    if let Some(last) = ys.last_mut() {
        *last = last.min(hi);
    }
    for k in (0..ys.len().saturating_sub(1)).rev() {
        let ceiling = ys[k + 1] - gap;
        if let Some(y) = ys.get_mut(k) {
            *y = y.min(ceiling).max(lo);
        }
    }
}

/// A box in px: left, top, right, bottom.
type Area = (f64, f64, f64, f64);

fn overlaps(a: Area, b: Area) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// The plot's place on the page and its scales.
struct Frame {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    width: f64,
    x: Linear,
    ys: Linear,
}

/// What every step of drawing the chart reads.
struct Ctx<'a> {
    chart: &'a OneWayChart,
    lang: Lang,
    words: &'static Words,
    lines: &'a [Vec<(f64, f64)>],
    styles: &'a [colour::SeriesStyle],
}

pub(super) fn render(chart: &OneWayChart, lang: Lang) -> String {
    let words = words(lang);
    let mut svg = Svg::new("oneway", &format!("{chart:?}"), lang);
    let lines: Vec<Vec<(f64, f64)>> = chart.lines.iter().map(points).collect();
    if lines.iter().all(Vec::is_empty) {
        return parts::no_data(svg, &chart.title, words.line_chart, lang);
    }
    let x_ticks = nice(0.0, 1.0, 10);
    let y_ticks = y_ticks(&lines, chart);
    let y_format = |t: f64| lang.fixed(t, y_ticks.decimals);
    let tick_w = y_ticks
        .values
        .iter()
        .map(|&t| text_width(&y_format(t), FONT))
        .fold(0.0, f64::max);
    let axis_title_w = if chart.y_axis.trim().is_empty() {
        0.0
    } else {
        26.0
    };
    let left = MARGIN + axis_title_w + tick_w + 12.0;
    let right = left + PLOT_WIDTH;
    let names = chart.lines.iter().map(|l| l.name.as_str());
    let end_w = label_area(names, FONT).min(END_LABEL_CAP);
    let width = (right + 18.0 + end_w * 1.08 + MARGIN).max(MIN_WIDTH);

    let mut y = parts::title(&mut svg, &chart.title, width);
    let styles: Vec<colour::SeriesStyle> = (0..chart.lines.len()).map(colour::series).collect();
    y += legend(
        &mut svg,
        MARGIN,
        y,
        width - 2.0 * MARGIN,
        None,
        &legend_items(chart, &styles),
    );
    let top = y + MARKER_STRIP;
    let bottom = top + PLOT_HEIGHT;
    let frame = Frame {
        left,
        right,
        top,
        bottom,
        width,
        x: Linear::new((0.0, 1.0), (left, right)),
        ys: Linear::new((y_ticks.first(), y_ticks.last()), (bottom, top)),
    };
    let ctx = Ctx {
        chart,
        lang,
        words,
        lines: &lines,
        styles: &styles,
    };
    grid_and_axes(&mut svg, &frame, &x_ticks, &y_ticks, &y_format);

    let mut desc = format!(
        "{}: {} {} {}.",
        words.line_chart, chart.y_axis, words.against, chart.x_axis
    );
    current_weight(&mut svg, &frame, &ctx, &mut desc);
    draw_lines(&mut svg, &frame, &ctx, &mut desc);
    end_labels(&mut svg, &frame, &ctx, end_w);
    crossovers(&mut svg, &frame, &ctx, &mut desc);

    // Axis labels and titles.
    let x_format = |t: f64| lang.fixed(t, x_ticks.decimals);
    let end = axis_x(
        &mut svg,
        frame.x,
        &x_ticks,
        bottom,
        &x_format,
        &chart.x_axis,
        (left, right),
    );
    if axis_title_w > 0.0 {
        let (cx, cy) = (MARGIN + 14.0, (top + bottom) / 2.0);
        let style = TextStyle::normal().anchor(Anchor::Middle);
        let rotate = format!(r#" transform="rotate(-90 {} {})""#, num(cx), num(cy));
        svg.label_with(cx, cy, &chart.y_axis, PLOT_HEIGHT, style, &rotate);
    }
    let title = parts::chart_title(&chart.title, words.line_chart);
    svg.finish(width, end + MARGIN, &title, &desc)
}

fn legend_items(chart: &OneWayChart, styles: &[colour::SeriesStyle]) -> Vec<LegendItem> {
    chart
        .lines
        .iter()
        .zip(styles)
        .map(|(line, style)| LegendItem {
            swatch: Swatch::Line {
                colour: style.colour,
                dash: style.dash(),
                outline: style.is_light(),
            },
            label: line.name.clone(),
        })
        .collect()
}

/// The grid lines, the y ticks and their labels, the two axes.
fn grid_and_axes(
    svg: &mut Svg,
    frame: &Frame,
    x_ticks: &Ticks,
    y_ticks: &Ticks,
    y_format: &dyn Fn(f64) -> String,
) {
    let Frame {
        left,
        right,
        top,
        bottom,
        ..
    } = *frame;
    for &t in &x_ticks.values {
        let px = frame.x.map(t);
        svg.line((px, top), (px, bottom), GRID, 1.0, "");
    }
    for &t in &y_ticks.values {
        let py = frame.ys.map(t);
        svg.line((left, py), (right, py), GRID, 1.0, "");
        svg.line((left - 5.0, py), (left, py), AXIS, 1.0, "");
        let style = TextStyle::normal().anchor(Anchor::End).fill(MUTED);
        svg.text(left - 8.0, baseline(py, FONT), &y_format(t), style);
    }
    svg.line((left, top), (left, bottom), AXIS, 1.5, "");
    svg.line((left, bottom), (right, bottom), AXIS, 1.5, "");
}

/// The current weight, dashed, labelled above the plot.
fn current_weight(svg: &mut Svg, frame: &Frame, ctx: &Ctx<'_>, desc: &mut String) {
    let (chart, lang, words) = (ctx.chart, ctx.lang, ctx.words);
    if !chart.current_weight.is_finite() {
        return;
    }
    let w = chart.current_weight.clamp(0.0, 1.0);
    let px = frame.x.map(w);
    let text = format!(
        "{} {}",
        words.current_weight,
        lang.fixed(chart.current_weight, DECIMALS)
    );
    svg.line(
        (px, frame.top - 6.0),
        (px, frame.bottom),
        INK,
        2.0,
        &dashed("7 5"),
    );
    let half = text_width(&text, FONT) / 2.0;
    let tx = px.clamp(
        MARGIN + half,
        (frame.width - MARGIN - half).max(MARGIN + half),
    );
    let style = TextStyle::normal().anchor(Anchor::Middle).bold();
    svg.text(tx, frame.top - 11.0, &text, style);
    let _ = write!(
        desc,
        " {} {}.",
        capitalised(words.current_weight),
        lang.fixed(chart.current_weight, DECIMALS)
    );
}

/// The lines, clipped to the plot (a lone point as a dot).
fn draw_lines(svg: &mut Svg, frame: &Frame, ctx: &Ctx<'_>, desc: &mut String) {
    let (x, ys) = (frame.x, frame.ys);
    let clip = svg.define("plot", |id| {
        format!(
            r#"<clipPath id="{id}"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath>"#,
            num(frame.left - LINE_WIDTH),
            num(frame.top - LINE_WIDTH),
            num(PLOT_WIDTH + 2.0 * LINE_WIDTH),
            num(PLOT_HEIGHT + 2.0 * LINE_WIDTH)
        )
    });
    for ((line, pts), style) in ctx.chart.lines.iter().zip(ctx.lines).zip(ctx.styles) {
        let coords: Vec<String> = pts
            .iter()
            .map(|&(px, py)| format!("{},{}", num(x.map(px)), num(ys.map(py))))
            .collect();
        let title = format!("<title>{}</title>", escape(&line.name));
        match coords.as_slice() {
            [] => continue,
            [_] => {
                if let Some(&(px, py)) = pts.first() {
                    svg.raw(&format!(
                        r#"<circle cx="{}" cy="{}" r="5" fill="{}" clip-path="url(#{clip})">{title}</circle>"#,
                        num(x.map(px)),
                        num(ys.map(py)),
                        style.colour
                    ));
                }
            }
            _ => {
                let points = coords.join(" ");
                let common = format!(
                    r#"points="{points}" fill="none" stroke-linejoin="round" stroke-linecap="round" clip-path="url(#{clip})""#
                );
                if style.is_light() {
                    svg.raw(&format!(
                        r##"<polyline {common} stroke="#000000" stroke-opacity="0.45" stroke-width="{}"/>"##,
                        num(LINE_WIDTH + 2.0)
                    ));
                }
                let dash = style.dash().map_or(String::new(), dashed);
                svg.raw(&format!(
                    r#"<polyline {common} stroke="{}" stroke-width="{}"{dash}>{title}</polyline>"#,
                    style.colour,
                    num(LINE_WIDTH)
                ));
            }
        }
        let at = |w: f64| parts::shown(value_at(pts, w), DECIMALS, ctx.lang);
        let _ = write!(desc, " {}: {} → {}.", line.name, at(0.0), at(1.0));
    }
}

/// Names at the lines' right ends, spread so they do not overlap.
fn end_labels(svg: &mut Svg, frame: &Frame, ctx: &Ctx<'_>, end_w: f64) {
    let (top, bottom, right) = (frame.top, frame.bottom, frame.right);
    let mut ends: Vec<(f64, usize)> = ctx
        .lines
        .iter()
        .enumerate()
        .filter_map(|(k, pts)| value_at(pts, 1.0).map(|v| (frame.ys.map(v).clamp(top, bottom), k)))
        .collect();
    ends.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut placed: Vec<f64> = ends.iter().map(|e| e.0).collect();
    // Names wrap to two lines before they are cut; then every name gets
    // the room of two lines.
    let wraps = ctx
        .chart
        .lines
        .iter()
        .any(|l| wrap(&l.name, end_w, FONT, LABEL_LINES).0.len() > 1);
    let gap = if wraps {
        END_LABEL_GAP + LINE_HEIGHT * FONT
    } else {
        END_LABEL_GAP
    };
    spread(&mut placed, gap, top - 6.0, bottom + 6.0);
    for (&(line_y, k), &label_y) in ends.iter().zip(&placed) {
        let (Some(line), Some(style)) = (ctx.chart.lines.get(k), ctx.styles.get(k)) else {
            continue;
        };
        svg.line(
            (right + 2.0, line_y),
            (right + 12.0, label_y),
            style.colour,
            2.0,
            "",
        );
        svg.wrapped_label(
            right + 16.0,
            label_y,
            &line.name,
            end_w,
            TextStyle::normal(),
        );
    }
}

/// Crossovers: a ring each, and a label placed where it fits.
fn crossovers(svg: &mut Svg, frame: &Frame, ctx: &Ctx<'_>, desc: &mut String) {
    let (lang, words) = (ctx.lang, ctx.words);
    let (x, ys) = (frame.x, frame.ys);
    let mut taken: Vec<Area> = Vec::new();
    let crossovers: Vec<_> = ctx.chart.crossovers.iter().filter(|c| drawn(c)).collect();
    for c in &crossovers {
        let (px, py) = (x.map(c.weight), ys.map(c.score));
        taken.push((px - 8.0, py - 8.0, px + 8.0, py + 8.0));
    }
    let mut crossing_desc = Vec::new();
    for c in &crossovers {
        let (px, py) = (x.map(c.weight), ys.map(c.score));
        let detail = format!(
            "{} {}, {} {}",
            words.weight,
            lang.fixed(c.weight, DECIMALS),
            words.score,
            lang.fixed(c.score, DECIMALS)
        );
        let tip = format!("{}: {} ({detail})", capitalised(words.crossover), c.label);
        svg.raw(&format!(
            r#"<circle cx="{}" cy="{}" r="6" fill="{INK}" fill-opacity="0.15" stroke="{INK}" stroke-width="2.5"><title>{}</title></circle>"#,
            num(px),
            num(py),
            escape(&tip)
        ));
        crossing_desc.push(format!("{} ({detail})", c.label));
        if c.label.trim().is_empty() {
            continue;
        }
        crossover_label(svg, frame, (px, py), &c.label, &mut taken);
    }
    if !crossing_desc.is_empty() {
        let _ = write!(desc, " {}: {}.", words.crossovers, crossing_desc.join("; "));
    }
}

/// A crossover's label beside its point where there is room (else centred
/// above it in the plot, else left out), the room it takes added to `taken`.
fn crossover_label(
    svg: &mut Svg,
    frame: &Frame,
    (px, py): (f64, f64),
    label: &str,
    taken: &mut Vec<Area>,
) {
    let Frame {
        left,
        right,
        top,
        bottom,
        ..
    } = *frame;
    let plot_area = (left + 2.0, top + 2.0, right - 2.0, bottom - 2.0);
    let (lines, cut) = wrap(label, CROSSOVER_LABEL_CAP, FONT, LABEL_LINES);
    let w = lines
        .iter()
        .map(|l| text_width(l, FONT))
        .fold(0.0, f64::max);
    // Below the first baseline: the further lines.
    let below = LINE_HEIGHT * FONT * lines.len().saturating_sub(1) as f64;
    let candidates = [
        (10.0, -12.0),
        (-10.0, -12.0),
        (10.0, 22.0),
        (-10.0, 22.0),
        (10.0, -32.0),
        (-10.0, -32.0),
        (10.0, 42.0),
        (-10.0, 42.0),
    ];
    let area = |(dx, dy): (f64, f64)| -> Area {
        let x0 = if dx > 0.0 { px + dx } else { px + dx - w };
        (
            x0 - 2.0,
            py + dy - FONT,
            x0 + w + 2.0,
            py + dy + 4.0 + below,
        )
    };
    let inside = |a: Area| {
        a.0 >= plot_area.0 && a.2 <= plot_area.2 && a.1 >= plot_area.1 && a.3 <= plot_area.3
    };
    let free = |a: Area| inside(a) && !taken.iter().any(|&t| overlaps(t, a));
    let chosen = candidates.iter().copied().find(|&d| free(area(d)));
    let (tx, ty, anchor) = match chosen {
        Some((dx, dy)) => {
            let anchor = if dx > 0.0 { Anchor::Start } else { Anchor::End };
            (px + dx, py + dy, anchor)
        }
        None => {
            // No room beside the point: centred above it in the plot.
            let half = w / 2.0;
            let tx = px.clamp(
                left + half + 2.0,
                (right - half - 2.0).max(left + half + 2.0),
            );
            (
                tx,
                (py - 12.0 - below).clamp(top + FONT + 2.0, bottom - 4.0 - below),
                Anchor::Middle,
            )
        }
    };
    let x0 = match anchor {
        Anchor::Start => tx,
        Anchor::Middle => tx - w / 2.0,
        Anchor::End => tx - w,
    };
    let label_area = (x0 - 2.0, ty - FONT, x0 + w + 2.0, ty + 4.0 + below);
    // A label with no free place is left out: the point keeps its
    // tooltip and the chart's description lists every crossover.
    if chosen.is_none() && !free(label_area) {
        return;
    }
    taken.push(label_area);
    let style = TextStyle::normal().anchor(anchor).bold().halo();
    if lines.len() > 1 {
        let ys: Vec<f64> = (0..lines.len())
            .map(|k| ty + LINE_HEIGHT * FONT * k as f64)
            .collect();
        svg.lines(tx, &ys, &lines, cut.then_some(label), style);
    } else {
        svg.label(tx, ty, label, CROSSOVER_LABEL_CAP, style);
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or(String::new(), |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_at_interpolates_and_extends() {
        let pts = [(0.0, 0.2), (1.0, 0.6)];
        assert_eq!(value_at(&pts, 0.5), Some(0.4));
        assert_eq!(value_at(&pts, 2.0), Some(0.6));
        assert_eq!(value_at(&[], 0.5), None);
        // Huge but finite values do not overflow between them.
        let pts = [(-1.0, 1e308), (0.5, -1e308), (2.0, 1e308)];
        for x in [0.0, 0.25, 1.0] {
            let y = value_at(&pts, x);
            assert!(y.is_some_and(f64::is_finite), "{x}: {y:?}");
        }
        assert_eq!(
            value_at(&[(0.0, f64::MAX), (1.0, f64::MAX)], 0.5),
            Some(f64::MAX)
        );
    }

    #[test]
    fn crossovers_not_drawn_do_not_stretch_the_y_axis() {
        let mut chart = OneWayChart {
            title: String::new(),
            x_axis: String::new(),
            y_axis: String::new(),
            lines: vec![Line {
                name: "A".to_string(),
                points: vec![(0.0, 0.2), (1.0, 0.6)],
            }],
            current_weight: 0.5,
            crossovers: vec![],
        };
        let lines: Vec<_> = chart.lines.iter().map(points).collect();
        let without = y_ticks(&lines, &chart);
        for (weight, score) in [(5.0, 100.0), (-0.5, -3.0), (f64::NAN, 9.0)] {
            chart.crossovers = vec![Crossover {
                weight,
                score,
                label: "x".to_string(),
            }];
            assert_eq!(y_ticks(&lines, &chart), without, "({weight}, {score})");
        }
        // A drawn crossover is inside the axis.
        chart.crossovers = vec![Crossover {
            weight: 1.0,
            score: 0.9,
            label: "x".to_string(),
        }];
        assert!(y_ticks(&lines, &chart).last() >= 0.9);
    }

    #[test]
    fn spread_keeps_gaps_within_bounds() {
        let mut ys = [100.0, 101.0, 102.0, 300.0];
        spread(&mut ys, 18.0, 0.0, 400.0);
        assert_eq!(ys, [100.0, 118.0, 136.0, 300.0]);
        let mut ys = [395.0, 399.0];
        spread(&mut ys, 18.0, 0.0, 400.0);
        assert_eq!(ys, [382.0, 400.0]);
    }
}
