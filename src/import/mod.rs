//! Import of official documents delivered as plain text.
//!
//! Accountability reports are published as Word files, PDFs or web pages and
//! reach editors as copy-pasted plain text: no markup, an unknown encoding,
//! structure expressed only through GB/T 9704 numbering (`一、`, `（一）`,
//! `1.`, `（1）`), figures and names masked with `*`/`×`/`X`. `annals import`
//! turns such text into a page the rest of the pipeline can use — Markdown
//! with TOML front matter — so editors only review instead of retyping.
//!
//! The work is split so each step can be tested on its own:
//!
//! * [`decode`] — bytes → text (BOMs, UTF-8, GB18030; binary rejected);
//! * `normalize` — line endings, indentation, scraping noise → logical lines;
//! * `meta` — title, closing signature/date, year, slug, summary;
//! * `classify` — which lines are headings, and of which marker type;
//! * `outline` — heading levels from the order of marker types;
//! * `runin` — `一是…。二是…。` enumerations inside paragraphs;
//! * `escape` — keeping literal text (masks!) literal in Markdown;
//! * `convert` — assembling blocks and front matter.
//!
//! [`convert`] is pure: no I/O, deterministic, never panics on any input
//! (there is a property test for that), so `annals import`, tests and other
//! tools can share it.

mod classify;
mod convert;
mod decode;
pub mod docx;
mod escape;
mod meta;
mod normalize;
mod outline;
mod page;
mod runin;
mod write;

pub use convert::convert_named;
pub use decode::decode;
pub use docx::{Asset, DocxImport, convert_docx};
pub use write::Transaction;

use std::path::PathBuf;

/// Errors of the importer. Errors about a file name it; errors of the pure
/// conversion are wrapped with the file name by the caller (`annals import`).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}: not a text file: {reason}; nothing was imported", file.display())]
    NotText { file: PathBuf, reason: String },
    #[error("not a readable Word document: {0}; nothing was imported")]
    NotDocx(String),
    #[error("no text to import (the document is empty after cleaning)")]
    Empty,
    #[error("invalid option: {0}")]
    InvalidOption(String),
}

/// Options for [`convert`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// Overrides the year found in the document.
    pub year: Option<i32>,
    /// Language of the document (`zh`, `en`); `zh` is the site's default.
    pub lang: String,
    /// `Report` or `Case`.
    pub kind: crate::parse::PageKind,
    /// Overrides the derived slug.
    pub slug: Option<String>,
    /// `(keyword, topic slug)` pairs; a topic is tagged when its keyword occurs.
    pub topics: Vec<(String, String)>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            year: None,
            lang: "zh".into(),
            kind: crate::parse::PageKind::Report,
            slug: None,
            topics: Vec::new(),
        }
    }
}

/// The result of converting one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub title: String,
    pub year: Option<i32>,
    /// `YYYY-MM-DD`, from the closing date.
    pub date: Option<String>,
    /// Topic slugs whose keywords occur in the text.
    pub topics: Vec<String>,
    /// The full page: `+++` TOML front matter, then the Markdown body.
    pub markdown: String,
    pub slug: String,
    /// Things a human should check (derived title, missing year, …).
    pub warnings: Vec<String>,
}

/// Converts plain text to a Markdown page. Equivalent to
/// [`convert_named`] without a source file name (no `imported_from`, slug
/// not derived from a file stem).
pub fn convert(text: &str, opts: &ImportOptions) -> Result<Imported, ImportError> {
    convert_named(text, opts, None)
}
