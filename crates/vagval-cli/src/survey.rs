//! `vagval survey`: a political group answers the pairwise questions in the
//! terminal, one pair at a time, in Swedish or English, and its answers
//! become the group script `scripts/groups/<group>.lua` (docs/lua-api.md).
//!
//! - Every set of two or more siblings is asked: the top-level criteria, then
//!   each criterion with sub-criteria (depth first), every pair once.
//! - From three items up, the CR so far is shown after each answer (gaps
//!   completed by Harker), and a set whose CR ends above 0.10 offers its
//!   most inconsistent judgments again, each with the consistent value
//!   suggested.
//! - Nothing is written until every question is answered; end of input
//!   aborts with an error and leaves every file as it was. The script is
//!   written to a temporary file in the same folder, synced and renamed over
//!   the old one; an old file is first copied to `<group>.lua.bak` (or
//!   `.bak.1`, `.bak.2`, … when that exists).
//!
//! Prompts and messages go to `output`; answers are read line by line from
//! `input`, so piped answers work as well as a terminal.

use crate::diagnostic::Diagnostic;
use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};
use vagval_core::analysis::{MatrixAnalysis, analyze};
use vagval_core::consistency::{CR_THRESHOLD, Revisit};
use vagval_core::model::{Model, Site};
use vagval_core::pairwise::{Judgment, PairwiseMatrix};
use vagval_core::scale::{ScaleValue, ValueError, label_value, parse_value};
use vagval_core::settings::Settings;

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
    /// The group's seats; asked when not given.
    pub seats: Option<f64>,
}

/// The longest group id accepted.
const MAX_GROUP_LEN: usize = 64;
/// The longest answer line read; longer lines are refused and re-asked.
const MAX_LINE: usize = 4096;
/// How many of the most inconsistent judgments a revisit round offers.
const REVISIT_COUNT: usize = 3;

/// Asks the questions on `input`/`output`, writes
/// `<root>/scripts/groups/<group>.lua` atomically and returns its path.
pub fn run(
    root: &Path,
    model: &Model,
    options: &SurveyOptions,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> Result<PathBuf, Diagnostic> {
    let lang = options.lang;
    check_group_id(&options.group)?;
    if let Some(name) = &options.name
        && name.trim().is_empty()
    {
        return Err(Diagnostic::new("the group's name is empty")
            .sv("gruppens namn är tomt")
            .hint("give --name a name, or leave it out to be asked")
            .hint_sv("ge --name ett namn, eller utelämna det så frågar enkäten efter det"));
    }
    if let Some(seats) = options.seats
        && !(seats.is_finite() && seats > 0.0)
    {
        return Err(
            Diagnostic::new(format!("the seats must be a positive number, got {seats}")).sv(
                format!(
                    "antalet mandat måste vara ett positivt tal, men är {}",
                    decimal(Lang::Sv, &seats.to_string())
                ),
            ),
        );
    }
    let sets = sibling_sets(model)?;

    let mut io = Io {
        input,
        output,
        lang,
    };
    io.say(&match lang {
        Lang::Sv => format!(
            "Enkät för gruppen {}: {}\nSvara på en fråga i taget. Inget skrivs förrän alla frågor är besvarade.",
            options.group,
            model.goal()
        ),
        Lang::En => format!(
            "Survey for the group {}: {}\nAnswer one question at a time. Nothing is written until every question is answered.",
            options.group,
            model.goal()
        ),
    })?;
    let name = match &options.name {
        Some(name) => name.clone(),
        None => ask_name(&mut io)?,
    };
    let seats = match options.seats {
        Some(seats) => seats,
        None => ask_seats(&mut io)?,
    };
    let mut answers = Vec::with_capacity(sets.len());
    for set in &sets {
        answers.push(survey_set(&mut io, set)?);
    }
    let script = lua_script(&options.group, &name, seats, lang, &sets, &answers);
    let dir = root.join("scripts").join("groups");
    write_atomically(
        &dir,
        &format!("{}.lua", options.group),
        script.as_bytes(),
        true,
    )
}

// ---------------------------------------------------------------------------
// The sets of siblings
// ---------------------------------------------------------------------------

/// One set of siblings to compare: the top-level criteria (`key` None) or the
/// sub-criteria of the criterion `key`.
#[derive(Debug, Clone, PartialEq)]
struct SiblingSet {
    key: Option<String>,
    /// The parent's name (the goal for the top-level criteria).
    title: String,
    ids: Vec<String>,
    names: Vec<String>,
}

/// The sets with two or more items, top-level first, then depth first.
fn sibling_sets(model: &Model) -> Result<Vec<SiblingSet>, Diagnostic> {
    let hierarchy = model.hierarchy();
    let set = |key: Option<String>, title: &str, members: &[usize]| SiblingSet {
        key,
        title: title.to_string(),
        ids: members
            .iter()
            .map(|&m| hierarchy.node(m).id.clone())
            .collect(),
        names: members
            .iter()
            .map(|&m| hierarchy.node(m).name.clone())
            .collect(),
    };
    let mut sets = Vec::new();
    if hierarchy.roots().len() >= 2 {
        sets.push(set(None, model.goal(), hierarchy.roots()));
    }
    for (index, _) in hierarchy.depth_first() {
        let node = hierarchy.node(index);
        if node.children.len() >= 2 {
            if node.id == "goal" {
                return Err(Diagnostic::new(
                    "the criterion `goal` has sub-criteria, but in a group script `goal` names the top-level criteria",
                )
                .sv("kriteriet `goal` har delkriterier, men i ett gruppskript betyder `goal` huvudkriterierna")
                .hint("rename the criterion `goal` in criteria/ to survey its sub-criteria")
                .hint_sv("byt id på kriteriet `goal` i criteria/ för att kunna fråga om dess delkriterier"));
            }
            sets.push(set(Some(node.id.clone()), &node.name, &node.children));
        }
    }
    if sets.is_empty() {
        return Err(Diagnostic::new(
            "there is nothing to ask: no criterion has a sibling to compare it with",
        )
        .sv("det finns inget att fråga om: inget kriterium har ett syskonkriterium att jämföras med"));
    }
    Ok(sets)
}

/// A group id is a safe file stem: ASCII letters, digits, `-` and `_`.
fn check_group_id(group: &str) -> Result<(), Diagnostic> {
    let ok = !group.is_empty()
        && group.len() <= MAX_GROUP_LEN
        && group
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(Diagnostic::new(format!(
            "`{group}` cannot be a group id: it names the file scripts/groups/<id>.lua"
        ))
        .sv(format!(
            "`{group}` kan inte vara ett grupp-id: id:t blir filnamnet scripts/groups/<id>.lua"
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
// Asking and reading
// ---------------------------------------------------------------------------

struct Io<'a> {
    input: &'a mut dyn BufRead,
    output: &'a mut dyn Write,
    lang: Lang,
}

enum Line {
    Text(String),
    /// Not UTF-8 or too long.
    Unreadable,
}

impl Io<'_> {
    fn text<'t>(&self, sv: &'t str, en: &'t str) -> &'t str {
        match self.lang {
            Lang::Sv => sv,
            Lang::En => en,
        }
    }

    fn say(&mut self, text: &str) -> Result<(), Diagnostic> {
        writeln!(self.output, "{text}")
            .and_then(|()| self.output.flush())
            .map_err(cannot_ask)
    }

    /// Shows `question` and reads the answer, trimmed. End of input aborts.
    fn ask(&mut self, question: &str) -> Result<String, Diagnostic> {
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
                    let (message, hint) = (
                        "the survey ended before every question was answered (end of input); nothing was written",
                        "run the survey again and answer every question",
                    );
                    let (message_sv, hint_sv) = (
                        "enkäten avbröts innan alla frågor var besvarade (indata tog slut); ingenting skrevs",
                        "kör enkäten igen och svara på alla frågor",
                    );
                    // In the survey's language even where rendered with
                    // `render()` (the language is known here).
                    let (message, hint) = match self.lang {
                        Lang::Sv => (message_sv, hint_sv),
                        Lang::En => (message, hint),
                    };
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

fn ask_name(io: &mut Io) -> Result<String, Diagnostic> {
    let question = io.text("Gruppens namn?", "The group's name?");
    loop {
        let answer = io.ask(question)?;
        if !answer.is_empty() {
            return Ok(answer);
        }
        let text = io.text("Skriv gruppens namn.", "Please type the group's name.");
        io.say(text)?;
    }
}

fn ask_seats(io: &mut Io) -> Result<f64, Diagnostic> {
    let question = io.text(
        "Antal mandat? (ett positivt tal)",
        "Number of seats? (a positive number)",
    );
    loop {
        let answer = io.ask(question)?;
        match parse_seats(&answer) {
            Some(seats) => return Ok(seats),
            None => {
                let text = io.text(
                    "Antalet mandat ska vara ett positivt tal, t.ex. 12.",
                    "The seats must be a positive number, e.g. 12.",
                );
                io.say(text)?;
            }
        }
    }
}

/// A positive finite number; a decimal comma is accepted.
fn parse_seats(text: &str) -> Option<f64> {
    let text = text.trim().replace(',', ".");
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    text.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v > 0.0)
}

// ---------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------

/// How a value was given: a label (written back as the label of the chosen
/// language) or a number (written back as the number).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Written {
    /// 1..=9 on Saaty's scale.
    Label(u8),
    Number(f64),
}

impl Written {
    fn value(self) -> f64 {
        match self {
            Written::Label(step) => f64::from(step),
            Written::Number(value) => value,
        }
    }
}

/// One answered pair: `first` (an index in the set) over `second`, value ≥ 1.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Answer {
    first: usize,
    second: usize,
    written: Written,
}

impl Answer {
    fn is_pair(&self, a: usize, b: usize) -> bool {
        (self.first, self.second) == (a, b) || (self.first, self.second) == (b, a)
    }
}

/// The canonical labels written and offered, by step 1..=9.
const LABELS_SV: [&str; 9] = [
    "lika",
    "svagt",
    "måttligt",
    "måttligt plus",
    "starkt",
    "starkt plus",
    "mycket starkt",
    "mycket mycket starkt",
    "extremt",
];
const LABELS_EN: [&str; 9] = [
    "equal",
    "weak",
    "moderate",
    "moderate plus",
    "strong",
    "strong plus",
    "very strong",
    "very very strong",
    "extreme",
];

fn label(lang: Lang, step: u8) -> &'static str {
    let labels = match lang {
        Lang::Sv => &LABELS_SV,
        Lang::En => &LABELS_EN,
    };
    labels[usize::from(step.clamp(1, 9)) - 1]
}

/// A value as shown to people: `måttligt (3)`, `2.5`, `2,5`.
fn show_written(lang: Lang, written: Written) -> String {
    match written {
        Written::Label(step) => format!("{} ({step})", label(lang, step)),
        Written::Number(value) => decimal(lang, &ScaleValue(value).to_string()),
    }
}

/// Swedish numbers have a decimal comma.
fn decimal(lang: Lang, text: &str) -> String {
    match lang {
        Lang::Sv => text.replace('.', ","),
        Lang::En => text.to_string(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    First,
    Second,
    Equal,
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
    fn explain(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Refusal::Empty, Lang::Sv) => {
                "Skriv ett ord på skalan (t.ex. måttligt) eller ett tal 1–9."
            }
            (Refusal::Empty, Lang::En) => {
                "Please type a word of the scale (e.g. moderate) or a number 1–9."
            }
            (Refusal::Fraction, Lang::Sv) => {
                "Bara hur mycket (1–9): vilket som är viktigast har du redan svarat."
            }
            (Refusal::Fraction, Lang::En) => {
                "Only how much (1–9): which one matters more is already answered."
            }
            (Refusal::OutOfRange, Lang::Sv) => "Talet ska vara från 1 till 9.",
            (Refusal::OutOfRange, Lang::En) => "The number must be from 1 to 9.",
            (Refusal::NotUnderstood, Lang::Sv) => {
                "Okänt svar: skriv lika, svagt, måttligt, måttligt plus, starkt, starkt plus, mycket starkt, mycket mycket starkt, extremt eller ett tal 1–9."
            }
            (Refusal::NotUnderstood, Lang::En) => {
                "Not understood: type equal, weak, moderate, moderate plus, strong, strong plus, very strong, very very strong, extreme or a number 1–9."
            }
        }
    }
}

/// How much more: a verbal label (English or Swedish) or a number 1–9.
fn parse_magnitude(text: &str) -> Result<Written, Refusal> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Refusal::Empty);
    }
    if let Some(value) = label_value(text) {
        return Ok(Written::Label(step_of(value)));
    }
    if text.contains('/') {
        return Err(Refusal::Fraction);
    }
    match parse_value(text) {
        Ok(value) if (1.0..=9.0).contains(&value) => Ok(Written::Number(value)),
        Ok(_) | Err(ValueError::NotPositiveFinite { .. }) => Err(Refusal::OutOfRange),
        Err(_) => Err(Refusal::NotUnderstood),
    }
}

/// A whole step 1..=9 of the scale (the labels' values are whole).
fn step_of(value: f64) -> u8 {
    // `value` is 1..=9 here, so the cast cannot truncate.
    value.round().clamp(1.0, 9.0) as u8
}

/// What the user does with a judgment offered for revisiting.
#[derive(Debug, Clone, Copy, PartialEq)]
enum RevisitChoice {
    Keep,
    Suggestion,
    /// A new value of the shown first item over the shown second (< 1: the
    /// second matters more).
    New(Written, bool),
}

/// Enter / `behåll` / `keep`; `f` / `s` / `förslag` / `suggestion`; or a new
/// value: a label, a number 1–9, or a fraction `1/2`…`1/9` for the reverse.
fn parse_revisit(text: &str) -> Result<RevisitChoice, Refusal> {
    let text = text.trim();
    let lower = text.to_lowercase();
    match lower.as_str() {
        "" | "behåll" | "behall" | "keep" | "k" | "b" => return Ok(RevisitChoice::Keep),
        "f" | "s" | "förslag" | "förslaget" | "forslag" | "föreslaget" | "suggestion"
        | "suggested" | "ja" | "j" | "yes" | "y" => return Ok(RevisitChoice::Suggestion),
        _ => {}
    }
    if let Some(value) = label_value(text) {
        return Ok(RevisitChoice::New(Written::Label(step_of(value)), false));
    }
    match parse_value(text) {
        Ok(value) if (1.0..=9.0).contains(&value) => {
            Ok(RevisitChoice::New(Written::Number(value), false))
        }
        Ok(value) if (1.0 / 9.0 - 1e-12..1.0).contains(&value) => {
            let inverse = 1.0 / value;
            let snapped = if (inverse - inverse.round()).abs() < 1e-9 {
                inverse.round()
            } else {
                inverse
            };
            Ok(RevisitChoice::New(Written::Number(snapped.min(9.0)), true))
        }
        Ok(_) | Err(ValueError::NotPositiveFinite { .. }) => Err(Refusal::OutOfRange),
        Err(_) => Err(Refusal::NotUnderstood),
    }
}

// ---------------------------------------------------------------------------
// One set
// ---------------------------------------------------------------------------

/// The analysis of the answers so far; `None` while they do not yet connect
/// every item (nothing to complete from).
fn analyse(set: &SiblingSet, answers: &[Answer]) -> Option<MatrixAnalysis> {
    let judgments: Vec<Judgment> = answers
        .iter()
        .map(|a| {
            Judgment::new(
                set.ids[a.first].clone(),
                set.ids[a.second].clone(),
                a.written.value(),
            )
        })
        .collect();
    let site = match &set.key {
        None => Site::Goal,
        Some(id) => Site::Weights(id.clone()),
    };
    let matrix = PairwiseMatrix::from_judgments(&set.ids, &judgments, &site).ok()?;
    let settings = Settings::default();
    analyze(
        &matrix,
        settings.method,
        settings.ri,
        settings.completion,
        &site,
    )
    .ok()
}

/// `0,04` / `0.04`; three decimals where two would hide which side of 0.10
/// the CR is on.
fn show_cr(lang: Lang, cr: f64) -> String {
    let mut text = format!("{cr:.2}");
    if text == format!("{CR_THRESHOLD:.2}") && cr != CR_THRESHOLD {
        text = format!("{cr:.3}");
    }
    decimal(lang, &text)
}

fn cr_verdict(lang: Lang, cr: f64) -> String {
    let threshold = decimal(lang, &format!("{CR_THRESHOLD:.2}"));
    match (cr > CR_THRESHOLD, lang) {
        (false, Lang::Sv) => "godtagbart".to_string(),
        (false, Lang::En) => "acceptable".to_string(),
        (true, Lang::Sv) => format!("för högt, över {threshold}"),
        (true, Lang::En) => format!("too high, above {threshold}"),
    }
}

fn survey_set(io: &mut Io, set: &SiblingSet) -> Result<Vec<Answer>, Diagnostic> {
    let lang = io.lang;
    let n = set.ids.len();
    let pairs: Vec<(usize, usize)> = (0..n)
        .flat_map(|i| ((i + 1)..n).map(move |j| (i, j)))
        .collect();
    let questions = match (pairs.len(), lang) {
        (1, Lang::Sv) => "1 fråga".to_string(),
        (1, Lang::En) => "1 question".to_string(),
        (count, Lang::Sv) => format!("{count} frågor"),
        (count, Lang::En) => format!("{count} questions"),
    };
    let heading = match (&set.key, lang) {
        (None, Lang::Sv) => format!("\nJämför huvudkriterierna ({n} st, {questions})."),
        (None, Lang::En) => format!("\nCompare the top-level criteria ({n}, {questions})."),
        (Some(_), Lang::Sv) => format!(
            "\nJämför delkriterierna under ”{}” ({n} st, {questions}).",
            set.title
        ),
        (Some(_), Lang::En) => format!(
            "\nCompare the sub-criteria of “{}” ({n}, {questions}).",
            set.title
        ),
    };
    io.say(&heading)?;
    let mut answers: Vec<Answer> = Vec::with_capacity(pairs.len());
    for (k, &(i, j)) in pairs.iter().enumerate() {
        let answer = ask_pair(io, set, (i, j), (k + 1, pairs.len()))?;
        answers.push(answer);
        if n >= 3 {
            let line = match analyse(set, &answers) {
                Some(analysis) => match lang {
                    Lang::Sv => format!(
                        "CR hittills: {} ({})",
                        show_cr(lang, analysis.cr),
                        cr_verdict(lang, analysis.cr)
                    ),
                    Lang::En => format!(
                        "CR so far: {} ({})",
                        show_cr(lang, analysis.cr),
                        cr_verdict(lang, analysis.cr)
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
        }
    }
    if n >= 3 {
        revisit(io, set, &mut answers)?;
    }
    Ok(answers)
}

fn ask_pair(
    io: &mut Io,
    set: &SiblingSet,
    (i, j): (usize, usize),
    (k, total): (usize, usize),
) -> Result<Answer, Diagnostic> {
    let lang = io.lang;
    let (a, b) = (&set.names[i], &set.names[j]);
    let question = match lang {
        Lang::Sv => format!(
            "[{k}/{total}] Vilket är viktigast: {a} eller {b}? (1 = den första, 2 = den andra, = lika)"
        ),
        Lang::En => format!(
            "[{k}/{total}] Which matters more: {a} or {b}? (1 = the first, 2 = the second, = equal)"
        ),
    };
    let which = loop {
        let answer = io.ask(&question)?;
        match parse_which(&answer) {
            Some(which) => break which,
            None => {
                let text = io.text(
                    "Svara 1 (den första), 2 (den andra) eller = (lika viktiga).",
                    "Answer 1 (the first), 2 (the second) or = (equally important).",
                );
                io.say(text)?;
            }
        }
    };
    let (first, second) = match which {
        Which::Equal => {
            return Ok(Answer {
                first: i,
                second: j,
                written: Written::Label(1),
            });
        }
        Which::First => (i, j),
        Which::Second => (j, i),
    };
    let question = io.text(
        "Hur mycket viktigare? (lika, svagt, måttligt, måttligt plus, starkt, starkt plus, mycket starkt, mycket mycket starkt, extremt — eller 1–9)",
        "How much more? (equal, weak, moderate, moderate plus, strong, strong plus, very strong, very very strong, extreme — or 1–9)",
    );
    loop {
        let answer = io.ask(question)?;
        match parse_magnitude(&answer) {
            Ok(written) => {
                return Ok(Answer {
                    first,
                    second,
                    written,
                });
            }
            Err(refusal) => io.say(refusal.explain(lang))?,
        }
    }
}

/// While the set's CR is above 0.10, offers its most inconsistent judgments
/// again; stops when the CR is acceptable or a round changes nothing.
fn revisit(io: &mut Io, set: &SiblingSet, answers: &mut [Answer]) -> Result<(), Diagnostic> {
    let lang = io.lang;
    loop {
        let Some(analysis) = analyse(set, answers) else {
            return Ok(());
        };
        if !analysis.is_inconsistent() {
            return Ok(());
        }
        io.say(&match lang {
            Lang::Sv => format!(
                "\nCR = {} är över {}: svaren hänger inte riktigt ihop. Se över de jämförelser som avviker mest (Enter behåller svaret).",
                show_cr(lang, analysis.cr),
                decimal(lang, &format!("{CR_THRESHOLD:.2}"))
            ),
            Lang::En => format!(
                "\nCR = {} is above {CR_THRESHOLD:.2}: the answers do not quite agree. Revisit the judgments that depart most (Enter keeps the answer).",
                show_cr(lang, analysis.cr),
            ),
        })?;
        let offered: Vec<(usize, usize)> = analysis
            .revisit
            .iter()
            .take(REVISIT_COUNT)
            .map(|r| (r.row, r.col))
            .collect();
        let mut changed = false;
        for (row, col) in offered {
            // The suggestion from the answers as they are now.
            let Some(current) = analyse(set, answers) else {
                continue;
            };
            let Some(entry) = current
                .revisit
                .iter()
                .find(|r| (r.row, r.col) == (row, col) || (r.row, r.col) == (col, row))
            else {
                continue;
            };
            let Some(position) = answers.iter().position(|a| a.is_pair(row, col)) else {
                continue;
            };
            let before = answers[position];
            let after = revisit_one(io, set, before, entry)?;
            if after != before {
                answers[position] = after;
                changed = true;
                if let Some(now) = analyse(set, answers) {
                    io.say(&match lang {
                        Lang::Sv => format!(
                            "CR nu: {} ({})",
                            show_cr(lang, now.cr),
                            cr_verdict(lang, now.cr)
                        ),
                        Lang::En => format!(
                            "CR now: {} ({})",
                            show_cr(lang, now.cr),
                            cr_verdict(lang, now.cr)
                        ),
                    })?;
                }
            }
        }
        if !changed {
            let cr = analyse(set, answers).map(|a| a.cr).unwrap_or(analysis.cr);
            io.say(&match lang {
                Lang::Sv => format!("Svaren behålls som de är (CR = {}).", show_cr(lang, cr)),
                Lang::En => format!(
                    "The answers are kept as they are (CR = {}).",
                    show_cr(lang, cr)
                ),
            })?;
            return Ok(());
        }
    }
}

/// Offers one judgment: shows it and the consistent value, reads the choice.
fn revisit_one(
    io: &mut Io,
    set: &SiblingSet,
    answer: Answer,
    entry: &Revisit,
) -> Result<Answer, Diagnostic> {
    let lang = io.lang;
    let (a, b) = (&set.names[answer.first], &set.names[answer.second]);
    let given = if answer.written.value() == 1.0 {
        match lang {
            Lang::Sv => format!("Du svarade: {a} och {b} är lika viktiga."),
            Lang::En => format!("You answered: {a} and {b} matter equally."),
        }
    } else {
        let value = show_written(lang, answer.written);
        match lang {
            Lang::Sv => format!("Du svarade: {a} före {b}, {value}."),
            Lang::En => format!("You answered: {a} over {b}, {value}."),
        }
    };
    // The suggestion, oriented as the answer is.
    let mut suggested = entry.suggested;
    if (entry.row, entry.col) != (answer.first, answer.second) {
        suggested = 1.0 / suggested;
    }
    let suggestion = if suggested >= 1.0 - 1e-9 {
        Answer {
            first: answer.first,
            second: answer.second,
            written: Written::Label(step_of(suggested)),
        }
    } else {
        Answer {
            first: answer.second,
            second: answer.first,
            written: Written::Label(step_of(1.0 / suggested)),
        }
    };
    let suggestion_text = if suggestion.written == Written::Label(1) {
        io.text("Föreslaget: lika (1)", "Suggested: equal (1)")
            .to_string()
    } else if suggestion.first == answer.first {
        match lang {
            Lang::Sv => format!("Föreslaget: {}", show_written(lang, suggestion.written)),
            Lang::En => format!("Suggested: {}", show_written(lang, suggestion.written)),
        }
    } else {
        let value = show_written(lang, suggestion.written);
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
            Ok(RevisitChoice::Keep) => return Ok(answer),
            Ok(RevisitChoice::Suggestion) => return Ok(suggestion),
            Ok(RevisitChoice::New(written, reversed)) => {
                return Ok(if reversed {
                    Answer {
                        first: answer.second,
                        second: answer.first,
                        written,
                    }
                } else {
                    Answer {
                        first: answer.first,
                        second: answer.second,
                        written,
                    }
                });
            }
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

// ---------------------------------------------------------------------------
// The Lua group script
// ---------------------------------------------------------------------------

/// A Lua string literal: double-quoted, with `"`, `\`, line breaks and other
/// control characters escaped, so the literal is one line whatever the text
/// (no long brackets, so no `]]` can end it early).
fn lua_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Three digits always, so a following digit is not taken in.
            c if c.is_ascii_control() => {
                let _ = write!(out, "\\{:03}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

const LUA_KEYWORDS: [&str; 22] = [
    "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
    "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
];

fn is_lua_name(text: &str) -> bool {
    let mut bytes = text.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !LUA_KEYWORDS.contains(&text)
}

/// A table key: `name` when it is a Lua name, `["any text"]` otherwise.
fn lua_key(key: &str) -> String {
    if is_lua_name(key) {
        key.to_string()
    } else {
        format!("[{}]", lua_string(key))
    }
}

/// A Lua number literal for a positive finite number.
fn lua_number(value: f64) -> String {
    // Rust writes f64 without exponent and round-trips: `12`, `2.5`.
    let text = value.to_string();
    if text.contains(['.', 'e', 'E']) || text.len() < 16 {
        text
    } else {
        // A huge whole number: keep it a float literal.
        format!("{text}.0")
    }
}

fn lua_value(lang: Lang, written: Written) -> String {
    match written {
        Written::Label(step) => lua_string(label(lang, step)),
        Written::Number(value) => lua_number(value),
    }
}

/// The group script in the format of docs/lua-api.md; deterministic (no
/// date), so running the survey twice with the same answers writes the same
/// bytes.
fn lua_script(
    group: &str,
    name: &str,
    seats: f64,
    lang: Lang,
    sets: &[SiblingSet],
    answers: &[Vec<Answer>],
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "-- Group {}: its weights of the criteria, written by vagval survey.",
        lua_string(group)
    );
    let _ = writeln!(
        out,
        "-- The format is in docs/lua-api.md. Edit by hand, or run `vagval survey --group {group}` again"
    );
    let _ = writeln!(out, "-- (the old file is then kept as {group}.lua.bak).");
    let _ = writeln!(out, "return {{");
    let _ = writeln!(out, "  name = {},", lua_string(name));
    let _ = writeln!(out, "  seats = {},", lua_number(seats));
    let _ = writeln!(out, "  weights = {{");
    for (set, answers) in sets.iter().zip(answers) {
        let key = match &set.key {
            None => {
                let _ = writeln!(out, "    -- the top-level criteria");
                "goal".to_string()
            }
            Some(id) => {
                let _ = writeln!(out, "    -- the sub-criteria of {}", lua_string(&set.title));
                lua_key(id)
            }
        };
        let _ = writeln!(out, "    {key} = pairwise {{");
        for answer in answers {
            let _ = writeln!(
                out,
                "      {{ {}, {}, {} }},",
                lua_string(&set.ids[answer.first]),
                lua_string(&set.ids[answer.second]),
                lua_value(lang, answer.written)
            );
        }
        let _ = writeln!(out, "    }},");
    }
    let _ = writeln!(out, "  }},");
    let _ = writeln!(out, "}}");
    out
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/// Writes `bytes` to `dir/file_name`: a temporary file in the target's
/// folder, synced, then renamed over the target. With `keep_backup`, an
/// existing target is first copied to the first free of `<file_name>.bak`,
/// `.bak.1`, `.bak.2`, …. On failure the target is untouched and the
/// temporary file removed.
///
/// A symbolic link is followed: the file it names is replaced and the link
/// stays a link. A target that is not a regular file (a FIFO, a device such
/// as /dev/null) is written into, as a shell redirection would, because
/// renaming over it would replace the pipe or device itself.
pub(crate) fn write_atomically(
    dir: &Path,
    file_name: &str,
    bytes: &[u8],
    keep_backup: bool,
) -> Result<PathBuf, Diagnostic> {
    // (what cannot be done, in English and in Swedish)
    let cannot = |what: (&str, &str), path: &Path, e: io::Error| {
        Diagnostic::new(format!("cannot {} {}: {e}", what.0, path.display()))
            .sv(format!("kan inte {} {}: {e}", what.1, path.display()))
            .in_file(path)
    };
    let mut target = dir.join(file_name);
    if fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink()) {
        target = fs::canonicalize(&target)
            .map_err(|e| cannot(("follow the link", "följa länken"), &target, e))?;
    }
    if let Ok(metadata) = fs::metadata(&target)
        && !metadata.is_file()
    {
        if metadata.is_dir() {
            return Err(Diagnostic::new(format!("{} is a folder", target.display()))
                .sv(format!("{} är en mapp", target.display()))
                .in_file(&target));
        }
        fs::OpenOptions::new()
            .write(true)
            .open(&target)
            .and_then(|mut file| file.write_all(bytes))
            .map_err(|e| cannot(("write", "skriva"), &target, e))?;
        return Ok(target);
    }
    let (dir, file_name) = match (target.parent(), target.file_name().and_then(|n| n.to_str())) {
        (Some(parent), Some(name)) => (parent.to_path_buf(), name.to_string()),
        _ => (dir.to_path_buf(), file_name.to_string()),
    };
    let (dir, file_name) = (dir.as_path(), file_name.as_str());
    fs::create_dir_all(dir).map_err(|e| cannot(("create the folder", "skapa mappen"), dir, e))?;
    let (temp, mut file) = create_temp(dir)?;
    let result = (|| {
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(|e| cannot(("write", "skriva"), &temp, e))?;
        drop(file);
        match fs::symlink_metadata(&target) {
            Ok(metadata) => {
                if keep_backup {
                    backup(dir, file_name, &target)?;
                }
                // The new file keeps the old one's permissions.
                let _ = fs::set_permissions(&temp, metadata.permissions());
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(cannot(("read", "läsa"), &target, e)),
        }
        fs::rename(&temp, &target).map_err(|e| cannot(("replace", "ersätta"), &target, e))
    })();
    if let Err(error) = result {
        let _ = fs::remove_file(&temp);
        return Err(error);
    }
    // Make the rename itself durable (not possible on every platform).
    if let Ok(folder) = fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(target)
}

fn create_temp(dir: &Path) -> Result<(PathBuf, fs::File), Diagnostic> {
    let mut attempt = 0u32;
    loop {
        // Short, whatever the target's name: a name near the 255-byte limit
        // must still be writable.
        let temp = dir.join(format!(".vagval-{}-{attempt}.tmp", std::process::id()));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
        {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => {
                return Err(Diagnostic::new(format!(
                    "cannot create a temporary file in {}: {e}",
                    dir.display()
                ))
                .sv(format!(
                    "kan inte skapa en tillfällig fil i {}: {e}",
                    dir.display()
                ))
                .in_file(&temp));
            }
        }
    }
}

/// The backup names in order: `x.bak`, `x.bak.1`, `x.bak.2`, …
fn backup_name(file_name: &str, attempt: u32) -> String {
    if attempt == 0 {
        format!("{file_name}.bak")
    } else {
        format!("{file_name}.bak.{attempt}")
    }
}

/// Copies `target` to the first free backup name; returns that path.
fn backup(dir: &Path, file_name: &str, target: &Path) -> Result<PathBuf, Diagnostic> {
    let cannot_copy = |path: &Path, e: io::Error| {
        Diagnostic::new(format!(
            "cannot keep a copy of {} as {}: {e}; nothing was changed",
            target.display(),
            path.display()
        ))
        .sv(format!(
            "kan inte spara en kopia av {} som {}: {e}; ingenting ändrades",
            target.display(),
            path.display()
        ))
        .in_file(target)
    };
    let mut attempt = 0u32;
    loop {
        let path = dir.join(backup_name(file_name, attempt));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut copy) => {
                let result = fs::File::open(target)
                    .and_then(|mut original| io::copy(&mut original, &mut copy))
                    .and_then(|_| copy.sync_all());
                return match result {
                    Ok(()) => Ok(path),
                    Err(e) => {
                        drop(copy);
                        let _ = fs::remove_file(&path);
                        Err(cannot_copy(&path, e))
                    }
                };
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 10_000 => attempt += 1,
            Err(e) => {
                return Err(cannot_copy(&path, e));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use vagval_core::assessment::{AssessmentSpec, WeightsSpec};
    use vagval_core::hierarchy::CriterionSpec;
    use vagval_core::model::{Alternative, CriterionInput, ModelSpec};

    /// A folder under the system temp dir, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(tag: &str) -> TempDir {
            static COUNTER: AtomicUsize = AtomicUsize::new(0);
            let n = COUNTER.fetch_add(1, Ordering::SeqCst);
            let path = std::env::temp_dir().join(format!(
                "vagval-survey-unit-{}-{tag}-{n}",
                std::process::id()
            ));
            let _ = fs::remove_dir_all(&path);
            fs::create_dir_all(&path).unwrap();
            TempDir(path)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn criterion(id: &str, name: &str, parent: Option<&str>, leaf: bool) -> CriterionInput {
        CriterionInput {
            criterion: CriterionSpec {
                id: id.into(),
                name: name.into(),
                description: String::new(),
                parent: parent.map(Into::into),
            },
            weights: None,
            assessment: leaf
                .then(|| AssessmentSpec::Pairwise(vec![Judgment::new("stay", "join", 3.0)])),
        }
    }

    fn direct(ids: &[&str]) -> Option<WeightsSpec> {
        Some(WeightsSpec::Direct(
            ids.iter().map(|id| (id.to_string(), 1.0)).collect(),
        ))
    }

    /// Three top-level criteria, one of them (`cost`) with two sub-criteria.
    fn model() -> Model {
        let mut cost = criterion("cost", "Kostnad", None, false);
        cost.weights = direct(&["cost-introduction", "cost-yearly"]);
        Model::new(ModelSpec {
            goal: "Vägval".into(),
            alternatives: ["stay", "join"]
                .iter()
                .map(|id| Alternative {
                    id: id.to_string(),
                    name: id.to_string(),
                    description: String::new(),
                })
                .collect(),
            criteria: vec![
                criterion("democracy", "Demokrati och lokalt inflytande", None, true),
                cost,
                criterion("cost-introduction", "Engångskostnad", Some("cost"), true),
                criterion("cost-yearly", "Årlig kostnad", Some("cost"), true),
                criterion("lock-in", "Inlåsning", None, true),
            ],
            goal_weights: direct(&["democracy", "cost", "lock-in"]),
            rating_scales: Vec::new(),
        })
        .unwrap()
    }

    fn options(group: &str, lang: Lang) -> SurveyOptions {
        SurveyOptions {
            group: group.into(),
            lang,
            name: None,
            seats: None,
        }
    }

    /// Runs the survey on `answers`; returns the result and what was shown.
    fn survey(
        root: &Path,
        model: &Model,
        options: &SurveyOptions,
        answers: &str,
    ) -> (Result<PathBuf, Diagnostic>, String) {
        let mut input = io::Cursor::new(answers.as_bytes().to_vec());
        let mut output = Vec::new();
        let result = run(root, model, options, &mut input, &mut output);
        (result, String::from_utf8(output).unwrap())
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    const SWEDISH_EXPECTED: &str = r#"-- Group "gron": its weights of the criteria, written by vagval survey.
-- The format is in docs/lua-api.md. Edit by hand, or run `vagval survey --group gron` again
-- (the old file is then kept as gron.lua.bak).
return {
  name = "Gröna \"lokalt\"",
  seats = 12.5,
  weights = {
    -- the top-level criteria
    goal = pairwise {
      { "democracy", "cost", "måttligt" },
      { "democracy", "lock-in", 5 },
      { "cost", "lock-in", "svagt" },
    },
    -- the sub-criteria of "Kostnad"
    cost = pairwise {
      { "cost-yearly", "cost-introduction", "starkt" },
    },
  },
}
"#;

    #[test]
    fn swedish_survey_writes_the_expected_script() {
        let dir = TempDir::new("sv");
        let answers = "Gröna \"lokalt\"\n-3\ntolv\n12,5\n1\nmåttligt\n1\n5\n1\nsvagt\n2\nstarkt\n";
        let (result, shown) = survey(&dir.0, &model(), &options("gron", Lang::Sv), answers);
        let path = result.unwrap_or_else(|e| panic!("{}\n{shown}", e.render()));
        assert_eq!(path, dir.0.join("scripts/groups/gron.lua"));
        assert_eq!(fs::read_to_string(&path).unwrap(), SWEDISH_EXPECTED);
        assert_eq!(listing(&dir.0.join("scripts/groups")), ["gron.lua"]);
        for expected in [
            "Gruppens namn?",
            "Antalet mandat ska vara ett positivt tal, t.ex. 12.",
            "Jämför huvudkriterierna (3 st, 3 frågor).",
            "[1/3] Vilket är viktigast: Demokrati och lokalt inflytande eller Kostnad? (1 = den första, 2 = den andra, = lika)",
            "Hur mycket viktigare? (lika, svagt, måttligt, måttligt plus, starkt, starkt plus, mycket starkt, mycket mycket starkt, extremt — eller 1–9)",
            "CR hittills: – (för få svar ännu)",
            "CR hittills: 0,00 (godtagbart)",
            "CR hittills: 0,00 (godtagbart)",
            "Jämför delkriterierna under ”Kostnad” (2 st, 1 fråga).",
            "[1/1] Vilket är viktigast: Engångskostnad eller Årlig kostnad?",
        ] {
            assert!(
                shown.contains(expected),
                "missing {expected:?} in:\n{shown}"
            );
        }
        // Two re-asks for the seats, none for anything else.
        assert_eq!(shown.matches("Antal mandat?").count(), 3, "{shown}");
        // The 3-item set: CR after the 2nd answer is not yet defined, then shown.
        assert_eq!(shown.matches("CR hittills:").count(), 3, "{shown}");
        // The same answers write the same bytes (deterministic, no date).
        let (again, _) = survey(&dir.0, &model(), &options("gron", Lang::Sv), answers);
        assert_eq!(
            fs::read_to_string(again.unwrap()).unwrap(),
            SWEDISH_EXPECTED
        );
        assert_eq!(
            fs::read(dir.0.join("scripts/groups/gron.lua.bak")).unwrap(),
            SWEDISH_EXPECTED.as_bytes()
        );
    }

    #[test]
    fn english_survey_with_given_name_and_seats() {
        let dir = TempDir::new("en");
        let mut opts = options("green", Lang::En);
        opts.name = Some("Green".into());
        opts.seats = Some(7.0);
        // Bad answers are re-asked: "3" and "maybe" to "which", "1/3", "10",
        // "0" and "very much" to "how much".
        let answers = "3\nmaybe\n2\n1/3\n10\n0\nvery much\nmoderate\n=\n1\n2.5\n1\nmåttligt\n";
        let (result, shown) = survey(&dir.0, &model(), &opts, answers);
        let path = result.unwrap_or_else(|e| panic!("{}\n{shown}", e.render()));
        let text = fs::read_to_string(path).unwrap();
        assert!(
            text.contains("  name = \"Green\",\n  seats = 7,\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "      { \"cost\", \"democracy\", \"moderate\" },\n      { \"democracy\", \"lock-in\", \"equal\" },\n      { \"cost\", \"lock-in\", 2.5 },\n"
            ),
            "{text}"
        );
        // A Swedish label in an English survey is written in English.
        assert!(
            text.contains("{ \"cost-introduction\", \"cost-yearly\", \"moderate\" }"),
            "{text}"
        );
        for expected in [
            "[1/3] Which matters more: Demokrati och lokalt inflytande or Kostnad? (1 = the first, 2 = the second, = equal)",
            "How much more? (equal, weak, moderate, moderate plus, strong, strong plus, very strong, very very strong, extreme — or 1–9)",
            "Answer 1 (the first), 2 (the second) or = (equally important).",
            "Only how much (1–9): which one matters more is already answered.",
            "The number must be from 1 to 9.",
            "Not understood: type equal, weak,",
            "CR so far: 0.",
        ] {
            assert!(
                shown.contains(expected),
                "missing {expected:?} in:\n{shown}"
            );
        }
        assert_eq!(shown.matches("Which matters more: Demokrati").count(), 4);
        assert_eq!(shown.matches("How much more?").count(), 7, "{shown}");
        assert!(!shown.contains("Gruppens") && !shown.contains("The group's name?"));
    }

    #[test]
    fn end_of_input_writes_nothing_and_keeps_the_old_file() {
        let dir = TempDir::new("eof");
        let groups = dir.0.join("scripts/groups");
        // No folder yet: none is created.
        let (result, _) = survey(&dir.0, &model(), &options("g", Lang::Sv), "Namn\n3\n1\n");
        let error = result.unwrap_err();
        let sv = error.render_in(Lang::Sv);
        assert!(sv.contains("fel: enkäten avbröts"), "{sv}");
        assert!(sv.contains("tips: kör enkäten igen"), "{sv}");
        assert!(!dir.0.join("scripts").exists());
        // An existing file stays byte-identical, nothing else appears.
        fs::create_dir_all(&groups).unwrap();
        let old = b"-- old\r\nreturn { name = \"x\" }\n\xff";
        fs::write(groups.join("g.lua"), old).unwrap();
        for cut in [
            "",
            "Namn\n",
            "Namn\n3\n1\nmåttligt\n1\n",
            "Namn\n3\n1\n3\n1\n3\n1\n3\n",
        ] {
            let (result, _) = survey(&dir.0, &model(), &options("g", Lang::En), cut);
            let error = result.unwrap_err();
            assert!(error.render_in(Lang::Sv).contains("ingenting skrevs"));
            let error = error.render();
            assert!(error.contains("nothing was written"), "{error}");
            assert_eq!(fs::read(groups.join("g.lua")).unwrap(), old);
            assert_eq!(listing(&groups), ["g.lua"]);
        }
    }

    #[test]
    fn an_existing_file_is_kept_as_bak_then_bak_1() {
        let dir = TempDir::new("bak");
        let groups = dir.0.join("scripts/groups");
        fs::create_dir_all(&groups).unwrap();
        fs::write(groups.join("g.lua"), "first").unwrap();
        let answers = "N\n1\n1\n3\n1\n3\n1\n1\n=\n";
        let (result, _) = survey(&dir.0, &model(), &options("g", Lang::Sv), answers);
        result.unwrap();
        assert_eq!(
            fs::read_to_string(groups.join("g.lua.bak")).unwrap(),
            "first"
        );
        let written = fs::read_to_string(groups.join("g.lua")).unwrap();
        assert!(written.starts_with("-- Group \"g\""), "{written}");
        fs::write(groups.join("g.lua"), "second").unwrap();
        let (result, _) = survey(&dir.0, &model(), &options("g", Lang::Sv), answers);
        result.unwrap();
        assert_eq!(
            fs::read_to_string(groups.join("g.lua.bak")).unwrap(),
            "first"
        );
        assert_eq!(
            fs::read_to_string(groups.join("g.lua.bak.1")).unwrap(),
            "second"
        );
        assert_eq!(fs::read_to_string(groups.join("g.lua")).unwrap(), written);
        assert_eq!(listing(&groups), ["g.lua", "g.lua.bak", "g.lua.bak.1"]);
        assert_eq!(backup_name("g.lua", 0), "g.lua.bak");
        assert_eq!(backup_name("g.lua", 2), "g.lua.bak.2");
    }

    #[test]
    fn a_failed_write_leaves_no_trace() {
        let dir = TempDir::new("fail");
        let groups = dir.0.join("scripts/groups");
        // The target is a folder with a file in it: it cannot be copied or
        // replaced; the folder stays, and no temp or backup file is left.
        fs::create_dir_all(groups.join("g.lua")).unwrap();
        fs::write(groups.join("g.lua/inside"), "x").unwrap();
        let error = write_atomically(&groups, "g.lua", b"new", true).unwrap_err();
        assert!(error.render().contains("g.lua"), "{}", error.render());
        assert_eq!(listing(&groups), ["g.lua"]);
        assert_eq!(
            fs::read_to_string(groups.join("g.lua/inside")).unwrap(),
            "x"
        );
        // A fresh target: written, and only it.
        let path = write_atomically(&groups, "h.lua", b"new", true).unwrap();
        assert_eq!(fs::read(path).unwrap(), b"new");
        assert_eq!(listing(&groups), ["g.lua", "h.lua"]);
    }

    #[test]
    fn an_inconsistent_set_is_revisited_until_acceptable() {
        let dir = TempDir::new("revisit");
        // democracy > cost 5, cost > lock-in 5, lock-in > democracy 5: a cycle.
        let answers = "N\n1\n1\nstarkt\n2\nstarkt\n1\nstarkt\n";
        let accept = "f\n".repeat(9);
        let (result, shown) = survey(
            &dir.0,
            &model(),
            &options("g", Lang::Sv),
            &format!("{answers}{accept}1\n3\n"),
        );
        let path = result.unwrap_or_else(|e| panic!("{}\n{shown}", e.render()));
        assert!(shown.contains("är över 0,10"), "{shown}");
        assert!(shown.contains("Föreslaget: "), "{shown}");
        assert!(
            shown.contains("Enter = behåll, f = ta förslaget"),
            "{shown}"
        );
        let last_cr = shown
            .lines()
            .rfind(|l| l.contains("CR nu: "))
            .unwrap_or_else(|| panic!("no new CR shown:\n{shown}"));
        assert!(last_cr.contains("(godtagbart)"), "{last_cr}\n{shown}");
        // The written judgments themselves are acceptable.
        let text = fs::read_to_string(path).unwrap();
        let set = &sibling_sets(&model()).unwrap()[0];
        let judged = judgments_in(&text, "goal");
        let answers: Vec<Answer> = judged
            .iter()
            .map(|(a, b, v)| Answer {
                first: set.ids.iter().position(|id| id == a).unwrap(),
                second: set.ids.iter().position(|id| id == b).unwrap(),
                written: Written::Number(*v),
            })
            .collect();
        assert_eq!(answers.len(), 3);
        assert!(analyse(set, &answers).unwrap().cr <= CR_THRESHOLD, "{text}");
    }

    #[test]
    fn keeping_every_judgment_ends_the_revisit() {
        let dir = TempDir::new("keep");
        let answers = "N\n1\n1\nstarkt\n2\nstarkt\n1\nstarkt\n\nbehåll\nbehall\n1\n3\n";
        let (result, shown) = survey(&dir.0, &model(), &options("g", Lang::Sv), answers);
        let path = result.unwrap_or_else(|e| panic!("{}\n{shown}", e.render()));
        assert!(shown.contains("Svaren behålls som de är (CR = "), "{shown}");
        let text = fs::read_to_string(path).unwrap();
        assert!(
            text.contains("{ \"lock-in\", \"democracy\", \"starkt\" }"),
            "{text}"
        );
        // A new value, reversed by a fraction, in English; any later offers
        // kept (surplus `keep`s are refused by the next set's question).
        let answers = format!(
            "N\n1\n1\nstrong\n2\nstrong\n1\nstrong\n1/5\n{}1\n3\n",
            "keep\n".repeat(10)
        );
        let (result, shown) = survey(&dir.0, &model(), &options("g", Lang::En), &answers);
        let path = result.unwrap_or_else(|e| panic!("{}\n{shown}", e.render()));
        assert!(shown.contains("Suggested: "), "{shown}");
        assert!(
            shown.contains("The answers are kept as they are (CR = "),
            "{shown}"
        );
        let text = fs::read_to_string(path).unwrap();
        assert!(text.contains("{ \"cost\", \"democracy\", 5 }"), "{text}");
    }

    /// The judgments of `key` in a written script, values as numbers.
    fn judgments_in(text: &str, key: &str) -> Vec<(String, String, f64)> {
        let start = text.find(&format!("    {key} = pairwise {{\n")).unwrap();
        text[start..]
            .lines()
            .skip(1)
            .take_while(|l| l.trim() != "},")
            .map(|line| {
                let parts: Vec<&str> = line
                    .trim()
                    .trim_start_matches("{ ")
                    .trim_end_matches(" },")
                    .split(", ")
                    .collect();
                let unquote = |s: &str| s.trim_matches('"').to_string();
                (
                    unquote(parts[0]),
                    unquote(parts[1]),
                    parse_value(&unquote(parts[2])).unwrap(),
                )
            })
            .collect()
    }

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
        assert_eq!(parse_magnitude("måttligt plus"), Ok(Written::Label(4)));
        assert_eq!(parse_magnitude("Mycket starkt"), Ok(Written::Label(7)));
        assert_eq!(parse_magnitude("very very strong"), Ok(Written::Label(8)));
        assert_eq!(parse_magnitude("extremt"), Ok(Written::Label(9)));
        assert_eq!(parse_magnitude("lika"), Ok(Written::Label(1)));
        assert_eq!(parse_magnitude("3"), Ok(Written::Number(3.0)));
        assert_eq!(parse_magnitude("2,5"), Ok(Written::Number(2.5)));
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
        assert_eq!(
            parse_revisit("svagt"),
            Ok(RevisitChoice::New(Written::Label(2), false))
        );
        assert_eq!(
            parse_revisit("1/3"),
            Ok(RevisitChoice::New(Written::Number(3.0), true))
        );
        assert_eq!(
            parse_revisit("0.5"),
            Ok(RevisitChoice::New(Written::Number(2.0), true))
        );
        assert_eq!(parse_revisit("1/10"), Err(Refusal::OutOfRange));
        assert_eq!(parse_revisit("kanske"), Err(Refusal::NotUnderstood));
        assert_eq!(parse_seats("12"), Some(12.0));
        assert_eq!(parse_seats("2,5"), Some(2.5));
        for bad in ["", "0", "-1", "tolv", "inf", "NaN", "1e3"] {
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
        };
        assert_eq!(io.ask("Q?").unwrap(), "A");
        assert_eq!(io.ask("Q?").unwrap(), "B");
        assert!(io.ask("Q?").is_err());
        let shown = String::from_utf8(output).unwrap();
        assert_eq!(shown.matches("could not be read").count(), 2, "{shown}");
    }

    #[test]
    fn lua_strings_keys_and_numbers() {
        assert_eq!(lua_string("plain åäö"), "\"plain åäö\"");
        assert_eq!(
            lua_string("a \"b\" \\ c\nd\re\tf]]g"),
            r#""a \"b\" \\ c\nd\re\tf]]g""#
        );
        assert_eq!(lua_string("\u{0}1\u{7f}"), r#""\0001\127""#);
        assert_eq!(lua_key("cost"), "cost");
        assert_eq!(lua_key("_x9"), "_x9");
        assert_eq!(lua_key("lock-in"), r#"["lock-in"]"#);
        assert_eq!(lua_key("end"), r#"["end"]"#);
        assert_eq!(lua_key("9a"), r#"["9a"]"#);
        assert_eq!(lua_key("å"), r#"["å"]"#);
        assert_eq!(lua_key("a\"]b"), r#"["a\"]b"]"#);
        assert_eq!(lua_number(12.0), "12");
        assert_eq!(lua_number(2.5), "2.5");
        assert_eq!(lua_number(1e20), "100000000000000000000.0");
    }

    /// Reads a Lua string literal as written by `lua_string` back.
    fn unlua(literal: &str) -> String {
        let inner = &literal[1..literal.len() - 1];
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            assert_ne!(c, '"', "unescaped quote in {literal}");
            assert!(!c.is_ascii_control(), "raw control character in {literal}");
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next().unwrap() {
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                d => {
                    let digits: String = std::iter::once(d).chain(chars.by_ref().take(2)).collect();
                    out.push(char::from(digits.parse::<u8>().unwrap()));
                }
            }
        }
        out
    }

    #[test]
    fn lua_strings_read_back() {
        for text in [
            "",
            "a",
            "\"",
            "\\",
            "\\\"",
            "a\nb",
            "\u{1}2",
            "]]--[[",
            "åäö ”x”",
        ] {
            assert_eq!(unlua(&lua_string(text)), text, "{text:?}");
        }
    }

    #[test]
    fn odd_ids_are_quoted_in_the_script() {
        let set = SiblingSet {
            key: Some("a \"b\"\nc".into()),
            title: "T\n-- x".into(),
            ids: vec!["x\\y".into(), "end".into()],
            names: vec!["X".into(), "Y".into()],
        };
        let answers = vec![vec![Answer {
            first: 1,
            second: 0,
            written: Written::Label(3),
        }]];
        let text = lua_script("g", "N\n]]", 1.0, Lang::En, &[set], &answers);
        assert!(text.contains("  name = \"N\\n]]\",\n"), "{text}");
        assert!(
            text.contains("    -- the sub-criteria of \"T\\n-- x\"\n"),
            "{text}"
        );
        assert!(
            text.contains("    [\"a \\\"b\\\"\\nc\"] = pairwise {\n      { \"end\", \"x\\\\y\", \"moderate\" },\n    },\n"),
            "{text}"
        );
        // Every comment is one line, every line outside comments balanced.
        for line in text.lines() {
            if !line.trim_start().starts_with("--") {
                let unescaped_quotes = line.replace("\\\\", "").replace("\\\"", "");
                assert_eq!(unescaped_quotes.matches('"').count() % 2, 0, "{line}");
            }
        }
        assert_eq!(text.matches('{').count(), text.matches('}').count());
    }

    #[test]
    fn refusals_before_any_question() {
        let dir = TempDir::new("refuse");
        for bad in [
            "",
            "../x",
            "a/b",
            "a.lua",
            ".hidden",
            "a b",
            "å",
            &"x".repeat(65),
        ] {
            let (result, shown) = survey(&dir.0, &model(), &options(bad, Lang::Sv), "N\n1\n");
            let error = result.unwrap_err().render();
            assert!(error.contains("cannot be a group id"), "{bad}: {error}");
            assert!(shown.is_empty(), "{shown}");
        }
        let mut opts = options("g", Lang::En);
        opts.seats = Some(0.0);
        assert!(survey(&dir.0, &model(), &opts, "").0.is_err());
        opts.seats = Some(f64::NAN);
        assert!(survey(&dir.0, &model(), &opts, "").0.is_err());
        opts.seats = None;
        opts.name = Some("  ".into());
        assert!(survey(&dir.0, &model(), &opts, "").0.is_err());
        assert!(!dir.0.join("scripts").exists());
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
