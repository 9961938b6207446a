//! Assembling the page: blocks with heading levels, closing, front matter.
//!
//! Everything here is string building in a fixed order so the output is
//! deterministic and diff-friendly: front matter keys in a stable order,
//! one block per paragraph, blocks separated by exactly one blank line.

use std::fmt::Write as _;
use std::path::Path;

use super::classify::{Class, Marker, classify, heading_number, marker};
use super::outline::Outline;
use super::runin::{self, Piece};
use super::{ImportError, ImportOptions, Imported, escape, meta, normalize};
use crate::parse::PageKind;

enum Block {
    Heading(u8, String),
    Para(String),
}

/// Converts `text` like [`super::convert`]; `source` is the file name the
/// text came from, recorded as `imported_from` and used for the slug.
pub fn convert_named(text: &str, opts: &ImportOptions, source: Option<&str>) -> Result<Imported, ImportError> {
    if opts.kind == PageKind::Page {
        return Err(ImportError::InvalidOption(format!("kind must be `report` or `case`, not `{}`", opts.kind)));
    }
    if let Some(slug) = &opts.slug
        && !meta::valid_slug(slug)
    {
        return Err(ImportError::InvalidOption(format!(
            "slug `{slug}` may only contain letters, digits, `-`, `_` and `.`"
        )));
    }
    let mut warnings = Vec::new();
    let mut lines = normalize::join_tiny(normalize::lines(text));
    let dropped = normalize::strip_footer(&mut lines);
    if dropped > 0 {
        warnings.push(format!("dropped {dropped} lines of licence boilerplate at the end"));
    }
    let closing = meta::take_closing(&mut lines);
    let title_line = meta::take_title(&mut lines);
    let lines = normalize::join_fragments(lines);

    let mut outline = Outline::default();
    let mut blocks = Vec::new();
    // Last numbered line per marker type and whether it became a heading:
    // once a numbered run is a list (items too long, `；`), its later items
    // stay list paragraphs even when one of them happens to be short.
    let mut last_numbered: Vec<(Marker, Option<u32>, bool)> = Vec::new();
    for line in lines.iter().filter(|l| !l.is_empty()) {
        let mut class = classify(line);
        if let Some((marker, _)) = marker(line) {
            let n = heading_number(line);
            let prev = last_numbered.iter_mut().find(|(m, _, _)| *m == marker);
            let in_list = prev.as_ref().is_some_and(|(_, p, heading)| !heading && p.is_some() && p.map(|p| p + 1) == n);
            if in_list {
                class = Class::Text;
            }
            let is_heading = matches!(class, Class::Heading { .. });
            match prev {
                Some(entry) => *entry = (marker, n, is_heading),
                None => last_numbered.push((marker, n, is_heading)),
            }
        }
        let body = match class {
            Class::Heading { marker, text, rest } => {
                let level = outline.level(marker, heading_number(&text));
                blocks.push(Block::Heading(level, text));
                match rest {
                    Some(rest) => rest,
                    None => continue,
                }
            }
            Class::Text => line.clone(),
        };
        for para in runin::split(&body) {
            blocks.push(Block::Para(para.to_string()));
        }
    }
    if blocks.is_empty() && title_line.is_none() {
        return Err(ImportError::Empty);
    }

    let all_text = lines.join("\n");
    let year =
        opts.year.or_else(|| title_line.as_deref().and_then(meta::find_year)).or_else(|| meta::find_year(&all_text));
    if year.is_none() {
        warnings.push("no year found in the document; pass --year".into());
    }
    let title = match title_line {
        Some(t) => t,
        None => {
            let t = meta::derive_title(&all_text, year, &opts.lang);
            warnings.push(format!("no title line; derived title `{t}`"));
            t
        }
    };
    let date = closing.as_ref().and_then(|c| c.date.clone());
    if closing.is_some() && date.is_none() {
        warnings.push("closing date is not a valid calendar date; front-matter date omitted".into());
    }
    let mut topics: Vec<String> = Vec::new();
    let haystack = format!("{title}\n{all_text}").to_lowercase();
    for (keyword, topic) in &opts.topics {
        let hit = !keyword.is_empty() && haystack.contains(&keyword.to_lowercase());
        if hit && !topics.contains(topic) {
            topics.push(topic.clone());
        }
    }
    let summary = blocks.iter().find_map(|b| match b {
        Block::Para(p) if !p.starts_with("——") && p.contains(['。', '！', '？']) => Some(meta::summary(p)),
        _ => None,
    });
    let stem = source.and_then(|s| Path::new(s).file_stem().and_then(|s| s.to_str()));
    let slug = match &opts.slug {
        Some(s) => s.clone(),
        None => meta::default_slug(&title, &all_text, stem, opts.kind),
    };

    let mut md = String::from("+++\n");
    let q = |s: &str| toml::Value::String(s.to_string()).to_string();
    let _ = writeln!(md, "title = {}", q(&title));
    if let Some(d) = &date {
        let _ = writeln!(md, "date = {}", q(d));
    }
    if let Some(y) = year {
        let _ = writeln!(md, "year = {y}");
    }
    let _ = writeln!(md, "kind = {}", q(opts.kind.as_str()));
    let list: Vec<String> = topics.iter().map(|t| q(t)).collect();
    let _ = writeln!(md, "topics = [{}]", list.join(", "));
    if let Some(s) = &summary {
        let _ = writeln!(md, "summary = {}", q(s));
    }
    if let Some(src) = source {
        let _ = writeln!(md, "\n[extra]\nimported_from = {}", q(src));
    }
    md.push_str("+++\n");
    for block in &blocks {
        md.push('\n');
        match block {
            Block::Heading(level, text) => {
                let hashes = "#".repeat(usize::from(*level));
                let _ = writeln!(md, "{hashes} {}", escape::heading(text));
            }
            Block::Para(p) => {
                let _ = writeln!(md, "{}", render_para(p));
            }
        }
    }
    if let Some(c) = &closing {
        let inner: Vec<String> = c.lines.iter().map(|l| escape::html(l)).collect();
        let _ = writeln!(md, "\n<p class=\"closing\">{}</p>", inner.join("<br>"));
    }
    Ok(Imported { title, year, date, topics, markdown: md, slug, warnings })
}

fn render_para(p: &str) -> String {
    let mut out = String::new();
    let pieces = runin::emphasize(p);
    let starts_with_text = matches!(pieces.first(), Some(Piece::Text(_)));
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(&escape::inline(&t)),
            Piece::Lead(t) => {
                let _ = write!(out, "**{}**", escape::inline(&t));
            }
        }
    }
    if starts_with_text { escape::line_start(&out) } else { out }
}

#[cfg(test)]
mod tests {
    use super::super::convert;
    use super::*;

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
        assert!(i.markdown.ends_with("\n\n<p class=\"closing\">××市城市管理局局长<br>2024年1月15日</p>\n"));
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
