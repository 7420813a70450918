//! Errors as a person reads them: what is wrong, where (file:line:column with
//! the line and a caret), and what would be right. The only place where
//! errors are rendered; libraries return typed errors. A diagnostic
//! carries its texts in English and in Swedish; the language is chosen when it is
//! rendered (`render_in`), so an error can be built before the language is known.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use vagval_report::Lang;

/// A source file that a diagnostic can point into.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// One error for the user, in English and in Swedish. Both texts are
/// required by construction (`new(en, sv)`, `in_both`, `hint(en, sv)`), so a
/// Swedish text cannot be missing and there is no fallback to English.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub message: String,
    /// The message in Swedish.
    pub message_sv: String,
    /// Boxed to keep `Result<_, Diagnostic>` small.
    pub location: Option<Box<Location>>,
    /// The hint in English and in Swedish.
    pub hint: Option<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct Location {
    pub path: PathBuf,
    /// The file's text, to show the line (absent for files not read).
    pub text: Option<String>,
    pub span: Option<Range<usize>>,
}

impl Diagnostic {
    /// The message in English and in Swedish.
    pub fn new(message: impl Into<String>, message_sv: impl Into<String>) -> Self {
        Diagnostic {
            message: message.into(),
            message_sv: message_sv.into(),
            location: None,
            hint: None,
        }
    }

    /// The diagnostic of an error whose crate writes its text in both
    /// languages: `message(En)` and `message(Sv)`.
    pub fn in_both(message: impl Fn(vagval_core::Language) -> String) -> Self {
        Diagnostic::new(
            message(vagval_core::Language::En),
            message(vagval_core::Language::Sv),
        )
    }

    pub fn at(mut self, file: &SourceFile, span: Option<Range<usize>>) -> Self {
        self.location = Some(Box::new(Location {
            path: file.path.clone(),
            text: Some(file.text.clone()),
            span,
        }));
        self
    }

    pub fn in_file(mut self, path: &Path) -> Self {
        self.location = Some(Box::new(Location {
            path: path.to_path_buf(),
            text: None,
            span: None,
        }));
        self
    }

    /// The hint in English and in Swedish; replaces any earlier hint.
    pub fn hint(mut self, hint: impl Into<String>, hint_sv: impl Into<String>) -> Self {
        self.hint = Some((hint.into(), hint_sv.into()));
        self
    }

    /// The hint in English and Swedish, if one is given (else the hint
    /// stays as it was).
    pub fn hint_both(self, hint: Option<(String, String)>) -> Self {
        match hint {
            Some((en, sv)) => self.hint(en, sv),
            None => self,
        }
    }

    /// The diagnostic in English: `render_in(Lang::En)`.
    pub fn render(&self) -> String {
        self.render_in(Lang::En)
    }

    /// The diagnostic in `lang`, with the frame words `error:`/`fel:` and `hint:`/`tips:`.
    /// The `-->` pointer and the caret block are the same in both.
    pub fn render_in(&self, lang: Lang) -> String {
        let (message, hint) = match lang {
            Lang::En => (&self.message, self.hint.as_ref().map(|h| &h.0)),
            Lang::Sv => (&self.message_sv, self.hint.as_ref().map(|h| &h.1)),
        };
        let message = printable(message);
        let mut out = String::new();
        let _ = writeln!(out, "{} {message}", lang.pick("error:", "fel:"));
        if let Some(location) = &self.location {
            match (&location.text, &location.span) {
                (Some(text), Some(span)) => {
                    let (line, column) = line_column(text, span.start);
                    let path = printable(&location.path.display().to_string());
                    let _ = writeln!(out, "  --> {path}:{line}:{column}");
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
                    let path = printable(&location.path.display().to_string());
                    let _ = writeln!(out, "  --> {path}");
                }
            }
        }
        if let Some(hint) = hint {
            let hint = printable(hint);
            let _ = writeln!(out, "{} {hint}", lang.pick("hint:", "tips:"));
        }
        out
    }
}

/// Lines longer than this are shown as a window around the column.
const MAX_SHOWN: usize = 100;

/// Columns a tab takes in a shown line.
const TAB_WIDTH: usize = 4;

/// What stands in for a control character, so that text from a user's file
/// cannot move the cursor, set the window title or ring the bell.
const REPLACEMENT: char = '\u{fffd}';

/// How one character of a source line is shown: a tab as `TAB_WIDTH`
/// spaces, a control character (C0, DEL, C1) as `REPLACEMENT`, anything
/// else as itself. Every shown character counts as one column.
fn shown_char(c: char, out: &mut Vec<char>) {
    match c {
        '\t' => out.extend([' '; TAB_WIDTH]),
        c if c.is_control() => out.push(REPLACEMENT),
        c => out.push(c),
    }
}

/// A message, hint or path safe to print: tabs as `TAB_WIDTH` spaces and
/// other control characters as `REPLACEMENT`, except line breaks (`\n`),
/// which a message may use.
fn printable(text: &str) -> String {
    let mut chars = Vec::with_capacity(text.len());
    for c in text.chars() {
        if c == '\n' {
            chars.push(c);
        } else {
            shown_char(c, &mut chars);
        }
    }
    chars.into_iter().collect()
}

/// The part of `line` to show, the caret's position in it and its length,
/// all in shown columns: `column` and `span` count the source's characters,
/// tabs are expanded (see `shown_char`) and long lines are cut around
/// `column` with "…".
fn window(line: &str, column: usize, span: usize) -> (String, usize, usize) {
    // `starts[k]` is the shown column where source character `k` begins.
    let mut chars: Vec<char> = Vec::with_capacity(line.len());
    let mut starts = Vec::new();
    for c in line.chars() {
        starts.push(chars.len());
        shown_char(c, &mut chars);
    }
    starts.push(chars.len());
    let source_len = starts.len() - 1;
    let column_char = column.min(source_len);
    let span_end = column_char.saturating_add(span).min(source_len);
    let column = starts[column_char];
    let span = starts[span_end] - column;
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
        let d = Diagnostic::new("bad", "fel")
            .at(&file, Some(10..11))
            .hint("fix it", "rätta det");
        let text = d.render();
        assert!(text.contains("x.toml:2:4"), "{text}");
        assert!(text.contains(" 2 | bå = 2"), "{text}");
        assert!(text.contains("hint: fix it"), "{text}");
        assert_eq!(line_column("å\nb", 3), (2, 1));
    }

    fn sample() -> SourceFile {
        SourceFile {
            path: "criteria/cost.toml".into(),
            text: "id = \"cost\"\nname = \"Kostnad\"\n".into(),
        }
    }

    /// The lines from the `-->` pointer to the caret.
    fn caret_block(text: &str) -> Vec<&str> {
        text.lines().skip(1).take(4).collect()
    }

    #[test]
    fn swedish_words_and_texts() {
        let d = Diagnostic::new(
            "the criterion has no `weights`",
            "kriteriet saknar `weights`",
        )
        .at(&sample(), Some(5..11))
        .hint("add `[weights]`", "lägg till `[weights]`");
        let en = d.render();
        let sv = d.render_in(Lang::Sv);
        assert_eq!(en, d.render_in(Lang::En));
        assert!(
            en.starts_with("error: the criterion has no `weights`\n"),
            "{en}"
        );
        assert!(en.ends_with("hint: add `[weights]`\n"), "{en}");
        assert!(sv.starts_with("fel: kriteriet saknar `weights`\n"), "{sv}");
        assert!(sv.ends_with("tips: lägg till `[weights]`\n"), "{sv}");
        assert!(!sv.contains("error:") && !sv.contains("hint:"), "{sv}");
        assert_eq!(caret_block(&en), caret_block(&sv));
        assert_eq!(
            caret_block(&sv),
            [
                "  --> criteria/cost.toml:1:6",
                "   |",
                " 1 | id = \"cost\"",
                "   |      ^^^^^^",
            ]
        );
    }

    // No test that a Swedish text falls back to English, or that one can
    // be missing: `Diagnostic` cannot be built without both (`new(en, sv)`,
    // `hint(en, sv)`), so the case does not compile.

    #[test]
    fn a_new_hint_replaces_both_texts() {
        let d = Diagnostic::new("bad", "fel").hint("old", "gammal");
        assert_eq!(d.render_in(Lang::Sv), "fel: fel\ntips: gammal\n");
        let d = d.hint("new", "ny");
        assert_eq!(d.render_in(Lang::Sv), "fel: fel\ntips: ny\n");
        assert_eq!(d.render(), "error: bad\nhint: new\n");
    }

    #[test]
    fn tabs_are_expanded_and_the_caret_counts_their_columns() {
        let text = "[cost]\n\t\tvalue = 3x\n";
        let start = text.find("3x").unwrap(); // ok: test code, failing loudly is right
        let file = SourceFile {
            path: "t.toml".into(),
            text: text.into(),
        };
        let out = Diagnostic::new("bad", "fel")
            .at(&file, Some(start..start + 2))
            .render();
        assert_eq!(
            caret_block(&out),
            [
                // The column is the source's character column, tabs as one.
                "  --> t.toml:2:11",
                "   |",
                " 2 |         value = 3x",
                "   |                 ^^",
            ],
            "{out}"
        );
    }

    #[test]
    fn control_characters_do_not_reach_the_terminal() {
        let text = "a = 1 # \x1b]0;pwned\x07\x1b[2K\u{9b}31m\x7f\r!\n";
        let start = text.find('!').unwrap(); // ok: test code, failing loudly is right
        let file = SourceFile {
            path: "x\x1b[2K.toml".into(),
            text: text.into(),
        };
        let d = Diagnostic::new(
            "unknown key `\x1b]0;pwned\x07`\nsecond line\tend",
            "okänd nyckel `\x1b[2K`",
        )
        .at(&file, Some(start..start + 1))
        .hint("remove `\x1b[31m\u{85}`", "ta bort `\x07`");
        for out in [d.render(), d.render_in(Lang::Sv)] {
            let bad: Vec<char> = out
                .chars()
                .filter(|&c| c.is_control() && c != '\n')
                .collect();
            assert!(bad.is_empty(), "{bad:?} in {out:?}");
            assert!(out.bytes().all(|b| b >= 0x20 || b == b'\n'), "{out:?}");
        }
        let out = d.render();
        // The message keeps its line break; the replaced characters keep
        // the caret under the span (one column each).
        assert!(
            out.contains("`\u{fffd}]0;pwned\u{fffd}`\nsecond line"),
            "{out}"
        );
        let lines: Vec<&str> = out.lines().collect();
        let shown = lines.iter().find(|l| l.starts_with(" 1 | ")).unwrap(); // ok: test code, failing loudly is right
        let caret = lines.iter().find(|l| l.ends_with('^')).unwrap(); // ok: test code, failing loudly is right
        assert_eq!(
            shown.chars().position(|c| c == '!'),
            caret.chars().position(|c| c == '^'),
            "{out}"
        );
    }
}
