//! Rendered reports as addressable blocks of text, masks kept as masks.
//!
//! Commitments and follow-ups are read from the rendered HTML rather than the
//! Markdown source, because that is what readers see: emphasis is gone,
//! `@/` links are resolved, and a redaction mask is already one element that
//! must stay a mask wherever the text is quoted (a quoted `学习**次` must not
//! become `学习次`, nor the mask a bold run). Each block has an address that
//! survives translation: the position of its section in the heading tree (the
//! key of the parallel view, `3` or `1.2`) and its ordinal inside it, so the
//! English twin's block at the same address is the same paragraph.

use serde::Serialize;

use crate::markdown::text::{escape, mask_html};
use crate::markdown::{Heading, cuts};

/// A run of visible text or one redaction mask.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Piece {
    Text(String),
    Mask(String),
}

/// Quoted text: pieces in order, so masks can be shown as masks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Excerpt {
    pub pieces: Vec<Piece>,
}

impl Excerpt {
    /// Text with masks as written (`学习**次`): what JSON and editors see.
    pub fn text(&self) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) | Piece::Mask(t) => t.as_str(),
            })
            .collect()
    }

    /// Visible text without masks: what matching sees (masks are never indexed).
    pub fn plain(&self) -> String {
        self.pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Text(t) => Some(t.as_str()),
                Piece::Mask(_) => None,
            })
            .collect()
    }

    /// HTML with each mask as one labelled element.
    pub fn html(&self, mask_label: &str) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => escape(t),
                Piece::Mask(m) => mask_html(m, mask_label),
            })
            .collect()
    }

    fn push_text(&mut self, s: &str) {
        if let Some(Piece::Text(t)) = self.pieces.last_mut() {
            t.push_str(s);
        } else if !s.is_empty() {
            self.pieces.push(Piece::Text(s.to_string()));
        }
    }

    /// The part between character offsets `from..to` of [`Excerpt::text`].
    pub fn slice(&self, from: usize, to: usize) -> Excerpt {
        let mut out = Excerpt::default();
        let mut at = 0;
        for p in &self.pieces {
            let (s, mask) = match p {
                Piece::Text(t) => (t, false),
                Piece::Mask(m) => (m, true),
            };
            let n = s.chars().count();
            let (a, b) = (from.max(at), to.min(at + n));
            if a < b {
                if mask {
                    out.pieces.push(Piece::Mask(s.clone()));
                } else {
                    let part: String = s.chars().skip(a - at).take(b - a).collect();
                    out.push_text(&part);
                }
            }
            at += n;
        }
        out.trim()
    }

    fn trim(mut self) -> Excerpt {
        if let Some(Piece::Text(t)) = self.pieces.first_mut() {
            *t = t.trim_start().to_string();
        }
        if let Some(Piece::Text(t)) = self.pieces.last_mut() {
            *t = t.trim_end().to_string();
        }
        self.pieces.retain(|p| !matches!(p, Piece::Text(t) if t.is_empty()));
        self
    }
}

/// Where a block sits, the same in a report and in its translation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Addr {
    /// Heading-tree key of the level-2/3 section (`0` before the first heading).
    pub section: String,
    /// Ordinal of the block in that section (the section heading is 0).
    pub block: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Heading(u8),
    Text,
}

/// A paragraph, list item or heading of a rendered document.
#[derive(Debug, Clone)]
pub struct Block {
    pub addr: Addr,
    pub kind: BlockKind,
    /// Id of the nearest heading at or above the block, for links.
    pub anchor: Option<String>,
    pub excerpt: Excerpt,
}

/// Cuts rendered HTML into blocks, addressed by heading-tree position.
pub fn blocks(html: &str, headings: &[Heading]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut anchor: Option<String> = None;
    for seg in cuts(html, headings) {
        let mut n = 0usize;
        for (kind, id, excerpt) in scan(seg.html) {
            if let Some(id) = id {
                anchor = Some(id);
            }
            if excerpt.plain().trim().is_empty() {
                continue;
            }
            if matches!(kind, BlockKind::Heading(_)) && n == 0 {
                // The section's own heading is block 0.
            } else if n == 0 {
                n = 1;
            }
            out.push(Block {
                addr: Addr { section: seg.key.clone(), block: n },
                kind,
                anchor: anchor.clone(),
                excerpt,
            });
            n += 1;
        }
    }
    out
}

/// The blocks of one HTML fragment: (kind, heading id, text).
fn scan(html: &str) -> Vec<(BlockKind, Option<String>, Excerpt)> {
    let mut out = Vec::new();
    let mut cur: Option<(BlockKind, Option<String>, Excerpt)> = None;
    let mut rest = html;
    let flush = |cur: &mut Option<(BlockKind, Option<String>, Excerpt)>, out: &mut Vec<_>| {
        if let Some(b) = cur.take() {
            out.push(b);
        }
    };
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            cur.get_or_insert((BlockKind::Text, None, Excerpt::default())).2.push_text(&decode(rest));
            break;
        };
        if lt > 0 {
            cur.get_or_insert((BlockKind::Text, None, Excerpt::default())).2.push_text(&decode(&rest[..lt]));
        }
        rest = &rest[lt..];
        let end = rest.find('>').map(|i| i + 1).unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end..];
        let name: String = tag
            .trim_start_matches('<')
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = tag.starts_with("</");
        if name == "span" && !closing && tag.contains("class=\"redacted\"") {
            let close = rest.find("</span>").unwrap_or(rest.len());
            let mask = decode(&rest[..close]);
            rest = rest.get(close + "</span>".len()..).unwrap_or("");
            cur.get_or_insert((BlockKind::Text, None, Excerpt::default())).2.pieces.push(Piece::Mask(mask));
            continue;
        }
        if name == "a" && !closing && tag.contains("class=\"heading-anchor\"") {
            let close = rest.find("</a>").map(|i| i + 4).unwrap_or(rest.len());
            rest = &rest[close..];
            continue;
        }
        let heading = match name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Some(name.as_bytes()[1] - b'0'),
            _ => None,
        };
        let is_block =
            heading.is_some() || matches!(name.as_str(), "p" | "li" | "td" | "th" | "dt" | "dd" | "pre" | "blockquote");
        if name == "br" {
            cur.get_or_insert((BlockKind::Text, None, Excerpt::default())).2.push_text("\n");
        } else if is_block {
            flush(&mut cur, &mut out);
            if !closing {
                let id = heading.and_then(|_| attr(tag, "id"));
                cur = Some((heading.map(BlockKind::Heading).unwrap_or(BlockKind::Text), id, Excerpt::default()));
            }
        }
    }
    flush(&mut cur, &mut out);
    out.into_iter()
        .map(|(k, id, e)| {
            let e = e.trim();
            (k, id, e)
        })
        .collect()
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let len = tag[start..].find('"')?;
    Some(decode(&tag[start..start + len]))
}

/// Decodes the entities our Markdown renderer writes.
fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let ent = &rest[1..e];
            match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let num = ent.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Character ranges of the sentences of `text`, each ending after its
/// terminator (`。！？；` or `. ` in English), closing quotes included.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let end_here = matches!(c, '。' | '！' | '？' | '!' | '?')
            || (c == '.'
                && chars.get(i + 1).is_none_or(|n| n.is_whitespace())
                && i > 0
                && !chars[i - 1].is_ascii_digit());
        if end_here {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j], '”' | '’' | '"' | '）' | ')') {
                j += 1;
            }
            push_range(&chars, start, j, &mut out);
            start = j;
            i = j;
            continue;
        }
        i += 1;
    }
    push_range(&chars, start, chars.len(), &mut out);
    out
}

fn push_range(chars: &[char], start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let mut a = start;
    while a < end && chars[a].is_whitespace() {
        a += 1;
    }
    if a < end {
        out.push((a, end));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keep_masks_and_addresses() {
        let html = "<p>前言</p>\n<h2 id=\"a\">一、回顾<a class=\"heading-anchor\" href=\"#a\" aria-label=\"x\"></a></h2>\n\
                    <p><strong>一是学习。</strong>学习<span class=\"redacted\" role=\"img\" aria-label=\"已隐去\">**</span>次&amp;。</p>\n\
                    <ul><li>第一项</li><li>第二项</li></ul>";
        let hs = vec![Heading {
            level: 2, id: "a".into(), title: "一、回顾".into(), html: "一、回顾".into(), line: 2
        }];
        let b = blocks(html, &hs);
        let texts: Vec<String> = b.iter().map(|b| b.excerpt.text()).collect();
        assert_eq!(texts, ["前言", "一、回顾", "一是学习。学习**次&。", "第一项", "第二项"]);
        assert_eq!(b[2].addr, Addr { section: "1".into(), block: 1 });
        assert_eq!(b[4].addr, Addr { section: "1".into(), block: 3 });
        assert_eq!(b[2].anchor.as_deref(), Some("a"));
        assert_eq!(b[2].excerpt.plain(), "一是学习。学习次&。");
        assert!(b[2].excerpt.html("已隐去").contains("<span class=\"redacted\""));
        assert_eq!(b[2].excerpt.slice(5, 9).text(), "学习**");
    }

    #[test]
    fn sentence_ranges() {
        let t = "完成“任务。”再推进。Done 3.5 times. Next";
        let s: Vec<String> =
            sentences(t).iter().map(|&(a, b)| t.chars().skip(a).take(b - a).collect::<String>()).collect();
        assert_eq!(s, ["完成“任务。”", "再推进。", "Done 3.5 times.", "Next"]);
    }
}
