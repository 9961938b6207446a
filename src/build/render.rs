//! The render stage: templates over the modelled site, piece by piece into
//! a sink, with the claims check that no two sources write one path, the
//! theme's static files, the content assets and the search index (first,
//! unless the index stage has already written it).
//!
//! Why pieces: a sink takes a few hundred rendered pages at a time, so a
//! disk build never holds the whole output, and the same function fills the
//! in-memory output of `annals serve`.

use std::collections::BTreeMap;
use std::path::Path;

use super::{BuildOptions, Timer};
use crate::commitments::Ledger;
use crate::error::{BuildError, SiteError};
use crate::load;
use crate::model::Site;
use crate::output::Output;
use crate::output::claims::{Claims, Producer};
use crate::plan::{Plan, SearchPlan};
use crate::render::Extras;
use crate::render::theme::Theme;
use crate::render::{PublishedSnapshot, RenderOptions, Renderer, Templates};

/// What the render stage reads: the modelled site and what came with it.
pub struct RenderInput<'a> {
    pub site: &'a Site,
    pub ledger: &'a Ledger,
    pub theme: &'a Theme,
    /// Compiled once; a live rebuild keeps them until a template changes.
    pub templates: Templates,
    pub snapshots: &'a [PublishedSnapshot],
    pub opts: &'a BuildOptions,
}

impl RenderInput<'_> {
    pub fn renderer(&self) -> Renderer<'_> {
        let opts = RenderOptions {
            index_links: self.opts.index_links,
            snapshot: self.opts.snapshot.clone(),
            snapshots: self.snapshots.to_vec(),
        };
        Renderer::with_templates(self.site, self.ledger, self.templates.clone(), opts)
    }
}

/// What a render reports besides the files it handed to the sink.
#[derive(Debug, Clone, Default)]
pub struct RenderReport {
    pub warnings: Vec<String>,
    /// The sitemap, feeds, alias redirects and robots.txt written, when the
    /// plan asked for them: a live rebuild removes those no longer produced.
    pub extra_files: Option<std::collections::BTreeSet<String>>,
}

/// Jobs rendered per piece handed to the sink: bounds memory on large sites.
const JOBS_PER_PIECE: usize = 512;

/// Render stage: renders what `plan` asks for, piece by piece, into `sink`
/// (memory or disk); returns the build warnings. The search index, when
/// planned, is built and handed to the sink first.
pub fn render(
    input: &RenderInput<'_>,
    plan: &Plan,
    progress: &(dyn Fn(usize, usize) + Sync),
    sink: &mut (dyn FnMut(Output) -> Result<(), BuildError> + Send),
) -> Result<RenderReport, BuildError> {
    render_with(&input.renderer(), input, plan, progress, sink)
}

/// [`render`] with a renderer of `input` the caller made: a live rebuild
/// lists the jobs with it first, and the site-wide lists it built for that
/// are not built again.
pub fn render_with(
    renderer: &Renderer<'_>,
    input: &RenderInput<'_>,
    plan: &Plan,
    progress: &(dyn Fn(usize, usize) + Sync),
    sink: &mut (dyn FnMut(Output) -> Result<(), BuildError> + Send),
) -> Result<RenderReport, BuildError> {
    let site = input.site;
    let extras = renderer.extras(plan.extras);
    let extra_files = (plan.extras == Extras::All).then(|| extras.iter().map(|(path, _, _)| path.clone()).collect());
    // Every path the site writes is claimed before anything is rendered, so
    // two sources of one output path fail the build (a live rebuild too).
    // Only a plan that may move paths needs it: a body edit renders pages
    // whose paths were claimed by the render that last moved them, and
    // claiming every path of a large site is most of such a rebuild.
    let mut claims = Claims::default();
    if plan.may_move_paths() {
        claims.claim(crate::output::MARKER, Producer::Machine("output marker"));
        for job in renderer.all_jobs() {
            claims.claim(&crate::render::urls::file_of(&renderer.job_path(&job)), renderer.job_producer(&job));
        }
        for (path, _, producer) in &extras {
            claims.claim(path, producer.clone());
        }
        for rel in input.theme.static_files.keys() {
            claims.claim(rel, Producer::Static(rel.clone()));
        }
        for (asset, targets) in &asset_targets(site) {
            for target in targets {
                claims.claim(target, Producer::Asset(Path::new("content").join(&asset.rel)));
            }
        }
        claims.finish().map_err(BuildError::many)?;
    }
    let total = plan.jobs.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let tick = || {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if n.is_multiple_of(64) || n == total {
            progress(n, total);
        }
    };
    // The index first, streamed: its tokens are freed before the pages
    // render, and its files are never all held at once.
    let t = Timer::new();
    let index_files = match &plan.search {
        SearchPlan::Skip => Vec::new(),
        SearchPlan::Build => {
            let files = crate::index::index_site_into(site, input.ledger, sink)?;
            t.lap("search index");
            files
        }
        SearchPlan::Written(files) => files.clone(),
    };
    for rel in &index_files {
        claims.claim(rel, Producer::Machine("search index"));
    }
    // Piece N is written while piece N+1 renders.
    let mut rendered: Option<Output> = None;
    for piece in plan.jobs.chunks(JOBS_PER_PIECE) {
        let previous = rendered.take();
        let (written, next) = rayon::join(
            || previous.map(&mut *sink).unwrap_or(Ok(())),
            || renderer.render_jobs(piece, &tick).map_err(BuildError::many),
        );
        written?;
        rendered = Some(next?);
    }
    rendered.map(&mut *sink).unwrap_or(Ok(()))?;
    t.lap("pages");
    let mut rest = Output::default();
    for (path, text, _) in extras {
        rest.insert(path, text);
    }
    if plan.statics {
        for (rel, bytes) in &input.theme.static_files {
            rest.insert(rel.clone(), bytes.clone());
        }
    }
    if plan.assets {
        copy_assets(site, &mut rest)?;
    }
    if plan.snapshots {
        let mut snapshots = Output::default();
        crate::archive::publish_snapshots(&input.opts.root, &site.config, input.snapshots, &mut snapshots)?;
        for rel in snapshots.files.keys() {
            claims.claim(rel, Producer::Snapshot(site.config.archive_dir.join(rel.trim_start_matches("archive/"))));
        }
        rest.extend(snapshots);
    }
    claims.finish().map_err(BuildError::many)?;
    if !rest.files.is_empty() {
        sink(rest)?;
    }
    t.lap("rest");
    let mut warnings: Vec<String> = renderer
        .strings
        .missing()
        .into_iter()
        .map(|(lang, key)| {
            format!("UI string `{key}` is missing for language `{lang}`; using the default language (add it to i18n/{lang}.toml)")
        })
        .collect();
    warnings.extend(input.theme.warnings.iter().map(|w| w.to_string()));
    if input.opts.snapshot.is_none() {
        warnings.extend(site.config.placeholder_warning());
    }
    warnings.sort();
    Ok(RenderReport { warnings, extra_files })
}

/// Non-Markdown files of content/: beside their page in every language for
/// page bundles, at the same path otherwise.
fn copy_assets(site: &Site, output: &mut Output) -> Result<(), BuildError> {
    let mut errors = Vec::new();
    for (asset, targets) in asset_targets(site) {
        match std::fs::read(&asset.path) {
            Ok(bytes) => {
                for target in targets {
                    output.insert(target, bytes.clone());
                }
            }
            Err(e) => errors.push(SiteError::io(Path::new("content").join(&asset.rel), &e)),
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(BuildError::many(errors)) }
}

/// Where each asset goes in the output (see [`copy_assets`]): beside each
/// page of its bundle (one per language), else at its own path.
pub(crate) fn asset_targets(site: &Site) -> Vec<(&load::Asset, Vec<String>)> {
    // Bundle folder → its pages (one per language): each asset looks up its
    // own folder and its ancestors instead of scanning every page.
    let mut by_dir: BTreeMap<&str, Vec<&crate::model::Page>> = BTreeMap::new();
    for p in site.pages.iter().filter(|p| p.bundle) {
        by_dir.entry(p.dir.as_str()).or_default().push(p);
    }
    site.assets
        .iter()
        .map(|asset| {
            let mut targets = Vec::new();
            let mut dir = crate::model::parent_dir(&asset.rel);
            while !dir.is_empty() {
                for p in by_dir.get(dir).into_iter().flatten() {
                    targets.push(format!("{}{}", p.path, &asset.rel[p.dir.len() + 1..]));
                }
                dir = crate::model::parent_dir(dir);
            }
            (asset, if targets.is_empty() { vec![asset.rel.clone()] } else { targets })
        })
        .collect()
}
