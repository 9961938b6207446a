//! `annals check`: what an editor should look at before publishing.
//!
//! Per page: the heading tree, the masks counted, and structural problems of
//! an official document (a skipped heading level, an empty section, a
//! duplicate heading), each with file and line. Per language: pages and
//! sections without a translation, and UI strings missing from the theme.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::build::{BuildOptions, load_site};
use crate::error::BuildError;
use crate::markdown::Heading;
use crate::model::Site;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct PageReport {
    pub file: PathBuf,
    pub lang: String,
    pub masks: usize,
    /// (level, title, line)
    pub headings: Vec<(u8, String, usize)>,
}

#[derive(Debug, Clone, Default)]
pub struct Coverage {
    pub lang: String,
    pub pages: usize,
    pub sections: usize,
    /// Files of other languages that have no version in this language.
    pub missing_pages: Vec<PathBuf>,
    pub missing_sections: Vec<PathBuf>,
    pub missing_strings: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub pages: Vec<PageReport>,
    pub problems: Vec<Problem>,
    pub coverage: Vec<Coverage>,
    /// Commitments to review: without follow-up, or linked weakly and not confirmed.
    pub commitments: Vec<Problem>,
}

impl Report {
    pub fn translation_gaps(&self) -> usize {
        self.coverage.iter().map(|c| c.missing_pages.len() + c.missing_sections.len() + c.missing_strings.len()).sum()
    }
}

pub fn check(opts: &BuildOptions) -> Result<Report, BuildError> {
    let (site, inputs) = load_site(opts)?;
    let mut report = Report::default();
    for p in &site.pages {
        report.problems.extend(structure_problems(&p.file, &p.rendered.headings, &p.rendered.html));
        report.pages.push(PageReport {
            file: p.file.clone(),
            lang: p.lang.clone(),
            masks: p.rendered.masks,
            headings: p.rendered.headings.iter().map(|h| (h.level, h.title.clone(), h.line)).collect(),
        });
    }
    report.problems.sort();
    let strings = crate::render::Strings::new(inputs.theme.strings.clone(), site.default_lang());
    report.coverage = coverage(&site, &strings);
    report.commitments = crate::commitments::review(&site)
        .into_iter()
        .map(|(file, line, message)| Problem { file, line, message })
        .collect();
    Ok(report)
}

/// Skipped levels, empty sections and duplicate headings of one document.
pub fn structure_problems(file: &std::path::Path, headings: &[Heading], html: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    let problem = |h: &Heading, message: String| Problem { file: file.to_path_buf(), line: h.line, message };
    let mut prev_level: Option<u8> = None;
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, h) in headings.iter().enumerate() {
        if let Some(prev) = prev_level
            && h.level > prev + 1
        {
            out.push(problem(h, format!("heading level skipped: h{} after h{prev} (`{}`)", h.level, h.title)));
        }
        prev_level = Some(h.level);
        if let Some(first) = seen.insert(h.title.as_str(), h.line) {
            out.push(problem(h, format!("duplicate heading `{}` (first on line {first})", h.title)));
        }
        let next = headings.get(i + 1);
        if next.is_none_or(|n| n.level <= h.level) && section_is_empty(html, h, next) {
            out.push(problem(h, format!("empty section `{}`", h.title)));
        }
    }
    out
}

fn section_is_empty(html: &str, h: &Heading, next: Option<&Heading>) -> bool {
    let open = format!("<h{} id=\"{}\"", h.level, crate::markdown::text::escape(&h.id));
    let Some(start) = html.find(&open) else {
        return false;
    };
    let close = format!("</h{}>", h.level);
    let Some(end_rel) = html[start..].find(&close) else {
        return false;
    };
    let body_start = start + end_rel + close.len();
    let body_end = match next {
        Some(n) => {
            let n_open = format!("<h{} id=\"{}\"", n.level, crate::markdown::text::escape(&n.id));
            html[body_start..].find(&n_open).map(|i| body_start + i).unwrap_or(html.len())
        }
        None => html.len(),
    };
    html[body_start..body_end].trim().is_empty()
}

fn coverage(site: &Site, strings: &crate::render::Strings) -> Vec<Coverage> {
    let mut out = Vec::new();
    for l in &site.languages {
        let mut c = Coverage { lang: l.code.clone(), ..Default::default() };
        c.pages = site.pages.iter().filter(|p| p.lang == l.code).count();
        c.sections = site.sections.iter().filter(|s| s.lang == l.code && s.file.is_some()).count();
        for (key, group) in &site.translations {
            let _ = key;
            if !group.iter().any(|&i| site.pages[i].lang == l.code)
                && let Some(&i) = group.iter().min_by_key(|&&i| site.lang_order(&site.pages[i].lang))
            {
                c.missing_pages.push(site.pages[i].file.clone());
            }
        }
        let mut section_keys: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, s) in site.sections.iter().enumerate() {
            if s.file.is_some() {
                section_keys.entry(s.content_key.as_str()).or_default().push(i);
            }
        }
        for group in section_keys.values() {
            if !group.iter().any(|&i| site.sections[i].lang == l.code)
                && let Some(file) = group.first().and_then(|&i| site.sections[i].file.clone())
            {
                c.missing_sections.push(file);
            }
        }
        c.missing_pages.sort();
        c.missing_sections.sort();
        c.missing_strings = strings.keys_missing_in(&l.code);
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, id: &str, line: usize) -> Heading {
        Heading { level, id: id.into(), title: id.into(), html: id.into(), line }
    }

    #[test]
    fn finds_structural_problems() {
        let html =
            "<h2 id=\"a\">a</h2><p>x</p><h4 id=\"b\">b</h4><p>y</p><h2 id=\"c\">c</h2><h2 id=\"a-2\">a</h2><p>z</p>";
        let mut hs = vec![h(2, "a", 1), h(4, "b", 3), h(2, "c", 5), h(2, "a-2", 7)];
        hs[3].title = "a".into();
        let p = structure_problems(std::path::Path::new("x.md"), &hs, html);
        let msgs: Vec<_> = p.iter().map(|p| (p.line, p.message.split(':').next().unwrap().to_string())).collect();
        assert!(msgs.contains(&(3, "heading level skipped".into())), "{msgs:?}");
        assert!(p.iter().any(|p| p.line == 5 && p.message.starts_with("empty section")), "{p:?}");
        assert!(p.iter().any(|p| p.line == 7 && p.message.starts_with("duplicate heading")), "{p:?}");
        assert!(!p.iter().any(|p| p.line == 1 && p.message.starts_with("empty")), "h2 followed by its child is fine");
    }
}
