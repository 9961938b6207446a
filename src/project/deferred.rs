//! List pages rendered after the reload (`annals serve`).
//!
//! Why: on a large site a title edit reaches pages that list every report
//! of a topic, a year or a section: at 100,000 pages two topic pages of
//! 15 MB each and two lists of 3 MB, most of such a rebuild (340–450 of
//! 720–800 ms), while the page the editor looks at is a few kilobytes.
//! Rendered after the reload, the edit reloads in 245 ms instead of 793 ms
//! (`bench/serve_bench.sh`, `EDIT=title`). With
//! [`Project::defer_lists`] on, [`Project::apply`] renders and merges the
//! other pages of the plan and hands the lists back as a [`Deferred`]; the
//! server tells the browser to reload, then renders them
//! ([`Project::render_deferred`], needing only read access, so pages keep
//! being served) and merges them ([`Project::merge_deferred`]). Until then
//! it holds back any request for one of [`Deferred::files`], so no page
//! served after a reload is stale: the list pages only come later, never
//! out of date. This is the order Hugo's fast render mode follows, without
//! its staleness. `build --watch` and the tests of incremental output render
//! everything at once (the default).

use crate::build::{self, BuildOptions, RenderInput};
use crate::error::BuildError;
use crate::output::Output;
use crate::plan::Plan;
use crate::render::Job;

use super::Project;

/// List pages of a batch, rendered after the rest of it.
#[derive(Debug, Clone, Default)]
pub struct Deferred {
    jobs: Vec<Job>,
    /// Their output files, site-relative.
    files: Vec<String>,
}

impl Deferred {
    /// The output files that are stale until [`Project::merge_deferred`].
    pub fn files(&self) -> &[String] {
        &self.files
    }
}

/// Pages that list other pages: the ones that grow with the site.
fn is_list(job: &Job) -> bool {
    matches!(job, Job::Section(_) | Job::Topics(_) | Job::Topic(..) | Job::Year(..) | Job::Archive(_))
}

/// Takes the list pages out of `jobs` (none when `defer` is off).
pub(super) fn split(defer: bool, jobs: &mut Vec<Job>, file_of: impl Fn(&Job) -> String) -> Option<Deferred> {
    if !defer || !jobs.iter().any(is_list) {
        return None;
    }
    let (later, now): (Vec<Job>, Vec<Job>) = std::mem::take(jobs).into_iter().partition(is_list);
    *jobs = now;
    let files = later.iter().map(file_of).collect();
    Some(Deferred { jobs: later, files })
}

impl Project {
    /// Whether [`Project::apply`] leaves list pages to [`Project::render_deferred`]
    /// (off unless turned on; `annals serve` turns it on).
    pub fn defer_lists(&mut self, on: bool) {
        self.defer = on;
    }

    /// Renders the list pages an [`Applied`](super::Applied) left over, from
    /// the project as that batch left it.
    pub fn render_deferred(&self, deferred: &Deferred) -> Result<Output, BuildError> {
        let state = &self.state;
        let opts: &BuildOptions = &self.opts;
        let input = RenderInput {
            site: &state.site,
            ledger: &state.ledger,
            theme: &state.theme,
            templates: state.templates.clone(),
            snapshots: &state.snapshots,
            opts,
        };
        let renderer = input.renderer();
        if let Some(lists) = &state.lists {
            renderer.use_lists(lists.clone());
        }
        renderer.use_mentions(state.mentions.index.clone());
        let plan = Plan { jobs: deferred.jobs.clone(), ..Plan::none() };
        let mut out = Output::default();
        build::render_with(&renderer, &input, &plan, &|_, _| {}, &mut |part: Output| {
            out.extend(part);
            Ok(())
        })?;
        Ok(out)
    }

    /// Puts the rendered list pages in place; returns the files that changed.
    pub fn merge_deferred(&mut self, out: Output) -> Result<Vec<String>, BuildError> {
        self.target.merge(out, &Default::default())
    }
}
