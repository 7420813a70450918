//! Each step of the survey's dialogue in words, in English or Swedish:
//! the name and seats, a set's heading with the progress, a pair's two
//! questions (which, how much) and the help, the CR and advice after an
//! answer, a judgment offered for revisiting, the group's result.

use super::Io;
use super::answers::{
    Command, Refusal, RevisitChoice, Which, cr_verdict, parse_command, parse_magnitude,
    parse_revisit, parse_seats, parse_which, show_answer, show_cr, show_strength,
};
use super::rules::check_name;
use crate::diagnostic::Diagnostic;
use crate::error_sv::core_error_sv;
use crate::questionnaire::{self, Advice, Offer, Question, Questionnaire, Reply, RevisitReply};
use std::path::Path;
use vagval_core::consistency::CR_THRESHOLD;
use vagval_core::group::GroupSpec;
use vagval_core::model::Model;
use vagval_core::scale::{STEP_WORDS_EN, STEP_WORDS_SV};
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

pub(super) fn say_heading(io: &mut Io, q: &Questionnaire, s: usize) -> Result<(), Diagnostic> {
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

pub(super) enum PairReply {
    Answer(Reply),
    Keep,
    Back,
    Skip,
}

pub(super) fn say_help(
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

pub(super) fn ask_pair(
    io: &mut Io,
    q: &Questionnaire,
    question: &Question,
) -> Result<PairReply, Diagnostic> {
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
                STEP_WORDS_SV.join(", ")
            ),
            Lang::En => format!("How much more? ({} — or 1–9)", STEP_WORDS_EN.join(", ")),
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
pub(super) fn say_advice(
    io: &mut Io,
    q: &Questionnaire,
    advice: &Advice,
) -> Result<(), Diagnostic> {
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
pub(super) fn ask_revisit(
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
pub(super) fn say_summary(
    io: &mut Io,
    model: &Model,
    settings: &Settings,
    spec: &GroupSpec,
    name: &str,
) -> Result<(), Diagnostic> {
    let lang = io.lang;
    let evaluation = model
        .for_group(spec)
        .and_then(|m| vagval_core::evaluate(&m, settings))
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
