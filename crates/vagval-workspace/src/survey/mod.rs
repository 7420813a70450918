//! The survey (`vagval survey`, and the web workshop's next): a political
//! group answers the pairwise questions one pair at a time, in Swedish or
//! English, and its answers become the group script
//! `scripts/groups/<group>.lua` (docs/lua-api.md).
//!
//! The questionnaire itself (which pair next, back, skip, CR and advice,
//! revisits) is `questionnaire::Questionnaire`, without I/O; this module is
//! the dialogue around it, in words, for any front end, as a session that
//! never blocks (session.rs: `SurveySession`, `prompt` and `answer`): what
//! is said and asked around the pairs (ask.rs) and at them (words.rs), how
//! answers are read and shown (answers.rs), the loader's rules a script
//! must pass (rules.rs), the script (script.rs). A front end loops: the
//! terminal prints the prompt and reads a line; its files are a
//! `SurveyStore` (`GroupFiles` keeps them beside the scripts).
//!
//! - Every answer is kept at once in a draft, `.<group>.draft.json` beside
//!   the script (written atomically), so Ctrl-C or a closed terminal loses
//!   nothing: the next run offers to resume. The draft is removed when the
//!   script is written.
//! - Re-running an existing group says that its file will be replaced and
//!   starts from its answers (Enter keeps one).
//! - One survey per group at a time (`.<group>.lock`, released by the
//!   system when the process dies).
//! - The script is checked by the loader's own rules before it is written
//!   (temporary file, fsync, rename; the old file kept as `<group>.lua.bak`,
//!   `.bak.1`, …), never through a link that leaves the workspace.

pub mod answers;
mod ask;
mod rules;
mod script;
mod session;
pub mod words;

pub use rules::check_group_id;
pub use session::{Expect, Outcome, Prompt, Response, SurveySession};

use crate::diagnostic::Diagnostic;
use crate::groups::GROUPS_DIR;
use crate::store::{self, Draft};
use std::fs;
use std::path::{Path, PathBuf};
use vagval_report::Lang;

/// What the survey is for.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The group's id: the file stem of `scripts/groups/<group>.lua`.
    pub group: String,
    pub lang: Lang,
    /// The group's name; asked when not given.
    pub name: Option<String>,
    /// The group's seats, a whole number ≥ 1; asked when not given.
    pub seats: Option<u32>,
}

/// Where a survey keeps its draft and writes its script. Each returns only
/// once done: an answer is acknowledged after its draft is stored.
pub trait SurveyStore {
    /// The draft of an interrupted survey of `group`, if one is kept.
    fn read_draft(&mut self, group: &str) -> Result<Option<Draft>, Diagnostic>;
    /// Keeps `draft`, replacing the group's earlier one.
    fn save_draft(&mut self, draft: &Draft) -> Result<(), Diagnostic>;
    /// Writes the group's script `text` (checked already) and removes its
    /// draft; returns where it was written.
    fn write_script(&mut self, group: &str, text: &str) -> Result<PathBuf, Diagnostic>;
}

/// The survey's files in `<root>/scripts/groups/`, held for one group: the
/// folders (created if missing), the group's lock, its draft beside the
/// script, and the script written atomically with a `.bak` copy.
pub struct GroupFiles {
    dir: PathBuf,
    /// The folders created here, removed again when the survey ends with
    /// nothing kept.
    created: Vec<PathBuf>,
    lock: Option<store::Lock>,
}

impl GroupFiles {
    /// Creates the folders, takes the group's lock (refused while another
    /// survey of it runs) and removes temporaries of killed runs.
    pub fn open(root: &Path, group: &str) -> Result<GroupFiles, Diagnostic> {
        let dir = root.join(GROUPS_DIR);
        let created: Vec<PathBuf> = [root.join("scripts"), dir.clone()]
            .into_iter()
            .filter(|d| !d.exists())
            .collect();
        fs::create_dir_all(&dir).map_err(|e| {
            // `{e}` is the system's I/O error text, not ours: the same in both languages.
            Diagnostic::new(
                format!("cannot create the folder {}: {e}", dir.display()),
                format!("kan inte skapa mappen {}: {e}", dir.display()),
            )
            .in_file(&dir)
        })?;
        let mut files = GroupFiles {
            dir,
            created,
            lock: None,
        };
        match store::lock(&files.dir, group) {
            Ok(lock) => files.lock = Some(lock),
            Err(error) => {
                files.close(false);
                return Err(error);
            }
        }
        store::remove_stale_temporaries(&files.dir);
        Ok(files)
    }

    /// Releases the lock; when nothing was `kept`, the folders `open`
    /// created are removed again (if empty).
    pub fn close(mut self, kept: bool) {
        drop(self.lock.take());
        if !kept {
            for folder in self.created.iter().rev() {
                let _ = fs::remove_dir(folder); // only if empty
            }
        }
    }
}

impl SurveyStore for GroupFiles {
    fn read_draft(&mut self, group: &str) -> Result<Option<Draft>, Diagnostic> {
        store::read_draft(&self.dir, group)
    }

    fn save_draft(&mut self, draft: &Draft) -> Result<(), Diagnostic> {
        store::write_draft(&self.dir, draft)
    }

    fn write_script(&mut self, group: &str, text: &str) -> Result<PathBuf, Diagnostic> {
        let path =
            store::write_atomically(&self.dir, &format!("{group}.lua"), text.as_bytes(), true)?;
        store::remove_draft(&self.dir, group);
        Ok(path)
    }
}

/// The survey ended before it was done: nothing kept, or a draft.
fn end_of_input(in_draft: bool) -> Diagnostic {
    if !in_draft {
        return Diagnostic::new(
            "the survey ended before any question was answered (end of input); the group's script was not written, and no draft was kept: nothing was answered yet", "enkäten avbröts innan någon fråga var besvarad (indata tog slut); gruppens skript skrevs inte, och inget utkast sparades: inget var besvarat än")
        .hint("run the survey again to answer the questions", "kör enkäten igen för att svara på frågorna");
    }
    let (message, hint) = (
        "the survey ended before every question was answered (end of input); the group's script was not written, and the answers so far are kept in a draft",
        "run the survey again to continue where it stopped",
    );
    let (message_sv, hint_sv) = (
        "enkäten avbröts innan alla frågor var besvarade (indata tog slut); gruppens skript skrevs inte, och svaren hittills finns kvar i ett utkast",
        "kör enkäten igen för att fortsätta där den slutade",
    );
    Diagnostic::new(message, message_sv).hint(hint, hint_sv)
}
