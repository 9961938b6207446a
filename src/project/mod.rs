//! The live rebuild: a site kept between builds, for `annals serve` (output
//! in memory) and `build --watch` (output on disk).
//!
//! A project runs the stages of [`crate::build`] and keeps what they return:
//! the parsed files, the model, the commitments ledger, the compiled
//! templates, the list of snapshots. [`Project::apply`] takes the classified
//! changes of one debounced batch and only decides what to redo: an edited
//! page is re-read and re-parsed alone (the load and parse stages for one
//! file); the model is rebuilt from the kept parse results, or, when only
//! page bodies, titles or summaries changed, taken over with them put in
//! ([`crate::model::BodyEdit`]); Markdown is
//! re-rendered only for changed bodies (all of them if a URL changed, since
//! links may resolve differently); the ledger is recomputed with it (kept
//! when the model was taken over and no body changed; an editor's commitments
//! file is an input too); the
//! site-wide lists and the mention index are kept when nothing they are made
//! of changed; and [`Plan::affected`] names the pages that show the change.
//! The render stage renders that plan into memory, and the result is merged
//! into the target ([`target`]). It never re-implements a stage.
//!
//! With [`Project::defer_lists`] on (`annals serve`), the list pages of a
//! batch are left for after the browser's reload ([`deferred`]).
//!
//! The search index is brought up to date separately
//! ([`Project::update_search`]) so a browser can reload first. A change of
//! site.toml, UI strings or the archive folder rebuilds everything.

mod batch;
mod deferred;
mod state;
mod target;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crate::build::{self, BuildOptions, RenderInput, Summary};
use crate::error::BuildError;
use crate::load;
use crate::model::{BodyEdit, Parsed, Patched, Site, Sources};
use crate::output::Output;
use crate::output::packed::Packed;
use crate::plan::{ContentChange, Plan};
use crate::render::compile_templates;
use crate::render::theme;
pub use batch::{Applied, Change, ModelUpdate};
use batch::{ContentRead, read_content};
pub use deferred::Deferred;
use state::{Replaced, State, full_build};
use target::Target;

/// A site kept between builds; see the module docs.
pub struct Project {
    pub opts: BuildOptions,
    state: State,
    target: Target,
    search_pending: BTreeSet<String>,
    /// List pages are left to [`Project::render_deferred`] ([`deferred`]).
    defer: bool,
}

impl Project {
    /// Builds everything into memory (`annals serve`).
    pub fn open(opts: BuildOptions) -> Result<Project, BuildError> {
        Project::open_into(opts, Target::Memory(Packed::default()), &|_, _| {}).map(|(p, _)| p)
    }

    /// Builds everything into the folder `dir`, atomically (`build --watch`);
    /// later batches update the files there that change.
    pub fn open_on_disk(
        opts: BuildOptions,
        dir: PathBuf,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<(Project, Summary), BuildError> {
        Project::open_into(opts, Target::disk(dir), progress)
    }

    fn open_into(
        opts: BuildOptions,
        mut target: Target,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<(Project, Summary), BuildError> {
        let start = Instant::now();
        let (state, written) = full_build(&opts, &mut target, progress)?;
        let summary = Summary::of(&state.site, written.files, start, written.report.warnings);
        Ok((Project { opts, state, target, search_pending: BTreeSet::new(), defer: false }, summary))
    }

    /// The output, compressed, for a project in memory (empty for one on disk).
    pub fn output(&self) -> &Packed {
        self.target.output()
    }

    /// The bytes of the output file at `path` (site-relative), in memory or
    /// on disk.
    pub fn read(&self, path: &str) -> Option<Vec<u8>> {
        self.target.read(path)
    }

    /// Whether the output has a file at `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.target.contains(path)
    }

    /// Every output path (the output marker of a folder excluded).
    pub fn paths(&self) -> Vec<String> {
        let mut paths: Vec<String> =
            self.target.files_under("").into_iter().filter(|p| p != crate::output::MARKER).collect();
        paths.sort();
        paths
    }

    /// Brings the output up to date. On error the previous output is kept.
    pub fn apply(&mut self, changes: &[Change]) -> Result<Applied, BuildError> {
        let start = Instant::now();
        let full = changes.iter().any(|c| matches!(c, Change::Config | Change::Archive(_) | Change::Strings(_)));
        let mut applied = if full { self.full_rebuild()? } else { self.apply_sources(changes)? };
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
    pub fn update_search(&mut self) -> Result<usize, BuildError> {
        match self.search_source() {
            Some(source) => {
                let index = crate::search::build_index(&source.documents(), &crate::search::IndexOptions::default());
                self.install_search(index)
            }
            None => Ok(0),
        }
    }

    /// What to index when the index is stale (`None` when it is not), so a
    /// server can build the index without holding the project.
    pub fn search_source(&self) -> Option<crate::index::SearchSource> {
        (!self.search_pending.is_empty()).then(|| crate::index::SearchSource::of(&self.state.site, &self.state.ledger))
    }

    /// Puts a freshly built index in place; returns how many files changed.
    pub fn install_search(&mut self, index: Output) -> Result<usize, BuildError> {
        let stale: BTreeSet<String> =
            self.target.files_under("search/").into_iter().filter(|k| k.ends_with(".js")).collect();
        let removed: BTreeSet<String> = stale.into_iter().filter(|k| !index.files.contains_key(k)).collect();
        let changed = self.target.merge(index, &removed)?;
        self.search_pending.clear();
        Ok(changed.len())
    }

    fn full_rebuild(&mut self) -> Result<Applied, BuildError> {
        let (state, written) = full_build(&self.opts, &mut self.target, &|_, _| {})?;
        self.state = state;
        self.search_pending.clear();
        Ok(Applied {
            rendered: usize::MAX,
            changed: written.changed,
            model: ModelUpdate::Rebuilt,
            ..Default::default()
        })
    }

    /// Content, template and static changes: re-reads what changed, plans
    /// what it affects, renders that and merges it into the target.
    fn apply_sources(&mut self, changes: &[Change]) -> Result<Applied, BuildError> {
        let t = build::Timer::new();
        let templates_changed = changes.iter().any(|c| matches!(c, Change::Template(_)));
        let statics = changes.iter().any(|c| matches!(c, Change::Static(_)));
        let content: Vec<&PathBuf> =
            changes.iter().filter_map(|c| if let Change::Content(p) = c { Some(p) } else { None }).collect();
        let read = read_content(&self.opts.root, &self.state.site.config, &self.state.parsed, &content)?;
        if read.rescan {
            return self.full_rebuild();
        }
        let remodel = !read.touched.is_empty() || read.assets || templates_changed;
        let old = &self.state;
        let theme = if templates_changed || statics {
            Some(theme::load(&self.opts.root, &old.site.config.theme.name)?)
        } else {
            None
        };
        let theme_ref = theme.as_ref().unwrap_or(&old.theme);
        let templates =
            if templates_changed { compile_templates(&old.site, theme_ref)? } else { old.templates.clone() };

        // Model, Markdown and commitments, from the kept parse results.
        let mut new_site = None;
        let mut same_urls = true;
        let mut url_map = None;
        let mut model = ModelUpdate::Kept;
        if remodel {
            // Only bodies, titles or summaries changed: the previous model
            // with them put in (see `model::patch`); otherwise assembled again.
            let edits: Option<Vec<BodyEdit>> = if read.assets || templates_changed {
                None
            } else {
                read.touched
                    .iter()
                    .map(|rel| Some(BodyEdit { old: old.parsed.get(rel)?, new: read.parsed.get(rel)? }))
                    .collect()
            };
            t.lap("apply: read");
            let mut site = match edits.and_then(|edits| old.site.with_edits(&edits)) {
                Some(Patched { site, retitled }) => {
                    model = if retitled { ModelUpdate::Retitled } else { ModelUpdate::Bodies };
                    site
                }
                None => {
                    model = ModelUpdate::Assembled;
                    let assets = if read.assets {
                        load::list_assets(&self.opts.root).map_err(BuildError::many)?
                    } else {
                        old.site.assets.clone()
                    };
                    let parsed: Vec<Parsed> = read.parsed.values().map(|p| Parsed::clone(p)).collect();
                    let site = build::model(old.site.config.clone(), parsed, assets, &self.opts)?;
                    let map = site.url_map();
                    same_urls = map == old.url_map;
                    url_map = Some(map);
                    site
                }
            };
            build::markdown(&mut site, theme_ref, same_urls.then_some(&old.site), Sources::Keep)?;
            // Commitments come from bodies, series and file names, not from
            // titles or summaries: a patched model whose bodies all read as
            // before keeps them (the pages keep their places then).
            let same_bodies = matches!(model, ModelUpdate::Bodies | ModelUpdate::Retitled)
                && touched_pages(&site, &read).iter().all(|&i| {
                    let (new, before) = (&site.pages[i].body, &old.site.pages[i].body);
                    Arc::ptr_eq(new, before) || new == before
                });
            let ledger = if same_bodies { old.ledger.clone() } else { build::commitments(&site)? };
            new_site = Some((site, ledger));
        }
        t.lap("apply: model");
        let (site, ledger) = new_site.as_ref().map(|(s, l)| (s, l)).unwrap_or((&old.site, &old.ledger));
        // Plan, then render into memory.
        let input = RenderInput {
            site,
            ledger,
            theme: theme_ref,
            templates: templates.clone(),
            snapshots: &old.snapshots,
            opts: &self.opts,
        };
        let renderer = input.renderer();
        // Lists are made of front matter, file names and page order: a batch
        // that kept the model or changed only bodies keeps them; one that
        // also changed titles keeps them too, but a title may reorder pages
        // of one date, so the lists holding a retitled page are sorted again.
        if let Some(lists) = &old.lists {
            match model {
                ModelUpdate::Kept | ModelUpdate::Bodies => renderer.use_lists(lists.clone()),
                ModelUpdate::Retitled => renderer.use_lists(lists.retitled(site, &touched_pages(site, &read))),
                ModelUpdate::Assembled | ModelUpdate::Rebuilt => {}
            }
        }
        // Mentions read a few reports' bodies (the newest of each topic):
        // with the model taken over, an edit of any other body keeps them.
        let keeps_mentions = match model {
            ModelUpdate::Kept => true,
            // (Each touched file is a page of the site after a patched model.)
            ModelUpdate::Bodies => touched_pages(site, &read).iter().all(|i| !old.mentions.read.contains(i)),
            // A title may reorder the reports the mentions are taken from.
            ModelUpdate::Retitled | ModelUpdate::Assembled | ModelUpdate::Rebuilt => false,
        };
        let mentions = if keeps_mentions { old.mentions.clone() } else { renderer.scan_mentions() };
        renderer.use_mentions(mentions.index.clone());
        t.lap("apply: lists and mentions");
        // A model taken over with its lists and commitments has the same jobs.
        let same_jobs = match model {
            ModelUpdate::Kept => true,
            ModelUpdate::Bodies | ModelUpdate::Retitled => *ledger == old.ledger,
            ModelUpdate::Assembled | ModelUpdate::Rebuilt => false,
        };
        let all_jobs = if same_jobs { Arc::clone(&old.all_jobs) } else { Arc::new(renderer.all_jobs()) };
        t.lap("apply: all jobs");
        let mut plan = if remodel {
            let change = ContentChange {
                old: &old.site,
                new: site,
                old_ledger: &old.ledger,
                new_ledger: ledger,
                touched: &read.touched,
                same_urls,
                templates: templates_changed,
                assets: read.assets,
                old_mentions: &old.mentions.index,
                new_mentions: &mentions.index,
            };
            Plan::affected(&change, &all_jobs)
        } else {
            Plan::none()
        };
        plan.statics = statics;
        let deferred =
            deferred::split(self.defer, &mut plan.jobs, |j| crate::render::urls::file_of(&renderer.job_path(j)));
        t.lap("apply: plan");
        let mut out = Output::default();
        let report = build::render_with(&renderer, &input, &plan, &|_, _| {}, &mut |part: Output| {
            out.extend(part);
            Ok(())
        })?;
        t.lap("apply: render");

        // Files that are no longer produced (pages deleted, renamed or
        // drafted; assets removed).
        let job_files = if same_urls && !plan.is_structural() {
            Arc::clone(&old.job_files)
        } else {
            Arc::new(all_jobs.iter().map(|j| crate::render::urls::file_of(&renderer.job_path(j))).collect())
        };
        let asset_files: BTreeSet<String> = if read.assets {
            build::asset_targets(site).into_iter().flat_map(|(_, targets)| targets).collect()
        } else {
            old.asset_files.clone()
        };
        let extra_files = report.extra_files.unwrap_or_else(|| old.extra_files.clone());
        let mut removed: BTreeSet<String> = if Arc::ptr_eq(&old.job_files, &job_files) {
            BTreeSet::new()
        } else {
            old.job_files.difference(&job_files).cloned().collect()
        };
        removed.extend(old.asset_files.difference(&asset_files).cloned());
        removed.extend(old.extra_files.difference(&extra_files).cloned());
        let rendered = plan.jobs.len();
        let css_only = statics && !remodel;
        let lists = renderer.site_lists();
        drop(renderer);
        let changed = self.target.merge(out, &removed)?;
        t.lap("apply: merge");

        // The batch is in place: keep what it produced.
        for rel in &read.touched {
            let lang = read.parsed.get(rel).or_else(|| self.state.parsed.get(rel)).map(|p| p.src.lang.clone());
            self.search_pending.extend(lang);
        }
        let state = &mut self.state;
        if let Some(theme) = theme {
            state.theme = theme;
        }
        state.templates = templates;
        // What is replaced is freed on another thread: a model of 100,000
        // pages takes 50 ms to free, and the browser is waiting.
        let mut replaced = Replaced::default();
        if let Some((site, ledger)) = new_site {
            replaced.site = Some(std::mem::replace(&mut state.site, site));
            state.ledger = ledger;
            if let Some(map) = url_map {
                state.url_map = map;
            }
            state.mentions = mentions;
        }
        state.lists = Some(lists);
        replaced.parsed = std::mem::replace(&mut state.parsed, read.parsed);
        replaced.free_in_background();
        state.all_jobs = all_jobs;
        state.job_files = job_files;
        state.asset_files = asset_files;
        state.extra_files = extra_files;
        t.lap("apply: keep");
        let css_only = css_only && changed.iter().all(|p| p.ends_with(".css"));
        Ok(Applied { changed, rendered, css_only, model, deferred, ..Default::default() })
    }
}

/// Page indices of the touched files that are pages of `site`.
fn touched_pages(site: &Site, read: &ContentRead) -> BTreeSet<usize> {
    read.touched.iter().filter_map(|rel| site.page_of_file(rel)).collect()
}
