//! The editor's file beside a report: `<slug>.commitments.toml`.
//!
//! Matching is lexical and will be wrong now and then; the editor has the last
//! word. Each `[[commitment]]` names a commitment by a piece of its text
//! (`text = "深化理论武装"`, robust to re-detection, unlike an ordinal) and
//! may confirm the link found, replace it by another passage of the next
//! report (`followup_anchor` = a heading id, `followup_text` = quoted text),
//! set a status with a note, or remove a false commitment. Unknown keys, an
//! unknown status, and a text, anchor or quote that matches nothing are errors
//! naming the file and line, so a stale entry cannot silently stop applying.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::SiteError;
// The loader tells editor files from content by their suffix (`load::is_editor_file`).
use crate::load::EDITOR_FILE_SUFFIX as SUFFIX;

/// What an editor says about a commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Found automatically, not reviewed.
    Found,
    /// Nothing in the next report scored above the threshold.
    NotFound,
    Done,
    Partial,
    NotReported,
    CarriedOver,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Found => "found",
            Status::NotFound => "not-found",
            Status::Done => "done",
            Status::Partial => "partial",
            Status::NotReported => "not-reported",
            Status::CarriedOver => "carried-over",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    commitment: Vec<toml::Spanned<RawEntry>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    text: String,
    #[serde(default)]
    confirm: bool,
    followup_anchor: Option<String>,
    followup_text: Option<String>,
    status: Option<String>,
    note: Option<String>,
    #[serde(default)]
    remove: bool,
}

/// Where the editor places the follow-up instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replacement {
    Anchor(String),
    Quote(String),
}

/// One entry of an editor file.
#[derive(Debug, Clone)]
pub struct Entry {
    pub text: String,
    pub confirm: bool,
    pub replace: Option<Replacement>,
    pub status: Option<Status>,
    pub note: Option<String>,
    pub remove: bool,
    /// Where the entry starts, for messages.
    pub file: PathBuf,
    pub line: usize,
}

impl Entry {
    pub fn error(&self, message: impl Into<String>) -> SiteError {
        SiteError::at(&self.file, self.line, message)
    }
}

/// Editor file of a report's Markdown file (`duty-report.md` → `duty-report.commitments.toml`).
pub fn path_for(report: &Path) -> PathBuf {
    let stem = report.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    report.with_file_name(format!("{stem}{SUFFIX}"))
}

/// Reads an editor file; a missing file is no entries.
pub fn load(abs: &Path, display: &Path) -> Result<Vec<Entry>, SiteError> {
    let text = match std::fs::read_to_string(abs) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(SiteError::io(display, &e)),
    };
    parse(&text, display)
}

/// Parses an editor file's text.
pub fn parse(text: &str, display: &Path) -> Result<Vec<Entry>, SiteError> {
    let line_at = |offset: usize| crate::error::line_of(text, offset);
    let file: File = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_at(s.start));
        SiteError { file: display.to_path_buf(), line, message: e.message().to_string() }
    })?;
    let mut out = Vec::new();
    for spanned in file.commitment {
        let line = line_at(spanned.span().start);
        let raw = spanned.into_inner();
        let err = |m: String| SiteError::at(display, line, m);
        let status = match raw.status.as_deref() {
            None => None,
            Some("done") => Some(Status::Done),
            Some("partial") => Some(Status::Partial),
            Some("not-reported") => Some(Status::NotReported),
            Some("carried-over") => Some(Status::CarriedOver),
            Some(other) => {
                return Err(err(format!("unknown status `{other}` (use done, partial, not-reported or carried-over)")));
            }
        };
        if raw.text.trim().is_empty() {
            return Err(err("`text` is empty: quote a part of the commitment".to_string()));
        }
        let replace = match (raw.followup_anchor, raw.followup_text) {
            (Some(_), Some(_)) => return Err(err("give `followup_anchor` or `followup_text`, not both".to_string())),
            (Some(a), None) => Some(Replacement::Anchor(a.trim_start_matches('#').to_string())),
            (None, Some(t)) => Some(Replacement::Quote(t)),
            (None, None) => None,
        };
        out.push(Entry {
            text: raw.text,
            confirm: raw.confirm,
            replace,
            status,
            note: raw.note,
            remove: raw.remove,
            file: display.to_path_buf(),
            line,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_and_errors_with_lines() {
        let f = Path::new("content/reports/2022/duty-report.commitments.toml");
        let ok = "[[commitment]]\ntext = \"深化理论武装\"\nconfirm = true\n\n[[commitment]]\ntext = \"机关统战\"\nstatus = \"not-reported\"\nnote = \"未提及\"\n";
        let e = parse(ok, f).unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(e[1].line, 5);
        assert_eq!(e[1].status, Some(Status::NotReported));
        let bad = parse("[[commitment]]\ntext = \"x\"\nstatus = \"finished\"\n", f).unwrap_err();
        assert_eq!(bad.line, Some(1));
        assert!(bad.message.contains("finished"));
        let typo = parse("[[commitment]]\ntext = \"x\"\nconfrim = true\n", f).unwrap_err();
        assert_eq!(typo.line, Some(3));
        assert!(typo.message.contains("confrim"), "{}", typo.message);
        assert_eq!(
            path_for(Path::new("content/a/duty-report.md")),
            Path::new("content/a/duty-report.commitments.toml")
        );
    }
}
