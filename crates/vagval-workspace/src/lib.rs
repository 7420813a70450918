//! What every vagval front end shares, so that the command line and the web
//! workshop load, diagnose and run groups the same way: finding a workspace
//! and reading it (TOML → `ModelSpec`, with the spans its errors point at),
//! diagnostics rendered in English or Swedish, the political groups' scripts
//! found and run through vagval-core's plugin traits, atomic writes that keep
//! a `.bak`, and the survey's questionnaire as a state machine without I/O.
//! It prints nothing and never exits the process: callers render its
//! `Diagnostic`s where they like.

pub mod context;
pub mod diagnostic;
mod failure;
pub mod groups;
pub mod hint;
pub mod journal;
pub mod load;
pub mod matrix_input;
pub mod questionnaire;
mod raw;
pub mod report;
pub mod settings;
pub mod store;
pub mod survey;
pub mod what_if;

pub use diagnostic::{Diagnostic, SourceFile};
pub use failure::Failure;
pub use load::{EnglishTexts, Workspace, find_workspace};
