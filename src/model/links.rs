//! Internal links (`@/reports/2022/duty-report.md`) and rendering of all bodies.

use rayon::prelude::*;

use super::Site;
use crate::error::SiteError;
use crate::load::{FileKind, classify};
use crate::markdown::{self, MdContext};

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
        let explicit = target
            .trim_end_matches(".md")
            .ends_with(&format!(".{file_lang}"));
        let langs: Vec<&str> = if explicit {
            vec![&file_lang]
        } else {
            vec![lang, &file_lang]
        };
        for l in langs {
            let k = (key.clone(), l.to_string());
            let found = match kind {
                FileKind::Section => self
                    .section_index
                    .get(&k)
                    .map(|&i| self.sections[i].path.clone()),
                _ => self.page_index.get(&k).map(|&i| self.pages[i].path.clone()),
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// Renders every page and section body in parallel.
    pub fn render_markdown(
        &mut self,
        labels: &(dyn Fn(&str) -> MdLabels + Sync),
    ) -> Result<(), Vec<SiteError>> {
        let page_results: Vec<_> = self
            .pages
            .par_iter()
            .map(|p| {
                let l = labels(&p.lang);
                let resolve = |t: &str| self.resolve_content_link(t, &p.lang);
                let ctx = MdContext {
                    file: &p.file,
                    body_line: p.body_line,
                    redacted_label: &l.redacted,
                    anchor_label: &l.anchor,
                    resolve: &resolve,
                };
                markdown::render(&p.body, &ctx)
            })
            .collect();
        let section_results: Vec<_> = self
            .sections
            .par_iter()
            .map(|s| {
                let l = labels(&s.lang);
                let resolve = |t: &str| self.resolve_content_link(t, &s.lang);
                let file = s.file.clone().unwrap_or_default();
                let ctx = MdContext {
                    file: &file,
                    body_line: s.body_line,
                    redacted_label: &l.redacted,
                    anchor_label: &l.anchor,
                    resolve: &resolve,
                };
                markdown::render(&s.body, &ctx)
            })
            .collect();
        let mut errors = Vec::new();
        for (p, r) in self.pages.iter_mut().zip(page_results) {
            match r {
                Ok(r) => p.rendered = r,
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
            Ok(())
        } else {
            Err(errors)
        }
    }
}
