//! Horizontal bar charts: grouped bars (criterion weights per group) and
//! stacked bars in panels (each alternative's score split by criterion).
//! Bars run horizontally so long criterion and alternative names read
//! left of them, unrotated.

use super::colour;
use super::parts::{
    self, LegendItem, MIN_WIDTH, Swatch, axis_x, grid_x, label_area, legend, outline_attrs, shown,
    words,
};
use super::scale::{Linear, nice};
use super::svg::{
    AXIS, Anchor, FONT, MARGIN, MUTED, Rect, SUBTITLE, Svg, TextStyle, baseline, text_width,
};
use super::{GroupedBars, StackedBars};
use crate::lang::Lang;

/// Width of the value axis, px.
const PLOT_WIDTH: f64 = 520.0;
/// Decimals of values printed on bars.
const DECIMALS: usize = 3;

const BAR: f64 = 20.0;
const BAR_GAP: f64 = 3.0;
const CLUSTER_GAP: f64 = 18.0;
const PAD: f64 = 8.0;

/// A finite value, or nothing.
fn finite(value: Option<&f64>) -> Option<f64> {
    value.copied().filter(|v| v.is_finite())
}

pub(super) fn grouped(chart: &GroupedBars, lang: Lang) -> String {
    let words = words(lang);
    let mut svg = Svg::new("bars", &format!("{chart:?}"), lang);
    let (categories, series) = (&chart.categories, &chart.series);
    if categories.is_empty() || series.is_empty() {
        return parts::no_data(svg, &chart.title, words.grouped_bars, lang);
    }
    let value = |s: usize, c: usize| finite(series.get(s).and_then(|s| s.values.get(c)));
    let cells = || (0..series.len()).flat_map(move |s| (0..categories.len()).map(move |c| (s, c)));
    let max = cells().filter_map(|(s, c)| value(s, c)).fold(0.0, f64::max);
    let ticks = nice(0.0, if max > 0.0 { max } else { 1.0 }, 5);

    let label_w = label_area(categories.iter().map(String::as_str), FONT);
    let value_w = cells()
        .map(|(s, c)| text_width(&shown(value(s, c), DECIMALS, lang), FONT))
        .fold(0.0, f64::max);
    let left = parts::plot_left(label_w);
    let width = (left + PLOT_WIDTH + 8.0 + value_w * 1.08 + MARGIN).max(MIN_WIDTH);
    let right = left + PLOT_WIDTH;

    let mut y = parts::title(&mut svg, &chart.title, width);
    let items: Vec<LegendItem> = series
        .iter()
        .enumerate()
        .map(|(s, series)| {
            let style = colour::series(s);
            LegendItem {
                swatch: Swatch::Fill {
                    fill: style.fill(&mut svg),
                    outline: style.is_light(),
                },
                label: series.name.clone(),
            }
        })
        .collect();
    y += legend(&mut svg, MARGIN, y, width - 2.0 * MARGIN, None, &items);

    let n = series.len() as f64;
    let cluster = n * BAR + (n - 1.0) * BAR_GAP;
    let top = y + 4.0;
    let bottom = top + 2.0 * PAD + categories.len() as f64 * (cluster + CLUSTER_GAP) - CLUSTER_GAP;
    let x = Linear::new((ticks.first(), ticks.last()), (left, right));
    grid_x(&mut svg, x, &ticks, top, bottom);

    let mut desc = vec![format!("{}: {}.", words.grouped_bars, chart.value_axis)];
    for (c, category) in categories.iter().enumerate() {
        let cluster_top = top + PAD + c as f64 * (cluster + CLUSTER_GAP);
        let style = TextStyle::normal().anchor(Anchor::End);
        svg.wrapped_label(
            left - 10.0,
            cluster_top + cluster / 2.0,
            category,
            label_w,
            style,
        );
        for (s, one) in series.iter().enumerate() {
            let bar_top = cluster_top + s as f64 * (BAR + BAR_GAP);
            let centre = baseline(bar_top + BAR / 2.0, FONT);
            let text = shown(value(s, c), DECIMALS, lang);
            let end = match value(s, c) {
                Some(v) => {
                    let end = x.map(v.max(0.0)).min(right);
                    let style = colour::series(s);
                    let fill = style.fill(&mut svg);
                    let tip = format!("{} – {category}: {text}", one.name);
                    let bar = Rect::new(left, bar_top, end - left, BAR);
                    svg.rect_titled(bar, &fill, outline_attrs(style.is_light()), &tip);
                    end
                }
                None => left,
            };
            svg.text(end + 5.0, centre, &text, TextStyle::normal().fill(MUTED));
        }
    }
    for (s, one) in series.iter().enumerate() {
        let values: Vec<String> = categories
            .iter()
            .enumerate()
            .map(|(c, category)| format!("{category} {}", shown(value(s, c), DECIMALS, lang)))
            .collect();
        desc.push(format!("{}: {}.", one.name, values.join(", ")));
    }
    svg.line((left, top), (left, bottom), AXIS, 1.5, "");
    let format = |t: f64| lang.fixed(t, ticks.decimals);
    let end = axis_x(
        &mut svg,
        x,
        &ticks,
        bottom,
        &format,
        &chart.value_axis,
        (left, right),
    );
    let title = parts::chart_title(&chart.title, words.grouped_bars);
    svg.finish(width, end + MARGIN, &title, &desc.join(" "))
}

const STACK_BAR: f64 = 28.0;
const STACK_GAP: f64 = 10.0;
const PANEL_GAP: f64 = 14.0;

pub(super) fn stacked(chart: &StackedBars, lang: Lang) -> String {
    let words = words(lang);
    let mut svg = Svg::new("stacked", &format!("{chart:?}"), lang);
    let (segments, panels) = (&chart.segments, &chart.panels);
    if segments.is_empty() || panels.iter().all(|p| p.bars.is_empty()) {
        return parts::no_data(svg, &chart.title, words.stacked_bars, lang);
    }
    // Negative and non-finite contributions are not drawn (0).
    let value = |p: usize, b: usize, s: usize| {
        finite(
            panels
                .get(p)
                .and_then(|p| p.values.get(b))
                .and_then(|row| row.get(s)),
        )
        .filter(|v| *v > 0.0)
        .unwrap_or(0.0)
    };
    // A bar's sum, when finite (huge contributions can overflow).
    let total = |p: usize, b: usize| {
        Some((0..segments.len()).map(|s| value(p, b, s)).sum::<f64>()).filter(|t| t.is_finite())
    };
    let rows = || {
        panels
            .iter()
            .enumerate()
            .flat_map(|(p, panel)| (0..panel.bars.len()).map(move |b| (p, b)))
    };
    let max = rows().filter_map(|(p, b)| total(p, b)).fold(0.0, f64::max);
    let ticks = nice(0.0, if max > 0.0 { max } else { 1.0 }, 5);

    let label_w = label_area(
        panels
            .iter()
            .flat_map(|p| p.bars.iter().map(String::as_str)),
        FONT,
    );
    let total_w = rows()
        .map(|(p, b)| text_width(&shown(total(p, b), DECIMALS, lang), FONT) * 1.1)
        .fold(0.0, f64::max);
    let left = parts::plot_left(label_w);
    let right = left + PLOT_WIDTH;
    let width = (right + 8.0 + total_w + MARGIN).max(MIN_WIDTH);
    let x = Linear::new((ticks.first(), ticks.last()), (left, right));

    let mut y = parts::title(&mut svg, &chart.title, width);
    let styles: Vec<colour::SeriesStyle> = (0..segments.len()).map(colour::series).collect();
    let fills: Vec<String> = styles.iter().map(|s| s.fill(&mut svg)).collect();
    let items = segment_legend(segments, &styles, &fills);
    y += legend(&mut svg, MARGIN, y, width - 2.0 * MARGIN, None, &items);

    let mut desc = vec![format!("{}: {}.", words.stacked_bars, chart.value_axis)];
    for (p, panel) in panels.iter().enumerate() {
        y += 6.0;
        let style = TextStyle::normal().size(SUBTITLE).bold();
        svg.label(
            MARGIN,
            y + SUBTITLE,
            &panel.title,
            width - 2.0 * MARGIN,
            style,
        );
        y += SUBTITLE + 12.0;
        if panel.bars.is_empty() {
            let style = TextStyle::normal().fill(MUTED);
            svg.text(
                left,
                baseline(y + STACK_BAR / 2.0, FONT),
                words.no_data,
                style,
            );
            y += STACK_BAR + PANEL_GAP;
            desc.push(format!(
                "{}: {}.",
                panel.title,
                words.no_data.to_lowercase()
            ));
            continue;
        }
        let top = y;
        let bottom = top + panel.bars.len() as f64 * (STACK_BAR + STACK_GAP) - STACK_GAP;
        grid_x(&mut svg, x, &ticks, top - 4.0, bottom + 4.0);
        let mut described = Vec::new();
        for (b, bar) in panel.bars.iter().enumerate() {
            let bar_top = top + b as f64 * (STACK_BAR + STACK_GAP);
            let centre = bar_top + STACK_BAR / 2.0;
            let style = TextStyle::normal().anchor(Anchor::End);
            svg.wrapped_label(left - 10.0, centre, bar, label_w, style);
            let values: Vec<f64> = (0..segments.len()).map(|s| value(p, b, s)).collect();
            let stack = Stack {
                x,
                right,
                bar_top,
                bar,
                fills: &fills,
                styles: &styles,
            };
            let (start, parts_text) = stack_segments(&mut svg, &stack, segments, &values, lang);
            let sum = shown(total(p, b), DECIMALS, lang);
            let end = x.map(start).min(right);
            svg.text(
                end + 6.0,
                baseline(centre, FONT),
                &sum,
                TextStyle::normal().bold(),
            );
            described.push(format!(
                "{bar} {} {sum} ({})",
                words.total,
                parts_text.join(", ")
            ));
        }
        svg.line((left, top - 4.0), (left, bottom + 4.0), AXIS, 1.5, "");
        desc.push(format!("{}: {}.", panel.title, described.join("; ")));
        y = bottom + PANEL_GAP;
    }
    let format = |t: f64| lang.fixed(t, ticks.decimals);
    let bottom = y - PANEL_GAP + 4.0;
    let end = axis_x(
        &mut svg,
        x,
        &ticks,
        bottom,
        &format,
        &chart.value_axis,
        (left, right),
    );
    let title = parts::chart_title(&chart.title, words.stacked_bars);
    svg.finish(width, end + MARGIN, &title, &desc.join(" "))
}

fn segment_legend(
    segments: &[String],
    styles: &[colour::SeriesStyle],
    fills: &[String],
) -> Vec<LegendItem> {
    segments
        .iter()
        .zip(styles)
        .zip(fills)
        .map(|((name, style), fill)| LegendItem {
            swatch: Swatch::Fill {
                fill: fill.clone(),
                outline: style.is_light(),
            },
            label: name.clone(),
        })
        .collect()
}

/// Where one stacked bar is drawn.
struct Stack<'a> {
    x: Linear,
    right: f64,
    bar_top: f64,
    bar: &'a str,
    fills: &'a [String],
    styles: &'a [colour::SeriesStyle],
}

/// One stacked bar's segments (those above 0), each labelled with its
/// value where it fits: where the bar ends (in data) and its parts in words.
fn stack_segments(
    svg: &mut Svg,
    stack: &Stack<'_>,
    segments: &[String],
    values: &[f64],
    lang: Lang,
) -> (f64, Vec<String>) {
    let (x, right, bar_top, bar) = (stack.x, stack.right, stack.bar_top, stack.bar);
    let centre = bar_top + STACK_BAR / 2.0;
    let mut start = 0.0;
    let mut parts_text = Vec::new();
    for (s, (segment, &v)) in segments.iter().zip(values).enumerate() {
        if v <= 0.0 {
            continue;
        }
        let (x0, x1) = (x.map(start).min(right), x.map(start + v).min(right));
        start += v;
        let text = lang.fixed(v, DECIMALS);
        parts_text.push(format!("{segment} {text}"));
        let fill = stack.fills.get(s).map_or("#999999", String::as_str);
        let tip = format!("{bar} – {segment}: {text}");
        let r = Rect::new(x0, bar_top, x1 - x0, STACK_BAR);
        svg.rect_titled(r, fill, r##" stroke="#ffffff" stroke-width="1""##, &tip);
        if x1 - x0 >= text_width(&text, FONT) + 8.0 {
            let (ink, halo) = stack.styles.get(s).map_or((MUTED, true), |st| st.text_on());
            let mut style = TextStyle::normal().anchor(Anchor::Middle).fill(ink);
            if halo {
                style = style.halo();
            }
            svg.text((x0 + x1) / 2.0, baseline(centre, FONT), &text, style);
        }
    }
    (start, parts_text)
}
