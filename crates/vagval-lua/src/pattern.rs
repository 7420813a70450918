//! A worst-case cost estimate for Lua's pattern matcher, so the sandbox can
//! refuse `string.find`/`match`/`gmatch`/`gsub` calls that could run for
//! hours in C, where the instruction budget cannot reach.
//!
//! Lua's matcher backtracks: each `*`, `+` or `-` may try every length up to
//! the rest of the subject, `?` two, and an unanchored pattern is tried at
//! every start position. With n = the subject's length and m = the pattern's,
//! the estimate is (n + 1)^k · 2^q + (n + 1) · (m + 1): k counts the
//! unbounded quantifiers (plus one if unanchored, plus `%b` and back
//! references, which scan), q the `?`s, and the second term the comparison
//! of a long literal at every position.

/// The most matcher steps a call may cost (about 0.1–0.5 s of C work).
pub(crate) const MAX_STEPS: f64 = 1e8;

/// Which pattern function is called: only `find`, `match` and `gsub` honour
/// a leading `^` as an anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PatternFn {
    Find,
    Match,
    Gmatch,
    Gsub,
}

impl PatternFn {
    pub(crate) fn from_code(code: i64) -> PatternFn {
        match code {
            0 => PatternFn::Find,
            1 => PatternFn::Match,
            2 => PatternFn::Gmatch,
            _ => PatternFn::Gsub,
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            PatternFn::Find => "string.find",
            PatternFn::Match => "string.match",
            PatternFn::Gmatch => "string.gmatch",
            PatternFn::Gsub => "string.gsub",
        }
    }

    fn anchorable(self) -> bool {
        !matches!(self, PatternFn::Gmatch)
    }
}

/// Worst-case steps of a plain (no pattern) search: every start position
/// compared against the whole needle.
pub(crate) fn plain_cost(subject_len: usize, needle_len: usize) -> f64 {
    (subject_len as f64 + 1.0) * (needle_len as f64 + 1.0)
}

/// Worst-case steps of matching `pattern` against a subject of
/// `subject_len` bytes (see the module documentation).
pub(crate) fn pattern_cost(subject_len: usize, pattern: &[u8], function: PatternFn) -> f64 {
    let n1 = subject_len as f64 + 1.0;
    let mut cost = 1.0;
    let mut i = 0;
    if function.anchorable() && pattern.first() == Some(&b'^') {
        i = 1;
    } else {
        cost *= n1;
    }
    while i < pattern.len() {
        match pattern[i] {
            b'(' | b')' => {
                i += 1;
                continue;
            }
            b'%' => match pattern.get(i + 1) {
                // %bxy scans for the balancing character.
                Some(b'b') => {
                    cost *= n1;
                    i += 4;
                    continue;
                }
                // %f[set] looks at two characters.
                Some(b'f') => {
                    i = skip_set(pattern, i + 2);
                    continue;
                }
                // A back reference compares a whole capture.
                Some(c) if c.is_ascii_digit() => {
                    cost *= n1;
                    i += 2;
                    continue;
                }
                _ => i += 2,
            },
            b'[' => i = skip_set(pattern, i),
            _ => i += 1,
        }
        match pattern.get(i) {
            Some(b'*' | b'+' | b'-') => {
                cost *= n1;
                i += 1;
            }
            Some(b'?') => {
                cost *= 2.0;
                i += 1;
            }
            _ => {}
        }
    }
    cost + plain_cost(subject_len, pattern.len())
}

/// The index after the set starting at `start` (a `[`), as Lua's `classEnd`
/// finds it; the pattern's length if the set is not closed (Lua then
/// raises "malformed pattern" itself).
fn skip_set(pattern: &[u8], start: usize) -> usize {
    if pattern.get(start) != Some(&b'[') {
        return start;
    }
    let mut j = start + 1;
    if pattern.get(j) == Some(&b'^') {
        j += 1;
    }
    loop {
        let Some(&c) = pattern.get(j) else {
            return pattern.len();
        };
        j += 1;
        if c == b'%' && j < pattern.len() {
            j += 1;
        }
        match pattern.get(j) {
            Some(b']') => return j + 1,
            Some(_) => {}
            None => return pattern.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(subject_len: usize, pattern: &str, function: PatternFn, expected: f64) {
        let cost = pattern_cost(subject_len, pattern.as_bytes(), function);
        assert!(
            (cost - expected).abs() <= expected * 1e-12,
            "{pattern:?} on {subject_len} bytes: {cost}, expected {expected}"
        );
    }

    #[test]
    fn costs() {
        let m = |p: &str| 10.0 * (p.len() as f64 + 1.0);
        // Literal, unanchored: one factor for the start positions.
        check(9, "abc", PatternFn::Find, 10.0 + m("abc"));
        // Anchored: no start factor.
        check(9, "^abc", PatternFn::Find, 1.0 + m("^abc"));
        // gmatch does not anchor.
        check(9, "^abc", PatternFn::Gmatch, 10.0 + m("^abc"));
        // Quantifiers.
        check(9, "^a*b+c-", PatternFn::Match, 1000.0 + m("^a*b+c-"));
        check(9, "^a?", PatternFn::Match, 2.0 + m("^a?"));
        // Sets and escapes count as one class; a quantifier inside a set does not count.
        check(9, "^[*+%]]x", PatternFn::Find, 1.0 + m("^[*+%]]x"));
        check(9, "^[%a_]+", PatternFn::Find, 10.0 + m("^[%a_]+"));
        check(9, "^%*", PatternFn::Find, 1.0 + m("^%*"));
        // %b and back references scan.
        check(9, "^%b()", PatternFn::Find, 10.0 + m("^%b()"));
        check(9, "^(a)%1", PatternFn::Find, 10.0 + m("^(a)%1"));
        // %f[set] is constant.
        check(9, "^%f[%w]", PatternFn::Find, 1.0 + m("^%f[%w]"));
        // Malformed sets do not loop.
        check(9, "^[", PatternFn::Find, 1.0 + m("^["));
        check(9, "^[%", PatternFn::Find, 1.0 + m("^[%"));
    }

    #[test]
    fn the_pathological_pattern_is_refused() {
        let cost = pattern_cost(1_000_000, b".-.-.-.-b", PatternFn::Find);
        assert!(cost > MAX_STEPS);
        // An ordinary trim on a short string is fine.
        assert!(pattern_cost(400, b"^%s*(.-)%s*$", PatternFn::Match) < MAX_STEPS);
        // A long literal at every position of a long string is not.
        assert!(pattern_cost(30_000_000, &[b'a'; 10_000], PatternFn::Find) > MAX_STEPS);
    }
}
