//! The page both importers produce: heading decisions shared by text and
//! Word input, and the front matter + body assembly.
//!
//! The text importer and the Word importer see the same documents in two
//! shapes, and an editor expects the same page from either. So the rules
//! that decide structure — which numbered lines are headings and which are
//! list items ([`Sections`]), the title, year, summary, slug and closing
//! ([`finish`]) — live here once and both importers call them.

use std::fmt::Write as _;
use std::path::Path;

use super::classify::{Class, Marker, classify, heading_number, marker};
use super::outline::Outline;
use super::runin::{self, Piece};
use super::{ImportError, ImportOptions, Imported, escape, meta};

/// Heading decisions over a document's lines, in order.
#[derive(Default)]
pub(crate) struct Sections {
    outline: Outline,
    /// Last numbered line per marker type and whether it became a heading:
    /// once a numbered run is a list (items too long, `；`), its later items
    /// stay list paragraphs even when one of them happens to be short.
    last_numbered: Vec<(Marker, Option<u32>, bool)>,
}

impl Sections {
    /// Classifies `line` in context (numbered lists stay lists).
    pub(crate) fn classify(&mut self, line: &str) -> Class {
        let mut class = classify(line);
        if let Some((marker, _)) = marker(line) {
            let n = heading_number(line);
            let prev = self.last_numbered.iter_mut().find(|(m, _, _)| *m == marker);
            let in_list = prev.as_ref().is_some_and(|(_, p, heading)| !heading && p.is_some() && p.map(|p| p + 1) == n);
            if in_list {
                class = Class::Text;
            }
            let is_heading = matches!(class, Class::Heading { .. });
            match prev {
                Some(entry) => *entry = (marker, n, is_heading),
                None => self.last_numbered.push((marker, n, is_heading)),
            }
        }
        class
    }

    /// The Markdown level (2–6) of a heading with `marker` and `text`.
    pub(crate) fn level(&mut self, marker: Marker, text: &str) -> u8 {
        self.outline.level(marker, heading_number(text))
    }
}

/// Everything [`finish`] needs besides the options.
pub(crate) struct Page {
    pub title_line: Option<String>,
    /// `——2023年3月5日在…会议上` and the speaker, under the title.
    pub dateline: Option<meta::Closing>,
    pub closing: Option<meta::Closing>,
    /// The body as plain text (year, topics, derived title).
    pub all_text: String,
    /// Plain text of the body paragraphs, in order (summary).
    pub paragraphs: Vec<String>,
    /// Markdown blocks, each one paragraph, heading, table, ….
    pub blocks: Vec<String>,
    /// Markdown appended after the closing (footnote definitions).
    pub trailer: Vec<String>,
    pub warnings: Vec<String>,
}

/// Checks options shared by both importers.
pub(crate) fn check_options(opts: &ImportOptions) -> Result<(), ImportError> {
    if opts.kind == crate::parse::PageKind::Page {
        return Err(ImportError::InvalidOption(format!("kind must be `report` or `case`, not `{}`", opts.kind)));
    }
    if let Some(slug) = &opts.slug
        && !meta::valid_slug(slug)
    {
        return Err(ImportError::InvalidOption(format!(
            "slug `{slug}` may only contain letters, digits, `-`, `_` and `.`"
        )));
    }
    Ok(())
}

/// Assembles front matter and body.
pub(crate) fn finish(page: Page, opts: &ImportOptions, source: Option<&str>) -> Result<Imported, ImportError> {
    let Page { title_line, dateline, closing, all_text, paragraphs, blocks, trailer, mut warnings } = page;
    if blocks.is_empty() && title_line.is_none() {
        return Err(ImportError::Empty);
    }
    let year =
        opts.year.or_else(|| title_line.as_deref().and_then(meta::find_year)).or_else(|| meta::find_year(&all_text));
    if year.is_none() {
        warnings.push("no year found in the document; pass --year".into());
    }
    let title = match title_line {
        Some(t) => meta::title_with_year(&t, year),
        None => {
            let t = meta::derive_title(&all_text, year, &opts.lang);
            warnings.push(format!("no title line; derived title `{t}`"));
            t
        }
    };
    let date = closing.as_ref().and_then(|c| c.date.clone()).or_else(|| dateline.as_ref().and_then(|d| d.date.clone()));
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
    let summary =
        paragraphs.iter().find(|p| !p.starts_with("——") && p.contains(['。', '！', '？'])).map(|p| meta::summary(p));
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
    if let Some(d) = &dateline {
        let inner: Vec<String> = d.lines.iter().map(|l| escape::html(l)).collect();
        let _ = writeln!(md, "\n<p class=\"dateline\">{}</p>", inner.join("<br>"));
    }
    for block in &blocks {
        md.push('\n');
        md.push_str(block);
        md.push('\n');
    }
    if let Some(c) = &closing {
        // The closing shortcode takes its lines literally (see markdown/shortcode.rs).
        let _ = writeln!(md, "\n{{% closing() %}}\n{}\n{{% end %}}", c.lines.join("\n"));
    }
    for t in &trailer {
        md.push('\n');
        md.push_str(t);
        md.push('\n');
    }
    Ok(Imported { title, year, date, topics, markdown: md, slug, warnings })
}

/// A heading block.
pub(crate) fn heading(level: u8, text: &str) -> String {
    format!("{} {}", "#".repeat(usize::from(level)), escape::heading(text))
}

/// A paragraph of literal text, with run-in lead-ins emphasised.
pub(crate) fn para(p: &str) -> String {
    let out = para_inline(p);
    if out.starts_with("**") { out } else { escape::line_start(&out) }
}

/// [`para`] for text that does not start a line (a table cell, text after
/// an image): no line-start escapes.
pub(crate) fn para_inline(p: &str) -> String {
    let mut out = String::new();
    for piece in runin::emphasize(p) {
        match piece {
            Piece::Text(t) => out.push_str(&escape::inline(&t)),
            Piece::Lead(t) => {
                let _ = write!(out, "**{}**", escape::inline(&t));
            }
        }
    }
    out
}
