//! Errors as a person reads them: what is wrong, where (file:line:column with
//! the line and a caret), and what would be right. The only place where
//! errors are rendered; libraries return typed errors.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A source file that a diagnostic can point into.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// One error for the user.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub message: String,
    pub location: Option<Location>,
    pub hint: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Location {
    pub path: PathBuf,
    /// The file's text, to show the line (absent for files not read).
    pub text: Option<String>,
    pub span: Option<Range<usize>>,
}

impl Diagnostic {
    pub fn new(message: impl Into<String>) -> Self {
        Diagnostic {
            message: message.into(),
            location: None,
            hint: None,
        }
    }

    pub fn at(mut self, file: &SourceFile, span: Option<Range<usize>>) -> Self {
        self.location = Some(Location {
            path: file.path.clone(),
            text: Some(file.text.clone()),
            span,
        });
        self
    }

    pub fn in_file(mut self, path: &Path) -> Self {
        self.location = Some(Location {
            path: path.to_path_buf(),
            text: None,
            span: None,
        });
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "error: {}", self.message);
        if let Some(location) = &self.location {
            match (&location.text, &location.span) {
                (Some(text), Some(span)) => {
                    let (line, column) = line_column(text, span.start);
                    let _ = writeln!(out, "  --> {}:{}:{}", location.path.display(), line, column);
                    let line_text = text.lines().nth(line - 1).unwrap_or("");
                    let span_chars = text
                        .get(span.clone())
                        .map(|s| s.chars().count())
                        .unwrap_or(1);
                    let (shown, caret_at, caret_len) = window(line_text, column - 1, span_chars);
                    let number = line.to_string();
                    let pad = " ".repeat(number.len());
                    let _ = writeln!(out, " {pad} |");
                    let _ = writeln!(out, " {number} | {shown}");
                    let _ = writeln!(
                        out,
                        " {pad} | {}{}",
                        " ".repeat(caret_at),
                        "^".repeat(caret_len)
                    );
                }
                _ => {
                    let _ = writeln!(out, "  --> {}", location.path.display());
                }
            }
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "hint: {hint}");
        }
        out
    }
}

/// Lines longer than this are shown as a window around the column.
const MAX_SHOWN: usize = 100;

/// The part of `line` to show, the caret's position in it and its length
/// (all in characters): long lines are cut around `column` with "…".
fn window(line: &str, column: usize, span: usize) -> (String, usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let column = column.min(chars.len());
    let (start, prefix) = if column > MAX_SHOWN / 2 {
        (column - MAX_SHOWN / 2, "…")
    } else {
        (0, "")
    };
    let end = (start + MAX_SHOWN).min(chars.len());
    let suffix = if end < chars.len() { "…" } else { "" };
    let shown: String = chars[start..end].iter().collect();
    let caret_at = column - start + prefix.chars().count();
    let caret_len = span.clamp(1, (end - column).max(1));
    (format!("{prefix}{shown}{suffix}"), caret_at, caret_len)
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_line_and_column() {
        let file = SourceFile {
            path: "x.toml".into(),
            text: "a = 1\nbå = 2\n".into(),
        };
        let d = Diagnostic::new("bad")
            .at(&file, Some(10..11))
            .hint("fix it");
        let text = d.render();
        assert!(text.contains("x.toml:2:4"), "{text}");
        assert!(text.contains(" 2 | bå = 2"), "{text}");
        assert!(text.contains("hint: fix it"), "{text}");
        assert_eq!(line_column("å\nb", 3), (2, 1));
    }
}
