//! The stages of the pipeline, from a site folder to an [`Output`]:
//! load → parse → model → markdown → commitments → plan → render (with the
//! search index) → sink (disk writer or memory).
//!
//! Each stage is a plain function. A full build ([`build`],
//! [`build_to_disk`]) calls them in order; the live rebuild
//! ([`crate::project::Project`], used by `annals serve` and `build --watch`)
//! calls the same functions on what changed and keeps their results between
//! batches. Only [`build_to_disk`] and a disk-backed project write to the
//! output folder.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

mod render;
mod timer;

pub(crate) use render::asset_targets;
pub use render::{RenderInput, RenderReport, render, render_with};
pub(crate) use timer::Timer;

use crate::archive::SnapshotOptions;
use crate::commitments::Ledger;
use crate::config::SiteConfig;
use crate::error::{BuildError, SiteError};
use crate::load;
use crate::model::{AssembleOptions, MdLabels, Parsed, Site, Sources, parse_file};
use crate::output::{DiskWriter, Output, Publish, check_output_dir};
use crate::plan::{Plan, SearchPlan};
use crate::render::theme::{self, Theme};
use crate::render::{PublishedSnapshot, compile_templates};

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

/// Everything read from disk, parsed but not yet modelled: after this stage
/// nothing but copying assets and snapshots reads the disk.
pub struct Inputs {
    pub config: SiteConfig,
    pub theme: Theme,
    pub parsed: Vec<Parsed>,
    pub assets: Vec<load::Asset>,
    /// Snapshots published from the archive folder (none when building one).
    pub snapshots: Vec<PublishedSnapshot>,
}

/// Load stage: site.toml, the theme, content/ and the list of snapshots;
/// every Markdown file is parsed.
pub fn load_inputs(opts: &BuildOptions) -> Result<Inputs, BuildError> {
    let t = Timer::new();
    let config = load_config(opts)?;
    let codes = config.language_codes();
    let loaded = load::load(&opts.root, &codes, &config.default_language).map_err(BuildError::many)?;
    t.lap("load");
    let theme = theme::load(&opts.root, &config.theme.name)?;
    let snapshots = load_snapshots(opts, &config);
    let parsed = parse_all(loaded.files)?;
    t.lap("parse");
    Ok(Inputs { config, theme, parsed, assets: loaded.assets, snapshots })
}

/// site.toml with the options that override it.
pub fn load_config(opts: &BuildOptions) -> Result<SiteConfig, BuildError> {
    let mut config = SiteConfig::load(&opts.root)?;
    if let Some(url) = &opts.base_url {
        config.base_url = if url.ends_with('/') { url.clone() } else { format!("{url}/") };
    }
    Ok(config)
}

/// The folder a build publishes into: `output`, else `output_dir` of
/// site.toml (relative to the root), checked by [`check_output_dir`] against
/// the site's sources and its archive folder (`archive` when site.toml
/// cannot be read: a broken site.toml still protects the default).
pub fn output_folder(root: &Path, output: Option<&Path>) -> Result<PathBuf, SiteError> {
    let config = SiteConfig::load(root);
    let out = match (output, &config) {
        (Some(o), _) => o.to_path_buf(),
        (None, Ok(c)) => root.join(&c.output_dir),
        (None, Err(e)) => return Err(e.clone()),
    };
    let archive = config.map(|c| c.archive_dir).unwrap_or_else(|_| PathBuf::from("archive"));
    check_output_dir(&out, root, &archive)
}

/// The snapshots to publish: those of the archive folder, none when the
/// build is itself a snapshot.
pub fn load_snapshots(opts: &BuildOptions, config: &SiteConfig) -> Vec<PublishedSnapshot> {
    if opts.snapshot.is_some() { Vec::new() } else { crate::archive::published_snapshots(&opts.root, config) }
}

/// Parse stage, in parallel; every file's errors are reported together.
pub fn parse_all(files: Vec<load::SourceFile>) -> Result<Vec<Parsed>, BuildError> {
    let results: Vec<Result<Parsed, SiteError>> = files.into_par_iter().map(parse_file).collect();
    let mut parsed = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(p) => parsed.push(p),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() { Ok(parsed) } else { Err(BuildError::many(errors)) }
}

/// Model stage: places every parsed file (URL, section, translations);
/// bodies are rendered by [`markdown`] next.
pub fn model(
    config: SiteConfig,
    parsed: Vec<Parsed>,
    assets: Vec<load::Asset>,
    opts: &BuildOptions,
) -> Result<Site, BuildError> {
    let t = Timer::new();
    let assemble = AssembleOptions { drafts: opts.drafts, up_to_year: opts.up_to_year };
    let mut site = Site::assemble_parsed(config, parsed, &assemble).map_err(BuildError::many)?;
    site.assets = assets;
    t.lap("model");
    Ok(site)
}

/// Markdown stage: renders every body against the complete URL map. Bodies
/// unchanged since `previous` are taken over from it; pass it only when no
/// URL changed (links could resolve differently otherwise). A full build
/// passes [`Sources::Drop`]: the sources are freed as they are rendered.
pub fn markdown(site: &mut Site, theme: &Theme, previous: Option<&Site>, sources: Sources) -> Result<(), BuildError> {
    let t = Timer::new();
    let strings = crate::render::Strings::new(theme.strings.clone(), site.default_lang());
    let labels =
        |lang: &str| MdLabels { redacted: strings.get(lang, "redacted"), anchor: strings.get(lang, "anchor_link") };
    site.render_markdown_reusing(&labels, previous, sources).map_err(BuildError::many)?;
    t.lap("markdown");
    Ok(())
}

/// Commitments stage: series, commitments and follow-ups, read from the
/// rendered bodies (so it runs right after [`markdown`], on every batch of a
/// live rebuild that re-ran it).
pub fn commitments(site: &Site) -> Result<Ledger, BuildError> {
    let t = Timer::new();
    let ledger = crate::commitments::analyze(site).map_err(BuildError::many)?;
    t.lap("commitments");
    Ok(ledger)
}

/// What the stages before templates return.
pub struct LoadedSite {
    /// The model, bodies rendered.
    pub site: Site,
    /// The commitments of its reports.
    pub ledger: Ledger,
    /// The theme, snapshots and configuration read with it.
    pub inputs: Inputs,
}

/// Load, parse, model, Markdown and commitments: everything before
/// templates. The Markdown sources are not kept (see [`Sources::Drop`]).
pub fn load_site(opts: &BuildOptions) -> Result<LoadedSite, BuildError> {
    let mut inputs = load_inputs(opts)?;
    let parsed = std::mem::take(&mut inputs.parsed);
    let assets = std::mem::take(&mut inputs.assets);
    let mut site = model(inputs.config.clone(), parsed, assets, opts)?;
    markdown(&mut site, &inputs.theme, None, Sources::Drop)?;
    let ledger = commitments(&site)?;
    Ok(LoadedSite { site, ledger, inputs })
}

/// What a full build renders from: the stages' results and freshly compiled templates.
fn render_input<'a>(
    site: &'a Site,
    ledger: &'a Ledger,
    inputs: &'a Inputs,
    opts: &'a BuildOptions,
) -> Result<RenderInput<'a>, BuildError> {
    let templates = compile_templates(site, &inputs.theme)?;
    Ok(RenderInput { site, ledger, theme: &inputs.theme, templates, snapshots: &inputs.snapshots, opts })
}

/// Builds the complete site in memory.
pub fn build(opts: &BuildOptions, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<Built, BuildError> {
    let start = Instant::now();
    let LoadedSite { site, ledger, inputs } = load_site(opts)?;
    let input = render_input(&site, &ledger, &inputs, opts)?;
    let mut output = Output::default();
    let warnings = render(&input, &Plan::all(input.renderer().all_jobs()), progress, &mut |part: Output| {
        output.extend(part);
        Ok(())
    })?
    .warnings;
    let summary = Summary::of(&site, output.files.len(), start, warnings);
    Ok(Built { output, summary })
}

impl Summary {
    /// `Built 12 pages, … into output (40 files) in 0.31 s`.
    pub fn describe(&self, dir: &Path) -> String {
        format!(
            "Built {} pages, {} sections, {} languages into {} ({} files) in {:.2} s",
            self.pages,
            self.sections,
            self.languages,
            dir.display(),
            self.files,
            self.seconds
        )
    }

    pub(crate) fn of(site: &Site, files: usize, start: Instant, warnings: Vec<String>) -> Summary {
        Summary {
            pages: site.pages.len(),
            sections: site.sections.iter().filter(|s| s.file.is_some()).count(),
            languages: site.languages.len(),
            files,
            seconds: start.elapsed().as_secs_f64(),
            warnings,
        }
    }
}

/// Builds the site straight into `dir`, atomically: the search index and
/// then the pages are written to a temporary folder as they are produced and
/// swapped in when all is done.
///
/// Memory: the Markdown sources are freed as they are rendered, bodies and
/// search text are held packed together ([`crate::packed`]), and the index
/// stage runs first and streams each language's files out.
pub fn build_to_disk(
    opts: &BuildOptions,
    dir: &Path,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Summary, BuildError> {
    let start = Instant::now();
    let LoadedSite { site, ledger, inputs } = load_site(opts)?;
    let t = Timer::new();
    let mut writer = DiskWriter::begin(dir, Publish::Output)?;
    t.lap("output folder");
    let t = Timer::new();
    let mut files = 0usize;
    let mut put = |part: Output| {
        files += part.files.len();
        writer.put(&part).map_err(BuildError::from)
    };
    let index_files = crate::index::index_site_into(&site, &ledger, &mut put)?;
    t.lap("search index");
    let input = render_input(&site, &ledger, &inputs, opts)?;
    let plan = Plan { search: SearchPlan::Written(index_files), ..Plan::all(input.renderer().all_jobs()) };
    let warnings = render(&input, &plan, progress, &mut put)?.warnings;
    let t = Timer::new();
    writer.finish()?;
    t.lap("swap");
    Ok(Summary::of(&site, files, start, warnings))
}

/// `annals snapshot <year>`: builds the site as it stood, limited to that
/// year, and freezes it into the archive folder; returns the folder and the
/// number of files.
pub fn take_snapshot(opts: &SnapshotOptions) -> Result<(PathBuf, usize), BuildError> {
    let config = SiteConfig::load(&opts.root)?;
    let frozen = crate::archive::prepare_snapshot(opts, &config)?;
    let build_opts = BuildOptions {
        root: opts.root.clone(),
        base_url: Some(frozen.base_url.clone()),
        drafts: opts.drafts,
        index_links: true,
        up_to_year: Some(opts.year),
        snapshot: Some(frozen.info.clone()),
    };
    let built = build(&build_opts, &|_, _| {})?;
    let count = crate::archive::write_snapshot(&frozen, opts, built.output)?;
    Ok((frozen.dir, count))
}
