//! `vagval serve`: the live workshop.
pub mod results;
pub mod roster;
pub mod workshop;
