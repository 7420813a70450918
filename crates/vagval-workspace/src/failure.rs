//! What went wrong in a request a front end serves: bad input, a wrong
//! request, every failing group script, a partial result, a failed write.
//! A front end decides what each means (the CLI: exit codes 1 and 2; a web
//! page: its status), and renders the diagnostics in its language.

use crate::diagnostic::Diagnostic;

/// What went wrong: bad input (the CLI's exit 1), a wrong request that its
/// parser cannot see (an unknown criterion, a malformed `--set-weight`:
/// exit 2) or a failed write.
#[derive(Debug)]
pub enum Failure {
    Invalid(Diagnostic),
    /// Several inputs are invalid (every failing group script), each named;
    /// nothing is printed on stdout (exit 1).
    Several(Vec<Diagnostic>),
    /// What could be computed is printed on stdout; these name what is left
    /// out and why (exit 1).
    Partial(Vec<Diagnostic>),
    Output(std::io::Error),
    /// A malformed request its front end's parser cannot check: an
    /// unknown id, a malformed `--set-weight` (the CLI: exit code 2).
    Usage(Diagnostic),
    /// The run was stopped on request (Ctrl-C; the CLI: exit code 130).
    Cancelled(Diagnostic),
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure::Invalid(d)
    }
}

impl Failure {
    /// One diagnostic for a front end that shows one message (a web page):
    /// the first of several, which names its file; an output error as text.
    pub fn into_diagnostic(self) -> Diagnostic {
        match self {
            Failure::Invalid(d) | Failure::Usage(d) | Failure::Cancelled(d) => d,
            Failure::Several(mut all) | Failure::Partial(mut all) => {
                if all.is_empty() {
                    Diagnostic::new("the request failed", "begäran misslyckades")
                } else {
                    all.swap_remove(0)
                }
            }
            // `{e}` is the system's I/O error text: the same in both languages.
            Failure::Output(e) => Diagnostic::new(
                format!("cannot write the output: {e}"),
                format!("kan inte skriva utdata: {e}"),
            ),
        }
    }
}
