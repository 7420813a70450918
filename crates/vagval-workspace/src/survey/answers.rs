//! Reading the survey's answers and showing them, in English or Swedish:
//! which of a pair matters more, how much (a word of core's scale or a
//! number), the commands (back, skip, help), a revisited judgment, the
//! seats; an answer and a CR in words. Shared by every front end, so the
//! same answers mean the same in each.

use crate::questionnaire::{Answer, SiblingSet, Strength};
use vagval_core::consistency::CR_THRESHOLD;
use vagval_core::scale::{
    STEP_WORDS_EN, STEP_WORDS_SV, ScaleValue, ValueError, label_value, parse_value,
};
use vagval_report::Lang;

/// The word of step 1..=9 of the scale, written and offered (core's words).
pub fn label(lang: Lang, step: u8) -> &'static str {
    let labels = match lang {
        Lang::Sv => &STEP_WORDS_SV,
        Lang::En => &STEP_WORDS_EN,
    };
    labels[usize::from(step.clamp(1, 9)) - 1]
}

/// A whole number ≥ 1.
pub fn parse_seats(text: &str) -> Option<u32> {
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
pub fn show_strength(lang: Lang, strength: Strength) -> String {
    match strength {
        Strength::Step(step) => format!("{} ({step})", label(lang, step)),
        // A whole number typed is still a step of the scale: say its word.
        Strength::Number(value) => match Strength::of(value) {
            Strength::Step(step) => format!("{} ({step})", label(lang, step)),
            Strength::Number(_) => lang.localise(&ScaleValue(value).to_string()),
        },
    }
}

/// An answer in words: `A före B, starkt (5)` / `A och B lika viktiga`
/// (alternatives: `lika bra`).
pub fn show_answer(lang: Lang, set: &SiblingSet, answer: Answer) -> String {
    let (a, b) = (&set.names[answer.first], &set.names[answer.second]);
    if answer.strength.value() == 1.0 {
        // Alternatives are as good on a criterion; criteria as important.
        match (lang, set.alternatives) {
            (Lang::Sv, false) => format!("{a} och {b} lika viktiga"),
            (Lang::En, false) => format!("{a} and {b} equally important"),
            (Lang::Sv, true) => format!("{a} och {b} lika bra"),
            (Lang::En, true) => format!("{a} and {b} equally good"),
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
pub enum Which {
    First,
    Second,
    Equal,
}

/// A command that may be typed at any question of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Back,
    Skip,
    Help,
}

pub fn parse_command(text: &str) -> Option<Command> {
    match text.trim().to_lowercase().as_str() {
        "<" | "tillbaka" | "ångra" | "back" | "undo" => Some(Command::Back),
        "-" | "vet ej" | "vet inte" | "hoppa över" | "skip" | "don't know" | "dont know"
        | "pass" => Some(Command::Skip),
        "?" | "hjälp" | "help" => Some(Command::Help),
        _ => None,
    }
}

/// The answer to "which matters more": `1`, `2` or `=` (or the word for equal).
pub fn parse_which(text: &str) -> Option<Which> {
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
pub enum Refusal {
    Empty,
    Fraction,
    OutOfRange,
    NotUnderstood,
}

impl Refusal {
    pub fn explain(self, lang: Lang) -> String {
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
                STEP_WORDS_SV.join(", ")
            ),
            (Refusal::NotUnderstood, Lang::En) => format!(
                "Not understood: type {} or a number 1–9.",
                STEP_WORDS_EN.join(", ")
            ),
        }
    }
}

/// How much more: a verbal label (English or Swedish) or a number 1–9.
pub fn parse_magnitude(text: &str) -> Result<Strength, Refusal> {
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
pub enum RevisitChoice {
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
pub fn parse_revisit(text: &str) -> Result<RevisitChoice, Refusal> {
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

/// `0,04` / `0.04`; three decimals where two would hide which side of 0.10
/// the CR is on.
pub fn show_cr(lang: Lang, cr: f64) -> String {
    let mut text = format!("{cr:.2}");
    if text == format!("{CR_THRESHOLD:.2}") && cr != CR_THRESHOLD {
        text = format!("{cr:.3}");
    }
    lang.localise(&text)
}

pub fn cr_verdict(lang: Lang, cr: f64) -> String {
    let threshold = show_cr(lang, CR_THRESHOLD);
    match (cr > CR_THRESHOLD, lang) {
        (false, Lang::Sv) => "godtagbart".to_string(),
        (false, Lang::En) => "acceptable".to_string(),
        (true, Lang::Sv) => format!("för högt, över {threshold}"),
        (true, Lang::En) => format!("too high, above {threshold}"),
    }
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
    fn cr_in_either_language() {
        assert_eq!(show_cr(Lang::Sv, 0.0412), "0,04");
        assert_eq!(show_cr(Lang::En, 0.0412), "0.04");
        assert_eq!(show_cr(Lang::En, 0.1004), "0.100");
        assert_eq!(cr_verdict(Lang::Sv, 0.04), "godtagbart");
        assert_eq!(cr_verdict(Lang::Sv, 0.2), "för högt, över 0,10");
        assert_eq!(cr_verdict(Lang::En, 0.2), "too high, above 0.10");
    }
}
