//! SVG charts of vagval's results, as pure functions: chart data in, a
//! standalone SVG document (`String`) out, also valid pasted inline in HTML.
//!
//! Every chart is deterministic (same input, byte-identical output), draws
//! only with system fonts and no external references or scripts, escapes all
//! text, shows every number through [`Lang`] (`0,412` in Swedish) and never
//! panics: empty, ragged, negative or non-finite input gives a valid chart
//! (missing values are left undrawn and shown as "–"). Categorical series use
//! the Okabe–Ito palette, cycled with patterns or dashes past eight;
//! sequential scales use viridis. Labels longer than the label column are
//! cut with "…" and keep their full text as a hover `<title>`.
//!
//! The words in a chart (titles, axis titles, names) come from the caller;
//! the chart adds only a few of its own ("current weight", "threshold", …)
//! in the chart's language.

mod bars;
mod colour;
mod consistency;
mod heat_map;
mod one_way;
mod parts;
mod rank;
mod scale;
mod svg;
#[cfg(test)]
mod tests;

use crate::lang::Lang;

/// A named series of values, one per category.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

/// Criterion weights per group: one cluster per category (criterion), one
/// bar per series (group). Bars run horizontally from 0; values are weights
/// (0..1, shown with 3 decimals).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupedBars {
    pub title: String,
    pub categories: Vec<String>,
    /// `series[s].values[c]` is series `s`'s value for category `c`.
    pub series: Vec<Series>,
    /// Title of the value axis ("Weight", "Vikt").
    pub value_axis: String,
}

/// One view of a [`StackedBars`] chart (a group, or the aggregate).
#[derive(Debug, Clone, PartialEq)]
pub struct StackedPanel {
    pub title: String,
    /// The bars (alternatives).
    pub bars: Vec<String>,
    /// `values[bar][segment]`: the segment's contribution to the bar's score.
    pub values: Vec<Vec<f64>>,
}

/// Each alternative's score split into per-criterion contributions; one
/// panel per view. In a panel, bars = alternatives, segments = `segments`
/// (criteria). The total (sum) is printed at the end of each bar; all panels
/// share one value axis so they compare.
#[derive(Debug, Clone, PartialEq)]
pub struct StackedBars {
    pub title: String,
    /// The segment names (criteria), in stacking order from the left.
    pub segments: Vec<String>,
    pub panels: Vec<StackedPanel>,
    /// Title of the value axis ("Score", "Poäng").
    pub value_axis: String,
}

/// One alternative's score as one criterion's weight varies.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub name: String,
    /// `(weight, score)` points, weight in 0..1, drawn in the given order.
    pub points: Vec<(f64, f64)>,
}

/// Where two alternatives' lines cross.
#[derive(Debug, Clone, PartialEq)]
pub struct Crossover {
    /// The weight (x, 0..1) where the lines cross.
    pub weight: f64,
    /// The score (y) there.
    pub score: f64,
    /// What the chart prints next to the point ("HIT = egen IT").
    pub label: String,
}

/// One-way sensitivity: x = weight of one criterion from 0 to 1, one line per
/// alternative, a dashed vertical marker at the current weight and a marked,
/// labelled point at each crossover.
#[derive(Debug, Clone, PartialEq)]
pub struct OneWayChart {
    pub title: String,
    pub x_axis: String,
    pub y_axis: String,
    pub lines: Vec<Line>,
    /// The criterion's weight now (0..1); not drawn when not finite.
    pub current_weight: f64,
    pub crossovers: Vec<Crossover>,
}

/// Rank acceptability from Monte Carlo (SMAA): one horizontal 100 % bar per
/// alternative, segments = ranks 1..n (rank 1 darkest).
#[derive(Debug, Clone, PartialEq)]
pub struct RankAcceptability {
    pub title: String,
    pub alternatives: Vec<String>,
    /// `shares[alternative][rank]` in 0..=1, rank 0 = first place; each row
    /// sums to 1 (a row summing to more is scaled down to fit).
    pub shares: Vec<Vec<f64>>,
    /// The legend's title and the word before a rank in tooltips ("Rang").
    pub rank_label: String,
}

/// Groups × criteria weights as a heat map (viridis, darker = heavier).
#[derive(Debug, Clone, PartialEq)]
pub struct HeatMap {
    pub title: String,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    /// `values[row][column]`, weights 0..1 (shown with 3 decimals).
    pub values: Vec<Vec<f64>>,
}

/// One matrix in a [`Consistency`] chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsistencyBar {
    pub label: String,
    /// Saaty's consistency ratio; `None` when there is none (direct weights,
    /// or fewer than 3 items), shown as "–".
    pub cr: Option<f64>,
}

/// Consistency overview: one horizontal bar per matrix with its CR and a
/// threshold line; bars above the threshold are vermilion, hatched and
/// labelled "above threshold" (never colour alone).
#[derive(Debug, Clone, PartialEq)]
pub struct Consistency {
    pub title: String,
    pub bars: Vec<ConsistencyBar>,
    /// Usually 0.10 (Saaty); not drawn when not finite and positive.
    pub threshold: f64,
}

/// Any of the charts, as a document holds one.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    GroupedBars(GroupedBars),
    StackedBars(StackedBars),
    OneWay(OneWayChart),
    RankAcceptability(RankAcceptability),
    HeatMap(HeatMap),
    Consistency(Consistency),
}

impl Chart {
    /// The chart as a standalone SVG document.
    pub fn svg(&self, lang: Lang) -> String {
        match self {
            Chart::GroupedBars(c) => grouped_bars(c, lang),
            Chart::StackedBars(c) => stacked_bars(c, lang),
            Chart::OneWay(c) => one_way(c, lang),
            Chart::RankAcceptability(c) => rank_acceptability(c, lang),
            Chart::HeatMap(c) => heat_map(c, lang),
            Chart::Consistency(c) => consistency(c, lang),
        }
    }
}

macro_rules! chart_from {
    ($($variant:ident($kind:ty)),*) => {
        $(impl From<$kind> for Chart {
            fn from(chart: $kind) -> Chart {
                Chart::$variant(chart)
            }
        })*
    };
}

chart_from!(
    GroupedBars(GroupedBars),
    StackedBars(StackedBars),
    OneWay(OneWayChart),
    RankAcceptability(RankAcceptability),
    HeatMap(HeatMap),
    Consistency(Consistency)
);

/// Grouped horizontal bars: see [`GroupedBars`].
pub fn grouped_bars(chart: &GroupedBars, lang: Lang) -> String {
    bars::grouped(chart, lang)
}

/// Stacked horizontal bars in panels: see [`StackedBars`].
pub fn stacked_bars(chart: &StackedBars, lang: Lang) -> String {
    bars::stacked(chart, lang)
}

/// One-way sensitivity lines: see [`OneWayChart`].
pub fn one_way(chart: &OneWayChart, lang: Lang) -> String {
    one_way::render(chart, lang)
}

/// Rank acceptability 100 % bars: see [`RankAcceptability`].
pub fn rank_acceptability(chart: &RankAcceptability, lang: Lang) -> String {
    rank::render(chart, lang)
}

/// Weights heat map: see [`HeatMap`].
pub fn heat_map(chart: &HeatMap, lang: Lang) -> String {
    heat_map::render(chart, lang)
}

/// Consistency ratios against a threshold: see [`Consistency`].
pub fn consistency(chart: &Consistency, lang: Lang) -> String {
    consistency::render(chart, lang)
}
