//! Sensitivity analysis: how robust a ranking is, and what would change it.

pub mod one_way;
pub mod smaa;
pub mod thresholds;
pub mod what_if;
