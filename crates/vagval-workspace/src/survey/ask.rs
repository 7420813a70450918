//! Each step of the survey's dialogue through the `Conversation`, in the
//! words of words.rs: the name and seats, a set's heading, a pair's two
//! questions (which, how much) with back, skip and help, the CR and
//! advice after an answer, a judgment offered for revisiting, the group's
//! result.

use super::Io;
use super::answers::{
    Command, RevisitChoice, Which, parse_command, parse_magnitude, parse_revisit, parse_seats,
    parse_which,
};
use super::rules::check_name;
use super::words::{
    advice_text, heading, help, how_much_question, revisit_intro, revisit_offer, revisit_outcome,
    revisit_refused, summary, which_question, which_refused,
};
use crate::diagnostic::Diagnostic;
use crate::questionnaire::{self, Advice, Offer, Question, Questionnaire, Reply, RevisitReply};
use std::path::Path;
use vagval_core::group::GroupSpec;
use vagval_core::model::Model;
use vagval_core::settings::Settings;
use vagval_report::Lang;

pub(super) fn ask_yes_no(io: &mut Io, question: &str) -> Result<bool, Diagnostic> {
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

pub(super) fn ask_name(
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

pub(super) fn ask_seats(io: &mut Io, current: Option<u32>) -> Result<u32, Diagnostic> {
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

/// One offer to revisit a judgment when the answers' CR is too high.
pub(super) fn revisit(
    io: &mut Io,
    q: &mut Questionnaire,
    offer: &Offer,
    heading_shown: &mut Option<usize>,
    save: &dyn Fn(&Questionnaire, &mut Io) -> Result<(), Diagnostic>,
) -> Result<(), Diagnostic> {
    let lang = io.lang;
    if let Some(intro) = revisit_intro(lang, offer) {
        io.say(&intro)?;
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
            for text in revisit_outcome(lang, &outcome) {
                io.say(&text)?;
            }
        }
    }
    Ok(())
}

pub(super) fn say_heading(io: &mut Io, q: &Questionnaire, s: usize) -> Result<(), Diagnostic> {
    io.say(&heading(io.lang, q, s))
}

pub(super) enum PairReply {
    Answer(Reply),
    Keep,
    Back,
    Skip,
}

pub(super) fn say_help(
    io: &mut Io,
    set: &questionnaire::SiblingSet,
    pair: (usize, usize),
) -> Result<(), Diagnostic> {
    for line in help(io.lang, set, pair) {
        io.say(&line)?;
    }
    Ok(())
}

pub(super) fn ask_pair(
    io: &mut Io,
    q: &Questionnaire,
    question: &Question,
) -> Result<PairReply, Diagnostic> {
    let lang = io.lang;
    let set = &q.sets()[question.set];
    let (i, j) = question.pair;
    let text = which_question(lang, q, question);
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
                    let text = which_refused(lang);
                    io.say(text)?;
                }
            }
        };
        if which == Which::Equal {
            return Ok(PairReply::Answer(Reply::Equal));
        }
        let how_much = how_much_question(lang);
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
pub(super) fn say_advice(
    io: &mut Io,
    q: &Questionnaire,
    advice: &Advice,
) -> Result<(), Diagnostic> {
    for text in advice_text(io.lang, q, advice) {
        io.say(&text)?;
    }
    Ok(())
}

/// Offers one judgment: shows it and the consistent value, reads the choice
/// (`None`: back).
pub(super) fn ask_revisit(
    io: &mut Io,
    q: &Questionnaire,
    offer: &Offer,
) -> Result<Option<RevisitReply>, Diagnostic> {
    let lang = io.lang;
    let (shown, question) = revisit_offer(lang, q, offer);
    io.say(&shown)?;
    loop {
        let text = io.ask(&question)?;
        match parse_revisit(&text) {
            Ok(RevisitChoice::Keep) => return Ok(Some(RevisitReply::Keep)),
            Ok(RevisitChoice::Suggestion) => return Ok(Some(RevisitReply::Suggestion)),
            Ok(RevisitChoice::New(value)) => return Ok(Some(RevisitReply::New(value))),
            Ok(RevisitChoice::Back) => return Ok(None),
            Err(refusal) => {
                let text = revisit_refused(lang, refusal);
                io.say(text)?;
            }
        }
    }
}

/// The group's result, said line by line.
pub(super) fn say_summary(
    io: &mut Io,
    model: &Model,
    settings: &Settings,
    spec: &GroupSpec,
    name: &str,
) -> Result<(), Diagnostic> {
    for line in summary(io.lang, model, settings, spec, name)? {
        io.say(&line)?;
    }
    Ok(())
}
