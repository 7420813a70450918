//! `vagval matrix FILE`: one pairwise matrix from a file or stdin, analysed.

use super::write_document;
use crate::Failure;
use crate::matrix_input;
use std::io::Read;
use std::path::Path;
use vagval_core::model::Site;
use vagval_core::pairwise::PairwiseMatrix;
use vagval_core::settings::Settings;
use vagval_report::{Format, Lang};
use vagval_workspace::diagnostic::{Diagnostic, SourceFile};
use vagval_workspace::load;

/// Analyses the matrix in `file` (`-`: stdin), with `settings` (the flags
/// over the built-in defaults: there is no workspace).
pub(crate) fn run(
    file: &Path,
    settings: Settings,
    format: Format,
    lang: Lang,
    cwd: &Path,
    stdin: &mut dyn Read,
    out: &mut Vec<u8>,
) -> Result<(), Failure> {
    let source = if file.as_os_str() == "-" {
        // At most as much as a matrix file may hold.
        let mut bytes = Vec::new();
        stdin
            .take(load::MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| {
                // `{e}` is the system's I/O error text, not ours: the same in both languages.
                Diagnostic::new(
                    format!("cannot read the matrix from stdin: {e}"),
                    format!("kan inte läsa matrisen från standard in: {e}"),
                )
            })?;
        load::decode_input(Path::new("<stdin>"), bytes)?
    } else {
        // Later errors name the file as the user wrote it.
        SourceFile {
            path: file.to_path_buf(),
            ..load::read_input(&cwd.join(file))?
        }
    };
    let input = matrix_input::parse(&source)?;
    let matrix =
        PairwiseMatrix::from_rows(&input.items, &input.rows, &Site::Matrix).map_err(|e| {
            let cell = match &e {
                vagval_core::Error::NotSquare { row, .. } => Some((*row, 0)),
                vagval_core::Error::BadEntry { row, col, .. }
                | vagval_core::Error::HalfMissing { row, col, .. } => Some((*row, *col)),
                // The message asks to change the mirror entry: point there.
                vagval_core::Error::NotReciprocal { row, col, .. } => Some((*col, *row)),
                vagval_core::Error::BadDiagonal { index, .. } => Some((*index, *index)),
                _ => None,
            };
            let span = match &e {
                // The second of the two items with one name.
                vagval_core::Error::DuplicateItem { name, .. } => input
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(_, item)| *item == name)
                    .nth(1)
                    .and_then(|(k, _)| input.item_spans.as_ref()?.get(k).cloned()),
                _ => cell.and_then(|(r, c)| input.cell_spans.as_ref()?.get(r)?.get(c).cloned()),
            };
            Diagnostic::in_both(|l| e.message(l)).at(&source, span)
        })?;
    let analysis = vagval_core::analyze(
        &matrix,
        settings.method,
        settings.ri,
        settings.completion,
        &Site::Matrix,
    )
    .map_err(|e| {
        Diagnostic::in_both(|l| e.message(l))
            .at(&source, None)
            .hint_both(load::completion_hint(&e))
    })?;
    let doc = vagval_report::matrix_document(&input.items, &analysis, lang);
    write_document(out, &doc, format)
}
