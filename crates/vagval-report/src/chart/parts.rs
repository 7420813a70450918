//! Pieces every chart shares: the title, a wrapping legend, a value axis at
//! the bottom with gridlines, the "no data" chart, and the few words charts
//! say themselves (everything else comes from the caller).

use super::scale::{Linear, Ticks};
use super::svg::{
    AXIS, Anchor, FONT, GRID, LABEL_CAP, MARGIN, MUTED, Rect, SUBTITLE, Svg, TITLE, TextStyle,
    baseline, text_width, truncate,
};
use crate::lang::Lang;

/// The words charts use of their own, per language.
pub(super) struct Words {
    pub no_data: &'static str,
    pub current_weight: &'static str,
    pub threshold: &'static str,
    pub above_threshold: &'static str,
    pub crossover: &'static str,
    pub crossovers: &'static str,
    pub weight: &'static str,
    pub score: &'static str,
    pub total: &'static str,
    pub no_cr: &'static str,
    pub cr_axis: &'static str,
    pub against: &'static str,
    pub grouped_bars: &'static str,
    pub stacked_bars: &'static str,
    pub line_chart: &'static str,
    pub rank_acceptability: &'static str,
    pub heat_map: &'static str,
    pub consistency: &'static str,
}

const EN: Words = Words {
    no_data: "No data",
    current_weight: "current weight",
    threshold: "threshold",
    above_threshold: "above threshold",
    crossover: "crossover",
    crossovers: "Crossovers",
    weight: "weight",
    score: "score",
    total: "total",
    no_cr: "no CR (direct weights or fewer than 3 items)",
    cr_axis: "Consistency ratio (CR)",
    against: "against",
    grouped_bars: "Grouped bar chart",
    stacked_bars: "Stacked bar chart",
    line_chart: "Line chart",
    rank_acceptability: "Rank acceptability",
    heat_map: "Heat map",
    consistency: "Consistency ratios",
};

const SV: Words = Words {
    no_data: "Inga data",
    current_weight: "nuvarande vikt",
    threshold: "gräns",
    above_threshold: "över gränsen",
    crossover: "skärningspunkt",
    crossovers: "Skärningspunkter",
    weight: "vikt",
    score: "poäng",
    total: "totalt",
    no_cr: "ingen CR (direkta vikter eller färre än 3 poster)",
    cr_axis: "Konsistenskvot (CR)",
    against: "mot",
    grouped_bars: "Grupperat stapeldiagram",
    stacked_bars: "Staplat stapeldiagram",
    line_chart: "Linjediagram",
    rank_acceptability: "Rangacceptans",
    heat_map: "Värmekarta",
    consistency: "Konsistenskvoter",
};

pub(super) fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Sv => &SV,
    }
}

/// The shown text for a missing value.
pub(super) const DASH: &str = "–";

/// Chart width when the content would be narrower.
pub(super) const MIN_WIDTH: f64 = 480.0;

/// The chart's title at the top left; returns the y where content starts.
pub(super) fn title(svg: &mut Svg, title: &str, width: f64) -> f64 {
    let style = TextStyle::normal().size(TITLE).bold();
    svg.label(MARGIN, MARGIN + TITLE, title, width - 2.0 * MARGIN, style);
    MARGIN + TITLE + 16.0
}

/// Width of the label column for `labels`: the longest one, capped (labels
/// beyond the cap are truncated to it).
pub(super) fn label_area<'a>(labels: impl Iterator<Item = &'a str>, size: f64) -> f64 {
    labels
        .map(|l| text_width(l, size))
        .fold(0.0, f64::max)
        .clamp(size, LABEL_CAP)
}

/// Where the plot starts right of a label column `label_w` wide: the
/// margin, the column with 8 % slack for wide fonts, and a gap.
pub(super) fn plot_left(label_w: f64) -> f64 {
    MARGIN + label_w * 1.08 + 12.0
}

/// What a legend entry shows before its text.
pub(super) enum Swatch {
    /// A filled square (`fill` may be a pattern `url(#…)`).
    Fill { fill: String, outline: bool },
    /// A short line.
    Line {
        colour: &'static str,
        dash: Option<&'static str>,
        outline: bool,
    },
    /// Text only (a note).
    None,
}

pub(super) struct LegendItem {
    pub swatch: Swatch,
    pub label: String,
}

const SWATCH: f64 = 14.0;
const LINE_SWATCH: f64 = 28.0;
const LEGEND_ROW: f64 = 24.0;

/// A legend flowing left to right from (`x`, `y`) and wrapping at
/// `max_width`; an optional bold title leads. Returns the height used.
pub(super) fn legend(
    svg: &mut Svg,
    x: f64,
    y: f64,
    max_width: f64,
    title: Option<&str>,
    items: &[LegendItem],
) -> f64 {
    if items.is_empty() {
        return 0.0;
    }
    let (mut cx, mut row) = (x, 0usize);
    let centre = |row: usize| y + LEGEND_ROW * row as f64 + LEGEND_ROW / 2.0;
    if let Some(title) = title.filter(|t| !t.trim().is_empty()) {
        let style = TextStyle::normal().bold();
        let shown = svg.label(cx, baseline(centre(0), FONT), title, max_width, style);
        cx += shown + 14.0;
    }
    for item in items {
        let swatch_width = match item.swatch {
            Swatch::Fill { .. } => SWATCH + 6.0,
            Swatch::Line { .. } => LINE_SWATCH + 6.0,
            Swatch::None => 0.0,
        };
        // A label takes the whole row when it needs to (it starts a row of
        // its own when the current one is too full): cut only when even
        // that is too narrow.
        let cap = (max_width - swatch_width).max(FONT);
        let (shown, _) = truncate(&item.label, cap, FONT);
        let width = swatch_width + text_width(&shown, FONT);
        if cx > x && cx + width > x + max_width {
            cx = x;
            row += 1;
        }
        let cy = centre(row);
        match &item.swatch {
            Swatch::Fill { fill, outline } => {
                let r = Rect::new(cx, cy - SWATCH / 2.0, SWATCH, SWATCH);
                svg.rect(r, fill, outline_attrs(*outline));
            }
            Swatch::Line {
                colour,
                dash,
                outline,
            } => {
                let (from, to) = ((cx, cy), (cx + LINE_SWATCH, cy));
                if *outline {
                    svg.line(from, to, "#000000", 5.0, r#" stroke-opacity="0.45""#);
                }
                let extra = dash.map_or(String::new(), |d| format!(r#" stroke-dasharray="{d}""#));
                svg.line(from, to, colour, 3.0, &extra);
            }
            Swatch::None => {}
        }
        svg.label(
            cx + swatch_width,
            baseline(cy, FONT),
            &item.label,
            cap,
            TextStyle::normal(),
        );
        cx += width + 20.0;
    }
    LEGEND_ROW * (row + 1) as f64 + 6.0
}

/// Attribute text outlining a light fill so it shows on white.
pub(super) fn outline_attrs(outline: bool) -> &'static str {
    if outline {
        r##" stroke="#000000" stroke-opacity="0.45" stroke-width="1""##
    } else {
        ""
    }
}

/// Vertical gridlines at `ticks` from `top` to `bottom`.
pub(super) fn grid_x(svg: &mut Svg, x: Linear, ticks: &Ticks, top: f64, bottom: f64) {
    for &t in &ticks.values {
        let px = x.map(t);
        svg.line((px, top), (px, bottom), GRID, 1.0, "");
    }
}

/// Tick labels under `bottom` (formatted by `format`), and the axis title
/// centred under them when non-empty. Returns the y below the axis.
pub(super) fn axis_x(
    svg: &mut Svg,
    x: Linear,
    ticks: &Ticks,
    bottom: f64,
    format: &dyn Fn(f64) -> String,
    title: &str,
    span: (f64, f64),
) -> f64 {
    for &t in &ticks.values {
        let px = x.map(t);
        svg.line((px, bottom), (px, bottom + 5.0), AXIS, 1.0, "");
        let style = TextStyle::normal().anchor(Anchor::Middle).fill(MUTED);
        svg.text(px, bottom + 22.0, &format(t), style);
    }
    if title.trim().is_empty() {
        bottom + 30.0
    } else {
        let style = TextStyle::normal().anchor(Anchor::Middle);
        svg.label(
            (span.0 + span.1) / 2.0,
            bottom + 46.0,
            title,
            span.1 - span.0,
            style,
        );
        bottom + 54.0
    }
}

/// A small chart saying there is nothing to show.
pub(super) fn no_data(mut svg: Svg, title: &str, kind: &str, lang: Lang) -> String {
    let words = words(lang);
    let width = MIN_WIDTH;
    let y = self::title(&mut svg, title, width);
    let style = TextStyle::normal()
        .size(SUBTITLE)
        .anchor(Anchor::Middle)
        .fill(MUTED);
    svg.text(width / 2.0, y + 40.0, words.no_data, style);
    let height = y + 40.0 + MARGIN + 8.0;
    let desc = format!("{kind}: {}.", words.no_data.to_lowercase());
    svg.finish(width, height, &chart_title(title, kind), &desc)
}

/// The accessible title: the caller's, or the chart kind when that is empty.
pub(super) fn chart_title(title: &str, kind: &str) -> String {
    if title.trim().is_empty() {
        kind.to_string()
    } else {
        title.to_string()
    }
}

/// Attribute text for a dashed stroke.
pub(super) fn dashed(pattern: &str) -> String {
    format!(r#" stroke-dasharray="{pattern}""#)
}

/// A number as shown in `lang` with `decimals`, or a dash when missing.
pub(super) fn shown(value: Option<f64>, decimals: usize, lang: Lang) -> String {
    value.map_or(DASH.to_string(), |v| lang.fixed(v, decimals))
}

/// A share (0..1) as whole percent: `41 %` (no-break space).
pub(super) fn whole_percent(share: f64, lang: Lang) -> String {
    format!("{}\u{a0}%", lang.fixed(share * 100.0, 0))
}
