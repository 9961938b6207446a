//! Yearly snapshots under `archive/<year>/`, published byte for byte.
//!
//! A snapshot is a frozen, self-contained copy of the site; `annals build`
//! never changes it, only copies it to `output/archive/<year>/` and lists it.

use std::path::Path;

use walkdir::WalkDir;

use crate::config::SiteConfig;
use crate::error::{BuildError, SiteError};
use crate::load::rel_slash;
use crate::output::Output;
use crate::render::PublishedSnapshot;

pub const MANIFEST: &str = "MANIFEST.sha256";
pub const INFO: &str = "snapshot.toml";

/// Snapshots present in the site's archive folder, oldest first.
pub fn published_snapshots(root: &Path, config: &SiteConfig) -> Vec<PublishedSnapshot> {
    let dir = root.join(&config.archive_dir);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let Ok(year) = name.parse::<i32>() else {
            continue;
        };
        let manifest = e.path().join(MANIFEST);
        let Ok(text) = std::fs::read_to_string(&manifest) else {
            continue;
        };
        let files = text.lines().filter(|l| !l.trim().is_empty()).count();
        let date = std::fs::read_to_string(e.path().join(INFO))
            .ok()
            .and_then(|t| t.parse::<toml::Table>().ok())
            .and_then(|t| t.get("date").and_then(|d| d.as_str().map(str::to_string)))
            .unwrap_or_default();
        out.push(PublishedSnapshot { year, date, files });
    }
    out.sort();
    out
}

/// Copies every snapshot into the output under `archive/<year>/`.
pub fn publish_snapshots(root: &Path, config: &SiteConfig, output: &mut Output) -> Result<(), BuildError> {
    let dir = root.join(&config.archive_dir);
    for PublishedSnapshot { year, .. } in published_snapshots(root, config) {
        let base = dir.join(year.to_string());
        for entry in WalkDir::new(&base).sort_by_file_name() {
            let entry = entry.map_err(|e| SiteError::new(&base, e.to_string()))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = rel_slash(entry.path().strip_prefix(&base).unwrap_or(entry.path()));
            let bytes = std::fs::read(entry.path()).map_err(|e| SiteError::io(entry.path(), &e))?;
            output.insert(format!("archive/{year}/{rel}"), bytes);
        }
    }
    Ok(())
}
