//! `vagval survey` in the terminal: a loop around vagval-workspace's
//! `SurveySession` (its questions, answers, rules and script): each prompt
//! on `output`, each answer read as a line from `input` (piped answers work
//! as well as a terminal) and fed to the session, what it says printed;
//! long lines broken between words to the terminal's width.

use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};
use vagval_core::model::Model;
use vagval_core::settings::Settings;
use vagval_workspace::diagnostic::Diagnostic;
use vagval_workspace::survey::{self, GroupFiles, Outcome, Response, SurveySession};

pub use vagval_workspace::survey::check_group_id;

/// The survey speaks the language of the rest of vagval.
pub use vagval_report::Lang;

/// What the survey is for, from the command line.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyOptions {
    /// The group's id: the file stem of `scripts/groups/<group>.lua`.
    pub group: String,
    pub lang: Lang,
    /// The group's name; asked when not given.
    pub name: Option<String>,
    /// The group's seats, a whole number ≥ 1; asked when not given.
    pub seats: Option<u32>,
    /// The terminal's width when the survey talks to a terminal: long
    /// lines are then broken between words, not mid-word by the terminal.
    /// `None` (a pipe) writes each line whole.
    pub width: Option<usize>,
}

/// The longest answer line read; longer lines are refused and re-asked.
const MAX_LINE: usize = 4096;

/// Asks the questions on `input`/`output`, writes
/// `<root>/scripts/groups/<group>.lua` atomically, shows the group's
/// weights and ranking, and returns the script's path. The CR is computed
/// with `settings` (the workspace's method, RI table and completion).
pub fn run(
    root: &Path,
    model: &Model,
    settings: &Settings,
    options: &SurveyOptions,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> Result<PathBuf, Diagnostic> {
    let mut io = Io {
        input,
        output,
        lang: options.lang,
        width: options.width,
    };
    let survey_options = survey::Options {
        group: options.group.clone(),
        lang: options.lang,
        name: options.name.clone(),
        seats: options.seats,
    };
    let mut session = SurveySession::new(root, model.clone(), *settings, &survey_options)?;
    let mut files = GroupFiles::open(root, &options.group)?;
    let result = converse(&mut session, &mut files, &mut io);
    files.close(result.is_ok());
    result
}

/// Prompt, line, answer, response, until the session is done or fails.
fn converse(
    session: &mut SurveySession,
    files: &mut GroupFiles,
    io: &mut Io,
) -> Result<PathBuf, Diagnostic> {
    let mut response = session.open(files);
    loop {
        show(io, &response)?;
        let prompt = match response.outcome {
            Outcome::Asking(prompt) => prompt,
            Outcome::Written(path) => return Ok(path),
            Outcome::Failed(error) => return Err(error),
        };
        let Some(answer) = io.ask(&prompt.question)? else {
            return Err(session.end_of_input());
        };
        response = session.answer(&answer, files);
    }
}

fn show(io: &mut Io, response: &Response) -> Result<(), Diagnostic> {
    for text in &response.said {
        io.say(text)?;
    }
    Ok(())
}

struct Io<'a> {
    input: &'a mut dyn BufRead,
    output: &'a mut dyn Write,
    lang: Lang,
    /// The terminal's width, if the survey talks to one.
    width: Option<usize>,
}

/// Each line of `text` broken at spaces so that no line is longer than
/// `width` characters (a single longer word stands on its own line).
fn wrap(text: &str, width: usize) -> String {
    let width = width.max(20);
    let mut out = String::new();
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        // Continuation lines keep the line's own indentation.
        let indent = &line[..line.len() - line.trim_start().len()];
        let mut length = 0;
        for (k, word) in line.trim_start().split(' ').enumerate() {
            let word_length = word.chars().count();
            if k == 0 {
                out.push_str(indent);
                length = indent.chars().count();
            } else if length + 1 + word_length > width {
                out.push('\n');
                out.push_str(indent);
                length = indent.chars().count();
            } else {
                out.push(' ');
                length += 1;
            }
            out.push_str(word);
            length += word_length;
        }
    }
    out
}

enum Line {
    Text(String),
    /// Not UTF-8 or too long.
    Unreadable,
}

impl Io<'_> {
    /// `text` broken between words to the terminal's width, if there is one.
    fn wrapped(&self, text: &str) -> String {
        match self.width {
            Some(width) => wrap(text, width),
            None => text.to_string(),
        }
    }

    /// One line without its line break; `None` at end of input.
    fn read_line(&mut self) -> Result<Option<Line>, Diagnostic> {
        let failed = |e: io::Error| {
            // `{e}` is the system's I/O error text, not ours: the same in both languages.
            Diagnostic::new(
                format!("cannot read the answers: {e}"),
                format!("kan inte läsa svaren: {e}"),
            )
        };
        let mut bytes = Vec::new();
        let read = Read::take(&mut *self.input, MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut bytes)
            .map_err(failed)?;
        if read == 0 {
            return Ok(None);
        }
        if bytes.last() != Some(&b'\n') && bytes.len() > MAX_LINE {
            // Skip the rest of the overlong line.
            loop {
                let mut rest = Vec::new();
                let n = Read::take(&mut *self.input, MAX_LINE as u64)
                    .read_until(b'\n', &mut rest)
                    .map_err(failed)?;
                if n == 0 || rest.last() == Some(&b'\n') {
                    break;
                }
            }
            return Ok(Some(Line::Unreadable));
        }
        while matches!(bytes.last(), Some(b'\n' | b'\r')) {
            bytes.pop();
        }
        Ok(Some(match String::from_utf8(bytes) {
            Ok(text) => Line::Text(text),
            Err(_) => Line::Unreadable,
        }))
    }

    /// Shows `text` (lines separated by `\n`).
    fn say(&mut self, text: &str) -> Result<(), Diagnostic> {
        let text = self.wrapped(text);
        writeln!(self.output, "{text}")
            .and_then(|()| self.output.flush())
            .map_err(cannot_ask)
    }

    /// Shows `question` and reads the answer, trimmed; `None` at the end
    /// of input. A line that cannot be read is asked again.
    fn ask(&mut self, question: &str) -> Result<Option<String>, Diagnostic> {
        let question = self.wrapped(question);
        loop {
            write!(self.output, "{question}\n> ")
                .and_then(|()| self.output.flush())
                .map_err(cannot_ask)?;
            match self.read_line()? {
                Some(Line::Text(text)) => return Ok(Some(text.trim().to_string())),
                Some(Line::Unreadable) => {
                    let text = self.lang.pick(
                        "That answer could not be read (not UTF-8 text, or too long). Please try again.",
                        "Svaret gick inte att läsa (inte UTF-8-text, eller för långt). Försök igen.",
                    );
                    self.say(text)?;
                }
                None => {
                    let _ = writeln!(self.output);
                    return Ok(None);
                }
            }
        }
    }
}

fn cannot_ask(e: io::Error) -> Diagnostic {
    // `{e}` is the system's I/O error text, not ours: the same in both languages.
    Diagnostic::new(
        format!("cannot write the survey's questions: {e}"),
        format!("kan inte skriva ut enkätens frågor: {e}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_break_between_words_within_the_width() {
        let text = "[3/36] Vilket är viktigast: Kompetensförsörjning eller Demokrati och lokalt inflytande?\n  två ord";
        let wrapped = wrap(text, 40);
        for line in wrapped.lines() {
            assert!(line.chars().count() <= 40, "{line:?}");
        }
        // Nothing is lost or cut: the words are the same, in order.
        assert_eq!(
            wrapped.split_whitespace().collect::<Vec<_>>(),
            text.split_whitespace().collect::<Vec<_>>()
        );
        assert!(wrapped.ends_with("\n  två ord"), "{wrapped:?}");
        // A word longer than the width stands alone, uncut.
        assert_eq!(
            wrap("a Höglandsförbundetsstyrelse b", 20),
            "a\nHöglandsförbundetsstyrelse\nb"
        );
    }

    #[test]
    fn lines_that_cannot_be_read_are_asked_again() {
        // A line too long, then one not UTF-8: each refused once, then read on.
        let mut bytes = "x".repeat(MAX_LINE * 3).into_bytes();
        bytes.extend_from_slice(b"\nA\n\xff\xfe\r\n B \r\n");
        let mut input = io::Cursor::new(bytes);
        let mut output = Vec::new();
        let mut io = Io {
            input: &mut input,
            output: &mut output,
            lang: Lang::En,
            width: None,
        };
        assert_eq!(io.ask("Q?").unwrap().as_deref(), Some("A"));
        assert_eq!(io.ask("Q?").unwrap().as_deref(), Some("B"));
        // The end of input: no answer.
        assert_eq!(io.ask("Q?").unwrap(), None);
        let shown = String::from_utf8(output).unwrap();
        assert_eq!(shown.matches("could not be read").count(), 2, "{shown}");
    }
}
