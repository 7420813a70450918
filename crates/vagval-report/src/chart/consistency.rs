//! The consistency overview: one bar per pairwise matrix with its
//! consistency ratio (Saaty's CR) and a dashed threshold line. A bar above
//! the threshold differs three ways, never by colour alone: vermilion
//! instead of blue, hatched, and labelled "above threshold".

use super::Consistency;
use super::colour::pattern;
use super::parts::{
    self, DASH, LegendItem, MIN_WIDTH, Swatch, axis_x, dashed, grid_x, label_area, legend, words,
};
use super::scale::{Linear, nice};
use super::svg::{
    AXIS, Anchor, FONT, INK, MARGIN, MUTED, Rect, Svg, TextStyle, baseline, text_width,
};
use crate::lang::Lang;

const PLOT_WIDTH: f64 = 480.0;
const BAR: f64 = 24.0;
const GAP: f64 = 12.0;
/// Room above the plot for the threshold label.
const MARKER_STRIP: f64 = 26.0;
const DECIMALS: usize = 3;
const THRESHOLD_DECIMALS: usize = 2;
/// Blue (Okabe–Ito) for acceptable ratios.
const FINE: &str = "#0072B2";
/// Vermilion (Okabe–Ito) for ratios above the threshold, hatched.
const ABOVE: &str = "#D55E00";

pub(super) fn render(chart: &Consistency, lang: Lang) -> String {
    let words = words(lang);
    let mut svg = Svg::new("consistency", &format!("{chart:?}"), lang);
    if chart.bars.is_empty() {
        return parts::no_data(svg, &chart.title, words.consistency, lang);
    }
    let threshold = Some(chart.threshold).filter(|t| t.is_finite() && *t > 0.0);
    let cr = |k: usize| {
        chart
            .bars
            .get(k)
            .and_then(|b| b.cr)
            .filter(|v| v.is_finite())
    };
    let above = |v: f64| threshold.is_some_and(|t| v > t);
    let text_of = |k: usize| match cr(k) {
        Some(v) if above(v) => format!("{} · {}", lang.fixed(v, DECIMALS), words.above_threshold),
        Some(v) => lang.fixed(v, DECIMALS),
        None => DASH.to_string(),
    };
    let max = (0..chart.bars.len()).filter_map(cr).fold(0.0, f64::max);
    let hi = max.max(threshold.map_or(0.0, |t| t * 1.25));
    let ticks = nice(0.0, if hi > 0.0 { hi } else { 0.1 }, 5);

    let label_w = label_area(chart.bars.iter().map(|b| b.label.as_str()), FONT);
    let value_w = (0..chart.bars.len())
        .map(|k| text_width(&text_of(k), FONT) * 1.1)
        .fold(0.0, f64::max);
    let left = parts::plot_left(label_w);
    let right = left + PLOT_WIDTH;
    let width = (right + 8.0 + value_w + MARGIN).max(MIN_WIDTH);
    let x = Linear::new((ticks.first(), ticks.last()), (left, right));
    let hatched = pattern(&mut svg, ABOVE, 1);

    let mut y = parts::title(&mut svg, &chart.title, width);
    let mut items = Vec::new();
    if let Some(t) = threshold {
        let t = lang.fixed(t, THRESHOLD_DECIMALS);
        items.push(LegendItem {
            swatch: Swatch::Fill {
                fill: FINE.to_string(),
                outline: false,
            },
            label: format!("CR ≤ {t}"),
        });
        items.push(LegendItem {
            swatch: Swatch::Fill {
                fill: hatched.clone(),
                outline: false,
            },
            label: format!("CR > {t} ({})", words.above_threshold),
        });
    }
    if (0..chart.bars.len()).any(|k| cr(k).is_none()) {
        items.push(LegendItem {
            swatch: Swatch::None,
            label: format!("{DASH} {}", words.no_cr),
        });
    }
    y += legend(&mut svg, MARGIN, y, width - 2.0 * MARGIN, None, &items);
    let top = y + if threshold.is_some() {
        MARKER_STRIP
    } else {
        6.0
    };
    let bottom = top + chart.bars.len() as f64 * (BAR + GAP) - GAP;
    grid_x(&mut svg, x, &ticks, top - 4.0, bottom + 4.0);

    let mut desc = vec![match threshold {
        Some(t) => format!(
            "{} ({} {}).",
            words.consistency,
            words.threshold,
            lang.fixed(t, THRESHOLD_DECIMALS)
        ),
        None => format!("{}.", words.consistency),
    }];
    // Value labels go on top of the threshold line, with a halo.
    let mut value_labels = Vec::new();
    for (k, bar) in chart.bars.iter().enumerate() {
        let bar_top = top + k as f64 * (BAR + GAP);
        let middle = bar_top + BAR / 2.0;
        let centre = baseline(middle, FONT);
        let style = TextStyle::normal().anchor(Anchor::End);
        svg.wrapped_label(left - 10.0, middle, &bar.label, label_w, style);
        let text = text_of(k);
        let end = match cr(k) {
            Some(v) => {
                let end = x.map(v.max(0.0)).min(right);
                let fill = if above(v) { hatched.as_str() } else { FINE };
                let extra = if above(v) {
                    r##" stroke="#8f3e00" stroke-width="1.5""##
                } else {
                    ""
                };
                let tip = format!("{}: CR {text}", bar.label);
                svg.rect_titled(Rect::new(left, bar_top, end - left, BAR), fill, extra, &tip);
                end
            }
            None => left,
        };
        let style = match cr(k) {
            Some(v) if above(v) => TextStyle::normal().bold(),
            _ => TextStyle::normal().fill(MUTED),
        };
        value_labels.push((end + 6.0, centre, text.clone(), style.halo()));
        desc.push(format!("{}: {text}.", bar.label));
    }
    svg.line((left, top - 4.0), (left, bottom + 4.0), AXIS, 1.5, "");
    if let Some(t) = threshold {
        let px = x.map(t).min(right);
        svg.line(
            (px, top - 8.0),
            (px, bottom + 4.0),
            INK,
            2.0,
            &dashed("7 5"),
        );
        let text = format!("{} {}", words.threshold, lang.fixed(t, THRESHOLD_DECIMALS));
        let half = text_width(&text, FONT) / 2.0;
        let tx = px.clamp(MARGIN + half, (width - MARGIN - half).max(MARGIN + half));
        let style = TextStyle::normal().anchor(Anchor::Middle).bold();
        svg.text(tx, top - 13.0, &text, style);
    }
    for (x, y, text, style) in value_labels {
        svg.text(x, y, &text, style);
    }
    let format = |t: f64| lang.fixed(t, ticks.decimals);
    let end = axis_x(
        &mut svg,
        x,
        &ticks,
        bottom + 4.0,
        &format,
        words.cr_axis,
        (left, right),
    );
    let title = parts::chart_title(&chart.title, words.consistency);
    svg.finish(width, end + MARGIN, &title, &desc.join(" "))
}
