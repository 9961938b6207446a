//! The Word model ([`Doc`]) → a Markdown page, through the shared rules of
//! [`crate::import::page`].
//!
//! Heading decisions, in order of trust:
//!
//! 1. a heading style or outline level — the author said so; its level comes
//!    from its visible numbering through the same outline rules as a text
//!    import (so `一、` is `##` whether typed or automatic), or, for an
//!    unnumbered heading, from the level its style had elsewhere;
//! 2. a typed or automatic GB/T 9704 number (`一、`, `（一）`, `1.`, `（1）`)
//!    on a short line, exactly as the text importer decides;
//! 3. a short line that is bold throughout and reads like a heading (no
//!    sentence punctuation) — at the top level of the document.
//!
//! Paragraph text keeps the author's bold; where a paragraph has none, run-in
//! lead-ins (`一是…`) are emphasised as in a text import.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::super::classify::{Class, MAX_HEADING_CHARS, marker};
use super::super::page::{self, Page, Sections};
use super::super::{ImportError, ImportOptions, Imported, escape, meta, runin};
use super::inlines::{full_inlines, plain_of, slice};
use super::numbering::Numbering;
use super::package::Package;
use super::paragraphs::Walker;
use super::styles::{Role, Styles};
use super::xml::Ns;
use super::{Asset, Block, Doc, Inline, Para, tables};

/// A converted Word document.
#[derive(Debug, Clone)]
pub struct DocxImport {
    pub page: Imported,
    /// Images to write next to the page (which is then `<slug>/index.md`).
    pub assets: Vec<Asset>,
    /// What could not be carried over, with its place.
    pub lost: Vec<String>,
}

/// Converts the bytes of a `.docx` file into a page. `source` is the file
/// name (recorded as `imported_from`, used for the slug).
pub fn convert_docx(bytes: &[u8], opts: &ImportOptions, source: Option<&str>) -> Result<DocxImport, ImportError> {
    page::check_options(opts)?;
    let doc = read(bytes).map_err(ImportError::NotDocx)?;
    assemble(doc, opts, source)
}

fn read(bytes: &[u8]) -> Result<Doc, String> {
    let mut pkg = Package::open(bytes)?;
    let main = pkg.main_part()?;
    let rels = pkg.relationships(&main)?;
    let styles_part = rels.part_of("styles", "styles.xml");
    let numbering_part = rels.part_of("numbering", "numbering.xml");
    let styles = Styles::parse(pkg.xml(&styles_part)?.as_ref());
    let numbering = Numbering::parse(pkg.xml(&numbering_part)?.as_ref());
    let root = pkg.xml(&main)?.ok_or_else(|| format!("{main}: missing"))?;
    let body = root.child(Ns::W, "body").ok_or_else(|| format!("{main}: no w:body"))?;
    let mut walker = Walker::new(&mut pkg, rels, styles, numbering);
    walker.body(body);
    walker.notes()?;
    Ok(walker.doc)
}

/// Renders inlines as Markdown: author bold kept, notes and images linked.
struct Render<'d> {
    doc: &'d Doc,
    /// Caption per image index.
    captions: BTreeMap<usize, String>,
}

impl Render<'_> {
    /// Markdown of `inl`; `line` when it starts a line (a paragraph), so
    /// that text like `1. ` or `- ` is escaped there.
    fn inlines(&self, inl: &[Inline], line: bool) -> String {
        let author_bold = inl
            .iter()
            .any(|i| matches!(i, Inline::Text { bold: true, text } if text.chars().any(char::is_alphanumeric)));
        let mut out = String::new();
        let mut text = String::new();
        for i in inl {
            match i {
                Inline::Text { text: t, bold: false } => text.push_str(t),
                // No author bold: the text importer's run-in emphasis applies.
                Inline::Text { text: t, bold: true } if !author_bold => text.push_str(t),
                Inline::Text { text: t, bold: true } => {
                    out.push_str(&self.text_run(&text, author_bold));
                    text.clear();
                    out.push_str(&bold(t));
                }
                other => {
                    out.push_str(&self.text_run(&text, author_bold));
                    text.clear();
                    out.push_str(&self.other(other));
                }
            }
        }
        out.push_str(&self.text_run(&text, author_bold));
        if line && !out.starts_with("**") { escape::line_start(&out) } else { out }
    }

    fn text_run(&self, text: &str, author_bold: bool) -> String {
        if author_bold { escape::inline(text) } else { page::para_inline(text) }
    }

    fn other(&self, i: &Inline) -> String {
        match i {
            Inline::Note(n) => format!("[^{n}]"),
            Inline::Image(k) => {
                let img = &self.doc.images[*k];
                let alt = self.captions.get(k).cloned().unwrap_or_else(|| img.alt.clone());
                let alt = escape::inline(&alt).replace(']', "\\]");
                format!("![{alt}]({})", img.name)
            }
            Inline::Text { text, .. } => escape::inline(text),
        }
    }
}

/// `**bold**` with the emphasis shrunk to start and end on a letter or
/// ideograph: CommonMark does not close `**` after punctuation that is
/// followed by a letter (`**一是学习。**深入`), so edge punctuation and
/// masks stay outside.
fn bold(text: &str) -> String {
    let start = text.find(|c: char| c.is_alphanumeric());
    let end = text.char_indices().rev().find(|(_, c)| c.is_alphanumeric()).map(|(i, c)| i + c.len_utf8());
    match (start, end) {
        (Some(s), Some(e)) if s < e => {
            format!("{}**{}**{}", escape::inline(&text[..s]), escape::inline(&text[s..e]), escape::inline(&text[e..]))
        }
        _ => escape::inline(text),
    }
}

/// Is this a caption line (`图1 …`, `表 2：…`, `Figure 3`)?
fn caption_like(p: &Para) -> bool {
    if p.role == Role::Caption {
        return true;
    }
    let t = p.plain();
    let rest = ["图", "表", "Figure", "Fig.", "Table"].iter().find_map(|w| t.strip_prefix(w));
    rest.is_some_and(|r| r.trim_start().starts_with(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c)))
        && t.chars().count() <= 60
}

fn bold_only(inl: &[Inline]) -> bool {
    let mut any = false;
    for i in inl {
        match i {
            Inline::Text { text, bold } => {
                if text.chars().any(|c| !c.is_whitespace()) {
                    if !bold {
                        return false;
                    }
                    any = true;
                }
            }
            _ => return false,
        }
    }
    any
}

/// A bold-only line that reads like a heading.
fn bold_heading(plain: &str) -> bool {
    let n = plain.chars().count();
    (2..=MAX_HEADING_CHARS).contains(&n)
        && !plain.contains(['。', '；', ';', '！', '？'])
        && !plain.ends_with(['，', '、', '：', ':', ',', '.'])
        && plain.chars().any(char::is_alphanumeric)
}

fn assemble(mut doc: Doc, opts: &ImportOptions, source: Option<&str>) -> Result<DocxImport, ImportError> {
    let mut warnings = Vec::new();
    // Title: a Title-styled paragraph or a title-like first paragraph.
    let first = doc.blocks.iter().position(|b| matches!(b, Block::Para(p) if !p.plain().trim().is_empty()));
    let mut title_line = None;
    if let Some(i) = first
        && let Block::Para(p) = &doc.blocks[i]
    {
        let plain = p.plain();
        let mut lines = vec![plain.clone(), String::new(), "x".to_string()];
        let styled = matches!(p.role, Role::Title);
        if styled || (p.label.is_none() && meta::take_title(&mut lines).is_some()) {
            title_line = Some(plain.trim().to_string());
            doc.blocks.remove(i);
            shift_lost(&mut doc, i);
        }
    }
    // Closing: signature and date at the end.
    let tail: Vec<usize> = doc
        .blocks
        .iter()
        .enumerate()
        .rev()
        .take_while(|(_, b)| matches!(b, Block::Para(_)))
        .filter(|(_, b)| matches!(b, Block::Para(p) if !p.plain().trim().is_empty()))
        .map(|(i, _)| i)
        .take(3)
        .collect();
    let mut tail_lines: Vec<String> = vec!["正文".to_string()];
    tail_lines.extend(tail.iter().rev().map(|i| match &doc.blocks[*i] {
        Block::Para(p) => p.plain().trim().to_string(),
        Block::Table(_) => String::new(),
    }));
    let closing = meta::take_closing(&mut tail_lines);
    if let Some(c) = &closing {
        let n = c.lines.len();
        let mut drop: Vec<usize> = tail.iter().take(n).copied().collect();
        drop.sort_unstable();
        for i in drop.into_iter().rev() {
            doc.blocks.remove(i);
        }
    }

    // Captions of images: a caption line right after (or before) an image.
    let mut captions = BTreeMap::new();
    let mut caption_paras = Vec::new();
    for (i, b) in doc.blocks.iter().enumerate() {
        let Block::Para(p) = b else { continue };
        let imgs: Vec<usize> =
            p.inlines.iter().filter_map(|x| if let Inline::Image(k) = x { Some(*k) } else { None }).collect();
        if imgs.is_empty() {
            continue;
        }
        let near = [i + 1, i.wrapping_sub(1)].into_iter().find_map(|j| match doc.blocks.get(j) {
            Some(Block::Para(c)) if caption_like(c) => Some((j, c.plain().trim().to_string())),
            _ => None,
        });
        if let Some((j, text)) = near {
            for k in imgs {
                captions.entry(k).or_insert_with(|| text.clone());
            }
            caption_paras.push(j);
        }
    }
    let render = Render { doc: &doc, captions };

    let mut sections = Sections::default();
    let mut style_levels: BTreeMap<u8, u8> = BTreeMap::new();
    let mut top_level: Option<u8> = None;
    let mut blocks = Vec::new();
    let mut paragraphs = Vec::new();
    let mut all_text = String::new();
    let mut heading_at: Vec<(usize, String)> = Vec::new();
    for (bi, b) in doc.blocks.iter().enumerate() {
        let p = match b {
            Block::Table(t) => {
                let mut cell = |inl: &[Inline], header: bool| {
                    if header {
                        // Header cells are bold already.
                        let plain: Vec<Inline> = inl
                            .iter()
                            .map(|i| match i {
                                Inline::Text { text, .. } => Inline::Text { text: text.clone(), bold: false },
                                other => other.clone(),
                            })
                            .collect();
                        render.inlines(&plain, false)
                    } else {
                        render.inlines(inl, false)
                    }
                };
                let (md, merged) = tables::render(t, &mut cell);
                for row in &t.rows {
                    for c in row {
                        for p in &c.paras {
                            all_text.push_str(&plain_of(p));
                            all_text.push('\n');
                        }
                    }
                }
                if !md.is_empty() {
                    blocks.push(md);
                    if merged {
                        blocks.push(merged_note(&opts.lang));
                    }
                }
                continue;
            }
            Block::Para(p) => p,
        };
        let inl = full_inlines(p);
        let plain = plain_of(&inl);
        let trimmed = plain.trim();
        if trimmed.is_empty() && !inl.iter().any(|i| !matches!(i, Inline::Text { .. })) {
            continue;
        }
        all_text.push_str(trimmed);
        all_text.push('\n');
        let mut heading = |level: u8, text: &str, blocks: &mut Vec<String>, top_level: &mut Option<u8>| {
            *top_level = Some(top_level.map_or(level, |t| t.min(level)));
            heading_at.push((bi, text.to_string()));
            blocks.push(page::heading(level, text));
        };
        if let Role::Heading(n) = p.role
            && !trimmed.is_empty()
        {
            let level = match (sections.classify(trimmed), marker(trimmed)) {
                (Class::Heading { marker, text, .. }, _) => sections.level(marker, &text),
                (Class::Text, Some((m, _))) => sections.level(m, trimmed),
                (Class::Text, None) => {
                    style_levels.range(..=n).next_back().map(|(k, l)| l + (n - k)).unwrap_or(n + 1).clamp(2, 6)
                }
            };
            style_levels.entry(n).or_insert(level);
            heading(level, trimmed, &mut blocks, &mut top_level);
            continue;
        }
        // Leading whitespace of the plain text is not part of any offset below.
        let lead = plain.len() - plain.trim_start().len();
        let mut body_from = lead;
        match sections.classify(trimmed) {
            Class::Heading { marker, text, rest } if !caption_paras.contains(&bi) => {
                let level = sections.level(marker, &text);
                heading(level, &text, &mut blocks, &mut top_level);
                match rest {
                    Some(rest) if trimmed.ends_with(rest.as_str()) => body_from = lead + trimmed.len() - rest.len(),
                    _ => continue,
                }
            }
            _ if bold_only(&inl) && bold_heading(trimmed) && !caption_paras.contains(&bi) => {
                let level = top_level.unwrap_or(2);
                heading(level, trimmed, &mut blocks, &mut top_level);
                continue;
            }
            _ => {}
        }
        let body = &plain[body_from..];
        for piece in runin::split(body) {
            let start = body_from + (piece.as_ptr() as usize - body.as_ptr() as usize);
            let end = start + piece.len();
            let mut pinl = slice(&inl, start, end);
            if end == plain.trim_end().len() {
                // Notes and images after the last character belong here.
                pinl = slice(&inl, start, plain.len());
            }
            let mut md = render.inlines(&pinl, true);
            if p.bullet {
                md = format!("- {md}");
            }
            blocks.push(md);
            paragraphs.push(piece.to_string());
        }
        if body.trim().is_empty() {
            // A paragraph that is only an image or a note reference.
            let md = render.inlines(&inl, true);
            if !md.is_empty() {
                blocks.push(md);
            }
        }
    }

    let mut trailer = Vec::new();
    for (i, note) in doc.notes.iter().enumerate() {
        let text = render.inlines(note, false);
        let text = if text.is_empty() { "—".to_string() } else { text };
        trailer.push(format!("[^{}]: {text}", i + 1));
    }
    let lost = doc
        .lost
        .iter()
        .map(|l| {
            let place = place(&doc, &heading_at, l.block);
            format!("{} {place}", l.kind.describe())
        })
        .collect();
    let page = Page {
        title_line,
        dateline: None,
        closing,
        all_text,
        paragraphs,
        blocks,
        trailer,
        warnings: std::mem::take(&mut warnings),
    };
    let page = page::finish(page, opts, source)?;
    let assets = doc.images.iter().map(|i| Asset { name: i.name.clone(), bytes: i.bytes.clone() }).collect();
    Ok(DocxImport { page, assets, lost })
}

/// After removing block `i`, losses recorded at later blocks move up.
fn shift_lost(doc: &mut Doc, i: usize) {
    for l in &mut doc.lost {
        if l.block > i {
            l.block -= 1;
        }
    }
}

/// "in paragraph 12 (section “一、…”, near “…”)".
fn place(doc: &Doc, headings: &[(usize, String)], block: usize) -> String {
    let mut s = format!("in paragraph {}", block + 1);
    let section = headings.iter().rev().find(|(b, _)| *b <= block).map(|(_, t)| t.as_str());
    let near = match doc.blocks.get(block) {
        Some(Block::Para(p)) => p.plain().trim().chars().take(20).collect::<String>(),
        Some(Block::Table(_)) => "table".into(),
        None => String::new(),
    };
    let mut parts = Vec::new();
    if let Some(h) = section {
        parts.push(format!("under “{h}”"));
    }
    if !near.is_empty() {
        parts.push(format!("near “{near}”"));
    }
    if !parts.is_empty() {
        let _ = write!(s, " ({})", parts.join(", "));
    }
    s
}

fn merged_note(lang: &str) -> String {
    if lang.starts_with("en") {
        "*Note: merged cells of the original table are split; their content is in the first cell.*".into()
    } else {
        "*注：原表中的合并单元格已拆开，内容列在首个单元格。*".into()
    }
}
