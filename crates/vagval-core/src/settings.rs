//! The choices an analysis makes, named in every output so that numbers can
//! be compared with a paper or another tool.

use crate::completion::CompletionMethod;
use crate::consistency::RandomIndex;
use crate::priority::PriorityMethod;
use crate::quantity::RangePoint;
use serde::Serialize;

/// How alternatives' local priorities are combined (Saaty; Belton & Gear 1983
/// for the ideal mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum SynthesisMode {
    /// Local priorities sum to 1 on each criterion.
    #[default]
    Distributive,
    /// Local priorities are divided by the best alternative's on each
    /// criterion; adding or removing an alternative cannot reverse the others.
    Ideal,
}

impl SynthesisMode {
    pub fn name(self) -> &'static str {
        match self {
            SynthesisMode::Distributive => "distributive",
            SynthesisMode::Ideal => "ideal",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "distributive" => Some(SynthesisMode::Distributive),
            "ideal" => Some(SynthesisMode::Ideal),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Settings {
    pub method: PriorityMethod,
    pub ri: RandomIndex,
    pub mode: SynthesisMode,
    pub completion: CompletionMethod,
    /// Where ranged data is evaluated.
    pub range_point: RangePoint,
}
