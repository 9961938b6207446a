//! Writing the built-in theme into a site (`annals theme eject`).
//!
//! A site customises the theme by having its own `templates/`, `static/` and
//! `i18n/`, which override the theme file by file (see `render/theme.rs`).
//! Ejecting writes the built-in files there as a starting point. It never
//! overwrites: a file the site already has may be someone's edit, so it is
//! skipped and listed instead.

use std::path::Path;

use crate::config::CONFIG_FILE;
use crate::error::SiteError;
use crate::load::rel_slash;
use crate::render::theme::DEFAULT_THEME;

#[derive(Debug, Default)]
pub struct EjectReport {
    /// Site-relative paths written.
    pub written: Vec<String>,
    /// Site-relative paths that existed and were left alone.
    pub skipped: Vec<String>,
}

/// Writes the default theme's templates, static files and strings into `root`.
pub fn eject_theme(root: &Path) -> Result<EjectReport, SiteError> {
    if !root.join(CONFIG_FILE).is_file() {
        return Err(SiteError::new(
            root.join(CONFIG_FILE),
            "not a site: no site.toml here (run `annals theme eject` in a site made by `annals init`, or pass --root)",
        ));
    }
    let mut files = Vec::new();
    let mut stack = vec![&DEFAULT_THEME];
    while let Some(d) = stack.pop() {
        for f in d.files() {
            files.push((rel_slash(f.path()), f.contents()));
        }
        stack.extend(d.dirs());
    }
    files.sort();
    let mut report = EjectReport::default();
    for (rel, bytes) in files {
        if !["templates/", "static/", "i18n/"].iter().any(|p| rel.starts_with(p)) {
            continue;
        }
        let path = root.join(&rel);
        if path.exists() {
            report.skipped.push(rel);
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| SiteError::io(parent, &e))?;
        }
        // create_new: a file appearing meanwhile is still never overwritten.
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, bytes));
        match written {
            Ok(()) => report.written.push(rel),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => report.skipped.push(rel),
            Err(e) => return Err(SiteError::io(&path, &e)),
        }
    }
    Ok(report)
}
