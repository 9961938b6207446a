//! What a project keeps between batches, and the full build that makes it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::build::{self, BuildOptions, RenderInput};
use crate::commitments::Ledger;
use crate::error::BuildError;
use crate::model::{Parsed, Site, Sources, UrlEntry};
use crate::plan::Plan;
use crate::render::relations::MentionScan;
use crate::render::theme::Theme;
use crate::render::{Job, PublishedSnapshot, SiteLists, Templates, compile_templates};

use super::target::{self, Target};

/// What the stages returned last time, kept for the next batch.
pub(super) struct State {
    pub(super) theme: Theme,
    /// Parsed content files by path relative to content/.
    pub(super) parsed: BTreeMap<String, Arc<Parsed>>,
    pub(super) snapshots: Vec<PublishedSnapshot>,
    pub(super) site: Site,
    /// The commitments of `site`'s reports.
    pub(super) ledger: Ledger,
    pub(super) templates: Templates,
    /// The mention index of `site`, and the reports it read.
    pub(super) mentions: MentionScan,
    /// The site-wide lists of `site`, once a batch has built them.
    pub(super) lists: Option<SiteLists>,
    pub(super) url_map: Vec<UrlEntry>,
    /// Every job of `site`, kept while the model keeps its pages, lists and
    /// commitments (100,000 pages: 40 ms to list again).
    pub(super) all_jobs: Arc<Vec<Job>>,
    /// Output files of the last render's jobs (to find pages that disappear).
    pub(super) job_files: Arc<BTreeSet<String>>,
    /// Output files of the content assets.
    pub(super) asset_files: BTreeSet<String>,
    /// Sitemap, feeds, alias redirects and robots.txt (to find redirects
    /// and feeds that disappear).
    pub(super) extra_files: BTreeSet<String>,
}

/// Parts of the kept state a batch replaced.
#[derive(Default)]
pub(super) struct Replaced {
    pub(super) site: Option<Site>,
    pub(super) parsed: BTreeMap<String, Arc<Parsed>>,
}

impl Replaced {
    pub(super) fn free_in_background(self) {
        // Should no thread start, the closure and all it holds is freed here.
        let _ = std::thread::Builder::new().name("annals-free".into()).spawn(move || drop(self));
    }
}

/// Every stage on every file, into `target`; returns what a live rebuild keeps.
pub(super) fn full_build(
    opts: &BuildOptions,
    target: &mut Target,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(State, target::Written), BuildError> {
    let mut inputs = build::load_inputs(opts)?;
    let t = build::Timer::new();
    let parsed_files = std::mem::take(&mut inputs.parsed);
    let parsed: BTreeMap<String, Arc<Parsed>> =
        parsed_files.iter().map(|p| (p.src.rel.clone(), Arc::new(p.clone()))).collect();
    let assets = std::mem::take(&mut inputs.assets);
    let mut site = build::model(inputs.config, parsed_files, assets, opts)?;
    build::markdown(&mut site, &inputs.theme, None, Sources::Keep)?;
    let ledger = build::commitments(&site)?;
    let templates = compile_templates(&site, &inputs.theme)?;
    let input = RenderInput {
        site: &site,
        ledger: &ledger,
        theme: &inputs.theme,
        templates: templates.clone(),
        snapshots: &inputs.snapshots,
        opts,
    };
    let renderer = input.renderer();
    let all_jobs = Arc::new(renderer.all_jobs());
    let job_files = Arc::new(all_jobs.iter().map(|j| crate::render::urls::file_of(&renderer.job_path(j))).collect());
    let (mentions, lists) = (renderer.scan_mentions(), renderer.site_lists());
    drop(renderer);
    let mut written = target.replace(&input, &Plan::all(all_jobs.to_vec()), progress)?;
    let asset_files = build::asset_targets(&site).into_iter().flat_map(|(_, targets)| targets).collect();
    let state = State {
        mentions,
        lists: Some(lists),
        url_map: site.url_map(),
        theme: inputs.theme,
        parsed,
        snapshots: inputs.snapshots,
        site,
        ledger,
        templates,
        all_jobs,
        job_files,
        asset_files,
        extra_files: written.report.extra_files.take().unwrap_or_default(),
    };
    t.lap("state kept");
    Ok((state, written))
}
