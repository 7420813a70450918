//! Checks of a script's source text before Lua loads it.
//!
//! To-be-closed variables (`local x <close> = ...`) are refused: when the
//! budget hook stops a script, mlua unwinds the hook's frame with
//! `lua_settop`, which runs pending `__close` handlers *inside the hook*,
//! where Lua calls no hooks, so a looping handler could never be stopped.
//! Finding the attribute needs a small lexer: comments may sit between
//! its tokens (`< --[[x]] close >`), and strings may mention it.

/// The line of the first `<close>` attribute (`<`, the name `close`, `>`
/// as tokens), if any.
pub(crate) fn close_attribute(source: &[u8]) -> Option<usize> {
    let mut tokens: Vec<(Token, usize)> = Vec::new();
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
                    i = skip_long(source, i, level, &mut line);
                } else {
                    while i < source.len() && source[i] != b'\n' {
                        i += 1;
                    }
                }
            }
            b'[' => match long_bracket(source, i) {
                Some(level) => {
                    i = skip_long(source, i, level, &mut line);
                    tokens.push((Token::Other, line));
                }
                None => {
                    tokens.push((Token::Other, line));
                    i += 1;
                }
            },
            b'"' | b'\'' => {
                i += 1;
                while i < source.len() && source[i] != c {
                    if source[i] == b'\\' {
                        i += 1;
                    }
                    if source.get(i) == Some(&b'\n') {
                        line += 1;
                    }
                    i += 1;
                }
                i += 1;
                tokens.push((Token::Other, line));
            }
            c if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 => {
                let start = i;
                while i < source.len()
                    && (source[i].is_ascii_alphanumeric() || source[i] == b'_' || source[i] >= 0x80)
                {
                    i += 1;
                }
                let token = if &source[start..i] == b"close" {
                    Token::Close
                } else {
                    Token::Other
                };
                tokens.push((token, line));
            }
            c if c.is_ascii_whitespace() => i += 1,
            b'<' => {
                tokens.push((Token::Less, line));
                i += 1;
            }
            b'>' => {
                tokens.push((Token::Greater, line));
                i += 1;
            }
            _ => {
                tokens.push((Token::Other, line));
                i += 1;
            }
        }
        if let [
            ..,
            (Token::Less, at),
            (Token::Close, _),
            (Token::Greater, _),
        ] = tokens[..]
        {
            return Some(at);
        }
        if tokens.len() > 8 {
            tokens.drain(..tokens.len() - 3);
        }
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Less,
    Close,
    Greater,
    Other,
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

/// The index after the long string or comment opening at `i` with `level`.
fn skip_long(source: &[u8], i: usize, level: usize, line: &mut usize) -> usize {
    let mut j = i + level + 2;
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
                return k + 1;
            }
        }
        j += 1;
    }
    source.len()
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
}
