//! Saaty's fundamental scale and how people write judgments on it.
//!
//! A judgment value says how much more important (or preferred) the first item
//! is than the second: 1 = equal, 3 = moderate, 5 = strong, 7 = very strong,
//! 9 = extreme, the even numbers between (Saaty 1980, table 1; the names of the
//! even steps follow Saaty 2008, "Decision making with the analytic hierarchy
//! process", Int. J. Services Sciences 1(1), table 1). Any positive finite
//! number is accepted too, as are fractions such as `1/3`, and the verbal labels
//! in English and Swedish.

use crate::text::Language;
use std::fmt;

/// Saaty's scale as values, from 1/9 to 9 (17 steps).
pub const SAATY_SCALE: [f64; 17] = [
    1.0 / 9.0,
    1.0 / 8.0,
    1.0 / 7.0,
    1.0 / 6.0,
    1.0 / 5.0,
    1.0 / 4.0,
    1.0 / 3.0,
    1.0 / 2.0,
    1.0,
    2.0,
    3.0,
    4.0,
    5.0,
    6.0,
    7.0,
    8.0,
    9.0,
];

/// English and Swedish names of the steps 1..=9 (several spellings each).
/// Matching ignores case, and treats `-`, `–`, `_` and runs of spaces alike.
const LABELS: [(f64, &[&str]); 9] = [
    (
        1.0,
        &["equal", "equally", "lika", "lika viktig", "lika viktiga"],
    ),
    (
        2.0,
        &[
            "weak",
            "slight",
            "equal to moderate",
            "equal moderate",
            "svagt",
            "lätt",
            "lika till måttligt",
            "lika måttligt",
        ],
    ),
    (3.0, &["moderate", "moderately", "måttligt", "måttlig"]),
    (
        4.0,
        &[
            "moderate plus",
            "moderate to strong",
            "moderate strong",
            "måttligt plus",
            "måttligt till starkt",
            "måttligt starkt",
        ],
    ),
    (5.0, &["strong", "strongly", "starkt", "stark"]),
    (
        6.0,
        &[
            "strong plus",
            "strong to very strong",
            "strong very strong",
            "starkt plus",
            "starkt till mycket starkt",
            "starkt mycket starkt",
        ],
    ),
    (
        7.0,
        &[
            "very strong",
            "very strongly",
            "demonstrated",
            "mycket starkt",
            "mycket stark",
        ],
    ),
    (
        8.0,
        &[
            "very very strong",
            "very strong to extreme",
            "very strong extreme",
            "mycket mycket starkt",
            "mycket starkt till extremt",
            "mycket starkt extremt",
        ],
    ),
    (9.0, &["extreme", "extremely", "extremt", "extrem"]),
];

/// Why a written judgment value was not understood.
/// Its texts are in `crate::text`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.message(crate::Language::En))]
#[non_exhaustive]
pub enum ValueError {
    NotUnderstood { text: String },
    NotPositiveFinite { text: String },
}

fn normalise_label(text: &str) -> String {
    let replaced: String = text
        .chars()
        .map(|c| match c {
            '-' | '–' | '—' | '_' | ',' => ' ',
            c => c,
        })
        .collect();
    replaced
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The main labels, for hints: `equal/lika, moderate/måttligt, …`.
pub fn label_summary(lang: Language) -> String {
    let between = lang.pick("and between them e.g.", "och mellan dem t.ex.");
    format!(
        "equal/lika (1), moderate/måttligt (3), strong/starkt (5), very strong/mycket starkt (7), extreme/extremt (9), {between} moderate-strong/måttligt-starkt (4)"
    )
}

/// The word written and offered for each step 1..=9 in English (the first
/// English name of the step above); `label_value` reads each back.
pub const STEP_WORDS_EN: [&str; 9] = [
    "equal",
    "weak",
    "moderate",
    "moderate plus",
    "strong",
    "strong plus",
    "very strong",
    "very very strong",
    "extreme",
];

/// The word written and offered for each step 1..=9 in Swedish.
pub const STEP_WORDS_SV: [&str; 9] = [
    "lika",
    "svagt",
    "måttligt",
    "måttligt plus",
    "starkt",
    "starkt plus",
    "mycket starkt",
    "mycket mycket starkt",
    "extremt",
];

/// The value of a verbal label, if `text` is one.
pub fn label_value(text: &str) -> Option<f64> {
    let wanted = normalise_label(text);
    LABELS
        .iter()
        .find(|(_, names)| names.iter().any(|name| normalise_label(name) == wanted))
        .map(|(value, _)| *value)
}

/// Parses a judgment value: `3`, `0.25`, `1/3`, `moderate`, `mycket starkt`.
pub fn parse_value(text: &str) -> Result<f64, ValueError> {
    let trimmed = text.trim();
    let value = if let Some(value) = label_value(trimmed) {
        value
    } else if let Some((num, den)) = trimmed.split_once('/') {
        match (parse_number(num), parse_number(den)) {
            (Some(n), Some(d)) => n / d,
            _ => return Err(not_understood(trimmed)),
        }
    } else {
        match parse_number(trimmed) {
            Some(v) => v,
            None => return Err(not_understood(trimmed)),
        }
    };
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(ValueError::NotPositiveFinite {
            text: trimmed.to_string(),
        })
    }
}

fn not_understood(text: &str) -> ValueError {
    ValueError::NotUnderstood {
        text: text.to_string(),
    }
}

/// A plain decimal number; a decimal comma is accepted (`0,5`).
fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let dotted = text.replace(',', ".");
    // Refuse what Rust parses but a person does not mean: "inf", "NaN".
    if !dotted
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
    {
        return None;
    }
    dotted.parse::<f64>().ok()
}

/// The value of Saaty's scale nearest to `value` on a log scale (1/9 … 9).
pub fn nearest_on_scale(value: f64) -> f64 {
    let target = value.ln();
    let mut best = 1.0;
    let mut best_distance = f64::INFINITY;
    for &step in &SAATY_SCALE {
        let distance = (step.ln() - target).abs();
        if distance < best_distance {
            best = step;
            best_distance = distance;
        }
    }
    best
}

/// A judgment value shown as people write it: `3`, `1/3`, `2.5`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScaleValue(pub f64);

impl fmt::Display for ScaleValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        if !v.is_finite() || v == 0.0 {
            return write!(f, "{v}");
        }
        // Extreme values (only in error messages) in scientific notation.
        if !(1e-6..=1e6).contains(&v.abs()) {
            return write!(f, "{v:.3e}");
        }
        let rounded = v.round();
        if (v - rounded).abs() < 1e-9 {
            return write!(f, "{rounded}");
        }
        let inverse = 1.0 / v;
        let inverse_rounded = inverse.round();
        if (inverse - inverse_rounded).abs() < 1e-9 {
            return write!(f, "1/{inverse_rounded}");
        }
        write!(f, "{}", (v * 1000.0).round() / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: f64) {
        let got = parse_value(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert!(
            (got - expected).abs() < 1e-12,
            "{text}: got {got}, expected {expected}"
        );
    }

    #[test]
    fn numbers_fractions_and_labels() {
        check("3", 3.0);
        check(" 1/3 ", 1.0 / 3.0);
        check("0,5", 0.5);
        check("2.5", 2.5);
        check("Moderate", 3.0);
        check("måttligt", 3.0);
        check("mycket starkt", 7.0);
        check("Very strong", 7.0);
        check("very-strong", 7.0);
        check("måttligt–starkt", 4.0);
        check("moderate-strong", 4.0);
        check("extremt", 9.0);
        check("lika", 1.0);
        check("strong to very strong", 6.0);
        check("mycket starkt till extremt", 8.0);
    }

    #[test]
    fn refuses_what_is_not_a_value() {
        for bad in [
            "", "0", "-3", "1/0", "inf", "NaN", "abc", "3/", "starkare", "1e400",
        ] {
            assert!(parse_value(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn nearest_scale_value() {
        assert_eq!(nearest_on_scale(2.9), 3.0);
        assert_eq!(nearest_on_scale(100.0), 9.0);
        assert!((nearest_on_scale(0.34) - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn display_as_written() {
        assert_eq!(ScaleValue(3.0).to_string(), "3");
        assert_eq!(ScaleValue(1.0 / 3.0).to_string(), "1/3");
        assert_eq!(ScaleValue(2.5).to_string(), "2.5");
    }

    #[test]
    fn each_step_word_reads_back_to_its_step() {
        for (k, (en, sv)) in STEP_WORDS_EN.iter().zip(STEP_WORDS_SV).enumerate() {
            let step = Some(k as f64 + 1.0);
            assert_eq!(label_value(en), step, "{en}");
            assert_eq!(label_value(sv), step, "{sv}");
        }
    }
}
