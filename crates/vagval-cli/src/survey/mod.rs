//! `vagval survey`: a political group answers the pairwise questions in the
//! terminal, one pair at a time, in Swedish or English, and its answers
//! become the group script `scripts/groups/<group>.lua` (docs/lua-api.md).
//!
//! The questionnaire itself (which pair next, back, skip, CR and advice,
//! revisits) is `questionnaire::Questionnaire`, without I/O; this module is
//! the terminal's thin driver of it: prompts on `output`, answers read line
//! by line from `input` (piped answers work as well as a terminal).
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

pub use vagval_workspace::questionnaire;
mod script;
use vagval_workspace::store;

use questionnaire::{
    Advice, Answer, Offer, Question, Questionnaire, Recorded, Reply, RevisitReply, SetsError,
    SkipError, Step, Strength, sibling_sets,
};
use script::{LABELS_EN, LABELS_SV, label, lua_script, lua_string};
use std::fs;
use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};
use store::{Draft, DraftAnswer};
use vagval_core::assessment::WeightsSpec;
use vagval_core::consistency::CR_THRESHOLD;
use vagval_core::group::GroupSpec;
use vagval_core::model::{Model, Site};
use vagval_core::plugin::{DecisionView, WeightingSource};
use vagval_core::scale::{ScaleValue, ValueError, label_value, parse_value};
use vagval_core::settings::Settings;
use vagval_workspace::diagnostic::Diagnostic;
use vagval_workspace::error_sv::{core_error_sv, lua_error_sv};
use vagval_workspace::groups::{self, GROUPS_DIR};

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

/// The longest group id accepted.
const MAX_GROUP_LEN: usize = 64;
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
            input,
            output,
            lang,
            in_draft: false,
            width: options.width,
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
    options: &SurveyOptions,
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

/// One offer to revisit a judgment when the answers' CR is too high.
fn revisit(
    io: &mut Io,
    q: &mut Questionnaire,
    offer: &Offer,
    heading_shown: &mut Option<usize>,
    save: &dyn Fn(&Questionnaire, &mut Io) -> Result<(), Diagnostic>,
) -> Result<(), Diagnostic> {
    let lang = io.lang;
    if offer.first_of_round {
        io.say(&match lang {
                        Lang::Sv => format!(
                            "\nCR = {} är över {}: svaren hänger inte riktigt ihop. Se över de jämförelser som avviker mest (Enter behåller svaret).",
                            show_cr(lang, offer.cr),
                            show_cr(lang, CR_THRESHOLD)
                        ),
                        Lang::En => format!(
                            "\nCR = {} is above {}: the answers do not quite agree. Revisit the judgments that depart most (Enter keeps the answer).",
                            show_cr(lang, offer.cr),
                            show_cr(lang, CR_THRESHOLD)
                        ),
                    })?;
    }
    match ask_revisit(io, q, offer)? {
        None => {
            if q.back() {
                *heading_shown = None;
                save(q, io)?;
            }
        }
        Some(reply) => {
            let Some(outcome) = q.revisit(reply) else {
                return Ok(());
            };
            save(q, io)?;
            if let Some(cr) = outcome.cr_now {
                io.say(&match lang {
                    Lang::Sv => {
                        format!("CR nu: {} ({})", show_cr(lang, cr), cr_verdict(lang, cr))
                    }
                    Lang::En => {
                        format!("CR now: {} ({})", show_cr(lang, cr), cr_verdict(lang, cr))
                    }
                })?;
            }
            if let Some(cr) = outcome.kept_with {
                io.say(&match lang {
                    Lang::Sv => format!("Svaren behålls som de är (CR = {}).", show_cr(lang, cr)),
                    Lang::En => format!(
                        "The answers are kept as they are (CR = {}).",
                        show_cr(lang, cr)
                    ),
                })?;
            }
        }
    }
    Ok(())
}

fn sets_error(error: SetsError) -> Diagnostic {
    match error {
        SetsError::GoalHasChildren => Diagnostic::new(
            "the criterion `goal` has sub-criteria, but in a group script `goal` names the top-level criteria",
        )
        .sv("kriteriet `goal` har delkriterier, men i ett gruppskript betyder `goal` huvudkriterierna")
        .hint("rename the criterion `goal` in criteria/ to survey its sub-criteria")
        .hint_sv("byt id på kriteriet `goal` i criteria/ för att kunna fråga om dess delkriterier"),
        SetsError::NothingToAsk => Diagnostic::new(
            "there is nothing to ask: no criterion has a sibling to compare it with",
        )
        .sv("det finns inget att fråga om: inget kriterium har ett syskonkriterium att jämföras med"),
    }
}

/// A group id is a safe file stem: ASCII letters, digits, `-` and `_`.
pub(crate) fn check_group_id(group: &str) -> Result<(), Diagnostic> {
    let ok = !group.is_empty()
        && group.len() <= MAX_GROUP_LEN
        && group
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(Diagnostic::new(format!(
            "`{}` cannot be a group id: it names the file scripts/groups/<id>.lua",
            group.escape_debug()
        ))
        .sv(format!(
            "`{}` kan inte vara ett grupp-id: id:t blir filnamnet scripts/groups/<id>.lua",
            group.escape_debug()
        ))
        .hint(format!(
            "use 1 to {MAX_GROUP_LEN} ASCII letters, digits, `-` or `_`, e.g. `lokal-kontroll`"
        ))
        .hint_sv(format!(
            "använd 1 till {MAX_GROUP_LEN} tecken: bokstäverna a–z och A–Z (inte å, ä, ö), siffror, `-` eller `_`, t.ex. `lokal-kontroll`"
        )))
    }
}

// ---------------------------------------------------------------------------
// The loader's rules
// ---------------------------------------------------------------------------

/// Runs `source` as the loader runs `scripts/groups/<group>.lua`: the
/// sandboxed script, the name's rules (groups.rs) and the group's view of
/// the model. An error speaks of the script the survey was about to write.
fn validate_script(
    root: &Path,
    model: &Model,
    group: &str,
    source: String,
) -> Result<GroupSpec, Diagnostic> {
    let relative = Path::new(GROUPS_DIR).join(format!("{group}.lua"));
    let path = root.join(&relative);
    let mut script = vagval_lua::GroupScript::new(relative.clone(), source, Default::default());
    let spec = script.group(&DecisionView::of(model)).map_err(|e| {
        let location = format!("{}: ", e.location());
        let en = e.to_string();
        let sv = lua_error_sv(&e);
        Diagnostic::new(format!(
            "the group's script cannot be written: {}",
            en.strip_prefix(&location).unwrap_or(&en)
        ))
        .sv(format!(
            "gruppens skript kan inte skrivas: {}",
            sv.strip_prefix(&location).unwrap_or(&sv)
        ))
    })?;
    groups::check_name(&relative, &path, &spec.name)?;
    model.for_group(&spec).map_err(|e| {
        Diagnostic::new(format!("the group's script cannot be written: {e}")).sv(format!(
            "gruppens skript kan inte skrivas: {}",
            core_error_sv(&e)
        ))
    })?;
    Ok(spec)
}

/// Checks a group name by the loader's rules: a script holding only it.
fn check_name(root: &Path, model: &Model, group: &str, name: &str) -> Result<(), Diagnostic> {
    // The smallest script the loader accepts: equal direct weights of the
    // first set.
    let sets = sibling_sets(model).map_err(sets_error)?;
    let Some(set) = sets.first() else {
        return Err(sets_error(SetsError::NothingToAsk));
    };
    let items: Vec<String> = set
        .ids
        .iter()
        .map(|id| format!("[{}] = 1", lua_string(id)))
        .collect();
    let source = format!(
        "return {{ name = {}, seats = 1, weights = {{ [{}] = direct {{ {} }} }} }}\n",
        lua_string(name),
        lua_string(set.key.as_deref().unwrap_or("goal")),
        items.join(", ")
    );
    validate_script(root, model, group, source)
        .map(|_| ())
        .map_err(|d| {
            d.hint("a group's name is one line of 1 to 200 characters")
                .hint_sv("en grupps namn är en rad på 1 till 200 tecken")
        })
}

/// The existing script of the group, run as the loader runs it.
fn read_existing(
    root: &Path,
    model: &Model,
    group: &str,
    target: &Path,
) -> Result<GroupSpec, Diagnostic> {
    let bytes = fs::read(target).map_err(|e| {
        Diagnostic::new(format!("cannot read {}: {e}", target.display()))
            .sv(format!("kan inte läsa {}: {e}", target.display()))
    })?;
    let source = String::from_utf8(bytes).map_err(|_| {
        Diagnostic::new(format!("{} is not UTF-8 text", target.display()))
            .sv(format!("{} är inte UTF-8-text", target.display()))
    })?;
    validate_script(root, model, group, source)
}

fn recorded(answer: &DraftAnswer) -> Option<Recorded> {
    Some(Recorded {
        site: if answer.set == "goal" {
            Site::Goal
        } else {
            Site::Weights(answer.set.clone())
        },
        first: answer.first.clone(),
        second: answer.second.clone(),
        value: answer.value,
        typed_number: answer.number,
    })
}

fn draft_answer(record: &Recorded) -> DraftAnswer {
    DraftAnswer {
        set: match &record.site {
            Site::Weights(id) => id.clone(),
            _ => "goal".to_string(),
        },
        first: record.first.clone(),
        second: record.second.clone(),
        value: record.value,
        number: record.typed_number,
    }
}

// ---------------------------------------------------------------------------
// Asking and reading
// ---------------------------------------------------------------------------

struct Io<'a> {
    input: &'a mut dyn BufRead,
    output: &'a mut dyn Write,
    lang: Lang,
    /// Whether a draft holds this survey's answers (one was resumed or an
    /// answer was saved), so that an end of input can say truly whether
    /// anything was kept.
    in_draft: bool,
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

    fn text<'t>(&self, sv: &'t str, en: &'t str) -> &'t str {
        match self.lang {
            Lang::Sv => sv,
            Lang::En => en,
        }
    }

    fn say(&mut self, text: &str) -> Result<(), Diagnostic> {
        let text = self.wrapped(text);
        writeln!(self.output, "{text}")
            .and_then(|()| self.output.flush())
            .map_err(cannot_ask)
    }

    /// Shows `question` and reads the answer, trimmed. End of input aborts.
    fn ask(&mut self, question: &str) -> Result<String, Diagnostic> {
        let question = self.wrapped(question);
        loop {
            write!(self.output, "{question}\n> ")
                .and_then(|()| self.output.flush())
                .map_err(cannot_ask)?;
            match self.read_line()? {
                Some(Line::Text(text)) => return Ok(text.trim().to_string()),
                Some(Line::Unreadable) => {
                    let text = self.text(
                        "Svaret gick inte att läsa (inte UTF-8-text, eller för långt). Försök igen.",
                        "That answer could not be read (not UTF-8 text, or too long). Please try again.",
                    );
                    self.say(text)?;
                }
                None => {
                    let _ = writeln!(self.output);
                    if !self.in_draft {
                        return Err(Diagnostic::new(
                            "the survey ended before any question was answered (end of input); the group's script was not written, and no draft was kept: nothing was answered yet",
                        )
                        .sv("enkäten avbröts innan någon fråga var besvarad (indata tog slut); gruppens skript skrevs inte, och inget utkast sparades: inget var besvarat än")
                        .hint("run the survey again to answer the questions")
                        .hint_sv("kör enkäten igen för att svara på frågorna"));
                    }
                    let (message, hint) = (
                        "the survey ended before every question was answered (end of input); the group's script was not written, and the answers so far are kept in a draft",
                        "run the survey again to continue where it stopped",
                    );
                    let (message_sv, hint_sv) = (
                        "enkäten avbröts innan alla frågor var besvarade (indata tog slut); gruppens skript skrevs inte, och svaren hittills finns kvar i ett utkast",
                        "kör enkäten igen för att fortsätta där den slutade",
                    );
                    return Err(Diagnostic::new(message)
                        .sv(message_sv)
                        .hint(hint)
                        .hint_sv(hint_sv));
                }
            }
        }
    }

    /// One line without its line break; `None` at end of input.
    fn read_line(&mut self) -> Result<Option<Line>, Diagnostic> {
        let failed = |e: io::Error| {
            Diagnostic::new(format!("cannot read the answers: {e}"))
                .sv(format!("kan inte läsa svaren: {e}"))
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
}

fn cannot_ask(e: io::Error) -> Diagnostic {
    Diagnostic::new(format!("cannot write the survey's questions: {e}"))
        .sv(format!("kan inte skriva ut enkätens frågor: {e}"))
}

fn ask_yes_no(io: &mut Io, question: &str) -> Result<bool, Diagnostic> {
    loop {
        let answer = io.ask(question)?.to_lowercase();
        match answer.as_str() {
            "j" | "ja" | "y" | "yes" | "" => return Ok(true),
            "n" | "nej" | "no" => return Ok(false),
            _ => {
                let text = io.text("Svara j eller n.", "Please answer y or n.");
                io.say(text)?;
            }
        }
    }
}

fn ask_name(
    io: &mut Io,
    root: &Path,
    model: &Model,
    group: &str,
    current: Option<&str>,
) -> Result<String, Diagnostic> {
    let question = match (current, io.lang) {
        (Some(name), Lang::Sv) => format!("Gruppens namn? (Enter behåller {name})"),
        (Some(name), Lang::En) => format!("The group's name? (Enter keeps {name})"),
        (None, Lang::Sv) => "Gruppens namn?".to_string(),
        (None, Lang::En) => "The group's name?".to_string(),
    };
    loop {
        let answer = io.ask(&question)?;
        let answer = match (answer.is_empty(), current) {
            (true, Some(name)) => name.to_string(),
            (true, None) => {
                let text = io.text("Skriv gruppens namn.", "Please type the group's name.");
                io.say(text)?;
                continue;
            }
            (false, _) => answer,
        };
        match check_name(root, model, group, &answer) {
            Ok(()) => return Ok(answer),
            Err(d) => {
                let text = d.render_in(io.lang);
                io.say(text.trim_end())?;
            }
        }
    }
}

fn ask_seats(io: &mut Io, current: Option<u32>) -> Result<u32, Diagnostic> {
    let question = match (current, io.lang) {
        (Some(n), Lang::Sv) => format!("Antal mandat? (ett heltal; Enter behåller {n})"),
        (Some(n), Lang::En) => format!("Number of seats? (a whole number; Enter keeps {n})"),
        (None, Lang::Sv) => "Antal mandat? (ett heltal)".to_string(),
        (None, Lang::En) => "Number of seats? (a whole number)".to_string(),
    };
    loop {
        let answer = io.ask(&question)?;
        if answer.is_empty()
            && let Some(n) = current
        {
            return Ok(n);
        }
        match parse_seats(&answer) {
            Some(seats) => return Ok(seats),
            None => {
                let text = io.text(
                    "Antalet mandat ska vara ett heltal, minst 1, t.ex. 12.",
                    "The seats must be a whole number of at least 1, e.g. 12.",
                );
                io.say(text)?;
            }
        }
    }
}

/// A whole number ≥ 1.
fn parse_seats(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<u32>().ok().filter(|v| *v >= 1)
}

// ---------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------

/// A value as shown to people: `måttligt (3)`, `2.5`, `2,5`.
fn show_strength(lang: Lang, strength: Strength) -> String {
    match strength {
        Strength::Step(step) => format!("{} ({step})", label(lang, step)),
        // A whole number typed is still a step of the scale: say its word.
        Strength::Number(value) => match Strength::of(value) {
            Strength::Step(step) => format!("{} ({step})", label(lang, step)),
            Strength::Number(_) => lang.localise(&ScaleValue(value).to_string()),
        },
    }
}

/// An answer in words: `A före B, starkt (5)` / `A och B lika viktiga`.
fn show_answer(lang: Lang, set: &questionnaire::SiblingSet, answer: Answer) -> String {
    let (a, b) = (&set.names[answer.first], &set.names[answer.second]);
    if answer.strength.value() == 1.0 {
        match lang {
            Lang::Sv => format!("{a} och {b} lika viktiga"),
            Lang::En => format!("{a} and {b} equally important"),
        }
    } else {
        let value = show_strength(lang, answer.strength);
        match lang {
            Lang::Sv => format!("{a} före {b}, {value}"),
            Lang::En => format!("{a} over {b}, {value}"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    First,
    Second,
    Equal,
}

/// A command that may be typed at any question of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Command {
    Back,
    Skip,
    Help,
}

fn parse_command(text: &str) -> Option<Command> {
    match text.trim().to_lowercase().as_str() {
        "<" | "tillbaka" | "ångra" | "back" | "undo" => Some(Command::Back),
        "-" | "vet ej" | "vet inte" | "hoppa över" | "skip" | "don't know" | "dont know"
        | "pass" => Some(Command::Skip),
        "?" | "hjälp" | "help" => Some(Command::Help),
        _ => None,
    }
}

/// The answer to "which matters more": `1`, `2` or `=` (or the word for equal).
fn parse_which(text: &str) -> Option<Which> {
    match text.trim() {
        "1" => Some(Which::First),
        "2" => Some(Which::Second),
        "=" | "==" => Some(Which::Equal),
        other if label_value(other) == Some(1.0) => Some(Which::Equal),
        _ => None,
    }
}

/// Why an answer on the scale was refused (shown on one line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    Empty,
    Fraction,
    OutOfRange,
    NotUnderstood,
}

impl Refusal {
    fn explain(self, lang: Lang) -> String {
        match (self, lang) {
            (Refusal::Empty, Lang::Sv) => {
                "Skriv ett ord på skalan (t.ex. måttligt) eller ett tal 1–9.".to_string()
            }
            (Refusal::Empty, Lang::En) => {
                "Please type a word of the scale (e.g. moderate) or a number 1–9.".to_string()
            }
            (Refusal::Fraction, Lang::Sv) => {
                "Bara hur mycket (1–9): vilket som är viktigast har du redan svarat.".to_string()
            }
            (Refusal::Fraction, Lang::En) => {
                "Only how much (1–9): which one matters more is already answered.".to_string()
            }
            (Refusal::OutOfRange, Lang::Sv) => "Talet ska vara från 1 till 9.".to_string(),
            (Refusal::OutOfRange, Lang::En) => "The number must be from 1 to 9.".to_string(),
            (Refusal::NotUnderstood, Lang::Sv) => format!(
                "Okänt svar: skriv {} eller ett tal 1–9.",
                LABELS_SV.join(", ")
            ),
            (Refusal::NotUnderstood, Lang::En) => format!(
                "Not understood: type {} or a number 1–9.",
                LABELS_EN.join(", ")
            ),
        }
    }
}

/// How much more: a verbal label (English or Swedish) or a number 1–9.
fn parse_magnitude(text: &str) -> Result<Strength, Refusal> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Refusal::Empty);
    }
    if let Some(value) = label_value(text) {
        return Ok(Strength::of(value));
    }
    if text.contains('/') {
        return Err(Refusal::Fraction);
    }
    match parse_value(text) {
        Ok(value) if (1.0..=9.0).contains(&value) => Ok(Strength::Number(value)),
        Ok(_) | Err(ValueError::NotPositiveFinite { .. }) => Err(Refusal::OutOfRange),
        Err(_) => Err(Refusal::NotUnderstood),
    }
}

/// What the user does with a judgment offered for revisiting.
#[derive(Debug, Clone, Copy, PartialEq)]
enum RevisitChoice {
    Keep,
    Suggestion,
    /// A new value of the shown first item over the shown second (< 1: the
    /// second matters more).
    New(f64),
    Back,
}

/// Enter / `behåll` / `keep`; `f` / `s` / `förslag` / `suggestion`; `<`;
/// or a new value: a label, a number 1–9, or a fraction `1/2`…`1/9` for
/// the reverse.
fn parse_revisit(text: &str) -> Result<RevisitChoice, Refusal> {
    let text = text.trim();
    let lower = text.to_lowercase();
    match lower.as_str() {
        "" | "behåll" | "behall" | "keep" | "k" | "b" => return Ok(RevisitChoice::Keep),
        "f" | "s" | "förslag" | "förslaget" | "forslag" | "föreslaget" | "suggestion"
        | "suggested" | "ja" | "j" | "yes" | "y" => return Ok(RevisitChoice::Suggestion),
        "<" | "tillbaka" | "ångra" | "back" | "undo" => return Ok(RevisitChoice::Back),
        _ => {}
    }
    if let Some(value) = label_value(text) {
        return Ok(RevisitChoice::New(value));
    }
    match parse_value(text) {
        Ok(value) if (1.0 / 9.0 - 1e-12..=9.0).contains(&value) => {
            let value = if value < 1.0 {
                let inverse = 1.0 / value;
                let snapped = if (inverse - inverse.round()).abs() < 1e-9 {
                    inverse.round()
                } else {
                    inverse
                };
                1.0 / snapped.min(9.0)
            } else {
                value
            };
            Ok(RevisitChoice::New(value))
        }
        Ok(_) | Err(ValueError::NotPositiveFinite { .. }) => Err(Refusal::OutOfRange),
        Err(_) => Err(Refusal::NotUnderstood),
    }
}

// ---------------------------------------------------------------------------
// One pair
// ---------------------------------------------------------------------------

/// `0,04` / `0.04`; three decimals where two would hide which side of 0.10
/// the CR is on.
fn show_cr(lang: Lang, cr: f64) -> String {
    let mut text = format!("{cr:.2}");
    if text == format!("{CR_THRESHOLD:.2}") && cr != CR_THRESHOLD {
        text = format!("{cr:.3}");
    }
    lang.localise(&text)
}

fn cr_verdict(lang: Lang, cr: f64) -> String {
    let threshold = show_cr(lang, CR_THRESHOLD);
    match (cr > CR_THRESHOLD, lang) {
        (false, Lang::Sv) => "godtagbart".to_string(),
        (false, Lang::En) => "acceptable".to_string(),
        (true, Lang::Sv) => format!("för högt, över {threshold}"),
        (true, Lang::En) => format!("too high, above {threshold}"),
    }
}

fn say_heading(io: &mut Io, q: &Questionnaire, s: usize) -> Result<(), Diagnostic> {
    let lang = io.lang;
    let set = &q.sets()[s];
    let n = set.ids.len();
    let count = n * (n - 1) / 2;
    let questions = match (count, lang) {
        (1, Lang::Sv) => "1 fråga".to_string(),
        (1, Lang::En) => "1 question".to_string(),
        (count, Lang::Sv) => format!("{count} frågor"),
        (count, Lang::En) => format!("{count} questions"),
    };
    let (done, total) = q.progress();
    let progress = match lang {
        Lang::Sv => format!("{done} av {total} besvarade hittills"),
        Lang::En => format!("{done} of {total} answered so far"),
    };
    io.say(&match (&set.key, lang) {
        (None, Lang::Sv) => format!("\nJämför huvudkriterierna ({n} st, {questions}; {progress})."),
        (None, Lang::En) => {
            format!("\nCompare the top-level criteria ({n}, {questions}; {progress}).")
        }
        (Some(_), Lang::Sv) => format!(
            "\nJämför delkriterierna under ”{}” ({n} st, {questions}; {progress}).",
            set.title
        ),
        (Some(_), Lang::En) => format!(
            "\nCompare the sub-criteria of “{}” ({n}, {questions}; {progress}).",
            set.title
        ),
    })
}

enum PairReply {
    Answer(Reply),
    Keep,
    Back,
    Skip,
}

fn say_help(
    io: &mut Io,
    set: &questionnaire::SiblingSet,
    (i, j): (usize, usize),
) -> Result<(), Diagnostic> {
    let lang = io.lang;
    for k in [i, j] {
        let description = set.descriptions[k].trim();
        let text = if description.is_empty() {
            match lang {
                Lang::Sv => format!("{}: (ingen beskrivning i arbetsytan)", set.names[k]),
                Lang::En => format!("{}: (no description in the workspace)", set.names[k]),
            }
        } else {
            format!(
                "{}: {}",
                set.names[k],
                description.split_whitespace().collect::<Vec<_>>().join(" ")
            )
        };
        io.say(&text)?;
    }
    Ok(())
}

fn ask_pair(io: &mut Io, q: &Questionnaire, question: &Question) -> Result<PairReply, Diagnostic> {
    let lang = io.lang;
    let set = &q.sets()[question.set];
    let (i, j) = question.pair;
    let (a, b) = (&set.names[i], &set.names[j]);
    let (k, total) = (question.number, question.of);
    let mut text = match lang {
        Lang::Sv => format!(
            "[{k}/{total}] Vilket är viktigast: {a} eller {b}? (1 = den första, 2 = den andra, = lika)"
        ),
        Lang::En => format!(
            "[{k}/{total}] Which matters more: {a} or {b}? (1 = the first, 2 = the second, = equal)"
        ),
    };
    if let Some(current) = question.current {
        let shown = show_answer(lang, set, current);
        text.push_str(&match lang {
            Lang::Sv => format!("\n    Enter behåller nuvarande svar: {shown}"),
            Lang::En => format!("\n    Enter keeps the current answer: {shown}"),
        });
    }
    'pair: loop {
        let which = loop {
            let answer = io.ask(&text)?;
            if answer.is_empty() && question.current.is_some() {
                return Ok(PairReply::Keep);
            }
            match parse_command(&answer) {
                Some(Command::Back) => return Ok(PairReply::Back),
                Some(Command::Skip) => return Ok(PairReply::Skip),
                Some(Command::Help) => {
                    say_help(io, set, (i, j))?;
                    continue;
                }
                None => {}
            }
            match parse_which(&answer) {
                Some(which) => break which,
                None => {
                    let text = io.text(
                        "Svara 1 (den första), 2 (den andra) eller = (lika viktiga); < går tillbaka, - hoppar över, ? förklarar.",
                        "Answer 1 (the first), 2 (the second) or = (equally important); < goes back, - skips, ? explains.",
                    );
                    io.say(text)?;
                }
            }
        };
        if which == Which::Equal {
            return Ok(PairReply::Answer(Reply::Equal));
        }
        let how_much = match lang {
            Lang::Sv => format!(
                "Hur mycket viktigare? ({} — eller 1–9)",
                LABELS_SV.join(", ")
            ),
            Lang::En => format!("How much more? ({} — or 1–9)", LABELS_EN.join(", ")),
        };
        loop {
            let answer = io.ask(&how_much)?;
            match parse_command(&answer) {
                // Back from "how much" is back to "which" of the same pair:
                // nothing of this pair is recorded yet.
                Some(Command::Back) => continue 'pair,
                Some(Command::Skip) => return Ok(PairReply::Skip),
                Some(Command::Help) => {
                    say_help(io, set, (i, j))?;
                    continue;
                }
                None => {}
            }
            match parse_magnitude(&answer) {
                Ok(strength) => {
                    return Ok(PairReply::Answer(match which {
                        Which::First => Reply::First(strength),
                        Which::Second | Which::Equal => Reply::Second(strength),
                    }));
                }
                Err(refusal) => io.say(&refusal.explain(lang))?,
            }
        }
    }
}

/// The CR after an answer, and at once a word when the answer made it jump:
/// the earlier answer it conflicts with, and what would fit.
fn say_advice(io: &mut Io, q: &Questionnaire, advice: &Advice) -> Result<(), Diagnostic> {
    let lang = io.lang;
    let set = &q.sets()[advice.set];
    if set.ids.len() < 3 {
        return Ok(());
    }
    let line = match advice.cr {
        Some(cr) => match lang {
            Lang::Sv => format!(
                "CR hittills: {} ({})",
                show_cr(lang, cr),
                cr_verdict(lang, cr)
            ),
            Lang::En => format!(
                "CR so far: {} ({})",
                show_cr(lang, cr),
                cr_verdict(lang, cr)
            ),
        },
        None => io
            .text(
                "CR hittills: – (för få svar ännu)",
                "CR so far: – (too few answers yet)",
            )
            .to_string(),
    };
    io.say(&line)?;
    if !advice.jumped {
        return Ok(());
    }
    let (Some(cr), Some(conflict)) = (advice.cr, &advice.conflict) else {
        return Ok(());
    };
    let now = show_cr(lang, cr);
    let earlier = show_answer(lang, set, conflict.answer);
    let fits = show_answer(lang, set, conflict.suggested);
    // One thought a line: what happened, with which answer it conflicts,
    // what would fit, what to do.
    let mut lines = vec![match (advice.cr_before, lang) {
        (Some(before), Lang::Sv) => format!(
            "Obs: CR steg från {} till {now} med det svaret.",
            show_cr(lang, before)
        ),
        (Some(before), Lang::En) => format!(
            "Note: CR rose from {} to {now} with that answer.",
            show_cr(lang, before)
        ),
        (None, Lang::Sv) => format!("Obs: CR blev {now} med det svaret."),
        (None, Lang::En) => format!("Note: CR became {now} with that answer."),
    }];
    lines.push(match lang {
        Lang::Sv => format!(
            "  Det krockar mest med ditt tidigare svar ”{earlier}”; med dina övriga svar skulle det passa bättre som ”{fits}”."
        ),
        Lang::En => format!(
            "  It conflicts most with your earlier answer “{earlier}”; with your other answers that would fit better as “{fits}”."
        ),
    });
    if let Some(consistent) = advice.consistent {
        let shown = show_answer(lang, set, consistent);
        lines.push(match lang {
            Lang::Sv => format!("  Svaret du just gav skulle passa som ”{shown}”."),
            Lang::En => format!("  The answer you just gave would fit as “{shown}”."),
        });
    }
    lines.push(
        lang.pick(
            "  Type < to change it, or go on: the answers that depart most are offered again when this set of questions is done.",
            "  Skriv < för att ändra det, eller fortsätt: de svar som avviker mest visas igen när den här omgången frågor är klar.",
        )
        .to_string(),
    );
    io.say(&lines.join("\n"))
}

/// Offers one judgment: shows it and the consistent value, reads the choice
/// (`None`: back).
fn ask_revisit(
    io: &mut Io,
    q: &Questionnaire,
    offer: &Offer,
) -> Result<Option<RevisitReply>, Diagnostic> {
    let lang = io.lang;
    let set = &q.sets()[offer.set];
    let answer = offer.answer;
    let (a, b) = (&set.names[answer.first], &set.names[answer.second]);
    let given = if answer.strength.value() == 1.0 {
        match lang {
            Lang::Sv => format!("Du svarade: {a} och {b} är lika viktiga."),
            Lang::En => format!("You answered: {a} and {b} matter equally."),
        }
    } else {
        let value = show_strength(lang, answer.strength);
        match lang {
            Lang::Sv => format!("Du svarade: {a} före {b}, {value}."),
            Lang::En => format!("You answered: {a} over {b}, {value}."),
        }
    };
    let suggestion = offer.suggested;
    let suggestion_text = if suggestion.strength.value() == 1.0 {
        io.text("Föreslaget: lika (1)", "Suggested: equal (1)")
            .to_string()
    } else if suggestion.first == answer.first {
        match lang {
            Lang::Sv => format!("Föreslaget: {}", show_strength(lang, suggestion.strength)),
            Lang::En => format!("Suggested: {}", show_strength(lang, suggestion.strength)),
        }
    } else {
        let value = show_strength(lang, suggestion.strength);
        match lang {
            Lang::Sv => format!("Föreslaget: {b} före {a}, {value}"),
            Lang::En => format!("Suggested: {b} over {a}, {value}"),
        }
    };
    io.say(&format!("{given} {suggestion_text}."))?;
    let question = match lang {
        Lang::Sv => format!(
            "Enter = behåll, f = ta förslaget, eller ett nytt värde för {a} före {b} (lika … extremt eller 1–9; 1/2 … 1/9 om {b} är viktigast)"
        ),
        Lang::En => format!(
            "Enter = keep, s = take the suggestion, or a new value for {a} over {b} (equal … extreme or 1–9; 1/2 … 1/9 if {b} matters more)"
        ),
    };
    loop {
        let text = io.ask(&question)?;
        match parse_revisit(&text) {
            Ok(RevisitChoice::Keep) => return Ok(Some(RevisitReply::Keep)),
            Ok(RevisitChoice::Suggestion) => return Ok(Some(RevisitReply::Suggestion)),
            Ok(RevisitChoice::New(value)) => return Ok(Some(RevisitReply::New(value))),
            Ok(RevisitChoice::Back) => return Ok(None),
            Err(refusal) => {
                let text = match (refusal, lang) {
                    (Refusal::OutOfRange, Lang::Sv) => {
                        "Värdet ska vara från 1/9 till 9 (eller Enter för att behålla)."
                    }
                    (Refusal::OutOfRange, Lang::En) => {
                        "The value must be from 1/9 to 9 (or Enter to keep)."
                    }
                    (_, Lang::Sv) => {
                        "Okänt svar: Enter behåller, f tar förslaget, annars ett ord på skalan (lika … extremt) eller ett tal."
                    }
                    (_, Lang::En) => {
                        "Not understood: Enter keeps, s takes the suggestion, otherwise a word of the scale (equal … extreme) or a number."
                    }
                };
                io.say(text)?;
            }
        }
    }
}

/// The group's resulting weights (every criterion, global, indented by
/// level) and its ranking of the alternatives.
fn say_summary(
    io: &mut Io,
    model: &Model,
    settings: &Settings,
    spec: &GroupSpec,
    name: &str,
) -> Result<(), Diagnostic> {
    let lang = io.lang;
    let evaluation = spec
        .evaluate(model, settings)
        .map(|evaluated| evaluated.result.evaluation)
        .map_err(|e| {
            Diagnostic::new(format!("cannot evaluate the group's answers: {e}")).sv(format!(
                "kan inte beräkna gruppens svar: {}",
                core_error_sv(&e)
            ))
        })?;
    io.say(&match lang {
        Lang::Sv => format!(
            "
Klart. Så här väger {name} kriterierna (andel av helheten):"
        ),
        Lang::En => format!(
            "
Done. This is how {name} weighs the criteria (share of the whole):"
        ),
    })?;
    let width = evaluation
        .criteria
        .iter()
        .map(|c| c.name.chars().count() + 2 * c.depth)
        .max()
        .unwrap_or(0);
    for c in &evaluation.criteria {
        let label = format!("{}{}", "  ".repeat(c.depth), c.name);
        let pad = width.saturating_sub(label.chars().count());
        io.say(&format!(
            "  {label}{}  {:>7}",
            " ".repeat(pad),
            lang.percent(c.global_weight)
        ))?;
    }
    io.say(&match lang {
        Lang::Sv => format!("Rangordning av alternativen så som {name} väger kriterierna:"),
        Lang::En => format!("The alternatives ranked as {name} weighs the criteria:"),
    })?;
    let mut ranked: Vec<_> = evaluation.alternatives.iter().collect();
    ranked.sort_by_key(|a| a.rank);
    let width = ranked
        .iter()
        .map(|a| a.name.chars().count())
        .max()
        .unwrap_or(0);
    for a in ranked {
        let pad = width.saturating_sub(a.name.chars().count());
        io.say(&format!(
            "  {}. {}{}  {}",
            a.rank,
            a.name,
            " ".repeat(pad),
            lang.fixed(a.score, 3)
        ))?;
    }
    if let Some(cr) = evaluation
        .goal_weights
        .analysis
        .as_ref()
        .map(|a| a.cr)
        .filter(|cr| *cr > CR_THRESHOLD)
    {
        io.say(&match lang {
            Lang::Sv => format!(
                "Huvudkriteriernas CR är {} (över {}): `vagval check` visar vilka svar som avviker mest.",
                show_cr(lang, cr),
                show_cr(lang, CR_THRESHOLD)
            ),
            Lang::En => format!(
                "The top-level criteria's CR is {} (above {}): `vagval check` shows the answers that depart most.",
                show_cr(lang, cr),
                show_cr(lang, CR_THRESHOLD)
            ),
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_answers() {
        assert_eq!(parse_which(" 1 "), Some(Which::First));
        assert_eq!(parse_which("2"), Some(Which::Second));
        assert_eq!(parse_which("="), Some(Which::Equal));
        assert_eq!(parse_which("Lika"), Some(Which::Equal));
        assert_eq!(parse_which("equal"), Some(Which::Equal));
        for bad in ["", "3", "0", "ett", "1 2", "måttligt"] {
            assert_eq!(parse_which(bad), None, "{bad}");
        }
        assert_eq!(parse_magnitude("måttligt plus"), Ok(Strength::Step(4)));
        assert_eq!(parse_magnitude("Mycket starkt"), Ok(Strength::Step(7)));
        assert_eq!(parse_magnitude("very very strong"), Ok(Strength::Step(8)));
        assert_eq!(parse_magnitude("extremt"), Ok(Strength::Step(9)));
        assert_eq!(parse_magnitude("lika"), Ok(Strength::Step(1)));
        assert_eq!(parse_magnitude("3"), Ok(Strength::Number(3.0)));
        assert_eq!(parse_magnitude("2,5"), Ok(Strength::Number(2.5)));
        assert_eq!(parse_magnitude(""), Err(Refusal::Empty));
        assert_eq!(parse_magnitude("1/3"), Err(Refusal::Fraction));
        assert_eq!(parse_magnitude("10"), Err(Refusal::OutOfRange));
        assert_eq!(parse_magnitude("0,5"), Err(Refusal::OutOfRange));
        assert_eq!(parse_magnitude("-3"), Err(Refusal::OutOfRange));
        assert_eq!(parse_magnitude("0"), Err(Refusal::OutOfRange));
        assert_eq!(parse_magnitude("inf"), Err(Refusal::NotUnderstood));
        assert_eq!(parse_magnitude("starkare"), Err(Refusal::NotUnderstood));
        assert_eq!(parse_revisit(""), Ok(RevisitChoice::Keep));
        assert_eq!(parse_revisit("Behåll"), Ok(RevisitChoice::Keep));
        assert_eq!(parse_revisit("keep"), Ok(RevisitChoice::Keep));
        assert_eq!(parse_revisit("f"), Ok(RevisitChoice::Suggestion));
        assert_eq!(parse_revisit("s"), Ok(RevisitChoice::Suggestion));
        assert_eq!(parse_revisit("svagt"), Ok(RevisitChoice::New(2.0)));
        assert_eq!(parse_revisit("1/3"), Ok(RevisitChoice::New(1.0 / 3.0)));
        assert_eq!(parse_revisit("0.5"), Ok(RevisitChoice::New(0.5)));
        assert_eq!(parse_revisit("1/10"), Err(Refusal::OutOfRange));
        assert_eq!(parse_revisit("kanske"), Err(Refusal::NotUnderstood));
        assert_eq!(parse_revisit("<"), Ok(RevisitChoice::Back));
        assert_eq!(parse_command(" < "), Some(Command::Back));
        assert_eq!(parse_command("Vet ej"), Some(Command::Skip));
        assert_eq!(parse_command("-"), Some(Command::Skip));
        assert_eq!(parse_command("?"), Some(Command::Help));
        assert_eq!(parse_command("1"), None);
        assert_eq!(parse_seats("12"), Some(12));
        for bad in [
            "",
            "0",
            "-1",
            "2,5",
            "2.5",
            "tolv",
            "inf",
            "NaN",
            "1e3",
            "99999999999",
        ] {
            assert_eq!(parse_seats(bad), None, "{bad}");
        }
        // Every label written parses back to its step.
        for step in 1..=9u8 {
            for lang in [Lang::Sv, Lang::En] {
                assert_eq!(label_value(label(lang, step)), Some(f64::from(step)));
            }
        }
    }

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
            in_draft: false,
            width: None,
        };
        assert_eq!(io.ask("Q?").unwrap(), "A");
        assert_eq!(io.ask("Q?").unwrap(), "B");
        assert!(io.ask("Q?").is_err());
        let shown = String::from_utf8(output).unwrap();
        assert_eq!(shown.matches("could not be read").count(), 2, "{shown}");
    }

    #[test]
    fn cr_in_either_language() {
        assert_eq!(show_cr(Lang::Sv, 0.0412), "0,04");
        assert_eq!(show_cr(Lang::En, 0.0412), "0.04");
        assert_eq!(show_cr(Lang::En, 0.1004), "0.100");
        assert_eq!(cr_verdict(Lang::Sv, 0.04), "godtagbart");
        assert_eq!(cr_verdict(Lang::Sv, 0.2), "för högt, över 0,10");
        assert_eq!(cr_verdict(Lang::En, 0.2), "too high, above 0.10");
    }
}
