//! Escaping literal text so that Markdown renders it verbatim.
//!
//! Published reports mask figures and names with `*` (`学习**次`), which
//! CommonMark would happily turn into emphasis and swallow, and scraped text
//! can contain `_`, `<`, `[`, backticks or a line starting with `>`/`-`/`1. `.
//! We escape exactly the ASCII characters that can open Markdown syntax and
//! nothing else: every escape is a backslash before ASCII punctuation, so
//! Chinese text — including full-width punctuation, `×` and `X` masks, which
//! the renderer turns into redaction spans itself — passes through unchanged.
//!
//! The closing block is written as the `{% closing() %}` shortcode, whose
//! lines are taken literally and escaped by the renderer, so it needs none.

/// Escapes characters that are Markdown-active anywhere in a line.
pub(crate) fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '*' | '_' | '`' | '<' | '[' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // `&amp;`, `&#42;`: only an `&` that could start an entity.
            '&' if chars.peek().is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') => {
                out.push_str("\\&");
            }
            _ => out.push(c),
        }
    }
    out
}

/// Escapes what makes a line a block construct when it starts a paragraph
/// (`# `, `> `, `- `, `+ `, `1. `, `1) `). Call on already inline-escaped text.
pub(crate) fn line_start(s: &str) -> String {
    if let Some('#' | '>' | '-' | '+' | '=' | '|') = s.chars().next() {
        return format!("\\{s}");
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let after = &s[digits..];
        if let Some(delim @ ('.' | ')')) = after.chars().next() {
            let next = after[1..].chars().next();
            if next.is_none_or(|c| c == ' ' || c == '\t') {
                return format!("{}\\{delim}{}", &s[..digits], &after[1..]);
            }
        }
    }
    s.to_string()
}

/// Escapes heading text: inline escapes plus `#`, which would otherwise be
/// taken for an ATX closing sequence at the end of the heading.
pub(crate) fn heading(s: &str) -> String {
    inline(s).replace('#', "\\#")
}

/// Text for inline HTML (the dateline block): markup characters escaped,
/// and asterisks as entities so that masks stay literal.
pub(crate) fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '*' => out.push_str("&#42;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(md: &str) -> String {
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new(md));
        out
    }

    #[test]
    fn masks_and_syntax_are_escaped() {
        assert_eq!(inline("学习**次，开展*次"), "学习\\*\\*次，开展\\*次");
        assert_eq!(inline("a_b `c` <d> [e] ~f~ \\"), "a\\_b \\`c\\` \\<d> \\[e] \\~f\\~ \\\\");
        assert_eq!(inline("R&D &amp; & 。"), "R\\&D \\&amp; & 。");
        assert_eq!(inline("××市XX%，“1＋5＋X”（一）"), "××市XX%，“1＋5＋X”（一）");
    }

    #[test]
    fn line_starts() {
        assert_eq!(line_start("# x"), "\\# x");
        assert_eq!(line_start("> 引用"), "\\> 引用");
        assert_eq!(line_start("- 项"), "\\- 项");
        assert_eq!(line_start("---"), "\\---");
        assert_eq!(line_start("1. 项"), "1\\. 项");
        assert_eq!(line_start("2) 项"), "2\\) 项");
        assert_eq!(line_start("1.5万吨"), "1.5万吨");
        assert_eq!(line_start("2022年，"), "2022年，");
        assert_eq!(line_start("——经济发展"), "——经济发展");
    }

    #[test]
    fn rendered_text_survives() {
        for text in [
            "学习**次，开展*次",
            "* 不是列表",
            "# 不是标题",
            "> 不是引用",
            "1. 不是列表",
            "a_b_c <b>x</b> [链接](u) `code` &amp;",
            "---",
        ] {
            let html = render(&line_start(&inline(text)));
            let want = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
            assert_eq!(html.trim(), format!("<p>{want}</p>"), "text: {text}");
        }
    }
}
