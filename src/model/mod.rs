//! Model: pages, sections, translations and topics, with their URLs.
//!
//! Built in two steps so that Markdown can resolve `@/` links: first every
//! file gets its place and URL ([`Site::assemble_parsed`]), then all bodies are
//! rendered in parallel against that complete map ([`Site::render_markdown`]).

mod assemble;
mod links;
mod patch;
pub(crate) mod suggest;

pub use links::{MdLabels, Sources, UrlEntry};
pub use patch::{BodyEdit, Patched};

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::{Language, SiteConfig};
use crate::markdown::Rendered;
pub use crate::parse::PageKind;
use crate::parse::{Date, FrontMatter};

pub(crate) use assemble::parent_dir;
pub use assemble::{AssembleOptions, Parsed, parse_file};

#[derive(Debug, Clone)]
pub struct Page {
    /// Content path without language suffix (`reports/2022/duty-report`).
    pub content_key: String,
    /// Groups translations: `translation_key` from front matter, else `content_key`.
    pub translation_key: String,
    pub lang: String,
    /// File relative to the site root, for messages.
    pub file: PathBuf,
    /// Content folder holding the file (bundle assets live there).
    pub dir: String,
    pub bundle: bool,
    pub fm: FrontMatter,
    pub body: Arc<str>,
    pub body_line: usize,
    pub title: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub year: Option<i32>,
    pub kind: PageKind,
    /// URL path relative to the site root, ending in `/`.
    pub path: String,
    pub section: usize,
    pub rendered: Arc<Rendered>,
}

#[derive(Debug, Clone)]
pub struct Section {
    /// Content folder (`reports/2022`; `` for home).
    pub content_key: String,
    pub lang: String,
    /// `None` for a section implied by a folder without `_index.md`.
    pub file: Option<PathBuf>,
    pub fm: FrontMatter,
    pub body: Arc<str>,
    pub body_line: usize,
    pub title: String,
    pub path: String,
    pub parent: Option<usize>,
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
    pub rendered: Arc<Rendered>,
}

/// Cloned by a live rebuild whose batch changed only bodies, titles or
/// summaries (see [`Site::with_edits`]).
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub languages: Vec<Language>,
    pub pages: Vec<Arc<Page>>,
    pub sections: Vec<Section>,
    /// (content key, lang) → page index.
    pub page_index: BTreeMap<(String, String), usize>,
    /// (content folder, lang) → section index.
    pub section_index: BTreeMap<(String, String), usize>,
    /// translation key → pages in every language.
    pub translations: BTreeMap<String, Vec<usize>>,
    /// Non-Markdown files of content/.
    pub assets: Vec<crate::load::Asset>,
}

/// `https://…`, `mailto:…`: a URL that leaves the site.
pub(crate) fn is_external_url(url: &str) -> bool {
    url.contains("://") || url.starts_with("mailto:") || url.starts_with("tel:")
}

impl Site {
    pub fn language(&self, code: &str) -> &Language {
        self.languages.iter().find(|l| l.code == code).unwrap_or(&self.languages[0])
    }

    pub fn default_lang(&self) -> &str {
        &self.config.default_language
    }

    /// URL path prefix of a language (`` for the default, `en/` for others).
    pub fn lang_prefix(&self, lang: &str) -> String {
        if lang == self.config.default_language { String::new() } else { format!("{lang}/") }
    }

    pub fn home(&self, lang: &str) -> usize {
        self.section_index.get(&(String::new(), lang.to_string())).copied().unwrap_or(0)
    }

    /// The page read from the content file `rel` (relative to content/),
    /// looked up by its key and language, not by a pass over every page.
    pub fn page_of_file(&self, rel: &str) -> Option<usize> {
        let codes: Vec<String> = self.languages.iter().map(|l| l.code.clone()).collect();
        let (kind, key, lang) = crate::load::classify(rel, &codes, self.default_lang()).ok()?;
        if !matches!(kind, crate::load::FileKind::Page | crate::load::FileKind::Bundle) {
            return None;
        }
        let &i = self.page_index.get(&(key, lang))?;
        self.pages[i].file.ends_with(rel).then_some(i)
    }

    /// Other-language versions of a page, in language order.
    pub fn page_translations(&self, page: usize) -> Vec<usize> {
        let p = &self.pages[page];
        let mut out: Vec<usize> = self
            .translations
            .get(&p.translation_key)
            .map(|v| v.iter().copied().filter(|&i| i != page).collect())
            .unwrap_or_default();
        out.sort_by_key(|&i| self.lang_order(&self.pages[i].lang));
        out
    }

    /// The version of a translated document that carries the parallel view:
    /// the one in the earliest configured language. `None` when untranslated.
    pub fn parallel_primary(&self, page: usize) -> Option<usize> {
        let group = self.translations.get(&self.pages[page].translation_key)?;
        if group.len() < 2 {
            return None;
        }
        group.iter().copied().min_by_key(|&i| (self.lang_order(&self.pages[i].lang), i))
    }

    /// Languages a page exists in by design: its own `languages`, else that of
    /// the nearest section that sets it; `None` when nothing says so (every language).
    pub fn page_languages(&self, page: usize) -> Option<&[String]> {
        let p = &self.pages[page];
        p.fm.languages.as_deref().or_else(|| self.section_languages(p.section))
    }

    /// `languages` of a section or of its nearest ancestor that sets it.
    pub fn section_languages(&self, section: usize) -> Option<&[String]> {
        let mut cur = Some(section);
        while let Some(i) = cur {
            let s = &self.sections[i];
            if let Some(l) = s.fm.languages.as_deref() {
                return Some(l);
            }
            cur = s.parent;
        }
        None
    }

    pub fn lang_order(&self, code: &str) -> usize {
        self.languages.iter().position(|l| l.code == code).unwrap_or(usize::MAX)
    }

    /// Newest first, then by title, so listings are deterministic.
    pub fn sort_pages(&self, list: &mut [usize]) {
        list.sort_by(|&a, &b| {
            let (pa, pb) = (&self.pages[a], &self.pages[b]);
            pb.date.cmp(&pa.date).then_with(|| pa.title.cmp(&pb.title)).then_with(|| pa.path.cmp(&pb.path))
        });
    }

    /// Orders pages of section `i` as its `sort_by` says (newest first by
    /// default); `Err` with the value when it is none of date, weight, title.
    pub(crate) fn sort_section_pages<'a>(&'a self, i: usize, pages: &mut [usize]) -> Result<(), &'a str> {
        match self.sections[i].fm.sort_by.as_deref() {
            Some("weight") => pages.sort_by(|&a, &b| {
                let (pa, pb) = (&self.pages[a], &self.pages[b]);
                pa.fm.weight.unwrap_or(0).cmp(&pb.fm.weight.unwrap_or(0)).then_with(|| pa.title.cmp(&pb.title))
            }),
            Some("title") => pages.sort_by(|&a, &b| self.pages[a].title.cmp(&self.pages[b].title)),
            Some("date") | None => self.sort_pages(pages),
            Some(other) => return Err(other),
        }
        Ok(())
    }
}
