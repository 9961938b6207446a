//! `annals check`: what an editor should look at before publishing.
//!
//! Per page: the heading tree, the masks counted, and structural problems of
//! an official document (a skipped heading level, an empty section, a
//! duplicate heading), each with file and line. Per language: pages and
//! sections without a translation, and UI strings missing from the theme.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::build::{BuildOptions, LoadedSite, load_site};
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
    let LoadedSite { site, ledger, inputs } = load_site(opts)?;
    let mut report = Report::default();
    for p in &site.pages {
        report.problems.extend(structure_problems(&p.file, &p.rendered.headings, &p.rendered.html.unpack()));
        report.pages.push(PageReport {
            file: p.file.clone(),
            lang: p.lang.clone(),
            masks: p.rendered.masks,
            headings: p.rendered.headings.iter().map(|h| (h.level, h.title.clone(), h.line)).collect(),
        });
    }
    report.problems.extend(twin_structure_problems(&site));
    report.problems.extend(language_problems(&site));
    report.problems.extend(inputs.theme.warnings.iter().map(|w| Problem {
        file: w.file.clone(),
        line: w.line.unwrap_or(1),
        message: w.message.clone(),
    }));
    report.problems.sort();
    let strings = crate::render::Strings::new(inputs.theme.strings.clone(), site.default_lang());
    report.coverage = coverage(&site, &strings);
    report.commitments = crate::commitments::review(&site, &ledger)
        .into_iter()
        .map(|(file, line, message)| Problem { file, line, message })
        .collect();
    for c in &mut report.coverage {
        c.missing_strings.retain(|k| !inputs.theme.unknown_keys.contains(k));
    }
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

/// Translations whose heading structure differs: named with both files and
/// the first heading where they part (the parallel view would leave the rest
/// unmatched). Each version is compared with the one of the language of record.
pub fn twin_structure_problems(site: &Site) -> Vec<Problem> {
    let mut out = Vec::new();
    for group in site.translations.values() {
        let Some(&first) = group.iter().min_by_key(|&&i| (site.lang_order(&site.pages[i].lang), i)) else {
            continue;
        };
        let a = &site.pages[first];
        let left = crate::markdown::outline_keys(&a.rendered.headings);
        for &other in group.iter().filter(|&&i| i != first) {
            let b = &site.pages[other];
            let right = crate::markdown::outline_keys(&b.rendered.headings);
            let parted =
                (0..left.len().max(right.len())).find(|&k| left.get(k).map(|x| &x.0) != right.get(k).map(|x| &x.0));
            let Some(k) = parted else {
                continue;
            };
            let show = |h: Option<&(String, &Heading)>, file: &std::path::Path| match h {
                Some((_, h)) => {
                    format!("`{} {}` ({}:{})", "#".repeat(h.level as usize), h.title, file.display(), h.line)
                }
                None => format!("the end of {}", file.display()),
            };
            let message = format!(
                "heading structure differs from its translation {}: they part at {} and {}",
                a.file.display(),
                show(right.get(k), &b.file),
                show(left.get(k), &a.file),
            );
            let line =
                right.get(k).map(|(_, h)| h.line).or_else(|| b.rendered.headings.last().map(|h| h.line)).unwrap_or(1);
            out.push(Problem { file: b.file.clone(), line, message });
        }
    }
    out
}

/// A page that exists in a language its `languages` (or its section's) leaves out.
fn language_problems(site: &Site) -> Vec<Problem> {
    let mut out = Vec::new();
    for (i, p) in site.pages.iter().enumerate() {
        if let Some(list) = site.page_languages(i)
            && !list.contains(&p.lang)
        {
            out.push(Problem {
                file: p.file.clone(),
                line: 1,
                message: format!(
                    "page in `{}`, but it or its section says `languages = [{}]`",
                    p.lang,
                    list.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ")
                ),
            });
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
        for group in site.translations.values() {
            let by_design = |i: usize| site.page_languages(i).is_some_and(|list| !list.contains(&l.code));
            if !group.iter().any(|&i| site.pages[i].lang == l.code)
                && !group.iter().any(|&i| by_design(i))
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
            let by_design = |i: usize| site.section_languages(i).is_some_and(|list| !list.contains(&l.code));
            if !group.iter().any(|&i| site.sections[i].lang == l.code)
                && !group.iter().any(|&i| by_design(i))
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
