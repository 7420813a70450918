//! The libraries' errors in Swedish, for `Diagnostic::sv`: a dispatch to
//! the one place each crate writes its texts in both languages
//! (`vagval_core::Error::message`, `vagval_lua::Error::message`). Nothing
//! is translated here.

use vagval_core::Error;
use vagval_core::Language::Sv;
use vagval_core::model::Site;
use vagval_core::scale::ValueError;

/// A site in Swedish, as the reports name it.
pub fn site_sv(site: &Site) -> String {
    site.phrase(Sv)
}

/// The core error `error` in Swedish.
pub fn core_error_sv(error: &Error) -> String {
    error.message(Sv)
}

/// A judgment value that could not be read, in Swedish.
pub fn value_error_sv(error: &ValueError) -> String {
    error.message(Sv)
}

/// A Lua script's error in Swedish: vagval's frame and texts in Swedish,
/// Lua's own messages as Lua writes them.
pub fn lua_error_sv(error: &vagval_lua::Error) -> String {
    error.message(Sv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use vagval_core::value_function::{Direction, ValueFunction};

    /// The value functions' own errors reach the Swedish text through the
    /// core's `ValueFunction` error.
    #[test]
    fn value_function_messages_of_the_core_are_translated() {
        use rust_decimal::Decimal;
        let linear = |lower: i64, upper: i64| ValueFunction::Linear {
            direction: Direction::HigherIsBetter,
            lower: Some(Decimal::from(lower)),
            upper: Some(Decimal::from(upper)),
        };
        let points = |points: Vec<(i64, f64)>| ValueFunction::PiecewiseLinear {
            points: points
                .into_iter()
                .map(|(x, v)| (Decimal::from(x), v))
                .collect(),
        };
        let zero = Decimal::ZERO;
        for (function, expected) in [
            (
                linear(5, 5),
                "den linjära värdefunktionens gränser är båda 5",
            ),
            (
                linear(7, 3),
                "den nedre gränsen 7 ligger över den övre gränsen 3",
            ),
            (
                points(vec![(0, 1.0)]),
                "en styckvis linjär värdefunktion behöver minst två punkter",
            ),
            (points(vec![(0, 1.0), (5, 1.5)]), "punkt 2 har värdet 1,5;"),
            (
                points(vec![(5, 1.0), (0, 0.0)]),
                "punkt 2 (x = 0) kommer inte efter punkt 1 (x = 5)",
            ),
        ] {
            let Err(source) = function.resolve(zero, zero) else {
                panic!("{function:?} resolved"); // ok: test code
            };
            let sv = core_error_sv(&Error::ValueFunction {
                site: Site::Assessment("kostnad".into()),
                source,
            });
            assert!(
                sv.starts_with("bedömningen av alternativen på `kostnad`: ")
                    && sv.contains(expected),
                "{sv}"
            );
        }
    }

    /// The what-if errors as core makes them read in Swedish.
    #[test]
    fn what_if_errors_made_by_core_read_in_swedish() {
        use vagval_core::sensitivity::what_if::{Change, apply};
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/leader");
        let workspace =
            crate::load::Workspace::load(&root).unwrap_or_else(|d| panic!("{}", d.render())); // ok: test code
        let model =
            vagval_core::Model::new(workspace.spec.clone()).unwrap_or_else(|e| panic!("{e}")); // ok: test code
        let evaluation = vagval_core::evaluate(&model, &vagval_core::Settings::default())
            .unwrap_or_else(|e| panic!("{e}")); // ok: test code
        let weight = |criterion: &str, weight: f64| Change::Weight {
            criterion: criterion.into(),
            weight,
        };
        let cases = [
            (
                vec![weight("age", 1.5)],
                "tänk om: vikten 1,5 för `age` ligger inte mellan 0 och 1",
            ),
            (
                vec![weight("age", 0.7), weight("charisma", 0.6)],
                "vikterna som sätts bland syskonkriterierna summerar till 1,300",
            ),
        ];
        for (changes, expected) in cases {
            let error = apply(&model, &evaluation, &changes).err();
            let sv = error.as_ref().map(core_error_sv).unwrap_or_default();
            assert!(sv.contains(expected), "{error:?} → {sv}");
        }
    }

    #[test]
    fn value_errors_in_swedish() {
        let error = vagval_core::scale::parse_value("massor").unwrap_err();
        let sv = value_error_sv(&error);
        assert!(sv.starts_with("`massor` är varken ett tal"), "{sv}");
        assert!(
            sv.contains(" och mellan dem t.ex. ") && !sv.contains("between"),
            "{sv}"
        );
        let error = vagval_core::scale::parse_value("-3").unwrap_err();
        assert_eq!(
            value_error_sv(&error),
            "`-3` är inte ett positivt ändligt tal"
        );
    }
}
