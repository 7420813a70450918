//! Exact quantities that may be uncertain: a single value or a low–high range
//! ("6–12 MSEK"), kept as `rust_decimal::Decimal` so that money is exact.
//! The ranges are the source's own uncertainty; analyses evaluate them at a
//! documented point (the middle by default) and sampling keeps both ends.

use crate::Error;
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// A value known exactly (low = high) or only within [low, high].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Quantity {
    low: Decimal,
    high: Decimal,
}

/// Where in a range a deterministic evaluation takes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum RangePoint {
    Low,
    /// (low + high) / 2.
    #[default]
    Middle,
    High,
}

crate::choices!(RangePoint {
    Low => "low",
    Middle => "middle",
    High => "high",
});

impl Quantity {
    pub fn exact(value: Decimal) -> Self {
        Quantity {
            low: value,
            high: value,
        }
    }

    pub fn range(low: Decimal, high: Decimal) -> Result<Self, Error> {
        if low > high {
            return Err(Error::InvertedRange {
                low: low.to_string(),
                high: high.to_string(),
            });
        }
        Ok(Quantity { low, high })
    }

    /// The range between two values given in either order.
    pub fn between(a: Decimal, b: Decimal) -> Self {
        Quantity {
            low: a.min(b),
            high: a.max(b),
        }
    }

    pub fn low(&self) -> Decimal {
        self.low
    }

    pub fn high(&self) -> Decimal {
        self.high
    }

    pub fn is_range(&self) -> bool {
        self.low != self.high
    }

    pub fn at(&self, point: RangePoint) -> Decimal {
        match point {
            RangePoint::Low => self.low,
            RangePoint::High => self.high,
            RangePoint::Middle => self.middle(),
        }
    }

    /// (low + high) / 2 without overflow: the plain sum overflows `Decimal`
    /// for ends above ~3.96e28 (half its maximum), so such ranges are
    /// halved first. An exact value is its own middle.
    fn middle(&self) -> Decimal {
        if self.low == self.high {
            return self.low;
        }
        match self.low.checked_add(self.high) {
            Some(sum) => sum / Decimal::TWO,
            None => self.low / Decimal::TWO + self.high / Decimal::TWO,
        }
    }

    /// Parses `2035`, `2 035`, `2,5`, `6000–12000`, `6000-12000`, `6000..12000`.
    /// Spaces (also no-break spaces) group thousands; a comma is a decimal comma.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let bad = || Error::BadQuantity {
            text: text.to_string(),
        };
        let trimmed = text.trim();
        let split = if let Some((a, b)) = trimmed.split_once("..") {
            Some((a, b))
        } else if let Some((a, b)) = trimmed.split_once('–') {
            Some((a, b))
        } else {
            // A '-' after the first character separates a range ("6-12");
            // a leading '-' is a sign.
            trimmed
                .char_indices()
                .skip(1)
                .find(|&(_, c)| c == '-')
                .map(|(i, _)| (&trimmed[..i], &trimmed[i + 1..]))
        };
        match split {
            Some((a, b)) => {
                let low = parse_decimal(a).ok_or_else(bad)?;
                let high = parse_decimal(b).ok_or_else(bad)?;
                Quantity::range(low, high)
            }
            None => parse_decimal(trimmed).map(Quantity::exact).ok_or_else(bad),
        }
    }
}

/// A decimal number as people write it, Swedish or English.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '_'))
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    Decimal::from_str(&cleaned)
        .ok()
        .or_else(|| Decimal::from_scientific(&cleaned).ok())
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_range() {
            write!(f, "{}–{}", self.low.normalize(), self.high.normalize())
        } else {
            write!(f, "{}", self.low.normalize())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn parses_values_and_ranges() {
        let cases = [
            ("2035", "2035", "2035"),
            ("2 035", "2035", "2035"),
            ("2,5", "2.5", "2.5"),
            ("6000–12000", "6000", "12000"),
            ("6000-12000", "6000", "12000"),
            ("6000..12000", "6000", "12000"),
            ("-5", "-5", "-5"),
            ("1.8 – 4.0", "1.8", "4.0"),
        ];
        for (text, low, high) in cases {
            let q = Quantity::parse(text).unwrap();
            assert_eq!((q.low(), q.high()), (d(low), d(high)), "{text}");
        }
    }

    #[test]
    fn middle_is_exact() {
        let q = Quantity::parse("8500–16500").unwrap();
        assert_eq!(q.at(RangePoint::Middle), d("12500"));
        let q = Quantity::parse("0.1-0.2").unwrap();
        assert_eq!(q.at(RangePoint::Middle), d("0.15"));
    }

    #[test]
    fn middle_of_huge_ranges_does_not_overflow() {
        let max = Decimal::MAX;
        assert_eq!(Quantity::exact(max).at(RangePoint::Middle), max);
        assert_eq!(
            Quantity::exact(Decimal::MIN).at(RangePoint::Middle),
            Decimal::MIN
        );
        let q = Quantity::range(max - Decimal::ONE, max).unwrap();
        let middle = q.at(RangePoint::Middle);
        assert!(middle >= max - Decimal::ONE && middle <= max, "{middle}");
        let q = Quantity::range(
            d("40000000000000000000000000000"),
            d("60000000000000000000000000000"),
        )
        .unwrap();
        assert_eq!(q.at(RangePoint::Middle), d("50000000000000000000000000000"));
        let q = Quantity::range(Decimal::MIN, max).unwrap();
        assert_eq!(q.at(RangePoint::Middle), Decimal::ZERO);
    }

    #[test]
    fn refuses_nonsense() {
        for bad in ["", "abc", "12–", "–12", "5-3", "1..2..3", "NaN"] {
            assert!(Quantity::parse(bad).is_err(), "{bad}");
        }
    }
}
