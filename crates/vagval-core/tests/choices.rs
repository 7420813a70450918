//! The choices' names (`settings::Choice`, declared once by `choices!`):
//! each name reads back as its value, names are unique, the JSON outputs
//! use the same names, and an unknown name is refused listing them all.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Debug;
use std::str::FromStr;
use vagval_core::Choice;
use vagval_core::completion::CompletionMethod;
use vagval_core::consistency::RandomIndex;
use vagval_core::group::Aggregation;
use vagval_core::priority::PriorityMethod;
use vagval_core::quantity::RangePoint;
use vagval_core::settings::{SynthesisMode, UnknownChoice};
use vagval_core::value_function::Direction;

fn check<T>(expected: &[&str])
where
    T: Choice + Debug + serde::Serialize + FromStr<Err = UnknownChoice>,
{
    assert_eq!(T::names(), expected);
    for &value in T::ALL {
        assert_eq!(T::parse(value.name()), Some(value));
        assert_eq!(value.name().parse::<T>(), Ok(value));
        assert_eq!(
            serde_json::to_value(value).unwrap(),
            serde_json::Value::from(value.name()),
            "{value:?}: JSON names it as the command line does"
        );
    }
    assert_eq!(T::parse("nonsense"), None);
    let error = "nonsense".parse::<T>().unwrap_err();
    assert_eq!(error.names, expected);
    assert_eq!(
        error.to_string(),
        format!(
            "`nonsense` is not a known choice (use one of: {})",
            expected.join(", ")
        )
    );
}

#[test]
fn every_choice_has_one_name_each() {
    // The priority methods' names are an interface (vagval.toml, scripts):
    // these stay, in this order; a new method adds its name after them
    // (docs/methods.md lists them all).
    let methods = PriorityMethod::names();
    assert_eq!(methods[..3], ["eigenvector", "geometric", "additive"]);
    check::<PriorityMethod>(&methods);
    check::<RandomIndex>(&["saaty1980", "saaty2005", "alonso-lamata", "donegan-dodd"]);
    check::<SynthesisMode>(&["distributive", "ideal"]);
    check::<CompletionMethod>(&["harker", "optimal"]);
    check::<RangePoint>(&["low", "middle", "high"]);
    check::<Aggregation>(&["aij", "aip", "aip-geometric"]);
    check::<Direction>(&["lower-is-better", "higher-is-better"]);
}

#[test]
fn an_alias_is_read_but_not_listed() {
    assert_eq!(
        PriorityMethod::parse("geometric-mean"),
        Some(PriorityMethod::Geometric)
    );
    assert_eq!(PriorityMethod::Geometric.name(), "geometric");
    assert!(!PriorityMethod::names().contains(&"geometric-mean"));
    assert!(
        PriorityMethod::list().starts_with("eigenvector, geometric, additive"),
        "{}",
        PriorityMethod::list()
    );
}
