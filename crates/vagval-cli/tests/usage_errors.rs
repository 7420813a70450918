//! Command-line (clap) errors in both languages, through the binary: under
//! `--lang sv` (or a Swedish locale) every kind of usage error our command
//! line can produce is Swedish, our own value parsers' texts included, and
//! exits 2; in English clap's text is unchanged; `--help` stays English
//! (documentation).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Run, TempDir, run_in, run_in_env};

/// Words of clap's English templates and of our value parsers' English
/// texts; none may appear in a Swedish error outside the quoted parts
/// (which repeat what the user typed and the flags' own names).
const ENGLISH: &[&str] = &[
    "error",
    "invalid",
    "value",
    "unexpected",
    "found",
    "usage",
    "for more",
    "try",
    "tip:",
    "similar",
    "exist",
    "required",
    "provided",
    "cannot",
    "subcommand",
    "possible",
    "options",
    "command",
    "the following",
    "was provided",
    "expected",
    "give a number",
    "digit",
    "float",
    "is not",
    "unknown",
    "language",
    "english",
    "engelska",
];

/// `text` without its '…' and `…` quotations.
fn unquoted(text: &str) -> String {
    let mut out = String::new();
    let mut quote = None;
    for c in text.chars() {
        match (quote, c) {
            (None, '\'' | '`') => quote = Some(c),
            (Some(open), c) if c == open => quote = None,
            (None, c) => out.push(c),
            _ => {}
        }
    }
    out
}

fn assert_swedish(run: &Run, args: &[&str], expected: &[&str]) {
    assert_eq!(run.code, 2, "{args:?}: {run:?}");
    assert!(run.stdout.is_empty(), "{args:?}: {run:?}");
    let text = &run.stderr;
    assert!(text.starts_with("fel: "), "{args:?}: {text}");
    assert!(
        text.ends_with("\n\nFör mer information, prova '--help'.\n"),
        "{args:?}: {text}"
    );
    for part in expected {
        assert!(text.contains(part), "{args:?}: no `{part}` in\n{text}");
    }
    let words = unquoted(text).to_lowercase();
    for english in ENGLISH {
        assert!(
            !words.contains(english),
            "{args:?}: English `{english}` in\n{text}"
        );
    }
}

/// Each kind of clap error our command line produces (and the variants of
/// its wording: tips, lists, our parsers' and the number parsers' texts),
/// with what the Swedish text must say.
const CASES: &[(&[&str], &[&str])] = &[
    // ValueValidation, our own parser.
    (
        &["groups", "--max-cr", "abc"],
        &[
            "fel: ogiltigt värde 'abc' för '--max-cr <CR>': `abc` är ingen CR-gräns",
            "0,1",
        ],
    ),
    // InvalidValue with the possible values, and with a similar one.
    (
        &["--method", "foo", "evaluate"],
        &["ogiltigt värde 'foo'", "[möjliga värden: eigenvector,"],
    ),
    (
        &["--method=eigen", "evaluate"],
        &["tips: det finns ett liknande värde: 'eigenvector'"],
    ),
    // InvalidValue without a value.
    (
        &["evaluate", "--group"],
        &["fel: '--group <GROUP>' behöver ett värde, men inget gavs"],
    ),
    // InvalidSubcommand, with a similar one.
    (
        &["evaluat"],
        &[
            "fel: okänt underkommando 'evaluat'\n\n  tips: det finns ett liknande underkommando: 'evaluate'",
            "\n\nAnvändning: vagval [FLAGGOR] <KOMMANDO>\n",
        ],
    ),
    // UnknownArgument, plain, with a similar argument, with clap's tips.
    (
        &["evaluate", "--nope"],
        &[
            "fel: oväntat argument '--nope'",
            "Användning: vagval evaluate",
        ],
    ),
    (
        &["evaluate", "--al-groups"],
        &["tips: det finns ett liknande argument: '--all-groups'"],
    ),
    (
        &["--aggregation", "aip", "groups"],
        &["tips: 'groups --aggregation' finns"],
    ),
    (
        &["--", "evaluate"],
        &["tips: underkommandot 'evaluate' finns; ta bort '--' före det"],
    ),
    // MissingRequiredArgument.
    (
        &["survey"],
        &["fel: följande argument krävs men gavs inte:\n  --group <GROUP>\n"],
    ),
    // ArgumentConflict: two that exclude each other, one given twice.
    (
        &["evaluate", "--group", "a", "--all-groups"],
        &["fel: argumentet '--group <GROUP>' kan inte användas med '--all-groups'"],
    ),
    (
        &["evaluate", "--workspace", "a", "--workspace", "b"],
        &["fel: argumentet '--workspace <DIR>' får bara ges en gång"],
    ),
    // MissingSubcommand.
    (
        &[],
        &[
            "fel: 'vagval' kräver ett underkommando",
            "[underkommandon: check, evaluate,",
        ],
    ),
    // TooManyValues.
    (
        &["evaluate", "--all-groups=yes"],
        &["fel: oväntat värde 'yes' för '--all-groups'"],
    ),
    // ValueValidation from the number parsers and clap's range check.
    (
        &["sensitivity", "monte-carlo", "--samples", "x"],
        &["'--samples <SAMPLES>': inget heltal"],
    ),
    (
        &["sensitivity", "monte-carlo", "--spread", "x"],
        &["'--spread <SPREAD>': inget tal"],
    ),
    (
        &["survey", "--group", "a", "--seats", "0"],
        &["0 ligger inte i 1..="],
    ),
];

#[test]
fn every_usage_error_is_swedish_under_lang_sv() {
    let dir = TempDir::new("usage-sv");
    for (args, expected) in CASES {
        let full: Vec<&str> = ["--lang", "sv"]
            .iter()
            .chain(args.iter())
            .copied()
            .collect();
        assert_swedish(&run_in(dir.path(), &full), &full, expected);
    }
}

#[test]
fn a_swedish_locale_speaks_swedish_unless_lang_says_otherwise() {
    let dir = TempDir::new("usage-locale");
    let sv = [("LANG", "sv_SE.UTF-8")];
    let args = ["evaluate", "--nope"];
    assert_swedish(
        &run_in_env(dir.path(), &args, &sv),
        &args,
        &["oväntat argument"],
    );
    // The last --lang wins, as with clap.
    let english = run_in_env(
        dir.path(),
        &["--lang", "sv", "evaluate", "--lang=en", "--nope"],
        &sv,
    );
    assert!(
        english
            .stderr
            .starts_with("error: unexpected argument '--nope' found"),
        "{english:?}"
    );
    let args = ["--lang", "en", "evaluate", "--lang", "sv", "--nope"];
    assert_swedish(
        &run_in(dir.path(), &args),
        &args,
        &["oväntat argument '--nope'"],
    );
}

/// A `--lang` that is no language: its error speaks the locale's language.
#[test]
fn an_unknown_lang_errs_in_the_locale_language() {
    let dir = TempDir::new("usage-lang");
    let args = ["--lang", "xx", "evaluate"];
    let sv = run_in_env(dir.path(), &args, &[("LANG", "sv_SE.UTF-8")]);
    assert_swedish(
        &sv,
        &args,
        &["fel: ogiltigt värde 'xx' för '--lang <LANG>': okänt språk `xx`: använd `sv` eller `en`"],
    );
    let en = run_in(dir.path(), &args);
    assert_eq!(en.code, 2);
    assert_eq!(
        en.stderr,
        "error: invalid value 'xx' for '--lang <LANG>': unknown language `xx`: use `sv` or `en`\n\nFor more information, try '--help'.\n"
    );
}

/// Clap's English, byte for byte as before the Swedish rendering.
#[test]
fn english_usage_errors_are_clap_s() {
    let dir = TempDir::new("usage-en");
    let more = "\n\nFor more information, try '--help'.\n";
    let cases: &[(&[&str], String)] = &[
        (
            &["groups", "--max-cr", "abc"],
            format!(
                "error: invalid value 'abc' for '--max-cr <CR>': `abc` is not a CR bound: give a number of at least 0, e.g. 0.1{more}"
            ),
        ),
        (
            &["--method", "foo", "evaluate"],
            format!(
                "error: invalid value 'foo' for '--method <METHOD>'\n  [possible values: eigenvector, geometric, additive]{more}"
            ),
        ),
        (
            &["evaluat"],
            format!(
                "error: unrecognized subcommand 'evaluat'\n\n  tip: a similar subcommand exists: 'evaluate'\n\nUsage: vagval [OPTIONS] <COMMAND>{more}"
            ),
        ),
        (
            &["evaluate", "--nope"],
            format!(
                "error: unexpected argument '--nope' found\n\nUsage: vagval evaluate [OPTIONS]{more}"
            ),
        ),
        (
            &["survey"],
            format!(
                "error: the following required arguments were not provided:\n  --group <GROUP>\n\nUsage: vagval survey --group <GROUP>{more}"
            ),
        ),
        (
            &["evaluate", "--group", "a", "--all-groups"],
            format!(
                "error: the argument '--group <GROUP>' cannot be used with '--all-groups'\n\nUsage: vagval evaluate --group <GROUP>{more}"
            ),
        ),
    ];
    for (args, expected) in cases {
        for lang in [&["--lang", "en"][..], &[]] {
            let full: Vec<&str> = lang.iter().chain(args.iter()).copied().collect();
            let run = run_in(dir.path(), &full);
            assert_eq!(run.code, 2, "{full:?}: {run:?}");
            assert_eq!(&run.stderr, expected, "{full:?}");
        }
    }
}

/// Help is documentation: English under --lang sv, as clap writes it.
#[test]
fn help_stays_english() {
    let dir = TempDir::new("usage-help");
    let help = run_in(dir.path(), &["--lang", "sv", "evaluate", "--help"]);
    assert_eq!(help.code, 0, "{help:?}");
    assert!(
        help.stdout.contains("\nUsage: vagval evaluate [OPTIONS]"),
        "{help:?}"
    );
    let missing = run_in(dir.path(), &["--lang", "sv", "sensitivity"]);
    assert_eq!(missing.code, 2, "{missing:?}");
    assert!(
        missing
            .stderr
            .contains("Usage: vagval sensitivity [OPTIONS] <COMMAND>"),
        "{missing:?}"
    );
}

/// Arguments that are not UTF-8 (InvalidUtf8): Swedish too.
#[cfg(unix)]
#[test]
fn arguments_that_are_not_utf8_are_refused_in_swedish() {
    use std::os::unix::ffi::OsStrExt;
    let dir = TempDir::new("usage-utf8");
    let output = common::command(dir.path())
        .args(["--lang", "sv", "evaluate", "--group"])
        .arg(std::ffi::OsStr::from_bytes(b"\xff"))
        .output()
        .unwrap();
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert_swedish(
        &run,
        &["--group", "\\xff"],
        &["fel: ogiltig UTF-8 i ett eller flera argument"],
    );
}

/// A command group without its subcommand (`vagval sensitivity`): clap
/// answers with the group's help (documentation, English); in Swedish a
/// first line says why it is shown. Exit 2 in both languages.
#[test]
fn a_missing_subcommand_is_said_in_swedish_before_the_help() {
    let dir = TempDir::new("usage-missing-sub");
    let sv = run_in(dir.path(), &["--lang", "sv", "sensitivity"]);
    assert_eq!(sv.code, 2);
    let text = format!("{}{}", sv.stdout, sv.stderr);
    assert!(text.starts_with("fel: ett underkommando saknas"), "{text}");
    let en = run_in(dir.path(), &["--lang", "en", "sensitivity"]);
    assert_eq!(en.code, 2);
    assert!(!format!("{}{}", en.stdout, en.stderr).contains("fel:"));
}
