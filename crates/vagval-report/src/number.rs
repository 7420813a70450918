//! Numbers as Swedish readers write them: thousands grouped with a no-break
//! space (U+00A0), a decimal comma, ranges with an en dash ("8 500–16 500 tkr").
//! Exact `Decimal`s in, strings out; no rounding beyond dropping trailing zeros.

use crate::Lang;
use rust_decimal::Decimal;

/// The thousands separator and the space between a number and its unit.
pub const NBSP: char = '\u{a0}';

/// `2035` → `"2 035"`, `1234567.5` → `"1 234 567,5"`, `0.25` → `"0,25"`,
/// `-2035` → `"-2 035"` (ASCII minus). Trailing zeros of the fraction are
/// dropped (`2.50` → `"2,5"`); the spaces are no-break spaces (U+00A0).
pub fn format_sv(value: Decimal) -> String {
    vagval_core::Language::Sv.grouped(value)
}

/// English style: `2035` → `"2,035"`, `1234567.5` → `"1,234,567.5"`.
pub fn format_en(value: Decimal) -> String {
    vagval_core::Language::En.grouped(value)
}

/// An amount as a table shows it. Figures with at most two decimals
/// (`2 035`, `2,5`, `0,25`) are shown exactly; a figure with more (a
/// script's discounted ten-year cost, 8 530,2028…) is rounded: to whole
/// units from 100 up, to two decimals from 1 up, else to three significant
/// digits (so a small figure never reads 0). JSON keeps every digit.
pub fn shown_amount(value: Decimal) -> Decimal {
    let value = value.normalize();
    if value.scale() <= 2 {
        value
    } else if value.abs() >= Decimal::ONE_HUNDRED {
        value.round_dp(0).normalize()
    } else if value.abs() >= Decimal::ONE {
        value.round_dp(2).normalize()
    } else {
        // Below 1, three significant digits: 0,000000001 stays itself.
        value.round_sf(3).unwrap_or(value).normalize()
    }
}

/// A value or a range in the language's style, with its unit, each end as
/// `shown_amount` gives it: `"8 500–16 500 tkr"` in Swedish,
/// `"8,500–16,500 tkr"` in English.
pub fn format_range(lang: Lang, low: Decimal, high: Decimal, unit: Option<&str>) -> String {
    let (low, high) = (shown_amount(low), shown_amount(high));
    match lang {
        Lang::Sv => format_range_sv(low, high, unit),
        Lang::En => {
            let number = if low == high {
                format_en(low)
            } else {
                format!("{}–{}", format_en(low), format_en(high))
            };
            with_unit(number, unit.unwrap_or(""))
        }
    }
}

/// `format_sv` followed by a no-break space and the unit: `"2 035 tkr"`.
/// An empty unit gives the bare number.
pub fn format_money_sv(value: Decimal, unit: &str) -> String {
    with_unit(format_sv(value), unit)
}

/// A value or a range, Swedish style: `"8 500–16 500 tkr"` (en dash, no
/// spaces around it), or `"2 035 tkr"` when `low == high`.
pub fn format_range_sv(low: Decimal, high: Decimal, unit: Option<&str>) -> String {
    let number = if low == high {
        format_sv(low)
    } else {
        format!("{}–{}", format_sv(low), format_sv(high))
    };
    with_unit(number, unit.unwrap_or(""))
}

fn with_unit(mut number: String, unit: &str) -> String {
    let unit = unit.trim();
    if !unit.is_empty() {
        number.push(NBSP);
        number.push_str(unit);
    }
    number
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn check(input: &str, expected: &str) {
        assert_eq!(
            Decimal::from_str(input).ok().map(format_sv),
            Some(expected.replace(' ', "\u{a0}")),
            "{input}"
        );
    }

    #[test]
    fn swedish_numbers() {
        let cases = [
            ("2035", "2 035"),
            ("1234567.5", "1 234 567,5"),
            ("-2035", "-2 035"),
            ("0.25", "0,25"),
            ("0", "0"),
            ("-0", "0"),
            ("999", "999"),
            ("1000", "1 000"),
            ("100000", "100 000"),
            ("2.50", "2,5"),
            ("12500.000", "12 500"),
            ("-0.5", "-0,5"),
            ("1000000000", "1 000 000 000"),
        ];
        for (input, expected) in cases {
            check(input, expected);
        }
    }

    #[test]
    fn english_numbers() {
        let d = |s: &str| Decimal::from_str(s).unwrap_or_default();
        assert_eq!(format_en(d("1234567.5")), "1,234,567.5");
        assert_eq!(format_en(d("-2035")), "-2,035");
        assert_eq!(
            format_range(Lang::En, d("8500"), d("16500"), Some("tkr")),
            "8,500–16,500\u{a0}tkr"
        );
        assert_eq!(
            format_range(Lang::Sv, d("8500"), d("16500"), Some("tkr")),
            "8\u{a0}500–16\u{a0}500\u{a0}tkr"
        );
    }

    #[test]
    fn computed_amounts_are_rounded_for_tables_and_written_ones_kept() {
        let d = |s: &str| Decimal::from_str(s).unwrap_or_default();
        assert_eq!(shown_amount(d("8530.20283677583")), d("8530"));
        assert_eq!(shown_amount(d("21858.962772838815")), d("21859"));
        assert_eq!(shown_amount(d("0.123456")), d("0.123"));
        assert_eq!(shown_amount(d("0.000000001")), d("0.000000001"));
        assert_eq!(shown_amount(d("0.0000000015234")), d("0.00000000152"));
        assert_eq!(shown_amount(d("12.3456")), d("12.35"));
        assert_eq!(shown_amount(d("2035.5")), d("2035.5"));
        assert_eq!(shown_amount(d("0.25")), d("0.25"));
        assert_eq!(shown_amount(d("2035.00")), d("2035"));
        assert_eq!(
            format_range(
                Lang::Sv,
                d("21858.962772838815"),
                d("25858.96277283881"),
                Some("tkr")
            ),
            "21\u{a0}859–25\u{a0}859\u{a0}tkr"
        );
    }

    #[test]
    fn money_and_ranges() {
        let d = |s: &str| Decimal::from_str(s).unwrap_or_default();
        assert_eq!(format_money_sv(d("2035"), "tkr"), "2\u{a0}035\u{a0}tkr");
        assert_eq!(format_money_sv(d("2035"), ""), "2\u{a0}035");
        assert_eq!(
            format_range_sv(d("8500"), d("16500"), Some("tkr")),
            "8\u{a0}500–16\u{a0}500\u{a0}tkr"
        );
        assert_eq!(format_range_sv(d("3.5"), d("3.5"), None), "3,5");
    }
}
