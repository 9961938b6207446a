//! One job per output page, so any subset can be re-rendered (`annals serve`).

use std::collections::BTreeSet;

use super::Renderer;
use super::build_ctx::Twin;
use super::context::*;
use super::urls::{file_of, place_content, root_of};
use crate::error::SiteError;
use crate::model::PageKind;
use crate::output::claims::Producer;

/// Reports listed per year on the home page; the year page lists them all.
const HOME_PER_YEAR: usize = 5;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Job {
    Section(usize),
    Page(usize),
    Parallel(usize),
    /// A report's commitments and their follow-ups (`<report>/commitments/`).
    Commitments(usize),
    Topics(String),
    Topic(String, String),
    Year(String, i32),
    Search(String),
    Archive(String),
    NotFound(String),
}

impl Renderer<'_> {
    /// Every page of the site; lists (the largest pages) first, so that
    /// parallel rendering does not end waiting on one of them.
    pub fn all_jobs(&self) -> Vec<Job> {
        let mut jobs = self.jobs_in_site_order();
        jobs.sort_by_key(|j| match j {
            Job::Topic(..) | Job::Topics(_) | Job::Year(..) | Job::Archive(_) => 0,
            Job::Section(_) => 1,
            _ => 2,
        });
        jobs
    }

    fn jobs_in_site_order(&self) -> Vec<Job> {
        let site = self.site;
        let mut jobs: Vec<Job> = (0..site.sections.len()).map(Job::Section).collect();
        jobs.extend((0..site.pages.len()).map(Job::Page));
        // Every translated version gets its own parallel view, in its own language.
        jobs.extend((0..site.pages.len()).filter(|&i| site.parallel_primary(i).is_some()).map(Job::Parallel));
        jobs.extend((0..site.pages.len()).filter(|&i| self.ledger.has_page(site, i)).map(Job::Commitments));
        for l in &site.languages {
            jobs.push(Job::Topics(l.code.clone()));
            jobs.extend(self.lists().lang(&l.code).topics.keys().map(|t| Job::Topic(l.code.clone(), t.clone())));
            let years: BTreeSet<i32> = site.pages.iter().filter(|p| p.lang == l.code).filter_map(|p| p.year).collect();
            jobs.extend(years.into_iter().map(|y| Job::Year(l.code.clone(), y)));
            jobs.push(Job::Search(l.code.clone()));
            jobs.push(Job::Archive(l.code.clone()));
            jobs.push(Job::NotFound(l.code.clone()));
        }
        jobs
    }

    /// Output path of a job.
    pub fn job_path(&self, job: &Job) -> String {
        let site = self.site;
        match job {
            Job::Section(i) => site.sections[*i].path.clone(),
            Job::Page(i) => site.pages[*i].path.clone(),
            Job::Parallel(i) => format!("{}parallel.html", site.pages[*i].path),
            Job::Commitments(i) => crate::commitments::page_path(site, *i),
            Job::Topics(l) => format!("{}topics/", site.lang_prefix(l)),
            Job::Topic(l, t) => format!("{}topics/{t}/", site.lang_prefix(l)),
            Job::Year(l, y) => format!("{}years/{y}/", site.lang_prefix(l)),
            Job::Search(l) => format!("{}search/", site.lang_prefix(l)),
            Job::Archive(l) => format!("{}archive/", site.lang_prefix(l)),
            Job::NotFound(l) => format!("{}404.html", site.lang_prefix(l)),
        }
    }

    /// What produces a job's output file, for collision errors.
    pub(crate) fn job_producer(&self, job: &Job) -> Producer {
        let site = self.site;
        match job {
            Job::Section(i) => match &site.sections[*i].file {
                Some(f) => Producer::Content(f.clone()),
                None => Producer::Generated(format!("section page of content/{}", site.sections[*i].content_key)),
            },
            Job::Page(i) => Producer::Content(site.pages[*i].file.clone()),
            Job::Parallel(i) => Producer::Generated(format!("parallel view of {}", site.pages[*i].file.display())),
            Job::Commitments(i) => Producer::Generated(format!("commitments of {}", site.pages[*i].file.display())),
            Job::Topics(l) => Producer::Generated(format!("topic list ({l})")),
            Job::Topic(l, t) => Producer::Generated(format!("page of topic `{t}` ({l})")),
            Job::Year(l, y) => Producer::Generated(format!("page of year {y} ({l})")),
            Job::Search(l) => Producer::Generated(format!("search page ({l})")),
            Job::Archive(l) => Producer::Generated(format!("archive page ({l})")),
            Job::NotFound(l) => Producer::Generated(format!("404 page ({l})")),
        }
    }

    pub(crate) fn render_job(&self, job: &Job) -> Result<(String, Vec<u8>), SiteError> {
        let path = self.job_path(job);
        let root = root_of(&path);
        let site = self.site;
        let html = match job {
            Job::Section(i) => {
                let s = &site.sections[*i];
                let twins: Vec<Twin> = site
                    .languages
                    .iter()
                    .map(|l| {
                        let key = (s.content_key.clone(), l.code.clone());
                        match site.section_index.get(&key) {
                            Some(&t) => Twin::new(&l.code, site.sections[t].path.clone(), true),
                            None => {
                                let near = site.nearest_section(&s.content_key, &l.code);
                                Twin::new(&l.code, site.sections[near].path.clone(), false)
                            }
                        }
                    })
                    .collect();
                let crumbs = self.crumbs(*i, &root, true);
                let common = self.common(&s.lang, &path, &twins, crumbs);
                let section = self.section_view(*i, &root);
                let file = s.file.as_deref();
                if s.content_key.is_empty() {
                    let ctx = self.home_context(common, section, &s.lang, &root);
                    let template = s.fm.template.as_deref().unwrap_or("index.html");
                    self.render_template(&s.lang, template, &ctx, file)?
                } else {
                    let template = s.fm.template.as_deref().unwrap_or("section.html");
                    self.render_template(&s.lang, template, &SectionContext { common, section }, file)?
                }
            }
            Job::Page(i) => {
                let p = &site.pages[*i];
                let ctx = self.page_context(*i, &path, &root);
                let template = p.fm.template.as_deref().unwrap_or("page.html");
                self.render_template(&p.lang, template, &ctx, Some(&p.file))?
            }
            Job::Parallel(i) => {
                let p = &site.pages[*i];
                let ctx = self.parallel_context(*i, &path, &root);
                let template = if self.has_template("parallel.html") { "parallel.html" } else { "page.html" };
                self.render_template(&p.lang, template, &ctx, Some(&p.file))?
            }
            Job::Commitments(i) => {
                let p = &site.pages[*i];
                let ctx = self
                    .commitments_context(*i, &path, &root)
                    .ok_or_else(|| crate::error::SiteError::new(&p.file, "no commitments page for this report"))?;
                self.render_template(&p.lang, self.pick("commitments.html"), &ctx, Some(&p.file))?
            }
            Job::Topics(l) => {
                let common = self.generated_common(l, "topics/", self.strings.get(l, "topics"));
                let topics = self.topic_links(l, &root);
                let ctx = ListContext {
                    common,
                    title: self.strings.get(l, "topics"),
                    topics,
                    years: Vec::new(),
                    snapshots: Vec::new(),
                };
                self.render_template(l, self.pick("topics.html"), &ctx, None)?
            }
            Job::Topic(l, slug) => {
                let title = site.config.topic_name(slug, l);
                let mut common = self.generated_common(l, &format!("topics/{slug}/"), title);
                common
                    .breadcrumbs
                    .insert(1, Link { title: self.strings.get(l, "topics"), url: common.links.topics_url.clone() });
                let pages: &[usize] = self.lists().lang(l).topics.get(slug).map(|v| &v[..]).unwrap_or_default();
                // The topic's pages (newest first) split by year and kind, order kept.
                let mut by_year: std::collections::BTreeMap<i32, (Vec<usize>, Vec<usize>)> = Default::default();
                for &i in pages {
                    let p = &site.pages[i];
                    let Some(y) = p.year else { continue };
                    match p.kind {
                        PageKind::Report => by_year.entry(y).or_default().0.push(i),
                        PageKind::Case => by_year.entry(y).or_default().1.push(i),
                        PageKind::Page => {}
                    }
                }
                let years = by_year.iter().map(|(y, (r, c))| (*y, &r[..], &c[..]));
                let years = self.year_groups(l, &root, years, usize::MAX);
                let commitments = self.topic_commitments(l, slug, &root);
                let ctx =
                    TopicContext { common, topic: self.topic_link(slug, l, &root, pages.len()), years, commitments };
                self.render_template(l, self.pick("topic.html"), &ctx, None)?
            }
            Job::Year(l, y) => {
                let common = self.generated_common(l, &format!("years/{y}/"), y.to_string());
                let pages = self.lists().lang(l).years.get(y).map(|p| (*y, &p.reports[..], &p.cases[..]));
                let year = self.year_groups(l, &root, pages.into_iter(), usize::MAX).pop().unwrap_or(YearGroup {
                    year: *y,
                    url: String::new(),
                    reports: vec![],
                    cases: vec![],
                    total_reports: 0,
                    total_cases: 0,
                });
                self.render_template(l, self.pick("year.html"), &YearContext { common, year }, None)?
            }
            Job::Search(l) => {
                let common = self.generated_common(l, "search/", self.strings.get(l, "search"));
                let ctx = ListContext {
                    common,
                    title: self.strings.get(l, "search"),
                    topics: self.topic_links(l, &root),
                    years: Vec::new(),
                    snapshots: Vec::new(),
                };
                self.render_template(l, self.pick("search.html"), &ctx, None)?
            }
            Job::Archive(l) => {
                let common = self.generated_common(l, "archive/", self.strings.get(l, "archive"));
                let snapshots = self
                    .opts
                    .snapshots
                    .iter()
                    .rev()
                    .map(|s| SnapshotLink {
                        year: s.year,
                        url: self.href(&root, &format!("archive/{}/{}", s.year, site.lang_prefix(l))),
                        date_display: crate::parse::Date::parse(&s.date)
                            .map(|d| d.display(l))
                            .unwrap_or(s.date.clone()),
                        files: s.files,
                    })
                    .collect();
                let ctx = ListContext {
                    common,
                    title: self.strings.get(l, "archive"),
                    topics: Vec::new(),
                    years: self.all_years(l, &root, 0),
                    snapshots,
                };
                self.render_template(l, self.pick("archive.html"), &ctx, None)?
            }
            Job::NotFound(l) if self.opts.index_links => {
                // Opened from disk (or inside a snapshot): relative links, like every page.
                let common = self.generated_common(l, "404.html", self.strings.get(l, "not_found"));
                let ctx = ListContext {
                    common,
                    title: self.strings.get(l, "not_found"),
                    topics: vec![],
                    years: vec![],
                    snapshots: vec![],
                };
                self.render_template(l, "404.html", &ctx, None)?
            }
            Job::NotFound(l) => {
                // Served for any missing URL, so links must not depend on depth.
                let base = site.config.base_path();
                let mut common = self.generated_common(l, "404.html", self.strings.get(l, "not_found"));
                common.links.root = base.clone();
                let prefix = site.lang_prefix(l);
                common.links.home_url = format!("{base}{prefix}");
                common.links.search_url = format!("{base}{prefix}search/");
                common.links.topics_url = format!("{base}{prefix}topics/");
                common.links.archive_url = format!("{base}{prefix}archive/");
                common.links.feed_url = format!("{base}{prefix}atom.xml");
                for s in &mut common.switcher {
                    s.url = format!("{base}{}404.html", site.lang_prefix(&s.code));
                }
                common.links.nav.clear();
                common.breadcrumbs.clear();
                self.render_template(
                    l,
                    "404.html",
                    &ListContext {
                        common,
                        title: self.strings.get(l, "not_found"),
                        topics: vec![],
                        years: vec![],
                        snapshots: vec![],
                    },
                    None,
                )?
            }
        };
        Ok((file_of(&path), html))
    }

    fn pick<'b>(&self, name: &'b str) -> &'b str {
        if self.has_template(name) { name } else { "section.html" }
    }

    /// Common fields of a page generated for every language at the same place.
    fn generated_common(&self, lang: &str, rel: &str, title: String) -> Common {
        let site = self.site;
        let path = format!("{}{rel}", site.lang_prefix(lang));
        let twins: Vec<Twin> = site
            .languages
            .iter()
            .map(|l| Twin::new(&l.code, format!("{}{rel}", site.lang_prefix(&l.code)), true))
            .collect();
        let root = root_of(&path);
        let mut crumbs = self.crumbs(site.home(lang), &root, true);
        crumbs.push(Link { title, url: self.href(&root, &path) });
        self.common(lang, &path, &twins, crumbs)
    }

    fn home_context(&self, common: Common, section: SectionView, lang: &str, root: &str) -> HomeContext {
        let lists = self.lists().lang(lang);
        HomeContext {
            latest: lists.reports.first().map(|&i| self.page_link(i, root)),
            years: self.all_years(lang, root, HOME_PER_YEAR),
            cases: lists.cases.iter().take(24).map(|&i| self.page_link(i, root)).collect(),
            topics: self.topic_links(lang, root),
            common,
            section,
        }
    }

    /// Every topic of a language with its page count, by slug.
    fn topic_links(&self, lang: &str, root: &str) -> Vec<TopicLink> {
        self.lists().lang(lang).topics.iter().map(|(s, p)| self.topic_link(s, lang, root, p.len())).collect()
    }

    fn page_context(&self, i: usize, path: &str, root: &str) -> PageContext {
        let site = self.site;
        let p = &site.pages[i];
        let translations = site.page_translations(i);
        let twins: Vec<Twin> = site
            .languages
            .iter()
            .map(|l| match translations.iter().find(|&&t| site.pages[t].lang == l.code) {
                Some(&t) => Twin::new(&l.code, site.pages[t].path.clone(), true),
                None => {
                    let dir = crate::model::parent_dir(&p.content_key);
                    let near = site.nearest_section(dir, &l.code);
                    Twin::new(&l.code, site.sections[near].path.clone(), false)
                }
            })
            .collect();
        let mut crumbs = self.crumbs(p.section, root, true);
        crumbs.push(Link { title: p.title.clone(), url: self.href(root, path) });
        let common = self.common(&p.lang, path, &twins, crumbs);
        let translations_links: Vec<SwitchLink> =
            common.switcher.iter().filter(|s| !s.current && s.exact).cloned().collect();
        let missing_in: Vec<SwitchLink> = common.switcher.iter().filter(|s| !s.current && !s.exact).cloned().collect();
        let section = &site.sections[p.section];
        let page = PageView {
            link: self.page_link(i, root),
            permalink: self.permalink(root, path),
            content: place_content(p.rendered.html.unpack(), root, self.opts.index_links),
            toc: p.rendered.toc(),
            headings: p.rendered.headings.clone(),
            updated: p.updated.map(|d| d.iso()),
            updated_display: p.updated.map(|d| d.display(&p.lang)),
            masks: p.rendered.masks,
            extra: serde_json::Value::Object(p.fm.extra.clone()),
            parallel_url: site
                .parallel_primary(i)
                .map(|_| self.href(root, &format!("{}parallel.html", site.pages[i].path))),
            translations: translations_links,
            missing_in,
            mentions: self.mentions(i, root),
            related: self.related(i, root),
            section: Link { title: section.title.clone(), url: self.href(root, &section.path) },
            series: self.series_view(i, root),
        };
        PageContext { common, page }
    }
}
