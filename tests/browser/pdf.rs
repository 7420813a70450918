//! Reads what a test needs from a PDF that Chromium printed
//! ([`super::session::Browser::print_to_pdf`]): the pages in order with
//! their sizes, and the headings of its outline with the page and height
//! each is on. Chromium's PDFs (Skia) keep the page tree and the outline as
//! plain text dictionaries, so no decompression is needed; this is not a
//! general PDF reader.

use std::collections::HashMap;

/// A page's size in points (1/72 inch).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSize {
    pub width: f64,
    pub height: f64,
}

/// A heading of the outline (`generateDocumentOutline`).
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub title: String,
    /// 0-based page index.
    pub page: usize,
    /// Distance of the heading's top from the page's top, in points.
    pub from_top: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub pages: Vec<PageSize>,
    pub headings: Vec<Heading>,
}

/// The pages and outline headings of `pdf`.
///
/// # Errors
/// No page tree found (not a PDF from Chromium).
pub fn layout(pdf: &[u8]) -> Result<Layout, String> {
    let text = String::from_utf8_lossy(pdf);
    let objects = objects(&text);
    let root = objects
        .values()
        .find(|o| o.contains("/Type /Catalog"))
        .and_then(|o| reference_after(o, "/Pages"))
        .ok_or("no /Catalog with /Pages in the PDF")?;
    let mut pages = Vec::new();
    collect_pages(&objects, root, None, &mut pages, 0)?;
    let index: HashMap<u32, usize> = pages.iter().enumerate().map(|(i, p)| (p.0, i)).collect();
    let mut headings = Vec::new();
    for object in objects.values() {
        let (Some(title), Some(dest)) = (title_of(object), after(object, "/Dest [")) else {
            continue;
        };
        let fields: Vec<&str> = dest.split_whitespace().collect();
        let (Some(number), Some(y)) = (
            fields.first().and_then(|n| n.parse::<u32>().ok()),
            fields.get(5).and_then(|y| y.parse::<f64>().ok()),
        ) else {
            continue;
        };
        if let Some(&page) = index.get(&number) {
            headings.push(Heading {
                title,
                page,
                from_top: pages[page].1.height - y,
            });
        }
    }
    headings.sort_by(|a, b| {
        (a.page, a.from_top)
            .partial_cmp(&(b.page, b.from_top))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    Ok(Layout {
        pages: pages.into_iter().map(|p| p.1).collect(),
        headings,
    })
}

/// Every `N 0 obj … endobj` by its number.
fn objects(text: &str) -> HashMap<u32, &str> {
    let mut found = HashMap::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(at) = rest.find(" 0 obj") {
        let before = &text[..offset + at];
        let number = before
            .rsplit(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse::<u32>().ok());
        let body_start = offset + at + " 0 obj".len();
        let body_end = text[body_start..]
            .find("endobj")
            .map_or(text.len(), |e| body_start + e);
        if let Some(number) = number {
            found.insert(number, &text[body_start..body_end]);
        }
        offset = body_end;
        rest = &text[offset..];
    }
    found
}

/// The text right after `key` in `object`.
fn after<'a>(object: &'a str, key: &str) -> Option<&'a str> {
    object.find(key).map(|at| &object[at + key.len()..])
}

/// The object number of `key N 0 R`.
fn reference_after(object: &str, key: &str) -> Option<u32> {
    after(object, &format!("{key} "))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// A `[a b c d]` box after `key` as a size.
fn size_after(object: &str, key: &str) -> Option<PageSize> {
    let inside = after(object, &format!("{key} ["))?.split(']').next()?;
    let numbers: Vec<f64> = inside
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    match numbers[..] {
        [x0, y0, x1, y1] => Some(PageSize {
            width: x1 - x0,
            height: y1 - y0,
        }),
        _ => None,
    }
}

fn collect_pages(
    objects: &HashMap<u32, &str>,
    number: u32,
    inherited: Option<PageSize>,
    pages: &mut Vec<(u32, PageSize)>,
    depth: usize,
) -> Result<(), String> {
    let object = objects
        .get(&number)
        .ok_or_else(|| format!("page tree object {number} missing"))?;
    if depth > 32 {
        return Err("page tree too deep".into());
    }
    let size = size_after(object, "/MediaBox").or(inherited);
    if object.contains("/Type /Pages") {
        let kids = after(object, "/Kids [")
            .and_then(|k| k.split(']').next())
            .ok_or_else(|| format!("page tree node {number} without /Kids"))?;
        let refs: Vec<u32> = kids
            .split_whitespace()
            .collect::<Vec<_>>()
            .chunks(3)
            .filter_map(|r| r.first()?.parse().ok())
            .collect();
        for kid in refs {
            collect_pages(objects, kid, size, pages, depth + 1)?;
        }
    } else {
        let size = size.ok_or_else(|| format!("page {number} without /MediaBox"))?;
        pages.push((number, size));
    }
    Ok(())
}

/// The `/Title` of an outline item: `(literal)` or `<FEFF…>` UTF-16 hex.
fn title_of(object: &str) -> Option<String> {
    let value = after(object, "/Title ")?;
    if let Some(hex) = value.strip_prefix('<') {
        let hex = hex.split('>').next()?;
        let units: Vec<u16> = hex
            .as_bytes()
            .chunks(4)
            .filter_map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
            .collect();
        let units = units.strip_prefix(&[0xFEFF]).unwrap_or(&units);
        return Some(String::from_utf16_lossy(units));
    }
    let literal = value.strip_prefix('(')?;
    let mut out = String::new();
    let mut escaped = false;
    for c in literal.chars() {
        match (escaped, c) {
            (true, c) => {
                out.push(c);
                escaped = false;
            }
            (false, '\\') => escaped = true,
            (false, ')') => break,
            (false, c) => out.push(c),
        }
    }
    Some(out)
}
