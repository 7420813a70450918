//! Text made safe for HTML and SVG: every page and chart vagval writes
//! escapes names and words through this one function, so nothing in a
//! workspace can inject markup.

/// Escapes text for HTML or XML element content and attribute values:
/// `& < > " '` become entities, control characters (C0, DEL, C1) are
/// dropped but tabs and line breaks (a carriage return becomes a line
/// feed); all other Unicode is kept.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            '\r' => out.push('\n'),
            // C0, DEL and C1 controls, and the XML non-characters.
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_and_controls() {
        assert_eq!(
            escape("<a href='x'>\"&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;"
        );
        assert_eq!(escape("a\u{0}b\u{7f}c\u{85}d\u{fffe}"), "abcd");
        assert_eq!(escape("tab\tline\r\nend"), "tab\tline\n\nend");
        assert_eq!(escape("åäö ✓"), "åäö ✓");
    }
}
