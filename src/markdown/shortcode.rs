//! The closing signature block without raw HTML.
//!
//! Official documents end with the issuing body and the date, right-aligned.
//! Writers (and `annals import`) put it between two shortcode lines:
//!
//! ```text
//! {% closing() %}
//! ××市城市管理局党组书记、局长
//! 2025年1月15日
//! {% end %}
//! ```
//!
//! Each line is taken literally (HTML-escaped; masks still become redaction
//! marks) and becomes one line of a `<p class="closing">` block. The expansion
//! keeps every source line on its line, so error lines stay exact. Shortcode
//! lines inside fenced code blocks are left alone.

use std::borrow::Cow;

use super::text::escape;

const OPEN: [&str; 2] = ["{% closing() %}", "{% closing %}"];
const CLOSE: &str = "{% end %}";

/// Expands closing blocks; `Err(line)` (1-based, in `src`) for one never closed.
pub(crate) fn expand(src: &str) -> Result<Cow<'_, str>, usize> {
    if !src.contains("closing") {
        return Ok(Cow::Borrowed(src));
    }
    let mut out = String::with_capacity(src.len() + 64);
    let mut fence: Option<&str> = None;
    let mut open_line: Option<usize> = None;
    let mut block: Vec<&str> = Vec::new();
    for (n, raw) in src.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        let t = line.trim();
        if open_line.is_some() {
            if t == CLOSE {
                out.push_str("<p class=\"closing\">\n");
                let last = block.iter().rposition(|l| !l.trim().is_empty());
                for (i, l) in block.iter().enumerate() {
                    if l.trim().is_empty() {
                        // A blank line would end the HTML block: keep the line, empty.
                        out.push_str("<!-- -->\n");
                    } else if Some(i) == last {
                        out.push_str(&format!("{}\n", escape(l.trim())));
                    } else {
                        out.push_str(&format!("{}<br>\n", escape(l.trim())));
                    }
                }
                out.push_str("</p>\n");
                open_line = None;
                block.clear();
            } else {
                block.push(line);
            }
            continue;
        }
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
        } else if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
        } else if OPEN.contains(&t) {
            open_line = Some(n + 1);
            continue;
        }
        out.push_str(raw);
    }
    match open_line {
        Some(line) => Err(line),
        None => Ok(Cow::Owned(out)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_and_keeps_lines() {
        let src = "正文。\n\n{% closing() %}\n××市<城管局>\n2025年1月15日\n{% end %}\n后文。\n";
        let out = expand(src).unwrap();
        assert_eq!(out, "正文。\n\n<p class=\"closing\">\n××市&lt;城管局&gt;<br>\n2025年1月15日\n</p>\n后文。\n");
        assert_eq!(out.lines().count(), src.lines().count());
    }

    #[test]
    fn unclosed_is_an_error_and_code_is_left_alone() {
        assert_eq!(expand("a\n{% closing() %}\nx\n").unwrap_err(), 2);
        let code = "```\n{% closing() %}\n```\n";
        assert_eq!(expand(code).unwrap(), code);
    }
}
