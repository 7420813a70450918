//! The SVG writer under every chart: escaping, coordinates with at most two
//! decimals (always a `.`), text-width estimates and truncation, and the
//! document frame (`<title>`, `<desc>`, ids unique per chart). No layout here.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::lang::Lang;

/// System fonts only: no web fonts, no external references.
pub(super) const FONT_FAMILY: &str =
    "system-ui, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif";
/// Base font size in px (readable on a projector).
pub(super) const FONT: f64 = 14.0;
/// Panel titles and legend titles, px.
pub(super) const SUBTITLE: f64 = 16.0;
/// Chart titles, px.
pub(super) const TITLE: f64 = 20.0;
/// Outer margin, px.
pub(super) const MARGIN: f64 = 16.0;
/// Longest label area, px; longer labels are truncated with "…". Wide
/// enough for the Tranås criteria's names and "alternativ på …" labels of
/// the consistency chart, narrow enough that a chart fits a printed page.
pub(super) const LABEL_CAP: f64 = 340.0;

pub(super) const INK: &str = "#1a1a1a";
pub(super) const MUTED: &str = "#4d4d4d";
pub(super) const WHITE: &str = "#ffffff";
pub(super) const GRID: &str = "#dcdcdc";
pub(super) const AXIS: &str = "#595959";
pub(super) const MISSING: &str = "#efefef";

/// Text made safe for XML text and attribute values: `& < > " '` escaped,
/// control characters XML 1.0 forbids dropped, line breaks and tabs turned
/// into spaces (a chart label is one line); all other Unicode kept.
pub(super) fn escape(text: &str) -> String {
    crate::escape::escape(&text.replace(['\t', '\n', '\r'], " "))
}

/// A coordinate or length: at most two decimals, a `.`, no `-0`, clamped to
/// ±1e6 so absurd input cannot make absurd text; non-finite gives `0`.
pub(super) fn num(value: f64) -> String {
    if !value.is_finite() {
        return "0".to_string();
    }
    let text = format!("{:.2}", value.clamp(-1e6, 1e6));
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" || text.is_empty() {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// Estimated width of `text` in px at `size` px (0.6 em per character).
pub(super) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * 0.6 * size
}

/// Whether `c` is a combining mark that belongs to the character before it
/// (the combining diacritical marks blocks: U+0300–036F, U+1AB0–1AFF,
/// U+1DC0–1DFF, U+20D0–20FF, U+FE20–FE2F).
fn is_combining(c: char) -> bool {
    matches!(
        c,
        '\u{300}'..='\u{36f}'
            | '\u{1ab0}'..='\u{1aff}'
            | '\u{1dc0}'..='\u{1dff}'
            | '\u{20d0}'..='\u{20ff}'
            | '\u{fe20}'..='\u{fe2f}'
    )
}

/// `text` cut to fit `max_width` px at `size` px, ending in "…" when cut;
/// the flag says whether it was cut. A cut never separates a character from
/// the combining marks after it ("a" + U+030A is kept or dropped whole).
pub(super) fn truncate(text: &str, max_width: f64, size: f64) -> (String, bool) {
    // The epsilon keeps 151.2 / 8.4 from flooring to 17.
    let max_chars = (max_width / (0.6 * size) + 1e-6).floor().max(1.0) as usize;
    if text.chars().count() <= max_chars {
        return (text.to_string(), false);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut keep = max_chars.saturating_sub(1);
    // Back up while the first character dropped is a mark of the last kept.
    while keep > 0 && chars.get(keep).copied().is_some_and(is_combining) {
        keep -= 1;
    }
    let mut cut: String = chars.iter().take(keep).collect();
    cut.push('…');
    (cut, true)
}

/// Lines a wrapped label may take before it is cut.
pub(super) const LABEL_LINES: usize = 2;
/// Distance between the baselines of a wrapped label's lines, in em.
pub(super) const LINE_HEIGHT: f64 = 1.15;

/// `text` laid out in at most `max_lines` lines of at most `max_width` px at
/// `size` px; the flag says whether it was cut. A text that fits one line is
/// that line unchanged; a longer one breaks between words (a word longer
/// than a whole line is split inside it), and only what does not fit even
/// the last line is cut, with "…".
pub(super) fn wrap(text: &str, max_width: f64, size: f64, max_lines: usize) -> (Vec<String>, bool) {
    let max_chars = (max_width / (0.6 * size) + 1e-6).floor().max(1.0) as usize;
    let mut rest = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut lines = Vec::new();
    while lines.len() + 1 < max_lines && rest.chars().count() > max_chars {
        let split = break_at(&rest, max_chars);
        lines.push(rest[..split].trim_end().to_string());
        rest = rest[split..].trim_start().to_string();
    }
    if rest.is_empty() {
        return (lines, false);
    }
    let (last, cut) = truncate(&rest, max_width, size);
    lines.push(last);
    (lines, cut)
}

/// The byte index where a line of at most `max_chars` characters ends in
/// `text` (longer than that): after the last word that fits, or, when even
/// the first word does not fit, inside it (never before a combining mark).
fn break_at(text: &str, max_chars: usize) -> usize {
    let mut space = None;
    let mut hard = text.len();
    for (count, (index, c)) in text.char_indices().enumerate() {
        if count > max_chars {
            break;
        }
        if c == ' ' {
            space = Some(index);
        }
        if count == max_chars {
            hard = index;
        }
    }
    if let Some(space) = space.filter(|&s| s > 0) {
        return space;
    }
    // Back up while the character after the split is a mark.
    let mut split = hard;
    while split > 0 && text[split..].chars().next().is_some_and(is_combining) {
        split = text[..split]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i);
    }
    if split == 0 { hard } else { split }
}

/// The text baseline that centres a line of `size` px on `centre`.
pub(super) fn baseline(centre: f64, size: f64) -> f64 {
    centre + 0.35 * size
}

/// A rectangle in px.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }

    fn attrs(self) -> String {
        format!(
            r#"x="{}" y="{}" width="{}" height="{}""#,
            num(self.x),
            num(self.y),
            num(self.w.max(0.0)),
            num(self.h.max(0.0))
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Anchor {
    Start,
    Middle,
    End,
}

/// How a piece of text looks.
#[derive(Debug, Clone, Copy)]
pub(super) struct TextStyle {
    pub size: f64,
    pub anchor: Anchor,
    pub bold: bool,
    pub fill: &'static str,
    /// A white outline behind the glyphs, for text over lines or patterns.
    pub halo: bool,
}

impl TextStyle {
    pub fn normal() -> TextStyle {
        TextStyle {
            size: FONT,
            anchor: Anchor::Start,
            bold: false,
            fill: INK,
            halo: false,
        }
    }

    pub fn size(mut self, size: f64) -> TextStyle {
        self.size = size;
        self
    }

    pub fn anchor(mut self, anchor: Anchor) -> TextStyle {
        self.anchor = anchor;
        self
    }

    pub fn bold(mut self) -> TextStyle {
        self.bold = true;
        self
    }

    pub fn fill(mut self, fill: &'static str) -> TextStyle {
        self.fill = fill;
        self
    }

    pub fn halo(mut self) -> TextStyle {
        self.halo = true;
        self
    }

    fn attrs(self) -> String {
        let mut out = String::new();
        match self.anchor {
            Anchor::Start => {}
            Anchor::Middle => out.push_str(r#" text-anchor="middle""#),
            Anchor::End => out.push_str(r#" text-anchor="end""#),
        }
        if (self.size - FONT).abs() > f64::EPSILON {
            let _ = write!(out, r#" font-size="{}""#, num(self.size));
        }
        if self.bold {
            out.push_str(r#" font-weight="bold""#);
        }
        let _ = write!(out, r#" fill="{}""#, self.fill);
        if self.halo {
            out.push_str(
                r##" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke""##,
            );
        }
        out
    }
}

/// One chart being written: its body, its `<defs>` and its id prefix.
pub(super) struct Svg {
    prefix: String,
    lang: Lang,
    defs: String,
    defined: BTreeSet<String>,
    body: String,
}

impl Svg {
    /// A chart of `kind` whose ids derive from a hash of `kind`, the language
    /// and `fingerprint` (the chart's title and data), so charts inlined in
    /// one page do not clash.
    pub fn new(kind: &str, fingerprint: &str, lang: Lang) -> Svg {
        // FNV-1a, 64 bit: small, stable across platforms and Rust versions.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in kind
            .bytes()
            .chain([0])
            .chain(lang.code().bytes())
            .chain([0])
            .chain(fingerprint.bytes())
        {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        Svg {
            prefix: format!("vv-{kind}-{:08x}", (hash >> 32) ^ (hash & 0xffff_ffff)),
            lang,
            defs: String::new(),
            defined: BTreeSet::new(),
            body: String::new(),
        }
    }

    /// The document-unique id for a local name.
    pub fn id(&self, local: &str) -> String {
        format!("{}-{local}", self.prefix)
    }

    /// Adds a definition once (by local name) and returns its full id;
    /// `make` gets the id and returns the element text.
    pub fn define(&mut self, local: &str, make: impl FnOnce(&str) -> String) -> String {
        let id = self.id(local);
        if self.defined.insert(id.clone()) {
            self.defs.push_str(&make(&id));
            self.defs.push('\n');
        }
        id
    }

    /// Raw markup built by this module (never user text).
    pub fn raw(&mut self, markup: &str) {
        self.body.push_str(markup);
        self.body.push('\n');
    }

    /// A rectangle; `extra` is attribute text built by this module.
    pub fn rect(&mut self, r: Rect, fill: &str, extra: &str) {
        let _ = writeln!(self.body, r#"<rect {} fill="{fill}"{extra}/>"#, r.attrs());
    }

    /// A rectangle with a hover tooltip.
    pub fn rect_titled(&mut self, r: Rect, fill: &str, extra: &str, title: &str) {
        let _ = writeln!(
            self.body,
            r#"<rect {} fill="{fill}"{extra}><title>{}</title></rect>"#,
            r.attrs(),
            escape(title)
        );
    }

    pub fn line(
        &mut self,
        from: (f64, f64),
        to: (f64, f64),
        stroke: &str,
        width: f64,
        extra: &str,
    ) {
        let _ = writeln!(
            self.body,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{stroke}" stroke-width="{}"{extra}/>"#,
            num(from.0),
            num(from.1),
            num(to.0),
            num(to.1),
            num(width)
        );
    }

    /// Text with its baseline at `y`.
    pub fn text(&mut self, x: f64, y: f64, text: &str, style: TextStyle) {
        let _ = writeln!(
            self.body,
            r#"<text x="{}" y="{}"{}>{}</text>"#,
            num(x),
            num(y),
            style.attrs(),
            escape(text)
        );
    }

    /// Text cut to `max_width` px; when cut, the full text is kept in a
    /// `<title>` child so it shows on hover. Returns the shown width.
    pub fn label(&mut self, x: f64, y: f64, text: &str, max_width: f64, style: TextStyle) -> f64 {
        self.label_with(x, y, text, max_width, style, "")
    }

    /// `label` with extra attribute text built by this module.
    pub fn label_with(
        &mut self,
        x: f64,
        y: f64,
        text: &str,
        max_width: f64,
        style: TextStyle,
        extra: &str,
    ) -> f64 {
        let (shown, cut) = truncate(text, max_width, style.size);
        let title = if cut {
            format!("<title>{}</title>", escape(text))
        } else {
            String::new()
        };
        let _ = writeln!(
            self.body,
            r#"<text x="{}" y="{}"{}{extra}>{title}{}</text>"#,
            num(x),
            num(y),
            style.attrs(),
            escape(&shown)
        );
        text_width(&shown, style.size)
    }

    /// A label wrapped onto up to [`LABEL_LINES`] lines of `max_width` px
    /// and centred vertically on `centre` (one line stays a plain label);
    /// when cut, the full text is kept in a `<title>` child.
    pub fn wrapped_label(
        &mut self,
        x: f64,
        centre: f64,
        text: &str,
        max_width: f64,
        style: TextStyle,
    ) {
        let (lines, cut) = wrap(text, max_width, style.size, LABEL_LINES);
        if lines.len() <= 1 {
            self.label(x, baseline(centre, style.size), text, max_width, style);
            return;
        }
        let step = LINE_HEIGHT * style.size;
        let first = centre - step * (lines.len() - 1) as f64 / 2.0;
        let ys: Vec<f64> = (0..lines.len())
            .map(|k| baseline(first + step * k as f64, style.size))
            .collect();
        self.lines(x, &ys, &lines, cut.then_some(text), style);
    }

    /// Several lines of one text element (baselines `ys`), with the full
    /// text as a hover title when `full` is given.
    pub fn lines(
        &mut self,
        x: f64,
        ys: &[f64],
        lines: &[String],
        full: Option<&str>,
        style: TextStyle,
    ) {
        let _ = write!(self.body, "<text{}>", style.attrs());
        if let Some(full) = full {
            let _ = write!(self.body, "<title>{}</title>", escape(full));
        }
        for (line, y) in lines.iter().zip(ys) {
            let _ = write!(
                self.body,
                r#"<tspan x="{}" y="{}">{}</tspan>"#,
                num(x),
                num(*y),
                escape(line)
            );
        }
        self.body.push_str("</text>\n");
    }

    /// The complete standalone document, also valid inline in HTML.
    pub fn finish(self, width: f64, height: f64, title: &str, desc: &str) -> String {
        let (w, h) = (num(width.ceil()), num(height.ceil()));
        let mut out = String::with_capacity(self.body.len() + self.defs.len() + 600);
        let _ = writeln!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="{p}-title {p}-desc" lang="{lang}" font-family="{FONT_FAMILY}" font-size="{size}">"#,
            p = self.prefix,
            lang = self.lang.code(),
            size = num(FONT),
        );
        let _ = writeln!(
            out,
            r#"<title id="{}-title">{}</title>"#,
            self.prefix,
            escape(title)
        );
        let _ = writeln!(
            out,
            r#"<desc id="{}-desc">{}</desc>"#,
            self.prefix,
            escape(desc)
        );
        if !self.defs.is_empty() {
            let _ = write!(out, "<defs>\n{}</defs>\n", self.defs);
        }
        let _ = writeln!(out, r#"<rect width="{w}" height="{h}" fill="{WHITE}"/>"#);
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_for_coordinates() {
        let cases = [
            (0.0, "0"),
            (-0.001, "0"),
            (12.5, "12.5"),
            (12.345, "12.35"),
            (100.0, "100"),
            (f64::NAN, "0"),
            (f64::INFINITY, "0"),
            (1e300, "1000000"),
        ];
        for (value, expected) in cases {
            assert_eq!(num(value), expected, "{value}");
        }
    }

    #[test]
    fn escaping_and_truncation() {
        assert_eq!(
            escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(escape("Gå\u{1}ö"), "Gåö");
        assert_eq!(
            truncate("Demokrati och insyn", 1000.0, 14.0),
            ("Demokrati och insyn".to_string(), false)
        );
        let (cut, was_cut) = truncate("Demokrati och insyn", 8.4 * 10.0, 14.0);
        assert_eq!((cut.as_str(), was_cut), ("Demokrati…", true));
    }

    #[test]
    fn truncation_keeps_combining_marks_with_their_base() {
        // Ten characters fit: nine and "…". The ninth is an "a" whose ring
        // would be cut off, so the "a" goes too.
        let (cut, was_cut) = truncate(&"a\u{30a}".repeat(20), 8.4 * 10.0, 14.0);
        assert_eq!((cut, was_cut), (format!("{}…", "a\u{30a}".repeat(4)), true));
        // Several marks on one base, and marks from the other blocks.
        let (cut, _) = truncate(
            "xxxxxxxxe\u{1ab0}\u{1dc0}\u{20d0}\u{fe20}yyyy",
            8.4 * 10.0,
            14.0,
        );
        assert_eq!(cut, "xxxxxxxx…");
        // A cut inside a run of marks takes the whole run and its base.
        let (cut, _) = truncate("xxxxxxxe\u{301}\u{302}\u{303}yy", 8.4 * 10.0, 14.0);
        assert_eq!(cut, "xxxxxxx…");
        // Precomposed text is cut as before.
        let (cut, _) = truncate("Målsättning och uppföljning", 8.4 * 10.0, 14.0);
        assert_eq!(cut, "Målsättni…");
    }

    #[test]
    fn labels_wrap_to_two_lines_before_they_are_cut() {
        // 340 px at 14 px: 40 characters a line.
        let label = "Regionalt inflytande (”Ensam är inte stark”)";
        assert!(text_width(label, FONT) > LABEL_CAP);
        let (lines, cut) = wrap(label, LABEL_CAP, FONT, LABEL_LINES);
        assert_eq!(
            (lines.clone(), cut),
            (
                vec![
                    "Regionalt inflytande (”Ensam är inte".to_string(),
                    "stark”)".to_string()
                ],
                false
            )
        );
        assert!(lines.iter().all(|l| text_width(l, FONT) <= LABEL_CAP));
        // A label that fits is one line, unchanged.
        assert_eq!(
            wrap("Demokrati och insyn", LABEL_CAP, FONT, LABEL_LINES),
            (vec!["Demokrati och insyn".to_string()], false)
        );
        // Only what does not fit two lines is cut, at the end of the second.
        let long = "Kostnad för drift och förvaltning av gemensamma system under tio år med ränta";
        let (lines, cut) = wrap(long, 30.0 * 8.4, FONT, LABEL_LINES);
        assert_eq!(
            (lines, cut),
            (
                vec![
                    "Kostnad för drift och".to_string(),
                    "förvaltning av gemensamma sys…".to_string()
                ],
                true
            )
        );
        // Spaces are collapsed; nothing is nothing.
        assert_eq!(
            wrap("  Demokrati \n och  insyn ", 120.0, FONT, 3),
            (
                vec!["Demokrati och".to_string(), "insyn".to_string()],
                false
            )
        );
        assert_eq!(wrap("", 84.0, FONT, 3), (Vec::<String>::new(), false));
        // One line allowed: plain truncation.
        assert_eq!(
            wrap("Demokrati och insyn", 8.4 * 10.0, FONT, 1),
            (vec!["Demokrati…".to_string()], true)
        );
    }

    #[test]
    fn a_word_longer_than_a_line_is_split_not_cut_when_there_is_room() {
        let (lines, cut) = wrap("Informationssäkerhetsarbete", 8.4 * 10.0, FONT, 3);
        assert_eq!(
            (lines, cut),
            (
                vec![
                    "Informatio".to_string(),
                    "nssäkerhet".to_string(),
                    "sarbete".to_string()
                ],
                false
            )
        );
        // Never between a letter and its combining mark.
        let (lines, _) = wrap(
            &format!("{}e\u{301}xyz", "x".repeat(9)),
            8.4 * 10.0,
            FONT,
            2,
        );
        assert_eq!(lines[0], "x".repeat(9));
        assert!(lines[1].starts_with("e\u{301}"), "{lines:?}");
    }
}
