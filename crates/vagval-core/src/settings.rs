//! The choices an analysis makes, named in every output so that numbers can
//! be compared with a paper or another tool.

use crate::completion::CompletionMethod;
use crate::consistency::RandomIndex;
use crate::priority::PriorityMethod;
use crate::quantity::RangePoint;
use serde::Serialize;

/// A named choice of an analysis (a priority method, an RI table, a
/// synthesis mode, …): each value has one name, used in TOML, on the
/// command line, in outputs and in the docs, and `ALL` lists them in the
/// order they are shown. Implemented by [`choices!`](crate::choices), which
/// declares the names once; clap's possible values, the loader's hints
/// ("use one of: …") and the docs' lists (tested) come from here.
pub trait Choice: Copy + PartialEq + 'static {
    /// Every value, in the order the command line and the docs list them.
    const ALL: &'static [Self];
    /// The value's name.
    fn name(self) -> &'static str;
    /// The value a name (or an accepted alias) stands for.
    fn parse(text: &str) -> Option<Self>;
    /// Every name, in `ALL`'s order.
    fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|c| c.name()).collect()
    }
    /// Every name, comma-separated (for hints: `harker, optimal`).
    fn list() -> String {
        Self::names().join(", ")
    }
}

/// A name that is none of a choice's (`FromStr`).
/// Its text is in text.rs, as every core error's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(crate::Language::En))]
pub struct UnknownChoice {
    pub text: String,
    /// The names there are.
    pub names: Vec<&'static str>,
}

/// Declares the names of a choice enum once, in the order they are listed:
/// `Variant => "name"` (`| "alias"` for other names read as it). Makes the
/// inherent `ALL`, `name` and `parse`, [`Choice`] and `FromStr`.
#[macro_export]
macro_rules! choices {
    ($ty:ident { $($variant:ident => $name:literal $(| $alias:literal)*),+ $(,)? }) => {
        impl $ty {
            /// Every value, in the order the command line and the docs list them.
            pub const ALL: [$ty; [$($crate::choices!(@unit $variant)),+].len()] =
                [$($ty::$variant),+];

            /// The value's name (in TOML, on the command line, in outputs).
            pub fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }

            /// The value a name (or an accepted alias) stands for.
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($name $(| $alias)* => Some($ty::$variant),)+
                    _ => None,
                }
            }
        }

        impl $crate::settings::Choice for $ty {
            const ALL: &'static [Self] = &<$ty>::ALL;
            fn name(self) -> &'static str {
                <$ty>::name(self)
            }
            fn parse(text: &str) -> Option<Self> {
                <$ty>::parse(text)
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::settings::UnknownChoice;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                <$ty>::parse(text).ok_or_else(|| $crate::settings::UnknownChoice {
                    text: text.to_string(),
                    names: <$ty as $crate::settings::Choice>::names(),
                })
            }
        }
    };
    (@unit $variant:ident) => {
        ()
    };
}

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

crate::choices!(SynthesisMode {
    Distributive => "distributive",
    Ideal => "ideal",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Settings {
    pub method: PriorityMethod,
    pub ri: RandomIndex,
    pub mode: SynthesisMode,
    pub completion: CompletionMethod,
    /// Where ranged data is evaluated.
    pub range_point: RangePoint,
}
