//! The Markdown this crate writes, as HTML: the workshop report embeds the
//! very text `--format markdown` prints, so that every figure in the report
//! is the number the command line prints. Only the subset the writers use is
//! understood: `#` headings, pipe tables (with `---:` for right-aligned
//! columns), `- ` and `1. ` lists, and paragraphs. Everything else is text,
//! escaped (backticks included); nothing in the input can inject markup.

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

/// Inline text, escaped. Backticks stay as written: a name may hold one,
/// and turning it into markup would let a name change the page's
/// structure (the report sets its own commands in `<code>` itself).
fn inline(text: &str) -> String {
    escape(text)
}

/// Splits a pipe-table row into its cells, honouring `\|` and `\\`.
fn cells(line: &str) -> Vec<String> {
    let body = line.trim();
    let body = body.strip_prefix('|').unwrap_or(body);
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next @ ('|' | '\\')) => cell.push(next),
                Some(next) => {
                    cell.push('\\');
                    cell.push(next);
                }
                None => cell.push('\\'),
            },
            '|' => out.push(std::mem::take(&mut cell).trim().to_string()),
            c => cell.push(c),
        }
    }
    if !cell.trim().is_empty() {
        out.push(cell.trim().to_string());
    }
    out
}

fn is_rule(line: &str) -> bool {
    let cells = cells(line);
    !cells.is_empty()
        && cells.iter().all(|c| {
            let c = c.trim_matches(':');
            c.len() >= 3 && c.chars().all(|ch| ch == '-')
        })
}

fn numbered_item(line: &str) -> Option<&str> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    line[digits..].strip_prefix(". ")
}

/// The Markdown as HTML. Headings are shifted down by `heading_offset`
/// levels (so a writer's `#` becomes `<h3>` with offset 2), capped at `<h6>`.
pub fn to_html(markdown: &str, heading_offset: usize) -> String {
    let lines: Vec<&str> = markdown.lines().collect();
    let mut out = String::new();
    let mut k = 0;
    while k < lines.len() {
        let line = lines[k];
        let trimmed = line.trim();
        if trimmed.is_empty() {
            k += 1;
            continue;
        }
        let hashes = trimmed.chars().take_while(|&c| c == '#').count();
        if hashes > 0 && trimmed[hashes..].starts_with(' ') {
            let level = (hashes + heading_offset).min(6);
            out.push_str(&format!(
                "<h{level}>{}</h{level}>\n",
                inline(trimmed[hashes..].trim())
            ));
            k += 1;
            continue;
        }
        if trimmed.starts_with('|') && k + 1 < lines.len() && is_rule(lines[k + 1]) {
            let header = cells(trimmed);
            let right: Vec<bool> = cells(lines[k + 1])
                .iter()
                .map(|c| c.ends_with(':'))
                .collect();
            out.push_str("<table>\n<thead><tr>");
            for (c, text) in header.iter().enumerate() {
                let class = if right.get(c).copied().unwrap_or(false) {
                    " class=\"num\""
                } else {
                    ""
                };
                out.push_str(&format!("<th{class}>{}</th>", inline(text)));
            }
            out.push_str("</tr></thead>\n<tbody>\n");
            k += 2;
            while k < lines.len() && lines[k].trim().starts_with('|') {
                out.push_str("<tr>");
                for (c, text) in cells(lines[k]).iter().enumerate() {
                    let class = if right.get(c).copied().unwrap_or(false) {
                        " class=\"num\""
                    } else {
                        ""
                    };
                    out.push_str(&format!("<td{class}>{}</td>", inline(text)));
                }
                out.push_str("</tr>\n");
                k += 1;
            }
            out.push_str("</tbody>\n</table>\n");
            continue;
        }
        if trimmed.starts_with("- ") {
            out.push_str("<ul>\n");
            while k < lines.len() {
                let Some(item) = lines[k].trim().strip_prefix("- ") else {
                    break;
                };
                out.push_str(&format!("<li>{}</li>\n", inline(item)));
                k += 1;
            }
            out.push_str("</ul>\n");
            continue;
        }
        if numbered_item(trimmed).is_some() {
            out.push_str("<ol>\n");
            while k < lines.len() {
                let Some(item) = numbered_item(lines[k].trim()) else {
                    break;
                };
                out.push_str(&format!("<li>{}</li>\n", inline(item)));
                k += 1;
            }
            out.push_str("</ol>\n");
            continue;
        }
        // A paragraph: consecutive plain lines.
        let mut text = Vec::new();
        while k < lines.len() {
            let t = lines[k].trim();
            if t.is_empty()
                || t.starts_with('#')
                || t.starts_with('|')
                || t.starts_with("- ")
                || numbered_item(t).is_some()
            {
                break;
            }
            text.push(inline(t));
            k += 1;
        }
        if text.is_empty() {
            // A line that looked like a block but was not one (`#tag`, a lone
            // `|`): show it as text rather than loop.
            out.push_str(&format!("<p>{}</p>\n", inline(trimmed)));
            k += 1;
        } else {
            out.push_str(&format!("<p>{}</p>\n", text.join("<br>\n")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_tables_lists() {
        let md = "# Mål\n\n- Vikter: CR 0,05\n\n## Rangordning\n\n| rang | namn | poäng |\n| ---: | --- | ---: |\n| 1 | Gå med i HIT | 0,412 |\n| 2 | a \\| b | 0,300 |\n\n1. A framför B\n2. C\n\nPlain text\nsecond line\n";
        let html = to_html(md, 2);
        assert!(html.contains("<h3>Mål</h3>"), "{html}");
        assert!(html.contains("<h4>Rangordning</h4>"), "{html}");
        assert!(
            html.contains("<th class=\"num\">rang</th><th>namn</th>"),
            "{html}"
        );
        assert!(
            html.contains("<td>Gå med i HIT</td><td class=\"num\">0,412</td>"),
            "{html}"
        );
        assert!(html.contains("<td>a | b</td>"), "{html}");
        assert!(html.contains("<ol>\n<li>A framför B</li>"), "{html}");
        assert!(html.contains("<ul>\n<li>Vikter: CR 0,05</li>"), "{html}");
        assert!(
            html.contains("<p>Plain text<br>\nsecond line</p>"),
            "{html}"
        );
    }

    #[test]
    fn hostile_text_is_escaped() {
        let md = "# <script>alert(1)</script>\n\n| a |\n| --- |\n| <img src=x onerror=y> & \"q\" |\n\n`<b>` and `unclosed\n";
        let html = to_html(md, 0);
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("&lt;img src=x onerror=y&gt; &amp; &quot;q&quot;"),
            "{html}"
        );
        assert!(html.contains("`&lt;b&gt;` and `unclosed"), "{html}");
        assert!(!html.contains("<code>"), "{html}");
    }

    #[test]
    fn odd_lines_terminate() {
        for md in [
            "#",
            "#nospace",
            "|",
            "| a |\nno rule",
            "1.",
            "- ",
            "\n\n\n",
            "|---|",
        ] {
            let html = to_html(md, 1);
            assert!(!html.is_empty() || md.trim().is_empty(), "{md:?}");
        }
    }
}
