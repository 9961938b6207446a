//! Load: walk `content/` and classify every file.
//!
//! Classification is by file name only, so it is cheap and can be rerun for a
//! single file when `annals serve` sees a change: `_index.md` is a section,
//! `index.md` a page bundle (its folder's other files are its assets), any other
//! `*.md` a page, and `name.<code>.md` the same thing in language `<code>`.
//! An editor's commitments file (`name.commitments.toml`) is neither content
//! nor an asset: the loader leaves it to the commitments stage, which reads it
//! beside its report.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::SiteError;
// Paths relative to content/ are written with `/`, like output paths.
pub use crate::output::path::rel_slash;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Section,
    Page,
    /// `index.md` of a page bundle.
    Bundle,
}

/// One Markdown file of the content tree, read into memory.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, for messages (`content/reports/2022/x.md`).
    pub display: PathBuf,
    /// Path relative to `content/`, with forward slashes.
    pub rel: String,
    pub kind: FileKind,
    /// Translation key: the content path without language suffix and extension
    /// (`reports/2022/duty-report`; `reports/2022` for a section; `` for the home section).
    pub key: String,
    pub lang: String,
    pub text: String,
}

/// A non-Markdown file under `content/`, copied beside the page it belongs to.
#[derive(Debug, Clone)]
pub struct Asset {
    pub path: PathBuf,
    /// Path relative to `content/`, with forward slashes.
    pub rel: String,
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub files: Vec<SourceFile>,
    pub assets: Vec<Asset>,
}

/// Suffix of the editor's commitments file beside a report
/// (`duty-report.commitments.toml`, read by [`crate::commitments::editor`]).
pub const EDITOR_FILE_SUFFIX: &str = ".commitments.toml";

/// Whether a content file is an editor's commitments file: it is input to
/// the commitments stage, never a published asset.
pub fn is_editor_file(rel: &str) -> bool {
    rel.ends_with(EDITOR_FILE_SUFFIX)
}

/// Files that editors leave behind and that are never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with(".#")
        || name.starts_with('#')
        || name == "4913"
}

pub fn load(root: &Path, languages: &[String], default_lang: &str) -> Result<Loaded, Vec<SiteError>> {
    let content = root.join("content");
    let mut loaded = Loaded::default();
    let mut errors = Vec::new();
    let mut markdown = Vec::new();
    if !content.is_dir() {
        return Err(vec![SiteError::new(&content, "content folder not found")]);
    }
    let walker = WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| content.clone());
                errors.push(SiteError::new(path, format!("cannot read: {e}")));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let rel = rel_slash(path.strip_prefix(&content).unwrap_or(path));
        if is_editor_file(&rel) {
            continue;
        }
        if let Err(e) = publishable_name(path.strip_prefix(&content).unwrap_or(path)) {
            errors.push(SiteError::new(path.strip_prefix(root).unwrap_or(path), e));
            continue;
        }
        if !rel.ends_with(".md") {
            loaded.assets.push(Asset { path: path.to_path_buf(), rel });
            continue;
        }
        markdown.push(rel);
    }
    // Read in parallel, in walk order: at 100,000 pages, with the files
    // partly out of the page cache, 3.7 s → 1.7–2.1 s on two cores.
    let read: Vec<Result<SourceFile, SiteError>> =
        markdown.into_par_iter().map(|rel| read_source(root, rel, languages, default_lang)).collect();
    for r in read {
        match r {
            Ok(file) => loaded.files.push(file),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() { Ok(loaded) } else { Err(errors) }
}

/// Reads and classifies one Markdown file of content/ (`rel` is relative to
/// content/, with forward slashes): the load stage for a single file, used by
/// the full walk and by the live rebuild alike.
pub fn read_source(
    root: &Path,
    rel: String,
    languages: &[String],
    default_lang: &str,
) -> Result<SourceFile, SiteError> {
    let display = Path::new("content").join(&rel);
    publishable_name(Path::new(&rel)).map_err(|e| SiteError::new(&display, e))?;
    let path = root.join(&display);
    let (kind, key, lang) = classify(&rel, languages, default_lang).map_err(|msg| SiteError::new(&display, msg))?;
    let text = read_text(&path, &display)?;
    Ok(SourceFile { display, rel, kind, key, lang, text })
}

/// Only the non-Markdown files of content/ (assets), without reading them.
pub fn list_assets(root: &Path) -> Result<Vec<Asset>, Vec<SiteError>> {
    let content = root.join("content");
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let walker = WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker.flatten() {
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && !name.ends_with(".md") && !is_editor_file(&name) {
            let inside = entry.path().strip_prefix(&content).unwrap_or(entry.path());
            if let Err(e) = publishable_name(inside) {
                errors.push(SiteError::new(entry.path().strip_prefix(root).unwrap_or(entry.path()), e));
                continue;
            }
            out.push(Asset { path: entry.path().to_path_buf(), rel: rel_slash(inside) });
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// Every folder and file name of a content path becomes part of a URL and of
/// an output path, so each must pass [`crate::output::path::check_segment`].
/// A name that is not UTF-8 cannot be written in a URL either.
fn publishable_name(rel: &Path) -> Result<(), String> {
    for c in rel.components() {
        let name = c.as_os_str();
        let Some(name) = name.to_str() else {
            return Err(format!(
                "the name `{}` is not valid UTF-8 and cannot be published; rename it",
                name.to_string_lossy()
            ));
        };
        crate::output::path::check_segment(name)
            .map_err(|e| format!("the name `{}` cannot be published: {e}; rename it", name.escape_debug()))?;
    }
    Ok(())
}

/// Reads a file as UTF-8, naming the file and the line of the first invalid byte.
/// Text with NUL bytes is refused: it is UTF-16 without a byte-order mark, or
/// not text at all, and would publish as garbage.
pub fn read_text(path: &Path, display: &Path) -> Result<String, SiteError> {
    let bytes = std::fs::read(path).map_err(|e| SiteError::io(display, &e))?;
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        return Err(SiteError::at(
            display,
            line,
            "file contains NUL bytes: it is not UTF-8 text (UTF-16 without a byte-order mark?); save it as UTF-8, or bring it in with `annals import`",
        ));
    }
    let checked = if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: `from_utf8` has just checked that `bytes` is UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        // Checked again, for the position of the first bad byte.
        String::from_utf8(bytes)
    };
    match checked {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(SiteError::at(display, line, "file is not valid UTF-8 (save it as UTF-8, or use `annals import`)"))
        }
    }
}

/// Splits `reports/2022/duty-report.en.md` into kind, key and language.
pub fn classify(rel: &str, languages: &[String], default_lang: &str) -> Result<(FileKind, String, String), String> {
    let (dir, file) = match rel.rfind('/') {
        Some(i) => (&rel[..i], &rel[i + 1..]),
        None => ("", rel),
    };
    let stem = file.strip_suffix(".md").unwrap_or(file);
    let (name, lang) = match stem.rfind('.') {
        Some(i) if looks_like_lang(&stem[i + 1..]) => {
            let code = &stem[i + 1..];
            if !languages.iter().any(|l| l == code) {
                return Err(format!(
                    "language `{code}` in the file name is not configured in site.toml (add [languages.{code}])"
                ));
            }
            (&stem[..i], code.to_string())
        }
        _ => (stem, default_lang.to_string()),
    };
    if name.is_empty() {
        return Err("file name is empty".to_string());
    }
    let join = |a: &str, b: &str| {
        if a.is_empty() { b.to_string() } else { format!("{a}/{b}") }
    };
    Ok(match name {
        "_index" => (FileKind::Section, dir.to_string(), lang),
        "index" => (FileKind::Bundle, dir.to_string(), lang),
        _ => (FileKind::Page, join(dir, name), lang),
    })
}

fn looks_like_lang(s: &str) -> bool {
    let b = s.as_bytes();
    (b.len() == 2 || b.len() == 3) && b.iter().all(|c| c.is_ascii_lowercase())
        || (s.len() >= 4 && s.len() <= 8 && s.contains('-') && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            && s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && s.split('-').next().is_some_and(|p| p.len() == 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs() -> Vec<String> {
        vec!["zh".into(), "en".into()]
    }

    #[test]
    fn classifies_names() {
        let c = |r| classify(r, &langs(), "zh").unwrap();
        assert_eq!(c("_index.md"), (FileKind::Section, "".into(), "zh".into()));
        assert_eq!(c("reports/_index.en.md"), (FileKind::Section, "reports".into(), "en".into()));
        assert_eq!(c("reports/2022/duty-report.md"), (FileKind::Page, "reports/2022/duty-report".into(), "zh".into()));
        assert_eq!(
            c("reports/2022/duty-report.en.md"),
            (FileKind::Page, "reports/2022/duty-report".into(), "en".into())
        );
        assert_eq!(c("cases/x/index.en.md"), (FileKind::Bundle, "cases/x".into(), "en".into()));
        assert_eq!(c("notes/v1.2.md"), (FileKind::Page, "notes/v1.2".into(), "zh".into()));
    }

    #[test]
    fn unconfigured_language_is_an_error() {
        let err = classify("a.fr.md", &langs(), "zh").unwrap_err();
        assert!(err.contains("fr"));
    }

    #[test]
    fn editor_droppings_ignored() {
        for n in [".x.md.swp", "x.md~", ".#x.md", "4913", "#x.md#"] {
            assert!(is_ignored_name(n), "{n}");
        }
        assert!(!is_ignored_name("x.md"));
    }
}
