//! Errors that point at the user's files.
//!
//! Every problem a user can cause is reported as a [`SiteError`] naming the file
//! and, where the parser knows it, the line. `annals serve` shows the same
//! structured error in the browser overlay, so it is data, not just a string.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in one input file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct SiteError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl SiteError {
    pub fn new(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        SiteError { file: file.as_ref().to_path_buf(), line: None, message: message.into() }
    }

    pub fn at(file: impl AsRef<Path>, line: usize, message: impl Into<String>) -> Self {
        SiteError { file: file.as_ref().to_path_buf(), line: Some(line), message: message.into() }
    }

    pub fn io(file: impl AsRef<Path>, err: &std::io::Error) -> Self {
        SiteError::new(file, err.to_string())
    }
}

impl fmt::Display for SiteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file.display(), line, self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

impl std::error::Error for SiteError {}

/// All problems found by one build, sorted so the report is deterministic.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BuildError {
    pub errors: Vec<SiteError>,
}

impl BuildError {
    pub fn one(err: SiteError) -> Self {
        BuildError { errors: vec![err] }
    }

    pub fn many(mut errors: Vec<SiteError>) -> Self {
        errors.sort();
        errors.dedup();
        BuildError { errors }
    }
}

impl From<SiteError> for BuildError {
    fn from(err: SiteError) -> Self {
        BuildError::one(err)
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}

/// 1-based line number of a byte offset in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Line numbers of many offsets in one text, in linear time overall: it
/// resumes from the last offset asked when offsets come in increasing order
/// (as a parser's do), and counts from the top only when they go back.
pub(crate) struct LineCounter<'a> {
    text: &'a [u8],
    /// (offset, line at that offset) of the last answer.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineCounter<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        LineCounter { text: text.as_bytes(), last: std::cell::Cell::new((0, 1)) }
    }

    /// 1-based line of a byte offset (same as [`line_of`]).
    pub(crate) fn line(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        let (mut from, mut line) = self.last.get();
        if end < from {
            (from, line) = (0, 1);
        }
        line += self.text[from..end].iter().filter(|&&b| b == b'\n').count();
        self.last.set((end, line));
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_matches_line_of() {
        let text = "a\nbb\n\nccc\nd";
        let c = LineCounter::new(text);
        for offset in [0, 1, 2, 5, 6, 7, 3, 12, 100, 0, 9] {
            assert_eq!(c.line(offset), line_of(text, offset), "{offset}");
        }
    }
}
