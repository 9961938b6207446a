//! Character classes and the redaction-mask rule for Chinese official text.
//!
//! Published reports hide figures and names with runs of `*`, `×` or `X`
//! (`学习**次`, `××市`, `XX%`). The exact rule, also documented in README:
//!
//! * any run of literal `*` or `＊` (in Markdown, written `\*`) is a mask;
//! * a run of two or more `×` is a mask, and a single `×` next to a Chinese
//!   character (`×市`) is one; `3×4` is multiplication;
//! * a run of two or more capital `X` not touching another Latin letter is a
//!   mask (`XX%`, `XX市`); `1＋5＋X` and `XXL` are not.

use crate::script::is_han;

/// Characters between which a source line break is not a word space.
pub fn is_cjk_joinable(c: char) -> bool {
    is_han(c)
        || matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF | 0x3040..=0x30FF)
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

#[derive(Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    Text(&'a str),
    Mask(&'a str),
}

/// Splits text into plain runs and redaction masks.
pub fn split_masks(text: &str) -> Vec<Segment<'_>> {
    // Most text has no mask character at all: no per-character work then
    // (this ran for every text event of every page, and was a tenth of the
    // Markdown stage).
    if !text.contains(['*', '＊', '×', 'X']) {
        return if text.is_empty() { Vec::new() } else { vec![Segment::Text(text)] };
    }
    let mut out = Vec::new();
    let mut plain_start = 0;
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((pos, c)) = chars.next() {
        // The run of characters of `c`'s mask class that starts here.
        let mut end = pos + c.len_utf8();
        let mut run = 1;
        let mut last = c;
        if same_mask_class(c, c) {
            while let Some(&(p, d)) = chars.peek() {
                if !same_mask_class(d, c) {
                    break;
                }
                chars.next();
                end = p + d.len_utf8();
                run += 1;
                last = d;
            }
        }
        let next = chars.peek().map(|&(_, d)| d);
        let is_mask = match c {
            '*' | '＊' => true,
            '×' => run >= 2 || prev.is_some_and(is_han) || next.is_some_and(is_han),
            'X' => {
                run >= 2
                    && !prev.is_some_and(|p| p.is_ascii_alphabetic())
                    && !next.is_some_and(|n| n.is_ascii_alphabetic())
            }
            _ => false,
        };
        if is_mask {
            if plain_start < pos {
                out.push(Segment::Text(&text[plain_start..pos]));
            }
            out.push(Segment::Mask(&text[pos..end]));
            plain_start = end;
        }
        prev = Some(last);
    }
    if plain_start < text.len() {
        out.push(Segment::Text(&text[plain_start..]));
    }
    out
}

fn same_mask_class(a: char, start: char) -> bool {
    match start {
        '*' | '＊' => a == '*' || a == '＊',
        '×' => a == '×',
        'X' => a == 'X',
        _ => false,
    }
}

/// The search text of a mask: each mask character as a private-use character
/// (`*` U+E000, `＊` U+E001, `×` U+E002, `X` U+E003; anything else U+E000).
/// The search tokenizer treats these as separators (no false phrase across a
/// mask: `学习**次` does not contain `学习次`) and `search.js` turns them back
/// into the mask as the page shows it, so an excerpt never misquotes a report.
pub fn mask_search_text(mask: &str) -> String {
    mask.chars()
        .map(|c| match c {
            '＊' => '\u{E001}',
            '×' => '\u{E002}',
            'X' => '\u{E003}',
            _ => '\u{E000}',
        })
        .collect()
}

/// HTML for one mask: a single element with an accessible label.
pub fn mask_html(mask: &str, label: &str) -> String {
    format!("<span class=\"redacted\" role=\"img\" aria-label=\"{}\">{}</span>", escape(label), escape(mask))
}

/// The entity a byte is escaped as in HTML text and attributes, if any.
fn entity(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

/// Calls `put` with the pieces of `s` escaped: runs of text, and entities.
fn escape_pieces<E>(s: &str, mut put: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    // The five characters are ASCII, so the text between them is passed
    // whole (Tera escapes every value a template prints with this).
    let mut copied = 0;
    for (i, b) in s.bytes().enumerate() {
        let Some(entity) = entity(b) else { continue };
        put(&s[copied..i])?;
        put(entity)?;
        copied = i + 1;
    }
    put(&s[copied..])
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let _ = escape_pieces(s, |p| {
        out.push_str(p);
        Ok::<(), std::convert::Infallible>(())
    });
    out
}

/// [`escape`], written to `out`: Tera's escape function.
pub fn escape_to(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    escape_pieces(s, |p| out.write_all(p.as_bytes()))
}

/// [`escape`], borrowing `s` where nothing in it needs escaping.
pub fn escaped(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes().any(|b| entity(b).is_some()) { escape(s).into() } else { s.into() }
}

/// Applies the mask rule to the text parts of a raw HTML fragment.
pub fn mask_in_html(html: &str, label: &str) -> (String, usize) {
    let mut out = String::with_capacity(html.len());
    let mut count = 0;
    let mut rest = html;
    while !rest.is_empty() {
        if rest.starts_with('<') {
            let end = rest.find('>').map(|i| i + 1).unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            for seg in split_masks(&rest[..end]) {
                match seg {
                    Segment::Text(t) => out.push_str(t),
                    Segment::Mask(m) => {
                        count += 1;
                        out.push_str(&mask_html(m, label));
                    }
                }
            }
            rest = &rest[end..];
        }
    }
    (out, count)
}

/// A heading id: lower-cased letters and digits of any script; whitespace,
/// `-` and `_` join words with one `-`; everything else (punctuation such as
/// `.`, `、`, `（）`, `/`) is dropped, so `1.深化` and `1．深化` both give
/// `1深化`. Never empty, never contains whitespace.
pub fn slug_id(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' {
            dash = true;
        }
    }
    if out.is_empty() { "section".to_string() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_replaces_the_five_and_keeps_the_rest() {
        assert_eq!(escape("纯文本 plain"), "纯文本 plain");
        assert_eq!(escape(""), "");
        assert_eq!(escape("<a href=\"x\">T&amp;'s</a>"), "&lt;a href=&quot;x&quot;&gt;T&amp;amp;&#39;s&lt;/a&gt;");
        assert_eq!(escape("“引号”&"), "“引号”&amp;");
        assert_eq!(escape("&"), "&amp;");
    }

    #[test]
    fn escape_to_writes_what_escape_returns() {
        for s in ["纯文本 plain", "", "<a href=\"x\">T&amp;'s</a>", "“引号”&", "&", "a/b"] {
            let mut out = Vec::new();
            escape_to(s, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), escape(s));
        }
    }

    fn masks(s: &str) -> Vec<&str> {
        split_masks(s)
            .into_iter()
            .filter_map(|x| match x {
                Segment::Mask(m) => Some(m),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn mask_rule_table() {
        let cases: &[(&str, &[&str])] = &[
            ("学习**次", &["**"]),
            ("开展*次", &["*"]),
            ("***余人次", &["***"]),
            ("中共**市", &["**"]),
            ("××市城市管理局", &["××"]),
            ("×市", &["×"]),
            ("3×4", &[]),
            ("XX%", &["XX"]),
            ("XX市", &["XX"]),
            ("“1＋5＋X”标准体系", &[]),
            ("XXL", &[]),
            ("＊＊", &["＊＊"]),
            ("plain text", &[]),
        ];
        for (input, want) in cases {
            assert_eq!(masks(input), *want, "{input}");
        }
    }

    #[test]
    fn segments_cover_text() {
        let s = "组织**次局党组会和**次";
        let joined: String = split_masks(s)
            .into_iter()
            .map(|x| match x {
                Segment::Text(t) | Segment::Mask(t) => t,
            })
            .collect();
        assert_eq!(joined, s);
    }

    #[test]
    fn heading_ids() {
        assert_eq!(slug_id("一、述责述廉情况"), "一述责述廉情况");
        assert_eq!(slug_id("（一）坚持勤学立德，不断提升"), "一坚持勤学立德不断提升");
        assert_eq!(slug_id("I. Duty Performance"), "i-duty-performance");
        assert_eq!(slug_id("？！"), "section");
        // The README's rule: punctuation is dropped, half- or full-width alike.
        assert_eq!(slug_id("1.深化生活垃圾分类"), "1深化生活垃圾分类");
        assert_eq!(slug_id("1．深化生活垃圾分类"), "1深化生活垃圾分类");
        assert_eq!(slug_id("2.1 Results / Notes"), "21-results-notes");
    }

    #[test]
    fn masks_in_html_text_only() {
        let (html, n) = mask_in_html("<p class=\"closing\">××市<br>2023年</p>", "已隐去");
        assert_eq!(n, 1);
        assert!(html.contains("<span class=\"redacted\""));
        assert!(html.starts_with("<p class=\"closing\">"));
    }
}
