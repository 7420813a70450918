//! Command-line (clap) errors in the run's language: clap words its usage
//! errors in English only, so under `--lang sv` they are rendered here in
//! Swedish from the error's kind and context, in the shape clap prints
//! (`fel: …`, tips, the usage line, where to find help). English is clap's
//! own text, byte for byte. `--help` and `--version` are not errors: their
//! English text is documentation, printed as clap writes it.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::ffi::OsString;
use std::fmt;
use vagval_report::Lang;

/// The language of a command line that clap has not parsed (or refused):
/// the value of the last `--lang X` / `--lang=X` before a `--` (the last
/// one wins, as with clap), else `default`. A last `--lang` whose value is
/// not a language counts as absent, so the error about it speaks the
/// locale's language (and names `sv` and `en` in both).
pub(crate) fn lang_of_args(args: &[OsString], default: Lang) -> Lang {
    let mut last = None;
    let mut rest = args.iter().skip(1).map(|arg| arg.to_str());
    while let Some(arg) = rest.next() {
        match arg {
            Some("--") => break,
            Some("--lang") => last = Some(rest.next().flatten()),
            Some(arg) => {
                if let Some(value) = arg.strip_prefix("--lang=") {
                    last = Some(Some(value));
                }
            }
            None => {}
        }
    }
    last.flatten()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// A value that one of vagval's own value parsers refused, worded in both
/// languages. Its `Display` is the English text (what clap prints); the
/// Swedish rendering downcasts clap's source error to it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ValueError {
    /// `--lang`: not a language (the text as compared: trimmed, lower case).
    Lang(String),
    /// `--max-cr`: not a finite number of at least 0.
    MaxCr(String),
    /// A named choice that its type did not recognise.
    Choice(String),
}

impl ValueError {
    pub(crate) fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ValueError::Lang(text), Lang::En) => {
                format!("unknown language `{text}`: use `sv` or `en`")
            }
            (ValueError::Lang(text), Lang::Sv) => {
                format!("okänt språk `{text}`: använd `sv` eller `en`")
            }
            (ValueError::MaxCr(text), Lang::En) => {
                format!("`{text}` is not a CR bound: give a number of at least 0, e.g. 0.1")
            }
            (ValueError::MaxCr(text), Lang::Sv) => {
                format!("`{text}` är ingen CR-gräns: ge ett tal som är minst 0, t.ex. 0,1")
            }
            (ValueError::Choice(text), Lang::En) => format!("`{text}` is not a known choice"),
            (ValueError::Choice(text), Lang::Sv) => format!("`{text}` är inget känt val"),
        }
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ValueError {}

/// The text of a clap error in `lang`. Swedish covers every kind our
/// command line produces; another kind (or one without the context its
/// wording needs) prints clap's English, saying so in Swedish.
pub(crate) fn render(error: &clap::Error, lang: Lang) -> String {
    let english = error.render().to_string();
    if lang == Lang::En {
        return english;
    }
    // A command group named without its subcommand (`vagval sensitivity`):
    // clap answers with the group's help, which is documentation and stays
    // English; a Swedish line says why it is shown.
    if error.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        return format!(
            "fel: ett underkommando saknas; hjälptexten nedan (på engelska) visar vilka som finns\n\n{english}"
        );
    }
    match swedish(error, &english) {
        Some(text) => text,
        None => match english.strip_prefix("error: ") {
            Some(rest) => format!("fel (tolkens text finns bara på engelska): {rest}"),
            // Help and version (documentation) and anything else unframed.
            None => english,
        },
    }
}

/// `fel: …`, the tips, the usage line and where to find help, in Swedish;
/// None for a kind not handled here.
fn swedish(error: &clap::Error, english: &str) -> Option<String> {
    let mut out = format!("fel: {}", message(error)?);
    let mut tips = Vec::new();
    for (kind, one, many) in [
        (
            ContextKind::SuggestedSubcommand,
            "ett liknande underkommando",
            "liknande underkommandon",
        ),
        (
            ContextKind::SuggestedArg,
            "ett liknande argument",
            "liknande argument",
        ),
        (
            ContextKind::SuggestedValue,
            "ett liknande värde",
            "liknande värden",
        ),
    ] {
        match error.get(kind) {
            Some(ContextValue::String(name)) => tips.push(format!("det finns {one}: '{name}'")),
            Some(ContextValue::Strings(names)) if !names.is_empty() => {
                let what = if names.len() == 1 { one } else { many };
                tips.push(format!("det finns {what}: {}", quoted(names, ", ")));
            }
            _ => {}
        }
    }
    if let Some(ContextValue::StyledStrs(suggested)) = error.get(ContextKind::Suggested) {
        for tip in suggested {
            tips.push(suggestion(&tip.to_string())?);
        }
    }
    if !tips.is_empty() {
        out.push('\n');
    }
    for tip in tips {
        out.push_str(&format!("\n  tips: {tip}"));
    }
    if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
        out.push_str(&format!("\n\n{}", usage_line(&usage.to_string())));
    }
    // Where clap points for help (`--help`), as it does in English.
    let help = english
        .rsplit_once("\n\nFor more information, try '")
        .and_then(|(_, rest)| rest.strip_suffix("'.\n"));
    match help {
        Some(flag) => out.push_str(&format!("\n\nFör mer information, prova '{flag}'.\n")),
        None => out.push('\n'),
    }
    Some(out)
}

/// The first line of a Swedish clap error, after `fel: `.
fn message(error: &clap::Error) -> Option<String> {
    let text = |kind| match error.get(kind) {
        Some(ContextValue::String(text)) => Some(text.as_str()),
        _ => None,
    };
    let number = |kind| match error.get(kind) {
        Some(ContextValue::Number(n)) => Some(*n),
        _ => None,
    };
    let arg = text(ContextKind::InvalidArg);
    let value = text(ContextKind::InvalidValue);
    Some(match error.kind() {
        ErrorKind::InvalidValue => {
            let (arg, value) = (arg?, value?);
            let head = if value.is_empty() {
                format!("'{arg}' behöver ett värde, men inget gavs")
            } else {
                format!("ogiltigt värde '{value}' för '{arg}'")
            };
            head + &values_list("möjliga värden", error.get(ContextKind::ValidValue))
        }
        ErrorKind::ValueValidation => {
            let head = format!("ogiltigt värde '{}' för '{}'", value?, arg?);
            match clap_source(error) {
                Some(source) => format!("{head}: {}", source_sv(source)?),
                None => head,
            }
        }
        ErrorKind::UnknownArgument => format!("oväntat argument '{}'", arg?),
        ErrorKind::InvalidSubcommand => {
            format!(
                "okänt underkommando '{}'",
                text(ContextKind::InvalidSubcommand)?
            )
        }
        ErrorKind::MissingRequiredArgument => match error.get(ContextKind::InvalidArg)? {
            ContextValue::Strings(args) => args.iter().fold(
                "följande argument krävs men gavs inte:".to_string(),
                |out, arg| format!("{out}\n  {arg}"),
            ),
            _ => return None,
        },
        ErrorKind::MissingSubcommand => {
            format!(
                "'{}' kräver ett underkommando, men inget gavs",
                text(ContextKind::InvalidSubcommand)?
            ) + &values_list("underkommandon", error.get(ContextKind::ValidSubcommand))
        }
        ErrorKind::ArgumentConflict => conflict(error)?,
        ErrorKind::TooManyValues => {
            format!(
                "oväntat värde '{}' för '{}'; inga fler väntas",
                value?, arg?
            )
        }
        ErrorKind::TooFewValues => format!(
            "{} värden krävs för '{}'; bara {} gavs",
            number(ContextKind::MinValues)?,
            arg?,
            number(ContextKind::ActualNumValues)?
        ),
        ErrorKind::WrongNumberOfValues => format!(
            "{} värden krävs för '{}', men {} gavs",
            number(ContextKind::ExpectedNumValues)?,
            arg?,
            number(ContextKind::ActualNumValues)?
        ),
        ErrorKind::NoEquals => format!("ett likhetstecken behövs när '{}' får ett värde", arg?),
        ErrorKind::InvalidUtf8 => "ogiltig UTF-8 i ett eller flera argument".to_string(),
        // Documentation (stays English), clap's own output failures, and any
        // kind a later clap adds: clap's English, said to be English.
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        | ErrorKind::DisplayVersion
        | ErrorKind::Io
        | ErrorKind::Format => return None,
        _ => return None,
    })
}

/// `ArgumentConflict`: an argument given twice, or with one it excludes.
fn conflict(error: &clap::Error) -> Option<String> {
    let mut prior = error.get(ContextKind::PriorArg);
    let head = match error.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(arg)) if prior == error.get(ContextKind::InvalidArg) => {
            prior = None;
            format!("argumentet '{arg}' får bara ges en gång")
        }
        Some(ContextValue::String(arg)) => format!("argumentet '{arg}' kan inte användas med"),
        _ => match error.get(ContextKind::InvalidSubcommand) {
            Some(ContextValue::String(sub)) => {
                format!("underkommandot '{sub}' kan inte användas med")
            }
            _ => return None,
        },
    };
    Some(match prior {
        None => head,
        Some(ContextValue::Strings(args)) => args
            .iter()
            .fold(head + ":", |out, arg| format!("{out}\n  {arg}")),
        Some(ContextValue::String(arg)) => format!("{head} '{arg}'"),
        Some(_) => format!("{head} ett eller flera av de andra argumenten"),
    })
}

/// The source error of a `ValueValidation` (the value parser's error).
fn clap_source(error: &clap::Error) -> Option<&(dyn std::error::Error + 'static)> {
    std::error::Error::source(error)
}

/// A value parser's error in Swedish: ours, the standard number parsers',
/// clap's range check; None for another (printed in English, said so).
fn source_sv(source: &(dyn std::error::Error + 'static)) -> Option<String> {
    if let Some(ours) = source.downcast_ref::<ValueError>() {
        return Some(ours.message(Lang::Sv));
    }
    if let Some(int) = source.downcast_ref::<std::num::ParseIntError>() {
        use std::num::IntErrorKind;
        return Some(
            match int.kind() {
                IntErrorKind::Empty => "inget tal",
                IntErrorKind::InvalidDigit => "inget heltal (ogiltig siffra)",
                IntErrorKind::PosOverflow => "talet är för stort",
                IntErrorKind::NegOverflow => "talet är för litet",
                IntErrorKind::Zero => "talet får inte vara 0",
                _ => return None,
            }
            .to_string(),
        );
    }
    if source.downcast_ref::<std::num::ParseFloatError>().is_some() {
        return Some("inget tal".to_string());
    }
    // clap's range check (`value_parser!(u32).range(1..)`): "0 is not in 1..=4294967295".
    let text = source.to_string();
    let (value, bounds) = text.split_once(" is not in ")?;
    Some(format!("{value} ligger inte i {bounds}"))
}

/// One of clap's ready-worded tips, in Swedish; None for an unknown shape.
fn suggestion(tip: &str) -> Option<String> {
    if let Some(rest) = tip.strip_prefix("to pass '") {
        let (value, rest) = rest.split_once("' as a value, use '")?;
        let written = rest.strip_suffix('\'')?;
        return Some(format!(
            "för att ge '{value}' som ett värde, skriv '{written}'"
        ));
    }
    if let Some(rest) = tip.strip_prefix("subcommand '") {
        let (name, rest) = rest.split_once("' exists; ")?;
        (rest == "to use it, remove the '--' before it").then(|| {
            format!("underkommandot '{name}' finns; ta bort '--' före det för att använda det")
        })
    } else {
        let exists = tip.strip_suffix(" exists")?;
        Some(format!("{exists} finns"))
    }
}

/// clap's usage line (`Usage: vagval [OPTIONS] <COMMAND>`) in Swedish; the
/// value names (`<GROUP>`) are the help's, which stays English.
fn usage_line(usage: &str) -> String {
    let swedish = usage
        .replace("[OPTIONS]", "[FLAGGOR]")
        .replace("<COMMAND>", "<KOMMANDO>");
    match swedish.strip_prefix("Usage: ") {
        // Further lines are aligned under the first's command.
        Some(rest) => format!(
            "Användning: {}",
            rest.replace("\n       ", "\n            ")
        ),
        None => swedish,
    }
}

/// `\n  [NAME: a, b, c]`, or nothing for no values.
fn values_list(name: &str, values: Option<&ContextValue>) -> String {
    match values {
        Some(ContextValue::Strings(values)) if !values.is_empty() => {
            format!("\n  [{name}: {}]", values.join(", "))
        }
        _ => String::new(),
    }
}

fn quoted(names: &[String], separator: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("'{name}'")).collect();
    quoted.join(separator)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        std::iter::once("vagval")
            .chain(list.iter().copied())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn the_last_lang_before_a_double_dash_wins() {
        let check = |list: &[&str], default, expected| {
            assert_eq!(lang_of_args(&args(list), default), expected, "{list:?}");
        };
        check(&["evaluate"], Lang::Sv, Lang::Sv);
        check(&["--lang", "sv", "evaluate"], Lang::En, Lang::Sv);
        check(&["--lang=svenska"], Lang::En, Lang::Sv);
        check(&["--lang", "sv", "--lang=en"], Lang::Sv, Lang::En);
        check(&["--lang", "en", "x", "--lang", "sv"], Lang::En, Lang::Sv);
        // A last value that is no language: the default speaks.
        check(&["--lang", "sv", "--lang", "xx"], Lang::En, Lang::En);
        check(&["--lang"], Lang::Sv, Lang::Sv);
        check(&["--", "--lang", "sv"], Lang::En, Lang::En);
    }

    /// Kinds our command line cannot produce, from a small command that
    /// can: still Swedish, with clap's numbers.
    #[test]
    fn value_counts_and_equals_are_swedish_too() {
        let cmd = || {
            clap::Command::new("t")
                .arg(clap::Arg::new("pair").long("pair").num_args(2))
                .arg(clap::Arg::new("few").long("few").num_args(3..))
                .arg(clap::Arg::new("eq").long("eq").require_equals(true))
        };
        for (list, expected) in [
            (
                &["--pair", "a"][..],
                "fel: 2 värden krävs för '--pair <pair> <pair>', men 1 gavs",
            ),
            (
                &["--few", "a"][..],
                "fel: 3 värden krävs för '--few <few> <few> <few>...'; bara 1 gavs",
            ),
            (
                &["--eq", "a"][..],
                "fel: ett likhetstecken behövs när '--eq=<eq>' får ett värde",
            ),
        ] {
            let error = cmd().try_get_matches_from(args(list)).unwrap_err();
            let text = render(&error, Lang::Sv);
            assert!(text.starts_with(expected), "{list:?}: {text}");
            assert!(
                text.ends_with("För mer information, prova '--help'.\n"),
                "{text}"
            );
        }
    }

    #[test]
    fn an_unhandled_kind_says_it_is_english() {
        let error = clap::Error::raw(ErrorKind::Io, "broken\n");
        assert_eq!(
            render(&error, Lang::Sv),
            "fel (tolkens text finns bara på engelska): broken\n"
        );
        assert_eq!(render(&error, Lang::En), "error: broken\n");
    }
}
