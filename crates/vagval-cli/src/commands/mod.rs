//! One module per command, each with a `run` that computes the command's
//! result and writes it in the format asked for; `execute` in lib.rs only
//! dispatches. What more than one command writes is here.

pub(crate) mod check;
pub(crate) mod evaluate;
pub(crate) mod groups;
pub(crate) mod matrix;
pub(crate) mod report;
pub(crate) mod sensitivity;
pub(crate) mod survey;
pub(crate) mod weights;

use crate::Failure;
use std::io;
use vagval_report::{Document, Format};

/// A report's write, its failure an output failure.
fn write(r: io::Result<()>) -> Result<(), Failure> {
    r.map_err(Failure::Output)
}

/// A command's document in the format asked for.
pub(crate) fn write_document(
    out: &mut Vec<u8>,
    doc: &Document,
    format: Format,
) -> Result<(), Failure> {
    write(vagval_report::write_document(out, doc, format))
}
