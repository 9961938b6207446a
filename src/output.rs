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
        let parent = dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| SiteError::io(parent, &e))?;
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "output".into());
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let t = crate::build::Timer::new();
        let result = self.write_into(&tmp);
        t.lap("write new");
        if let Err(e) = result {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
        if dir.exists() {
            std::fs::rename(dir, &old).map_err(|e| {
                let _ = std::fs::remove_dir_all(&tmp);
                SiteError::io(dir, &e)
            })?;
        }
        if let Err(e) = std::fs::rename(&tmp, dir) {
            let _ = std::fs::rename(&old, dir);
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(SiteError::io(dir, &e));
        }
        remove_in_background(&old);
        t.lap("swap");
        Ok(())
    }

    /// Writes all files under `dir` (which should not exist yet).
    pub fn write_into(&self, dir: &Path) -> Result<(), SiteError> {
        let mut dirs: Vec<PathBuf> = self
            .files
            .keys()
            .filter_map(|k| Path::new(k).parent().map(|p| dir.join(p)))
            .collect();
        dirs.push(dir.to_path_buf());
        dirs.sort();
        dirs.dedup();
        for d in &dirs {
            std::fs::create_dir_all(d).map_err(|e| SiteError::io(d, &e))?;
        }
        self.files.par_iter().try_for_each(|(rel, bytes)| {
            let path = dir.join(rel);
            std::fs::write(&path, bytes).map_err(|e| SiteError::io(&path, &e))
        })
    }
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
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        normalize(&p)
    };
    let out = abs(output);
    let root_abs = std::fs::canonicalize(root).unwrap_or_else(|_| abs(root));
    let out_canon = canonical_prefix(&out);
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .map(|h| normalize(&h));
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
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
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
