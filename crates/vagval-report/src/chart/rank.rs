//! Rank acceptability (SMAA): one 100 % bar per alternative, split into the
//! shares of Monte Carlo samples that put it at rank 1, 2, …, rank 1 darkest
//! (viridis from dark to light).

use super::RankAcceptability;
use super::colour::{text_on, viridis};
use super::parts::{
    self, LegendItem, MIN_WIDTH, Swatch, axis_x, label_area, legend, whole_percent, words,
};
use super::scale::{Linear, Ticks};
use super::svg::{AXIS, Anchor, FONT, MARGIN, Rect, Svg, TextStyle, baseline, text_width};
use crate::lang::Lang;

const PLOT_WIDTH: f64 = 560.0;
const BAR: f64 = 28.0;
const GAP: f64 = 10.0;

/// Rank `r` of `n`: viridis from its dark end (rank 1) to its light end.
fn rank_colour(r: usize, n: usize) -> String {
    if n <= 1 {
        viridis(0.0)
    } else {
        viridis(r as f64 / (n - 1) as f64)
    }
}

pub(super) fn render(chart: &RankAcceptability, lang: Lang) -> String {
    let words = words(lang);
    let mut svg = Svg::new("rank", &format!("{chart:?}"), lang);
    let alternatives = &chart.alternatives;
    let ranks = chart
        .shares
        .iter()
        .take(alternatives.len())
        .map(Vec::len)
        .max()
        .unwrap_or(0);
    if alternatives.is_empty() || ranks == 0 {
        return parts::no_data(svg, &chart.title, words.rank_acceptability, lang);
    }
    // Shares: finite and positive, a row scaled down when it sums past 1.
    let row = |a: usize| -> Vec<f64> {
        let raw: Vec<f64> = (0..ranks)
            .map(|r| {
                chart
                    .shares
                    .get(a)
                    .and_then(|row| row.get(r))
                    .copied()
                    .filter(|v| v.is_finite() && *v > 0.0)
                    .unwrap_or(0.0)
            })
            .collect();
        let sum: f64 = raw.iter().sum();
        if sum > 1.0 {
            raw.iter().map(|v| v / sum).collect()
        } else {
            raw
        }
    };
    let colours: Vec<String> = (0..ranks).map(|r| rank_colour(r, ranks)).collect();

    let label_w = label_area(alternatives.iter().map(String::as_str), FONT);
    let left = parts::plot_left(label_w);
    let right = left + PLOT_WIDTH;
    let width = (right + 24.0 + MARGIN).max(MIN_WIDTH);
    let mut y = parts::title(&mut svg, &chart.title, width);
    let items: Vec<LegendItem> = colours
        .iter()
        .enumerate()
        .map(|(r, colour)| LegendItem {
            swatch: Swatch::Fill {
                fill: colour.clone(),
                outline: false,
            },
            label: (r + 1).to_string(),
        })
        .collect();
    let legend_title = Some(chart.rank_label.as_str());
    y += legend(
        &mut svg,
        MARGIN,
        y,
        width - 2.0 * MARGIN,
        legend_title,
        &items,
    );

    let top = y + 6.0;
    let x = Linear::new((0.0, 1.0), (left, right));
    let mut desc = vec![format!("{}.", words.rank_acceptability)];
    for (a, alternative) in alternatives.iter().enumerate() {
        let bar_top = top + a as f64 * (BAR + GAP);
        let centre = bar_top + BAR / 2.0;
        let style = TextStyle::normal().anchor(Anchor::End);
        svg.wrapped_label(left - 10.0, centre, alternative, label_w, style);
        let mut start = 0.0;
        let mut described = Vec::new();
        for (r, share) in row(a).into_iter().enumerate() {
            let percent = lang.percent(share);
            described.push(format!("{} {} {percent}", chart.rank_label, r + 1));
            if share <= 0.0 {
                continue;
            }
            let (x0, x1) = (x.map(start), x.map((start + share).min(1.0)));
            start += share;
            let colour = colours.get(r).map_or("#999999", String::as_str);
            let tip = format!("{alternative} – {} {}: {percent}", chart.rank_label, r + 1);
            let segment = Rect::new(x0, bar_top, x1 - x0, BAR);
            svg.rect_titled(
                segment,
                colour,
                r##" stroke="#ffffff" stroke-width="1""##,
                &tip,
            );
            let text = whole_percent(share, lang);
            if x1 - x0 >= text_width(&text, FONT) + 8.0 {
                let style = TextStyle::normal()
                    .anchor(Anchor::Middle)
                    .fill(text_on(colour));
                svg.text((x0 + x1) / 2.0, baseline(centre, FONT), &text, style);
            }
        }
        // The full 100 % extent, so a short row shows what is missing.
        svg.rect(
            Rect::new(left, bar_top, right - left, BAR),
            "none",
            &format!(r#" stroke="{AXIS}" stroke-width="1""#),
        );
        desc.push(format!("{alternative}: {}.", described.join(", ")));
    }
    let bottom = top + alternatives.len() as f64 * (BAR + GAP) - GAP;
    let ticks = Ticks {
        values: vec![0.0, 0.25, 0.5, 0.75, 1.0],
        decimals: 0,
    };
    let format = |t: f64| whole_percent(t, lang);
    let end = axis_x(&mut svg, x, &ticks, bottom, &format, "", (left, right));
    let title = parts::chart_title(&chart.title, words.rank_acceptability);
    svg.finish(width, end + MARGIN, &title, &desc.join(" "))
}
