//! Markdown to HTML with the conventions of Chinese official documents.
//!
//! pulldown-cmark does the parsing; this module rewrites its event stream:
//! headings get unique deterministic ids (Chinese included) and an anchor
//! link; a source line break between two Chinese characters is dropped instead
//! of becoming a space; redaction masks become one labelled element and are
//! kept out of the search text; `@/path.md` links are resolved to the target's
//! URL in the page's language, and a missing target is an error with its line.

mod emphasis;
mod shortcode;
pub mod text;
mod toc;

use std::collections::BTreeMap;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

use text::{Segment, escape, is_cjk_joinable, mask_html, mask_in_html, mask_search_text, slug_id, split_masks};
pub use toc::{Cut, TocEntry, cuts, outline_keys};

use crate::error::SiteError;
use crate::packed::PackedText;

/// Marks the site root inside rendered content; replaced by the page's relative
/// root (`../../`) when the content is placed on a page, so one rendering serves
/// the page, its parallel view and any listing.
pub const ROOT_MARK: &str = "@@annals-root@@/";

/// A heading of the document, in order.
#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// Plain text, masks included as written.
    pub title: String,
    /// Inner HTML (masks rendered).
    pub html: String,
    /// 1-based source line.
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body's HTML, kept packed (see [`crate::packed`]): read it with
    /// `html.unpack()`.
    pub html: PackedText,
    pub headings: Vec<Heading>,
    /// Visible text, blocks separated by newlines, masks as private-use
    /// characters ([`text::mask_search_text`]): for search, which treats a
    /// mask as a separator and shows it in excerpts as on the page. Packed
    /// like `html`.
    pub text: PackedText,
    /// Plain text of the first paragraph.
    pub first_paragraph: String,
    pub masks: usize,
    /// `@/` links with a `#fragment`, checked once every page is rendered.
    pub anchor_links: Vec<AnchorLink>,
}

impl Rendered {
    /// The headings nested into a table of contents. Built when a page is
    /// rendered rather than kept: it would repeat every heading of the site
    /// for as long as the model lives.
    pub fn toc(&self) -> Vec<TocEntry> {
        toc::build(&self.headings)
    }
}

/// An `@/page.md#heading` link: the heading must exist on the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorLink {
    /// URL path of the target (`reports/2023/duty-report/`).
    pub target: String,
    /// The fragment, percent-decoded, without `#`.
    pub fragment: String,
    /// The link as written, for messages.
    pub written: String,
    /// 1-based line in the file.
    pub line: usize,
}

pub struct MdContext<'a> {
    /// File name for errors, relative to the site root.
    pub file: &'a Path,
    /// Line of the body's first line in the file.
    pub body_line: usize,
    pub redacted_label: &'a str,
    pub anchor_label: &'a str,
    /// Resolves `reports/2022/duty-report.md` to a root-relative URL path.
    pub resolve: &'a (dyn Fn(&str) -> Option<String> + Sync),
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

struct OpenHeading<'a> {
    level: u8,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    events: Vec<Event<'a>>,
    text: String,
    line: usize,
}

pub fn render(src: &str, ctx: &MdContext<'_>) -> Result<Rendered, Vec<SiteError>> {
    let expanded = shortcode::expand(src).map_err(|line| {
        vec![SiteError::at(
            ctx.file,
            line + ctx.body_line - 1,
            "`{% closing() %}` is never closed: end the signature block with a line `{% end %}`",
        )]
    })?;
    let src: &str = &expanded;
    let mut out: Vec<Event> = Vec::new();
    let mut errors = Vec::new();
    let mut rendered = Rendered::default();
    let mut used_ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut heading: Option<OpenHeading> = None;
    let mut in_code = false;
    let mut pending_break = false;
    let mut last_char: Option<char> = None;
    let mut para_depth = 0usize;
    let mut first_para_done = false;
    let mut first_para = String::new();
    let mut search_text = String::with_capacity(src.len());
    // Offsets grow as the parser goes, so lines are counted incrementally:
    // counting from the top for each heading made long documents quadratic.
    let lines = crate::error::LineCounter::new(src);
    let line_at = |offset: usize| lines.line(offset) + ctx.body_line - 1;

    let mut events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(src, options()).into_offset_iter().collect();
    emphasis::pair_cjk_delimiters(src, &mut events);
    for (event, range) in emphasis::coalesce_text(events) {
        // A deferred soft break is decided by the character that follows it.
        if pending_break {
            pending_break = false;
            let next_first = match &event {
                Event::Text(t) => t.chars().next(),
                _ => None,
            };
            let join = last_char.is_some_and(is_cjk_joinable) && next_first.is_some_and(is_cjk_joinable);
            if !join {
                push(&mut out, &mut heading, Event::SoftBreak);
                search_text.push(' ');
                if para_depth > 0 && !first_para_done {
                    first_para.push(' ');
                }
            }
        }
        match event {
            Event::Start(Tag::Heading { level, id, classes, .. }) => {
                heading = Some(OpenHeading {
                    level: level as u8,
                    id,
                    classes,
                    events: Vec::new(),
                    text: String::new(),
                    line: line_at(range.start),
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    let base = match &h.id {
                        Some(id) if !id.trim().is_empty() => id.trim().replace(char::is_whitespace, "-"),
                        _ => slug_id(&strip_masks(&h.text)),
                    };
                    let id = unique_id(&mut used_ids, base);
                    let mut inner = String::new();
                    html::push_html(&mut inner, h.events.into_iter());
                    let class = if h.classes.is_empty() {
                        String::new()
                    } else {
                        format!(" class=\"{}\"", escape(&h.classes.join(" ")))
                    };
                    out.push(Event::Html(
                        format!(
                            "<h{l} id=\"{id}\"{class}>{inner}<a class=\"heading-anchor\" href=\"#{id}\" aria-label=\"{label}\"></a></h{l}>\n",
                            l = h.level,
                            id = escape(&id),
                            label = escape(ctx.anchor_label),
                        )
                        .into(),
                    ));
                    search_text.push('\n');
                    rendered.headings.push(Heading { level: h.level, id, title: h.text, html: inner, line: h.line });
                }
                last_char = None;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                push(&mut out, &mut heading, Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                push(&mut out, &mut heading, Event::End(TagEnd::CodeBlock));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest = match resolve_link(&dest_url, ctx) {
                    Ok(Some(resolved)) => {
                        if let Some(fragment) = resolved.fragment {
                            rendered.anchor_links.push(AnchorLink {
                                target: resolved.path.clone(),
                                fragment,
                                written: dest_url.to_string(),
                                line: line_at(range.start),
                            });
                        }
                        CowStr::from(resolved.href)
                    }
                    Ok(None) => dest_url,
                    Err(msg) => {
                        errors.push(SiteError::at(ctx.file, line_at(range.start), msg));
                        dest_url
                    }
                };
                push(&mut out, &mut heading, Event::Start(Tag::Link { link_type, dest_url: dest, title, id }));
            }
            Event::Start(Tag::Paragraph) => {
                para_depth += 1;
                push(&mut out, &mut heading, Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => {
                para_depth = para_depth.saturating_sub(1);
                if !first_para.is_empty() {
                    first_para_done = true;
                }
                search_text.push('\n');
                last_char = None;
                push(&mut out, &mut heading, Event::End(TagEnd::Paragraph));
            }
            Event::SoftBreak if !in_code => pending_break = true,
            Event::Text(t) if !in_code => {
                for seg in split_masks(&t) {
                    match seg {
                        Segment::Text(s) => {
                            push(&mut out, &mut heading, Event::Text(CowStr::from(s.to_string())));
                            search_text.push_str(s);
                            if para_depth > 0 && !first_para_done && heading.is_none() {
                                first_para.push_str(s);
                            }
                        }
                        Segment::Mask(m) => {
                            rendered.masks += 1;
                            search_text.push_str(&mask_search_text(m));
                            push(&mut out, &mut heading, Event::InlineHtml(mask_html(m, ctx.redacted_label).into()));
                            if para_depth > 0 && !first_para_done && heading.is_none() {
                                first_para.push_str(m);
                            }
                        }
                    }
                }
                if let Some(h) = heading.as_mut() {
                    h.text.push_str(&t);
                }
                last_char = t.chars().last().or(last_char);
            }
            Event::Code(c) => {
                search_text.push_str(&c);
                if let Some(h) = heading.as_mut() {
                    h.text.push_str(&c);
                }
                last_char = c.chars().last();
                push(&mut out, &mut heading, Event::Code(c));
            }
            Event::Html(h) | Event::InlineHtml(h) if !in_code => {
                let (masked, n) = mask_in_html(&h, ctx.redacted_label);
                rendered.masks += n;
                search_text.push_str(&html_text(&masked));
                last_char = None;
                push(&mut out, &mut heading, Event::Html(masked.into()));
            }
            Event::End(TagEnd::Item | TagEnd::TableCell | TagEnd::TableRow | TagEnd::BlockQuote(_)) => {
                search_text.push('\n');
                last_char = None;
                push(&mut out, &mut heading, event);
            }
            Event::Text(t) => {
                search_text.push_str(&t);
                push(&mut out, &mut heading, Event::Text(t));
            }
            other => push(&mut out, &mut heading, other),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut html_out = String::with_capacity(src.len() * 3 / 2);
    html::push_html(&mut html_out, out.into_iter());
    // Both kept packed, in one block: the search text repeats the words of
    // the HTML, so it costs little more packed after it (at 100,000 pages
    // it was 470 MB of the model from here to the index stage, 297 MB
    // packed on its own).
    (rendered.html, rendered.text) = PackedText::pack_pair(&html_out, &search_text);
    rendered.first_paragraph = first_para.trim().to_string();
    // Kept for the whole build (and by `annals serve` until the next edit):
    // the spare capacity of a growing list would cost up to as much again.
    rendered.headings.shrink_to_fit();
    Ok(rendered)
}

fn push<'a>(out: &mut Vec<Event<'a>>, heading: &mut Option<OpenHeading<'a>>, event: Event<'a>) {
    match heading {
        Some(h) => h.events.push(event),
        None => out.push(event),
    }
}

fn unique_id(used: &mut BTreeMap<String, usize>, base: String) -> String {
    let n = used.entry(base.clone()).or_insert(0);
    *n += 1;
    if *n == 1 {
        return base;
    }
    let mut k = *n;
    loop {
        let candidate = format!("{base}-{k}");
        if !used.contains_key(&candidate) {
            used.insert(candidate.clone(), 1);
            return candidate;
        }
        k += 1;
    }
}

fn strip_masks(s: &str) -> String {
    split_masks(s)
        .into_iter()
        .filter_map(|seg| match seg {
            Segment::Text(t) => Some(t),
            Segment::Mask(_) => None,
        })
        .collect()
}

/// Visible text of a raw HTML fragment, masks as in [`text::mask_search_text`].
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    let mut in_mask = 0usize;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            let end = rest.find('>').map(|i| i + 1).unwrap_or(rest.len());
            let tag = &rest[..end];
            if tag.contains("class=\"redacted\"") {
                in_mask += 1;
            } else if in_mask > 0 && tag.starts_with("</span") {
                in_mask -= 1;
            } else if tag.starts_with("<br") || tag.starts_with("</p") || tag.starts_with("</div") {
                out.push('\n');
            }
            rest = &rest[end..];
            in_tag = false;
            continue;
        }
        if in_mask > 0 {
            out.push_str(&mask_search_text(&rest[..c.len_utf8()]));
        } else if !in_tag {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

struct ResolvedLink {
    /// `ROOT_MARK` + URL path + `#fragment`.
    href: String,
    /// URL path of the target.
    path: String,
    /// Decoded fragment, when the link has a non-empty one.
    fragment: Option<String>,
}

/// `@/reports/2022/x.md#anchor` → `ROOT_MARK` + URL path + `#anchor`.
fn resolve_link(dest: &str, ctx: &MdContext<'_>) -> Result<Option<ResolvedLink>, String> {
    let Some(target) = dest.strip_prefix("@/") else {
        return Ok(None);
    };
    let (path, fragment) = match target.find('#') {
        Some(i) => (&target[..i], &target[i..]),
        None => (target, ""),
    };
    // A file named `a#b.md` is linked as `@/a%23b.md`.
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    match (ctx.resolve)(&path) {
        Some(url) => {
            let decoded = percent_encoding::percent_decode_str(fragment.trim_start_matches('#')).decode_utf8_lossy();
            Ok(Some(ResolvedLink {
                href: format!("{ROOT_MARK}{url}{fragment}"),
                fragment: (!decoded.is_empty()).then(|| decoded.into_owned()),
                path: url,
            }))
        }
        None => Err(format!("internal link to `{dest}`: no such page in content/")),
    }
}

#[cfg(test)]
mod tests;
