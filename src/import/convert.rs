//! The text importer: logical lines → headings and paragraphs.
//!
//! Everything here is string building in a fixed order so the output is
//! deterministic and diff-friendly: front matter keys in a stable order,
//! one block per paragraph, blocks separated by exactly one blank line.

use super::classify::{Class, Marker, classify};
use super::page::{self, Page, Sections};
use super::runin;
use super::{ImportError, ImportOptions, Imported, meta, normalize};

/// Converts `text` like [`super::convert`]; `source` is the file name the
/// text came from, recorded as `imported_from` and used for the slug.
pub fn convert_named(text: &str, opts: &ImportOptions, source: Option<&str>) -> Result<Imported, ImportError> {
    page::check_options(opts)?;
    let mut warnings = Vec::new();
    let mut lines = normalize::join_tiny(normalize::lines(text));
    let dropped = normalize::strip_footer(&mut lines);
    if dropped > 0 {
        warnings.push(format!("dropped {dropped} lines of licence boilerplate at the end"));
    }
    let leftovers = normalize::strip_wiki(&mut lines);
    if leftovers > 0 {
        warnings.push(format!("dropped {leftovers} wiki editing leftovers (粗体文字, stray quote marks)"));
    }
    let closing = meta::take_closing(&mut lines);
    let title_line = meta::take_title(&mut lines);
    let dateline = meta::take_dateline(&mut lines);
    let lines = normalize::join_fragments(lines);

    // Without numbered chapters, a short unpunctuated line standing alone
    // between paragraphs is a part title (1964: 国民经济的成就和今后的建设任务).
    let chapters = lines.iter().any(|l| matches!(classify(l), Class::Heading { marker: Marker::Chapter, .. }));
    let mut sections = Sections::default();
    let mut blocks = Vec::new();
    let mut paragraphs = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() {
            continue;
        }
        let alone = i > 0 && lines[i - 1].is_empty() && lines.get(i + 1).is_none_or(|n| n.is_empty());
        let after_text = lines[..i].iter().rev().find(|l| !l.is_empty()).is_some_and(|l| normalize::ends_sentence(l));
        if meta::closing_heading(line) || (!chapters && alone && after_text && meta::part_title(line)) {
            blocks.push(page::heading(2, line));
            continue;
        }
        let body = match sections.classify(line) {
            Class::Heading { marker, text, rest } => {
                let level = sections.level(marker, &text);
                blocks.push(page::heading(level, &text));
                match rest {
                    Some(rest) => rest,
                    None => continue,
                }
            }
            Class::Text => line.clone(),
        };
        for para in runin::split(&body) {
            blocks.push(page::para(para));
            paragraphs.push(para.to_string());
        }
    }
    let all_text = lines.join("\n");
    let page = Page { title_line, dateline, closing, all_text, paragraphs, blocks, trailer: Vec::new(), warnings };
    page::finish(page, opts, source)
}
#[cfg(test)]
mod tests {
    use super::super::convert;
    use super::*;
    use crate::parse::PageKind;

    fn md(text: &str) -> String {
        convert(text, &ImportOptions::default()).unwrap().markdown
    }

    fn body(text: &str) -> String {
        let m = md(text);
        m.split_once("+++\n\n").map_or(String::new(), |(_, b)| b.to_string())
    }

    #[test]
    fn levels_follow_first_appearance() {
        let b = body("正文。\n一、甲\n1.乙\n（一）丙\n二、丁\n2.戊");
        assert_eq!(b, "正文。\n\n## 一、甲\n\n### 1.乙\n\n#### （一）丙\n\n## 二、丁\n\n### 2.戊\n");
    }

    #[test]
    fn numbered_lists_stay_lists() {
        let b = body("一、甲；\n二、乙；\n三、丙\n一、真正的标题\n正文。");
        assert_eq!(b, "一、甲；\n\n二、乙；\n\n三、丙\n\n## 一、真正的标题\n\n正文。\n");
    }

    #[test]
    fn run_in_heading_and_enumeration() {
        let b = body("一、情况\n（一）坚持学习。我牢记。一是强化学习。学习**次。");
        assert_eq!(b, "## 一、情况\n\n### （一）坚持学习\n\n我牢记。\n\n**一是强化学习**。学习\\*\\*次。\n");
    }

    #[test]
    fn front_matter_and_closing() {
        let i = convert(
            "2023年度述责述廉报告\n\n一、情况\n垃圾分类工作取得成效。\n\n××市城市管理局局长\n2024年1月15日\n",
            &ImportOptions { topics: vec![("垃圾分类".into(), "garbage-sorting".into())], ..Default::default() },
        )
        .unwrap();
        assert_eq!(i.title, "2023年度述责述廉报告");
        assert_eq!(i.year, Some(2023));
        assert_eq!(i.date.as_deref(), Some("2024-01-15"));
        assert_eq!(i.topics, vec!["garbage-sorting"]);
        assert_eq!(i.slug, "duty-report");
        assert!(i.markdown.starts_with("+++\ntitle = \"2023年度述责述廉报告\"\ndate = \"2024-01-15\"\nyear = 2023\n"));
        assert!(i.markdown.ends_with("\n\n{% closing() %}\n××市城市管理局局长\n2024年1月15日\n{% end %}\n"));
        let fm = i.markdown.split("+++").nth(1).unwrap();
        let v: toml::Table = fm.parse().unwrap();
        assert_eq!(v["summary"].as_str(), Some("垃圾分类工作取得成效。"));
        assert!(v.get("extra").is_none());
    }

    #[test]
    fn named_source_and_errors() {
        let o = ImportOptions::default();
        let i = convert_named("Minutes of meeting.", &o, Some("Town Hall 2021.txt")).unwrap();
        assert_eq!(i.slug, "town-hall-2021");
        assert!(i.markdown.contains("[extra]\nimported_from = \"Town Hall 2021.txt\"\n"));
        assert!(matches!(convert(" \n\u{3000}\n", &o), Err(ImportError::Empty)));
        let bad = ImportOptions { kind: PageKind::Page, ..Default::default() };
        assert!(convert("x", &bad).is_err());
        let bad = ImportOptions { slug: Some("../etc".into()), ..Default::default() };
        assert!(convert("x", &bad).is_err());
    }
}
