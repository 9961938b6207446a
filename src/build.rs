//! The whole pipeline, from a site folder to an [`Output`].
//!
//! `annals build` writes the result to disk; `annals serve` keeps it in memory
//! and re-runs parts of it. Nothing here touches the output folder.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::SiteConfig;
use crate::error::{BuildError, SiteError};
use crate::load;
use rayon::prelude::*;

use crate::model::{AssembleOptions, MdLabels, Parsed, Site, parse_file};
use crate::output::Output;
use crate::output::claims::{Claims, Producer};
use crate::render::{RenderOptions, Renderer, theme};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Links name `index.html`, for browsing from disk.
    pub index_links: bool,
    /// Keep only content up to this year (snapshots).
    pub up_to_year: Option<i32>,
    pub snapshot: Option<crate::render::SnapshotInfo>,
}

#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub pages: usize,
    pub sections: usize,
    pub languages: usize,
    pub files: usize,
    pub seconds: f64,
    pub warnings: Vec<String>,
}

pub struct Built {
    pub output: Output,
    pub summary: Summary,
}

/// Everything read from disk, parsed but not yet modelled.
pub struct Inputs {
    pub config: SiteConfig,
    pub theme: theme::Theme,
    pub parsed: Vec<Parsed>,
    pub assets: Vec<load::Asset>,
}

/// Reads site.toml, the theme and content/, and parses every file.
pub fn load_inputs(opts: &BuildOptions) -> Result<Inputs, BuildError> {
    let root = &opts.root;
    let t = Timer::new();
    let mut config = SiteConfig::load(root)?;
    if let Some(url) = &opts.base_url {
        config.base_url = if url.ends_with('/') { url.clone() } else { format!("{url}/") };
    }
    let codes = config.language_codes();
    let loaded = load::load(root, &codes, &config.default_language).map_err(BuildError::many)?;
    t.lap("load");
    let theme = theme::load(root, &config.theme)?;
    let results: Vec<Result<Parsed, SiteError>> = loaded.files.into_par_iter().map(parse_file).collect();
    let mut parsed = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(p) => parsed.push(p),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(BuildError::many(errors));
    }
    t.lap("parse");
    Ok(Inputs { config, theme, parsed, assets: loaded.assets })
}

/// The model with every body rendered, from parsed inputs.
pub fn model(
    config: SiteConfig,
    theme: &theme::Theme,
    parsed: Vec<Parsed>,
    assets: Vec<load::Asset>,
    opts: &BuildOptions,
) -> Result<Site, BuildError> {
    let t = Timer::new();
    let assemble = AssembleOptions { drafts: opts.drafts, up_to_year: opts.up_to_year };
    let mut site = Site::assemble_parsed(config, parsed, &assemble).map_err(BuildError::many)?;
    t.lap("model");
    let strings = crate::render::Strings::new(theme.strings.clone(), site.default_lang());
    site.render_markdown(&|lang: &str| MdLabels {
        redacted: strings.get(lang, "redacted"),
        anchor: strings.get(lang, "anchor_link"),
    })
    .map_err(BuildError::many)?;
    t.lap("markdown");
    site.assets = assets;
    Ok(site)
}

/// Loads, parses and models the site: everything before templates.
pub fn load_site(opts: &BuildOptions) -> Result<(Site, theme::Theme), BuildError> {
    let inputs = load_inputs(opts)?;
    let site = model(inputs.config, &inputs.theme, inputs.parsed, inputs.assets, opts)?;
    Ok((site, inputs.theme))
}

/// Builds the complete site in memory.
pub fn build(opts: &BuildOptions, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<Built, BuildError> {
    let start = Instant::now();
    let (site, theme) = load_site(opts)?;
    let (output, warnings) = render_site(&site, &theme, opts, progress)?;
    let summary = Summary {
        pages: site.pages.len(),
        sections: site.sections.iter().filter(|s| s.file.is_some()).count(),
        languages: site.languages.len(),
        files: output.files.len(),
        seconds: start.elapsed().as_secs_f64(),
        warnings,
    };
    Ok(Built { output, summary })
}

/// Renders a modelled site into output files; returns them with the build warnings.
pub fn render_site(
    site: &Site,
    theme: &theme::Theme,
    opts: &BuildOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(Output, Vec<String>), BuildError> {
    let mut output = Output::default();
    let warnings = render_into(site, theme, opts, progress, &mut |part: Output| {
        output.extend(part);
        Ok(())
    })?;
    Ok((output, warnings))
}

/// Jobs rendered per piece handed to the sink: bounds memory on large sites.
const JOBS_PER_PIECE: usize = 2048;

/// Renders a modelled site piece by piece into `sink` (memory or disk);
/// returns the build warnings. The search index is built alongside the pages.
pub fn render_into(
    site: &Site,
    theme: &theme::Theme,
    opts: &BuildOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
    sink: &mut (dyn FnMut(Output) -> Result<(), BuildError> + Send),
) -> Result<Vec<String>, BuildError> {
    let snapshots = if opts.snapshot.is_some() {
        Vec::new()
    } else {
        crate::archive::published_snapshots(&opts.root, &site.config)
    };
    let renderer = Renderer::new(
        site,
        theme,
        RenderOptions { index_links: opts.index_links, snapshot: opts.snapshot.clone(), snapshots },
    )?;
    let jobs = renderer.all_jobs();
    // Every path this build writes is claimed before anything is rendered.
    let mut claims = Claims::default();
    claims.claim(crate::output::MARKER, Producer::Machine("output marker"));
    for job in &jobs {
        claims.claim(&crate::render::urls::file_of(&renderer.job_path(job)), renderer.job_producer(job));
    }
    let extras = renderer.extras();
    for (path, _, producer) in &extras {
        claims.claim(path, producer.clone());
    }
    for rel in theme.static_files.keys() {
        claims.claim(rel, Producer::Static(rel.clone()));
    }
    let assets = asset_targets(site);
    for (target, asset) in &assets {
        claims.claim(target, Producer::Asset(Path::new("content").join(&asset.rel)));
    }
    claims.finish().map_err(BuildError::many)?;
    let total = jobs.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let tick = || {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if n.is_multiple_of(64) || n == total {
            progress(n, total);
        }
    };
    let t = Timer::new();
    let (index, pages) = rayon::join(
        || {
            let t = Timer::new();
            let index = crate::search::index_site(site);
            t.lap("search index");
            index
        },
        || -> Result<(), BuildError> {
            // Piece N is written while piece N+1 renders.
            let mut rendered: Option<Output> = None;
            for piece in jobs.chunks(JOBS_PER_PIECE) {
                let previous = rendered.take();
                let (written, next) = rayon::join(
                    || previous.map(&mut *sink).unwrap_or(Ok(())),
                    || renderer.render_jobs(piece, &tick).map_err(BuildError::many),
                );
                written?;
                rendered = Some(next?);
            }
            rendered.map(&mut *sink).unwrap_or(Ok(()))
        },
    );
    pages?;
    t.lap("pages+index");
    let mut rest = Output::default();
    for (path, text, _) in extras {
        rest.insert(path, text);
    }
    for rel in index.files.keys() {
        claims.claim(rel, Producer::Machine("search index"));
    }
    rest.extend(index);
    for (rel, bytes) in &theme.static_files {
        rest.insert(rel.clone(), bytes.clone());
    }
    copy_asset_files(&assets, &mut rest)?;
    if opts.snapshot.is_none() {
        let mut snapshots = Output::default();
        crate::archive::publish_snapshots(&opts.root, &site.config, &mut snapshots)?;
        for rel in snapshots.files.keys() {
            claims.claim(rel, Producer::Snapshot(site.config.archive_dir.join(rel.trim_start_matches("archive/"))));
        }
        rest.extend(snapshots);
    }
    claims.finish().map_err(BuildError::many)?;
    sink(rest)?;
    t.lap("rest");
    let mut warnings: Vec<String> = renderer
        .strings
        .missing()
        .into_iter()
        .map(|(lang, key)| {
            format!("UI string `{key}` is missing for language `{lang}`; using the default language (add it to i18n/{lang}.toml)")
        })
        .collect();
    warnings.sort();
    Ok(warnings)
}

/// Builds the site straight into `dir`, atomically: pages are written to a
/// temporary folder as they are rendered and swapped in when all is done.
pub fn build_to_disk(
    opts: &BuildOptions,
    dir: &Path,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Summary, BuildError> {
    let start = Instant::now();
    let (mut site, theme) = load_site(opts)?;
    // The Markdown sources are rendered by now and not needed again here.
    for p in &mut site.pages {
        p.body = std::sync::Arc::from("");
    }
    for s in &mut site.sections {
        s.body = std::sync::Arc::from("");
    }
    let mut writer = crate::output::DiskWriter::begin(dir, crate::output::Publish::Output)?;
    let mut files = 0usize;
    let warnings = render_into(&site, &theme, opts, progress, &mut |part: Output| {
        files += part.files.len();
        writer.put(&part).map_err(BuildError::from)
    })?;
    let t = Timer::new();
    writer.finish()?;
    t.lap("swap");
    Ok(Summary {
        pages: site.pages.len(),
        sections: site.sections.iter().filter(|s| s.file.is_some()).count(),
        languages: site.languages.len(),
        files,
        seconds: start.elapsed().as_secs_f64(),
        warnings,
    })
}

/// Non-Markdown files of content/: beside their page in every language for
/// page bundles, at the same path otherwise.
pub(crate) fn copy_assets(site: &Site, output: &mut Output) -> Result<(), BuildError> {
    copy_asset_files(&asset_targets(site), output)
}

/// Where each asset of content/ goes in the output (a bundle's file once per
/// language of the bundle).
fn asset_targets(site: &Site) -> Vec<(String, &load::Asset)> {
    let mut out = Vec::new();
    for asset in &site.assets {
        let dir = crate::model::parent_dir(&asset.rel);
        let bundles: Vec<&crate::model::Page> = site
            .pages
            .iter()
            .filter(|p| p.bundle && (dir == p.dir || dir.starts_with(&format!("{}/", p.dir))))
            .collect();
        if bundles.is_empty() {
            out.push((asset.rel.clone(), asset));
        } else {
            for p in bundles {
                let rest = &asset.rel[p.dir.len() + 1..];
                out.push((format!("{}{rest}", p.path), asset));
            }
        }
    }
    out
}

fn copy_asset_files(targets: &[(String, &load::Asset)], output: &mut Output) -> Result<(), BuildError> {
    let mut errors = Vec::new();
    for (target, asset) in targets {
        match std::fs::read(&asset.path) {
            Ok(b) => output.insert(target.clone(), b),
            Err(e) => errors.push(SiteError::io(Path::new("content").join(&asset.rel), &e)),
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(BuildError::many(errors)) }
}

/// Phase timings on stderr when `ANNALS_TIMINGS` is set (for benchmarks).
pub(crate) struct Timer {
    last: std::cell::Cell<Instant>,
    on: bool,
}

impl Timer {
    pub(crate) fn new() -> Timer {
        Timer { last: std::cell::Cell::new(Instant::now()), on: std::env::var_os("ANNALS_TIMINGS").is_some() }
    }

    pub(crate) fn lap(&self, what: &str) {
        if self.on {
            let now = Instant::now();
            eprintln!("timing: {what:<14} {:>8.1} ms", (now - self.last.get()).as_secs_f64() * 1000.0);
            self.last.set(now);
        }
    }
}
