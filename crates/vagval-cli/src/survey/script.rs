//! The group script the survey writes (docs/lua-api.md): deterministic (no
//! date), comments in the survey's language, every string a one-line Lua
//! literal whatever it holds.

use super::questionnaire::{Questionnaire, Strength};
use std::fmt::Write as _;
use vagval_core::pairwise::Judgment;
use vagval_report::Lang;

/// The canonical labels written and offered, by step 1..=9.
pub(crate) const LABELS_SV: [&str; 9] = [
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
pub(crate) const LABELS_EN: [&str; 9] = [
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

pub(crate) fn label(lang: Lang, step: u8) -> &'static str {
    let labels = match lang {
        Lang::Sv => &LABELS_SV,
        Lang::En => &LABELS_EN,
    };
    labels[usize::from(step.clamp(1, 9)) - 1]
}

/// A Lua string literal: double-quoted, with `"`, `\`, line breaks and other
/// control characters escaped, so the literal is one line whatever the text
/// (no long brackets, so no `]]` can end it early).
pub(crate) fn lua_string(text: &str) -> String {
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
pub(crate) fn lua_number(value: f64) -> String {
    // Rust writes f64 without exponent and round-trips: `12`, `2.5`.
    let text = value.to_string();
    if text.contains(['.', 'e', 'E']) || text.len() < 16 {
        text
    } else {
        // A huge whole number: keep it a float literal.
        format!("{text}.0")
    }
}

fn lua_value(lang: Lang, strength: Strength) -> String {
    match strength {
        Strength::Step(step) => lua_string(label(lang, step)),
        Strength::Number(value) => lua_number(value),
    }
}

/// The group script: the questionnaire's answers as `weights`, and the
/// group's own judgments of the alternatives from the script it replaces
/// (`assessments`), kept as they were.
pub(crate) fn lua_script(
    group: &str,
    name: &str,
    seats: u32,
    lang: Lang,
    questionnaire: &Questionnaire,
    assessments: &[(String, Vec<Judgment>)],
) -> String {
    let mut out = String::new();
    let header = match lang {
        Lang::Sv => format!(
            "-- Gruppen {}: dess vikter för kriterierna, skrivna av vagval survey.\n\
             -- Formatet beskrivs i docs/lua-api.md. Ändra för hand, eller kör `vagval survey --group {group}` igen\n\
             -- (den gamla filen sparas då som {group}.lua.bak).\n",
            lua_string(group)
        ),
        Lang::En => format!(
            "-- Group {}: its weights of the criteria, written by vagval survey.\n\
             -- The format is in docs/lua-api.md. Edit by hand, or run `vagval survey --group {group}` again\n\
             -- (the old file is then kept as {group}.lua.bak).\n",
            lua_string(group)
        ),
    };
    out.push_str(&header);
    let _ = writeln!(out, "return {{");
    let _ = writeln!(out, "  name = {},", lua_string(name));
    let _ = writeln!(out, "  seats = {seats},");
    let _ = writeln!(out, "  weights = {{");
    for (s, set) in questionnaire.sets().iter().enumerate() {
        let key = match &set.key {
            None => {
                let comment = lang.pick("the top-level criteria", "huvudkriterierna");
                let _ = writeln!(out, "    -- {comment}");
                "goal".to_string()
            }
            Some(id) => {
                let title = lua_string(&set.title);
                let _ = match lang {
                    Lang::Sv => writeln!(out, "    -- delkriterierna under {title}"),
                    Lang::En => writeln!(out, "    -- the sub-criteria of {title}"),
                };
                lua_key(id)
            }
        };
        let skipped = questionnaire.skipped(s);
        if skipped > 0 {
            let _ = match lang {
                Lang::Sv => writeln!(
                    out,
                    "    -- {skipped} par besvarades med \"vet ej\"; arbetsytans kompletteringsmetod fyller i dem"
                ),
                Lang::En => writeln!(
                    out,
                    "    -- {skipped} pair(s) answered \"don't know\"; the workspace's completion method fills them"
                ),
            };
        }
        let _ = writeln!(out, "    {key} = pairwise {{");
        for answer in questionnaire.answers(s) {
            let _ = writeln!(
                out,
                "      {{ {}, {}, {} }},",
                lua_string(&set.ids[answer.first]),
                lua_string(&set.ids[answer.second]),
                lua_value(lang, answer.strength)
            );
        }
        let _ = writeln!(out, "    }},");
    }
    let _ = writeln!(out, "  }},");
    if !assessments.is_empty() {
        let comment = lang.pick(
            "the group's own judgments of the alternatives, kept from the file this replaces",
            "gruppens egna bedömningar av alternativen, kvar från filen som ersattes",
        );
        let _ = writeln!(out, "  -- {comment}");
        let _ = writeln!(out, "  alternatives = {{");
        for (criterion, judgments) in assessments {
            let _ = writeln!(out, "    {} = pairwise {{", lua_key(criterion));
            for j in judgments {
                let _ = writeln!(
                    out,
                    "      {{ {}, {}, {} }},",
                    lua_string(&j.first),
                    lua_string(&j.second),
                    lua_number(j.value)
                );
            }
            let _ = writeln!(out, "    }},");
        }
        let _ = writeln!(out, "  }},");
    }
    let _ = writeln!(out, "}}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
