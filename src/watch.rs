//! Watching a site folder, for `annals serve` and `annals build --watch`.
//!
//! Editors save files in many ways: in place, by writing a temporary file and
//! renaming it over the original, by deleting and recreating, with backup and
//! swap files beside the original (`.x.md.swp`, `x.md~`, Vim's `4913` probe).
//! Reacting to raw file-system events would rebuild several times per save,
//! sometimes while the file is half written. So events are debounced
//! (notify-debouncer-full, which also pairs the two halves of a rename), then
//! reduced to the paths they name, and every path is classified by where it
//! lives into a [`Change`]. Paths with any component that
//! [`is_ignored_name`](crate::load::is_ignored_name) rejects are dropped, so a
//! temporary file never triggers a build but the rename that replaces the real
//! file does; a rename or move counts as a change of both its old and its new
//! path. Classification is by name only: a deleted file cannot be inspected.
//!
//! Only the folders a build reads are watched (content/, themes/, templates/,
//! static/, i18n/ and the archive folder), recursively, plus the site root
//! itself without recursion (for site.toml and for those folders appearing
//! later). Watching the whole root would also watch output/, which `build
//! --watch` rewrites, and whatever else lives there (node_modules, .git).
//!
//! Paths in a [`Change`] are relative to the site root (`content/a/x.md`),
//! as in error messages. A change naming a folder means anything under it may
//! have been added, moved or removed.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::build::BuildOptions;
use crate::config::SiteConfig;
use crate::error::format_error;
use crate::load::is_ignored_name;
use crate::project::{Change, Project};

/// Quiet time after the last event on a path before it is reported.
const DEBOUNCE: Duration = Duration::from_millis(40);
/// Further quiet time before a batch is closed: the debouncer reports each
/// path on its own schedule, and one save of several files should be one build.
const SETTLE: Duration = Duration::from_millis(30);

/// Folders of the site root that the build reads.
const SOURCE_DIRS: [&str; 5] = ["content", "themes", "templates", "static", "i18n"];

/// Where things are in a site, for classifying paths.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    root: PathBuf,
    output: PathBuf,
    archive: PathBuf,
}

impl Layout {
    /// Reads the output and archive folders from site.toml (defaults when it
    /// cannot be read: a broken site.toml must not stop the watching).
    pub(crate) fn new(root: &Path) -> Layout {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let (output, archive) = match SiteConfig::load(&root) {
            Ok(c) => (c.output_dir, c.archive_dir),
            Err(_) => (PathBuf::from("output"), PathBuf::from("archive")),
        };
        let output = lexical(&root.join(output));
        let archive = lexical(&root.join(archive));
        Layout { root, output, archive }
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// The folders to watch recursively.
    fn source_dirs(&self) -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = SOURCE_DIRS.iter().map(|d| self.root.join(d)).collect();
        dirs.push(self.archive.clone());
        dirs
    }

    /// What a changed path means for the build, or `None` when it does not matter.
    pub(crate) fn classify(&self, path: &Path) -> Option<Change> {
        let path = lexical(path);
        if path.starts_with(&self.output) {
            return None;
        }
        if let Ok(rest) = path.strip_prefix(&self.archive) {
            if has_ignored(rest) {
                return None;
            }
            let rel = path.strip_prefix(&self.root).map(Path::to_path_buf).unwrap_or_else(|_| path.clone());
            return Some(Change::Archive(rel));
        }
        let rel = path.strip_prefix(&self.root).ok()?;
        if has_ignored(rel) {
            return None;
        }
        let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().to_string()).collect();
        let rel = rel.to_path_buf();
        match parts.first().map(String::as_str)? {
            "site.toml" if parts.len() == 1 => Some(Change::Config),
            "content" => Some(Change::Content(rel)),
            "templates" => Some(Change::Template(rel)),
            "static" => Some(Change::Static(rel)),
            "i18n" => Some(Change::Strings(rel)),
            // themes/<name>/<kind>/…; anything else in a theme counts as templates.
            "themes" => Some(match parts.get(2).map(String::as_str) {
                Some("static") => Change::Static(rel),
                Some("i18n") => Change::Strings(rel),
                _ => Change::Template(rel),
            }),
            _ => None,
        }
    }
}

fn has_ignored(rel: &Path) -> bool {
    rel.components().any(|c| matches!(c, Component::Normal(n) if is_ignored_name(&n.to_string_lossy())))
}

/// Resolves `.` and `..` without touching the disk (a deleted path cannot be canonicalized).
fn lexical(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// A running watcher: [`Watch::next_batch`] blocks until something changed.
pub(crate) struct Watch {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    rx: Receiver<DebounceEventResult>,
    layout: Layout,
    watched: BTreeSet<PathBuf>,
}

impl Watch {
    pub(crate) fn start(root: &Path) -> anyhow::Result<Watch> {
        let (tx, rx) = channel();
        let debouncer = new_debouncer(DEBOUNCE, None, tx)?;
        let layout = Layout::new(root);
        let mut watch = Watch { debouncer, rx, layout, watched: BTreeSet::new() };
        watch
            .debouncer
            .watch(&watch.layout.root, RecursiveMode::NonRecursive)
            .map_err(|e| anyhow::anyhow!("cannot watch {}: {e}", watch.layout.root.display()))?;
        watch.refresh_watches();
        Ok(watch)
    }

    pub(crate) fn root(&self) -> &Path {
        self.layout.root()
    }

    /// Watches source folders that appeared and forgets those that vanished
    /// (a folder deleted and created again needs a new watch).
    fn refresh_watches(&mut self) {
        for dir in self.layout.source_dirs() {
            let exists = dir.is_dir();
            let known = self.watched.contains(&dir);
            if exists && !known {
                match self.debouncer.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(dir);
                    }
                    Err(e) => eprintln!("warning: cannot watch {}: {e}", dir.display()),
                }
            } else if !exists && known {
                let _ = self.debouncer.unwatch(&dir);
                self.watched.remove(&dir);
            }
        }
    }

    /// Blocks until at least one relevant change happened, then gathers the
    /// changes that follow closely. `None` when the watcher has stopped.
    pub(crate) fn next_batch(&mut self) -> Option<Vec<Change>> {
        let mut changes = BTreeSet::new();
        loop {
            let first = self.rx.recv().ok()?;
            self.absorb(first, &mut changes);
            let deadline = Instant::now() + Duration::from_secs(2);
            loop {
                match self.rx.recv_timeout(SETTLE) {
                    Ok(more) => self.absorb(more, &mut changes),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
                if Instant::now() > deadline {
                    break;
                }
            }
            self.refresh_watches();
            if changes.contains(&Change::Config) {
                self.layout = Layout::new(&self.layout.root);
                self.refresh_watches();
            }
            if !changes.is_empty() {
                return Some(changes.into_iter().collect());
            }
        }
    }

    fn absorb(&self, result: DebounceEventResult, changes: &mut BTreeSet<Change>) {
        let events = match result {
            Ok(events) => events,
            Err(errors) => {
                for e in errors {
                    eprintln!("warning: file watching: {e}");
                }
                return;
            }
        };
        for event in events {
            if event.need_rescan() {
                // The kernel dropped events: rebuild everything.
                changes.insert(Change::Config);
                continue;
            }
            if matches!(event.kind, EventKind::Access(_)) {
                continue;
            }
            changes.extend(event.paths.iter().filter_map(|p| self.layout.classify(p)));
        }
    }
}

/// `annals build --watch`: builds into `dir`, then after every change batch
/// applies it incrementally to the files there (the same live rebuild as
/// `annals serve`, with the output on disk). A failed build prints its errors
/// and the watching goes on; the output keeps the last good build.
///
/// `output_dir` names the output folder; it is asked again whenever
/// site.toml changes (which rebuilds everything anyway).
pub fn watch_build(
    opts: BuildOptions,
    output_dir: &dyn Fn() -> anyhow::Result<PathBuf>,
    quiet: bool,
) -> anyhow::Result<()> {
    // The watcher starts first, so an edit made during the first build is not lost.
    let mut watch = Watch::start(&opts.root)?;
    let open = |opts: &BuildOptions| -> Option<Project> {
        let dir = match output_dir() {
            Ok(dir) => dir,
            Err(e) => {
                eprintln!("{}", format_error(&e));
                return None;
            }
        };
        match Project::open_on_disk(opts.clone(), dir.clone(), &|_, _| {}) {
            Ok((project, summary)) => {
                if !quiet {
                    for w in &summary.warnings {
                        eprintln!("warning: {w}");
                    }
                    eprintln!("{}", summary.describe(&dir));
                }
                Some(project)
            }
            Err(e) => {
                eprintln!("{}", format_error(&e.into()));
                None
            }
        }
    };
    let mut project = open(&opts);
    eprintln!("Watching {} for changes (Ctrl-C to stop)", watch.root().display());
    while let Some(changes) = watch.next_batch() {
        if changes.contains(&Change::Config) {
            project = None; // the output folder may have moved
        }
        let Some(p) = project.as_mut() else {
            project = open(&opts);
            continue;
        };
        let start = Instant::now();
        let result = p.apply(&changes).and_then(|applied| {
            let pages = start.elapsed();
            p.update_search().map(|_| (applied, pages))
        });
        match result {
            Ok((applied, pages)) if !quiet => eprintln!(
                "rebuilt in {} ms (pages {} ms, search index {} ms): {} files changed, {}",
                start.elapsed().as_millis(),
                pages.as_millis(),
                (start.elapsed() - pages).as_millis(),
                applied.changed.len(),
                describe(&changes)
            ),
            Ok(_) => {}
            Err(e) => eprintln!("{}", format_error(&e.into())),
        }
    }
    Ok(())
}

/// `3 changes (content/a.md, …)` for the terminal.
pub(crate) fn describe(changes: &[Change]) -> String {
    let names: Vec<String> = changes
        .iter()
        .take(3)
        .map(|c| match c {
            Change::Config => "site.toml".to_string(),
            Change::Content(p) | Change::Template(p) | Change::Static(p) | Change::Strings(p) | Change::Archive(p) => {
                p.display().to_string()
            }
        })
        .collect();
    let more = if changes.len() > 3 { ", …" } else { "" };
    let s = if changes.len() == 1 { "" } else { "s" };
    format!("{} source change{s} ({}{more})", changes.len(), names.join(", "))
}

#[cfg(test)]
#[path = "serve/watch_tests.rs"]
mod tests;
