//! The output of a build: files keyed by site-relative path, written to disk
//! atomically (`annals build`) or kept in memory (`annals serve`).

use std::collections::BTreeMap;

/// Generated files, keyed by site-relative path with forward slashes.
#[derive(Debug, Default, Clone)]
pub struct Output {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    pub fn extend(&mut self, other: Output) {
        self.files.extend(other.files);
    }
}

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::SiteError;

impl Output {
    /// Writes all files into `dir` atomically: into a sibling temporary folder
    /// first, swapped in only when complete. A failed write leaves the
    /// previous contents of `dir` untouched.
    pub fn write_atomic(&self, dir: &Path) -> Result<(), SiteError> {
        let mut writer = DiskWriter::begin(dir, false)?;
        writer.put(self)?;
        writer.finish()
    }
}

/// Writes a build into a temporary folder beside the output, piece by piece
/// as it is rendered (so a large site never sits in memory whole), and swaps
/// it in at [`DiskWriter::finish`]. Dropped unfinished, it leaves the output
/// untouched. The replaced build is kept as `.<name>.spare` and overwritten in
/// place next time: rewriting existing files costs far less than creating
/// twenty thousand new ones and unlinking as many old ones.
pub struct DiskWriter {
    dir: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    spare: PathBuf,
    reused: bool,
    keep_spare: bool,
    written: std::collections::BTreeSet<String>,
    done: bool,
}

impl DiskWriter {
    /// With `keep_spare`, the replaced build is kept for reuse (output
    /// folders); without, it is deleted (snapshots, which live in a folder
    /// under version control).
    pub fn begin(dir: &Path, keep_spare: bool) -> Result<DiskWriter, SiteError> {
        let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| SiteError::io(parent, &e))?;
        let name = dir.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "output".into());
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let spare = parent.join(format!(".{name}.spare"));
        let _ = std::fs::remove_dir_all(&tmp);
        let reused = keep_spare && spare.is_dir() && std::fs::rename(&spare, &tmp).is_ok();
        if !reused {
            std::fs::create_dir_all(&tmp).map_err(|e| SiteError::io(&tmp, &e))?;
        }
        Ok(DiskWriter {
            dir: dir.to_path_buf(),
            tmp,
            old,
            spare,
            reused,
            keep_spare,
            written: Default::default(),
            done: false,
        })
    }

    pub fn put(&mut self, out: &Output) -> Result<(), SiteError> {
        write_files(&self.tmp, &out.files, self.reused)?;
        self.written.extend(out.files.keys().cloned());
        Ok(())
    }

    /// Removes what a reused folder held beyond this build, then swaps it in.
    pub fn finish(mut self) -> Result<(), SiteError> {
        if self.reused {
            let mut dirs = Vec::new();
            for entry in walkdir::WalkDir::new(&self.tmp).min_depth(1).contents_first(true) {
                let entry = entry.map_err(|e| SiteError::new(&self.tmp, e.to_string()))?;
                let rel = crate::load::rel_slash(entry.path().strip_prefix(&self.tmp).unwrap_or(entry.path()));
                if entry.file_type().is_dir() {
                    dirs.push(entry.path().to_path_buf());
                } else if !self.written.contains(&rel) {
                    std::fs::remove_file(entry.path()).map_err(|e| SiteError::io(entry.path(), &e))?;
                }
            }
            for d in dirs {
                let _ = std::fs::remove_dir(d); // kept when not empty
            }
        }
        let had_old = self.dir.exists();
        if had_old {
            std::fs::rename(&self.dir, &self.old).map_err(|e| SiteError::io(&self.dir, &e))?;
        }
        if let Err(e) = std::fs::rename(&self.tmp, &self.dir) {
            let _ = std::fs::rename(&self.old, &self.dir);
            return Err(SiteError::io(&self.dir, &e));
        }
        self.done = true;
        if had_old && !(self.keep_spare && std::fs::rename(&self.old, &self.spare).is_ok()) {
            remove_in_background(&self.old);
        }
        Ok(())
    }
}

impl Drop for DiskWriter {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Writes files under `dir`; with `replace`, whatever stands in the way (a
/// file where a folder must go, a folder where a file must go) is removed.
fn write_files(dir: &Path, files: &BTreeMap<String, Vec<u8>>, replace: bool) -> Result<(), SiteError> {
    let mut dirs: Vec<PathBuf> = files.keys().filter_map(|k| Path::new(k).parent().map(|p| dir.join(p))).collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        if let Err(e) = std::fs::create_dir_all(d) {
            if !replace {
                return Err(SiteError::io(d, &e));
            }
            let mut p = d.as_path();
            while p != dir {
                if p.is_file() {
                    std::fs::remove_file(p).map_err(|e| SiteError::io(p, &e))?;
                }
                p = p.parent().unwrap_or(dir);
            }
            std::fs::create_dir_all(d).map_err(|e| SiteError::io(d, &e))?;
        }
    }
    files.par_iter().try_for_each(|(rel, bytes)| {
        let path = dir.join(rel);
        if replace && path.is_dir() {
            std::fs::remove_dir_all(&path).map_err(|e| SiteError::io(&path, &e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| SiteError::io(&path, &e))
    })
}

/// Deletes the replaced output without making the build wait for it: on a
/// large site unlinking twenty thousand files costs as much as writing them.
/// A detached `rm` finishes the job after we exit; elsewhere, delete inline.
fn remove_in_background(dir: &Path) {
    #[cfg(unix)]
    {
        let spawned = std::process::Command::new("rm")
            .arg("-rf")
            .arg(dir)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if spawned.is_ok() {
            return;
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// Refuses output folders whose replacement would destroy the site or more.
pub fn check_output_dir(output: &Path, root: &Path) -> Result<PathBuf, SiteError> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
        normalize(&p)
    };
    let out = abs(output);
    let root_abs = std::fs::canonicalize(root).unwrap_or_else(|_| abs(root));
    let out_canon = canonical_prefix(&out);
    let home = std::env::var_os("HOME").map(PathBuf::from).map(|h| normalize(&h));
    let bad = out_canon.parent().is_none()
        || root_abs.starts_with(&out_canon)
        || home.as_ref().is_some_and(|h| *h == out_canon);
    if bad {
        return Err(SiteError::new(
            output,
            "refusing to use this folder as output: it is the site root, one of its ancestors, / or the home folder",
        ));
    }
    Ok(out)
}

/// Canonicalizes the longest existing prefix of a path (resolving symlinks).
fn canonical_prefix(p: &Path) -> PathBuf {
    let mut existing = p.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
            (Some(n), Some(parent)) => {
                rest.push(n);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = std::fs::canonicalize(&existing).unwrap_or(existing);
    for n in rest.into_iter().rev() {
        out.push(n);
    }
    out
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_outputs() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(root.parent().unwrap(), root).is_err());
        assert!(check_output_dir(Path::new("/"), root).is_err());
        assert!(check_output_dir(&root.join("output"), root).is_ok());
        assert!(check_output_dir(&root.join("output/.."), root).is_err());
    }
}
