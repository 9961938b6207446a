//! Which folder a build may replace.
//!
//! Publishing swaps a whole folder, so a wrong `--output` or `output_dir`
//! would delete whatever that folder held: Markdown sources, snapshots, a home
//! folder. The rule: Annals only ever replaces a folder it created. Every
//! output it writes carries a marker file ([`MARKER`]); an existing, non-empty
//! folder without it is refused, and so is anything that holds the site or
//! the home folder, or lies inside the site's own inputs (`content/`,
//! the archive folder, `static/`, `templates/`, `themes/`, `i18n/`, `.git/`) or is one of its
//! files (`site.toml`) — all decided after resolving symbolic links, so an
//! alias of a protected folder is protected too. The archive folder is named
//! by site.toml; the caller reads it ([`crate::build::output_folder`]), so the
//! output guards do not depend on the configuration.
//!
//! A symbolic link as the output (a common deployment setup:
//! `output -> /srv/www/annals`) is followed, never replaced: the build is
//! published into the link's target, atomically, by the same swap, and the
//! link stays. The target obeys the same rule.

use std::path::{Path, PathBuf};

use crate::error::SiteError;

/// The file in every output Annals builds, saying the folder is Annals's to replace.
pub const MARKER: &str = ".annals-output";

/// What the marker file says, for a person who finds it.
pub const MARKER_TEXT: &str = "This folder was written by `annals build` and is replaced by every build.\n\
Do not keep your own files here: they would be deleted. Annals refuses to\n\
replace a non-empty folder that lacks this file.\n";

/// Folders of the site that hold its inputs; no output may be inside them.
const INPUTS: [&str; 7] = ["content", "static", "templates", "themes", "i18n", ".git", "site.toml"];

/// Checks `output` against the rule for the site at `root`, whose snapshots
/// live in `archive_dir` (relative to `root`), and returns the real folder to
/// publish into (the target of a symbolic link, symlinks in its parents resolved).
pub fn check_output_dir(output: &Path, root: &Path, archive_dir: &Path) -> Result<PathBuf, SiteError> {
    let refuse = |why: String| Err(SiteError::new(output, format!("refusing to build into this folder: {why}")));
    let abs = absolute(output);
    let real = match std::fs::symlink_metadata(&abs) {
        Ok(m) if m.file_type().is_symlink() => match std::fs::canonicalize(&abs) {
            Ok(t) => t,
            Err(e) => {
                return refuse(format!(
                    "it is a symbolic link that does not lead to a folder ({e}); point it at a folder or remove it"
                ));
            }
        },
        _ => canonical_prefix(&abs),
    };
    let root_real = std::fs::canonicalize(root).unwrap_or_else(|_| absolute(root));
    if real.parent().is_none() {
        return refuse("it is the file system root".into());
    }
    if root_real.starts_with(&real) {
        return refuse("it holds the site itself (the site root or one of its ancestors)".into());
    }
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        let home = std::fs::canonicalize(&home).unwrap_or_else(|_| absolute(Path::new(&home)));
        if home.starts_with(&real) {
            return refuse(format!("it holds the home folder {}", home.display()));
        }
    }
    let protected = INPUTS.iter().map(PathBuf::from).chain(std::iter::once(archive_dir.to_path_buf()));
    for name in protected {
        let p = root_real.join(&name);
        let p = std::fs::canonicalize(&p).unwrap_or(p);
        if real.starts_with(&p) {
            return refuse(format!(
                "it is inside {} of the site, which holds your sources; choose a folder of its own such as `output`",
                name.display()
            ));
        }
    }
    match std::fs::symlink_metadata(&real) {
        Ok(m) if !m.is_dir() => refuse(format!("{} exists and is not a folder", real.display())),
        Ok(_) if !is_ours_or_empty(&real) => refuse(format!(
            "{} exists, is not empty and was not created by Annals (it has no {MARKER} file); nothing was changed. \
             Empty or delete it yourself (an output of an older Annals can simply be deleted), or choose another --output",
            real.display()
        )),
        _ => Ok(real),
    }
}

/// Whether a folder carries the marker, or holds nothing at all.
pub fn is_ours_or_empty(dir: &Path) -> bool {
    dir.join(MARKER).is_file() || std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
    normalize(&p)
}

/// Canonicalizes the longest existing prefix of a path (resolving symlinks).
fn canonical_prefix(p: &Path) -> PathBuf {
    let mut existing = p.to_path_buf();
    let mut rest = Vec::new();
    while std::fs::symlink_metadata(&existing).is_err() {
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
        let archive = Path::new("archive");
        std::fs::write(root.join("site.toml"), "title = \"t\"\n").unwrap();
        std::fs::create_dir_all(root.join("content/reports")).unwrap();
        assert!(check_output_dir(root, root, archive).is_err());
        assert!(check_output_dir(root.parent().unwrap(), root, archive).is_err());
        assert!(check_output_dir(Path::new("/"), root, archive).is_err());
        assert!(check_output_dir(&root.join("output"), root, archive).is_ok());
        assert!(check_output_dir(&root.join("output/.."), root, archive).is_err());
        assert!(check_output_dir(&root.join("content"), root, archive).is_err());
        assert!(check_output_dir(&root.join("content/new"), root, archive).is_err());
        assert!(check_output_dir(&root.join("archive"), root, archive).is_err());
        assert!(check_output_dir(&root.join("site.toml"), root, archive).is_err());
        // The archive folder is the one the caller names.
        let elsewhere = Path::new("data/snapshots");
        assert!(check_output_dir(&root.join("data/snapshots/2022"), root, elsewhere).is_err());
        assert!(check_output_dir(&root.join("data/snapshots/2022"), root, archive).is_ok());
        std::fs::create_dir_all(root.join("mine")).unwrap();
        std::fs::write(root.join("mine/notes.txt"), "mine").unwrap();
        let err = check_output_dir(&root.join("mine"), root, archive).unwrap_err().to_string();
        assert!(err.contains("not created by Annals") && err.contains(MARKER), "{err}");
        std::fs::write(root.join("mine").join(MARKER), MARKER_TEXT).unwrap();
        assert!(check_output_dir(&root.join("mine"), root, archive).is_ok());
    }
}
