//! Places every parsed file in the site: URL, section, year, kind, translations.

use std::collections::BTreeMap;

use std::sync::Arc;

use super::{Page, Section, Site};
use crate::config::SiteConfig;
use crate::error::SiteError;
use crate::load::{FileKind, SourceFile};
use crate::parse::{Date, FrontMatter, PageKind, split_front_matter};

#[derive(Debug, Clone, Default)]
pub struct AssembleOptions {
    pub drafts: bool,
    /// Leave out pages of later years (snapshots).
    pub up_to_year: Option<i32>,
}

/// A content file split into front matter and body.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub src: SourceFile,
    pub fm: FrontMatter,
    pub body: Arc<str>,
    pub body_line: usize,
}

impl Site {
    /// Places already parsed files (`annals serve` keeps them between rebuilds).
    pub fn assemble_parsed(
        config: SiteConfig,
        parsed: Vec<Parsed>,
        opts: &AssembleOptions,
    ) -> Result<Site, Vec<SiteError>> {
        let mut errors = Vec::new();
        let parsed: Vec<Parsed> = parsed.into_iter().filter(|p| !p.fm.draft || opts.drafts).collect();
        let languages = config.languages();
        let mut site = Site {
            config,
            languages,
            pages: Vec::new(),
            sections: Vec::new(),
            page_index: BTreeMap::new(),
            section_index: BTreeMap::new(),
            translations: BTreeMap::new(),
            assets: Vec::new(),
        };

        for p in &parsed {
            if let Err(e) = check_languages(&site.languages, p) {
                errors.push(e);
            }
        }
        // Sections first: every page needs its section.
        for p in parsed.iter().filter(|p| p.src.kind == FileKind::Section) {
            site.add_section(p.src.key.clone(), &p.src.lang, Some(p));
        }
        // A folder named by a year is that year's section, `_index.md` or not:
        // an imported report must not show up as a loose page of its parent.
        for p in parsed.iter().filter(|p| p.src.kind != FileKind::Section) {
            // A bundle's key is its folder, so both kinds split the same way.
            site.add_year_sections(parent_dir(&p.src.key), &p.src.lang, opts.up_to_year);
        }
        let codes: Vec<String> = site.languages.iter().map(|l| l.code.clone()).collect();
        for code in &codes {
            if !site.section_index.contains_key(&(String::new(), code.clone())) {
                site.add_section(String::new(), code, None);
            }
        }
        // Parents: nearest ancestor folder with a section in the same language.
        for i in 0..site.sections.len() {
            let s = &site.sections[i];
            if s.content_key.is_empty() {
                continue;
            }
            let parent = site.nearest_section(parent_dir(&s.content_key), &s.lang.clone());
            site.sections[i].parent = Some(parent);
            site.sections[parent].subsections.push(i);
        }

        let mut seen_paths: BTreeMap<String, std::path::PathBuf> = BTreeMap::new();
        for s in &site.sections {
            let file = s.file.clone().unwrap_or_default();
            seen_paths.insert(s.path.clone(), file);
        }
        for p in parsed.into_iter().filter(|p| p.src.kind != FileKind::Section) {
            let lang = p.src.lang.clone();
            let bundle = p.src.kind == FileKind::Bundle;
            let key = p.src.key.clone();
            // A bundle's key is its folder, so both kinds split the same way.
            let (dir, name) = (parent_dir(&key).to_string(), last_segment(&key).to_string());
            let slug = p.fm.slug.clone().unwrap_or(name);
            if let Err(e) = check_names(&p, &slug) {
                errors.extend(e);
                continue;
            }
            let path = format!("{}{}{slug}/", site.lang_prefix(&lang), join_dir(&dir));
            if let Some(other) = seen_paths.get(&path) {
                errors.push(SiteError::new(
                    &p.src.display,
                    format!("URL /{path} is already used by {}", other.display()),
                ));
                continue;
            }
            seen_paths.insert(path.clone(), p.src.display.clone());
            let section = site.nearest_section(&dir, &lang);
            let date = match parse_date(p.fm.date.as_deref(), "date", &p) {
                Ok(d) => d,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let updated = match parse_date(p.fm.updated.as_deref(), "updated", &p) {
                Ok(d) => d,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let year = p.fm.year.or_else(|| year_from_path(&key)).or(date.map(|d| d.year));
            if let (Some(limit), Some(y)) = (opts.up_to_year, year)
                && y > limit
            {
                seen_paths.remove(&path);
                continue;
            }
            if let Err(e) = check_topics(&site.config, &p) {
                errors.push(e);
                continue;
            }
            let kind = p.fm.kind.unwrap_or_else(|| PageKind::from_path(&key));
            let title = page_title(&p.fm, &key);
            let translation_key = p.fm.translation_key.clone().unwrap_or_else(|| key.clone());
            let index = site.pages.len();
            site.page_index.insert((key.clone(), lang.clone()), index);
            site.sections[section].pages.push(index);
            site.pages.push(Arc::new(Page {
                content_key: key,
                translation_key,
                lang,
                file: p.src.display.clone(),
                dir: if bundle { p.src.key.clone() } else { parent_dir(&p.src.key).to_string() },
                bundle,
                fm: p.fm,
                body: p.body,
                body_line: p.body_line,
                title,
                date,
                updated,
                year,
                kind,
                path,
                section,
                rendered: Arc::default(),
            }));
        }
        for (i, p) in site.pages.iter().enumerate() {
            site.translations.entry(p.translation_key.clone()).or_default().push(i);
        }
        for (key, list) in &site.translations {
            let mut langs: Vec<&str> = list.iter().map(|&i| site.pages[i].lang.as_str()).collect();
            langs.sort();
            if langs.windows(2).any(|w| w[0] == w[1]) {
                let files: Vec<String> = list.iter().map(|&i| site.pages[i].file.display().to_string()).collect();
                errors.push(SiteError::new(
                    &site.pages[list[0]].file,
                    format!("translation key `{key}` is used twice in one language: {}", files.join(", ")),
                ));
            }
        }
        for i in 0..site.sections.len() {
            let mut pages = std::mem::take(&mut site.sections[i].pages);
            if let Err(other) = site.sort_section_pages(i, &mut pages) {
                let file = site.sections[i].file.clone().unwrap_or_default();
                errors.push(SiteError::new(file, format!("sort_by must be date, weight or title, not `{other}`")));
            }
            site.sections[i].pages = pages;
            let mut subs = std::mem::take(&mut site.sections[i].subsections);
            subs.sort_by(|&a, &b| {
                let (sa, sb) = (&site.sections[a], &site.sections[b]);
                sa.fm
                    .weight
                    .unwrap_or(0)
                    .cmp(&sb.fm.weight.unwrap_or(0))
                    .then_with(|| sb.content_key.cmp(&sa.content_key))
            });
            site.sections[i].subsections = subs;
        }
        errors.extend(site.check_menus());
        if errors.is_empty() { Ok(site) } else { Err(errors) }
    }

    /// `@/` entries of `[[languages.<code>.menu]]` must name existing content.
    fn check_menus(&self) -> Vec<SiteError> {
        let mut errors = Vec::new();
        for l in &self.languages {
            for m in self.config.menu(&l.code) {
                let Some(target) = m.url.strip_prefix("@/") else {
                    continue;
                };
                let file = target.split('#').next().unwrap_or(target);
                if self.resolve_content_link(file, &l.code).is_none() {
                    errors.push(SiteError::new(
                        crate::config::CONFIG_FILE,
                        format!("[[languages.{}.menu]] `{}`: no such page in content/: `{}`", l.code, m.name, m.url),
                    ));
                }
            }
        }
        errors
    }

    fn add_section(&mut self, key: String, lang: &str, parsed: Option<&Parsed>) -> usize {
        let title = parsed.and_then(|p| p.fm.title.clone()).unwrap_or_else(|| {
            if key.is_empty() { self.language(lang).title.clone() } else { last_segment(&key).to_string() }
        });
        let path = format!("{}{}", self.lang_prefix(lang), join_dir(&key));
        let index = self.sections.len();
        self.section_index.insert((key.clone(), lang.to_string()), index);
        self.sections.push(Section {
            content_key: key,
            lang: lang.to_string(),
            file: parsed.map(|p| p.src.display.clone()),
            fm: parsed.map(|p| p.fm.clone()).unwrap_or_default(),
            body: parsed.map(|p| p.body.clone()).unwrap_or_default(),
            body_line: parsed.map(|p| p.body_line).unwrap_or(1),
            title,
            path,
            parent: None,
            pages: Vec::new(),
            subsections: Vec::new(),
            rendered: Arc::default(),
        });
        index
    }

    /// Implied sections for the year folders among `dir` and its ancestors
    /// that have no `_index.md` in `lang`, titled in the language's year format.
    /// Years after `up_to_year` (a snapshot) get none.
    fn add_year_sections(&mut self, dir: &str, lang: &str, up_to_year: Option<i32>) {
        let mut d = dir;
        while !d.is_empty() {
            let name = last_segment(d);
            let wanted = year_of_segment(name).is_some_and(|y| up_to_year.is_none_or(|limit| y <= limit));
            if wanted && !self.section_index.contains_key(&(d.to_string(), lang.to_string())) {
                let title = self.language(lang).year_title(name);
                let i = self.add_section(d.to_string(), lang, None);
                self.sections[i].title = title;
            }
            d = parent_dir(d);
        }
    }

    /// The section of `dir` or of its nearest ancestor, in `lang`; home at worst.
    pub fn nearest_section(&self, dir: &str, lang: &str) -> usize {
        let mut d = dir.to_string();
        loop {
            if let Some(&i) = self.section_index.get(&(d.clone(), lang.to_string())) {
                return i;
            }
            if d.is_empty() {
                return self.home(lang);
            }
            d = parent_dir(&d).to_string();
        }
    }
}

pub fn parse_file(mut src: SourceFile) -> Result<Parsed, SiteError> {
    let split = split_front_matter(&src.text, &src.display)?;
    let fm = FrontMatter::parse(&split, &src.display)?;
    let body: Arc<str> = Arc::from(split.body);
    let body_line = split.body_line;
    // Keep only the front matter of the raw text (for error lines); the body
    // lives on, shared, in `body`.
    let front_len = src.text.len() - split.body.len();
    src.text.truncate(front_len);
    src.text.shrink_to_fit();
    Ok(Parsed { src, fm, body, body_line })
}

/// Topics are declared in site.toml: a slug that is not is a typo, not a new topic.
fn check_topics(config: &SiteConfig, p: &Parsed) -> Result<(), SiteError> {
    let Some(wrong) = p.fm.topics.iter().find(|t| !config.topics.contains_key(*t)) else {
        return Ok(());
    };
    let line = front_matter_line(p, "topics");
    let declared = config.topics.keys().map(String::as_str);
    let hint = match super::suggest::close(wrong, declared) {
        Some(near) => format!("; did you mean `{near}`?"),
        None if config.topics.is_empty() => "; declare it in site.toml as [topics.<slug>]".to_string(),
        None => format!(
            "; declared topics: {} (add [topics.{wrong}] to site.toml for a new one)",
            config.topics.keys().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        ),
    };
    Err(SiteError::at(&p.src.display, line, format!("topic `{wrong}` is not declared in site.toml{hint}")))
}

/// `languages = [...]` may only name configured languages, and must include
/// the file's own.
fn check_languages(languages: &[crate::config::Language], p: &Parsed) -> Result<(), SiteError> {
    let Some(list) = &p.fm.languages else {
        return Ok(());
    };
    let line = front_matter_line(p, "languages");
    if let Some(bad) = list.iter().find(|c| !languages.iter().any(|l| l.code == **c)) {
        let known: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
        return Err(SiteError::at(
            &p.src.display,
            line,
            format!("`languages` names `{bad}`, which is not configured in site.toml ({})", known.join(", ")),
        ));
    }
    if !list.contains(&p.src.lang) {
        return Err(SiteError::at(
            &p.src.display,
            line,
            format!("`languages` does not include `{}`, the language of this file", p.src.lang),
        ));
    }
    Ok(())
}

/// 1-based line of a front-matter key (the raw text kept is the front matter).
fn front_matter_line(p: &Parsed, key: &str) -> usize {
    p.src
        .text
        .lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(['=', ':']))
        })
        .map(|i| i + 1)
        .unwrap_or(1)
}

/// The parts of a page's output paths that come from its front matter —
/// `slug`, `topics`, `aliases` — must be plain path segments (see
/// [`crate::output::path`]); errors name the file and the line of the key.
fn check_names(p: &Parsed, slug: &str) -> Result<(), Vec<SiteError>> {
    use crate::output::path::{alias_path, check_segment};
    let mut errors = Vec::new();
    let at = |key: &str, msg: String| SiteError::at(&p.src.display, key_line(p, key), msg);
    if let Err(e) = check_segment(slug) {
        errors.push(at("slug", format!("invalid slug `{}`: {e}", slug.escape_debug())));
    }
    for t in &p.fm.topics {
        if let Err(e) = check_segment(t) {
            errors.push(at(
                "topics",
                format!(
                    "invalid topic `{}`: {e}; a topic is one plain name such as `garbage-sorting`",
                    t.escape_debug()
                ),
            ));
        }
    }
    for a in &p.fm.aliases {
        if let Err(msg) = alias_path(a) {
            errors.push(at("aliases", msg));
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// Line of a front matter key (1 when not found).
fn key_line(p: &Parsed, key: &str) -> usize {
    p.src.text.lines().position(|l| l.trim_start().starts_with(key)).map(|i| i + 1).unwrap_or(1)
}

fn parse_date(value: Option<&str>, key: &str, p: &Parsed) -> Result<Option<Date>, SiteError> {
    match value {
        None => Ok(None),
        Some(v) => Date::parse(v).map(Some).ok_or_else(|| {
            SiteError::at(
                &p.src.display,
                key_line(p, key),
                format!("`{key}` must be a date like 2023-01-15, not `{v}`"),
            )
        }),
    }
}

pub(crate) fn parent_dir(key: &str) -> &str {
    match key.rfind('/') {
        Some(i) => &key[..i],
        None => "",
    }
}

/// A page's title: its front matter's, else its file name with spaces for dashes.
pub(super) fn page_title(fm: &FrontMatter, key: &str) -> String {
    fm.title.clone().unwrap_or_else(|| last_segment(key).replace('-', " "))
}

fn last_segment(key: &str) -> &str {
    match key.rfind('/') {
        Some(i) => &key[i + 1..],
        None => key,
    }
}

fn join_dir(dir: &str) -> String {
    if dir.is_empty() { String::new() } else { format!("{dir}/") }
}

/// A path segment that is a plausible year (`reports/2022/...`).
fn year_from_path(key: &str) -> Option<i32> {
    key.split('/').find_map(year_of_segment)
}

/// `2022` → 2022: four digits between 1900 and 2200.
fn year_of_segment(segment: &str) -> Option<i32> {
    if segment.len() != 4 || !segment.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    segment.parse().ok().filter(|y| (1900..=2200).contains(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_kinds_from_paths() {
        assert_eq!(year_from_path("reports/2022/duty-report"), Some(2022));
        assert_eq!(year_from_path("cases/x"), None);
        assert_eq!(PageKind::from_path("reports/2022/x"), PageKind::Report);
        assert_eq!(PageKind::from_path("cases/x"), PageKind::Case);
        assert_eq!(PageKind::from_path("about"), PageKind::Page);
    }
}
