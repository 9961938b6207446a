//! Building the typed contexts from the model.

use super::Renderer;
use super::context::*;
use super::urls::{href, place_content, root_of};
use std::sync::Arc;

use crate::model::Site;

/// A page's counterpart in one language: its translation (`exact`), or the
/// nearest page in that language when it has none.
pub(crate) struct Twin {
    pub(crate) lang: String,
    pub(crate) path: String,
    pub(crate) exact: bool,
}

impl Twin {
    pub(crate) fn new(lang: &str, path: String, exact: bool) -> Twin {
        Twin { lang: lang.to_string(), path, exact }
    }
}

impl Renderer<'_> {
    pub(crate) fn href(&self, root: &str, target: &str) -> String {
        href(root, target, self.opts.index_links)
    }

    /// The address of `path` for canonical links, hreflang, the sitemap and
    /// feeds: absolute (`base_url` + path) on the live site, but relative from
    /// `root` inside a snapshot, which must outlive any move of the site.
    pub(crate) fn permalink(&self, root: &str, path: &str) -> String {
        if self.opts.snapshot.is_some() {
            return self.href(root, path);
        }
        format!("{}{}", self.site.config.base_url, crate::output::path::encode_path(path))
    }

    /// Site fields of a language, built once per render (`config.extra`
    /// converted to JSON once, not per page) and shared by every page.
    fn site_info(&self, lang: &str) -> Arc<SiteInfo> {
        let infos = self.site_infos.get_or_init(|| {
            let extra = serde_json::to_value(&self.site.config.extra).unwrap_or_default();
            self.site
                .languages
                .iter()
                .map(|l| {
                    let info = SiteInfo {
                        title: l.title.clone(),
                        description: l.description.clone(),
                        base_url: if self.opts.snapshot.is_some() {
                            String::new()
                        } else {
                            self.site.config.base_url.clone()
                        },
                        default_language: self.site.config.default_language.clone(),
                        languages: self.site.languages.clone(),
                        extra: extra.clone(),
                        theme: self.site.config.theme.clone(),
                        custom_css: self.teras.custom_css,
                    };
                    (l.code.clone(), Arc::new(info))
                })
                .collect()
        });
        infos.get(lang).or_else(|| infos.get(&self.site.language(lang).code)).cloned().unwrap_or_default()
    }

    /// The main navigation: `[[languages.<code>.menu]]` when configured, else
    /// the home's subsections, topics and archive. The bool says "configured".
    fn nav(&self, lang: &str, root: &str) -> (Vec<Link>, bool) {
        let site = self.site;
        let menu = site.config.menu(lang);
        if !menu.is_empty() {
            let links =
                menu.iter().map(|m| Link { title: m.name.clone(), url: self.menu_url(&m.url, lang, root) }).collect();
            return (links, true);
        }
        let prefix = site.lang_prefix(lang);
        let home = site.home(lang);
        let mut nav: Vec<Link> = site.sections[home]
            .subsections
            .iter()
            .map(|&s| Link { title: site.sections[s].title.clone(), url: self.href(root, &site.sections[s].path) })
            .collect();
        nav.push(Link { title: self.strings.get(lang, "topics"), url: self.href(root, &format!("{prefix}topics/")) });
        nav.push(Link { title: self.strings.get(lang, "archive"), url: self.href(root, &format!("{prefix}archive/")) });
        (nav, false)
    }

    /// A menu URL: `@/` content links resolve in the page's language, site
    /// paths become relative, absolute URLs stay as they are. Unresolvable
    /// `@/` links were rejected when the model was built.
    fn menu_url(&self, url: &str, lang: &str, root: &str) -> String {
        if let Some(target) = url.strip_prefix("@/") {
            let (file, fragment) = target.split_at(target.find('#').unwrap_or(target.len()));
            let path = self.site.resolve_content_link(file, lang).unwrap_or_default();
            return format!("{}{fragment}", self.href(root, &path));
        }
        if crate::model::is_external_url(url) {
            return url.to_string();
        }
        self.href(root, url.trim_start_matches('/'))
    }

    /// Fields shared by all templates. `twins` gives this page's counterpart per language.
    pub(crate) fn common(&self, lang: &str, path: &str, twins: &[Twin], crumbs: Vec<Link>) -> Common {
        let site: &Site = self.site;
        let root = root_of(path);
        let prefix = site.lang_prefix(lang);
        let mut alternates = Vec::new();
        let mut switcher = Vec::new();
        for l in &site.languages {
            let (target, exact) = if l.code == lang {
                (path.to_string(), true)
            } else {
                match twins.iter().find(|t| t.lang == l.code) {
                    Some(t) => (t.path.clone(), t.exact),
                    None => (site.lang_prefix(&l.code), false),
                }
            };
            if exact {
                alternates.push(Alternate {
                    lang: l.code.clone(),
                    hreflang: l.html_lang.clone(),
                    permalink: self.permalink(&root, &target),
                });
            }
            switcher.push(SwitchLink {
                code: l.code.clone(),
                name: l.name.clone(),
                html_lang: l.html_lang.clone(),
                url: self.href(&root, &target),
                current: l.code == lang,
                exact,
            });
        }
        let x_default = alternates
            .iter()
            .find(|a| a.lang == site.config.default_language)
            .map(|a| a.permalink.clone())
            .filter(|_| alternates.len() > 1);
        let (nav, custom_menu) = self.nav(lang, &root);
        let topics_url = self.href(&root, &format!("{prefix}topics/"));
        let archive_url = self.href(&root, &format!("{prefix}archive/"));
        Common {
            site: self.site_info(lang),
            lang: site.language(lang).clone(),
            permalink: self.permalink(&root, path),
            path: path.to_string(),
            alternates,
            x_default,
            switcher,
            breadcrumbs: crumbs,
            links: SiteLinks {
                custom_menu,
                nav,
                home_url: self.href(&root, &prefix),
                search_url: self.href(&root, &format!("{prefix}search/")),
                topics_url,
                archive_url,
                feed_url: format!("{root}{prefix}atom.xml"),
                snapshot: self.opts.snapshot.clone().map(|mut s| {
                    s.date_display =
                        crate::parse::Date::parse(&s.date).map(|d| d.display(lang)).unwrap_or(s.date.clone());
                    // The live archive, relative: a snapshot lives at archive/<year>/ of the live site.
                    if s.live_url.is_none() {
                        s.live_url = Some(self.href(&format!("{root}../../"), &format!("{prefix}archive/")));
                    }
                    s
                }),
                root,
            },
        }
    }

    /// Home and the ancestors of a section, as links from `root`.
    pub(crate) fn crumbs(&self, section: usize, root: &str, include_self: bool) -> Vec<Link> {
        let site = self.site;
        let mut chain = Vec::new();
        let mut cur = if include_self { Some(section) } else { site.sections[section].parent };
        while let Some(i) = cur {
            let s = &site.sections[i];
            let title = if s.content_key.is_empty() { self.strings.get(&s.lang, "home") } else { s.title.clone() };
            chain.push(Link { title, url: self.href(root, &s.path) });
            cur = s.parent;
        }
        chain.reverse();
        chain
    }

    pub(crate) fn topic_link(&self, slug: &str, lang: &str, root: &str, count: usize) -> TopicLink {
        TopicLink {
            slug: slug.to_string(),
            name: self.site.config.topic_name(slug, lang),
            url: self.href(root, &format!("{}topics/{slug}/", self.site.lang_prefix(lang))),
            count,
        }
    }

    pub(crate) fn page_link(&self, i: usize, root: &str) -> PageLink {
        let p = &self.site.pages[i];
        let summary = p.fm.summary.clone().unwrap_or_else(|| truncate(&p.rendered.first_paragraph, 160));
        PageLink {
            title: p.title.clone(),
            url: self.href(root, &p.path),
            lang: p.lang.clone(),
            date: p.date.map(|d| d.iso()),
            date_display: p.date.map(|d| d.display(&p.lang)),
            year: p.year,
            kind: p.kind,
            summary,
            topics: p.fm.topics.iter().map(|t| self.topic_link(t, &p.lang, root, 0)).collect(),
            lang_name: None,
        }
    }

    pub(crate) fn section_view(&self, i: usize, root: &str) -> SectionView {
        let s = &self.site.sections[i];
        SectionView {
            title: s.title.clone(),
            description: s.fm.description.clone().unwrap_or_default(),
            url: self.href(root, &s.path),
            permalink: self.permalink(root, &s.path),
            content: place_content(s.rendered.html.unpack(), root, self.opts.index_links),
            pages: s.pages.iter().map(|&p| self.page_link(p, root)).collect(),
            subsections: s
                .subsections
                .iter()
                .map(|&c| {
                    let cs = &self.site.sections[c];
                    SectionLink {
                        title: cs.title.clone(),
                        url: self.href(root, &cs.path),
                        count: cs.pages.len() + cs.subsections.len(),
                    }
                })
                .collect(),
            extra: serde_json::Value::Object(s.fm.extra.clone()),
        }
    }

    /// Groups of a language's reports and case studies by year, newest year
    /// first, from lists already sorted newest first; `shown` links per list.
    pub(crate) fn year_groups<'l>(
        &self,
        lang: &str,
        root: &str,
        years: impl DoubleEndedIterator<Item = (i32, &'l [usize], &'l [usize])>,
        shown: usize,
    ) -> Vec<YearGroup> {
        years
            .rev()
            .filter(|(_, r, c)| !r.is_empty() || !c.is_empty())
            .map(|(year, r, c)| YearGroup {
                total_reports: r.len(),
                total_cases: c.len(),
                year,
                url: self.href(root, &format!("{}years/{year}/", self.site.lang_prefix(lang))),
                reports: r.iter().take(shown).map(|&i| self.page_link(i, root)).collect(),
                cases: c.iter().take(shown).map(|&i| self.page_link(i, root)).collect(),
            })
            .collect()
    }

    /// Every year of a language, newest first, `shown` links per list.
    pub(crate) fn all_years(&self, lang: &str, root: &str, shown: usize) -> Vec<YearGroup> {
        let years = self.lists().lang(lang).years.iter().map(|(y, p)| (*y, &p.reports[..], &p.cases[..]));
        self.year_groups(lang, root, years, shown)
    }
}

pub(crate) fn truncate(s: &str, max_chars: usize) -> String {
    // Only the first `max_chars + 1` characters are looked at: summaries
    // are cut from first paragraphs of any length, for every link.
    match s.char_indices().nth(max_chars) {
        None => s.to_string(),
        Some((end, _)) => {
            let mut out = String::with_capacity(end + '…'.len_utf8());
            out.push_str(&s[..end]);
            out.push('…');
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::truncate;

    #[test]
    fn truncate_counts_characters_not_bytes() {
        assert_eq!(truncate("垃圾分类", 4), "垃圾分类");
        assert_eq!(truncate("垃圾分类制度", 4), "垃圾分类…");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcd", 3), "abc…");
        assert_eq!(truncate("", 3), "");
    }
}
