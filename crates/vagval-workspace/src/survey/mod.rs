//! The survey (`vagval survey`, and the web workshop's next): a political
//! group answers the pairwise questions one pair at a time, in Swedish or
//! English, and its answers become the group script
//! `scripts/groups/<group>.lua` (docs/lua-api.md).
//!
//! The questionnaire itself (which pair next, back, skip, CR and advice,
//! revisits) is `questionnaire::Questionnaire`, without I/O; this module is
//! the dialogue around it, in words, for any front end: what is said and
//! asked (ask.rs), how answers are read and shown (answers.rs), the
//! loader's rules a script must pass (rules.rs), the script (script.rs). A
//! front end gives it a `Conversation`: the terminal prints a line and
//! reads one.
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
pub mod words;

pub use rules::check_group_id;

use crate::diagnostic::Diagnostic;
use crate::groups::GROUPS_DIR;
use crate::questionnaire::{self, Questionnaire, Recorded, SkipError, Step, sibling_sets};
use crate::store::{self, Draft};
use ask::{
    PairReply, ask_name, ask_pair, ask_seats, ask_yes_no, revisit, say_advice, say_heading,
    say_summary,
};
use rules::{check_name, draft_answer, read_existing, recorded, sets_error, validate_script};
use script::lua_script;
use std::fs;
use std::path::{Path, PathBuf};
use vagval_core::assessment::WeightsSpec;
use vagval_core::group::GroupSpec;
use vagval_core::model::Model;
use vagval_core::settings::Settings;
use vagval_report::Lang;

/// How the survey talks with a person: a front end shows what it says and
/// asks, and returns the answers.
pub trait Conversation {
    /// Shows `text` (lines separated by `\n`).
    fn say(&mut self, text: &str) -> Result<(), Diagnostic>;
    /// Shows `question` and returns the answer; `None` when no more
    /// answers will come (the end of input).
    fn ask(&mut self, question: &str) -> Result<Option<String>, Diagnostic>;
}

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

/// Asks the questions through `conversation`, writes
/// `<root>/scripts/groups/<group>.lua` atomically, shows the group's
/// weights and ranking, and returns the script's path. The CR is computed
/// with `settings` (the workspace's method, RI table and completion).
pub fn run(
    root: &Path,
    model: &Model,
    settings: &Settings,
    options: &Options,
    conversation: &mut dyn Conversation,
) -> Result<PathBuf, Diagnostic> {
    let lang = options.lang;
    let group = options.group.as_str();
    check_group_id(group)?;
    if let Some(name) = &options.name {
        if name.trim().is_empty() {
            return Err(Diagnostic::new("the group's name is empty")
                .sv("gruppens namn är tomt")
                .hint("give --name a name, or leave it out to be asked")
                .hint_sv("ge --name ett namn, eller utelämna det så frågar enkäten efter det"));
        }
        check_name(root, model, group, name)?;
    }
    if options.seats == Some(0) {
        return Err(
            Diagnostic::new("the seats must be a whole number of at least 1, got 0")
                .sv("antalet mandat måste vara ett heltal, minst 1, men är 0"),
        );
    }
    let sets = sibling_sets(model).map_err(sets_error)?;
    let dir = root.join(GROUPS_DIR);
    let target = dir.join(format!("{group}.lua"));
    store::check_inside(root, &target)?;
    // A folder, FIFO or device there cannot become a script (and reading a
    // FIFO for its answers would wait for ever): refused before any question.
    if let Ok(metadata) = fs::metadata(&target)
        && !metadata.is_file()
    {
        let shown = target.display();
        return Err(Diagnostic::new(format!("{shown} is not a regular file"))
            .sv(format!("{shown} är inte en vanlig fil"))
            .in_file(&target)
            .hint("move it away; the survey writes the group's script there")
            .hint_sv("flytta undan den; enkäten skriver gruppens skript där"));
    }

    // The folders the survey creates are removed again if it ends with
    // nothing kept.
    let created: Vec<PathBuf> = [root.join("scripts"), dir.clone()]
        .into_iter()
        .filter(|d| !d.exists())
        .collect();
    fs::create_dir_all(&dir).map_err(|e| {
        Diagnostic::new(format!("cannot create the folder {}: {e}", dir.display()))
            .sv(format!("kan inte skapa mappen {}: {e}", dir.display()))
            .in_file(&dir)
    })?;
    let result = (|| {
        let lock = store::lock(&dir, group)?;
        store::remove_stale_temporaries(&dir);
        let mut io = Io {
            conversation,
            lang,
            in_draft: false,
        };
        let result = survey(&mut io, root, model, settings, options, sets, &dir, &target);
        drop(lock);
        result
    })();
    if result.is_err() {
        for folder in created.iter().rev() {
            let _ = fs::remove_dir(folder); // only if empty
        }
    }
    result
}

/// What the survey needs of an existing script: its answers as a starting
/// point and its own judgments of the alternatives, kept.
struct Existing {
    spec: GroupSpec,
}

#[allow(clippy::too_many_arguments)]
fn survey(
    io: &mut Io,
    root: &Path,
    model: &Model,
    settings: &Settings,
    options: &Options,
    sets: Vec<questionnaire::SiblingSet>,
    dir: &Path,
    target: &Path,
) -> Result<PathBuf, Diagnostic> {
    let lang = io.lang;
    let group = options.group.as_str();
    let mut q = Questionnaire::new(sets, *settings);
    let shown_target = target
        .strip_prefix(root)
        .unwrap_or(target)
        .display()
        .to_string();

    io.say(&match lang {
        Lang::Sv => format!(
            "Enkät för gruppen {group}: {}\nSvara på en fråga i taget. Varje svar sparas direkt i ett utkast, så ett avbrott förlorar inget.\nKommandon: < går tillbaka ett svar, - (vet ej) hoppar över frågan, ? visar vad kriterierna betyder.",
            model.goal()
        ),
        Lang::En => format!(
            "Survey for the group {group}: {}\nAnswer one question at a time. Every answer is kept at once in a draft, so an interruption loses nothing.\nCommands: < goes back one answer, - (don't know) skips the question, ? shows what the criteria mean.",
            model.goal()
        ),
    })?;

    // An existing script: replaced at the end, its answers the start.
    let existing = start_from_existing(io, root, model, group, target, &shown_target, &mut q)?;

    // A draft from an interrupted survey.
    let mut name = options.name.clone();
    let mut seats = options.seats;
    if let Some((draft_name, draft_seats)) = resume_draft(io, dir, group, &mut q)? {
        name = name.or(draft_name);
        seats = seats.or(draft_seats);
    }

    let old_name = existing.as_ref().map(|e| e.spec.name.clone());
    let old_seats = existing
        .as_ref()
        .map(|e| e.spec.seats)
        .filter(|s| s.fract() == 0.0 && *s >= 1.0 && *s <= f64::from(u32::MAX))
        .map(|s| s as u32);
    let name = match name {
        Some(name) => name,
        None => ask_name(io, root, model, group, old_name.as_deref())?,
    };
    let seats = match seats {
        Some(seats) => seats,
        None => ask_seats(io, old_seats)?,
    };
    let save = |q: &Questionnaire, io: &mut Io| {
        io.in_draft = true;
        store::write_draft(
            dir,
            &Draft {
                version: store::DRAFT_VERSION,
                group: group.to_string(),
                name: Some(name.clone()),
                seats: Some(seats),
                answers: q.record().iter().map(draft_answer).collect(),
            },
        )
    };

    let mut heading_shown: Option<usize> = None;
    loop {
        match q.next_step() {
            Step::Done => break,
            Step::Question(question) => {
                if heading_shown != Some(question.set) {
                    say_heading(io, &q, question.set)?;
                    heading_shown = Some(question.set);
                }
                match ask_pair(io, &q, &question)? {
                    PairReply::Back => {
                        if q.back() {
                            heading_shown = None;
                            save(&q, io)?;
                        } else {
                            io.say(lang.pick(
                                "There is no earlier answer to go back to.",
                                "Det finns inget tidigare svar att gå tillbaka till.",
                            ))?;
                        }
                    }
                    PairReply::Skip => match q.skip() {
                        Ok(()) => save(&q, io)?,
                        Err(SkipError::WouldDisconnect | SkipError::NothingToSkip) => {
                            io.say(lang.pick(
                                "This pair cannot be skipped: without it some criterion would be compared with none of the others. Please answer it.",
                                "Den här frågan går inte att hoppa över: utan den jämförs något kriterium inte med något av de andra. Svara på den.",
                            ))?;
                        }
                    },
                    PairReply::Keep => {
                        if let Some(advice) = q.keep_current() {
                            save(&q, io)?;
                            say_advice(io, &q, &advice)?;
                        }
                    }
                    PairReply::Answer(reply) => {
                        if let Some(advice) = q.answer(reply) {
                            save(&q, io)?;
                            say_advice(io, &q, &advice)?;
                        }
                    }
                }
            }
            Step::Revisit(offer) => {
                revisit(io, &mut q, &offer, &mut heading_shown, &save)?;
            }
        }
    }

    let assessments = existing.map(|e| e.spec.assessments).unwrap_or_default();
    let text = lua_script(group, &name, seats, lang, &q, &assessments);
    // The loader's own rules, before anything is replaced.
    let spec = validate_script(root, model, group, text.clone())?;
    let path = store::write_atomically(dir, &format!("{group}.lua"), text.as_bytes(), true)?;
    store::remove_draft(dir, group);
    say_summary(io, model, settings, &spec, &name)?;
    io.say(&match lang {
        Lang::Sv => format!("Skrev {}", path.display()),
        Lang::En => format!("wrote {}", path.display()),
    })?;
    Ok(path)
}

/// The name and seats of a resumed draft, if it had them.
type Resumed = (Option<String>, Option<u32>);

/// A draft from an interrupted survey of `group`: resumed (its answers
/// replayed; its name and seats returned) or not, as the person says.
fn resume_draft(
    io: &mut Io,
    dir: &Path,
    group: &str,
    q: &mut Questionnaire,
) -> Result<Option<Resumed>, Diagnostic> {
    let lang = io.lang;
    let Some(draft) = store::read_draft(dir, group)? else {
        return Ok(None);
    };
    let mut resumed = None;
    // It stays until an answer replaces it, resumed or not.
    io.in_draft = true;
    let count = draft.answers.len();
    let question = match lang {
        Lang::Sv => format!(
            "Det finns ett utkast från en avbruten enkät för gruppen ({count} svar). Fortsätta där den slutade? (j = ja, n = börja om)"
        ),
        Lang::En => format!(
            "There is a draft from an interrupted survey of this group ({count} answers). Continue where it stopped? (y = yes, n = start afresh)"
        ),
    };
    if ask_yes_no(io, &question)? {
        let record: Vec<Recorded> = draft.answers.iter().filter_map(recorded).collect();
        let applied = q.replay(&record);
        resumed = Some((draft.name, draft.seats));
        let (done, total) = q.progress();
        io.say(&match lang {
            Lang::Sv => format!("Fortsätter: {done} av {total} frågor besvarade."),
            Lang::En => format!("Continuing: {done} of {total} questions answered."),
        })?;
        if applied < count {
            let dropped = count - applied;
            io.say(&match lang {
                    Lang::Sv => format!(
                        "{dropped} svar i utkastet gäller kriterier som inte längre finns och togs inte med."
                    ),
                    Lang::En => format!(
                        "{dropped} answers of the draft concern criteria that no longer exist and were left out."
                    ),
                })?;
        }
    } else {
        io.say(lang.pick(
            "Starting afresh; the draft is replaced with the first answer.",
            "Börjar om; utkastet ersätts vid första svaret.",
        ))?;
    }
    Ok(resumed)
}

/// An existing script at `target`: its answers become the questionnaire's
/// current ones; one that cannot be read is named, and the survey starts
/// afresh.
fn start_from_existing(
    io: &mut Io,
    root: &Path,
    model: &Model,
    group: &str,
    target: &Path,
    shown_target: &str,
    q: &mut Questionnaire,
) -> Result<Option<Existing>, Diagnostic> {
    let lang = io.lang;
    if !target.exists() {
        return Ok(None);
    }
    match read_existing(root, model, group, target) {
        Ok(spec) => {
            for (site, weights) in &spec.weights {
                if let WeightsSpec::Judgments(judgments) = weights {
                    q.set_current(site, judgments);
                }
            }
            io.say(&match lang {
                    Lang::Sv => format!(
                        "{shown_target} finns redan: den ersätts när enkäten är klar (den gamla filen sparas som {group}.lua.bak). Dess svar är utgångsläget: Enter behåller ett svar."
                    ),
                    Lang::En => format!(
                        "{shown_target} exists: it will be replaced when the survey is done (the old file is kept as {group}.lua.bak). Its answers are the starting point: Enter keeps one."
                    ),
                })?;
            return Ok(Some(Existing { spec }));
        }
        Err(error) => {
            let why = error.render_in(lang);
            io.say(&match lang {
                    Lang::Sv => format!(
                        "{shown_target} finns redan men går inte att läsa, så enkäten börjar från början; filen ersätts när enkäten är klar (den gamla sparas som {group}.lua.bak).\n{}",
                        why.trim_end()
                    ),
                    Lang::En => format!(
                        "{shown_target} exists but cannot be read, so the survey starts afresh; the file will be replaced when the survey is done (the old one is kept as {group}.lua.bak).\n{}",
                        why.trim_end()
                    ),
                })?;
        }
    }
    Ok(None)
}

/// The conversation, in the survey's language, and whether a draft holds
/// this survey's answers (one was resumed or an answer was saved), so that
/// an end of input can say truly whether anything was kept.
struct Io<'a> {
    conversation: &'a mut dyn Conversation,
    lang: Lang,
    in_draft: bool,
}

impl Io<'_> {
    fn text<'t>(&self, sv: &'t str, en: &'t str) -> &'t str {
        match self.lang {
            Lang::Sv => sv,
            Lang::En => en,
        }
    }

    fn say(&mut self, text: &str) -> Result<(), Diagnostic> {
        self.conversation.say(text)
    }

    /// Asks `question` and returns the answer, trimmed. End of input aborts.
    fn ask(&mut self, question: &str) -> Result<String, Diagnostic> {
        let Some(answer) = self.conversation.ask(question)? else {
            return Err(end_of_input(self.in_draft));
        };
        Ok(answer.trim().to_string())
    }
}

/// The survey ended before it was done: nothing kept, or a draft.
fn end_of_input(in_draft: bool) -> Diagnostic {
    if !in_draft {
        return Diagnostic::new(
            "the survey ended before any question was answered (end of input); the group's script was not written, and no draft was kept: nothing was answered yet",
        )
        .sv("enkäten avbröts innan någon fråga var besvarad (indata tog slut); gruppens skript skrevs inte, och inget utkast sparades: inget var besvarat än")
        .hint("run the survey again to answer the questions")
        .hint_sv("kör enkäten igen för att svara på frågorna");
    }
    let (message, hint) = (
        "the survey ended before every question was answered (end of input); the group's script was not written, and the answers so far are kept in a draft",
        "run the survey again to continue where it stopped",
    );
    let (message_sv, hint_sv) = (
        "enkäten avbröts innan alla frågor var besvarade (indata tog slut); gruppens skript skrevs inte, och svaren hittills finns kvar i ett utkast",
        "kör enkäten igen för att fortsätta där den slutade",
    );
    Diagnostic::new(message)
        .sv(message_sv)
        .hint(hint)
        .hint_sv(hint_sv)
}
