//! A site kept in memory between builds, for `annals serve` and `build --watch`.
//!
//! [`Project::open`] builds everything once and keeps the parsed files, the
//! model and the output. [`Project::apply`] takes the classified changes of
//! one debounced batch and redoes only what they affect: an edited page is
//! re-read and re-parsed alone; Markdown is re-rendered only for changed
//! bodies (all of them if a URL changed, since links may resolve
//! differently); templates re-render only the pages that show the change (the
//! page, its translations and parallel view, and — when its title, date,
//! topics or summary changed — the lists that show it). The search index is
//! brought up to date separately ([`Project::update_search`]) so the browser
//! can reload first. A config change rebuilds everything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Instant;

use crate::build::{BuildOptions, copy_assets};
use crate::error::{BuildError, SiteError};
use crate::load;
use crate::model::{AssembleOptions, MdLabels, PageKind, Parsed, Site, parse_file};
use crate::output::Output;
use crate::render::relations::{MentionIndex, build_mentions};
use crate::render::theme::{self, Theme};
use crate::render::{Job, RenderOptions, Renderer, Strings, Templates, compile_templates};

/// What kind of input changed; decides how much must be rebuilt.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A Markdown file or asset under content/ (created, modified or removed).
    Content(PathBuf),
    /// A template (theme or site `templates/`).
    Template(PathBuf),
    /// A static file (theme or site `static/`).
    Static(PathBuf),
    /// UI strings (`i18n/*.toml`).
    Strings(PathBuf),
    /// site.toml.
    Config,
    /// Something under the archive folder.
    Archive(PathBuf),
}

/// The result of applying a batch of changes.
#[derive(Debug, Clone, Default)]
pub struct Applied {
    /// Output paths added, changed or removed.
    pub changed: Vec<String>,
    /// True when only stylesheets changed (the browser can swap them in place).
    pub css_only: bool,
    /// Pages re-rendered through templates.
    pub rendered: usize,
    /// The search index of these languages is stale until `update_search`.
    pub search_pending: Vec<String>,
    pub seconds: f64,
}

pub struct Project {
    pub opts: BuildOptions,
    theme: Theme,
    /// Parsed content files by path relative to content/.
    parsed: BTreeMap<String, Parsed>,
    site: Site,
    output: Output,
    search_pending: BTreeSet<String>,
    mentions: MentionIndex,
    templates: Templates,
    url_map: Vec<crate::model::UrlEntry>,
    /// Output files of the last render's jobs (to find pages that disappear).
    job_files: BTreeSet<String>,
}

impl Project {
    pub fn open(opts: BuildOptions) -> Result<Project, BuildError> {
        let (site, theme, parsed, output) = build_all(&opts)?;
        let mentions = build_mentions(&site);
        let templates = compile_templates(&site, &theme)?;
        let url_map = site.url_map();
        let job_files = job_files(&Renderer::with_templates(&site, templates.clone(), RenderOptions::default()));
        Ok(Project {
            opts,
            theme,
            parsed,
            site,
            output,
            search_pending: BTreeSet::new(),
            mentions,
            templates,
            url_map,
            job_files,
        })
    }

    pub fn output(&self) -> &Output {
        &self.output
    }

    /// Brings the output up to date. On error the previous output is kept.
    pub fn apply(&mut self, changes: &[Change]) -> Result<Applied, BuildError> {
        let start = Instant::now();
        let full = changes.iter().any(|c| matches!(c, Change::Config | Change::Archive(_) | Change::Strings(_)));
        let mut applied = if full {
            self.full_rebuild()?
        } else {
            let templates = changes.iter().any(|c| matches!(c, Change::Template(_)));
            let statics = changes.iter().any(|c| matches!(c, Change::Static(_)));
            let content: Vec<&PathBuf> =
                changes.iter().filter_map(|c| if let Change::Content(p) = c { Some(p) } else { None }).collect();
            let mut applied = Applied::default();
            if templates || statics {
                self.theme = theme::load(&self.opts.root, &self.site.config.theme)?;
            }
            if templates {
                self.templates = compile_templates(&self.site, &self.theme)?;
            }
            if !content.is_empty() || templates {
                applied = self.apply_content(&content, templates)?;
            }
            if statics {
                let mut out = Output::default();
                for (rel, bytes) in &self.theme.static_files {
                    out.insert(rel.clone(), bytes.clone());
                }
                let changed = self.merge(out, &BTreeSet::new());
                applied.css_only = content.is_empty() && !templates && changed.iter().all(|p| p.ends_with(".css"));
                applied.changed.extend(changed);
            }
            applied
        };
        applied.changed.sort();
        applied.changed.dedup();
        if applied.changed.is_empty() {
            applied.css_only = false;
        }
        applied.search_pending = self.search_pending.iter().cloned().collect();
        applied.seconds = start.elapsed().as_secs_f64();
        Ok(applied)
    }

    /// Rebuilds the search index if pages changed; returns how many files changed.
    pub fn update_search(&mut self) -> usize {
        match self.search_documents() {
            Some(docs) => {
                let index = crate::search::build_index(&docs, &crate::search::IndexOptions::default());
                self.install_search(index)
            }
            None => 0,
        }
    }

    /// The documents to index when the index is stale (`None` when it is not),
    /// so a server can build the index without holding the project.
    pub fn search_documents(&self) -> Option<Vec<crate::search::SearchDoc<'static>>> {
        (!self.search_pending.is_empty())
            .then(|| crate::search::site::documents(&self.site).into_iter().map(|d| d.into_owned()).collect())
    }

    /// Puts a freshly built index in place; returns how many files changed.
    pub fn install_search(&mut self, index: Output) -> usize {
        self.search_pending.clear();
        let stale: BTreeSet<String> =
            self.output.files.keys().filter(|k| k.starts_with("search/") && k.ends_with(".js")).cloned().collect();
        let fresh: BTreeSet<String> = index.files.keys().cloned().collect();
        let removed: BTreeSet<String> = stale.difference(&fresh).cloned().collect();
        self.merge(index, &removed).len()
    }

    fn full_rebuild(&mut self) -> Result<Applied, BuildError> {
        let (site, theme, parsed, output) = build_all(&self.opts)?;
        let changed = diff(&self.output, &output);
        self.templates = compile_templates(&site, &theme)?;
        self.job_files = job_files(&Renderer::with_templates(&site, self.templates.clone(), RenderOptions::default()));
        self.url_map = site.url_map();
        self.output = output;
        self.mentions = build_mentions(&site);
        self.site = site;
        self.theme = theme;
        self.parsed = parsed;
        self.search_pending.clear();
        Ok(Applied { rendered: usize::MAX, changed, ..Default::default() })
    }

    fn apply_content(&mut self, paths: &[&PathBuf], templates_changed: bool) -> Result<Applied, BuildError> {
        let t = crate::build::Timer::new();
        let root = self.opts.root.clone();
        let content_dir = root.join("content");
        let codes = self.site.config.language_codes();
        let default_lang = self.site.config.default_language.clone();
        let mut parsed = self.parsed.clone();
        let mut assets_changed = false;
        let mut touched: BTreeSet<String> = BTreeSet::new();
        let mut errors = Vec::new();
        for path in paths {
            let abs = if path.is_absolute() { (*path).clone() } else { root.join(path) };
            let Ok(rel_path) = abs.strip_prefix(&content_dir) else { continue };
            let rel = load::rel_slash(rel_path);
            if abs.is_dir() || rel.split('/').any(load::is_ignored_name) {
                // A new or moved folder: its files arrive as their own events,
                // but a moved tree may not; rescan to be sure.
                return self.full_rebuild();
            }
            if !rel.ends_with(".md") {
                assets_changed = true;
                continue;
            }
            touched.insert(rel.clone());
            if !abs.exists() {
                parsed.remove(&rel);
                continue;
            }
            let display = abs.strip_prefix(&root).unwrap_or(&abs).to_path_buf();
            let text = match load::read_text(&abs, &display) {
                Ok(t) => t,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let (kind, key, lang) = match load::classify(&rel, &codes, &default_lang) {
                Ok(x) => x,
                Err(msg) => {
                    errors.push(SiteError::new(&display, msg));
                    continue;
                }
            };
            let src = load::SourceFile { display, rel: rel.clone(), kind, key, lang, text };
            match parse_file(src) {
                Ok(p) => {
                    parsed.insert(rel, p);
                }
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(BuildError::many(errors));
        }
        let assemble = AssembleOptions { drafts: self.opts.drafts, up_to_year: self.opts.up_to_year };
        let mut site = Site::assemble_parsed(self.site.config.clone(), parsed.values().cloned().collect(), &assemble)
            .map_err(BuildError::many)?;
        t.lap("apply: model");
        let url_map = site.url_map();
        let same_urls = url_map == self.url_map;
        let strings = Strings::new(self.theme.strings.clone(), site.default_lang());
        let labels =
            |lang: &str| MdLabels { redacted: strings.get(lang, "redacted"), anchor: strings.get(lang, "anchor_link") };
        site.render_markdown_reusing(&labels, same_urls.then_some(&self.site)).map_err(BuildError::many)?;
        t.lap("apply: markdown");
        site.assets = if assets_changed {
            load::list_assets(&root).map_err(BuildError::many)?
        } else {
            std::mem::take(&mut self.site.assets)
        };

        let snapshots = crate::archive::published_snapshots(&root, &site.config);
        let renderer = Renderer::with_templates(
            &site,
            self.templates.clone(),
            RenderOptions { index_links: self.opts.index_links, snapshot: self.opts.snapshot.clone(), snapshots },
        );
        let all_jobs = renderer.all_jobs();
        let mentions = build_mentions(&site);
        let structural = !same_urls || templates_changed || touched.iter().any(|rel| self.listing_changed(&site, rel));
        let jobs: Vec<Job> = if !same_urls || templates_changed {
            all_jobs.clone()
        } else {
            affected_jobs(&site, &self.site, &all_jobs, &touched, structural, &self.mentions, &mentions)
        };
        t.lap("apply: jobs");
        let mut out = renderer.render_jobs(&jobs, &|| {}).map_err(BuildError::many)?;
        t.lap("apply: render");
        if structural {
            out.extend(renderer.render_extras());
        }
        if assets_changed {
            copy_assets(&site, &mut out)?;
        }
        // Pages that no longer exist (deleted, renamed, drafted).
        let live: BTreeSet<String> = if same_urls && !structural {
            self.job_files.clone()
        } else {
            all_jobs.iter().map(|j| crate::render::urls::file_of(&renderer.job_path(j))).collect()
        };
        let mut removed: BTreeSet<String> = self.job_files.difference(&live).cloned().collect();
        if assets_changed {
            for a in &self.site.assets {
                if !a.path.exists() {
                    removed.insert(a.rel.clone());
                }
            }
        }
        let rendered = jobs.len();
        drop(renderer);
        t.lap("apply: removed");
        for rel in &touched {
            if let Some(lang) =
                parsed.get(rel).map(|p| p.src.lang.clone()).or_else(|| self.parsed.get(rel).map(|p| p.src.lang.clone()))
            {
                self.search_pending.insert(lang);
            }
        }
        self.parsed = parsed;
        self.site = site;
        self.mentions = mentions;
        self.url_map = url_map;
        self.job_files = live;
        let changed = self.merge(out, &removed);
        Ok(Applied { changed, rendered, ..Default::default() })
    }

    /// Whether an edit of `rel` changes how the page appears in lists.
    fn listing_changed(&self, new: &Site, rel: &str) -> bool {
        let sig = |site: &Site| {
            site.pages.iter().find(|p| p.file.ends_with(rel)).map(|p| {
                (
                    p.title.clone(),
                    p.date,
                    p.updated,
                    p.year,
                    p.kind,
                    p.fm.topics.clone(),
                    p.fm.summary.clone().unwrap_or_else(|| p.rendered.first_paragraph.clone()),
                    p.fm.weight,
                    p.path.clone(),
                )
            })
        };
        let section_sig = |site: &Site| {
            site.sections.iter().find(|s| s.file.as_ref().is_some_and(|f| f.ends_with(rel))).map(|s| s.fm.clone().title)
        };
        sig(new) != sig(&self.site)
            || section_sig(new) != section_sig(&self.site)
            || rel.ends_with("_index.md")
            || rel.contains("/_index.")
    }

    /// Puts new files into the output, drops removed ones, returns what changed.
    fn merge(&mut self, out: Output, removed: &BTreeSet<String>) -> Vec<String> {
        let mut changed = Vec::new();
        for (path, bytes) in out.files {
            if self.output.files.get(&path) != Some(&bytes) {
                changed.push(path.clone());
                self.output.files.insert(path, bytes);
            }
        }
        for path in removed {
            if self.output.files.remove(path).is_some() {
                changed.push(path.clone());
            }
        }
        changed
    }
}

/// Jobs that show something of the touched files: the pages themselves and
/// their translations and parallel views; case studies whose list of
/// mentioning report sections changed; and when the edit shows in lists
/// (`structural`), every list page plus the reports whose "related case
/// studies" may now differ.
#[allow(clippy::too_many_arguments)]
fn affected_jobs(
    site: &Site,
    old: &Site,
    all: &[Job],
    touched: &BTreeSet<String>,
    structural: bool,
    old_mentions: &MentionIndex,
    new_mentions: &MentionIndex,
) -> Vec<Job> {
    let is_touched = |p: &crate::model::Page| touched.iter().any(|rel| p.file.ends_with(rel));
    let mut pages: BTreeSet<usize> = BTreeSet::new();
    // (lang, topic, kind) of the touched pages, before and after the edit.
    let mut topics: BTreeSet<(String, String, PageKind)> = BTreeSet::new();
    for p in old.pages.iter().filter(|p| is_touched(p)) {
        topics.extend(p.fm.topics.iter().map(|t| (p.lang.clone(), t.clone(), p.kind)));
    }
    for (i, p) in site.pages.iter().enumerate().filter(|(_, p)| is_touched(p)) {
        pages.insert(i);
        pages.extend(site.page_translations(i));
        topics.extend(p.fm.topics.iter().map(|t| (p.lang.clone(), t.clone(), p.kind)));
    }
    for (lang, topic, kind) in &topics {
        let key = (lang.clone(), topic.clone());
        let shows = |q: &crate::model::Page| &q.lang == lang && q.fm.topics.contains(topic);
        if *kind == PageKind::Report && old_mentions.get(&key) != new_mentions.get(&key) {
            pages.extend(
                (0..site.pages.len()).filter(|&i| site.pages[i].kind == PageKind::Case && shows(&site.pages[i])),
            );
        }
        if *kind == PageKind::Case && structural {
            // Reports list the newest case studies on their topics.
            let newest = |s: &Site| {
                let mut c: Vec<usize> =
                    (0..s.pages.len()).filter(|&i| s.pages[i].kind == PageKind::Case && shows(&s.pages[i])).collect();
                s.sort_pages(&mut c);
                c.truncate(crate::render::relations::RELATED_SHOWN);
                c.into_iter().any(|i| is_touched(&s.pages[i]))
            };
            if newest(site) || newest(old) {
                pages.extend(
                    (0..site.pages.len()).filter(|&i| site.pages[i].kind == PageKind::Report && shows(&site.pages[i])),
                );
            }
        }
    }
    let primaries: BTreeSet<usize> = pages.iter().filter_map(|&i| site.parallel_primary(i)).collect();
    all.iter()
        .filter(|job| match job {
            Job::Page(i) => pages.contains(i),
            Job::Parallel(i) => primaries.contains(i),
            _ => structural,
        })
        .cloned()
        .collect()
}

/// A full build that keeps the parsed files for later rebuilds.
fn build_all(opts: &BuildOptions) -> Result<(Site, Theme, BTreeMap<String, Parsed>, Output), BuildError> {
    let inputs = crate::build::load_inputs(opts)?;
    let parsed: BTreeMap<String, Parsed> = inputs.parsed.iter().map(|p| (p.src.rel.clone(), p.clone())).collect();
    let site = crate::build::model(inputs.config, &inputs.theme, inputs.parsed, inputs.assets, opts)?;
    let (output, _warnings) = crate::build::render_site(&site, &inputs.theme, opts, &|_, _| {})?;
    Ok((site, inputs.theme, parsed, output))
}

/// Paths whose bytes differ between two outputs, including added and removed ones.
pub fn diff(old: &Output, new: &Output) -> Vec<String> {
    let mut out: Vec<String> =
        new.files.iter().filter(|(k, v)| old.files.get(*k) != Some(v)).map(|(k, _)| k.clone()).collect();
    out.extend(old.files.keys().filter(|k| !new.files.contains_key(*k)).cloned());
    out.sort();
    out
}

fn job_files(renderer: &Renderer<'_>) -> BTreeSet<String> {
    renderer.all_jobs().iter().map(|j| crate::render::urls::file_of(&renderer.job_path(j))).collect()
}
