//! Output paths built only from validated segments.
//!
//! Every file Annals writes is named by a site-relative path such as
//! `reports/2022/duty-report/index.html`, and parts of that path come from
//! people: content file and folder names, `slug`, `topics`, `aliases`,
//! language codes. One hostile or careless part (`..`, `/`, `\`, a newline)
//! would let a page land outside the output folder, replace the home page, or
//! make a snapshot's `MANIFEST.sha256` unverifiable. So there is one rule for a
//! path segment ([`check_segment`]), applied where each part enters the model
//! (naming the file and line), and one type, [`OutPath`], that every writer
//! (disk, memory, snapshot) requires: it can only be made from a path whose
//! every segment passes the rule, so joining it under the output folder can
//! never leave that folder.
//!
//! The same paths appear in URLs: [`encode_path`] percent-encodes a site
//! path for a link. It lives here, beside the rule for what a path may hold,
//! because every stage that writes a link needs it — the Markdown stage
//! (`@/` links), the search documents and the templates — and all of them sit
//! above the output.

use std::fmt;
use std::path::{Path, PathBuf};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Longest segment most file systems accept (bytes).
const MAX_SEGMENT: usize = 255;

/// Why a segment cannot be part of an output path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SegmentError {
    Empty,
    Dot,
    Separator(char),
    Control(char),
    TooLong(usize),
}

impl fmt::Display for SegmentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SegmentError::Empty => write!(f, "it is empty"),
            SegmentError::Dot => write!(f, "`.` and `..` are not names"),
            SegmentError::Separator(c) => write!(f, "it contains the path separator `{}`", c.escape_default()),
            SegmentError::Control(c) => {
                write!(f, "it contains the control character U+{:04X}, which no URL or manifest can hold", *c as u32)
            }
            SegmentError::TooLong(n) => write!(f, "it is {n} bytes long (at most {MAX_SEGMENT})"),
        }
    }
}

/// The rule for one segment of an output path (a file or folder name, a slug,
/// a topic, a language code): not empty, not `.`/`..`, no `/` or `\`, no
/// control character (they cannot be written in a `sha256sum` manifest or a
/// URL), at most 255 bytes. `#`, `?`, `%` and spaces are allowed: URLs are
/// percent-encoded ([`crate::render::urls`]).
pub fn check_segment(seg: &str) -> Result<(), SegmentError> {
    if seg.is_empty() {
        return Err(SegmentError::Empty);
    }
    if seg == "." || seg == ".." {
        return Err(SegmentError::Dot);
    }
    if let Some(c) = seg.chars().find(|&c| c == '/' || c == '\\') {
        return Err(SegmentError::Separator(c));
    }
    if let Some(c) = seg.chars().find(|c| c.is_control()) {
        return Err(SegmentError::Control(c));
    }
    if seg.len() > MAX_SEGMENT {
        return Err(SegmentError::TooLong(seg.len()));
    }
    Ok(())
}

/// A site-relative path whose segments all pass [`check_segment`]; the only
/// way to name a file the writers write.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OutPath(String);

impl OutPath {
    /// Validates a site-relative path with forward slashes (no leading `/`,
    /// no empty segment, so `a//b` is refused too).
    pub fn parse(rel: &str) -> Result<OutPath, PathError> {
        if rel.is_empty() {
            return Err(PathError { path: rel.to_string(), reason: SegmentError::Empty });
        }
        for seg in rel.split('/') {
            check_segment(seg).map_err(|reason| PathError { path: rel.to_string(), reason })?;
        }
        Ok(OutPath(rel.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file under `dir`. Every segment is a plain name, so the result is
    /// inside `dir` (symbolic links inside a folder Annals created are
    /// refused when the folder is reused, see `DiskWriter`).
    pub fn under(&self, dir: &Path) -> PathBuf {
        let mut p = dir.to_path_buf();
        p.extend(self.0.split('/'));
        p
    }
}

/// A path that cannot be written, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    pub path: String,
    pub reason: SegmentError,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "output path `{}` is refused: {}", self.path.escape_debug(), self.reason)
    }
}

/// The output path of an alias (`/old/page/`, `old/page.html`): folder
/// aliases get an `index.html`, as pages do. Refuses anything that is not a
/// plain path inside the site.
pub fn alias_path(alias: &str) -> Result<String, String> {
    let trimmed = alias.trim_start_matches('/');
    let segments: Vec<&str> = trimmed.split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty() {
        return Err(format!("alias `{}` names the site root; aliases must name an old page", alias.escape_debug()));
    }
    for s in &segments {
        check_segment(s)
            .map_err(|e| format!("alias `{}` is not a plain path inside the site: {e}", alias.escape_debug()))?;
    }
    let joined = segments.join("/");
    Ok(if alias.ends_with(".html") || alias.ends_with(".htm") { joined } else { format!("{joined}/") })
}

/// A file system path relative to some folder as a site path: its
/// components joined by `/`, whatever the platform's separator.
pub fn rel_slash(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// ASCII characters that cannot stand for themselves in a URL path: they end
/// the path (`#`, `?`), start an escape (`%`), break an attribute or are not
/// allowed at all. Other characters, Chinese included, are written as they
/// are (HTML takes IRIs; browsers encode them as UTF-8 on request).
const PATH_ESCAPED: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\'')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']');

/// A site path (file names as they are) as a URL path: percent-encodes what
/// `PATH_ESCAPED` lists, keeps `/` and non-ASCII text.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while !rest.is_empty() {
        // percent-encoding escapes every non-ASCII byte; keep those runs as text.
        let ascii_end = rest.find(|c: char| !c.is_ascii()).unwrap_or(rest.len());
        out.extend(utf8_percent_encode(&rest[..ascii_end], PATH_ESCAPED));
        rest = &rest[ascii_end..];
        let text_end = rest.find(|c: char| c.is_ascii()).unwrap_or(rest.len());
        out.push_str(&rest[..text_end]);
        rest = &rest[text_end..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments() {
        for ok in ["a", "a b", "a#b", "a?b", "100%", "．．", "a..b", "...", "垃圾分类", "∕etc"] {
            assert!(check_segment(ok).is_ok(), "{ok}");
        }
        for bad in ["", ".", "..", "a/b", "a\\b", "a\nb", "a\0b", "a\rb", "\u{1b}[31m", "a\u{85}"] {
            assert!(check_segment(bad).is_err(), "{bad:?}");
        }
        assert!(check_segment(&"x".repeat(256)).is_err());
    }

    #[test]
    fn paths() {
        assert!(OutPath::parse("reports/2022/x/index.html").is_ok());
        for bad in ["", "/etc/passwd", "../x", "a/../../x", "a//b", "a/", "a/./b", "C:\\x", "a\nb"] {
            assert!(OutPath::parse(bad).is_err(), "{bad:?}");
        }
        let dir = Path::new("/tmp/out");
        assert_eq!(OutPath::parse("a/b.html").unwrap().under(dir), Path::new("/tmp/out/a/b.html"));
    }

    #[test]
    fn paths_encoded() {
        assert_eq!(encode_path("a b/c#d/e?f/100%/"), "a%20b/c%23d/e%3Ff/100%25/");
        assert_eq!(encode_path("年度报告/x\"y'z/"), "年度报告/x%22y%27z/");
    }

    #[test]
    fn aliases() {
        assert_eq!(alias_path("/old/page/").unwrap(), "old/page/");
        assert_eq!(alias_path("old//page.html").unwrap(), "old/page.html");
        for bad in ["/", "", "../x", "/a/../../b", "a\\b", "a/\n/b", "./"] {
            assert!(alias_path(bad).is_err(), "{bad:?}");
        }
    }
}
