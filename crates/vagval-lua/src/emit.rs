//! Writing a group script (docs/lua-api.md), the reverse of convert.rs's
//! reading: a `ScriptText` (name, seats, the sets of weights as `pairwise`
//! or `direct`, the group's own judgments of the alternatives, comments)
//! becomes Lua source that the sandbox reads back to the same judgments.
//! Deterministic; every string a one-line Lua literal whatever it holds,
//! every comment line a `--` line whatever the comment holds. The words of
//! the comments are the caller's (this crate knows no language).

use std::fmt::Write as _;
use vagval_core::pairwise::Judgment;

/// A judgment's value as written: a verbal label of the scale (`"måttligt"`,
/// read back by `scale::label_value`) or a number (`2.5`, `0.3333333333333333`).
#[derive(Debug, Clone, PartialEq)]
pub enum ScriptValue {
    Word(String),
    Number(f64),
}

/// One `pairwise` entry: `{ "first", "second", value }`, after its
/// comment lines (a rationale, say; the reader does not keep them).
#[derive(Debug, Clone, PartialEq)]
pub struct ScriptJudgment {
    pub first: String,
    pub second: String,
    pub value: ScriptValue,
    pub comments: Vec<String>,
}

/// How a set of siblings is weighed.
#[derive(Debug, Clone, PartialEq)]
pub enum ScriptWeights {
    /// `pairwise { { "a", "b", 3 }, … }`.
    Pairwise(Vec<ScriptJudgment>),
    /// `direct { a = 2, ["b c"] = 1 }`.
    Direct(Vec<(String, f64)>),
}

/// One entry of `weights`: `goal` or a criterion's id, its comment lines
/// (written above it) and its weights.
#[derive(Debug, Clone, PartialEq)]
pub struct ScriptSet {
    pub key: String,
    pub comments: Vec<String>,
    pub weights: ScriptWeights,
}

/// A whole group script.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScriptText {
    /// The lines at the top of the file.
    pub header: Vec<String>,
    pub name: String,
    /// Positive.
    pub seats: f64,
    pub sets: Vec<ScriptSet>,
    /// The comment above `alternatives` (written only when there are any).
    pub alternatives_comments: Vec<String>,
    /// The group's own judgments of the alternatives, by leaf criterion.
    pub alternatives: Vec<(String, Vec<Judgment>)>,
}

/// The Lua source of `script`.
pub fn write_group_script(script: &ScriptText) -> String {
    let mut out = String::new();
    comment(&mut out, "", &script.header);
    let _ = writeln!(out, "return {{");
    let _ = writeln!(out, "  name = {},", lua_string(&script.name));
    let _ = writeln!(out, "  seats = {},", lua_number(script.seats));
    let _ = writeln!(out, "  weights = {{");
    for set in &script.sets {
        comment(&mut out, "    ", &set.comments);
        match &set.weights {
            ScriptWeights::Pairwise(judgments) => {
                let _ = writeln!(out, "    {} = pairwise {{", lua_key(&set.key));
                for j in judgments {
                    comment(&mut out, "      ", &j.comments);
                    let value = match &j.value {
                        ScriptValue::Word(word) => lua_string(word),
                        ScriptValue::Number(n) => lua_number(*n),
                    };
                    entry(&mut out, &j.first, &j.second, &value);
                }
            }
            ScriptWeights::Direct(weights) => {
                let _ = writeln!(out, "    {} = direct {{", lua_key(&set.key));
                for (id, weight) in weights {
                    let _ = writeln!(out, "      {} = {},", lua_key(id), lua_number(*weight));
                }
            }
        }
        let _ = writeln!(out, "    }},");
    }
    let _ = writeln!(out, "  }},");
    if !script.alternatives.is_empty() {
        comment(&mut out, "  ", &script.alternatives_comments);
        let _ = writeln!(out, "  alternatives = {{");
        for (criterion, judgments) in &script.alternatives {
            let _ = writeln!(out, "    {} = pairwise {{", lua_key(criterion));
            for j in judgments {
                entry(&mut out, &j.first, &j.second, &lua_number(j.value));
            }
            let _ = writeln!(out, "    }},");
        }
        let _ = writeln!(out, "  }},");
    }
    let _ = writeln!(out, "}}");
    out
}

fn entry(out: &mut String, first: &str, second: &str, value: &str) {
    let _ = writeln!(
        out,
        "      {{ {}, {}, {value} }},",
        lua_string(first),
        lua_string(second)
    );
}

/// Each line of each comment as a `--` line at `indent`: a line break in a
/// comment starts a new `--` line, so no text can end the comment early.
fn comment(out: &mut String, indent: &str, comments: &[String]) {
    for text in comments {
        for line in text.split(['\n', '\r']) {
            if line.is_empty() {
                let _ = writeln!(out, "{indent}--");
            } else {
                let _ = writeln!(out, "{indent}-- {line}");
            }
        }
    }
}

/// A Lua string literal: double-quoted, with `"`, `\`, line breaks and other
/// control characters escaped, so the literal is one line whatever the text
/// (no long brackets, so no `]]` can end it early).
pub fn lua_string(text: &str) -> String {
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
pub fn lua_key(key: &str) -> String {
    if is_lua_name(key) {
        key.to_string()
    } else {
        format!("[{}]", lua_string(key))
    }
}

/// A Lua number literal for a finite non-negative number, read back by
/// Lua to the same `f64`.
pub fn lua_number(value: f64) -> String {
    // Rust writes f64 without exponent and round-trips: `12`, `2.5`.
    let text = value.to_string();
    if text.contains(['.', 'e', 'E']) || text.len() < 16 {
        text
    } else {
        // A huge whole number: keep it a float literal.
        format!("{text}.0")
    }
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

    #[test]
    fn comments_break_at_every_line_break() {
        let mut out = String::new();
        comment(&mut out, "  ", &["a\nb\r]]".to_string(), String::new()]);
        assert_eq!(out, "  -- a\n  -- b\n  -- ]]\n  --\n");
    }
}
