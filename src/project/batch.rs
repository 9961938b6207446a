//! What one batch of a live rebuild is made of: the changes it applies, what
//! applying them did, and the load and parse stages for the content files
//! it names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::SiteConfig;
use crate::error::BuildError;
use crate::load;
use crate::model::{Parsed, parse_file};

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
    /// How the model was brought up to date.
    pub model: ModelUpdate,
    /// The search index of these languages is stale until `update_search`.
    pub search_pending: Vec<String>,
    /// List pages left to render after the reload ([`super::Project::defer_lists`]).
    pub deferred: Option<super::Deferred>,
    pub seconds: f64,
}

/// How a batch brought the model up to date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ModelUpdate {
    /// Nothing the model is made of changed (static files only).
    #[default]
    Kept,
    /// Only page bodies (or summaries) changed: the previous model with the
    /// new bodies ([`crate::model::BodyEdit`]).
    Bodies,
    /// Bodies, summaries and titles changed: the previous model with them
    /// put in; lists are made again, since a title orders pages of one date.
    Retitled,
    /// Assembled again from every kept parse result.
    Assembled,
    /// Everything was rebuilt (site.toml, UI strings, the archive, a folder).
    Rebuilt,
}

/// The content files of one batch, read and parsed.
pub(super) struct ContentRead {
    /// The parsed files after the batch.
    pub(super) parsed: BTreeMap<String, Arc<Parsed>>,
    /// Markdown files changed, relative to content/.
    pub(super) touched: BTreeSet<String>,
    /// Non-Markdown files of content/ changed.
    pub(super) assets: bool,
    /// A folder was added, moved or removed: only a full walk can tell what changed.
    pub(super) rescan: bool,
}

/// The load and parse stages for the content files of one batch: `parsed`
/// (the kept parse results) with those files read again.
pub(super) fn read_content(
    root: &Path,
    config: &SiteConfig,
    parsed: &BTreeMap<String, Arc<Parsed>>,
    paths: &[&PathBuf],
) -> Result<ContentRead, BuildError> {
    let content_dir = root.join("content");
    let codes = config.language_codes();
    let mut read = ContentRead { parsed: parsed.clone(), touched: BTreeSet::new(), assets: false, rescan: false };
    let mut errors = Vec::new();
    for path in paths {
        let abs = if path.is_absolute() { (*path).clone() } else { root.join(path) };
        let Ok(rel_path) = abs.strip_prefix(&content_dir) else { continue };
        let rel = load::rel_slash(rel_path);
        if abs.is_dir() || rel.split('/').any(load::is_ignored_name) {
            // A new or moved folder: its files arrive as their own events,
            // but a moved tree may not; rescan to be sure.
            read.rescan = true;
            return Ok(read);
        }
        if !rel.ends_with(".md") {
            read.assets = true;
            continue;
        }
        read.touched.insert(rel.clone());
        if !exists(&abs) {
            read.parsed.remove(&rel);
            continue;
        }
        match load::read_source(root, rel.clone(), &codes, &config.default_language).and_then(parse_file) {
            Ok(p) => {
                read.parsed.insert(rel, Arc::new(p));
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() { Ok(read) } else { Err(BuildError::many(errors)) }
}

fn exists(path: &Path) -> bool {
    path.symlink_metadata().is_ok()
}
