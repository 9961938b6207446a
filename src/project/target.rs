//! Where a project's output lives: in memory (`annals serve`) or in the
//! output folder (`build --watch`).
//!
//! A full build goes to either through the render stage's sink: kept whole in
//! memory, or streamed to disk by a [`DiskWriter`] and swapped in atomically.
//! A live rebuild renders what changed into memory first (so a failed one
//! leaves everything as it was) and then merges it here: on disk, each file
//! whose bytes differ is written to a temporary name and renamed over the old
//! one, so a reader never sees half a page, and files that are no longer
//! produced are removed with the folders they leave empty.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::build::{RenderInput, Timer, render};
use crate::error::{BuildError, SiteError};
use crate::output::packed::Packed;
use crate::output::{DiskWriter, Output};
use crate::plan::Plan;

pub(crate) enum Target {
    /// Compressed (see [`Packed`]): a large site's pages fit in a fraction of their size.
    Memory(Packed),
    Disk {
        dir: PathBuf,
        /// Always empty: a project on disk keeps no copy of its output.
        none: Packed,
    },
}

/// What a full build produced.
pub(crate) struct Written {
    /// Paths that changed (memory) or were written (disk).
    pub(crate) changed: Vec<String>,
    pub(crate) files: usize,
    pub(crate) report: crate::build::RenderReport,
}

impl Target {
    pub(crate) fn disk(dir: PathBuf) -> Target {
        Target::Disk { dir, none: Packed::default() }
    }

    pub(crate) fn output(&self) -> &Packed {
        match self {
            Target::Memory(out) => out,
            Target::Disk { none, .. } => none,
        }
    }

    /// Renders everything and puts it in place of the previous output; on
    /// error the previous output is untouched.
    pub(crate) fn replace(
        &mut self,
        input: &RenderInput<'_>,
        plan: &Plan,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Written, BuildError> {
        match self {
            Target::Memory(old) => {
                let mut new = Packed::default();
                let report = render(input, plan, progress, &mut |part: Output| {
                    new.extend(part);
                    Ok(())
                })?;
                let changed = old.diff(&new);
                let files = new.len();
                *old = new;
                Ok(Written { changed, files, report })
            }
            Target::Disk { dir, .. } => {
                let mut writer = DiskWriter::begin(dir, crate::output::Publish::Output)?;
                let mut changed = Vec::new();
                let report = render(input, plan, progress, &mut |part: Output| {
                    changed.extend(part.files.keys().cloned());
                    writer.put(&part).map_err(BuildError::from)
                })?;
                let t = Timer::new();
                writer.finish()?;
                t.lap("swap");
                changed.sort();
                Ok(Written { files: changed.len(), changed, report })
            }
        }
    }

    /// Puts new files in place and drops removed ones; returns the paths that
    /// changed.
    pub(crate) fn merge(&mut self, out: Output, removed: &BTreeSet<String>) -> Result<Vec<String>, BuildError> {
        let mut changed = Vec::new();
        match self {
            Target::Memory(output) => {
                let kept: BTreeSet<&String> = out.files.keys().collect();
                let gone: Vec<String> = removed.iter().filter(|p| !kept.contains(p)).cloned().collect();
                changed = output.extend(out);
                for path in gone {
                    if output.remove(&path) {
                        changed.push(path);
                    }
                }
            }
            Target::Disk { dir, .. } => {
                for (path, bytes) in &out.files {
                    let file = dir.join(path);
                    if std::fs::read(&file).ok().as_deref() != Some(bytes.as_slice()) {
                        replace_file(&file, bytes)?;
                        changed.push(path.clone());
                    }
                }
                for path in removed.iter().filter(|p| !out.files.contains_key(*p)) {
                    let file = dir.join(path);
                    match std::fs::remove_file(&file) {
                        Ok(()) => {
                            changed.push(path.clone());
                            remove_empty_parents(dir, &file);
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(e) => return Err(SiteError::io(&file, &e).into()),
                    }
                }
            }
        }
        Ok(changed)
    }

    /// The bytes of the output file at `path` (site-relative, validated by
    /// the caller); `None` for a folder, a missing file, or anything but
    /// plain path segments.
    pub(crate) fn read(&self, path: &str) -> Option<Vec<u8>> {
        match self {
            Target::Memory(out) => out.get(path),
            Target::Disk { dir, .. } => {
                let file = on_disk(dir, path)?;
                std::fs::symlink_metadata(&file).ok().filter(|m| m.is_file())?;
                std::fs::read(file).ok()
            }
        }
    }

    /// Whether the output has a file at `path`.
    pub(crate) fn contains(&self, path: &str) -> bool {
        match self {
            Target::Memory(out) => out.contains(path),
            Target::Disk { dir, .. } => on_disk(dir, path).is_some_and(|f| f.is_file()),
        }
    }

    /// Output paths under `prefix` (`search/`).
    pub(crate) fn files_under(&self, prefix: &str) -> BTreeSet<String> {
        match self {
            Target::Memory(output) => output.paths().filter(|k| k.starts_with(prefix)).cloned().collect(),
            Target::Disk { dir, .. } => walkdir::WalkDir::new(dir.join(prefix))
                .into_iter()
                .flatten()
                .filter(|e| e.file_type().is_file())
                .map(|e| crate::load::rel_slash(e.path().strip_prefix(dir.as_path()).unwrap_or(e.path())))
                .collect(),
        }
    }
}

/// Where the output file `path` lies under `dir`: only plain segments, and
/// never the output marker, which is not part of the site.
fn on_disk(dir: &Path, path: &str) -> Option<PathBuf> {
    let rel = Path::new(path);
    let plain = rel.components().all(|c| matches!(c, std::path::Component::Normal(_)));
    (plain && path != crate::output::MARKER).then(|| dir.join(rel))
}

/// Writes `bytes` to a temporary file beside `file` and renames it over it.
fn replace_file(file: &Path, bytes: &[u8]) -> Result<(), SiteError> {
    // After Ctrl-C/SIGTERM nothing more is written: the handler may be
    // removing the folder (`annals serve`'s private one), and creating the
    // parents below would bring it back.
    if crate::output::cleanup::stopping() {
        return Err(SiteError::new(file, "interrupted: not written"));
    }
    let parent = file.parent().unwrap_or(Path::new("."));
    if parent.is_file() {
        std::fs::remove_file(parent).map_err(|e| SiteError::io(parent, &e))?;
    }
    std::fs::create_dir_all(parent).map_err(|e| SiteError::io(parent, &e))?;
    if file.is_dir() {
        std::fs::remove_dir_all(file).map_err(|e| SiteError::io(file, &e))?;
    }
    let name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| SiteError::io(&tmp, &e))?;
    std::fs::rename(&tmp, file).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        SiteError::io(file, &e)
    })
}

/// Removes the folders between `file` and `dir` that are now empty.
fn remove_empty_parents(dir: &Path, file: &Path) {
    let mut cur = file.parent();
    while let Some(d) = cur {
        if d == dir || !d.starts_with(dir) || std::fs::remove_dir(d).is_err() {
            break;
        }
        cur = d.parent();
    }
}
