//! Internal links (`@/reports/2022/duty-report.md`) and rendering of all bodies.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::Site;
use crate::error::SiteError;
use crate::load::{FileKind, classify};
use crate::markdown::{self, MdContext, Rendered};
use crate::output::path::encode_path;

/// One published URL and the content file it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct UrlEntry {
    /// Content key (`reports/2022/duty-report`; `reports/2022/_index` for a section).
    pub key: String,
    pub lang: String,
    /// URL path relative to the site root.
    pub path: String,
}

/// What the Markdown stage does with the sources it renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sources {
    /// Kept: a live rebuild compares them with those of the next batch.
    Keep,
    /// Dropped as each body is rendered: a full build never reads them
    /// again, and on a large site they are a quarter of the model.
    Drop,
}

/// Per-language labels the Markdown stage writes into HTML.
pub struct MdLabels {
    pub redacted: String,
    pub anchor: String,
}

impl Site {
    /// URL path of a content file as seen from a page in `lang`: its twin in
    /// `lang` if there is one, else the file itself.
    pub fn resolve_content_link(&self, target: &str, lang: &str) -> Option<String> {
        let target = target.trim_start_matches('/');
        let codes: Vec<String> = self.languages.iter().map(|l| l.code.clone()).collect();
        let (kind, key, file_lang) = classify(target, &codes, self.default_lang()).ok()?;
        let explicit = target.trim_end_matches(".md").ends_with(&format!(".{file_lang}"));
        let langs: Vec<&str> = if explicit { vec![&file_lang] } else { vec![lang, &file_lang] };
        for l in langs {
            let k = (key.clone(), l.to_string());
            let found = match kind {
                FileKind::Section => self.section_index.get(&k).map(|&i| self.sections[i].path.clone()),
                _ => self.page_index.get(&k).map(|&i| self.pages[i].path.clone()),
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// Renders every page and section body in parallel.
    pub fn render_markdown(&mut self, labels: &(dyn Fn(&str) -> MdLabels + Sync)) -> Result<(), Vec<SiteError>> {
        self.render_markdown_reusing(labels, None, Sources::Keep)
    }

    /// Like [`Site::render_markdown`], but takes over the rendering of every
    /// body unchanged since `previous`. Only valid when no URL changed.
    pub fn render_markdown_reusing(
        &mut self,
        labels: &(dyn Fn(&str) -> MdLabels + Sync),
        previous: Option<&Site>,
        sources: Sources,
    ) -> Result<(), Vec<SiteError>> {
        let old_page = |i: usize, p: &super::Page, body: &Arc<str>| {
            let prev = previous?;
            // Pages keep their place unless files were added or removed
            // (always so for a model taken over with new bodies).
            let i = match prev.pages.get(i) {
                Some(q) if q.content_key == p.content_key && q.lang == p.lang => i,
                _ => *prev.page_index.get(&(p.content_key.clone(), p.lang.clone()))?,
            };
            let q = &prev.pages[i];
            // Unchanged bodies are shared with the kept parse results: the
            // pointer says so without comparing the text.
            let same_body = Arc::ptr_eq(&q.body, body) || q.body == *body;
            (same_body && q.body_line == p.body_line && q.file == p.file).then(|| q.rendered.clone())
        };
        let old_section = |s: &super::Section, body: &Arc<str>| {
            let prev = previous?;
            let &i = prev.section_index.get(&(s.content_key.clone(), s.lang.clone()))?;
            let q = &prev.sections[i];
            let same_body = Arc::ptr_eq(&q.body, body) || q.body == *body;
            (same_body && q.body_line == s.body_line && q.file == s.file).then(|| q.rendered.clone())
        };
        // Each task owns its body: with `Sources::Drop` it is freed as soon
        // as it is rendered, so sources and HTML are never all held at once.
        let take = |body: &mut Arc<str>| match sources {
            Sources::Keep => body.clone(),
            Sources::Drop => std::mem::replace(body, Arc::from("")),
        };
        // Pages are shared with the model this one was patched from
        // (`model::patch`): only one whose body is dropped or whose
        // rendering changed is copied.
        let page_bodies: Vec<Arc<str>> = match sources {
            Sources::Keep => self.pages.iter().map(|p| p.body.clone()).collect(),
            Sources::Drop => self.pages.iter_mut().map(|p| take(&mut Arc::make_mut(p).body)).collect(),
        };
        let section_bodies: Vec<Arc<str>> = self.sections.iter_mut().map(|s| take(&mut s.body)).collect();
        let page_results: Vec<_> = self
            .pages
            .par_iter()
            .enumerate()
            .zip(page_bodies)
            .map(|((i, p), body)| {
                if let Some(r) = old_page(i, p, &body) {
                    return Ok(r);
                }
                let l = labels(&p.lang);
                let resolve = |t: &str| self.resolve_content_link(t, &p.lang).map(|u| encode_path(&u));
                let ctx = MdContext {
                    file: &p.file,
                    body_line: p.body_line,
                    redacted_label: &l.redacted,
                    anchor_label: &l.anchor,
                    resolve: &resolve,
                };
                markdown::render(&body, &ctx).map(Arc::new)
            })
            .collect();
        let section_results: Vec<_> = self
            .sections
            .par_iter()
            .zip(section_bodies)
            .map(|(s, body)| {
                if let Some(r) = old_section(s, &body) {
                    return Ok(r);
                }
                let l = labels(&s.lang);
                let resolve = |t: &str| self.resolve_content_link(t, &s.lang).map(|u| encode_path(&u));
                let file = s.file.clone().unwrap_or_default();
                let ctx = MdContext {
                    file: &file,
                    body_line: s.body_line,
                    redacted_label: &l.redacted,
                    anchor_label: &l.anchor,
                    resolve: &resolve,
                };
                markdown::render(&body, &ctx).map(Arc::new)
            })
            .collect();
        let mut errors = Vec::new();
        for (p, r) in self.pages.iter_mut().zip(page_results) {
            match r {
                Ok(r) if Arc::ptr_eq(&p.rendered, &r) => {}
                Ok(r) => Arc::make_mut(p).rendered = r,
                Err(e) => errors.extend(e),
            }
        }
        for (s, r) in self.sections.iter_mut().zip(section_results) {
            match r {
                Ok(r) => s.rendered = r,
                Err(e) => errors.extend(e),
            }
        }
        if errors.is_empty() {
            errors = self.check_anchors();
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// Every `@/page.md#heading` link must name a heading id of its target;
    /// the error names the nearest existing one. Runs over the links recorded
    /// while rendering, so it costs one map of URLs, not a re-render.
    fn check_anchors(&self) -> Vec<SiteError> {
        let mut targets: BTreeMap<&str, &Rendered> = BTreeMap::new();
        for p in &self.pages {
            targets.insert(&p.path, &p.rendered);
        }
        for s in &self.sections {
            targets.insert(&s.path, &s.rendered);
        }
        let mut errors = Vec::new();
        let sources = self
            .pages
            .iter()
            .map(|p| (&p.file, &p.rendered))
            .chain(self.sections.iter().filter_map(|s| s.file.as_ref().map(|f| (f, &s.rendered))));
        for (file, rendered) in sources {
            for link in &rendered.anchor_links {
                let Some(target) = targets.get(link.target.as_str()) else {
                    continue;
                };
                if target.headings.iter().any(|h| h.id == link.fragment) {
                    continue;
                }
                let hint = match super::suggest::nearest(&link.fragment, target.headings.iter().map(|h| h.id.as_str()))
                {
                    Some(near) => format!("; the closest heading id is `#{near}`"),
                    None => "; the target has no headings".to_string(),
                };
                errors.push(SiteError::at(
                    file,
                    link.line,
                    format!("internal link to `{}`: no heading `#{}` on that page{hint}", link.written, link.fragment),
                ));
            }
        }
        errors
    }

    /// Every URL of the site with what it belongs to; equal maps mean links
    /// resolve the same way.
    pub fn url_map(&self) -> Vec<UrlEntry> {
        let entry =
            |key: String, lang: &str, path: &str| UrlEntry { key, lang: lang.to_string(), path: path.to_string() };
        let mut v: Vec<UrlEntry> = self
            .pages
            .iter()
            .map(|p| entry(p.content_key.clone(), &p.lang, &p.path))
            .chain(self.sections.iter().map(|s| entry(format!("{}/_index", s.content_key), &s.lang, &s.path)))
            .collect();
        v.sort();
        v
    }
}
