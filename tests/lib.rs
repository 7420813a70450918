//! End-to-end tests live in `tests/*.rs` beside this file; this library is empty on purpose: Cargo needs a target.
