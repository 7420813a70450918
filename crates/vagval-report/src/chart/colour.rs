//! Colours: the Okabe–Ito palette for categories (cycled with patterns and
//! dashes beyond eight, so series stay distinguishable), viridis for
//! sequential scales, and the luminance rule that picks black or white text.
//!
//! Okabe & Ito (2008), "Color Universal Design"; viridis: van der Walt &
//! Smith (2015), matplotlib's default map, stops at 0, 0.1, …, 1.

use super::svg::{INK, Svg, WHITE};

/// Okabe–Ito, in their published order.
pub(super) const OKABE_ITO: [&str; 8] = [
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000",
];

/// Viridis at 0, 0.1, …, 1 (dark purple to yellow).
const VIRIDIS: [[u8; 3]; 11] = [
    [0x44, 0x01, 0x54],
    [0x48, 0x24, 0x75],
    [0x41, 0x44, 0x87],
    [0x35, 0x5f, 0x8d],
    [0x2a, 0x78, 0x8e],
    [0x21, 0x91, 0x8c],
    [0x22, 0xa8, 0x84],
    [0x44, 0xbf, 0x70],
    [0x7a, 0xd1, 0x51],
    [0xbd, 0xdf, 0x26],
    [0xfd, 0xe7, 0x25],
];

/// Kinds of fill pattern; 0 is solid.
const PATTERNS: usize = 4;

/// Dash patterns for lines past the first eight (index 0: solid).
const DASHES: [Option<&str>; PATTERNS] = [None, Some("10 5"), Some("2 5"), Some("14 4 3 4")];

/// How series number `index` is drawn: a palette colour and, past the first
/// eight, a pattern (areas) or dash (lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct SeriesStyle {
    pub colour: &'static str,
    pub variant: usize,
}

pub(super) fn series(index: usize) -> SeriesStyle {
    SeriesStyle {
        colour: OKABE_ITO[index % OKABE_ITO.len()],
        variant: (index / OKABE_ITO.len()) % PATTERNS,
    }
}

impl SeriesStyle {
    /// The fill for an area: the colour, or a pattern over it.
    pub fn fill(self, svg: &mut Svg) -> String {
        pattern(svg, self.colour, self.variant)
    }

    /// `stroke-dasharray` for lines.
    pub fn dash(self) -> Option<&'static str> {
        DASHES.get(self.variant).copied().flatten()
    }

    /// Light colours (the yellow) get a dark outline on white.
    pub fn is_light(self) -> bool {
        is_light(self.colour)
    }

    /// Text colour on this fill, and whether it needs a halo (patterns).
    pub fn text_on(self) -> (&'static str, bool) {
        if self.variant == 0 {
            (text_on(self.colour), false)
        } else {
            (INK, true)
        }
    }
}

/// A fill: `colour` itself for variant 0, otherwise a pattern over it
/// (stripes, dots, cross-hatch), defined once per chart.
pub(super) fn pattern(svg: &mut Svg, colour: &str, variant: usize) -> String {
    let variant = variant % PATTERNS;
    if variant == 0 {
        return colour.to_string();
    }
    let (mark, opacity) = if is_light(colour) {
        ("#000000", "0.45")
    } else {
        (WHITE, "0.7")
    };
    let local = format!("p{variant}-{}", colour.trim_start_matches('#'));
    let id = svg.define(&local, |id| {
        let (transform, shape) = match variant {
            1 => (
                r#" patternTransform="rotate(45)""#,
                format!(r#"<rect width="3" height="8" fill="{mark}" fill-opacity="{opacity}"/>"#),
            ),
            2 => (
                "",
                format!(r#"<circle cx="4" cy="4" r="2" fill="{mark}" fill-opacity="{opacity}"/>"#),
            ),
            _ => (
                r#" patternTransform="rotate(45)""#,
                format!(
                    r#"<rect width="2" height="8" fill="{mark}" fill-opacity="{opacity}"/><rect y="4" width="8" height="2" fill="{mark}" fill-opacity="{opacity}"/>"#
                ),
            ),
        };
        format!(
            r#"<pattern id="{id}" width="8" height="8" patternUnits="userSpaceOnUse"{transform}><rect width="8" height="8" fill="{colour}"/>{shape}</pattern>"#
        )
    });
    format!("url(#{id})")
}

fn rgb(hex: &str) -> [f64; 3] {
    let hex = hex.trim_start_matches('#');
    let channel = |k: usize| {
        hex.get(k..k + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .map_or(0.0, |v| f64::from(v) / 255.0)
    };
    [channel(0), channel(2), channel(4)]
}

/// WCAG relative luminance of `#rrggbb`, 0 (black) to 1 (white).
pub(super) fn luminance(hex: &str) -> f64 {
    let linear = |c: f64| {
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let [r, g, b] = rgb(hex);
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// Black or white, whichever contrasts more with `hex`.
pub(super) fn text_on(hex: &str) -> &'static str {
    // Contrast with black (L + 0.05) / 0.05 beats contrast with white
    // 1.05 / (L + 0.05) exactly when L > 0.179.
    if luminance(hex) > 0.179 {
        "#000000"
    } else {
        WHITE
    }
}

/// Too light to stand on white without an outline.
pub(super) fn is_light(hex: &str) -> bool {
    luminance(hex) > 0.6
}

/// Viridis at `t` in 0..=1 (clamped; NaN gives 0), linearly interpolated.
pub(super) fn viridis(t: f64) -> String {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let last = VIRIDIS.len() - 1;
    let position = t * last as f64;
    let low = (position.floor() as usize).min(last);
    let high = (low + 1).min(last);
    let fraction = position - low as f64;
    let (a, b) = (VIRIDIS[low], VIRIDIS[high]);
    let mix = |k: usize| {
        let value = f64::from(a[k]) + (f64::from(b[k]) - f64::from(a[k])) * fraction;
        value.round().clamp(0.0, 255.0) as u8
    };
    format!("#{:02x}{:02x}{:02x}", mix(0), mix(1), mix(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_cycles_with_variants() {
        assert_eq!(
            series(0),
            SeriesStyle {
                colour: "#E69F00",
                variant: 0
            }
        );
        assert_eq!(
            series(9),
            SeriesStyle {
                colour: "#56B4E9",
                variant: 1
            }
        );
        assert!(series(3).is_light());
        assert_eq!(series(7).text_on(), ("#ffffff", false));
        assert_eq!(series(8).dash(), Some("10 5"));
    }

    #[test]
    fn viridis_ends_and_contrast() {
        assert_eq!(viridis(0.0), "#440154");
        assert_eq!(viridis(1.0), "#fde725");
        assert_eq!(viridis(f64::NAN), "#440154");
        assert_eq!(viridis(0.05), "#461365");
        assert_eq!(text_on("#440154"), "#ffffff");
        assert_eq!(text_on("#fde725"), "#000000");
    }
}
