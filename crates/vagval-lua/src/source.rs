//! A script's source text read as tokens, without running it: checks
//! before Lua loads it, and the lines that errors point at.
//!
//! To-be-closed variables (`local x <close> = ...`) are refused: when the
//! budget hook stops a script, mlua unwinds the hook's frame with
//! `lua_settop`, which runs pending `__close` handlers *inside the hook*,
//! where Lua calls no hooks, so a looping handler could never be stopped.
//! Finding the attribute needs a lexer: comments may sit between its tokens
//! (`< --[[x]] close >`), and strings may mention it.
//!
//! Lua keeps no source positions for table values, so the line of an entry
//! like `weights.goal[3]` is found here: in the table constructor the
//! script returns (`return { ... }`, or `return t` with `local t = { ... }`),
//! or in the constructor after the `pairwise`/`direct` call on the line
//! the marker recorded.

/// A token's kind, as far as the checks here need it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Name(Vec<u8>),
    /// A string literal's contents (escapes other than `\"`, `\'` and
    /// `\\` kept as written: ids need no others).
    Str(Vec<u8>),
    Number(Vec<u8>),
    /// Punctuation: `{`, `==`, `...`; the multi-byte ones as Lua reads them.
    Symbol(&'static str),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    kind: Kind,
    line: usize,
}

const SYMBOLS: [&str; 33] = [
    "...", "==", "~=", "<=", ">=", "//", "::", "<<", ">>", "..", "+", "-", "*", "/", "%", "^", "#",
    "&", "~", "|", "<", ">", "=", "(", ")", "{", "}", "[", "]", ";", ":", ",", ".",
];

/// The tokens of `source` with their lines (1-based). Never fails: what
/// Lua would refuse is read somehow, and Lua's own error reports it.
fn tokens(source: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    while i < source.len() {
        let c = source[i];
        match c {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b'-' if source.get(i + 1) == Some(&b'-') => {
                i += 2;
                if let Some(level) = long_bracket(source, i) {
                    (i, _) = skip_long(source, i, level, &mut line);
                } else {
                    while i < source.len() && source[i] != b'\n' {
                        i += 1;
                    }
                }
            }
            b'[' if long_bracket(source, i).is_some() => {
                let start_line = line;
                let level = long_bracket(source, i).unwrap_or(0);
                let (end, text) = skip_long(source, i, level, &mut line);
                i = end;
                out.push(Token {
                    kind: Kind::Str(text),
                    line: start_line,
                });
            }
            b'"' | b'\'' => {
                let start_line = line;
                let mut text = Vec::new();
                i += 1;
                while i < source.len() && source[i] != c {
                    let mut b = source[i];
                    if b == b'\\' {
                        i += 1;
                        b = source.get(i).copied().unwrap_or(b'\\');
                        if !matches!(b, b'"' | b'\'' | b'\\') {
                            text.push(b'\\');
                        }
                    }
                    if b == b'\n' {
                        line += 1;
                        // An unfinished string ends at the line's end.
                        if source[i - 1] != b'\\' {
                            break;
                        }
                    }
                    text.push(b);
                    i += 1;
                }
                i += 1;
                out.push(Token {
                    kind: Kind::Str(text),
                    line: start_line,
                });
            }
            c if c.is_ascii_digit()
                || (c == b'.' && source.get(i + 1).is_some_and(u8::is_ascii_digit)) =>
            {
                let start = i;
                while i < source.len() {
                    let b = source[i];
                    let exponent = matches!(b, b'+' | b'-')
                        && matches!(source[i - 1], b'e' | b'E' | b'p' | b'P');
                    if b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || exponent {
                        i += 1;
                    } else {
                        break;
                    }
                }
                out.push(Token {
                    kind: Kind::Number(source[start..i].to_vec()),
                    line,
                });
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                let start = i;
                while i < source.len()
                    && (source[i].is_ascii_alphanumeric() || source[i] == b'_' || source[i] >= 0x80)
                {
                    i += 1;
                }
                out.push(Token {
                    kind: Kind::Name(source[start..i].to_vec()),
                    line,
                });
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                let symbol = SYMBOLS
                    .iter()
                    .find(|s| source[i..].starts_with(s.as_bytes()))
                    .copied()
                    .unwrap_or("?");
                i += symbol.len().max(1);
                out.push(Token {
                    kind: Kind::Symbol(symbol),
                    line,
                });
            }
        }
    }
    out
}

/// The level of a long bracket `[==[` opening at `i`, if one does.
fn long_bracket(source: &[u8], i: usize) -> Option<usize> {
    if source.get(i) != Some(&b'[') {
        return None;
    }
    let mut j = i + 1;
    while source.get(j) == Some(&b'=') {
        j += 1;
    }
    (source.get(j) == Some(&b'[')).then_some(j - i - 1)
}

/// The index after the long string or comment opening at `i` with
/// `level`, and its contents.
fn skip_long(source: &[u8], i: usize, level: usize, line: &mut usize) -> (usize, Vec<u8>) {
    let start = i + level + 2;
    let mut j = start;
    while j < source.len() {
        if source[j] == b'\n' {
            *line += 1;
        }
        if source[j] == b']' {
            let mut k = j + 1;
            while source.get(k) == Some(&b'=') {
                k += 1;
            }
            if k - j - 1 == level && source.get(k) == Some(&b']') {
                return (k + 1, source[start.min(j)..j].to_vec());
            }
        }
        j += 1;
    }
    (source.len(), source[start.min(source.len())..].to_vec())
}

fn is_name(token: Option<&Token>, name: &str) -> bool {
    matches!(token, Some(Token { kind: Kind::Name(n), .. }) if n == name.as_bytes())
}

fn is_symbol(token: Option<&Token>, symbol: &str) -> bool {
    matches!(token, Some(Token { kind: Kind::Symbol(s), .. }) if *s == symbol)
}

/// The line of the first `<close>` attribute (`<`, the name `close`, `>`
/// as tokens), if any.
pub(crate) fn close_attribute(source: &[u8]) -> Option<usize> {
    tokens(source).windows(3).find_map(|w| {
        (is_symbol(w.first(), "<") && is_name(w.get(1), "close") && is_symbol(w.get(2), ">"))
            .then_some(w[0].line)
    })
}

/// How a token changes the nesting of blocks (`function`, `if`, `do`,
/// `repeat` … `end`/`until`) and brackets.
fn nesting(token: &Token) -> i32 {
    match &token.kind {
        Kind::Name(n) => match n.as_slice() {
            b"function" | b"if" | b"do" | b"repeat" => 1,
            b"end" | b"until" => -1,
            _ => 0,
        },
        Kind::Symbol("(" | "{" | "[") => 1,
        Kind::Symbol(")" | "}" | "]") => -1,
        _ => 0,
    }
}

/// The line where blocks and brackets nest deepest (first reached): where
/// Lua's parser runs out of C stack ("C stack overflow") on a script that
/// nests too deeply.
pub(crate) fn deepest_nesting(source: &[u8]) -> Option<usize> {
    let mut depth = 0i32;
    let mut deepest = (0i32, None);
    for token in tokens(source) {
        depth += nesting(&token);
        if depth > deepest.0 {
            deepest = (depth, Some(token.line));
        }
    }
    deepest.1
}

/// One step of a key path: `.name` / `["name"]`, or `[3]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Key {
    Name(String),
    Index(i64),
}

/// Reads the key path that starts `text` (`weights.goal[3][3]: …`,
/// `` alternatives[`odd id`] must … ``, `seats must …`) as the messages of
/// convert.rs write it.
pub(crate) fn parse_path(text: &str) -> Vec<Key> {
    let mut keys = Vec::new();
    let root: String = text
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if root.is_empty() {
        return keys;
    }
    let mut rest = &text[root.len()..];
    keys.push(Key::Name(root));
    loop {
        if let Some(after) = rest.strip_prefix('.') {
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
                .collect();
            if name.is_empty() {
                break;
            }
            rest = &after[name.len()..];
            keys.push(Key::Name(name));
        } else if let Some(after) = rest.strip_prefix("[`") {
            let Some(end) = after.find("`]") else {
                break;
            };
            let name = &after[..end];
            if name.ends_with('…') {
                break;
            }
            keys.push(Key::Name(name.to_string()));
            rest = &after[end + 2..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
            let Some(after) = after[digits.len()..].strip_prefix(']') else {
                break;
            };
            let Ok(index) = digits.parse() else {
                break;
            };
            keys.push(Key::Index(index));
            rest = after;
        } else {
            break;
        }
    }
    keys
}

/// A field of a table constructor: its key, the line it starts on, and
/// where its value starts.
struct Field {
    key: Option<Key>,
    line: usize,
    value: usize,
}

/// The index after the expression starting at `i` (at a `,`, `;` or the
/// constructor's `}` at depth 0).
fn skip_expression(tokens: &[Token], mut i: usize) -> usize {
    let mut depth = 0i32;
    while let Some(token) = tokens.get(i) {
        if depth == 0 && matches!(token.kind, Kind::Symbol("," | ";" | "}")) {
            return i;
        }
        depth += nesting(token);
        if depth < 0 {
            return i;
        }
        i += 1;
    }
    i
}

/// The fields of the constructor whose `{` is at `open`.
fn fields(tokens: &[Token], open: usize) -> Vec<Field> {
    let mut out = Vec::new();
    let mut position = 0i64;
    let mut i = open + 1;
    while let Some(token) = tokens.get(i) {
        if is_symbol(Some(token), "}") {
            break;
        }
        let line = token.line;
        let (key, value) = if is_symbol(Some(token), "[") {
            let close = skip_brackets(tokens, i);
            let key = match &tokens[i + 1..close] {
                [
                    Token {
                        kind: Kind::Str(s), ..
                    },
                ] => String::from_utf8(s.clone()).ok().map(Key::Name),
                [
                    Token {
                        kind: Kind::Number(n),
                        ..
                    },
                ] => std::str::from_utf8(n)
                    .ok()
                    .and_then(|n| n.parse().ok())
                    .map(Key::Index),
                _ => None,
            };
            (key, close + 2)
        } else if let (Kind::Name(name), true) = (&token.kind, is_symbol(tokens.get(i + 1), "=")) {
            (String::from_utf8(name.clone()).ok().map(Key::Name), i + 2)
        } else {
            position += 1;
            (Some(Key::Index(position)), i)
        };
        out.push(Field { key, line, value });
        i = skip_expression(tokens, value);
        if matches!(
            tokens.get(i).map(|t| &t.kind),
            Some(Kind::Symbol("," | ";"))
        ) {
            i += 1;
        }
    }
    out
}

/// The index of the `]` closing the `[` at `open`.
fn skip_brackets(tokens: &[Token], open: usize) -> usize {
    let mut depth = 0i32;
    for (i, token) in tokens.iter().enumerate().skip(open) {
        depth += nesting(token);
        if depth == 0 {
            return i;
        }
    }
    tokens.len()
}

/// The `{` of a constructor at `i`: `{ … }`, `pairwise { … }` or
/// `direct({ … })`.
fn constructor_at(tokens: &[Token], i: usize) -> Option<usize> {
    if is_symbol(tokens.get(i), "{") {
        return Some(i);
    }
    if is_name(tokens.get(i), "pairwise") || is_name(tokens.get(i), "direct") {
        if is_symbol(tokens.get(i + 1), "{") {
            return Some(i + 1);
        }
        if is_symbol(tokens.get(i + 1), "(") && is_symbol(tokens.get(i + 2), "{") {
            return Some(i + 2);
        }
    }
    None
}

/// Follows `keys` into the constructor at `open`: how many keys were
/// found, and the line of the last one found (the constructor's own line
/// if none).
fn walk(tokens: &[Token], open: usize, keys: &[Key]) -> (usize, usize) {
    let mut line = tokens[open].line;
    let mut open = open;
    for (depth, key) in keys.iter().enumerate() {
        let Some(field) = fields(tokens, open)
            .into_iter()
            .find(|f| f.key.as_ref() == Some(key))
        else {
            return (depth, line);
        };
        line = field.line;
        match constructor_at(tokens, field.value) {
            Some(next) => open = next,
            None => return (depth + 1, line),
        }
    }
    (keys.len(), line)
}

/// The `{` of the table the main chunk returns, if it is written out:
/// `return { … }` at the top level, or `return t` with `local t = { … }`
/// (or `t = { … }`) at the top level before it.
fn returned_table(tokens: &[Token]) -> Option<usize> {
    let mut depth = 0i32;
    let mut found = None;
    let mut assigned: Vec<(Vec<u8>, usize)> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if depth == 0 {
            if let Kind::Name(name) = &token.kind
                && is_symbol(tokens.get(i + 1), "=")
                && is_symbol(tokens.get(i + 2), "{")
            {
                assigned.push((name.clone(), i + 2));
            }
            if is_name(Some(token), "return") {
                found = match tokens.get(i + 1) {
                    Some(Token {
                        kind: Kind::Name(name),
                        ..
                    }) => assigned
                        .iter()
                        .rev()
                        .find(|(n, _)| n == name)
                        .map(|(_, open)| *open),
                    _ => constructor_at(tokens, i + 1),
                };
            }
        }
        depth += nesting(token);
    }
    found
}

/// The line of the entry at `keys` in a group script's result (see the
/// module documentation); `marked` is the line of the `pairwise`/`direct`
/// call that made the table at `keys[..2]`, if known.
pub(crate) fn line_of(source: &[u8], keys: &[Key], marked: Option<usize>) -> Option<usize> {
    let tokens = tokens(source);
    let from_return = returned_table(&tokens).map(|open| walk(&tokens, open, keys));
    // The table the marker call on line `marked` made: its entry, or the
    // call's line if it is not written out there (`pairwise(list)`).
    let from_marker = marked.filter(|_| keys.len() > 2).map(|line| {
        let call = tokens.iter().enumerate().find_map(|(i, t)| {
            (t.line == line && (is_name(Some(t), "pairwise") || is_name(Some(t), "direct")))
                .then(|| constructor_at(&tokens, i))
                .flatten()
        });
        match call {
            Some(open) => {
                let (found, line) = walk(&tokens, open, &keys[2..]);
                (found + 2, line)
            }
            None => (2, line),
        }
    });
    match from_return {
        // Into the marked table as written in the returned table, or all
        // there is to find.
        Some((found, line)) if found == keys.len() || found > 2 || from_marker.is_none() => {
            Some(line)
        }
        _ => from_marker.map(|(_, line)| line).or(marked),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(source: &str, expected: Option<usize>) {
        assert_eq!(close_attribute(source.as_bytes()), expected, "{source:?}");
    }

    #[test]
    fn close_attributes_are_found() {
        check("local x <close> = nil", Some(1));
        check("\nlocal x < close > = nil", Some(2));
        check("local x <--[[ hidden ]]close> = nil", Some(1));
        check("local x <--[==[ ]] ]==]close--\n> = nil", Some(1));
        check("local a <const>, b <close> = 1, nil", Some(1));
        // Not attributes.
        check("local x <const> = 1", None);
        check("local s = '<close>'", None);
        check("local s = \"\\\"<close>\"", None);
        check("local s = [[\n<close>]]", None);
        check("-- <close>\nlocal x = 1", None);
        check("--[[ <close> ]] local x = 1", None);
        check("local close = 1; return 2 < close", None);
        check("local s = [==[ ]] <close> ]==]", None);
    }

    #[test]
    fn the_deepest_nesting_is_found() {
        assert_eq!(deepest_nesting(b"return ((1))"), Some(1));
        assert_eq!(
            deepest_nesting(b"local t = {\n  a = { b = {\n    c = { 1 } } },\n}\nif x then end"),
            Some(3)
        );
        assert_eq!(deepest_nesting(b"-- ((((\nreturn 1"), None);
    }

    #[test]
    fn key_paths_are_read_from_messages() {
        use Key::{Index, Name};
        let name = |s: &str| Name(s.to_string());
        assert_eq!(
            parse_path("weights.goal[3][3]: `x` is neither"),
            vec![name("weights"), name("goal"), Index(3), Index(3)]
        );
        assert_eq!(
            parse_path("weights.cost.cost-yearly must be"),
            vec![name("weights"), name("cost"), name("cost-yearly")]
        );
        assert_eq!(
            parse_path("alternatives[`odd id`][2] must"),
            vec![name("alternatives"), name("odd id"), Index(2)]
        );
        assert_eq!(parse_path("seats must be"), vec![name("seats")]);
        assert_eq!(parse_path("the returned table"), vec![name("the")]);
    }

    #[test]
    fn entries_are_found_by_key_path() {
        let source = "local n = 1\nreturn {\n  name = 'G',\n  seats = -1,\n  weights = {\n    goal = pairwise {\n      { 'a', 'b', 3 },\n      { 'a', 'c',\n        'nej' },\n    },\n    [\"cost\"] = direct({ x = 1,\n      y = 2 }),\n  },\n}";
        let keys = |text: &str| parse_path(text);
        let line = |text: &str| line_of(source.as_bytes(), &keys(text), None);
        assert_eq!(line("seats"), Some(4));
        assert_eq!(line("weights.goal"), Some(6));
        assert_eq!(line("weights.goal[1]"), Some(7));
        assert_eq!(line("weights.goal[2][3]"), Some(9));
        assert_eq!(line("weights.cost.y"), Some(12));
        // Not written out: the deepest entry that is.
        assert_eq!(line("weights.goal[5][1]"), Some(6));
        assert_eq!(line("alternatives"), Some(2));
        // A returned local, and a marked table built elsewhere.
        let source = "local goal = pairwise {\n  { 'a', 'b', 3 },\n  { 'a', 'c', 'nej' },\n}\nlocal g = {\n  seats = 0,\n  weights = { goal = goal },\n}\nreturn g";
        assert_eq!(line_of(source.as_bytes(), &keys("seats"), None), Some(6));
        assert_eq!(
            line_of(source.as_bytes(), &keys("weights.goal[2][3]"), Some(1)),
            Some(3)
        );
        // Functions and blocks inside a constructor do not end its fields.
        let source =
            "return {\n  f = function(a, b) local x, y = 1, 2 return x end,\n  seats = 1,\n}";
        assert_eq!(line_of(source.as_bytes(), &keys("seats"), None), Some(3));
        // Nothing written out: the marker's line, or nothing.
        assert_eq!(line_of(b"return make()", &keys("seats"), Some(4)), Some(4));
        assert_eq!(line_of(b"return make()", &keys("seats"), None), None);
    }
}
