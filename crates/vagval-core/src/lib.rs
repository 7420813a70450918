//! vagval-core: the Analytic Hierarchy Process as plain data in, plain data out.
//!
//! Pure by design: no files, no environment, no printing, no clock, no Lua. The
//! command line, the Lua plugin and the reports call into this crate; it calls
//! none of them.

// Matrix code reads best with explicit row and column indices.
#![allow(clippy::needless_range_loop)]

pub mod analysis;
pub mod assessment;
pub mod completion;
pub mod consistency;
mod error;
pub mod group;
pub mod hierarchy;
pub mod model;
pub mod pairwise;
pub mod plugin;
pub mod priority;
pub mod quantity;
pub mod scale;
pub mod sensitivity;
pub mod settings;
pub mod synthesis;
mod text;
pub mod value_function;

pub use analysis::{MatrixAnalysis, analyze};
pub use error::{
    Error, GroupTargetError, JudgmentError, JudgmentErrorKind, PluginError, PluginText,
    ScorerError, ValueFunctionError, WhatIfError,
};
pub use model::Model;
pub use pairwise::{Judgment, PairwiseMatrix};
pub use settings::{Choice, Settings};
pub use synthesis::{Evaluation, evaluate};
pub use text::Language;
