use std::path::Path;

use super::*;

fn resolve(p: &str) -> Option<String> {
    (p == "reports/2022/duty-report.md").then(|| "reports/2022/duty-report/".to_string())
}

fn md(src: &str) -> Result<Rendered, Vec<SiteError>> {
    let ctx = MdContext {
        file: Path::new("content/x.md"),
        body_line: 5,
        redacted_label: "已隐去",
        anchor_label: "本节链接",
        resolve: &resolve,
    };
    render(src, &ctx)
}

#[test]
fn chinese_line_break_is_not_a_space() {
    let r = md("我始终牢记\n从政德为先。\nEnglish\nwords").unwrap();
    assert!(r.html.unpack().contains("我始终牢记从政德为先。"), "{}", r.html.unpack());
    assert!(
        r.html.unpack().contains("English\nwords") || r.html.unpack().contains("English words"),
        "{}",
        r.html.unpack()
    );
}

#[test]
fn chinese_headings_get_unique_ids() {
    let r = md("## 一、述责述廉情况\n\n## 一、述责述廉情况\n\n### （一）坚持勤学立德\n").unwrap();
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["一述责述廉情况", "一述责述廉情况-2", "一坚持勤学立德"]);
    let toc = r.toc();
    assert_eq!(toc.len(), 2);
    assert_eq!(toc[1].children.len(), 1);
    assert!(r.html.unpack().contains("<h2 id=\"一述责述廉情况\">一、述责述廉情况<a class=\"heading-anchor\""));
}

#[test]
fn custom_heading_id() {
    let r = md("## Title {#custom}\n").unwrap();
    assert_eq!(r.headings[0].id, "custom");
}

#[test]
fn escaped_masks_are_redactions_not_emphasis() {
    let r = md("组织学习\\*\\*次，局党组会\\*\\*次，开展\\*次。\n").unwrap();
    assert_eq!(r.masks, 3);
    assert!(!r.html.unpack().contains("<strong>") && !r.html.unpack().contains("<em>"), "{}", r.html.unpack());
    assert_eq!(r.html.unpack().matches("class=\"redacted\"").count(), 3);
    assert!(!r.text.unpack().contains('*'));
    assert!(
        r.text.unpack().contains("学习\u{E000}\u{E000}次"),
        "masks stay in the search text as separators: {:?}",
        r.text
    );
}

#[test]
fn intended_bold_stays_bold() {
    let r = md("**一是强化理论学习。**深入学习\n").unwrap();
    assert!(r.html.unpack().contains("<strong>一是强化理论学习。</strong>"), "{}", r.html.unpack());
}

#[test]
fn internal_links_resolve_or_fail_with_line() {
    let r = md("见[报告](@/reports/2022/duty-report.md#一述责述廉情况)。\n").unwrap();
    assert!(r.html.unpack().contains(&format!("href=\"{ROOT_MARK}reports/2022/duty-report/#")), "{}", r.html.unpack());
    let err = md("\n\n[x](@/nope.md)\n").unwrap_err();
    assert_eq!(err[0].line, Some(7));
    assert!(err[0].to_string().contains("content/x.md:7"));
}

#[test]
fn tables_footnotes_strikethrough() {
    let r = md("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ text[^1]\n\n[^1]: note\n").unwrap();
    assert!(r.html.unpack().contains("<table>"));
    assert!(r.html.unpack().contains("<del>old</del>"));
    assert!(r.html.unpack().contains("footnote"));
}

#[test]
fn first_paragraph_and_text() {
    let r = md("# T\n\n第一段\n文字。\n\n第二段。\n").unwrap();
    assert_eq!(r.first_paragraph, "第一段文字。");
    assert!(r.text.unpack().contains("第二段"));
}

#[test]
fn heading_text_appears_once_in_search_text() {
    let r = md("## 背景\n\n正文。\n").unwrap();
    assert_eq!(r.text.unpack().matches("背景").count(), 1, "{:?}", r.text);
}

/// No input makes the parsers panic: random documents over an alphabet of
/// Markdown, front-matter and Chinese punctuation through the whole chain.
#[test]
fn never_panics_on_arbitrary_input() {
    use crate::parse::{FrontMatter, split_front_matter};
    let alphabet: Vec<char> =
        "+-=#*_\\[]()@/.md\n \t`<>{}|:\"'一、（）。，×X*＊**\u{feff}0123abc~!&;".chars().collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let len = (next() % 120) as usize;
        let mut s: String = (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
        if next() % 3 == 0 {
            s = format!("+++\n{s}\n+++\n{s}");
        } else if next() % 3 == 0 {
            s = format!("---\n{s}\n---\n{s}");
        }
        let file = Path::new("content/fuzz.md");
        if let Ok(split) = split_front_matter(&s, file) {
            let _ = FrontMatter::parse(&split, file);
            let _ = md(split.body);
        }
        let _ = md(&s);
    }
}
