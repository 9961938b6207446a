//! A site kept in memory between builds, for `annals serve` and `build --watch`.
//!
//! [`Project::open`] builds everything once; [`Project::apply`] takes the
//! classified file changes of one debounced batch and brings the in-memory
//! output up to date, reporting which output paths changed so the server can
//! decide between a stylesheet swap and a page reload.

use std::path::PathBuf;

use crate::build::{BuildOptions, build};
use crate::error::BuildError;
use crate::output::Output;

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
    pub seconds: f64,
}

pub struct Project {
    pub opts: BuildOptions,
    output: Output,
}

impl Project {
    pub fn open(opts: BuildOptions) -> Result<Project, BuildError> {
        let built = build(&opts, &|_, _| {})?;
        Ok(Project {
            opts,
            output: built.output,
        })
    }

    pub fn output(&self) -> &Output {
        &self.output
    }

    /// Brings the output up to date. On error the previous output is kept.
    pub fn apply(&mut self, changes: &[Change]) -> Result<Applied, BuildError> {
        let start = std::time::Instant::now();
        let built = build(&self.opts, &|_, _| {})?;
        let changed = diff(&self.output, &built.output);
        let css_only = !changed.is_empty()
            && changed.iter().all(|p| p.ends_with(".css"))
            && changes.iter().all(|c| matches!(c, Change::Static(_)));
        self.output = built.output;
        Ok(Applied {
            changed,
            css_only,
            seconds: start.elapsed().as_secs_f64(),
        })
    }
}

/// Paths whose bytes differ between two outputs, including added and removed ones.
pub fn diff(old: &Output, new: &Output) -> Vec<String> {
    let mut out: Vec<String> = new
        .files
        .iter()
        .filter(|(k, v)| old.files.get(*k) != Some(v))
        .map(|(k, _)| k.clone())
        .collect();
    out.extend(
        old.files
            .keys()
            .filter(|k| !new.files.contains_key(*k))
            .cloned(),
    );
    out.sort();
    out
}
