//! What the survey says, in English or Swedish, as text any front end can
//! show (the terminal says it line by line; a web page may lay it out): a
//! set's heading with the progress, a pair's questions and help, the CR and
//! advice after an answer, a judgment offered for revisiting and what the
//! revisit changed, the group's result.

use super::answers::{Refusal, cr_verdict, show_answer, show_cr, show_strength};
use crate::diagnostic::Diagnostic;
use crate::questionnaire::{Advice, Offer, Question, Questionnaire, RevisitOutcome, SiblingSet};
use vagval_core::consistency::CR_THRESHOLD;
use vagval_core::group::GroupSpec;
use vagval_core::model::Model;
use vagval_core::scale::{STEP_WORDS_EN, STEP_WORDS_SV};
use vagval_core::settings::Settings;
use vagval_report::Lang;

/// A set's heading with the progress: `Jämför huvudkriterierna (4 st, 6
/// frågor; 0 av 15 besvarade hittills).`
pub fn heading(lang: Lang, q: &Questionnaire, s: usize) -> String {
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
    match (&set.key, lang) {
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
    }
}

/// What the two criteria of a pair mean (`?`), a line each.
pub fn help(lang: Lang, set: &SiblingSet, (i, j): (usize, usize)) -> Vec<String> {
    [i, j]
        .into_iter()
        .map(|k| {
            let description = set.descriptions[k].trim();
            if description.is_empty() {
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
            }
        })
        .collect()
}

/// A pair's first question (which matters more), with the answer Enter
/// keeps: `[4/15] Vilket är viktigast: A eller B? …`.
pub fn which_question(lang: Lang, q: &Questionnaire, question: &Question) -> String {
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
    text
}

/// An answer to "which" not understood.
pub fn which_refused(lang: Lang) -> &'static str {
    lang.pick(
        "Answer 1 (the first), 2 (the second) or = (equally important); < goes back, - skips, ? explains.",
        "Svara 1 (den första), 2 (den andra) eller = (lika viktiga); < går tillbaka, - hoppar över, ? förklarar.",
    )
}

/// A pair's second question: how much more, in words of the scale or 1–9.
pub fn how_much_question(lang: Lang) -> String {
    match lang {
        Lang::Sv => format!(
            "Hur mycket viktigare? ({} — eller 1–9)",
            STEP_WORDS_SV.join(", ")
        ),
        Lang::En => format!("How much more? ({} — or 1–9)", STEP_WORDS_EN.join(", ")),
    }
}

/// The CR after an answer, and at once a word when the answer made it jump:
/// the earlier answer it conflicts with, and what would fit.
/// (Each element one message.)
pub fn advice_text(lang: Lang, q: &Questionnaire, advice: &Advice) -> Vec<String> {
    let set = &q.sets()[advice.set];
    if set.ids.len() < 3 {
        return Vec::new();
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
        None => lang
            .pick(
                "CR so far: – (too few answers yet)",
                "CR hittills: – (för få svar ännu)",
            )
            .to_string(),
    };
    if !advice.jumped {
        return vec![line];
    }
    let (Some(cr), Some(conflict)) = (advice.cr, &advice.conflict) else {
        return vec![line];
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
    vec![line, lines.join("\n")]
}

/// The words before a round of revisits: the CR, and what to do.
pub fn revisit_intro(lang: Lang, offer: &Offer) -> Option<String> {
    if !offer.first_of_round {
        return None;
    }
    Some(match lang {
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
    })
}

/// A judgment offered for revisiting: what was answered and what is
/// suggested, and the question (keep, take the suggestion, a new value).
pub fn revisit_offer(lang: Lang, q: &Questionnaire, offer: &Offer) -> (String, String) {
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
        lang.pick("Suggested: equal (1)", "Föreslaget: lika (1)")
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
    let question = match lang {
        Lang::Sv => format!(
            "Enter = behåll, f = ta förslaget, eller ett nytt värde för {a} före {b} (lika … extremt eller 1–9; 1/2 … 1/9 om {b} är viktigast)"
        ),
        Lang::En => format!(
            "Enter = keep, s = take the suggestion, or a new value for {a} over {b} (equal … extreme or 1–9; 1/2 … 1/9 if {b} matters more)"
        ),
    };
    (format!("{given} {suggestion_text}."), question)
}

/// A revisit answer not understood.
pub fn revisit_refused(lang: Lang, refusal: Refusal) -> &'static str {
    match (refusal, lang) {
        (Refusal::OutOfRange, Lang::Sv) => {
            "Värdet ska vara från 1/9 till 9 (eller Enter för att behålla)."
        }
        (Refusal::OutOfRange, Lang::En) => "The value must be from 1/9 to 9 (or Enter to keep).",
        (_, Lang::Sv) => {
            "Okänt svar: Enter behåller, f tar förslaget, annars ett ord på skalan (lika … extremt) eller ett tal."
        }
        (_, Lang::En) => {
            "Not understood: Enter keeps, s takes the suggestion, otherwise a word of the scale (equal … extreme) or a number."
        }
    }
}

/// What a revisit changed: the CR now, or the answers kept as they are.
pub fn revisit_outcome(lang: Lang, outcome: &RevisitOutcome) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(cr) = outcome.cr_now {
        lines.push(match lang {
            Lang::Sv => {
                format!("CR nu: {} ({})", show_cr(lang, cr), cr_verdict(lang, cr))
            }
            Lang::En => {
                format!("CR now: {} ({})", show_cr(lang, cr), cr_verdict(lang, cr))
            }
        });
    }
    if let Some(cr) = outcome.kept_with {
        lines.push(match lang {
            Lang::Sv => format!("Svaren behålls som de är (CR = {}).", show_cr(lang, cr)),
            Lang::En => format!(
                "The answers are kept as they are (CR = {}).",
                show_cr(lang, cr)
            ),
        });
    }
    lines
}

/// The group's resulting weights (every criterion, global, indented by
/// level) and its ranking of the alternatives.
pub fn summary(
    lang: Lang,
    model: &Model,
    settings: &Settings,
    spec: &GroupSpec,
    name: &str,
) -> Result<Vec<String>, Diagnostic> {
    let mut lines = Vec::new();
    let evaluation = spec
        .evaluate(model, settings)
        .map(|evaluated| evaluated.result.evaluation)
        .map_err(|e| {
            Diagnostic::in_both(|l| {
                let lead = l.pick(
                    "cannot evaluate the group's answers",
                    "kan inte beräkna gruppens svar",
                );
                format!("{lead}: {}", e.message(l))
            })
        })?;
    lines.push(match lang {
        Lang::Sv => format!(
            "
Klart. Så här väger {name} kriterierna (andel av helheten):"
        ),
        Lang::En => format!(
            "
Done. This is how {name} weighs the criteria (share of the whole):"
        ),
    });
    let width = evaluation
        .criteria
        .iter()
        .map(|c| c.name.chars().count() + 2 * c.depth)
        .max()
        .unwrap_or(0);
    for c in &evaluation.criteria {
        let label = format!("{}{}", "  ".repeat(c.depth), c.name);
        let pad = width.saturating_sub(label.chars().count());
        lines.push(format!(
            "  {label}{}  {:>7}",
            " ".repeat(pad),
            lang.percent(c.global_weight)
        ));
    }
    lines.push(match lang {
        Lang::Sv => format!("Rangordning av alternativen så som {name} väger kriterierna:"),
        Lang::En => format!("The alternatives ranked as {name} weighs the criteria:"),
    });
    let mut ranked: Vec<_> = evaluation.alternatives.iter().collect();
    ranked.sort_by_key(|a| a.rank);
    let width = ranked
        .iter()
        .map(|a| a.name.chars().count())
        .max()
        .unwrap_or(0);
    for a in ranked {
        let pad = width.saturating_sub(a.name.chars().count());
        lines.push(format!(
            "  {}. {}{}  {}",
            a.rank,
            a.name,
            " ".repeat(pad),
            lang.fixed(a.score, 3)
        ));
    }
    if let Some(cr) = evaluation
        .goal_weights
        .analysis
        .as_ref()
        .map(|a| a.cr)
        .filter(|cr| *cr > CR_THRESHOLD)
    {
        lines.push(match lang {
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
        });
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::{Reply, Strength};

    fn questionnaire() -> Questionnaire {
        let n = 3;
        let set = SiblingSet {
            key: None,
            title: "goal".into(),
            ids: (0..n).map(|i| format!("c{i}")).collect(),
            names: (0..n).map(|i| format!("C{i}")).collect(),
            descriptions: vec![String::new(); n],
            alternatives: false,
        };
        Questionnaire::new(vec![set], Settings::default())
    }

    #[test]
    fn the_progress_and_the_question_in_either_language() {
        let mut q = questionnaire();
        q.answer(Reply::First(Strength::Step(3)));
        assert_eq!(
            heading(Lang::Sv, &q, 0),
            "\nJämför huvudkriterierna (3 st, 3 frågor; 1 av 3 besvarade hittills)."
        );
        assert_eq!(
            heading(Lang::En, &q, 0),
            "\nCompare the top-level criteria (3, 3 questions; 1 of 3 answered so far)."
        );
        let question = q.next_question().unwrap();
        assert!(
            which_question(Lang::Sv, &q, &question)
                .starts_with("[2/3] Vilket är viktigast: C0 eller C2?")
        );
        assert!(how_much_question(Lang::En).contains("moderate, moderate plus"));
    }

    #[test]
    fn a_jump_in_cr_names_the_earlier_answer_and_what_would_fit() {
        // As in questionnaire.rs: C1 > C2 (3) closes a circle.
        let mut q = questionnaire();
        q.answer(Reply::First(Strength::Step(3)));
        let calm = q.answer(Reply::Second(Strength::Step(5))).unwrap();
        assert_eq!(
            advice_text(Lang::En, &q, &calm),
            ["CR so far: 0.00 (acceptable)"]
        );
        let advice = q.answer(Reply::First(Strength::Step(3))).unwrap();
        let text = advice_text(Lang::Sv, &q, &advice);
        assert_eq!(text.len(), 2, "{text:?}");
        assert!(text[0].starts_with("CR hittills: "), "{text:?}");
        assert!(
            text[1].starts_with("Obs: CR steg från 0,00 till "),
            "{text:?}"
        );
        assert!(text[1].contains("ditt tidigare svar ”C"), "{text:?}");
        assert!(text[1].contains("Svaret du just gav skulle passa som ”C1 och C2 lika viktiga”"));
    }
}
